/* test_ui.c: the screen-independent parts of ui/: safe text in columns,
 * column layout, and the paged list against a model, on a headless curses
 * screen. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#include <cmocka.h>

#include "ui/ui.h"

static SCREEN *scr;
static FILE *dev_out, *dev_in;
static struct tui tui;

static int setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "");
	dev_out = fopen("/dev/null", "w");
	dev_in = fopen("/dev/null", "r");
	if (dev_out == NULL || dev_in == NULL)
		return -1;
	scr = newterm("xterm-256color", dev_out, dev_in);
	if (scr == NULL)
		return -1;
	set_term(scr);
	resize_term(12, 40);
	memset(&tui, 0, sizeof tui);
	tui.utf8 = 1;
	tui.rows = 12;
	tui.cols = 40;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	endwin();
	delscreen(scr);
	fclose(dev_out);
	fclose(dev_in);
	return 0;
}

/* Row y of the virtual screen, columns [x, x + w), as UTF-8 (wide
 * characters take two columns). */
static const char *cells(int y, int x, int w)
{
	static char out[512];
	wchar_t line[256];
	mbstate_t st;
	size_t o = 0;
	int n = mvwinnwstr(stdscr, y, 0, line, 255), col = 0;

	if (n == ERR)
		n = 0;
	memset(&st, 0, sizeof st);
	for (int i = 0; i < n && col < x + w; i++) {
		int cw = wcwidth(line[i]);

		if (col >= x) {
			size_t k = wcrtomb(out + o, line[i], &st);

			if (k != (size_t)-1)
				o += k;
		}
		col += cw > 0 ? cw : 0;
	}
	out[o] = '\0';
	return out;
}

static void text_is(const char *in, int width, enum ui_align align, const char *want, int used)
{
	erase();
	assert_int_equal(ui_text(&tui, 0, 2, width, align, in), used);
	assert_string_equal(cells(0, 2, width), want);
	/* nothing is written outside the field */
	assert_string_equal(cells(0, 0, 2), "  ");
	assert_string_equal(cells(0, 2 + width, 3), "   ");
}

static void test_text_fits_and_pads(void **state)
{
	(void)state;
	text_is("abc", 5, ALIGN_LEFT, "abc  ", 3);
	text_is("abc", 5, ALIGN_RIGHT, "  abc", 3);
	text_is("abcde", 5, ALIGN_LEFT, "abcde", 5);
	text_is("", 4, ALIGN_LEFT, "    ", 0);
	text_is("£1,234.50", 10, ALIGN_RIGHT, " £1,234.50", 9);
}

static void test_text_truncates_with_ellipsis(void **state)
{
	(void)state;
	text_is("abcdefgh", 5, ALIGN_LEFT, "abcd\xe2\x80\xa6", 5);
	text_is("abcdefgh", 1, ALIGN_LEFT, "\xe2\x80\xa6", 1);
	tui.utf8 = 0;
	text_is("abcdefgh", 5, ALIGN_LEFT, "abcd~", 5);
	tui.utf8 = 1;
}

/* U+00B7, the marker of a character that is not shown as it is */
#define MK "\xc2\xb7"

static void test_text_marks_control_characters(void **state)
{
	(void)state;
	/* An escape sequence in a supplier's name never reaches the terminal;
	 * where it was shows. */
	text_is("a\x1b[31mb\x07" "c", 10, ALIGN_LEFT, "a" MK "[31mb" MK "c ", 9);
	text_is("x\r\ny", 5, ALIGN_LEFT, "x" MK MK "y ", 4);
	/* C1 controls (U+009B is CSI) and invalid bytes too */
	text_is("p\xc2\x9bq\xffr", 6, ALIGN_LEFT, "p" MK "q" MK "r ", 5);
	/* a tab is a space */
	text_is("a\tb", 4, ALIGN_LEFT, "a b ", 3);
	assert_int_equal(ui_width("a\x1b" "b\x07"), 4);
}

