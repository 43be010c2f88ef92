/* test_period.c: dates, financial years, quarters and the clock. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "svdesk/period.h"

static sv_date D(int y, int m, int d)
{
	sv_date x;

	x.y = y;
	x.m = m;
	x.d = d;
	return x;
}

static sv_quarter Q(int fy, int q)
{
	sv_quarter x;

	x.fy = fy;
	x.q = q;
	return x;
}

#define DATE_EQ(a, yy, mm, dd) do {                                      \
		sv_date a_ = (a);                                        \
		if (a_.y != (yy) || a_.m != (mm) || a_.d != (dd))        \
			fail_msg("got %04d-%02d-%02d, want %04d-%02d-%02d", \
				 a_.y, a_.m, a_.d, (yy), (mm), (dd));    \
	} while (0)

#define DATE_OK(s, yy, mm, dd) do {                                      \
		sv_err e_;                                               \
		sv_date o_ = D(-1, -1, -1);                              \
		sv_err_clear(&e_);                                       \
		if (date_parse((s), &o_, &e_) != 0)                      \
			fail_msg("date_parse(\"%s\"): %s", (s), e_.msg);  \
		DATE_EQ(o_, yy, mm, dd);                                 \
	} while (0)

#define DATE_BAD(s, m) do {                                              \
		sv_err e_;                                               \
		sv_date o_ = D(-1, -1, -1);                              \
		sv_err_clear(&e_);                                       \
		assert_int_equal(date_parse((s), &o_, &e_), -1);         \
		assert_string_equal(e_.msg, (m));                        \
		assert_int_equal(o_.y, -1);                              \
	} while (0)

#define FY_OK(s, v) do {                                                 \
		sv_err e_;                                               \
		int o_ = -1;                                             \
		sv_err_clear(&e_);                                       \
		if (fy_parse((s), &o_, &e_) != 0)                        \
			fail_msg("fy_parse(\"%s\"): %s", (s), e_.msg);    \
		assert_int_equal(o_, (v));                               \
	} while (0)

#define FY_BAD(s, m) do {                                                \
		sv_err e_;                                               \
		int o_ = -1;                                             \
		sv_err_clear(&e_);                                       \
		assert_int_equal(fy_parse((s), &o_, &e_), -1);           \
		assert_string_equal(e_.msg, (m));                        \
		assert_int_equal(o_, -1);                                \
	} while (0)

#define QTR_OK(s, f, n) do {                                             \
		sv_err e_;                                               \
		sv_quarter o_ = Q(-1, -1);                               \
		sv_err_clear(&e_);                                       \
		if (quarter_parse((s), &o_, &e_) != 0)                   \
			fail_msg("quarter_parse(\"%s\"): %s", (s), e_.msg); \
		assert_int_equal(o_.fy, (f));                            \
		assert_int_equal(o_.q, (n));                             \
	} while (0)

#define QTR_BAD(s, m) do {                                               \
		sv_err e_;                                               \
		sv_quarter o_ = Q(-1, -1);                               \
		sv_err_clear(&e_);                                       \
		assert_int_equal(quarter_parse((s), &o_, &e_), -1);      \
		assert_string_equal(e_.msg, (m));                        \
		assert_int_equal(o_.fy, -1);                             \
	} while (0)

/* ---- calendar ------------------------------------------------------------------- */

static void test_date_valid_leap_years(void **state)
{
	(void)state;
	assert_false(date_valid(1900, 2, 29));
	assert_true(date_valid(2000, 2, 29));
	assert_true(date_valid(2024, 2, 29));
	assert_false(date_valid(2023, 2, 29));
	assert_false(date_valid(2100, 2, 29));
	assert_true(date_valid(2400, 2, 29));
	assert_true(date_valid(4, 2, 29));
	assert_true(date_valid(1900, 2, 28));
	assert_false(date_valid(2024, 2, 30));
}

