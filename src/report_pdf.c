/* report_pdf.c: a board report as a PDF (report_render_pdf), the board
 * pack.
 *
 * The same report value as the text report, laid out for A4 with cairo and
 * pango in three steps:
 *   1. blocks: the title page and the sections, in the text report's order,
 *      as a list of blocks (headings, paragraphs, tables, charts, page
 *      breaks), their text sanitised and measured;
 *   2. pages: the blocks placed on pages (a table or a paragraph split
 *      between pages by rows or lines, a table's header repeated, a heading
 *      kept with what follows it, a table too wide for portrait on
 *      landscape pages of its own), which gives the page count;
 *   3. drawing: every page with its header and its footer "Page N of M".
 * Text is set with pango_layout_set_text, never as markup, so "<b>" in a
 * supplier's name is printed as it is.  Sizes are in points (1/72 inch). */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>

#include "svdesk/money.h"
#include "svdesk/period.h"
#include "svdesk/report_outline.h"
#include "svdesk/utf8.h"

#include "report_pdf_private.h"

/* ---- the page ----------------------------------------------------------- */

#define MARGIN_X 48.0     /* left and right */
#define TOP 62.0          /* where the content begins (the header above) */
#define BOTTOM 58.0       /* below the content (the footer in it) */
#define HEAD_Y 30.0       /* the running header's baseline area */
#define FOOT_Y 28.0       /* the footer, from the page's foot */

#define SIZE_TITLE 20.0
#define SIZE_SUBTITLE 14.0
#define SIZE_HEADING 12.0
#define SIZE_BODY 9.5
#define SIZE_TABLE 8.5
#define SIZE_TABLE_MIN 5.0
#define SIZE_SMALL 7.5

#define TCOLS 10
#define COL_GAP 0.9       /* the gap between two columns, in ems of the table's font */
#define ROW_PAD 0.35      /* above and below a row's text, in ems */
#define TEXT_MIN 7.0      /* a text column is not made narrower than this many ems */
#define LABEL_W 112.0     /* the labels of the title page */
#define KEEP_ROWS 3       /* a heading keeps this many rows or lines with it */
#define TOC_HEAD 22.0     /* the contents: its heading */
#define TOC_LINE 13.0     /* and a line an entry */
#define CARDS_ROW 4       /* the headline's cards a row */
#define CARD_H 46.0
#define CARD_GAP 8.0
#define CARD_SIZE 15.0    /* the figure on a card (smaller when it would not fit) */

enum { COL_TEXT = 0, COL_FIXED, COL_NUM };

struct tcol {
	const char *head;
	int kind;            /* COL_TEXT may be cut with an ellipsis; COL_FIXED and COL_NUM never */
	double nat;          /* natural width at SIZE_TABLE */
	double w;            /* the width given, at the table's size */
};

struct table {
	struct tcol col[TCOLS];
	int ncol;
	char **cell;         /* rows x ncol, sanitised, owned */
	size_t rows, cap;
	int landscape;
	double size;         /* the font size */
	double rowh, gap;
	double width;        /* of all the columns and gaps */
};

struct para {
	PangoLayout *lay;    /* owned */
	char *label;         /* a label in the margin of its first line (the title page), or NULL */
	int nlines;
	double *top, *h;     /* each line's top (from the layout's top) and height */
	double *base;        /* and its baseline */
	double x;            /* indent */
};

enum bkind { B_TITLE = 0, B_HEADING, B_PARA, B_TABLE, B_CARDS, B_CHART, B_TOC, B_GAP, B_BREAK };

struct block {
	enum bkind kind;
	PangoLayout *lay;    /* B_TITLE, B_HEADING: owned */
	struct para *p;      /* B_PARA */
	struct table *t;     /* B_TABLE; B_CARDS: labels and values, a row a card */
	enum report_chart chart;
	double h;            /* B_TITLE, B_HEADING, B_CARDS, B_CHART, B_TOC, B_GAP */
	int per_row;         /* B_CARDS */
	int page;            /* B_HEADING: the page it is on (for the contents) */
	double before;       /* space above (dropped at the top of a page) */
};

/* A block, or rows [a, b) of a table, or lines [a, b) of a paragraph, at y
 * on a page. */
struct place {
	size_t block;
	size_t a, b;
	int page;
	double y;
};

struct pdf {
	const report *r;
	struct pdf_sink sink;
	int oom;

	PangoFontMap *fm;
	PangoContext *ctx;
	PangoFontDescription *font;      /* a description changed as needed */
	PangoLayout *lay;                /* measuring and drawing cells */
	double adv[95];                  /* advances of ' '..'~' at SIZE_TABLE */
	double bold_adv[95];

	struct block *b;
	size_t nb, capb;
	struct place *pl;
	size_t npl, cappl;
	int *landscape;                  /* per page */
	int pages, cappages;

	struct table *t;                 /* the table being built */
	int headline_done;               /* 1 after the headline, 2 once the sections begin */
	size_t toc;                      /* the contents' block (0: none) */
	char org[256], head_right[96], foot_left[320];
};

static double content_w(int landscape)
{
	return (landscape ? PDF_A4_H : PDF_A4_W) - 2 * MARGIN_X;
}

static double page_h(int landscape)
{
	return landscape ? PDF_A4_W : PDF_A4_H;
}

static double page_bottom(int landscape)
{
	return page_h(landscape) - BOTTOM;
}

/* ---- text --------------------------------------------------------------- */

/* Text from the data made safe for the page: a new string (NULL when out
 * of memory, "" for NULL).  Pango is given valid UTF-8 only. */
static char *clean(struct pdf *d, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;
	char *c = malloc(n + 1);

	if (c == NULL) {
		d->oom = 1;
		return NULL;
	}
	utf8_sanitize(c, n + 1, s != NULL ? s : "", n, '?', 0);
	return c;
}

