/* test_report_text.c: the paper layout of the board reports, from reports
 * built by hand (no database): no line wider than the page at every width,
 * exactly page_length lines a page with "Page N of M" and form feeds
 * between pages, money never cut, long names cut with an ellipsis, figures
 * right-aligned, chart bars scaled, hostile text neutralised, the clock and
 * the chain head marked, empty sections saying so; and printing through a
 * command (what it receives, and how its failures are told). */
#include "config.h"

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
#include "svdesk/utf8.h"
#include "reporttest.h"

static void render(const report *r, int width, int page_length, enum money_style m,
		   report_text *t)
{
	report_layout lay = { width, page_length, m };
	sv_err err = { 0 };

	if (report_render_text(r, &lay, t, &err) != 0)
		fail_msg("render: %s", err.msg);
}

/* The written text as one string. */
static char *written(const report_text *t, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	assert_int_equal(report_text_write(t, f), 0);
	fclose(f);
	if (len != NULL)
		*len = n;
	return buf;
}

static int width_of(const char *s)
{
	size_t n = strlen(s), i = 0;
	int c = 0;

	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(s + i, n - i, &cp, NULL);
		int w;

		assert_true(k > 0);
		w = utf8_width(cp);
		assert_true(w >= 0);   /* every character can be shown */
		c += w;
		i += k;
	}
	return c;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
		n++;
	return n;
}

/* ---- every line fits, at every width -------------------------------------- */

static void test_widths(void **state)
{
	static const int widths[] = { 40, 60, 80, 132, 250 };

	(void)state;
	for (int b = 0; b < BOARD_COUNT; b++) {
		report *r = make((enum report_board)b, b == BOARD_QRB);

		for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
			for (int m = 0; m < 2; m++) {
				report_text t;

				render(r, widths[w], m ? 66 : 0, m ? MONEY_GBP : MONEY_POUND, &t);
				assert_true(t.n > 40);
				for (size_t i = 0; i < t.n; i++) {
					if (t.lines[i].kind == RLINE_PAGE)
						continue;
					if (width_of(t.lines[i].text) > widths[w])
						fail_msg("board %d width %d: line %zu is %d wide: %s", b,
							 widths[w], i, width_of(t.lines[i].text),
							 t.lines[i].text);
					assert_null(strchr(t.lines[i].text, '\n'));
					/* no trailing spaces */
					if (t.lines[i].text[0] != '\0')
						assert_true(t.lines[i].text[strlen(t.lines[i].text) - 1] != ' ');
				}
				report_text_free(&t);
			}
		}
		report_free(&r);
	}
}

/* ---- pages ------------------------------------------------------------------- */

static void test_pages(void **state)
{
	static const int lengths[] = { 10, 20, 66 };

	(void)state;
	for (int b = 0; b < BOARD_COUNT; b++) {
		report *r = make((enum report_board)b, 1);

		for (size_t k = 0; k < sizeof lengths / sizeof lengths[0]; k++) {
			report_text t;
			char *text, *p, want[64];
			size_t len, page = 0, lines = 0;

			render(r, 80, lengths[k], MONEY_POUND, &t);
			assert_true(t.pages >= 1);
			if (lengths[k] <= 20)
				assert_true(t.pages > 2);
			text = written(&t, &len);
			assert_int_equal(count(text, "\f"), (size_t)t.pages - 1);
			/* split at the form feeds: page_length lines each, the
			 * footer last */
			p = text;
			for (;;) {
				char *ff = strchr(p, '\f'), *end = ff != NULL ? ff : text + len;
				char *last = NULL;

				page++;
				lines = 0;
				for (char *q = p; q < end; q++)
					if (*q == '\n')
						lines++;
				assert_int_equal(lines, (size_t)lengths[k]);
				/* the last line of the page is its footer */
				for (char *q = end - 1; q > p; q--)
					if (q[-1] == '\n') {
						last = q;
						break;
					}
				assert_non_null(last);
				snprintf(want, sizeof want, "Page %zu of %d\n", page, t.pages);
				assert_int_equal(strncmp(last + strspn(last, " "), want, strlen(want)), 0);
				/* the page header names the organisation and the board */
				assert_int_equal(strncmp(p, "West Midlands Police and OPCC", 29), 0);
				assert_non_null(strstr(p, report_board_title((enum report_board)b)));
				if (ff == NULL)
					break;
				p = ff + 1;
			}
			assert_int_equal(page, (size_t)t.pages);
			free(text);
			report_text_free(&t);
		}
		/* no pages: no headers, no footers, no form feeds */
		{
			report_text t;
			char *text;

			render(r, 80, 0, MONEY_POUND, &t);
			text = written(&t, NULL);
			assert_int_equal(t.pages, 1);
			assert_null(strchr(text, '\f'));
			assert_null(strstr(text, "Page 1 of"));
			free(text);
			report_text_free(&t);
		}
		report_free(&r);
	}
}

