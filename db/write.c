#include "config.h"

/* write.c: the rules of commitments, return lines and decisions live in
 * one place, for the desk (db_commitment_put, db_return_put,
 * db_return_decide: db.h), the importer and the demo (db_commitment_store,
 * db_return_store: store.h).  This file: a write under way and its
 * refusals, commitments, the rules of a decision, and highlights; return
 * lines and decisions on them are in returns.c.  Each function checks its
 * input and says which field it refuses; the desk's messages, which have no
 * FILE:LINE:COLUMN, name the record too (contract ref, measure code,
 * "2025/26 Q2").  The schema's constraints and triggers hold the same rules
 * again underneath.  A desk write is atomic: its own transaction, or a
 * savepoint inside the caller's; an import's runs inside the import's
 * transaction. */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "db/db_private.h"
#include "db/write_private.h"
#include "svdesk/store.h"

#define NOW_SQL "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

/* ---- helpers ------------------------------------------------------------------- */

/* Step a statement that returns no rows; reset it; name label on failure. */
static int run(svdb *db, sqlite3_stmt *st, sv_err *err, const char *label)
{
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		db_done(st);
		return 0;
	}
	db_sqlfail(db, err, rc, "%s", label);
	db_done(st);
	return -1;
}

unsigned wr_contract_gen;

void wr_init(struct wr *w, svdb *db, int labelled, sv_err *err)
{
	memset(w, 0, sizeof *w);
	w->db = db;
	w->err = err;
	w->labelled = labelled;
}

int wr_refuse(struct wr *w, int field, const char *fmt, ...)
{
	char msg[SV_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	w->field = field;
	if (w->labelled && w->label[0] != '\0')
		return db_errf(w->err, DB_E_OTHER, "%s: %s", w->label, msg);
	return db_errf(w->err, DB_E_OTHER, "%s", msg);
}

int wr_sqlfail(struct wr *w, int rc, const char *what)
{
	return db_sqlfail(w->db, w->err, rc, "%s", w->label[0] != '\0' ? w->label : what);
}

int wr_run(svdb *db, int desk, wr_fn fn, const void *in, long line, db_put_out *out,
	   sv_err *err)
{
	struct wr w;
	int mode = 0, rc;

	wr_init(&w, db, desk, err);
	memset(out, 0, sizeof *out);
	if (desk && (mode = db_wbegin(db, err)) < 0)
		return -1;
	rc = fn(&w, in, line, out);
	if (desk)
		rc = db_wend(db, mode, rc, err);
	out->field = rc != 0 ? w.field : DBF_ROW;
	return rc;
}

int wr_put(svdb *db, wr_fn fn, const void *in, int64_t *id, sv_err *err)
{
	db_put_out out;
	int rc = wr_run(db, 1, fn, in, 0, &out, err);

	if (rc == 0 && id != NULL)
		*id = out.id;
	return rc;
}

/* The time a person records something at: at as given (UTC ISO 8601), or
 * the clock's now when at is NULL or empty, into when.  what names the time
 * in a message ("decision time"). */
static int time_or_now(svdb *db, const char *at, char when[24], const char *what,
		       const char *label, sv_err *err)
{
	static const char q_now[] = "SELECT " NOW_SQL;
	sqlite3_stmt *st;
	int rc;

	if (at != NULL && *at != '\0') {
		if (!db_utc_shape(at))
			return db_errf(err, DB_E_OTHER, "%s: the %s \"%s\" is not a UTC time like "
				       "2026-01-15T10:04:00Z", label, what, at);
		snprintf(when, 24, "%s", at);
		return 0;
	}
	st = db_prepare(db, q_now, err);
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	db_copy_text(when, 24, rc == SQLITE_ROW ? sqlite3_column_text(st, 0) : NULL);
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s", label);
	return 0;
}

/* ---- duplicates within a file ----------------------------------------------------- */

int wr_dup_check(struct wr *w, int entity, int64_t id, long line, db_put_out *out)
{
	long was;

	if (line <= 0)
		return 0;
	was = db_mark_get(w->db, entity, id, w->err);
	if (was <= 0)
		return (int)was;
	out->dup = was;
	w->field = DBF_ROW;
	return db_errf(w->err, DB_E_DUPLICATE, "the same key is on line %ld already", was);
}

/* ---- commitments ------------------------------------------------------------------ */

/* The proxy a new commitment takes: the current set's, else the newest set
 * that lists the measure; none when no set lists it. */
int db_proxy_lookup(svdb *db, int64_t measure_id, int64_t *set_id, int *isnull,
			int64_t *proxy, const char *label, sv_err *err)
{
	/* the row of the greatest key (SQLite takes the bare columns from it):
	 * no sort per commitment; a row of NULLs when no set lists it */
	static const char q[] = "SELECT pv.set_id, pv.proxy, "
		"max(ps.is_current * 4294967296 + ps.id) FROM proxy_value pv "
		"JOIN proxy_set ps ON ps.id = pv.set_id WHERE pv.measure_id = ?1";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	*set_id = 0;
	*isnull = 1;
	*proxy = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, measure_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*set_id = sqlite3_column_int64(st, 0);
		*isnull = sqlite3_column_type(st, 1) == SQLITE_NULL;
		*proxy = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s", label);
	return 0;
}

/* A commitment's contract and measure, and the commitment when it exists. */
struct cm_now {
	char ref[64], code[32], start[11], end[11];
	int percent, proxy_null;
	int64_t id, proxy, set_id;
};

static int commitment_find(struct wr *w, const db_commitment_in *in, struct cm_now *x)
{
	/* one row always: the contract and the measure are NULL when absent */
	static const char q[] = "SELECT c.ref, c.start_date, c.end_date, m.code, "
		"m.unit = 'percent', cm.id, cm.proxy, cm.proxy_set_id, c.id IS NULL, m.id IS NULL "
		"FROM (SELECT 1) LEFT JOIN contract c ON c.id = ?1 LEFT JOIN measure m ON m.id = ?2 "
		"LEFT JOIN commitment cm ON cm.contract_id = c.id AND cm.measure_id = m.id "
		"AND cm.year = ?3";
	sqlite3_stmt *st = db_prepare(w->db, q, w->err);
	int rc, no_contract = 1, no_measure = 1;

	memset(x, 0, sizeof *x);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, in->contract_id);
	sqlite3_bind_int64(st, 2, in->measure_id);
	sqlite3_bind_int(st, 3, in->fy);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_copy_text(x->ref, sizeof x->ref, sqlite3_column_text(st, 0));
		db_copy_text(x->start, sizeof x->start, sqlite3_column_text(st, 1));
		db_copy_text(x->end, sizeof x->end, sqlite3_column_text(st, 2));
		db_copy_text(x->code, sizeof x->code, sqlite3_column_text(st, 3));
		x->percent = sqlite3_column_int(st, 4);
		x->id = sqlite3_column_int64(st, 5);
		x->proxy_null = sqlite3_column_type(st, 6) == SQLITE_NULL;
		x->proxy = sqlite3_column_int64(st, 6);
		x->set_id = sqlite3_column_int64(st, 7);
		no_contract = sqlite3_column_int(st, 8);
		no_measure = sqlite3_column_int(st, 9);
	}
	db_done(st);
	if (rc != SQLITE_ROW)
		return wr_sqlfail(w, rc, "commitment");
	if (no_contract)
		return wr_refuse(w, DBF_ROW, "commitment: no contract with id %lld",
				 (long long)in->contract_id);
	if (no_measure)
		return wr_refuse(w, DBF_ROW, "contract %s: no measure with id %lld", x->ref,
				 (long long)in->measure_id);
	if (w->labelled)
		snprintf(w->label, sizeof w->label, "contract %s, measure %s", x->ref, x->code);
	return 0;
}