/* Copy s into dst (size bytes), cut at a character boundary to fit: a cut
 * that snprintf makes may fall inside a character, which would give pango
 * (and cairo's document properties) bad UTF-8. */
static void copy_cut(char *dst, size_t size, const char *s)
{
	size_t n = utf8_cut(s, strlen(s), size - 1);

	memcpy(dst, s, n);
	dst[n] = '\0';
}

static void font_set(struct pdf *d, PangoLayout *lay, double size, int bold, int mono)
{
	pango_font_description_set_family(d->font, mono ? PDF_FONT_MONO : PDF_FONT_SANS);
	pango_font_description_set_weight(d->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_font_description_set_size(d->font, (gint)lround(size * PANGO_SCALE));
	pango_layout_set_font_description(lay, d->font);
}

/* A new layout of text s (sanitised already), wrapped at width w (0: not
 * wrapped). */
static PangoLayout *layout_new(struct pdf *d, const char *s, double size, int bold, int mono,
			       double w)
{
	PangoLayout *lay = pango_layout_new(d->ctx);

	if (lay == NULL) {
		d->oom = 1;
		return NULL;
	}
	font_set(d, lay, size, bold, mono);
	if (w > 0) {
		pango_layout_set_width(lay, (int)(w * PANGO_SCALE));
		pango_layout_set_wrap(lay, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_text(lay, s, -1);
	return lay;
}

static double layout_h(PangoLayout *lay)
{
	PangoRectangle lg;

	pango_layout_get_extents(lay, NULL, &lg);
	return lg.height / (double)PANGO_SCALE;
}

/* The width of one line of s at size (the shared layout). */
static double text_w(struct pdf *d, const char *s, double size, int bold)
{
	PangoRectangle lg;

	font_set(d, d->lay, size, bold, 0);
	pango_layout_set_width(d->lay, -1);
	pango_layout_set_ellipsize(d->lay, PANGO_ELLIPSIZE_NONE);
	pango_layout_set_text(d->lay, s, -1);
	pango_layout_get_extents(d->lay, NULL, &lg);
	return lg.width / (double)PANGO_SCALE;
}

/* The width of s at SIZE_TABLE: ASCII from the advances measured once (a
 * table may have thousands of rows), anything else measured. */
static double cell_w(struct pdf *d, const char *s, int bold)
{
	const double *adv = bold ? d->bold_adv : d->adv;
	double w = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p < 32 || *p > 126)
			return text_w(d, s, SIZE_TABLE, bold);
		w += adv[*p - 32];
	}
	return w + 0.5;   /* kerning only narrows; half a point of room */
}

static void advances(struct pdf *d)
{
	char s[2] = { 0, 0 };

	for (int i = 0; i < 95; i++) {
		s[0] = (char)(32 + i);
		d->adv[i] = text_w(d, s, SIZE_TABLE, 0);
		d->bold_adv[i] = text_w(d, s, SIZE_TABLE, 1);
	}
}

/* ---- blocks ------------------------------------------------------------- */

static struct block *block_add(struct pdf *d, enum bkind kind, double before)
{
	struct block *b;

	if (d->oom)
		return NULL;
	if (d->nb == d->capb) {
		size_t cap = d->capb ? d->capb * 2 : 64;
		struct block *v = realloc(d->b, cap * sizeof *v);

		if (v == NULL) {
			d->oom = 1;
			return NULL;
		}
		d->b = v;
		d->capb = cap;
	}
	b = &d->b[d->nb++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->before = before;
	return b;
}

static void page_break(struct pdf *d)
{
	block_add(d, B_BREAK, 0);
}

static void heading(struct pdf *d, const char *title)
{
	struct block *b = block_add(d, B_HEADING, 14);

	if (b == NULL)
		return;
	b->lay = layout_new(d, title, SIZE_HEADING, 1, 0, content_w(0));
	if (b->lay != NULL)
		b->h = layout_h(b->lay) + 5;
}

/* A paragraph of text (from the data or not: it is sanitised here), with
 * an optional label in the margin, indented by x. */
static void para(struct pdf *d, const char *label, const char *text, double x, int bold,
		 int mono, double before)
{
	struct block *b = block_add(d, B_PARA, before);
	struct para *p;
	char *s;
	PangoLayoutIter *it;
	int i = 0;

	if (b == NULL)
		return;
	p = calloc(1, sizeof *p);
	s = clean(d, text);
	if (p == NULL || s == NULL) {
		free(p);
		free(s);
		d->oom = 1;
		d->nb--;
		return;
	}
	b->p = p;
	p->x = x;
	if (label != NULL && (p->label = strdup(label)) == NULL)
		d->oom = 1;
	p->lay = layout_new(d, s, mono ? SIZE_BODY - 1 : SIZE_BODY, bold, mono, content_w(0) - x);
	free(s);
	if (p->lay == NULL)
		return;
	p->nlines = pango_layout_get_line_count(p->lay);
	p->top = calloc((size_t)p->nlines + 1, sizeof *p->top);
	p->h = calloc((size_t)p->nlines + 1, sizeof *p->h);
	p->base = calloc((size_t)p->nlines + 1, sizeof *p->base);
	if (p->top == NULL || p->h == NULL || p->base == NULL) {
		d->oom = 1;
		p->nlines = 0;
		return;
	}
	it = pango_layout_get_iter(p->lay);
	do {
		PangoRectangle lg;

		if (i >= p->nlines)
			break;
		pango_layout_iter_get_line_extents(it, NULL, &lg);
		p->top[i] = lg.y / (double)PANGO_SCALE;
		p->h[i] = lg.height / (double)PANGO_SCALE;
		p->base[i] = pango_layout_iter_get_baseline(it) / (double)PANGO_SCALE;
		i++;
	} while (pango_layout_iter_next_line(it));
	pango_layout_iter_free(it);
	p->nlines = i;
}

static void text(struct pdf *d, const char *s)
{
	para(d, NULL, s, 0, 0, 0, 4);
}

static void gap(struct pdf *d, double h)
{
	struct block *b = block_add(d, B_GAP, 0);

	if (b != NULL)
		b->h = h;
}

/* ---- tables ------------------------------------------------------------- */

static struct table *table_new(struct pdf *d)
{
	struct table *t = calloc(1, sizeof *t);

	if (t == NULL)
		d->oom = 1;
	return t;
}

static void t_col(struct pdf *d, struct table *t, const char *head, int kind)
{
	if (t == NULL || t->ncol >= TCOLS)
		return;
	t->col[t->ncol].head = head;
	t->col[t->ncol].kind = kind;
	t->col[t->ncol].nat = cell_w(d, head, 1);
	t->ncol++;
}

/* A row of ncol cells (NULL is empty), sanitised. */
static void t_row(struct pdf *d, struct table *t, const char *const *v)
{
	if (t == NULL || d->oom)
		return;
	if (t->rows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **c = realloc(t->cell, cap * (size_t)t->ncol * sizeof *c);

		if (c == NULL) {
			d->oom = 1;
			return;
		}
		t->cell = c;
		t->cap = cap;
	}
	for (int i = 0; i < t->ncol; i++) {
		char *s = clean(d, v[i]);
		double w;

		t->cell[t->rows * (size_t)t->ncol + (size_t)i] = s;
		if (s == NULL) {
			for (int k = 0; k < i; k++)
				free(t->cell[t->rows * (size_t)t->ncol + (size_t)k]);
			return;
		}
		w = cell_w(d, s, 0);
		if (w > t->col[i].nat)
			t->col[i].nat = w;
	}
	t->rows++;
}

static void t_free(struct table *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->rows * (size_t)t->ncol; i++)
		free(t->cell[i]);
	free(t->cell);
	free(t);
}

/* Try to fit t's columns in width avail at SIZE_TABLE: the money and fixed
 * columns at their natural width, the text columns sharing what is left
 * (each its natural width if all fit, else an even share, a narrow column
 * keeping its natural width), none narrower than TEXT_MIN ems.  1 when it
 * fits. */
static int t_fit(struct table *t, double avail, double size)
{
	double k = size / SIZE_TABLE, fixed = 0, text_nat = 0, left, min = TEXT_MIN * size;
	int ntext = 0;

	t->gap = COL_GAP * size;
	for (int i = 0; i < t->ncol; i++) {
		if (t->col[i].kind == COL_TEXT) {
			ntext++;
			text_nat += t->col[i].nat * k;
		} else {
			t->col[i].w = t->col[i].nat * k;
			fixed += t->col[i].w;
		}
	}
	left = avail - fixed - t->gap * (t->ncol - 1);
	if (left < 0 || left < ntext * min - 1e-6)
		return 0;
	if (text_nat <= left) {
		for (int i = 0; i < t->ncol; i++)
			if (t->col[i].kind == COL_TEXT)
				t->col[i].w = t->col[i].nat * k;
	} else {
		/* water-filling: a column narrower than its share keeps its width */
		int todo = ntext;
		double room = left;
		int done[TCOLS] = { 0 };

		for (int changed = 1; changed && todo > 0;) {
			double share = room / todo;

			changed = 0;
			for (int i = 0; i < t->ncol; i++)
				if (t->col[i].kind == COL_TEXT && !done[i] &&
				    t->col[i].nat * k <= share) {
					t->col[i].w = t->col[i].nat * k;
					room -= t->col[i].w;
					done[i] = 1;
					todo--;
					changed = 1;
				}
		}
		for (int i = 0; i < t->ncol; i++)
			if (t->col[i].kind == COL_TEXT && !done[i])
				t->col[i].w = todo > 0 ? room / todo : 0;
	}
	t->width = t->gap * (t->ncol - 1);
	for (int i = 0; i < t->ncol; i++)
		t->width += t->col[i].w;
	return 1;
}

/* Lay the table out: portrait at SIZE_TABLE if it fits, else landscape,
 * else landscape in a smaller font (money is never cut). */
static void t_layout(struct pdf *d, struct table *t)
{
	double size = SIZE_TABLE;
	PangoLayout *lay = d->lay;

	t->landscape = 0;
	if (!t_fit(t, content_w(0), size)) {
		t->landscape = 1;
		while (!t_fit(t, content_w(1), size) && size > SIZE_TABLE_MIN)
			size = fmax(SIZE_TABLE_MIN, size - 0.5);
		if (!t_fit(t, content_w(1), size)) {
			/* the text columns at their minimum, the rest as it comes */
			for (int i = 0; i < t->ncol; i++)
				t->col[i].w = t->col[i].kind == COL_TEXT ? TEXT_MIN * size
					: t->col[i].nat * size / SIZE_TABLE;
			t->width = content_w(1);
		}
	}
	t->size = size;
	font_set(d, lay, size, 0, 0);
	pango_layout_set_width(lay, -1);
	pango_layout_set_text(lay, "Hg\xc2\xa3", -1);
	t->rowh = layout_h(lay) + 2 * ROW_PAD * size;
}

static void table(struct pdf *d, struct table *t)
{
	struct block *b;

	if (t == NULL)
		return;
	if (t->rows == 0) {
		t_free(t);
		para(d, NULL, "none", 0, 0, 0, 2);
		return;
	}
	t_layout(d, t);
	b = block_add(d, B_TABLE, 4);
	if (b == NULL) {
		t_free(t);
		return;
	}
	b->t = t;
}

static void chart(struct pdf *d, enum report_chart c)
{
	struct block *b;
	double h;

	if (!report_chart_wanted(d->r, c))
		return;
	h = report_chart_height(d->r, c, content_w(0));
	if (!(h > 0))
		return;
	b = block_add(d, B_CHART, 10);
	if (b == NULL)
		return;
	b->chart = c;
	b->h = fmin(h, page_bottom(0) - TOP);
}

/* ---- the title page and the sections ------------------------------------ */

/* ---- the sections: report_outline's hooks ------------------------------ */

static void o_field(void *u, const char *label, const char *value, int masked)
{
	(void)masked;
	para(u, label, value, LABEL_W, 0, strcmp(label, "Audit chain head") == 0, 3);
}

static void o_heading(void *u, const char *title, int keep)
{
	struct pdf *d = u;

	(void)keep;
	if (d->headline_done == 1) {
		/* the headline and the contents stay on the title page; the
		 * sections begin after it */
		d->toc = d->nb;
		block_add(d, B_TOC, 16);
		page_break(d);
		d->headline_done = 2;
	}
	heading(d, title);
}

static void o_text(void *u, const char *s)
{
	text(u, s);
}

/* The headline: a card a figure, CARDS_ROW a row (three when there are
 * six), the label small above the figure large. */
static void o_figures(void *u, const char *const *labels, const char *const *values, int n)
{
	struct pdf *d = u;
	struct table *t = table_new(d);
	struct block *b;
	int per_row;

	t_col(d, t, "Figure", COL_TEXT);
	t_col(d, t, "Value", COL_NUM);
	for (int i = 0; i < n; i++) {
		const char *v[2] = { labels[i], values[i] };

		t_row(d, t, v);
	}
	b = block_add(d, B_CARDS, 6);
	if (b == NULL || t == NULL || t->rows == 0) {
		t_free(t);
		if (b != NULL)
			d->nb--;
		return;
	}
	b->t = t;
	per_row = t->rows % CARDS_ROW == 0 || t->rows < CARDS_ROW ? CARDS_ROW : 3;
	b->per_row = per_row;
	b->h = (double)((t->rows + (size_t)per_row - 1) / (size_t)per_row) * (CARD_H + CARD_GAP);
	if (d->headline_done == 0)
		d->headline_done = 1;
}

static void o_table_begin(void *u, const outline_table *ot)
{
	struct pdf *d = u;
	static const int kind[] = { [OCOL_TEXT] = COL_TEXT, [OCOL_FIXED] = COL_FIXED,
				    [OCOL_NUM] = COL_NUM };

	d->t = table_new(d);
	for (int i = 0; i < ot->ncol; i++)
		t_col(d, d->t, ot->head_long[i], kind[ot->kind[i]]);
}

static void o_row(void *u, const char *const *cells)
{
	struct pdf *d = u;

	t_row(d, d->t, cells);
}

static void o_table_end(void *u)
{
	struct pdf *d = u;

	table(d, d->t);
	d->t = NULL;
}

/* The charts under one heading (each has its own title); under the trend
 * its exact figures (a chart's labels round), then the contracts by RAG,
 * drawn and counted.  The outline's chart titles are the text report's
 * headings. */
static void o_chart(void *u, enum outline_chart oc, const char *title)
{
	struct pdf *d = u;
	const report *r = d->r;
	struct table *t;
	char b[40], qb[16];

	(void)title;
	if (oc == OUTLINE_CHART_THEMES) {
		heading(d, "Charts");
		chart(d, CHART_THEMES);
		return;
	}
	chart(d, CHART_TREND);
	t = table_new(d);
	t_col(d, t, "Quarter", COL_FIXED);
	t_col(d, t, "Validated", COL_NUM);
	for (int i = 0; t != NULL && i < REPORT_TREND_N; i++) {
		const char *v[2];

		if (r->trend[i].q.fy == 0)
			continue;
		v[0] = quarter_format(r->trend[i].q, ' ', qb);
		v[1] = money_format(r->trend[i].validated, MONEY_POUND, b, sizeof b);
		t_row(d, t, v);
	}
	table(d, t);

	chart(d, CHART_RAG);
	t = table_new(d);
	t_col(d, t, "RAG", COL_FIXED);
	t_col(d, t, "Contracts", COL_NUM);
	for (int i = 0; t != NULL && i < 4; i++) {
		const char *v[2];
		enum report_rag g = report_chart_rag_row(i, &v[0]);

		snprintf(b, sizeof b, "%" PRId64, r->rag_count[g]);
		v[1] = b;
		t_row(d, t, v);
	}
	table(d, t);
}

static void o_highlight(void *u, const char *s)
{
	para(u, "\xe2\x80\xa2", s, 12, 0, 0, 4);
}

static void o_answer(void *u, const char *ref, const char *supplier, const char *topic,
		     const char *answer, int first)
{
	struct pdf *d = u;
	size_t n = strlen(ref) + strlen(supplier) + strlen(topic) + strlen(answer) + 8;
	char *s = malloc(n);

	if (s == NULL) {
		d->oom = 1;
		return;
	}
	if (first) {
		snprintf(s, n, "%s  %s", ref, supplier);
		para(d, NULL, s, 0, 1, 0, 8);
	}
	snprintf(s, n, "%s: %s", topic, answer);
	para(d, NULL, s, 14, 0, 0, 2);
	free(s);
}

static void o_end(void *u)
{
	gap(u, 12);
	text(u, "End of report.");
}

static const outline_ops pdf_ops = {
	.field = o_field,
	.heading = o_heading,
	.text = o_text,
	.figures = o_figures,
	.table_begin = o_table_begin,
	.row = o_row,
	.table_end = o_table_end,
	.chart = o_chart,
	.highlight = o_highlight,
	.answer = o_answer,
	.end = o_end,
};

/* ---- the title page ----------------------------------------------------- */

static void title_page(struct pdf *d)
{
	const report *r = d->r;
	char buf[512], per[16];
	struct block *b;

	b = block_add(d, B_TITLE, 0);
	if (b != NULL) {
		char *org = clean(d, r->org_name);

		copy_cut(buf, sizeof buf, org != NULL && org[0] != '\0' ? org : "Social value");
		free(org);
		b->lay = layout_new(d, buf, SIZE_TITLE, 1, 0, content_w(0));
		if (b->lay != NULL)
			b->h = layout_h(b->lay) + 8;
	}
	b = block_add(d, B_TITLE, 0);
	if (b != NULL) {
		snprintf(buf, sizeof buf, "%s: social value report, %s", report_board_title(r->p.board),
			 report_period_short(&r->p, per));
		b->lay = layout_new(d, buf, SIZE_SUBTITLE, 0, 0, content_w(0));
		if (b->lay != NULL)
			b->h = layout_h(b->lay) + 18;
	}
	if (report_outline_title(r, &pdf_ops, d) != 0)
		d->oom = 1;
	para(d, NULL, "svdesk check --audit-head N:HASH proves later that the audit log still "
	     "begins with this head.", LABEL_W, 0, 0, 2);
}

/* The title page with the headline, then the sections from page 2. */
static void blocks(struct pdf *d)
{
	title_page(d);
	if (report_outline(d->r, MONEY_POUND, &pdf_ops, d) != 0)
		d->oom = 1;
	if (d->toc > 0 && d->toc < d->nb && !d->oom) {
		size_t n = 0;

		for (size_t i = d->toc + 1; i < d->nb; i++)
			n += d->b[i].kind == B_HEADING;
		d->b[d->toc].h = TOC_HEAD + (double)n * TOC_LINE;
	}
}

/* ---- pages -------------------------------------------------------------- */

static int page_new(struct pdf *d, int landscape)
{
	if (d->pages == d->cappages) {
		int cap = d->cappages ? d->cappages * 2 : 16;
		int *v = realloc(d->landscape, (size_t)cap * sizeof *v);

		if (v == NULL) {
			d->oom = 1;
			return -1;
		}
		d->landscape = v;
		d->cappages = cap;
	}
	d->landscape[d->pages] = landscape;
	return d->pages++;
}

static void place(struct pdf *d, size_t block, size_t a, size_t b, int page, double y)
{
	struct place *p;

	if (d->npl == d->cappl) {
		size_t cap = d->cappl ? d->cappl * 2 : 128;
		struct place *v = realloc(d->pl, cap * sizeof *v);

		if (v == NULL) {
			d->oom = 1;
			return;
		}
		d->pl = v;
		d->cappl = cap;
	}
	p = &d->pl[d->npl++];
	p->block = block;
	p->a = a;
	p->b = b;
	p->page = page;
	p->y = y;
}

static int block_landscape(const struct block *b)
{
	return b->kind == B_TABLE && b->t->landscape;
}

/* The height of what must stay with a heading: the next block's first
 * rows or lines. */
static double first_part(const struct block *b)
{
	switch (b->kind) {
	case B_TABLE:
		return b->t->rowh * (double)(1 + (b->t->rows < KEEP_ROWS ? b->t->rows : KEEP_ROWS));
	case B_PARA: {
		double h = 0;

		for (int i = 0; i < b->p->nlines && i < KEEP_ROWS; i++)
			h += b->p->h[i];
		return b->before + h;
	}
	case B_CARDS:
	case B_CHART:
		return b->before + b->h;
	default:
		return 0;
	}
}

static void paginate(struct pdf *d)
{
	int page = page_new(d, 0), land = 0;
	double y = TOP;

	for (size_t i = 0; i < d->nb && !d->oom; i++) {
		struct block *b = &d->b[i];
		int want = block_landscape(b);
		double bottom;

		/* a heading goes where the next block goes */
		if (b->kind == B_HEADING && i + 1 < d->nb)
			want = block_landscape(&d->b[i + 1]);
		if (b->kind != B_BREAK && b->kind != B_GAP && want != land) {
			land = want;
			if (y > TOP)
				page = page_new(d, land);
			else
				d->landscape[page] = land;   /* nothing on it yet: turn it */
			y = TOP;
		}
		bottom = page_bottom(land);
		if (y > TOP && b->kind != B_BREAK)
			y += b->before;
		switch (b->kind) {
		case B_BREAK:
			if (y > TOP) {
				land = 0;
				page = page_new(d, 0);
				y = TOP;
			}
			break;
		case B_GAP:
			if (y > TOP)
				y += b->h;
			break;
		case B_TITLE:
		case B_CARDS:
		case B_CHART:
		case B_TOC:
		case B_HEADING: {
			double need = b->h;

			if (b->kind == B_HEADING && i + 1 < d->nb)
				need += first_part(&d->b[i + 1]);
			if (y > TOP && y + need > bottom) {
				page = page_new(d, land);
				y = TOP;
			}
			place(d, i, 0, 0, page, y);
			b->page = page;
			y += b->h;
			break;
		}
		case B_TABLE: {
			struct table *t = b->t;
			size_t r = 0;

			while (r < t->rows && !d->oom) {
				double room = bottom - y - t->rowh;   /* the header */
				size_t k = room > 0 ? (size_t)(room / t->rowh) : 0;

				if (k > t->rows - r)
					k = t->rows - r;
				/* not one row alone at the foot of a page, unless it is the last */
				if (k == 0 || (k == 1 && t->rows - r > 1 && y > TOP)) {
					if (y <= TOP && k == 0)
						k = 1;   /* a page cannot hold a row: draw it anyway */
					else {
						page = page_new(d, land);
						y = TOP;
						continue;
					}
				}
				place(d, i, r, r + k, page, y);
				y += t->rowh * (double)(k + 1);
				r += k;
			}
			break;
		}
		case B_PARA: {
			struct para *p = b->p;
			int l = 0;

			while (l < p->nlines && !d->oom) {
				int k = l;
				double h = 0;

				while (k < p->nlines && y + h + p->h[k] <= bottom)
					h += p->h[k++];
				if (k == l) {
					if (y <= TOP)
						k = l + 1;
					else {
						page = page_new(d, land);
						y = TOP;
						continue;
					}
					h = p->h[l];
				}
				place(d, i, (size_t)l, (size_t)k, page, y);
				y += h;
				l = k;
			}
			break;
		}
		}
	}
}

/* ---- drawing ------------------------------------------------------------ */

static void grey(cairo_t *cr, double g)
{
	cairo_set_source_rgb(cr, g, g, g);
}

/* One line of text at (x, y) (its top), cut to width w with an ellipsis
 * when w > 0, right-aligned at x + w when right. */
static void cell(struct pdf *d, cairo_t *cr, const char *s, double x, double y, double w,
		 int right, int cut)
{
	PangoLayout *lay = d->lay;

	pango_layout_set_text(lay, s, -1);
	if (cut && w > 0) {
		pango_layout_set_width(lay, (int)(w * PANGO_SCALE));
		pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_END);
	} else {
		pango_layout_set_width(lay, -1);
		pango_layout_set_ellipsize(lay, PANGO_ELLIPSIZE_NONE);
	}
	if (right) {
		PangoRectangle lg;

		pango_layout_get_extents(lay, NULL, &lg);
		x += w - lg.width / (double)PANGO_SCALE;
	}
	cairo_move_to(cr, x, y);
	pango_cairo_show_layout(cr, lay);
}

