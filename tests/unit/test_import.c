/* test_import.c: the importer on in-memory databases: values, rules, the
 * positions of faults, the whole file or nothing, re-imports, the supplier
 * rule and the formula guard.  State is read back through the meta table
 * ("probes": trusted test SQL only). */
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
#include "tests/unit/dbtest.h"

/* ---- helpers ------------------------------------------------------------- */

struct faults {
	char text[16384];
	int n;
};

static void collect(void *ctx, const char *msg)
{
	struct faults *f = ctx;
	size_t o = strlen(f->text);

	snprintf(f->text + o, sizeof f->text - o, "%s\n", msg);
	f->n++;
}

/* Import text as a file named name; returns import_run's value. */
static int imp(svdb *db, enum import_kind k, const char *name, const char *text, int dry,
	       import_result *res, struct faults *f)
{
	import_opts o;
	sv_err e;
	FILE *in = fmemopen((char *)(uintptr_t)text, strlen(text), "r");
	int rc;

	assert_non_null(in);
	memset(&o, 0, sizeof o);
	memset(&e, 0, sizeof e);
	memset(f, 0, sizeof *f);
	o.kind = k;
	o.name = name;
	o.dry_run = dry;
	o.report = collect;
	o.ctx = f;
	rc = import_run(db, in, &o, res, &e);
	fclose(in);
	if (rc < 0)
		fail_msg("runtime failure: %s", e.msg);
	return rc;
}

static void imp_ok(svdb *db, enum import_kind k, const char *text, import_result *res)
{
	struct faults f;

	if (imp(db, k, "f.csv", text, 0, res, &f) != 0)
		fail_msg("rejected:\n%s", f.text);
}

#define HAS(f, want) do { \
	if (strstr((f).text, (want)) == NULL) \
		fail_msg("missing: %s\nfound:\n%s", (want), (f).text); \
} while (0)

/* The value of trusted SQL, as text (valid until the next call). */
static const char *value_of(svdb *db, const char *sql)
{
	static char buf[4096];

	return probe(db, buf, sizeof buf, "%s", sql);
}

#define CONTRACTS \
	"ref,title,supplier,body,value,start,end,sv_weight,manager\n" \
	"C-1,Cleaning,Acme  Ltd,wmp,\"£1,200,000.00\",2025-04-01,2027-03-31,12.5,Ann\n" \
	"C-2,Catering,ACME LTD,OPCC,50000,2025-04-01,2026-03-31,10%,\n"

#define COMMITMENTS \
	"contract,measure,year,target\n" \
	"C-1,NT1,2025/26,2\n" \
	"C-1,NT1,2026/27,3\n" \
	"C-2,NT18,2025/26,\"£1,000\"\n"

static svdb *loaded(void)
{
	svdb *db = dbt_open_mem("tester", "import");
	import_result r;

	imp_ok(db, IMPORT_CONTRACTS, CONTRACTS, &r);
	imp_ok(db, IMPORT_COMMITMENTS, COMMITMENTS, &r);
	return db;
}

/* ---- contracts ------------------------------------------------------------- */

static void test_contracts_and_reimport(void **state)
{
	svdb *db = dbt_open_mem("tester", "import");
	import_result r;
	char sum[256];

	(void)state;
	imp_ok(db, IMPORT_CONTRACTS, CONTRACTS, &r);
	assert_int_equal(r.rows.added, 2);
	assert_int_equal(r.suppliers_added, 1);
	assert_string_equal(value_of(db, "SELECT group_concat(name, '|') FROM supplier"), "Acme  Ltd");
	assert_string_equal(value_of(db, "SELECT value || ' ' || sv_weight || ' ' || body "
				  "FROM contract WHERE ref = 'C-1'"), "120000000 125 WMP");
	assert_string_equal(value_of(db, "SELECT count(*) FROM contract WHERE manager IS NULL"), "1");
	imp_ok(db, IMPORT_CONTRACTS, CONTRACTS, &r);
	assert_int_equal(r.rows.added, 0);
	assert_int_equal(r.rows.changed, 0);
	assert_int_equal(r.rows.unchanged, 2);
	assert_string_equal(import_summary(IMPORT_CONTRACTS, &r, sum, sizeof sum),
			    "contracts: 0 added, 0 changed, 2 unchanged; suppliers: 0 added");
	db_close(&db);
}

