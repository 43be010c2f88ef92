/* test_record_save.c: the desk's saves and deletes of the register
 * (rec_save, rec_delete, rec_dependents): stale saves and deletes refused
 * naming who and when (two connections on one file); the write lock held
 * by another (DB_E_BUSY, then success); deletes refused while others
 * depend on the record, with the counts; a supplier renamed to a name that
 * exists by the importer's key; a contract's dates that would leave out a
 * commitment, refused at the right field; a ref changed and a ref taken;
 * the keys of a commitment fixed once stored; the audit log after saves and
 * deletes (origin desk, the entity, before and after), its check clean, and
 * the year totals right after targets are changed and commitments deleted.
 *
 * Files are made in the current folder (the build folder under make check)
 * and removed afterwards. */
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

#include "svdesk/db.h"
#include "svdesk/import.h"
#include "svdesk/record.h"
#include "tests/unit/dbtest.h"
#include "tests/unit/rectest.h"

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
	} while (0)

static int64_t commitment_add(svdb *db, const char *ref, const char *code, const char *year,
			      const char *target)
{
	struct rec r;

	memset(&r, 0, sizeof r);
	r.k = REC_COMMITMENT;
	rec_set(&r, "contract", ref);
	rec_set(&r, "measure", code);
	rec_set(&r, "year", year);
	rec_set(&r, "target", target);
	return save_ok(db, &r, 0, 0);
}

static int64_t answer_add(svdb *db, const char *ref, const char *topic, const char *answer)
{
	struct rec r;

	memset(&r, 0, sizeof r);
	r.k = REC_ANSWER;
	rec_set(&r, "contract", ref);
	rec_set(&r, "topic", topic);
	rec_set(&r, "answer", answer);
	return save_ok(db, &r, 0, 0);
}

/* ---- stale versions --------------------------------------------------------------- */

static void test_stale(void **state)
{
	struct rec r;
	struct fx x;
	int64_t va, vb, id, got;
	char when[64], want[160];

	(void)state;
	fx_open(&x, "stale", 1);
	/* alice reads C-1; bob changes it; alice's save is refused naming bob */
	va = version_of(x.db, REC_CONTRACT, x.c1);
	contract_rec(&r, "C-1", "Acme Ltd", "WMP");
	rec_set(&r, "title", "Cleaning, by bob");
	save_ok(x.bob, &r, x.c1, version_of(x.bob, REC_CONTRACT, x.c1));
	vb = version_of(x.db, REC_CONTRACT, x.c1);
	assert_true(vb > va);
	rec_set(&r, "title", "Cleaning, by alice");
	probe(x.db, when, sizeof when, "SELECT strftime('%%d/%%m/%%Y %%H:%%M', at, 'localtime') "
	      "FROM audit WHERE id = %lld", (long long)vb);
	snprintf(want, sizeof want, "not saved: contract C-1 was changed by bob at %s", when);
	MUST_REFUSE(rec_save(x.db, REC_CONTRACT, x.c1, va, r.cells, NULL, NULL, &got, &e_),
		    DB_E_STALE, want);
	/* nothing written: bob's title stands */
	probe(x.db, when, sizeof when, "SELECT title FROM contract WHERE id = %lld", (long long)x.c1);
	assert_string_equal(when, "Cleaning, by bob");
	/* at the version now, it is saved */
	save_ok(x.db, &r, x.c1, vb);

	/* a stale delete: bob changes the supplier alice is about to delete */
	memset(&r, 0, sizeof r);
	r.k = REC_SUPPLIER;
	rec_set(&r, "name", "Spare Ltd");
	id = save_ok(x.db, &r, 0, 0);
	va = version_of(x.db, REC_SUPPLIER, id);
	rec_set(&r, "name", "Spare Limited");
	save_ok(x.bob, &r, id, va);
	MUST_REFUSE(rec_delete(x.db, REC_SUPPLIER, id, va, &e_), DB_E_STALE,
		    "not deleted: supplier Spare Limited was changed by bob at ");
	/* bob deletes it; alice's save of the old version is refused: deleted */
	MUST(rec_delete(x.bob, REC_SUPPLIER, id, version_of(x.bob, REC_SUPPLIER, id), &e_));
	MUST_REFUSE(rec_save(x.db, REC_SUPPLIER, id, va, r.cells, NULL, NULL, &got, &e_),
		    DB_E_STALE, "not saved: supplier Spare Limited was deleted by bob at ");
	assert_int_equal(version_of(x.db, REC_SUPPLIER, id), 0);
	MUST_REFUSE(rec_delete(x.db, REC_SUPPLIER, id, va, &e_), DB_E_STALE,
		    "not deleted: the supplier was deleted by bob at ");

	/* a contract changed by an import since alice opened it */
	{
		static char csv[] = "ref,title,supplier,body,value,start,end,sv_weight\n"
			"C-1,Cleaning by import,Acme Ltd,WMP,123456.00,2025-04-01,2027-03-31,10\n";
		import_opts o = { IMPORT_CONTRACTS, "contracts.csv", 0, NULL, NULL, NULL };
		import_result res;
		FILE *in = fmemopen(csv, strlen(csv), "r");

		va = version_of(x.db, REC_CONTRACT, x.c1);
		db_set_origin(x.bob, "import");
		assert_non_null(in);
		assert_int_equal(import_run(x.bob, in, &o, &res, &err_), 0);
		fclose(in);
		assert_int_equal(res.rows.changed, 1);
		assert_true(version_of(x.db, REC_CONTRACT, x.c1) > va);
		contract_rec(&r, "C-1", "Acme Ltd", "WMP");
		MUST_REFUSE(rec_save(x.db, REC_CONTRACT, x.c1, va, r.cells, NULL, NULL, &got, &e_),
			    DB_E_STALE, " (an import)");
		MUST_REFUSE(rec_save(x.db, REC_CONTRACT, x.c1, va, r.cells, NULL, NULL, &got, &e_),
			    DB_E_STALE, "not saved: contract C-1 was changed by bob at ");
	}
	assert_clean(x.db);
	fx_close(&x);
}

