/* test_report_pdf.c: the board pack as PDF (report_render_pdf), from
 * reports built by hand: a PDF that poppler reads, "Page N of M" on every
 * page with M its page count, A4 pages (landscape for a table too wide for
 * portrait), the document's properties, embedded fonts, every figure on the
 * page, money never cut, hostile text neutralised and markup printed as
 * text, a long table over many pages with its every row, an empty report,
 * and a failed write told as one.  Poppler's pdftotext, pdfinfo and
 * pdffonts read the files. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "svdesk/report.h"
#include "svdesk/report_pdf.h"
#include "reporttest.h"

static char dir[] = "/tmp/svdesk-pdf-XXXXXX";

static int setup(void **state)
{
	(void)state;
	if (mkdtemp(dir) == NULL)
		return -1;
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	if (getenv("T_KEEP") != NULL) {
		fprintf(stderr, "# kept %s\n", dir);
		return 0;
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int have_poppler(void)
{
	return system("pdftotext -v >/dev/null 2>&1 && pdfinfo -v >/dev/null 2>&1 && "
		      "pdffonts -v >/dev/null 2>&1") == 0;
}

/* Render r to dir/name; the path in path. */
static void render(const report *r, const char *name, char *path, size_t n)
{
	sv_err err = { 0 };
	FILE *f;

	snprintf(path, n, "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	if (report_render_pdf(r, f, &err) != 0)
		fail_msg("render %s: %s", name, err.msg);
	assert_int_equal(fclose(f), 0);
}

/* What "tool 'path' post" prints (its standard output), as one string. */
static char *run(const char *tool, const char *path, const char *post)
{
	char cmd[512], *out = NULL;
	size_t len = 0, cap = 0;
	FILE *p;
	int c;

	snprintf(cmd, sizeof cmd, "%s '%s' %s", tool, path, post);
	p = popen(cmd, "r");
	assert_non_null(p);
	while ((c = fgetc(p)) != EOF) {
		if (len + 2 > cap) {
			cap = cap ? cap * 2 : 4096;
			out = realloc(out, cap);
			assert_non_null(out);
		}
		out[len++] = (char)c;
	}
	if (out == NULL)
		out = calloc(1, 1);
	assert_non_null(out);
	out[len] = '\0';
	if (pclose(p) != 0)
		fail_msg("%s failed", cmd);
	return out;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* The value of a "Key: value" line of pdfinfo. */
static char *info(const char *all, const char *key, char *buf, size_t n)
{
	size_t k = strlen(key);

	for (const char *l = all; l != NULL && *l != '\0';) {
		const char *e = strchr(l, '\n');
		size_t len = e != NULL ? (size_t)(e - l) : strlen(l);

		if (len > k && strncmp(l, key, k) == 0 && l[k] == ':') {
			const char *v = l + k + 1;

			while (*v == ' ')
				v++;
			snprintf(buf, n, "%.*s", (int)(len - (size_t)(v - l)), v);
			return buf;
		}
		l = e != NULL ? e + 1 : NULL;
	}
	fail_msg("pdfinfo says no %s", key);
	return NULL;
}

/* Every page is A4, portrait or landscape; the number of landscape pages
 * in *land. */
static int pages_a4(const char *path, int *land)
{
	char *all = run("pdfinfo -f 1 -l 100000", path, "");
	int pages = 0;

	*land = 0;
	for (const char *l = all; (l = strstr(l, "size:")) != NULL; l++) {
		double w, h;

		if (sscanf(l, "size: %lf x %lf pts", &w, &h) != 2)
			continue;
		pages++;
		if (w > h) {
			(*land)++;
			assert_true(w > 841.5 && w < 842.3 && h > 594.9 && h < 595.6);
		} else {
			assert_true(h > 841.5 && h < 842.3 && w > 594.9 && w < 595.6);
		}
	}
	free(all);
	return pages;
}

/* Page N of M on every page, and M the page count. */
static int check_pages(const char *path, const char *text)
{
	char *all = run("pdfinfo", path, ""), buf[64], want[64];
	int pages, land, sized;

	pages = atoi(info(all, "Pages", buf, sizeof buf));
	assert_true(pages >= 1);
	for (int i = 1; i <= pages; i++) {
		snprintf(want, sizeof want, "Page %d of %d", i, pages);
		if (count(text, want) != 1)
			fail_msg("\"%s\" is not on the page once", want);
	}
	snprintf(want, sizeof want, "Page %d of %d", pages + 1, pages);
	assert_int_equal(count(text, want), 0);
	sized = pages_a4(path, &land);
	assert_int_equal(sized, pages);
	free(all);
	return pages;
}

static void check_fonts(const char *path)
{
	char *all = run("pdffonts", path, "");
	int fonts = 0;

	/* name type encoding emb sub uni object ID: after the two heading lines */
	for (const char *l = strchr(all, '\n'); l != NULL && l[1] != '\0'; l = strchr(l + 1, '\n')) {
		char name[256], emb[8], sub[8];

		if (l[1] == '-')
			continue;
		if (sscanf(l + 1, "%255s", name) != 1)
			continue;
		/* emb and sub are the 3rd and 2nd words from the end, before uni */
		{
			const char *e = strchr(l + 1, '\n');
			size_t len = e != NULL ? (size_t)(e - l - 1) : strlen(l + 1);
			char line[512], *w[16];
			int nw = 0;

			snprintf(line, sizeof line, "%.*s", (int)len, l + 1);
			for (char *t = strtok(line, " "); t != NULL && nw < 16; t = strtok(NULL, " "))
				w[nw++] = t;
			if (nw < 7)
				continue;
			snprintf(emb, sizeof emb, "%s", w[nw - 5]);
			snprintf(sub, sizeof sub, "%s", w[nw - 4]);
		}
		fonts++;
		if (strcmp(emb, "yes") != 0 || strcmp(sub, "yes") != 0)
			fail_msg("font %s is not an embedded subset (emb %s, sub %s)", name, emb, sub);
		if (strstr(name, "DejaVu") == NULL)
			fail_msg("font %s is not DejaVu", name);
	}
	assert_true(fonts >= 2);   /* regular and bold at least */
	free(all);
}

static void must_show(const char *text, const char *s)
{
	if (strstr(text, s) == NULL)
		fail_msg("\"%s\" is not on the page", s);
}

/* The title page's contents: each entry's page has the heading. */
static void check_contents(const char *path)
{
	char *cover = run("pdftotext -layout -f 1 -l 1", path, "-"), *at;
	int entries = 0;

	at = strstr(cover, "Contents");
	assert_non_null(at);
	for (char *l = strchr(at, '\n'); l != NULL && l[1] != '\0'; l = strchr(l + 1, '\n')) {
		char line[256], *end, *num, opt[64];
		size_t len;

		end = strchr(l + 1, '\n');
		len = end != NULL ? (size_t)(end - l - 1) : strlen(l + 1);
		snprintf(line, sizeof line, "%.*s", (int)len, l + 1);
		/* "Title .......... 3": the number at the end, the title at the start */
		while (len > 0 && line[len - 1] == ' ')
			line[--len] = '\0';
		if (len == 0 && entries > 0)
			break;   /* the end of the contents */
		num = strrchr(line, ' ');
		if (num == NULL || atoi(num + 1) < 2)
			continue;
		*num++ = '\0';
		if (strstr(line, " .") != NULL)
			*strstr(line, " .") = '\0';
		for (len = strlen(line); len > 0 && (line[len - 1] == ' ' || line[len - 1] == '.'); )
			line[--len] = '\0';
		if (len == 0)
			continue;
		snprintf(opt, sizeof opt, "-layout -f %d -l %d", atoi(num), atoi(num));
		{
			char cmd[96], *page;

			snprintf(cmd, sizeof cmd, "pdftotext %s", opt);
			page = run(cmd, path, "-");
			if (strstr(page, line) == NULL)
				fail_msg("the contents say \"%s\" is on page %s; it is not", line, num);
			free(page);
		}
		entries++;
	}
	assert_true(entries >= 9);
	free(cover);
}

/* ---- the FGB ------------------------------------------------------------------ */

static void test_fgb(void **state)
{
	report *r = make(BOARD_FGB, 0);
	char path[256], buf[256], *text, *all;
	FILE *f;
	char head[8] = { 0 };

	(void)state;
	if (!have_poppler())
		skip();
	render(r, "fgb.pdf", path, sizeof path);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(head, 1, 5, f), 5);
	fclose(f);
	assert_string_equal(head, "%PDF-");

	text = run("pdftotext -layout", path, "-");
	check_pages(path, text);
	/* the title page */
	must_show(text, "West Midlands Police and OPCC");
	must_show(text, "Finance Governance Board");
	must_show(text, "2025/26 (01/04/2025 to 31/03/2026)");
	must_show(text, "WMP and OPCC");
	must_show(text, "Illustrative values 2025 (illustrative)");
	must_show(text, "Licensed set 2024");
	assert_null(strstr(text, "Licensed set 2024 (illustrative)"));
	must_show(text, "27/11/2026 09:05");
	must_show(text, "alice");
	must_show(text, "1234:" HASH);
	/* the figures: the headline, bodies, themes, measures, the huge one */
	must_show(text, "£50,000.00");
	must_show(text, "£25,000.00");
	must_show(text, "£12,500.00");
	must_show(text, "£40,000.00");
	must_show(text, "£999,999,999,999.99");
	must_show(text, "12.5");       /* NT1 committed 1250 hundredths */
	must_show(text, "1,000");      /* NT99 committed */
	must_show(text, "500.5");
	must_show(text, "NT99*");
	must_show(text, "record only");
	must_show(text, "C-0012");
	/* the trend's exact figures and the RAG counts */
	must_show(text, "£8,000.00");
	must_show(text, "2025/26 Q1");
	must_show(text, "the year's end");
	/* the sections, in order */
	{
		static const char *const order[] = {
			"By body", "By theme", "By outcome", "By measure: social value",
			"By measure: quantities", "Top ten contracts", "Charts", "Social value by theme",
			"Validated social value by quarter", "Contracts by RAG", "Highlights",
			"Policy exceptions", "Lines awaiting validation", "End of report."
		};
		/* the headline and the contents on the title page, the sections
		 * after it (the contents name them too) */
		assert_true(strstr(text, "Headline") < strstr(text, "Contents"));
		assert_true(strstr(text, "Contents") < strstr(text, "Page 1 of"));
		const char *at = strstr(text, "Page 1 of");

		assert_non_null(at);
		for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
			const char *p = strstr(at, order[i]);

			if (p == NULL)
				fail_msg("section \"%s\" is missing or out of order", order[i]);
			at = p;
		}
	}
	must_show(text, "Forty apprentices started in the year.");
	check_contents(path);

	all = run("pdfinfo", path, "");
	assert_string_equal(info(all, "Title", buf, sizeof buf),
			    "Finance Governance Board 2025/26: social value");
	assert_string_equal(info(all, "Author", buf, sizeof buf), "alice");
	assert_string_equal(info(all, "Subject", buf, sizeof buf),
			    "Finance Governance Board, 2025/26 (01/04/2025 to 31/03/2026)");
	assert_string_equal(info(all, "Page size", buf, sizeof buf),
			    "595.276 x 841.89 pts (A4)");
	free(all);
	check_fonts(path);
	free(text);
	report_free(&r);
}

