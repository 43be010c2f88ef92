/* report_text.c: a board report laid out on paper (report_render_text).
 *
 * The layout is built in two passes: first the body of the report (the
 * title block, the sections and the charts) as a list of lines none wider
 * than the page, then the pages: a header (organisation, board, period), the
 * body lines that fit, empty lines to fill the page, and a footer with
 * "Page N of M"; a page break (a form feed) between two pages.  With a page
 * length of 0 the body is one long page without header or footer.
 *
 * Widths are display columns (utf8_width: a wide character counts 2).
 * Text from the data is sanitised first (utf8_sanitize), so no control,
 * bidi or zero-width character reaches the paper.  Money is never cut: a
 * money column is as wide as its widest value and the text columns give
 * way; where even that does not fit, a table puts its text on one line and
 * its figures on the next, and failing that one figure a line. */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/db.h"
#include "svdesk/money.h"
#include "svdesk/period.h"
#include "svdesk/record.h"
#include "svdesk/report.h"
#include "svdesk/report_outline.h"
#include "svdesk/utf8.h"

#define WIDTH_MIN 40
#define WIDTH_MAX 250
#define HEAD_LINES 3      /* organisation / board and period, a rule, an empty line */
#define FOOT_LINES 2      /* an empty line, "Page N of M" */
#define PAGE_MIN 10       /* the shortest page: header, footer and five lines */
#define GAP 2             /* spaces between two columns */
#define TEXT_MIN 8        /* a text column is not cut narrower than this */
#define LABEL_COLS 18     /* the labels of the title block and headline */
#define ANSWER_LABEL 2    /* a questionnaire answer's topic, under its contract */
#define ANSWER_TEXT 4     /* and its text, when it needs lines of its own */

/* ---- text measures ------------------------------------------------------ */

/* Display columns of s[0..n).  The text is sanitised already; a character
 * the locale cannot show counts as one column. */
static int cols_n(const char *s, size_t n)
{
	size_t i = 0;
	int c = 0;

	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp, NULL);
		int w;

		if (k == 0) {
			c++;
			i++;
			continue;
		}
		w = utf8_width(cp);
		c += w < 0 ? 1 : w;
		i += k;
	}
	return c;
}

static int cols(const char *s)
{
	return s != NULL ? cols_n(s, strlen(s)) : 0;
}

/* The bytes of the longest prefix of s[0..n) that takes at most max
 * columns; its width in *w. */
static size_t prefix_cols(const char *s, size_t n, int max, int *w)
{
	size_t i = 0;
	int c = 0;

	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp, NULL);
		int cw;

		if (k == 0) {
			k = 1;
			cw = 1;
		} else {
			cw = utf8_width(cp);
			if (cw < 0)
				cw = 1;
		}
		if (c + cw > max)
			break;
		c += cw;
		i += k;
	}
	*w = c;
	return i;
}

/* ---- the context: the lines of the body, and the allocation failure ---- */

#define TCOLS 10

enum { COL_TEXT = 0, COL_FIXED, COL_NUM };

struct col {
	const char *head;
	int kind;            /* COL_TEXT: may be cut; COL_FIXED: text never cut; COL_NUM: right-aligned, never cut */
	int w;
};

struct table {
	struct col col[TCOLS];
	int ncol;
	char **cell;         /* rows x ncol, owned */
	size_t rows, cap;
};

struct bline {
	char *text;
	enum report_line_kind kind;
	int bar_at, bar_len;
	enum report_series series;
	int masked;
	int keep;            /* lines after this one that belong on its page */
};

struct ctx {
	const report *r;
	const report_layout *lay;
	int width;
	const char *ell;     /* the ellipsis */
	int ell_cols;
	struct bline *v;
	size_t n, cap;
	int oom;
	struct table t;      /* the table being built */
};

/* A growing line. */
typedef struct sb {
	char *s;
	size_t n, cap;
	int cols;
} sb;

