/* test_plans.c: the query plan of every statement on a screen's path.
 *
 * Each module that reads for the desk lists its statements (the very text
 * it prepares, not a copy): browse_statements() of db/browse.c; another
 * module adds its function to `sources` below.  For each statement,
 * EXPLAIN QUERY PLAN must show no SCAN of return_line, commitment or
 * contract_year (under any alias; nor of decision or audit for the
 * statements of a decision, db/returns.c), and no page sorted in a temporary
 * b-tree instead of read in its index's order, on a fresh database and on a demo of
 * some thousands of contracts after ANALYZE: a screen's query finds its
 * rows through an index, never by walking a whole table of the data that
 * grows with every return. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svdesk/auditlog.h"
#include "svdesk/browse.h"
#include "svdesk/detail.h"
#include "svdesk/db.h"
#include "svdesk/demo.h"
#include "svdesk/queue.h"
#include "db/db_private.h"     /* EXPLAIN QUERY PLAN on the connection */
#include "tests/unit/dbtest.h"

typedef const char *const *(*statements_fn)(size_t *n);

static const struct {
	const char *module;
	statements_fn fn;
} sources[] = {
	{ "db/browse.c", browse_statements },
	{ "db/detail.c", detail_statements },
	{ "db/queue.c", queue_statements },
	{ "db/returns.c", db_decide_statements },
	{ "db/auditlog.c", auditlog_statements },
};

/* More tables that a module's statements must never scan: a decision's
 * run inside the write lock that every desk shares. */
static const char *const big_decide[] = { "decision", "audit", NULL };
/* The audit log view's pages: the log grows with every change. */
static const char *const big_auditlog[] = { "audit", NULL };
static const struct {
	const char *module;
	const char *const *tables;
} also_big[] = {
	{ "db/returns.c", big_decide },
	{ "db/auditlog.c", big_auditlog },
};

static const char *const *also_big_of(const char *module)
{
	size_t i;

	for (i = 0; i < sizeof also_big / sizeof also_big[0]; i++)
		if (strcmp(also_big[i].module, module) == 0)
			return also_big[i].tables;
	return NULL;
}

/* The tables whose whole scan a screen must never cost, and the aliases
 * the statements give them. */
static const char *const big_all[] = {
	"return_line", "commitment", "contract_year", NULL
};

static int scans_big(const char *sql, const char *detail, const char *const *big)
{
	size_t i;

	if (strncmp(detail, "SCAN ", 5) != 0)
		return 0;
	detail += 5;
	for (i = 0; big[i] != NULL; i++) {
		size_t n = strlen(big[i]);
		char alias[80];
		const char *p;

		if (strncmp(detail, big[i], n) == 0 && (detail[n] == ' ' || detail[n] == '\0'))
			return 1;
		/* "FROM big x" / "JOIN big x": the alias x */
		for (p = strstr(sql, big[i]); p != NULL; p = strstr(p + n, big[i])) {
			size_t k = 0;
			const char *a = p + n;

			if (p > sql && p[-1] != ' ')
				continue;
			if (*a != ' ')
				continue;
			a++;
			while (k + 1 < sizeof alias && ((*a >= 'a' && *a <= 'z') || *a == '_'))
				alias[k++] = *a++;
			alias[k] = '\0';
			if (k == 0 || strcmp(alias, "WHERE") == 0 || strcmp(alias, "ON") == 0)
				continue;
			if (strncmp(detail, alias, k) == 0 && (detail[k] == ' ' || detail[k] == '\0'))
				return 1;
		}
	}
	return 0;
}

