#include "config.h"

/* write.c: the rules of commitments, return lines and decisions, in one
 * place for the desk (db_commitment_put, db_return_put, db_return_decide:
 * db.h), the importer and the demo (db_commitment_store, db_return_store:
 * store.h); and highlights.  Each function checks its input and says which
 * field it refuses; the desk's messages, which have no FILE:LINE:COLUMN,
 * name the record too (contract ref, measure code, "2025/26 Q2").  The
 * schema's constraints and triggers hold the same rules again underneath.
 * A desk write is atomic: its own transaction, or a savepoint inside the
 * caller's; an import's runs inside the import's transaction. */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "db/db_private.h"
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

/* A write under way: where a refusal goes and what it names. */
struct wr {
	svdb *db;
	sv_err *err;
	int labelled;        /* the desk: messages begin with the record */
	char label[200];     /* the desk's: "contract C-1, measure T-FTE, 2025/26 Q2" once
			      * known (not formatted for the importer, which has positions) */
	int field;           /* the field refused (enum db_field) */
};

static void wr_init(struct wr *w, svdb *db, int labelled, sv_err *err)
{
	memset(w, 0, sizeof *w);
	w->db = db;
	w->err = err;
	w->labelled = labelled;
}

/* Refuse the write for a fault of field; returns -1. */
static int refuse(struct wr *w, int field, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int refuse(struct wr *w, int field, const char *fmt, ...)
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

/* An SQLite failure, named by the record (or what). */
static int wr_sqlfail(struct wr *w, int rc, const char *what)
{
	return db_sqlfail(w->db, w->err, rc, "%s", w->label[0] != '\0' ? w->label : what);
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

/* A row that an earlier line of the same file wrote (line > 0: an import
 * that marks its rows): refused with DB_E_DUPLICATE. */
static int dup_check(struct wr *w, int entity, int64_t id, long line, db_put_out *out)
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
	static const char q[] = "SELECT pv.set_id, pv.proxy FROM proxy_value pv "
		"JOIN proxy_set ps ON ps.id = pv.set_id WHERE pv.measure_id = ?1 "
		"ORDER BY ps.is_current DESC, ps.id DESC LIMIT 1";
	sqlite3_stmt *st = db_prepare(db, q, err);
	int rc;

	*set_id = 0;
	*isnull = 1;
	*proxy = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, measure_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
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
	static const char q[] = "SELECT c.ref, c.start_date, c.end_date, m.code, "
		"m.unit = 'percent', cm.id, cm.proxy, cm.proxy_set_id "
		"FROM contract c JOIN measure m ON m.id = ?2 LEFT JOIN commitment cm "
		"ON cm.contract_id = c.id AND cm.measure_id = m.id AND cm.year = ?3 WHERE c.id = ?1";
	static const char q_c[] = "SELECT ref FROM contract WHERE id = ?1";
	sqlite3_stmt *st = db_prepare(w->db, q, w->err);
	int rc;

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
	}
	db_done(st);
	if (rc == SQLITE_ROW) {
		if (w->labelled)
			snprintf(w->label, sizeof w->label, "contract %s, measure %s", x->ref, x->code);
		return 0;
	}
	if (rc != SQLITE_DONE)
		return wr_sqlfail(w, rc, "commitment");
	/* no such contract, or no such measure */
	st = db_prepare(w->db, q_c, w->err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, in->contract_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		db_copy_text(x->ref, sizeof x->ref, sqlite3_column_text(st, 0));
	db_done(st);
	if (rc == SQLITE_ROW)
		return refuse(w, DBF_ROW, "contract %s: no measure with id %lld", x->ref,
			      (long long)in->measure_id);
	if (rc != SQLITE_DONE)
		return wr_sqlfail(w, rc, "commitment");
	return refuse(w, DBF_ROW, "commitment: no contract with id %lld", (long long)in->contract_id);
}

/* An existing commitment: the new target and note; its proxy is kept. */
static int commitment_update(struct wr *w, const db_commitment_in *in, const struct cm_now *x,
			     db_put_out *out)
{
	static const char q_upd[] = "UPDATE commitment SET target = ?2, note = ?3 "
		"WHERE id = ?1 AND (target, note) IS NOT (?2, ?3)";
	const db_proxy_choice *p = &in->proxy;
	char a[32], b[32];
	sqlite3_stmt *st;
	int rc;

	if (p->explicit_value &&
	    (p->isnull != x->proxy_null || (!p->isnull && p->value != x->proxy))) {
		db_proxy_text(x->proxy_null, x->proxy, a, sizeof a);
		db_proxy_text(p->isnull, p->value, b, sizeof b);
		return refuse(w, DBF_PROXY, "the commitment's proxy is %s and cannot change to %s "
			      "(a commitment keeps its proxy)", a, b);
	}
	if (p->explicit_value && p->set_id != 0 && p->set_id != x->set_id)
		return refuse(w, DBF_PROXY_SET, "the commitment took its proxy from another proxy "
			      "set, and keeps it");
	st = db_prepare(w->db, q_upd, w->err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, x->id);
	sqlite3_bind_int64(st, 2, in->target);
	db_bind_opt(st, 3, in->note);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return wr_sqlfail(w, rc, "commitment");
	out->id = x->id;
	out->put = sqlite3_changes(w->db->h) > 0 ? DB_PUT_CHANGED : DB_PUT_UNCHANGED;
	return 0;
}

static int commitment_write(struct wr *w, const db_commitment_in *in, long line,
			    db_put_out *out)
{
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
		return refuse(w, DBF_YEAR, "year %d is out of range", in->fy);
	if (w->labelled)
		snprintf(w->label, sizeof w->label, "contract %s, measure %s, %s", x.ref, x.code,
			 fy_format(in->fy, yl));
	if (in->target < 0)
		return refuse(w, DBF_TARGET, "the target is negative");
	if (db_too_long(in->note))
		return refuse(w, DBF_NOTE, "the note is longer than %d bytes", DB_TEXT_MAX);
	if (p->explicit_value && !p->isnull && x.percent)
		return refuse(w, DBF_PROXY, "a percent measure is record only: its proxy must be "
			      "empty");
	fy_range(in->fy, &d1, &d2);
	date_format_iso(d1, first);
	date_format_iso(d2, last);
	if (strcmp(x.start, last) > 0 || strcmp(x.end, first) < 0)
		return refuse(w, DBF_YEAR, "the year does not overlap the contract's dates (%s to %s)",
			      x.start, x.end);
	if (x.id != 0) {
		if (dup_check(w, DB_MARK_COMMITMENT, x.id, line, out) != 0)
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
	struct wr w;
	int rc;

	wr_init(&w, db, 0, err);
	memset(out, 0, sizeof *out);
	rc = commitment_write(&w, in, line, out);
	out->field = rc != 0 ? w.field : DBF_ROW;
	return rc;
}

int db_commitment_put(svdb *db, int64_t contract_id, int64_t measure_id, int fy,
		      sv_qty target, sv_proxy proxy, const char *note,
		      int64_t *id, sv_err *err)
{
	db_commitment_in in;
	db_put_out out;
	struct wr w;
	int mode, rc;

	memset(&in, 0, sizeof in);
	memset(&out, 0, sizeof out);
	in.contract_id = contract_id;
	in.measure_id = measure_id;
	in.fy = fy;
	in.target = target;
	in.note = note;
	in.proxy.explicit_value = proxy == DB_PROXY_NONE || proxy >= 0;
	in.proxy.isnull = proxy == DB_PROXY_NONE;
	in.proxy.value = proxy >= 0 ? proxy : 0;
	wr_init(&w, db, 1, err);
	mode = db_wbegin(db, err);
	if (mode < 0)
		return -1;
	rc = db_wend(db, mode, commitment_write(&w, &in, 0, &out), err);
	if (rc == 0 && id != NULL)
		*id = out.id;
	return rc;
}

/* ---- decisions: the rules ---------------------------------------------------------- */

/* Whether a decision on a line that delivered that much may be written;
 * who decided (by, or the connection's actor) and when (at, or now) into
 * by and when. */
static int decision_check(struct wr *w, const db_decision_in *d, sv_qty delivered,
			  const char **by, char when[24])
{
	char q1[32], q2[32];

	if (d->status != ST_VALIDATED && d->status != ST_REJECTED && d->status != ST_QUERY)
		return refuse(w, DBF_STATUS, "a decision validates, rejects or queries a line");
	if (d->status == ST_VALIDATED) {
		if (d->validated < 0 || d->validated > delivered) {
			qty_format_short(d->validated, q1, sizeof q1);
			qty_format_short(delivered, q2, sizeof q2);
			return refuse(w, DBF_VALIDATED, "the validated quantity %s is %s the delivered %s",
				      q1, d->validated < 0 ? "below 0, not between 0 and" : "more than",
				      q2);
		}
		if (d->validated < delivered && db_blank(d->reason))
			return refuse(w, DBF_REASON, "validating less than delivered needs a reason");
	} else if (db_blank(d->reason)) {
		return refuse(w, DBF_REASON, "%s needs a reason", d->status == ST_REJECTED
			      ? "a rejected line" : "a line in query");
	}
	if (db_too_long(d->reason))
		return refuse(w, DBF_REASON, "the reason is longer than %d bytes", DB_TEXT_MAX);
	*by = db_blank(d->by) ? w->db->actor : d->by;
	if (strlen(*by) > DB_NAME_MAX)
		return refuse(w, DBF_BY, "the name of who decided is too long");
	if (d->at != NULL && *d->at != '\0' && !db_utc_shape(d->at))
		return refuse(w, DBF_AT, "the decision time \"%s\" is not a UTC time like "
			      "2026-01-15T10:04:00Z", d->at);
	if (time_or_now(w->db, d->at, when, "decision time", w->label, w->err) != 0) {
		w->field = DBF_AT;
		return -1;
	}
	return 0;
}

/* A decision's row: the version of the line and the delivered quantity it
 * decided. */
static int decision_insert(struct wr *w, int64_t line_id, const db_decision_in *d,
			   const char *by, const char *at, const char *origin, int64_t version,
			   sv_qty delivered)
{
	static const char q_dec[] = "INSERT INTO decision (return_line_id, status, validated, "
		"reason, decided_by, decided_at, origin, line_version, delivered) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
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
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE ? 0 : wr_sqlfail(w, rc, "decision");
}

/* ---- return lines ------------------------------------------------------------------ */

/* A line's record (contract, measure, year), and the line when it exists. */
struct line_now {
	char ref[64], code[32], start[11], end[11];
	int fy, validated_null;
	int64_t id, delivered, validated, version;
	char status[16], by[DB_NAME_MAX + 1], at[24], submitted[11];
	char evidence[DB_TEXT_MAX + 1], reason[DB_TEXT_MAX + 1];
};

static int line_find(struct wr *w, int64_t commitment_id, int quarter, struct line_now *l)
{
	static const char q[] = "SELECT c.ref, m.code, cm.year, c.start_date, c.end_date, "
		"NULL, r.id, r.delivered, r.evidence, r.submitted, r.status, "
		"r.validated, r.validated_by, r.validated_at, r.reason, r.version "
		"FROM commitment cm JOIN contract c ON c.id = cm.contract_id "
		"JOIN measure m ON m.id = cm.measure_id "
		"LEFT JOIN return_line r ON r.commitment_id = cm.id AND r.quarter = ?2 "
		"WHERE cm.id = ?1";
	sqlite3_stmt *st = db_prepare(w->db, q, w->err);
	char ql[16];
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, commitment_id);
	sqlite3_bind_int(st, 2, quarter);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_copy_text(l->ref, sizeof l->ref, sqlite3_column_text(st, 0));
		db_copy_text(l->code, sizeof l->code, sqlite3_column_text(st, 1));
		l->fy = sqlite3_column_int(st, 2);
		db_copy_text(l->start, sizeof l->start, sqlite3_column_text(st, 3));
		db_copy_text(l->end, sizeof l->end, sqlite3_column_text(st, 4));
		l->id = sqlite3_column_int64(st, 6);
		l->delivered = sqlite3_column_int64(st, 7);
		db_copy_text(l->evidence, sizeof l->evidence, sqlite3_column_text(st, 8));
		db_copy_text(l->submitted, sizeof l->submitted, sqlite3_column_text(st, 9));
		db_copy_text(l->status, sizeof l->status, sqlite3_column_text(st, 10));
		l->validated_null = sqlite3_column_type(st, 11) == SQLITE_NULL;
		l->validated = sqlite3_column_int64(st, 11);
		db_copy_text(l->by, sizeof l->by, sqlite3_column_text(st, 12));
		db_copy_text(l->at, sizeof l->at, sqlite3_column_text(st, 13));
		db_copy_text(l->reason, sizeof l->reason, sqlite3_column_text(st, 14));
		l->version = sqlite3_column_int64(st, 15);
	}
	db_done(st);
	if (rc == SQLITE_DONE)
		return refuse(w, DBF_ROW, "return: no commitment with id %lld",
			      (long long)commitment_id);
	if (rc != SQLITE_ROW)
		return wr_sqlfail(w, rc, "return");
	if (w->labelled) {
		quarter_format((sv_quarter){ l->fy, quarter }, ' ', ql);
		snprintf(w->label, sizeof w->label, "contract %s, measure %s, %s", l->ref, l->code,
			 ql);
	}
	return 0;
}

