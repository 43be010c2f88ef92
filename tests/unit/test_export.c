/* test_export.c: the CSV writer (quoting, the formula guard, the byte-order
 * mark, write failures), plain value formats, supplier names and file
 * names, files replaced whole, and the export and chase list of a small
 * hand-made database. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "svdesk/csv.h"
#include "svdesk/csvout.h"
#include "svdesk/db.h"
#include "svdesk/export.h"
#include "svdesk/outfile.h"

/* ---- helpers ------------------------------------------------------------- */

struct mem {
	char *buf;
	size_t len;
	FILE *f;
};

static void mem_open(struct mem *m)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
}

static void mem_close(struct mem *m)
{
	fclose(m->f);
	m->f = NULL;
}

/* One row of text cells, as written. */
static char *row_text(const char *const *cells, size_t n)
{
	struct mem m;
	csvw w;

	mem_open(&m);
	csvw_init(&w, m.f, 0);
	assert_int_equal(csvw_row_text(&w, cells, n), 0);
	mem_close(&m);
	return m.buf;
}

static void cell_is(const char *in, const char *want)
{
	const char *cells[1] = { in };
	char *got = row_text(cells, 1);
	char expect[256];

	snprintf(expect, sizeof expect, "%s\r\n", want);
	assert_string_equal(got, expect);
	free(got);
}

/* ---- the writer ------------------------------------------------------------ */

static void test_quote_only_when_needed(void **state)
{
	(void)state;
	cell_is("plain", "plain");
	cell_is("", "");
	cell_is(NULL, "");
	cell_is("a,b", "\"a,b\"");
	cell_is("say \"hi\"", "\"say \"\"hi\"\"\"");
	cell_is("\"", "\"\"\"\"");
	cell_is("two\nlines", "\"two\nlines\"");
	cell_is("cr\rhere", "\"cr\rhere\"");
	cell_is(" lead", "\" lead\"");
	cell_is("trail ", "\"trail \"");
	cell_is("in side", "in side");
	cell_is("£1,234 café", "\"£1,234 café\"");
	cell_is("tab\tinside", "tab\tinside");
	cell_is("ends in tab\t", "\"ends in tab\t\"");
}

/* What no import lets in, from a database written by another tool: an
 * escape sequence, C1 controls (as code points and raw bytes), a byte-order
 * mark, invalid UTF-8, each written as '?'; bidi and zero-width characters
 * are text and stay (the export imports back). */
static void test_controls_neutralised(void **state)
{
	(void)state;
	cell_is("a\033]0;T\007b", "a?]0;T?b");
	cell_is("a\033[31mb", "a?[31mb");
	cell_is("a\xc2\x9b" "31m\x9b" "b", "a?31m?b");
	cell_is("a\xef\xbb\xbf" "b", "a?b");
	cell_is("a\xc0\xaf" "b\xed\xa0\x80" "c\xe2\x82", "a??b???c??");  /* a ? a byte */
	cell_is("a\x01\x7f" "b", "a??b");
	cell_is("a\xe2\x80\xae" "b\xe2\x80\x8b" "c", "a\xe2\x80\xae" "b\xe2\x80\x8b" "c");
	cell_is("=\033[6n", "'=?[6n");
	cell_is("two\nlines\t", "\"two\nlines\t\"");
}