static void test_contract_update_rules(void **state)
{
	svdb *db = dbt_open_mem("tester", "import");
	import_result r;

	(void)state;
	imp_ok(db, IMPORT_CONTRACTS,
	       "ref,title,supplier,body,value,start,end,sv_weight,manager,status,living_wage,"
	       "living_wage_note\n"
	       "C-1,Cleaning,Acme,WMP,10,2025-04-01,2026-03-31,10,Ann,closed,yes,checked\n", &r);
	/* manager absent: kept; status absent: kept (not the default) */
	imp_ok(db, IMPORT_CONTRACTS,
	       "ref,title,supplier,body,value,start,end,sv_weight\n"
	       "C-1,Cleaning 2,acme,WMP,10,2025-04-01,2026-03-31,10\n", &r);
	assert_int_equal(r.rows.changed, 1);
	assert_string_equal(value_of(db, "SELECT title || '|' || manager || '|' || status || '|' || "
				  "living_wage || '|' || living_wage_note FROM contract"),
			    "Cleaning 2|Ann|closed|yes|checked");
	/* an empty cell clears an optional value */
	imp_ok(db, IMPORT_CONTRACTS,
	       "ref,title,supplier,body,value,start,end,sv_weight,manager,living_wage_note\n"
	       "C-1,Cleaning 2,acme,WMP,10,2025-04-01,2026-03-31,10,,\n", &r);
	assert_string_equal(value_of(db, "SELECT coalesce(manager, '-') || coalesce(living_wage_note, '-') "
				  "FROM contract"), "--");
	/* a new contract takes the default status */
	imp_ok(db, IMPORT_CONTRACTS,
	       "ref,title,supplier,body,value,start,end,sv_weight\n"
	       "C-2,Other,New Co,OPCC,10,2025-04-01,2026-03-31,10\n", &r);
	assert_string_equal(value_of(db, "SELECT status FROM contract WHERE ref = 'C-2'"), "active");
	db_close(&db);
}

static void test_contract_faults_and_positions(void **state)
{
	svdb *db = dbt_open_mem("tester", "import");
	import_result r;
	struct faults f;

	(void)state;
	assert_int_equal(imp(db, IMPORT_CONTRACTS, "c.csv",
			     "ref,title,supplier,body,value,start,end,sv_weight\n"
			     "C-1,T,S,NPCC,-5,2025-04-01,2025-03-01,101\n"
			     "C-1,T,S,WMP,5,2025-04-01,2026-03-01,1\n"
			     "C-1,T,S,WMP,5,2025-04-01,2026-03-01,1\n", 0, &r, &f), 1);
	HAS(f, "c.csv:2:9: body: \"NPCC\" is not a body (WMP or OPCC)");
	HAS(f, "c.csv:2:14: value: \"-5\" is not an amount of money");
	HAS(f, "c.csv:2:28: end: the end 2025-03-01 is before the start 2025-04-01");
	HAS(f, "c.csv:2:39: sv_weight: \"101\" is not a percentage");
	/* a row with a fault still holds its key: the rows after it repeat it */
	HAS(f, "c.csv:3:1: ref: contract C-1 is on line 2 already");
	HAS(f, "c.csv:4:1: ref: contract C-1 is on line 2 already");
	assert_int_equal(f.n, 6);
	assert_int_equal(r.faults, 6);
	/* nothing written */
	assert_string_equal(value_of(db, "SELECT count(*) FROM contract"), "0");
	assert_string_equal(value_of(db, "SELECT count(*) FROM supplier"), "0");
	db_close(&db);
}

static void test_header_and_fields(void **state)
{
	svdb *db = dbt_open_mem("tester", "import");
	import_result r;
	struct faults f;

	(void)state;
	assert_int_equal(imp(db, IMPORT_CONTRACTS, "-", "REF,Title,colour\n", 0, &r, &f), 1);
	HAS(f, "<stdin>:1:11: header: unknown column \"colour\"");
	HAS(f, "<stdin>:1:1: header: missing required column \"supplier\"");
	assert_int_equal(imp(db, IMPORT_CONTRACTS, "x.csv", "", 0, &r, &f), 1);
	HAS(f, "x.csv:1:1: the file is empty");
	assert_int_equal(imp(db, IMPORT_CONTRACTS, "x.csv",
			     "ref,title,supplier,body,value,start,end,sv_weight\n"
			     "C-1,T,S,WMP,5,2025-04-01,2026-03-01,1,extra\n"
			     "C-2,T\n", 0, &r, &f), 1);
	HAS(f, "x.csv:2:39: 9 fields, but the header has 8");
	HAS(f, "x.csv:3:1: 2 fields, but the header has 8");
	db_close(&db);
}

