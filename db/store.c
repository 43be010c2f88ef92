#include "config.h"

/* store.c: the reads and writes of an import (see svdesk/store.h).
 *
 * Every statement is static text, prepared once per connection (db_prepare
 * caches it) and run with bound values.  Messages name the record; labels
 * that need a query are built only when something is wrong. */

#include <stdio.h>
#include <string.h>

#include "db/db_private.h"
#include "svdesk/store.h"

static int step_done(svdb *db, sqlite3_stmt *st, sv_err *err, const char *label)
{
	int rc = sqlite3_step(st);

	db_done(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		return 0;
	return db_sqlfail(db, err, rc, "%s", label);
}

static void bind_opt_text(sqlite3_stmt *st, int i, const char *s)
{
	db_bind_opt(st, i, s);
}

/* ---- marks ------------------------------------------------------------------- */

int db_mark_reset(svdb *db, sv_err *err)
{
	static const char q_make[] = "CREATE TEMP TABLE IF NOT EXISTS sv_import_mark ("
		"entity INTEGER NOT NULL, row_id INTEGER NOT NULL, line INTEGER NOT NULL, "
		"PRIMARY KEY (entity, row_id)) WITHOUT ROWID";
	static const char q_runs[] = "CREATE TEMP TABLE IF NOT EXISTS sv_import_run ("
		"entity INTEGER NOT NULL, first_id INTEGER NOT NULL, delta INTEGER NOT NULL, "
		"PRIMARY KEY (entity, first_id)) WITHOUT ROWID";
	static const char q_clear[] = "DELETE FROM temp.sv_import_mark; DELETE FROM temp.sv_import_run";
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, q_make, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		db_errf(err, DB_E_OTHER, "%s: %s", db->path, msg != NULL ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return -1;
	}
	rc = sqlite3_exec(db->h, q_runs, NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db->h, q_clear, NULL, NULL, &msg);
	if (rc != SQLITE_OK) {
		db_errf(err, DB_E_OTHER, "%s: %s", db->path, msg != NULL ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int db_mark_put(svdb *db, int entity, int64_t id, long line, sv_err *err)
{
	static const char q[] = "INSERT OR REPLACE INTO temp.sv_import_mark (entity, row_id, line) "
		"VALUES (?1, ?2, ?3)";
	sqlite3_stmt *st = db_prepare(db, q, err);

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, entity);
	sqlite3_bind_int64(st, 2, id);
	sqlite3_bind_int64(st, 3, line);
	return step_done(db, st, err, "import");
}

long db_mark_get(svdb *db, int entity, int64_t id, sv_err *err)
{
	static const char q[] = "SELECT line FROM temp.sv_import_mark WHERE entity = ?1 AND row_id = ?2";
	static const char q_run[] = "SELECT ?2 + delta FROM temp.sv_import_run "
		"WHERE entity = ?1 AND first_id <= ?2 ORDER BY first_id DESC LIMIT 1";
	long line = 0;
	int i, rc = SQLITE_DONE;

	for (i = 0; i < 2 && line == 0; i++) {
		sqlite3_stmt *st = db_prepare(db, i == 0 ? q : q_run, err);

		if (st == NULL)
			return -1;
		sqlite3_bind_int(st, 1, entity);
		sqlite3_bind_int64(st, 2, id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			line = (long)sqlite3_column_int64(st, 0);
		db_done(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_sqlfail(db, err, rc, "import");
	}
	return line;
}

int db_mark_run(svdb *db, int entity, int64_t first_id, long delta, sv_err *err)
{
	static const char q[] = "INSERT OR REPLACE INTO temp.sv_import_run (entity, first_id, delta) "
		"VALUES (?1, ?2, ?3)";
	sqlite3_stmt *st = db_prepare(db, q, err);

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, entity);
	sqlite3_bind_int64(st, 2, first_id);
	sqlite3_bind_int64(st, 3, delta);
	return step_done(db, st, err, "import");
}

/* ---- suppliers ----------------------------------------------------------------- */

char *db_name_key(const char *name, char *dst, size_t n)
{
	size_t o = 0;
	int space = 0;

	if (n == 0)
		return dst;
	for (; name != NULL && *name != '\0'; name++) {
		unsigned char c = (unsigned char)*name;

		if (c == ' ' || c == '\t') {
			space = o > 0;
			continue;
		}
		if (space && o + 1 < n)
			dst[o++] = ' ';
		space = 0;
		if (o + 1 < n)
			dst[o++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
	}
	dst[o] = '\0';
	return dst;
}

int db_supplier_get_or_add(svdb *db, const char *name, int64_t *id, int *added, sv_err *err)
{
	static const char q_exact[] = "SELECT id FROM supplier WHERE name = ?1";
	static const char q_all[] = "SELECT id, name FROM supplier";
	static const char q_ins[] = "INSERT INTO supplier (name) VALUES (?1)";
	char key[DB_TEXT_MAX + 1], other[DB_TEXT_MAX + 1];
	sqlite3_stmt *st;
	int rc;

	*added = 0;
	*id = 0;
	st = db_prepare(db, q_exact, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "supplier");

	/* Another spelling: suppliers are few (thousands at most). */
	db_name_key(name, key, sizeof key);
	st = db_prepare(db, q_all, err);
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_name_key((const char *)sqlite3_column_text(st, 1), other, sizeof other);
		if (strcmp(key, other) == 0) {
			*id = sqlite3_column_int64(st, 0);
			break;
		}
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "supplier");
	if (*id != 0)
		return 0;

	st = db_prepare(db, q_ins, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (step_done(db, st, err, "supplier") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db->h);
	*added = 1;
	return 0;
}

/* ---- the catalogue ---------------------------------------------------------------- */

int db_theme_get_or_add(svdb *db, const char *name, int64_t *id, int *added, sv_err *err)
{
	static const char q_get[] = "SELECT id FROM theme WHERE name = ?1";  /* NOCASE column */
	static const char q_ins[] = "INSERT INTO theme (name, title, position) "
		"VALUES (?1, ?1, (SELECT coalesce(max(position), 0) + 1 FROM theme))";
	sqlite3_stmt *st = db_prepare(db, q_get, err);
	int rc;

	*added = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "theme %s", name);
	st = db_prepare(db, q_ins, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (step_done(db, st, err, "theme") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db->h);
	*added = 1;
	return 0;
}

int db_outcome_get_or_add(svdb *db, int64_t theme_id, const char *text, int64_t *id,
			  int *added, sv_err *err)
{
	static const char q_get[] = "SELECT id FROM outcome WHERE theme_id = ?1 AND text = ?2";
	static const char q_ins[] = "INSERT INTO outcome (theme_id, text, position) VALUES (?1, ?2, "
		"(SELECT coalesce(max(position), 0) + 1 FROM outcome WHERE theme_id = ?1))";
	sqlite3_stmt *st = db_prepare(db, q_get, err);
	int rc;

	*added = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, theme_id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "outcome");
	st = db_prepare(db, q_ins, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, theme_id);
	sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
	if (step_done(db, st, err, "outcome") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db->h);
	*added = 1;
	return 0;
}

int db_measure_find(svdb *db, const char *code, db_measure_info *out, sv_err *err)
{
	static const char q[] = "SELECT m.id, o.theme_id, m.outcome_id, m.unit, t.name, o.text "
		"FROM measure m JOIN outcome o ON o.id = m.outcome_id JOIN theme t ON t.id = o.theme_id "
		"WHERE m.code = ?1";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->theme_id = sqlite3_column_int64(st, 1);
		out->outcome_id = sqlite3_column_int64(st, 2);
		db_copy_text(out->unit, sizeof out->unit, sqlite3_column_text(st, 3));
		db_copy_text(out->theme, sizeof out->theme, sqlite3_column_text(st, 4));
		db_copy_text(out->outcome, sizeof out->outcome, sqlite3_column_text(st, 5));
	}
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "measure %s", code);
	return 0;
}

int db_measure_add(svdb *db, const char *code, int64_t outcome_id, const char *title,
		   const char *unit, int64_t *id, sv_err *err)
{
	static const char q[] = "INSERT INTO measure (code, outcome_id, title, unit, local, position) "
		"VALUES (?1, ?2, ?3, ?4, 0, (SELECT coalesce(max(position), 0) + 1 FROM measure "
		"WHERE outcome_id = ?2))";
	sqlite3_stmt *st = db_prepare(db, q, err);
	char label[64];

	if (st == NULL)
		return -1;
	snprintf(label, sizeof label, "measure %s", code);
	sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, outcome_id);
	sqlite3_bind_text(st, 3, title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, unit, -1, SQLITE_STATIC);
	if (step_done(db, st, err, label) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int db_measure_retitle(svdb *db, int64_t id, const char *title, int *changed, sv_err *err)
{
	static const char q[] = "UPDATE measure SET title = ?2 WHERE id = ?1 AND title IS NOT ?2";
	sqlite3_stmt *st = db_prepare(db, q, err);

	*changed = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, title, -1, SQLITE_STATIC);
	if (step_done(db, st, err, "measure") != 0)
		return -1;
	*changed = sqlite3_changes(db->h) > 0;
	return 0;
}

int db_proxy_set_find(svdb *db, const char *name, int64_t *id, sv_err *err)
{
	static const char q[] = "SELECT id FROM proxy_set WHERE name = ?1";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "proxy set");
	return 0;
}

int db_proxy_set_add(svdb *db, const char *name, int64_t *id, sv_err *err)
{
	static const char q[] = "INSERT INTO proxy_set (name, illustrative, is_current, created_at) "
		"VALUES (?1, 0, 0, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";
	sqlite3_stmt *st = db_prepare(db, q, err);

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if (step_done(db, st, err, "proxy set") != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int db_proxy_set_value(svdb *db, int64_t set_id, int64_t measure_id, int *isnull,
		       int64_t *proxy, sv_err *err)
{
	static const char q[] = "SELECT proxy FROM proxy_value WHERE set_id = ?1 AND measure_id = ?2";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	*isnull = 1;
	*proxy = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, set_id);
	sqlite3_bind_int64(st, 2, measure_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*isnull = sqlite3_column_type(st, 0) == SQLITE_NULL;
		*proxy = sqlite3_column_int64(st, 0);
	}
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "proxy set");
	return 0;
}

int db_proxy_set_size(svdb *db, int64_t set_id, int64_t *n, sv_err *err)
{
	static const char q[] = "SELECT count(*) FROM proxy_value WHERE set_id = ?1";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, set_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "proxy set");
	return 0;
}

