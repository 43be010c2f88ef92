#include "config.h"

/* import_rows.c: the rows of each kind of file (spec "CSV files"): the
 * columns, the values of a row, the rules, and the write through the store
 * (returns: import_returns.c), and the lookups the kinds share.  Every
 * fault of a row is reported (not only the first); a row with a fault is
 * not written, and the file is then rolled back whole by import.c. */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "src/import_private.h"

static const char *const units[] = {
	"FTE", "weeks", "hours", "GBP", "tCO2e", "tonnes", "count", "percent"
};

#define SEEN_SLOTS 16384            /* a power of 2 */
#define SEEN_MAX (SEEN_SLOTS / 2)

struct seen {
	char key[72];
	long line;
};

struct rows *imp_rows(struct imp *im)
{
	return im->state;
}

/* ---- duplicates of rows with a fault ------------------------------------------------ */

static size_t seen_slot(const struct rows *s, const char *key)
{
	uint64_t h = 14695981039346656037u;
	size_t i;

	for (const unsigned char *p = (const unsigned char *)key; *p != '\0'; p++)
		h = (h ^ *p) * 1099511628211u;
	for (i = (size_t)h & (SEEN_SLOTS - 1); s->seen[i].line != 0 &&
	     strcmp(s->seen[i].key, key) != 0; i = (i + 1) & (SEEN_SLOTS - 1))
		;
	return i;
}

/* The line of an earlier row of the file with this key: a row with a
 * fault (remembered here), or for a row with a fault, the row the store
 * marked (stored_id: the stored row of that key, 0 none).  0 when there is
 * none, and then a row with a fault is remembered; -1 on a failure. */
long imp_dup_line(struct imp *im, const char *key, int entity, int64_t stored_id, sv_err *e)
{
	struct rows *s = imp_rows(im);
	long was = 0;
	size_t i = 0;

	if (s->nseen > 0) {
		i = seen_slot(s, key);
		was = s->seen[i].line;
	}
	if (was == 0 && im->row_bad && stored_id > 0)
		was = db_mark_get(im->db, entity, stored_id, e);
	if (was != 0 || !im->row_bad || s->nseen >= SEEN_MAX)
		return was;
	if (s->seen == NULL && (s->seen = calloc(SEEN_SLOTS, sizeof *s->seen)) == NULL)
		return 0;          /* not remembered: only a later duplicate goes unseen */
	i = seen_slot(s, key);
	snprintf(s->seen[i].key, sizeof s->seen[i].key, "%s", key);
	s->seen[i].line = im->row->line;
	s->nseen++;
	return 0;
}

/* ---- shared lookups ---------------------------------------------------------------- */

static int code_cmp(const void *a, const void *b)
{
	return strcmp(((const db_measure *)a)->code, ((const db_measure *)b)->code);
}

int imp_load_measures(struct imp *im, sv_err *err)
{
	struct rows *s = imp_rows(im);

	if (db_measures_all(im->db, &s->ms, &s->nms, err) < 0)
		return -1;
	qsort(s->ms, s->nms, sizeof *s->ms, code_cmp);
	return 0;
}

const db_measure *imp_measure_of(struct imp *im, int col)
{
	char msg[SV_ERR_MAX];
	const char *code;
	db_measure key;
	const db_measure *m;
	rec_val v;
	size_t n;

	if (imp_rec(im, col, REC_COMMITMENT, RK_MEASURE, 0, &v) != 0)
		return NULL;
	code = v.text;
	n = strlen(code);
	m = NULL;
	if (n < sizeof key.code) {
		memcpy(key.code, code, n + 1);
		m = bsearch(&key, imp_rows(im)->ms, imp_rows(im)->nms, sizeof key, code_cmp);
	}
	if (m == NULL) {
		rec_msg_no_measure(code, msg, sizeof msg);
		imp_fault(im, col, "%s", msg);
	}
	return m;
}

