#include "config.h"

/* read.c: streamed reads for exports, supplier templates and chase lists.
 *
 * Each read is one SELECT (one consistent snapshot) in a stable, total
 * order, handed row by row to the caller's callback.  The filters are fixed
 * SQL with bound parameters: ?1 the financial year (0 = every year), ?2 the
 * quarter (0 = the whole year), ?3 and ?4 the quarter's first and last days. */

#include <stdlib.h>
#include <string.h>

#include "db/db_private.h"

static void bind_period(sqlite3_stmt *st, const db_period *p)
{
	static const db_period none = { 0, 0, "", "" };

	if (p == NULL)
		p = &none;
	sqlite3_bind_int(st, 1, p->fy);
	sqlite3_bind_int(st, 2, p->fy != 0 ? p->q : 0);
	sqlite3_bind_text(st, 3, p->first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, p->last, -1, SQLITE_TRANSIENT);
}

/* Run the static SELECT sql (with the period's parameters bound when it
 * has parameters: p NULL binds no filter) and call row(st, fn, ctx) for
 * each row.  Returns 0, the callback's non-zero value, or -1. */

static int stream(svdb *db, const char *sql, const db_period *p, db_row_fn row, void *fn,
		  void *ctx, const char *what, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, sql, err);

	if (st == NULL)
		return -1;
	if (sqlite3_bind_parameter_count(st) > 0)
		bind_period(st, p);
	return db_stream(db, st, row, fn, ctx, what, err);
}

/* ---- measures ------------------------------------------------------------- */

static const char q_measures[] =
	"SELECT t.name, o.text, m.code, m.title, m.unit, pv.proxy, ps.name "
	"FROM measure m JOIN outcome o ON o.id = m.outcome_id "
	"JOIN theme t ON t.id = o.theme_id "
	"LEFT JOIN proxy_set ps ON ps.is_current = 1 "
	"LEFT JOIN proxy_value pv ON pv.set_id = ps.id AND pv.measure_id = m.id "
	"ORDER BY m.code";

static int row_measure(sqlite3_stmt *st, void *fn, void *ctx)
{
	db_measure_rec m;

	m.theme = db_col_text(st, 0);
	m.outcome = db_col_text(st, 1);
	m.code = db_col_text(st, 2);
	m.title = db_col_text(st, 3);
	m.unit = db_col_text(st, 4);
	m.has_proxy = db_col_has(st, 5);
	m.proxy = m.has_proxy ? sqlite3_column_int64(st, 5) : 0;
	m.proxy_set = db_col_text(st, 6);
	return (*(db_measure_fn *)fn)(ctx, &m);
}

int db_read_measures(svdb *db, db_measure_fn fn, void *ctx, sv_err *err)
{
	return stream(db, q_measures, NULL, row_measure, &fn, ctx, "measures", err);
}

/* ---- contracts ------------------------------------------------------------ */

#define CONTRACT_FILTER \
	"WHERE ?1 = 0 OR (EXISTS (SELECT 1 FROM commitment cm " \
	"WHERE cm.contract_id = c.id AND cm.year = ?1) " \
	"AND (?2 = 0 OR (c.start_date <= ?4 AND c.end_date >= ?3))) "

static const char q_contracts[] =
	DB_CONTRACT_SELECT
	CONTRACT_FILTER
	"ORDER BY c.ref";

void db_contract_rec_read(sqlite3_stmt *st, db_contract_rec *c)
{
	c->ref = db_col_text(st, 0);
	c->title = db_col_text(st, 1);
	c->supplier = db_col_text(st, 2);
	c->body = db_col_text(st, 3);
	c->value = sqlite3_column_int64(st, 4);
	c->start = db_col_text(st, 5);
	c->end = db_col_text(st, 6);
	c->sv_weight = sqlite3_column_int(st, 7);
	c->manager = db_col_text(st, 8);
	c->status = db_col_text(st, 9);
	c->award_report = db_col_text(st, 10);
	c->living_wage = db_col_text(st, 11);
	c->living_wage_date = db_col_text(st, 12);
	c->living_wage_note = db_col_text(st, 13);
	c->modern_slavery = db_col_text(st, 14);
	c->modern_slavery_date = db_col_text(st, 15);
	c->modern_slavery_note = db_col_text(st, 16);
}

