/* test_report.c: the board reports' rules (report_build on a small
 * hand-made database whose every figure is worked out below by hand), RAG
 * at each boundary, default periods, overflow, and the CSV rows. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svdesk/export.h"
#include "svdesk/report.h"
#include "dbtest.h"

/* ---- the world ---------------------------------------------------------------
 *
 * Financial year 2025 (2025-04-01 .. 2026-03-31).  Proxies per unit:
 * NT1 3.1416, NT9 0.0040, WM-PL1 12.3456; NT17 is a percent measure
 * (record only).  Values per line (pence, half away from zero):
 *
 * C-A  WMP  2025-04-01..2026-03-31  £100,000.00 at 5.0% (at the threshold)
 *      NT1 target 12.35 -> 3879.876 -> 3880    NT9 target 10 -> 4
 *      NT9 Q1 1.25 -> 0.5 -> 1, validated 1.25 -> 1
 *      NT9 Q2 1.25 -> 1, validated 0.75 -> 0.3 -> 0 (partly)
 *      NT1 Q1 3 -> 942.48 -> 942 rejected
 *      NT1 Q2 2.5 -> 785.4 -> 785 query
 *      NT1 Q4 (January) 1 -> 314.16 -> 314 submitted
 * C-B  OPCC full year, £50,000.00 at 20%
 *      WM-PL1 target 2 -> 2469.12 -> 2469; Q2 2, validated 2 -> 2469
 *      NT17 target 50 (record only); Q2 45, validated 45
 * C-C  WMP  2025-09-30..2026-03-31 (starts on Q2's last day), £100,000.01
 *      at 9.9%: an exception; NT1 target 1 -> 314; no return: missing in Q2
 * C-D  WMP  2025-04-01..2025-06-30 (ends in Q1), £200,000.00 at 10%
 *      NT1 target 1 -> 314; Q1 1, validated 1 -> 314
 * C-E  WMP  2024-04-01..2026-03-31: a 2024 commitment only, NT1 target 4;
 *      2024 Q3 4, validated 4 -> 1256.64 -> 1257 (the trend) */

static svdb *db;

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

static int64_t contract(const char *ref, const char *supplier, enum sv_body body,
			sv_pence value, int weight, sv_date start, sv_date end)
{
	db_contract c;
	int64_t id = 0;
	sv_err e = { 0 };

	memset(&c, 0, sizeof c);
	c.ref = ref;
	c.title = ref;
	c.supplier = supplier;
	c.body = body;
	c.value = value;
	c.start = start;
	c.end = end;
	c.sv_weight = weight;
	if (db_contract_put(db, &c, &id, &e) != 0)
		fail_msg("contract %s: %s", ref, e.msg);
	return id;
}

static int64_t commit(int64_t cid, const char *code, int fy, sv_qty target, sv_proxy proxy)
{
	int64_t id = 0;
	sv_err e = { 0 };

	if (db_commitment_put(db, cid, measure_id(code), fy, target, proxy, NULL, &id, &e) != 0)
		fail_msg("commitment %s: %s", code, e.msg);
	return id;
}

/* A line, then its decision (ST_SUBMITTED: none). */
static void line(int64_t cmid, int q, sv_qty delivered, enum sv_status st, sv_qty validated)
{
	int64_t id = 0;
	sv_err e = { 0 };

	if (db_return_put(db, cmid, q, delivered, "sheet", NULL, &id, &e) != 0)
		fail_msg("return: %s", e.msg);
	if (st != ST_SUBMITTED &&
	    db_return_decide(db, id, st, validated, st == ST_VALIDATED && validated == delivered
			     ? NULL : "checked", NULL, NULL, -1, &e) != 0)
		fail_msg("decision: %s", e.msg);
}

static const sv_date y0 = { 2025, 4, 1 }, y1 = { 2026, 3, 31 };

