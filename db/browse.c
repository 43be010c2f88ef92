#include "config.h"

/* browse.c: the desk's lists (browse.h): contracts and suppliers with the
 * figures of a year, sorted, filtered, searched and keyset-paged, and the
 * measures tree.
 *
 * A contract list sorted on one of the contract's own columns is one
 * keyset scan of the index on that column (each ends in the id):
 *   WHERE (key, id) > (?2, ?3) ORDER BY key, id LIMIT ?4
 * A list sorted on a figure of the year (committed, delivered, validated,
 * RAG) is two segments: the contracts whose figure is 0 (or whose ratio
 * is -1: nothing committed), with a row of totals or without, which sort
 * first by id, scanned through contract; then those with a figure, through
 * the index of contract_year on (year, figure, contract_id).  A page that
 * reaches the end of a segment goes on in the next.  Descending lists scan
 * the same indexes backwards.
 *
 * Every filter is a bound parameter of every statement (0, -1 or NULL
 * leave it out), so the statements are a fixed set, made once from the
 * fragments below (never from a user's text) and listed by
 * browse_statements() for the plan test.  The first page scans from a
 * sentinel key that is below (or above) every value: the smallest integer,
 * the empty text (no key text is empty: the schema forbids it), or an empty
 * BLOB, which SQLite orders after every text.
 *
 * Search is a LIKE over the folded text of the contract (ref, title) and
 * of its supplier (name), the search text folded the same way, its
 * wildcards escaped. */

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db/db_private.h"
#include "svdesk/browse.h"
#include "svdesk/money.h"
#include "svdesk/utf8.h"

/* ---- folding ---------------------------------------------------------------- */

size_t browse_fold(const char *s, char *dst, size_t size)
{
	size_t n, i = 0, o = 0;

	if (size == 0)
		return 0;
	/* case folded, spaces one, invisible characters left out */
	n = utf8_name_key(s, strlen(s), dst, size);
	/* then each Latin letter as its plain ASCII letter (in place: never longer) */
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(dst + i, n - i, &cp, NULL);
		char a;

		if (k == 0) {
			dst[o++] = dst[i++];
			continue;
		}
		a = utf8_ascii_letter(cp);
		if (a != 0) {
			dst[o++] = (char)(a >= 'A' && a <= 'Z' ? a + 32 : a);
		} else {
			memmove(dst + o, dst + i, k);
			o += k;
		}
		i += k;
	}
	dst[o] = '\0';
	return o;
}

/* "%text%" of the folded text, with %, _ and the escape \ escaped. */
static int search_pattern(const char *text, char *out, size_t size)
{
	char folded[1024];
	size_t n, i, o = 0;

	n = browse_fold(text, folded, sizeof folded);
	if (n == 0 || size < 3)
		return -1;
	out[o++] = '%';
	for (i = 0; i < n; i++) {
		if (o + 3 >= size)
			return -1;
		if (folded[i] == '%' || folded[i] == '_' || folded[i] == '\\')
			out[o++] = '\\';
		out[o++] = folded[i];
	}
	out[o++] = '%';
	out[o] = '\0';
	return 0;
}

/* ---- the contract statements -------------------------------------------------- */

#define C_COLS "SELECT c.id, c.supplier_id, c.ref, c.title, s.name, c.body, c.value, " \
	"c.sv_weight, c.status, c.start_date, c.end_date, coalesce(y.committed, 0), " \
	"coalesce(y.delivered, 0), coalesce(y.validated, 0), coalesce(y.ratio_bp, -1), " \
	"coalesce(y.awaiting, 0), coalesce(y.returned, 0), y.contract_id IS NOT NULL "

/* The loop order is fixed (CROSS JOIN): the scan of the sort's index
 * outermost, the rest looked up by key. */
#define FROM_C "FROM contract c CROSS JOIN supplier s ON s.id = c.supplier_id " \
	"LEFT JOIN contract_year y ON y.contract_id = c.id AND y.year = ?1 "
#define FROM_S "FROM supplier s CROSS JOIN contract c ON c.supplier_id = s.id " \
	"LEFT JOIN contract_year y ON y.contract_id = c.id AND y.year = ?1 "
#define FROM_Y "FROM contract_year y CROSS JOIN contract c ON c.id = y.contract_id " \
	"CROSS JOIN supplier s ON s.id = c.supplier_id "

/* The filters of browse_query, ?5 .. ?17 (see bind_filters). */
#define FILTERS \
	"(?5 IS NULL OR c.body = ?5) " \
	"AND (?6 = 0 OR (c.start_date <= sv_fy_last(?6) AND c.end_date >= sv_fy_first(?6))) " \
	"AND (?7 = 0 OR (?7 = 1 AND coalesce(y.ratio_bp, -1) < 0) " \
	"OR (?7 = 2 AND coalesce(y.ratio_bp, -1) >= ?8 AND coalesce(y.ratio_bp, -1) < ?9)) " \
	"AND (?10 IS NULL OR c.status = ?10) " \
	"AND (?11 = 0 OR (c.value > ?12 AND c.sv_weight < ?13)) " \
	"AND (?14 = 0 OR coalesce(y.awaiting, 0) > 0) " \
	"AND (?15 = 0 OR c.supplier_id = ?15) " \
	"AND (?16 = 0 OR EXISTS (SELECT 1 FROM commitment m WHERE m.contract_id = c.id " \
	"AND m.measure_id = ?16 AND m.year = ?1)) " \
	"AND (?17 IS NULL OR (SELECT f.fold FROM contract_fold f WHERE f.id = c.id) " \
	"LIKE ?17 ESCAPE '\\' OR (SELECT g.fold FROM supplier_fold g WHERE g.id = c.supplier_id) " \
	"LIKE ?17 ESCAPE '\\') "