static void test_text_marks_bidi_and_invisible(void **state)
{
	(void)state;
	/* a right-to-left override (U+202E) would reorder what a row says */
	text_is("ab\xe2\x80\xae" "cd", 6, ALIGN_LEFT, "ab" MK "cd ", 5);
	/* and its end (U+202C), isolates (U+2066..2069), marks (U+200E/200F) */
	text_is("\xe2\x80\xac\xe2\x81\xa6x\xe2\x81\xa9\xe2\x80\x8fy", 7, ALIGN_LEFT,
		MK MK "x" MK MK "y ", 6);
	/* zero-width space, joiner, word joiner, byte-order mark hide text */
	text_is("a\xe2\x80\x8b" "b\xe2\x80\x8d" "c\xe2\x81\xa0" "d\xef\xbb\xbf" "e", 10,
		ALIGN_LEFT, "a" MK "b" MK "c" MK "d" MK "e ", 9);
	/* ui_width measures what ui_text draws */
	assert_int_equal(ui_width("\xe2\x80\xae\xe2\x80\x8b"), 2);
	/* an overlong encoding of '<' is two invalid bytes, not a '<' */
	text_is("\xc0\xbc" "ok", 5, ALIGN_LEFT, MK MK "ok ", 4);
	/* the marker is cut like any character */
	text_is("abc\xe2\x80\x8b" "def", 5, ALIGN_LEFT, "abc" MK "\xe2\x80\xa6", 5);
	/* a combining accent is shown, on its letter */
	assert_int_equal(ui_width("e\xcc\x81t\xc3\xa9"), 3);
	/* one with no letter before it stays in its field, on a space */
	text_is("\xcc\x81" "ab", 4, ALIGN_LEFT, " \xcc\x81" "ab ", 3);
}

static void test_text_plain_locale(void **state)
{
	(void)state;
	/* where the locale cannot show a letter, its plain letter stands in;
	 * what has none is a '?'; nothing vanishes */
	assert_non_null(setlocale(LC_CTYPE, "C"));
	tui.utf8 = 0;
	text_is("Caf\xc3\xa9", 5, ALIGN_LEFT, "Cafe ", 4);
	text_is("\xc3\x89tude \xc5\x81\xc3\xb3" "d\xc5\xba", 11, ALIGN_LEFT, "Etude Lodz ", 10);
	text_is("\xe6\x97\xa5x", 3, ALIGN_LEFT, "?x ", 2);
	/* a combining accent goes with its letter: e + U+0301 shows e */
	text_is("Cafe\xcc\x81!", 6, ALIGN_LEFT, "Cafe! ", 5);
	/* the marker of an invisible character is a '?' too */
	text_is("a\xe2\x80\xae" "b", 3, ALIGN_LEFT, "a?b", 3);
	assert_int_equal(ui_width("Caf\xc3\xa9"), 4);
	tui.utf8 = 1;
	assert_non_null(setlocale(LC_CTYPE, ""));
}