static void test_formula_guard(void **state)
{
	(void)state;
	cell_is("=SUM(A1:A2)", "'=SUM(A1:A2)");
	cell_is("+44 121", "'+44 121");
	cell_is("-5", "'-5");
	cell_is("@cmd", "'@cmd");
	cell_is("'quoted", "''quoted");
	cell_is("\tindent", "'\tindent");
	cell_is("\rx", "\"'\rx\"");
	cell_is("=1,2", "\"'=1,2\"");
	cell_is("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"");
	cell_is("-trailing ", "\"'-trailing \"");
	cell_is("a=b", "a=b");
	cell_is(" =1", "\" =1\"");
	assert_int_equal(csv_guard_needed("=x"), 1);
	assert_int_equal(csv_guard_needed("x="), 0);
	assert_int_equal(csv_guard_needed(""), 0);
	assert_int_equal(csv_guard_needed(NULL), 0);
}

static void test_values_not_guarded_and_rows(void **state)
{
	struct mem m;
	csvw w;

	(void)state;
	mem_open(&m);
	csvw_init(&w, m.f, 0);
	csvw_value(&w, "-12.50");
	csvw_text(&w, "-12.50");
	csvw_value(&w, NULL);
	csvw_value(&w, "1,5");
	assert_int_equal(csvw_row_end(&w), 0);
	csvw_text(&w, "x");
	assert_int_equal(csvw_row_end(&w), 0);
	assert_int_equal(w.rows, 2);
	mem_close(&m);
	assert_string_equal(m.buf, "-12.50,'-12.50,,\"1,5\"\r\nx\r\n");
	free(m.buf);
}

static void test_bom(void **state)
{
	struct mem m;
	csvw w;

	(void)state;
	assert_int_equal(csv_bom_wanted(CSV_BOM_AUTO, 1), 1);
	assert_int_equal(csv_bom_wanted(CSV_BOM_AUTO, 0), 0);
	assert_int_equal(csv_bom_wanted(CSV_BOM_YES, 0), 1);
	assert_int_equal(csv_bom_wanted(CSV_BOM_YES, 1), 1);
	assert_int_equal(csv_bom_wanted(CSV_BOM_NO, 1), 0);
	assert_int_equal(csv_bom_wanted(CSV_BOM_NO, 0), 0);

	mem_open(&m);
	csvw_init(&w, m.f, 1);
	csvw_text(&w, "a");
	csvw_row_end(&w);
	mem_close(&m);
	assert_int_equal(m.len, 6);
	assert_memory_equal(m.buf, "\xEF\xBB\xBF" "a\r\n", 6);
	free(m.buf);

	mem_open(&m);
	csvw_init(&w, m.f, 0);
	csvw_text(&w, "a");
	csvw_row_end(&w);
	mem_close(&m);
	assert_string_equal(m.buf, "a\r\n");
	free(m.buf);
}

static void test_write_failure(void **state)
{
	FILE *f = fopen("/dev/full", "w");
	csvw w;
	sv_err e = { 0 };

	(void)state;
	if (f == NULL)
		skip();
	csvw_init(&w, f, 1);
	for (int i = 0; i < 10000; i++) {
		csvw_text(&w, "some text that fills the buffer");
		csvw_row_end(&w);
	}
	assert_int_equal(csvw_finish(&w, "out.csv", &e), -1);
	assert_non_null(strstr(e.msg, "out.csv: cannot write"));
	/* the full disk in words, with what to do */
	assert_non_null(strstr(e.msg, "out.csv: cannot write: the disk is full: free some space there"));
	fclose(f);
}

/* ---- value formats --------------------------------------------------------- */

static void test_formats(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(export_qty(0, b), "0");
	assert_string_equal(export_qty(1250, b), "12.5");
	assert_string_equal(export_qty(25, b), "0.25");
	assert_string_equal(export_qty(300, b), "3");
	assert_string_equal(export_qty(123456789012, b), "1234567890.12");
	assert_string_equal(export_proxy(31416, b), "3.1416");
	assert_string_equal(export_proxy(35000, b), "3.5000");
	assert_string_equal(export_proxy(0, b), "0.0000");
	assert_string_equal(export_proxy(225000000, b), "22500.0000");
	assert_string_equal(export_money(123456789, b), "1234567.89");
	assert_string_equal(export_money(0, b), "0.00");
	assert_string_equal(export_money(5, b), "0.05");
	assert_string_equal(export_weight(125, b), "12.5");
	assert_string_equal(export_weight(100, b), "10");
	assert_string_equal(export_weight(0, b), "0");
	assert_string_equal(export_weight(1000, b), "100");
}

/* ---- names ------------------------------------------------------------------ */

static void stem_is(const char *name, const char *want)
{
	char b[64];

	assert_string_equal(export_file_stem(name, b, sizeof b), want);
}

static void test_file_stems(void **state)
{
	char b[64], longname[300];

	(void)state;
	stem_is("Acme Ltd", "acme-ltd");
	stem_is("  ACME   Ltd.  ", "acme-ltd");
	stem_is("Café Crème & Co", "cafe-creme-and-co");
	stem_is("Straße Łódź Œuvre", "strasse-lodz-oeuvre");
	stem_is("O'Brien\xE2\x80\x99s Builders", "obriens-builders");
	stem_is("../../etc/passwd", "etc-passwd");
	stem_is("..", "supplier");
	stem_is("", "supplier");
	stem_is("\xE6\x97\xA5\xE6\x9C\xAC", "supplier");
	stem_is("a\x1b[31mb\x07" "c", "a-31mb-c");
	stem_is("x\xFF\xFEy", "x-y");
	stem_is("x\xC1\x81y", "x-y");          /* an overlong 'A' is not an A */
	stem_is("x\xED\xA0\x80y", "x-y");      /* a surrogate */
	stem_is("caf\xC3", "caf");              /* cut inside a character */
	stem_is("Smith\xE2\x80\xAE" "evil", "smith-evil");
	stem_is("2020 Vision", "2020-vision");
	memset(longname, 'a', sizeof longname - 1);
	longname[sizeof longname - 1] = '\0';
	longname[59] = ' ';
	export_file_stem(longname, b, sizeof b);
	assert_true(strlen(b) <= 60);
	assert_int_not_equal(b[strlen(b) - 1], '-');
	for (const char *p = b; *p; p++)
		assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-');
}

static void test_same_supplier(void **state)
{
	(void)state;
	assert_true(export_same_supplier("Acme Ltd", "Acme Ltd"));
	assert_true(export_same_supplier("ACME  Ltd", "Acme Ltd"));
	assert_true(export_same_supplier("  acme ltd ", "Acme Ltd"));
	assert_false(export_same_supplier("Acme Ltd.", "Acme Ltd"));
	assert_false(export_same_supplier("AcmeLtd", "Acme Ltd"));
	assert_false(export_same_supplier("Acme", "Acme Ltd"));
	assert_false(export_same_supplier("", "Acme Ltd"));
	assert_true(export_same_supplier("", "  "));
}

/* ---- files replaced whole --------------------------------------------------- */

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 4096);

	assert_non_null(f);
	assert_non_null(buf);
	assert_true(fread(buf, 1, 4095, f) > 0 || feof(f));
	fclose(f);
	return buf;
}

