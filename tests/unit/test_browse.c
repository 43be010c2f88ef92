/* test_browse.c: the desk's lists (db/browse.c) and the year totals that
 * migration 0005 keeps (db/migrations/0005_browse.sql, db/sqlfn.c).
 *
 * The database is filled by the real write paths (the demo generator, then
 * db_contract_put, db_commitment_put, db_return_put, db_return_decide); the
 * totals are checked against a recomputation in C from the raw rows, and
 * every sort, direction and filter against a brute-force sort and filter of
 * every contract. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "svdesk/browse.h"
#include "svdesk/db.h"
#include "svdesk/demo.h"
#include "svdesk/money.h"
#include "db/db_private.h"     /* the raw rows, for the recomputation */
#include "tests/unit/dbtest.h"

#define FY 2025
static const sv_date TODAY = { 2026, 2, 14 };

static svdb *demo_db(int n)
{
	db_open_opts o = { 0, NULL, 0, "tester", "demo" };
	svdb *db = NULL;
	sv_err e;

	memset(&e, 0, sizeof e);
	if (db_open(&db, ":memory:", &o, &e) != 0)
		fail_msg("open: %s", e.msg);
	if (demo_generate(db, n, 1, TODAY, &e) != 0)
		fail_msg("demo: %s", e.msg);
	db_set_origin(db, "desk");
	return db;
}

/* ---- folding ------------------------------------------------------------------ */

static void fold_is(const char *in, const char *want)
{
	char out[256];

	browse_fold(in, out, sizeof out);
	assert_string_equal(out, want);
}

static void test_fold(void **state)
{
	(void)state;
	fold_is("Café", "cafe");
	fold_is("ÉCOLE", "ecole");
	fold_is("école", "ecole");
	fold_is("  Łódź   Straße ", "lodz strase");
	fold_is("A\u200bB\u202eC", "abc");
	fold_is("Ωmega", "\u03c9mega");
	fold_is("100%_x", "100%_x");
}

/* ---- the recomputation ------------------------------------------------------------ */

struct cy {
	int64_t contract_id;
	int year;
	sv_pence committed, delivered, validated;
	int64_t awaiting;
	unsigned returned;
	int has;
};

static struct cy *find_cy(struct cy *v, size_t n, int64_t cid, int year)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i].contract_id == cid && v[i].year == year)
			return &v[i];
	return NULL;
}

static void add_ok(sv_pence *acc, sv_pence x)
{
	assert_int_equal(money_add(acc, x), 0);
}

/* The figures of every contract and year, from commitment and return_line
 * in C (sv_value per line, money_add), compared with contract_year. */
static void check_totals(svdb *db)
{
	sqlite3_stmt *st;
	struct cy *v = calloc(20000, sizeof *v);
	size_t n = 0, i, rows = 0;

	assert_non_null(v);
	assert_int_equal(sqlite3_prepare_v2(db->h, "SELECT contract_id, year, target, proxy "
					    "FROM commitment", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t cid = sqlite3_column_int64(st, 0);
		int year = sqlite3_column_int(st, 1);
		struct cy *c = find_cy(v, n, cid, year);
		sv_pence x = 0;

		if (c == NULL) {
			assert_true(n < 20000);
			c = &v[n++];
			c->contract_id = cid;
			c->year = year;
		}
		if (sqlite3_column_type(st, 3) != SQLITE_NULL)
			assert_int_equal(sv_value(sqlite3_column_int64(st, 2),
						  sqlite3_column_int64(st, 3), &x), 0);
		add_ok(&c->committed, x);
	}
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db->h, "SELECT cm.contract_id, cm.year, cm.proxy, "
					    "r.quarter, r.delivered, r.status, r.validated "
					    "FROM return_line r JOIN commitment cm "
					    "ON cm.id = r.commitment_id", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct cy *c = find_cy(v, n, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1));
		const char *status = (const char *)sqlite3_column_text(st, 5);
		int has_proxy = sqlite3_column_type(st, 2) != SQLITE_NULL;
		int64_t proxy = sqlite3_column_int64(st, 2);
		sv_pence x = 0;

		if (c == NULL || status == NULL)
			fail_msg("a return line without its commitment");
		if (c == NULL || status == NULL)
			break;
		if (has_proxy)
			assert_int_equal(sv_value(sqlite3_column_int64(st, 4), proxy, &x), 0);
		add_ok(&c->delivered, x);
		if (strcmp(status, "validated") == 0 && has_proxy) {
			assert_int_equal(sv_value(sqlite3_column_int64(st, 6), proxy, &x), 0);
			add_ok(&c->validated, x);
		}
		if (strcmp(status, "submitted") == 0 || strcmp(status, "query") == 0)
			c->awaiting++;
		c->returned |= 1u << (sqlite3_column_int(st, 3) - 1);
	}
	sqlite3_finalize(st);

	assert_int_equal(sqlite3_prepare_v2(db->h, "SELECT contract_id, year, committed, "
					    "delivered, validated, ratio_bp, awaiting, returned "
					    "FROM contract_year", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct cy *c = find_cy(v, n, sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1));

		if (c == NULL)
			fail_msg("a row of totals for a contract and year with no commitment");
		if (c == NULL)
			break;
		c->has = 1;
		rows++;
		assert_int_equal(sqlite3_column_int64(st, 2), c->committed);
		assert_int_equal(sqlite3_column_int64(st, 3), c->delivered);
		assert_int_equal(sqlite3_column_int64(st, 4), c->validated);
		assert_int_equal(sqlite3_column_int64(st, 5),
				 c->committed > 0 ? c->validated * 10000 / c->committed : -1);
		assert_int_equal(sqlite3_column_int64(st, 6), c->awaiting);
		assert_int_equal(sqlite3_column_int64(st, 7), c->returned);
	}
	sqlite3_finalize(st);
	for (i = 0; i < n; i++)
		assert_true(v[i].has);
	assert_int_equal(rows, n);
	/* and the desk reads the same figures */
	for (i = 0; i < n; i += 7) {
		browse_contract r;

		MUST(browse_contract_get(db, v[i].contract_id, v[i].year, &r, &e_) != 1);
		assert_int_equal(r.committed, v[i].committed);
		assert_int_equal(r.delivered, v[i].delivered);
		assert_int_equal(r.validated, v[i].validated);
		assert_int_equal(r.awaiting, v[i].awaiting);
		assert_int_equal(r.returned, v[i].returned);
	}
	free(v);
}

