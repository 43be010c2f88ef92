/* tui.h: the full-screen front end (ui/). */
#ifndef SVDESK_TUI_H
#define SVDESK_TUI_H

#include "svdesk/db.h"
#include "svdesk/error.h"
#include "svdesk/period.h"
#include "svdesk/settings.h"

typedef struct tui_opts {
	svdb *db;
	const sv_config *cfg;
	const char *who;          /* the person at the desk */
	const char *db_label;     /* the database as shown in the title bar */
	int demo;                 /* a demo database */
	sv_datetime now;          /* "today" (SVDESK_NOW or the clock) */
	/* Headless runs (tests): keys from a script instead of the terminal,
	 * a fixed size, and the final screen saved as text. */
	const char *script;       /* file of key names, or NULL for a real terminal */
	int cols, rows;           /* headless size */
	const char *dump;         /* where to write the final screen, or NULL */
} tui_opts;

/* Run until the user quits.  Returns 0, or -1 with err set (the terminal is
 * already restored).  Ends cleanly on SIGHUP, SIGTERM and SIGINT too. */
int tui_run(const tui_opts *opts, sv_err *err);

/* The signal that ended the last tui_run, or 0. */
int tui_signal(void);

#endif