int imp_contract_of(struct imp *im, int col, db_contract_key *out, sv_err *err)
{
	struct rows *s = imp_rows(im);
	char msg[SV_ERR_MAX];
	const char *ref;
	sv_err e = { 0 };
	rec_val v;
	int rc;

	/* the rule of a contract named by its ref: a text of at most 63 bytes */
	if (imp_rec(im, col, REC_COMMITMENT, RK_CONTRACT, 0, &v) != 0)
		return 0;
	ref = v.text;
	if (s->last.id != 0 && strcmp(ref, s->last_ref) == 0) {
		*out = s->last;
		return 1;
	}
	rc = db_contract_find(im->db, ref, out, &e);
	if (rc < 0)
		return imp_store_fail(im, col, &e, err);
	if (rc == 0) {
		rec_msg_no_contract(ref, msg, sizeof msg);
		imp_fault(im, col, "%s", msg);
		return 0;
	}
	snprintf(s->last_ref, sizeof s->last_ref, "%s", ref);
	s->last = *out;
	return 1;
}

static void proxy_shown(int isnull, sv_proxy v, char *buf, size_t n)
{
	if (isnull)
		snprintf(buf, n, "record only");
	else
		proxy_format(v, buf, n);
}

/* Mark the row a line wrote: a run entry for rows added in order, an
 * entry of its own for a row that existed. */
int imp_mark(struct imp *im, int entity, int col, int64_t id, int put, sv_err *err)
{
	struct rows *s = imp_rows(im);
	long line = im->row->line;
	sv_err e = { 0 };
	int rc;

	if (put == DB_PUT_ADDED) {
		if (s->run_open && line - id == s->run_delta)
			return 0;
		rc = db_mark_run(im->db, entity, id, line - (long)id, &e);
		s->run_open = 1;
		s->run_delta = line - (long)id;
	} else {
		rc = db_mark_put(im->db, entity, id, line, &e);
	}
	return rc < 0 ? imp_store_fail(im, col, &e, err) : 0;
}

void imp_count_put(struct imp *im, int put)
{
	if (put == DB_PUT_ADDED)
		im->res->rows.added++;
	else if (put == DB_PUT_CHANGED)
		im->res->rows.changed++;
	else
		im->res->rows.unchanged++;
}

static const char *unit_of(struct imp *im, int col)
{
	const char *s = imp_cell(im, col);

	for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
		if (strcasecmp(s, units[i]) == 0)
			return units[i];
	imp_fault(im, col, "\"%s\" is not a unit (one of FTE, weeks, hours, GBP, tCO2e, tonnes, "
		  "count, percent)", imp_shown(im, s));
	return NULL;
}

/* ---- measures ---------------------------------------------------------------------------- */

enum { M_THEME, M_OUTCOME, M_CODE, M_TITLE, M_UNIT, M_PROXY, M_SET };
static const csv_col measure_cols[] = {
	{ "theme", 1 }, { "outcome", 1 }, { "code", 1 }, { "title", 1 }, { "unit", 1 },
	{ "proxy", 1 }, { "proxy_set", 0 },
};

/* The set's name: the proxy_set column (one value for the whole file), or
 * the file's base name without its extension. */
static int set_name_of(struct imp *im)
{
	struct rows *s = imp_rows(im);
	const char *v = imp_has(im, M_SET) ? imp_text(im, M_SET, 0) : NULL;

	if (s->set_named) {
		if (s->set_from_column && (v == NULL || strcmp(v, s->set_name) != 0))
			imp_fault(im, M_SET, "\"%s\" differs from \"%s\" on line %ld: one file is "
				  "one proxy set", imp_shown(im, v ? v : ""), s->set_name, s->set_line);
		else if (!s->set_from_column && v != NULL)
			imp_fault(im, M_SET, "\"%s\" on a later line: name the set on every line "
				  "or on none (one file is one proxy set)", imp_shown(im, v));
		return 0;
	}
	s->set_named = 1;
	s->set_line = im->row->line;
	if (v != NULL) {
		if (strlen(v) >= sizeof s->set_name) {
			imp_fault(im, M_SET, "the set name is longer than %zu bytes", sizeof s->set_name - 1);
			return -1;
		}
		s->set_from_column = 1;
		snprintf(s->set_name, sizeof s->set_name, "%s", v);
		return 0;
	}
	if (strcmp(im->name, "<stdin>") == 0) {
		imp_fault_at(im, im->row->line, 1, "proxy_set: standard input has no file name to "
			     "name the proxy set after: add a proxy_set column");
		return -1;
	} else {
		const char *b = strrchr(im->name, '/');
		const char *dot;
		size_t n;

		b = b != NULL ? b + 1 : im->name;
		dot = strrchr(b, '.');
		n = dot != NULL ? (size_t)(dot - b) : strlen(b);
		if (n == 0) {
			imp_fault_at(im, im->row->line, 1, "proxy_set: the file name \"%s\" has "
				     "nothing before its extension to name the proxy set after: "
				     "add a proxy_set column (or rename the file)", imp_shown(im, b));
			return -1;
		}
		if (n >= sizeof s->set_name)
			n = sizeof s->set_name - 1;
		memcpy(s->set_name, b, n);
		s->set_name[n] = '\0';
	}
	return 0;
}