static void test_date_valid_month_ends(void **state)
{
	static const int last[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int m;

	(void)state;
	for (m = 1; m <= 12; m++) {
		assert_true(date_valid(2025, m, 1));
		assert_true(date_valid(2025, m, last[m - 1]));
		assert_false(date_valid(2025, m, last[m - 1] + 1));
		assert_false(date_valid(2025, m, 0));
	}
	assert_false(date_valid(2025, 0, 1));
	assert_false(date_valid(2025, 13, 1));
	assert_false(date_valid(2025, -1, 1));
	assert_false(date_valid(0, 1, 1));
	assert_true(date_valid(1, 1, 1));
	assert_true(date_valid(9999, 12, 31));
	assert_false(date_valid(10000, 1, 1));
	assert_false(date_valid(2025, 1, 32));
}

static void test_date_parse_accepts(void **state)
{
	(void)state;
	DATE_OK("2026-01-15", 2026, 1, 15);
	DATE_OK("2024-02-29", 2024, 2, 29);
	DATE_OK("2000-02-29", 2000, 2, 29);
	DATE_OK(" 2025-12-31\t", 2025, 12, 31);
	DATE_OK("0001-01-01", 1, 1, 1);
	DATE_OK("9999-12-31", 9999, 12, 31);
}

static void test_date_parse_rejects(void **state)
{
	(void)state;
	DATE_BAD("", "bad date \"\": empty");
	DATE_BAD("  ", "bad date \"\": empty");
	DATE_BAD(NULL, "bad date \"\": empty");
	DATE_BAD("2026-1-15", "bad date \"2026-1-15\": expected YYYY-MM-DD");
	DATE_BAD("2026-01-5", "bad date \"2026-01-5\": expected YYYY-MM-DD");
	DATE_BAD("2026/01/15", "bad date \"2026/01/15\": expected YYYY-MM-DD");
	DATE_BAD("15/01/2026", "bad date \"15/01/2026\": expected YYYY-MM-DD");
	DATE_BAD("20260115", "bad date \"20260115\": expected YYYY-MM-DD");
	DATE_BAD("2026-01-15T00:00:00",
		 "bad date \"2026-01-15T00:00:00\": expected YYYY-MM-DD");
	DATE_BAD("2026-01-1x", "bad date \"2026-01-1x\": expected YYYY-MM-DD");
	DATE_BAD("2026-01-15x", "bad date \"2026-01-15x\": expected YYYY-MM-DD");
	DATE_BAD("+026-01-15", "bad date \"+026-01-15\": expected YYYY-MM-DD");
	DATE_BAD("-026-01-15", "bad date \"-026-01-15\": expected YYYY-MM-DD");
	DATE_BAD("2026-+1-15", "bad date \"2026-+1-15\": expected YYYY-MM-DD");
	DATE_BAD("2026 01 15", "bad date \"2026 01 15\": expected YYYY-MM-DD");
	DATE_BAD("2026-02-30", "bad date \"2026-02-30\": no such day");
	DATE_BAD("2023-02-29", "bad date \"2023-02-29\": no such day");
	DATE_BAD("1900-02-29", "bad date \"1900-02-29\": no such day");
	DATE_BAD("2026-13-01", "bad date \"2026-13-01\": no such day");
	DATE_BAD("2026-00-10", "bad date \"2026-00-10\": no such day");
	DATE_BAD("2026-04-31", "bad date \"2026-04-31\": no such day");
	DATE_BAD("2026-01-00", "bad date \"2026-01-00\": no such day");
	DATE_BAD("0000-01-01", "bad date \"0000-01-01\": no such day");
	DATE_BAD("2026-01-15\n", "bad date \"2026-01-15?\": expected YYYY-MM-DD");
}

static void test_date_format(void **state)
{
	char buf[11];

	(void)state;
	assert_string_equal(date_format_iso(D(2026, 1, 15), buf), "2026-01-15");
	assert_string_equal(date_format_uk(D(2026, 1, 15), buf), "15/01/2026");
	assert_string_equal(date_format_iso(D(1, 2, 3), buf), "0001-02-03");
	assert_string_equal(date_format_uk(D(1, 2, 3), buf), "03/02/0001");
	assert_string_equal(date_format_iso(D(9999, 12, 31), buf), "9999-12-31");
	assert_string_equal(date_format_uk(D(9999, 12, 31), buf), "31/12/9999");
}

static void test_date_cmp(void **state)
{
	(void)state;
	assert_int_equal(date_cmp(D(2026, 1, 15), D(2026, 1, 15)), 0);
	assert_true(date_cmp(D(2026, 1, 15), D(2026, 1, 16)) < 0);
	assert_true(date_cmp(D(2026, 1, 16), D(2026, 1, 15)) > 0);
	assert_true(date_cmp(D(2026, 1, 31), D(2026, 2, 1)) < 0);
	assert_true(date_cmp(D(2025, 12, 31), D(2026, 1, 1)) < 0);
	assert_true(date_cmp(D(2027, 1, 1), D(2026, 12, 31)) > 0);
}

static void test_date_to_days_known(void **state)
{
	(void)state;
	assert_int_equal(date_to_days(D(1970, 1, 1)), 0);
	assert_int_equal(date_to_days(D(1970, 1, 2)), 1);
	assert_int_equal(date_to_days(D(1969, 12, 31)), -1);
	assert_int_equal(date_to_days(D(2000, 1, 1)), 10957);
	assert_int_equal(date_to_days(D(2000, 3, 1)), 11017);
	assert_int_equal(date_to_days(D(2024, 2, 29)), 19782);
	assert_int_equal(date_to_days(D(2026, 1, 15)), 20468);
	assert_int_equal(date_to_days(D(1900, 3, 1)), -25508);
	assert_int_equal(date_to_days(D(1600, 2, 29)), -135081);
	assert_int_equal(date_to_days(D(1, 1, 1)), -719162);
	assert_int_equal(date_to_days(D(9999, 12, 31)), 2932896);
	DATE_EQ(date_from_days(0), 1970, 1, 1);
	DATE_EQ(date_from_days(-1), 1969, 12, 31);
	DATE_EQ(date_from_days(11016), 2000, 2, 29);
	DATE_EQ(date_from_days(-25509), 1900, 2, 28);
	DATE_EQ(date_from_days(-719162), 1, 1, 1);
	DATE_EQ(date_from_days(2932896), 9999, 12, 31);
}

/* Every day from 0001-01-01 to 9999-12-31: from_days gives the next
 * calendar day each time, and to_days gives the number back. */
static void test_date_days_round_trip(void **state)
{
	sv_date prev = D(0, 12, 31), d;
	long n;

	(void)state;
	for (n = -719162; n <= 2932896; n++) {
		sv_date want = prev;

		if (want.y == 0) {
			want = D(1, 1, 1);
		} else if (date_valid(want.y, want.m, want.d + 1)) {
			want.d++;
		} else if (want.m < 12) {
			want.m++;
			want.d = 1;
		} else {
			want = D(want.y + 1, 1, 1);
		}
		d = date_from_days(n);
		if (d.y != want.y || d.m != want.m || d.d != want.d)
			fail_msg("day %ld: got %04d-%02d-%02d, want %04d-%02d-%02d",
				 n, d.y, d.m, d.d, want.y, want.m, want.d);
		if (date_to_days(d) != n)
			fail_msg("day %ld: %04d-%02d-%02d gives %ld", n, d.y, d.m,
				 d.d, date_to_days(d));
		prev = d;
	}
	assert_int_equal(prev.y, 9999);
}

static void test_date_from_days_clamps(void **state)
{
	(void)state;
	DATE_EQ(date_from_days(-719163), 1, 1, 1);
	DATE_EQ(date_from_days(-10000000), 1, 1, 1);
	DATE_EQ(date_from_days(2932897), 9999, 12, 31);
	DATE_EQ(date_from_days(100000000), 9999, 12, 31);
}

static void test_date_add_days(void **state)
{
	(void)state;
	DATE_EQ(date_add_days(D(2024, 2, 28), 1), 2024, 2, 29);
	DATE_EQ(date_add_days(D(2024, 2, 28), 2), 2024, 3, 1);
	DATE_EQ(date_add_days(D(2023, 2, 28), 1), 2023, 3, 1);
	DATE_EQ(date_add_days(D(1900, 2, 28), 1), 1900, 3, 1);
	DATE_EQ(date_add_days(D(2000, 2, 28), 1), 2000, 2, 29);
	DATE_EQ(date_add_days(D(2023, 12, 31), 1), 2024, 1, 1);
	DATE_EQ(date_add_days(D(2024, 1, 1), -1), 2023, 12, 31);
	DATE_EQ(date_add_days(D(2024, 3, 1), -1), 2024, 2, 29);
	DATE_EQ(date_add_days(D(2025, 4, 1), 365), 2026, 4, 1);
	DATE_EQ(date_add_days(D(2023, 4, 1), 366), 2024, 4, 1);
	DATE_EQ(date_add_days(D(2026, 1, 15), 0), 2026, 1, 15);
	DATE_EQ(date_add_days(D(2026, 1, 15), -20468), 1970, 1, 1);
}

/* ---- financial years and quarters ---------------------------------------------- */

static void test_fy_and_quarter_of_date(void **state)
{
	(void)state;
	assert_int_equal(fy_of_date(D(2026, 3, 31)), 2025);
	assert_int_equal(fy_of_date(D(2026, 4, 1)), 2026);
	assert_int_equal(fy_of_date(D(2026, 1, 1)), 2025);
	assert_int_equal(fy_of_date(D(2025, 12, 31)), 2025);
	assert_int_equal(fy_of_date(D(2000, 1, 1)), 1999);

	static const struct { int m, d, fy, q; } cases[] = {
		{ 4, 1, 2025, 1 }, { 6, 30, 2025, 1 }, { 7, 1, 2025, 2 },
		{ 9, 30, 2025, 2 }, { 10, 1, 2025, 3 }, { 12, 31, 2025, 3 },
		{ 1, 1, 2025, 4 }, { 3, 31, 2025, 4 }, { 5, 15, 2025, 1 },
		{ 8, 15, 2025, 2 }, { 11, 15, 2025, 3 }, { 2, 15, 2025, 4 },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int y = cases[i].m >= 4 ? 2025 : 2026;
		sv_quarter q = quarter_of_date(D(y, cases[i].m, cases[i].d));

		assert_int_equal(q.fy, cases[i].fy);
		assert_int_equal(q.q, cases[i].q);
	}
}

static void test_fy_parse(void **state)
{
	(void)state;
	FY_OK("2025/26", 2025);
	FY_OK("1999/00", 1999);
	FY_OK("2009/10", 2009);
	FY_OK(" 2025/26\t", 2025);
	FY_OK("1900/01", 1900);
	FY_OK("9998/99", 9998);
	FY_BAD("2025/27", "bad financial year \"2025/27\": the second year must be 26");
	FY_BAD("2025/25", "bad financial year \"2025/25\": the second year must be 26");
	FY_BAD("1999/99", "bad financial year \"1999/99\": the second year must be 00");
	FY_BAD("1899/00", "bad financial year \"1899/00\": year out of range 1900..9998");
	FY_BAD("9999/00", "bad financial year \"9999/00\": year out of range 1900..9998");
	FY_BAD("2025-26", "bad financial year \"2025-26\": expected YYYY/YY, e.g. 2025/26");
	FY_BAD("25/26", "bad financial year \"25/26\": expected YYYY/YY, e.g. 2025/26");
	FY_BAD("2025/2026", "bad financial year \"2025/2026\": expected YYYY/YY, e.g. 2025/26");
	FY_BAD("2025", "bad financial year \"2025\": expected YYYY/YY, e.g. 2025/26");
	FY_BAD("2025/2x", "bad financial year \"2025/2x\": expected YYYY/YY, e.g. 2025/26");
	FY_BAD("", "bad financial year \"\": empty");
	FY_BAD(NULL, "bad financial year \"\": empty");
}

static void test_fy_format(void **state)
{
	char buf[8];

	(void)state;
	assert_string_equal(fy_format(2025, buf), "2025/26");
	assert_string_equal(fy_format(1999, buf), "1999/00");
	assert_string_equal(fy_format(2009, buf), "2009/10");
	assert_string_equal(fy_format(1900, buf), "1900/01");
	assert_string_equal(fy_format(9998, buf), "9998/99");
}

static void test_quarter_parse(void **state)
{
	(void)state;
	QTR_OK("2025/26-Q2", 2025, 2);
	QTR_OK("2025/26 Q2", 2025, 2);
	QTR_OK("2025/26-q4", 2025, 4);
	QTR_OK(" 2025/26 Q1 ", 2025, 1);
	QTR_OK("1999/00-Q3", 1999, 3);
	QTR_BAD("2025/26-Q5", "bad quarter \"2025/26-Q5\": the quarter must be Q1 to Q4");
	QTR_BAD("2025/26-Q0", "bad quarter \"2025/26-Q0\": the quarter must be Q1 to Q4");
	QTR_BAD("2025/27-Q1", "bad quarter \"2025/27-Q1\": the second year must be 26");
	QTR_BAD("1899/00-Q1", "bad quarter \"1899/00-Q1\": year out of range 1900..9998");
	QTR_BAD("2025/26Q2",
		"bad quarter \"2025/26Q2\": expected YYYY/YY-Qn, e.g. 2025/26-Q2");
	QTR_BAD("2025/26_Q2",
		"bad quarter \"2025/26_Q2\": expected YYYY/YY-Qn, e.g. 2025/26-Q2");
	QTR_BAD("2025/26-Q",
		"bad quarter \"2025/26-Q\": expected YYYY/YY-Qn, e.g. 2025/26-Q2");
	QTR_BAD("2025/26 - Q2",
		"bad quarter \"2025/26 - Q2\": expected YYYY/YY-Qn, e.g. 2025/26-Q2");
	QTR_BAD("2025/26-2",
		"bad quarter \"2025/26-2\": expected YYYY/YY-Qn, e.g. 2025/26-Q2");
	QTR_BAD("Q2 2025/26",
		"bad quarter \"Q2 2025/26\": expected YYYY/YY-Qn, e.g. 2025/26-Q2");
	QTR_BAD("2025-26-Q2",
		"bad quarter \"2025-26-Q2\": expected YYYY/YY-Qn, e.g. 2025/26-Q2");
	QTR_BAD("2025/26-Q22",
		"bad quarter \"2025/26-Q22\": expected YYYY/YY-Qn, e.g. 2025/26-Q2");
	QTR_BAD("", "bad quarter \"\": empty");
}

static void test_quarter_format(void **state)
{
	char buf[11];

	(void)state;
	assert_string_equal(quarter_format(Q(2025, 2), ' ', buf), "2025/26 Q2");
	assert_string_equal(quarter_format(Q(2025, 2), '-', buf), "2025/26-Q2");
	assert_string_equal(quarter_format(Q(1999, 4), '-', buf), "1999/00-Q4");
	assert_string_equal(quarter_format(Q(2009, 1), ' ', buf), "2009/10 Q1");
}

#define RANGE_EQ(first, last, y1, m1, d1, y2, m2, d2) do {               \
		DATE_EQ(first, y1, m1, d1);                              \
		DATE_EQ(last, y2, m2, d2);                               \
	} while (0)

