/* page.c: a record's page (page.h).
 *
 * Moving: Down selects the next selectable line, scrolling to show it;
 * past the last one (or on a page without any) it scrolls a line, so that
 * the sections below (highlights, the audit log) can be read.  Page keys
 * scroll a screen and select the first selectable line shown. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/period.h"
#include "svdesk/utf8.h"

#include "page.h"

static void line_free(struct page_line *l)
{
	for (int i = 0; i < l->ncells; i++)
		free(l->cell[i].text);
	l->ncells = 0;
}

void page_clear(struct page *p)
{
	for (size_t i = 0; i < p->n; i++)
		line_free(&p->v[i]);
	p->n = 0;
	p->nomem = 0;
}

void page_free(struct page *p)
{
	page_clear(p);
	free(p->v);
	p->v = NULL;
	p->cap = 0;
}

int page_add(struct page *p, enum ui_role role, int kind, int64_t id)
{
	struct page_line *l;

	if (p->n == p->cap) {
		size_t nc = p->cap == 0 ? 64 : p->cap * 2;
		struct page_line *v = realloc(p->v, nc * sizeof *v);

		if (v == NULL) {
			p->nomem = 1;
			return -1;
		}
		p->v = v;
		p->cap = nc;
	}
	l = &p->v[p->n];
	memset(l, 0, sizeof *l);
	l->role = role;
	l->kind = kind;
	l->id = id;
	return (int)p->n++;
}

int page_add_cont(struct page *p, enum ui_role role)
{
	int i = page_add(p, role, 0, 0);

	if (i > 0) {
		p->v[i].cont = 1;
		p->v[i].kind = p->v[i - 1].kind;
		p->v[i].id = p->v[i - 1].id;
	}
	return i;
}

void page_cell(struct page *p, int line, int x, int w, enum ui_align a, const char *text)
{
	struct page_line *l;
	char *s;

	if (line < 0 || (size_t)line >= p->n)
		return;
	l = &p->v[line];
	if (l->ncells == PAGE_CELLS)
		return;
	s = strdup(text != NULL ? text : "");
	if (s == NULL) {
		p->nomem = 1;
		return;
	}
	l->cell[l->ncells].text = s;
	l->cell[l->ncells].x = x;
	l->cell[l->ncells].w = w;
	l->cell[l->ncells].align = a;
	l->ncells++;
}

void page_text(struct page *p, enum ui_role role, int x, const char *text)
{
	page_cell(p, page_add(p, role, 0, 0), x, -1, ALIGN_LEFT, text);
}

void page_blank(struct page *p)
{
	page_add(p, ROLE_NORMAL, 0, 0);
}

void page_wrap(struct page *p, enum ui_role role, int x, int width, const char *text)
{
	const char *s = text != NULL ? text : "";
	size_t len = strlen(s), i = 0;
	char buf[4096];

	if (width < 10)
		width = 10;
	while (i < len) {
		size_t start = i, cut = i, brk = 0;
		int cols = 0, have_brk = 0;

		/* the longest run that fits; remember the last space */
		while (i < len && s[i] != '\n') {
			uint32_t cp;
			size_t k = utf8_decode(s + i, len - i, &cp, NULL);
			int w;

			if (k == 0) {
				k = 1;          /* an invalid byte: ui_text drops it */
				cp = '?';
			}
			w = cp == '\t' ? 1 : utf8_width(cp);
			if (w < 0)
				w = 0;
			if (cols + w > width)
				break;
			if (cp == ' ' || cp == '\t') {
				brk = i;
				have_brk = 1;
			}
			cols += w;
			i += k;
		}
		cut = i;
		if (i < len && s[i] != '\n' && have_brk && brk > start) {
			cut = brk;
			i = brk + 1;
		} else if (i < len && s[i] == '\n') {
			i++;
		}
		if (cut - start >= sizeof buf)
			cut = start + sizeof buf - 1;
		memcpy(buf, s + start, cut - start);
		buf[cut - start] = '\0';
		page_text(p, role, x, buf);
		if (cut == start && i == start)
			i++;        /* a character wider than the line: never stall */
	}
	if (len == 0)
		page_text(p, role, x, "");
}

