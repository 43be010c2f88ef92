/* view_contracts.c: the contracts list (home, key 1), and the same list
 * scoped to a supplier or to a measure (view_contracts_scoped).
 *
 * Each row shows a contract with the figures of the year shown (t->fy):
 * committed, delivered and validated £SV, its RAG, and flags.  The list is
 * a keyset-paged browse query (browse.h): sorted on any column (s, S),
 * filtered (f, F), searched (/, n, N); only the rows on screen are held.
 * The rules come from their one home: RAG from report_rag(), a missing
 * return from report_missing_return(), a policy exception from
 * policy_is_exception(). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/browse.h"
#include "svdesk/db.h"
#include "svdesk/period.h"
#include "svdesk/policy.h"
#include "svdesk/report.h"
#include "ui.h"

enum {
	COL_REF, COL_TITLE, COL_SUPPLIER, COL_BODY, COL_VALUE, COL_WEIGHT,
	COL_COMMITTED, COL_DELIVERED, COL_VALIDATED, COL_RAG, COL_FLAGS, NCOLS
};

/* The columns up to COL_RAG are the browse columns of the same number (the
 * sort keys); Flags is not sorted on.  Money columns get their width from
 * the widest amount (layout); titles and suppliers keep 14 columns (a name
 * cut shorter reads as another), and the drop ranks say which columns a
 * narrow screen leaves out first instead: delivered, committed, SV %,
 * validated, body, supplier, flags, RAG.  At 80 columns that leaves ref,
 * title, supplier, body, value, RAG and flags. */
static const struct ui_column columns[NCOLS] = {
	[COL_REF] = { "Ref", 14, 0, 0, ALIGN_LEFT, 0 },
	[COL_TITLE] = { "Title", 0, 14, 3, ALIGN_LEFT, 0 },
	[COL_SUPPLIER] = { "Supplier", 0, 14, 2, ALIGN_LEFT, 3 },
	[COL_BODY] = { "Body", 5, 0, 0, ALIGN_LEFT, 4 },
	[COL_VALUE] = { "Value", 0, 0, 0, ALIGN_RIGHT, 0 },
	[COL_WEIGHT] = { "SV %", 5, 0, 0, ALIGN_RIGHT, 6 },
	[COL_COMMITTED] = { "Committed", 0, 0, 0, ALIGN_RIGHT, 7 },
	[COL_DELIVERED] = { "Delivered", 0, 0, 0, ALIGN_RIGHT, 8 },
	[COL_VALIDATED] = { "Validated", 0, 0, 0, ALIGN_RIGHT, 5 },
	[COL_RAG] = { "RAG", 5, 0, 0, ALIGN_LEFT, 1 },
	[COL_FLAGS] = { "Flags", 5, 0, 0, ALIGN_LEFT, 2 },
};

/* The RAG filter's choices (filter.rag). */
enum { FR_ANY = 0, FR_RED, FR_AMBER, FR_GREEN, FR_NONE };

struct filter {
	int body;        /* -1 any, else enum sv_body */
	int live;        /* 1: contracts whose dates overlap the year shown */
	int rag;         /* FR_ */
	int closed;      /* -1 any, 0 active, 1 closed */
	int exceptions;  /* 1: policy exceptions only */
	int awaiting;    /* 1: with lines awaiting validation in the year */
};

struct contracts {
	struct list list;          /* first: the list view's hooks find it */
	struct tui *t;
	browse_query q;
	struct filter f;
	int64_t supplier_id, measure_id;   /* the scope, 0 for none */
	char scope[160];                   /* its label, "" for the home list */
	int fy;                            /* the year the rows were read for */
	int rag_q;                         /* the quarter RAG is judged at, 0 none */
	int ended_q;                       /* the year's quarters that have ended */
	browse_max max;
	struct ui_column cols[NCOLS];
	int widths[NCOLS];
	int laid_out_for;                  /* the width the columns were computed for */
	char search[256];                  /* the last search, "" for none */
	unsigned changes;                  /* t->records_changed when the rows were read */
};

/* ---- the year's rules ---------------------------------------------------- */