/* The write lock held by another connection: DB_E_BUSY at once, then the
 * same save goes through. */
static void test_busy(void **state)
{
	struct rec r;
	struct fx x;
	int64_t got;

	(void)state;
	fx_open(&x, "busy", 1);
	MUST(db_begin(x.bob, &e_));
	contract_rec(&r, "C-1", "Acme Ltd", "WMP");
	rec_set(&r, "title", "Cleaning again");
	MUST_REFUSE(rec_save(x.db, REC_CONTRACT, x.c1, version_of(x.db, REC_CONTRACT, x.c1),
			     r.cells, NULL, NULL, &got, &e_), DB_E_BUSY,
		    "another desk or program is writing to the database; the contract was not "
		    "written yet");
	db_rollback(x.bob);
	save_ok(x.db, &r, x.c1, version_of(x.db, REC_CONTRACT, x.c1));
	fx_close(&x);
}

/* ---- deletes ------------------------------------------------------------------------- */

static void test_dependents(void **state)
{
	struct fx x;
	char msg[512];
	int64_t cm, cm2, ans, line;

	(void)state;
	fx_open(&x, "deps", 0);
	cm = commitment_add(x.db, "Q-1", "NT1", "2025/26", "4");
	cm2 = commitment_add(x.db, "Q-1", "NT1", "2026/27", "5");
	ans = answer_add(x.db, "Q-1", "local_plan", "Ten local hires");
	MUST(db_highlight_put(x.db, 2025, x.q1, "A new apprentice scheme", NULL, &e_));
	assert_int_equal(rec_dependents(x.db, REC_CONTRACT, x.q1, msg, sizeof msg, &err_), 1);
	assert_string_equal(msg, "contract Q-1 has 2 commitments, 1 highlight and 1 questionnaire "
			    "answer: set its status to closed instead");
	MUST_REFUSE(rec_delete(x.db, REC_CONTRACT, x.q1, version_of(x.db, REC_CONTRACT, x.q1), &e_),
		    DB_E_OTHER, "not deleted: contract Q-1 has 2 commitments, 1 highlight and 1 "
		    "questionnaire answer: set its status to closed instead");
	/* a supplier with contracts */
	assert_int_equal(rec_dependents(x.db, REC_SUPPLIER,
					probe_int(x.db, "SELECT id FROM supplier"), msg, sizeof msg,
					&err_), 1);
	assert_string_equal(msg, "supplier Acme Ltd has 2 contracts: give them another supplier "
			    "first");
	/* a commitment with a return line */
	MUST(db_return_put(x.db, cm, 1, 100, "timesheets", NULL, &line, &e_));
	MUST_REFUSE(rec_delete(x.db, REC_COMMITMENT, cm, version_of(x.db, REC_COMMITMENT, cm), &e_),
		    DB_E_OTHER, "not deleted: commitment NT1 2025/26 of Q-1 has 1 return line");
	/* an answer may always go, and a commitment without lines */
	assert_int_equal(rec_dependents(x.db, REC_ANSWER, ans, msg, sizeof msg, &err_), 0);
	MUST(rec_delete(x.db, REC_ANSWER, ans, version_of(x.db, REC_ANSWER, ans), &e_));
	MUST(rec_delete(x.db, REC_COMMITMENT, cm2, version_of(x.db, REC_COMMITMENT, cm2), &e_));
	assert_int_equal(probe_int(x.db, "SELECT count(*) FROM commitment"), 1);
	/* a contract with nothing: deleted */
	MUST(rec_delete(x.db, REC_CONTRACT, x.c1, version_of(x.db, REC_CONTRACT, x.c1), &e_));
	assert_int_equal(probe_int(x.db, "SELECT count(*) FROM contract"), 1);
	assert_clean(x.db);
	fx_close(&x);
}