static int row_contract(sqlite3_stmt *st, void *fn, void *ctx)
{
	db_contract_rec c;

	db_contract_rec_read(st, &c);
	return (*(db_contract_fn *)fn)(ctx, &c);
}

int db_read_contracts(svdb *db, const db_period *p, db_contract_fn fn, void *ctx, sv_err *err)
{
	return stream(db, q_contracts, p, row_contract, &fn, ctx, "contracts", err);
}

/* ---- questionnaire answers -------------------------------------------------- */

/* The answers of the contracts the contracts export lists for the same
 * filter, by ref and topic (db.h). */
static const char q_answers[] =
	"SELECT q.id, q.contract_id, c.ref, q.topic, q.answer, q.recorded_by, q.recorded_at "
	"FROM contract c JOIN questionnaire_answer q ON q.contract_id = c.id "
	CONTRACT_FILTER
	"ORDER BY c.ref, " DB_ANSWER_ORDER;

int db_row_answer(sqlite3_stmt *st, void *fn, void *ctx)
{
	db_answer_row a;

	a.id = sqlite3_column_int64(st, 0);
	a.contract_id = sqlite3_column_int64(st, 1);
	a.ref = db_col_text(st, 2);
	a.topic = db_col_text(st, 3);
	a.answer = db_col_text(st, 4);
	a.recorded_by = db_col_text(st, 5);
	a.recorded_at = db_col_text(st, 6);
	return (*(db_answer_row_fn *)fn)(ctx, &a);
}

int db_read_answers(svdb *db, const db_period *p, db_answer_row_fn fn, void *ctx, sv_err *err)
{
	return stream(db, q_answers, p, db_row_answer, &fn, ctx, "questionnaire answers", err);
}

/* ---- commitments ---------------------------------------------------------- */

/* Contracts first, by the index on ref (CROSS JOIN keeps that order), so
 * that only the rows of one contract at a time are sorted: memory stays
 * flat however many rows there are. */
#define COMMITMENT_FROM \
	"FROM contract c CROSS JOIN commitment cm ON cm.contract_id = c.id " \
	"CROSS JOIN measure m ON m.id = cm.measure_id " \
	"WHERE (?1 = 0 OR cm.year = ?1) " \
	"AND (?2 = 0 OR (c.start_date <= ?4 AND c.end_date >= ?3)) "

static const char q_commitments[] =
	"SELECT c.ref, m.code, cm.year, cm.target, cm.note, cm.proxy, "
	"(SELECT ps.name FROM proxy_set ps WHERE ps.id = cm.proxy_set_id) "
	COMMITMENT_FROM
	"ORDER BY c.ref, m.code, cm.year";

static int row_commitment(sqlite3_stmt *st, void *fn, void *ctx)
{
	db_commitment_rec c;

	c.ref = db_col_text(st, 0);
	c.code = db_col_text(st, 1);
	c.year = sqlite3_column_int(st, 2);
	c.target = sqlite3_column_int64(st, 3);
	c.note = db_col_text(st, 4);
	c.has_proxy = db_col_has(st, 5);
	c.proxy = c.has_proxy ? sqlite3_column_int64(st, 5) : 0;
	c.proxy_set = db_col_text(st, 6);
	return (*(db_commitment_fn *)fn)(ctx, &c);
}

int db_read_commitments(svdb *db, const db_period *p, db_commitment_fn fn, void *ctx,
			sv_err *err)
{
	return stream(db, q_commitments, p, row_commitment, &fn, ctx, "commitments", err);
}

/* ---- return lines --------------------------------------------------------- */

#define RETURN_FROM \
	"FROM contract c CROSS JOIN commitment cm ON cm.contract_id = c.id " \
	"CROSS JOIN measure m ON m.id = cm.measure_id " \
	"CROSS JOIN return_line r ON r.commitment_id = cm.id " \
	"WHERE (?1 = 0 OR cm.year = ?1) AND (?2 = 0 OR r.quarter = ?2) "

