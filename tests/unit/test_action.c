/* test_action.c: key names, the table of actions and the keymap. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svdesk/action.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int parse(const char *name)
{
	sv_err err;
	int key = -12345;

	sv_err_clear(&err);
	assert_int_equal(key_parse(name, &key, &err), 0);
	assert_string_equal(err.msg, "");
	return key;
}

static void parse_fails(const char *name, const char *want)
{
	sv_err err;
	int key = -12345;

	sv_err_clear(&err);
	assert_int_equal(key_parse(name, &key, &err), -1);
	assert_int_equal(key, -12345);   /* untouched */
	if (want != NULL)
		assert_string_equal(err.msg, want);
	else
		assert_true(err.msg[0] != '\0');
}

/* ---- key_parse ----------------------------------------------------------- */

static void test_parse_single_characters(void **state)
{
	(void)state;
	assert_int_equal(parse("q"), 'q');
	assert_int_equal(parse("Q"), 'Q');
	assert_int_equal(parse("?"), '?');
	assert_int_equal(parse("1"), '1');
	assert_int_equal(parse("/"), '/');
	assert_int_equal(parse("-"), '-');
	assert_int_equal(parse("+"), '+');
	assert_int_equal(parse("<"), '<');   /* a lone "<" is the character */
	assert_int_equal(parse(">"), '>');
	assert_int_equal(parse("#"), '#');
	assert_int_equal(parse(";"), ';');
	assert_int_equal(parse("~"), '~');
	assert_int_equal(parse(" "), ' ');
	assert_int_equal(parse("\xC2\xA3"), 0xA3);           /* £ */
	assert_int_equal(parse("\xC3\xA9"), 0xE9);           /* é */
	assert_int_equal(parse("\xE2\x82\xAC"), 0x20AC);     /* € */
	assert_int_equal(parse("\xF0\x9F\x98\x80"), 0x1F600);
}

static void test_parse_every_printable_ascii(void **state)
{
	char s[2] = { 0, 0 };
	int c;

	(void)state;
	for (c = 0x20; c < 0x7F; c++) {
		s[0] = (char)c;
		assert_int_equal(parse(s), c);
	}
}

static void test_parse_named_keys(void **state)
{
	static const struct {
		const char *name;
		int key;
	} cases[] = {
		{ "<Up>", SVK_UP }, { "<Down>", SVK_DOWN }, { "<Left>", SVK_LEFT },
		{ "<Right>", SVK_RIGHT }, { "<PgUp>", SVK_PGUP }, { "<PgDn>", SVK_PGDN },
		{ "<Home>", SVK_HOME }, { "<End>", SVK_END }, { "<Enter>", SVK_ENTER },
		{ "<Tab>", SVK_TAB }, { "<S-Tab>", SVK_BTAB }, { "<BS>", SVK_BACKSPACE },
		{ "<Del>", SVK_DELETE }, { "<Ins>", SVK_INSERT }, { "<Esc>", 27 },
		{ "<Space>", ' ' }, { "<lt>", '<' },
		/* case-insensitive */
		{ "<up>", SVK_UP }, { "<DOWN>", SVK_DOWN }, { "<pgdn>", SVK_PGDN },
		{ "<PGUP>", SVK_PGUP }, { "<s-tab>", SVK_BTAB }, { "<esc>", 27 },
		{ "<ESC>", 27 }, { "<space>", ' ' }, { "<LT>", '<' }, { "<enter>", SVK_ENTER },
		{ "<bs>", SVK_BACKSPACE }, { "<hOmE>", SVK_HOME },
	};
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++)
		assert_int_equal(parse(cases[i].name), cases[i].key);
}

static void test_parse_ctrl_letters(void **state)
{
	char up[8], low[8], mixed[8];
	int c;

	(void)state;
	for (c = 'a'; c <= 'z'; c++) {
		int want = c - 'a' + 1;

		/* What a terminal sends for these is Backspace, Tab, Enter. */
		if (c == 'h')
			want = SVK_BACKSPACE;
		else if (c == 'i')
			want = SVK_TAB;
		else if (c == 'j' || c == 'm')
			want = SVK_ENTER;
		snprintf(low, sizeof low, "<C-%c>", c);
		snprintf(up, sizeof up, "<C-%c>", c - 'a' + 'A');
		snprintf(mixed, sizeof mixed, "<c-%c>", c - 'a' + 'A');
		assert_int_equal(parse(low), want);
		assert_int_equal(parse(up), want);
		assert_int_equal(parse(mixed), want);
	}
	assert_int_equal(parse("<C-m>"), parse("<Enter>"));
	assert_int_equal(parse("<C-i>"), parse("<Tab>"));
	assert_int_equal(parse("<C-h>"), parse("<BS>"));
	assert_int_equal(parse("<C-l>"), 12);
	assert_int_equal(parse("<C-L>"), 12);
}

static void test_parse_function_keys(void **state)
{
	char name[8];
	int n;

	(void)state;
	for (n = 1; n <= 12; n++) {
		snprintf(name, sizeof name, "<F%d>", n);
		assert_int_equal(parse(name), SVK_F1 + n - 1);
		snprintf(name, sizeof name, "<f%d>", n);
		assert_int_equal(parse(name), SVK_F1 + n - 1);
	}
	assert_int_equal(SVK_F12 - SVK_F1, 11);
}

