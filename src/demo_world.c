/* demo_world.c: the made-up world of the demo data.
 *
 * Everything here is invented: company names, people, places, figures in
 * the texts.  The PRNG is splitmix64; every picker draws only from the rng
 * it is given, in a fixed order, so that the demo stays reproducible.  No
 * database, no clock, no floating point. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "demo_world.h"

/* ---- the PRNG ------------------------------------------------------------- */

void rng_seed(rng *r, uint64_t seed)
{
	r->s = seed ^ UINT64_C(0x5356444b44454d4f);  /* "SVDKDEMO" */
}

uint64_t rng_next(rng *r)
{
	uint64_t z = (r->s += UINT64_C(0x9e3779b97f4a7c15));

	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi] (inclusive); lo when hi < lo. */
int64_t rng_range(rng *r, int64_t lo, int64_t hi)
{
	uint64_t span;

	if (hi <= lo)
		return lo;
	span = (uint64_t)(hi - lo) + 1;
	return lo + (int64_t)(rng_next(r) % span);
}

int rng_below(rng *r, int n)
{
	return (int)rng_range(r, 0, n - 1);
}

/* 1 with probability pct percent. */
int rng_pct(rng *r, int pct)
{
	return rng_below(r, 100) < pct;
}

/* ---- suppliers and kinds of contract ------------------------------------------- */

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

/* The kinds of contract that the force and the OPCC buy. */
static const world_tmpl templates[] = {
	{ "Fleet maintenance and repair", SEC_FLEET, WORLD_FOR_WMP, 400, 6000,
	  "NT1 NT10 NT18 NT31 NT32 NT8 NT3 NT13" },
	{ "Blue-light vehicle conversion and fit-out", SEC_FLEET, WORLD_FOR_WMP, 300, 4000,
	  "NT10 NT1 NT18 NT19 NT31 NT11" },
	{ "Vehicle recovery and storage", SEC_FLEET, WORLD_FOR_WMP, 60, 900,
	  "NT1 NT3 NT18 NT31 NT29" },
	{ "Fuel cards and bunkered fuel supply", SEC_FLEET, WORLD_FOR_WMP, 200, 3000,
	  "NT31 NT33 NT18 NT28" },
	{ "Custody healthcare and forensic medical examiners", SEC_HEALTH, WORLD_FOR_WMP, 1500, 9000,
	  "NT1 NT8 NT14 NT15 NT22 NT30 NT6" },
	{ "Occupational health and employee assistance", SEC_HEALTH, WORLD_FOR_BOTH, 150, 1500,
	  "NT14 NT15 NT8 NT27 NT22" },
	{ "Body-worn video cameras and evidence platform", SEC_TECH, WORLD_FOR_WMP, 500, 5000,
	  "NT9 NT11 NT21 NT18 NT31 NT23 NT24" },
	{ "IT managed service and service desk", SEC_TECH, WORLD_FOR_BOTH, 800, 8000,
	  "NT1 NT10 NT4 NT9 NT21 NT16 NT22" },
	{ "Mobile devices and airtime", SEC_TECH, WORLD_FOR_WMP, 200, 2500,
	  "NT32 NT23 NT24 NT9 NT28" },
	{ "Control room telephony upgrade", SEC_TECH, WORLD_FOR_WMP, 300, 3500,
	  "NT10 NT11 NT9 NT21 NT31" },
	{ "Estates cleaning and hygiene services", SEC_FACIL, WORLD_FOR_BOTH, 250, 4000,
	  "NT1 NT3 NT22 NT6 NT29 NT32 NT24 NT5" },
	{ "Grounds maintenance", SEC_FACIL, WORLD_FOR_WMP, 40, 600,
	  "NT1 NT3 NT34 NT32 NT29" },
	{ "Catering and vending services", SEC_FACIL, WORLD_FOR_WMP, 100, 1500,
	  "NT1 NT4 NT18 NT19 NT32 NT28" },
	{ "Print, post and mailroom services", SEC_FACIL, WORLD_FOR_BOTH, 30, 500,
	  "NT1 NT6 NT32 NT29" },
	{ "Building maintenance and reactive repairs", SEC_ESTATES, WORLD_FOR_WMP, 500, 6000,
	  "NT1 NT10 NT18 NT19 NT31 NT32 NT3 NT13" },
	{ "Custody suite refurbishment", SEC_ESTATES, WORLD_FOR_WMP, 800, 7000,
	  "NT10 NT11 NT18 NT19 NT32 NT31 NT9" },
	{ "Forensic science services: DNA and toxicology", SEC_FORENSIC, WORLD_FOR_WMP, 700, 8000,
	  "NT8 NT11 NT12 NT31 NT16 NT9" },
	{ "Digital forensics and device examination", SEC_FORENSIC, WORLD_FOR_WMP, 200, 2500,
	  "NT8 NT11 NT9 NT21 NT16" },
	{ "Uniform and protective equipment supply", SEC_KIT, WORLD_FOR_WMP, 300, 3500,
	  "NT23 NT24 NT22 NT18 NT32 NT19" },
	{ "Interpreting and translation services", SEC_PROF, WORLD_FOR_BOTH, 60, 900,
	  "NT20 NT16 NT29 NT28 NT17" },
	{ "Legal services panel", SEC_PROF, WORLD_FOR_BOTH, 100, 1200,
	  "NT12 NT21 NT29 NT28 NT9" },
	{ "Travel and accommodation booking", SEC_PROF, WORLD_FOR_BOTH, 20, 300,
	  "NT28 NT29 NT31" },
	{ "Recruitment advertising and assessment centres", SEC_PROF, WORLD_FOR_WMP, 50, 700,
	  "NT9 NT16 NT17 NT4 NT29" },
	{ "Waste management and recycling", SEC_WASTE, WORLD_FOR_WMP, 80, 1200,
	  "NT32 NT31 NT1 NT28 NT3" },
	{ "Victim support service", SEC_COMMUNITY, WORLD_FOR_OPCC, 300, 3000,
	  "NT30 WM-RO1 NT29 NT20 NT12 NT7" },
	{ "Youth diversion programme", SEC_COMMUNITY, WORLD_FOR_OPCC, 80, 1200,
	  "WM-YD1 NT9 NT4 WM-RO1 NT29" },
	{ "Domestic abuse perpetrator programme", SEC_COMMUNITY, WORLD_FOR_OPCC, 100, 1500,
	  "WM-RO1 NT30 NT12 NT20" },
	{ "Restorative justice service", SEC_COMMUNITY, WORLD_FOR_OPCC, 60, 800,
	  "WM-RO1 NT30 NT29 NT12" },
	{ "Drug and alcohol testing on arrest and referral", SEC_HEALTH, WORLD_FOR_OPCC, 200, 2000,
	  "WM-RO1 NT27 NT7 NT8 NT26" },
	{ "Prison leavers into work pathway", SEC_COMMUNITY, WORLD_FOR_OPCC, 50, 900,
	  "WM-PL1 WM-RO1 NT3 NT12 NT7 WM-LP1" },
	{ "Secure-by-design advice and target hardening", SEC_DESIGN, WORLD_FOR_OPCC, 30, 500,
	  "WM-DOC1 WM-DOC2 NT21 NT18" },
	{ "Independent custody visiting scheme support", SEC_COMMUNITY, WORLD_FOR_OPCC, 15, 120,
	  "NT29 NT12 NT28" },
	{ "Community safety grants administration", SEC_PROF, WORLD_FOR_OPCC, 20, 250,
	  "NT20 NT28 NT29 WM-LP1" },
	{ "Public consultation and survey research", SEC_PROF, WORLD_FOR_OPCC, 25, 300,
	  "NT9 NT21 NT20 NT28" },
	{ "Sexual assault referral centre service", SEC_HEALTH, WORLD_FOR_OPCC, 400, 3500,
	  "NT30 NT14 NT8 NT22 WM-RO1" },
};
#define NTEMPLATES NELEM(templates)

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

