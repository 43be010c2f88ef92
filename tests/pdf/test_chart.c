/* test_chart.c: the charts' contract with the PDF renderer, on reports
 * made here: which charts are wanted, the heights they ask for, that
 * report_chart_draw leaves the cairo state as it found it and draws
 * nothing outside its rectangle, that absurd rectangles and hostile values
 * draw nothing absurd, and report_pdf_chart's PDF and its errors. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "src/report_pdf_private.h"

static char *sdup(const char *s)
{
	char *d = strdup(s);

	assert_non_null(d);
	return d;
}

/* A report of n themes; values v for every figure; the trend all v; the
 * RAG counts red, amber, green, none. */
static report *made(size_t n, sv_pence v, int64_t red, int64_t amber, int64_t green,
		    int64_t none)
{
	report *r = calloc(1, sizeof *r);
	sv_quarter q = { 2024, 3 };

	assert_non_null(r);
	r->org_name = sdup("Test");
	r->generated_by = sdup("tester");
	r->p.board = BOARD_QPRB;
	r->p.fy = 2025;
	r->p.q = 2;
	r->rag_q = 2;
	if (n > 0) {
		r->themes.v = calloc(n, sizeof *r->themes.v);
		assert_non_null(r->themes.v);
		r->themes.n = n;
	}
	for (size_t i = 0; i < n; i++) {
		char key[32];
		report_row *row = &r->themes.v[i];

		snprintf(key, sizeof key, "Theme %zu", i + 1);
		row->key = sdup(key);
		row->title = sdup(key);
		row->parent = -1;
		row->fig.committed = row->fig.delivered = row->fig.validated = v;
		row->fig.delivered_ytd = row->fig.validated_ytd = v;
	}
	for (int i = 0; i < REPORT_TREND_N; i++) {
		r->trend[i].q = q;
		r->trend[i].validated = v;
		q = quarter_next(q);
	}
	r->rag_count[RAG_RED] = red;
	r->rag_count[RAG_AMBER] = amber;
	r->rag_count[RAG_GREEN] = green;
	r->rag_count[RAG_NONE] = none;
	return r;
}

static void test_wanted(void **state)
{
	report *r = made(0, 0, 0, 0, 0, 0);

	(void)state;
	assert_int_equal(report_chart_wanted(NULL, CHART_THEMES), 0);
	assert_int_equal(report_chart_wanted(r, CHART_THEMES), 0);   /* no themes */
	assert_int_equal(report_chart_wanted(r, CHART_TREND), 1);    /* zeros are shown */
	assert_int_equal(report_chart_wanted(r, CHART_RAG), 0);      /* no contracts */
	assert_int_equal(report_chart_wanted(r, CHART_COUNT), 0);
	r->rag_count[RAG_AMBER] = -7;                                /* nonsense counts none */
	assert_int_equal(report_chart_wanted(r, CHART_RAG), 0);
	r->rag_count[RAG_NONE] = 1;
	assert_int_equal(report_chart_wanted(r, CHART_RAG), 1);
	report_free(&r);
	r = made(1, 0, 0, 0, 0, 0);
	assert_int_equal(report_chart_wanted(r, CHART_THEMES), 1);   /* a theme of zeros */
	report_free(&r);
	assert_string_equal(report_chart_name(CHART_THEMES), "themes");
	assert_string_equal(report_chart_name(CHART_TREND), "trend");
	assert_string_equal(report_chart_name(CHART_RAG), "rag");
	assert_string_equal(report_chart_name(CHART_COUNT), "?");
}

static void test_height(void **state)
{
	report *few = made(4, 100000, 1, 2, 3, 4), *many = made(40, 100000, 1, 2, 3, 4);
	double w = PDF_A4_W - 2 * 56;

	(void)state;
	for (int c = 0; c < CHART_COUNT; c++) {
		double h = report_chart_height(few, (enum report_chart)c, w);

		assert_true(h >= 100 && h <= PDF_A4_H / 2);
		/* an absurd width gives a sensible height all the same */
		h = report_chart_height(few, (enum report_chart)c, -INFINITY);
		assert_true(h >= 100 && h <= PDF_A4_H / 2);
		h = report_chart_height(few, (enum report_chart)c, NAN);
		assert_true(h >= 100 && h <= PDF_A4_H / 2);
	}
	/* forty themes do not fit across: more panels, more height */
	assert_true(report_chart_height(many, CHART_THEMES, w) >
		    1.5 * report_chart_height(few, CHART_THEMES, w));
	assert_true(report_chart_height(many, CHART_THEMES, w) < 2 * PDF_A4_H);
	report_free(&few);
	report_free(&many);
}

static int near(double a, double b)
{
	return a - b < 1e-9 && b - a < 1e-9;
}