int db_proxy_value_add(svdb *db, int64_t set_id, int64_t measure_id, int isnull,
		       int64_t proxy, sv_err *err)
{
	static const char q[] = "INSERT INTO proxy_value (set_id, measure_id, proxy) VALUES (?1, ?2, ?3)";
	sqlite3_stmt *st = db_prepare(db, q, err);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, set_id);
	sqlite3_bind_int64(st, 2, measure_id);
	if (!isnull)
		sqlite3_bind_int64(st, 3, proxy);
	return step_done(db, st, err, "proxy value");
}

int db_proxy_set_make_current(svdb *db, int64_t set_id, int *changed, sv_err *err)
{
	static const char q_off[] = "UPDATE proxy_set SET is_current = 0 WHERE is_current = 1 AND id <> ?1";
	static const char q_on[] = "UPDATE proxy_set SET is_current = 1 WHERE id = ?1 AND is_current = 0";
	sqlite3_stmt *st = db_prepare(db, q_off, err);

	*changed = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, set_id);
	if (step_done(db, st, err, "proxy set") != 0)
		return -1;
	st = db_prepare(db, q_on, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, set_id);
	if (step_done(db, st, err, "proxy set") != 0)
		return -1;
	*changed = sqlite3_changes(db->h) > 0;
	return 0;
}

