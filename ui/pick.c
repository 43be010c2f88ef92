/* pick.c: the pick list, a small menu over the screen (the filter and the
 * year of the lists, and the choices of forms).
 *
 * Like ui_prompt it runs its own loop on ui_getkey: the view below is drawn
 * as it is, the menu on top of it through the tui's overlay hook.  Typing
 * narrows the items to those whose label holds the text, in any case and
 * with any accent (the folding of the lists' search: utf8_fold_case, then
 * utf8_ascii_letter).  When input ends with the menu open (the end of a key
 * script), the menu stays drawn from copies, so the last screen shows it.
 * A form's pick list (ui_pick_typed) also gives back the text typed, for a
 * value that is not among the items (a new supplier's name). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/utf8.h"

#include "ui.h"

#define NARROW_MAX 64
#define KEEP_ITEMS 64
#define KEEP_LABEL 128

/* What the overlay draws: a title, the items shown (after narrowing), the
 * selection among them and the narrowing text. */
struct pick_state {
	const char *title;
	const char *const *labels;   /* the items shown, in order */
	const int *marked;
	int n;                       /* items shown */
	int sel;                     /* index into labels, or -1 when none */
	int first;                   /* the first item on screen */
	const char *narrow;
};

/* The copies kept on screen when input ends (see keep). */
static struct {
	char title[KEEP_LABEL];
	char labels[KEEP_ITEMS][KEEP_LABEL];
	const char *ptrs[KEEP_ITEMS];
	int marked[KEEP_ITEMS];
	char narrow[NARROW_MAX];
	struct pick_state st;
} kept;

/* Fold one UTF-8 text for matching: each character lower case, a Latin
 * letter without its accent; invisible characters left out. */
static void fold(const char *s, char *dst, size_t size)
{
	size_t len = strlen(s), i = 0, o = 0;

	while (i < len && o + UTF8_SEQ_MAX < size) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, len - i, &cp, NULL);
		char a;

		if (k == 0) {
			i++;
			continue;
		}
		i += k;
		if (!utf8_safe(cp))
			continue;
		cp = utf8_fold_case(cp);
		a = utf8_ascii_letter(cp);
		if (a != 0)
			dst[o++] = (char)(a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a);
		else
			o += utf8_encode(cp, dst + o);
	}
	dst[o] = '\0';
}

int ui_pick_match(const char *label, const char *text)
{
	char l[512], x[NARROW_MAX * 2];

	if (text == NULL || text[0] == '\0')
		return 1;
	fold(label, l, sizeof l);
	fold(text, x, sizeof x);
	return strstr(l, x) != NULL;
}

/* ---- drawing ----------------------------------------------------------- */

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* A horizontal border from corner l to corner r, with the title (if any)
 * after one dash. */
static void frame_line(struct tui *t, int y, int x, int w, const char *l, const char *r,
		   const char *title)
{
	const char *dash = t->utf8 ? "\xe2\x94\x80" : "-";
	char tt[256];
	int tw = 0, at = x + 1;

	if (title != NULL && title[0] != '\0') {
		snprintf(tt, sizeof tt, " %s ", title);
		tw = ui_width(tt);
		if (tw > w - 3)
			tw = w - 3 > 0 ? w - 3 : 0;
	}
	ui_text(t, y, x, 1, ALIGN_LEFT, l);
	if (tw > 0) {
		ui_text(t, y, at++, 1, ALIGN_LEFT, dash);
		ui_text(t, y, at, tw, ALIGN_LEFT, tt);
		at += tw;
	}
	for (; at < x + w - 1; at++)
		ui_text(t, y, at, 1, ALIGN_LEFT, dash);
	ui_text(t, y, x + w - 1, 1, ALIGN_LEFT, r);
}

/* The menu's size and place: as wide as its widest label (within the
 * screen), as tall as its items (within the body), centred over the body. */
