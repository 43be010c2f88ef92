/* demo.h: a realistic synthetic database, relative to "today". */
#ifndef SVDESK_DEMO_H
#define SVDESK_DEMO_H

#include <stdint.h>

#include "svdesk/db.h"
#include "svdesk/period.h"

#define DEMO_DEFAULT_CONTRACTS 60
#define DEMO_DEFAULT_SEED 1

/* Fill db (a new or empty svdesk database) with ncontracts contracts and
 * their suppliers, commitments over three financial years (the current one
 * and the two before), quarterly returns in every status up to the current
 * quarter with a few missing, and highlights.  Deterministic: the same
 * ncontracts, seed and today give the same data.  One transaction. */
int demo_generate(svdb *db, int ncontracts, uint64_t seed, sv_date today, sv_err *err);

/* Progress for the next demo_generate calls: fn (NULL: none) is called
 * after each contract written with the contracts done and their number. */
typedef void (*demo_progress_fn)(void *ctx, int64_t done, int64_t total);
void demo_set_progress(demo_progress_fn fn, void *ctx);

#endif