/* ---- contracts ------------------------------------------------------------------- */

static int date_from_text(const unsigned char *s, sv_date *d)
{
	if (s == NULL || sscanf((const char *)s, "%4d-%2d-%2d", &d->y, &d->m, &d->d) != 3)
		return -1;
	return 0;
}

int db_contract_find(svdb *db, const char *ref, db_contract_key *out, sv_err *err)
{
	static const char q[] = "SELECT id, start_date, end_date FROM contract WHERE ref = ?1";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		date_from_text(sqlite3_column_text(st, 1), &out->start);
		date_from_text(sqlite3_column_text(st, 2), &out->end);
	}
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "contract %s", ref);
	return 0;
}

/* ---- commitments ------------------------------------------------------------------ */

int db_commitment_find(svdb *db, int64_t contract_id, int64_t measure_id, int fy,
		       int64_t *id, sv_err *err)
{
	static const char q[] = "SELECT id FROM commitment "
		"WHERE contract_id = ?1 AND measure_id = ?2 AND year = ?3";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	*id = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, contract_id);
	sqlite3_bind_int64(st, 2, measure_id);
	sqlite3_bind_int(st, 3, fy);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "commitment");
	return 0;
}

/* A row that an earlier line of the same file wrote: DB_E_DUPLICATE. */
static int dup_check(svdb *db, int entity, int64_t id, long line, long *dup, sv_err *err)
{
	long was;

	if (line <= 0)
		return 0;
	was = db_mark_get(db, entity, id, err);
	if (was < 0)
		return -1;
	if (was == 0)
		return 0;
	*dup = was;
	return db_errf(err, DB_E_DUPLICATE, "the same key is on line %ld already", was);
}

