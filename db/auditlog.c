#include "config.h"

/* auditlog.c: the reads of the audit log view (auditlog.h).
 *
 * Parameters of the list's statements, the same in each:
 *   ?1 the contract (the contract filter), ?2 entries below this id,
 *   ?3 entries above this id, ?4 the person, ?5 the origin, ?6 entries at
 *   or after this stamp, ?7 entries before this stamp, ?8 the page's size.
 * The keyset is the entry number alone (the list's only order); the dates
 * narrow ?2 and ?3 (a binary search over the log's times) and are then
 * checked on each entry (?6, ?7). */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "svdesk/auditlog.h"
#include "svdesk/browse.h"

#include "db/audit_names.h"
#include "db/db_private.h"

/* An entry's columns, and what its words are made of: the fields an
 * update changed (in the table's order), an import's kind, file and
 * counts, a line's or a decision's status, a deleted contract's ref. */
#define ROW_COLS \
	"SELECT id, at, who, origin, entity, coalesce(entity_id, 0), action, " \
	"CASE WHEN action = 'update' THEN " \
	"(SELECT group_concat(key, ', ') FROM json_each(after)) END, " \
	"json_extract(after, '$.kind'), json_extract(after, '$.file'), " \
	"json_extract(after, '$.added'), json_extract(after, '$.changed'), " \
	"json_extract(after, '$.row_count'), json_extract(coalesce(after, before), '$.status'), " \
	"json_extract(coalesce(before, after), '$.ref'), json_extract(after, '$.version'), " \
	"json_extract(after, '$.undoes') FROM audit "

#define RANGE "id < ?2 AND id > ?3 AND at >= ?6 AND at < ?7 "
#define W_WHO "AND who = ?4 "
#define W_ORIGIN "AND origin = ?5 "
#define COND_CONTRACT "AND " RANGE "AND (?4 IS NULL OR who = ?4) AND (?5 IS NULL OR origin = ?5) "

#define PLAIN(F, DIR) ROW_COLS "WHERE " RANGE F "ORDER BY id " DIR " LIMIT ?8"
#define CONTRACT(DIR) AUDIT_NAMES_CONTRACT(ROW_COLS, COND_CONTRACT) "ORDER BY 1 " DIR " LIMIT ?8"

/* [filters: 0 none, 1 person, 2 origin, 3 both][0 ascending, 1 descending] */
static const char *const q_plain[4][2] = {
	{ PLAIN("", "ASC"), PLAIN("", "DESC") },
	{ PLAIN(W_WHO, "ASC"), PLAIN(W_WHO, "DESC") },
	{ PLAIN(W_ORIGIN, "ASC"), PLAIN(W_ORIGIN, "DESC") },
	{ PLAIN(W_WHO W_ORIGIN, "ASC"), PLAIN(W_WHO W_ORIGIN, "DESC") },
};
static const char *const q_contract[2] = { CONTRACT("ASC"), CONTRACT("DESC") };

#define COUNT(F) "SELECT count(*) FROM audit WHERE " RANGE F
static const char q_count_all[] = "SELECT count(*) FROM audit";
static const char *const q_count_plain[4] = {
	COUNT(""), COUNT(W_WHO), COUNT(W_ORIGIN), COUNT(W_WHO W_ORIGIN),
};
static const char q_count_contract[] =
	"SELECT count(*) FROM (" AUDIT_NAMES_CONTRACT("SELECT id FROM audit ", COND_CONTRACT) ")";

/* each of min and max alone: one step of the rowid b-tree */
static const char q_bounds[] =
	"SELECT coalesce((SELECT min(id) FROM audit), 0), coalesce((SELECT max(id) FROM audit), 0)";
static const char q_at_from[] = "SELECT id, at FROM audit WHERE id >= ?1 ORDER BY id LIMIT 1";

static const char q_next_who[] = "SELECT who FROM audit WHERE who > ?1 ORDER BY who LIMIT 1";
static const char q_next_origin[] =
	"SELECT origin FROM audit WHERE origin > ?1 ORDER BY origin LIMIT 1";

/* what an entry names, by its kind of row */
#define LINE_FROM \
	"CROSS JOIN commitment cm ON cm.id = r.commitment_id " \
	"CROSS JOIN contract c ON c.id = cm.contract_id CROSS JOIN measure m ON m.id = cm.measure_id "
