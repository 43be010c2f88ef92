#include "config.h"

/* db.c: open, create and migrate an svdesk database; the statement cache,
 * transactions, metadata and the sv_actor()/sv_origin() SQL functions.
 * Backups and the integrity check are in backup.c. */

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db/db_private.h"
#include "svdesk/trace.h"
#include "db/migrations.h"

int db_schema_version(void)
{
	return (int)db_migration_count;
}

/* ---- errors ------------------------------------------------------------- */

/* The refusal of a file that is not ours, with what to do about it. */
#define NOT_SVDESK "not an svdesk database (check the path: svdesk never changes " \
	"a file it did not create)"

/* What to do about a damaged file: the words first, so that a narrow
 * footer still shows them. */
#define DAMAGED_ADVICE "the database is damaged: " DB_DAMAGED_TODO

static void verrf(sv_err *err, int code, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static void verrf(sv_err *err, int code, const char *fmt, va_list ap)
{
	if (err == NULL)
		return;
	err->code = code;
	sv_err_vset(err, fmt, ap);
}

int db_errf(sv_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verrf(err, code, fmt, ap);
	va_end(ap);
	return -1;
}

int db_busy_err(const char *path, sv_err *err)
{
	return db_errf(err, DB_E_BUSY,
		       "%s: the database is busy: another program holds its lock (another "
		       "svdesk, or a tool such as sqlite3); try again later", path);
}

/* Is a file size limit set (ulimit -f)?  Then a write that SQLite finds
 * short ("database or disk is full") may have met it rather than a full
 * disk. */
static int fsize_limited(void)
{
	struct rlimit rl;

	return getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY;
}

const char *db_rc_meaning(sqlite3 *h, int rc, int *code)
{
	int e = 0;

	*code = DB_E_IO;
	switch (rc & 0xff) {
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		*code = DB_E_DAMAGED;
		return DAMAGED_ADVICE;
	case SQLITE_FULL:
		/* SQLite keeps no errno for a short write */
		if (fsize_limited())
			return "the disk is full, or the file reached the file size limit of "
				"this process (ulimit -f): free some space there (or raise the "
				"limit) and try again";
		return sv_errno_text(ENOSPC);
	case SQLITE_IOERR:
		/* errno of the failing call (SQLite records it for these codes) */
		e = h != NULL ? sqlite3_system_errno(h) : 0;
		if (e == ENOSPC || e == EFBIG || e == EROFS || e == EIO
#ifdef EDQUOT
		    || e == EDQUOT
#endif
		    )
			return sv_errno_text(e);
		/* SQLite's errno may be that of a later call: with a limit set,
		 * a failed write has most likely met it */
		if ((rc == SQLITE_IOERR_WRITE || rc == SQLITE_IOERR_TRUNCATE) && fsize_limited())
			return "the file reached the file size limit of this process (ulimit "
				"-f), or the disk failed: raise the limit (or check the disk) and "
				"try again";
		return "the disk failed to read or write the database: check the disk "
			"and try again";
	default:
		*code = DB_E_OTHER;
		return NULL;
	}
}

int db_fail_text(sqlite3 *h, const char *path, sv_err *err, int rc, const char *prefix,
		 const char *sqlmsg)
{
	const char *meaning, *ctx = prefix;
	size_t n = strlen(path);
	int code;

	if ((rc & 0xff) == SQLITE_BUSY)
		return db_busy_err(path, err);
	meaning = db_rc_meaning(h, rc, &code);
	if (meaning == NULL)
		return db_errf(err, DB_E_OTHER, "%s: %s", prefix, sqlmsg);
	/* "PATH: what it means and what to do (where: SQLite's words)" */
	if (strncmp(prefix, path, n) == 0 && (prefix[n] == '\0' || prefix[n] == ':'))
		ctx = prefix[n] == '\0' ? "" : prefix + n + (prefix[n + 1] == ' ' ? 2 : 1);
	return db_errf(err, code, "%s: %s (%s%s%s)", path, meaning, ctx, *ctx ? ": " : "",
		       sqlmsg);
}

int db_sqlfail(svdb *db, sv_err *err, int rc, const char *fmt, ...)
{
	char prefix[SV_ERR_MAX / 2];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	return db_fail_text(db->h, db->path, err, rc, prefix, sqlite3_errmsg(db->h));
}

/* ---- statements ---------------------------------------------------------- */

sqlite3_stmt *db_prepare(svdb *db, const char *sql, sv_err *err)
{
	sqlite3_stmt *st = NULL;
	size_t h = (size_t)(((uintptr_t)sql >> 3) ^ ((uintptr_t)sql >> 11)) & (DB_STMT_HINTS - 1);
	int i = db->hint[h], rc;

	if (i >= db->ncache || db->cache[i].sql != sql)
		for (i = 0; i < db->ncache && db->cache[i].sql != sql; i++)
			;
	if (i < db->ncache) {
		db->hint[h] = (unsigned char)i;
		sqlite3_reset(db->cache[i].st);
		sqlite3_clear_bindings(db->cache[i].st);
		return db->cache[i].st;
	}
	rc = sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
	if (rc != SQLITE_OK) {
		db_sqlfail(db, err, rc, "%s", db->path);
		sqlite3_finalize(st);
		return NULL;
	}
	if (db->ncache == DB_STMT_CACHE) {
		/* Full (not expected): drop one that is not in use. */
		for (i = 0; i < db->ncache; i++)
			if (!sqlite3_stmt_busy(db->cache[i].st))
				break;
		if (i == db->ncache) {
			sqlite3_finalize(st);
			db_errf(err, DB_E_OTHER, "%s: too many statements in use", db->path);
			return NULL;
		}
		sqlite3_finalize(db->cache[i].st);
		db->cache[i] = db->cache[--db->ncache];
	}
	db->cache[db->ncache].sql = sql;
	db->cache[db->ncache].st = st;
	db->ncache++;
	return st;
}

void db_done(sqlite3_stmt *st)
{
	if (st != NULL)
		sqlite3_reset(st);
}

int db_stream(svdb *db, sqlite3_stmt *st, db_row_fn row, void *fn, void *ctx,
	      const char *what, sv_err *err)
{
	int rc, stop = 0;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		stop = row(st, fn, ctx);
		if (stop != 0)
			break;
	}
	db_done(st);
	if (stop != 0)
		return stop;
	if (rc != SQLITE_DONE)
		return db_sqlfail(db, err, rc, "%s: reading %s", db->path, what);
	return 0;
}

