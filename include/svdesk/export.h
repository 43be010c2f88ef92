/* export.h: CSV exports, supplier templates and chase lists (svdesk(1):
 * export, export template, chase).
 *
 * Exports write every column of the spec's table for their kind, values
 * plain (money 1234567.89, quantities up to 2 decimals, proxies with 4,
 * weightings 12.5, quarters 2025/26-Q2, years 2025/26, dates YYYY-MM-DD,
 * times as stored), in a stable order (ref, code, year, quarter), streamed
 * row by row: two exports of the same data are the same bytes, and an
 * export imports back unchanged into another database. */
#ifndef SVDESK_EXPORT_H
#define SVDESK_EXPORT_H

#include <stdint.h>
#include <stdio.h>

#include "svdesk/csvout.h"
#include "svdesk/db.h"
#include "svdesk/error.h"
#include "svdesk/money.h"
#include "svdesk/period.h"
#include "svdesk/progress.h"

enum export_kind {
	EXPORT_MEASURES, EXPORT_CONTRACTS, EXPORT_COMMITMENTS, EXPORT_RETURNS, EXPORT_AUDIT,
	EXPORT_HIGHLIGHTS, EXPORT_ANSWERS
};
#define EXPORT_KIND_LIST "measures, contracts, commitments, returns, audit, highlights, answers"

/* 0 and *out, or -1 for a name that is not a kind. */
int export_kind_parse(const char *name, enum export_kind *out);
const char *export_kind_name(enum export_kind kind);

typedef struct export_filter {
	int fy;              /* 0: every year */
	int q;               /* 0: the whole year (1..4 needs fy) */
	const char *since;   /* audit only: "YYYY-MM-DD" (UTC day), or NULL */
} export_filter;

/* What a filter means for a kind (the man page says the same):
 * measures take none; contracts: those with a commitment in the year (and
 * whose dates overlap the quarter); commitments: those of the year (of a
 * contract whose dates overlap the quarter); returns: the lines of the
 * year or the quarter; audit: --since only; highlights: --year only (a
 * year's highlights, in order); answers: those of the contracts that
 * the contracts export lists for the same filter.  0, or -1 with err set to a
 * message that says which filter goes with which kind. */
int export_filter_check(enum export_kind kind, const export_filter *f, sv_err *err);

/* The period filter of db/'s readers: fy (0 every year), q (0 the whole
 * year) and, for a quarter, its first and last days. */
void export_period(int fy, int q, db_period *p);

/* Write the export to w (header included).  pr (NULL for none) is a
 * started progress: export_write sets its total (the rows to write) and
 * updates it; the caller ends it.  0, or -1 with err set (a database
 * error, or the writer's error naming what). */
int export_write(svdb *db, enum export_kind kind, const export_filter *f, csvw *w,
		 progress *pr, const char *what, sv_err *err);

/* Plain value formats (buffers of 32 bytes). */
char *export_qty(sv_qty v, char *buf);          /* 1250 -> "12.5", 25 -> "0.25", 300 -> "3" */
char *export_proxy(sv_proxy v, char *buf);      /* 31416 -> "3.1416", 35000 -> "3.5000" */
char *export_money(sv_pence v, char *buf);      /* 123456789 -> "1234567.89" */
char *export_weight(int tenths, char *buf);     /* 125 -> "12.5", 100 -> "10" */

/* ---- supplier templates ----------------------------------------------- */

/* The name supplier-name rule key: trimmed, runs of spaces collapsed, ASCII
 * letters folded to lower case; 1 when a and b name the same supplier. */
int export_same_supplier(const char *a, const char *b);

/* A safe file name (without ".csv") for a supplier: lowercase ASCII
 * letters, digits and '-', accents folded (é -> e, ß -> ss), & -> and,
 * apostrophes dropped, anything else a '-', runs of '-' collapsed and cut
 * at the ends; at most 60 bytes; "supplier" when nothing is left.  buf
 * holds at least 64 bytes. */
char *export_file_stem(const char *supplier, char *buf, size_t n);

/* Called for each template written: its path, the supplier, the lines. */
typedef void (*export_template_fn)(void *ctx, const char *path, const char *supplier,
				   long lines);

/* One returns CSV per supplier with a commitment running in quarter q
 * (commitment year = q's year, contract dates overlapping q), in the
 * existing folder dir, named from export_file_stem (collisions get -2, -3
 * ...), each replaced whole: columns contract, quarter, measure, title,
 * unit, target (the year's target), delivered and evidence (empty).
 * supplier (or NULL for all) keeps the supplier of that name (supplier-name
 * rule).  Returns the number of files written, or -1 with err set; err->code
 * is EXPORT_E_NO_SUPPLIER when no supplier has that name. */
#define EXPORT_E_NO_SUPPLIER 3
int export_templates(svdb *db, sv_quarter q, const char *supplier, const char *dir,
		     enum csv_bom bom, export_template_fn fn, void *ctx, sv_err *err);

/* ---- chase lists ---------------------------------------------------------- */

typedef struct chase_item {
	char *supplier, *ref, *title, *body, *manager;  /* manager may be NULL */
	char *measures;      /* the codes without a return line, space-separated */
	int expected;        /* measures committed for the year */
	int missing;         /* of which without a return line for the quarter */
} chase_item;

typedef struct chase_list {
	sv_quarter q;
	chase_item *items;   /* by supplier (without case), then ref */
	size_t n, cap;
	size_t n_missing;    /* contracts with no return line at all */
	size_t n_incomplete; /* contracts with some, not all (with incomplete) */
} chase_list;

/* The missing returns of quarter q, as the board reports define them (all
 * bodies): a contract with a commitment in q's year, dates overlapping q,
 * and no return line for q.  With incomplete, also the contracts that
 * returned some of that year's measures for q but not all.  0, or -1. */
int chase_collect(svdb *db, sv_quarter q, int incomplete, chase_list *out, sv_err *err);
void chase_free(chase_list *l);

/* Text for a person: a title, aligned columns (text cut to fit, control
 * and invisible characters shown as '?'), a count at the end.  LF line
 * ends.  0, or -1 on a write error (errno set). */
int chase_write_text(const chase_list *l, int incomplete, FILE *f);

/* CSV for a mail merge: supplier, contract, title, body, manager, return
 * ("missing" or "incomplete"), measures (the codes without a return). */
int chase_write_csv(const chase_list *l, csvw *w);

#endif
