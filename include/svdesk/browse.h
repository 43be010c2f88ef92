/* browse.h: the desk's lists (db/browse.c): contracts and suppliers with
 * their figures for a financial year, sorted on any column, filtered and
 * searched, and the measures tree with its figures.
 *
 * Every page is a keyset query over an index (WHERE (key, id) > (?, ?)
 * ORDER BY key, id LIMIT ?), so a page costs the same at any depth; the
 * year figures come from per-contract, per-year totals that every write
 * keeps current (migration 0005), never from walking return lines.  Sums
 * are done in C with overflow checks.  Search matches a folded copy of the
 * text (case and accents removed: "cafe" finds "Café"). */
#ifndef SVDESK_BROWSE_H
#define SVDESK_BROWSE_H

#include <stdint.h>

#include "svdesk/db.h"

/* The text search is done on: each letter lower case without its accent
 * (utf8_fold_case, utf8_ascii_letter), invisible characters left out, runs
 * of spaces one space.  Written NUL-terminated into dst; returns its length. */
size_t browse_fold(const char *s, char *dst, size_t size);

/* ---- contracts ---------------------------------------------------------- */

enum browse_col {
	BC_REF = 0, BC_TITLE, BC_SUPPLIER, BC_BODY, BC_VALUE, BC_WEIGHT,
	BC_COMMITTED, BC_DELIVERED, BC_VALIDATED, BC_RAG,
	BC_COUNT
};

/* RAG filter: the ratio validated x 10000 / committed (basis points,
 * truncated) of the year in [bp_lo, bp_hi); the caller turns the RAG
 * thresholds at a quarter into bounds (green at Qq: bp >= rag_green x q x
 * 25).  BR_NONE: nothing committed in the year. */
enum browse_rag_filter { BR_ANY = 0, BR_NONE, BR_RANGE };

typedef struct browse_query {
	int fy;                    /* the year of the figures */
	enum browse_col sort;
	int desc;                  /* 1: descending */
	/* filters (0 / -1 = none) */
	int body;                  /* -1 any, else enum sv_body */
	int live_fy;               /* 0 any, else contracts whose dates overlap that year */
	enum browse_rag_filter rag;
	int64_t bp_lo, bp_hi;      /* with BR_RANGE */
	int closed;                /* -1 any, 0 active, 1 closed */
	int exceptions;            /* 1: value over threshold with weighting under min_weight */
	sv_pence threshold;
	int min_weight;            /* tenths of a percent */
	int awaiting;              /* 1: with return lines awaiting validation in fy */
	int64_t supplier_id;       /* 0 any */
	int64_t measure_id;        /* 0 any: with a commitment to it in fy */
} browse_query;

/* A query with no filter, sorted by ref, for year fy. */
void browse_query_init(browse_query *q, int fy);

typedef struct browse_contract {
	int64_t id, supplier_id;
	char ref[64];
	char title[256];
	char supplier[256];
	enum sv_body body;
	sv_pence value;
	int sv_weight;             /* tenths of a percent */
	int closed;
	char start[11], end[11];   /* YYYY-MM-DD */
	/* the year's figures (0 when nothing is committed that year) */
	sv_pence committed, delivered, validated;
	int64_t ratio_bp;          /* validated x 10000 / committed; -1 when nothing committed */
	int64_t awaiting;          /* lines submitted or in query */
	unsigned returned;         /* bit q-1: a return line for quarter q exists */
	int in_year;               /* 1: it has commitments in the year (a row of its
				    * totals), record-only ones included */
} browse_contract;

/* The number of rows the query gives; -1 on error. */
int64_t browse_contracts_count(svdb *db, const browse_query *q, sv_err *err);
/* Up to limit rows after the row `after` (forward) or before it (!forward),
 * rows in list order either way; after NULL = from the start / the end.
 * Returns the count, or -1. */
int browse_contracts_page(svdb *db, const browse_query *q, const browse_contract *after,
			  int forward, browse_contract *rows, int limit, sv_err *err);
/* The 0-based position of row in the list; -1 on error. */
int64_t browse_contracts_rank(svdb *db, const browse_query *q, const browse_contract *row,
			      sv_err *err);
/* The first row after `from` (forward) or before it, in list order, whose
 * ref, title or supplier contains text (folded); from NULL = from the start
 * / the end.  1 found (*out), 0 none, -1 error. */
int browse_contracts_find(svdb *db, const browse_query *q, const char *text,
			  const browse_contract *from, int forward, browse_contract *out,
			  sv_err *err);
/* The contract with this id, with year fy's figures: 1, 0 absent, -1 error. */
int browse_contract_get(svdb *db, int64_t id, int fy, browse_contract *out, sv_err *err);

/* The widest values of the money columns over every contract (not just a
 * page, so that widths stay put while scrolling). */
typedef struct browse_max {
	sv_pence value, committed, delivered, validated;
} browse_max;
int browse_contracts_max(svdb *db, int fy, browse_max *out, sv_err *err);

/* The financial years that have commitments, ascending: up to max into
 * years (db/browse_years.c).  The count, or -1 on error. */
int browse_years(svdb *db, int *years, int max, sv_err *err);

/* ---- suppliers ---------------------------------------------------------- */

enum browse_scol {
	BSC_NAME = 0, BSC_CONTRACTS, BSC_VALUE, BSC_COMMITTED, BSC_DELIVERED, BSC_VALIDATED,
	BSC_COUNT
};

typedef struct browse_squery {
	int fy;
	enum browse_scol sort;
	int desc;
} browse_squery;

typedef struct browse_supplier {
	int64_t id;
	char name[256];
	int64_t contracts;
	sv_pence value;                         /* all its contracts */
	sv_pence committed, delivered, validated;   /* year fy */
} browse_supplier;

int64_t browse_suppliers_count(svdb *db, const browse_squery *q, sv_err *err);
int browse_suppliers_page(svdb *db, const browse_squery *q, const browse_supplier *after,
			  int forward, browse_supplier *rows, int limit, sv_err *err);
int64_t browse_suppliers_rank(svdb *db, const browse_squery *q, const browse_supplier *row,
			      sv_err *err);
int browse_suppliers_find(svdb *db, const browse_squery *q, const char *text,
			  const browse_supplier *from, int forward, browse_supplier *out,
			  sv_err *err);
int browse_suppliers_max(svdb *db, int fy, browse_max *out, sv_err *err);

/* ---- the measures tree -------------------------------------------------- */

/* Themes, outcomes and measures in catalogue order, each with the year's
 * figures: a theme's and an outcome's are the sums of their measures' £SV
 * (no units: they differ); a measure's in £SV and in its unit. */
enum browse_node { BN_THEME = 0, BN_OUTCOME, BN_MEASURE };
typedef struct browse_tree_rec {
	enum browse_node kind;
	int64_t id;
	const char *key;         /* theme name, "" for an outcome, measure code */
	const char *title;
	const char *unit;        /* measures; else NULL */
	int record_only;         /* measures without a proxy in the current set */
	sv_pence committed, delivered, validated;
	sv_qty q_committed, q_delivered, q_validated;   /* measures */
	int64_t contracts;       /* contracts committing to it in the year */
} browse_tree_rec;
typedef int (*browse_tree_fn)(void *ctx, const browse_tree_rec *r);
/* Streams the whole tree (its size is the catalogue's, not the data's);
 * strings valid during the call.  0, or -1 on error. */
int browse_measure_tree(svdb *db, int fy, browse_tree_fn fn, void *ctx, sv_err *err);

/* Every SQL statement the functions above run (for the test of their
 * query plans): *n statements, static text. */
const char *const *browse_statements(size_t *n);

#endif