const char *db_col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

int db_col_has(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) != SQLITE_NULL;
}

int db_bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL || *s == '\0')
		return sqlite3_bind_null(st, i);
	return sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
}

int db_exec1(svdb *db, const char *sql)
{
	return sqlite3_exec(db->h, sql, NULL, NULL, NULL);
}

int db_query_int(sqlite3 *h, const char *sql, int64_t *out)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(h, sql, -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int64(st, 0);
			rc = SQLITE_OK;
		} else if (rc == SQLITE_DONE) {
			*out = 0;
			rc = SQLITE_OK;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- SQL functions ------------------------------------------------------- */

static void fn_actor(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const svdb *db = sqlite3_user_data(ctx);

	(void)argc;
	(void)argv;
	sqlite3_result_text(ctx, db->actor, -1, SQLITE_TRANSIENT);
}

static void fn_origin(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const svdb *db = sqlite3_user_data(ctx);

	(void)argc;
	(void)argv;
	sqlite3_result_text(ctx, db->origin, -1, SQLITE_TRANSIENT);
}

/* ---- open ------------------------------------------------------------------ */

/* Statement and savepoint journals in memory, not in temporary files: a
 * write of many rows in one transaction (an import, the demo) otherwise
 * writes a page to a temporary file for nearly every row.  They hold only
 * what one statement or savepoint changes. */
#define TEMP_STORE_SQL "PRAGMA temp_store = MEMORY"

static void set_name(char *dst, size_t n, const char *s, const char *dflt)
{
	db_copy_text(dst, n, (const unsigned char *)(db_blank(s) ? dflt : s));
}

int db_missing_folder(const char *path, char *dir, size_t n)
{
	const char *slash = strrchr(path, '/');
	struct stat st;
	size_t len;

	if (slash == NULL || slash == path)
		return 0;
	len = (size_t)(slash - path);
	if (len >= n)
		return 0;
	memcpy(dir, path, len);
	dir[len] = '\0';
	if (stat(dir, &st) == 0)
		return !S_ISDIR(st.st_mode);
	return errno == ENOENT || errno == ENOTDIR;
}

/* Create a new, empty database file: 0600, or 0660 owned by group. */
int db_create_file(const char *path, const char *group, sv_err *err)
{
	mode_t mode = db_blank(group) ? 0600 : 0660;
	gid_t gid = (gid_t)-1;
	int fd, e;

	if (!db_blank(group)) {
		const struct group *gr = getgrnam(group);

		if (gr == NULL)
			return db_errf(err, DB_E_OTHER,
				       "%s: cannot create the database: no such group \"%s\"",
				       path, group);
		gid = gr->gr_gid;
	}
	fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode);
	if (fd < 0) {
		char dir[4096];

		e = errno;
		if ((e == ENOENT || e == ENOTDIR) && db_missing_folder(path, dir, sizeof dir))
			return db_errf(err, DB_E_OTHER, "%s: cannot create the database: the folder "
				       "%s does not exist (create it first, or check the path)",
				       path, dir);
		return db_errf(err, DB_E_OTHER, "%s: cannot create the database: %s",
			       path, strerror(e));
	}
	if (fchmod(fd, mode) != 0 || (gid != (gid_t)-1 && fchown(fd, (uid_t)-1, gid) != 0)) {
		e = errno;
		close(fd);
		unlink(path);
		return db_errf(err, DB_E_OTHER, "%s: cannot set the mode or group of the new database: %s",
			       path, strerror(e));
	}
	if (close(fd) != 0) {
		e = errno;
		unlink(path);
		return db_errf(err, DB_E_OTHER, "%s: cannot create the database: %s", path, strerror(e));
	}
	return 0;
}

