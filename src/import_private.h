/* import_private.h: what import.c and import_rows.c share. */
#ifndef SVDESK_IMPORT_PRIVATE_H
#define SVDESK_IMPORT_PRIVATE_H

#include <stdio.h>

#include <nettle/sha2.h>

#include "svdesk/csv.h"
#include "svdesk/import.h"
#include "svdesk/money.h"
#include "svdesk/period.h"
#include "svdesk/record.h"
#include "svdesk/store.h"
#include "svdesk/utf8.h"

#define IMP_MAX_COLS 24

struct imp_hashin {
	FILE *f;
	struct sha256_ctx sha;
	uint64_t bytes;
};

struct imp {
	svdb *db;
	const import_opts *o;
	import_result *res;
	enum import_kind kind;
	char name[4096];                 /* as shown in messages */
	struct imp_hashin hin;
	csv_reader *r;

	const csv_col *cols;             /* the kind's columns */
	size_t ncols;
	int map[IMP_MAX_COLS];           /* column -> field index, -1 absent */
	size_t nhead;                    /* fields in the header */
	long hline;
	const csv_row *row;              /* the row being read */
	int row_bad;                     /* a fault was found in it */
	char shown[80];

	int (*kind_begin)(struct imp *im, sv_err *err);
	int (*kind_row)(struct imp *im, sv_err *err);
	int (*kind_end)(struct imp *im, sv_err *err);
	void *state;                     /* the kind's own */
};

/* import_rows.c */
void imp_kind_setup(struct imp *im);
void imp_kind_cleanup(struct imp *im);

/* import_rows.c: what the kinds keep between rows, and the lookups they
 * share (import_returns.c has the rows of a returns file). */
/* What the kinds keep between rows (bounded: measures are a few dozen). */
struct rows {
	db_measure *ms;          /* every measure, sorted by code */
	size_t nms;
	char last_ref[64];       /* the last contract looked up */
	db_contract_key last;
	/* returns: the commitments of the last contract (all of them, or
	 * cm_full 0 when it has more than fit: then asked one by one) */
	int64_t cm_contract;
	int cm_full;
	size_t ncm, cm_next;
	db_commitment_key cm[256];
	db_line_cache lines;     /* the writer's, between the lines */
	/* the run of rows added whose line is id + run_delta */
	long run_delta;
	int run_open;
	/* the keys of rows with a fault (they wrote nothing, so the store's
	 * marks do not know them): a later row with the same key is a
	 * duplicate all the same.  Open addressing, at most SEEN_MAX. */
	struct seen *seen;             /* import_rows.c's */
	size_t nseen;
	/* returns: a decision's time may not be later than this (UTC) */
	char now[21];
	/* measures */
	char set_name[128];
	int set_named, set_from_column;
	long set_line;
	int64_t set_id, set_matched;
	int set_exists;
	/* highlights: the ones the file named, with their lines */
	struct hl_seen *hl;
};

struct seen;
struct rows *imp_rows(struct imp *im);
int imp_load_measures(struct imp *im, sv_err *err);
/* The measure of a code / the contract of a ref (1, 0 not found: a fault,
 * -1 a failure); the cell must hold one (a fault when empty). */
const db_measure *imp_measure_of(struct imp *im, int col);
int imp_contract_of(struct imp *im, int col, db_contract_key *out, sv_err *err);
/* Mark the row a line wrote (duplicates); count what it did. */
int imp_mark(struct imp *im, int entity, int col, int64_t id, int put, sv_err *err);
void imp_count_put(struct imp *im, int put);
/* The first of cols[] (ending with -1) that the file has, else the first. */
int imp_col_had(const struct imp *im, const int *cols);
/* The line of an earlier row of the file with this key (see import_rows.c):
 * 0 none, -1 a failure. */
long imp_dup_line(struct imp *im, const char *key, int entity, int64_t stored_id, sv_err *e);

/* import_returns.c */
#define IMP_RETURN_NCOLS 14
extern const csv_col imp_return_cols[IMP_RETURN_NCOLS];
int imp_returns_begin(struct imp *im, sv_err *err);
int imp_returns_row(struct imp *im, sv_err *err);

/* import_highlights.c */
#define IMP_HIGHLIGHT_NCOLS 6
extern const csv_col imp_highlight_cols[IMP_HIGHLIGHT_NCOLS];
int imp_highlights_row(struct imp *im, sv_err *err);
void imp_highlights_free(struct rows *r);

/* import_answers.c */
#define IMP_ANSWER_NCOLS 5
extern const csv_col imp_answer_cols[IMP_ANSWER_NCOLS];
int imp_answers_begin(struct imp *im, sv_err *err);
int imp_answers_row(struct imp *im, sv_err *err);

/* import.c: faults ("FILE:LINE:COLUMN: field: message"), cells */
void imp_report(struct imp *im, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void imp_fault_at(struct imp *im, long line, long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void imp_fault(struct imp *im, int col, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int imp_store_fail(struct imp *im, int col, const sv_err *e, sv_err *err);

int imp_has(const struct imp *im, int col);
const char *imp_cell(struct imp *im, int col);        /* trimmed; NULL when absent */
int imp_empty(struct imp *im, int col);
const char *imp_shown(struct imp *im, const char *s);
/* A text cell: one leading ' removed, no control character but tab, at
 * most 4,000 bytes (the rule of a text in record.c).  NULL when absent, empty (a fault when
 * required) or bad (a fault). */
const char *imp_text(struct imp *im, int col, int required);
/* A cell of the register's kinds by its field's rule (svdesk/record.h),
 * without the formula guard's ' on a text: 0, -1 a fault at the cell. */
int imp_rec(struct imp *im, int col, enum rec_kind k, int field, unsigned opts, rec_val *v);
int imp_qty(struct imp *im, int col, int money_form, sv_qty *out);
int imp_proxy(struct imp *im, int col, int *isnull, sv_proxy *out);
/* 0 a date, 1 empty and not required, -1 a fault. */
int imp_date(struct imp *im, int col, int required, sv_date *out);
int imp_yesno(struct imp *im, int col, enum sv_yesno *out);
/* A UTC time "YYYY-MM-DDTHH:MM:SSZ" (a real one); NULL when absent, empty
 * or bad (a fault). */
const char *imp_utc(struct imp *im, int col);

#endif