static int world_up(void **state)
{
	int64_t a, b, c, d, x;

	(void)state;
	db = dbt_open_mem("tester", "desk");
	a = contract("C-A", "Alpha Ltd", BODY_WMP, 10000000, 50, y0, y1);
	line(commit(a, "NT9", 2025, 1000, 40), 1, 125, ST_VALIDATED, 125);
	x = commit(a, "NT1", 2025, 1235, 31416);
	line(x, 1, 300, ST_REJECTED, 0);
	line(x, 2, 250, ST_QUERY, 0);
	line(x, 4, 100, ST_SUBMITTED, 0);
	/* NT9's Q2 line: its commitment again (same contract, measure, year) */
	line(commit(a, "NT9", 2025, 1000, 40), 2, 125, ST_VALIDATED, 75);
	b = contract("C-B", "Beta CIC", BODY_OPCC, 5000000, 200, y0, y1);
	line(commit(b, "WM-PL1", 2025, 200, 123456), 2, 200, ST_VALIDATED, 200);
	line(commit(b, "NT17", 2025, 5000, DB_PROXY_NONE), 2, 4500, ST_VALIDATED, 4500);
	c = contract("C-C", "=Gamma Ltd", BODY_WMP, 10000001, 99, (sv_date){ 2025, 9, 30 }, y1);
	commit(c, "NT1", 2025, 100, 31416);
	d = contract("C-D", "Delta Ltd", BODY_WMP, 20000000, 100, y0, (sv_date){ 2025, 6, 30 });
	line(commit(d, "NT1", 2025, 100, 31416), 1, 100, ST_VALIDATED, 100);
	x = contract("C-E", "Epsilon Ltd", BODY_WMP, 100000, 0, (sv_date){ 2024, 4, 1 }, y1);
	line(commit(x, "NT1", 2024, 400, 31416), 3, 400, ST_VALIDATED, 400);
	return 0;
}

static int world_down(void **state)
{
	(void)state;
	db_close(&db);
	return 0;
}

static report *build(enum report_board board, int fy, int q)
{
	sv_config cfg;
	report_period p = { board, fy, q };
	sv_datetime now = { { 2026, 1, 15 }, 10, 4, 0 };
	report *r = NULL;
	sv_err e = { 0 };

	config_defaults(&cfg);
	if (report_build(db, &cfg, &p, "tester", &now, &r, &e) != 0)
		fail_msg("report_build: %s", e.msg);
	config_free(&cfg);
	return r;
}

static const report_row *row(const report_rows *rows, const char *key)
{
	for (size_t i = 0; i < rows->n; i++)
		if (strcmp(rows->v[i].key, key) == 0)
			return &rows->v[i];
	fail_msg("no row %s", key);
	return NULL;
}

static int has_row(const report_rows *rows, const char *key)
{
	for (size_t i = 0; i < rows->n; i++)
		if (strcmp(rows->v[i].key, key) == 0)
			return 1;
	return 0;
}

static void fig_is(const report_fig *f, sv_pence c, sv_pence d, sv_pence v, sv_pence dy,
		   sv_pence vy)
{
	assert_int_equal(f->committed, c);
	assert_int_equal(f->delivered, d);
	assert_int_equal(f->validated, v);
	assert_int_equal(f->delivered_ytd, dy);
	assert_int_equal(f->validated_ytd, vy);
}

/* ---- FGB ------------------------------------------------------------------------ */