void db_remove_created(const char *path)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	char buf[4096];
	size_t i;

	for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		if ((size_t)snprintf(buf, sizeof buf, "%s%s", path, sfx[i]) < sizeof buf)
			unlink(buf);
	}
}

/* Is the folder holding path writable (WAL needs its -wal and -shm files)? */
static int dir_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	size_t len;

	if (slash == NULL)
		return access(".", W_OK) == 0;
	len = slash == path ? 1 : (size_t)(slash - path);
	if (len >= sizeof dir)
		return 0;
	memcpy(dir, path, len);
	dir[len] = '\0';
	return access(dir, W_OK) == 0;
}

/* SQLite's -wal and -shm files beside a database that this person may
 * write, but that they cannot: left by someone who may only read it (SQLite
 * makes them with the database's mode, owned by whoever opened it first,
 * and cannot remove them after a reader).  Writing would fail with "attempt
 * to write a readonly database"; say why instead, in reason. */
static int sidecar_blocked(const char *path, char *reason, size_t n)
{
	static const char *const sfx[] = { "-shm", "-wal" };
	char name[4096], who[64];
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof sfx / sizeof sfx[0]; i++) {
		const struct passwd *pw;

		if ((size_t)snprintf(name, sizeof name, "%s%s", path, sfx[i]) >= sizeof name ||
		    lstat(name, &st) != 0 || access(name, W_OK) == 0 || errno != EACCES)
			continue;
		pw = getpwuid(st.st_uid);
		if (pw != NULL)
			snprintf(who, sizeof who, "%s", pw->pw_name);
		else
			snprintf(who, sizeof who, "uid:%u", (unsigned)st.st_uid);
		if ((size_t)snprintf(reason, n, "%s belongs to %s and cannot be written here: "
				     "no change can be recorded until %s-wal and %s-shm are "
				     "removed (when no one has the database open)",
				     name, who, path, path) >= n)
			snprintf(reason, n, "the database's -wal and -shm files belong to %s and "
				 "cannot be written here: no change can be recorded until they "
				 "are removed", who);
		return 1;
	}
	return 0;
}

/* Bring the database to schema version target in one transaction, foreign
 * keys off meanwhile (SQLite's procedure for rebuilding tables) and checked
 * before COMMIT. */
