/* view_suppliers.c: the suppliers list (key 3): each supplier's contracts,
 * their total value, and the year's £SV committed, delivered and
 * validated.  Keyset pages (browse_suppliers_*), so it costs the same at
 * any size; sorted on any column, searched on the name. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/browse.h"
#include "svdesk/db.h"
#include "ui.h"

/* The screen's columns are browse_scol's, in its order. */
#define NCOLS BSC_COUNT

/* When the row is narrow the count leaves first, then the delivered
 * figure: money is left out whole rather than cut. */
static const struct ui_column columns[NCOLS] = {
	[BSC_NAME] = { "Supplier", 0, 12, 1, ALIGN_LEFT, 0 },
	[BSC_CONTRACTS] = { "Contracts", 9, 0, 0, ALIGN_RIGHT, 2 },
	[BSC_VALUE] = { "Value", 0, 0, 0, ALIGN_RIGHT, 0 },
	[BSC_COMMITTED] = { "Committed", 0, 0, 0, ALIGN_RIGHT, 0 },
	[BSC_DELIVERED] = { "Delivered", 0, 0, 0, ALIGN_RIGHT, 1 },
	[BSC_VALIDATED] = { "Validated", 0, 0, 0, ALIGN_RIGHT, 0 },
};

/* What the title bar calls each sort. */
static const char *const sort_names[NCOLS] = {
	[BSC_NAME] = "name", [BSC_CONTRACTS] = "contracts", [BSC_VALUE] = "value",
	[BSC_COMMITTED] = "committed", [BSC_DELIVERED] = "delivered",
	[BSC_VALIDATED] = "validated",
};

struct suppliers {
	struct list list;          /* first: the list view's hooks find it */
	struct tui *t;
	browse_squery q;
	browse_max max;            /* the widest figures of the year, every supplier */
	struct ui_column cols[NCOLS];
	char titles[NCOLS][32];    /* headings, the sorted one marked */
	int widths[NCOLS];
	int laid_out_for;          /* the width the columns were computed for; 0: again */
	char search[256];          /* the last search, as typed */
	unsigned changes;          /* t->records_changed when the rows were read */
};

static int64_t src_count(void *ctx, sv_err *err)
{
	struct suppliers *s = ctx;

	return browse_suppliers_count(s->t->o->db, &s->q, err);
}

static int src_fetch(void *ctx, const void *anchor, int forward, void *rows, int limit,
		     sv_err *err)
{
	struct suppliers *s = ctx;

	return browse_suppliers_page(s->t->o->db, &s->q, anchor, forward, rows, limit, err);
}

/* The headings: the sorted column marked with its direction (▲ ascending,
 * ▼ descending; ^ and v outside UTF-8). */
static void make_titles(struct suppliers *s, struct tui *t)
{
	for (int i = 0; i < NCOLS; i++) {
		if (i == (int)s->q.sort) {
			/* a letter mark stands apart from the title's letters */
			const char *mark = t->utf8 ? (s->q.desc ? "\u25bc" : "\u25b2") :
				(s->q.desc ? "v " : " ^");

			if (columns[i].align == ALIGN_RIGHT)
				snprintf(s->titles[i], sizeof s->titles[i], "%s%s", mark,
					 columns[i].title);
			else
				snprintf(s->titles[i], sizeof s->titles[i], "%s%s",
					 columns[i].title, mark);
		} else {
			snprintf(s->titles[i], sizeof s->titles[i], "%s", columns[i].title);
		}
		s->cols[i].title = s->titles[i];
	}
}