static void test_fgb_figures(void **state)
{
	report *r = build(BOARD_FGB, 2025, 0);
	const report_row *m;

	(void)state;
	fig_is(&r->headline, 6981, 4826, 2784, 0, 0);
	assert_int_equal(r->contracts, 4);      /* C-E has no 2025 commitment */
	assert_int_equal(r->bodies.n, 2);
	assert_string_equal(r->bodies.v[0].key, "WMP");
	fig_is(&r->bodies.v[0].fig, 4512, 2357, 315, 0, 0);
	assert_string_equal(r->bodies.v[1].key, "OPCC");
	fig_is(&r->bodies.v[1].fig, 2469, 2469, 2469, 0, 0);

	/* the measures in catalogue order, with quantities */
	assert_int_equal(r->measures.n, 4);
	assert_string_equal(r->measures.v[0].key, "NT1");
	assert_string_equal(r->measures.v[1].key, "NT9");
	assert_string_equal(r->measures.v[2].key, "WM-PL1");
	assert_string_equal(r->measures.v[3].key, "NT17");
	m = row(&r->measures, "NT1");
	fig_is(&m->fig, 4508, 2355, 314, 0, 0);
	assert_int_equal(m->qty.committed, 1435);
	assert_int_equal(m->qty.delivered, 750);
	assert_int_equal(m->qty.validated, 100);
	assert_string_equal(m->unit, "FTE");
	assert_false(m->record_only);
	/* half pennies: each line 0.5p -> 1p; the sum of the rounded lines
	 * (2p) is not the rounded sum (1.0p -> 1p) */
	m = row(&r->measures, "NT9");
	fig_is(&m->fig, 4, 2, 1, 0, 0);
	assert_int_equal(m->qty.delivered, 250);
	assert_int_equal(m->qty.validated, 200);   /* 1.25 + 0.75 partly */
	m = row(&r->measures, "NT17");
	fig_is(&m->fig, 0, 0, 0, 0, 0);
	assert_true(m->record_only);
	assert_int_equal(m->qty.committed, 5000);
	assert_int_equal(m->qty.delivered, 4500);
	assert_int_equal(m->qty.validated, 4500);
	m = row(&r->measures, "WM-PL1");
	assert_true(m->local);
	assert_int_equal(r->opcc_local.n, 0);      /* the QRB's only */

	/* outcomes and themes add up their measures; parents point up */
	m = row(&r->outcomes, "More local people in employment");
	fig_is(&m->fig, 4508, 2355, 314, 0, 0);
	assert_string_equal(r->themes.v[m->parent].key, "Jobs");
	assert_string_equal(r->outcomes.v[row(&r->measures, "NT9")->parent].key,
			    "Improved employability of young people");
	fig_is(&row(&r->themes, "Jobs")->fig, 4512 + 2469, 2357 + 2469, 315 + 2469, 0, 0);
	fig_is(&row(&r->themes, "Growth")->fig, 0, 0, 0, 0, 0);    /* NT17 */
	assert_false(has_row(&r->themes, "Environment"));

	/* contracts by ref, C-C with zero figures but a commitment */
	assert_int_equal(r->contracts_rows.n, 4);
	assert_string_equal(r->contracts_rows.v[0].key, "C-A");
	assert_string_equal(r->contracts_rows.v[0].supplier, "Alpha Ltd");
	fig_is(&row(&r->contracts_rows, "C-A")->fig, 3884, 2043, 1, 0, 0);
	fig_is(&row(&r->contracts_rows, "C-C")->fig, 314, 0, 0, 0, 0);
	assert_false(has_row(&r->contracts_rows, "C-E"));
	/* top ten by validated, nothing for C-C */
	assert_int_equal(r->n_top, 3);
	assert_string_equal(r->contracts_rows.v[r->top[0]].key, "C-B");
	assert_string_equal(r->contracts_rows.v[r->top[1]].key, "C-D");
	assert_string_equal(r->contracts_rows.v[r->top[2]].key, "C-A");

	/* exceptions: above the threshold and below the weighting only */
	assert_int_equal(r->n_exceptions, 1);
	assert_string_equal(r->exceptions[0].ref, "C-C");
	assert_int_equal(r->exceptions[0].value, 10000001);
	assert_int_equal(r->exceptions[0].sv_weight, 99);
	assert_int_equal(r->n_missing, 0);         /* quarterly boards only */

	/* the year's lines: one submitted (Q4, in January), one in query */
	assert_int_equal(r->awaiting.lines, 1);
	assert_int_equal(r->awaiting.delivered, 314);
	assert_int_equal(r->in_query.lines, 1);
	assert_int_equal(r->in_query.delivered, 785);

	/* the trend: 2024 Q1 .. 2025 Q4 */
	assert_int_equal(r->trend[0].q.fy, 2024);
	assert_int_equal(r->trend[0].q.q, 1);
	assert_int_equal(r->trend[2].validated, 1257);
	assert_int_equal(r->trend[4].q.fy, 2025);
	assert_int_equal(r->trend[4].validated, 315);
	assert_int_equal(r->trend[5].validated, 2469);
	assert_int_equal(r->trend[7].q.q, 4);
	assert_int_equal(r->trend[7].validated, 0);

	assert_string_equal(r->generated_by, "tester");
	assert_int_equal(r->generated_at.date.d, 15);
	assert_true(r->audit_entries > 0);
	assert_int_equal(strlen(r->audit_head), 64);
	assert_int_equal(r->n_proxy_sets, 0);      /* every proxy given explicitly */
	/* RAG at the year's end (Q4): C-A 1p of £38.84 and C-C nothing are red,
	 * C-B and C-D validated all they committed */
	assert_int_equal(r->rag_q, 4);
	assert_int_equal(r->rag_count[RAG_RED], 2);
	assert_int_equal(r->rag_count[RAG_GREEN], 2);
	assert_int_equal(r->rag_count[RAG_AMBER] + r->rag_count[RAG_NONE], 0);
	report_free(&r);
	assert_null(r);
}

static void test_fgb_empty_year(void **state)
{
	report *r = build(BOARD_FGB, 2030, 0);

	(void)state;
	fig_is(&r->headline, 0, 0, 0, 0, 0);
	assert_int_equal(r->contracts, 0);
	assert_int_equal(r->themes.n + r->outcomes.n + r->measures.n + r->contracts_rows.n, 0);
	assert_int_equal(r->n_top, 0);
	assert_int_equal(r->awaiting.lines + r->in_query.lines, 0);
	/* the exception is a contract's, whatever the year */
	assert_int_equal(r->n_exceptions, 1);
	report_free(&r);
}

/* ---- QPRB and QRB ------------------------------------------------------------- */

