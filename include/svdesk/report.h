/* report.h: the board reports (spec "Board reports").
 *
 * One module, used by the command line (svdesk report) and the TUI (the
 * Reports view): report_build reads the rows from db/ and applies every
 * rule (the definitions of committed, delivered, validated, RAG, missing
 * returns, policy exceptions ...) into a report, a plain value that the
 * renderers turn into CSV (report_write_csv) or paper text
 * (report_render_text).  Money is summed in C from per-line rounded values,
 * with overflow checks.
 *
 * Boards and their bodies: FGB (annual; WMP and OPCC), QPRB (quarterly;
 * WMP), QRB (quarterly; OPCC). */
#ifndef SVDESK_REPORT_H
#define SVDESK_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "svdesk/csvout.h"
#include "svdesk/db.h"
#include "svdesk/error.h"
#include "svdesk/money.h"
#include "svdesk/period.h"
#include "svdesk/settings.h"

enum report_board { BOARD_FGB = 0, BOARD_QPRB, BOARD_QRB, BOARD_COUNT };

const char *report_board_code(enum report_board b);   /* "fgb", "qprb", "qrb" */
const char *report_board_title(enum report_board b);  /* "Finance Governance Board" ... */
int report_board_parse(const char *s, enum report_board *out);  /* "fgb" (any case): 0, else -1 */
int report_board_quarterly(enum report_board b);      /* 1 for QPRB and QRB */
/* Whether the board covers the body (FGB both; QPRB WMP; QRB OPCC). */
int report_board_has_body(enum report_board b, enum sv_body body);

/* The period of a report: fy always; q 1..4 for QPRB and QRB, 0 for FGB. */
typedef struct report_period {
	enum report_board board;
	int fy;
	int q;
} report_period;

/* The rule of a missing return (spec "Board reports"): a contract with a
 * commitment in q's financial year, whose dates (start .. end) overlap
 * quarter q, with no return line for q.  1 when missing, else 0.  The
 * chase list (chase_collect) selects the same contracts. */
int report_missing_return(int committed_in_year, sv_date start, sv_date end, sv_quarter q,
			  int line_in_q);

/* The £SV of one return line at its commitment's proxy (the rule of every
 * figure): *delivered at its delivered quantity whatever its status,
 * *validated at its validated quantity when its status is validated (else
 * 0); both 0 for a record-only commitment (no proxy).  0, or -1 on
 * overflow. */
int report_line_sv(int has_proxy, sv_proxy proxy, sv_qty delivered, enum sv_status status,
		   int has_validated, sv_qty validated, sv_pence *d, sv_pence *v);

/* The default period from "today": FGB the current financial year; QPRB
 * and QRB the last completed quarter (the quarter before today's). */
report_period report_default_period(enum report_board b, sv_date today);

/* The period in words for a title: "2025/26 (01/04/2025 to 31/03/2026)",
 * "2025/26 Q2 (01/07/2025 to 30/09/2025)"; and short, for a page header:
 * "2025/26", "2025/26 Q2".  Both return buf. */
char *report_period_text(const report_period *p, char *buf, size_t n);
char *report_period_short(const report_period *p, char buf[16]);

/* ---- the figures ------------------------------------------------------ */

/* Money figures of one row.  committed: the commitments of year fy.
 * delivered / validated: the return lines of the report's period (FGB the
 * year; QPRB and QRB the quarter q); delivered_ytd / validated_ytd (QPRB
 * and QRB only; 0 for FGB): the lines of Q1..Qq. */
typedef struct report_fig {
	sv_pence committed, delivered, validated;
	sv_pence delivered_ytd, validated_ytd;
} report_fig;

/* Natural-unit quantities (measure rows): FGB committed / delivered /
 * validated in the year; QPRB and QRB committed in the year, delivered and
 * validated YTD. */
typedef struct report_qty {
	sv_qty committed, delivered, validated;
} report_qty;

enum report_rag { RAG_NONE = 0, RAG_RED, RAG_AMBER, RAG_GREEN };
const char *report_rag_name(enum report_rag r);       /* "none", "red", "amber", "green" */

/* RAG of a contract at quarter q: validated_ytd x 400 / (committed x q) in
 * integer percent (truncated), against the thresholds (percent).  *pct
 * gets the percentage (0 when none).  Overflow-safe. */
enum report_rag report_rag(sv_pence validated_ytd, sv_pence committed, int q,
			   int rag_green, int rag_amber, int64_t *pct);

/* A row of a breakdown: a theme, an outcome, a measure, a body or a
 * contract.  Strings are owned by the report. */
typedef struct report_row {
	char *key;          /* theme short name, outcome text, measure code, "WMP"/"OPCC", contract ref */
	char *title;        /* theme title, outcome text, measure title, body name, contract title */
	char *supplier;     /* contract rows; else NULL */
	char *unit;         /* measure rows; else NULL */
	int record_only;    /* measure rows: no commitment of the row has a proxy */
	int parent;         /* outcome rows: index of the theme; measure rows: of the outcome; else -1 */
	report_fig fig;
	report_qty qty;     /* measure rows */
	enum report_rag rag;  /* contract rows of QPRB and QRB */
	int64_t rag_pct;
	int local;          /* measure rows: an organisation's own (OPCC local) measure */
} report_row;

