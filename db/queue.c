#include "config.h"

/* queue.c: the returns queue and the missing returns (queue.h).
 *
 * The lines of a page come from one statement shape, in list order
 * through indexes: contracts by ref (the UNIQUE index on ref for every
 * contract, contract_supplier for one supplier's, the primary key for one
 * contract), each contract's row of year totals (a contract with no
 * commitment in the year is passed over there, and with no line awaiting
 * or in query when those are asked for), its commitments of the year, and
 * their lines (a contract whose row says it has no line for the quarter
 * asked is passed over there too; +cm.year: through the contract's own commitments, never the
 * index on year, which SQLite would otherwise take for a bound year and
 * read every commitment of the year for each contract).  Within a contract
 * the lines are sorted by measure code,
 * quarter and id (a contract's lines of a year: a few dozen at most).
 * The keyset is the row value (ref, code, quarter, id), with c.ref >= ?6 so
 * that the scan starts at the cursor's contract.
 *
 * Sorted by quarter, the list is one segment per quarter (?2 bound to
 * it); sorted by supplier, one per supplier (?3), the suppliers ordered
 * here by name without case, then id, as the chase list orders them;
 * sorted by measure, one per measure (?11), by code; sorted by status,
 * one per state (awaiting, query, validated in full, in part, rejected).  A
 * page that reaches the end of a segment goes on in the next.
 *
 * Every filter is a bound parameter; the statements are a fixed set made
 * once from the fragments below (never from a user's text) and listed by
 * queue_statements() for the plan test. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db_private.h"
#include "svdesk/browse.h"
#include "svdesk/queue.h"

/* ---- names ------------------------------------------------------------------ */

const char *queue_state_name(enum queue_state s)
{
	static const char *const names[] = {
		[QL_AWAITING] = "awaiting", [QL_QUERY] = "query", [QL_VALIDATED] = "validated",
		[QL_PARTIAL] = "partial", [QL_REJECTED] = "rejected",
	};

	return (unsigned)s < sizeof names / sizeof names[0] ? names[s] : "?";
}

const char *queue_status_name(enum queue_status s)
{
	static const char *const names[] = {
		[QS_AWAITING] = "awaiting", [QS_QUERY] = "in query", [QS_DECIDED] = "decided",
		[QS_ALL] = "all",
	};

	return (unsigned)s < QS_COUNT ? names[s] : "?";
}

void queue_query_init(queue_query *q, int fy)
{
	memset(q, 0, sizeof *q);
	q->fy = fy;
	q->status = QS_AWAITING;
	q->body = -1;
	q->sort = QO_QUARTER;
}

/* ---- the line statements -------------------------------------------------------- */

/* Parameters: ?1 year, ?2 quarter (0 any), ?3 supplier (0 any), ?4 contract
 * (0 any), ?5 body (NULL any), ?6 .. ?9 the cursor (ref, code, quarter, id),
 * ?10 the limit, ?11 the measure (0 any: a segment of the sort by measure). */
#define L_COLS "SELECT r.id, r.version, c.id, c.supplier_id, cm.year, r.quarter, c.ref, " \
	"s.name, m.code, m.unit, r.delivered, cm.proxy IS NOT NULL, " \
	"sv_sv(r.delivered, cm.proxy), r.status, r.validated, r.submitted, r.validated_by, " \
	"cm.measure_id "

/* The drivers: every contract by ref, one supplier's, one contract. */
enum { D_ALL, D_SUP, D_ONE, D_COUNT };

static const char *const driver_where[D_COUNT] = {
	[D_ALL] = "(?3 = 0 OR c.supplier_id = ?3) AND (?4 = 0 OR c.id = ?4)",
	[D_SUP] = "c.supplier_id = ?3 AND (?4 = 0 OR c.id = ?4)",
	[D_ONE] = "c.id = ?4 AND (?3 = 0 OR c.supplier_id = ?3)",
};

/* Which lines: the statuses of a query (enum queue_status), then the
 * decided ones apart, for the segments of the sort by status (a line
 * validated in full, in part, rejected). */
enum { SEL_VALIDATED = QS_COUNT, SEL_PARTIAL, SEL_REJECTED, SEL_COUNT };

