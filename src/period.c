/* period.c: calendar dates, financial years (1 April to 31 March), quarters
 * and the clock (with SVDESK_NOW for tests and demos). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "svdesk/period.h"

#define QUOTE_MAX 40

/* Days from 0001-01-01 to 1970-01-01 in the proleptic Gregorian calendar. */
#define EPOCH_FROM_CE 719162L
#define DAYS_400Y 146097L
#define DAYS_100Y 36524L
#define DAYS_4Y 1461L

static const int month_days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
/* Days before the first of each month in a common year. */
static const int days_before_month[13] = {
	0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365
};

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	return m == 2 && is_leap(y) ? 29 : month_days[m - 1];
}

int date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= days_in_month(y, m);
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Value of n digits at s, or -1 if any of them is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;

	while (n-- > 0) {
		if (!is_digit(*s))
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	return v;
}

/* Trim spaces and tabs: sets *b and returns the trimmed length. */
static size_t trim(const char *s, const char **b)
{
	const char *e = s + strlen(s);

	while (*s == ' ' || *s == '\t')
		s++;
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*b = s;
	return (size_t)(e - s);
}

/* Parse exactly "YYYY-MM-DD" at s (10 bytes); 0 ok, -1 bad form, -2 no
 * such day. */
static int date_scan(const char *s, sv_date *out)
{
	int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);

	if (y < 0 || s[4] != '-' || m < 0 || s[7] != '-' || d < 0)
		return -1;
	if (!date_valid(y, m, d))
		return -2;
	out->y = y;
	out->m = m;
	out->d = d;
	return 0;
}

