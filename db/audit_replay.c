#include "config.h"

/* audit_replay.c: svdesk check audit: the triggers, the chain, and the
 * replay of the log against the rows (see audit_check.c for the first two
 * and the idea of the replay). */

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nettle/sha2.h>

#include "db/db_private.h"

#define MAX_COLS AUDIT_MAX_COLS
#define MAX_VERSIONS 16
#define MAX_TABLES 16

/* ---- the digests of the imports, as the replay finds their rows ----------- */

struct digest {
	int64_t id;
	int tbl;                /* index in audit_tables */
	int64_t n;
	int used;
	struct sha256_ctx c;
};

struct digests {
	struct digest *d;
	size_t n, cap;
};

static int dkey_cmp(const struct digest *d, int64_t id, int tbl)
{
	if (d->id != id)
		return d->id < id ? -1 : 1;
	return d->tbl < tbl ? -1 : d->tbl > tbl;
}

/* The digest of (import id, table), made when create is set. */
static struct digest *digest_for(struct digests *ds, int64_t id, int tbl, int create)
{
	size_t lo = 0, hi = ds->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (dkey_cmp(&ds->d[mid], id, tbl) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < ds->n && dkey_cmp(&ds->d[lo], id, tbl) == 0)
		return &ds->d[lo];
	if (!create)
		return NULL;
	if (ds->n == ds->cap) {
		size_t cap = ds->cap ? ds->cap * 2 : 16;
		struct digest *nd = realloc(ds->d, cap * sizeof *nd);

		if (nd == NULL)
			return NULL;
		ds->d = nd;
		ds->cap = cap;
	}
	memmove(&ds->d[lo + 1], &ds->d[lo], (ds->n - lo) * sizeof *ds->d);
	ds->n++;
	memset(&ds->d[lo], 0, sizeof ds->d[lo]);
	ds->d[lo].id = id;
	ds->d[lo].tbl = tbl;
	sha256_init(&ds->d[lo].c);
	return &ds->d[lo];
}

/* ---- findings --------------------------------------------------------------- */

/* Where a version that added columns begins: its schema entry, and the
 * digest of the new columns of the rows that existed then, as the replay
 * finds them. */
struct mark {
	int64_t id;              /* 0 when the log has none */
	struct sha256_ctx c[MAX_TABLES];
	int64_t n[MAX_TABLES];
};

struct rp {
	svdb *db;
	db_finding_fn fn;
	void *ctx;
	int count;
	sqlite3_stmt *each;      /* json_each over an entry's JSON */
	struct digests ds;
	int oom;
	int uv;                  /* the database's schema version */
	struct mark marks[MAX_VERSIONS];   /* by version */
};

static void found(struct rp *rp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void found(struct rp *rp, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	rp->count++;
	if (rp->fn != NULL)
		rp->fn(rp->ctx, "audit", msg);
}

/* A value for a message: 42, "text" (cut at 40 bytes), or empty. */
static const char *show(const struct audit_val *v, char *buf, size_t n)
{
	if (v->type == SQLITE_INTEGER)
		snprintf(buf, n, "%" PRId64, v->i);
	else if (v->type == SQLITE_TEXT)
		snprintf(buf, n, "\"%.40s%s\"", v->s, v->n > 40 ? "..." : "");
	else if (v->type == SQLITE_NULL)
		snprintf(buf, n, "empty");
	else
		snprintf(buf, n, "(not a value)");
	return buf;
}

static int col_index(const struct audit_table *t, const char *name)
{
	int i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i], name) == 0)
			return i;
	return -1;
}

/* Read an entry's JSON object into vals by the columns of t (renamed by
 * map: pairs of JSON key -> column name, NULL-terminated); has[i] marks the
 * columns found; *imp receives "import_id" when present.  Returns the
 * number of keys that are no column, or -1 on error. */
