/* demo.c: a realistic synthetic database, relative to "today".
 *
 * This file plans the contracts, commitments, returns, decisions and
 * highlights and writes them; the made-up world they are drawn from (the
 * PRNG, names, texts and their pickers) is in demo_world.c.  Every random
 * choice comes from one PRNG seeded from the caller's seed, and nothing
 * reads the clock, so the same (ncontracts, seed, today) always gives the
 * same data.  It writes through the public db.h and store.h API only, in one
 * transaction.  Integer arithmetic throughout (no floating point touches
 * money or quantities). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/demo.h"
#include "svdesk/store.h"

#include "demo_world.h"

/* ---- integer log scale ------------------------------------------------------ */

/* One step of the log scale: x grows by 10% (at least 1). */
static int64_t log_step(int64_t x)
{
	return x + (x / 10 > 0 ? x / 10 : 1);
}

/* Number of steps from lo up to x. */
static int log_steps(int64_t lo, int64_t x)
{
	int n = 0;

	while (lo < x) {
		lo = log_step(lo);
		n++;
	}
	return n;
}

/* The value at position pos (0..1000) on the log scale from lo to hi. */
static int64_t log_at(int64_t lo, int64_t hi, int pos)
{
	int n = log_steps(lo, hi), k, i;
	int64_t x = lo;

	k = (int)((int64_t)n * pos / 1000);
	for (i = 0; i < k; i++)
		x = log_step(x);
	return x < hi ? x : hi;
}

