/* report_pdf.c: PLACEHOLDER, replaced by the renderer before this lands. */
#include "config.h"

#include "report_pdf_private.h"

int report_pdf_available(void)
{
	return 1;
}

const char *report_pdf_missing(void)
{
	return "";
}

int report_render_pdf(const report *r, FILE *f, sv_err *err)
{
	(void)r;
	(void)f;
	sv_err_set(err, "%s", "not written yet");
	return -1;
}
