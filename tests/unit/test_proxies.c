/* test_proxies.c: the proxy sets view's reads and the choice of the
 * current set (svdesk/proxies.h over db/proxies.c): the sets in order, a
 * page of measures with each set's value side by side, keyset pages both
 * ways, the rank of a row; making a set current is two audited updates in
 * one transaction, one set current after it, the audit check clean;
 * nothing changes for the set that is current already; an unknown set is
 * refused and changes nothing.  Values the API does not offer are read back
 * through the meta table (trusted test SQL only). */
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
#include "svdesk/import.h"
#include "svdesk/proxies.h"
#include "tests/unit/dbtest.h"

static const char licensed[] =
	"theme,outcome,code,title,unit,proxy,proxy_set\n"
	"Jobs,More local people in employment,NT1,Local residents employed,FTE,22500.1234,Lic 2025\n"
	"Social,A new outcome,CX-1,Local skills sessions,hours,12.50,Lic 2025\n"
	"Growth,A second outcome,NT99,Share of something,percent,,Lic 2025\n";

static struct found_t {
	int n;
	char text[4096];
} found;

static void collect(void *ctx, const char *part, const char *msg)
{
	struct found_t *f = ctx;
	size_t len = strlen(f->text);

	f->n++;
	snprintf(f->text + len, sizeof f->text - len, "%s: %s\n", part, msg);
}

static void assert_clean(svdb *db)
{
	sv_err e;

	memset(&found, 0, sizeof found);
	memset(&e, 0, sizeof e);
	if (db_check_integrity(db, collect, &found, &e) < 0 ||
	    db_check_audit(db, collect, &found, &e) < 0)
		fail_msg("the check failed: %s", e.msg);
	if (found.n != 0)
		fail_msg("the check found:\n%s", found.text);
}

static void fault(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "%s\n", msg);
}

/* A new database with the illustrative set and the licensed one (current). */
static svdb *two_sets(void)
{
	svdb *db = dbt_open_mem("tester", "desk");
	import_opts o;
	import_result r;
	sv_err e;
	FILE *in = fmemopen((char *)(uintptr_t)licensed, strlen(licensed), "r");

	assert_non_null(in);
	memset(&o, 0, sizeof o);
	memset(&r, 0, sizeof r);
	memset(&e, 0, sizeof e);
	o.kind = IMPORT_MEASURES;
	o.name = "lic.csv";
	o.report = fault;
	if (import_run(db, in, &o, &r, &e) != 0)
		fail_msg("import failed: %s", e.msg);
	fclose(in);
	assert_true(r.proxy_set_made_current);
	return db;
}

static char *val(svdb *db, const char *expr)
{
	static char buf[512];

	return probe(db, buf, sizeof buf, "%s", expr);
}

