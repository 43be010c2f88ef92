#include "config.h"

/* contract.c: contracts and their suppliers (db_contract_put,
 * db_contract_store).  A re-imported contract keeps the stored value of each
 * column its file lacks (db_contract.keep); only a real change is written. */

#include <stdio.h>
#include <string.h>

#include "db/db_private.h"
#include "db/write_private.h"
#include "svdesk/register.h"
#include "svdesk/store.h"

static const char *yesno_text(enum sv_yesno v)
{
	switch (v) {
	case YN_YES: return "yes";
	case YN_NO: return "no";
	case YN_NA: return "n/a";
	case YN_UNSET: return NULL;
	}
	return NULL;
}

/* The rules of one contract's values; *field the field a refusal is for. */
static int contract_check(const db_contract *c, char start[11], char end[11], int *field,
			  sv_err *err)
{
	const char *ref = c->ref;

	if (db_blank(ref))
		return db_errf(err, DB_E_OTHER, "contract: the ref is empty");
	if (strlen(ref) > 63)
		return db_errf(err, DB_E_OTHER, "contract %.63s...: the ref is longer than 63 bytes", ref);
	if (db_blank(c->title))
		return db_errf(err, DB_E_OTHER, "contract %s: the title is empty", ref);
	if (db_blank(c->supplier))
		return db_errf(err, DB_E_OTHER, "contract %s: the supplier is empty", ref);
	if (db_too_long(c->title) || db_too_long(c->supplier) || db_too_long(c->manager) ||
	    db_too_long(c->award_report))
		return db_errf(err, DB_E_OTHER, "contract %s: a text is longer than %d bytes",
			       ref, DB_TEXT_MAX);
	if (c->body != BODY_WMP && c->body != BODY_OPCC) {
		*field = DBF_BODY;
		return db_errf(err, DB_E_OTHER, "contract %s: the body must be WMP or OPCC", ref);
	}
	if (c->value < 0)
		return db_errf(err, DB_E_OTHER, "contract %s: the value is negative", ref);
	*field = DBF_START;
	if (!date_valid(c->start.y, c->start.m, c->start.d))
		return db_errf(err, DB_E_OTHER, "contract %s: the start date is not a real date", ref);
	*field = DBF_END;
	if (!date_valid(c->end.y, c->end.m, c->end.d))
		return db_errf(err, DB_E_OTHER, "contract %s: the end date is not a real date", ref);
	date_format_iso(c->start, start);
	date_format_iso(c->end, end);
	if (strcmp(end, start) < 0)
		return db_errf(err, DB_E_OTHER, "contract %s: the end date %s is before the start "
			       "date %s", ref, end, start);
	*field = DBF_ROW;
	if (c->sv_weight < 0 || c->sv_weight > 1000)
		return db_errf(err, DB_E_OTHER, "contract %s: the social value weighting must be "
			       "between 0%% and 100%%", ref);
	if ((c->living_wage != YN_UNSET && yesno_text(c->living_wage) == NULL) ||
	    (c->modern_slavery != YN_UNSET && yesno_text(c->modern_slavery) == NULL))
		return db_errf(err, DB_E_OTHER, "contract %s: a status must be yes, no or n/a", ref);
	if (db_too_long(c->living_wage_note) || db_too_long(c->modern_slavery_note))
		return db_errf(err, DB_E_OTHER, "contract %s: a note is longer than %d bytes",
			       ref, DB_TEXT_MAX);
	return 0;
}

/* An existing contract may change its dates and body only where its
 * commitments, returns and questionnaire answers still fit; *field says
 * which date (the one that leaves something out) or the body. */