static void test_text_rules(void **state)
{
	svdb *db = dbt_open_mem("tester", "import");
	import_result r;
	struct faults f;

	(void)state;
	imp_ok(db, IMPORT_CONTRACTS,
	       "ref,title,supplier,body,value,start,end,sv_weight\n"
	       "C-1,  '=SUM(A1)  ,'-Dash Co,WMP,5,2025-04-01,2026-03-01,1\n", &r);
	assert_string_equal(value_of(db, "SELECT title || '|' || (SELECT name FROM supplier) FROM contract"),
			    "=SUM(A1)|-Dash Co");
	assert_int_equal(imp(db, IMPORT_CONTRACTS, "t.csv",
			     "ref,title,supplier,body,value,start,end,sv_weight\n"
			     "C-2,\"two\nlines\",S,WMP,5,2025-04-01,2026-03-01,1\n"
			     "C-3,\"\xc2\x85\",S,WMP,5,2025-04-01,2026-03-01,1\n"
			     "C-4,T,\xef\xbb\xbfS,WMP,5,2025-04-01,2026-03-01,1\n", 0, &r, &f), 1);
	HAS(f, "t.csv:5:7: supplier: a byte-order mark (U+FEFF) inside the file");
	HAS(f, "t.csv:2:5: title: control character U+000A");
	HAS(f, "t.csv:4:5: title: control character U+0085");
	db_close(&db);
}

static void test_many_faults_capped(void **state)
{
	svdb *db = dbt_open_mem("tester", "import");
	import_result r;
	struct faults f;
	char *text = malloc(100000);
	size_t o;

	(void)state;
	assert_non_null(text);
	o = (size_t)sprintf(text, "ref,title,supplier,body,value,start,end,sv_weight\n");
	for (int i = 0; i < 60; i++)
		o += (size_t)sprintf(text + o, "C-%d,T,S,XX,5,2025-04-01,2026-03-01,1\n", i);
	assert_int_equal(imp(db, IMPORT_CONTRACTS, "m.csv", text, 0, &r, &f), 1);
	assert_int_equal(r.faults, 60);
	assert_int_equal(f.n, 51);
	HAS(f, "m.csv: 10 more problems not shown (50 shown)");
	free(text);
	db_close(&db);
}

static void test_dry_run(void **state)
{
	svdb *db = dbt_open_mem("tester", "import");
	import_result r;
	struct faults f;

	(void)state;
	assert_int_equal(imp(db, IMPORT_CONTRACTS, "d.csv", CONTRACTS, 1, &r, &f), 0);
	assert_int_equal(r.rows.added, 2);
	assert_string_equal(value_of(db, "SELECT count(*) FROM contract"), "0");
	db_close(&db);
}

/* ---- measures and proxy sets ------------------------------------------------ */