enum seg_kind { SEG_COL, SEG_SUPPLIER, SEG_ZERO, SEG_YEAR };

/* One segment of a sort: where its rows come from and its key. */
struct segdef {
	enum seg_kind kind;
	const char *key;       /* the key expression (SEG_COL, SEG_SUPPLIER, SEG_YEAR) */
	const char *cond;      /* SEG_ZERO: which rows; SEG_YEAR: the figure is above it */
	int text;              /* a text key: sentinels '' and x'' */
};

/* The default of a figure for a contract with no row: 0, or -1 (ratio). */
static const struct {
	const char *col;
	int64_t none;
} year_cols[] = {
	[BC_COMMITTED] = { "committed", 0 }, [BC_DELIVERED] = { "delivered", 0 },
	[BC_VALIDATED] = { "validated", 0 }, [BC_RAG] = { "ratio_bp", -1 },
};

static int is_year_col(enum browse_col c)
{
	return c == BC_COMMITTED || c == BC_DELIVERED || c == BC_VALIDATED || c == BC_RAG;
}

/* Statement variants of a segment.  Each comes in two parts: the rows
 * of the cursor's key after it (key = ?2 AND id > ?3: an equality and a
 * range on the index, which ends in the id), then the rows of the keys
 * after it (key > ?2).  One row-value range (key, id) > (?2, ?3) would
 * seek to the key only and then walk every row of that key before the
 * cursor: a sort on body has two keys for all the contracts. */
enum { V_PAGE_ASC, V_PAGE_DESC, V_COUNT_LT, V_COUNT_GT, V_COUNT };
enum { P_TIE, P_REST, P_COUNT };

#define SQL_MAX 2048
static char c_sql[BC_COUNT][2][V_COUNT][P_COUNT][SQL_MAX];
/* the counts of a query with no filter (V_COUNT_LT, V_COUNT_GT) */
static char c_bare[BC_COUNT][2][2][P_COUNT][SQL_MAX];
static char c_count_sql[SQL_MAX];
static int c_built;

static void seg_of(enum browse_col col, int seg, struct segdef *d)
{
	static const char *const col_key[] = {
		[BC_REF] = "c.ref", [BC_TITLE] = "c.title", [BC_SUPPLIER] = "s.name",
		[BC_BODY] = "c.body", [BC_VALUE] = "c.value", [BC_WEIGHT] = "c.sv_weight",
	};
	static const char *const zero_cond[] = {
		[BC_COMMITTED] = "coalesce(y.committed, 0) = 0",
		[BC_DELIVERED] = "coalesce(y.delivered, 0) = 0",
		[BC_VALIDATED] = "coalesce(y.validated, 0) = 0",
		[BC_RAG] = "coalesce(y.ratio_bp, -1) < 0",
	};
	/* the segment's rows: a figure above this (0, or -1 for the ratio) */
	static const char *const year_base[] = {
		[BC_COMMITTED] = "0", [BC_DELIVERED] = "0", [BC_VALIDATED] = "0", [BC_RAG] = "-1",
	};
	static const char *const year_key[] = {
		[BC_COMMITTED] = "y.committed", [BC_DELIVERED] = "y.delivered",
		[BC_VALIDATED] = "y.validated", [BC_RAG] = "y.ratio_bp",
	};

	memset(d, 0, sizeof *d);
	if (!is_year_col(col)) {
		d->kind = col == BC_SUPPLIER ? SEG_SUPPLIER : SEG_COL;
		d->key = col_key[col];
		d->text = col == BC_REF || col == BC_TITLE || col == BC_SUPPLIER || col == BC_BODY;
	} else if (seg == 0) {
		d->kind = SEG_ZERO;
		d->cond = zero_cond[col];
	} else {
		d->kind = SEG_YEAR;
		d->key = year_key[col];
		d->cond = year_base[col];
	}
}

static int nsegs(enum browse_col col)
{
	return is_year_col(col) ? 2 : 1;
}

/* bare: a count with no filter, over the fewest tables (the index of the
 * sort alone where it can: a rank then costs a count of index entries) */
