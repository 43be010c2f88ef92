/* report_outline.c: what a board report shows, in order (report_outline.h):
 * the title block's fields and each board's sections, their columns and
 * their cells, walked into a renderer's hooks. */
#include "config.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/money.h"
#include "svdesk/period.h"
#include "svdesk/record.h"
#include "svdesk/report.h"
#include "svdesk/report_outline.h"

struct walk {
	const report *r;
	enum money_style m;
	const outline_ops *ops;
	void *u;
	int quarterly;
};

static const char *money(const struct walk *w, sv_pence v, char *buf, size_t n)
{
	return money_format(v, w->m, buf, n);
}

/* ---- the title block ---------------------------------------------------- */

int report_outline_title(const report *r, const outline_ops *ops, void *u)
{
	char buf[512], d[11];
	int bodies = 0;
	size_t n = 16;
	char *sets;

	buf[0] = '\0';
	for (int k = BODY_WMP; k <= BODY_OPCC; k++) {
		if (!report_board_has_body(r->p.board, (enum sv_body)k))
			continue;
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s",
			 bodies++ ? " and " : "", body_name((enum sv_body)k));
	}
	ops->field(u, "Bodies", buf, 0);
	ops->field(u, "Period", report_period_text(&r->p, buf, sizeof buf), 0);
	ops->field(u, "Organisation", r->org_name != NULL && r->org_name[0] != '\0'
		   ? r->org_name : "(not named)", 0);
	/* the proxy sets, one after another */
	for (size_t i = 0; i < r->n_proxy_sets; i++)
		n += strlen(r->proxy_sets[i].name != NULL ? r->proxy_sets[i].name : "") + 18;
	sets = malloc(n);
	if (sets == NULL)
		return -1;
	sets[0] = '\0';
	for (size_t i = 0; i < r->n_proxy_sets; i++) {
		if (i > 0)
			strcat(sets, "; ");
		strcat(sets, r->proxy_sets[i].name != NULL ? r->proxy_sets[i].name : "");
		if (r->proxy_sets[i].illustrative)
			strcat(sets, " (illustrative)");
	}
	ops->field(u, r->n_proxy_sets > 1 ? "Proxy sets" : "Proxy set",
		   r->n_proxy_sets > 0 ? sets : "none", 0);
	free(sets);
	snprintf(buf, sizeof buf, "%s %02d:%02d by %s", date_format_uk(r->generated_at.date, d),
		 r->generated_at.hh, r->generated_at.mm,
		 r->generated_by != NULL ? r->generated_by : "");
	ops->field(u, "Generated", buf, 1);
	snprintf(buf, sizeof buf, "%" PRId64 ":%s", r->audit_entries, r->audit_head);
	ops->field(u, "Audit chain head", buf, 1);
	return 0;
}

/* ---- tables ------------------------------------------------------------- */

static void col(outline_table *t, const char *head, const char *head_long, enum outline_col k)
{
	t->head[t->ncol] = head;
	t->head_long[t->ncol] = head_long != NULL ? head_long : head;
	t->kind[t->ncol] = k;
	t->ncol++;
}

/* The money columns of a row: FGB committed, delivered, validated; a
 * quarterly board committed, delivered and validated in the quarter and
 * the year to date. */
static void fig_cols(const struct walk *w, outline_table *t)
{
	col(t, "Committed", NULL, OCOL_NUM);
	if (w->quarterly) {
		col(t, "Deliv. Q", "Delivered (qtr)", OCOL_NUM);
		col(t, "Valid. Q", "Validated (qtr)", OCOL_NUM);
		col(t, "Deliv. YTD", "Delivered YTD", OCOL_NUM);
		col(t, "Valid. YTD", "Validated YTD", OCOL_NUM);
	} else {
		col(t, "Delivered", NULL, OCOL_NUM);
		col(t, "Validated", NULL, OCOL_NUM);
	}
}

struct mcells {
	char b[5][40];
};

