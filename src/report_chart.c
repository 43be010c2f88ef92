/* report_chart.c: PLACEHOLDER, replaced by the charts before this lands. */
#include "config.h"

#include "report_pdf_private.h"

const char *report_chart_name(enum report_chart c)
{
	static const char *const names[CHART_COUNT] = { "themes", "trend", "rag" };

	return (unsigned)c < CHART_COUNT ? names[c] : "?";
}

void report_chart_draw(cairo_t *cr, const report *r, enum report_chart c, double x, double y,
		       double w, double h)
{
	(void)cr; (void)r; (void)c; (void)x; (void)y; (void)w; (void)h;
}

double report_chart_height(const report *r, enum report_chart c, double w)
{
	(void)r; (void)c;
	return w / 2;
}

int report_chart_wanted(const report *r, enum report_chart c)
{
	(void)r; (void)c;
	return 1;
}

int report_pdf_chart(const report *r, enum report_chart c, double w, double h, FILE *f,
		     sv_err *err)
{
	(void)r; (void)c; (void)w; (void)h; (void)f;
	sv_err_set(err, "%s", "not written yet");
	return -1;
}
