/* test_money.c: parsing, valuing and formatting of money, quantities,
 * proxies and percentages. */
#include "config.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svdesk/money.h"

/* fn(s) must succeed with value v. */
#define PARSE_OK(fn, s, v) do {                                          \
		sv_err e_;                                               \
		int64_t o_ = -4242;                                      \
		sv_err_clear(&e_);                                       \
		if (fn((s), &o_, &e_) != 0)                              \
			fail_msg("%s(\"%s\") failed: %s", #fn, (s), e_.msg); \
		assert_int_equal(o_, (v));                               \
	} while (0)

/* fn(s) must fail with exactly message m and leave the output alone. */
#define PARSE_BAD(fn, s, m) do {                                         \
		sv_err e_;                                               \
		int64_t o_ = -4242;                                      \
		sv_err_clear(&e_);                                       \
		assert_int_equal(fn((s), &o_, &e_), -1);                 \
		assert_string_equal(e_.msg, (m));                        \
		assert_int_equal(o_, -4242);                             \
	} while (0)

#define PCT_OK(s, v) do {                                                \
		sv_err e_;                                               \
		int o_ = -42;                                            \
		sv_err_clear(&e_);                                       \
		if (percent_parse((s), &o_, &e_) != 0)                   \
			fail_msg("percent_parse(\"%s\") failed: %s", (s), e_.msg); \
		assert_int_equal(o_, (v));                               \
	} while (0)

#define PCT_BAD(s, m) do {                                               \
		sv_err e_;                                               \
		int o_ = -42;                                            \
		sv_err_clear(&e_);                                       \
		assert_int_equal(percent_parse((s), &o_, &e_), -1);      \
		assert_string_equal(e_.msg, (m));                        \
		assert_int_equal(o_, -42);                               \
	} while (0)

#define FMT_EQ(call, want) do {                                          \
		char b_[64];                                             \
		memset(b_, 'x', sizeof b_);                              \
		assert_string_equal(call, (want));                       \
	} while (0)

/* ---- money_parse ----------------------------------------------------------- */

static void test_money_parse_plain(void **state)
{
	(void)state;
	PARSE_OK(money_parse, "0", 0);
	PARSE_OK(money_parse, "0.00", 0);
	PARSE_OK(money_parse, "1", 100);
	PARSE_OK(money_parse, "12", 1200);
	PARSE_OK(money_parse, "12.5", 1250);
	PARSE_OK(money_parse, "12.34", 1234);
	PARSE_OK(money_parse, "12.05", 1205);
	PARSE_OK(money_parse, ".5", 50);
	PARSE_OK(money_parse, ".05", 5);
	PARSE_OK(money_parse, "0.01", 1);
	PARSE_OK(money_parse, "007", 700);
	PARSE_OK(money_parse, "1234567.89", 123456789);
}

static void test_money_parse_pound_and_groups(void **state)
{
	(void)state;
	PARSE_OK(money_parse, "\xC2\xA3" "12", 1200);
	PARSE_OK(money_parse, "\xC2\xA3" "0.99", 99);
	PARSE_OK(money_parse, "\xC2\xA3" ".5", 50);
	PARSE_OK(money_parse, "\xC2\xA3" "1,234,567.89", 123456789);
	PARSE_OK(money_parse, "1,234,567.89", 123456789);
	PARSE_OK(money_parse, "1,234", 123400);
	PARSE_OK(money_parse, "12,345", 1234500);
	PARSE_OK(money_parse, "123,456", 12345600);
	PARSE_OK(money_parse, "1,000,000", 100000000);
	PARSE_OK(money_parse, "999", 99900);
}

static void test_money_parse_trim(void **state)
{
	(void)state;
	PARSE_OK(money_parse, " 12.30 ", 1230);
	PARSE_OK(money_parse, "\t12\t", 1200);
	PARSE_OK(money_parse, " \t \xC2\xA3" "1,234.56 \t ", 123456);
}