static void geometry(struct tui *t, const struct pick_state *p, int *x0, int *y0, int *w,
		     int *rows)
{
	int want = ui_width(p->title) + 6;

	for (int i = 0; i < p->n; i++) {
		int lw = ui_width(p->labels[i]) + 4;   /* "│✓ label │" */

		if (lw > want)
			want = lw;
	}
	if (ui_width(p->narrow) + 12 > want)
		want = ui_width(p->narrow) + 12;
	if (want < 28)
		want = 28;
	*w = clamp(want + 2, 10, t->cols - 2);
	*rows = clamp(p->n > 0 ? p->n : 1, 1, t->body_h - 3 > 1 ? t->body_h - 3 : 1);
	*x0 = (t->cols - *w) / 2;
	*y0 = 1 + (t->body_h - (*rows + 3)) / 2;
	if (*y0 < 1)
		*y0 = 1;
}

static void draw_state(struct tui *t, const struct pick_state *p)
{
	const char *side = t->utf8 ? "\xe2\x94\x82" : "|";
	const char *mark = t->utf8 ? "\xe2\x9c\x93" : "*";
	int x0, y0, w, rows, cy = -1;

	geometry(t, p, &x0, &y0, &w, &rows);
	ui_set_role(ROLE_NORMAL);
	frame_line(t, y0, x0, w, t->utf8 ? "\xe2\x94\x8c" : "+", t->utf8 ? "\xe2\x94\x90" : "+",
	       p->title);
	for (int r = 0; r < rows; r++) {
		int i = p->first + r, y = y0 + 1 + r;

		ui_set_role(ROLE_NORMAL);
		ui_text(t, y, x0, 1, ALIGN_LEFT, side);
		ui_text(t, y, x0 + w - 1, 1, ALIGN_LEFT, side);
		if (i >= p->n) {
			ui_set_role(ROLE_DIM);
			ui_text(t, y, x0 + 1, w - 2, ALIGN_LEFT,
				p->n == 0 && r == 0 ? "  (nothing matches)" : "");
			continue;
		}
		ui_set_role(i == p->sel ? ROLE_SELECTED : ROLE_NORMAL);
		ui_text(t, y, x0 + 1, 1, ALIGN_LEFT, " ");
		ui_text(t, y, x0 + 2, 1, ALIGN_LEFT, p->marked[i] ? mark : " ");
		ui_text(t, y, x0 + 3, 1, ALIGN_LEFT, " ");
		ui_text(t, y, x0 + 4, w - 5, ALIGN_LEFT, p->labels[i]);
		if (i == p->sel)
			cy = y;
	}
	{
		int y = y0 + 1 + rows;
		char line[NARROW_MAX + 32];

		ui_set_role(ROLE_NORMAL);
		ui_text(t, y, x0, 1, ALIGN_LEFT, side);
		ui_text(t, y, x0 + w - 1, 1, ALIGN_LEFT, side);
		if (p->narrow[0] != '\0') {
			snprintf(line, sizeof line, " narrow: %s", p->narrow);
			ui_text(t, y, x0 + 1, w - 2, ALIGN_LEFT, line);
		} else {
			ui_set_role(ROLE_DIM);
			ui_text(t, y, x0 + 1, w - 2, ALIGN_LEFT, " type to narrow");
		}
		ui_set_role(ROLE_NORMAL);
		frame_line(t, y + 1, x0, w, t->utf8 ? "\xe2\x94\x94" : "+",
		       t->utf8 ? "\xe2\x94\x98" : "+", NULL);
	}
	ui_set_role(ROLE_NORMAL);
	/* the real cursor on the item chosen (screen readers follow it) */
	if (cy >= 0)
		move(cy, x0 + 2);
}

static void draw_live(struct tui *t)
{
	draw_state(t, t->overlay_ctx);
}

static void draw_kept(struct tui *t)
{
	(void)t->overlay_ctx;
	draw_state(t, &kept.st);
}

