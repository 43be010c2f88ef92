/* test_db.c: the SQLite store: opening, creating and migrating databases,
 * the schema's constraints and triggers, the audit log, the write API, the
 * keyset pages of the contracts list, and online backups.
 *
 * Files are made in the current folder (the build folder under make check)
 * and removed afterwards.  Queries that the API does not offer are read
 * back through the meta table ("probes": trusted test SQL only). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "svdesk/db.h"
#include "svdesk/store.h"
#include "tests/unit/dbtest.h"

/* ---- helpers ------------------------------------------------------------- */

static char *tmpname(char *buf, size_t n, const char *tag)
{
	snprintf(buf, n, "test_db_%ld_%s.db", (long)getpid(), tag);
	return buf;
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

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf = NULL;
	long len;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len >= 0);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return buf;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The header of a closed database file: user_version, application_id and
 * the journal mode bytes (1 = rollback journal, 2 = WAL). */
static void header(const char *path, uint32_t *uv, uint32_t *app, int *wal)
{
	size_t n;
	unsigned char *b = slurp(path, &n);

	assert_true(n >= 100);
	*uv = be32(b + 60);
	*app = be32(b + 68);
	*wal = b[18] == 2 && b[19] == 2;
	free(b);
}

static svdb *open_file(const char *path, int create, int busy_ms)
{
	db_open_opts o = { create, NULL, busy_ms, "tester", "desk" };
	svdb *db = NULL;
	sv_err e;

	memset(&e, 0, sizeof e);
	if (db_open(&db, path, &o, &e) != 0)
		fail_msg("open %s failed: %s", path, e.msg);
	return db;
}

