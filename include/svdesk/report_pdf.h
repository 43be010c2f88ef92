/* report_pdf.h: a board report as a PDF, the board pack (spec "Board
 * reports"; issue "The board pack").
 *
 * The same report value that report_render_text lays out on paper, laid out
 * for A4 with cairo and pango: a title page (organisation, board, bodies,
 * period, generated at / by, the proxy sets with the illustrative ones
 * marked, the audit chain head), the sections of the text report as tables
 * with right-aligned money (A4 portrait; a table too wide for it on A4
 * landscape pages), the charts drawn as vectors, "Page N of M" on every
 * page, and the document's properties (title, author = the person, subject
 * = the board and period).  Fonts come through fontconfig (DejaVu) and the
 * PDF embeds the subsets it uses.
 *
 * PDF output is an optional part of the build (configure finds cairo and
 * pango by pkg-config).  Without it report_pdf_available is 0 and
 * report_render_pdf fails with report_pdf_missing's message. */
#ifndef SVDESK_REPORT_PDF_H
#define SVDESK_REPORT_PDF_H

#include <stdio.h>

#include "svdesk/error.h"
#include "svdesk/report.h"

/* 1 when this svdesk was built with PDF output, else 0. */
int report_pdf_available(void);

/* Why PDF output is not there and what to do: the Debian packages to
 * install (libcairo2-dev, libpango1.0-dev) and to build svdesk again. */
const char *report_pdf_missing(void);

/* Render the report as a PDF into f (a stream opened for writing, e.g. by
 * outfile_open; it is flushed, not closed).  Text from the data is
 * sanitised first (no control, bidi or zero-width character reaches the
 * page).  0, or -1 with err set to what the caller puts after the file's
 * name: "cannot write: " and sv_errno_text's words, or "cannot make the
 * PDF: " and why.  On -1 what was written to f is not a PDF: the caller
 * discards it. */
int report_render_pdf(const report *r, FILE *f, sv_err *err);

/* The charts of the board pack. */
enum report_chart {
	CHART_THEMES = 0,   /* committed / delivered / validated by theme, grouped bars */
	CHART_TREND,        /* validated £SV of the last eight quarters */
	CHART_RAG,          /* contracts by RAG */
	CHART_COUNT
};

const char *report_chart_name(enum report_chart c);   /* "themes", "trend", "rag" */

/* One chart alone on a page of w x h points (1/72 inch), as a PDF into f:
 * for tests (golden images) and for anyone who wants a chart for a slide.
 * 0, or -1 with err set. */
int report_pdf_chart(const report *r, enum report_chart c, double w, double h, FILE *f,
		     sv_err *err);

#endif
