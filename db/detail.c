#include "config.h"

/* detail.c: the reads of a contract's page, a commitment's and a return
 * line's (detail.h).
 *
 * Each statement starts from one record's key.  Joins are CROSS JOINs so
 * that SQLite keeps the order written (the contract's commitments first,
 * then their lines by the UNIQUE (commitment_id, quarter) key), and a
 * commitment's year is compared as +cm.year so that the planner cannot
 * prefer commitment_year_measure, which would walk every commitment of the
 * year to find one contract's. */

#include <stdlib.h>
#include <string.h>

#include "svdesk/detail.h"

#include "db/audit_names.h"
#include "db/db_private.h"

static const char q_contract[] =
	"SELECT c.id, c.ref, c.title, c.supplier_id, s.name, c.body, c.value, c.sv_weight, "
	"c.status, c.start_date, c.end_date, c.manager, c.award_report, c.living_wage, "
	"c.living_wage_date, c.living_wage_note, c.modern_slavery, c.modern_slavery_date, "
	"c.modern_slavery_note "
	"FROM contract c CROSS JOIN supplier s ON s.id = c.supplier_id WHERE c.id = ?1";

static const char q_by_ref[] = "SELECT id FROM contract WHERE ref = ?1";

static const char q_years[] =
	"SELECT year, count(*) FROM commitment WHERE contract_id = ?1 GROUP BY year ORDER BY year";

#define COMMITMENT_COLS \
	"SELECT cm.id, cm.contract_id, cm.measure_id, cm.year, m.code, m.unit, m.title, " \
	"cm.note, cm.target, cm.proxy, cm.proxy_set_id, ps.name, ps.illustrative " \
	"FROM commitment cm CROSS JOIN measure m ON m.id = cm.measure_id " \
	"LEFT JOIN proxy_set ps ON ps.id = cm.proxy_set_id "

static const char q_commitments[] =
	COMMITMENT_COLS "WHERE cm.contract_id = ?1 AND +cm.year = ?2 ORDER BY m.code, cm.id";

static const char q_commitment[] = COMMITMENT_COLS "WHERE cm.id = ?1";

#define LINE_COLS \
	"SELECT r.id, r.commitment_id, r.quarter, r.delivered, r.status, r.validated, r.submitted "

static const char q_lines_contract[] =
	LINE_COLS
	"FROM commitment cm CROSS JOIN return_line r ON r.commitment_id = cm.id "
	"CROSS JOIN measure m ON m.id = cm.measure_id "
	"WHERE cm.contract_id = ?1 AND +cm.year = ?2 ORDER BY r.quarter, m.code, r.id";

static const char q_lines_commitment[] =
	LINE_COLS "FROM return_line r WHERE r.commitment_id = ?1 ORDER BY r.quarter";

static const char q_line[] =
	LINE_COLS ", r.evidence, r.reason, r.validated_by, r.validated_at, r.version "
	"FROM return_line r WHERE r.id = ?1";

static const char q_decisions[] =
	"SELECT id, status, validated, reason, decided_by, decided_at, origin, line_version, "
	"delivered, undoes FROM decision WHERE return_line_id = ?1 ORDER BY id";

/* A line with what names it (decisions' prompts and messages). */
static const char q_line_ref[] =
	"SELECT r.id, r.commitment_id, r.quarter, r.delivered, r.status, r.version, cm.year, "
	"m.code, m.unit, c.ref FROM return_line r "
	"CROSS JOIN commitment cm ON cm.id = r.commitment_id "
	"CROSS JOIN measure m ON m.id = cm.measure_id "
	"CROSS JOIN contract c ON c.id = cm.contract_id WHERE r.id = ?1";

/* The line's resubmissions: the audit entries of changes to its delivered
 * quantity or its evidence (a supplier's new return, by an import or at
 * the desk), oldest first. */
