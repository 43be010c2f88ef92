/* test_decide.c: decisions at the desk (db_decide, db_undo, db_data_version):
 * each status, the importer's refusals, a stale line refused with who and
 * when, undo (back to submitted, back to an earlier decision, refused when
 * someone acted since, an undo undone), one audit entry per decision and
 * the replay clean, the per-year totals, two connections on one file (the
 * write lock held by the other: DB_E_BUSY at once, then success), the data
 * version, and a database of schema version 5 with decisions in it.
 *
 * Files are made in the current folder (the build folder under make check)
 * and removed afterwards.  Values the API does not offer are read back
 * through the meta table ("probes": trusted test SQL only). */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "svdesk/db.h"
#include "db/db_private.h"     /* db_open_scratch: a database of version 5 */
#include "tests/unit/dbtest.h"

/* call must fail with err.code code and a message containing want. */
#define MUST_REFUSE(call, want_code, want) do {                               \
		sv_err e_;                                               \
		memset(&e_, 0, sizeof e_);                               \
		if ((call) == 0)                                         \
			fail_msg("%s should have failed", #call);        \
		if (e_.code != (want_code))                              \
			fail_msg("%s: code %d, not %d (%s)", #call, e_.code, \
				 (want_code), e_.msg);                   \
		if (strstr(e_.msg, (want)) == NULL)                      \
			fail_msg("%s: \"%s\" lacks \"%s\"", #call, e_.msg, (want)); \
		if (strstr(e_.msg, "locked") != NULL)                    \
			fail_msg("%s: \"%s\" says locked", #call, e_.msg); \
	} while (0)

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

/* svdesk check audit and integrity (the year totals among it) find nothing. */
static void assert_clean(svdb *db)
{
	static struct found f;
	sv_err e;

	memset(&f, 0, sizeof f);
	memset(&e, 0, sizeof e);
	if (db_check_audit(db, collect, &f, &e) < 0)
		fail_msg("db_check_audit failed: %s", e.msg);
	if (db_check_integrity(db, collect, &f, &e) < 0)
		fail_msg("db_check_integrity failed: %s", e.msg);
	if (f.n != 0)
		fail_msg("the checks found:\n%s", f.text);
}

static void rm_db(const char *path)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	char buf[512];
	size_t i;

	for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		snprintf(buf, sizeof buf, "%s%s", path, sfx[i]);
		unlink(buf);
	}
}

static svdb *open_file(const char *path, int create, const char *actor, int busy_ms)
{
	db_open_opts o = { create, NULL, busy_ms, actor, "desk" };
	svdb *db = NULL;
	sv_err e;

	memset(&e, 0, sizeof e);
	if (db_open(&db, path, &o, &e) != 0)
		fail_msg("open %s failed: %s", path, e.msg);
	return db;
}

static sv_date D(int y, int m, int d)
{
	sv_date x = { y, m, d };

	return x;
}

/* A desk file with one contract (C-1), a commitment of 2025/26 to NT1 and
 * its line of Q1 (delivered 10.00), opened as alice (and *bob as bob). */
struct fx {
	char path[64];
	svdb *db, *bob;
	int64_t contract, cm, line;
};

static void fx_open(struct fx *x, const char *name)
{
	db_contract c;

	memset(x, 0, sizeof *x);
	snprintf(x->path, sizeof x->path, "test_decide_%s_%ld.db", name, (long)getpid());
	rm_db(x->path);
	x->db = open_file(x->path, 1, "alice", 5000);
	memset(&c, 0, sizeof c);
	c.ref = "C-1";
	c.title = "Cleaning";
	c.supplier = "Acme Ltd";
	c.body = BODY_WMP;
	c.value = 12345600;
	c.start = D(2025, 4, 1);
	c.end = D(2027, 3, 31);
	c.sv_weight = 100;
	MUST(db_contract_put(x->db, &c, &x->contract, &e_));
	MUST(db_commitment_put(x->db, x->contract,
			       probe_int(x->db, "SELECT id FROM measure WHERE code = 'NT1'"), 2025,
			       5000, DB_PROXY_LOOKUP, NULL, &x->cm, &e_));
	MUST(db_return_put(x->db, x->cm, 1, 1000, "timesheets", NULL, &x->line, &e_));
	x->bob = open_file(x->path, 0, "bob", 5000);
}