/* An existing commitment: the new target and note; its proxy is kept. */
static int commitment_update(struct wr *w, const db_commitment_in *in, const struct cm_now *x,
			     db_put_out *out)
{
	static const char q_upd[] = "UPDATE commitment SET target = ?2, "
		"note = CASE WHEN ?4 THEN note ELSE ?3 END "
		"WHERE id = ?1 AND (target, note) IS NOT (?2, CASE WHEN ?4 THEN note ELSE ?3 END)";
	const db_proxy_choice *p = &in->proxy;
	char a[32], b[32];
	sqlite3_stmt *st;
	int rc;

	if (p->explicit_value &&
	    (p->isnull != x->proxy_null || (!p->isnull && p->value != x->proxy))) {
		db_proxy_text(x->proxy_null, x->proxy, a, sizeof a);
		db_proxy_text(p->isnull, p->value, b, sizeof b);
		return wr_refuse(w, DBF_PROXY, "the commitment's proxy is %s and cannot change to %s "
				 "(a commitment keeps its proxy)", a, b);
	}
	if (p->explicit_value && p->set_id != 0 && p->set_id != x->set_id)
		return wr_refuse(w, DBF_PROXY_SET, "the commitment took its proxy from another proxy "
				 "set, and keeps it");
	st = db_prepare(w->db, q_upd, w->err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, x->id);
	sqlite3_bind_int64(st, 2, in->target);
	db_bind_opt(st, 3, in->note);
	sqlite3_bind_int(st, 4, in->keep_note != 0);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return wr_sqlfail(w, rc, "commitment");
	out->id = x->id;
	out->put = sqlite3_changes(w->db->h) > 0 ? DB_PUT_CHANGED : DB_PUT_UNCHANGED;
	return 0;
}