/* RAG is judged at the current quarter in the current year (the share of
 * the year's commitment due by its end), at Q4 for a past year, and not at
 * all for a future year.  A return is missing for a quarter that has
 * ended: every quarter of a past year, those before today's in the
 * current year (the chase list's default quarter is the last of them). */
static void year_rules(struct contracts *c)
{
	sv_quarter now = quarter_of_date(c->t->o->now.date);

	if (c->fy < now.fy) {
		c->rag_q = 4;
		c->ended_q = 4;
	} else if (c->fy == now.fy) {
		c->rag_q = now.q;
		c->ended_q = now.q - 1;
	} else {
		c->rag_q = 0;
		c->ended_q = 0;
	}
}

static enum report_rag row_rag(const struct contracts *c, const browse_contract *r)
{
	const sv_config *cfg = c->t->o->cfg;
	int64_t pct;

	if (c->rag_q == 0)
		return RAG_NONE;
	return report_rag(r->validated, r->committed, c->rag_q, cfg->rag_green, cfg->rag_amber,
			  &pct);
}

static int row_missing(const struct contracts *c, const browse_contract *r)
{
	sv_date start, end;

	if (date_parse(r->start, &start, NULL) != 0 || date_parse(r->end, &end, NULL) != 0)
		return 0;
	for (int q = 1; q <= c->ended_q; q++) {
		sv_quarter qq = { c->fy, q };

		if (report_missing_return(r->in_year, start, end, qq, (r->returned >> (q - 1)) & 1))
			return 1;
	}
	return 0;
}

/* "E M A": policy exception, missing return, lines awaiting validation. */
static void row_flags(const struct contracts *c, const browse_contract *r, char buf[6])
{
	memcpy(buf, "     ", 6);
	if (policy_is_exception(c->t->o->cfg, r->value, r->sv_weight))
		buf[0] = 'E';
	if (row_missing(c, r))
		buf[2] = 'M';
	if (r->awaiting > 0)
		buf[4] = 'A';
}

/* ---- the query ---------------------------------------------------------- */

static int any_filter(const struct filter *f)
{
	return f->body >= 0 || f->live || f->rag != FR_ANY || f->closed >= 0 || f->exceptions ||
	       f->awaiting;
}

static void filter_clear(struct filter *f)
{
	memset(f, 0, sizeof *f);
	f->body = -1;
	f->closed = -1;
}

/* The browse query of the view's state: the RAG bands in basis points of
 * the year's commitment validated, from the thresholds at the quarter RAG
 * is judged at (green at Qq: bp >= rag_green x q x 25, the same truncation
 * as report_rag). */
static void build_query(struct contracts *c)
{
	const sv_config *cfg = c->t->o->cfg;
	enum browse_col sort = c->q.sort;
	int desc = c->q.desc;
	int64_t green = (int64_t)cfg->rag_green * c->rag_q * 25;
	int64_t amber = (int64_t)cfg->rag_amber * c->rag_q * 25;

	browse_query_init(&c->q, c->fy);
	c->q.sort = sort;
	c->q.desc = desc;
	c->q.body = c->f.body;
	c->q.live_fy = c->f.live ? c->fy : 0;
	c->q.closed = c->f.closed;
	c->q.exceptions = c->f.exceptions;
	c->q.threshold = cfg->threshold;
	c->q.min_weight = cfg->min_weighting;
	c->q.awaiting = c->f.awaiting;
	c->q.supplier_id = c->supplier_id;
	c->q.measure_id = c->measure_id;
	c->q.rag = BR_ANY;
	switch (c->f.rag) {
	case FR_NONE:
		/* a future year has no RAG at all: every row is "none" */
		c->q.rag = c->rag_q == 0 ? BR_ANY : BR_NONE;
		break;
	case FR_RED:
		c->q.rag = BR_RANGE;
		c->q.bp_lo = 0;
		c->q.bp_hi = amber;
		break;
	case FR_AMBER:
		c->q.rag = BR_RANGE;
		c->q.bp_lo = amber;
		c->q.bp_hi = green;
		break;
	case FR_GREEN:
		c->q.rag = BR_RANGE;
		c->q.bp_lo = c->rag_q == 0 ? 0 : green;
		c->q.bp_hi = c->rag_q == 0 ? 0 : INT64_MAX;
		break;
	default:
		break;
	}
}

