#include "config.h"

/* returns.c: the rules of return lines and of decisions on them (see
 * write.c): a supplier's line, a line with its history (an import, the
 * demo), and a decision at the desk. */

#include <stdio.h>
#include <string.h>

#include "db/db_private.h"
#include "db/write_private.h"
#include "svdesk/register.h"
#include "svdesk/store.h"

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
		"r.id, r.delivered, r.evidence, r.submitted, r.status, "
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
		l->id = sqlite3_column_int64(st, 5);
		l->delivered = sqlite3_column_int64(st, 6);
		db_copy_text(l->evidence, sizeof l->evidence, sqlite3_column_text(st, 7));
		db_copy_text(l->submitted, sizeof l->submitted, sqlite3_column_text(st, 8));
		db_copy_text(l->status, sizeof l->status, sqlite3_column_text(st, 9));
		l->validated_null = sqlite3_column_type(st, 10) == SQLITE_NULL;
		l->validated = sqlite3_column_int64(st, 10);
		db_copy_text(l->by, sizeof l->by, sqlite3_column_text(st, 11));
		db_copy_text(l->at, sizeof l->at, sqlite3_column_text(st, 12));
		db_copy_text(l->reason, sizeof l->reason, sqlite3_column_text(st, 13));
		l->version = sqlite3_column_int64(st, 14);
	}
	db_done(st);
	if (rc == SQLITE_DONE)
		return wr_refuse(w, DBF_ROW, "return: no commitment with id %lld",
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
		return wr_refuse(w, DBF_DELIVERED, "the delivered quantity is negative");
	if (db_too_long(in->evidence))
		return wr_refuse(w, DBF_EVIDENCE, "the evidence is longer than %d bytes", DB_TEXT_MAX);
	if (in->submitted != NULL) {
		if (!date_valid(in->submitted->y, in->submitted->m, in->submitted->d))
			return wr_refuse(w, DBF_SUBMITTED, "the submitted date is not a real date");
		date_format_iso(*in->submitted, li->sub);
	}
	quarter_range((sv_quarter){ in->fy, in->quarter }, &d1, &d2);
	date_format_iso(d1, li->qfirst);
	date_format_iso(d2, li->qlast);
	if (n > DB_HISTORY_MAX)
		return wr_refuse(w, DBF_STATUS, "more than %d decisions on one line", DB_HISTORY_MAX);
	for (i = 0; i < n; i++)
		if (wr_decision_check(w, &in->decisions[i], in->delivered, &li->by[i], li->at[i]) != 0)
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
		return wr_refuse(w, DBF_DELIVERED, "the stored line has delivered %s, not %s %s", a, b,
				 rule);
	}
	if (!li->in->keep_evidence && !text_is(li->in->evidence, l->evidence))
		return wr_refuse(w, DBF_EVIDENCE, "the stored line has other evidence %s", rule);
	if (strcmp(st, l->status) != 0)
		return wr_refuse(w, DBF_STATUS, "the stored line is %s, not %s %s", l->status, st, rule);
	if ((v < 0) != l->validated_null || (v >= 0 && v != l->validated) ||
	    !text_is(d != NULL ? li->by[li->in->ndecisions - 1] : NULL, l->by) ||
	    !text_is(d != NULL ? li->at[li->in->ndecisions - 1] : NULL, l->at) ||
	    !text_is(d != NULL ? d->reason : NULL, l->reason) ||
	    (!li->in->keep_submitted && !text_is(li->sub, l->submitted)))
		return wr_refuse(w, DBF_STATUS, "the stored line's decision or dates differ (%s by %s at "
				 "%s) %s", l->status, *l->by ? l->by : "nobody",
				 *l->at ? l->at : "no time", rule);
	return 0;
}

/* The rule of the dates: the quarter overlaps the contract's dates. */
static int quarter_within(const struct line_in *li, const char *start, const char *end)
{
	return strcmp(start, li->qlast) <= 0 && strcmp(end, li->qfirst) >= 0;
}

/* Whether the cache holds the commitments of a contract of this database
 * whose dates have not been written since. */
static int cache_valid(const struct wr *w, const db_line_cache *c)
{
	return c != NULL && c->db == w->db && c->gen == wr_contract_gen;
}

/* The year of commitment cm and its contract's dates: 1, or 0 when there
 * is no such commitment (or -1).  Read with the other commitments of the
 * contract into the caller's cache when there is one (an import, the
 * demo), else into one of our own for this line. */
