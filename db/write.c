#include "config.h"

/* write.c: the write API.  Each function checks its input and names the
 * record in every message (contract ref, measure code, "2025/26 Q2"); the
 * schema's constraints and triggers hold the same rules again underneath.
 * Each write is atomic: its own transaction, or a savepoint inside the
 * caller's. */

#include <stdio.h>
#include <string.h>

#include "db/db_private.h"

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

/* ---- commitments ------------------------------------------------------------------ */

struct cm_ctx {
	char ref[64], code[32], start[11], end[11];
	int percent;
};

static int commitment_ctx(svdb *db, int64_t contract_id, int64_t measure_id,
			  struct cm_ctx *x, sv_err *err)
{
	static const char q_c[] = "SELECT ref, start_date, end_date FROM contract WHERE id = ?1";
	static const char q_m[] = "SELECT code, unit = 'percent' FROM measure WHERE id = ?1";
	sqlite3_stmt *st = db_prepare(db, q_c, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, contract_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_copy_text(x->ref, sizeof x->ref, sqlite3_column_text(st, 0));
		db_copy_text(x->start, sizeof x->start, sqlite3_column_text(st, 1));
		db_copy_text(x->end, sizeof x->end, sqlite3_column_text(st, 2));
	}
	db_done(st);
	if (rc == SQLITE_DONE)
		return db_errf(err, DB_E_OTHER, "commitment: no contract with id %lld",
			       (long long)contract_id);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "commitment");
	st = db_prepare(db, q_m, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, measure_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_copy_text(x->code, sizeof x->code, sqlite3_column_text(st, 0));
		x->percent = sqlite3_column_int(st, 1);
	}
	db_done(st);
	if (rc == SQLITE_DONE)
		return db_errf(err, DB_E_OTHER, "contract %s: no measure with id %lld",
			       x->ref, (long long)measure_id);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "contract %s", x->ref);
	return 0;
}

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

static int commitment_write(svdb *db, int64_t contract_id, int64_t measure_id, int fy,
			    sv_qty target, sv_proxy proxy, const char *note,
			    int64_t *id, sv_err *err)
{
	static const char q_find[] = "SELECT id, proxy FROM commitment "
		"WHERE contract_id = ?1 AND measure_id = ?2 AND year = ?3";
	static const char q_upd[] = "UPDATE commitment SET target = ?2, note = ?3 "
		"WHERE id = ?1 AND (target, note) IS NOT (?2, ?3)";
	static const char q_ins[] = "INSERT INTO commitment (contract_id, measure_id, year, target, "
		"proxy, proxy_set_id, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
	struct cm_ctx x;
	char label[160], yl[8], a[32], b[32];
	sv_date fy_first, fy_last;
	int64_t old = 0, old_proxy = 0, set_id = 0, value = proxy;
	int rc, old_null = 1, isnull = proxy == DB_PROXY_NONE, lookup = proxy < 0 && !isnull;
	sqlite3_stmt *st;

	memset(&x, 0, sizeof x);
	if (commitment_ctx(db, contract_id, measure_id, &x, err) != 0)
		return -1;
	if (fy < FY_MIN || fy > FY_MAX)
		return db_errf(err, DB_E_OTHER, "contract %s, measure %s: year %d is out of range",
			       x.ref, x.code, fy);
	fy_format(fy, yl);
	snprintf(label, sizeof label, "contract %s, measure %s, %s", x.ref, x.code, yl);
	if (target < 0)
		return db_errf(err, DB_E_OTHER, "%s: the target is negative", label);
	if (db_too_long(note))
		return db_errf(err, DB_E_OTHER, "%s: the note is longer than %d bytes", label, DB_TEXT_MAX);
	if (!lookup && !isnull && x.percent)
		return db_errf(err, DB_E_OTHER, "%s: a percent measure is record only: its proxy "
			       "must be empty", label);
	/* the financial year must overlap the contract */
	fy_range(fy, &fy_first, &fy_last);
	date_format_iso(fy_first, a);
	date_format_iso(fy_last, b);
	if (strcmp(x.start, b) > 0 || strcmp(x.end, a) < 0)
		return db_errf(err, DB_E_OTHER, "%s: the year does not overlap the contract's dates "
			       "(%s to %s)", label, x.start, x.end);

	st = db_prepare(db, q_find, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, contract_id);
	sqlite3_bind_int64(st, 2, measure_id);
	sqlite3_bind_int(st, 3, fy);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		old = sqlite3_column_int64(st, 0);
		old_null = sqlite3_column_type(st, 1) == SQLITE_NULL;
		old_proxy = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s", label);

	if (old != 0) {
		if (!lookup && (isnull != old_null || (!isnull && value != old_proxy))) {
			db_proxy_text(old_null, old_proxy, a, sizeof a);
			db_proxy_text(isnull, value, b, sizeof b);
			return db_errf(err, DB_E_OTHER, "%s: the commitment's proxy is %s and cannot "
				       "change to %s (a commitment keeps its proxy)", label, a, b);
		}
		st = db_prepare(db, q_upd, err);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, old);
		sqlite3_bind_int64(st, 2, target);
		db_bind_opt(st, 3, note);
		if (run(db, st, err, label) != 0)
			return -1;
		*id = old;
		return 0;
	}
	if (lookup && db_proxy_lookup(db, measure_id, &set_id, &isnull, &value, label, err) != 0)
		return -1;
	st = db_prepare(db, q_ins, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, contract_id);
	sqlite3_bind_int64(st, 2, measure_id);
	sqlite3_bind_int(st, 3, fy);
	sqlite3_bind_int64(st, 4, target);
	if (isnull)
		sqlite3_bind_null(st, 5);
	else
		sqlite3_bind_int64(st, 5, value);
	if (set_id != 0)
		sqlite3_bind_int64(st, 6, set_id);
	else
		sqlite3_bind_null(st, 6);
	db_bind_opt(st, 7, note);
	if (run(db, st, err, label) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(db->h);
	return 0;
}

