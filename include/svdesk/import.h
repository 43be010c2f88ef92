/* import.h: CSV files in (spec "CSV files").
 *
 * One file of one kind, streamed (memory does not grow with its size),
 * checked row by row against the value grammar and the rules, and written
 * in one transaction: the whole file or nothing.  Every fault is reported
 * as "FILE:LINE:COLUMN: field: message" (up to IMPORT_MAX_FAULTS of them,
 * then one line saying how many more), COLUMN being the character position
 * where the bad field starts.  No SQL, no screen. */
#ifndef SVDESK_IMPORT_H
#define SVDESK_IMPORT_H

#include <stdint.h>
#include <stdio.h>

#include "svdesk/db.h"
#include "svdesk/error.h"

#define IMPORT_MAX_FAULTS 50

enum import_kind {
	IMPORT_MEASURES, IMPORT_CONTRACTS, IMPORT_COMMITMENTS, IMPORT_RETURNS, IMPORT_HIGHLIGHTS,
	IMPORT_ANSWERS
};

/* "measures" ... "returns", "highlights", "answers": 0, or -1 for any
 * other word. */
int import_kind_parse(const char *s, enum import_kind *out);
const char *import_kind_name(enum import_kind k);

typedef struct import_opts {
	enum import_kind kind;
	const char *name;       /* the file as given: "-" is shown as "<stdin>" */
	int dry_run;            /* check everything, write nothing */
	/* Each fault message (no newline), in the order found. */
	void (*report)(void *ctx, const char *msg);
	/* Every few thousand rows and at the end: bytes read so far. */
	void (*progress)(void *ctx, uint64_t bytes, int done);
	void *ctx;
} import_opts;

typedef struct import_result {
	db_import_counts rows;         /* rows of the file's kind */
	int64_t suppliers_added;       /* contracts */
	int64_t themes_added, outcomes_added;   /* measures */
	char proxy_set[128];           /* measures: the set's name ("" none) */
	int proxy_set_added;           /* 1 new set, 0 an existing one */
	int proxy_set_made_current;    /* 1 when it was not current before */
	long faults;                   /* faults found (all, not only those shown) */
	int history;                   /* returns: with decision columns */
	char sha256[65];               /* of the file's bytes */
	uint64_t bytes;
} import_result;

/* A quantity as an import reads it (a returns file's validated column;
 * money_form 1 also takes an amount like £1,234.50), with the importer's
 * message for a bad one ("\"abc\" is not a quantity (...; use a plain
 * number like 12.5)"): the desk's prompts call it too.  0 or -1. */
int import_qty_parse(const char *s, int money_form, sv_qty *out, sv_err *err);

/* Import the file read from in (not closed).  Returns 0 when the file was
 * accepted (written, or for a dry run found clean and not written), 1 when
 * it was rejected (faults reported, nothing written), -1 on a runtime
 * failure (err set: the database, memory; nothing written). */
int import_run(svdb *db, FILE *in, const import_opts *o, import_result *res, sv_err *err);

/* The summary line of a result: "contracts: 12 added, 3 changed, 40
 * unchanged; suppliers: 2 added". */
char *import_summary(enum import_kind k, const import_result *res, char *buf, size_t n);

#endif