/* ---- the quarterly boards: the wide contracts table --------------------------- */

static void test_quarterly(void **state)
{
	char path[256], *text, buf[64];

	(void)state;
	if (!have_poppler())
		skip();
	for (int b = BOARD_QPRB; b <= BOARD_QRB; b++) {
		report *r = make((enum report_board)b, 1);
		int land;

		snprintf(buf, sizeof buf, "%s.pdf", report_board_code((enum report_board)b));
		render(r, buf, path, sizeof path);
		text = run("pdftotext -layout", path, "-");
		check_pages(path, text);
		pages_a4(path, &land);
		must_show(text, "2025/26 Q2 (01/07/2025 to 30/09/2025)");
		must_show(text, "Headline: the quarter and the year to date");
		must_show(text, "£999,999,999,999.99");
		must_show(text, "£30,000.00");     /* delivered YTD of the headline */
		must_show(text, "Delivered YTD");
		must_show(text, "Missing returns");
		must_show(text, "Cleaning");
		for (int i = 1; i <= 12; i++) {
			snprintf(buf, sizeof buf, "C-%04d", i);
			must_show(text, buf);
		}
		must_show(text, "green");
		must_show(text, "amber");
		if (b == BOARD_QRB) {
			must_show(text, "OPCC considerations: local measures");
			must_show(text, "Prison leavers employed");
			must_show(text, "Lighting and sight lines reviewed with the DOCO.");
			must_show(text, "Brook CIC");
		} else {
			assert_null(strstr(text, "OPCC considerations"));
		}
		free(text);
		report_free(&r);
	}
}

