/* auditlog.h: the reads of the desk's audit log view (db/auditlog.c).
 *
 * The log in entry order, newest first (or oldest first), one keyset page
 * at a time over the entry number (the rowid), filtered by the contract an
 * entry names (the contract page's rule, db/audit_names.h), the person,
 * the origin and a range of dates; each entry said in words ("contract
 * CT-0007 changed: value") with the contract it names; and one entry with
 * its values before and after.
 *
 * A page costs a page at any size of the log: the person and the origin
 * filters read the indexes audit_who and audit_origin (migration 0008) in
 * entry order; the contract filter one lookup of audit_entity per kind of
 * row; the date filter becomes a range of entry numbers, found by a
 * binary search over the log's times (the log is written in time order:
 * entries are numbered as they are committed, stamped by the one clock of
 * the machine that holds the file), each entry in it then checked against
 * the dates. */
#ifndef SVDESK_AUDITLOG_H
#define SVDESK_AUDITLOG_H

#include <stddef.h>
#include <stdint.h>

#include "svdesk/db.h"
#include "svdesk/period.h"

typedef struct auditlog_query {
	int64_t contract_id;     /* 0: any; else the entries that name it */
	char who[201];           /* "": anyone */
	char origin[33];         /* "": any */
	char from[21];           /* "": no start; else entries at or after this UTC stamp */
	char to[21];             /* "": no end; else entries before this UTC stamp */
	int oldest_first;        /* 0: newest first (the desk's order) */
} auditlog_query;

/* An empty query: every entry, newest first. */
void auditlog_query_init(auditlog_query *q);

/* The UTC stamp ("YYYY-MM-DDTHH:MM:SSZ") of local midnight starting day d
 * (the TZ of the process): a date filter from d is from this stamp, to d
 * (included) is before the stamp of the next day.  0, or -1 when the
 * day cannot be converted (err says so). */
int auditlog_day_start(sv_date d, char out[21], sv_err *err);

/* An entry as a row of the list. */
typedef struct auditlog_row {
	int64_t id;
	char at[21];             /* UTC, "YYYY-MM-DDTHH:MM:SSZ" */
	char who[201];
	char origin[33];
	char entity[24];         /* "contract", ... "import", "baseline" */
	int64_t entity_id;       /* 0 for an import or a baseline */
	char action[12];         /* insert, update, delete, import, baseline */
	char what[320];          /* in words */
	char contract[64];       /* the ref of the contract it names, "" none */
} auditlog_row;

/* How many entries the query gives; -1 on error. */
int64_t auditlog_count(svdb *db, const auditlog_query *q, sv_err *err);
/* Up to limit rows after the row `after` (forward) or before it
 * (!forward), in list order either way (the last of a backward page is
 * the one next to `after`); after NULL: from the start / the end.  The
 * count, or -1. */
int auditlog_page(svdb *db, const auditlog_query *q, const auditlog_row *after, int forward,
		  auditlog_row *rows, int limit, sv_err *err);
/* The 0-based place of entry id in the list (the entries before it in
 * list order, whether or not id itself passes the filters); -1 on error. */
int64_t auditlog_rank(svdb *db, const auditlog_query *q, int64_t id, sv_err *err);

/* The distinct people (kind 0) or origins (kind 1) of the log, sorted,
 * up to max: malloc'd strings into *out (free with auditlog_names_free).
 * Read a name at a time from the index, whatever the size of the log. */
enum { AUDITLOG_PEOPLE = 0, AUDITLOG_ORIGINS = 1 };
int auditlog_names(svdb *db, int kind, int max, char ***out, size_t *n, sv_err *err);
void auditlog_names_free(char **v, size_t n);

/* The contracts whose ref matches text: exactly, else folded (any case,
 * any accent) equal, else folded containing it; up to max, by ref.  The
 * count (0: none), or -1.  ids and refs (64 bytes each) are the caller's. */
int auditlog_contracts_matching(svdb *db, const char *text, int max, int64_t *ids,
				char (*refs)[64], sv_err *err);

/* ---- one entry -------------------------------------------------------- */

/* How a value is shown. */
enum auditlog_kind { AK_TEXT = 0, AK_MONEY, AK_QTY, AK_PROXY };

typedef struct auditlog_field {
	char *name;
	char *before, *after;    /* the value as text; NULL: null or absent */
	int in_before, in_after; /* the entry holds the field before / after */
	enum auditlog_kind kind; /* money in pence, quantities in hundredths ... */
} auditlog_field;

typedef struct auditlog_entry {
	auditlog_row row;
	char hash[65];           /* its SHA-256 in the chain, "" not sealed yet */
	/* a row's entry: the fields, in the table's order (an update: those
	 * that changed; an insert: every one; a delete: every one before) */
	auditlog_field *fields;
	size_t nfields;
	/* an import (or the demo) or a baseline */
	char kind[32];           /* "returns", "demo", "baseline", "schema" ... */
	char *file;              /* the file's name, NULL none */
	char sha256[65];         /* the file's SHA-256, "" none */
	int64_t added, changed, unchanged, skipped, row_count;
	int64_t version;         /* a schema entry: its version */
	/* a decision or a line: the line, its unit */
	int64_t line_id;
	char line[128];          /* "line 1234 (CT-0001 NT1 Q2)", "" none */
	char unit[16];           /* the measure's unit */
	int64_t undoes;          /* a decision that undoes decision N, else 0 */
} auditlog_entry;

/* Entry id: 1 found (*out filled; free with auditlog_entry_free), 0 no
 * such entry, -1 error. */
int auditlog_get(svdb *db, int64_t id, auditlog_entry *out, sv_err *err);
void auditlog_entry_free(auditlog_entry *e);

/* Every SQL statement the functions above run on a screen's path (for the
 * test of their query plans): *n statements, static text. */
const char *const *auditlog_statements(size_t *n);

#endif