static int commitment_write(struct wr *w, const void *arg, long line, db_put_out *out)
{
	const db_commitment_in *in = arg;
	static const char q_ins[] = "INSERT INTO commitment (contract_id, measure_id, year, target, "
		"proxy, proxy_set_id, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	const db_proxy_choice *p = &in->proxy;
	struct cm_now x;
	char yl[8], first[11], last[11];
	sv_date d1, d2;
	int64_t set_id = p->set_id, value = p->value;
	int isnull = p->isnull, rc;
	sqlite3_stmt *st;

	if (commitment_find(w, in, &x) != 0)
		return -1;
	if (in->fy < FY_MIN || in->fy > FY_MAX)
		return wr_refuse(w, DBF_YEAR, "year %d is out of range", in->fy);
	if (w->labelled)
		snprintf(w->label, sizeof w->label, "contract %s, measure %s, %s", x.ref, x.code,
			 fy_format(in->fy, yl));
	if (in->target < 0)
		return wr_refuse(w, DBF_TARGET, "the target is negative");
	if (db_too_long(in->note))
		return wr_refuse(w, DBF_NOTE, "the note is longer than %d bytes", DB_TEXT_MAX);
	if (p->explicit_value && !p->isnull && x.percent)
		return wr_refuse(w, DBF_PROXY, "a percent measure is record only: its proxy must be "
				 "empty");
	fy_range(in->fy, &d1, &d2);
	date_format_iso(d1, first);
	date_format_iso(d2, last);
	if (strcmp(x.start, last) > 0 || strcmp(x.end, first) < 0)
		return wr_refuse(w, DBF_YEAR, "the year does not overlap the contract's dates (%s to %s)",
				 x.start, x.end);
	if (x.id != 0) {
		if (wr_dup_check(w, DB_MARK_COMMITMENT, x.id, line, out) != 0)
			return -1;
		return commitment_update(w, in, &x, out);
	}
	if (!p->explicit_value &&
	    db_proxy_lookup(w->db, in->measure_id, &set_id, &isnull, &value, w->label, w->err) != 0)
		return -1;
	st = db_prepare(w->db, q_ins, w->err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, in->contract_id);
	sqlite3_bind_int64(st, 2, in->measure_id);
	sqlite3_bind_int(st, 3, in->fy);
	sqlite3_bind_int64(st, 4, in->target);
	if (!isnull)
		sqlite3_bind_int64(st, 5, value);
	if (set_id != 0)
		sqlite3_bind_int64(st, 6, set_id);
	db_bind_opt(st, 7, in->note);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return wr_sqlfail(w, rc, "commitment");
	out->id = sqlite3_last_insert_rowid(w->db->h);
	out->put = DB_PUT_ADDED;
	return 0;
}

int db_commitment_store(svdb *db, const db_commitment_in *in, long line, db_put_out *out,
			sv_err *err)
{
	return wr_run(db, 0, commitment_write, in, line, out, err);
}

int db_commitment_put(svdb *db, int64_t contract_id, int64_t measure_id, int fy,
		      sv_qty target, sv_proxy proxy, const char *note,
		      int64_t *id, sv_err *err)
{
	/* proxy: DB_PROXY_NONE record only, another value below 0 looked up */
	const db_commitment_in in = {
		.contract_id = contract_id, .measure_id = measure_id, .fy = fy, .target = target,
		.note = note, .proxy = { .explicit_value = proxy == DB_PROXY_NONE || proxy >= 0,
					 .isnull = proxy == DB_PROXY_NONE, .value = proxy >= 0 ? proxy : 0 },
	};

	return wr_put(db, commitment_write, &in, id, err);
}

/* ---- decisions: the rules ---------------------------------------------------------- */

int wr_decision_check(struct wr *w, const db_decision_in *d, sv_qty delivered,
			  const char **by, char when[24])
{
	char q1[32], q2[32];

	if (d->status != ST_VALIDATED && d->status != ST_REJECTED && d->status != ST_QUERY)
		return wr_refuse(w, DBF_STATUS, "a decision validates, rejects or queries a line");
	if (d->status == ST_VALIDATED) {
		if (d->validated < 0 || d->validated > delivered) {
			qty_format_short(d->validated, q1, sizeof q1);
			qty_format_short(delivered, q2, sizeof q2);
			return wr_refuse(w, DBF_VALIDATED, "the validated quantity %s is %s the delivered %s",
					 q1, d->validated < 0 ? "below 0, not between 0 and" : "more than",
					 q2);
		}
		if (d->validated < delivered && db_blank(d->reason))
			return wr_refuse(w, DBF_REASON, "validating less than delivered needs a reason");
	} else if (db_blank(d->reason)) {
		return wr_refuse(w, DBF_REASON, "%s needs a reason", d->status == ST_REJECTED
				 ? "a rejected line" : "a line in query");
	}
	if (db_too_long(d->reason))
		return wr_refuse(w, DBF_REASON, "the reason is longer than %d bytes", DB_TEXT_MAX);
	*by = db_blank(d->by) ? w->db->actor : d->by;
	if (strlen(*by) > DB_NAME_MAX)
		return wr_refuse(w, DBF_BY, "the name of who decided is too long");
	if (d->at != NULL && *d->at != '\0' && !db_utc_shape(d->at))
		return wr_refuse(w, DBF_AT, "the decision time \"%s\" is not a UTC time like "
				 "2026-01-15T10:04:00Z", d->at);
	if (time_or_now(w->db, d->at, when, "decision time", w->label, w->err) != 0) {
		w->field = DBF_AT;
		return -1;
	}
	return 0;
}