static void spit(const char *path, const char *s)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(s, f);
	fclose(f);
}

static int litter(const char *path)
{
	char cmd[600];

	snprintf(cmd, sizeof cmd, "ls %s.tmp-* >/dev/null 2>&1", path);
	return system(cmd) == 0;
}

static void test_outfile(void **state)
{
	char path[256];
	outfile o;
	sv_err e = { 0 };
	struct stat st;
	char *got;

	(void)state;
	snprintf(path, sizeof path, "test_export_%ld.out", (long)getpid());
	spit(path, "old contents\n");
	chmod(path, 0640);

	/* abandoned: the old file stays, no temporary file is left */
	assert_int_equal(outfile_open(&o, path, &e), 0);
	fputs("half", o.f);
	outfile_abort(&o);
	got = slurp(path);
	assert_string_equal(got, "old contents\n");
	free(got);
	assert_false(litter(path));

	/* committed: replaced whole, mode kept */
	assert_int_equal(outfile_open(&o, path, &e), 0);
	assert_false(o.is_stdout);
	fputs("new", o.f);
	got = slurp(path);
	assert_string_equal(got, "old contents\n");   /* not yet */
	free(got);
	assert_int_equal(outfile_commit(&o, &e), 0);
	got = slurp(path);
	assert_string_equal(got, "new");
	free(got);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_false(litter(path));
	unlink(path);

	/* a missing folder and a folder are errors that name them */
	assert_int_equal(outfile_open(&o, "no/such/folder/x.csv", &e), -1);
	assert_non_null(strstr(e.msg, "no/such/folder"));
	assert_int_equal(outfile_open(&o, ".", &e), -1);
	assert_non_null(strstr(e.msg, "is a folder"));

	/* "-" is standard output */
	assert_int_equal(outfile_open(&o, "-", &e), 0);
	assert_true(o.is_stdout);
	assert_ptr_equal(o.f, stdout);
	outfile_abort(&o);
}

/* ---- a hand-made database ----------------------------------------------------- */

static svdb *open_memory(void)
{
	db_open_opts o;
	sv_err e = { 0 };
	svdb *db = NULL;

	memset(&o, 0, sizeof o);
	o.create = 1;
	o.actor = "tester";
	o.origin = "desk";
	if (db_open(&db, ":memory:", &o, &e) != 0)
		fail_msg("open :memory: failed: %s", e.msg);
	return db;
}