static void test_money_parse_rejects(void **state)
{
	(void)state;
	PARSE_BAD(money_parse, "", "bad amount \"\": empty");
	PARSE_BAD(money_parse, "   ", "bad amount \"\": empty");
	PARSE_BAD(money_parse, NULL, "bad amount \"\": empty");
	PARSE_BAD(money_parse, "-1", "bad amount \"-1\": must not be negative");
	PARSE_BAD(money_parse, "\xC2\xA3-1",
		  "bad amount \"\xC2\xA3-1\": must not be negative");
	PARSE_BAD(money_parse, "-\xC2\xA3" "1",
		  "bad amount \"-\xC2\xA3" "1\": must not be negative");
	PARSE_BAD(money_parse, "+1", "bad amount \"+1\": no sign allowed");
	PARSE_BAD(money_parse, "1e5", "bad amount \"1e5\": no exponent allowed");
	PARSE_BAD(money_parse, "1E5", "bad amount \"1E5\": no exponent allowed");
	PARSE_BAD(money_parse, "1.5e2", "bad amount \"1.5e2\": no exponent allowed");
	PARSE_BAD(money_parse, "1.", "bad amount \"1.\": no digits after the decimal point");
	PARSE_BAD(money_parse, ".", "bad amount \".\": no digits");
	PARSE_BAD(money_parse, "\xC2\xA3", "bad amount \"\xC2\xA3\": no digits");
	PARSE_BAD(money_parse, "12.345", "bad amount \"12.345\": at most 2 decimals");
	PARSE_BAD(money_parse, "1 234", "bad amount \"1 234\": unexpected character ' '");
	PARSE_BAD(money_parse, "\xC2\xA3 12",
		  "bad amount \"\xC2\xA3 12\": unexpected character ' '");
	PARSE_BAD(money_parse, "GBP 12", "bad amount \"GBP 12\": unexpected character 'G'");
	PARSE_BAD(money_parse, "12abc", "bad amount \"12abc\": unexpected character 'a'");
	PARSE_BAD(money_parse, "1.2.3", "bad amount \"1.2.3\": unexpected character '.'");
	PARSE_BAD(money_parse, "0x10", "bad amount \"0x10\": unexpected character 'x'");
	PARSE_BAD(money_parse, "12p", "bad amount \"12p\": unexpected character 'p'");
	PARSE_BAD(money_parse, "$12", "bad amount \"$12\": unexpected character '$'");
	PARSE_BAD(money_parse, "\xE2\x82\xAC" "12",
		  "bad amount \"\xE2\x82\xAC" "12\": not a number");
	PARSE_BAD(money_parse, "12\x01", "bad amount \"12?\": not a number");
	PARSE_BAD(money_parse, "1,234.5,6",
		  "bad amount \"1,234.5,6\": unexpected character ','");
}

static void test_money_parse_bad_grouping(void **state)
{
	(void)state;
	PARSE_BAD(money_parse, "12,34",
		  "bad amount \"12,34\": commas must separate groups of three digits");
	PARSE_BAD(money_parse, "1,2345",
		  "bad amount \"1,2345\": commas must separate groups of three digits");
	PARSE_BAD(money_parse, ",123",
		  "bad amount \",123\": commas must separate groups of three digits");
	PARSE_BAD(money_parse, "1234,567",
		  "bad amount \"1234,567\": commas must separate groups of three digits");
	PARSE_BAD(money_parse, "1,,234",
		  "bad amount \"1,,234\": commas must separate groups of three digits");
	PARSE_BAD(money_parse, "123,",
		  "bad amount \"123,\": commas must separate groups of three digits");
	PARSE_BAD(money_parse, "1,234,56.00",
		  "bad amount \"1,234,56.00\": commas must separate groups of three digits");
	PARSE_BAD(money_parse, "\xC2\xA3,123.00",
		  "bad amount \"\xC2\xA3,123.00\": commas must separate groups of three digits");
	PARSE_BAD(money_parse, "1,234.",
		  "bad amount \"1,234.\": no digits after the decimal point");
}

static void test_money_parse_limits(void **state)
{
	(void)state;
	PARSE_OK(money_parse, "1000000000000000", INT64_C(100000000000000000));
	PARSE_OK(money_parse, "1,000,000,000,000,000.00", INT64_C(100000000000000000));
	PARSE_OK(money_parse, "999999999999999.99", INT64_C(99999999999999999));
	PARSE_BAD(money_parse, "1000000000000000.01",
		  "bad amount \"1000000000000000.01\": too large");
	PARSE_BAD(money_parse, "1000000000000001",
		  "bad amount \"1000000000000001\": too large");
	PARSE_BAD(money_parse, "92233720368547758.07",
		  "bad amount \"92233720368547758.07\": too large");
	PARSE_BAD(money_parse, "99999999999999999999999999",
		  "bad amount \"99999999999999999999999999\": too large");
	PARSE_OK(money_parse, "0000000000000000000000000001", 100);
}

