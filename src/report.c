/* report.c: the board reports' model and rules (report.h; spec "Board
 * reports").
 *
 * db/ streams the rows (db.h, "reads for board reports"); every rule is
 * applied here, once:
 *
 * - the bodies of a board (report_board_has_body);
 * - committed: the £SV of each commitment of year Y, sv_value(target,
 *   proxy), a record-only commitment 0;
 * - delivered: the £SV of each return line at its delivered quantity,
 *   whatever its status; validated: of each line whose status is
 *   validated, at its validated quantity; each line at its commitment's
 *   proxy, rounded per line (sv_value);
 * - FGB: the lines of year Y; QPRB and QRB: _q the lines of quarter n,
 *   _ytd the lines of Q1 .. Qn of Y;
 * - every total is a sum of those per-line values in C, with overflow an
 *   error (money_add), never wrapped;
 * - RAG (report_rag), missing returns (report_missing_return), policy
 *   exceptions (policy_is_exception), awaiting validation and in query,
 *   the top ten, the trend, the proxy sets used.
 *
 * One read transaction holds the reads together (one snapshot). */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "svdesk/highlight.h"
#include "svdesk/policy.h"
#include "svdesk/record.h"
#include "svdesk/report.h"

/* ---- the boards ------------------------------------------------------------- */

static const struct {
	const char *code, *title;
	int quarterly;
	int bodies;          /* bit 0 WMP, bit 1 OPCC */
} boards[BOARD_COUNT] = {
	[BOARD_FGB] = { "fgb", "Finance Governance Board", 0, 3 },
	[BOARD_QPRB] = { "qprb", "WMP Quarterly Performance Review Board", 1, 1 },
	[BOARD_QRB] = { "qrb", "OPCC Quarterly Resourcing Board", 1, 2 },
};

static int board_ok(enum report_board b)
{
	return (int)b >= 0 && b < BOARD_COUNT;
}

const char *report_board_code(enum report_board b)
{
	return board_ok(b) ? boards[b].code : "";
}

const char *report_board_title(enum report_board b)
{
	return board_ok(b) ? boards[b].title : "";
}

int report_board_parse(const char *s, enum report_board *out)
{
	if (s == NULL)
		return -1;
	for (int b = 0; b < BOARD_COUNT; b++)
		if (strcasecmp(s, boards[b].code) == 0) {
			*out = (enum report_board)b;
			return 0;
		}
	return -1;
}

int report_board_quarterly(enum report_board b)
{
	return board_ok(b) ? boards[b].quarterly : 0;
}

int report_board_has_body(enum report_board b, enum sv_body body)
{
	if (!board_ok(b) || (body != BODY_WMP && body != BODY_OPCC))
		return 0;
	return (boards[b].bodies >> (body == BODY_OPCC ? 1 : 0)) & 1;
}

char *report_period_text(const report_period *p, char *buf, size_t n)
{
	sv_date a, b;
	char qb[16], da[11], db[11];

	if (p->q > 0) {
		sv_quarter q = { p->fy, p->q };

		quarter_range(q, &a, &b);
		quarter_format(q, ' ', qb);
	} else {
		fy_range(p->fy, &a, &b);
		fy_format(p->fy, qb);
	}
	snprintf(buf, n, "%s (%s to %s)", qb, date_format_uk(a, da), date_format_uk(b, db));
	return buf;
}

char *report_period_short(const report_period *p, char buf[16])
{
	if (p->q > 0) {
		sv_quarter q = { p->fy, p->q };

		quarter_format(q, ' ', buf);
	} else {
		fy_format(p->fy, buf);
	}
	return buf;
}

report_period report_default_period(enum report_board b, sv_date today)
{
	report_period p;

	p.board = b;
	if (report_board_quarterly(b)) {
		sv_quarter q = quarter_prev(quarter_of_date(today));

		p.fy = q.fy;
		p.q = q.q;
	} else {
		p.fy = fy_of_date(today);
		p.q = 0;
	}
	return p;
}

/* ---- RAG ----------------------------------------------------------------------- */

const char *report_rag_name(enum report_rag r)
{
	switch (r) {
	case RAG_RED: return "red";
	case RAG_AMBER: return "amber";
	case RAG_GREEN: return "green";
	case RAG_NONE: break;
	}
	return "none";
}

__extension__ typedef __int128 wide;

enum report_rag report_rag(sv_pence validated_ytd, sv_pence committed, int q,
			   int rag_green, int rag_amber, int64_t *pct)
{
	wide num, den, p;

	if (pct != NULL)
		*pct = 0;
	if (committed <= 0 || q < 1 || q > 4)
		return RAG_NONE;
	/* |validated| < 2^63 and 400 < 2^9: the product fits in 2^72; so
	 * does the divisor (committed x 4). */
	num = (wide)validated_ytd * 400;
	den = (wide)committed * q;
	p = num / den;          /* truncated */
	if (pct != NULL)
		*pct = p > INT64_MAX ? INT64_MAX : p < INT64_MIN ? INT64_MIN : (int64_t)p;
	if (p >= rag_green)
		return RAG_GREEN;
	if (p >= rag_amber)
		return RAG_AMBER;
	return RAG_RED;
}

