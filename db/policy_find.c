#include "config.h"

/* policy_find.c: the rows svdesk check policy reports on (see db.h,
 * "policy findings"); the rules and the wording are src/policy.c's. */

#include <stdio.h>
#include <string.h>

#include "db/db_private.h"

/* A commitment whose financial year does not overlap its contract's dates:
 * the negation of the condition of the commitment_year_insert trigger
 * (migration 0001), which refuses such a row when it is written; a row can
 * still come to be outside when its contract's dates change. */
static const char q_outside[] =
	"SELECT c.ref, s.name, c.body, c.value, c.start_date, c.end_date, m.code, k.year"
	" FROM commitment k JOIN contract c ON c.id = k.contract_id"
	" JOIN supplier s ON s.id = c.supplier_id JOIN measure m ON m.id = k.measure_id"
	" WHERE NOT (c.start_date <= printf('%04d-03-31', k.year + 1)"
	"  AND c.end_date >= printf('%04d-04-01', k.year))"
	" ORDER BY c.ref, k.year, m.code";

/* Lines in query whose decision was made before ?1 (YYYY-MM-DD). */
static const char q_query[] =
	"SELECT c.ref, s.name, c.body, c.value, c.start_date, c.end_date, m.code, k.year,"
	" r.quarter, r.id, r.validated_at, r.validated_by"
	" FROM return_line r JOIN commitment k ON k.id = r.commitment_id"
	" JOIN contract c ON c.id = k.contract_id JOIN supplier s ON s.id = c.supplier_id"
	" JOIN measure m ON m.id = k.measure_id"
	" WHERE r.status = 'query' AND r.validated_at < ?1"
	" ORDER BY c.ref, k.year, r.quarter, m.code";

/* Contracts without a living-wage or a modern-slavery answer. */
static const char q_unanswered[] =
	"SELECT c.ref, s.name, c.body, c.value, c.start_date, c.end_date,"
	" c.living_wage, c.modern_slavery"
	" FROM contract c JOIN supplier s ON s.id = c.supplier_id"
	" WHERE c.living_wage IS NULL OR c.modern_slavery IS NULL"
	" ORDER BY c.ref";

static const char q_years[] = "SELECT min(year), max(year) FROM commitment";

enum { Q_OUTSIDE, Q_QUERY, Q_UNANSWERED };

static int walk(svdb *db, int which, const char *before, db_policy_fn fn, void *ctx,
		sv_err *err)
{
	static const char *const sql[] = { q_outside, q_query, q_unanswered };
	static const char *const what[] = {
		"the commitments outside their contract's dates",
		"the lines in query", "the contracts' policy answers"
	};
	sqlite3_stmt *st = db_prepare(db, sql[which], err);
	int rc, stop = 0;

	if (st == NULL)
		return -1;
	if (before != NULL)
		sqlite3_bind_text(st, 1, before, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_policy_rec r;

		memset(&r, 0, sizeof r);
		r.ref = db_col_text(st, 0);
		r.supplier = db_col_text(st, 1);
		r.body = db_col_text(st, 2);
		r.value = sqlite3_column_int64(st, 3);
		r.start = db_col_text(st, 4);
		r.end = db_col_text(st, 5);
		if (which == Q_UNANSWERED) {
			r.living_wage = sqlite3_column_type(st, 6) == SQLITE_NULL
				? NULL : db_col_text(st, 6);
			r.modern_slavery = sqlite3_column_type(st, 7) == SQLITE_NULL
				? NULL : db_col_text(st, 7);
		} else {
			r.code = db_col_text(st, 6);
			r.year = sqlite3_column_int(st, 7);
		}
		if (which == Q_QUERY) {
			r.quarter = sqlite3_column_int(st, 8);
			r.line_id = sqlite3_column_int64(st, 9);
			r.since = db_col_text(st, 10);
			r.by = db_col_text(st, 11);
		}
		stop = fn(ctx, &r);
		if (stop != 0)
			break;
	}
	db_done(st);
	if (stop != 0)
		return stop;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: reading %s", db->path, what[which]);
	return 0;
}

int db_policy_outside_dates(svdb *db, db_policy_fn fn, void *ctx, sv_err *err)
{
	return walk(db, Q_OUTSIDE, NULL, fn, ctx, err);
}

int db_policy_in_query(svdb *db, const char *before, db_policy_fn fn, void *ctx, sv_err *err)
{
	return walk(db, Q_QUERY, before, fn, ctx, err);
}

int db_policy_unanswered(svdb *db, db_policy_fn fn, void *ctx, sv_err *err)
{
	return walk(db, Q_UNANSWERED, NULL, fn, ctx, err);
}

int db_commitment_years(svdb *db, int *first, int *last, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_years, err);
	int rc, found = 0;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*first = sqlite3_column_int(st, 0);
		*last = sqlite3_column_int(st, 1);
		found = 1;
	}
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s: reading the commitments' years", db->path);
	return found;
}