static int64_t measure_id(svdb *db, const char *code)
{
	db_measure *all = NULL;
	size_t n = 0;
	int64_t id = 0;
	sv_err e = { 0 };

	assert_int_equal(db_measures_all(db, &all, &n, &e), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(all[i].code, code) == 0)
			id = all[i].id;
	free(all);
	assert_true(id > 0);
	return id;
}

static int64_t contract(svdb *db, const char *ref, const char *supplier, const char *title,
		       sv_date start, sv_date end, const char *manager)
{
	db_contract c;
	int64_t id = 0;
	sv_err e = { 0 };

	memset(&c, 0, sizeof c);
	c.ref = ref;
	c.title = title;
	c.supplier = supplier;
	c.body = BODY_WMP;
	c.value = 12345678;
	c.start = start;
	c.end = end;
	c.sv_weight = 125;
	c.manager = manager;
	if (db_contract_put(db, &c, &id, &e) != 0)
		fail_msg("contract %s: %s", ref, e.msg);
	return id;
}

static int64_t commit(svdb *db, int64_t cid, const char *code, int fy)
{
	int64_t id = 0;
	sv_err e = { 0 };

	if (db_commitment_put(db, cid, measure_id(db, code), fy, 1000, DB_PROXY_LOOKUP, NULL,
			      &id, &e) != 0)
		fail_msg("commitment %s: %s", code, e.msg);
	return id;
}

static void ret(svdb *db, int64_t cmid, int q)
{
	int64_t id = 0;
	sv_err e = { 0 };

	if (db_return_put(db, cmid, q, 250, "sheet", NULL, &id, &e) != 0)
		fail_msg("return: %s", e.msg);
}

/* Q2 of 2025/26 is 2025-07-01 .. 2025-09-30. */
static svdb *chase_world(void)
{
	svdb *db = open_memory();
	sv_date y0 = { 2025, 4, 1 }, y1 = { 2026, 3, 31 };
	int64_t a, b, c, d, e, f;

	/* A: two measures, only NT1 returned for Q2: incomplete */
	a = contract(db, "C-A", "Zeta Ltd", "Alpha works", y0, y1, "Ann");
	ret(db, commit(db, a, "NT1", 2025), 2);
	commit(db, a, "NT4", 2025);
	/* B: nothing returned: missing (and its Q1 return does not count) */
	b = contract(db, "C-B", "alpha supplies", "=Beta, with a comma", y0, y1, NULL);
	ret(db, commit(db, b, "NT1", 2025), 1);
	commit(db, b, "NT9", 2025);
	/* C: ended before Q2: not expected */
	c = contract(db, "C-C", "Gamma Ltd", "Gamma", y0, (sv_date){ 2025, 6, 30 }, "Cy");
	commit(db, c, "NT1", 2025);
	/* D: a commitment in another year only: not expected */
	d = contract(db, "C-D", "Delta Ltd", "Delta", (sv_date){ 2024, 4, 1 }, y1, "Di");
	commit(db, d, "NT1", 2024);
	/* E: every measure returned: not listed */
	e = contract(db, "C-E", "Epsilon Ltd", "Eps", y0, y1, "Ed");
	ret(db, commit(db, e, "NT1", 2025), 2);
	ret(db, commit(db, e, "NT4", 2025), 2);
	/* F: starts on the last day of Q2, nothing returned: missing */
	f = contract(db, "C-F", "Zeta Ltd", "Foxtrot", (sv_date){ 2025, 9, 30 }, y1, "Fi");
	commit(db, f, "NT10", 2025);
	return db;
}

static void test_chase_missing(void **state)
{
	svdb *db = chase_world();
	chase_list l;
	sv_err e = { 0 };
	sv_quarter q = { 2025, 2 };

	(void)state;
	assert_int_equal(chase_collect(db, q, 0, &l, &e), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.n_missing, 2);
	assert_int_equal(l.n_incomplete, 0);
	/* by supplier without case: "alpha supplies" before "Zeta Ltd" */
	assert_string_equal(l.items[0].ref, "C-B");
	assert_string_equal(l.items[0].measures, "NT1 NT9");
	assert_null(l.items[0].manager);
	assert_string_equal(l.items[1].ref, "C-F");
	assert_string_equal(l.items[1].measures, "NT10");
	assert_string_equal(l.items[1].supplier, "Zeta Ltd");
	chase_free(&l);
	db_close(&db);
}