/* ---- the builder ------------------------------------------------------------- */

struct agg {
	report_fig fig;
	report_qty qty;
	int used;            /* a commitment in Y or a line of the report */
	int any_proxy;       /* a commitment with a proxy */
};

struct theme {
	int64_t id;
	char *name, *title;
	struct agg a;
	int row;
};

struct outcome {
	int64_t id;
	char *text;
	size_t theme;
	struct agg a;
	int row;
};

struct measure {
	int64_t id;
	char *code, *title, *unit;
	int local;
	size_t outcome;
	struct agg a;
};

struct by_id {
	int64_t id;
	size_t i;
};

struct contract {
	int64_t id;
	int of_board;        /* the rest are kept only to be skipped */
	char *ref, *title, *supplier, *manager;
	enum sv_body body;
	sv_pence value;
	int sv_weight;
	sv_date start, end;
	int committed_y;     /* a commitment in Y */
	int line_in_q;       /* a return line for the report's quarter */
	struct agg a;
};

struct rb {
	report *r;
	const sv_config *cfg;
	sv_err *err;
	int quarterly;
	unsigned bodies;           /* DB_BODIES_ALL or one of them */
	int fy, q;                 /* q: the report's quarter (4 for FGB's year) */
	int trend_k0;              /* the trend's first quarter as fy x 4 + q - 1 */
	/* the row being added up, for an overflow's message */
	const struct contract *at_k;
	const struct measure *at_m;

	struct theme *themes;
	size_t nthemes, capthemes;
	struct outcome *outcomes;
	size_t noutcomes, capoutcomes;
	struct measure *measures;
	size_t nmeasures, capmeasures;
	struct by_id *mids;        /* measures by id */

	struct contract *cons;     /* by id */
	size_t ncons, capcons;

	int64_t *sets;             /* proxy sets of the commitments counted */
	size_t nsets, capsets;
};

static int nomem(struct rb *b)
{
	return sv_err_set(b->err, "out of memory");
}

/* Room for one more element of size sz in *v (n used, *cap allocated). */
static int grow(void *vp, size_t n, size_t *cap, size_t sz)
{
	void **v = vp;
	size_t c;
	void *g;

	if (n < *cap)
		return 0;
	c = *cap ? *cap * 2 : 16;
	if (c > SIZE_MAX / sz)
		return -1;
	g = realloc(*v, c * sz);
	if (g == NULL)
		return -1;
	*v = g;
	*cap = c;
	return 0;
}

static char *dup_or_null(const char *s)
{
	return s != NULL ? strdup(s) : NULL;
}

/* A copy of s ("" for NULL); NULL only when out of memory. */
static char *dup_text(const char *s)
{
	return strdup(s != NULL ? s : "");
}

static int overflow(struct rb *b)
{
	if (b->at_k != NULL && b->at_m != NULL)
		return sv_err_set(b->err, "%s report: a social value figure is too large to hold "
				  "(contract %s, measure %s): check its quantities and proxy",
				  report_board_code(b->r->p.board), b->at_k->ref, b->at_m->code);
	return sv_err_set(b->err, "%s report: a total of social value is too large to hold",
			  report_board_code(b->r->p.board));
}

static int add(struct rb *b, int64_t *acc, int64_t v)
{
	if (money_add(acc, v) != 0)
		return overflow(b);
	return 0;
}

static int fig_add(struct rb *b, report_fig *acc, const report_fig *f)
{
	if (add(b, &acc->committed, f->committed) < 0 ||
	    add(b, &acc->delivered, f->delivered) < 0 ||
	    add(b, &acc->validated, f->validated) < 0 ||
	    add(b, &acc->delivered_ytd, f->delivered_ytd) < 0 ||
	    add(b, &acc->validated_ytd, f->validated_ytd) < 0)
		return -1;
	return 0;
}

static int agg_add(struct rb *b, struct agg *acc, const struct agg *a)
{
	if (fig_add(b, &acc->fig, &a->fig) < 0)
		return -1;
	acc->used |= a->used;
	acc->any_proxy |= a->any_proxy;
	return 0;
}

/* ---- reading: the catalogue ----------------------------------------------------- */

