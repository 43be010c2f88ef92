#include "config.h"

/* import_answers.c: the rows of an answers file (spec "CSV files"): the
 * OPCC questionnaire's answers, contract, topic, answer, and optionally
 * recorded_by and recorded_at.
 *
 * An answer is known by its contract and topic.  The same answer again is
 * unchanged; a different one replaces the stored one (the audit log keeps
 * both).  Without recorded_by and recorded_at (or with both empty) an
 * answer is recorded by the person running the import, now; with them it
 * is a restore (an export of another database), as the decision columns
 * of a returns file are: both are given, the time is not in the future,
 * and an answer never replaces one recorded after it.  The values' rules
 * are record.h's (rec_value: a whole number for prison leavers, else
 * text), the write register.h's; only OPCC contracts have answers. */

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "src/import_private.h"
#include "svdesk/record.h"
#include "svdesk/register.h"

enum { A_CONTRACT, A_TOPIC, A_ANSWER, A_BY, A_AT };
const csv_col imp_answer_cols[IMP_ANSWER_NCOLS] = {
	{ "contract", 1 }, { "topic", 1 }, { "answer", 1 }, { "recorded_by", 0 },
	{ "recorded_at", 0 },
};

/* The record's field of each column. */
static const int field_of[IMP_ANSWER_NCOLS] = { RA_CONTRACT, RA_TOPIC, RA_ANSWER, RA_BY, RA_AT };

#define NAME_MAX_BYTES 200   /* recorded_by, as the store allows */

int imp_answers_begin(struct imp *im, sv_err *err)
{
	sv_datetime now;
	char *n = imp_rows(im)->now;

	(void)err;
	/* now: the clock's (UTC), or SVDESK_NOW's when that is set and later
	 * (a demo's "today"), as for a returns file's decisions */
	clock_utc_stamp(n);
	if (getenv("SVDESK_NOW") != NULL && clock_now(&now, NULL) == 0) {
		char t[32];

		snprintf(t, sizeof t, "%04d-%02d-%02dT%02d:%02d:%02dZ", now.date.y, now.date.m,
			 now.date.d, now.hh, now.mm, now.ss);
		if (strlen(t) == 20 && strcmp(t, n) > 0)
			memcpy(n, t, 21);
	}
	return 0;
}

/* s checked by its field's rule: s, or NULL when refused (a fault). */
static const char *check(struct imp *im, int col, const char *s, unsigned opts)
{
	char msg[SV_ERR_MAX];

	if (rec_value(REC_ANSWER, field_of[col], s, opts, msg, sizeof msg) == 0)
		return s;
	imp_fault(im, col, "%s", msg);
	return NULL;
}

/* A cell read by its field's rule (imp_rec: the formula guard's leading '
 * off a text): the text, "" when empty, NULL when absent or refused (a
 * fault). */
static const char *value(struct imp *im, int col, unsigned opts)
{
	rec_val v;

	if (!imp_has(im, col))
		return NULL;
	memset(&v, 0, sizeof v);
	if (imp_rec(im, col, REC_ANSWER, field_of[col], opts, &v) != 0)
		return NULL;
	return v.text != NULL ? v.text : "";
}

/* The contract of the row, an OPCC one: 1 (*id), 0 a fault, -1 a failure. */
static int contract_of(struct imp *im, const char *ref, int64_t *id, sv_err *err)
{
	char body[8], msg[SV_ERR_MAX];
	sv_err e = { 0 };
	int rc;

	rc = db_contract_id_by_ref(im->db, ref, id, body, &e);
	if (rc < 0)
		return imp_store_fail(im, A_CONTRACT, &e, err) < 0 ? -1 : 0;
	if (rc == 0) {
		rec_msg_no_contract(imp_shown(im, ref), msg, sizeof msg);
		imp_fault(im, A_CONTRACT, "%s", msg);
		return 0;
	}
	if (strcmp(body, "OPCC") != 0) {
		imp_fault(im, A_CONTRACT, "contract %s is %s's: the questionnaire is for OPCC "
			  "contracts only", ref, body);
		return 0;
	}
	return 1;
}

/* What is stored of an answer: its text and when it was recorded. */
struct stored {
	char *answer, *by;
	char at[21];
};

static int keep(void *ctx, const db_answer_rec *a)
{
	struct stored *s = ctx;

	s->answer = strdup(a->answer);
	s->by = strdup(a->recorded_by);
	snprintf(s->at, sizeof s->at, "%s", a->recorded_at);
	return 0;
}