/* A table wider than portrait goes landscape; a long one runs over many
 * pages with every row and its header on each. */
static void test_long_and_wide(void **state)
{
	report *r = make(BOARD_QPRB, 0);
	char path[256], buf[64], *text;
	int pages, land;
	size_t n = 1500;

	(void)state;
	if (!have_poppler())
		skip();
	for (size_t i = 0; i < r->contracts_rows.n; i++) {
		free(r->contracts_rows.v[i].key);
		free(r->contracts_rows.v[i].title);
		free(r->contracts_rows.v[i].supplier);
	}
	free(r->contracts_rows.v);
	rows(&r->contracts_rows, n);
	for (size_t i = 0; i < n; i++) {
		snprintf(buf, sizeof buf, "LONGREF-%06zu", i + 1);
		row(&r->contracts_rows.v[i], buf, "A contract", HUGE_PENCE - (sv_pence)i,
		    HUGE_PENCE / 3, HUGE_PENCE / 7);
		r->contracts_rows.v[i].supplier = sdup(LONG_SUPPLIER);
	}
	r->contracts_rows.v[0].fig.delivered_ytd = HUGE_PENCE;
	r->n_top = 0;
	render(r, "long.pdf", path, sizeof path);
	text = run("pdftotext -layout", path, "-");
	pages = check_pages(path, text);
	pages_a4(path, &land);
	assert_true(land >= 30);            /* the contracts, landscape */
	assert_true(land < pages);          /* the rest portrait */
	for (size_t i = 0; i < n; i++) {
		snprintf(buf, sizeof buf, "LONGREF-%06zu", i + 1);
		if (count(text, buf) != 1)
			fail_msg("%s is on the page %zu times", buf, count(text, buf));
	}
	must_show(text, "£999,999,999,999.99");
	must_show(text, "£999,999,999,999.69");   /* the 31st row: never cut */
	/* the header on every page of the table */
	assert_true(count(text, "Validated YTD") >= (size_t)land);
	/* the supplier's long name is cut with an ellipsis on the page (a
	 * reader's copy and search still find it whole: the cut glyphs carry
	 * the text they stand for), and the money beside it is whole */
	must_show(text, LONG_SUPPLIER " £999,999,999,999.99");
	free(text);
	report_free(&r);
}

