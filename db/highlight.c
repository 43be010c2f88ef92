#include "config.h"

/* highlight.c: the highlights of a financial year in their order (the
 * position column, 1 .. n within a year): list, add at the end, change the
 * text, delete (the later ones move up), and swap with a neighbour.  Each
 * change is its own write transaction (a savepoint inside the caller's);
 * the audit triggers write the entries. */

#include <stdio.h>
#include <string.h>

#include "db/db_private.h"

static int step_done(svdb *db, sqlite3_stmt *st, const char *label, sv_err *err)
{
	int rc = sqlite3_step(st);

	db_done(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s", label);
	return 0;
}

int db_highlight_list(svdb *db, int fy, db_highlight_fn fn, void *ctx, sv_err *err)
{
	static const char q[] = "SELECT h.id, h.year, h.position, h.text, c.ref, h.body, "
		"h.created_by, h.created_at FROM highlight h LEFT JOIN contract c "
		"ON c.id = h.contract_id WHERE ?1 = 0 OR h.year = ?1 ORDER BY h.year, h.position";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc, ret = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, fy);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_highlight_rec h;

		h.id = sqlite3_column_int64(st, 0);
		h.fy = sqlite3_column_int(st, 1);
		h.position = sqlite3_column_int(st, 2);
		h.text = (const char *)sqlite3_column_text(st, 3);
		h.contract_ref = (const char *)sqlite3_column_text(st, 4);
		h.body = (const char *)sqlite3_column_text(st, 5);
		h.created_by = (const char *)sqlite3_column_text(st, 6);
		h.created_at = (const char *)sqlite3_column_text(st, 7);
		ret = fn(ctx, &h);
		if (ret != 0)
			break;
	}
	db_done(st);
	if (ret == 0 && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: highlights", db->path);
	return ret;
}

int db_contract_id_by_ref(svdb *db, const char *ref, int64_t *id, char body[8], sv_err *err)
{
	static const char q[] = "SELECT id, body FROM contract WHERE ref = ?1";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	*id = 0;
	body[0] = '\0';
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		db_copy_text(body, 8, sqlite3_column_text(st, 1));
	}
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "contract %s", ref);
	return 0;
}

/* The year and position of highlight id: 1, 0 when there is none, -1. */
static int where_is(svdb *db, int64_t id, int *fy, int *pos, sv_err *err)
{
	static const char q[] = "SELECT year, position FROM highlight WHERE id = ?1";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*fy = sqlite3_column_int(st, 0);
		*pos = sqlite3_column_int(st, 1);
	}
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "highlight %lld", (long long)id);
	return db_errf(err, DB_E_OTHER, "no highlight with id %lld", (long long)id);
}

static int add(svdb *db, int fy, int64_t contract_id, const char *body, const char *text,
	       const char *by, const char *at, int64_t *id, sv_err *err)
{
	static const char q_c[] = "SELECT body FROM contract WHERE id = ?1";
	static const char q_ins[] = "INSERT INTO highlight (year, contract_id, body, text, "
		"created_by, created_at, position) VALUES (?1, ?2, ?3, ?4, ?5, "
		"coalesce(?6, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), "
		"(SELECT count(*) + 1 FROM highlight WHERE year = ?1))";
	char cbody[8] = "";
	sqlite3_stmt *st;
	int rc;

	if (fy < FY_MIN || fy > FY_MAX)
		return db_errf(err, DB_E_OTHER, "highlight: year %d is out of range", fy);
	if (at != NULL && *at != '\0' && !db_utc_shape(at))
		return db_errf(err, DB_E_OTHER, "highlight: the time \"%s\" is not a UTC time like "
			       "2026-01-15T10:04:00Z", at);
	if (contract_id != 0) {
		st = db_prepare(db, q_c, err);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, contract_id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			db_copy_text(cbody, sizeof cbody, sqlite3_column_text(st, 0));
		db_done(st);
		if (rc == SQLITE_DONE)
			return db_errf(err, DB_E_OTHER, "highlight: no contract with id %lld",
				       (long long)contract_id);
		if (rc != SQLITE_ROW)
			return db_sqlfail(db, err, rc, "highlight");
		body = cbody;
	}
	st = db_prepare(db, q_ins, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, fy);
	if (contract_id != 0)
		sqlite3_bind_int64(st, 2, contract_id);
	db_bind_opt(st, 3, body);
	sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, by != NULL && *by != '\0' ? by : db->actor, -1, SQLITE_STATIC);
	db_bind_opt(st, 6, at);
	if (step_done(db, st, "highlight", err) != 0)
		return -1;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int db_highlight_add(svdb *db, int fy, int64_t contract_id, const char *body,
		     const char *text, const char *by, const char *at, int64_t *id,
		     sv_err *err)
{
	int mode = db_wbegin(db, err);

	if (mode < 0)
		return -1;
	return db_wend(db, mode, add(db, fy, contract_id, body, text, by, at, id, err), err);
}

