/* demo.c: a realistic synthetic database, relative to "today".
 *
 * Everything is made up: contract titles, suppliers, people and figures.
 * The generator uses its own PRNG (splitmix64) seeded from the caller's
 * seed and never reads the clock, so the same (ncontracts, seed, today)
 * always gives the same data.  It writes through the public db.h API only,
 * in one transaction.  Integer arithmetic throughout (no floating point
 * touches money or quantities). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/demo.h"

/* ---- the PRNG ------------------------------------------------------------- */

typedef struct rng {
	uint64_t s;
} rng;

static uint64_t rng_next(rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi] (inclusive); lo when hi < lo. */
static int64_t rng_range(rng *r, int64_t lo, int64_t hi)
{
	uint64_t span;

	if (hi <= lo)
		return lo;
	span = (uint64_t)(hi - lo) + 1;
	return lo + (int64_t)(rng_next(r) % span);
}

static int rng_below(rng *r, int n)
{
	return (int)rng_range(r, 0, n - 1);
}

/* 1 with probability pct percent. */
static int rng_pct(rng *r, int pct)
{
	return rng_below(r, 100) < pct;
}

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

/* ---- the made-up world --------------------------------------------------------- */

enum sector {
	SEC_FLEET, SEC_HEALTH, SEC_TECH, SEC_FACIL, SEC_ESTATES, SEC_FORENSIC,
	SEC_KIT, SEC_PROF, SEC_WASTE, SEC_COMMUNITY, SEC_DESIGN, SEC_COUNT
};

/* Invented company names, a few per sector (reused across contracts). */
static const char *const suppliers[SEC_COUNT][5] = {
	[SEC_FLEET] = { "Brindley Fleet Services Ltd", "Tame Valley Commercial Vehicles Ltd",
			"Kestrel Vehicle Solutions Ltd", "Arden Motor Engineering Ltd", NULL },
	[SEC_HEALTH] = { "Lickey Hills Healthcare Ltd", "Sandwell Clinical Services CIC",
			 "Meridian Forensic Medicine LLP", NULL, NULL },
	[SEC_TECH] = { "Sentinel Evidence Systems Ltd", "Cobalt Line IT Services Ltd",
		       "Northfield Data Systems Ltd", "Halcyon Communications Ltd", NULL },
	[SEC_FACIL] = { "Kingfisher Facilities Group Ltd", "Three Spires Cleaning Services Ltd",
			"Greenbank Grounds Care Ltd", "Evergreen Catering Co-operative Ltd", NULL },
	[SEC_ESTATES] = { "Black Country Building Services Ltd", "Digbeth Construction Ltd",
			  "Severnside Mechanical and Electrical Ltd", NULL, NULL },
	[SEC_FORENSIC] = { "Isotope Forensic Sciences Ltd", "Veritas Digital Forensics Ltd",
			   "Hollyhock Laboratories Ltd", NULL, NULL },
	[SEC_KIT] = { "Ironbridge Workwear Ltd", "Guardline Protective Equipment Ltd",
		      "Redditch Tailoring and Uniform Co Ltd", NULL, NULL },
	[SEC_PROF] = { "Lingua Midlands Interpreting CIC", "Colmore Square Legal LLP",
		       "Fairway Research and Insight Ltd", "Canalside Travel Management Ltd", NULL },
	[SEC_WASTE] = { "Circular Resource Recovery Ltd", "Wednesbury Waste and Recycling Ltd",
			NULL, NULL, NULL },
	[SEC_COMMUNITY] = { "Second Chance Pathways CIC", "Safer Streets Trust",
			    "Brightlight Youth Projects CIC", "Restore Together Ltd",
			    "Open Door Victim Care" },
	[SEC_DESIGN] = { "Secure Places Design Consultancy Ltd", "Urban Guardian Associates Ltd",
			 NULL, NULL, NULL },
};

enum { FOR_WMP = 1, FOR_OPCC = 2, FOR_BOTH = 3 };