static int fig_cells(const struct walk *w, const report_fig *f, struct mcells *m,
		     const char **out)
{
	sv_pence v[5] = { f->committed, f->delivered, f->validated, f->delivered_ytd,
			  f->validated_ytd };
	int n = w->quarterly ? 5 : 3;

	for (int i = 0; i < n; i++)
		out[i] = money(w, v[i], m->b[i], sizeof m->b[i]);
	return n;
}

static void begin(const struct walk *w, outline_table *t, size_t rows)
{
	t->rows = rows;
	w->ops->table_begin(w->u, t);
}

/* ---- the sections ------------------------------------------------------- */

static void headline(const struct walk *w)
{
	const report *r = w->r;
	const report_fig *f = &r->headline;
	int q = w->quarterly;
	char b[6][40];
	const char *labels[6] = {
		"Contracts", "Committed (year)",
		q ? "Delivered in the quarter" : "Delivered",
		q ? "Validated in the quarter" : "Validated",
		"Delivered, year to date", "Validated, year to date",
	};
	const char *values[6] = { b[0], b[1], b[2], b[3], b[4], b[5] };

	w->ops->heading(w->u, q ? "Headline: the quarter and the year to date" : "Headline", 4);
	snprintf(b[0], sizeof b[0], "%" PRId64, r->contracts);
	money(w, f->committed, b[1], sizeof b[1]);
	money(w, f->delivered, b[2], sizeof b[2]);
	money(w, f->validated, b[3], sizeof b[3]);
	money(w, f->delivered_ytd, b[4], sizeof b[4]);
	money(w, f->validated_ytd, b[5], sizeof b[5]);
	w->ops->figures(w->u, labels, values, q ? 6 : 4);
}

/* A breakdown: rows keyed by key (and title). */
static void breakdown(const struct walk *w, const char *title, const report_rows *rows,
		      const char *key_head, const char *title_head)
{
	outline_table t = { 0 };

	w->ops->heading(w->u, title, 3);
	col(&t, key_head, NULL, OCOL_FIXED);
	if (title_head != NULL)
		col(&t, title_head, NULL, OCOL_TEXT);
	fig_cols(w, &t);
	begin(w, &t, rows->n);
	for (size_t i = 0; i < rows->n; i++) {
		const char *v[OUTLINE_COLS];
		struct mcells m;
		int k = 0;

		v[k++] = rows->v[i].key;
		if (title_head != NULL)
			v[k++] = rows->v[i].title;
		fig_cells(w, &rows->v[i].fig, &m, v + k);
		w->ops->row(w->u, v);
	}
	w->ops->table_end(w->u);
}

static void by_outcome(const struct walk *w)
{
	const report *r = w->r;
	outline_table t = { 0 };

	w->ops->heading(w->u, "By outcome", 3);
	col(&t, "Theme", NULL, OCOL_TEXT);
	col(&t, "Outcome", NULL, OCOL_TEXT);
	fig_cols(w, &t);
	begin(w, &t, r->outcomes.n);
	for (size_t i = 0; i < r->outcomes.n; i++) {
		const report_row *o = &r->outcomes.v[i];
		const char *v[OUTLINE_COLS];
		struct mcells m;

		v[0] = o->parent >= 0 && (size_t)o->parent < r->themes.n
			? r->themes.v[o->parent].key : "";
		v[1] = o->title != NULL ? o->title : o->key;
		fig_cells(w, &o->fig, &m, v + 2);
		w->ops->row(w->u, v);
	}
	w->ops->table_end(w->u);
}

/* A measure's code, starred when it is record only. */
static const char *code(const report_row *m, char *buf, size_t n)
{
	snprintf(buf, n, "%s%s", m->key != NULL ? m->key : "", m->record_only ? "*" : "");
	return buf;
}