/* Input ended with the menu open: keep copies of what it shows. */
static void keep(struct tui *t, const struct pick_state *p)
{
	int n = p->n < KEEP_ITEMS ? p->n : KEEP_ITEMS;

	snprintf(kept.title, sizeof kept.title, "%s", p->title);
	snprintf(kept.narrow, sizeof kept.narrow, "%s", p->narrow);
	for (int i = 0; i < n; i++) {
		snprintf(kept.labels[i], sizeof kept.labels[i], "%s", p->labels[i]);
		kept.ptrs[i] = kept.labels[i];
		kept.marked[i] = p->marked[i];
	}
	kept.st = *p;
	kept.st.title = kept.title;
	kept.st.narrow = kept.narrow;
	kept.st.labels = kept.ptrs;
	kept.st.marked = kept.marked;
	kept.st.n = n;
	if (kept.st.sel >= n)
		kept.st.sel = n - 1;
	t->overlay = draw_kept;
	t->overlay_ctx = NULL;
}

/* ---- the loop ---------------------------------------------------------- */

/* The items whose labels hold the narrowing text: their indexes into
 * shown[], labels and marks into the state.  Returns the count. */
static int narrow_items(const struct pick_item *items, int n, const char *text, int *shown,
			const char **labels, int *marked)
{
	int k = 0;

	for (int i = 0; i < n; i++) {
		if (!ui_pick_match(items[i].label, text))
			continue;
		shown[k] = i;
		labels[k] = items[i].label;
		marked[k] = items[i].marked;
		k++;
	}
	return k;
}

/* A key that moves: arrows and the like, or a key the user bound to a
 * move that is not a printable character (those narrow). */
static enum action_id move_of(struct tui *t, int key)
{
	switch (key) {
	case SVK_UP: return ACT_UP;
	case SVK_DOWN: return ACT_DOWN;
	case SVK_PGUP: return ACT_PAGE_UP;
	case SVK_PGDN: return ACT_PAGE_DOWN;
	case SVK_HOME: return ACT_FIRST;
	case SVK_END: return ACT_LAST;
	default: break;
	}
	if (key >= 32 && key < SVK_BASE)
		return ACT_NONE;
	switch (keymap_lookup(t->km, key, CTX_MOVE)) {
	case ACT_UP: return ACT_UP;
	case ACT_DOWN: return ACT_DOWN;
	case ACT_PAGE_UP: return ACT_PAGE_UP;
	case ACT_PAGE_DOWN: return ACT_PAGE_DOWN;
	case ACT_FIRST: return ACT_FIRST;
	case ACT_LAST: return ACT_LAST;
	default: return ACT_NONE;
	}
}

/* Remove the last character of a UTF-8 text. */
static void chop(char *s)
{
	size_t n = strlen(s);

	while (n > 0) {
		n--;
		if (((unsigned char)s[n] & 0xC0) != 0x80)
			break;
	}
	s[n] = '\0';
}

int ui_pick(struct tui *t, const char *title, const struct pick_item *items, int n, int sel)
{
	return ui_pick_typed(t, title, items, n, sel, NULL, 0, NULL);
}

/* A key that takes the text typed as it is (a form's field-next or
 * field-prev: Tab, Shift-Tab), when the caller allows typed text. */
static int takes_typed(struct tui *t, int key)
{
	enum action_id a;

	if (key >= 32 && key < SVK_BASE)
		return 0;
	a = keymap_lookup(t->km, key, CTX_FORM);
	return a == ACT_FIELD_NEXT || a == ACT_FIELD_PREV;
}