static void test_bad_layout(void **state)
{
	report *r = make(BOARD_FGB, 0);
	report_layout lay = { 39, 0, MONEY_POUND };
	report_text t;
	sv_err err = { 0 };

	(void)state;
	assert_int_equal(report_render_text(r, &lay, &t, &err), -1);
	assert_non_null(strstr(err.msg, "39"));
	lay.width = 251;
	assert_int_equal(report_render_text(r, &lay, &t, &err), -1);
	lay.width = 80;
	lay.page_length = 9;
	assert_int_equal(report_render_text(r, &lay, &t, &err), -1);
	report_free(&r);
}

/* ---- money never cut; names cut with an ellipsis -------------------------------- */

static void test_money_and_names(void **state)
{
	static const int widths[] = { 40, 60, 80, 132 };

	(void)state;
	for (int b = 0; b < BOARD_COUNT; b++) {
		report *r = make((enum report_board)b, 0);

		for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
			report_text t;
			char *text;

			render(r, widths[w], 0, MONEY_POUND, &t);
			text = written(&t, NULL);
			assert_non_null(strstr(text, "\xc2\xa3" "999,999,999,999.99"));
			/* the long supplier is in the contracts (QPRB, QRB) or
			 * the top ten (FGB: C-0004 is not in it, C-0009 is) */
			assert_null(strstr(text, LONG_SUPPLIER));
			report_text_free(&t);
			free(text);

			render(r, widths[w], 0, MONEY_GBP, &t);
			text = written(&t, NULL);
			assert_non_null(strstr(text, "GBP 999,999,999,999.99"));
			assert_null(strstr(text, "\xe2\x80\xa6"));   /* no … where the locale is not UTF-8 */
			report_text_free(&t);
			free(text);
		}
		report_free(&r);
	}
	/* a quarterly report shows C-0004's supplier cut with "…" (UTF-8)
	 * and "..." (GBP) */
	{
		report *r = make(BOARD_QPRB, 0);
		report_text t;
		char *text;

		render(r, 80, 0, MONEY_POUND, &t);
		text = written(&t, NULL);
		assert_non_null(strstr(text, "Amalgamated"));
		assert_non_null(strstr(text, "\xe2\x80\xa6"));
		free(text);
		report_text_free(&t);
		render(r, 80, 0, MONEY_GBP, &t);
		text = written(&t, NULL);
		assert_non_null(strstr(text, "Amalgamated"));
		assert_non_null(strstr(text, "..."));
		free(text);
		report_text_free(&t);
		/* wide enough: the name whole */
		render(r, 250, 0, MONEY_POUND, &t);
		text = written(&t, NULL);
		assert_non_null(strstr(text, LONG_SUPPLIER));
		free(text);
		report_text_free(&t);
		report_free(&r);
	}
}

/* ---- right alignment ------------------------------------------------------------- */

/* The first line from `from` on that begins with prefix; a line that is
 * not there fails the test (never NULL, so the callers need no check). */
static const report_line *find_line(const report_text *t, const char *prefix, size_t from)
{
	static char empty[] = "";
	static const report_line none = { .text = empty };

	for (size_t i = from; i < t->n; i++)
		if (strncmp(t->lines[i].text, prefix, strlen(prefix)) == 0)
			return &t->lines[i];
	fail_msg("no line begins with \"%s\"", prefix);
	return &none;
}