static void test_ranges(void **state)
{
	sv_date a, b;

	(void)state;
	fy_range(2025, &a, &b);
	RANGE_EQ(a, b, 2025, 4, 1, 2026, 3, 31);
	fy_range(1999, &a, &b);
	RANGE_EQ(a, b, 1999, 4, 1, 2000, 3, 31);
	quarter_range(Q(2025, 1), &a, &b);
	RANGE_EQ(a, b, 2025, 4, 1, 2025, 6, 30);
	quarter_range(Q(2025, 2), &a, &b);
	RANGE_EQ(a, b, 2025, 7, 1, 2025, 9, 30);
	quarter_range(Q(2025, 3), &a, &b);
	RANGE_EQ(a, b, 2025, 10, 1, 2025, 12, 31);
	quarter_range(Q(2025, 4), &a, &b);
	RANGE_EQ(a, b, 2026, 1, 1, 2026, 3, 31);
	quarter_range(Q(1999, 4), &a, &b);
	RANGE_EQ(a, b, 2000, 1, 1, 2000, 3, 31);
}

/* Quarters tile the financial years with no gap and no overlap. */
static void test_ranges_tile(void **state)
{
	int fy;

	(void)state;
	for (fy = FY_MIN; fy <= FY_MAX; fy++) {
		sv_date ff, fl, a, b, na, nb;
		sv_quarter q = Q(fy, 1);
		int i;

		fy_range(fy, &ff, &fl);
		quarter_range(q, &a, &b);
		assert_int_equal(date_cmp(a, ff), 0);
		for (i = 0; i < 4; i++) {
			sv_quarter n = quarter_next(q), back;

			quarter_range(q, &a, &b);
			assert_true(date_valid(a.y, a.m, a.d));
			assert_true(date_valid(b.y, b.m, b.d));
			back = quarter_of_date(a);
			assert_int_equal(back.fy, q.fy);
			assert_int_equal(back.q, q.q);
			back = quarter_of_date(b);
			assert_int_equal(back.q, q.q);
			quarter_range(n, &na, &nb);
			assert_int_equal(date_to_days(na), date_to_days(b) + 1);
			q = n;
		}
		assert_int_equal(q.fy, fy + 1);
		assert_int_equal(q.q, 1);
		assert_int_equal(date_cmp(b, fl), 0);
	}
}

