/* fuzz_report_pdf.c: the board pack (PDF) over random report values.
 *
 * The bytes build a report value directly, as report_build would leave it
 * (the board and period, the title block, every list of rows, the charts'
 * figures), but with any text a database written by another tool can hold:
 * invalid UTF-8, C0 and C1 controls, escape sequences, bidi and zero-width
 * characters, pango markup and entities, wide and combining characters,
 * names of up to 10,000 characters; money from zero to the largest value;
 * lists of 0 to 200 rows.  The report is then rendered as a PDF
 * (report_render_pdf) and each chart alone (report_pdf_chart), to memory.
 *
 * A rendering that succeeds must be a PDF (it begins with %PDF- and ends
 * with %%EOF); one that fails must say why.  A warning or critical message
 * of glib (pango's "Invalid UTF-8 string passed to pango_layout_set_text()",
 * a failed g_return_if_fail) aborts the process: text that reaches pango
 * unsanitised, or markup that pango parses, is a finding.
 *
 * Without PDF output in the build the target checks that both functions
 * refuse with the message that names the packages to install. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef HAVE_PDF
#include <glib.h>
#endif

#include "svdesk/report.h"
#include "svdesk/report_pdf.h"
#include "tests/fuzz/fuzz.h"

#define BIG_ROWS 200          /* a list of many rows */
#define LONG_CHARS 10000      /* the longest name */
#define MAX_LONG 3            /* long names in one input (the run stays quick) */
#define MAX_SHORT 63          /* raw bytes of a short text */

struct bytes {
	fuzz_bytes in;
	int longs;             /* long texts made so far */
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n > 0 ? n : 1, size);

	if (p == NULL)
		abort();   /* out of memory is not a finding */
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (d == NULL)
		abort();
	return d;
}

/* Pieces of hostile text, joined into names by text() below. */
static const char *const pieces[] = {
	/* pango markup and entities: must show literally */
	"<b>", "</b>", "<span foreground=\"red\" size=\"900000\">", "</span>", "&amp;", "&",
	"&#0;", "&lt;", "<", ">", "\"", "'", "<markup>", "&#x202E;",
	/* C0, DEL, escape sequences, C1 as code points and as raw bytes */
	"\x1b[31;1m", "\x1b]0;T\x07", "\x1b]52;c;eA==\x1b\\", "\x1bP+q\x1b\\", "\x01\x02\x08",
	"\t", "\n", "\r", "\f", "\v", "\x7f", "\xc2\x9b", "\xc2\x85", "\x9b", "\x85",
	/* bidi, zero-width, separators, byte-order mark */
	"\xe2\x80\xae", "\xe2\x80\xad", "\xe2\x81\xa6", "\xe2\x81\xa9", "\xd8\x9c", "\xe2\x80\x8f",
	"\xe2\x80\x8b", "\xe2\x80\x8c", "\xe2\x80\x8d", "\xe2\x81\xa0", "\xef\xbb\xbf",
	"\xe2\x80\xa8", "\xe2\x80\xa9",
	/* invalid UTF-8: overlong, surrogate, truncated, beyond U+10FFFF, stray */
	"\xc0\xaf", "\xe0\x80\xaf", "\xed\xa0\x80", "\xed\xbf\xbf", "\xe2\x82", "\xf0\x9f\x98",
	"\xf4\x90\x80\x80", "\xff", "\xfe", "\x80", "\xc2",
	/* valid but awkward: wide, combining, right-to-left scripts, emoji,
	 * noncharacters, private use, tags, variation selectors */
	"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", "\xf0\x9f\x98\x80", "e\xcc\x81\xcc\x81\xcc\x81",
	"\xd9\x85\xd8\xb1\xd8\xad\xd8\xa8\xd8\xa7", "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d",
	"\xe0\xb8\xaa\xe0\xb8\xa7\xe0\xb8\xb1", "\xe0\xa4\xa8\xe0\xa4\xae\xe0\xa4\xb8\xe0\xa5\x8d",
	"\xef\xbf\xbf", "\xef\xbf\xbd", "\xee\x80\x80", "\xf3\xa0\x80\x81", "\xef\xb8\x8f",
	"\xc2\xa3", "\xe2\x82\xac", "\xc2\xa0",
	/* plain words, long unbroken words, printf directives */
	"Acme Fleet Ltd", "Vehicle maintenance", " ", "-", "WMP-2026-001",
	"Supercalifragilisticexpialidocious-Services-Limited", "%s%n%x", "\\", "...",
};
#define N_PIECES (sizeof pieces / sizeof pieces[0])

