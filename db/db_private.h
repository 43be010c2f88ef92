/* db_private.h: what the files of db/ share.  Nothing outside db/ includes it.
 *
 * db/ depends on SQLite, the C library and the base (libsvbase: error.h,
 * money.h, period.h, utf8.h), never on libsvcore: dates, years, quarters,
 * quantities, errors and UTF-8 come from the base, not from copies here. */
#ifndef SVDESK_DB_PRIVATE_H
#define SVDESK_DB_PRIVATE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "svdesk/db.h"

#define DB_STMT_CACHE 96
#define DB_STMT_HINTS 256       /* a power of 2 */
#define DB_NAME_MAX 200     /* actor, validated_by ... (as in the schema) */
#define DB_ORIGIN_MAX 32

struct db_cached {
	const char *sql;     /* the static SQL text: the key is its address */
	sqlite3_stmt *st;
};

struct svdb {
	sqlite3 *h;
	char *path;
	int readonly;
	int memory;
	int busy_ms;
	char actor[DB_NAME_MAX + 1];
	char origin[DB_ORIGIN_MAX + 1];
	struct db_cached cache[DB_STMT_CACHE];
	int ncache;
	/* where a statement was last found, by its SQL text's address (a
	 * hint, checked before use: entries move when one is dropped) */
	unsigned char hint[DB_STMT_HINTS];
	/* the audit log (audit.c) */
	int sealing;             /* schema >= 3: entries are sealed at COMMIT */
	int64_t seal_from;       /* entries with a greater id are this transaction's */
	int64_t import_id;       /* the reserved entry of an import session, or 0 */
	int64_t audit_next;      /* the next entry id during an import session */
	char *import_kind, *import_file, *import_sha;
	char ro_reason[512];     /* why the database was opened READ-ONLY */
	int triggers_ok;         /* the audit triggers were found intact on open */
};

/* What to do about a damaged database (after "... is damaged: "). */
#define DB_DAMAGED_TODO "run svdesk check to see what is wrong, and restore the latest " \
	"copy made by svdesk backup"

