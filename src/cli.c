/* cli.c: the command line: options, subcommands, exit statuses. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <locale.h>
#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "svdesk/action.h"
#include "svdesk/db.h"
#include "svdesk/demo.h"
#include "svdesk/error.h"
#include "svdesk/identity.h"
#include "svdesk/period.h"
#include "svdesk/progress.h"
#include "svdesk/report_pdf.h"
#include "svdesk/settings.h"
#include "svdesk/tui.h"

static const char usage_text[] =
	"Usage: svdesk [OPTION]... [COMMAND [ARG]...]\n"
	"Record, validate and report the social value that suppliers deliver.\n"
	"\n"
	"With no command, svdesk opens the full-screen desk on the database.\n"
	"\n"
	"Commands:\n"
	"  init                 create the database (with the built-in TOM catalogue)\n"
	"  demo                 write synthetic demo data into a new or empty database\n"
	"                       (default: the demo database, never the real one)\n"
	"  import KIND FILE     read a CSV file of measures, contracts, commitments,\n"
	"                       returns, highlights or answers (the OPCC\n"
	"                       questionnaire): the whole file or nothing\n"
	"                       (FILE may be -)\n"
	"  export KIND          write measures, contracts, commitments, returns,\n"
	"                       highlights, answers or the audit log as CSV (to\n"
	"                       standard output, or -o FILE)\n"
	"  export template      one pre-filled returns CSV per supplier running in a\n"
	"                       quarter (--quarter Q -o DIR)\n"
	"  chase                the missing returns of a quarter, for reminders\n"
	"  check [PART]...      check the database: integrity, audit (the audit log),\n"
	"                       policy; every part when none is named\n"
	"  report BOARD         a board report: fgb (the year), qprb or qrb (a\n"
	"                       quarter), as paper text, CSV or PDF, or printed\n"
	"  backup FILE          write a consistent copy of the database to FILE\n"
	"                       (safe while others use it; FILE may be - for stdout)\n"
	"\n"
	"Options (before or after the command):\n"
	"      --db FILE        the database (default: $SVDESK_DB, [database] path,\n"
	"                       then $XDG_DATA_HOME/svdesk/svdesk.db)\n"
	"      --config FILE    the configuration file (default: $SVDESK_CONFIG,\n"
	"                       then $XDG_CONFIG_HOME/svdesk/svdesk.ini, then\n"
	"                       " SYSCONFDIR "/svdesk.ini)\n"
	"      --demo           open the desk on the demo database, creating it\n"
	"                       with the default demo data when absent\n"
	"      --contracts N    demo: how many contracts, 0 to 100000 (default 60)\n"
	"      --seed S         demo: the random seed (default 1)\n"
	"      --dry-run        import: check everything, write nothing\n"
	"      --year Y         export, report fgb: one financial year (2025/26);\n"
	"                       report fgb defaults to the current one\n"
	"      --quarter Q      export, export template, chase, report qprb|qrb: one\n"
	"                       quarter (2025/26-Q2); chase and report default to\n"
	"                       the last one ended\n"
	"      --since DATE     export audit: the entries from that day (YYYY-MM-DD)\n"
	"  -o, --output FILE    export, chase, report: write to FILE, replaced whole\n"
	"                       (- is stdout); export template: the folder DIR\n"
	"      --supplier NAME  export template: only that supplier\n"
	"      --incomplete     chase: add the returns that lack some measures\n"
	"      --format FORMAT  chase, report: text (the default; csv when -o names\n"
	"                       a .csv file) or csv; report also pdf (the default\n"
	"                       when -o names a .pdf file)\n"
	"      --print          report: pipe the text to the [print] command\n"
	"      --audit-head N:HASH  check: does the audit log still begin with\n"
	"                       this chain head (printed earlier by check)?\n"
	"      --keys SCRIPT --size COLSxROWS [--dump FILE]\n"
	"                       the desk, headless (for tests)\n"
	"  -h, --help           show this help and exit\n"
	"      --help-keys      list every action and its keys, and exit\n"
	"  -V, --version        show the version and exit\n"
	"\n"
	"Exit status: 0 success, 1 runtime failure, 2 usage error, 3 rejected input\n"
	"(for check: something found), 78 configuration error.\n"
	"\n"
	"SVDESK_NOW=YYYY-MM-DD[THH:MM:SS] sets \"today\" for demos and tests.\n"
	"See svdesk(1) for the CSV formats, the audit log, the keys and the\n"
	"configuration.\n";

int cli_usage_error(const char *fmt, ...)
{
	char what[SV_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	sv_err_print(stderr, "svdesk: %s\nTry 'svdesk --help' for more information.\n", what);
	return EXIT_USAGE;
}

/* Options take "--name VALUE" or "--name=VALUE".  Returns 1 when arg was
 * the option (value in *out, *i advanced), 0 when not, -1 on a missing
 * value. */