static void fx_close(struct fx *x)
{
	db_close(&x->db);
	db_close(&x->bob);
	rm_db(x->path);
}

static void line_is(svdb *db, int64_t id, const char *want)
{
	char buf[512];

	probe(db, buf, sizeof buf, "SELECT status || '|' || coalesce(validated, '-') || '|' || "
	      "coalesce(validated_by, '-') || '|' || coalesce(reason, '-') || '|' || version "
	      "FROM return_line WHERE id = %lld", (long long)id);
	assert_string_equal(buf, want);
}

static long long audit_count(svdb *db)
{
	return probe_int(db, "SELECT count(*) FROM audit");
}

/* ---- decisions ------------------------------------------------------------- */

static void test_decide_each_status(void **state)
{
	struct fx x;
	db_decided out;
	db_return_line r;
	long long n;
	int64_t v = 1;
	char buf[256];

	(void)state;
	fx_open(&x, "each");
	n = audit_count(x.db);
	MUST(db_decide(x.db, x.line, ST_QUERY, 0, "which staff?", v, &out, &e_));
	assert_int_equal(out.version, 2);
	assert_true(out.decision_id > 0);
	line_is(x.db, x.line, "query|-|alice|which staff?|2");
	v = out.version;
	MUST(db_decide(x.db, x.line, ST_REJECTED, 0, "no evidence", v, &out, &e_));
	line_is(x.db, x.line, "rejected|-|alice|no evidence|3");
	v = out.version;
	MUST(db_decide(x.db, x.line, ST_VALIDATED, 750, "two were part-time", v, &out, &e_));
	line_is(x.db, x.line, "validated|750|alice|two were part-time|4");
	v = out.version;
	MUST(db_decide(x.db, x.line, ST_VALIDATED, 1000, NULL, v, &out, &e_));
	line_is(x.db, x.line, "validated|1000|alice|-|5");
	assert_int_equal(out.version, 5);
	/* the decision rows: desk, the connection's actor, the version each decided */
	probe(x.db, buf, sizeof buf, "SELECT group_concat(status || ':' || origin || ':' || "
	      "decided_by || ':' || line_version || ':' || delivered || ':' || "
	      "coalesce(undoes, '-'), ',') FROM (SELECT * FROM decision ORDER BY id)");
	assert_string_equal(buf, "query:desk:alice:1:1000:-,rejected:desk:alice:2:1000:-,"
			    "validated:desk:alice:3:1000:-,validated:desk:alice:4:1000:-");
	assert_int_equal(probe_int(x.db, "SELECT max(id) FROM decision"), out.decision_id);
	/* one audit entry per decision, and the line's change is in it */
	assert_int_equal(audit_count(x.db), n + 4);
	assert_int_equal(probe_int(x.db, "SELECT count(*) FROM audit WHERE entity = 'return_line' "
				   "AND action = 'update'"), 0);
	/* the time is now, in UTC */
	assert_int_equal(db_return_get(x.db, x.line, &r, NULL), 1);
	assert_int_equal(strlen(r.validated_at), 20);
	assert_int_equal(r.validated_at[19], 'Z');
	assert_clean(x.db);
	fx_close(&x);
}

