#include "config.h"

/* audit.c: the tamper-evident audit log (spec "The audit log").
 *
 * Triggers write the entries (generated here from one list of audited
 * columns); svdesk seals them into a SHA-256 chain just before each COMMIT;
 * an import (or the demo) is one entry whose id its rows carry, with a
 * digest of those rows.  The hashing is in audit_hash.c; the checks in
 * audit_check.c (triggers, chain, head) and audit_replay.c (the replay). */

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "db/db_private.h"
#include "db/migrations.h"

/* ---- the audited tables and their columns (schema version 3) ----------- */

#define COLS(...) (const char *const[]){ __VA_ARGS__ }
#define TABLE(name, ...) { name, COLS(__VA_ARGS__), \
	(int)(sizeof COLS(__VA_ARGS__) / sizeof(const char *)) }

const struct audit_table audit_tables[] = {
	TABLE("theme", "id", "name", "title", "position"),
	TABLE("outcome", "id", "theme_id", "text", "position"),
	TABLE("measure", "id", "code", "outcome_id", "title", "unit", "local", "position"),
	TABLE("proxy_set", "id", "name", "illustrative", "is_current", "created_at"),
	TABLE("proxy_value", "id", "set_id", "measure_id", "proxy"),
	TABLE("supplier", "id", "name"),
	TABLE("contract", "id", "ref", "title", "supplier_id", "body", "value", "start_date",
	      "end_date", "sv_weight", "manager", "status", "award_report", "living_wage",
	      "living_wage_date", "living_wage_note", "modern_slavery", "modern_slavery_date",
	      "modern_slavery_note"),
	TABLE("commitment", "id", "contract_id", "measure_id", "year", "target", "proxy",
	      "proxy_set_id", "note"),
	TABLE("return_line", "id", "commitment_id", "quarter", "delivered", "evidence",
	      "submitted", "status", "validated", "validated_by", "validated_at", "reason",
	      "version"),
	TABLE("decision", "id", "return_line_id", "status", "validated", "reason", "decided_by",
	      "decided_at", "origin", "line_version", "delivered", "undoes"),
	TABLE("highlight", "id", "year", "contract_id", "body", "text", "created_by",
	      "created_at", "position"),
	TABLE("questionnaire_answer", "id", "contract_id", "topic", "answer", "recorded_by",
	      "recorded_at"),
};
const int audit_ntables = (int)(sizeof audit_tables / sizeof audit_tables[0]);

/* The columns added after version 3, each at the end of its table's list
 * above, in the order of the list: a list of version v is the version-3
 * list and the columns added up to v. */
static const struct {
	const char *table, *col;
	int version;
} audit_added[] = {
	{ "highlight", "position", 4 },
	{ "decision", "undoes", 6 },
};

/* The tables whose generated triggers a version makes again without
 * adding a column (their text changed): return_line at 6, whose update
 * trigger knows an undo (decision_applied). */
static const struct {
	const char *table;
	int version;
} audit_remade[] = {
	{ "return_line", 6 },
};

static int version_remakes(const struct audit_table *t, int version)
{
	size_t i;

	for (i = 0; i < sizeof audit_remade / sizeof audit_remade[0]; i++)
		if (audit_remade[i].version == version && strcmp(audit_remade[i].table, t->name) == 0)
			return 1;
	return 0;
}

int audit_ncols(const struct audit_table *t, int version)
{
	size_t i;
	int n = t->ncols;

	for (i = 0; i < sizeof audit_added / sizeof audit_added[0]; i++)
		if (audit_added[i].version > version && strcmp(audit_added[i].table, t->name) == 0)
			n--;
	return n;
}

int audit_version_adds(const struct audit_table *t, int version)
{
	return version > AUDIT_SCHEMA && audit_ncols(t, version) > audit_ncols(t, version - 1);
}

void audit_digest_added(struct sha256_ctx *c, const struct audit_table *t, int version,
			const struct audit_val *vals)
{
	struct audit_table v = *t;

	v.ncols = 1 + audit_ncols(t, version) - audit_ncols(t, version - 1);
	audit_digest_row(c, &v, vals);
}

/* t as it was at a version: its list cut to that version's columns */
static struct audit_table table_at(const struct audit_table *t, int version)
{
	struct audit_table v = *t;

	v.ncols = audit_ncols(t, version);
	return v;
}

/* ---- a growing string ----------------------------------------------------- */

struct sbuf {
	char *p;
	size_t n, cap;
	int oom;
};

