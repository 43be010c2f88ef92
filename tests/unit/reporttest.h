/* reporttest.h: what the report layout tests share (include after
 * <cmocka.h>): a report of a board built by hand, no database, with known
 * figures, a huge contract, a long name and hostile text. */
#ifndef SVDESK_REPORTTEST_H
#define SVDESK_REPORTTEST_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/report.h"

#define HUGE_PENCE INT64_C(99999999999999)   /* £999,999,999,999.99 */
#define HASH "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define LONG_SUPPLIER "Amalgamated Regional Facilities Management and Environmental " \
	"Services Consortium Holdings Limited"

static inline char *sdup(const char *s)
{
	char *d = strdup(s);

	assert_non_null(d);
	return d;
}

static inline void row(report_row *r, const char *key, const char *title, sv_pence c, sv_pence d,
		sv_pence v)
{
	memset(r, 0, sizeof *r);
	r->key = sdup(key);
	r->title = sdup(title);
	r->parent = -1;
	r->fig.committed = c;
	r->fig.delivered = d;
	r->fig.validated = v;
	r->fig.delivered_ytd = d * 2;
	r->fig.validated_ytd = v * 2;
}

static inline void rows(report_rows *rs, size_t n)
{
	rs->v = calloc(n, sizeof *rs->v);
	assert_non_null(rs->v);
	rs->n = n;
}

/* A report of board b with known figures, a huge contract, a long name
 * and hostile text. */
