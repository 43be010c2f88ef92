/* report_outline.h: what a board report shows, in order (spec "Board
 * reports"), for the renderers to lay out.
 *
 * The one home of each board's title fields, sections, their headings,
 * their tables' columns and the text of every cell (money in the style
 * asked for, quantities, counts, percentages).  report_outline walks a
 * report and calls a renderer's hooks in the order of the page: the text
 * report (report_text.c) lays the calls out on paper, the PDF
 * (report_pdf.c) on A4; neither decides what is in a report, only how it
 * looks.
 *
 * Strings passed to the hooks live only for the call.  Text from the data
 * (names, titles, highlights, answers) is passed as it is stored: the
 * renderer sanitises it (utf8_sanitize) as it copies it. */
#ifndef SVDESK_REPORT_OUTLINE_H
#define SVDESK_REPORT_OUTLINE_H

#include <stddef.h>

#include "svdesk/money.h"
#include "svdesk/report.h"

#define OUTLINE_COLS 10

enum outline_col {
	OCOL_TEXT = 0,   /* text that may be cut (names, titles) */
	OCOL_FIXED,      /* text never cut (refs, codes, words) */
	OCOL_NUM         /* a figure: right-aligned, never cut */
};

typedef struct outline_table {
	int ncol;
	const char *head[OUTLINE_COLS];       /* short, for paper ("Deliv. Q") */
	const char *head_long[OUTLINE_COLS];  /* in full ("Delivered (qtr)") */
	enum outline_col kind[OUTLINE_COLS];
	size_t rows;
} outline_table;

/* The two charts of every board report. */
enum outline_chart { OUTLINE_CHART_THEMES = 0, OUTLINE_CHART_TREND };

typedef struct outline_ops {
	/* A field of the title block: "Period", "2025/26 (...)"; masked when
	 * it carries the clock or the chain head. */
	void (*field)(void *u, const char *label, const char *value, int masked);
	/* A section's heading, and how many lines after it belong with it. */
	void (*heading)(void *u, const char *title, int keep);
	/* A paragraph in svdesk's words (a note, "none"). */
	void (*text)(void *u, const char *s);
	/* Labelled figures, one a line (the headline). */
	void (*figures)(void *u, const char *const *labels, const char *const *values, int n);
	/* A table: its columns, then each row's cells, then its end.  A table
	 * of no rows is still begun and ended (the renderer says "none"). */
	void (*table_begin)(void *u, const outline_table *t);
	void (*row)(void *u, const char *const *cells);
	void (*table_end)(void *u);
	/* A chart, under its heading. */
	void (*chart)(void *u, enum outline_chart c, const char *title);
	/* A highlight: "[WMP, C-1] text" (from the data). */
	void (*highlight)(void *u, const char *text);
	/* A questionnaire answer (from the data); first: the first of its
	 * contract. */
	void (*answer)(void *u, const char *ref, const char *supplier, const char *topic,
		       const char *answer, int first);
	/* The end of the report. */
	void (*end)(void *u);
} outline_ops;

/* The title block's fields: bodies, period, organisation, proxy sets (the
 * illustrative ones marked), generated (local time and person), the audit
 * chain head.  0, or -1 when out of memory. */
int report_outline_title(const report *r, const outline_ops *ops, void *u);

/* The sections of the report's board, from the headline to the end, with
 * money in style m.  0, or -1 when out of memory. */
int report_outline(const report *r, enum money_style m, const outline_ops *ops, void *u);

#endif
