#include "config.h"

/* import.c: the frame of an import (see svdesk/import.h): the byte stream
 * and its SHA-256, the header, the faults and their positions, the values
 * of a cell, and the transaction.  The rows of each kind are in
 * import_rows.c. */

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>

#include <nettle/sha2.h>

#include "src/import_private.h"

/* ---- kinds --------------------------------------------------------------------- */

static const char *const kind_names[] = {
	"measures", "contracts", "commitments", "returns", "highlights", "answers"
};

int import_kind_parse(const char *s, enum import_kind *out)
{
	for (size_t i = 0; i < sizeof kind_names / sizeof kind_names[0]; i++) {
		if (strcmp(s, kind_names[i]) == 0) {
			*out = (enum import_kind)i;
			return 0;
		}
	}
	return -1;
}

const char *import_kind_name(enum import_kind k)
{
	return (unsigned)k < sizeof kind_names / sizeof kind_names[0] ? kind_names[k] : "?";
}

/* ---- the byte stream: counted and hashed as the reader takes it ------------------ */

static ssize_t hashin_read(void *cookie, char *buf, size_t n)
{
	struct imp_hashin *h = cookie;
	size_t k = fread(buf, 1, n, h->f);

	if (k == 0 && ferror(h->f))
		return -1;
	sha256_update(&h->sha, k, (const uint8_t *)buf);
	h->bytes += k;
	return (ssize_t)k;
}

static int hashin_close(void *cookie)
{
	(void)cookie;
	return 0;
}

/* ---- faults ------------------------------------------------------------------------ */

