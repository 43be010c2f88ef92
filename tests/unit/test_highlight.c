/* test_highlight.c: the highlights of a year in order (svdesk/highlight.h
 * over db/highlight.c): add at the end, edit, delete (the rest move up),
 * move (a swap with a neighbour, nothing at an end); each change audited
 * and the audit check clean after it; the text rule and its messages (the
 * importer's); a version-3 database with a history of highlights carried
 * to version 4, its log still verifying.  Values the API does not offer
 * are read back through the meta table (trusted test SQL only). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svdesk/db.h"
#include "svdesk/highlight.h"
#include "svdesk/import.h"
#include "db/db_private.h"     /* db_open_scratch, db_migrate_to */
#include "tests/unit/dbtest.h"

/* ---- helpers ------------------------------------------------------------- */

struct found {
	int n;
	char text[8192];
};

static void collect(void *ctx, const char *part, const char *msg)
{
	struct found *f = ctx;
	size_t len = strlen(f->text);

	f->n++;
	snprintf(f->text + len, sizeof f->text - len, "%s: %s\n", part, msg);
}

/* Both checks (integrity, audit) clean. */
static void assert_clean(svdb *db)
{
	struct found f;
	sv_err e;

	memset(&f, 0, sizeof f);
	memset(&e, 0, sizeof e);
	if (db_check_integrity(db, collect, &f, &e) < 0 || db_check_audit(db, collect, &f, &e) < 0)
		fail_msg("the check failed: %s", e.msg);
	if (f.n != 0)
		fail_msg("the check found:\n%s", f.text);
}

static void assert_found(svdb *db, const char *want)
{
	struct found f;
	sv_err e;

	memset(&f, 0, sizeof f);
	memset(&e, 0, sizeof e);
	if (db_check_integrity(db, collect, &f, &e) < 0 || db_check_audit(db, collect, &f, &e) < 0)
		fail_msg("the check failed: %s", e.msg);
	if (strstr(f.text, want) == NULL)
		fail_msg("the check should find \"%s\"; it found:\n%s", want, f.text);
}

static int64_t put_contract(svdb *db, const char *ref, enum sv_body body)
{
	sv_date s = { 2025, 4, 1 }, e = { 2027, 3, 31 };
	db_contract c;
	int64_t id = 0;

	memset(&c, 0, sizeof c);
	c.ref = ref;
	c.title = "Cleaning";
	c.supplier = "Acme Ltd";
	c.body = body;
	c.value = 12345600;
	c.start = s;
	c.end = e;
	c.sv_weight = 100;
	MUST(db_contract_put(db, &c, &id, &e_));
	return id;
}

/* The year's highlights as "text@position ..." in the list's order. */
static const char *order(svdb *db, int fy)
{
	static char buf[1024];
	highlight_list l;
	size_t i, o = 0;

	MUST(highlight_list_read(db, fy, &l, &e_));
	buf[0] = '\0';
	for (i = 0; i < l.n && o < sizeof buf; i++)
		o += (size_t)snprintf(buf + o, sizeof buf - o, "%s%s@%d", i ? " " : "", l.v[i].text,
				      l.v[i].position);
	highlight_list_free(&l);
	return buf;
}

static int64_t add(svdb *db, int fy, const char *ref, const char *text)
{
	int64_t id = 0;

	MUST(highlight_add(db, fy, ref, text, &id, &e_));
	assert_true(id > 0);
	return id;
}

static long long entries(svdb *db)
{
	return probe_int(db, "SELECT count(*) FROM audit");
}

/* ---- add and list -------------------------------------------------------- */