static inline report *make(enum report_board b, int with_answers)
{
	report *r = calloc(1, sizeof *r);

	assert_non_null(r);
	r->p.board = b;
	r->p.fy = 2025;
	r->p.q = b == BOARD_FGB ? 0 : 2;
	r->org_name = sdup("West Midlands Police and OPCC");
	r->generated_by = sdup("alice");
	r->generated_at = (sv_datetime){ { 2026, 11, 27 }, 9, 5, 0 };
	r->proxy_sets = calloc(2, sizeof *r->proxy_sets);
	assert_non_null(r->proxy_sets);
	r->n_proxy_sets = 2;
	r->proxy_sets[0].name = sdup("Illustrative values 2025");
	r->proxy_sets[0].illustrative = 1;
	r->proxy_sets[1].name = sdup("Licensed set 2024");
	r->audit_entries = 1234;
	memcpy(r->audit_head, HASH, 65);
	r->headline = (report_fig){ 5000000, 2500000, 1250000, 3000000, 2000000 };
	r->contracts = 12;

	rows(&r->bodies, 2);
	row(&r->bodies.v[0], "WMP", "West Midlands Police", 4000000, 2000000, 1000000);
	row(&r->bodies.v[1], "OPCC", "Office of the PCC", 1000000, 500000, 250000);
	rows(&r->themes, 3);
	row(&r->themes.v[0], "Jobs", "Promote local skills and employment", 4000000, 2000000, 1000000);
	row(&r->themes.v[1], "Growth", "Supporting growth of responsible regional business",
	    2000000, 1000000, 500000);
	row(&r->themes.v[2], "Social", "Healthier, safer and more resilient communities", 0, 0, 0);
	rows(&r->outcomes, 2);
	row(&r->outcomes.v[0], "More local people in employment", "More local people in employment",
	    4000000, 2000000, 1000000);
	r->outcomes.v[0].parent = 0;
	row(&r->outcomes.v[1], "More opportunities for SMEs", "More opportunities for SMEs",
	    2000000, 1000000, 500000);
	r->outcomes.v[1].parent = 1;
	rows(&r->measures, 2);
	row(&r->measures.v[0], "NT1", "Local people employed (FTE) on the contract", 4000000,
	    2000000, 1000000);
	r->measures.v[0].unit = sdup("FTE");
	r->measures.v[0].qty = (report_qty){ 1250, 550, 325 };
	row(&r->measures.v[1], "NT99", "Volunteering hours recorded only", 0, 0, 0);
	r->measures.v[1].unit = sdup("hours");
	r->measures.v[1].record_only = 1;
	r->measures.v[1].qty = (report_qty){ 100000, 50050, 25000 };

	rows(&r->contracts_rows, 12);
	for (int i = 0; i < 12; i++) {
		char ref[16];

		snprintf(ref, sizeof ref, "C-%04d", i + 1);
		row(&r->contracts_rows.v[i], ref, "A contract", 100000 * (i + 1), 50000 * (i + 1),
		    25000 * (i + 1));
		r->contracts_rows.v[i].supplier = sdup(i == 3 ? LONG_SUPPLIER : "Acme Ltd");
		r->contracts_rows.v[i].rag = (enum report_rag)(i % 4);
	}
	/* the huge one */
	r->contracts_rows.v[0].fig.committed = HUGE_PENCE;
	r->contracts_rows.v[0].fig.validated = HUGE_PENCE;
	r->contracts_rows.v[0].fig.validated_ytd = HUGE_PENCE;
	for (int i = 0; i < 10; i++)
		r->top[i] = (size_t)(i == 0 ? 0 : 12 - i);
	r->n_top = 10;

	r->missing = calloc(1, sizeof *r->missing);
	assert_non_null(r->missing);
	r->n_missing = 1;
	r->missing[0].ref = sdup("C-0007");
	r->missing[0].supplier = sdup("Acme Ltd");
	r->missing[0].title = sdup("Cleaning");
	r->exceptions = NULL;
	r->n_exceptions = 0;     /* an empty section: "none" */
	r->awaiting = (report_lines){ 3, 12345 };
	r->in_query = (report_lines){ 1, 500 };

	r->highlights = calloc(2, sizeof *r->highlights);
	assert_non_null(r->highlights);
	r->n_highlights = 2;
	r->highlights[0].text = sdup("Evil \x1b[31mred\x1b[0m text \xe2\x80\xae" "desrever and "
				    "zero\xe2\x80\x8bwidth, and a long sentence that has to wrap "
				    "onto the next line at any width of the page");
	r->highlights[0].contract_ref = sdup("C-0001");
	r->highlights[0].body = sdup("WMP");
	r->highlights[1].text = sdup("Forty apprentices started in the year.");

	for (int i = 0; i < REPORT_TREND_N; i++) {
		r->trend[i].q.fy = 2024 + (i + 2) / 4;
		r->trend[i].q.q = (i + 2) % 4 + 1;
		r->trend[i].validated = (sv_pence)(i + 1) * 100000;   /* the last is the largest */
	}
	r->trend[3].validated = 0;
	/* the contracts by RAG (indexed by enum report_rag) */
	for (int i = 0; i < 4; i++)
		r->rag_count[i] = 3;
	r->rag_count[RAG_GREEN] = 4;
	r->rag_count[RAG_NONE] = 2;
	r->rag_q = b == BOARD_FGB ? 4 : 2;

	rows(&r->opcc_local, 1);
	row(&r->opcc_local.v[0], "OP1", "Prison leavers employed", 0, 0, 0);
	r->opcc_local.v[0].unit = sdup("people");
	r->opcc_local.v[0].qty = (report_qty){ 500, 200, 100 };
	if (with_answers) {
		/* two answers of one contract (a count and a text), one of another */
		static const char *const a[3][4] = {
			{ "C-0002", "Acme Ltd", "prison_leavers", "3" },
			{ "C-0002", "Acme Ltd", "design_out_crime",
			  "Lighting and sight lines reviewed with the DOCO." },
			{ "C-0003", "Brook CIC", "local_plan", "Yes" },
		};

		r->answers = calloc(3, sizeof *r->answers);
		assert_non_null(r->answers);
		r->n_answers = 3;
		for (int i = 0; i < 3; i++) {
			r->answers[i].ref = sdup(a[i][0]);
			r->answers[i].supplier = sdup(a[i][1]);
			r->answers[i].topic = sdup(a[i][2]);
			r->answers[i].answer = sdup(a[i][3]);
		}
	}
	return r;
}

#endif
