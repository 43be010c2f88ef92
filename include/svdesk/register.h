/* register.h: the desk's reads and writes of the register: contracts,
 * suppliers, commitments and questionnaire answers by id, their versions,
 * the pick lists of a form, and the writes and deletes of one record
 * (db/register.c, db/register_write.c).  The rules of the values are
 * src/record.c's; the rules of the store (dates that leave out a
 * commitment, a proxy kept for ever ...) are db/contract.c's and
 * db/write.c's, which these call.
 *
 * Writes run inside the caller's transaction: db_desk_begin ...
 * db_desk_end, one short BEGIN IMMEDIATE that waits at most 200 ms for
 * the lock (then err->code DB_E_BUSY: the caller tries again).  Functions
 * that find return 1 found, 0 absent, -1 error. */
#ifndef SVDESK_REGISTER_H
#define SVDESK_REGISTER_H

#include <stddef.h>
#include <stdint.h>

#include "svdesk/db.h"
#include "svdesk/store.h"

/* The records of the register, as the audit log names them. */
enum db_reg { DB_REG_CONTRACT, DB_REG_SUPPLIER, DB_REG_COMMITMENT, DB_REG_ANSWER, DB_REG_N };

/* ---- reads ---------------------------------------------------------------- */

/* The contract with that id, given to fn (its texts live during the call). */
int db_reg_contract_get(svdb *db, int64_t id, db_contract_fn fn, void *ctx, sv_err *err);
/* The supplier's name (cut to n bytes). */
int db_reg_supplier_get(svdb *db, int64_t id, char *name, size_t n, sv_err *err);
/* The commitment with that id, given to fn. */
int db_reg_commitment_get(svdb *db, int64_t id, db_commitment_fn fn, void *ctx, sv_err *err);

typedef struct db_answer_rec {
	int64_t contract_id;
	const char *ref, *body, *topic, *answer, *recorded_by, *recorded_at;
} db_answer_rec;
typedef int (*db_answer_fn)(void *ctx, const db_answer_rec *a);
/* The questionnaire answer with that id, given to fn. */
int db_reg_answer_get(svdb *db, int64_t id, db_answer_fn fn, void *ctx, sv_err *err);
/* The answer of a contract on a topic: 1 found (*id), 0 none. */
int db_answer_find(svdb *db, int64_t contract_id, const char *topic, int64_t *id, sv_err *err);

/* The supplier whose name has the same key as name (any case, runs of
 * spaces as one: utf8_name_key), other than except_id: 1 found (*id, its
 * name into buf), 0 none. */
int db_supplier_find_key(svdb *db, const char *name, int64_t except_id, int64_t *id,
			 char *buf, size_t n, sv_err *err);

/* What a pick list offers. */
enum db_reg_list {
	DB_LIST_SUPPLIERS,        /* names */
	DB_LIST_CONTRACTS,        /* refs, labelled by title */
	DB_LIST_OPCC_CONTRACTS,   /* the same, OPCC only (the questionnaire's) */
	DB_LIST_MEASURES,         /* codes, labelled by title */
	DB_LIST_PROXY_SETS        /* names, the newest first */
};
/* The list's values in order, each given to fn; folded (browse_fold of
 * what the user typed; NULL or "" for all) keeps those whose folded text
 * holds it.  At most max (0: no limit): 1 when there were more, 0 all. */
int db_reg_choices(svdb *db, enum db_reg_list list, const char *folded, size_t max,
		   void (*fn)(void *ctx, const char *value, const char *label), void *ctx,
		   sv_err *err);

/* ---- versions -------------------------------------------------------------- */

/* A record's version: the id of the last audit entry of (entity, id), else
 * the import (or demo) entry that added it.  1 (*version), 0 no record. */
int db_reg_version(svdb *db, enum db_reg r, int64_t id, int64_t *version, sv_err *err);

/* The refusal of a record changed (or deleted) since version `seen`: err
 * with code DB_E_STALE, "VERB: WHAT was changed by WHO at DD/MM/YYYY HH:MM
 * (an import)" from the latest audit entry of it (local time).  verb: "not
 * saved", "not deleted"; what: "contract WMP-2025-101".  Returns -1. */
int db_reg_stale(svdb *db, enum db_reg r, int64_t id, const char *verb, const char *what,
		 sv_err *err);

/* ---- the desk's transaction ------------------------------------------------ */

/* BEGIN IMMEDIATE, waiting at most 200 ms (DB_E_BUSY: "another desk or
 * program is writing to the database; the WHAT was not VERB yet"). */
int db_desk_begin(svdb *db, const char *what, sv_err *err);
/* COMMIT when rc is 0, else ROLLBACK; returns rc or -1. */
int db_desk_end(svdb *db, int rc, const char *what, sv_err *err);

/* ---- writes (inside db_desk_begin ... db_desk_end) ----------------------- */

/* A contract by id (0: a new one): every column given (keep is ignored),
 * the ref may change but not to one another contract has; a supplier given
 * by a new name is added as spelt.  The store's rules (db_contract_store);
 * *field the field refused (enum db_field, DBF_ROW for the ref). */
int db_contract_save(svdb *db, const db_contract *c, int64_t id, int64_t *new_id,
		     int *field, sv_err *err);

/* A supplier by id (0: a new one): its name, refused when another supplier
 * has the same key. */
int db_supplier_save(svdb *db, int64_t id, const char *name, int64_t *new_id, sv_err *err);

/* A questionnaire answer: added, or the answer of (contract, topic)
 * changed; by and at (UTC) NULL or empty: the connection's actor, now.
 * Refused for a contract that is not OPCC.  *put: enum db_put. */
int db_answer_put(svdb *db, int64_t contract_id, const char *topic, const char *answer,
		  const char *by, const char *at, int64_t *id, int *put, sv_err *err);
int db_answer_delete(svdb *db, int64_t id, sv_err *err);

/* What depends on a record (what a delete would leave without it): a
 * contract's commitments, highlights and answers; a supplier's contracts; a
 * commitment's return lines (n[0] only); an answer has none. */
int db_reg_dependents(svdb *db, enum db_reg r, int64_t id, int64_t n[3], sv_err *err);
/* Delete the record (its dependents must be none: the schema refuses). */
int db_reg_delete(svdb *db, enum db_reg r, int64_t id, sv_err *err);

#endif