/* The measures: money, then the quantities in their units. */
static void by_measure(const struct walk *w)
{
	const report_rows *rows = &w->r->measures;
	outline_table t = { 0 }, u = { 0 };
	int any_ro = 0;

	w->ops->heading(w->u, "By measure: social value", 3);
	col(&t, "Code", NULL, OCOL_FIXED);
	col(&t, "Measure", NULL, OCOL_TEXT);
	fig_cols(w, &t);
	begin(w, &t, rows->n);
	for (size_t i = 0; i < rows->n; i++) {
		const report_row *m = &rows->v[i];
		const char *v[OUTLINE_COLS];
		struct mcells mc;
		char cb[80];

		any_ro |= m->record_only;
		v[0] = code(m, cb, sizeof cb);
		v[1] = m->title;
		fig_cells(w, &m->fig, &mc, v + 2);
		w->ops->row(w->u, v);
	}
	w->ops->table_end(w->u);
	if (any_ro)
		w->ops->text(w->u, "* record only: no proxy, so no social value in pounds");

	w->ops->heading(w->u, "By measure: quantities in natural units", 3);
	col(&u, "Code", NULL, OCOL_FIXED);
	col(&u, "Unit", NULL, OCOL_TEXT);
	col(&u, "Committed", NULL, OCOL_NUM);
	col(&u, w->quarterly ? "Deliv. YTD" : "Delivered",
	    w->quarterly ? "Delivered YTD" : "Delivered", OCOL_NUM);
	col(&u, w->quarterly ? "Valid. YTD" : "Validated",
	    w->quarterly ? "Validated YTD" : "Validated", OCOL_NUM);
	begin(w, &u, rows->n);
	for (size_t i = 0; i < rows->n; i++) {
		const report_row *m = &rows->v[i];
		char b[3][40], cb[80];
		const char *v[5];

		v[0] = code(m, cb, sizeof cb);
		v[1] = m->unit != NULL ? m->unit : "";
		v[2] = qty_format(m->qty.committed, 1, b[0], sizeof b[0]);
		v[3] = qty_format(m->qty.delivered, 1, b[1], sizeof b[1]);
		v[4] = qty_format(m->qty.validated, 1, b[2], sizeof b[2]);
		w->ops->row(w->u, v);
	}
	w->ops->table_end(w->u);
}

static void top_ten(const struct walk *w)
{
	const report *r = w->r;
	outline_table t = { 0 };
	size_t n = 0;

	w->ops->heading(w->u, "Top ten contracts by validated social value", 3);
	col(&t, "#", NULL, OCOL_NUM);
	col(&t, "Ref", NULL, OCOL_FIXED);
	col(&t, "Supplier", NULL, OCOL_TEXT);
	fig_cols(w, &t);
	for (size_t i = 0; i < r->n_top && i < 10; i++)
		n += r->top[i] < r->contracts_rows.n;
	begin(w, &t, n);
	for (size_t i = 0; i < r->n_top && i < 10; i++) {
		const report_row *row;
		const char *v[OUTLINE_COLS];
		struct mcells m;
		char rank[8];

		if (r->top[i] >= r->contracts_rows.n)
			continue;
		row = &r->contracts_rows.v[r->top[i]];
		snprintf(rank, sizeof rank, "%zu", i + 1);
		v[0] = rank;
		v[1] = row->key;
		v[2] = row->supplier;
		fig_cells(w, &row->fig, &m, v + 3);
		w->ops->row(w->u, v);
	}
	w->ops->table_end(w->u);
}

static void contracts(const struct walk *w)
{
	const report *r = w->r;
	outline_table t = { 0 };

	w->ops->heading(w->u, "Contracts", 3);
	col(&t, "Ref", NULL, OCOL_FIXED);
	col(&t, "Supplier", NULL, OCOL_TEXT);
	fig_cols(w, &t);
	col(&t, "RAG", NULL, OCOL_FIXED);
	begin(w, &t, r->contracts_rows.n);
	for (size_t i = 0; i < r->contracts_rows.n; i++) {
		const report_row *row = &r->contracts_rows.v[i];
		const char *v[OUTLINE_COLS];
		struct mcells m;

		v[0] = row->key;
		v[1] = row->supplier;
		fig_cells(w, &row->fig, &m, v + 2);
		v[t.ncol - 1] = report_rag_name(row->rag);
		w->ops->row(w->u, v);
	}
	w->ops->table_end(w->u);
}

