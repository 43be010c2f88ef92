/* report_print.c: a report's text piped to the print command.
 *
 * The command runs as /bin/sh -c COMMAND with the text on its standard
 * input (form feeds included), its standard output thrown away (a spooler's
 * "request id is ..." must not land on the desk's screen) and its standard
 * error kept for the message.  The text is written while the error output
 * is read (poll), so a command that says a lot on stderr before it reads
 * cannot block us.  The command is always waited for: no zombie.
 *
 * What counts as a failure: a command that cannot start (the shell's exit
 * status 127, or 126 when it cannot be run), exits non-zero or dies on a
 * signal; the message names the command, the status and the first line it
 * wrote on stderr.  SIGPIPE is ignored while writing: a command that stops
 * reading early and then exits 0 has had its say (the exit status decides),
 * and one that stops reading and fails is reported by its status.  Any
 * other write error is an error of its own. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "svdesk/report.h"
#include "svdesk/utf8.h"

#define ERR_KEEP 1024   /* bytes of the command's stderr kept for the message */

/* The text as one buffer (lines end in LF, a page break is a form feed). */
static char *text_bytes(const report_text *t, size_t *len)
{
	size_t n = 0, at = 0;
	char *b;

	for (size_t i = 0; i < t->n; i++)
		n += t->lines[i].kind == RLINE_PAGE ? 1 : strlen(t->lines[i].text) + 1;
	b = malloc(n + 1);
	if (b == NULL)
		return NULL;
	for (size_t i = 0; i < t->n; i++) {
		if (t->lines[i].kind == RLINE_PAGE) {
			b[at++] = '\f';
			continue;
		}
		n = strlen(t->lines[i].text);
		memcpy(b + at, t->lines[i].text, n);
		at += n;
		b[at++] = '\n';
	}
	b[at] = '\0';
	*len = at;
	return b;
}

static int cloexec(int fd)
{
	int fl = fcntl(fd, F_GETFD);

	return fl < 0 ? -1 : fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
}

static void close_fd(int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
}

/* The command for a message: made safe and cut. */
static const char *quote_cmd(const char *command, char *buf, size_t n)
{
	return sv_err_quote(buf, n, command, strlen(command), 120);
}

/* The first line of what the command wrote on stderr, made safe, with
 * ": " before it; "" when it wrote nothing. */
static void first_line(const char *e, size_t n, char *buf, size_t size)
{
	size_t k = 0, start = 0;
	char q[400];

	buf[0] = '\0';
	/* skip empty lines */
	while (start < n && (e[start] == '\n' || e[start] == '\r'))
		start++;
	while (start + k < n && e[start + k] != '\n' && e[start + k] != '\r')
		k++;
	if (k == 0)
		return;
	sv_err_quote(q, sizeof q, e + start, k, 300);
	snprintf(buf, size, ": %s", q);
}

static void child(int in_rd, int err_wr, const char *command)
{
	int devnull = open("/dev/null", O_WRONLY);
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGPIPE, &sa, NULL);
	sigaction(SIGXFSZ, &sa, NULL);      /* svdesk ignores it (main.c) */
	if (dup2(in_rd, STDIN_FILENO) < 0 || dup2(err_wr, STDERR_FILENO) < 0 ||
	    (devnull >= 0 && dup2(devnull, STDOUT_FILENO) < 0))
		_exit(127);
	execl("/bin/sh", "sh", "-c", command, (char *)NULL);
	_exit(127);
}

