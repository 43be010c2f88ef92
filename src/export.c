/* export.c: CSV exports of every kind and supplier templates (export.h).
 *
 * The rows come from db/read.c one at a time and go straight to the CSV
 * writer: memory stays flat whatever the size of the database. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "svdesk/export.h"
#include "svdesk/outfile.h"
#include "svdesk/utf8.h"

static const char *const kind_names[] = {
	[EXPORT_MEASURES] = "measures",
	[EXPORT_CONTRACTS] = "contracts",
	[EXPORT_COMMITMENTS] = "commitments",
	[EXPORT_RETURNS] = "returns",
	[EXPORT_AUDIT] = "audit",
	[EXPORT_HIGHLIGHTS] = "highlights",
	[EXPORT_ANSWERS] = "answers",
};

int export_kind_parse(const char *name, enum export_kind *out)
{
	for (size_t i = 0; i < sizeof kind_names / sizeof kind_names[0]; i++) {
		if (strcmp(name, kind_names[i]) == 0) {
			*out = (enum export_kind)i;
			return 0;
		}
	}
	return -1;
}

const char *export_kind_name(enum export_kind kind)
{
	return kind_names[kind];
}

int export_filter_check(enum export_kind kind, const export_filter *f, sv_err *err)
{
	if (f->since != NULL && kind != EXPORT_AUDIT)
		return sv_err_set(err, "--since goes with export audit (the %s export takes --year%s)",
				  kind_names[kind], kind == EXPORT_HIGHLIGHTS ? "" : " or --quarter");
	if (f->fy != 0 && (kind == EXPORT_MEASURES || kind == EXPORT_AUDIT))
		return sv_err_set(err, "--year and --quarter go with export contracts, commitments, "
				  "returns and answers (%s)", kind == EXPORT_AUDIT ?
				  "the audit export takes --since DATE" :
				  "the measures export is the whole catalogue");
	if (f->q != 0 && kind == EXPORT_HIGHLIGHTS)
		return sv_err_set(err, "export highlights takes --year (highlights are a year's), "
				  "not --quarter");
	if (f->q != 0 && f->fy == 0)
		return sv_err_set(err, "a quarter needs its financial year");
	return 0;
}

/* ---- plain value formats ---------------------------------------------------- */

char *export_qty(sv_qty v, char *buf)
{
	return qty_format_short(v, buf, 32);
}

char *export_proxy(sv_proxy v, char *buf)
{
	return proxy_format_fixed(v, buf, 32);
}

char *export_money(sv_pence v, char *buf)
{
	return money_format(v, MONEY_PLAIN, buf, 32);
}

char *export_weight(int tenths, char *buf)
{
	return percent_format_short(tenths, buf, 32);
}

/* ---- the writer's context --------------------------------------------------- */

struct xctx {
	csvw *w;
	progress *pr;
	int64_t done;
	const char *what;
	sv_err *err;
};

static int row_done(struct xctx *x)
{
	if (csvw_row_end(x->w) < 0)
		return -1;       /* the error is reported once, at the end */
	if (++x->done % 512 == 0 && x->pr != NULL)
		progress_update(x->pr, x->done);
	return 0;
}

static void fy_cell(csvw *w, int fy)
{
	char b[8];

	csvw_value(w, fy_format(fy, b));
}

static void quarter_cell(csvw *w, int fy, int q)
{
	char b[16];
	sv_quarter qq = { fy, q };

	csvw_value(w, quarter_format(qq, '-', b));
}

/* ---- the kinds -------------------------------------------------------------- */

static const char *const h_measures[] = {
	"theme", "outcome", "code", "title", "unit", "proxy", "proxy_set"
};

static int x_measure(void *ctx, const db_measure_rec *m)
{
	struct xctx *x = ctx;
	char b[32];

	csvw_text(x->w, m->theme);
	csvw_text(x->w, m->outcome);
	csvw_text(x->w, m->code);
	csvw_text(x->w, m->title);
	csvw_text(x->w, m->unit);
	csvw_value(x->w, m->has_proxy ? export_proxy(m->proxy, b) : NULL);
	csvw_text(x->w, m->proxy_set);
	return row_done(x);
}

static const char *const h_contracts[] = {
	"ref", "title", "supplier", "body", "value", "start", "end", "sv_weight",
	"manager", "status", "award_report", "living_wage", "modern_slavery",
	"living_wage_date", "living_wage_note", "modern_slavery_date", "modern_slavery_note"
};

