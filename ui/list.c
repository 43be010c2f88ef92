/* list.c: a list over a paged source.  Only the rows on screen are held;
 * moving the selection inside them never queries the database, and paging
 * fetches one screenful with a keyset query, so a list of any length opens,
 * scrolls and jumps to its end at the same cost. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

#define ROW(l, i) ((l)->rows + (size_t)(i) * (l)->src->row_size)

static int fetch(struct list *l, const void *anchor, int forward, char *dst, int limit,
		 sv_err *err)
{
	if (limit <= 0)
		return 0;
	return l->src->fetch(l->ctx, anchor, forward, dst, limit, err);
}

/* Scratch space for a fetch: rows [cap, 2*cap) of the buffer. */
static char *scratch(struct list *l)
{
	return ROW(l, l->cap);
}

static int ensure_cap(struct list *l, int height, sv_err *err)
{
	char *p;

	if (height <= l->cap)
		return 0;
	p = realloc(l->rows, (size_t)height * 2 * l->src->row_size);
	if (p == NULL)
		return sv_err_set(err, "out of memory");
	/* Rows live in the first half; the second half is scratch. */
	l->rows = p;
	l->cap = height;
	return 0;
}

static int load_first(struct list *l, sv_err *err)
{
	int k = fetch(l, NULL, 1, l->rows, l->height, err);

	if (k < 0)
		return -1;
	l->n = k;
	l->top = 0;
	l->sel = 0;
	return 0;
}

static int load_last(struct list *l, sv_err *err)
{
	int k = fetch(l, NULL, 0, l->rows, l->height, err);

	if (k < 0)
		return -1;
	l->n = k;
	l->top = l->total - k;
	if (l->top < 0)
		l->top = 0;
	l->sel = k > 0 ? k - 1 : 0;
	return 0;
}

int list_init(struct list *l, const struct list_source *src, void *ctx, sv_err *err)
{
	memset(l, 0, sizeof *l);
	l->src = src;
	l->ctx = ctx;
	l->total = src->count(ctx, err);
	if (l->total < 0)
		return -1;
	return 0;
}

void list_free(struct list *l)
{
	free(l->rows);
	l->rows = NULL;
	l->cap = l->n = 0;
}

int list_resize(struct list *l, int height, sv_err *err)
{
	size_t rs = l->src->row_size;
	int k;

	if (height < 1)
		height = 1;
	if (ensure_cap(l, height, err) < 0)
		return -1;
	if (l->n == 0) {
		l->height = height;
		return load_first(l, err);
	}
	/* Keep the top row, fill below it; at the end of the list, pull rows
	 * from above so the screen stays full. */
	if (height < l->n) {
		if (l->sel >= height) {
			int drop = l->sel - height + 1;

			memmove(l->rows, ROW(l, drop), (size_t)(l->n - drop) * rs);
			l->n -= drop;
			l->top += drop;
			l->sel -= drop;
		}
		if (l->n > height)
			l->n = height;
		l->height = height;
		return 0;
	}
	l->height = height;
	k = fetch(l, ROW(l, l->n - 1), 1, ROW(l, l->n), height - l->n, err);
	if (k < 0)
		return -1;
	l->n += k;
	if (l->n < height && l->top > 0) {
		int want = height - l->n;

		k = fetch(l, l->rows, 0, scratch(l), want, err);
		if (k < 0)
			return -1;
		memmove(ROW(l, k), l->rows, (size_t)l->n * rs);
		memcpy(l->rows, scratch(l), (size_t)k * rs);
		l->n += k;
		l->top -= k;
		l->sel += k;
	}
	return 0;
}

static int move_down(struct list *l, sv_err *err)
{
	size_t rs = l->src->row_size;
	int k;

	if (l->sel + 1 < l->n) {
		l->sel++;
		return 0;
	}
	if (l->n == 0)
		return 0;
	k = fetch(l, ROW(l, l->n - 1), 1, scratch(l), 1, err);
	if (k <= 0)
		return k;
	if (l->n == l->height) {
		memmove(l->rows, ROW(l, 1), (size_t)(l->n - 1) * rs);
		memcpy(ROW(l, l->n - 1), scratch(l), rs);
		l->top++;
	} else {
		memcpy(ROW(l, l->n), scratch(l), rs);
		l->n++;
	}
	l->sel = l->n - 1;
	return 0;
}

static int move_up(struct list *l, sv_err *err)
{
	size_t rs = l->src->row_size;
	int k;

	if (l->sel > 0) {
		l->sel--;
		return 0;
	}
	if (l->n == 0 || l->top == 0)
		return 0;
	k = fetch(l, l->rows, 0, scratch(l), 1, err);
	if (k <= 0)
		return k;
	memmove(ROW(l, 1), l->rows, (size_t)(l->n < l->height ? l->n : l->n - 1) * rs);
	memcpy(l->rows, scratch(l), rs);
	if (l->n < l->height)
		l->n++;
	l->top--;
	return 0;
}

/* Page moves shift the screen by up to a page and move the selection by a
 * page (clamped to the ends), like moving the selection height rows. */
static int page_down(struct list *l, sv_err *err)
{
	size_t rs = l->src->row_size;
	int64_t pos = l->top + l->sel;
	int k, keep;

	if (l->n == 0)
		return 0;
	k = fetch(l, ROW(l, l->n - 1), 1, scratch(l), l->height, err);
	if (k < 0)
		return -1;
	/* The new screen: the last (height - k) old rows, then the k new ones. */
	keep = l->height - k;
	if (keep > l->n)
		keep = l->n;
	memmove(l->rows, ROW(l, l->n - keep), (size_t)keep * rs);
	memcpy(ROW(l, keep), scratch(l), (size_t)k * rs);
	l->top += l->n - keep;
	l->n = keep + k;
	if (k < l->height && l->top + l->n != l->total)
		l->total = l->top + l->n;   /* the end of the list: others changed it */
	pos += l->height;
	l->sel = pos - l->top < l->n ? (int)(pos - l->top) : l->n - 1;
	return 0;
}

