/* tui.c: start and stop curses, the view stack, the title bar, the footer
 * and the main loop. */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "svdesk/db.h"
#include "svdesk/period.h"
#include "svdesk/trace.h"
#include "ui.h"

static int last_signal;

int tui_signal(void)
{
	return last_signal;
}

int ui_push(struct tui *t, struct view *v)
{
	if (t->depth == VIEW_MAX) {
		v->ops->close(v);
		return -1;
	}
	t->stack[t->depth++] = v;
	if (v->ops->resize != NULL)
		v->ops->resize(v, t, t->body_h);
	return 0;
}

void ui_pop(struct tui *t)
{
	struct view *v;

	if (t->depth == 0)
		return;
	v = t->stack[--t->depth];
	v->ops->close(v);
}

struct view *ui_top(struct tui *t)
{
	return t->depth > 0 ? t->stack[t->depth - 1] : NULL;
}

void ui_status(struct tui *t, int is_error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(t->status, sizeof t->status, fmt, ap);
	va_end(ap);
	t->status_is_error = is_error;
	/* A headless run has no one to read the footer: each message goes to
	 * stderr too, one line each, so that a script (or a test) can count
	 * what happened (a refused decision names who decided first). */
	if (t->o->script != NULL && t->status[0] != '\0')
		sv_err_print(stderr, "status: %s\n", t->status);
}

int ui_offers(const struct view *v, enum action_id a)
{
	const enum action_id *l;

	if (!(action_contexts(a) & v->ops->contexts))
		return 0;
	for (l = v->ops->lacks; l != NULL && *l != ACT_NONE; l++)
		if (*l == a)
			return 0;
	return 1;
}

void ui_changed(struct tui *t)
{
	int i;

	for (i = 0; i < t->depth; i++)
		if (t->stack[i]->ops->reread != NULL)
			t->stack[i]->ops->reread(t->stack[i], t);
}

/* ---- the idle work ------------------------------------------------------ */

/* PRAGMA data_version when last looked at (one desk per process), and
 * when (the monotonic clock, ms). */
static int64_t seen_version;
static int seen_valid;
static long seen_at;

static long clock_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void ui_idle(struct tui *t)
{
	int64_t v;
	sv_err err = { 0 };
	long long start = trace_on() ? trace_clock() : 0;

	seen_at = clock_ms();
	/* a failed look is tried again at the next idle moment: the views
	 * keep what they show */
	if (db_data_version(t->o->db, &v, &err) < 0)
		return;
	if (seen_valid && v == seen_version) {
		if (start != 0)
			trace_span("look", start);
		return;
	}
	if (!seen_valid) {
		seen_version = v;
		seen_valid = 1;
		return;
	}
	/* another desk wrote: what is on screen is read again (each view its
	 * page or record, never a whole list) and drawn */
	seen_version = v;
	ui_changed(t);
	ui_draw(t);
	if (start != 0)
		trace_span("refresh", start);
}

void ui_idle_due(struct tui *t)
{
	if (clock_ms() - seen_at >= UI_IDLE_MS)
		ui_idle(t);
}

/* ---- title bar and footer ---------------------------------------------- */

/* The title bar, left to right:
 *
 *   " demo.db (~/folder)  Contracts  sort: ref  2026/27  who  proxies: NAME*   DEMO"
 *
 * The file's name comes first, so that two databases never look alike; the
 * view's own title (what it shows: its filter, its sort) next; then the
 * year, the person and the proxy set, '*' marking an illustrative one.
 * DEMO and READ-ONLY always show, at the right.  When room is short the
 * pieces give way in a fixed order: the folder, the proxy set's note in
 * brackets, the proxy set's name (cut), the person (cut), the view's title
 * (cut), then the proxy set, the person and the view's title altogether;
 * the year and the file's name stay. */
enum { TP_DB, TP_FOLDER, TP_VIEW, TP_FY, TP_WHO, TP_PROXY, TP_COUNT };

struct title_piece {
	char text[256];
	int w;           /* columns given, 0: left out */
};

/* The columns the pieces take: a leading space, two between pieces (the
 * folder follows the file's name after one), and the proxy set's mark. */
