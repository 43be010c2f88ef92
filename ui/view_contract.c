/* view_contract.c: a contract's page (Enter on a contract anywhere).
 *
 * Its fields; its commitments of the year shown (the desk's year, y
 * changes it) with committed, delivered and validated to date in units and
 * £SV; its return lines by quarter of that year with each line's status,
 * and "missing" for an ended quarter in which a commitment has no line
 * (the board reports' rule); the highlights and audit entries that name
 * it, newest first.  Enter on a commitment or a return line opens its
 * detail.  The page is read once (and again on y); a new width lays the
 * same rows out again. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/detail.h"
#include "svdesk/policy.h"
#include "svdesk/report.h"

#include "page.h"
#include "view_answers.h"

#define YEARS_MAX 32
#define HIGHLIGHTS_SHOWN 10
#define AUDIT_SHOWN 20
#define LABEL_W 19

struct contract_page {
	struct tui *t;
	int64_t id;
	int fy;                        /* the year read */
	detail_contract c;
	detail_commitment *cms;
	size_t ncm;
	detail_line *lines;
	size_t nl;
	detail_totals tot;
	int years[YEARS_MAX];
	int64_t year_counts[YEARS_MAX];
	int nyears;
	detail_highlight *hl;
	size_t nhl;
	int64_t hl_total;
	detail_audit *audit;
	size_t naudit;
	int64_t audit_total;
	struct answers *qa;            /* the OPCC questionnaire (view_answers.c) */
	char problem[1024];             /* why the figures are missing */
	struct page page;
	int built_for;                 /* the width the page was laid out for */
};

static void drop_rows(struct contract_page *c)
{
	detail_commitments_free(c->cms, c->ncm);
	free(c->cms);
	free(c->lines);
	detail_highlights_free(c->hl, c->nhl);
	free(c->audit);
	c->cms = NULL;
	c->lines = NULL;
	c->hl = NULL;
	c->audit = NULL;
	c->ncm = c->nl = c->nhl = c->naudit = 0;
}

/* Read the year's rows (the contract itself is read once). */
static int load(struct contract_page *c, sv_err *err)
{
	svdb *db = c->t->o->db;
	int began, rc = -1;

	drop_rows(c);
	c->problem[0] = '\0';
	c->fy = c->t->fy;
	if (db_snapshot_begin(db, &began, err) < 0)
		return -1;
	if (detail_commitments(db, c->id, c->fy, &c->cms, &c->ncm, err) < 0 ||
	    detail_lines(db, c->id, c->fy, 0, &c->lines, &c->nl, err) < 0)
		goto out;
	c->nyears = detail_years(db, c->id, c->years, c->year_counts, YEARS_MAX, err);
	if (c->nyears < 0)
		goto out;
	if (detail_highlights(db, c->id, HIGHLIGHTS_SHOWN, &c->hl, &c->nhl, &c->hl_total, err) < 0 ||
	    detail_audit_page(db, c->id, 0, AUDIT_SHOWN, &c->audit, &c->naudit, &c->audit_total,
			      err) < 0 ||
	    answers_load(c->qa, db, c->id, c->c.ref, c->c.body == BODY_OPCC, err) < 0)
		goto out;
	rc = 0;
out:
	db_snapshot_end(db, began);
	if (rc == 0) {
		sv_err ferr = { 0 };

		if (detail_figures(c->cms, c->ncm, c->lines, c->nl, &c->tot, &ferr) < 0)
			snprintf(c->problem, sizeof c->problem, "%s", ferr.msg);
	}
	return rc;
}

/* ---- laying out ------------------------------------------------------------------ */

static void field(struct page *p, const char *label, const char *value)
{
	int i = page_add(p, ROLE_NORMAL, 0, 0);

	page_cell(p, i, 0, LABEL_W, ALIGN_LEFT, label);
	page_cell(p, i, LABEL_W + 1, -1, ALIGN_LEFT, value);
}