static void test_right_aligned(void **state)
{
	report *r = make(BOARD_FGB, 0);
	report_text t;
	const report_line *a, *b, *c;

	(void)state;
	render(r, 132, 0, MONEY_POUND, &t);
	/* the headline: the figures end in one column */
	a = find_line(&t, "Contracts ", 0);
	b = find_line(&t, "Committed (year)", 0);
	c = find_line(&t, "Validated ", 0);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_int_equal(width_of(a->text), width_of(b->text));
	assert_int_equal(width_of(b->text), width_of(c->text));
	assert_non_null(strstr(b->text, "\xc2\xa3" "50,000.00"));
	/* by body: "WMP" and "OPCC" rows end in one column, their figures
	 * under the headings' right ends */
	a = find_line(&t, "WMP ", 0);
	b = find_line(&t, "OPCC ", 0);
	c = find_line(&t, "Body ", 0);
	assert_non_null(a);
	assert_non_null(b);
	assert_non_null(c);
	assert_int_equal(width_of(a->text), width_of(b->text));
	assert_int_equal(width_of(a->text), width_of(c->text));
	assert_non_null(strstr(a->text, "\xc2\xa3" "40,000.00  \xc2\xa3" "20,000.00  \xc2\xa3" "10,000.00"));
	report_text_free(&t);
	report_free(&r);
}

/* On a narrow page the headline's labels give way to the figures, two
 * spaces apart. */
static void test_narrow_headline(void **state)
{
	report *r = make(BOARD_QPRB, 0);
	report_text t;
	const report_line *l;

	(void)state;
	r->headline.delivered_ytd = HUGE_PENCE;
	render(r, 40, 0, MONEY_GBP, &t);
	l = find_line(&t, "Delivered, ye...  GBP", 0);
	assert_non_null(l);
	assert_int_equal(width_of(l->text), 40);
	assert_non_null(strstr(l->text, "GBP 999,999,999,999.99"));
	l = find_line(&t, "Committed (year)", 0);
	assert_non_null(l);
	assert_int_equal(width_of(l->text), 40);
	report_text_free(&t);
	report_free(&r);
}

/* ---- charts ------------------------------------------------------------------------- */

static void test_charts(void **state)
{
	static const int widths[] = { 40, 80, 132 };

	(void)state;
	for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
		report *r = make(BOARD_FGB, 0);
		report_text t;
		int bars = 0, full = 0, trend = 0;

		render(r, widths[w], 0, MONEY_POUND, &t);
		for (size_t i = 0; i < t.n; i++) {
			const report_line *l = &t.lines[i];
			static const char ch[] = { '=', '+', '#', '#' };
			if (l->kind != RLINE_BAR)
				continue;
			bars++;
			/* the bar's characters are where it says (ASCII before
			 * and in the bar) */
			for (int k = 0; k < l->bar_len; k++)
				assert_int_equal(l->text[l->bar_at + k], ch[l->series]);
			assert_true(l->text[l->bar_at + l->bar_len] != ch[l->series]);
			assert_int_equal(l->text[l->bar_at - 1], '|');
			if (l->series == SERIES_TREND)
				trend++;
			if (strstr(l->text, "\xc2\xa3" "40,000.00") != NULL && l->series == SERIES_COMMITTED)
				full = l->bar_len;
		}
		/* three bars a theme, eight quarters */
		assert_int_equal(trend, REPORT_TREND_N);
		assert_int_equal(bars, 3 * 3 + REPORT_TREND_N);
		assert_true(full > 0);
		/* scaled: Jobs committed (40,000) is the largest; Growth
		 * committed (20,000) half of it, Jobs validated (10,000) a
		 * quarter; Social (0) no bar */
		for (size_t i = 0; i < t.n; i++) {
			const report_line *l = &t.lines[i];

			if (l->kind != RLINE_BAR || l->series == SERIES_TREND)
				continue;
			if (strstr(l->text, "\xc2\xa3" "20,000.00") != NULL)
				assert_true(abs(2 * l->bar_len - full) <= 1);
			else if (strstr(l->text, "\xc2\xa3" "10,000.00") != NULL)
				assert_true(abs(4 * l->bar_len - full) <= 2);
			else if (strstr(l->text, "\xc2\xa3" "0.00") != NULL)
				assert_int_equal(l->bar_len, 0);
		}
		/* the trend: the last quarter is the largest; a quarter of
		 * nothing has no bar; quarter 1 is an eighth of the last */
		{
			const report_line *q1 = find_line(&t, "2024/25 Q3", 0);
			const report_line *q8 = find_line(&t, "2026/27 Q2", 0);
			const report_line *q4 = find_line(&t, "2025/26 Q2", 0);

			assert_non_null(q1);
			assert_non_null(q8);
			assert_non_null(q4);
			assert_int_equal(q8->bar_len, widths[w] - q8->bar_at - 1 -
					 width_of("\xc2\xa3" "8,000.00"));
			assert_true(abs(8 * q1->bar_len - q8->bar_len) <= 4);
			assert_int_equal(q4->bar_len, 0);
		}
		/* a legend */
		assert_non_null(find_line(&t, "= committed   + delivered   # validated", 0));
		report_text_free(&t);
		report_free(&r);
	}
}