const world_tmpl *world_template(int t)
{
	return &templates[t];
}

int world_template_for(rng *r, int opcc)
{
	int want = opcc ? WORLD_FOR_OPCC : WORLD_FOR_WMP;

	for (;;) {
		int t = rng_below(r, NTEMPLATES);

		if (templates[t].bodies & want) {
			/* OPCC contracts are mostly the OPCC's own services */
			if (opcc && templates[t].bodies == WORLD_FOR_BOTH && rng_pct(r, 50))
				continue;
			return t;
		}
	}
}

const char *world_supplier_for(rng *r, enum world_sector s)
{
	int n = 0, a, b;

	while (n < 5 && suppliers[s][n] != NULL)
		n++;
	/* favour the first names: a few suppliers hold many contracts */
	a = rng_below(r, n);
	b = rng_below(r, n);
	return suppliers[s][a < b ? a : b];
}

void world_contract_title(rng *r, char *buf, size_t n, int t)
{
	const char *title = templates[t].title;

	switch (rng_below(r, 5)) {
	case 0:
		snprintf(buf, n, "%s - %s", title, areas[rng_below(r, NELEM(areas))]);
		break;
	case 1:
		snprintf(buf, n, "%s (Lot %d)", title, (int)rng_range(r, 1, 4));
		break;
	default:
		snprintf(buf, n, "%s", title);
		break;
	}
}

const char *world_manager(rng *r, int opcc)
{
	return opcc ? opcc_managers[rng_below(r, NELEM(opcc_managers))]
		    : wmp_managers[rng_below(r, NELEM(wmp_managers))];
}

const char *world_decider(rng *r)
{
	return deciders[rng_below(r, NELEM(deciders))];
}

/* ---- measures ------------------------------------------------------------------ */

enum world_unit world_unit_of(const char *s)
{
	static const char *const names[] = {
		"FTE", "weeks", "hours", "GBP", "tCO2e", "tonnes", "count", "percent"
	};
	int i;