static void yes_no(struct page *p, const char *label, const char *yn, const char *date,
		   const char *note)
{
	char buf[600], uk[16];

	if (yn[0] == '\0') {
		field(p, label, "not recorded");
		return;
	}
	snprintf(buf, sizeof buf, "%s%s%s%s%s", yn, date[0] != '\0' ? ", " : "",
		 date[0] != '\0' ? page_date(date, uk, sizeof uk) : "",
		 note != NULL ? ": " : "", note != NULL ? note : "");
	field(p, label, buf);
}

static void fields(struct contract_page *c, struct tui *t)
{
	struct page *p = &c->page;
	const detail_contract *k = &c->c;
	const sv_config *cfg = t->o->cfg;
	char buf[512], a[48], b[48], m[16];
	int i;

	/* selectable: E there edits the contract */
	i = page_add(p, ROLE_HEADER, PAGE_CONTRACT, c->id);
	snprintf(buf, sizeof buf, "%s  %s", k->ref, k->title);
	page_cell(p, i, 0, -1, ALIGN_LEFT, buf);
	field(p, "Supplier", k->supplier);
	field(p, "Body", body_name(k->body));
	field(p, "Value", money_format(k->value, t->money, a, sizeof a));
	snprintf(buf, sizeof buf, "%s to %s", page_date(k->start, a, sizeof a),
		 page_date(k->end, b, sizeof b));
	field(p, "Dates", buf);
	field(p, "Status", k->closed ? "closed" : "active");
	snprintf(buf, sizeof buf, "%s%%", percent_format(k->sv_weight, a, sizeof a));
	field(p, "SV weighting", buf);
	if (policy_is_exception(cfg, k->value, k->sv_weight)) {
		snprintf(buf, sizeof buf, "exception: value over %s, weighting under %s%%",
			 money_format(cfg->threshold, t->money, a, sizeof a),
			 percent_format(cfg->min_weighting, m, sizeof m));
		field(p, "Policy", buf);
	} else {
		field(p, "Policy", "no exception");
	}
	field(p, "Contract manager", k->manager != NULL ? k->manager : "none");
	field(p, "Award report", k->award_report != NULL ? k->award_report : "none");
	yes_no(p, "Real Living Wage", k->living_wage, k->living_wage_date, k->living_wage_note);
	yes_no(p, "Modern slavery", k->modern_slavery, k->modern_slavery_date,
	       k->modern_slavery_note);
}

/* Column widths of the figures: the widest value of the page, never cut. */
struct widths {
	int money, qty, pct;
};

static int qty_w(sv_qty v)
{
	char buf[48];

	return (int)strlen(qty_format(v, 1, buf, sizeof buf));
}

static struct widths measure(struct contract_page *c, struct tui *t)
{
	struct widths w;
	sv_pence max = 0;
	int q = 9;

	for (size_t i = 0; i < c->ncm; i++) {
		const detail_commitment *k = &c->cms[i];

		if (k->committed > max)
			max = k->committed;
		if (k->delivered > max)
			max = k->delivered;
		if (k->validated > max)
			max = k->validated;
		if (qty_w(k->q_delivered) > q)
			q = qty_w(k->q_delivered);
		if (qty_w(k->q_validated) > q)
			q = qty_w(k->q_validated);
		if (qty_w(k->target) > q)
			q = qty_w(k->target);
	}
	for (const sv_pence *v = &c->tot.committed; v <= &c->tot.validated; v++)
		if (*v > max)
			max = *v;
	w.money = ui_money_width(t, max, "Committed");
	w.qty = q;
	w.pct = 6;
	return w;
}