static const char q_lab_contract[] = "SELECT ref FROM contract WHERE id = ?1";
static const char q_lab_commitment[] =
	"SELECT c.ref, m.code, cm.year, m.unit FROM commitment cm "
	"CROSS JOIN contract c ON c.id = cm.contract_id CROSS JOIN measure m ON m.id = cm.measure_id "
	"WHERE cm.id = ?1";
static const char q_lab_line[] =
	"SELECT c.ref, m.code, cm.year, r.quarter, r.id, m.unit FROM return_line r " LINE_FROM
	"WHERE r.id = ?1";
static const char q_lab_decision[] =
	"SELECT c.ref, m.code, cm.year, r.quarter, r.id, m.unit FROM decision d "
	"CROSS JOIN return_line r ON r.id = d.return_line_id " LINE_FROM "WHERE d.id = ?1";
static const char q_lab_highlight[] =
	"SELECT c.ref, h.year FROM highlight h LEFT JOIN contract c ON c.id = h.contract_id "
	"WHERE h.id = ?1";
static const char q_lab_answer[] =
	"SELECT c.ref, q.topic FROM questionnaire_answer q CROSS JOIN contract c "
	"ON c.id = q.contract_id WHERE q.id = ?1";
static const char q_lab_supplier[] = "SELECT name FROM supplier WHERE id = ?1";
static const char q_lab_measure[] = "SELECT code FROM measure WHERE id = ?1";
static const char q_lab_theme[] = "SELECT name FROM theme WHERE id = ?1";
static const char q_lab_proxy_set[] = "SELECT name FROM proxy_set WHERE id = ?1";
static const char q_lab_proxy_value[] =
	"SELECT s.name, m.code FROM proxy_value v CROSS JOIN proxy_set s ON s.id = v.set_id "
	"CROSS JOIN measure m ON m.id = v.measure_id WHERE v.id = ?1";

/* one entry */
static const char q_one[] = ROW_COLS "WHERE id = ?1";
static const char q_json[] = "SELECT before, after, lower(hex(hash)) FROM audit WHERE id = ?1";
static const char q_each[] =
	"SELECT key, type, CASE WHEN type IN ('object', 'array') THEN json(value) ELSE value END "
	"FROM json_each(?1)";
static const char q_import[] =
	"SELECT json_extract(?1, '$.kind'), json_extract(?1, '$.file'), "
	"json_extract(?1, '$.sha256'), json_extract(?1, '$.added'), json_extract(?1, '$.changed'), "
	"json_extract(?1, '$.unchanged'), json_extract(?1, '$.skipped'), "
	"json_extract(?1, '$.row_count'), json_extract(?1, '$.version')";

/* a contract filter typed as a ref (not on a screen's path: once, when
 * the filter is set; the folded match walks contract_fold, a short row a
 * contract) */
static const char q_ref_exact[] = "SELECT id, ref FROM contract WHERE ref = ?1";
static const char q_ref_fold[] =
	"SELECT c.id, c.ref FROM contract_fold f CROSS JOIN contract c ON c.id = f.id "
	"WHERE substr(f.fold, 1, instr(f.fold, char(10)) - 1) = ?1 ORDER BY c.ref LIMIT ?2";
static const char q_ref_like[] =
	"SELECT c.id, c.ref FROM contract_fold f CROSS JOIN contract c ON c.id = f.id "
	"WHERE substr(f.fold, 1, instr(f.fold, char(10)) - 1) LIKE ?1 ESCAPE '\\' "
	"ORDER BY c.ref LIMIT ?2";

static const char *const statements[] = {
	PLAIN("", "ASC"), PLAIN("", "DESC"), PLAIN(W_WHO, "ASC"), PLAIN(W_WHO, "DESC"),
	PLAIN(W_ORIGIN, "ASC"), PLAIN(W_ORIGIN, "DESC"),
	PLAIN(W_WHO W_ORIGIN, "ASC"), PLAIN(W_WHO W_ORIGIN, "DESC"),
	CONTRACT("ASC"), CONTRACT("DESC"),
	q_count_all, COUNT(""), COUNT(W_WHO), COUNT(W_ORIGIN), COUNT(W_WHO W_ORIGIN),
	q_count_contract, q_bounds, q_at_from, q_next_who, q_next_origin,
	q_lab_contract, q_lab_commitment, q_lab_line, q_lab_decision, q_lab_highlight,
	q_lab_answer, q_lab_supplier, q_lab_measure, q_lab_theme, q_lab_proxy_set,
	q_lab_proxy_value, q_one, q_json,
};

