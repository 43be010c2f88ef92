/* test_editline.c: the one-line editor as a state machine (no terminal):
 * keys in, buffer, cursor, scrolling and result out. */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "svdesk/utf8.h"
#include "ui/ui.h"

#define CTRL(c) ((c) - '@')

static int setup(void **state)
{
	(void)state;
	/* widths of wide characters need a UTF-8 locale */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	return 0;
}

/* Type a UTF-8 string, one code point a key. */
static void type(struct editline *e, const char *s)
{
	size_t i = 0, n = strlen(s);

	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp, NULL);

		assert_true(k > 0);
		assert_int_equal(editline_key(e, (int)cp), EDIT_MORE);
		i += k;
	}
}

static void keys(struct editline *e, const int *k, size_t n)
{
	for (size_t i = 0; i < n; i++)
		assert_int_equal(editline_key(e, k[i]), EDIT_MORE);
}

static void test_type_and_accept(void **state)
{
	char buf[64];
	struct editline e;

	(void)state;
	editline_init(&e, buf, sizeof buf, NULL);
	assert_string_equal(buf, "");
	assert_int_equal(e.cur, 0);
	type(&e, "Hello, world");
	assert_string_equal(buf, "Hello, world");
	assert_int_equal(e.cur, 12);
	assert_int_equal(editline_cursor(&e), 12);
	assert_int_equal(editline_key(&e, SVK_ENTER), EDIT_ACCEPT);
	assert_string_equal(buf, "Hello, world");
}

static void test_escape_cancels(void **state)
{
	char buf[16];
	struct editline e;

	(void)state;
	editline_init(&e, buf, sizeof buf, "keep");
	assert_string_equal(buf, "keep");
	assert_int_equal(e.cur, 4);     /* the cursor starts at the end */
	assert_int_equal(editline_key(&e, SVK_ESC), EDIT_CANCEL);
}

static void test_insert_at_cursor(void **state)
{
	char buf[64];
	struct editline e;
	static const int left3[] = { SVK_LEFT, SVK_LEFT, SVK_LEFT };

	(void)state;
	editline_init(&e, buf, sizeof buf, "abcdef");
	keys(&e, left3, 3);
	assert_int_equal(e.cur, 3);
	type(&e, "XY");
	assert_string_equal(buf, "abcXYdef");
	assert_int_equal(e.cur, 5);
	assert_int_equal(editline_key(&e, SVK_HOME), EDIT_MORE);
	type(&e, ">");
	assert_string_equal(buf, ">abcXYdef");
	assert_int_equal(editline_key(&e, SVK_END), EDIT_MORE);
	type(&e, "<");
	assert_string_equal(buf, ">abcXYdef<");
	/* Ctrl-A and Ctrl-E as Home and End */
	assert_int_equal(editline_key(&e, CTRL('A')), EDIT_MORE);
	assert_int_equal(e.cur, 0);
	assert_int_equal(editline_key(&e, CTRL('E')), EDIT_MORE);
	assert_int_equal(e.cur, strlen(buf));
	/* moving stops at both ends */
	assert_int_equal(editline_key(&e, SVK_RIGHT), EDIT_MORE);
	assert_int_equal(e.cur, strlen(buf));
	assert_int_equal(editline_key(&e, SVK_HOME), EDIT_MORE);
	assert_int_equal(editline_key(&e, SVK_LEFT), EDIT_MORE);
	assert_int_equal(e.cur, 0);
}

