/* view_proxies.c: the proxy sets (key 7).
 *
 * Above, the sets: name, illustrative or licensed, which is current, when
 * created; the selected one (Left/Right) is the one c makes current, after
 * asking.  Below, the values per measure side by side: code, title, unit,
 * then one column per set, the current set's marked "*".  The measures are
 * keyset pages (db_proxy_rows_page).  At most PROXY_SETS_MAX sets are read
 * at a time: with more, the sets shown are a window that Left/Right slide
 * at its edges; it opens on the current set. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/db.h"
#include "svdesk/proxies.h"
#include "ui.h"

enum { PC_CODE, PC_TITLE, PC_UNIT, PC_SETS };
#define NCOLS (PC_SETS + PROXY_SETS_MAX)

/* the sets block's columns */
enum { SC_NAME, SC_KIND, SC_CURRENT, SC_CREATED, SC_COUNT };

static const struct ui_column set_columns[SC_COUNT] = {
	[SC_NAME] = { "Proxy set", 0, 12, 1, ALIGN_LEFT, 0 },
	[SC_KIND] = { "Kind", 12, 0, 0, ALIGN_LEFT, 0 },
	[SC_CURRENT] = { "Current", 9, 0, 0, ALIGN_LEFT, 0 },
	[SC_CREATED] = { "Created", 16, 0, 0, ALIGN_LEFT, 1 },
};

struct proxies {
	struct list list;          /* first: the list's hooks find it */
	struct tui *t;
	db_proxy_set_row sets[PROXY_SETS_MAX];
	int64_t set_ids[PROXY_SETS_MAX];
	int nsets;
	int64_t total_sets;        /* how many exist (more than nsets: not all shown) */
	int64_t first;             /* the sets before the window */
	int64_t current_at;        /* the current set's place among all, -1 none */
	int opened;
	int code_width;            /* the longest measure code, never cut */
	int sel;                   /* the selected set */
	int block;                 /* rows of the sets block (heading, sets, a blank) */
	struct ui_column cols[NCOLS];
	char titles[NCOLS][80];
	int widths[NCOLS];
	int set_widths[SC_COUNT];
	int laid_out_for;          /* the width the columns were computed for; 0: again */
};

/* ---- the sets ------------------------------------------------------------------- */

static int read_window(struct proxies *p, sv_err *err)
{
	return db_proxy_sets_read(p->t->o->db, p->first, p->sets, PROXY_SETS_MAX, &p->nsets,
				  &p->total_sets, &p->current_at, err);
}

static int read_sets(struct proxies *p, sv_err *err)
{
	int64_t keep = p->nsets > 0 ? p->sets[p->sel].id : 0;
	int64_t keep_at = p->first + p->sel;

	if (read_window(p, err) < 0)
		return -1;
	/* at first the window ends on the current set when it would not show */
	if (!p->opened) {
		p->opened = 1;
		if (p->current_at >= PROXY_SETS_MAX) {
			p->first = p->current_at - PROXY_SETS_MAX + 1;
			if (read_window(p, err) < 0)
				return -1;
		}
	}
	p->code_width = db_proxy_code_width(p->t->o->db, err);
	if (p->code_width < 0)
		return -1;
	if (p->code_width < 4)
		p->code_width = 4;   /* "Code" */
	/* the selection stays on its set (sets are never deleted: it is where
	 * it was); at first, on the current one */
	p->sel = keep != 0 && keep_at - p->first < p->nsets ? (int)(keep_at - p->first) : 0;
	for (int i = 0; i < p->nsets; i++) {
		p->set_ids[i] = p->sets[i].id;
		if (keep != 0 ? p->sets[i].id == keep : p->sets[i].current)
			p->sel = i;
	}
	p->laid_out_for = 0;
	return 0;
}

/* ---- the measures ------------------------------------------------------------- */

static int64_t src_count(void *ctx, sv_err *err)
{
	struct proxies *p = ctx;

	return db_proxy_rows_count(p->t->o->db, err);
}

static int src_fetch(void *ctx, const void *anchor, int forward, void *rows, int limit,
		     sv_err *err)
{
	struct proxies *p = ctx;

	return db_proxy_rows_page(p->t->o->db, p->set_ids, p->nsets, anchor, forward, rows,
				  limit, err);
}

static void value_text(struct tui *t, const db_proxy_row *r, int i, char *buf, size_t n)
{
	char num[40];

	if (!r->listed[i])
		snprintf(buf, n, "-");
	else if (!r->has[i])
		snprintf(buf, n, "record only");
	else
		snprintf(buf, n, "%s%s", t->money == MONEY_POUND ? "\xC2\xA3" : "GBP ",
			 proxy_format(r->proxy[i], num, sizeof num));
}