static int clampi(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int64_t round_to(int64_t x, int64_t step)
{
	if (x < 0)
		return 0;
	return (x + step / 2) / step * step;
}

/* ---- measures by unit ---------------------------------------------------------- */

/* Yearly target range (hundredths of the unit) and rounding steps. */
typedef struct unit_rule {
	int64_t lo, hi;     /* a yearly target, for a small .. a large contract */
	int64_t step_year;  /* rounding of targets */
	int64_t step_q;     /* rounding of quarterly deliveries */
} unit_rule;

static const unit_rule unit_rules[] = {
	[U_FTE] = { 50, 2000, 50, 10 },
	[U_WEEKS] = { 1000, 30000, 100, 100 },
	[U_HOURS] = { 2000, 200000, 500, 100 },
	[U_GBP] = { 100000, 50000000, 10000, 1 },
	[U_TCO2E] = { 100, 20000, 50, 10 },
	[U_TONNES] = { 100, 15000, 50, 10 },
	[U_COUNT] = { 100, 2500, 100, 100 },
	[U_PERCENT] = { 6000, 10000, 100, 10 },
};

typedef struct dmeasure {
	int64_t id;
	char code[32];
	enum world_unit unit;
} dmeasure;

static int measure_find(const dmeasure *m, int n, const char *code, size_t len)
{
	int i;

	for (i = 0; i < n; i++)
		if (strlen(m[i].code) == len && memcmp(m[i].code, code, len) == 0)
			return i;
	return -1;
}

/* ---- contracts --------------------------------------------------------------- */

#define MAX_MEASURES 6
#define NYEARS 3

typedef struct dcontract {
	char ref[32];
	char title[160];
	char award[32];
	const char *supplier;
	const char *manager;
	int tmpl;
	enum sv_body body;
	sv_pence value;
	sv_date start, end;
	int sv_weight;
	int closed;
	enum sv_yesno living_wage, modern_slavery;
	int size;                      /* 0..1000: position of the value on the log scale */
	int nm;
	int mi[MAX_MEASURES];          /* indexes into the measures */
	sv_qty base[MAX_MEASURES];     /* yearly target of the first year */
	int64_t id;
	int years;                     /* bit y: commitments in fy0 + y */
} dcontract;

static int overlaps(sv_date a0, sv_date a1, sv_date b0, sv_date b1)
{
	return date_cmp(a0, b1) <= 0 && date_cmp(a1, b0) >= 0;
}

static int has_measure(const dcontract *c, int mi)
{
	int i;

	for (i = 0; i < c->nm; i++)
		if (c->mi[i] == mi)
			return 1;
	return 0;
}

static void add_measure(dcontract *c, int mi)
{
	if (mi >= 0 && c->nm < MAX_MEASURES && !has_measure(c, mi))
		c->mi[c->nm++] = mi;
}

/* 2 to 6 measures: mostly the template's typical ones; OPCC contracts carry
 * at least one local measure. */
static void choose_measures(rng *r, dcontract *c, const dmeasure *ms, int nms)
{
	int cand[16], ncand = 0, want, tries, i;
	const char *p = world_template(c->tmpl)->measures;

	while (*p != '\0' && ncand < NELEM(cand)) {
		size_t len = strcspn(p, " ");
		int mi = measure_find(ms, nms, p, len);

		if (mi >= 0)
			cand[ncand++] = mi;
		p += len;
		p += strspn(p, " ");
	}
	want = (int)rng_range(r, 2, 6);
	for (tries = 0; c->nm < want && c->nm < ncand && tries < 64; tries++) {
		int a = rng_below(r, ncand), b = rng_below(r, ncand);

		add_measure(c, cand[a < b ? a : b]);
	}
	if (c->body == BODY_OPCC) {
		int local = 0;

		for (i = 0; i < c->nm; i++)
			if (world_code_is_local(ms[c->mi[i]].code))
				local = 1;
		if (!local || rng_pct(r, 30)) {
			const char *code = world_local_code(r);
			int mi = measure_find(ms, nms, code, strlen(code));

			if (mi >= 0 && !has_measure(c, mi)) {
				if (c->nm == MAX_MEASURES)
					c->mi[c->nm - 1] = mi;
				else
					add_measure(c, mi);
			}
		}
	} else if (rng_pct(r, 8)) {
		const char *code = world_local_code_wmp(r);

		add_measure(c, measure_find(ms, nms, code, strlen(code)));
	}
	/* a catalogue without the expected codes: take any measures */
	for (tries = 0; c->nm < 2 && nms > 0 && tries < 64; tries++)
		add_measure(c, rng_below(r, nms));
}

static sv_qty yearly_target(rng *r, const dcontract *c, const dmeasure *m)
{
	const unit_rule *u = &unit_rules[m->unit];
	int64_t hi = u->hi, t;
	int pos;

	if (m->unit == U_PERCENT) {
		/* the Real Living Wage share: usually all staff; other shares
		 * (a workforce's make-up) are much lower */
		if (strcmp(m->code, "NT22") != 0)
			return round_to(rng_range(r, 1000, 4000), u->step_year);
		if (rng_pct(r, 60))
			return 10000;
		return round_to(rng_range(r, u->lo, u->hi), u->step_year);
	}
	if (m->unit == U_FTE && strcmp(m->code, "NT1") != 0 && strcmp(m->code, "WM-LP1") != 0)
		hi = 600;  /* disadvantaged hires come in ones and twos */
	pos = clampi(c->size + (int)rng_range(r, -300, 300), 0, 1000);
	t = log_at(u->lo, hi, pos);
	t = t * rng_range(r, 95, 105) / 100;
	t = round_to(t, u->step_year);
	return t < u->step_year ? u->step_year : t;
}

/* ---- contract generation ------------------------------------------------------- */

static enum sv_yesno yesno_pick(rng *r, int yes, int no, int na)
{
	int x = rng_below(r, 100);

	if (x < yes)
		return YN_YES;
	if (x < yes + no)
		return YN_NO;
	if (x < yes + no + na)
		return YN_NA;
	return YN_UNSET;
}

#define YEAR_SPAN 10

/* Numbering by year: contract refs of each body, and award reports. */
enum { NUM_WMP = BODY_WMP, NUM_OPCC = BODY_OPCC, NUM_AWARD, NUM_COUNT };

static void contract_make(rng *r, dcontract *c, enum sv_body body, sv_date today,
			  int counters[NUM_COUNT][YEAR_SPAN], const dmeasure *ms, int nms)
{
	static const int lengths[] = { 1, 2, 3, 3, 3, 4, 4, 5, 5 };
	const world_tmpl *t;
	sv_date awarded;
	int yi, len, weight;
	long off;
	int64_t v;

	memset(c, 0, sizeof *c);
	c->body = body;
	c->tmpl = world_template_for(r, body == BODY_OPCC);
	t = world_template(c->tmpl);
	world_contract_title(r, c->title, sizeof c->title, c->tmpl);
	c->supplier = world_supplier_for(r, t->sector);

	/* value: log-uniform in the template's range, to the £100 */
	c->size = (int)rng_range(r, 0, 1000);
	v = log_at((int64_t)t->lo_k * 100000, (int64_t)t->hi_k * 100000, c->size);
	v = v * rng_range(r, 96, 104) / 100;
	c->value = round_to(v, 10000);
	/* size on the scale £10,000 .. £10m, for targets */
	c->size = clampi(log_steps(1000000, c->value) * 1000 / log_steps(1000000, 1000000000),
			 0, 1000);

	/* dates: from about three years ago to a few months ahead */
	off = (long)rng_range(r, -3 * 365, 120);
	c->start = date_add_days(today, off);
	c->start.d = rng_pct(r, 70) ? 1 : clampi(c->start.d, 1, 28);
	len = lengths[rng_below(r, NELEM(lengths))];
	c->end = c->start;
	c->end.y += len;
	c->end = date_add_days(c->end, -1);

	/* ref: WMP-2024-017, numbered per body and year of award */
	awarded = date_add_days(c->start, -(long)rng_range(r, 30, 120));
	if (date_cmp(awarded, today) > 0)
		awarded = today;
	yi = clampi(awarded.y - (today.y - 5), 0, YEAR_SPAN - 1);
	counters[body][yi] += (int)rng_range(r, 1, 3);
	snprintf(c->ref, sizeof c->ref, "%s-%04d-%03d", body_name(body), awarded.y,
		 counters[body][yi]);

	/* social value weighting, tenths of a percent */
	if (c->value > 10000000) {
		static const int w[] = { 100, 100, 100, 100, 100, 120, 150, 150, 200 };

		weight = w[rng_below(r, NELEM(w))];
	} else {
		static const int w[] = { 0, 0, 0, 0, 50, 100, 100, 150 };

		weight = w[rng_below(r, NELEM(w))];
	}
	c->sv_weight = weight;

	if (rng_pct(r, 90))
		c->manager = world_manager(r, body == BODY_OPCC);
	if (rng_pct(r, 70)) {
		counters[NUM_AWARD][yi] += (int)rng_range(r, 1, 4);
		snprintf(c->award, sizeof c->award, "CAR-%04d-%03d", awarded.y,
			 counters[NUM_AWARD][yi]);
	}
	c->closed = date_cmp(c->end, today) < 0 && rng_pct(r, 85);
	if (date_cmp(c->start, today) > 0) {
		c->living_wage = yesno_pick(r, 20, 0, 5);
		c->modern_slavery = yesno_pick(r, 30, 0, 0);
	} else {
		c->living_wage = yesno_pick(r, 55, 8, 10);
		c->modern_slavery = yesno_pick(r, 62, 5, 5);
	}
	choose_measures(r, c, ms, nms);
}

/* ---- writing --------------------------------------------------------------------- */

typedef struct gen {
	svdb *db;
	rng r;
	sv_date today;
	int fy0;                 /* the first of the three financial years */
	sv_quarter last_ended;   /* the latest quarter that ended before today */
	dmeasure *ms;
	int nms;
	sv_err *err;
	db_line_cache lines;     /* the commitments of the contract being written */
} gen;

static void stamp(char buf[21], sv_date d, int hh, int mm, int ss)
{
	snprintf(buf, 21, "%04d-%02d-%02dT%02d:%02d:%02dZ", clampi(d.y, 0, 9999),
		 clampi(d.m, 1, 12), clampi(d.d, 1, 31), clampi(hh, 0, 23), clampi(mm, 0, 59),
		 clampi(ss, 0, 59));
}

/* Quarters between q and the latest ended one (0 = the latest). */
static int quarter_age(const gen *g, sv_quarter q)
{
	return (g->last_ended.fy - q.fy) * 4 + (g->last_ended.q - q.q);
}

static sv_date min_date(sv_date a, sv_date b)
{
	return date_cmp(a, b) <= 0 ? a : b;
}

/* A decision time: the date given (never after today), office hours; the
 * morning or the afternoon so that two decisions on one day keep order. */
static void decision_time(gen *g, char at[21], sv_date d, int afternoon)
{
	d = min_date(d, g->today);
	stamp(at, d, afternoon ? (int)rng_range(&g->r, 13, 17) : (int)rng_range(&g->r, 8, 12),
	      (int)rng_range(&g->r, 0, 59), (int)rng_range(&g->r, 0, 59));
}

static sv_qty quarter_delivery(rng *r, const dmeasure *m, sv_qty target, int nq)
{
	const unit_rule *u = &unit_rules[m->unit];
	int64_t d;
	int x;

	if (m->unit == U_PERCENT) {
		d = target + target * rng_range(r, -8, 3) / 100;
		d = d < 0 ? 0 : d > 10000 ? 10000 : d;
		return round_to(d, u->step_q);
	}
	x = rng_below(r, 100);
	d = target / (nq > 0 ? nq : 1);
	if (x < 7)
		return 0;
	if (x < 17)
		d = d * rng_range(r, 150, 260) / 100;
	else
		d = d * rng_range(r, 55, 135) / 100;
	return round_to(d, u->step_q);
}

static int fail(gen *g, const char *ref)
{
	sv_err_prefix(g->err, "demo: contract %s", ref);
	return -1;
}

/* The decisions on one line of a return, oldest first (none: left
 * submitted): written with the line, as history. */
struct decisions {
	db_decision_in d[2];
	char at[2][21];
	size_t n;
};

static void decided(struct decisions *h, enum sv_status st, sv_qty validated,
		    const char *reason, const char *by)
{
	db_decision_in *d = &h->d[h->n];

	d->status = st;
	d->validated = validated;
	d->reason = reason;
	d->by = by;
	d->at = h->at[h->n];
	h->n++;
}

static void decide_line(gen *g, struct decisions *h, const dmeasure *m, sv_qty delivered,
			int has_evidence, int processed, int age, sv_date submitted,
			const char *by)
{
	int x;
	sv_date d1;

	h->n = 0;
	if (!processed)
		return;
	d1 = date_add_days(submitted, age == 0 ? rng_range(&g->r, 1, 10) : rng_range(&g->r, 4, 40));
	decision_time(g, h->at[0], d1, 0);
	x = rng_below(&g->r, 100);
	if (!has_evidence) {
		if (x < 55)
			decided(h, ST_QUERY, 0, world_query_no_evidence, by);
		else if (x < 85 || delivered == 0)
			decided(h, ST_REJECTED, 0, world_reject_no_evidence, by);
		else
			decided(h, ST_VALIDATED, delivered, NULL, by);
		return;
	}
	if (x < 8) {
		/* in query; in older quarters the evidence came and the line was
		 * validated afterwards (the history keeps both decisions) */
		decided(h, ST_QUERY, 0, world_query_reason(&g->r, m->unit), by);
		if (age >= 2 && rng_pct(&g->r, 80)) {
			sv_date d2 = date_add_days(d1, rng_range(&g->r, 7, 30));

			if (date_cmp(d2, g->today) <= 0) {
				decision_time(g, h->at[1], d2, 1);
				decided(h, ST_VALIDATED, delivered, NULL, world_decider(&g->r));
			}
		}
		return;
	}
	if (x < 13 && delivered > 0) {
		decided(h, ST_REJECTED, 0, world_reject_reason(&g->r), by);
		return;
	}
	if (x < 28 && delivered > 0) {
		const unit_rule *u = &unit_rules[m->unit];
		sv_qty v = round_to(delivered * rng_range(&g->r, 40, 90) / 100, u->step_q);

		if (v < delivered) {
			decided(h, ST_VALIDATED, v, world_partial_reason(&g->r, m->unit), by);
			return;
		}
	}
	decided(h, ST_VALIDATED, delivered, NULL, by);
}

/* The number of quarters of financial year fy that the contract overlaps. */
static int quarters_in_year(const dcontract *c, int fy)
{
	sv_quarter q;
	sv_date a, b;
	int n = 0;

	q.fy = fy;
	for (q.q = 1; q.q <= 4; q.q++) {
		quarter_range(q, &a, &b);
		if (overlaps(a, b, c->start, c->end))
			n++;
	}
	return n;
}

static int write_contract(gen *g, dcontract *c)
{
	int64_t cid[NYEARS][MAX_MEASURES];
	sv_qty target[NYEARS][MAX_MEASURES];
	db_contract dc;
	db_return_in in;
	db_put_out out;
	struct decisions h;
	int y, i;

	memset(&dc, 0, sizeof dc);
	memset(&in, 0, sizeof in);
	in.history = 1;       /* a line with its decisions: inserted as it ends */
	in.cache = &g->lines;
	dc.ref = c->ref;
	dc.title = c->title;
	dc.supplier = c->supplier;
	dc.body = c->body;
	dc.value = c->value;
	dc.start = c->start;
	dc.end = c->end;
	dc.sv_weight = c->sv_weight;
	dc.manager = c->manager;
	dc.closed = c->closed;
	dc.award_report = c->award[0] != '\0' ? c->award : NULL;
	dc.living_wage = c->living_wage;
	dc.modern_slavery = c->modern_slavery;
	if (db_contract_put(g->db, &dc, &c->id, g->err) < 0)
		return fail(g, c->ref);

	/* commitments: every year of the three that overlaps the contract */
	for (y = 0; y < NYEARS; y++) {
		sv_date a, b;
		int nq;

		fy_range(g->fy0 + y, &a, &b);
		if (!overlaps(a, b, c->start, c->end))
			continue;
		c->years |= 1 << y;
		nq = quarters_in_year(c, g->fy0 + y);
		for (i = 0; i < c->nm; i++) {
			const dmeasure *m = &g->ms[c->mi[i]];
			const unit_rule *u = &unit_rules[m->unit];
			const char *note = NULL;
			sv_qty t = c->base[i];

			if (m->unit != U_PERCENT) {
				/* a little more each year; pro rata for a part year */
				t = t * (100 + 5 * y) / 100;
				t = t * nq / 4;
				t = round_to(t, u->step_year);
				if (t < u->step_year)
					t = u->step_year;
				if (nq < 4 && rng_pct(&g->r, 50))
					note = world_note_pro_rata;
			}
			if (note == NULL && rng_pct(&g->r, 12))
				note = world_note(&g->r);
			target[y][i] = t;
			if (db_commitment_put(g->db, c->id, m->id, g->fy0 + y, t, DB_PROXY_LOOKUP, note,
					      &cid[y][i], g->err) < 0)
				return fail(g, c->ref);
		}
	}

	/* returns: every quarter that ended before today and overlaps the contract */
	for (y = 0; y < NYEARS; y++) {
		sv_quarter q;
		int nq;

		if (!(c->years & (1 << y)))
			continue;
		nq = quarters_in_year(c, g->fy0 + y);
		q.fy = g->fy0 + y;
		for (q.q = 1; q.q <= 4; q.q++) {
			sv_date qa, qb, submitted;
			int age, processed, miss;
			const char *by;

			quarter_range(q, &qa, &qb);
			if (date_cmp(qb, g->today) >= 0 || !overlaps(qa, qb, c->start, c->end))
				continue;
			age = quarter_age(g, q);
			miss = age == 0 ? 18 : age == 1 ? 6 : 2;
			if (rng_pct(&g->r, miss))
				continue;
			processed = rng_pct(&g->r, age == 0 ? 22 : age == 1 ? 60 : 97);
			submitted = min_date(date_add_days(qb, rng_range(&g->r, 3, 28)), g->today);
			by = world_decider(&g->r);
			for (i = 0; i < c->nm; i++) {
				const dmeasure *m = &g->ms[c->mi[i]];
				sv_qty d = quarter_delivery(&g->r, m, target[y][i], nq);
				char ev[160];
				int has_ev = !rng_pct(&g->r, 4);

				if (has_ev)
					world_evidence(&g->r, ev, sizeof ev, m->unit, q.q, d);
				decide_line(g, &h, m, d, has_ev, processed, age, submitted, by);
				in.commitment_id = cid[y][i];
				in.fy = q.fy;
				in.quarter = q.q;
				in.delivered = d;
				in.evidence = has_ev ? ev : NULL;
				in.submitted = &submitted;
				in.decisions = h.d;
				in.ndecisions = h.n;
				if (db_return_store(g->db, &in, 0, &out, g->err) < 0)
					return fail(g, c->ref);
			}
		}
	}
	return 0;
}

/* A highlight about contract c, fitting one of its measures. */
static void highlight_about(gen *g, char *buf, size_t n, const dcontract *c)
{
	const char *codes[MAX_MEASURES];
	int i;

	for (i = 0; i < c->nm; i++)
		codes[i] = g->ms[c->mi[i]].code;
	world_highlight_tied(&g->r, buf, n, c->supplier, c->ref, c->tmpl, codes, c->nm);
}

static int write_highlights(gen *g, const dcontract *cs, int n)
{
	int y;

	for (y = 0; y < NYEARS; y++) {
		int k = (int)rng_range(&g->r, 2, 4), i;
		unsigned used = 0;
		sv_date first, last, noted;

		/* tied to a contract that had been running for a while that year */
		fy_range(g->fy0 + y, &first, &last);
		noted = min_date(last, g->today);
		last = min_date(last, date_add_days(g->today, -30));
		for (i = 0; i < k; i++) {
			char text[512], at[21];
			int64_t contract_id = 0;
			int j, tries;

			if (rng_pct(&g->r, 65)) {
				for (tries = 0; tries < 20; tries++) {
					j = rng_below(&g->r, n);
					if ((cs[j].years & (1 << y)) &&
					    date_cmp(cs[j].start, last) <= 0) {
						highlight_about(g, text, sizeof text, &cs[j]);
						contract_id = cs[j].id;
						break;
					}
				}
			}
			if (contract_id == 0) {
				/* a general one, not used twice in a year */
				snprintf(text, sizeof text, "%s",
					 world_highlight_general(&g->r, &used));
			}
			/* recorded at the year's end (or today), at a time of the demo's
			 * own: the same seed and today give the same data */
			stamp(at, noted, 9 + i, 30, 0);
			if (db_highlight_put(g->db, g->fy0 + y, contract_id, text, at, g->err) < 0) {
				sv_err_prefix(g->err, "demo: highlight");
				return -1;
			}
		}
	}
	return 0;
}

/* Exactly a quarter of the contracts (rounded) are the OPCC's, in a shuffled
 * order; a few contracts above £100,000 are policy exceptions. */
static int plan_contracts(gen *g, dcontract *cs, int n)
{
	int counters[NUM_COUNT][YEAR_SPAN];
	int nopcc = (n + 2) / 4, i, big = 0, exceptions = 0;
	enum sv_body *bodies;

	bodies = malloc((size_t)(n > 0 ? n : 1) * sizeof *bodies);
	if (bodies == NULL)
		return sv_err_set(g->err, "demo: out of memory");
	for (i = 0; i < n; i++)
		bodies[i] = i < nopcc ? BODY_OPCC : BODY_WMP;
	for (i = n - 1; i > 0; i--) {
		int j = rng_below(&g->r, i + 1);
		enum sv_body t = bodies[i];

		bodies[i] = bodies[j];
		bodies[j] = t;
	}
	memset(counters, 0, sizeof counters);
	for (i = 0; i < NUM_COUNT; i++) {
		int k;

		for (k = 0; k < YEAR_SPAN; k++)
			counters[i][k] = (int)rng_range(&g->r, 0, 4);
	}
	for (i = 0; i < n; i++) {
		dcontract *c = &cs[i];
		int k;

		contract_make(&g->r, c, bodies[i], g->today, counters, g->ms, g->nms);
		for (k = 0; k < c->nm; k++)
			c->base[k] = yearly_target(&g->r, c, &g->ms[c->mi[k]]);
		if (c->value > 10000000) {
			big++;
			if (rng_pct(&g->r, 9)) {
				static const int low[] = { 50, 50, 75, 80 };

				c->sv_weight = low[rng_below(&g->r, NELEM(low))];
				exceptions++;
			}
		}
	}
	/* at least one policy exception for the boards to see */
	if (exceptions == 0 && big > 0) {
		int k = rng_below(&g->r, big);

		for (i = 0; i < n; i++)
			if (cs[i].value > 10000000 && k-- == 0)
				cs[i].sv_weight = 50;
	}
	free(bodies);
	return 0;
}

static demo_progress_fn progress_fn;
static void *progress_ctx;

void demo_set_progress(demo_progress_fn fn, void *ctx)
{
	progress_fn = fn;
	progress_ctx = ctx;
}

int demo_generate(svdb *db, int ncontracts, uint64_t seed, sv_date today, sv_err *err)
{
	db_measure *all = NULL;
	dcontract *cs = NULL;
	size_t nall = 0, i;
	int64_t existing;
	gen g;
	int rc = -1, k;
	sv_quarter tq;

	if (ncontracts < 0 || ncontracts > 1000000)
		return sv_err_set(err, "demo: the number of contracts must be from 0 to 1000000, not %d",
				  ncontracts);
	if (!date_valid(today.y, today.m, today.d) || today.y < FY_MIN + 3 || today.y > FY_MAX)
		return sv_err_set(err, "demo: today is not a usable date");

	memset(&g, 0, sizeof g);
	g.db = db;
	g.err = err;
	g.today = today;
	rng_seed(&g.r, seed);
	g.fy0 = fy_of_date(today) - (NYEARS - 1);
	tq = quarter_of_date(today);
	g.last_ended = quarter_prev(tq);

	if (db_begin(db, err) < 0)
		return -1;
	existing = db_count(db, "contract", err);
	if (existing < 0)
		goto out;
	if (existing > 0) {
		sv_err_set(err, "demo: the database already holds %" PRId64
			   " contracts: demo data goes only into a new or empty database", existing);
		goto out;
	}
	if (db_import_begin(db, "demo", NULL, err) < 0)
		goto out;
	if (db_measures_all(db, &all, &nall, err) < 0)
		goto out;
	g.ms = calloc(nall > 0 ? nall : 1, sizeof *g.ms);
	cs = calloc(ncontracts > 0 ? (size_t)ncontracts : 1, sizeof *cs);
	if (g.ms == NULL || cs == NULL) {
		sv_err_set(err, "demo: out of memory");
		goto out;
	}
	for (i = 0; i < nall; i++) {
		g.ms[i].id = all[i].id;
		snprintf(g.ms[i].code, sizeof g.ms[i].code, "%s", all[i].code);
		g.ms[i].unit = world_unit_of(all[i].unit);
	}
	g.nms = (int)nall;

	if (plan_contracts(&g, cs, ncontracts) < 0)
		goto out;
	for (k = 0; k < ncontracts; k++) {
		if (write_contract(&g, &cs[k]) < 0)
			goto out;
		if (progress_fn != NULL)
			progress_fn(progress_ctx, k + 1, ncontracts);
	}
	if (ncontracts > 0 && write_highlights(&g, cs, ncontracts) < 0)
		goto out;
	if (db_meta_set(db, "demo", "1", err) < 0)
		goto out;
	if (db_import_end(db, NULL, NULL, err) < 0)
		goto out;
	if (db_commit(db, err) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0) {
		db_import_abort(db);
		db_rollback(db);
	}
	free(all);
	free(g.ms);
	free(cs);
	return rc;
}