static int take_value(int argc, char **argv, int *i, const char *name, const char **out)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, name, n) != 0)
		return 0;
	if (a[n] == '=') {
		*out = a + n + 1;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*out = argv[++*i];
	return 1;
}

static int parse_args(struct cli *c, int argc, char **argv)
{
	static const struct {
		const char *name;
		size_t off;
	} valued[] = {
		{ "--db", offsetof(struct cli, db) },
		{ "--config", offsetof(struct cli, config) },
		{ "--contracts", offsetof(struct cli, contracts) },
		{ "--seed", offsetof(struct cli, seed) },
		{ "--keys", offsetof(struct cli, keys) },
		{ "--size", offsetof(struct cli, size) },
		{ "--dump", offsetof(struct cli, dump) },
		{ "--year", offsetof(struct cli, year) },
		{ "--quarter", offsetof(struct cli, quarter) },
		{ "--since", offsetof(struct cli, since) },
		{ "-o", offsetof(struct cli, output) },
		{ "--output", offsetof(struct cli, output) },
		{ "--supplier", offsetof(struct cli, supplier) },
		{ "--format", offsetof(struct cli, format) },
		{ "--audit-head", offsetof(struct cli, audit_head) },
	};
	int only_args = 0;

	memset(c, 0, sizeof *c);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		int taken = 0;

		if (only_args || a[0] != '-' || strcmp(a, "-") == 0) {
			if (c->nargs == CLI_MAX_ARGS)
				return cli_usage_error("too many arguments (at '%s')", a);
			c->args[c->nargs++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_args = 1;
			continue;
		}
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			c->help = 1;
			continue;
		}
		if (strcmp(a, "--version") == 0 || strcmp(a, "-V") == 0) {
			c->version = 1;
			continue;
		}
		if (strcmp(a, "--help-keys") == 0) {
			c->help_keys = 1;
			continue;
		}
		if (strcmp(a, "--demo") == 0) {
			c->demo_tui = 1;
			continue;
		}
		if (strcmp(a, "--dry-run") == 0) {
			c->dry_run = 1;
			continue;
		}
		if (strcmp(a, "--incomplete") == 0) {
			c->incomplete = 1;
			continue;
		}
		if (strcmp(a, "--print") == 0) {
			c->print = 1;
			continue;
		}
		for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++) {
			const char **slot = (const char **)(void *)((char *)c + valued[k].off);
			int r = take_value(argc, argv, &i, valued[k].name, slot);

			if (r < 0)
				return cli_usage_error("option '%s' needs a value", valued[k].name);
			if (r > 0) {
				if ((*slot)[0] == '\0')
					return cli_usage_error("option '%s' needs a non-empty value",
							   valued[k].name);
				taken = 1;
				break;
			}
		}
		if (!taken)
			return cli_usage_error("unknown option '%s'", a);
	}
	return EXIT_OK;
}

/* ---- paths ---------------------------------------------------------------- */