static const char *const status_where[SEL_COUNT] = {
	[QS_AWAITING] = "r.status = 'submitted' AND y.awaiting > 0",
	[QS_QUERY] = "r.status = 'query' AND y.awaiting > 0",
	[QS_DECIDED] = "r.status IN ('validated', 'rejected')",
	[QS_ALL] = "r.status IS NOT NULL",
	[SEL_VALIDATED] = "r.status = 'validated' AND r.validated = r.delivered",
	[SEL_PARTIAL] = "r.status = 'validated' AND r.validated < r.delivered",
	[SEL_REJECTED] = "r.status = 'rejected'",
};

#define L_FROM "FROM contract c CROSS JOIN contract_year y ON y.contract_id = c.id AND y.year = ?1 " \
	"CROSS JOIN commitment cm ON cm.contract_id = c.id AND +cm.year = ?1 " \
	"CROSS JOIN return_line r ON r.commitment_id = cm.id " \
	"JOIN measure m ON m.id = cm.measure_id JOIN supplier s ON s.id = c.supplier_id "

#define SQL_MAX 2048
/* [driver][status][asc][keyed] */
static char l_sql[D_COUNT][SEL_COUNT][2][2][SQL_MAX];
/* the totals: [driver][status][with body] (D_ALL without a contract
 * filter is read from the commitments of the year, the contract's row only
 * for a body) */
static char t_sql[D_COUNT][QS_COUNT][2][SQL_MAX];

/* ---- the missing-return statements --------------------------------------------- */

/* One supplier's contracts of the quarter, by ref, with the commitments of
 * the year and how many have no line for the quarter; kept by the rule.
 * ?1 year, ?2 quarter, ?3 supplier, ?4 contract (0 any), ?5 body (NULL
 * any), ?6 ?7 the quarter's first and last days, ?8 the cursor's ref, ?9
 * incomplete, ?10 the limit. */
#define M_COLS "SELECT c.id, c.ref, c.title, c.body, c.manager, s.name, count(*), " \
	"sum(NOT EXISTS (SELECT 1 FROM return_line r WHERE r.commitment_id = cm.id " \
	"AND r.quarter = ?2)) "
#define M_FROM "FROM contract c CROSS JOIN commitment cm ON cm.contract_id = c.id AND +cm.year = ?1 " \
	"JOIN supplier s ON s.id = c.supplier_id "
#define M_WHERE "c.start_date <= ?7 AND c.end_date >= ?6 AND (?4 = 0 OR c.id = ?4) " \
	"AND (?5 IS NULL OR c.body = ?5) "
/* The rule: no line for the quarter at all; with incomplete, or some
 * missing.  (A group has at least one commitment.) */
#define M_RULE "HAVING sum(NOT EXISTS (SELECT 1 FROM return_line r WHERE r.commitment_id = cm.id " \
	"AND r.quarter = ?2)) = count(*) OR (?9 AND sum(NOT EXISTS (SELECT 1 FROM return_line r " \
	"WHERE r.commitment_id = cm.id AND r.quarter = ?2)) > 0) "

/* [asc][keyed] */
static char m_sql[2][2][SQL_MAX];
static char m_count_sql[SQL_MAX];

static const char q_codes[] =
	"SELECT m.code FROM commitment cm JOIN measure m ON m.id = cm.measure_id "
	"WHERE cm.contract_id = ?1 AND cm.year = ?2 AND NOT EXISTS (SELECT 1 FROM return_line r "
	"WHERE r.commitment_id = cm.id AND r.quarter = ?3) ORDER BY m.code";

/* The suppliers in the chase list's order (a few hundred at most). */
static const char q_suppliers[] = "SELECT id FROM supplier ORDER BY name COLLATE NOCASE, id";
/* The measures by code (the catalogue: dozens). */
static const char q_measures[] = "SELECT id FROM measure ORDER BY code";

/* A line by its id, whatever the filters. */
static const char q_get_line[] =
	"SELECT r.id, r.version, c.id, c.supplier_id, cm.year, r.quarter, c.ref, "
	"s.name, m.code, m.unit, r.delivered, cm.proxy IS NOT NULL, "
	"sv_sv(r.delivered, cm.proxy), r.status, r.validated, r.submitted, r.validated_by, "
	"cm.measure_id FROM return_line r JOIN commitment cm ON cm.id = r.commitment_id "
	"JOIN contract c ON c.id = cm.contract_id JOIN measure m ON m.id = cm.measure_id "
	"JOIN supplier s ON s.id = c.supplier_id WHERE r.id = ?1";