static const char q_resubmissions[] =
	"SELECT id, at, who, origin, json_extract(before, '$.delivered'), "
	"json_extract(after, '$.delivered'), json_type(after, '$.evidence') IS NOT NULL "
	"FROM audit WHERE entity = 'return_line' AND entity_id = ?1 AND action = 'update' "
	"AND (json_type(after, '$.delivered') IS NOT NULL "
	"OR json_type(after, '$.evidence') IS NOT NULL) ORDER BY id";

static const char q_highlights[] =
	"SELECT id, year, text FROM highlight WHERE contract_id = ?1 "
	"ORDER BY id DESC LIMIT ?2";

static const char q_highlights_count[] =
	"SELECT count(*) FROM highlight WHERE contract_id = ?1";

#define AUDIT_COLS \
	"SELECT id, at, who, origin, entity, coalesce(entity_id, 0), action, " \
	"CASE WHEN entity = 'import' THEN json_extract(after, '$.kind') || " \
	"coalesce(' ' || json_extract(after, '$.file'), '') " \
	"WHEN entity IN ('return_line', 'decision') THEN " \
	"json_extract(coalesce(after, before), '$.status') ELSE '' END FROM audit "

/* ?1 the contract, ?2 entries below this id (the rule: db/audit_names.h). */
#define AUDIT_UNION AUDIT_NAMES_CONTRACT(AUDIT_COLS, "AND id < ?2 ")

/* The entries come from seven index lookups, so the newest are found by
 * sorting them: a sort of one contract's own history (its entries and its
 * rows'), whatever the size of the log. */
static const char q_audit[] = AUDIT_UNION "ORDER BY 1 DESC LIMIT ?3";
static const char q_audit_count[] = "SELECT count(*) FROM (" AUDIT_UNION ")";

/* The contract's questionnaire answers, by the unique key (contract,
 * topic). */
static const char q_answers[] =
	"SELECT q.id, q.contract_id, c.ref, q.topic, q.answer, q.recorded_by, q.recorded_at "
	"FROM questionnaire_answer q JOIN contract c ON c.id = q.contract_id "
	"WHERE q.contract_id = ?1 ORDER BY " DB_ANSWER_ORDER;

static const char *const statements[] = {
	q_contract, q_by_ref, q_years, q_commitments, q_commitment, q_lines_contract,
	q_lines_commitment, q_line, q_decisions, q_highlights, q_highlights_count,
	q_audit, q_audit_count, q_line_ref, q_resubmissions, q_answers,
};

const char *const *detail_statements(size_t *n)
{
	*n = sizeof statements / sizeof statements[0];
	return statements;
}

/* ---- helpers ------------------------------------------------------------------ */

static char *dup_col(sqlite3_stmt *st, int i, int *nomem)
{
	const char *s = db_col_text(st, i);
	char *d;

	if (s == NULL)
		return NULL;
	d = strdup(s);
	if (d == NULL)
		*nomem = 1;
	return d;
}

static void copy_col(sqlite3_stmt *st, int i, char *dst, size_t n)
{
	const char *s = db_col_text(st, i);

	db_copy_text(dst, n, (const unsigned char *)(s != NULL ? s : ""));
}

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

/* Grow *v (of *cap elements of size sz) to hold n + 1. */
static int grow(void *vp, size_t n, size_t *cap, size_t sz)
{
	void **v = vp;
	size_t nc;
	void *p;

	if (n < *cap)
		return 0;
	nc = *cap == 0 ? 8 : *cap * 2;
	p = realloc(*v, nc * sz);
	if (p == NULL)
		return -1;
	*v = p;
	*cap = nc;
	return 0;
}

static int step_fail(svdb *db, sqlite3_stmt *st, int rc, const char *what, sv_err *err)
{
	db_done(st);
	return db_sqlfail(db, err, rc, "%s: reading %s", db_path(db), what);
}

/* The one row of sql for id: 1 with *st on it (the caller reads it, then
 * db_done), 0 when there is none, -1 on an error (what names the record). */
static int row_by_id(svdb *db, const char *sql, int64_t id, const char *what,
		     sqlite3_stmt **st, sv_err *err)
{
	int rc;

	*st = db_prepare(db, sql, err);
	if (*st == NULL)
		return -1;
	sqlite3_bind_int64(*st, 1, id);
	rc = sqlite3_step(*st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE) {
		db_done(*st);
		return 0;
	}
	return step_fail(db, *st, rc, what, err);
}

