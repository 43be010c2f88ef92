/* csvout.c: the CSV writer (see csvout.h). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/csvout.h"
#include "svdesk/utf8.h"

int csv_bom_wanted(enum csv_bom mode, int to_file)
{
	switch (mode) {
	case CSV_BOM_YES:
		return 1;
	case CSV_BOM_NO:
		return 0;
	case CSV_BOM_AUTO:
		break;
	}
	return to_file != 0;
}

int csv_guard_needed(const char *s)
{
	if (s == NULL)
		return 0;
	switch (s[0]) {
	case '=': case '+': case '-': case '@': case '\'': case '\t': case '\r':
		return 1;
	default:
		return 0;
	}
}

static void put(csvw *w, const char *s, size_t n)
{
	if (w->failed || n == 0)
		return;
	if (fwrite(s, 1, n, w->f) != n) {
		w->failed = 1;
		w->err_no = errno != 0 ? errno : EIO;
	}
}

void csvw_init(csvw *w, FILE *f, int bom)
{
	memset(w, 0, sizeof *w);
	w->f = f;
	if (bom)
		put(w, "\xEF\xBB\xBF", 3);
}

/* Write s (not empty) guarded and quoted as needed. */
static void cell_put(csvw *w, const char *s, int guard);

static void cell(csvw *w, const char *s, int guard)
{
	char *clean = NULL;
	size_t n;

	if (w->cells++ > 0)
		put(w, ",", 1);
	if (s == NULL || s[0] == '\0')
		return;
	n = strlen(s);
	/* A database written by another tool can hold what no import lets
	 * in: a control character (an escape sequence for whoever shows the
	 * file on a terminal), a byte-order mark or an invalid byte.  Each is
	 * written as '?'; CR and LF stay (quoted, a cell of several lines). */
	if (utf8_control_at(s, n, 1) != n) {
		clean = malloc(n + 1);
		if (clean == NULL) {
			w->failed = 1;
			w->err_no = ENOMEM;
			return;
		}
		utf8_sanitize_controls(clean, n + 1, s, n, '?', 1);
		s = clean;
		w->replaced++;
	}
	cell_put(w, s, guard);
	free(clean);
}

static void cell_put(csvw *w, const char *s, int guard)
{
	int quote;
	size_t n;

	guard = guard && csv_guard_needed(s);
	/* Quote by what is written: with the guard's ' in front, a leading
	 * space or tab is no longer at the edge. */
	n = strlen(s);
	quote = strpbrk(s, ",\"\r\n") != NULL ||
		(!guard && (s[0] == ' ' || s[0] == '\t')) ||
		s[n - 1] == ' ' || s[n - 1] == '\t';
	if (quote)
		put(w, "\"", 1);
	if (guard)
		put(w, "'", 1);
	if (!quote) {
		put(w, s, n);
		return;
	}
	for (const char *p = s;;) {
		const char *q = strchr(p, '"');

		if (q == NULL) {
			put(w, p, strlen(p));
			break;
		}
		put(w, p, (size_t)(q - p) + 1);
		put(w, "\"", 1);
		p = q + 1;
	}
	put(w, "\"", 1);
}

void csvw_text(csvw *w, const char *s)
{
	cell(w, s, 1);
}

void csvw_value(csvw *w, const char *s)
{
	cell(w, s, 0);
}

int csvw_row_end(csvw *w)
{
	put(w, "\r\n", 2);
	w->cells = 0;
	w->rows++;
	return w->failed ? -1 : 0;
}

int csvw_row_text(csvw *w, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		csvw_text(w, cells[i]);
	return csvw_row_end(w);
}

int csvw_finish(csvw *w, const char *what, sv_err *err)
{
	if (!w->failed && fflush(w->f) != 0) {
		w->failed = 1;
		w->err_no = errno != 0 ? errno : EIO;
	}
	if (w->failed)
		return sv_err_set(err, "%s: cannot write: %s", what, sv_errno_text(w->err_no));
	return 0;
}