static int measures_row(struct imp *im, sv_err *err)
{
	struct rows *s = imp_rows(im);
	const char *theme = imp_text(im, M_THEME, 1);
	const char *outcome = imp_text(im, M_OUTCOME, 1);
	const char *code = imp_text(im, M_CODE, 1);
	const char *title = imp_text(im, M_TITLE, 1);
	const char *unit = unit_of(im, M_UNIT);
	db_measure_info mi;
	char a[32], b[32];
	sv_proxy proxy = 0;
	int64_t id = 0, tid, oid;
	int isnull = 1, added = 0, changed = 0, rc;
	sv_err e = { 0 };
	long was;

	imp_proxy(im, M_PROXY, &isnull, &proxy);
	if (code != NULL && strlen(code) > 31)
		imp_fault(im, M_CODE, "the code is longer than 31 bytes");
	if (unit != NULL && strcmp(unit, "percent") == 0 && !isnull && !im->row_bad)
		imp_fault(im, M_PROXY, "a percent measure is record only: leave the proxy empty");
	rc = set_name_of(im);
	if (code != NULL && strlen(code) <= 31 && (im->row_bad || s->nseen > 0)) {
		char key[40];

		mi.id = 0;
		if (im->row_bad && db_measure_find(im->db, code, &mi, &e) < 0)
			return imp_store_fail(im, M_CODE, &e, err);
		snprintf(key, sizeof key, "m/%s", code);
		was = imp_dup_line(im, key, DB_MARK_MEASURE, mi.id, &e);
		if (was < 0)
			return imp_store_fail(im, M_CODE, &e, err);
		if (was > 0) {
			imp_fault(im, M_CODE, "measure %s is on line %ld already", code, was);
			return 0;
		}
	}
	if (rc < 0 || im->row_bad)
		return 0;
	/* the set is looked up (or added) by the first good row: a bad row
	 * before it may have named it */
	if (s->set_id == 0) {
		rc = db_proxy_set_find(im->db, s->set_name, &s->set_id, &e);
		if (rc < 0)
			return imp_store_fail(im, M_PROXY, &e, err);
		s->set_exists = rc;
		if (rc == 0 && db_proxy_set_add(im->db, s->set_name, &s->set_id, &e) < 0)
			return imp_store_fail(im, M_PROXY, &e, err);
		snprintf(im->res->proxy_set, sizeof im->res->proxy_set, "%s", s->set_name);
		im->res->proxy_set_added = !rc;
	}

	rc = db_measure_find(im->db, code, &mi, &e);
	if (rc < 0)
		return imp_store_fail(im, M_CODE, &e, err);
	if (rc == 1) {
		id = mi.id;
		was = db_mark_get(im->db, DB_MARK_MEASURE, id, &e);
		if (was < 0)
			return imp_store_fail(im, M_CODE, &e, err);
		if (was > 0) {
			imp_fault(im, M_CODE, "measure %s is on line %ld already", code, was);
			return 0;
		}
		if (strcasecmp(theme, mi.theme) != 0)
			imp_fault(im, M_THEME, "measure %s is under the theme %s, not %s", code, mi.theme,
				  imp_shown(im, theme));
		if (strcasecmp(outcome, mi.outcome) != 0)
			imp_fault(im, M_OUTCOME, "measure %s is under the outcome \"%s\", not \"%s\"",
				  code, mi.outcome, imp_shown(im, outcome));
		if (strcmp(unit, mi.unit) != 0)
			imp_fault(im, M_UNIT, "measure %s is counted in %s, not %s: a framework whose "
				  "codes differ? (a proxy attached by code to the wrong measure would "
				  "value every commitment wrongly)", code, mi.unit, unit);
		if (im->row_bad)
			return 0;
		if (db_measure_retitle(im->db, id, title, &changed, &e) < 0)
			return imp_store_fail(im, M_TITLE, &e, err);
		imp_count_put(im, changed ? DB_PUT_CHANGED : DB_PUT_UNCHANGED);
	} else {
		if (db_theme_get_or_add(im->db, theme, &tid, &added, &e) < 0)
			return imp_store_fail(im, M_THEME, &e, err);
		im->res->themes_added += added;
		if (db_outcome_get_or_add(im->db, tid, outcome, &oid, &added, &e) < 0)
			return imp_store_fail(im, M_OUTCOME, &e, err);
		im->res->outcomes_added += added;
		if (db_measure_add(im->db, code, oid, title, unit, &id, &e) < 0)
			return imp_store_fail(im, M_CODE, &e, err);
		imp_count_put(im, DB_PUT_ADDED);
	}
	if (db_mark_put(im->db, DB_MARK_MEASURE, id, im->row->line, &e) < 0)
		return imp_store_fail(im, M_CODE, &e, err);

	if (s->set_exists) {
		int old_null;
		int64_t old;

		rc = db_proxy_set_value(im->db, s->set_id, id, &old_null, &old, &e);
		if (rc < 0)
			return imp_store_fail(im, M_PROXY, &e, err);
		if (rc == 0) {
			imp_fault(im, M_PROXY, "the proxy set \"%s\" exists and does not list %s: a set "
				  "never changes (give these values a new set name)", s->set_name, code);
		} else if (old_null != isnull || (!isnull && old != proxy)) {
			proxy_shown(old_null, old, a, sizeof a);
			proxy_shown(isnull, proxy, b, sizeof b);
			imp_fault(im, M_PROXY, "the proxy set \"%s\" exists with %s for %s, not %s: a set "
				  "never changes (give these values a new set name)", s->set_name, a,
				  code, b);
		} else {
			s->set_matched++;
		}
	} else if (db_proxy_value_add(im->db, s->set_id, id, isnull, proxy, &e) < 0) {
		return imp_store_fail(im, M_PROXY, &e, err);
	}
	return 0;
}