/* A kind of contract: its title, sector, who buys it, its value range in
 * thousands of pounds, and the measures a bidder would sensibly offer, most
 * typical first. */
typedef struct tmpl {
	const char *title;
	enum sector sector;
	int bodies;
	int lo_k, hi_k;
	const char *measures;
} tmpl;

static const tmpl templates[] = {
	{ "Fleet maintenance and repair", SEC_FLEET, FOR_WMP, 400, 6000,
	  "NT1 NT10 NT18 NT31 NT32 NT8 NT3 NT13" },
	{ "Blue-light vehicle conversion and fit-out", SEC_FLEET, FOR_WMP, 300, 4000,
	  "NT10 NT1 NT18 NT19 NT31 NT11" },
	{ "Vehicle recovery and storage", SEC_FLEET, FOR_WMP, 60, 900,
	  "NT1 NT3 NT18 NT31 NT29" },
	{ "Fuel cards and bunkered fuel supply", SEC_FLEET, FOR_WMP, 200, 3000,
	  "NT31 NT33 NT18 NT28" },
	{ "Custody healthcare and forensic medical examiners", SEC_HEALTH, FOR_WMP, 1500, 9000,
	  "NT1 NT8 NT14 NT15 NT22 NT30 NT6" },
	{ "Occupational health and employee assistance", SEC_HEALTH, FOR_BOTH, 150, 1500,
	  "NT14 NT15 NT8 NT27 NT22" },
	{ "Body-worn video cameras and evidence platform", SEC_TECH, FOR_WMP, 500, 5000,
	  "NT9 NT11 NT21 NT18 NT31 NT23 NT24" },
	{ "IT managed service and service desk", SEC_TECH, FOR_BOTH, 800, 8000,
	  "NT1 NT10 NT4 NT9 NT21 NT16 NT22" },
	{ "Mobile devices and airtime", SEC_TECH, FOR_WMP, 200, 2500,
	  "NT32 NT23 NT24 NT9 NT28" },
	{ "Control room telephony upgrade", SEC_TECH, FOR_WMP, 300, 3500,
	  "NT10 NT11 NT9 NT21 NT31" },
	{ "Estates cleaning and hygiene services", SEC_FACIL, FOR_BOTH, 250, 4000,
	  "NT1 NT3 NT22 NT6 NT29 NT32 NT24 NT5" },
	{ "Grounds maintenance", SEC_FACIL, FOR_WMP, 40, 600,
	  "NT1 NT3 NT34 NT32 NT29" },
	{ "Catering and vending services", SEC_FACIL, FOR_WMP, 100, 1500,
	  "NT1 NT4 NT18 NT19 NT32 NT28" },
	{ "Print, post and mailroom services", SEC_FACIL, FOR_BOTH, 30, 500,
	  "NT1 NT6 NT32 NT29" },
	{ "Building maintenance and reactive repairs", SEC_ESTATES, FOR_WMP, 500, 6000,
	  "NT1 NT10 NT18 NT19 NT31 NT32 NT3 NT13" },
	{ "Custody suite refurbishment", SEC_ESTATES, FOR_WMP, 800, 7000,
	  "NT10 NT11 NT18 NT19 NT32 NT31 NT9" },
	{ "Forensic science services: DNA and toxicology", SEC_FORENSIC, FOR_WMP, 700, 8000,
	  "NT8 NT11 NT12 NT31 NT16 NT9" },
	{ "Digital forensics and device examination", SEC_FORENSIC, FOR_WMP, 200, 2500,
	  "NT8 NT11 NT9 NT21 NT16" },
	{ "Uniform and protective equipment supply", SEC_KIT, FOR_WMP, 300, 3500,
	  "NT23 NT24 NT22 NT18 NT32 NT19" },
	{ "Interpreting and translation services", SEC_PROF, FOR_BOTH, 60, 900,
	  "NT20 NT16 NT29 NT28 NT17" },
	{ "Legal services panel", SEC_PROF, FOR_BOTH, 100, 1200,
	  "NT12 NT21 NT29 NT28 NT9" },
	{ "Travel and accommodation booking", SEC_PROF, FOR_BOTH, 20, 300,
	  "NT28 NT29 NT31" },
	{ "Recruitment advertising and assessment centres", SEC_PROF, FOR_WMP, 50, 700,
	  "NT9 NT16 NT17 NT4 NT29" },
	{ "Waste management and recycling", SEC_WASTE, FOR_WMP, 80, 1200,
	  "NT32 NT31 NT1 NT28 NT3" },
	{ "Victim support service", SEC_COMMUNITY, FOR_OPCC, 300, 3000,
	  "NT30 WM-RO1 NT29 NT20 NT12 NT7" },
	{ "Youth diversion programme", SEC_COMMUNITY, FOR_OPCC, 80, 1200,
	  "WM-YD1 NT9 NT4 WM-RO1 NT29" },
	{ "Domestic abuse perpetrator programme", SEC_COMMUNITY, FOR_OPCC, 100, 1500,
	  "WM-RO1 NT30 NT12 NT20" },
	{ "Restorative justice service", SEC_COMMUNITY, FOR_OPCC, 60, 800,
	  "WM-RO1 NT30 NT29 NT12" },
	{ "Drug and alcohol testing on arrest and referral", SEC_HEALTH, FOR_OPCC, 200, 2000,
	  "WM-RO1 NT27 NT7 NT8 NT26" },
	{ "Prison leavers into work pathway", SEC_COMMUNITY, FOR_OPCC, 50, 900,
	  "WM-PL1 WM-RO1 NT3 NT12 NT7 WM-LP1" },
	{ "Secure-by-design advice and target hardening", SEC_DESIGN, FOR_OPCC, 30, 500,
	  "WM-DOC1 WM-DOC2 NT21 NT18" },
	{ "Independent custody visiting scheme support", SEC_COMMUNITY, FOR_OPCC, 15, 120,
	  "NT29 NT12 NT28" },
	{ "Community safety grants administration", SEC_PROF, FOR_OPCC, 20, 250,
	  "NT20 NT28 NT29 WM-LP1" },
	{ "Public consultation and survey research", SEC_PROF, FOR_OPCC, 25, 300,
	  "NT9 NT21 NT20 NT28" },
	{ "Sexual assault referral centre service", SEC_HEALTH, FOR_OPCC, 400, 3500,
	  "NT30 NT14 NT8 NT22 WM-RO1" },
};
#define NTEMPLATES (sizeof templates / sizeof templates[0])

