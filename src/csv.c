/* csv.c: a streaming RFC 4180 reader that validates UTF-8 and knows the
 * line and column (in code points) of every field and every fault.
 *
 * Input comes through one byte window: a FILE is read in CSV_BUFSZ chunks
 * (a record may be far larger than the window), a memory buffer is copied
 * once and is the whole window. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/csv.h"
#include "svdesk/utf8.h"

#define CSV_BUFSZ 8192
#define CSV_MAX_RECORD ((size_t)1024 * 1024)
#define NAME_QUOTE_MAX 60

enum { CH_EOF = -1, CH_BAD = -2 };

struct csv_reader {
	FILE *f;                  /* NULL for a memory reader */
	char *name;               /* as shown in messages */
	unsigned char *buf;       /* the byte window */
	size_t cap, pos, len;     /* window size, next byte, bytes held */
	int eof;                  /* nothing more will come into the window */
	int io_errno;             /* a read error not yet reported */
	int started;              /* the byte-order mark has been looked for */
	int done;                 /* end of input reached */

	long line, col;           /* line of the next char; chars consumed on it */
	int at_line_start;        /* the last char consumed was a line feed */
	long cline, ccol;         /* position of the char rd_char last looked at */
	char bad[256];            /* message for CH_BAD */
	int bad_whole;            /* CH_BAD is a fault of the whole record */
	int faulted;              /* last holds a fault */
	csv_fault last;           /* the last fault, in parts */
	unsigned char cb[4];      /* bytes of the last char */
	size_t cblen;

	long blank_pending;       /* blank lines read but not yet returned */
	long blank_line;          /* line of the next of them */
	size_t rec_bytes;         /* bytes consumed by the current record */

	char *text;               /* the fields of the current row, NUL-separated */
	size_t text_len, text_cap;
	csv_field *fields;
	size_t *starts;           /* offset of each field's text */
	size_t nfields, fields_cap;
	csv_row row;
};

static csv_reader *reader_new(const char *name)
{
	csv_reader *r = calloc(1, sizeof *r);

	if (r == NULL)
		return NULL;
	if (name == NULL)
		name = "<input>";
	else if (strcmp(name, "-") == 0)
		name = "<stdin>";
	r->name = strdup(name);
	if (r->name == NULL) {
		free(r);
		return NULL;
	}
	r->line = 1;
	return r;
}

csv_reader *csv_open(FILE *f, const char *name)
{
	csv_reader *r;

	if (f == NULL)
		return NULL;
	r = reader_new(name);
	if (r == NULL)
		return NULL;
	r->buf = malloc(CSV_BUFSZ);
	if (r->buf == NULL) {
		csv_free(&r);
		return NULL;
	}
	r->f = f;
	r->cap = CSV_BUFSZ;
	return r;
}

csv_reader *csv_open_mem(const char *buf, size_t len, const char *name)
{
	csv_reader *r = reader_new(name);

	if (r == NULL)
		return NULL;
	r->buf = malloc(len > 0 ? len : 1);
	if (r->buf == NULL) {
		csv_free(&r);
		return NULL;
	}
	if (len > 0)
		memcpy(r->buf, buf, len);
	r->cap = r->len = len;
	r->eof = 1;
	return r;
}

const char *csv_name(const csv_reader *r)
{
	return r->name;
}

void csv_free(csv_reader **rp)
{
	csv_reader *r;

	if (rp == NULL || *rp == NULL)
		return;
	r = *rp;
	free(r->name);
	free(r->buf);
	free(r->text);
	free(r->fields);
	free(r->starts);
	free(r);
	*rp = NULL;
}

/* ---- the byte window ------------------------------------------------------ */

/* Make at least need bytes available after pos, unless the input ends. */
static void fill(csv_reader *r, size_t need)
{
	if (r->eof || r->len - r->pos >= need)
		return;
	memmove(r->buf, r->buf + r->pos, r->len - r->pos);
	r->len -= r->pos;
	r->pos = 0;
	while (r->len < need && !r->eof) {
		size_t n = fread(r->buf + r->len, 1, r->cap - r->len, r->f);

		r->len += n;
		if (n == 0) {
			r->eof = 1;
			if (ferror(r->f))
				r->io_errno = errno ? errno : EIO;
		}
	}
}

/* The byte k places ahead, or -1 past the end of input. */
static int peek(csv_reader *r, size_t k)
{
	if (r->len - r->pos <= k)
		fill(r, k + 1);
	return r->len - r->pos > k ? r->buf[r->pos + k] : -1;
}

/* Skip the rest of the physical line (after a fault), unless the fault
 * came just after a line feed. */
