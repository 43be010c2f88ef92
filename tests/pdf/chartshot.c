/* chartshot: one chart of a board report as a PDF page, for the golden
 * images of tests/pdf/pdf_charts.sh.
 *
 *   chartshot DB BOARD PERIOD CHART W H OUT
 *       the report of database DB: BOARD fgb, qprb or qrb; PERIOD 2025/26,
 *       2025/26-Q2, or "default" (the board's default from SVDESK_NOW)
 *   chartshot --made NAME CHART W H OUT
 *       a report made here, without a database: "hostile" (40 themes,
 *       long keys with control, bidi and invalid bytes, values near
 *       INT64_MAX and below zero, a quarter missing from the trend,
 *       counts that are negative or huge) or "zero" (one theme, every
 *       figure zero, no contracts)
 *
 * CHART is themes, trend or rag; W and H are the page's size in points;
 * OUT is a file ("-" standard output).  Exit 0, or 1 with the message on
 * stderr, 2 on a usage error. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/db.h"
#include "svdesk/report.h"
#include "svdesk/report_pdf.h"
#include "svdesk/settings.h"

static int usage(void)
{
	fputs("usage: chartshot DB BOARD PERIOD CHART W H OUT\n"
	      "       chartshot --made hostile|zero CHART W H OUT\n", stderr);
	return 2;
}

static char *dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = malloc(n);

	if (d == NULL) {
		perror("chartshot");
		exit(1);
	}
	return memcpy(d, s, n);
}

/* A report of the database at path for board and period. */
static report *from_db(const char *path, const char *board, const char *period)
{
	db_open_opts o = { 0 };
	report_period p;
	sv_datetime now;
	sv_config cfg;
	sv_err e = { 0 };
	svdb *db = NULL;
	report *r = NULL;

	if (report_board_parse(board, &p.board) < 0) {
		fprintf(stderr, "chartshot: no board '%s'\n", board);
		return NULL;
	}
	if (clock_now(&now, &e) < 0) {
		fprintf(stderr, "chartshot: %s\n", e.msg);
		return NULL;
	}
	if (strcmp(period, "default") == 0) {
		p = report_default_period(p.board, now.date);
	} else if (report_board_quarterly(p.board)) {
		sv_quarter q;

		if (quarter_parse(period, &q, &e) < 0) {
			fprintf(stderr, "chartshot: %s\n", e.msg);
			return NULL;
		}
		p.fy = q.fy;
		p.q = q.q;
	} else {
		p.q = 0;
		if (fy_parse(period, &p.fy, &e) < 0) {
			fprintf(stderr, "chartshot: %s\n", e.msg);
			return NULL;
		}
	}
	o.busy_timeout_ms = -1;
	o.actor = "chartshot";
	o.origin = "test";
	if (db_open(&db, path, &o, &e) < 0) {
		fprintf(stderr, "chartshot: %s: %s\n", path, e.msg);
		return NULL;
	}
	config_defaults(&cfg);
	if (report_build(db, &cfg, &p, "chartshot", &now, &r, &e) < 0)
		fprintf(stderr, "chartshot: %s\n", e.msg);
	config_free(&cfg);
	db_close(&db);
	return r;
}

static void theme(report_row *row, const char *key, sv_pence c, sv_pence d, sv_pence v)
{
	row->key = dup(key);
	row->title = dup(key);
	row->parent = -1;
	row->fig.committed = c;
	row->fig.delivered = row->fig.delivered_ytd = d;
	row->fig.validated = row->fig.validated_ytd = v;
}

