/* test_demo.c: the built-in catalogue and the demo generator, on in-memory
 * databases. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svdesk/db.h"
#include "svdesk/demo.h"

static const sv_date TODAY = { 2025, 11, 15 };

static svdb *open_memory(void)
{
	db_open_opts opts;
	sv_err err;
	svdb *db = NULL;
	int rc;

	memset(&opts, 0, sizeof opts);
	memset(&err, 0, sizeof err);
	opts.create = 1;
	opts.actor = "tester";
	opts.origin = "demo";
	rc = db_open(&db, ":memory:", &opts, &err);
	if (rc != 0)
		fail_msg("db_open(:memory:): %s", err.msg);
	assert_non_null(db);
	return db;
}

static svdb *demo_db(int ncontracts, uint64_t seed, sv_date today)
{
	svdb *db = open_memory();
	sv_err err;
	int rc;

	memset(&err, 0, sizeof err);
	rc = demo_generate(db, ncontracts, seed, today, &err);
	if (rc != 0)
		fail_msg("demo_generate(%d, %llu): %s", ncontracts, (unsigned long long)seed, err.msg);
	return db;
}

static int64_t count(svdb *db, const char *table)
{
	sv_err err;
	int64_t n;

	memset(&err, 0, sizeof err);
	n = db_count(db, table, &err);
	if (n < 0)
		fail_msg("db_count(%s): %s", table, err.msg);
	return n;
}

/* Every contract row, in ref order (paged through the keyset API). */
static db_contract_row *all_contracts(svdb *db, size_t *n)
{
	enum { PAGE = 37 };
	db_contract_row *rows = NULL;
	size_t have = 0;
	sv_err err;

	memset(&err, 0, sizeof err);
	for (;;) {
		db_contract_row *tmp = realloc(rows, (have + PAGE) * sizeof *rows);
		const char *after;
		int64_t after_id;
		int got;

		assert_non_null(tmp);
		rows = tmp;
		after = have > 0 ? rows[have - 1].ref : NULL;
		after_id = have > 0 ? rows[have - 1].id : 0;
		got = db_contracts_page(db, after, after_id, 1, rows + have, PAGE, &err);
		if (got < 0)
			fail_msg("db_contracts_page: %s", err.msg);
		have += (size_t)got;
		if (got < PAGE)
			break;
	}
	*n = have;
	return rows;
}

/* Return line number id (ids run from 1 in a new database): 1 found, 0 not. */
static int line_get(svdb *db, int64_t id, db_return_line *out)
{
	sv_err err;
	int rc;

	memset(&err, 0, sizeof err);
	memset(out, 0, sizeof *out);
	rc = db_return_get(db, id, out, &err);
	if (rc < 0)
		fail_msg("db_return_get(%lld): %s", (long long)id, err.msg);
	return rc;
}

static const char *const tables[] = {
	"theme", "outcome", "measure", "contract", "supplier", "commitment",
	"return_line", "decision", "highlight", "audit",
};
#define NTABLES (sizeof tables / sizeof tables[0])

static const db_measure *find_measure(const db_measure *ms, size_t n, const char *code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(ms[i].code, code) == 0)
			return &ms[i];
	return NULL;
}

/* The default demo (60 contracts, seed 1), made once for the group. */
static int group_setup(void **state)
{
	*state = demo_db(DEMO_DEFAULT_CONTRACTS, DEMO_DEFAULT_SEED, TODAY);
	return 0;
}

static int group_teardown(void **state)
{
	svdb *db = *state;

	db_close(&db);
	return 0;
}

/* ---- the built-in catalogue ------------------------------------------------ */