static void sb_add(struct sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void sb_add(struct sbuf *b, const char *fmt, ...)
{
	va_list ap;
	int k;

	if (b->oom)
		return;
	for (;;) {
		size_t room = b->cap - b->n;

		va_start(ap, fmt);
		k = vsnprintf(b->p ? b->p + b->n : NULL, b->p ? room : 0, fmt, ap);
		va_end(ap);
		if (k < 0) {
			b->oom = 1;
			return;
		}
		if (b->p != NULL && (size_t)k < room) {
			b->n += (size_t)k;
			return;
		}
		{
			size_t cap = b->cap ? b->cap * 2 : 1024;
			char *q;

			while (cap < b->n + (size_t)k + 1)
				cap *= 2;
			q = realloc(b->p, cap);
			if (q == NULL) {
				b->oom = 1;
				return;
			}
			b->p = q;
			b->cap = cap;
		}
	}
}

/* "'a', P.a, 'b', P.b ..." for json_object */
static void sb_pairs(struct sbuf *b, const struct audit_table *t, const char *p)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		sb_add(b, "%s'%s', %s.%s", i ? ", " : "", t->cols[i], p, t->cols[i]);
}

/* The entry of a decision made one at a time also records the line's
 * state before the decision (the decision itself says the state after):
 * a decision and the line's new status are one entry. */
static const char decision_before[] =
	"(SELECT json_object('status', r.status, 'validated', r.validated, "
	"'validated_by', r.validated_by, 'validated_at', r.validated_at, 'reason', r.reason, "
	"'version', r.version) FROM return_line r "
	"WHERE r.id = NEW.return_line_id AND r.version = NEW.line_version)";

/* A change to a return line that only applies a decision recorded with its
 * own entry (the decision's line_version is the line's old version) gets
 * no entry of its own.  (Versions 3 to 5.) */
static const char decision_applied_v3[] =
	" AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.return_line_id = NEW.id "
	"AND d.line_version = OLD.version AND d.import_id IS NULL "
	"AND d.delivered IS NEW.delivered AND d.status IS NEW.status "
	"AND d.validated IS NEW.validated AND d.reason IS NEW.reason "
	"AND d.decided_by IS NEW.validated_by AND d.decided_at IS NEW.validated_at "
	"AND NEW.delivered IS OLD.delivered AND NEW.evidence IS OLD.evidence "
	"AND NEW.submitted IS OLD.submitted)";

/* From version 6: the same, and an undo (undoes set) gives the line the
 * person and time of the state it restores, which the entry of the
 * decision it undoes holds as its "before" (the line before that
 * decision). */
static const char decision_applied_v6[] =
	" AND NOT EXISTS (SELECT 1 FROM decision d WHERE d.return_line_id = NEW.id "
	"AND d.line_version = OLD.version AND d.import_id IS NULL "
	"AND d.delivered IS NEW.delivered AND d.status IS NEW.status "
	"AND d.validated IS NEW.validated AND d.reason IS NEW.reason "
	"AND CASE WHEN d.undoes IS NULL "
	"THEN d.decided_by IS NEW.validated_by AND d.decided_at IS NEW.validated_at "
	"ELSE EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'decision' "
	"AND a.entity_id = d.undoes AND a.action = 'insert' "
	"AND json_extract(a.before, '$.validated_by') IS NEW.validated_by "
	"AND json_extract(a.before, '$.validated_at') IS NEW.validated_at) END "
	"AND NEW.delivered IS OLD.delivered AND NEW.evidence IS OLD.evidence "
	"AND NEW.submitted IS OLD.submitted)";

static const char entry_cols[] =
	"INSERT INTO audit (id, who, origin, entity, entity_id, action, before, after)\n"
	"\tVALUES (sv_audit_id(), sv_actor(), sv_origin(), ";

/* insert: the whole row, unless an import added it (its digest holds it) */
static void make_insert_trigger(struct sbuf *b, const struct audit_table *t)
{
	sb_add(b, "CREATE TRIGGER %s_audit_insert AFTER INSERT ON %s\n"
	       "WHEN NEW.import_id IS NULL\nBEGIN\n\t%s'%s', NEW.%s, 'insert', %s,\n\t\tjson_object(",
	       t->name, t->name, entry_cols, t->name, t->cols[0],
	       strcmp(t->name, "decision") == 0 ? decision_before : "NULL");
	sb_pairs(b, t, "NEW");
	sb_add(b, "));\nEND;\n");
}

