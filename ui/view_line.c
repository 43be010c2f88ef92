/* view_line.c: a return line's detail (Enter on a line of a contract's page
 * or a commitment's): what was delivered and its £SV at the commitment's
 * proxy, the status and who decided it, the evidence wrapped to the
 * screen's width, and the history of decisions (table decision), oldest
 * first.  The page scrolls; the decisions on a line will be taken here. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/detail.h"

#include "page.h"

#define LABEL_W 19

struct line_page {
	struct tui *t;
	detail_line l;
	detail_commitment cm;
	detail_contract c;
	detail_decision *dec;
	size_t ndec;
	char problem[1024];
	struct page page;
	int built_for;
};

static void field(struct page *p, const char *label, const char *value)
{
	int i = page_add(p, ROLE_NORMAL, 0, 0);

	page_cell(p, i, 0, LABEL_W, ALIGN_LEFT, label);
	page_cell(p, i, LABEL_W + 1, -1, ALIGN_LEFT, value);
}

static void build(struct line_page *c, struct tui *t)
{
	struct page *p = &c->page;
	const detail_line *l = &c->l;
	const detail_commitment *cm = &c->cm;
	char buf[600], a[48], b[48], qn[16];
	sv_quarter sq = { cm->year, l->quarter };
	int i;

	page_clear(p);
	quarter_format(sq, ' ', qn);
	i = page_add(p, ROLE_HEADER, 0, 0);
	snprintf(buf, sizeof buf, "%s %s %s  return line", c->c.ref, cm->code, qn);
	page_cell(p, i, 0, -1, ALIGN_LEFT, buf);
	snprintf(buf, sizeof buf, "%s  %s", c->c.ref, c->c.title);
	field(p, "Contract", buf);
	field(p, "Supplier", c->c.supplier);
	snprintf(buf, sizeof buf, "%s  %s", cm->code, cm->measure_title);
	field(p, "Measure", buf);
	field(p, "Quarter", qn);
	snprintf(buf, sizeof buf, "%s %s", qty_format(l->delivered, 1, a, sizeof a), cm->unit);
	field(p, "Delivered", buf);
	if (cm->has_proxy) {
		char pr[32];

		snprintf(buf, sizeof buf, "%s (at %s%s a unit%s)",
			 money_format(l->sv_delivered, t->money, b, sizeof b),
			 t->money == MONEY_POUND ? "£" : "GBP ", proxy_format(cm->proxy, pr, sizeof pr),
			 cm->set_illustrative ? ", illustrative" : "");
	} else {
		snprintf(buf, sizeof buf, "- (record only)");
	}
	field(p, "£SV", buf);
	field(p, "Status", status_name(l->status));
	if (l->has_validated) {
		snprintf(buf, sizeof buf, "%s %s%s%s", qty_format(l->validated, 1, a, sizeof a),
			 cm->unit, cm->has_proxy ? " = " : "",
			 cm->has_proxy ? money_format(l->sv_validated, t->money, b, sizeof b) : "");
		field(p, "Validated", buf);
	}
	if (l->validated_by[0] != '\0') {
		snprintf(buf, sizeof buf, "%s, %s UTC", l->validated_by,
			 page_stamp(l->validated_at, a, sizeof a));
		field(p, "Decided by", buf);
	}
	if (l->reason != NULL)
		field(p, "Reason", l->reason);
	field(p, "Submitted", l->submitted[0] != '\0' ? page_date(l->submitted, a, sizeof a)
						    : "not recorded");
	snprintf(buf, sizeof buf, "%lld", (long long)l->version);
	field(p, "Version", buf);
	if (c->problem[0] != '\0')
		page_text(p, ROLE_ERROR, 0, c->problem);

	page_blank(p);
	page_text(p, ROLE_HEADER, 0, "Evidence");
	if (l->evidence == NULL || l->evidence[0] == '\0')
		page_text(p, ROLE_DIM, 2, "none given");
	else
		page_wrap(p, ROLE_NORMAL, 2, t->cols - 3, l->evidence);

	page_blank(p);
	snprintf(buf, sizeof buf, "Decisions (%zu, oldest first)", c->ndec);
	page_text(p, ROLE_HEADER, 0, buf);
	if (c->ndec == 0)
		page_text(p, ROLE_DIM, 2, "none yet");
	for (size_t k = 0; k < c->ndec; k++) {
		const detail_decision *d = &c->dec[k];
		char what[300];

		if (d->has_validated)
			snprintf(what, sizeof what, "%s %s %s by %s (%s)", status_name(d->status),
				 qty_format(d->validated, 1, a, sizeof a), cm->unit, d->by, d->origin);
		else
			snprintf(what, sizeof what, "%s by %s (%s)", status_name(d->status), d->by,
				 d->origin);
		i = page_add(p, ROLE_NORMAL, 0, 0);
		page_cell(p, i, 2, 16, ALIGN_LEFT, page_stamp(d->at, b, sizeof b));
		page_cell(p, i, 19, -1, ALIGN_LEFT, what);
		if (d->reason != NULL)
			page_wrap(p, ROLE_DIM, 19, t->cols - 20, d->reason);
	}
	if (p->nomem)
		ui_status(t, 1, "out of memory: the page is incomplete");
	page_select(p, 0, 0);
	c->built_for = t->cols;
}

static void line_draw(struct view *v, struct tui *t, int y0, int h)
{
	struct line_page *c = v->priv;

	if (c->built_for != t->cols)
		build(c, t);
	c->page.height = h;
	page_draw(&c->page, t, y0, h);
}

static int line_act(struct view *v, struct tui *t, enum action_id a)
{
	struct line_page *c = v->priv;

	(void)t;
	return page_move(&c->page, a);
}

static void line_resize(struct view *v, struct tui *t, int h)
{
	struct line_page *c = v->priv;

	c->page.height = h;
	if (c->built_for != t->cols)
		build(c, t);
	page_move(&c->page, ACT_NONE);
}

static void line_position(struct view *v, char *buf, size_t n)
{
	struct line_page *c = v->priv;

	page_position(&c->page, buf, n);
}

static void line_title(struct view *v, char *buf, size_t n)
{
	struct line_page *c = v->priv;

	/* the page's first line gives the year */
	snprintf(buf, n, "line %s %s Q%d", c->c.ref, c->cm.code, c->l.quarter);
}