static void layout(struct proxies *p, struct tui *t)
{
	if (p->laid_out_for == t->cols)
		return;
	memset(p->cols, 0, sizeof p->cols);
	p->cols[PC_CODE] = (struct ui_column){ "Code", p->code_width, 0, 0, ALIGN_LEFT, 0 };
	p->cols[PC_TITLE] = (struct ui_column){ "Title", 0, 10, 1, ALIGN_LEFT, 0 };
	p->cols[PC_UNIT] = (struct ui_column){ "Unit", 7, 0, 0, ALIGN_LEFT, 1 };
	for (int i = 0; i < PROXY_SETS_MAX; i++) {
		struct ui_column *c = &p->cols[PC_SETS + i];
		int w;

		if (i >= p->nsets)
			break;
		snprintf(p->titles[PC_SETS + i], sizeof p->titles[PC_SETS + i], "%s%s",
			 p->sets[i].current ? "*" : "", p->sets[i].name);
		c->title = p->titles[PC_SETS + i];
		/* money whole: the widest value (up to 4 decimals) or "record only" */
		w = ui_money_width(t, 99999999, NULL) + 2;
		if (w < 12)
			w = 12;
		/* and the set's name, up to a point */
		if (w < ui_width(c->title) && w < 20)
			w = ui_width(c->title) < 20 ? ui_width(c->title) : 20;
		c->width = w;
		c->align = ALIGN_RIGHT;
		/* the selected and the current sets stay; the others leave from the
		 * right when the screen is narrow */
		c->drop = i == p->sel || p->sets[i].current ? 0 : 2 + PROXY_SETS_MAX - i;
	}
	memset(p->widths, 0, sizeof p->widths);
	ui_columns_layout(p->cols, PC_SETS + p->nsets, t->cols, p->widths);
	ui_columns_layout(set_columns, SC_COUNT, t->cols - 2, p->set_widths);
	p->laid_out_for = t->cols;
}

/* One row of cells; the selected set's cell in the selected role when
 * mark_sel (its heading). */
static void draw_cells(struct proxies *p, struct tui *t, int y, const char *const cells[NCOLS],
		       enum ui_role role, int mark_sel)
{
	int x = 0, first = 1;

	ui_set_role(role);
	for (int i = 0; i < NCOLS; i++) {
		if (p->widths[i] <= 0)
			continue;
		if (!first) {
			ui_fill(y, x, 1);
			x++;
		}
		first = 0;
		if (mark_sel && i == PC_SETS + p->sel)
			ui_set_role(ROLE_SELECTED);
		ui_text(t, y, x, p->widths[i], p->cols[i].align, cells[i] != NULL ? cells[i] : "");
		ui_set_role(role);
		x += p->widths[i];
	}
	if (x < t->cols)
		ui_fill(y, x, t->cols - x);
	ui_set_role(ROLE_NORMAL);
}

static void src_draw_row(void *ctx, struct tui *t, int y, const void *row, int selected)
{
	struct proxies *p = ctx;
	const db_proxy_row *r = row;
	char values[PROXY_SETS_MAX][48];
	const char *cells[NCOLS] = { 0 };

	cells[PC_CODE] = r->code;
	cells[PC_TITLE] = r->title;
	cells[PC_UNIT] = r->unit;
	for (int i = 0; i < p->nsets; i++) {
		value_text(t, r, i, values[i], sizeof values[i]);
		cells[PC_SETS + i] = values[i];
	}
	draw_cells(p, t, y, cells, selected ? ROLE_SELECTED : ROLE_NORMAL, 0);
}

static const struct list_source source = {
	.row_size = sizeof(db_proxy_row),
	.count = src_count,
	.fetch = src_fetch,
	.draw_row = src_draw_row,
};

/* ---- drawing ---------------------------------------------------------------------- */

/* The rows the sets block takes in a body of h rows: a heading, the sets, a
 * note when not every set is shown, a blank; never more than half. */
static int block_rows(const struct proxies *p, int h)
{
	int want = 1 + (p->nsets > 0 ? p->nsets : 1) + (p->total_sets > p->nsets) + 1;

	if (want > h / 2)
		want = h / 2;
	return want < 2 ? 2 : want;
}

static void draw_set_row(struct proxies *p, struct tui *t, int y, const char *const cells[SC_COUNT],
			 enum ui_role role, const char *mark)
{
	int x = 2;

