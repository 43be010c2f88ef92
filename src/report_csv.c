/* report_csv.c: a board report as one tidy CSV table (report.h; spec
 * "Board reports"): the header section,key,metric,value and one row per
 * figure.  Money and quantities with exactly two decimals, counts as
 * integers, sv_weight with one decimal, the rest as text (the formula
 * guard applies to every text that came from a person or a file).
 *
 * Rows, in this order: headline; body (FGB); theme; outcome; measure;
 * contract; missing_return (QPRB, QRB); policy_exception;
 * awaiting_validation; in_query; audit (entries, head); and for the QRB
 * the OPCC considerations: opcc_local (key the local measure's code, the
 * measure metrics) and answer (key the contract ref, metric the topic,
 * value the answer). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "svdesk/report.h"

/* One row: section and metric are svdesk's words; key is text from the
 * data (guarded); value is either svdesk's (a number, a RAG) or text. */
static int put(csvw *w, const char *section, const char *key, const char *metric,
	       const char *value, int value_is_text)
{
	csvw_value(w, section);
	csvw_text(w, key);
	csvw_value(w, metric);
	if (value_is_text)
		csvw_text(w, value);
	else
		csvw_value(w, value);
	return csvw_row_end(w);
}

static int put_money(csvw *w, const char *section, const char *key, const char *metric,
		     sv_pence v)
{
	char buf[48];

	return put(w, section, key, metric, money_format(v, MONEY_PLAIN, buf, sizeof buf), 0);
}

static int put_qty(csvw *w, const char *section, const char *key, const char *metric,
		   sv_qty v)
{
	char buf[48];

	return put(w, section, key, metric, qty_format(v, 0, buf, sizeof buf), 0);
}

static int put_count(csvw *w, const char *section, const char *key, const char *metric,
		     int64_t n)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%" PRId64, n);
	return put(w, section, key, metric, buf, 0);
}

/* The money metrics of the board. */
static int put_fig(csvw *w, int quarterly, const char *section, const char *key,
		   const report_fig *f)
{
	if (put_money(w, section, key, "committed_gbp", f->committed) < 0)
		return -1;
	if (!quarterly)
		return put_money(w, section, key, "delivered_gbp", f->delivered) < 0 ||
			put_money(w, section, key, "validated_gbp", f->validated) < 0 ? -1 : 0;
	if (put_money(w, section, key, "delivered_q_gbp", f->delivered) < 0 ||
	    put_money(w, section, key, "validated_q_gbp", f->validated) < 0 ||
	    put_money(w, section, key, "delivered_ytd_gbp", f->delivered_ytd) < 0 ||
	    put_money(w, section, key, "validated_ytd_gbp", f->validated_ytd) < 0)
		return -1;
	return 0;
}

static int put_rows(csvw *w, int quarterly, const char *section, const report_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		if (put_fig(w, quarterly, section, rows->v[i].key, &rows->v[i].fig) < 0)
			return -1;
	return 0;
}

static int put_measures(csvw *w, int quarterly, const char *section, const report_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++) {
		const report_row *m = &rows->v[i];

		if (put_fig(w, quarterly, section, m->key, &m->fig) < 0 ||
		    put_qty(w, section, m->key, "committed_qty", m->qty.committed) < 0 ||
		    put_qty(w, section, m->key, quarterly ? "delivered_ytd_qty" : "delivered_qty",
			    m->qty.delivered) < 0 ||
		    put_qty(w, section, m->key, quarterly ? "validated_ytd_qty" : "validated_qty",
			    m->qty.validated) < 0 ||
		    put(w, section, m->key, "unit", m->unit, 1) < 0)
			return -1;
	}
	return 0;
}

static int put_lines(csvw *w, const char *section, const report_lines *l)
{
	if (put_count(w, section, "", "lines", l->lines) < 0 ||
	    put_money(w, section, "", "delivered_gbp", l->delivered) < 0)
		return -1;
	return 0;
}

int report_write_csv(const report *r, csvw *w)
{
	static const char *const head[] = { "section", "key", "metric", "value" };
	int quarterly = report_board_quarterly(r->p.board);
	char buf[32];

	if (csvw_row_text(w, head, 4) < 0)
		return -1;
	if (put_fig(w, quarterly, "headline", "", &r->headline) < 0 ||
	    put_count(w, "headline", "", "contracts", r->contracts) < 0)
		return -1;
	if (!quarterly && put_rows(w, 0, "body", &r->bodies) < 0)
		return -1;
	if (put_rows(w, quarterly, "theme", &r->themes) < 0 ||
	    put_rows(w, quarterly, "outcome", &r->outcomes) < 0 ||
	    put_measures(w, quarterly, "measure", &r->measures) < 0)
		return -1;
	for (size_t i = 0; i < r->contracts_rows.n; i++) {
		const report_row *c = &r->contracts_rows.v[i];

		if (put_fig(w, quarterly, "contract", c->key, &c->fig) < 0 ||
		    (quarterly && put(w, "contract", c->key, "rag", report_rag_name(c->rag), 0) < 0))
			return -1;
	}
	for (size_t i = 0; quarterly && i < r->n_missing; i++)
		if (put(w, "missing_return", r->missing[i].ref, "supplier",
			r->missing[i].supplier, 1) < 0)
			return -1;
	for (size_t i = 0; i < r->n_exceptions; i++) {
		const report_exception *x = &r->exceptions[i];

		if (put_money(w, "policy_exception", x->ref, "value_gbp", x->value) < 0 ||
		    put(w, "policy_exception", x->ref, "sv_weight",
			percent_format(x->sv_weight, buf, sizeof buf), 0) < 0)
			return -1;
	}
	if (put_lines(w, "awaiting_validation", &r->awaiting) < 0 ||
	    put_lines(w, "in_query", &r->in_query) < 0)
		return -1;
	if (put_count(w, "audit", "", "entries", r->audit_entries) < 0 ||
	    put(w, "audit", "", "head", r->audit_head, 0) < 0)
		return -1;
	if (r->p.board == BOARD_QRB) {
		if (put_measures(w, 1, "opcc_local", &r->opcc_local) < 0)
			return -1;
		for (size_t i = 0; i < r->n_answers; i++)
			if (put(w, "answer", r->answers[i].ref, r->answers[i].topic,
				r->answers[i].answer, 1) < 0)
				return -1;
	}
	return w->failed ? -1 : 0;
}