static void test_parse_bad_names(void **state)
{
	static const char *const bad_bracketed[] = {
		"<Foo>", "<>", "<C-1>", "<C-ab>", "<C->", "<C-[>", "<F0>", "<F13>", "<F01>",
		"<F>", "<Up", "<Resize>", "<Up >", "< Up>", "<PageDown>", "<Control-l>",
		"<verylongnamethatisnotakey>",
	};
	static const char *const not_one_char[] = {
		"ab", "Ctrl-L", "^L", "C-l", "F1", "qq", "q ", " q", "Up", "<<", "\xC2\xA3\xC2\xA3",
	};
	static const char *const not_utf8[] = {
		"\xFF", "\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE2\x82",
		"\x80",
	};
	static const char *const control[] = {
		"\x01", "\x1B", "\t", "\x7F", "\xC2\x80", "\xC2\x9F", "\xEF\xBF\xBE",
	};
	size_t i;

	(void)state;
	parse_fails("", "empty key name");
	parse_fails(NULL, "empty key name");
	for (i = 0; i < COUNT(bad_bracketed); i++)
		parse_fails(bad_bracketed[i], NULL);
	for (i = 0; i < COUNT(not_one_char); i++)
		parse_fails(not_one_char[i], NULL);
	for (i = 0; i < COUNT(not_utf8); i++)
		parse_fails(not_utf8[i], NULL);
	for (i = 0; i < COUNT(control); i++)
		parse_fails(control[i], NULL);
	parse_fails("<Foo>", "unknown key name \"<Foo>\" (names in <> are <Up> <PgDn> <Enter>"
	            " <Esc> <Space> <F1> <C-l> ...; see svdesk --help-keys)");
	parse_fails("Ctrl-L", "\"Ctrl-L\" is not a key: give one character (q, Q, ?) or a"
	            " name in <> such as <C-f> or <PgDn>");
	parse_fails("\xFF", "key name \"\xFF\" is not valid UTF-8");
	parse_fails("\x01", "key name \"\x01\" is a control character: use a name in <>"
	            " such as <C-f> or <Esc>");
}

static void test_parse_null_err(void **state)
{
	int key = 0;

	(void)state;
	assert_int_equal(key_parse("<Nope>", &key, NULL), -1);
	assert_int_equal(key_parse("x", &key, NULL), 0);
	assert_int_equal(key, 'x');
}

/* ---- key_spell and key_label -------------------------------------------- */

static void test_key_spell_exact(void **state)
{
	static const struct {
		int key;
		const char *name;
	} cases[] = {
		{ 'q', "q" }, { 'Q', "Q" }, { '?', "?" }, { '1', "1" }, { '>', ">" },
		{ '<', "<lt>" }, { ' ', "<Space>" }, { 27, "<Esc>" }, { 12, "<C-l>" },
		{ 1, "<C-a>" }, { 26, "<C-z>" }, { SVK_UP, "<Up>" }, { SVK_DOWN, "<Down>" },
		{ SVK_LEFT, "<Left>" }, { SVK_RIGHT, "<Right>" }, { SVK_PGUP, "<PgUp>" },
		{ SVK_PGDN, "<PgDn>" }, { SVK_HOME, "<Home>" }, { SVK_END, "<End>" },
		{ SVK_ENTER, "<Enter>" }, { SVK_TAB, "<Tab>" }, { SVK_BTAB, "<S-Tab>" },
		{ SVK_BACKSPACE, "<BS>" }, { SVK_DELETE, "<Del>" }, { SVK_INSERT, "<Ins>" },
		{ SVK_F1, "<F1>" }, { SVK_F10, "<F10>" }, { SVK_F12, "<F12>" },
		{ 0xA3, "\xC2\xA3" }, { 0x20AC, "\xE2\x82\xAC" }, { 0x1F600, "\xF0\x9F\x98\x80" },
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		memset(buf, 'x', sizeof buf);
		assert_ptr_equal(key_spell(cases[i].key, buf, sizeof buf), buf);
		assert_string_equal(buf, cases[i].name);
	}
}

static void test_key_spell_unnameable(void **state)
{
	char buf[32];
	int key;

	(void)state;
	/* keys without a name still print as something that is not a key name */
	assert_string_equal(key_spell(0, buf, sizeof buf), "<0>");
	assert_string_equal(key_spell(0x7F, buf, sizeof buf), "<0x7f>");
	assert_string_equal(key_spell(SVK_RESIZE, buf, sizeof buf), "<Resize>");
	assert_string_equal(key_spell(-1, buf, sizeof buf), "<0xffffffff>");
	assert_int_equal(key_parse("<Resize>", &key, NULL), -1);
	assert_int_equal(key_parse("<0x7f>", &key, NULL), -1);
}

static void test_key_label_exact(void **state)
{
	static const struct {
		int key;
		const char *label;
	} cases[] = {
		{ 'q', "q" }, { 'G', "G" }, { SVK_UP, "Up" }, { SVK_DOWN, "Down" },
		{ SVK_LEFT, "Left" }, { SVK_RIGHT, "Right" }, { SVK_PGUP, "PgUp" },
		{ SVK_PGDN, "PgDn" }, { SVK_HOME, "Home" }, { SVK_END, "End" },
		{ SVK_ENTER, "Enter" }, { 27, "Esc" }, { SVK_TAB, "Tab" }, { ' ', "Space" },
		{ SVK_F1, "F1" }, { SVK_F12, "F12" }, { 12, "Ctrl-L" }, { 1, "Ctrl-A" },
		{ 26, "Ctrl-Z" }, { SVK_BTAB, "Shift-Tab" }, { SVK_BACKSPACE, "Backspace" },
		{ SVK_DELETE, "Del" }, { SVK_INSERT, "Ins" }, { '<', "<" },
		{ 0xA3, "\xC2\xA3" },
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++)
		assert_string_equal(key_label(cases[i].key, buf, sizeof buf), cases[i].label);
}