static int measures_end(struct imp *im, sv_err *err)
{
	struct rows *s = imp_rows(im);
	sv_err e = { 0 };
	int64_t n = 0;
	int changed = 0;

	if (!s->set_named || im->res->faults > 0)
		return 0;
	if (s->set_exists) {
		if (db_proxy_set_size(im->db, s->set_id, &n, &e) < 0)
			return imp_store_fail(im, M_PROXY, &e, err) < 0 ? -1 : 0;
		if (n != s->set_matched) {
			imp_fault_at(im, im->hline, 1, "proxy_set: the proxy set \"%s\" exists with %lld "
				     "measures, and this file lists %lld of them: a set never changes "
				     "(give these values a new set name)", s->set_name, (long long)n,
				     (long long)s->set_matched);
			return 0;
		}
	}
	if (db_proxy_set_make_current(im->db, s->set_id, &changed, &e) < 0) {
		sv_err_set(err, "%s", e.msg);
		return -1;
	}
	im->res->proxy_set_made_current = changed;
	return 0;
}

/* ---- contracts ---------------------------------------------------------------------------- */

enum {
	C_REF, C_TITLE, C_SUPPLIER, C_BODY, C_VALUE, C_START, C_END, C_WEIGHT, C_MANAGER,
	C_STATUS, C_AWARD, C_LW, C_MS, C_LW_DATE, C_LW_NOTE, C_MS_DATE, C_MS_NOTE
};
static const csv_col contract_cols[] = {
	{ "ref", 1 }, { "title", 1 }, { "supplier", 1 }, { "body", 1 }, { "value", 1 },
	{ "start", 1 }, { "end", 1 }, { "sv_weight", 1 }, { "manager", 0 }, { "status", 0 },
	{ "award_report", 0 }, { "living_wage", 0 }, { "modern_slavery", 0 },
	{ "living_wage_date", 0 }, { "living_wage_note", 0 }, { "modern_slavery_date", 0 },
	{ "modern_slavery_note", 0 },
};