static int contract_change_check(svdb *db, const db_contract *c, int64_t id,
				 const char *start, const char *end, int *field, sv_err *err)
{
	static const char q_cm[] = "SELECT m.code, cm.year, ?2 > sv_fy_last(cm.year) FROM commitment cm "
		"JOIN measure m ON m.id = cm.measure_id WHERE cm.contract_id = ?1 "
		"AND (?2 > sv_fy_last(cm.year) OR ?3 < sv_fy_first(cm.year)) "
		"ORDER BY cm.year, m.code LIMIT 1";
	static const char q_rl[] = "SELECT m.code, cm.year, ?2 > sv_quarter_last(cm.year, r.quarter), "
		"r.quarter FROM commitment cm "
		"JOIN measure m ON m.id = cm.measure_id JOIN return_line r ON r.commitment_id = cm.id "
		"WHERE cm.contract_id = ?1 "
		"AND (?2 > sv_quarter_last(cm.year, r.quarter) OR ?3 < sv_quarter_first(cm.year, r.quarter)) "
		"ORDER BY cm.year, r.quarter, m.code LIMIT 1";
	static const char q_qa[] = "SELECT 1 FROM questionnaire_answer WHERE contract_id = ?1 LIMIT 1";
	const char *const sqls[3] = { q_cm, q_rl, q_qa };
	char label[16], code[32];
	int i, rc;

	for (i = 0; i < 3; i++) {
		sqlite3_stmt *st;

		if (i == 2 && c->body == BODY_OPCC)
			break;
		st = db_prepare(db, sqls[i], err);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		if (i < 2) {
			sqlite3_bind_text(st, 2, start, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, end, -1, SQLITE_STATIC);
		}
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW) {
			db_done(st);
			if (rc != SQLITE_DONE)
				return db_sqlfail(db, err, rc, "contract %s", c->ref);
			continue;
		}
		db_copy_text(code, sizeof code, sqlite3_column_text(st, 0));
		if (i == 1)
			quarter_format((sv_quarter){ sqlite3_column_int(st, 1), sqlite3_column_int(st, 3) },
				       ' ', label);
		else
			fy_format(sqlite3_column_int(st, 1), label);
		/* after the year or quarter: the start leaves it out, else the end */
		*field = i == 2 ? DBF_BODY : sqlite3_column_int(st, 2) ? DBF_START : DBF_END;
		db_done(st);
		if (i == 0)
			return db_errf(err, DB_E_OTHER, "contract %s: the new dates %s to %s leave out its "
				       "commitment to %s in %s", c->ref, start, end, code, label);
		if (i == 1)
			return db_errf(err, DB_E_OTHER, "contract %s: the new dates %s to %s leave out its "
				       "return for %s in %s", c->ref, start, end, code, label);
		return db_errf(err, DB_E_OTHER, "contract %s: it has OPCC questionnaire answers, so "
			       "its body must stay OPCC", c->ref);
	}
	return 0;
}

/* The stored columns an update may keep. */
struct stored {
	int64_t id;
	char ref[64];
	char manager[DB_TEXT_MAX + 1], status[8], award[DB_TEXT_MAX + 1];
	char lw[4], lw_date[11], lw_note[DB_TEXT_MAX + 1];
	char ms[4], ms_date[11], ms_note[DB_TEXT_MAX + 1];
	int null_manager, null_award, null_lw, null_lw_date, null_lw_note;
	int null_ms, null_ms_date, null_ms_note;
};

static void col_text(sqlite3_stmt *st, int i, char *buf, size_t n, int *isnull)
{
	*isnull = sqlite3_column_type(st, i) == SQLITE_NULL;
	db_copy_text(buf, n, sqlite3_column_text(st, i));
}

/* The stored contract of that ref, or (by_id not 0) of that id. */
static int stored_get(svdb *db, const char *ref, int64_t by_id, struct stored *s, sv_err *err)
{
	static const char q[] = "SELECT id, manager, status, award_report, living_wage, "
		"living_wage_date, living_wage_note, modern_slavery, modern_slavery_date, "
		"modern_slavery_note, ref FROM contract WHERE ref = ?1";
	static const char q_id[] = "SELECT id, manager, status, award_report, living_wage, "
		"living_wage_date, living_wage_note, modern_slavery, modern_slavery_date, "
		"modern_slavery_note, ref FROM contract WHERE id = ?2";
	sqlite3_stmt *st = db_prepare(db, by_id ? q_id : q, err);
	int rc;

	s->id = 0;
	if (st == NULL)
		return -1;
	if (by_id)
		sqlite3_bind_int64(st, 2, by_id);
	else
		sqlite3_bind_text(st, 1, ref, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int dummy;

		s->id = sqlite3_column_int64(st, 0);
		db_copy_text(s->ref, sizeof s->ref, sqlite3_column_text(st, 10));
		col_text(st, 1, s->manager, sizeof s->manager, &s->null_manager);
		col_text(st, 2, s->status, sizeof s->status, &dummy);
		col_text(st, 3, s->award, sizeof s->award, &s->null_award);
		col_text(st, 4, s->lw, sizeof s->lw, &s->null_lw);
		col_text(st, 5, s->lw_date, sizeof s->lw_date, &s->null_lw_date);
		col_text(st, 6, s->lw_note, sizeof s->lw_note, &s->null_lw_note);
		col_text(st, 7, s->ms, sizeof s->ms, &s->null_ms);
		col_text(st, 8, s->ms_date, sizeof s->ms_date, &s->null_ms_date);
		col_text(st, 9, s->ms_note, sizeof s->ms_note, &s->null_ms_note);
	}
	db_done(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "contract %s", ref);
	return 0;
}

