#include "config.h"

/* report.c: the rows that the board reports need (db.h, "reads for board
 * reports").  Rows only: which of them count, what they are worth and
 * every total are the report module's (src/report.c).
 *
 * Each read is one static SELECT with bound parameters, streamed row by
 * row to the caller's callback.  Commitments and return lines are found
 * from the contracts of the bodies (contract_body), then each contract's
 * commitments of the years asked for (commitment_year_measure) and each
 * commitment's lines (the UNIQUE key on commitment and quarter), so that a
 * report reads only the rows of its bodies and periods. */

#include <string.h>

#include "db/db_private.h"

/* ?5, ?6: the bodies' names (NULL for a body left out). */
#define OF_BODIES "cm.contract_id IN (SELECT id FROM contract WHERE body IN (?5, ?6)) "

static void bind_bodies(sqlite3_stmt *st, unsigned bodies)
{
	if (bodies & (1u << BODY_WMP))
		sqlite3_bind_text(st, 5, body_name(BODY_WMP), -1, SQLITE_STATIC);
	if (bodies & (1u << BODY_OPCC))
		sqlite3_bind_text(st, 6, body_name(BODY_OPCC), -1, SQLITE_STATIC);
}

/* ---- one snapshot ------------------------------------------------------------ */

int db_snapshot_begin(svdb *db, int *began, sv_err *err)
{
	int rc;

	*began = 0;
	if (!sqlite3_get_autocommit(db->h))
		return 0;
	rc = db_exec1(db, "BEGIN");
	if (rc != SQLITE_OK)
		return db_sqlfail(db, err, rc, "%s: cannot start reading", db->path);
	*began = 1;
	return 0;
}

void db_snapshot_end(svdb *db, int began)
{
	if (began && !sqlite3_get_autocommit(db->h))
		db_exec1(db, "COMMIT");
}

/* ---- the catalogue ----------------------------------------------------------- */

static const char q_catalogue[] =
	"SELECT t.id, o.id, m.id, t.name, t.title, o.text, m.code, m.title, m.unit, m.local "
	"FROM measure m JOIN outcome o ON o.id = m.outcome_id "
	"JOIN theme t ON t.id = o.theme_id "
	"ORDER BY t.position, t.id, o.position, o.id, m.position, m.id";

static int row_catalogue(sqlite3_stmt *st, void *fn, void *ctx)
{
	db_catalogue_rec m;

	m.theme_id = sqlite3_column_int64(st, 0);
	m.outcome_id = sqlite3_column_int64(st, 1);
	m.measure_id = sqlite3_column_int64(st, 2);
	m.theme = db_col_text(st, 3);
	m.theme_title = db_col_text(st, 4);
	m.outcome = db_col_text(st, 5);
	m.code = db_col_text(st, 6);
	m.title = db_col_text(st, 7);
	m.unit = db_col_text(st, 8);
	m.local = sqlite3_column_int(st, 9);
	return (*(db_catalogue_fn *)fn)(ctx, &m);
}

int db_report_catalogue(svdb *db, db_catalogue_fn fn, void *ctx, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_catalogue, err);

	if (st == NULL)
		return -1;
	return db_stream(db, st, row_catalogue, &fn, ctx, "the catalogue", err);
}

/* ---- contracts --------------------------------------------------------------- */

static const char q_contracts[] =
	"SELECT c.id, c.ref, c.title, s.name, c.manager, c.body, c.value, c.sv_weight, "
	"c.start_date, c.end_date "
	"FROM contract c JOIN supplier s ON s.id = c.supplier_id ORDER BY c.id";

static int row_contract(sqlite3_stmt *st, void *fn, void *ctx)
{
	db_report_contract_rec c;
	const char *body = db_col_text(st, 5);

	c.id = sqlite3_column_int64(st, 0);
	c.ref = db_col_text(st, 1);
	c.title = db_col_text(st, 2);
	c.supplier = db_col_text(st, 3);
	c.manager = db_col_text(st, 4);
	c.body = body != NULL && strcmp(body, "OPCC") == 0 ? BODY_OPCC : BODY_WMP;
	c.value = sqlite3_column_int64(st, 6);
	c.sv_weight = sqlite3_column_int(st, 7);
	c.start = db_col_text(st, 8);
	c.end = db_col_text(st, 9);
	return (*(db_report_contract_fn *)fn)(ctx, &c);
}

int db_report_contracts(svdb *db, db_report_contract_fn fn, void *ctx, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_contracts, err);

	if (st == NULL)
		return -1;
	return db_stream(db, st, row_contract, &fn, ctx, "contracts", err);
}

/* ---- commitments ------------------------------------------------------------- */