static void test_add_at_the_end(void **state)
{
	svdb *db = dbt_open_mem("ann", "desk");
	highlight_list l;
	sv_err e;
	char buf[256];
	long long n0;

	(void)state;
	put_contract(db, "C-1", BODY_OPCC);
	n0 = entries(db);
	add(db, 2025, NULL, "A");
	add(db, 2025, "C-1", "B");
	add(db, 2026, "", "X");
	add(db, 2025, NULL, "C");
	assert_string_equal(order(db, 2025), "A@1 B@2 C@3");
	assert_string_equal(order(db, 2026), "X@1");
	assert_string_equal(order(db, 2024), "");
	MUST(highlight_list_read(db, 2025, &l, &e_));
	assert_int_equal(l.n, 3);
	assert_null(l.v[0].contract_ref);
	assert_null(l.v[0].body);
	assert_string_equal(l.v[1].contract_ref, "C-1");
	assert_string_equal(l.v[1].body, "OPCC");
	assert_string_equal(l.v[1].created_by, "ann");
	assert_int_equal(strlen(l.v[1].created_at), 20);
	assert_int_equal(l.v[1].fy, 2025);
	highlight_list_free(&l);
	/* one insert entry each, with the position */
	assert_int_equal(entries(db), n0 + 4);
	probe(db, buf, sizeof buf, "SELECT group_concat(after ->> '$.position') FROM (SELECT after "
	      "FROM audit WHERE entity = 'highlight' AND action = 'insert' ORDER BY id)");
	assert_string_equal(buf, "1,2,1,3");
	/* faults: nothing written */
	memset(&e, 0, sizeof e);
	assert_int_equal(highlight_add(db, 2025, "C-9", "D", NULL, &e), -1);
	assert_string_equal(e.msg, "no contract with the reference \"C-9\"");
	assert_int_equal(highlight_add(db, 12025, NULL, "D", NULL, &e), -1);
	assert_non_null(strstr(e.msg, "out of range"));
	assert_int_equal(highlight_add(db, 2025, NULL, " \t ", NULL, &e), -1);
	assert_string_equal(e.msg, "empty (a value is required)");
	assert_int_equal(entries(db), n0 + 4);
	assert_string_equal(order(db, 2025), "A@1 B@2 C@3");
	/* the demo's writer appends too, and still ignores a repeat */
	MUST(db_highlight_put(db, 2025, 0, "D", NULL, &e_));
	MUST(db_highlight_put(db, 2025, 0, "D", NULL, &e_));
	assert_string_equal(order(db, 2025), "A@1 B@2 C@3 D@4");
	assert_clean(db);
	db_close(&db);
}

/* ---- the text rule ------------------------------------------------------- */

static void report_to(void *ctx, const char *msg)
{
	char *out = ctx;

	if (out[0] == '\0')
		snprintf(out, 1024, "%s", msg);
}

/* The importer's first fault for a contracts file whose title is title. */
static void import_fault(const char *title, char out[1024])
{
	svdb *db = dbt_open_mem("ann", "import");
	char csv[8192];
	import_opts o;
	import_result r;
	FILE *f;
	sv_err e;

	snprintf(csv, sizeof csv, "ref,title,supplier,body,value,start,end,sv_weight\n"
		 "C-1,%s,Acme Ltd,WMP,1000,2025-04-01,2026-03-31,10\n", title);
	f = fmemopen(csv, strlen(csv), "r");
	assert_non_null(f);
	memset(&o, 0, sizeof o);
	memset(&e, 0, sizeof e);
	out[0] = '\0';
	o.kind = IMPORT_CONTRACTS;
	o.name = "c.csv";
	o.dry_run = 1;
	o.report = report_to;
	o.ctx = out;
	assert_int_equal(import_run(db, f, &o, &r, &e), 1);
	fclose(f);
	db_close(&db);
}

static void test_text_rule_is_the_importers(void **state)
{
	static const char *const bad[] = {
		"two\001parts", "a\177b", "bom \357\273\277 inside", "c1 \302\205 here",
	};
	char want[1024], big[4100];
	size_t i;
	sv_err e;

	(void)state;
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		const char *p;

		import_fault(bad[i], want);
		p = strstr(want, "title: ");
		if (p == NULL)
			fprintf(stderr, "# the importer said: %s\n", want), fail();
		memset(&e, 0, sizeof e);
		assert_int_equal(highlight_text_check(bad[i], &e), -1);
		assert_string_equal(e.msg, p + 7);
	}
	memset(big, 'x', 4001);
	big[4001] = '\0';
	import_fault(big, want);
	assert_non_null(strstr(want, "title: the text is 4001 bytes long; at most 4000 are allowed"));
	assert_int_equal(highlight_text_check(big, &e), -1);
	assert_string_equal(e.msg, "the text is 4001 bytes long; at most 4000 are allowed");
	big[4000] = '\0';
	assert_int_equal(highlight_text_check(big, &e), 0);
	assert_int_equal(highlight_text_check("tab\tis fine, and £ and é", &e), 0);
	assert_int_equal(highlight_text_check("bad \377 byte", &e), -1);
	assert_non_null(strstr(e.msg, "invalid UTF-8"));
	assert_int_equal(highlight_text_check("", &e), -1);
	assert_string_equal(e.msg, "empty (a value is required)");
	assert_int_equal(highlight_text_check(NULL, &e), -1);
}

/* ---- edit, delete, move --------------------------------------------------- */