int wr_actor_now(struct wr *w, const char **by, char when[24])
{
	*by = w->db->actor;
	if (strlen(*by) > DB_NAME_MAX)
		return wr_refuse(w, DBF_BY, "the name of who decided is too long");
	if (time_or_now(w->db, NULL, when, "decision time", w->label, w->err) != 0) {
		w->field = DBF_AT;
		return -1;
	}
	return 0;
}

int wr_decision_insert(struct wr *w, int64_t line_id, const db_decision_in *d,
			   const char *by, const char *at, const char *origin, int64_t version,
			   sv_qty delivered, int64_t undoes)
{
	static const char q_dec[] = "INSERT INTO decision (return_line_id, status, validated, "
		"reason, decided_by, decided_at, origin, line_version, delivered, undoes) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
	sqlite3_stmt *st = db_prepare(w->db, q_dec, w->err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, line_id);
	sqlite3_bind_text(st, 2, status_name(d->status), -1, SQLITE_STATIC);
	if (d->status == ST_VALIDATED)
		sqlite3_bind_int64(st, 3, d->validated);
	db_bind_opt(st, 4, d->reason);
	sqlite3_bind_text(st, 5, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, version);
	sqlite3_bind_int64(st, 9, delivered);
	if (undoes > 0)
		sqlite3_bind_int64(st, 10, undoes);
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : wr_sqlfail(w, rc, "decision");
}

/* ---- highlights ---------------------------------------------------------------------- */

static int highlight_write(svdb *db, int fy, int64_t contract_id, const char *text,
			   const char *at, sv_err *err)
{
	static const char q_c[] = "SELECT body FROM contract WHERE id = ?1";
	static const char q_dup[] = "SELECT 1 FROM highlight WHERE year = ?1 AND contract_id IS ?2 "
		"AND text = ?3";
	static const char q_ins[] = "INSERT INTO highlight (year, contract_id, body, text, "
		"created_by, created_at, position) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
		"(SELECT count(*) + 1 FROM highlight WHERE year = ?1))";
	char label[40], yl[8], body[8] = "", when[24];
	sqlite3_stmt *st;
	int rc;

	if (fy < FY_MIN || fy > FY_MAX)
		return db_errf(err, DB_E_OTHER, "highlight: year %d is out of range", fy);
	fy_format(fy, yl);
	snprintf(label, sizeof label, "highlight for %s", yl);
	if (db_blank(text))
		return db_errf(err, DB_E_OTHER, "%s: the text is empty", label);
	if (db_too_long(text))
		return db_errf(err, DB_E_OTHER, "%s: the text is longer than %d bytes", label, DB_TEXT_MAX);
	if (time_or_now(db, at, when, "time", label, err) != 0)
		return -1;
	if (contract_id != 0) {
		st = db_prepare(db, q_c, err);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, contract_id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			db_copy_text(body, sizeof body, sqlite3_column_text(st, 0));
		db_done(st);
		if (rc == SQLITE_DONE)
			return db_errf(err, DB_E_OTHER, "%s: no contract with id %lld", label,
				       (long long)contract_id);
		if (rc != SQLITE_ROW)
			return db_sqlfail(db, err, rc, "%s", label);
	}
	st = db_prepare(db, q_dup, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, fy);
	if (contract_id != 0)
		sqlite3_bind_int64(st, 2, contract_id);
	sqlite3_bind_text(st, 3, text, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s", label);
	st = db_prepare(db, q_ins, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, fy);
	if (contract_id != 0)
		sqlite3_bind_int64(st, 2, contract_id);
	db_bind_opt(st, 3, body);
	sqlite3_bind_text(st, 4, text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, db->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, when, -1, SQLITE_STATIC);
	return run(db, st, err, label);
}

int db_highlight_put(svdb *db, int fy, int64_t contract_id, const char *text,
		     const char *at, sv_err *err)
{
	int mode = db_wbegin(db, err);

	if (mode < 0)
		return -1;
	return db_wend(db, mode, highlight_write(db, fy, contract_id, text, at, err), err);
}