	ui_set_role(role);
	ui_text(t, y, 0, 2, ALIGN_LEFT, mark);
	for (int i = 0; i < SC_COUNT; i++) {
		if (p->set_widths[i] <= 0)
			continue;
		if (x > 2) {
			ui_fill(y, x, 1);
			x++;
		}
		ui_text(t, y, x, p->set_widths[i], ALIGN_LEFT, cells[i]);
		x += p->set_widths[i];
	}
	if (x < t->cols)
		ui_fill(y, x, t->cols - x);
	ui_set_role(ROLE_NORMAL);
}

static void draw_sets(struct proxies *p, struct tui *t, int y0, int rows)
{
	const char *heads[SC_COUNT];
	int y = y0, end = y0 + rows - 1;   /* the last row stays blank */
	char note[96];

	for (int i = 0; i < SC_COUNT; i++)
		heads[i] = set_columns[i].title;
	draw_set_row(p, t, y++, heads, ROLE_HEADER, "");
	if (p->nsets == 0 && y < end) {
		const char *none[SC_COUNT] = { "no proxy set: svdesk import measures FILE.csv", "",
					       "", "" };

		draw_set_row(p, t, y++, none, ROLE_DIM, "");
	}
	/* the selected set always shows: the rows start so that it fits */
	int first = 0, room = end - y - (p->total_sets > p->nsets);

	if (room < 1)
		room = 1;
	if (p->sel >= room)
		first = p->sel - room + 1;
	for (int i = first; i < p->nsets && y < end && i - first < room; i++) {
		const db_proxy_set_row *s = &p->sets[i];
		char when[40];
		const char *cells[SC_COUNT];

		ui_local_stamp(s->created, when, sizeof when);
		cells[SC_NAME] = s->name;
		cells[SC_KIND] = s->illustrative ? "illustrative" : "licensed";
		cells[SC_CURRENT] = s->current ? "* current" : "";
		cells[SC_CREATED] = when;
		draw_set_row(p, t, y++, cells, i == p->sel ? ROLE_SELECTED : ROLE_NORMAL,
			     i == p->sel ? ">" : "");
	}
	if (p->total_sets > p->nsets && y < end) {
		snprintf(note, sizeof note, "sets %lld to %lld of %lld are shown: Left and Right "
			 "at the edge show the others", (long long)p->first + 1,
			 (long long)(p->first + p->nsets), (long long)p->total_sets);
		ui_set_role(ROLE_DIM);
		ui_fill(y, 0, 2);
		ui_text(t, y++, 2, t->cols - 2, ALIGN_LEFT, note);
	}
	ui_set_role(ROLE_NORMAL);
	while (y <= end)
		ui_fill(y++, 0, t->cols);
}

static void proxies_draw(struct view *v, struct tui *t, int y0, int h)
{
	struct proxies *p = v->priv;
	const char *heads[NCOLS] = { 0 };

	layout(p, t);
	draw_sets(p, t, y0, p->block);
	for (int i = 0; i < NCOLS; i++)
		heads[i] = p->cols[i].title;
	draw_cells(p, t, y0 + p->block, heads, ROLE_HEADER, 1);
	if (p->list.total == 0) {
		ui_set_role(ROLE_NORMAL);
		for (int y = y0 + p->block + 1; y < y0 + h; y++)
			ui_fill(y, 0, t->cols);
		if (p->block + 2 < h)
			ui_text(t, y0 + p->block + 2, 2, t->cols - 2, ALIGN_LEFT, "No measures yet.");
		return;
	}
	list_draw(&p->list, t, y0 + p->block + 1);
}

