#include "config.h"

/* register_write.c: the desk's writes of the register that have no other
 * home (see svdesk/register.h): a supplier added or renamed, questionnaire
 * answers, what depends on a record and its delete.  Contracts are saved by
 * db/contract.c and commitments by db/write.c, whose rules an import obeys
 * too.  Each runs in the caller's transaction; the audit triggers record it
 * (origin: the connection's, "desk" at the desk). */

#include <stdio.h>
#include <string.h>

#include "db/db_private.h"
#include "svdesk/register.h"
#include "svdesk/utf8.h"

/* ---- suppliers ------------------------------------------------------------------- */

int db_supplier_save(svdb *db, int64_t id, const char *name, int64_t *new_id, sv_err *err)
{
	static const char q_ins[] = "INSERT INTO supplier (name) VALUES (?1)";
	static const char q_upd[] = "UPDATE supplier SET name = ?1 WHERE id = ?2 AND name IS NOT ?1";
	char other[DB_TEXT_MAX + 1];
	int64_t other_id;
	sqlite3_stmt *st;
	int rc;

	if (db_blank(name))
		return db_errf(err, DB_E_OTHER, "supplier: the name is empty");
	if (db_too_long(name))
		return db_errf(err, DB_E_OTHER, "supplier: the name is longer than %d bytes",
			       DB_TEXT_MAX);
	/* names are matched as an import matches them: two spellings of one
	 * name would be one supplier to the next import */
	rc = db_supplier_find_key(db, name, id, &other_id, other, sizeof other, err);
	if (rc < 0)
		return -1;
	if (rc == 1)
		return db_errf(err, DB_E_OTHER, "a supplier named \"%s\" exists already (names are "
			       "matched in any case, with runs of spaces as one)", other);
	st = db_prepare(db, id ? q_upd : q_ins, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (id)
		sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "supplier %s", name);
	if (new_id != NULL)
		*new_id = id ? id : sqlite3_last_insert_rowid(db->h);
	return 0;
}

/* ---- questionnaire answers ---------------------------------------------------------- */

int db_answer_put(svdb *db, int64_t contract_id, const char *topic, const char *answer,
		  const char *by, const char *at, int64_t *id, int *put, sv_err *err)
{
	static const char q_c[] = "SELECT ref, body FROM contract WHERE id = ?1";
	static const char q_ins[] = "INSERT INTO questionnaire_answer (contract_id, topic, answer, "
		"recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, "
		"coalesce(?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))";
	/* who recorded it and when change with the answer, not without */
	static const char q_upd[] = "UPDATE questionnaire_answer SET answer = ?2, recorded_by = ?3, "
		"recorded_at = coalesce(?4, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')) "
		"WHERE id = ?1 AND answer IS NOT ?2";
	char ref[64] = "", body[8] = "";
	int64_t got = 0;
	sqlite3_stmt *st;
	int rc;

	if (put != NULL)
		*put = DB_PUT_UNCHANGED;
	st = db_prepare(db, q_c, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, contract_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_copy_text(ref, sizeof ref, sqlite3_column_text(st, 0));
		db_copy_text(body, sizeof body, sqlite3_column_text(st, 1));
	}
	db_done(st);
	if (rc == SQLITE_DONE)
		return db_errf(err, DB_E_OTHER, "questionnaire answer: no contract with id %lld",
			       (long long)contract_id);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "questionnaire answer");
	if (strcmp(body, "OPCC") != 0)
		return db_errf(err, DB_E_OTHER, "contract %s is a %s contract: the questionnaire is "
			       "for OPCC contracts only", ref, body);
	if (db_blank(answer))
		return db_errf(err, DB_E_OTHER, "contract %s: the answer is empty", ref);
	if (db_too_long(answer))
		return db_errf(err, DB_E_OTHER, "contract %s: the answer is longer than %d bytes",
			       ref, DB_TEXT_MAX);
	if (db_blank(by))
		by = db->actor;
	if (strlen(by) > DB_NAME_MAX)
		return db_errf(err, DB_E_OTHER, "contract %s: the name of who recorded the answer is "
			       "too long", ref);
	if (at != NULL && *at != '\0' && !db_utc_shape(at))
		return db_errf(err, DB_E_OTHER, "contract %s: the time \"%s\" is not a UTC time like "
			       "2026-01-15T10:04:00Z", ref, at);
	rc = db_answer_find(db, contract_id, topic, &got, err);
	if (rc < 0)
		return -1;
	st = db_prepare(db, rc ? q_upd : q_ins, err);
	if (st == NULL)
		return -1;
	if (rc) {
		sqlite3_bind_int64(st, 1, got);
		sqlite3_bind_text(st, 2, answer, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, by, -1, SQLITE_STATIC);
		db_bind_opt(st, 4, at);
	} else {
		sqlite3_bind_int64(st, 1, contract_id);
		sqlite3_bind_text(st, 2, topic, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, answer, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, by, -1, SQLITE_STATIC);
		db_bind_opt(st, 5, at);
	}
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "contract %s: questionnaire answer", ref);
	if (got == 0) {
		got = sqlite3_last_insert_rowid(db->h);
		if (put != NULL)
			*put = DB_PUT_ADDED;
	} else if (put != NULL && sqlite3_changes(db->h) > 0) {
		*put = DB_PUT_CHANGED;
	}
	if (id != NULL)
		*id = got;
	return 0;
}