static void make_triggers(struct sbuf *b, const struct audit_table *t, int version)
{
	const char *id = t->cols[0];
	int i;

	make_insert_trigger(b, t);

	/* update: the columns that changed, before and after; none for a row
	 * that the import under way added (its digest will hold the result) */
	sb_add(b, "CREATE TRIGGER %s_audit_update AFTER UPDATE ON %s\nWHEN (", t->name, t->name);
	for (i = 0; i < t->ncols; i++)
		sb_add(b, "%sNEW.%s IS NOT OLD.%s", i ? " OR " : "", t->cols[i], t->cols[i]);
	sb_add(b, ")\n AND coalesce(OLD.import_id = sv_import_id(), 0) = 0%s\nBEGIN\n"
	       "\t%s'%s', OLD.%s, 'update',\n", strcmp(t->name, "return_line") != 0 ? ""
	       : version >= 6 ? decision_applied_v6 : decision_applied_v3, entry_cols, t->name, id);
	for (i = 0; i < 2; i++) {
		const char *p = i == 0 ? "OLD" : "NEW";
		int k;

		sb_add(b, "\t\tjson_remove(json_object(");
		sb_pairs(b, t, p);
		sb_add(b, ")");
		for (k = 0; k < t->ncols; k++)
			sb_add(b, ", CASE WHEN NEW.%s IS OLD.%s THEN '$.%s' ELSE '$.-' END",
			       t->cols[k], t->cols[k], t->cols[k]);
		sb_add(b, ")%s", i == 0 ? ",\n" : ");\nEND;\n");
	}

	/* delete: the whole row and the import that added it */
	sb_add(b, "CREATE TRIGGER %s_audit_delete AFTER DELETE ON %s\n"
	       "WHEN coalesce(OLD.import_id = sv_import_id(), 0) = 0\nBEGIN\n"
	       "\t%s'%s', OLD.%s, 'delete',\n\t\tjson_object(",
	       t->name, t->name, entry_cols, t->name, id);
	sb_pairs(b, t, "OLD");
	sb_add(b, ", 'import_id', OLD.import_id), NULL);\nEND;\n");

	sb_add(b, "CREATE TRIGGER %s_import_id_fixed BEFORE UPDATE OF import_id ON %s\n"
	       "WHEN NEW.import_id IS NOT OLD.import_id\nBEGIN\n"
	       "\tSELECT RAISE(ABORT, 'a row keeps the id of the import that added it');\nEND;\n",
	       t->name, t->name);
}

char *audit_triggers_script(int version, int only_added)
{
	struct sbuf b = { 0 };
	int i;

	for (i = 0; i < audit_ntables; i++) {
		struct audit_table t = table_at(&audit_tables[i], version);

		if (!only_added || audit_version_adds(&audit_tables[i], version) ||
		    version_remakes(&audit_tables[i], version))
			make_triggers(&b, &t, version);
	}
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	if (b.p == NULL)
		b.p = strdup("");
	return b.p;
}

/* The triggers of version `version`: all of them at version 3, else those
 * of the tables that gained columns or whose triggers changed (the
 * migration dropped their old ones). */
static int create_triggers(svdb *db, int version, sv_err *err)
{
	char *sql = audit_triggers_script(version, version > AUDIT_SCHEMA);
	int rc;

	if (sql == NULL)
		return db_errf(err, DB_E_OTHER, "%s: out of memory", db->path);
	rc = db_exec_script(db, sql, err);
	free(sql);
	return rc;
}

/* ---- SQL functions ------------------------------------------------------------- */

static void fn_import_id(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const svdb *db = sqlite3_user_data(ctx);

	(void)argc;
	(void)argv;
	if (db->import_id > 0)
		sqlite3_result_int64(ctx, db->import_id);
	else
		sqlite3_result_null(ctx);
}

static void fn_audit_id(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	svdb *db = sqlite3_user_data(ctx);

	(void)argc;
	(void)argv;
	if (db->import_id > 0)
		sqlite3_result_int64(ctx, db->audit_next++);
	else
		sqlite3_result_null(ctx);
}

/* sv_rows_digest(TABLE, COLUMNS...): the digest of an import's rows of
 * audit_tables[TABLE], fed in id order (the first column), as 32 bytes.
 * An aggregate: its arguments are read with no copy and no lock per value.
 * Rows out of order are an error, never a different digest. */
struct rows_digest {
	struct sha256_ctx c;
	int64_t last;
	int started;
};