static void test_key_spell_round_trip(void **state)
{
	char buf[32];
	int key, back, named = 0;

	(void)state;
	/* every key that has a name parses back to itself */
	for (key = 1; key < 0x3000; key++) {
		key_spell(key, buf, sizeof buf);
		if (key_parse(buf, &back, NULL) == 0) {
			/* Ctrl-H, -I, -J, -M are the keys the terminal sends them as */
			if (key == 8)
				assert_int_equal(back, SVK_BACKSPACE);
			else if (key == 9)
				assert_int_equal(back, SVK_TAB);
			else if (key == 10 || key == 13)
				assert_int_equal(back, SVK_ENTER);
			else
				assert_int_equal(back, key);
			named++;
		}
	}
	for (key = SVK_BASE + 1; key < SVK_LAST; key++) {
		key_spell(key, buf, sizeof buf);
		if (key == SVK_RESIZE || key == SVK_MOUSE || key == SVK_UNKNOWN) {
			assert_int_equal(key_parse(buf, &back, NULL), -1);
			continue;
		}
		assert_int_equal(key_parse(buf, &back, NULL), 0);
		assert_int_equal(back, key);
	}
	/* and the ones that must have a name have one */
	for (key = 1; key <= 27; key++) {
		key_spell(key, buf, sizeof buf);
		assert_int_equal(key_parse(buf, &back, NULL), 0);
	}
	assert_true(named > 0x2000);
	/* and every name parses to a key whose name is the canonical form */
	assert_string_equal(key_spell(parse("<c-L>"), buf, sizeof buf), "<C-l>");
	assert_string_equal(key_spell(parse("<pgdn>"), buf, sizeof buf), "<PgDn>");
	assert_string_equal(key_spell(parse("<"), buf, sizeof buf), "<lt>");
	assert_string_equal(key_spell(parse(" "), buf, sizeof buf), "<Space>");
	assert_string_equal(key_spell(parse("<f3>"), buf, sizeof buf), "<F3>");
}

/* Alt, Ctrl and Shift: <M-x> on characters, <C-Up> <S-F3> <C-M-PgDn> on
 * named keys; each spelt back canonically, labelled for people. */
static void test_modifier_keys(void **state)
{
	static const struct {
		const char *name;
		int key;
		const char *spelt;
		const char *label;
	} cases[] = {
		{ "<M-j>", 'j' | SVK_ALT, "<M-j>", "Alt-j" },
		{ "<m-j>", 'j' | SVK_ALT, "<M-j>", "Alt-j" },
		{ "<M-J>", 'J' | SVK_ALT, "<M-J>", "Alt-J" },
		{ "<M-\xC3\xA9>", 0xE9 | SVK_ALT, "<M-\xC3\xA9>", "Alt-\xC3\xA9" },
		{ "<M-->", '-' | SVK_ALT, "<M-->", "Alt--" },
		{ "<M-Space>", ' ' | SVK_ALT, "<M-Space>", "Alt-Space" },
		{ "<M-lt>", '<' | SVK_ALT, "<M-lt>", "Alt-<" },
		{ "<M-Esc>", SVK_ESC | SVK_ALT, "<M-Esc>", "Alt-Esc" },
		{ "<M-C-a>", 1 | SVK_ALT, "<M-C-a>", "Alt-Ctrl-A" },
		{ "<M-Up>", SVK_UP | SVK_ALT, "<M-Up>", "Alt-Up" },
		{ "<C-Up>", SVK_UP | SVK_CTRL, "<C-Up>", "Ctrl-Up" },
		{ "<c-down>", SVK_DOWN | SVK_CTRL, "<C-Down>", "Ctrl-Down" },
		{ "<C-Left>", SVK_LEFT | SVK_CTRL, "<C-Left>", "Ctrl-Left" },
		{ "<C-Right>", SVK_RIGHT | SVK_CTRL, "<C-Right>", "Ctrl-Right" },
		{ "<S-Up>", SVK_UP | SVK_SHIFT, "<S-Up>", "Shift-Up" },
		{ "<S-F3>", SVK_F3 | SVK_SHIFT, "<S-F3>", "Shift-F3" },
		{ "<C-F12>", SVK_F12 | SVK_CTRL, "<C-F12>", "Ctrl-F12" },
		{ "<M-C-PgDn>", SVK_PGDN | SVK_CTRL | SVK_ALT, "<C-M-PgDn>", "Ctrl-Alt-PgDn" },
		{ "<S-M-C-Home>", SVK_HOME | SVK_MODS, "<C-M-S-Home>", "Ctrl-Alt-Shift-Home" },
		{ "<C-Tab>", SVK_TAB | SVK_CTRL, "<C-Tab>", "Ctrl-Tab" },
		{ "<M-Enter>", SVK_ENTER | SVK_ALT, "<M-Enter>", "Alt-Enter" },
	};
	static const char *const bad_names[] = {
		"<M->", "<M-jj>", "<M-M-j>", "<C-C-Up>", "<S-j>", "<C-S-j>", "<C-Esc>",
		"<S-Space>", "<S-S-Tab>", "<M-\x01>", "<M-Resize>", "<X-Up>", "<M-C->",
		"<C-M-1>", "<M-F13>",
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < COUNT(cases); i++) {
		int key = parse(cases[i].name);

		assert_int_equal(key, cases[i].key);
		assert_string_equal(key_spell(key, buf, sizeof buf), cases[i].spelt);
		assert_int_equal(parse(buf), key);
		assert_string_equal(key_label(key, buf, sizeof buf), cases[i].label);
	}
	for (i = 0; i < COUNT(bad_names); i++)
		parse_fails(bad_names[i], NULL);
	/* a key with a modifier is never a character */
	assert_true(('j' | SVK_ALT) > SVK_LAST);
	assert_string_equal(key_spell(SVK_UNKNOWN, buf, sizeof buf), "<Unknown>");
	assert_int_equal(key_parse("<Unknown>", &(int){ 0 }, NULL), -1);
}