static int commitment_store(svdb *db, int64_t contract_id, int64_t measure_id, int fy,
			    sv_qty target, const db_proxy_choice *proxy, const char *note,
			    long line, int64_t *id, int *put, long *dup, sv_err *err)
{
	static const char q_find[] = "SELECT id, proxy, proxy_set_id FROM commitment "
		"WHERE contract_id = ?1 AND measure_id = ?2 AND year = ?3";
	static const char q_upd[] = "UPDATE commitment SET target = ?2, note = ?3 "
		"WHERE id = ?1 AND (target, note) IS NOT (?2, ?3)";
	static const char q_ins[] = "INSERT INTO commitment (contract_id, measure_id, year, target, "
		"proxy, proxy_set_id, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	int64_t old = 0, old_proxy = 0, old_set = 0, set_id = 0, value = 0;
	int old_null = 1, isnull = 1, rc;
	char a[32], b[32];
	sqlite3_stmt *st = db_prepare(db, q_find, err);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, contract_id);
	sqlite3_bind_int64(st, 2, measure_id);
	sqlite3_bind_int(st, 3, fy);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		old = sqlite3_column_int64(st, 0);
		old_null = sqlite3_column_type(st, 1) == SQLITE_NULL;
		old_proxy = sqlite3_column_int64(st, 1);
		old_set = sqlite3_column_int64(st, 2);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "commitment");

	if (old != 0) {
		if (dup_check(db, DB_MARK_COMMITMENT, old, line, dup, err) != 0)
			return -1;
		if (proxy->explicit_value &&
		    (proxy->isnull != old_null || (!old_null && proxy->value != old_proxy))) {
			db_proxy_text(old_null, old_proxy, a, sizeof a);
			db_proxy_text(proxy->isnull, proxy->value, b, sizeof b);
			return db_errf(err, DB_E_OTHER, "the commitment's proxy is %s and cannot change "
				       "to %s (a commitment keeps its proxy)", a, b);
		}
		if (proxy->explicit_value && proxy->set_id != 0 && proxy->set_id != old_set)
			return db_errf(err, DB_E_OTHER, "the commitment took its proxy from another "
				       "proxy set, and keeps it");
		st = db_prepare(db, q_upd, err);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, old);
		sqlite3_bind_int64(st, 2, target);
		db_bind_opt(st, 3, note);
		if (step_done(db, st, err, "commitment") != 0)
			return -1;
		*put = sqlite3_changes(db->h) > 0 ? DB_PUT_CHANGED : DB_PUT_UNCHANGED;
		*id = old;
	} else {
		if (proxy->explicit_value) {
			isnull = proxy->isnull;
			value = proxy->value;
			set_id = proxy->set_id;
		} else if (db_proxy_lookup(db, measure_id, &set_id, &isnull, &value, "commitment",
					   err) != 0) {
			return -1;
		}
		st = db_prepare(db, q_ins, err);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, contract_id);
		sqlite3_bind_int64(st, 2, measure_id);
		sqlite3_bind_int(st, 3, fy);
		sqlite3_bind_int64(st, 4, target);
		if (!isnull)
			sqlite3_bind_int64(st, 5, value);
		if (set_id != 0)
			sqlite3_bind_int64(st, 6, set_id);
		db_bind_opt(st, 7, note);
		if (step_done(db, st, err, "commitment") != 0)
			return -1;
		*id = sqlite3_last_insert_rowid(db->h);
		*put = DB_PUT_ADDED;
	}
	return 0;
}

int db_commitment_store(svdb *db, int64_t contract_id, int64_t measure_id, int fy,
			sv_qty target, const db_proxy_choice *proxy, const char *note,
			long line, int64_t *id, int *put, long *dup, sv_err *err)
{
	int64_t got = 0;
	long d = 0;
	int p = DB_PUT_UNCHANGED, rc;

	rc = commitment_store(db, contract_id, measure_id, fy, target, proxy, note, line, &got,
			      &p, &d, err);
	if (id != NULL)
		*id = got;
	if (put != NULL)
		*put = p;
	if (dup != NULL)
		*dup = d;
	return rc;
}

