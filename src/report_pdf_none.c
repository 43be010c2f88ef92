/* report_pdf_none.c: PDF output in a build without cairo and pango
 * (configure did not find them, or --without-pdf): every PDF function says
 * what to install. */
#include "config.h"

#include <stdio.h>

#include "svdesk/report_pdf.h"

int report_pdf_available(void)
{
	return 0;
}

const char *report_pdf_missing(void)
{
	return "this svdesk was built without PDF output: install libcairo2-dev and "
	       "libpango1.0-dev (Debian), then run ./configure and make again";
}

static int missing(sv_err *err)
{
	sv_err_set(err, "%s", report_pdf_missing());
	return -1;
}

int report_render_pdf(const report *r, FILE *f, sv_err *err)
{
	(void)r;
	(void)f;
	return missing(err);
}

const char *report_chart_name(enum report_chart c)
{
	static const char *const names[CHART_COUNT] = { "themes", "trend", "rag" };

	return (unsigned)c < CHART_COUNT ? names[c] : "?";
}

int report_pdf_chart(const report *r, enum report_chart c, double w, double h, FILE *f,
		     sv_err *err)
{
	(void)r;
	(void)c;
	(void)w;
	(void)h;
	(void)f;
	return missing(err);
}