/* Alt-j bound in [keys] is looked up; unbound it is no action; plain j
 * still moves. */
static void test_alt_binding(void **state)
{
	keymap km;
	sv_err err;

	(void)state;
	keymap_defaults(&km);
	assert_int_equal(keymap_lookup(&km, 'j' | SVK_ALT, CTX_GLOBAL | CTX_MOVE), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, SVK_UP | SVK_CTRL, CTX_GLOBAL | CTX_MOVE), ACT_NONE);
	sv_err_clear(&err);
	assert_int_equal(keymap_bind(&km, ACT_PAGE_DOWN, "<PgDn> <M-j> <C-Down>", &err), 0);
	assert_int_equal(keymap_lookup(&km, 'j' | SVK_ALT, CTX_GLOBAL | CTX_MOVE), ACT_PAGE_DOWN);
	assert_int_equal(keymap_lookup(&km, SVK_DOWN | SVK_CTRL, CTX_GLOBAL | CTX_MOVE),
			 ACT_PAGE_DOWN);
	assert_int_equal(keymap_lookup(&km, 'j', CTX_GLOBAL | CTX_MOVE), ACT_DOWN);
	assert_int_equal(keymap_check(&km, &err), 0);
}

static void test_key_spell_truncation(void **state)
{
	char buf[8];

	(void)state;
	memset(buf, 'x', sizeof buf);
	assert_ptr_equal(key_spell(SVK_DOWN, buf, 0), buf);
	assert_int_equal(buf[0], 'x');            /* n == 0: nothing written */
	assert_string_equal(key_spell(SVK_DOWN, buf, 1), "");
	assert_string_equal(key_spell(SVK_DOWN, buf, 3), "<D");
	assert_string_equal(key_spell(SVK_DOWN, buf, 7), "<Down>");
	assert_string_equal(key_spell(0xA3, buf, 2), "");      /* never half a character */
	assert_string_equal(key_spell(0xA3, buf, 3), "\xC2\xA3");
	assert_string_equal(key_label(12, buf, 5), "Ctrl");
	assert_string_equal(key_label(12, buf, sizeof buf), "Ctrl-L");
	assert_ptr_equal(key_label(12, NULL, 0), NULL);
}

/* ---- the table of actions ---------------------------------------------- */

static const struct {
	enum action_id id;
	const char *name;
	unsigned ctx;
	const char *help;
	const char *keys[3];
} TABLE[] = {
#define ROW(id, name, ctx, help, k1, k2, k3) { ACT_##id, name, ctx, help, { k1, k2, k3 } },
	SV_ACTIONS(ROW)
#undef ROW
};

static void test_action_table(void **state)
{
	size_t i, j;

	(void)state;
	assert_int_equal(COUNT(TABLE), ACT_COUNT - 1);
	for (i = 0; i < COUNT(TABLE); i++) {
		const char *p;

		assert_int_equal(TABLE[i].id, (int)i + 1);
		assert_string_equal(action_name(TABLE[i].id), TABLE[i].name);
		assert_string_equal(action_help(TABLE[i].id), TABLE[i].help);
		assert_int_equal(action_contexts(TABLE[i].id), TABLE[i].ctx);
		assert_int_equal(action_find(TABLE[i].name), TABLE[i].id);
		/* names: lower case, digits and '-', so that iniparser keeps them */
		assert_true(TABLE[i].name[0] >= 'a' && TABLE[i].name[0] <= 'z');
		for (p = TABLE[i].name; *p != '\0'; p++)
			assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-');
		assert_true(strlen(TABLE[i].help) > 5);
		assert_true(TABLE[i].ctx != 0);
		assert_true((TABLE[i].ctx & ~(unsigned)(CTX_GLOBAL | CTX_MOVE | CTX_LIST | CTX_REPORTS |
		                                        CTX_HIGHLIGHTS | CTX_TREE | CTX_DETAIL |
		                                        CTX_DECIDE | CTX_QUEUE | CTX_PROXIES | CTX_FORM)) == 0);
		assert_true(TABLE[i].keys[0][0] != '\0');   /* every action has a key */
		for (j = 0; j < i; j++)
			assert_string_not_equal(TABLE[i].name, TABLE[j].name);
	}
}

static void test_action_spot_checks(void **state)
{
	(void)state;
	assert_string_equal(action_name(ACT_HELP), "help");
	assert_string_equal(action_name(ACT_BACK), "back");
	assert_string_equal(action_name(ACT_QUIT), "quit");
	assert_string_equal(action_name(ACT_REDRAW), "redraw");
	assert_string_equal(action_name(ACT_PAGE_DOWN), "page-down");
	assert_string_equal(action_help(ACT_QUIT), "quit svdesk");
	assert_int_equal(action_contexts(ACT_QUIT), CTX_GLOBAL);
	assert_int_equal(action_contexts(ACT_UP), CTX_MOVE);
	assert_int_equal(action_find("page-up"), ACT_PAGE_UP);
	assert_int_equal(action_find("QUIT"), ACT_QUIT);
	assert_int_equal(action_find("Page-Down"), ACT_PAGE_DOWN);
}