/* ---- hostile text ------------------------------------------------------------- */

static void test_hostile(void **state)
{
	report *r = make(BOARD_FGB, 0);
	char path[256], *text, *all, buf[256];

	(void)state;
	if (!have_poppler())
		skip();
	free(r->org_name);
	r->org_name = sdup("<b>Org</b> &amp; \x1b]0;pwned\x07 \xe2\x80\xae" "evil \xff\xfe");
	free(r->generated_by);
	r->generated_by = sdup("<i>eve</i>\xe2\x80\x8b");
	free(r->contracts_rows.v[11].supplier);
	r->contracts_rows.v[11].supplier = sdup("Bad\rSupplier\xe2\x81\xa6 Ltd\xc2\x9b");
	free(r->themes.v[0].key);
	r->themes.v[0].key = sdup("<span foreground=\"red\">J</span>");
	render(r, "hostile.pdf", path, sizeof path);
	text = run("pdftotext -layout", path, "-");
	must_show(text, "<b>Org</b> &amp; ?]0;pwned? ?evil ??");
	must_show(text, "Evil ?[31mred?[0m text ?desrever");
	must_show(text, "Bad?Supplier? Ltd?");
	must_show(text, "<i>eve</i>?");
	assert_null(strstr(text, "\xe2\x80\xae"));
	assert_null(strstr(text, "\xe2\x80\x8b"));
	assert_null(strstr(text, "\xe2\x81\xa6"));
	for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++)
		if (*p < 0x20 && *p != '\n' && *p != '\f' && *p != ' ')
			fail_msg("a control character 0x%02x reached the page", *p);
	all = run("pdfinfo", path, "");
	assert_string_equal(info(all, "Author", buf, sizeof buf), "<i>eve</i>?");
	free(all);
	free(text);
	report_free(&r);
}

