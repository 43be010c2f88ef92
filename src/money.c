/* money.c: parsing, valuing and formatting money, quantities, proxies and
 * percentages, all as scaled 64-bit integers (never floating point). */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "svdesk/money.h"
#include "svdesk/utf8.h"

/* Values above this many whole units are rejected as too large. */
#define MONEY_MAX_UNITS INT64_C(1000000000000000)

/* How long a piece of offending text may be when quoted in a message. */
#define QUOTE_MAX 40

struct numfmt {
	const char *what;  /* "quantity", "amount" ... for messages */
	int decimals;      /* the scale: value = text x 10^decimals */
	int pound;         /* an optional leading "£" */
	int grouping;      /* "," separators in groups of three */
};

static const struct numfmt FMT_MONEY = { "amount", 2, 1, 1 };
static const struct numfmt FMT_QTY = { "quantity", 2, 0, 0 };
static const struct numfmt FMT_QTY_MONEY = { "quantity", 2, 1, 1 };
static const struct numfmt FMT_PROXY = { "proxy", 4, 0, 0 };
static const struct numfmt FMT_PERCENT = { "percentage", 1, 0, 0 };

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int64_t pow10_i64(int k)
{
	int64_t p = 1;

	while (k-- > 0)
		p *= 10;
	return p;
}

static void trim(const char **b, const char **e)
{
	while (*b < *e && is_blank(**b))
		(*b)++;
	while (*e > *b && is_blank((*e)[-1]))
		(*e)--;
}

/* The shared parser: [£]digits[,ddd...][.digits] filling [b, e) exactly
 * (already trimmed).  shown is the text quoted in messages. */
static int parse_range(const char *b, const char *e, const struct numfmt *nf,
		       const char *shown, int64_t *out, sv_err *err)
{
	const char *p = b;
	int64_t whole = 0, frac = 0, val;
	int ndig = 0, nfrac = 0, over = 0;
	int saw_comma = 0, group = 0, bad_group = 0;

	if (b == e)
		return sv_err_set(err, "bad %s \"%s\": empty", nf->what, shown);
	if (nf->pound && e - p >= 2 && (unsigned char)p[0] == 0xC2 &&
	    (unsigned char)p[1] == 0xA3)
		p += 2;
	if (p < e && *p == '-')
		return sv_err_set(err, "bad %s \"%s\": must not be negative",
				  nf->what, shown);
	if (p < e && *p == '+')
		return sv_err_set(err, "bad %s \"%s\": no sign allowed",
				  nf->what, shown);

	for (; p < e && (is_digit(*p) || *p == ','); p++) {
		if (*p == ',') {
			if (!nf->grouping)
				return sv_err_set(err, "bad %s \"%s\": no ',' allowed",
						  nf->what, shown);
			if (saw_comma ? group != 3 : (group == 0 || group > 3))
				bad_group = 1;
			saw_comma = 1;
			group = 0;
			continue;
		}
		if (__builtin_mul_overflow(whole, 10, &whole) ||
		    __builtin_add_overflow(whole, *p - '0', &whole))
			over = 1;
		group++;
		ndig++;
	}
	if (saw_comma && group != 3)
		bad_group = 1;
	if (p < e && *p == '.') {
		for (p++; p < e && is_digit(*p); p++) {
			if (nfrac < nf->decimals)
				frac = frac * 10 + (*p - '0');
			nfrac++;
		}
		if (nfrac == 0 && p == e && ndig > 0)
			return sv_err_set(err, "bad %s \"%s\": no digits after the decimal point",
					  nf->what, shown);
	}
	if (p < e) {
		if ((*p == 'e' || *p == 'E') && ndig + nfrac > 0)
			return sv_err_set(err, "bad %s \"%s\": no exponent allowed",
					  nf->what, shown);
		if ((unsigned char)*p >= 0x20 && (unsigned char)*p < 0x7F)
			return sv_err_set(err, "bad %s \"%s\": unexpected character '%c'",
					  nf->what, shown, *p);
		return sv_err_set(err, "bad %s \"%s\": not a number", nf->what, shown);
	}
	if (ndig == 0 && nfrac == 0)
		return sv_err_set(err, "bad %s \"%s\": no digits", nf->what, shown);
	if (bad_group)
		return sv_err_set(err, "bad %s \"%s\": commas must separate groups of three digits",
				  nf->what, shown);
	if (nfrac > nf->decimals)
		return sv_err_set(err, "bad %s \"%s\": at most %d decimal%s",
				  nf->what, shown, nf->decimals,
				  nf->decimals == 1 ? "" : "s");
	frac *= pow10_i64(nf->decimals - nfrac);
	if (over || whole > MONEY_MAX_UNITS ||
	    (whole == MONEY_MAX_UNITS && frac > 0) ||
	    __builtin_mul_overflow(whole, pow10_i64(nf->decimals), &val) ||
	    __builtin_add_overflow(val, frac, &val))
		return sv_err_set(err, "bad %s \"%s\": too large", nf->what, shown);
	*out = val;
	return 0;
}