/* ---- suppliers --------------------------------------------------------------------------- */

static void test_supplier_rename(void **state)
{
	struct rec r;
	struct fx x;
	int64_t id, acme;

	(void)state;
	fx_open(&x, "rename", 0);
	acme = probe_int(x.db, "SELECT id FROM supplier WHERE name = 'Acme Ltd'");
	memset(&r, 0, sizeof r);
	r.k = REC_SUPPLIER;
	rec_set(&r, "name", "Borough Builders");
	id = save_ok(x.db, &r, 0, 0);
	/* the same name by the importer's key: any case, runs of spaces */
	rec_set(&r, "name", "ACME   ltd");
	save_refused(x.db, &r, id, version_of(x.db, REC_SUPPLIER, id), RS_NAME,
		     "a supplier named \"Acme Ltd\" exists already (names are matched in any "
		     "case, with runs of spaces as one)");
	save_refused(x.db, &r, 0, 0, RS_NAME, "a supplier named \"Acme Ltd\" exists already");
	/* its own name in another case is a rename */
	rec_set(&r, "name", "ACME Ltd");
	save_ok(x.db, &r, acme, version_of(x.db, REC_SUPPLIER, acme));
	/* a contract's supplier by a new name adds it, by a known one finds it */
	contract_rec(&r, "C-7", "New Co", "WMP");
	save_ok(x.db, &r, 0, 0);
	contract_rec(&r, "C-8", "borough  builders", "WMP");
	save_ok(x.db, &r, 0, 0);
	assert_int_equal(probe_int(x.db, "SELECT count(*) FROM supplier"), 3);
	assert_int_equal(probe_int(x.db, "SELECT supplier_id FROM contract WHERE ref = 'C-8'"), id);
	assert_clean(x.db);
	fx_close(&x);
}

/* ---- contracts' dates, refs, and commitments' keys ---------------------------------------- */