static void resync(csv_reader *r)
{
	while (!r->at_line_start) {
		int b = peek(r, 0);

		if (b < 0)
			break;
		r->pos++;
		if (b == '\n') {
			r->line++;
			r->col = 0;
			r->at_line_start = 1;
		}
	}
}

/* ---- characters ------------------------------------------------------------ */

static long bad_char(csv_reader *r, const char *msg, int byte)
{
	if (byte >= 0)
		snprintf(r->bad, sizeof r->bad, "%s 0x%02X", msg, (unsigned)byte);
	else
		snprintf(r->bad, sizeof r->bad, "%s", msg);
	return CH_BAD;
}

/* Decode and consume the next character: a code point, CH_EOF, or CH_BAD
 * (r->bad says why; nothing is consumed).  Its position is in cline/ccol
 * and its bytes in cb/cblen. */
static long rd_char(csv_reader *r)
{
	int b0 = peek(r, 0);
	size_t need, i, avail;
	enum utf8_fault f = UTF8_OK;
	uint32_t u;
	long cp;

	r->cline = r->line;
	r->ccol = r->col + 1;
	r->bad_whole = 0;
	if (b0 < 0) {
		if (r->io_errno != 0) {
			r->bad_whole = 1;
			snprintf(r->bad, sizeof r->bad, "read error: %s",
				 strerror(r->io_errno));
			r->io_errno = 0;
			return CH_BAD;
		}
		return CH_EOF;
	}
	if (b0 == 0)
		return bad_char(r, "NUL byte", -1);
	/* up to one character's bytes in the buffer (fewer only at the end) */
	if (b0 >= 0x80 && r->len - r->pos < UTF8_SEQ_MAX)
		fill(r, UTF8_SEQ_MAX);
	avail = r->len - r->pos < UTF8_SEQ_MAX ? r->len - r->pos : UTF8_SEQ_MAX;
	need = utf8_decode((const char *)r->buf + r->pos, avail, &u, &f);
	switch (need > 0 ? UTF8_OK : f) {
	case UTF8_OK:
		break;
	case UTF8_CONTINUATION:
		return bad_char(r, "invalid UTF-8: unexpected continuation byte", b0);
	case UTF8_IMPOSSIBLE:
		return bad_char(r, "invalid UTF-8: impossible byte", b0);
	case UTF8_INCOMPLETE:
		return bad_char(r, "invalid UTF-8: incomplete sequence starting with", b0);
	case UTF8_OVERLONG:
		return bad_char(r, "invalid UTF-8: overlong encoding starting with", b0);
	case UTF8_SURROGATE:
		return bad_char(r, "invalid UTF-8: encoded surrogate", -1);
	case UTF8_TOO_BIG:
		return bad_char(r, "invalid UTF-8: beyond U+10FFFF", -1);
	}
	cp = (long)u;
	if (r->rec_bytes + need > CSV_MAX_RECORD) {
		r->cline = r->row.line;
		r->ccol = 1;
		r->bad_whole = 1;
		return bad_char(r, "record longer than 1 MiB", -1);
	}
	for (i = 0; i < need; i++)
		r->cb[i] = r->buf[r->pos + i];
	r->cblen = need;
	r->pos += need;
	r->rec_bytes += need;
	if (cp == '\n') {
		r->line++;
		r->col = 0;
		r->at_line_start = 1;
	} else {
		r->col++;
		r->at_line_start = 0;
	}
	return cp;
}

/* ---- faults and the row ------------------------------------------------------ */

/* A fault at line:col, in field (-1: of the whole record). */
static int fault_in(csv_reader *r, sv_err *err, long field, long line, long col,
		    const char *fmt, ...) __attribute__((format(printf, 6, 7)));

static int fault_in(csv_reader *r, sv_err *err, long field, long line, long col,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->last.msg, sizeof r->last.msg, fmt, ap);
	va_end(ap);
	r->last.line = line;
	r->last.column = col;
	r->last.field = field;
	r->faulted = 1;
	sv_err_set(err, "%s:%ld:%ld: %s", r->name, line, col, r->last.msg);
	resync(r);
	return -1;
}

/* A fault in the field being read. */
#define fault(r, err, line, col, ...) \
	fault_in((r), (err), (long)(r)->nfields, (line), (col), __VA_ARGS__)

/* A character that could not be read: in the field, or (a record too
 * long) of the whole record. */
static int fault_bad(csv_reader *r, sv_err *err)
{
	return fault_in(r, err, r->bad_whole ? -1 : (long)r->nfields, r->cline, r->ccol,
			"%s", r->bad);
}

const csv_fault *csv_last_fault(const csv_reader *r)
{
	return r->faulted ? &r->last : NULL;
}

