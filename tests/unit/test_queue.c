/* test_queue.c: the returns queue and the missing returns (db/queue.c).
 *
 * On a demo database, every status, sort, direction and filter is checked
 * against a brute-force filter and sort in C of every return line read
 * raw; pages forwards and backwards at small sizes must give the same
 * lines in the same order; the count and the delivered £SV against a sum
 * in C (sv_value per line).  The missing returns against the rule worked
 * out in C from the raw commitments and lines, and against `svdesk
 * chase`'s list (chase_collect), which must be the same read. */
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
#include "svdesk/demo.h"
#include "svdesk/export.h"
#include "svdesk/money.h"
#include "svdesk/queue.h"
#include "db/db_private.h"     /* the raw rows */
#include "tests/unit/dbtest.h"

static const sv_date TODAY = { 2026, 11, 27 };

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

/* ---- the raw lines ------------------------------------------------------------ */

struct raw {
	int64_t id, contract_id, supplier_id;
	int fy, quarter;
	char ref[64], code[64], supplier[256], body[8], status[16];
	sv_qty delivered, validated;
	int has_proxy;
	sv_pence sv;
};

static struct raw *raw_lines(svdb *db, size_t *n)
{
	static const char sql[] =
		"SELECT r.id, c.id, s.id, cm.year, r.quarter, c.ref, m.code, s.name, c.body, "
		"r.status, r.delivered, cm.proxy, r.validated FROM return_line r "
		"JOIN commitment cm ON cm.id = r.commitment_id JOIN contract c ON c.id = cm.contract_id "
		"JOIN measure m ON m.id = cm.measure_id JOIN supplier s ON s.id = c.supplier_id";
	sqlite3_stmt *st;
	struct raw *v = NULL;
	size_t k = 0, cap = 0;

	assert_int_equal(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct raw *r;

		if (k == cap) {
			cap = cap ? cap * 2 : 256;
			v = realloc(v, cap * sizeof *v);
			assert_non_null(v);
		}
		r = &v[k++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, 0);
		r->contract_id = sqlite3_column_int64(st, 1);
		r->supplier_id = sqlite3_column_int64(st, 2);
		r->fy = sqlite3_column_int(st, 3);
		r->quarter = sqlite3_column_int(st, 4);
		snprintf(r->ref, sizeof r->ref, "%s", sqlite3_column_text(st, 5));
		snprintf(r->code, sizeof r->code, "%s", sqlite3_column_text(st, 6));
		snprintf(r->supplier, sizeof r->supplier, "%s", sqlite3_column_text(st, 7));
		snprintf(r->body, sizeof r->body, "%s", sqlite3_column_text(st, 8));
		snprintf(r->status, sizeof r->status, "%s", sqlite3_column_text(st, 9));
		r->delivered = sqlite3_column_int64(st, 10);
		r->validated = sqlite3_column_int64(st, 12);
		r->has_proxy = sqlite3_column_type(st, 11) != SQLITE_NULL;
		if (r->has_proxy)
			assert_int_equal(sv_value(r->delivered, sqlite3_column_int64(st, 11), &r->sv), 0);
	}
	sqlite3_finalize(st);
	*n = k;
	return v;
}

static int keep(const struct raw *r, const queue_query *q)
{
	if (r->fy != q->fy)
		return 0;
	switch (q->status) {
	case QS_AWAITING: if (strcmp(r->status, "submitted") != 0) return 0; break;
	case QS_QUERY: if (strcmp(r->status, "query") != 0) return 0; break;
	case QS_DECIDED:
		if (strcmp(r->status, "validated") != 0 && strcmp(r->status, "rejected") != 0)
			return 0;
		break;
	default: break;
	}
	if (q->quarter != 0 && r->quarter != q->quarter)
		return 0;
	if (q->body >= 0 && strcmp(r->body, body_name((enum sv_body)q->body)) != 0)
		return 0;
	if (q->supplier_id != 0 && r->supplier_id != q->supplier_id)
		return 0;
	if (q->contract_id != 0 && r->contract_id != q->contract_id)
		return 0;
	return 1;
}

/* SQLite's NOCASE: ASCII letters folded, the rest by bytes. */
static int nocase_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y || x == 0)
			return x - y;
	}
}

static enum queue_sort cmp_sort;