/* What a line is written as: its values checked, the first and last days
 * of its quarter, and for a line with its history, each decision checked
 * and who and when resolved. */
struct line_in {
	const db_return_in *in;
	char sub[11], qfirst[11], qlast[11];
	const db_decision_in *last;      /* the decision the line holds, or NULL */
	const char *by[DB_HISTORY_MAX];
	char at[DB_HISTORY_MAX][24];
};

static int line_check(struct wr *w, const db_return_in *in, struct line_in *li)
{
	size_t i, n = in->history ? in->ndecisions : 0;
	sv_date d1, d2;

	memset(li, 0, sizeof *li);
	li->in = in;
	if (in->delivered < 0)
		return refuse(w, DBF_DELIVERED, "the delivered quantity is negative");
	if (db_too_long(in->evidence))
		return refuse(w, DBF_EVIDENCE, "the evidence is longer than %d bytes", DB_TEXT_MAX);
	if (in->submitted != NULL) {
		if (!date_valid(in->submitted->y, in->submitted->m, in->submitted->d))
			return refuse(w, DBF_SUBMITTED, "the submitted date is not a real date");
		date_format_iso(*in->submitted, li->sub);
	}
	quarter_range((sv_quarter){ in->fy, in->quarter }, &d1, &d2);
	date_format_iso(d1, li->qfirst);
	date_format_iso(d2, li->qlast);
	if (n > DB_HISTORY_MAX)
		return refuse(w, DBF_STATUS, "more than %d decisions on one line", DB_HISTORY_MAX);
	for (i = 0; i < n; i++)
		if (decision_check(w, &in->decisions[i], in->delivered, &li->by[i], li->at[i]) != 0)
			return -1;
	if (n > 0)
		li->last = &in->decisions[n - 1];
	return 0;
}