static const char *const areas[] = {
	"Birmingham", "Coventry", "Black Country", "Solihull", "Walsall",
	"Wolverhampton", "Dudley", "Sandwell", "force-wide",
};

static const char *const wmp_managers[] = {
	"Sarah Collins", "Imran Hussain", "Gareth Lloyd", "Priya Sharma",
	"Tom Brennan", "Aisha Begum", "Mark Davies", "Kieran Walsh",
};
static const char *const opcc_managers[] = {
	"Helen Morris", "Daniel Okoro", "Fatima Rahman",
};

/* Finance staff logins who decide on returns. */
static const char *const deciders[] = { "jpatel", "mokafor", "lwhitfield", "rkaur" };

/* The OPCC's local measures. */
static const char *const local_codes[] = {
	"WM-RO1", "WM-PL1", "WM-LP1", "WM-DOC1", "WM-YD1", "WM-DOC2",
};

#define NELEM(a) ((int)(sizeof (a) / sizeof (a)[0]))

/* ---- measures by unit ---------------------------------------------------------- */

enum unit { U_FTE, U_WEEKS, U_HOURS, U_GBP, U_TCO2E, U_TONNES, U_COUNT, U_PERCENT };

static enum unit unit_of(const char *s)
{
	static const char *const names[] = {
		"FTE", "weeks", "hours", "GBP", "tCO2e", "tonnes", "count", "percent"
	};
	int i;

