#include "config.h"

/* audit_check.c: svdesk check: integrity, the audit triggers (also
 * compared on every open), the chain and its head (spec "The audit log").
 * The replay of the log against the rows is in audit_replay.c:
 *
 * it walks each audited table's rows and the entries about them
 * merged by id.  For one row it starts from the current values and undoes
 * the entries newest to oldest: an update entry's "after" must be what the
 * row holds, and its "before" is put back; a decision made one at a time
 * undoes the line's change it applied; an insert entry must hold the whole
 * row; a delete entry brings the deleted row back.  A row added by an
 * import (or the demo, or the baseline of the migration) stops at that
 * import: its values then go into the digest of the import, which must
 * equal the digest the import's entry holds. */

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "db/db_private.h"
#include "db/migrations.h"
#include "svdesk/period.h"

struct finder {
	db_finding_fn fn;
	void *ctx;
	const char *part;
	int count;
};

static void found(struct finder *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void found(struct finder *f, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	f->count++;
	if (f->fn != NULL)
		f->fn(f->ctx, f->part, msg);
}

/* ---- integrity ------------------------------------------------------------ */

/* The highlights of each year are numbered 1 .. n (schema version 4). */
static int highlight_order_check(svdb *db, struct finder *f, sv_err *err)
{
	static const char q_has[] = "SELECT count(*) FROM pragma_table_info('highlight') "
		"WHERE name = 'position'";
	static const char q[] = "SELECT year, count(*) FROM highlight GROUP BY year "
		"HAVING min(position) <> 1 OR max(position) <> count(*) "
		"OR count(DISTINCT position) <> count(*) ORDER BY year";
	sqlite3_stmt *st = NULL;
	int64_t has = 0;
	int rc = db_query_int(db->h, q_has, &has);

	if (rc != SQLITE_OK)
		return db_sqlfail(db, err, rc, "%s: highlight order check", db->path);
	if (has == 0)
		return 0;
	for (rc = sqlite3_prepare_v2(db->h, q, -1, &st, NULL);
	     rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW; rc = SQLITE_OK) {
		char yl[8];

		fy_format(sqlite3_column_int(st, 0), yl);
		found(f, "the highlights of %s are not numbered 1 to %lld in order", yl,
		      (long long)sqlite3_column_int64(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: highlight order check", db->path);
	return 0;
}

/* The year totals and search text of schema version 5 (0005_browse.sql)
 * against what the rows they come from make them: a difference means a
 * write that went round the triggers. */
static int totals_check(svdb *db, struct finder *f, sv_err *err)
{
	static const char q_has[] = "SELECT count(*) FROM sqlite_schema WHERE type = 'table' "
		"AND name = 'contract_year'";
	static const char q_years[] =
		"WITH k AS (SELECT contract_id, year, sv_sum(sv_sv(target, proxy)) AS committed "
		"FROM commitment GROUP BY contract_id, year), "
		"l AS (SELECT cm.contract_id AS contract_id, cm.year AS year, "
		"sv_sum(sv_sv(r.delivered, cm.proxy)) AS delivered, "
		"sv_sum(CASE WHEN r.status = 'validated' THEN sv_sv(r.validated, cm.proxy) ELSE 0 END) "
		"AS validated, sum(r.status = 'submitted' OR r.status = 'query') AS awaiting, "
		"max(r.quarter = 1) | (max(r.quarter = 2) << 1) | (max(r.quarter = 3) << 2) "
		"| (max(r.quarter = 4) << 3) AS returned "
		"FROM commitment cm JOIN return_line r ON r.commitment_id = cm.id "
		"GROUP BY cm.contract_id, cm.year), "
		"w AS (SELECT k.contract_id, k.year, k.committed, coalesce(l.delivered, 0) AS delivered, "
		"coalesce(l.validated, 0) AS validated, coalesce(l.awaiting, 0) AS awaiting, "
		"coalesce(l.returned, 0) AS returned FROM k LEFT JOIN l USING (contract_id, year)) "
		"SELECT coalesce((SELECT ref FROM contract WHERE id = coalesce(w.contract_id, "
		"y.contract_id)), '?'), coalesce(w.year, y.year) FROM w FULL JOIN contract_year y "
		"ON y.contract_id = w.contract_id AND y.year = w.year "
		"WHERE (w.contract_id IS NULL AND (y.committed, y.delivered, y.validated, y.awaiting, "
		"y.returned) IS NOT (0, 0, 0, 0, 0)) "
		"OR y.contract_id IS NULL OR y.committed IS NOT w.committed "
		"OR y.delivered IS NOT w.delivered OR y.validated IS NOT w.validated "
		"OR y.ratio_bp IS NOT sv_ratio(w.validated, w.committed) "
		"OR y.awaiting IS NOT w.awaiting OR y.returned IS NOT w.returned "
		"ORDER BY 2, 1";
	static const char q_measures[] =
		"WITH k AS (SELECT measure_id, year, sv_sum(sv_sv(target, proxy)) AS committed, "
		"sv_sum(target) AS q_committed, count(*) AS contracts FROM commitment "
		"GROUP BY measure_id, year), "
		"l AS (SELECT cm.measure_id AS measure_id, cm.year AS year, "
		"sv_sum(sv_sv(r.delivered, cm.proxy)) AS delivered, "
		"sv_sum(CASE WHEN r.status = 'validated' THEN sv_sv(r.validated, cm.proxy) ELSE 0 END) "
		"AS validated, sv_sum(r.delivered) AS q_delivered, "
		"sv_sum(CASE WHEN r.status = 'validated' THEN r.validated ELSE 0 END) AS q_validated "
		"FROM commitment cm JOIN return_line r ON r.commitment_id = cm.id "
		"GROUP BY cm.measure_id, cm.year) "
		"SELECT coalesce((SELECT code FROM measure WHERE id = coalesce(k.measure_id, "
		"y.measure_id)), '?'), coalesce(k.year, y.year) FROM k LEFT JOIN l USING (measure_id, year) "
		"FULL JOIN measure_year y ON y.measure_id = k.measure_id AND y.year = k.year "
		"WHERE (k.measure_id IS NULL AND (y.committed, y.delivered, y.validated, y.contracts) "
		"IS NOT (0, 0, 0, 0)) OR y.measure_id IS NULL "
		"OR y.committed IS NOT k.committed OR y.q_committed IS NOT k.q_committed "
		"OR y.contracts IS NOT k.contracts OR y.delivered IS NOT coalesce(l.delivered, 0) "
		"OR y.validated IS NOT coalesce(l.validated, 0) "
		"OR y.q_delivered IS NOT coalesce(l.q_delivered, 0) "
		"OR y.q_validated IS NOT coalesce(l.q_validated, 0) ORDER BY 2, 1";
	static const char q_folds[] =
		"SELECT 'contract', c.ref FROM contract c LEFT JOIN contract_fold f ON f.id = c.id "
		"WHERE f.fold IS NOT sv_fold(c.ref, c.title) "
		"UNION ALL SELECT 'supplier', s.name FROM supplier s LEFT JOIN supplier_fold g "
		"ON g.id = s.id WHERE g.fold IS NOT sv_fold(s.name) "
		"UNION ALL SELECT 'contract', 'id ' || id FROM contract_fold "
		"WHERE id NOT IN (SELECT id FROM contract) "
		"UNION ALL SELECT 'supplier', 'id ' || id FROM supplier_fold "
		"WHERE id NOT IN (SELECT id FROM supplier)";
	static const char *const qs[] = { q_years, q_measures, q_folds };
	sqlite3_stmt *st = NULL;
	int64_t has = 0;
	int rc = db_query_int(db->h, q_has, &has);
	size_t i;

	if (rc != SQLITE_OK)
		return db_sqlfail(db, err, rc, "%s: totals check", db->path);
	if (has == 0)
		return 0;
	for (i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		for (rc = sqlite3_prepare_v2(db->h, qs[i], -1, &st, NULL);
		     rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW; rc = SQLITE_OK) {
			const char *a = (const char *)sqlite3_column_text(st, 0);
			char yl[8];

			if (i == 2) {
				found(f, "the search text of %s %s is not the folded text of its "
				      "row (a change made outside svdesk)", a,
				      (const char *)sqlite3_column_text(st, 1));
				continue;
			}
			fy_format(sqlite3_column_int(st, 1), yl);
			found(f, "the totals of %s %s for %s are not those of its commitments and "
			      "return lines (a change made outside svdesk)",
			      i == 0 ? "contract" : "measure", a, yl);
		}
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_DONE)
			return db_sqlfail(db, err, rc, "%s: totals check", db->path);
	}
	return 0;
}

int db_check_integrity(svdb *db, db_finding_fn fn, void *ctx, sv_err *err)
{
	struct finder f = { fn, ctx, "integrity", 0 };
	sqlite3_stmt *st = NULL;
	int rc;

	for (rc = sqlite3_prepare_v2(db->h, "PRAGMA integrity_check", -1, &st, NULL);
	     rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW; rc = SQLITE_OK) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		if (t == NULL || strcmp(t, "ok") != 0)
			found(&f, "%s", t ? t : "integrity_check failed");
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: integrity check", db->path);
	for (rc = sqlite3_prepare_v2(db->h, "PRAGMA foreign_key_check", -1, &st, NULL);
	     rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW; rc = SQLITE_OK)
		found(&f, "%s row %lld refers to a missing %s row", sqlite3_column_text(st, 0),
		      (long long)sqlite3_column_int64(st, 1), sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: foreign key check", db->path);
	if (highlight_order_check(db, &f, err) != 0 || totals_check(db, &f, err) != 0)
		return -1;
	return f.count;
}

/* ---- triggers ---------------------------------------------------------------- */

struct trig {
	char *name, *sql;
};

struct trigset {
	int version;
	struct trig *t;
	size_t n;
};

static void trigset_free(struct trigset *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->t[i].name);
		free(s->t[i].sql);
	}
	free(s->t);
	s->t = NULL;
	s->n = 0;
}

static int read_triggers(sqlite3 *h, struct trigset *s)
{
	static const char q[] = "SELECT name, coalesce(sql, '') FROM sqlite_schema "
		"WHERE type = 'trigger' ORDER BY name";
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	int rc = sqlite3_prepare_v2(h, q, -1, &st, NULL);

	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (s->n == cap) {
			struct trig *nt = realloc(s->t, (cap ? cap * 2 : 64) * sizeof *nt);

			if (nt == NULL) {
				rc = SQLITE_NOMEM;
				break;
			}
			s->t = nt;
			cap = cap ? cap * 2 : 64;
		}
		s->t[s->n].name = strdup((const char *)sqlite3_column_text(st, 0));
		s->t[s->n].sql = strdup((const char *)sqlite3_column_text(st, 1));
		if (s->t[s->n].name == NULL || s->t[s->n].sql == NULL) {
			free(s->t[s->n].name);
			free(s->t[s->n].sql);
			rc = SQLITE_NOMEM;
			break;
		}
		s->n++;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : rc;
}

static int trig_cmp(const void *a, const void *b)
{
	return strcmp(((const struct trig *)a)->name, ((const struct trig *)b)->name);
}

static int trigset_put(struct trigset *s, const char *name, size_t nlen, const char *sql,
		       size_t slen, size_t *cap)
{
	size_t i;
	char *nm = strndup(name, nlen), *text = sql ? strndup(sql, slen) : NULL;

	if (nm == NULL || (sql != NULL && text == NULL)) {
		free(nm);
		free(text);
		return -1;
	}
	for (i = 0; i < s->n; i++)
		if (strcmp(s->t[i].name, nm) == 0)
			break;
	if (i < s->n) {                  /* recreated, or dropped (sql NULL) */
		free(nm);
		free(s->t[i].sql);
		if (text == NULL) {
			free(s->t[i].name);
			s->t[i] = s->t[--s->n];
		} else {
			s->t[i].sql = text;
		}
		return 0;
	}
	if (text == NULL) {
		free(nm);
		return 0;
	}
	if (s->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		struct trig *nt = realloc(s->t, nc * sizeof *nt);

		if (nt == NULL) {
			free(nm);
			free(text);
			return -1;
		}
		s->t = nt;
		*cap = nc;
	}
	s->t[s->n].name = nm;
	s->t[s->n].sql = text;
	s->n++;
	return 0;
}

/* The triggers that a script of svdesk's own (a migration, or the
 * generated audit triggers) creates and drops: every "CREATE TRIGGER name"
 * at the start of a line up to the "END" of its "\nEND;" (the text SQLite
 * keeps in sqlite_schema), every "DROP TRIGGER name;" at the start of a
 * line.  The scripts are trusted text written for this; the unit tests
 * compare the result with what SQLite itself keeps after the migrations. */
static int script_triggers(const char *sql, struct trigset *s, size_t *cap)
{
	const char *p = sql;

	while (p != NULL && *p != '\0') {
		const char *eol = strchr(p, '\n');

		if (strncmp(p, "CREATE TRIGGER ", 15) == 0) {
			const char *name = p + 15, *end = strstr(p, "\nEND;");
			size_t nlen = strcspn(name, " \n");

			if (end == NULL)
				return -1;
			if (trigset_put(s, name, nlen, p, (size_t)(end + 4 - p), cap) != 0)
				return -1;
			eol = strchr(end + 1, '\n');
		} else if (strncmp(p, "DROP TRIGGER ", 13) == 0) {
			const char *name = p + 13;
			size_t nlen = strcspn(name, " ;\n");

			if (trigset_put(s, name, nlen, NULL, 0, cap) != 0)
				return -1;
		}
		p = eol == NULL ? NULL : eol + 1;
	}
	return 0;
}

/* What this svdesk's migrations make for a version, read from their text
 * (cheap: it runs on every open).  Built once a process. */
static int expected_triggers(int version, const struct trigset **out, sv_err *err)
{
	static struct trigset cache[16];
	struct trigset *s;
	size_t cap = 0;
	int i, rc = 0;

	if (version < 0 || version >= 16 || version > db_schema_version())
		return db_errf(err, DB_E_OTHER, "schema version %d is not known here", version);
	s = &cache[version];
	if (s->version == version && s->t != NULL) {
		*out = s;
		return 0;
	}
	trigset_free(s);
	for (i = 1; i <= version && rc == 0; i++) {
		if (i == AUDIT_SCHEMA) {         /* it starts from no triggers */
			cap = 0;
			trigset_free(s);
		}
		rc = script_triggers(db_migrations[i - 1], s, &cap);
		if (rc == 0 && i >= AUDIT_SCHEMA) {
			char *gen = audit_triggers_script(i, i > AUDIT_SCHEMA);

			rc = gen == NULL ? -1 : script_triggers(gen, s, &cap);
			free(gen);
		}
	}
	if (rc != 0) {
		trigset_free(s);
		return db_errf(err, DB_E_OTHER, "cannot list the triggers of schema version %d",
			       version);
	}
	if (s->n > 1)
		qsort(s->t, s->n, sizeof *s->t, trig_cmp);
	s->version = version;
	*out = s;
	return 0;
}

int audit_triggers_expected_replay(int version, int *same, sv_err *err)
{
	const struct trigset *want;
	struct trigset have = { 0, NULL, 0 };
	svdb *mem = NULL;
	size_t i;
	int rc;

	*same = 0;
	if (expected_triggers(version, &want, err) != 0 || db_open_scratch(&mem, version, err) != 0)
		return -1;
	rc = read_triggers(mem->h, &have);
	db_close(&mem);
	if (rc != 0) {
		trigset_free(&have);
		return db_errf(err, DB_E_OTHER, "cannot list the triggers: %s", sqlite3_errstr(rc));
	}
	*same = have.n == want->n;
	for (i = 0; *same && i < have.n; i++)
		*same = strcmp(have.t[i].name, want->t[i].name) == 0 &&
			strcmp(have.t[i].sql, want->t[i].sql) == 0;
	trigset_free(&have);
	return 0;
}

int audit_triggers_compare(svdb *db, int uv, char *why, size_t n,
			   db_finding_fn fn, void *ctx, sv_err *err)
{
	struct finder f = { fn, ctx, "audit", 0 };
	const struct trigset *want = NULL;
	struct trigset have = { 0, NULL, 0 };
	size_t i = 0, j = 0;
	char first[256] = "";
	int rc;

	if (expected_triggers(uv, &want, err) != 0)
		return -1;
	rc = read_triggers(db->h, &have);
	if (rc != 0) {
		trigset_free(&have);
		return db_sqlfail(db, err, rc, "%s: reading the triggers", db->path);
	}
	while (i < want->n || j < have.n) {
		int c = i == want->n ? 1 : j == have.n ? -1 : strcmp(want->t[i].name, have.t[j].name);
		char msg[256];

		if (c < 0)
			snprintf(msg, sizeof msg, "the trigger %s is missing", want->t[i++].name);
		else if (c > 0)
			snprintf(msg, sizeof msg, "the trigger %s is not one of svdesk's",
				 have.t[j++].name);
		else if (strcmp(want->t[i].sql, have.t[j].sql) != 0) {
			snprintf(msg, sizeof msg, "the trigger %s has been altered", want->t[i].name);
			i++, j++;
		} else {
			i++, j++;
			continue;
		}
		if (f.count == 0)
			snprintf(first, sizeof first, "%s", msg);
		found(&f, "%s", msg);
	}
	trigset_free(&have);
	if (why != NULL && n > 0) {
		if (f.count == 0)
			why[0] = '\0';
		else if (f.count == 1)
			snprintf(why, n, "%s (changed outside svdesk; run: svdesk check)", first);
		else
			snprintf(why, n, "%s, and %d more trigger problems (changed outside svdesk; "
				 "run: svdesk check)", first, f.count - 1);
	}
	return f.count > 0;
}

/* ---- the chain ------------------------------------------------------------------- */

/* Walk the entries 1..upto (all when upto < 0): ids without gaps, every
 * entry sealed, every hash recomputed.  Returns the number of findings,
 * -1 on error; last is the hash of the last entry read (its id in *last_id). */
static int walk_chain(svdb *db, int64_t upto, struct finder *f, unsigned char last[32],
		      int64_t *last_id, sv_err *err)
{
	static const char q[] = "SELECT id, at, who, origin, entity, entity_id, action, "
		"before, after, hash FROM audit WHERE ?1 < 0 OR id <= ?1 ORDER BY id";
	sqlite3_stmt *st = NULL;
	unsigned char prev[32], h[32];
	int have_prev = 0, rc, start = f->count;
	int64_t expect = 1;

	*last_id = 0;
	rc = sqlite3_prepare_v2(db->h, q, -1, &st, NULL);
	if (rc == SQLITE_OK)
		sqlite3_bind_int64(st, 1, upto);
	while (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		int sealed = sqlite3_column_bytes(st, 9) == 32;

		rc = SQLITE_OK;
		if (id != expect) {
			if (id == expect + 1)
				found(f, "entry %" PRId64 " is missing (removed from the log)", expect);
			else
				found(f, "entries %" PRId64 " to %" PRId64 " are missing (removed from "
				      "the log)", expect, id - 1);
		}
		expect = id + 1;
		audit_entry_hash(have_prev ? prev : NULL, st, h);
		if (!sealed) {
			found(f, "entry %" PRId64 " is not sealed (written outside svdesk)", id);
			memcpy(prev, h, 32);
		} else {
			const unsigned char *stored = sqlite3_column_blob(st, 9);

			if (memcmp(stored, h, 32) != 0)
				found(f, "entry %" PRId64 " does not match its hash (the entry, or "
				      "the one before it, was altered or forged)", id);
			memcpy(prev, stored, 32);
		}
		have_prev = 1;
		memcpy(last, prev, 32);
		*last_id = id;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: reading the audit log", db->path);
	return f->count - start;
}

int audit_walk_chain(svdb *db, int64_t upto, db_finding_fn fn, void *ctx,
		     unsigned char last[32], int64_t *last_id, sv_err *err)
{
	struct finder f = { fn, ctx, "audit", 0 };

	return walk_chain(db, upto, &f, last, last_id, err);
}

int db_audit_head_verify(svdb *db, int64_t entries, const char *hash, char *why, size_t n,
			 sv_err *err)
{
	struct finder f = { NULL, NULL, "audit", 0 };
	unsigned char last[32];
	char hex[65];
	int64_t last_id = 0;
	int k;

	if (why != NULL && n > 0)
		why[0] = '\0';
	if (entries < 1 || hash == NULL || strlen(hash) != 64) {
		if (why)
			snprintf(why, n, "a head is N:HASH, N from 1 and HASH 64 hex digits");
		return 0;
	}
	k = walk_chain(db, entries, &f, last, &last_id, err);
	if (k < 0)
		return -1;
	if (last_id < entries) {
		if (why)
			snprintf(why, n, "the log holds %" PRId64 " entries, fewer than %" PRId64,
				 last_id, entries);
		return 0;
	}
	audit_hex(last, 32, hex);
	if (strcasecmp(hex, hash) != 0) {
		if (why)
			snprintf(why, n, "entry %" PRId64 " has the hash %s, not the one given "
				 "(the log was rewritten)", entries, hex);
		return 0;
	}
	if (k > 0) {
		if (why)
			snprintf(why, n, "the chain up to entry %" PRId64 " does not verify "
				 "(%d problem%s: run svdesk check audit)", entries, k, k == 1 ? "" : "s");
		return 0;
	}
	return 1;
}

int db_audit_head_check(svdb *db, int64_t entries, const char *hash, sv_err *err)
{
	return db_audit_head_verify(db, entries, hash, NULL, 0, err);
}