static void test_measures(void **state)
{
	svdb *db = dbt_open_mem("tester", "import");
	import_result r;
	struct faults f;

	(void)state;
	imp_ok(db, IMPORT_MEASURES,
	       "theme,outcome,code,title,unit,proxy,proxy_set\n"
	       "jobs,more local people in employment,NT1,Local people employed,fte,30000.5,TOMs 2025\n"
	       "Heritage,Old buildings kept,H1,Listed buildings repaired,COUNT,,TOMs 2025\n", &r);
	assert_int_equal(r.rows.added, 1);
	assert_int_equal(r.rows.changed, 1);      /* NT1's new title */
	assert_int_equal(r.themes_added, 1);
	assert_int_equal(r.outcomes_added, 1);
	assert_string_equal(r.proxy_set, "TOMs 2025");
	assert_int_equal(r.proxy_set_made_current, 1);
	assert_string_equal(value_of(db, "SELECT name FROM proxy_set WHERE is_current"), "TOMs 2025");
	assert_string_equal(value_of(db, "SELECT proxy FROM proxy_value v JOIN measure m ON m.id = "
				  "v.measure_id JOIN proxy_set s ON s.id = v.set_id WHERE m.code = 'NT1' "
				  "AND s.name = 'TOMs 2025'"), "300005000");
	/* the same file again: nothing changes */
	imp_ok(db, IMPORT_MEASURES,
	       "theme,outcome,code,title,unit,proxy,proxy_set\n"
	       "jobs,more local people in employment,NT1,Local people employed,fte,30000.5,TOMs 2025\n"
	       "Heritage,Old buildings kept,H1,Listed buildings repaired,COUNT,,TOMs 2025\n", &r);
	assert_int_equal(r.rows.unchanged, 2);
	assert_int_equal(r.proxy_set_added, 0);
	/* a set is immutable; a code's unit is fixed; percent is record only */
	assert_int_equal(imp(db, IMPORT_MEASURES, "m.csv",
			     "theme,outcome,code,title,unit,proxy,proxy_set\n"
			     "Jobs,More local people in employment,NT1,x,hours,1,TOMs 2025\n"
			     "Jobs,More local people in employment,P9,x,percent,1,TOMs 2025\n"
			     "Jobs,More local people in employment,H1,x,count,,Other\n", 0, &r, &f), 1);
	HAS(f, "m.csv:2:44: unit: measure NT1 is counted in FTE, not hours");
	HAS(f, "m.csv:3:51: proxy: a percent measure is record only");
	HAS(f, "m.csv:4:50: proxy_set: \"Other\" differs from \"TOMs 2025\" on line 2");
	assert_int_equal(imp(db, IMPORT_MEASURES, "m.csv",
			     "theme,outcome,code,title,unit,proxy,proxy_set\n"
			     "Jobs,More local people in employment,NT1,x,FTE,2,TOMs 2025\n", 0, &r, &f), 1);
	HAS(f, "m.csv:2:48: proxy: the proxy set \"TOMs 2025\" exists with "
			       "30,000.50 for NT1, not 2.00");
	/* the set named after the file */
	imp_ok(db, IMPORT_MEASURES, "theme,outcome,code,title,unit,proxy\n"
	       "Jobs,More local people in employment,NT1,x,FTE,2\n", &r);
	assert_string_equal(r.proxy_set, "f");
	/* a good row after a bad one gets no fault of its own */
	assert_int_equal(imp(db, IMPORT_MEASURES, "new.csv",
			     "theme,outcome,code,title,unit,proxy\n"
			     "Jobs,More local people in employment,NT1,x,FTE,abc\n"
			     "Jobs,More local people in employment,NT77,y,FTE,3\n", 0, &r, &f), 1);
	HAS(f, "new.csv:2:48: proxy: \"abc\" is not a proxy");
	assert_int_equal(f.n, 1);
	/* a file name with nothing before its extension names no set */
	assert_int_equal(imp(db, IMPORT_MEASURES, "dir/.csv",
			     "theme,outcome,code,title,unit,proxy\n"
			     "Jobs,More local people in employment,NT1,x,FTE,2\n", 0, &r, &f), 1);
	HAS(f, "dir/.csv:2:1: proxy_set: the file name \".csv\" has nothing before its extension");
	assert_int_equal(f.n, 1);
	db_close(&db);
}

/* ---- commitments ------------------------------------------------------------------ */

static void test_commitments(void **state)
{
	svdb *db = loaded();
	import_result r;
	struct faults f;

	(void)state;
	assert_string_equal(value_of(db, "SELECT target FROM commitment c JOIN measure m ON m.id = "
				  "c.measure_id WHERE m.code = 'NT18'"), "100000");
	imp_ok(db, IMPORT_COMMITMENTS, COMMITMENTS, &r);
	assert_int_equal(r.rows.unchanged, 3);
	assert_int_equal(imp(db, IMPORT_COMMITMENTS, "k.csv",
			     "contract,measure,year,target,proxy\n"
			     "C-9,NT1,2025/26,1,\n"
			     "C-2,NT99,2025/26,1,\n"
			     "C-2,NT1,2027/28,1,\n"
			     "C-1,NT1,2025/26,1,7\n"
			     "C-2,NT1,2025,1,\n"
			     "C-2,NT3,2025/26,1,\n"
			     "C-2,NT3,2025/26,2,\n", 0, &r, &f), 1);
	HAS(f, "k.csv:2:1: contract: no contract with ref \"C-9\"");
	HAS(f, "k.csv:3:5: measure: no measure with code \"NT99\"");
	HAS(f, "k.csv:4:9: year: the year does not overlap the contract's dates "
	    "(2025-04-01 to 2026-03-31)");
	HAS(f, "k.csv:5:19: proxy: the commitment's proxy is");
	HAS(f, "k.csv:6:9: year: \"2025\" is not a financial year");
	HAS(f, "k.csv:8:1: contract: the commitment of C-2 to NT3 in 2025/26 "
			       "is on line 7 already");
	assert_string_equal(value_of(db, "SELECT count(*) FROM commitment"), "3");
	db_close(&db);
}

/* ---- returns ------------------------------------------------------------------------ */