static void test_chase_incomplete(void **state)
{
	svdb *db = chase_world();
	chase_list l;
	sv_err e = { 0 };
	sv_quarter q = { 2025, 2 };
	struct mem m;
	csvw w;

	(void)state;
	assert_int_equal(chase_collect(db, q, 1, &l, &e), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.n_missing, 2);
	assert_int_equal(l.n_incomplete, 1);
	assert_string_equal(l.items[0].ref, "C-B");
	assert_string_equal(l.items[1].ref, "C-A");   /* Zeta Ltd: C-A before C-F */
	assert_string_equal(l.items[1].measures, "NT4");
	assert_int_equal(l.items[1].expected, 2);
	assert_int_equal(l.items[1].missing, 1);
	assert_string_equal(l.items[2].ref, "C-F");

	mem_open(&m);
	csvw_init(&w, m.f, 0);
	assert_int_equal(chase_write_csv(&l, &w), 0);
	mem_close(&m);
	assert_string_equal(m.buf,
		"supplier,contract,title,body,manager,return,measures\r\n"
		"alpha supplies,C-B,\"'=Beta, with a comma\",WMP,,missing,NT1 NT9\r\n"
		"Zeta Ltd,C-A,Alpha works,WMP,Ann,incomplete,NT4\r\n"
		"Zeta Ltd,C-F,Foxtrot,WMP,Fi,missing,NT10\r\n");
	free(m.buf);

	mem_open(&m);
	assert_int_equal(chase_write_text(&l, 1, m.f), 0);
	mem_close(&m);
	assert_non_null(strstr(m.buf, "Returns missing for 2025/26 Q2 (01/07/2025 to 30/09/2025)"));
	assert_non_null(strstr(m.buf, "SUPPLIER        CONTRACT  TITLE"));
	assert_non_null(strstr(m.buf, "Zeta Ltd        C-A       Alpha works"));
	assert_non_null(strstr(m.buf, "incomplete  NT4\n"));
	assert_non_null(strstr(m.buf, "2 contracts with no return and 1 with an incomplete return "
			       "for 2025/26 Q2.\n"));
	free(m.buf);
	chase_free(&l);

	/* a quarter with nothing expected */
	q.fy = 2030;
	assert_int_equal(chase_collect(db, q, 0, &l, &e), 0);
	assert_int_equal(l.n, 0);
	mem_open(&m);
	assert_int_equal(chase_write_text(&l, 0, m.f), 0);
	mem_close(&m);
	assert_non_null(strstr(m.buf, "No contract is missing a return for 2030/31 Q2.\n"));
	free(m.buf);
	chase_free(&l);
	db_close(&db);
}

static void test_chase_text_is_safe(void **state)
{
	svdb *db = open_memory();
	sv_date y0 = { 2025, 4, 1 }, y1 = { 2026, 3, 31 };
	chase_list l;
	sv_err e = { 0 };
	sv_quarter q = { 2025, 2 };
	struct mem m;

	(void)state;
	commit(db, contract(db, "C-1", "Evil\xE2\x80\xAE" "dtl", "Bad\x1b[2Jtitle", y0, y1, NULL),
	       "NT1", 2025);
	assert_int_equal(chase_collect(db, q, 0, &l, &e), 0);
	mem_open(&m);
	assert_int_equal(chase_write_text(&l, 0, m.f), 0);
	mem_close(&m);
	assert_null(strchr(m.buf, '\x1b'));
	assert_null(strstr(m.buf, "\xE2\x80\xAE"));
	assert_non_null(strstr(m.buf, "Evil?dtl"));
	assert_non_null(strstr(m.buf, "Bad?[2Jtitle"));
	free(m.buf);
	chase_free(&l);
	db_close(&db);
}

/* Long text is cut by display columns (a wide character counts two), never
 * inside a character, with "..." in the last three columns of 36. */