/* call must fail with a message containing want. */
#define MUST_FAIL(call, want) do {                                       \
		sv_err e_;                                               \
		memset(&e_, 0, sizeof e_);                               \
		if ((call) == 0)                                         \
			fail_msg("%s should have failed", #call);        \
		if (strstr(e_.msg, (want)) == NULL)                      \
			fail_msg("%s: \"%s\" lacks \"%s\"", #call, e_.msg, (want)); \
	} while (0)

/* A refused contract names the field at fault (the importer places the
 * fault there). */
static void expect_field(svdb *db, const db_contract *c, int want)
{
	sv_err e;
	int64_t id = 0;
	int put = -1, sup = -1, field = -1;

	memset(&e, 0, sizeof e);
	assert_int_equal(db_contract_store(db, c, &id, &put, &sup, &field, &e), -1);
	assert_int_equal(field, want);
}

/* A small catalogue of our own, beside (or without) the built-in one:
 * proxy sets a (old), b (newer), current; measures listed in various ways. */
static const char fixture_sql[] =
	"INSERT INTO theme (id, name, title, position) VALUES (900, 'TestTheme', 'Test theme', 900);"
	"INSERT INTO outcome (id, theme_id, text, position) VALUES (900, 900, 'Test outcome', 1);"
	"INSERT INTO measure (id, code, outcome_id, title, unit, local, position) VALUES"
	" (901, 'T-FTE', 900, 'listed everywhere', 'FTE', 0, 1),"
	" (902, 'T-OLD', 900, 'only in old sets', 'hours', 0, 2),"
	" (903, 'T-NUL', 900, 'record only now', 'count', 0, 3),"
	" (904, 'T-NONE', 900, 'in no set', 'GBP', 1, 4),"
	" (905, 'T-PCT', 900, 'a percentage', 'percent', 0, 5);"
	"UPDATE proxy_set SET is_current = 0 WHERE is_current = 1;"
	"INSERT INTO proxy_set (id, name, illustrative, is_current, created_at) VALUES"
	" (901, 'test-a', 0, 0, '2024-01-01T00:00:00Z'),"
	" (902, 'test-b', 0, 0, '2024-06-01T00:00:00Z'),"
	" (903, 'test-current', 1, 1, '2025-01-01T00:00:00Z');"
	"INSERT INTO proxy_value (set_id, measure_id, proxy) VALUES"
	" (901, 901, 50000), (901, 902, 11111), (901, 903, 33333),"
	" (902, 902, 22222),"
	" (903, 901, 100000), (903, 903, NULL), (903, 905, NULL);";

static sv_date D(int y, int m, int d)
{
	sv_date x = { y, m, d };

	return x;
}

static int64_t put_contract(svdb *db, const char *ref, enum sv_body body, sv_date s, sv_date e)
{
	db_contract c;
	int64_t id = 0;

	memset(&c, 0, sizeof c);
	c.ref = ref;
	c.title = "Fleet servicing";
	c.supplier = "Acme Ltd";
	c.body = body;
	c.value = 25000000;
	c.start = s;
	c.end = e;
	c.sv_weight = 100;
	MUST(db_contract_put(db, &c, &id, &e_));
	return id;
}

static svdb *fixture(void)
{
	svdb *db = dbt_open_mem("alice", "desk");

	exec_ok(db, fixture_sql);
	return db;
}

/* ---- opening, creating, migrating ------------------------------------------- */

static void test_schema_version_and_new_file(void **state)
{
	char path[128];
	uint32_t uv, app;
	int wal, created = -1, from = -1;
	svdb *db;

	(void)state;
	assert_true(db_schema_version() >= 1);
	tmpname(path, sizeof path, "new");
	rm_db(path);
	MUST(db_init(path, NULL, &created, &from, &e_));
	assert_int_equal(created, 1);
	assert_int_equal(from, 0);
	header(path, &uv, &app, &wal);
	assert_int_equal(uv, (uint32_t)db_schema_version());
	assert_int_equal(app, (uint32_t)DB_APPLICATION_ID);
	assert_true(wal);

	/* opening again changes nothing */
	db = open_file(path, 0, 0);
	assert_int_equal(db_readonly(db), 0);
	assert_string_equal(db_path(db), path);
	assert_int_equal(db_count(db, "contract", NULL), 0);
	MUST(db_check_integrity(db, NULL, NULL, &e_));
	db_close(&db);
	assert_null(db);
	MUST(db_init(path, NULL, &created, &from, &e_));
	assert_int_equal(created, 0);
	assert_int_equal(from, 0);
	rm_db(path);
}

static void test_reopen_idempotent(void **state)
{
	char path[128];
	int64_t themes, measures;
	svdb *db;

	(void)state;
	tmpname(path, sizeof path, "reopen");
	rm_db(path);
	db = open_file(path, 1, 0);
	themes = db_count(db, "theme", NULL);
	measures = db_count(db, "measure", NULL);
	put_contract(db, "C-1", BODY_WMP, D(2025, 4, 1), D(2026, 3, 31));
	db_close(&db);
	db = open_file(path, 0, 0);
	assert_int_equal(db_count(db, "theme", NULL), themes);
	assert_int_equal(db_count(db, "measure", NULL), measures);
	assert_int_equal(db_count(db, "contract", NULL), 1);
	db_close(&db);
	rm_db(path);
}

/* A version-2 database (a demo made by the svdesk before the chained audit
 * log, kept in tests/data) is brought forward, its rows kept. */
static void test_migrate_from_older(void **state)
{
	const char *srcdir = getenv("top_srcdir");
	char path[128], src[1024], cmd[2300], buf[64];
	int created = -1, from = -1;
	uint32_t uv, app;
	int wal;
	int64_t contracts;
	svdb *db;

	(void)state;
	if (srcdir == NULL)
		srcdir = ".";
	snprintf(src, sizeof src, "%s/tests/data/v1-demo.db", srcdir);
	tmpname(path, sizeof path, "older");
	rm_db(path);
	snprintf(cmd, sizeof cmd, "cp '%s' '%s' && chmod u+w '%s'", src, path, path);
	assert_int_equal(system(cmd), 0);
	header(path, &uv, &app, &wal);
	assert_int_equal(uv, 2);
	MUST(db_init(path, NULL, &created, &from, &e_));
	assert_int_equal(created, 0);
	assert_int_equal(from, 2);
	header(path, &uv, &app, &wal);
	assert_int_equal(uv, (uint32_t)db_schema_version());
	db = open_file(path, 0, 0);
	contracts = db_count(db, "contract", NULL);
	assert_true(contracts > 0);
	/* the old entries are kept, then one baseline entry for every row */
	probe(db, buf, sizeof buf, "SELECT entity FROM audit ORDER BY id DESC LIMIT 1");
	assert_string_equal(buf, "baseline");
	assert_int_equal(probe_int(db, "SELECT count(*) FROM contract WHERE import_id = "
				   "(SELECT id FROM audit WHERE after ->> '$.kind' = 'baseline')"),
			 contracts);
	/* and version 4's entry, where the order of highlights begins */
	probe(db, buf, sizeof buf, "SELECT after ->> '$.kind' FROM audit ORDER BY id DESC LIMIT 1");
	assert_string_equal(buf, "schema");
	assert_int_equal(probe_int(db, "SELECT count(*) FROM audit WHERE hash IS NULL"), 0);
	MUST(db_check_audit(db, NULL, NULL, &e_) == 0 ? 0 : -1);
	db_close(&db);
	rm_db(path);
}

/* All migrations run in one transaction: a failure leaves nothing behind. */
static void test_migration_failure_rolls_back(void **state)
{
	char path[128];
	uint32_t uv, app;
	int wal, i;
	svdb *db;

	(void)state;
	tmpname(path, sizeof path, "fail");
	rm_db(path);
	db = open_file(path, 1, 0);
	/* an svdesk file at version 0 that holds a table named like the last
	 * one migration 1 creates, so that migration 1 fails late */
	exec_ok(db, "PRAGMA foreign_keys = OFF;"
		"DROP TABLE audit; DROP TABLE questionnaire_answer; DROP TABLE highlight;"
		"DROP TABLE decision; DROP TABLE return_line; DROP TABLE commitment;"
		"DROP TABLE contract; DROP TABLE supplier; DROP TABLE proxy_value;"
		"DROP TABLE proxy_set; DROP TABLE measure; DROP TABLE outcome;"
		"DROP TABLE theme; DROP TABLE meta;"
		"CREATE TABLE audit (x INTEGER);"
		"PRAGMA user_version = 0;");
	db_close(&db);
	for (i = 0; i < 2; i++) {
		db_open_opts o = { 0, NULL, 0, "tester", NULL };
		sv_err e;

		memset(&e, 0, sizeof e);
		assert_int_equal(db_open(&db, path, &o, &e), -1);
		assert_null(db);
		assert_non_null(strstr(e.msg, "migration 1"));
		/* the second attempt fails at the same place: the tables made
		 * before it by the first attempt were rolled back */
		assert_non_null(strstr(e.msg, "table audit already exists"));
	}
	header(path, &uv, &app, &wal);
	assert_int_equal(uv, 0);
	rm_db(path);
}

static void test_newer_refused_untouched(void **state)
{
	char path[128], want[256];
	unsigned char *before, *after;
	size_t nb, na;
	db_open_opts o = { 1, NULL, 0, "tester", NULL };
	svdb *db;
	sv_err e;

	(void)state;
	tmpname(path, sizeof path, "newer");
	rm_db(path);
	db = open_file(path, 1, 0);
	exec_ok(db, "PRAGMA journal_mode = DELETE; PRAGMA user_version = 9999;");
	db_close(&db);
	before = slurp(path, &nb);
	memset(&e, 0, sizeof e);
	assert_int_equal(db_open(&db, path, &o, &e), -1);
	assert_null(db);
	assert_int_equal(e.code, DB_E_NEWER);
	snprintf(want, sizeof want, "%s: database schema version 9999 is newer than this svdesk "
		 "supports (%d); use a newer svdesk", path, db_schema_version());
	assert_string_equal(e.msg, want);
	after = slurp(path, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	free(after);
	/* db_init refuses it too, and leaves it alone as well */
	memset(&e, 0, sizeof e);
	assert_int_equal(db_init(path, NULL, NULL, NULL, &e), -1);
	assert_int_equal(e.code, DB_E_NEWER);
	after = slurp(path, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	free(after);
	free(before);
	rm_db(path);
}

static void test_foreign_refused(void **state)
{
	char path[128], want[256];
	db_open_opts o = { 1, NULL, 0, NULL, NULL };
	svdb *db = NULL;
	FILE *f;
	sv_err e;
	int i;

	(void)state;
	tmpname(path, sizeof path, "foreign");
	rm_db(path);
	f = fopen(path, "w");
	assert_non_null(f);
	for (i = 0; i < 200; i++)
		fputs("this is a text file, not a database\n", f);
	fclose(f);
	snprintf(want, sizeof want, "%s: not an svdesk database (check the path: svdesk never "
		 "changes a file it did not create)", path);
	memset(&e, 0, sizeof e);
	assert_int_equal(db_open(&db, path, &o, &e), -1);
	assert_int_equal(e.code, DB_E_FOREIGN);
	assert_string_equal(e.msg, want);
	memset(&e, 0, sizeof e);
	assert_int_equal(db_init(path, NULL, NULL, NULL, &e), -1);
	assert_int_equal(e.code, DB_E_FOREIGN);
	rm_db(path);

	/* an SQLite database of another program */
	db = open_file(path, 1, 0);
	exec_ok(db, "PRAGMA application_id = 42;");
	db_close(&db);
	memset(&e, 0, sizeof e);
	assert_int_equal(db_open(&db, path, &o, &e), -1);
	assert_int_equal(e.code, DB_E_FOREIGN);
	assert_string_equal(e.msg, want);
	rm_db(path);
}

static void test_empty_and_missing(void **state)
{
	char path[128], want[512];
	db_open_opts o = { 0, NULL, 0, NULL, NULL };
	int created = -1, from = -1, fd;
	svdb *db = NULL;
	sv_err e;

	(void)state;
	tmpname(path, sizeof path, "missing");
	rm_db(path);
	memset(&e, 0, sizeof e);
	assert_int_equal(db_open(&db, path, &o, &e), -1);
	assert_null(db);
	assert_int_equal(e.code, DB_E_NOTFOUND);
	snprintf(want, sizeof want, "%s: no such database (create one with: svdesk init --db %s)",
		 path, path);
	assert_string_equal(e.msg, want);
	assert_false(exists(path));

	/* an empty file is a new database */
	fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0600);
	assert_true(fd >= 0);
	close(fd);
	memset(&e, 0, sizeof e);
	assert_int_equal(db_open(&db, path, &o, &e), -1);
	assert_int_equal(e.code, DB_E_NOTFOUND);
	MUST(db_init(path, NULL, &created, &from, &e_));
	assert_int_equal(created, 1);
	db = open_file(path, 0, 0);
	/* a new database: one baseline entry (the built-in catalogue) */
	assert_true(db_count(db, "audit", NULL) == 1);
	db_close(&db);
	rm_db(path);
}

static void test_new_file_mode(void **state)
{
	char path[128];
	mode_t old = umask(0);
	const struct group *gr = getgrgid(getgid());
	db_open_opts o = { 1, NULL, 0, NULL, NULL };
	struct stat st;
	svdb *db;
	sv_err e;

	(void)state;
	tmpname(path, sizeof path, "mode");
	rm_db(path);
	MUST(db_init(path, NULL, NULL, NULL, &e_));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	rm_db(path);

	if (gr != NULL) {
		db_open_opts g = { 1, gr->gr_name, 0, NULL, NULL };

		MUST(db_init(path, &g, NULL, NULL, &e_));
		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 07777, 0660);
		assert_int_equal(st.st_gid, gr->gr_gid);
		rm_db(path);
	}
	/* an unknown group: refused, and no file is left behind */
	o.group = "no-such-group-svdesk-test";
	memset(&e, 0, sizeof e);
	db = NULL;
	assert_int_equal(db_open(&db, path, &o, &e), -1);
	assert_non_null(strstr(e.msg, "no such group"));
	assert_false(exists(path));
	umask(old);
}

static void test_busy(void **state)
{
	char path[128], want[256];
	svdb *a, *b;
	sv_err e;

	(void)state;
	tmpname(path, sizeof path, "busy");
	rm_db(path);
	a = open_file(path, 1, 100);
	b = open_file(path, 0, 100);
	MUST(db_begin(b, &e_));
	MUST_FAIL(db_begin(b, &e_), "already open");
	memset(&e, 0, sizeof e);
	assert_int_equal(db_begin(a, &e), -1);
	assert_int_equal(e.code, DB_E_BUSY);
	/* the path once, and no blame on svdesk: sqlite3 may hold the lock */
	snprintf(want, sizeof want, "%s: the database is busy: another program holds its "
		 "lock (another svdesk, or a tool such as sqlite3); try again later", path);
	assert_string_equal(e.msg, want);
	db_rollback(b);
	db_rollback(b);        /* a no-op now */
	MUST(db_begin(a, &e_));
	MUST(db_commit(a, &e_));
	db_close(&a);
	db_close(&b);
	rm_db(path);
}

static void test_meta(void **state)
{
	svdb *db = dbt_open_mem(NULL, NULL);
	char buf[16];

	(void)state;
	assert_int_equal(db_meta_get(db, "demo", buf, sizeof buf, NULL), 0);
	assert_string_equal(buf, "");
	MUST(db_meta_set(db, "demo", "1", &e_));
	assert_int_equal(db_meta_get(db, "demo", buf, sizeof buf, NULL), 1);
	assert_string_equal(buf, "1");
	MUST(db_meta_set(db, "demo", "a long value that is cut", &e_));
	assert_int_equal(db_meta_get(db, "demo", buf, sizeof buf, NULL), 1);
	assert_string_equal(buf, "a long value th");
	MUST(db_meta_set(db, "demo", NULL, &e_));
	assert_int_equal(db_meta_get(db, "demo", buf, sizeof buf, NULL), 0);
	db_close(&db);
}

/* ---- the schema defends itself ---------------------------------------------------- */

static void test_check_constraints(void **state)
{
	svdb *db = fixture();
	char sql[1024];
	int64_t c, cm;
	int i;
	static const char *const bad_contracts[][2] = {
		{ "value = -1", "CHECK" },
		{ "start_date = '2025-02-30'", "CHECK" },
		{ "start_date = '2025-13-01'", "CHECK" },
		{ "start_date = '2025-4-01'", "CHECK" },
		{ "end_date = '2024-01-01'", "CHECK" },
		{ "body = 'NHS'", "CHECK" },
		{ "sv_weight = 1001", "CHECK" },
		{ "status = 'open'", "CHECK" },
		{ "living_wage = 'maybe'", "CHECK" },
		{ "living_wage_note = 'a note without a status'", "CHECK" },
		{ "ref = ''", "CHECK" },
		{ "value = 12.5", "cannot store REAL" },
		{ "supplier_id = 999", "FOREIGN KEY" },
	};

	(void)state;
	c = put_contract(db, "C-1", BODY_WMP, D(2025, 4, 1), D(2027, 3, 31));
	for (i = 0; i < (int)(sizeof bad_contracts / sizeof bad_contracts[0]); i++) {
		snprintf(sql, sizeof sql, "UPDATE contract SET %s WHERE id = %lld",
			 bad_contracts[i][0], (long long)c);
		exec_fails(db, sql, bad_contracts[i][1]);
	}
	MUST(db_commitment_put(db, c, 901, 2025, 1000, DB_PROXY_LOOKUP, NULL, &cm, &e_));
	exec_fails(db, "UPDATE commitment SET target = -1", "CHECK");
	exec_fails(db, "UPDATE commitment SET proxy = 5", "keeps its proxy");
	snprintf(sql, sizeof sql, "INSERT INTO return_line (commitment_id, quarter, delivered, "
		 "status) VALUES (%lld, 5, 1, 'submitted')", (long long)cm);
	exec_fails(db, sql, "CHECK");
	snprintf(sql, sizeof sql, "INSERT INTO return_line (commitment_id, quarter, delivered, "
		 "status) VALUES (%lld, 1, 1000, 'submitted')", (long long)cm);
	exec_ok(db, sql);
	{
		/* status and decision columns must agree */
		static const char *const combos[] = {
			"status = 'validated'",                                        /* no by/at */
			"status = 'validated', validated = 1001, validated_by = 'x', "
			"validated_at = '2025-05-01T00:00:00Z'",                        /* > delivered */
			"status = 'validated', validated = 500, validated_by = 'x', "
			"validated_at = '2025-05-01T00:00:00Z'",                        /* no reason */
			"status = 'validated', validated = -1, validated_by = 'x', "
			"validated_at = '2025-05-01T00:00:00Z', reason = 'r'",
			"status = 'rejected', validated_by = 'x', validated_at = '2025-05-01T00:00:00Z'",
			"status = 'rejected', validated_by = 'x', reason = '  ', "
			"validated_at = '2025-05-01T00:00:00Z'",
			"status = 'query', validated = 3, validated_by = 'x', reason = 'r', "
			"validated_at = '2025-05-01T00:00:00Z'",
			"status = 'submitted', reason = 'r'",
			"status = 'validated', validated = 1000, validated_by = 'x', "
			"validated_at = '2025-05-01 10:00:00'",                         /* not UTC ISO */
			"status = 'done'",
		};

		for (i = 0; i < (int)(sizeof combos / sizeof combos[0]); i++) {
			snprintf(sql, sizeof sql, "UPDATE return_line SET %s, version = version + 1",
				 combos[i]);
			exec_fails(db, sql, "CHECK");
		}
		/* a valid one, but the version must go up by one */
		exec_fails(db, "UPDATE return_line SET delivered = 7", "version");
		exec_ok(db, "UPDATE return_line SET status = 'validated', validated = 1000, "
			"validated_by = 'x', validated_at = '2025-05-01T00:00:00Z', "
			"version = version + 1");
	}
	exec_fails(db, "UPDATE return_line SET quarter = 2, version = version + 1", "cannot change");
	exec_fails(db, "INSERT INTO decision (return_line_id, status, validated, decided_by, "
		   "decided_at, origin) VALUES (1, 'query', NULL, 'x', '2025-05-01T00:00:00Z', "
		   "'desk')", "CHECK");
	exec_fails(db, "INSERT INTO highlight (year, text, created_by, created_at, position) "
		   "VALUES (2025, '   ', 'x', '2025-05-01T00:00:00Z', 1)", "CHECK");
	exec_fails(db, "INSERT INTO highlight (year, text, created_by, created_at, position) "
		   "VALUES (2025, 'x', 'x', '2025-05-01T00:00:00Z', 2)", "at the end of its year");
	db_close(&db);
}

static void test_catalogue_immutable(void **state)
{
	svdb *db = fixture();

	(void)state;
	exec_fails(db, "UPDATE proxy_value SET proxy = 1 WHERE set_id = 901",
		   "a proxy set is immutable");
	exec_fails(db, "DELETE FROM proxy_value WHERE set_id = 901", "a proxy set is immutable");
	exec_fails(db, "UPDATE proxy_set SET name = 'other' WHERE id = 901",
		   "a proxy set is immutable");
	exec_fails(db, "DELETE FROM proxy_set WHERE id = 901", "a proxy set is immutable");
	exec_fails(db, "UPDATE proxy_set SET is_current = 1 WHERE id = 901", "UNIQUE");
	/* which set is current may change */
	exec_ok(db, "UPDATE proxy_set SET is_current = 0 WHERE id = 903;"
		"UPDATE proxy_set SET is_current = 1 WHERE id = 901;");
	/* percent measures are record only */
	exec_fails(db, "INSERT INTO proxy_value (set_id, measure_id, proxy) VALUES (902, 905, 100)",
		   "percent measure");
	exec_ok(db, "INSERT INTO proxy_value (set_id, measure_id, proxy) VALUES (902, 905, NULL)");
	exec_fails(db, "UPDATE measure SET unit = 'percent' WHERE id = 901", "percent");
	exec_fails(db, "INSERT INTO measure (code, outcome_id, title, unit, position) VALUES "
		   "('T-BAD', 900, 'x', 'litres', 9)", "CHECK");
	db_close(&db);
}

/* ---- the audit log ------------------------------------------------------------------- */

static void test_audit_log(void **state)
{
	svdb *db = dbt_open_mem("alice", "import");
	db_contract c;
	int64_t id, n;
	char buf[512];

	(void)state;
	memset(&c, 0, sizeof c);
	c.ref = "C-9";
	c.title = "Cleaning";
	c.supplier = "Shine plc";
	c.body = BODY_OPCC;
	c.value = 1234;
	c.start = D(2025, 4, 1);
	c.end = D(2026, 3, 31);
	c.sv_weight = 105;
	c.living_wage = YN_YES;
	MUST(db_contract_put(db, &c, &id, &e_));
	{
		char want[128];

		snprintf(want, sizeof want, "alice|import|insert|%lld|1|C-9|yes|1", (long long)id);
		probe(db, buf, sizeof buf, "SELECT who || '|' || origin || '|' || action || '|' || "
		      "entity_id || '|' || (before IS NULL) || '|' || json_extract(after, '$.ref') "
		      "|| '|' || json_extract(after, '$.living_wage') || '|' || (at GLOB "
		      "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z') "
		      "FROM audit WHERE entity = 'contract' ORDER BY id DESC LIMIT 1");
		assert_string_equal(buf, want);
	}
	assert_int_equal(probe_int(db, "SELECT count(*) FROM audit WHERE entity = 'supplier'"), 1);

	/* an update records before and after; the same data again records nothing */
	db_set_origin(db, "desk");
	c.title = "Cleaning and hygiene";
	MUST(db_contract_put(db, &c, &id, &e_));
	probe(db, buf, sizeof buf, "SELECT action || '|' || origin || '|' || "
	      "json_extract(before, '$.title') || '|' || json_extract(after, '$.title') "
	      "FROM audit WHERE entity = 'contract' ORDER BY id DESC LIMIT 1");
	assert_string_equal(buf, "update|desk|Cleaning|Cleaning and hygiene");
	n = db_count(db, "audit", NULL);
	MUST(db_contract_put(db, &c, &id, &e_));
	assert_int_equal(db_count(db, "audit", NULL), n);

	/* append-only */
	exec_fails(db, "UPDATE audit SET who = 'mallory'", "the audit log is append-only");
	exec_fails(db, "DELETE FROM audit", "the audit log is append-only");
	assert_int_equal(db_count(db, "audit", NULL), n);
	db_close(&db);
}

/* ---- contracts ------------------------------------------------------------------------- */

static void test_contract_put(void **state)
{
	svdb *db = fixture();
	db_contract c;
	int64_t id, id2, cm;
	char buf[256];

	(void)state;
	memset(&c, 0, sizeof c);
	c.ref = "C-1";
	c.title = "Fleet";
	c.supplier = "Acme Ltd";
	c.body = BODY_WMP;
	c.value = 100;
	c.start = D(2025, 4, 1);
	c.end = D(2026, 3, 31);
	c.sv_weight = 100;
	c.manager = "";
	MUST(db_contract_put(db, &c, &id, &e_));
	c.supplier = "Beta LLP";
	c.closed = 1;
	c.manager = "Pat";
	MUST(db_contract_put(db, &c, &id2, &e_));
	assert_int_equal(id, id2);
	assert_int_equal(db_count(db, "contract", NULL), 1);
	assert_int_equal(db_count(db, "supplier", NULL), 2);
	probe(db, buf, sizeof buf, "SELECT s.name || '|' || c.status || '|' || c.manager FROM "
	      "contract c JOIN supplier s ON s.id = c.supplier_id");
	assert_string_equal(buf, "Beta LLP|closed|Pat");

	/* refusals name the contract */
	c.end = D(2025, 1, 1);
	MUST_FAIL(db_contract_put(db, &c, &id2, &e_),
		  "contract C-1: the end date 2025-01-01 is before the start date 2025-04-01");
	c.end = D(2026, 2, 30);
	MUST_FAIL(db_contract_put(db, &c, &id2, &e_), "contract C-1: the end date is not a real date");
	expect_field(db, &c, DBF_END);
	c.end = D(2026, 3, 31);
	c.value = -5;
	MUST_FAIL(db_contract_put(db, &c, &id2, &e_), "contract C-1: the value is negative");
	c.value = 5;
	c.sv_weight = 1001;
	MUST_FAIL(db_contract_put(db, &c, &id2, &e_), "contract C-1: the social value weighting");
	c.sv_weight = 100;
	c.title = " ";
	MUST_FAIL(db_contract_put(db, &c, &id2, &e_), "contract C-1: the title is empty");
	c.title = "Fleet";
	c.ref = "";
	MUST_FAIL(db_contract_put(db, &c, &id2, &e_), "the ref is empty");
	c.ref = "C-1";

	/* new dates may not leave out a commitment */
	MUST(db_commitment_put(db, id, 901, 2025, 100, DB_PROXY_LOOKUP, NULL, &cm, &e_));
	c.start = D(2026, 4, 1);
	c.end = D(2027, 3, 31);
	MUST_FAIL(db_contract_put(db, &c, &id2, &e_), "contract C-1: the new dates 2026-04-01 to "
		  "2027-03-31 leave out its commitment to T-FTE in 2025/26");
	expect_field(db, &c, DBF_START);
	exec_fails(db, "UPDATE contract SET start_date = '2026-04-01', end_date = '2027-03-31'",
		   "leave out");
	db_close(&db);
}

/* period.c's rules as SQL functions, and their use: a contract's new dates
 * may not leave out a return, to the day. */
static void test_period_functions(void **state)
{
	svdb *db = fixture();
	db_contract c;
	int64_t id, cm, line;
	sv_date sub = D(2025, 10, 5);
	char buf[256];

	(void)state;
	probe(db, buf, sizeof buf, "SELECT sv_fy_first(2025) || '|' || sv_fy_last(2025) || '|' || "
	      "sv_quarter_first(2025, 1) || '|' || sv_quarter_last(2025, 1) || '|' || "
	      "sv_quarter_first(2025, 3) || '|' || sv_quarter_last(2025, 3) || '|' || "
	      "sv_quarter_first(2025, 4) || '|' || sv_quarter_last(2025, 4) || '|' || "
	      "sv_quarter_last(2027, 4)");
	assert_string_equal(buf, "2025-04-01|2026-03-31|2025-04-01|2025-06-30|2025-10-01|"
			    "2025-12-31|2026-01-01|2026-03-31|2028-03-31");
	probe(db, buf, sizeof buf, "SELECT coalesce(sv_fy_first(NULL), 'null') || '|' || "
	      "coalesce(sv_quarter_last(2025, 5), 'null') || '|' || "
	      "coalesce(sv_quarter_first('x', 1), 'null') || '|' || "
	      "coalesce(sv_fy_last(99999), 'null')");
	assert_string_equal(buf, "null|null|null|null");

	memset(&c, 0, sizeof c);
	c.ref = "C-Q";
	c.title = "Cleaning";
	c.supplier = "Acme Ltd";
	c.body = BODY_WMP;
	c.value = 100;
	c.start = D(2025, 4, 1);
	c.end = D(2026, 3, 31);
	c.sv_weight = 100;
	MUST(db_contract_put(db, &c, &id, &e_));
	MUST(db_commitment_put(db, id, 901, 2025, 100, DB_PROXY_LOOKUP, NULL, &cm, &e_));
	MUST(db_return_put(db, cm, 3, 50, "ok", &sub, &line, &e_));
	c.end = D(2025, 9, 30);       /* the day before Q3 starts */
	MUST_FAIL(db_contract_put(db, &c, &id, &e_), "contract C-Q: the new dates 2025-04-01 to "
		  "2025-09-30 leave out its return for T-FTE in 2025/26 Q3");
	expect_field(db, &c, DBF_END);   /* the end left it out, not the start */
	c.end = D(2025, 10, 1);       /* Q3's first day: still overlaps */
	MUST(db_contract_put(db, &c, &id, &e_));
	c.start = D(2026, 1, 1);      /* the day after Q3 ends */
	c.end = D(2026, 3, 31);
	MUST_FAIL(db_contract_put(db, &c, &id, &e_), "leave out its return for T-FTE in 2025/26 Q3");
	expect_field(db, &c, DBF_START);
	c.start = D(2025, 12, 31);
	MUST(db_contract_put(db, &c, &id, &e_));
	db_close(&db);
}

static void test_questionnaire_opcc_only(void **state)
{
	svdb *db = fixture();
	int64_t w, o;
	char sql[512];
	db_contract c;

	(void)state;
	w = put_contract(db, "W-1", BODY_WMP, D(2025, 4, 1), D(2026, 3, 31));
	o = put_contract(db, "O-1", BODY_OPCC, D(2025, 4, 1), D(2026, 3, 31));
	snprintf(sql, sizeof sql, "INSERT INTO questionnaire_answer (contract_id, topic, answer, "
		 "recorded_by, recorded_at) VALUES (%lld, 'prison_leavers', 'two hires', 'x', "
		 "'2025-05-01T00:00:00Z')", (long long)w);
	exec_fails(db, sql, "OPCC contracts only");
	snprintf(sql, sizeof sql, "INSERT INTO questionnaire_answer (contract_id, topic, answer, "
		 "recorded_by, recorded_at) VALUES (%lld, 'prison_leavers', 'two hires', 'x', "
		 "'2025-05-01T00:00:00Z')", (long long)o);
	exec_ok(db, sql);
	snprintf(sql, sizeof sql, "INSERT INTO questionnaire_answer (contract_id, topic, answer, "
		 "recorded_by, recorded_at) VALUES (%lld, 'astrology', 'x', 'x', "
		 "'2025-05-01T00:00:00Z')", (long long)o);
	exec_fails(db, sql, "CHECK");
	assert_int_equal(probe_int(db, "SELECT count(*) FROM audit WHERE entity = "
				   "'questionnaire_answer'"), 1);
	memset(&c, 0, sizeof c);
	c.ref = "O-1";
	c.title = "t";
	c.supplier = "Acme Ltd";
	c.body = BODY_WMP;
	c.start = D(2025, 4, 1);
	c.end = D(2026, 3, 31);
	MUST_FAIL(db_contract_put(db, &c, &o, &e_), "contract O-1: it has OPCC questionnaire answers");
	db_close(&db);
}

/* ---- commitments ------------------------------------------------------------------- */

static void test_commitment_proxy_lookup(void **state)
{
	svdb *db = fixture();
	int64_t c, cm, again;
	char buf[128];

	(void)state;
	c = put_contract(db, "C-1", BODY_WMP, D(2025, 6, 1), D(2027, 5, 31));
	/* listed in the current set: its value, from that set */
	MUST(db_commitment_put(db, c, 901, 2025, 1250, DB_PROXY_LOOKUP, "note", &cm, &e_));
	probe(db, buf, sizeof buf, "SELECT proxy || '|' || proxy_set_id FROM commitment WHERE id = %lld",
	      (long long)cm);
	assert_string_equal(buf, "100000|903");
	/* listed only by older sets: the newest of them */
	MUST(db_commitment_put(db, c, 902, 2025, 10, -7, NULL, &cm, &e_));
	probe(db, buf, sizeof buf, "SELECT proxy || '|' || proxy_set_id FROM commitment WHERE id = %lld",
	      (long long)cm);
	assert_string_equal(buf, "22222|902");
	/* record only in the current set, though an older set had a value */
	MUST(db_commitment_put(db, c, 903, 2025, 10, DB_PROXY_LOOKUP, NULL, &cm, &e_));
	probe(db, buf, sizeof buf, "SELECT coalesce(proxy, 'null') || '|' || proxy_set_id FROM "
	      "commitment WHERE id = %lld", (long long)cm);
	assert_string_equal(buf, "null|903");
	/* in no set at all: record only, no set */
	MUST(db_commitment_put(db, c, 904, 2025, 10, DB_PROXY_LOOKUP, NULL, &cm, &e_));
	probe(db, buf, sizeof buf, "SELECT coalesce(proxy, 'null') || '|' || "
	      "coalesce(proxy_set_id, 'none') FROM commitment WHERE id = %lld", (long long)cm);
	assert_string_equal(buf, "null|none");
	/* explicit: kept as given, no set */
	MUST(db_commitment_put(db, c, 901, 2026, 100, 31416, NULL, &cm, &e_));
	probe(db, buf, sizeof buf, "SELECT proxy || '|' || coalesce(proxy_set_id, 'none') FROM "
	      "commitment WHERE id = %lld", (long long)cm);
	assert_string_equal(buf, "31416|none");
	MUST(db_commitment_put(db, c, 902, 2026, 100, DB_PROXY_NONE, NULL, &cm, &e_));
	probe(db, buf, sizeof buf, "SELECT coalesce(proxy, 'null') FROM commitment WHERE id = %lld",
	      (long long)cm);
	assert_string_equal(buf, "null");

	/* the same commitment again: a new target, the proxy kept */
	MUST(db_commitment_put(db, c, 901, 2026, 200, DB_PROXY_LOOKUP, "more", &again, &e_));
	assert_int_equal(again, probe_int(db, "SELECT id FROM commitment WHERE measure_id = 901 "
					  "AND year = 2026"));
	probe(db, buf, sizeof buf, "SELECT target || '|' || proxy || '|' || note FROM commitment "
	      "WHERE id = %lld", (long long)again);
	assert_string_equal(buf, "200|31416|more");
	MUST(db_commitment_put(db, c, 901, 2026, 200, 31416, "more", &again, &e_));
	MUST_FAIL(db_commitment_put(db, c, 901, 2026, 200, 40000, "more", &again, &e_),
		  "contract C-1, measure T-FTE, 2026/27: the commitment's proxy is 3.1416 and "
		  "cannot change to 4.00");
	MUST_FAIL(db_commitment_put(db, c, 902, 2026, 200, 5, NULL, &again, &e_),
		  "proxy is record only and cannot change");

	/* refusals */
	MUST_FAIL(db_commitment_put(db, c, 905, 2025, 100, 10000, NULL, &cm, &e_),
		  "contract C-1, measure T-PCT, 2025/26: a percent measure is record only");
	MUST(db_commitment_put(db, c, 905, 2025, 100, DB_PROXY_LOOKUP, NULL, &cm, &e_));
	MUST_FAIL(db_commitment_put(db, c, 901, 2024, 100, DB_PROXY_LOOKUP, NULL, &cm, &e_),
		  "contract C-1, measure T-FTE, 2024/25: the year does not overlap the contract's "
		  "dates (2025-06-01 to 2027-05-31)");
	MUST(db_commitment_put(db, c, 903, 2027, 100, DB_PROXY_LOOKUP, NULL, &cm, &e_));
	MUST_FAIL(db_commitment_put(db, c, 903, 2028, 100, DB_PROXY_LOOKUP, NULL, &cm, &e_),
		  "2028/29: the year does not overlap");
	MUST_FAIL(db_commitment_put(db, c, 901, 2025, -1, DB_PROXY_LOOKUP, NULL, &cm, &e_),
		  "2025/26: the target is negative");
	MUST_FAIL(db_commitment_put(db, c, 999, 2025, 1, DB_PROXY_LOOKUP, NULL, &cm, &e_),
		  "contract C-1: no measure with id 999");
	MUST_FAIL(db_commitment_put(db, 999, 901, 2025, 1, DB_PROXY_LOOKUP, NULL, &cm, &e_),
		  "no contract with id 999");
	/* the database checks the set's value too */
	exec_fails(db, "INSERT INTO commitment (contract_id, measure_id, year, target, proxy, "
		   "proxy_set_id) VALUES (1, 902, 2027, 1, 5, 903)", "proxy set");
	db_close(&db);
}

/* ---- returns and decisions ------------------------------------------------------------ */

struct lines {
	svdb *db;
	int64_t contract, cm;
};

static struct lines lines_fixture(void)
{
	struct lines l;

	l.db = fixture();
	l.contract = put_contract(l.db, "C-7", BODY_WMP, D(2025, 6, 1), D(2026, 5, 31));
	MUST(db_commitment_put(l.db, l.contract, 901, 2025, 1000, DB_PROXY_LOOKUP, NULL, &l.cm, &e_));
	return l;
}

static void test_return_put_rules(void **state)
{
	struct lines l = lines_fixture();
	sv_date sub = D(2025, 7, 10);
	db_return_line r;
	int64_t id, id2, n, cm26;

	(void)state;
	MUST(db_return_put(l.db, l.cm, 1, 250, "timesheets", &sub, &id, &e_));
	assert_int_equal(db_return_get(l.db, id, &r, NULL), 1);
	assert_int_equal(r.status, ST_SUBMITTED);
	assert_int_equal(r.delivered, 250);
	assert_int_equal(r.version, 1);
	assert_int_equal(r.validated, -1);
	assert_int_equal(r.quarter, 1);
	assert_int_equal(db_return_get(l.db, 9999, &r, NULL), 0);

	/* identical: nothing changes, not even the audit log */
	n = db_count(l.db, "audit", NULL);
	MUST(db_return_put(l.db, l.cm, 1, 250, "timesheets", NULL, &id2, &e_));
	assert_int_equal(id2, id);
	assert_int_equal(db_count(l.db, "audit", NULL), n);
	assert_int_equal(db_return_get(l.db, id, &r, NULL), 1);
	assert_int_equal(r.version, 1);

	/* changed, still submitted: replaced */
	MUST(db_return_put(l.db, l.cm, 1, 300, "timesheets v2", &sub, &id2, &e_));
	assert_int_equal(id2, id);
	assert_int_equal(db_return_get(l.db, id, &r, NULL), 1);
	assert_int_equal(r.delivered, 300);
	assert_int_equal(r.version, 2);

	/* in query: the supplier's answer sends it back to submitted */
	MUST(db_return_decide(l.db, id, ST_QUERY, 0, "which staff?", "bob",
			      "2025-08-01T09:00:00Z", 2, &e_));
	MUST(db_return_put(l.db, l.cm, 1, 300, "names attached", &sub, &id2, &e_));
	assert_int_equal(db_return_get(l.db, id, &r, NULL), 1);
	assert_int_equal(r.status, ST_SUBMITTED);
	assert_string_equal(r.validated_by, "");
	assert_int_equal(r.version, 4);
	assert_int_equal(probe_int(l.db, "SELECT reason IS NULL FROM return_line WHERE id = %lld",
				   (long long)id), 1);

	/* validated: a changed return is refused, naming who and when */
	MUST(db_return_decide(l.db, id, ST_VALIDATED, 300, NULL, "bob", "2025-08-02T10:00:00Z",
			      -1, &e_));
	MUST_FAIL(db_return_put(l.db, l.cm, 1, 310, "names attached", &sub, &id2, &e_),
		  "contract C-7, measure T-FTE, 2025/26 Q1: the line was already validated by bob "
		  "at 2025-08-02T10:00:00Z");
	MUST(db_return_put(l.db, l.cm, 1, 300, "names attached", NULL, &id2, &e_));

	/* the quarter must overlap the contract: 2026/27 Q2 is after its end */
	MUST(db_commitment_put(l.db, l.contract, 901, 2026, 10, DB_PROXY_LOOKUP, NULL, &cm26, &e_));
	MUST(db_return_put(l.db, cm26, 1, 1, NULL, NULL, &id2, &e_));
	MUST_FAIL(db_return_put(l.db, cm26, 2, 1, NULL, NULL, &id2, &e_),
		  "contract C-7, measure T-FTE, 2026/27 Q2: the quarter does not overlap the "
		  "contract's dates (2025-06-01 to 2026-05-31)");
	MUST_FAIL(db_return_put(l.db, l.cm, 5, 1, NULL, NULL, &id2, &e_), "quarter 5");
	MUST_FAIL(db_return_put(l.db, l.cm, 2, -1, NULL, NULL, &id2, &e_),
		  "2025/26 Q2: the delivered quantity is negative");
	db_close(&l.db);
}

/* A line with its history (an import, the demo): inserted as it ends, one
 * decision row per decision with the version and the quantity it decided,
 * no entry per row inside an import session; the desk's rules, and the
 * field each refusal is for. */
static void test_history_store(void **state)
{
	struct lines l = lines_fixture();
	db_decision_in d[2] = {
		{ ST_QUERY, -1, "which staff?", "bob", "2025-08-01T09:00:00Z" },
		{ ST_VALIDATED, 250, NULL, "carol", "2025-08-20T10:00:00Z" },
	};
	sv_date sub = D(2025, 7, 10);
	db_return_in in = {
		.commitment_id = l.cm, .fy = 2025, .quarter = 1, .delivered = 250,
		.evidence = "timesheets", .submitted = &sub, .history = 1, .decisions = d,
		.ndecisions = 2,
	};
	db_put_out out;
	char buf[256];
	int64_t entries, lines, cm26;
	sv_err e;

	(void)state;
	entries = db_count(l.db, "audit", NULL);
	MUST(db_begin(l.db, &e_));
	MUST(db_import_begin(l.db, "returns", "h.csv", &e_));
	MUST(db_return_store(l.db, &in, 0, &out, &e_));
	assert_int_equal(out.put, DB_PUT_ADDED);
	MUST(db_import_end(l.db, NULL, NULL, &e_));
	MUST(db_commit(l.db, &e_));
	assert_int_equal(db_count(l.db, "audit", NULL), entries + 1);   /* the import's only */
	probe(l.db, buf, sizeof buf, "SELECT status || '|' || validated || '|' || validated_by || '|' "
	      "|| validated_at || '|' || version || '|' || submitted FROM return_line WHERE id = %lld",
	      (long long)out.id);
	assert_string_equal(buf, "validated|250|carol|2025-08-20T10:00:00Z|3|2025-07-10");
	probe(l.db, buf, sizeof buf, "SELECT group_concat(status || ':' || line_version || ':' || "
	      "delivered || ':' || decided_by || ':' || origin, ',') FROM (SELECT * FROM decision "
	      "WHERE return_line_id = %lld ORDER BY id)", (long long)out.id);
	assert_string_equal(buf, "query:1:250:bob:import,validated:2:250:carol:import");

	/* identical again: unchanged; another figure: refused at delivered */
	MUST(db_return_store(l.db, &in, 0, &out, &e_));
	assert_int_equal(out.put, DB_PUT_UNCHANGED);
	in.delivered = 260;
	d[1].validated = 260;
	memset(&e, 0, sizeof e);
	assert_int_equal(db_return_store(l.db, &in, 0, &out, &e), -1);
	assert_int_equal(out.field, DBF_DELIVERED);
	assert_non_null(strstr(e.msg, "the stored line has delivered 2.5, not 2.6"));

	/* the rules of a decision, each with its field; nothing written */
	lines = db_count(l.db, "return_line", NULL);
	in.quarter = 2;
	d[1].validated = 261;
	assert_int_equal(db_return_store(l.db, &in, 0, &out, &e), -1);
	assert_int_equal(out.field, DBF_VALIDATED);
	assert_string_equal(e.msg, "the validated quantity 2.61 is more than the delivered 2.6");
	d[1].validated = 200;
	assert_int_equal(db_return_store(l.db, &in, 0, &out, &e), -1);
	assert_int_equal(out.field, DBF_REASON);
	assert_string_equal(e.msg, "validating less than delivered needs a reason");
	d[1].status = ST_REJECTED;
	assert_int_equal(db_return_store(l.db, &in, 0, &out, &e), -1);
	assert_int_equal(out.field, DBF_REASON);
	assert_string_equal(e.msg, "a rejected line needs a reason");
	d[1].at = "20 Aug 2025";
	d[1].reason = "no evidence";
	assert_int_equal(db_return_store(l.db, &in, 0, &out, &e), -1);
	assert_int_equal(out.field, DBF_AT);
	assert_int_equal(db_count(l.db, "return_line", NULL), lines);

	/* the year must be the commitment's, the quarter within the contract */
	d[1].at = "2025-08-20T10:00:00Z";
	in.fy = 2026;
	assert_int_equal(db_return_store(l.db, &in, 0, &out, &e), -1);
	assert_int_equal(out.field, DBF_QUARTER);
	assert_string_equal(e.msg, "the commitment is for 2025/26, not 2026/27");
	MUST(db_commitment_put(l.db, l.contract, 901, 2026, 10, DB_PROXY_LOOKUP, NULL, &cm26, &e_));
	in.commitment_id = cm26;
	assert_int_equal(db_return_store(l.db, &in, 0, &out, &e), -1);
	assert_int_equal(out.field, DBF_QUARTER);
	assert_string_equal(e.msg, "the quarter does not overlap the contract's dates "
			    "(2025-06-01 to 2026-05-31)");
	in.quarter = 1;      /* 2026/27 Q1 ends after the contract's last day: it overlaps */
	in.fy = 0;           /* looked up */
	MUST(db_return_store(l.db, &in, 0, &out, &e_));
	assert_int_equal(out.put, DB_PUT_ADDED);
	assert_int_equal(db_count(l.db, "return_line", NULL), lines + 1);

	/* a row an earlier line of the same file wrote */
	MUST(db_begin(l.db, &e_));
	MUST(db_mark_reset(l.db, &e_));
	MUST(db_mark_put(l.db, DB_MARK_RETURN, out.id, 5, &e_));
	assert_int_equal(db_return_store(l.db, &in, 9, &out, &e), -1);
	assert_int_equal(e.code, DB_E_DUPLICATE);
	assert_int_equal(out.dup, 5);
	db_rollback(l.db);
	db_close(&l.db);
}

static void test_decisions(void **state)
{
	struct lines l = lines_fixture();
	db_return_line r;
	int64_t id;
	char buf[256];

	(void)state;
	MUST(db_return_put(l.db, l.cm, 2, 1000, "evidence", NULL, &id, &e_));
	MUST_FAIL(db_return_decide(l.db, id, ST_VALIDATED, 1001, NULL, "bob", NULL, 1, &e_),
		  "contract C-7, measure T-FTE, 2025/26 Q2: the validated quantity 10.01 is more "
		  "than the delivered 10");
	MUST_FAIL(db_return_decide(l.db, id, ST_VALIDATED, -1, "x", "bob", NULL, 1, &e_),
		  "the validated quantity -0.01 is below 0");
	MUST_FAIL(db_return_decide(l.db, id, ST_VALIDATED, 750, " ", "bob", NULL, 1, &e_),
		  "2025/26 Q2: validating less than delivered needs a reason");
	MUST_FAIL(db_return_decide(l.db, id, ST_REJECTED, 0, NULL, "bob", NULL, 1, &e_),
		  "2025/26 Q2: a rejected line needs a reason");
	MUST_FAIL(db_return_decide(l.db, id, ST_QUERY, 0, "", "bob", NULL, 1, &e_),
		  "a line in query needs a reason");
	MUST_FAIL(db_return_decide(l.db, id, ST_SUBMITTED, 0, NULL, "bob", NULL, 1, &e_),
		  "a decision validates, rejects or queries");
	MUST_FAIL(db_return_decide(l.db, id, ST_VALIDATED, 1000, NULL, "bob", "yesterday", 1, &e_),
		  "is not a UTC time");
	MUST_FAIL(db_return_decide(l.db, 4242, ST_VALIDATED, 1000, NULL, "bob", NULL, 1, &e_),
		  "no return line with id 4242");
	assert_int_equal(db_count(l.db, "decision", NULL), 0);

	/* partial validation with a reason; then replaced by a later decision */
	MUST(db_return_decide(l.db, id, ST_VALIDATED, 750, "two hires were part-time", "bob",
			      "2025-11-01T09:30:00Z", 1, &e_));
	assert_int_equal(db_return_get(l.db, id, &r, NULL), 1);
	assert_int_equal(r.status, ST_VALIDATED);
	assert_int_equal(r.validated, 750);
	assert_string_equal(r.validated_by, "bob");
	assert_string_equal(r.validated_at, "2025-11-01T09:30:00Z");
	assert_int_equal(r.version, 2);

	/* someone working from the old version is told, and nothing is written */
	MUST_FAIL(db_return_decide(l.db, id, ST_REJECTED, 0, "no evidence", "carol", NULL, 1, &e_),
		  "contract C-7, measure T-FTE, 2025/26 Q2: the line was changed by someone else "
		  "meanwhile (by bob at 2025-11-01T09:30:00Z)");
	assert_int_equal(db_count(l.db, "decision", NULL), 1);

	/* a later decision with the right version replaces it; history keeps both */
	db_set_origin(l.db, "import");
	MUST(db_return_decide(l.db, id, ST_REJECTED, 0, "no evidence", NULL, NULL, 2, &e_));
	assert_int_equal(db_return_get(l.db, id, &r, NULL), 1);
	assert_int_equal(r.status, ST_REJECTED);
	assert_int_equal(r.validated, -1);
	assert_string_equal(r.validated_by, "alice");      /* the connection's actor */
	assert_int_equal(r.version, 3);
	assert_int_equal(db_count(l.db, "decision", NULL), 2);
	probe(l.db, buf, sizeof buf, "SELECT group_concat(status || ':' || coalesce(validated, '-') "
	      "|| ':' || decided_by || ':' || origin, ',') FROM (SELECT * FROM decision "
	      "ORDER BY id)");
	assert_string_equal(buf, "validated:750:bob:desk,rejected:-:alice:import");
	exec_fails(l.db, "UPDATE decision SET reason = 'x'", "decisions are history");
	exec_fails(l.db, "DELETE FROM decision", "decisions are history");

	/* who changed a resubmitted line: the audit log knows */
	MUST(db_return_put(l.db, l.cm, 3, 10, NULL, NULL, &id, &e_));
	MUST(db_return_decide(l.db, id, ST_QUERY, 0, "what?", "bob", NULL, 1, &e_));
	MUST(db_return_put(l.db, l.cm, 3, 20, NULL, NULL, &id, &e_));
	MUST_FAIL(db_return_decide(l.db, id, ST_VALIDATED, 20, NULL, "bob", NULL, 2, &e_),
		  "changed by someone else meanwhile (by alice at 20");
	assert_int_equal(probe_int(l.db, "SELECT count(*) FROM audit WHERE entity = 'decision'"), 3);
	db_close(&l.db);
}

/* A failed write inside the caller's transaction undoes only itself. */
static void test_transactions(void **state)
{
	svdb *db = fixture();
	db_contract c;
	int64_t id;

	(void)state;
	MUST(db_begin(db, &e_));
	put_contract(db, "T-1", BODY_WMP, D(2025, 4, 1), D(2026, 3, 31));
	memset(&c, 0, sizeof c);
	c.ref = "T-2";
	c.title = "t";
	c.supplier = "New supplier";
	c.start = D(2025, 4, 1);
	c.end = D(2026, 3, 31);
	c.sv_weight = 2000;
	MUST_FAIL(db_contract_put(db, &c, &id, &e_), "contract T-2");
	MUST(db_commit(db, &e_));
	assert_int_equal(db_count(db, "contract", NULL), 1);
	MUST(db_begin(db, &e_));
	put_contract(db, "T-3", BODY_WMP, D(2025, 4, 1), D(2026, 3, 31));
	db_rollback(db);
	assert_int_equal(db_count(db, "contract", NULL), 1);
	MUST_FAIL(db_commit(db, &e_), "no transaction");
	db_close(&db);
}

static void test_highlights(void **state)
{
	svdb *db = fixture();
	int64_t o;
	char buf[128];

	(void)state;
	o = put_contract(db, "O-1", BODY_OPCC, D(2025, 4, 1), D(2026, 3, 31));
	MUST(db_highlight_put(db, 2025, o, "Twelve apprentices started", NULL, &e_));
	MUST(db_highlight_put(db, 2025, o, "Twelve apprentices started", NULL, &e_));
	MUST(db_highlight_put(db, 2025, 0, "A year of firsts", "2026-03-31T09:30:00Z", &e_));
	MUST(db_highlight_put(db, 2025, 0, "A year of firsts", NULL, &e_));
	assert_int_equal(db_count(db, "highlight", NULL), 2);
	probe(db, buf, sizeof buf, "SELECT group_concat(coalesce(body, '-') || ':' || created_by, ',') "
	      "FROM (SELECT * FROM highlight ORDER BY id)");
	assert_string_equal(buf, "OPCC:alice,-:alice");
	/* recorded at the time given, else now (the clock's, like the audit log's) */
	probe(db, buf, sizeof buf, "SELECT created_at FROM highlight WHERE contract_id IS NULL");
	assert_string_equal(buf, "2026-03-31T09:30:00Z");
	assert_int_equal(probe_int(db, "SELECT created_at LIKE '____-__-__T__:__:__Z' "
				   "FROM highlight WHERE contract_id IS NOT NULL"), 1);
	MUST_FAIL(db_highlight_put(db, 2025, 0, "Later", "2026-03-31 09:30", &e_),
		  "highlight for 2025/26: the time \"2026-03-31 09:30\" is not a UTC time");
	assert_int_equal(db_count(db, "highlight", NULL), 2);
	/* a contract's highlights follow its body */
	exec_fails(db, "UPDATE highlight SET body = 'WMP' WHERE contract_id IS NOT NULL",
		   "the body of its contract");
	put_contract(db, "O-1", BODY_WMP, D(2025, 4, 1), D(2026, 3, 31));
	probe(db, buf, sizeof buf, "SELECT body FROM highlight WHERE contract_id = %lld", (long long)o);
	assert_string_equal(buf, "WMP");
	MUST_FAIL(db_highlight_put(db, 2025, 0, "  ", NULL, &e_),
		  "highlight for 2025/26: the text is empty");
	MUST_FAIL(db_highlight_put(db, 2025, 777, "x", NULL, &e_), "no contract with id 777");
	db_close(&db);
}

/* Rows carry no times of their own writing (the audit log has them), and
 * each insert entry holds every column of its row, no more; an update
 * entry only the columns that changed. */
static void test_audit_columns(void **state)
{
	static const char *const tables[] = {
		"supplier", "contract", "commitment", "return_line", "decision", "highlight",
	};
	struct lines l = lines_fixture();
	int64_t id;
	size_t i;
	char buf[64];

	(void)state;
	MUST(db_return_put(l.db, l.cm, 1, 200, "timesheets", NULL, &id, &e_));
	MUST(db_return_put(l.db, l.cm, 1, 250, "timesheets", NULL, &id, &e_));
	MUST(db_return_decide(l.db, id, ST_VALIDATED, 250, NULL, "bob", "2025-08-01T09:00:00Z",
			      -1, &e_));
	MUST(db_highlight_put(l.db, 2025, l.contract, "Ten apprentices", NULL, &e_));
	for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
		const char *t = tables[i];

		if (i < 4)
			assert_int_equal(probe_int(l.db, "SELECT count(*) FROM pragma_table_info('%s') "
						   "WHERE name IN ('created_at', 'updated_at')", t), 0);
		if (probe_int(l.db, "(SELECT group_concat(name) FROM (SELECT name FROM "
			      "pragma_table_info('%s') WHERE name <> 'import_id' ORDER BY name)) "
			      "IS (SELECT group_concat(key) "
			      "FROM (SELECT key FROM json_each((SELECT after FROM audit WHERE "
			      "entity = '%s' AND action = 'insert' ORDER BY id DESC LIMIT 1)) "
			      "ORDER BY key))", t, t) != 1)
			fail_msg("the audit entries of %s do not hold exactly its columns", t);
	}
	/* when a row was created and last changed: the audit log knows */
	probe(l.db, buf, sizeof buf, "SELECT group_concat(action) FROM (SELECT action FROM audit "
	      "WHERE entity = 'return_line' AND entity_id = %lld ORDER BY id)", (long long)id);
	assert_string_equal(buf, "insert,update");
	/* an update entry holds only the columns that changed */
	probe(l.db, buf, sizeof buf, "SELECT group_concat(key) FROM (SELECT key FROM json_each("
	      "(SELECT after FROM audit WHERE entity = 'return_line' AND action = 'update' "
	      "ORDER BY id DESC LIMIT 1)) ORDER BY key)");
	assert_string_equal(buf, "delivered,version");
	/* a decision and the line's new status are one entry: the decision's,
	 * with the line's state before it */
	probe(l.db, buf, sizeof buf, "SELECT entity || ':' || json_extract(before, '$.status') || "
	      "':' || json_extract(before, '$.version') || ':' || json_extract(after, "
	      "'$.line_version') || ':' || json_extract(after, '$.delivered') FROM audit "
	      "ORDER BY id DESC LIMIT 1 OFFSET 1");
	assert_string_equal(buf, "decision:submitted:2:2:250");
	db_close(&l.db);
}

