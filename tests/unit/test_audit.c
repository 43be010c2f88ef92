/* test_audit.c: the tamper-evident audit log: the chain and its sealing,
 * import sessions and their digests, a decision as one entry, the replay
 * of the log against the rows, the chain head, and the triggers checked on
 * open.
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
#include <unistd.h>

#include <cmocka.h>
#include <nettle/sha2.h>

#include "svdesk/db.h"
#include "db/db_private.h"     /* audit_triggers_expected_replay */
#include "tests/unit/dbtest.h"

/* ---- helpers ------------------------------------------------------------- */

/* Findings collected for the assertions. */
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

static struct found *audit_findings(svdb *db)
{
	static struct found f;
	sv_err e;
	int k;

	memset(&f, 0, sizeof f);
	memset(&e, 0, sizeof e);
	k = db_check_audit(db, collect, &f, &e);
	if (k < 0)
		fail_msg("db_check_audit failed: %s", e.msg);
	assert_int_equal(k, f.n);
	return &f;
}

static void assert_clean(svdb *db)
{
	struct found *f = audit_findings(db);

	if (f->n != 0)
		fail_msg("the audit check found:\n%s", f->text);
}

static void assert_found(svdb *db, const char *want)
{
	struct found *f = audit_findings(db);

	if (f->n == 0 || strstr(f->text, want) == NULL)
		fail_msg("the audit check should find \"%s\"; it found:\n%s", want, f->text);
}

static sv_date D(int y, int m, int d)
{
	sv_date x = { y, m, d };

	return x;
}

static int64_t put_contract(svdb *db, const char *ref, const char *supplier)
{
	db_contract c;
	int64_t id = 0;

	memset(&c, 0, sizeof c);
	c.ref = ref;
	c.title = "Cleaning";
	c.supplier = supplier;
	c.body = BODY_WMP;
	c.value = 12345600;
	c.start = D(2025, 4, 1);
	c.end = D(2027, 3, 31);
	c.sv_weight = 100;
	MUST(db_contract_put(db, &c, &id, &e_));
	return id;
}

static int64_t measure_id(svdb *db, const char *code)
{
	char expr[128];

	snprintf(expr, sizeof expr, "SELECT id FROM measure WHERE code = '%s'", code);
	return probe_int(db, "%s", expr);
}

/* ---- the chain ---------------------------------------------------------------- */

static void test_new_database_baseline(void **state)
{
	svdb *db = dbt_open_mem("alice", "desk");
	int64_t n = 0;
	char hash[65], buf[128];

	(void)state;
	/* a new database: the catalogue is the baseline, entry 1 */
	assert_int_equal(db_count(db, "audit", NULL), 1);
	probe(db, buf, sizeof buf, "SELECT entity || ',' || action || ',' || "
	      "json_extract(after, '$.row_count') FROM audit");
	assert_string_equal(buf, "baseline,baseline,93");
	assert_int_equal(probe_int(db, "SELECT count(*) FROM measure WHERE import_id IS NOT 1"), 0);
	MUST(db_audit_head(db, &n, hash, &e_));
	assert_int_equal(n, 1);
	assert_int_equal(strlen(hash), 64);
	assert_clean(db);
	db_close(&db);
}

static void test_sealing_and_chain(void **state)
{
	svdb *db = dbt_open_mem("alice", "desk");
	int64_t n1 = 0, n2 = 0, c, mid;
	char h1[65], h2[65];
	sv_err e;

	(void)state;
	MUST(db_audit_head(db, &n1, h1, &e_));
	c = put_contract(db, "C-1", "Acme Ltd");
	/* a supplier and a contract: two entries, sealed at the commit */
	assert_int_equal(db_count(db, "audit", NULL), 3);
	assert_int_equal(probe_int(db, "SELECT count(*) FROM audit WHERE hash IS NULL"), 0);
	mid = measure_id(db, "NT1");
	MUST(db_commitment_put(db, c, mid, 2025, 500, DB_PROXY_LOOKUP, "note", NULL, &e_));
	MUST(db_audit_head(db, &n2, h2, &e_));
	assert_int_equal(n2, 4);
	assert_string_not_equal(h1, h2);
	/* an earlier head is still the beginning of the log */
	memset(&e, 0, sizeof e);
	assert_int_equal(db_audit_head_check(db, n1, h1, &e), 1);
	assert_int_equal(db_audit_head_check(db, n2, h2, &e), 1);
	/* a head that was never printed: refused */
	h1[0] = h1[0] == 'a' ? 'b' : 'a';
	assert_int_equal(db_audit_head_check(db, n1, h1, &e), 0);
	assert_int_equal(db_audit_head_check(db, n2 + 1, h2, &e), 0);
	assert_clean(db);

	/* the log refuses every change but the seal */
	exec_fails(db, "UPDATE audit SET who = 'mallory' WHERE id = 2", "append-only");
	exec_fails(db, "UPDATE audit SET hash = NULL WHERE id = 2", "append-only");
	exec_fails(db, "DELETE FROM audit WHERE id = 2", "append-only");
	db_close(&db);
}

