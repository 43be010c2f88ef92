/* test_detail.c: the reads and figures of a contract's page (detail.h).
 *
 * A small hand-made world whose figures are worked out below by hand; on
 * the demo data, every contract's figures of every year against two
 * independent computations (SQL's integer arithmetic over the same rows,
 * and the FGB report's contract rows); the audit entries against a count
 * of the log, page by page; the plan of every statement (no scan of
 * commitment or return_line), fresh and after ANALYZE. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svdesk/demo.h"
#include "svdesk/detail.h"
#include "svdesk/report.h"
#include "svdesk/settings.h"
#include "db/db_private.h"     /* EXPLAIN QUERY PLAN on the connection */
#include "dbtest.h"

/* ---- the world ---------------------------------------------------------------
 *
 * Financial year 2025.  Proxies per unit: NT1 3.1416, NT9 0.0040; NT17 a
 * percent measure (record only).  Pence per line, half away from zero:
 *
 * C-A  NT1 target 12.35 -> 3879.876 -> 3880
 *        Q1 3 -> 942.48 -> 942 rejected; Q2 2.5 -> 785.4 -> 785 query;
 *        Q4 1 -> 314.16 -> 314 submitted
 *        delivered 6.5 units, £20.41; validated 0
 *      NT9 target 10 -> 4
 *        Q1 1.25 -> 0.5 -> 1, validated 1.25 -> 1
 *        Q2 1.25 -> 1, validated 0.75 -> 0.3 -> 0
 *        delivered 2.5 units, 2p; validated 2 units, 1p
 *      totals: committed 3884, delivered 2043, validated 1 (0.0%)
 * C-B  NT17 target 50, record only; Q2 45, validated 45: 90.0% of the units */
static svdb *db;
static int64_t ca, cb, nt9_line_q2;

static int64_t measure_id(const char *code)
{
	db_measure *all = NULL;
	size_t n = 0;
	int64_t id = 0;
	sv_err e = { 0 };

	assert_int_equal(db_measures_all(db, &all, &n, &e), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(all[i].code, code) == 0)
			id = all[i].id;
	free(all);
	assert_true(id > 0);
	return id;
}

static int64_t contract(const char *ref, const char *title, enum sv_body body)
{
	db_contract c;
	int64_t id = 0;
	sv_err e = { 0 };

	memset(&c, 0, sizeof c);
	c.ref = ref;
	c.title = title;
	c.supplier = "Alpha Ltd";
	c.body = body;
	c.value = 10000000;
	c.start = (sv_date){ 2025, 4, 1 };
	c.end = (sv_date){ 2026, 3, 31 };
	c.sv_weight = 50;
	c.manager = "Jo Bloggs";
	c.living_wage = YN_YES;
	c.living_wage_date = (sv_date){ 2025, 5, 1 };
	c.living_wage_note = "accredited";
	if (db_contract_put(db, &c, &id, &e) != 0)
		fail_msg("contract %s: %s", ref, e.msg);
	return id;
}

static int64_t commit(int64_t cid, const char *code, sv_qty target, sv_proxy proxy)
{
	int64_t id = 0;
	sv_err e = { 0 };

	if (db_commitment_put(db, cid, measure_id(code), 2025, target, proxy, NULL, &id, &e) != 0)
		fail_msg("commitment %s: %s", code, e.msg);
	return id;
}

static int64_t line(int64_t cmid, int q, sv_qty delivered, enum sv_status st, sv_qty validated)
{
	int64_t id = 0;
	sv_err e = { 0 };

	if (db_return_put(db, cmid, q, delivered, "sheet", NULL, &id, &e) != 0)
		fail_msg("return: %s", e.msg);
	if (st != ST_SUBMITTED &&
	    db_return_decide(db, id, st, validated, st == ST_VALIDATED && validated == delivered
			     ? NULL : "checked", "Val Idator", "2025-08-01T09:30:00Z", -1, &e) != 0)
		fail_msg("decision: %s", e.msg);
	return id;
}

