/* page.h: a record's page (ui/page.c): lines of cells laid out by the view
 * for the screen's width, scrolled, with some lines that can be selected
 * and opened (a commitment, a return line).  The Contract, Commitment and
 * Return line views are built on it. */
#ifndef SVDESK_UI_PAGE_H
#define SVDESK_UI_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "ui.h"

#define PAGE_CELLS 8

struct page_cell {
	char *text;
	int x, w;                  /* w < 0: to the end of the line */
	enum ui_align align;
};

struct page_line {
	struct page_cell cell[PAGE_CELLS];
	int ncells;
	enum ui_role role;
	int kind;                  /* 0: not selectable; else the view's kind of target */
	int cont;                  /* continues the selectable line above it */
	int64_t id;                /* the target's id */
};

struct page {
	struct page_line *v;
	size_t n, cap;
	int top;                   /* first line shown */
	int sel;                   /* the selected line, -1 none */
	int height;                /* rows shown */
	int nomem;                 /* a line or cell could not be added */
};

void page_clear(struct page *p);     /* lines gone; top and sel kept */
void page_free(struct page *p);
/* A new line; returns its index (-1 when out of memory: nomem set). */
int page_add(struct page *p, enum ui_role role, int kind, int64_t id);
/* A line that continues the selectable line above it. */
int page_add_cont(struct page *p, enum ui_role role);
void page_cell(struct page *p, int line, int x, int w, enum ui_align a, const char *text);
/* One line of text from column x to the end. */
void page_text(struct page *p, enum ui_role role, int x, const char *text);
void page_blank(struct page *p);
/* Text wrapped at width columns (words kept whole when they fit), each
 * line from column x; newlines break lines.  Invisible characters are
 * left to ui_text to drop. */
void page_wrap(struct page *p, enum ui_role role, int x, int width, const char *text);

/* After a rebuild: select the line of (kind, id) if there is one, else
 * the first selectable line; keep top in range. */
void page_select(struct page *p, int kind, int64_t id);
/* The rows shown; a selection on screen stays on screen. */
void page_set_height(struct page *p, int h);
void page_draw(struct page *p, struct tui *t, int y0, int h);
/* UP, DOWN, PAGE_UP, PAGE_DOWN, FIRST, LAST: 1 when handled. */
int page_move(struct page *p, enum action_id a);
const struct page_line *page_selected(const struct page *p);
int page_cursor(const struct page *p);
void page_position(const struct page *p, char *buf, size_t n);
/* The line at screen row (from the page's first row), or -1. */
int page_line_at(const struct page *p, int row);

/* "YYYY-MM-DD" as "DD/MM/YYYY" ("" stays ""); a UTC stamp
 * "YYYY-MM-DDTHH:MM:SSZ" as "DD/MM/YYYY HH:MM". */
char *page_date(const char *iso, char *buf, size_t n);
char *page_stamp(const char *utc, char *buf, size_t n);

/* The details opened from a contract's page. */
enum {
	PAGE_COMMITMENT = 1, PAGE_LINE = 2,
	PAGE_CONTRACT = 3,    /* the page's own record */
	PAGE_ANSWER = 4       /* a question of the OPCC questionnaire */
};
struct view *view_commitment_new(struct tui *t, int64_t commitment_id, sv_err *err);
struct view *view_line_new(struct tui *t, int64_t line_id, sv_err *err);
/* Push the detail of the selected line's kind; a message when it cannot. */
void page_open(struct tui *t, const struct page_line *l);

#endif