static int json_vals(struct rp *rp, const char *json, const struct audit_table *t,
		     const char *const *map, struct audit_val *vals, int *has, int64_t *imp)
{
	sqlite3_stmt *st = rp->each;
	int rc, unknown = 0, i;

	for (i = 0; i < t->ncols; i++)
		has[i] = 0;
	if (json == NULL)
		return 0;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		const char *type = (const char *)sqlite3_column_text(st, 1);
		int c;

		if (key == NULL || type == NULL)
			continue;
		for (i = 0; map != NULL && map[i] != NULL; i += 2)
			if (strcmp(map[i], key) == 0) {
				key = map[i + 1];
				break;
			}
		if (strcmp(key, "import_id") == 0) {
			if (imp != NULL)
				*imp = sqlite3_column_int64(st, 2);
			continue;
		}
		c = col_index(t, key);
		if (c < 0) {
			unknown++;
			continue;
		}
		has[c] = 1;
		if (strcmp(type, "integer") == 0) {
			audit_val_free(&vals[c]);
			vals[c].type = SQLITE_INTEGER;
			vals[c].i = sqlite3_column_int64(st, 2);
		} else if (strcmp(type, "null") == 0) {
			audit_val_free(&vals[c]);
		} else if (audit_val_from_column(&vals[c], st, 2) != 0) {
			rp->oom = 1;
		} else if (strcmp(type, "text") != 0) {
			vals[c].type = -1;   /* a JSON value svdesk never writes */
		}
	}
	sqlite3_bind_null(st, 1);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? unknown : -1;
}

/* ---- the events of one row ----------------------------------------------------- */

struct ev {
	int64_t id;
	char kind;              /* 'i'nsert, 'u'pdate, 'd'elete, 'x' a decision on the line */
	char *before, *after;
};

struct evs {
	struct ev *e;
	size_t n, cap;
};

static void evs_clear(struct evs *v)
{
	size_t i;

	for (i = 0; i < v->n; i++) {
		free(v->e[i].before);
		free(v->e[i].after);
	}
	v->n = 0;
}

static int evs_add(struct evs *v, sqlite3_stmt *st)
{
	const char *action = (const char *)sqlite3_column_text(st, 2);
	struct ev *e;

	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 16;
		struct ev *ne = realloc(v->e, cap * sizeof *ne);

		if (ne == NULL)
			return -1;
		v->e = ne;
		v->cap = cap;
	}
	e = &v->e[v->n];
	e->id = sqlite3_column_int64(st, 1);
	e->kind = action ? action[0] : '?';
	e->before = sqlite3_column_type(st, 3) == SQLITE_NULL ? NULL
		: strdup((const char *)sqlite3_column_text(st, 3));
	e->after = sqlite3_column_type(st, 4) == SQLITE_NULL ? NULL
		: strdup((const char *)sqlite3_column_text(st, 4));
	v->n++;
	return 0;
}