/* The value a column gets: the stored one when kept (and the contract
 * exists), else the given one (NULL for none). */
static const char *pick(const struct stored *s, unsigned keep, unsigned bit, const char *stored,
			int stored_null, const char *given)
{
	if (s->id != 0 && (keep & bit))
		return stored_null ? NULL : stored;
	if (keep & bit)
		return NULL;
	return given != NULL && *given != '\0' ? given : NULL;
}

/* How a contract is found: by its ref (an import: added when new), or at
 * the desk by id (by_id; the ref may change) or as a new one (its ref must
 * be free). */
enum { BY_REF, BY_ID, AS_NEW };

/* Whether the ref is free for the contract with that id (0: a new one). */
static int ref_free(svdb *db, const db_contract *c, int64_t id, int *field, sv_err *err)
{
	db_contract_key other;
	int rc = db_contract_find(db, c->ref, &other, err);

	if (rc < 0)
		return -1;
	if (rc == 0 || other.id == id)
		return 0;
	*field = DBF_ROW;
	if (id == 0)
		return db_errf(err, DB_E_OTHER, "contract %s exists already (a ref is unique)", c->ref);
	return db_errf(err, DB_E_OTHER, "the ref %s is taken by another contract (a ref is unique)",
		       c->ref);
}

static int contract_store(svdb *db, const db_contract *c, int how, int64_t by_id, int64_t *id,
			  int *put, int *supplier_added, int *field, sv_err *err)
{
	static const char q_ins[] = "INSERT INTO contract (ref, title, supplier_id, body, value, "
		"start_date, end_date, sv_weight, manager, status, award_report, living_wage, "
		"living_wage_date, living_wage_note, modern_slavery, modern_slavery_date, "
		"modern_slavery_note) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
	/* Only a real change is written (and audited). */
	static const char q_upd[] = "UPDATE contract SET ref = ?1, title = ?2, supplier_id = ?3, "
		"body = ?4, value = ?5, start_date = ?6, end_date = ?7, sv_weight = ?8, manager = ?9, "
		"status = ?10, award_report = ?11, living_wage = ?12, living_wage_date = ?13, "
		"living_wage_note = ?14, modern_slavery = ?15, modern_slavery_date = ?16, "
		"modern_slavery_note = ?17 "
		"WHERE id = ?18 AND (ref, title, supplier_id, body, value, start_date, end_date, sv_weight, "
		"manager, status, award_report, living_wage, living_wage_date, living_wage_note, "
		"modern_slavery, modern_slavery_date, modern_slavery_note) "
		"IS NOT (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)";
	struct stored s;
	char start[11], end[11], lwd[11] = "", msd[11] = "", label[80];
	const char *v[17];
	unsigned k = c->keep;
	int64_t sup;
	sqlite3_stmt *st;
	int i;

	*put = DB_PUT_UNCHANGED;
	*supplier_added = 0;
	*field = DBF_ROW;
	if (contract_check(c, start, end, field, err) != 0)
		return -1;
	if (c->living_wage_date.y != 0 &&
	    !date_valid(c->living_wage_date.y, c->living_wage_date.m, c->living_wage_date.d)) {
		*field = DBF_LW;
		return db_errf(err, DB_E_OTHER, "contract %s: a status date is not a real date", c->ref);
	}
	if (c->modern_slavery_date.y != 0 &&
	    !date_valid(c->modern_slavery_date.y, c->modern_slavery_date.m, c->modern_slavery_date.d)) {
		*field = DBF_MS;
		return db_errf(err, DB_E_OTHER, "contract %s: a status date is not a real date", c->ref);
	}
	if (c->living_wage_date.y != 0)
		date_format_iso(c->living_wage_date, lwd);
	if (c->modern_slavery_date.y != 0)
		date_format_iso(c->modern_slavery_date, msd);
	snprintf(label, sizeof label, "contract %s", c->ref);
	if (how != BY_REF && ref_free(db, c, how == BY_ID ? by_id : 0, field, err) != 0)
		return -1;
	if (how != AS_NEW && stored_get(db, c->ref, how == BY_ID ? by_id : 0, &s, err) != 0)
		return -1;
	if (how == AS_NEW)
		s.id = 0;
	if (how == BY_ID && s.id == 0)
		return db_errf(err, DB_E_OTHER, "contract %s: no contract with id %lld (deleted?)",
			       c->ref, (long long)by_id);

	v[8] = pick(&s, k, DBC_KEEP_MANAGER, s.manager, s.null_manager, c->manager);
	v[9] = s.id != 0 && (k & DBC_KEEP_STATUS) ? s.status : c->closed ? "closed" : "active";
	v[10] = pick(&s, k, DBC_KEEP_AWARD, s.award, s.null_award, c->award_report);
	v[11] = pick(&s, k, DBC_KEEP_LW, s.lw, s.null_lw, yesno_text(c->living_wage));
	v[12] = pick(&s, k, DBC_KEEP_LW_DATE, s.lw_date, s.null_lw_date, lwd);
	v[13] = pick(&s, k, DBC_KEEP_LW_NOTE, s.lw_note, s.null_lw_note, c->living_wage_note);
	v[14] = pick(&s, k, DBC_KEEP_MS, s.ms, s.null_ms, yesno_text(c->modern_slavery));
	v[15] = pick(&s, k, DBC_KEEP_MS_DATE, s.ms_date, s.null_ms_date, msd);
	v[16] = pick(&s, k, DBC_KEEP_MS_NOTE, s.ms_note, s.null_ms_note, c->modern_slavery_note);
	if (v[11] == NULL && (v[12] != NULL || v[13] != NULL)) {
		*field = DBF_LW;
		return db_errf(err, DB_E_OTHER, "contract %s: a living wage date or note needs the "
			       "living wage status (yes, no or n/a)", c->ref);
	}
	if (v[14] == NULL && (v[15] != NULL || v[16] != NULL)) {
		*field = DBF_MS;
		return db_errf(err, DB_E_OTHER, "contract %s: a modern slavery date or note needs the "
			       "modern slavery status (yes, no or n/a)", c->ref);
	}
	if (s.id != 0 && contract_change_check(db, c, s.id, start, end, field, err) != 0)
		return -1;
	if (db_supplier_get_or_add(db, c->supplier, &sup, supplier_added, err) != 0) {
		*field = DBF_SUPPLIER;
		return sv_err_prefix(err, "%s", label);
	}

	st = db_prepare(db, s.id ? q_upd : q_ins, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, c->ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->title, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, sup);
	sqlite3_bind_text(st, 4, body_name(c->body), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, c->value);
	sqlite3_bind_text(st, 6, start, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, end, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 8, c->sv_weight);
	for (i = 8; i < 17; i++)
		db_bind_opt(st, i + 1, v[i]);
	if (s.id)
		sqlite3_bind_int64(st, 18, s.id);
	i = sqlite3_step(st);
	db_done(st);
	wr_contract_gen++;   /* what returns.c keeps of the dates is stale */
	if (i != SQLITE_DONE)
		return db_sqlfail(db, err, i, "%s", label);
	if (s.id) {
		*id = s.id;
		*put = sqlite3_changes(db->h) > 0 ? DB_PUT_CHANGED : DB_PUT_UNCHANGED;
	} else {
		*id = sqlite3_last_insert_rowid(db->h);
		*put = DB_PUT_ADDED;
	}
	return 0;
}