static void test_catalogue(void **state)
{
	static const struct { const char *code, *unit; int local; } want[] = {
		{ "NT1", "FTE", 0 }, { "NT3", "FTE", 0 }, { "NT10", "weeks", 0 },
		{ "NT18", "GBP", 0 }, { "NT28", "GBP", 0 }, { "NT29", "hours", 0 },
		{ "NT31", "tCO2e", 0 }, { "WM-PL1", "FTE", 1 }, { "WM-DOC1", "count", 1 },
		{ "WM-LP1", "FTE", 1 }, { "WM-RO1", "hours", 1 },
	};
	svdb *db = open_memory();
	db_measure *ms = NULL;
	size_t n = 0, i;
	sv_err err;
	char name[256];
	int illustrative = -1, percent = 0, record_only = 0, rc;

	(void)state;
	memset(&err, 0, sizeof err);
	assert_int_equal(count(db, "theme"), 4);
	assert_int_equal(count(db, "outcome"), 12);
	rc = db_measures_all(db, &ms, &n, &err);
	assert_int_equal(rc, 0);
	assert_true(n >= 28);
	assert_int_equal(count(db, "measure"), (int64_t)n);
	for (i = 0; i < sizeof want / sizeof want[0]; i++) {
		const db_measure *m = find_measure(ms, n, want[i].code);

		if (m == NULL) {
			fail_msg("measure %s is missing", want[i].code);
			continue;
		}
		assert_string_equal(m->unit, want[i].unit);
		assert_int_equal(m->local, want[i].local);
	}
	for (i = 0; i < n; i++) {
		if (strcmp(ms[i].unit, "percent") == 0) {
			percent++;
			if (ms[i].proxy != -1)
				fail_msg("percent measure %s has a proxy", ms[i].code);
		}
		if (ms[i].proxy < 0)
			record_only++;
		else
			assert_true(ms[i].proxy > 0);
		/* codes are unique */
		assert_ptr_equal(find_measure(ms, n, ms[i].code), &ms[i]);
	}
	assert_true(percent >= 1);
	assert_true(record_only > percent);       /* some counts are record only too */
	/* the proxy set says it is illustrative */
	rc = db_proxy_set_current(db, name, sizeof name, &illustrative, &err);
	assert_int_equal(rc, 0);
	assert_int_equal(illustrative, 1);
	assert_non_null(strstr(name, "llustrative"));
	free(ms);
	db_close(&db);
}

/* ---- the demo ------------------------------------------------------------------- */

static void test_counts(void **state)
{
	svdb *db = *state;
	sv_err err;
	char buf[16];
	int64_t n, suppliers, lines, decisions, highlights;
	int rc;

	memset(&err, 0, sizeof err);
	n = db_contracts_count(db, &err);
	assert_int_equal(n, DEMO_DEFAULT_CONTRACTS);
	assert_int_equal(count(db, "contract"), DEMO_DEFAULT_CONTRACTS);
	suppliers = count(db, "supplier");
	assert_in_range(suppliers, 15, 45);
	assert_true(count(db, "commitment") >= 2 * DEMO_DEFAULT_CONTRACTS);
	lines = count(db, "return_line");
	decisions = count(db, "decision");
	assert_true(lines > 5 * DEMO_DEFAULT_CONTRACTS);
	assert_true(decisions > lines / 2);
	/* each decided line has at least one decision: more lines than decisions
	 * means some lines still await validation */
	assert_true(lines > decisions);
	highlights = count(db, "highlight");
	assert_in_range(highlights, 6, 12);   /* 2 to 4 in each of three years */
	rc = db_meta_get(db, "demo", buf, sizeof buf, &err);
	assert_int_equal(rc, 1);
	assert_string_equal(buf, "1");
}

