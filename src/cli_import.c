/* cli_import.c: svdesk import KIND FILE [--dry-run]. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "svdesk/import.h"

struct progress {
	int tty;                 /* stderr is a terminal */
	uint64_t total;          /* bytes of a regular file, 0 when unknown */
	struct timespec t0;
	int shown;
};

static void report(void *ctx, const char *msg)
{
	struct progress *p = ctx;

	if (p->shown) {
		fputs("\r\033[K", stderr);
		p->shown = 0;
	}
	fprintf(stderr, "%s\n", msg);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Done, of how many, and the rate; only while stderr is a terminal. */
static void progress(void *ctx, uint64_t bytes, int done)
{
	struct progress *p = ctx;
	double s = seconds_since(&p->t0), mb = (double)bytes / 1e6;
	double rate = s > 0 ? mb / s : 0;

	if (!p->tty)
		return;
	if (done) {
		if (p->shown)
			fputs("\r\033[K", stderr);
		p->shown = 0;
		return;
	}
	if (p->total > 0)
		fprintf(stderr, "\r\033[Ksvdesk: import: %.0f%% (%.1f of %.1f MB), %.1f MB/s",
			100.0 * (double)bytes / (double)p->total, mb, (double)p->total / 1e6, rate);
	else
		fprintf(stderr, "\r\033[Ksvdesk: import: %.1f MB read, %.1f MB/s", mb, rate);
	fflush(stderr);
	p->shown = 1;
}

int cmd_import(struct run *r)
{
	const char *file;
	enum import_kind kind;
	import_opts o;
	import_result res;
	struct progress pr;
	struct stat sb;
	char summary[512];
	svdb *db = NULL;
	sv_err err = { 0 };
	FILE *in;
	int rc, std;

	if (r->cli.nargs < 3)
		return cli_usage_error("%s", "import: name the kind and the file "
				       "(svdesk import measures|contracts|commitments|returns FILE)");
	if (import_kind_parse(r->cli.args[1], &kind) < 0)
		return cli_usage_error("import: '%s' is not a kind of file: measures, contracts, "
				       "commitments or returns", r->cli.args[1]);
	file = r->cli.args[2];
	std = strcmp(file, "-") == 0;
	in = std ? stdin : fopen(file, "rb");
	if (in == NULL) {
		fprintf(stderr, "svdesk: %s: cannot open: %s\n", file, strerror(errno));
		return EXIT_RUNTIME;
	}
	memset(&pr, 0, sizeof pr);
	if (fstat(fileno(in), &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			fprintf(stderr, "svdesk: %s: is a folder; name a CSV file\n", file);
			fclose(in);
			return EXIT_RUNTIME;
		}
		if (S_ISREG(sb.st_mode))
			pr.total = (uint64_t)sb.st_size;
	}
	pr.tty = isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &pr.t0);

	r->dbo.origin = "import";
	rc = cli_open_db(r, &db);
	if (rc != EXIT_OK) {
		if (!std)
			fclose(in);
		return rc;
	}
	memset(&o, 0, sizeof o);
	o.kind = kind;
	o.name = file;
	o.dry_run = r->cli.dry_run;
	o.report = report;
	o.progress = progress;
	o.ctx = &pr;
	rc = import_run(db, in, &o, &res, &err);
	db_close(&db);
	if (!std)
		fclose(in);
	if (rc < 0)
		return cli_db_exit(&err);
	if (rc > 0) {
		fprintf(stderr, "svdesk: %s rejected: %ld problem%s found; nothing was written\n",
			std ? "<stdin>" : file, res.faults, res.faults == 1 ? "" : "s");
		return EXIT_REJECTED;
	}
	import_summary(kind, &res, summary, sizeof summary);
	printf("%s%s\n", summary, o.dry_run ? " (dry run: nothing written)" : "");
	return EXIT_OK;
}