static const char q_returns[] =
	"SELECT c.ref, m.code, cm.year, r.quarter, r.delivered, r.evidence, r.submitted, "
	"r.status, r.validated, r.validated_by, r.validated_at, r.reason "
	RETURN_FROM
	"ORDER BY c.ref, m.code, cm.year, r.quarter";

static int row_return(sqlite3_stmt *st, void *fn, void *ctx)
{
	db_return_rec r;

	r.ref = db_col_text(st, 0);
	r.code = db_col_text(st, 1);
	r.year = sqlite3_column_int(st, 2);
	r.quarter = sqlite3_column_int(st, 3);
	r.delivered = sqlite3_column_int64(st, 4);
	r.evidence = db_col_text(st, 5);
	r.submitted = db_col_text(st, 6);
	r.status = db_col_text(st, 7);
	r.has_validated = db_col_has(st, 8);
	r.validated = r.has_validated ? sqlite3_column_int64(st, 8) : 0;
	r.validated_by = db_col_text(st, 9);
	r.validated_at = db_col_text(st, 10);
	r.reason = db_col_text(st, 11);
	return (*(db_return_fn *)fn)(ctx, &r);
}

int db_read_returns(svdb *db, const db_period *p, db_return_fn fn, void *ctx, sv_err *err)
{
	return stream(db, q_returns, p, row_return, &fn, ctx, "return lines", err);
}

/* ---- the audit log -------------------------------------------------------- */

/* Every column as the table has it (the log's columns grow with the schema). */
static const char q_audit[] =
	"SELECT * FROM audit WHERE ?1 IS NULL OR at >= ?1 ORDER BY id";

#define AUDIT_MAX_COLS 32

/* A BLOB (a hash) as lowercase hex in *buf (grown as needed); NULL when out
 * of memory. */
static const char *blob_hex(sqlite3_stmt *st, int i, char **buf, size_t *cap)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *b = sqlite3_column_blob(st, i);
	size_t n = (size_t)sqlite3_column_bytes(st, i);

	if (2 * n + 1 > *cap) {
		char *grown = realloc(*buf, 2 * n + 1);

		if (grown == NULL)
			return NULL;
		*buf = grown;
		*cap = 2 * n + 1;
	}
	for (size_t k = 0; k < n; k++) {
		(*buf)[2 * k] = hex[b[k] >> 4];
		(*buf)[2 * k + 1] = hex[b[k] & 15];
	}
	(*buf)[2 * n] = '\0';
	return *buf;
}

int db_read_audit(svdb *db, const char *since, db_audit_fn fn, void *ctx, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_audit, err);
	const char *names[AUDIT_MAX_COLS], *values[AUDIT_MAX_COLS];
	int is_text[AUDIT_MAX_COLS];
	char *hexbuf[AUDIT_MAX_COLS] = { 0 };
	size_t hexcap[AUDIT_MAX_COLS] = { 0 };
	int n, rc, stop = 0, nomem = 0;

	if (st == NULL)
		return -1;
	n = sqlite3_column_count(st);
	if (n > AUDIT_MAX_COLS) {
		db_done(st);
		return db_errf(err, DB_E_OTHER, "%s: the audit table has %d columns (at most %d expected)",
			       db->path, n, AUDIT_MAX_COLS);
	}
	for (int i = 0; i < n; i++)
		names[i] = sqlite3_column_name(st, i);
	stop = fn(ctx, n, names, NULL, NULL);
	if (stop != 0) {
		db_done(st);
		return stop;
	}
	if (since != NULL)
		sqlite3_bind_text(st, 1, since, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		for (int i = 0; i < n; i++) {
			int t = sqlite3_column_type(st, i);

			is_text[i] = t == SQLITE_TEXT;
			if (t == SQLITE_NULL)
				values[i] = NULL;
			else if (t == SQLITE_BLOB)
				nomem |= (values[i] = blob_hex(st, i, &hexbuf[i], &hexcap[i])) == NULL;
			else
				values[i] = db_col_text(st, i);
		}
		stop = nomem ? -1 : fn(ctx, n, names, values, is_text);
		if (stop != 0)
			break;
	}
	db_done(st);
	for (int i = 0; i < n; i++)
		free(hexbuf[i]);
	if (nomem)
		return db_errf(err, DB_E_OTHER, "%s: reading the audit log: out of memory", db->path);
	if (stop != 0)
		return stop;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: reading the audit log", db->path);
	return 0;
}