static void assert_same_data(svdb *a, svdb *b)
{
	db_contract_row *ra, *rb;
	db_measure *ma = NULL, *mb = NULL;
	size_t na, nb, nma = 0, nmb = 0, i;
	sv_err err;

	memset(&err, 0, sizeof err);
	for (i = 0; i < NTABLES; i++) {
		int64_t ca = count(a, tables[i]), cb = count(b, tables[i]);

		if (ca != cb)
			fail_msg("table %s: %lld rows against %lld", tables[i], (long long)ca,
				 (long long)cb);
	}
	ra = all_contracts(a, &na);
	rb = all_contracts(b, &nb);
	assert_int_equal(na, nb);
	for (i = 0; i < na; i++) {
		assert_string_equal(ra[i].ref, rb[i].ref);
		assert_string_equal(ra[i].title, rb[i].title);
		assert_string_equal(ra[i].supplier, rb[i].supplier);
		assert_int_equal(ra[i].body, rb[i].body);
		assert_int_equal(ra[i].value, rb[i].value);
		assert_int_equal(ra[i].sv_weight, rb[i].sv_weight);
	}
	assert_int_equal(db_measures_all(a, &ma, &nma, &err), 0);
	assert_int_equal(db_measures_all(b, &mb, &nmb, &err), 0);
	assert_int_equal(nma, nmb);
	for (i = 0; i < nma; i++) {
		assert_string_equal(ma[i].code, mb[i].code);
		assert_int_equal(ma[i].proxy, mb[i].proxy);
	}
	free(ma);
	free(mb);
	free(ra);
	free(rb);
	/* every return line and its latest decision */
	na = (size_t)count(a, "return_line");
	for (i = 1; i <= na; i++) {
		db_return_line la, lb;

		assert_int_equal(line_get(a, (int64_t)i, &la), line_get(b, (int64_t)i, &lb));
		assert_int_equal(la.commitment_id, lb.commitment_id);
		assert_int_equal(la.quarter, lb.quarter);
		assert_int_equal(la.delivered, lb.delivered);
		assert_int_equal(la.status, lb.status);
		assert_int_equal(la.validated, lb.validated);
		assert_string_equal(la.validated_by, lb.validated_by);
		assert_string_equal(la.validated_at, lb.validated_at);
		assert_int_equal(la.version, lb.version);
	}
}

/* Every status among the return lines; decisions are made by the demo's
 * finance staff, at times derived from the demo's dates (never after today,
 * never the clock). */
static void test_statuses(void **state)
{
	static const char *const staff[] = { "jpatel", "mokafor", "lwhitfield", "rkaur" };
	svdb *db = *state;
	int64_t n = count(db, "return_line"), id, by_status[4] = { 0, 0, 0, 0 }, partial = 0;
	size_t k;

	for (id = 1; id <= n; id++) {
		db_return_line l;

		assert_int_equal(line_get(db, id, &l), 1);
		assert_in_range(l.status, ST_SUBMITTED, ST_QUERY);
		by_status[l.status]++;
		assert_in_range(l.quarter, 1, 4);
		assert_true(l.delivered >= 0);
		if (l.status == ST_SUBMITTED) {
			assert_int_equal(l.validated, -1);
			assert_string_equal(l.validated_by, "");
			continue;
		}
		for (k = 0; k < sizeof staff / sizeof staff[0]; k++)
			if (strcmp(l.validated_by, staff[k]) == 0)
				break;
		if (k == sizeof staff / sizeof staff[0])
			fail_msg("line %lld decided by \"%s\"", (long long)id, l.validated_by);
		assert_int_equal(strlen(l.validated_at), 20);
		assert_true(strcmp(l.validated_at, "2023-04-01T00:00:00Z") > 0);
		assert_true(strcmp(l.validated_at, "2025-11-15T23:59:59Z") <= 0);
		if (l.status == ST_VALIDATED) {
			assert_in_range(l.validated, 0, l.delivered);
			if (l.validated < l.delivered)
				partial++;
		}
	}
	assert_true(by_status[ST_SUBMITTED] > 0);
	assert_true(by_status[ST_VALIDATED] > by_status[ST_SUBMITTED]);  /* mostly validated */
	assert_true(by_status[ST_REJECTED] > 0);
	assert_true(by_status[ST_QUERY] > 0);
	assert_true(partial > 0);
	/* some lines were queried first and validated afterwards */
	assert_true(count(db, "decision") > n - by_status[ST_SUBMITTED]);
}

static void test_deterministic(void **state)
{
	svdb *b = demo_db(DEMO_DEFAULT_CONTRACTS, DEMO_DEFAULT_SEED, TODAY);

	assert_same_data(*state, b);
	db_close(&b);
}

