/* demo_world.h: the made-up world of the demo data (private to demo.c).
 *
 * The deterministic PRNG, and the names and texts of an invented West
 * Midlands procurement world: suppliers, kinds of contract, areas, people,
 * evidence, decision reasons, notes and highlights, with the pickers that
 * choose among them.  Pure: no database, no clock.  Every choice is drawn
 * from the caller's rng, so the same sequence of calls on the same seed
 * always gives the same world. */
#ifndef SVDESK_DEMO_WORLD_H
#define SVDESK_DEMO_WORLD_H

#include <stddef.h>
#include <stdint.h>

#define NELEM(a) ((int)(sizeof (a) / sizeof (a)[0]))

/* ---- the PRNG (splitmix64) ---- */

typedef struct rng {
	uint64_t s;
} rng;

void rng_seed(rng *r, uint64_t seed);
uint64_t rng_next(rng *r);
int64_t rng_range(rng *r, int64_t lo, int64_t hi);  /* uniform in [lo, hi]; lo when hi <= lo */
int rng_below(rng *r, int n);                       /* uniform in [0, n) */
int rng_pct(rng *r, int pct);                       /* 1 with probability pct percent */

/* ---- kinds of contract ---- */

enum world_sector {
	SEC_FLEET, SEC_HEALTH, SEC_TECH, SEC_FACIL, SEC_ESTATES, SEC_FORENSIC,
	SEC_KIT, SEC_PROF, SEC_WASTE, SEC_COMMUNITY, SEC_DESIGN, SEC_COUNT
};

/* A kind of contract: its title, sector, who buys it, its value range in
 * thousands of pounds, and the measures a bidder would sensibly offer, most
 * typical first (codes separated by single spaces). */
typedef struct world_tmpl {
	const char *title;
	enum world_sector sector;
	int bodies;                    /* WORLD_FOR_* */
	int lo_k, hi_k;
	const char *measures;
} world_tmpl;

enum { WORLD_FOR_WMP = 1, WORLD_FOR_OPCC = 2, WORLD_FOR_BOTH = 3 };

const world_tmpl *world_template(int t);
/* A template that the force (opcc 0) or the OPCC (opcc 1) buys. */
int world_template_for(rng *r, int opcc);
/* The title of a contract of template t, sometimes with an area or a lot. */
void world_contract_title(rng *r, char *buf, size_t n, int t);
/* A supplier of the sector, favouring the first names. */
const char *world_supplier_for(rng *r, enum world_sector s);
const char *world_manager(rng *r, int opcc);
/* A finance login who decides on returns. */
const char *world_decider(rng *r);

/* ---- measures ---- */

enum world_unit { U_FTE, U_WEEKS, U_HOURS, U_GBP, U_TCO2E, U_TONNES, U_COUNT, U_PERCENT };

/* The unit of a catalogue unit name ("FTE", "GBP" ...); U_COUNT if unknown. */
enum world_unit world_unit_of(const char *name);
/* Whether code is one of the OPCC's local measures ("WM-..."). */
int world_code_is_local(const char *code);
/* A local measure for an OPCC contract: mostly one of the common three. */
const char *world_local_code(rng *r);
/* A local measure that a force contract may carry. */
const char *world_local_code_wmp(rng *r);

/* ---- returns and decisions ---- */

void world_evidence(rng *r, char *buf, size_t n, enum world_unit u, int q, int64_t delivered);
const char *world_partial_reason(rng *r, enum world_unit u);
const char *world_reject_reason(rng *r);
const char *world_query_reason(rng *r, enum world_unit u);
extern const char world_query_no_evidence[];
extern const char world_reject_no_evidence[];

/* ---- notes and highlights ---- */

extern const char world_note_pro_rata[];
const char *world_note(rng *r);

/* A highlight about a contract of template t, fitting one of the measure
 * codes it carries. */
void world_highlight_tied(rng *r, char *buf, size_t n, const char *supplier, const char *ref,
			  int t, const char *const *codes, int ncodes);
/* A general highlight not yet marked in *used (a bit per text), which it
 * marks.  There are six: draw fewer than that against one *used. */
const char *world_highlight_general(rng *r, unsigned *used);

#endif