static int on_catalogue(void *ctx, const db_catalogue_rec *m)
{
	struct rb *b = ctx;
	struct measure *me;

	if (b->nthemes == 0 || b->themes[b->nthemes - 1].id != m->theme_id) {
		struct theme *t;

		if (grow(&b->themes, b->nthemes, &b->capthemes, sizeof *b->themes) < 0)
			return nomem(b);
		t = &b->themes[b->nthemes++];
		memset(t, 0, sizeof *t);
		t->id = m->theme_id;
		t->name = dup_text(m->theme);
		t->title = dup_text(m->theme_title);
		if (t->name == NULL || t->title == NULL)
			return nomem(b);
	}
	if (b->noutcomes == 0 || b->outcomes[b->noutcomes - 1].id != m->outcome_id) {
		struct outcome *o;

		if (grow(&b->outcomes, b->noutcomes, &b->capoutcomes, sizeof *b->outcomes) < 0)
			return nomem(b);
		o = &b->outcomes[b->noutcomes++];
		memset(o, 0, sizeof *o);
		o->id = m->outcome_id;
		o->theme = b->nthemes - 1;
		o->text = dup_text(m->outcome);
		if (o->text == NULL)
			return nomem(b);
	}
	if (grow(&b->measures, b->nmeasures, &b->capmeasures, sizeof *b->measures) < 0)
		return nomem(b);
	me = &b->measures[b->nmeasures++];
	memset(me, 0, sizeof *me);
	me->id = m->measure_id;
	me->outcome = b->noutcomes - 1;
	me->local = m->local;
	me->code = dup_text(m->code);
	me->title = dup_text(m->title);
	me->unit = dup_text(m->unit);
	if (me->code == NULL || me->title == NULL || me->unit == NULL)
		return nomem(b);
	return 0;
}

static int cmp_by_id(const void *x, const void *y)
{
	const struct by_id *a = x, *c = y;

	return (a->id > c->id) - (a->id < c->id);
}

static struct measure *measure_of(struct rb *b, int64_t id)
{
	struct by_id key = { id, 0 };
	const struct by_id *hit = bsearch(&key, b->mids, b->nmeasures, sizeof *b->mids, cmp_by_id);

	return hit != NULL ? &b->measures[hit->i] : NULL;
}

/* ---- reading: contracts, commitments, lines ------------------------------------------ */

static int on_contract(void *ctx, const db_report_contract_rec *c)
{
	struct rb *b = ctx;
	struct contract *k;

	if (grow(&b->cons, b->ncons, &b->capcons, sizeof *b->cons) < 0)
		return nomem(b);
	k = &b->cons[b->ncons++];
	memset(k, 0, sizeof *k);
	k->id = c->id;
	k->body = c->body;
	k->of_board = report_board_has_body(b->r->p.board, c->body);
	if (!k->of_board)
		return 0;
	k->value = c->value;
	k->sv_weight = c->sv_weight;
	k->ref = dup_text(c->ref);
	k->title = dup_text(c->title);
	k->supplier = dup_text(c->supplier);
	k->manager = dup_or_null(c->manager);
	if (c->start == NULL || date_parse(c->start, &k->start, NULL) != 0 ||
	    c->end == NULL || date_parse(c->end, &k->end, NULL) != 0)
		return sv_err_set(b->err, "contract %s: its dates cannot be read", k->ref);
	if (k->ref == NULL || k->title == NULL || k->supplier == NULL ||
	    (c->manager != NULL && k->manager == NULL))
		return nomem(b);
	return 0;
}