/* ---- the contracts list ------------------------------------------------------------ */

#define NPAGED 1000

struct key {
	char ref[64];
	int64_t id;
};

static int key_cmp(const void *a, const void *b)
{
	const struct key *x = a, *y = b;
	int c = strcmp(x->ref, y->ref);

	return c != 0 ? c : (x->id > y->id) - (x->id < y->id);
}

static void test_keyset_pages(void **state)
{
	static struct key keys[NPAGED];
	static db_contract_row rows[64];
	svdb *db = dbt_open_mem("alice", "desk");
	uint32_t x = 12345;
	int i, n, got, limit = 37, seen;
	const char *after = NULL;
	int64_t after_id = 0;

	(void)state;
	MUST(db_begin(db, &e_));
	for (i = 0; i < NPAGED; i++) {
		/* refs in a scrambled order, mixed case, some UTF-8 */
		x = x * 1103515245u + 12345u;
		snprintf(keys[i].ref, sizeof keys[i].ref, "%s-%05u",
			 i % 7 == 0 ? "wmp" : i % 11 == 0 ? "\xc3\x89T" : "C", (unsigned)(x >> 8) % 100000u);
		/* make the ref unique (the scramble may repeat) */
		if (i > 0 && probe_int(db, "SELECT count(*) FROM contract WHERE ref = '%s'",
				       keys[i].ref) > 0)
			snprintf(keys[i].ref + strlen(keys[i].ref),
				 sizeof keys[i].ref - strlen(keys[i].ref), "-%d", i);
		keys[i].id = put_contract(db, keys[i].ref, i % 3 ? BODY_WMP : BODY_OPCC,
					  D(2025, 4, 1), D(2026, 3, 31));
	}
	MUST(db_commit(db, &e_));
	qsort(keys, NPAGED, sizeof keys[0], key_cmp);
	assert_int_equal(db_contracts_count(db, NULL), NPAGED);

	/* forward, page by page, from the start */
	for (seen = 0;;) {
		got = db_contracts_page(db, after, after_id, 1, rows, limit, NULL);
		assert_true(got >= 0);
		if (got == 0)
			break;
		for (n = 0; n < got; n++) {
			assert_string_equal(rows[n].ref, keys[seen + n].ref);
			assert_int_equal(rows[n].id, keys[seen + n].id);
			assert_string_equal(rows[n].supplier, "Acme Ltd");
		}
		seen += got;
		after = keys[seen - 1].ref;
		after_id = keys[seen - 1].id;
	}
	assert_int_equal(seen, NPAGED);

	/* backward from the end, rows still ascending within a page */
	after = NULL;
	for (seen = NPAGED;;) {
		got = db_contracts_page(db, after, after_id, 0, rows, limit, NULL);
		assert_true(got >= 0);
		if (got == 0)
			break;
		for (n = 0; n < got; n++)
			assert_string_equal(rows[n].ref, keys[seen - got + n].ref);
		seen -= got;
		after = keys[seen].ref;
		after_id = keys[seen].id;
	}
	assert_int_equal(seen, 0);

	/* a page in the middle, and the rank of every row */
	got = db_contracts_page(db, keys[499].ref, keys[499].id, 1, rows, 10, NULL);
	assert_int_equal(got, 10);
	assert_string_equal(rows[0].ref, keys[500].ref);
	got = db_contracts_page(db, keys[500].ref, keys[500].id, 0, rows, 10, NULL);
	assert_int_equal(got, 10);
	assert_string_equal(rows[0].ref, keys[490].ref);
	assert_string_equal(rows[9].ref, keys[499].ref);
	for (i = 0; i < NPAGED; i++)
		assert_int_equal(db_contracts_rank(db, keys[i].ref, keys[i].id, NULL), i);
	assert_int_equal(db_contracts_page(db, NULL, 0, 1, rows, 0, NULL), 0);
	db_close(&db);
}