static int x_contract(void *ctx, const db_contract_rec *c)
{
	struct xctx *x = ctx;
	char b[32];

	csvw_text(x->w, c->ref);
	csvw_text(x->w, c->title);
	csvw_text(x->w, c->supplier);
	csvw_text(x->w, c->body);
	csvw_value(x->w, export_money(c->value, b));
	csvw_value(x->w, c->start);
	csvw_value(x->w, c->end);
	csvw_value(x->w, export_weight(c->sv_weight, b));
	csvw_text(x->w, c->manager);
	csvw_text(x->w, c->status);
	csvw_text(x->w, c->award_report);
	csvw_text(x->w, c->living_wage);
	csvw_text(x->w, c->modern_slavery);
	csvw_value(x->w, c->living_wage_date);
	csvw_text(x->w, c->living_wage_note);
	csvw_value(x->w, c->modern_slavery_date);
	csvw_text(x->w, c->modern_slavery_note);
	return row_done(x);
}

static const char *const h_commitments[] = {
	"contract", "measure", "year", "target", "note", "proxy", "proxy_set"
};

static int x_commitment(void *ctx, const db_commitment_rec *c)
{
	struct xctx *x = ctx;
	char b[32];

	csvw_text(x->w, c->ref);
	csvw_text(x->w, c->code);
	fy_cell(x->w, c->year);
	csvw_value(x->w, export_qty(c->target, b));
	csvw_text(x->w, c->note);
	csvw_value(x->w, c->has_proxy ? export_proxy(c->proxy, b) : NULL);
	csvw_text(x->w, c->proxy_set);
	return row_done(x);
}

static const char *const h_returns[] = {
	"contract", "quarter", "measure", "delivered", "evidence", "submitted",
	"status", "validated", "validated_by", "validated_at", "reason"
};

static int x_return(void *ctx, const db_return_rec *r)
{
	struct xctx *x = ctx;
	char b[32];

	csvw_text(x->w, r->ref);
	quarter_cell(x->w, r->year, r->quarter);
	csvw_text(x->w, r->code);
	csvw_value(x->w, export_qty(r->delivered, b));
	csvw_text(x->w, r->evidence);
	csvw_value(x->w, r->submitted);
	csvw_text(x->w, r->status);
	csvw_value(x->w, r->has_validated ? export_qty(r->validated, b) : NULL);
	csvw_text(x->w, r->validated_by);
	csvw_value(x->w, r->validated_at);
	csvw_text(x->w, r->reason);
	return row_done(x);
}

static int x_audit(void *ctx, int n, const char *const *names, const char *const *values,
		   const int *is_text)
{
	struct xctx *x = ctx;

	if (values == NULL)
		return csvw_row_text(x->w, names, (size_t)n) < 0 ? -1 : 0;
	for (int i = 0; i < n; i++) {
		if (is_text[i])
			csvw_text(x->w, values[i]);
		else
			csvw_value(x->w, values[i]);
	}
	return row_done(x);
}

/* highlights: by year, in their order; the columns of the highlights
 * import */
static const char *const h_highlights[] = {
	"year", "contract", "body", "text", "created_by", "created_at"
};

static int x_highlight(void *ctx, const db_highlight_rec *h)
{
	struct xctx *x = ctx;

	fy_cell(x->w, h->fy);
	csvw_text(x->w, h->contract_ref);
	csvw_text(x->w, h->body);
	csvw_text(x->w, h->text);
	csvw_text(x->w, h->created_by);
	csvw_value(x->w, h->created_at);
	return row_done(x);
}

/* questionnaire answers: by contract and topic; the columns of the answers
 * import, with who recorded each and when (a restore keeps them) */
static const char *const h_answers[] = {
	"contract", "topic", "answer", "recorded_by", "recorded_at"
};

static int x_answer(void *ctx, const db_answer_row *a)
{
	struct xctx *x = ctx;

	csvw_text(x->w, a->ref);
	csvw_text(x->w, a->topic);
	csvw_text(x->w, a->answer);
	csvw_text(x->w, a->recorded_by);
	csvw_value(x->w, a->recorded_at);
	return row_done(x);
}

void export_period(int fy, int q, db_period *p)
{
	memset(p, 0, sizeof *p);
	p->fy = fy;
	p->q = q;
	if (q != 0) {
		sv_quarter qq = { fy, q };
		sv_date first, last;

		quarter_range(qq, &first, &last);
		date_format_iso(first, p->first);
		date_format_iso(last, p->last);
	}
}