static int parse_fixed(const char *s, const struct numfmt *nf, int64_t *out,
		       sv_err *err)
{
	char shown[QUOTE_MAX + 8];
	const char *b, *e;

	if (s == NULL)
		s = "";
	b = s;
	e = s + strlen(s);
	trim(&b, &e);
	/* the value quoted for a message only when there is one to give */
	if (parse_range(b, e, nf, "", out, NULL) == 0)
		return 0;
	sv_err_quote(shown, sizeof shown, b, (size_t)(e - b), QUOTE_MAX);
	return parse_range(b, e, nf, shown, out, err);
}

int money_parse(const char *s, sv_pence *out, sv_err *err)
{
	return parse_fixed(s, &FMT_MONEY, out, err);
}

int qty_parse(const char *s, sv_qty *out, sv_err *err)
{
	return parse_fixed(s, &FMT_QTY, out, err);
}

int qty_parse_money(const char *s, sv_qty *out, sv_err *err)
{
	return parse_fixed(s, &FMT_QTY_MONEY, out, err);
}

int proxy_parse(const char *s, sv_proxy *out, sv_err *err)
{
	return parse_fixed(s, &FMT_PROXY, out, err);
}

static int percent_scan(const char *b, const char *e, const char *shown, int *tenths,
			sv_err *err)
{
	int64_t v;

	if (e > b && e[-1] == '%') {
		e--;
		trim(&b, &e);
		if (b == e)
			return sv_err_set(err, "bad percentage \"%s\": no digits", shown);
	}
	if (parse_range(b, e, &FMT_PERCENT, shown, &v, err) != 0)
		return -1;
	if (v > 1000)
		return sv_err_set(err, "bad percentage \"%s\": must be between 0 and 100",
				  shown);
	*tenths = (int)v;
	return 0;
}

int percent_parse(const char *s, int *tenths, sv_err *err)
{
	char shown[QUOTE_MAX + 8];
	const char *b, *e;

	if (s == NULL)
		s = "";
	b = s;
	e = s + strlen(s);
	trim(&b, &e);
	if (percent_scan(b, e, "", tenths, NULL) == 0)
		return 0;
	sv_err_quote(shown, sizeof shown, b, (size_t)(e - b), QUOTE_MAX);
	return percent_scan(b, e, shown, tenths, err);
}

int sv_value(sv_qty qty, sv_proxy proxy, sv_pence *out)
{
	int64_t prod, q, r;

	/* qty is in 1/100 units and proxy in 1/10000 pounds, so the product
	 * is in 1/1000000 pounds = 1/10000 pence. */
	if (__builtin_mul_overflow(qty, proxy, &prod))
		return -1;
	q = prod / 10000;
	r = prod % 10000;
	if (r >= 5000)
		q++;
	else if (r <= -5000)
		q--;
	*out = q;
	return 0;
}