/* A growing string. */
struct str {
	char *s;
	size_t n, cap;
};

static void str_add(struct str *t, const char *s, size_t len)
{
	if (t->n + len + 1 > t->cap) {
		t->cap = (t->n + len + 1) * 2;
		t->s = realloc(t->s, t->cap);
		if (t->s == NULL)
			abort();
	}
	memcpy(t->s + t->n, s, len);
	t->n += len;
	t->s[t->n] = '\0';
}

/* A text from the bytes: raw bytes, hostile pieces, a long name (of up to
 * LONG_CHARS pieces' worth) or empty.  When the bytes are used up,
 * fallback. */
static char *text(struct bytes *b, const char *fallback)
{
	struct str t = { NULL, 0, 0 };
	unsigned k;

	if (b->in.n == 0)
		return xstrdup(fallback);
	k = fuzz_byte(&b->in);
	str_add(&t, "", 0);
	switch (k & 3) {
	case 0: {   /* raw bytes, a NUL ending the text as in a database */
		size_t len = k >> 2 & 0x3f;

		for (size_t i = 0; i < len && i < MAX_SHORT && b->in.n > 0; i++) {
			char c = (char)fuzz_byte(&b->in);

			if (c == '\0')
				break;
			str_add(&t, &c, 1);
		}
		break;
	}
	case 1:     /* a few hostile pieces */
	case 3:
		for (unsigned i = 0; i <= (k >> 2 & 7); i++) {
			const char *p = pieces[fuzz_byte(&b->in) % N_PIECES];

			str_add(&t, p, strlen(p));
		}
		break;
	default: {  /* a long name, or an empty one */
		const char *p;
		size_t want, plen;

		if ((k >> 2 & 7) == 0)
			break;
		p = pieces[fuzz_byte(&b->in) % N_PIECES];
		want = 1 + fuzz_u16(&b->in) % LONG_CHARS;
		plen = strlen(p);
		if (b->longs++ >= MAX_LONG)
			want = 1;
		/* a marker, then the piece repeated (a long word when it has
		 * no space) up to about want bytes */
		str_add(&t, "LONG", 4);
		while (t.n < want)
			str_add(&t, p, plen);
		break;
	}
	}
	return t.s;
}

/* A text or NULL (for the fields that may be NULL). */
static char *text_or_null(struct bytes *b, const char *fallback)
{
	return fuzz_byte(&b->in) & 1 ? text(b, fallback) : NULL;
}

/* Money (pence), quantities: mostly small, now and then zero, huge, or the
 * largest value that a sum can hold. */
static int64_t amount(struct bytes *b)
{
	unsigned kind = fuzz_byte(&b->in);
	uint64_t v = 0;

	switch (kind % 8) {
	case 0:
		for (int i = 0; i < 8; i++)
			v = v << 8 | fuzz_byte(&b->in);
		return (int64_t)(v >> 1);
	case 1:
		return INT64_MAX - fuzz_u16(&b->in);
	case 2:
	case 3:
		return 0;
	case 4:
		return INT64_C(100000000000000000) + fuzz_u16(&b->in);
	default:
		return (int64_t)fuzz_u16(&b->in) * (int64_t)(kind % 5 + 1) * 100;
	}
}

/* How many rows a list has: mostly a few, now and then none or BIG_ROWS. */
static size_t count(struct bytes *b, size_t most)
{
	unsigned k = fuzz_byte(&b->in);

	if (k == 0xff)
		return BIG_ROWS;
	if (k == 0xfe)
		return 0;
	return k % (most + 1);
}

static report_fig fig(struct bytes *b, int quarterly)
{
	report_fig f;

	f.committed = amount(b);
	f.delivered = amount(b);
	f.validated = amount(b);
	f.delivered_ytd = quarterly ? amount(b) : 0;
	f.validated_ytd = quarterly ? amount(b) : 0;
	return f;
}