static int text_is(const char *a, const char *b)
{
	return db_same_text(a, (const unsigned char *)b);
}

/* A line with its history against the stored line: identical, or refused
 * at the first field that differs. */
static int history_same(struct wr *w, const struct line_in *li, const struct line_now *l)
{
	static const char rule[] = "(a line with its decision must be new or identical)";
	const db_decision_in *d = li->last;
	const char *st = status_name(d != NULL ? d->status : ST_SUBMITTED);
	sv_qty v = d != NULL && d->status == ST_VALIDATED ? d->validated : -1;
	char a[32], b[32];

	if (li->in->delivered != l->delivered) {
		qty_format_short(l->delivered, a, sizeof a);
		qty_format_short(li->in->delivered, b, sizeof b);
		return refuse(w, DBF_DELIVERED, "the stored line has delivered %s, not %s %s", a, b,
			      rule);
	}
	if (!text_is(li->in->evidence, l->evidence))
		return refuse(w, DBF_EVIDENCE, "the stored line has other evidence %s", rule);
	if (strcmp(st, l->status) != 0)
		return refuse(w, DBF_STATUS, "the stored line is %s, not %s %s", l->status, st, rule);
	if ((v < 0) != l->validated_null || (v >= 0 && v != l->validated) ||
	    !text_is(d != NULL ? li->by[li->in->ndecisions - 1] : NULL, l->by) ||
	    !text_is(d != NULL ? li->at[li->in->ndecisions - 1] : NULL, l->at) ||
	    !text_is(d != NULL ? d->reason : NULL, l->reason) || !text_is(li->sub, l->submitted))
		return refuse(w, DBF_STATUS, "the stored line's decision or dates differ (%s by %s at "
			      "%s) %s", l->status, *l->by ? l->by : "nobody",
			      *l->at ? l->at : "no time", rule);
	return 0;
}