static void test_qprb_q2(void **state)
{
	report *r = build(BOARD_QPRB, 2025, 2);
	const report_row *c;

	(void)state;
	fig_is(&r->headline, 4512, 786, 0, 2043, 315);
	assert_int_equal(r->contracts, 3);
	assert_int_equal(r->bodies.n, 0);
	c = row(&r->contracts_rows, "C-A");
	fig_is(&c->fig, 3884, 786, 0, 1729, 1);
	assert_int_equal(c->rag, RAG_RED);         /* 400 / 7768 = 0% */
	c = row(&r->contracts_rows, "C-D");
	assert_int_equal(c->rag, RAG_GREEN);       /* 314 x 400 / (314 x 2) = 200% */
	assert_int_equal(c->rag_pct, 200);
	assert_int_equal(row(&r->contracts_rows, "C-C")->rag, RAG_RED);
	assert_false(has_row(&r->contracts_rows, "C-B"));     /* OPCC */
	/* measures: committed in the year, delivered and validated YTD */
	c = row(&r->measures, "NT9");
	fig_is(&c->fig, 4, 1, 0, 2, 1);
	assert_int_equal(c->qty.delivered, 250);
	assert_int_equal(c->qty.validated, 200);
	/* missing: C-C starts on Q2's last day; C-D ended in Q1 */
	assert_int_equal(r->n_missing, 1);
	assert_string_equal(r->missing[0].ref, "C-C");
	assert_string_equal(r->missing[0].supplier, "=Gamma Ltd");
	/* Q1 .. Q2: the January line is not awaiting yet */
	assert_int_equal(r->awaiting.lines, 0);
	assert_int_equal(r->in_query.lines, 1);
	assert_int_equal(r->in_query.delivered, 785);
	/* trend: 2023 Q3 .. 2025 Q2, WMP only */
	assert_int_equal(r->trend[0].q.fy, 2023);
	assert_int_equal(r->trend[0].q.q, 3);
	assert_int_equal(r->trend[4].validated, 1257);    /* 2024 Q3 */
	assert_int_equal(r->trend[6].validated, 315);     /* 2025 Q1 */
	assert_int_equal(r->trend[7].validated, 0);       /* C-A's 0.75 -> 0p */
	/* the rows' RAG counted: C-A and C-C red, C-D green */
	assert_int_equal(r->rag_q, 2);
	assert_int_equal(r->rag_count[RAG_RED], 2);
	assert_int_equal(r->rag_count[RAG_GREEN], 1);
	assert_int_equal(r->rag_count[RAG_AMBER] + r->rag_count[RAG_NONE], 0);
	report_free(&r);
}

static void test_quarter_at_year_end(void **state)
{
	report *r = build(BOARD_QPRB, 2025, 4);

	(void)state;
	/* Q4 is January to March 2026: C-A's January line is in it */
	fig_is(&row(&r->contracts_rows, "C-A")->fig, 3884, 314, 0, 2043, 1);
	assert_int_equal(r->awaiting.lines, 1);
	assert_int_equal(r->awaiting.delivered, 314);
	/* C-C has no Q4 line either; C-D has ended */
	assert_int_equal(r->n_missing, 1);
	assert_string_equal(r->missing[0].ref, "C-C");
	/* RAG at Q4: C-D 314 x 400 / (314 x 4) = 100% */
	assert_int_equal(row(&r->contracts_rows, "C-D")->rag, RAG_GREEN);
	assert_int_equal(row(&r->contracts_rows, "C-D")->rag_pct, 100);
	report_free(&r);

	r = build(BOARD_QPRB, 2025, 1);
	/* Q1: every WMP contract of the year has a Q1 line but C-C (not started) */
	assert_int_equal(r->n_missing, 0);
	fig_is(&r->headline, 4512, 1257, 315, 1257, 315);
	report_free(&r);
}

static void test_qrb_opcc(void **state)
{
	report *r = build(BOARD_QRB, 2025, 2);
	const report_row *m;

	(void)state;
	fig_is(&r->headline, 2469, 2469, 2469, 2469, 2469);
	assert_int_equal(r->contracts, 1);
	assert_int_equal(r->contracts_rows.n, 1);
	assert_int_equal(r->contracts_rows.v[0].rag, RAG_GREEN);
	assert_int_equal(r->n_missing, 0);
	assert_int_equal(r->n_exceptions, 0);
	/* every local measure of the catalogue, in its order */
	assert_int_equal(r->opcc_local.n, 6);
	assert_string_equal(r->opcc_local.v[0].key, "WM-LP1");
	fig_is(&r->opcc_local.v[0].fig, 0, 0, 0, 0, 0);
	m = row(&r->opcc_local, "WM-PL1");
	fig_is(&m->fig, 2469, 2469, 2469, 2469, 2469);
	assert_int_equal(m->qty.validated, 200);
	assert_int_equal(r->n_answers, 0);
	report_free(&r);
}