/* ---- return lines ------------------------------------------------------------------ */

struct line_now {
	int64_t id, delivered, validated, version;
	int validated_null;
	char status[16], by[DB_NAME_MAX + 1], at[24], submitted[11];
	char evidence[DB_TEXT_MAX + 1], reason[DB_TEXT_MAX + 1];
};

static int line_find(svdb *db, int64_t commitment_id, int quarter, struct line_now *l,
		     sv_err *err)
{
	static const char q[] = "SELECT id, delivered, evidence, submitted, status, validated, "
		"validated_by, validated_at, reason, version FROM return_line "
		"WHERE commitment_id = ?1 AND quarter = ?2";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	l->id = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, commitment_id);
	sqlite3_bind_int(st, 2, quarter);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		l->id = sqlite3_column_int64(st, 0);
		l->delivered = sqlite3_column_int64(st, 1);
		db_copy_text(l->evidence, sizeof l->evidence, sqlite3_column_text(st, 2));
		db_copy_text(l->submitted, sizeof l->submitted, sqlite3_column_text(st, 3));
		db_copy_text(l->status, sizeof l->status, sqlite3_column_text(st, 4));
		l->validated_null = sqlite3_column_type(st, 5) == SQLITE_NULL;
		l->validated = sqlite3_column_int64(st, 5);
		db_copy_text(l->by, sizeof l->by, sqlite3_column_text(st, 6));
		db_copy_text(l->at, sizeof l->at, sqlite3_column_text(st, 7));
		db_copy_text(l->reason, sizeof l->reason, sqlite3_column_text(st, 8));
		l->version = sqlite3_column_int64(st, 9);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "return line");
	return 0;
}

static int same_text(const char *a, const char *b)
{
	return db_same_text(a, (const unsigned char *)b);
}

/* The first difference between a line with its decision and the stored
 * line, as a message; 0 when identical. */
static int history_differs(const db_return_in *in, const struct line_now *l, sv_err *err)
{
	char a[32], b[32];
	const char *st = status_name(in->status);

	if (in->delivered != l->delivered) {
		qty_format_short(l->delivered, a, sizeof a);
		qty_format_short(in->delivered, b, sizeof b);
		return db_errf(err, DB_E_DIFF_DELIVERED, "the stored line has delivered %s, not %s "
			       "(a line with its decision must be new or identical)", a, b);
	}
	if (!same_text(in->evidence, l->evidence))
		return db_errf(err, DB_E_DIFF_EVIDENCE, "the stored line has other evidence "
			       "(a line with its decision must be new or identical)");
	if (strcmp(st, l->status) != 0)
		return db_errf(err, DB_E_DIFF_STATUS, "the stored line is %s, not %s "
			       "(a line with its decision must be new or identical)", l->status, st);
	if ((in->validated < 0) != l->validated_null ||
	    (in->validated >= 0 && in->validated != l->validated) ||
	    !same_text(in->validated_by, l->by) || !same_text(in->validated_at, l->at) ||
	    !same_text(in->reason, l->reason) || !same_text(in->submitted, l->submitted))
		return db_errf(err, DB_E_DIFF_DECISION, "the stored line's decision or dates differ (%s by "
			       "%s at %s) (a line with its decision must be new or identical)",
			       l->status, *l->by ? l->by : "nobody", *l->at ? l->at : "no time");
	return 0;
}

static int decision_add(svdb *db, int64_t line_id, const db_return_in *in, sv_err *err)
{
	static const char q_upd[] = "UPDATE return_line SET status = ?2, validated = ?3, "
		"validated_by = ?4, validated_at = ?5, reason = ?6, version = version + 1 "
		"WHERE id = ?1";
	static const char q_dec[] = "INSERT INTO decision (return_line_id, status, validated, "
		"reason, decided_by, decided_at, origin) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'import')";
	sqlite3_stmt *st = db_prepare(db, q_upd, err);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, line_id);
	sqlite3_bind_text(st, 2, status_name(in->status), -1, SQLITE_STATIC);
	if (in->validated >= 0)
		sqlite3_bind_int64(st, 3, in->validated);
	sqlite3_bind_text(st, 4, in->validated_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, in->validated_at, -1, SQLITE_STATIC);
	bind_opt_text(st, 6, in->reason);
	if (step_done(db, st, err, "decision") != 0)
		return -1;
	st = db_prepare(db, q_dec, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, line_id);
	sqlite3_bind_text(st, 2, status_name(in->status), -1, SQLITE_STATIC);
	if (in->validated >= 0)
		sqlite3_bind_int64(st, 3, in->validated);
	bind_opt_text(st, 4, in->reason);
	sqlite3_bind_text(st, 5, in->validated_by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, in->validated_at, -1, SQLITE_STATIC);
	return step_done(db, st, err, "decision");
}