const char *const *auditlog_statements(size_t *n)
{
	*n = sizeof statements / sizeof statements[0];
	return statements;
}

/* ---- helpers -------------------------------------------------------------- */

static void copy_col(sqlite3_stmt *st, int i, char *dst, size_t n)
{
	const char *s = db_col_text(st, i);

	db_copy_text(dst, n, (const unsigned char *)(s != NULL ? s : ""));
}

static int step_fail(svdb *db, sqlite3_stmt *st, int rc, const char *what, sv_err *err)
{
	db_done(st);
	return db_sqlfail(db, err, rc, "%s: reading %s", db_path(db), what);
}

static int nomem(sv_err *err)
{
	return sv_err_set(err, "out of memory");
}

void auditlog_query_init(auditlog_query *q)
{
	memset(q, 0, sizeof *q);
}

int auditlog_day_start(sv_date d, char out[21], sv_err *err)
{
	struct tm tm, utc;
	time_t t;

	memset(&tm, 0, sizeof tm);
	tm.tm_year = d.y - 1900;
	tm.tm_mon = d.m - 1;
	tm.tm_mday = d.d;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1 || gmtime_r(&t, &utc) == NULL ||
	    strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &utc) != 20)
		return sv_err_set(err, "%04d-%02d-%02d: cannot be turned into a time", d.y, d.m, d.d);
	return 0;
}

/* The smallest entry number whose time is at or after stamp, the log being
 * in time order (see auditlog.h); the last entry's number + 1 when none. */
static int first_at(svdb *db, const char *stamp, int64_t *out, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_bounds, err);
	int64_t lo, hi;
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		return step_fail(db, st, rc, "the audit log", err);
	lo = sqlite3_column_int64(st, 0);
	hi = sqlite3_column_int64(st, 1) + 1;
	db_done(st);
	while (lo < hi) {
		int64_t mid = lo + (hi - lo) / 2, id;
		const char *at;
		int ge;

		st = db_prepare(db, q_at_from, err);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, mid);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)   /* mid <= the last entry: there is one */
			return step_fail(db, st, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc,
					 "the audit log", err);
		id = sqlite3_column_int64(st, 0);
		at = db_col_text(st, 1);
		ge = at != NULL && strcmp(at, stamp) >= 0;
		db_done(st);
		if (ge)
			hi = mid;
		else
			lo = id + 1;
	}
	*out = lo;
	return 0;
}

/* The entry numbers the dates give: those above `above` (?3) and below
 * `below` (?2), both excluded. */
struct range {
	int64_t above, below;
};

static int date_range(svdb *db, const auditlog_query *q, struct range *r, sv_err *err)
{
	int64_t id;

	r->above = 0;
	r->below = INT64_MAX;
	if (q->from[0] != '\0') {
		if (first_at(db, q->from, &id, err) < 0)
			return -1;
		r->above = id - 1;
	}
	if (q->to[0] != '\0') {
		if (first_at(db, q->to, &id, err) < 0)
			return -1;
		r->below = id;
	}
	return 0;
}

static int filters(const auditlog_query *q)
{
	return (q->who[0] != '\0' ? 1 : 0) | (q->origin[0] != '\0' ? 2 : 0);
}

static void bind_query(sqlite3_stmt *st, const auditlog_query *q, const struct range *r)
{
	int n = sqlite3_bind_parameter_count(st);

	if (n >= 1)
		sqlite3_bind_int64(st, 1, q->contract_id);
	if (n >= 2)
		sqlite3_bind_int64(st, 2, r->below);
	if (n >= 3)
		sqlite3_bind_int64(st, 3, r->above);
	if (n >= 4)
		db_bind_opt(st, 4, q->who);
	if (n >= 5)
		db_bind_opt(st, 5, q->origin);
	if (n >= 6)
		sqlite3_bind_text(st, 6, q->from, -1, SQLITE_STATIC);
	/* '~' sorts after every digit: no end */
	if (n >= 7)
		sqlite3_bind_text(st, 7, q->to[0] != '\0' ? q->to : "~", -1, SQLITE_STATIC);
}