int db_migrate_to(svdb *db, int target, int *from, sv_err *err)
{
	int64_t uv = 0, bad = 0;
	int rc, i, count = db_schema_version();
	char sql[64];

	rc = db_exec1(db, "PRAGMA foreign_keys = OFF");
	if (rc == SQLITE_OK)
		rc = db_exec1(db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK) {
		db_sqlfail(db, err, rc, "%s: cannot start the schema migration", db->path);
		goto fail;
	}
	/* Re-read under the write lock: another svdesk may have migrated it. */
	rc = db_query_int(db->h, "PRAGMA user_version", &uv);
	if (rc != SQLITE_OK) {
		db_sqlfail(db, err, rc, "%s", db->path);
		goto fail;
	}
	if (uv > count) {
		db_errf(err, DB_E_NEWER, "%s: database schema version %lld is newer than this "
			"svdesk supports (%d); use a newer svdesk", db->path, (long long)uv, count);
		goto fail;
	}
	*from = (int)uv;
	db->seal_from = 0;
	for (i = (int)uv; i < target; i++) {
		char *msg = NULL;

		if (audit_migrate_pre(db, i + 1, err) != 0)
			goto fail;
		rc = sqlite3_exec(db->h, db_migrations[i], NULL, NULL, &msg);
		if (rc != SQLITE_OK) {
			char what[SV_ERR_MAX / 2];

			snprintf(what, sizeof what, "%s: schema migration %d (to version %d) failed",
				 db->path, i + 1, i + 1);
			db_fail_text(db->h, db->path, err, rc, what, msg ? msg : sqlite3_errstr(rc));
			sqlite3_free(msg);
			goto fail;
		}
		if (audit_migrate_post(db, i + 1, err) != 0)
			goto fail;
	}
	rc = db_query_int(db->h, "SELECT count(*) FROM pragma_foreign_key_check", &bad);
	if (rc == SQLITE_OK && bad > 0) {
		db_errf(err, DB_E_OTHER, "%s: schema migration: %lld rows refer to missing rows; "
			"nothing was changed (run: svdesk check integrity)", db->path, (long long)bad);
		goto fail;
	}
	if (rc == SQLITE_OK) {
		snprintf(sql, sizeof sql, "PRAGMA user_version = %d", target);
		rc = db_exec1(db, sql);
	}
	if (rc == SQLITE_OK) {
		snprintf(sql, sizeof sql, "PRAGMA application_id = %d", (int)DB_APPLICATION_ID);
		rc = db_exec1(db, sql);
	}
	if (rc == SQLITE_OK && audit_seal(db, err) != 0)
		goto fail;
	if (rc == SQLITE_OK)
		rc = db_exec1(db, "COMMIT");
	if (rc != SQLITE_OK) {
		db_sqlfail(db, err, rc, "%s: cannot finish the schema migration", db->path);
		goto fail;
	}
	db_exec1(db, "PRAGMA foreign_keys = ON");
	return 0;
fail:
	if (!sqlite3_get_autocommit(db->h))
		db_exec1(db, "ROLLBACK");
	db_exec1(db, "PRAGMA foreign_keys = ON");
	db->sealing = uv >= AUDIT_SCHEMA;
	return -1;
}

/* The checks before anything is written: an svdesk database (or a new
 * one), not newer than this program. */
