/* proxies.c: the proxy sets and their values per measure, a page at a
 * time, and the choice of the current set. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "svdesk/proxies.h"
#include "svdesk/store.h"
#include "db_private.h"

int db_proxy_sets_read(svdb *db, int64_t first, db_proxy_set_row *out, int max, int *n,
		       int64_t *total, int64_t *current_at, sv_err *err)
{
	static const char q[] = "SELECT id, name, illustrative, is_current, created_at "
		"FROM proxy_set ORDER BY id LIMIT ?1 OFFSET ?2";
	/* the sets are a handful: counting those before the current one is cheap */
	static const char q_at[] = "SELECT (SELECT count(*) FROM proxy_set p "
		"WHERE p.id < c.id) FROM proxy_set c WHERE c.is_current = 1";
	sqlite3_stmt *st;
	int rc, len = 0;

	*n = 0;
	*current_at = -1;
	*total = db_count(db, "proxy_set", err);
	if (*total < 0)
		return -1;
	st = db_prepare(db, q_at, err);
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*current_at = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: proxy sets", db->path);
	if (max > PROXY_SETS_MAX)
		max = PROXY_SETS_MAX;
	st = db_prepare(db, q, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, max);
	sqlite3_bind_int64(st, 2, first < 0 ? 0 : first);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && len < max) {
		db_proxy_set_row *r = &out[len++];

		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, 0);
		db_copy_text(r->name, sizeof r->name, sqlite3_column_text(st, 1));
		r->illustrative = sqlite3_column_int(st, 2);
		r->current = sqlite3_column_int(st, 3);
		db_copy_text(r->created, sizeof r->created, sqlite3_column_text(st, 4));
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: proxy sets", db->path);
	*n = len;
	return 0;
}

int db_proxy_code_width(svdb *db, sv_err *err)
{
	static const char q[] = "SELECT coalesce(max(length(code)), 0) FROM measure";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc, w;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	w = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : -1;
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s: measures", db->path);
	return w;
}

int64_t db_proxy_rows_count(svdb *db, sv_err *err)
{
	return db_count(db, "measure", err);
}

int db_proxy_row_values(svdb *db, const int64_t *set_ids, int nsets, db_proxy_row *r, sv_err *err)
{
	if (nsets > PROXY_SETS_MAX)
		nsets = PROXY_SETS_MAX;
	for (int i = 0; i < nsets; i++) {
		int isnull = 1, rc;
		int64_t v = 0;

		rc = db_proxy_set_value(db, set_ids[i], r->id, &isnull, &v, err);
		if (rc < 0)
			return -1;
		r->listed[i] = rc == 1;
		r->has[i] = rc == 1 && !isnull;
		r->proxy[i] = r->has[i] ? v : 0;
	}
	return 0;
}

int db_proxy_rows_page(svdb *db, const int64_t *set_ids, int nsets, const db_proxy_row *anchor,
		       int forward, db_proxy_row *rows, int limit, sv_err *err)
{
	static const char q_fwd[] = "SELECT id, code, title, unit FROM measure "
		"WHERE ?1 IS NULL OR (rtrim(code, '0123456789'), length(code), code) "
		"> (rtrim(?1, '0123456789'), length(?1), ?1) "
		"ORDER BY rtrim(code, '0123456789'), length(code), code LIMIT ?2";
	static const char q_back[] = "SELECT id, code, title, unit FROM measure "
		"WHERE ?1 IS NULL OR (rtrim(code, '0123456789'), length(code), code) "
		"< (rtrim(?1, '0123456789'), length(?1), ?1) "
		"ORDER BY rtrim(code, '0123456789') DESC, length(code) DESC, code DESC LIMIT ?2";
	sqlite3_stmt *st;
	int rc = SQLITE_DONE, len = 0;

	if (nsets > PROXY_SETS_MAX)
		nsets = PROXY_SETS_MAX;
	st = db_prepare(db, forward ? q_fwd : q_back, err);
	if (st == NULL)
		return -1;
	if (anchor != NULL)
		sqlite3_bind_text(st, 1, anchor->code, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 2, limit);
	while (len < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_proxy_row *r = &rows[len++];

		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, 0);
		db_copy_text(r->code, sizeof r->code, sqlite3_column_text(st, 1));
		db_copy_text(r->title, sizeof r->title, sqlite3_column_text(st, 2));
		db_copy_text(r->unit, sizeof r->unit, sqlite3_column_text(st, 3));
	}
	if (len < limit && rc != SQLITE_DONE) {
		db_done(st);
		return db_sqlfail(db, err, rc, "%s: measures", db->path);
	}
	db_done(st);
	if (!forward)
		for (int i = 0, j = len - 1; i < j; i++, j--) {
			db_proxy_row tmp = rows[i];

			rows[i] = rows[j];
			rows[j] = tmp;
		}
	for (int i = 0; i < len; i++)
		if (db_proxy_row_values(db, set_ids, nsets, &rows[i], err) < 0)
			return -1;
	return len;
}

int64_t db_proxy_rows_rank(svdb *db, const db_proxy_row *row, sv_err *err)
{
	static const char q[] = "SELECT count(*) FROM measure "
		"WHERE (rtrim(code, '0123456789'), length(code), code) "
		"< (rtrim(?1, '0123456789'), length(?1), ?1)";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int64_t n;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, row->code, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s: measures", db->path);
	return n;
}

static int choose(svdb *db, int64_t set_id, int *changed, sv_err *err)
{
	static const char q[] = "SELECT 1 FROM proxy_set WHERE id = ?1";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, set_id);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc == SQLITE_DONE)
		return sv_err_set(err, "%s: no proxy set with id %lld", db->path, (long long)set_id);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s: proxy set", db->path);
	return db_proxy_set_make_current(db, set_id, changed, err);
}

int db_proxy_set_choose(svdb *db, int64_t set_id, int *changed, sv_err *err)
{
	int mode;

	*changed = 0;
	mode = db_wbegin(db, err);
	if (mode < 0)
		return -1;
	return db_wend(db, mode, choose(db, set_id, changed, err), err);
}