void imp_report(struct imp *im, const char *fmt, ...)
{
	char msg[SV_ERR_MAX + 256];
	va_list ap;

	im->res->faults++;
	if (im->res->faults > IMPORT_MAX_FAULTS || im->o->report == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	im->o->report(im->o->ctx, msg);
}

void imp_fault_at(struct imp *im, long line, long col, const char *fmt, ...)
{
	char msg[SV_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	imp_report(im, "%s:%ld:%ld: %s", im->name, line, col, msg);
}

void imp_fault(struct imp *im, int col, const char *fmt, ...)
{
	const csv_field *f = im->map[col] >= 0 ? &im->row->fields[im->map[col]] : NULL;
	char msg[SV_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	/* A column the file lacks: the start of the row. */
	imp_report(im, "%s:%ld:%ld: %s: %s", im->name, f ? f->line : im->row->line,
		   f ? f->column : 1, im->cols[col].name, msg);
	im->row_bad = 1;
}

/* ---- cells ---------------------------------------------------------------------------- */

int imp_has(const struct imp *im, int col)
{
	return im->map[col] >= 0;
}

const char *imp_cell(struct imp *im, int col)
{
	csv_field *f;
	char *b, *e;

	if (im->map[col] < 0)
		return NULL;
	f = &im->row->fields[im->map[col]];
	b = f->text;
	e = f->text + f->len;
	while (b < e && (*b == ' ' || *b == '\t'))
		b++;
	while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*e = '\0';
	return b;
}

int imp_empty(struct imp *im, int col)
{
	const char *s = imp_cell(im, col);

	return s == NULL || *s == '\0';
}

/* Quote a value for a message. */
const char *imp_shown(struct imp *im, const char *s)
{
	return sv_err_quote(im->shown, sizeof im->shown, s, strlen(s), 60);
}

/* The reason of a base parser's message "bad WHAT \"V\": REASON". */
static const char *reason_of(const sv_err *e)
{
	const char *p = strstr(e->msg, "\": ");

	return p != NULL ? p + 3 : e->msg;
}

const char *imp_text(struct imp *im, int col, int required)
{
	const char *s = imp_cell(im, col);
	char msg[SV_ERR_MAX];
	rec_val v;

	if (s == NULL)
		return NULL;
	if (*s == '\'')
		s++;            /* the formula guard of an export */
	/* the rule of a free text (record.c's, as every text of a record) */
	if (rec_type_read(RT_TEXT, required, s, 0, &v, msg, sizeof msg) != 0) {
		imp_fault(im, col, "%s", msg);
		return NULL;
	}
	return v.text;
}

int import_qty_parse(const char *s, int money_form, sv_qty *out, sv_err *err)
{
	char shown[80];      /* 60 bytes quoted, "..." and the NUL */
	sv_err e = { 0 };
	int rc;

	if (s == NULL)
		s = "";
	rc = money_form ? qty_parse_money(s, out, &e) : qty_parse(s, out, &e);
	if (rc == 0)
		return 0;
	sv_err_quote(shown, sizeof shown, s, strlen(s), 60);
	if (!money_form && strstr(s, "£") != NULL)
		return sv_err_set(err, "\"%s\" is not a quantity (£ is only for a measure counted "
				  "in GBP: use a plain number like 12.5)", shown);
	return sv_err_set(err, "\"%s\" is not a quantity (%s; use a plain number like 12.5%s)",
			  shown, reason_of(&e), money_form ? " or an amount like £1,234.50" : "");
}

/* A cell by the rule of a type (record.c, the one home of the rules),
 * its fault at the cell: 0, -1. */
static int type_cell(struct imp *im, int col, enum rec_type t, int required, unsigned opts,
		     rec_val *v)
{
	char msg[SV_ERR_MAX];

	if (rec_type_read(t, required, imp_cell(im, col), opts, v, msg, sizeof msg) == 0)
		return 0;
	imp_fault(im, col, "%s", msg);
	return -1;
}

int imp_rec(struct imp *im, int col, enum rec_kind k, int field, unsigned opts, rec_val *v)
{
	const rec_field *f;
	const char *s = imp_cell(im, col);
	char msg[SV_ERR_MAX];
	size_t n;

	f = rec_fields(k, &n);
	if (s != NULL && *s == '\'' && (size_t)field < n && rec_type_is_text(f[field].type))
		s++;            /* the formula guard of an export */
	if (rec_read(k, field, s, opts, v, msg, sizeof msg) == 0)
		return 0;
	imp_fault(im, col, "%s", msg);
	return -1;
}

int imp_qty(struct imp *im, int col, int money_form, sv_qty *out)
{
	rec_val v;
	int rc = type_cell(im, col, RT_QTY, 1, money_form ? REC_V_MONEY : 0, &v);

	*out = v.num;
	return rc;
}

int imp_proxy(struct imp *im, int col, int *isnull, sv_proxy *out)
{
	rec_val v;
	int rc = type_cell(im, col, RT_PROXY, 0, 0, &v);

	*isnull = rc == 0 && v.empty;
	*out = rc == 0 ? v.num : 0;
	return rc;
}

int imp_date(struct imp *im, int col, int required, sv_date *out)
{
	rec_val v;

	if (type_cell(im, col, RT_DATE, required, 0, &v) != 0) {
		memset(out, 0, sizeof *out);
		return -1;
	}
	*out = v.date;
	return v.empty ? 1 : 0;
}

const char *imp_utc(struct imp *im, int col)
{
	rec_val v;

	if (type_cell(im, col, RT_UTC, 0, 0, &v) != 0)
		return NULL;
	return v.text;
}

/* "yes", "no", "n/a" (any case) or empty. */
int imp_yesno(struct imp *im, int col, enum sv_yesno *out)
{
	rec_val v;
	int rc = type_cell(im, col, RT_YESNO, 0, 0, &v);

	*out = rc == 0 ? (enum sv_yesno)v.num : YN_UNSET;
	return rc;
}

/* ---- the run ----------------------------------------------------------------------------- */

static void header_report(void *ctx, long line, long col, const char *msg)
{
	struct imp *im = ctx;

	imp_fault_at(im, line, col, "header: %s", msg);
}

/* A fault the reader found in the bytes: named by the field's header
 * where the field is one of the header's (spec: the message names the
 * field), "header" in the header row. */
static void reader_fault(struct imp *im, int in_header, const sv_err *e)
{
	const csv_fault *f = csv_last_fault(im->r);
	const char *advice = "";
	size_t i;

	if (f == NULL) {
		imp_report(im, "%s", e->msg);
		return;
	}
	/* a byte of a one-byte code page (0xA3 is the pound sign in the one a
	 * spreadsheet uses for plain "CSV") */
	if (strncmp(f->msg, "invalid UTF-8: ", 15) == 0 && strstr(f->msg, " 0x") != NULL)
		advice = " (the file looks like Windows-1252, as a spreadsheet saves plain "
			 "\"CSV\": save the file as \"CSV UTF-8\")";
	if (in_header) {
		imp_fault_at(im, f->line, f->column, "header: %s%s", f->msg, advice);
		return;
	}
	for (i = 0; f->field >= 0 && i < im->ncols; i++) {
		if (im->map[i] == f->field) {
			imp_fault_at(im, f->line, f->column, "%s: %s%s", im->cols[i].name, f->msg,
				     advice);
			return;
		}
	}
	imp_fault_at(im, f->line, f->column, "%s%s", f->msg, advice);
}

static int is_blank_row(const csv_row *row)
{
	return row->n == 1 && row->fields[0].len == 0;
}

static void expected_columns(const struct imp *im, char *buf, size_t n)
{
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < im->ncols && o + 1 < n; i++) {
		if (!im->cols[i].required)
			continue;
		o += (size_t)snprintf(buf + o, n - o, "%s%s", o ? "," : "", im->cols[i].name);
	}
}

static int cell_blank(const csv_field *f)
{
	for (size_t i = 0; i < f->len; i++)
		if (f->text[i] != ' ' && f->text[i] != '\t')
			return 0;
	return 1;
}

/* Headers as a spreadsheet may save them, each one fault with what to do
 * (not one per column): semicolons for commas, empty columns on the right.
 * 1 when the header is one of them. */
static int header_form(struct imp *im, const csv_row *row)
{
	size_t k = 0;

	if (row->n == 1 && memchr(row->fields[0].text, ';', row->fields[0].len) != NULL) {
		imp_fault_at(im, row->line, 1, "header: the separator is a comma, and this file "
			     "uses semicolons (as a spreadsheet set for another country saves CSV): "
			     "save it as \"CSV UTF-8 (Comma delimited)\", or replace the semicolons "
			     "between columns by commas");
		return 1;
	}
	while (k < row->n && cell_blank(&row->fields[row->n - 1 - k]))
		k++;
	if (k == 0 || k == row->n)
		return 0;
	imp_fault_at(im, row->line, row->fields[row->n - k].column, "header: %zu empty column%s "
		     "on the right of the last column name (a spreadsheet's empty columns): "
		     "delete the empty columns on the right and save again", k, k > 1 ? "s" : "");
	return 1;
}

static int run_rows(struct imp *im, sv_err *err)
{
	char want[512];
	csv_row *row;
	sv_err e = { 0 };
	long rows = 0;
	int rc;

	rc = csv_next(im->r, &row, &e);
	if (rc < 0) {
		reader_fault(im, 1, &e);
		return 0;
	}
	if (rc == 0) {
		expected_columns(im, want, sizeof want);
		imp_fault_at(im, 1, 1, "the file is empty: it needs a header row (%s)", want);
		return 0;
	}
	im->nhead = row->n;
	im->hline = row->line;
	if (header_form(im, row))
		return 0;
	if (csv_header_map(row, im->cols, im->ncols, im->map, header_report, im) != 0)
		return 0;
	if (im->kind_begin != NULL && im->kind_begin(im, err) < 0)
		return -1;
	if (im->res->faults > 0)
		return 0;
	for (;;) {
		sv_err_clear(&e);
		rc = csv_next(im->r, &row, &e);
		if (rc == 0)
			break;
		if (rc < 0) {
			reader_fault(im, 0, &e);
			continue;
		}
		if (is_blank_row(row))
			continue;
		im->row = row;
		im->row_bad = 0;
		if (row->n != im->nhead) {
			long col = row->n > im->nhead ? row->fields[im->nhead].column : 1;

			imp_fault_at(im, row->line, col, "%zu fields, but the header has %zu%s",
				     row->n, im->nhead, row->n > im->nhead
				     ? " (a text with a comma needs double quotes)" : "");
			continue;
		}
		if (im->kind_row(im, err) < 0)
			return -1;
		if (++rows % 8192 == 0 && im->o->progress != NULL)
			im->o->progress(im->o->ctx, im->hin.bytes, 0);
	}
	if (im->kind_end != NULL && im->kind_end(im, err) < 0)
		return -1;
	return 0;
}

/* A failure of the store: a fault of the row while the transaction stands,
 * else a runtime failure (the caller stops). */
int imp_store_fail(struct imp *im, int col, const sv_err *e, sv_err *err)
{
	/* a damaged database, a full or failing disk, a lock: the database's
	 * trouble, not the row's; the import stops (exit 1, not 3) */
	if (!db_txn_open(im->db) || e->code == DB_E_DAMAGED || e->code == DB_E_IO ||
	    e->code == DB_E_BUSY) {
		sv_err_set(err, "%s", e->msg);
		return -1;
	}
	imp_fault(im, col, "%s", e->msg);
	return 0;
}

int import_run(svdb *db, FILE *in, const import_opts *o, import_result *res, sv_err *err)
{
	static const cookie_io_functions_t io = { hashin_read, NULL, NULL, hashin_close };
	struct imp *im;
	uint8_t digest[SHA256_DIGEST_SIZE];
	FILE *f;
	int rc = -1;

	memset(res, 0, sizeof *res);
	im = calloc(1, sizeof *im);
	if (im == NULL)
		return sv_err_set(err, "out of memory");
	im->db = db;
	im->o = o;
	im->res = res;
	im->kind = o->kind;
	snprintf(im->name, sizeof im->name, "%s",
		 o->name == NULL || strcmp(o->name, "-") == 0 ? "<stdin>" : o->name);
	im->hin.f = in;
	sha256_init(&im->hin.sha);
	imp_kind_setup(im);
	if (im->state == NULL) {
		free(im);
		return sv_err_set(err, "out of memory");
	}
	f = fopencookie(&im->hin, "r", io);
	if (f == NULL) {
		imp_kind_cleanup(im);
		free(im);
		return sv_err_set(err, "out of memory");
	}
	im->r = csv_open(f, o->name);
	if (im->r == NULL) {
		fclose(f);
		imp_kind_cleanup(im);
		free(im);
		return sv_err_set(err, "out of memory");
	}

	if (db_begin(db, err) < 0)
		goto out;
	/* The SHA-256 is known only when the stream has been read to its end
	 * (standard input cannot be read twice): it goes to db_import_end,
	 * which is where the entry is written. */
	if (db_import_begin(db, import_kind_name(o->kind), im->name, err) < 0 ||
	    db_mark_reset(db, err) < 0) {
		db_import_abort(db);
		db_rollback(db);
		goto out;
	}
	if (run_rows(im, err) < 0) {
		db_import_abort(db);
		db_rollback(db);
		goto out;
	}
	sha256_digest(&im->hin.sha, sizeof digest, digest);
	for (size_t i = 0; i < sizeof digest; i++)
		snprintf(res->sha256 + 2 * i, 3, "%02x", digest[i]);
	res->bytes = im->hin.bytes;
	if (o->progress != NULL)
		o->progress(o->ctx, im->hin.bytes, 1);
	if (res->faults > 0 || o->dry_run) {
		if (res->faults > IMPORT_MAX_FAULTS && o->report != NULL) {
			char msg[sizeof im->name + 80];

			snprintf(msg, sizeof msg, "%s: %ld more problems not shown (%d shown)",
				 im->name, res->faults - IMPORT_MAX_FAULTS, IMPORT_MAX_FAULTS);
			o->report(o->ctx, msg);
		}
		db_import_abort(db);
		db_rollback(db);
		rc = res->faults > 0 ? 1 : 0;
		goto out;
	}
	if (db_import_end(db, res->sha256, &res->rows, err) < 0 || db_commit(db, err) < 0) {
		db_import_abort(db);
		db_rollback(db);
		goto out;
	}
	rc = 0;
out:
	imp_kind_cleanup(im);
	csv_free(&im->r);
	fclose(f);
	free(im);
	return rc;
}

static size_t put_counts(char *buf, size_t n, const char *what, const db_import_counts *c,
			 int skipped)
{
	int k = snprintf(buf, n, "%s: %lld added, %lld changed, %lld unchanged", what,
			 (long long)c->added, (long long)c->changed, (long long)c->unchanged);

	if (k >= 0 && (size_t)k < n && skipped)
		k += snprintf(buf + k, n - (size_t)k, ", %lld skipped (blank)",
			      (long long)c->skipped);
	return k < 0 ? 0 : (size_t)k < n ? (size_t)k : n - 1;
}

char *import_summary(enum import_kind k, const import_result *res, char *buf, size_t n)
{
	size_t o = put_counts(buf, n, import_kind_name(k), &res->rows, k == IMPORT_RETURNS);

	if (k == IMPORT_CONTRACTS && o < n)
		snprintf(buf + o, n - o, "; suppliers: %lld added", (long long)res->suppliers_added);
	if (k == IMPORT_MEASURES && o < n)
		o += (size_t)snprintf(buf + o, n - o, "; themes: %lld added; outcomes: %lld added",
				      (long long)res->themes_added, (long long)res->outcomes_added);
	if (k == IMPORT_MEASURES && o < n && res->proxy_set[0] != '\0')
		snprintf(buf + o, n - o, "; proxy set \"%s\": %s%s", res->proxy_set,
			 res->proxy_set_added ? "added" : "unchanged",
			 res->proxy_set_made_current ? ", now current" : ", current");
	return buf;
}
