/* queue.h: the returns queue (db/queue.c): the return lines of a financial
 * year, filtered by status, quarter, body, supplier and contract, sorted
 * and keyset-paged; their count and delivered £SV; and the missing returns
 * of a quarter, the one read that the desk's queue and `svdesk chase`
 * share.
 *
 * A page is read through indexes in list order: contracts by ref (all of
 * them, or one supplier's through its index), each contract's lines of the
 * year by measure code, quarter and id.  Sorted by quarter, the list is
 * four segments (one per quarter); sorted by supplier, one segment per
 * supplier, suppliers by name without case, then by id (as the chase list
 * orders them); sorted by measure, one per measure, by code; sorted by
 * status, one per state.  A page that reaches the end of a segment goes on in the
 * next.  Counts and sums are done by SQL over the filtered set with the
 * checked functions of db/sqlfn.c (sv_sv, sv_sum), never by walking pages. */
#ifndef SVDESK_QUEUE_H
#define SVDESK_QUEUE_H

#include <stdint.h>

#include "svdesk/db.h"
#include "svdesk/error.h"
#include "svdesk/money.h"

/* Which lines: awaiting validation (submitted), in query, decided
 * (validated in full or in part, or rejected), or every line. */
enum queue_status { QS_AWAITING = 0, QS_QUERY, QS_DECIDED, QS_ALL, QS_COUNT };

/* The sorts: by quarter (then contract, measure), by contract (then
 * measure, quarter), by supplier (then contract, measure, quarter), by
 * measure (then contract, quarter), by status (awaiting, query, validated,
 * partial, rejected; then contract, measure, quarter). */
enum queue_sort { QO_QUARTER = 0, QO_CONTRACT, QO_SUPPLIER, QO_MEASURE, QO_STATUS, QO_COUNT };

/* What a line's status shows: partial is a line validated below what was
 * delivered. */
enum queue_state { QL_AWAITING = 0, QL_QUERY, QL_VALIDATED, QL_PARTIAL, QL_REJECTED };
const char *queue_state_name(enum queue_state s);    /* "awaiting", "query" ... */
const char *queue_status_name(enum queue_status s);  /* "awaiting", "in query" ... */

typedef struct queue_query {
	int fy;                    /* the financial year of the lines */
	enum queue_status status;
	int quarter;               /* 0 any, else 1..4 */
	int body;                  /* -1 any, else enum sv_body */
	int64_t supplier_id;       /* 0 any */
	int64_t contract_id;       /* 0 any */
	enum queue_sort sort;
	int desc;                  /* 1: descending */
} queue_query;

/* Awaiting lines of year fy, by quarter, any body, supplier or contract. */
void queue_query_init(queue_query *q, int fy);

typedef struct queue_line {
	int64_t id, version;
	int64_t contract_id, supplier_id;
	int fy, quarter;
	char ref[64];
	char supplier[256];
	char code[64];
	char unit[16];
	sv_qty delivered;
	int has_proxy;             /* 0: a record-only measure (no £SV) */
	sv_pence sv;               /* delivered x the commitment's proxy (sv_value) */
	enum queue_state state;
	char submitted[11];        /* YYYY-MM-DD, or "" */
	char decided_by[201];      /* who decided or queried, or "" */
	int64_t measure_id;
} queue_line;

/* The number of lines the query gives and their delivered £SV. */
int queue_totals(svdb *db, const queue_query *q, int64_t *count, sv_pence *sv, sv_err *err);
/* Up to limit lines after `after` (forward) or before it, in list order
 * either way; after NULL: from the start / from the end.  The count, or
 * -1.  `after` need not be in the list any more (a line decided since): it
 * is a place in the order. */
int queue_page(svdb *db, const queue_query *q, const queue_line *after, int forward,
	       queue_line *rows, int limit, sv_err *err);
/* The line with this id as it now is (whatever the filters): 1, 0 absent,
 * -1 error. */
int queue_line_get(svdb *db, int64_t id, queue_line *out, sv_err *err);

/* ---- choosing a supplier or a contract by typing ------------------------ */

/* Up to max suppliers (or contracts) whose name (ref or title) holds text,
 * any case, any accent (the folded columns of migration 0005), by name
 * (ref).  The count, or -1. */
typedef struct queue_match {
	int64_t id;
	char label[256];           /* the name; a contract's ref and title */
	char ref[64];              /* a contract's ref ("" for a supplier) */
} queue_match;
int queue_match_suppliers(svdb *db, const char *text, queue_match *out, int max, sv_err *err);
int queue_match_contracts(svdb *db, const char *text, queue_match *out, int max, sv_err *err);

/* ---- missing returns ------------------------------------------------------ */

/* The missing returns of quarter q of year fy (the board reports'
 * definition): a contract with a commitment in the year, whose dates
 * overlap the quarter, with no return line for the quarter; with
 * incomplete, also one that returned some of the year's measures for the
 * quarter but not all.  This is the rule's one home (`svdesk chase` reads
 * it here).  Contracts by supplier (name without case, then id), then ref. */
typedef struct queue_mquery {
	int fy, quarter;           /* quarter 1..4 */
	int incomplete;
	int body;                  /* -1 any */
	int64_t supplier_id;       /* 0 any */
	int64_t contract_id;       /* 0 any */
} queue_mquery;

/* A missing return as read (strings valid during the callback). */
typedef struct queue_missing_rec {
	int64_t supplier_id, contract_id;
	const char *supplier, *ref, *title, *body, *manager;   /* manager may be NULL */
	const char *measures;      /* codes without a line, by code, space-separated */
	int expected;              /* measures committed for the year */
	int missing;               /* of which without a line for the quarter */
} queue_missing_rec;
typedef int (*queue_missing_fn)(void *ctx, const queue_missing_rec *r);
/* Every missing return in order: 0, the callback's non-zero value, or -1. */
int queue_missing_each(svdb *db, const queue_mquery *q, queue_missing_fn fn, void *ctx,
		       sv_err *err);

/* The same as rows of a screen (text cut to fit). */
typedef struct queue_missing {
	int64_t supplier_id, contract_id;
	char supplier[256], ref[64], title[256], body[8], manager[256];
	char measures[512];
	int expected, missing;
} queue_missing;
int64_t queue_missing_count(svdb *db, const queue_mquery *q, sv_err *err);
int queue_missing_page(svdb *db, const queue_mquery *q, const queue_missing *after,
		       int forward, queue_missing *rows, int limit, sv_err *err);

/* Every SQL statement the functions above run, for the test of their
 * query plans: *n statements, static text. */
const char *const *queue_statements(size_t *n);

#endif
