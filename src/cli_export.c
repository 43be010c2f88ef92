/* cli_export.c: svdesk export KIND, export template, chase. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "svdesk/csvout.h"
#include "svdesk/export.h"
#include "svdesk/outfile.h"

/* ---- the options --------------------------------------------------------------- */

/* The usage error for a --year or --quarter that period.c refused. */
static int period_error(const char *opt, const sv_err *e, const char *form)
{
	return cli_usage_error("%s: %s (the form is %s)", opt, e->msg, form);
}

static int parse_year(const char *s, int *fy)
{
	sv_err e = { 0 };

	return fy_parse(s, fy, &e) < 0 ?
		period_error("--year", &e, "2025/26") : EXIT_OK;
}

static int parse_quarter(const char *s, sv_quarter *q)
{
	sv_err e = { 0 };

	return quarter_parse(s, q, &e) < 0 ?
		period_error("--quarter", &e, "2025/26-Q2") : EXIT_OK;
}

/* --year / --quarter into fy and q (0 when absent). */
static int parse_period(const struct cli *c, int *fy, int *q)
{
	sv_quarter qq;
	int rc;

	*fy = *q = 0;
	if (c->year != NULL && c->quarter != NULL)
		return cli_usage_error("%s", "give --year or --quarter, not both");
	if (c->year != NULL)
		return parse_year(c->year, fy);
	if (c->quarter != NULL) {
		rc = parse_quarter(c->quarter, &qq);
		if (rc != EXIT_OK)
			return rc;
		*fy = qq.fy;
		*q = qq.q;
	}
	return EXIT_OK;
}

/* -o must never name the database itself (or its journal files): replacing
 * it with a CSV would lose every record.  0, or the exit status. */
int cli_not_the_database(svdb *db, const char *output)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };
	struct stat so, sd;
	char path[4096];

	if (output == NULL || strcmp(output, "-") == 0 || stat(output, &so) != 0)
		return EXIT_OK;
	for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		if (snprintf(path, sizeof path, "%s%s", db_path(db), suffixes[i]) >= (int)sizeof path)
			continue;
		if (stat(path, &sd) == 0 && sd.st_dev == so.st_dev && sd.st_ino == so.st_ino) {
			sv_err_print(stderr, "svdesk: %s: that is the database%s; name another file to write\n",
				output, i == 0 ? "" : "'s journal");
			return EXIT_USAGE;
		}
	}
	return EXIT_OK;
}

/* Open the database for a command that writes -o FILE, and check that
 * FILE is not the database.  EXIT_OK with *db open, or the exit status. */
static int open_db_for_output(struct run *r, svdb **db)
{
	int rc = cli_open_db(r, db);

	if (rc != EXIT_OK)
		return rc;
	rc = cli_not_the_database(*db, r->cli.output);
	if (rc != EXIT_OK)
		db_close(db);
	return rc;
}

/* ---- svdesk export KIND ----------------------------------------------------------- */

static int export_kind(struct run *r, enum export_kind kind)
{
	export_filter f;
	progress pr;
	outfile out;
	csvw w;
	svdb *db = NULL;
	sv_err err = { 0 };
	char label[64], since[11];
	int rc;

	memset(&f, 0, sizeof f);
	if (r->cli.supplier != NULL)
		return cli_usage_error("%s", "--supplier goes with export template");
	rc = parse_period(&r->cli, &f.fy, &f.q);
	if (rc != EXIT_OK)
		return rc;
	if (r->cli.since != NULL) {
		sv_date d;

		if (date_parse(r->cli.since, &d, &err) < 0)
			return cli_usage_error("--since: %s (the form is YYYY-MM-DD, a day in UTC)",
					       err.msg);
		f.since = date_format_iso(d, since);   /* as parsed: spaces trimmed */
	}
	if (export_filter_check(kind, &f, &err) < 0)
		return cli_usage_error("%s", err.msg);
	rc = open_db_for_output(r, &db);
	if (rc != EXIT_OK)
		return rc;
	if (outfile_open(&out, r->cli.output, &err) < 0) {
		db_close(&db);
		return cli_db_exit(&err);
	}
	snprintf(label, sizeof label, "export %s", export_kind_name(kind));
	progress_start(&pr, progress_wanted(STDERR_FILENO, fileno(out.f)) ? stderr : NULL,
		       label, "rows", 1, 0);
	csvw_init(&w, out.f, csv_bom_wanted(r->cfg.export_bom, !out.is_stdout));
	rc = export_write(db, kind, &f, &w, &pr, outfile_name(&out), &err);
	progress_end(&pr);
	db_close(&db);
	if (rc < 0 || outfile_commit(&out, &err) < 0) {
		outfile_abort(&out);
		return cli_db_exit(&err);
	}
	return EXIT_OK;
}

/* ---- svdesk export template --------------------------------------------------------- */