static int selectable(const struct page *p, int i)
{
	return i >= 0 && (size_t)i < p->n && p->v[i].kind != 0 && !p->v[i].cont;
}

/* The last line of the item that starts at i (its continuation lines). */
static int item_end(const struct page *p, int i)
{
	while ((size_t)(i + 1) < p->n && p->v[i + 1].cont)
		i++;
	return i;
}

static int last_top(const struct page *p)
{
	int h = p->height > 0 ? p->height : 1;

	return (int)p->n > h ? (int)p->n - h : 0;
}

static void show(struct page *p, int i)
{
	int h = p->height > 0 ? p->height : 1;
	int end = item_end(p, i);

	if (end >= p->top + h)
		p->top = end - h + 1;
	if (i < p->top)
		p->top = i;
}

static void clamp_top(struct page *p)
{
	if (p->top > last_top(p))
		p->top = last_top(p);
	if (p->top < 0)
		p->top = 0;
}

void page_select(struct page *p, int kind, int64_t id)
{
	int first = -1;

	if (p->sel >= 0 || kind != 0) {
		for (size_t i = 0; i < p->n; i++) {
			if (!selectable(p, (int)i))
				continue;
			if (first < 0)
				first = (int)i;
			if (p->v[i].kind == kind && p->v[i].id == id) {
				p->sel = (int)i;
				clamp_top(p);
				show(p, p->sel);
				return;
			}
		}
	}
	for (size_t i = 0; first < 0 && i < p->n; i++)
		if (selectable(p, (int)i))
			first = (int)i;
	p->sel = first;
	clamp_top(p);
}

/* The first selectable line shown, or -1. */
static int first_shown(const struct page *p)
{
	int h = p->height > 0 ? p->height : 1;

	for (int i = p->top; i < p->top + h && (size_t)i < p->n; i++)
		if (selectable(p, i))
			return i;
	return -1;
}

static int shown(const struct page *p, int i)
{
	int h = p->height > 0 ? p->height : 1;

	return i >= p->top && i < p->top + h;
}

int page_move(struct page *p, enum action_id a)
{
	int h = p->height > 0 ? p->height : 1;
	int i;

	switch (a) {
	case ACT_DOWN:
		for (i = p->sel + 1; (size_t)i < p->n && !selectable(p, i); i++)
			;
		if (p->sel >= 0 && shown(p, p->sel) && (size_t)i < p->n) {
			p->sel = i;
			show(p, i);
		} else {
			p->top++;
			clamp_top(p);
			if (p->sel >= 0 && !shown(p, p->sel) && first_shown(p) >= 0)
				p->sel = first_shown(p);
		}
		return 1;
	case ACT_UP:
		for (i = p->sel - 1; i >= 0 && !selectable(p, i); i--)
			;
		if (p->sel >= 0 && shown(p, p->sel) && i >= 0) {
			p->sel = i;
			show(p, i);
		} else {
			p->top--;
			clamp_top(p);
			if (p->sel >= 0 && !shown(p, p->sel) && first_shown(p) >= 0)
				p->sel = first_shown(p);
		}
		return 1;
	case ACT_PAGE_DOWN:
		p->top += h;
		clamp_top(p);
		if (p->sel < 0 || !shown(p, p->sel)) {
			i = first_shown(p);
			if (i >= 0)
				p->sel = i;
		}
		return 1;
	case ACT_PAGE_UP:
		p->top -= h;
		clamp_top(p);
		if (p->sel < 0 || !shown(p, p->sel)) {
			i = first_shown(p);
			if (i >= 0)
				p->sel = i;
		}
		return 1;
	case ACT_FIRST:
		p->top = 0;
		p->sel = -1;
		page_select(p, 0, 0);
		p->top = 0;
		return 1;
	case ACT_LAST:
		p->top = last_top(p);
		for (i = (int)p->n - 1; i >= 0 && !selectable(p, i); i--)
			;
		if (i >= 0 && shown(p, i))
			p->sel = i;
		return 1;
	default:
		return 0;
	}
}

