/* settings.h: the configuration (INI, read with iniparser; see svdesk(1)).
 *
 * Named settings.h rather than config.h because config.h is autoconf's. */
#ifndef SVDESK_SETTINGS_H
#define SVDESK_SETTINGS_H

#include <stdint.h>

#include "svdesk/action.h"
#include "svdesk/csvout.h"
#include "svdesk/error.h"
#include "svdesk/money.h"

enum ui_theme { THEME_DEFAULT, THEME_LIGHT, THEME_MONO };

typedef struct sv_config {
	char *file;                 /* the file read, or NULL when none was found */
	char *org_name;             /* [organisation] name */
	sv_pence threshold;         /* [policy] threshold, pence (default £100,000) */
	int min_weighting;          /* [policy] min_weighting, tenths of a percent (default 100 = 10%) */
	int rag_green;              /* [policy] rag_green, percent (default 100) */
	int rag_amber;              /* [policy] rag_amber, percent (default 75) */
	char *db_path;              /* [database] path, absolute or relative to the cwd, or NULL */
	char *db_group;             /* [database] group, or NULL */
	int busy_timeout_ms;        /* [database] busy_timeout_ms (default 5000) */
	char *print_command;        /* [print] command (default "lpr") */
	int print_width;            /* [print] width, 60..250 (default 80) */
	int page_length;            /* [print] page_length, 0 or 20..1000 (default 66) */
	enum csv_bom export_bom;    /* [export] bom: auto (default), yes, no */
	enum ui_theme theme;        /* [ui] theme */
	int mouse;                  /* [ui] mouse: yes (1, default) or no */
	keymap keys;                /* defaults plus [keys] */
} sv_config;

/* Exit status for configuration errors (EX_CONFIG). */
#define SV_EXIT_CONFIG 78

void config_defaults(sv_config *cfg);

/* Find and read the configuration: explicit (from --config) when non-NULL,
 * else $SVDESK_CONFIG, else $XDG_CONFIG_HOME/svdesk/svdesk.ini (default
 * ~/.config/svdesk/svdesk.ini), else SYSCONFDIR/svdesk.ini.  A file named by
 * --config or $SVDESK_CONFIG must exist; the others are optional.  On error
 * returns -1 with err set to "FILE:LINE: [section] key: what is wrong" (or
 * "FILE: ..." where no line applies).  cfg is filled with defaults first. */
int config_load(sv_config *cfg, const char *explicit_path, sv_err *err);

/* Read one given file (used by config_load and the tests). */
int config_load_file(sv_config *cfg, const char *path, sv_err *err);

void config_free(sv_config *cfg);

#endif