int db_commitment_put(svdb *db, int64_t contract_id, int64_t measure_id, int fy,
		      sv_qty target, sv_proxy proxy, const char *note,
		      int64_t *id, sv_err *err)
{
	int64_t got = 0;
	int mode, rc;

	mode = db_wbegin(db, err);
	if (mode < 0)
		return -1;
	rc = commitment_write(db, contract_id, measure_id, fy, target, proxy, note, &got, err);
	rc = db_wend(db, mode, rc, err);
	if (rc == 0 && id != NULL)
		*id = got;
	return rc;
}

/* ---- return lines ------------------------------------------------------------------ */

/* "contract REF, measure CODE, 2025/26 Q2" and the contract's dates. */
static int line_label(svdb *db, int64_t commitment_id, int quarter, char *label, size_t n,
		      char start[11], char end[11], int *fy, sv_err *err)
{
	static const char q[] = "SELECT c.ref, m.code, cm.year, c.start_date, c.end_date "
		"FROM commitment cm JOIN contract c ON c.id = cm.contract_id "
		"JOIN measure m ON m.id = cm.measure_id WHERE cm.id = ?1";
	sqlite3_stmt *st = db_prepare(db, q, err);
	char ref[64], code[32], ql[16];
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, commitment_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		db_copy_text(ref, sizeof ref, sqlite3_column_text(st, 0));
		db_copy_text(code, sizeof code, sqlite3_column_text(st, 1));
		*fy = sqlite3_column_int(st, 2);
		db_copy_text(start, 11, sqlite3_column_text(st, 3));
		db_copy_text(end, 11, sqlite3_column_text(st, 4));
	}
	db_done(st);
	if (rc == SQLITE_DONE)
		return db_errf(err, DB_E_OTHER, "return: no commitment with id %lld",
			       (long long)commitment_id);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "return");
	quarter_format((sv_quarter){ *fy, quarter }, ' ', ql);
	snprintf(label, n, "contract %s, measure %s, %s", ref, code, ql);
	return 0;
}

