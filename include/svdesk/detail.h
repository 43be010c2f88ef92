/* detail.h: one contract's page and its details (the desk's Contract,
 * Commitment and Return line views).
 *
 * The reads (db/detail.c) each find their rows from one record's key over
 * an index: a contract's commitments of a year by the commitment's UNIQUE
 * key (contract, measure, year), their lines by the line's UNIQUE key
 * (commitment, quarter), a line's decisions by decision_line, the audit
 * entries by audit_entity; never a scan of commitment or return_line.  The
 * lists a read returns are small by nature (a contract commits to a measure
 * once a year; a commitment has at most four lines) or bounded by a limit
 * (highlights, audit entries).
 *
 * The figures (src/detail.c) are summed in C with overflow checks, each
 * line's £SV by the board reports' rule (report_line_sv). */
#ifndef SVDESK_DETAIL_H
#define SVDESK_DETAIL_H

#include <stddef.h>
#include <stdint.h>

#include "svdesk/db.h"
#include "svdesk/money.h"

/* ---- the contract ------------------------------------------------------ */

typedef struct detail_contract {
	int64_t id, supplier_id;
	char ref[64];
	char *title, *supplier, *manager, *award_report;    /* manager, award_report may be NULL */
	enum sv_body body;
	sv_pence value;
	int sv_weight;                 /* tenths of a percent */
	int closed;
	char start[11], end[11];       /* YYYY-MM-DD */
	/* Real Living Wage and modern slavery: "yes", "no", "n/a" or "" (not
	 * recorded), a date ("" none) and a note (NULL none) */
	char living_wage[4], living_wage_date[11];
	char *living_wage_note;
	char modern_slavery[4], modern_slavery_date[11];
	char *modern_slavery_note;
} detail_contract;

/* The contract with this id: 1 found, 0 absent, -1 error. */
int detail_contract_get(svdb *db, int64_t id, detail_contract *out, sv_err *err);
void detail_contract_free(detail_contract *c);
/* The id of the contract with this ref (exactly): 1 found, 0 absent, -1 error. */
int detail_contract_by_ref(svdb *db, const char *ref, int64_t *id, sv_err *err);

/* The financial years in which the contract has commitments, ascending,
 * with how many: up to max into years / counts.  The count, or -1. */
int detail_years(svdb *db, int64_t contract_id, int *years, int64_t *counts, int max,
		 sv_err *err);

/* ---- commitments and return lines -------------------------------------- */

typedef struct detail_commitment {
	int64_t id, contract_id, measure_id;
	int year;
	char code[32], unit[16];
	char *measure_title;
	char *note;                    /* NULL when none */
	sv_qty target;
	int has_proxy;                 /* 0: record only */
	sv_proxy proxy;
	int64_t set_id;                /* 0: no set */
	char *set_name;                /* NULL when no set */
	int set_illustrative;
	/* the figures (detail_figures): committed £SV; delivered and validated
	 * to date, in units and £SV, over the commitment's lines */
	sv_pence committed, delivered, validated;
	sv_qty q_delivered, q_validated;
	int64_t lines;
} detail_commitment;

typedef struct detail_line {
	int64_t id, commitment_id;
	int quarter;
	sv_qty delivered;
	enum sv_status status;
	int has_validated;
	sv_qty validated;
	char submitted[11];            /* "" when not recorded */
	/* the line's £SV (detail_figures, detail_line_get) */
	sv_pence sv_delivered, sv_validated;
	/* detail_line_get only (else NULL / 0 / ""): */
	char *evidence, *reason;
	char validated_by[201], validated_at[21];
	int64_t version;
} detail_line;

/* The contract's commitments of year fy, by measure code: *out malloc'd
 * (detail_commitments_free), *n its length.  0 or -1. */
int detail_commitments(svdb *db, int64_t contract_id, int fy, detail_commitment **out,
		       size_t *n, sv_err *err);
/* One commitment (any year): 1 found, 0 absent, -1 error.  Free with
 * detail_commitments_free(c, 1) (the struct itself is the caller's). */
int detail_commitment_get(svdb *db, int64_t id, detail_commitment *out, sv_err *err);
void detail_commitments_free(detail_commitment *v, size_t n);

/* The return lines of the contract's commitments of year fy (contract_id,
 * fy), or of one commitment (commitment_id != 0: contract_id and fy
 * ignored); by quarter, then measure code.  *out malloc'd (free()). */
int detail_lines(svdb *db, int64_t contract_id, int fy, int64_t commitment_id,
		 detail_line **out, size_t *n, sv_err *err);
