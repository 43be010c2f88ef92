/* money.h: money, quantities, proxies and percentages as integers.
 *
 *   money     sv_pence   integer pence                  "£1,234,567.89"
 *   quantity  sv_qty     integer hundredths of a unit   "12.5"  -> 1250
 *   proxy     sv_proxy   ten-thousandths of a pound     "3.1416" -> 31416
 *   percent   int        tenths of a percent            "12.5%" -> 125
 *
 * Never floating point.  The £SV of a quantity is quantity x proxy rounded
 * half away from zero to the penny; overflow is detected, never wrapped. */
#ifndef SVDESK_MONEY_H
#define SVDESK_MONEY_H

#include <stddef.h>
#include <stdint.h>

#include "svdesk/error.h"

typedef int64_t sv_pence;
typedef int64_t sv_qty;
typedef int64_t sv_proxy;

/* Parsers: trim surrounding spaces, require the whole string, reject signs,
 * exponents, and more decimals than allowed.  Return 0, or -1 with err set to
 * a short message naming the problem (the caller adds FILE:LINE:COLUMN).
 * Quantities, money and proxies must fit well inside int64 (values above
 * 10^15 units are rejected as too large). */
int money_parse(const char *s, sv_pence *out, sv_err *err);     /* [£]1,234.56 or 1234.56 */
int qty_parse(const char *s, sv_qty *out, sv_err *err);         /* 12, 12.5, .5, 0.25 */
int qty_parse_money(const char *s, sv_qty *out, sv_err *err);   /* qty or money form (GBP unit) */
int proxy_parse(const char *s, sv_proxy *out, sv_err *err);     /* up to 4 decimals */
int percent_parse(const char *s, int *tenths, sv_err *err);     /* 0..100, 1 decimal, optional % */

/* £SV of quantity x proxy, rounded half away from zero to the penny.
 * Returns 0, or -1 on overflow (out untouched). */
int sv_value(sv_qty qty, sv_proxy proxy, sv_pence *out);

/* a + b into *acc with overflow detection: returns 0, or -1 on overflow. */
int money_add(sv_pence *acc, sv_pence add);

enum money_style {
	MONEY_POUND,  /* "£1,234,567.89" (UTF-8) */
	MONEY_GBP,    /* "GBP 1,234,567.89" (terminals whose locale is not UTF-8) */
	MONEY_PLAIN   /* "1234567.89" (CSV) */
};

/* Format into buf (NUL-terminated, truncated safely); returns buf.  Negative
 * values get a leading '-' ("-£12.00").  32 bytes always suffice. */
char *money_format(sv_pence v, enum money_style style, char *buf, size_t n);

/* Quantities: grouped "1,234.5" trims trailing zero decimals when grouped is
 * 1 and keeps up to 2 decimals ("12.5", "3", "0.25"); grouped 0 gives the
 * CSV form with exactly two decimals ("1234.50"). */
char *qty_format(sv_qty v, int grouped, char *buf, size_t n);

/* Quantities for messages: plain and short, "12.5", "1234.5", "3", "0.25"
 * (no separators, trailing zero decimals trimmed). */
char *qty_format_short(sv_qty v, char *buf, size_t n);

/* Proxies for people: "3.1416", trailing zero decimals trimmed down to 2
 * ("12.50"), thousands grouped as money is ("22,500.00"). */
char *proxy_format(sv_proxy v, char *buf, size_t n);

/* Percent in tenths: "12.5" / "10.0" (one decimal always). */
char *percent_format(int tenths, char *buf, size_t n);

/* The plain forms of CSV files: proxies with exactly 4 decimals ("3.5000"),
 * percentages without a zero decimal ("12.5", "10"). */
char *proxy_format_fixed(sv_proxy v, char *buf, size_t n);
char *percent_format_short(int tenths, char *buf, size_t n);

#endif