static int title_width(const struct title_piece *p, int star)
{
	int total = 1;

	for (int i = 0; i < TP_COUNT; i++) {
		if (p[i].w == 0)
			continue;
		total += p[i].w + (i == TP_DB ? 0 : i == TP_FOLDER ? 1 : 2);
		if (i == TP_PROXY)
			total += star;
	}
	return total;
}

/* Narrow piece i towards min columns (0: leave it out) while the bar is
 * over avail. */
static void title_shrink(struct title_piece *p, int star, int avail, int i, int min)
{
	int over = title_width(p, star) - avail;

	if (over <= 0 || p[i].w <= min)
		return;
	if (min == 0)
		p[i].w = 0;
	else
		p[i].w = p[i].w - over > min ? p[i].w - over : min;
}

static void draw_title(struct tui *t, struct view *v)
{
	struct title_piece p[TP_COUNT];
	const char *flags = NULL, *label = t->o->db_label, *slash;
	char fy[8];
	int fw = 0, avail, x, star = t->proxy_illustrative ? 1 : 0;

	memset(p, 0, sizeof p);
	if (t->o->demo && db_readonly(t->o->db))
		flags = " DEMO  READ-ONLY ";
	else if (t->o->demo)
		flags = " DEMO ";
	else if (db_readonly(t->o->db))
		flags = " READ-ONLY ";
	if (flags != NULL)
		fw = ui_width(flags);

	slash = strrchr(label, '/');
	snprintf(p[TP_DB].text, sizeof p[TP_DB].text, "%s", slash != NULL ? slash + 1 : label);
	if (slash != NULL)
		snprintf(p[TP_FOLDER].text, sizeof p[TP_FOLDER].text, "(%.*s)",
			 slash == label ? 1 : (int)(slash - label), label);
	if (v->ops->title != NULL)
		v->ops->title(v, p[TP_VIEW].text, sizeof p[TP_VIEW].text);
	if (p[TP_VIEW].text[0] == '\0' && v->ops->name != NULL) {
		/* a view without a title of its own is named */
		snprintf(p[TP_VIEW].text, sizeof p[TP_VIEW].text, "%s", v->ops->name);
		if (p[TP_VIEW].text[0] >= 'a' && p[TP_VIEW].text[0] <= 'z')
			p[TP_VIEW].text[0] = (char)(p[TP_VIEW].text[0] - 'a' + 'A');
	}
	snprintf(p[TP_FY].text, sizeof p[TP_FY].text, "%s", fy_format(t->fy, fy));
	snprintf(p[TP_WHO].text, sizeof p[TP_WHO].text, "%s", t->o->who);
	snprintf(p[TP_PROXY].text, sizeof p[TP_PROXY].text, "proxies: %s", t->proxy_set);
	for (int i = 0; i < TP_COUNT; i++)
		p[i].w = ui_width(p[i].text);
	if (p[TP_PROXY].w == 0)
		star = 0;

	avail = t->cols - fw - 1;
	title_shrink(p, star, avail, TP_FOLDER, 0);
	if (title_width(p, star) > avail) {
		/* "Illustrative values 2025 (not licensed ...)": the note in
		 * brackets goes before the name is cut */
		char *open = strrchr(p[TP_PROXY].text, '(');
		size_t len = strlen(p[TP_PROXY].text);

		if (open != NULL && open > p[TP_PROXY].text + 9 && open[-1] == ' ' &&
		    p[TP_PROXY].text[len - 1] == ')') {
			open[-1] = '\0';
			p[TP_PROXY].w = ui_width(p[TP_PROXY].text);
		}
	}
	title_shrink(p, star, avail, TP_PROXY, 16);
	title_shrink(p, star, avail, TP_WHO, 8);
	title_shrink(p, star, avail, TP_VIEW, 12);
	title_shrink(p, star, avail, TP_PROXY, 0);
	title_shrink(p, star, avail, TP_WHO, 0);
	title_shrink(p, star, avail, TP_VIEW, 0);
	title_shrink(p, star, avail, TP_DB, 4);
	if (p[TP_PROXY].w == 0)
		star = 0;

	ui_set_role(ROLE_TITLE);
	ui_fill(0, 0, t->cols);
	x = 1;
	for (int i = 0; i < TP_COUNT; i++) {
		if (p[i].w == 0)
			continue;
		x += i == TP_DB ? 0 : i == TP_FOLDER ? 1 : 2;
		if (x + p[i].w > avail)
			p[i].w = avail - x;     /* only on a bar too narrow for the year */
		if (p[i].w <= 0)
			break;
		x += ui_text(t, 0, x, p[i].w, ALIGN_LEFT, p[i].text);
		if (i == TP_PROXY && star && x < avail) {
			ui_set_role(ROLE_TITLE_FLAG);
			ui_text(t, 0, x, 1, ALIGN_LEFT, "*");
			ui_set_role(ROLE_TITLE);
			x++;
		}
	}
	if (flags != NULL && fw <= t->cols) {
		ui_set_role(ROLE_TITLE_FLAG);
		ui_text(t, 0, t->cols - fw, fw, ALIGN_LEFT, flags);
	}
	ui_set_role(ROLE_NORMAL);
}

