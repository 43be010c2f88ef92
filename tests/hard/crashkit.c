/* crashkit: the small tools of tests/hard/crash.sh, which kills svdesk with
 * SIGKILL at random moments and checks what it leaves behind.
 *
 *   crashkit draw SEED N MAX       N whole numbers drawn uniformly from
 *                                  0..MAX, one a line, from a generator
 *                                  seeded with SEED (the same SEED, the
 *                                  same numbers on every machine)
 *   crashkit run US PROGRAM ARGS   run PROGRAM; after US microseconds
 *                                  (negative: never) kill it with SIGKILL
 *                                  if it is still running.  Prints
 *                                  "killed T" or "exited STATUS T", T the
 *                                  microseconds from the start to the
 *                                  kill or the exit.  Its standard input
 *                                  and output are /dev/null, its standard
 *                                  error inherited.
 *   crashkit wal FILE              what a write-ahead log holds, read
 *                                  before anything recovers it: "frames N
 *                                  committed C pending P", N frames in
 *                                  the file, C of them kept by a recovery
 *                                  (up to the last valid commit frame), P
 *                                  frames of the log's current generation
 *                                  after those (written by a transaction
 *                                  that had not committed: a kill during
 *                                  a commit, or while a large transaction
 *                                  spilled its pages), a torn last frame
 *                                  counted.  "frames 0 committed 0
 *                                  pending 0" for a missing or empty log.
 *
 * The exit status is 0, 1 on a failure (named on stderr), 2 on bad usage. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int usage(void)
{
	fputs("usage: crashkit draw SEED N MAX | run US PROGRAM [ARGS...] | wal FILE\n", stderr);
	return 2;
}

static int parse_ll(const char *s, long long lo, long long *out)
{
	char *end;

	errno = 0;
	*out = strtoll(s, &end, 10);
	return errno == 0 && end != s && *end == '\0' && *out >= lo ? 0 : -1;
}

/* ---- draw: splitmix64, then a rejection step so that every value of
 * 0..MAX is equally likely ---------------------------------------------- */

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int cmd_draw(int argc, char **argv)
{
	long long seed, n, max;
	uint64_t s, span, limit, x;

	if (argc != 5 || parse_ll(argv[2], 0, &seed) < 0 || parse_ll(argv[3], 0, &n) < 0 ||
	    parse_ll(argv[4], 0, &max) < 0)
		return usage();
	s = (uint64_t)seed;
	span = (uint64_t)max + 1;
	limit = UINT64_MAX - UINT64_MAX % span;
	while (n-- > 0) {
		do
			x = splitmix64(&s);
		while (x >= limit);
		printf("%llu\n", (unsigned long long)(x % span));
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

/* ---- run --------------------------------------------------------------- */

static long long now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void report(int status, long long t)
{
	if (WIFEXITED(status))
		printf("exited %d %lld\n", WEXITSTATUS(status), t);
	else
		printf("exited %d %lld\n", 128 + WTERMSIG(status), t);
}

static int cmd_run(int argc, char **argv)
{
	long long us, start, t;
	sigset_t chld, old;
	struct timespec wait;
	pid_t pid;
	int status, fd;

	if (argc < 4 || parse_ll(argv[2], -1, &us) < 0)
		return usage();
	/* SIGCHLD is blocked, so that sigtimedwait sees the child's end */
	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	fflush(stdout);
	start = now_us();
	pid = fork();
	if (pid < 0) {
		perror("crashkit: fork");
		return 1;
	}
	if (pid == 0) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		fd = open("/dev/null", O_RDWR);
		if (fd < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0) {
			perror("crashkit: /dev/null");
			_exit(127);
		}
		close(fd);
		execvp(argv[3], argv + 3);
		fprintf(stderr, "crashkit: %s: %s\n", argv[3], strerror(errno));
		_exit(127);
	}
	if (us < 0) {
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		report(status, now_us() - start);
		return 0;
	}
	for (;;) {
		t = now_us() - start;
		if (waitpid(pid, &status, WNOHANG) == pid) {
			report(status, t);
			return 0;
		}
		if (t >= us)
			break;
		wait.tv_sec = (us - t) / 1000000;
		wait.tv_nsec = (long)((us - t) % 1000000) * 1000;
		sigtimedwait(&chld, NULL, &wait);
	}
	kill(pid, SIGKILL);
	t = now_us() - start;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	/* it may have ended on its own just before the signal */
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		printf("killed %lld\n", t);
	else
		report(status, t);
	return 0;
}

/* ---- wal: the format of SQLite's write-ahead log (sqlite.org/fileformat2)
 * -------------------------------------------------------------------------- */

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The log's running checksum over n bytes (n a multiple of 8), its words
 * read big-endian or little-endian as the magic number says. */
static void wal_sum(int big, const unsigned char *p, size_t n, uint32_t s[2])
{
	size_t i;

	for (i = 0; i < n; i += 8) {
		uint32_t a = big ? get32(p + i) : (uint32_t)p[i] | (uint32_t)p[i + 1] << 8 |
			(uint32_t)p[i + 2] << 16 | (uint32_t)p[i + 3] << 24;
		uint32_t b = big ? get32(p + i + 4) : (uint32_t)p[i + 4] | (uint32_t)p[i + 5] << 8 |
			(uint32_t)p[i + 6] << 16 | (uint32_t)p[i + 7] << 24;

		s[0] += a + s[1];
		s[1] += b + s[0];
	}
}

static int cmd_wal(int argc, char **argv)
{
	unsigned char hdr[32], fh[24], *page = NULL;
	long long frames = 0, committed = 0, pending = 0, valid = 0;
	uint32_t magic, psize, s[2] = { 0, 0 };
	int big, ok = 1, rc = 0;
	size_t got;
	FILE *f;

	if (argc != 3)
		return usage();
	f = fopen(argv[2], "rb");
	if (f == NULL) {
		if (errno != ENOENT) {
			fprintf(stderr, "crashkit: %s: %s\n", argv[2], strerror(errno));
			return 1;
		}
		puts("frames 0 committed 0 pending 0");
		return 0;
	}
	if (fread(hdr, 1, sizeof hdr, f) != sizeof hdr) {
		fclose(f);
		puts("frames 0 committed 0 pending 0");
		return 0;
	}
	magic = get32(hdr);
	psize = get32(hdr + 8);
	if ((magic & 0xfffffffe) != 0x377f0682 || psize < 512 || psize > 65536 ||
	    (psize & (psize - 1)) != 0) {
		fprintf(stderr, "crashkit: %s: not a write-ahead log\n", argv[2]);
		fclose(f);
		return 1;
	}
	big = magic & 1;
	wal_sum(big, hdr, 24, s);
	if (s[0] != get32(hdr + 24) || s[1] != get32(hdr + 28))
		ok = 0;          /* a header never completed: no frame is valid */
	page = malloc(psize);
	if (page == NULL) {
		fclose(f);
		return 1;
	}
	for (;;) {
		got = fread(fh, 1, sizeof fh, f);
		if (got == 0)
			break;
		frames++;
		if (got < sizeof fh || memcmp(fh + 8, hdr + 16, 8) != 0) {
			/* a torn header, or one of an older generation */
			if (got < sizeof fh && got >= 16 && memcmp(fh + 8, hdr + 16, 8) == 0)
				pending++;
			ok = 0;
			if (got < sizeof fh)
				break;
			if (fseek(f, psize, SEEK_CUR) != 0)
				break;
			continue;
		}
		got = fread(page, 1, psize, f);
		if (ok) {
			wal_sum(big, fh, 8, s);
			if (got == psize)
				wal_sum(big, page, psize, s);
			if (got != psize || s[0] != get32(fh + 16) || s[1] != get32(fh + 20))
				ok = 0;
		}
		if (ok) {
			valid++;
			if (get32(fh + 4) != 0)
				committed = valid;
		} else {
			pending++;
		}
		if (got < psize)
			break;
	}
	/* frames of this generation past the last commit: valid ones that
	 * no commit frame closed, and those whose checksum failed */
	if (ferror(f)) {
		fprintf(stderr, "crashkit: %s: %s\n", argv[2], strerror(errno));
		rc = 1;
	}
	fclose(f);
	free(page);
	pending += valid - committed;
	printf("frames %lld committed %lld pending %lld\n", frames, committed, pending);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage();
	if (strcmp(argv[1], "draw") == 0)
		return cmd_draw(argc, argv);
	if (strcmp(argv[1], "run") == 0)
		return cmd_run(argc, argv);
	if (strcmp(argv[1], "wal") == 0)
		return cmd_wal(argc, argv);
	return usage();
}
