#include "config.h"

/* register.c: the desk's reads of the register (see svdesk/register.h):
 * one record by id, the pick lists of a form, a record's version and the
 * refusal of a stale edit, and the desk's short write transaction.  The
 * writes are in register_write.c. */

#define _DEFAULT_SOURCE 1    /* timegm */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "db/db_private.h"
#include "svdesk/register.h"
#include "svdesk/utf8.h"

/* ---- one record by id ------------------------------------------------------------ */

static const char q_contract[] =
	DB_CONTRACT_SELECT "WHERE c.id = ?1";

static int row_contract(sqlite3_stmt *st, void *fn, void *ctx)
{
	db_contract_rec c;

	db_contract_rec_read(st, &c);
	(*(db_contract_fn *)fn)(ctx, &c);
	return 1;
}

static const char q_commitment[] =
	"SELECT c.ref, m.code, cm.year, cm.target, cm.note, cm.proxy, "
	"(SELECT ps.name FROM proxy_set ps WHERE ps.id = cm.proxy_set_id) "
	"FROM commitment cm JOIN contract c ON c.id = cm.contract_id "
	"JOIN measure m ON m.id = cm.measure_id WHERE cm.id = ?1";

static int row_commitment(sqlite3_stmt *st, void *fn, void *ctx)
{
	db_commitment_rec c;

	c.ref = db_col_text(st, 0);
	c.code = db_col_text(st, 1);
	c.year = sqlite3_column_int(st, 2);
	c.target = sqlite3_column_int64(st, 3);
	c.note = db_col_text(st, 4);
	c.has_proxy = db_col_has(st, 5);
	c.proxy = c.has_proxy ? sqlite3_column_int64(st, 5) : 0;
	c.proxy_set = db_col_text(st, 6);
	(*(db_commitment_fn *)fn)(ctx, &c);
	return 1;
}

static const char q_answer[] =
	"SELECT q.contract_id, c.ref, c.body, q.topic, q.answer, q.recorded_by, q.recorded_at "
	"FROM questionnaire_answer q JOIN contract c ON c.id = q.contract_id WHERE q.id = ?1";

static int row_answer(sqlite3_stmt *st, void *fn, void *ctx)
{
	db_answer_rec a;

	a.contract_id = sqlite3_column_int64(st, 0);
	a.ref = db_col_text(st, 1);
	a.body = db_col_text(st, 2);
	a.topic = db_col_text(st, 3);
	a.answer = db_col_text(st, 4);
	a.recorded_by = db_col_text(st, 5);
	a.recorded_at = db_col_text(st, 6);
	(*(db_answer_fn *)fn)(ctx, &a);
	return 1;
}

/* One row by id through row(): 1 found, 0 none, -1 error. */
static int by_id(svdb *db, const char *sql, int64_t id, db_row_fn row, void *fn, void *ctx,
		 const char *what, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = db_stream(db, st, row, fn, ctx, what, err);
	return rc < 0 ? -1 : rc > 0;
}

int db_reg_contract_get(svdb *db, int64_t id, db_contract_fn fn, void *ctx, sv_err *err)
{
	return by_id(db, q_contract, id, row_contract, &fn, ctx, "contract", err);
}

int db_reg_commitment_get(svdb *db, int64_t id, db_commitment_fn fn, void *ctx, sv_err *err)
{
	return by_id(db, q_commitment, id, row_commitment, &fn, ctx, "commitment", err);
}

int db_reg_answer_get(svdb *db, int64_t id, db_answer_fn fn, void *ctx, sv_err *err)
{
	return by_id(db, q_answer, id, row_answer, &fn, ctx, "questionnaire answer", err);
}

/* A one-row, one-text query by id into buf: 1, 0 none, -1. */
static int text_by_id(svdb *db, const char *sql, int64_t id, char *buf, size_t n,
		      const char *what, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		db_copy_text(buf, n, sqlite3_column_text(st, 0));
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s", what);
	return 0;
}

int db_reg_supplier_get(svdb *db, int64_t id, char *name, size_t n, sv_err *err)
{
	static const char q[] = "SELECT name FROM supplier WHERE id = ?1";

	return text_by_id(db, q, id, name, n, "supplier", err);
}

int db_answer_find(svdb *db, int64_t contract_id, const char *topic, int64_t *id, sv_err *err)
{
	static const char q[] = "SELECT id FROM questionnaire_answer WHERE contract_id = ?1 "
		"AND topic = ?2";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	*id = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, contract_id);
	sqlite3_bind_text(st, 2, topic, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "questionnaire answer");
	return rc == SQLITE_ROW;
}