static void sb_addn(struct ctx *c, sb *b, const char *s, size_t n)
{
	if (c->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 128;
		char *p;

		while (cap < b->n + n + 1)
			cap *= 2;
		p = realloc(b->s, cap);
		if (p == NULL) {
			c->oom = 1;
			return;
		}
		b->s = p;
		b->cap = cap;
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
	b->cols += cols_n(s, n);
}

static void sb_add(struct ctx *c, sb *b, const char *s)
{
	sb_addn(c, b, s, strlen(s));
}

static void sb_rep(struct ctx *c, sb *b, char ch, int k)
{
	char buf[64];

	memset(buf, ch, sizeof buf);
	while (k > 0) {
		int m = k < (int)sizeof buf ? k : (int)sizeof buf;

		sb_addn(c, b, buf, (size_t)m);
		k -= m;
	}
}

/* Up to column col with spaces. */
static void sb_to(struct ctx *c, sb *b, int col)
{
	if (b->cols < col)
		sb_rep(c, b, ' ', col - b->cols);
}

/* s cut to at most max columns: an ellipsis marks the cut. */
static void sb_fit(struct ctx *c, sb *b, const char *s, int max)
{
	size_t n = s != NULL ? strlen(s) : 0, k;
	int w;

	if (max <= 0 || n == 0)
		return;
	if (cols_n(s, n) <= max) {
		sb_addn(c, b, s, n);
		return;
	}
	if (max <= c->ell_cols) {
		k = prefix_cols(s, n, max, &w);
		sb_addn(c, b, s, k);
		return;
	}
	k = prefix_cols(s, n, max - c->ell_cols, &w);
	while (k > 0 && s[k - 1] == ' ')   /* no space before the ellipsis */
		k--;
	sb_addn(c, b, s, k);
	sb_add(c, b, c->ell);
}

/* A field of w columns: s cut to fit, on the left or on the right. */
static void sb_field(struct ctx *c, sb *b, const char *s, int w, int right)
{
	int sw = cols(s), start = b->cols;

	if (right && sw < w)
		sb_rep(c, b, ' ', w - sw);
	sb_fit(c, b, s, w);
	sb_to(c, b, start + w);
}

static void sb_free(sb *b)
{
	free(b->s);
	b->s = NULL;
	b->n = b->cap = 0;
	b->cols = 0;
}

static struct bline *push(struct ctx *c, char *text)
{
	struct bline *l;

	if (c->oom) {
		free(text);
		return NULL;
	}
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 256;
		struct bline *p = realloc(c->v, cap * sizeof *p);

		if (p == NULL) {
			free(text);
			c->oom = 1;
			return NULL;
		}
		c->v = p;
		c->cap = cap;
	}
	l = &c->v[c->n++];
	memset(l, 0, sizeof *l);
	l->text = text;
	l->kind = RLINE_TEXT;
	return l;
}

/* End a line: trailing spaces go; the line joins the body. */
static struct bline *emit(struct ctx *c, sb *b)
{
	char *t;

	if (c->oom) {
		sb_free(b);
		return NULL;
	}
	while (b->n > 0 && b->s[b->n - 1] == ' ')
		b->n--;
	t = malloc(b->n + 1);
	if (t == NULL) {
		c->oom = 1;
		sb_free(b);
		return NULL;
	}
	if (b->n > 0)
		memcpy(t, b->s, b->n);
	t[b->n] = '\0';
	sb_free(b);
	return push(c, t);
}

static void blank(struct ctx *c)
{
	sb b = { 0 };

	emit(c, &b);
}

/* A line of plain text (already safe), cut to the width. */
static struct bline *line(struct ctx *c, const char *s)
{
	sb b = { 0 };

	sb_fit(c, &b, s, c->width);
	return emit(c, &b);
}

/* Text from the data made safe for paper: a new string (NULL on failure,
 * "" for NULL). */
static char *clean(struct ctx *c, const char *s)
{
	size_t n = s != NULL ? strlen(s) : 0;
	char *d = malloc(n + 1);

	if (d == NULL) {
		c->oom = 1;
		return NULL;
	}
	utf8_sanitize(d, n + 1, s != NULL ? s : "", n, '?', 0);
	return d;
}

/* A section heading: an empty line, the title, a rule under it; kept with
 * the lines that follow (keep). */
static void heading(struct ctx *c, const char *title, int keep)
{
	sb b = { 0 };
	struct bline *l;
	int w;

	blank(c);
	sb_fit(c, &b, title, c->width);
	w = b.cols;
	l = emit(c, &b);
	if (l != NULL)
		l->keep = 1 + keep;
	sb_rep(c, &b, '-', w);
	l = emit(c, &b);
	if (l != NULL)
		l->keep = keep;
}

/* Words of s (safe text) wrapped at width - indent columns, the first line
 * after first (a label, or NULL), the rest indented; a word longer than a
 * line is broken.  Returns the number of lines. */
