#include "config.h"

/* policy.c: the force's procurement policy rules (see policy.h). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/policy.h"
#include "svdesk/queue.h"

#define PAGE 256

int policy_over_threshold(const sv_config *cfg, sv_pence value)
{
	return value > cfg->threshold;
}

int policy_is_exception(const sv_config *cfg, sv_pence value, int sv_weight)
{
	return policy_over_threshold(cfg, value) && sv_weight < cfg->min_weighting;
}

const char *policy_kind_label(enum policy_kind k)
{
	switch (k) {
	case POLICY_EXCEPTION: return "policy exceptions";
	case POLICY_OUTSIDE: return "commitments outside their contract's dates";
	case POLICY_OVERDUE: return "overdue returns";
	case POLICY_QUERY: return "lines in query for more than 30 days";
	case POLICY_UNANSWERED: return "contracts above the threshold without a living-wage "
		"or modern slavery answer";
	case POLICY_KINDS: break;
	}
	return "?";
}

struct walk {
	const sv_config *cfg;
	enum money_style style;
	policy_finding_fn fn;
	void *ctx;
	int *counts;
	enum policy_kind kind;
	sv_quarter q;          /* overdue: the quarter under way */
	long age;              /* overdue: days since it ended */
	char ended[11];
	char msg[2048];
};

static void report(struct walk *w)
{
	w->counts[w->kind]++;
	if (w->fn != NULL)
		w->fn(w->ctx, w->kind, w->msg);
}

static int exceptions(svdb *db, struct walk *w, sv_err *err)
{
	db_contract_row *rows = malloc(PAGE * sizeof *rows);
	char after_ref[sizeof rows[0].ref] = "", v[48], t[48], wt[16], m[16];
	int64_t after_id = 0;
	int n, i, first = 1;

	if (rows == NULL)
		return sv_err_set(err, "out of memory");
	money_format(w->cfg->threshold, w->style, t, sizeof t);
	percent_format(w->cfg->min_weighting, m, sizeof m);
	do {
		n = db_contracts_page(db, first ? NULL : after_ref, after_id, 1, rows, PAGE, err);
		if (n < 0) {
			free(rows);
			return -1;
		}
		for (i = 0; i < n; i++) {
			const db_contract_row *c = &rows[i];

			if (!policy_is_exception(w->cfg, c->value, c->sv_weight))
				continue;
			money_format(c->value, w->style, v, sizeof v);
			percent_format(c->sv_weight, wt, sizeof wt);
			snprintf(w->msg, sizeof w->msg, "contract %s (%s, %s): value %s is above the "
				 "threshold %s and its social value weighting %s%% is below %s%% "
				 "(a policy exception)", c->ref, c->supplier, body_name(c->body), v, t,
				 wt, m);
			report(w);
		}
		if (n > 0) {
			snprintf(after_ref, sizeof after_ref, "%s", rows[n - 1].ref);
			after_id = rows[n - 1].id;
		}
		first = 0;
	} while (n == PAGE);
	free(rows);
	return 0;
}

static int outside_row(void *ctx, const db_policy_rec *r)
{
	struct walk *w = ctx;
	char fy[8];

	snprintf(w->msg, sizeof w->msg, "contract %s (%s, %s): the commitment to %s for %s is "
		 "outside the contract's dates %s to %s (a commitment outside its contract's "
		 "dates)", r->ref, r->supplier, r->body, r->code, fy_format(r->year, fy),
		 r->start, r->end);
	report(w);
	return 0;
}

/* The rule of a missing return is db/queue.c's (queue_missing_each); a
 * quarter is overdue once it ended more than POLICY_DAYS ago. */
static int overdue_row(void *ctx, const queue_missing_rec *r)
{
	struct walk *w = ctx;
	char q[11];

	snprintf(w->msg, sizeof w->msg, "contract %s (%s, %s): the return for %s is overdue: "
		 "the quarter ended %s (%ld days ago) and %d of the %d measures committed have "
		 "no line (%s) (an overdue return)", r->ref, r->supplier, r->body,
		 quarter_format(w->q, ' ', q), w->ended, w->age, r->missing, r->expected,
		 r->measures);
	report(w);
	return 0;
}