/* A report made here (see the top of the file). */
static report *made(const char *name)
{
	int hostile = strcmp(name, "hostile") == 0;
	report *r;
	sv_quarter q;

	if (!hostile && strcmp(name, "zero") != 0) {
		fprintf(stderr, "chartshot: no made report '%s' (hostile or zero)\n", name);
		return NULL;
	}
	r = calloc(1, sizeof *r);
	if (r == NULL)
		return NULL;
	r->org_name = dup("Test");
	r->generated_by = dup("chartshot");
	r->p.board = hostile ? BOARD_QPRB : BOARD_FGB;
	r->p.fy = 2025;
	r->p.q = hostile ? 2 : 0;
	r->rag_q = hostile ? 2 : 4;
	r->themes.n = hostile ? 40 : 1;
	r->themes.v = calloc(r->themes.n, sizeof *r->themes.v);
	if (r->themes.v == NULL) {
		r->themes.n = 0;
		report_free(&r);
		return NULL;
	}
	if (!hostile) {
		theme(&r->themes.v[0], "Jobs", 0, 0, 0);
	} else {
		char longkey[400];

		memset(longkey, 'W', sizeof longkey - 1);
		longkey[sizeof longkey - 1] = '\0';
		theme(&r->themes.v[0], "\x1b[31mRed\x1b[0m", INT64_MAX, INT64_MAX - 1, 1);
		theme(&r->themes.v[1], longkey, -5, INT64_MIN, 0);
		theme(&r->themes.v[2], "\xe2\x80\xae" "evil\xe2\x80\x8b", 12345, 99, 49);
		theme(&r->themes.v[3], "bad \xff\xfe bytes\n\tand lines", 99950, 99949, 100000);
		for (size_t i = 4; i < r->themes.n; i++) {
			char key[32];

			snprintf(key, sizeof key, "Theme %zu", i + 1);
			theme(&r->themes.v[i], key, (sv_pence)(i * 4611686018427387LL),
			      (sv_pence)(i * 2305843009213693LL), (sv_pence)(i * 1000000000000LL));
		}
	}
	q.fy = hostile ? 2023 : 2024;
	q.q = hostile ? 3 : 1;
	for (int i = 0; i < REPORT_TREND_N; i++) {
		r->trend[i].q = q;
		r->trend[i].validated = hostile ? (sv_pence)i * 1234567890123456LL : 0;
		q = quarter_next(q);
	}
	if (hostile) {
		r->trend[1].validated = INT64_MAX;
		r->trend[2].validated = -400;
		r->trend[5].q.fy = 0;   /* a quarter the report does not have */
		r->rag_count[RAG_RED] = INT64_MAX / 4;
		r->rag_count[RAG_AMBER] = -3;
		r->rag_count[RAG_GREEN] = 5;
		r->rag_count[RAG_NONE] = 0;
	}
	return r;
}

static int chart_parse(const char *s, enum report_chart *c)
{
	for (int i = 0; i < CHART_COUNT; i++)
		if (strcmp(s, report_chart_name((enum report_chart)i)) == 0) {
			*c = (enum report_chart)i;
			return 0;
		}
	return -1;
}

int main(int argc, char **argv)
{
	enum report_chart c;
	report *r;
	double w, h;
	char *end1, *end2;
	const char *out;
	FILE *f;
	sv_err e = { 0 };
	int rc, is_made = argc > 1 && strcmp(argv[1], "--made") == 0;
	char **a = argv + (is_made ? 3 : 4);   /* CHART W H OUT */

	if (argc != (is_made ? 7 : 8))
		return usage();
	if (chart_parse(a[0], &c) < 0)
		return usage();
	w = strtod(a[1], &end1);
	h = strtod(a[2], &end2);
	if (*end1 != '\0' || *end2 != '\0')
		return usage();
	out = a[3];
	r = is_made ? made(argv[2]) : from_db(argv[1], argv[2], argv[3]);
	if (r == NULL)
		return 1;
	f = strcmp(out, "-") == 0 ? stdout : fopen(out, "wb");
	if (f == NULL) {
		perror(out);
		report_free(&r);
		return 1;
	}
	rc = report_pdf_chart(r, c, w, h, f, &e);
	if (rc < 0)
		fprintf(stderr, "chartshot: %s\n", e.msg);
	if (f != stdout && fclose(f) != 0 && rc == 0) {
		perror(out);
		rc = -1;
	}
	report_free(&r);
	return rc < 0 ? 1 : 0;
}
