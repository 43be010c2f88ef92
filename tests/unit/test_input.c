/* test_input.c: escape sequences as the terminals send them, read whole
 * (ui_escape_parse), and unknown ones spelt for the footer. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ui/ui.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The sequence s (what follows the ESC, as bytes) parsed with nothing more
 * to come; *used returned through used. */
static enum esc_result parse_all(const char *s, int *key, int *used)
{
	int b[64], n = 0;

	for (; *s != '\0'; s++)
		b[n++] = (unsigned char)*s;
	return ui_escape_parse(b, n, 1, key, used);
}

static void test_known_sequences(void **state)
{
	static const struct {
		const char *seq;     /* after the ESC */
		int key;
		const char *who;
	} cases[] = {
		/* Home and End, every way they come */
		{ "[1~", SVK_HOME, "PuTTY, screen, tmux, linux" },
		{ "[4~", SVK_END, "PuTTY, screen, tmux, linux" },
		{ "[7~", SVK_HOME, "rxvt" },
		{ "[8~", SVK_END, "rxvt" },
		{ "[H", SVK_HOME, "xterm (normal mode)" },
		{ "[F", SVK_END, "xterm (normal mode)" },
		{ "OH", SVK_HOME, "xterm (application mode)" },
		{ "OF", SVK_END, "xterm (application mode)" },
		{ "[5~", SVK_PGUP, "all" },
		{ "[6~", SVK_PGDN, "all" },
		{ "[2~", SVK_INSERT, "all" },
		{ "[3~", SVK_DELETE, "all" },
		/* function keys */
		{ "OP", SVK_F1, "xterm, screen, tmux" },
		{ "OQ", SVK_F2, "xterm" },
		{ "OR", SVK_F3, "xterm" },
		{ "OS", SVK_F4, "xterm" },
		{ "[11~", SVK_F1, "PuTTY" },
		{ "[12~", SVK_F2, "PuTTY" },
		{ "[13~", SVK_F3, "PuTTY" },
		{ "[14~", SVK_F4, "PuTTY" },
		{ "[15~", SVK_F5, "all" },
		{ "[17~", SVK_F6, "all" },
		{ "[18~", SVK_F7, "all" },
		{ "[19~", SVK_F8, "all" },
		{ "[20~", SVK_F9, "all" },
		{ "[21~", SVK_F10, "all" },
		{ "[23~", SVK_F11, "all" },
		{ "[24~", SVK_F12, "all" },
		{ "[[A", SVK_F1, "the Linux console" },
		{ "[[B", SVK_F2, "the Linux console" },
		{ "[[C", SVK_F3, "the Linux console" },
		{ "[[D", SVK_F4, "the Linux console" },
		{ "[[E", SVK_F5, "the Linux console" },
		/* arrows, plain and with modifiers */
		{ "[A", SVK_UP, "normal mode" },
		{ "[B", SVK_DOWN, "normal mode" },
		{ "[C", SVK_RIGHT, "normal mode" },
		{ "[D", SVK_LEFT, "normal mode" },
		{ "OA", SVK_UP, "application mode" },
		{ "OB", SVK_DOWN, "application mode" },
		{ "OC", SVK_RIGHT, "application mode" },
		{ "OD", SVK_LEFT, "application mode" },
		{ "[1;5A", SVK_UP | SVK_CTRL, "xterm Ctrl-Up" },
		{ "[1;5B", SVK_DOWN | SVK_CTRL, "xterm Ctrl-Down" },
		{ "[1;5C", SVK_RIGHT | SVK_CTRL, "xterm Ctrl-Right" },
		{ "[1;5D", SVK_LEFT | SVK_CTRL, "xterm Ctrl-Left" },
		{ "[1;2A", SVK_UP | SVK_SHIFT, "xterm Shift-Up" },
		{ "[1;3A", SVK_UP | SVK_ALT, "xterm Alt-Up" },
		{ "[1;6B", SVK_DOWN | SVK_CTRL | SVK_SHIFT, "xterm Ctrl-Shift-Down" },
		{ "[1;9A", SVK_UP | SVK_ALT, "xterm Meta-Up" },
		{ "O5A", SVK_UP | SVK_CTRL, "old xterm Ctrl-Up" },
		{ "[5;5~", SVK_PGUP | SVK_CTRL, "xterm Ctrl-PgUp" },
		{ "[3;2~", SVK_DELETE | SVK_SHIFT, "xterm Shift-Del" },
		{ "[1;2P", SVK_F1 | SVK_SHIFT, "xterm Shift-F1" },
		{ "[15;5~", SVK_F5 | SVK_CTRL, "xterm Ctrl-F5" },
		{ "[1;5H", SVK_HOME | SVK_CTRL, "xterm Ctrl-Home" },
		{ "[Z", SVK_BTAB, "Shift-Tab" },
		/* the keypad in application mode */
		{ "OM", SVK_ENTER, "keypad Enter" },
		{ "Op", '0', "keypad 0" },
		{ "Oy", '9', "keypad 9" },
		{ "Ok", '+', "keypad +" },
		{ "Om", '-', "keypad -" },
		{ "Oj", '*', "keypad *" },
		{ "Oo", '/', "keypad /" },
		/* CSI u (kitty, foot, xterm's modifyOtherKeys) */
		{ "[106;3u", 'j' | SVK_ALT, "Alt-j" },
		{ "[97;5u", 1, "Ctrl-A" },
		{ "[27u", SVK_ESC, "Esc" },
		{ "[13;3u", SVK_ENTER | SVK_ALT, "Alt-Enter" },
		/* Alt and a key: ESC then the key */
		{ "j", 'j' | SVK_ALT, "Alt-j" },
		{ "J", 'J' | SVK_ALT, "Alt-Shift-j" },
		{ "1", '1' | SVK_ALT, "Alt-1" },
		{ "\r", SVK_ENTER | SVK_ALT, "Alt-Enter" },
		{ "\t", SVK_TAB | SVK_ALT, "Alt-Tab" },
		{ "\x7f", SVK_BACKSPACE | SVK_ALT, "Alt-Backspace" },
		{ "\x01", 1 | SVK_ALT, "Alt-Ctrl-A" },
		{ "[", '[' | SVK_ALT, "Alt-[" },
		{ "O", 'O' | SVK_ALT, "Alt-Shift-o" },
		{ "\x1b[A", SVK_UP | SVK_ALT, "PuTTY Alt-Up" },
		{ "\x1b[1~", SVK_HOME | SVK_ALT, "PuTTY Alt-Home" },
		{ "\x1bOP", SVK_F1 | SVK_ALT, "PuTTY Alt-F1" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		int key, used;
		enum esc_result r = parse_all(cases[i].seq, &key, &used);

		if (r != ESC_KEY || key != cases[i].key || used != (int)strlen(cases[i].seq))
			fail_msg("ESC %s (%s): result %d, key %#x (want %#x), used %d of %zu",
				 cases[i].seq, cases[i].who, (int)r, (unsigned)key,
				 (unsigned)cases[i].key, used, strlen(cases[i].seq));
	}
}

/* Each sequence, fed one byte at a time without an end, asks for more
 * until it is complete, and gives the same key then. */
static void test_byte_by_byte(void **state)
{
	static const char *const seqs[] = {
		"[1~", "[11~", "[[A", "[1;5A", "OP", "O5A", "[Z", "\x1b[A", "[106;3u",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(seqs); i++) {
		int b[16], n = (int)strlen(seqs[i]), key, used, want, wused;

		for (int k = 0; k < n; k++)
			b[k] = (unsigned char)seqs[i][k];
		for (int k = 0; k < n; k++) {
			enum esc_result r = ui_escape_parse(b, k, 0, &key, &used);

			if (r != ESC_MORE)
				fail_msg("ESC %.*s of ESC %s: result %d, want more", k, seqs[i],
					 seqs[i], (int)r);
		}
		assert_int_equal(ui_escape_parse(b, n, 0, &key, &used), ESC_KEY);
		assert_int_equal(parse_all(seqs[i], &want, &wused), ESC_KEY);
		assert_int_equal(key, want);
		assert_int_equal(used, n);
	}
}

static void test_lone_esc(void **state)
{
	int key, used, b[2] = { 27, 'j' };

	(void)state;
	/* nothing after it, and nothing coming: Esc */
	assert_int_equal(ui_escape_parse(b, 0, 0, &key, &used), ESC_MORE);
	assert_int_equal(ui_escape_parse(b, 0, 1, &key, &used), ESC_KEY);
	assert_int_equal(key, SVK_ESC);
	assert_int_equal(used, 0);
	/* Esc twice: the first is Esc, the second is read again */
	assert_int_equal(ui_escape_parse(b, 1, 0, &key, &used), ESC_MORE);
	assert_int_equal(ui_escape_parse(b, 1, 1, &key, &used), ESC_KEY);
	assert_int_equal(key, SVK_ESC);
	assert_int_equal(used, 0);
}

/* A sequence followed by more input takes only its own bytes. */
static void test_sequence_then_keys(void **state)
{
	int key, used;

	(void)state;
	assert_int_equal(parse_all("[4~jk", &key, &used), ESC_KEY);
	assert_int_equal(key, SVK_END);
	assert_int_equal(used, 3);
	assert_int_equal(parse_all("OPq", &key, &used), ESC_KEY);
	assert_int_equal(key, SVK_F1);
	assert_int_equal(used, 2);
	assert_int_equal(parse_all("jq", &key, &used), ESC_KEY);
	assert_int_equal(key, 'j' | SVK_ALT);
	assert_int_equal(used, 1);
	/* a sequence cut by a new ESC ends before it */
	assert_int_equal(parse_all("[1\x1b[4~", &key, &used), ESC_UNKNOWN);
	assert_int_equal(used, 2);
}

static void test_unknown_sequences(void **state)
{
	static const struct {
		const char *seq;
		int used;
		const char *spelt;
	} cases[] = {
		{ "[99~", 4, "ESC [ 9 9 ~" },
		{ "[9~", 3, "ESC [ 9 ~" },
		{ "[25~", 4, "ESC [ 2 5 ~" },
		{ "[1;5", 4, "ESC [ 1 ; 5" },             /* cut short: nothing more came */
		{ "[2A", 3, "ESC [ 2 A" },
		{ "[1;99A", 6, "ESC [ 1 ; 9 9 A" },       /* no such modifier */
		{ "[?1;2c", 6, "ESC [ ? 1 ; 2 c" },        /* a terminal's answer */
		{ "[1 q", 4, "ESC [ 1 SP q" },
		{ "[[Z", 3, "ESC [ [ Z" },
		{ "Oz", 2, "ESC O z" },
		{ "O5", 2, "ESC O 5" },
		{ "[1;2;3A", 7, "ESC [ 1 ; 2 ; 3 A" },
		{ "\x1b[99~", 5, "ESC ESC [ 9 9 ~" },
		{ "\x05", 1, NULL },                        /* that one is Alt-Ctrl-E */
	};
	size_t i;
	char buf[80];

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		int key, used, b[64], n = 0;
		enum esc_result r = parse_all(cases[i].seq, &key, &used);

		if (cases[i].spelt == NULL) {
			assert_int_equal(r, ESC_KEY);
			continue;
		}
		if (r != ESC_UNKNOWN || used != cases[i].used)
			fail_msg("ESC %s: result %d, used %d (want unknown, %d)", cases[i].seq,
				 (int)r, used, cases[i].used);
		for (const char *s = cases[i].seq; *s != '\0'; s++)
			b[n++] = (unsigned char)*s;
		assert_string_equal(ui_escape_spell(b, used, buf, sizeof buf), cases[i].spelt);
	}
	/* a runaway sequence stops at 32 bytes, and a spelling never overflows */
	{
		int b[40], key, used;

		b[0] = '[';
		for (int k = 1; k < 40; k++)
			b[k] = '1';
		assert_int_equal(ui_escape_parse(b, 40, 0, &key, &used), ESC_UNKNOWN);
		assert_true(used <= 32);
		ui_escape_spell(b, 40, buf, 20);
		assert_int_equal(strlen(buf), 19);
	}
	{
		int b[2] = { 0xE9, 0x9B }, key, used;

		/* control characters and others are spelt so they can be shown */
		assert_string_equal(ui_escape_spell(b, 2, buf, sizeof buf), "ESC U+00E9 U+009B");
		assert_int_equal(ui_escape_parse(b + 1, 1, 1, &key, &used), ESC_UNKNOWN);
	}
}

/* Reports svdesk has no use for are swallowed whole, silently. */
static void test_ignored_reports(void **state)
{
	static const char *const seqs[] = {
		"[<0;3;5M", "[<0;3;5m", "[<64;10;2M", "[M #%", "[I", "[O", "[200~", "[201~",
		"[E", "[G", "OE",
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(seqs); i++) {
		int key, used;

		if (parse_all(seqs[i], &key, &used) != ESC_IGNORE || used != (int)strlen(seqs[i]))
			fail_msg("ESC %s: not ignored whole (used %d)", seqs[i], used);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_sequences),
		cmocka_unit_test(test_byte_by_byte),
		cmocka_unit_test(test_lone_esc),
		cmocka_unit_test(test_sequence_then_keys),
		cmocka_unit_test(test_unknown_sequences),
		cmocka_unit_test(test_ignored_reports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