static int overdue(svdb *db, struct walk *w, sv_date today, sv_err *err)
{
	int first, last, fy, k = db_commitment_years(db, &first, &last, err);

	if (k <= 0)
		return k;
	for (fy = first; fy <= last; fy++) {
		int qn;

		for (qn = 1; qn <= 4; qn++) {
			queue_mquery m;
			sv_date from, to;

			w->q.fy = fy;
			w->q.q = qn;
			quarter_range(w->q, &from, &to);
			w->age = date_to_days(today) - date_to_days(to);
			if (w->age <= POLICY_DAYS)
				return 0;
			date_format_iso(to, w->ended);
			memset(&m, 0, sizeof m);
			m.fy = fy;
			m.quarter = qn;
			m.incomplete = 1;
			m.body = -1;
			if (queue_missing_each(db, &m, overdue_row, w, err) != 0)
				return -1;
		}
	}
	return 0;
}

static int query_row(void *ctx, const db_policy_rec *r)
{
	struct walk *w = ctx;
	sv_quarter q;
	char qs[11];

	q.fy = r->year;
	q.q = r->quarter;
	snprintf(w->msg, sizeof w->msg, "contract %s (%s, %s): line %lld (%s, %s) has been in "
		 "query since %.10s (by %s) (a line in query for more than %d days)", r->ref,
		 r->supplier, r->body, (long long)r->line_id, r->code, quarter_format(q, ' ', qs),
		 r->since, r->by, POLICY_DAYS);
	report(w);
	return 0;
}

static int unanswered_row(void *ctx, const db_policy_rec *r)
{
	struct walk *w = ctx;
	char v[48], t[48];

	if (!policy_over_threshold(w->cfg, r->value))
		return 0;
	money_format(r->value, w->style, v, sizeof v);
	money_format(w->cfg->threshold, w->style, t, sizeof t);
	snprintf(w->msg, sizeof w->msg, "contract %s (%s, %s): value %s is above the threshold "
		 "%s and it has %s (a contract without a policy answer)", r->ref, r->supplier,
		 r->body, v, t, r->living_wage == NULL && r->modern_slavery == NULL
		 ? "no Real Living Wage answer and no modern slavery answer"
		 : r->living_wage == NULL ? "no Real Living Wage answer"
		 : "no modern slavery answer");
	report(w);
	return 0;
}

int policy_check(svdb *db, const sv_config *cfg, enum money_style style, sv_date today,
		 policy_finding_fn fn, void *ctx, int counts[POLICY_KINDS], sv_err *err)
{
	struct walk *w = calloc(1, sizeof *w);
	char before[11];
	int k, found = 0;

	if (w == NULL)
		return sv_err_set(err, "out of memory");
	for (k = 0; k < POLICY_KINDS; k++)
		counts[k] = 0;
	w->cfg = cfg;
	w->style = style;
	w->fn = fn;
	w->ctx = ctx;
	w->counts = counts;
	w->kind = POLICY_EXCEPTION;
	if (exceptions(db, w, err) != 0)
		goto fail;
	w->kind = POLICY_OUTSIDE;
	if (db_policy_outside_dates(db, outside_row, w, err) != 0)
		goto fail;
	w->kind = POLICY_OVERDUE;
	if (overdue(db, w, today, err) != 0)
		goto fail;
	/* in query more than POLICY_DAYS: decided before today - POLICY_DAYS */
	w->kind = POLICY_QUERY;
	date_format_iso(date_add_days(today, -POLICY_DAYS), before);
	if (db_policy_in_query(db, before, query_row, w, err) != 0)
		goto fail;
	w->kind = POLICY_UNANSWERED;
	if (db_policy_unanswered(db, unanswered_row, w, err) != 0)
		goto fail;
	free(w);
	for (k = 0; k < POLICY_KINDS; k++)
		found += counts[k];
	return found;
fail:
	free(w);
	return -1;
}