static void fn_rows_digest_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct rows_digest *d = sqlite3_aggregate_context(ctx, (int)sizeof *d);
	int64_t ti = sqlite3_value_int64(argv[0]), id;
	struct audit_table tv;
	const struct audit_table *t;

	if (d == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (ti < 0 || ti >= audit_ntables || argc - 1 > audit_tables[ti].ncols ||
	    argc - 1 < audit_ncols(&audit_tables[ti], AUDIT_SCHEMA)) {
		sqlite3_result_error(ctx, "sv_rows_digest: wrong arguments", -1);
		return;
	}
	tv = audit_tables[ti];
	tv.ncols = argc - 1;   /* the list of a version: its first columns */
	t = &tv;
	id = sqlite3_value_int64(argv[1]);
	if (!d->started) {
		sha256_init(&d->c);
		d->started = 1;
	} else if (id <= d->last) {
		sqlite3_result_error(ctx, "sv_rows_digest: rows out of id order", -1);
		return;
	}
	d->last = id;
	audit_digest_values(&d->c, t, argv + 1);
}

static void fn_rows_digest_final(sqlite3_context *ctx)
{
	struct rows_digest *d = sqlite3_aggregate_context(ctx, 0);
	unsigned char h[SHA256_DIGEST_SIZE];

	if (d == NULL || !d->started) {
		sqlite3_result_null(ctx);
		return;
	}
	sha256_digest(&d->c, SHA256_DIGEST_SIZE, h);
	sqlite3_result_blob(ctx, h, SHA256_DIGEST_SIZE, SQLITE_TRANSIENT);
}

int audit_register(svdb *db)
{
	if (sqlite3_create_function_v2(db->h, "sv_import_id", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				       db, fn_import_id, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(db->h, "sv_audit_id", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				       db, fn_audit_id, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(db->h, "sv_rows_digest", -1,
				       SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, NULL,
				       fn_rows_digest_step, fn_rows_digest_final, NULL) != SQLITE_OK)
		return -1;
	if (db_register_sqlfn(db->h) != SQLITE_OK)
		return -1;
	return db_register_period(db->h) == SQLITE_OK ? 0 : -1;
}

/* The digests of the rows that carry import id `imp`, one per table with
 * such rows, rows in id order over the columns of schema version `version`,
 * as a JSON object {"table": "hex", ...} in *json (malloc'd); *count = the
 * rows. */
static int digest_import(svdb *db, int64_t imp, int version, char **json, int64_t *count,
			 sv_err *err)
{
	struct sbuf out = { 0 };
	char hex[65];
	int ti, i, rc = 0;

	*count = 0;
	*json = NULL;
	sb_add(&out, "{");
	for (ti = 0; ti < audit_ntables && rc == 0; ti++) {
		const struct audit_table tv = table_at(&audit_tables[ti], version), *t = &tv;
		struct sbuf b = { 0 };
		sqlite3_stmt *st = NULL;
		int64_t n = 0;

		/* A scan in rowid (id) order, or through an index that would
		 * keep it; the function refuses any other order. */
		sb_add(&b, "SELECT sv_rows_digest(%d", ti);
		for (i = 0; i < t->ncols; i++)
			sb_add(&b, ", %s", t->cols[i]);
		sb_add(&b, "), count(*) FROM %s WHERE import_id = ?1", t->name);
		if (b.oom)
			rc = db_errf(err, DB_E_OTHER, "%s: out of memory", db->path);
		else if (sqlite3_prepare_v2(db->h, b.p, -1, &st, NULL) != SQLITE_OK)
			rc = db_sqlfail(db, err, sqlite3_errcode(db->h), "%s: audit digest", db->path);
		free(b.p);
		if (rc != 0)
			break;
		sqlite3_bind_int64(st, 1, imp);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			n = sqlite3_column_int64(st, 1);
			if (n > 0 && sqlite3_column_bytes(st, 0) == SHA256_DIGEST_SIZE) {
				audit_hex(sqlite3_column_blob(st, 0), SHA256_DIGEST_SIZE, hex);
				sb_add(&out, "%s\"%s\":\"%s\"", *count ? "," : "", t->name, hex);
				*count += n;
			}
			rc = 0;
		} else {
			rc = db_sqlfail(db, err, rc, "%s: audit digest", db->path);
		}
		sqlite3_finalize(st);
	}
	sb_add(&out, "}");
	if (rc == 0 && out.oom)
		rc = db_errf(err, DB_E_OTHER, "%s: out of memory", db->path);
	if (rc != 0) {
		free(out.p);
		return -1;
	}
	*json = out.p;
	return 0;
}

/* ---- sealing ---------------------------------------------------------------------- */

static int max_entry(svdb *db, int64_t *out, sv_err *err)
{
	static const char q[] = "SELECT coalesce(max(id), 0) FROM audit";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s: audit log", db->path);
	return 0;
}

int audit_txn_begin(svdb *db, sv_err *err)
{
	if (!db->sealing)
		return 0;
	return max_entry(db, &db->seal_from, err);
}

/* Hash the entries of this transaction in id order, 256 at a time. */
int audit_seal(svdb *db, sv_err *err)
{
	static const char q_prev[] = "SELECT hash FROM audit WHERE id < ?1 ORDER BY id DESC LIMIT 1";
	static const char q_tail[] = "SELECT id, at, who, origin, entity, entity_id, action, "
		"before, after FROM audit WHERE hash IS NULL AND id > ?1 ORDER BY id LIMIT 256";
	static const char q_set[] = "UPDATE audit SET hash = ?2 WHERE id = ?1 AND hash IS NULL";
	unsigned char prev[32], hs[256][32];
	int64_t ids[256], after = db->seal_from;
	int have_prev = 0, n, i, rc;
	sqlite3_stmt *st;

	if (!db->sealing)
		return 0;
	for (;;) {
		st = db_prepare(db, q_tail, err);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, after);
		for (n = 0; n < 256 && (rc = sqlite3_step(st)) == SQLITE_ROW; n++) {
			ids[n] = sqlite3_column_int64(st, 0);
			if (!have_prev) {
				sqlite3_stmt *p = db_prepare(db, q_prev, err);
				int r2;

				if (p == NULL) {
					db_done(st);
					return -1;
				}
				sqlite3_bind_int64(p, 1, ids[n]);
				r2 = sqlite3_step(p);
				have_prev = r2 == SQLITE_ROW && sqlite3_column_bytes(p, 0) == 32 ? 2 : 1;
				if (have_prev == 2)
					memcpy(prev, sqlite3_column_blob(p, 0), 32);
				db_done(p);
			}
			audit_entry_hash(have_prev == 2 ? prev : NULL, st, hs[n]);
			memcpy(prev, hs[n], 32);
			have_prev = 2;
		}
		if (n < 256 && rc != SQLITE_DONE) {
			db_done(st);
			return db_sqlfail(db, err, rc, "%s: sealing the audit log", db->path);
		}
		db_done(st);
		for (i = 0; i < n; i++) {
			st = db_prepare(db, q_set, err);
			if (st == NULL)
				return -1;
			sqlite3_bind_int64(st, 1, ids[i]);
			sqlite3_bind_blob(st, 2, hs[i], 32, SQLITE_STATIC);
			rc = sqlite3_step(st);
			db_done(st);
			if (rc != SQLITE_DONE)
				return db_sqlfail(db, err, rc, "%s: sealing the audit log", db->path);
		}
		if (n < 256)
			return 0;
		after = ids[n - 1];
	}
}