static int64_t count_range(svdb *db, const auditlog_query *q, const struct range *r, sv_err *err)
{
	const char *sql = q->contract_id != 0 ? q_count_contract : q_count_plain[filters(q)];
	sqlite3_stmt *st = db_prepare(db, sql, err);
	int64_t n;
	int rc;

	if (st == NULL)
		return -1;
	bind_query(st, q, r);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		return step_fail(db, st, rc, "the audit log", err);
	n = sqlite3_column_int64(st, 0);
	db_done(st);
	return n;
}

int64_t auditlog_count(svdb *db, const auditlog_query *q, sv_err *err)
{
	struct range r;

	if (q->contract_id == 0 && filters(q) == 0 && q->from[0] == '\0' && q->to[0] == '\0') {
		sqlite3_stmt *st = db_prepare(db, q_count_all, err);
		int64_t n;
		int rc;

		if (st == NULL)
			return -1;
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW)
			return step_fail(db, st, rc, "the audit log", err);
		n = sqlite3_column_int64(st, 0);
		db_done(st);
		return n;
	}
	if (date_range(db, q, &r, err) < 0)
		return -1;
	return count_range(db, q, &r, err);
}

int64_t auditlog_rank(svdb *db, const auditlog_query *q, int64_t id, sv_err *err)
{
	struct range r;

	if (date_range(db, q, &r, err) < 0)
		return -1;
	if (q->oldest_first) {
		if (id < r.below)
			r.below = id;
	} else if (id > r.above) {
		r.above = id;
	}
	if (r.above >= r.below - 1)
		return 0;
	return count_range(db, q, &r, err);
}

/* ---- an entry in words ------------------------------------------------------ */

static const char *col_or(sqlite3_stmt *st, int i, const char *dflt)
{
	const char *s = db_col_text(st, i);

	return s != NULL ? s : dflt;
}

/* "CT-0001 NT1 Q2" of a line or decision lookup (columns ref, code, year,
 * quarter, line id, unit). */
static void line_label(sqlite3_stmt *st, char *buf, size_t n, int64_t *line_id, char *unit,
		       size_t un)
{
	*line_id = sqlite3_column_int64(st, 4);
	snprintf(buf, n, "line %lld (%s %s Q%d)", (long long)*line_id, col_or(st, 0, "?"),
		 col_or(st, 1, "?"), sqlite3_column_int(st, 3));
	if (unit != NULL)
		copy_col(st, 5, unit, un);
}

/* The words naming the row an entry is about ("contract CT-0007"), and
 * the contract it names; line, line_id and unit for a line or decision. */
struct naming {
	char name[200];
	char contract[64];
	char line[128];
	int64_t line_id;
	char unit[16];
};

static int name_row(svdb *db, const char *entity, int64_t id, const char *ref_json,
		    struct naming *nm, sv_err *err)
{
	const char *sql = NULL;
	sqlite3_stmt *st;
	int rc;

	static const struct {
		const char *entity, *sql;
	} labels[] = {
		{ "contract", q_lab_contract }, { "commitment", q_lab_commitment },
		{ "return_line", q_lab_line }, { "decision", q_lab_decision },
		{ "highlight", q_lab_highlight }, { "questionnaire_answer", q_lab_answer },
		{ "supplier", q_lab_supplier }, { "measure", q_lab_measure },
		{ "theme", q_lab_theme }, { "proxy_set", q_lab_proxy_set },
		{ "proxy_value", q_lab_proxy_value },
	};

	memset(nm, 0, sizeof *nm);
	for (size_t k = 0; k < sizeof labels / sizeof labels[0] && sql == NULL; k++)
		if (strcmp(entity, labels[k].entity) == 0)
			sql = labels[k].sql;