static void test_chase_text_cut(void **state)
{
	svdb *db = open_memory();
	sv_date y0 = { 2025, 4, 1 }, y1 = { 2026, 3, 31 };
	char title[200] = "", want[200];
	chase_list l;
	sv_err e = { 0 };
	sv_quarter q = { 2025, 2 };
	struct mem m;

	(void)state;
	for (int i = 0; i < 20; i++)
		strcat(title, "\xE6\x97\xA5");          /* 20 x U+65E5, 2 columns each */
	commit(db, contract(db, "C-1", "Wide Ltd", title, y0, y1, NULL), "NT1", 2025);
	commit(db, contract(db, "C-2", "Wide Ltd", "Caf\xC3\xA9 menus and a very long title to cut",
			    y0, y1, NULL), "NT1", 2025);
	assert_int_equal(chase_collect(db, q, 0, &l, &e), 0);
	mem_open(&m);
	assert_int_equal(chase_write_text(&l, 0, m.f), 0);
	mem_close(&m);
	want[0] = '\0';
	for (int i = 0; i < 16; i++)                  /* 32 columns, then "..." */
		strcat(want, "\xE6\x97\xA5");
	strcat(want, "...  ");                          /* 35 of 36 columns, then the gap */
	assert_non_null(strstr(m.buf, want));
	/* 33 columns of text (the accent one column), then "...": 36 */
	assert_non_null(strstr(m.buf, "Caf\xC3\xA9 menus and a very long title ...  WMP"));
	free(m.buf);
	chase_free(&l);
	db_close(&db);
}

static char *export_of(svdb *db, enum export_kind kind, const export_filter *f)
{
	struct mem m;
	csvw w;
	sv_err e = { 0 };

	mem_open(&m);
	csvw_init(&w, m.f, 0);
	if (export_write(db, kind, f, &w, NULL, "test", &e) != 0)
		fail_msg("export: %s", e.msg);
	mem_close(&m);
	return m.buf;
}

static void test_export_rows(void **state)
{
	svdb *db = chase_world();
	export_filter none = { 0, 0, NULL }, q2 = { 2025, 2, NULL }, y24 = { 2024, 0, NULL };
	char *a, *b;

	(void)state;
	a = export_of(db, EXPORT_CONTRACTS, &none);
	b = export_of(db, EXPORT_CONTRACTS, &none);
	assert_string_equal(a, b);       /* byte-stable */
	assert_non_null(strstr(a, "ref,title,supplier,body,value,start,end,sv_weight,manager,status,"
			       "award_report,living_wage,modern_slavery,living_wage_date,"
			       "living_wage_note,modern_slavery_date,modern_slavery_note\r\n"));
	assert_non_null(strstr(a, "\r\nC-B,\"'=Beta, with a comma\",alpha supplies,WMP,123456.78,"
			       "2025-04-01,2026-03-31,12.5,,active,,,,,,,\r\n"));
	/* ordered by ref */
	assert_true(strstr(a, "C-A,") < strstr(a, "C-B,"));
	assert_true(strstr(a, "C-E,") < strstr(a, "C-F,"));
	free(a);
	free(b);

	/* contracts of a quarter: a commitment in its year and dates overlapping it */
	a = export_of(db, EXPORT_CONTRACTS, &q2);
	assert_non_null(strstr(a, "\r\nC-A,"));
	assert_null(strstr(a, "\r\nC-C,"));
	assert_null(strstr(a, "\r\nC-D,"));
	assert_non_null(strstr(a, "\r\nC-F,"));
	free(a);
	a = export_of(db, EXPORT_CONTRACTS, &y24);
	assert_non_null(strstr(a, "\r\nC-D,"));
	assert_null(strstr(a, "\r\nC-A,"));
	free(a);

	a = export_of(db, EXPORT_COMMITMENTS, &none);
	assert_non_null(strstr(a, "contract,measure,year,target,note,proxy,proxy_set\r\n"
			       "C-A,NT1,2025/26,10,,22500.0000,Illustrative values 2025 "
			       "(not licensed TOMs proxies)\r\nC-A,NT4,2025/26,"));
	free(a);

	a = export_of(db, EXPORT_RETURNS, &q2);
	assert_string_equal(a, "contract,quarter,measure,delivered,evidence,submitted,status,"
			    "validated,validated_by,validated_at,reason\r\n"
			    "C-A,2025/26-Q2,NT1,2.5,sheet,,submitted,,,,\r\n"
			    "C-E,2025/26-Q2,NT1,2.5,sheet,,submitted,,,,\r\n"
			    "C-E,2025/26-Q2,NT4,2.5,sheet,,submitted,,,,\r\n");
	free(a);

	a = export_of(db, EXPORT_MEASURES, &none);
	assert_non_null(strstr(a, "theme,outcome,code,title,unit,proxy,proxy_set\r\n"
			       "Jobs,More local people in employment,NT1,"));
	assert_true(strstr(a, ",NT1,") < strstr(a, ",NT10,"));
	free(a);

	a = export_of(db, EXPORT_AUDIT, &none);
	assert_true(strncmp(a, "id,at,who,origin,entity,entity_id,action,", 41) == 0);
	assert_non_null(strstr(a, ",tester,desk,contract,"));
	free(a);
	db_close(&db);
}