/* ---- import sessions ----------------------------------------------------------------- */

static char *dup_or_null(const char *s)
{
	return s == NULL ? NULL : strdup(s);
}

static void session_clear(svdb *db)
{
	db->import_id = 0;
	db->audit_next = 0;
	free(db->import_kind);
	free(db->import_file);
	free(db->import_sha);
	db->import_kind = db->import_file = db->import_sha = NULL;
}

/* Drop (make 0) or create (make 1) the insert triggers of every table. */
static int insert_triggers(svdb *db, int make, sv_err *err)
{
	struct sbuf b = { 0 };
	int i, rc;

	for (i = 0; i < audit_ntables; i++) {
		struct audit_table t = table_at(&audit_tables[i], db_schema_version());

		if (make)
			make_insert_trigger(&b, &t);
		else
			sb_add(&b, "DROP TRIGGER %s_audit_insert;\n", audit_tables[i].name);
	}
	if (b.oom) {
		free(b.p);
		return db_errf(err, DB_E_OTHER, "%s: out of memory", db->path);
	}
	rc = db_exec_script(db, b.p, err);
	free(b.p);
	/* and the totals' (schema version 5): summed at the session's end */
	if (rc == 0)
		rc = db_totals_session(db, make, err);
	return rc;
}

int db_import_begin(svdb *db, const char *kind, const char *file_name, sv_err *err)
{
	int64_t max = 0;

	if (sqlite3_get_autocommit(db->h))
		return db_errf(err, DB_E_OTHER, "%s: an import is recorded inside a transaction",
			       db->path);
	if (db->import_id > 0)
		return db_errf(err, DB_E_OTHER, "%s: an import is already under way", db->path);
	if (!db->sealing)
		return db_errf(err, DB_E_OTHER, "%s: the audit log is not at schema version %d",
			       db->path, AUDIT_SCHEMA);
	if (db_blank(kind))
		return db_errf(err, DB_E_OTHER, "%s: an import needs a kind", db->path);
	if (max_entry(db, &max, err) != 0)
		return -1;
	db->import_kind = strdup(kind);
	db->import_file = dup_or_null(file_name);
	if (db->import_kind == NULL || (file_name && !db->import_file)) {
		session_clear(db);
		return db_errf(err, DB_E_OTHER, "%s: out of memory", db->path);
	}
	/* Every row inserted from now carries the import's id, so the insert
	 * triggers would write nothing: they are dropped for the session (an
	 * AFTER trigger costs time on every row, even when it writes nothing)
	 * and put back, as they were, before the transaction can commit.  DDL
	 * is transactional: a rollback or a crash puts them back too. */
	if (insert_triggers(db, 0, err) != 0) {
		session_clear(db);
		return -1;
	}
	db->import_id = max + 1;
	db->audit_next = max + 2;
	return 0;
}