static int world_up(void **state)
{
	int64_t x;

	(void)state;
	db = dbt_open_mem("tester", "desk");
	ca = contract("C-A", "Alpha \u202Ereversed\u202C title", BODY_WMP);
	x = commit(ca, "NT1", 1235, 31416);
	line(x, 1, 300, ST_REJECTED, 0);
	line(x, 2, 250, ST_QUERY, 0);
	line(x, 4, 100, ST_SUBMITTED, 0);
	x = commit(ca, "NT9", 1000, 40);
	line(x, 1, 125, ST_VALIDATED, 125);
	nt9_line_q2 = line(x, 2, 125, ST_QUERY, 0);
	{
		sv_err e = { 0 };

		/* a second decision on the same line: the history keeps both */
		if (db_return_decide(db, nt9_line_q2, ST_VALIDATED, 75, "only 0.75 evidenced",
				     "Val Idator", "2025-08-02T10:00:00Z", -1, &e) != 0)
			fail_msg("decision: %s", e.msg);
		if (db_highlight_put(db, 2025, ca, "Alpha's apprentices", NULL, &e) != 0)
			fail_msg("highlight: %s", e.msg);
	}
	cb = contract("C-B", "Beta", BODY_OPCC);
	line(commit(cb, "NT17", 5000, DB_PROXY_NONE), 2, 4500, ST_VALIDATED, 4500);
	return 0;
}

static int world_down(void **state)
{
	(void)state;
	db_close(&db);
	return 0;
}

struct page_data {
	detail_commitment *cms;
	size_t ncm;
	detail_line *lines;
	size_t nl;
	detail_totals tot;
};

static void read_page(svdb *d, int64_t cid, int fy, struct page_data *p)
{
	sv_err e = { 0 };

	memset(p, 0, sizeof *p);
	if (detail_commitments(d, cid, fy, &p->cms, &p->ncm, &e) != 0 ||
	    detail_lines(d, cid, fy, 0, &p->lines, &p->nl, &e) != 0 ||
	    detail_figures(p->cms, p->ncm, p->lines, p->nl, &p->tot, &e) != 0)
		fail_msg("contract %lld: %s", (long long)cid, e.msg);
}

static void free_page(struct page_data *p)
{
	detail_commitments_free(p->cms, p->ncm);
	free(p->cms);
	free(p->lines);
}

/* ---- by hand ------------------------------------------------------------------- */

static void test_contract_fields(void **state)
{
	detail_contract c;
	int64_t id = 0;
	sv_err e = { 0 };

	(void)state;
	assert_int_equal(detail_contract_get(db, ca, &c, &e), 1);
	assert_string_equal(c.ref, "C-A");
	assert_string_equal(c.supplier, "Alpha Ltd");
	assert_string_equal(c.manager, "Jo Bloggs");
	assert_null(c.award_report);
	assert_string_equal(c.living_wage, "yes");
	assert_string_equal(c.living_wage_date, "2025-05-01");
	assert_string_equal(c.living_wage_note, "accredited");
	assert_string_equal(c.modern_slavery, "");
	assert_string_equal(c.start, "2025-04-01");
	assert_int_equal(c.value, 10000000);
	assert_int_equal(c.closed, 0);
	detail_contract_free(&c);
	assert_int_equal(detail_contract_get(db, 999999, &c, &e), 0);
	assert_int_equal(detail_contract_by_ref(db, "C-B", &id, &e), 1);
	assert_int_equal(id, cb);
	assert_int_equal(detail_contract_by_ref(db, "c-b", &id, &e), 0);
}