/* awaiting, query, validated in full, in part, rejected */
static int state_rank(const struct raw *r)
{
	if (strcmp(r->status, "submitted") == 0)
		return 0;
	if (strcmp(r->status, "query") == 0)
		return 1;
	if (strcmp(r->status, "rejected") == 0)
		return 4;
	return r->validated < r->delivered ? 3 : 2;
}

static int cmp64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int cmp_raw(const void *pa, const void *pb)
{
	const struct raw *a = pa, *b = pb;
	int c = 0;

	if (cmp_sort == QO_QUARTER)
		c = a->quarter - b->quarter;
	if (cmp_sort == QO_MEASURE)
		c = strcmp(a->code, b->code);
	if (cmp_sort == QO_STATUS)
		c = state_rank(a) - state_rank(b);
	if (c == 0 && cmp_sort == QO_SUPPLIER) {
		c = nocase_cmp(a->supplier, b->supplier);
		if (c == 0)
			c = cmp64(a->supplier_id, b->supplier_id);
	}
	if (c == 0)
		c = strcmp(a->ref, b->ref);
	if (c == 0)
		c = strcmp(a->code, b->code);
	if (c == 0)
		c = a->quarter - b->quarter;
	if (c == 0)
		c = cmp64(a->id, b->id);
	return c;
}

/* The lines the query should give, in list order. */
static int64_t *expected(const struct raw *all, size_t n, const queue_query *q, size_t *k,
			 int64_t *count, sv_pence *sv)
{
	struct raw *v = malloc((n + 1) * sizeof *v);
	int64_t *ids = malloc((n + 1) * sizeof *ids);
	size_t m = 0;

	assert_non_null(v);
	assert_non_null(ids);
	*sv = 0;
	for (size_t i = 0; i < n; i++)
		if (keep(&all[i], q)) {
			v[m++] = all[i];
			*sv += all[i].sv;
		}
	cmp_sort = q->sort;
	qsort(v, m, sizeof *v, cmp_raw);
	for (size_t i = 0; i < m; i++)
		ids[i] = v[q->desc ? m - 1 - i : i].id;
	free(v);
	*k = m;
	*count = (int64_t)m;
	return ids;
}

/* Every line of the query, page by page forwards (or backwards from the
 * end, back into list order), size rows at a time. */
static int64_t *walk(svdb *db, const queue_query *q, int forward, int size, size_t *k)
{
	queue_line *page = calloc((size_t)size, sizeof *page);
	queue_line cursor;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int have = 0;
	sv_err e;

	assert_non_null(page);
	for (;;) {
		int got;

		memset(&e, 0, sizeof e);
		got = queue_page(db, q, have ? &cursor : NULL, forward, page, size, &e);
		if (got < 0)
			fail_msg("queue_page: %s", e.msg);
		if (got == 0)
			break;
		if (n + (size_t)got > cap) {
			cap = (n + (size_t)got) * 2;
			ids = realloc(ids, cap * sizeof *ids);
			assert_non_null(ids);
		}
		if (forward) {
			for (int i = 0; i < got; i++)
				ids[n + (size_t)i] = page[i].id;
			cursor = page[got - 1];
		} else {
			/* a backward page is in list order, ending before the cursor */
			memmove(ids + got, ids, n * sizeof *ids);
			for (int i = 0; i < got; i++)
				ids[i] = page[i].id;
			cursor = page[0];
		}
		n += (size_t)got;
		have = 1;
		if (got < size)
			break;
	}
	free(page);
	*k = n;
	return ids;
}

static void check_query(svdb *db, const struct raw *all, size_t n, const queue_query *q,
			const char *what)
{
	size_t k, kf, kb;
	int64_t count, want_count;
	sv_pence sv, want_sv;
	int64_t *want = expected(all, n, q, &k, &want_count, &want_sv);
	int64_t *fw, *bw;

	MUST(queue_totals(db, q, &count, &sv, &e_));
	if (count != want_count || sv != want_sv)
		fail_msg("%s: totals %lld, %lld; want %lld, %lld", what, (long long)count,
			 (long long)sv, (long long)want_count, (long long)want_sv);
	fw = walk(db, q, 1, 7, &kf);
	bw = walk(db, q, 0, 5, &kb);
	if (kf != k || kb != k)
		fail_msg("%s: %zu lines forwards, %zu backwards, want %zu", what, kf, kb, k);
	for (size_t i = 0; i < k; i++)
		if (fw[i] != want[i] || bw[i] != want[i])
			fail_msg("%s: line %zu is %lld forwards, %lld backwards, want %lld", what, i,
				 (long long)fw[i], (long long)bw[i], (long long)want[i]);
	free(want);
	free(fw);
	free(bw);
}