static const char q_match_s[] =
	"SELECT s.id, s.name FROM supplier_fold f JOIN supplier s ON s.id = f.id "
	"WHERE f.fold LIKE ?1 ESCAPE '\\' ORDER BY s.name COLLATE NOCASE, s.id";
static const char q_match_c[] =
	"SELECT c.id, c.ref, c.title FROM contract_fold f JOIN contract c ON c.id = f.id "
	"WHERE f.fold LIKE ?1 ESCAPE '\\' ORDER BY c.ref";

static int built;

static void build_sql(void)
{
	int d, st, asc, keyed, body;

	if (built)
		return;
	for (d = 0; d < D_COUNT; d++)
		for (st = 0; st < SEL_COUNT; st++) {
			for (asc = 0; asc < 2; asc++)
				for (keyed = 0; keyed < 2; keyed++) {
					const char *dir = asc ? "" : " DESC";
					char key[256] = "";

					if (keyed)
						snprintf(key, sizeof key, "AND c.ref %s ?6 AND "
							 "(c.ref, m.code, r.quarter, r.id) %s (?6, ?7, ?8, ?9) ",
							 asc ? ">=" : "<=", asc ? ">" : "<");
					snprintf(l_sql[d][st][asc][keyed], SQL_MAX,
						 L_COLS L_FROM "WHERE %s AND %s AND (?2 = 0 OR r.quarter = ?2) "
						 "AND (?2 = 0 OR (y.returned >> (?2 - 1)) & 1) "
						 "AND (?5 IS NULL OR c.body = ?5) AND (?11 = 0 OR cm.measure_id = ?11) %s"
						 "ORDER BY c.ref%s, m.code%s, r.quarter%s, r.id%s LIMIT ?10",
						 driver_where[d], status_where[st], key, dir, dir, dir, dir);
				}
			for (body = 0; body < 2 && st < QS_COUNT; body++) {
				if (d == D_ALL && !body)
					/* the commitments of the year through their
					 * index, each one's lines by its key */
					snprintf(t_sql[d][st][body], SQL_MAX,
						 "SELECT count(*), sv_sum(sv_sv(r.delivered, cm.proxy)) "
						 "FROM commitment cm CROSS JOIN return_line r "
						 "ON r.commitment_id = cm.id WHERE cm.year = ?1 AND %s "
						 "AND (?2 = 0 OR r.quarter = ?2)",
						 st == QS_AWAITING ? "r.status = 'submitted'" :
						 st == QS_QUERY ? "r.status = 'query'" : status_where[st]);
				else
					snprintf(t_sql[d][st][body], SQL_MAX,
						 "SELECT count(*), sv_sum(sv_sv(r.delivered, cm.proxy)) "
						 L_FROM "WHERE %s AND %s AND (?2 = 0 OR r.quarter = ?2) "
						 "AND (?5 IS NULL OR c.body = ?5)",
						 driver_where[d], status_where[st]);
			}
		}
	for (asc = 0; asc < 2; asc++)
		for (keyed = 0; keyed < 2; keyed++)
			snprintf(m_sql[asc][keyed], SQL_MAX,
				 M_COLS M_FROM "WHERE c.supplier_id = ?3 AND " M_WHERE "%s"
				 "GROUP BY c.ref " M_RULE "ORDER BY c.ref%s LIMIT ?10",
				 keyed ? (asc ? "AND c.ref > ?8 " : "AND c.ref < ?8 ") : "",
				 asc ? "" : " DESC");
	snprintf(m_count_sql, SQL_MAX,
		 "SELECT count(*) FROM (SELECT 1 " M_FROM "WHERE (?3 = 0 OR c.supplier_id = ?3) AND "
		 M_WHERE "GROUP BY c.id " M_RULE ")");
	built = 1;
}