int db_contract_store(svdb *db, const db_contract *c, int64_t *id, int *put,
		      int *supplier_added, int *field, sv_err *err)
{
	int64_t got = 0;
	int mode, rc, p = 0, sa = 0, f = DBF_ROW;

	if (c == NULL)
		return db_errf(err, DB_E_OTHER, "contract: nothing given");
	mode = db_wbegin(db, err);
	if (mode < 0)
		return -1;
	rc = db_wend(db, mode, contract_store(db, c, BY_REF, 0, &got, &p, &sa, &f, err), err);
	if (put != NULL)
		*put = p;
	if (supplier_added != NULL)
		*supplier_added = sa;
	if (field != NULL)
		*field = f;
	if (rc == 0 && id != NULL)
		*id = got;
	return rc;
}

int db_contract_save(svdb *db, const db_contract *c, int64_t id, int64_t *new_id,
		     int *field, sv_err *err)
{
	int64_t got = 0;
	int mode, rc, p = 0, sa = 0, f = DBF_ROW;

	if (c == NULL)
		return db_errf(err, DB_E_OTHER, "contract: nothing given");
	mode = db_wbegin(db, err);
	if (mode < 0)
		return -1;
	rc = db_wend(db, mode, contract_store(db, c, id ? BY_ID : AS_NEW, id, &got, &p, &sa, &f,
					      err), err);
	if (field != NULL)
		*field = f;
	if (rc == 0 && new_id != NULL)
		*new_id = got;
	return rc;
}

int db_contract_put(svdb *db, const db_contract *c, int64_t *id, sv_err *err)
{
	return db_contract_store(db, c, id, NULL, NULL, NULL, err);
}