void db_import_abort(svdb *db)
{
	if (db == NULL || db->import_id <= 0)
		return;
	/* the transaction is normally rolled back next, which puts the
	 * triggers back anyway; whoever goes on with it gets them back now */
	if (!sqlite3_get_autocommit(db->h))
		insert_triggers(db, 1, NULL);
	session_clear(db);
}

void audit_session_resync(svdb *db)
{
	int64_t max = 0;

	if (db->import_id <= 0 || max_entry(db, &max, NULL) != 0)
		return;
	db->audit_next = max >= db->import_id ? max + 1 : db->import_id + 1;
}

/* Insert the import's (or the baseline's) entry with id `id`. */
static int write_session_entry(svdb *db, int64_t id, const char *entity, const char *after,
			       sv_err *err)
{
	static const char q[] = "INSERT INTO audit (id, who, origin, entity, entity_id, action, "
		"before, after) VALUES (?1, sv_actor(), sv_origin(), ?2, NULL, ?2, NULL, ?3)";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, entity, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, after, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: writing the %s entry", db->path, entity);
	return 0;
}

/* The JSON of an import entry, built by SQLite (quoting is its job). */
static int import_json(svdb *db, const db_import_counts *c, const char *rows_json,
		       int64_t nrows, char **out, sv_err *err)
{
	static const char q[] = "SELECT json_object('kind', ?1, 'file', ?2, 'sha256', ?3, "
		"'added', ?4, 'changed', ?5, 'unchanged', ?6, 'skipped', ?7, "
		"'row_count', ?8, 'rows', json(?9))";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, db->import_kind, -1, SQLITE_STATIC);
	db_bind_opt(st, 2, db->import_file);
	db_bind_opt(st, 3, db->import_sha);
	sqlite3_bind_int64(st, 4, c->added);
	sqlite3_bind_int64(st, 5, c->changed);
	sqlite3_bind_int64(st, 6, c->unchanged);
	sqlite3_bind_int64(st, 7, c->skipped);
	sqlite3_bind_int64(st, 8, nrows);
	sqlite3_bind_text(st, 9, rows_json, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW ? strdup((const char *)sqlite3_column_text(st, 0)) : NULL;
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s: the import entry", db->path);
	if (*out == NULL)
		return db_errf(err, DB_E_OTHER, "%s: out of memory", db->path);
	return 0;
}

int db_import_end(svdb *db, const char *sha256_hex, const db_import_counts *counts,
		  sv_err *err)
{
	static const db_import_counts zero = { 0, 0, 0, 0 };
	db_import_counts auto_counts = { 0, 0, 0, 0 };
	char *rows = NULL, *json = NULL;
	int64_t nrows = 0, max = 0;
	int rc = -1;

	if (db->import_id <= 0)
		return db_errf(err, DB_E_OTHER, "%s: no import is under way", db->path);
	if (counts == NULL)
		counts = &zero;
	free(db->import_sha);
	db->import_sha = dup_or_null(sha256_hex);
	if (sha256_hex != NULL && db->import_sha == NULL) {
		db_import_abort(db);
		return db_errf(err, DB_E_OTHER, "%s: out of memory", db->path);
	}
	if (insert_triggers(db, 1, err) != 0) {
		db_import_abort(db);
		return -1;
	}
	if (db_totals_add_import(db, db->import_id, err) != 0) {
		session_clear(db);
		return -1;
	}
	if (digest_import(db, db->import_id, db_schema_version(), &rows, &nrows, err) != 0 ||
	    max_entry(db, &max, err) != 0)
		goto out;
	/* nothing added or changed: no entry (and no rows carry its id) */
	if (nrows == 0 && max < db->import_id && counts->added == 0 && counts->changed == 0) {
		rc = 0;
		goto out;
	}
	if (counts == &zero) {   /* the demo: every row it wrote is added */
		auto_counts.added = nrows;
		counts = &auto_counts;
	}
	if (import_json(db, counts, rows, nrows, &json, err) != 0)
		goto out;
	{
		int64_t id = db->import_id;

		db->import_id = 0;   /* the entry itself is written as an ordinary one */
		rc = write_session_entry(db, id, "import", json, err);
	}
out:
	free(rows);
	free(json);
	session_clear(db);
	return rc;
}