/* ---- the list's source -------------------------------------------------- */

static int64_t src_count(void *ctx, sv_err *err)
{
	struct contracts *c = ctx;

	return browse_contracts_count(c->t->o->db, &c->q, err);
}

static int src_fetch(void *ctx, const void *anchor, int forward, void *rows, int limit,
		     sv_err *err)
{
	struct contracts *c = ctx;

	return browse_contracts_page(c->t->o->db, &c->q, anchor, forward, rows, limit, err);
}

/* Column widths: money columns as wide as the widest amount of every
 * contract (so that they stay put while scrolling), with room for the sort
 * mark. */
static void layout(struct contracts *c, struct tui *t)
{
	static const struct {
		int col;
		size_t off;
	} money[] = {
		{ COL_VALUE, offsetof(browse_max, value) },
		{ COL_COMMITTED, offsetof(browse_max, committed) },
		{ COL_DELIVERED, offsetof(browse_max, delivered) },
		{ COL_VALIDATED, offsetof(browse_max, validated) },
	};

	if (c->laid_out_for == t->cols)
		return;
	memcpy(c->cols, columns, sizeof columns);
	for (size_t i = 0; i < sizeof money / sizeof money[0]; i++) {
		sv_pence max = *(const sv_pence *)(const void *)((const char *)&c->max + money[i].off);
		int col = money[i].col, w = ui_money_width(t, max, columns[col].title);

		if (w < ui_width(columns[col].title) + 1)
			w = ui_width(columns[col].title) + 1;
		c->cols[col].width = w;
	}
	ui_columns_layout(c->cols, NCOLS, t->cols, c->widths);
	c->laid_out_for = t->cols;
}

/* Cells at their widths, one space between the columns shown. */
static void draw_cells(struct contracts *c, struct tui *t, int y, const char *const cells[NCOLS])
{
	int x = 0, first = 1;

	for (int i = 0; i < NCOLS; i++) {
		if (c->widths[i] <= 0)
			continue;
		if (!first) {
			ui_fill(y, x, 1);
			x++;
		}
		first = 0;
		ui_text(t, y, x, c->widths[i], c->cols[i].align, cells[i]);
		x += c->widths[i];
	}
	if (x < t->cols)
		ui_fill(y, x, t->cols - x);
}

static const char *rag_text(enum report_rag r)
{
	return r == RAG_NONE ? "-" : report_rag_name(r);
}

static void src_draw_row(void *ctx, struct tui *t, int y, const void *row, int selected)
{
	struct contracts *c = ctx;
	const browse_contract *r = row;
	char value[40], weight[16], com[40], del[40], val[40], flags[6];
	const char *cells[NCOLS];

	money_format(r->value, t->money, value, sizeof value);
	percent_format(r->sv_weight, weight, sizeof weight);
	money_format(r->committed, t->money, com, sizeof com);
	money_format(r->delivered, t->money, del, sizeof del);
	money_format(r->validated, t->money, val, sizeof val);
	row_flags(c, r, flags);
	cells[COL_REF] = r->ref;
	cells[COL_TITLE] = r->title;
	cells[COL_SUPPLIER] = r->supplier;
	cells[COL_BODY] = body_name(r->body);
	cells[COL_VALUE] = value;
	cells[COL_WEIGHT] = weight;
	cells[COL_COMMITTED] = com;
	cells[COL_DELIVERED] = del;
	cells[COL_VALIDATED] = val;
	cells[COL_RAG] = rag_text(row_rag(c, r));
	cells[COL_FLAGS] = flags;
	ui_set_role(selected ? ROLE_SELECTED : ROLE_NORMAL);
	draw_cells(c, t, y, cells);
	ui_set_role(ROLE_NORMAL);
}

static const struct list_source source = {
	.row_size = sizeof(browse_contract),
	.count = src_count,
	.fetch = src_fetch,
	.draw_row = src_draw_row,
};

/* ---- reloading ---------------------------------------------------------- */

/* Whether row is in the list of the current query (its neighbour before
 * it, then the one after that, is the row itself). */