static int text_add(csv_reader *r, const void *p, size_t n)
{
	if (r->text_len + n + 1 > r->text_cap) {
		size_t cap = r->text_cap ? r->text_cap : 256;
		char *t;

		while (r->text_len + n + 1 > cap)
			cap *= 2;
		t = realloc(r->text, cap);
		if (t == NULL)
			return -1;
		r->text = t;
		r->text_cap = cap;
	}
	memcpy(r->text + r->text_len, p, n);
	r->text_len += n;
	return 0;
}

static int field_begin(csv_reader *r)
{
	if (r->nfields == r->fields_cap) {
		size_t cap = r->fields_cap ? r->fields_cap * 2 : 16;
		csv_field *f = realloc(r->fields, cap * sizeof *f);
		size_t *s;

		if (f == NULL)
			return -1;
		r->fields = f;
		s = realloc(r->starts, cap * sizeof *s);
		if (s == NULL)
			return -1;
		r->starts = s;
		r->fields_cap = cap;
	}
	r->starts[r->nfields] = r->text_len;
	return 0;
}

static int field_end(csv_reader *r, long line, long col)
{
	csv_field *f = &r->fields[r->nfields];

	f->len = r->text_len - r->starts[r->nfields];
	f->line = line;
	f->column = col;
	if (text_add(r, "", 1) != 0)
		return -1;
	r->nfields++;
	return 0;
}

static void row_finish(csv_reader *r)
{
	size_t i;

	for (i = 0; i < r->nfields; i++)
		r->fields[i].text = r->text + r->starts[i];
	r->row.fields = r->fields;
	r->row.n = r->nfields;
}

/* A blank line: a record of one empty field. */
static int blank_row(csv_reader *r, long line, csv_row **row, sv_err *err)
{
	r->nfields = 0;
	r->text_len = 0;
	r->row.line = line;
	if (field_begin(r) != 0 || field_end(r, line, 1) != 0)
		return sv_err_set(err, "%s:%ld:1: out of memory", r->name, line);
	row_finish(r);
	if (row != NULL)
		*row = &r->row;
	return 1;
}

/* ---- records ------------------------------------------------------------------ */

/* Take a run of plain ASCII bytes of the field at once (the common case):
 * none of NUL, a quote, a line end, a byte of a longer character, nor
 * (outside quotes) a comma.  What stops the run is read by rd_char, which
 * also fills the window and reports faults; a run never takes the record
 * past its limit. */
static int take_plain(csv_reader *r, int quoted)
{
	size_t i = r->pos, end = r->len, n;

	if (end - i > CSV_MAX_RECORD - r->rec_bytes)
		end = i + (CSV_MAX_RECORD - r->rec_bytes);
	while (i < end) {
		unsigned char b = r->buf[i];

		if (b >= 0x80 || b == 0 || b == '"' || b == '\n' || b == '\r' ||
		    (b == ',' && !quoted))
			break;
		i++;
	}
	n = i - r->pos;
	if (n == 0)
		return 0;
	if (text_add(r, r->buf + r->pos, n) != 0)
		return -1;
	r->pos = i;
	r->rec_bytes += n;
	r->col += (long)n;
	r->at_line_start = 0;
	return 0;
}

static int read_record(csv_reader *r, sv_err *err)
{
	long c, fline, fcol;

	r->nfields = 0;
	r->text_len = 0;
	r->rec_bytes = 0;
	r->at_line_start = 0;
	r->row.line = r->line;
	for (;;) {
		if (field_begin(r) != 0)
			return fault(r, err, r->line, r->col + 1, "out of memory");
		c = rd_char(r);
		fline = r->cline;
		fcol = r->ccol;
		if (c == '"') {
			for (;;) {
				c = rd_char(r);
				if (c == CH_BAD)
					return fault_bad(r, err);
				if (c == CH_EOF)
					return fault(r, err, fline, fcol,
						     "quoted field not closed at end of input");
				if (c == '"') {
					if (peek(r, 0) != '"')
						break;
					if (rd_char(r) == CH_BAD)  /* too long */
						return fault_bad(r, err);
				}
				if (text_add(r, r->cb, r->cblen) != 0 || take_plain(r, 1) != 0)
					return fault(r, err, fline, fcol, "out of memory");
			}
			c = rd_char(r);
			if (c == CH_BAD)
				return fault_bad(r, err);
			if (c != ',' && c != '\n' && c != '\r' && c != CH_EOF)
				return fault(r, err, r->cline, r->ccol,
					     "text after a closing quote");
		} else {
			while (c != ',' && c != '\n' && c != '\r' && c != CH_EOF) {
				if (c == CH_BAD)
					return fault_bad(r, err);
				if (c == '"')
					return fault(r, err, r->cline, r->ccol,
						     "quote inside an unquoted field");
				if (text_add(r, r->cb, r->cblen) != 0 || take_plain(r, 0) != 0)
					return fault(r, err, fline, fcol, "out of memory");
				c = rd_char(r);
			}
		}
		if (c == '\r') {
			if (peek(r, 0) != '\n')
				return fault(r, err, r->cline, r->ccol,
					     "carriage return not followed by line feed");
			c = rd_char(r);
			if (c == CH_BAD)  /* only "record longer than 1 MiB" */
				return fault_bad(r, err);
		}
		if (field_end(r, fline, fcol) != 0)
			return fault(r, err, fline, fcol, "out of memory");
		if (c != ',')
			break;
	}
	row_finish(r);
	return 1;
}