static int wrap(struct ctx *c, const char *first, int indent, const char *s, int masked)
{
	size_t n = strlen(s), i = 0;
	int avail = c->width - indent, lines = 0;
	sb b = { 0 };

	if (avail < 1)
		avail = 1;
	if (first != NULL)
		sb_add(c, &b, first);
	sb_to(c, &b, indent);
	while (i < n || lines == 0) {
		size_t start, k, fit_end = 0;
		int w = 0, used = 0;

		while (i < n && s[i] == ' ')
			i++;
		start = i;
		/* the longest run of whole words that fits */
		while (i < n) {
			size_t e = i;
			int ww;

			while (e < n && s[e] == ' ')
				e++;
			while (e < n && s[e] != ' ')
				e++;
			ww = cols_n(s + start, e - start);
			if (ww > avail)
				break;
			fit_end = e;
			used = ww;
			i = e;
		}
		if (fit_end == 0 || fit_end == start) {
			/* one word too long for a line: break it */
			k = prefix_cols(s + start, n - start, avail, &w);
			if (k == 0 && start < n)
				k = 1;
			fit_end = start + k;
			used = w;
			i = fit_end;
		}
		(void)used;
		sb_addn(c, &b, s + start, fit_end - start);
		{
			struct bline *l = emit(c, &b);

			if (l != NULL)
				l->masked = masked;
		}
		lines++;
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		sb_to(c, &b, indent);
	}
	return lines;
}

/* "Label:          value" with the value wrapped under itself. */
static void label_value(struct ctx *c, const char *label, const char *value, int masked)
{
	char lab[64];

	snprintf(lab, sizeof lab, "%s:", label);
	wrap(c, lab, LABEL_COLS, value, masked);
}

static const char *money(struct ctx *c, sv_pence v, char *buf, size_t n)
{
	return money_format(v, c->lay->money, buf, n);
}

/* ---- tables ------------------------------------------------------------- */

static void t_col(struct table *t, const char *head, int kind)
{
	t->col[t->ncol].head = head;
	t->col[t->ncol].kind = kind;
	t->col[t->ncol].w = cols(head);
	t->ncol++;
}

/* Add a row: ncol strings (copied; text is sanitised). */
static void t_row(struct ctx *c, struct table *t, const char *const *v)
{
	if (c->oom)
		return;
	if (t->rows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **p = realloc(t->cell, cap * (size_t)t->ncol * sizeof *p);

		if (p == NULL) {
			c->oom = 1;
			return;
		}
		t->cell = p;
		t->cap = cap;
	}
	for (int i = 0; i < t->ncol; i++) {
		char *s = clean(c, v[i]);

		t->cell[t->rows * (size_t)t->ncol + (size_t)i] = s;
		if (s != NULL && cols(s) > t->col[i].w)
			t->col[i].w = cols(s);
	}
	if (c->oom) {
		for (int i = 0; i < t->ncol; i++)
			free(t->cell[t->rows * (size_t)t->ncol + (size_t)i]);
		return;
	}
	t->rows++;
}

static void t_free(struct table *t)
{
	for (size_t i = 0; i < t->rows * (size_t)t->ncol; i++)
		free(t->cell[i]);
	free(t->cell);
	t->cell = NULL;
	t->rows = t->cap = 0;
}

/* The sum of the widths of the columns of kind mask (or all), with gaps. */
static int t_span(const struct table *t, const int *w, int want_num)
{
	int s = 0, k = 0;

	for (int i = 0; i < t->ncol; i++) {
		if (want_num >= 0 && (t->col[i].kind == COL_NUM) != want_num)
			continue;
		s += w[i];
		k++;
	}
	return k > 0 ? s + GAP * (k - 1) : 0;
}

/* Shrink the COL_TEXT columns among those selected until the span fits
 * avail (none narrower than TEXT_MIN or its natural width).  0 when it
 * fits. */
static int t_shrink(const struct table *t, int *w, int want_num, int avail)
{
	for (;;) {
		int over = t_span(t, w, want_num) - avail, widest = -1;

		if (over <= 0)
			return 0;
		for (int i = 0; i < t->ncol; i++) {
			if (t->col[i].kind != COL_TEXT ||
			    (want_num >= 0 && (t->col[i].kind == COL_NUM) != want_num))
				continue;
			if (w[i] > TEXT_MIN && (widest < 0 || w[i] > w[widest]))
				widest = i;
		}
		if (widest < 0)
			return -1;
		w[widest]--;
	}
}

/* One line of the cells of the selected columns (want_num: 1 the numbers,
 * 0 the text, -1 all), starting at column indent. */