/* ---- migration to version 3 ------------------------------------------------------------- */

int audit_migrate_pre(svdb *db, int to, sv_err *err)
{
	static const char q[] = "SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name";
	struct sbuf b = { 0 };
	sqlite3_stmt *st = NULL;
	int rc;

	if (to != AUDIT_SCHEMA)
		return 0;
	rc = sqlite3_prepare_v2(db->h, q, -1, &st, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* the name quoted as an identifier: "" for each " in it */
		char *drop = sqlite3_mprintf("DROP TRIGGER \"%w\";\n",
					     (const char *)sqlite3_column_text(st, 0));

		rc = SQLITE_OK;
		if (drop == NULL)
			b.oom = 1;
		else
			sb_add(&b, "%s", drop);
		sqlite3_free(drop);
	}
	sqlite3_finalize(st);
	if (b.oom) {
		free(b.p);
		return db_errf(err, DB_E_OTHER, "%s: schema migration %d: out of memory", db->path, to);
	}
	if (rc != SQLITE_DONE) {
		free(b.p);
		return db_sqlfail(db, err, rc, "%s: schema migration %d", db->path, to);
	}
	rc = b.p == NULL ? 0 : db_exec_script(db, b.p, err);
	free(b.p);
	return rc;
}

/* The baseline: every audited row that exists already carries the
 * baseline entry's id (the migration's copy set it); the entry holds their
 * digest. */
static int write_baseline(svdb *db, sv_err *err)
{
	static const char q[] = "SELECT json_object('kind', 'baseline', 'row_count', ?1, "
		"'rows', json(?2))";
	char *rows = NULL, *json;
	int64_t max = 0, n = 0;
	sqlite3_stmt *st;
	int rc;

	if (max_entry(db, &max, err) != 0 || digest_import(db, max + 1, AUDIT_SCHEMA, &rows, &n, err) != 0)
		return -1;
	st = db_prepare(db, q, err);
	if (st == NULL) {
		free(rows);
		return -1;
	}
	sqlite3_bind_int64(st, 1, n);
	sqlite3_bind_text(st, 2, rows, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		db_done(st);
		free(rows);
		return db_sqlfail(db, err, rc, "%s: the baseline entry", db->path);
	}
	json = strdup((const char *)sqlite3_column_text(st, 0));
	db_done(st);
	free(rows);
	if (json == NULL)
		return db_errf(err, DB_E_OTHER, "%s: out of memory", db->path);
	rc = write_session_entry(db, max + 1, "baseline", json, err);
	free(json);
	return rc;
}

/* A later version that adds columns: one entry (entity "baseline", kind
 * "schema") marks where the longer column lists begin, with the digest of
 * the new columns' values (each with its row's id, rows in id order) as
 * the migration set them, table by table. */
