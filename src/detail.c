#include "config.h"

/* detail.c: the figures of a contract's page (detail.h).  Every £SV is a
 * line's or a commitment's own value by the board reports' rule
 * (report_line_sv, sv_value), and every total their sum in C with
 * overflow an error (money_add), so that the page agrees with the reports
 * to the penny. */

#include <stdint.h>

#include "svdesk/detail.h"
#include "svdesk/report.h"

static int too_big(const detail_commitment *c, sv_err *err)
{
	return sv_err_set(err, "commitment %s of %d: a figure is too large to add up",
			  c->code, c->year);
}

static int qty_add(sv_qty *acc, sv_qty add)
{
	return money_add(acc, add);
}

int detail_figures(detail_commitment *cms, size_t ncm, detail_line *lines, size_t nl,
		   detail_totals *tot, sv_err *err)
{
	detail_totals t = { 0, 0, 0, 0 };

	for (size_t i = 0; i < ncm; i++) {
		detail_commitment *c = &cms[i];

		c->committed = c->delivered = c->validated = 0;
		c->q_delivered = c->q_validated = 0;
		c->lines = 0;
		if (c->has_proxy && sv_value(c->target, c->proxy, &c->committed) != 0)
			return too_big(c, err);
		for (size_t j = 0; j < nl; j++) {
			detail_line *l = &lines[j];

			if (l->commitment_id != c->id)
				continue;
			if (report_line_sv(c->has_proxy, c->proxy, l->delivered, l->status,
					   l->has_validated, l->validated, &l->sv_delivered,
					   &l->sv_validated) != 0)
				return too_big(c, err);
			if (money_add(&c->delivered, l->sv_delivered) != 0 ||
			    money_add(&c->validated, l->sv_validated) != 0 ||
			    qty_add(&c->q_delivered, l->delivered) != 0 ||
			    (l->status == ST_VALIDATED && l->has_validated &&
			     qty_add(&c->q_validated, l->validated) != 0))
				return too_big(c, err);
			c->lines++;
		}
		if (money_add(&t.committed, c->committed) != 0 ||
		    money_add(&t.delivered, c->delivered) != 0 ||
		    money_add(&t.validated, c->validated) != 0)
			return too_big(c, err);
		t.lines += c->lines;
	}
	if (tot != NULL)
		*tot = t;
	return 0;
}

__extension__ typedef __int128 wide;

int64_t detail_percent(int64_t part, int64_t whole)
{
	wide p;

	if (whole <= 0)
		return -1;
	/* |part| < 2^63, x 1000 < 2^73: fits */
	p = (wide)part * 1000 / whole;
	return p > INT64_MAX ? INT64_MAX : p < INT64_MIN ? INT64_MIN : (int64_t)p;
}