static int count1(svdb *db, const char *sql, int64_t a, int64_t b, int64_t *out,
		  const char *what, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, sql, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, a);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int64(st, 2, b);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		return step_fail(db, st, rc, what, err);
	*out = sqlite3_column_int64(st, 0);
	db_done(st);
	return 0;
}

/* ---- the contract ----------------------------------------------------------------- */

void detail_contract_free(detail_contract *c)
{
	free(c->title);
	free(c->supplier);
	free(c->manager);
	free(c->award_report);
	free(c->living_wage_note);
	free(c->modern_slavery_note);
	memset(c, 0, sizeof *c);
}

int detail_contract_get(svdb *db, int64_t id, detail_contract *out, sv_err *err)
{
	sqlite3_stmt *st;
	const char *s;
	int rc, nomem = 0;

	memset(out, 0, sizeof *out);
	rc = row_by_id(db, q_contract, id, "a contract", &st, err);
	if (rc <= 0)
		return rc;
	out->id = sqlite3_column_int64(st, 0);
	copy_col(st, 1, out->ref, sizeof out->ref);
	out->title = dup_col(st, 2, &nomem);
	out->supplier_id = sqlite3_column_int64(st, 3);
	out->supplier = dup_col(st, 4, &nomem);
	s = db_col_text(st, 5);
	out->body = s != NULL && strcmp(s, "OPCC") == 0 ? BODY_OPCC : BODY_WMP;
	out->value = sqlite3_column_int64(st, 6);
	out->sv_weight = sqlite3_column_int(st, 7);
	s = db_col_text(st, 8);
	out->closed = s != NULL && strcmp(s, "closed") == 0;
	copy_col(st, 9, out->start, sizeof out->start);
	copy_col(st, 10, out->end, sizeof out->end);
	out->manager = dup_col(st, 11, &nomem);
	out->award_report = dup_col(st, 12, &nomem);
	copy_col(st, 13, out->living_wage, sizeof out->living_wage);
	copy_col(st, 14, out->living_wage_date, sizeof out->living_wage_date);
	out->living_wage_note = dup_col(st, 15, &nomem);
	copy_col(st, 16, out->modern_slavery, sizeof out->modern_slavery);
	copy_col(st, 17, out->modern_slavery_date, sizeof out->modern_slavery_date);
	out->modern_slavery_note = dup_col(st, 18, &nomem);
	db_done(st);
	if (nomem || out->title == NULL || out->supplier == NULL) {
		detail_contract_free(out);
		return sv_err_set(err, "out of memory");
	}
	return 1;
}

int detail_contract_by_ref(svdb *db, const char *ref, int64_t *id, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_by_ref, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, ref, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		db_done(st);
		return 0;
	}
	if (rc != SQLITE_ROW)
		return step_fail(db, st, rc, "a contract", err);
	*id = sqlite3_column_int64(st, 0);
	db_done(st);
	return 1;
}

int detail_years(svdb *db, int64_t contract_id, int *years, int64_t *counts, int max,
		 sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_years, err);
	int rc, n = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, contract_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n < max) {
			years[n] = sqlite3_column_int(st, 0);
			counts[n] = sqlite3_column_int64(st, 1);
			n++;
		}
	}
	if (rc != SQLITE_DONE)
		return step_fail(db, st, rc, "the contract's years", err);
	db_done(st);
	return n;
}

/* ---- commitments ---------------------------------------------------------------- */

void detail_commitments_free(detail_commitment *v, size_t n)
{
	for (size_t i = 0; i < n && v != NULL; i++) {
		free(v[i].measure_title);
		free(v[i].note);
		free(v[i].set_name);
	}
}

