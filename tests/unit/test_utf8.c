/* test_utf8.c: decoding (every boundary of validity), counting, cutting,
 * the safe-to-show rule, and the users of the module (message quoting). */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svdesk/error.h"
#include "svdesk/utf8.h"

/* s (a C string literal that may hold NUL bytes: len given) decodes as cp
 * with length k. */
static void decodes(const char *s, size_t len, uint32_t cp, size_t k)
{
	enum utf8_fault f = UTF8_TOO_BIG;
	uint32_t got = 0;

	assert_int_equal(utf8_decode(s, len, &got, &f), k);
	assert_int_equal(got, cp);
	assert_int_equal(f, UTF8_OK);
}

static void refuses(const char *s, size_t len, enum utf8_fault want)
{
	enum utf8_fault f = UTF8_OK;
	uint32_t got = 0;

	assert_int_equal(utf8_decode(s, len, &got, &f), 0);
	assert_int_equal(got, UTF8_INVALID);
	assert_int_equal(f, want);
}

static void test_decode_boundaries(void **state)
{
	(void)state;
	decodes("\0", 1, 0, 1);
	decodes("A", 1, 'A', 1);
	decodes("\x7F", 1, 0x7F, 1);
	decodes("\xC2\x80", 2, 0x80, 2);            /* first two-byte */
	decodes("\xDF\xBF", 2, 0x7FF, 2);           /* last two-byte */
	decodes("\xE0\xA0\x80", 3, 0x800, 3);       /* first three-byte */
	decodes("\xED\x9F\xBF", 3, 0xD7FF, 3);      /* just below the surrogates */
	decodes("\xEE\x80\x80", 3, 0xE000, 3);      /* just above them */
	decodes("\xEF\xBF\xBF", 3, 0xFFFF, 3);
	decodes("\xF0\x90\x80\x80", 4, 0x10000, 4); /* first four-byte */
	decodes("\xF4\x8F\xBF\xBF", 4, 0x10FFFF, 4);/* the last code point */
	decodes("\xC2\xA3rest", 6, 0xA3, 2);        /* only the first character */
}

static void test_decode_faults(void **state)
{
	(void)state;
	refuses("", 0, UTF8_INCOMPLETE);
	refuses("\x80", 1, UTF8_CONTINUATION);
	refuses("\xBF", 1, UTF8_CONTINUATION);
	refuses("\xF8\x88\x80\x80\x80", 5, UTF8_IMPOSSIBLE);
	refuses("\xFF", 1, UTF8_IMPOSSIBLE);
	refuses("\xFE", 1, UTF8_IMPOSSIBLE);
	refuses("\xC2", 1, UTF8_INCOMPLETE);        /* cut short by the end */
	refuses("\xC2" "A", 2, UTF8_INCOMPLETE);    /* followed by a non-continuation */
	refuses("\xE2\x82", 2, UTF8_INCOMPLETE);
	refuses("\xE2\x82\xAC", 2, UTF8_INCOMPLETE);  /* n limits what is read */
	refuses("\xF0\x9F\x98", 3, UTF8_INCOMPLETE);
	refuses("\xC0\x80", 2, UTF8_OVERLONG);      /* NUL in two bytes */
	refuses("\xC1\xBF", 2, UTF8_OVERLONG);
	refuses("\xE0\x9F\xBF", 3, UTF8_OVERLONG);  /* U+07FF in three bytes */
	refuses("\xF0\x8F\xBF\xBF", 4, UTF8_OVERLONG); /* U+FFFF in four bytes */
	refuses("\xED\xA0\x80", 3, UTF8_SURROGATE); /* U+D800 */
	refuses("\xED\xBF\xBF", 3, UTF8_SURROGATE); /* U+DFFF */
	refuses("\xF4\x90\x80\x80", 4, UTF8_TOO_BIG); /* U+110000 */
	refuses("\xF7\xBF\xBF\xBF", 4, UTF8_TOO_BIG);
	assert_string_equal(utf8_fault_text(UTF8_OVERLONG), "overlong encoding");
	assert_string_equal(utf8_fault_text(UTF8_SURROGATE), "encoded surrogate");
}

static void test_encode_round_trip(void **state)
{
	static const uint32_t cps[] = { 0, 0x41, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000,
					0xFFFD, 0xFFFF, 0x10000, 0x10FFFF };
	char buf[UTF8_SEQ_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof cps / sizeof cps[0]; i++) {
		uint32_t back = 0;
		size_t k = utf8_encode(cps[i], buf);

		assert_true(k >= 1 && k <= 4);
		assert_int_equal(utf8_decode(buf, k, &back, NULL), k);
		assert_int_equal(back, cps[i]);
	}
	assert_int_equal(utf8_encode(0xD800, buf), 0);
	assert_int_equal(utf8_encode(0x110000, buf), 0);
}