static void test_refusals(void **state)
{
	struct fx x;
	db_decided out;
	long long n;

	(void)state;
	fx_open(&x, "refuse");
	n = audit_count(x.db);
	MUST_REFUSE(db_decide(x.db, x.line, ST_VALIDATED, 1200, "more", 1, &out, &e_), DB_E_OTHER,
		    "contract C-1, measure NT1, 2025/26 Q1: the validated quantity 12 is more than "
		    "the delivered 10");
	MUST_REFUSE(db_decide(x.db, x.line, ST_VALIDATED, 500, " ", 1, &out, &e_), DB_E_OTHER,
		    "2025/26 Q1: validating less than delivered needs a reason");
	MUST_REFUSE(db_decide(x.db, x.line, ST_REJECTED, 0, NULL, 1, &out, &e_), DB_E_OTHER,
		    "a rejected line needs a reason");
	MUST_REFUSE(db_decide(x.db, x.line, ST_QUERY, 0, "", 1, &out, &e_), DB_E_OTHER,
		    "a line in query needs a reason");
	MUST_REFUSE(db_decide(x.db, x.line, ST_SUBMITTED, 0, NULL, 1, &out, &e_), DB_E_OTHER,
		    "a decision validates, rejects or queries");
	MUST_REFUSE(db_decide(x.db, 4242, ST_VALIDATED, 0, "x", 1, &out, &e_), DB_E_OTHER,
		    "no return line with id 4242");
	assert_int_equal(out.decision_id, 0);
	assert_int_equal(audit_count(x.db), n);
	line_is(x.db, x.line, "submitted|-|-|-|1");

	/* bob decides first; alice, working from version 1, is told who and when */
	MUST(db_decide(x.bob, x.line, ST_VALIDATED, 1000, NULL, 1, &out, &e_));
	n = audit_count(x.db);
	MUST_REFUSE(db_decide(x.db, x.line, ST_REJECTED, 0, "no evidence", 1, &out, &e_),
		    DB_E_STALE, "contract C-1, measure NT1, 2025/26 Q1: the line changed since it "
		    "was shown: decided by bob at ");
	{
		sv_err e;
		char when[40], want[128];

		memset(&e, 0, sizeof e);
		assert_int_not_equal(db_decide(x.db, x.line, ST_REJECTED, 0, "no", 1, &out, &e), 0);
		/* "at 02/12/2026 10:04 (now validated)": the decision's time, UTC */
		probe(x.db, when, sizeof when, "SELECT strftime('%%d/%%m/%%Y %%H:%%M', decided_at) "
		      "FROM decision ORDER BY id DESC LIMIT 1");
		snprintf(want, sizeof want, "decided by bob at %s (now validated); nothing was "
			 "written", when);
		if (strstr(e.msg, want) == NULL)
			fail_msg("\"%s\" lacks \"%s\"", e.msg, want);
	}
	assert_int_equal(audit_count(x.db), n);
	line_is(x.db, x.line, "validated|1000|bob|-|2");

	/* a line resubmitted meanwhile: "resubmitted by" */
	{
		int64_t l2;

		MUST(db_return_put(x.db, x.cm, 2, 500, "first", NULL, &l2, &e_));
		MUST(db_return_put(x.bob, x.cm, 2, 600, "second", NULL, &l2, &e_));
		MUST_REFUSE(db_decide(x.db, l2, ST_VALIDATED, 500, NULL, 1, &out, &e_), DB_E_STALE,
			    "the line changed since it was shown: resubmitted by bob at ");
		MUST(db_decide(x.db, l2, ST_VALIDATED, 600, NULL, 2, &out, &e_));
	}
	assert_clean(x.db);
	fx_close(&x);
}

/* ---- undo ------------------------------------------------------------------- */