/* The contract with this id when it is one of the board's bodies. */
static struct contract *contract_of(struct rb *b, int64_t id)
{
	size_t lo = 0, hi = b->ncons;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (b->cons[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < b->ncons && b->cons[lo].id == id && b->cons[lo].of_board)
		return &b->cons[lo];
	return NULL;
}

static int note_set(struct rb *b, int64_t set_id)
{
	for (size_t i = 0; i < b->nsets; i++)
		if (b->sets[i] == set_id)
			return 0;
	if (grow(&b->sets, b->nsets, &b->capsets, sizeof *b->sets) < 0)
		return nomem(b);
	b->sets[b->nsets++] = set_id;
	return 0;
}

static int on_commitment(void *ctx, const db_report_commitment_rec *c)
{
	struct rb *b = ctx;
	struct contract *k = contract_of(b, c->contract_id);
	struct measure *m;
	sv_pence v = 0;

	if (k == NULL)
		return 0;
	m = measure_of(b, c->measure_id);
	if (m == NULL)
		return sv_err_set(b->err, "contract %s: a commitment names a measure that is not "
				  "in the catalogue (id %lld)", k->ref, (long long)c->measure_id);
	b->at_k = k;
	b->at_m = m;
	if (c->has_proxy && sv_value(c->target, c->proxy, &v) != 0)
		return overflow(b);
	if (add(b, &k->a.fig.committed, v) < 0 || add(b, &m->a.fig.committed, v) < 0 ||
	    add(b, &m->a.qty.committed, c->target) < 0)
		return -1;
	k->committed_y = 1;
	k->a.used = m->a.used = 1;
	if (c->has_proxy)
		m->a.any_proxy = 1;
	if (c->proxy_set_id != 0 && note_set(b, c->proxy_set_id) < 0)
		return -1;
	return 0;
}

static int on_line(void *ctx, const db_report_line_rec *l)
{
	struct rb *b = ctx;
	struct contract *k = contract_of(b, l->contract_id);
	struct measure *m;
	int validated = l->status == ST_VALIDATED && l->has_validated;
	int key = l->fy * 4 + l->q - 1;
	sv_pence d = 0, v = 0;
	report_fig f;

	if (k == NULL)
		return 0;
	m = measure_of(b, l->measure_id);
	if (m == NULL)
		return 0;
	b->at_k = k;
	b->at_m = m;
	if (report_line_sv(l->has_proxy, l->proxy, l->delivered, l->status, l->has_validated,
			   l->validated, &d, &v) != 0)
		return overflow(b);
	if (key >= b->trend_k0 && key < b->trend_k0 + REPORT_TREND_N &&
	    add(b, &b->r->trend[key - b->trend_k0].validated, v) < 0)
		return -1;
	/* the report's lines: FGB the year; QPRB and QRB Q1 .. Qn */
	if (l->fy != b->fy || l->q > b->q)
		return 0;
	memset(&f, 0, sizeof f);
	if (b->quarterly) {
		f.delivered_ytd = d;
		f.validated_ytd = v;
		if (l->q == b->q) {
			f.delivered = d;
			f.validated = v;
		}
	} else {
		f.delivered = d;
		f.validated = v;
	}
	if (fig_add(b, &k->a.fig, &f) < 0 || fig_add(b, &m->a.fig, &f) < 0 ||
	    add(b, &m->a.qty.delivered, l->delivered) < 0 ||
	    (validated && add(b, &m->a.qty.validated, l->validated) < 0))
		return -1;
	k->a.used = m->a.used = 1;
	if (l->q == b->q)
		k->line_in_q = 1;
	if (l->status == ST_SUBMITTED) {
		b->r->awaiting.lines++;
		if (add(b, &b->r->awaiting.delivered, d) < 0)
			return -1;
	} else if (l->status == ST_QUERY) {
		b->r->in_query.lines++;
		if (add(b, &b->r->in_query.delivered, d) < 0)
			return -1;
	}
	return 0;
}

/* ---- the rows ------------------------------------------------------------------- */

static report_row *row_new(struct rb *b, report_rows *rows, size_t *cap)
{
	report_row *row;

	if (grow(&rows->v, rows->n, cap, sizeof *rows->v) < 0) {
		nomem(b);
		return NULL;
	}
	row = &rows->v[rows->n++];
	memset(row, 0, sizeof *row);
	row->parent = -1;
	return row;
}

static int row_texts(struct rb *b, report_row *row, const char *key, const char *title)
{
	row->key = dup_text(key);
	row->title = dup_text(title);
	if (row->key == NULL || row->title == NULL)
		return nomem(b);
	return 0;
}

static int measure_row(struct rb *b, report_rows *rows, size_t *cap, const struct measure *m,
		       int parent)
{
	report_row *row = row_new(b, rows, cap);

	if (row == NULL || row_texts(b, row, m->code, m->title) < 0)
		return -1;
	row->unit = dup_text(m->unit);
	if (row->unit == NULL)
		return nomem(b);
	row->parent = parent;
	row->record_only = !m->a.any_proxy;
	row->local = m->local;
	row->fig = m->a.fig;
	row->qty = m->a.qty;
	return 0;
}

/* Themes, outcomes and measures in catalogue order: those with a
 * commitment in Y or a line of the report (measures add up into their
 * outcome and theme). */
static int catalogue_rows(struct rb *b)
{
	report *r = b->r;
	size_t cap_t = 0, cap_o = 0, cap_m = 0, cap_l = 0;

	for (size_t i = 0; i < b->nmeasures; i++) {
		struct measure *m = &b->measures[i];
		struct outcome *o = &b->outcomes[m->outcome];

		if (!m->a.used)
			continue;
		if (agg_add(b, &o->a, &m->a) < 0 || agg_add(b, &b->themes[o->theme].a, &m->a) < 0)
			return -1;
	}
	for (size_t i = 0; i < b->nthemes; i++) {
		struct theme *t = &b->themes[i];
		report_row *row;

		t->row = -1;
		if (!t->a.used)
			continue;
		row = row_new(b, &r->themes, &cap_t);
		if (row == NULL || row_texts(b, row, t->name, t->title) < 0)
			return -1;
		row->fig = t->a.fig;
		t->row = (int)(r->themes.n - 1);
	}
	for (size_t i = 0; i < b->noutcomes; i++) {
		struct outcome *o = &b->outcomes[i];
		report_row *row;

		o->row = -1;
		if (!o->a.used)
			continue;
		row = row_new(b, &r->outcomes, &cap_o);
		if (row == NULL || row_texts(b, row, o->text, o->text) < 0)
			return -1;
		row->fig = o->a.fig;
		row->parent = b->themes[o->theme].row;
		o->row = (int)(r->outcomes.n - 1);
	}
	for (size_t i = 0; i < b->nmeasures; i++) {
		const struct measure *m = &b->measures[i];

		if (m->a.used && measure_row(b, &r->measures, &cap_m, m,
					     b->outcomes[m->outcome].row) < 0)
			return -1;
		/* the QRB's OPCC considerations: every local measure */
		if (r->p.board == BOARD_QRB && m->local &&
		    measure_row(b, &r->opcc_local, &cap_l, m, -1) < 0)
			return -1;
	}
	return 0;
}

static int cmp_contract_ref(const void *x, const void *y)
{
	const struct contract *const *a = x, *const *c = y;

	return strcmp((*a)->ref, (*c)->ref);
}

/* The board's contracts of interest (pred), by ref; *out malloc'd. */
static int contracts_by_ref(struct rb *b, int (*pred)(const struct rb *, const struct contract *),
			    struct contract ***out, size_t *n)
{
	struct contract **v = NULL;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (b->ncons > 0) {
		v = malloc(b->ncons * sizeof *v);
		if (v == NULL)
			return nomem(b);
	}
	for (size_t i = 0; i < b->ncons; i++)
		if (b->cons[i].of_board && pred(b, &b->cons[i]))
			v[k++] = &b->cons[i];
	if (k > 1)
		qsort(v, k, sizeof *v, cmp_contract_ref);
	*out = v;
	*n = k;
	return 0;
}

static int is_used(const struct rb *b, const struct contract *k)
{
	(void)b;
	return k->a.used;
}

static int is_exception(const struct rb *b, const struct contract *k)
{
	return policy_is_exception(b->cfg, k->value, k->sv_weight);
}

struct top {
	sv_pence key;
	size_t i;
};

static int cmp_top(const void *x, const void *y)
{
	const struct top *a = x, *c = y;

	if (a->key != c->key)
		return a->key > c->key ? -1 : 1;
	return (a->i > c->i) - (a->i < c->i);    /* rows are by ref */
}

/* Contract rows by ref (with RAG for QPRB and QRB), bodies (FGB), the
 * headline, the top ten. */
static int contract_rows(struct rb *b)
{
	report *r = b->r;
	struct contract **v;
	size_t n, cap = 0, cap_b = 0;
	struct top *idx = NULL;

	if (contracts_by_ref(b, is_used, &v, &n) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct contract *k = v[i];
		report_row *row = row_new(b, &r->contracts_rows, &cap);

		if (row == NULL || row_texts(b, row, k->ref, k->title) < 0)
			goto fail;
		row->supplier = dup_text(k->supplier);
		if (row->supplier == NULL) {
			nomem(b);
			goto fail;
		}
		row->fig = k->a.fig;
		if (b->quarterly) {
			row->rag = report_rag(k->a.fig.validated_ytd, k->a.fig.committed, b->q,
					      b->cfg->rag_green, b->cfg->rag_amber, &row->rag_pct);
			r->rag_count[row->rag]++;
		} else {
			/* the year's end: validated in the year is the YTD of Q4 */
			int64_t pct;

			r->rag_count[report_rag(k->a.fig.validated, k->a.fig.committed, b->q,
						b->cfg->rag_green, b->cfg->rag_amber, &pct)]++;
		}
		if (fig_add(b, &r->headline, &k->a.fig) < 0)
			goto fail;
		if (k->committed_y)
			r->contracts++;
	}
	if (!b->quarterly) {
		static const struct {
			enum sv_body body;
			const char *title;
		} bodies[] = {
			{ BODY_WMP, "West Midlands Police" },
			{ BODY_OPCC, "Office of the Police and Crime Commissioner" },
		};

		for (size_t j = 0; j < sizeof bodies / sizeof bodies[0]; j++) {
			report_row *row = row_new(b, &r->bodies, &cap_b);

			if (row == NULL || row_texts(b, row, body_name(bodies[j].body),
						     bodies[j].title) < 0)
				goto fail;
			for (size_t i = 0; i < n; i++)
				if (v[i]->body == bodies[j].body &&
				    fig_add(b, &row->fig, &v[i]->a.fig) < 0)
					goto fail;
		}
	}
	/* the top ten by validated £SV (YTD for QPRB and QRB), ties by ref;
	 * contracts with nothing validated are not listed */
	if (r->contracts_rows.n > 0) {
		idx = malloc(r->contracts_rows.n * sizeof *idx);
		if (idx == NULL) {
			nomem(b);
			goto fail;
		}
		for (size_t i = 0; i < r->contracts_rows.n; i++) {
			const report_fig *f = &r->contracts_rows.v[i].fig;

			idx[i].key = b->quarterly ? f->validated_ytd : f->validated;
			idx[i].i = i;
		}
		qsort(idx, r->contracts_rows.n, sizeof *idx, cmp_top);
		for (size_t i = 0; i < r->contracts_rows.n && r->n_top < 10; i++)
			if (idx[i].key > 0)
				r->top[r->n_top++] = idx[i].i;
		free(idx);
	}
	free(v);
	return 0;
fail:
	free(v);
	return -1;
}

static int exceptions(struct rb *b)
{
	report *r = b->r;
	struct contract **v;
	size_t n;

	if (contracts_by_ref(b, is_exception, &v, &n) < 0)
		return -1;
	if (n > 0) {
		r->exceptions = calloc(n, sizeof *r->exceptions);
		if (r->exceptions == NULL) {
			free(v);
			return nomem(b);
		}
	}
	for (size_t i = 0; i < n; i++) {
		report_exception *x = &r->exceptions[r->n_exceptions++];

		x->ref = dup_text(v[i]->ref);
		x->supplier = dup_text(v[i]->supplier);
		x->title = dup_text(v[i]->title);
		x->body = v[i]->body;
		x->value = v[i]->value;
		x->sv_weight = v[i]->sv_weight;
		if (x->ref == NULL || x->supplier == NULL || x->title == NULL) {
			free(v);
			return nomem(b);
		}
	}
	free(v);
	return 0;
}

int report_line_sv(int has_proxy, sv_proxy proxy, sv_qty delivered, enum sv_status status,
		   int has_validated, sv_qty validated, sv_pence *d, sv_pence *v)
{
	sv_pence dd = 0, vv = 0;

	if (has_proxy) {
		if (sv_value(delivered, proxy, &dd) != 0)
			return -1;
		if (status == ST_VALIDATED && has_validated && sv_value(validated, proxy, &vv) != 0)
			return -1;
	}
	*d = dd;
	*v = vv;
	return 0;
}

int report_missing_return(int committed_in_year, sv_date start, sv_date end, sv_quarter q,
			  int line_in_q)
{
	sv_date first, last;

	if (!committed_in_year || line_in_q)
		return 0;
	quarter_range(q, &first, &last);
	return date_cmp(start, last) <= 0 && date_cmp(end, first) >= 0;
}

static int is_missing(const struct rb *b, const struct contract *k)
{
	sv_quarter q = { b->fy, b->q };

	return report_missing_return(k->committed_y, k->start, k->end, q, k->line_in_q);
}

/* Missing returns of quarter n, by ref. */
static int missing(struct rb *b)
{
	report *r = b->r;
	struct contract **v;
	size_t n;

	if (contracts_by_ref(b, is_missing, &v, &n) < 0)
		return -1;
	if (n > 0) {
		r->missing = calloc(n, sizeof *r->missing);
		if (r->missing == NULL) {
			free(v);
			return nomem(b);
		}
	}
	for (size_t i = 0; i < n; i++) {
		report_missing *mi = &r->missing[r->n_missing++];

		mi->ref = dup_text(v[i]->ref);
		mi->supplier = dup_text(v[i]->supplier);
		mi->title = dup_text(v[i]->title);
		mi->manager = dup_or_null(v[i]->manager);
		if (mi->ref == NULL || mi->supplier == NULL || mi->title == NULL ||
		    (v[i]->manager != NULL && mi->manager == NULL)) {
			free(v);
			return nomem(b);
		}
	}
	free(v);
	return 0;
}

/* ---- proxy sets, answers, highlights ------------------------------------------- */

static int on_proxy_set(void *ctx, int64_t id, const char *name, int illustrative)
{
	struct rb *b = ctx;
	report *r = b->r;
	report_proxy_set *s;
	size_t i;

	for (i = 0; i < b->nsets; i++)
		if (b->sets[i] == id)
			break;
	if (i == b->nsets)
		return 0;
	s = &r->proxy_sets[r->n_proxy_sets++];
	s->name = dup_text(name);
	s->illustrative = illustrative != 0;
	return s->name == NULL ? nomem(b) : 0;
}

struct answers {
	struct rb *b;
	size_t cap;
};

static int on_answer(void *ctx, int64_t contract_id, const char *topic, const char *answer)
{
	struct answers *x = ctx;
	struct rb *b = x->b;
	report *r = b->r;
	const struct contract *k = contract_of(b, contract_id);
	report_answer *a;

	if (k == NULL || k->body != BODY_OPCC || !k->committed_y)
		return 0;
	if (grow(&r->answers, r->n_answers, &x->cap, sizeof *r->answers) < 0)
		return nomem(b);
	a = &r->answers[r->n_answers++];
	a->ref = dup_text(k->ref);
	a->supplier = dup_text(k->supplier);
	a->topic = dup_text(topic);
	a->answer = dup_text(answer);
	if (a->ref == NULL || a->supplier == NULL || a->topic == NULL || a->answer == NULL)
		return nomem(b);
	return 0;
}

/* A topic's place in the policy's order (an unknown one last). */
static size_t topic_rank(const char *name)
{
	const rec_topic *t = rec_topic_find(name), *all;
	size_t n;

	all = rec_topics(&n);
	return t != NULL ? (size_t)(t - all) : n;
}

/* By contract, then the topics in the policy's order. */
static int cmp_answer(const void *x, const void *y)
{
	const report_answer *a = x, *c = y;
	int k = strcmp(a->ref, c->ref);
	size_t ra, rc;

	if (k != 0)
		return k;
	ra = topic_rank(a->topic);
	rc = topic_rank(c->topic);
	return ra != rc ? (ra < rc ? -1 : 1) : strcmp(a->topic, c->topic);
}

static int highlights(struct rb *b, svdb *db)
{
	report *r = b->r;
	highlight_list l;

	memset(&l, 0, sizeof l);
	if (highlight_list_read(db, b->fy, &l, b->err) < 0)
		return -1;
	if (l.n > 0) {
		r->highlights = calloc(l.n, sizeof *r->highlights);
		if (r->highlights == NULL) {
			highlight_list_free(&l);
			return nomem(b);
		}
	}
	for (size_t i = 0; i < l.n; i++) {
		const highlight *h = &l.v[i];
		report_highlight *rh = &r->highlights[r->n_highlights++];

		rh->id = h->id;
		rh->text = dup_text(h->text);
		rh->contract_ref = dup_or_null(h->contract_ref);
		rh->body = dup_or_null(h->body);
		if (rh->text == NULL || (h->contract_ref != NULL && rh->contract_ref == NULL) ||
		    (h->body != NULL && rh->body == NULL)) {
			highlight_list_free(&l);
			return nomem(b);
		}
	}
	highlight_list_free(&l);
	return 0;
}

/* ---- build ----------------------------------------------------------------------- */

static void rb_free(struct rb *b)
{
	for (size_t i = 0; i < b->nthemes; i++) {
		free(b->themes[i].name);
		free(b->themes[i].title);
	}
	for (size_t i = 0; i < b->noutcomes; i++)
		free(b->outcomes[i].text);
	for (size_t i = 0; i < b->nmeasures; i++) {
		free(b->measures[i].code);
		free(b->measures[i].title);
		free(b->measures[i].unit);
	}
	for (size_t i = 0; i < b->ncons; i++) {
		free(b->cons[i].ref);
		free(b->cons[i].title);
		free(b->cons[i].supplier);
		free(b->cons[i].manager);
	}
	free(b->themes);
	free(b->outcomes);
	free(b->measures);
	free(b->mids);
	free(b->cons);
	free(b->sets);
}

static int check_period(const report_period *p, sv_err *err)
{
	if (!board_ok(p->board))
		return sv_err_set(err, "no such board (%d)", (int)p->board);
	if (p->fy < FY_MIN || p->fy > FY_MAX)
		return sv_err_set(err, "%s report: the financial year %d is out of range",
				  report_board_code(p->board), p->fy);
	if (report_board_quarterly(p->board) ? (p->q < 1 || p->q > 4) : p->q != 0)
		return sv_err_set(err, "%s report: quarter %d does not fit the board",
				  report_board_code(p->board), p->q);
	return 0;
}

static int build(struct rb *b, svdb *db, const char *person, const sv_datetime *now)
{
	report *r = b->r;
	const sv_config *cfg = b->cfg;
	sv_quarter from, to;
	struct answers ans = { b, 0 };

	r->org_name = dup_text(cfg->org_name);
	r->generated_by = dup_text(person);
	if (r->org_name == NULL || r->generated_by == NULL)
		return nomem(b);
	if (now != NULL)
		r->generated_at = *now;

	/* the catalogue */
	if (db_report_catalogue(db, on_catalogue, b, b->err) != 0)
		return -1;
	if (b->nmeasures > 0) {
		b->mids = malloc(b->nmeasures * sizeof *b->mids);
		if (b->mids == NULL)
			return nomem(b);
		for (size_t i = 0; i < b->nmeasures; i++) {
			b->mids[i].id = b->measures[i].id;
			b->mids[i].i = i;
		}
		qsort(b->mids, b->nmeasures, sizeof *b->mids, cmp_by_id);
	}

	/* contracts, the year's commitments, the lines of the trend's eight
	 * quarters (which hold the report's own) */
	if (db_report_contracts(db, on_contract, b, b->err) != 0 ||
	    db_report_commitments(db, b->fy, b->bodies, on_commitment, b, b->err) != 0)
		return -1;
	to.fy = b->fy;
	to.q = b->q;
	from = to;
	for (int i = 1; i < REPORT_TREND_N; i++)
		from = quarter_prev(from);
	b->trend_k0 = from.fy * 4 + from.q - 1;
	for (int i = 0; i < REPORT_TREND_N; i++) {
		r->trend[i].q.fy = (b->trend_k0 + i) / 4;
		r->trend[i].q.q = (b->trend_k0 + i) % 4 + 1;
	}
	if (db_report_lines(db, from, to, b->bodies, on_line, b, b->err) != 0)
		return -1;

	r->rag_q = b->q;
	if (catalogue_rows(b) < 0 || contract_rows(b) < 0 || exceptions(b) < 0)
		return -1;
	if (b->quarterly && missing(b) < 0)
		return -1;

	/* the proxy sets of the commitments counted, by name */
	if (b->nsets > 0) {
		r->proxy_sets = calloc(b->nsets, sizeof *r->proxy_sets);
		if (r->proxy_sets == NULL)
			return nomem(b);
		if (db_report_proxy_sets(db, on_proxy_set, b, b->err) != 0)
			return -1;
	}
	if (r->p.board == BOARD_QRB) {
		if (db_report_answers(db, on_answer, &ans, b->err) != 0)
			return -1;
		if (r->n_answers > 1)
			qsort(r->answers, r->n_answers, sizeof *r->answers, cmp_answer);
	}
	if (r->p.board == BOARD_FGB && highlights(b, db) < 0)
		return -1;
	if (db_audit_head(db, &r->audit_entries, r->audit_head, b->err) != 0)
		return -1;
	return 0;
}

int report_build(svdb *db, const sv_config *cfg, const report_period *p,
		 const char *person, const sv_datetime *now, report **out, sv_err *err)
{
	struct rb b;
	int began = 0, rc;

	*out = NULL;
	if (check_period(p, err) < 0)
		return -1;
	memset(&b, 0, sizeof b);
	b.r = calloc(1, sizeof *b.r);
	if (b.r == NULL)
		return sv_err_set(err, "out of memory");
	b.r->p = *p;
	b.cfg = cfg;
	b.err = err;
	b.quarterly = report_board_quarterly(p->board);
	for (int body = BODY_WMP; body <= BODY_OPCC; body++)
		if (report_board_has_body(p->board, (enum sv_body)body))
			b.bodies |= 1u << body;
	b.fy = p->fy;
	b.q = b.quarterly ? p->q : 4;
	if (db_snapshot_begin(db, &began, err) < 0) {
		report_free(&b.r);
		return -1;
	}
	rc = build(&b, db, person, now);
	db_snapshot_end(db, began);
	rb_free(&b);
	if (rc != 0) {
		report_free(&b.r);
		return -1;
	}
	*out = b.r;
	return 0;
}

/* ---- free --------------------------------------------------------------------------- */

static void rows_free(report_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++) {
		free(rows->v[i].key);
		free(rows->v[i].title);
		free(rows->v[i].supplier);
		free(rows->v[i].unit);
	}
	free(rows->v);
	rows->v = NULL;
	rows->n = 0;
}