static void test_action_unknown(void **state)
{
	(void)state;
	assert_int_equal(action_find("xyz"), ACT_NONE);
	assert_int_equal(action_find(""), ACT_NONE);
	assert_int_equal(action_find(NULL), ACT_NONE);
	assert_int_equal(action_find("none"), ACT_NONE);
	assert_int_equal(action_find("qui"), ACT_NONE);
	assert_int_equal(action_find("quit "), ACT_NONE);
	assert_int_equal(action_find("page_up"), ACT_NONE);
	assert_string_equal(action_name(ACT_NONE), "");
	assert_string_equal(action_name(ACT_COUNT), "");
	assert_string_equal(action_name((enum action_id)-1), "");
	assert_string_equal(action_help(ACT_NONE), "");
	assert_string_equal(action_help(ACT_COUNT), "");
	assert_int_equal(action_contexts(ACT_NONE), 0);
	assert_int_equal(action_contexts(ACT_COUNT), 0);
}

/* ---- the keymap ---------------------------------------------------------- */

static void assert_keys(const keymap *km, enum action_id a, int k1, int k2, int k3)
{
	assert_int_equal(km->keys[a][0], k1);
	assert_int_equal(km->keys[a][1], k2);
	assert_int_equal(km->keys[a][2], k3);
	assert_int_equal(km->keys[a][ACTION_MAX_KEYS - 1], 0);
}

static void test_defaults_are_the_spec(void **state)
{
	keymap km;

	(void)state;
	memset(&km, 0x55, sizeof km);
	keymap_defaults(&km);
	assert_keys(&km, ACT_HELP, '?', SVK_F1, 0);
	assert_keys(&km, ACT_BACK, 'q', 27, 0);
	assert_keys(&km, ACT_QUIT, 'Q', 0, 0);
	assert_keys(&km, ACT_REDRAW, 12, 0, 0);
	assert_keys(&km, ACT_CONTRACTS, '1', 0, 0);
	assert_keys(&km, ACT_UP, SVK_UP, 'k', 0);
	assert_keys(&km, ACT_DOWN, SVK_DOWN, 'j', 0);
	assert_keys(&km, ACT_PAGE_UP, SVK_PGUP, 0, 0);
	assert_keys(&km, ACT_PAGE_DOWN, SVK_PGDN, 0, 0);
	assert_keys(&km, ACT_FIRST, SVK_HOME, 'g', 0);
	assert_keys(&km, ACT_LAST, SVK_END, 'G', 0);
	assert_keys(&km, ACT_NONE, 0, 0, 0);
}

static void test_defaults_match_the_table(void **state)
{
	keymap km;
	size_t i, j;
	int n;

	(void)state;
	keymap_defaults(&km);
	for (i = 0; i < COUNT(TABLE); i++) {
		n = 0;
		for (j = 0; j < 3; j++) {
			if (TABLE[i].keys[j][0] == '\0')
				continue;
			assert_int_equal(km.keys[TABLE[i].id][n], parse(TABLE[i].keys[j]));
			n++;
		}
		for (; n < ACTION_MAX_KEYS; n++)
			assert_int_equal(km.keys[TABLE[i].id][n], 0);
	}
}

static void test_defaults_have_no_conflict(void **state)
{
	keymap km;
	sv_err err;

	(void)state;
	keymap_defaults(&km);
	sv_err_clear(&err);
	assert_int_equal(keymap_check(&km, &err), 0);
	assert_string_equal(err.msg, "");
	assert_int_equal(keymap_check(&km, NULL), 0);
}

static void test_every_default_binding_looks_up(void **state)
{
	/* the context sets the views activate together */
	static const unsigned views[] = {
		CTX_GLOBAL | CTX_MOVE | CTX_LIST,
		CTX_GLOBAL | CTX_MOVE | CTX_TREE,
		CTX_GLOBAL | CTX_MOVE | CTX_DETAIL,
		CTX_GLOBAL | CTX_MOVE,
		CTX_GLOBAL | CTX_MOVE | CTX_REPORTS | CTX_HIGHLIGHTS,
		CTX_FORM,
	};
	keymap km;
	size_t i, j, v;

	(void)state;
	keymap_defaults(&km);
	for (i = 0; i < COUNT(TABLE); i++) {
		for (j = 0; j < 3; j++) {
			if (TABLE[i].keys[j][0] == '\0')
				continue;
			for (v = 0; v < COUNT(views); v++)
				if (views[v] & TABLE[i].ctx)
					assert_int_equal(keymap_lookup(&km, parse(TABLE[i].keys[j]), views[v]),
					                 TABLE[i].id);
			assert_int_equal(keymap_lookup(&km, parse(TABLE[i].keys[j]), TABLE[i].ctx),
			                 TABLE[i].id);
		}
	}
}

