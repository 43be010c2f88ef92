/* view_contracts.c: the contracts list, sorted by ref. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/db.h"
#include "ui.h"

enum { COL_REF, COL_TITLE, COL_SUPPLIER, COL_BODY, COL_VALUE, COL_WEIGHT, NCOLS };

static const struct ui_column columns[NCOLS] = {
	[COL_REF] = { "Ref", 14, 0, 0, ALIGN_LEFT },
	[COL_TITLE] = { "Title", 0, 10, 3, ALIGN_LEFT },
	[COL_SUPPLIER] = { "Supplier", 0, 8, 2, ALIGN_LEFT },
	[COL_BODY] = { "Body", 4, 0, 0, ALIGN_LEFT },
	[COL_VALUE] = { "Value", 15, 0, 0, ALIGN_RIGHT },
	[COL_WEIGHT] = { "SV %", 5, 0, 0, ALIGN_RIGHT },
};

struct contracts {
	struct tui *t;
	struct list list;
	int widths[NCOLS];
	int laid_out_for;    /* the width the columns were computed for */
};

static int64_t src_count(void *ctx, sv_err *err)
{
	struct contracts *c = ctx;

	return db_contracts_count(c->t->o->db, err);
}

static int src_fetch(void *ctx, const void *anchor, int forward, void *rows, int limit,
		     sv_err *err)
{
	struct contracts *c = ctx;
	const db_contract_row *a = anchor;

	return db_contracts_page(c->t->o->db, a != NULL ? a->ref : NULL, a != NULL ? a->id : 0,
				 forward, rows, limit, err);
}

static void layout(struct contracts *c, struct tui *t)
{
	if (c->laid_out_for != t->cols) {
		ui_columns_layout(columns, NCOLS, t->cols, c->widths);
		c->laid_out_for = t->cols;
	}
}

static void draw_cells(struct contracts *c, struct tui *t, int y, const char *const cells[NCOLS])
{
	int x = 0;

	for (int i = 0; i < NCOLS; i++) {
		ui_text(t, y, x, c->widths[i], columns[i].align, cells[i]);
		x += c->widths[i];
		if (i + 1 < NCOLS) {
			ui_fill(y, x, 1);
			x++;
		}
	}
	if (x < t->cols)
		ui_fill(y, x, t->cols - x);
}

static void src_draw_row(void *ctx, struct tui *t, int y, const void *row, int selected)
{
	struct contracts *c = ctx;
	const db_contract_row *r = row;
	char value[40], weight[16];
	const char *cells[NCOLS];

	money_format(r->value, t->money, value, sizeof value);
	percent_format(r->sv_weight, weight, sizeof weight);
	cells[COL_REF] = r->ref;
	cells[COL_TITLE] = r->title;
	cells[COL_SUPPLIER] = r->supplier;
	cells[COL_BODY] = body_name(r->body);
	cells[COL_VALUE] = value;
	cells[COL_WEIGHT] = weight;
	ui_set_role(selected ? ROLE_SELECTED : ROLE_NORMAL);
	draw_cells(c, t, y, cells);
	ui_set_role(ROLE_NORMAL);
}

static const struct list_source source = {
	.row_size = sizeof(db_contract_row),
	.count = src_count,
	.fetch = src_fetch,
	.draw_row = src_draw_row,
};

static void draw_empty(struct tui *t, int y0, int h)
{
	static const char *const lines[] = {
		"No contracts yet.",
		"",
		"To get data in:",
		"  - try svdesk on demo data:           svdesk --demo",
		"  - import contracts from a CSV file:  svdesk import contracts FILE.csv",
		"  - add a contract here:               press A",
		"",
		"Press ? for every key, q to quit.",
	};
	int n = (int)(sizeof lines / sizeof lines[0]);

	for (int i = 0; i < h; i++) {
		ui_set_role(ROLE_NORMAL);
		if (i >= 1 && i - 1 < n)
			ui_text(t, y0 + i, 2, t->cols - 2, ALIGN_LEFT, lines[i - 1]);
		else
			ui_fill(y0 + i, 0, t->cols);
		if (i >= 1 && i - 1 < n)
			ui_fill(y0 + i, 0, 2);
	}
}

static void contracts_draw(struct view *v, struct tui *t, int y0, int h)
{
	struct contracts *c = v->priv;
	const char *titles[NCOLS];

	layout(c, t);
	for (int i = 0; i < NCOLS; i++)
		titles[i] = columns[i].title;
	ui_set_role(ROLE_HEADER);
	draw_cells(c, t, y0, titles);
	ui_set_role(ROLE_NORMAL);
	if (c->list.total == 0) {
		draw_empty(t, y0 + 1, h - 1);
		return;
	}
	list_draw(&c->list, t, y0 + 1);
}

static int contracts_act(struct view *v, struct tui *t, enum action_id a)
{
	struct contracts *c = v->priv;
	sv_err err = { 0 };
	int rc = list_act(&c->list, a, &err);

	if (rc < 0)
		ui_status(t, 1, "%s", err.msg);
	return rc != 0;
}

static void contracts_resize(struct view *v, struct tui *t, int h)
{
	struct contracts *c = v->priv;
	sv_err err = { 0 };

	if (list_resize(&c->list, h - 1, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
}

static int contracts_cursor(struct view *v)
{
	struct contracts *c = v->priv;

	return c->list.n > 0 ? 1 + c->list.sel : -1;
}

static void contracts_position(struct view *v, char *buf, size_t n)
{
	struct contracts *c = v->priv;

	list_position(&c->list, buf, n);
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
	.resize = contracts_resize,
	.cursor = contracts_cursor,
	.position = contracts_position,
	.close = contracts_close,
	.mouse = contracts_mouse,
};

struct view *view_contracts_new(struct tui *t, sv_err *err)
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
	if (list_init(&c->list, &source, c, err) < 0) {
		free(v);
		free(c);
		return NULL;
	}
	v->ops = &contracts_ops;
	v->priv = c;
	return v;
}