static void test_quarter_prev_next(void **state)
{
	sv_quarter q;

	(void)state;
	q = quarter_next(Q(2025, 1));
	assert_int_equal(q.fy, 2025);
	assert_int_equal(q.q, 2);
	q = quarter_next(Q(2025, 3));
	assert_int_equal(q.fy, 2025);
	assert_int_equal(q.q, 4);
	q = quarter_next(Q(2025, 4));
	assert_int_equal(q.fy, 2026);
	assert_int_equal(q.q, 1);
	q = quarter_prev(Q(2025, 1));
	assert_int_equal(q.fy, 2024);
	assert_int_equal(q.q, 4);
	q = quarter_prev(Q(2025, 4));
	assert_int_equal(q.fy, 2025);
	assert_int_equal(q.q, 3);
	q = quarter_prev(Q(2000, 1));
	assert_int_equal(q.fy, 1999);
	assert_int_equal(q.q, 4);
	q = quarter_prev(quarter_next(Q(2025, 4)));
	assert_int_equal(q.fy, 2025);
	assert_int_equal(q.q, 4);
}

/* ---- the clock --------------------------------------------------------------- */

#define NOW_BAD(v) do {                                                  \
		sv_err e_;                                               \
		sv_datetime o_;                                          \
		char want_[200];                                         \
		setenv("SVDESK_NOW", (v), 1);                            \
		sv_err_clear(&e_);                                       \
		o_.hh = -7;                                              \
		assert_int_equal(clock_now(&o_, &e_), -1);               \
		snprintf(want_, sizeof want_, "SVDESK_NOW: bad value \"%s\": " \
			 "expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS", (v)); \
		assert_string_equal(e_.msg, want_);                      \
		assert_int_equal(o_.hh, -7);                             \
	} while (0)

