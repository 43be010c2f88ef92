/* report_pdf_private.h: what the PDF renderer (report_pdf.c) and the charts
 * (report_chart.c) share.  Built only with cairo and pango (HAVE_PDF). */
#ifndef SVDESK_REPORT_PDF_PRIVATE_H
#define SVDESK_REPORT_PDF_PRIVATE_H

#include <cairo.h>
#include <pango/pangocairo.h>

#include "svdesk/report.h"
#include "svdesk/report_pdf.h"

/* The fonts of the board pack (fontconfig names; Debian's fonts-dejavu-core). */
#define PDF_FONT_SANS "DejaVu Sans"
#define PDF_FONT_MONO "DejaVu Sans Mono"

/* A4 in points. */
#define PDF_A4_W 595.2756
#define PDF_A4_H 841.8898

/* A PDF written to a stdio stream: the surface's writes go to f, the
 * first failed write's errno is kept. */
struct pdf_sink {
	FILE *f;
	int err;
};

/* A PDF surface of w x h points writing to s (s->f set, s->err 0).  Its
 * status tells whether it could be made. */
cairo_surface_t *pdf_sink_open(struct pdf_sink *s, double w, double h);

/* Finish and destroy the surface; st is the drawing's status (the
 * cairo_t's).  0 when the whole PDF is written and flushed, else -1 with
 * err set as report_render_pdf says. */
int pdf_sink_close(struct pdf_sink *s, cairo_surface_t *surf, cairo_status_t st, sv_err *err);

/* Draw chart c of report r into the rectangle (x, y, w, h) of cr, in
 * points: its title, axes with labels, a legend, and values as labels, in
 * black, white and greys with patterns (legible in greyscale).  Leaves cr's
 * state as it found it. */
void report_chart_draw(cairo_t *cr, const report *r, enum report_chart c, double x, double y,
		       double w, double h);

/* The height that chart c wants at width w (points). */
double report_chart_height(const report *r, enum report_chart c, double w);

/* The rows of the RAG chart, in its order (red, amber, green, none): the
 * i-th (0..3) and its word ("Red" ...), for the table of its counts. */
enum report_rag report_chart_rag_row(int i, const char **word);

/* Whether chart c has anything to show for r (e.g. a report with no theme
 * rows has no theme chart). */
int report_chart_wanted(const report *r, enum report_chart c);

#endif