static void test_answers(void **state)
{
	report *r;

	(void)state;
	exec_ok(db, "INSERT INTO questionnaire_answer (contract_id, topic, answer, recorded_by, "
		"recorded_at) SELECT id, 'reoffending', '=two leavers a year', 'tester', "
		"'2025-05-01T10:00:00Z' FROM contract WHERE ref = 'C-B'");
	exec_ok(db, "INSERT INTO questionnaire_answer (contract_id, topic, answer, recorded_by, "
		"recorded_at) SELECT id, 'design_out_crime', 'yes', 'tester', "
		"'2025-05-01T10:00:00Z' FROM contract WHERE ref = 'C-B'");
	exec_ok(db, "INSERT INTO questionnaire_answer (contract_id, topic, answer, recorded_by, "
		"recorded_at) SELECT id, 'prison_leavers', '2', 'tester', "
		"'2025-05-01T10:00:00Z' FROM contract WHERE ref = 'C-B'");
	r = build(BOARD_QRB, 2025, 2);
	/* in the policy's order of topics, not the names' */
	assert_int_equal(r->n_answers, 3);
	assert_string_equal(r->answers[0].ref, "C-B");
	assert_string_equal(r->answers[0].topic, "prison_leavers");
	assert_string_equal(r->answers[1].topic, "design_out_crime");
	assert_string_equal(r->answers[2].topic, "reoffending");
	assert_string_equal(r->answers[2].supplier, "Beta CIC");
	report_free(&r);
	/* another year's report: C-B has no commitment in 2024 */
	r = build(BOARD_QRB, 2024, 2);
	assert_int_equal(r->n_answers, 0);
	report_free(&r);
}

/* The report's missing returns are the chase list's (all bodies). */
static void test_missing_is_chase_list(void **state)
{
	(void)state;
	for (int q = 1; q <= 4; q++) {
		report *w = build(BOARD_QPRB, 2025, q), *o = build(BOARD_QRB, 2025, q);
		sv_quarter sq = { 2025, q };
		chase_list l;
		sv_err e = { 0 };
		size_t n = 0;

		assert_int_equal(chase_collect(db, sq, 0, &l, &e), 0);
		assert_int_equal(l.n, w->n_missing + o->n_missing);
		for (size_t i = 0; i < l.n; i++) {
			const report *r = strcmp(l.items[i].body, "OPCC") == 0 ? o : w;

			for (size_t k = 0; k < r->n_missing; k++)
				n += strcmp(r->missing[k].ref, l.items[i].ref) == 0;
		}
		assert_int_equal(n, l.n);
		chase_free(&l);
		report_free(&w);
		report_free(&o);
	}
}

static void test_missing_rule(void **state)
{
	sv_quarter q2 = { 2025, 2 };
	sv_date jul1 = { 2025, 7, 1 }, sep30 = { 2025, 9, 30 }, jun30 = { 2025, 6, 30 },
		oct1 = { 2025, 10, 1 };

	(void)state;
	assert_true(report_missing_return(1, y0, y1, q2, 0));
	assert_false(report_missing_return(1, y0, y1, q2, 1));      /* a line */
	assert_false(report_missing_return(0, y0, y1, q2, 0));      /* no commitment */
	assert_true(report_missing_return(1, sep30, y1, q2, 0));    /* starts on the last day */
	assert_true(report_missing_return(1, y0, jul1, q2, 0));     /* ends on the first day */
	assert_false(report_missing_return(1, y0, jun30, q2, 0));   /* ended the day before */
	assert_false(report_missing_return(1, oct1, y1, q2, 0));    /* starts the day after */
}

/* ---- the CSV ------------------------------------------------------------------------ */

static char *csv_of(const report *r)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	csvw w;

	assert_non_null(f);
	csvw_init(&w, f, 0);
	assert_int_equal(report_write_csv(r, &w), 0);
	fclose(f);
	return buf;
}

static void test_csv_empty_year_exact(void **state)
{
	report *r = build(BOARD_FGB, 2030, 0);
	char *got = csv_of(r), want[4096];

	(void)state;
	snprintf(want, sizeof want,
		 "section,key,metric,value\r\n"
		 "headline,,committed_gbp,0.00\r\n"
		 "headline,,delivered_gbp,0.00\r\n"
		 "headline,,validated_gbp,0.00\r\n"
		 "headline,,contracts,0\r\n"
		 "body,WMP,committed_gbp,0.00\r\n"
		 "body,WMP,delivered_gbp,0.00\r\n"
		 "body,WMP,validated_gbp,0.00\r\n"
		 "body,OPCC,committed_gbp,0.00\r\n"
		 "body,OPCC,delivered_gbp,0.00\r\n"
		 "body,OPCC,validated_gbp,0.00\r\n"
		 "policy_exception,C-C,value_gbp,100000.01\r\n"
		 "policy_exception,C-C,sv_weight,9.9\r\n"
		 "awaiting_validation,,lines,0\r\n"
		 "awaiting_validation,,delivered_gbp,0.00\r\n"
		 "in_query,,lines,0\r\n"
		 "in_query,,delivered_gbp,0.00\r\n"
		 "audit,,entries,%lld\r\n"
		 "audit,,head,%s\r\n", (long long)r->audit_entries, r->audit_head);
	assert_string_equal(got, want);
	free(got);
	report_free(&r);
}

