/* view_commitment.c: a commitment's detail (Enter on a commitment of a
 * contract's page): its measure, year, target, proxy and set, committed
 * £SV, and its return lines by quarter with their £SV at its proxy; Enter
 * on a line opens it. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/detail.h"
#include "svdesk/report.h"

#include "page.h"

#define LABEL_W 19

struct commitment_page {
	struct tui *t;
	detail_commitment cm;
	detail_contract c;
	detail_line *lines;
	size_t nl;
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

static void money_field(struct page *p, struct tui *t, const char *label, int has_proxy,
			sv_qty q, const char *unit, sv_pence v)
{
	char buf[160], a[48], b[48];

	if (has_proxy)
		snprintf(buf, sizeof buf, "%s %s = %s", qty_format(q, 1, a, sizeof a), unit,
			 money_format(v, t->money, b, sizeof b));
	else
		snprintf(buf, sizeof buf, "%s %s", qty_format(q, 1, a, sizeof a), unit);
	field(p, label, buf);
}

static void build(struct commitment_page *c, struct tui *t)
{
	struct page *p = &c->page;
	const detail_commitment *cm = &c->cm;
	const struct page_line *sel = page_selected(p);
	int kind = sel != NULL ? sel->kind : 0;
	int64_t id = sel != NULL ? sel->id : 0;
	char buf[600], a[48], b[48], fy[8];
	sv_date today = t->o->now.date, start, end;
	int have_dates = date_parse(c->c.start, &start, NULL) == 0 &&
			 date_parse(c->c.end, &end, NULL) == 0;
	sv_pence maxv = 0;
	int i, mw, qw = 9, x;
	int64_t tenths;

	page_clear(p);
	i = page_add(p, ROLE_HEADER, 0, 0);
	snprintf(buf, sizeof buf, "%s %s  %s", cm->code, fy_format(cm->year, fy), cm->measure_title);
	page_cell(p, i, 0, -1, ALIGN_LEFT, buf);
	snprintf(buf, sizeof buf, "%s  %s", c->c.ref, c->c.title);
	field(p, "Contract", buf);
	field(p, "Supplier", c->c.supplier);
	field(p, "Measure", cm->measure_title);
	field(p, "Unit", cm->unit);
	field(p, "Year", fy_format(cm->year, fy));
	snprintf(buf, sizeof buf, "%s %s", qty_format(cm->target, 1, a, sizeof a), cm->unit);
	field(p, "Target", buf);
	if (cm->has_proxy) {
		snprintf(buf, sizeof buf, "%s%s a unit", t->money == MONEY_POUND ? "£" : "GBP ",
			 proxy_format(cm->proxy, a, sizeof a));
		field(p, "Proxy", buf);
	} else {
		field(p, "Proxy", "record only (no £SV)");
	}
	if (cm->set_name != NULL) {
		snprintf(buf, sizeof buf, "%s%s", cm->set_illustrative ? "illustrative: " : "",
			 cm->set_name);
		field(p, "Proxy set", buf);
	} else {
		field(p, "Proxy set", "none");
	}
	field(p, "Committed £SV", cm->has_proxy ? money_format(cm->committed, t->money, a, sizeof a)
					: "-");
	money_field(p, t, "Delivered to date", cm->has_proxy, cm->q_delivered, cm->unit, cm->delivered);
	money_field(p, t, "Validated to date", cm->has_proxy, cm->q_validated, cm->unit, cm->validated);
	tenths = cm->has_proxy ? detail_percent(cm->validated, cm->committed)
			       : detail_percent(cm->q_validated, cm->target);
	if (tenths < 0)
		snprintf(buf, sizeof buf, "-");
	else
		snprintf(buf, sizeof buf, "%lld.%lld%%", (long long)(tenths / 10),
			 (long long)(tenths % 10));
	field(p, "Validated", buf);
	if (cm->note != NULL)
		field(p, "Note", cm->note);
	if (c->problem[0] != '\0')
		page_text(p, ROLE_ERROR, 0, c->problem);

	for (size_t k = 0; k < c->nl; k++) {
		char q[48];

		if (c->lines[k].sv_delivered > maxv)
			maxv = c->lines[k].sv_delivered;
		if (c->lines[k].sv_validated > maxv)
			maxv = c->lines[k].sv_validated;
		if ((int)strlen(qty_format(c->lines[k].delivered, 1, q, sizeof q)) > qw)
			qw = (int)strlen(q);
	}
	mw = ui_money_width(t, maxv, "Deliv. £SV");
	page_blank(p);
	snprintf(buf, sizeof buf, "Return lines %s", fy_format(cm->year, fy));
	page_text(p, ROLE_HEADER, 0, buf);
	i = page_add(p, ROLE_HEADER, 0, 0);
	x = 0;
	page_cell(p, i, x, 3, ALIGN_LEFT, "Q");
	x += 4;
	page_cell(p, i, x, qw, ALIGN_RIGHT, "Delivered");
	x += qw + 1;
	page_cell(p, i, x, mw, ALIGN_RIGHT, t->money == MONEY_POUND ? "Deliv. £SV" : "Deliv. GBP");
	x += mw + 1;
	page_cell(p, i, x, qw, ALIGN_RIGHT, "Validated");
	x += qw + 1;
	page_cell(p, i, x, mw, ALIGN_RIGHT, t->money == MONEY_POUND ? "Valid. £SV" : "Valid. GBP");
	x += mw + 1;
	page_cell(p, i, x, -1, ALIGN_LEFT, "Status");
	for (int q = 1; q <= 4; q++) {
		sv_quarter sq = { cm->year, q };
		sv_date first, last;
		const detail_line *l = NULL;
		char qn[8];

		for (size_t k = 0; k < c->nl; k++)
			if (c->lines[k].quarter == q)
				l = &c->lines[k];
		snprintf(qn, sizeof qn, "Q%d", q);
		quarter_range(sq, &first, &last);
		if (l == NULL) {
			const char *why;

			if (!have_dates || date_cmp(start, last) > 0 || date_cmp(end, first) < 0)
				why = "outside the contract's dates";
			else if (date_cmp(last, today) < 0 &&
				 report_missing_return(1, start, end, sq, 0))
				why = "missing";
			else
				why = "not yet due";
			i = page_add(p, ROLE_DIM, 0, 0);
			page_cell(p, i, 0, 3, ALIGN_LEFT, qn);
			page_cell(p, i, 4, -1, ALIGN_LEFT, why);
			continue;
		}
		i = page_add(p, ROLE_NORMAL, PAGE_LINE, l->id);
		x = 0;
		page_cell(p, i, x, 3, ALIGN_LEFT, qn);
		x += 4;
		page_cell(p, i, x, qw, ALIGN_RIGHT, qty_format(l->delivered, 1, a, sizeof a));
		x += qw + 1;
		page_cell(p, i, x, mw, ALIGN_RIGHT,
			  cm->has_proxy ? money_format(l->sv_delivered, t->money, b, sizeof b) : "-");
		x += mw + 1;
		page_cell(p, i, x, qw, ALIGN_RIGHT,
			  l->has_validated ? qty_format(l->validated, 1, a, sizeof a) : "-");
		x += qw + 1;
		page_cell(p, i, x, mw, ALIGN_RIGHT,
			  cm->has_proxy && l->status == ST_VALIDATED
			  ? money_format(l->sv_validated, t->money, b, sizeof b) : "-");
		x += mw + 1;
		page_cell(p, i, x, -1, ALIGN_LEFT, status_name(l->status));
	}
	if (p->nomem)
		ui_status(t, 1, "out of memory: the page is incomplete");
	page_select(p, kind, id);
	c->built_for = t->cols;
}

static void commitment_draw(struct view *v, struct tui *t, int y0, int h)
{
	struct commitment_page *c = v->priv;

	if (c->built_for != t->cols)
		build(c, t);
	page_draw(&c->page, t, y0, h);
}

static int commitment_act(struct view *v, struct tui *t, enum action_id a)
{
	struct commitment_page *c = v->priv;
	char fy[8];

	switch (a) {
	case ACT_OPEN:
		if (page_selected(&c->page) == NULL)
			ui_status(t, 0, "nothing to open here: choose a return line");
		else
			page_open(t, page_selected(&c->page));
		return 1;
	case ACT_YEAR:
		ui_status(t, 0, "a commitment is for one year (%s): go back to choose another",
			  fy_format(c->cm.year, fy));
		return 1;
	case ACT_EDIT: {
		int64_t id;

		/* the page reads itself again after a save (reread) */
		ui_form(t, REC_COMMITMENT, c->cm.id, NULL, &id);
		return 1;
	}
	case ACT_DELETE:
		/* deleted: the page has nothing left to show */
		if (ui_record_delete(t, REC_COMMITMENT, c->cm.id) == UF_SAVED && ui_top(t) == v)
			ui_pop(t);
		return 1;
	default:
		return page_move(&c->page, a);
	}
}

