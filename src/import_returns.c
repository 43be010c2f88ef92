#include "config.h"

/* import_returns.c: the rows of a returns file (spec "CSV files"): a
 * supplier's lines, or lines with their history (the decision columns);
 * every fault of a row is reported, and the write goes through the store
 * (db_return_store).  The frame is import.c's, the shared lookups
 * import_rows.c's. */

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/import_private.h"

/* ---- the rows ------------------------------------------------------------------------------- */

enum {
	R_CONTRACT, R_QUARTER, R_MEASURE, R_DELIVERED, R_EVIDENCE, R_SUBMITTED, R_STATUS,
	R_VALIDATED, R_BY, R_AT, R_REASON, R_TITLE, R_UNIT, R_TARGET
};
const csv_col imp_return_cols[] = {
	{ "contract", 1 }, { "quarter", 1 }, { "measure", 1 }, { "delivered", 1 },
	{ "evidence", 0 }, { "submitted", 0 }, { "status", 0 }, { "validated", 0 },
	{ "validated_by", 0 }, { "validated_at", 0 }, { "reason", 0 }, { "title", 0 },
	{ "unit", 0 }, { "target", 0 },
};

int imp_returns_begin(struct imp *im, sv_err *err)
{
	sv_datetime now;
	char *n = imp_rows(im)->now;

	if (imp_load_measures(im, err) < 0)
		return -1;
	/* now: the clock's (UTC), or SVDESK_NOW's when that is set and later
	 * (a demo's "today") */
	clock_utc_stamp(n);
	if (getenv("SVDESK_NOW") != NULL && clock_now(&now, NULL) == 0) {
		char t[32];

		snprintf(t, sizeof t, "%04d-%02d-%02dT%02d:%02d:%02dZ", now.date.y, now.date.m,
			 now.date.d, now.hh, now.mm, now.ss);
		if (strlen(t) == 20 && strcmp(t, n) > 0)
			memcpy(n, t, 21);
	}
	for (int c = R_STATUS; c <= R_REASON; c++)
		if (imp_has(im, c))
			im->res->history = 1;
	if (im->res->history && !imp_has(im, R_STATUS))
		imp_fault_at(im, im->hline, 1, "header: the decision columns (validated, "
			     "validated_by, validated_at, reason) need a status column");
	return 0;
}

/* The decision columns of a history line, as the file must give them
 * (the rules of a decision are the writer's); sub the line's submitted
 * date (YYYY-MM-DD) or NULL.  Every field is read even when an earlier one
 * had a fault; the rules between fields only when none had. */
static void decision_of(struct imp *im, const char *sub, db_decision_in *d, size_t *n)
{
	const char *s = imp_cell(im, R_STATUS);
	static const char *const names[] = { "submitted", "validated", "rejected", "query" };
	sv_qty validated = -1;
	int i;

	*n = 0;
	for (i = 0; i < 4; i++)
		if (strcasecmp(s, names[i]) == 0)
			break;
	if (*s == '\0')
		i = 0;
	if (i == 4)
		imp_fault(im, R_STATUS, "\"%s\" is not a status (submitted, validated, rejected or "
			  "query)", imp_shown(im, s));
	memset(d, 0, sizeof *d);
	d->status = (enum sv_status)(i == 4 ? 0 : i);
	if (imp_has(im, R_VALIDATED) && !imp_empty(im, R_VALIDATED))
		imp_qty(im, R_VALIDATED, 1, &validated);
	d->validated = validated;
	d->by = imp_has(im, R_BY) ? imp_text(im, R_BY, 0) : NULL;
	d->at = imp_has(im, R_AT) ? imp_utc(im, R_AT) : NULL;
	d->reason = imp_has(im, R_REASON) ? imp_text(im, R_REASON, 0) : NULL;
	if (d->by != NULL && strlen(d->by) > 200)
		imp_fault(im, R_BY, "the name is longer than 200 bytes");
	if (d->at != NULL && strcmp(d->at, imp_rows(im)->now) > 0)
		imp_fault(im, R_AT, "%s is in the future (now is %s UTC): a decision has happened "
			  "already", d->at, imp_rows(im)->now);
	else if (d->at != NULL && sub != NULL && strncmp(d->at, sub, 10) < 0)
		imp_fault(im, R_AT, "%s is before the line was submitted (%s): a line is decided "
			  "after it was submitted", d->at, sub);
	if (im->row_bad)
		return;
	if (d->status == ST_SUBMITTED) {
		int c = validated >= 0 ? R_VALIDATED : d->by ? R_BY : d->at ? R_AT
			: d->reason ? R_REASON : -1;

		if (c >= 0)
			imp_fault(im, c, "a submitted line has no decision: leave validated, "
				  "validated_by, validated_at and reason empty");
		return;
	}
	/* history names who decided and when: never the importer and now */
	if (d->by == NULL)
		imp_fault(im, imp_has(im, R_BY) ? R_BY : R_STATUS, "a %s line needs who decided it "
			  "(validated_by)", names[i]);
	if (d->at == NULL)
		imp_fault(im, imp_has(im, R_AT) ? R_AT : R_STATUS, "a %s line needs when it was "
			  "decided (validated_at)", names[i]);
	if (d->status != ST_VALIDATED && validated >= 0)
		imp_fault(im, R_VALIDATED, "a %s line has no validated quantity: leave it empty",
			  names[i]);
	if (d->status == ST_VALIDATED && validated < 0)
		imp_fault(im, imp_has(im, R_VALIDATED) ? R_VALIDATED : R_STATUS,
			  "a validated line needs the validated quantity");
	*n = 1;
}