int csv_next(csv_reader *r, csv_row **row, sv_err *err)
{
	long count = 0, first = 0;
	int rc;

	if (!r->started) {
		r->started = 1;
		if (peek(r, 0) == 0xEF && peek(r, 1) == 0xBB && peek(r, 2) == 0xBF)
			r->pos += 3;
		if ((peek(r, 0) == 0xFF && peek(r, 1) == 0xFE) ||
		    (peek(r, 0) == 0xFE && peek(r, 1) == 0xFF)) {
			/* one fault for the whole file, not one per character */
			int le = peek(r, 0) == 0xFF;

			r->done = 1;
			r->at_line_start = 1;
			return fault_in(r, err, -1, 1, 1, "the file is UTF-16 (it starts with the "
					"bytes %s), not UTF-8: save it as \"CSV UTF-8\"",
					le ? "FF FE" : "FE FF");
		}
	}
	if (r->blank_pending > 0) {
		r->blank_pending--;
		return blank_row(r, r->blank_line++, row, err);
	}
	if (r->done)
		return 0;

	/* Blank lines are held back until something follows them: those at
	 * the end of the input are not records. */
	for (;;) {
		int b = peek(r, 0);
		size_t n;

		if (b == '\n')
			n = 1;
		else if (b == '\r' && peek(r, 1) == '\n')
			n = 2;
		else
			break;
		if (count++ == 0)
			first = r->line;
		r->pos += n;
		r->line++;
		r->col = 0;
	}
	if (peek(r, 0) < 0) {
		r->done = 1;
		if (r->io_errno != 0) {
			int e = r->io_errno;

			r->io_errno = 0;
			return fault_in(r, err, -1, r->line, r->col + 1, "read error: %s",
					strerror(e));
		}
		return 0;
	}
	if (count > 0) {
		r->blank_pending = count - 1;
		r->blank_line = first + 1;
		return blank_row(r, first, row, err);
	}
	rc = read_record(r, err);
	if (rc == 1 && row != NULL)
		*row = &r->row;
	return rc;
}

/* ---- header mapping -------------------------------------------------------- */

static int ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int name_eq(const char *want, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (want[i] == '\0' ||
		    ascii_lower((unsigned char)want[i]) != ascii_lower((unsigned char)s[i]))
			return 0;
	}
	return want[n] == '\0';
}

static void report_msg(csv_report_fn report, void *ctx, long line, long col,
		       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void report_msg(csv_report_fn report, void *ctx, long line, long col,
		       const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (report == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	report(ctx, line, col, msg);
}

int csv_header_map(const csv_row *header, const csv_col *cols, size_t ncols,
		   int *map, csv_report_fn report, void *ctx)
{
	char shown[NAME_QUOTE_MAX + 4];
	size_t i, j, nh = header != NULL ? header->n : 0;
	long hline = header != NULL ? header->line : 1;
	int problems = 0;

	for (i = 0; i < ncols; i++)
		map[i] = -1;
	for (j = 0; j < nh; j++) {
		const csv_field *f = &header->fields[j];
		const char *b = f->text, *e = f->text + f->len;

		while (b < e && (*b == ' ' || *b == '\t'))
			b++;
		while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (b == e) {
			report_msg(report, ctx, f->line, f->column, "empty column name");
			problems++;
			continue;
		}
		sv_err_quote(shown, sizeof shown, b, (size_t)(e - b), NAME_QUOTE_MAX);
		for (i = 0; i < ncols; i++)
			if (name_eq(cols[i].name, b, (size_t)(e - b)))
				break;
		if (i == ncols) {
			report_msg(report, ctx, f->line, f->column,
				   "unknown column \"%s\"", shown);
			problems++;
		} else if (map[i] != -1) {
			report_msg(report, ctx, f->line, f->column,
				   "column \"%s\" named twice", shown);
			problems++;
		} else {
			map[i] = (int)j;
		}
	}
	for (i = 0; i < ncols; i++) {
		if (cols[i].required && map[i] == -1) {
			report_msg(report, ctx, hline, 1,
				   "missing required column \"%s\"", cols[i].name);
			problems++;
		}
	}
	return problems;
}