static int check_all(svdb *db, const char *when)
{
	size_t s, i, n, bad = 0, total = 0;

	for (s = 0; s < sizeof sources / sizeof sources[0]; s++) {
		const char *const *list = sources[s].fn(&n);

		for (i = 0; i < n; i++) {
			char *eqp = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", list[i]);
			sqlite3_stmt *st = NULL;
			char plan[4096] = "";
			int rc, worse = 0;

			assert_non_null(eqp);
			rc = sqlite3_prepare_v2(db->h, eqp, -1, &st, NULL);
			sqlite3_free(eqp);
			if (rc != SQLITE_OK)
				fail_msg("%s: %s\n%s", sources[s].module, sqlite3_errmsg(db->h), list[i]);
			while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
				const char *d = (const char *)sqlite3_column_text(st, 3);
				size_t len = strlen(plan);

				snprintf(plan + len, sizeof plan - len, "#   %s\n", d);
				/* (the whole log's count: SQLite counts the
				 * entries of a b-tree's pages without reading a
				 * row: the audit log view's "of M") */
				if (scans_big(list[i], d, big_all) ||
				    (also_big_of(sources[s].module) != NULL &&
				     strcmp(list[i], "SELECT count(*) FROM audit") != 0 &&
				     scans_big(list[i], d, also_big_of(sources[s].module))))
					worse = 1;
				/* a page sorted apart from its index costs every row
				 * it could hold, not a page.  (The rows of one key
				 * after the cursor, "key = ?2 AND id > ?3", are the
				 * exception: with statistics that say a key has a row
				 * or two, SQLite may sort them, at the cost of that
				 * key's rows; a key with many rows, such as body, is
				 * read in the index's order.  And the suppliers
				 * sorted on a figure, aggregated whole and sorted,
				 * GROUP BY s.id: suppliers are dozens, not thousands.) */
				if (strstr(list[i], " LIMIT ") != NULL &&
				    strstr(list[i], " = ?2 AND ") == NULL &&
				    strstr(list[i], "GROUP BY s.id") == NULL &&
				    /* a contract's page: its audit entries come from
				     * one index lookup per kind of row and are sorted
				     * by entry, a sort of that contract's own history
				     * (db/detail.c), not of a page of a list */
				    strstr(list[i], "FROM audit WHERE entity = 'contract' AND entity_id = ?1") == NULL &&
				    /* the returns queue (db/queue.c): contracts in
				     * the order of the index on ref, and only each
				     * contract's own lines of the year sorted by
				     * measure code (the right part of the order: a
				     * few dozen lines at most), never the page */
				    !(strstr(list[i], "ORDER BY c.ref") != NULL &&
				      strstr(list[i], ", m.code") != NULL &&
				      strcmp(d, "USE TEMP B-TREE FOR RIGHT PART OF ORDER BY") == 0) &&
				    strncmp(d, "USE TEMP B-TREE", 15) == 0)
					worse = 1;
				/* the returns queue's count and £SV for a year read
				 * the indexes of migration 0007 alone, never a row */
				if (strncmp(list[i], "SELECT count(*), sv_sum(", 24) == 0 &&
				    strstr(list[i], "FROM commitment cm CROSS JOIN return_line r") != NULL &&
				    strncmp(d, "SEARCH ", 7) == 0 && strstr(d, "COVERING INDEX") == NULL)
					worse = 1;
				/* a contract's commitments are looked up by the
				 * contract, never by walking every commitment of the
				 * year for each contract (the returns queue) */
				if (strstr(list[i], "JOIN commitment cm ON cm.contract_id = c.id") != NULL &&
				    strncmp(d, "SEARCH cm ", 10) == 0 &&
				    strstr(d, "(contract_id=?") == NULL)
					worse = 1;
				if (strstr(list[i], "c.body = ?2 AND") != NULL &&
				    strncmp(d, "USE TEMP B-TREE", 15) == 0)
					worse = 1;
			}
			sqlite3_finalize(st);
			assert_int_equal(rc, SQLITE_DONE);
			total++;
			if (worse || getenv("PLANS_VERBOSE") != NULL)
				printf("# %s (%s) %s\n# %s\n%s", sources[s].module, when,
				       worse ? "SCANS A BIG TABLE OR SORTS A PAGE" : "", list[i], plan);
			bad += (size_t)worse;
		}
	}
	printf("# %zu statements, %zu with a scan of a big table (%s)\n", total, bad, when);
	return (int)bad;
}

static void test_fresh(void **state)
{
	svdb *db = dbt_open_mem("tester", "desk");

	(void)state;
	assert_int_equal(check_all(db, "fresh"), 0);
	db_close(&db);
}

static void test_analyzed(void **state)
{
	db_open_opts o = { 0, NULL, 0, "tester", "demo" };
	static const sv_date today = { 2026, 2, 14 };
	svdb *db = NULL;
	sv_err e;

	(void)state;
	memset(&e, 0, sizeof e);
	if (db_open(&db, ":memory:", &o, &e) != 0 || demo_generate(db, 3000, 1, today, &e) != 0)
		fail_msg("demo: %s", e.msg);
	/* a log that has grown: an entry for each change made at the desk
	 * (the demo itself is two entries) */
	exec_ok(db, "UPDATE contract SET manager = 'Manager ' || id WHERE id <= 2000;"
		"UPDATE contract SET sv_weight = sv_weight + 1 WHERE id <= 1000;");
	exec_ok(db, "ANALYZE");
	assert_int_equal(check_all(db, "after ANALYZE, 3000 contracts"), 0);
	db_close(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh),
		cmocka_unit_test(test_analyzed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