static int return_write(svdb *db, int64_t commitment_id, int quarter, sv_qty delivered,
			const char *evidence, const sv_date *submitted, int64_t *id, sv_err *err)
{
	static const char q_find[] = "SELECT id, delivered, evidence, status, validated_by, "
		"validated_at FROM return_line WHERE commitment_id = ?1 AND quarter = ?2";
	static const char q_ins[] = "INSERT INTO return_line (commitment_id, quarter, delivered, "
		"evidence, submitted, status, version) VALUES (?1, ?2, ?3, ?4, ?5, 'submitted', 1)";
	static const char q_upd[] = "UPDATE return_line SET delivered = ?2, evidence = ?3, "
		"submitted = ?4, status = 'submitted', validated = NULL, validated_by = NULL, "
		"validated_at = NULL, reason = NULL, version = version + 1 WHERE id = ?1";
	char label[200], start[11], end[11], first[11], last[11], sub[11] = "";
	char status[16] = "", by[DB_NAME_MAX + 1] = "", at[24] = "";
	sv_date qfirst, qlast;
	int64_t old = 0;
	int fy = 0, rc, same = 0;
	sqlite3_stmt *st;

	if (quarter < 1 || quarter > 4)
		return db_errf(err, DB_E_OTHER, "return: quarter %d is not 1 to 4", quarter);
	if (line_label(db, commitment_id, quarter, label, sizeof label, start, end, &fy, err) != 0)
		return -1;
	if (delivered < 0)
		return db_errf(err, DB_E_OTHER, "%s: the delivered quantity is negative", label);
	if (db_too_long(evidence))
		return db_errf(err, DB_E_OTHER, "%s: the evidence is longer than %d bytes",
			       label, DB_TEXT_MAX);
	if (submitted != NULL && !date_valid(submitted->y, submitted->m, submitted->d))
		return db_errf(err, DB_E_OTHER, "%s: the submitted date is not a real date", label);
	if (submitted != NULL)
		date_format_iso(*submitted, sub);
	quarter_range((sv_quarter){ fy, quarter }, &qfirst, &qlast);
	date_format_iso(qfirst, first);
	date_format_iso(qlast, last);
	if (strcmp(start, last) > 0 || strcmp(end, first) < 0)
		return db_errf(err, DB_E_OTHER, "%s: the quarter does not overlap the contract's "
			       "dates (%s to %s)", label, start, end);

	st = db_prepare(db, q_find, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, commitment_id);
	sqlite3_bind_int(st, 2, quarter);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		old = sqlite3_column_int64(st, 0);
		same = sqlite3_column_int64(st, 1) == delivered &&
		       db_same_text(evidence, sqlite3_column_text(st, 2));
		db_copy_text(status, sizeof status, sqlite3_column_text(st, 3));
		db_copy_text(by, sizeof by, sqlite3_column_text(st, 4));
		db_copy_text(at, sizeof at, sqlite3_column_text(st, 5));
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s", label);
	if (old != 0 && same) {
		*id = old;
		return 0;
	}
	if (old != 0 && (strcmp(status, "validated") == 0 || strcmp(status, "rejected") == 0))
		return db_errf(err, DB_E_OTHER, "%s: the line was already %s by %s at %s; a "
			       "changed return cannot replace it", label, status, by, at);

	st = db_prepare(db, old ? q_upd : q_ins, err);
	if (st == NULL)
		return -1;
	if (old) {
		sqlite3_bind_int64(st, 1, old);
		sqlite3_bind_int64(st, 2, delivered);
		db_bind_opt(st, 3, evidence);
		db_bind_opt(st, 4, sub);
	} else {
		sqlite3_bind_int64(st, 1, commitment_id);
		sqlite3_bind_int(st, 2, quarter);
		sqlite3_bind_int64(st, 3, delivered);
		db_bind_opt(st, 4, evidence);
		db_bind_opt(st, 5, sub);
	}
	if (run(db, st, err, label) != 0)
		return -1;
	*id = old ? old : sqlite3_last_insert_rowid(db->h);
	return 0;
}

int db_return_put(svdb *db, int64_t commitment_id, int quarter, sv_qty delivered,
		  const char *evidence, const sv_date *submitted,
		  int64_t *id, sv_err *err)
{
	int64_t got = 0;
	int mode, rc;

	mode = db_wbegin(db, err);
	if (mode < 0)
		return -1;
	rc = return_write(db, commitment_id, quarter, delivered, evidence, submitted, &got, err);
	rc = db_wend(db, mode, rc, err);
	if (rc == 0 && id != NULL)
		*id = got;
	return rc;
}

/* ---- decisions --------------------------------------------------------------------- */

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