static void test_csv_qprb_rows(void **state)
{
	report *r = build(BOARD_QPRB, 2025, 2);
	char *got = csv_of(r);
	static const char *const rows[] = {
		"section,key,metric,value\r\n",
		"\nheadline,,committed_gbp,45.12\r\n",
		"\nheadline,,delivered_q_gbp,7.86\r\n",
		"\nheadline,,validated_q_gbp,0.00\r\n",
		"\nheadline,,delivered_ytd_gbp,20.43\r\n",
		"\nheadline,,validated_ytd_gbp,3.15\r\n",
		"\nheadline,,contracts,3\r\n",
		"\ntheme,Jobs,committed_gbp,45.12\r\n",
		"\noutcome,Improved employability of young people,delivered_ytd_gbp,0.02\r\n",
		"\nmeasure,NT9,committed_gbp,0.04\r\n",
		"\nmeasure,NT9,committed_qty,10.00\r\n",
		"\nmeasure,NT9,delivered_ytd_qty,2.50\r\n",
		"\nmeasure,NT9,validated_ytd_qty,2.00\r\n",
		"\nmeasure,NT9,unit,hours\r\n",
		"\nmeasure,NT1,committed_qty,14.35\r\n",
		"\ncontract,C-A,committed_gbp,38.84\r\n",
		"\ncontract,C-A,delivered_q_gbp,7.86\r\n",
		"\ncontract,C-A,validated_ytd_gbp,0.01\r\n",
		"\ncontract,C-A,rag,red\r\n",
		"\ncontract,C-D,rag,green\r\n",
		"\ncontract,C-C,rag,red\r\n",
		"\nmissing_return,C-C,supplier,'=Gamma Ltd\r\n",
		"\npolicy_exception,C-C,value_gbp,100000.01\r\n",
		"\npolicy_exception,C-C,sv_weight,9.9\r\n",
		"\nawaiting_validation,,lines,0\r\n",
		"\nin_query,,lines,1\r\n",
		"\nin_query,,delivered_gbp,7.85\r\n",
		"\naudit,,entries,",
	};
	size_t n = 0;

	(void)state;
	assert_true(strncmp(got, rows[0], strlen(rows[0])) == 0);
	for (size_t i = 1; i < sizeof rows / sizeof rows[0]; i++)
		if (strstr(got, rows[i]) == NULL)
			fail_msg("no row %s in\n%s", rows[i] + 1, got);
	for (const char *p = got; (p = strchr(p, '\n')) != NULL; p++)
		n++;
	/* header 1, headline 6, theme 5, outcomes 2 x 5, measures 2 x 9,
	 * contracts 3 x 6, missing 1, exception 2, lines 4, audit 2 */
	assert_int_equal(n, 1 + 6 + 5 + 10 + 18 + 18 + 1 + 2 + 4 + 2);
	assert_null(strstr(got, "body,"));
	assert_null(strstr(got, "opcc_local"));
	free(got);
	report_free(&r);
}

static void test_csv_qrb_considerations(void **state)
{
	report *r = build(BOARD_QRB, 2025, 2);
	char *got = csv_of(r);

	(void)state;
	assert_non_null(strstr(got, "\nopcc_local,WM-LP1,committed_gbp,0.00\r\n"));
	assert_non_null(strstr(got, "\nopcc_local,WM-PL1,validated_ytd_gbp,24.69\r\n"));
	assert_non_null(strstr(got, "\nopcc_local,WM-PL1,validated_ytd_qty,2.00\r\n"));
	assert_non_null(strstr(got, "\nopcc_local,WM-PL1,unit,FTE\r\n"));
	assert_non_null(strstr(got, "\nanswer,C-B,reoffending,'=two leavers a year\r\n"));
	assert_non_null(strstr(got, "\nanswer,C-B,design_out_crime,yes\r\n"));
	assert_non_null(strstr(got, "\nmeasure,NT17,committed_gbp,0.00\r\n"));
	assert_non_null(strstr(got, "\nmeasure,NT17,validated_ytd_qty,45.00\r\n"));
	free(got);
	report_free(&r);
}

