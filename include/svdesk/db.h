/* db.h: the SQLite store.  Only db/ includes <sqlite3.h>.
 *
 * Every connection: foreign keys on, WAL, the configured busy timeout, and
 * the SQL functions sv_actor() and sv_origin() that the audit triggers call
 * (so the database refuses audited changes made outside svdesk).  Every
 * write runs inside db_begin (BEGIN IMMEDIATE) ... db_commit / db_rollback.
 * Values are always bound parameters. */
#ifndef SVDESK_DB_H
#define SVDESK_DB_H

#include <stdint.h>

#include "svdesk/error.h"
#include "svdesk/money.h"
#include "svdesk/period.h"

/* The schema version this program writes (PRAGMA user_version). */
int db_schema_version(void);

/* PRAGMA application_id of an svdesk database ("SVDK"). */
#define DB_APPLICATION_ID 0x5356444b

/* err->code values set by db_open / db_init. */
enum db_errcode {
	DB_E_OTHER = 1,
	DB_E_NOTFOUND,      /* the file does not exist (suggest `svdesk init`) */
	DB_E_FOREIGN,       /* not an svdesk database */
	DB_E_NEWER,         /* written by a newer svdesk: refused, untouched */
	DB_E_BUSY,          /* locked by another writer past the busy timeout */
	DB_E_STALE,         /* a desk decision: the line changed since it was shown */
	DB_E_DAMAGED,       /* the file is damaged (SQLite finds it malformed) */
	DB_E_IO             /* the disk failed or is full, or a file size limit: never
	                     * the fault of the data being written */
};

typedef struct svdb svdb;

typedef struct db_open_opts {
	int create;            /* 1: create the file (mode 0600, or 0660 with group) when absent or empty */
	const char *group;     /* group name for new files, or NULL */
	int busy_timeout_ms;   /* 0 = fail at once when locked; negative = the default, 5000 */
	const char *actor;     /* the person, for the audit log (sv_actor()) */
	const char *origin;    /* "desk", "import", "demo" ... (sv_origin()) */
} db_open_opts;

/* Open an svdesk database, creating it when opts->create allows, migrating an
 * older schema forward in one transaction.  A newer schema is refused with a
 * message naming both versions and never altered.  A file that cannot be
 * written is opened read-only (db_readonly() tells).  ":memory:" works (for
 * tests).  On failure returns -1, *out NULL, err->code one of db_errcode. */
int db_open(svdb **out, const char *path, const db_open_opts *opts, sv_err *err);

/* A new svdesk database in a private temporary file, removed when it is
 * closed (work to be copied whole into a file with db_copy_new); label
 * names it in messages. */
int db_open_private(svdb **out, const char *label, const db_open_opts *opts, sv_err *err);

/* Does path hold no database yet: absent, an empty file, or a file whose
 * first write a crash interrupted (SQLite's journal takes it back)?  1 or 0. */
int db_file_blank(const char *path);

/* Copy the whole of src into path, which must hold no database yet
 * (db_file_blank), in one transaction: whatever the moment of a crash, the
 * file is then absent, empty or complete.  A file made here is 0600 (0660
 * owned by group). */
int db_copy_new(svdb *src, const char *path, const char *group, sv_err *err);

/* `svdesk init`: create (or migrate) the database at path.  *created is 1
 * when a new database was made, 0 when an existing svdesk database was found
 * (and, if older, migrated: *migrated_from gives its old version, else 0). */
int db_init(const char *path, const db_open_opts *opts, int *created,
	    int *migrated_from, sv_err *err);

void db_close(svdb **db);

int db_readonly(const svdb *db);
const char *db_path(const svdb *db);
void db_set_origin(svdb *db, const char *origin);

/* Transactions (BEGIN IMMEDIATE; busy timeout applies). */
int db_begin(svdb *db, sv_err *err);
int db_commit(svdb *db, sv_err *err);
void db_rollback(svdb *db);       /* no-op when no transaction is open */

/* A consistent copy of the whole database into dest, from one read
 * snapshot while other connections read and write.  dest must not exist,
 * or be "-" for standard output.  The copy is written into a file without
 * a name beside dest and named dest only when complete: a backup killed
 * at any moment leaves nothing behind. */
int db_backup(svdb *db, const char *dest, sv_err *err);