/* Some supplier and contract with lines in year fy. */
static void pick_ids(const struct raw *all, size_t n, int fy, int64_t *supplier,
		     int64_t *contract)
{
	*supplier = *contract = 0;
	for (size_t i = 0; i < n; i++)
		if (all[i].fy == fy) {
			*supplier = all[i].supplier_id;
			*contract = all[i].contract_id;
			if (i > n / 2)
				break;
		}
	assert_true(*supplier != 0);
}

static void test_lines(void **state)
{
	svdb *db = demo_db(150);
	size_t n;
	struct raw *all = raw_lines(db, &n);
	int fys[] = { 2025, 2026 };

	(void)state;
	assert_true(n > 500);
	for (size_t f = 0; f < sizeof fys / sizeof fys[0]; f++) {
		int64_t sup, con;

		pick_ids(all, n, fys[f], &sup, &con);
		for (int st = 0; st < QS_COUNT; st++)
			for (int so = 0; so < QO_COUNT; so++)
				for (int desc = 0; desc < 2; desc++)
					for (int filt = 0; filt < 6; filt++) {
						queue_query q;
						char what[128];

						queue_query_init(&q, fys[f]);
						q.status = (enum queue_status)st;
						q.sort = (enum queue_sort)so;
						q.desc = desc;
						if (filt == 1)
							q.quarter = 2;
						else if (filt == 2)
							q.body = BODY_OPCC;
						else if (filt == 3)
							q.supplier_id = sup;
						else if (filt == 4)
							q.contract_id = con;
						else if (filt == 5) {
							q.quarter = 1;
							q.body = BODY_WMP;
							q.supplier_id = sup;
						}
						snprintf(what, sizeof what,
							 "fy %d status %d sort %d desc %d filter %d",
							 fys[f], st, so, desc, filt);
						check_query(db, all, n, &q, what);
					}
	}
	free(all);
	db_close(&db);
}

/* The default: awaiting lines of the year, by quarter; a line decided
 * since it was read is still a place to page from. */
static void test_after_decision(void **state)
{
	svdb *db = demo_db(60);
	queue_query q;
	queue_line page[12], next[12], got;
	int k, j;

	(void)state;
	queue_query_init(&q, 2026);
	assert_int_equal(q.status, QS_AWAITING);
	assert_int_equal(q.sort, QO_QUARTER);
	MUST((k = queue_page(db, &q, NULL, 1, page, 12, &e_)) < 0);
	assert_int_equal(k, 12);
	for (int i = 0; i < k; i++) {
		assert_int_equal(page[i].state, QL_AWAITING);
		assert_int_equal(page[i].fy, 2026);
		assert_string_equal(page[i].decided_by, "");
	}
	/* accept the fourth line: it leaves the list, the fifth follows the third */
	MUST(db_return_decide(db, page[3].id, ST_VALIDATED, page[3].delivered, NULL, "Ann Clerk",
			      NULL, page[3].version, &e_));
	MUST((j = queue_page(db, &q, &page[3], 1, next, 8, &e_)) < 0);
	assert_int_equal(j, 8);
	assert_int_equal(next[0].id, page[4].id);
	MUST((j = queue_page(db, &q, &page[2], 1, next, 8, &e_)) < 0);
	assert_int_equal(next[0].id, page[4].id);
	/* and backwards from the fifth: the third, the second ... */
	MUST((j = queue_page(db, &q, &page[4], 0, next, 3, &e_)) < 0);
	assert_int_equal(j, 3);
	assert_int_equal(next[2].id, page[2].id);
	assert_int_equal(next[0].id, page[0].id);
	/* the decided line as it now is */
	assert_int_equal(queue_line_get(db, page[3].id, &got, NULL), 1);
	assert_int_equal(got.state, QL_VALIDATED);
	assert_string_equal(got.decided_by, "Ann Clerk");
	assert_int_equal(got.version, page[3].version + 1);
	/* partial and rejected are told apart */
	MUST(db_return_decide(db, page[5].id, ST_VALIDATED, 0, "None evidenced", "Bob Desk", NULL,
			      page[5].version, &e_));
	assert_int_equal(queue_line_get(db, page[5].id, &got, NULL), 1);
	assert_int_equal(got.state, page[5].delivered > 0 ? QL_PARTIAL : QL_VALIDATED);
	MUST(db_return_decide(db, page[6].id, ST_REJECTED, -1, "Wrong quarter", NULL, NULL,
			      page[6].version, &e_));
	assert_int_equal(queue_line_get(db, page[6].id, &got, NULL), 1);
	assert_int_equal(got.state, QL_REJECTED);
	assert_string_equal(got.decided_by, "tester");
	MUST(db_return_decide(db, page[7].id, ST_QUERY, -1, "Send the payroll", NULL, NULL,
			      page[7].version, &e_));
	assert_int_equal(queue_line_get(db, page[7].id, &got, NULL), 1);
	assert_int_equal(got.state, QL_QUERY);
	assert_int_equal(queue_line_get(db, 987654321, &got, NULL), 0);
	db_close(&db);
}