/* ---- catalogue queries --------------------------------------------------------------- */

static void test_catalogue_queries(void **state)
{
	svdb *db = fixture();
	db_measure *m = NULL;
	size_t n = 0, i, first = 0;
	char name[64];
	int illus = -1;

	(void)state;
	MUST(db_proxy_set_current(db, name, sizeof name, &illus, &e_));
	assert_string_equal(name, "test-current");
	assert_int_equal(illus, 1);
	MUST(db_measures_all(db, &m, &n, &e_));
	assert_true(n >= 5);
	/* our theme comes last (position 900), its measures in order */
	while (first < n && strcmp(m[first].code, "T-FTE") != 0)
		first++;
	assert_int_equal(first, n - 5);
	assert_string_equal(m[first + 1].code, "T-OLD");
	assert_string_equal(m[first + 4].code, "T-PCT");
	assert_int_equal(m[first].proxy, 100000);
	assert_string_equal(m[first].unit, "FTE");
	assert_int_equal(m[first + 1].proxy, -1);      /* not in the current set */
	assert_int_equal(m[first + 2].proxy, -1);      /* record only there */
	assert_int_equal(m[first + 3].local, 1);
	for (i = 0; i + 1 < n; i++)
		assert_true(m[i].id != m[i + 1].id);
	free(m);

	exec_ok(db, "UPDATE proxy_set SET is_current = 0");
	MUST(db_proxy_set_current(db, name, sizeof name, &illus, &e_));
	assert_string_equal(name, "");
	assert_int_equal(illus, 0);

	assert_int_equal(db_count(db, "measure", NULL),
			 probe_int(db, "SELECT count(*) FROM measure"));
	assert_int_equal(db_count(db, "proxy_set", NULL),
			 probe_int(db, "SELECT count(*) FROM proxy_set"));
	MUST_FAIL((int)db_count(db, "sqlite_schema", &e_), "not a table of svdesk");
	MUST_FAIL((int)db_count(db, "contract; DROP TABLE audit", &e_), "not a table");
	assert_int_equal(db_count(db, NULL, NULL), -1);
	db_close(&db);
}