/* A list of rows: kind 'b' bodies, 't' themes, 'o' outcomes, 'm' measures,
 * 'c' contracts, 'l' OPCC local measures. */
static void rows(struct bytes *b, report *r, report_rows *out, char kind, size_t n,
		 size_t parents)
{
	int quarterly = report_board_quarterly(r->p.board);
	char dflt[32];

	out->n = n;
	out->v = xcalloc(n, sizeof *out->v);
	for (size_t i = 0; i < n; i++) {
		report_row *row = &out->v[i];

		snprintf(dflt, sizeof dflt, "%c%zu", kind, i);
		if (kind == 'b')
			row->key = xstrdup(i == 0 ? "WMP" : "OPCC");
		else
			row->key = text(b, dflt);
		row->title = text(b, dflt);
		row->parent = -1;
		if (kind == 'o' || kind == 'm' || kind == 'l')
			row->parent = parents > 0 ? (int)(fuzz_byte(&b->in) % parents) : -1;
		if (kind == 'c')
			row->supplier = text(b, "Supplier");
		if (kind == 'm' || kind == 'l') {
			row->unit = text(b, "hours");
			row->record_only = (int)(fuzz_byte(&b->in) & 1);
			row->local = kind == 'l' || (fuzz_byte(&b->in) & 1);
			row->qty.committed = amount(b);
			row->qty.delivered = amount(b);
			row->qty.validated = amount(b);
		}
		row->fig = fig(b, quarterly);
		if (row->record_only)
			memset(&row->fig, 0, sizeof row->fig);
		if (kind == 'c') {
			unsigned k = fuzz_byte(&b->in);

			row->rag = (enum report_rag)(k % 4);
			row->rag_pct = row->rag == RAG_NONE ? 0 : (int64_t)(k >> 2) * 7;
			if (!quarterly) {
				row->rag = RAG_NONE;
				row->rag_pct = 0;
			}
		}
	}
}

/* The top ten contracts by validated £SV (FGB), as report_build picks them. */
static void top_ten(report *r)
{
	const report_rows *c = &r->contracts_rows;

	r->n_top = 0;
	for (size_t k = 0; k < 10 && k < c->n; k++) {
		size_t best = c->n;

		for (size_t i = 0; i < c->n; i++) {
			int taken = 0;

			for (size_t j = 0; j < r->n_top; j++)
				taken |= r->top[j] == i;
			if (!taken && (best == c->n || c->v[i].fig.validated > c->v[best].fig.validated))
				best = i;
		}
		r->top[r->n_top++] = best;
	}
}

static const char *const topics[] = {
	"prison_leavers", "design_out_crime", "local_plan", "reoffending"
};

