/* outfile.c: write a file whole or not at all (see outfile.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "svdesk/outfile.h"

int outfile_is_stdout(const char *path)
{
	return path == NULL || strcmp(path, "-") == 0;
}

const char *outfile_name(const outfile *o)
{
	return o->is_stdout ? "<stdout>" : o->path;
}

/* ---- no litter when a signal ends the program ---------------------------------
 *
 * While a temporary file exists, SIGINT, SIGTERM, SIGHUP and SIGPIPE remove
 * it (unlink is async-signal-safe) and then end the program as the signal
 * would have.  Signals ignored at start (nohup) stay ignored.  One file at a
 * time: svdesk writes its files one after the other. */

static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGPIPE };
#define N_CLEANUP (sizeof cleanup_signals / sizeof cleanup_signals[0])
static char pending_tmp[PATH_MAX];
static volatile sig_atomic_t pending_set;
static struct sigaction saved[N_CLEANUP];
static int handlers_on;

static void on_signal(int sig)
{
	if (pending_set)
		unlink(pending_tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void guard_on(const char *tmp)
{
	struct sigaction sa;

	if (strlen(tmp) >= sizeof pending_tmp)
		return;
	memcpy(pending_tmp, tmp, strlen(tmp) + 1);
	pending_set = 1;
	if (handlers_on)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < N_CLEANUP; i++) {
		sigaction(cleanup_signals[i], NULL, &saved[i]);
		if (saved[i].sa_handler != SIG_IGN)
			sigaction(cleanup_signals[i], &sa, NULL);
	}
	handlers_on = 1;
}

static void guard_off(void)
{
	pending_set = 0;
	if (!handlers_on)
		return;
	for (size_t i = 0; i < N_CLEANUP; i++)
		sigaction(cleanup_signals[i], &saved[i], NULL);
	handlers_on = 0;
}

static void clear(outfile *o)
{
	if (o->tmp != NULL)
		guard_off();
	free(o->path);
	free(o->tmp);
	memset(o, 0, sizeof *o);
}

/* The folder part of path, for messages. */
static void folder_of(const char *path, char *buf, size_t n)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		snprintf(buf, n, ".");
	else if (slash == path)
		snprintf(buf, n, "/");
	else
		snprintf(buf, n, "%.*s", (int)(slash - path), path);
}

static int open_file(outfile *o, const char *path, int made, sv_err *err)
{
	struct stat st;
	mode_t mode, mask;
	int fd, exists;
	char dir[PATH_MAX];

	memset(o, 0, sizeof *o);
	if (outfile_is_stdout(path) && !made) {
		o->f = stdout;
		o->is_stdout = 1;
		return 0;
	}
	if (made) {
		o->path = strdup(path);
		if (o->path == NULL)
			return sv_err_set(err, "%s: out of memory", path);
		exists = lstat(path, &st) == 0;
		if (exists && S_ISLNK(st.st_mode)) {
			exists = 0;          /* the link itself is replaced */
		} else if (exists && !S_ISREG(st.st_mode)) {
			sv_err_set(err, "%s: not a regular file; move it out of the way", path);
			clear(o);
			return -1;
		}
	} else if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
		char *real = realpath(path, NULL);

		/* a live link is followed; a dangling one is replaced */
		o->path = real != NULL ? real : strdup(path);
	} else {
		o->path = strdup(path);
	}
	if (!made && o->path == NULL) {
		clear(o);
		return sv_err_set(err, "%s: out of memory", path);
	}
	if (!made)
		exists = stat(o->path, &st) == 0;
	if (exists && S_ISDIR(st.st_mode)) {
		sv_err_set(err, "%s: is a folder; name a file to write", path);
		clear(o);
		return -1;
	}
	if (exists && !S_ISREG(st.st_mode)) {
		o->f = fopen(o->path, "w");
		if (o->f == NULL) {
			sv_err_set(err, "%s: cannot write: %s", path, strerror(errno));
			clear(o);
			return -1;
		}
		o->direct = 1;
		return 0;
	}
	/* A file the person may not write is not replaced behind its back. */
	if (exists && access(o->path, W_OK) != 0) {
		sv_err_set(err, "%s: cannot write: %s", path, strerror(errno));
		clear(o);
		return -1;
	}
	mask = umask(0);
	umask(mask);
	mode = exists ? (st.st_mode & 07777) : (0666 & ~mask);
	o->tmp = malloc(strlen(o->path) + 16);
	if (o->tmp == NULL) {
		clear(o);
		return sv_err_set(err, "%s: out of memory", path);
	}
	sprintf(o->tmp, "%s.tmp-XXXXXX", o->path);
	fd = mkstemp(o->tmp);
	if (fd >= 0)
		guard_on(o->tmp);
	if (fd < 0) {
		int e = errno;

		folder_of(o->path, dir, sizeof dir);
		if (e == ENOENT)
			sv_err_set(err, "%s: the folder %s does not exist", path, dir);
		else
			sv_err_set(err, "%s: cannot write in the folder %s: %s", path, dir,
				   sv_errno_text(e));
		clear(o);
		return -1;
	}
	if (fchmod(fd, mode) != 0 || (o->f = fdopen(fd, "w")) == NULL) {
		sv_err_set(err, "%s: cannot write: %s", path, strerror(errno));
		close(fd);
		unlink(o->tmp);
		clear(o);
		return -1;
	}
	return 0;
}

/* Make the rename durable: sync the folder that holds path (best effort). */
static void sync_folder(const char *path)
{
	char dir[PATH_MAX];
	int fd;

	folder_of(path, dir, sizeof dir);
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int outfile_open(outfile *o, const char *path, sv_err *err)
{
	return open_file(o, path, 0, err);
}

int outfile_open_made(outfile *o, const char *path, sv_err *err)
{
	return open_file(o, path, 1, err);
}

int outfile_commit(outfile *o, sv_err *err)
{
	int e = 0;

	if (o->f == NULL)
		return sv_err_set(err, "%s: not open", o->path != NULL ? o->path : "output");
	if (o->is_stdout) {
		if (fflush(stdout) != 0)
			e = errno != 0 ? errno : EIO;
		o->f = NULL;
		if (e != 0)
			return sv_err_set(err, "<stdout>: cannot write: %s", sv_errno_text(e));
		return 0;
	}
	if (fflush(o->f) != 0 || ferror(o->f))
		e = errno != 0 ? errno : EIO;
	if (e == 0 && !o->direct && fsync(fileno(o->f)) != 0)
		e = errno;
	if (fclose(o->f) != 0 && e == 0)
		e = errno != 0 ? errno : EIO;
	o->f = NULL;
	if (e == 0 && o->tmp != NULL && rename(o->tmp, o->path) != 0)
		e = errno;
	if (e == 0 && o->tmp != NULL)
		sync_folder(o->path);
	if (e != 0) {
		sv_err_set(err, "%s: cannot write: %s; nothing was written", o->path,
			   sv_errno_text(e));
		outfile_abort(o);
		return -1;
	}
	clear(o);
	return 0;
}

void outfile_abort(outfile *o)
{
	if (o->f != NULL && !o->is_stdout)
		fclose(o->f);
	if (o->tmp != NULL)
		unlink(o->tmp);
	clear(o);
}