/* Set err (code and message); returns -1. */
int db_errf(sv_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* An SQLite failure: "PREFIX: SQLite's message", or the busy message
 * (code DB_E_BUSY) when rc is SQLITE_BUSY.  A damaged file, a full disk,
 * a file size limit or a failing disk becomes "PATH: what it means and
 * what to do (PREFIX: SQLite's message)" with code DB_E_DAMAGED or
 * DB_E_IO.  Returns -1. */
int db_sqlfail(svdb *db, sv_err *err, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The same for any connection h (a backup's copy) and a message already
 * made: path is the file the failure is about. */
int db_fail_text(sqlite3 *h, const char *path, sv_err *err, int rc, const char *prefix,
		 const char *sqlmsg);

/* What the SQLite code rc means for the person and what to do, with the
 * err code for it (DB_E_DAMAGED, DB_E_IO); NULL (DB_E_OTHER) when SQLite's
 * own words are all there is to say. */
const char *db_rc_meaning(sqlite3 *h, int rc, int *code);

/* The busy message (code DB_E_BUSY) for path; returns -1. */
int db_busy_err(const char *path, sv_err *err);

/* Run one statement of static text with no result rows (or ignore them);
 * an SQLite code. */
int db_exec1(svdb *db, const char *sql);

/* One integer from a statement of static text (not cached); an SQLite
 * code, *out 0 when there is no row. */
int db_query_int(sqlite3 *h, const char *sql, int64_t *out);

/* When the folder that should hold path does not exist (or is not a
 * folder), its name into dir and 1; else 0. */
int db_missing_folder(const char *path, char *dir, size_t n);

/* Create a new, empty database file (O_EXCL): 0600, or 0660 owned by
 * group; and remove such a file with SQLite's files beside it. */
int db_create_file(const char *path, const char *group, sv_err *err);
void db_remove_created(const char *path);

/* A cached prepared statement for static SQL text, reset and with its
 * bindings cleared.  Call db_done() when finished with it. */
sqlite3_stmt *db_prepare(svdb *db, const char *sql, sv_err *err);
void db_done(sqlite3_stmt *st);

/* Streamed reads: step st (prepared and bound) and hand each row to
 * row(st, fn, ctx), which returns 0 to go on or non-zero to stop.  Returns
 * 0, the row function's non-zero value, or -1 (err names what was read).
 * st is reset (db_done) in every case. */
typedef int (*db_row_fn)(sqlite3_stmt *st, void *fn, void *ctx);

/* A contract's columns as its CSV file lists them (db_contract_rec), the
 * start of a SELECT over contract c and supplier s that a WHERE and ORDER
 * may follow; db_contract_rec_read reads a row of it (db/read.c). */
#define DB_CONTRACT_SELECT \
	"SELECT c.ref, c.title, s.name, c.body, c.value, c.start_date, c.end_date, " \
	"c.sv_weight, c.manager, c.status, c.award_report, c.living_wage, " \
	"c.living_wage_date, c.living_wage_note, c.modern_slavery, " \
	"c.modern_slavery_date, c.modern_slavery_note " \
	"FROM contract c JOIN supplier s ON s.id = c.supplier_id "
void db_contract_rec_read(sqlite3_stmt *st, db_contract_rec *c);
/* A row of q.id, q.contract_id, c.ref, q.topic, q.answer, q.recorded_by,
 * q.recorded_at to a db_answer_row_fn (db/read.c). */
int db_row_answer(sqlite3_stmt *st, void *fn, void *ctx);
int db_stream(svdb *db, sqlite3_stmt *st, db_row_fn row, void *fn, void *ctx,
	      const char *what, sv_err *err);
/* A column as text (NULL for NULL); whether a column is not NULL. */
const char *db_col_text(sqlite3_stmt *st, int i);
int db_col_has(sqlite3_stmt *st, int i);

/* Bind text, or NULL when s is NULL or empty (optional free text). */
int db_bind_opt(sqlite3_stmt *st, int i, const char *s);

/* A write of one record: its own BEGIN IMMEDIATE ... COMMIT when no
 * transaction is open, else a savepoint in the caller's transaction.
 * db_wbegin returns the mode to pass to db_wend (or -1 on error);
 * db_wend commits / releases when rc == 0, else rolls back, and returns
 * rc (or -1 when the commit failed). */
int db_wbegin(svdb *db, sv_err *err);
int db_wend(svdb *db, int mode, int rc, sv_err *err);

/* The proxy a new commitment takes: the current set's value for the
 * measure, else the newest set that lists it (*set_id 0 and *isnull 1 when
 * none does).  label names the record in a message.  (write.c) */
int db_proxy_lookup(svdb *db, int64_t measure_id, int64_t *set_id, int *isnull,
		    int64_t *proxy, const char *label, sv_err *err);
/* The SQL functions sv_fy_first(Y), sv_fy_last(Y), sv_quarter_first(Y, Q)
 * and sv_quarter_last(Y, Q) from period.c (period_sql.c); an SQLite code. */
int db_register_period(sqlite3 *h);
/* The SQL functions of the year totals and the search text (sqlfn.c):
 * sv_sv, sv_add, sv_sub, sv_sum, sv_ratio, sv_fold; an SQLite code. */
int db_register_sqlfn(sqlite3 *h);
/* An import session (audit.c): drop (make 0) or put back (make 1) the
 * insert triggers of the totals; add the figures of the rows that carry
 * the session's import id to the totals. */
int db_totals_session(svdb *db, int make, sv_err *err);
int db_totals_add_import(svdb *db, int64_t import_id, sv_err *err);
/* validated x 10000 / committed truncated, -1 when committed <= 0. */
int64_t db_ratio_bp(int64_t validated, int64_t committed);

/* Text helpers (catalogue.c). */
void db_proxy_text(int isnull, int64_t v, char *buf, size_t n);  /* "3.1416", "record only" */
#define DB_TEXT_MAX 4000                                  /* bytes of free text */
void db_copy_text(char *dst, size_t n, const unsigned char *src);  /* UTF-8-safe truncation */
int db_blank(const char *s);                              /* NULL, "" or only spaces */
int db_same_text(const char *a, const unsigned char *b);  /* equal, NULL == "" */
int db_too_long(const char *s);                           /* more than DB_TEXT_MAX bytes */
int db_utc_shape(const char *s);                          /* "YYYY-MM-DDTHH:MM:SSZ" */

/* ---- the audit log (audit.c, audit_check.c) ---------------------------- */

#define AUDIT_SCHEMA 3    /* the schema version that brought the chain */

/* One audited table: its name, and its columns in the order of the JSON
 * entries and of the digests (the first is its id).
 * The list is versioned with the schema: a migration that adds a column
 * adds it here and recreates the triggers. */
struct audit_table {
	const char *name;
	const char *const *cols;
	int ncols;
};
extern const struct audit_table audit_tables[];
extern const int audit_ntables;
#define AUDIT_MAX_COLS 32

/* The number of t's columns at schema version `version` (>= 3): its list
 * cut to them.  audit_version_adds: 1 when version (> 3) added columns to
 * t, which are then t->cols[audit_ncols(t, version - 1) ...]. */
int audit_ncols(const struct audit_table *t, int version);
int audit_version_adds(const struct audit_table *t, int version);

/* The SQL functions of every connection: sv_import_id(), sv_audit_id(),
 * sv_fy_first(fy), sv_fy_last(fy), sv_quarter_first(fy, q),
 * sv_quarter_last(fy, q). */
int audit_register(svdb *db);

/* Migration hooks: before migration `to` (drop every trigger when the
 * migration rebuilds the tables) and after it (baseline, triggers). */
int audit_migrate_pre(svdb *db, int to, sv_err *err);
int audit_migrate_post(svdb *db, int to, sv_err *err);

/* Migrations (db.c): bring db to schema version target in one
 * transaction; a private in-memory database of a given version. */
int db_migrate_to(svdb *db, int target, int *from, sv_err *err);
int db_open_scratch(svdb **out, int version, sv_err *err);

/* The SQL of the audit triggers of schema version `version` (malloc'd, NULL
 * when out of memory): of every audited table, or (only_added) of the
 * tables that version added columns to. */
char *audit_triggers_script(int version, int only_added);

/* For the tests: *same = 1 when the triggers read from the migrations'
 * text (what the checks on open compare with) are exactly those SQLite
 * keeps after running the migrations 1..version in memory. */
int audit_triggers_expected_replay(int version, int *same, sv_err *err);

/* At the start of a write transaction / just before its COMMIT. */
int audit_txn_begin(svdb *db, sv_err *err);
int audit_seal(svdb *db, sv_err *err);
/* After a rollback to a savepoint inside an import session. */
void audit_session_resync(svdb *db);

/* SHA-256 over an entry's fields (columns 0..8 of st: id, at, who, origin,
 * entity, entity_id, action, before, after) and the previous hash (NULL
 * for the first entry). */
void audit_entry_hash(const unsigned char *prev, sqlite3_stmt *st, unsigned char out[32]);

/* Walk the chain of entries 1..upto (all when upto < 0): ids without gaps,
 * each entry sealed and its hash recomputed; each problem to fn.  Returns
 * the number of problems, or -1; last = the last entry's hash. */
int audit_walk_chain(svdb *db, int64_t upto, db_finding_fn fn, void *ctx,
		     unsigned char last[32], int64_t *last_id, sv_err *err);

/* A version-2 database whose rows differ from its audit log (audit_v2.c):
 * 1 with why set, 0 when they agree, -1 on error. */
int audit_v2_rows_compare(svdb *db, char *why, size_t n, sv_err *err);

/* Compare the database's triggers with those this svdesk makes for schema
 * version uv.  0 when they match; 1 when not (why: which trigger and
 * what); -1 on error.  Each difference is also passed to fn when given. */
int audit_triggers_compare(svdb *db, int uv, char *why, size_t n,
			   db_finding_fn fn, void *ctx, sv_err *err);

/* A column value, for digests and the replay. */
struct audit_val {
	int type;            /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_TEXT */
	int64_t i;
	char *s;             /* malloc'd text */
	size_t n;
};
void audit_val_free(struct audit_val *v);
int audit_val_from_column(struct audit_val *v, sqlite3_stmt *st, int col);
int audit_val_same(const struct audit_val *a, const struct audit_val *b);
struct sha256_ctx;
void audit_digest_row(struct sha256_ctx *c, const struct audit_table *t,
		      const struct audit_val *vals);
/* The same bytes, from the arguments of an SQL function (the table's
 * columns in its list's order), with nothing copied. */
void audit_digest_values(struct sha256_ctx *c, const struct audit_table *t,
			 sqlite3_value **vals);
void audit_hex(const unsigned char *h, size_t n, char *out);
/* The digest of the columns that version added to t, for one row: vals
 * holds its id, then those columns (the schema entry of that version). */
void audit_digest_added(struct sha256_ctx *c, const struct audit_table *t, int version,
			const struct audit_val *vals);

/* The order of the questionnaire's topics on a page and in a file, as the
 * policy names them (answers.c, read.c); q is questionnaire_answer. */
#define DB_ANSWER_ORDER "CASE q.topic WHEN 'prison_leavers' THEN 1 " \
	"WHEN 'design_out_crime' THEN 2 WHEN 'local_plan' THEN 3 ELSE 4 END"

#endif