/* The value-level round trip: what an export writes, the CSV reader and the
 * value parsers of the import read back as the stored values (text cells
 * with the guard's one leading ' removed). */
static const char *unguard(const char *s)
{
	return s[0] == '\'' ? s + 1 : s;
}

static void test_export_reads_back(void **state)
{
	svdb *db = open_memory();
	sv_date y0 = { 2025, 4, 1 }, y1 = { 2026, 3, 31 };
	static const char *const nasty[] = {
		"=cmd|' /C calc'!A0", "-1+1", "+44", "@SUM(A1)", "'already", "\tindented",
		"comma, \"quotes\" and\nnewline", " spaced ", "plain £ café",
	};
	const size_t nn = sizeof nasty / sizeof nasty[0];
	export_filter none = { 0, 0, NULL };
	int64_t cid;
	sv_err e = { 0 };
	char *buf;
	csv_reader *r;
	csv_row *row;
	size_t i, rows = 0;

	(void)state;
	cid = contract(db, "R-1", "Supplier, \"quoted\"", "=title", y0, y1, "-manager");
	for (i = 0; i < nn; i++) {
		int64_t id = 0, line = 0;
		static const char *const codes[] = { "NT1", "NT4", "NT9", "NT10", "NT12",
			"NT14", "NT18", "NT3", "NT5" };

		if (db_commitment_put(db, cid, measure_id(db, codes[i]), 2025, 1234 + (sv_qty)i,
				      DB_PROXY_LOOKUP, nasty[i], &id, &e) != 0)
			fail_msg("commitment: %s", e.msg);
		if (db_return_put(db, id, 1, 1001 + (sv_qty)i, nasty[i], &y0, &line, &e) != 0)
			fail_msg("return: %s", e.msg);
		if (i % 3 == 1 && db_return_decide(db, line, ST_VALIDATED, 1000, nasty[i], "val",
						   "2025-06-01T10:00:00Z", -1, &e) != 0)
			fail_msg("decide: %s", e.msg);
		if (i % 3 == 2 && db_return_decide(db, line, ST_REJECTED, 0, nasty[i], "val",
						   "2025-06-01T10:00:00Z", -1, &e) != 0)
			fail_msg("decide: %s", e.msg);
	}
	/* returns: every value parses back to what is stored */
	buf = export_of(db, EXPORT_RETURNS, &none);
	r = csv_open_mem(buf, strlen(buf), "returns.csv");
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_int_equal(row->n, 11);
	while (csv_next(r, &row, &e) == 1) {
		sv_quarter q;
		sv_qty d;
		sv_date sub;
		size_t k;

		assert_int_equal(row->n, 11);
		assert_string_equal(row->fields[0].text, "R-1");
		assert_int_equal(quarter_parse(row->fields[1].text, &q, &e), 0);
		assert_int_equal(q.fy, 2025);
		assert_int_equal(q.q, 1);
		assert_int_equal(qty_parse(row->fields[3].text, &d, &e), 0);
		k = (size_t)(d - 1001);
		assert_true(k < nn);
		assert_string_equal(unguard(row->fields[4].text), nasty[k]);
		assert_int_equal(date_parse(row->fields[5].text, &sub, &e), 0);
		assert_int_equal(date_cmp(sub, y0), 0);
		if (k % 3 == 1) {
			sv_qty v;

			assert_string_equal(row->fields[6].text, "validated");
			assert_int_equal(qty_parse(row->fields[7].text, &v, &e), 0);
			assert_int_equal(v, 1000);
			assert_string_equal(row->fields[8].text, "val");
			assert_string_equal(row->fields[9].text, "2025-06-01T10:00:00Z");
			assert_string_equal(unguard(row->fields[10].text), nasty[k]);
		} else if (k % 3 == 2) {
			assert_string_equal(row->fields[6].text, "rejected");
			assert_string_equal(row->fields[7].text, "");
			assert_string_equal(unguard(row->fields[10].text), nasty[k]);
		} else {
			assert_string_equal(row->fields[6].text, "submitted");
			assert_string_equal(row->fields[8].text, "");
		}
		rows++;
	}
	assert_int_equal(rows, nn);
	csv_free(&r);
	free(buf);

	/* commitments: year, target, note, proxy */
	buf = export_of(db, EXPORT_COMMITMENTS, &none);
	r = csv_open_mem(buf, strlen(buf), "commitments.csv");
	assert_int_equal(csv_next(r, &row, &e), 1);
	rows = 0;
	while (csv_next(r, &row, &e) == 1) {
		int fy;
		sv_qty t;
		sv_proxy p;

		assert_int_equal(fy_parse(row->fields[2].text, &fy, &e), 0);
		assert_int_equal(fy, 2025);
		assert_int_equal(qty_parse(row->fields[3].text, &t, &e), 0);
		assert_string_equal(unguard(row->fields[4].text), nasty[t - 1234]);
		assert_int_equal(proxy_parse(row->fields[5].text, &p, &e), 0);
		assert_true(p > 0);
		rows++;
	}
	assert_int_equal(rows, nn);
	csv_free(&r);
	free(buf);

	/* contracts: money, weighting, text with quotes and commas */
	buf = export_of(db, EXPORT_CONTRACTS, &none);
	r = csv_open_mem(buf, strlen(buf), "contracts.csv");
	assert_int_equal(csv_next(r, &row, &e), 1);
	assert_int_equal(csv_next(r, &row, &e), 1);
	{
		sv_pence v;
		int w;

		assert_string_equal(unguard(row->fields[1].text), "=title");
		assert_string_equal(row->fields[1].text, "'=title");
		assert_string_equal(row->fields[2].text, "Supplier, \"quoted\"");
		assert_int_equal(money_parse(row->fields[4].text, &v, &e), 0);
		assert_int_equal(v, 12345678);
		assert_int_equal(percent_parse(row->fields[7].text, &w, &e), 0);
		assert_int_equal(w, 125);
		assert_string_equal(row->fields[8].text, "'-manager");
	}
	assert_int_equal(csv_next(r, &row, &e), 0);
	csv_free(&r);
	free(buf);
	db_close(&db);
}