	for (i = 0; i < NELEM(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (enum world_unit)i;
	return U_COUNT;
}

int world_code_is_local(const char *code)
{
	return strncmp(code, "WM-", 3) == 0;
}

const char *world_local_code(rng *r)
{
	/* the first three local measures are the common ones */
	int k = rng_pct(r, 75) ? rng_below(r, 3) : rng_below(r, NELEM(local_codes));

	return local_codes[k];
}

const char *world_local_code_wmp(rng *r)
{
	return rng_pct(r, 50) ? "WM-PL1" : "WM-LP1";
}

/* ---- evidence and reasons ------------------------------------------------------ */

const char world_query_no_evidence[] = "Evidence missing: please upload it with the return";
const char world_reject_no_evidence[] = "No evidence supplied";

void world_evidence(rng *r, char *buf, size_t n, enum world_unit u, int q, int64_t delivered)
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

const char *world_partial_reason(rng *r, enum world_unit u)
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

const char *world_reject_reason(rng *r)
{
	static const char *const reasons[] = {
		"Activity is the supplier's general CSR, not delivered through this contract",
		"Evidence relates to a different quarter",
		"Same activity already claimed on another contract",
		"No evidence supplied after two requests",
	};

	return reasons[rng_below(r, NELEM(reasons))];
}

const char *world_query_reason(rng *r, enum world_unit u)
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
	return world_query_no_evidence;
}

/* ---- notes and highlights ------------------------------------------------------ */

const char world_note_pro_rata[] = "Pro rata: the contract covers part of the year";

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

const char *world_note(rng *r)
{
	return notes[rng_below(r, NELEM(notes))];
}

static void lower_first(char *dst, size_t n, const char *title)
{
	snprintf(dst, n, "%s", title);
	/* "Fleet maintenance" -> "fleet maintenance", but keep "IT ..." */
	if (dst[0] >= 'A' && dst[0] <= 'Z' && !(dst[1] >= 'A' && dst[1] <= 'Z'))
		dst[0] = (char)(dst[0] - 'A' + 'a');
}

static int has_code(const char *const *codes, int ncodes, const char *code)
{
	int i;

	for (i = 0; i < ncodes; i++)
		if (strcmp(codes[i], code) == 0)
			return 1;
	return 0;
}

void world_highlight_tied(rng *r, char *buf, size_t n, const char *supplier, const char *ref,
			  int t, const char *const *codes, int ncodes)
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
		if (has_code(codes, ncodes, fits[i].code))
			kinds[nk++] = fits[i].kind;
	kind = nk > 0 ? kinds[rng_below(r, nk)] : H_GENERAL;
	lower_first(what, sizeof what, templates[t].title);
	switch (kind) {
	case H_JOBS:
		snprintf(buf, n, "%s created %d jobs for West Midlands residents on the %s contract (%s).",
			 supplier, (int)rng_range(r, 4, 30), what, ref);
		break;
	case H_APPRENTICES:
		snprintf(buf, n, "All %d apprentices with %s on the %s contract passed their end-point assessments.",
			 (int)rng_range(r, 2, 9), supplier, what);
		break;
	case H_CAREERS:
		snprintf(buf, n, "%s ran a careers day for %d pupils from schools in %s (%s).",
			 supplier, (int)rng_range(r, 20, 120),
			 places[rng_below(r, NELEM(places))], ref);
		break;
	case H_CARBON:
		snprintf(buf, n, "%s cut emissions on the %s contract by an estimated %d tonnes CO2e.",
			 supplier, what, (int)rng_range(r, 5, 90));
		break;
	case H_VOLUNTEERS:
		snprintf(buf, n, "Staff of %s gave %d volunteering hours to community groups in %s (%s).",
			 supplier, (int)rng_range(r, 60, 600),
			 places[rng_below(r, NELEM(places))], ref);
		break;
	case H_COMMUNITY:
		snprintf(buf, n, "%s funded a community garden in %s through the %s contract.",
			 supplier, places[rng_below(r, NELEM(places))], what);
		break;
	case H_PRISON:
		snprintf(buf, n, "%s employed %d prison leavers through %s; none has reoffended so far.",
			 supplier, (int)rng_range(r, 2, 8), ref);
		break;
	case H_REOFFENDING:
		snprintf(buf, n, "%s mentored %d young people at risk of offending in %s (%s).",
			 supplier, (int)rng_range(r, 15, 80),
			 places[rng_below(r, NELEM(places))], ref);
		break;
	case H_DESIGN:
		snprintf(buf, n, "Design Out Crime advice from %s shaped %d new community safety schemes (%s).",
			 supplier, (int)rng_range(r, 2, 6), ref);
		break;
	case H_LOCAL_SPEND:
		snprintf(buf, n, "%s moved %d of its subcontracts on the %s contract to West Midlands firms.",
			 supplier, (int)rng_range(r, 3, 12), what);
		break;
	default:
		snprintf(buf, n, "%s sent every quarterly return on time for the %s contract (%s).",
			 supplier, what, ref);
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

const char *world_highlight_general(rng *r, unsigned *used)
{
	int j;

	do
		j = rng_below(r, NELEM(highlights_general));
	while (*used & (1u << j));
	*used |= 1u << j;
	return highlights_general[j];
}