/* The commitment of a return line: from the contract's commitments, read
 * once per contract. */
static int commitment_of(struct imp *im, int64_t contract_id, int64_t measure_id, int fy,
			 int64_t *id, sv_err *e)
{
	struct rows *s = imp_rows(im);
	int rc;

	if (s->cm_contract != contract_id) {
		rc = db_commitments_of(im->db, contract_id, s->cm,
				       sizeof s->cm / sizeof s->cm[0], &s->ncm, e);
		if (rc < 0)
			return -1;
		s->cm_contract = contract_id;
		s->cm_full = rc == 0;
		s->cm_next = 0;
	}
	/* a file in order asks for the commitment after the last one found,
	 * or the same: look there first */
	for (size_t k = 0; k < s->ncm; k++) {
		size_t i = s->cm_next + k < s->ncm ? s->cm_next + k : s->cm_next + k - s->ncm;

		if (s->cm[i].measure_id == measure_id && s->cm[i].year == fy) {
			*id = s->cm[i].id;
			s->cm_next = i;
			return 1;
		}
	}
	if (s->cm_full)
		return 0;
	return db_commitment_find(im->db, contract_id, measure_id, fy, id, e);
}

/* The column of a field the writer refused. */
static int return_col(const struct imp *im, int field)
{
	static const int evidence[] = { R_EVIDENCE, R_DELIVERED, -1 };
	static const int submitted[] = { R_SUBMITTED, R_CONTRACT, -1 };
	static const int validated[] = { R_VALIDATED, R_STATUS, -1 };
	static const int reason[] = { R_REASON, R_STATUS, -1 };
	static const int by[] = { R_BY, R_STATUS, -1 };
	static const int at[] = { R_AT, R_STATUS, -1 };
	static const int status[] = { R_STATUS, R_DELIVERED, -1 };

	switch (field) {
	case DBF_QUARTER: return R_QUARTER;
	case DBF_DELIVERED: return R_DELIVERED;
	case DBF_EVIDENCE: return imp_col_had(im, evidence);
	case DBF_SUBMITTED: return imp_col_had(im, submitted);
	case DBF_STATUS: return imp_col_had(im, status);
	case DBF_VALIDATED: return imp_col_had(im, validated);
	case DBF_REASON: return imp_col_had(im, reason);
	case DBF_BY: return imp_col_had(im, by);
	case DBF_AT: return imp_col_had(im, at);
	default: return R_CONTRACT;
	}
}