static void draw_table(struct pdf *d, cairo_t *cr, const struct table *t, size_t a, size_t b,
		       double y)
{
	double x0 = MARGIN_X, pad = ROW_PAD * t->size, x;

	/* the header: bold on a grey band */
	grey(cr, 0.86);
	cairo_rectangle(cr, x0 - 3, y, t->width + 6, t->rowh);
	cairo_fill(cr);
	grey(cr, 0);
	font_set(d, d->lay, t->size, 1, 0);
	x = x0;
	for (int c = 0; c < t->ncol; c++) {
		cell(d, cr, t->col[c].head, x, y + pad, t->col[c].w, t->col[c].kind == COL_NUM, 1);
		x += t->col[c].w + t->gap;
	}
	y += t->rowh;
	font_set(d, d->lay, t->size, 0, 0);
	for (size_t r = a; r < b; r++, y += t->rowh) {
		if ((r - a) % 2 == 1) {
			grey(cr, 0.955);
			cairo_rectangle(cr, x0 - 3, y, t->width + 6, t->rowh);
			cairo_fill(cr);
			grey(cr, 0);
		}
		x = x0;
		for (int c = 0; c < t->ncol; c++) {
			const char *s = t->cell[r * (size_t)t->ncol + (size_t)c];

			if (s[0] != '\0')
				cell(d, cr, s, x, y + pad, t->col[c].w, t->col[c].kind == COL_NUM,
				     t->col[c].kind == COL_TEXT);
			x += t->col[c].w + t->gap;
		}
	}
	grey(cr, 0.55);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, x0 - 3, y + 0.3);
	cairo_line_to(cr, x0 + t->width + 3, y + 0.3);
	cairo_stroke(cr);
	grey(cr, 0);
}