/* The footer: the live keys of the view as "key:action" (a key, then what
 * it does: "1:contracts" never reads as a count), the position at the
 * right ("row 12 of 60"), which is kept whole; a message, when there is
 * one, takes the place of the keys. */
static void draw_footer(struct tui *t, struct view *v)
{
	static const struct {
		enum action_id a;
		const char *name;
	} hints[] = {
		{ ACT_SAVE, "save" }, { ACT_CANCEL, "cancel" }, { ACT_FIELD_NEXT, "next" },
		{ ACT_FIELD_PREV, "previous" }, { ACT_PICK, "pick" },
		{ ACT_HELP, "help" }, { ACT_BACK, "back" }, { ACT_QUIT, "quit" },
		{ ACT_OPEN, "open" },
		{ ACT_ACCEPT, "accept" }, { ACT_PARTIAL, "partial" }, { ACT_REJECT, "reject" },
		{ ACT_QUERY, "query" }, { ACT_UNDO, "undo" }, { ACT_MISSING, "missing" },
		{ ACT_MAKE_CURRENT, "make current" }, { ACT_SET_NEXT, "set" },
		{ ACT_SEARCH, "search" }, { ACT_SORT, "sort" },
		{ ACT_FILTER, "filter" }, { ACT_YEAR, "year" },
		{ ACT_FOLD, "fold" }, { ACT_UNFOLD, "unfold" },
		{ ACT_ADD, "add" }, { ACT_EDIT, "edit" }, { ACT_DELETE, "delete" },
		{ ACT_MOVE_UP, "up" }, { ACT_MOVE_DOWN, "down" },
		{ ACT_BOARD, "board" }, { ACT_PERIOD, "period" }, { ACT_PRINT, "print" },
		{ ACT_WRITE, "write" }, { ACT_HIGHLIGHTS, "highlights" },
		{ ACT_PAGE_DOWN, "page" }, { ACT_LAST, "last" }, { ACT_CONTRACTS, "contracts" },
		{ ACT_MEASURES, "measures" }, { ACT_SUPPLIERS, "suppliers" },
		{ ACT_QUEUE, "queue" }, { ACT_REPORTS, "reports" }, { ACT_AUDIT, "audit" },
	};
	int y = t->rows - 1, x = 0, pw, room;
	char pos[64] = "";

	if (t->prompt_label != NULL) {
		ui_prompt_draw(t, y);
		return;
	}
	if (v->ops->position != NULL)
		v->ops->position(v, pos, sizeof pos);
	pw = ui_width(pos);
	if (pw > t->cols - 2)
		pw = 0;     /* never on a footer too narrow to hold it */
	/* the keys (or the message) end two columns before the position */
	room = pw > 0 ? t->cols - pw - 3 : t->cols;
	ui_set_role(ROLE_FOOTER);
	ui_fill(y, 0, t->cols);
	if (t->status[0] != '\0') {
		/* a message too long to share the line takes all of it */
		if (ui_width(t->status) > room) {
			room = t->cols;
			pw = 0;
		}
		if (t->status_is_error)
			ui_set_role(ROLE_ERROR);
		ui_text(t, y, 0, room, ALIGN_LEFT, t->status);
		ui_set_role(ROLE_FOOTER);
	} else {
		for (size_t i = 0; i < sizeof hints / sizeof hints[0]; i++) {
			char keys[64];
			enum action_id a = hints[i].a;
			const char *name = hints[i].name;
			int kw, nw;

			if (!ui_offers(v, a))
				continue;
			if (a == ACT_QUIT && t->depth == 1)
				continue;   /* back already quits */
			if (a == ACT_CONTRACTS && t->depth == 1)
				continue;   /* already there */
			if (a == ACT_HELP && strcmp(v->ops->name, "help") == 0)
				continue;
			if (t->km->keys[a][0] == 0)
				continue;
			key_label(t->km->keys[a][0], keys, sizeof keys);
			if (a == ACT_BACK && t->depth == 1)
				name = "quit";
			kw = ui_width(keys);
			nw = ui_width(name);
			if (x + 1 + kw + 1 + nw > room)
				break;
			ui_set_role(ROLE_KEY);
			ui_text(t, y, x + 1, kw, ALIGN_LEFT, keys);
			ui_set_role(ROLE_FOOTER);
			ui_text(t, y, x + 1 + kw, 1, ALIGN_LEFT, ":");
			ui_text(t, y, x + 2 + kw, nw, ALIGN_LEFT, name);
			x += 2 + kw + nw + 1;
		}
	}
	if (pw > 0)
		ui_text(t, y, t->cols - pw - 1, pw, ALIGN_LEFT, pos);
	ui_set_role(ROLE_NORMAL);
}