/* A transaction that is rolled back leaves no entry, and no gap. */
static void test_rollback_leaves_no_gap(void **state)
{
	svdb *db = dbt_open_mem("alice", "desk");
	db_contract c;
	int64_t id, n;
	sv_err e;

	(void)state;
	put_contract(db, "C-1", "Acme Ltd");
	n = db_count(db, "audit", NULL);
	MUST(db_begin(db, &e_));
	put_contract(db, "C-2", "Other Ltd");
	db_rollback(db);
	assert_int_equal(db_count(db, "audit", NULL), n);
	/* a failed write inside an import: its savepoint goes, the ids go on */
	MUST(db_begin(db, &e_));
	MUST(db_import_begin(db, "contracts", "c.csv", &e_));
	put_contract(db, "C-3", "Third Ltd");
	memset(&c, 0, sizeof c);
	c.ref = "C-1";
	c.title = "Renamed";
	c.supplier = "Acme Ltd";
	c.start = D(2025, 4, 1);
	c.end = D(2024, 3, 31);  /* ends before it starts: refused */
	memset(&e, 0, sizeof e);
	assert_int_equal(db_contract_put(db, &c, &id, &e), -1);
	c.end = D(2027, 3, 31);
	c.value = 1;
	MUST(db_contract_put(db, &c, &id, &e_));
	MUST(db_import_end(db, NULL, NULL, &e_));
	MUST(db_commit(db, &e_));
	assert_clean(db);
	db_close(&db);
}

/* ---- import sessions ----------------------------------------------------------- */

static void test_import_session(void **state)
{
	svdb *db = dbt_open_mem("alice", "desk");
	db_import_counts counts = { 2, 1, 3, 1 };
	int64_t before, c1, r;
	char buf[512];

	(void)state;
	c1 = put_contract(db, "C-1", "Acme Ltd");
	before = db_count(db, "audit", NULL);
	r = before + 1;
	MUST(db_begin(db, &e_));
	MUST(db_import_begin(db, "contracts", "in.csv", &e_));
	put_contract(db, "C-2", "Newco Ltd");        /* added: a supplier and a contract */
	put_contract(db, "C-3", "Acme Ltd");         /* added */
	{
		db_contract c;
		int64_t id;

		memset(&c, 0, sizeof c);
		c.ref = "C-1";                       /* changed: its own entry */
		c.title = "Cleaning and windows";
		c.supplier = "Acme Ltd";
		c.body = BODY_WMP;
		c.value = 12345600;
		c.start = D(2025, 4, 1);
		c.end = D(2027, 3, 31);
		c.sv_weight = 100;
		MUST(db_contract_put(db, &c, &id, &e_));
		assert_int_equal(id, c1);
	}
	MUST(db_import_end(db, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
			   &counts, &e_));
	MUST(db_commit(db, &e_));

	/* one import entry (reserved first) and one update entry after it */
	assert_int_equal(db_count(db, "audit", NULL), before + 2);
	probe(db, buf, sizeof buf, "SELECT group_concat(action || ':' || id) FROM "
	      "(SELECT action, id FROM audit WHERE id > %lld ORDER BY id)", (long long)before);
	{
		char want[64];

		snprintf(want, sizeof want, "import:%lld,update:%lld", (long long)r, (long long)r + 1);
		assert_string_equal(buf, want);
	}
	probe(db, buf, sizeof buf, "SELECT json_extract(after, '$.kind') || ',' || "
	      "json_extract(after, '$.file') || ',' || json_extract(after, '$.added') || ',' || "
	      "json_extract(after, '$.changed') || ',' || json_extract(after, '$.unchanged') || ',' || "
	      "json_extract(after, '$.skipped') || ',' || json_extract(after, '$.row_count') || ',' || "
	      "substr(json_extract(after, '$.sha256'), 1, 8) FROM audit WHERE action = 'import'");
	assert_string_equal(buf, "contracts,in.csv,2,1,3,1,3,01234567");
	/* the rows it added carry its id; the row it changed does not */
	assert_int_equal(probe_int(db, "SELECT count(*) FROM contract WHERE import_id IS NOT NULL"), 2);
	assert_int_equal(probe_int(db, "SELECT count(*) FROM supplier WHERE import_id IS NOT NULL"), 1);
	probe(db, buf, sizeof buf, "SELECT json_extract(after, '$.title') FROM audit "
	      "WHERE action = 'update'");
	assert_string_equal(buf, "Cleaning and windows");
	assert_clean(db);
	/* closed in the middle of an import: nothing is written */
	MUST(db_begin(db, &e_));
	MUST(db_import_begin(db, "contracts", "cut.csv", &e_));
	put_contract(db, "C-4", "Acme Ltd");
	db_close(&db);
	assert_null(db);
}