static int read_commitment(sqlite3_stmt *st, detail_commitment *c)
{
	int nomem = 0;

	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(st, 0);
	c->contract_id = sqlite3_column_int64(st, 1);
	c->measure_id = sqlite3_column_int64(st, 2);
	c->year = sqlite3_column_int(st, 3);
	copy_col(st, 4, c->code, sizeof c->code);
	copy_col(st, 5, c->unit, sizeof c->unit);
	c->measure_title = dup_col(st, 6, &nomem);
	c->note = dup_col(st, 7, &nomem);
	c->target = sqlite3_column_int64(st, 8);
	c->has_proxy = db_col_has(st, 9);
	c->proxy = c->has_proxy ? sqlite3_column_int64(st, 9) : 0;
	c->set_id = db_col_has(st, 10) ? sqlite3_column_int64(st, 10) : 0;
	c->set_name = dup_col(st, 11, &nomem);
	c->set_illustrative = sqlite3_column_int(st, 12);
	if (c->measure_title == NULL)
		nomem = 1;
	return nomem ? -1 : 0;
}

int detail_commitments(svdb *db, int64_t contract_id, int fy, detail_commitment **out,
		       size_t *n, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_commitments, err);
	detail_commitment *v = NULL;
	size_t cap = 0, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, contract_id);
	sqlite3_bind_int(st, 2, fy);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (grow(&v, k, &cap, sizeof *v) < 0 || read_commitment(st, &v[k]) < 0) {
			if (k < cap)
				detail_commitments_free(&v[k], 1);
			detail_commitments_free(v, k);
			free(v);
			db_done(st);
			return sv_err_set(err, "out of memory");
		}
		k++;
	}
	if (rc != SQLITE_DONE) {
		detail_commitments_free(v, k);
		free(v);
		return step_fail(db, st, rc, "the contract's commitments", err);
	}
	db_done(st);
	*out = v;
	*n = k;
	return 0;
}

int detail_commitment_get(svdb *db, int64_t id, detail_commitment *out, sv_err *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	rc = row_by_id(db, q_commitment, id, "a commitment", &st, err);
	if (rc <= 0)
		return rc;
	if (read_commitment(st, out) < 0) {
		detail_commitments_free(out, 1);
		db_done(st);
		return sv_err_set(err, "out of memory");
	}
	db_done(st);
	return 1;
}

/* ---- return lines ----------------------------------------------------------------- */

static void read_line(sqlite3_stmt *st, detail_line *l)
{
	memset(l, 0, sizeof *l);
	l->id = sqlite3_column_int64(st, 0);
	l->commitment_id = sqlite3_column_int64(st, 1);
	l->quarter = sqlite3_column_int(st, 2);
	l->delivered = sqlite3_column_int64(st, 3);
	l->status = status_of(db_col_text(st, 4));
	l->has_validated = db_col_has(st, 5);
	l->validated = l->has_validated ? sqlite3_column_int64(st, 5) : 0;
	copy_col(st, 6, l->submitted, sizeof l->submitted);
}

int detail_lines(svdb *db, int64_t contract_id, int fy, int64_t commitment_id,
		 detail_line **out, size_t *n, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, commitment_id != 0 ? q_lines_commitment
				      : q_lines_contract, err);
	detail_line *v = NULL;
	size_t cap = 0, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	if (commitment_id != 0) {
		sqlite3_bind_int64(st, 1, commitment_id);
	} else {
		sqlite3_bind_int64(st, 1, contract_id);
		sqlite3_bind_int(st, 2, fy);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (grow(&v, k, &cap, sizeof *v) < 0) {
			free(v);
			db_done(st);
			return sv_err_set(err, "out of memory");
		}
		read_line(st, &v[k++]);
	}
	if (rc != SQLITE_DONE) {
		free(v);
		return step_fail(db, st, rc, "return lines", err);
	}
	db_done(st);
	*out = v;
	*n = k;
	return 0;
}

void detail_line_free(detail_line *l)
{
	free(l->evidence);
	free(l->reason);
	l->evidence = l->reason = NULL;
}