int ui_pick_typed(struct tui *t, const char *title, const struct pick_item *items, int n,
		  int sel, char *text, size_t size, int *key_out)
{
	int *shown = malloc((size_t)(n > 0 ? n : 1) * sizeof *shown);
	int *marked = malloc((size_t)(n > 0 ? n : 1) * sizeof *marked);
	const char **labels = malloc((size_t)(n > 0 ? n : 1) * sizeof *labels);
	char narrow[NARROW_MAX] = "";
	struct pick_state st;
	int result = -1;

	if (shown == NULL || marked == NULL || labels == NULL) {
		free(shown);
		free(marked);
		free(labels);
		ui_status(t, 1, "out of memory");
		return -1;
	}
	memset(&st, 0, sizeof st);
	if (text != NULL && size > 0)
		snprintf(narrow, sizeof narrow, "%s", text);
	if (key_out != NULL)
		*key_out = 0;
	st.title = title;
	st.labels = labels;
	st.marked = marked;
	st.narrow = narrow;
	st.n = narrow_items(items, n, narrow, shown, labels, marked);
	st.sel = st.n > 0 ? clamp(sel, 0, st.n - 1) : -1;
	t->overlay = draw_live;
	t->overlay_ctx = &st;
	for (;;) {
		int key, x0, y0, w, rows, page;
		enum action_id a;

		geometry(t, &st, &x0, &y0, &w, &rows);
		/* keep the selection on screen */
		if (st.sel >= 0 && st.sel < st.first)
			st.first = st.sel;
		if (st.sel >= st.first + rows)
			st.first = st.sel - rows + 1;
		if (st.first > 0 && st.first > st.n - rows)
			st.first = st.n - rows > 0 ? st.n - rows : 0;
		ui_status(t, 0, "Up/Down choose, Enter takes, Esc cancels, type to narrow");
		ui_draw(t);
		key = ui_getkey(t);
		t->status[0] = '\0';
		if (key == SVK_NONE) {
			keep(t, &st);
			break;
		}
		if (key == SVK_RESIZE) {
			ui_resized(t);
			continue;
		}
		if (key == SVK_ESC)
			break;
		if (key == SVK_ENTER) {
			if (st.sel >= 0) {
				result = shown[st.sel];
				break;
			}
			if (text != NULL && narrow[0] != '\0') {
				/* nothing matches: what was typed, as it is */
				result = PICK_TYPED;
				break;
			}
			continue;
		}
		page = rows > 1 ? rows - 1 : 1;
		a = move_of(t, key);
		if (a == ACT_NONE && text != NULL && takes_typed(t, key)) {
			if (key_out != NULL)
				*key_out = key;
			result = PICK_TYPED;
			break;
		}
		if (a != ACT_NONE) {
			if (st.n == 0)
				continue;
			switch (a) {
			case ACT_UP: st.sel = st.sel > 0 ? st.sel - 1 : 0; break;
			case ACT_DOWN: st.sel = st.sel + 1 < st.n ? st.sel + 1 : st.n - 1; break;
			case ACT_PAGE_UP: st.sel = clamp(st.sel - page, 0, st.n - 1); break;
			case ACT_PAGE_DOWN: st.sel = clamp(st.sel + page, 0, st.n - 1); break;
			case ACT_FIRST: st.sel = 0; break;
			case ACT_LAST: st.sel = st.n - 1; break;
			default: break;
			}
			continue;
		}
		if (key == SVK_BACKSPACE || key == 8 || key == 127) {
			chop(narrow);
		} else if (key == 21) {       /* Ctrl-U: clear */
			narrow[0] = '\0';
		} else if (key >= 32 && key < SVK_BASE && utf8_safe((uint32_t)key)) {
			char enc[UTF8_SEQ_MAX];
			size_t k = utf8_encode((uint32_t)key, enc), len = strlen(narrow);

			if (len + k >= sizeof narrow) {
				beep();
				continue;
			}
			memcpy(narrow + len, enc, k);
			narrow[len + k] = '\0';
		} else {
			continue;
		}
		/* the text changed: narrow again, the selection on the first */
		st.n = narrow_items(items, n, narrow, shown, labels, marked);
		st.sel = st.n > 0 ? 0 : -1;
		st.first = 0;
	}
	if (t->overlay == draw_live) {
		t->overlay = NULL;
		t->overlay_ctx = NULL;
	}
	free(shown);
	free(marked);
	free(labels);
	if (result == PICK_TYPED)
		snprintf(text, size, "%s", narrow);
	return result;
}