/* Non-white pixels of a white ARGB32 image inside and outside a rectangle. */
static void ink(cairo_surface_t *s, int x0, int y0, int x1, int y1, long *in, long *out)
{
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const unsigned char *d;

	cairo_surface_flush(s);
	d = cairo_image_surface_get_data(s);
	*in = *out = 0;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			uint32_t px;

			memcpy(&px, d + (size_t)y * (size_t)stride + 4 * (size_t)x, 4);
			if ((px & 0xffffffu) != 0xffffffu) {
				if (x >= x0 && x < x1 && y >= y0 && y < y1)
					(*in)++;
				else
					(*out)++;
			}
		}
}

/* Draw chart c of r at (40, 30, 400, 250) of a 480 x 330 white image; the
 * state of cr must come back as it was; the ink in and outside. */
static void draw_check(const report *r, enum report_chart c, long *in, long *out)
{
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 480, 330);
	cairo_t *cr = cairo_create(s);
	cairo_matrix_t m0, m1;
	double red, green, blue, alpha;
	cairo_pattern_t *src;

	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_set_source_rgb(cr, 0.25, 0.5, 0.75);
	cairo_set_line_width(cr, 3.5);
	cairo_get_matrix(cr, &m0);
	cairo_move_to(cr, 7, 9);    /* a path of the caller's, kept */
	cairo_line_to(cr, 20, 30);
	report_chart_draw(cr, r, c, 40, 30, 400, 250);
	assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
	cairo_get_matrix(cr, &m1);
	assert_memory_equal(&m0, &m1, sizeof m0);
	assert_true(near(cairo_get_line_width(cr), 3.5));
	src = cairo_get_source(cr);
	assert_int_equal(cairo_pattern_get_rgba(src, &red, &green, &blue, &alpha),
			 CAIRO_STATUS_SUCCESS);
	assert_true(near(red, 0.25) && near(green, 0.5) && near(blue, 0.75) && near(alpha, 1));
	{
		double px, py;

		assert_true(cairo_has_current_point(cr));
		cairo_get_current_point(cr, &px, &py);
		assert_true(near(px, 20) && near(py, 30));
		cairo_new_path(cr);
	}
	/* no clip left behind: a paint covers the whole image */
	{
		double x1, y1, x2, y2;

		cairo_clip_extents(cr, &x1, &y1, &x2, &y2);
		assert_true(x1 <= 0 && y1 <= 0 && x2 >= 480 && y2 >= 330);
	}
	ink(s, 40, 30, 440, 280, in, out);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

static void test_draw_in_place(void **state)
{
	report *few = made(4, 12345678, 3, 2, 1, 0), *many = made(40, INT64_MAX, INT64_MAX, -1,
								   1, 0);
	report *neg = made(3, -500, 1, 0, 0, 0), *zero = made(1, 0, 0, 0, 0, 0);
	report *all[] = { few, many, neg, zero };
	long in, out;

	(void)state;
	for (size_t k = 0; k < sizeof all / sizeof all[0]; k++)
		for (int c = 0; c < CHART_COUNT; c++) {
			draw_check(all[k], (enum report_chart)c, &in, &out);
			assert_true(in > 500);       /* a chart was drawn (a title at least) */
			assert_int_equal(out, 0);    /* and nothing outside its rectangle */
		}
	report_free(&few);
	report_free(&many);
	report_free(&neg);
	report_free(&zero);
}

/* Absurd rectangles and charts: nothing drawn, the state intact. */
static void test_absurd(void **state)
{
	report *r = made(4, 100, 1, 1, 1, 1);
	const double nan = NAN, inf = INFINITY;
	const double rects[][4] = {
		{ 0, 0, nan, 200 }, { 0, 0, 300, nan }, { nan, 0, 300, 200 }, { 0, inf, 300, 200 },
		{ 0, 0, -300, 200 }, { 0, 0, 300, 0 }, { 0, 0, inf, inf }, { 0, 0, 1e300, 1e300 },
	};
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 200, 200);
	cairo_t *cr = cairo_create(s);
	long in, out;

	(void)state;
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	for (size_t i = 0; i < sizeof rects / sizeof rects[0]; i++)
		report_chart_draw(cr, r, CHART_THEMES, rects[i][0], rects[i][1], rects[i][2],
				  rects[i][3]);
	report_chart_draw(cr, r, CHART_COUNT, 0, 0, 200, 200);
	report_chart_draw(cr, r, (enum report_chart)-1, 0, 0, 200, 200);
	report_chart_draw(cr, NULL, CHART_TREND, 0, 0, 200, 200);
	report_chart_draw(NULL, r, CHART_TREND, 0, 0, 200, 200);
	assert_int_equal(cairo_status(cr), CAIRO_STATUS_SUCCESS);
	ink(s, 0, 0, 0, 0, &in, &out);
	assert_int_equal(out, 0);
	cairo_destroy(cr);
	cairo_surface_destroy(s);
	report_free(&r);
}

/* xorshift64*: the same draws on every run */
static uint64_t rnd(uint64_t *x)
{
	*x ^= *x >> 12;
	*x ^= *x << 25;
	*x ^= *x >> 27;
	return *x * UINT64_C(2685821657736338717);
}