static void test_dates_and_keys(void **state)
{
	struct rec r;
	struct fx x;
	int64_t cm, v;

	(void)state;
	fx_open(&x, "dates", 0);
	cm = commitment_add(x.db, "C-1", "NT1", "2026/27", "3");
	v = version_of(x.db, REC_CONTRACT, x.c1);
	contract_rec(&r, "C-1", "Acme Ltd", "WMP");
	/* the end before the commitment's year: refused at the end */
	rec_set(&r, "end", "2026-03-31");
	save_refused(x.db, &r, x.c1, v, RC_END, "contract C-1: the new dates 2025-04-01 to "
		     "2026-03-31 leave out its commitment to NT1 in 2026/27");
	/* the start after it: refused at the start */
	rec_set(&r, "start", "2027-04-01");
	rec_set(&r, "end", "2028-03-31");
	save_refused(x.db, &r, x.c1, v, RC_START, "leave out its commitment to NT1 in 2026/27");
	/* dates that still hold it: saved, and the totals stay right */
	rec_set(&r, "start", "2025-01-01");
	rec_set(&r, "end", "2028-03-31");
	save_ok(x.db, &r, x.c1, v);
	v = version_of(x.db, REC_CONTRACT, x.c1);
	assert_clean(x.db);
	/* the end before the start: the rule across fields */
	rec_set(&r, "start", "2025-04-01");
	rec_set(&r, "end", "2025-03-01");
	save_refused(x.db, &r, x.c1, v, RC_END, "the end 2025-03-01 is before the start 2025-04-01");
	/* a body with answers must stay OPCC */
	answer_add(x.db, "Q-1", "reoffending", "Mentoring");
	contract_rec(&r, "Q-1", "Acme Ltd", "WMP");
	save_refused(x.db, &r, x.q1, version_of(x.db, REC_CONTRACT, x.q1), RC_BODY,
		     "it has OPCC questionnaire answers, so its body must stay OPCC");
	/* an answer for a WMP contract */
	memset(&r, 0, sizeof r);
	r.k = REC_ANSWER;
	rec_set(&r, "contract", "C-1");
	rec_set(&r, "topic", "local_plan");
	rec_set(&r, "answer", "None");
	save_refused(x.db, &r, 0, 0, RA_CONTRACT, "contract C-1 is a WMP contract: the "
		     "questionnaire is for OPCC contracts only");
	/* a ref changed at the desk, and a ref taken */
	contract_rec(&r, "C-1A", "Acme Ltd", "WMP");
	save_ok(x.db, &r, x.c1, v);
	assert_int_equal(probe_int(x.db, "SELECT count(*) FROM contract WHERE ref = 'C-1A'"), 1);
	rec_set(&r, "ref", "Q-1");
	save_refused(x.db, &r, x.c1, version_of(x.db, REC_CONTRACT, x.c1), RC_REF,
		     "the ref Q-1 is taken by another contract (a ref is unique)");
	save_refused(x.db, &r, 0, 0, RC_REF, "contract Q-1 exists already (a ref is unique)");
	/* a commitment's contract, measure and year are fixed once stored */
	memset(&r, 0, sizeof r);
	r.k = REC_COMMITMENT;
	rec_set(&r, "contract", "C-1A");
	rec_set(&r, "measure", "NT1");
	rec_set(&r, "year", "2025/26");
	rec_set(&r, "target", "3");
	save_refused(x.db, &r, cm, version_of(x.db, REC_COMMITMENT, cm), RK_YEAR,
		     "the year of a commitment is fixed once stored: add a new one instead");
	/* one that exists is not added twice */
	rec_set(&r, "year", "2026/27");
	save_refused(x.db, &r, 0, 0, RK_MEASURE, "the commitment of C-1A to NT1 in 2026/27 exists "
		     "already: change it instead");
	/* its target and note change; its proxy stays whatever the form holds */
	rec_set(&r, "target", "7.5");
	rec_set(&r, "note", "more hours");
	rec_set(&r, "proxy", "999");
	save_ok(x.db, &r, cm, version_of(x.db, REC_COMMITMENT, cm));
	assert_int_equal(probe_int(x.db, "SELECT target FROM commitment WHERE id = %lld",
				   (long long)cm), 750);
	assert_int_equal(probe_int(x.db, "SELECT proxy IS NOT 9990000 FROM commitment WHERE id = "
				   "%lld", (long long)cm), 1);
	/* £ is for a measure counted in GBP only (NT1 counts FTE) */
	memset(&r, 0, sizeof r);
	r.k = REC_COMMITMENT;
	rec_set(&r, "contract", "C-1A");
	rec_set(&r, "measure", "NT1");
	rec_set(&r, "year", "2025/26");
	rec_set(&r, "target", "£5");
	save_refused(x.db, &r, 0, 0, RK_TARGET, "\"£5\" is not a quantity (£ is only for a measure "
		     "counted in GBP");
	assert_clean(x.db);
	fx_close(&x);
}

/* ---- the audit log -------------------------------------------------------------------------- */

static void last_entry_is(svdb *db, const char *entity, int64_t id, const char *want)
{
	char buf[1024];

	probe(db, buf, sizeof buf, "SELECT who || '|' || origin || '|' || action || '|' || "
	      "coalesce(before, '-') || '|' || coalesce(after, '-') FROM audit WHERE id = "
	      "(SELECT max(id) FROM audit WHERE entity = '%s' AND entity_id = %lld)", entity,
	      (long long)id);
	if (strstr(buf, want) == NULL)
		fail_msg("the entry \"%s\" lacks \"%s\"", buf, want);
}