static int write_schema_mark(svdb *db, int to, sv_err *err)
{
	static const char q[] = "SELECT json_object('kind', 'schema', 'version', ?1, "
		"'row_count', ?2, 'added', json(?3))";
	struct sbuf out = { 0 };
	char *json = NULL;
	int64_t max = 0, total = 0;
	sqlite3_stmt *st;
	int ti, rc = 0;

	sb_add(&out, "{");
	for (ti = 0; ti < audit_ntables && rc == 0; ti++) {
		const struct audit_table *t = &audit_tables[ti];
		struct sha256_ctx c;
		unsigned char h[SHA256_DIGEST_SIZE];
		char hex[65];
		struct sbuf b = { 0 };
		int from = audit_ncols(t, to - 1), upto = audit_ncols(t, to), i;

		if (!audit_version_adds(t, to))
			continue;
		sb_add(&b, "SELECT %s", t->cols[0]);
		for (i = from; i < upto; i++)
			sb_add(&b, ", %s", t->cols[i]);
		sb_add(&b, " FROM %s ORDER BY %s", t->name, t->cols[0]);
		st = NULL;
		if (b.oom || sqlite3_prepare_v2(db->h, b.p, -1, &st, NULL) != SQLITE_OK) {
			free(b.p);
			rc = db_sqlfail(db, err, sqlite3_errcode(db->h), "%s: the schema entry", db->path);
			break;
		}
		free(b.p);
		sha256_init(&c);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			struct audit_val v[AUDIT_MAX_COLS];

			memset(v, 0, sizeof v);
			for (i = 0; i <= upto - from; i++)
				if (audit_val_from_column(&v[i], st, i) != 0)
					rc = SQLITE_NOMEM;
			if (rc == SQLITE_ROW)
				audit_digest_added(&c, t, to, v);
			for (i = 0; i <= upto - from; i++)
				audit_val_free(&v[i]);
			if (rc != SQLITE_ROW)
				break;
			total++;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			rc = db_sqlfail(db, err, rc, "%s: the schema entry", db->path);
			break;
		}
		rc = 0;
		sha256_digest(&c, SHA256_DIGEST_SIZE, h);
		audit_hex(h, SHA256_DIGEST_SIZE, hex);
		sb_add(&out, "%s\"%s\":\"%s\"", out.n > 1 ? "," : "", t->name, hex);
	}
	sb_add(&out, "}");
	if (rc == 0 && out.oom)
		rc = db_errf(err, DB_E_OTHER, "%s: out of memory", db->path);
	if (rc == 0 && max_entry(db, &max, err) != 0)
		rc = -1;
	if (rc == 0 && (st = db_prepare(db, q, err)) == NULL)
		rc = -1;
	if (rc == 0) {
		sqlite3_bind_int(st, 1, to);
		sqlite3_bind_int64(st, 2, total);
		sqlite3_bind_text(st, 3, out.p, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		json = rc == SQLITE_ROW ? strdup((const char *)sqlite3_column_text(st, 0)) : NULL;
		db_done(st);
		rc = rc != SQLITE_ROW ? db_sqlfail(db, err, rc, "%s: the schema entry", db->path)
			: json == NULL ? db_errf(err, DB_E_OTHER, "%s: out of memory", db->path) : 0;
	}
	if (rc == 0)
		rc = write_session_entry(db, max + 1, "baseline", json, err);
	free(json);
	free(out.p);
	return rc;
}

/* 1 when table t has a row, or the log an entry about one; 0, or -1. */
static int has_history(svdb *db, const struct audit_table *t, sv_err *err)
{
	static const char q[] = "SELECT EXISTS (SELECT 1 FROM audit WHERE entity = ?1)";
	char sql[128];
	int64_t n = 0;
	sqlite3_stmt *st;
	int rc;

	snprintf(sql, sizeof sql, "SELECT EXISTS (SELECT 1 FROM %s)", t->name);
	rc = db_query_int(db->h, sql, &n);
	if (rc != SQLITE_OK)
		return db_sqlfail(db, err, rc, "%s: schema migration", db->path);
	if (n != 0)
		return 1;
	st = db_prepare(db, q, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, t->name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s: schema migration", db->path);
	return n != 0;
}

int audit_migrate_post(svdb *db, int to, sv_err *err)
{
	int i, adds = 0;

	if (to < AUDIT_SCHEMA)
		return 0;
	if (to == AUDIT_SCHEMA) {
		if (write_baseline(db, err) != 0 || create_triggers(db, to, err) != 0)
			return -1;
		db->sealing = 1;
		db->seal_from = 0;
		return 0;
	}
	for (i = 0; i < audit_ntables && adds == 0; i++) {
		const struct audit_table *t = &audit_tables[i];

		if (audit_version_adds(t, to) && (adds = has_history(db, t, err)) < 0)
			return -1;
	}
	/* a database with none of those rows and no entry about one (a new
	 * one) needs no mark: no replay goes back past the version there */
	if (adds && write_schema_mark(db, to, err) != 0)
		return -1;
	return create_triggers(db, to, err);
}

/* ---- the chain head --------------------------------------------------------------------- */

int db_audit_head(svdb *db, int64_t *entries, char hash[65], sv_err *err)
{
	static const char q[] = "SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st;
	int rc;

	*entries = 0;
	hash[0] = '\0';
	if (!db->sealing)
		return 0;
	st = db_prepare(db, q, err);
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*entries = sqlite3_column_int64(st, 0);
		if (sqlite3_column_bytes(st, 1) == 32)
			audit_hex(sqlite3_column_blob(st, 1), 32, hash);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: audit log", db->path);
	return 0;
}