#define HEADER(h) csvw_row_text(w, h, sizeof h / sizeof h[0])

int export_write(svdb *db, enum export_kind kind, const export_filter *f, csvw *w,
		 progress *pr, const char *what, sv_err *err)
{
	struct xctx x;
	db_period p;
	int rc = 0;

	if (export_filter_check(kind, f, err) < 0)
		return -1;
	memset(&x, 0, sizeof x);
	x.w = w;
	x.pr = pr;
	x.what = what;
	x.err = err;
	export_period(f->fy, f->q, &p);
	if (pr != NULL && pr->f != NULL) {
		int64_t total = db_read_count(db, kind_names[kind], &p, f->since, err);

		if (total < 0)
			return -1;
		progress_set_total(pr, total);
		progress_update(pr, 0);
	}
	switch (kind) {
	case EXPORT_MEASURES:
		rc = HEADER(h_measures) < 0 ? -1 : db_read_measures(db, x_measure, &x, err);
		break;
	case EXPORT_CONTRACTS:
		rc = HEADER(h_contracts) < 0 ? -1 : db_read_contracts(db, &p, x_contract, &x, err);
		break;
	case EXPORT_COMMITMENTS:
		rc = HEADER(h_commitments) < 0 ? -1 :
			db_read_commitments(db, &p, x_commitment, &x, err);
		break;
	case EXPORT_RETURNS:
		rc = HEADER(h_returns) < 0 ? -1 : db_read_returns(db, &p, x_return, &x, err);
		break;
	case EXPORT_AUDIT:
		rc = db_read_audit(db, f->since, x_audit, &x, err);
		break;
	case EXPORT_HIGHLIGHTS:
		rc = HEADER(h_highlights) < 0 ? -1 : db_highlight_list(db, f->fy, x_highlight, &x, err);
		break;
	case EXPORT_ANSWERS:
		rc = HEADER(h_answers) < 0 ? -1 : db_read_answers(db, &p, x_answer, &x, err);
		break;
	}
	if (w->failed)
		return csvw_finish(w, what, err);
	if (rc != 0)
		return -1;
	if (pr != NULL)
		progress_update(pr, x.done);
	return csvw_finish(w, what, err);
}

/* ---- supplier names ---------------------------------------------------------- */

int export_same_supplier(const char *a, const char *b)
{
	char ka[4096], kb[4096];

	utf8_name_key(a, strlen(a), ka, sizeof ka);
	utf8_name_key(b, strlen(b), kb, sizeof kb);
	return strcmp(ka, kb) == 0;
}

/* ---- safe file names ---------------------------------------------------------- */

/* Latin-1 Supplement U+00C0..U+00FF folded to ASCII ("" = a separator). */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
};

/* Latin Extended-A U+0100..U+017F, two code points a letter mostly. */
static const char ext_a[] =
	"aaaaaaccccccccdddd"    /* 0100-0111 */
	"eeeeeeeeee"            /* 0112-011B */
	"gggggggghhhh"          /* 011C-0127 */
	"iiiiiiiiii"            /* 0128-0131 */
	"??jjkkk"               /* 0132-0138 (0132/0133 ij) */
	"llllllllll"            /* 0139-0142 */
	"nnnnnnnnn"             /* 0143-014B (0149 'n) */
	"oooooo??"              /* 014C-0153 (0152/0153 oe) */
	"rrrrrr"                /* 0154-0159 */
	"ssssssss"              /* 015A-0161 */
	"tttttt"                /* 0162-0167 */
	"uuuuuuuuuuuu"          /* 0168-0173 */
	"wwyyy"                 /* 0174-0178 */
	"zzzzzz"                /* 0179-017E */
	"s";                    /* 017F long s */

#define STEM_MAX 60