int date_parse(const char *s, sv_date *out, sv_err *err)
{
	char shown[QUOTE_MAX + 4];
	const char *b;
	size_t len;
	int rc;
	sv_date d;

	len = trim(s ? s : "", &b);
	if (len == 0)
		return sv_err_set(err, "bad date \"\": empty");
	rc = len == 10 ? date_scan(b, &d) : -1;
	if (rc == 0) {
		*out = d;
		return 0;
	}
	sv_err_quote(shown, sizeof shown, b, len, QUOTE_MAX);
	if (rc == -1)
		return sv_err_set(err, "bad date \"%s\": expected YYYY-MM-DD", shown);
	if (rc == -2)
		return sv_err_set(err, "bad date \"%s\": no such day", shown);
	*out = d;
	return 0;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Write v (clamped to 0 .. 10^width - 1) as exactly width digits at p;
 * returns the end.  Fixed-width output needs no snprintf. */
static char *put_digits(char *p, int v, int width)
{
	int i, max = 1;

	for (i = 0; i < width; i++)
		max *= 10;
	v = clamp(v, 0, max - 1);
	for (i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + width;
}

char *date_format_iso(sv_date d, char buf[11])
{
	char *p = put_digits(buf, d.y, 4);

	*p++ = '-';
	p = put_digits(p, d.m, 2);
	*p++ = '-';
	p = put_digits(p, d.d, 2);
	*p = '\0';
	return buf;
}

char *date_format_uk(sv_date d, char buf[11])
{
	char *p = put_digits(buf, d.d, 2);

	*p++ = '/';
	p = put_digits(p, d.m, 2);
	*p++ = '/';
	p = put_digits(p, d.y, 4);
	*p = '\0';
	return buf;
}

int date_cmp(sv_date a, sv_date b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

/* Days from 0001-01-01 (day 0) to the first of January of year y. */
static long days_before_year(long y)
{
	long p = y - 1;

	return 365 * p + p / 4 - p / 100 + p / 400;
}

long date_to_days(sv_date d)
{
	long n;

	d.m = clamp(d.m, 1, 12);  /* never index outside the table */
	n = days_before_year(d.y) + days_before_month[d.m - 1] + (d.d - 1);

	if (d.m > 2 && is_leap(d.y))
		n++;
	return n - EPOCH_FROM_CE;
}

/* Out-of-range day numbers clamp to 0001-01-01 .. 9999-12-31. */
sv_date date_from_days(long days)
{
	const long last = days_before_year(10000) - 1;
	long n, cycles, c100, c4, y1, doy;
	int m, leap;
	sv_date d;

	if (days < -EPOCH_FROM_CE)
		days = -EPOCH_FROM_CE;
	n = days + EPOCH_FROM_CE;
	if (n > last)
		n = last;

	cycles = n / DAYS_400Y;
	n %= DAYS_400Y;
	c100 = n / DAYS_100Y;
	if (c100 == 4)           /* the last day of a 400-year cycle */
		c100 = 3;
	n -= c100 * DAYS_100Y;
	c4 = n / DAYS_4Y;
	n -= c4 * DAYS_4Y;
	y1 = n / 365;
	if (y1 == 4)             /* the last day of a 4-year cycle */
		y1 = 3;
	doy = n - y1 * 365;

	d.y = (int)(cycles * 400 + c100 * 100 + c4 * 4 + y1 + 1);
	leap = is_leap(d.y);
	for (m = 12; m > 1; m--) {
		int before = days_before_month[m - 1] + (m > 2 ? leap : 0);

		if (doy >= before)
			break;
	}
	d.m = m;
	d.d = (int)(doy - days_before_month[m - 1] - (m > 2 ? leap : 0)) + 1;
	return d;
}

sv_date date_add_days(sv_date d, long days)
{
	return date_from_days(date_to_days(d) + days);
}

int fy_of_date(sv_date d)
{
	return d.m >= 4 ? d.y : d.y - 1;
}

sv_quarter quarter_of_date(sv_date d)
{
	sv_quarter q;

	q.fy = fy_of_date(d);
	q.q = d.m >= 4 ? (d.m - 4) / 3 + 1 : 4;
	return q;
}

/* "YYYY/YY" at s (7 bytes): 0 ok, -1 bad form, -2 wrong second year,
 * -3 out of range. */
static int fy_scan(const char *s, int *fy)
{
	int y = digits(s, 4), y2 = digits(s + 5, 2);

	if (y < 0 || s[4] != '/' || y2 < 0)
		return -1;
	if (y2 != (y + 1) % 100)
		return -2;
	if (y < FY_MIN || y > FY_MAX)
		return -3;
	*fy = y;
	return 0;
}

static int fy_fail(sv_err *err, const char *what, const char *shown,
		   const char *form, const char *b, int rc)
{
	if (rc == -2)
		return sv_err_set(err, "bad %s \"%s\": the second year must be %02d",
				  what, shown, (digits(b, 4) + 1) % 100);
	if (rc == -3)
		return sv_err_set(err, "bad %s \"%s\": year out of range %d..%d",
				  what, shown, FY_MIN, FY_MAX);
	return sv_err_set(err, "bad %s \"%s\": expected %s", what, shown, form);
}

int fy_parse(const char *s, int *fy, sv_err *err)
{
	char shown[QUOTE_MAX + 4];
	const char *b;
	size_t len;
	int rc, y = 0;

	len = trim(s ? s : "", &b);
	if (len == 0)
		return sv_err_set(err, "bad financial year \"\": empty");
	rc = len == 7 ? fy_scan(b, &y) : -1;
	if (rc != 0) {
		sv_err_quote(shown, sizeof shown, b, len, QUOTE_MAX);
		return fy_fail(err, "financial year", shown, "YYYY/YY, e.g. 2025/26", b, rc);
	}
	*fy = y;
	return 0;
}

/* "YYYY/YY" at buf (7 bytes, no NUL); returns the end. */
static char *put_fy(char *buf, int fy)
{
	char *p;

	fy = clamp(fy, 0, 9999);
	p = put_digits(buf, fy, 4);
	*p++ = '/';
	return put_digits(p, (fy + 1) % 100, 2);
}

char *fy_format(int fy, char buf[8])
{
	*put_fy(buf, fy) = '\0';
	return buf;
}

int quarter_parse(const char *s, sv_quarter *out, sv_err *err)
{
	static const char form[] = "YYYY/YY-Qn, e.g. 2025/26-Q2";
	char shown[QUOTE_MAX + 4];
	const char *b;
	size_t len;
	int rc, y = 0;

	len = trim(s ? s : "", &b);
	if (len == 0)
		return sv_err_set(err, "bad quarter \"\": empty");
	if (len != 10 || (b[7] != '-' && b[7] != ' ') ||
	    (b[8] != 'Q' && b[8] != 'q') || !is_digit(b[9]))
		rc = -4;
	else if (b[9] < '1' || b[9] > '4')
		rc = -5;
	else
		rc = fy_scan(b, &y);
	if (rc != 0) {
		/* the value quoted only for a message */
		sv_err_quote(shown, sizeof shown, b, len, QUOTE_MAX);
		if (rc == -4)
			return sv_err_set(err, "bad quarter \"%s\": expected %s", shown, form);
		if (rc == -5)
			return sv_err_set(err, "bad quarter \"%s\": the quarter must be Q1 to "
					  "Q4", shown);
		return fy_fail(err, "quarter", shown, form, b, rc);
	}
	out->fy = y;
	out->q = b[9] - '0';
	return 0;
}

char *quarter_format(sv_quarter q, char sep, char buf[11])
{
	char *p = put_fy(buf, q.fy);

	*p++ = sep;
	*p++ = 'Q';
	p = put_digits(p, q.q, 1);
	*p = '\0';
	return buf;
}

void fy_range(int fy, sv_date *first, sv_date *last)
{
	first->y = fy;
	first->m = 4;
	first->d = 1;
	last->y = fy + 1;
	last->m = 3;
	last->d = 31;
}

void quarter_range(sv_quarter q, sv_date *first, sv_date *last)
{
	int qq = clamp(q.q, 1, 4);
	int m1 = qq == 4 ? 1 : 3 * qq + 1;  /* 4, 7, 10, 1 */
	int y = qq == 4 ? q.fy + 1 : q.fy;

	first->y = y;
	first->m = m1;
	first->d = 1;
	last->y = y;
	last->m = m1 + 2;
	last->d = month_days[m1 + 1];  /* Jun, Sep, Dec, Mar: never February */
}

sv_quarter quarter_prev(sv_quarter q)
{
	if (q.q <= 1) {
		q.fy--;
		q.q = 4;
	} else {
		q.q--;
	}
	return q;
}

sv_quarter quarter_next(sv_quarter q)
{
	if (q.q >= 4) {
		q.fy++;
		q.q = 1;
	} else {
		q.q++;
	}
	return q;
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS", exactly. */
static int now_scan(const char *s, sv_datetime *out)
{
	size_t len = strlen(s);
	int hh = 0, mm = 0, ss = 0;

	if (len != 10 && len != 19)
		return -1;
	if (date_scan(s, &out->date) != 0)
		return -1;
	if (len == 19) {
		hh = digits(s + 11, 2);
		mm = digits(s + 14, 2);
		ss = digits(s + 17, 2);
		if (s[10] != 'T' || s[13] != ':' || s[16] != ':' ||
		    hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59)
			return -1;
	}
	out->hh = hh;
	out->mm = mm;
	out->ss = ss;
	return 0;
}

int clock_now(sv_datetime *out, sv_err *err)
{
	const char *env = getenv("SVDESK_NOW");
	sv_datetime dt;
	struct tm tm;
	time_t t;

	if (env != NULL && env[0] != '\0') {
		char shown[QUOTE_MAX + 4];

		if (now_scan(env, &dt) != 0) {
			sv_err_quote(shown, sizeof shown, env, strlen(env), QUOTE_MAX);
			return sv_err_set(err, "SVDESK_NOW: bad value \"%s\": expected "
					  "YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS", shown);
		}
		*out = dt;
		return 0;
	}
	t = time(NULL);
	if (t == (time_t)-1 || localtime_r(&t, &tm) == NULL)
		return sv_err_set(err, "cannot read the system clock");
	dt.date.y = tm.tm_year + 1900;
	dt.date.m = tm.tm_mon + 1;
	dt.date.d = tm.tm_mday;
	dt.hh = tm.tm_hour;
	dt.mm = tm.tm_min;
	dt.ss = tm.tm_sec > 59 ? 59 : tm.tm_sec;
	*out = dt;
	return 0;
}

char *clock_utc_stamp(char buf[21])
{
	struct tm tm;
	time_t t = time(NULL);

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
		snprintf(buf, 21, "1970-01-01T00:00:00Z");
	return buf;
}