static int commitment_window(struct wr *w, db_line_cache *c, int64_t cm, int *fy,
			     const char **start, const char **end)
{
	static const char q[] = "SELECT cm2.id, cm2.year, c.start_date, c.end_date "
		"FROM commitment cm JOIN contract c ON c.id = cm.contract_id "
		"JOIN commitment cm2 ON cm2.contract_id = cm.contract_id "
		"WHERE cm.id = ?1 ORDER BY cm2.id = ?1 DESC LIMIT ?2";
	static db_line_cache one;
	size_t i, max;
	sqlite3_stmt *st;
	int rc = SQLITE_DONE;

	for (i = 0; cache_valid(w, c) && i < c->n; i++) {
		if (c->cm[i].id == cm) {
			*fy = c->cm[i].fy;
			*start = c->start;
			*end = c->end;
			return 1;
		}
	}
	/* this commitment first (a contract with more than fit is read again
	 * for the others) */
	if (c == NULL)
		c = &one;
	max = c == &one ? 1 : sizeof c->cm / sizeof c->cm[0];
	c->db = NULL;
	c->n = 0;
	st = db_prepare(w->db, q, w->err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, cm);
	sqlite3_bind_int64(st, 2, (int64_t)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		c->cm[c->n].id = sqlite3_column_int64(st, 0);
		c->cm[c->n].fy = sqlite3_column_int(st, 1);
		db_copy_text(c->start, sizeof c->start, sqlite3_column_text(st, 2));
		db_copy_text(c->end, sizeof c->end, sqlite3_column_text(st, 3));
		c->n++;
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		return wr_sqlfail(w, rc, "return line");
	if (c->n == 0)
		return 0;
	c->db = w->db;
	c->gen = wr_contract_gen;
	*fy = c->cm[0].fy;
	*start = c->start;
	*end = c->end;
	return 1;
}

/* A new line, as its history ends, with its decisions; 1 when it was
 * inserted, 0 when there is a line already, the commitment is not of the
 * year given, or the quarter is outside the contract's dates (nothing
 * written). */
static int line_insert(struct wr *w, const struct line_in *li, db_put_out *out)
{
	static const char q_ins[] = "INSERT INTO return_line (commitment_id, quarter, delivered, "
		"evidence, submitted, status, validated, validated_by, validated_at, reason, version) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
		"ON CONFLICT (commitment_id, quarter) DO NOTHING";
	const db_return_in *in = li->in;
	const db_decision_in *d = li->last;
	size_t i, n = d != NULL ? in->ndecisions : 0;
	const char *origin = strcmp(w->db->origin, "demo") == 0 ? "demo" : "import";
	const char *start = "", *end = "";
	sqlite3_stmt *st;
	int rc, fy = 0;

	rc = commitment_window(w, in->cache, in->commitment_id, &fy, &start, &end);
	if (rc <= 0 || fy != in->fy || !quarter_within(li, start, end))
		return rc < 0 ? -1 : 0;
	st = db_prepare(w->db, q_ins, w->err);
	if (st == NULL)
		return -1;
	/* the texts are the caller's until the statement is reset (db_done,
	 * below): bound in place, not copied */
	sqlite3_bind_int64(st, 1, in->commitment_id);
	sqlite3_bind_int(st, 2, in->quarter);
	sqlite3_bind_int64(st, 3, in->delivered);
	if (in->evidence != NULL && *in->evidence != '\0')
		sqlite3_bind_text(st, 4, in->evidence, -1, SQLITE_STATIC);
	if (li->sub[0] != '\0')
		sqlite3_bind_text(st, 5, li->sub, 10, SQLITE_STATIC);
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
		if (wr_decision_insert(w, out->id, &in->decisions[i], li->by[i], li->at[i], origin,
				    1 + (int64_t)i, in->delivered, 0) != 0)
			return -1;
	return 1;
}

/* A supplier's changed line replaces a submitted one or one in query.  A
 * column the file lacks keeps the stored value; the line is identical when
 * every value the file gives equals the stored one. */
static int line_replace(struct wr *w, const struct line_in *li, const struct line_now *l,
			db_put_out *out)
{
	static const char q_upd[] = "UPDATE return_line SET delivered = ?2, evidence = ?3, "
		"submitted = ?4, status = 'submitted', validated = NULL, validated_by = NULL, "
		"validated_at = NULL, reason = NULL, version = version + 1 WHERE id = ?1";
	const char *evidence = li->in->keep_evidence ? l->evidence : li->in->evidence;
	const char *sub = li->in->keep_submitted ? l->submitted : li->sub;
	sqlite3_stmt *st;
	int rc;

	out->id = l->id;
	if (li->in->delivered == l->delivered && text_is(evidence, l->evidence) &&
	    (!li->in->submitted_given || text_is(sub, l->submitted))) {
		out->put = DB_PUT_UNCHANGED;
		return 0;
	}
	if (strcmp(l->status, "validated") == 0 || strcmp(l->status, "rejected") == 0)
		return wr_refuse(w, DBF_DELIVERED, "the line was already %s by %s at %s; a changed "
				 "return cannot replace it", l->status, l->by, l->at);
	st = db_prepare(w->db, q_upd, w->err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, l->id);
	sqlite3_bind_int64(st, 2, li->in->delivered);
	db_bind_opt(st, 3, evidence);
	db_bind_opt(st, 4, sub);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return wr_sqlfail(w, rc, "return line");
	out->put = DB_PUT_CHANGED;
	return 0;
}

static int return_write(struct wr *w, const void *arg, long line, db_put_out *out)
{
	const db_return_in *in = arg;
	static struct line_now l;   /* two texts of 4,000 bytes: kept off the stack */
	static struct line_in li;
	db_return_in given = *in;
	int rc;

	if (in->quarter < 1 || in->quarter > 4)
		return wr_refuse(w, DBF_QUARTER, "return: quarter %d is not 1 to 4", in->quarter);
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
		return wr_refuse(w, DBF_QUARTER, "year %d is out of range", in->fy);
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
		return wr_refuse(w, DBF_QUARTER, "the commitment is for %d/%02d, not %d/%02d", l.fy,
				 (l.fy + 1) % 100, in->fy, (in->fy + 1) % 100);
	if (!quarter_within(&li, l.start, l.end))
		return wr_refuse(w, DBF_QUARTER, "the quarter does not overlap the contract's dates "
				 "(%s to %s)", l.start, l.end);
	if (l.id == 0)
		return wr_refuse(w, DBF_ROW, "return line: neither written nor found");
	if (wr_dup_check(w, DB_MARK_RETURN, l.id, line, out) != 0)
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
	return wr_run(db, 0, return_write, in, line, out, err);
}

int db_return_put(svdb *db, int64_t commitment_id, int quarter, sv_qty delivered,
		  const char *evidence, const sv_date *submitted,
		  int64_t *id, sv_err *err)
{
	const db_return_in in = {
		.commitment_id = commitment_id, .quarter = quarter, .delivered = delivered,
		.evidence = evidence, .submitted = submitted,
	};

	return wr_put(db, return_write, &in, id, err);
}

/* ---- decisions at the desk --------------------------------------------------------- */

/* The statements of a decision and an undo (db_decide_statements lists
 * them for the query-plan test: each finds its rows through an index). */
static const char q_line_key[] = "SELECT commitment_id, quarter FROM return_line WHERE id = ?1";
/* the decision that made the line's state, if one did (one row always:
 * max(id) NULL when none; the other columns are that row's) */
static const char q_stale_decision[] = "SELECT decided_by, decided_at, undoes IS NOT NULL, "
	"max(id) FROM decision WHERE return_line_id = ?1 AND line_version = ?2";
/* else its latest change, or the import that added it */
static const char q_stale_entry[] = "SELECT who, at FROM audit WHERE id = coalesce("
	"(SELECT max(id) FROM audit WHERE entity = 'return_line' AND entity_id = ?1), "
	"(SELECT import_id FROM return_line WHERE id = ?1))";
static const char q_line_set[] = "UPDATE return_line SET status = ?2, validated = ?3, "
	"validated_by = ?4, validated_at = ?5, reason = ?6, version = version + 1 "
	"WHERE id = ?1 AND version = ?7";
/* the line before a decision: its audit entry's "before" */
static const char q_before[] = "SELECT json_extract(before, '$.status'), "
	"json_extract(before, '$.validated'), json_extract(before, '$.validated_by'), "
	"json_extract(before, '$.validated_at'), json_extract(before, '$.reason'), "
	"json_extract(before, '$.version') FROM audit WHERE entity = 'decision' "
	"AND entity_id = ?1 AND action = 'insert' AND before IS NOT NULL "
	"ORDER BY id DESC LIMIT 1";
/* the decision undone, and the line's last decision */
static const char q_undone[] = "SELECT return_line_id, line_version, "
	"(SELECT max(id) FROM decision WHERE return_line_id = d.return_line_id) "
	"FROM decision d WHERE id = ?1";
/* The decisions made on the line after one: an undo of an earlier
 * decision of the same run is allowed when these cancel out in pairs. */
static const char q_after[] = "SELECT id, undoes FROM decision "
	"WHERE return_line_id = ?1 AND id > ?2 ORDER BY id";
static const char q_undo_insert[] = "INSERT INTO decision (return_line_id, status, validated, "
	"reason, decided_by, decided_at, origin, line_version, delivered, undoes) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'desk', ?7, ?8, ?9)";
/* (line_find's statement reads the line itself: returns.c, above) */

const char *const *db_decide_statements(size_t *n)
{
	static const char *const list[] = {
		q_line_key, q_stale_decision, q_stale_entry, q_line_set, q_before, q_undone, q_after,
		q_undo_insert,
	};

	*n = sizeof list / sizeof list[0];
	return list;
}

/* Who changed the line last, and when: the decision on it, or (for a
 * resubmitted line) the latest audit entry.  (db_return_decide's message.) */
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

/* A UTC time as the desk shows it: "02/12/2026 10:04" (UTC, as stored). */
static const char *uk_stamp(const char *utc, char *buf, size_t n)
{
	if (utc == NULL || strlen(utc) < 16)
		snprintf(buf, n, "%s", utc != NULL && *utc ? utc : "an unknown time");
	else
		snprintf(buf, n, "%.2s/%.2s/%.4s %.5s", utc + 8, utc + 5, utc, utc + 11);
	return buf;
}

/* The desk's refusal of a line that changed since it was shown (err->code
 * DB_E_STALE): who changed it last and when.  The line's state now was
 * made by its last decision when that decision decided the version before
 * (an ordinary one, or an undo); else by a (re)submission: the latest
 * audit entry of the line, or the import that added it. */
static int stale(struct wr *w, int64_t line_id, const struct line_now *l)
{
	char by[DB_NAME_MAX + 1] = "", at[24] = "", when[40], msg[SV_ERR_MAX];
	const char *what = "changed";
	sqlite3_stmt *st = db_prepare(w->db, q_stale_decision, w->err);
	int rc, decided = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, line_id);
	sqlite3_bind_int64(st, 2, l->version - 1);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 3) != SQLITE_NULL) {
		db_copy_text(by, sizeof by, sqlite3_column_text(st, 0));
		db_copy_text(at, sizeof at, sqlite3_column_text(st, 1));
		what = sqlite3_column_int(st, 2) ? "undone" : "decided";
		decided = 1;
	}
	db_done(st);
	if (rc != SQLITE_ROW)
		return wr_sqlfail(w, rc, "decision");
	if (!decided) {
		st = db_prepare(w->db, q_stale_entry, w->err);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, line_id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			db_copy_text(by, sizeof by, sqlite3_column_text(st, 0));
			db_copy_text(at, sizeof at, sqlite3_column_text(st, 1));
		}
		db_done(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return wr_sqlfail(w, rc, "decision");
		what = l->version > 1 ? "resubmitted" : "submitted";
	}
	snprintf(msg, sizeof msg, "%s%sthe line changed since it was shown: %s by %s at %s "
		 "(now %s); nothing was written", w->label, w->label[0] ? ": " : "", what,
		 by[0] ? by : "someone", uk_stamp(at, when, sizeof when), l->status);
	return db_errf(w->err, DB_E_STALE, "%s", msg);
}