/* Break msg into lines of at most width columns (ASCII), at its newlines
 * and between words.  Returns the count, or max + 1 when it needs more
 * lines or a word is wider than width. */
static int wrap(const char *msg, int width, char text[][64], int max)
{
	int n = 0;
	const char *p = msg;

	while (*p != '\0') {
		int len = 0, last_space = -1;

		if (n == max)
			return max + 1;
		while (p[len] != '\0' && p[len] != '\n' && len < width && len < 63) {
			if (p[len] == ' ')
				last_space = len;
			len++;
		}
		if (p[len] != '\0' && p[len] != '\n' && p[len] != ' ') {
			if (last_space <= 0)
				return max + 1;     /* a word wider than the line */
			len = last_space;
		}
		memcpy(text[n], p, (size_t)len);
		text[n][len] = '\0';
		n++;
		p += len;
		while (*p == ' ' || *p == '\n')
			p++;
	}
	return n;
}

/* "terminal too small: 50x10, svdesk needs 60x12", or a shorter wording on
 * more lines when that does not fit: what is needed shows whole down to
 * 20x5 (and to 5x1 the size alone), and nothing is drawn outside the
 * screen at any size. */
static void draw_too_small(struct tui *t)
{
	char msgs[6][96], text[8][64];
	int n = 0, max = t->rows < 8 ? t->rows : 8, m;

	erase();
	if (t->cols < 1 || t->rows < 1)
		return;
	snprintf(msgs[0], sizeof msgs[0], "terminal too small: %dx%d, svdesk needs %dx%d", t->cols,
		 t->rows, UI_MIN_COLS, UI_MIN_ROWS);
	snprintf(msgs[1], sizeof msgs[1], "terminal too small: %dx%d\nsvdesk needs %dx%d", t->cols,
		 t->rows, UI_MIN_COLS, UI_MIN_ROWS);
	snprintf(msgs[2], sizeof msgs[2], "too small: %dx%d\nneeds %dx%d", t->cols, t->rows,
		 UI_MIN_COLS, UI_MIN_ROWS);
	snprintf(msgs[3], sizeof msgs[3], "too small\nneeds\n%dx%d", UI_MIN_COLS, UI_MIN_ROWS);
	snprintf(msgs[4], sizeof msgs[4], "needs\n%dx%d", UI_MIN_COLS, UI_MIN_ROWS);
	snprintf(msgs[5], sizeof msgs[5], "%dx%d", UI_MIN_COLS, UI_MIN_ROWS);
	for (m = 0; m < 6; m++) {
		n = wrap(msgs[m], t->cols, text, max);
		if (n <= max && (m > 0 || n == 1))
			break;      /* the first wording only on one line */
	}
	if (m == 6) {
		/* smaller than "60x12": as much of it as fits */
		snprintf(text[0], sizeof text[0], "%.63s", msgs[5]);
		n = 1;
	}
	ui_set_role(ROLE_NORMAL);
	for (int i = 0; i < n; i++) {
		int w = ui_width(text[i]);

		if (w > t->cols)
			w = t->cols;
		ui_text(t, (t->rows - n) / 2 + i, (t->cols - w) / 2, w, ALIGN_LEFT, text[i]);
	}
}