static void build_one(char *out, const struct segdef *d, int v, int part, int bare)
{
	const char *op = v == V_PAGE_ASC || v == V_COUNT_GT ? ">" : "<";
	const char *dir = v == V_PAGE_DESC ? " DESC" : "";
	int page = v == V_PAGE_ASC || v == V_PAGE_DESC;
	const char *sel = page ? C_COLS : "SELECT count(*) ";
	char keyset[256], order[128];
	const char *from;

	switch (d->kind) {
	case SEG_COL:
		from = FROM_C;
		if (part == P_TIE)
			snprintf(keyset, sizeof keyset, "%s = ?2 AND c.id %s ?3", d->key, op);
		else
			snprintf(keyset, sizeof keyset, "%s %s ?2", d->key, op);
		snprintf(order, sizeof order, "ORDER BY %s%s, c.id%s", d->key, dir, dir);
		break;
	case SEG_SUPPLIER:
		/* the name index, then a supplier's contracts by id */
		from = FROM_S;
		if (part == P_TIE)
			snprintf(keyset, sizeof keyset, "s.name = ?2 AND c.id %s ?3", op);
		else
			snprintf(keyset, sizeof keyset, "s.name %s ?2", op);
		snprintf(order, sizeof order, "ORDER BY s.name%s, c.id%s", dir, dir);
		break;
	case SEG_ZERO:
		/* one key: only the tie part has rows */
		if (part == P_REST) {
			out[0] = '\0';
			return;
		}
		from = FROM_C;
		snprintf(keyset, sizeof keyset, "c.id %s ?3 AND %s", op, d->cond);
		snprintf(order, sizeof order, "ORDER BY c.id%s", dir);
		break;
	default:
		from = FROM_Y;
		if (part == P_TIE)
			snprintf(keyset, sizeof keyset, "y.year = ?1 AND %s = ?2 AND y.contract_id %s ?3",
				 d->key, op);
		else if (*op == '>')
			snprintf(keyset, sizeof keyset, "y.year = ?1 AND %s > max(?2, %s)", d->key,
				 d->cond);
		else
			snprintf(keyset, sizeof keyset, "y.year = ?1 AND %s < ?2 AND %s > %s", d->key,
				 d->key, d->cond);
		snprintf(order, sizeof order, "ORDER BY %s%s, y.contract_id%s", d->key, dir, dir);
		break;
	}
	if (part == P_TIE)       /* one key: the index gives the ids in order */
		snprintf(order, sizeof order, "ORDER BY %s%s", d->kind == SEG_YEAR
			 ? "y.contract_id" : "c.id", dir);
	if (bare) {
		from = d->kind == SEG_COL ? "FROM contract c "
			: d->kind == SEG_SUPPLIER ? "FROM supplier s CROSS JOIN contract c "
			"ON c.supplier_id = s.id "
			: d->kind == SEG_ZERO ? "FROM contract c LEFT JOIN contract_year y "
			"ON y.contract_id = c.id AND y.year = ?1 "
			: "FROM contract_year y ";
		snprintf(out, SQL_MAX, "SELECT count(*) %sWHERE %s", from, keyset);
		return;
	}
	snprintf(out, SQL_MAX, "%s%sWHERE %s AND " FILTERS "%s%s", sel, from, keyset,
		 page ? order : "", page ? " LIMIT ?4" : "");
}

static void build_contract_sql(void)
{
	int col, seg, v;

	if (c_built)
		return;
	for (col = 0; col < BC_COUNT; col++)
		for (seg = 0; seg < nsegs(col); seg++) {
			struct segdef d;

			seg_of(col, seg, &d);
			for (v = 0; v < V_COUNT; v++) {
				build_one(c_sql[col][seg][v][P_TIE], &d, v, P_TIE, 0);
				build_one(c_sql[col][seg][v][P_REST], &d, v, P_REST, 0);
			}
			for (v = 0; v < 2; v++) {
				build_one(c_bare[col][seg][v][P_TIE], &d, V_COUNT_LT + v, P_TIE, 1);
				build_one(c_bare[col][seg][v][P_REST], &d, V_COUNT_LT + v, P_REST, 1);
			}
		}
	/* (no filter reads the supplier's row: it is left out) */
	snprintf(c_count_sql, sizeof c_count_sql, "SELECT count(*) FROM contract c "
		 "LEFT JOIN contract_year y ON y.contract_id = c.id AND y.year = ?1 WHERE " FILTERS);
	c_built = 1;
}

static const char q_get[] = C_COLS FROM_C "WHERE c.id = ?2";

static const char q_max[] =
	"SELECT (SELECT max(value) FROM contract), "
	"(SELECT max(committed) FROM contract_year WHERE year = ?1), "
	"(SELECT max(delivered) FROM contract_year WHERE year = ?1), "
	"(SELECT max(validated) FROM contract_year WHERE year = ?1)";

/* ---- binding and reading --------------------------------------------------------- */

void browse_query_init(browse_query *q, int fy)
{
	memset(q, 0, sizeof *q);
	q->fy = fy;
	q->sort = BC_REF;
	q->body = -1;
	q->closed = -1;
	q->rag = BR_ANY;
}

static int has_filter(const browse_query *q)
{
	return q->body >= 0 || q->live_fy != 0 || q->rag != BR_ANY || q->closed >= 0 ||
	       q->exceptions || q->awaiting || q->supplier_id != 0 || q->measure_id != 0;
}

static void bind_filters(sqlite3_stmt *st, const browse_query *q, const char *pattern)
{
	sqlite3_bind_int(st, 1, q->fy);
	if (q->body >= 0)
		sqlite3_bind_text(st, 5, body_name((enum sv_body)q->body), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 6, q->live_fy);
	sqlite3_bind_int(st, 7, q->rag == BR_NONE ? 1 : q->rag == BR_RANGE ? 2 : 0);
	sqlite3_bind_int64(st, 8, q->bp_lo);
	sqlite3_bind_int64(st, 9, q->bp_hi);
	if (q->closed >= 0)
		sqlite3_bind_text(st, 10, q->closed ? "closed" : "active", -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 11, q->exceptions != 0);
	sqlite3_bind_int64(st, 12, q->threshold);
	sqlite3_bind_int(st, 13, q->min_weight);
	sqlite3_bind_int(st, 14, q->awaiting != 0);
	sqlite3_bind_int64(st, 15, q->supplier_id);
	sqlite3_bind_int64(st, 16, q->measure_id);
	if (pattern != NULL)
		sqlite3_bind_text(st, 17, pattern, -1, SQLITE_TRANSIENT);
}

/* Bind the keyset (?2, ?3) to row r's key in segment d, or (r NULL) to
 * the sentinel before every row (low) or after every row (!low). */