int detail_line_get(svdb *db, int64_t id, detail_line *out, sv_err *err)
{
	sqlite3_stmt *st;
	int rc, nomem = 0;

	memset(out, 0, sizeof *out);
	rc = row_by_id(db, q_line, id, "a return line", &st, err);
	if (rc <= 0)
		return rc;
	read_line(st, out);
	out->evidence = dup_col(st, 7, &nomem);
	out->reason = dup_col(st, 8, &nomem);
	copy_col(st, 9, out->validated_by, sizeof out->validated_by);
	copy_col(st, 10, out->validated_at, sizeof out->validated_at);
	out->version = sqlite3_column_int64(st, 11);
	db_done(st);
	if (nomem) {
		detail_line_free(out);
		return sv_err_set(err, "out of memory");
	}
	return 1;
}

void detail_decisions_free(detail_decision *v, size_t n)
{
	for (size_t i = 0; i < n && v != NULL; i++)
		free(v[i].reason);
	free(v);
}

int detail_decisions(svdb *db, int64_t line_id, detail_decision **out, size_t *n,
		     sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_decisions, err);
	detail_decision *v = NULL;
	size_t cap = 0, k = 0;
	int rc, nomem = 0;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, line_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		detail_decision *d;

		if (grow(&v, k, &cap, sizeof *v) < 0) {
			nomem = 1;
			break;
		}
		d = &v[k++];
		memset(d, 0, sizeof *d);
		d->id = sqlite3_column_int64(st, 0);
		d->status = status_of(db_col_text(st, 1));
		d->has_validated = db_col_has(st, 2);
		d->validated = d->has_validated ? sqlite3_column_int64(st, 2) : 0;
		d->reason = dup_col(st, 3, &nomem);
		copy_col(st, 4, d->by, sizeof d->by);
		copy_col(st, 5, d->at, sizeof d->at);
		copy_col(st, 6, d->origin, sizeof d->origin);
		d->line_version = sqlite3_column_int64(st, 7);
		d->has_delivered = db_col_has(st, 8);
		d->delivered = d->has_delivered ? sqlite3_column_int64(st, 8) : 0;
		d->undoes = db_col_has(st, 9) ? sqlite3_column_int64(st, 9) : 0;
		if (nomem)
			break;
	}
	if (nomem) {
		detail_decisions_free(v, k);
		db_done(st);
		return sv_err_set(err, "out of memory");
	}
	if (rc != SQLITE_DONE) {
		detail_decisions_free(v, k);
		return step_fail(db, st, rc, "decisions", err);
	}
	db_done(st);
	*out = v;
	*n = k;
	return 0;
}

int detail_line_ref_get(svdb *db, int64_t id, detail_line_ref *out, sv_err *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	rc = row_by_id(db, q_line_ref, id, "a return line", &st, err);
	if (rc <= 0)
		return rc;
	out->id = sqlite3_column_int64(st, 0);
	out->commitment_id = sqlite3_column_int64(st, 1);
	out->quarter = sqlite3_column_int(st, 2);
	out->delivered = sqlite3_column_int64(st, 3);
	out->status = status_of(db_col_text(st, 4));
	out->version = sqlite3_column_int64(st, 5);
	out->year = sqlite3_column_int(st, 6);
	copy_col(st, 7, out->code, sizeof out->code);
	copy_col(st, 8, out->unit, sizeof out->unit);
	copy_col(st, 9, out->ref, sizeof out->ref);
	db_done(st);
	return 1;
}

int detail_resubmissions(svdb *db, int64_t line_id, detail_resubmission **out, size_t *n,
			 sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_resubmissions, err);
	detail_resubmission *v = NULL;
	size_t cap = 0, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, line_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		detail_resubmission *r;

		if (grow(&v, k, &cap, sizeof *v) < 0) {
			free(v);
			db_done(st);
			return sv_err_set(err, "out of memory");
		}
		r = &v[k++];
		memset(r, 0, sizeof *r);
		r->audit_id = sqlite3_column_int64(st, 0);
		copy_col(st, 1, r->at, sizeof r->at);
		copy_col(st, 2, r->who, sizeof r->who);
		copy_col(st, 3, r->origin, sizeof r->origin);
		r->delivered_changed = db_col_has(st, 5);
		r->before = r->delivered_changed ? sqlite3_column_int64(st, 4) : 0;
		r->after = r->delivered_changed ? sqlite3_column_int64(st, 5) : 0;
		r->evidence_changed = sqlite3_column_int(st, 6);
	}
	if (rc != SQLITE_DONE) {
		free(v);
		return step_fail(db, st, rc, "the line's audit entries", err);
	}
	db_done(st);
	*out = v;
	*n = k;
	return 0;
}