static void template_written(void *ctx, const char *path, const char *supplier, long lines)
{
	char quoted[200];

	(void)ctx;
	sv_err_quote(quoted, sizeof quoted, supplier, strlen(supplier), 120);
	sv_err_print(stderr, "svdesk: wrote %s (%s, %ld line%s)\n", path, quoted, lines,
		lines == 1 ? "" : "s");
}

static int export_template(struct run *r)
{
	sv_quarter q;
	svdb *db = NULL;
	sv_err err = { 0 };
	char qb[16];
	int rc, n;

	if (r->cli.year != NULL || r->cli.since != NULL)
		return cli_usage_error("%s", "export template takes --quarter Q (e.g. --quarter 2025/26-Q2)");
	if (r->cli.quarter == NULL)
		return cli_usage_error("%s", "export template needs --quarter Q (e.g. --quarter 2025/26-Q2)");
	if (r->cli.output == NULL || strcmp(r->cli.output, "-") == 0)
		return cli_usage_error("%s", "export template needs -o DIR, the folder to write one "
				       "file per supplier into");
	rc = parse_quarter(r->cli.quarter, &q);
	if (rc != EXIT_OK)
		return rc;
	rc = cli_open_db(r, &db);
	if (rc != EXIT_OK)
		return rc;
	n = export_templates(db, q, r->cli.supplier, r->cli.output, r->cfg.export_bom,
			     template_written, NULL, &err);
	db_close(&db);
	if (n < 0) {
		sv_err_print(stderr, "svdesk: %s\n", err.msg);
		return err.code == EXPORT_E_NO_SUPPLIER ? EXIT_REJECTED : EXIT_RUNTIME;
	}
	quarter_format(q, ' ', qb);
	if (n == 0)
		sv_err_print(stderr, "svdesk: no commitment is running in %s%s; no template written\n", qb,
			r->cli.supplier != NULL ? " for that supplier" : "");
	else
		sv_err_print(stderr, "svdesk: %d template%s for %s in %s\n", n, n == 1 ? "" : "s", qb,
			r->cli.output);
	return EXIT_OK;
}

int cmd_export(struct run *r)
{
	enum export_kind kind;

	if (r->cli.nargs < 2)
		return cli_usage_error("export: name what to export (%s, or template)", EXPORT_KIND_LIST);
	if (strcmp(r->cli.args[1], "template") == 0)
		return export_template(r);
	if (export_kind_parse(r->cli.args[1], &kind) < 0) {
		char quoted[100];

		sv_err_quote(quoted, sizeof quoted, r->cli.args[1], strlen(r->cli.args[1]), 60);
		return cli_usage_error("export: unknown kind '%s' (the kinds are %s, and template)",
				       quoted, EXPORT_KIND_LIST);
	}
	return export_kind(r, kind);
}

/* ---- svdesk chase ----------------------------------------------------------------- */

static int ends_with_csv(const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;

	return n >= 4 && strcasecmp(s + n - 4, ".csv") == 0;
}

int cmd_chase(struct run *r)
{
	sv_quarter q;
	chase_list l;
	outfile out;
	svdb *db = NULL;
	sv_err err = { 0 };
	int csv, rc;

	if (r->cli.year != NULL)
		return cli_usage_error("%s", "chase takes --quarter Q (e.g. --quarter 2025/26-Q2), not --year");
	if (r->cli.format == NULL)
		csv = ends_with_csv(r->cli.output);
	else if (strcmp(r->cli.format, "text") == 0 || strcmp(r->cli.format, "csv") == 0)
		csv = strcmp(r->cli.format, "csv") == 0;
	else
		return cli_usage_error("--format: '%s' is not a format (text or csv)", r->cli.format);
	if (r->cli.quarter != NULL) {
		rc = parse_quarter(r->cli.quarter, &q);
		if (rc != EXIT_OK)
			return rc;
	} else {
		/* the last quarter completed before today */
		q = quarter_prev(quarter_of_date(r->now.date));
	}
	rc = open_db_for_output(r, &db);
	if (rc != EXIT_OK)
		return rc;
	rc = chase_collect(db, q, r->cli.incomplete, &l, &err);
	db_close(&db);
	if (rc < 0)
		return cli_db_exit(&err);
	if (outfile_open(&out, r->cli.output, &err) < 0) {
		chase_free(&l);
		return cli_db_exit(&err);
	}
	if (csv) {
		csvw w;

		csvw_init(&w, out.f, csv_bom_wanted(r->cfg.export_bom, !out.is_stdout));
		chase_write_csv(&l, &w);
		rc = csvw_finish(&w, outfile_name(&out), &err);
	} else {
		rc = chase_write_text(&l, r->cli.incomplete, out.f);
		if (rc < 0)
			sv_err_set(&err, "%s: cannot write", outfile_name(&out));
	}
	chase_free(&l);
	if (rc < 0 || outfile_commit(&out, &err) < 0) {
		outfile_abort(&out);
		return cli_db_exit(&err);
	}
	return EXIT_OK;
}