static int set_text(svdb *db, int64_t id, const char *text, sv_err *err)
{
	static const char q[] = "UPDATE highlight SET text = ?2 WHERE id = ?1";
	sqlite3_stmt *st;
	int fy, pos;

	if (where_is(db, id, &fy, &pos, err) != 1)
		return -1;
	st = db_prepare(db, q, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	return step_done(db, st, "highlight", err);
}

int db_highlight_set_text(svdb *db, int64_t id, const char *text, sv_err *err)
{
	int mode = db_wbegin(db, err);

	if (mode < 0)
		return -1;
	return db_wend(db, mode, set_text(db, id, text, err), err);
}

static int delete_one(svdb *db, int64_t id, sv_err *err)
{
	static const char q_del[] = "DELETE FROM highlight WHERE id = ?1";
	/* one row at a time, nearest first: each keeps its place in range */
	static const char q_up[] = "UPDATE highlight SET position = position - 1 "
		"WHERE id IN (SELECT id FROM highlight WHERE year = ?1 AND position > ?2 "
		"ORDER BY position)";
	sqlite3_stmt *st;
	int fy, pos;

	if (where_is(db, id, &fy, &pos, err) != 1)
		return -1;
	st = db_prepare(db, q_del, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (step_done(db, st, "highlight", err) != 0)
		return -1;
	st = db_prepare(db, q_up, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, fy);
	sqlite3_bind_int(st, 2, pos);
	return step_done(db, st, "highlight", err);
}

int db_highlight_delete(svdb *db, int64_t id, sv_err *err)
{
	int mode = db_wbegin(db, err);

	if (mode < 0)
		return -1;
	return db_wend(db, mode, delete_one(db, id, err), err);
}

static int move(svdb *db, int64_t id, int delta, sv_err *err)
{
	static const char q_other[] = "SELECT id FROM highlight WHERE year = ?1 AND position = ?2";
	static const char q_set[] = "UPDATE highlight SET position = ?2 WHERE id = ?1";
	sqlite3_stmt *st;
	int64_t other = 0;
	int fy, pos, rc;

	if (where_is(db, id, &fy, &pos, err) != 1)
		return -1;
	if (delta != -1 && delta != 1)
		return 0;
	st = db_prepare(db, q_other, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, fy);
	sqlite3_bind_int(st, 2, pos + delta);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		other = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc == SQLITE_DONE)
		return 0;              /* at that end already */
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "highlight");
	/* two updates, each an audit entry with the position before and after */
	st = db_prepare(db, q_set, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, pos + delta);
	if (step_done(db, st, "highlight", err) != 0)
		return -1;
	st = db_prepare(db, q_set, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, other);
	sqlite3_bind_int(st, 2, pos);
	return step_done(db, st, "highlight", err);
}

int db_highlight_move(svdb *db, int64_t id, int delta, sv_err *err)
{
	int mode = db_wbegin(db, err);

	if (mode < 0)
		return -1;
	return db_wend(db, mode, move(db, id, delta, err), err);
}

int db_highlight_find(svdb *db, int fy, int64_t contract_id, const char *text, int64_t *id,
		      char body[8], sv_err *err)
{
	static const char q[] = "SELECT id, body FROM highlight WHERE year = ?1 "
		"AND contract_id IS ?2 AND text = ?3 ORDER BY position LIMIT 1";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	*id = 0;
	body[0] = '\0';
	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, fy);
	if (contract_id != 0)
		sqlite3_bind_int64(st, 2, contract_id);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		db_copy_text(body, 8, sqlite3_column_text(st, 1));
	}
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "highlight");
	return 0;
}

static int set_body(svdb *db, int64_t id, const char *body, sv_err *err)
{
	static const char q[] = "UPDATE highlight SET body = ?2 WHERE id = ?1 AND contract_id IS NULL";
	sqlite3_stmt *st;
	int fy, pos;

	if (where_is(db, id, &fy, &pos, err) != 1)
		return -1;
	st = db_prepare(db, q, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	db_bind_opt(st, 2, body);
	return step_done(db, st, "highlight", err);
}

int db_highlight_set_body(svdb *db, int64_t id, const char *body, sv_err *err)
{
	int mode = db_wbegin(db, err);

	if (mode < 0)
		return -1;
	return db_wend(db, mode, set_body(db, id, body, err), err);
}
