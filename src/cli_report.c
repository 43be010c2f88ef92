/* cli_report.c: svdesk report fgb|qprb|qrb [--year Y | --quarter Q]
 * [--format text|csv] [-o FILE | --print].
 *
 * The period defaults from "today" (SVDESK_NOW in tests): FGB the current
 * financial year, QPRB and QRB the last completed quarter.  -o x.csv means
 * CSV unless --format says otherwise; -o replaces a file whole.  --print
 * pipes the text to [print] command; it goes with neither -o nor CSV (a
 * usage error: print the text, or write a file, not both).
 *
 * The text is laid out at [print] width and page_length.  Money is "£" in
 * a file or on paper, and on standard output where the locale is UTF-8;
 * "GBP" on standard output where it is not (the rule of svdesk check). */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "svdesk/csvout.h"
#include "svdesk/outfile.h"
#include "svdesk/progress.h"
#include "svdesk/report.h"
#include "svdesk/report_pdf.h"

enum out_format { FORMAT_TEXT, FORMAT_CSV, FORMAT_PDF };

/* 1 when the name ends with ext (".csv", ".pdf"), in any case. */
static int has_ext(const char *s, const char *ext)
{
	size_t n = s != NULL ? strlen(s) : 0, e = strlen(ext);

	return n > e && strcasecmp(s + n - e, ext) == 0;
}

/* The format: --format, else the name given to -o, else text. */
static int format_of(const struct run *r, enum out_format *fmt)
{
	const char *f = r->cli.format;

	if (f == NULL)
		*fmt = has_ext(r->cli.output, ".csv") ? FORMAT_CSV :
		       has_ext(r->cli.output, ".pdf") ? FORMAT_PDF : FORMAT_TEXT;
	else if (strcmp(f, "text") == 0)
		*fmt = FORMAT_TEXT;
	else if (strcmp(f, "csv") == 0)
		*fmt = FORMAT_CSV;
	else if (strcmp(f, "pdf") == 0)
		*fmt = FORMAT_PDF;
	else {
		char quoted[100];

		sv_err_quote(quoted, sizeof quoted, f, strlen(f), 40);
		return cli_usage_error("--format: '%s' is not a format (text, csv or pdf)", quoted);
	}
	return EXIT_OK;
}

/* What goes with what: --print prints text; a PDF needs -o and never goes
 * to a terminal. */
static int options_agree(const struct run *r, enum out_format fmt)
{
	if (r->cli.print && r->cli.output != NULL)
		return cli_usage_error("%s", "--print sends the report to the print command; it does "
				       "not go with -o (print it, or write it to a file)");
	if (r->cli.print && fmt == FORMAT_CSV)
		return cli_usage_error("%s", "--print prints the text report; it does not go with "
				       "--format csv");
	if (r->cli.print && fmt == FORMAT_PDF)
		return cli_usage_error("%s", "--print prints the text report; it does not go with "
				       "--format pdf (write the PDF with -o FILE.pdf and print that)");
	if (fmt == FORMAT_PDF && r->cli.output == NULL)
		return cli_usage_error("%s", "--format pdf writes a file: give -o FILE.pdf "
				       "(or -o - to send it down a pipe)");
	if (fmt == FORMAT_PDF && outfile_is_stdout(r->cli.output) && isatty(STDOUT_FILENO))
		return cli_usage_error("%s", "a PDF is not for the terminal: give -o FILE.pdf, "
				       "or send standard output down a pipe or into a file");
	return EXIT_OK;
}

/* The period of the command line, or the default from today. */
static int report_period_of(const struct run *r, enum report_board b, report_period *p)
{
	const char *code = report_board_code(b);
	sv_err e = { 0 };

	*p = report_default_period(b, r->now.date);
	if (report_board_quarterly(b)) {
		sv_quarter q;

		if (r->cli.year != NULL)
			return cli_usage_error("report %s is quarterly: it takes --quarter Q "
					       "(e.g. --quarter 2025/26-Q2), not --year", code);
		if (r->cli.quarter != NULL) {
			if (quarter_parse(r->cli.quarter, &q, &e) < 0)
				return cli_usage_error("--quarter: %s (the form is 2025/26-Q2)", e.msg);
			p->fy = q.fy;
			p->q = q.q;
		}
	} else {
		if (r->cli.quarter != NULL)
			return cli_usage_error("report %s is annual: it takes --year Y "
					       "(e.g. --year 2025/26), not --quarter", code);
		if (r->cli.year != NULL) {
			if (fy_parse(r->cli.year, &p->fy, &e) < 0)
				return cli_usage_error("--year: %s (the form is 2025/26)", e.msg);
			p->q = 0;
		}
	}
	return EXIT_OK;
}

static enum money_style text_money(const outfile *out, int printing)
{
	const char *codeset;

	if (printing || (out != NULL && !out->is_stdout))
		return MONEY_POUND;
	codeset = nl_langinfo(CODESET);
	return codeset != NULL && strcmp(codeset, "UTF-8") == 0 ? MONEY_POUND : MONEY_GBP;
}

static int write_csv(struct run *r, const report *rep)
{
	outfile out;
	csvw w;
	sv_err err = { 0 };
	int rc;

	if (outfile_open(&out, r->cli.output, &err) < 0)
		return cli_db_exit(&err);
	csvw_init(&w, out.f, csv_bom_wanted(r->cfg.export_bom, !out.is_stdout));
	rc = report_write_csv(rep, &w);
	if (csvw_finish(&w, outfile_name(&out), &err) < 0 || rc < 0 ||
	    outfile_commit(&out, &err) < 0) {
		if (err.msg[0] == '\0')
			sv_err_set(&err, "%s: cannot write", outfile_name(&out));
		outfile_abort(&out);
		return cli_db_exit(&err);
	}
	return EXIT_OK;
}