/* A record-only measure (no proxy): no £SV, and the count still counts it. */
static void test_sv_rule(void **state)
{
	svdb *db = demo_db(40);
	queue_query q;
	queue_line rows[400];
	int64_t count, n_proxy = 0, n_none = 0;
	sv_pence sv, sum = 0;
	int k;

	(void)state;
	queue_query_init(&q, 2026);
	q.status = QS_ALL;
	MUST(queue_totals(db, &q, &count, &sv, &e_));
	assert_true(count <= 400);
	MUST((k = queue_page(db, &q, NULL, 1, rows, 400, &e_)) < 0);
	assert_int_equal(k, count);
	for (int i = 0; i < k; i++) {
		char want[64];

		if (!rows[i].has_proxy) {
			assert_int_equal(rows[i].sv, 0);
			n_none++;
			continue;
		}
		n_proxy++;
		sum += rows[i].sv;
		/* quantity x proxy, rounded half away from zero, as sv_value */
		snprintf(want, sizeof want, "%lld", (long long)rows[i].sv);
		assert_string_equal(want, probe(db, want, sizeof want,
			"(SELECT sv_sv(r.delivered, cm.proxy) FROM return_line r JOIN commitment cm "
			"ON cm.id = r.commitment_id WHERE r.id = %lld)", (long long)rows[i].id));
	}
	assert_true(n_proxy > 0);
	assert_true(n_none > 0);
	assert_int_equal(sum, sv);
	db_close(&db);
}

/* ---- missing returns ------------------------------------------------------------------ */

struct mwant {
	int64_t supplier_id, contract_id;
	char supplier[256], ref[64];
	int expected, missing;
	char measures[1024];
};

static int cmp_mwant(const void *pa, const void *pb)
{
	const struct mwant *a = pa, *b = pb;
	int c = nocase_cmp(a->supplier, b->supplier);

	if (c == 0)
		c = cmp64(a->supplier_id, b->supplier_id);
	return c != 0 ? c : strcmp(a->ref, b->ref);
}

/* The rule in C, from the raw commitments and lines. */
static struct mwant *missing_want(svdb *db, int fy, int quarter, int incomplete, size_t *n)
{
	static const char *const first[] = { "04-01", "07-01", "10-01", "01-01" };
	static const char *const last[] = { "06-30", "09-30", "12-31", "03-31" };
	char sql[1024], d1[11], d2[11];
	sqlite3_stmt *st;
	struct mwant *v = NULL;
	size_t k = 0, cap = 0;
	int y = quarter == 4 ? fy + 1 : fy;