static int page_up(struct list *l, sv_err *err)
{
	size_t rs = l->src->row_size;
	int64_t pos = l->top + l->sel;
	int k, keep;

	if (l->n == 0)
		return 0;
	k = l->top > 0 ? fetch(l, l->rows, 0, scratch(l), l->height, err) : 0;
	if (k < 0)
		return -1;
	keep = l->height - k;
	if (keep > l->n)
		keep = l->n;
	memmove(ROW(l, k), l->rows, (size_t)keep * rs);
	memcpy(l->rows, scratch(l), (size_t)k * rs);
	l->n = k + keep;
	/* Fewer rows than asked for: this is the start of the list (whatever
	 * the count said when the list was opened). */
	l->top = k < l->height ? 0 : l->top - k;
	pos -= l->height;
	l->sel = pos - l->top > 0 ? (int)(pos - l->top) : 0;
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	return 0;
}

int list_act(struct list *l, enum action_id a, sv_err *err)
{
	int rc;

	switch (a) {
	case ACT_DOWN: rc = move_down(l, err); break;
	case ACT_UP: rc = move_up(l, err); break;
	case ACT_PAGE_DOWN: rc = page_down(l, err); break;
	case ACT_PAGE_UP: rc = page_up(l, err); break;
	case ACT_FIRST: rc = load_first(l, err); break;
	case ACT_LAST: rc = load_last(l, err); break;
	default:
		return 0;
	}
	return rc < 0 ? -1 : 1;
}

void list_draw(struct list *l, struct tui *t, int y0)
{
	for (int i = 0; i < l->height; i++) {
		if (i < l->n) {
			l->src->draw_row(l->ctx, t, y0 + i, ROW(l, i), i == l->sel);
		} else {
			ui_set_role(ROLE_NORMAL);
			ui_fill(y0 + i, 0, t->cols);
		}
	}
}

int list_mouse(struct list *l, int row, int kind)
{
	if ((kind != UI_CLICK && kind != UI_DOUBLE) || row < 0 || row >= l->n)
		return 0;
	l->sel = row;
	return kind == UI_DOUBLE ? 2 : 1;
}

const void *list_selected(const struct list *l)
{
	if (l->n == 0)
		return NULL;
	return l->rows + (size_t)l->sel * l->src->row_size;
}

void list_position(const struct list *l, char *buf, size_t n)
{
	/* words, not "12/60": the footer's other numbers are keys */
	if (l->total == 0)
		snprintf(buf, n, "no rows");
	else
		snprintf(buf, n, "row %lld of %lld", (long long)(l->top + l->sel + 1),
			 (long long)l->total);
}

int list_reset(struct list *l, sv_err *err)
{
	int64_t total = l->src->count(l->ctx, err);

	if (total < 0)
		return -1;
	l->total = total;
	l->n = l->sel = 0;
	l->top = 0;
	if (l->height == 0)
		return 0;   /* list_resize loads the first page */
	return load_first(l, err);
}

int list_jump(struct list *l, const void *row, int64_t rank, sv_err *err)
{
	size_t rs = l->src->row_size;
	int h = l->height > 0 ? l->height : 1, want, nb, nf, b, f;
	char *before, *after;

	if (ensure_cap(l, h, err) < 0)
		return -1;
	l->height = h;
	/* Where the row goes on the screen: where it is now when it shows,
	 * else the selection's row; never with fewer rows above it than the
	 * list has. */
	if (rank >= l->top && rank < l->top + l->n)
		want = (int)(rank - l->top);
	else
		want = l->sel;
	if (want > rank)
		want = (int)rank;
	before = malloc((size_t)h * 2 * rs);
	if (before == NULL)
		return sv_err_set(err, "out of memory");
	after = before + (size_t)h * rs;
	/* Up to a screenful each way: the end of the list may need the rows
	 * above to fill the screen. */
	nb = h > 1 ? fetch(l, row, 0, before, h - 1, err) : 0;
	nf = nb >= 0 && h > 1 ? fetch(l, row, 1, after, h - 1, err) : 0;
	if (nb < 0 || nf < 0) {
		free(before);
		return -1;
	}
	b = want < nb ? want : nb;
	f = h - 1 - b < nf ? h - 1 - b : nf;
	if (b + 1 + f < h)
		b = h - 1 - f < nb ? h - 1 - f : nb;
	/* rows come in list order either way: the last b of before */
	memcpy(l->rows, before + (size_t)(nb - b) * rs, (size_t)b * rs);
	memcpy(ROW(l, b), row, rs);
	memcpy(ROW(l, b + 1), after, (size_t)f * rs);
	free(before);
	l->n = b + 1 + f;
	l->sel = b;
	l->top = rank - b;
	if (l->top < 0)
		l->top = 0;
	if (l->top + l->n > l->total)
		l->total = l->top + l->n;   /* others added rows meanwhile */
	return 0;
}

/* ---- the hooks of a list view --------------------------------------------- */

void list_view_resize(struct view *v, struct tui *t, int h)
{
	struct list *l = v->priv;
	sv_err err = { 0 };

	if (list_resize(l, h - 1, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
}

int list_view_cursor(struct view *v)
{
	const struct list *l = v->priv;

	return l->n > 0 ? 1 + l->sel : -1;
}

void list_view_position(struct view *v, char *buf, size_t n)
{
	list_position(v->priv, buf, n);
}