static void test_totals_demo(void **state)
{
	svdb *db = demo_db(120);

	(void)state;
	check_totals(db);
	db_close(&db);
}

/* Decisions, resubmissions and a changed target keep the totals right. */
static void test_totals_writes(void **state)
{
	svdb *db = demo_db(40);
	sqlite3_stmt *st;
	int64_t ids[64], cms[16];
	int n = 0, k = 0, i;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(db->h, "SELECT id FROM return_line WHERE status = "
					    "'submitted' ORDER BY id LIMIT 64", -1, &st, NULL),
			 SQLITE_OK);
	while (n < 64 && sqlite3_step(st) == SQLITE_ROW)
		ids[n++] = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	assert_true(n >= 12);
	for (i = 0; i < n; i++) {
		sv_err e;

		memset(&e, 0, sizeof e);
		switch (i % 4) {
		case 0:
			assert_int_equal(db_return_decide(db, ids[i], ST_VALIDATED, 0, "none of it",
							  "alice", NULL, -1, &e), 0);
			break;
		case 1:
			assert_int_equal(db_return_decide(db, ids[i], ST_QUERY, 0, "evidence?",
							  "alice", NULL, -1, &e), 0);
			break;
		case 2:
			assert_int_equal(db_return_decide(db, ids[i], ST_REJECTED, 0, "wrong",
							  "alice", NULL, -1, &e), 0);
			break;
		default:
			break;
		}
	}
	check_totals(db);
	/* a line in query resubmitted with another quantity, then validated */
	assert_int_equal(sqlite3_prepare_v2(db->h, "SELECT commitment_id, quarter, id FROM "
					    "return_line WHERE status = 'query' LIMIT 3", -1,
					    &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t cm = sqlite3_column_int64(st, 0), id = sqlite3_column_int64(st, 2);
		int q = sqlite3_column_int(st, 1);

		sqlite3_reset(st);
		MUST(db_return_put(db, cm, q, 777, "again", NULL, NULL, &e_));
		MUST(db_return_decide(db, id, ST_VALIDATED, 500, "part", "bob", NULL, -1, &e_));
		break;
	}
	sqlite3_finalize(st);
	check_totals(db);
	/* new targets of existing commitments */
	assert_int_equal(sqlite3_prepare_v2(db->h, "SELECT contract_id, measure_id, year FROM "
					    "commitment WHERE proxy IS NOT NULL LIMIT 5", -1, &st,
					    NULL), SQLITE_OK);
	while (k < 5 && sqlite3_step(st) == SQLITE_ROW) {
		MUST(db_commitment_put(db, sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
				       sqlite3_column_int(st, 2), 12345 + k, DB_PROXY_LOOKUP, NULL,
				       &cms[k], &e_));
		k++;
	}
	sqlite3_finalize(st);
	assert_int_equal(k, 5);
	check_totals(db);
	db_close(&db);
}

static int64_t q_int(svdb *db, const char *sql)
{
	int64_t v = 0;

	assert_int_equal(db_query_int(db->h, sql, &v), SQLITE_OK);
	return v;
}

/* A £SV that overflows fails with a clear message and writes nothing; so
 * does a sum that would overflow. */