/* The line, found by id, into l (and its label into w). */
static int line_by_id(struct wr *w, int64_t line_id, struct line_now *l)
{
	sqlite3_stmt *st = db_prepare(w->db, q_line_key, w->err);
	int64_t cm = 0;
	int quarter = 0, rc;

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
		return wr_refuse(w, DBF_ROW, "decision: no return line with id %lld", (long long)line_id);
	if (rc != SQLITE_ROW)
		return wr_sqlfail(w, rc, "decision");
	return line_find(w, cm, quarter, l);
}

/* The line takes a decision's state: status, validated (NULL when
 * validated < 0), who, when and reason, one version up from version. */
static int line_set(struct wr *w, int64_t line_id, const char *status, sv_qty validated,
		    const char *by, const char *at, const char *reason, int64_t version)
{
	sqlite3_stmt *st = db_prepare(w->db, q_line_set, w->err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, line_id);
	sqlite3_bind_text(st, 2, status, -1, SQLITE_STATIC);
	if (validated >= 0)
		sqlite3_bind_int64(st, 3, validated);
	db_bind_opt(st, 4, by);
	db_bind_opt(st, 5, at);
	db_bind_opt(st, 6, reason);
	sqlite3_bind_int64(st, 7, version);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return wr_sqlfail(w, rc, "decision");
	if (sqlite3_changes(w->db->h) != 1)
		return wr_refuse(w, DBF_ROW, "the line was changed by someone else meanwhile");
	return 0;
}