static void test_undo(void **state)
{
	struct fx x;
	db_decided d1, d2, u1, u2, u3, bad;
	db_return_line r;
	long long n;
	char buf[512], at1[24];
	char want[600];

	(void)state;
	fx_open(&x, "undo");
	n = audit_count(x.db);

	/* back to submitted */
	MUST(db_decide(x.db, x.line, ST_QUERY, 0, "which staff?", 1, &d1, &e_));
	MUST(db_undo(x.db, x.line, d1.decision_id, d1.version, &u1, &e_));
	assert_int_equal(u1.version, 3);
	line_is(x.db, x.line, "submitted|-|-|-|3");
	assert_int_equal(db_return_get(x.db, x.line, &r, NULL), 1);
	assert_string_equal(r.validated_at, "");
	probe(x.db, buf, sizeof buf, "SELECT status || ':' || coalesce(validated, '-') || ':' || "
	      "coalesce(reason, '-') || ':' || decided_by || ':' || origin || ':' || line_version "
	      "|| ':' || undoes FROM decision WHERE id = %lld", (long long)u1.decision_id);
	snprintf(want, sizeof want, "submitted:-:-:alice:desk:2:%lld", (long long)d1.decision_id);
	assert_string_equal(buf, want);

	/* back to an earlier decision: its quantity, reason, person and time */
	MUST(db_decide(x.bob, x.line, ST_VALIDATED, 800, "two absent", 3, &d1, &e_));
	probe(x.db, at1, sizeof at1, "SELECT validated_at FROM return_line WHERE id = %lld",
	      (long long)x.line);
	sleep(1);          /* a later second for the next decision's time */
	MUST(db_decide(x.db, x.line, ST_REJECTED, 0, "no timesheets", d1.version, &d2, &e_));
	line_is(x.db, x.line, "rejected|-|alice|no timesheets|5");
	MUST(db_undo(x.db, x.line, d2.decision_id, d2.version, &u2, &e_));
	line_is(x.db, x.line, "validated|800|bob|two absent|6");
	assert_int_equal(db_return_get(x.db, x.line, &r, NULL), 1);
	assert_string_equal(r.validated_at, at1);
	assert_string_equal(r.validated_by, "bob");
	probe(x.db, buf, sizeof buf, "SELECT decided_by || ':' || (decided_at <> '%s') || ':' || "
	      "undoes FROM decision WHERE id = %lld", at1, (long long)u2.decision_id);
	snprintf(want, sizeof want, "alice:1:%lld", (long long)d2.decision_id);
	assert_string_equal(buf, want);

	/* an undo undone: the rejection again, with its person and time */
	MUST(db_undo(x.db, x.line, u2.decision_id, u2.version, &u3, &e_));
	line_is(x.db, x.line, "rejected|-|alice|no timesheets|7");
	probe(x.db, buf, sizeof buf, "SELECT (SELECT validated_at FROM return_line WHERE id = %lld) "
	      "= (SELECT decided_at FROM decision WHERE id = %lld)", (long long)x.line,
	      (long long)d2.decision_id);
	assert_string_equal(buf, "1");

	/* refused when someone acted since: bob decides; alice's undo of her
	 * last decision names him, whichever version she sends */
	MUST(db_decide(x.bob, x.line, ST_VALIDATED, 1000, NULL, u3.version, &d1, &e_));
	n = audit_count(x.db);
	MUST_REFUSE(db_undo(x.db, x.line, u3.decision_id, u3.version, &bad, &e_), DB_E_STALE,
		    "the line changed since it was shown: decided by bob at ");
	MUST_REFUSE(db_undo(x.db, x.line, u3.decision_id, d1.version, &bad, &e_), DB_E_STALE,
		    "the line changed since it was shown: decided by bob at ");
	assert_int_equal(bad.decision_id, 0);
	/* a decision that is not the line's */
	MUST_REFUSE(db_undo(x.db, x.line, 9999, d1.version, &bad, &e_), DB_E_OTHER,
		    "decision 9999 is not one of this line's");
	/* resubmitted since the decision: refused, naming the resubmission */
	{
		int64_t l2;
		db_decided q;

		MUST(db_return_put(x.db, x.cm, 2, 500, "first", NULL, &l2, &e_));
		MUST(db_decide(x.db, l2, ST_QUERY, 0, "dates?", 1, &q, &e_));
		MUST(db_return_put(x.bob, x.cm, 2, 500, "with dates", NULL, &l2, &e_));
		MUST_REFUSE(db_undo(x.db, l2, q.decision_id, 3, &bad, &e_), DB_E_STALE,
			    "resubmitted by bob at ");
		line_is(x.db, l2, "submitted|-|-|-|3");
	}
	n = audit_count(x.db);
	/* nothing was written by the refusals; the replay is clean after it all */
	MUST(db_undo(x.bob, x.line, d1.decision_id, d1.version, &u1, &e_));
	line_is(x.db, x.line, "rejected|-|alice|no timesheets|9");
	assert_int_equal(audit_count(x.db), n + 1);
	assert_int_equal(probe_int(x.db, "SELECT count(*) FROM audit WHERE entity = 'decision'"),
			 probe_int(x.db, "SELECT count(*) FROM decision"));
	assert_int_equal(probe_int(x.db, "SELECT count(*) FROM audit WHERE entity = 'return_line' "
				   "AND action = 'update'"), 1);     /* the resubmission */
	assert_clean(x.db);

	/* the schema holds the rules too: a submitted decision is an undo of
	 * a decision on its own line */
	MUST(db_begin(x.db, &e_));
	snprintf(buf, sizeof buf, "INSERT INTO decision (return_line_id, status, decided_by, "
		 "decided_at, origin) VALUES (%lld, 'submitted', 'x', '2026-01-01T00:00:00Z', "
		 "'desk')", (long long)x.line);
	exec_fails(x.db, buf, "CHECK constraint failed");
	snprintf(buf, sizeof buf, "INSERT INTO decision (return_line_id, status, decided_by, "
		 "decided_at, origin, undoes) VALUES (%lld, 'submitted', 'x', "
		 "'2026-01-01T00:00:00Z', 'desk', (SELECT max(id) FROM decision WHERE "
		 "return_line_id <> %lld))", (long long)x.line, (long long)x.line);
	exec_fails(x.db, buf, "an undo undoes an earlier decision on the same line");
	db_rollback(x.db);
	fx_close(&x);
}

