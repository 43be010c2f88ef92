/* report_chart.c: the charts of the board pack, drawn as vectors with
 * cairo, every text through pango (DejaVu Sans).
 *
 *   themes  committed / delivered / validated £SV by theme, grouped columns
 *           (a quarterly board's delivered and validated are year to date);
 *           past the themes that fit across, the groups go on more panels
 *   trend   validated £SV of the eight quarters ending with the report's
 *   rag     contracts by RAG status, horizontal bars with the word and the
 *           count
 *
 * Legible in greyscale: the three series are a light fill, a hatching and
 * a dark fill, named in a legend; RAG bars carry their word.  Every figure
 * is written as a label.  Money is turned into doubles only to place
 * things on the page; the labels are made from the integer pence.  Data
 * from the database (theme keys) is sanitised before it reaches the page,
 * and hostile values (negative, near INT64_MAX) are clamped, never divided
 * by zero. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "report_pdf_private.h"
#include "svdesk/period.h"
#include "svdesk/utf8.h"

#define HALF_PI 1.57079632679489661923

/* Font sizes (points). */
#define FS_TITLE 10.5
#define FS_SUB 7.5
#define FS_AXIS 7.0
#define FS_VALUE 6.5

/* The narrowest a theme's group of three columns may be: three rotated
 * value labels side by side. */
#define GROUP_MIN_W 30.0
/* The widest a column may be. */
#define COL_MAX_W 26.0
/* A clean copy of a text from the data: at most this many bytes. */
#define KEY_MAX 160

const char *report_chart_name(enum report_chart c)
{
	static const char *const names[CHART_COUNT] = { "themes", "trend", "rag" };

	return (unsigned)c < CHART_COUNT ? names[c] : "?";
}

/* ---- text ------------------------------------------------------------------ */

struct pen {
	cairo_t *cr;
	PangoLayout *lay;
	PangoFontDescription *font;
};

enum align { AL_LEFT, AL_CENTER, AL_RIGHT };

static int pen_open(struct pen *p, cairo_t *cr)
{
	cairo_font_options_t *fo;
	PangoContext *ctx;

	p->cr = cr;
	p->lay = pango_cairo_create_layout(cr);
	p->font = pango_font_description_new();
	if (p->lay == NULL || p->font == NULL)
		return -1;
	pango_font_description_set_family(p->font, PDF_FONT_SANS);
	/* Outlines as they are, at any scale: the same layout on paper,
	 * on screen and in the golden images. */
	fo = cairo_font_options_create();
	cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
	cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
	ctx = pango_layout_get_context(p->lay);
	pango_cairo_context_set_font_options(ctx, fo);
	cairo_font_options_destroy(fo);
	pango_layout_context_changed(p->lay);
	return 0;
}

static void pen_close(struct pen *p)
{
	if (p->lay != NULL)
		g_object_unref(p->lay);
	if (p->font != NULL)
		pango_font_description_free(p->font);
	p->lay = NULL;
	p->font = NULL;
}

/* Lay out s (safe UTF-8) at size points; bold; at most maxw points wide
 * (0: as wide as it is) on at most lines lines, cut with an ellipsis;
 * al aligns the lines within maxw. */