static void test_returns_supplier(void **state)
{
	svdb *db = loaded();
	import_result r;
	struct faults f;
	sv_err e;

	(void)state;
	memset(&e, 0, sizeof e);
	imp_ok(db, IMPORT_RETURNS,
	       "contract,quarter,measure,delivered,evidence,title,unit,target\n"
	       "C-1,2025/26-Q1,NT1,1.5,payroll,Local people,FTE,2\n"
	       "C-1,2025/26 Q2,NT1,,,Local people,FTE,2\n"
	       "C-2,2025/26-Q1,NT18,\"£1,000.50\",invoices,,gbp,\n", &r);
	assert_int_equal(r.rows.added, 2);
	assert_int_equal(r.rows.skipped, 1);
	assert_string_equal(value_of(db, "SELECT group_concat(delivered, ',') FROM return_line"),
			    "150,100050");
	imp_ok(db, IMPORT_RETURNS, "contract,quarter,measure,delivered,evidence\n"
	       "C-1,2025/26-Q1,NT1,1.5,payroll\n", &r);
	assert_int_equal(r.rows.unchanged, 1);
	/* a change replaces a submitted line */
	imp_ok(db, IMPORT_RETURNS, "contract,quarter,measure,delivered,evidence\n"
	       "C-1,2025/26-Q1,NT1,1.75,payroll\n", &r);
	assert_int_equal(r.rows.changed, 1);
	/* ... and is refused for a validated one, naming who and when */
	db_exec_script(db, "SELECT 1", &e);
	assert_int_equal(db_return_decide(db, 1, ST_VALIDATED, 175, NULL, "ann",
					  "2026-01-15T10:04:00Z", -1, &e), 0);
	assert_int_equal(imp(db, IMPORT_RETURNS, "r.csv",
			     "contract,quarter,measure,delivered,evidence\n"
			     "C-1,2025/26-Q1,NT1,2,payroll\n"
			     "C-1,2025/26 Q2,NT1,\"12,5\",\n"
			     "C-1,2025/26-Q1,NT18,1,\n"
			     "C-2,2026/27-Q1,NT18,1,\n"
			     "C-2,2025/26-Q5,NT18,1,\n", 0, &r, &f), 1);
	HAS(f, "r.csv:2:20: delivered: the line was already validated by ann "
			       "at 2026-01-15T10:04:00Z");
	HAS(f, "r.csv:3:20: delivered: \"12,5\" is not a quantity");
	HAS(f, "r.csv:4:16: measure: contract C-1 has no commitment to NT18 in 2025/26");
	HAS(f, "r.csv:5:16: measure: contract C-2 has no commitment to NT18 in 2026/27");
	HAS(f, "r.csv:6:5: quarter: \"2025/26-Q5\" is not a quarter");
	assert_int_equal(imp(db, IMPORT_RETURNS, "u.csv",
			     "contract,quarter,measure,delivered,unit\n"
			     "C-1,2025/26-Q3,NT1,2,hours\n", 0, &r, &f), 1);
	HAS(f, "u.csv:2:22: unit: measure NT1 is counted in FTE, not hours");
	db_close(&db);
}

/* Duplicates name the right earlier line across skipped rows, multi-line
 * records and lines that existed before the file. */
static void test_duplicates(void **state)
{
	svdb *db = loaded();
	import_result r;
	struct faults f;

	(void)state;
	imp_ok(db, IMPORT_RETURNS, "contract,quarter,measure,delivered,evidence\n"
	       "C-1,2025/26-Q4,NT1,1,\n", &r);
	assert_int_equal(imp(db, IMPORT_RETURNS, "d.csv",
			     "contract,quarter,measure,delivered,evidence\n"
			     "C-1,2025/26-Q1,NT1,1,\n"
			     "C-1,2025/26-Q2,NT1,,\n"
			     "C-1,2025/26-Q3,NT1,1,\"two\nlines\"\n"
			     "C-1,2025/26-Q4,NT1,1,\n"
			     "C-1,2026/27-Q1,NT1,1,\n"
			     "C-1,2025/26-Q1,NT1,1,\n"
			     "C-1,2026/27-Q1,NT1,1,\n"
			     "C-1,2025/26-Q4,NT1,1,\n", 0, &r, &f), 1);
	HAS(f, "d.csv:4:22: evidence: control character U+000A");
	HAS(f, "d.csv:8:1: contract: the line of C-1 for NT1 in 2025/26 Q1 is on line 2 already");
	HAS(f, "d.csv:9:1: contract: the line of C-1 for NT1 in 2026/27 Q1 is on line 7 already");
	HAS(f, "d.csv:10:1: contract: the line of C-1 for NT1 in 2025/26 Q4 is on line 6 already");
	assert_int_equal(f.n, 4);
	db_close(&db);
}

