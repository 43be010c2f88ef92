/* proxies.h: the proxy sets view's reads, and making a set current. */
#ifndef SVDESK_PROXIES_H
#define SVDESK_PROXIES_H

#include <stdint.h>

#include "svdesk/db.h"
#include "svdesk/error.h"
#include "svdesk/money.h"

/* At most this many sets are read at a time (oldest first): one column
 * each; the view slides this window over the sets. */
#define PROXY_SETS_MAX 8

typedef struct db_proxy_set_row {
	int64_t id;
	char name[128];
	int illustrative;         /* 1: made up; 0: licensed (imported) */
	int current;
	char created[24];         /* "YYYY-MM-DDTHH:MM:SSZ" */
} db_proxy_set_row;

/* Up to max sets (max <= PROXY_SETS_MAX) by id, skipping the first
 * `first` of them, into out, *n of them; *total is how many exist, and
 * *current_at the place of the current set among them (-1: none). */
int db_proxy_sets_read(svdb *db, int64_t first, db_proxy_set_row *out, int max, int *n,
		       int64_t *total, int64_t *current_at, sv_err *err);

/* A measure's row: its values in the sets read, in their order. */
typedef struct db_proxy_row {
	int64_t id;
	char code[32];
	char title[200];
	char unit[16];
	int has[PROXY_SETS_MAX];  /* 0: the set does not list it, or record only */
	int listed[PROXY_SETS_MAX];
	sv_proxy proxy[PROXY_SETS_MAX];
} db_proxy_row;

int64_t db_proxy_rows_count(svdb *db, sv_err *err);
/* The longest measure code, in characters (0 with no measures), or -1. */
int db_proxy_code_width(svdb *db, sv_err *err);
/* Up to limit measures after anchor (forward) or before it, ascending by
 * code, its number as a number (NT2 before NT10, CX-1 before NT1); anchor NULL = from the start
 * / the end.  Each with its values in the nsets sets of set_ids.  Returns
 * the rows read, or -1. */
int db_proxy_rows_page(svdb *db, const int64_t *set_ids, int nsets, const db_proxy_row *anchor,
		       int forward, db_proxy_row *rows, int limit, sv_err *err);

/* The place of row in that order (how many measures come before it). */
int64_t db_proxy_rows_rank(svdb *db, const db_proxy_row *row, sv_err *err);
/* Read r's values (by its id) in the sets again. */
int db_proxy_row_values(svdb *db, const int64_t *set_ids, int nsets, db_proxy_row *r,
			sv_err *err);

/* Make set_id the current set, in one transaction (the set that was
 * current stops being so first): two audited updates.  *changed is 0 when
 * it was current already.  Refused on a read-only database. */
int db_proxy_set_choose(svdb *db, int64_t set_id, int *changed, sv_err *err);

#endif