const char *const *queue_statements(size_t *n)
{
	static const char *list[D_COUNT * SEL_COUNT * 4 + D_COUNT * QS_COUNT * 2 + 4 + 9];
	static size_t count;

	build_sql();
	if (count == 0) {
		for (int d = 0; d < D_COUNT; d++)
			for (int st = 0; st < SEL_COUNT; st++) {
				for (int a = 0; a < 2; a++)
					for (int k = 0; k < 2; k++)
						list[count++] = l_sql[d][st][a][k];
				for (int b = 0; b < 2 && st < QS_COUNT; b++)
					list[count++] = t_sql[d][st][b];
			}
		for (int a = 0; a < 2; a++)
			for (int k = 0; k < 2; k++)
				list[count++] = m_sql[a][k];
		list[count++] = m_count_sql;
		list[count++] = q_codes;
		list[count++] = q_get_line;
		list[count++] = q_suppliers;
		list[count++] = q_measures;
	}
	*n = count;
	return list;
}

/* ---- reading lines ------------------------------------------------------------------ */

static void read_line(sqlite3_stmt *st, queue_line *r)
{
	const char *status = db_col_text(st, 13);

	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->version = sqlite3_column_int64(st, 1);
	r->contract_id = sqlite3_column_int64(st, 2);
	r->supplier_id = sqlite3_column_int64(st, 3);
	r->fy = sqlite3_column_int(st, 4);
	r->quarter = sqlite3_column_int(st, 5);
	db_copy_text(r->ref, sizeof r->ref, sqlite3_column_text(st, 6));
	db_copy_text(r->supplier, sizeof r->supplier, sqlite3_column_text(st, 7));
	db_copy_text(r->code, sizeof r->code, sqlite3_column_text(st, 8));
	db_copy_text(r->unit, sizeof r->unit, sqlite3_column_text(st, 9));
	r->delivered = sqlite3_column_int64(st, 10);
	r->has_proxy = sqlite3_column_int(st, 11);
	r->sv = sqlite3_column_int64(st, 12);
	if (status == NULL || strcmp(status, "submitted") == 0)
		r->state = QL_AWAITING;
	else if (strcmp(status, "query") == 0)
		r->state = QL_QUERY;
	else if (strcmp(status, "rejected") == 0)
		r->state = QL_REJECTED;
	else
		r->state = sqlite3_column_int64(st, 14) < r->delivered ? QL_PARTIAL : QL_VALIDATED;
	db_copy_text(r->submitted, sizeof r->submitted, sqlite3_column_text(st, 15));
	db_copy_text(r->decided_by, sizeof r->decided_by, sqlite3_column_text(st, 16));
	r->measure_id = sqlite3_column_int64(st, 17);
}

static int check_query(svdb *db, const queue_query *q, sv_err *err)
{
	if (q == NULL || (unsigned)q->status >= QS_COUNT || (unsigned)q->sort >= QO_COUNT ||
	    q->quarter < 0 || q->quarter > 4)
		return db_errf(err, DB_E_OTHER, "%s: not a returns queue query", db->path);
	return 0;
}

static void bind_filters(sqlite3_stmt *st, const queue_query *q, int quarter, int64_t supplier)
{
	sqlite3_bind_int(st, 1, q->fy);
	sqlite3_bind_int(st, 2, quarter);
	sqlite3_bind_int64(st, 3, supplier);
	sqlite3_bind_int64(st, 4, q->contract_id);
	if (q->body >= 0)
		sqlite3_bind_text(st, 5, body_name((enum sv_body)q->body), -1, SQLITE_STATIC);
}

static int driver_of(const queue_query *q, int64_t supplier)
{
	return q->contract_id != 0 ? D_ONE : supplier != 0 ? D_SUP : D_ALL;
}

int queue_totals(svdb *db, const queue_query *q, int64_t *count, sv_pence *sv, sv_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (check_query(db, q, err) != 0)
		return -1;
	build_sql();
	st = db_prepare(db, t_sql[driver_of(q, q->supplier_id)][q->status][q->body >= 0], err);
	if (st == NULL)
		return -1;
	bind_filters(st, q, q->quarter, q->supplier_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*count = sqlite3_column_int64(st, 0);
		*sv = sqlite3_column_int64(st, 1);
	}
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s: counting the returns queue", db->path);
	return 0;
}

