#include "config.h"

/* store.c: the reads and writes of an import (see svdesk/store.h).
 *
 * Every statement is static text, prepared once per connection (db_prepare
 * caches it) and run with bound values.  Messages name the record; labels
 * that need a query are built only when something is wrong. */

#include <stdio.h>
#include <string.h>

#include "db/db_private.h"
#include "svdesk/utf8.h"
#include "svdesk/register.h"
#include "svdesk/store.h"

/* An argument of a statement: an integer or a text (NULL: SQL NULL). */
struct arg {
	int is_text;
	int64_t i;
	const char *s;
};
#define ARG_I(v) { 0, (v), NULL }
#define ARG_T(v) { 1, 0, (v) }
#define ARG_NULL { 1, 0, NULL }
/* The arguments of q_run: the array and its length. */
#define ARGS(...) (const struct arg[]){ __VA_ARGS__ }, \
	(int)(sizeof((const struct arg[]){ __VA_ARGS__ }) / sizeof(struct arg))

/* Run the statement q with a[0..n-1] bound to ?1, ?2 ...: 1 when it gives a
 * row (its first column, an id or a number, into *first and whether that
 * is NULL into *isnull, each when not NULL), 0 when it gives none (a write:
 * its row id into *first when not NULL), -1 on error (label names what). */
static int q_run(svdb *db, const char *q, const struct arg *a, int n, int64_t *first,
		 int *isnull, const char *label, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q, err);
	int i, rc;

	if (st == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		if (!a[i].is_text)
			sqlite3_bind_int64(st, i + 1, a[i].i);
		else if (a[i].s != NULL)
			sqlite3_bind_text(st, i + 1, a[i].s, -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && first != NULL)
		*first = sqlite3_column_int64(st, 0);
	if (rc == SQLITE_ROW && isnull != NULL)
		*isnull = sqlite3_column_type(st, 0) == SQLITE_NULL;
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s", label);
	if (first != NULL)
		*first = sqlite3_last_insert_rowid(db->h);
	return 0;
}

/* The row that q_get finds, else the one q_ins adds (*added 1); both take
 * the same arguments. */
static int get_or_add(svdb *db, const char *q_get, const char *q_ins, const struct arg *a, int n,
		      int64_t *id, int *added, const char *label, sv_err *err)
{
	int rc = q_run(db, q_get, a, n, id, NULL, label, err);

	*added = 0;
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (q_run(db, q_ins, a, n, id, NULL, label, err) < 0)
		return -1;
	*added = 1;
	return 0;
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

	return q_run(db, q, ARGS(ARG_I(entity), ARG_I(id), ARG_I(line)), NULL, NULL, "import",
		     err) < 0 ? -1 : 0;
}

long db_mark_get(svdb *db, int entity, int64_t id, sv_err *err)
{
	static const char q[] = "SELECT line FROM temp.sv_import_mark WHERE entity = ?1 AND row_id = ?2";
	static const char q_in_run[] = "SELECT ?2 + delta FROM temp.sv_import_run "
		"WHERE entity = ?1 AND first_id <= ?2 ORDER BY first_id DESC LIMIT 1";
	int64_t line = 0;
	int rc = q_run(db, q, ARGS(ARG_I(entity), ARG_I(id)), &line, NULL, "import", err);

	if (rc == 0)
		rc = q_run(db, q_in_run, ARGS(ARG_I(entity), ARG_I(id)), &line, NULL, "import", err);
	return rc < 0 ? -1 : rc == 0 ? 0 : (long)line;
}

int db_mark_run(svdb *db, int entity, int64_t first_id, long delta, sv_err *err)
{
	static const char q[] = "INSERT OR REPLACE INTO temp.sv_import_run (entity, first_id, delta) "
		"VALUES (?1, ?2, ?3)";

	return q_run(db, q, ARGS(ARG_I(entity), ARG_I(first_id), ARG_I(delta)), NULL, NULL,
		     "import", err) < 0 ? -1 : 0;
}

/* ---- suppliers ----------------------------------------------------------------- */

