#include "config.h"

/* record_db.c: the records as a form reads them (see svdesk/record.h): a
 * record's cells in the importer's plain form, its version and name, and
 * the choices of a pick list.  The saves and deletes are in record_save.c. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "svdesk/browse.h"
#include "svdesk/record.h"
#include "svdesk/register.h"

static enum db_reg reg_of(enum rec_kind k)
{
	switch (k) {
	case REC_CONTRACT: return DB_REG_CONTRACT;
	case REC_SUPPLIER: return DB_REG_SUPPLIER;
	case REC_COMMITMENT: return DB_REG_COMMITMENT;
	case REC_ANSWER: case REC_NKINDS: break;
	}
	return DB_REG_ANSWER;
}

/* ---- a record's cells ---------------------------------------------------------------- */

struct load {
	char **cells;
	size_t n;
	int oom;
};

static void put(struct load *l, int i, const char *v)
{
	if ((size_t)i >= l->n)
		return;
	free(l->cells[i]);
	l->cells[i] = strdup(v != NULL ? v : "");
	if (l->cells[i] == NULL)
		l->oom = 1;
}

static int load_contract(void *ctx, const db_contract_rec *c)
{
	struct load *l = ctx;
	char b[32];

	put(l, RC_REF, c->ref);
	put(l, RC_TITLE, c->title);
	put(l, RC_SUPPLIER, c->supplier);
	put(l, RC_BODY, c->body);
	put(l, RC_VALUE, money_format(c->value, MONEY_PLAIN, b, sizeof b));
	put(l, RC_START, c->start);
	put(l, RC_END, c->end);
	put(l, RC_WEIGHT, percent_format_short(c->sv_weight, b, sizeof b));
	put(l, RC_MANAGER, c->manager);
	put(l, RC_STATUS, c->status);
	put(l, RC_AWARD, c->award_report);
	put(l, RC_LW, c->living_wage);
	put(l, RC_LW_DATE, c->living_wage_date);
	put(l, RC_LW_NOTE, c->living_wage_note);
	put(l, RC_MS, c->modern_slavery);
	put(l, RC_MS_DATE, c->modern_slavery_date);
	put(l, RC_MS_NOTE, c->modern_slavery_note);
	return 1;
}

static int load_commitment(void *ctx, const db_commitment_rec *c)
{
	struct load *l = ctx;
	char b[32], y[8];

	put(l, RK_CONTRACT, c->ref);
	put(l, RK_MEASURE, c->code);
	put(l, RK_YEAR, fy_format(c->year, y));
	put(l, RK_TARGET, qty_format_short(c->target, b, sizeof b));
	put(l, RK_NOTE, c->note);
	put(l, RK_PROXY, c->has_proxy ? proxy_format_fixed(c->proxy, b, sizeof b) : "");
	put(l, RK_SET, c->proxy_set);
	return 1;
}

static int load_answer(void *ctx, const db_answer_rec *a)
{
	struct load *l = ctx;

	put(l, RA_CONTRACT, a->ref);
	put(l, RA_TOPIC, a->topic);
	put(l, RA_ANSWER, a->answer);
	put(l, RA_BY, a->recorded_by);
	put(l, RA_AT, a->recorded_at);
	return 1;
}

int rec_load(svdb *db, enum rec_kind k, int64_t id, char **cells, int64_t *version,
	     sv_err *err)
{
	struct load l = { cells, 0, 0 };
	char name[4001];
	int rc;

	rec_fields(k, &l.n);
	if (l.n == 0)
		return sv_err_set(err, "no such kind of record");
	for (size_t i = 0; i < l.n; i++)
		cells[i] = NULL;
	*version = 0;
	switch (k) {
	case REC_CONTRACT:
		rc = db_reg_contract_get(db, id, load_contract, &l, err);
		break;
	case REC_SUPPLIER:
		rc = db_reg_supplier_get(db, id, name, sizeof name, err);
		if (rc == 1)
			put(&l, RS_NAME, name);
		break;
	case REC_COMMITMENT:
		rc = db_reg_commitment_get(db, id, load_commitment, &l, err);
		break;
	default:
		rc = db_reg_answer_get(db, id, load_answer, &l, err);
		break;
	}
	if (rc == 1 && l.oom)
		rc = sv_err_set(err, "out of memory");
	if (rc == 1 && db_reg_version(db, reg_of(k), id, version, err) < 0)
		rc = -1;
	if (rc != 1) {
		rec_cells_free(k, cells);
		return rc;
	}
	/* the fields a read left empty (NULL columns) */
	for (size_t i = 0; i < l.n; i++)
		if (cells[i] == NULL && (cells[i] = strdup("")) == NULL) {
			rec_cells_free(k, cells);
			return sv_err_set(err, "out of memory");
		}
	return 1;
}

int rec_version(svdb *db, enum rec_kind k, int64_t id, int64_t *version, sv_err *err)
{
	if ((unsigned)k >= REC_NKINDS)
		return sv_err_set(err, "no such kind of record");
	return db_reg_version(db, reg_of(k), id, version, err) < 0 ? -1 : 0;
}

/* ---- names ---------------------------------------------------------------------------- */

struct named {
	char *buf;
	size_t n;
};

static int name_contract(void *ctx, const db_contract_rec *c)
{
	struct named *nm = ctx;

	snprintf(nm->buf, nm->n, "%s", c->ref);
	return 1;
}

static int name_commitment(void *ctx, const db_commitment_rec *c)
{
	struct named *nm = ctx;
	char y[8];

	snprintf(nm->buf, nm->n, "%s %s of %s", c->code, fy_format(c->year, y), c->ref);
	return 1;
}