static int home_dir(char *buf, size_t n)
{
	const char *home = getenv("HOME");

	if (home == NULL || home[0] != '/') {
		struct passwd *pw = getpwuid(geteuid());

		if (pw == NULL || pw->pw_dir == NULL)
			return -1;
		home = pw->pw_dir;
	}
	return snprintf(buf, n, "%s", home) < (int)n ? 0 : -1;
}

/* $XDG_DATA_HOME/svdesk (default ~/.local/share/svdesk). */
static int data_dir(char *buf, size_t n, sv_err *err)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	char home[PATH_MAX];

	if (xdg != NULL && xdg[0] == '/') {
		if (snprintf(buf, n, "%s/svdesk", xdg) >= (int)n)
			return sv_err_set(err, "XDG_DATA_HOME is too long");
		return 0;
	}
	if (home_dir(home, sizeof home) < 0)
		return sv_err_set(err, "cannot find the home folder (set HOME or XDG_DATA_HOME)");
	if (snprintf(buf, n, "%s/.local/share/svdesk", home) >= (int)n)
		return sv_err_set(err, "the home folder's path is too long");
	return 0;
}

/* mkdir -p with mode 0700 for the folders made. */
static int make_dirs(const char *dir, sv_err *err)
{
	char path[PATH_MAX];

	if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path)
		return sv_err_set(err, "%s: path too long", dir);
	for (char *p = path + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;

			*p = '\0';
			if (mkdir(path, 0700) < 0 && errno != EEXIST)
				return sv_err_set(err, "%s: cannot create folder: %s", path,
						  strerror(errno));
			*p = c;
			if (c == '\0')
				break;
		}
	}
	return 0;
}

static int file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* Where the database is, and whether it may be created silently. */
static int resolve_db(const struct cli *c, const sv_config *cfg, int demo,
		      char *path, size_t n, int *is_default, sv_err *err)
{
	char dir[PATH_MAX];
	const char *env = getenv("SVDESK_DB");

	*is_default = 0;
	if (c->db != NULL)
		return snprintf(path, n, "%s", c->db) < (int)n ? 0 : sv_err_set(err, "--db: path too long");
	if (!demo && env != NULL && env[0] != '\0')
		return snprintf(path, n, "%s", env) < (int)n ? 0 : sv_err_set(err, "SVDESK_DB: path too long");
	if (!demo && cfg->db_path != NULL)
		return snprintf(path, n, "%s", cfg->db_path) < (int)n ? 0 : sv_err_set(err, "[database] path: too long");
	if (data_dir(dir, sizeof dir, err) < 0)
		return -1;
	*is_default = 1;
	if (snprintf(path, n, "%s/%s", dir, demo ? "demo.db" : "svdesk.db") >= (int)n)
		return sv_err_set(err, "%s: path too long", dir);
	return 0;
}

static int ensure_parent(const char *path, sv_err *err)
{
	char dir[PATH_MAX];
	char *slash;

	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
		return sv_err_set(err, "%s: path too long", path);
	slash = strrchr(dir, '/');
	if (slash == NULL || slash == dir)
		return 0;
	*slash = '\0';
	return make_dirs(dir, err);
}

/* ~/x for paths under the home folder, for the title bar. */
static void path_label(const char *path, char *buf, size_t n)
{
	char home[PATH_MAX];
	size_t hl;

	if (home_dir(home, sizeof home) == 0 && (hl = strlen(home)) > 1 &&
	    strncmp(path, home, hl) == 0 && path[hl] == '/') {
		snprintf(buf, n, "~%s", path + hl);
		return;
	}
	snprintf(buf, n, "%s", path);
}

/* ---- commands ------------------------------------------------------------- */

int cli_db_exit(const sv_err *err)
{
	sv_err_print(stderr, "svdesk: %s\n", err->msg);
	return EXIT_RUNTIME;
}