static int too_small(const struct tui *t)
{
	return t->cols < UI_MIN_COLS || t->rows < UI_MIN_ROWS;
}

void ui_draw(struct tui *t)
{
	struct view *v = ui_top(t);
	int cur;

	if (v == NULL)
		return;
	if (too_small(t)) {
		draw_too_small(t);
		curs_set(0);
		wnoutrefresh(stdscr);
		/* ncurses 6.4 reads a cell before the line when it updates a
		 * terminal one column wide (valgrind finds it, in a terminal):
		 * nothing fits there, so the terminal is left as it is until
		 * it is wider.  wnoutrefresh still marks the window drawn, or
		 * the next read of a key would update the terminal itself.
		 * Headless, the output is thrown away and the dump reads the
		 * updated screen, so it is updated (valgrind finds nothing). */
		if (t->cols > 1 || t->o->script != NULL)
			doupdate();
		return;
	}
	draw_title(t, v);
	v->ops->draw(v, t, 1, t->body_h);
	draw_footer(t, v);
	if (t->prompt_label != NULL && t->prompt_problem != NULL && t->rows >= 3) {
		/* why the value was asked again, on the row above the prompt */
		ui_set_role(ROLE_ERROR);
		ui_fill(t->rows - 2, 0, t->cols);
		ui_text(t, t->rows - 2, 0, t->cols, ALIGN_LEFT, t->prompt_problem);
		ui_set_role(ROLE_NORMAL);
	}
	cur = v->ops->cursor != NULL ? v->ops->cursor(v) : -1;
	/* The real cursor sits on the selected row: screen readers follow it;
	 * while a prompt is open, in the text being typed. */
	if (t->prompt_label != NULL) {
		curs_set(1);
		move(t->rows - 1, t->prompt_cursor);
	} else if (cur >= 0 && v->ops->cursor_x != NULL && v->ops->cursor_x(v) >= 0) {
		curs_set(1);
		move(1 + cur, v->ops->cursor_x(v));
	} else if (cur >= 0)
		move(1 + cur, 0);
	else
		move(t->rows - 1, 0);
	if (t->overlay != NULL)
		t->overlay(t);
	wnoutrefresh(stdscr);
	doupdate();
	if (t->prompt_label == NULL &&
	    (v->ops->cursor_x == NULL || cur < 0 || v->ops->cursor_x(v) < 0))
		curs_set(0);
}

void ui_resized(struct tui *t)
{
	getmaxyx(stdscr, t->rows, t->cols);
	t->body_h = t->rows - 2;
	if (t->body_h < 1)
		t->body_h = 1;
	for (int i = 0; i < t->depth; i++)
		if (t->stack[i]->ops->resize != NULL)
			t->stack[i]->ops->resize(t->stack[i], t, t->body_h);
	clearok(curscr, TRUE);
}

/* ---- actions ----------------------------------------------------------- */

int ui_goto(struct tui *t, struct view *v)
{
	while (t->depth > 1)
		ui_pop(t);
	if (v == NULL)
		return 0;
	return ui_push(t, v);
}

/* A mouse event: a click in the body goes to the view (its row counted
 * from the body's first); the wheel, where the view has no use for it,
 * moves three lines. */
static void act_mouse(struct tui *t, struct view *v)
{
	int row = t->mouse_y - 1, kind = t->mouse_kind;
	int wheel = kind == UI_WHEEL_UP || kind == UI_WHEEL_DOWN;

	if (too_small(t))
		return;
	if (row >= 0 && row < t->body_h && v->ops->mouse != NULL
	    && v->ops->mouse(v, t, row, t->mouse_x, kind))
		return;
	if (!wheel)
		return;
	for (int i = 0; i < 3 && ui_top(t) == v; i++)
		v->ops->act(v, t, kind == UI_WHEEL_UP ? ACT_UP : ACT_DOWN);
}

/* Keys 2 and 3: the view over the contracts list; when it is already open
 * there (under help, or a list opened from it), back to it as it was. */
static void goto_view(struct tui *t, const char *name,
		      struct view *(*make)(struct tui *, sv_err *))
{
	struct view *v;
	sv_err err = { 0 };