static void bind_key(sqlite3_stmt *st, enum browse_col col, const struct segdef *d,
		     const browse_contract *r, int low)
{
	if (r == NULL) {
		if (d->text && low)
			sqlite3_bind_text(st, 2, "", 0, SQLITE_STATIC);
		else if (d->text)
			sqlite3_bind_zeroblob(st, 2, 0);
		else
			sqlite3_bind_int64(st, 2, low ? INT64_MIN : INT64_MAX);
		sqlite3_bind_int64(st, 3, low ? INT64_MIN : INT64_MAX);
		return;
	}
	switch (col) {
	case BC_REF: sqlite3_bind_text(st, 2, r->ref, -1, SQLITE_TRANSIENT); break;
	case BC_TITLE: sqlite3_bind_text(st, 2, r->title, -1, SQLITE_TRANSIENT); break;
	case BC_SUPPLIER: sqlite3_bind_text(st, 2, r->supplier, -1, SQLITE_TRANSIENT); break;
	case BC_BODY: sqlite3_bind_text(st, 2, body_name(r->body), -1, SQLITE_STATIC); break;
	case BC_VALUE: sqlite3_bind_int64(st, 2, r->value); break;
	case BC_WEIGHT: sqlite3_bind_int64(st, 2, r->sv_weight); break;
	case BC_COMMITTED: sqlite3_bind_int64(st, 2, r->committed); break;
	case BC_DELIVERED: sqlite3_bind_int64(st, 2, r->delivered); break;
	case BC_VALIDATED: sqlite3_bind_int64(st, 2, r->validated); break;
	default: sqlite3_bind_int64(st, 2, r->ratio_bp); break;
	}
	sqlite3_bind_int64(st, 3, r->id);
}

/* The segment a row is in (0 or 1). */
static int seg_of_row(enum browse_col col, const browse_contract *r)
{
	int64_t v;

	if (!is_year_col(col))
		return 0;
	v = col == BC_COMMITTED ? r->committed : col == BC_DELIVERED ? r->delivered
		: col == BC_VALIDATED ? r->validated : r->ratio_bp;
	return v == year_cols[col].none || (col == BC_RAG && v < 0) ? 0 : 1;
}

static void read_contract(sqlite3_stmt *st, browse_contract *r)
{
	const char *body = db_col_text(st, 5), *status = db_col_text(st, 8);

	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	r->supplier_id = sqlite3_column_int64(st, 1);
	db_copy_text(r->ref, sizeof r->ref, sqlite3_column_text(st, 2));
	db_copy_text(r->title, sizeof r->title, sqlite3_column_text(st, 3));
	db_copy_text(r->supplier, sizeof r->supplier, sqlite3_column_text(st, 4));
	r->body = body != NULL && strcmp(body, "OPCC") == 0 ? BODY_OPCC : BODY_WMP;
	r->value = sqlite3_column_int64(st, 6);
	r->sv_weight = sqlite3_column_int(st, 7);
	r->closed = status != NULL && strcmp(status, "closed") == 0;
	db_copy_text(r->start, sizeof r->start, sqlite3_column_text(st, 9));
	db_copy_text(r->end, sizeof r->end, sqlite3_column_text(st, 10));
	r->committed = sqlite3_column_int64(st, 11);
	r->delivered = sqlite3_column_int64(st, 12);
	r->validated = sqlite3_column_int64(st, 13);
	r->ratio_bp = sqlite3_column_int64(st, 14);
	r->awaiting = sqlite3_column_int64(st, 15);
	r->returned = (unsigned)sqlite3_column_int64(st, 16);
	r->in_year = sqlite3_column_int(st, 17);
}

/* ---- contracts ------------------------------------------------------------------- */

static int check_query(svdb *db, const browse_query *q, sv_err *err)
{
	if (q == NULL || (int)q->sort < 0 || q->sort >= BC_COUNT)
		return db_errf(err, DB_E_OTHER, "%s: no such sort column", db->path);
	return 0;
}

int64_t browse_contracts_count(svdb *db, const browse_query *q, sv_err *err)
{
	sqlite3_stmt *st;
	int64_t n;
	int rc;

	if (check_query(db, q, err) != 0)
		return -1;
	if (!has_filter(q))
		return db_count(db, "contract", err);
	build_contract_sql();
	st = db_prepare(db, c_count_sql, err);
	if (st == NULL)
		return -1;
	bind_filters(st, q, NULL);
	rc = sqlite3_step(st);
	n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s: counting contracts", db->path);
	return n;
}

/* Up to limit rows of segment seg in scan order asc (1) or desc, after
 * the row `from` (NULL: from the segment's start in that order), into rows. */
