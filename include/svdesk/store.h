/* store.h: the reads and writes of an import (db/store.c) and the writers
 * of commitments and return lines that the importer, the demo and the
 * desk share (db/write.c, db/returns.c: each rule lives there once).
 *
 * Every function runs inside the caller's write transaction (db_begin ...
 * db_commit / db_rollback).  Lookups name the record in their messages;
 * the writers say which field they refuse (db_put_out.field) and leave
 * the record and FILE:LINE:COLUMN to the importer.  Functions that find
 * return 1 found, 0 absent, -1 error. */
#ifndef SVDESK_STORE_H
#define SVDESK_STORE_H

#include <stdint.h>

#include "svdesk/db.h"

/* What a put did. */
enum db_put { DB_PUT_UNCHANGED = 0, DB_PUT_ADDED, DB_PUT_CHANGED };

/* err->code of a row that the same file wrote already (its line in dup). */
#define DB_E_DUPLICATE 40

/* The field a write refuses: the writer says it, the importer places its
 * fault there.  DBF_ROW: the record as a whole. */
enum db_field {
	DBF_ROW = 0,
	DBF_START, DBF_END, DBF_BODY, DBF_LW, DBF_MS, DBF_SUPPLIER,       /* contracts */
	DBF_YEAR, DBF_TARGET, DBF_NOTE, DBF_PROXY, DBF_PROXY_SET,         /* commitments */
	DBF_QUARTER, DBF_DELIVERED, DBF_EVIDENCE, DBF_SUBMITTED,          /* return lines */
	DBF_STATUS, DBF_VALIDATED, DBF_REASON, DBF_BY, DBF_AT             /* decisions */
};

/* What a write of a commitment or a return line did. */
typedef struct db_put_out {
	int64_t id;        /* the row written or found */
	int put;           /* enum db_put */
	int field;         /* on a refusal: enum db_field */
	long dup;          /* err->code DB_E_DUPLICATE: the line that wrote the row */
} db_put_out;

/* 1 while a transaction is open (a failed statement may have ended it). */
int db_txn_open(svdb *db);

/* ---- which line of the file wrote a row (duplicates within a file) ------ */

/* Temporary tables of the connection, emptied by db_mark_reset (call it
 * inside the transaction, before the first row), in SQLite's temporary
 * file, not in the program's memory.  A row that existed is marked with
 * its line (db_mark_put); rows added get new ids in order, so one entry
 * per run of rows whose line is id + delta suffices (db_mark_run: the
 * run starting at first_id). */
enum db_mark_entity {
	DB_MARK_MEASURE = 1, DB_MARK_CONTRACT, DB_MARK_COMMITMENT, DB_MARK_RETURN, DB_MARK_ANSWER
};
int db_mark_reset(svdb *db, sv_err *err);
int db_mark_put(svdb *db, int entity, int64_t id, long line, sv_err *err);
int db_mark_run(svdb *db, int entity, int64_t first_id, long delta, sv_err *err);
/* The line that wrote the row, 0 when none, -1 on error. */
long db_mark_get(svdb *db, int entity, int64_t id, sv_err *err);

/* ---- suppliers ------------------------------------------------------------ */

/* The supplier of that name (by key), created as spelt when new. */
int db_supplier_get_or_add(svdb *db, const char *name, int64_t *id, int *added, sv_err *err);

/* ---- the catalogue ------------------------------------------------------- */

int db_theme_get_or_add(svdb *db, const char *name, int64_t *id, int *added, sv_err *err);
/* Outcome text matched case-insensitively under its theme. */
int db_outcome_get_or_add(svdb *db, int64_t theme_id, const char *text, int64_t *id,
			  int *added, sv_err *err);

typedef struct db_measure_info {
	int64_t id, theme_id, outcome_id;
	char unit[16];
	char theme[128];       /* for messages (cut) */
	char outcome[256];
} db_measure_info;

int db_measure_find(svdb *db, const char *code, db_measure_info *out, sv_err *err);
int db_measure_add(svdb *db, const char *code, int64_t outcome_id, const char *title,
		   const char *unit, int64_t *id, sv_err *err);
/* Set the title; *changed 1 when it differed. */
int db_measure_retitle(svdb *db, int64_t id, const char *title, int *changed, sv_err *err);

int db_proxy_set_find(svdb *db, const char *name, int64_t *id, sv_err *err);
/* A new set (not illustrative, dated now). */
int db_proxy_set_add(svdb *db, const char *name, int64_t *id, sv_err *err);
/* The set's value for a measure: 1 listed (*isnull for record only). */
int db_proxy_set_value(svdb *db, int64_t set_id, int64_t measure_id, int *isnull,
		       int64_t *proxy, sv_err *err);
int db_proxy_set_size(svdb *db, int64_t set_id, int64_t *n, sv_err *err);
int db_proxy_value_add(svdb *db, int64_t set_id, int64_t measure_id, int isnull,
		       int64_t proxy, sv_err *err);
/* Make the set current; *changed 0 when it was already. */
int db_proxy_set_make_current(svdb *db, int64_t set_id, int *changed, sv_err *err);