/* Undo in turn on one line: after B was undone, the line stands as A left
 * it, so A can be undone too; not once someone decided since, nor when B's
 * undo was itself undone (the line stands as B left it). */
static void test_undo_in_turn(void **state)
{
	struct fx x;
	db_decided a, b, ub, ua, c, uu, bad;

	(void)state;
	fx_open(&x, "undo_in_turn");
	MUST(db_decide(x.db, x.line, ST_REJECTED, 0, "no sheets", 1, &a, &e_));
	MUST(db_decide(x.db, x.line, ST_VALIDATED, 1000, NULL, a.version, &b, &e_));
	MUST(db_undo(x.db, x.line, b.decision_id, b.version, &ub, &e_));
	line_is(x.db, x.line, "rejected|-|alice|no sheets|4");
	MUST(db_undo(x.db, x.line, a.decision_id, ub.version, &ua, &e_));
	line_is(x.db, x.line, "submitted|-|-|-|5");
	assert_clean(x.db);

	/* someone decided after the undo of B: A stays */
	MUST(db_decide(x.db, x.line, ST_REJECTED, 0, "no sheets", ua.version, &a, &e_));
	MUST(db_decide(x.db, x.line, ST_VALIDATED, 1000, NULL, a.version, &b, &e_));
	MUST(db_undo(x.db, x.line, b.decision_id, b.version, &ub, &e_));
	MUST(db_decide(x.bob, x.line, ST_QUERY, 0, "dates?", ub.version, &c, &e_));
	MUST_REFUSE(db_undo(x.db, x.line, a.decision_id, c.version, &bad, &e_), DB_E_STALE,
		    "decided by bob at ");
	/* B's undo undone: the line stands as B left it, so A cannot be undone */
	MUST(db_decide(x.db, x.line, ST_REJECTED, 0, "no sheets", c.version, &a, &e_));
	MUST(db_decide(x.db, x.line, ST_VALIDATED, 1000, NULL, a.version, &b, &e_));
	MUST(db_undo(x.db, x.line, b.decision_id, b.version, &ub, &e_));
	MUST(db_undo(x.db, x.line, ub.decision_id, ub.version, &uu, &e_));
	line_is(x.db, x.line, "validated|1000|alice|-|13");
	MUST_REFUSE(db_undo(x.db, x.line, a.decision_id, uu.version, &bad, &e_), DB_E_STALE,
		    "the line changed since it was shown");
	/* a version that is not the line's: refused whatever came after */
	MUST_REFUSE(db_undo(x.db, x.line, uu.decision_id, uu.version - 1, &bad, &e_), DB_E_STALE,
		    "the line changed since it was shown");
	assert_clean(x.db);
	fx_close(&x);
}