static void draw_para(struct pdf *d, cairo_t *cr, const struct para *p, size_t a, size_t b,
		      double y)
{
	double top = p->top[a];

	if (p->label != NULL && a == 0 && p->label[0] != '\0') {
		font_set(d, d->lay, SIZE_BODY, 1, 0);
		cell(d, cr, p->label, MARGIN_X, y, p->x - 6, 0, 1);
	}
	for (size_t i = a; i < b; i++) {
		PangoLayoutLine *line = pango_layout_get_line_readonly(p->lay, (int)i);

		cairo_move_to(cr, MARGIN_X + p->x, y + p->base[i] - top);
		pango_cairo_show_layout_line(cr, line);
	}
}

static void draw_cards(struct pdf *d, cairo_t *cr, const struct table *t, int per_row, double y,
		       double w)
{
	double cw = (w - CARD_GAP * (per_row - 1)) / per_row, pad = 7, size = CARD_SIZE;

	/* money is never cut: one size for every card, the largest at which
	 * every figure fits */
	for (size_t i = 0; i < t->rows; i++)
		while (size > SIZE_TABLE_MIN &&
		       text_w(d, t->cell[i * 2 + 1], size, 1) > cw - 2 * pad - 3)
			size -= 0.5;
	for (size_t i = 0; i < t->rows; i++) {
		double x = MARGIN_X + (double)(i % (size_t)per_row) * (cw + CARD_GAP),
			cy = y + (double)(i / (size_t)per_row) * (CARD_H + CARD_GAP);

		grey(cr, 0.94);
		cairo_rectangle(cr, x, cy, cw, CARD_H);
		cairo_fill(cr);
		grey(cr, 0.2);
		cairo_rectangle(cr, x, cy, 3, CARD_H);   /* a bar on its left edge */
		cairo_fill(cr);
		grey(cr, 0.3);
		font_set(d, d->lay, SIZE_SMALL + 0.5, 0, 0);
		cell(d, cr, t->cell[i * 2], x + pad + 3, cy + pad - 1, cw - 2 * pad - 3, 0, 1);
		grey(cr, 0);
		font_set(d, d->lay, size, 1, 0);
		cell(d, cr, t->cell[i * 2 + 1], x + pad + 3, cy + CARD_H - pad - size * 1.25,
		     cw - 2 * pad - 3, 0, 0);
	}
	grey(cr, 0);
}