static void test_audit(void **state)
{
	struct rec r;
	struct fx x;
	int64_t cm, ans, sup;
	char buf[64];

	(void)state;
	fx_open(&x, "audit", 0);
	last_entry_is(x.db, "contract", x.c1, "alice|desk|insert|-|{\"id\":");
	contract_rec(&r, "C-1", "Acme Ltd", "WMP");
	rec_set(&r, "title", "Windows");
	save_ok(x.db, &r, x.c1, version_of(x.db, REC_CONTRACT, x.c1));
	/* an update holds the columns that changed, before and after */
	last_entry_is(x.db, "contract", x.c1, "alice|desk|update|{\"title\":\"Cleaning of the "
		      "stations\"}|{\"title\":\"Windows\"}");
	/* the year totals follow a target changed and a commitment deleted */
	cm = commitment_add(x.db, "C-1", "NT1", "2025/26", "4");
	commitment_add(x.db, "C-1", "NT1", "2026/27", "6");
	probe(x.db, buf, sizeof buf, "SELECT committed > 0 FROM contract_year WHERE contract_id = "
	      "%lld AND year = 2025", (long long)x.c1);
	assert_string_equal(buf, "1");
	memset(&r, 0, sizeof r);
	r.k = REC_COMMITMENT;
	rec_set(&r, "contract", "C-1");
	rec_set(&r, "measure", "NT1");
	rec_set(&r, "year", "2025/26");
	rec_set(&r, "target", "9");
	save_ok(x.db, &r, cm, version_of(x.db, REC_COMMITMENT, cm));
	last_entry_is(x.db, "commitment", cm, "alice|desk|update|{\"target\":400}|"
		      "{\"target\":900}");
	assert_clean(x.db);
	MUST(rec_delete(x.db, REC_COMMITMENT, cm, version_of(x.db, REC_COMMITMENT, cm), &e_));
	last_entry_is(x.db, "commitment", cm, "alice|desk|delete|{\"id\":");
	assert_clean(x.db);
	/* answers: added, changed, deleted */
	ans = answer_add(x.db, "Q-1", "prison_leavers", "2");
	last_entry_is(x.db, "questionnaire_answer", ans, "alice|desk|insert|-|");
	memset(&r, 0, sizeof r);
	r.k = REC_ANSWER;
	rec_set(&r, "contract", "Q-1");
	rec_set(&r, "topic", "prison_leavers");
	rec_set(&r, "answer", "3");
	save_ok(x.db, &r, ans, version_of(x.db, REC_ANSWER, ans));
	last_entry_is(x.db, "questionnaire_answer", ans, "\"answer\":\"3\"");
	MUST(rec_delete(x.db, REC_ANSWER, ans, version_of(x.db, REC_ANSWER, ans), &e_));
	last_entry_is(x.db, "questionnaire_answer", ans, "alice|desk|delete|");
	/* a supplier renamed and one deleted */
	sup = probe_int(x.db, "SELECT id FROM supplier");
	memset(&r, 0, sizeof r);
	r.k = REC_SUPPLIER;
	rec_set(&r, "name", "Acme Group");
	save_ok(x.db, &r, sup, version_of(x.db, REC_SUPPLIER, sup));
	last_entry_is(x.db, "supplier", sup, "alice|desk|update|{\"name\":\"Acme Ltd\"}|"
		      "{\"name\":\"Acme Group\"}");
	/* a contract deleted (its commitment first) */
	MUST(rec_delete(x.db, REC_COMMITMENT,
			probe_int(x.db, "SELECT id FROM commitment WHERE contract_id = %lld",
				  (long long)x.c1), version_of(x.db, REC_COMMITMENT,
				  probe_int(x.db, "SELECT id FROM commitment WHERE contract_id = "
					    "%lld", (long long)x.c1)), &err_));
	MUST(rec_delete(x.db, REC_CONTRACT, x.c1, version_of(x.db, REC_CONTRACT, x.c1), &e_));
	last_entry_is(x.db, "contract", x.c1, "alice|desk|delete|{\"id\":");
	assert_clean(x.db);
	fx_close(&x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stale),
		cmocka_unit_test(test_busy),
		cmocka_unit_test(test_dependents),
		cmocka_unit_test(test_supplier_rename),
		cmocka_unit_test(test_dates_and_keys),
		cmocka_unit_test(test_audit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