static struct bline *t_line(struct ctx *c, const struct table *t, const int *w,
			    const char *const *cells, int want_num, int indent)
{
	sb b = { 0 };
	int first = 1;

	sb_rep(c, &b, ' ', indent);
	for (int i = 0; i < t->ncol; i++) {
		if (want_num >= 0 && (t->col[i].kind == COL_NUM) != want_num)
			continue;
		if (!first)
			sb_rep(c, &b, ' ', GAP);
		first = 0;
		sb_field(c, &b, cells[i], w[i], t->col[i].kind == COL_NUM);
	}
	return emit(c, &b);
}

static void t_rule(struct ctx *c, int span, int indent)
{
	sb b = { 0 };
	struct bline *l;

	sb_rep(c, &b, ' ', indent);
	sb_rep(c, &b, '-', span);
	l = emit(c, &b);
	(void)l;
}

/* Lay the table out: one line a row when it fits; else the text on a line
 * and the figures under it; else a line a figure.  An empty table is
 * "none". */
static void t_render(struct ctx *c, struct table *t)
{
	const char *heads[TCOLS];
	int w[TCOLS];
	struct bline *l;

	if (c->oom)
		return;
	if (t->rows == 0) {
		line(c, "none");
		return;
	}
	for (int i = 0; i < t->ncol; i++) {
		heads[i] = t->col[i].head;
		w[i] = t->col[i].w;
	}
	if (t_shrink(t, w, -1, c->width) == 0) {
		l = t_line(c, t, w, heads, -1, 0);
		if (l != NULL)
			l->keep = 2;
		t_rule(c, t_span(t, w, -1), 0);
		for (size_t r = 0; r < t->rows; r++)
			t_line(c, t, w, (const char *const *)&t->cell[r * (size_t)t->ncol], -1, 0);
		return;
	}
	/* text above, figures below (indented by two) */
	for (int i = 0; i < t->ncol; i++)
		w[i] = t->col[i].w;
	if (t_shrink(t, w, 0, c->width) == 0 && t_span(t, w, 1) + 2 <= c->width) {
		l = t_line(c, t, w, heads, 0, 0);
		if (l != NULL)
			l->keep = 3;
		l = t_line(c, t, w, heads, 1, 2);
		if (l != NULL)
			l->keep = 3;
		t_rule(c, t_span(t, w, 1) + 2 > t_span(t, w, 0) ? t_span(t, w, 1) + 2
		       : t_span(t, w, 0), 0);
		for (size_t r = 0; r < t->rows; r++) {
			const char *const *row = (const char *const *)&t->cell[r * (size_t)t->ncol];

			l = t_line(c, t, w, row, 0, 0);
			if (l != NULL)
				l->keep = 1;
			t_line(c, t, w, row, 1, 2);
		}
		return;
	}
	/* a line a figure */
	{
		int lw = 0, vw = 0;

		for (int i = 0; i < t->ncol; i++) {
			if (t->col[i].kind != COL_NUM)
				continue;
			if (cols(t->col[i].head) > lw)
				lw = cols(t->col[i].head);
			if (t->col[i].w > vw)
				vw = t->col[i].w;
		}
		if (2 + lw + GAP + vw > c->width)
			lw = c->width - 2 - GAP - vw;
		for (size_t r = 0; r < t->rows; r++) {
			const char *const *row = (const char *const *)&t->cell[r * (size_t)t->ncol];
			sb b = { 0 };
			int first = 1, nnum = 0;

			for (int i = 0; i < t->ncol; i++) {
				int reserve = 0;

				if (t->col[i].kind == COL_NUM) {
					nnum++;
					continue;
				}
				if (row[i][0] == '\0')
					continue;
				if (!first)
					sb_add(c, &b, "  ");
				first = 0;
				/* room for the cells after this one: a fixed
				 * cell whole, a text cell at least TEXT_MIN */
				for (int j = i + 1; j < t->ncol; j++) {
					int cw = cols(row[j]);

					if (t->col[j].kind == COL_NUM || cw == 0)
						continue;
					reserve += GAP + (t->col[j].kind == COL_FIXED || cw < TEXT_MIN
							  ? cw : TEXT_MIN);
				}
				sb_fit(c, &b, row[i], t->col[i].kind == COL_FIXED ? c->width - b.cols
				       : c->width - b.cols - reserve);
			}
			l = emit(c, &b);
			if (l != NULL)
				l->keep = nnum;
			for (int i = 0; i < t->ncol; i++) {
				if (t->col[i].kind != COL_NUM)
					continue;
				sb_rep(c, &b, ' ', 2);
				sb_field(c, &b, t->col[i].head, lw, 0);
				sb_rep(c, &b, ' ', GAP);
				sb_field(c, &b, row[i], vw, 1);
				emit(c, &b);
			}
		}
	}
}