/* The contents: each heading after the title page with its page number,
 * a dotted leader between. */
static void draw_toc(struct pdf *d, cairo_t *cr, size_t at, double y, double w)
{
	char num[16];

	font_set(d, d->lay, SIZE_HEADING, 1, 0);
	cell(d, cr, "Contents", MARGIN_X, y, w, 0, 0);
	y += TOC_HEAD;
	for (size_t i = at + 1; i < d->nb; i++) {
		const struct block *b = &d->b[i];
		const char *title;
		double tw;

		if (b->kind != B_HEADING)
			continue;
		title = pango_layout_get_text(b->lay);
		snprintf(num, sizeof num, "%d", b->page + 1);
		font_set(d, d->lay, SIZE_BODY, 0, 0);
		cell(d, cr, title, MARGIN_X, y, w - 40, 0, 1);
		tw = fmin(text_w(d, title, SIZE_BODY, 0), w - 40);
		cell(d, cr, num, MARGIN_X + w - 30, y, 30, 1, 0);
		grey(cr, 0.6);
		cairo_set_line_width(cr, 0.7);
		cairo_set_dash(cr, (const double[]){ 0.7, 2.3 }, 2, 0);
		cairo_move_to(cr, MARGIN_X + tw + 4, y + SIZE_BODY);
		cairo_line_to(cr, MARGIN_X + w - 30 - 4, y + SIZE_BODY);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
		grey(cr, 0);
		y += TOC_LINE;
	}
}

