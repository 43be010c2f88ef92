/* fuzz_parse.c: the value parsers (money, quantity, proxy, percent, date,
 * financial year, quarter, the importer's quantity).  The first byte picks
 * the parser, the rest is the text.  A value that parses is formatted and
 * parsed again in the forms a file may use: the same value must come
 * back. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "svdesk/money.h"
#include "svdesk/period.h"
#include "tests/fuzz/fuzz.h"

#define SAME(a, b) do { if ((a) != (b)) __builtin_trap(); } while (0)

static void money(const char *s)
{
	sv_pence v, w;
	sv_err e = { 0 };
	char buf[64];

	if (money_parse(s, &v, &e) < 0) {
		if (e.msg[0] == '\0')
			__builtin_trap();
		return;
	}
	SAME(money_parse(money_format(v, MONEY_POUND, buf, sizeof buf), &w, &e), 0);
	SAME(v, w);
	SAME(money_parse(money_format(v, MONEY_PLAIN, buf, sizeof buf), &w, &e), 0);
	SAME(v, w);
	money_format(v, MONEY_GBP, buf, sizeof buf);
}

static void qty(const char *s, int money_form)
{
	sv_qty v, w;
	sv_err e = { 0 };
	char buf[64];

	if ((money_form ? qty_parse_money(s, &v, &e) : qty_parse(s, &v, &e)) < 0) {
		if (e.msg[0] == '\0')
			__builtin_trap();
		return;
	}
	SAME(qty_parse(qty_format(v, 0, buf, sizeof buf), &w, &e), 0);
	SAME(v, w);
	SAME(qty_parse(qty_format_short(v, buf, sizeof buf), &w, &e), 0);
	SAME(v, w);
	qty_format(v, 1, buf, sizeof buf);
}

static void proxy(const char *s)
{
	sv_proxy v, w;
	sv_err e = { 0 };
	char buf[64];

	if (proxy_parse(s, &v, &e) < 0)
		return;
	SAME(proxy_parse(proxy_format_fixed(v, buf, sizeof buf), &w, &e), 0);
	SAME(v, w);
	/* the form for people groups thousands, which a file may not */
	proxy_format(v, buf, sizeof buf);
}

static void percent(const char *s)
{
	int v, w;
	sv_err e = { 0 };
	char buf[64];

	if (percent_parse(s, &v, &e) < 0)
		return;
	SAME(percent_parse(percent_format(v, buf, sizeof buf), &w, &e), 0);
	SAME(v, w);
	SAME(percent_parse(percent_format_short(v, buf, sizeof buf), &w, &e), 0);
	SAME(v, w);
}

static void date(const char *s)
{
	sv_date d, d2;
	sv_err e = { 0 };
	char buf[11], uk[11];

	if (date_parse(s, &d, &e) < 0)
		return;
	SAME(date_parse(date_format_iso(d, buf), &d2, &e), 0);
	SAME(date_cmp(d, d2), 0);
	date_format_uk(d, uk);
	SAME(date_cmp(date_from_days(date_to_days(d)), d), 0);
	SAME(date_cmp(date_add_days(d, 0), d), 0);
	quarter_of_date(d);
}

static void year(const char *s)
{
	int fy, fy2;
	sv_err e = { 0 };
	char buf[8];
	sv_date a, b;

	if (fy_parse(s, &fy, &e) < 0)
		return;
	SAME(fy_parse(fy_format(fy, buf), &fy2, &e), 0);
	SAME(fy, fy2);
	fy_range(fy, &a, &b);
	SAME(fy_of_date(a), fy);
	SAME(fy_of_date(b), fy);
}

static void quarter(const char *s)
{
	sv_quarter q, q2;
	sv_err e = { 0 };
	char buf[11];
	sv_date a, b;

	if (quarter_parse(s, &q, &e) < 0)
		return;
	SAME(quarter_parse(quarter_format(q, '-', buf), &q2, &e), 0);
	SAME(q.fy, q2.fy);
	SAME(q.q, q2.q);
	SAME(quarter_parse(quarter_format(q, ' ', buf), &q2, &e), 0);
	quarter_range(q, &a, &b);
	q2 = quarter_of_date(a);
	SAME(q2.fy, q.fy);
	SAME(q2.q, q.q);
	quarter_prev(q);
	quarter_next(q);
}

static void import_qty(const char *s, int money_form)
{
	sv_qty v;
	sv_err e = { 0 };

	if (import_qty_parse(s, money_form, &v, &e) < 0 && e.msg[0] == '\0')
		__builtin_trap();
}

int fuzz_parse(const uint8_t *data, size_t size)
{
	char *s;

	if (size == 0)
		return 0;
	s = fuzz_str(data + 1, size - 1);
	switch (data[0] % 10) {
	case 0: money(s); break;
	case 1: qty(s, 0); break;
	case 2: qty(s, 1); break;
	case 3: proxy(s); break;
	case 4: percent(s); break;
	case 5: date(s); break;
	case 6: year(s); break;
	case 7: quarter(s); break;
	case 8: import_qty(s, 0); break;
	default: import_qty(s, 1); break;
	}
	free(s);
	return 0;
}

FUZZ_ENTRY(parse)