static int name_answer(void *ctx, const db_answer_rec *a)
{
	struct named *nm = ctx;
	const rec_topic *t = rec_topic_find(a->topic);

	snprintf(nm->buf, nm->n, "%s of %s", t != NULL ? t->label : a->topic, a->ref);
	return 1;
}

int rec_name(svdb *db, enum rec_kind k, int64_t id, char *buf, size_t n, sv_err *err)
{
	struct named nm = { buf, n };
	int rc;

	if (n > 0)
		buf[0] = '\0';
	switch (k) {
	case REC_CONTRACT:
		rc = db_reg_contract_get(db, id, name_contract, &nm, err);
		break;
	case REC_SUPPLIER:
		rc = db_reg_supplier_get(db, id, buf, n, err);
		break;
	case REC_COMMITMENT:
		rc = db_reg_commitment_get(db, id, name_commitment, &nm, err);
		break;
	case REC_ANSWER:
		rc = db_reg_answer_get(db, id, name_answer, &nm, err);
		break;
	default:
		return sv_err_set(err, "no such kind of record");
	}
	if (rc == 0)
		return sv_err_set(err, "no such record (id %lld)", (long long)id);
	return rc < 0 ? -1 : 0;
}

/* ---- pick lists ----------------------------------------------------------------------- */

struct fixed_choice {
	const char *value, *label;
};

/* The choices that do not come from the database, filtered as the
 * database's are (folded text that holds the folded narrow). */
static int fixed_choices(const struct fixed_choice *c, size_t nc, const char *narrow,
			 size_t max, void (*fn)(void *ctx, const char *value, const char *label),
			 void *ctx)
{
	char fn_narrow[256], raw[512], text[512];
	size_t got = 0;

	browse_fold(narrow != NULL ? narrow : "", fn_narrow, sizeof fn_narrow);
	for (size_t i = 0; i < nc; i++) {
		snprintf(raw, sizeof raw, "%s %s", c[i].value, c[i].label != NULL ? c[i].label : "");
		browse_fold(raw, text, sizeof text);
		if (fn_narrow[0] != '\0' && strstr(text, fn_narrow) == NULL)
			continue;
		if (max > 0 && got == max)
			return 1;
		fn(ctx, c[i].value, c[i].label);
		got++;
	}
	return 0;
}

/* The years about today's: two before it to five after (a contract's
 * commitments run ahead of it). */
static int year_choices(const char *narrow, size_t max,
			void (*fn)(void *ctx, const char *value, const char *label), void *ctx,
			sv_err *err)
{
	struct fixed_choice c[8];
	char years[8][8];
	sv_datetime now;
	int fy;

	if (clock_now(&now, err) != 0)
		return -1;
	fy = fy_of_date(now.date);
	for (int i = 0; i < 8; i++) {
		c[i].value = fy_format(fy - 2 + i, years[i]);
		c[i].label = i == 2 ? "this year" : NULL;
	}
	return fixed_choices(c, 8, narrow, max, fn, ctx);
}

int rec_choices(svdb *db, enum rec_kind k, int field, const char *narrow, size_t max,
		void (*fn)(void *ctx, const char *value, const char *label), void *ctx,
		sv_err *err)
{
	static const struct fixed_choice bodies[] = { { "WMP", "West Midlands Police" },
		{ "OPCC", "Office of the Police and Crime Commissioner" } };
	static const struct fixed_choice statuses[] = { { "active", NULL }, { "closed", NULL } };
	static const struct fixed_choice yesno[] = { { "", "not recorded" }, { "yes", NULL },
		{ "no", NULL }, { "n/a", NULL } };
	struct fixed_choice tc[8];
	const rec_topic *t;
	const rec_field *f;
	char folded[512];
	size_t n, nt;

	f = rec_fields(k, &n);
	if (f == NULL || field < 0 || (size_t)field >= n)
		return sv_err_set(err, "no such field");
	browse_fold(narrow != NULL ? narrow : "", folded, sizeof folded);
	switch (f[field].type) {
	case RT_BODY:
		return fixed_choices(bodies, 2, narrow, max, fn, ctx);
	case RT_STATUS:
		return fixed_choices(statuses, 2, narrow, max, fn, ctx);
	case RT_YESNO:
		return fixed_choices(yesno, 4, narrow, max, fn, ctx);
	case RT_YEAR:
		return year_choices(narrow, max, fn, ctx, err);
	case RT_TOPIC:
		t = rec_topics(&nt);
		for (size_t i = 0; i < nt && i < 8; i++) {
			tc[i].value = t[i].name;
			tc[i].label = t[i].label;
		}
		return fixed_choices(tc, nt, narrow, max, fn, ctx);
	case RT_SUPPLIER:
		return db_reg_choices(db, DB_LIST_SUPPLIERS, folded, max, fn, ctx, err);
	case RT_CONTRACT:
		/* the questionnaire is for OPCC contracts only */
		return db_reg_choices(db, k == REC_ANSWER ? DB_LIST_OPCC_CONTRACTS : DB_LIST_CONTRACTS,
				      folded, max, fn, ctx, err);
	case RT_MEASURE:
		return db_reg_choices(db, DB_LIST_MEASURES, folded, max, fn, ctx, err);
	case RT_PROXY_SET:
		return db_reg_choices(db, DB_LIST_PROXY_SETS, folded, max, fn, ctx, err);
	default:
		return 0;        /* typed, not picked */
	}
}
