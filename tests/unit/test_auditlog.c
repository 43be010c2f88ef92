/* test_auditlog.c: the reads of the audit log view (auditlog.h).
 *
 * A log written by hand (entries inserted with chosen times, people and
 * origins) for paging both ways and the filters, each checked against a
 * plain walk of the same entries; a small world written through the
 * store (contracts, commitments, lines, decisions, a highlight, an import,
 * a change) for the words, the entries' values and the contract filter,
 * which must give exactly the entries of the contract's page
 * (detail_audit_page), on that world and on the demo. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "svdesk/auditlog.h"
#include "svdesk/demo.h"
#include "svdesk/detail.h"
#include "db/db_private.h"     /* the person of the connection */
#include "dbtest.h"

/* p must not be NULL (a return the compiler sees) */
#define NEED(p) do { if ((p) == NULL) { fail_msg("%s is NULL", #p); return; } } while (0)

/* ---- a log by hand ------------------------------------------------------------ */

#define N_HAND 120
static const char *const people[] = { "alice", "bob", "carol" };
static const char *const origins[] = { "desk", "import", "cli" };

/* Hand entry i (1..N_HAND): day i of 2030 from 1 January at 12:00 UTC
 * (after the entries a new database starts with, written now), person
 * i % 3, origin (i / 3) % 3 (so that the two filters differ). */
static const char *who_of(int i) { return people[i % 3]; }
static const char *origin_of(int i) { return origins[(i / 3) % 3]; }

static void at_of(int i, char out[21])
{
	sv_date d = date_add_days((sv_date){ 2030, 1, 1 }, i - 1);

	snprintf(out, 21, "%04d-%02d-%02dT12:00:00Z", d.y, d.m, d.d);
}

static svdb *hand_log(void)
{
	svdb *d = dbt_open_mem("tester", "desk");
	char sql[512], at[21];

	exec_ok(d, "BEGIN");
	for (int i = 1; i <= N_HAND; i++) {
		at_of(i, at);
		snprintf(sql, sizeof sql,
			 "INSERT INTO audit (id, at, who, origin, entity, entity_id, action, before, after) "
			 "VALUES ((SELECT max(id) + 1 FROM audit), '%s', '%s', '%s', 'supplier', %d, "
			 "'update', '{\"name\":\"old %d\"}', '{\"name\":\"new %d\"}')",
			 at, who_of(i), origin_of(i), i, i, i);
		exec_ok(d, sql);
	}
	exec_ok(d, "COMMIT");
	return d;
}

/* The whole log as it is, read plainly: the oracle of the filters. */
struct plain {
	int64_t id;
	char at[21], who[201], origin[33];
};
#define N_PLAIN (N_HAND + 16)

