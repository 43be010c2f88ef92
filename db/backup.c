#include "config.h"

/* backup.c: whole copies of a database: svdesk backup (a checked copy of
 * the open database, written into a nameless file beside its target and
 * given its name only when complete, or sent to standard output), and a
 * new file written whole in one transaction (the demo). */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db/db_private.h"

/* ---- backup ----------------------------------------------------------------- */

/* The copy is taken whole into memory from one read snapshot (WAL: the
 * writers go on), made a rollback-journal database and checked there, then
 * written out.  svdesk's databases are small (tens of megabytes for years
 * of a force's returns); in exchange no temporary file of SQLite's (a
 * journal, a log) is ever needed beside the destination, and the copy can
 * be written into a file that has no name until it is complete. */
struct snapshot {
	unsigned char *data;
	sqlite3_int64 size;
};

static uint32_t get4(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put4(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Every page of the database from one read snapshot, as a self-contained
 * file in rollback-journal mode, checked. */
static int snapshot_take(svdb *db, struct snapshot *s, const char *dest, sv_err *err)
{
	unsigned char *h;
	sqlite3 *chk = NULL;
	sqlite3_stmt *st = NULL;
	uint32_t psize;
	int64_t nobj = 0;
	char ok[8] = "";
	int rc;

	s->data = NULL;
	rc = db_exec1(db, "BEGIN");
	if (rc == SQLITE_OK)
		rc = db_query_int(db->h, "SELECT count(*) FROM sqlite_schema", &nobj);
	if (rc == SQLITE_OK)
		s->data = sqlite3_serialize(db->h, "main", &s->size, 0);
	if (!sqlite3_get_autocommit(db->h))
		db_exec1(db, "COMMIT");
	if (rc != SQLITE_OK)
		return db_sqlfail(db, err, rc, "%s: cannot read the database", db->path);
	if (s->data == NULL || s->size < 100) {
		rc = sqlite3_errcode(db->h);
		if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
			return db_fail_text(db->h, db->path, err, rc, "backup", sqlite3_errstr(rc));
		return db_errf(err, DB_E_OTHER, "%s: cannot read the database (out of memory?)",
			       db->path);
	}
	/* The header as SQLite writes it for a rollback-journal database: file
	 * format 1 (not 2, WAL), the page count, and the change counter that
	 * says the page count is valid.  The next svdesk to open the copy
	 * makes it a WAL database again. */
	h = s->data;
	psize = h[16] << 8 | h[17];
	if (psize == 1)
		psize = 65536;
	h[18] = h[19] = 1;
	put4(h + 28, (uint32_t)(s->size / psize));
	put4(h + 92, get4(h + 24));
	/* the copy as a database of its own, read-only, from these bytes */
	rc = sqlite3_open_v2(":memory:", &chk, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_deserialize(chk, "main", s->data, s->size, s->size,
					 SQLITE_DESERIALIZE_READONLY);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(chk, "PRAGMA integrity_check", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		db_copy_text(ok, sizeof ok, sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(chk);
	if (strcmp(ok, "ok") != 0) {
		sqlite3_free(s->data);
		s->data = NULL;
		/* the pages were copied as they are: the damage is the source's */
		return db_errf(err, DB_E_DAMAGED, "%s: no copy was made: the copy failed its "
			       "integrity check, so %s is damaged: " DB_DAMAGED_TODO, dest, db->path);
	}
	return 0;
}

static int write_all(int fd, const unsigned char *p, sqlite3_int64 n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n > (1 << 20) ? (1 << 20) : (size_t)n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= w;
	}
	return 0;
}

static void sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_CLOEXEC), rc;

	if (fd >= 0) {
		rc = fsync(fd);
		(void)rc;
		close(fd);
	}
}

#define ALREADY_EXISTS "already exists; a backup never overwrites a file (choose a new name)"

/* A backup killed midway by an svdesk that wrote its copy under a name
 * (DEST.svdesk-tmp-XXXXXX beside its target, or TMPDIR/svdesk-backup.
 * svdesk-tmp-XXXXXX for standard output, holding an flock on it while it
 * ran) left that file behind.  Every backup removes such files of its
 * folder that are ours, untouched for a minute (not one just made, not yet
 * locked) and that no running backup holds.  (This svdesk names its copy
 * only where the file system has no nameless files, see below.) */
#define BACKUP_TAG ".svdesk-tmp-"
#define BACKUP_STALE_SECONDS 60

static void backup_clean_stale(const char *dir)
{
	size_t taglen = strlen(BACKUP_TAG);
	struct dirent *de;
	DIR *d = opendir(dir);
	int dfd;

	if (d == NULL)
		return;
	dfd = dirfd(d);
	while ((de = readdir(d)) != NULL) {
		const char *tag = strstr(de->d_name, BACKUP_TAG);
		struct stat st;
		int fd;

		if (tag == NULL || strlen(tag) != taglen + 6 || tag == de->d_name)
			continue;
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !S_ISREG(st.st_mode) || st.st_uid != geteuid() ||
		    time(NULL) - st.st_mtime < BACKUP_STALE_SECONDS)
			continue;
		fd = openat(dfd, de->d_name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
		if (fd < 0)
			continue;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			unlinkat(dfd, de->d_name, 0);   /* its backup died */
		close(fd);
	}
	closedir(d);
}

/* Write the copy to dest, in the folder dir, never over an existing file:
 * into a file without a name (O_TMPFILE), named dest once written and
 * synced, so that a backup killed at any moment leaves nothing behind;
 * where the file system has no such files, into DEST.svdesk-tmp-XXXXXX,
 * linked to dest (which a later backup removes if this one dies). */
static int write_copy(const struct snapshot *s, const char *dest, const char *dir, sv_err *err)
{
	char tmp[4096], proc[64];
	int fd, named = 0, rc = -1;

#ifdef O_TMPFILE
	fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
#else
	fd = -1;
	errno = EOPNOTSUPP;
#endif
	if (fd < 0 && errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
		return db_errf(err, DB_E_IO, "%s: cannot write the copy: %s", dest,
			       sv_errno_text(errno));
	if (fd < 0) {
		named = 1;
		if ((size_t)snprintf(tmp, sizeof tmp, "%s" BACKUP_TAG "XXXXXX", dest) >= sizeof tmp)
			return db_errf(err, DB_E_OTHER, "%s: file name too long", dest);
		fd = mkstemp(tmp);
		if (fd < 0)
			return db_errf(err, DB_E_IO, "%s: cannot create a temporary file: %s",
				       dest, sv_errno_text(errno));
		/* held until the end: a later backup leaves this file alone */
		if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
			db_errf(err, DB_E_OTHER, "%s: %s", tmp, strerror(errno));
			goto out;
		}
	}
	if (fchmod(fd, 0600) != 0 || write_all(fd, s->data, s->size) != 0 || fsync(fd) != 0) {
		/* the reason first (the disk is full, the file size limit): the
		 * copy's name says what was being written */
		db_errf(err, DB_E_IO, "%s: %s", dest, sv_errno_text(errno));
		goto out;
	}
	if (named)
		rc = link(tmp, dest);
	else {
		snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
		rc = linkat(AT_FDCWD, proc, AT_FDCWD, dest, AT_SYMLINK_FOLLOW);
	}
	if (rc != 0) {
		rc = -1;
		if (errno == EEXIST)
			db_errf(err, DB_E_OTHER, "%s: " ALREADY_EXISTS, dest);
		else
			db_errf(err, DB_E_IO, "%s: cannot name the copy: %s", dest,
				sv_errno_text(errno));
		goto out;
	}
	sync_dir(dir);
out:
	if (named)
		unlink(tmp);
	close(fd);
	return rc;
}

static int write_stdout(const struct snapshot *s, sv_err *err)
{
	if (write_all(STDOUT_FILENO, s->data, s->size) != 0)
		return db_errf(err, DB_E_IO, "<stdout>: cannot write the backup: %s",
			       sv_errno_text(errno));
	return 0;
}

int db_backup(svdb *db, const char *dest, sv_err *err)
{
	const char *tmpdir = getenv("TMPDIR");
	int to_stdout = strcmp(dest, "-") == 0;
	struct snapshot s;
	char dir[4096];
	struct stat st;
	int rc;

	if (!sqlite3_get_autocommit(db->h))
		return db_errf(err, DB_E_OTHER, "%s: cannot back up inside a transaction", db->path);
	if (to_stdout) {
		if (tmpdir == NULL || *tmpdir == '\0')
			tmpdir = P_tmpdir;
		backup_clean_stale(tmpdir);
	} else {
		const char *slash = strrchr(dest, '/');
		int e;

		if (lstat(dest, &st) == 0)
			return db_errf(err, DB_E_OTHER, "%s: " ALREADY_EXISTS, dest);
		e = errno;
		if ((e == ENOENT || e == ENOTDIR) && db_missing_folder(dest, dir, sizeof dir))
			return db_errf(err, DB_E_OTHER, "%s: cannot write the copy: the folder %s "
				       "does not exist (create it first, or check the path)", dest, dir);
		if (e != ENOENT)
			return db_errf(err, DB_E_OTHER, "%s: %s", dest, strerror(e));
		if (slash == NULL)
			strcpy(dir, ".");
		else if (snprintf(dir, sizeof dir, "%.*s", (int)(slash == dest ? 1 : slash - dest),
				  dest) >= (int)sizeof dir)
			return db_errf(err, DB_E_OTHER, "%s: file name too long", dest);
		backup_clean_stale(dir);
	}
	if (snapshot_take(db, &s, to_stdout ? "<stdout>" : dest, err) != 0)
		return -1;
	rc = to_stdout ? write_stdout(&s, err) : write_copy(&s, dest, dir, err);
	sqlite3_free(s.data);
	return rc;
}

/* ---- a new file written whole ------------------------------------------------ */

static int64_t page_count(const char *path)
{
	sqlite3 *h = NULL;
	int64_t n = -1;

	/* the first read rolls back what a crash left unfinished */
	if (sqlite3_open_v2(path, &h, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    db_query_int(h, "PRAGMA page_count", &n) != SQLITE_OK)
		n = -1;
	sqlite3_close(h);
	return n;
}

int db_file_blank(const char *path)
{
	char journal[4096];
	struct stat st;

	if (stat(path, &st) != 0)
		return errno == ENOENT;
	if (!S_ISREG(st.st_mode))
		return 0;
	if (st.st_size == 0)
		return 1;
	/* not empty: blank only when a journal beside it takes it back to
	 * nothing (a copy into it that a crash interrupted) */
	if ((size_t)snprintf(journal, sizeof journal, "%s-journal", path) >= sizeof journal ||
	    stat(journal, &st) != 0)
		return 0;
	return page_count(path) == 0;
}

int db_copy_new(svdb *src, const char *path, const char *group, sv_err *err)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	struct stat st;
	int made = 0, rc;

	if (stat(path, &st) != 0) {
		if (errno != ENOENT)
			return db_errf(err, DB_E_OTHER, "%s: %s", path, strerror(errno));
		if (db_create_file(path, group, err) != 0)
			return -1;
		made = 1;
	}
	/* SQLite's rollback journal, not WAL: the file goes from no page to
	 * the whole copy in one transaction; then WAL mode, as every svdesk
	 * database has (a crash while switching leaves the copy as it was) */
	rc = sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		db_errf(err, DB_E_OTHER, "%s: cannot write: %s", path,
			dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		goto fail;
	}
	sqlite3_busy_timeout(dst, src->busy_ms);
	/* a file found here may have been filled meanwhile (another svdesk
	 * making the same demo): never copy over a database */
	if (!made) {
		int64_t pages = -1;

		rc = db_query_int(dst, "PRAGMA page_count", &pages);
		if (rc != SQLITE_OK || pages != 0) {
			db_errf(err, DB_E_OTHER, "%s: %s", path, rc != SQLITE_OK ? sqlite3_errmsg(dst)
				: "holds a database already (made meanwhile?); nothing written");
			goto fail;
		}
	}
	b = sqlite3_backup_init(dst, "main", src->h, "main");
	if (b == NULL) {
		db_errf(err, DB_E_OTHER, "%s: cannot write: %s", path, sqlite3_errmsg(dst));
		goto fail;
	}
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc == SQLITE_DONE)
		rc = sqlite3_exec(dst, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	if (rc != SQLITE_OK && rc != SQLITE_DONE) {
		db_errf(err, DB_E_OTHER, "%s: cannot write: %s", path, sqlite3_errstr(rc));
		goto fail;
	}
	rc = sqlite3_close(dst);
	dst = NULL;
	if (rc != SQLITE_OK) {
		db_errf(err, DB_E_OTHER, "%s: cannot finish writing: %s", path, sqlite3_errstr(rc));
		goto fail;
	}
	return 0;
fail:
	sqlite3_close(dst);
	if (made)
		db_remove_created(path);
	return -1;
}