/* A byte-order mark and CRLF; a changed line in query goes back to
 * submitted (the supplier's answer). */
static void test_bom_crlf_and_query(void **state)
{
	svdb *db = loaded();
	import_result r;
	sv_err e;

	(void)state;
	memset(&e, 0, sizeof e);
	imp_ok(db, IMPORT_RETURNS, "\xef\xbb\xbf" "Contract,QUARTER,measure,Delivered\r\n"
	       "C-1,2025/26-Q1,NT1,1\r\n", &r);
	assert_int_equal(r.rows.added, 1);
	assert_int_equal(db_return_decide(db, 1, ST_QUERY, 0, "send the payroll", "ann",
					  "2026-01-15T10:04:00Z", -1, &e), 0);
	imp_ok(db, IMPORT_RETURNS, "contract,quarter,measure,delivered,evidence\n"
	       "C-1,2025/26-Q1,NT1,1,payroll attached\n", &r);
	assert_int_equal(r.rows.changed, 1);
	assert_string_equal(value_of(db, "SELECT status || '|' || coalesce(reason, '-') || '|' || "
				  "evidence FROM return_line"), "submitted|-|payroll attached");
	db_close(&db);
}

static void test_returns_history(void **state)
{
	svdb *db = loaded();
	import_result r;
	struct faults f;
	static const char hist[] =
		"contract,quarter,measure,delivered,evidence,submitted,status,validated,"
		"validated_by,validated_at,reason\n"
		"C-1,2025/26-Q1,NT1,2,payroll,2025-07-01,validated,1.5,ann,2025-08-01T09:00:00Z,part\n"
		"C-1,2025/26-Q2,NT1,2,,,rejected,,bob,2025-11-01T09:00:00Z,no evidence\n"
		"C-1,2025/26-Q3,NT1,2,,,submitted,,,,\n";

	(void)state;
	imp_ok(db, IMPORT_RETURNS, hist, &r);
	assert_int_equal(r.history, 1);
	assert_int_equal(r.rows.added, 3);
	assert_string_equal(value_of(db, "SELECT group_concat(status || ':' || coalesce(validated, '-'), ',') "
				  "FROM return_line"), "validated:150,rejected:-,submitted:-");
	assert_string_equal(value_of(db, "SELECT group_concat(decided_by || '/' || origin, ',') FROM decision"),
			    "ann/import,bob/import");
	/* each line inserted as it ends: its decision decided version 1 and the
	 * delivered 2; the import is one audit entry, no entry per row */
	assert_string_equal(value_of(db, "SELECT group_concat(d.line_version || '/' || d.delivered || "
				  "'/' || r.version, ',') FROM decision d JOIN return_line r "
				  "ON r.id = d.return_line_id"), "1/200/2,1/200/2");
	assert_string_equal(value_of(db, "SELECT count(*) FROM audit WHERE entity IN "
				  "('return_line', 'decision')"), "0");
	assert_string_equal(value_of(db, "SELECT count(*) FROM audit WHERE entity = 'import' AND "
				  "after LIKE '%returns%'"), "1");
	imp_ok(db, IMPORT_RETURNS, hist, &r);
	assert_int_equal(r.rows.unchanged, 3);
	assert_int_equal(imp(db, IMPORT_RETURNS, "h.csv",
			     "contract,quarter,measure,delivered,status,validated,validated_by,"
			     "validated_at,reason\n"
			     "C-1,2025/26-Q1,NT1,3,validated,1.5,ann,2025-08-01T09:00:00Z,part\n"
			     "C-1,2025/26-Q4,NT1,2,validated,3,ann,2025-08-01T09:00:00Z,\n"
			     "C-1,2026/27-Q1,NT1,2,validated,1,ann,2025-08-01T09:00:00Z,\n"
			     "C-1,2026/27-Q2,NT1,2,query,,ann,2025-08-01,\n", 0, &r, &f), 1);
	HAS(f, "h.csv:2:20: delivered: the stored line has delivered 2, not 3");
	HAS(f, "h.csv:3:32: validated: the validated quantity 3 is more than the delivered 2");
	HAS(f, "h.csv:4:59: reason: validating less than delivered needs a reason");
	HAS(f, "h.csv:5:33: validated_at: \"2025-08-01\" is not a UTC time");
	db_close(&db);
}