static int seg_page(svdb *db, const browse_query *q, const char *pattern, int seg,
		    const browse_contract *from, int asc, browse_contract *rows, int limit,
		    sv_err *err)
{
	struct segdef d;
	int n = 0, part, rc = SQLITE_DONE;

	seg_of(q->sort, seg, &d);
	for (part = 0; part < P_COUNT && n < limit; part++) {
		const char *sql = c_sql[q->sort][seg][asc ? V_PAGE_ASC : V_PAGE_DESC][part];
		sqlite3_stmt *st;

		if (sql[0] == '\0')
			continue;
		st = db_prepare(db, sql, err);
		if (st == NULL)
			return -1;
		bind_filters(st, q, pattern);
		bind_key(st, q->sort, &d, from, asc);
		sqlite3_bind_int(st, 4, limit - n);
		while (n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
			read_contract(st, &rows[n++]);
		db_done(st);
		if (n < limit && rc != SQLITE_DONE)
			return db_sqlfail(db, err, rc, "%s: reading contracts", db->path);
	}
	return n;
}

static int page_core(svdb *db, const browse_query *q, const char *pattern,
		     const browse_contract *after, int forward, browse_contract *rows, int limit,
		     sv_err *err)
{
	int ns, order[2], i, start, n = 0;
	/* scan the index upwards: a forward page of an ascending list, or a
	 * backward page of a descending one */
	int asc = forward ? !q->desc : q->desc;

	if (check_query(db, q, err) != 0)
		return -1;
	if (limit <= 0)
		return 0;
	build_contract_sql();
	ns = nsegs(q->sort);
	/* the segments in list order */
	order[0] = q->desc && ns == 2 ? 1 : 0;
	order[1] = 1 - order[0];
	if (after != NULL) {
		int s = seg_of_row(q->sort, after);

		start = order[0] == s ? 0 : 1;
	} else {
		start = forward ? 0 : ns - 1;
	}
	for (i = start; i >= 0 && i < ns && n < limit; i += forward ? 1 : -1) {
		int k = seg_page(db, q, pattern, order[i], i == start ? after : NULL, asc,
				 rows + n, limit - n, err);

		if (k < 0)
			return -1;
		n += k;
	}
	if (!forward) {            /* read backwards: into list order */
		for (i = 0; i < n / 2; i++) {
			browse_contract t = rows[i];

			rows[i] = rows[n - 1 - i];
			rows[n - 1 - i] = t;
		}
	}
	return n;
}

int browse_contracts_page(svdb *db, const browse_query *q, const browse_contract *after,
			  int forward, browse_contract *rows, int limit, sv_err *err)
{
	return page_core(db, q, NULL, after, forward, rows, limit, err);
}

/* The rows of segment seg before (lt) or after the key of r in index
 * order (r NULL: all of them). */
static int64_t seg_count(svdb *db, const browse_query *q, int seg, const browse_contract *r,
			 int lt, sv_err *err)
{
	struct segdef d;
	int64_t n = 0;
	int part, rc, bare = !has_filter(q);

	seg_of(q->sort, seg, &d);
	for (part = 0; part < P_COUNT; part++) {
		const char *sql = bare ? c_bare[q->sort][seg][lt ? 0 : 1][part]
			: c_sql[q->sort][seg][lt ? V_COUNT_LT : V_COUNT_GT][part];
		sqlite3_stmt *st;

		if (sql[0] == '\0')
			continue;
		st = db_prepare(db, sql, err);
		if (st == NULL)
			return -1;
		if (bare)
			sqlite3_bind_int(st, 1, q->fy);
		else
			bind_filters(st, q, NULL);
		bind_key(st, q->sort, &d, r, !lt);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			n += sqlite3_column_int64(st, 0);
		db_done(st);
		if (rc != SQLITE_ROW)
			return db_sqlfail(db, err, rc, "%s: counting contracts", db->path);
	}
	return n;
}

int64_t browse_contracts_rank(svdb *db, const browse_query *q, const browse_contract *row,
			      sv_err *err)
{
	int ns, s, first;
	int64_t n, k = 0;

	if (check_query(db, q, err) != 0)
		return -1;
	if (row == NULL)
		return db_errf(err, DB_E_OTHER, "%s: no row to find", db->path);
	build_contract_sql();
	ns = nsegs(q->sort);
	s = seg_of_row(q->sort, row);
	first = q->desc && ns == 2 ? 1 : 0;
	if (ns == 2 && s != first) {        /* the whole first segment is before it */
		k = seg_count(db, q, first, NULL, 0, err);
		if (k < 0)
			return -1;
	}
	n = seg_count(db, q, s, row, !q->desc, err);
	return n < 0 ? -1 : k + n;
}

int browse_contracts_find(svdb *db, const browse_query *q, const char *text,
			  const browse_contract *from, int forward, browse_contract *out,
			  sv_err *err)
{
	char pattern[2100];

	if (text == NULL || search_pattern(text, pattern, sizeof pattern) != 0)
		return 0;
	return page_core(db, q, pattern, from, forward, out, 1, err);
}

int browse_contract_get(svdb *db, int64_t id, int fy, browse_contract *out, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_get, err);
	int rc;

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, fy);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_contract(st, out);
	db_done(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return db_sqlfail(db, err, rc, "%s: reading a contract", db->path);
}

int browse_contracts_max(svdb *db, int fy, browse_max *out, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_max, err);
	int rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, fy);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->value = sqlite3_column_int64(st, 0);
		out->committed = sqlite3_column_int64(st, 1);
		out->delivered = sqlite3_column_int64(st, 2);
		out->validated = sqlite3_column_int64(st, 3);
	}
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s: reading the widest figures", db->path);
	return 0;
}

/* ---- suppliers ----------------------------------------------------------------- */

/* A supplier's figures: its contracts, their value, and the year's totals
 * of its contracts.  A page sorted by name reads them for its rows only;
 * a list sorted on a figure aggregates every supplier (suppliers are few:
 * dozens, where contracts are thousands), through the index of contract by
 * supplier and the totals' primary key, then sorts. */
/* (CROSS JOIN keeps the supplier's contracts first: left to itself SQLite
 * walks the whole year's totals by contract_year_committed for every row.) */
