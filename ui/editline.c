/* editline.c: the one-line editor behind every prompt, and the prompts.
 *
 * The editing itself is a pure state machine over a caller's buffer
 * (editline_key: buffer + cursor + key -> result), with no curses in it, so
 * that it is tested without a terminal.  ui_prompt and ui_confirm put it on
 * the footer line and read keys through the one input function: keys that
 * mean "everywhere" (q, ?, 1 ... 6) are text while typing. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "svdesk/utf8.h"

#include "ui.h"

/* ---- the editing logic -------------------------------------------------- */

/* The length of the character that starts at byte i (1 for a bad byte). */
static size_t char_len(const struct editline *e, size_t i)
{
	uint32_t cp;
	size_t k;

	if (i >= e->len)
		return 0;
	k = utf8_decode(e->buf + i, e->len - i, &cp, NULL);
	return k == 0 ? 1 : k;
}

/* The start of the character that ends just before byte i. */
static size_t char_before(const struct editline *e, size_t i)
{
	size_t j = i;

	if (i == 0)
		return 0;
	j--;
	/* back over continuation bytes, at most three of them */
	while (j > 0 && i - j < 4 && ((unsigned char)e->buf[j] & 0xC0) == 0x80)
		j--;
	if (j + char_len(e, j) != i)
		j = i - 1;   /* not one character: step one byte */
	return j;
}

/* Columns of buf[from, to). */
static int columns(const struct editline *e, size_t from, size_t to)
{
	int cols = 0;

	while (from < to) {
		uint32_t cp;
		size_t k = utf8_decode(e->buf + from, to - from, &cp, NULL);
		int w;

		if (k == 0) {
			from++;
			cols++;     /* shown as a marker (ui_text) */
			continue;
		}
		from += k;
		w = utf8_width(cp);
		/* what the locale cannot show, ui_text shows in one column */
		cols += w < 0 ? 1 : w;
	}
	return cols;
}

void editline_init(struct editline *e, char *buf, size_t size, const char *initial)
{
	memset(e, 0, sizeof *e);
	e->buf = buf;
	e->size = size;
	if (size == 0)
		return;
	buf[0] = '\0';
	if (initial != NULL) {
		/* only what could have been typed: valid and safe to show */
		e->len = utf8_sanitize(buf, size, initial, strlen(initial), ' ', 0);
	}
	e->cur = e->len;
}

static void delete_range(struct editline *e, size_t from, size_t to)
{
	memmove(e->buf + from, e->buf + to, e->len - to + 1);
	e->len -= to - from;
	if (e->cur > to)
		e->cur -= to - from;
	else if (e->cur > from)
		e->cur = from;
	if (e->first > e->cur)
		e->first = e->cur;
}

static void insert(struct editline *e, uint32_t cp)
{
	char seq[UTF8_SEQ_MAX];
	size_t k = utf8_encode(cp, seq);

	e->full = 0;
	if (k == 0)
		return;
	if (e->len + k + 1 > e->size) {
		e->full = 1;   /* the byte limit: the character is refused */
		return;
	}
	memmove(e->buf + e->cur + k, e->buf + e->cur, e->len - e->cur + 1);
	memcpy(e->buf + e->cur, seq, k);
	e->len += k;
	e->cur += k;
}

enum edit_result editline_key(struct editline *e, int key)
{
	if (e->size == 0)
		return key == SVK_ESC ? EDIT_CANCEL : EDIT_MORE;
	switch (key) {
	case SVK_ENTER:
		return EDIT_ACCEPT;
	case SVK_ESC:
		return EDIT_CANCEL;
	case SVK_LEFT:
		e->cur = char_before(e, e->cur);
		break;
	case SVK_RIGHT:
		e->cur += char_len(e, e->cur);
		break;
	case SVK_HOME:
	case 'A' - '@':        /* Ctrl-A */
		e->cur = 0;
		break;
	case SVK_END:
	case 'E' - '@':        /* Ctrl-E */
		e->cur = e->len;
		break;
	case SVK_BACKSPACE:
		if (e->cur > 0)
			delete_range(e, char_before(e, e->cur), e->cur);
		break;
	case SVK_DELETE:
	case 'D' - '@':        /* Ctrl-D */
		if (e->cur < e->len)
			delete_range(e, e->cur, e->cur + char_len(e, e->cur));
		break;
	case 'U' - '@':        /* Ctrl-U: clear to the start */
		delete_range(e, 0, e->cur);
		break;
	case 'K' - '@':        /* Ctrl-K: clear to the end */
		delete_range(e, e->cur, e->len);
		break;
	default:
		/* Text: a printable code point.  Control characters, function
		 * keys and invisible characters are never typed in. */
		if (key > 0 && key < SVK_BASE && utf8_safe((uint32_t)key) &&
		    utf8_width((uint32_t)key) >= 0)
			insert(e, (uint32_t)key);
		return EDIT_MORE;
	}
	e->full = 0;
	return EDIT_MORE;
}

int editline_cursor(const struct editline *e)
{
	return columns(e, 0, e->cur);
}