/* A column the file lacks keeps the stored value (evidence, submitted,
 * note); an empty cell clears it; a line is identical when every column
 * the file has equals the stored value. */
static void test_absent_columns_keep(void **state)
{
	svdb *db = loaded();
	import_result r;
	sv_err e;

	(void)state;
	memset(&e, 0, sizeof e);
	imp_ok(db, IMPORT_RETURNS, "contract,quarter,measure,delivered,evidence,submitted\n"
	       "C-1,2025/26-Q1,NT1,1,payroll,2025-07-01\n"
	       "C-1,2025/26-Q2,NT1,1,timesheets,2025-10-01\n", &r);
	imp_ok(db, IMPORT_RETURNS, "contract,quarter,measure,delivered\n"
	       "C-1,2025/26-Q1,NT1,1\n", &r);
	assert_int_equal(r.rows.unchanged, 1);
	assert_int_equal(r.rows.changed, 0);
	assert_string_equal(value_of(db, "SELECT evidence || '|' || submitted FROM return_line "
				  "WHERE quarter = 1"), "payroll|2025-07-01");
	/* a validated line with the same delivered is identical, not refused */
	assert_int_equal(db_return_decide(db, 1, ST_VALIDATED, 100, NULL, "ann",
					  "2026-01-15T10:04:00Z", -1, &e), 0);
	imp_ok(db, IMPORT_RETURNS, "contract,quarter,measure,delivered,evidence\n"
	       "C-1,2025/26-Q1,NT1,1,payroll\n", &r);
	assert_int_equal(r.rows.unchanged, 1);
	/* a resubmission in query keeps its submitted date */
	assert_int_equal(db_return_decide(db, 2, ST_QUERY, 0, "send more", "ann",
					  "2026-01-15T10:04:00Z", -1, &e), 0);
	imp_ok(db, IMPORT_RETURNS, "contract,quarter,measure,delivered\n"
	       "C-1,2025/26-Q2,NT1,2\n", &r);
	assert_int_equal(r.rows.changed, 1);
	assert_string_equal(value_of(db, "SELECT status || '|' || delivered || '|' || evidence || '|' "
				  "|| submitted FROM return_line WHERE quarter = 2"),
			    "submitted|200|timesheets|2025-10-01");
	/* an empty cell clears an optional value */
	imp_ok(db, IMPORT_RETURNS, "contract,quarter,measure,delivered,evidence,submitted\n"
	       "C-1,2025/26-Q2,NT1,2,,\n", &r);
	assert_int_equal(r.rows.changed, 1);
	assert_string_equal(value_of(db, "SELECT coalesce(evidence, '-') || '|' || "
				  "coalesce(submitted, '-') FROM return_line WHERE quarter = 2"), "-|-");
	/* a commitments file without note keeps it; an empty note clears it */
	imp_ok(db, IMPORT_COMMITMENTS, "contract,measure,year,target,note\n"
	       "C-1,NT1,2025/26,2,agreed at award\n", &r);
	assert_int_equal(r.rows.changed, 1);
	imp_ok(db, IMPORT_COMMITMENTS, "contract,measure,year,target\n"
	       "C-1,NT1,2025/26,2\n", &r);
	assert_int_equal(r.rows.unchanged, 1);
	assert_string_equal(value_of(db, "SELECT note FROM commitment WHERE note IS NOT NULL"),
			    "agreed at award");
	imp_ok(db, IMPORT_COMMITMENTS, "contract,measure,year,target\n"
	       "C-1,NT1,2025/26,4\n", &r);
	assert_int_equal(r.rows.changed, 1);
	assert_string_equal(value_of(db, "SELECT count(*) FROM commitment WHERE note = "
				  "'agreed at award' AND target = 400"), "1");
	imp_ok(db, IMPORT_COMMITMENTS, "contract,measure,year,target,note\n"
	       "C-1,NT1,2025/26,4,\n", &r);
	assert_int_equal(r.rows.changed, 1);
	assert_string_equal(value_of(db, "SELECT count(*) FROM commitment WHERE note IS NOT NULL"),
			    "0");
	db_close(&db);
}

/* Every field fault of a row, each at its own column; duplicates found
 * after a row with a fault (its key is still known), either way round. */