	if (t->depth >= 2 && strcmp(t->stack[1]->ops->name, name) == 0) {
		while (t->depth > 2)
			ui_pop(t);
		return;
	}
	v = make(t, &err);
	if (v == NULL || ui_goto(t, v) < 0)
		ui_status(t, 1, "%s", v == NULL ? err.msg : "too many views open");
}

static void act(struct tui *t, int key)
{
	struct view *v = ui_top(t);
	enum action_id a;
	sv_err err = { 0 };
	char name[32];

	if (v == NULL)
		return;
	if (key == SVK_MOUSE) {
		act_mouse(t, v);
		return;
	}
	if (key == SVK_UNKNOWN) {
		/* never Esc and junk: the whole sequence, named */
		if (!too_small(t))
			ui_status(t, 0, "%s", t->key_unknown);
		return;
	}
	a = keymap_lookup(t->km, key, v->ops->contexts);
	/* Ctrl and Shift on a named key (Ctrl-Down, Shift-PgDn) do what the key
	 * does alone unless they are bound: terminals disagree on which of the
	 * two a key is (PuTTY's Ctrl-Down is terminfo's Shift-Down). */
	if (a == ACT_NONE && (key & (SVK_CTRL | SVK_SHIFT)) && !(key & SVK_ALT)
	    && (key & ~SVK_MODS) > SVK_BASE && (key & ~SVK_MODS) < SVK_LAST)
		a = keymap_lookup(t->km, key & ~SVK_MODS, v->ops->contexts);

	switch (a) {
	case ACT_QUIT:
		t->quit = 1;
		return;
	case ACT_BACK:
		if (t->depth == 1)
			t->quit = 1;
		else
			ui_pop(t);
		return;
	case ACT_REDRAW:
		clearok(curscr, TRUE);
		return;
	case ACT_HELP: {
		struct view *h;

		if (strcmp(v->ops->name, "help") == 0)
			return;
		h = view_help_new(t, v, &err);
		if (h == NULL || ui_push(t, h) < 0)
			ui_status(t, 1, "%s", h == NULL ? err.msg : "too many views open");
		return;
	}
	case ACT_CONTRACTS:
		ui_goto(t, NULL);
		return;
	case ACT_MEASURES:
		goto_view(t, "measures", view_measures_new);
		return;
	case ACT_SUPPLIERS:
		goto_view(t, "suppliers", view_suppliers_new);
		return;
	case ACT_QUEUE:
		goto_view(t, "queue", view_queue_new);
		return;
	case ACT_AUDIT:
		goto_view(t, "audit", view_audit_new);
		return;
	case ACT_PROXIES:
		goto_view(t, "proxies", view_proxies_new);
		return;
	case ACT_REPORTS: {
		struct view *r;

		/* the Reports view already open (under help, say) is kept */
		if (t->depth >= 2 && strcmp(t->stack[1]->ops->name, "reports") == 0) {
			while (t->depth > 2)
				ui_pop(t);
			return;
		}
		r = view_reports_new(t, &err);
		if (r == NULL || ui_goto(t, r) < 0)
			ui_status(t, 1, "%s", r == NULL ? err.msg : "too many views open");
		return;
	}
	case ACT_NONE:
		if (too_small(t))
			return;
		key_label(key, name, sizeof name);
		/* the help key as it is bound now ([keys] may move or remove it) */
		if (t->km->keys[ACT_HELP][0] != 0) {
			char help[32];

			ui_status(t, 0, "%s: no action here; press %s for the keys",
				  name, key_label(t->km->keys[ACT_HELP][0], help, sizeof help));
		} else {
			ui_status(t, 0, "%s: no action here; no key is bound to help ([keys] in svdesk.ini)",
				  name);
		}
		return;
	default:
		break;   /* the view's own actions */
	}
	if (!too_small(t))
		v->ops->act(v, t, a);
}

/* ---- start and stop ---------------------------------------------------- */