/* Run trusted, static SQL text (migrations, tests, fixtures); never text
 * from a user or a file. */
int db_exec_script(svdb *db, const char *sql, sv_err *err);

/* Key/value metadata (table meta): "demo" = "1" marks a demo database. */
int db_meta_get(svdb *db, const char *key, char *buf, size_t n, sv_err *err); /* 1 found, 0 absent, -1 error */
int db_meta_set(svdb *db, const char *key, const char *value, sv_err *err);

/* ---- the audit log (db/audit.c; spec "The audit log") ------------------- */

/* Why the database was opened READ-ONLY ("" when it was not, or when the
 * only reason is that the file cannot be written): e.g. an audit trigger
 * that is missing or altered.  For the title bar and stderr. */
const char *db_readonly_reason(const svdb *db);
/* 1 when db_open found the audit triggers in place and unaltered (or made
 * them: a new database), 0 when it did not (it then opened READ-ONLY, and
 * db_readonly_reason says why).  Only the triggers: verifying the chain is
 * db_check_audit's work. */
int db_audit_triggers_ok(const svdb *db);

/* An import (or the demo) as one audit entry.  Inside the caller's write
 * transaction (db_begin ... db_commit): db_import_begin reserves the
 * entry's id; every row inserted until db_import_end carries that id in its
 * import_id column and gets no entry of its own (rows changed still get
 * theirs).  db_import_end writes the entry (kind, file name, SHA-256 of the
 * file's bytes, the counts, and a digest of the rows added), or none when
 * nothing was added or changed.  db_import_abort forgets the reservation
 * (call it before db_rollback when the import fails). */
typedef struct db_import_counts {
	int64_t added, changed, unchanged, skipped;
} db_import_counts;

int db_import_begin(svdb *db, const char *kind, const char *file_name, sv_err *err);
/* sha256_hex: the SHA-256 of the file's bytes (known once the whole file is
 * read, so given here), or NULL (the demo). */
int db_import_end(svdb *db, const char *sha256_hex, const db_import_counts *counts,
		  sv_err *err);
void db_import_abort(svdb *db);

/* The chain head: the number of entries and the last entry's SHA-256 (64
 * lowercase hex digits; "" when the log is empty). */
int db_audit_head(svdb *db, int64_t *entries, char hash[65], sv_err *err);

/* Checks (svdesk check).  Each finding is passed to fn (part is
 * "integrity" or "audit"; msg says what and where).  Return the number of
 * findings, or -1 when the database cannot be read (err set). */
typedef void (*db_finding_fn)(void *ctx, const char *part, const char *msg);
int db_check_integrity(svdb *db, db_finding_fn fn, void *ctx, sv_err *err);
int db_check_audit(svdb *db, db_finding_fn fn, void *ctx, sv_err *err);
/* 1 when today's log begins with the head (entries, hash), 0 when not,
 * -1 on error. */
int db_audit_head_check(svdb *db, int64_t entries, const char *hash, sv_err *err);
/* The same, saying why not in why (n bytes) when it returns 0. */
int db_audit_head_verify(svdb *db, int64_t entries, const char *hash, char *why, size_t n,
			 sv_err *err);

/* ---- catalogue ---------------------------------------------------------- */

/* The current proxy set: name and whether it is illustrative; name is ""
 * (and *illustrative 0) when no set is current.  0, or -1 on error. */
int db_proxy_set_current(svdb *db, char *name, size_t n, int *illustrative, sv_err *err);

typedef struct db_measure {
	int64_t id;
	char code[32];
	char unit[16];
	int64_t proxy;        /* current proxy in ten-thousandths, -1 = record only */
	int local;            /* 1 = an organisation's own measure */
} db_measure;

/* Every measure in catalogue order; *out is malloc'd (free()), *n its length. */
int db_measures_all(svdb *db, db_measure **out, size_t *n, sv_err *err);
/* Count rows of a table from a fixed list ("theme", "outcome", "measure",
 * "contract", "supplier", "commitment", "return_line", "decision",
 * "highlight", "audit", "proxy_set", "proxy_value", "questionnaire_answer",
 * "meta"); -1 for any other name. */
int64_t db_count(svdb *db, const char *table, sv_err *err);

/* ---- writes (inside db_begin/db_commit) --------------------------------- */