/* ---- counts, for progress ------------------------------------------------- */

int64_t db_read_count(svdb *db, const char *kind, const db_period *p, const char *since,
		      sv_err *err)
{
	static const struct {
		const char *kind, *sql;
	} counts[] = {
		{ "measures", "SELECT count(*) FROM measure" },
		{ "contracts", "SELECT count(*) FROM contract c " CONTRACT_FILTER },
		{ "commitments", "SELECT count(*) " COMMITMENT_FROM },
		{ "returns", "SELECT count(*) " RETURN_FROM },
		{ "audit", "SELECT count(*) FROM audit WHERE ?1 IS NULL OR at >= ?1" },
		{ "highlights", "SELECT count(*) FROM highlight WHERE ?1 = 0 OR year = ?1" },
		{ "answers", "SELECT count(*) FROM contract c JOIN questionnaire_answer q "
		  "ON q.contract_id = c.id " CONTRACT_FILTER },
	};
	sqlite3_stmt *st = NULL;
	int64_t v;
	int rc;
	size_t i;

	for (i = 0; i < sizeof counts / sizeof counts[0]; i++)
		if (strcmp(kind, counts[i].kind) == 0)
			break;
	if (i == sizeof counts / sizeof counts[0])
		return db_errf(err, DB_E_OTHER, "no count for '%s'", kind);
	st = db_prepare(db, counts[i].sql, err);
	if (st == NULL)
		return -1;
	if (strcmp(kind, "audit") == 0) {
		if (since != NULL)
			sqlite3_bind_text(st, 1, since, -1, SQLITE_TRANSIENT);
	} else if (i > 0) {
		bind_period(st, p);
	}
	rc = sqlite3_step(st);
	v = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s: counting %s", db->path, kind);
	return v;
}

/* ---- supplier templates and chase lists ----------------------------------- */

static const char q_running[] =
	"SELECT s.id, c.id, s.name, c.ref, c.title, c.body, c.manager, "
	"m.code, m.title, m.unit, cm.target, "
	"EXISTS (SELECT 1 FROM return_line r WHERE r.commitment_id = cm.id AND r.quarter = ?2) "
	"FROM commitment cm JOIN contract c ON c.id = cm.contract_id "
	"JOIN supplier s ON s.id = c.supplier_id JOIN measure m ON m.id = cm.measure_id "
	"WHERE cm.year = ?1 AND c.start_date <= ?4 AND c.end_date >= ?3 "
	"ORDER BY s.name COLLATE NOCASE, s.id, c.ref, m.code";

static int row_running(sqlite3_stmt *st, void *fn, void *ctx)
{
	db_running_rec r;

	r.supplier_id = sqlite3_column_int64(st, 0);
	r.contract_id = sqlite3_column_int64(st, 1);
	r.supplier = db_col_text(st, 2);
	r.ref = db_col_text(st, 3);
	r.contract_title = db_col_text(st, 4);
	r.body = db_col_text(st, 5);
	r.manager = db_col_text(st, 6);
	r.code = db_col_text(st, 7);
	r.measure_title = db_col_text(st, 8);
	r.unit = db_col_text(st, 9);
	r.target = sqlite3_column_int64(st, 10);
	r.returned = sqlite3_column_int(st, 11);
	return (*(db_running_fn *)fn)(ctx, &r);
}

int db_read_running(svdb *db, const db_period *p, db_running_fn fn, void *ctx, sv_err *err)
{
	return stream(db, q_running, p, row_running, &fn, ctx, "commitments", err);
}

static const char q_suppliers[] = "SELECT id, name FROM supplier ORDER BY id";

static int row_supplier(sqlite3_stmt *st, void *fn, void *ctx)
{
	return (*(db_supplier_fn *)fn)(ctx, sqlite3_column_int64(st, 0), db_col_text(st, 1));
}

int db_read_suppliers(svdb *db, db_supplier_fn fn, void *ctx, sv_err *err)
{
	return stream(db, q_suppliers, NULL, row_supplier, &fn, ctx, "suppliers", err);
}