static void charts(const struct walk *w)
{
	w->ops->chart(w->u, OUTLINE_CHART_THEMES, w->quarterly
		      ? "Chart: committed, delivered and validated by theme (year to date)"
		      : "Chart: committed, delivered and validated by theme");
	w->ops->chart(w->u, OUTLINE_CHART_TREND, "Chart: validated social value by quarter");
}

static int highlights(const struct walk *w)
{
	const report *r = w->r;

	w->ops->heading(w->u, "Highlights", 1);
	if (r->n_highlights == 0) {
		w->ops->text(w->u, "none");
		return 0;
	}
	for (size_t i = 0; i < r->n_highlights; i++) {
		const report_highlight *h = &r->highlights[i];
		const char *body = h->body != NULL ? h->body : "",
			*ref = h->contract_ref != NULL ? h->contract_ref : "",
			*text = h->text != NULL ? h->text : "";
		size_t n = strlen(body) + strlen(ref) + strlen(text) + 8;
		char *s = malloc(n);

		if (s == NULL)
			return -1;
		if (body[0] != '\0' || ref[0] != '\0')
			snprintf(s, n, "[%s%s%s] %s", body, body[0] != '\0' && ref[0] != '\0' ? ", " : "",
				 ref, text);
		else
			snprintf(s, n, "%s", text);
		w->ops->highlight(w->u, s);
		free(s);
	}
	return 0;
}

static void exceptions(const struct walk *w)
{
	const report *r = w->r;
	outline_table t = { 0 };

	w->ops->heading(w->u, "Policy exceptions", 3);
	w->ops->text(w->u, "Contracts above the policy threshold with a social value weighting "
		     "below the minimum:");
	col(&t, "Ref", NULL, OCOL_FIXED);
	col(&t, "Supplier", NULL, OCOL_TEXT);
	col(&t, "Body", NULL, OCOL_FIXED);
	col(&t, "Value", NULL, OCOL_NUM);
	col(&t, "SV weight", NULL, OCOL_NUM);
	begin(w, &t, r->n_exceptions);
	for (size_t i = 0; i < r->n_exceptions; i++) {
		const report_exception *e = &r->exceptions[i];
		char mb[40], pb[16], wb[20];
		const char *v[5];

		percent_format(e->sv_weight, pb, sizeof pb);
		snprintf(wb, sizeof wb, "%s%%", pb);
		v[0] = e->ref;
		v[1] = e->supplier;
		v[2] = body_name(e->body);
		v[3] = money(w, e->value, mb, sizeof mb);
		v[4] = wb;
		w->ops->row(w->u, v);
	}
	w->ops->table_end(w->u);
}

static void missing(const struct walk *w)
{
	const report *r = w->r;
	outline_table t = { 0 };

	w->ops->heading(w->u, "Missing returns", 3);
	col(&t, "Ref", NULL, OCOL_FIXED);
	col(&t, "Supplier", NULL, OCOL_TEXT);
	col(&t, "Contract", NULL, OCOL_TEXT);
	col(&t, "Manager", NULL, OCOL_TEXT);
	begin(w, &t, r->n_missing);
	for (size_t i = 0; i < r->n_missing; i++) {
		const report_missing *m = &r->missing[i];
		const char *v[4] = { m->ref, m->supplier, m->title,
				     m->manager != NULL ? m->manager : "" };

		w->ops->row(w->u, v);
	}
	w->ops->table_end(w->u);
}