static void test_text_wide_characters(void **state)
{
	(void)state;
	assert_int_equal(ui_width("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e"), 6);   /* 日本語 */
	text_is("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 6, ALIGN_LEFT,
		"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 6);
	/* cut on a character boundary: 2 + 2 columns, then the ellipsis */
	text_is("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 5, ALIGN_LEFT,
		"\xe6\x97\xa5\xe6\x9c\xac\xe2\x80\xa6", 5);
	/* a wide character that would straddle the edge is left out */
	text_is("a\xe6\x97\xa5\xe6\x9c\xac", 4, ALIGN_LEFT, "a\xe6\x97\xa5\xe2\x80\xa6", 4);
}

static void test_columns_layout(void **state)
{
	static const struct ui_column cols[] = {
		{ "Ref", 14, 0, 0, ALIGN_LEFT, 0 },
		{ "Title", 0, 10, 3, ALIGN_LEFT, 0 },
		{ "Supplier", 0, 8, 2, ALIGN_LEFT, 0 },
		{ "Value", 15, 0, 0, ALIGN_RIGHT, 0 },
	};
	int w[4];

	(void)state;
	for (int total = 60; total <= 250; total++) {
		ui_columns_layout(cols, 4, total, w);
		assert_int_equal(w[0], 14);
		assert_int_equal(w[3], 15);
		assert_true(w[1] >= 10);
		assert_true(w[2] >= 8);
		/* the row fills the width exactly: widths plus one space between */
		assert_int_equal(w[0] + w[1] + w[2] + w[3] + 3, total);
		/* the title gets the larger share */
		assert_true(w[1] >= w[2]);
	}
	/* too narrow: the minimums hold */
	ui_columns_layout(cols, 4, 40, w);
	assert_int_equal(w[1], 10);
	assert_int_equal(w[2], 8);
}

/* The sum of kept widths plus one space between kept columns. */
static int row_width(const int *w, int n)
{
	int sum = 0, kept = 0;

	for (int i = 0; i < n; i++)
		if (w[i] > 0) {
			sum += w[i];
			kept++;
		}
	return sum + (kept > 0 ? kept - 1 : 0);
}

static void test_columns_drop(void **state)
{
	static const struct ui_column cols[] = {
		{ "Ref", 14, 0, 0, ALIGN_LEFT, 0 },
		{ "Title", 0, 10, 3, ALIGN_LEFT, 0 },
		{ "Supplier", 0, 8, 2, ALIGN_LEFT, 2 },
		{ "Body", 4, 0, 0, ALIGN_LEFT, 1 },
		{ "Value", 17, 0, 0, ALIGN_RIGHT, 0 },
		{ "SV %", 6, 0, 0, ALIGN_RIGHT, 3 },
	};
	int w[6];

	(void)state;
	/* 64 columns hold everything at its minimum: nothing goes */
	for (int total = 64; total <= 200; total++) {
		ui_columns_layout(cols, 6, total, w);
		for (int i = 0; i < 6; i++)
			assert_true(w[i] > 0);
		assert_int_equal(w[4], 17);
		assert_int_equal(row_width(w, 6), total);
	}
	/* 57 to 63: the highest rank (SV %) goes first, the row still fills */
	for (int total = 57; total <= 63; total++) {
		ui_columns_layout(cols, 6, total, w);
		assert_int_equal(w[5], 0);
		assert_true(w[2] >= 8);
		assert_int_equal(w[3], 4);
		assert_int_equal(w[4], 17);
		assert_int_equal(row_width(w, 6), total);
	}
	/* 48 to 56: then the supplier (rank 2), while the body (rank 1) stays */
	for (int total = 48; total <= 56; total++) {
		ui_columns_layout(cols, 6, total, w);
		assert_int_equal(w[5], 0);
		assert_int_equal(w[2], 0);
		assert_int_equal(w[3], 4);
		assert_true(w[1] >= 10);
		assert_int_equal(row_width(w, 6), total);
	}
	/* 43 to 47: the body too; the money column is never narrowed */
	for (int total = 43; total <= 47; total++) {
		ui_columns_layout(cols, 6, total, w);
		assert_int_equal(w[3], 0);
		assert_int_equal(w[0], 14);
		assert_int_equal(w[4], 17);
		assert_int_equal(row_width(w, 6), total);
	}
	/* narrower still: nothing more may go, the minimums hold */
	ui_columns_layout(cols, 6, 30, w);
	assert_int_equal(w[0], 14);
	assert_int_equal(w[1], 10);
	assert_int_equal(w[2], 0);
	assert_int_equal(w[3], 0);
	assert_int_equal(w[4], 17);
	assert_int_equal(w[5], 0);
}

static void test_columns_drop_equal_ranks(void **state)
{
	/* of two columns of one rank the rightmost goes first */
	static const struct ui_column cols[] = {
		{ "A", 0, 10, 1, ALIGN_LEFT, 0 },
		{ "B", 5, 0, 0, ALIGN_LEFT, 1 },
		{ "C", 5, 0, 0, ALIGN_LEFT, 1 },
	};
	int w[3];

	(void)state;
	ui_columns_layout(cols, 3, 16, w);
	assert_int_equal(w[0], 10);
	assert_int_equal(w[1], 5);
	assert_int_equal(w[2], 0);
	ui_columns_layout(cols, 3, 12, w);
	assert_int_equal(w[0], 12);
	assert_int_equal(w[1], 0);
	assert_int_equal(w[2], 0);
}

static void test_money_width(void **state)
{
	(void)state;
	tui.money = MONEY_POUND;
	/* "£1,234,567,890.12": 17 columns (the pound sign is one) */
	assert_int_equal(ui_money_width(&tui, 123456789012, "Value"), 17);
	/* never less than the title */
	assert_int_equal(ui_money_width(&tui, 0, "Committed"), 9);
	assert_int_equal(ui_money_width(&tui, 150000, "Value"), 9);   /* £1,500.00 */
	/* a negative value counts its sign */
	assert_int_equal(ui_money_width(&tui, -123456789012, "Value"), 18);
	assert_int_equal(ui_money_width(&tui, 123456789012, NULL), 17);
	tui.money = MONEY_GBP;
	assert_int_equal(ui_money_width(&tui, 123456789012, "Value"), 20);
	tui.money = MONEY_POUND;
	/* what it measures is what ui_text draws whole */
	{
		char buf[64];
		int w = ui_money_width(&tui, 123456789012, "Value");

		money_format(123456789012, tui.money, buf, sizeof buf);
		text_is(buf, w, ALIGN_RIGHT, "\xc2\xa3" "1,234,567,890.12", w);
	}
}

/* The dump writes every character of every cell: combining marks do not
 * push the end of a row off, a wide character takes its two cells. */
static void test_dump_cells(void **state)
{
	char path[] = "test_ui_dump.XXXXXX";
	char line[512];
	sv_err err = { 0 };
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	erase();
	/* e + combining acute, a zero-width joiner's marker, three wide
	 * characters, then text that must survive to the last column */
	ui_text(&tui, 0, 0, 40, ALIGN_LEFT,
		"e\xcc\x81" "a\xcc\x88\xcc\x81 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e end");
	ui_text(&tui, 1, 0, 40, ALIGN_RIGHT, "\xe6\x97\xa5" "abcdefghijklmnopqrstuvwxyz0123456789Z");
	wnoutrefresh(stdscr);
	doupdate();
	assert_int_equal(ui_dump(&tui, path, &err), 0);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(line, sizeof line, f));
	assert_string_equal(line, "e\xcc\x81" "a\xcc\x88\xcc\x81 \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e end\n");
	assert_non_null(fgets(line, sizeof line, f));
	assert_string_equal(line, " \xe6\x97\xa5" "abcdefghijklmnopqrstuvwxyz0123456789Z\n");
	fclose(f);
	unlink(path);
}