static void test_utf8_by_character(void **state)
{
	char buf[64];
	struct editline e;

	(void)state;
	/* £ (2 bytes), é (2), 日 (3 bytes, two columns) */
	editline_init(&e, buf, sizeof buf, "£é日x");
	assert_int_equal(e.len, 8);
	assert_int_equal(editline_cursor(&e), 5);   /* 1 + 1 + 2 + 1 */
	assert_int_equal(editline_key(&e, SVK_LEFT), EDIT_MORE);
	assert_int_equal(e.cur, 7);
	assert_int_equal(editline_key(&e, SVK_LEFT), EDIT_MORE);
	assert_int_equal(e.cur, 4);                 /* before 日 */
	assert_int_equal(editline_cursor(&e), 2);
	assert_int_equal(editline_key(&e, SVK_BACKSPACE), EDIT_MORE);
	assert_string_equal(buf, "£日x");
	assert_int_equal(e.cur, 2);
	assert_int_equal(editline_key(&e, SVK_DELETE), EDIT_MORE);
	assert_string_equal(buf, "£x");
	assert_int_equal(editline_key(&e, SVK_LEFT), EDIT_MORE);
	assert_int_equal(e.cur, 0);
	assert_int_equal(editline_key(&e, SVK_RIGHT), EDIT_MORE);
	assert_int_equal(e.cur, 2);                 /* over £ whole */
	type(&e, "€");
	assert_string_equal(buf, "£€x");
	/* Backspace at the start and Delete at the end change nothing */
	assert_int_equal(editline_key(&e, SVK_HOME), EDIT_MORE);
	assert_int_equal(editline_key(&e, SVK_BACKSPACE), EDIT_MORE);
	assert_int_equal(editline_key(&e, SVK_END), EDIT_MORE);
	assert_int_equal(editline_key(&e, SVK_DELETE), EDIT_MORE);
	assert_string_equal(buf, "£€x");
}

static void test_clear_to_start_and_end(void **state)
{
	char buf[64];
	struct editline e;
	static const int left4[] = { SVK_LEFT, SVK_LEFT, SVK_LEFT, SVK_LEFT };

	(void)state;
	editline_init(&e, buf, sizeof buf, "2025/26-Q2");
	keys(&e, left4, 4);
	assert_int_equal(editline_key(&e, CTRL('K')), EDIT_MORE);
	assert_string_equal(buf, "2025/2");
	assert_int_equal(e.cur, 6);
	assert_int_equal(editline_key(&e, SVK_LEFT), EDIT_MORE);
	assert_int_equal(editline_key(&e, CTRL('U')), EDIT_MORE);
	assert_string_equal(buf, "2");
	assert_int_equal(e.cur, 0);
	assert_int_equal(editline_key(&e, SVK_END), EDIT_MORE);
	assert_int_equal(editline_key(&e, CTRL('U')), EDIT_MORE);
	assert_string_equal(buf, "");
	assert_int_equal(e.len, 0);
	assert_int_equal(editline_key(&e, SVK_ENTER), EDIT_ACCEPT);
}

static void test_control_characters_refused(void **state)
{
	char buf[64];
	struct editline e;
	/* Tab, a control code, a function key, Insert, bidi override, zero width space, DEL */
	static const int junk[] = { SVK_TAB, CTRL('B'), 7, SVK_F5, SVK_INSERT, SVK_PGDN,
				    0x202E, 0x200B, 127, 0x9B, SVK_RESIZE };

	(void)state;
	editline_init(&e, buf, sizeof buf, "ok");
	keys(&e, junk, sizeof junk / sizeof junk[0]);
	assert_string_equal(buf, "ok");
	assert_int_equal(e.cur, 2);
	/* keys that mean "everywhere" are text here */
	type(&e, "q?15");
	assert_string_equal(buf, "okq?15");
	/* an initial text is cleaned the same way */
	editline_init(&e, buf, sizeof buf, "a\x1b[31mb\tc");
	assert_null(memchr(buf, 0x1b, strlen(buf)));
	assert_null(strchr(buf, '\t'));
}