static int check_file(svdb *db, int64_t *uv, int *isnew, int adopt, sv_err *err)
{
	int64_t app = 0, nobj = 0, pages = 0;
	int rc;

	/* The first read lets SQLite recover what a crash left unfinished; a
	 * file whose first transaction it took back has no page at all and
	 * is as new as an empty file. */
	rc = db_query_int(db->h, "PRAGMA application_id", &app);
	if (rc == SQLITE_OK)
		rc = db_query_int(db->h, "PRAGMA user_version", uv);
	if (rc == SQLITE_OK)
		rc = db_query_int(db->h, "SELECT count(*) FROM sqlite_schema", &nobj);
	if (rc == SQLITE_OK)
		rc = db_query_int(db->h, "PRAGMA page_count", &pages);
	if (rc == SQLITE_OK && pages == 0)
		*isnew = 1;
	if ((rc & 0xff) == SQLITE_NOTADB)
		return db_errf(err, DB_E_FOREIGN, "%s: " NOT_SVDESK, db->path);
	if (db->readonly && ((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN))
		return db_errf(err, DB_E_OTHER, "%s: cannot read the database: it is read-only "
			       "here, and SQLite needs to create %s-shm in its folder to read it "
			       "(ask for write access to the folder)", db->path, db->path);
	if (rc != SQLITE_OK)
		return db_sqlfail(db, err, rc, "%s", db->path);
	if (app == 0 && nobj == 0 && !*isnew && !adopt && !db->memory)
		return db_errf(err, DB_E_FOREIGN, "%s: an empty SQLite database made by another "
			       "program, not an svdesk database: svdesk init --db %s makes it one "
			       "(check the path first)", db->path, db->path);
	if (app == 0 && nobj == 0)
		*isnew = 1;
	else if (app != DB_APPLICATION_ID)
		return db_errf(err, DB_E_FOREIGN, "%s: " NOT_SVDESK, db->path);
	if (*uv > db_schema_version())
		return db_errf(err, DB_E_NEWER, "%s: database schema version %lld is newer than "
			       "this svdesk supports (%d); use a newer svdesk",
			       db->path, (long long)*uv, db_schema_version());
	return 0;
}

static int set_wal(svdb *db, sv_err *err)
{
	int rc = db_exec1(db, "PRAGMA journal_mode = WAL");

	if (rc != SQLITE_OK)
		return db_sqlfail(db, err, rc, "%s: cannot switch to WAL mode", db->path);
	return 0;
}

static int open_core(svdb **out, const char *path, const db_open_opts *opts, int init,
		     int priv, int *created, int *migrated_from, sv_err *err)
{
	static const db_open_opts defaults = { 0, NULL, -1, NULL, NULL };
	svdb *db = NULL;
	int isnew = 0, made = 0, ro = 0, memory, rc, flags, from = 0;
	int64_t uv = 0;
	struct stat st;
	char why[sizeof db->ro_reason] = "";

	*out = NULL;
	*created = 0;
	*migrated_from = 0;
	if (opts == NULL)
		opts = &defaults;
	if (path == NULL || *path == '\0')
		return db_errf(err, DB_E_OTHER, "no database file given");
	/* priv: a new database of our own in a temporary file (SQLite's for
	 * ""), removed when closed; path only names it in messages */
	memory = priv || strcmp(path, ":memory:") == 0;
	if (!memory) {
		if (stat(path, &st) != 0) {
			char dir[4096];

			if (errno == EACCES)
				return db_errf(err, DB_E_OTHER, "%s: cannot reach the database: a "
					       "folder on its path may not be entered by you (ask "
					       "for access, or check the path)", path);
			if (errno != ENOENT && errno != ENOTDIR)
				return db_errf(err, DB_E_OTHER, "%s: %s", path, sv_errno_text(errno));
			if (db_missing_folder(path, dir, sizeof dir) && opts->create)
				return db_errf(err, DB_E_OTHER, "%s: cannot create the database: the "
					       "folder %s does not exist (create it first, or check "
					       "the path)", path, dir);
			if (db_missing_folder(path, dir, sizeof dir))
				return db_errf(err, DB_E_NOTFOUND, "%s: no such database, and its "
					       "folder %s does not exist (check the path; then create "
					       "the database with: svdesk init --db %s)", path, dir, path);
			if (!opts->create)
				return db_errf(err, DB_E_NOTFOUND, "%s: no such database "
					       "(create one with: svdesk init --db %s)", path, path);
			if (db_create_file(path, opts->group, err) != 0)
				return -1;
			made = isnew = 1;
		} else if (S_ISDIR(st.st_mode)) {
			return db_errf(err, DB_E_OTHER, "%s: is a folder, not a database", path);
		} else if (!S_ISREG(st.st_mode)) {
			/* a device, a FIFO, a socket: SQLite would make PATH-journal
			 * beside it and read or write it as if it were a file */
			return db_errf(err, DB_E_FOREIGN, "%s: not a regular file, so not a "
				       "database (check the path)", path);
		}
		/* an empty file is new: check_file tells, once SQLite has looked
		 * (it removes a journal that a crash left beside it) */
		if (access(path, R_OK) != 0 && errno == EACCES)
			return db_errf(err, DB_E_OTHER, "%s: cannot read the database: you may "
				       "not read the file (ask for read access, or check the path)",
				       path);
		ro = access(path, W_OK) != 0 || !dir_writable(path);
		if (!ro && sidecar_blocked(path, why, sizeof why))
			ro = 1;
	}

	db = calloc(1, sizeof *db);
	if (db == NULL || (db->path = strdup(path)) == NULL) {
		free(db);
		db_errf(err, DB_E_OTHER, "%s: out of memory", path);
		goto fail_nodb;
	}
	db->memory = memory;
	set_name(db->actor, sizeof db->actor, opts->actor, "unknown");
	set_name(db->origin, sizeof db->origin, opts->origin, "desk");

	flags = ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	if (memory)
		flags |= SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(priv ? "" : path, &db->h, flags, NULL);
	if (rc != SQLITE_OK) {
		if ((rc & 0xff) == SQLITE_NOTADB)
			db_errf(err, DB_E_FOREIGN, "%s: " NOT_SVDESK, path);
		else
			db_errf(err, DB_E_OTHER, "%s: cannot open: %s", path,
				db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	db->busy_ms = opts->busy_timeout_ms >= 0 ? opts->busy_timeout_ms : 5000;
	sqlite3_busy_timeout(db->h, db->busy_ms);
	if (!ro && sqlite3_db_readonly(db->h, "main") == 1)
		ro = 1;
	db->readonly = ro;

	if (check_file(db, &uv, &isnew, init, err) != 0)
		goto fail;
	if (isnew && !made && !opts->create && !memory) {
		db_errf(err, DB_E_NOTFOUND, "%s: empty file, not yet a database (create one with: "
			"svdesk init --db %s)", path, path);
		goto fail;
	}

	/* Only now may anything change.  The schema's triggers and CHECKs use
	 * the JSON functions, which SQLite 3.40 does not mark innocuous: the
	 * schema must be trusted whatever the library's compiled default
	 * (the file has already been checked to be an svdesk database). */
	if ((rc = db_exec1(db, "PRAGMA foreign_keys = ON")) != SQLITE_OK ||
	    (rc = db_exec1(db, "PRAGMA trusted_schema = ON")) != SQLITE_OK ||
	    (rc = db_exec1(db, TEMP_STORE_SQL)) != SQLITE_OK) {
		db_sqlfail(db, err, rc, "%s", path);
		goto fail;
	}
	/* A new file gets its schema first, in one transaction of SQLite's
	 * rollback journal, and only then WAL mode: switching an empty file
	 * to WAL writes a first page at once, and a crash before the schema
	 * would leave an empty SQLite database, which svdesk must refuse as
	 * another program's.  This way a crash leaves the file empty (new) or
	 * an svdesk database. */
	if (!ro && !memory && !isnew && set_wal(db, err) != 0)
		goto fail;
	if (ro && (rc = db_exec1(db, "PRAGMA query_only = ON")) != SQLITE_OK) {
		db_sqlfail(db, err, rc, "%s", path);
		goto fail;
	}
	if (sqlite3_create_function_v2(db->h, "sv_actor", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				       db, fn_actor, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(db->h, "sv_origin", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				       db, fn_origin, NULL, NULL, NULL) != SQLITE_OK ||
	    audit_register(db) != 0) {
		db_sqlfail(db, err, SQLITE_ERROR, "%s: cannot register SQL functions", path);
		goto fail;
	}
	db->sealing = uv >= AUDIT_SCHEMA;
	/* Before any migration (which would recreate them): the triggers must
	 * be those this svdesk makes for the file's version, else READ-ONLY.
	 * (A new database gets this svdesk's triggers from its migrations.) */
	db->triggers_ok = 1;
	if (!isnew && !memory) {
		rc = audit_triggers_compare(db, (int)uv, db->ro_reason, sizeof db->ro_reason,
					    NULL, NULL, err);
		if (rc > 0)
			db->triggers_ok = 0;
		if (rc == 0 && uv == AUDIT_SCHEMA - 1)
			rc = audit_v2_rows_compare(db, db->ro_reason, sizeof db->ro_reason, err);
		if (rc < 0)
			goto fail;
		if (rc > 0) {
			ro = db->readonly = 1;
			if ((rc = db_exec1(db, "PRAGMA query_only = ON")) != SQLITE_OK) {
				db_sqlfail(db, err, rc, "%s", path);
				goto fail;
			}
		}
	}
	if (why[0] != '\0' && db->ro_reason[0] == '\0')
		memcpy(db->ro_reason, why, sizeof db->ro_reason);
	if (uv < db_schema_version() && db->ro_reason[0] == '\0') {
		if (ro) {
			db_errf(err, DB_E_OTHER, "%s: the database (schema version %lld) needs an "
				"upgrade to version %d, but it is read-only here", path,
				(long long)uv, db_schema_version());
			goto fail;
		}
		if (db_migrate_to(db, db_schema_version(), &from, err) != 0)
			goto fail;
		db->sealing = db_schema_version() >= AUDIT_SCHEMA;
	}
	if (!ro && !memory && isnew && set_wal(db, err) != 0)
		goto fail;
	*created = isnew;
	*migrated_from = isnew ? 0 : from;
	*out = db;
	return 0;

fail:
	db_close(&db);
fail_nodb:
	if (made)
		db_remove_created(path);
	if (err != NULL && err->code == 0)
		err->code = DB_E_OTHER;
	return -1;
}

/* A private database in memory at schema version `version`, made by this
 * svdesk's migrations: what a file of that version should hold. */
int db_open_scratch(svdb **out, int version, sv_err *err)
{
	svdb *db = calloc(1, sizeof *db);
	int from = 0;

	*out = NULL;
	if (db == NULL || (db->path = strdup(":memory:")) == NULL) {
		free(db);
		return db_errf(err, DB_E_OTHER, "out of memory");
	}
	db->memory = 1;
	set_name(db->actor, sizeof db->actor, NULL, "svdesk");
	set_name(db->origin, sizeof db->origin, NULL, "desk");
	if (sqlite3_open_v2(":memory:", &db->h, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
			    NULL) != SQLITE_OK ||
	    db_exec1(db, "PRAGMA trusted_schema = ON") != SQLITE_OK ||
	    sqlite3_create_function_v2(db->h, "sv_actor", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				       db, fn_actor, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(db->h, "sv_origin", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS,
				       db, fn_origin, NULL, NULL, NULL) != SQLITE_OK ||
	    audit_register(db) != 0) {
		db_errf(err, DB_E_OTHER, "cannot make a database in memory");
		db_close(&db);
		return -1;
	}
	if (version > 0 && db_migrate_to(db, version, &from, err) != 0) {
		db_close(&db);
		return -1;
	}
	*out = db;
	return 0;
}

int db_open(svdb **out, const char *path, const db_open_opts *opts, sv_err *err)
{
	int created, from;

	if (err != NULL)
		err->code = 0;
	return open_core(out, path, opts, 0, 0, &created, &from, err);
}

int db_open_private(svdb **out, const char *label, const db_open_opts *opts, sv_err *err)
{
	int created, from;

	if (err != NULL)
		err->code = 0;
	return open_core(out, label, opts, 0, 1, &created, &from, err);
}

int db_init(const char *path, const db_open_opts *opts, int *created,
	    int *migrated_from, sv_err *err)
{
	db_open_opts o = { 0, NULL, -1, NULL, NULL };
	svdb *db = NULL;
	int c = 0, from = 0;

	if (opts != NULL)
		o = *opts;
	o.create = 1;
	if (err != NULL)
		err->code = 0;
	if (open_core(&db, path, &o, 1, 0, &c, &from, err) != 0)
		return -1;
	if (db->ro_reason[0] != '\0') {
		int64_t uv = 0;

		db_query_int(db->h, "PRAGMA user_version", &uv);
		if (uv < db_schema_version()) {
			db_errf(err, DB_E_OTHER, "%s: not upgraded to schema version %d: %s",
				path, db_schema_version(), db->ro_reason);
			db_close(&db);
			return -1;
		}
	}
	if (created != NULL)
		*created = c;
	if (migrated_from != NULL)
		*migrated_from = from;
	db_close(&db);
	return 0;
}

void db_close(svdb **pdb)
{
	svdb *db;
	int i;

	if (pdb == NULL || *pdb == NULL)
		return;
	db = *pdb;
	db_import_abort(db);     /* a session left open: its transaction rolls back */
	for (i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	if (db->h != NULL)
		sqlite3_close_v2(db->h);
	free(db->path);
	free(db);
	*pdb = NULL;
}

int db_readonly(const svdb *db)
{
	return db->readonly;
}

const char *db_readonly_reason(const svdb *db)
{
	return db->ro_reason;
}

int db_audit_triggers_ok(const svdb *db)
{
	return db->triggers_ok;
}

const char *db_path(const svdb *db)
{
	return db->path;
}

void db_set_origin(svdb *db, const char *origin)
{
	set_name(db->origin, sizeof db->origin, origin, "desk");
}

int db_exec_script(svdb *db, const char *sql, sv_err *err)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		db_fail_text(db->h, db->path, err, rc, db->path, msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

/* ---- transactions ---------------------------------------------------------- */

static int refuse_readonly(svdb *db, sv_err *err)
{
	if (db->ro_reason[0] != '\0')
		return db_errf(err, DB_E_OTHER, "%s: opened READ-ONLY: %s; nothing was changed",
			       db->path, db->ro_reason);
	return db_errf(err, DB_E_OTHER, "%s: the database is read-only here; nothing was changed",
		       db->path);
}

int db_begin(svdb *db, sv_err *err)
{
	int rc;

	if (db->readonly)
		return refuse_readonly(db, err);
	if (!sqlite3_get_autocommit(db->h))
		return db_errf(err, DB_E_OTHER, "%s: a transaction is already open", db->path);
	rc = db_exec1(db, "BEGIN IMMEDIATE");
	if (rc != SQLITE_OK)
		return db_sqlfail(db, err, rc, "%s: cannot start a transaction", db->path);
	if (audit_txn_begin(db, err) != 0) {
		db_exec1(db, "ROLLBACK");
		return -1;
	}
	return 0;
}

int db_commit(svdb *db, sv_err *err)
{
	long long start;
	int rc;

	if (sqlite3_get_autocommit(db->h))
		return db_errf(err, DB_E_OTHER, "%s: no transaction is open", db->path);
	if (db->import_id > 0)
		return db_errf(err, DB_E_OTHER, "%s: an import is still under way (end it first)",
			       db->path);
	if (audit_seal(db, err) != 0)
		return -1;
	start = trace_on() ? trace_clock() : 0;
	rc = db_exec1(db, "COMMIT");
	if (rc != SQLITE_OK)
		return db_sqlfail(db, err, rc, "%s: cannot commit", db->path);
	if (start != 0)
		trace_span("commit", start);
	return 0;
}

void db_rollback(svdb *db)
{
	if (db != NULL && !sqlite3_get_autocommit(db->h))
		db_exec1(db, "ROLLBACK");
}

/* A savepoint statement, prepared once (a write of many records in one
 * transaction runs these for every record). */
static int step_static(svdb *db, const char *sql)
{
	sqlite3_stmt *st = db_prepare(db, sql, NULL);
	int rc;

	if (st == NULL)
		return db_exec1(db, sql);
	rc = sqlite3_step(st);
	db_done(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

static const char q_savepoint[] = "SAVEPOINT sv_write";
static const char q_release[] = "RELEASE sv_write";
static const char q_rollback_to[] = "ROLLBACK TO sv_write";

int db_wbegin(svdb *db, sv_err *err)
{
	int rc;

	if (db->readonly)
		return refuse_readonly(db, err);
	if (sqlite3_get_autocommit(db->h)) {
		rc = db_exec1(db, "BEGIN IMMEDIATE");
		if (rc != SQLITE_OK)
			return db_sqlfail(db, err, rc, "%s: cannot start a transaction", db->path);
		if (audit_txn_begin(db, err) != 0) {
			db_exec1(db, "ROLLBACK");
			return -1;
		}
		return 1;
	}
	rc = step_static(db, q_savepoint);
	if (rc != SQLITE_OK)
		return db_sqlfail(db, err, rc, "%s", db->path);
	return 0;
}

int db_wend(svdb *db, int mode, int rc, sv_err *err)
{
	int r;

	if (rc == 0 && mode == 1 && audit_seal(db, err) != 0)
		rc = -1;
	if (rc == 0) {
		long long start = mode == 1 && trace_on() ? trace_clock() : 0;

		r = mode == 1 ? db_exec1(db, "COMMIT") : step_static(db, q_release);
		if (r == SQLITE_OK && start != 0)
			trace_span("commit", start);
		if (r == SQLITE_OK)
			return 0;
		db_sqlfail(db, err, r, "%s: cannot commit", db->path);
		rc = -1;
	}
	if (sqlite3_get_autocommit(db->h))
		return rc;          /* SQLite already rolled the transaction back */
	if (mode == 1) {
		db_exec1(db, "ROLLBACK");
	} else {
		step_static(db, q_rollback_to);
		step_static(db, q_release);
		audit_session_resync(db);
	}
	return rc;
}
