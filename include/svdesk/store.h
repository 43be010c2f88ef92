/* store.h: the reads and writes of an import (db/store.c).
 *
 * Every function runs inside the caller's write transaction (db_begin ...
 * db_commit / db_rollback) and names the record in its messages (contract
 * ref, measure code, "2025/26 Q2"); the importer adds FILE:LINE:COLUMN and
 * the field.  Functions that find return 1 found, 0 absent, -1 error. */
#ifndef SVDESK_STORE_H
#define SVDESK_STORE_H

#include <stdint.h>

#include "svdesk/db.h"

/* What a put did. */
enum db_put { DB_PUT_UNCHANGED = 0, DB_PUT_ADDED, DB_PUT_CHANGED };

/* err->code of a row that the same file wrote already (its line in *line). */
#define DB_E_DUPLICATE 40
/* err->code of a line with its decision that differs from the stored one:
 * the first field that differs. */
enum { DB_E_DIFF_DELIVERED = 41, DB_E_DIFF_EVIDENCE, DB_E_DIFF_STATUS, DB_E_DIFF_DECISION };

/* 1 while a transaction is open (a failed statement may have ended it). */
int db_txn_open(svdb *db);

/* ---- which line of the file wrote a row (duplicates within a file) ------ */

/* Temporary tables of the connection, emptied by db_mark_reset (call it
 * inside the transaction, before the first row), in SQLite's temporary
 * file, not in the program's memory.  A row that existed is marked with
 * its line (db_mark_put); rows added get new ids in order, so one entry
 * per run of rows whose line is id + delta suffices (db_mark_run: the
 * run starting at first_id). */
enum db_mark_entity { DB_MARK_MEASURE = 1, DB_MARK_CONTRACT, DB_MARK_COMMITMENT, DB_MARK_RETURN };
int db_mark_reset(svdb *db, sv_err *err);
int db_mark_put(svdb *db, int entity, int64_t id, long line, sv_err *err);
int db_mark_run(svdb *db, int entity, int64_t first_id, long delta, sv_err *err);
/* The line that wrote the row, 0 when none, -1 on error. */
long db_mark_get(svdb *db, int entity, int64_t id, sv_err *err);

/* ---- suppliers ------------------------------------------------------------ */

/* The key two spellings of one supplier share: ASCII letters folded to
 * lower case, spaces and tabs trimmed and runs of them made one space.
 * Writes at most n bytes (NUL included); returns dst. */
char *db_name_key(const char *name, char *dst, size_t n);

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

/* Which field a refused contract is refused for (the writer says it: a
 * new date that leaves out a commitment or a return is the one at fault). */
enum db_contract_field { DBF_ROW = 0, DBF_START, DBF_END, DBF_BODY, DBF_LW, DBF_MS, DBF_SUPPLIER };

/* db_contract_put that says what it did (*put), whether it created the
 * supplier, and on failure which field is at fault (*field). */
int db_contract_store(svdb *db, const db_contract *c, int64_t *id, int *put,
		      int *supplier_added, int *field, sv_err *err);

/* ---- commitments --------------------------------------------------------- */

int db_commitment_find(svdb *db, int64_t contract_id, int64_t measure_id, int fy,
		       int64_t *id, sv_err *err);

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

/* Insert, or update the target and note of (contract, measure, year); a
 * commitment keeps its proxy: an explicit one that differs is an error.
 * line (> 0): a commitment that an earlier line of the file wrote (see
 * db_mark_*) fails with err->code DB_E_DUPLICATE, *dup that line; the
 * caller marks the row written. */
int db_commitment_store(svdb *db, int64_t contract_id, int64_t measure_id, int fy,
			sv_qty target, const db_proxy_choice *proxy, const char *note,
			long line, int64_t *id, int *put, long *dup, sv_err *err);

/* ---- return lines -------------------------------------------------------- */

typedef struct db_return_in {
	int64_t commitment_id;
	int quarter;                /* 1..4 of the commitment's year */
	sv_qty delivered;
	const char *evidence;       /* NULL / "" = none */
	const char *submitted;      /* "YYYY-MM-DD" or NULL */
	int history;                /* 1: a line with its decision (below) */
	enum sv_status status;
	sv_qty validated;           /* -1 = none */
	const char *validated_by, *validated_at, *reason;
} db_return_in;

/* A supplier's line (history 0): new, identical (nothing changes), or a
 * change that replaces a submitted line or one in query (back to
 * submitted); a change to a validated or rejected line is an error naming
 * who decided it and when.  A line with its decision (history 1): new (its
 * decision recorded as made by validated_by at validated_at, origin
 * import) or identical to the stored one; anything else is an error.
 * Duplicates within a file as for db_commitment_store. */
int db_return_store(svdb *db, const db_return_in *in, long line, int64_t *id,
		    int *put, long *dup, sv_err *err);

#endif