/* ---- an empty report ---------------------------------------------------------- */

static void test_empty(void **state)
{
	report *r = calloc(1, sizeof *r);
	char path[256], *text;

	(void)state;
	if (!have_poppler())
		skip();
	assert_non_null(r);
	r->p.board = BOARD_QRB;
	r->p.fy = 2026;
	r->p.q = 1;
	r->generated_at = (sv_datetime){ { 2026, 7, 1 }, 8, 0, 0 };
	render(r, "empty.pdf", path, sizeof path);
	text = run("pdftotext -layout", path, "-");
	check_pages(path, text);
	must_show(text, "(not named)");
	must_show(text, "none");
	must_show(text, "No questionnaire answers are recorded for OPCC contracts yet.");
	must_show(text, "End of report.");
	free(text);
	report_free(&r);
}

/* ---- a failed write ------------------------------------------------------------ */

static void test_write_error(void **state)
{
	report *r = make(BOARD_FGB, 0);
	sv_err err = { 0 };
	FILE *f = fopen("/dev/full", "wb");

	(void)state;
	if (f == NULL)
		skip();
	setvbuf(f, NULL, _IONBF, 0);
	assert_int_equal(report_render_pdf(r, f, &err), -1);
	if (strcmp(err.msg, "cannot write: the disk is full: free some space there and try again") != 0)
		fail_msg("the error does not say why: %s", err.msg);
	fclose(f);
	report_free(&r);
}

/* The same report is the same file (the clock is the report's). */
static void test_same_bytes(void **state)
{
	report *r = make(BOARD_QPRB, 1);
	char p1[256], p2[256], cmd[600];

	(void)state;
	render(r, "a.pdf", p1, sizeof p1);
	render(r, "b.pdf", p2, sizeof p2);
	snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s'", p1, p2);
	assert_int_equal(system(cmd), 0);
	report_free(&r);
}

/* A build without cairo and pango says what to install. */
static void test_missing(void **state)
{
	report *r = make(BOARD_FGB, 0);
	sv_err err = { 0 };
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	(void)state;
	assert_non_null(f);
	assert_int_equal(report_render_pdf(r, f, &err), -1);
	assert_int_equal(report_pdf_chart(r, CHART_THEMES, 400, 300, f, &err), -1);
	fclose(f);
	assert_int_equal(n, 0);
	assert_non_null(strstr(err.msg, "libcairo2-dev"));
	assert_non_null(strstr(err.msg, "libpango1.0-dev"));
	assert_string_equal(err.msg, report_pdf_missing());
	free(buf);
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fgb),
		cmocka_unit_test(test_quarterly),
		cmocka_unit_test(test_long_and_wide),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_write_error),
		cmocka_unit_test(test_same_bytes),
	};

	const struct CMUnitTest without[] = {
		cmocka_unit_test(test_missing),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	if (!report_pdf_available())
		return cmocka_run_group_tests(without, NULL, NULL);
	return cmocka_run_group_tests(tests, setup, teardown);
}