static void test_sets_and_values(void **state)
{
	svdb *db = two_sets();
	db_proxy_set_row sets[PROXY_SETS_MAX];
	db_proxy_row rows[4], back[4];
	int64_t total, at, ids[PROXY_SETS_MAX];
	int n, got;
	sv_err e;

	(void)state;
	memset(&e, 0, sizeof e);
	MUST(db_proxy_sets_read(db, 0, sets, PROXY_SETS_MAX, &n, &total, &at, &e_));
	assert_int_equal(n, 2);
	assert_int_equal(total, 2);
	assert_true(sets[0].illustrative);
	assert_false(sets[0].current);
	assert_string_equal(sets[1].name, "Lic 2025");
	assert_false(sets[1].illustrative);
	assert_true(sets[1].current);
	assert_int_equal(strlen(sets[1].created), 20);
	assert_int_equal(at, 1);
	/* only as many as asked */
	MUST(db_proxy_sets_read(db, 0, sets, 1, &n, &total, &at, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(total, 2);

	ids[0] = sets[0].id;
	MUST(db_proxy_sets_read(db, 0, sets, PROXY_SETS_MAX, &n, &total, &at, &e_));
	ids[1] = sets[1].id;
	/* the first page: CX-1 before NT1, its number as a number */
	got = db_proxy_rows_page(db, ids, 2, NULL, 1, rows, 4, &e);
	assert_int_equal(got, 4);
	assert_string_equal(rows[0].code, "CX-1");
	assert_false(rows[0].listed[0]);
	assert_true(rows[0].listed[1]);
	assert_int_equal(rows[0].proxy[1], 125000);
	assert_string_equal(rows[1].code, "NT1");
	assert_true(rows[1].has[0]);
	assert_int_equal(rows[1].proxy[1], 225001234);
	assert_string_equal(rows[2].code, "NT3");
	assert_true(rows[2].listed[0]);
	assert_false(rows[2].listed[1]);
	assert_string_equal(rows[3].code, "NT4");
	/* the next page starts after the last row; NT10 after NT9 */
	got = db_proxy_rows_page(db, ids, 2, &rows[3], 1, rows, 4, &e);
	assert_int_equal(got, 4);
	assert_string_equal(rows[0].code, "NT5");
	assert_string_equal(rows[3].code, "NT8");
	got = db_proxy_rows_page(db, ids, 2, &rows[3], 1, rows, 2, &e);
	assert_string_equal(rows[0].code, "NT9");
	assert_string_equal(rows[1].code, "NT10");
	assert_int_equal(db_proxy_rows_rank(db, &rows[1], &e), 9);
	/* backwards: the rows before, in ascending order */
	got = db_proxy_rows_page(db, ids, 2, &rows[1], 0, back, 3, &e);
	assert_int_equal(got, 3);
	assert_string_equal(back[0].code, "NT7");
	assert_string_equal(back[2].code, "NT9");
	/* a percent measure the set lists: listed, record only */
	got = db_proxy_rows_page(db, ids, 2, NULL, 0, back, 1, &e);
	assert_int_equal(got, 1);
	assert_string_equal(back[0].code, "WM-YD1");
	assert_int_equal(db_proxy_code_width(db, &e), 7);
	assert_int_equal(db_proxy_rows_count(db, &e), atoll(val(db, "(SELECT count(*) FROM measure)")));
	assert_string_equal(val(db, "(SELECT code FROM measure WHERE unit = 'percent' AND code = 'NT99')"),
			    "NT99");
	db_close(&db);
}

/* One more set, named name, made current as every import's set is. */
static void add_set(svdb *db, int i)
{
	char csv[256];
	import_opts o;
	import_result r;
	sv_err e;
	FILE *in;

	snprintf(csv, sizeof csv, "theme,outcome,code,title,unit,proxy,proxy_set\n"
		 "Jobs,More local people in employment,NT1,Local residents employed,FTE,%d.00,"
		 "Set %02d\n", 100 + i, i);
	in = fmemopen(csv, strlen(csv), "r");
	assert_non_null(in);
	memset(&o, 0, sizeof o);
	memset(&r, 0, sizeof r);
	memset(&e, 0, sizeof e);
	o.kind = IMPORT_MEASURES;
	o.name = "set.csv";
	o.report = fault;
	if (import_run(db, in, &o, &r, &e) != 0)
		fail_msg("import failed: %s", e.msg);
	fclose(in);
}

/* More sets than a window holds: a window from any place, the current
 * set's place among them all, a window past the end empty. */
static void test_sets_window(void **state)
{
	svdb *db = two_sets();
	db_proxy_set_row sets[PROXY_SETS_MAX];
	int64_t total, at;
	int n, changed;

	(void)state;
	for (int i = 1; i <= 10; i++)
		add_set(db, i);
	MUST(db_proxy_sets_read(db, 0, sets, PROXY_SETS_MAX, &n, &total, &at, &e_));
	assert_int_equal(total, 12);
	assert_int_equal(n, PROXY_SETS_MAX);
	assert_int_equal(at, 11);            /* the last import's set */
	assert_string_equal(sets[2].name, "Set 01");
	MUST(db_proxy_sets_read(db, 5, sets, PROXY_SETS_MAX, &n, &total, &at, &e_));
	assert_int_equal(n, 7);
	assert_string_equal(sets[0].name, "Set 04");
	assert_string_equal(sets[6].name, "Set 10");
	assert_true(sets[6].current);
	MUST(db_proxy_sets_read(db, 12, sets, PROXY_SETS_MAX, &n, &total, &at, &e_));
	assert_int_equal(n, 0);
	/* the place follows the current set */
	MUST(db_proxy_sets_read(db, 0, sets, PROXY_SETS_MAX, &n, &total, &at, &e_));
	MUST(db_proxy_set_choose(db, sets[3].id, &changed, &e_));
	MUST(db_proxy_sets_read(db, 0, sets, PROXY_SETS_MAX, &n, &total, &at, &e_));
	assert_int_equal(at, 3);
	assert_clean(db);
	db_close(&db);
}

static void test_choose_is_audited(void **state)
{
	svdb *db = two_sets();
	db_proxy_set_row sets[PROXY_SETS_MAX];
	int64_t total, at, before;
	int n, changed = -1;
	char name[128];
	int illustrative = 0;

	(void)state;
	MUST(db_proxy_sets_read(db, 0, sets, PROXY_SETS_MAX, &n, &total, &at, &e_));
	before = atoll(val(db, "(SELECT count(*) FROM audit)"));
	MUST(db_proxy_set_choose(db, sets[0].id, &changed, &e_));
	assert_int_equal(changed, 1);
	MUST(db_proxy_set_current(db, name, sizeof name, &illustrative, &e_));
	assert_string_equal(name, sets[0].name);
	assert_true(illustrative);
	assert_string_equal(val(db, "(SELECT count(*) FROM proxy_set WHERE is_current = 1)"), "1");
	/* two entries: the old set off, then the new one on, by the desk */
	assert_int_equal(atoll(val(db, "(SELECT count(*) FROM audit)")), before + 2);
	assert_string_equal(val(db, "(SELECT group_concat(x, ' ') FROM (SELECT entity_id || ':' || "
				    "before || '>' || after || ':' || who || ':' || origin AS x "
				    "FROM audit WHERE entity = 'proxy_set' AND action = 'update' "
				    "ORDER BY id DESC LIMIT 2))"),
			    "1:{\"is_current\":0}>{\"is_current\":1}:tester:desk "
			    "2:{\"is_current\":1}>{\"is_current\":0}:tester:desk");
	assert_clean(db);
	/* the current one again: nothing written */
	before = atoll(val(db, "(SELECT count(*) FROM audit)"));
	MUST(db_proxy_set_choose(db, sets[0].id, &changed, &e_));
	assert_int_equal(changed, 0);
	assert_int_equal(atoll(val(db, "(SELECT count(*) FROM audit)")), before);
	assert_clean(db);
	db_close(&db);
}

static void test_unknown_set_refused(void **state)
{
	svdb *db = two_sets();
	int changed = -1;
	sv_err e;

	(void)state;
	memset(&e, 0, sizeof e);
	assert_int_equal(db_proxy_set_choose(db, 999, &changed, &e), -1);
	assert_non_null(strstr(e.msg, "no proxy set with id 999"));
	assert_int_equal(changed, 0);
	assert_string_equal(val(db, "(SELECT name FROM proxy_set WHERE is_current = 1)"), "Lic 2025");
	assert_clean(db);
	db_close(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sets_and_values),
		cmocka_unit_test(test_sets_window),
		cmocka_unit_test(test_choose_is_audited),
		cmocka_unit_test(test_unknown_set_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
