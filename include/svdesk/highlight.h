/* highlight.h: the highlights of a financial year, printed in the FGB
 * report: kept at the desk (Reports view) and exchanged as CSV.
 *
 * Each change is one write transaction and is audited.  Text follows the
 * CSV text rule (valid UTF-8, no control characters other than tab, at
 * most 4,000 bytes, not blank), checked by the same code as the importer,
 * with the same messages. */
#ifndef SVDESK_HIGHLIGHT_H
#define SVDESK_HIGHLIGHT_H

#include <stddef.h>
#include <stdint.h>

#include "svdesk/db.h"
#include "svdesk/error.h"

typedef struct highlight {
	int64_t id;
	int fy;
	int position;          /* 1.. in the year's order */
	char *text;
	char *contract_ref;    /* NULL when it names no contract */
	char *body;            /* "WMP", "OPCC" or NULL */
	char *created_by;
	char *created_at;      /* UTC ISO 8601 */
} highlight;

typedef struct highlight_list {
	highlight *v;
	size_t n;
} highlight_list;

/* The highlights of year fy in their order.  0, or -1. */
int highlight_list_read(svdb *db, int fy, highlight_list *out, sv_err *err);
void highlight_list_free(highlight_list *l);

/* Add at the end of year fy's list; contract_ref NULL or "" for none (a
 * ref that does not exist is an error naming it).  *id may be NULL. */
int highlight_add(svdb *db, int fy, const char *contract_ref, const char *text,
		  int64_t *id, sv_err *err);
int highlight_edit(svdb *db, int64_t id, const char *text, sv_err *err);
int highlight_delete(svdb *db, int64_t id, sv_err *err);
/* Move one place up (delta -1) or down (+1) within its year; at either end
 * nothing changes.  0, or -1. */
int highlight_move(svdb *db, int64_t id, int delta, sv_err *err);

/* The text rule: 0 when text is acceptable, else -1 with err saying why
 * (the importer's message). */
int highlight_text_check(const char *text, sv_err *err);

#endif