	snprintf(d1, sizeof d1, "%04d-%s", y, first[quarter - 1]);
	snprintf(d2, sizeof d2, "%04d-%s", y, last[quarter - 1]);
	snprintf(sql, sizeof sql,
		 "SELECT s.id, c.id, s.name, c.ref, m.code, EXISTS (SELECT 1 FROM return_line r "
		 "WHERE r.commitment_id = cm.id AND r.quarter = %d) FROM commitment cm "
		 "JOIN contract c ON c.id = cm.contract_id JOIN supplier s ON s.id = c.supplier_id "
		 "JOIN measure m ON m.id = cm.measure_id WHERE cm.year = %d "
		 "AND c.start_date <= '%s' AND c.end_date >= '%s' ORDER BY c.id, m.code",
		 quarter, fy, d2, d1);
	assert_int_equal(sqlite3_prepare_v2(db->h, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t cid = sqlite3_column_int64(st, 1);
		struct mwant *w;

		if (k == 0 || v[k - 1].contract_id != cid) {
			if (k == cap) {
				cap = cap ? cap * 2 : 64;
				v = realloc(v, cap * sizeof *v);
				assert_non_null(v);
			}
			w = &v[k++];
			memset(w, 0, sizeof *w);
			w->supplier_id = sqlite3_column_int64(st, 0);
			w->contract_id = cid;
			snprintf(w->supplier, sizeof w->supplier, "%s", sqlite3_column_text(st, 2));
			snprintf(w->ref, sizeof w->ref, "%s", sqlite3_column_text(st, 3));
		}
		w = &v[k - 1];
		w->expected++;
		if (!sqlite3_column_int(st, 5)) {
			size_t len = strlen(w->measures);

			w->missing++;
			snprintf(w->measures + len, sizeof w->measures - len, "%s%s", len ? " " : "",
				 sqlite3_column_text(st, 4));
		}
	}
	sqlite3_finalize(st);
	/* keep: nothing returned; with incomplete, anything missing */
	{
		size_t o = 0;

		for (size_t i = 0; i < k; i++)
			if (v[i].missing == v[i].expected || (incomplete && v[i].missing > 0))
				v[o++] = v[i];
		k = o;
	}
	qsort(v, k, sizeof *v, cmp_mwant);
	*n = k;
	return v;
}

struct mgot {
	struct mwant *v;
	size_t n, cap;
};

static int collect(void *ctx, const queue_missing_rec *r)
{
	struct mgot *g = ctx;
	struct mwant *w;

	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 64;
		g->v = realloc(g->v, g->cap * sizeof *g->v);
		assert_non_null(g->v);
	}
	w = &g->v[g->n++];
	memset(w, 0, sizeof *w);
	w->supplier_id = r->supplier_id;
	w->contract_id = r->contract_id;
	snprintf(w->supplier, sizeof w->supplier, "%s", r->supplier);
	snprintf(w->ref, sizeof w->ref, "%s", r->ref);
	snprintf(w->measures, sizeof w->measures, "%s", r->measures);
	w->expected = r->expected;
	w->missing = r->missing;
	return 0;
}

static void check_missing(svdb *db, int fy, int quarter, int incomplete, size_t *count)
{
	size_t n;
	struct mwant *want = missing_want(db, fy, quarter, incomplete, &n);
	struct mgot got = { 0 };
	queue_mquery q;
	chase_list cl;
	sv_quarter sq = { fy, quarter };
	queue_missing page[4], cursor, *all;
	size_t k = 0;
	int have = 0, j;

	memset(&q, 0, sizeof q);
	q.fy = fy;
	q.quarter = quarter;
	q.incomplete = incomplete;
	q.body = -1;
	MUST(queue_missing_each(db, &q, collect, &got, &e_));
	assert_int_equal(got.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(got.v[i].contract_id, want[i].contract_id);
		assert_int_equal(got.v[i].expected, want[i].expected);
		assert_int_equal(got.v[i].missing, want[i].missing);
		assert_string_equal(got.v[i].measures, want[i].measures);
	}
	assert_int_equal(queue_missing_count(db, &q, NULL), (int64_t)n);
	/* svdesk chase reads the same */
	MUST(chase_collect(db, sq, incomplete, &cl, &e_));
	assert_int_equal(cl.n, n);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(cl.items[i].ref, want[i].ref);
		assert_string_equal(cl.items[i].measures, want[i].measures);
	}
	chase_free(&cl);
	/* pages of 4 forwards, then backwards from the end */
	all = calloc(n + 1, sizeof *all);
	assert_non_null(all);
	for (;;) {
		MUST((j = queue_missing_page(db, &q, have ? &cursor : NULL, 1, page, 4, &e_)) < 0);
		for (int i = 0; i < j; i++)
			all[k++] = page[i];
		if (j < 4)
			break;
		cursor = page[3];
		have = 1;
	}
	assert_int_equal(k, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(all[i].contract_id, want[i].contract_id);
	have = 0;
	k = n;
	for (;;) {
		MUST((j = queue_missing_page(db, &q, have ? &cursor : NULL, 0, page, 4, &e_)) < 0);
		for (int i = j - 1; i >= 0; i--) {
			assert_true(k > 0);
			assert_int_equal(page[i].contract_id, want[--k].contract_id);
		}
		if (j < 4)
			break;
		cursor = page[0];
		have = 1;
	}
	assert_int_equal(k, 0);
	free(all);
	free(got.v);
	free(want);
	*count = n;
}