char *export_file_stem(const char *supplier, char *buf, size_t n)
{
	size_t at = 0, end = strlen(supplier);
	size_t used = 0, cap = n - 1 < STEM_MAX ? n - 1 : STEM_MAX;
	int sep = 0;

	while (at < end && used < cap) {
		uint32_t cp;
		size_t len = utf8_decode(supplier + at, end - at, &cp, NULL);
		long c = len > 0 ? (long)cp : -1;   /* a bad byte: a separator */
		char one[2] = { 0, 0 };
		const char *add = NULL;

		at += len > 0 ? len : 1;
		if (c == '\'' || c == 0x2019 || c == 0x2018)
			continue;          /* O'Brien -> obrien */
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			one[0] = (char)c;
			add = one;
		} else if (c >= 'A' && c <= 'Z') {
			one[0] = (char)(c - 'A' + 'a');
			add = one;
		} else if (c == '&') {
			add = "and";
		} else if (c >= 0xC0 && c <= 0xFF) {
			add = latin1[c - 0xC0];
		} else if (c == 0x132 || c == 0x133) {
			add = "ij";
		} else if (c == 0x152 || c == 0x153) {
			add = "oe";
		} else if (c >= 0x100 && c < 0x100 + (long)sizeof ext_a - 1) {
			one[0] = ext_a[c - 0x100];
			add = one;
		}
		if (add == NULL || add[0] == '\0') {
			sep = used > 0;
			continue;
		}
		if (sep && used + 1 < cap)
			buf[used++] = '-';
		sep = 0;
		for (; *add != '\0' && used < cap; add++)
			buf[used++] = *add;
	}
	while (used > 0 && buf[used - 1] == '-')
		used--;
	buf[used] = '\0';
	if (used == 0)
		snprintf(buf, n, "supplier");
	return buf;
}

/* ---- templates ------------------------------------------------------------------ */

static const char *const h_template[] = {
	"contract", "quarter", "measure", "title", "unit", "target", "delivered", "evidence"
};

struct tname {
	int64_t id;
	char stem[64];
	int shared;              /* another supplier has the same stem */
	int match;               /* the --supplier name is this supplier's */
};

struct tctx {
	sv_quarter q;
	const char *supplier;    /* the --supplier name, or NULL */
	const char *dir;
	int bom;
	export_template_fn fn;
	void *ctx;
	sv_err *err;

	int64_t cur_id;          /* the supplier of the open file, 0 = none */
	char *cur_name;
	outfile out;
	csvw w;
	long lines;
	int files;

	struct tname *names;     /* every supplier's file name, by id */
	size_t nnames, capnames;
	int matched;             /* suppliers with the --supplier name */
};

/* File names are the same whatever the run (all suppliers or one): a stem
 * that two suppliers of the database share gets the supplier's id. */
static int tname_add(void *ctx, int64_t id, const char *name)
{
	struct tctx *t = ctx;

	int match = name != NULL && t->supplier != NULL && export_same_supplier(t->supplier, name);

	t->matched += match;
	if (t->nnames == t->capnames) {
		size_t cap = t->capnames ? t->capnames * 2 : 64;
		struct tname *grown = realloc(t->names, cap * sizeof *grown);

		if (grown == NULL)
			return sv_err_set(t->err, "out of memory");
		t->names = grown;
		t->capnames = cap;
	}
	t->names[t->nnames].id = id;
	export_file_stem(name != NULL ? name : "", t->names[t->nnames].stem,
			 sizeof t->names[t->nnames].stem);
	t->names[t->nnames].shared = 0;
	t->names[t->nnames].match = match;
	t->nnames++;
	return 0;
}

static int tname_by_stem(const void *a, const void *b)
{
	const struct tname *x = a, *y = b;
	int c = strcmp(x->stem, y->stem);

	return c != 0 ? c : (x->id > y->id) - (x->id < y->id);
}