static void lay(struct pen *p, const char *s, double size, int bold, double maxw, int lines,
		enum align al)
{
	pango_font_description_set_absolute_size(p->font, size * PANGO_SCALE);
	pango_font_description_set_weight(p->font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(p->lay, p->font);
	if (maxw > 0) {
		pango_layout_set_width(p->lay, (int)(maxw * PANGO_SCALE));
		pango_layout_set_wrap(p->lay, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_END);
		pango_layout_set_height(p->lay, -(lines > 0 ? lines : 1));
	} else {
		pango_layout_set_width(p->lay, -1);
		pango_layout_set_ellipsize(p->lay, PANGO_ELLIPSIZE_NONE);
		pango_layout_set_height(p->lay, -1);
	}
	pango_layout_set_alignment(p->lay, al == AL_CENTER ? PANGO_ALIGN_CENTER :
				   al == AL_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
	pango_layout_set_text(p->lay, s, -1);
}

/* The laid-out text's logical size in points. */
static void extent(struct pen *p, double *w, double *h)
{
	PangoRectangle lr;

	pango_layout_get_extents(p->lay, NULL, &lr);
	if (w != NULL)
		*w = (double)lr.width / PANGO_SCALE;
	if (h != NULL)
		*h = (double)lr.height / PANGO_SCALE;
}

static double text_w(struct pen *p, const char *s, double size, int bold)
{
	double w;

	lay(p, s, size, bold, 0, 1, AL_LEFT);
	extent(p, &w, NULL);
	return w;
}

static double text_h(struct pen *p, double size)
{
	double h;

	lay(p, "Ag", size, 0, 0, 1, AL_LEFT);
	extent(p, NULL, &h);
	return h;
}

/* Draw the laid-out text with its top at y: horizontally at x as al says
 * (with maxw the box [x, x + maxw) for left, centred on x, or ending at
 * x).  Returns its height. */
static double show(struct pen *p, double x, double y, enum align al, double maxw)
{
	double w, h, left;

	extent(p, &w, &h);
	if (maxw > 0)
		left = al == AL_CENTER ? x - maxw / 2 : al == AL_RIGHT ? x - maxw : x;
	else
		left = al == AL_CENTER ? x - w / 2 : al == AL_RIGHT ? x - w : x;
	cairo_move_to(p->cr, left, y);
	pango_cairo_show_layout(p->cr, p->lay);
	return h;
}

/* Text s in one call: returns its height. */
static double text(struct pen *p, const char *s, double size, int bold, double x, double y,
		   enum align al, double maxw, int lines)
{
	lay(p, s, size, bold, maxw, lines, al);
	return show(p, x, y, al, maxw);
}

/* Text s turned a quarter left (reading upwards), centred across on x,
 * its start at y (it runs up from there); or centred up and down on y
 * when mid. */
static void text_up(struct pen *p, const char *s, double size, int bold, double x, double y,
		    int mid, double maxw)
{
	double w, h;

	lay(p, s, size, bold, maxw, 1, AL_LEFT);
	extent(p, &w, &h);
	cairo_save(p->cr);
	cairo_translate(p->cr, x - h / 2, mid ? y + w / 2 : y);
	cairo_rotate(p->cr, -HALF_PI);
	pango_cairo_update_layout(p->cr, p->lay);
	cairo_move_to(p->cr, 0, 0);
	pango_cairo_show_layout(p->cr, p->lay);
	cairo_restore(p->cr);
	pango_cairo_update_layout(p->cr, p->lay);
}

/* A text from the data made safe for the page: control, bidi and
 * zero-width characters and invalid bytes become '?', cut to KEY_MAX
 * bytes at a character boundary. */
static void clean(char *dst, size_t size, const char *s)
{
	if (s == NULL)
		s = "";
	utf8_sanitize(dst, size, s, strnlen(s, KEY_MAX * 4), '?', 0);
}

/* ---- numbers ---------------------------------------------------------------- */

static uint64_t pence_of(sv_pence v)
{
	return v > 0 ? (uint64_t)v : 0;
}

/* v with its thousands grouped: "12,345". */
static char *count_format(uint64_t v, char *buf, size_t n)
{
	char d[24];
	size_t len, o = 0;

	len = (size_t)snprintf(d, sizeof d, "%llu", (unsigned long long)v);
	for (size_t i = 0; i < len && o + 2 < n; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = d[i];
	}
	buf[o] = '\0';
	return buf;
}

/* v (in units of which one makes 1: 100 for pence, 1 for counts), short
 * and to three figures after pre: "£0", "<£1", "£640", "£12.5k", "£790k",
 * "£1.09m", "£2bn", "£922tn"; counts below 10,000 whole ("9,999"). */
static char *short_num(uint64_t v, uint64_t one, const char *pre, char *buf, size_t n)
{
	static const struct {
		uint64_t mult;
		const char *suffix;
	} units[] = {
		{ UINT64_C(1000), "k" },
		{ UINT64_C(1000000), "m" },
		{ UINT64_C(1000000000), "bn" },
		{ UINT64_C(1000000000000), "tn" },
	};
	const size_t nu = sizeof units / sizeof units[0];
	char g[32];

	if (v == 0) {
		snprintf(buf, n, "%s0", pre);
		return buf;
	}
	if (v < one) {
		snprintf(buf, n, "<%s1", pre);
		return buf;
	}
	if (one == 1 ? v < 10000 : v < 1000 * one - one / 2) {
		snprintf(buf, n, "%s%s", pre, count_format((v + one / 2) / one, g, sizeof g));
		return buf;
	}
	for (size_t i = 0; i < nu; i++) {
		uint64_t u = units[i].mult * one, whole = v / u, div, q, p10;
		int d = whole >= 100 ? 0 : whole >= 10 ? 1 : 2;

		if (whole >= 1000 && i + 1 < nu)
			continue;
		p10 = d == 0 ? 1 : d == 1 ? 10 : 100;
		div = u / p10;
		q = v / div + (v % div >= div / 2);
		if (q >= 1000 * p10 && i + 1 < nu)
			continue;
		if (d == 0 || q % p10 == 0)
			snprintf(buf, n, "%s%s%s", pre, count_format(q / p10, g, sizeof g),
				 units[i].suffix);
		else if (d == 2 && q % 10 != 0)
			snprintf(buf, n, "%s%llu.%02llu%s", pre, (unsigned long long)(q / p10),
				 (unsigned long long)(q % p10), units[i].suffix);
		else
			snprintf(buf, n, "%s%llu.%llu%s", pre, (unsigned long long)(q / p10),
				 (unsigned long long)(d == 2 ? q % p10 / 10 : q % p10),
				 units[i].suffix);
		return buf;
	}
	return buf;
}

static char *money_short(uint64_t v, char *buf, size_t n)
{
	return short_num(v, 100, "£", buf, n);
}

static char *count_short(uint64_t v, char *buf, size_t n)
{
	return short_num(v, 1, "", buf, n);
}

/* A round step for an axis from 0 to at least max: the smallest of 1, 2,
 * 2.5 and 5 times a power of ten times unit (whole multiples of unit only)
 * that needs at most 5 steps; *steps gets how many. */
static uint64_t nice_step(uint64_t max, uint64_t unit, int *steps)
{
	static const uint64_t m10[] = { 10, 20, 25, 50 };

	if (max < unit)
		max = unit;
	for (uint64_t mag = unit; mag <= UINT64_MAX / 10; mag *= 10) {
		for (size_t i = 0; i < sizeof m10 / sizeof m10[0]; i++) {
			uint64_t s, k;

			if (mag % 10 == 0)
				s = mag / 10 * m10[i];
			else if (mag * m10[i] % 10 == 0)
				s = mag * m10[i] / 10;
			else
				continue;
			k = max / s + (max % s != 0);
			if (k <= 5) {
				*steps = (int)k;
				return s;
			}
		}
	}
	*steps = 1;
	return max;
}

/* ---- drawing ------------------------------------------------------------------ */

/* A point on a whole unit (crisp edges at 72 dpi); positions are positive. */
static double snap(double v)
{
	return v >= 0 ? (double)(long long)(v + 0.5) : v;
}

static void grey(cairo_t *cr, double g)
{
	cairo_set_source_rgb(cr, g, g, g);
}

struct fill {
	double r, g, b;
	int hatch;
};

/* committed (light), delivered (hatched), validated (dark) */
static const struct fill series_fill[3] = {
	{ 0.80, 0.84, 0.90, 0 },
	{ 1.00, 1.00, 1.00, 1 },
	{ 0.13, 0.23, 0.42, 0 },
};

/* A rectangle in a fill, outlined. */
static void box(cairo_t *cr, const struct fill *f, double x, double y, double w, double h)
{
	if (!(w > 0) || !(h > 0))
		return;
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_set_source_rgb(cr, f->r, f->g, f->b);
	cairo_fill_preserve(cr);
	if (f->hatch) {
		cairo_save(cr);
		cairo_clip_preserve(cr);
		cairo_new_path(cr);
		cairo_set_source_rgb(cr, 0.20, 0.30, 0.48);
		cairo_set_line_width(cr, 0.8);
		for (double d = -h; d < w; d += 3.5) {
			cairo_move_to(cr, x + d, y + h);
			cairo_line_to(cr, x + d + h, y);
		}
		cairo_stroke(cr);
		cairo_restore(cr);
		cairo_rectangle(cr, x, y, w, h);
	}
	cairo_set_source_rgb(cr, 0.10, 0.14, 0.22);
	cairo_set_line_width(cr, 0.6);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* The title and the line under it; returns where what follows starts. */
static double heading(struct pen *p, double x, double y, double w, const char *title,
		      const char *sub)
{
	grey(p->cr, 0);
	y += text(p, title, FS_TITLE, 1, x, y, AL_LEFT, w, 1);
	if (sub != NULL) {
		grey(p->cr, 0.30);
		y += 1 + text(p, sub, FS_SUB, 0, x, y + 1, AL_LEFT, w, 2);
	}
	return y + 4;
}

/* "Nothing to show" in the middle of what is left. */
static void nothing(struct pen *p, double x, double y, double w, double h, const char *msg)
{
	grey(p->cr, 0.35);
	text(p, msg, FS_AXIS + 1, 0, x + w / 2, y + h / 2 - 6, AL_CENTER, w, 2);
}

/* A value axis going up: the ticks from 0 to steps x step (pence, or
 * counts when !money), gridlines across [px, px + pw), the labels right of
 * px - 4.  base is the bottom, top the top of the scale. */
static void axis_up(struct pen *p, double px, double pw, double base, double top, uint64_t step,
		    int steps, int money)
{
	cairo_t *cr = p->cr;
	double fh = text_h(p, FS_AXIS);

	cairo_save(cr);
	cairo_set_line_width(cr, 0.5);
	for (int i = 0; i <= steps; i++) {
		char b[40];
		double y = snap(base - (base - top) * i / steps) + 0.25;

		if (i > 0) {
			cairo_set_source_rgb(cr, 0.82, 0.82, 0.82);
			cairo_move_to(cr, px, y);
			cairo_line_to(cr, px + pw, y);
			cairo_stroke(cr);
		}
		grey(cr, 0.15);
		if (money)
			money_short(step * (uint64_t)i, b, sizeof b);
		else
			count_short(step * (uint64_t)i, b, sizeof b);
		text(p, b, FS_AXIS, 0, px - 4, y - fh / 2, AL_RIGHT, 0, 1);
	}
	/* the axis and the base line */
	grey(cr, 0.15);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, snap(px), top);
	cairo_line_to(cr, snap(px), base);
	cairo_line_to(cr, px + pw, base);
	cairo_stroke(cr);
	cairo_restore(cr);
}

/* The widest tick label of a money axis of steps x step. */
static double ticks_w(struct pen *p, uint64_t step, int steps, int money)
{
	double mw = 0;

	for (int i = 0; i <= steps; i++) {
		char b[40];
		double tw;

		if (money)
			money_short(step * (uint64_t)i, b, sizeof b);
		else
			count_short(step * (uint64_t)i, b, sizeof b);
		tw = text_w(p, b, FS_AXIS, 0);
		if (tw > mw)
			mw = tw;
	}
	return mw;
}

/* A money axis from 0 to max (whole pounds; £1,000 when everything is 0)
 * at the left of (x, w): its step (*steps of them), and the plot's left
 * edge *px and width *pw, right of the turned axis title (fh high) and the
 * widest tick label. */
static uint64_t money_axis(struct pen *p, uint64_t max, double x, double w, double fh,
			   int *steps, double *px, double *pw)
{
	uint64_t step = nice_step(max == 0 ? 100000 : max, 100, steps);

	*px = x + fh + 6 + ticks_w(p, step, *steps, 1) + 6;
	*pw = x + w - *px - 2;
	return step;
}

/* A value label above a column whose top is at y, centred on cx: across,
 * or turned to read upwards. */
static void value_label(struct pen *p, const char *s, double cx, double y, int across)
{
	if (across) {
		double h;

		lay(p, s, FS_VALUE, 0, 0, 1, AL_LEFT);
		extent(p, NULL, &h);
		show(p, cx, y - h - 1, AL_CENTER, 0);
	} else {
		text_up(p, s, FS_VALUE, 0, cx, y - 2, 0, 0);
	}
}

/* The room a value label of v takes above its column: its height across,
 * its width turned. */
static double value_room(struct pen *p, uint64_t v, int across)
{
	char b[40];

	money_short(v, b, sizeof b);
	return across ? text_h(p, FS_VALUE) + 2 : text_w(p, b, FS_VALUE, 0) + 4;
}

/* ---- the themes chart --------------------------------------------------------- */

static sv_pence theme_value(const report *r, size_t i, int s)
{
	const report_fig *f = &r->themes.v[i].fig;
	int q = report_board_quarterly(r->p.board);

	switch (s) {
	case 0:
		return f->committed;
	case 1:
		return q ? f->delivered_ytd : f->delivered;
	default:
		return q ? f->validated_ytd : f->validated;
	}
}

/* The left margin that the themes and trend charts take for the value
 * axis (its title and labels), for planning before the labels are
 * measured. */
#define AXIS_LEFT_EST 56.0

/* How many theme groups go on one panel at width w, and how many panels. */
static void theme_panels(const report *r, double w, size_t *per, size_t *panels)
{
	size_t n = r->themes.n, fit;
	double pw = w - AXIS_LEFT_EST - 4;

	fit = pw > GROUP_MIN_W ? (size_t)(pw / GROUP_MIN_W) : 1;
	if (fit < 1)
		fit = 1;
	if (n == 0) {
		*per = 1;
		*panels = 1;
		return;
	}
	*panels = (n + fit - 1) / fit;
	*per = (n + *panels - 1) / *panels;
}

static double panel_height(double w)
{
	double h = w * 0.36;

	return h < 150 ? 150 : h > 250 ? 250 : h;
}

static void chart_themes(struct pen *p, const report *r, double x, double y, double w, double h)
{
	cairo_t *cr = p->cr;
	int quarterly = report_board_quarterly(r->p.board);
	char title[64], sub[160], fyb[8];
	static const char *const names[3] = { "Committed", "Delivered", "Validated" };
	static const char *const names_ytd[3] = { "Committed (year)", "Delivered (YTD)",
						   "Validated (YTD)" };
	size_t per, panels, n = r->themes.n;
	uint64_t max = 0, step;
	int steps;
	double fh, lx, ly, px, pw, panel_h, xt_h, bottom = y + h;

	fy_format(r->p.fy, fyb);
	snprintf(title, sizeof title, "Social value by theme, %s", fyb);
	if (quarterly) {
		sv_quarter q = { r->p.fy, r->p.q >= 1 && r->p.q <= 4 ? r->p.q : 1 };
		char qb[16];

		quarter_format(q, ' ', qb);
		snprintf(sub, sizeof sub, "£SV committed for the year; delivered and validated "
			 "year to date (to %s)", qb);
	} else {
		snprintf(sub, sizeof sub, "£SV committed, delivered and validated in the year");
	}
	y = heading(p, x, y, w, title, sub);
	if (n == 0) {
		nothing(p, x, y, w, bottom - y, "No themes to show");
		return;
	}

	/* the legend */
	fh = text_h(p, FS_AXIS);
	lx = x;
	ly = y + 2;
	for (int s = 0; s < 3; s++) {
		const char *name = quarterly ? names_ytd[s] : names[s];
		double iw = 18 + text_w(p, name, FS_AXIS, 0);

		if (s > 0 && lx + iw > x + w) {   /* a narrow chart: the next row */
			lx = x;
			ly += fh + 4;
		}
		box(cr, &series_fill[s], snap(lx) + 0.5, snap(ly + (fh - 9) / 2) + 0.5, 14, 9);
		grey(cr, 0.1);
		text(p, name, FS_AXIS, 0, lx + 18, ly, AL_LEFT, 0, 1);
		lx += iw + 14;
	}
	y = ly + fh + 8;

	/* the scale, shared by every panel */
	for (size_t i = 0; i < n; i++)
		for (int s = 0; s < 3; s++)
			if (pence_of(theme_value(r, i, s)) > max)
				max = pence_of(theme_value(r, i, s));
	step = money_axis(p, max, x, w, fh, &steps, &px, &pw);
	theme_panels(r, w, &per, &panels);
	/* the x axis' title at the foot */
	xt_h = fh + 4;
	panel_h = (bottom - y - xt_h) / (double)panels;
	if (panel_h < 40)
		panel_h = 40;

	{
		double gw = pw / (double)per;
		double cw = (gw * 0.78) / 3, lab_h = 0, vh_max;
		int across = 1;

		/* the theme labels: as many lines as the longest needs (1 or 2) */
		for (size_t i = 0; i < n; i++) {
			char key[KEY_MAX];
			double kh;

			clean(key, sizeof key, r->themes.v[i].key);
			lay(p, key, FS_AXIS, 0, gw - 3, 2, AL_CENTER);
			extent(p, NULL, &kh);
			if (kh > lab_h)
				lab_h = kh;
		}
		lab_h += 4;

		if (cw > COL_MAX_W)
			cw = COL_MAX_W;
		/* value labels across when every one fits over its column */
		vh_max = text_h(p, FS_VALUE) + 2;
		for (size_t i = 0; i < n && across; i++)
			for (int s = 0; s < 3; s++) {
				char b[40];

				money_short(pence_of(theme_value(r, i, s)), b, sizeof b);
				if (text_w(p, b, FS_VALUE, 0) > cw - 2) {
					across = 0;
					break;
				}
			}
		for (size_t i = 0; i < n; i++)
			for (int s = 0; s < 3; s++) {
				double room = value_room(p, pence_of(theme_value(r, i, s)), across);

				if (room > vh_max)
					vh_max = room;
			}

		for (size_t k = 0; k < panels; k++) {
			double top = y + (double)k * panel_h, base = top + panel_h - lab_h - 4,
			       scale_top = top + vh_max;
			size_t first = k * per, last = first + per < n ? first + per : n;

			if (base - scale_top < 10)
				base = scale_top + 10;
			axis_up(p, px, pw, base, scale_top, step, steps, 1);
			grey(cr, 0.1);
			text_up(p, "£ social value", FS_AXIS, 0, x + fh / 2 + 1,
				(scale_top + base) / 2, 1, base - scale_top);
			for (size_t i = first; i < last; i++) {
				double gx = px + gw * (double)(i - first), cx = gx + gw / 2;
				double left = cx - 1.5 * cw;
				char key[KEY_MAX];

				for (int s = 0; s < 3; s++) {
					uint64_t v = pence_of(theme_value(r, i, s));
					double bh = (double)v / (double)(step * (uint64_t)steps) *
						    (base - scale_top);
					double bx = snap(left + s * cw) + 0.5, bw = snap(cw) - 1;
					char b[40];

					if (bw < 1)
						bw = 1;
					box(cr, &series_fill[s], bx, base - bh, bw, bh);
					grey(cr, 0.1);
					money_short(v, b, sizeof b);
					value_label(p, b, bx + bw / 2, base - bh, across);
				}
				clean(key, sizeof key, r->themes.v[i].key);
				grey(cr, 0.1);
				text(p, key, FS_AXIS, 0, cx, base + 3, AL_CENTER, gw - 3, 2);
			}
		}
	}
	grey(cr, 0.1);
	text(p, "Theme", FS_AXIS, 1, px + pw / 2, y + (double)panels * panel_h, AL_CENTER, pw, 1);
}

/* ---- the trend chart ------------------------------------------------------------ */

static void chart_trend(struct pen *p, const report *r, double x, double y, double w, double h)
{
	cairo_t *cr = p->cr;
	char title[64], sub[96];
	const report_trend_point *last = &r->trend[REPORT_TREND_N - 1];
	uint64_t max = 0, step;
	int steps, across = 1;
	double fh, px, pw, gw, cw, base, scale_top, vh_max, lab_h, bottom = y + h;

	snprintf(title, sizeof title, "Validated social value by quarter");
	if (last->q.fy != 0 && last->q.q >= 1 && last->q.q <= 4) {
		char qb[16];

		quarter_format(last->q, ' ', qb);
		snprintf(sub, sizeof sub, "£SV validated in each of the eight quarters to %s", qb);
	} else {
		snprintf(sub, sizeof sub, "£SV validated in each of the last eight quarters");
	}
	y = heading(p, x, y, w, title, sub);
	fh = text_h(p, FS_AXIS);

	for (int i = 0; i < REPORT_TREND_N; i++)
		if (pence_of(r->trend[i].validated) > max)
			max = pence_of(r->trend[i].validated);
	step = money_axis(p, max, x, w, fh, &steps, &px, &pw);
	gw = pw / REPORT_TREND_N;
	cw = gw * 0.6;
	if (cw > 2 * COL_MAX_W)
		cw = 2 * COL_MAX_W;
	for (int i = 0; i < REPORT_TREND_N && across; i++) {
		char b[40];

		money_short(pence_of(r->trend[i].validated), b, sizeof b);
		if (text_w(p, b, FS_VALUE, 0) > gw - 2)
			across = 0;
	}
	vh_max = 0;
	for (int i = 0; i < REPORT_TREND_N; i++)
		if (value_room(p, pence_of(r->trend[i].validated), across) + 2 > vh_max)
			vh_max = value_room(p, pence_of(r->trend[i].validated), across) + 2;
	lab_h = 2 * fh + 4;
	base = bottom - (fh + 4) - lab_h - 2;
	scale_top = y + vh_max;
	if (base - scale_top < 10)
		base = scale_top + 10;
	axis_up(p, px, pw, base, scale_top, step, steps, 1);
	grey(cr, 0.1);
	text_up(p, "£ validated", FS_AXIS, 0, x + fh / 2 + 1, (scale_top + base) / 2, 1,
		base - scale_top);

	for (int i = 0; i < REPORT_TREND_N; i++) {
		const report_trend_point *t = &r->trend[i];
		double cx = px + gw * i + gw / 2;
		char fyb[8], qn[8];

		grey(cr, 0.1);
		if (t->q.fy == 0 || t->q.q < 1 || t->q.q > 4) {
			text(p, "-", FS_AXIS, 0, cx, base + 3, AL_CENTER, gw - 2, 1);
			continue;
		}
		{
			uint64_t v = pence_of(t->validated);
			double bh = (double)v / (double)(step * (uint64_t)steps) * (base - scale_top);
			double bx = snap(cx - cw / 2) + 0.5, bw = snap(cw) - 1;
			char b[40];

			if (bw < 1)
				bw = 1;
			box(cr, &series_fill[2], bx, base - bh, bw, bh);
			grey(cr, 0.1);
			money_short(v, b, sizeof b);
			value_label(p, b, bx + bw / 2, base - bh, across);
		}
		fy_format(t->q.fy, fyb);
		snprintf(qn, sizeof qn, "Q%d", t->q.q);
		grey(cr, 0.1);
		text(p, fyb, FS_AXIS, 0, cx, base + 3, AL_CENTER, gw - 2, 1);
		text(p, qn, FS_AXIS, 0, cx, base + 3 + fh, AL_CENTER, gw - 2, 1);
	}
	grey(cr, 0.1);
	text(p, "Quarter", FS_AXIS, 1, px + pw / 2, base + 3 + lab_h, AL_CENTER, pw, 1);
}

/* ---- the RAG chart -------------------------------------------------------------- */

static const struct {
	enum report_rag rag;
	const char *word;
	struct fill fill;
} rag_rows[4] = {
	{ RAG_RED, "Red", { 0.80, 0.20, 0.18, 0 } },
	{ RAG_AMBER, "Amber", { 0.96, 0.68, 0.16, 0 } },
	{ RAG_GREEN, "Green", { 0.24, 0.58, 0.30, 0 } },
	{ RAG_NONE, "None", { 0.86, 0.86, 0.86, 0 } },
};

#define RAG_ROW_H 20.0

enum report_rag report_chart_rag_row(int i, const char **word)
{
	if (i < 0 || i > 3)
		i = 3;
	*word = rag_rows[i].word;
	return rag_rows[i].rag;
}

static uint64_t rag_total(const report *r)
{
	uint64_t t = 0;

	for (int i = 0; i < 4; i++)
		t += r->rag_count[i] > 0 ? (uint64_t)r->rag_count[i] : 0;
	return t;
}

static void chart_rag(struct pen *p, const report *r, double x, double y, double w, double h)
{
	cairo_t *cr = p->cr;
	char sub[128], qb[16];
	uint64_t total = rag_total(r), max = 0, step;
	int steps, every = 1, q = r->rag_q >= 1 && r->rag_q <= 4 ? r->rag_q : 4;
	sv_quarter sq = { r->p.fy, q };
	double fh, word_w = 0, lab_w = 0, px, pw, top, base, row_h, tick_w, bottom = y + h;
	char labs[4][64];

	quarter_format(sq, ' ', qb);
	snprintf(sub, sizeof sub, "At %s%s: validated year to date against committed", qb,
		 report_board_quarterly(r->p.board) ? "" : " (the year's end)");
	y = heading(p, x, y, w, "Contracts by RAG status", sub);
	if (total == 0) {
		nothing(p, x, y, w, bottom - y, "No contracts to show");
		return;
	}
	fh = text_h(p, FS_AXIS);
	for (int i = 0; i < 4; i++) {
		uint64_t c = r->rag_count[rag_rows[i].rag] > 0 ?
			(uint64_t)r->rag_count[rag_rows[i].rag] : 0;
		double pct = (double)c * 100.0 / (double)total, tw;
		char b[32];

		if (c > max)
			max = c;
		count_format(c, b, sizeof b);
		snprintf(labs[i], sizeof labs[i], "%s (%.0f%%)", b, pct);
		tw = text_w(p, labs[i], FS_AXIS, 0);
		if (tw > lab_w)
			lab_w = tw;
		tw = text_w(p, rag_rows[i].word, FS_AXIS, 1);
		if (tw > word_w)
			word_w = tw;
	}
	step = nice_step(max, 1, &steps);
	px = x + fh + 6 + word_w + 8;
	pw = x + w - px - lab_w - 8;
	if (pw < 20)
		pw = 20;
	/* rows of RAG_ROW_H, up to half as high again where there is room,
	 * down to 8 points where there is not */
	top = y + 4;
	row_h = (bottom - 2 * fh - 10 - top) / 4;
	row_h = row_h > RAG_ROW_H * 1.5 ? RAG_ROW_H * 1.5 : row_h < 8 ? 8 : row_h;
	base = top + 4 * row_h;

	/* gridlines and the count axis at the foot, a label every `every`
	 * ticks so that none touches the next */
	tick_w = ticks_w(p, step, steps, 0);
	while (every < steps && tick_w > every * pw / steps - 6)
		every++;
	cairo_save(cr);
	cairo_set_line_width(cr, 0.5);
	for (int i = 0; i <= steps; i++) {
		double gx = snap(px + pw * i / steps) + 0.25;
		char b[32];

		if (i > 0) {
			cairo_set_source_rgb(cr, 0.82, 0.82, 0.82);
			cairo_move_to(cr, gx, top);
			cairo_line_to(cr, gx, base);
			cairo_stroke(cr);
		}
		if (i % every != 0)
			continue;
		grey(cr, 0.15);
		count_short(step * (uint64_t)i, b, sizeof b);
		text(p, b, FS_AXIS, 0, gx, base + 3, AL_CENTER, 0, 1);
	}
	grey(cr, 0.15);
	cairo_set_line_width(cr, 0.8);
	cairo_move_to(cr, snap(px), top);
	cairo_line_to(cr, snap(px), base);
	cairo_line_to(cr, px + pw, base);
	cairo_stroke(cr);
	cairo_restore(cr);

	for (int i = 0; i < 4; i++) {
		uint64_t c = r->rag_count[rag_rows[i].rag] > 0 ?
			(uint64_t)r->rag_count[rag_rows[i].rag] : 0;
		double ry = top + row_h * i, bh = row_h * 0.62;
		double by = snap(ry + (row_h - bh) / 2) + 0.5;
		double bw = (double)c / (double)(step * (uint64_t)steps) * pw;

		box(cr, &rag_rows[i].fill, snap(px) + 0.5, by, bw, bh);
		grey(cr, 0.1);
		text(p, rag_rows[i].word, FS_AXIS, 1, px - 6, ry + (row_h - fh) / 2, AL_RIGHT, 0,
		     1);
		text(p, labs[i], FS_AXIS, 0, px + bw + 4, ry + (row_h - fh) / 2, AL_LEFT, 0, 1);
	}
	grey(cr, 0.1);
	text_up(p, "RAG status", FS_AXIS, 0, x + fh / 2 + 1, (top + base) / 2, 1, base - top);
	text(p, "Contracts", FS_AXIS, 1, px + pw / 2, base + 3 + fh + 2, AL_CENTER, pw, 1);
}

/* ---- the interface -------------------------------------------------------------- */

int report_chart_wanted(const report *r, enum report_chart c)
{
	if (r == NULL)
		return 0;
	switch (c) {
	case CHART_THEMES:
		return r->themes.n > 0;
	case CHART_TREND:
		return 1;
	case CHART_RAG:
		return rag_total(r) > 0;
	default:
		return 0;
	}
}

/* The heights of the parts above the plots: the title, the line under it,
 * the legend. */
#define HEAD_H 36.0

double report_chart_height(const report *r, enum report_chart c, double w)
{
	size_t per, panels;

	if (r == NULL || !(w >= 100 && w <= 1e5))
		w = PDF_A4_W - 2 * 56;
	switch (c) {
	case CHART_THEMES:
		theme_panels(r, w, &per, &panels);
		return HEAD_H + 14 + (double)panels * panel_height(w) + 14;
	case CHART_TREND:
		return HEAD_H + panel_height(w) + 14;
	case CHART_RAG:
		return HEAD_H + 4 * RAG_ROW_H + 36;
	default:
		return 0;
	}
}

void report_chart_draw(cairo_t *cr, const report *r, enum report_chart c, double x, double y,
		       double w, double h)
{
	struct pen p = { 0 };
	cairo_path_t *path;

	if (cr == NULL || r == NULL || (unsigned)c >= CHART_COUNT)
		return;
	/* no NaN, no infinity, nothing absurd */
	if (!(x > -1e5 && x < 1e5 && y > -1e5 && y < 1e5 && w >= 20 && w <= 1e5 && h >= 20 &&
	      h <= 1e5))
		return;
	/* the path is not part of cairo's saved state: keep the caller's */
	path = cairo_copy_path(cr);
	cairo_new_path(cr);
	cairo_save(cr);
	cairo_rectangle(cr, x, y, w, h);
	cairo_clip(cr);
	cairo_new_path(cr);
	if (pen_open(&p, cr) == 0) {
		/* everything is placed relative to (x, y) as if at the origin */
		cairo_translate(cr, x, y);
		pango_cairo_update_layout(cr, p.lay);
		switch (c) {
		case CHART_THEMES:
			chart_themes(&p, r, 0, 0, w, h);
			break;
		case CHART_TREND:
			chart_trend(&p, r, 0, 0, w, h);
			break;
		case CHART_RAG:
			chart_rag(&p, r, 0, 0, w, h);
			break;
		default:
			break;
		}
	}
	pen_close(&p);
	cairo_restore(cr);
	cairo_new_path(cr);
	if (path != NULL && path->status == CAIRO_STATUS_SUCCESS)
		cairo_append_path(cr, path);
	cairo_path_destroy(path);
}