static report *build(struct bytes *b)
{
	report *r = xcalloc(1, sizeof *r);
	unsigned k = fuzz_byte(&b->in);
	int quarterly;
	sv_quarter to, from;
	size_t n;

	r->p.board = (enum report_board)((k & 3) % BOARD_COUNT);
	quarterly = report_board_quarterly(r->p.board);
	r->p.fy = 2020 + (int)(fuzz_byte(&b->in) % 10);
	r->p.q = quarterly ? 1 + (int)(k >> 2 & 3) : 0;
	r->org_name = text(b, "West Midlands Police and OPCC");
	r->generated_by = text(b, "fuzz");
	r->generated_at.date.y = 2026;
	r->generated_at.date.m = 1 + (int)(fuzz_byte(&b->in) % 12);
	r->generated_at.date.d = 1 + (int)(fuzz_byte(&b->in) % 28);
	r->generated_at.hh = (int)(fuzz_byte(&b->in) % 24);
	r->generated_at.mm = (int)(fuzz_byte(&b->in) % 60);
	r->generated_at.ss = (int)(fuzz_byte(&b->in) % 60);

	n = count(b, 3);
	r->proxy_sets = xcalloc(n, sizeof *r->proxy_sets);
	r->n_proxy_sets = n;
	for (size_t i = 0; i < n; i++) {
		r->proxy_sets[i].name = text(b, "Illustrative values 2025");
		r->proxy_sets[i].illustrative = (int)(fuzz_byte(&b->in) & 1);
	}
	if (fuzz_byte(&b->in) & 1) {
		r->audit_entries = (int64_t)fuzz_u16(&b->in) << (fuzz_byte(&b->in) % 40);
		if (r->audit_entries == 0)
			r->audit_entries = 1;
		for (int i = 0; i < 64; i++)
			r->audit_head[i] = "0123456789abcdef"[fuzz_byte(&b->in) & 15];
	}

	r->headline = fig(b, quarterly);
	if (r->p.board == BOARD_FGB)
		rows(b, r, &r->bodies, 'b', fuzz_byte(&b->in) % 3, 0);
	rows(b, r, &r->themes, 't', count(b, 6), 0);
	rows(b, r, &r->outcomes, 'o', r->themes.n > 0 ? count(b, 6) : 0, r->themes.n);
	rows(b, r, &r->measures, 'm', r->outcomes.n > 0 ? count(b, 8) : 0, r->outcomes.n);
	rows(b, r, &r->contracts_rows, 'c', count(b, 8), 0);
	r->contracts = (int64_t)r->contracts_rows.n;
	if (r->p.board == BOARD_FGB)
		top_ten(r);

	if (quarterly) {
		n = count(b, 4);
		r->missing = xcalloc(n, sizeof *r->missing);
		r->n_missing = n;
		for (size_t i = 0; i < n; i++) {
			r->missing[i].ref = text(b, "C-001");
			r->missing[i].supplier = text(b, "Supplier");
			r->missing[i].title = text(b, "Title");
			r->missing[i].manager = text_or_null(b, "A Manager");
		}
	}
	n = count(b, 4);
	r->exceptions = xcalloc(n, sizeof *r->exceptions);
	r->n_exceptions = n;
	for (size_t i = 0; i < n; i++) {
		r->exceptions[i].ref = text(b, "C-001");
		r->exceptions[i].supplier = text(b, "Supplier");
		r->exceptions[i].title = text(b, "Title");
		r->exceptions[i].body = (enum sv_body)(fuzz_byte(&b->in) & 1);
		r->exceptions[i].value = amount(b);
		r->exceptions[i].sv_weight = (int)(fuzz_u16(&b->in) % 1001);
	}
	r->awaiting.lines = (int64_t)fuzz_u16(&b->in);
	r->awaiting.delivered = amount(b);
	r->in_query.lines = (int64_t)fuzz_byte(&b->in);
	r->in_query.delivered = amount(b);
	if (r->p.board == BOARD_FGB) {
		n = count(b, 4);
		r->highlights = xcalloc(n, sizeof *r->highlights);
		r->n_highlights = n;
		for (size_t i = 0; i < n; i++) {
			r->highlights[i].id = (int64_t)i + 1;
			r->highlights[i].text = text(b, "A highlight");
			r->highlights[i].contract_ref = text_or_null(b, "C-001");
			r->highlights[i].body = fuzz_byte(&b->in) & 1 ? xstrdup(fuzz_byte(&b->in) & 1 ? "WMP" : "OPCC")
							    : NULL;
		}
	}

	/* the trend: the eight quarters ending with the report's (FGB: Q4) */
	to.fy = r->p.fy;
	to.q = quarterly ? r->p.q : 4;
	from = to;
	for (int i = 1; i < REPORT_TREND_N; i++)
		from = quarter_prev(from);
	for (int i = 0; i < REPORT_TREND_N; i++) {
		r->trend[i].q = from;
		r->trend[i].validated = amount(b);
		from = quarter_next(from);
	}
	r->rag_q = to.q;
	for (size_t i = 0; i < r->contracts_rows.n; i++)
		r->rag_count[quarterly ? r->contracts_rows.v[i].rag : fuzz_byte(&b->in) % 4]++;

	if (r->p.board == BOARD_QRB) {
		rows(b, r, &r->opcc_local, 'l', count(b, 5), 0);
		n = count(b, 6);
		r->answers = xcalloc(n, sizeof *r->answers);
		r->n_answers = n;
		for (size_t i = 0; i < n; i++) {
			r->answers[i].ref = text(b, "C-002");
			r->answers[i].supplier = text(b, "Supplier");
			r->answers[i].topic = xstrdup(topics[fuzz_byte(&b->in) % 4]);
			r->answers[i].answer = text(b, "Yes");
		}
	}
	return r;
}