static void test_edit(void **state)
{
	svdb *db = dbt_open_mem("ann", "desk");
	char buf[512];
	int64_t a;
	long long n0;
	sv_err e;

	(void)state;
	a = add(db, 2025, NULL, "Old words");
	add(db, 2025, NULL, "Other");
	n0 = entries(db);
	MUST(highlight_edit(db, a, "New words", &e_));
	assert_string_equal(order(db, 2025), "New words@1 Other@2");
	assert_int_equal(entries(db), n0 + 1);
	probe(db, buf, sizeof buf, "SELECT action || ' ' || before || ' ' || after FROM audit "
	      "ORDER BY id DESC LIMIT 1");
	assert_string_equal(buf, "update {\"text\":\"Old words\"} {\"text\":\"New words\"}");
	memset(&e, 0, sizeof e);
	assert_int_equal(highlight_edit(db, a, "a\001b", &e), -1);
	assert_string_equal(e.msg, "control character U+0001 in the text (only tab is allowed)");
	assert_int_equal(highlight_edit(db, 999, "x", &e), -1);
	assert_string_equal(e.msg, "no highlight with id 999");
	assert_int_equal(entries(db), n0 + 1);
	assert_clean(db);
	db_close(&db);
}

static void test_delete_renumbers(void **state)
{
	svdb *db = dbt_open_mem("ann", "desk");
	int64_t a, b, c, d;
	char buf[512];
	long long n0;
	sv_err e;

	(void)state;
	a = add(db, 2025, NULL, "A");
	b = add(db, 2025, NULL, "B");
	c = add(db, 2025, NULL, "C");
	d = add(db, 2025, NULL, "D");
	add(db, 2026, NULL, "X");
	n0 = entries(db);
	MUST(highlight_delete(db, b, &e_));
	assert_string_equal(order(db, 2025), "A@1 C@2 D@3");
	assert_string_equal(order(db, 2026), "X@1");
	/* the delete, then C and D one place up, each with before and after */
	assert_int_equal(entries(db), n0 + 3);
	probe(db, buf, sizeof buf, "SELECT group_concat(entity_id || ' ' || action || ' ' || "
	      "coalesce(before ->> '$.position', '') || '>' || coalesce(after ->> '$.position', ''), "
	      "'; ') FROM (SELECT * FROM audit WHERE id > %lld ORDER BY id)", n0);
	snprintf(buf + 256, 256, "%lld delete 2>; %lld update 3>2; %lld update 4>3", (long long)b,
		 (long long)c, (long long)d);
	assert_string_equal(buf, buf + 256);
	assert_clean(db);
	MUST(highlight_delete(db, d, &e_));      /* the last */
	assert_string_equal(order(db, 2025), "A@1 C@2");
	MUST(highlight_delete(db, a, &e_));      /* the first */
	assert_string_equal(order(db, 2025), "C@1");
	memset(&e, 0, sizeof e);
	assert_int_equal(highlight_delete(db, a, &e), -1);
	assert_string_equal(e.msg, "no highlight with id " "1");
	MUST(highlight_delete(db, c, &e_));
	assert_string_equal(order(db, 2025), "");
	add(db, 2025, NULL, "E");
	assert_string_equal(order(db, 2025), "E@1");
	assert_clean(db);
	db_close(&db);
}

static void test_move_swaps(void **state)
{
	svdb *db = dbt_open_mem("ann", "desk");
	int64_t a, b, c;
	char buf[512];
	long long n0;
	sv_err e;

	(void)state;
	a = add(db, 2025, NULL, "A");
	b = add(db, 2025, NULL, "B");
	c = add(db, 2025, NULL, "C");
	n0 = entries(db);
	/* at the ends: nothing changes, nothing is written */
	MUST(highlight_move(db, a, -1, &e_));
	MUST(highlight_move(db, c, 1, &e_));
	assert_string_equal(order(db, 2025), "A@1 B@2 C@3");
	assert_int_equal(entries(db), n0);
	MUST(highlight_move(db, a, 1, &e_));
	assert_string_equal(order(db, 2025), "B@1 A@2 C@3");
	assert_int_equal(entries(db), n0 + 2);
	probe(db, buf, sizeof buf, "SELECT group_concat(entity_id || ':' || before || '>' || after, "
	      "'; ') FROM (SELECT * FROM audit WHERE id > %lld ORDER BY id)", n0);
	snprintf(buf + 256, 256, "%lld:{\"position\":1}>{\"position\":2}; "
		 "%lld:{\"position\":2}>{\"position\":1}", (long long)a, (long long)b);
	assert_string_equal(buf, buf + 256);
	MUST(highlight_move(db, c, -1, &e_));
	MUST(highlight_move(db, c, -1, &e_));
	assert_string_equal(order(db, 2025), "C@1 B@2 A@3");
	memset(&e, 0, sizeof e);
	assert_int_equal(highlight_move(db, c, 2, &e), -1);
	assert_int_equal(highlight_move(db, 999, 1, &e), -1);
	assert_string_equal(e.msg, "no highlight with id 999");
	assert_string_equal(order(db, 2025), "C@1 B@2 A@3");
	assert_clean(db);
	/* the store refuses a position out of range, or another year */
	exec_fails(db, "UPDATE highlight SET position = 4 WHERE id = 1", "at a place in its year");
	exec_fails(db, "UPDATE highlight SET year = 2026 WHERE id = 1", "keeps its year");
	exec_fails(db, "UPDATE highlight SET position = 0 WHERE id = 1", "CHECK");
	db_close(&db);
}