#define S_FIGS "(SELECT count(*) FROM contract c WHERE c.supplier_id = s.id), " \
	"(SELECT sv_sum(c.value) FROM contract c WHERE c.supplier_id = s.id), " \
	"(SELECT sv_sum(y.committed) FROM contract c CROSS JOIN contract_year y " \
	"ON y.contract_id = c.id AND y.year = ?1 WHERE c.supplier_id = s.id), " \
	"(SELECT sv_sum(y.delivered) FROM contract c CROSS JOIN contract_year y " \
	"ON y.contract_id = c.id AND y.year = ?1 WHERE c.supplier_id = s.id), " \
	"(SELECT sv_sum(y.validated) FROM contract c CROSS JOIN contract_year y " \
	"ON y.contract_id = c.id AND y.year = ?1 WHERE c.supplier_id = s.id) "
#define S_SEARCH "(?5 IS NULL OR (SELECT g.fold FROM supplier_fold g WHERE g.id = s.id) " \
	"LIKE ?5 ESCAPE '\\') "
#define S_AGG "WITH a (id, name, contracts, value, committed, delivered, validated) AS (" \
	"SELECT s.id, s.name, count(c.id), sv_sum(c.value), sv_sum(y.committed), " \
	"sv_sum(y.delivered), sv_sum(y.validated) FROM supplier s " \
	"LEFT JOIN contract c ON c.supplier_id = s.id " \
	"LEFT JOIN contract_year y ON y.contract_id = c.id AND y.year = ?1 " \
	"WHERE " S_SEARCH "GROUP BY s.id) "

static const char qs_name_asc[] = "SELECT s.id, s.name, " S_FIGS "FROM supplier s "
	"WHERE s.name > ?2 AND " S_SEARCH "ORDER BY s.name LIMIT ?4";
static const char qs_name_desc[] = "SELECT s.id, s.name, " S_FIGS "FROM supplier s "
	"WHERE s.name < ?2 AND " S_SEARCH "ORDER BY s.name DESC LIMIT ?4";
static const char qs_name_lt[] = "SELECT count(*) FROM supplier s WHERE s.name < ?2 AND "
	S_SEARCH;
static const char qs_name_gt[] = "SELECT count(*) FROM supplier s WHERE s.name > ?2 AND "
	S_SEARCH;
static const char qs_max[] = S_AGG "SELECT max(value), max(committed), max(delivered), "
	"max(validated) FROM a";

static char s_sql[BSC_COUNT][V_COUNT][SQL_MAX];
static int s_built;

static void build_supplier_sql(void)
{
	static const char *const key[] = {
		[BSC_CONTRACTS] = "contracts", [BSC_VALUE] = "value", [BSC_COMMITTED] = "committed",
		[BSC_DELIVERED] = "delivered", [BSC_VALIDATED] = "validated",
	};
	int col, v;

	if (s_built)
		return;
	for (col = BSC_CONTRACTS; col < BSC_COUNT; col++)
		for (v = 0; v < V_COUNT; v++) {
			const char *op = v == V_PAGE_ASC || v == V_COUNT_GT ? ">" : "<";
			const char *dir = v == V_PAGE_DESC ? " DESC" : "";

			if (v == V_PAGE_ASC || v == V_PAGE_DESC)
				snprintf(s_sql[col][v], SQL_MAX, S_AGG "SELECT id, name, contracts, "
					 "value, committed, delivered, validated FROM a WHERE (%s, id) "
					 "%s (?2, ?3) ORDER BY %s%s, id%s LIMIT ?4", key[col], op, key[col],
					 dir, dir);
			else
				snprintf(s_sql[col][v], SQL_MAX, S_AGG "SELECT count(*) FROM a "
					 "WHERE (%s, id) %s (?2, ?3)", key[col], op);
		}
	s_built = 1;
}

static const char *supplier_sql(enum browse_scol col, int v)
{
	static const char *const name[V_COUNT] = {
		[V_PAGE_ASC] = qs_name_asc, [V_PAGE_DESC] = qs_name_desc,
		[V_COUNT_LT] = qs_name_lt, [V_COUNT_GT] = qs_name_gt,
	};

	if (col == BSC_NAME)
		return name[v];
	build_supplier_sql();
	return s_sql[col][v];
}

static int check_squery(svdb *db, const browse_squery *q, sv_err *err)
{
	if (q == NULL || (int)q->sort < 0 || q->sort >= BSC_COUNT)
		return db_errf(err, DB_E_OTHER, "%s: no such sort column", db->path);
	return 0;
}

static void bind_skey(sqlite3_stmt *st, const browse_squery *q, const browse_supplier *r, int low)
{
	int64_t k;

	sqlite3_bind_int(st, 1, q->fy);
	if (q->sort == BSC_NAME) {
		if (r != NULL)
			sqlite3_bind_text(st, 2, r->name, -1, SQLITE_TRANSIENT);
		else if (low)
			sqlite3_bind_text(st, 2, "", 0, SQLITE_STATIC);
		else
			sqlite3_bind_zeroblob(st, 2, 0);
		return;
	}
	if (r == NULL) {
		sqlite3_bind_int64(st, 2, low ? INT64_MIN : INT64_MAX);
		sqlite3_bind_int64(st, 3, low ? INT64_MIN : INT64_MAX);
		return;
	}
	k = q->sort == BSC_CONTRACTS ? r->contracts : q->sort == BSC_VALUE ? r->value
		: q->sort == BSC_COMMITTED ? r->committed : q->sort == BSC_DELIVERED ? r->delivered
		: r->validated;
	sqlite3_bind_int64(st, 2, k);
	sqlite3_bind_int64(st, 3, r->id);
}