#ifdef HAVE_PDF
/* A PDF, whole: its header and, at the end, its trailer's last line. */
static int is_pdf(const char *buf, size_t len)
{
	size_t tail = len < 32 ? len : 32;

	if (len < 16 || memcmp(buf, "%PDF-", 5) != 0)
		return 0;
	for (size_t i = len - tail; i + 5 <= len; i++)
		if (memcmp(buf + i, "%%EOF", 5) == 0)
			return 1;
	return 0;
}

/* Render with fn (0: the board pack, else chart c at w x h) to memory;
 * success must give a PDF, failure a message. */
static void render(const report *r, int chart, enum report_chart c, double w, double h)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	sv_err e = { 0 };
	int rc;

	if (f == NULL)
		abort();
	rc = chart ? report_pdf_chart(r, c, w, h, f, &e) : report_render_pdf(r, f, &e);
	if (fclose(f) != 0)
		abort();
	if (rc == 0 && !is_pdf(buf, len)) {
		fprintf(stderr, "fuzz_report_pdf: %s: success, but not a PDF (%zu bytes)\n",
			chart ? report_chart_name(c) : "the board pack", len);
		__builtin_trap();
	}
	if (rc != 0 && e.msg[0] == '\0') {
		fprintf(stderr, "fuzz_report_pdf: a failure with no message\n");
		__builtin_trap();
	}
	free(buf);
}

/* Every message of glib and the libraries over it (pango, gobject) comes
 * here: written as glib writes it, then a warning, a critical or an error
 * aborts.  abort(), not glib's own fatal ending (a breakpoint, SIGTRAP,
 * which libFuzzer does not catch): the crash is reported with its stack
 * and its input kept. */
static GLogWriterOutput glib_writer(GLogLevelFlags level, const GLogField *fields,
				   gsize n_fields, gpointer data)
{
	(void)data;
	g_log_writer_default(level, fields, n_fields, NULL);
	if (level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) {
		fprintf(stderr, "fuzz_report_pdf: a glib warning is a finding\n");
		abort();
	}
	return G_LOG_WRITER_HANDLED;
}

static void glib_fatal(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	g_log_set_writer_func(glib_writer, NULL, NULL);
}
#endif

int fuzz_report_pdf(const uint8_t *data, size_t size)
{
	struct bytes b = { { data, size }, 0 };
	report *r;
	unsigned sizes;
	static const double dims[][2] = {
		{ 480, 260 }, { 200, 120 }, { 842, 595 }, { 60, 40 }, { 1, 1 }, { 2000, 300 },
	};

	fuzz_setup();
#ifdef HAVE_PDF
	glib_fatal();
#endif
	r = build(&b);
	sizes = fuzz_byte(&b.in);
#ifdef HAVE_PDF
	render(r, 0, CHART_THEMES, 0, 0);
	for (int c = 0; c < CHART_COUNT; c++) {
		const double *d = dims[(sizes >> (2 * c)) % (sizeof dims / sizeof dims[0])];

		render(r, 1, (enum report_chart)c, d[0], d[1]);
	}
#else
	{
		/* without PDF output both functions refuse and name the packages */
		sv_err e = { 0 };
		FILE *f = fopen("/dev/null", "w");

		if (f == NULL)
			abort();
		(void)sizes;
		(void)dims;
		if (report_render_pdf(r, f, &e) != -1 || strstr(e.msg, "libcairo2-dev") == NULL)
			__builtin_trap();
		memset(&e, 0, sizeof e);
		if (report_pdf_chart(r, CHART_TREND, 400, 300, f, &e) != -1 ||
		    strstr(e.msg, "libpango1.0-dev") == NULL)
			__builtin_trap();
		fclose(f);
	}
#endif
	report_free(&r);
	return 0;
}

FUZZ_ENTRY(report_pdf)