/* ---- the list, against a model ----------------------------------------- */

struct fake {
	int total;
	int fetches;     /* calls to the source */
	int fetched;     /* rows returned */
	int drawn[64];
	int ndrawn;
};

static int64_t fake_count(void *ctx, sv_err *err)
{
	(void)err;
	return ((struct fake *)ctx)->total;
}

/* Row values are their ranks: 0 .. total-1. */
static int fake_fetch(void *ctx, const void *anchor, int forward, void *rows, int limit,
		      sv_err *err)
{
	struct fake *f = ctx;
	int *out = rows, n = 0;

	(void)err;
	f->fetches++;
	if (forward) {
		int from = anchor != NULL ? *(const int *)anchor + 1 : 0;

		for (int v = from; v < f->total && n < limit; v++)
			out[n++] = v;
	} else {
		int to = anchor != NULL ? *(const int *)anchor : f->total;
		int from = to - limit < 0 ? 0 : to - limit;

		for (int v = from; v < to; v++)
			out[n++] = v;
	}
	f->fetched += n;
	return n;
}

static void fake_draw(void *ctx, struct tui *t, int y, const void *row, int selected)
{
	struct fake *f = ctx;

	(void)t;
	(void)y;
	(void)selected;
	if (f->ndrawn < 64)
		f->drawn[f->ndrawn++] = *(const int *)row;
}