/* ---- charts ------------------------------------------------------------- */

static const char series_char[] = { '=', '+', '#', '#' };

/* The length of a bar for v on a scale where max fills len columns:
 * rounded, and at least one column for a value above zero. */
static int bar_cols(sv_pence v, sv_pence max, int len)
{
	sv_pence k;

	if (v <= 0 || max <= 0 || len <= 0)
		return 0;
	if (v >= max)
		return len;
	/* v < max <= ~9.2e18 / 250 cannot overflow for real money; divide
	 * first when it would */
	if (max > INT64_MAX / WIDTH_MAX)
		k = v / (max / len);
	else
		k = (v * len + max / 2) / max;
	if (k < 1)
		k = 1;
	if (k > len)
		k = len;
	return (int)k;
}

/* A bar line: label in the first label_w columns, the bar from there, the
 * value right-aligned at the end of the line. */
static void bar_line(struct ctx *c, const char *label, int label_w, sv_pence v, sv_pence max,
		     int value_w, enum report_series s)
{
	char buf[40];
	sb b = { 0 };
	int room = c->width - label_w - 2 - 1 - value_w, len;
	struct bline *l;

	if (room < 1)
		room = 1;
	len = bar_cols(v, max, room);
	sb_field(c, &b, label, label_w, 0);
	sb_add(c, &b, " |");
	sb_rep(c, &b, series_char[s], len);
	sb_to(c, &b, c->width - value_w);
	sb_field(c, &b, money(c, v, buf, sizeof buf), value_w, 1);
	l = emit(c, &b);
	if (l != NULL) {
		l->kind = RLINE_BAR;
		l->bar_at = label_w + 2;
		l->bar_len = len;
		l->series = s;
	}
}

static int money_cols(struct ctx *c, sv_pence v)
{
	char buf[40];

	return cols(money(c, v, buf, sizeof buf));
}

static void chart_themes(struct ctx *c, const char *heading_text)
{
	const report *r = c->r;
	int q = report_board_quarterly(r->p.board);
	sv_pence max = 0;
	int vw = 0;
	static const char *const names[] = { "committed", "delivered", "validated" };

	heading(c, heading_text, 3);
	if (r->themes.n == 0) {
		line(c, "none");
		return;
	}
	{
		char leg[128];

		snprintf(leg, sizeof leg, "%c %s   %c %s   %c %s", series_char[0], names[0],
			 series_char[1], names[1], series_char[2], names[2]);
		line(c, leg);
	}
	for (size_t i = 0; i < r->themes.n; i++) {
		const report_fig *f = &r->themes.v[i].fig;
		sv_pence v[3] = { f->committed, q ? f->delivered_ytd : f->delivered,
				  q ? f->validated_ytd : f->validated };

		for (int k = 0; k < 3; k++) {
			if (v[k] > max)
				max = v[k];
			if (money_cols(c, v[k]) > vw)
				vw = money_cols(c, v[k]);
		}
	}
	for (size_t i = 0; i < r->themes.n; i++) {
		const report_row *row = &r->themes.v[i];
		const report_fig *f = &row->fig;
		sv_pence v[3] = { f->committed, q ? f->delivered_ytd : f->delivered,
				  q ? f->validated_ytd : f->validated };
		char *key = clean(c, row->key), *title = clean(c, row->title);
		sb b = { 0 };
		struct bline *l;

		blank(c);
		sb_fit(c, &b, key, c->width);
		if (title != NULL && title[0] != '\0' && b.cols + 3 < c->width) {
			sb_add(c, &b, ": ");
			sb_fit(c, &b, title, c->width - b.cols);
		}
		l = emit(c, &b);
		if (l != NULL)
			l->keep = 3;
		free(key);
		free(title);
		for (int k = 0; k < 3; k++)
			bar_line(c, names[k], 10, v[k], max, vw, (enum report_series)k);
	}
}

static void chart_trend(struct ctx *c, const char *title)
{
	const report *r = c->r;
	sv_pence max = 0;
	int vw = 0;

	heading(c, title, REPORT_TREND_N);
	for (int i = 0; i < REPORT_TREND_N; i++) {
		if (r->trend[i].validated > max)
			max = r->trend[i].validated;
		if (money_cols(c, r->trend[i].validated) > vw)
			vw = money_cols(c, r->trend[i].validated);
	}
	for (int i = 0; i < REPORT_TREND_N; i++) {
		char qb[16];

		if (r->trend[i].q.fy == 0) {
			line(c, "none");
			continue;
		}
		quarter_format(r->trend[i].q, ' ', qb);
		bar_line(c, qb, 10, r->trend[i].validated, max, vw, SERIES_TREND);
	}
	{
		char leg[64];

		snprintf(leg, sizeof leg, "%c validated", series_char[SERIES_TREND]);
		line(c, leg);
	}
}