static int tname_by_id(const void *a, const void *b)
{
	const struct tname *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* Mark the shared stems, then order by id for the look-ups. */
static void tnames_settle(struct tctx *t)
{
	if (t->nnames == 0)
		return;
	qsort(t->names, t->nnames, sizeof *t->names, tname_by_stem);
	for (size_t i = 1; i < t->nnames; i++)
		if (strcmp(t->names[i].stem, t->names[i - 1].stem) == 0)
			t->names[i].shared = t->names[i - 1].shared = 1;
	qsort(t->names, t->nnames, sizeof *t->names, tname_by_id);
}

static const struct tname *tname_find(const struct tctx *t, int64_t id)
{
	struct tname key;

	key.id = id;
	return t->nnames ? bsearch(&key, t->names, t->nnames, sizeof *t->names, tname_by_id) : NULL;
}

static void tname_of(const struct tctx *t, int64_t id, const char *supplier, char *out, size_t n)
{
	const struct tname *hit = tname_find(t, id);
	if (hit == NULL) {
		char stem[64];

		export_file_stem(supplier, stem, sizeof stem);
		snprintf(out, n, "%s-%" PRId64, stem, id);
	} else if (hit->shared) {
		snprintf(out, n, "%s-%" PRId64, hit->stem, id);
	} else {
		snprintf(out, n, "%s", hit->stem);
	}
}

static int template_close(struct tctx *t)
{
	int rc = 0;

	if (t->cur_id == 0)
		return 0;
	if (csvw_finish(&t->w, outfile_name(&t->out), t->err) < 0) {
		outfile_abort(&t->out);
		rc = -1;
	} else {
		char *path = strdup(t->out.path);

		if (outfile_commit(&t->out, t->err) < 0) {
			rc = -1;
		} else {
			t->files++;
			if (t->fn != NULL)
				t->fn(t->ctx, path != NULL ? path : "", t->cur_name, t->lines);
		}
		free(path);
	}
	t->cur_id = 0;
	free(t->cur_name);
	t->cur_name = NULL;
	return rc;
}

static int template_open(struct tctx *t, const db_running_rec *r)
{
	char stem[80], path[PATH_MAX];

	tname_of(t, r->supplier_id, r->supplier, stem, sizeof stem);
	if (snprintf(path, sizeof path, "%s/%s.csv", t->dir, stem) >= (int)sizeof path)
		return sv_err_set(t->err, "%s: the folder's path is too long", t->dir);
	t->cur_name = strdup(r->supplier);
	if (t->cur_name == NULL)
		return sv_err_set(t->err, "out of memory");
	if (outfile_open_made(&t->out, path, t->err) < 0) {
		free(t->cur_name);
		t->cur_name = NULL;
		return -1;
	}
	t->cur_id = r->supplier_id;
	t->lines = 0;
	csvw_init(&t->w, t->out.f, t->bom);
	return csvw_row_text(&t->w, h_template, sizeof h_template / sizeof h_template[0]) < 0 ?
		csvw_finish(&t->w, path, t->err) : 0;
}

static int template_row(void *ctx, const db_running_rec *r)
{
	struct tctx *t = ctx;
	char b[32];

	if (t->supplier != NULL) {
		const struct tname *nm = tname_find(t, r->supplier_id);

		if (nm != NULL ? !nm->match : !export_same_supplier(t->supplier, r->supplier))
			return 0;
	}
	if (r->supplier_id != t->cur_id) {
		if (template_close(t) < 0 || template_open(t, r) < 0)
			return -1;
	}
	csvw_text(&t->w, r->ref);
	quarter_cell(&t->w, t->q.fy, t->q.q);
	csvw_text(&t->w, r->code);
	csvw_text(&t->w, r->measure_title);
	csvw_text(&t->w, r->unit);
	csvw_value(&t->w, export_qty(r->target, b));
	csvw_value(&t->w, NULL);
	csvw_value(&t->w, NULL);
	t->lines++;
	if (csvw_row_end(&t->w) < 0)
		return csvw_finish(&t->w, outfile_name(&t->out), t->err);
	return 0;
}

int export_templates(svdb *db, sv_quarter q, const char *supplier, const char *dir,
		     enum csv_bom bom, export_template_fn fn, void *ctx, sv_err *err)
{
	struct tctx t;
	struct stat st;
	db_period p;
	int rc;

	if (stat(dir, &st) != 0)
		return sv_err_set(err, "%s: %s (create the folder first, e.g. mkdir -p %s)", dir,
				  errno == ENOENT ? "no such folder" : strerror(errno), dir);
	if (!S_ISDIR(st.st_mode))
		return sv_err_set(err, "%s: not a folder (-o names the folder for the templates)", dir);
	memset(&t, 0, sizeof t);
	t.q = q;
	t.supplier = supplier;
	t.dir = dir;
	t.bom = csv_bom_wanted(bom, 1);
	t.fn = fn;
	t.ctx = ctx;
	t.err = err;
	if (db_read_suppliers(db, tname_add, &t, err) != 0) {
		free(t.names);
		return -1;
	}
	tnames_settle(&t);
	if (supplier != NULL) {
		if (t.matched == 0) {
			free(t.names);
			char quoted[200];

			sv_err_quote(quoted, sizeof quoted, supplier, strlen(supplier), 120);
			sv_err_set(err, "no supplier named '%s' (names match without case, runs of "
				   "spaces as one)", quoted);
			err->code = EXPORT_E_NO_SUPPLIER;
			return -1;
		}
	}
	export_period(q.fy, q.q, &p);
	rc = db_read_running(db, &p, template_row, &t, err);
	if (rc == 0)
		rc = template_close(&t);
	if (rc != 0) {
		if (t.cur_id != 0)
			outfile_abort(&t.out);
		free(t.cur_name);
	}
	free(t.names);
	return rc != 0 ? -1 : t.files;
}