int db_supplier_find_key(svdb *db, const char *name, int64_t except_id, int64_t *id,
			 char *buf, size_t n, sv_err *err)
{
	static const char q_all[] = "SELECT id, name FROM supplier";
	char key[DB_TEXT_MAX + 1], other[DB_TEXT_MAX + 1];
	sqlite3_stmt *st;
	int rc, found = 0;

	*id = 0;
	utf8_name_key(name, strlen(name), key, sizeof key);
	st = db_prepare(db, q_all, err);
	if (st == NULL)
		return -1;
	/* suppliers are few (thousands at most), as db_supplier_get_or_add knows */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *o = (const char *)sqlite3_column_text(st, 1);

		if (sqlite3_column_int64(st, 0) == except_id || o == NULL)
			continue;
		utf8_name_key(o, strlen(o), other, sizeof other);
		if (strcmp(key, other) == 0) {
			*id = sqlite3_column_int64(st, 0);
			if (buf != NULL)
				db_copy_text(buf, n, (const unsigned char *)o);
			found = 1;
			break;
		}
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "supplier");
	return found;
}

/* ---- pick lists ----------------------------------------------------------------------- */

/* ?1: the folded text typed, '' for all; ?2 the most rows (-1 no limit) */
static const char *const q_lists[] = {
	[DB_LIST_SUPPLIERS] = "SELECT name, NULL FROM supplier "
		"WHERE ?1 = '' OR instr(sv_fold(name), ?1) > 0 ORDER BY name COLLATE NOCASE, id "
		"LIMIT ?2",
	[DB_LIST_CONTRACTS] = "SELECT ref, title FROM contract "
		"WHERE ?1 = '' OR instr(sv_fold(ref, title), ?1) > 0 ORDER BY ref LIMIT ?2",
	[DB_LIST_OPCC_CONTRACTS] = "SELECT ref, title FROM contract WHERE body = 'OPCC' "
		"AND (?1 = '' OR instr(sv_fold(ref, title), ?1) > 0) ORDER BY ref LIMIT ?2",
	[DB_LIST_MEASURES] = "SELECT code, title FROM measure "
		"WHERE ?1 = '' OR instr(sv_fold(code, title), ?1) > 0 ORDER BY code LIMIT ?2",
	[DB_LIST_PROXY_SETS] = "SELECT name, CASE WHEN is_current THEN 'current' END "
		"FROM proxy_set WHERE ?1 = '' OR instr(sv_fold(name), ?1) > 0 "
		"ORDER BY id DESC LIMIT ?2",
};

int db_reg_choices(svdb *db, enum db_reg_list list, const char *folded, size_t max,
		   void (*fn)(void *ctx, const char *value, const char *label), void *ctx,
		   sv_err *err)
{
	sqlite3_stmt *st;
	size_t got = 0;
	int rc;

	if ((unsigned)list > DB_LIST_PROXY_SETS)
		return db_errf(err, DB_E_OTHER, "no such list");
	st = db_prepare(db, q_lists[list], err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, folded != NULL ? folded : "", -1, SQLITE_STATIC);
	/* one more than asked for: whether there were more */
	sqlite3_bind_int64(st, 2, max > 0 ? (sqlite3_int64)max + 1 : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (max > 0 && got == max)
			break;
		fn(ctx, db_col_text(st, 0), db_col_text(st, 1));
		got++;
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "the choices");
	return rc == SQLITE_ROW;
}

/* ---- versions ------------------------------------------------------------------------- */

static const char *const entity_names[DB_REG_N] = {
	"contract", "supplier", "commitment", "questionnaire_answer"
};

/* The record's version, 0 when the record is not there (one row always). */
static const char *const q_versions[DB_REG_N] = {
	"SELECT coalesce((SELECT max(id) FROM audit WHERE entity = 'contract' AND entity_id = t.id), "
	"t.import_id, 0) FROM contract t WHERE t.id = ?1",
	"SELECT coalesce((SELECT max(id) FROM audit WHERE entity = 'supplier' AND entity_id = t.id), "
	"t.import_id, 0) FROM supplier t WHERE t.id = ?1",
	"SELECT coalesce((SELECT max(id) FROM audit WHERE entity = 'commitment' "
	"AND entity_id = t.id), t.import_id, 0) FROM commitment t WHERE t.id = ?1",
	"SELECT coalesce((SELECT max(id) FROM audit WHERE entity = 'questionnaire_answer' "
	"AND entity_id = t.id), t.import_id, 0) FROM questionnaire_answer t WHERE t.id = ?1",
};