static int return_store(svdb *db, const db_return_in *in, long line, int64_t *id, int *put,
			long *dup, sv_err *err)
{
	static const char q_ins[] = "INSERT INTO return_line (commitment_id, quarter, delivered, "
		"evidence, submitted, status, version) VALUES (?1, ?2, ?3, ?4, ?5, 'submitted', 1) "
		"ON CONFLICT (commitment_id, quarter) DO NOTHING";
	static const char q_upd[] = "UPDATE return_line SET delivered = ?2, evidence = ?3, "
		"submitted = ?4, status = 'submitted', validated = NULL, validated_by = NULL, "
		"validated_at = NULL, reason = NULL, version = version + 1 WHERE id = ?1";
	static struct line_now l;   /* two texts of 4,000 bytes: kept off the stack */
	sqlite3_stmt *st;

	/* Most lines are new: try the insert first, look at the stored line
	 * only when there is one. */
	st = db_prepare(db, q_ins, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, in->commitment_id);
	sqlite3_bind_int(st, 2, in->quarter);
	sqlite3_bind_int64(st, 3, in->delivered);
	bind_opt_text(st, 4, in->evidence);
	bind_opt_text(st, 5, in->submitted);
	if (step_done(db, st, err, "return line") != 0)
		return -1;
	if (sqlite3_changes(db->h) > 0) {
		*id = sqlite3_last_insert_rowid(db->h);
		*put = DB_PUT_ADDED;
		if (in->history && in->status != ST_SUBMITTED && decision_add(db, *id, in, err) != 0)
			return -1;
		return 0;
	}
	if (line_find(db, in->commitment_id, in->quarter, &l, err) != 0)
		return -1;
	if (l.id == 0)
		return db_errf(err, DB_E_OTHER, "return line: neither written nor found");
	if (dup_check(db, DB_MARK_RETURN, l.id, line, dup, err) != 0)
		return -1;
	*id = l.id;
	if (in->history) {
		if (history_differs(in, &l, err) != 0)
			return -1;
		*put = DB_PUT_UNCHANGED;
	} else if (in->delivered == l.delivered && same_text(in->evidence, l.evidence)) {
		*put = DB_PUT_UNCHANGED;
	} else if (strcmp(l.status, "validated") == 0 || strcmp(l.status, "rejected") == 0) {
		return db_errf(err, DB_E_OTHER, "the line was already %s by %s at %s; a changed "
			       "return cannot replace it", l.status, l.by, l.at);
	} else {
		st = db_prepare(db, q_upd, err);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, l.id);
		sqlite3_bind_int64(st, 2, in->delivered);
		bind_opt_text(st, 3, in->evidence);
		bind_opt_text(st, 4, in->submitted);
		if (step_done(db, st, err, "return line") != 0)
			return -1;
		*put = DB_PUT_CHANGED;
	}
	return 0;
}

int db_return_store(svdb *db, const db_return_in *in, long line, int64_t *id,
		    int *put, long *dup, sv_err *err)
{
	int64_t got = 0;
	long d = 0;
	int p = DB_PUT_UNCHANGED, rc;

	rc = return_store(db, in, line, &got, &p, &d, err);
	if (id != NULL)
		*id = got;
	if (put != NULL)
		*put = p;
	if (dup != NULL)
		*dup = d;
	return rc;
}

int db_txn_open(svdb *db)
{
	return !sqlite3_get_autocommit(db->h);
}

int db_commitments_of(svdb *db, int64_t contract_id, db_commitment_key *out, size_t max,
		      size_t *n, sv_err *err)
{
	static const char q[] = "SELECT id, measure_id, year FROM commitment WHERE contract_id = ?1";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, contract_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == max) {
			db_done(st);
			return 1;
		}
		out[*n].id = sqlite3_column_int64(st, 0);
		out[*n].measure_id = sqlite3_column_int64(st, 1);
		out[*n].year = sqlite3_column_int(st, 2);
		(*n)++;
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "commitment");
	return 0;
}