/* ---- hostile text, the masked lines, empty sections -------------------------------- */

static void test_hostile_text(void **state)
{
	report *r = make(BOARD_FGB, 0);
	report_text t;
	char *text;

	(void)state;
	free(r->org_name);
	r->org_name = sdup("Org\x1b]0;pwned\x07 \xe2\x80\xae" "evil");
	free(r->contracts_rows.v[11].supplier);
	r->contracts_rows.v[11].supplier = sdup("Bad\rSupplier\xe2\x81\xa6 Ltd\xc2\x9b");
	render(r, 250, 66, MONEY_POUND, &t);
	text = written(&t, NULL);
	for (const unsigned char *p = (const unsigned char *)text; *p != '\0'; p++)
		if (*p < 0x20 && *p != '\n' && *p != '\f')
			fail_msg("a control character 0x%02x reached the paper", *p);
	assert_null(strstr(text, "\xe2\x80\xae"));   /* RIGHT-TO-LEFT OVERRIDE */
	assert_null(strstr(text, "\xe2\x80\x8b"));   /* ZERO WIDTH SPACE */
	assert_null(strstr(text, "\xe2\x81\xa6"));   /* LEFT-TO-RIGHT ISOLATE */
	assert_null(strstr(text, "\xc2\x9b"));       /* CSI (C1) */
	assert_non_null(strstr(text, "Evil ?[31mred?[0m text ?desrever"));
	assert_non_null(strstr(text, "Bad?Supplier? Ltd?"));
	free(text);
	report_text_free(&t);
	report_free(&r);
}

static void test_masked_and_head(void **state)
{
	static const int widths[] = { 40, 80, 132 };

	(void)state;
	for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
		report *r = make(BOARD_QPRB, 0);
		report_text t;
		char joined[512] = "";
		int masked = 0, in_head = 0;

		render(r, widths[w], 66, MONEY_POUND, &t);
		for (size_t i = 0; i < t.n; i++) {
			const report_line *l = &t.lines[i];

			if (strstr(l->text, "27/11/2026 09:05 by alice") != NULL)
				assert_true(l->masked);
			if (!l->masked) {
				assert_null(strstr(l->text, "09:05"));
				assert_null(strstr(l->text, "0123456789abcdef"));
				continue;
			}
			masked++;
			/* the chain head, with the wrapped parts joined */
			if (strncmp(l->text, "Audit chain head:", 17) == 0)
				in_head = 1;
			if (in_head) {
				const char *s = l->text;

				if (strncmp(s, "Audit chain head:", 17) == 0)
					s += 17;
				s += strspn(s, " ");
				strncat(joined, s, sizeof joined - strlen(joined) - 1);
			}
		}
		assert_true(masked >= 2);
		assert_string_equal(joined, "1234:" HASH);
		report_text_free(&t);
		report_free(&r);
	}
}

static void test_title_block(void **state)
{
	report *r = make(BOARD_QRB, 0);
	report_text t;
	char *text;

	(void)state;
	render(r, 132, 0, MONEY_POUND, &t);
	text = written(&t, NULL);
	assert_int_equal(strncmp(text, report_board_title(BOARD_QRB),
				 strlen(report_board_title(BOARD_QRB))), 0);
	assert_non_null(strstr(text, "2025/26 Q2 (01/07/2025 to 30/09/2025)"));
	assert_non_null(strstr(text, "Bodies:           OPCC\n"));
	assert_non_null(strstr(text, "Illustrative values 2025 (illustrative); Licensed set 2024\n"));
	assert_non_null(strstr(text, "Organisation:     West Midlands Police and OPCC\n"));
	assert_non_null(strstr(text, "No questionnaire answers are recorded for OPCC contracts yet."));
	/* an empty section says so */
	assert_non_null(strstr(text, "Policy exceptions\n-----------------\n"
			       "Contracts above the policy threshold"));
	assert_non_null(strstr(text, "minimum:\nnone\n"));
	/* RAG as a word */
	assert_non_null(strstr(text, "amber"));
	assert_non_null(strstr(text, "green"));
	free(text);
	report_text_free(&t);
	report_free(&r);

	r = make(BOARD_QRB, 1);
	render(r, 80, 0, MONEY_POUND, &t);
	text = written(&t, NULL);
	assert_null(strstr(text, "No questionnaire answers"));
	/* each contract once, its answers under it: a count on its label's
	 * line, a text too long for it on lines of its own */
	assert_non_null(strstr(text, "\nC-0002  Acme Ltd\n"
			       "  Prison leavers employed: 3\n"
			       "  Contribution to Design Out Crime:\n"
			       "    Lighting and sight lines reviewed with the DOCO.\n"
			       "\nC-0003  Brook CIC\n"
			       "  Contribution to local plan employment targets: Yes\n"));
	free(text);
	report_text_free(&t);
	report_free(&r);

	r = make(BOARD_FGB, 0);
	render(r, 80, 0, MONEY_POUND, &t);
	text = written(&t, NULL);
	assert_non_null(strstr(text, "2025/26 (01/04/2025 to 31/03/2026)"));
	assert_non_null(strstr(text, "Bodies:           WMP and OPCC\n"));
	assert_non_null(strstr(text, "NT99*"));
	assert_non_null(strstr(text, "* record only"));
	assert_non_null(strstr(text, "1,000"));       /* 1000.00 hours, grouped */
	assert_non_null(strstr(text, "500.5"));       /* 500.50 hours delivered */
	assert_non_null(strstr(text, "- [WMP, C-0001] Evil"));
	free(text);
	report_text_free(&t);
	report_free(&r);
}