static int decide_write(svdb *db, int64_t line_id, enum sv_status s, sv_qty validated,
			const char *reason, const char *by, const char *at,
			int64_t expect_version, sv_err *err)
{
	static const char q_line[] = "SELECT commitment_id, quarter, delivered, status, version, "
		"validated_by, validated_at FROM return_line WHERE id = ?1";
	static const char q_upd[] = "UPDATE return_line SET status = ?2, validated = ?3, "
		"validated_by = ?4, validated_at = ?5, reason = ?6, version = version + 1 "
		"WHERE id = ?1 AND version = ?7";
	static const char q_dec[] = "INSERT INTO decision (return_line_id, status, validated, "
		"reason, decided_by, decided_at, origin, line_version, delivered) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
	char label[200], start[11], end[11], status[16] = "", vby[DB_NAME_MAX + 1] = "";
	char vat[24] = "", who[DB_NAME_MAX + 1], when[24], q1[32], q2[32];
	int64_t cm = 0, delivered = 0, version = 0;
	int quarter = 0, fy = 0, rc;
	const char *origin;
	sqlite3_stmt *st = db_prepare(db, q_line, err);

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, line_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		cm = sqlite3_column_int64(st, 0);
		quarter = sqlite3_column_int(st, 1);
		delivered = sqlite3_column_int64(st, 2);
		db_copy_text(status, sizeof status, sqlite3_column_text(st, 3));
		version = sqlite3_column_int64(st, 4);
		db_copy_text(vby, sizeof vby, sqlite3_column_text(st, 5));
		db_copy_text(vat, sizeof vat, sqlite3_column_text(st, 6));
	}
	db_done(st);
	if (rc == SQLITE_DONE)
		return db_errf(err, DB_E_OTHER, "decision: no return line with id %lld",
			       (long long)line_id);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "decision");
	if (line_label(db, cm, quarter, label, sizeof label, start, end, &fy, err) != 0)
		return -1;
	if (expect_version >= 0 && expect_version != version) {
		last_change(db, line_id, status, vby, vat, who, sizeof who, when, sizeof when);
		return db_errf(err, DB_E_OTHER, "%s: the line was changed by someone else meanwhile "
			       "(by %s at %s)", label, who, when);
	}
	if (s != ST_VALIDATED && s != ST_REJECTED && s != ST_QUERY)
		return db_errf(err, DB_E_OTHER, "%s: a decision validates, rejects or queries a line",
			       label);
	if (s == ST_VALIDATED) {
		if (validated < 0 || validated > delivered) {
			qty_format_short(validated, q1, sizeof q1);
			qty_format_short(delivered, q2, sizeof q2);
			return db_errf(err, DB_E_OTHER, "%s: the validated quantity %s is %s the "
				       "delivered %s", label, q1,
				       validated < 0 ? "below 0, not between 0 and" : "more than", q2);
		}
		if (validated < delivered && db_blank(reason))
			return db_errf(err, DB_E_OTHER, "%s: validating less than delivered needs a "
				       "reason", label);
	} else if (db_blank(reason)) {
		return db_errf(err, DB_E_OTHER, "%s: %s a line needs a reason", label,
			       s == ST_REJECTED ? "rejecting" : "querying");
	}
	if (db_too_long(reason))
		return db_errf(err, DB_E_OTHER, "%s: the reason is longer than %d bytes", label, DB_TEXT_MAX);
	if (db_blank(by))
		by = db->actor;
	if (strlen(by) > DB_NAME_MAX)
		return db_errf(err, DB_E_OTHER, "%s: the name of who decided is too long", label);
	if (time_or_now(db, at, when, "decision time", label, err) != 0)
		return -1;
	at = when;
	origin = strcmp(db->origin, "import") == 0 || strcmp(db->origin, "demo") == 0
		 ? db->origin : "desk";

	/* The decision first, with the version and delivered quantity it
	 * decided: its audit entry then records the line's change too (one
	 * entry), and the line's update gets none of its own. */
	st = db_prepare(db, q_dec, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, line_id);
	sqlite3_bind_text(st, 2, status_name(s), -1, SQLITE_STATIC);
	if (s == ST_VALIDATED)
		sqlite3_bind_int64(st, 3, validated);
	db_bind_opt(st, 4, reason);
	sqlite3_bind_text(st, 5, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, origin, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 8, version);
	sqlite3_bind_int64(st, 9, delivered);
	if (run(db, st, err, label) != 0)
		return -1;
	st = db_prepare(db, q_upd, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, line_id);
	sqlite3_bind_text(st, 2, status_name(s), -1, SQLITE_STATIC);
	if (s == ST_VALIDATED)
		sqlite3_bind_int64(st, 3, validated);
	sqlite3_bind_text(st, 4, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, at, -1, SQLITE_STATIC);
	db_bind_opt(st, 6, reason);
	sqlite3_bind_int64(st, 7, version);
	if (run(db, st, err, label) != 0)
		return -1;
	if (sqlite3_changes(db->h) != 1)
		return db_errf(err, DB_E_OTHER, "%s: the line was changed by someone else meanwhile",
			       label);
	return 0;
}

int db_return_decide(svdb *db, int64_t line_id, enum sv_status st, sv_qty validated,
		     const char *reason, const char *by, const char *at,
		     int64_t expect_version, sv_err *err)
{
	int mode = db_wbegin(db, err);

	if (mode < 0)
		return -1;
	return db_wend(db, mode, decide_write(db, line_id, st, validated, reason, by, at,
					      expect_version, err), err);
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