	for (i = 0; i < NELEM(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (enum unit)i;
	return U_COUNT;
}

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
	enum unit unit;
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

static int template_for(rng *r, enum sv_body body)
{
	int want = body == BODY_OPCC ? FOR_OPCC : FOR_WMP;

	for (;;) {
		int t = rng_below(r, (int)NTEMPLATES);

		if (templates[t].bodies & want) {
			/* OPCC contracts are mostly the OPCC's own services */
			if (body == BODY_OPCC && templates[t].bodies == FOR_BOTH && rng_pct(r, 50))
				continue;
			return t;
		}
	}
}

static const char *supplier_for(rng *r, enum sector s)
{
	int n = 0, a, b;

	while (n < 5 && suppliers[s][n] != NULL)
		n++;
	/* favour the first names: a few suppliers hold many contracts */
	a = rng_below(r, n);
	b = rng_below(r, n);
	return suppliers[s][a < b ? a : b];
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
	const char *p = templates[c->tmpl].measures;

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
			if (strncmp(ms[c->mi[i]].code, "WM-", 3) == 0)
				local = 1;
		if (!local || rng_pct(r, 30)) {
			/* the first three local measures are the common ones */
			int k = rng_pct(r, 75) ? rng_below(r, 3) : rng_below(r, NELEM(local_codes));
			int mi = measure_find(ms, nms, local_codes[k], strlen(local_codes[k]));

			if (mi >= 0 && !has_measure(c, mi)) {
				if (c->nm == MAX_MEASURES)
					c->mi[c->nm - 1] = mi;
				else
					add_measure(c, mi);
			}
		}
	} else if (rng_pct(r, 8)) {
		const char *code = rng_pct(r, 50) ? "WM-PL1" : "WM-LP1";

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

static void lower_first(char *dst, size_t n, const char *title)
{
	snprintf(dst, n, "%s", title);
	/* "Fleet maintenance" -> "fleet maintenance", but keep "IT ..." */
	if (dst[0] >= 'A' && dst[0] <= 'Z' && !(dst[1] >= 'A' && dst[1] <= 'Z'))
		dst[0] = (char)(dst[0] - 'A' + 'a');
}

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
	const tmpl *t;
	sv_date awarded;
	int yi, len, weight;
	long off;
	int64_t v;

	memset(c, 0, sizeof *c);
	c->body = body;
	c->tmpl = template_for(r, body);
	t = &templates[c->tmpl];

	/* title, sometimes with an area or a lot */
	switch (rng_below(r, 5)) {
	case 0:
		snprintf(c->title, sizeof c->title, "%s - %s", t->title,
			 areas[rng_below(r, NELEM(areas))]);
		break;
	case 1:
		snprintf(c->title, sizeof c->title, "%s (Lot %d)", t->title,
			 (int)rng_range(r, 1, 4));
		break;
	default:
		snprintf(c->title, sizeof c->title, "%s", t->title);
		break;
	}
	c->supplier = supplier_for(r, t->sector);

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
		c->manager = body == BODY_OPCC
			? opcc_managers[rng_below(r, NELEM(opcc_managers))]
			: wmp_managers[rng_below(r, NELEM(wmp_managers))];
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

/* ---- evidence, reasons and highlights ----------------------------------------------- */

static void evidence_text(rng *r, char *buf, size_t n, enum unit u, int q, sv_qty delivered)
{
	int k = (int)(delivered / 100);

	if (k < 1)
		k = 1;
	switch (u) {
	case U_FTE:
		if (rng_pct(r, 50))
			snprintf(buf, n, "Payroll extract Q%d, %d named starters", q, k + rng_below(r, 3));
		else
			snprintf(buf, n, "HR starter list Q%d with home postcodes", q);
		break;
	case U_WEEKS:
		snprintf(buf, n, "Apprentice and placement register Q%d, %d learners",
			 q, 1 + k / 12);
		break;
	case U_HOURS:
		if (rng_pct(r, 50))
			snprintf(buf, n, "Attendance sheets for %d sessions", 1 + k / 20);
		else
			snprintf(buf, n, "Timesheet extract Q%d signed off by the site manager", q);
		break;
	case U_GBP:
		if (rng_pct(r, 60))
			snprintf(buf, n, "Invoice list Q%d with supplier postcodes (%d invoices)",
				 q, 3 + rng_below(r, 60));
		else
			snprintf(buf, n, "Receipts and bank statement extract Q%d", q);
		break;
	case U_TCO2E:
		snprintf(buf, n, "Fleet telematics and fuel report Q%d, DEFRA factors", q);
		break;
	case U_TONNES:
		snprintf(buf, n, "Waste transfer notes Q%d (%d notes)", q, 2 + rng_below(r, 20));
		break;
	case U_COUNT:
		snprintf(buf, n, "Named list and certificates Q%d", q);
		break;
	case U_PERCENT:
		snprintf(buf, n, "Payroll pay-band report Q%d", q);
		break;
	}
}

static const char *partial_reason(rng *r, enum unit u)
{
	static const char *const people[] = {
		"Starters living outside the West Midlands excluded",
		"One starter already counted on another contract",
		"Part-time hours recalculated as FTE",
	};
	static const char *const weeks[] = {
		"Weeks before the apprentices' start dates excluded",
		"A placement shorter than the agreed minimum excluded",
	};
	static const char *const hours[] = {
		"Hours not attributable to this contract removed",
		"Sessions outside the quarter excluded",
		"Attendance sheets cover fewer attendees than claimed",
	};
	static const char *const money[] = {
		"Spend with a national firm's local branch excluded",
		"Invoices dated outside the quarter excluded",
		"Only spend with evidence of a West Midlands address counted",
	};
	static const char *const other[] = {
		"Part of the claim is not supported by the evidence",
		"Baseline corrected: saving recalculated",
	};

	switch (u) {
	case U_FTE:
		return people[rng_below(r, NELEM(people))];
	case U_WEEKS:
		return weeks[rng_below(r, NELEM(weeks))];
	case U_HOURS:
		return hours[rng_below(r, NELEM(hours))];
	case U_GBP:
		return money[rng_below(r, NELEM(money))];
	case U_TCO2E:
	case U_TONNES:
	case U_COUNT:
	case U_PERCENT:
		break;
	}
	return other[rng_below(r, NELEM(other))];
}

static const char *reject_reason(rng *r)
{
	static const char *const reasons[] = {
		"Activity is the supplier's general CSR, not delivered through this contract",
		"Evidence relates to a different quarter",
		"Same activity already claimed on another contract",
		"No evidence supplied after two requests",
	};

	return reasons[rng_below(r, NELEM(reasons))];
}

static const char *query_reason(rng *r, enum unit u)
{
	switch (u) {
	case U_FTE:
		return "Please send the payroll extract with home postcodes for the people claimed";
	case U_WEEKS:
		return "Please send the apprentice register showing start dates";
	case U_HOURS:
		return rng_pct(r, 50) ? "Please send signed attendance sheets for the sessions claimed"
				      : "Please confirm the hours relate to this contract only";
	case U_GBP:
		return "Please send the invoice list showing each supplier's address";
	case U_TCO2E:
		return "Please send the baseline and the calculation of the saving";
	case U_TONNES:
		return "Please send the waste transfer notes for the quarter";
	case U_COUNT:
	case U_PERCENT:
		break;
	}
	return "Evidence missing: please upload it with the return";
}

static const char *const notes[] = {
	"Target agreed at award; reviewed at the annual contract review",
	"Includes activity by subcontractors on this contract",
	"Local means a West Midlands postcode (B, CV, DY, WS, WV)",
	"Measured against the baseline in the method statement",
};

static const char *const places[] = {
	"Handsworth", "Lozells", "Tipton", "Bilston", "Foleshill", "Smethwick",
	"Sparkbrook", "Chelmsley Wood", "Blakenall", "Castle Vale",
};

static int contract_has(const dmeasure *ms, const dcontract *c, const char *code)
{
	int i;

	for (i = 0; i < c->nm; i++)
		if (strcmp(ms[c->mi[i]].code, code) == 0)
			return 1;
	return 0;
}

/* A highlight about a contract, fitting one of the measures it carries. */
static void highlight_tied(rng *r, char *buf, size_t n, const dmeasure *ms,
			   const dcontract *c)
{
	enum { H_JOBS, H_APPRENTICES, H_CAREERS, H_CARBON, H_VOLUNTEERS, H_COMMUNITY,
	       H_PRISON, H_REOFFENDING, H_DESIGN, H_LOCAL_SPEND, H_GENERAL };
	static const struct { const char *code; int kind; } fits[] = {
		{ "NT1", H_JOBS }, { "WM-LP1", H_JOBS }, { "NT10", H_APPRENTICES },
		{ "NT13", H_APPRENTICES }, { "NT9", H_CAREERS }, { "NT11", H_CAREERS },
		{ "NT31", H_CARBON }, { "NT29", H_VOLUNTEERS }, { "NT28", H_COMMUNITY },
		{ "NT26", H_COMMUNITY }, { "NT34", H_COMMUNITY }, { "WM-PL1", H_PRISON },
		{ "WM-RO1", H_REOFFENDING }, { "WM-YD1", H_REOFFENDING },
		{ "WM-DOC1", H_DESIGN }, { "WM-DOC2", H_DESIGN }, { "NT18", H_LOCAL_SPEND },
		{ "NT19", H_LOCAL_SPEND },
	};
	int kinds[NELEM(fits)], nk = 0, i, kind;
	char what[160];

	for (i = 0; i < NELEM(fits); i++)
		if (contract_has(ms, c, fits[i].code))
			kinds[nk++] = fits[i].kind;
	kind = nk > 0 ? kinds[rng_below(r, nk)] : H_GENERAL;
	lower_first(what, sizeof what, templates[c->tmpl].title);
	switch (kind) {
	case H_JOBS:
		snprintf(buf, n, "%s created %d jobs for West Midlands residents on the %s contract (%s).",
			 c->supplier, (int)rng_range(r, 4, 30), what, c->ref);
		break;
	case H_APPRENTICES:
		snprintf(buf, n, "All %d apprentices with %s on the %s contract passed their end-point assessments.",
			 (int)rng_range(r, 2, 9), c->supplier, what);
		break;
	case H_CAREERS:
		snprintf(buf, n, "%s ran a careers day for %d pupils from schools in %s (%s).",
			 c->supplier, (int)rng_range(r, 20, 120),
			 places[rng_below(r, NELEM(places))], c->ref);
		break;
	case H_CARBON:
		snprintf(buf, n, "%s cut emissions on the %s contract by an estimated %d tonnes CO2e.",
			 c->supplier, what, (int)rng_range(r, 5, 90));
		break;
	case H_VOLUNTEERS:
		snprintf(buf, n, "Staff of %s gave %d volunteering hours to community groups in %s (%s).",
			 c->supplier, (int)rng_range(r, 60, 600),
			 places[rng_below(r, NELEM(places))], c->ref);
		break;
	case H_COMMUNITY:
		snprintf(buf, n, "%s funded a community garden in %s through the %s contract.",
			 c->supplier, places[rng_below(r, NELEM(places))], what);
		break;
	case H_PRISON:
		snprintf(buf, n, "%s employed %d prison leavers through %s; none has reoffended so far.",
			 c->supplier, (int)rng_range(r, 2, 8), c->ref);
		break;
	case H_REOFFENDING:
		snprintf(buf, n, "%s mentored %d young people at risk of offending in %s (%s).",
			 c->supplier, (int)rng_range(r, 15, 80),
			 places[rng_below(r, NELEM(places))], c->ref);
		break;
	case H_DESIGN:
		snprintf(buf, n, "Design Out Crime advice from %s shaped %d new community safety schemes (%s).",
			 c->supplier, (int)rng_range(r, 2, 6), c->ref);
		break;
	case H_LOCAL_SPEND:
		snprintf(buf, n, "%s moved %d of its subcontracts on the %s contract to West Midlands firms.",
			 c->supplier, (int)rng_range(r, 3, 12), what);
		break;
	default:
		snprintf(buf, n, "%s sent every quarterly return on time for the %s contract (%s).",
			 c->supplier, what, c->ref);
		break;
	}
}

static const char *const highlights_general[] = {
	"A social value weighting of at least 10% was applied to every tender above £100,000 awarded this year.",
	"First supplier workshop on modern slavery in the supply chain, with 23 suppliers attending.",
	"Quarterly returns are now validated within 30 days of receipt on average.",
	"Joint WMP and OPCC supplier day on the Procurement Act 2023 and social value.",
	"Real Living Wage clause included in every new cleaning and catering contract.",
	"Design Out Crime advice from suppliers used in three new community safety schemes.",
};

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
} gen;

static void stamp(char buf[21], sv_date d, int hh, int mm, int ss)
{
	snprintf(buf, 21, "%04d-%02d-%02dT%02d:%02d:%02dZ", clampi(d.y, 0, 9999),
		 clampi(d.m, 1, 12), clampi(d.d, 1, 31), hh, mm, ss);
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

/* Decide one line of a return (or leave it submitted). */
static int decide_line(gen *g, const dcontract *c, int64_t line, const dmeasure *m,
		       sv_qty delivered, int has_evidence, int processed, int age,
		       sv_date submitted, const char *by)
{
	char at[21], at2[21];
	int x;
	sv_date d1;

	if (!processed)
		return 0;
	d1 = date_add_days(submitted, age == 0 ? rng_range(&g->r, 1, 10) : rng_range(&g->r, 4, 40));
	decision_time(g, at, d1, 0);
	x = rng_below(&g->r, 100);
	if (!has_evidence) {
		if (x < 55)
			return db_return_decide(g->db, line, ST_QUERY, 0,
						"Evidence missing: please upload it with the return",
						by, at, -1, g->err) < 0 ? fail(g, c->ref) : 0;
		if (x < 85 || delivered == 0)
			return db_return_decide(g->db, line, ST_REJECTED, 0,
						"No evidence supplied", by, at, -1, g->err) < 0
				? fail(g, c->ref) : 0;
		return db_return_decide(g->db, line, ST_VALIDATED, delivered, NULL, by, at, -1,
					g->err) < 0 ? fail(g, c->ref) : 0;
	}
	if (x < 8) {
		/* in query; in older quarters the evidence came and the line was
		 * validated afterwards (the history keeps both decisions) */
		if (db_return_decide(g->db, line, ST_QUERY, 0, query_reason(&g->r, m->unit), by, at,
				     -1, g->err) < 0)
			return fail(g, c->ref);
		if (age >= 2 && rng_pct(&g->r, 80)) {
			sv_date d2 = date_add_days(d1, rng_range(&g->r, 7, 30));

			if (date_cmp(d2, g->today) <= 0) {
				decision_time(g, at2, d2, 1);
				if (db_return_decide(g->db, line, ST_VALIDATED, delivered, NULL,
						     deciders[rng_below(&g->r, NELEM(deciders))],
						     at2, -1, g->err) < 0)
					return fail(g, c->ref);
			}
		}
		return 0;
	}
	if (x < 13 && delivered > 0)
		return db_return_decide(g->db, line, ST_REJECTED, 0, reject_reason(&g->r), by, at,
					-1, g->err) < 0 ? fail(g, c->ref) : 0;
	if (x < 28 && delivered > 0) {
		const unit_rule *u = &unit_rules[m->unit];
		sv_qty v = round_to(delivered * rng_range(&g->r, 40, 90) / 100, u->step_q);

		if (v < delivered)
			return db_return_decide(g->db, line, ST_VALIDATED, v,
						partial_reason(&g->r, m->unit), by, at, -1, g->err) < 0
				? fail(g, c->ref) : 0;
	}
	return db_return_decide(g->db, line, ST_VALIDATED, delivered, NULL, by, at, -1, g->err) < 0
		? fail(g, c->ref) : 0;
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
	int y, i;

	memset(&dc, 0, sizeof dc);
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
					note = "Pro rata: the contract covers part of the year";
			}
			if (note == NULL && rng_pct(&g->r, 12))
				note = notes[rng_below(&g->r, NELEM(notes))];
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
			by = deciders[rng_below(&g->r, NELEM(deciders))];
			for (i = 0; i < c->nm; i++) {
				const dmeasure *m = &g->ms[c->mi[i]];
				sv_qty d = quarter_delivery(&g->r, m, target[y][i], nq);
				char ev[160];
				int64_t line;
				int has_ev = !rng_pct(&g->r, 4);

				if (has_ev)
					evidence_text(&g->r, ev, sizeof ev, m->unit, q.q, d);
				if (db_return_put(g->db, cid[y][i], q.q, d, has_ev ? ev : NULL,
						  &submitted, &line, g->err) < 0)
					return fail(g, c->ref);
				if (decide_line(g, c, line, m, d, has_ev, processed, age,
						submitted, by) < 0)
					return -1;
			}
		}
	}
	return 0;
}

