#include "config.h"

/* sqlfn.c: the arithmetic of the year totals and the search text as SQL
 * functions (migration 0005), so that the triggers that keep the totals
 * never use SQL's own + and *, which turn an integer that overflows into a
 * REAL without a word.  Each function here raises an error instead: the
 * statement that would overflow a total fails and writes nothing.
 *
 *   sv_sv(qty, proxy)           the £SV of a quantity (sv_value: the
 *                               reports' rounding, per line); 0 for a NULL
 *                               proxy (a record-only commitment)
 *   sv_add(a, b), sv_sub(a, b)  checked integer sums
 *   sv_sum(x)                   a checked sum, as an aggregate (0 for none)
 *   sv_ratio(v, c)              v x 10000 / c truncated; -1 when c <= 0
 *   sv_fold(text, ...)          browse_fold of each argument, joined by a
 *                               line feed (no folded search text has one)
 */

#include <stdlib.h>
#include <string.h>

#include "db/db_private.h"
#include "db/migrations.h"
#include "svdesk/browse.h"
#include "svdesk/money.h"

#define OVERFLOW "a total of £SV is out of range (over 92 trillion pounds): " \
	"check the quantities, targets and proxies just written"

static int arg_int64(sqlite3_context *ctx, sqlite3_value *v, int64_t *out)
{
	if (sqlite3_value_type(v) == SQLITE_NULL) {
		*out = 0;
		return 1;
	}
	if (sqlite3_value_numeric_type(v) != SQLITE_INTEGER) {
		sqlite3_result_error(ctx, "a money figure is not an integer", -1);
		return -1;
	}
	*out = sqlite3_value_int64(v);
	return 0;
}

static void fn_sv(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int64_t qty, proxy;
	sv_pence v;
	int a, b;

	(void)argc;
	if ((a = arg_int64(ctx, argv[0], &qty)) < 0 || (b = arg_int64(ctx, argv[1], &proxy)) < 0)
		return;
	if (b == 1 || a == 1) {          /* no proxy: record only */
		sqlite3_result_int64(ctx, 0);
		return;
	}
	if (sv_value(qty, proxy, &v) != 0) {
		sqlite3_result_error(ctx, OVERFLOW, -1);
		return;
	}
	sqlite3_result_int64(ctx, v);
}

static void fn_add(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int sub = sqlite3_user_data(ctx) != NULL;
	int64_t a, b, r;

	(void)argc;
	if (arg_int64(ctx, argv[0], &a) < 0 || arg_int64(ctx, argv[1], &b) < 0)
		return;
	if (sub ? __builtin_sub_overflow(a, b, &r) : __builtin_add_overflow(a, b, &r)) {
		sqlite3_result_error(ctx, OVERFLOW, -1);
		return;
	}
	sqlite3_result_int64(ctx, r);
}

struct sum {
	int64_t v;
	int bad;
};

static void fn_sum_step(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct sum *s = sqlite3_aggregate_context(ctx, (int)sizeof *s);
	int64_t x;

	(void)argc;
	if (s == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	if (s->bad)
		return;
	if (arg_int64(ctx, argv[0], &x) < 0) {
		s->bad = 2;
		return;
	}
	if (__builtin_add_overflow(s->v, x, &s->v))
		s->bad = 1;
}

static void fn_sum_final(sqlite3_context *ctx)
{
	struct sum *s = sqlite3_aggregate_context(ctx, 0);

	if (s != NULL && s->bad == 1)
		sqlite3_result_error(ctx, OVERFLOW, -1);
	else if (s != NULL && s->bad == 2)
		sqlite3_result_error(ctx, "a money figure is not an integer", -1);
	else
		sqlite3_result_int64(ctx, s != NULL ? s->v : 0);
}

int64_t db_ratio_bp(int64_t validated, int64_t committed)
{
	if (committed <= 0)
		return -1;
	/* |validated| < 2^63 and 10000 < 2^14: the product fits in 2^77 */
	return (int64_t)((__int128)validated * 10000 / committed);
}

static void fn_ratio(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	int64_t v, c;

	(void)argc;
	if (arg_int64(ctx, argv[0], &v) < 0 || arg_int64(ctx, argv[1], &c) < 0)
		return;
	if (c > 0 && (__int128)v * 10000 / c > INT64_MAX) {
		sqlite3_result_error(ctx, OVERFLOW, -1);
		return;
	}
	sqlite3_result_int64(ctx, db_ratio_bp(v, c));
}

static void fn_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	size_t cap = 1, n = 0;
	char *out;
	int i;

	for (i = 0; i < argc; i++)
		cap += (size_t)sqlite3_value_bytes(argv[i]) + 1;
	out = malloc(cap);
	if (out == NULL) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	for (i = 0; i < argc; i++) {
		const char *s = (const char *)sqlite3_value_text(argv[i]);

		if (i > 0)
			out[n++] = '\n';
		out[n] = '\0';
		if (s != NULL)
			n += browse_fold(s, out + n, cap - n);
	}
	sqlite3_result_text(ctx, out, (int)n, free);
}

