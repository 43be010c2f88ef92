#include "config.h"

/* list.c: the paged contracts list (keyset pagination on (ref, id): every
 * page costs the same at any depth), its counts, and single-record reads. */

#include <string.h>

#include "db/db_private.h"

int64_t db_contracts_count(svdb *db, sv_err *err)
{
	return db_count(db, "contract", err);
}

#define ROW_COLS "c.id, c.ref, c.title, s.name, c.body, c.value, c.sv_weight " \
	"FROM contract c JOIN supplier s ON s.id = c.supplier_id "

int db_contracts_page(svdb *db, const char *after_ref, int64_t after_id, int forward,
		      db_contract_row *rows, int limit, sv_err *err)
{
	static const char q_first[] = "SELECT " ROW_COLS
		"ORDER BY c.ref, c.id LIMIT ?3";
	static const char q_next[] = "SELECT " ROW_COLS
		"WHERE (c.ref, c.id) > (?1, ?2) ORDER BY c.ref, c.id LIMIT ?3";
	static const char q_last[] = "SELECT " ROW_COLS
		"ORDER BY c.ref DESC, c.id DESC LIMIT ?3";
	static const char q_prev[] = "SELECT " ROW_COLS
		"WHERE (c.ref, c.id) < (?1, ?2) ORDER BY c.ref DESC, c.id DESC LIMIT ?3";
	const char *sql;
	sqlite3_stmt *st;
	int n = 0, rc, i;

	if (limit <= 0)
		return 0;
	if (after_ref == NULL)
		sql = forward ? q_first : q_last;
	else
		sql = forward ? q_next : q_prev;
	st = db_prepare(db, sql, err);
	if (st == NULL)
		return -1;
	if (after_ref != NULL) {
		sqlite3_bind_text(st, 1, after_ref, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, after_id);
	}
	sqlite3_bind_int(st, 3, limit);
	while (n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		db_contract_row *r = &rows[n++];
		const unsigned char *body = sqlite3_column_text(st, 4);

		r->id = sqlite3_column_int64(st, 0);
		db_copy_text(r->ref, sizeof r->ref, sqlite3_column_text(st, 1));
		db_copy_text(r->title, sizeof r->title, sqlite3_column_text(st, 2));
		db_copy_text(r->supplier, sizeof r->supplier, sqlite3_column_text(st, 3));
		r->body = body != NULL && strcmp((const char *)body, "OPCC") == 0 ? BODY_OPCC : BODY_WMP;
		r->value = sqlite3_column_int64(st, 5);
		r->sv_weight = sqlite3_column_int(st, 6);
	}
	if (n < limit && rc != SQLITE_DONE) {
		db_done(st);
		return db_sqlfail(db, err, rc, "%s: contracts", db->path);
	}
	db_done(st);
	if (!forward) {
		/* fetched descending: give them back in ascending order */
		for (i = 0; i < n / 2; i++) {
			db_contract_row t = rows[i];

			rows[i] = rows[n - 1 - i];
			rows[n - 1 - i] = t;
		}
	}
	return n;
}

int64_t db_contracts_rank(svdb *db, const char *ref, int64_t id, sv_err *err)
{
	/* "ref <= ?1" lets the index on ref bound the count. */
	static const char sql[] = "SELECT count(*) FROM contract "
		"WHERE ref <= ?1 AND (ref < ?1 OR id < ?2)";
	sqlite3_stmt *st = db_prepare(db, sql, err);
	int64_t v;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	v = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc != SQLITE_ROW) {
		db_sqlfail(db, err, rc, "%s: contracts", db->path);
		return -1;
	}
	return v;
}

static enum sv_status status_of(const unsigned char *s)
{
	if (s == NULL)
		return ST_SUBMITTED;
	if (strcmp((const char *)s, "validated") == 0)
		return ST_VALIDATED;
	if (strcmp((const char *)s, "rejected") == 0)
		return ST_REJECTED;
	if (strcmp((const char *)s, "query") == 0)
		return ST_QUERY;
	return ST_SUBMITTED;
}

int db_return_get(svdb *db, int64_t line_id, db_return_line *out, sv_err *err)
{
	static const char sql[] = "SELECT id, commitment_id, quarter, delivered, status, "
		"validated, validated_by, validated_at, version FROM return_line WHERE id = ?1";
	sqlite3_stmt *st = db_prepare(db, sql, err);
	int rc;

	memset(out, 0, sizeof *out);
	out->validated = -1;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, line_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(st, 0);
		out->commitment_id = sqlite3_column_int64(st, 1);
		out->quarter = sqlite3_column_int(st, 2);
		out->delivered = sqlite3_column_int64(st, 3);
		out->status = status_of(sqlite3_column_text(st, 4));
		if (sqlite3_column_type(st, 5) != SQLITE_NULL)
			out->validated = sqlite3_column_int64(st, 5);
		db_copy_text(out->validated_by, sizeof out->validated_by, sqlite3_column_text(st, 6));
		db_copy_text(out->validated_at, sizeof out->validated_at, sqlite3_column_text(st, 7));
		out->version = sqlite3_column_int64(st, 8);
	}
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: return line %lld", db->path, (long long)line_id);
	return 0;
}