void report_free(report **rp)
{
	report *r;

	if (rp == NULL || *rp == NULL)
		return;
	r = *rp;
	free(r->org_name);
	free(r->generated_by);
	for (size_t i = 0; i < r->n_proxy_sets; i++)
		free(r->proxy_sets[i].name);
	free(r->proxy_sets);
	rows_free(&r->bodies);
	rows_free(&r->themes);
	rows_free(&r->outcomes);
	rows_free(&r->measures);
	rows_free(&r->contracts_rows);
	rows_free(&r->opcc_local);
	for (size_t i = 0; i < r->n_missing; i++) {
		free(r->missing[i].ref);
		free(r->missing[i].supplier);
		free(r->missing[i].title);
		free(r->missing[i].manager);
	}
	free(r->missing);
	for (size_t i = 0; i < r->n_exceptions; i++) {
		free(r->exceptions[i].ref);
		free(r->exceptions[i].supplier);
		free(r->exceptions[i].title);
	}
	free(r->exceptions);
	for (size_t i = 0; i < r->n_highlights; i++) {
		free(r->highlights[i].text);
		free(r->highlights[i].contract_ref);
		free(r->highlights[i].body);
	}
	free(r->highlights);
	for (size_t i = 0; i < r->n_answers; i++) {
		free(r->answers[i].ref);
		free(r->answers[i].supplier);
		free(r->answers[i].topic);
		free(r->answers[i].answer);
	}
	free(r->answers);
	free(r);
	*rp = NULL;
}
