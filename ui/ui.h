/* ui.h: the private interface of the ncurses front end.
 *
 * Screens are views on a stack (tig-style): each view is one file with a
 * table of operations and its private state.  Every key goes through one
 * input function (ui_getkey) and the keymap; views receive actions, never
 * raw keys.  Lists are pages fetched from the database (ui/list.c). */
#ifndef SVDESK_UI_H
#define SVDESK_UI_H

#include <curses.h>
#include <stdint.h>

#include "svdesk/action.h"
#include "svdesk/error.h"
#include "svdesk/money.h"
#include "svdesk/tui.h"

#define VIEW_MAX 16
#define UI_MIN_COLS 60
#define UI_MIN_ROWS 12

/* Colour roles; a theme maps them to colours or attributes. */
enum ui_role {
	ROLE_NORMAL = 0,
	ROLE_TITLE,       /* the title bar */
	ROLE_TITLE_FLAG,  /* DEMO, READ-ONLY, illustrative, in the title bar */
	ROLE_HEADER,      /* column headings */
	ROLE_SELECTED,    /* the selected row */
	ROLE_FOOTER,      /* key hints */
	ROLE_KEY,         /* a key name inside hints and help */
	ROLE_ERROR,       /* an error message */
	ROLE_DIM,         /* secondary text */
	ROLE_COUNT
};

struct tui;
struct view;

struct view_ops {
	const char *name;                 /* "contracts", "help" ... */
	unsigned contexts;                /* CTX_ mask active in this view */
	/* Draw into the body area (rows y0 .. y0 + h - 1, all columns). */
	void (*draw)(struct view *v, struct tui *t, int y0, int h);
	/* An action from the keymap; returns 1 when the view handled it. */
	int (*act)(struct view *v, struct tui *t, enum action_id a);
	/* The body area changed size (also called once before the first draw). */
	void (*resize)(struct view *v, struct tui *t, int h);
	/* Where the cursor belongs (row in the body area), or -1. */
	int (*cursor)(struct view *v);
	/* A short text for the right of the footer ("12/60"), may be NULL. */
	void (*position)(struct view *v, char *buf, size_t n);
	void (*close)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	void *priv;
};

struct tui {
	const tui_opts *o;
	const keymap *km;
	int rows, cols;
	int body_h;                       /* rows of the body area */
	struct view *stack[VIEW_MAX];
	int depth;
	int quit;
	char status[256];                 /* a message for the footer, until the next key */
	int status_is_error;
	enum money_style money;           /* £ in UTF-8 locales, GBP otherwise */
	int utf8;
	char proxy_set[128];
	int proxy_illustrative;
	/* input */
	FILE *script;                     /* headless key script */
	int script_line;
	int script_done;
};

/* ---- tui.c ------------------------------------------------------------- */
int ui_push(struct tui *t, struct view *v);     /* takes ownership; -1 when full */
void ui_pop(struct tui *t);
struct view *ui_top(struct tui *t);
void ui_status(struct tui *t, int is_error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- input.c ----------------------------------------------------------- */
/* The one input function: the next key (an SVK_ or Unicode code point),
 * SVK_RESIZE after a size change, or SVK_NONE when input ended (end of a
 * script) or a signal asked to stop. */
int ui_getkey(struct tui *t);
int ui_input_open(struct tui *t, sv_err *err);  /* open the script, if any */
void ui_input_close(struct tui *t);
/* The signal received (SIGHUP, SIGTERM, SIGINT), or 0. */
int ui_signal_pending(void);
void ui_signals_install(void);

/* ---- draw.c ------------------------------------------------------------ */
enum ui_align { ALIGN_LEFT, ALIGN_RIGHT };

void ui_colors_init(enum ui_theme theme);
void ui_set_role(enum ui_role role);            /* on stdscr */

/* Draw UTF-8 text at (y, x) in exactly width columns: control characters
 * and invalid bytes are dropped (a string from a file can never send escape
 * sequences), too long text ends in an ellipsis, the rest is padded.
 * Returns the columns used by the text itself. */
int ui_text(struct tui *t, int y, int x, int width, enum ui_align align, const char *s);
/* Display width in columns of a UTF-8 string (control characters count 0). */
int ui_width(const char *s);
void ui_fill(int y, int x, int width);          /* spaces in the current role */

/* Columns: widths for a row of fields; fixed fields get their width, the
 * rest share what remains by weight (at least min each). */
struct ui_column {
	const char *title;
	int width;       /* fixed width, or 0 for a flexible column */
	int min;         /* flexible: minimum width */
	int weight;      /* flexible: share of the remaining space */
	enum ui_align align;
};
void ui_columns_layout(const struct ui_column *cols, int n, int total, int *widths);

/* Write the screen as text (UTF-8, trailing spaces trimmed) to path. */
int ui_dump(struct tui *t, const char *path, sv_err *err);

/* ---- list.c: a list over a paged source ------------------------------- */
struct list_source {
	size_t row_size;
	int64_t (*count)(void *ctx, sv_err *err);
	/* Up to limit rows after anchor (forward) or before it (!forward), in
	 * ascending order; anchor NULL = from the start / from the end. */
	int (*fetch)(void *ctx, const void *anchor, int forward, void *rows, int limit,
		     sv_err *err);
	void (*draw_row)(void *ctx, struct tui *t, int y, const void *row, int selected);
};

struct list {
	const struct list_source *src;
	void *ctx;
	char *rows;        /* height rows of row_size */
	int cap;           /* allocated rows */
	int n;             /* rows loaded (visible) */
	int height;        /* rows available on screen */
	int sel;           /* index of the selected row in rows */
	int64_t top;       /* rank of rows[0] */
	int64_t total;
};

int list_init(struct list *l, const struct list_source *src, void *ctx, sv_err *err);
void list_free(struct list *l);
int list_resize(struct list *l, int height, sv_err *err);
/* UP, DOWN, PAGE_UP, PAGE_DOWN, FIRST, LAST; returns 1 when handled, -1 on error. */
int list_act(struct list *l, enum action_id a, sv_err *err);
void list_draw(struct list *l, struct tui *t, int y0);
const void *list_selected(const struct list *l);
void list_position(const struct list *l, char *buf, size_t n);

/* ---- views ------------------------------------------------------------- */
struct view *view_contracts_new(struct tui *t, sv_err *err);
/* Help for the view below it: every key active in its contexts. */
struct view *view_help_new(struct tui *t, const struct view *about, sv_err *err);

#endif
