/* cli.h: the command line (see svdesk(1)). */
#ifndef SVDESK_CLI_H
#define SVDESK_CLI_H

/* Exit statuses of the spec. */
enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,
	EXIT_USAGE = 2,
	EXIT_REJECTED = 3,
	EXIT_CONFIG = 78
};

int cli_main(int argc, char **argv);

/* ---- shared by the command files (cli_*.c) ------------------------------ */

#include <stdio.h>

#include "svdesk/db.h"
#include "svdesk/period.h"
#include "svdesk/settings.h"

#define CLI_MAX_ARGS 8

struct cli {
	const char *db;          /* --db */
	const char *config;      /* --config */
	int demo_tui;            /* --demo */
	int help, help_keys, version;
	const char *contracts;   /* --contracts (demo) */
	const char *seed;        /* --seed (demo) */
	const char *keys;        /* --keys (headless TUI, for tests) */
	const char *size;        /* --size */
	const char *dump;        /* --dump */
	int dry_run;             /* --dry-run (import) */
	int incomplete;          /* --incomplete (chase) */
	const char *year;        /* --year Y */
	const char *quarter;     /* --quarter Q */
	const char *since;       /* --since DATE */
	const char *output;      /* -o FILE | DIR */
	const char *supplier;    /* --supplier NAME (export template) */
	const char *format;      /* --format text|csv */
	const char *audit_head;  /* --audit-head N:HASH (check) */
	int print;               /* --print (report) */
	const char *args[CLI_MAX_ARGS];
	int nargs;
};

struct run {
	struct cli cli;
	sv_config cfg;
	char who[256];
	sv_datetime now;
	db_open_opts dbo;
};

/* "svdesk: MESSAGE" and the --help hint on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* "svdesk: MESSAGE" on stderr; returns EXIT_RUNTIME. */
int cli_db_exit(const sv_err *err);

/* Open the database of the command line (--db, $SVDESK_DB, [database]
 * path, the default path; only the default is created).  0, or the exit
 * status to return (the message already printed). */
int cli_open_db(struct run *r, svdb **db);

/* The same, the message left in err (err->code from db_open) for the
 * caller to place: 0 or -1. */
int cli_open_db_err(struct run *r, svdb **db, sv_err *err);

/* Commands in their own files. */
int cmd_import(struct run *r);   /* cli_import.c */
int cmd_export(struct run *r);   /* cli_export.c: export, export template */
int cmd_chase(struct run *r);    /* cli_export.c */
int cmd_check(struct run *r);    /* cli_check.c */
int cmd_report(struct run *r);   /* cli_report.c */

/* -o must never name the database itself or its journal: EXIT_OK, or the
 * exit status (the message printed).  cli_export.c. */
int cli_not_the_database(svdb *db, const char *output);

#endif