const struct page_line *page_selected(const struct page *p)
{
	if (!selectable(p, p->sel) || !shown(p, p->sel))
		return NULL;
	return &p->v[p->sel];
}

int page_cursor(const struct page *p)
{
	return page_selected(p) != NULL ? p->sel - p->top : -1;
}

void page_position(const struct page *p, char *buf, size_t n)
{
	int h = p->height > 0 ? p->height : 1;
	int last = p->top + h < (int)p->n ? p->top + h : (int)p->n;

	if (p->n == 0)
		snprintf(buf, n, "0/0");
	else
		snprintf(buf, n, "%d/%zu", last, p->n);
}

int page_line_at(const struct page *p, int row)
{
	int i = p->top + row;

	if (row < 0 || i < 0 || (size_t)i >= p->n)
		return -1;
	while (i > 0 && p->v[i].cont)
		i--;
	return selectable(p, i) ? i : -1;
}

void page_draw(struct page *p, struct tui *t, int y0, int h)
{
	const struct page_line *sel = page_selected(p);
	int sel_end;

	p->height = h;
	clamp_top(p);
	sel = page_selected(p);
	sel_end = sel != NULL ? item_end(p, p->sel) : -1;

	for (int r = 0; r < h; r++) {
		int i = p->top + r;
		const struct page_line *l;
		int on;

		if (i < 0 || (size_t)i >= p->n) {
			ui_set_role(ROLE_NORMAL);
			ui_fill(y0 + r, 0, t->cols);
			continue;
		}
		l = &p->v[i];
		on = sel != NULL && i >= p->sel && i <= sel_end;
		ui_set_role(on ? ROLE_SELECTED : l->role);
		ui_fill(y0 + r, 0, t->cols);
		for (int c = 0; c < l->ncells; c++) {
			const struct page_cell *cl = &l->cell[c];
			int w = cl->w < 0 ? t->cols - cl->x : cl->w;

			if (cl->x >= t->cols)
				continue;
			if (cl->x + w > t->cols)
				w = t->cols - cl->x;
			ui_text(t, y0 + r, cl->x, w, cl->align, cl->text);
		}
	}
	ui_set_role(ROLE_NORMAL);
}

char *page_date(const char *iso, char *buf, size_t n)
{
	sv_date d;

	if (iso == NULL || iso[0] == '\0' || date_parse(iso, &d, NULL) < 0) {
		snprintf(buf, n, "%s", iso != NULL ? iso : "");
		return buf;
	}
	date_format_uk(d, buf);
	return buf;
}

char *page_stamp(const char *utc, char *buf, size_t n)
{
	char day[11], uk[11];

	if (utc == NULL || strlen(utc) < 16) {
		snprintf(buf, n, "%s", utc != NULL ? utc : "");
		return buf;
	}
	memcpy(day, utc, 10);
	day[10] = '\0';
	snprintf(buf, n, "%s %.5s", page_date(day, uk, sizeof uk), utc + 11);
	return buf;
}

void page_open(struct tui *t, const struct page_line *l)
{
	struct view *v = NULL;
	sv_err err = { 0 };

	if (l == NULL)
		return;
	if (l->kind == PAGE_COMMITMENT)
		v = view_commitment_new(t, l->id, &err);
	else if (l->kind == PAGE_LINE)
		v = view_line_new(t, l->id, &err);
	else
		return;
	if (v == NULL) {
		ui_status(t, 1, "%s", err.msg);
		return;
	}
	if (ui_push(t, v) < 0) {
		v->ops->close(v);
		ui_status(t, 1, "too many views open: press q to go back first");
	}
}
