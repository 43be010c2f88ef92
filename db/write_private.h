/* write_private.h: what write.c and returns.c share: a write under way,
 * its refusals, and the rules of a decision.  Nothing outside db/ includes
 * it. */
#ifndef SVDESK_WRITE_PRIVATE_H
#define SVDESK_WRITE_PRIVATE_H

#include <stdint.h>

#include "db/db_private.h"
#include "svdesk/store.h"

/* A write under way: where a refusal goes and what it names. */
struct wr {
	svdb *db;
	sv_err *err;
	int labelled;        /* the desk: messages begin with the record */
	char label[200];     /* the desk's: "contract C-1, measure T-FTE, 2025/26 Q2" once
			      * known (not formatted for the importer, which has positions) */
	int field;           /* the field refused (enum db_field) */
};

void wr_init(struct wr *w, svdb *db, int labelled, sv_err *err);

/* Refuse the write for a fault of field (enum db_field); returns -1. */
int wr_refuse(struct wr *w, int field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* An SQLite failure, named by the record (or what); returns -1. */
int wr_sqlfail(struct wr *w, int rc, const char *what);

/* A writer of one record (commitments: write.c, return lines: returns.c). */
typedef int (*wr_fn)(struct wr *w, const void *in, long line, db_put_out *out);

/* Run a writer for the desk (desk 1: its own transaction or a savepoint,
 * messages that name the record) or in the caller's transaction (an
 * import, the demo: line > 0 marks duplicates within a file).  out->field
 * names the field a refusal is for. */
int wr_run(svdb *db, int desk, wr_fn fn, const void *in, long line, db_put_out *out,
	   sv_err *err);

/* A desk write (wr_run with desk 1): the row's id into *id when not NULL. */
int wr_put(svdb *db, wr_fn fn, const void *in, int64_t *id, sv_err *err);

/* A row that an earlier line of the same file wrote (line > 0: an import
 * that marks its rows): refused with err->code DB_E_DUPLICATE, out->dup
 * that line. */
int wr_dup_check(struct wr *w, int entity, int64_t id, long line, db_put_out *out);

/* Whether a decision on a line that delivered that much may be written;
 * who decided (d->by, or the connection's actor) into *by and when (d->at,
 * or now) into when. */
int wr_decision_check(struct wr *w, const db_decision_in *d, sv_qty delivered,
		      const char **by, char when[24]);

/* Who decides at the desk and when: the connection's actor, now. */
int wr_actor_now(struct wr *w, const char **by, char when[24]);

/* A decision's row, with the version of the line and the delivered
 * quantity it decided; undoes: the decision it undoes (an undo restores
 * the line's state before that decision), 0 for an ordinary one. */
int wr_decision_insert(struct wr *w, int64_t line_id, const db_decision_in *d,
		       const char *by, const char *at, const char *origin, int64_t version,
		       sv_qty delivered, int64_t undoes);

/* Contracts written since the program started (contract.c counts them):
 * a db_line_cache is valid only while this stays the same. */
extern unsigned wr_contract_gen;

#endif