static void test_every_fault_and_duplicate(void **state)
{
	svdb *db = loaded();
	import_result r;
	struct faults f;

	(void)state;
	assert_int_equal(imp(db, IMPORT_CONTRACTS, "c.csv",
			     "ref,title,supplier,body,value,start,end,sv_weight\n"
			     "C-7,T,S,WMP,5,2025-13-01,2026-02-30,1\n", 0, &r, &f), 1);
	HAS(f, "c.csv:2:15: start: \"2025-13-01\" is not a date");
	HAS(f, "c.csv:2:26: end: \"2026-02-30\" is not a date");
	assert_int_equal(f.n, 2);
	/* the form of a date said once */
	assert_int_equal(imp(db, IMPORT_CONTRACTS, "c.csv",
			     "ref,title,supplier,body,value,start,end,sv_weight\n"
			     "C-7,T,S,WMP,5,1/4/2025,2026-03-31,1\n", 0, &r, &f), 1);
	HAS(f, "c.csv:2:15: start: \"1/4/2025\" is not a date (use YYYY-MM-DD, like 2025-04-01)\n");
	/* a pound sign on a quantity of a measure not counted in GBP */
	assert_int_equal(imp(db, IMPORT_COMMITMENTS, "k.csv",
			     "contract,measure,year,target\n"
			     "C-1,NT3,2025/26,£5\n", 0, &r, &f), 1);
	HAS(f, "k.csv:2:17: target: \"£5\" is not a quantity (£ is only for a measure counted "
	    "in GBP");
	assert_int_equal(imp(db, IMPORT_COMMITMENTS, "k.csv",
			     "contract,measure,year,target\n"
			     "C-1,NT3,2025/26,x\n"
			     "C-1,NT4,2025/26,1\n"
			     "C-1,NT3,2025/26,1\n"
			     "C-1,NT4,2025/26,y\n", 0, &r, &f), 1);
	HAS(f, "k.csv:2:17: target: \"x\" is not a quantity");
	HAS(f, "k.csv:4:1: contract: the commitment of C-1 to NT3 in 2025/26 is on line 2 already");
	HAS(f, "k.csv:5:17: target: \"y\" is not a quantity");
	HAS(f, "k.csv:5:1: contract: the commitment of C-1 to NT4 in 2025/26 is on line 3 already");
	assert_int_equal(f.n, 4);
	assert_int_equal(imp(db, IMPORT_RETURNS, "h.csv",
			     "contract,quarter,measure,delivered,submitted,status,validated,"
			     "validated_by,validated_at,reason\n"
			     "C-1,2025/26-Q1,NT1,2,2025-07-32,validated,2,ann,2025-08-01T25:00:00Z,\n"
			     "C-1,2025/26-Q2,NT1,2,2025-10-01,validated,2,ann,2099-01-01T09:00:00Z,\n"
			     "C-1,2025/26-Q3,NT1,2,2026-01-10,validated,2,ann,2026-01-09T23:59:59Z,\n"
			     "C-1,2025/26-Q3,NT1,2,2026-01-10,validated,2,ann,2026-01-10T08:00:00Z,\n"
			     "C-1,2025/26-Q4,NT1,2,2026-04-10,validated,2,ann,2026-04-10T08:00:00Z,\n",
			     0, &r, &f), 1);
	HAS(f, "h.csv:2:22: submitted: \"2025-07-32\" is not a date");
	HAS(f, "h.csv:2:49: validated_at: \"2025-08-01T25:00:00Z\" is not a UTC time");
	HAS(f, "h.csv:3:49: validated_at: 2099-01-01T09:00:00Z is in the future");
	HAS(f, "h.csv:4:49: validated_at: 2026-01-09T23:59:59Z is before the line was "
	    "submitted (2026-01-10)");
	HAS(f, "h.csv:5:1: contract: the line of C-1 for NT1 in 2025/26 Q3 is on line 4 already");
	assert_int_equal(f.n, 5);
	assert_string_equal(value_of(db, "SELECT count(*) FROM return_line"), "0");
	db_close(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contracts_and_reimport),
		cmocka_unit_test(test_contract_update_rules),
		cmocka_unit_test(test_contract_faults_and_positions),
		cmocka_unit_test(test_header_and_fields),
		cmocka_unit_test(test_text_rules),
		cmocka_unit_test(test_many_faults_capped),
		cmocka_unit_test(test_dry_run),
		cmocka_unit_test(test_measures),
		cmocka_unit_test(test_commitments),
		cmocka_unit_test(test_returns_supplier),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_bom_crlf_and_query),
		cmocka_unit_test(test_returns_history),
		cmocka_unit_test(test_absent_columns_keep),
		cmocka_unit_test(test_every_fault_and_duplicate),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	const char *tap = getenv("CMOCKA_MESSAGE_OUTPUT");

	return tap != NULL && strcmp(tap, "TAP") == 0 ? 0 : failed;
}