/* One line with its evidence and decision fields: 1, 0 absent, -1 error.
 * Free with detail_line_free. */
int detail_line_get(svdb *db, int64_t id, detail_line *out, sv_err *err);
void detail_line_free(detail_line *l);

/* A decision of the line's history (table decision), oldest first. */
typedef struct detail_decision {
	int64_t id;
	enum sv_status status;
	int has_validated;
	sv_qty validated;
	char *reason;                  /* NULL when none */
	char by[201], at[21], origin[16];
	int64_t line_version;          /* the line's version it decided */
	int has_delivered;             /* 0: a decision of an older schema */
	sv_qty delivered;              /* the delivered quantity it decided */
	int64_t undoes;                /* an undo: the decision undone (else 0); its
					* status is what it restored (submitted too) */
} detail_decision;
int detail_decisions(svdb *db, int64_t line_id, detail_decision **out, size_t *n,
		     sv_err *err);
void detail_decisions_free(detail_decision *v, size_t n);

/* A line and what names it ("Q2 CT-0001 EMP1"): for the desk's decisions
 * (the prompts' bounds, the messages).  1 found, 0 absent, -1 error. */
typedef struct detail_line_ref {
	int64_t id, commitment_id;
	int quarter, year;
	sv_qty delivered;
	enum sv_status status;
	int64_t version;
	char ref[64], code[32], unit[16];
} detail_line_ref;
int detail_line_ref_get(svdb *db, int64_t id, detail_line_ref *out, sv_err *err);

/* A resubmission of a line: an audit entry of a change to its delivered
 * quantity or its evidence (the supplier's new return, by an import or at
 * the desk), oldest first.  *out malloc'd (free()). */
typedef struct detail_resubmission {
	int64_t audit_id;
	char at[21], who[201], origin[33];
	int delivered_changed;         /* 1: before -> after below */
	sv_qty before, after;
	int evidence_changed;
} detail_resubmission;
int detail_resubmissions(svdb *db, int64_t line_id, detail_resubmission **out, size_t *n,
			 sv_err *err);

/* ---- highlights and audit entries that name the contract --------------- */

typedef struct detail_highlight {
	int64_t id;
	int year;
	char *text;
} detail_highlight;
/* The newest first (by entry), up to limit; *total: how many there are. */
int detail_highlights(svdb *db, int64_t contract_id, int limit, detail_highlight **out,
		      size_t *n, int64_t *total, sv_err *err);
void detail_highlights_free(detail_highlight *v, size_t n);

/* An audit entry about the contract, one of its commitments, return
 * lines, their decisions or its highlights, or the import that added one
 * of them. */
typedef struct detail_audit {
	int64_t id;
	char at[21], who[201], origin[33];
	char entity[24];               /* "contract", "commitment", ... "import" */
	int64_t entity_id;             /* 0 for an import */
	char action[12];               /* insert, update, delete, import */
	char what[128];                /* a line's status after the change; an import's kind and file */
} detail_audit;
/* The newest entries with id < before (before 0: from the newest), up to
 * limit, newest first (keyset: pass the last id for the next page);
 * *total (when not NULL): every entry about the contract. */
int detail_audit_page(svdb *db, int64_t contract_id, int64_t before, int limit,
		      detail_audit **out, size_t *n, int64_t *total, sv_err *err);

/* ---- the figures (src/detail.c) ---------------------------------------- */

/* A contract's figures for the year: the sums of its commitments'. */
typedef struct detail_totals {
	sv_pence committed, delivered, validated;
	int64_t lines;
} detail_totals;

/* Fill each commitment's figures and each line's £SV from the lines
 * (lines of other commitments are ignored), and the totals (tot may be
 * NULL).  0, or -1 on overflow (err names the commitment). */
int detail_figures(detail_commitment *cms, size_t ncm, detail_line *lines, size_t nl,
		   detail_totals *tot, sv_err *err);

/* part / whole in tenths of a percent, truncated; -1 when whole <= 0. */
int64_t detail_percent(int64_t part, int64_t whole);

/* ---- for the query plan test ------------------------------------------- */

/* Every statement of db/detail.c.  Each takes integer parameters only;
 * binding 1 to every parameter gives a plan like the desk's. */
const char *const *detail_statements(size_t *n);

/* ---- the OPCC questionnaire ------------------------------------------- */

/* The contract's questionnaire answers (at most one a topic), in the
 * topics' order, each given to fn.  0, fn's non-zero value, or -1. */
int detail_answers(svdb *db, int64_t contract_id, db_answer_row_fn fn, void *ctx,
		   sv_err *err);

#endif
