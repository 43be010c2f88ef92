/* report_chart_page.c: one chart of the board pack alone on a page, as a
 * PDF written to a stream (for the golden images of the tests, and for a
 * slide). */
#include "config.h"

#include <stdio.h>

#include "report_pdf_private.h"

/* The margin around the chart on its page (points). */
#define PAGE_MARGIN 14.0

int report_pdf_chart(const report *r, enum report_chart c, double w, double h, FILE *f,
		     sv_err *err)
{
	struct pdf_sink s = { f, 0 };
	cairo_surface_t *surf;
	cairo_status_t st;
	cairo_t *cr;

	if (r == NULL || f == NULL || (unsigned)c >= CHART_COUNT) {
		sv_err_set(err, "%s", "cannot make the chart: no report, no stream or no such chart");
		return -1;
	}
	/* PDF pages are 3 to 14,400 points a side; a chart needs room */
	if (!(w >= 100 && w <= 14400 && h >= 100 && h <= 14400)) {
		sv_err_set(err, "%s", "cannot make the chart: its page must be 100 to 14,400 points a side");
		return -1;
	}
	surf = pdf_sink_open(&s, w, h);
	cr = cairo_create(surf);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	report_chart_draw(cr, r, c, PAGE_MARGIN, PAGE_MARGIN, w - 2 * PAGE_MARGIN,
			  h - 2 * PAGE_MARGIN);
	cairo_show_page(cr);
	st = cairo_status(cr);
	cairo_destroy(cr);
	return pdf_sink_close(&s, surf, st, err);
}