/* desk: a decision at the desk (db_decide: origin desk, refusals with
 * DB_E_STALE); else db_return_decide's (origin as the connection's). */
static int decide_write(struct wr *w, int64_t line_id, const db_decision_in *d,
			int64_t expect_version, int desk, db_decided *out)
{
	static struct line_now l;
	char who[DB_NAME_MAX + 1], when[24];
	const char *by, *origin = "desk";

	if (line_by_id(w, line_id, &l) != 0)
		return -1;
	if (desk && expect_version != l.version)
		return stale(w, line_id, &l);
	if (!desk && expect_version >= 0 && expect_version != l.version) {
		last_change(w->db, line_id, l.status, l.by, l.at, who, sizeof who, when, sizeof when);
		return wr_refuse(w, DBF_ROW, "the line was changed by someone else meanwhile (by %s at %s)",
				 who, when);
	}
	if (wr_decision_check(w, d, l.delivered, &by, when) != 0)
		return -1;
	if (!desk && (strcmp(w->db->origin, "import") == 0 || strcmp(w->db->origin, "demo") == 0))
		origin = w->db->origin;

	/* The decision first, with the version and delivered quantity it
	 * decided: its audit entry then records the line's change too (one
	 * entry), and the line's update gets none of its own. */
	if (wr_decision_insert(w, line_id, d, by, when, origin, l.version, l.delivered, 0) != 0)
		return -1;
	if (out != NULL) {
		out->decision_id = sqlite3_last_insert_rowid(w->db->h);
		out->version = l.version + 1;
	}
	return line_set(w, line_id, status_name(d->status),
			d->status == ST_VALIDATED ? d->validated : -1, by, when, d->reason, l.version);
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
	return db_wend(db, mode, decide_write(&w, line_id, &d, expect_version, 0, NULL), err);
}