static void line_close(struct view *v)
{
	struct line_page *c = v->priv;

	detail_line_free(&c->l);
	detail_commitments_free(&c->cm, 1);
	detail_contract_free(&c->c);
	detail_decisions_free(c->dec, c->ndec);
	page_free(&c->page);
	free(c);
	free(v);
}

static const struct view_ops line_ops = {
	.name = "line",
	.contexts = CTX_GLOBAL | CTX_MOVE,
	.draw = line_draw,
	.act = line_act,
	.resize = line_resize,
	.position = line_position,
	.close = line_close,
	.title = line_title,
};

struct view *view_line_new(struct tui *t, int64_t line_id, sv_err *err)
{
	struct view *v = calloc(1, sizeof *v);
	struct line_page *c = calloc(1, sizeof *c);
	svdb *db = t->o->db;
	int began = 0, rc;

	if (v == NULL || c == NULL) {
		free(v);
		free(c);
		sv_err_set(err, "out of memory");
		return NULL;
	}
	c->t = t;
	c->page.sel = -1;
	if (db_snapshot_begin(db, &began, err) < 0)
		goto fail;
	rc = detail_line_get(db, line_id, &c->l, err);
	if (rc > 0)
		rc = detail_commitment_get(db, c->l.commitment_id, &c->cm, err);
	if (rc > 0)
		rc = detail_contract_get(db, c->cm.contract_id, &c->c, err);
	if (rc > 0)
		rc = detail_decisions(db, line_id, &c->dec, &c->ndec, err) < 0 ? -1 : 1;
	db_snapshot_end(db, began);
	if (rc == 0)
		sv_err_set(err, "the return line is no longer in the database");
	if (rc <= 0)
		goto fail;
	{
		sv_err ferr = { 0 };

		if (detail_figures(&c->cm, 1, &c->l, 1, NULL, &ferr) < 0)
			snprintf(c->problem, sizeof c->problem, "%s", ferr.msg);
	}
	v->ops = &line_ops;
	v->priv = c;
	return v;
fail:
	detail_line_free(&c->l);
	detail_commitments_free(&c->cm, 1);
	detail_contract_free(&c->c);
	detail_decisions_free(c->dec, c->ndec);
	free(c);
	free(v);
	return NULL;
}