/* The Reports view's keys, as the spec's table gives them. */
static void test_reports_keys(void **state)
{
	const unsigned reports = CTX_GLOBAL | CTX_MOVE | CTX_REPORTS;
	const unsigned highlights = reports | CTX_HIGHLIGHTS;
	keymap km;
	sv_err err;

	(void)state;
	keymap_defaults(&km);
	assert_int_equal(keymap_lookup(&km, '5', CTX_GLOBAL | CTX_MOVE | CTX_LIST), ACT_REPORTS);
	assert_int_equal(keymap_lookup(&km, '5', CTX_GLOBAL), ACT_REPORTS);
	assert_int_equal(keymap_lookup(&km, 'b', reports), ACT_BOARD);
	assert_int_equal(keymap_lookup(&km, 'y', reports), ACT_PERIOD);
	assert_int_equal(keymap_lookup(&km, 'p', reports), ACT_PRINT);
	assert_int_equal(keymap_lookup(&km, 'w', reports), ACT_WRITE);
	assert_int_equal(keymap_lookup(&km, 'H', reports), ACT_HIGHLIGHTS);
	/* the highlights' keys only where highlights are */
	assert_int_equal(keymap_lookup(&km, 'A', reports), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, 'A', highlights), ACT_ADD);
	assert_int_equal(keymap_lookup(&km, 'E', highlights), ACT_EDIT);
	assert_int_equal(keymap_lookup(&km, 'D', highlights), ACT_DELETE);
	assert_int_equal(keymap_lookup(&km, 'K', highlights), ACT_MOVE_UP);
	assert_int_equal(keymap_lookup(&km, 'J', highlights), ACT_MOVE_DOWN);
	/* moving stays on j and k beside J and K */
	assert_int_equal(keymap_lookup(&km, 'j', highlights), ACT_DOWN);
	assert_int_equal(keymap_lookup(&km, 'k', highlights), ACT_UP);
	/* no report key in the contracts list */
	assert_int_equal(keymap_lookup(&km, 'b', CTX_GLOBAL | CTX_MOVE | CTX_LIST), ACT_NONE);
	assert_int_equal(action_find("move-up"), ACT_MOVE_UP);
	assert_int_equal(action_find("reports"), ACT_REPORTS);
	/* a rebinding that clashes inside the Reports view is refused */
	assert_int_equal(keymap_bind(&km, ACT_DELETE, "b", &err), 0);
	assert_int_equal(keymap_check(&km, &err), -1);
	assert_non_null(strstr(err.msg, "\"board\" and \"delete\""));
	/* ... and one with a key of another view's context is not */
	keymap_defaults(&km);
	assert_int_equal(keymap_bind(&km, ACT_PRINT, "<C-p>", &err), 0);
	assert_int_equal(keymap_check(&km, &err), 0);
}

static void test_lookup_by_context(void **state)
{
	keymap km;

	(void)state;
	keymap_defaults(&km);
	/* lists: everything */
	assert_int_equal(keymap_lookup(&km, 'q', CTX_GLOBAL | CTX_MOVE | CTX_LIST), ACT_BACK);
	assert_int_equal(keymap_lookup(&km, 27, CTX_GLOBAL | CTX_MOVE | CTX_LIST), ACT_BACK);
	assert_int_equal(keymap_lookup(&km, 'j', CTX_GLOBAL | CTX_MOVE | CTX_LIST), ACT_DOWN);
	assert_int_equal(keymap_lookup(&km, SVK_PGDN, CTX_GLOBAL | CTX_MOVE), ACT_PAGE_DOWN);
	assert_int_equal(keymap_lookup(&km, 12, CTX_GLOBAL | CTX_MOVE), ACT_REDRAW);
	/* a view without moving: the MOVE keys mean nothing */
	assert_int_equal(keymap_lookup(&km, 'k', CTX_GLOBAL), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, SVK_UP, CTX_GLOBAL), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, 'Q', CTX_GLOBAL), ACT_QUIT);
	/* while typing in a prompt (no GLOBAL): q is not "back" */
	assert_int_equal(keymap_lookup(&km, 'q', CTX_MOVE), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, 'k', CTX_MOVE), ACT_UP);
	/* nothing active, unbound keys, no key */
	assert_int_equal(keymap_lookup(&km, 'q', 0), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, 'z', CTX_GLOBAL | CTX_MOVE | CTX_LIST), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, 0, CTX_GLOBAL | CTX_MOVE | CTX_LIST), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, SVK_RESIZE, CTX_GLOBAL | CTX_MOVE), ACT_NONE);
	/* case matters for characters */
	assert_int_equal(keymap_lookup(&km, 'g', CTX_MOVE), ACT_FIRST);
	assert_int_equal(keymap_lookup(&km, 'G', CTX_MOVE), ACT_LAST);
}

static void test_bind_replaces_defaults(void **state)
{
	keymap km;
	sv_err err;

	(void)state;
	keymap_defaults(&km);
	sv_err_clear(&err);
	assert_int_equal(keymap_bind(&km, ACT_QUIT, "<C-q>", &err), 0);
	assert_keys(&km, ACT_QUIT, 17, 0, 0);
	assert_int_equal(keymap_lookup(&km, 'Q', CTX_GLOBAL), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, 17, CTX_GLOBAL), ACT_QUIT);

	assert_int_equal(keymap_bind(&km, ACT_HELP, "  h\t<F2>   H ", &err), 0);
	assert_keys(&km, ACT_HELP, 'h', SVK_F2, 'H');
	assert_int_equal(keymap_lookup(&km, '?', CTX_GLOBAL), ACT_NONE);
	assert_int_equal(keymap_lookup(&km, SVK_F1, CTX_GLOBAL), ACT_NONE);

	/* the other actions keep their defaults */
	assert_keys(&km, ACT_BACK, 'q', 27, 0);
	assert_keys(&km, ACT_UP, SVK_UP, 'k', 0);

	/* binding again replaces the previous binding */
	assert_int_equal(keymap_bind(&km, ACT_HELP, "\xC2\xA3", &err), 0);
	assert_keys(&km, ACT_HELP, 0xA3, 0, 0);
	assert_int_equal(keymap_check(&km, &err), 0);
}

