/* view_queue.c: the returns queue (key 4).  The return lines of the year
 * shown, awaiting validation by default, filtered (f: quarter, body,
 * supplier, contract, status; F clears), sorted (s, S), with their count
 * and delivered £SV in the title bar, counted by the database over the
 * filtered set (queue_totals).  Decisions are taken on the selected line
 * (a, p, x, e: ui_decide; u: ui_undo); a decided line leaves the awaiting
 * list and the next takes its place.  m switches to the quarter's missing
 * returns (the read `svdesk chase` prints) and back.  Both lists are
 * keyset pages (db/queue.c). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/db.h"
#include "svdesk/period.h"
#include "svdesk/queue.h"
#include "page.h"
#include "ui.h"

enum { C_QUARTER, C_REF, C_SUPPLIER, C_MEASURE, C_DELIVERED, C_SV, C_STATUS, C_SUBMITTED,
       C_DECIDED, NCOLS };

/* When narrow (the highest drop rank first): who decided leaves first,
 * then the supplier, the submitted date, the measure.  Money is never cut. */
static const struct ui_column columns[NCOLS] = {
	[C_QUARTER] = { "Quarter", 10, 0, 0, ALIGN_LEFT, 0 },
	[C_REF] = { "Contract", 0, 13, 2, ALIGN_LEFT, 0 },
	[C_SUPPLIER] = { "Supplier", 0, 10, 2, ALIGN_LEFT, 3 },
	[C_MEASURE] = { "Measure", 0, 7, 1, ALIGN_LEFT, 1 },
	[C_DELIVERED] = { "Delivered", 0, 12, 1, ALIGN_RIGHT, 0 },
	[C_SV] = { "£SV", 0, 0, 0, ALIGN_RIGHT, 0 },
	[C_STATUS] = { "Status", 9, 0, 0, ALIGN_LEFT, 0 },
	[C_SUBMITTED] = { "Submitted", 10, 0, 0, ALIGN_LEFT, 2 },
	[C_DECIDED] = { "Decided by", 0, 10, 1, ALIGN_LEFT, 4 },
};

enum { M_REF, M_SUPPLIER, M_TITLE, M_BODY, M_MANAGER, M_MEASURES, MCOLS };

static const struct ui_column mcolumns[MCOLS] = {
	[M_REF] = { "Contract", 0, 13, 1, ALIGN_LEFT, 0 },
	[M_SUPPLIER] = { "Supplier", 0, 10, 2, ALIGN_LEFT, 1 },
	[M_TITLE] = { "Title", 0, 10, 2, ALIGN_LEFT, 4 },
	[M_BODY] = { "Body", 4, 0, 0, ALIGN_LEFT, 2 },
	[M_MANAGER] = { "Manager", 0, 10, 1, ALIGN_LEFT, 3 },
	[M_MEASURES] = { "Missing", 0, 10, 4, ALIGN_LEFT, 0 },
};

static const int sort_col[QO_COUNT] = {
	[QO_QUARTER] = C_QUARTER, [QO_CONTRACT] = C_REF, [QO_SUPPLIER] = C_SUPPLIER,
	[QO_MEASURE] = C_MEASURE, [QO_STATUS] = C_STATUS,
};

struct queue {
	struct tui *t;
	int missing_mode;
	queue_query q;
	char supplier_name[256];   /* the supplier and contract filters, named */
	char contract_ref[64];
	struct list lines;
	int64_t count;             /* the filtered set: lines and delivered £SV */
	sv_pence sv;
	queue_query counted_for;   /* the filters they were counted for */
	int counted;               /* 0: count again */
	struct ui_column cols[NCOLS];
	char titles[NCOLS][32];
	int widths[NCOLS];
	int laid_out_for;
	/* missing returns */
	queue_mquery mq;
	struct list missing;
	int missing_ready;
	int mwidths[MCOLS];
	int mlaid_out_for;
};

/* ---- the lines ----------------------------------------------------------------- */

/* The count and £SV of the filtered set: counted again when the filters
 * change or the database did (a sort changes neither). */