enum sv_body { BODY_WMP = 0, BODY_OPCC = 1 };
const char *body_name(enum sv_body b);              /* "WMP" / "OPCC" */

enum sv_yesno { YN_UNSET = 0, YN_YES, YN_NO, YN_NA };

typedef struct db_contract {
	const char *ref, *title, *supplier;  /* supplier by name: created when new */
	enum sv_body body;
	sv_pence value;
	sv_date start, end;
	int sv_weight;                       /* tenths of a percent */
	const char *manager;                 /* NULL = none */
	int closed;                          /* 0 active, 1 closed */
	const char *award_report;            /* NULL = none */
	enum sv_yesno living_wage, modern_slavery;
	sv_date living_wage_date, modern_slavery_date;  /* y == 0: none */
	const char *living_wage_note, *modern_slavery_note;  /* NULL = none */
	unsigned keep;                       /* DBC_KEEP_*: stored values kept on update */
} db_contract;

/* Columns of an existing contract that an update leaves as stored (an
 * import whose file lacks them); 0 = every column given.  A new contract
 * takes none / active for a kept column. */
enum {
	DBC_KEEP_MANAGER = 1 << 0,
	DBC_KEEP_STATUS = 1 << 1,
	DBC_KEEP_AWARD = 1 << 2,
	DBC_KEEP_LW = 1 << 3,
	DBC_KEEP_LW_DATE = 1 << 4,
	DBC_KEEP_LW_NOTE = 1 << 5,
	DBC_KEEP_MS = 1 << 6,
	DBC_KEEP_MS_DATE = 1 << 7,
	DBC_KEEP_MS_NOTE = 1 << 8
};

/* Insert, or update the contract with the same ref.  The supplier is found
 * by name case-insensitively with runs of spaces collapsed ("ACME  Ltd" is
 * "Acme Ltd"); a new one is stored as spelt. */
int db_contract_put(svdb *db, const db_contract *c, int64_t *id, sv_err *err);

/* A commitment; proxy < 0 means "take the current set's proxy for the
 * measure (or the newest set that lists it)", proxy_set recorded with it;
 * DB_PROXY_NONE means "record only", set explicitly (a restore of an export).
 * An existing commitment (same contract, measure, year) gets the new target
 * and note; it keeps its proxy for ever: an explicit, different proxy is an
 * error. */
#define DB_PROXY_LOOKUP ((sv_proxy)-1)
#define DB_PROXY_NONE INT64_MIN
int db_commitment_put(svdb *db, int64_t contract_id, int64_t measure_id, int fy,
		      sv_qty target, sv_proxy proxy, const char *note,
		      int64_t *id, sv_err *err);

enum sv_status { ST_SUBMITTED = 0, ST_VALIDATED, ST_REJECTED, ST_QUERY };
const char *status_name(enum sv_status s);          /* "submitted" ... */

/* A supplier's return line for (commitment, quarter), status submitted.
 * The same delivered and evidence again changes nothing; a change replaces
 * a submitted line or one in query (back to submitted), and is an error for
 * a validated or rejected line.  submitted may be NULL. */
int db_return_put(svdb *db, int64_t commitment_id, int quarter, sv_qty delivered,
		  const char *evidence, const sv_date *submitted,
		  int64_t *id, sv_err *err);

/* A decision on a return line: validated (qty <= delivered; less needs a
 * reason), rejected / query (reason required).  by and at are recorded as
 * given (at: UTC ISO 8601); NULL by = the connection's actor, NULL at = now.
 * expect_version guards against a change made meanwhile: -1 skips the
 * check.  The decision's origin is the connection's origin when that is
 * "import" or "demo", else "desk". */
int db_return_decide(svdb *db, int64_t line_id, enum sv_status st, sv_qty validated,
		     const char *reason, const char *by, const char *at,
		     int64_t expect_version, sv_err *err);

/* ---- decisions at the desk: many desks on one database -------------------
 *
 * Each call is one short write transaction (BEGIN IMMEDIATE ... COMMIT) and
 * one audit entry (the decision row and the line's new state).  The write
 * lock is waited for 200 ms at most (or the connection's busy timeout when
 * shorter): then err.code is DB_E_BUSY, nothing is written, and the desk
 * tries again; the message never is SQLite's "database is locked". */
typedef struct db_decided {
	int64_t decision_id;   /* the new decision row */
	int64_t version;       /* the line's version after it */
} db_decided;