static void read_supplier(sqlite3_stmt *st, browse_supplier *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(st, 0);
	db_copy_text(r->name, sizeof r->name, sqlite3_column_text(st, 1));
	r->contracts = sqlite3_column_int64(st, 2);
	r->value = sqlite3_column_int64(st, 3);
	r->committed = sqlite3_column_int64(st, 4);
	r->delivered = sqlite3_column_int64(st, 5);
	r->validated = sqlite3_column_int64(st, 6);
}

int64_t browse_suppliers_count(svdb *db, const browse_squery *q, sv_err *err)
{
	if (check_squery(db, q, err) != 0)
		return -1;
	return db_count(db, "supplier", err);
}

static int spage_core(svdb *db, const browse_squery *q, const char *pattern,
		      const browse_supplier *after, int forward, browse_supplier *rows, int limit,
		      sv_err *err)
{
	int asc = forward ? !q->desc : q->desc, n = 0, rc = SQLITE_DONE, i;
	sqlite3_stmt *st;

	if (check_squery(db, q, err) != 0)
		return -1;
	if (limit <= 0)
		return 0;
	st = db_prepare(db, supplier_sql(q->sort, asc ? V_PAGE_ASC : V_PAGE_DESC), err);
	if (st == NULL)
		return -1;
	bind_skey(st, q, after, asc);
	sqlite3_bind_int(st, 4, limit);
	if (pattern != NULL)
		sqlite3_bind_text(st, 5, pattern, -1, SQLITE_TRANSIENT);
	while (n < limit && (rc = sqlite3_step(st)) == SQLITE_ROW)
		read_supplier(st, &rows[n++]);
	db_done(st);
	if (n < limit && rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: reading suppliers", db->path);
	if (!forward)
		for (i = 0; i < n / 2; i++) {
			browse_supplier t = rows[i];

			rows[i] = rows[n - 1 - i];
			rows[n - 1 - i] = t;
		}
	return n;
}

int browse_suppliers_page(svdb *db, const browse_squery *q, const browse_supplier *after,
			  int forward, browse_supplier *rows, int limit, sv_err *err)
{
	return spage_core(db, q, NULL, after, forward, rows, limit, err);
}

int64_t browse_suppliers_rank(svdb *db, const browse_squery *q, const browse_supplier *row,
			      sv_err *err)
{
	sqlite3_stmt *st;
	int64_t n;
	int rc;

	if (check_squery(db, q, err) != 0)
		return -1;
	if (row == NULL)
		return db_errf(err, DB_E_OTHER, "%s: no row to find", db->path);
	st = db_prepare(db, supplier_sql(q->sort, q->desc ? V_COUNT_GT : V_COUNT_LT), err);
	if (st == NULL)
		return -1;
	bind_skey(st, q, row, 0);
	rc = sqlite3_step(st);
	n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s: counting suppliers", db->path);
	return n;
}

int browse_suppliers_find(svdb *db, const browse_squery *q, const char *text,
			  const browse_supplier *from, int forward, browse_supplier *out,
			  sv_err *err)
{
	char pattern[2100];

	if (text == NULL || search_pattern(text, pattern, sizeof pattern) != 0)
		return 0;
	return spage_core(db, q, pattern, from, forward, out, 1, err);
}

int browse_suppliers_max(svdb *db, int fy, browse_max *out, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, qs_max, err);
	int rc;

	memset(out, 0, sizeof *out);
	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, fy);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->value = sqlite3_column_int64(st, 0);
		out->committed = sqlite3_column_int64(st, 1);
		out->delivered = sqlite3_column_int64(st, 2);
		out->validated = sqlite3_column_int64(st, 3);
	}
	db_done(st);
	if (rc != SQLITE_ROW)
		return db_sqlfail(db, err, rc, "%s: reading the widest figures", db->path);
	return 0;
}

/* ---- the measures tree ------------------------------------------------------------ */

/* Every measure of the catalogue in its order, with the year's figures
 * (measure_year, kept by the same triggers as the contracts' totals). */
static const char q_tree[] =
	"SELECT t.id, t.name, t.title, o.id, o.text, m.id, m.code, m.title, m.unit, "
	"NOT EXISTS (SELECT 1 FROM proxy_set ps JOIN proxy_value pv ON pv.set_id = ps.id "
	"AND pv.measure_id = m.id WHERE ps.is_current = 1 AND pv.proxy IS NOT NULL), "
	"coalesce(my.committed, 0), coalesce(my.delivered, 0), coalesce(my.validated, 0), "
	"coalesce(my.q_committed, 0), coalesce(my.q_delivered, 0), coalesce(my.q_validated, 0), "
	"coalesce(my.contracts, 0) "
	"FROM theme t JOIN outcome o ON o.theme_id = t.id JOIN measure m ON m.outcome_id = o.id "
	"LEFT JOIN measure_year my ON my.measure_id = m.id AND my.year = ?1 "
	"ORDER BY t.position, t.id, o.position, o.id, m.position, m.id";

struct tnode {
	browse_tree_rec r;
	char *key, *title, *unit;
};

static void tnode_free(struct tnode *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].title);
		free(v[i].unit);
	}
	free(v);
}

static char *dup_text(const unsigned char *s)
{
	return strdup(s != NULL ? (const char *)s : "");
}

/* Add a measure's £SV to a parent's (not its contracts: a contract may
 * commit to several measures of a theme); -1 on overflow. */