static void layout(struct suppliers *s, struct tui *t)
{
	if (s->laid_out_for == t->cols)
		return;
	memcpy(s->cols, columns, sizeof columns);
	make_titles(s, t);
	/* Money is never cut: the widest figure over every supplier, not
	 * just those on screen, so that the columns stay put while scrolling. */
	s->cols[BSC_VALUE].width = ui_money_width(t, s->max.value, s->titles[BSC_VALUE]);
	s->cols[BSC_COMMITTED].width = ui_money_width(t, s->max.committed,
						      s->titles[BSC_COMMITTED]);
	s->cols[BSC_DELIVERED].width = ui_money_width(t, s->max.delivered,
						      s->titles[BSC_DELIVERED]);
	s->cols[BSC_VALIDATED].width = ui_money_width(t, s->max.validated,
						      s->titles[BSC_VALIDATED]);
	if (s->cols[BSC_CONTRACTS].width < ui_width(s->titles[BSC_CONTRACTS]))
		s->cols[BSC_CONTRACTS].width = ui_width(s->titles[BSC_CONTRACTS]);
	ui_columns_layout(s->cols, NCOLS, t->cols, s->widths);
	s->laid_out_for = t->cols;
}

static void draw_cells(struct suppliers *s, struct tui *t, int y, const char *const cells[NCOLS])
{
	int x = 0, first = 1;

	for (int i = 0; i < NCOLS; i++) {
		if (s->widths[i] <= 0)
			continue;      /* left out: the row is too narrow */
		if (!first) {
			ui_fill(y, x, 1);
			x++;
		}
		first = 0;
		ui_text(t, y, x, s->widths[i], s->cols[i].align, cells[i]);
		x += s->widths[i];
	}
	if (x < t->cols)
		ui_fill(y, x, t->cols - x);
}

static void src_draw_row(void *ctx, struct tui *t, int y, const void *row, int selected)
{
	struct suppliers *s = ctx;
	const browse_supplier *r = row;
	char count[24], value[40], c[40], d[40], v[40];
	const char *cells[NCOLS];

	snprintf(count, sizeof count, "%lld", (long long)r->contracts);
	cells[BSC_NAME] = r->name;
	cells[BSC_CONTRACTS] = count;
	cells[BSC_VALUE] = money_format(r->value, t->money, value, sizeof value);
	cells[BSC_COMMITTED] = money_format(r->committed, t->money, c, sizeof c);
	cells[BSC_DELIVERED] = money_format(r->delivered, t->money, d, sizeof d);
	cells[BSC_VALIDATED] = money_format(r->validated, t->money, v, sizeof v);
	ui_set_role(selected ? ROLE_SELECTED : ROLE_NORMAL);
	draw_cells(s, t, y, cells);
	ui_set_role(ROLE_NORMAL);
}

static const struct list_source source = {
	.row_size = sizeof(browse_supplier),
	.count = src_count,
	.fetch = src_fetch,
	.draw_row = src_draw_row,
};

/* The year's figures: the widest of each money column, for the layout. */
static int read_max(struct suppliers *s, sv_err *err)
{
	if (browse_suppliers_max(s->t->o->db, s->q.fy, &s->max, err) < 0)
		return -1;
	s->laid_out_for = 0;
	return 0;
}

/* The query changed (sort, direction, year): show the first page; with
 * keep, the selected supplier stays selected at its place in the new order
 * (its row holds every sort key, so it anchors the pages around it). */
static int requery(struct suppliers *s, int keep, sv_err *err)
{
	const browse_supplier *sel = list_selected(&s->list);
	browse_supplier row;
	int64_t rank;
	int had = sel != NULL;

	s->laid_out_for = 0;
	if (!keep || !had)
		return list_reset(&s->list, err);
	/* straight to the kept row: a list sorted on a figure reads every
	 * supplier's totals for each page, so no first page on the way */
	row = *sel;
	s->list.total = browse_suppliers_count(s->t->o->db, &s->q, err);
	if (s->list.total < 0)
		return -1;
	rank = browse_suppliers_rank(s->t->o->db, &s->q, &row, err);
	if (rank < 0)
		return -1;
	return list_jump(&s->list, &row, rank, err);
}