static void test_seed_matters(void **state)
{
	svdb *a = *state;
	svdb *b = demo_db(DEMO_DEFAULT_CONTRACTS, 2, TODAY);
	db_contract_row *ra, *rb;
	size_t na, nb, i, same = 0;

	ra = all_contracts(a, &na);
	rb = all_contracts(b, &nb);
	assert_int_equal(na, DEMO_DEFAULT_CONTRACTS);
	assert_int_equal(nb, DEMO_DEFAULT_CONTRACTS);
	for (i = 0; i < na; i++)
		if (strcmp(ra[i].ref, rb[i].ref) == 0 && strcmp(ra[i].title, rb[i].title) == 0
		    && ra[i].value == rb[i].value)
			same++;
	assert_true(same < na / 4);
	free(ra);
	free(rb);
	db_close(&b);
}

static void test_today_matters(void **state)
{
	sv_date later = { 2026, 5, 20 };
	svdb *a = demo_db(30, 1, TODAY);
	svdb *b = demo_db(30, 1, later);
	db_contract_row *ra, *rb;
	size_t na, nb, i, same = 0;

	(void)state;
	ra = all_contracts(a, &na);
	rb = all_contracts(b, &nb);
	assert_int_equal(na, nb);
	for (i = 0; i < na; i++)
		if (strcmp(ra[i].ref, rb[i].ref) == 0)
			same++;
	assert_true(same < na);   /* refs carry the start year */
	free(ra);
	free(rb);
	db_close(&a);
	db_close(&b);
}

static void test_empty(void **state)
{
	svdb *db = demo_db(0, 1, TODAY);
	sv_err err;
	char buf[16];

	(void)state;
	memset(&err, 0, sizeof err);
	assert_int_equal(count(db, "contract"), 0);
	assert_int_equal(count(db, "supplier"), 0);
	assert_int_equal(count(db, "commitment"), 0);
	assert_int_equal(count(db, "return_line"), 0);
	assert_int_equal(count(db, "highlight"), 0);
	assert_true(count(db, "measure") >= 28);
	assert_int_equal(db_meta_get(db, "demo", buf, sizeof buf, &err), 1);
	assert_string_equal(buf, "1");
	db_close(&db);
}

static void test_bodies_and_exceptions(void **state)
{
	svdb *db = *state;
	db_contract_row *rows;
	size_t n, i, wmp = 0, opcc = 0, exceptions = 0, refs_ok = 0;

	rows = all_contracts(db, &n);
	assert_int_equal(n, DEMO_DEFAULT_CONTRACTS);
	for (i = 0; i < n; i++) {
		const char *prefix = rows[i].body == BODY_OPCC ? "OPCC-" : "WMP-";

		if (rows[i].body == BODY_OPCC)
			opcc++;
		else
			wmp++;
		if (strncmp(rows[i].ref, prefix, strlen(prefix)) == 0)
			refs_ok++;
		if (rows[i].value > 10000000 && rows[i].sv_weight < 100)
			exceptions++;
		assert_true(rows[i].value >= 1000000);      /* at least £10,000 */
		assert_true(rows[i].sv_weight >= 0 && rows[i].sv_weight <= 1000);
		if (i > 0)
			assert_true(strcmp(rows[i - 1].ref, rows[i].ref) < 0);  /* unique */
	}
	assert_int_equal(refs_ok, n);
	assert_true(wmp > 0 && opcc > 0);
	assert_in_range(opcc, n / 5, n / 3);            /* about a quarter */
	assert_true(exceptions >= 1);
	free(rows);
}

static void test_refuses_non_empty(void **state)
{
	svdb *db = demo_db(10, 1, TODAY);
	sv_err err;
	int64_t lines = count(db, "return_line");
	int rc;

	(void)state;
	memset(&err, 0, sizeof err);
	rc = demo_generate(db, 10, 2, TODAY, &err);
	assert_int_equal(rc, -1);
	assert_true(err.msg[0] != '\0');
	/* nothing changed */
	assert_int_equal(count(db, "contract"), 10);
	assert_int_equal(count(db, "return_line"), lines);
	db_close(&db);
}