	rc = SQLITE_DONE;
	st = NULL;
	if (sql != NULL) {
		st = db_prepare(db, sql, err);
		if (st == NULL)
			return -1;
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return step_fail(db, st, rc, "the audit log", err);
	}
	if (rc == SQLITE_ROW) {
		char fy[8];

		if (sql == q_lab_contract) {
			copy_col(st, 0, nm->contract, sizeof nm->contract);
			snprintf(nm->name, sizeof nm->name, "contract %s", nm->contract);
		} else if (sql == q_lab_commitment) {
			copy_col(st, 0, nm->contract, sizeof nm->contract);
			copy_col(st, 3, nm->unit, sizeof nm->unit);
			snprintf(nm->name, sizeof nm->name, "commitment %s %s %s", nm->contract,
				 col_or(st, 1, "?"), fy_format(sqlite3_column_int(st, 2), fy));
		} else if (sql == q_lab_line || sql == q_lab_decision) {
			copy_col(st, 0, nm->contract, sizeof nm->contract);
			line_label(st, nm->line, sizeof nm->line, &nm->line_id, nm->unit,
				   sizeof nm->unit);
			if (sql == q_lab_line)
				snprintf(nm->name, sizeof nm->name, "%s", nm->line);
			else
				snprintf(nm->name, sizeof nm->name, "decision on %s", nm->line);
		} else if (sql == q_lab_highlight) {
			copy_col(st, 0, nm->contract, sizeof nm->contract);
			if (nm->contract[0] != '\0')
				snprintf(nm->name, sizeof nm->name, "highlight %lld on %s",
					 (long long)id, nm->contract);
			else
				snprintf(nm->name, sizeof nm->name, "highlight %lld of %s",
					 (long long)id, fy_format(sqlite3_column_int(st, 1), fy));
		} else if (sql == q_lab_answer) {
			copy_col(st, 0, nm->contract, sizeof nm->contract);
			snprintf(nm->name, sizeof nm->name, "answer %s on %s", col_or(st, 1, "?"),
				 nm->contract);
		} else if (sql == q_lab_proxy_value) {
			snprintf(nm->name, sizeof nm->name, "proxy of %s in set %s", col_or(st, 1, "?"),
				 col_or(st, 0, "?"));
		} else {
			const char *what = strcmp(entity, "proxy_set") == 0 ? "proxy set" : entity;

			snprintf(nm->name, sizeof nm->name, "%s %s", what, col_or(st, 0, "?"));
		}
	} else if (strcmp(entity, "contract") == 0 && ref_json != NULL) {
		/* deleted: its ref from the entry */
		db_copy_text(nm->contract, sizeof nm->contract, (const unsigned char *)ref_json);
		snprintf(nm->name, sizeof nm->name, "contract %s", nm->contract);
	} else {
		const char *what = strcmp(entity, "return_line") == 0 ? "line" :
			strcmp(entity, "questionnaire_answer") == 0 ? "answer" :
			strcmp(entity, "proxy_set") == 0 ? "proxy set" :
			strcmp(entity, "proxy_value") == 0 ? "proxy value" : entity;

		snprintf(nm->name, sizeof nm->name, "%s %lld", what, (long long)id);
	}
	if (st != NULL)
		db_done(st);
	return 0;
}

/* The row from ROW_COLS at st, in words. */
static int fill_row(svdb *db, sqlite3_stmt *st, auditlog_row *r, struct naming *nm,
		    sv_err *err)
{
	struct naming local;
	const char *changed, *kind, *file, *status;
	long long added, chg, count;
	char ref[64];

	if (nm == NULL)
		nm = &local;
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	copy_col(st, 1, r->at, sizeof r->at);
	copy_col(st, 2, r->who, sizeof r->who);
	copy_col(st, 3, r->origin, sizeof r->origin);
	copy_col(st, 4, r->entity, sizeof r->entity);
	r->entity_id = sqlite3_column_int64(st, 5);
	copy_col(st, 6, r->action, sizeof r->action);
	changed = db_col_text(st, 7);
	kind = col_or(st, 8, "");
	file = db_col_text(st, 9);
	added = sqlite3_column_int64(st, 10);
	chg = sqlite3_column_int64(st, 11);
	count = sqlite3_column_int64(st, 12);
	status = db_col_text(st, 13);
	copy_col(st, 14, ref, sizeof ref);

	if (strcmp(r->entity, "import") == 0) {
		memset(nm, 0, sizeof *nm);
		if (file != NULL)
			snprintf(r->what, sizeof r->what, "import %s: %lld added, %lld changed",
				 file, added, chg);
		else
			snprintf(r->what, sizeof r->what, "%s: %lld added, %lld changed",
				 kind[0] != '\0' ? kind : "import", added, chg);
		return 0;
	}
	if (strcmp(r->entity, "baseline") == 0) {
		memset(nm, 0, sizeof *nm);
		if (strcmp(kind, "schema") == 0)
			snprintf(r->what, sizeof r->what, "schema version %lld: %lld rows",
				 (long long)sqlite3_column_int64(st, 15), count);
		else
			snprintf(r->what, sizeof r->what, "baseline: %lld rows", count);
		return 0;
	}
	if (name_row(db, r->entity, r->entity_id, ref[0] != '\0' ? ref : NULL, nm, err) < 0)
		return -1;
	snprintf(r->contract, sizeof r->contract, "%s", nm->contract);
	if (strcmp(r->action, "update") == 0)
		snprintf(r->what, sizeof r->what, "%s changed: %s", nm->name,
			 changed != NULL ? changed : "nothing");
	else if (strcmp(r->action, "delete") == 0)
		snprintf(r->what, sizeof r->what, "%s deleted", nm->name);
	else if (strcmp(r->entity, "decision") == 0 && db_col_has(st, 16))
		snprintf(r->what, sizeof r->what, "undo of decision %lld on %s: %s",
			 (long long)sqlite3_column_int64(st, 16), nm->line[0] ? nm->line : nm->name,
			 status != NULL ? status : "?");
	else if (strcmp(r->entity, "decision") == 0)
		snprintf(r->what, sizeof r->what, "%s: %s", nm->name,
			 status != NULL ? status : "?");
	else
		snprintf(r->what, sizeof r->what, "%s added", nm->name);
	return 0;
}

