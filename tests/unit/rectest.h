/* rectest.h: what the tests of the register's records share (include after
 * <cmocka.h>, svdesk/record.h and tests/unit/dbtest.h): files of their own,
 * records as cells, saves that must pass or be refused at a field, and the
 * audit and integrity checks. */
#ifndef SVDESK_RECTEST_H
#define SVDESK_RECTEST_H

#include <unistd.h>

static sv_err err_;         /* the error of a call the test expects to work */

/* ---- helpers ------------------------------------------------------------- */

struct found {
	int n;
	char text[8192];
};

static inline void collect(void *ctx, const char *part, const char *msg)
{
	struct found *f = ctx;
	size_t len = strlen(f->text);

	f->n++;
	snprintf(f->text + len, sizeof f->text - len, "%s: %s\n", part, msg);
}

/* svdesk check audit and integrity (the year totals among it) find nothing. */
static inline void assert_clean(svdb *db)
{
	static struct found f;
	sv_err e;

	memset(&f, 0, sizeof f);
	memset(&e, 0, sizeof e);
	if (db_check_audit(db, collect, &f, &e) < 0)
		fail_msg("db_check_audit failed: %s", e.msg);
	if (db_check_integrity(db, collect, &f, &e) < 0)
		fail_msg("db_check_integrity failed: %s", e.msg);
	if (f.n != 0)
		fail_msg("the checks found:\n%s", f.text);
}

static inline void rm_db(const char *path)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	char buf[512];

	for (size_t i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		snprintf(buf, sizeof buf, "%s%s", path, sfx[i]);
		unlink(buf);
	}
}

static inline svdb *open_file(const char *path, int create, const char *actor)
{
	db_open_opts o = { create, NULL, 5000, actor, "desk" };
	svdb *db = NULL;
	sv_err e;

	memset(&e, 0, sizeof e);
	if (db_open(&db, path, &o, &e) != 0)
		fail_msg("open %s failed: %s", path, e.msg);
	return db;
}

/* The faults a save gave, one "field: message" a line. */
struct faults {
	int n;
	int field[32];
	char text[8192];
};

static inline void on_fault(void *ctx, int field, const char *msg)
{
	struct faults *f = ctx;
	size_t len = strlen(f->text);

	if (f->n < 32)
		f->field[f->n] = field;
	f->n++;
	snprintf(f->text + len, sizeof f->text - len, "%d: %s\n", field, msg);
}

/* A record as cells (the test's own, not malloc'd). */
struct rec {
	enum rec_kind k;
	const char *cells[REC_FIELDS_MAX];
};

static inline void rec_set(struct rec *r, const char *name, const char *value)
{
	int i = rec_field_find(r->k, name);

	if (i < 0)
		fail_msg("no field %s", name);
	r->cells[i] = value;
}

static inline int64_t save_ok(svdb *db, struct rec *r, int64_t id, int64_t seen)
{
	struct faults f;
	int64_t got = 0;
	sv_err e;

	memset(&f, 0, sizeof f);
	memset(&e, 0, sizeof e);
	if (rec_save(db, r->k, id, seen, r->cells, on_fault, &f, &got, &e) != 0)
		fail_msg("save refused: %s\n%s", e.msg, f.text);
	assert_true(got > 0);
	return got;
}

/* The save must be refused with a fault at field holding want. */
static inline void save_refused(svdb *db, struct rec *r, int64_t id, int64_t seen, int field,
			 const char *want)
{
	struct faults f;
	int64_t got = 0;
	sv_err e;

	memset(&f, 0, sizeof f);
	memset(&e, 0, sizeof e);
	if (rec_save(db, r->k, id, seen, r->cells, on_fault, &f, &got, &e) == 0)
		fail_msg("the save should have been refused (%s)", want);
	assert_int_equal(e.code, DB_E_OTHER);
	assert_true(strncmp(e.msg, "not saved: ", 11) == 0);
	for (int i = 0; i < f.n && i < 32; i++)
		if (f.field[i] == field && strstr(f.text, want) != NULL)
			return;
	fail_msg("no fault at field %d with \"%s\":\n%s", field, want, f.text);
}

static inline int64_t version_of(svdb *db, enum rec_kind k, int64_t id)
{
	int64_t v = -1;

	MUST(rec_version(db, k, id, &v, &e_));
	return v;
}

/* A contract of the usual shape. */
static inline void contract_rec(struct rec *r, const char *ref, const char *supplier, const char *body)
{
	memset(r, 0, sizeof *r);
	r->k = REC_CONTRACT;
	rec_set(r, "ref", ref);
	rec_set(r, "title", "Cleaning of the stations");
	rec_set(r, "supplier", supplier);
	rec_set(r, "body", body);
	rec_set(r, "value", "123456.00");
	rec_set(r, "start", "2025-04-01");
	rec_set(r, "end", "2027-03-31");
	rec_set(r, "sv_weight", "10");
	rec_set(r, "status", "active");
}

/* A file with the catalogue and contracts C-1 (WMP) and Q-1 (OPCC), opened
 * as alice (and bob on *bob when asked). */
struct fx {
	char path[64];
	svdb *db, *bob;
	int64_t c1, q1;
};

static inline void fx_open(struct fx *x, const char *name, int with_bob)
{
	struct rec r;

	memset(x, 0, sizeof *x);
	snprintf(x->path, sizeof x->path, "test_record_%s_%ld.db", name, (long)getpid());
	rm_db(x->path);
	x->db = open_file(x->path, 1, "alice");
	contract_rec(&r, "C-1", "Acme Ltd", "WMP");
	x->c1 = save_ok(x->db, &r, 0, 0);
	contract_rec(&r, "Q-1", "Acme Ltd", "OPCC");
	x->q1 = save_ok(x->db, &r, 0, 0);
	if (with_bob)
		x->bob = open_file(x->path, 0, "bob");
}

static inline void fx_close(struct fx *x)
{
	db_close(&x->db);
	db_close(&x->bob);
	rm_db(x->path);
}

#endif
