/* import_private.h: what import.c and import_rows.c share. */
#ifndef SVDESK_IMPORT_PRIVATE_H
#define SVDESK_IMPORT_PRIVATE_H

#include <stdio.h>

#include <nettle/sha2.h>

#include "svdesk/csv.h"
#include "svdesk/import.h"
#include "svdesk/money.h"
#include "svdesk/period.h"
#include "svdesk/store.h"

#define IMP_TEXT_MAX 4000
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
 * most IMP_TEXT_MAX bytes.  NULL when absent, empty (a fault when
 * required) or bad (a fault). */
const char *imp_text(struct imp *im, int col, int required);
int imp_qty(struct imp *im, int col, int money_form, sv_qty *out);
int imp_proxy(struct imp *im, int col, int *isnull, sv_proxy *out);
/* 0 a date, 1 empty and not required, -1 a fault. */
int imp_date(struct imp *im, int col, int required, sv_date *out);
int imp_yesno(struct imp *im, int col, enum sv_yesno *out);
/* A UTC time "YYYY-MM-DDTHH:MM:SSZ" (a real one); NULL when absent, empty
 * or bad (a fault). */
const char *imp_utc(struct imp *im, int col);

#endif
