/* trace.c: the timing log of SVDESK_TIMING_LOG (see svdesk/trace.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "svdesk/trace.h"

/* -1: not looked at yet; then the descriptor, or -2 when off (unset, or the
 * file could not be opened). */
static int trace_fd = -1;

static int trace_open(void)
{
	const char *path;

	if (trace_fd != -1)
		return trace_fd;
	path = getenv("SVDESK_TIMING_LOG");
	trace_fd = -2;
	if (path != NULL && path[0] != '\0') {
		int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);

		if (fd >= 0)
			trace_fd = fd;
	}
	return trace_fd;
}

int trace_on(void)
{
	return trace_open() >= 0;
}

long long trace_clock(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void trace_span(const char *event, long long start)
{
	char line[160];
	long long us;
	int n;

	if (trace_open() < 0)
		return;
	us = trace_clock();
	n = snprintf(line, sizeof line, "%lld.%06lld %ld %s %lld.%06lld\n", us / 1000000,
		     us % 1000000, (long)getpid(), event, start / 1000000, start % 1000000);
	if (n <= 0 || (size_t)n >= sizeof line)
		return;
	/* one write: the line is whole even when processes share the file */
	while (write(trace_fd, line, (size_t)n) < 0 && errno == EINTR)
		continue;
}