static int same_filters(const queue_query *a, const queue_query *b)
{
	return a->fy == b->fy && a->status == b->status && a->quarter == b->quarter &&
	       a->body == b->body && a->supplier_id == b->supplier_id &&
	       a->contract_id == b->contract_id;
}

static int64_t lines_count(void *ctx, sv_err *err)
{
	struct queue *s = ctx;

	if (s->counted && same_filters(&s->q, &s->counted_for))
		return s->count;
	if (queue_totals(s->t->o->db, &s->q, &s->count, &s->sv, err) < 0)
		return -1;
	s->counted_for = s->q;
	s->counted = 1;
	s->laid_out_for = 0;   /* the £SV column is as wide as the total */
	return s->count;
}

static int lines_fetch(void *ctx, const void *anchor, int forward, void *rows, int limit,
		       sv_err *err)
{
	struct queue *s = ctx;

	return queue_page(s->t->o->db, &s->q, anchor, forward, rows, limit, err);
}

static void layout(struct queue *s, struct tui *t)
{
	if (s->laid_out_for == t->cols)
		return;
	memcpy(s->cols, columns, sizeof columns);
	for (int i = 0; i < NCOLS; i++) {
		const char *mark = t->utf8 ? (s->q.desc ? "\u25bc" : "\u25b2") :
			(s->q.desc ? "v" : "^");

		if (i == sort_col[s->q.sort])
			snprintf(s->titles[i], sizeof s->titles[i], "%s%s", columns[i].title, mark);
		else if (i == C_SV && !t->utf8)
			snprintf(s->titles[i], sizeof s->titles[i], "SV");
		else
			snprintf(s->titles[i], sizeof s->titles[i], "%s", columns[i].title);
		s->cols[i].title = s->titles[i];
		/* a heading, its sort mark and all, is never cut */
		if (s->cols[i].width > 0 && s->cols[i].width < ui_width(s->titles[i]))
			s->cols[i].width = ui_width(s->titles[i]);
		if (s->cols[i].width == 0 && s->cols[i].min < ui_width(s->titles[i]))
			s->cols[i].min = ui_width(s->titles[i]);
	}
	/* decided lines: who decided matters more than when they were sent */
	if (s->q.status != QS_AWAITING) {
		s->cols[C_DECIDED].drop = columns[C_SUBMITTED].drop;
		s->cols[C_SUBMITTED].drop = columns[C_DECIDED].drop;
	}
	/* every line's £SV is at most the total's: the column stays put */
	s->cols[C_SV].width = ui_money_width(t, s->sv, s->titles[C_SV]);
	ui_columns_layout(s->cols, NCOLS, t->cols, s->widths);
	s->laid_out_for = t->cols;
}

static void draw_cells(struct tui *t, int y, const int *widths, const struct ui_column *cols,
		       int n, const char *const *cells)
{
	int x = 0, first = 1;

	for (int i = 0; i < n; i++) {
		if (widths[i] <= 0)
			continue;
		if (!first) {
			ui_fill(y, x, 1);
			x++;
		}
		first = 0;
		ui_text(t, y, x, widths[i], cols[i].align, cells[i]);
		x += widths[i];
	}
	if (x < t->cols)
		ui_fill(y, x, t->cols - x);
}