static int start_curses(struct tui *t, SCREEN **scr, FILE **out, FILE **in, sv_err *err)
{
	*scr = NULL;
	*out = *in = NULL;
	if (t->o->script != NULL) {
		/* Headless: a real terminal description, output thrown away, the
		 * screen read back from curses itself. */
		*out = fopen("/dev/null", "w");
		*in = fopen("/dev/null", "r");
		if (*out == NULL || *in == NULL)
			return sv_err_set(err, "/dev/null: %s", strerror(errno));
		*scr = newterm("xterm-256color", *out, *in);
		if (*scr == NULL)
			return sv_err_set(err, "cannot start the headless screen (terminfo xterm-256color)");
		set_term(*scr);
		resize_term(t->o->rows, t->o->cols);
	} else {
		const char *term = getenv("TERM");

		if (ui_terminal_check(term, err) < 0)
			return -1;
		*scr = newterm(NULL, stdout, stdin);
		if (*scr == NULL)
			return sv_err_set(err, "cannot use the terminal (TERM=%s)",
					  term != NULL ? term : "unset");
		set_term(*scr);
	}
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	wtimeout(stdscr, 500);   /* input.c's half second: signals are looked at */
#ifdef HAVE_SET_ESCDELAY
	/* ncurses waits this long after an ESC for the rest of a key; input.c
	 * reads what it does not know as one sequence */
	set_escdelay(25);
#endif
	curs_set(0);
	leaveok(stdscr, FALSE);
	if (t->o->script == NULL && t->o->cfg->mouse) {
		/* clicks (a press and a release) and double clicks of the first
		 * button, and the wheel; where the terminal reports none, nothing
		 * changes */
		mmask_t want = BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED;

#ifdef BUTTON5_PRESSED
		want |= BUTTON5_PRESSED;
#endif
		ui_terminal_keep_gpm(getenv("TERM"));
		mousemask(want, NULL);
	}
	ui_colors_init(t->o->cfg->theme);
	return 0;
}

static void stop_curses(SCREEN *scr, FILE *out, FILE *in)
{
	if (scr != NULL) {
		endwin();
		delscreen(scr);
	}
	if (out != NULL)
		fclose(out);
	if (in != NULL)
		fclose(in);
}

int tui_run(const tui_opts *o, sv_err *err)
{
	struct tui t;
	SCREEN *scr = NULL;
	FILE *out = NULL, *in = NULL;
	struct view *first;
	const char *codeset = nl_langinfo(CODESET);
	int rc = 0;

	memset(&t, 0, sizeof t);
	t.o = o;
	t.km = &o->cfg->keys;
	t.utf8 = codeset != NULL && strcmp(codeset, "UTF-8") == 0;
	t.money = t.utf8 ? MONEY_POUND : MONEY_GBP;
	t.fy = fy_of_date(o->now.date);
	last_signal = 0;
	ui_decide_reset();
	if (db_proxy_set_current(o->db, t.proxy_set, sizeof t.proxy_set, &t.proxy_illustrative,
				 err) < 0)
		return -1;
	if (ui_input_open(&t, err) < 0)
		return -1;
	ui_signals_install();
	if (start_curses(&t, &scr, &out, &in, err) < 0) {
		stop_curses(scr, out, in);
		ui_input_close(&t);
		return -1;
	}
	getmaxyx(stdscr, t.rows, t.cols);
	t.body_h = t.rows - 2 > 0 ? t.rows - 2 : 1;
	seen_valid = 0;
	ui_idle(&t);        /* where other desks' writes are counted from */
	first = view_contracts_new(&t, err);
	if (first == NULL) {
		rc = -1;
	} else {
		ui_push(&t, first);
		/* why the database is READ-ONLY (an audit trigger missing ...) */
		if (db_readonly_reason(o->db)[0] != '\0')
			ui_status(&t, 1, "READ-ONLY: %s", db_readonly_reason(o->db));
		while (!t.quit) {
			int key;

			ui_draw(&t);
			key = ui_getkey(&t);
			if (key == SVK_NONE)
				break;      /* end of the key script, or a signal */
			t.status[0] = '\0';
			if (key == SVK_RESIZE) {
				ui_resized(&t);
				continue;
			}
			act(&t, key);
		}
		if (!t.quit)
			ui_draw(&t);
		if (o->dump != NULL && ui_dump(&t, o->dump, err) < 0)
			rc = -1;
	}
	last_signal = ui_signal_pending();
	/* An interrupted write never stays half-done. */
	db_rollback(o->db);
	while (t.depth > 0)
		ui_pop(&t);
	stop_curses(scr, out, in);
	ui_input_close(&t);
	return rc;
}