static void commitment_resize(struct view *v, struct tui *t, int h)
{
	struct commitment_page *c = v->priv;

	page_set_height(&c->page, h);
	if (c->built_for != t->cols)
		build(c, t);
}

static int commitment_cursor(struct view *v)
{
	struct commitment_page *c = v->priv;

	return page_cursor(&c->page);
}

static void commitment_position(struct view *v, char *buf, size_t n)
{
	struct commitment_page *c = v->priv;

	page_position(&c->page, buf, n);
}

static int commitment_mouse(struct view *v, struct tui *t, int row, int x, int kind)
{
	struct commitment_page *c = v->priv;
	int i = page_line_at(&c->page, row);

	(void)x;
	if (i < 0)
		return kind == UI_CLICK || kind == UI_DOUBLE;
	c->page.sel = i;
	if (kind == UI_DOUBLE)
		page_open(t, page_selected(&c->page));
	return 1;
}

static void commitment_title(struct view *v, char *buf, size_t n)
{
	struct commitment_page *c = v->priv;

	/* the page's first line gives the year */
	snprintf(buf, n, "commitment %s %s", c->c.ref, c->cm.code);
}

static void commitment_close(struct view *v)
{
	struct commitment_page *c = v->priv;

	detail_commitments_free(&c->cm, 1);
	detail_contract_free(&c->c);
	free(c->lines);
	page_free(&c->page);
	free(c);
	free(v);
}