/* A desk decision (origin desk, by the connection's actor, at now), written
 * only if the line is still at expect_version; refused with err.code
 * DB_E_STALE and a message naming who last changed the line and when
 * ("... the line changed since it was shown: decided by jsmith at
 * 02/12/2026 10:04 (now validated); nothing was written", or "undone by",
 * "resubmitted by"), or DB_E_BUSY (nothing written either way).  Other
 * refusals (validated over delivered, a missing reason) use the importer's
 * rules and messages, err.code DB_E_OTHER. */
int db_decide(svdb *db, int64_t line_id, enum sv_status st, sv_qty validated,
	      const char *reason, int64_t expect_version, db_decided *out, sv_err *err);

/* Undo decision_id, which must be the line's last decision, made at the
 * desk, with the line still at expect_version and unchanged since that
 * decision: a new decision (undoes = decision_id) that puts the line back
 * as it was before decision_id: the decision in force before it (its
 * status, quantity and reason; the line's validated_by/at those of that
 * earlier decision), or submitted when there was none since the line was
 * last (re)submitted.  An undo can itself be undone.  Same refusals as
 * db_decide (DB_E_STALE when someone acted on the line since). */
int db_undo(svdb *db, int64_t line_id, int64_t decision_id, int64_t expect_version,
	    db_decided *out, sv_err *err);

/* PRAGMA data_version of this connection: changes when another connection
 * commits (poll it when idle; re-read what is shown when it changed). */
int db_data_version(svdb *db, int64_t *v, sv_err *err);

/* The SQL of db_decide and db_undo, for the query-plan test. */
const char *const *db_decide_statements(size_t *n);

/* A highlight for the board of year fy (body from the contract when one is
 * given), recorded by the connection's actor at at (UTC ISO 8601; NULL =
 * now); the same text again for the same year and contract is a no-op. */
int db_highlight_put(svdb *db, int fy, int64_t contract_id /* 0 = none */,
		     const char *text, const char *at, sv_err *err);

/* ---- reads of single records ------------------------------------------- */

typedef struct db_return_line {
	int64_t id, commitment_id;
	int quarter;
	sv_qty delivered;
	enum sv_status status;
	sv_qty validated;          /* -1 when none */
	char validated_by[201];    /* "" when none */
	char validated_at[21];     /* UTC ISO 8601, "" when none */
	int64_t version;           /* for db_return_decide's expect_version */
} db_return_line;

/* The return line with this id: 1 found, 0 absent, -1 error. */
int db_return_get(svdb *db, int64_t line_id, db_return_line *out, sv_err *err);

/* ---- reads for exports, templates and chase lists (db/read.c) -----------
 *
 * Each read streams its rows, in a stable order, to a callback, one row at
 * a time (memory stays flat whatever the size); the strings of a row are
 * valid only during the call.  A callback returns 0 to go on, or non-zero
 * to stop: the read then returns that value.  Otherwise a read returns 0,
 * or -1 on a database error (err set).  Text columns that are NULL come as
 * NULL.  A period filter narrows by financial year and quarter; the caller
 * gives the quarter's dates (period.c knows them, db/ does not). */

typedef struct db_period {
	int fy;             /* 0: every year */
	int q;              /* 0: the whole year; 1..4 with fy: that quarter */
	char first[11];     /* with q: the quarter's first and last days, */
	char last[11];      /* "YYYY-MM-DD" */
} db_period;

/* Measures by code, with the current proxy set's value and name. */
typedef struct db_measure_rec {
	const char *theme, *outcome, *code, *title, *unit;
	int has_proxy;           /* 0: record only, or not in the current set */
	sv_proxy proxy;
	const char *proxy_set;   /* the current set's name, or NULL */
} db_measure_rec;
typedef int (*db_measure_fn)(void *ctx, const db_measure_rec *m);
int db_read_measures(svdb *db, db_measure_fn fn, void *ctx, sv_err *err);

/* Contracts by ref.  With a period: those with a commitment in its year
 * (and, for a quarter, whose dates overlap the quarter). */
