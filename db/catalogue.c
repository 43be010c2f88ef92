#include "config.h"

/* catalogue.c: the catalogue (measures, proxy sets), table counts, the
 * metadata table, and text: the fixed vocabularies (bodies, statuses, years
 * and quarters as text) and the small text helpers of db/. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db_private.h"

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

int db_date_iso(sv_date d, char buf[11])
{
	static const int mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap, dim;

	buf[0] = '\0';
	if (d.y < 1 || d.y > 9999 || d.m < 1 || d.m > 12 || d.d < 1)
		return -1;
	leap = (d.y % 4 == 0 && d.y % 100 != 0) || d.y % 400 == 0;
	dim = mdays[d.m - 1] + (d.m == 2 && leap);
	if (d.d > dim)
		return -1;
	snprintf(buf, 11, "%04d-%02d-%02d", d.y % 10000, d.m % 100, d.d % 100);
	return 0;
}

void db_fy_label(int fy, char buf[8])
{
	if (fy < 0 || fy > 9998)
		fy = 0;
	snprintf(buf, 8, "%04d/%02d", fy, (fy + 1) % 100);
}

void db_quarter_label(int fy, int q, char buf[16])
{
	char y[8];

	db_fy_label(fy, y);
	snprintf(buf, 16, "%s Q%d", y, q < 1 || q > 4 ? 0 : q);
}

void db_quarter_dates(int fy, int q, char first[11], char last[11])
{
	static const char *const from[4] = { "04-01", "07-01", "10-01", "01-01" };
	static const char *const to[4] = { "06-30", "09-30", "12-31", "03-31" };
	int y;

	if (q < 1 || q > 4)
		q = 1;
	if (fy < 0 || fy > 9998)
		fy = 0;
	y = q == 4 ? fy + 1 : fy;
	snprintf(first, 11, "%04d-%s", y, from[q - 1]);
	snprintf(last, 11, "%04d-%s", y, to[q - 1]);
}

void db_qty_text(int64_t v, char *buf, size_t n)
{
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	unsigned frac = (unsigned)(a % 100);
	const char *sign = v < 0 ? "-" : "";

	if (frac == 0)
		snprintf(buf, n, "%s%llu", sign, (unsigned long long)(a / 100));
	else if (frac % 10 == 0)
		snprintf(buf, n, "%s%llu.%u", sign, (unsigned long long)(a / 100), frac / 10);
	else
		snprintf(buf, n, "%s%llu.%02u", sign, (unsigned long long)(a / 100), frac);
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
	if (len >= n) {
		len = n - 1;
		/* do not cut a UTF-8 sequence: back off continuation bytes */
		while (len > 0 && (src[len] & 0xC0) == 0x80)
			len--;
	}
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

/* A proxy for messages: "record only", or pounds with 2 to 4 decimals. */
void db_proxy_text(int isnull, int64_t v, char *buf, size_t n)
{
	unsigned frac = (unsigned)(v % 10000);

	if (isnull)
		snprintf(buf, n, "record only");
	else if (frac % 100 == 0)
		snprintf(buf, n, "%lld.%02u", (long long)(v / 10000), frac / 100);
	else if (frac % 10 == 0)
		snprintf(buf, n, "%lld.%03u", (long long)(v / 10000), frac / 10);
	else
		snprintf(buf, n, "%lld.%04u", (long long)(v / 10000), frac);
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