static void test_money_parse_long_text_quoted_short(void **state)
{
	char s[200], want[300];

	(void)state;
	memset(s, '7', 100);
	s[100] = 'z';
	s[101] = '\0';
	snprintf(want, sizeof want, "bad amount \"%.40s...\": unexpected character 'z'", s);
	PARSE_BAD(money_parse, s, want);
}

/* ---- quantities, proxies, percentages ---------------------------------------- */

static void test_qty_parse(void **state)
{
	(void)state;
	PARSE_OK(qty_parse, "12", 1200);
	PARSE_OK(qty_parse, "12.5", 1250);
	PARSE_OK(qty_parse, "0.25", 25);
	PARSE_OK(qty_parse, ".5", 50);
	PARSE_OK(qty_parse, "0", 0);
	PARSE_OK(qty_parse, " 3 ", 300);
	PARSE_OK(qty_parse, "1000000000000000", INT64_C(100000000000000000));
	PARSE_BAD(qty_parse, "12.345", "bad quantity \"12.345\": at most 2 decimals");
	PARSE_BAD(qty_parse, "1,234", "bad quantity \"1,234\": no ',' allowed");
	PARSE_BAD(qty_parse, "\xC2\xA3" "12", "bad quantity \"\xC2\xA3" "12\": not a number");
	PARSE_BAD(qty_parse, "-1", "bad quantity \"-1\": must not be negative");
	PARSE_BAD(qty_parse, "+1", "bad quantity \"+1\": no sign allowed");
	PARSE_BAD(qty_parse, "1e3", "bad quantity \"1e3\": no exponent allowed");
	PARSE_BAD(qty_parse, "1.", "bad quantity \"1.\": no digits after the decimal point");
	PARSE_BAD(qty_parse, "", "bad quantity \"\": empty");
	PARSE_BAD(qty_parse, "twelve", "bad quantity \"twelve\": unexpected character 't'");
	PARSE_BAD(qty_parse, "1000000000000000.01",
		  "bad quantity \"1000000000000000.01\": too large");
}

static void test_qty_parse_money(void **state)
{
	(void)state;
	PARSE_OK(qty_parse_money, "\xC2\xA3" "1,234.50", 123450);
	PARSE_OK(qty_parse_money, "1,234.50", 123450);
	PARSE_OK(qty_parse_money, "12.5", 1250);
	PARSE_OK(qty_parse_money, ".5", 50);
	PARSE_BAD(qty_parse_money, "12.345", "bad quantity \"12.345\": at most 2 decimals");
	PARSE_BAD(qty_parse_money, "12,34",
		  "bad quantity \"12,34\": commas must separate groups of three digits");
	PARSE_BAD(qty_parse_money, "-\xC2\xA3" "5",
		  "bad quantity \"-\xC2\xA3" "5\": must not be negative");
}

static void test_proxy_parse(void **state)
{
	(void)state;
	PARSE_OK(proxy_parse, "3.1416", 31416);
	PARSE_OK(proxy_parse, "0.005", 50);
	PARSE_OK(proxy_parse, "12", 120000);
	PARSE_OK(proxy_parse, ".0001", 1);
	PARSE_OK(proxy_parse, "0", 0);
	PARSE_OK(proxy_parse, " 15.9 ", 159000);
	PARSE_OK(proxy_parse, "922337203685477.5807", INT64_MAX);
	PARSE_BAD(proxy_parse, "922337203685477.5808",
		  "bad proxy \"922337203685477.5808\": too large");
	PARSE_BAD(proxy_parse, "1000000000000000", "bad proxy \"1000000000000000\": too large");
	PARSE_BAD(proxy_parse, "3.14159", "bad proxy \"3.14159\": at most 4 decimals");
	PARSE_BAD(proxy_parse, "\xC2\xA3" "3", "bad proxy \"\xC2\xA3" "3\": not a number");
	PARSE_BAD(proxy_parse, "1,000", "bad proxy \"1,000\": no ',' allowed");
	PARSE_BAD(proxy_parse, "-0.5", "bad proxy \"-0.5\": must not be negative");
	PARSE_BAD(proxy_parse, "+0.5", "bad proxy \"+0.5\": no sign allowed");
	PARSE_BAD(proxy_parse, "5e-1", "bad proxy \"5e-1\": no exponent allowed");
	PARSE_BAD(proxy_parse, "", "bad proxy \"\": empty");
	PARSE_BAD(proxy_parse, "3.", "bad proxy \"3.\": no digits after the decimal point");
}