int db_answer_delete(svdb *db, int64_t id, sv_err *err)
{
	return db_reg_delete(db, DB_REG_ANSWER, id, err);
}

/* ---- what depends on a record, and its delete -------------------------------------- */

int db_reg_dependents(svdb *db, enum db_reg r, int64_t id, int64_t n[3], sv_err *err)
{
	static const char q_contract[] = "SELECT "
		"(SELECT count(*) FROM commitment WHERE contract_id = ?1), "
		"(SELECT count(*) FROM highlight WHERE contract_id = ?1), "
		"(SELECT count(*) FROM questionnaire_answer WHERE contract_id = ?1)";
	static const char q_supplier[] = "SELECT count(*), 0, 0 FROM contract WHERE supplier_id = ?1";
	static const char q_commitment[] = "SELECT count(*), 0, 0 FROM return_line "
		"WHERE commitment_id = ?1";
	const char *q = r == DB_REG_CONTRACT ? q_contract : r == DB_REG_SUPPLIER ? q_supplier
		: r == DB_REG_COMMITMENT ? q_commitment : NULL;
	sqlite3_stmt *st;
	int rc;

	n[0] = n[1] = n[2] = 0;
	if (q == NULL)
		return 0;            /* nothing depends on an answer */
	st = db_prepare(db, q, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		for (int i = 0; i < 3; i++)
			n[i] = sqlite3_column_int64(st, i);
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "what depends on the record");
	return 0;
}

/* The year totals (0005_browse.sql) hold a row only for a contract's or a
 * measure's year that has commitments (the check compares them with the
 * commitments): the rows a deleted commitment leaves at nought go with it.
 * It had no return lines, so nothing but its target was in them, and the
 * delete trigger took that off. */
static int totals_tidy(svdb *db, int64_t contract_id, int64_t measure_id, int year,
		       sv_err *err)
{
	static const char q_c[] = "DELETE FROM contract_year WHERE contract_id = ?1 AND year = ?3 "
		"AND NOT EXISTS (SELECT 1 FROM commitment WHERE contract_id = ?1 AND year = ?3)";
	static const char q_m[] = "DELETE FROM measure_year WHERE measure_id = ?2 AND year = ?3 "
		"AND NOT EXISTS (SELECT 1 FROM commitment WHERE measure_id = ?2 AND year = ?3)";
	const char *const qs[2] = { q_c, q_m };

	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st = db_prepare(db, qs[i], err);
		int rc;

		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, contract_id);
		sqlite3_bind_int64(st, 2, measure_id);
		sqlite3_bind_int(st, 3, year);
		rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE)
			return db_sqlfail(db, err, rc, "the year totals");
	}
	return 0;
}

int db_reg_delete(svdb *db, enum db_reg r, int64_t id, sv_err *err)
{
	static const char q_cm[] = "SELECT contract_id, measure_id, year FROM commitment "
		"WHERE id = ?1";
	int64_t cm_contract = 0, cm_measure = 0;
	int cm_year = 0;
	static const char *const q[DB_REG_N] = {
		"DELETE FROM contract WHERE id = ?1",
		"DELETE FROM supplier WHERE id = ?1",
		"DELETE FROM commitment WHERE id = ?1",
		"DELETE FROM questionnaire_answer WHERE id = ?1",
	};
	sqlite3_stmt *st;
	int rc;

	if ((unsigned)r >= DB_REG_N)
		return db_errf(err, DB_E_OTHER, "no such kind of record");
	if (r == DB_REG_COMMITMENT) {
		st = db_prepare(db, q_cm, err);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) == SQLITE_ROW) {
			cm_contract = sqlite3_column_int64(st, 0);
			cm_measure = sqlite3_column_int64(st, 1);
			cm_year = sqlite3_column_int(st, 2);
		}
		db_done(st);
	}
	st = db_prepare(db, q[r], err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "the delete");
	if (sqlite3_changes(db->h) != 1)
		return db_errf(err, DB_E_OTHER, "the record to delete is not there (id %lld)",
			       (long long)id);
	if (r == DB_REG_COMMITMENT)
		return totals_tidy(db, cm_contract, cm_measure, cm_year, err);
	return 0;
}