/* ---- rules without a database ------------------------------------------------------------ */

static void test_rag_boundaries(void **state)
{
	int64_t pct;

	(void)state;
	/* Q4: validated x 400 / (committed x 4) */
	assert_int_equal(report_rag(1000, 1000, 4, 100, 75, &pct), RAG_GREEN);
	assert_int_equal(pct, 100);
	assert_int_equal(report_rag(999, 1000, 4, 100, 75, &pct), RAG_AMBER);   /* 99.9 -> 99 */
	assert_int_equal(pct, 99);
	assert_int_equal(report_rag(750, 1000, 4, 100, 75, &pct), RAG_AMBER);
	assert_int_equal(pct, 75);
	assert_int_equal(report_rag(749, 1000, 4, 100, 75, &pct), RAG_RED);
	assert_int_equal(pct, 74);
	/* Q2: half the year's commitment is 100% */
	assert_int_equal(report_rag(500, 1000, 2, 100, 75, &pct), RAG_GREEN);
	assert_int_equal(report_rag(499, 1000, 2, 100, 75, &pct), RAG_AMBER);
	/* Q1 a quarter; Q3 three quarters, truncated: 3 x 400 / (4 x 3) = 100 */
	assert_int_equal(report_rag(250, 1000, 1, 100, 75, &pct), RAG_GREEN);
	assert_int_equal(report_rag(3, 4, 3, 100, 75, &pct), RAG_GREEN);
	assert_int_equal(report_rag(2, 4, 3, 100, 75, &pct), RAG_RED);   /* 66 */
	assert_int_equal(pct, 66);
	/* nothing committed */
	assert_int_equal(report_rag(500, 0, 2, 100, 75, &pct), RAG_NONE);
	assert_int_equal(pct, 0);
	assert_int_equal(report_rag(0, 0, 2, 100, 75, NULL), RAG_NONE);
	/* other thresholds */
	assert_int_equal(report_rag(900, 1000, 4, 90, 50, &pct), RAG_GREEN);
	assert_int_equal(report_rag(499, 1000, 4, 90, 50, &pct), RAG_RED);
	/* no overflow: INT64_MAX x 400 does not fit 64 bits */
	assert_int_equal(report_rag(INT64_MAX, 1, 1, 100, 75, &pct), RAG_GREEN);
	assert_int_equal(pct, INT64_MAX);
	assert_int_equal(report_rag(INT64_MAX / 2, INT64_MAX, 4, 100, 75, &pct), RAG_RED);
	assert_int_equal(pct, 49);
	assert_int_equal(report_rag(INT64_MAX, INT64_MAX, 4, 100, 75, &pct), RAG_GREEN);
	assert_int_equal(pct, 100);
	assert_string_equal(report_rag_name(RAG_AMBER), "amber");
	assert_string_equal(report_rag_name(RAG_NONE), "none");
}

static void test_default_periods(void **state)
{
	report_period p;

	(void)state;
	p = report_default_period(BOARD_FGB, (sv_date){ 2026, 1, 15 });
	assert_int_equal(p.fy, 2025);
	assert_int_equal(p.q, 0);
	p = report_default_period(BOARD_FGB, (sv_date){ 2026, 4, 1 });
	assert_int_equal(p.fy, 2026);
	/* the quarter before today's */
	p = report_default_period(BOARD_QPRB, (sv_date){ 2026, 1, 15 });
	assert_int_equal(p.fy, 2025);
	assert_int_equal(p.q, 3);
	assert_int_equal(p.board, BOARD_QPRB);
	p = report_default_period(BOARD_QRB, (sv_date){ 2025, 4, 1 });
	assert_int_equal(p.fy, 2024);
	assert_int_equal(p.q, 4);
	p = report_default_period(BOARD_QRB, (sv_date){ 2025, 3, 31 });
	assert_int_equal(p.fy, 2024);
	assert_int_equal(p.q, 3);
	p = report_default_period(BOARD_QPRB, (sv_date){ 2025, 7, 1 });
	assert_int_equal(p.fy, 2025);
	assert_int_equal(p.q, 1);
}

static void test_boards(void **state)
{
	enum report_board b;

	(void)state;
	assert_int_equal(report_board_parse("QRB", &b), 0);
	assert_int_equal(b, BOARD_QRB);
	assert_int_equal(report_board_parse("fgb", &b), 0);
	assert_int_equal(b, BOARD_FGB);
	assert_int_equal(report_board_parse("fgbx", &b), -1);
	assert_int_equal(report_board_parse("", &b), -1);
	assert_string_equal(report_board_code(BOARD_QPRB), "qprb");
	assert_string_equal(report_board_title(BOARD_FGB), "Finance Governance Board");
	assert_true(report_board_quarterly(BOARD_QPRB));
	assert_false(report_board_quarterly(BOARD_FGB));
	assert_true(report_board_has_body(BOARD_FGB, BODY_WMP));
	assert_true(report_board_has_body(BOARD_FGB, BODY_OPCC));
	assert_true(report_board_has_body(BOARD_QPRB, BODY_WMP));
	assert_false(report_board_has_body(BOARD_QPRB, BODY_OPCC));
	assert_false(report_board_has_body(BOARD_QRB, BODY_WMP));
	assert_true(report_board_has_body(BOARD_QRB, BODY_OPCC));
}