static void pending(const struct walk *w)
{
	const report *r = w->r;
	outline_table t = { 0 };
	char n1[24], n2[24], m1[40], m2[40];
	const char *v1[3] = { "Awaiting validation", n1, m1 }, *v2[3] = { "In query", n2, m2 };

	w->ops->heading(w->u, w->quarterly
			? "Lines awaiting validation and in query (year to date)"
			: "Lines awaiting validation and in query", 3);
	col(&t, "Status", NULL, OCOL_TEXT);
	col(&t, "Lines", NULL, OCOL_NUM);
	col(&t, "Delivered", NULL, OCOL_NUM);
	snprintf(n1, sizeof n1, "%" PRId64, r->awaiting.lines);
	snprintf(n2, sizeof n2, "%" PRId64, r->in_query.lines);
	money(w, r->awaiting.delivered, m1, sizeof m1);
	money(w, r->in_query.delivered, m2, sizeof m2);
	begin(w, &t, 2);
	w->ops->row(w->u, v1);
	w->ops->row(w->u, v2);
	w->ops->table_end(w->u);
}

/* A topic's label (record.h's, as on the desk); its name if unknown. */
static const char *topic_text(const char *topic)
{
	const rec_topic *t = rec_topic_find(topic);

	return t != NULL ? t->label : topic;
}

static void opcc(const struct walk *w)
{
	const report *r = w->r;
	outline_table t = { 0 };

	w->ops->heading(w->u, "OPCC considerations: local measures (year to date)", 3);
	col(&t, "Code", NULL, OCOL_FIXED);
	col(&t, "Measure", NULL, OCOL_TEXT);
	col(&t, "Unit", NULL, OCOL_TEXT);
	col(&t, "Committed", NULL, OCOL_NUM);
	col(&t, "Delivered", NULL, OCOL_NUM);
	col(&t, "Validated", NULL, OCOL_NUM);
	col(&t, w->m == MONEY_GBP ? "Valid. GBP" : "Valid. \xc2\xa3",
	    w->m == MONEY_GBP ? "Validated GBP" : "Validated \xc2\xa3", OCOL_NUM);
	begin(w, &t, r->opcc_local.n);
	for (size_t i = 0; i < r->opcc_local.n; i++) {
		const report_row *m = &r->opcc_local.v[i];
		char b[4][40];
		const char *v[7];

		v[0] = m->key;
		v[1] = m->title;
		v[2] = m->unit != NULL ? m->unit : "";
		v[3] = qty_format(m->qty.committed, 1, b[0], sizeof b[0]);
		v[4] = qty_format(m->qty.delivered, 1, b[1], sizeof b[1]);
		v[5] = qty_format(m->qty.validated, 1, b[2], sizeof b[2]);
		v[6] = money(w, m->fig.validated_ytd, b[3], sizeof b[3]);
		w->ops->row(w->u, v);
	}
	w->ops->table_end(w->u);

	w->ops->heading(w->u, "OPCC considerations: questionnaire answers", 1);
	if (r->n_answers == 0) {
		w->ops->text(w->u, "No questionnaire answers are recorded for OPCC contracts yet.");
		return;
	}
	for (size_t i = 0; i < r->n_answers; i++) {
		const report_answer *a = &r->answers[i];

		w->ops->answer(w->u, a->ref, a->supplier != NULL ? a->supplier : "",
			       topic_text(a->topic), a->answer != NULL ? a->answer : "",
			       i == 0 || strcmp(r->answers[i - 1].ref, a->ref) != 0);
	}
}

int report_outline(const report *r, enum money_style m, const outline_ops *ops, void *u)
{
	struct walk w = { r, m, ops, u, report_board_quarterly(r->p.board) };

	headline(&w);
	if (r->p.board == BOARD_FGB) {
		breakdown(&w, "By body", &r->bodies, "Body", NULL);
		breakdown(&w, "By theme", &r->themes, "Theme", "Title");
		by_outcome(&w);
		by_measure(&w);
		top_ten(&w);
		charts(&w);
		if (highlights(&w) != 0)
			return -1;
		exceptions(&w);
		pending(&w);
	} else {
		contracts(&w);
		breakdown(&w, "By theme", &r->themes, "Theme", "Title");
		charts(&w);
		missing(&w);
		exceptions(&w);
		pending(&w);
		if (r->p.board == BOARD_QRB)
			opcc(&w);
	}
	ops->end(u);
	return 0;
}