static void test_percent_parse(void **state)
{
	(void)state;
	PCT_OK("0", 0);
	PCT_OK("100", 1000);
	PCT_OK("12.5", 125);
	PCT_OK("12.5%", 125);
	PCT_OK(" 10 % ", 100);
	PCT_OK("100.0%", 1000);
	PCT_OK("0.1", 1);
	PCT_OK(".5%", 5);
	PCT_OK("50", 500);
	PCT_BAD("100.1", "bad percentage \"100.1\": must be between 0 and 100");
	PCT_BAD("101%", "bad percentage \"101%\": must be between 0 and 100");
	PCT_BAD("12.55", "bad percentage \"12.55\": at most 1 decimal");
	PCT_BAD("12.55%", "bad percentage \"12.55%\": at most 1 decimal");
	PCT_BAD("%", "bad percentage \"%\": no digits");
	PCT_BAD("", "bad percentage \"\": empty");
	PCT_BAD("-5%", "bad percentage \"-5%\": must not be negative");
	PCT_BAD("+5", "bad percentage \"+5\": no sign allowed");
	PCT_BAD("12%%", "bad percentage \"12%%\": unexpected character '%'");
	PCT_BAD("%12", "bad percentage \"%12\": unexpected character '%'");
	PCT_BAD("1e1", "bad percentage \"1e1\": no exponent allowed");
	PCT_BAD("5.", "bad percentage \"5.\": no digits after the decimal point");
	PCT_BAD("99999999999999999999%",
		"bad percentage \"99999999999999999999%\": too large");
}

/* ---- sv_value and money_add ---------------------------------------------------- */

static sv_pence value(sv_qty q, sv_proxy p)
{
	sv_pence v = -777;

	assert_int_equal(sv_value(q, p, &v), 0);
	return v;
}

static void test_sv_value_examples(void **state)
{
	(void)state;
	assert_int_equal(value(1250, 31416), 3927);       /* 12.5 x 3.1416 = 39.27 */
	assert_int_equal(value(1, 50), 0);                /* 0.01 x 0.0050 */
	assert_int_equal(value(0, 31416), 0);
	assert_int_equal(value(1250, 0), 0);
	assert_int_equal(value(100, 10000), 100);         /* 1 x £1 */
	assert_int_equal(value(100, 1), 0);               /* 1 x £0.0001 */
	assert_int_equal(value(10000, 1), 1);             /* 100 x £0.0001 */
	assert_int_equal(value(123456, 789012), 9740827); /* 1234.56 x 78.9012 = 97408.265472 */
	assert_int_equal(value(INT64_C(100000000000), 10000),
			 INT64_C(100000000000));          /* 1e9 units x £1 */
}

static void test_sv_value_rounding(void **state)
{
	(void)state;
	/* products in 1/10000 pence: 5000 is exactly half a penny */
	assert_int_equal(value(1, 5000), 1);
	assert_int_equal(value(1, 4999), 0);
	assert_int_equal(value(1, 5001), 1);
	assert_int_equal(value(3, 5000), 2);     /* 1.5p -> 2p */
	assert_int_equal(value(5, 5000), 3);     /* 2.5p -> 3p, not to even */
	assert_int_equal(value(1, 14999), 1);
	assert_int_equal(value(1, 15000), 2);
	assert_int_equal(value(1, 9999), 1);
	assert_int_equal(value(1, 10000), 1);
	/* symmetric for negative inputs */
	assert_int_equal(value(-1, 5000), -1);
	assert_int_equal(value(1, -5000), -1);
	assert_int_equal(value(-1, -5000), 1);
	assert_int_equal(value(-1, 4999), 0);
	assert_int_equal(value(-3, 5000), -2);
	assert_int_equal(value(-5, 5000), -3);
	assert_int_equal(value(-1, 5001), -1);
	assert_int_equal(value(-1, 14999), -1);
	assert_int_equal(value(-1, 15000), -2);
}