static int in_list(struct contracts *c, const browse_contract *row, sv_err *err)
{
	browse_contract prev, next;
	int k = browse_contracts_page(c->t->o->db, &c->q, row, 0, &prev, 1, err), j;

	if (k < 0)
		return -1;
	j = browse_contracts_page(c->t->o->db, &c->q, k == 1 ? &prev : NULL, 1, &next, 1, err);
	if (j < 0)
		return -1;
	return j == 1 && next.id == row->id;
}

/* The query changed: count again; the selected contract stays selected
 * when it is still in the list, else the first page shows. */
static int reload(struct contracts *c, sv_err *err)
{
	const browse_contract *sel = list_selected(&c->list);
	browse_contract keep;
	int64_t rank;
	int have = 0, k;

	if (sel != NULL) {
		k = browse_contract_get(c->t->o->db, sel->id, c->fy, &keep, err);
		if (k < 0)
			return -1;
		have = k == 1;
	}
	if (list_reset(&c->list, err) < 0)
		return -1;
	if (!have || c->list.total == 0)
		return 0;
	k = in_list(c, &keep, err);
	if (k <= 0)
		return k;
	rank = browse_contracts_rank(c->t->o->db, &c->q, &keep, err);
	if (rank < 0)
		return -1;
	return list_jump(&c->list, &keep, rank, err);
}

/* The year shown changed (here or in another view): the figures, the
 * money widths and the rules of the year. */
static int year_changed(struct contracts *c, sv_err *err)
{
	c->fy = c->t->fy;
	year_rules(c);
	if (browse_contracts_max(c->t->o->db, c->fy, &c->max, err) < 0)
		return -1;
	c->laid_out_for = 0;
	build_query(c);
	return reload(c, err);
}

/* A record changed at this desk (a form, a delete): the widths and the
 * rows read again, with the contract id selected (0: the one selected
 * before, where it still is in the list). */
static int rows_reread(struct contracts *c, int64_t id, sv_err *err)
{
	browse_contract row;
	int64_t rank;
	int k;

	c->changes = c->t->records_changed;
	if (browse_contracts_max(c->t->o->db, c->fy, &c->max, err) < 0)
		return -1;
	c->laid_out_for = 0;
	if (id == 0)
		return reload(c, err);
	k = browse_contract_get(c->t->o->db, id, c->fy, &row, err);
	if (k < 0 || list_reset(&c->list, err) < 0)
		return -1;
	if (k == 0 || c->list.total == 0)
		return 0;
	k = in_list(c, &row, err);
	if (k <= 0)
		return k;
	rank = browse_contracts_rank(c->t->o->db, &c->q, &row, err);
	if (rank < 0)
		return -1;
	return list_jump(&c->list, &row, rank, err);
}

/* ---- drawing ------------------------------------------------------------ */

static void draw_lines(struct tui *t, int y0, int h, const char *const *lines, int n)
{
	for (int i = 0; i < h; i++) {
		ui_set_role(ROLE_NORMAL);
		ui_fill(y0 + i, 0, 2);
		if (i >= 1 && i - 1 < n)
			ui_text(t, y0 + i, 2, t->cols - 2, ALIGN_LEFT, lines[i - 1]);
		else
			ui_fill(y0 + i, 0, t->cols);
	}
}

static void draw_empty(struct contracts *c, struct tui *t, int y0, int h)
{
	static const char *const none[] = {
		"No contracts yet.",
		"",
		"To get data in:",
		"  - try svdesk on demo data:           svdesk --demo",
		"  - import contracts from a CSV file:  svdesk import contracts FILE.csv",
		"",
		"Press ? for every key, q to quit.",
	};
	static const char *const filtered[] = {
		"No contracts match the filter (F clears it).",
	};
	static const char *const scoped[] = {
		"No contracts here in the year shown (y chooses another).",
	};

	if (any_filter(&c->f))
		draw_lines(t, y0, h, filtered, 1);
	else if (c->scope[0] != '\0')
		draw_lines(t, y0, h, scoped, 1);
	else
		draw_lines(t, y0, h, none, (int)(sizeof none / sizeof none[0]));
}