static void pct_text(sv_pence part, sv_pence whole, char *buf, size_t n)
{
	int64_t tenths = detail_percent(part, whole);

	if (tenths < 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%lld.%lld%%", (long long)(tenths / 10), (long long)(tenths % 10));
}

/* The figures line of a commitment (or the totals): committed, delivered
 * and validated (units when with_units), percent validated. */
static void figures(struct page *p, int line, struct tui *t, const struct widths *w,
		    int with_units, int x, const char *const cells[6])
{
	int at = x;

	page_cell(p, line, at, w->money, ALIGN_RIGHT, cells[0]);
	at += w->money + 1;
	if (with_units) {
		page_cell(p, line, at, w->qty, ALIGN_RIGHT, cells[1]);
		at += w->qty + 1;
	}
	page_cell(p, line, at, w->money, ALIGN_RIGHT, cells[2]);
	at += w->money + 1;
	if (with_units) {
		page_cell(p, line, at, w->qty, ALIGN_RIGHT, cells[3]);
		at += w->qty + 1;
	}
	page_cell(p, line, at, w->money, ALIGN_RIGHT, cells[4]);
	at += w->money + 1;
	page_cell(p, line, at, w->pct + 1 < t->cols - at ? w->pct + 1 : t->cols - at, ALIGN_RIGHT,
		  cells[5]);
}

static void commitments(struct contract_page *c, struct tui *t)
{
	struct page *p = &c->page;
	struct widths w = measure(c, t);
	char fy[8], buf[512], other[256];
	size_t o = 0;
	int x = 2, units, i, full;

	/* units columns go first when the screen is narrow, then the indent */
	full = x + 3 * (w.money + 1) + 2 * (w.qty + 1) + w.pct + 1;
	units = full <= t->cols;
	if (!units && x + 3 * (w.money + 1) + w.pct + 1 > t->cols)
		x = 0;
	other[0] = '\0';
	for (int y = 0; y < c->nyears; y++) {
		char f[8];

		if (c->years[y] == c->fy)
			continue;
		o += (size_t)snprintf(other + o, sizeof other - o, "%s%s", o > 0 ? ", " : "",
				      fy_format(c->years[y], f));
		if (o >= sizeof other - 1)
			break;
	}
	page_blank(p);
	snprintf(buf, sizeof buf, "Commitments %s (%zu)%s%s", fy_format(c->fy, fy), c->ncm,
		 other[0] != '\0' ? "; other years: " : "", other);
	page_text(p, ROLE_HEADER, 0, buf);
	if (c->ncm == 0) {
		page_text(p, ROLE_DIM, 2, "none this year: press y for another year");
		return;
	}
	if (c->problem[0] != '\0')
		page_text(p, ROLE_ERROR, 0, c->problem);
	i = page_add(p, ROLE_HEADER, 0, 0);
	page_cell(p, i, 0, 7, ALIGN_LEFT, "Measure");
	page_cell(p, i, 8, -1, ALIGN_LEFT, "Title, target, proxy and its set");
	{
		const char *h[6] = { "Committed", "Delivered", "£SV", "Validated", "£SV",
				     "% valid" };

		if (t->money == MONEY_GBP)
			h[2] = h[4] = "GBP SV";
		if (!units) {
			/* without the units columns, the money ones say what they are */
			h[2] = "Delivered";
			h[4] = "Validated";
		}
		i = page_add(p, ROLE_HEADER, 0, 0);
		figures(p, i, t, &w, units, x, h);
	}
	for (size_t k = 0; k < c->ncm; k++) {
		const detail_commitment *cm = &c->cms[k];
		char target[64], proxy[64], set[300], cv[48], dq[48], dv[48], vq[48], vv[48], pc[32];
		const char *cells[6];
		int tw, pw, rest;

		snprintf(target, sizeof target, "%s %s", qty_format(cm->target, 1, dq, sizeof dq),
			 cm->unit);
		if (cm->has_proxy) {
			char pr[32];

			snprintf(proxy, sizeof proxy, "at %s%s", t->money == MONEY_POUND ? "£" : "GBP ",
				 proxy_format(cm->proxy, pr, sizeof pr));
		} else {
			snprintf(proxy, sizeof proxy, "record only");
		}
		if (cm->set_name != NULL)
			snprintf(set, sizeof set, "%s%s", cm->set_illustrative ? "illustrative: " : "",
				 cm->set_name);
		else
			set[0] = '\0';
		i = page_add(p, ROLE_NORMAL, PAGE_COMMITMENT, cm->id);
		page_cell(p, i, 0, 7, ALIGN_LEFT, cm->code);
		tw = ui_width(target);
		pw = ui_width(proxy);
		rest = t->cols - 8 - tw - 1 - pw - 1;
		if (set[0] != '\0')
			rest -= rest / 2 > 0 ? rest / 2 : 0;
		if (rest < 6)
			rest = 6;
		page_cell(p, i, 8, rest, ALIGN_LEFT, cm->measure_title);
		page_cell(p, i, 8 + rest + 1, tw, ALIGN_RIGHT, target);
		page_cell(p, i, 8 + rest + 1 + tw + 1, pw, ALIGN_LEFT, proxy);
		if (set[0] != '\0')
			page_cell(p, i, 8 + rest + 1 + tw + 1 + pw + 1, -1, ALIGN_LEFT, set);
		money_format(cm->committed, t->money, cv, sizeof cv);
		qty_format(cm->q_delivered, 1, dq, sizeof dq);
		money_format(cm->delivered, t->money, dv, sizeof dv);
		qty_format(cm->q_validated, 1, vq, sizeof vq);
		money_format(cm->validated, t->money, vv, sizeof vv);
		if (cm->has_proxy)
			pct_text(cm->validated, cm->committed, pc, sizeof pc);
		else
			pct_text(cm->q_validated, cm->target, pc, sizeof pc);
		cells[0] = cm->has_proxy ? cv : "-";
		cells[1] = dq;
		cells[2] = cm->has_proxy ? dv : "-";
		cells[3] = vq;
		cells[4] = cm->has_proxy ? vv : "-";
		cells[5] = pc;
		i = page_add_cont(p, ROLE_NORMAL);
		figures(p, i, t, &w, units, x, cells);
	}
	{
		char cv[48], dv[48], vv[48], pc[32];
		const char *cells[6];

		money_format(c->tot.committed, t->money, cv, sizeof cv);
		money_format(c->tot.delivered, t->money, dv, sizeof dv);
		money_format(c->tot.validated, t->money, vv, sizeof vv);
		pct_text(c->tot.validated, c->tot.committed, pc, sizeof pc);
		cells[0] = cv;
		cells[1] = "";
		cells[2] = dv;
		cells[3] = "";
		cells[4] = vv;
		cells[5] = pc;
		i = page_add(p, ROLE_NORMAL, 0, 0);
		page_cell(p, i, 0, x > 0 ? x : 0, ALIGN_LEFT, "");
		figures(p, i, t, &w, units, x, cells);
		i = page_add(p, ROLE_DIM, 0, 0);
		page_cell(p, i, 0, -1, ALIGN_LEFT, "  (totals; delivered and validated to date, in units and £SV)");
	}
}

static const detail_commitment *commitment_of(const struct contract_page *c, int64_t id)
{
	for (size_t i = 0; i < c->ncm; i++)
		if (c->cms[i].id == id)
			return &c->cms[i];
	return NULL;
}

static void returns(struct contract_page *c, struct tui *t)
{
	struct page *p = &c->page;
	sv_date today = t->o->now.date, start, end;
	char fy[8], buf[256], a[16], b[16];
	int have_dates = date_parse(c->c.start, &start, NULL) == 0 &&
			 date_parse(c->c.end, &end, NULL) == 0;
	sv_pence maxv = 0;
	int mw, qw = 9;

	for (size_t i = 0; i < c->nl; i++) {
		char q[48];

		if (c->lines[i].sv_delivered > maxv)
			maxv = c->lines[i].sv_delivered;
		if ((int)strlen(qty_format(c->lines[i].delivered, 1, q, sizeof q)) > qw)
			qw = (int)strlen(q);
	}
	mw = ui_money_width(t, maxv, "£SV");
	page_blank(p);
	snprintf(buf, sizeof buf, "Returns by quarter %s", fy_format(c->fy, fy));
	page_text(p, ROLE_HEADER, 0, buf);
	if (c->ncm == 0) {
		page_text(p, ROLE_DIM, 2, "no commitments this year: no returns are due");
		return;
	}
	for (int q = 1; q <= 4; q++) {
		sv_quarter sq = { c->fy, q };
		sv_date first, last;
		int nq = 0, ended, in_dates;

		quarter_range(sq, &first, &last);
		ended = date_cmp(last, today) < 0;
		in_dates = have_dates && date_cmp(start, last) <= 0 && date_cmp(end, first) >= 0;
		for (size_t i = 0; i < c->nl; i++)
			if (c->lines[i].quarter == q)
				nq++;
		date_format_uk(first, a);
		date_format_uk(last, b);
		if (!in_dates)
			snprintf(buf, sizeof buf, "Q%d  %s to %s: outside the contract's dates", q, a, b);
		else if (nq == 0 && ended)
			snprintf(buf, sizeof buf, "Q%d  %s to %s: missing (no return)", q, a, b);
		else if (nq == 0)
			snprintf(buf, sizeof buf, "Q%d  %s to %s: not yet due", q, a, b);
		else
			snprintf(buf, sizeof buf, "Q%d  %s to %s: %d line%s", q, a, b, nq,
				 nq == 1 ? "" : "s");
		page_text(p, ROLE_NORMAL, 0, buf);
		for (size_t i = 0; i < c->nl; i++) {
			const detail_line *l = &c->lines[i];
			const detail_commitment *cm;
			char qty[64], d[48], v[48];
			int line, x;

			if (l->quarter != q)
				continue;
			cm = commitment_of(c, l->commitment_id);
			line = page_add(p, ROLE_NORMAL, PAGE_LINE, l->id);
			page_cell(p, line, 2, 7, ALIGN_LEFT, cm != NULL ? cm->code : "");
			x = t->cols - (qw + 1 + mw + 1 + 9);
			if (x < 10 + 6)
				x = 10 + 6;
			page_cell(p, line, 10, x - 10 - 1, ALIGN_LEFT,
				  cm != NULL ? cm->measure_title : "");
			qty_format(l->delivered, 1, qty, sizeof qty);
			page_cell(p, line, x, qw, ALIGN_RIGHT, qty);
			money_format(l->sv_delivered, t->money, d, sizeof d);
			page_cell(p, line, x + qw + 1, mw, ALIGN_RIGHT,
				  cm != NULL && cm->has_proxy ? d : "-");
			snprintf(v, sizeof v, "%s", status_name(l->status));
			page_cell(p, line, x + qw + 1 + mw + 1, -1, ALIGN_LEFT, v);
		}
		/* a commitment with no line in an ended quarter: missing (the
		 * board reports' rule, each commitment on its own) */
		for (size_t k = 0; in_dates && ended && k < c->ncm; k++) {
			const detail_commitment *cm = &c->cms[k];
			int has = 0, line;

			for (size_t i = 0; i < c->nl && !has; i++)
				has = c->lines[i].commitment_id == cm->id && c->lines[i].quarter == q;
			if (!report_missing_return(1, start, end, sq, has) || nq == 0)
				continue;
			line = page_add(p, ROLE_DIM, PAGE_COMMITMENT, cm->id);
			page_cell(p, line, 2, 7, ALIGN_LEFT, cm->code);
			page_cell(p, line, 10, t->cols - 10 - 9, ALIGN_LEFT, cm->measure_title);
			page_cell(p, line, t->cols - 8, 8, ALIGN_LEFT, "missing");
		}
	}
}

static void highlights(struct contract_page *c, struct tui *t)
{
	struct page *p = &c->page;
	char buf[64];

	page_blank(p);
	snprintf(buf, sizeof buf, "Highlights (%lld)", (long long)c->hl_total);
	page_text(p, ROLE_HEADER, 0, buf);
	if (c->nhl == 0)
		page_text(p, ROLE_DIM, 2, "none name this contract");
	for (size_t i = 0; i < c->nhl; i++) {
		char fy[8];
		size_t first = p->n;

		page_wrap(p, ROLE_NORMAL, 11, t->cols - 11, c->hl[i].text);
		if (first < p->n)
			page_cell(p, (int)first, 2, 8, ALIGN_LEFT, fy_format(c->hl[i].year, fy));
	}
	if (c->hl_total > (int64_t)c->nhl) {
		snprintf(buf, sizeof buf, "%s %lld more (the Reports view lists them)",
			 t->utf8 ? "\u2026" : "...", (long long)(c->hl_total - (int64_t)c->nhl));
		page_text(p, ROLE_DIM, 2, buf);
	}
}

static void audit(struct contract_page *c, struct tui *t)
{
	struct page *p = &c->page;
	char buf[400];

	page_blank(p);
	snprintf(buf, sizeof buf, "Audit log (%lld entr%s, newest first)", (long long)c->audit_total,
		 c->audit_total == 1 ? "y" : "ies");
	page_text(p, ROLE_HEADER, 0, buf);
	if (c->naudit == 0)
		page_text(p, ROLE_DIM, 2, "no entries name this contract");
	for (size_t i = 0; i < c->naudit; i++) {
		const detail_audit *a = &c->audit[i];
		char when[32], what[512];
		int line = page_add(p, ROLE_NORMAL, 0, 0);

		page_cell(p, line, 2, 16, ALIGN_LEFT, page_stamp(a->at, when, sizeof when));
		if (strcmp(a->entity, "import") == 0)
			snprintf(what, sizeof what, "#%lld %s %s: %s", (long long)a->id, a->who, a->action,
				 a->what);
		else
			snprintf(what, sizeof what, "#%lld %s %s %s %lld%s%s", (long long)a->id, a->who,
				 a->action, a->entity, (long long)a->entity_id,
				 a->what[0] != '\0' ? ": " : "", a->what);
		page_cell(p, line, 19, -1, ALIGN_LEFT, what);
	}
	if (c->audit_total > (int64_t)c->naudit) {
		snprintf(buf, sizeof buf, "%s %lld more (svdesk export audit lists every entry)",
			 t->utf8 ? "\u2026" : "...", (long long)(c->audit_total - (int64_t)c->naudit));
		page_text(p, ROLE_DIM, 2, buf);
	}
}

static void build(struct contract_page *c, struct tui *t)
{
	const struct page_line *sel = page_selected(&c->page);
	int kind = sel != NULL ? sel->kind : 0;
	int64_t id = sel != NULL ? sel->id : 0;

	page_clear(&c->page);
	fields(c, t);
	commitments(c, t);
	returns(c, t);
	answers_section(c->qa, &c->page, t);
	highlights(c, t);
	audit(c, t);
	if (c->page.nomem)
		ui_status(t, 1, "out of memory: the page is incomplete");
	page_select(&c->page, kind, id);
	/* a page opens on its first commitment (Enter opens it), the
	 * contract's own line above it */
	for (size_t i = 0; kind == 0 && i < c->page.n; i++)
		if (c->page.v[i].kind == PAGE_COMMITMENT) {
			c->page.sel = (int)i;
			break;
		}
	c->built_for = t->cols;
}

/* ---- the view's hooks ------------------------------------------------------------ */

static void contract_draw(struct view *v, struct tui *t, int y0, int h)
{
	struct contract_page *c = v->priv;

	if (c->fy != t->fy) {
		sv_err err = { 0 };

		if (load(c, &err) < 0)
			ui_status(t, 1, "%s", err.msg);
		c->built_for = 0;
	}
	if (c->built_for != t->cols)
		build(c, t);
	page_draw(&c->page, t, y0, h);
}

/* y: a pick list of the years the contract has commitments in, and this
 * year and the year shown. */
static void choose_year(struct contract_page *c, struct tui *t)
{
	int years[YEARS_MAX + 2], n = 0, k, sel = 0, now = fy_of_date(t->o->now.date);
	char labels[YEARS_MAX + 2][40];
	struct pick_item items[YEARS_MAX + 2];
	sv_err err = { 0 };

	for (int i = 0; i < c->nyears; i++)
		years[n++] = c->years[i];
	for (int extra = 0; extra < 2; extra++) {
		int y = extra == 0 ? now : t->fy, at = 0;

		while (at < n && years[at] < y)
			at++;
		if (at < n && years[at] == y)
			continue;
		memmove(&years[at + 1], &years[at], (size_t)(n - at) * sizeof years[0]);
		years[at] = y;
		n++;
	}
	for (int i = 0; i < n; i++) {
		char fy[8];
		int64_t count = 0;

		for (int j = 0; j < c->nyears; j++)
			if (c->years[j] == years[i])
				count = c->year_counts[j];
		snprintf(labels[i], sizeof labels[i], "%s  %lld commitment%s%s",
			 fy_format(years[i], fy), (long long)count, count == 1 ? "" : "s",
			 years[i] == now ? " (this year)" : "");
		items[i].label = labels[i];
		items[i].marked = years[i] == t->fy;
		if (years[i] == t->fy)
			sel = i;
	}
	k = ui_pick(t, "Financial year", items, n, sel);
	if (k < 0 || years[k] == t->fy)
		return;
	t->fy = years[k];
	if (load(c, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
	c->page.sel = -1;
	c->page.top = 0;
	build(c, t);
}

/* A adds a commitment to this contract; E edits the commitment selected,
 * else the contract (its own line, the first, selected: the page's
 * other lines too); D deletes the commitment selected.  The page reads
 * itself again after a save (ui_changed: reread), the new or edited
 * commitment selected. */
static void records(struct contract_page *c, struct tui *t, enum action_id a)
{
	const struct page_line *l = page_selected(&c->page);
	int64_t cm = l != NULL && l->kind == PAGE_COMMITMENT ? l->id : 0, id = 0;
	const char *fixed[] = { "contract", c->c.ref, NULL, NULL };
	enum ui_form_result r = UF_CANCELLED;

	if (a == ACT_ADD)
		r = ui_form(t, REC_COMMITMENT, 0, fixed, &id);
	else if (a == ACT_EDIT)
		r = ui_form(t, cm != 0 ? REC_COMMITMENT : REC_CONTRACT, cm != 0 ? cm : c->id, NULL,
			    &id);
	else if (cm != 0)
		ui_record_delete(t, REC_COMMITMENT, cm);
	else
		ui_status(t, 0, "choose a commitment to delete (a contract is deleted from the "
			  "contracts list, or closed: status closed)");
	if (r == UF_SAVED && id != cm && ui_top(t) != NULL && ui_top(t)->priv == c)
		page_select(&c->page, PAGE_COMMITMENT, id);
}

static int contract_act(struct view *v, struct tui *t, enum action_id a)
{
	struct contract_page *c = v->priv;

	if (answers_act(c->qa, t, page_selected(&c->page), a))
		return 1;
	switch (a) {
	case ACT_OPEN:
		if (page_selected(&c->page) == NULL || page_selected(&c->page)->kind == PAGE_CONTRACT)
			ui_status(t, 0, "nothing to open here: choose a commitment or a return line");
		else
			page_open(t, page_selected(&c->page));
		return 1;
	case ACT_YEAR:
		choose_year(c, t);
		return 1;
	case ACT_ADD:
	case ACT_EDIT:
	case ACT_DELETE:
		records(c, t, a);
		return 1;
	default:
		return page_move(&c->page, a);
	}
}

static void contract_resize(struct view *v, struct tui *t, int h)
{
	struct contract_page *c = v->priv;

	page_set_height(&c->page, h);
	if (c->built_for != t->cols)
		build(c, t);
	if (c->page.sel >= 0 && (size_t)c->page.sel < c->page.n)
		page_select(&c->page, c->page.v[c->page.sel].kind, c->page.v[c->page.sel].id);
	else
		page_select(&c->page, 0, 0);
}

static int contract_cursor(struct view *v)
{
	struct contract_page *c = v->priv;

	return page_cursor(&c->page);
}

static void contract_position(struct view *v, char *buf, size_t n)
{
	struct contract_page *c = v->priv;

	page_position(&c->page, buf, n);
}

static int contract_mouse(struct view *v, struct tui *t, int row, int x, int kind)
{
	struct contract_page *c = v->priv;
	int i = page_line_at(&c->page, row);

	(void)x;
	if (i < 0)
		return kind == UI_CLICK || kind == UI_DOUBLE;
	c->page.sel = i;
	if (kind == UI_DOUBLE)
		page_open(t, page_selected(&c->page));
	return 1;
}

static void contract_title(struct view *v, char *buf, size_t n)
{
	struct contract_page *c = v->priv;

	snprintf(buf, n, "contract %s", c->c.ref);
}

static void contract_close(struct view *v)
{
	struct contract_page *c = v->priv;

	drop_rows(c);
	detail_contract_free(&c->c);
	answers_free(c->qa);
	page_free(&c->page);
	free(c);
	free(v);
}

/* Another desk wrote (or a decision here): the contract and the year's
 * rows read again, the selection kept on its row. */
static void contract_reread(struct view *v, struct tui *t)
{
	struct contract_page *c = v->priv;
	detail_contract k;
	sv_err err = { 0 };
	int rc = detail_contract_get(t->o->db, c->id, &k, &err);

	if (rc > 0) {
		detail_contract_free(&c->c);
		c->c = k;
	} else if (rc == 0) {
		ui_status(t, 1, "the contract is no longer in the database");
		return;
	}
	if (rc < 0 || load(c, &err) < 0)
		ui_status(t, 1, "%s", err.msg);
	build(c, t);
}

static const struct view_ops contract_ops = {
	.name = "contract",
	.contexts = CTX_GLOBAL | CTX_MOVE | CTX_DETAIL,
	.draw = contract_draw,
	.act = contract_act,
	.resize = contract_resize,
	.cursor = contract_cursor,
	.position = contract_position,
	.close = contract_close,
	.mouse = contract_mouse,
	.title = contract_title,
	.reread = contract_reread,
};

struct view *view_contract_new(struct tui *t, int64_t contract_id, sv_err *err)
{
	struct view *v = calloc(1, sizeof *v);
	struct contract_page *c = calloc(1, sizeof *c);
	int rc;

	if (v == NULL || c == NULL) {
		free(v);
		free(c);
		sv_err_set(err, "out of memory");
		return NULL;
	}
	c->t = t;
	c->id = contract_id;
	c->page.sel = -1;
	c->qa = answers_new();
	if (c->qa == NULL) {
		free(c);
		free(v);
		sv_err_set(err, "out of memory");
		return NULL;
	}
	rc = detail_contract_get(t->o->db, contract_id, &c->c, err);
	if (rc == 0)
		sv_err_set(err, "the contract is no longer in the database (deleted meanwhile?)");
	if (rc <= 0 || load(c, err) < 0) {
		drop_rows(c);
		detail_contract_free(&c->c);
		answers_free(c->qa);
		free(c);
		free(v);
		return NULL;
	}
	v->ops = &contract_ops;
	v->priv = c;
	return v;
}