static void test_sv_value_overflow(void **state)
{
	sv_pence v = 99;

	(void)state;
	assert_int_equal(sv_value(INT64_MAX, 2, &v), -1);
	assert_int_equal(v, 99);
	assert_int_equal(sv_value(INT64_MIN, -1, &v), -1);
	assert_int_equal(v, 99);
	assert_int_equal(sv_value(INT64_C(100000000000000000), INT64_C(100000000000000000), &v), -1);
	assert_int_equal(v, 99);
	assert_int_equal(sv_value(INT64_C(4294967296), INT64_C(4294967296), &v), -1);
	assert_int_equal(v, 99);
	assert_int_equal(sv_value(INT64_C(2147483648), INT64_C(2147483648), &v), 0);
	assert_int_equal(v, INT64_C(461168601842739)); /* 2^62 / 10^4, rounded */
	assert_int_equal(value(INT64_MAX, 1), INT64_C(922337203685478));
	assert_int_equal(value(INT64_MIN, 1), INT64_C(-922337203685478));
}

static void test_money_add(void **state)
{
	sv_pence acc = 100;

	(void)state;
	assert_int_equal(money_add(&acc, 23), 0);
	assert_int_equal(acc, 123);
	assert_int_equal(money_add(&acc, -200), 0);
	assert_int_equal(acc, -77);
	acc = INT64_MAX;
	assert_int_equal(money_add(&acc, 1), -1);
	assert_int_equal(acc, INT64_MAX);
	assert_int_equal(money_add(&acc, 0), 0);
	assert_int_equal(money_add(&acc, -1), 0);
	assert_int_equal(acc, INT64_MAX - 1);
	acc = INT64_MIN;
	assert_int_equal(money_add(&acc, -1), -1);
	assert_int_equal(acc, INT64_MIN);
	assert_int_equal(money_add(&acc, INT64_MAX), 0);
	assert_int_equal(acc, -1);
}

/* ---- formatting ------------------------------------------------------------------ */

#define MF(v, st) money_format((v), (st), b_, sizeof b_)

static void test_money_format_pound(void **state)
{
	(void)state;
	FMT_EQ(MF(0, MONEY_POUND), "\xC2\xA3" "0.00");
	FMT_EQ(MF(1, MONEY_POUND), "\xC2\xA3" "0.01");
	FMT_EQ(MF(12, MONEY_POUND), "\xC2\xA3" "0.12");
	FMT_EQ(MF(100, MONEY_POUND), "\xC2\xA3" "1.00");
	FMT_EQ(MF(1200, MONEY_POUND), "\xC2\xA3" "12.00");
	FMT_EQ(MF(12300, MONEY_POUND), "\xC2\xA3" "123.00");
	FMT_EQ(MF(99999, MONEY_POUND), "\xC2\xA3" "999.99");
	FMT_EQ(MF(100000, MONEY_POUND), "\xC2\xA3" "1,000.00");
	FMT_EQ(MF(123456, MONEY_POUND), "\xC2\xA3" "1,234.56");
	FMT_EQ(MF(12345678, MONEY_POUND), "\xC2\xA3" "123,456.78");
	FMT_EQ(MF(123456789, MONEY_POUND), "\xC2\xA3" "1,234,567.89");
	FMT_EQ(MF(-1200, MONEY_POUND), "-\xC2\xA3" "12.00");
	FMT_EQ(MF(-1, MONEY_POUND), "-\xC2\xA3" "0.01");
	FMT_EQ(MF(-123456789, MONEY_POUND), "-\xC2\xA3" "1,234,567.89");
	FMT_EQ(MF(INT64_MAX, MONEY_POUND), "\xC2\xA3" "92,233,720,368,547,758.07");
	FMT_EQ(MF(INT64_MIN, MONEY_POUND), "-\xC2\xA3" "92,233,720,368,547,758.08");
}