static void test_overflow(void **state)
{
	svdb *db = demo_db(5);
	db_contract c;
	int64_t cid, mid, before, cy;
	sv_err e;
	char buf[256];

	(void)state;
	memset(&c, 0, sizeof c);
	c.ref = "BIG-1";
	c.title = "Big";
	c.supplier = "Big Ltd";
	c.body = BODY_WMP;
	c.value = 100;
	c.start = (sv_date){ 2025, 4, 1 };
	c.end = (sv_date){ 2027, 3, 31 };
	c.sv_weight = 100;
	MUST(db_contract_put(db, &c, &cid, &e_));
	mid = q_int(db, "SELECT id FROM measure WHERE unit <> 'percent' ORDER BY id LIMIT 1");
	before = q_int(db, "SELECT count(*) FROM commitment");
	cy = q_int(db, "SELECT count(*) FROM contract_year");
	memset(&e, 0, sizeof e);
	assert_int_equal(db_commitment_put(db, cid, mid, FY, INT64_MAX / 2, 1000000, NULL, NULL,
					   &e), -1);
	assert_non_null(strstr(e.msg, "out of range"));
	assert_int_equal(q_int(db, "SELECT count(*) FROM commitment"), before);
	assert_int_equal(q_int(db, "SELECT count(*) FROM contract_year"), cy);
	exec_fails(db, "SELECT sv_add(9223372036854775807, 1)", "out of range");
	exec_fails(db, "SELECT sv_sub(-9223372036854775807, 2)", "out of range");
	exec_fails(db, "SELECT sv_sum(x) FROM (SELECT 9223372036854775807 AS x UNION ALL "
		   "SELECT 1)", "out of range");
	assert_string_equal(probe(db, buf, sizeof buf, "sv_sv(150, 31416)"), "471");
	assert_string_equal(probe(db, buf, sizeof buf, "sv_sv(150, NULL)"), "0");
	assert_string_equal(probe(db, buf, sizeof buf, "sv_ratio(5, 0)"), "-1");
	assert_string_equal(probe(db, buf, sizeof buf, "sv_ratio(2, 3)"), "6666");
	/* a total that would overflow: the line's write fails whole */
	{
		int64_t cm = 0, lines;

		mid = q_int(db, "SELECT m.id FROM measure m JOIN proxy_value pv ON pv.measure_id = "
			    "m.id JOIN proxy_set ps ON ps.id = pv.set_id AND ps.is_current = 1 "
			    "WHERE pv.proxy > 0 ORDER BY m.id LIMIT 1");
		MUST(db_commitment_put(db, cid, mid, FY, 100, DB_PROXY_LOOKUP, NULL, &cm, &e_));
		exec_ok(db, "UPDATE contract_year SET delivered = 9223372036854775000 "
			"WHERE contract_id = (SELECT id FROM contract WHERE ref = 'BIG-1')");
		lines = q_int(db, "SELECT count(*) FROM return_line");
		memset(&e, 0, sizeof e);
		assert_int_equal(db_return_put(db, cm, 1, 100000000, NULL, NULL, NULL, &e), -1);
		assert_non_null(strstr(e.msg, "out of range"));
		assert_int_equal(q_int(db, "SELECT count(*) FROM return_line"), lines);
		assert_int_equal(q_int(db, "SELECT delivered FROM contract_year WHERE contract_id = "
				       "(SELECT id FROM contract WHERE ref = 'BIG-1')"),
				 9223372036854775000);
	}
	db_close(&db);
}

/* ---- the lists ------------------------------------------------------------------------ */

static int sort_col;
static int sort_desc;

static int64_t year_key(const browse_contract *r, int col)
{
	switch (col) {
	case BC_COMMITTED: return r->committed;
	case BC_DELIVERED: return r->delivered;
	case BC_VALIDATED: return r->validated;
	case BC_RAG: return r->ratio_bp;
	case BC_VALUE: return r->value;
	case BC_WEIGHT: return r->sv_weight;
	default: return 0;
	}
}

static int cmp_rows(const void *pa, const void *pb)
{
	const browse_contract *a = pa, *b = pb;
	int c = 0;

	switch (sort_col) {
	case BC_REF: c = strcmp(a->ref, b->ref); break;
	case BC_TITLE: c = strcmp(a->title, b->title); break;
	case BC_SUPPLIER: c = strcmp(a->supplier, b->supplier); break;
	case BC_BODY: c = strcmp(body_name(a->body), body_name(b->body)); break;
	default: {
		int64_t x = year_key(a, sort_col), y = year_key(b, sort_col);

		c = x < y ? -1 : x > y;
	}
	}
	if (c == 0)
		c = a->id < b->id ? -1 : a->id > b->id;
	return sort_desc ? -c : c;
}

struct world {
	browse_contract *all;
	int n;
	int64_t *measures;      /* per contract (index): a measure committed in FY, or 0 */
};