/* The ids that sql gives in its order (suppliers, measures), or only the
 * one of a filter. */
static int id_order(svdb *db, const char *sql, int64_t only, int64_t **ids, int *n,
		    sv_err *err)
{
	sqlite3_stmt *st;
	int64_t *v = NULL;
	int k = 0, cap = 0, rc;

	*ids = NULL;
	*n = 0;
	if (only != 0) {
		v = malloc(sizeof *v);
		if (v == NULL)
			return sv_err_set(err, "out of memory");
		v[0] = only;
		*ids = v;
		*n = 1;
		return 0;
	}
	st = db_prepare(db, sql, err);
	if (st == NULL)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (k == cap) {
			int64_t *g;

			cap = cap ? cap * 2 : 64;
			g = realloc(v, (size_t)cap * sizeof *v);
			if (g == NULL) {
				db_done(st);
				free(v);
				return sv_err_set(err, "out of memory");
			}
			v = g;
		}
		v[k++] = sqlite3_column_int64(st, 0);
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return db_sqlfail(db, err, rc, "%s: reading the queue's order", db->path);
	}
	*ids = v;
	*n = k;
	return 0;
}

/* Up to limit lines of one segment (quarter, supplier) in scan order asc,
 * after the cursor `from` (NULL: from the segment's start). */