/* ---- a version-3 history carried forward ----------------------------------- */

static void test_upgrade_keeps_history(void **state)
{
	svdb *db = NULL;
	sv_err e;
	int from = 0;
	char buf[256];

	(void)state;
	memset(&e, 0, sizeof e);
	if (db_open_scratch(&db, 3, &e) != 0)
		fail_msg("scratch: %s", e.msg);
	/* version 3: rows written one at a time (each an insert entry of the
	 * version-3 columns), changed, one deleted */
	MUST(db_begin(db, &e_));
	exec_ok(db, "INSERT INTO highlight (year, text, created_by, created_at) VALUES "
		"(2025, 'A', 'ann', '2025-05-01T00:00:00Z'), "
		"(2026, 'X', 'ann', '2025-05-01T00:00:00Z'), "
		"(2025, 'B', 'ann', '2025-05-01T00:00:00Z'), "
		"(2025, 'C', 'ann', '2025-05-01T00:00:00Z');"
		"UPDATE highlight SET text = 'B2' WHERE text = 'B';"
		"DELETE FROM highlight WHERE text = 'A';");
	MUST(db_commit(db, &e_));
	memset(&e, 0, sizeof e);
	if (db_migrate_to(db, 4, &from, &e) != 0)
		fail_msg("migration: %s", e.msg);
	assert_int_equal(from, 3);
	assert_string_equal(order(db, 2025), "B2@1 C@2");
	assert_string_equal(order(db, 2026), "X@1");
	probe(db, buf, sizeof buf, "SELECT (after ->> '$.kind') || ' ' || (after ->> '$.row_count') "
	      "FROM audit ORDER BY id DESC LIMIT 1");
	assert_string_equal(buf, "schema 3");
	assert_clean(db);
	/* version 4: every change after the mark has the position */
	MUST(highlight_move(db, 4, -1, &e_));
	assert_string_equal(order(db, 2025), "C@1 B2@2");
	add(db, 2025, NULL, "D");
	MUST(highlight_edit(db, 3, "B3", &e_));
	MUST(highlight_delete(db, 4, &e_));
	assert_string_equal(order(db, 2025), "B3@1 D@2");
	assert_clean(db);
	/* a position changed behind the log is found */
	exec_ok(db, "DROP TRIGGER highlight_audit_update;"
		"UPDATE highlight SET position = 3 - position WHERE year = 2025;");
	assert_found(db, "highlight 3: position is 2, but entry");
	db_close(&db);
}

static void test_mark_digest(void **state)
{
	svdb *db = NULL;
	sv_err e;
	int from = 0;

	(void)state;
	memset(&e, 0, sizeof e);
	if (db_open_scratch(&db, 3, &e) != 0)
		fail_msg("scratch: %s", e.msg);
	MUST(db_begin(db, &e_));
	exec_ok(db, "INSERT INTO highlight (year, text, created_by, created_at) VALUES "
		"(2025, 'A', 'ann', '2025-05-01T00:00:00Z'), "
		"(2025, 'B', 'ann', '2025-05-01T00:00:00Z');");
	MUST(db_commit(db, &e_));
	if (db_migrate_to(db, 4, &from, &e) != 0)
		fail_msg("migration: %s", e.msg);
	assert_clean(db);
	/* positions swapped behind the log, before any entry of version 4:
	 * only the mark's digest can tell */
	exec_ok(db, "DROP TRIGGER highlight_audit_update;"
		"UPDATE highlight SET position = 3 - position;");
	assert_found(db, "(schema version 4): the highlight rows that existed then (2) do not "
		     "match its digest");
	db_close(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_at_the_end),
		cmocka_unit_test(test_text_rule_is_the_importers),
		cmocka_unit_test(test_edit),
		cmocka_unit_test(test_delete_renumbers),
		cmocka_unit_test(test_move_swaps),
		cmocka_unit_test(test_upgrade_keeps_history),
		cmocka_unit_test(test_mark_digest),
	};
	int failed = cmocka_run_group_tests_name("highlight", tests, NULL, NULL);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