/* ---- the desk's own transactions: short, and never "database is locked" ------------ */


int db_decide(svdb *db, int64_t line_id, enum sv_status st, sv_qty validated,
	      const char *reason, int64_t expect_version, db_decided *out, sv_err *err)
{
	db_decision_in d = { st, validated, reason, NULL, NULL };
	db_decided got = { 0, 0 };
	struct wr w;

	if (out != NULL)
		*out = got;
	if (db_desk_begin(db, "decision", err) != 0)
		return -1;
	wr_init(&w, db, 1, err);
	if (db_desk_end(db, decide_write(&w, line_id, &d, expect_version, 1, &got), "decision",
			err) != 0)
		return -1;
	if (out != NULL)
		*out = got;
	return 0;
}

/* The line as it was before decision `undone`: the "before" of that
 * decision's audit entry (written with the decision, in its transaction). */
struct before {
	char status[16], by[DB_NAME_MAX + 1], at[24];
	char reason[DB_TEXT_MAX + 1];
	int has_reason;
	sv_qty validated;           /* -1 when none */
	int64_t version;
};

static int before_read(struct wr *w, int64_t undone, struct before *b)
{
	sqlite3_stmt *st = db_prepare(w->db, q_before, w->err);
	int rc;

	memset(b, 0, sizeof *b);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, undone);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_copy_text(b->status, sizeof b->status, sqlite3_column_text(st, 0));
		b->validated = sqlite3_column_type(st, 1) == SQLITE_NULL ? -1
			: sqlite3_column_int64(st, 1);
		db_copy_text(b->by, sizeof b->by, sqlite3_column_text(st, 2));
		db_copy_text(b->at, sizeof b->at, sqlite3_column_text(st, 3));
		b->has_reason = sqlite3_column_type(st, 4) != SQLITE_NULL;
		db_copy_text(b->reason, sizeof b->reason, sqlite3_column_text(st, 4));
		b->version = sqlite3_column_int64(st, 5);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return wr_sqlfail(w, rc, "undo");
	return rc == SQLITE_ROW;
}

/* Whether the decisions on the line after decision `after` cancel out: each
 * an undo of the latest one not yet undone (decide B, undo B; or decide B,
 * decide C, undo C, undo B), so that the line stands as `after` left it.
 * *count gets how many there are.  1 yes, 0 no, -1 error. */