/* ---- backup ------------------------------------------------------------------------------ */

static void test_backup_while_in_use(void **state)
{
	char path[128], copy[128], want[256];
	uint32_t uv, app;
	int wal;
	struct stat st;
	svdb *a, *reader, *writer, *b;

	(void)state;
	tmpname(path, sizeof path, "live");
	tmpname(copy, sizeof copy, "copy");
	rm_db(path);
	rm_db(copy);
	a = open_file(path, 1, 2000);
	put_contract(a, "B-1", BODY_WMP, D(2025, 4, 1), D(2026, 3, 31));
	put_contract(a, "B-2", BODY_OPCC, D(2025, 4, 1), D(2026, 3, 31));
	reader = open_file(path, 0, 2000);
	writer = open_file(path, 0, 2000);
	/* one connection holds a read transaction, another an open write */
	exec_ok(reader, "BEGIN; SELECT count(*) FROM contract;");
	MUST(db_begin(writer, &e_));
	put_contract(writer, "B-3", BODY_WMP, D(2025, 4, 1), D(2026, 3, 31));

	MUST(db_backup(a, copy, &e_));
	MUST(db_commit(writer, &e_));
	db_rollback(reader);

	assert_int_equal(stat(copy, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	header(copy, &uv, &app, &wal);
	assert_int_equal(uv, (uint32_t)db_schema_version());
	assert_int_equal(app, (uint32_t)DB_APPLICATION_ID);
	assert_false(wal);                /* one self-contained file */
	{
		char j[160];

		snprintf(j, sizeof j, "%s-journal", copy);
		assert_false(exists(j));
	}
	b = open_file(copy, 0, 0);
	MUST(db_check_integrity(b, NULL, NULL, &e_));
	assert_int_equal(db_count(b, "contract", NULL), 2);   /* not the uncommitted one */
	assert_int_equal(db_count(b, "audit", NULL), db_count(a, "audit", NULL) - 1);
	db_close(&b);

	/* never over an existing file */
	snprintf(want, sizeof want, "%s: already exists", copy);
	MUST_FAIL(db_backup(a, copy, &e_), want);
	/* nor inside a transaction */
	MUST(db_begin(a, &e_));
	MUST_FAIL(db_backup(a, "never.db", &e_), "inside a transaction");
	db_rollback(a);
	assert_false(exists("never.db"));

	db_close(&reader);
	db_close(&writer);
	db_close(&a);
	rm_db(path);
	rm_db(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_version_and_new_file),
		cmocka_unit_test(test_reopen_idempotent),
		cmocka_unit_test(test_migrate_from_older),
		cmocka_unit_test(test_migration_failure_rolls_back),
		cmocka_unit_test(test_newer_refused_untouched),
		cmocka_unit_test(test_foreign_refused),
		cmocka_unit_test(test_empty_and_missing),
		cmocka_unit_test(test_new_file_mode),
		cmocka_unit_test(test_busy),
		cmocka_unit_test(test_meta),
		cmocka_unit_test(test_check_constraints),
		cmocka_unit_test(test_catalogue_immutable),
		cmocka_unit_test(test_audit_log),
		cmocka_unit_test(test_contract_put),
		cmocka_unit_test(test_period_functions),
		cmocka_unit_test(test_questionnaire_opcc_only),
		cmocka_unit_test(test_commitment_proxy_lookup),
		cmocka_unit_test(test_return_put_rules),
		cmocka_unit_test(test_decisions),
		cmocka_unit_test(test_history_store),
		cmocka_unit_test(test_transactions),
		cmocka_unit_test(test_highlights),
		cmocka_unit_test(test_audit_columns),
		cmocka_unit_test(test_keyset_pages),
		cmocka_unit_test(test_catalogue_queries),
		cmocka_unit_test(test_backup_while_in_use),
	};
	int failed = cmocka_run_group_tests_name("db", tests, NULL, NULL);

	return getenv("CMOCKA_MESSAGE_OUTPUT") ? 0 : failed;
}