/* The field of the record (svdesk/record.h) of each column. */
static const int contract_field[] = {
	[C_REF] = RC_REF, [C_TITLE] = RC_TITLE, [C_SUPPLIER] = RC_SUPPLIER, [C_BODY] = RC_BODY,
	[C_VALUE] = RC_VALUE, [C_START] = RC_START, [C_END] = RC_END, [C_WEIGHT] = RC_WEIGHT,
	[C_MANAGER] = RC_MANAGER, [C_STATUS] = RC_STATUS, [C_AWARD] = RC_AWARD, [C_LW] = RC_LW,
	[C_MS] = RC_MS, [C_LW_DATE] = RC_LW_DATE, [C_LW_NOTE] = RC_LW_NOTE,
	[C_MS_DATE] = RC_MS_DATE, [C_MS_NOTE] = RC_MS_NOTE,
};

/* A fault of a field of the record: at its column. */
static void contract_fault(void *ctx, int field, const char *msg)
{
	struct imp *im = ctx;

	for (int col = 0; col < (int)(sizeof contract_field / sizeof contract_field[0]); col++)
		if (contract_field[col] == field) {
			imp_fault(im, col, "%s", msg);
			return;
		}
}

static int contracts_row(struct imp *im, sv_err *err)
{
	const char *cells[RC_NFIELDS];
	const rec_field *f;
	db_contract c;
	db_contract_key old;
	sv_err e = { 0 };
	int put = 0, sup = 0, field = 0, rc, col;
	size_t nf;
	long was;

	/* the values by the record's rules (record.c): the same as a form's;
	 * a column the file lacks is NULL (its stored value stays) */
	f = rec_fields(REC_CONTRACT, &nf);
	for (col = 0; col < (int)(sizeof contract_field / sizeof contract_field[0]); col++) {
		const char *v = imp_cell(im, col);
		int i = contract_field[col];

		if (v != NULL && *v == '\'' && rec_type_is_text(f[i].type))
			v++;            /* the formula guard of an export */
		cells[i] = v;
	}
	rec_contract_read(cells, &c, contract_fault, im);
	if (c.ref != NULL && strlen(c.ref) <= 63 && (im->row_bad || imp_rows(im)->nseen > 0)) {
		char key[72];

		old.id = 0;
		if (im->row_bad && db_contract_find(im->db, c.ref, &old, &e) < 0)
			return imp_store_fail(im, C_REF, &e, err);
		snprintf(key, sizeof key, "c/%s", c.ref);
		was = imp_dup_line(im, key, DB_MARK_CONTRACT, old.id, &e);
		if (was < 0)
			return imp_store_fail(im, C_REF, &e, err);
		if (was > 0) {
			imp_fault(im, C_REF, "contract %s is on line %ld already", c.ref, was);
			return 0;
		}
	}
	if (im->row_bad)
		return 0;

	rc = db_contract_find(im->db, c.ref, &old, &e);
	if (rc < 0)
		return imp_store_fail(im, C_REF, &e, err);
	if (rc == 1) {
		was = db_mark_get(im->db, DB_MARK_CONTRACT, old.id, &e);
		if (was < 0)
			return imp_store_fail(im, C_REF, &e, err);
		if (was > 0) {
			imp_fault(im, C_REF, "contract %s is on line %ld already", c.ref, was);
			return 0;
		}
	}
	if (db_contract_store(im->db, &c, &old.id, &put, &sup, &field, &e) < 0) {
		col = field == DBF_START ? C_START : field == DBF_END ? C_END
		      : field == DBF_BODY ? C_BODY
		      : field == DBF_SUPPLIER ? C_SUPPLIER
		      : field == DBF_LW ? (imp_has(im, C_LW_DATE) ? C_LW_DATE : imp_has(im, C_LW_NOTE)
					   ? C_LW_NOTE : C_LW)
		      : field == DBF_MS ? (imp_has(im, C_MS_DATE) ? C_MS_DATE : imp_has(im, C_MS_NOTE)
					   ? C_MS_NOTE : C_MS)
		      : C_REF;
		if (!imp_has(im, col))
			col = C_REF;
		return imp_store_fail(im, col, &e, err);
	}
	imp_count_put(im, put);
	im->res->suppliers_added += sup;
	if (db_mark_put(im->db, DB_MARK_CONTRACT, old.id, im->row->line, &e) < 0)
		return imp_store_fail(im, C_REF, &e, err);
	return 0;
}