static int tree_add(browse_tree_rec *p, const browse_tree_rec *m)
{
	return money_add(&p->committed, m->committed) || money_add(&p->delivered, m->delivered) ||
	       money_add(&p->validated, m->validated) ? -1 : 0;
}

int browse_measure_tree(svdb *db, int fy, browse_tree_fn fn, void *ctx, sv_err *err)
{
	sqlite3_stmt *st = db_prepare(db, q_tree, err);
	struct tnode *v = NULL;
	size_t n = 0, cap = 0, i;
	int64_t theme = 0, outcome = 0;
	size_t ti = 0, oi = 0;
	int rc, stop = 0;

	if (st == NULL)
		return -1;
	sqlite3_bind_int(st, 1, fy);
	/* read it all first: a theme's and an outcome's figures, the sums of
	 * their measures', come before them (the tree is the catalogue's size) */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct tnode m;

		if (n + 3 > cap) {
			struct tnode *nv = realloc(v, (cap ? cap * 2 : 64) * sizeof *nv);

			if (nv == NULL) {
				db_done(st);
				tnode_free(v, n);
				return db_errf(err, DB_E_OTHER, "%s: out of memory", db->path);
			}
			v = nv;
			cap = cap ? cap * 2 : 64;
		}
		if (n == 0 || sqlite3_column_int64(st, 0) != theme) {
			theme = sqlite3_column_int64(st, 0);
			memset(&v[n], 0, sizeof v[n]);
			v[n].r.kind = BN_THEME;
			v[n].r.id = theme;
			v[n].key = dup_text(sqlite3_column_text(st, 1));
			v[n].title = dup_text(sqlite3_column_text(st, 2));
			ti = n++;
			outcome = 0;
		}
		if (outcome == 0 || sqlite3_column_int64(st, 3) != outcome) {
			outcome = sqlite3_column_int64(st, 3);
			memset(&v[n], 0, sizeof v[n]);
			v[n].r.kind = BN_OUTCOME;
			v[n].r.id = outcome;
			v[n].key = strdup("");
			v[n].title = dup_text(sqlite3_column_text(st, 4));
			oi = n++;
		}
		memset(&m, 0, sizeof m);
		m.r.kind = BN_MEASURE;
		m.r.id = sqlite3_column_int64(st, 5);
		m.key = dup_text(sqlite3_column_text(st, 6));
		m.title = dup_text(sqlite3_column_text(st, 7));
		m.unit = dup_text(sqlite3_column_text(st, 8));
		m.r.record_only = sqlite3_column_int(st, 9);
		m.r.committed = sqlite3_column_int64(st, 10);
		m.r.delivered = sqlite3_column_int64(st, 11);
		m.r.validated = sqlite3_column_int64(st, 12);
		m.r.q_committed = sqlite3_column_int64(st, 13);
		m.r.q_delivered = sqlite3_column_int64(st, 14);
		m.r.q_validated = sqlite3_column_int64(st, 15);
		m.r.contracts = sqlite3_column_int64(st, 16);
		v[n++] = m;
		if (m.key == NULL || m.title == NULL || m.unit == NULL || v[ti].key == NULL ||
		    v[ti].title == NULL || v[oi].key == NULL || v[oi].title == NULL) {
			db_done(st);
			tnode_free(v, n);
			return db_errf(err, DB_E_OTHER, "%s: out of memory", db->path);
		}
		if (tree_add(&v[ti].r, &m.r) != 0 || tree_add(&v[oi].r, &m.r) != 0) {
			db_done(st);
			tnode_free(v, n);
			return db_errf(err, DB_E_OTHER, "%s: a theme's total of £SV is out of range",
				       db->path);
		}
	}
	db_done(st);
	if (rc != SQLITE_DONE) {
		tnode_free(v, n);
		return db_sqlfail(db, err, rc, "%s: reading the measures tree", db->path);
	}
	for (i = 0; i < n && stop == 0; i++) {
		v[i].r.key = v[i].key;
		v[i].r.title = v[i].title;
		v[i].r.unit = v[i].r.kind == BN_MEASURE ? v[i].unit : NULL;
		stop = fn(ctx, &v[i].r);
	}
	tnode_free(v, n);
	return stop < 0 ? -1 : 0;
}

/* ---- the statements, for the plan test ---------------------------------------------- */

const char *const *browse_statements(size_t *n)
{
	static const char *all[BC_COUNT * 2 * (V_COUNT + 2) * P_COUNT + BSC_COUNT * V_COUNT + 16];
	static size_t count;
	int col, seg, v;

	if (count == 0) {
		build_contract_sql();
		for (col = 0; col < BC_COUNT; col++)
			for (seg = 0; seg < nsegs(col); seg++) {
				for (v = 0; v < V_COUNT * P_COUNT; v++)
					if (c_sql[col][seg][v / P_COUNT][v % P_COUNT][0] != '\0')
						all[count++] = c_sql[col][seg][v / P_COUNT][v % P_COUNT];
				for (v = 0; v < 2 * P_COUNT; v++)
					if (c_bare[col][seg][v / P_COUNT][v % P_COUNT][0] != '\0')
						all[count++] = c_bare[col][seg][v / P_COUNT][v % P_COUNT];
			}
		all[count++] = c_count_sql;
		all[count++] = q_get;
		all[count++] = q_max;
		for (col = 0; col < BSC_COUNT; col++)
			for (v = 0; v < V_COUNT; v++)
				all[count++] = supplier_sql(col, v);
		all[count++] = qs_max;
		all[count++] = q_tree;
	}
	*n = count;
	return all;
}