int imp_returns_row(struct imp *im, sv_err *err)
{
	db_return_in in;
	db_decision_in d;
	db_contract_key c;
	db_put_out out;
	const db_measure *m;
	const char *s;
	sv_quarter q = { 0, 0 };
	sv_date sub;
	sv_err e = { 0 };
	char ql[11], fyl[8], subl[11], key[48];
	int have_c, rc, q_ok;
	int64_t cm = 0, old = 0;
	long was;

	if (imp_empty(im, R_DELIVERED) && (!imp_has(im, R_EVIDENCE) || imp_empty(im, R_EVIDENCE))) {
		im->res->rows.skipped++;
		return 0;
	}
	memset(&in, 0, sizeof in);
	have_c = imp_contract_of(im, R_CONTRACT, &c, err);
	if (have_c < 0)
		return -1;
	s = imp_cell(im, R_QUARTER);
	if ((q_ok = quarter_parse(s, &q, &e) == 0) == 0)
		imp_fault(im, R_QUARTER, "\"%s\" is not a quarter (%s)", imp_shown(im, s),
			  strstr(e.msg, "\": ") ? strstr(e.msg, "\": ") + 3 : e.msg);
	m = imp_measure_of(im, R_MEASURE);
	imp_qty(im, R_DELIVERED, m != NULL && strcmp(m->unit, "GBP") == 0, &in.delivered);
	in.evidence = imp_has(im, R_EVIDENCE) ? imp_text(im, R_EVIDENCE, 0) : NULL;
	in.keep_evidence = !imp_has(im, R_EVIDENCE);
	if (imp_has(im, R_SUBMITTED) && imp_date(im, R_SUBMITTED, 0, &sub) == 0)
		in.submitted = &sub;
	in.keep_submitted = !imp_has(im, R_SUBMITTED);
	in.submitted_given = imp_has(im, R_SUBMITTED);
	if (imp_has(im, R_UNIT) && !imp_empty(im, R_UNIT) && m != NULL &&
	    strcasecmp(imp_cell(im, R_UNIT), m->unit) != 0)
		imp_fault(im, R_UNIT, "measure %s is counted in %s, not %s", m->code, m->unit,
			  imp_shown(im, imp_cell(im, R_UNIT)));
	in.history = im->res->history;
	if (in.history)
		decision_of(im, in.submitted ? date_format_iso(sub, subl) : NULL, &d,
			    &in.ndecisions);
	in.decisions = &d;
	if (have_c == 0 || m == NULL || !q_ok)
		return 0;

	rc = commitment_of(im, c.id, m->id, q.fy, &cm, &e);
	if (rc < 0)
		return imp_store_fail(im, R_MEASURE, &e, err);
	if (rc == 1 && (im->row_bad || imp_rows(im)->nseen > 0)) {
		if (im->row_bad && db_return_find(im->db, cm, q.q, &old, &e) < 0)
			return imp_store_fail(im, R_CONTRACT, &e, err);
		snprintf(key, sizeof key, "r/%lld/%d", (long long)cm, q.q);
		was = imp_dup_line(im, key, DB_MARK_RETURN, old, &e);
		if (was < 0)
			return imp_store_fail(im, R_CONTRACT, &e, err);
		if (was > 0) {
			imp_fault(im, R_CONTRACT, "the line of %s for %s in %s is on line %ld already",
				  imp_rows(im)->last_ref, m->code, quarter_format(q, ' ', ql), was);
			return 0;
		}
	}
	if (im->row_bad)
		return 0;
	if (rc == 0) {
		imp_fault(im, R_MEASURE, "contract %s has no commitment to %s in %s (import the "
			  "commitments first)", imp_rows(im)->last_ref, m->code, fy_format(q.fy, fyl));
		return 0;
	}
	in.commitment_id = cm;
	in.cache = &imp_rows(im)->lines;
	in.fy = q.fy;
	in.quarter = q.q;
	if (db_return_store(im->db, &in, im->row->line, &out, &e) < 0) {
		if (e.code == DB_E_DUPLICATE) {
			imp_fault(im, R_CONTRACT, "the line of %s for %s in %s is on line %ld already",
				  imp_rows(im)->last_ref, m->code, quarter_format(q, ' ', ql), out.dup);
			return 0;
		}
		return imp_store_fail(im, return_col(im, out.field), &e, err);
	}
	imp_count_put(im, out.put);
	return imp_mark(im, DB_MARK_RETURN, R_CONTRACT, out.id, out.put, err);
}