static int load(struct commitment_page *c, svdb *db, int64_t commitment_id, sv_err *err);

/* Another desk wrote (or a decision here): everything read again, the
 * selection kept on its line; what was shown stays when the read fails. */
static void commitment_reread(struct view *v, struct tui *t)
{
	struct commitment_page *c = v->priv, fresh;
	sv_err err = { 0 };
	int rc;

	memset(&fresh, 0, sizeof fresh);
	rc = load(&fresh, t->o->db, c->cm.id, &err);
	if (rc <= 0) {
		ui_status(t, 1, "%s", rc == 0 ? "the commitment is no longer in the database"
					     : err.msg);
		return;
	}
	detail_commitments_free(&c->cm, 1);
	detail_contract_free(&c->c);
	free(c->lines);
	c->cm = fresh.cm;
	c->c = fresh.c;
	c->lines = fresh.lines;
	c->nl = fresh.nl;
	memcpy(c->problem, fresh.problem, sizeof c->problem);
	build(c, t);
}

/* Commitments are added from the contract's page (A there). */
static const enum action_id commitment_lacks[] = { ACT_ADD, ACT_NONE };

static const struct view_ops commitment_ops = {
	.lacks = commitment_lacks,
	.name = "commitment",
	.contexts = CTX_GLOBAL | CTX_MOVE | CTX_DETAIL,
	.draw = commitment_draw,
	.act = commitment_act,
	.resize = commitment_resize,
	.cursor = commitment_cursor,
	.position = commitment_position,
	.close = commitment_close,
	.mouse = commitment_mouse,
	.title = commitment_title,
	.reread = commitment_reread,
};

/* Read the commitment, its contract and its lines (one snapshot) into c,
 * whose fields are empty: 1, 0 when it is gone, -1 with err. */
static int load(struct commitment_page *c, svdb *db, int64_t commitment_id, sv_err *err)
{
	int began = 0, rc;

	if (db_snapshot_begin(db, &began, err) < 0)
		return -1;
	rc = detail_commitment_get(db, commitment_id, &c->cm, err);
	if (rc > 0)
		rc = detail_contract_get(db, c->cm.contract_id, &c->c, err);
	if (rc > 0)
		rc = detail_lines(db, 0, 0, commitment_id, &c->lines, &c->nl, err) < 0 ? -1 : 1;
	db_snapshot_end(db, began);
	if (rc <= 0) {
		detail_commitments_free(&c->cm, 1);
		detail_contract_free(&c->c);
		free(c->lines);
		memset(&c->cm, 0, sizeof c->cm);
		memset(&c->c, 0, sizeof c->c);
		c->lines = NULL;
		c->nl = 0;
		return rc;
	}
	c->problem[0] = '\0';
	{
		sv_err ferr = { 0 };

		if (detail_figures(&c->cm, 1, c->lines, c->nl, NULL, &ferr) < 0)
			snprintf(c->problem, sizeof c->problem, "%s", ferr.msg);
	}
	return 1;
}

struct view *view_commitment_new(struct tui *t, int64_t commitment_id, sv_err *err)
{
	struct view *v = calloc(1, sizeof *v);
	struct commitment_page *c = calloc(1, sizeof *c);
	int rc;

	if (v == NULL || c == NULL) {
		free(v);
		free(c);
		sv_err_set(err, "out of memory");
		return NULL;
	}
	c->t = t;
	c->page.sel = -1;
	rc = load(c, t->o->db, commitment_id, err);
	if (rc == 0)
		sv_err_set(err, "the commitment is no longer in the database");
	if (rc <= 0) {
		free(c);
		free(v);
		return NULL;
	}
	v->ops = &commitment_ops;
	v->priv = c;
	return v;
}
