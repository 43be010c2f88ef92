/* db_private.h: what the files of db/ share.  Nothing outside db/ includes it.
 *
 * db/ depends on SQLite, the C library and the base (libsvbase: error.h,
 * money.h, period.h, utf8.h), never on libsvcore: dates, years, quarters,
 * quantities, errors and UTF-8 come from the base, not from copies here. */
#ifndef SVDESK_DB_PRIVATE_H
#define SVDESK_DB_PRIVATE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "svdesk/db.h"

#define DB_STMT_CACHE 96
#define DB_NAME_MAX 200     /* actor, validated_by ... (as in the schema) */
#define DB_ORIGIN_MAX 32

struct db_cached {
	const char *sql;     /* the static SQL text: the key is its address */
	sqlite3_stmt *st;
};

struct svdb {
	sqlite3 *h;
	char *path;
	int readonly;
	int memory;
	int busy_ms;
	char actor[DB_NAME_MAX + 1];
	char origin[DB_ORIGIN_MAX + 1];
	struct db_cached cache[DB_STMT_CACHE];
	int ncache;
};

/* Set err (code and message); returns -1. */
int db_errf(sv_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* An SQLite failure: "PREFIX: SQLite's message", or the busy message
 * (code DB_E_BUSY) when rc is SQLITE_BUSY.  Returns -1. */
int db_sqlfail(svdb *db, sv_err *err, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* A cached prepared statement for static SQL text, reset and with its
 * bindings cleared.  Call db_done() when finished with it. */
sqlite3_stmt *db_prepare(svdb *db, const char *sql, sv_err *err);
void db_done(sqlite3_stmt *st);

/* Bind text, or NULL when s is NULL or empty (optional free text). */
int db_bind_opt(sqlite3_stmt *st, int i, const char *s);

/* A write of one record: its own BEGIN IMMEDIATE ... COMMIT when no
 * transaction is open, else a savepoint in the caller's transaction.
 * db_wbegin returns the mode to pass to db_wend (or -1 on error);
 * db_wend commits / releases when rc == 0, else rolls back, and returns
 * rc (or -1 when the commit failed). */
int db_wbegin(svdb *db, sv_err *err);
int db_wend(svdb *db, int mode, int rc, sv_err *err);

/* The SQL functions sv_fy_start(Y), sv_fy_end(Y), sv_quarter_start(Y, Q)
 * and sv_quarter_end(Y, Q) from period.c (period_sql.c); an SQLite code. */
int db_register_period(sqlite3 *h);

/* Text helpers (catalogue.c). */
#define DB_TEXT_MAX 4000                                  /* bytes of free text */
void db_copy_text(char *dst, size_t n, const unsigned char *src);  /* UTF-8-safe truncation */
int db_blank(const char *s);                              /* NULL, "" or only spaces */
int db_same_text(const char *a, const unsigned char *b);  /* equal, NULL == "" */
int db_too_long(const char *s);                           /* more than DB_TEXT_MAX bytes */
int db_utc_shape(const char *s);                          /* "YYYY-MM-DDTHH:MM:SSZ" */

#endif