static int read_plain(svdb *d, struct plain *v)
{
	sqlite3_stmt *st;
	int n = 0;

	assert_int_equal(sqlite3_prepare_v2(d->h, "SELECT id, at, who, origin FROM audit ORDER BY id",
					    -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_true(n < N_PLAIN);
		v[n].id = sqlite3_column_int64(st, 0);
		snprintf(v[n].at, sizeof v[n].at, "%s", (const char *)sqlite3_column_text(st, 1));
		snprintf(v[n].who, sizeof v[n].who, "%s", (const char *)sqlite3_column_text(st, 2));
		snprintf(v[n].origin, sizeof v[n].origin, "%s",
			 (const char *)sqlite3_column_text(st, 3));
		n++;
	}
	sqlite3_finalize(st);
	return n;
}

static int passes(const auditlog_query *q, const struct plain *p)
{
	return (q->who[0] == '\0' || strcmp(q->who, p->who) == 0) &&
	       (q->origin[0] == '\0' || strcmp(q->origin, p->origin) == 0) &&
	       (q->from[0] == '\0' || strcmp(p->at, q->from) >= 0) &&
	       (q->to[0] == '\0' || strcmp(p->at, q->to) < 0);
}

/* The ids q should give, in list order. */
static int expected(svdb *d, const auditlog_query *q, int64_t *ids)
{
	struct plain v[N_PLAIN];
	int n = 0, all = read_plain(d, v);

	for (int k = 0; k < all; k++) {
		int i = q->oldest_first ? k : all - 1 - k;

		if (passes(q, &v[i]))
			ids[n++] = v[i].id;
	}
	return n;
}

/* Pages of size `page` forward from the start, then backward from the end,
 * must each make up the expected list; the count and each rank agree. */
static void check_query(svdb *d, const auditlog_query *q, int page)
{
	int64_t want[N_PLAIN];
	auditlog_row rows[N_PLAIN], buf[N_PLAIN];
	int n = expected(d, q, want), got = 0, k;
	sv_err e = { 0 };

	assert_int_equal(auditlog_count(d, q, &e), n);
	/* forward */
	k = auditlog_page(d, q, NULL, 1, buf, page, &e);
	while (k > 0) {
		assert_true(got + k <= n);
		memcpy(rows + got, buf, (size_t)k * sizeof *buf);
		got += k;
		k = auditlog_page(d, q, &rows[got - 1], 1, buf, page, &e);
	}
	assert_int_equal(k, 0);
	assert_int_equal(got, n);
	for (int i = 0; i < n; i++) {
		assert_int_equal(rows[i].id, want[i]);
		assert_int_equal(auditlog_rank(d, q, rows[i].id, &e), i);
	}
	/* backward from the end: each page in list order, next to its anchor */
	got = 0;
	k = auditlog_page(d, q, NULL, 0, buf, page, &e);
	while (k > 0) {
		assert_true(got + k <= n);
		for (int i = 0; i < k; i++)
			assert_int_equal(buf[i].id, want[n - got - k + i]);
		got += k;
		k = auditlog_page(d, q, &buf[0], 0, buf, page, &e);
	}
	assert_int_equal(k, 0);
	assert_int_equal(got, n);
}

static void test_paging_both_ways(void **state)
{
	svdb *d = hand_log();
	auditlog_query q;
	auditlog_row r[3];
	sv_err e = { 0 };

	(void)state;
	auditlog_query_init(&q);
	check_query(d, &q, 7);
	check_query(d, &q, 1);
	check_query(d, &q, N_HAND + 5);
	/* newest first: the first row is the last entry */
	assert_int_equal(auditlog_count(d, &q, &e), N_HAND + 1);
	assert_int_equal(auditlog_page(d, &q, NULL, 1, r, 3, &e), 3);
	assert_int_equal(r[0].id, N_HAND + 1);
	assert_int_equal(r[2].id, N_HAND - 1);
	assert_string_equal(r[0].what, "supplier 120 changed: name");
	assert_string_equal(r[0].at, "2030-04-30T12:00:00Z");
	q.oldest_first = 1;
	check_query(d, &q, 7);
	assert_int_equal(auditlog_page(d, &q, NULL, 1, r, 3, &e), 3);
	assert_int_equal(r[0].id, 1);
	assert_string_equal(r[0].entity, "baseline");
	db_close(&d);
}

static void test_person_and_origin(void **state)
{
	svdb *d = hand_log();
	auditlog_query q;
	char **names;
	size_t n;
	sv_err e = { 0 };

	(void)state;
	for (int w = 0; w < 5; w++) {
		for (int o = 0; o < 4; o++) {
			auditlog_query_init(&q);
			if (w < 3)
				snprintf(q.who, sizeof q.who, "%s", people[w]);
			else if (w == 3)
				snprintf(q.who, sizeof q.who, "tester");
			if (o < 3)
				snprintf(q.origin, sizeof q.origin, "%s", origins[o]);
			check_query(d, &q, 5);
			q.oldest_first = 1;
			check_query(d, &q, 5);
		}
	}
	/* nobody of that name: nothing, without an error */
	auditlog_query_init(&q);
	snprintf(q.who, sizeof q.who, "mallory");
	assert_int_equal(auditlog_count(d, &q, &e), 0);
	check_query(d, &q, 5);

	assert_int_equal(auditlog_names(d, AUDITLOG_PEOPLE, 10, &names, &n, &e), 0);
	assert_int_equal(n, 4);
	assert_string_equal(names[0], "alice");
	assert_string_equal(names[1], "bob");
	assert_string_equal(names[2], "carol");
	assert_string_equal(names[3], "tester");     /* the baseline's */
	auditlog_names_free(names, n);
	assert_int_equal(auditlog_names(d, AUDITLOG_ORIGINS, 2, &names, &n, &e), 0);
	assert_int_equal(n, 2);     /* up to max */
	assert_string_equal(names[0], "cli");
	assert_string_equal(names[1], "desk");
	auditlog_names_free(names, n);
	db_close(&d);
}

static void test_dates(void **state)
{
	svdb *d = hand_log();
	auditlog_query q;
	char stamp[21];
	sv_err e = { 0 };

	(void)state;
	/* local midnight in London: GMT in winter, BST in summer */
	setenv("TZ", "Europe/London", 1);
	assert_int_equal(auditlog_day_start((sv_date){ 2026, 1, 10 }, stamp, &e), 0);
	assert_string_equal(stamp, "2026-01-10T00:00:00Z");
	assert_int_equal(auditlog_day_start((sv_date){ 2026, 7, 1 }, stamp, &e), 0);
	assert_string_equal(stamp, "2026-06-30T23:00:00Z");

	/* 10 January to 19 January included: hand entries 10 .. 19 */
	auditlog_query_init(&q);
	assert_int_equal(auditlog_day_start((sv_date){ 2030, 1, 10 }, q.from, &e), 0);
	assert_int_equal(auditlog_day_start((sv_date){ 2030, 1, 20 }, q.to, &e), 0);
	assert_int_equal(auditlog_count(d, &q, &e), 10);
	check_query(d, &q, 3);
	q.oldest_first = 1;
	check_query(d, &q, 4);
	/* with a person too */
	snprintf(q.who, sizeof q.who, "bob");
	check_query(d, &q, 2);
	/* only a start; only an end; a range before the log; after it */
	auditlog_query_init(&q);
	snprintf(q.from, sizeof q.from, "2030-04-01T00:00:00Z");
	check_query(d, &q, 9);
	auditlog_query_init(&q);
	snprintf(q.to, sizeof q.to, "2030-02-01T00:00:00Z");
	assert_int_equal(auditlog_count(d, &q, &e), 31 + 1);   /* and the baseline */
	check_query(d, &q, 9);
	auditlog_query_init(&q);
	snprintf(q.to, sizeof q.to, "2020-02-01T00:00:00Z");
	assert_int_equal(auditlog_count(d, &q, &e), 0);
	check_query(d, &q, 9);
	auditlog_query_init(&q);
	snprintf(q.from, sizeof q.from, "2031-02-01T00:00:00Z");
	assert_int_equal(auditlog_count(d, &q, &e), 0);
	check_query(d, &q, 9);
	db_close(&d);
}

/* ---- a world through the store ------------------------------------------------ */

static int64_t measure_id(svdb *d, const char *code)
{
	db_measure *all = NULL;
	size_t n = 0;
	int64_t id = 0;
	sv_err e = { 0 };

	assert_int_equal(db_measures_all(d, &all, &n, &e), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(all[i].code, code) == 0)
			id = all[i].id;
	free(all);
	assert_true(id > 0);
	return id;
}

static int64_t put_contract(svdb *d, const char *ref, sv_pence value)
{
	db_contract c;
	int64_t id = 0;
	sv_err e = { 0 };

	memset(&c, 0, sizeof c);
	c.ref = ref;
	c.title = "Fleet services";
	c.supplier = "Alpha Ltd";
	c.body = BODY_WMP;
	c.value = value;
	c.start = (sv_date){ 2025, 4, 1 };
	c.end = (sv_date){ 2027, 3, 31 };
	c.sv_weight = 50;
	c.manager = "Jo Bloggs";
	if (db_contract_put(d, &c, &id, &e) != 0)
		fail_msg("contract %s: %s", ref, e.msg);
	return id;
}

struct world {
	svdb *db;
	int64_t c1, c2, line1, line2, decision_entry, change_entry, import_entry;
	int64_t rejected, undo_entry;
};

static int64_t last_entry(svdb *d)
{
	char buf[32];

	return strtoll(probe(d, buf, sizeof buf, "SELECT max(id) FROM audit"), NULL, 10);
}

static void world(struct world *w)
{
	sv_err e = { 0 };
	int64_t cm1, cm2, id;
	db_import_counts counts = { 1, 0, 0, 0 };
	db_contract c;

	memset(w, 0, sizeof *w);
	w->db = dbt_open_mem("tester", "desk");
	w->c1 = put_contract(w->db, "CT-0001", 100000);
	w->c2 = put_contract(w->db, "CT-0002", 50000);
	if (db_commitment_put(w->db, w->c1, measure_id(w->db, "NT1"), 2025, 400, -1, NULL, &cm1,
			      &e) != 0 ||
	    db_commitment_put(w->db, w->c2, measure_id(w->db, "NT1"), 2025, 200, -1, NULL, &cm2,
			      &e) != 0)
		fail_msg("commitment: %s", e.msg);
	if (db_return_put(w->db, cm1, 2, 150, "payroll", NULL, &w->line1, &e) != 0 ||
	    db_return_put(w->db, cm2, 1, 100, "sheets", NULL, &w->line2, &e) != 0)
		fail_msg("return: %s", e.msg);
	/* another person decides, at the desk */
	snprintf(w->db->actor, sizeof w->db->actor, "vera");
	if (db_return_decide(w->db, w->line1, ST_VALIDATED, 100, "only one evidenced", "vera",
			     "2026-08-01T09:30:00Z", -1, &e) != 0)
		fail_msg("decision: %s", e.msg);
	w->decision_entry = last_entry(w->db);
	/* a rejection made at the desk, undone */
	{
		db_decided d1, d2;

		if (db_decide(w->db, w->line2, ST_REJECTED, 0, "no sheets", 1, &d1, &e) != 0 ||
		    db_undo(w->db, w->line2, d1.decision_id, d1.version, &d2, &e) != 0)
			fail_msg("undo: %s", e.msg);
		w->rejected = d1.decision_id;
		w->undo_entry = last_entry(w->db);
	}
	if (db_highlight_put(w->db, 2025, w->c1, "Apprentices", NULL, &e) != 0)
		fail_msg("highlight: %s", e.msg);
	/* the value of CT-0002 changed */
	memset(&c, 0, sizeof c);
	c.ref = "CT-0002";
	c.title = "Fleet services";
	c.supplier = "Alpha Ltd";
	c.body = BODY_WMP;
	c.value = 75000;
	c.start = (sv_date){ 2025, 4, 1 };
	c.end = (sv_date){ 2027, 3, 31 };
	c.sv_weight = 50;
	c.manager = "Jo Bloggs";
	if (db_contract_put(w->db, &c, &id, &e) != 0)
		fail_msg("contract change: %s", e.msg);
	w->change_entry = last_entry(w->db);
	/* an import of one supplier, by someone else */
	snprintf(w->db->actor, sizeof w->db->actor, "ivan");
	db_set_origin(w->db, "import");
	if (db_begin(w->db, &e) != 0 || db_import_begin(w->db, "contracts", "more.csv", &e) != 0)
		fail_msg("import: %s", e.msg);
	exec_ok(w->db, "INSERT INTO supplier (name) VALUES ('Beta Ltd')");
	if (db_import_end(w->db, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
			  &counts, &e) != 0 || db_commit(w->db, &e) != 0)
		fail_msg("import: %s", e.msg);
	w->import_entry = last_entry(w->db);
	db_set_origin(w->db, "desk");
}

static const auditlog_row *find_row(const auditlog_row *rows, int n, int64_t id)
{
	for (int i = 0; i < n; i++)
		if (rows[i].id == id)
			return &rows[i];
	return NULL;
}

static void test_words(void **state)
{
	struct world w;
	auditlog_query q;
	auditlog_row rows[64];
	const auditlog_row *r;
	int n;
	sv_err e = { 0 };

	(void)state;
	world(&w);
	auditlog_query_init(&q);
	n = auditlog_page(w.db, &q, NULL, 1, rows, 64, &e);
	assert_true(n > 8 && n < 64);
	assert_int_equal(n, auditlog_count(w.db, &q, &e));

	r = find_row(rows, n, w.import_entry);
	NEED(r);
	assert_string_equal(r->what, "import more.csv: 1 added, 0 changed");
	assert_string_equal(r->who, "ivan");
	assert_string_equal(r->origin, "import");
	assert_string_equal(r->contract, "");

	r = find_row(rows, n, w.change_entry);
	NEED(r);
	assert_string_equal(r->what, "contract CT-0002 changed: value");
	assert_string_equal(r->contract, "CT-0002");
	assert_string_equal(r->who, "vera");

	r = find_row(rows, n, w.decision_entry);
	NEED(r);
	{
		char want[128];

		snprintf(want, sizeof want, "decision on line %lld (CT-0001 NT1 Q2): validated",
			 (long long)w.line1);
		assert_string_equal(r->what, want);
	}
	assert_string_equal(r->contract, "CT-0001");
	assert_string_equal(r->entity, "decision");

	r = find_row(rows, n, w.undo_entry);
	NEED(r);
	{
		char want[128];

		snprintf(want, sizeof want, "undo of decision %lld on line %lld (CT-0002 NT1 Q1): "
			 "submitted", (long long)w.rejected, (long long)w.line2);
		assert_string_equal(r->what, want);
	}

	/* the oldest: the catalogue's baseline, then the first contract */
	assert_string_equal(rows[n - 1].entity, "baseline");
	assert_true(strncmp(rows[n - 1].what, "baseline: ", 10) == 0);
	db_close(&w.db);
}

static const auditlog_field *field_named(const auditlog_entry *en, const char *name)
{
	for (size_t i = 0; i < en->nfields; i++)
		if (strcmp(en->fields[i].name, name) == 0)
			return &en->fields[i];
	return NULL;
}

static void test_entry(void **state)
{
	struct world w;
	auditlog_entry en;
	const auditlog_field *f;
	sv_err e = { 0 };

	(void)state;
	world(&w);
	/* a change: only the field that changed, as money */
	assert_int_equal(auditlog_get(w.db, w.change_entry, &en, &e), 1);
	assert_int_equal(en.nfields, 1);
	assert_string_equal(en.fields[0].name, "value");
	assert_int_equal(en.fields[0].kind, AK_MONEY);
	assert_string_equal(en.fields[0].before, "50000");
	assert_string_equal(en.fields[0].after, "75000");
	assert_true(en.fields[0].in_before && en.fields[0].in_after);
	assert_int_equal(strlen(en.hash), 64);     /* sealed */
	auditlog_entry_free(&en);

	/* an import: its file, hash and counts */
	assert_int_equal(auditlog_get(w.db, w.import_entry, &en, &e), 1);
	assert_string_equal(en.kind, "contracts");
	assert_string_equal(en.file, "more.csv");
	assert_string_equal(en.sha256,
			    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	assert_int_equal(en.added, 1);
	assert_int_equal(en.changed, 0);
	assert_int_equal(en.nfields, 0);
	auditlog_entry_free(&en);

	/* a decision: the line's state before, the decision after, in the
	 * table's order, quantities as quantities */
	assert_int_equal(auditlog_get(w.db, w.decision_entry, &en, &e), 1);
	assert_int_equal(en.line_id, w.line1);
	assert_string_equal(en.unit, "FTE");
	assert_int_equal(en.undoes, 0);
	assert_string_equal(en.fields[0].name, "id");
	f = field_named(&en, "status");
	NEED(f);
	assert_string_equal(f->before, "submitted");
	assert_string_equal(f->after, "validated");
	f = field_named(&en, "validated");
	NEED(f);
	assert_int_equal(f->kind, AK_QTY);
	assert_null(f->before);
	assert_true(f->in_before);
	assert_string_equal(f->after, "100");
	f = field_named(&en, "decided_by");
	NEED(f);
	assert_false(f->in_before);
	assert_string_equal(f->after, "vera");
	auditlog_entry_free(&en);

	/* an undo says which decision it undoes */
	assert_int_equal(auditlog_get(w.db, w.undo_entry, &en, &e), 1);
	assert_int_equal(en.undoes, w.rejected);
	assert_int_equal(en.line_id, w.line2);
	auditlog_entry_free(&en);

	assert_int_equal(auditlog_get(w.db, 999999, &en, &e), 0);
	db_close(&w.db);
}

/* The contract filter gives exactly the entries of the contract's page. */
static void check_contract_rule(svdb *d, int64_t contract_id)
{
	detail_audit *a = NULL;
	size_t n = 0;
	int64_t total = 0;
	auditlog_query q;
	auditlog_row *rows;
	int k;
	sv_err e = { 0 };

	assert_int_equal(detail_audit_page(d, contract_id, 0, 100000, &a, &n, &total, &e), 0);
	assert_int_equal((int64_t)n, total);
	auditlog_query_init(&q);
	q.contract_id = contract_id;
	assert_int_equal(auditlog_count(d, &q, &e), total);
	rows = calloc(n + 1, sizeof *rows);
	assert_non_null(rows);
	k = auditlog_page(d, &q, NULL, 1, rows, (int)n + 1, &e);
	assert_int_equal(k, (int)n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(rows[i].id, a[i].id);
	free(rows);
	free(a);
}

static void test_contract_rule(void **state)
{
	struct world w;
	auditlog_query q;
	auditlog_row rows[64];
	int n;
	sv_err e = { 0 };

	(void)state;
	world(&w);
	check_contract_rule(w.db, w.c1);
	check_contract_rule(w.db, w.c2);
	/* CT-0001: its row, commitment, line, decision and highlight */
	auditlog_query_init(&q);
	q.contract_id = w.c1;
	n = auditlog_page(w.db, &q, NULL, 1, rows, 64, &e);
	assert_int_equal(n, 5);
	assert_int_equal(rows[0].id > rows[1].id, 1);
	for (int i = 0; i < n; i++)
		assert_string_equal(rows[i].contract, "CT-0001");
	/* with the other filters: vera's entries about CT-0001 (the decision
	 * and the highlight) */
	snprintf(q.who, sizeof q.who, "vera");
	assert_int_equal(auditlog_count(w.db, &q, &e), 2);
	n = auditlog_page(w.db, &q, NULL, 1, rows, 64, &e);
	assert_int_equal(n, 2);
	assert_string_equal(rows[1].entity, "decision");
	/* paged both ways */
	q.who[0] = '\0';
	n = auditlog_page(w.db, &q, NULL, 1, rows, 2, &e);
	assert_int_equal(n, 2);
	n = auditlog_page(w.db, &q, &rows[1], 1, rows + 2, 2, &e);
	assert_int_equal(n, 2);
	assert_true(rows[2].id < rows[1].id);
	n = auditlog_page(w.db, &q, &rows[2], 0, rows + 4, 2, &e);
	assert_int_equal(n, 2);
	assert_int_equal(rows[4].id, rows[0].id);
	assert_int_equal(rows[5].id, rows[1].id);
	assert_int_equal(auditlog_rank(w.db, &q, rows[2].id, &e), 2);
	db_close(&w.db);
}

static void test_contract_rule_demo(void **state)
{
	db_open_opts o = { 0, NULL, 0, "tester", "demo" };
	static const sv_date today = { 2026, 2, 14 };
	svdb *d = NULL;
	sv_err e = { 0 };

	(void)state;
	if (db_open(&d, ":memory:", &o, &e) != 0 || demo_generate(d, 40, 1, today, &e) != 0)
		fail_msg("demo: %s", e.msg);
	exec_ok(d, "UPDATE contract SET manager = 'New manager' WHERE id % 3 = 0");
	for (int64_t id = 1; id <= 40; id++)
		check_contract_rule(d, id);
	db_close(&d);
}

static void test_contracts_matching(void **state)
{
	struct world w;
	int64_t ids[4];
	char refs[4][64];
	sv_err e = { 0 };

	(void)state;
	world(&w);
	assert_int_equal(auditlog_contracts_matching(w.db, "CT-0002", 4, ids, refs, &e), 1);
	assert_int_equal(ids[0], w.c2);
	/* any case */
	assert_int_equal(auditlog_contracts_matching(w.db, "ct-0001", 4, ids, refs, &e), 1);
	assert_string_equal(refs[0], "CT-0001");
	/* part of a ref: every contract holding it, by ref */
	assert_int_equal(auditlog_contracts_matching(w.db, "000", 4, ids, refs, &e), 2);
	assert_string_equal(refs[0], "CT-0001");
	assert_string_equal(refs[1], "CT-0002");
	assert_int_equal(auditlog_contracts_matching(w.db, "%", 4, ids, refs, &e), 0);
	assert_int_equal(auditlog_contracts_matching(w.db, "XY-9", 4, ids, refs, &e), 0);
	db_close(&w.db);
}

static void test_triggers_ok(void **state)
{
	svdb *d = dbt_open_mem("tester", "desk");

	(void)state;
	assert_int_equal(db_audit_triggers_ok(d), 1);
	db_close(&d);
}

/* A file whose audit trigger was dropped behind svdesk's back opens
 * READ-ONLY, and the flag says the triggers were not intact. */
static void test_triggers_altered(void **state)
{
	const char *path = "test_auditlog-altered.db";
	db_open_opts o = { 1, NULL, 0, "tester", "desk" };
	svdb *d = NULL;
	sqlite3 *h = NULL;
	sv_err e = { 0 };

	(void)state;
	remove(path);
	if (db_open(&d, path, &o, &e) != 0)
		fail_msg("create: %s", e.msg);
	assert_int_equal(db_audit_triggers_ok(d), 1);
	db_close(&d);
	if (db_open(&d, path, &o, &e) != 0)
		fail_msg("open: %s", e.msg);
	assert_int_equal(db_audit_triggers_ok(d), 1);
	assert_int_equal(db_readonly(d), 0);
	db_close(&d);
	assert_int_equal(sqlite3_open(path, &h), SQLITE_OK);
	assert_int_equal(sqlite3_exec(h, "DROP TRIGGER contract_audit_update", NULL, NULL, NULL),
			 SQLITE_OK);
	sqlite3_close(h);
	if (db_open(&d, path, &o, &e) != 0)
		fail_msg("open: %s", e.msg);
	assert_int_equal(db_audit_triggers_ok(d), 0);
	assert_int_equal(db_readonly(d), 1);
	db_close(&d);
	remove(path);
	remove("test_auditlog-altered.db-wal");
	remove("test_auditlog-altered.db-shm");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_paging_both_ways),
		cmocka_unit_test(test_person_and_origin),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_entry),
		cmocka_unit_test(test_contract_rule),
		cmocka_unit_test(test_contract_rule_demo),
		cmocka_unit_test(test_contracts_matching),
		cmocka_unit_test(test_triggers_ok),
		cmocka_unit_test(test_triggers_altered),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