static void test_export_filters_checked(void **state)
{
	export_filter f = { 0, 0, "2026-01-01" };
	sv_err e = { 0 };

	(void)state;
	assert_int_equal(export_filter_check(EXPORT_AUDIT, &f, &e), 0);
	assert_int_equal(export_filter_check(EXPORT_RETURNS, &f, &e), -1);
	assert_non_null(strstr(e.msg, "--since goes with export audit"));
	f.since = NULL;
	f.fy = 2025;
	assert_int_equal(export_filter_check(EXPORT_MEASURES, &f, &e), -1);
	assert_int_equal(export_filter_check(EXPORT_AUDIT, &f, &e), -1);
	assert_int_equal(export_filter_check(EXPORT_COMMITMENTS, &f, &e), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quote_only_when_needed),
		cmocka_unit_test(test_formula_guard),
		cmocka_unit_test(test_controls_neutralised),
		cmocka_unit_test(test_values_not_guarded_and_rows),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_write_failure),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_file_stems),
		cmocka_unit_test(test_same_supplier),
		cmocka_unit_test(test_outfile),
		cmocka_unit_test(test_chase_missing),
		cmocka_unit_test(test_chase_incomplete),
		cmocka_unit_test(test_chase_text_is_safe),
		cmocka_unit_test(test_chase_text_cut),
		cmocka_unit_test(test_export_rows),
		cmocka_unit_test(test_export_reads_back),
		cmocka_unit_test(test_export_filters_checked),
	};
	int failed;

	/* the chase list measures text in the terminal's encoding */
	if (setlocale(LC_ALL, "C.UTF-8") == NULL)
		setlocale(LC_ALL, "");
	failed = cmocka_run_group_tests_name("export", tests, NULL, NULL);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