static int cancel_out(struct wr *w, int64_t line_id, int64_t after, int64_t *count)
{
	int64_t open[64];
	size_t n = 0;
	int rc, ok = 1;
	sqlite3_stmt *st = db_prepare(w->db, q_after, w->err);

	*count = 0;
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, line_id);
	sqlite3_bind_int64(st, 2, after);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		int undoes = sqlite3_column_type(st, 1) != SQLITE_NULL;

		(*count)++;
		if (undoes && n > 0 && open[n - 1] == sqlite3_column_int64(st, 1))
			n--;
		else if (!undoes && n < sizeof open / sizeof open[0])
			open[n++] = id;
		else
			ok = 0;     /* an undo of something else, or too deep */
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		return wr_sqlfail(w, rc, "undo");
	return ok && n == 0;
}

static int undo_write(struct wr *w, int64_t line_id, int64_t undone, int64_t expect_version,
		      db_decided *out)
{
	static struct line_now l;
	static struct before b;
	int64_t on_line = 0, decided_version = 0, last = 0, since = 0;
	char when[24];
	const char *by;
	sqlite3_stmt *st;
	int rc;

	if (line_by_id(w, line_id, &l) != 0)
		return -1;
	if (expect_version != l.version)
		return stale(w, line_id, &l);
	st = db_prepare(w->db, q_undone, w->err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, undone);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		on_line = sqlite3_column_int64(st, 0);
		decided_version = sqlite3_column_int64(st, 1);
		last = sqlite3_column_int64(st, 2);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return wr_sqlfail(w, rc, "undo");
	if (rc == SQLITE_DONE || on_line != line_id)
		return wr_refuse(w, DBF_ROW, "undo: decision %lld is not one of this line's",
				 (long long)undone);
	/* someone acted on the line since: a later decision that is not undone,
	 * or a resubmission (which moves the version without a decision) */
	if (last != undone) {
		rc = cancel_out(w, line_id, undone, &since);
		if (rc < 0)
			return -1;
		if (rc == 0)
			return stale(w, line_id, &l);
	}
	if (decided_version + 1 + since != l.version)
		return stale(w, line_id, &l);
	rc = before_read(w, undone, &b);
	if (rc < 0)
		return -1;
	if (rc == 0 || b.version != decided_version || b.status[0] == '\0')
		return wr_refuse(w, DBF_ROW, "undo: decision %lld was not made at the desk (an import "
				 "or the demo recorded it), so there is no state before it to "
				 "restore", (long long)undone);
	/* who undoes and when: the connection's actor, now */
	if (wr_actor_now(w, &by, when) != 0)
		return -1;
	st = db_prepare(w->db, q_undo_insert, w->err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, line_id);
	sqlite3_bind_text(st, 2, b.status, -1, SQLITE_STATIC);
	if (b.validated >= 0)
		sqlite3_bind_int64(st, 3, b.validated);
	if (b.has_reason)
		sqlite3_bind_text(st, 4, b.reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, when, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 7, l.version);
	sqlite3_bind_int64(st, 8, l.delivered);
	sqlite3_bind_int64(st, 9, undone);
	rc = sqlite3_step(st);
	db_done(st);
	if (rc != SQLITE_DONE)
		return wr_sqlfail(w, rc, "undo");
	out->decision_id = sqlite3_last_insert_rowid(w->db->h);
	out->version = l.version + 1;
	/* the line as it was: the earlier decision's person and time, or none */
	return line_set(w, line_id, b.status, b.validated, b.by[0] ? b.by : NULL,
			b.at[0] ? b.at : NULL, b.has_reason ? b.reason : NULL, l.version);
}

int db_undo(svdb *db, int64_t line_id, int64_t decision_id, int64_t expect_version,
	    db_decided *out, sv_err *err)
{
	db_decided got = { 0, 0 };
	struct wr w;

	if (out != NULL)
		*out = got;
	if (db_desk_begin(db, "decision", err) != 0)
		return -1;
	wr_init(&w, db, 1, err);
	if (db_desk_end(db, undo_write(&w, line_id, decision_id, expect_version, &got),
			"decision", err) != 0)
		return -1;
	if (out != NULL)
		*out = got;
	return 0;
}

int db_data_version(svdb *db, int64_t *v, sv_err *err)
{
	static const char q[] = "PRAGMA data_version";
	sqlite3_stmt *st = db_prepare(db, q, err);     /* polled when idle: kept prepared */
	int rc;

	*v = 0;
	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s", db->path);
	return 0;
}