static void load_world(svdb *db, struct world *w, int fy)
{
	sqlite3_stmt *st;
	int cap = (int)q_int(db, "SELECT count(*) FROM contract");

	w->all = calloc((size_t)cap + 1, sizeof *w->all);
	w->measures = calloc((size_t)cap + 1, sizeof *w->measures);
	w->n = 0;
	assert_int_equal(sqlite3_prepare_v2(db->h, "SELECT id FROM contract ORDER BY id", -1, &st,
					    NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		MUST(browse_contract_get(db, sqlite3_column_int64(st, 0), fy, &w->all[w->n],
					 &e_) != 1);
		w->n++;
	}
	sqlite3_finalize(st);
	assert_int_equal(w->n, cap);
}

static int has_measure(svdb *db, int64_t cid, int64_t mid, int fy)
{
	sqlite3_stmt *st;
	int r;

	assert_int_equal(sqlite3_prepare_v2(db->h, "SELECT 1 FROM commitment WHERE contract_id "
					    "= ?1 AND measure_id = ?2 AND year = ?3", -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_int64(st, 1, cid);
	sqlite3_bind_int64(st, 2, mid);
	sqlite3_bind_int(st, 3, fy);
	r = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return r;
}

static int keep(svdb *db, const browse_query *q, const browse_contract *r)
{
	char first[16], last[16];

	if (q->body >= 0 && (int)r->body != q->body)
		return 0;
	if (q->live_fy != 0) {
		snprintf(first, sizeof first, "%04d-04-01", q->live_fy % 10000);
		snprintf(last, sizeof last, "%04d-03-31", (q->live_fy + 1) % 10000);
		if (strcmp(r->start, last) > 0 || strcmp(r->end, first) < 0)
			return 0;
	}
	if (q->rag == BR_NONE && r->ratio_bp >= 0)
		return 0;
	if (q->rag == BR_RANGE && (r->ratio_bp < q->bp_lo || r->ratio_bp >= q->bp_hi))
		return 0;
	if (q->closed >= 0 && r->closed != q->closed)
		return 0;
	if (q->exceptions && !(r->value > q->threshold && r->sv_weight < q->min_weight))
		return 0;
	if (q->awaiting && r->awaiting <= 0)
		return 0;
	if (q->supplier_id != 0 && r->supplier_id != q->supplier_id)
		return 0;
	if (q->measure_id != 0 && !has_measure(db, r->id, q->measure_id, q->fy))
		return 0;
	return 1;
}

/* The list, paged forward and backward, equals the brute-force one; the
 * count and every rank agree. */
static void check_list(svdb *db, const struct world *w, const browse_query *q)
{
	browse_contract *want = calloc((size_t)w->n + 1, sizeof *want);
	browse_contract *got = calloc((size_t)w->n + 1, sizeof *got);
	browse_contract page[7];
	int nw = 0, ng = 0, i, k;
	const int lim = 7;

	for (i = 0; i < w->n; i++)
		if (keep(db, q, &w->all[i]))
			want[nw++] = w->all[i];
	sort_col = q->sort;
	sort_desc = q->desc;
	qsort(want, (size_t)nw, sizeof *want, cmp_rows);
	{
		sv_err e;

		memset(&e, 0, sizeof e);
		assert_int_equal(browse_contracts_count(db, q, &e), nw);
	}
	/* forward */
	for (;;) {
		sv_err e;

		memset(&e, 0, sizeof e);
		k = browse_contracts_page(db, q, ng ? &got[ng - 1] : NULL, 1, page, lim, &e);
		if (k < 0)
			fail_msg("page: %s", e.msg);
		assert_true(ng + k <= nw);
		if (k > 0)
			memcpy(&got[ng], page, (size_t)k * sizeof *page);
		ng += k;
		if (k < lim)
			break;
	}
	assert_int_equal(ng, nw);
	for (i = 0; i < nw; i++)
		if (got[i].id != want[i].id)
			fail_msg("sort %d desc %d: row %d is %lld, want %lld", q->sort, q->desc, i,
				 (long long)got[i].id, (long long)want[i].id);
	/* backward from the end */
	ng = nw;
	for (;;) {
		sv_err e;

		memset(&e, 0, sizeof e);
		k = browse_contracts_page(db, q, ng < nw ? &want[ng] : NULL, 0, page, lim, &e);
		if (k < 0)
			fail_msg("page back: %s", e.msg);
		assert_true(k <= ng);
		for (i = 0; i < k; i++)
			if (page[i].id != want[ng - k + i].id)
				fail_msg("sort %d desc %d back: row %d is %lld, want %lld", q->sort,
					 q->desc, ng - k + i, (long long)page[i].id,
					 (long long)want[ng - k + i].id);
		ng -= k;
		if (k < lim)
			break;
	}
	assert_int_equal(ng, 0);
	/* ranks */
	for (i = 0; i < nw; i += (nw > 60 ? 5 : 1)) {
		sv_err e;

		memset(&e, 0, sizeof e);
		assert_int_equal(browse_contracts_rank(db, q, &want[i], &e), i);
	}
	free(want);
	free(got);
}

static void test_sorts(void **state)
{
	svdb *db = demo_db(150);
	struct world w;
	browse_query q;
	int col, desc;

	(void)state;
	load_world(db, &w, FY);
	for (col = 0; col < BC_COUNT; col++)
		for (desc = 0; desc < 2; desc++) {
			browse_query_init(&q, FY);
			q.sort = col;
			q.desc = desc;
			check_list(db, &w, &q);
		}
	free(w.all);
	free(w.measures);
	/* a year with no figures at all: every contract sorts as 0 */
	load_world(db, &w, 2031);
	for (col = BC_COMMITTED; col < BC_COUNT; col++)
		for (desc = 0; desc < 2; desc++) {
			browse_query_init(&q, 2031);
			q.sort = col;
			q.desc = desc;
			check_list(db, &w, &q);
		}
	free(w.all);
	free(w.measures);
	db_close(&db);
}

static void test_filters(void **state)
{
	svdb *db = demo_db(150);
	struct world w;
	browse_query q;
	int col, f;

	(void)state;
	load_world(db, &w, FY);
	for (f = 0; f < 10; f++)
		for (col = 0; col < BC_COUNT; col += (f % 2) + 1) {
			browse_query_init(&q, FY);
			q.sort = col;
			q.desc = (f + col) % 2;
			switch (f) {
			case 0: q.body = BODY_OPCC; break;
			case 1: q.live_fy = FY; break;
			case 2: q.rag = BR_NONE; break;
			case 3: q.rag = BR_RANGE; q.bp_lo = 0; q.bp_hi = 5000; break;
			case 4: q.closed = 1; break;
			case 5: q.closed = 0; q.body = BODY_WMP; break;
			case 6: q.exceptions = 1; q.threshold = 10000000; q.min_weight = 100; break;
			case 7: q.awaiting = 1; break;
			case 8: q.supplier_id = w.all[3].supplier_id; break;
			default:
				q.measure_id = q_int(db, "SELECT measure_id FROM commitment WHERE "
						     "year = 2025 GROUP BY measure_id ORDER BY "
						     "count(*) DESC LIMIT 1");
				break;
			}
			check_list(db, &w, &q);
		}
	free(w.all);
	free(w.measures);
	db_close(&db);
}

/* ---- search ------------------------------------------------------------------------------ */

static int64_t put_contract(svdb *db, const char *ref, const char *title, const char *supplier)
{
	db_contract c;
	int64_t id = 0;

	memset(&c, 0, sizeof c);
	c.ref = ref;
	c.title = title;
	c.supplier = supplier;
	c.body = BODY_WMP;
	c.value = 5000;
	c.start = (sv_date){ 2025, 4, 1 };
	c.end = (sv_date){ 2026, 3, 31 };
	c.sv_weight = 100;
	MUST(db_contract_put(db, &c, &id, &e_));
	return id;
}

static int64_t find1(svdb *db, const browse_query *q, const char *text,
		     const browse_contract *from, int forward, browse_contract *out)
{
	sv_err e;
	int r;

	memset(&e, 0, sizeof e);
	r = browse_contracts_find(db, q, text, from, forward, out, &e);
	if (r < 0)
		fail_msg("find: %s", e.msg);
	return r == 1 ? out->id : 0;
}

static void test_search(void **state)
{
	svdb *db = demo_db(0);
	browse_query q;
	browse_contract r, r2;
	int64_t cafe, ecole, pct, under, plain;

	(void)state;
	cafe = put_contract(db, "S-1", "Café supplies", "Tea Ltd");
	ecole = put_contract(db, "S-2", "Cleaning", "école Services");
	pct = put_contract(db, "S-3", "100% recycled paper", "Paper Ltd");
	under = put_contract(db, "S-4", "snake_case tools", "Tools Ltd");
	plain = put_contract(db, "S-5", "1000 recycled bags", "Bags Ltd");
	browse_query_init(&q, FY);
	assert_int_equal(find1(db, &q, "cafe", NULL, 1, &r), cafe);
	assert_int_equal(find1(db, &q, "CAFÉ", NULL, 1, &r), cafe);
	assert_int_equal(find1(db, &q, "ÉCOLE", NULL, 1, &r), ecole);
	assert_int_equal(find1(db, &q, "ecole serv", NULL, 1, &r), ecole);
	assert_int_equal(find1(db, &q, "0%", NULL, 1, &r), pct);
	assert_int_equal(find1(db, &q, "0%", &r, 1, &r2), 0);
	assert_int_equal(find1(db, &q, "e_c", NULL, 1, &r), under);
	assert_int_equal(find1(db, &q, "s-5", NULL, 1, &r), plain);
	/* next and previous in list order */
	assert_int_equal(find1(db, &q, "recycled", NULL, 1, &r), pct);
	assert_int_equal(find1(db, &q, "recycled", &r, 1, &r2), plain);
	assert_int_equal(find1(db, &q, "recycled", &r2, 0, &r), pct);
	assert_int_equal(find1(db, &q, "recycled", NULL, 0, &r), plain);
	q.sort = BC_TITLE;      /* by title descending "1000 ..." comes before "100% ..." */
	q.desc = 1;
	assert_int_equal(find1(db, &q, "recycled", NULL, 1, &r), plain);
	assert_int_equal(find1(db, &q, "nothing like it", NULL, 1, &r), 0);
	/* a rename is found by its new name */
	exec_ok(db, "UPDATE supplier SET name = 'Ärger GmbH' WHERE name = 'Bags Ltd'");
	assert_int_equal(find1(db, &q, "arger", NULL, 1, &r), plain);
	db_close(&db);
}

static void test_max(void **state)
{
	svdb *db = demo_db(60);
	browse_max m;

	(void)state;
	MUST(browse_contracts_max(db, FY, &m, &e_));
	assert_int_equal(m.value, q_int(db, "SELECT max(value) FROM contract"));
	assert_int_equal(m.committed, q_int(db, "SELECT max(committed) FROM contract_year "
					    "WHERE year = 2025"));
	assert_int_equal(m.validated, q_int(db, "SELECT max(validated) FROM contract_year "
					    "WHERE year = 2025"));
	db_close(&db);
}


/* ---- suppliers and the tree ------------------------------------------------------- */

static int scol;

static int64_t skey(const browse_supplier *r)
{
	switch (scol) {
	case BSC_CONTRACTS: return r->contracts;
	case BSC_VALUE: return r->value;
	case BSC_COMMITTED: return r->committed;
	case BSC_DELIVERED: return r->delivered;
	default: return r->validated;
	}
}

static int cmp_sup(const void *pa, const void *pb)
{
	const browse_supplier *a = pa, *b = pb;
	int c;

	if (scol == BSC_NAME) {
		c = strcmp(a->name, b->name);
	} else {
		int64_t x = skey(a), y = skey(b);

		c = x < y ? -1 : x > y;
		if (c == 0)
			c = a->id < b->id ? -1 : a->id > b->id;
	}
	return sort_desc ? -c : c;
}

static void test_suppliers(void **state)
{
	svdb *db = demo_db(150);
	struct world w;
	browse_supplier *want, page[5];
	browse_squery q;
	int n = 0, i, j, col, desc;

	(void)state;
	load_world(db, &w, FY);
	want = calloc((size_t)w.n + 1, sizeof *want);
	/* the suppliers' figures from the contracts' (brute force) */
	for (i = 0; i < w.n; i++) {
		for (j = 0; j < n && want[j].id != w.all[i].supplier_id; j++)
			;
		if (j == n) {
			want[n].id = w.all[i].supplier_id;
			snprintf(want[n].name, sizeof want[n].name, "%s", w.all[i].supplier);
			n++;
		}
		want[j].contracts++;
		add_ok(&want[j].value, w.all[i].value);
		add_ok(&want[j].committed, w.all[i].committed);
		add_ok(&want[j].delivered, w.all[i].delivered);
		add_ok(&want[j].validated, w.all[i].validated);
	}
	assert_int_equal(q_int(db, "SELECT count(*) FROM supplier"), n);
	for (col = 0; col < BSC_COUNT; col++)
		for (desc = 0; desc < 2; desc++) {
			int got = 0, k;

			q.fy = FY;
			q.sort = col;
			q.desc = desc;
			scol = col;
			sort_desc = desc;
			qsort(want, (size_t)n, sizeof *want, cmp_sup);
			MUST(browse_suppliers_count(db, &q, &e_) != n);
			for (;;) {
				sv_err e;

				memset(&e, 0, sizeof e);
				k = browse_suppliers_page(db, &q, got ? &want[got - 1] : NULL, 1, page, 5,
							  &e);
				if (k < 0)
					fail_msg("suppliers: %s", e.msg);
				for (i = 0; i < k; i++) {
					assert_int_equal(page[i].id, want[got + i].id);
					assert_int_equal(page[i].contracts, want[got + i].contracts);
					assert_int_equal(page[i].value, want[got + i].value);
					assert_int_equal(page[i].committed, want[got + i].committed);
					assert_int_equal(page[i].delivered, want[got + i].delivered);
					assert_int_equal(page[i].validated, want[got + i].validated);
				}
				got += k;
				if (k < 5)
					break;
			}
			assert_int_equal(got, n);
			/* backward from the end */
			k = browse_suppliers_page(db, &q, NULL, 0, page, 5, NULL);
			assert_int_equal(k, n < 5 ? n : 5);
			for (i = 0; i < k; i++)
				assert_int_equal(page[i].id, want[n - k + i].id);
			for (i = 0; i < n; i++)
				assert_int_equal(browse_suppliers_rank(db, &q, &want[i], NULL), i);
		}
	/* search: the next supplier in list order whose name has the text */
	{
		browse_supplier r;

		q.fy = FY;
		q.sort = BSC_NAME;
		q.desc = 0;
		assert_int_equal(browse_suppliers_find(db, &q, want[0].name, NULL, 1, &r, NULL), 1);
		assert_int_equal(r.id, want[0].id);
		assert_int_equal(browse_suppliers_find(db, &q, "no such name at all", NULL, 1, &r,
						       NULL), 0);
	}
	free(want);
	free(w.all);
	free(w.measures);
	db_close(&db);
}

struct tree_seen {
	int themes, outcomes, measures;
	sv_pence committed, validated, theme_committed;
	int64_t q_committed;
	int64_t last_kind;
};

static int on_tree(void *ctx, const browse_tree_rec *r)
{
	struct tree_seen *t = ctx;

	if (r->kind == BN_THEME) {
		t->themes++;
		assert_null(r->unit);
		add_ok(&t->theme_committed, r->committed);
	} else if (r->kind == BN_OUTCOME) {
		t->outcomes++;
		assert_int_not_equal(t->last_kind, -1);
	} else {
		t->measures++;
		assert_non_null(r->unit);
		add_ok(&t->committed, r->committed);
		add_ok(&t->validated, r->validated);
		t->q_committed += r->q_committed;
	}
	t->last_kind = r->kind;
	return 0;
}

static void test_tree(void **state)
{
	svdb *db = demo_db(80);
	struct tree_seen t;
	int64_t m = 0;
	char buf[64];

	(void)state;
	memset(&t, 0, sizeof t);
	t.last_kind = -1;
	MUST(browse_measure_tree(db, FY, on_tree, &t, &e_));
	assert_int_equal(t.themes, q_int(db, "SELECT count(*) FROM theme"));
	assert_int_equal(t.measures, q_int(db, "SELECT count(*) FROM measure"));
	assert_int_equal(t.committed, q_int(db, "SELECT sum(committed) FROM contract_year "
					    "WHERE year = 2025"));
	assert_int_equal(t.validated, q_int(db, "SELECT sum(validated) FROM contract_year "
					    "WHERE year = 2025"));
	assert_int_equal(t.theme_committed, t.committed);
	assert_int_equal(t.q_committed, q_int(db, "SELECT sum(target) FROM commitment "
					      "WHERE year = 2025"));
	/* one measure's figures from its raw rows */
	m = q_int(db, "SELECT measure_id FROM commitment WHERE year = 2025 AND proxy > 0 "
		  "GROUP BY measure_id ORDER BY count(*) DESC LIMIT 1");
	snprintf(buf, sizeof buf, "%lld", (long long)q_int(db, "SELECT count(*) FROM commitment "
							   "WHERE year = 2025 AND measure_id = "
							   "(SELECT measure_id FROM commitment WHERE "
							   "year = 2025 AND proxy > 0 GROUP BY "
							   "measure_id ORDER BY count(*) DESC LIMIT 1)"));
	assert_true(m > 0);
	{
		char got[64], sql[256];

		snprintf(sql, sizeof sql, "(SELECT contracts FROM measure_year WHERE year = 2025 "
			 "AND measure_id = %lld)", (long long)m);
		assert_string_equal(probe(db, got, sizeof got, "%s", sql), buf);
		snprintf(sql, sizeof sql, "(SELECT q_delivered = (SELECT sum(r.delivered) FROM "
			 "commitment cm JOIN return_line r ON r.commitment_id = cm.id WHERE "
			 "cm.year = 2025 AND cm.measure_id = %lld) FROM measure_year WHERE year = "
			 "2025 AND measure_id = %lld)", (long long)m, (long long)m);
		assert_string_equal(probe(db, got, sizeof got, "%s", sql), "1");
	}
	db_close(&db);
}

/* svdesk check integrity finds totals and search text changed behind the
 * triggers' back. */
struct findings {
	int n;
	char text[4096];
};

static void on_finding(void *ctx, const char *part, const char *msg)
{
	struct findings *f = ctx;
	size_t len = strlen(f->text);

	(void)part;
	f->n++;
	snprintf(f->text + len, sizeof f->text - len, "%s\n", msg);
}

static void test_integrity(void **state)
{
	svdb *db = demo_db(30);
	struct findings f;
	sv_err e;

	(void)state;
	memset(&f, 0, sizeof f);
	memset(&e, 0, sizeof e);
	assert_int_equal(db_check_integrity(db, on_finding, &f, &e), 0);
	exec_ok(db, "UPDATE contract_year SET validated = validated + 1 WHERE contract_id = "
		"(SELECT id FROM contract WHERE ref = (SELECT min(ref) FROM contract)) "
		"AND year = (SELECT min(year) FROM contract_year)");
	exec_ok(db, "UPDATE contract_fold SET fold = 'x' WHERE id = (SELECT max(id) FROM contract)");
	assert_int_equal(db_check_integrity(db, on_finding, &f, &e), 2);
	assert_non_null(strstr(f.text, "the totals of contract"));
	assert_non_null(strstr(f.text, "the search text of contract"));
	db_close(&db);
}

/* An import session: the insert triggers are off and the session's rows
 * are summed at its end; lines changed in the session (its own and older
 * ones), decisions and new commitments all come out right. */
static void test_totals_import(void **state)
{
	svdb *db = demo_db(40);
	sqlite3_stmt *st;
	db_import_counts counts = { 0, 0, 0, 0 };
	int64_t old_line = 0, old_cm = 0, new_line = 0, cm = 0;
	int q = 0, k = 0;

	(void)state;
	db_set_origin(db, "import");
	/* an older submitted line to change, and a commitment with a free quarter */
	old_line = q_int(db, "SELECT id FROM return_line WHERE status = 'submitted' LIMIT 1");
	old_cm = q_int(db, "SELECT commitment_id FROM return_line WHERE id = (SELECT id FROM "
		       "return_line WHERE status = 'submitted' LIMIT 1)");
	q = (int)q_int(db, "SELECT quarter FROM return_line WHERE id = (SELECT id FROM "
		       "return_line WHERE status = 'submitted' LIMIT 1)");
	MUST(db_begin(db, &e_));
	MUST(db_import_begin(db, "returns", "test.csv", &e_));
	MUST(db_return_put(db, old_cm, q, 4321, "changed", NULL, NULL, &e_));
	assert_int_equal(sqlite3_prepare_v2(db->h, "SELECT cm.id, q.q FROM commitment cm, "
					    "(SELECT 1 AS q UNION ALL SELECT 2 UNION ALL SELECT 3 "
					    "UNION ALL SELECT 4) q JOIN contract c ON c.id = "
					    "cm.contract_id WHERE cm.proxy > 0 AND NOT EXISTS (SELECT 1 "
					    "FROM return_line r WHERE r.commitment_id = cm.id AND "
					    "r.quarter = q.q) AND c.start_date <= sv_quarter_last(cm.year, "
					    "q.q) AND c.end_date >= sv_quarter_first(cm.year, q.q) "
					    "LIMIT 20", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t id = 0;

		cm = sqlite3_column_int64(st, 0);
		MUST(db_return_put(db, cm, sqlite3_column_int(st, 1), 100 + k, NULL, NULL, &id, &e_));
		if (k == 0)
			new_line = id;
		if (k % 3 == 1)
			MUST(db_return_decide(db, id, ST_VALIDATED, 50, "half", "importer", NULL, -1,
					      &e_));
		k++;
	}
	sqlite3_finalize(st);
	assert_true(k >= 10);
	/* the session changes a line it added */
	MUST(db_return_decide(db, new_line, ST_QUERY, 0, "which site?", "importer", NULL, -1, &e_));
	MUST(db_import_end(db, NULL, &counts, &e_));
	MUST(db_commit(db, &e_));
	(void)old_line;
	check_totals(db);
	{
		struct findings f;

		memset(&f, 0, sizeof f);
		MUST(db_check_integrity(db, on_finding, &f, &e_));
		assert_int_equal(f.n, 0);
	}
	db_close(&db);
}

/* The databases of versions 1 and 3 migrate, and their totals are right. */
static void migrated(const char *name)
{
	const char *top = getenv("top_srcdir");
	char src[4096], dst[] = "/tmp/test_browse_XXXXXX";
	db_open_opts o = { 0, NULL, -1, "tester", "desk" };
	struct findings f;
	svdb *db = NULL;
	FILE *in, *out;
	char buf[65536];
	size_t n;
	int fd;
	sv_err e;

	snprintf(src, sizeof src, "%s/tests/data/%s", top != NULL ? top : ".", name);
	in = fopen(src, "rb");
	if (in == NULL)
		fail_msg("cannot read %s", src);
	fd = mkstemp(dst);
	assert_true(fd >= 0);
	out = fdopen(fd, "wb");
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof buf, in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	fclose(out);
	memset(&e, 0, sizeof e);
	if (db_open(&db, dst, &o, &e) != 0)
		fail_msg("open %s: %s", name, e.msg);
	assert_int_equal(q_int(db, "PRAGMA user_version"), db_schema_version());
	assert_true(q_int(db, "SELECT count(*) FROM contract_year") > 0);
	check_totals(db);
	memset(&f, 0, sizeof f);
	MUST(db_check_integrity(db, on_finding, &f, &e_));
	assert_int_equal(f.n, 0);
	db_close(&db);
	unlink(dst);
	snprintf(src, sizeof src, "%s-wal", dst);
	unlink(src);
	snprintf(src, sizeof src, "%s-shm", dst);
	unlink(src);
}

static void test_migrated(void **state)
{
	(void)state;
	migrated("v1-demo.db");
	migrated("v3-demo.db");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_totals_demo),
		cmocka_unit_test(test_totals_writes),
		cmocka_unit_test(test_overflow),
		cmocka_unit_test(test_sorts),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_max),
		cmocka_unit_test(test_suppliers),
		cmocka_unit_test(test_tree),
		cmocka_unit_test(test_integrity),
		cmocka_unit_test(test_totals_import),
		cmocka_unit_test(test_migrated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