int db_reg_version(svdb *db, enum db_reg r, int64_t id, int64_t *version, sv_err *err)
{
	sqlite3_stmt *st;
	int rc;

	*version = 0;
	if ((unsigned)r >= DB_REG_N)
		return db_errf(err, DB_E_OTHER, "no such kind of record");
	st = db_prepare(db, q_versions[r], err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*version = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s", entity_names[r]);
	return rc == SQLITE_ROW;
}

/* A stored UTC time as the desk shows it: "27/11/2026 10:04", local time. */
static const char *local_stamp(const char *utc, char *buf, size_t n)
{
	struct tm tm, lt;
	time_t t;

	memset(&tm, 0, sizeof tm);
	if (utc == NULL || sscanf(utc, "%4d-%2d-%2dT%2d:%2d", &tm.tm_year, &tm.tm_mon,
				  &tm.tm_mday, &tm.tm_hour, &tm.tm_min) != 5) {
		snprintf(buf, n, "%s", utc != NULL && *utc ? utc : "an unknown time");
		return buf;
	}
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	t = timegm(&tm);
	if (localtime_r(&t, &lt) == NULL || strftime(buf, n, "%d/%m/%Y %H:%M", &lt) == 0)
		snprintf(buf, n, "%.2s/%.2s/%.4s %.5s", utc + 8, utc + 5, utc, utc + 11);
	return buf;
}

/* The latest entry of the record, else the import that added it: who, when,
 * origin and action ("delete" when the record has gone). */
static const char q_last_entry[] =
	"SELECT who, at, origin, action FROM audit WHERE id = coalesce("
	"(SELECT max(id) FROM audit WHERE entity = ?1 AND entity_id = ?2), ?3)";

static const char *const q_import_ids[DB_REG_N] = {
	"SELECT import_id FROM contract WHERE id = ?1",
	"SELECT import_id FROM supplier WHERE id = ?1",
	"SELECT import_id FROM commitment WHERE id = ?1",
	"SELECT import_id FROM questionnaire_answer WHERE id = ?1",
};

int db_reg_stale(svdb *db, enum db_reg r, int64_t id, const char *verb, const char *what,
		 sv_err *err)
{
	char who[DB_NAME_MAX + 1] = "", at[24] = "", origin[DB_ORIGIN_MAX + 1] = "";
	char action[16] = "", when[40];
	int64_t import_id = 0;
	sqlite3_stmt *st;
	int rc;

	st = db_prepare(db, q_import_ids[r], err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		import_id = sqlite3_column_int64(st, 0);
	db_done(st);
	st = db_prepare(db, q_last_entry, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, entity_names[r], -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, import_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_copy_text(who, sizeof who, sqlite3_column_text(st, 0));
		db_copy_text(at, sizeof at, sqlite3_column_text(st, 1));
		db_copy_text(origin, sizeof origin, sqlite3_column_text(st, 2));
		db_copy_text(action, sizeof action, sqlite3_column_text(st, 3));
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s", what);
	return db_errf(err, DB_E_STALE, "%s: %s was %s by %s at %s%s", verb, what,
		       strcmp(action, "delete") == 0 ? "deleted" : "changed", who[0] ? who : "someone",
		       local_stamp(at, when, sizeof when),
		       strcmp(origin, "import") == 0 ? " (an import)"
		       : strcmp(origin, "demo") == 0 ? " (the demo)" : "");
}

/* ---- the desk's transaction ----------------------------------------------------------- */

/* How long a desk write waits for the write lock before it gives up with
 * DB_E_BUSY (the desk then tries again, its screen alive meanwhile), or
 * the connection's busy timeout when that is shorter. */
#define DESK_BUSY_MS 200

static int busy_words(sv_err *err, const char *what)
{
	return db_errf(err, DB_E_BUSY, "another desk or program is writing to the database; "
		       "the %s was not written yet", what);
}

int db_desk_begin(svdb *db, const char *what, sv_err *err)
{
	int i, rc, ms = db->busy_ms < DESK_BUSY_MS ? db->busy_ms : DESK_BUSY_MS;

	if (db->readonly)
		return db_begin(db, err);          /* its refusal */
	if (!sqlite3_get_autocommit(db->h))
		return db_errf(err, DB_E_OTHER, "%s: a change at the desk is its own transaction, "
			       "and one is open already", db->path);
	/* A statement left part-read would hold a read snapshot that BEGIN
	 * IMMEDIATE cannot upgrade once another connection has committed. */
	for (i = 0; i < db->ncache; i++)
		if (sqlite3_stmt_busy(db->cache[i].st))
			sqlite3_reset(db->cache[i].st);
	sqlite3_busy_timeout(db->h, ms);
	rc = db_begin(db, err);
	sqlite3_busy_timeout(db->h, db->busy_ms);
	if (rc != 0 && sqlite3_extended_errcode(db->h) == SQLITE_BUSY_SNAPSHOT)
		return db_errf(err, DB_E_OTHER, "%s: a read is still open on this connection, so "
			       "the %s cannot be written (a fault of svdesk: please report it)",
			       db->path, what);
	if (rc != 0 && err != NULL && err->code == DB_E_BUSY)
		busy_words(err, what);
	return rc;
}

int db_desk_end(svdb *db, int rc, const char *what, sv_err *err)
{
	if (rc == 0)
		rc = db_commit(db, err);
	if (rc != 0)
		db_rollback(db);
	if (rc != 0 && err != NULL && err->code == DB_E_BUSY)
		busy_words(err, what);
	return rc;
}