static void test_import_nothing_no_entry(void **state)
{
	svdb *db = dbt_open_mem("alice", "desk");
	db_import_counts counts = { 0, 0, 5, 0 };
	int64_t n;
	sv_err e;

	(void)state;
	put_contract(db, "C-1", "Acme Ltd");
	n = db_count(db, "audit", NULL);
	MUST(db_begin(db, &e_));
	MUST(db_import_begin(db, "contracts", "same.csv", &e_));
	MUST(db_import_end(db, NULL, &counts, &e_));
	MUST(db_commit(db, &e_));
	assert_int_equal(db_count(db, "audit", NULL), n);

	/* an aborted import: nothing, and the next ids follow on */
	MUST(db_begin(db, &e_));
	MUST(db_import_begin(db, "contracts", "bad.csv", &e_));
	put_contract(db, "C-9", "Gone Ltd");
	db_import_abort(db);
	db_rollback(db);
	assert_int_equal(db_count(db, "audit", NULL), n);
	put_contract(db, "C-2", "Acme Ltd");
	assert_int_equal(db_count(db, "audit", NULL), n + 1);
	assert_clean(db);

	/* a session belongs inside a transaction, and ends before COMMIT */
	memset(&e, 0, sizeof e);
	assert_int_equal(db_import_begin(db, "contracts", "x.csv", &e), -1);
	MUST(db_begin(db, &e_));
	MUST(db_import_begin(db, "contracts", "x.csv", &e_));
	memset(&e, 0, sizeof e);
	assert_int_equal(db_commit(db, &e), -1);
	assert_non_null(strstr(e.msg, "import"));
	db_import_abort(db);
	db_rollback(db);
	/* a session aborted, and the transaction committed all the same: the
	 * triggers the session set aside are back */
	MUST(db_begin(db, &e_));
	MUST(db_import_begin(db, "contracts", "y.csv", &e_));
	db_import_abort(db);
	put_contract(db, "C-3", "Acme Ltd");
	MUST(db_commit(db, &e_));
	assert_int_equal(db_count(db, "audit", NULL), n + 2);
	assert_clean(db);
	db_close(&db);
}

/* The digest: a row added by an import and changed outside svdesk. */
static void test_digest_catches_a_changed_row(void **state)
{
	svdb *db = dbt_open_mem("alice", "desk");

	(void)state;
	MUST(db_begin(db, &e_));
	MUST(db_import_begin(db, "contracts", "in.csv", &e_));
	put_contract(db, "C-1", "Acme Ltd");
	put_contract(db, "C-2", "Acme Ltd");
	MUST(db_import_end(db, NULL, NULL, &e_));
	MUST(db_commit(db, &e_));
	assert_clean(db);
	/* what a person with the sqlite3 shell could do: the trigger dropped,
	 * the row changed, the trigger put back as it was */
	exec_ok(db, "CREATE TEMP TABLE keep AS SELECT sql FROM sqlite_schema "
		"WHERE name = 'contract_audit_update';"
		"DROP TRIGGER contract_audit_update;"
		"UPDATE contract SET value = 1 WHERE ref = 'C-2';");
	assert_found(db, "the trigger contract_audit_update is missing");
	assert_found(db, "the contract rows that carry its id (2) do not match its digest");
	db_close(&db);
}