/* ---- contracts ----------------------------------------------------------- */

typedef struct db_contract_key {
	int64_t id;
	sv_date start, end;
} db_contract_key;

int db_contract_find(svdb *db, const char *ref, db_contract_key *out, sv_err *err);

/* db_contract_put that says what it did (*put), whether it created the
 * supplier, and on failure which field is at fault (*field). */
int db_contract_store(svdb *db, const db_contract *c, int64_t *id, int *put,
		      int *supplier_added, int *field, sv_err *err);

/* ---- commitments --------------------------------------------------------- */

int db_commitment_find(svdb *db, int64_t contract_id, int64_t measure_id, int fy,
		       int64_t *id, sv_err *err);

/* The return line of a commitment in a quarter (1..4): 1 found, 0 none, -1. */
int db_return_find(svdb *db, int64_t commitment_id, int quarter, int64_t *id, sv_err *err);

typedef struct db_commitment_key {
	int64_t id, measure_id;
	int year;
} db_commitment_key;

/* The commitments of a contract, up to max of them: 0 all, 1 more than
 * max (out then holds max), -1 error. */
int db_commitments_of(svdb *db, int64_t contract_id, db_commitment_key *out, size_t max,
		      size_t *n, sv_err *err);

/* How a commitment gets its proxy. */
typedef struct db_proxy_choice {
	int explicit_value;   /* 1: the value below (a restore), else looked up */
	int isnull;           /* record only (with explicit_value) */
	sv_proxy value;
	int64_t set_id;       /* the set it came from, 0 = none given */
} db_proxy_choice;

typedef struct db_commitment_in {
	int64_t contract_id, measure_id;
	int fy;
	sv_qty target;
	db_proxy_choice proxy;
	const char *note;           /* NULL / "" = none */
	int keep_note;              /* 1: the note stays as stored (a file without the column) */
} db_commitment_in;

/* The rules of db_commitment_put (db.h), in the caller's transaction:
 * insert, or update the target and note of (contract, measure, year); a
 * commitment keeps its proxy: an explicit one that differs is refused;
 * the year must overlap the contract's dates.  Messages do not name the
 * record (the importer gives FILE:LINE:COLUMN); out->field names the field
 * refused.  line (> 0): a commitment that an earlier line of the file
 * wrote (see db_mark_*) fails with err->code DB_E_DUPLICATE, out->dup that
 * line; the caller marks the row written. */
int db_commitment_store(svdb *db, const db_commitment_in *in, long line, db_put_out *out,
			sv_err *err);

/* ---- return lines -------------------------------------------------------- */

/* A decision, made at the desk or carried by a line's history. */
typedef struct db_decision_in {
	enum sv_status status;      /* validated, rejected or query */
	sv_qty validated;           /* validated: 0 to the delivered quantity */
	const char *reason;         /* less than delivered, rejected, query: required */
	const char *by, *at;        /* who and when (UTC); NULL: the actor, now */
} db_decision_in;

#define DB_HISTORY_MAX 8        /* decisions a line with its history may carry */

/* What the writer keeps between the lines of one import (or the demo): the
 * commitments of the last contract and its dates, read once per contract.
 * Zero it before the first line and use it inside one transaction; a
 * contract written meanwhile makes the writer read them again. */
typedef struct db_line_cache {
	const svdb *db;
	unsigned gen;
	char start[11], end[11];
	size_t n;
	struct { int64_t id; int fy; } cm[256];
} db_line_cache;

typedef struct db_return_in {
	int64_t commitment_id;
	int fy;                     /* the commitment's year (checked); 0: look it up */
	int quarter;                /* 1..4 of that year */
	sv_qty delivered;
	const char *evidence;       /* NULL / "" = none */
	const sv_date *submitted;   /* NULL = none */
	/* 1: the value stays as stored, and is not compared (a file without
	 * the column); a new line has none */
	int keep_evidence, keep_submitted;
	int submitted_given;        /* 1: a line is identical only with the same date */
	int history;                /* 1: a line with its decisions (below) */
	const db_decision_in *decisions;   /* oldest first; the line holds the last */
	size_t ndecisions;                 /* 0: a submitted line */
	db_line_cache *cache;              /* NULL: none */
} db_return_in;

/* The rules of db_return_put (db.h) and of a line with its history, in the
 * caller's transaction.  A supplier's line (history 0): new, identical
 * (same delivered and evidence: nothing changes), or a change that
 * replaces a submitted line or one in query (back to submitted); a change
 * to a validated or rejected line is refused naming who decided it and
 * when.  A line with its history (history 1): each decision obeys the
 * desk's rules; a new line is inserted as it ends, with one decision row
 * per decision (each with the line's version and the delivered quantity
 * it decided; origin "demo" on a demo connection, else "import"), so that
 * an import session writes no entry per line; an existing line must be
 * identical to the stored one.  The quarter must overlap the contract's
 * dates.  Messages, fields and duplicates as for db_commitment_store. */
int db_return_store(svdb *db, const db_return_in *in, long line, db_put_out *out,
		    sv_err *err);

#endif