static void lines_draw_row(void *ctx, struct tui *t, int y, const void *row, int selected)
{
	struct queue *s = ctx;
	const queue_line *r = row;
	char quarter[16], qty[40], delivered[64], sv[40], date[16];
	const char *cells[NCOLS];
	sv_quarter qq = { r->fy, r->quarter };
	char qb[11];

	quarter_format(qq, '-', qb);
	snprintf(quarter, sizeof quarter, "%s", qb);
	/* in the measure's unit: money for GBP, a percent sign, else the unit */
	if (strcmp(r->unit, "GBP") == 0) {
		money_format(r->delivered, t->money, delivered, sizeof delivered);
	} else {
		qty_format(r->delivered, 1, qty, sizeof qty);
		snprintf(delivered, sizeof delivered, strcmp(r->unit, "percent") == 0 ? "%s%%"
			 : "%s %s", qty, r->unit);
	}
	cells[C_QUARTER] = quarter;
	cells[C_REF] = r->ref;
	cells[C_SUPPLIER] = r->supplier;
	cells[C_MEASURE] = r->code;
	cells[C_DELIVERED] = delivered;
	cells[C_SV] = r->has_proxy ? money_format(r->sv, t->money, sv, sizeof sv) : "-";
	cells[C_STATUS] = queue_state_name(r->state);
	cells[C_SUBMITTED] = page_date(r->submitted, date, sizeof date);
	cells[C_DECIDED] = r->state == QL_AWAITING ? "" : r->decided_by;
	ui_set_role(selected ? ROLE_SELECTED : ROLE_NORMAL);
	draw_cells(t, y, s->widths, s->cols, NCOLS, cells);
	ui_set_role(ROLE_NORMAL);
}

static const struct list_source lines_source = {
	.row_size = sizeof(queue_line),
	.count = lines_count,
	.fetch = lines_fetch,
	.draw_row = lines_draw_row,
};

/* ---- the missing returns ------------------------------------------------------- */

static int64_t missing_count(void *ctx, sv_err *err)
{
	struct queue *s = ctx;

	return queue_missing_count(s->t->o->db, &s->mq, err);
}

static int missing_fetch(void *ctx, const void *anchor, int forward, void *rows, int limit,
			 sv_err *err)
{
	struct queue *s = ctx;

	return queue_missing_page(s->t->o->db, &s->mq, anchor, forward, rows, limit, err);
}

static void missing_draw_row(void *ctx, struct tui *t, int y, const void *row, int selected)
{
	struct queue *s = ctx;
	const queue_missing *r = row;
	const char *cells[MCOLS];

	cells[M_REF] = r->ref;
	cells[M_SUPPLIER] = r->supplier;
	cells[M_TITLE] = r->title;
	cells[M_BODY] = r->body;
	cells[M_MANAGER] = r->manager;
	cells[M_MEASURES] = r->measures;
	ui_set_role(selected ? ROLE_SELECTED : ROLE_NORMAL);
	draw_cells(t, y, s->mwidths, mcolumns, MCOLS, cells);
	ui_set_role(ROLE_NORMAL);
}

static const struct list_source missing_source = {
	.row_size = sizeof(queue_missing),
	.count = missing_count,
	.fetch = missing_fetch,
	.draw_row = missing_draw_row,
};

/* The quarter of the missing returns: the quarter filter, else the latest
 * quarter of the year shown that has ended by today.  0 when none has. */
static int missing_quarter(struct queue *s, struct tui *t)
{
	sv_quarter now = quarter_of_date(t->o->now.date);

	if (s->q.quarter != 0)
		return s->q.quarter;
	if (now.fy > s->q.fy)
		return 4;
	if (now.fy < s->q.fy || now.q == 1)
		return 0;
	return now.q - 1;
}

static struct list *current(struct queue *s)
{
	return s->missing_mode ? &s->missing : &s->lines;
}

/* ---- re-reading ---------------------------------------------------------------- */

/* The query changed: the first page. */
static int requery(struct queue *s, sv_err *err)
{
	s->laid_out_for = 0;
	return list_reset(&s->lines, err);
}

/* Re-read the page on screen, its first row at the same place and the
 * selection on the same screen row: the count again, then the rows from
 * the one before the first row shown (a decided line leaves the awaiting
 * list: the next line takes its place). */