static void proxies_resize(struct view *v, struct tui *t, int h)
{
	struct proxies *p = v->priv;
	sv_err err = { 0 };

	p->block = block_rows(p, h);
	if (list_resize(&p->list, h - p->block - 1, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
}

static int proxies_cursor(struct view *v)
{
	const struct proxies *p = v->priv;

	return p->list.n > 0 ? p->block + 1 + p->list.sel : -1;
}

/* ---- re-reading --------------------------------------------------------------------- */

/* The sets and the measures on screen again, the selected measure kept. */
static int reload(struct proxies *p, sv_err *err)
{
	const db_proxy_row *sel = list_selected(&p->list);
	db_proxy_row row;
	int64_t rank;

	if (read_sets(p, err) < 0)
		return -1;
	if (sel == NULL)
		return list_reset(&p->list, err);
	row = *sel;
	p->list.total = db_proxy_rows_count(p->t->o->db, err);
	if (p->list.total < 0)
		return -1;
	rank = db_proxy_rows_rank(p->t->o->db, &row, err);
	if (rank < 0 || db_proxy_row_values(p->t->o->db, p->set_ids, p->nsets, &row, err) < 0)
		return -1;
	return list_jump(&p->list, &row, rank, err);
}

static void proxies_reread(struct view *v, struct tui *t)
{
	struct proxies *p = v->priv;
	sv_err err = { 0 };
	int old = p->block;

	if (reload(p, &err) < 0) {
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	p->block = block_rows(p, t->body_h);
	if (p->block != old)
		proxies_resize(v, t, t->body_h);
}

/* ---- making a set current --------------------------------------------------------- */

static void make_current(struct view *v, struct tui *t)
{
	struct proxies *p = v->priv;
	const db_proxy_set_row *s;
	char question[400], name[128];
	sv_err err = { 0 };
	int changed = 0;

	if (p->nsets == 0) {
		ui_status(t, 1, "no proxy set to make current: import one with svdesk import measures");
		return;
	}
	s = &p->sets[p->sel];
	snprintf(name, sizeof name, "%s", s->name);
	if (s->current) {
		ui_status(t, 0, "%s is the current proxy set already", name);
		return;
	}
	if (db_readonly(t->o->db)) {
		ui_status(t, 1, "the database is read-only: the current proxy set cannot change");
		return;
	}
	/* a name too long for the footer is the selected set (shown above) */
	snprintf(question, sizeof question, "Make current: %s? (y/n) ",
		 ui_width(name) <= t->cols - 24 ? name : "the selected set");
	if (!ui_confirm(t, question)) {
		ui_status(t, 0, "not changed: the current proxy set is as it was");
		return;
	}
	if (db_proxy_set_choose(t->o->db, s->id, &changed, &err) < 0) {
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	if (db_proxy_set_current(t->o->db, t->proxy_set, sizeof t->proxy_set,
				 &t->proxy_illustrative, &err) < 0) {
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	/* every view shows the new set's values (the measures tree's proxies) */
	ui_changed(t);
	ui_status(t, 0, "the current proxy set is now %s", name);
}

/* Move the window of sets by one (dir -1 or 1), the selection onto the set
 * that comes into view; the measures' values are read for the new sets. */
static void slide(struct proxies *p, struct tui *t, int dir)
{
	sv_err err = { 0 };

	p->first += dir;
	p->sel = dir < 0 ? 0 : p->nsets - 1;
	p->nsets = 0;     /* nothing to keep: the selection is placed below */
	if (reload(p, &err) < 0) {
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	p->sel = dir < 0 ? 0 : p->nsets - 1;
}

static int proxies_act(struct view *v, struct tui *t, enum action_id a)
{
	struct proxies *p = v->priv;
	sv_err err = { 0 };
	int rc;

	switch (a) {
	case ACT_SET_PREV:
	case ACT_SET_NEXT:
		if (p->nsets == 0)
			return 1;
		if (a == ACT_SET_PREV && p->sel > 0)
			p->sel--;
		else if (a == ACT_SET_NEXT && p->sel < p->nsets - 1)
			p->sel++;
		else if (a == ACT_SET_PREV && p->first > 0)
			slide(p, t, -1);
		else if (a == ACT_SET_NEXT && p->first + p->nsets < p->total_sets)
			slide(p, t, 1);
		else
			ui_status(t, 0, "already the %s set", a == ACT_SET_PREV ? "first" : "last");
		p->laid_out_for = 0;   /* the selected set's column stays on screen */
		return 1;
	case ACT_MAKE_CURRENT:
		make_current(v, t);
		return 1;
	default:
		break;
	}
	rc = list_act(&p->list, a, &err);
	if (rc < 0)
		ui_status(t, 1, "%s", err.msg);
	return rc != 0;
}

static void proxies_title(struct view *v, char *buf, size_t n)
{
	(void)v;
	snprintf(buf, n, "Proxy sets");
}

static void proxies_close(struct view *v)
{
	struct proxies *p = v->priv;

	list_free(&p->list);
	free(p);
	free(v);
}

static const struct view_ops proxies_ops = {
	.name = "proxies",
	.contexts = CTX_GLOBAL | CTX_MOVE | CTX_PROXIES,
	.draw = proxies_draw,
	.act = proxies_act,
	.resize = proxies_resize,
	.cursor = proxies_cursor,
	.position = list_view_position,
	.close = proxies_close,
	.title = proxies_title,
	.reread = proxies_reread,
};

struct view *view_proxies_new(struct tui *t, sv_err *err)
{
	struct view *v = calloc(1, sizeof *v);
	struct proxies *p = calloc(1, sizeof *p);

	if (v == NULL || p == NULL) {
		free(v);
		free(p);
		sv_err_set(err, "out of memory");
		return NULL;
	}
	p->t = t;
	if (read_sets(p, err) < 0 || list_init(&p->list, &source, p, err) < 0) {
		free(v);
		free(p);
		return NULL;
	}
	v->ops = &proxies_ops;
	v->priv = p;
	return v;
}