/* The digest of an import's rows is an SQL aggregate fed in id order: it
 * hashes the same bytes as the replay's digest of the same values (a text
 * longer than the hashing buffer included), and refuses rows out of order. */
static void test_rows_digest_function(void **state)
{
	svdb *db = dbt_open_mem("alice", "desk");
	struct audit_val rows[3][2];
	struct sha256_ctx c;
	unsigned char h[SHA256_DIGEST_SIZE];
	char want[65], got[128], *big, acme[] = "Acme Ltd";
	int ti, i;

	(void)state;
	for (ti = 0; ti < audit_ntables && strcmp(audit_tables[ti].name, "supplier") != 0; ti++)
		;
	assert_true(ti < audit_ntables);
	assert_int_equal(audit_tables[ti].ncols, 2);
	big = malloc(5001);
	assert_non_null(big);
	memset(big, ' ', 4999);
	big[4999] = 'x';
	big[5000] = '\0';
	memset(rows, 0, sizeof rows);
	rows[0][0].type = SQLITE_INTEGER, rows[0][0].i = 1;
	rows[0][1].type = SQLITE_TEXT, rows[0][1].s = acme, rows[0][1].n = 8;
	rows[1][0].type = SQLITE_INTEGER, rows[1][0].i = 2;
	rows[1][1].type = SQLITE_NULL;
	rows[2][0].type = SQLITE_INTEGER, rows[2][0].i = 7;
	rows[2][1].type = SQLITE_TEXT, rows[2][1].s = big, rows[2][1].n = 5000;
	sha256_init(&c);
	for (i = 0; i < 3; i++)
		audit_digest_row(&c, &audit_tables[ti], rows[i]);
	sha256_digest(&c, sizeof h, h);
	audit_hex(h, sizeof h, want);
	free(big);

	probe(db, got, sizeof got, "SELECT lower(hex(sv_rows_digest(%d, id, name))) FROM ("
	      "SELECT 1 AS id, 'Acme Ltd' AS name UNION ALL SELECT 2, NULL "
	      "UNION ALL SELECT 7, printf('%%5000s', 'x'))", ti);
	assert_string_equal(got, want);
	/* one value of another type is another digest */
	probe(db, got, sizeof got, "SELECT lower(hex(sv_rows_digest(%d, id, name))) FROM ("
	      "SELECT 1 AS id, 'Acme Ltd' AS name UNION ALL SELECT 2, '' "
	      "UNION ALL SELECT 7, printf('%%5000s', 'x'))", ti);
	assert_string_not_equal(got, want);
	/* no rows: NULL */
	probe(db, got, sizeof got, "SELECT sv_rows_digest(%d, id, name) FROM supplier "
	      "WHERE id < 0", ti);
	assert_string_equal(got, "NULL");

	{
		char sql[256];

		snprintf(sql, sizeof sql, "SELECT sv_rows_digest(%d, id, name) FROM (SELECT 2 AS id, "
			 "'a' AS name UNION ALL SELECT 1, 'b')", ti);
		exec_fails(db, sql, "out of id order");
		snprintf(sql, sizeof sql, "SELECT sv_rows_digest(%d, 1)", ti);
		exec_fails(db, sql, "wrong arguments");
		exec_fails(db, "SELECT sv_rows_digest(99, 1, 'a')", "wrong arguments");
	}
	db_close(&db);
}

/* ---- the replay --------------------------------------------------------------- */