static sv_pence rnd_money(uint64_t *x)
{
	switch (rnd(x) % 6) {
	case 0: return 0;
	case 1: return INT64_MAX - (sv_pence)(rnd(x) % 3);
	case 2: return -(sv_pence)(rnd(x) % 1000000);
	case 3: return (sv_pence)(rnd(x) % 1000);
	case 4: return (sv_pence)(rnd(x) >> 1);
	default: return (sv_pence)(rnd(x) % 100000000000);
	}
}

/* Random reports (0 to 60 themes, keys of random bytes, figures from zero
 * to INT64_MAX and below zero, random RAG counts and quarters) drawn at
 * random sizes: nothing outside the rectangle, the state intact, and no
 * warning from pango (invalid UTF-8 would be one: warnings are fatal
 * here). */
static void test_random(void **state)
{
	uint64_t x = UINT64_C(0x5356444b2026);
	long in, out;

	(void)state;
	for (int k = 0; k < 200; k++) {
		report *r = made((size_t)(rnd(&x) % 61), 0, 0, 0, 0, 0);

		r->p.board = (enum report_board)(rnd(&x) % BOARD_COUNT);
		r->p.q = report_board_quarterly(r->p.board) ? 1 + (int)(rnd(&x) % 4) : 0;
		r->rag_q = (int)(rnd(&x) % 7) - 1;
		if (rnd(&x) % 4 == 0)   /* years no report has */
			r->p.fy = (int)(rnd(&x) % 20000) - 5000;
		for (size_t i = 0; i < r->themes.n; i++) {
			report_row *row = &r->themes.v[i];
			size_t len = rnd(&x) % 12 == 0 ? 5000 : rnd(&x) % 24;
			char *key = malloc(len + 1);

			assert_non_null(key);
			for (size_t j = 0; j < len; j++)
				key[j] = (char)(1 + rnd(&x) % 255);
			key[len] = '\0';
			free(row->key);
			row->key = key;
			row->fig.committed = rnd_money(&x);
			row->fig.delivered = rnd_money(&x);
			row->fig.validated = rnd_money(&x);
			row->fig.delivered_ytd = rnd_money(&x);
			row->fig.validated_ytd = rnd_money(&x);
		}
		for (int i = 0; i < REPORT_TREND_N; i++) {
			r->trend[i].validated = rnd_money(&x);
			if (rnd(&x) % 10 == 0)
				r->trend[i].q.fy = 0;
			else if (rnd(&x) % 10 == 0)
				r->trend[i].q = (sv_quarter){ (int)(rnd(&x) % 20000) - 5000,
							      (int)(rnd(&x) % 9) - 2 };
		}
		for (int i = 0; i < 4; i++)
			r->rag_count[i] = rnd(&x) % 3 == 0 ? (int64_t)(rnd(&x) >> 1) :
					  (int64_t)(rnd(&x) % 50) - 10;
		for (int c = 0; c < CHART_COUNT; c++) {
			draw_check(r, (enum report_chart)c, &in, &out);
			assert_int_equal(out, 0);
			assert_true(in > 100);
		}
		report_free(&r);
	}
}

static void test_pdf_chart(void **state)
{
	report *r = made(4, 250000, 1, 2, 3, 4);
	sv_err err = { 0 };
	char head[8] = { 0 };
	FILE *f = tmpfile();
	long size;

	(void)state;
	assert_non_null(f);
	assert_int_equal(report_pdf_chart(r, CHART_THEMES, 500, 300, f, &err), 0);
	size = ftell(f);
	assert_true(size > 1000);
	rewind(f);
	assert_int_equal(fread(head, 1, 5, f), 5);
	assert_string_equal(head, "%PDF-");
	fclose(f);

	/* what cannot be a page, or a chart */
	f = tmpfile();
	assert_non_null(f);
	assert_int_equal(report_pdf_chart(r, CHART_THEMES, NAN, 300, f, &err), -1);
	assert_non_null(strstr(err.msg, "points"));
	assert_int_equal(report_pdf_chart(r, CHART_THEMES, 500, 99, f, &err), -1);
	assert_int_equal(report_pdf_chart(r, CHART_THEMES, 500, 1e9, f, &err), -1);
	assert_int_equal(report_pdf_chart(r, CHART_COUNT, 500, 300, f, &err), -1);
	assert_int_equal(report_pdf_chart(NULL, CHART_RAG, 500, 300, f, &err), -1);
	assert_int_equal(ftell(f), 0);    /* nothing written */
	fclose(f);

	/* a stream that cannot be written: the error says why */
	f = fopen("/dev/full", "w");
	if (f != NULL) {
		assert_int_equal(report_pdf_chart(r, CHART_TREND, 500, 300, f, &err), -1);
		assert_string_equal(err.msg, "cannot write: the disk is full: free some space there and try again");
		fclose(f);
	}
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wanted),
		cmocka_unit_test(test_height),
		cmocka_unit_test(test_draw_in_place),
		cmocka_unit_test(test_absurd),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_pdf_chart),
	};
	int failed;

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	g_log_set_always_fatal(G_LOG_LEVEL_WARNING | G_LOG_LEVEL_CRITICAL);
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