static void test_figures_by_hand(void **state)
{
	struct page_data p;
	int years[4];
	int64_t counts[4];
	sv_err e = { 0 };

	(void)state;
	read_page(db, ca, 2025, &p);
	assert_int_equal(p.ncm, 2);
	assert_string_equal(p.cms[0].code, "NT1");
	assert_int_equal(p.cms[0].committed, 3880);
	assert_int_equal(p.cms[0].delivered, 942 + 785 + 314);
	assert_int_equal(p.cms[0].validated, 0);
	assert_int_equal(p.cms[0].q_delivered, 650);
	assert_int_equal(p.cms[0].q_validated, 0);
	assert_int_equal(p.cms[0].lines, 3);
	assert_string_equal(p.cms[1].code, "NT9");
	assert_int_equal(p.cms[1].committed, 4);
	assert_int_equal(p.cms[1].delivered, 2);
	assert_int_equal(p.cms[1].validated, 1);
	assert_int_equal(p.cms[1].q_delivered, 250);
	assert_int_equal(p.cms[1].q_validated, 200);
	assert_int_equal(p.tot.committed, 3884);
	assert_int_equal(p.tot.delivered, 2043);
	assert_int_equal(p.tot.validated, 1);
	assert_int_equal(p.tot.lines, 5);
	assert_int_equal(detail_percent(p.tot.validated, p.tot.committed), 0);
	/* lines by quarter, then code */
	assert_int_equal(p.nl, 5);
	assert_int_equal(p.lines[0].quarter, 1);
	assert_int_equal(p.lines[0].sv_delivered, 942);
	assert_int_equal(p.lines[0].status, ST_REJECTED);
	assert_int_equal(p.lines[1].quarter, 1);
	assert_int_equal(p.lines[1].status, ST_VALIDATED);
	assert_int_equal(p.lines[1].sv_validated, 1);
	assert_int_equal(p.lines[4].quarter, 4);
	free_page(&p);
	/* another year: nothing */
	read_page(db, ca, 2024, &p);
	assert_int_equal(p.ncm, 0);
	assert_int_equal(p.nl, 0);
	assert_int_equal(p.tot.committed, 0);
	free_page(&p);
	assert_int_equal(detail_years(db, ca, years, counts, 4, &e), 1);
	assert_int_equal(years[0], 2025);
	assert_int_equal(counts[0], 2);

	/* record only: no £SV, percent of the units */
	read_page(db, cb, 2025, &p);
	assert_int_equal(p.ncm, 1);
	assert_int_equal(p.cms[0].has_proxy, 0);
	assert_int_equal(p.cms[0].committed, 0);
	assert_int_equal(p.cms[0].delivered, 0);
	assert_int_equal(p.cms[0].q_validated, 4500);
	assert_int_equal(detail_percent(p.cms[0].q_validated, p.cms[0].target), 900);
	free_page(&p);
}

static void test_line_and_decisions(void **state)
{
	detail_line l;
	detail_commitment cm;
	detail_decision *d = NULL;
	size_t n = 0;
	sv_err e = { 0 };

	(void)state;
	assert_int_equal(detail_line_get(db, nt9_line_q2, &l, &e), 1);
	assert_int_equal(detail_commitment_get(db, l.commitment_id, &cm, &e), 1);
	assert_string_equal(cm.code, "NT9");
	assert_int_equal(detail_figures(&cm, 1, &l, 1, NULL, &e), 0);
	assert_int_equal(l.status, ST_VALIDATED);
	assert_int_equal(l.validated, 75);
	assert_int_equal(l.sv_delivered, 1);
	assert_int_equal(l.sv_validated, 0);
	assert_string_equal(l.evidence, "sheet");
	assert_string_equal(l.reason, "only 0.75 evidenced");
	assert_string_equal(l.validated_by, "Val Idator");
	assert_int_equal(l.version, 3);
	assert_int_equal(detail_decisions(db, nt9_line_q2, &d, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].status, ST_QUERY);
	assert_string_equal(d[0].reason, "checked");
	assert_string_equal(d[0].at, "2025-08-01T09:30:00Z");
	assert_int_equal(d[1].status, ST_VALIDATED);
	assert_int_equal(d[1].validated, 75);
	assert_string_equal(d[1].by, "Val Idator");
	assert_string_equal(d[1].origin, "desk");
	detail_decisions_free(d, n);
	detail_line_free(&l);
	detail_commitments_free(&cm, 1);
	assert_int_equal(detail_line_get(db, 999999, &l, &e), 0);
}

/* A line named for the decisions' messages, and the history's parts: each
 * decision's line version and delivered quantity, and the resubmissions
 * (changes to delivered or evidence) read from the audit log. */