int report_print(const report_text *t, const char *command, sv_err *err)
{
	int in[2] = { -1, -1 }, er[2] = { -1, -1 }, status = 0, werr = 0;
	char *text, ebuf[ERR_KEEP], cq[160], line[420];
	size_t len = 0, sent = 0, elen = 0;
	struct sigaction ign, old;
	pid_t pid;

	if (command == NULL || command[0] == '\0')
		return sv_err_set(err, "print: no print command is set ([print] command)");
	text = text_bytes(t, &len);
	if (text == NULL)
		return sv_err_set(err, "print: out of memory");
	quote_cmd(command, cq, sizeof cq);
	if (pipe(in) < 0 || pipe(er) < 0 || cloexec(in[0]) < 0 || cloexec(in[1]) < 0 ||
	    cloexec(er[0]) < 0 || cloexec(er[1]) < 0) {
		int e = errno;

		close_fd(&in[0]);
		close_fd(&in[1]);
		close_fd(&er[0]);
		close_fd(&er[1]);
		free(text);
		return sv_err_set(err, "print: cannot run '%s': %s", cq, strerror(e));
	}
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		int e = errno;

		close_fd(&in[0]);
		close_fd(&in[1]);
		close_fd(&er[0]);
		close_fd(&er[1]);
		free(text);
		return sv_err_set(err, "print: cannot run '%s': %s", cq, strerror(e));
	}
	if (pid == 0)
		child(in[0], er[1], command);
	close_fd(&in[0]);
	close_fd(&er[1]);

	memset(&ign, 0, sizeof ign);
	ign.sa_handler = SIG_IGN;
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	fcntl(in[1], F_SETFL, fcntl(in[1], F_GETFL) | O_NONBLOCK);
	if (len == 0)
		close_fd(&in[1]);
	while (in[1] >= 0 || er[0] >= 0) {
		struct pollfd pf[2];
		int np = 0, iw = -1, ie = -1;

		if (in[1] >= 0) {
			pf[np].fd = in[1];
			pf[np].events = POLLOUT;
			iw = np++;
		}
		if (er[0] >= 0) {
			pf[np].fd = er[0];
			pf[np].events = POLLIN;
			ie = np++;
		}
		if (poll(pf, (nfds_t)np, -1) < 0) {
			if (errno == EINTR)
				continue;
			werr = errno;
			close_fd(&in[1]);
			close_fd(&er[0]);
			break;
		}
		if (iw >= 0 && pf[iw].revents != 0) {
			ssize_t k = write(in[1], text + sent, len - sent);

			if (k > 0) {
				sent += (size_t)k;
				if (sent == len)
					close_fd(&in[1]);
			} else if (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK &&
				   errno != EINTR) {
				if (errno != EPIPE)
					werr = errno;
				close_fd(&in[1]);   /* the command stopped reading */
			}
		}
		if (ie >= 0 && pf[ie].revents != 0) {
			char buf[4096];
			ssize_t k = read(er[0], buf, sizeof buf);

			if (k > 0) {
				size_t take = (size_t)k;

				if (take > sizeof ebuf - elen)
					take = sizeof ebuf - elen;
				memcpy(ebuf + elen, buf, take);
				elen += take;
			} else if (k == 0 || (errno != EINTR && errno != EAGAIN)) {
				close_fd(&er[0]);
			}
		}
	}
	sigaction(SIGPIPE, &old, NULL);
	free(text);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return sv_err_set(err, "print: '%s': cannot wait for it: %s", cq,
					  strerror(errno));
	}
	first_line(ebuf, elen, line, sizeof line);
	if (WIFSIGNALED(status)) {
		sv_err_set(err, "print: '%s' was killed by signal %d (%s)%s", cq, WTERMSIG(status),
			   strsignal(WTERMSIG(status)), line);
		if (err != NULL)
			err->code = 128 + WTERMSIG(status);
		return -1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
		int st = WEXITSTATUS(status);

		if (st == 127 || st == 126)
			sv_err_set(err, "print: '%s' could not start (exit status %d)%s", cq, st,
				   line[0] != '\0' ? line : ": command not found");
		else
			sv_err_set(err, "print: '%s' failed (exit status %d)%s", cq, st, line);
		if (err != NULL)
			err->code = st;
		return -1;
	}
	if (werr != 0)
		return sv_err_set(err, "print: '%s': cannot write the report to it: %s", cq,
				  strerror(werr));
	return 0;
}