static void test_valid_and_count(void **state)
{
	static const char ok[] = "\xC2\xA3" "12 caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80";
	size_t bad = 99;

	(void)state;
	assert_int_equal(utf8_valid(ok, strlen(ok), &bad), 1);
	assert_int_equal(bad, 99);
	assert_int_equal(utf8_valid("", 0, &bad), 1);
	assert_int_equal(utf8_valid("ab\xC3(", 4, &bad), 0);
	assert_int_equal(bad, 2);
	assert_int_equal(utf8_valid("abc\xED\xA0\x80", 6, NULL), 0);
	assert_int_equal(utf8_valid("x\xE2\x82", 3, &bad), 0);   /* cut at the end */
	assert_int_equal(bad, 1);
	/* £ 1 2 space c a f é space € space 😀 */
	assert_int_equal(utf8_count(ok, strlen(ok)), 12);
	assert_int_equal(utf8_count("", 0), 0);
	assert_int_equal(utf8_count("a\xFF" "b", 3), 3);          /* a bad byte is one */
	assert_int_equal(utf8_count("\xE2\x82", 2), 2);
}

static void test_cut(void **state)
{
	static const char s[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80z";  /* a é € 😀 z */
	size_t n = strlen(s);

	(void)state;
	assert_int_equal(utf8_cut(s, n, 100), n);
	assert_int_equal(utf8_cut(s, n, n), n);
	assert_int_equal(utf8_cut(s, n, 0), 0);
	assert_int_equal(utf8_cut(s, n, 1), 1);
	assert_int_equal(utf8_cut(s, n, 2), 1);    /* not inside é */
	assert_int_equal(utf8_cut(s, n, 3), 3);
	assert_int_equal(utf8_cut(s, n, 4), 3);
	assert_int_equal(utf8_cut(s, n, 5), 3);    /* not inside € */
	assert_int_equal(utf8_cut(s, n, 6), 6);
	assert_int_equal(utf8_cut(s, n, 9), 6);    /* not inside the emoji */
	assert_int_equal(utf8_cut(s, n, 10), 10);
	assert_int_equal(utf8_cut("\xFF\xFE" "ab", 4, 3), 3);   /* bad bytes stand alone */
}

static void test_safe(void **state)
{
	static const uint32_t unsafe[] = {
		0x00, 0x09, 0x0A, 0x0D, 0x1B, 0x1F, 0x7F, 0x80, 0x85, 0x9B, 0x9F, 0xAD,
		0x061C, 0x180E, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029,
		0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2060, 0x2064, 0x2066, 0x2067,
		0x2068, 0x2069, 0x206F, 0xFEFF, 0xFFF9, 0xFFFB, 0xFDD0, 0xFFFE, 0xFFFF,
		0x1FFFE, 0x10FFFF, 0xE0001, 0xE007F, 0xD800, 0x110000, UTF8_INVALID,
	};
	static const uint32_t safe[] = {
		0x20, 0x41, 0x7E, 0xA0, 0xA3, 0xAC, 0xAE, 0xE9, 0x20AC, 0x200A, 0x2010, 0x2027,
		0x202F, 0x205F, 0x2070, 0x4E2D, 0xFFFD, 0xFFFC, 0x1F600, 0xE0080, 0x10FFFD,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof unsafe / sizeof unsafe[0]; i++)
		if (utf8_safe(unsafe[i]))
			fail_msg("U+%04X should not be safe", (unsigned)unsafe[i]);
	for (i = 0; i < sizeof safe / sizeof safe[0]; i++)
		if (!utf8_safe(safe[i]))
			fail_msg("U+%04X should be safe", (unsigned)safe[i]);
}

static void test_unsafe_at(void **state)
{
	uint32_t cp = 0;

	(void)state;
	assert_int_equal(utf8_unsafe_at("plain text", 10, 0, &cp), 10);
	assert_int_equal(utf8_unsafe_at("a\tb", 3, 1, &cp), 3);
	assert_int_equal(utf8_unsafe_at("a\tb", 3, 0, &cp), 1);
	assert_int_equal(cp, 0x09);
	assert_int_equal(utf8_unsafe_at("ab\xC2\x85x", 5, 1, &cp), 2);       /* NEL */
	assert_int_equal(cp, 0x85);
	assert_int_equal(utf8_unsafe_at("\xC3\xA9\xE2\x80\xAE", 5, 0, &cp), 2); /* RLO */
	assert_int_equal(cp, 0x202E);
	assert_int_equal(utf8_unsafe_at("x\xE2\x80\x8By", 5, 0, &cp), 1);    /* ZWSP */
	assert_int_equal(cp, 0x200B);
	assert_int_equal(utf8_unsafe_at("ok\xC0\xAF", 4, 0, &cp), 2);         /* overlong */
	assert_int_equal(cp, UTF8_INVALID);
}

static void test_width(void **state)
{
	(void)state;
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		skip();
	assert_int_equal(utf8_width('a'), 1);
	assert_int_equal(utf8_width(0xA3), 1);
	assert_int_equal(utf8_width(0x4E2D), 2);     /* CJK: two columns */
	assert_int_equal(utf8_width(0x0301), 0);     /* combining acute */
	assert_int_equal(utf8_width(0x1B), -1);
	assert_int_equal(utf8_width(0x202E), -1);
	assert_int_equal(utf8_width(0x200B), -1);
	setlocale(LC_CTYPE, "C");
}

static void test_sanitize(void **state)
{
	char buf[32];

	(void)state;
	assert_int_equal(utf8_sanitize(buf, sizeof buf, "a\x1b[2Jb", 6, '?', 0), 6);
	assert_string_equal(buf, "a?[2Jb");
	utf8_sanitize(buf, sizeof buf, "x\xE2\x80\xAEy\xC2\x9Bz\xFF", 9, '?', 0);
	assert_string_equal(buf, "x?y?z?");
	utf8_sanitize(buf, sizeof buf, "t\tu", 3, '?', 1);
	assert_string_equal(buf, "t\tu");
	utf8_sanitize(buf, sizeof buf, "t\tu", 3, '?', 0);
	assert_string_equal(buf, "t?u");
	/* cut to fit, never inside a character */
	assert_int_equal(utf8_sanitize(buf, 4, "ab\xC3\xA9", 4, '?', 0), 2);
	assert_string_equal(buf, "ab");
	assert_int_equal(utf8_sanitize(buf, 5, "ab\xC3\xA9", 4, '?', 0), 4);
	assert_string_equal(buf, "ab\xC3\xA9");
	assert_int_equal(utf8_sanitize(buf, 1, "ab", 2, '?', 0), 0);
	assert_string_equal(buf, "");
}

/* sv_err_quote uses the module: unsafe characters and bad bytes become '?',
 * a cut never splits a character. */
static void test_err_quote(void **state)
{
	char buf[64];

	(void)state;
	sv_err_quote(buf, sizeof buf, "ab\x1b" "c", 4, 40);
	assert_string_equal(buf, "ab?c");
	sv_err_quote(buf, sizeof buf, "A\xE2\x80\xAE" "B\xC2\x85" "C", 8, 40);
	assert_string_equal(buf, "A?B?C");
	sv_err_quote(buf, sizeof buf, "bad\xFF", 4, 40);
	assert_string_equal(buf, "bad?");
	sv_err_quote(buf, sizeof buf, "caf\xC3\xA9 au lait", 14, 4);
	assert_string_equal(buf, "caf...");
	sv_err_quote(buf, sizeof buf, "caf\xC3\xA9 au lait", 14, 5);
	assert_string_equal(buf, "caf\xC3\xA9...");
	sv_err_quote(buf, 8, "abcdefghij", 10, 40);
	assert_string_equal(buf, "abcd...");
	sv_err_quote(buf, sizeof buf, "short", 5, 40);
	assert_string_equal(buf, "short");
}

/* A prefixed message that must be cut is never cut inside a character. */
/* A message for a person: a file name, an argument or a stored text in it
 * can never send a terminal an escape sequence; line feeds stay. */
static void test_err_print(void **state)
{
	static char got[8192], want[8192], longname[5000];
	const char *head = "svdesk: a?]0;T????b.csv: cannot open\nnext 7\n";
	FILE *f = tmpfile();
	size_t n;

	(void)state;
	assert_non_null(f);
	assert_true(sv_err_print(f, "svdesk: %s: cannot open\nnext %d\n",
				 "a\033]0;T\007\xc2\x9b\xe2\x80\xae\x9b" "b.csv", 7) >= 0);
	/* a name longer than any buffer of the messages: written whole */
	memset(longname, 'n', sizeof longname - 1);
	longname[10] = '\033';
	assert_true(sv_err_print(f, "%s|", longname) >= 0);
	rewind(f);
	n = fread(got, 1, sizeof got - 1, f);
	got[n] = '\0';
	fclose(f);
	longname[10] = '?';
	snprintf(want, sizeof want, "%s%s|", head, longname);
	assert_string_equal(got, want);
}

static void test_err_prefix_cut(void **state)
{
	sv_err e;
	size_t i, len;

	(void)state;
	for (i = 0; i + 2 < sizeof e.msg; i += 2)
		memcpy(e.msg + i, "\xC3\xA9", 2);          /* é é é ... */
	e.msg[i] = '\0';
	for (int k = 1; k <= 3; k++) {
		sv_err_prefix(&e, "%.*s", k, "abc");
		len = strlen(e.msg);
		assert_true(len < sizeof e.msg);
		assert_int_equal(utf8_valid(e.msg, len, NULL), 1);
		assert_int_equal(memcmp(e.msg, "abc", (size_t)k), 0);
	}
}

static const char *key(const char *s)
{
	static char buf[256];

	utf8_name_key(s, strlen(s), buf, sizeof buf);
	return buf;
}

/* The supplier-name rule: case, spaces of every kind, invisible characters. */
static void test_name_key(void **state)
{
	char small[6];

	(void)state;
	assert_string_equal(key("ACME  Ltd"), "acme ltd");
	assert_string_equal(key("  Acme\tLtd  "), "acme ltd");
	assert_string_equal(key("Acme\xc2\xa0Ltd"), "acme ltd");              /* no-break space */
	assert_string_equal(key("Acme\xe2\x80\xafLtd"), "acme ltd");          /* narrow no-break */
	assert_string_equal(key("Ac\xe2\x80\x8bme Ltd"), "acme ltd");         /* zero-width space */
	assert_string_equal(key("\xe2\x80\xae" "Acme Ltd"), "acme ltd");         /* RLO */
	assert_string_equal(key("\xc3\x89" "cole Services"), "\xc3\xa9" "cole services"); /* É -> é */
	assert_string_equal(key("\xc3\xa9" "cole services"), "\xc3\xa9" "cole services");
	assert_string_equal(key("\xc5\x81\xc3\xb3" "d\xc5\xba"), "\xc5\x82\xc3\xb3" "d\xc5\xba"); /* Łódź */
	assert_string_equal(key("\xc3\x97"), "\xc3\x97");                      /* × is no letter */
	assert_string_equal(key("\xc5\xb8"), "\xc3\xbf");                      /* Ÿ -> ÿ */
	assert_string_equal(key("\xd0\x90\xd0\x81"), "\xd0\xb0\xd1\x91");  /* АЁ -> аё */
	assert_string_equal(key("Acme Ltd."), "acme ltd.");                      /* punctuation stays */
	assert_string_equal(key("E"), "e");
	assert_string_equal(key("\xc3\x89"), "\xc3\xa9");                      /* accents are kept */
	assert_string_equal(key("a\xff" "b"), "a\xff" "b");                          /* a bad byte stays */
	assert_string_equal(key(""), "");
	assert_int_equal(utf8_name_key("Abc\xc3\x89", 5, small, sizeof small), 5);
	assert_int_equal(utf8_name_key("Abcd\xc3\x89", 6, small, sizeof small), 4); /* cut whole */
	assert_string_equal(small, "abcd");
}

static void test_ascii_letter(void **state)
{
	(void)state;
	assert_int_equal(utf8_ascii_letter('a'), 'a');
	assert_int_equal(utf8_ascii_letter('Z'), 'Z');
	assert_int_equal(utf8_ascii_letter('1'), 0);
	assert_int_equal(utf8_ascii_letter(0xE9), 'e');     /* é */
	assert_int_equal(utf8_ascii_letter(0xC9), 'E');     /* É */
	assert_int_equal(utf8_ascii_letter(0xDF), 's');     /* ß */
	assert_int_equal(utf8_ascii_letter(0xD7), 0);       /* × */
	assert_int_equal(utf8_ascii_letter(0xF7), 0);       /* ÷ */
	assert_int_equal(utf8_ascii_letter(0x141), 'L');    /* Ł */
	assert_int_equal(utf8_ascii_letter(0x142), 'l');    /* ł */
	assert_int_equal(utf8_ascii_letter(0x15B), 's');    /* ś */
	assert_int_equal(utf8_ascii_letter(0x17E), 'z');    /* ž */
	assert_int_equal(utf8_ascii_letter(0x17F), 's');    /* long s */
	assert_int_equal(utf8_ascii_letter(0x180), 0);
	assert_int_equal(utf8_ascii_letter(0x3A9), 0);      /* Ω */
	/* every letter of the table is an ASCII letter */
	for (uint32_t cp = 0xC0; cp <= 0x17F; cp++) {
		char c = utf8_ascii_letter(cp);

		if (cp == 0xD7 || cp == 0xF7)
			continue;
		assert_true((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_boundaries),
		cmocka_unit_test(test_decode_faults),
		cmocka_unit_test(test_encode_round_trip),
		cmocka_unit_test(test_valid_and_count),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_safe),
		cmocka_unit_test(test_unsafe_at),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_sanitize),
		cmocka_unit_test(test_err_quote),
		cmocka_unit_test(test_err_prefix_cut),
		cmocka_unit_test(test_err_print),
		cmocka_unit_test(test_name_key),
		cmocka_unit_test(test_ascii_letter),
	};
	int failed = cmocka_run_group_tests_name("utf8", tests, NULL, NULL);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