static const char q_commitments[] =
	"SELECT cm.contract_id, cm.measure_id, cm.proxy_set_id, cm.target, cm.proxy "
	"FROM commitment cm WHERE cm.year = ?1 AND " OF_BODIES;

static int row_commitment(sqlite3_stmt *st, void *fn, void *ctx)
{
	db_report_commitment_rec c;

	c.contract_id = sqlite3_column_int64(st, 0);
	c.measure_id = sqlite3_column_int64(st, 1);
	c.proxy_set_id = db_col_has(st, 2) ? sqlite3_column_int64(st, 2) : 0;
	c.target = sqlite3_column_int64(st, 3);
	c.has_proxy = db_col_has(st, 4);
	c.proxy = c.has_proxy ? sqlite3_column_int64(st, 4) : 0;
	return (*(db_report_commitment_fn *)fn)(ctx, &c);
}

int db_report_commitments(svdb *db, int fy, unsigned bodies, db_report_commitment_fn fn,
			  void *ctx, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_commitments, err);

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, fy);
	bind_bodies(st, bodies);
	return db_stream(db, st, row_commitment, &fn, ctx, "commitments", err);
}

/* ---- return lines ------------------------------------------------------------ */

/* ?1, ?2: the first quarter's year and quarter; ?3, ?4: the last's.  A
 * quarter's key is year x 4 + quarter. */
static const char q_lines[] =
	"SELECT cm.contract_id, cm.measure_id, cm.year, r.quarter, r.delivered, r.status, "
	"r.validated, cm.proxy "
	"FROM commitment cm JOIN return_line r ON r.commitment_id = cm.id "
	"WHERE cm.year BETWEEN ?1 AND ?3 "
	"AND cm.year * 4 + r.quarter BETWEEN ?1 * 4 + ?2 AND ?3 * 4 + ?4 AND " OF_BODIES;

static enum sv_status status_of(const char *s)
{
	if (s == NULL)
		return ST_SUBMITTED;
	switch (s[0]) {
	case 'v': return ST_VALIDATED;
	case 'r': return ST_REJECTED;
	case 'q': return ST_QUERY;
	default: return ST_SUBMITTED;
	}
}

static int row_line(sqlite3_stmt *st, void *fn, void *ctx)
{
	db_report_line_rec l;

	l.contract_id = sqlite3_column_int64(st, 0);
	l.measure_id = sqlite3_column_int64(st, 1);
	l.fy = sqlite3_column_int(st, 2);
	l.q = sqlite3_column_int(st, 3);
	l.delivered = sqlite3_column_int64(st, 4);
	l.status = status_of(db_col_text(st, 5));
	l.has_validated = db_col_has(st, 6);
	l.validated = l.has_validated ? sqlite3_column_int64(st, 6) : 0;
	l.has_proxy = db_col_has(st, 7);
	l.proxy = l.has_proxy ? sqlite3_column_int64(st, 7) : 0;
	return (*(db_report_line_fn *)fn)(ctx, &l);
}

int db_report_lines(svdb *db, sv_quarter from, sv_quarter to, unsigned bodies,
		    db_report_line_fn fn, void *ctx, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_lines, err);

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, from.fy);
	sqlite3_bind_int(st, 2, from.q);
	sqlite3_bind_int(st, 3, to.fy);
	sqlite3_bind_int(st, 4, to.q);
	bind_bodies(st, bodies);
	return db_stream(db, st, row_line, &fn, ctx, "return lines", err);
}

/* ---- proxy sets and questionnaire answers ----------------------------------- */

static const char q_proxy_sets[] =
	"SELECT id, name, illustrative FROM proxy_set ORDER BY name, id";

static int row_proxy_set(sqlite3_stmt *st, void *fn, void *ctx)
{
	return (*(db_report_proxy_set_fn *)fn)(ctx, sqlite3_column_int64(st, 0), db_col_text(st, 1),
						sqlite3_column_int(st, 2));
}

int db_report_proxy_sets(svdb *db, db_report_proxy_set_fn fn, void *ctx, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_proxy_sets, err);

	if (st == NULL)
		return -1;
	return db_stream(db, st, row_proxy_set, &fn, ctx, "proxy sets", err);
}

static const char q_answers[] =
	"SELECT contract_id, topic, answer FROM questionnaire_answer "
	"ORDER BY contract_id, topic";

static int row_answer(sqlite3_stmt *st, void *fn, void *ctx)
{
	return (*(db_report_answer_fn *)fn)(ctx, sqlite3_column_int64(st, 0), db_col_text(st, 1),
					     db_col_text(st, 2));
}

int db_report_answers(svdb *db, db_report_answer_fn fn, void *ctx, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_answers, err);

	if (st == NULL)
		return -1;
	return db_stream(db, st, row_answer, &fn, ctx, "questionnaire answers", err);
}