static const struct list_source fake_source = {
	.row_size = sizeof(int),
	.count = fake_count,
	.fetch = fake_fetch,
	.draw_row = fake_draw,
};

/* The screen holds consecutive rows from top, as many as fit. */
static void assert_consistent(const struct list *l, const struct fake *f)
{
	const int *rows = (const int *)(const void *)l->rows;
	int want_n = f->total < l->height ? f->total : l->height;

	assert_int_equal(l->n, want_n);
	if (l->n == 0)
		return;
	assert_true(l->sel >= 0 && l->sel < l->n);
	assert_int_equal(rows[0], (int)l->top);
	for (int i = 1; i < l->n; i++)
		assert_int_equal(rows[i], rows[i - 1] + 1);
	assert_int_equal(*(const int *)list_selected(l), (int)(l->top + l->sel));
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void run_model(int total, int height, unsigned seed)
{
	static const enum action_id acts[] = {
		ACT_DOWN, ACT_UP, ACT_PAGE_DOWN, ACT_PAGE_UP, ACT_FIRST, ACT_LAST,
	};
	struct fake f = { .total = total };
	struct list l;
	sv_err err = { 0 };
	int pos = 0;

	assert_int_equal(list_init(&l, &fake_source, &f, &err), 0);
	assert_int_equal(list_resize(&l, height, &err), 0);
	assert_consistent(&l, &f);
	for (int step = 0; step < 400; step++) {
		enum action_id a;
		int before = f.fetches;

		seed = seed * 1103515245u + 12345u;
		a = acts[(seed >> 16) % 6];
		assert_int_equal(list_act(&l, a, &err), 1);
		if (total == 0)
			continue;
		switch (a) {
		case ACT_DOWN: pos = clamp(pos + 1, 0, total - 1); break;
		case ACT_UP: pos = clamp(pos - 1, 0, total - 1); break;
		case ACT_PAGE_DOWN: pos = clamp(pos + height, 0, total - 1); break;
		case ACT_PAGE_UP: pos = clamp(pos - height, 0, total - 1); break;
		case ACT_FIRST: pos = 0; break;
		case ACT_LAST: pos = total - 1; break;
		default: break;
		}
		assert_consistent(&l, &f);
		assert_int_equal(l.top + l.sel, pos);
		/* moving within the screen never asks the database */
		if ((a == ACT_DOWN || a == ACT_UP) && f.fetches > before)
			assert_true(l.sel == 0 || l.sel == l.n - 1);
		/* and a move never fetches more than a screenful */
		assert_true(f.fetched <= (step + 2) * height + total);
	}
	list_free(&l);
}

static void test_list_model(void **state)
{
	static const int totals[] = { 0, 1, 2, 5, 20, 21, 22, 41, 42, 43, 100, 1000 };
	static const int heights[] = { 1, 2, 3, 7, 21 };

	(void)state;
	for (size_t i = 0; i < sizeof totals / sizeof totals[0]; i++)
		for (size_t j = 0; j < sizeof heights / sizeof heights[0]; j++)
			for (unsigned seed = 1; seed <= 5; seed++)
				run_model(totals[i], heights[j], seed * 7919u + (unsigned)i);
}

static void test_list_moves_within_screen_without_fetching(void **state)
{
	struct fake f = { .total = 500 };
	struct list l;
	sv_err err = { 0 };
	int before;

	(void)state;
	assert_int_equal(list_init(&l, &fake_source, &f, &err), 0);
	assert_int_equal(list_resize(&l, 20, &err), 0);
	before = f.fetches;
	for (int i = 0; i < 19; i++)
		assert_int_equal(list_act(&l, ACT_DOWN, &err), 1);
	assert_int_equal(f.fetches, before);
	assert_int_equal(l.sel, 19);
	/* one more scrolls by one row with one fetch of one row */
	before = f.fetched;
	assert_int_equal(list_act(&l, ACT_DOWN, &err), 1);
	assert_int_equal(f.fetched - before, 1);
	assert_int_equal(l.top, 1);
	/* the end costs one screenful, whatever the length */
	before = f.fetched;
	assert_int_equal(list_act(&l, ACT_LAST, &err), 1);
	assert_int_equal(f.fetched - before, 20);
	assert_int_equal(l.top, 480);
	list_free(&l);
}

static void test_list_resize_keeps_selection(void **state)
{
	struct fake f = { .total = 100 };
	struct list l;
	sv_err err = { 0 };
	char pos[32];

	(void)state;
	assert_int_equal(list_init(&l, &fake_source, &f, &err), 0);
	assert_int_equal(list_resize(&l, 20, &err), 0);
	for (int i = 0; i < 15; i++)
		list_act(&l, ACT_DOWN, &err);
	/* smaller: the selected row stays on screen */
	assert_int_equal(list_resize(&l, 5, &err), 0);
	assert_consistent(&l, &f);
	assert_int_equal(l.top + l.sel, 15);
	/* larger again */
	assert_int_equal(list_resize(&l, 30, &err), 0);
	assert_consistent(&l, &f);
	assert_int_equal(l.top + l.sel, 15);
	/* at the end, a larger screen pulls rows from above */
	list_act(&l, ACT_LAST, &err);
	assert_int_equal(list_resize(&l, 40, &err), 0);
	assert_consistent(&l, &f);
	assert_int_equal(l.top + l.sel, 99);
	assert_int_equal(l.top, 60);
	list_position(&l, pos, sizeof pos);
	assert_string_equal(pos, "row 100 of 100");
	list_free(&l);
}

static void test_list_draw_and_position(void **state)
{
	struct fake f = { .total = 3 };
	struct list l;
	sv_err err = { 0 };
	char pos[32];

	(void)state;
	assert_int_equal(list_init(&l, &fake_source, &f, &err), 0);
	assert_int_equal(list_resize(&l, 5, &err), 0);
	list_draw(&l, &tui, 1);
	assert_int_equal(f.ndrawn, 3);
	assert_int_equal(f.drawn[0], 0);
	assert_int_equal(f.drawn[2], 2);
	list_act(&l, ACT_DOWN, &err);
	list_position(&l, pos, sizeof pos);
	assert_string_equal(pos, "row 2 of 3");
	list_free(&l);

	f.total = 0;
	assert_int_equal(list_init(&l, &fake_source, &f, &err), 0);
	assert_int_equal(list_resize(&l, 5, &err), 0);
	assert_null(list_selected(&l));
	list_position(&l, pos, sizeof pos);
	assert_string_equal(pos, "no rows");
	list_free(&l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_fits_and_pads),
		cmocka_unit_test(test_text_truncates_with_ellipsis),
		cmocka_unit_test(test_text_marks_control_characters),
		cmocka_unit_test(test_text_marks_bidi_and_invisible),
		cmocka_unit_test(test_text_plain_locale),
		cmocka_unit_test(test_dump_cells),
		cmocka_unit_test(test_text_wide_characters),
		cmocka_unit_test(test_columns_layout),
		cmocka_unit_test(test_columns_drop),
		cmocka_unit_test(test_columns_drop_equal_ranks),
		cmocka_unit_test(test_money_width),
		cmocka_unit_test(test_list_model),
		cmocka_unit_test(test_list_moves_within_screen_without_fetching),
		cmocka_unit_test(test_list_resize_keeps_selection),
		cmocka_unit_test(test_list_draw_and_position),
	};
	int failed = cmocka_run_group_tests_name("ui", tests, setup, teardown);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