static void contracts_draw(struct view *v, struct tui *t, int y0, int h)
{
	struct contracts *c = v->priv;
	const char *titles[NCOLS];
	char marked[64];
	sv_err err = { 0 };

	if (c->fy != t->fy && year_changed(c, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
	else if (c->changes != t->records_changed && rows_reread(c, 0, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
	layout(c, t);
	for (int i = 0; i < NCOLS; i++)
		titles[i] = columns[i].title;
	/* the sorted column and its direction */
	snprintf(marked, sizeof marked, "%s%s", columns[c->q.sort].title,
		 t->utf8 ? (c->q.desc ? "\xe2\x96\xbc" : "\xe2\x96\xb2") : (c->q.desc ? "v" : "^"));
	titles[c->q.sort] = marked;
	ui_set_role(ROLE_HEADER);
	draw_cells(c, t, y0, titles);
	ui_set_role(ROLE_NORMAL);
	if (c->list.total == 0 || c->list.n == 0) {
		draw_empty(c, t, y0 + 1, h - 1);
		return;
	}
	list_draw(&c->list, t, y0 + 1);
}

/* ---- search ------------------------------------------------------------- */

/* Whether row matches text as browse_contracts_find matches it (the
 * folded ref, title or supplier holds the folded text). */
static int row_matches(const browse_contract *r, const char *text)
{
	char want[sizeof ((struct contracts *)0)->search * 2], have[sizeof r->title * 2];
	const char *fields[] = { r->ref, r->title, r->supplier };

	browse_fold(text, want, sizeof want);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
		browse_fold(fields[i], have, sizeof have);
		if (strstr(have, want) != NULL)
			return 1;
	}
	return 0;
}

static void search(struct contracts *c, struct tui *t, int forward, int ask)
{
	const browse_contract *sel = list_selected(&c->list);
	browse_contract found;
	sv_err err = { 0 };
	int64_t rank;
	int k, wrapped = 0;

	if (ask) {
		char text[sizeof c->search];

		if (ui_prompt(t, "Search: ", NULL, text, sizeof text) != PROMPT_ACCEPTED ||
		    text[0] == '\0')
			return;
		memcpy(c->search, text, sizeof text);
	}
	if (c->search[0] == '\0') {
		ui_status(t, 0, "no search yet: press / to search");
		return;
	}
	k = browse_contracts_find(t->o->db, &c->q, c->search, sel, forward, &found, &err);
	if (k == 0 && sel != NULL) {
		/* past the end: wrap round.  From the first row (the last, going
		 * back) only that row is left to look at: no second scan. */
		int64_t at = c->list.top + c->list.sel;

		if (forward ? at == 0 : at == c->list.total - 1) {
			k = row_matches(sel, c->search);
			if (k == 1)
				found = *sel;
		} else {
			k = browse_contracts_find(t->o->db, &c->q, c->search, NULL, forward, &found,
						  &err);
		}
		wrapped = 1;
	}
	if (k < 0) {
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	if (k == 0) {
		ui_status(t, 1, "no match for \"%s\"", c->search);
		return;
	}
	rank = browse_contracts_rank(t->o->db, &c->q, &found, &err);
	if (rank < 0 || list_jump(&c->list, &found, rank, &err) < 0) {
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	if (wrapped)
		ui_status(t, 0, forward ? "search wrapped to the top" :
			  "search wrapped to the bottom");
}

/* ---- sort, filter, year ------------------------------------------------- */

static void sort(struct contracts *c, struct tui *t, int reverse)
{
	sv_err err = { 0 };
	char mark[8];

	if (reverse) {
		c->q.desc = !c->q.desc;
	} else {
		c->q.sort = (enum browse_col)((c->q.sort + 1) % BC_COUNT);
		c->q.desc = 0;
	}
	if (reload(c, &err) < 0) {
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	snprintf(mark, sizeof mark, "%s", t->utf8 ? (c->q.desc ? "\xe2\x96\xbc" : "\xe2\x96\xb2") :
		 (c->q.desc ? "v" : "^"));
	ui_status(t, 0, "sorted by %s %s (%s)", columns[c->q.sort].title, mark,
		  c->q.desc ? "descending" : "ascending");
}

/* The filter's choices, each a change of one part of it. */
enum fitem {
	FI_BODY_ANY, FI_BODY_WMP, FI_BODY_OPCC, FI_LIVE,
	FI_RAG_ANY, FI_RAG_RED, FI_RAG_AMBER, FI_RAG_GREEN, FI_RAG_NONE,
	FI_STATUS_ANY, FI_ACTIVE, FI_CLOSED, FI_EXCEPTIONS, FI_AWAITING, FI_CLEAR,
	FI_COUNT
};

static void choose_filter(struct contracts *c, struct tui *t)
{
	struct pick_item items[FI_COUNT];
	struct filter *f = &c->f;
	char live[48], fy[8];
	sv_err err = { 0 };
	int k;

	snprintf(live, sizeof live, "Year: live in %s (its dates)", fy_format(c->fy, fy));
	items[FI_BODY_ANY] = (struct pick_item){ "Body: any", f->body < 0 };
	items[FI_BODY_WMP] = (struct pick_item){ "Body: WMP", f->body == BODY_WMP };
	items[FI_BODY_OPCC] = (struct pick_item){ "Body: OPCC", f->body == BODY_OPCC };
	items[FI_LIVE] = (struct pick_item){ live, f->live };
	items[FI_RAG_ANY] = (struct pick_item){ "RAG: any", f->rag == FR_ANY };
	items[FI_RAG_RED] = (struct pick_item){ "RAG: red", f->rag == FR_RED };
	items[FI_RAG_AMBER] = (struct pick_item){ "RAG: amber", f->rag == FR_AMBER };
	items[FI_RAG_GREEN] = (struct pick_item){ "RAG: green", f->rag == FR_GREEN };
	items[FI_RAG_NONE] = (struct pick_item){ "RAG: none (nothing committed)", f->rag == FR_NONE };
	items[FI_STATUS_ANY] = (struct pick_item){ "Status: any", f->closed < 0 };
	items[FI_ACTIVE] = (struct pick_item){ "Status: active", f->closed == 0 };
	items[FI_CLOSED] = (struct pick_item){ "Status: closed", f->closed == 1 };
	items[FI_EXCEPTIONS] = (struct pick_item){ "Policy exceptions only (E)", f->exceptions };
	items[FI_AWAITING] = (struct pick_item){ "Awaiting validation only (A)", f->awaiting };
	items[FI_CLEAR] = (struct pick_item){ "Clear every filter", 0 };
	k = ui_pick(t, "Filter", items, FI_COUNT, 0);
	if (k < 0)
		return;
	switch ((enum fitem)k) {
	case FI_BODY_ANY: f->body = -1; break;
	case FI_BODY_WMP: f->body = BODY_WMP; break;
	case FI_BODY_OPCC: f->body = BODY_OPCC; break;
	case FI_LIVE: f->live = !f->live; break;
	case FI_RAG_ANY: f->rag = FR_ANY; break;
	case FI_RAG_RED: f->rag = FR_RED; break;
	case FI_RAG_AMBER: f->rag = FR_AMBER; break;
	case FI_RAG_GREEN: f->rag = FR_GREEN; break;
	case FI_RAG_NONE: f->rag = FR_NONE; break;
	case FI_STATUS_ANY: f->closed = -1; break;
	case FI_ACTIVE: f->closed = 0; break;
	case FI_CLOSED: f->closed = 1; break;
	case FI_EXCEPTIONS: f->exceptions = !f->exceptions; break;
	case FI_AWAITING: f->awaiting = !f->awaiting; break;
	case FI_CLEAR: filter_clear(f); break;
	default: break;
	}
	build_query(c);
	if (reload(c, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
}

static void clear_filter(struct contracts *c, struct tui *t)
{
	sv_err err = { 0 };

	if (!any_filter(&c->f)) {
		ui_status(t, 0, "no filter to clear");
		return;
	}
	filter_clear(&c->f);
	build_query(c);
	if (reload(c, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
	else
		ui_status(t, 0, "every filter cleared");
}

#define YEARS_MAX 64

/* The years with commitments and the current one, ascending. */
static int year_list(struct tui *t, int *years, sv_err *err)
{
	int n = browse_years(t->o->db, years, YEARS_MAX - 1, err), now = fy_of_date(t->o->now.date);
	int i;

	if (n < 0)
		return -1;
	for (i = 0; i < n && years[i] < now; i++)
		;
	if (i == n || years[i] != now) {
		memmove(years + i + 1, years + i, (size_t)(n - i) * sizeof *years);
		years[i] = now;
		n++;
	}
	return n;
}

/* The desk's year picker (y in every list and tree): the years with
 * commitments and the current one; sets t->fy.  1 when the year changed,
 * 0 when not (cancelled, or the same), -1 on an error (in the footer). */
int ui_year_pick(struct tui *t)
{
	int years[YEARS_MAX], n, k, sel = 0, now = fy_of_date(t->o->now.date);
	char labels[YEARS_MAX][32];
	struct pick_item items[YEARS_MAX];
	sv_err err = { 0 };

	n = year_list(t, years, &err);
	if (n < 0) {
		ui_status(t, 1, "%s", err.msg);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		char fy[8];

		snprintf(labels[i], sizeof labels[i], "%s%s", fy_format(years[i], fy),
			 years[i] == now ? " (this year)" : "");
		items[i].label = labels[i];
		items[i].marked = years[i] == t->fy;
		if (years[i] == t->fy)
			sel = i;
	}
	k = ui_pick(t, "Financial year", items, n, sel);
	if (k < 0 || years[k] == t->fy)
		return 0;
	t->fy = years[k];
	return 1;
}

static void choose_year(struct contracts *c, struct tui *t)
{
	sv_err err = { 0 };

	if (ui_year_pick(t) == 1 && year_changed(c, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
}

static void open_selected(struct contracts *c, struct tui *t)
{
	const browse_contract *sel = list_selected(&c->list);
	struct view *d;
	sv_err err = { 0 };

	if (sel == NULL)
		return;
	d = view_contract_new(t, sel->id, &err);
	if (d == NULL || ui_push(t, d) < 0)
		ui_status(t, 1, "%s", d == NULL ? err.msg : "too many views open");
}

/* A and E: the contract's form; after a save the list shows it selected
 * (unless a filter leaves it out: the footer says so). */
static void contract_form(struct contracts *c, struct tui *t, int edit)
{
	const browse_contract *sel = list_selected(&c->list);
	int64_t id = 0;
	sv_err err = { 0 };
	char saved[sizeof t->status];

	if (edit && sel == NULL) {
		ui_status(t, 0, "no contract selected to edit");
		return;
	}
	if (ui_form(t, REC_CONTRACT, edit ? sel->id : 0, NULL, &id) != UF_SAVED)
		return;
	snprintf(saved, sizeof saved, "%s", t->status);
	if (rows_reread(c, id, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
	else if (list_selected(&c->list) == NULL ||
		 ((const browse_contract *)list_selected(&c->list))->id != id)
		ui_status(t, 0, "%s (not in the list as filtered)", saved);
}

/* D: asks first; refused when others depend on the contract. */
static void contract_delete(struct contracts *c, struct tui *t)
{
	const browse_contract *sel = list_selected(&c->list);
	sv_err err = { 0 };

	if (sel == NULL) {
		ui_status(t, 0, "no contract selected to delete");
		return;
	}
	if (ui_record_delete(t, REC_CONTRACT, sel->id) == UF_SAVED && rows_reread(c, 0, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
}

static int contracts_act(struct view *v, struct tui *t, enum action_id a)
{
	struct contracts *c = v->priv;
	sv_err err = { 0 };
	int rc;

	switch (a) {
	case ACT_OPEN: open_selected(c, t); return 1;
	case ACT_SEARCH: search(c, t, 1, 1); return 1;
	case ACT_SEARCH_NEXT: search(c, t, 1, 0); return 1;
	case ACT_SEARCH_PREV: search(c, t, 0, 0); return 1;
	case ACT_SORT: sort(c, t, 0); return 1;
	case ACT_SORT_REVERSE: sort(c, t, 1); return 1;
	case ACT_FILTER: choose_filter(c, t); return 1;
	case ACT_FILTER_CLEAR: clear_filter(c, t); return 1;
	case ACT_YEAR: choose_year(c, t); return 1;
	case ACT_ADD: contract_form(c, t, 0); return 1;
	case ACT_EDIT: contract_form(c, t, 1); return 1;
	case ACT_DELETE: contract_delete(c, t); return 1;
	default: break;
	}
	rc = list_act(&c->list, a, &err);
	if (rc < 0)
		ui_status(t, 1, "%s", err.msg);
	return rc != 0;
}

/* "supplier: Acme Ltd  filter: OPCC, red" */
static void contracts_title(struct view *v, char *buf, size_t n)
{
	struct contracts *c = v->priv;
	const struct filter *f = &c->f;
	static const char *const rags[] = { "", "red", "amber", "green", "no RAG" };
	const char *parts[8];
	char live[24], fy[8];
	int k = 0;
	size_t o = 0;

	if (n == 0)
		return;
	buf[0] = '\0';
	if (c->scope[0] != '\0')
		o += (size_t)snprintf(buf, n, "%s", c->scope);
	if (!any_filter(f) || o >= n)
		return;
	if (f->body >= 0)
		parts[k++] = body_name((enum sv_body)f->body);
	if (f->live) {
		snprintf(live, sizeof live, "live %s", fy_format(c->fy, fy));
		parts[k++] = live;
	}
	if (f->rag != FR_ANY)
		parts[k++] = rags[f->rag];
	if (f->closed >= 0)
		parts[k++] = f->closed ? "closed" : "active";
	if (f->exceptions)
		parts[k++] = "exceptions";
	if (f->awaiting)
		parts[k++] = "awaiting";
	o += (size_t)snprintf(buf + o, n - o, "%sfilter: ", o > 0 ? "  " : "");
	for (int i = 0; i < k && o < n; i++)
		o += (size_t)snprintf(buf + o, n - o, "%s%s", i > 0 ? ", " : "", parts[i]);
}

static void contracts_close(struct view *v)
{
	struct contracts *c = v->priv;

	list_free(&c->list);
	free(c);
	free(v);
}

/* Row 0 of the body is the header: the list starts below it.  A double
 * click opens the row as Enter does. */
static int contracts_mouse(struct view *v, struct tui *t, int row, int x, int kind)
{
	struct contracts *c = v->priv;
	int rc = list_mouse(&c->list, row - 1, kind);

	(void)x;
	if (rc == 2)
		v->ops->act(v, t, ACT_OPEN);
	return rc != 0;
}

static const struct view_ops contracts_ops = {
	.name = "contracts",
	.contexts = CTX_GLOBAL | CTX_MOVE | CTX_LIST,
	.draw = contracts_draw,
	.act = contracts_act,
	.resize = list_view_resize,
	.cursor = list_view_cursor,
	.position = list_view_position,
	.close = contracts_close,
	.mouse = contracts_mouse,
	.title = contracts_title,
};

struct view *view_contracts_scoped(struct tui *t, int64_t supplier_id, int64_t measure_id,
				   const char *label, sv_err *err)
{
	struct view *v = calloc(1, sizeof *v);
	struct contracts *c = calloc(1, sizeof *c);

	if (v == NULL || c == NULL) {
		free(v);
		free(c);
		sv_err_set(err, "out of memory");
		return NULL;
	}
	c->t = t;
	c->changes = t->records_changed;
	c->supplier_id = supplier_id;
	c->measure_id = measure_id;
	snprintf(c->scope, sizeof c->scope, "%s", label != NULL ? label : "");
	c->fy = t->fy;
	year_rules(c);
	filter_clear(&c->f);
	c->q.sort = BC_REF;
	build_query(c);
	if (browse_contracts_max(t->o->db, c->fy, &c->max, err) < 0 ||
	    list_init(&c->list, &source, c, err) < 0) {
		free(v);
		free(c);
		return NULL;
	}
	v->ops = &contracts_ops;
	v->priv = c;
	return v;
}

struct view *view_contracts_new(struct tui *t, sv_err *err)
{
	return view_contracts_scoped(t, 0, 0, NULL, err);
}