static void test_money_format_gbp_plain(void **state)
{
	(void)state;
	FMT_EQ(MF(0, MONEY_GBP), "GBP 0.00");
	FMT_EQ(MF(5, MONEY_GBP), "GBP 0.05");
	FMT_EQ(MF(123456789, MONEY_GBP), "GBP 1,234,567.89");
	FMT_EQ(MF(-1200, MONEY_GBP), "-GBP 12.00");
	FMT_EQ(MF(INT64_MIN, MONEY_GBP), "-GBP 92,233,720,368,547,758.08");
	FMT_EQ(MF(0, MONEY_PLAIN), "0.00");
	FMT_EQ(MF(7, MONEY_PLAIN), "0.07");
	FMT_EQ(MF(100, MONEY_PLAIN), "1.00");
	FMT_EQ(MF(123456, MONEY_PLAIN), "1234.56");
	FMT_EQ(MF(123456789, MONEY_PLAIN), "1234567.89");
	FMT_EQ(MF(-1200, MONEY_PLAIN), "-12.00");
	FMT_EQ(MF(INT64_MIN, MONEY_PLAIN), "-92233720368547758.08");
	FMT_EQ(MF(INT64_MAX, MONEY_PLAIN), "92233720368547758.07");
}

static void test_money_format_truncation(void **state)
{
	char buf[32];
	char small[8];

	(void)state;
	/* 32 bytes always suffice */
	assert_true(strlen(money_format(INT64_MIN, MONEY_GBP, buf, sizeof buf)) < 32);
	assert_string_equal(buf, "-GBP 92,233,720,368,547,758.08");
	/* truncated safely, never inside the two bytes of the pound sign */
	memset(small, 'x', sizeof small);
	assert_string_equal(money_format(123456, MONEY_POUND, small, 6), "\xC2\xA3" "1,2");
	assert_int_equal(small[6], 'x');
	assert_string_equal(money_format(123456, MONEY_POUND, small, 3), "\xC2\xA3");
	assert_string_equal(money_format(123456, MONEY_POUND, small, 2), "");
	assert_string_equal(money_format(-123456, MONEY_POUND, small, 3), "-");
	assert_string_equal(money_format(123456, MONEY_PLAIN, small, 1), "");
	memset(small, 'x', sizeof small);
	assert_ptr_equal(money_format(123456, MONEY_PLAIN, small, 0), small);
	assert_int_equal(small[0], 'x');
}

static void test_qty_format(void **state)
{
	(void)state;
	FMT_EQ(qty_format(0, 1, b_, sizeof b_), "0");
	FMT_EQ(qty_format(1250, 1, b_, sizeof b_), "12.5");
	FMT_EQ(qty_format(300, 1, b_, sizeof b_), "3");
	FMT_EQ(qty_format(25, 1, b_, sizeof b_), "0.25");
	FMT_EQ(qty_format(5, 1, b_, sizeof b_), "0.05");
	FMT_EQ(qty_format(10, 1, b_, sizeof b_), "0.1");
	FMT_EQ(qty_format(123450, 1, b_, sizeof b_), "1,234.5");
	FMT_EQ(qty_format(100000, 1, b_, sizeof b_), "1,000");
	FMT_EQ(qty_format(123456789, 1, b_, sizeof b_), "1,234,567.89");
	FMT_EQ(qty_format(-1250, 1, b_, sizeof b_), "-12.5");
	FMT_EQ(qty_format(0, 0, b_, sizeof b_), "0.00");
	FMT_EQ(qty_format(300, 0, b_, sizeof b_), "3.00");
	FMT_EQ(qty_format(1250, 0, b_, sizeof b_), "12.50");
	FMT_EQ(qty_format(123450, 0, b_, sizeof b_), "1234.50");
	FMT_EQ(qty_format(123456789, 0, b_, sizeof b_), "1234567.89");
	FMT_EQ(qty_format(-1250, 0, b_, sizeof b_), "-12.50");
	FMT_EQ(qty_format(INT64_MIN, 0, b_, sizeof b_), "-92233720368547758.08");
}

static void test_proxy_format(void **state)
{
	(void)state;
	FMT_EQ(proxy_format(31416, b_, sizeof b_), "3.1416");
	FMT_EQ(proxy_format(125000, b_, sizeof b_), "12.50");
	FMT_EQ(proxy_format(0, b_, sizeof b_), "0.00");
	FMT_EQ(proxy_format(50, b_, sizeof b_), "0.005");
	FMT_EQ(proxy_format(1, b_, sizeof b_), "0.0001");
	FMT_EQ(proxy_format(31000, b_, sizeof b_), "3.10");
	FMT_EQ(proxy_format(31400, b_, sizeof b_), "3.14");
	FMT_EQ(proxy_format(31410, b_, sizeof b_), "3.141");
	FMT_EQ(proxy_format(10000000000, b_, sizeof b_), "1,000,000.00");
	FMT_EQ(proxy_format(225000000, b_, sizeof b_), "22,500.00");
	FMT_EQ(proxy_format(9999999, b_, sizeof b_), "999.9999");
	FMT_EQ(proxy_format(-31416, b_, sizeof b_), "-3.1416");
	FMT_EQ(proxy_format(INT64_MAX, b_, sizeof b_), "922,337,203,685,477.5807");
}