typedef struct db_contract_rec {
	const char *ref, *title, *supplier, *body;
	sv_pence value;
	const char *start, *end;  /* YYYY-MM-DD */
	int sv_weight;            /* tenths of a percent */
	const char *manager, *status, *award_report;
	const char *living_wage, *living_wage_date, *living_wage_note;
	const char *modern_slavery, *modern_slavery_date, *modern_slavery_note;
} db_contract_rec;
typedef int (*db_contract_fn)(void *ctx, const db_contract_rec *c);
int db_read_contracts(svdb *db, const db_period *p, db_contract_fn fn, void *ctx, sv_err *err);

/* Commitments by (ref, code, year).  With a period: those of its year (and,
 * for a quarter, of contracts whose dates overlap the quarter). */
typedef struct db_commitment_rec {
	const char *ref, *code;
	int year;
	sv_qty target;
	const char *note;
	int has_proxy;            /* 0: record only */
	sv_proxy proxy;
	const char *proxy_set;    /* NULL when set explicitly */
} db_commitment_rec;
typedef int (*db_commitment_fn)(void *ctx, const db_commitment_rec *c);
int db_read_commitments(svdb *db, const db_period *p, db_commitment_fn fn, void *ctx,
			sv_err *err);

/* Return lines by (ref, code, year, quarter).  With a period: the lines of
 * that year, or of that quarter. */
typedef struct db_return_rec {
	const char *ref, *code;
	int year, quarter;
	sv_qty delivered;
	const char *evidence, *submitted, *status;
	int has_validated;
	sv_qty validated;
	const char *validated_by, *validated_at, *reason;
} db_return_rec;
typedef int (*db_return_fn)(void *ctx, const db_return_rec *r);
int db_read_returns(svdb *db, const db_period *p, db_return_fn fn, void *ctx, sv_err *err);

/* The OPCC questionnaire's answers by contract ref and the topics' order
 * (prison leavers, Design Out Crime, local plan, reoffending).  With a
 * period: the answers of the contracts that db_read_contracts gives for it
 * (a commitment in the year; dates overlapping the quarter).  The texts
 * live until the callback returns. */
typedef struct db_answer_row {
	int64_t id, contract_id;
	const char *ref;                /* the contract's ref */
	const char *topic;              /* "prison_leavers", "design_out_crime" ... */
	const char *answer;
	const char *recorded_by;
	const char *recorded_at;        /* UTC, "2026-01-15T10:04:00Z" */
} db_answer_row;
typedef int (*db_answer_row_fn)(void *ctx, const db_answer_row *a);
int db_read_answers(svdb *db, const db_period *p, db_answer_row_fn fn, void *ctx, sv_err *err);

/* The audit log by id, every column of the table as it is: fn is called
 * once with values NULL (the column names, for a header), then once per
 * entry (values[i] as text, NULL for NULL, a BLOB such as a hash as
 * lowercase hex; is_text[i] 1 for a text value).
 * since ("YYYY-MM-DD", or NULL) keeps the entries at or after that day
 * (UTC). */
typedef int (*db_audit_fn)(void *ctx, int ncols, const char *const *names,
			   const char *const *values, const int *is_text);
int db_read_audit(svdb *db, const char *since, db_audit_fn fn, void *ctx, sv_err *err);

/* How many rows the read of that kind would give ("measures", "contracts",
 * "commitments", "returns", "audit", "highlights", "answers"), for
 * progress; -1 on error. */
int64_t db_read_count(svdb *db, const char *kind, const db_period *p, const char *since,
		      sv_err *err);

/* Every commitment running in quarter p (commitment year = p's year,
 * contract dates overlapping the quarter), by supplier (names compared
 * without case, then by id), contract ref and measure code, with whether
 * it has a return line for the quarter: the lines of supplier templates
 * and of the chase list. */
typedef struct db_running_rec {
	int64_t supplier_id, contract_id;
	const char *supplier;
	const char *ref, *contract_title, *body, *manager;   /* manager may be NULL */
	const char *code, *measure_title, *unit;
	sv_qty target;            /* the year's */
	int returned;             /* 1: a return line for the quarter exists */
} db_running_rec;
typedef int (*db_running_fn)(void *ctx, const db_running_rec *r);
int db_read_running(svdb *db, const db_period *p, db_running_fn fn, void *ctx, sv_err *err);

/* Every supplier's name, by id (for name matching done by the caller). */
typedef int (*db_supplier_fn)(void *ctx, int64_t id, const char *name);
int db_read_suppliers(svdb *db, db_supplier_fn fn, void *ctx, sv_err *err);

