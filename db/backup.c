#include "config.h"

/* backup.c: svdesk backup (a checked copy of the open database, written
 * beside its target and put in place whole, or sent to standard output)
 * and the integrity check of the database file. */

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "db/db_private.h"

/* ---- backup ----------------------------------------------------------------- */

static int fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;

	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Copy every page of the open database into the (empty) file tmp, from one
 * read snapshot; leave the copy in rollback-journal mode and checked. */
static int backup_pages(svdb *db, const char *tmp, const char *dest, sv_err *err)
{
	sqlite3 *dst = NULL;
	sqlite3_backup *b;
	int64_t n = 0;
	int rc, waited = 0, ret = -1;
	char ok[8] = "";

	rc = sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL);
	if (rc != SQLITE_OK) {
		db_fail_text(dst, dest, err, rc, dest, dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
		sv_err_prefix(err, "cannot write the copy");
		goto out;
	}
	/* One snapshot of the source for the whole copy (WAL: writers go on). */
	rc = db_exec1(db, "BEGIN");
	if (rc == SQLITE_OK)
		rc = db_query_int(db->h, "SELECT count(*) FROM sqlite_schema", &n);
	if (rc != SQLITE_OK) {
		db_sqlfail(db, err, rc, "%s: cannot read the database", db->path);
		goto out;
	}
	b = sqlite3_backup_init(dst, "main", db->h, "main");
	if (b == NULL) {
		db_errf(err, DB_E_OTHER, "%s: cannot start the backup: %s", dest, sqlite3_errmsg(dst));
		goto out;
	}
	do {
		rc = sqlite3_backup_step(b, 256);
		if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
			if (waited >= db->busy_ms)
				break;
			sqlite3_sleep(25);
			waited += 25;
		}
	} while (rc == SQLITE_OK || (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
			db_busy_err(db->path, err);
		else if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
			db_fail_text(db->h, db->path, err, rc, "backup", sqlite3_errstr(rc));
		else
			db_fail_text(dst, dest, err, rc, "the backup failed", sqlite3_errstr(rc));
		goto out;
	}
	rc = sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_stmt *st = NULL;

		rc = sqlite3_prepare_v2(dst, "PRAGMA integrity_check", -1, &st, NULL);
		if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
			db_copy_text(ok, sizeof ok, sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	if (rc != SQLITE_OK) {
		db_fail_text(dst, dest, err, rc, "finishing the copy", sqlite3_errmsg(dst));
		goto out;
	}
	if (strcmp(ok, "ok") != 0) {
		/* the pages were copied as they are: the damage is the source's */
		db_errf(err, DB_E_DAMAGED, "%s: no copy was made: the copy failed its integrity "
			"check, so %s is damaged: " DB_DAMAGED_TODO, dest, db->path);
		goto out;
	}
	ret = 0;
out:
	if (!sqlite3_get_autocommit(db->h))
		db_exec1(db, "COMMIT");
	if (dst != NULL && sqlite3_close(dst) != SQLITE_OK && ret == 0)
		ret = db_errf(err, DB_E_OTHER, "%s: cannot finish the copy", dest);
	return ret;
}

static int copy_to_stdout(const char *tmp, sv_err *err)
{
	char buf[65536];
	FILE *f = fopen(tmp, "rb");
	size_t n;
	int bad = 0;

	if (f == NULL)
		return db_errf(err, DB_E_OTHER, "%s: %s", tmp, strerror(errno));
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (fwrite(buf, 1, n, stdout) != n) {
			bad = 1;
			break;
		}
	if (ferror(f))
		bad = 1;
	fclose(f);
	if (fflush(stdout) != 0 || bad)
		return db_errf(err, DB_E_IO, "<stdout>: cannot write the backup: %s",
			       sv_errno_text(errno));
	return 0;
}

/* Put the finished copy at dest, never over an existing file. */
static int install(const char *tmp, const char *dest, sv_err *err)
{
	struct stat st;

	if (link(tmp, dest) == 0)
		return unlink(tmp), 0;
	if (errno == EEXIST)
		return db_errf(err, DB_E_OTHER, "%s: already exists; a backup never "
			       "overwrites a file (choose a new name)", dest);
	/* a file system without hard links */
	if (lstat(dest, &st) == 0)
		return db_errf(err, DB_E_OTHER, "%s: already exists; a backup never "
			       "overwrites a file (choose a new name)", dest);
	if (rename(tmp, dest) != 0)
		return db_errf(err, DB_E_OTHER, "%s: %s", dest, strerror(errno));
	return 0;
}

static void sync_dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	size_t len = slash == NULL ? 0 : slash == path ? 1 : (size_t)(slash - path);

	if (len >= sizeof dir)
		return;
	if (len == 0)
		strcpy(dir, ".");
	else {
		memcpy(dir, path, len);
		dir[len] = '\0';
	}
	fsync_path(dir);
}