static void test_bad_periods(void **state)
{
	sv_config cfg;
	report_period p = { BOARD_QPRB, 2025, 0 };
	report *r = NULL;
	sv_err e = { 0 };

	(void)state;
	config_defaults(&cfg);
	assert_int_equal(report_build(db, &cfg, &p, "t", NULL, &r, &e), -1);
	assert_null(r);
	p.board = BOARD_FGB;
	p.q = 2;
	assert_int_equal(report_build(db, &cfg, &p, "t", NULL, &r, &e), -1);
	p.q = 0;
	p.fy = 12000;
	assert_int_equal(report_build(db, &cfg, &p, "t", NULL, &r, &e), -1);
	config_free(&cfg);
}

/* A line too large to value is an error, never a wrapped total. */
static void test_overflow(void **state)
{
	svdb *keep = db;
	sv_config cfg;
	report_period p = { BOARD_FGB, 2025, 0 };
	report *r = NULL;
	sv_err e = { 0 };
	int64_t c;

	(void)state;
	db = dbt_open_mem("tester", "desk");
	c = contract("C-BIG", "Huge Ltd", BODY_WMP, 100, 100, y0, y1);
	/* 10^15 units x £10,000: 10^23 ten-thousandths of a penny.  svdesk's
	 * writes refuse it (the year totals' trigger); the report must still
	 * refuse such a row, written behind that trigger's back. */
	assert_int_equal(db_commitment_put(db, c, measure_id("NT1"), 2025,
					   INT64_C(100000000000000000), INT64_C(100000000), NULL,
					   NULL, &e), -1);
	assert_non_null(strstr(e.msg, "out of range"));
	memset(&e, 0, sizeof e);
	exec_ok(db, "DROP TRIGGER commitment_year_total_insert");
	commit(c, "NT1", 2025, INT64_C(100000000000000000), INT64_C(100000000));
	config_defaults(&cfg);
	assert_int_equal(report_build(db, &cfg, &p, "t", NULL, &r, &e), -1);
	assert_null(r);
	assert_non_null(strstr(e.msg, "too large"));
	assert_non_null(strstr(e.msg, "C-BIG"));
	config_free(&cfg);
	db_close(&db);
	db = keep;
}

/* The proxy sets of the commitments counted, by name, with the mark. */
static void test_proxy_sets_used(void **state)
{
	svdb *keep = db;
	report *r;
	int64_t c;

	(void)state;
	db = dbt_open_mem("tester", "desk");
	exec_ok(db, "INSERT INTO proxy_set (name, illustrative, is_current, created_at) "
		"VALUES ('Own 2025', 0, 0, '2025-04-01T00:00:00Z')");
	c = contract("C-P", "Pi Ltd", BODY_WMP, 100, 100, y0, y1);
	commit(c, "NT1", 2025, 100, DB_PROXY_LOOKUP);   /* the current (illustrative) set */
	r = build(BOARD_FGB, 2025, 0);
	assert_int_equal(r->n_proxy_sets, 1);
	assert_true(r->proxy_sets[0].illustrative);
	assert_non_null(strstr(r->proxy_sets[0].name, "Illustrative"));
	report_free(&r);
	db_close(&db);
	db = keep;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rag_boundaries),
		cmocka_unit_test(test_default_periods),
		cmocka_unit_test(test_boards),
		cmocka_unit_test(test_fgb_figures),
		cmocka_unit_test(test_fgb_empty_year),
		cmocka_unit_test(test_qprb_q2),
		cmocka_unit_test(test_quarter_at_year_end),
		cmocka_unit_test(test_qrb_opcc),
		cmocka_unit_test(test_answers),
		cmocka_unit_test(test_missing_is_chase_list),
		cmocka_unit_test(test_missing_rule),
		cmocka_unit_test(test_csv_empty_year_exact),
		cmocka_unit_test(test_csv_qprb_rows),
		cmocka_unit_test(test_csv_qrb_considerations),
		cmocka_unit_test(test_bad_periods),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_proxy_sets_used),
	};
	int failed = cmocka_run_group_tests_name("report", tests, world_up, world_down);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