/* ---- policy findings (db/policy_find.c; svdesk check policy) ------------- */

/* A row as read (strings valid during the callback). */
typedef struct db_policy_rec {
	const char *ref, *supplier, *body;
	sv_pence value;
	const char *start, *end;       /* the contract's dates, YYYY-MM-DD */
	const char *code;              /* the measure (commitments, lines) */
	int year;                      /* the commitment's financial year */
	int quarter;                   /* a line's quarter */
	int64_t line_id;
	const char *since, *by;        /* a line in query: decided at (UTC), by */
	const char *living_wage, *modern_slavery;   /* NULL: no answer */
} db_policy_rec;
typedef int (*db_policy_fn)(void *ctx, const db_policy_rec *r);
/* Each walk: 0, fn's non-zero value, or -1 (err set).  By ref. */
/* Commitments whose year does not overlap their contract's dates. */
int db_policy_outside_dates(svdb *db, db_policy_fn fn, void *ctx, sv_err *err);
/* Lines in query decided before the day `before` (YYYY-MM-DD, UTC). */
int db_policy_in_query(svdb *db, const char *before, db_policy_fn fn, void *ctx, sv_err *err);
/* Contracts with no living-wage or no modern-slavery answer. */
int db_policy_unanswered(svdb *db, db_policy_fn fn, void *ctx, sv_err *err);
/* The first and last year of any commitment: 1, 0 when there is none, -1. */
int db_commitment_years(svdb *db, int *first, int *last, sv_err *err);

/* ---- the contracts list (keyset pages, for ui/) ------------------------- */

typedef struct db_contract_row {
	int64_t id;
	char ref[64];
	char title[256];
	char supplier[256];
	enum sv_body body;
	sv_pence value;
	int sv_weight;        /* tenths of a percent */
} db_contract_row;

int64_t db_contracts_count(svdb *db, sv_err *err);

/* Up to limit rows sorted by (ref, id): after the key (after_ref, after_id)
 * when forward, before it when !forward (rows still returned in ascending
 * order).  A NULL after_ref means from the very start (forward) or from the
 * very end (backward).  Returns the number of rows, or -1. */
int db_contracts_page(svdb *db, const char *after_ref, int64_t after_id, int forward,
		      db_contract_row *rows, int limit, sv_err *err);

/* The position (0-based) of the row with key (ref, id) in the sorted list. */
int64_t db_contracts_rank(svdb *db, const char *ref, int64_t id, sv_err *err);

/* ---- highlights in their order (db/highlight.c) ------------------------- */

/* Each change is its own write transaction (a savepoint inside the
 * caller's), audited by the triggers. */
typedef struct db_highlight_rec {
	int64_t id;
	int fy, position;          /* position 1.. within fy */
	const char *text;
	const char *contract_ref;  /* NULL when it names no contract */
	const char *body;          /* "WMP", "OPCC" or NULL */
	const char *created_by, *created_at;
} db_highlight_rec;
typedef int (*db_highlight_fn)(void *ctx, const db_highlight_rec *h);

/* The highlights of year fy in order, or of every year (fy 0) by year then
 * position; fn returning nonzero stops (that value is returned). */
int db_highlight_list(svdb *db, int fy, db_highlight_fn fn, void *ctx, sv_err *err);
/* Add at the end of year fy: contract_id 0 = none (body from the contract,
 * else body as given: "WMP", "OPCC" or NULL); by NULL = the connection's
 * actor, at NULL = now.  *id (may be NULL) = the new row's id. */
int db_highlight_add(svdb *db, int fy, int64_t contract_id, const char *body,
		     const char *text, const char *by, const char *at, int64_t *id,
		     sv_err *err);
int db_highlight_set_text(svdb *db, int64_t id, const char *text, sv_err *err);
/* Delete; the later ones of its year move up a place. */
int db_highlight_delete(svdb *db, int64_t id, sv_err *err);
/* Swap with the neighbour above (delta -1) or below (+1); at an end, or
 * for another delta, nothing changes. */
int db_highlight_move(svdb *db, int64_t id, int delta, sv_err *err);
/* The highlight of year fy, contract (0 none) and text: 1 with its id and
 * body ("" none), 0 when there is none, -1. */