int money_add(sv_pence *acc, sv_pence add)
{
	int64_t sum;

	if (__builtin_add_overflow(*acc, add, &sum))
		return -1;
	*acc = sum;
	return 0;
}

/* Write mag / 10^scale: at least min_dec decimals (trailing zeros beyond
 * that are dropped), thousands separators when grouped, after an optional
 * '-' and prefix.  Safe for any n (n == 0 writes nothing); a truncated
 * result never ends in part of a character. */
static char *fmt_fixed(char *buf, size_t n, int neg, uint64_t mag, int scale,
		       int min_dec, int grouped, const char *prefix)
{
	char tmp[64], digits[24], frac[8] = { 0 };
	uint64_t pow = 1, whole, f;
	size_t k = 0, o = 0;
	int i, nd;

	for (i = 0; i < scale; i++)
		pow *= 10;
	whole = mag / pow;
	f = mag % pow;
	for (i = scale - 1; i >= 0; i--) {
		frac[i] = (char)('0' + f % 10);
		f /= 10;
	}
	nd = scale;
	while (nd > min_dec && frac[nd - 1] == '0')
		nd--;
	do {
		digits[k++] = (char)('0' + whole % 10);
		whole /= 10;
	} while (whole > 0);

	if (neg)
		tmp[o++] = '-';
	for (; *prefix != '\0'; prefix++)
		tmp[o++] = *prefix;
	while (k > 0) {
		k--;
		tmp[o++] = digits[k];
		if (grouped && k > 0 && k % 3 == 0)
			tmp[o++] = ',';
	}
	if (nd > 0) {
		tmp[o++] = '.';
		for (i = 0; i < nd; i++)
			tmp[o++] = frac[i];
	}
	tmp[o] = '\0';
	if (n == 0)
		return buf;
	if (o >= n)  /* truncate, never inside a character */
		o = utf8_cut(tmp, o, n - 1);
	memcpy(buf, tmp, o);
	buf[o] = '\0';
	return buf;
}

static uint64_t magnitude(int64_t v)
{
	return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

char *money_format(sv_pence v, enum money_style style, char *buf, size_t n)
{
	switch (style) {
	case MONEY_POUND:
		return fmt_fixed(buf, n, v < 0, magnitude(v), 2, 2, 1, "\xC2\xA3");
	case MONEY_GBP:
		return fmt_fixed(buf, n, v < 0, magnitude(v), 2, 2, 1, "GBP ");
	case MONEY_PLAIN:
		break;
	}
	return fmt_fixed(buf, n, v < 0, magnitude(v), 2, 2, 0, "");
}

char *qty_format(sv_qty v, int grouped, char *buf, size_t n)
{
	if (grouped)
		return fmt_fixed(buf, n, v < 0, magnitude(v), 2, 0, 1, "");
	return fmt_fixed(buf, n, v < 0, magnitude(v), 2, 2, 0, "");
}

char *qty_format_short(sv_qty v, char *buf, size_t n)
{
	return fmt_fixed(buf, n, v < 0, magnitude(v), 2, 0, 0, "");
}

char *proxy_format(sv_proxy v, char *buf, size_t n)
{
	return fmt_fixed(buf, n, v < 0, magnitude(v), 4, 2, 1, "");
}

char *percent_format(int tenths, char *buf, size_t n)
{
	return fmt_fixed(buf, n, tenths < 0, magnitude(tenths), 1, 1, 0, "");
}

char *proxy_format_fixed(sv_proxy v, char *buf, size_t n)
{
	return fmt_fixed(buf, n, v < 0, magnitude(v), 4, 4, 0, "");
}

char *percent_format_short(int tenths, char *buf, size_t n)
{
	return fmt_fixed(buf, n, tenths < 0, magnitude(tenths), 1, 0, 0, "");
}