/* ---- commitments ---------------------------------------------------------------------------- */

enum { K_CONTRACT, K_MEASURE, K_YEAR, K_TARGET, K_NOTE, K_PROXY, K_SET };
static const csv_col commitment_cols[] = {
	{ "contract", 1 }, { "measure", 1 }, { "year", 1 }, { "target", 1 }, { "note", 0 },
	{ "proxy", 0 }, { "proxy_set", 0 },
};

/* The first of cols[] (ending with -1) that the file has, else the first. */
int imp_col_had(const struct imp *im, const int *cols)
{
	for (int i = 0; cols[i] >= 0; i++)
		if (imp_has(im, cols[i]))
			return cols[i];
	return cols[0];
}

/* The column of a field the writer refused. */
static int commitment_col(const struct imp *im, int field)
{
	static const int proxy[] = { K_PROXY, K_SET, K_CONTRACT, -1 };
	static const int set[] = { K_SET, K_PROXY, K_CONTRACT, -1 };

	switch (field) {
	case DBF_YEAR: return K_YEAR;
	case DBF_TARGET: return K_TARGET;
	case DBF_NOTE: return imp_has(im, K_NOTE) ? K_NOTE : K_CONTRACT;
	case DBF_PROXY: return imp_col_had(im, proxy);
	case DBF_PROXY_SET: return imp_col_had(im, set);
	default: return K_CONTRACT;
	}
}