/* The PDF: laid out and written in one step (report_render_pdf), shown as
 * the last step of the progress line until it is done. */
static int write_pdf(struct run *r, const report *rep, progress *pr)
{
	outfile out;
	sv_err err = { 0 };
	int rc;

	if (outfile_open(&out, r->cli.output, &err) < 0)
		return cli_db_exit(&err);
	if (isatty(fileno(out.f))) {
		/* -o /dev/tty and the like: a name that is a terminal */
		progress_end(pr);
		outfile_abort(&out);
		return cli_usage_error("%s", "a PDF is not for the terminal: give -o FILE.pdf, "
				       "or send standard output down a pipe or into a file");
	}
	progress_update(pr, 2);
	rc = report_render_pdf(rep, out.f, &err);
	progress_end(pr);
	if (rc < 0) {
		/* the renderer's "cannot write: ..." after the file's name */
		char why[SV_ERR_MAX];

		snprintf(why, sizeof why, "%s", err.msg);
		sv_err_set(&err, "%s: %s", outfile_name(&out), why);
	}
	if (rc < 0 || outfile_commit(&out, &err) < 0) {
		if (err.msg[0] == '\0')
			sv_err_set(&err, "%s: cannot write", outfile_name(&out));
		outfile_abort(&out);
		return cli_db_exit(&err);
	}
	return EXIT_OK;
}

static int write_text(struct run *r, const report *rep, progress *pr)
{
	report_layout lay;
	report_text t;
	outfile out;
	sv_err err = { 0 };
	int printing = r->cli.print;

	memset(&out, 0, sizeof out);
	if (!printing && outfile_open(&out, r->cli.output, &err) < 0)
		return cli_db_exit(&err);
	lay.width = r->cfg.print_width;
	lay.page_length = r->cfg.page_length;
	lay.money = text_money(printing ? NULL : &out, printing);
	if (report_render_text(rep, &lay, &t, &err) < 0) {
		if (!printing)
			outfile_abort(&out);
		return cli_db_exit(&err);
	}
	progress_update(pr, 2);
	progress_end(pr);
	if (printing) {
		char cmd[200];
		int pages = t.pages;

		if (report_print(&t, r->cfg.print_command, &err) < 0) {
			report_text_free(&t);
			return cli_db_exit(&err);
		}
		report_text_free(&t);
		sv_err_quote(cmd, sizeof cmd, r->cfg.print_command, strlen(r->cfg.print_command), 120);
		sv_err_print(stderr, "svdesk: printed %d page%s to %s\n", pages, pages == 1 ? "" : "s", cmd);
		return EXIT_OK;
	}
	if (report_text_write(&t, out.f) < 0) {
		report_text_free(&t);
		sv_err_set(&err, "%s: cannot write: %s", outfile_name(&out), sv_errno_text(errno));
		outfile_abort(&out);
		return cli_db_exit(&err);
	}
	report_text_free(&t);
	if (outfile_commit(&out, &err) < 0) {
		outfile_abort(&out);
		return cli_db_exit(&err);
	}
	return EXIT_OK;
}

int cmd_report(struct run *r)
{
	enum report_board b;
	report_period p;
	report *rep = NULL;
	progress pr;
	svdb *db = NULL;
	sv_err err = { 0 };
	char label[32];
	enum out_format fmt;
	int rc;

	if (r->cli.nargs < 2)
		return cli_usage_error("%s", "report: name the board (fgb, qprb or qrb)");
	if (report_board_parse(r->cli.args[1], &b) < 0) {
		char quoted[100];

		sv_err_quote(quoted, sizeof quoted, r->cli.args[1], strlen(r->cli.args[1]), 60);
		return cli_usage_error("report: unknown board '%s' (fgb, qprb or qrb)", quoted);
	}
	if (r->cli.year != NULL && r->cli.quarter != NULL)
		return cli_usage_error("%s", "give --year or --quarter, not both");
	rc = report_period_of(r, b, &p);
	if (rc != EXIT_OK)
		return rc;
	rc = format_of(r, &fmt);
	if (rc == EXIT_OK)
		rc = options_agree(r, fmt);
	if (rc != EXIT_OK)
		return rc;
	if (fmt == FORMAT_PDF && !report_pdf_available()) {
		sv_err_print(stderr, "svdesk: %s\n", report_pdf_missing());
		return EXIT_RUNTIME;
	}
	rc = cli_open_db(r, &db);
	if (rc != EXIT_OK)
		return rc;
	rc = cli_not_the_database(db, r->cli.output);
	if (rc != EXIT_OK) {
		db_close(&db);
		return rc;
	}
	snprintf(label, sizeof label, "report %s", report_board_code(b));
	progress_start(&pr, progress_wanted(STDERR_FILENO, r->cli.print ? -1 :
			outfile_is_stdout(r->cli.output) ? STDOUT_FILENO : -1) ? stderr : NULL,
		       label, "steps", 1, 3);
	progress_update(&pr, 0);
	rc = report_build(db, &r->cfg, &p, r->who, &r->now, &rep, &err);
	db_close(&db);
	if (rc < 0) {
		progress_end(&pr);
		return cli_db_exit(&err);
	}
	progress_update(&pr, 1);
	if (fmt == FORMAT_CSV) {
		progress_end(&pr);
		rc = write_csv(r, rep);
	} else if (fmt == FORMAT_PDF) {
		rc = write_pdf(r, rep, &pr);
	} else {
		rc = write_text(r, rep, &pr);
	}
	progress_end(&pr);
	report_free(&rep);
	return rc;
}