static void test_replay_desk_changes(void **state)
{
	svdb *db = dbt_open_mem("alice", "desk");
	int64_t c, cm, line;
	char sql[512];

	(void)state;
	c = put_contract(db, "C-1", "Acme Ltd");
	MUST(db_commitment_put(db, c, measure_id(db, "NT1"), 2025, 500, DB_PROXY_LOOKUP, NULL,
			       &cm, &e_));
	MUST(db_return_put(db, cm, 1, 200, "timesheets", NULL, &line, &e_));
	MUST(db_return_put(db, cm, 1, 250, "timesheets v2", NULL, &line, &e_));
	MUST(db_return_decide(db, line, ST_QUERY, 0, "which staff?", "bob",
			      "2025-08-01T09:00:00Z", -1, &e_));
	MUST(db_return_put(db, cm, 1, 250, "names attached", NULL, &line, &e_));
	MUST(db_return_decide(db, line, ST_VALIDATED, 240, "one short", "bob",
			      "2025-08-02T09:00:00Z", -1, &e_));
	MUST(db_highlight_put(db, 2025, c, "Ten apprentices", NULL, &e_));
	MUST(db_begin(db, &e_));
	exec_ok(db, "DELETE FROM highlight");
	MUST(db_commit(db, &e_));
	assert_clean(db);

	/* an update entry's values against the row: changed outside svdesk */
	exec_ok(db, "DROP TRIGGER return_line_audit_update;"
		"UPDATE return_line SET evidence = 'forged', version = version + 1;");
	snprintf(sql, sizeof sql, "return_line %lld: evidence is \"forged\"", (long long)line);
	assert_found(db, sql);
	db_close(&db);

	/* a row removed, and a row put back */
	db = dbt_open_mem("alice", "desk");
	c = put_contract(db, "C-1", "Acme Ltd");
	MUST(db_highlight_put(db, 2025, c, "Ten apprentices", NULL, &e_));
	MUST(db_highlight_put(db, 2025, c, "Eleven apprentices", NULL, &e_));
	exec_ok(db, "CREATE TEMP TABLE h AS SELECT * FROM highlight WHERE id = 1;"
		"DROP TRIGGER highlight_audit_delete; DELETE FROM highlight WHERE id = 1;");
	assert_found(db, "highlight 1 is missing");
	db_close(&db);

	/* a row added outside svdesk */
	db = dbt_open_mem("alice", "desk");
	put_contract(db, "C-1", "Acme Ltd");
	exec_ok(db, "DROP TRIGGER supplier_audit_insert;"
		"INSERT INTO supplier (name) VALUES ('Ghost Ltd');");
	assert_found(db, "has no entry that added it");
	db_close(&db);
}

/* A decision recorded with the line's version and delivered quantity,
 * inserted before the line changes: one entry for both, and replayable. */
static void test_decision_one_entry(void **state)
{
	svdb *db = dbt_open_mem("alice", "desk");
	int64_t c, cm, line, n;
	char sql[1024], buf[256];

	(void)state;
	c = put_contract(db, "C-1", "Acme Ltd");
	MUST(db_commitment_put(db, c, measure_id(db, "NT1"), 2025, 500, DB_PROXY_LOOKUP, NULL,
			       &cm, &e_));
	MUST(db_return_put(db, cm, 1, 200, "timesheets", NULL, &line, &e_));
	n = db_count(db, "audit", NULL);
	snprintf(sql, sizeof sql,
		 "BEGIN;"
		 "INSERT INTO decision (return_line_id, status, validated, reason, decided_by, "
		 "decided_at, origin, line_version, delivered) VALUES (%lld, 'validated', 150, "
		 "'part', 'bob', '2025-08-01T09:00:00Z', 'desk', 1, 200);"
		 "UPDATE return_line SET status = 'validated', validated = 150, reason = 'part', "
		 "validated_by = 'bob', validated_at = '2025-08-01T09:00:00Z', version = 2 "
		 "WHERE id = %lld;", (long long)line, (long long)line);
	exec_ok(db, sql);
	MUST(db_commit(db, &e_));
	assert_int_equal(db_count(db, "audit", NULL), n + 1);
	probe(db, buf, sizeof buf, "SELECT entity || ',' || json_extract(before, '$.status') || ',' "
	      "|| json_extract(before, '$.version') || ',' || json_extract(after, '$.delivered') "
	      "FROM audit ORDER BY id DESC LIMIT 1");
	assert_string_equal(buf, "decision,submitted,1,200");
	assert_int_equal(probe_int(db, "SELECT count(*) FROM audit WHERE hash IS NULL"), 0);
	db_close(&db);

	/* through the API, sealed, and the replay accepts it */
	db = dbt_open_mem("alice", "desk");
	c = put_contract(db, "C-1", "Acme Ltd");
	MUST(db_commitment_put(db, c, measure_id(db, "NT1"), 2025, 500, DB_PROXY_LOOKUP, NULL,
			       &cm, &e_));
	MUST(db_return_put(db, cm, 1, 200, "timesheets", NULL, &line, &e_));
	MUST(db_begin(db, &e_));
	snprintf(sql, sizeof sql,
		 "INSERT INTO decision (return_line_id, status, validated, reason, decided_by, "
		 "decided_at, origin, line_version, delivered) VALUES (%lld, 'validated', 150, "
		 "'part', 'bob', '2025-08-01T09:00:00Z', 'desk', 1, 200);"
		 "UPDATE return_line SET status = 'validated', validated = 150, reason = 'part', "
		 "validated_by = 'bob', validated_at = '2025-08-01T09:00:00Z', version = 2 "
		 "WHERE id = %lld;", (long long)line, (long long)line);
	exec_ok(db, sql);
	MUST(db_commit(db, &e_));
	assert_clean(db);
	/* the line's status changed afterwards, outside svdesk */
	exec_ok(db, "DROP TRIGGER return_line_audit_update;"
		"UPDATE return_line SET validated = 200, version = 3;");
	assert_found(db, "version is 3, but entry");
	db_close(&db);
}