static int commitments_row(struct imp *im, sv_err *err)
{
	db_contract_key c;
	const db_measure *m;
	db_commitment_in in;
	db_proxy_choice *pc = &in.proxy;
	db_put_out out;
	const char *set = NULL;
	sv_err e = { 0 };
	char a[32], b[32], fyl[8], key[48], msg[SV_ERR_MAX];
	rec_val rv;
	int have_c, rc, fy_ok;
	int64_t old = 0;
	long was;

	memset(&in, 0, sizeof in);
	have_c = imp_contract_of(im, K_CONTRACT, &c, err);
	if (have_c < 0)
		return -1;
	m = imp_measure_of(im, K_MEASURE);
	/* the values by the record's rules (record.c): the same as a form's */
	fy_ok = imp_rec(im, K_YEAR, REC_COMMITMENT, RK_YEAR, 0, &rv) == 0;
	in.fy = (int)rv.num;
	imp_rec(im, K_TARGET, REC_COMMITMENT, RK_TARGET,
		m != NULL && strcmp(m->unit, "GBP") == 0 ? REC_V_MONEY : 0, &rv);
	in.target = rv.num;
	if (imp_rec(im, K_NOTE, REC_COMMITMENT, RK_NOTE, 0, &rv) == 0)
		in.note = rv.text;
	in.keep_note = !imp_has(im, K_NOTE);
	if (imp_has(im, K_PROXY) && imp_rec(im, K_PROXY, REC_COMMITMENT, RK_PROXY, 0, &rv) == 0) {
		pc->explicit_value = 1;
		pc->isnull = rv.empty;
		pc->value = rv.num;
	}
	if (imp_has(im, K_SET) && imp_rec(im, K_SET, REC_COMMITMENT, RK_SET, 0, &rv) == 0)
		set = rv.text;
	if (set != NULL && m != NULL) {
		int isnull;
		int64_t v;

		rc = db_proxy_set_find(im->db, set, &pc->set_id, &e);
		if (rc < 0)
			return imp_store_fail(im, K_SET, &e, err);
		if (rc == 0) {
			rec_msg_no_proxy_set(set, msg, sizeof msg);
			imp_fault(im, K_SET, "%s", msg);
		} else if ((rc = db_proxy_set_value(im->db, pc->set_id, m->id, &isnull, &v, &e)) < 0) {
			return imp_store_fail(im, K_SET, &e, err);
		} else if (rc == 0) {
			imp_fault(im, K_SET, "the proxy set \"%s\" does not list %s", set, m->code);
		} else if (pc->explicit_value && (pc->isnull != isnull || (!isnull && pc->value != v))) {
			proxy_shown(pc->isnull, pc->value, a, sizeof a);
			proxy_shown(isnull, v, b, sizeof b);
			imp_fault(im, K_PROXY, "%s is not the value of %s in the proxy set \"%s\" (%s)",
				  a, m->code, set, b);
		} else {
			pc->explicit_value = 1;
			pc->isnull = isnull;
			pc->value = v;
		}
	}
	/* (the key is made only when a row with a fault has been seen) */
	if (have_c == 1 && m != NULL && fy_ok && (im->row_bad || imp_rows(im)->nseen > 0)) {
		if (im->row_bad && db_commitment_find(im->db, c.id, m->id, in.fy, &old, &e) < 0)
			return imp_store_fail(im, K_CONTRACT, &e, err);
		snprintf(key, sizeof key, "k/%lld/%lld/%d", (long long)c.id, (long long)m->id, in.fy);
		was = imp_dup_line(im, key, DB_MARK_COMMITMENT, old, &e);
		if (was < 0)
			return imp_store_fail(im, K_CONTRACT, &e, err);
		if (was > 0) {
			imp_fault(im, K_CONTRACT, "the commitment of %s to %s in %s is on line %ld "
				  "already", imp_rows(im)->last_ref, m->code, fy_format(in.fy, fyl), was);
			return 0;
		}
	}
	if (im->row_bad || have_c == 0 || m == NULL)
		return 0;
	in.contract_id = c.id;
	in.measure_id = m->id;
	if (db_commitment_store(im->db, &in, im->row->line, &out, &e) < 0) {
		if (e.code == DB_E_DUPLICATE) {
			imp_fault(im, K_CONTRACT, "the commitment of %s to %s in %s is on line %ld "
				  "already", imp_rows(im)->last_ref, m->code, fy_format(in.fy, fyl), out.dup);
			return 0;
		}
		return imp_store_fail(im, commitment_col(im, out.field), &e, err);
	}
	imp_count_put(im, out.put);
	return imp_mark(im, DB_MARK_COMMITMENT, K_CONTRACT, out.id, out.put, err);
}

/* ---- setup ---------------------------------------------------------------------------------- */

/* The columns and the steps of each kind, in the order of enum import_kind. */
static const struct kind {
	const csv_col *cols;
	size_t ncols;
	int (*begin)(struct imp *im, sv_err *err);
	int (*row)(struct imp *im, sv_err *err);
	int (*end)(struct imp *im, sv_err *err);
} kinds[] = {
	{ measure_cols, sizeof measure_cols / sizeof measure_cols[0], NULL, measures_row,
	  measures_end },
	{ contract_cols, sizeof contract_cols / sizeof contract_cols[0], NULL, contracts_row, NULL },
	{ commitment_cols, sizeof commitment_cols / sizeof commitment_cols[0], imp_load_measures,
	  commitments_row, NULL },
	{ imp_return_cols, IMP_RETURN_NCOLS, imp_returns_begin, imp_returns_row,
	  NULL },
	{ imp_highlight_cols, IMP_HIGHLIGHT_NCOLS, NULL, imp_highlights_row, NULL },
	{ imp_answer_cols, IMP_ANSWER_NCOLS, imp_answers_begin, imp_answers_row, NULL },
};

void imp_kind_setup(struct imp *im)
{
	const struct kind *k = &kinds[im->kind];

	im->state = calloc(1, sizeof(struct rows));
	im->cols = k->cols;
	im->ncols = k->ncols;
	im->kind_begin = k->begin;
	im->kind_row = k->row;
	im->kind_end = k->end;
}

void imp_kind_cleanup(struct imp *im)
{
	struct rows *s = im->state;

	if (s != NULL) {
		free(s->ms);
		free(s->seen);
		imp_highlights_free(s);
	}
	free(s);
	im->state = NULL;
}
