#include "config.h"

/* catalogue.c: the catalogue (measures, proxy sets), table counts, the
 * metadata table, and text: the fixed vocabularies (bodies, statuses) and
 * the small text helpers of db/ (dates, years, quarters and quantities are
 * period.h's and money.h's). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db_private.h"
#include "svdesk/utf8.h"

/* ---- names and labels --------------------------------------------------------- */

const char *body_name(enum sv_body b)
{
	return b == BODY_OPCC ? "OPCC" : "WMP";
}

const char *status_name(enum sv_status s)
{
	switch (s) {
	case ST_SUBMITTED: return "submitted";
	case ST_VALIDATED: return "validated";
	case ST_REJECTED: return "rejected";
	case ST_QUERY: return "query";
	}
	return "submitted";
}

void db_copy_text(char *dst, size_t n, const unsigned char *src)
{
	size_t len;

	if (n == 0)
		return;
	if (src == NULL) {
		dst[0] = '\0';
		return;
	}
	len = strlen((const char *)src);
	len = utf8_cut((const char *)src, len, n - 1);   /* never inside a character */
	memcpy(dst, src, len);
	dst[len] = '\0';
}

int db_blank(const char *s)
{
	if (s == NULL)
		return 1;
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

static const char *db_opt(const char *s)
{
	return s == NULL || *s == '\0' ? NULL : s;
}

int db_same_text(const char *a, const unsigned char *b)
{
	a = db_opt(a);
	if (b != NULL && *b == '\0')
		b = NULL;
	if (a == NULL || b == NULL)
		return a == NULL && b == NULL;
	return strcmp(a, (const char *)b) == 0;
}

int db_too_long(const char *s)
{
	return s != NULL && strlen(s) > DB_TEXT_MAX;
}

/* A "YYYY-MM-DDTHH:MM:SSZ" shape (the schema checks the calendar). */
int db_utc_shape(const char *s)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	size_t i;

	if (strlen(s) != sizeof pat - 1)
		return 0;
	for (i = 0; pat[i]; i++)
		if (pat[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != pat[i])
			return 0;
	return 1;
}

/* ---- metadata ------------------------------------------------------------- */

int db_meta_get(svdb *db, const char *key, char *buf, size_t n, sv_err *err)
{
	static const char sql[] = "SELECT value FROM meta WHERE key = ?1";
	sqlite3_stmt *st = db_prepare(db, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_copy_text(buf, n, sqlite3_column_text(st, 0));
		db_done(st);
		return 1;
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: meta %s", db->path, key);
	if (n > 0)
		buf[0] = '\0';
	return 0;
}

int db_meta_set(svdb *db, const char *key, const char *value, sv_err *err)
{
	static const char put[] = "INSERT INTO meta (key, value) VALUES (?1, ?2) "
		"ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	static const char del[] = "DELETE FROM meta WHERE key = ?1";
	sqlite3_stmt *st;
	int mode, rc = 0;

	mode = db_wbegin(db, err);
	if (mode < 0)
		return -1;
	st = db_prepare(db, value ? put : del, err);
	if (st == NULL) {
		rc = -1;
	} else {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		if (value != NULL)
			sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_sqlfail(db, err, sqlite3_errcode(db->h), "%s: meta %s", db->path, key);
		db_done(st);
	}
	return db_wend(db, mode, rc, err);
}

/* ---- catalogue ------------------------------------------------------------------- */

int db_proxy_set_current(svdb *db, char *name, size_t n, int *illustrative, sv_err *err)
{
	static const char sql[] = "SELECT name, illustrative FROM proxy_set WHERE is_current = 1";
	sqlite3_stmt *st = db_prepare(db, sql, err);
	int rc;

	if (n > 0)
		name[0] = '\0';
	if (illustrative != NULL)
		*illustrative = 0;
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_copy_text(name, n, sqlite3_column_text(st, 0));
		if (illustrative != NULL)
			*illustrative = sqlite3_column_int(st, 1);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: the current proxy set", db->path);
	return 0;
}

int db_measures_all(svdb *db, db_measure **out, size_t *n, sv_err *err)
{
	static const char sql[] = "SELECT m.id, m.code, m.unit, pv.proxy, m.local "
		"FROM measure m JOIN outcome o ON o.id = m.outcome_id JOIN theme t ON t.id = o.theme_id "
		"LEFT JOIN proxy_value pv ON pv.measure_id = m.id "
		"AND pv.set_id = (SELECT id FROM proxy_set WHERE is_current = 1) "
		"ORDER BY t.position, t.id, o.position, o.id, m.position, m.id";
	sqlite3_stmt *st;
	db_measure *v = NULL, *grown;
	size_t len = 0, cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	st = db_prepare(db, sql, err);
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_measure *m;

		if (len == cap) {
			cap = cap ? cap * 2 : 64;
			grown = realloc(v, cap * sizeof *v);
			if (grown == NULL) {
				db_done(st);
				free(v);
				return db_errf(err, DB_E_OTHER, "%s: out of memory", db->path);
			}
			v = grown;
		}
		m = &v[len++];
		memset(m, 0, sizeof *m);
		m->id = sqlite3_column_int64(st, 0);
		db_copy_text(m->code, sizeof m->code, sqlite3_column_text(st, 1));
		db_copy_text(m->unit, sizeof m->unit, sqlite3_column_text(st, 2));
		m->proxy = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64(st, 3);
		m->local = sqlite3_column_int(st, 4);
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_sqlfail(db, err, rc, "%s: measures", db->path);
	}
	*out = v;
	*n = len;
	return 0;
}

/* ---- counts ------------------------------------------------------------------------ */

int64_t db_count(svdb *db, const char *table, sv_err *err)
{
	/* The only tables that may be counted, each with its own static SQL. */
	static const struct {
		const char *name, *sql;
	} tables[] = {
		{ "theme", "SELECT count(*) FROM theme" },
		{ "outcome", "SELECT count(*) FROM outcome" },
		{ "measure", "SELECT count(*) FROM measure" },
		{ "proxy_set", "SELECT count(*) FROM proxy_set" },
		{ "proxy_value", "SELECT count(*) FROM proxy_value" },
		{ "supplier", "SELECT count(*) FROM supplier" },
		{ "contract", "SELECT count(*) FROM contract" },
		{ "commitment", "SELECT count(*) FROM commitment" },
		{ "return_line", "SELECT count(*) FROM return_line" },
		{ "decision", "SELECT count(*) FROM decision" },
		{ "highlight", "SELECT count(*) FROM highlight" },
		{ "questionnaire_answer", "SELECT count(*) FROM questionnaire_answer" },
		{ "audit", "SELECT count(*) FROM audit" },
		{ "meta", "SELECT count(*) FROM meta" },
	};
	sqlite3_stmt *st;
	int64_t v;
	size_t i;
	int rc;

	for (i = 0; i < sizeof tables / sizeof tables[0]; i++)
		if (table != NULL && strcmp(table, tables[i].name) == 0)
			break;
	if (i == sizeof tables / sizeof tables[0]) {
		db_errf(err, DB_E_OTHER, "cannot count \"%s\": not a table of svdesk",
			table ? table : "(null)");
		return -1;
	}
	st = db_prepare(db, tables[i].sql, err);
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	v = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc != SQLITE_ROW) {
		db_sqlfail(db, err, rc, "%s: count %s", db->path, table);
		return -1;
	}
	return v;
}

void db_proxy_text(int isnull, int64_t v, char *buf, size_t n)
{
	if (isnull)
		snprintf(buf, n, "record only");
	else
		proxy_format(v, buf, n);
}