int db_register_sqlfn(sqlite3 *h)
{
	static int sub_marker;
	const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	int rc;

	rc = sqlite3_create_function_v2(h, "sv_sv", 2, flags, NULL, fn_sv, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(h, "sv_add", 2, flags, NULL, fn_add, NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(h, "sv_sub", 2, flags, &sub_marker, fn_add,
						NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(h, "sv_sum", 1, flags, NULL, NULL, fn_sum_step,
						fn_sum_final, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(h, "sv_ratio", 2, flags, NULL, fn_ratio,
						NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function_v2(h, "sv_fold", -1, flags, NULL, fn_fold,
						NULL, NULL, NULL);
	return rc;
}

/* ---- the totals during an import session ---------------------------------------- */

/* The insert triggers of the totals, dropped for an import session. */
static const char *const session_triggers[] = {
	"commitment_year_total_insert", "return_line_year_total_insert",
};

/* The text of trigger `name` as the newest migration that makes it has it
 * ("CREATE TRIGGER name" at the start of a line to the "END" of its
 * "\nEND;", the text SQLite keeps and the trigger check compares). */
static char *migration_trigger(const char *name)
{
	size_t i, n = strlen(name);
	char *out = NULL;

	for (i = 0; i < db_migration_count; i++) {
		const char *p = db_migrations[i];

		while ((p = strstr(p, "CREATE TRIGGER ")) != NULL) {
			const char *end;

			if ((p == db_migrations[i] || p[-1] == '\n') && strncmp(p + 15, name, n) == 0 &&
			    (p[15 + n] == ' ' || p[15 + n] == '\n') &&
			    (end = strstr(p, "\nEND;")) != NULL) {
				free(out);
				out = strndup(p, (size_t)(end + 4 - p));
			}
			p += 15;
		}
	}
	return out;
}

int db_totals_session(svdb *db, int make, sv_err *err)
{
	size_t i;

	if (db_schema_version() < 5)
		return 0;
	for (i = 0; i < sizeof session_triggers / sizeof session_triggers[0]; i++) {
		char *sql;
		int rc;

		if (make) {
			char *t = migration_trigger(session_triggers[i]);

			if (t == NULL)
				return db_errf(err, DB_E_OTHER, "%s: the trigger %s is not known here",
					       db->path, session_triggers[i]);
			sql = sqlite3_mprintf("%s;", t);
			free(t);
		} else {
			sql = sqlite3_mprintf("DROP TRIGGER \"%w\";", session_triggers[i]);
		}
		if (sql == NULL)
			return db_errf(err, DB_E_OTHER, "%s: out of memory", db->path);
		rc = db_exec_script(db, sql, err);
		sqlite3_free(sql);
		if (rc != 0)
			return -1;
	}
	return 0;
}

/* The figures of the rows an import session added (they carry its id),
 * summed by contract and year and by measure and year in C (a table of
 * the pairs met, added to the totals each time it holds PAIRS_FLUSH: no
 * sort, and memory that does not grow with the import),
 * then added to the totals: what the insert triggers would have added row
 * by row. */
struct pair {
	int64_t id;              /* contract or measure; 0: a free slot */
	int year;
	sv_pence committed, delivered, validated;
	int64_t qk, qd, qv;      /* measures: quantities */
	int64_t n;               /* contracts: lines awaiting; measures: commitments */
	unsigned returned;
};

struct pairs {
	struct pair *v;
	size_t cap, n;
};

static struct pair *pair_get(struct pairs *t, int64_t id, int year)
{
	size_t i;

	if (t->n * 2 >= t->cap) {
		struct pairs g = { NULL, t->cap ? t->cap * 2 : 256, 0 };

		g.v = calloc(g.cap, sizeof *g.v);
		if (g.v == NULL)
			return NULL;
		for (i = 0; i < t->cap; i++)
			if (t->v[i].id != 0) {
				size_t h = ((uint64_t)t->v[i].id * 31u + (uint64_t)t->v[i].year) & (g.cap - 1);

				while (g.v[h].id != 0)
					h = (h + 1) & (g.cap - 1);
				g.v[h] = t->v[i];
				g.n++;
			}
		free(t->v);
		*t = g;
	}
	i = ((uint64_t)id * 31u + (uint64_t)year) & (t->cap - 1);
	while (t->v[i].id != 0 && !(t->v[i].id == id && t->v[i].year == year))
		i = (i + 1) & (t->cap - 1);
	if (t->v[i].id == 0) {
		t->v[i].id = id;
		t->v[i].year = year;
		t->n++;
	}
	return &t->v[i];
}

static const char q_session_commitments[] =
	"SELECT contract_id, measure_id, year, target, proxy FROM commitment WHERE import_id = ?1";
static const char q_session_lines[] =
	"SELECT cm.contract_id, cm.measure_id, cm.year, cm.proxy, l.quarter, l.delivered, "
	"l.status, l.validated FROM return_line l JOIN commitment cm ON cm.id = l.commitment_id "
	"WHERE l.import_id = ?1";
static const char q_put_year[] =
	"INSERT INTO contract_year (contract_id, year, committed, delivered, validated, ratio_bp, "
	"awaiting, returned) VALUES (?1, ?2, ?3, ?4, ?5, sv_ratio(?5, ?3), ?6, ?7) "
	"ON CONFLICT (contract_id, year) DO UPDATE SET "
	"committed = sv_add(committed, excluded.committed), "
	"delivered = sv_add(delivered, excluded.delivered), "
	"validated = sv_add(validated, excluded.validated), "
	"ratio_bp = sv_ratio(sv_add(validated, excluded.validated), "
	"sv_add(committed, excluded.committed)), "
	"awaiting = awaiting + excluded.awaiting, returned = returned | excluded.returned";
static const char q_put_measure[] =
	"INSERT INTO measure_year (measure_id, year, committed, delivered, validated, q_committed, "
	"q_delivered, q_validated, contracts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
	"ON CONFLICT (measure_id, year) DO UPDATE SET "
	"committed = sv_add(committed, excluded.committed), "
	"delivered = sv_add(delivered, excluded.delivered), "
	"validated = sv_add(validated, excluded.validated), "
	"q_committed = sv_add(q_committed, excluded.q_committed), "
	"q_delivered = sv_add(q_delivered, excluded.q_delivered), "
	"q_validated = sv_add(q_validated, excluded.q_validated), "
	"contracts = contracts + excluded.contracts";

/* The £SV of qty at proxy (0 with none) added to *acc; -1 on overflow. */
static int add_sv(sv_pence *acc, int64_t qty, sqlite3_stmt *st, int proxy_col)
{
	sv_pence v = 0;

	if (sqlite3_column_type(st, proxy_col) != SQLITE_NULL &&
	    sv_value(qty, sqlite3_column_int64(st, proxy_col), &v) != 0)
		return -1;
	return money_add(acc, v);
}

static int put_pairs(svdb *db, const struct pairs *t, int measures, sv_err *err)
{
	size_t i;

	for (i = 0; i < t->cap; i++) {
		const struct pair *p = &t->v[i];
		sqlite3_stmt *st;
		int rc;

		if (p->id == 0)
			continue;
		st = db_prepare(db, measures ? q_put_measure : q_put_year, err);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, p->id);
		sqlite3_bind_int(st, 2, p->year);
		sqlite3_bind_int64(st, 3, p->committed);
		sqlite3_bind_int64(st, 4, p->delivered);
		sqlite3_bind_int64(st, 5, p->validated);
		if (measures) {
			sqlite3_bind_int64(st, 6, p->qk);
			sqlite3_bind_int64(st, 7, p->qd);
			sqlite3_bind_int64(st, 8, p->qv);
			sqlite3_bind_int64(st, 9, p->n);
		} else {
			sqlite3_bind_int64(st, 6, p->n);
			sqlite3_bind_int64(st, 7, p->returned);
		}
		rc = sqlite3_step(st);
		db_done(st);
		if (rc != SQLITE_DONE)
			return db_sqlfail(db, err, rc, "%s: the import's totals", db->path);
	}
	return 0;
}

/* Add the sums so far to the totals and start again when the table holds
 * `at` pairs or more: the memory stays that of `at` pairs whatever the
 * size of the import (sums added twice to a pair are its sum). */
#define PAIRS_FLUSH 4096

static int flush_pairs(svdb *db, struct pairs *t, int measures, size_t at, sv_err *err)
{
	if (t->n < at || t->n == 0)
		return 0;
	if (put_pairs(db, t, measures, err) != 0)
		return -1;
	memset(t->v, 0, t->cap * sizeof *t->v);
	t->n = 0;
	return 0;
}


static int read_session(svdb *db, int64_t import_id, struct pairs *ys, struct pairs *ms,
			sv_err *err)
{
	sqlite3_stmt *st;
	int rc, bad = 0;

	st = db_prepare(db, q_session_commitments, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, import_id);
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int year = sqlite3_column_int(st, 2);
		int64_t target = sqlite3_column_int64(st, 3);
		struct pair *y = pair_get(ys, sqlite3_column_int64(st, 0), year);
		struct pair *m = y == NULL ? NULL : pair_get(ms, sqlite3_column_int64(st, 1), year);

		if (m == NULL)
			bad = 2;
		else if (add_sv(&y->committed, target, st, 4) != 0 ||
			 add_sv(&m->committed, target, st, 4) != 0 || money_add(&m->qk, target) != 0)
			bad = 1;
		else
			m->n++;
		if (!bad && (flush_pairs(db, ys, 0, PAIRS_FLUSH, err) != 0 ||
			     flush_pairs(db, ms, 1, PAIRS_FLUSH, err) != 0)) {
			db_done(st);
			return -1;
		}
	}
	db_done(st);
	if (!bad && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: the import's totals", db->path);
	st = bad ? NULL : db_prepare(db, q_session_lines, err);
	if (!bad && st == NULL)
		return -1;
	if (st != NULL)
		sqlite3_bind_int64(st, 1, import_id);
	while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int year = sqlite3_column_int(st, 2), q = sqlite3_column_int(st, 4);
		int64_t d = sqlite3_column_int64(st, 5), v = sqlite3_column_int64(st, 7);
		const char *status = (const char *)sqlite3_column_text(st, 6);
		int validated = status != NULL && strcmp(status, "validated") == 0;
		int awaiting = status != NULL && (strcmp(status, "submitted") == 0 ||
						  strcmp(status, "query") == 0);
		struct pair *y = pair_get(ys, sqlite3_column_int64(st, 0), year);
		struct pair *m = y == NULL ? NULL : pair_get(ms, sqlite3_column_int64(st, 1), year);

		if (m == NULL) {
			bad = 2;
			break;
		}
		if (add_sv(&y->delivered, d, st, 3) != 0 || add_sv(&m->delivered, d, st, 3) != 0 ||
		    money_add(&m->qd, d) != 0 ||
		    (validated && (add_sv(&y->validated, v, st, 3) != 0 ||
				   add_sv(&m->validated, v, st, 3) != 0 || money_add(&m->qv, v) != 0)))
			bad = 1;
		y->n += awaiting;
		if (q >= 1 && q <= 4)
			y->returned |= 1u << (q - 1);
		if (!bad && (flush_pairs(db, ys, 0, PAIRS_FLUSH, err) != 0 ||
			     flush_pairs(db, ms, 1, PAIRS_FLUSH, err) != 0)) {
			db_done(st);
			return -1;
		}
	}
	if (st != NULL)
		db_done(st);
	if (bad == 1)
		return db_errf(err, DB_E_OTHER, "%s: %s", db->path, OVERFLOW);
	if (bad == 2)
		return db_errf(err, DB_E_OTHER, "%s: out of memory", db->path);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: the import's totals", db->path);
	return 0;
}

int db_totals_add_import(svdb *db, int64_t import_id, sv_err *err)
{
	struct pairs ys = { NULL, 0, 0 }, ms = { NULL, 0, 0 };
	int rc;

	if (db_schema_version() < 5)
		return 0;
	rc = read_session(db, import_id, &ys, &ms, err);
	if (rc == 0)
		rc = flush_pairs(db, &ys, 0, 0, err);
	if (rc == 0)
		rc = flush_pairs(db, &ms, 1, 0, err);
	free(ys.v);
	free(ms.v);
	return rc;
}