static void test_line_ref_and_resubmissions(void **state)
{
	detail_line_ref r;
	detail_decision *d = NULL;
	detail_resubmission *rs = NULL;
	detail_commitment cm;
	size_t n = 0;
	int64_t cr, x, id = 0, id2 = 0;
	sv_err e = { 0 };

	(void)state;
	assert_int_equal(detail_line_ref_get(db, nt9_line_q2, &r, &e), 1);
	assert_int_equal(r.id, nt9_line_q2);
	assert_int_equal(r.quarter, 2);
	assert_int_equal(r.year, 2025);
	assert_string_equal(r.ref, "C-A");
	assert_string_equal(r.code, "NT9");
	assert_int_equal(r.delivered, 125);
	assert_int_equal(r.status, ST_VALIDATED);
	assert_int_equal(r.version, 3);
	assert_int_equal(detail_commitment_get(db, r.commitment_id, &cm, &e), 1);
	assert_string_equal(r.unit, cm.unit);
	detail_commitments_free(&cm, 1);
	assert_int_equal(detail_line_ref_get(db, 999999, &r, &e), 0);

	assert_int_equal(detail_decisions(db, nt9_line_q2, &d, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].line_version, 1);
	assert_int_equal(d[1].line_version, 2);
	assert_true(d[0].has_delivered && d[1].has_delivered);
	assert_int_equal(d[0].delivered, 125);
	detail_decisions_free(d, n);

	/* no resubmission: a decided line's own history has none */
	assert_int_equal(detail_resubmissions(db, nt9_line_q2, &rs, &n, &e), 0);
	assert_int_equal(n, 0);
	free(rs);

	/* submitted 2.00, queried, resubmitted 2.60, then new evidence only */
	cr = contract("C-R", "Resubmitted", BODY_WMP);
	x = commit(cr, "NT1", 1000, 31416);
	if (db_return_put(db, x, 3, 200, "sheet", NULL, &id, &e) != 0 ||
	    db_return_decide(db, id, ST_QUERY, 0, "which weeks?", NULL, NULL, -1, &e) != 0 ||
	    db_return_put(db, x, 3, 260, "sheet", NULL, &id2, &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(id2, id);
	if (db_return_put(db, x, 3, 260, "sheet with the weeks", NULL, &id2, &e) != 0)
		fail_msg("%s", e.msg);
	assert_int_equal(detail_resubmissions(db, id, &rs, &n, &e), 0);
	assert_int_equal(n, 2);
	assert_true(rs[0].delivered_changed);
	assert_int_equal(rs[0].before, 200);
	assert_int_equal(rs[0].after, 260);
	assert_false(rs[0].evidence_changed);
	assert_string_equal(rs[0].who, "tester");
	assert_string_equal(rs[0].origin, "desk");
	assert_int_equal(strlen(rs[0].at), 20);
	assert_false(rs[1].delivered_changed);
	assert_true(rs[1].evidence_changed);
	assert_true(rs[0].audit_id < rs[1].audit_id);
	free(rs);
	assert_int_equal(detail_line_ref_get(db, id, &r, &e), 1);
	assert_int_equal(r.status, ST_SUBMITTED);
	assert_int_equal(r.delivered, 260);
	assert_int_equal(r.quarter, 3);
	assert_string_equal(r.ref, "C-R");
}

static void test_highlights_and_audit(void **state)
{
	detail_highlight *h = NULL;
	detail_audit *a = NULL, *all = NULL;
	size_t n = 0, got = 0;
	int64_t total = 0, want, before = 0;
	sv_err e = { 0 };

	(void)state;
	assert_int_equal(detail_highlights(db, ca, 10, &h, &n, &total, &e), 0);
	assert_int_equal(n, 1);
	assert_int_equal(total, 1);
	assert_int_equal(h[0].year, 2025);
	assert_string_equal(h[0].text, "Alpha's apprentices");
	detail_highlights_free(h, n);

	/* every entry about C-A: counted independently in SQL */
	want = probe_int(db, "SELECT count(*) FROM audit WHERE "
			 "(entity = 'contract' AND entity_id = %lld) "
			 "OR (entity = 'commitment' AND entity_id IN "
			 "(SELECT id FROM commitment WHERE contract_id = %lld)) "
			 "OR (entity = 'return_line' AND entity_id IN (SELECT r.id FROM return_line r "
			 "JOIN commitment cm ON cm.id = r.commitment_id WHERE cm.contract_id = %lld)) "
			 "OR (entity = 'decision' AND entity_id IN (SELECT d.id FROM decision d "
			 "JOIN return_line r ON r.id = d.return_line_id JOIN commitment cm "
			 "ON cm.id = r.commitment_id WHERE cm.contract_id = %lld)) "
			 "OR (entity = 'highlight' AND entity_id IN "
			 "(SELECT id FROM highlight WHERE contract_id = %lld))",
			 (long long)ca, (long long)ca, (long long)ca, (long long)ca, (long long)ca);
	assert_true(want > 10);
	all = calloc((size_t)want, sizeof *all);
	assert_non_null(all);
	/* keyset pages of 3, newest first, make up the whole list */
	for (;;) {
		assert_int_equal(detail_audit_page(db, ca, before, 3, &a, &n, &total, &e), 0);
		assert_int_equal(total, want);
		if (n == 0)
			break;
		assert_true(got + n <= (size_t)want);
		memcpy(all + got, a, n * sizeof *a);
		got += n;
		before = a[n - 1].id;
		free(a);
	}
	free(a);
	assert_int_equal(got, (size_t)want);
	for (size_t i = 1; i < got; i++)
		assert_true(all[i].id < all[i - 1].id);
	assert_string_equal(all[got - 1].entity, "contract");
	assert_string_equal(all[got - 1].action, "insert");
	assert_string_equal(all[got - 1].who, "tester");
	for (size_t i = 0; i < got; i++)
		if (strcmp(all[i].entity, "decision") == 0)
			assert_true(strcmp(all[i].what, "validated") == 0 ||
				    strcmp(all[i].what, "query") == 0 ||
				    strcmp(all[i].what, "rejected") == 0);
	free(all);
}

static void test_overflow(void **state)
{
	detail_commitment cm;
	detail_line l;
	sv_err e = { 0 };

	(void)state;
	memset(&cm, 0, sizeof cm);
	memset(&l, 0, sizeof l);
	snprintf(cm.code, sizeof cm.code, "NT1");
	cm.id = l.commitment_id = 1;
	cm.has_proxy = 1;
	cm.proxy = INT64_MAX / 2;
	cm.target = 100;
	assert_int_equal(detail_figures(&cm, 1, &l, 1, NULL, &e), -1);
	assert_non_null(strstr(e.msg, "too large"));
	assert_int_equal(detail_percent(INT64_MAX, 1), INT64_MAX);
	assert_int_equal(detail_percent(1, 0), -1);
	assert_int_equal(detail_percent(2, 3), 666);
}

/* ---- the demo data against independent computations ------------------------------- */

static svdb *demo_db(int contracts)
{
	db_open_opts o = { 0, NULL, 0, "tester", "demo" };
	static const sv_date today = { 2026, 11, 27 };
	svdb *d = NULL;
	sv_err e = { 0 };

	if (db_open(&d, ":memory:", &o, &e) != 0 || demo_generate(d, contracts, 1, today, &e) != 0)
		fail_msg("demo: %s", e.msg);
	return d;
}

/* SQL's own sum of one contract's figures in year fy: integer arithmetic,
 * half up (every value is non-negative). */
static int64_t sql_sum(svdb *d, const char *what, int64_t cid, int fy)
{
	char expr[1024];

	if (strcmp(what, "committed") == 0)
		snprintf(expr, sizeof expr, "SELECT coalesce(sum((target * proxy + 5000) / 10000), 0) "
			 "FROM commitment WHERE contract_id = %lld AND year = %d AND proxy IS NOT NULL",
			 (long long)cid, fy);
	else
		snprintf(expr, sizeof expr, "SELECT coalesce(sum((%s * cm.proxy + 5000) / 10000), 0) "
			 "FROM return_line r JOIN commitment cm ON cm.id = r.commitment_id "
			 "WHERE cm.contract_id = %lld AND cm.year = %d AND cm.proxy IS NOT NULL%s",
			 strcmp(what, "delivered") == 0 ? "r.delivered" : "r.validated",
			 (long long)cid, fy,
			 strcmp(what, "validated") == 0 ? " AND r.status = 'validated'" : "");
	return probe_int(d, "%s", expr);
}

static void test_demo_figures(void **state)
{
	svdb *d = demo_db(60);
	int64_t ncontracts = probe_int(d, "SELECT count(*) FROM contract");
	sv_config cfg;
	int checked = 0, nonzero = 0;

	(void)state;
	config_defaults(&cfg);
	for (int fy = 2024; fy <= 2026; fy++) {
		report_period per = { BOARD_FGB, fy, 0 };
		sv_datetime now = { { 2026, 11, 27 }, 12, 0, 0 };
		report *r = NULL;
		sv_err e = { 0 };

		if (report_build(d, &cfg, &per, "tester", &now, &r, &e) != 0)
			fail_msg("report: %s", e.msg);
		for (int64_t cid = 1; cid <= ncontracts; cid++) {
			struct page_data p;
			detail_contract c;

			assert_int_equal(detail_contract_get(d, cid, &c, &e), 1);
			read_page(d, cid, fy, &p);
			assert_int_equal(p.tot.committed, sql_sum(d, "committed", cid, fy));
			assert_int_equal(p.tot.delivered, sql_sum(d, "delivered", cid, fy));
			assert_int_equal(p.tot.validated, sql_sum(d, "validated", cid, fy));
			/* the FGB report's row of the contract says the same */
			for (size_t k = 0; k < r->contracts_rows.n; k++) {
				const report_row *row = &r->contracts_rows.v[k];

				if (strcmp(row->key, c.ref) != 0)
					continue;
				assert_int_equal(p.tot.committed, row->fig.committed);
				assert_int_equal(p.tot.delivered, row->fig.delivered);
				assert_int_equal(p.tot.validated, row->fig.validated);
				checked++;
			}
			if (p.tot.validated > 0)
				nonzero++;
			free_page(&p);
			detail_contract_free(&c);
		}
		report_free(&r);
	}
	config_free(&cfg);
	assert_true(checked > 60);
	assert_true(nonzero > 10);
	db_close(&d);
}

/* ---- plans ------------------------------------------------------------------------ */

/* 1 when a plan line scans commitment or return_line (by name or by the
 * aliases the statements use). */
static int scans_big(const char *detail)
{
	static const char *const names[] = { "commitment", "cm", "return_line", "r", NULL };

	if (strncmp(detail, "SCAN ", 5) != 0)
		return 0;
	detail += 5;
	for (int i = 0; names[i] != NULL; i++) {
		size_t n = strlen(names[i]);

		if (strncmp(detail, names[i], n) == 0 && (detail[n] == ' ' || detail[n] == '\0'))
			return 1;
	}
	return 0;
}

static void check_plans(svdb *d, const char *when)
{
	size_t n;
	const char *const *list = detail_statements(&n);

	assert_true(n >= 10);
	for (size_t i = 0; i < n; i++) {
		char *eqp = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", list[i]);
		sqlite3_stmt *st = NULL;
		int rc;

		assert_non_null(eqp);
		rc = sqlite3_prepare_v2(d->h, eqp, -1, &st, NULL);
		sqlite3_free(eqp);
		if (rc != SQLITE_OK)
			fail_msg("%s\n%s", sqlite3_errmsg(d->h), list[i]);
		for (int k = 1; k <= sqlite3_bind_parameter_count(st); k++)
			sqlite3_bind_int(st, k, 1);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *detail = (const char *)sqlite3_column_text(st, 3);

			if (scans_big(detail))
				fail_msg("%s: %s\n%s", when, detail, list[i]);
		}
		sqlite3_finalize(st);
		assert_int_equal(rc, SQLITE_DONE);
	}
}

static void test_plans(void **state)
{
	svdb *d;

	(void)state;
	check_plans(db, "fresh");
	d = demo_db(300);
	exec_ok(d, "ANALYZE");
	check_plans(d, "after ANALYZE");
	db_close(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_contract_fields),
		cmocka_unit_test(test_figures_by_hand),
		cmocka_unit_test(test_line_and_decisions),
		cmocka_unit_test(test_highlights_and_audit),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_demo_figures),
		cmocka_unit_test(test_plans),
		cmocka_unit_test(test_line_ref_and_resubmissions),
	};

	return cmocka_run_group_tests(tests, world_up, world_down);
}