static int ev_cmp(const void *a, const void *b)
{
	const struct ev *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* The decision's columns that a decision sets on its line. */
static const char *const decision_map[] = {
	"decided_by", "validated_by", "decided_at", "validated_at", NULL
};
static const char *const decision_cols[] = {
	"status", "validated", "reason", "validated_by", "validated_at", "delivered"
};

/* An undo (schema version 6) gives the line the person and time of the
 * state it restores: the "before" of the entry of the decision it undoes,
 * one of the line's decisions in v.  Those two columns of got are set
 * from there; 0, or -1 when the line has no entry of that decision. */
static int undone_by_at(struct rp *rp, const struct audit_table *t,
			const struct audit_table *dt, const struct evs *v, int64_t undoes,
			struct audit_val *got, int *has)
{
	static const char *const cols[] = { "validated_by", "validated_at" };
	struct audit_val x[MAX_COLS];
	int hx[MAX_COLS], i, k, c, ret = -1;
	size_t j;

	memset(x, 0, sizeof x);
	for (j = 0; j < v->n && ret != 0; j++) {
		if (v->e[j].kind != 'x')
			continue;
		json_vals(rp, v->e[j].after, dt, NULL, x, hx, NULL);
		if (hx[0] && x[0].type == SQLITE_INTEGER && x[0].i == undoes) {
			json_vals(rp, v->e[j].before, t, NULL, x, hx, NULL);
			for (k = 0; k < 2; k++) {
				c = col_index(t, cols[k]);
				if (c < 0)
					continue;
				audit_val_free(&got[c]);
				has[c] = hx[c];
				if (hx[c]) {
					got[c] = x[c];
					memset(&x[c], 0, sizeof x[c]);
				}
			}
			ret = 0;
		}
		for (i = 0; i < MAX_COLS; i++)
			audit_val_free(&x[i]);
	}
	return ret;
}

/* Undo one decision on a line: the line must hold what it set. */
static void undo_decision(struct rp *rp, const struct audit_table *t, int64_t key,
			  const struct ev *e, struct audit_val *state, const struct evs *v)
{
	struct audit_val got[MAX_COLS], dv[MAX_COLS];
	int has[MAX_COLS], hasd[MAX_COLS], i, c, vcol = col_index(t, "version");
	const struct audit_table *dt = NULL;
	char b1[64], b2[64];

	memset(got, 0, sizeof got);
	memset(dv, 0, sizeof dv);
	for (i = 0; i < audit_ntables; i++)
		if (strcmp(audit_tables[i].name, "decision") == 0)
			dt = &audit_tables[i];
	/* the decision's after, read as line columns */
	json_vals(rp, e->after, t, decision_map, got, has, NULL);
	json_vals(rp, e->after, dt, NULL, dv, hasd, NULL);
	c = col_index(dt, "undoes");
	if (c >= 0 && hasd[c] && dv[c].type == SQLITE_INTEGER &&
	    undone_by_at(rp, t, dt, v, dv[c].i, got, has) != 0)
		found(rp, "%s %" PRId64 ": entry %" PRId64 " undoes decision %" PRId64 ", but the "
		      "log has no entry of that decision on this line", t->name, key, e->id,
		      dv[c].i);
	for (i = 0; i < (int)(sizeof decision_cols / sizeof decision_cols[0]); i++) {
		c = col_index(t, decision_cols[i]);
		if (c < 0)
			continue;
		if (!has[c] || !audit_val_same(&got[c], &state[c]))
			found(rp, "%s %" PRId64 ": %s is %s, but entry %" PRId64 " (a decision) "
			      "set it to %s", t->name, key, t->cols[c], show(&state[c], b1, sizeof b1),
			      e->id, show(&got[c], b2, sizeof b2));
	}
	c = col_index(dt, "line_version");
	if (vcol >= 0 && c >= 0 && (dv[c].type != SQLITE_INTEGER ||
				    state[vcol].type != SQLITE_INTEGER ||
				    state[vcol].i != dv[c].i + 1))
		found(rp, "%s %" PRId64 ": version is %s, but entry %" PRId64 " (a decision) made "
		      "it %s + 1", t->name, key, show(&state[vcol], b1, sizeof b1), e->id,
		      show(&dv[c], b2, sizeof b2));
	/* put back the line's state before the decision */
	json_vals(rp, e->before, t, NULL, got, has, NULL);
	for (i = 0; i < t->ncols; i++)
		if (has[i]) {
			audit_val_free(&state[i]);
			state[i] = got[i];
			memset(&got[i], 0, sizeof got[i]);
		}
	for (i = 0; i < MAX_COLS; i++) {
		audit_val_free(&got[i]);
		audit_val_free(&dv[i]);
	}
}

/* Going back past the start of version *ver: a row present then gives
 * the columns that version added to the digest of its schema entry, and
 * has them no longer (older entries know nothing of them). */
static void cross(struct rp *rp, const struct audit_table *t, int present,
		  struct audit_val *state, int *ver)
{
	int v = *ver, ti = (int)(t - audit_tables), i;

	if (audit_version_adds(t, v)) {
		int from = audit_ncols(t, v - 1), upto = audit_ncols(t, v);

		if (present) {
			struct audit_val vals[MAX_COLS];

			vals[0] = state[0];
			for (i = from; i < upto; i++)
				vals[1 + i - from] = state[i];
			audit_digest_added(&rp->marks[v].c[ti], t, v, vals);
			rp->marks[v].n[ti]++;
		}
		for (i = from; i < upto; i++)
			audit_val_free(&state[i]);
	}
	*ver = v - 1;
}

/* Replay one row (or a row that is gone) from its newest entry back. */
static void replay_key(struct rp *rp, const struct audit_table *t, int64_t key, int have_row,
		       struct audit_val *state, int64_t imp, struct evs *v)
{
	struct audit_val ev[MAX_COLS];
	int has[MAX_COLS], present = have_row, i, k, ver = rp->uv;
	char b1[64], b2[64];

	memset(ev, 0, sizeof ev);
	if (v->n > 1)
		qsort(v->e, v->n, sizeof *v->e, ev_cmp);
	for (k = (int)v->n - 1; k >= 0; k--) {
		const struct ev *e = &v->e[k];
		int unknown;

		if (imp > 0 && e->id < imp)
			break;                 /* before its import: the digest covers it */
		while (ver > AUDIT_SCHEMA && e->id < rp->marks[ver].id)
			cross(rp, t, present, state, &ver);
		if (!present && e->kind != 'd') {
			found(rp, "%s %" PRId64 " is missing: entry %" PRId64 " %s it and no entry "
			      "deletes it (removed outside svdesk)", t->name, key, e->id,
			      e->kind == 'i' ? "inserted" : "changed");
			goto out;
		}
		switch (e->kind) {
		case 'u':
			unknown = json_vals(rp, e->after, t, NULL, ev, has, NULL);
			for (i = 0; i < t->ncols; i++)
				if (has[i] && !audit_val_same(&ev[i], &state[i]))
					found(rp, "%s %" PRId64 ": %s is %s, but entry %" PRId64
					      " set it to %s", t->name, key, t->cols[i],
					      show(&state[i], b1, sizeof b1), e->id,
					      show(&ev[i], b2, sizeof b2));
			if (unknown != 0)
				found(rp, "entry %" PRId64 " names columns that %s does not have",
				      e->id, t->name);
			json_vals(rp, e->before, t, NULL, ev, has, NULL);
			for (i = 0; i < t->ncols; i++)
				if (has[i]) {
					audit_val_free(&state[i]);
					state[i] = ev[i];
					memset(&ev[i], 0, sizeof ev[i]);
				}
			break;
		case 'x':
			undo_decision(rp, t, key, e, state, v);
			break;
		case 'i':
			json_vals(rp, e->after, t, NULL, ev, has, NULL);
			for (i = 0; i < audit_ncols(t, ver); i++)
				if (!has[i] || !audit_val_same(&ev[i], &state[i]))
					found(rp, "%s %" PRId64 ": %s is %s, but entry %" PRId64
					      " inserted it as %s", t->name, key, t->cols[i],
					      show(&state[i], b1, sizeof b1), e->id,
					      has[i] ? show(&ev[i], b2, sizeof b2) : "nothing");
			present = 0;
			imp = 0;
			break;
		case 'd':
			if (present)
				found(rp, "%s %" PRId64 " exists, but entry %" PRId64 " deleted it "
				      "(put back outside svdesk)", t->name, key, e->id);
			imp = 0;
			json_vals(rp, e->before, t, NULL, ev, has, &imp);
			for (i = 0; i < t->ncols; i++) {
				audit_val_free(&state[i]);
				if (has[i]) {
					state[i] = ev[i];
					memset(&ev[i], 0, sizeof ev[i]);
				}
			}
			present = 1;
			break;
		default:
			found(rp, "entry %" PRId64 " has an unknown action", e->id);
			break;
		}
	}
	if (present) {
		if (imp > 0) {
			struct digest *d = digest_for(&rp->ds, imp, (int)(t - audit_tables), 1);
			struct audit_table tv = *t;

			while (ver > AUDIT_SCHEMA && imp < rp->marks[ver].id)
				cross(rp, t, present, state, &ver);
			tv.ncols = audit_ncols(t, ver);   /* the list of the import's version */
			if (d == NULL) {
				rp->oom = 1;
			} else {
				audit_digest_row(&d->c, &tv, state);
				d->n++;
			}
		} else {
			found(rp, "%s %" PRId64 " has no entry that added it (added outside svdesk)",
			      t->name, key);
		}
	}
out:
	for (i = 0; i < MAX_COLS; i++)
		audit_val_free(&ev[i]);
}

/* ---- one table --------------------------------------------------------------------- */

static int prep(svdb *db, const char *sql, sqlite3_stmt **st, sv_err *err)
{
	int rc = sqlite3_prepare_v2(db->h, sql, -1, st, NULL);

	if (rc != SQLITE_OK)
		return db_sqlfail(db, err, rc, "%s: replay of the audit log", db->path);
	return 0;
}

/* Step a cursor whose column 0 is the key: 1 row, 0 done, -1 error. */
/* The next row of st: 1, 0 at the end, -1 on an error (its code kept in
 * *fail: later steps of the other statements overwrite SQLite's). */
static int next(sqlite3_stmt *st, int *done, int *fail)
{
	int rc;

	if (st == NULL || *done)
		return 0;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	*done = 1;
	if (rc == SQLITE_DONE)
		return 0;
	*fail = rc;
	return -1;
}

static int replay_table(struct rp *rp, const struct audit_table *t, sv_err *err)
{
	static const char q_ent[] = "SELECT entity_id, id, action, before, after FROM audit "
		"WHERE entity = ?1 AND entity_id IS NOT NULL ORDER BY entity_id, id";
	static const char q_dec[] = "SELECT CAST(json_extract(after, '$.return_line_id') AS INTEGER) "
		"AS lid, id, 'x', before, after FROM audit WHERE entity = 'decision' "
		"AND action = 'insert' AND before IS NOT NULL ORDER BY lid, id";
	char sql[1024];
	size_t len;
	sqlite3_stmt *rows = NULL, *ents = NULL, *decs = NULL;
	struct audit_val state[MAX_COLS];
	struct evs v = { NULL, 0, 0 };
	int rdone = 0, edone = 0, ddone = 0, rrow, erow, drow = 0, i, ret = -1, fail = 0;
	/* the columns the table has at the database's version (one opened
	 * READ-ONLY may be older than this svdesk): the later ones stay empty */
	int ncols = audit_ncols(t, rp->uv);

	memset(state, 0, sizeof state);
	len = (size_t)snprintf(sql, sizeof sql, "SELECT ");
	for (i = 0; i < ncols && len < sizeof sql; i++)
		len += (size_t)snprintf(sql + len, sizeof sql - len, "%s, ", t->cols[i]);
	if (len >= sizeof sql || (size_t)snprintf(sql + len, sizeof sql - len,
			"import_id FROM %s ORDER BY %s", t->name, t->cols[0]) >= sizeof sql - len) {
		db_errf(err, DB_E_OTHER, "%s: the column list of %s is too long", rp->db->path,
			t->name);
		goto out;
	}
	if (prep(rp->db, sql, &rows, err) != 0 || prep(rp->db, q_ent, &ents, err) != 0 ||
	    (strcmp(t->name, "return_line") == 0 && prep(rp->db, q_dec, &decs, err) != 0))
		goto out;
	sqlite3_bind_text(ents, 1, t->name, -1, SQLITE_STATIC);
	rrow = next(rows, &rdone, &fail);
	erow = next(ents, &edone, &fail);
	if (decs != NULL)
		drow = next(decs, &ddone, &fail);
	while (rrow > 0 || erow > 0 || drow > 0) {
		int64_t key = INT64_MAX, imp = 0;
		int have = 0;

		if (rrow > 0)
			key = sqlite3_column_int64(rows, 0);
		if (erow > 0 && sqlite3_column_int64(ents, 0) < key)
			key = sqlite3_column_int64(ents, 0);
		if (drow > 0 && sqlite3_column_int64(decs, 0) < key)
			key = sqlite3_column_int64(decs, 0);
		if (rrow > 0 && sqlite3_column_int64(rows, 0) == key) {
			for (i = 0; i < ncols; i++)
				if (audit_val_from_column(&state[i], rows, i) != 0)
					rp->oom = 1;
			imp = sqlite3_column_int64(rows, ncols);
			have = 1;
			rrow = next(rows, &rdone, &fail);
		}
		while (erow > 0 && sqlite3_column_int64(ents, 0) == key) {
			if (evs_add(&v, ents) != 0)
				rp->oom = 1;
			erow = next(ents, &edone, &fail);
		}
		while (drow > 0 && sqlite3_column_int64(decs, 0) == key) {
			if (evs_add(&v, decs) != 0)
				rp->oom = 1;
			drow = next(decs, &ddone, &fail);
		}
		if (rp->oom)
			break;
		replay_key(rp, t, key, have, state, imp, &v);
		evs_clear(&v);
		for (i = 0; i < t->ncols; i++)
			audit_val_free(&state[i]);
	}
	if (rp->oom)
		db_errf(err, DB_E_OTHER, "%s: out of memory while replaying the audit log",
			rp->db->path);
	else if (rrow < 0 || erow < 0 || drow < 0)
		db_sqlfail(rp->db, err, fail, "%s: replay of the audit log", rp->db->path);
	else
		ret = 0;
out:
	evs_clear(&v);
	free(v.e);
	for (i = 0; i < MAX_COLS; i++)
		audit_val_free(&state[i]);
	sqlite3_finalize(rows);
	sqlite3_finalize(ents);
	sqlite3_finalize(decs);
	return ret;
}

/* Every import and baseline entry against the digests of its rows. */
static int check_digests(struct rp *rp, sv_err *err)
{
	static const char q[] = "SELECT id, coalesce(json_extract(after, '$.kind'), entity), "
		"json_extract(after, '$.rows'), json_extract(after, '$.file') FROM audit "
		"WHERE entity IN ('import', 'baseline') ORDER BY id";
	static const char q_want[] = "SELECT value FROM json_each(?1) WHERE key = ?2";
	sqlite3_stmt *st = NULL, *w = NULL;
	unsigned char h[32];
	char hex[65];
	size_t i;
	int rc, ti;

	if (prep(rp->db, q, &st, err) != 0 || prep(rp->db, q_want, &w, err) != 0) {
		sqlite3_finalize(st);
		return -1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *entity = (const char *)sqlite3_column_text(st, 1);
		const char *rows = (const char *)sqlite3_column_text(st, 2);
		const char *file = (const char *)sqlite3_column_text(st, 3);

		for (ti = 0; ti < audit_ntables; ti++) {
			const char *tn = audit_tables[ti].name;
			struct digest *d = digest_for(&rp->ds, id, ti, 0);
			const char *want = NULL;

			sqlite3_reset(w);
			sqlite3_bind_text(w, 1, rows ? rows : "{}", -1, SQLITE_STATIC);
			sqlite3_bind_text(w, 2, tn, -1, SQLITE_STATIC);
			if (sqlite3_step(w) == SQLITE_ROW)
				want = (const char *)sqlite3_column_text(w, 0);
			if (d == NULL && want == NULL)
				continue;
			if (d != NULL) {
				d->used = 1;
				sha256_digest(&d->c, SHA256_DIGEST_SIZE, h);
				audit_hex(h, 32, hex);
			}
			if (d == NULL || want == NULL || strcmp(want, hex) != 0)
				found(rp, "entry %" PRId64 " (%s%s): the %s rows that carry its id "
				      "(%" PRId64 ") do not match its digest (a row was changed, added "
				      "or removed outside svdesk)", id, file ? "import of " : "",
				      file ? file : entity ? entity : "?", tn, d ? d->n : 0);
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(w);
	if (rc != SQLITE_DONE)
		return db_sqlfail(rp->db, err, rc, "%s: replay of the audit log", rp->db->path);
	for (i = 0; i < rp->ds.n; i++)
		if (!rp->ds.d[i].used)
			found(rp, "%" PRId64 " %s rows carry the import id %" PRId64 ", but no import "
			      "entry has that id", rp->ds.d[i].n, audit_tables[rp->ds.d[i].tbl].name,
			      rp->ds.d[i].id);
	return 0;
}

/* The schema entries of the versions after 3 that added columns. */
static int read_marks(struct rp *rp, sv_err *err)
{
	static const char q[] = "SELECT id FROM audit WHERE entity = 'baseline' "
		"AND json_extract(after, '$.kind') = 'schema' "
		"AND json_extract(after, '$.version') = ?1 ORDER BY id LIMIT 1";
	sqlite3_stmt *st = NULL;
	int v, ti, rc = SQLITE_OK;

	if (prep(rp->db, q, &st, err) != 0)
		return -1;
	for (v = AUDIT_SCHEMA + 1; v <= rp->uv && v < MAX_VERSIONS; v++) {
		int adds = 0;

		for (ti = 0; ti < audit_ntables && ti < MAX_TABLES; ti++) {
			sha256_init(&rp->marks[v].c[ti]);
			adds |= audit_version_adds(&audit_tables[ti], v);
		}
		/* a version that added no columns (say, tables of its own
		 * that are not audited) changes no entry: the replay goes
		 * back past it at once */
		if (!adds) {
			rp->marks[v].id = INT64_MAX;
			continue;
		}
		sqlite3_reset(st);
		sqlite3_bind_int(st, 1, v);
		rc = sqlite3_step(st);
		/* none: the database had no such rows nor entries then (a new
		 * one); every entry has the longer lists */
		if (rc == SQLITE_ROW)
			rp->marks[v].id = sqlite3_column_int64(st, 0);
		else if (rc != SQLITE_DONE)
			break;
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return db_sqlfail(rp->db, err, rc, "%s: replay of the audit log", rp->db->path);
	return 0;
}

/* Each schema entry against the digest of the new columns as the replay
 * found them where that version began. */
static int check_marks(struct rp *rp, sv_err *err)
{
	static const char q[] = "SELECT json_extract(after, '$.added.' || ?2) FROM audit "
		"WHERE id = ?1";
	sqlite3_stmt *st = NULL;
	unsigned char h[32];
	char hex[65];
	int v, ti, rc;

	if (prep(rp->db, q, &st, err) != 0)
		return -1;
	for (v = AUDIT_SCHEMA + 1; v <= rp->uv && v < MAX_VERSIONS; v++) {
		for (ti = 0; ti < audit_ntables && ti < MAX_TABLES; ti++) {
			const char *want;

			if (rp->marks[v].id == 0 || !audit_version_adds(&audit_tables[ti], v))
				continue;
			sha256_digest(&rp->marks[v].c[ti], SHA256_DIGEST_SIZE, h);
			audit_hex(h, 32, hex);
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, rp->marks[v].id);
			sqlite3_bind_text(st, 2, audit_tables[ti].name, -1, SQLITE_STATIC);
			rc = sqlite3_step(st);
			if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
				sqlite3_finalize(st);
				return db_sqlfail(rp->db, err, rc, "%s: replay of the audit log",
						  rp->db->path);
			}
			want = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
			if (want == NULL || strcmp(want, hex) != 0)
				found(rp, "entry %" PRId64 " (schema version %d): the %s rows that "
				      "existed then (%" PRId64 ") do not match its digest of the new "
				      "columns (a row was changed, added or removed outside svdesk)",
				      rp->marks[v].id, v, audit_tables[ti].name, rp->marks[v].n[ti]);
		}
	}
	sqlite3_finalize(st);
	return 0;
}

static void relay(void *ctx, const char *part, const char *msg)
{
	struct rp *rp = ctx;

	(void)part;
	found(rp, "%s", msg);
}

int db_check_audit(svdb *db, db_finding_fn fn, void *ctx, sv_err *err)
{
	struct rp rp;
	unsigned char last[32];
	int64_t uv = 0, last_id;
	sqlite3_stmt *st = NULL;
	int i, rc, ret = -1;

	memset(&rp, 0, sizeof rp);
	rp.db = db;
	rp.fn = fn;
	rp.ctx = ctx;
	rc = sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL);
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
		uv = sqlite3_column_int64(st, 0), rc = SQLITE_OK;
	sqlite3_finalize(st);
	if (rc != SQLITE_OK)
		return db_sqlfail(db, err, rc, "%s: cannot read the database", db->path);
	if (audit_triggers_compare(db, (int)uv, NULL, 0, relay, &rp, err) < 0)
		return -1;
	if (uv < AUDIT_SCHEMA) {
		char why[512];

		rc = uv == AUDIT_SCHEMA - 1 ? audit_v2_rows_compare(db, why, sizeof why, err) : 0;
		if (rc < 0)
			return -1;
		if (rc > 0)
			found(&rp, "%s", why);
		found(&rp, "the database is at schema version %" PRId64 ", before the chained log "
		      "(svdesk migrates it when it opens it writable)", uv);
		return rp.count;
	}
	if (audit_walk_chain(db, -1, relay, &rp, last, &last_id, err) < 0)
		return -1;
	if (uv >= MAX_VERSIONS || audit_ntables > MAX_TABLES)
		return db_errf(err, DB_E_OTHER, "%s: schema version %" PRId64 " is not known here",
			       db->path, uv);
	rp.uv = (int)uv;
	if (read_marks(&rp, err) != 0)
		return -1;
	if (prep(db, "SELECT key, type, atom FROM json_each(?1)", &rp.each, err) != 0)
		return -1;
	for (i = 0; i < audit_ntables; i++)
		if (replay_table(&rp, &audit_tables[i], err) != 0)
			goto out;
	if (check_digests(&rp, err) != 0 || check_marks(&rp, err) != 0)
		goto out;
	ret = rp.count;
out:
	sqlite3_finalize(rp.each);
	free(rp.ds.d);
	return ret;
}