/* ---- printing ------------------------------------------------------------------------- */

static void test_print(void **state)
{
	report *r = make(BOARD_FGB, 0);
	report_text t;
	char *text, cmd[256], path[] = "report-print-XXXXXX", *got;
	size_t len, glen = 0;
	sv_err err = { 0 };
	FILE *f;
	int fd;

	(void)state;
	render(r, 80, 20, MONEY_POUND, &t);
	text = written(&t, &len);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof cmd, "cat > '%s'", path);
	assert_int_equal(report_print(&t, cmd, &err), 0);
	f = fopen(path, "rb");
	assert_non_null(f);
	got = malloc(len + 16);
	assert_non_null(got);
	glen = fread(got, 1, len + 16, f);
	fclose(f);
	assert_int_equal(glen, len);
	assert_memory_equal(got, text, len);
	free(got);
	unlink(path);

	/* failures: the command, the status, its first line on stderr */
	assert_int_equal(report_print(&t, "false", &err), -1);
	assert_non_null(strstr(err.msg, "'false'"));
	assert_non_null(strstr(err.msg, "exit status 1"));
	assert_int_equal(err.code, 1);
	assert_int_equal(report_print(&t, "cat >/dev/null; echo 'out of paper' >&2; "
				      "echo second >&2; exit 3", &err), -1);
	if (strstr(err.msg, "failed (exit status 3): out of paper") == NULL)
		fail_msg("%s", err.msg);
	assert_string_equal(err.msg + strlen(err.msg) - strlen("out of paper"), "out of paper");
	assert_int_equal(err.code, 3);
	assert_int_equal(report_print(&t, "no-such-printer-program-xyz", &err), -1);
	assert_non_null(strstr(err.msg, "could not start (exit status 127)"));
	assert_non_null(strstr(err.msg, "no-such-printer-program-xyz"));
	assert_int_equal(report_print(&t, "kill -TERM $$", &err), -1);
	assert_non_null(strstr(err.msg, "signal 15"));
	/* a command that reads nothing and fails: its status, not the
	 * broken pipe, is what is told */
	assert_int_equal(report_print(&t, "exec 0<&-; exit 4", &err), -1);
	assert_non_null(strstr(err.msg, "exit status 4"));
	/* one that reads nothing and succeeds has had its say */
	assert_int_equal(report_print(&t, "exec 0<&-; exit 0", &err), 0);
	/* lots on stderr before reading: no deadlock */
	assert_int_equal(report_print(&t, "head -c 200000 /dev/zero >&2; cat >/dev/null", &err), 0);
	assert_int_equal(report_print(&t, "", &err), -1);
	free(text);
	report_text_free(&t);
	report_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_bad_layout),
		cmocka_unit_test(test_money_and_names),
		cmocka_unit_test(test_right_aligned),
		cmocka_unit_test(test_narrow_headline),
		cmocka_unit_test(test_charts),
		cmocka_unit_test(test_hostile_text),
		cmocka_unit_test(test_masked_and_head),
		cmocka_unit_test(test_title_block),
		cmocka_unit_test(test_print),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