int db_highlight_find(svdb *db, int fy, int64_t contract_id, const char *text, int64_t *id,
		      char body[8], sv_err *err);
/* The body of a highlight that names no contract ("WMP", "OPCC", NULL). */
int db_highlight_set_body(svdb *db, int64_t id, const char *body, sv_err *err);
/* The id of the contract with this reference: 1 found, 0 not, -1 error. */
int db_contract_id_by_ref(svdb *db, const char *ref, int64_t *id, char body[8], sv_err *err);
/* ---- reads for board reports (db/report.c) --------------------------------
 *
 * Streamed like the reads above (one row at a time to a callback; strings
 * valid only during the call; a non-zero return stops the read and is
 * returned).  db/ supplies rows, never rules: which rows count, the £SV of
 * a line, RAG and every total are the report module's (src/report.c).  The
 * rows come in no particular order where the report needs none. */

/* One snapshot for several reads: a read transaction, unless one is open
 * already (*began then 0).  db_snapshot_end ends what db_snapshot_begin
 * began. */
int db_snapshot_begin(svdb *db, int *began, sv_err *err);
void db_snapshot_end(svdb *db, int began);

/* Every measure with its outcome and theme, in catalogue order (theme,
 * outcome and measure positions). */
typedef struct db_catalogue_rec {
	int64_t theme_id, outcome_id, measure_id;
	const char *theme, *theme_title, *outcome, *code, *title, *unit;
	int local;                /* 1: an organisation's own measure */
} db_catalogue_rec;
typedef int (*db_catalogue_fn)(void *ctx, const db_catalogue_rec *m);
int db_report_catalogue(svdb *db, db_catalogue_fn fn, void *ctx, sv_err *err);

/* The bodies whose rows a read gives: a set of (1 << enum sv_body). */
#define DB_BODIES_ALL ((1u << BODY_WMP) | (1u << BODY_OPCC))

/* Every contract, by id, with its supplier's name. */
typedef struct db_report_contract_rec {
	int64_t id;
	const char *ref, *title, *supplier, *manager;   /* manager may be NULL */
	const char *start, *end;  /* YYYY-MM-DD */
	enum sv_body body;
	sv_pence value;
	int sv_weight;            /* tenths of a percent */
} db_report_contract_rec;
typedef int (*db_report_contract_fn)(void *ctx, const db_report_contract_rec *c);
int db_report_contracts(svdb *db, db_report_contract_fn fn, void *ctx, sv_err *err);

/* The commitments of financial year fy, of contracts of the bodies. */
typedef struct db_report_commitment_rec {
	int64_t contract_id, measure_id;
	int64_t proxy_set_id;     /* 0: none recorded */
	sv_qty target;
	int has_proxy;            /* 0: record only */
	sv_proxy proxy;
} db_report_commitment_rec;
typedef int (*db_report_commitment_fn)(void *ctx, const db_report_commitment_rec *c);
int db_report_commitments(svdb *db, int fy, unsigned bodies, db_report_commitment_fn fn,
			  void *ctx, sv_err *err);

/* The return lines of the quarters from .. to (both included) of contracts
 * of the bodies, each with its commitment's contract, measure, year and
 * proxy. */
typedef struct db_report_line_rec {
	int64_t contract_id, measure_id;
	int fy, q;
	sv_qty delivered;
	enum sv_status status;
	int has_validated;
	sv_qty validated;         /* with has_validated */
	int has_proxy;            /* 0: record only */
	sv_proxy proxy;
} db_report_line_rec;
typedef int (*db_report_line_fn)(void *ctx, const db_report_line_rec *l);
int db_report_lines(svdb *db, sv_quarter from, sv_quarter to, unsigned bodies,
		    db_report_line_fn fn, void *ctx, sv_err *err);

/* Every proxy set, by name. */
typedef int (*db_report_proxy_set_fn)(void *ctx, int64_t id, const char *name,
				      int illustrative);
int db_report_proxy_sets(svdb *db, db_report_proxy_set_fn fn, void *ctx, sv_err *err);

/* The questionnaire answers recorded, by contract id and topic. */
typedef int (*db_report_answer_fn)(void *ctx, int64_t contract_id, const char *topic,
				   const char *answer);
int db_report_answers(svdb *db, db_report_answer_fn fn, void *ctx, sv_err *err);

#endif