/* A backup is written into DEST.svdesk-tmp-XXXXXX beside its target (or
 * TMPDIR/svdesk-backup.svdesk-tmp-XXXXXX for standard output) and holds an
 * flock on it while it runs.  A backup killed midway leaves its file
 * behind; the next backup into that folder removes every such file that
 * is ours, untouched for a minute (not one just made, not yet locked) and
 * that no running backup holds. */
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

int db_backup(svdb *db, const char *dest, sv_err *err)
{
	const char *tmpdir = getenv("TMPDIR");
	int to_stdout = strcmp(dest, "-") == 0;
	char tmp[4096], dir[4096];
	struct stat st;
	int fd, n, rc = -1;

	if (!sqlite3_get_autocommit(db->h))
		return db_errf(err, DB_E_OTHER, "%s: cannot back up inside a transaction", db->path);
	if (to_stdout) {
		if (tmpdir == NULL || *tmpdir == '\0')
			tmpdir = P_tmpdir;
		n = snprintf(tmp, sizeof tmp, "%s/svdesk-backup" BACKUP_TAG "XXXXXX", tmpdir);
		backup_clean_stale(tmpdir);
	} else {
		int e;

		if (lstat(dest, &st) == 0)
			return db_errf(err, DB_E_OTHER, "%s: already exists; a backup never "
				       "overwrites a file (choose a new name)", dest);
		e = errno;
		if ((e == ENOENT || e == ENOTDIR) && db_missing_folder(dest, dir, sizeof dir))
			return db_errf(err, DB_E_OTHER, "%s: cannot write the copy: the folder %s "
				       "does not exist (create it first, or check the path)", dest, dir);
		if (e != ENOENT)
			return db_errf(err, DB_E_OTHER, "%s: %s", dest, strerror(e));
		n = snprintf(tmp, sizeof tmp, "%s" BACKUP_TAG "XXXXXX", dest);
		if (n > 0 && (size_t)n < sizeof tmp) {
			const char *slash = strrchr(dest, '/');

			if (slash == NULL)
				backup_clean_stale(".");
			else if (snprintf(dir, sizeof dir, "%.*s", (int)(slash == dest ? 1 : slash - dest),
					  dest) < (int)sizeof dir)
				backup_clean_stale(dir);
		}
	}
	if (n < 0 || (size_t)n >= sizeof tmp)
		return db_errf(err, DB_E_OTHER, "%s: file name too long", dest);
	fd = mkstemp(tmp);
	if (fd < 0)
		return db_errf(err, DB_E_IO, "%s: cannot create a temporary file: %s",
			       to_stdout ? tmp : dest, sv_errno_text(errno));
	/* held until the end: a later backup leaves this file alone */
	if (fchmod(fd, 0600) != 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) {
		db_errf(err, DB_E_OTHER, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (backup_pages(db, tmp, to_stdout ? "<stdout>" : dest, err) != 0)
		goto out;
	if (to_stdout) {
		rc = copy_to_stdout(tmp, err);
		goto out;
	}
	if (fsync_path(tmp) != 0) {
		db_errf(err, DB_E_IO, "%s: cannot sync the copy: %s", dest, sv_errno_text(errno));
		goto out;
	}
	if (install(tmp, dest, err) != 0)
		goto out;
	sync_dir_of(dest);
	rc = 0;
out:
	unlink(tmp);
	close(fd);
	return rc;
}
