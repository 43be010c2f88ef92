/* cli_import.c: svdesk import KIND FILE [--dry-run]. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "svdesk/import.h"
#include "svdesk/progress.h"

/* Each fault on its own line, the progress line erased first. */
static void report(void *ctx, const char *msg)
{
	progress_clear(ctx);
	sv_err_print(stderr, "%s\n", msg);
}

/* Bytes read so far, against the file's size when it is a regular file. */
static void show_progress(void *ctx, uint64_t bytes, int done)
{
	if (done)
		progress_clear(ctx);
	else
		progress_update(ctx, (int64_t)bytes);
}

int cmd_import(struct run *r)
{
	const char *file;
	enum import_kind kind;
	import_opts o;
	import_result res;
	progress pr;
	struct stat sb;
	int64_t size = 0;
	char summary[512], label[64];
	svdb *db = NULL;
	sv_err err = { 0 };
	FILE *in;
	int rc, std;

	if (r->cli.nargs < 3)
		return cli_usage_error("%s", "import: name the kind and the file "
				       "(svdesk import measures|contracts|commitments|returns|highlights|"
				       "answers FILE)");
	if (import_kind_parse(r->cli.args[1], &kind) < 0)
		return cli_usage_error("import: '%s' is not a kind of file: measures, contracts, "
				       "commitments, returns, highlights or answers", r->cli.args[1]);
	file = r->cli.args[2];
	std = strcmp(file, "-") == 0;
	in = std ? stdin : fopen(file, "rb");
	if (in == NULL) {
		sv_err_print(stderr, "svdesk: %s: cannot open: %s\n", file, strerror(errno));
		return EXIT_RUNTIME;
	}
	if (fstat(fileno(in), &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			sv_err_print(stderr, "svdesk: %s: is a folder; name a CSV file\n", file);
			fclose(in);
			return EXIT_RUNTIME;
		}
		if (S_ISREG(sb.st_mode))
			size = (int64_t)sb.st_size;
	}

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
	o.progress = show_progress;
	o.ctx = &pr;
	snprintf(label, sizeof label, "import %s", import_kind_name(kind));
	progress_start(&pr, progress_wanted(STDERR_FILENO, -1) ? stderr : NULL, label, "MB",
		       1000000, size);
	rc = import_run(db, in, &o, &res, &err);
	progress_end(&pr);
	db_close(&db);
	if (!std)
		fclose(in);
	if (rc < 0)
		return cli_db_exit(&err);
	if (rc > 0) {
		sv_err_print(stderr, "svdesk: %s rejected: %ld problem%s found; nothing was written\n",
			std ? "<stdin>" : file, res.faults, res.faults == 1 ? "" : "s");
		return EXIT_REJECTED;
	}
	import_summary(kind, &res, summary, sizeof summary);
	printf("%s%s\n", summary, o.dry_run ? " (dry run: nothing written)" : "");
	if (fflush(stdout) != 0 || ferror(stdout)) {
		sv_err_print(stderr, "svdesk: %s: %s, but its summary could not be written to standard "
			"output: %s\n", std ? "<stdin>" : file,
			o.dry_run ? "checked" : "imported", strerror(errno));
		return EXIT_RUNTIME;
	}
	return EXIT_OK;
}
