/* answers.h: the OPCC questionnaire's answers as the database holds them
 * (db/answers.c, db/read.c): one answer per OPCC contract and topic, with
 * who recorded it and when.  The rules of a value (a count for prison
 * leavers, else text) are record.h's, the writes register.h's; these are
 * the reads of a contract's page and of the export. */
#ifndef SVDESK_ANSWERS_H
#define SVDESK_ANSWERS_H

#include <stdint.h>

#include "svdesk/db.h"
#include "svdesk/error.h"

/* One stored answer; the texts live until the callback returns. */
typedef struct db_answer_row {
	int64_t id, contract_id;
	const char *ref;                /* the contract's ref */
	const char *topic;              /* "prison_leavers", "design_out_crime" ... */
	const char *answer;
	const char *recorded_by;
	const char *recorded_at;        /* UTC, "2026-01-15T10:04:00Z" */
} db_answer_row;
typedef int (*db_answer_row_fn)(void *ctx, const db_answer_row *a);

/* Every answer, by contract ref and the topics' order (prison leavers,
 * Design Out Crime, local plan, reoffending), for the export.  With a
 * period, the answers of the contracts that export contracts lists for it
 * (a commitment in the year; dates overlapping the quarter).  0, the
 * callback's non-zero value, or -1. */
int db_read_answers(svdb *db, const db_period *p, db_answer_row_fn fn, void *ctx, sv_err *err);

/* The answers of one contract, in the topics' order.  0, the callback's
 * value, or -1. */
int db_answers_of(svdb *db, int64_t contract_id, db_answer_row_fn fn, void *ctx, sv_err *err);

#endif