static void test_byte_limit(void **state)
{
	char buf[6];     /* five bytes of text */
	struct editline e;

	(void)state;
	editline_init(&e, buf, sizeof buf, NULL);
	type(&e, "abcd");
	assert_int_equal(e.full, 0);
	/* £ is two bytes: no room */
	assert_int_equal(editline_key(&e, 0xA3), EDIT_MORE);
	assert_int_equal(e.full, 1);
	assert_string_equal(buf, "abcd");
	assert_int_equal(editline_key(&e, 'e'), EDIT_MORE);
	assert_int_equal(e.full, 0);
	assert_string_equal(buf, "abcde");
	assert_int_equal(editline_key(&e, 'f'), EDIT_MORE);
	assert_int_equal(e.full, 1);
	assert_string_equal(buf, "abcde");
	/* an initial text longer than the buffer is cut at a character */
	editline_init(&e, buf, sizeof buf, "ab££");
	assert_string_equal(buf, "ab£");
	assert_int_equal(e.cur, 4);
}

static void test_horizontal_scrolling(void **state)
{
	char buf[128];
	struct editline e;
	size_t from, to;
	int cx;

	(void)state;
	editline_init(&e, buf, sizeof buf, "abcdefghijklmnopqrstuvwxyz");
	/* cursor at the end: the last 9 characters and the cursor cell */
	cx = editline_window(&e, 10, &from, &to);
	assert_int_equal(to, 26);
	assert_int_equal(from, 17);
	assert_int_equal(cx, 9);
	/* Home: the window goes back to the start */
	assert_int_equal(editline_key(&e, SVK_HOME), EDIT_MORE);
	cx = editline_window(&e, 10, &from, &to);
	assert_int_equal(from, 0);
	assert_int_equal(to, 10);
	assert_int_equal(cx, 0);
	/* moving right past the edge scrolls one character at a time */
	for (int i = 0; i < 10; i++)
		assert_int_equal(editline_key(&e, SVK_RIGHT), EDIT_MORE);
	cx = editline_window(&e, 10, &from, &to);
	assert_int_equal(from, 1);
	assert_int_equal(cx, 9);
	/* and moving left stays put until the cursor reaches the left edge */
	assert_int_equal(editline_key(&e, SVK_LEFT), EDIT_MORE);
	cx = editline_window(&e, 10, &from, &to);
	assert_int_equal(from, 1);
	assert_int_equal(cx, 8);
	/* a short text fits whole */
	editline_init(&e, buf, sizeof buf, "short");
	cx = editline_window(&e, 10, &from, &to);
	assert_int_equal(from, 0);
	assert_int_equal(to, 5);
	assert_int_equal(cx, 5);
	/* after Ctrl-U the window refills from the start */
	editline_init(&e, buf, sizeof buf, "abcdefghijklmnopqrstuvwxyz");
	(void)editline_window(&e, 10, &from, &to);
	assert_int_equal(editline_key(&e, CTRL('U')), EDIT_MORE);
	cx = editline_window(&e, 10, &from, &to);
	assert_int_equal(from, 0);
	assert_int_equal(cx, 0);
}

static void test_scrolling_wide_characters(void **state)
{
	char buf[128];
	struct editline e;
	size_t from, to;
	int cx;

	(void)state;
	/* six wide characters, twelve columns, in a window of 7 */
	editline_init(&e, buf, sizeof buf, "日本語の文字");
	cx = editline_window(&e, 7, &from, &to);
	/* three characters (6 columns) and the cursor cell */
	assert_int_equal(from, 9);
	assert_int_equal(to, 18);
	assert_int_equal(cx, 6);
	assert_int_equal(editline_key(&e, SVK_HOME), EDIT_MORE);
	cx = editline_window(&e, 7, &from, &to);
	assert_int_equal(from, 0);
	assert_int_equal(to, 9);      /* a fourth would need columns 6 and 7 */
	assert_int_equal(cx, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_and_accept),
		cmocka_unit_test(test_escape_cancels),
		cmocka_unit_test(test_insert_at_cursor),
		cmocka_unit_test(test_utf8_by_character),
		cmocka_unit_test(test_clear_to_start_and_end),
		cmocka_unit_test(test_control_characters_refused),
		cmocka_unit_test(test_byte_limit),
		cmocka_unit_test(test_horizontal_scrolling),
		cmocka_unit_test(test_scrolling_wide_characters),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