static int write_highlights(gen *g, const dcontract *cs, int n)
{
	int y;

	for (y = 0; y < NYEARS; y++) {
		int k = (int)rng_range(&g->r, 2, 4), used = 0, i;
		sv_date first, last;

		/* tied to a contract that had been running for a while that year */
		fy_range(g->fy0 + y, &first, &last);
		last = min_date(last, date_add_days(g->today, -30));
		for (i = 0; i < k; i++) {
			char text[512];
			int64_t contract_id = 0;
			int j, tries;

			if (rng_pct(&g->r, 65)) {
				for (tries = 0; tries < 20; tries++) {
					j = rng_below(&g->r, n);
					if ((cs[j].years & (1 << y)) &&
					    date_cmp(cs[j].start, last) <= 0) {
						highlight_tied(&g->r, text, sizeof text, g->ms, &cs[j]);
						contract_id = cs[j].id;
						break;
					}
				}
			}
			if (contract_id == 0) {
				/* a general one, not used twice in a year */
				do
					j = rng_below(&g->r, NELEM(highlights_general));
				while (used & (1 << j));
				used |= 1 << j;
				snprintf(text, sizeof text, "%s", highlights_general[j]);
			}
			if (db_highlight_put(g->db, g->fy0 + y, contract_id, text, g->err) < 0) {
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
	g.r.s = seed ^ UINT64_C(0x5356444b44454d4f);  /* "SVDKDEMO" */
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
		g.ms[i].unit = unit_of(all[i].unit);
	}
	g.nms = (int)nall;

	if (plan_contracts(&g, cs, ncontracts) < 0)
		goto out;
	for (k = 0; k < ncontracts; k++)
		if (write_contract(&g, &cs[k]) < 0)
			goto out;
	if (ncontracts > 0 && write_highlights(&g, cs, ncontracts) < 0)
		goto out;
	if (db_meta_set(db, "demo", "1", err) < 0)
		goto out;
	if (db_commit(db, err) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0)
		db_rollback(db);
	free(all);
	free(g.ms);
	free(cs);
	return rc;
}