int editline_window(struct editline *e, int width, size_t *from, size_t *to)
{
	size_t end;
	int cursor_w, used;

	if (width < 1)
		width = 1;
	if (e->first > e->cur)
		e->first = e->cur;
	/* the cursor's cell: the character under it, or one column at the end */
	cursor_w = e->cur < e->len ? columns(e, e->cur, e->cur + char_len(e, e->cur)) : 1;
	if (cursor_w < 1)
		cursor_w = 1;
	/* scroll right, a character at a time, until the cursor fits */
	while (e->first < e->cur && columns(e, e->first, e->cur) + cursor_w > width)
		e->first += char_len(e, e->first);
	/* and never leave room at the right that earlier text could fill */
	while (e->first > 0) {
		size_t prev = char_before(e, e->first);

		if (columns(e, prev, e->len) + (e->cur == e->len ? 1 : 0) > width)
			break;
		e->first = prev;
	}
	end = e->first;
	used = 0;
	while (end < e->len) {
		size_t k = char_len(e, end);
		int w = columns(e, end, end + k);

		if (used + w > width)
			break;
		used += w;
		end += k;
	}
	*from = e->first;
	*to = end;
	return columns(e, e->first, e->cur);
}

/* ---- prompts on the footer line ------------------------------------------ */

void ui_prompt_draw(struct tui *t, int y)
{
	int lw, width, cx;

	ui_set_role(ROLE_NORMAL);
	ui_fill(y, 0, t->cols);
	ui_set_role(ROLE_KEY);
	lw = ui_text(t, y, 0, t->cols - 2, ALIGN_LEFT, t->prompt_label);
	ui_set_role(ROLE_NORMAL);
	if (t->prompt_edit == NULL) {
		t->prompt_cursor = lw < t->cols ? lw : t->cols - 1;
		return;
	}
	width = t->cols - lw - 1;
	if (width < 1)
		width = 1;
	{
		struct editline *e = t->prompt_edit;
		size_t from, to;
		char shown[1024];
		size_t n;

		cx = editline_window(e, width, &from, &to);
		n = to - from < sizeof shown - 1 ? to - from : sizeof shown - 1;
		memcpy(shown, e->buf + from, n);
		shown[n] = '\0';
		ui_text(t, y, lw, width, ALIGN_LEFT, shown);
		t->prompt_cursor = lw + cx;
	}
}

/* Input ended (the end of a key script, or a signal) while a prompt was
 * open: it stays drawn, from copies, as the last screen. */
static void keep_on_screen(struct tui *t, const char *label, const struct editline *e)
{
	snprintf(t->prompt_kept_label, sizeof t->prompt_kept_label, "%s", label);
	t->prompt_label = t->prompt_kept_label;
	t->prompt_edit = NULL;
	if (e != NULL) {
		struct editline *k = &t->prompt_kept;
		size_t n = utf8_cut(e->buf, e->len, sizeof t->prompt_kept_text - 1);

		memcpy(t->prompt_kept_text, e->buf, n);
		t->prompt_kept_text[n] = '\0';
		*k = *e;
		k->buf = t->prompt_kept_text;
		k->size = sizeof t->prompt_kept_text;
		k->len = n;
		if (k->cur > n)
			k->cur = n;
		if (k->first > k->cur)
			k->first = k->cur;
		t->prompt_edit = k;
	}
}

/* Run the editor on the footer line until Enter or Esc. */
int ui_prompt(struct tui *t, const char *label, const char *initial, char *buf, size_t size)
{
	struct editline e;
	int result = PROMPT_CANCELLED;

	editline_init(&e, buf, size, initial);
	t->prompt_label = label;
	t->prompt_edit = &e;
	t->status[0] = '\0';
	for (;;) {
		int key;
		enum edit_result r;

		ui_draw(t);
		key = ui_getkey(t);
		if (key == SVK_NONE) {
			/* input ended, or a signal: nothing is kept but the picture */
			keep_on_screen(t, label, &e);
			if (size > 0)
				buf[0] = '\0';
			return PROMPT_CANCELLED;
		}
		if (key == SVK_RESIZE) {
			ui_resized(t);
			continue;
		}
		r = editline_key(&e, key);
		if (r == EDIT_ACCEPT) {
			result = PROMPT_ACCEPTED;
			break;
		}
		if (r == EDIT_CANCEL)
			break;
		if (e.full)
			beep();
	}
	t->prompt_label = NULL;
	t->prompt_edit = NULL;
	if (result == PROMPT_CANCELLED && size > 0)
		buf[0] = '\0';
	return result;
}

int ui_confirm(struct tui *t, const char *question)
{
	int answer = 0;

	t->prompt_label = question;
	t->prompt_edit = NULL;
	t->status[0] = '\0';
	for (;;) {
		int key;

		ui_draw(t);
		key = ui_getkey(t);
		if (key == SVK_RESIZE) {
			ui_resized(t);
			continue;
		}
		if (key == SVK_NONE) {
			keep_on_screen(t, question, NULL);
			return 0;
		}
		answer = key == 'y' || key == 'Y';
		break;
	}
	t->prompt_label = NULL;
	return answer;
}