/* ---- the year totals ----------------------------------------------------------- */

static void totals_are(struct fx *x, long long validated_q, int awaiting)
{
	char buf[256], want[256];

	probe(x->db, want, sizeof want, "SELECT sv_sv(%lld, proxy) || '|' || %d FROM commitment "
	      "WHERE id = %lld", validated_q, awaiting, (long long)x->cm);
	probe(x->db, buf, sizeof buf, "SELECT validated || '|' || awaiting FROM contract_year "
	      "WHERE contract_id = %lld AND year = 2025", (long long)x->contract);
	assert_string_equal(buf, want);
	probe(x->db, want, sizeof want, "SELECT sv_sv(%lld, proxy) || '|' || %lld FROM commitment "
	      "WHERE id = %lld", validated_q, validated_q, (long long)x->cm);
	probe(x->db, buf, sizeof buf, "SELECT validated || '|' || q_validated FROM measure_year "
	      "WHERE (measure_id, year) = (SELECT measure_id, year FROM commitment WHERE id = %lld)",
	      (long long)x->cm);
	assert_string_equal(buf, want);
}

static void test_totals(void **state)
{
	struct fx x;
	db_decided d1, d2, u;

	(void)state;
	fx_open(&x, "totals");
	assert_true(probe_int(x.db, "SELECT proxy FROM commitment WHERE id = %lld",
			      (long long)x.cm) > 0);
	totals_are(&x, 0, 1);
	MUST(db_decide(x.db, x.line, ST_VALIDATED, 1000, NULL, 1, &d1, &e_));
	totals_are(&x, 1000, 0);
	MUST(db_decide(x.db, x.line, ST_VALIDATED, 400, "part", d1.version, &d2, &e_));
	totals_are(&x, 400, 0);
	MUST(db_undo(x.db, x.line, d2.decision_id, d2.version, &u, &e_));
	totals_are(&x, 1000, 0);
	MUST(db_decide(x.db, x.line, ST_QUERY, 0, "evidence?", u.version, &d1, &e_));
	totals_are(&x, 0, 1);
	MUST(db_decide(x.db, x.line, ST_REJECTED, 0, "none", d1.version, &d2, &e_));
	totals_are(&x, 0, 0);
	MUST(db_undo(x.db, x.line, d2.decision_id, d2.version, &u, &e_));
	totals_are(&x, 0, 1);
	MUST(db_undo(x.db, x.line, u.decision_id, u.version, &u, &e_));
	totals_are(&x, 0, 0);
	assert_clean(x.db);
	fx_close(&x);
}

/* ---- two connections ------------------------------------------------------------- */