static void draw_frame(struct pdf *d, cairo_t *cr, int page)
{
	int land = d->landscape[page];
	double w = land ? PDF_A4_H : PDF_A4_W, h = page_h(land);
	char buf[64];

	font_set(d, d->lay, SIZE_SMALL, 0, 0);
	grey(cr, 0.25);
	if (page > 0) {
		cell(d, cr, d->org, MARGIN_X, HEAD_Y - 10, (w - 2 * MARGIN_X) * 0.6, 0, 1);
		cell(d, cr, d->head_right, w - MARGIN_X - (w - 2 * MARGIN_X) * 0.38, HEAD_Y - 10,
		     (w - 2 * MARGIN_X) * 0.38, 1, 0);
		cairo_set_line_width(cr, 0.5);
		cairo_move_to(cr, MARGIN_X, HEAD_Y + 2);
		cairo_line_to(cr, w - MARGIN_X, HEAD_Y + 2);
		cairo_stroke(cr);
	}
	cairo_set_line_width(cr, 0.5);
	cairo_move_to(cr, MARGIN_X, h - FOOT_Y - 4);
	cairo_line_to(cr, w - MARGIN_X, h - FOOT_Y - 4);
	cairo_stroke(cr);
	cell(d, cr, d->foot_left, MARGIN_X, h - FOOT_Y, (w - 2 * MARGIN_X) * 0.7, 0, 1);
	snprintf(buf, sizeof buf, "Page %d of %d", page + 1, d->pages);
	cell(d, cr, buf, w - MARGIN_X - 100, h - FOOT_Y, 100, 1, 0);
	grey(cr, 0);
}