static int seg_page(svdb *db, const queue_query *q, int sel, int quarter, int64_t supplier,
		    int64_t measure, const queue_line *from, int asc, queue_line *rows, int limit,
		    sv_err *err)
{
	sqlite3_stmt *st;
	int n = 0, rc = SQLITE_DONE;

	st = db_prepare(db, l_sql[driver_of(q, supplier)][sel][asc][from != NULL], err);
	if (st == NULL)
		return -1;
	bind_filters(st, q, quarter, supplier);
	if (from != NULL) {
		sqlite3_bind_text(st, 6, from->ref, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, from->code, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 8, from->quarter);
		sqlite3_bind_int64(st, 9, from->id);
	}
	sqlite3_bind_int(st, 10, limit);
	sqlite3_bind_int64(st, 11, measure);
	while (n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
		read_line(st, &rows[n++]);
	db_done(st);
	if (n < limit && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: reading the returns queue", db->path);
	return n;
}

static void reverse(void *rows, size_t size, int n)
{
	char *p = rows, tmp[sizeof(queue_missing) > sizeof(queue_line) ?
			    sizeof(queue_missing) : sizeof(queue_line)];

	for (int i = 0; i < n / 2; i++) {
		memcpy(tmp, p + (size_t)i * size, size);
		memcpy(p + (size_t)i * size, p + (size_t)(n - 1 - i) * size, size);
		memcpy(p + (size_t)(n - 1 - i) * size, tmp, size);
	}
}

int queue_page(svdb *db, const queue_query *q, const queue_line *after, int forward,
	       queue_line *rows, int limit, sv_err *err)
{
	/* scan upwards: a forward page of an ascending list, or a backward
	 * page of a descending one */
	int asc = forward ? !q->desc : q->desc;
	int64_t *sup = NULL;
	int nseg, start = 0, n = 0, i, first = 0;

	if (check_query(db, q, err) != 0)
		return -1;
	if (limit <= 0)
		return 0;
	build_sql();
	if (q->sort == QO_SUPPLIER || q->sort == QO_MEASURE) {
		int64_t key = after == NULL ? 0
			: q->sort == QO_SUPPLIER ? after->supplier_id : after->measure_id;

		if (id_order(db, q->sort == QO_SUPPLIER ? q_suppliers : q_measures,
			     q->sort == QO_SUPPLIER ? q->supplier_id : 0, &sup, &nseg, err) < 0)
			return -1;
		if (after != NULL)
			for (start = 0; start < nseg && sup[start] != key; start++)
				;
		else
			start = asc ? 0 : nseg - 1;
		if (start == nseg) {   /* the cursor's is gone: from the start */
			start = asc ? 0 : nseg - 1;
			after = NULL;
		}
	} else if (q->sort == QO_QUARTER && q->quarter == 0) {
		nseg = 4;
		start = after != NULL ? after->quarter - 1 : asc ? 0 : 3;
	} else if (q->sort == QO_STATUS) {
		/* the states (enum queue_state) the status asked for */
		first = q->status == QS_QUERY ? QL_QUERY : q->status == QS_DECIDED ? QL_VALIDATED
			: QL_AWAITING;
		nseg = q->status == QS_AWAITING || q->status == QS_QUERY ? 1
			: q->status == QS_DECIDED ? 3 : 5;
		start = after != NULL ? (int)after->state - first : asc ? 0 : nseg - 1;
		if (start < 0 || start >= nseg) {
			start = asc ? 0 : nseg - 1;
			after = NULL;
		}
	} else {
		nseg = 1;
	}
	for (i = start; i >= 0 && i < nseg && n < limit; i += asc ? 1 : -1) {
		static const int state_sel[] = {
			[QL_AWAITING] = QS_AWAITING, [QL_QUERY] = QS_QUERY,
			[QL_VALIDATED] = SEL_VALIDATED, [QL_PARTIAL] = SEL_PARTIAL,
			[QL_REJECTED] = SEL_REJECTED,
		};
		int quarter = q->sort == QO_QUARTER && q->quarter == 0 ? i + 1 : q->quarter;
		int64_t supplier = q->sort == QO_SUPPLIER ? sup[i] : q->supplier_id;
		int64_t measure = q->sort == QO_MEASURE ? sup[i] : 0;
		int sel = q->sort == QO_STATUS ? state_sel[first + i] : (int)q->status;
		int k = seg_page(db, q, sel, quarter, supplier, measure, i == start ? after : NULL,
				 asc, rows + n, limit - n, err);

		if (k < 0) {
			free(sup);
			return -1;
		}
		n += k;
	}
	free(sup);
	if (!forward)
		reverse(rows, sizeof *rows, n);
	return n;
}

int queue_line_get(svdb *db, int64_t id, queue_line *out, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_get_line, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_line(st, out);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return db_sqlfail(db, err, rc, "%s: reading return line %lld", db->path, (long long)id);
}

/* ---- matching by typing ----------------------------------------------------------- */

static int like_pattern(const char *text, char *out, size_t size)
{
	char folded[1024];
	size_t n, i, o = 0;

	n = browse_fold(text, folded, sizeof folded);
	out[o++] = '%';
	for (i = 0; i < n && o + 4 < size; i++) {
		if (folded[i] == '%' || folded[i] == '_' || folded[i] == '\\')
			out[o++] = '\\';
		out[o++] = folded[i];
	}
	out[o++] = '%';
	out[o] = '\0';
	return 0;
}

static int match(svdb *db, const char *sql, int contracts, const char *text,
		 queue_match *out, int max, sv_err *err)
{
	char pattern[2100];
	sqlite3_stmt *st;
	int n = 0, rc = SQLITE_DONE;

	like_pattern(text, pattern, sizeof pattern);
	st = db_prepare(db, sql, err);
	if (st == NULL)
		return -1;
	sqlite3_bind_text(st, 1, pattern, -1, SQLITE_TRANSIENT);
	while (n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		out[n].id = sqlite3_column_int64(st, 0);
		out[n].ref[0] = '\0';
		if (contracts) {
			char title[200];

			db_copy_text(out[n].ref, sizeof out[n].ref, sqlite3_column_text(st, 1));
			db_copy_text(title, sizeof title, sqlite3_column_text(st, 2));
			snprintf(out[n].label, sizeof out[n].label, "%s  %s", out[n].ref, title);
		} else {
			db_copy_text(out[n].label, sizeof out[n].label, sqlite3_column_text(st, 1));
		}
		n++;
	}
	db_done(st);
	if (n < max && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: matching %s", db->path,
				  contracts ? "contracts" : "suppliers");
	return n;
}

int queue_match_suppliers(svdb *db, const char *text, queue_match *out, int max, sv_err *err)
{
	return match(db, q_match_s, 0, text, out, max, err);
}

int queue_match_contracts(svdb *db, const char *text, queue_match *out, int max, sv_err *err)
{
	return match(db, q_match_c, 1, text, out, max, err);
}

/* ---- missing returns ------------------------------------------------------------------ */

static int check_mquery(svdb *db, const queue_mquery *q, sv_err *err)
{
	if (q == NULL || q->quarter < 1 || q->quarter > 4 || q->fy < 1900 || q->fy > 9998)
		return db_errf(err, DB_E_OTHER, "%s: the missing returns need a quarter", db->path);
	return 0;
}

static void bind_mquery(sqlite3_stmt *st, const queue_mquery *q, int64_t supplier)
{
	char first[11], last[11];
	static const char *const q_first[] = { "04-01", "07-01", "10-01", "01-01" };
	static const char *const q_last[] = { "06-30", "09-30", "12-31", "03-31" };
	int y = q->quarter == 4 ? q->fy + 1 : q->fy;

	snprintf(first, sizeof first, "%04d-%s", y, q_first[q->quarter - 1]);
	snprintf(last, sizeof last, "%04d-%s", y, q_last[q->quarter - 1]);
	sqlite3_bind_int(st, 1, q->fy);
	sqlite3_bind_int(st, 2, q->quarter);
	sqlite3_bind_int64(st, 3, supplier);
	sqlite3_bind_int64(st, 4, q->contract_id);
	if (q->body >= 0)
		sqlite3_bind_text(st, 5, body_name((enum sv_body)q->body), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, first, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, last, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int(st, 9, q->incomplete != 0);
}

/* The codes without a line, by code, space-separated, into a growing
 * buffer *buf of *cap bytes. */
static int read_codes(svdb *db, const queue_mquery *q, int64_t contract, char **buf,
		      size_t *cap, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_codes, err);
	size_t len = 0;
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int64(st, 1, contract);
	sqlite3_bind_int(st, 2, q->fy);
	sqlite3_bind_int(st, 3, q->quarter);
	if (*cap == 0 || *buf == NULL) {
		*buf = malloc(64);
		if (*buf == NULL) {
			db_done(st);
			return sv_err_set(err, "out of memory");
		}
		*cap = 64;
	}
	(*buf)[0] = '\0';
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *code = db_col_text(st, 0);
		size_t k = code != NULL ? strlen(code) : 0;

		if (len + k + 2 > *cap) {
			size_t c = *cap;
			char *g;

			while (len + k + 2 > c)
				c *= 2;
			g = realloc(*buf, c);
			if (g == NULL) {
				db_done(st);
				return sv_err_set(err, "out of memory");
			}
			*buf = g;
			*cap = c;
		}
		if (len > 0)
			(*buf)[len++] = ' ';
		memcpy(*buf + len, code != NULL ? code : "", k + 1);
		len += k;
	}
	db_done(st);
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: reading the missing measures", db->path);
	return 0;
}

/* Walk the missing returns in scan order asc from the cursor (supplier,
 * ref; NULL: from the start), up to limit (0: every one), calling fn. */
static int missing_walk(svdb *db, const queue_mquery *q, int64_t from_supplier,
			const char *from_ref, int asc, int limit, queue_missing_fn fn, void *ctx,
			sv_err *err)
{
	int64_t *sup = NULL;
	int nseg, start, i, n = 0, rc = 0;
	char *codes = NULL;
	size_t cap = 0;

	if (check_mquery(db, q, err) != 0)
		return -1;
	build_sql();
	if (id_order(db, q_suppliers, q->supplier_id, &sup, &nseg, err) < 0)
		return -1;
	start = asc ? 0 : nseg - 1;
	if (from_ref != NULL) {
		for (start = 0; start < nseg && sup[start] != from_supplier; start++)
			;
		if (start == nseg) {
			start = asc ? 0 : nseg - 1;
			from_ref = NULL;
		}
	}
	for (i = start; rc == 0 && i >= 0 && i < nseg && (limit == 0 || n < limit);
	     i += asc ? 1 : -1) {
		int keyed = i == start && from_ref != NULL;
		sqlite3_stmt *st = db_prepare(db, m_sql[asc][keyed], err);
		int step;

		if (st == NULL) {
			rc = -1;
			break;
		}
		bind_mquery(st, q, sup[i]);
		if (keyed)
			sqlite3_bind_text(st, 8, from_ref, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 10, limit == 0 ? -1 : limit - n);
		/* the rows first (the codes' statement runs between them) */
		while ((step = sqlite3_step(st)) == SQLITE_ROW) {
			queue_missing_rec r;
			char *dup[5];
			int j;

			r.supplier_id = sup[i];
			r.contract_id = sqlite3_column_int64(st, 0);
			{
				const char *ref = db_col_text(st, 1), *title = db_col_text(st, 2);
				const char *body = db_col_text(st, 3), *manager = db_col_text(st, 4);
				const char *name = db_col_text(st, 5);

				dup[0] = strdup(ref != NULL ? ref : "");
				dup[1] = strdup(title != NULL ? title : "");
				dup[2] = strdup(body != NULL ? body : "");
				dup[3] = manager != NULL ? strdup(manager) : NULL;
				dup[4] = strdup(name != NULL ? name : "");
				if (dup[0] == NULL || dup[1] == NULL || dup[2] == NULL ||
				    dup[4] == NULL || (manager != NULL && dup[3] == NULL)) {
					for (j = 0; j < 5; j++)
						free(dup[j]);
					rc = sv_err_set(err, "out of memory");
					break;
				}
			}
			r.expected = sqlite3_column_int(st, 6);
			r.missing = sqlite3_column_int(st, 7);
			r.ref = dup[0];
			r.title = dup[1];
			r.body = dup[2];
			r.manager = dup[3];
			r.supplier = dup[4];
			rc = read_codes(db, q, r.contract_id, &codes, &cap, err);
			if (rc == 0) {
				r.measures = codes;
				rc = fn(ctx, &r);
			}
			for (j = 0; j < 5; j++)
				free(dup[j]);
			n++;
			if (rc != 0 || (limit != 0 && n >= limit))
				break;
		}
		if (rc == 0 && step != SQLITE_ROW && step != SQLITE_DONE)
			rc = db_sqlfail(db, err, step, "%s: reading the missing returns", db->path);
		db_done(st);
	}
	free(codes);
	free(sup);
	return rc;
}

int queue_missing_each(svdb *db, const queue_mquery *q, queue_missing_fn fn, void *ctx,
		       sv_err *err)
{
	return missing_walk(db, q, 0, NULL, 1, 0, fn, ctx, err);
}

int64_t queue_missing_count(svdb *db, const queue_mquery *q, sv_err *err)
{
	sqlite3_stmt *st;
	int64_t n = -1;
	int rc;

	if (check_mquery(db, q, err) != 0)
		return -1;
	build_sql();
	st = db_prepare(db, m_count_sql, err);
	if (st == NULL)
		return -1;
	bind_mquery(st, q, q->supplier_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s: counting the missing returns", db->path);
	return n;
}

struct mpage {
	queue_missing *rows;
	int n;
};

static int mpage_row(void *ctx, const queue_missing_rec *r)
{
	struct mpage *p = ctx;
	queue_missing *m = &p->rows[p->n++];

	memset(m, 0, sizeof *m);
	m->supplier_id = r->supplier_id;
	m->contract_id = r->contract_id;
	db_copy_text(m->supplier, sizeof m->supplier, (const unsigned char *)r->supplier);
	db_copy_text(m->ref, sizeof m->ref, (const unsigned char *)r->ref);
	db_copy_text(m->title, sizeof m->title, (const unsigned char *)r->title);
	db_copy_text(m->body, sizeof m->body, (const unsigned char *)r->body);
	db_copy_text(m->manager, sizeof m->manager, (const unsigned char *)r->manager);
	db_copy_text(m->measures, sizeof m->measures, (const unsigned char *)r->measures);
	m->expected = r->expected;
	m->missing = r->missing;
	return 0;
}

int queue_missing_page(svdb *db, const queue_mquery *q, const queue_missing *after,
		       int forward, queue_missing *rows, int limit, sv_err *err)
{
	struct mpage p = { rows, 0 };

	if (limit <= 0)
		return 0;
	if (missing_walk(db, q, after != NULL ? after->supplier_id : 0,
			 after != NULL ? after->ref : NULL, forward, limit, mpage_row, &p,
			 err) != 0)
		return -1;
	if (!forward)
		reverse(rows, sizeof *rows, p.n);
	return p.n;
}