/* ---- the sections: report_outline's hooks ------------------------------ */

static void o_field(void *u, const char *label, const char *value, int masked)
{
	struct ctx *c = u;
	char *s = clean(c, value);

	if (s != NULL)
		label_value(c, label, s, masked);
	free(s);
}

static void o_heading(void *u, const char *title, int keep)
{
	heading(u, title, keep);
}

static void o_text(void *u, const char *s)
{
	struct ctx *c = u;
	char *t = clean(c, s);

	if (t != NULL)
		wrap(c, NULL, 0, t, 0);
	free(t);
}

/* The headline: the labels in 24 columns (fewer on a narrow page), two
 * spaces, the figures right-aligned in one column. */
static void o_figures(void *u, const char *const *labels, const char *const *values, int n)
{
	struct ctx *c = u;
	int lw = 24, vw = 0;
	sb b = { 0 };

	for (int i = 0; i < n; i++)
		if (cols(values[i]) > vw)
			vw = cols(values[i]);
	if (lw + GAP + vw > c->width)
		lw = c->width - GAP - vw;
	for (int i = 0; i < n; i++) {
		sb_field(c, &b, labels[i], lw, 0);
		sb_rep(c, &b, ' ', GAP);
		sb_field(c, &b, values[i], vw, 1);
		emit(c, &b);
	}
}

static void o_table_begin(void *u, const outline_table *ot)
{
	struct ctx *c = u;
	static const int kind[] = { [OCOL_TEXT] = COL_TEXT, [OCOL_FIXED] = COL_FIXED,
				    [OCOL_NUM] = COL_NUM };

	memset(&c->t, 0, sizeof c->t);
	for (int i = 0; i < ot->ncol && i < TCOLS; i++)
		t_col(&c->t, ot->head[i], kind[ot->kind[i]]);
}

static void o_row(void *u, const char *const *cells)
{
	struct ctx *c = u;

	t_row(c, &c->t, cells);
}

static void o_table_end(void *u)
{
	struct ctx *c = u;

	t_render(c, &c->t);
	t_free(&c->t);
}

static void o_chart(void *u, enum outline_chart ch, const char *title)
{
	if (ch == OUTLINE_CHART_THEMES)
		chart_themes(u, title);
	else
		chart_trend(u, title);
}

static void o_highlight(void *u, const char *text)
{
	struct ctx *c = u;
	char *s = clean(c, text);

	if (s != NULL)
		wrap(c, "-", 2, s, 0);
	free(s);
}

/* One answer under its contract (the contract's line before its first
 * answer): "  Label: answer" on one line when it fits (a count always
 * does), else the label and the answer wrapped under it. */
static void o_answer(void *u, const char *a_ref, const char *a_supplier, const char *a_topic,
		     const char *a_answer, int first_of_contract)
{
	struct ctx *c = u;
	char *ref = clean(c, a_ref), *sup = clean(c, a_supplier), *topic = clean(c, a_topic),
		*ans = clean(c, a_answer);
	sb b = { 0 };

	if (ref == NULL || sup == NULL || topic == NULL || ans == NULL)
		goto out;
	if (first_of_contract) {
		blank(c);
		sb_add(c, &b, ref);
		sb_add(c, &b, "  ");
		sb_add(c, &b, sup);
		/* the contract's line stays with its first answer */
		if (!c->oom && wrap(c, NULL, 0, b.s, 0) > 0 && c->n > 0)
			c->v[c->n - 1].keep = 1;
		sb_free(&b);
	}
	sb_add(c, &b, topic);
	sb_add(c, &b, ":");
	if (c->oom)
		goto out;
	if (ANSWER_LABEL + b.cols + 1 + cols_n(ans, strlen(ans)) <= c->width) {
		sb_add(c, &b, " ");
		sb_add(c, &b, ans);
		if (!c->oom)
			wrap(c, NULL, ANSWER_LABEL, b.s, 0);
		goto out;
	}
	if (wrap(c, NULL, ANSWER_LABEL, b.s, 0) > 0 && c->n > 0)
		c->v[c->n - 1].keep = 1;
	wrap(c, NULL, ANSWER_TEXT, ans, 0);
out:
	sb_free(&b);
	free(ref);
	free(sup);
	free(topic);
	free(ans);
}