/* ---- the chain under tampering ----------------------------------------------------- */

static void test_tampered_entries(void **state)
{
	svdb *db = dbt_open_mem("alice", "desk");
	int64_t n = 0;
	char hash[65], why[512];
	sv_err e;

	(void)state;
	put_contract(db, "C-1", "Acme Ltd");
	put_contract(db, "C-2", "Acme Ltd");
	MUST(db_audit_head(db, &n, hash, &e_));
	assert_int_equal(n, 4);
	put_contract(db, "C-3", "Acme Ltd");
	memset(&e, 0, sizeof e);
	assert_int_equal(db_audit_head_verify(db, n, hash, why, sizeof why, &e), 1);

	/* an entry edited */
	exec_ok(db, "DROP TRIGGER audit_no_update; UPDATE audit SET who = 'mallory' WHERE id = 2;");
	assert_found(db, "entry 2 does not match its hash");
	assert_int_equal(db_audit_head_verify(db, n, hash, why, sizeof why, &e), 0);
	assert_non_null(strstr(why, "does not verify"));
	db_close(&db);

	/* an entry removed */
	db = dbt_open_mem("alice", "desk");
	put_contract(db, "C-1", "Acme Ltd");
	put_contract(db, "C-2", "Acme Ltd");
	exec_ok(db, "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id = 3;");
	assert_found(db, "entry 3 is missing");
	assert_found(db, "entry 4 does not match its hash");
	db_close(&db);

	/* an entry forged */
	db = dbt_open_mem("alice", "desk");
	put_contract(db, "C-1", "Acme Ltd");
	exec_ok(db, "INSERT INTO audit (who, origin, entity, entity_id, action, before, after, hash) "
		"VALUES ('mallory', 'desk', 'contract', 1, 'update', '{\"value\":0}', "
		"'{\"value\":12345600}', zeroblob(32));");
	assert_found(db, "does not match its hash");
	db_close(&db);
}

/* ---- the triggers checked on open ---------------------------------------------------- */

/* The file of the test below, removed by its teardown even when an
 * assertion stops it midway. */
static char trig_path[128];

static int remove_trig_files(void **state)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	char p[160];
	size_t i;

	(void)state;
	for (i = 0; trig_path[0] != '\0' && i < sizeof ext / sizeof ext[0]; i++) {
		snprintf(p, sizeof p, "%s%s", trig_path, ext[i]);
		unlink(p);
	}
	return 0;
}

