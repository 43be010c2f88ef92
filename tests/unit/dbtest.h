/* dbtest.h: what the database unit tests share (include after <cmocka.h>
 * and svdesk/db.h): an in-memory database, trusted SQL that must pass or
 * fail, and a probe that reads one SQL value back through the meta table. */
#ifndef SVDESK_DBTEST_H
#define SVDESK_DBTEST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/db.h"

/* A call that fills an sv_err named e_ must return 0. */
#define MUST(call) do {                                                  \
		sv_err e_;                                               \
		memset(&e_, 0, sizeof e_);                               \
		if ((call) != 0)                                         \
			fail_msg("%s failed: %s", #call, e_.msg);        \
	} while (0)

static inline svdb *dbt_open_mem(const char *actor, const char *origin)
{
	db_open_opts o = { 0, NULL, 0, actor, origin };
	svdb *db = NULL;
	sv_err e;

	memset(&e, 0, sizeof e);
	if (db_open(&db, ":memory:", &o, &e) != 0)
		fail_msg("open :memory: failed: %s", e.msg);
	return db;
}

static inline void exec_ok(svdb *db, const char *sql)
{
	sv_err e;

	memset(&e, 0, sizeof e);
	if (db_exec_script(db, sql, &e) != 0)
		fail_msg("SQL failed: %s\n%s", e.msg, sql);
}

/* The SQL must fail with a message containing want. */
static inline void exec_fails(svdb *db, const char *sql, const char *want)
{
	sv_err e;

	memset(&e, 0, sizeof e);
	if (db_exec_script(db, sql, &e) == 0)
		fail_msg("SQL should have failed: %s", sql);
	if (strstr(e.msg, want) == NULL)
		fail_msg("SQL failed with \"%s\", wanted \"%s\": %s", e.msg, want, sql);
}

static inline char *probe(svdb *db, char *buf, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The value of an SQL expression as text ("NULL" for NULL). */
static inline char *probe(svdb *db, char *buf, size_t n, const char *fmt, ...)
{
	char expr[2048], sql[2300];
	va_list ap;
	sv_err e;

	va_start(ap, fmt);
	vsnprintf(expr, sizeof expr, fmt, ap);
	va_end(ap);
	snprintf(sql, sizeof sql, "INSERT INTO meta (key, value) VALUES ('probe', "
		 "coalesce(CAST((%s) AS TEXT), 'NULL')) "
		 "ON CONFLICT (key) DO UPDATE SET value = excluded.value", expr);
	exec_ok(db, sql);
	memset(&e, 0, sizeof e);
	if (db_meta_get(db, "probe", buf, n, &e) != 1)
		fail_msg("probe failed: %s", e.msg);
	return buf;
}

static inline long long probe_int(svdb *db, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static inline long long probe_int(svdb *db, const char *fmt, ...)
{
	char expr[2048], buf[64];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(expr, sizeof expr, fmt, ap);
	va_end(ap);
	probe(db, buf, sizeof buf, "%s", expr);
	return strtoll(buf, NULL, 10);
}

#endif