static int reread_list(struct list *l, size_t row_size, sv_err *err)
{
	int64_t total = l->src->count(l->ctx, err);
	char *prev = NULL;
	int k, sel = l->sel, had_prev = 0;

	if (total < 0)
		return -1;
	l->total = total;
	if (l->height == 0)
		return 0;
	if (l->n == 0 || total == 0) {
		l->n = 0;
		l->top = 0;
		l->sel = 0;
		return list_reset(l, err);
	}
	prev = malloc(row_size);
	if (prev == NULL)
		return sv_err_set(err, "out of memory");
	if (l->top > 0) {
		k = l->src->fetch(l->ctx, l->rows, 0, prev, 1, err);
		if (k < 0) {
			free(prev);
			return -1;
		}
		had_prev = k == 1;
	}
	k = l->src->fetch(l->ctx, had_prev ? prev : NULL, 1, l->rows, l->height, err);
	free(prev);
	if (k < 0)
		return -1;
	if (!had_prev)
		l->top = 0;
	l->n = k;
	if (k == 0)       /* the rows shown are gone: the end of the list */
		return list_act(l, ACT_LAST, err) < 0 ? -1 : 0;
	if (k < l->height && l->top > 0) {
		/* the end came up: fill the screen from above */
		int sel_rank = (int)(l->top + sel);

		if (list_act(l, ACT_LAST, err) < 0)
			return -1;
		sel = sel_rank - (int)l->top;
	}
	l->sel = sel < l->n ? sel : l->n - 1;
	if (l->sel < 0)
		l->sel = 0;
	return 0;
}

/* Whether a line in state st is one that status shows. */
static int status_shows(enum queue_status status, enum queue_state st)
{
	switch (status) {
	case QS_AWAITING: return st == QL_AWAITING;
	case QS_QUERY:    return st == QL_QUERY;
	case QS_DECIDED:  return st == QL_VALIDATED || st == QL_PARTIAL || st == QL_REJECTED;
	default:          return 1;
	}
}

/* This desk's own decision (or undo) changed one line, on the page: a
 * decision changes its status only, so the count and £SV change by that
 * line alone, when it leaves the lines shown or comes into them.  Counting
 * the whole set again would cost a clerk's every key as much as a recount
 * (tenths of a second in a large year).  1 adjusted, 0 not possible here
 * (the line is not on the page: count again), -1 error. */
static int adjust_totals(struct queue *s, int64_t line_id, sv_err *err)
{
	const queue_line *was = NULL;
	queue_line now;
	sv_pence sv = s->sv;
	int rc, in_before, in_after;

	if (!s->counted || !same_filters(&s->q, &s->counted_for))
		return 0;
	for (int i = 0; i < s->lines.n; i++) {
		const queue_line *r = (const queue_line *)(void *)(s->lines.rows +
								  (size_t)i * sizeof(queue_line));

		if (r->id == line_id) {
			was = r;
			break;
		}
	}
	if (was == NULL)
		return 0;
	rc = queue_line_get(s->t->o->db, line_id, &now, err);
	if (rc <= 0)
		return rc;
	in_before = status_shows(s->q.status, was->state);
	in_after = status_shows(s->q.status, now.state);
	if (in_before == in_after)
		return 1;
	if (now.has_proxy && money_add(&sv, in_after ? now.sv : -now.sv) != 0)
		return 0;
	s->sv = sv;
	s->count += in_after ? 1 : -1;
	return 1;
}

static void queue_reread(struct view *v, struct tui *t)
{
	struct queue *s = v->priv;
	sv_err err = { 0 };
	int rc;

	if (s->missing_mode || t->changed_line == 0 ||
	    adjust_totals(s, t->changed_line, &err) != 1)
		s->counted = 0;
	if (s->missing_mode)
		rc = reread_list(&s->missing, sizeof(queue_missing), &err);
	else
		rc = reread_list(&s->lines, sizeof(queue_line), &err);
	s->laid_out_for = 0;
	if (rc < 0)
		ui_status(t, 1, "%s", err.msg);
}