static void test_clock_now_env(void **state)
{
	sv_datetime t;
	sv_err err;

	(void)state;
	setenv("SVDESK_NOW", "2026-01-15", 1);
	assert_int_equal(clock_now(&t, &err), 0);
	DATE_EQ(t.date, 2026, 1, 15);
	assert_int_equal(t.hh, 0);
	assert_int_equal(t.mm, 0);
	assert_int_equal(t.ss, 0);

	setenv("SVDESK_NOW", "2024-02-29T23:59:58", 1);
	assert_int_equal(clock_now(&t, &err), 0);
	DATE_EQ(t.date, 2024, 2, 29);
	assert_int_equal(t.hh, 23);
	assert_int_equal(t.mm, 59);
	assert_int_equal(t.ss, 58);

	NOW_BAD("xyz");
	NOW_BAD("2026-02-30");
	NOW_BAD("2026-01-15T24:00:00");
	NOW_BAD("2026-01-15T10:60:00");
	NOW_BAD("2026-01-15T10:00:60");
	NOW_BAD("2026-01-15 10:04:05");
	NOW_BAD("2026-01-15T10:04");
	NOW_BAD("2026-01-15T10:04:05Z");
	NOW_BAD(" 2026-01-15");
	NOW_BAD("15/01/2026");
	unsetenv("SVDESK_NOW");
}