int auditlog_page(svdb *db, const auditlog_query *q, const auditlog_row *after, int forward,
		  auditlog_row *rows, int limit, sv_err *err)
{
	struct range r;
	sqlite3_stmt *st;
	int desc_sql, k = 0, rc = SQLITE_DONE, began = 0;

	if (limit <= 0)
		return 0;
	if (db_snapshot_begin(db, &began, err) < 0)
		return -1;
	if (date_range(db, q, &r, err) < 0)
		goto fail;
	/* newest first: forward is down the entry numbers */
	desc_sql = !q->oldest_first == !!forward;
	if (after != NULL) {
		if (desc_sql) {
			if (after->id < r.below)
				r.below = after->id;
		} else if (after->id > r.above) {
			r.above = after->id;
		}
	}
	st = db_prepare(db, q->contract_id != 0 ? q_contract[desc_sql] :
			q_plain[filters(q)][desc_sql], err);
	if (st == NULL)
		goto fail;
	bind_query(st, q, &r);
	sqlite3_bind_int(st, 8, limit);
	while (k < limit && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (fill_row(db, st, &rows[k], NULL, err) < 0) {
			db_done(st);
			goto fail;
		}
		k++;
	}
	if (k < limit && rc != SQLITE_DONE) {
		step_fail(db, st, rc, "the audit log", err);
		goto fail;
	}
	db_done(st);
	db_snapshot_end(db, began);
	if (!forward) {
		/* nearest first from the query: list order is the other way */
		for (int i = 0; i < k / 2; i++) {
			auditlog_row tmp = rows[i];

			rows[i] = rows[k - 1 - i];
			rows[k - 1 - i] = tmp;
		}
	}
	return k;
fail:
	db_snapshot_end(db, began);
	return -1;
}

/* ---- the people and origins, the contracts by ref ------------------------ */

void auditlog_names_free(char **v, size_t n)
{
	for (size_t i = 0; i < n && v != NULL; i++)
		free(v[i]);
	free(v);
}

int auditlog_names(svdb *db, int kind, int max, char ***out, size_t *n, sv_err *err)
{
	const char *sql = kind == AUDITLOG_ORIGINS ? q_next_origin : q_next_who;
	char **v = NULL, *last = NULL;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	if (max > 0 && (v = calloc((size_t)max, sizeof *v)) == NULL)
		return nomem(err);
	while ((int)k < max) {
		sqlite3_stmt *st = db_prepare(db, sql, err);
		int rc;

		if (st == NULL)
			goto fail;
		sqlite3_bind_text(st, 1, last != NULL ? last : "", -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE) {
			db_done(st);
			break;
		}
		if (rc != SQLITE_ROW) {
			step_fail(db, st, rc, "the audit log", err);
			goto fail;
		}
		v[k] = strdup(col_or(st, 0, ""));
		db_done(st);
		if (v[k] == NULL) {
			nomem(err);
			goto fail;
		}
		last = v[k++];
	}
	*out = v;
	*n = k;
	return 0;
fail:
	auditlog_names_free(v, k);
	return -1;
}