static void draw(struct pdf *d, cairo_surface_t *s, cairo_t *cr)
{
	size_t k = 0;

	for (int page = 0; page < d->pages; page++) {
		int land = d->landscape[page];

		cairo_pdf_surface_set_size(s, land ? PDF_A4_H : PDF_A4_W, page_h(land));
		draw_frame(d, cr, page);
		for (; k < d->npl && d->pl[k].page == page; k++) {
			const struct place *p = &d->pl[k];
			const struct block *b = &d->b[p->block];

			switch (b->kind) {
			case B_TITLE:
			case B_HEADING:
				cairo_move_to(cr, MARGIN_X, p->y);
				pango_cairo_show_layout(cr, b->lay);
				if (b->kind == B_HEADING) {
					grey(cr, 0.4);
					cairo_set_line_width(cr, 0.7);
					cairo_move_to(cr, MARGIN_X, p->y + b->h - 2.5);
					cairo_line_to(cr, MARGIN_X + content_w(land), p->y + b->h - 2.5);
					cairo_stroke(cr);
					grey(cr, 0);
				}
				break;
			case B_TABLE:
				draw_table(d, cr, b->t, p->a, p->b, p->y);
				break;
			case B_PARA:
				draw_para(d, cr, b->p, p->a, p->b, p->y);
				break;
			case B_TOC:
				draw_toc(d, cr, p->block, p->y, content_w(land));
				break;
			case B_CARDS:
				draw_cards(d, cr, b->t, b->per_row, p->y, content_w(land));
				break;
			case B_CHART:
				report_chart_draw(cr, d->r, b->chart, MARGIN_X, p->y, content_w(land), b->h);
				break;
			default:
				break;
			}
		}
		cairo_show_page(cr);
		if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
			return;
	}
}