/* ---- highlights and the audit log ------------------------------------------------ */

void detail_highlights_free(detail_highlight *v, size_t n)
{
	for (size_t i = 0; i < n && v != NULL; i++)
		free(v[i].text);
	free(v);
}

int detail_highlights(svdb *db, int64_t contract_id, int limit, detail_highlight **out,
		      size_t *n, int64_t *total, sv_err *err)
{
	sqlite3_stmt *st;
	detail_highlight *v = NULL;
	size_t cap = 0, k = 0;
	int rc, nomem = 0;

	*out = NULL;
	*n = 0;
	if (total != NULL &&
	    count1(db, q_highlights_count, contract_id, 0, total, "highlights", err) < 0)
		return -1;
	st = db_prepare(db, q_highlights, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, contract_id);
	sqlite3_bind_int(st, 2, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (grow(&v, k, &cap, sizeof *v) < 0) {
			nomem = 1;
			break;
		}
		v[k].id = sqlite3_column_int64(st, 0);
		v[k].year = sqlite3_column_int(st, 1);
		v[k].text = dup_col(st, 2, &nomem);
		k++;
		if (nomem || v[k - 1].text == NULL) {
			nomem = 1;
			break;
		}
	}
	if (nomem) {
		detail_highlights_free(v, k);
		db_done(st);
		return sv_err_set(err, "out of memory");
	}
	if (rc != SQLITE_DONE) {
		detail_highlights_free(v, k);
		return step_fail(db, st, rc, "highlights", err);
	}
	db_done(st);
	*out = v;
	*n = k;
	return 0;
}

int detail_audit_page(svdb *db, int64_t contract_id, int64_t before, int limit,
		      detail_audit **out, size_t *n, int64_t *total, sv_err *err)
{
	sqlite3_stmt *st;
	detail_audit *v = NULL;
	size_t cap = 0, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (before <= 0)
		before = INT64_MAX;
	if (total != NULL &&
	    count1(db, q_audit_count, contract_id, INT64_MAX, total, "the audit log", err) < 0)
		return -1;
	st = db_prepare(db, q_audit, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, contract_id);
	sqlite3_bind_int64(st, 2, before);
	sqlite3_bind_int(st, 3, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		detail_audit *a;

		if (grow(&v, k, &cap, sizeof *v) < 0) {
			free(v);
			db_done(st);
			return sv_err_set(err, "out of memory");
		}
		a = &v[k++];
		memset(a, 0, sizeof *a);
		a->id = sqlite3_column_int64(st, 0);
		copy_col(st, 1, a->at, sizeof a->at);
		copy_col(st, 2, a->who, sizeof a->who);
		copy_col(st, 3, a->origin, sizeof a->origin);
		copy_col(st, 4, a->entity, sizeof a->entity);
		a->entity_id = sqlite3_column_int64(st, 5);
		copy_col(st, 6, a->action, sizeof a->action);
		copy_col(st, 7, a->what, sizeof a->what);
	}
	if (rc != SQLITE_DONE) {
		free(v);
		return step_fail(db, st, rc, "the audit log", err);
	}
	db_done(st);
	*out = v;
	*n = k;
	return 0;
}

/* ---- the OPCC questionnaire ------------------------------------------------------ */

int detail_answers(svdb *db, int64_t contract_id, db_answer_row_fn fn, void *ctx,
		   sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_answers, err);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, contract_id);
	return db_stream(db, st, db_row_answer, &fn, ctx, "questionnaire answers", err);
}