int db_supplier_get_or_add(svdb *db, const char *name, int64_t *id, int *added, sv_err *err)
{
	static const char q_exact[] = "SELECT id FROM supplier WHERE name = ?1";
	static const char q_ins[] = "INSERT INTO supplier (name) VALUES (?1)";
	int rc;

	*added = 0;
	*id = 0;
	rc = q_run(db, q_exact, ARGS(ARG_T(name)), id, NULL, "supplier", err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	/* another spelling of the same name (its key) */
	rc = db_supplier_find_key(db, name, 0, id, NULL, 0, err);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (q_run(db, q_ins, ARGS(ARG_T(name)), id, NULL, "supplier", err) < 0)
		return -1;
	*added = 1;
	return 0;
}

/* ---- the catalogue ---------------------------------------------------------------- */

int db_theme_get_or_add(svdb *db, const char *name, int64_t *id, int *added, sv_err *err)
{
	static const char q_get[] = "SELECT id FROM theme WHERE name = ?1";  /* NOCASE column */
	static const char q_ins[] = "INSERT INTO theme (name, title, position) "
		"VALUES (?1, ?1, (SELECT coalesce(max(position), 0) + 1 FROM theme))";

	return get_or_add(db, q_get, q_ins, ARGS(ARG_T(name)), id, added, "theme", err);
}

int db_outcome_get_or_add(svdb *db, int64_t theme_id, const char *text, int64_t *id,
			  int *added, sv_err *err)
{
	static const char q_get[] = "SELECT id FROM outcome WHERE theme_id = ?1 AND text = ?2";
	static const char q_ins[] = "INSERT INTO outcome (theme_id, text, position) VALUES (?1, ?2, "
		"(SELECT coalesce(max(position), 0) + 1 FROM outcome WHERE theme_id = ?1))";

	return get_or_add(db, q_get, q_ins, ARGS(ARG_I(theme_id), ARG_T(text)), id, added,
			  "outcome", err);
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

	return q_run(db, q, ARGS(ARG_T(code), ARG_I(outcome_id), ARG_T(title), ARG_T(unit)), id,
		     NULL, "measure", err) < 0 ? -1 : 0;
}

int db_measure_retitle(svdb *db, int64_t id, const char *title, int *changed, sv_err *err)
{
	static const char q[] = "UPDATE measure SET title = ?2 WHERE id = ?1 AND title IS NOT ?2";

	*changed = 0;
	if (q_run(db, q, ARGS(ARG_I(id), ARG_T(title)), NULL, NULL, "measure", err) < 0)
		return -1;
	*changed = sqlite3_changes(db->h) > 0;
	return 0;
}

int db_proxy_set_find(svdb *db, const char *name, int64_t *id, sv_err *err)
{
	static const char q[] = "SELECT id FROM proxy_set WHERE name = ?1";
	int64_t got = 0;
	int rc = q_run(db, q, ARGS(ARG_T(name)), &got, NULL, "proxy set", err);

	if (rc == 1)
		*id = got;
	return rc;
}

int db_proxy_set_add(svdb *db, const char *name, int64_t *id, sv_err *err)
{
	static const char q[] = "INSERT INTO proxy_set (name, illustrative, is_current, created_at) "
		"VALUES (?1, 0, 0, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";

	return q_run(db, q, ARGS(ARG_T(name)), id, NULL, "proxy set", err) < 0 ? -1 : 0;
}

int db_proxy_set_value(svdb *db, int64_t set_id, int64_t measure_id, int *isnull,
		       int64_t *proxy, sv_err *err)
{
	static const char q[] = "SELECT proxy FROM proxy_value WHERE set_id = ?1 AND measure_id = ?2";
	int rc;

	*isnull = 1;
	*proxy = 0;
	rc = q_run(db, q, ARGS(ARG_I(set_id), ARG_I(measure_id)), proxy, isnull, "proxy set", err);
	if (rc != 1)
		*proxy = 0;
	return rc;
}

int db_proxy_set_size(svdb *db, int64_t set_id, int64_t *n, sv_err *err)
{
	static const char q[] = "SELECT count(*) FROM proxy_value WHERE set_id = ?1";

	*n = 0;
	return q_run(db, q, ARGS(ARG_I(set_id)), n, NULL, "proxy set", err) < 0 ? -1 : 0;
}

int db_proxy_value_add(svdb *db, int64_t set_id, int64_t measure_id, int isnull,
		       int64_t proxy, sv_err *err)
{
	static const char q[] = "INSERT INTO proxy_value (set_id, measure_id, proxy) VALUES (?1, ?2, ?3)";
	const struct arg value = isnull ? (struct arg)ARG_NULL : (struct arg)ARG_I(proxy);

	return q_run(db, q, ARGS(ARG_I(set_id), ARG_I(measure_id), value), NULL, NULL,
		     "proxy value", err) < 0 ? -1 : 0;
}

int db_proxy_set_make_current(svdb *db, int64_t set_id, int *changed, sv_err *err)
{
	static const char q_off[] = "UPDATE proxy_set SET is_current = 0 WHERE is_current = 1 AND id <> ?1";
	static const char q_on[] = "UPDATE proxy_set SET is_current = 1 WHERE id = ?1 AND is_current = 0";

	*changed = 0;
	if (q_run(db, q_off, ARGS(ARG_I(set_id)), NULL, NULL, "proxy set", err) < 0 ||
	    q_run(db, q_on, ARGS(ARG_I(set_id)), NULL, NULL, "proxy set", err) < 0)
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
	int rc = q_run(db, q, ARGS(ARG_I(contract_id), ARG_I(measure_id), ARG_I(fy)), id, NULL,
		       "commitment", err);

	if (rc != 1)
		*id = 0;
	return rc;
}

int db_return_find(svdb *db, int64_t commitment_id, int quarter, int64_t *id, sv_err *err)
{
	static const char q[] = "SELECT id FROM return_line WHERE commitment_id = ?1 AND quarter = ?2";
	int rc = q_run(db, q, ARGS(ARG_I(commitment_id), ARG_I(quarter)), id, NULL, "return line",
		       err);

	if (rc != 1)
		*id = 0;
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