typedef struct report_rows {
	report_row *v;
	size_t n;
} report_rows;

typedef struct report_missing {
	char *ref, *supplier, *title, *manager;   /* manager may be NULL */
} report_missing;

typedef struct report_exception {
	char *ref, *supplier, *title;
	enum sv_body body;
	sv_pence value;
	int sv_weight;      /* tenths of a percent */
} report_exception;

typedef struct report_lines {
	int64_t lines;
	sv_pence delivered;
} report_lines;

typedef struct report_highlight {
	int64_t id;
	char *text;
	char *contract_ref;  /* NULL when the highlight names no contract */
	char *body;          /* "WMP", "OPCC" or NULL */
} report_highlight;

typedef struct report_answer {
	char *ref, *supplier;
	char *topic;         /* "prison_leavers", "design_out_crime", "local_plan", "reoffending" */
	char *answer;
} report_answer;

typedef struct report_proxy_set {
	char *name;
	int illustrative;
} report_proxy_set;

/* The validated £SV of one quarter (the trend: the eight quarters ending
 * with the report's quarter, or with the FGB year's Q4). */
typedef struct report_trend_point {
	sv_quarter q;
	sv_pence validated;
} report_trend_point;

#define REPORT_TREND_N 8

typedef struct report {
	report_period p;
	char *org_name;
	char *generated_by;              /* the person */
	sv_datetime generated_at;        /* local time ("now", SVDESK_NOW in tests) */
	report_proxy_set *proxy_sets;    /* the sets of the commitments counted, by name */
	size_t n_proxy_sets;
	int64_t audit_entries;           /* the chain head */
	char audit_head[65];

	report_fig headline;
	int64_t contracts;               /* contracts of the bodies with a commitment in fy */

	report_rows bodies;              /* FGB: WMP, OPCC */
	report_rows themes, outcomes, measures;  /* catalogue order */
	report_rows contracts_rows;      /* by ref */
	size_t top[10];                  /* FGB: indexes into contracts_rows, top ten by validated */
	size_t n_top;

	report_missing *missing;         /* QPRB, QRB: by ref */
	size_t n_missing;
	report_exception *exceptions;    /* by ref */
	size_t n_exceptions;
	report_lines awaiting, in_query;
	report_highlight *highlights;    /* FGB: the year's, in their order */
	size_t n_highlights;

	report_trend_point trend[REPORT_TREND_N];

	/* The contracts of contracts_rows by RAG (indexed by enum report_rag):
	 * QPRB and QRB at the report's quarter (the rows' rag); the FGB at the
	 * year's end, the same rule at Q4 (validated in the year against
	 * committed).  rag_q is that quarter (1..4). */
	int64_t rag_count[4];
	int rag_q;

	/* QRB: the OPCC considerations */
	report_rows opcc_local;          /* the local measures (measure rows) */
	report_answer *answers;          /* questionnaire answers of OPCC contracts, by ref, topic */
	size_t n_answers;
} report;

/* Build the report for period p from db.  cfg gives the organisation,
 * policy thresholds and RAG thresholds; person is the one who asks;
 * now is "now" (clock_now).  0, or -1 (err set; *out NULL). */
int report_build(svdb *db, const sv_config *cfg, const report_period *p,
		 const char *person, const sv_datetime *now, report **out, sv_err *err);
void report_free(report **r);

/* The tidy CSV (header section,key,metric,value), every row of the spec.
 * 0, or -1 on a write error. */
int report_write_csv(const report *r, csvw *w);

/* ---- paper text -------------------------------------------------------- */

enum report_line_kind {
	RLINE_TEXT = 0,      /* plain text */
	RLINE_PAGE,          /* a page break (a form feed in the output) */
	RLINE_BAR            /* a chart line: a bar at columns [bar_at, bar_at + bar_len) */
};

/* Chart series, for the TUI's colours. */
enum report_series { SERIES_COMMITTED = 0, SERIES_DELIVERED, SERIES_VALIDATED, SERIES_TREND };

typedef struct report_line {
	enum report_line_kind kind;
	char *text;          /* UTF-8, no control characters, at most width columns */
	int bar_at, bar_len; /* RLINE_BAR: where the bar's characters are (columns) */
	enum report_series series;
	int masked;          /* carries the clock or the chain head (tests mask it) */
} report_line;

typedef struct report_text {
	report_line *lines;
	size_t n;
	int pages;
} report_text;

typedef struct report_layout {
	int width;           /* columns, 40..250 */
	int page_length;     /* lines a page; 0 = one long page (no headers repeated) */
	enum money_style money;
} report_layout;

/* Lay the report out on paper: title block, page headers and footers
 * ("Page N of M"), sections, ASCII charts.  0, or -1 (err set). */
int report_render_text(const report *r, const report_layout *lay, report_text *out,
		       sv_err *err);
void report_text_free(report_text *t);

/* Write the text: lines end in LF, a page break is a form feed.  0, or -1
 * on a write error (errno set). */
int report_text_write(const report_text *t, FILE *f);

/* Pipe the text to command (run with /bin/sh -c).  A command that cannot
 * start, or that exits non-zero or on a signal, is an error that says so
 * with its exit status and the first line it wrote on stderr.  0, or -1. */
int report_print(const report_text *t, const char *command, sv_err *err);

#endif