static void draw_empty(struct tui *t, int y0, int h)
{
	static const char *const lines[] = {
		"No suppliers yet.",
		"",
		"Suppliers come with their contracts:",
		"  svdesk import contracts FILE.csv",
	};
	int n = (int)(sizeof lines / sizeof lines[0]);

	ui_set_role(ROLE_NORMAL);
	for (int i = 0; i < h; i++) {
		if (i >= 1 && i - 1 < n) {
			ui_fill(y0 + i, 0, 2);
			ui_text(t, y0 + i, 2, t->cols - 2, ALIGN_LEFT, lines[i - 1]);
		} else {
			ui_fill(y0 + i, 0, t->cols);
		}
	}
}

/* The year shown is the desk's: a list above this one may have changed it. */
static void follow_year(struct suppliers *s, struct tui *t)
{
	sv_err err = { 0 };

	if (s->q.fy == t->fy)
		return;
	s->q.fy = t->fy;
	if (read_max(s, &err) < 0 || requery(s, 0, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
}

/* A record changed at this desk (a form, a delete): the figures and the
 * rows read again, with the supplier id selected (0: the one selected
 * before, where it still is). */
static int rows_reread(struct suppliers *s, int64_t id, const char *name, sv_err *err)
{
	browse_supplier row;
	char keep[sizeof row.name];
	int64_t rank;
	int k;

	s->changes = s->t->records_changed;
	if (read_max(s, err) < 0)
		return -1;
	if (id == 0) {
		const browse_supplier *sel = list_selected(&s->list);

		if (sel == NULL)
			return list_reset(&s->list, err);
		id = sel->id;
		snprintf(keep, sizeof keep, "%s", sel->name);
		name = keep;
	}
	/* the first name holding this one, then on to the supplier itself */
	k = browse_suppliers_find(s->t->o->db, &s->q, name, NULL, 1, &row, err);
	while (k == 1 && row.id != id) {
		browse_supplier from = row;

		k = browse_suppliers_find(s->t->o->db, &s->q, name, &from, 1, &row, err);
	}
	if (k < 0)
		return -1;
	if (k == 0)
		return list_reset(&s->list, err);
	s->list.total = browse_suppliers_count(s->t->o->db, &s->q, err);
	if (s->list.total < 0)
		return -1;
	rank = browse_suppliers_rank(s->t->o->db, &s->q, &row, err);
	if (rank < 0)
		return -1;
	return list_jump(&s->list, &row, rank, err);
}

/* A and E: the supplier's form; the list shows it selected after a save. */
static void supplier_form(struct suppliers *s, struct tui *t, int edit)
{
	const browse_supplier *sel = list_selected(&s->list);
	int64_t id = 0;
	char name[256];
	sv_err err = { 0 };

	if (edit && sel == NULL) {
		ui_status(t, 0, "no supplier selected to edit");
		return;
	}
	if (ui_form(t, REC_SUPPLIER, edit ? sel->id : 0, NULL, &id) != UF_SAVED)
		return;
	if (rec_name(t->o->db, REC_SUPPLIER, id, name, sizeof name, &err) < 0 ||
	    rows_reread(s, id, name, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
}

/* D: asks first; refused while the supplier has contracts. */
static void supplier_delete(struct suppliers *s, struct tui *t)
{
	const browse_supplier *sel = list_selected(&s->list);
	sv_err err = { 0 };

	if (sel == NULL) {
		ui_status(t, 0, "no supplier selected to delete");
		return;
	}
	if (ui_record_delete(t, REC_SUPPLIER, sel->id) == UF_SAVED) {
		s->changes = t->records_changed;
		if (read_max(s, &err) < 0 || list_reset(&s->list, &err) < 0)
			ui_status(t, 1, "%s", err.msg);
	}
}

static void suppliers_draw(struct view *v, struct tui *t, int y0, int h)
{
	struct suppliers *s = v->priv;
	const char *titles[NCOLS];
	sv_err err = { 0 };

	follow_year(s, t);
	if (s->changes != t->records_changed && rows_reread(s, 0, NULL, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
	layout(s, t);
	for (int i = 0; i < NCOLS; i++)
		titles[i] = s->titles[i];
	ui_set_role(ROLE_HEADER);
	draw_cells(s, t, y0, titles);
	ui_set_role(ROLE_NORMAL);
	if (s->list.total == 0) {
		draw_empty(t, y0 + 1, h - 1);
		return;
	}
	list_draw(&s->list, t, y0 + 1);
}

static void open_selected(struct suppliers *s, struct tui *t)
{
	const browse_supplier *r = list_selected(&s->list);
	struct view *c;
	sv_err err = { 0 };
	char label[300];

	if (r == NULL)
		return;
	snprintf(label, sizeof label, "supplier %s", r->name);
	c = view_contracts_scoped(t, r->id, 0, label, &err);
	if (c == NULL)
		ui_status(t, 1, "%s", err.msg);
	else if (ui_push(t, c) < 0)
		ui_status(t, 1, "too many views open");
}

/* Said when n or N comes before any search: with the key bound now. */
static void no_search_yet(struct tui *t)
{
	char key[32];

	if (t->km->keys[ACT_SEARCH][0] == 0)
		ui_status(t, 0, "no search yet");
	else
		ui_status(t, 0, "no search yet: press %s to search",
			  key_label(t->km->keys[ACT_SEARCH][0], key, sizeof key));
}

/* The next supplier (forward) or previous one whose name holds the search,
 * from the selected one, round the ends with a word in the footer. */
static int search_step(struct suppliers *s, struct tui *t, int forward, sv_err *err)
{
	const browse_supplier *from = list_selected(&s->list);
	browse_supplier found;
	int64_t rank;
	int rc, wrapped = 0;

	if (s->search[0] == '\0') {
		no_search_yet(t);
		return 0;
	}
	rc = browse_suppliers_find(t->o->db, &s->q, s->search, from, forward, &found, err);
	if (rc == 0 && from != NULL) {
		wrapped = 1;
		rc = browse_suppliers_find(t->o->db, &s->q, s->search, NULL, forward, &found, err);
	}
	if (rc < 0)
		return -1;
	if (rc == 0) {
		ui_status(t, 1, "no supplier matches \"%s\"", s->search);
		return 0;
	}
	rank = browse_suppliers_rank(t->o->db, &s->q, &found, err);
	if (rank < 0 || list_jump(&s->list, &found, rank, err) < 0)
		return -1;
	if (wrapped)
		ui_status(t, 0, "search wrapped to the %s", forward ? "top" : "bottom");
	return 0;
}

static int search(struct suppliers *s, struct tui *t, sv_err *err)
{
	char text[sizeof s->search];

	if (ui_prompt(t, "Search: ", NULL, text, sizeof text) != PROMPT_ACCEPTED ||
	    text[0] == '\0')
		return 0;
	snprintf(s->search, sizeof s->search, "%s", text);
	return search_step(s, t, 1, err);
}

static int suppliers_act(struct view *v, struct tui *t, enum action_id a)
{
	struct suppliers *s = v->priv;
	sv_err err = { 0 };
	int rc = 1;

	follow_year(s, t);
	switch (a) {
	case ACT_OPEN:
		open_selected(s, t);
		break;
	case ACT_SEARCH:
		rc = search(s, t, &err) < 0 ? -1 : 1;
		break;
	case ACT_SEARCH_NEXT:
	case ACT_SEARCH_PREV:
		rc = search_step(s, t, a == ACT_SEARCH_NEXT, &err) < 0 ? -1 : 1;
		break;
	case ACT_SORT:
		s->q.sort = (enum browse_scol)(((int)s->q.sort + 1) % NCOLS);
		rc = requery(s, 1, &err) < 0 ? -1 : 1;
		break;
	case ACT_SORT_REVERSE:
		s->q.desc = !s->q.desc;
		rc = requery(s, 1, &err) < 0 ? -1 : 1;
		break;
	case ACT_FILTER:
	case ACT_FILTER_CLEAR:
		ui_status(t, 0, "the suppliers list has no filters (search finds a name)");
		break;
	case ACT_YEAR:
		if (ui_year_pick(t) == 1)
			follow_year(s, t);
		break;
	case ACT_ADD:
	case ACT_EDIT:
		supplier_form(s, t, a == ACT_EDIT);
		break;
	case ACT_DELETE:
		supplier_delete(s, t);
		break;
	default:
		rc = list_act(&s->list, a, &err);
		break;
	}
	if (rc < 0)
		ui_status(t, 1, "%s", err.msg);
	return rc != 0;
}

/* A click selects a row, a double click opens it; a click on a heading sorts on that column (again: the other way). */
static int suppliers_mouse(struct view *v, struct tui *t, int row, int x, int kind)
{
	struct suppliers *s = v->priv;
	sv_err err = { 0 };

	if (kind == UI_WHEEL_UP || kind == UI_WHEEL_DOWN)
		return 0;  /* the desk moves three rows */
	if (row == 0) {
		int cx = 0, first = 1;

		if (kind != UI_CLICK)
			return 1;
		for (int i = 0; i < NCOLS; i++) {
			if (s->widths[i] <= 0)
				continue;
			if (!first)
				cx++;
			first = 0;
			if (x >= cx && x < cx + s->widths[i]) {
				if ((int)s->q.sort == i)
					s->q.desc = !s->q.desc;
				else
					s->q.sort = (enum browse_scol)i;
				if (requery(s, 1, &err) < 0)
					ui_status(t, 1, "%s", err.msg);
				break;
			}
			cx += s->widths[i];
		}
		return 1;
	}
	if (list_mouse(&s->list, row - 1, kind) == 2)
		open_selected(s, t);
	return 1;
}

static void suppliers_title(struct view *v, char *buf, size_t n)
{
	struct suppliers *s = v->priv;
	const char *mark = s->t->utf8 ? (s->q.desc ? "\u25bc" : "\u25b2") :
		(s->q.desc ? "v" : "^");

	snprintf(buf, n, "Suppliers  sort: %s %s", sort_names[s->q.sort], mark);
}

static void suppliers_close(struct view *v)
{
	struct suppliers *s = v->priv;

	list_free(&s->list);
	free(s);
	free(v);
}

/* No filters: search finds a supplier by name. */
static const enum action_id suppliers_lacks[] = {
	ACT_FILTER, ACT_FILTER_CLEAR, ACT_NONE
};

static const struct view_ops suppliers_ops = {
	.lacks = suppliers_lacks,
	.name = "suppliers",
	.contexts = CTX_GLOBAL | CTX_MOVE | CTX_LIST,
	.draw = suppliers_draw,
	.act = suppliers_act,
	.resize = list_view_resize,
	.cursor = list_view_cursor,
	.position = list_view_position,
	.close = suppliers_close,
	.mouse = suppliers_mouse,
	.title = suppliers_title,
};

struct view *view_suppliers_new(struct tui *t, sv_err *err)
{
	struct view *v = calloc(1, sizeof *v);
	struct suppliers *s = calloc(1, sizeof *s);

	if (v == NULL || s == NULL) {
		free(v);
		free(s);
		sv_err_set(err, "out of memory");
		return NULL;
	}
	s->t = t;
	s->changes = t->records_changed;
	s->q.fy = t->fy;
	s->q.sort = BSC_NAME;
	s->q.desc = 0;
	if (read_max(s, err) < 0 || list_init(&s->list, &source, s, err) < 0) {
		free(v);
		free(s);
		return NULL;
	}
	v->ops = &suppliers_ops;
	v->priv = s;
	return v;
}