static void test_percent_format(void **state)
{
	(void)state;
	FMT_EQ(percent_format(125, b_, sizeof b_), "12.5");
	FMT_EQ(percent_format(100, b_, sizeof b_), "10.0");
	FMT_EQ(percent_format(0, b_, sizeof b_), "0.0");
	FMT_EQ(percent_format(5, b_, sizeof b_), "0.5");
	FMT_EQ(percent_format(1000, b_, sizeof b_), "100.0");
	FMT_EQ(percent_format(-5, b_, sizeof b_), "-0.5");
	FMT_EQ(percent_format(INT_MIN, b_, sizeof b_), "-214748364.8");
}

/* ---- round trips ------------------------------------------------------------------ */

static void test_round_trips(void **state)
{
	uint64_t x = 88172645463325252u;
	char buf[64];
	int i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		sv_pence v, back = -1;
		int64_t p;
		int pct, pback = -1;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		v = (sv_pence)(x % (UINT64_C(100000000000000000) + 1)) >> (i % 57);
		money_format(v, MONEY_POUND, buf, sizeof buf);
		assert_int_equal(money_parse(buf, &back, NULL), 0);
		assert_int_equal(back, v);
		money_format(v, MONEY_PLAIN, buf, sizeof buf);
		assert_int_equal(money_parse(buf, &back, NULL), 0);
		assert_int_equal(back, v);
		qty_format(v, 0, buf, sizeof buf);
		assert_int_equal(qty_parse(buf, &back, NULL), 0);
		assert_int_equal(back, v);
		qty_format(v, 1, buf, sizeof buf);
		assert_int_equal(qty_parse_money(buf, &back, NULL), 0);
		assert_int_equal(back, v);
		p = v / 1000;
		proxy_format_fixed(p, buf, sizeof buf);     /* the CSV form reads back */
		assert_int_equal(proxy_parse(buf, &back, NULL), 0);
		assert_int_equal(back, p);
		pct = (int)(x % 1001);
		percent_format(pct, buf, sizeof buf);
		assert_int_equal(percent_parse(buf, &pback, NULL), 0);
		assert_int_equal(pback, pct);
	}
}

static void test_null_err_allowed(void **state)
{
	sv_pence v = 5;
	int t = 5;

	(void)state;
	assert_int_equal(money_parse("x", &v, NULL), -1);
	assert_int_equal(qty_parse("1.234", &v, NULL), -1);
	assert_int_equal(proxy_parse("", &v, NULL), -1);
	assert_int_equal(percent_parse("200", &t, NULL), -1);
	assert_int_equal(v, 5);
	assert_int_equal(t, 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_money_parse_plain),
		cmocka_unit_test(test_money_parse_pound_and_groups),
		cmocka_unit_test(test_money_parse_trim),
		cmocka_unit_test(test_money_parse_rejects),
		cmocka_unit_test(test_money_parse_bad_grouping),
		cmocka_unit_test(test_money_parse_limits),
		cmocka_unit_test(test_money_parse_long_text_quoted_short),
		cmocka_unit_test(test_qty_parse),
		cmocka_unit_test(test_qty_parse_money),
		cmocka_unit_test(test_proxy_parse),
		cmocka_unit_test(test_percent_parse),
		cmocka_unit_test(test_sv_value_examples),
		cmocka_unit_test(test_sv_value_rounding),
		cmocka_unit_test(test_sv_value_overflow),
		cmocka_unit_test(test_money_add),
		cmocka_unit_test(test_money_format_pound),
		cmocka_unit_test(test_money_format_gbp_plain),
		cmocka_unit_test(test_money_format_truncation),
		cmocka_unit_test(test_qty_format),
		cmocka_unit_test(test_proxy_format),
		cmocka_unit_test(test_percent_format),
		cmocka_unit_test(test_round_trips),
		cmocka_unit_test(test_null_err_allowed),
	};
	int failed = cmocka_run_group_tests_name("money", tests, NULL, NULL);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
