/* csv.h: an RFC 4180 reader that knows where every field came from.
 *
 * UTF-8 (a leading byte-order mark is skipped), LF or CRLF, quoted fields
 * with "" escapes and embedded newlines.  Every fault is reported as
 * "NAME:LINE:COLUMN: message", with LINE and COLUMN 1-based and COLUMN
 * counted in characters (code points) from the start of the physical line. */
#ifndef SVDESK_CSV_H
#define SVDESK_CSV_H

#include <stdio.h>
#include <stddef.h>

#include "svdesk/error.h"

typedef struct csv_field {
	char *text;     /* NUL-terminated, quotes removed; not trimmed */
	size_t len;     /* bytes */
	long line;      /* where the field starts */
	long column;
} csv_field;

typedef struct csv_row {
	csv_field *fields;
	size_t n;
	long line;      /* line where the record starts */
} csv_row;

typedef struct csv_reader csv_reader;

/* name is used in messages; "-" is reported as "<stdin>".  The reader does
 * not close f. */
csv_reader *csv_open(FILE *f, const char *name);
csv_reader *csv_open_mem(const char *buf, size_t len, const char *name);
const char *csv_name(const csv_reader *r);

/* Read the next record into *row (valid until the next call or csv_free).
 * Returns 1 with a record, 0 at end of input, -1 on a fault (err set to
 * "NAME:LINE:COLUMN: message"; the reader then resynchronises at the next
 * line so that later faults can be reported too).  Blank lines at the end
 * of the input are not records; a blank line elsewhere is a record with one
 * empty field.  Faults: invalid UTF-8, a NUL byte, a quote inside an unquoted
 * field, text after a closing quote, a quote left open at end of input, a
 * record over 1 MiB. */
int csv_next(csv_reader *r, csv_row **row, sv_err *err);

/* The last fault of csv_next, in parts, so that a caller can name the field
 * by its header: field is the 0-based index of the field the fault lies in
 * (the field being read when it was found), or -1 for a fault of the whole
 * record (a record over 1 MiB, a read error).  msg has no position. */
typedef struct csv_fault {
	long line, column;
	long field;
	char msg[320];
} csv_fault;

/* NULL before any fault. */
const csv_fault *csv_last_fault(const csv_reader *r);

void csv_free(csv_reader **r);

/* Header mapping.  cols lists the names the file may use (case-insensitive);
 * on success map[i] is the field index of cols[i] in the header, or -1 when
 * absent.  Problems (a missing required column, an unknown column, a column
 * named twice, an empty name) are each reported by the callback with the
 * position of the header cell; the return value is the number of problems. */
typedef struct csv_col {
	const char *name;
	int required;
} csv_col;

typedef void (*csv_report_fn)(void *ctx, long line, long column, const char *msg);

int csv_header_map(const csv_row *header, const csv_col *cols, size_t ncols,
		   int *map, csv_report_fn report, void *ctx);

#endif