static int ref_rows(svdb *db, const char *sql, const char *arg, int max, int64_t *ids,
		    char (*refs)[64], sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, sql, err);
	int k = 0, rc = SQLITE_DONE;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	if (sqlite3_bind_parameter_count(st) >= 2)
		sqlite3_bind_int(st, 2, max);
	while (k < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		ids[k] = sqlite3_column_int64(st, 0);
		copy_col(st, 1, refs[k], 64);
		k++;
	}
	if (k < max && rc != SQLITE_DONE)
		return step_fail(db, st, rc, "the contracts", err);
	db_done(st);
	return k;
}

int auditlog_contracts_matching(svdb *db, const char *text, int max, int64_t *ids,
				char (*refs)[64], sv_err *err)
{
	char folded[256], pat[520];
	size_t o = 0;
	int k;

	if (max <= 0)
		return 0;
	k = ref_rows(db, q_ref_exact, text, max, ids, refs, err);
	if (k != 0)
		return k;
	browse_fold(text, folded, sizeof folded);
	if (folded[0] == '\0')
		return 0;
	k = ref_rows(db, q_ref_fold, folded, max, ids, refs, err);
	if (k != 0)
		return k;
	pat[o++] = '%';
	for (size_t i = 0; folded[i] != '\0' && o + 3 < sizeof pat; i++) {
		if (folded[i] == '%' || folded[i] == '_' || folded[i] == '\\')
			pat[o++] = '\\';
		pat[o++] = folded[i];
	}
	pat[o++] = '%';
	pat[o] = '\0';
	return ref_rows(db, q_ref_like, pat, max, ids, refs, err);
}

/* ---- one entry ------------------------------------------------------------- */

static const struct {
	const char *entity, *field;
	enum auditlog_kind kind;
} kinds[] = {
	{ "contract", "value", AK_MONEY },
	{ "commitment", "target", AK_QTY },
	{ "commitment", "proxy", AK_PROXY },
	{ "proxy_value", "proxy", AK_PROXY },
	{ "return_line", "delivered", AK_QTY },
	{ "return_line", "validated", AK_QTY },
	{ "decision", "validated", AK_QTY },
	{ "decision", "delivered", AK_QTY },
};

static enum auditlog_kind kind_of(const char *entity, const char *field)
{
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kinds[i].entity, entity) == 0 && strcmp(kinds[i].field, field) == 0)
			return kinds[i].kind;
	return AK_TEXT;
}

void auditlog_entry_free(auditlog_entry *e)
{
	for (size_t i = 0; i < e->nfields; i++) {
		free(e->fields[i].name);
		free(e->fields[i].before);
		free(e->fields[i].after);
	}
	free(e->fields);
	free(e->file);
	memset(e, 0, sizeof *e);
}

static auditlog_field *field_find(auditlog_entry *e, const char *name)
{
	for (size_t i = 0; i < e->nfields; i++)
		if (strcmp(e->fields[i].name, name) == 0)
			return &e->fields[i];
	return NULL;
}

static char *dup_or_null(const char *s, int *bad)
{
	char *d;

	if (s == NULL)
		return NULL;
	d = strdup(s);
	if (d == NULL)
		*bad = 1;
	return d;
}

/* The keys of one side's JSON object into e->fields (after: side 1). */
static int read_side(svdb *db, auditlog_entry *e, const char *json, int side, sv_err *err)
{
	sqlite3_stmt *st;
	int rc, bad = 0;

	if (json == NULL)
		return 0;
	st = db_prepare(db, q_each, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, json, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = col_or(st, 0, ""), *type = col_or(st, 1, "null");
		const char *val = strcmp(type, "null") == 0 ? NULL : db_col_text(st, 2);
		auditlog_field *f = field_find(e, key);

		if (f == NULL) {
			auditlog_field *v = realloc(e->fields, (e->nfields + 1) * sizeof *v);

			if (v == NULL) {
				bad = 1;
				break;
			}
			e->fields = v;
			f = &v[e->nfields++];
			memset(f, 0, sizeof *f);
			f->name = dup_or_null(key, &bad);
			f->kind = kind_of(e->row.entity, key);
		}
		if (side == 0) {
			f->in_before = 1;
			f->before = dup_or_null(val, &bad);
		} else {
			f->in_after = 1;
			f->after = dup_or_null(val, &bad);
		}
		if (bad)
			break;
	}
	if (bad) {
		db_done(st);
		return nomem(err);
	}
	if (rc != SQLITE_DONE)
		return step_fail(db, st, rc, "the audit entry", err);
	db_done(st);
	return 0;
}