static double seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void test_busy_then_retry(void **state)
{
	struct fx x;
	db_decided out;
	double t0, waited;
	long long n;

	(void)state;
	fx_open(&x, "busy");
	/* bob holds the write lock; alice's connection would wait 5 s for an
	 * ordinary write, but a decision gives up at once (200 ms) */
	n = audit_count(x.db);
	MUST(db_begin(x.bob, &e_));
	exec_ok(x.bob, "UPDATE meta SET value = value WHERE key = 'none'");
	t0 = seconds();
	MUST_REFUSE(db_decide(x.db, x.line, ST_VALIDATED, 1000, NULL, 1, &out, &e_), DB_E_BUSY,
		    "another desk or program is writing to the database; the decision was not "
		    "written");
	waited = seconds() - t0;
	if (waited > 2.5)
		fail_msg("db_decide waited %.1f s for the lock (the connection's 5 s)", waited);
	MUST_REFUSE(db_undo(x.db, x.line, 1, 1, &out, &e_), DB_E_BUSY, "was not written");
	db_rollback(x.bob);
	assert_int_equal(audit_count(x.db), n);
	line_is(x.db, x.line, "submitted|-|-|-|1");
	/* the lock is free: the same decision again goes through */
	MUST(db_decide(x.db, x.line, ST_VALIDATED, 1000, NULL, 1, &out, &e_));
	line_is(x.bob, x.line, "validated|1000|alice|-|2");

	/* a read left part-way on alice's connection (a statement stopped at a
	 * row) must not turn into SQLITE_BUSY_SNAPSHOT once bob has committed */
	{
		sqlite3_stmt *st = db_prepare(x.db, "SELECT id FROM audit ORDER BY id", NULL);
		db_decided b;

		assert_non_null(st);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		MUST(db_decide(x.bob, x.line, ST_QUERY, 0, "names?", 2, &b, &e_));
		MUST(db_decide(x.db, x.line, ST_VALIDATED, 900, "one short", b.version, &out, &e_));
		line_is(x.bob, x.line, "validated|900|alice|one short|4");
	}
	/* one prepared outside svdesk's statements is not reset: the desk is
	 * told so once, never sent round a retry loop with DB_E_BUSY */
	{
		sqlite3_stmt *st = NULL;
		db_decided b;

		assert_int_equal(sqlite3_prepare_v2(x.db->h, "SELECT id FROM audit", -1, &st, NULL),
				 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		MUST(db_decide(x.bob, x.line, ST_QUERY, 0, "dates?", 4, &b, &e_));
		MUST_REFUSE(db_decide(x.db, x.line, ST_VALIDATED, 1000, NULL, b.version, &out, &e_),
			    DB_E_OTHER, "a read is still open on this connection");
		sqlite3_finalize(st);
		MUST(db_decide(x.db, x.line, ST_VALIDATED, 1000, NULL, b.version, &out, &e_));
	}
	assert_clean(x.db);
	fx_close(&x);
}

static void test_data_version(void **state)
{
	struct fx x;
	db_decided out;
	int64_t a0 = 0, a1 = 0, a2 = 0, b0 = 0, b1 = 0;

	(void)state;
	fx_open(&x, "dv");
	MUST(db_data_version(x.db, &a0, &e_));
	MUST(db_data_version(x.bob, &b0, &e_));
	MUST(db_data_version(x.db, &a1, &e_));
	assert_true(a1 == a0);                      /* nothing committed meanwhile */
	MUST(db_decide(x.bob, x.line, ST_VALIDATED, 1000, NULL, 1, &out, &e_));
	MUST(db_data_version(x.db, &a2, &e_));
	assert_true(a2 != a1);                      /* bob's commit is seen */
	MUST(db_data_version(x.bob, &b1, &e_));
	assert_true(b1 == b0);                      /* one's own commit is not */
	fx_close(&x);
}

/* ---- a database of schema version 5 with decisions in it ----------------------- */

static void test_from_version_5(void **state)
{
	svdb *old = NULL, *db;
	char path[64], sql[1400], buf[256];
	db_decided u, d;
	int64_t line;

	(void)state;
	snprintf(path, sizeof path, "test_decide_v5_%ld.db", (long)getpid());
	rm_db(path);
	MUST(db_open_scratch(&old, 5, &e_));
	/* a contract, a line, and two desk decisions as version 5 wrote them
	 * (the decision first, then the line: one entry each) */
	exec_ok(old, "BEGIN;"
		"INSERT INTO supplier (id, name) VALUES (1, 'Acme Ltd');"
		"INSERT INTO contract (id, ref, title, supplier_id, body, value, start_date, "
		"end_date, sv_weight) VALUES (1, 'C-5', 'Cleaning', 1, 'WMP', 100, '2025-04-01', "
		"'2027-03-31', 100);"
		"INSERT INTO commitment (id, contract_id, measure_id, year, target, proxy) "
		"VALUES (1, 1, (SELECT id FROM measure WHERE code = 'NT1'), 2025, 5000, 25000);"
		"INSERT INTO return_line (id, commitment_id, quarter, delivered) VALUES (1, 1, 1, 1000);");
	MUST(db_commit(old, &e_));
	exec_ok(old, "BEGIN;"
		"INSERT INTO decision (return_line_id, status, reason, decided_by, decided_at, "
		"origin, line_version, delivered) VALUES (1, 'query', 'names?', 'carol', "
		"'2025-08-01T09:00:00Z', 'desk', 1, 1000);"
		"UPDATE return_line SET status = 'query', reason = 'names?', validated_by = 'carol', "
		"validated_at = '2025-08-01T09:00:00Z', version = 2 WHERE id = 1;");
	MUST(db_commit(old, &e_));
	exec_ok(old, "BEGIN;"
		"INSERT INTO decision (return_line_id, status, validated, decided_by, decided_at, "
		"origin, line_version, delivered) VALUES (1, 'validated', 1000, 'dave', "
		"'2025-08-02T09:00:00Z', 'desk', 2, 1000);"
		"UPDATE return_line SET status = 'validated', validated = 1000, reason = NULL, "
		"validated_by = 'dave', validated_at = '2025-08-02T09:00:00Z', version = 3 "
		"WHERE id = 1;");
	MUST(db_commit(old, &e_));
	snprintf(sql, sizeof sql, "VACUUM INTO '%s'", path);
	exec_ok(old, sql);
	db_close(&old);

	/* opened: migrated to this version, and clean */
	db = open_file(path, 0, "alice", 5000);
	assert_int_equal(probe_int(db, "SELECT user_version FROM pragma_user_version"), db_schema_version());
	probe(db, buf, sizeof buf, "SELECT json_extract(after, '$.kind') || ':' || "
	      "json_extract(after, '$.version') FROM audit WHERE entity = 'baseline' "
	      "ORDER BY id DESC LIMIT 1");
	assert_string_equal(buf, "schema:6");
	assert_clean(db);
	line = 1;
	/* version 5's decision undone: back to carol's query */
	MUST(db_undo(db, line, 2, 3, &u, &e_));
	line_is(db, line, "query|-|carol|names?|4");
	assert_clean(db);
	MUST(db_undo(db, line, u.decision_id, u.version, &u, &e_));
	line_is(db, line, "validated|1000|dave|-|5");
	MUST(db_decide(db, line, ST_REJECTED, 0, "wrong site", u.version, &d, &e_));
	assert_clean(db);
	db_close(&db);

	/* the replay still sees a line changed outside svdesk after an undo */
	db = open_file(path, 0, "alice", 5000);
	MUST(db_undo(db, line, d.decision_id, d.version, &u, &e_));
	exec_ok(db, "DROP TRIGGER return_line_audit_update;"
		"UPDATE return_line SET validated_by = 'mallory', version = version + 1;");
	{
		static struct found f;
		sv_err e;

		memset(&f, 0, sizeof f);
		memset(&e, 0, sizeof e);
		assert_true(db_check_audit(db, collect, &f, &e) > 0);
		if (strstr(f.text, "validated_by is \"mallory\"") == NULL)
			fail_msg("the replay should name the forged person; it found:\n%s", f.text);
	}
	db_close(&db);
	rm_db(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decide_each_status),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_undo),
		cmocka_unit_test(test_undo_in_turn),
		cmocka_unit_test(test_totals),
		cmocka_unit_test(test_busy_then_retry),
		cmocka_unit_test(test_data_version),
		cmocka_unit_test(test_from_version_5),
	};
	int failed = cmocka_run_group_tests_name("decide", tests, NULL, NULL);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