static void test_bind_errors_leave_the_map(void **state)
{
	keymap km, before;
	sv_err err;

	(void)state;
	keymap_defaults(&km);
	before = km;
	assert_int_equal(keymap_bind(&km, ACT_QUIT, "a b c d", &err), -1);
	assert_string_equal(err.msg, "too many keys (at most 3 for one action)");
	assert_int_equal(keymap_bind(&km, ACT_QUIT, "", &err), -1);
	assert_string_equal(err.msg, "no key given (one or more key names separated by spaces,"
	                    " e.g. \"Q\" or \"<C-f> /\")");
	assert_int_equal(keymap_bind(&km, ACT_QUIT, " \t ", &err), -1);
	assert_int_equal(keymap_bind(&km, ACT_QUIT, NULL, &err), -1);
	assert_int_equal(keymap_bind(&km, ACT_QUIT, "x <Bogus>", &err), -1);
	assert_string_equal(err.msg, "unknown key name \"<Bogus>\" (names in <> are <Up> <PgDn>"
	                    " <Enter> <Esc> <Space> <F1> <C-l> ...; see svdesk --help-keys)");
	assert_int_equal(keymap_bind(&km, ACT_QUIT, "x x", &err), -1);
	assert_string_equal(err.msg, "key \"x\" is given twice");
	assert_int_equal(keymap_bind(&km, ACT_QUIT, "<C-l> <c-L>", &err), -1);
	assert_string_equal(err.msg, "key \"<c-L>\" is given twice");
	assert_int_equal(keymap_bind(&km, ACT_QUIT, "Ctrl-Q", &err), -1);
	assert_int_equal(keymap_bind(&km, ACT_NONE, "x", &err), -1);
	assert_string_equal(err.msg, "unknown action");
	assert_int_equal(keymap_bind(&km, ACT_COUNT, "x", &err), -1);
	assert_int_equal(keymap_bind(&km, ACT_QUIT,
	                             "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	                             &err), -1);
	assert_memory_equal(&km, &before, sizeof km);
	assert_int_equal(keymap_bind(&km, ACT_QUIT, "a b c", NULL), 0);
	assert_keys(&km, ACT_QUIT, 'a', 'b', 'c');
}

static void check_conflict(enum action_id a, const char *spec, const char *want)
{
	keymap km;
	sv_err err;

	keymap_defaults(&km);
	assert_int_equal(keymap_bind(&km, a, spec, &err), 0);
	sv_err_clear(&err);
	assert_int_equal(keymap_check(&km, &err), -1);
	assert_string_equal(err.msg, want);
	assert_int_equal(keymap_check(&km, NULL), -1);
}

static void test_check_conflicts(void **state)
{
	keymap km;
	sv_err err;

	(void)state;
	/* two GLOBAL actions */
	check_conflict(ACT_QUIT, "q", "key \"q\" is bound to both \"back\" and \"quit\"");
	check_conflict(ACT_BACK, "Q", "key \"Q\" is bound to both \"back\" and \"quit\"");
	check_conflict(ACT_HELP, "<Esc>", "key \"<Esc>\" is bound to both \"help\" and \"back\"");
	/* two MOVE actions */
	check_conflict(ACT_UP, "j", "key \"j\" is bound to both \"up\" and \"down\"");
	check_conflict(ACT_LAST, "<Home>", "key \"<Home>\" is bound to both \"first\" and \"last\"");
	/* GLOBAL and MOVE are active together in lists and in reports */
	check_conflict(ACT_QUIT, "k", "key \"k\" is bound to both \"quit\" and \"up\"");
	check_conflict(ACT_PAGE_DOWN, "<C-l>",
	               "key \"<C-l>\" is bound to both \"redraw\" and \"page-down\"");
	check_conflict(ACT_CONTRACTS, "<Space> G",
	               "key \"G\" is bound to both \"contracts\" and \"last\"");

	/* a swap is fine */
	keymap_defaults(&km);
	assert_int_equal(keymap_bind(&km, ACT_BACK, "Q <Esc>", &err), 0);
	assert_int_equal(keymap_bind(&km, ACT_QUIT, "q", &err), 0);
	assert_int_equal(keymap_check(&km, &err), 0);
	assert_int_equal(keymap_lookup(&km, 'q', CTX_GLOBAL), ACT_QUIT);
	assert_int_equal(keymap_lookup(&km, 'Q', CTX_GLOBAL), ACT_BACK);
	/* case of letters is significant: P and p (print, in the Reports view
	 * where redraw applies too) are different keys */
	keymap_defaults(&km);
	assert_int_equal(keymap_bind(&km, ACT_REDRAW, "P", &err), 0);
	assert_int_equal(keymap_check(&km, &err), 0);
}

static void test_keymap_label(void **state)
{
	keymap km;
	char buf[64];

	(void)state;
	keymap_defaults(&km);
	assert_string_equal(keymap_label(&km, ACT_BACK, buf, sizeof buf), "q Esc");
	assert_string_equal(keymap_label(&km, ACT_HELP, buf, sizeof buf), "? F1");
	assert_string_equal(keymap_label(&km, ACT_QUIT, buf, sizeof buf), "Q");
	assert_string_equal(keymap_label(&km, ACT_REDRAW, buf, sizeof buf), "Ctrl-L");
	assert_string_equal(keymap_label(&km, ACT_UP, buf, sizeof buf), "Up k");
	assert_string_equal(keymap_label(&km, ACT_PAGE_DOWN, buf, sizeof buf), "PgDn");
	assert_string_equal(keymap_label(&km, ACT_LAST, buf, sizeof buf), "End G");
	assert_string_equal(keymap_label(&km, ACT_NONE, buf, sizeof buf), "");
	assert_string_equal(keymap_label(&km, ACT_COUNT, buf, sizeof buf), "");
	assert_int_equal(keymap_bind(&km, ACT_QUIT, "<C-q> <Space> <F10>", NULL), 0);
	assert_string_equal(keymap_label(&km, ACT_QUIT, buf, sizeof buf), "Ctrl-Q Space F10");
	assert_string_equal(keymap_label(&km, ACT_QUIT, buf, 9), "Ctrl-Q S");
	assert_string_equal(keymap_label(&km, ACT_QUIT, buf, 1), "");
}

/* ---- svdesk --help-keys ----------------------------------------------------- */

static char *print_to_string(const keymap *km)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	keymap_print(km, f);
	assert_int_equal(fclose(f), 0);
	return text;
}

/* the line that describes action name, or NULL */
static const char *find_action_line(const char *text, const char *name)
{
	const char *p = text;
	size_t n = strlen(name);

	while (p != NULL && *p != '\0') {
		if (strncmp(p, "  ", 2) == 0 && strncmp(p + 2, name, n) == 0 && p[2 + n] == ' ')
			return p;
		p = strchr(p, '\n');
		if (p != NULL)
			p++;
	}
	return NULL;
}

static void test_print_help_keys(void **state)
{
	keymap km;
	char *text;
	const char *everywhere, *moving, *line;
	size_t i;
	long help_col = -1;
	int any_list = 0;

	(void)state;
	keymap_defaults(&km);
	text = print_to_string(&km);
	/* the header says how to rebind */
	assert_non_null(strstr(text, "[keys]"));
	assert_non_null(strstr(text, "svdesk.ini"));
	assert_non_null(strstr(text, "quit = Q"));
	/* headings, in order */
	everywhere = strstr(text, "\nEverywhere\n");
	moving = strstr(text, "\nMoving in lists and pages\n");
	assert_non_null(everywhere);
	assert_non_null(moving);
	assert_true(everywhere < moving);
	for (i = 0; i < COUNT(TABLE); i++)
		if (TABLE[i].ctx & CTX_LIST)
			any_list = 1;
	assert_int_equal(strstr(text, "\nLists\n") != NULL, any_list);

	/* one line per action, under its heading, help text aligned */
	for (i = 0; i < COUNT(TABLE); i++) {
		const char *help, *eol;
		char keys[128];

		line = find_action_line(text, TABLE[i].name);
		assert_non_null(line);
		assert_null(find_action_line(line + 1, TABLE[i].name));
		if (TABLE[i].ctx & CTX_GLOBAL)
			assert_true(line > everywhere && line < moving);
		else
			assert_true(line > moving);
		eol = strchr(line, '\n');
		assert_non_null(eol);
		help = strstr(line, TABLE[i].help);
		assert_non_null(help);
		assert_true(help + strlen(TABLE[i].help) == eol);
		if (help_col < 0)
			help_col = help - line;
		assert_int_equal(help - line, help_col);
		/* the keys, as written in svdesk.ini */
		snprintf(keys, sizeof keys, "%s%s%s%s%s", TABLE[i].keys[0],
		         TABLE[i].keys[1][0] ? " " : "", TABLE[i].keys[1],
		         TABLE[i].keys[2][0] ? " " : "", TABLE[i].keys[2]);
		line = strstr(line, keys);
		assert_non_null(line);
		assert_true(line < help);
	}
	free(text);

	/* rebinding shows in the table */
	assert_int_equal(keymap_bind(&km, ACT_QUIT, "<C-q> X", NULL), 0);
	text = print_to_string(&km);
	line = find_action_line(text, "quit");
	assert_non_null(line);
	assert_non_null(strstr(line, " <C-q> X "));
	assert_true(strstr(line, " <C-q> X ") < strstr(line, "quit svdesk"));
	assert_null(strstr(text, "  quit       Q "));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_single_characters),
		cmocka_unit_test(test_parse_every_printable_ascii),
		cmocka_unit_test(test_parse_named_keys),
		cmocka_unit_test(test_parse_ctrl_letters),
		cmocka_unit_test(test_parse_function_keys),
		cmocka_unit_test(test_parse_bad_names),
		cmocka_unit_test(test_parse_null_err),
		cmocka_unit_test(test_key_spell_exact),
		cmocka_unit_test(test_key_spell_unnameable),
		cmocka_unit_test(test_key_label_exact),
		cmocka_unit_test(test_key_spell_round_trip),
		cmocka_unit_test(test_key_spell_truncation),
		cmocka_unit_test(test_modifier_keys),
		cmocka_unit_test(test_alt_binding),
		cmocka_unit_test(test_action_table),
		cmocka_unit_test(test_action_spot_checks),
		cmocka_unit_test(test_action_unknown),
		cmocka_unit_test(test_defaults_are_the_spec),
		cmocka_unit_test(test_defaults_match_the_table),
		cmocka_unit_test(test_defaults_have_no_conflict),
		cmocka_unit_test(test_every_default_binding_looks_up),
		cmocka_unit_test(test_lookup_by_context),
		cmocka_unit_test(test_bind_replaces_defaults),
		cmocka_unit_test(test_bind_errors_leave_the_map),
		cmocka_unit_test(test_check_conflicts),
		cmocka_unit_test(test_reports_keys),
		cmocka_unit_test(test_keymap_label),
		cmocka_unit_test(test_print_help_keys),
	};
	int failed = cmocka_run_group_tests_name("action", tests, NULL, NULL);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