/* Write the row's answer, or fault it. */
static int put(struct imp *im, int64_t cid, const rec_topic *tp, const char *ans, const char *by,
	       const char *at, const char *ref, sv_err *err)
{
	struct stored s = { NULL, NULL, "" };
	sv_err e = { 0 };
	int64_t id = 0;
	int rc, how = DB_PUT_ADDED;
	long was;

	rc = db_answer_find(im->db, cid, tp->name, &id, &e);
	if (rc < 0)
		return imp_store_fail(im, A_CONTRACT, &e, err);
	if (rc == 1) {
		was = db_mark_get(im->db, DB_MARK_ANSWER, id, &e);
		if (was < 0)
			return imp_store_fail(im, A_CONTRACT, &e, err);
		if (was > 0) {
			imp_fault(im, A_TOPIC, "the answer of %s on %s is on line %ld already", ref,
				  tp->name, was);
			return 0;
		}
		rc = db_reg_answer_get(im->db, id, keep, &s, &e);
		if (rc < 0 || s.answer == NULL || s.by == NULL) {
			free(s.answer);
			free(s.by);
			if (rc < 0)
				return imp_store_fail(im, A_CONTRACT, &e, err);
			return sv_err_set(err, "out of memory");
		}
		how = strcmp(s.answer, ans) == 0 ? DB_PUT_UNCHANGED : DB_PUT_CHANGED;
		if (how == DB_PUT_CHANGED && at != NULL && strcmp(s.at, at) > 0)
			imp_fault(im, A_AT, "the stored answer of %s on %s was recorded by %s at %s, "
				  "after this one: an older answer does not replace a newer one", ref,
				  tp->name, s.by, s.at);
		free(s.answer);
		free(s.by);
		if (im->row_bad)
			return 0;
	}
	if (how != DB_PUT_UNCHANGED &&
	    db_answer_put(im->db, cid, tp->name, ans, by, at, &id, &how, &e) < 0)
		return imp_store_fail(im, A_ANSWER, &e, err);
	imp_count_put(im, how);
	if (db_mark_put(im->db, DB_MARK_ANSWER, id, im->row->line, &e) < 0)
		return imp_store_fail(im, A_CONTRACT, &e, err);
	return 0;
}

int imp_answers_row(struct imp *im, sv_err *err)
{
	const char *ref, *topic, *ans, *by, *at;
	const rec_topic *tp = NULL;
	char name[32], key[64];
	sv_err e = { 0 };
	int64_t cid = 0, old = 0;
	int have_c = 0;
	long was;

	ref = value(im, A_CONTRACT, 0);
	if (ref != NULL && *ref != '\0') {
		have_c = contract_of(im, ref, &cid, err);
		if (have_c < 0)
			return -1;
	}
	/* a topic in any case: its name as stored (the message quotes the
	 * cell as written) */
	topic = imp_cell(im, A_TOPIC);
	if (strlen(topic) < sizeof name) {
		size_t i;

		for (i = 0; topic[i] != '\0'; i++)
			name[i] = (char)tolower((unsigned char)topic[i]);
		name[i] = '\0';
		tp = rec_topic_find(name);
	}
	if (tp == NULL)
		check(im, A_TOPIC, topic, 0);
	/* the answer: a count where the topic is one */
	ans = value(im, A_ANSWER, tp != NULL && tp->counts ? REC_V_COUNT : 0);
	by = value(im, A_BY, 0);
	at = value(im, A_AT, 0);
	if (by != NULL && *by == '\0')
		by = NULL;
	if (at != NULL && *at == '\0')
		at = NULL;
	if (by != NULL && strlen(by) > NAME_MAX_BYTES)
		imp_fault(im, A_BY, "the name is longer than %d bytes", NAME_MAX_BYTES);
	if (at != NULL && strcmp(at, imp_rows(im)->now) > 0)
		imp_fault(im, A_AT, "%s is in the future (now is %s UTC): an answer has been recorded "
			  "already", at, imp_rows(im)->now);
	/* a restore names both; neither: the person importing, now */
	if (by != NULL && at == NULL && !im->row_bad)
		imp_fault(im, imp_has(im, A_AT) ? A_AT : A_BY, "recorded_by is given, so "
			  "recorded_at is needed too (a restored answer says who recorded it and "
			  "when; leave both empty for the person importing, now)");
	if (at != NULL && by == NULL && !im->row_bad)
		imp_fault(im, imp_has(im, A_BY) ? A_BY : A_AT, "recorded_at is given, so "
			  "recorded_by is needed too (a restored answer says who recorded it and "
			  "when; leave both empty for the person importing, now)");
	/* the same answer twice, where an earlier row had a fault */
	if (have_c == 1 && tp != NULL && (im->row_bad || imp_rows(im)->nseen > 0)) {
		if (im->row_bad && db_answer_find(im->db, cid, tp->name, &old, &e) < 0)
			return imp_store_fail(im, A_CONTRACT, &e, err);
		snprintf(key, sizeof key, "a/%lld/%s", (long long)cid, tp->name);
		was = imp_dup_line(im, key, DB_MARK_ANSWER, old, &e);
		if (was < 0)
			return imp_store_fail(im, A_CONTRACT, &e, err);
		if (was > 0) {
			imp_fault(im, A_TOPIC, "the answer of %s on %s is on line %ld already", ref,
				  tp->name, was);
			return 0;
		}
	}
	if (im->row_bad || have_c != 1 || tp == NULL || ans == NULL)
		return 0;
	return put(im, cid, tp, ans, by, at, ref, err);
}