static void test_triggers_checked_on_open(void **state)
{
	char *path = trig_path;
	db_open_opts o = { 1, NULL, 0, "alice", "desk" };
	svdb *db = NULL;
	sv_err e;

	(void)state;
	snprintf(trig_path, sizeof trig_path, "test_audit_%ld.db", (long)getpid());
	remove_trig_files(NULL);
	MUST(db_open(&db, path, &o, &e_));
	assert_string_equal(db_readonly_reason(db), "");
	assert_int_equal(db_readonly(db), 0);
	exec_ok(db, "DROP TRIGGER contract_audit_update;");
	db_close(&db);

	memset(&e, 0, sizeof e);
	assert_int_equal(db_open(&db, path, &o, &e), 0);
	assert_int_equal(db_readonly(db), 1);
	assert_non_null(strstr(db_readonly_reason(db), "contract_audit_update is missing"));
	memset(&e, 0, sizeof e);
	assert_int_equal(db_begin(db, &e), -1);
	assert_non_null(strstr(e.msg, "opened READ-ONLY: the trigger contract_audit_update is missing"));
	db_close(&db);

	/* an altered trigger, and one that is not svdesk's */
	o.create = 0;
	MUST(db_open(&db, path, &o, &e_));
	db_close(&db);
	{
		char cmd[512];

		snprintf(cmd, sizeof cmd, "sqlite3 '%s' \"CREATE TRIGGER contract_audit_update "
			 "AFTER UPDATE ON contract BEGIN SELECT 1; END; CREATE TRIGGER x AFTER "
			 "INSERT ON theme BEGIN SELECT 1; END;\"", path);
		if (system(cmd) != 0)
			fail_msg("the sqlite3 shell (a test dependency) failed: %s", cmd);
	}
	MUST(db_open(&db, path, &o, &e_));
	assert_non_null(strstr(db_readonly_reason(db), "contract_audit_update has been altered"));
	assert_non_null(strstr(db_readonly_reason(db), "1 more"));
	db_close(&db);
}

/* What the checks on open compare with (read from the migrations' text) is
 * exactly what SQLite keeps after running the migrations. */
static void test_expected_triggers_match_replay(void **state)
{
	int v, same = 0;

	(void)state;
	for (v = 1; v <= db_schema_version(); v++) {
		MUST(audit_triggers_expected_replay(v, &same, &e_));
		if (!same)
			fail_msg("the expected triggers of version %d differ from the replay", v);
	}
}

/* The financial-year rules of the triggers come from period.c. */
static void test_year_rules_from_period(void **state)
{
	svdb *db = dbt_open_mem("alice", "desk");
	char buf[64];

	(void)state;
	probe(db, buf, sizeof buf, "SELECT sv_fy_first(2025) || ' ' || sv_fy_last(2025)");
	assert_string_equal(buf, "2025-04-01 2026-03-31");
	probe(db, buf, sizeof buf, "SELECT sv_quarter_first(2025, 4) || ' ' || "
	      "sv_quarter_last(2025, 4)");
	assert_string_equal(buf, "2026-01-01 2026-03-31");
	probe(db, buf, sizeof buf, "SELECT sv_quarter_last(2025, 5) IS NULL");
	assert_string_equal(buf, "1");
	put_contract(db, "C-1", "Acme Ltd");
	exec_fails(db, "INSERT INTO commitment (contract_id, measure_id, year, target) "
		   "VALUES (1, 1, 2030, 5)", "does not overlap");
	db_close(&db);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_database_baseline),
		cmocka_unit_test(test_sealing_and_chain),
		cmocka_unit_test(test_rollback_leaves_no_gap),
		cmocka_unit_test(test_import_session),
		cmocka_unit_test(test_import_nothing_no_entry),
		cmocka_unit_test(test_digest_catches_a_changed_row),
		cmocka_unit_test(test_rows_digest_function),
		cmocka_unit_test(test_replay_desk_changes),
		cmocka_unit_test(test_decision_one_entry),
		cmocka_unit_test(test_tampered_entries),
		cmocka_unit_test_teardown(test_triggers_checked_on_open, remove_trig_files),
		cmocka_unit_test(test_expected_triggers_match_replay),
		cmocka_unit_test(test_year_rules_from_period),
	};
	int failed = cmocka_run_group_tests_name("audit", tests, NULL, NULL);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