/* The fields in the table's order (those it does not list after them, as
 * they came). */
static void order_fields(auditlog_entry *e)
{
	size_t placed = 0;

	for (int t = 0; t < audit_ntables; t++) {
		if (strcmp(audit_tables[t].name, e->row.entity) != 0)
			continue;
		for (int c = 0; c < audit_tables[t].ncols; c++) {
			for (size_t i = placed; i < e->nfields; i++) {
				if (strcmp(e->fields[i].name, audit_tables[t].cols[c]) == 0) {
					/* move i to placed, keeping the others' order */
					auditlog_field f = e->fields[i];

					memmove(&e->fields[placed + 1], &e->fields[placed],
						(i - placed) * sizeof f);
					e->fields[placed++] = f;
					break;
				}
			}
		}
	}
}

static int read_import(svdb *db, auditlog_entry *e, const char *json, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_import, err);
	int rc, bad = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, json != NULL ? json : "{}", -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW)
		return step_fail(db, st, rc, "the audit entry", err);
	copy_col(st, 0, e->kind, sizeof e->kind);
	e->file = dup_or_null(db_col_text(st, 1), &bad);
	copy_col(st, 2, e->sha256, sizeof e->sha256);
	e->added = sqlite3_column_int64(st, 3);
	e->changed = sqlite3_column_int64(st, 4);
	e->unchanged = sqlite3_column_int64(st, 5);
	e->skipped = sqlite3_column_int64(st, 6);
	e->row_count = sqlite3_column_int64(st, 7);
	e->version = sqlite3_column_int64(st, 8);
	db_done(st);
	return bad ? nomem(err) : 0;
}

int auditlog_get(svdb *db, int64_t id, auditlog_entry *out, sv_err *err)
{
	struct naming nm;
	sqlite3_stmt *st;
	char *before = NULL, *after = NULL;
	int rc, began = 0, bad = 0, ret = -1;

	memset(out, 0, sizeof *out);
	if (db_snapshot_begin(db, &began, err) < 0)
		return -1;
	st = db_prepare(db, q_one, err);
	if (st == NULL)
		goto done;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		db_done(st);
		ret = 0;
		goto done;
	}
	if (rc != SQLITE_ROW) {
		step_fail(db, st, rc, "the audit entry", err);
		goto done;
	}
	memset(&nm, 0, sizeof nm);
	if (fill_row(db, st, &out->row, &nm, err) < 0) {
		db_done(st);
		goto done;
	}
	db_done(st);
	snprintf(out->line, sizeof out->line, "%s", nm.line);
	out->line_id = nm.line_id;
	snprintf(out->unit, sizeof out->unit, "%s", nm.unit);

	st = db_prepare(db, q_json, err);
	if (st == NULL)
		goto done;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		step_fail(db, st, rc, "the audit entry", err);
		goto done;
	}
	before = dup_or_null(db_col_text(st, 0), &bad);
	after = dup_or_null(db_col_text(st, 1), &bad);
	copy_col(st, 2, out->hash, sizeof out->hash);
	db_done(st);
	if (bad) {
		nomem(err);
		goto done;
	}
	if (strcmp(out->row.entity, "import") == 0 || strcmp(out->row.entity, "baseline") == 0) {
		if (read_import(db, out, after, err) < 0)
			goto done;
	} else {
		auditlog_field *u;

		if (read_side(db, out, before, 0, err) < 0 || read_side(db, out, after, 1, err) < 0)
			goto done;
		order_fields(out);
		u = field_find(out, "undoes");
		if (u != NULL && u->after != NULL)
			out->undoes = strtoll(u->after, NULL, 10);
	}
	ret = 1;
done:
	free(before);
	free(after);
	db_snapshot_end(db, began);
	if (ret < 0)
		auditlog_entry_free(out);
	return ret;
}
