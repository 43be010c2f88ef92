#include "config.h"

/* record_save.c: a record saved or deleted at the desk (see svdesk/record.h):
 * its values read by the rules of record.c, then one short write
 * transaction that refuses a stale version (who changed it and when),
 * writes through the store's own rules (db/contract.c, db/write.c,
 * db/register_write.c) and places each refusal at the field it is about.
 * The audit triggers record every save and delete. */

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "svdesk/record.h"
#include "svdesk/register.h"

static const char *const kind_words[REC_NKINDS] = {
	"contract", "supplier", "commitment", "answer"
};

static enum db_reg reg_of(enum rec_kind k)
{
	return k == REC_CONTRACT ? DB_REG_CONTRACT : k == REC_SUPPLIER ? DB_REG_SUPPLIER
		: k == REC_COMMITMENT ? DB_REG_COMMITMENT : DB_REG_ANSWER;
}

/* A refusal (err->code DB_E_OTHER); returns -1. */
static int refuse(sv_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static int refuse(sv_err *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	va_start(ap, fmt);
	sv_err_vset(err, fmt, ap);
	va_end(ap);
	err->code = DB_E_OTHER;
	return -1;
}

/* The faults of one save: counted, and given on to the caller's fn. */
struct save {
	rec_fault_fn fn;
	void *ctx;
	int faults;
};

static void fault(void *ctx, int field, const char *msg)
{
	struct save *s = ctx;

	s->faults++;
	if (s->fn != NULL)
		s->fn(s->ctx, field, msg);
}

/* The record's value of a field, or a fault: 0, -1. */
static int value(struct save *s, enum rec_kind k, int field, const char *const *cells,
		 unsigned opts, rec_val *v)
{
	char msg[SV_ERR_MAX];

	if (rec_read(k, field, cells[field], opts, v, msg, sizeof msg) == 0)
		return 0;
	fault(s, field, msg);
	return -1;
}

/* "contract WMP-2025-101": the record as messages name it (the stored
 * name; the one typed when it has gone). */
static void what_of(svdb *db, enum rec_kind k, int64_t id, const char *const *cells, char *buf,
		    size_t n)
{
	char name[200];
	sv_err e = { 0 };

	if (rec_name(db, k, id, name, sizeof name, &e) != 0)
		snprintf(name, sizeof name, "%s", cells != NULL && cells[0] != NULL ? cells[0] : "");
	if (name[0] == '\0')
		snprintf(buf, n, "the %s", kind_words[k]);     /* gone, and no name typed */
	else
		snprintf(buf, n, "%s %s", kind_words[k], name);
}

/* A record changed since the form read it (version seen): refused. */
static int version_check(svdb *db, enum rec_kind k, int64_t id, int64_t seen, const char *verb,
			 const char *const *cells, sv_err *err)
{
	char what[256];
	int64_t now = 0;

	if (db_reg_version(db, reg_of(k), id, &now, err) < 0)
		return -1;
	if (now == seen && now != 0)
		return 0;
	what_of(db, k, id, cells, what, sizeof what);
	return db_reg_stale(db, reg_of(k), id, verb, what, err);
}

/* ---- the writes of each kind ------------------------------------------------------------ */

static int contract_field(int dbf)
{
	switch (dbf) {
	case DBF_START: return RC_START;
	case DBF_END: return RC_END;
	case DBF_BODY: return RC_BODY;
	case DBF_SUPPLIER: return RC_SUPPLIER;
	case DBF_LW: return RC_LW;
	case DBF_MS: return RC_MS;
	default: return RC_REF;
	}
}

/* A refusal of the store: a fault of the field, or (busy, a failure of
 * the database) the save's error. */
static int store_fail(struct save *s, int field, const sv_err *e, sv_err *err)
{
	if (e->code == DB_E_BUSY || e->code == DB_E_STALE) {
		*err = *e;
		return -1;
	}
	fault(s, field, e->msg);
	return 0;
}

static int contract_save(svdb *db, struct save *s, const db_contract *c, int64_t id,
			 int64_t *new_id, sv_err *err)
{
	sv_err e = { 0 };
	int field = DBF_ROW;

	if (db_contract_save(db, c, id, new_id, &field, &e) == 0)
		return 0;
	return store_fail(s, contract_field(field), &e, err);
}

static int supplier_save(svdb *db, struct save *s, const char *name, int64_t id,
			 int64_t *new_id, sv_err *err)
{
	sv_err e = { 0 };

	if (db_supplier_save(db, id, name, new_id, &e) == 0)
		return 0;
	return store_fail(s, RS_NAME, &e, err);
}

/* The stored keys of a commitment or an answer, to refuse a change of one. */
struct keys {
	char ref[64], code[32], topic[32];
	int year;
};

static int keys_commitment(void *ctx, const db_commitment_rec *c)
{
	struct keys *k = ctx;

	snprintf(k->ref, sizeof k->ref, "%s", c->ref);
	snprintf(k->code, sizeof k->code, "%s", c->code);
	k->year = c->year;
	return 1;
}

static int keys_answer(void *ctx, const db_answer_rec *a)
{
	struct keys *k = ctx;

	snprintf(k->ref, sizeof k->ref, "%s", a->ref);
	snprintf(k->topic, sizeof k->topic, "%s", a->topic);
	return 1;
}

static void key_fixed(struct save *s, int field, const char *what)
{
	char msg[256];

	snprintf(msg, sizeof msg, "the %s is fixed once stored: add a new one instead", what);
	fault(s, field, msg);
}

/* The contract of a ref typed: 1 (*out), 0 a fault, -1 error. */
static int contract_of(svdb *db, struct save *s, int field, const char *ref,
		       db_contract_key *out, sv_err *err)
{
	char msg[SV_ERR_MAX];
	int rc = db_contract_find(db, ref, out, err);

	if (rc == 0) {
		rec_msg_no_contract(ref, msg, sizeof msg);
		fault(s, field, msg);
	}
	return rc;
}

static int commitment_save(svdb *db, struct save *s, const char *const *cells, int64_t id,
			   int64_t *new_id, sv_err *err)
{
	rec_val vc, vm, vy, vt, vn;
	db_measure_info m;
	db_contract_key c;
	db_commitment_in in;
	db_put_out out;
	struct keys k;
	char msg[SV_ERR_MAX], y[8];
	sv_err e = { 0 };
	int64_t had = 0;
	int have_c = 0, have_m = 0, rc;

	memset(&in, 0, sizeof in);
	if (value(s, REC_COMMITMENT, RK_CONTRACT, cells, 0, &vc) == 0 &&
	    (have_c = contract_of(db, s, RK_CONTRACT, vc.text, &c, err)) < 0)
		return -1;
	if (value(s, REC_COMMITMENT, RK_MEASURE, cells, 0, &vm) == 0) {
		have_m = db_measure_find(db, vm.text, &m, err);
		if (have_m < 0)
			return -1;
		if (have_m == 0) {
			rec_msg_no_measure(vm.text, msg, sizeof msg);
			fault(s, RK_MEASURE, msg);
		}
	}
	rc = value(s, REC_COMMITMENT, RK_YEAR, cells, 0, &vy);
	value(s, REC_COMMITMENT, RK_TARGET, cells,
	      have_m == 1 && strcmp(m.unit, "GBP") == 0 ? REC_V_MONEY : 0, &vt);
	value(s, REC_COMMITMENT, RK_NOTE, cells, 0, &vn);
	if (s->faults > 0 || rc != 0)
		return 0;
	if (id != 0) {
		memset(&k, 0, sizeof k);
		if (db_reg_commitment_get(db, id, keys_commitment, &k, err) < 0)
			return -1;
		if (strcmp(k.ref, vc.text) != 0)
			key_fixed(s, RK_CONTRACT, "contract of a commitment");
		if (strcmp(k.code, vm.text) != 0)
			key_fixed(s, RK_MEASURE, "measure of a commitment");
		if (k.year != (int)vy.num)
			key_fixed(s, RK_YEAR, "year of a commitment");
	} else {
		if (db_commitment_find(db, c.id, m.id, (int)vy.num, &had, err) < 0)
			return -1;
		if (had != 0) {
			snprintf(msg, sizeof msg, "the commitment of %s to %s in %s exists already: "
				 "change it instead", vc.text, vm.text, fy_format((int)vy.num, y));
			fault(s, RK_MEASURE, msg);
		}
	}
	if (s->faults > 0)
		return 0;
	in.contract_id = c.id;
	in.measure_id = m.id;
	in.fy = (int)vy.num;
	in.target = vt.num;
	in.note = vn.text;
	/* a new commitment takes the proxy of the current set; one stored keeps its own */
	if (db_commitment_store(db, &in, 0, &out, &e) != 0) {
		static const int fields[] = {
			[DBF_YEAR] = RK_YEAR, [DBF_TARGET] = RK_TARGET, [DBF_NOTE] = RK_NOTE,
			[DBF_PROXY] = RK_PROXY, [DBF_PROXY_SET] = RK_SET,
		};
		int f = out.field >= DBF_YEAR && out.field <= DBF_PROXY_SET ? fields[out.field]
			: RK_CONTRACT;

		return store_fail(s, f, &e, err);
	}
	*new_id = out.id;
	return 0;
}

static int answer_save(svdb *db, struct save *s, const char *const *cells, int64_t id,
		       int64_t *new_id, sv_err *err)
{
	rec_val vc, vt, va;
	const rec_topic *t = NULL;
	db_contract_key c;
	struct keys k;
	char msg[SV_ERR_MAX];
	sv_err e = { 0 };
	int64_t had = 0;
	int put;

	if (value(s, REC_ANSWER, RA_CONTRACT, cells, 0, &vc) == 0 &&
	    contract_of(db, s, RA_CONTRACT, vc.text, &c, err) < 0)
		return -1;
	if (value(s, REC_ANSWER, RA_TOPIC, cells, 0, &vt) == 0)
		t = rec_topic_find(vt.text);
	value(s, REC_ANSWER, RA_ANSWER, cells, t != NULL && t->counts ? REC_V_COUNT : 0, &va);
	if (s->faults > 0)
		return 0;
	if (id != 0) {
		memset(&k, 0, sizeof k);
		if (db_reg_answer_get(db, id, keys_answer, &k, err) < 0)
			return -1;
		if (strcmp(k.ref, vc.text) != 0)
			key_fixed(s, RA_CONTRACT, "contract of an answer");
		if (strcmp(k.topic, vt.text) != 0)
			key_fixed(s, RA_TOPIC, "topic of an answer");
	} else {
		if (db_answer_find(db, c.id, vt.text, &had, err) < 0)
			return -1;
		if (had != 0) {
			snprintf(msg, sizeof msg, "contract %s has an answer on \"%s\" already: change "
				 "it instead", vc.text, t->label);
			fault(s, RA_TOPIC, msg);
		}
	}
	if (s->faults > 0)
		return 0;
	/* who recorded it and when: the desk's person, now */
	if (db_answer_put(db, c.id, vt.text, va.text, NULL, NULL, new_id, &put, &e) != 0)
		return store_fail(s, RA_CONTRACT, &e, err);
	return 0;
}

/* ---- save and delete ----------------------------------------------------------------------- */

int rec_save(svdb *db, enum rec_kind k, int64_t id, int64_t seen, const char *const *cells,
	     rec_fault_fn fn, void *ctx, int64_t *new_id, sv_err *err)
{
	struct save s = { fn, ctx, 0 };
	const char *blank[REC_FIELDS_MAX] = { 0 };
	const char *use[REC_FIELDS_MAX];
	const rec_field *f;
	db_contract c;
	rec_val v;
	int64_t got = 0;
	size_t n;
	int rc;

	f = rec_fields(k, &n);
	if (f == NULL)
		return sv_err_set(err, "no such kind of record");
	if (cells == NULL)
		cells = blank;
	/* what the desk never types (a commitment's proxy, who recorded an
	 * answer) is not taken from the cells */
	for (size_t i = 0; i < n; i++)
		use[i] = (f[i].flags & RF_FORM) && !(f[i].flags & RF_READONLY)
			? (cells[i] != NULL ? cells[i] : "") : NULL;
	/* the values without the database first: nothing to lock for a typo */
	if (k == REC_CONTRACT)
		rec_contract_read(use, &c, fault, &s);
	else if (k == REC_SUPPLIER)
		value(&s, k, RS_NAME, use, 0, &v);
	if (s.faults > 0)
		goto refused;
	if (db_desk_begin(db, kind_words[k], err) != 0)
		return -1;
	rc = id != 0 ? version_check(db, k, id, seen, "not saved", use, err) : 0;
	if (rc == 0) {
		switch (k) {
		case REC_CONTRACT:
			rc = contract_save(db, &s, &c, id, &got, err);
			break;
		case REC_SUPPLIER:
			rc = supplier_save(db, &s, v.text, id, &got, err);
			break;
		case REC_COMMITMENT:
			rc = commitment_save(db, &s, use, id, &got, err);
			break;
		default:
			rc = answer_save(db, &s, use, id, &got, err);
			break;
		}
	}
	if (rc == 0 && s.faults > 0)
		rc = 1;
	if (db_desk_end(db, rc, kind_words[k], err) != 0 && rc <= 0)
		return -1;
	if (rc < 0)
		return -1;
	if (rc == 0) {
		if (new_id != NULL)
			*new_id = got;
		return 0;
	}
refused:
	return refuse(err, "not saved: %d problem%s", s.faults, s.faults == 1 ? "" : "s");
}

int rec_dependents(svdb *db, enum rec_kind k, int64_t id, char *msg, size_t n, sv_err *err)
{
	char what[256], parts[200] = "";
	int64_t d[3];
	size_t o = 0;
	int np = 0, last = -1;
	static const char *const nouns[3][2] = {
		{ "commitment", "commitments" }, { "highlight", "highlights" },
		{ "questionnaire answer", "questionnaire answers" },
	};

	if (n > 0)
		msg[0] = '\0';
	if ((unsigned)k >= REC_NKINDS)
		return sv_err_set(err, "no such kind of record");
	if (db_reg_dependents(db, reg_of(k), id, d, err) < 0)
		return -1;
	if (d[0] == 0 && d[1] == 0 && d[2] == 0)
		return 0;
	what_of(db, k, id, NULL, what, sizeof what);
	if (k == REC_SUPPLIER) {
		snprintf(msg, n, "%s has %lld contract%s: give them another supplier first",
			 what, (long long)d[0], d[0] == 1 ? "" : "s");
		return 1;
	}
	if (k == REC_COMMITMENT) {
		snprintf(msg, n, "%s has %lld return line%s", what, (long long)d[0],
			 d[0] == 1 ? "" : "s");
		return 1;
	}
	for (int i = 0; i < 3; i++)
		if (d[i] > 0) {
			np++;
			last = i;
		}
	/* "4 commitments, 1 highlight and 2 questionnaire answers" */
	for (int i = 0, done = 0; i < 3; i++) {
		if (d[i] == 0)
			continue;
		o += (size_t)snprintf(parts + o, sizeof parts - o, "%s%lld %s",
				      done == 0 ? "" : i == last ? " and " : ", ", (long long)d[i],
				      nouns[i][d[i] != 1]);
		done++;
		if (o >= sizeof parts)
			break;
	}
	(void)np;
	snprintf(msg, n, "%s has %s: set its status to closed instead", what, parts);
	return 1;
}

int rec_delete(svdb *db, enum rec_kind k, int64_t id, int64_t seen, sv_err *err)
{
	char msg[SV_ERR_MAX];
	int rc;

	if ((unsigned)k >= REC_NKINDS)
		return sv_err_set(err, "no such kind of record");
	if (db_desk_begin(db, kind_words[k], err) != 0)
		return -1;
	rc = version_check(db, k, id, seen, "not deleted", NULL, err);
	if (rc == 0) {
		rc = rec_dependents(db, k, id, msg, sizeof msg, err);
		if (rc == 1)
			rc = refuse(err, "not deleted: %s", msg);
	}
	if (rc == 0)
		rc = db_reg_delete(db, reg_of(k), id, err);
	return db_desk_end(db, rc, kind_words[k], err);
}