static void test_missing(void **state)
{
	svdb *db = demo_db(150);
	size_t n, before, after;
	int64_t cm = 0, line;
	sv_date sub = { 2026, 10, 5 };

	(void)state;
	check_missing(db, 2026, 2, 0, &n);
	assert_true(n > 0);
	check_missing(db, 2026, 1, 0, &n);
	check_missing(db, 2025, 4, 0, &n);
	/* a contract that returns one of its measures is incomplete, no longer missing */
	check_missing(db, 2026, 2, 1, &before);
	{
		size_t k;
		struct mwant *w = missing_want(db, 2026, 2, 0, &k);

		assert_true(k > 0);
		for (size_t i = 0; i < k; i++)
			if (w[i].expected > 1) {
				cm = probe_int(db, "(SELECT cm.id FROM commitment cm JOIN measure m "
					       "ON m.id = cm.measure_id WHERE cm.contract_id = %lld "
					       "AND cm.year = 2026 ORDER BY m.code LIMIT 1)",
					       (long long)w[i].contract_id);
				break;
			}
		free(w);
	}
	MUST(db_return_put(db, cm, 2, 150, "Timesheets", &sub, &line, &e_));
	check_missing(db, 2026, 2, 0, &n);
	check_missing(db, 2026, 2, 1, &after);
	assert_int_equal(after, before);
	{
		size_t k;
		struct mwant *w = missing_want(db, 2026, 2, 1, &k);
		int found = 0;

		for (size_t i = 0; i < k; i++)
			if (w[i].missing < w[i].expected)
				found = 1;
		assert_true(found);
		free(w);
	}
	db_close(&db);
}

/* Suppliers and contracts chosen by typing: any case, any accent. */
static void test_match(void **state)
{
	svdb *db = demo_db(30);
	queue_match m[50];
	int n;
	int64_t id = probe_int(db, "(SELECT min(id) FROM supplier)");
	char sql[256];

	(void)state;
	snprintf(sql, sizeof sql, "UPDATE supplier SET name = 'Café Ünited Ltd' WHERE id = %lld",
		 (long long)id);
	exec_ok(db, sql);
	MUST((n = queue_match_suppliers(db, "cafe unit", m, 50, &e_)) < 0);
	assert_int_equal(n, 1);
	assert_int_equal(m[0].id, id);
	assert_string_equal(m[0].label, "Café Ünited Ltd");
	assert_string_equal(m[0].ref, "");
	MUST((n = queue_match_suppliers(db, "CAFÉ", m, 50, &e_)) < 0);
	assert_int_equal(n, 1);
	MUST((n = queue_match_suppliers(db, "no such name at all", m, 50, &e_)) < 0);
	assert_int_equal(n, 0);
	/* a wildcard is a letter */
	MUST((n = queue_match_suppliers(db, "%", m, 50, &e_)) < 0);
	assert_int_equal(n, 0);
	MUST((n = queue_match_contracts(db, "wmp-20", m, 50, &e_)) < 0);
	assert_true(n > 1);
	for (int i = 0; i < n; i++) {
		assert_memory_equal(m[i].label, "WMP-20", 6);
		assert_memory_equal(m[i].label, m[i].ref, strlen(m[i].ref));
		assert_memory_equal(m[i].label + strlen(m[i].ref), "  ", 2);
	}
	for (int i = 1; i < n; i++)
		assert_true(strcmp(m[i - 1].label, m[i].label) < 0);
	db_close(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_after_decision),
		cmocka_unit_test(test_sv_rule),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_match),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