/* The year shown is the desk's: another view may have changed it. */
static void follow_year(struct queue *s, struct tui *t)
{
	sv_err err = { 0 };

	if (s->q.fy == t->fy)
		return;
	s->q.fy = t->fy;
	if (s->missing_mode) {
		int q = missing_quarter(s, t);

		if (q == 0) {
			s->missing_mode = 0;
			ui_status(t, 0, "no quarter of this year has ended yet: the lines awaiting validation");
		} else {
			s->mq.fy = s->q.fy;
			s->mq.quarter = q;
			if (list_reset(&s->missing, &err) < 0)
				ui_status(t, 1, "%s", err.msg);
		}
	}
	if (requery(s, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
}

/* ---- drawing ------------------------------------------------------------------- */

static void draw_empty(struct queue *s, struct tui *t, int y0, int h)
{
	char line[160], qb[11];
	const char *hint = "F clears the filters; m shows the quarter's missing returns.";

	if (s->missing_mode) {
		sv_quarter q = { s->mq.fy, s->mq.quarter };

		snprintf(line, sizeof line, "No contract is missing a return for %s.",
			 quarter_format(q, ' ', qb));
		hint = "m goes back to the lines.";
	} else {
		snprintf(line, sizeof line, "No return lines %s here.",
			 s->q.status == QS_AWAITING ? "await validation" :
			 s->q.status == QS_QUERY ? "are in query" :
			 s->q.status == QS_DECIDED ? "are decided" : "are");
	}
	ui_set_role(ROLE_NORMAL);
	for (int i = 0; i < h; i++) {
		const char *text = i == 1 ? line : i == 3 ? hint : "";

		ui_fill(y0 + i, 0, 2);
		ui_text(t, y0 + i, 2, t->cols - 2, ALIGN_LEFT, text);
	}
}

static void queue_draw(struct view *v, struct tui *t, int y0, int h)
{
	struct queue *s = v->priv;
	const char *titles[(int)NCOLS > (int)MCOLS ? (int)NCOLS : (int)MCOLS];
	struct list *l = current(s);

	follow_year(s, t);
	if (s->missing_mode) {
		if (s->mlaid_out_for != t->cols) {
			ui_columns_layout(mcolumns, MCOLS, t->cols, s->mwidths);
			s->mlaid_out_for = t->cols;
		}
		for (int i = 0; i < MCOLS; i++)
			titles[i] = mcolumns[i].title;
		ui_set_role(ROLE_HEADER);
		draw_cells(t, y0, s->mwidths, mcolumns, MCOLS, titles);
	} else {
		layout(s, t);
		for (int i = 0; i < NCOLS; i++)
			titles[i] = s->titles[i];
		ui_set_role(ROLE_HEADER);
		draw_cells(t, y0, s->widths, s->cols, NCOLS, titles);
	}
	ui_set_role(ROLE_NORMAL);
	if (l->total == 0 || l->n == 0) {
		draw_empty(s, t, y0 + 1, h - 1);
		return;
	}
	list_draw(l, t, y0 + 1);
}

/* ---- filters ------------------------------------------------------------------- */

/* A supplier or a contract chosen by typing: one match is taken, several
 * are offered in a pick list. */
#define MATCH_MAX 200

static int choose_by_typing(struct queue *s, struct tui *t, int contracts)
{
	queue_match *m;
	struct pick_item items[MATCH_MAX];
	char text[256];
	sv_err err = { 0 };
	int n, k = 0;

	if (ui_prompt(t, contracts ? "Contract (ref or title): " : "Supplier: ", NULL, text,
		      sizeof text) != PROMPT_ACCEPTED || text[0] == '\0')
		return 0;
	m = calloc(MATCH_MAX, sizeof *m);
	if (m == NULL) {
		ui_status(t, 1, "out of memory");
		return 0;
	}
	n = contracts ? queue_match_contracts(t->o->db, text, m, MATCH_MAX, &err)
		: queue_match_suppliers(t->o->db, text, m, MATCH_MAX, &err);
	if (n < 0) {
		ui_status(t, 1, "%s", err.msg);
		free(m);
		return 0;
	}
	if (n == 0) {
		ui_status(t, 1, "no %s matches \"%s\"", contracts ? "contract" : "supplier", text);
		free(m);
		return 0;
	}
	if (n > 1) {
		for (int i = 0; i < n; i++) {
			items[i].label = m[i].label;
			items[i].marked = 0;
		}
		k = ui_pick(t, contracts ? "Contract" : "Supplier", items, n, 0);
		if (k < 0) {
			free(m);
			return 0;
		}
	}
	if (contracts) {
		s->q.contract_id = m[k].id;
		snprintf(s->contract_ref, sizeof s->contract_ref, "%s", m[k].ref);
	} else {
		s->q.supplier_id = m[k].id;
		snprintf(s->supplier_name, sizeof s->supplier_name, "%s", m[k].label);
	}
	free(m);
	return 1;
}

static int pick_filter(struct queue *s, struct tui *t)
{
	static const char *const kinds[] = { "Quarter", "Body", "Supplier", "Contract", "Status" };
	struct pick_item items[5];
	int k;

	for (int i = 0; i < 5; i++) {
		items[i].label = kinds[i];
		items[i].marked = (i == 0 && s->q.quarter) || (i == 1 && s->q.body >= 0) ||
			(i == 2 && s->q.supplier_id) || (i == 3 && s->q.contract_id) ||
			(i == 4 && s->q.status != QS_AWAITING);
	}
	k = ui_pick(t, "Filter", items, 5, 0);
	if (k < 0)
		return 0;
	if (k == 0) {
		static const char *const q[] = { "Any quarter", "Q1", "Q2", "Q3", "Q4" };
		struct pick_item qi[5];
		int c;

		for (int i = 0; i < 5; i++) {
			qi[i].label = q[i];
			qi[i].marked = s->q.quarter == i;
		}
		c = ui_pick(t, "Quarter", qi, 5, s->q.quarter);
		if (c < 0)
			return 0;
		s->q.quarter = c;
	} else if (k == 1) {
		static const char *const b[] = { "Any body", "WMP", "OPCC" };
		struct pick_item bi[3];
		int c;

		for (int i = 0; i < 3; i++) {
			bi[i].label = b[i];
			bi[i].marked = s->q.body + 1 == i;
		}
		c = ui_pick(t, "Body", bi, 3, s->q.body + 1);
		if (c < 0)
			return 0;
		s->q.body = c - 1;
	} else if (k == 2 || k == 3) {
		return choose_by_typing(s, t, k == 3);
	} else {
		struct pick_item si[QS_COUNT];
		int c;

		for (int i = 0; i < QS_COUNT; i++) {
			si[i].label = queue_status_name((enum queue_status)i);
			si[i].marked = (int)s->q.status == i;
		}
		c = ui_pick(t, "Status", si, QS_COUNT, (int)s->q.status);
		if (c < 0)
			return 0;
		s->q.status = (enum queue_status)c;
	}
	return 1;
}

/* The missing returns follow the lines' filters (quarter, body, supplier,
 * contract). */
static void sync_mquery(struct queue *s, int quarter)
{
	s->mq.fy = s->q.fy;
	s->mq.quarter = quarter;
	s->mq.incomplete = 0;
	s->mq.body = s->q.body;
	s->mq.supplier_id = s->q.supplier_id;
	s->mq.contract_id = s->q.contract_id;
}

static int filters_changed(struct queue *s, struct tui *t, sv_err *err)
{
	if (s->missing_mode) {
		int q = missing_quarter(s, t);

		if (q == 0) {
			s->missing_mode = 0;
		} else {
			sync_mquery(s, q);
			if (list_reset(&s->missing, err) < 0)
				return -1;
		}
	}
	return requery(s, err);
}

/* ---- actions ------------------------------------------------------------------- */

static void open_selected(struct queue *s, struct tui *t)
{
	struct view *v = NULL;
	sv_err err = { 0 };

	if (s->missing_mode) {
		const queue_missing *m = list_selected(&s->missing);

		if (m != NULL)
			v = view_contract_new(t, m->contract_id, &err);
		else
			return;
	} else {
		const queue_line *r = list_selected(&s->lines);

		if (r != NULL)
			v = view_line_new(t, r->id, &err);
		else
			return;
	}
	if (v == NULL)
		ui_status(t, 1, "%s", err.msg);
	else if (ui_push(t, v) < 0)
		ui_status(t, 1, "too many views open");
}

static void toggle_missing(struct queue *s, struct tui *t)
{
	sv_err err = { 0 };
	int q;
	char fy[8];

	if (s->missing_mode) {
		s->missing_mode = 0;
		s->counted = 0;
		if (reread_list(&s->lines, sizeof(queue_line), &err) < 0)
			ui_status(t, 1, "%s", err.msg);
		return;
	}
	q = missing_quarter(s, t);
	if (q == 0) {
		ui_status(t, 0, "no quarter of %s has ended yet: choose one with f", fy_format(s->q.fy, fy));
		return;
	}
	sync_mquery(s, q);
	if (!s->missing_ready) {
		if (list_init(&s->missing, &missing_source, s, &err) < 0 ||
		    list_resize(&s->missing, s->lines.height, &err) < 0) {
			ui_status(t, 1, "%s", err.msg);
			return;
		}
		s->missing_ready = 1;
	} else if (list_reset(&s->missing, &err) < 0) {
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	s->missing_mode = 1;
}

static void decide(struct queue *s, struct tui *t, enum action_id a)
{
	const queue_line *r;
	sv_err err = { 0 };
	int64_t id;

	if (s->missing_mode) {
		ui_status(t, 0, "decisions are taken on the lines: m goes back to them");
		return;
	}
	if (a == ACT_UNDO) {
		ui_undo(t);
		return;
	}
	r = list_selected(&s->lines);
	if (r == NULL) {
		ui_status(t, 0, "no line to decide");
		return;
	}
	id = r->id;
	/* every outcome but a cancel re-reads the open views (ui_changed): a
	 * line decided leaves the awaiting list and the next takes its place;
	 * where it stays (every status, decided), the next line is selected */
	if (ui_decide(t, id, r->version, a) == UD_DONE) {
		r = list_selected(&s->lines);
		if (r != NULL && r->id == id && list_act(&s->lines, ACT_DOWN, &err) < 0)
			ui_status(t, 1, "%s", err.msg);
	}
}

static int queue_act(struct view *v, struct tui *t, enum action_id a)
{
	struct queue *s = v->priv;
	sv_err err = { 0 };
	int rc = 1;

	follow_year(s, t);
	switch (a) {
	case ACT_OPEN:
		open_selected(s, t);
		break;
	case ACT_ACCEPT:
	case ACT_PARTIAL:
	case ACT_REJECT:
	case ACT_QUERY:
	case ACT_UNDO:
		decide(s, t, a);
		break;
	case ACT_MISSING:
		toggle_missing(s, t);
		break;
	case ACT_SEARCH:
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		ui_status(t, 0, "the queue has no search: f filters by supplier or contract");
		break;
	case ACT_SORT:
	case ACT_SORT_REVERSE:
		if (s->missing_mode) {
			ui_status(t, 0, "the missing returns are by supplier, then contract");
			break;
		}
		if (a == ACT_SORT)
			s->q.sort = (enum queue_sort)(((int)s->q.sort + 1) % QO_COUNT);
		else
			s->q.desc = !s->q.desc;
		rc = requery(s, &err) < 0 ? -1 : 1;
		break;
	case ACT_FILTER:
		if (pick_filter(s, t))
			rc = filters_changed(s, t, &err) < 0 ? -1 : 1;
		break;
	case ACT_FILTER_CLEAR: {
		int year = s->q.fy;
		enum queue_sort sort = s->q.sort;
		int desc = s->q.desc;

		queue_query_init(&s->q, year);
		s->q.sort = sort;
		s->q.desc = desc;
		rc = filters_changed(s, t, &err) < 0 ? -1 : 1;
		break;
	}
	case ACT_YEAR:
		if (ui_year_pick(t) == 1)
			follow_year(s, t);
		break;
	default:
		rc = list_act(current(s), a, &err);
		break;
	}
	if (rc < 0)
		ui_status(t, 1, "%s", err.msg);
	return rc != 0;
}

static int queue_mouse(struct view *v, struct tui *t, int row, int x, int kind)
{
	struct queue *s = v->priv;

	(void)x;
	if (kind == UI_WHEEL_UP || kind == UI_WHEEL_DOWN)
		return 0;
	if (row == 0)
		return 1;
	if (list_mouse(current(s), row - 1, kind) == 2)
		open_selected(s, t);
	return 1;
}

static void queue_resize(struct view *v, struct tui *t, int h)
{
	struct queue *s = v->priv;
	sv_err err = { 0 };

	s->laid_out_for = 0;
	s->mlaid_out_for = 0;
	if (list_resize(&s->lines, h - 1, &err) < 0 ||
	    (s->missing_ready && list_resize(&s->missing, h - 1, &err) < 0))
		ui_status(t, 1, "%s", err.msg);
}

static int queue_cursor(struct view *v)
{
	struct queue *s = v->priv;
	struct list *l = current(s);

	return l->n > 0 ? 1 + l->sel : -1;
}

static void queue_position(struct view *v, char *buf, size_t n)
{
	struct queue *s = v->priv;

	list_position(current(s), buf, n);
}

static void queue_title(struct view *v, char *buf, size_t n)
{
	struct queue *s = v->priv;
	struct tui *t = s->t;
	char money[40], filters[400] = "", qb[11];
	size_t o = 0;
	if (s->q.quarter)
		o += (size_t)snprintf(filters + o, sizeof filters - o, " Q%d", s->q.quarter);
	if (s->q.body >= 0 && o < sizeof filters)
		o += (size_t)snprintf(filters + o, sizeof filters - o, " %s",
				      body_name((enum sv_body)s->q.body));
	if (s->q.supplier_id && o < sizeof filters)
		o += (size_t)snprintf(filters + o, sizeof filters - o, " %s", s->supplier_name);
	if (s->q.contract_id && o < sizeof filters)
		o += (size_t)snprintf(filters + o, sizeof filters - o, " %s", s->contract_ref);
	if (s->missing_mode) {
		sv_quarter q = { s->mq.fy, s->mq.quarter };

		snprintf(buf, n, "%lld missing returns %s%s%s", (long long)s->missing.total,
			 quarter_format(q, ' ', qb), o > 0 ? " " : "", filters);
		return;
	}
	snprintf(buf, n, "%lld %s %s%s%s", (long long)s->count,
		 s->q.status == QS_ALL ? (s->count == 1 ? "line" : "lines")
		 : queue_status_name(s->q.status),
		 money_format(s->sv, t->money, money, sizeof money),
		 o > 0 ? " " : "", filters);
}

static void queue_close(struct view *v)
{
	struct queue *s = v->priv;

	list_free(&s->lines);
	if (s->missing_ready)
		list_free(&s->missing);
	free(s);
	free(v);
}

/* The queue has no text search: its filters choose the lines. */
static const enum action_id queue_lacks[] = {
	ACT_SEARCH, ACT_SEARCH_NEXT, ACT_SEARCH_PREV, ACT_ADD, ACT_EDIT, ACT_DELETE, ACT_NONE
};

static const struct view_ops queue_ops = {
	.lacks = queue_lacks,
	.name = "queue",
	.contexts = CTX_GLOBAL | CTX_MOVE | CTX_LIST | CTX_DECIDE | CTX_QUEUE,
	.draw = queue_draw,
	.act = queue_act,
	.resize = queue_resize,
	.cursor = queue_cursor,
	.position = queue_position,
	.close = queue_close,
	.mouse = queue_mouse,
	.title = queue_title,
	.reread = queue_reread,
};

struct view *view_queue_new(struct tui *t, sv_err *err)
{
	struct view *v = calloc(1, sizeof *v);
	struct queue *s = calloc(1, sizeof *s);

	if (v == NULL || s == NULL) {
		free(v);
		free(s);
		sv_err_set(err, "out of memory");
		return NULL;
	}
	s->t = t;
	queue_query_init(&s->q, t->fy);
	if (list_init(&s->lines, &lines_source, s, err) < 0) {
		free(v);
		free(s);
		return NULL;
	}
	v->ops = &queue_ops;
	v->priv = s;
	return v;
}