static int parse_count(const char *s, long max, long *out)
{
	char *end;
	long v;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v > max)
		return -1;
	*out = v;
	return 0;
}

static int parse_u64(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (s[0] < '0' || s[0] > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = (uint64_t)v;
	return 0;
}

static int cmd_init(struct run *r)
{
	char path[PATH_MAX];
	int is_default, created = 0, migrated_from = 0;
	sv_err err = { 0 };

	if (resolve_db(&r->cli, &r->cfg, 0, path, sizeof path, &is_default, &err) < 0)
		return cli_db_exit(&err);
	if (is_default && ensure_parent(path, &err) < 0)
		return cli_db_exit(&err);
	if (db_init(path, &r->dbo, &created, &migrated_from, &err) < 0)
		return cli_db_exit(&err);
	if (created)
		printf("svdesk: created %s (schema version %d, with the built-in TOM catalogue)\n",
		       path, db_schema_version());
	else if (migrated_from > 0)
		printf("svdesk: %s upgraded from schema version %d to %d\n", path,
		       migrated_from, db_schema_version());
	else
		printf("svdesk: %s is already an svdesk database (schema version %d); nothing changed\n",
		       path, db_schema_version());
	return EXIT_OK;
}

static void demo_progress(void *ctx, int64_t done, int64_t total)
{
	(void)total;
	progress_update(ctx, done);
}

/* Fill an open database with demo data when it is empty; refuse one that
 * holds data already. */
static int demo_fill(struct run *r, svdb *db, const char *path, long ncontracts,
		     uint64_t seed, sv_err *err)
{
	int64_t n = db_count(db, "contract", err);
	size_t len = strlen(path);
	progress pr;
	int rc;

	if (n < 0)
		return -1;
	if (n > 0 || db_count(db, "commitment", err) > 0)
		return sv_err_set(err, "%s already holds data; demo writes only into a new or empty "
				  "database: delete the file first (rm %s) to make it again, or "
				  "write elsewhere with --db FILE", path, path);
	progress_start(&pr, progress_wanted(STDERR_FILENO, -1) ? stderr : NULL, "demo",
		       "contracts", 1, ncontracts);
	demo_set_progress(demo_progress, &pr);
	rc = demo_generate(db, (int)ncontracts, seed, r->now.date, err);
	demo_set_progress(NULL, NULL);
	progress_end(&pr);
	if (rc < 0) {
		/* name the file once */
		if (strncmp(err->msg, path, len) == 0 && err->msg[len] == ':')
			return -1;
		return sv_err_prefix(err, "%s", path);
	}
	return 0;
}

/* Demo data into a file that holds no database yet: made in a private
 * temporary database and copied in whole, so that a demo interrupted at
 * any moment leaves the file absent, empty or complete, never a database
 * without its data (which --demo would then open as it is). */
static int demo_write_new(struct run *r, const char *path, long ncontracts, uint64_t seed,
			  sv_err *err)
{
	svdb *tmp = NULL;
	int rc;

	if (db_open_private(&tmp, path, &r->dbo, err) < 0)
		return -1;
	rc = demo_fill(r, tmp, path, ncontracts, seed, err);
	if (rc == 0)
		rc = db_copy_new(tmp, path, r->dbo.group, err);
	db_close(&tmp);
	return rc;
}

/* Is path the real database at its default place ($XDG_DATA_HOME/svdesk/
 * svdesk.db)?  The demo never writes there, even when it is empty. */
static int is_default_real_db(const char *path)
{
	char dir[PATH_MAX], real[PATH_MAX], folder[PATH_MAX], a[PATH_MAX], b[PATH_MAX];
	const char *slash = strrchr(path, '/'), *name = slash != NULL ? slash + 1 : path;
	struct stat s1, s2;
	sv_err err;

	if (data_dir(dir, sizeof dir, &err) < 0 ||
	    snprintf(real, sizeof real, "%s/svdesk.db", dir) >= (int)sizeof real)
		return 0;
	if (stat(path, &s1) == 0 && stat(real, &s2) == 0)
		return s1.st_dev == s2.st_dev && s1.st_ino == s2.st_ino;
	if (strcmp(path, real) == 0)
		return 1;
	/* one of them absent: the same name in the same folder */
	if (strcmp(name, "svdesk.db") != 0)
		return 0;
	if (slash == NULL)
		snprintf(folder, sizeof folder, ".");
	else
		snprintf(folder, sizeof folder, "%.*s", (int)(slash == path ? 1 : slash - path), path);
	return realpath(folder, a) != NULL && realpath(dir, b) != NULL && strcmp(a, b) == 0;
}

static int refuse_real_db(const char *path)
{
	sv_err_print(stderr, "svdesk: %s is the real database's default place; demo data never goes "
		"there (leave out --db for the demo database, or name another file)\n", path);
	return EXIT_RUNTIME;
}

static int cmd_demo(struct run *r)
{
	char path[PATH_MAX];
	int is_default;
	long ncontracts = DEMO_DEFAULT_CONTRACTS;
	uint64_t seed = DEMO_DEFAULT_SEED;
	svdb *db = NULL;
	sv_err err = { 0 };

	if (r->cli.contracts != NULL && parse_count(r->cli.contracts, 100000, &ncontracts) < 0)
		return cli_usage_error("--contracts: '%s' is not a whole number from 0 to 100000",
				   r->cli.contracts);
	if (r->cli.seed != NULL && parse_u64(r->cli.seed, &seed) < 0)
		return cli_usage_error("--seed: '%s' is not a whole number from 0 to 18446744073709551615",
				   r->cli.seed);
	if (resolve_db(&r->cli, &r->cfg, 1, path, sizeof path, &is_default, &err) < 0)
		return cli_db_exit(&err);
	if (is_default_real_db(path))
		return refuse_real_db(path);
	if (is_default && ensure_parent(path, &err) < 0)
		return cli_db_exit(&err);
	r->dbo.create = 1;
	r->dbo.origin = "demo";
	if (db_file_blank(path)) {
		if (demo_write_new(r, path, ncontracts, seed, &err) < 0)
			return cli_db_exit(&err);
	} else {
		if (db_open(&db, path, &r->dbo, &err) < 0)
			return cli_db_exit(&err);
		if (db_readonly(db)) {
			db_close(&db);
			sv_err_print(stderr, "svdesk: %s: cannot write to the database\n", path);
			return EXIT_RUNTIME;
		}
		if (demo_fill(r, db, path, ncontracts, seed, &err) < 0) {
			db_close(&db);
			return cli_db_exit(&err);
		}
		db_close(&db);
	}
	printf("svdesk: wrote demo data (%ld contracts, seed %llu) to %s\n", ncontracts,
	       (unsigned long long)seed, path);
	return EXIT_OK;
}

static int cmd_backup(struct run *r)
{
	char path[PATH_MAX];
	int is_default;
	svdb *db = NULL;
	sv_err err = { 0 };

	if (r->cli.nargs != 2)
		return cli_usage_error("%s", r->cli.nargs < 2 ? "backup: name the copy to write (svdesk backup FILE)"
				   : "backup: takes one FILE");
	if (strcmp(r->cli.args[1], "-") == 0 && isatty(STDOUT_FILENO))
		return cli_usage_error("%s", "backup: standard output is a terminal; redirect it to a file "
				   "(svdesk backup - > copy.db) or name the copy");
	if (resolve_db(&r->cli, &r->cfg, 0, path, sizeof path, &is_default, &err) < 0)
		return cli_db_exit(&err);
	if (db_open(&db, path, &r->dbo, &err) < 0)
		return cli_db_exit(&err);
	if (db_backup(db, r->cli.args[1], &err) < 0) {
		db_close(&db);
		return cli_db_exit(&err);
	}
	db_close(&db);
	if (strcmp(r->cli.args[1], "-") != 0)
		sv_err_print(stderr, "svdesk: copied %s to %s\n", path, r->cli.args[1]);
	return EXIT_OK;
}

static int parse_size(const char *s, int *cols, int *rows)
{
	char *end;
	long c, l;

	errno = 0;
	c = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != 'x')
		return -1;
	s = end + 1;
	l = strtol(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0' || c < 1 || c > 1000 || l < 1 || l > 1000)
		return -1;
	*cols = (int)c;
	*rows = (int)l;
	return 0;
}

static int cmd_tui(struct run *r)
{
	char path[PATH_MAX], label[PATH_MAX], flag[8];
	int is_default, demo = r->cli.demo_tui, rc, fresh;
	svdb *db = NULL;
	sv_err err = { 0 };
	tui_opts to;

	memset(&to, 0, sizeof to);
	if (r->cli.keys != NULL) {
		if (r->cli.size == NULL || parse_size(r->cli.size, &to.cols, &to.rows) < 0)
			return cli_usage_error("%s", "--keys needs --size COLSxROWS (e.g. --size 80x24)");
		to.script = r->cli.keys;
		to.dump = r->cli.dump;
	} else if (r->cli.size != NULL || r->cli.dump != NULL) {
		return cli_usage_error("%s", "--size and --dump go with --keys (headless runs)");
	}
	if (resolve_db(&r->cli, &r->cfg, demo, path, sizeof path, &is_default, &err) < 0)
		return cli_db_exit(&err);
	if (demo && is_default_real_db(path))
		return refuse_real_db(path);
	if (is_default && ensure_parent(path, &err) < 0)
		return cli_db_exit(&err);
	/* Only the default paths are created silently; --demo creates its own. */
	fresh = !file_exists(path);
	r->dbo.create = is_default || (demo && fresh);
	if (demo) {
		r->dbo.origin = "demo";
		/* demo data only where the file holds no database yet (absent,
		 * empty, or a first write interrupted): an existing database is
		 * reused as it is */
		if (db_file_blank(path)) {
			if (demo_write_new(r, path, DEMO_DEFAULT_CONTRACTS, DEMO_DEFAULT_SEED, &err) < 0)
				return cli_db_exit(&err);
		}
		if (db_open(&db, path, &r->dbo, &err) < 0)
			return cli_db_exit(&err);
		rc = db_meta_get(db, "demo", flag, sizeof flag, &err);
		if (rc < 0) {
			db_close(&db);
			return cli_db_exit(&err);
		}
		if (rc == 0) {
			int64_t n = db_count(db, "contract", &err);

			if (n != 0) {
				db_close(&db);
				sv_err_print(stderr, "svdesk: %s is not a demo database; --demo never opens a real one\n",
					path);
				return EXIT_RUNTIME;
			}
		}
		/* The demo's own data was written as "demo"; what happens at the
		 * desk from here on is the desk's. */
		db_set_origin(db, "desk");
	} else if (db_open(&db, path, &r->dbo, &err) < 0) {
		return cli_db_exit(&err);
	}
	if (db_readonly_reason(db)[0] != '\0')
		sv_err_print(stderr, "svdesk: warning: %s: opened READ-ONLY: %s\n", path,
			db_readonly_reason(db));
	if (to.script == NULL && (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		db_close(&db);
		sv_err_print(stderr, "svdesk: the desk needs a terminal: standard input and output are not one "
			"(run svdesk from a terminal; scripts use the commands of svdesk --help)\n");
		return EXIT_USAGE;
	}
	rc = db_meta_get(db, "demo", flag, sizeof flag, &err);
	to.demo = rc > 0 && strcmp(flag, "1") == 0;
	path_label(path, label, sizeof label);
	to.db = db;
	to.cfg = &r->cfg;
	to.who = r->who;
	to.db_label = label;
	to.now = r->now;
	rc = tui_run(&to, &err);
	db_close(&db);
	if (rc < 0)
		return cli_db_exit(&err);
	/* Ended by a signal (a dropped session): the terminal is restored and
	 * nothing is half-written; report it the way a shell expects. */
	if (tui_signal() != 0)
		return 128 + tui_signal();
	return EXIT_OK;
}

int cli_open_db_err(struct run *r, svdb **db, sv_err *err)
{
	char path[PATH_MAX];
	int is_default;

	*db = NULL;
	err->code = 0;
	if (resolve_db(&r->cli, &r->cfg, 0, path, sizeof path, &is_default, err) < 0 ||
	    (is_default && ensure_parent(path, err) < 0))
		return -1;
	r->dbo.create = is_default;
	if (db_open(db, path, &r->dbo, err) < 0)
		return -1;
	if (db_readonly_reason(*db)[0] != '\0')
		sv_err_print(stderr, "svdesk: warning: %s: opened READ-ONLY: %s\n", path,
			db_readonly_reason(*db));
	return 0;
}

int cli_open_db(struct run *r, svdb **db)
{
	sv_err err = { 0 };

	if (cli_open_db_err(r, db, &err) < 0)
		return cli_db_exit(&err);
	return EXIT_OK;
}

/* ---- the commands and the options each takes ------------------------------ */

enum {
	OPT_DEMO = 1 << 0,       /* --contracts, --seed */
	OPT_TUI = 1 << 1,        /* --demo, --keys, --size, --dump */
	OPT_DRY_RUN = 1 << 2,
	OPT_PERIOD = 1 << 3,     /* --year, --quarter */
	OPT_SINCE = 1 << 4,
	OPT_OUTPUT = 1 << 5,     /* -o */
	OPT_SUPPLIER = 1 << 6,
	OPT_FORMAT = 1 << 7,
	OPT_INCOMPLETE = 1 << 8,
	OPT_AUDIT_HEAD = 1 << 9,
	OPT_PRINT = 1 << 10
};

struct command {
	const char *name;        /* NULL: the desk */
	int max_args;            /* after the command's name */
	unsigned opts;
	int (*run)(struct run *r);
};

static const struct command commands[] = {
	{ NULL, 0, OPT_TUI, cmd_tui },
	{ "init", 0, 0, cmd_init },
	{ "demo", 0, OPT_DEMO, cmd_demo },
	{ "backup", CLI_MAX_ARGS, 0, cmd_backup },
	{ "import", 2, OPT_DRY_RUN, cmd_import },
	{ "export", 1, OPT_PERIOD | OPT_SINCE | OPT_OUTPUT | OPT_SUPPLIER, cmd_export },
	{ "chase", 0, OPT_PERIOD | OPT_FORMAT | OPT_INCOMPLETE | OPT_OUTPUT, cmd_chase },
	{ "check", 3, OPT_AUDIT_HEAD, cmd_check },
	{ "report", 1, OPT_PERIOD | OPT_FORMAT | OPT_OUTPUT | OPT_PRINT, cmd_report },
};

static const struct {
	unsigned opt;
	const char *names;
} opt_names[] = {
	{ OPT_DEMO, "--contracts and --seed go with the demo command" },
	{ OPT_TUI, "--demo, --keys, --size and --dump go with the desk (no command)" },
	{ OPT_DRY_RUN, "--dry-run goes with import" },
	{ OPT_PERIOD, "--year and --quarter go with export, chase and report" },
	{ OPT_SINCE, "--since goes with export" },
	{ OPT_OUTPUT, "-o goes with export, chase and report" },
	{ OPT_SUPPLIER, "--supplier goes with export template" },
	{ OPT_FORMAT, "--format goes with chase and report" },
	{ OPT_INCOMPLETE, "--incomplete goes with chase" },
	{ OPT_AUDIT_HEAD, "--audit-head goes with check" },
	{ OPT_PRINT, "--print goes with report" },
};

static unsigned opts_given(const struct cli *c)
{
	unsigned o = 0;

	if (c->contracts != NULL || c->seed != NULL)
		o |= OPT_DEMO;
	if (c->demo_tui || c->keys != NULL || c->size != NULL || c->dump != NULL)
		o |= OPT_TUI;
	if (c->dry_run)
		o |= OPT_DRY_RUN;
	if (c->year != NULL || c->quarter != NULL)
		o |= OPT_PERIOD;
	if (c->since != NULL)
		o |= OPT_SINCE;
	if (c->output != NULL)
		o |= OPT_OUTPUT;
	if (c->supplier != NULL)
		o |= OPT_SUPPLIER;
	if (c->format != NULL)
		o |= OPT_FORMAT;
	if (c->incomplete)
		o |= OPT_INCOMPLETE;
	if (c->audit_head != NULL)
		o |= OPT_AUDIT_HEAD;
	if (c->print)
		o |= OPT_PRINT;
	return o;
}

/* The command named, its argument count and its options; *spec on success. */
static int check_command(const struct cli *c, const char *cmd, const struct command **spec)
{
	unsigned stray;

	*spec = NULL;
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if ((cmd == NULL) != (commands[i].name == NULL) ||
		    (cmd != NULL && strcmp(cmd, commands[i].name) != 0))
			continue;
		*spec = &commands[i];
		break;
	}
	if (*spec == NULL)
		return cli_usage_error("unknown command '%s'", cmd);
	if (cmd != NULL && c->nargs - 1 > (*spec)->max_args)
		return cli_usage_error("unexpected argument '%s'", c->args[(*spec)->max_args + 1]);
	stray = opts_given(c) & ~(*spec)->opts;
	if (stray & OPT_TUI && c->demo_tui && cmd != NULL)
		return cli_usage_error("--demo opens the desk; it does not go with '%s'", cmd);
	for (size_t i = 0; i < sizeof opt_names / sizeof opt_names[0]; i++)
		if (stray & opt_names[i].opt)
			return cli_usage_error("%s", opt_names[i].names);
	return EXIT_OK;
}

int cli_main(int argc, char **argv)
{
	struct run r;
	sv_err err = { 0 };
	int rc;
	const char *cmd;
	const struct command *spec = NULL;

	setlocale(LC_ALL, "");
	memset(&r, 0, sizeof r);
	rc = parse_args(&r.cli, argc, argv);
	if (rc != EXIT_OK)
		return rc;
	if (r.cli.help) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (r.cli.version) {
		printf("svdesk %s (database schema version %d)\n", PACKAGE_VERSION, db_schema_version());
		printf("PDF board pack: %s\n", report_pdf_available() ? "yes" : "no");
		return EXIT_OK;
	}
	cmd = r.cli.nargs > 0 ? r.cli.args[0] : NULL;
	rc = check_command(&r.cli, cmd, &spec);
	if (rc != EXIT_OK)
		return rc;

	if (config_load(&r.cfg, r.cli.config, &err) < 0) {
		sv_err_print(stderr, "svdesk: %s\n", err.msg);
		config_free(&r.cfg);
		return EXIT_CONFIG;
	}
	if (r.cli.help_keys) {
		keymap_print(&r.cfg.keys, stdout);
		config_free(&r.cfg);
		return EXIT_OK;
	}
	if (clock_now(&r.now, &err) < 0) {
		sv_err_print(stderr, "svdesk: %s\n", err.msg);
		config_free(&r.cfg);
		return EXIT_USAGE;
	}
	identity_login(r.who, sizeof r.who);
	r.dbo.group = r.cfg.db_group;
	r.dbo.busy_timeout_ms = r.cfg.busy_timeout_ms;
	r.dbo.actor = r.who;
	r.dbo.origin = "desk";

	rc = spec->run(&r);
	config_free(&r.cfg);
	return rc;
}