/* ---- the document ------------------------------------------------------- */

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int n)
{
	struct pdf_sink *s = closure;

	if (s->err != 0)
		return CAIRO_STATUS_WRITE_ERROR;
	errno = 0;
	if (n > 0 && fwrite(data, 1, n, s->f) != n) {
		s->err = errno != 0 ? errno : EIO;
		return CAIRO_STATUS_WRITE_ERROR;
	}
	return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *pdf_sink_open(struct pdf_sink *s, double w, double h)
{
	return cairo_pdf_surface_create_for_stream(sink_write, s, w, h);
}

int pdf_sink_close(struct pdf_sink *s, cairo_surface_t *surf, cairo_status_t st, sv_err *err)
{
	cairo_surface_finish(surf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(surf);
	cairo_surface_destroy(surf);
	if (s->err == 0 && st == CAIRO_STATUS_SUCCESS && fflush(s->f) != 0)
		s->err = errno != 0 ? errno : EIO;
	if (s->err != 0) {
		sv_err_set(err, "cannot write: %s", sv_errno_text(s->err));
		return -1;
	}
	if (st != CAIRO_STATUS_SUCCESS) {
		sv_err_set(err, "cannot make the PDF: %s", cairo_status_to_string(st));
		return -1;
	}
	return 0;
}

static void metadata(struct pdf *d, cairo_surface_t *s)
{
	const report *r = d->r;
	char buf[512], per[96], ps[16], *who = clean(d, r->generated_by);

	snprintf(buf, sizeof buf, "%s %s: social value", report_board_title(r->p.board),
		 report_period_short(&r->p, ps));
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, buf);
	if (who != NULL)
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, who);
	free(who);
	snprintf(buf, sizeof buf, "%s, %s", report_board_title(r->p.board),
		 report_period_text(&r->p, per, sizeof per));
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, buf);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, PACKAGE_NAME " " PACKAGE_VERSION);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, "social value, TOMs");
	{
		/* the report's clock, so that the same report is the same file */
		const sv_date *g = &r->generated_at.date;

		snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", g->y, g->m, g->d,
			 r->generated_at.hh, r->generated_at.mm, r->generated_at.ss);
		cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, buf);
	}
}

static void texts(struct pdf *d)
{
	const report *r = d->r;
	char *org = clean(d, r->org_name), *who = clean(d, r->generated_by), per[16], dt[11];

	int n;

	copy_cut(d->org, sizeof d->org, org != NULL ? org : "");
	snprintf(d->head_right, sizeof d->head_right, "%s %s", report_board_title(r->p.board),
		 report_period_short(&r->p, per));
	n = snprintf(d->foot_left, sizeof d->foot_left, "Generated %s %02d:%02d by ",
		     date_format_uk(r->generated_at.date, dt), r->generated_at.hh,
		     r->generated_at.mm);
	if (n > 0 && (size_t)n < sizeof d->foot_left)
		copy_cut(d->foot_left + n, sizeof d->foot_left - (size_t)n, who != NULL ? who : "");
	free(org);
	free(who);
}

static void pdf_free(struct pdf *d)
{
	for (size_t i = 0; i < d->nb; i++) {
		struct block *b = &d->b[i];

		if (b->lay != NULL)
			g_object_unref(b->lay);
		if (b->p != NULL) {
			if (b->p->lay != NULL)
				g_object_unref(b->p->lay);
			free(b->p->label);
			free(b->p->top);
			free(b->p->h);
			free(b->p->base);
			free(b->p);
		}
		t_free(b->t);
	}
	free(d->b);
	free(d->pl);
	free(d->landscape);
	if (d->lay != NULL)
		g_object_unref(d->lay);
	if (d->font != NULL)
		pango_font_description_free(d->font);
	if (d->ctx != NULL)
		g_object_unref(d->ctx);
	if (d->fm != NULL)
		g_object_unref(d->fm);
}

int report_pdf_available(void)
{
	return 1;
}

const char *report_pdf_missing(void)
{
	return "";
}

int report_render_pdf(const report *r, FILE *f, sv_err *err)
{
	struct pdf d;
	cairo_surface_t *s = NULL;
	cairo_t *cr = NULL;
	cairo_font_options_t *fo;
	cairo_status_t st;
	int rc = -1;

	memset(&d, 0, sizeof d);
	d.r = r;
	d.sink.f = f;
	s = pdf_sink_open(&d.sink, PDF_A4_W, PDF_A4_H);
	cr = cairo_create(s);
	if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
		sv_err_set(err, "cannot make the PDF: %s", cairo_status_to_string(cairo_status(cr)));
		goto out;
	}
	cairo_pdf_surface_restrict_to_version(s, CAIRO_PDF_VERSION_1_5);
	/* a font map of its own, let go at the end; a point is a unit */
	d.fm = pango_cairo_font_map_new();
	d.ctx = d.fm != NULL ? pango_font_map_create_context(d.fm) : NULL;
	d.font = pango_font_description_new();
	if (d.ctx == NULL || d.font == NULL) {
		sv_err_set(err, "%s", "cannot make the PDF: out of memory");
		goto out;
	}
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	pango_cairo_context_set_font_options(d.ctx, fo);
	cairo_font_options_destroy(fo);
	pango_cairo_update_context(cr, d.ctx);
	pango_cairo_context_set_resolution(d.ctx, 72);
	d.lay = pango_layout_new(d.ctx);
	if (d.lay == NULL) {
		sv_err_set(err, "%s", "cannot make the PDF: out of memory");
		goto out;
	}
	advances(&d);
	texts(&d);
	blocks(&d);
	if (!d.oom)
		paginate(&d);
	if (d.oom) {
		sv_err_set(err, "%s", "cannot make the PDF: out of memory");
		goto out;
	}

	metadata(&d, s);
	draw(&d, s, cr);
	st = cairo_status(cr);
	cairo_destroy(cr);
	cr = NULL;
	rc = pdf_sink_close(&d.sink, s, st, err);
	s = NULL;
out:
	if (cr != NULL)
		cairo_destroy(cr);
	if (s != NULL)
		cairo_surface_destroy(s);
	pdf_free(&d);
	return rc;
}