static void test_clock_now_system(void **state)
{
	sv_datetime t;
	sv_err err;
	struct tm before, after;
	time_t t0, t1;

	(void)state;
	unsetenv("SVDESK_NOW");
	t0 = time(NULL);
	assert_int_equal(clock_now(&t, &err), 0);
	t1 = time(NULL);
	localtime_r(&t0, &before);
	localtime_r(&t1, &after);
	assert_true(date_valid(t.date.y, t.date.m, t.date.d));
	assert_true((t.date.y == before.tm_year + 1900 && t.date.m == before.tm_mon + 1 &&
		     t.date.d == before.tm_mday) ||
		    (t.date.y == after.tm_year + 1900 && t.date.m == after.tm_mon + 1 &&
		     t.date.d == after.tm_mday));
	assert_in_range(t.hh, 0, 23);
	assert_in_range(t.mm, 0, 59);
	assert_in_range(t.ss, 0, 59);

	setenv("SVDESK_NOW", "", 1);  /* empty means unset */
	assert_int_equal(clock_now(&t, &err), 0);
	assert_true(t.date.y >= before.tm_year + 1900);
	unsetenv("SVDESK_NOW");
}

static void test_clock_utc_stamp(void **state)
{
	char buf[21], want0[21], want1[21];
	struct tm tm;
	time_t t0, t1;

	(void)state;
	setenv("SVDESK_NOW", "2001-02-03T04:05:06", 1);  /* never used here */
	t0 = time(NULL);
	clock_utc_stamp(buf);
	t1 = time(NULL);
	unsetenv("SVDESK_NOW");
	gmtime_r(&t0, &tm);
	strftime(want0, sizeof want0, "%Y-%m-%dT%H:%M:%SZ", &tm);
	gmtime_r(&t1, &tm);
	strftime(want1, sizeof want1, "%Y-%m-%dT%H:%M:%SZ", &tm);
	assert_int_equal(strlen(buf), 20);
	assert_int_equal(buf[4], '-');
	assert_int_equal(buf[10], 'T');
	assert_int_equal(buf[19], 'Z');
	assert_true(strcmp(buf, want0) >= 0 && strcmp(buf, want1) <= 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_valid_leap_years),
		cmocka_unit_test(test_date_valid_month_ends),
		cmocka_unit_test(test_date_parse_accepts),
		cmocka_unit_test(test_date_parse_rejects),
		cmocka_unit_test(test_date_format),
		cmocka_unit_test(test_date_cmp),
		cmocka_unit_test(test_date_to_days_known),
		cmocka_unit_test(test_date_days_round_trip),
		cmocka_unit_test(test_date_from_days_clamps),
		cmocka_unit_test(test_date_add_days),
		cmocka_unit_test(test_fy_and_quarter_of_date),
		cmocka_unit_test(test_fy_parse),
		cmocka_unit_test(test_fy_format),
		cmocka_unit_test(test_quarter_parse),
		cmocka_unit_test(test_quarter_format),
		cmocka_unit_test(test_ranges),
		cmocka_unit_test(test_ranges_tile),
		cmocka_unit_test(test_quarter_prev_next),
		cmocka_unit_test(test_clock_now_env),
		cmocka_unit_test(test_clock_now_system),
		cmocka_unit_test(test_clock_utc_stamp),
	};
	int failed = cmocka_run_group_tests_name("period", tests, NULL, NULL);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