/* The number that trusted test SQL gives. */
static long long probe_int(svdb *db, const char *sql)
{
	char script[1024], buf[64];
	sv_err err;

	memset(&err, 0, sizeof err);
	snprintf(script, sizeof script, "INSERT OR REPLACE INTO meta (key, value) "
		 "SELECT 'probe', CAST((%s) AS TEXT)", sql);
	if (db_exec_script(db, script, &err) != 0 ||
	    db_meta_get(db, "probe", buf, sizeof buf, &err) != 1)
		fail_msg("probe %s: %s", sql, err.msg);
	return strtoll(buf, NULL, 10);
}

/* Decided lines are written as history: each line with its final state and
 * version (1 + its decisions), each decision with the version and the
 * delivered quantity it decided, and the whole demo is one audit entry. */
static void test_history(void **state)
{
	svdb *db = open_memory();
	int64_t before = count(db, "audit");
	sv_err err;

	(void)state;
	memset(&err, 0, sizeof err);
	if (demo_generate(db, 40, 7, TODAY, &err) != 0)
		fail_msg("demo_generate: %s", err.msg);
	assert_true(count(db, "decision") > 100);
	assert_int_equal(count(db, "audit"), before + 1);
	assert_int_equal(probe_int(db, "SELECT count(*) FROM return_line r WHERE r.version <> 1 + "
				   "(SELECT count(*) FROM decision d WHERE d.return_line_id = r.id)"), 0);
	assert_int_equal(probe_int(db, "SELECT count(*) FROM return_line r WHERE r.status IS NOT "
				   "coalesce((SELECT status FROM decision d WHERE d.return_line_id = r.id "
				   "ORDER BY d.id DESC LIMIT 1), 'submitted')"), 0);
	assert_int_equal(probe_int(db, "SELECT count(*) FROM decision d JOIN return_line r "
				   "ON r.id = d.return_line_id WHERE d.delivered IS NOT r.delivered "
				   "OR d.line_version IS NULL OR d.line_version <> (SELECT count(*) "
				   "FROM decision e WHERE e.return_line_id = d.return_line_id "
				   "AND e.id <= d.id)"), 0);
	assert_int_equal(probe_int(db, "SELECT count(*) FROM decision WHERE origin <> 'demo'"), 0);
	assert_true(probe_int(db, "SELECT count(*) FROM return_line WHERE version = 3") > 0);
	db_close(&db);
}

static void test_bad_arguments(void **state)
{
	svdb *db = open_memory();
	sv_err err;
	sv_date bad = { 2025, 2, 30 };
	int rc;

	(void)state;
	memset(&err, 0, sizeof err);
	rc = demo_generate(db, -1, 1, TODAY, &err);
	assert_int_equal(rc, -1);
	assert_true(err.msg[0] != '\0');
	memset(&err, 0, sizeof err);
	rc = demo_generate(db, 5, 1, bad, &err);
	assert_int_equal(rc, -1);
	assert_true(err.msg[0] != '\0');
	assert_int_equal(count(db, "contract"), 0);
	db_close(&db);
}

/* Edges of the calendar for "today": quarter and year boundaries, a leap day. */
static void test_awkward_days(void **state)
{
	static const sv_date days[] = {
		{ 2024, 2, 29 }, { 2025, 3, 31 }, { 2025, 4, 1 }, { 2025, 7, 1 },
		{ 2026, 1, 1 }, { 2025, 12, 31 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof days / sizeof days[0]; i++) {
		svdb *db = demo_db(15, (uint64_t)i + 11, days[i]);

		assert_int_equal(count(db, "contract"), 15);
		assert_true(count(db, "commitment") > 0);
		db_close(&db);
	}
}

static void test_many_contracts(void **state)
{
	svdb *db = demo_db(150, 3, TODAY);
	db_contract_row *rows;
	size_t n;

	(void)state;
	rows = all_contracts(db, &n);
	assert_int_equal(n, 150);
	assert_int_equal(count(db, "contract"), 150);
	assert_true(count(db, "return_line") > 900);
	free(rows);
	db_close(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_catalogue),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_statuses),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_seed_matters),
		cmocka_unit_test(test_today_matters),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_bodies_and_exceptions),
		cmocka_unit_test(test_refuses_non_empty),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_awkward_days),
		cmocka_unit_test(test_many_contracts),
	};
	int failed = cmocka_run_group_tests_name("demo", tests, group_setup, group_teardown);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