/* A new line, as its history ends, with its decisions; 1 when it was
 * inserted, 0 when there is a line already, the commitment is not of the
 * year given, or the quarter is outside the contract's dates (nothing
 * written).  The rule of the dates is here, in the insert itself: the
 * quarter overlaps the contract (?13, ?14: its first and last days). */
static int line_insert(struct wr *w, const struct line_in *li, db_put_out *out)
{
	static const char q_fits[] = "SELECT 1 FROM commitment cm JOIN contract c "
		"ON c.id = cm.contract_id WHERE cm.id = ?1 AND cm.year = ?2 "
		"AND c.start_date <= ?4 AND c.end_date >= ?3";
	static const char q_ins[] = "INSERT INTO return_line (commitment_id, quarter, delivered, "
		"evidence, submitted, status, validated, validated_by, validated_at, reason, version) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
		"ON CONFLICT (commitment_id, quarter) DO NOTHING";
	const db_return_in *in = li->in;
	const db_decision_in *d = li->last;
	size_t i, n = d != NULL ? in->ndecisions : 0;
	const char *origin = strcmp(w->db->origin, "demo") == 0 ? "demo" : "import";
	sqlite3_stmt *st = db_prepare(w->db, q_fits, w->err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, in->commitment_id);
	sqlite3_bind_int(st, 2, in->fy);
	sqlite3_bind_text(st, 3, li->qfirst, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, li->qlast, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return wr_sqlfail(w, rc, "return line");
	st = db_prepare(w->db, q_ins, w->err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, in->commitment_id);
	sqlite3_bind_int(st, 2, in->quarter);
	sqlite3_bind_int64(st, 3, in->delivered);
	db_bind_opt(st, 4, in->evidence);
	db_bind_opt(st, 5, li->sub);
	sqlite3_bind_text(st, 6, status_name(d != NULL ? d->status : ST_SUBMITTED), -1,
			  SQLITE_STATIC);
	if (d != NULL && d->status == ST_VALIDATED)
		sqlite3_bind_int64(st, 7, d->validated);
	if (d != NULL) {
		sqlite3_bind_text(st, 8, li->by[n - 1], -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 9, li->at[n - 1], -1, SQLITE_STATIC);
		db_bind_opt(st, 10, d->reason);
	}
	sqlite3_bind_int64(st, 11, 1 + (int64_t)n);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return wr_sqlfail(w, rc, "return line");
	if (sqlite3_changes(w->db->h) == 0)
		return 0;
	out->id = sqlite3_last_insert_rowid(w->db->h);
	out->put = DB_PUT_ADDED;
	for (i = 0; i < n; i++)
		if (decision_insert(w, out->id, &in->decisions[i], li->by[i], li->at[i], origin,
				    1 + (int64_t)i, in->delivered) != 0)
			return -1;
	return 1;
}

/* A supplier's changed line replaces a submitted one or one in query. */
static int line_replace(struct wr *w, const struct line_in *li, const struct line_now *l,
			db_put_out *out)
{
	static const char q_upd[] = "UPDATE return_line SET delivered = ?2, evidence = ?3, "
		"submitted = ?4, status = 'submitted', validated = NULL, validated_by = NULL, "
		"validated_at = NULL, reason = NULL, version = version + 1 WHERE id = ?1";
	sqlite3_stmt *st;
	int rc;

	out->id = l->id;
	if (li->in->delivered == l->delivered && text_is(li->in->evidence, l->evidence)) {
		out->put = DB_PUT_UNCHANGED;
		return 0;
	}
	if (strcmp(l->status, "validated") == 0 || strcmp(l->status, "rejected") == 0)
		return refuse(w, DBF_DELIVERED, "the line was already %s by %s at %s; a changed "
			      "return cannot replace it", l->status, l->by, l->at);
	st = db_prepare(w->db, q_upd, w->err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, l->id);
	sqlite3_bind_int64(st, 2, li->in->delivered);
	db_bind_opt(st, 3, li->in->evidence);
	db_bind_opt(st, 4, li->sub);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return wr_sqlfail(w, rc, "return line");
	out->put = DB_PUT_CHANGED;
	return 0;
}

static int return_write(struct wr *w, const db_return_in *in, long line, db_put_out *out)
{
	static struct line_now l;   /* two texts of 4,000 bytes: kept off the stack */
	static struct line_in li;
	db_return_in given = *in;
	int rc;

	if (in->quarter < 1 || in->quarter > 4)
		return refuse(w, DBF_QUARTER, "return: quarter %d is not 1 to 4", in->quarter);
	/* the desk's messages name the line, and a year not given is the
	 * commitment's: find it first */
	if (w->labelled || in->fy == 0) {
		if (line_find(w, in->commitment_id, in->quarter, &l) != 0)
			return -1;
		if (given.fy == 0)
			given.fy = l.fy;
	}
	in = &given;
	if (in->fy < FY_MIN || in->fy > FY_MAX)
		return refuse(w, DBF_QUARTER, "year %d is out of range", in->fy);
	if (line_check(w, in, &li) != 0)
		return -1;
	/* Most lines are new: try the insert first, look at the stored line
	 * only when nothing was inserted. */
	rc = line_insert(w, &li, out);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (line_find(w, in->commitment_id, in->quarter, &l) != 0)
		return -1;
	if (l.fy != in->fy)
		return refuse(w, DBF_QUARTER, "the commitment is for %d/%02d, not %d/%02d", l.fy,
			      (l.fy + 1) % 100, in->fy, (in->fy + 1) % 100);
	/* as the insert compares them */
	if (strcmp(l.start, li.qlast) > 0 || strcmp(l.end, li.qfirst) < 0)
		return refuse(w, DBF_QUARTER, "the quarter does not overlap the contract's dates "
			      "(%s to %s)", l.start, l.end);
	if (l.id == 0)
		return refuse(w, DBF_ROW, "return line: neither written nor found");
	if (dup_check(w, DB_MARK_RETURN, l.id, line, out) != 0)
		return -1;
	if (!in->history)
		return line_replace(w, &li, &l, out);
	out->id = l.id;
	out->put = DB_PUT_UNCHANGED;
	return history_same(w, &li, &l);
}

int db_return_store(svdb *db, const db_return_in *in, long line, db_put_out *out,
		    sv_err *err)
{
	struct wr w;
	int rc;

	wr_init(&w, db, 0, err);
	memset(out, 0, sizeof *out);
	rc = return_write(&w, in, line, out);
	out->field = rc != 0 ? w.field : DBF_ROW;
	return rc;
}

int db_return_put(svdb *db, int64_t commitment_id, int quarter, sv_qty delivered,
		  const char *evidence, const sv_date *submitted,
		  int64_t *id, sv_err *err)
{
	db_return_in in;
	db_put_out out;
	struct wr w;
	int mode, rc;

	memset(&in, 0, sizeof in);
	memset(&out, 0, sizeof out);
	in.commitment_id = commitment_id;
	in.quarter = quarter;
	in.delivered = delivered;
	in.evidence = evidence;
	in.submitted = submitted;
	wr_init(&w, db, 1, err);
	mode = db_wbegin(db, err);
	if (mode < 0)
		return -1;
	rc = db_wend(db, mode, return_write(&w, &in, 0, &out), err);
	if (rc == 0 && id != NULL)
		*id = out.id;
	return rc;
}

/* ---- decisions at the desk --------------------------------------------------------- */

/* Who changed the line last, and when: the decision on it, or (for a
 * resubmitted line) the latest audit entry. */
static void last_change(svdb *db, int64_t line_id, const char *status, const char *vby,
			const char *vat, char *by, size_t nby, char *at, size_t nat)
{
	static const char q[] = "SELECT who, at FROM audit WHERE entity = 'return_line' "
		"AND entity_id = ?1 ORDER BY id DESC LIMIT 1";
	sqlite3_stmt *st;

	snprintf(by, nby, "%s", vby);
	snprintf(at, nat, "%s", vat);
	if (strcmp(status, "submitted") != 0 || (st = db_prepare(db, q, NULL)) == NULL)
		return;
	sqlite3_bind_int64(st, 1, line_id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		db_copy_text(by, nby, sqlite3_column_text(st, 0));
		db_copy_text(at, nat, sqlite3_column_text(st, 1));
	}
	db_done(st);
}

static int decide_write(struct wr *w, int64_t line_id, const db_decision_in *d,
			int64_t expect_version)
{
	static const char q_line[] = "SELECT commitment_id, quarter FROM return_line WHERE id = ?1";
	static const char q_upd[] = "UPDATE return_line SET status = ?2, validated = ?3, "
		"validated_by = ?4, validated_at = ?5, reason = ?6, version = version + 1 "
		"WHERE id = ?1 AND version = ?7";
	static struct line_now l;
	char who[DB_NAME_MAX + 1], when[24];
	const char *by;
	int64_t cm = 0;
	int quarter = 0, rc;
	sqlite3_stmt *st = db_prepare(w->db, q_line, w->err);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, line_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		cm = sqlite3_column_int64(st, 0);
		quarter = sqlite3_column_int(st, 1);
	}
	db_done(st);
	if (rc == SQLITE_DONE)
		return refuse(w, DBF_ROW, "decision: no return line with id %lld", (long long)line_id);
	if (rc != SQLITE_ROW)
		return wr_sqlfail(w, rc, "decision");
	if (line_find(w, cm, quarter, &l) != 0)
		return -1;
	if (expect_version >= 0 && expect_version != l.version) {
		last_change(w->db, line_id, l.status, l.by, l.at, who, sizeof who, when, sizeof when);
		return refuse(w, DBF_ROW, "the line was changed by someone else meanwhile (by %s at %s)",
			      who, when);
	}
	if (decision_check(w, d, l.delivered, &by, when) != 0)
		return -1;

	/* The decision first, with the version and delivered quantity it
	 * decided: its audit entry then records the line's change too (one
	 * entry), and the line's update gets none of its own. */
	if (decision_insert(w, line_id, d, by, when, strcmp(w->db->origin, "import") == 0 ||
			    strcmp(w->db->origin, "demo") == 0 ? w->db->origin : "desk",
			    l.version, l.delivered) != 0)
		return -1;
	st = db_prepare(w->db, q_upd, w->err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, line_id);
	sqlite3_bind_text(st, 2, status_name(d->status), -1, SQLITE_STATIC);
	if (d->status == ST_VALIDATED)
		sqlite3_bind_int64(st, 3, d->validated);
	sqlite3_bind_text(st, 4, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, when, -1, SQLITE_STATIC);
	db_bind_opt(st, 6, d->reason);
	sqlite3_bind_int64(st, 7, l.version);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return wr_sqlfail(w, rc, "decision");
	if (sqlite3_changes(w->db->h) != 1)
		return refuse(w, DBF_ROW, "the line was changed by someone else meanwhile");
	return 0;
}

int db_return_decide(svdb *db, int64_t line_id, enum sv_status st, sv_qty validated,
		     const char *reason, const char *by, const char *at,
		     int64_t expect_version, sv_err *err)
{
	db_decision_in d = { st, validated, reason, by, at };
	struct wr w;
	int mode = db_wbegin(db, err);

	if (mode < 0)
		return -1;
	wr_init(&w, db, 1, err);
	return db_wend(db, mode, decide_write(&w, line_id, &d, expect_version), err);
}

/* ---- highlights ---------------------------------------------------------------------- */

static int highlight_write(svdb *db, int fy, int64_t contract_id, const char *text,
			   const char *at, sv_err *err)
{
	static const char q_c[] = "SELECT body FROM contract WHERE id = ?1";
	static const char q_dup[] = "SELECT 1 FROM highlight WHERE year = ?1 AND contract_id IS ?2 "
		"AND text = ?3";
	static const char q_ins[] = "INSERT INTO highlight (year, contract_id, body, text, "
		"created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
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