static void o_end(void *u)
{
	struct ctx *c = u;

	blank(c);
	line(c, "End of report.");
}

static const outline_ops text_ops = {
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

static void sections(struct ctx *c)
{
	if (report_outline(c->r, c->lay->money, &text_ops, c) != 0)
		c->oom = 1;
}

/* ---- the title block ---------------------------------------------------- */

static void title_block(struct ctx *c)
{
	const report *r = c->r;
	sb b = { 0 };

	line(c, report_board_title(r->p.board));
	{
		struct bline *l = c->n > 0 ? &c->v[c->n - 1] : NULL;
		int w = l != NULL ? cols(l->text) : 0;

		sb_rep(c, &b, '=', w);
		emit(c, &b);
	}
	blank(c);
	if (report_outline_title(r, &text_ops, c) != 0)
		c->oom = 1;
}

/* ---- pages -------------------------------------------------------------- */

static int out_push(struct ctx *c, report_text *out, size_t *cap, enum report_line_kind kind,
		    char *text, const struct bline *from)
{
	report_line *l;

	if (text == NULL) {
		c->oom = 1;
		return -1;
	}
	if (out->n == *cap) {
		size_t nc = *cap ? *cap * 2 : 256;
		report_line *p = realloc(out->lines, nc * sizeof *p);

		if (p == NULL) {
			free(text);
			c->oom = 1;
			return -1;
		}
		out->lines = p;
		*cap = nc;
	}
	l = &out->lines[out->n++];
	memset(l, 0, sizeof *l);
	l->kind = kind;
	l->text = text;
	if (from != NULL) {
		l->kind = from->kind;
		l->bar_at = from->bar_at;
		l->bar_len = from->bar_len;
		l->series = from->series;
		l->masked = from->masked;
	}
	return 0;
}

static char *dup_sb(struct ctx *c, sb *b)
{
	char *t;

	if (c->oom) {
		sb_free(b);
		return NULL;
	}
	while (b->n > 0 && b->s[b->n - 1] == ' ')
		b->n--;
	t = malloc(b->n + 1);
	if (t != NULL) {
		if (b->n)
			memcpy(t, b->s, b->n);
		t[b->n] = '\0';
	}
	sb_free(b);
	return t;
}

static char *empty_text(void)
{
	return calloc(1, 1);
}

/* The page header: the organisation on the left, the board and period on
 * the right, a rule, an empty line. */
static void page_head(struct ctx *c, report_text *out, size_t *cap)
{
	const report *r = c->r;
	char per[16], right[128], *org = clean(c, r->org_name);
	sb b = { 0 };
	int rw;

	report_period_short(&r->p, per);
	snprintf(right, sizeof right, "%s %s", report_board_title(r->p.board), per);
	rw = cols(right);
	if (rw > c->width) {
		snprintf(right, sizeof right, "%s %s", report_board_code(r->p.board), per);
		rw = cols(right);
	}
	if (org != NULL && rw + 2 < c->width)
		sb_fit(c, &b, org, c->width - rw - 2);
	free(org);
	sb_to(c, &b, c->width - rw);
	sb_add(c, &b, right);
	out_push(c, out, cap, RLINE_TEXT, dup_sb(c, &b), NULL);
	sb_rep(c, &b, '-', c->width);
	out_push(c, out, cap, RLINE_TEXT, dup_sb(c, &b), NULL);
	out_push(c, out, cap, RLINE_TEXT, empty_text(), NULL);
}

static void page_foot(struct ctx *c, report_text *out, size_t *cap, int page, int pages)
{
	char buf[64];
	sb b = { 0 };
	int w;

	snprintf(buf, sizeof buf, "Page %d of %d", page, pages);
	w = cols(buf);
	out_push(c, out, cap, RLINE_TEXT, empty_text(), NULL);
	sb_to(c, &b, (c->width - w) / 2);
	sb_add(c, &b, buf);
	out_push(c, out, cap, RLINE_TEXT, dup_sb(c, &b), NULL);
}

/* Where each page starts (indexes into the body); returns the count. */
static size_t paginate(struct ctx *c, size_t **starts)
{
	int room = c->lay->page_length - HEAD_LINES - FOOT_LINES;
	size_t n = 0, cap = 16, i = 0;
	size_t *s = malloc(cap * sizeof *s);

	if (s == NULL) {
		c->oom = 1;
		return 0;
	}
	/* what a line keeps with it includes what those lines keep: a
	 * heading stays with a table row that stays with its figures */
	for (size_t k = c->n; k-- > 0;) {
		int eff = c->v[k].keep;

		for (int j = 1; j <= c->v[k].keep && k + (size_t)j < c->n; j++)
			if (j + c->v[k + (size_t)j].keep > eff)
				eff = j + c->v[k + (size_t)j].keep;
		c->v[k].keep = eff;
	}
	while (i < c->n || n == 0) {
		int used = 0;

		if (n == cap) {
			size_t *p = realloc(s, cap * 2 * sizeof *p);

			if (p == NULL) {
				free(s);
				c->oom = 1;
				return 0;
			}
			s = p;
			cap *= 2;
		}
		/* no empty lines at the top of a page after the first */
		while (n > 0 && i < c->n && c->v[i].text[0] == '\0')
			i++;
		s[n++] = i;
		while (i < c->n && used < room) {
			int keep = c->v[i].keep;

			/* a heading and what belongs with it go to the next
			 * page together, when they fit on one */
			if (used > 0 && keep > 0 && keep + 1 <= room && used + keep + 1 > room)
				break;
			used++;
			i++;
		}
		if (i >= c->n)
			break;
	}
	*starts = s;
	return n;
}

int report_render_text(const report *r, const report_layout *lay, report_text *out,
		       sv_err *err)
{
	struct ctx c;
	size_t cap = 0;

	memset(out, 0, sizeof *out);
	if (lay->width < WIDTH_MIN || lay->width > WIDTH_MAX)
		return sv_err_set(err, "report: a page is %d to %d columns wide, not %d", WIDTH_MIN,
				  WIDTH_MAX, lay->width);
	if (lay->page_length != 0 && lay->page_length < PAGE_MIN)
		return sv_err_set(err, "report: a page is at least %d lines long (or 0 for no pages), "
				  "not %d", PAGE_MIN, lay->page_length);
	memset(&c, 0, sizeof c);
	c.r = r;
	c.lay = lay;
	c.width = lay->width;
	if (lay->money == MONEY_GBP) {
		c.ell = "...";
		c.ell_cols = 3;
	} else {
		c.ell = "\xe2\x80\xa6";
		c.ell_cols = 1;
	}
	title_block(&c);
	sections(&c);
	if (!c.oom && lay->page_length == 0) {
		for (size_t i = 0; i < c.n && !c.oom; i++) {
			if (out_push(&c, out, &cap, RLINE_TEXT, c.v[i].text, &c.v[i]) == 0)
				c.v[i].text = NULL;
		}
		out->pages = 1;
	} else if (!c.oom) {
		size_t *starts = NULL, pages = paginate(&c, &starts);
		int room = lay->page_length - HEAD_LINES - FOOT_LINES;

		for (size_t p = 0; p < pages && !c.oom; p++) {
			size_t end = p + 1 < pages ? starts[p + 1] : c.n;
			int used = 0;

			if (p > 0)
				out_push(&c, out, &cap, RLINE_PAGE, empty_text(), NULL);
			page_head(&c, out, &cap);
			for (size_t i = starts[p]; i < end && !c.oom; i++) {
				/* skipped empty lines at the top of the next page */
				if (used >= room)
					break;
				if (out_push(&c, out, &cap, RLINE_TEXT, c.v[i].text, &c.v[i]) == 0)
					c.v[i].text = NULL;
				used++;
			}
			for (; used < room && !c.oom; used++)
				out_push(&c, out, &cap, RLINE_TEXT, empty_text(), NULL);
			page_foot(&c, out, &cap, (int)p + 1, (int)pages);
		}
		out->pages = (int)pages;
		free(starts);
	}
	for (size_t i = 0; i < c.n; i++)
		free(c.v[i].text);
	free(c.v);
	if (c.oom) {
		report_text_free(out);
		return sv_err_set(err, "report: out of memory laying the text out");
	}
	return 0;
}

void report_text_free(report_text *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->lines[i].text);
	free(t->lines);
	t->lines = NULL;
	t->n = 0;
	t->pages = 0;
}

int report_text_write(const report_text *t, FILE *f)
{
	for (size_t i = 0; i < t->n; i++) {
		const report_line *l = &t->lines[i];

		if (l->kind == RLINE_PAGE) {
			if (fputc('\f', f) == EOF)
				return -1;
			continue;
		}
		if (fputs(l->text, f) == EOF || fputc('\n', f) == EOF)
			return -1;
	}
	return fflush(f) == EOF ? -1 : 0;
}
