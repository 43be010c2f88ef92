/* csvout.h: the CSV writer behind every CSV that svdesk writes (exports,
 * templates, chase lists, CSV reports).
 *
 * RFC 4180 with CRLF line ends; a field is quoted only when it needs it (a
 * comma, a double quote, CR or LF inside, or a space or tab at either end),
 * with "" for a quote.  The formula guard: a text cell that begins with =,
 * +, -, @, ', tab or CR is written with one leading ' so that a spreadsheet
 * shows it instead of running it (the importer removes one leading ').
 * Output is UTF-8 as given, except that a control character (but tab, CR
 * and LF), a byte-order mark or an invalid byte, which only a database
 * written by another tool can hold, is written as '?' (bidi and zero-width
 * characters are text and stay); a byte-order mark is written first when
 * asked. */
#ifndef SVDESK_CSVOUT_H
#define SVDESK_CSVOUT_H

#include <stddef.h>
#include <stdio.h>

#include "svdesk/error.h"

/* [export] bom: auto = a byte-order mark in files, none on standard output. */
enum csv_bom { CSV_BOM_AUTO = 0, CSV_BOM_YES, CSV_BOM_NO };

/* Whether a CSV written to a file (to_file 1) or to standard output
 * (to_file 0) begins with a byte-order mark. */
int csv_bom_wanted(enum csv_bom mode, int to_file);

typedef struct csvw {
	FILE *f;
	size_t cells;       /* cells written on the current row */
	long rows;          /* rows ended so far (the header included) */
	int failed;         /* a write failed (errno kept in err_no) */
	int err_no;
	long replaced;      /* text cells whose control characters or invalid
	                     * bytes were written as '?' */
} csvw;

/* Start writing to f (not closed by the writer); bom 1 writes the mark. */
void csvw_init(csvw *w, FILE *f, int bom);

/* A text cell (from a person or a file): guarded and quoted as needed.
 * NULL is an empty cell. */
void csvw_text(csvw *w, const char *s);

/* A value that svdesk formatted itself (a number, a date, a quarter): quoted
 * as needed but never guarded.  NULL is an empty cell. */
void csvw_value(csvw *w, const char *s);

/* End the row (CRLF).  Returns 0, or -1 once any write has failed. */
int csvw_row_end(csvw *w);

/* A whole row of text cells (a header).  Returns as csvw_row_end. */
int csvw_row_text(csvw *w, const char *const *cells, size_t n);

/* Flush; 0, or -1 with err set ("what: strerror") when any write failed. */
int csvw_finish(csvw *w, const char *what, sv_err *err);

/* The rules, for tests and for writers of other formats. */
int csv_guard_needed(const char *s);   /* 1 when s begins with = + - @ ' tab CR */

#endif
