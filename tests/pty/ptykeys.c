/* ptykeys: run a program in a pseudo-terminal of a given TERM and size,
 * write the raw bytes a terminal would send, and check what it shows.
 *
 * tmux re-encodes keys for the pane's TERM, so it can never show what a
 * real terminal (PuTTY with TERM=xterm, the Linux console) sends; this
 * harness writes the bytes itself.  What the program writes back goes
 * through a small screen model (the VT100/xterm/ECMA-48 subset that
 * ncurses uses for xterm, putty, screen, tmux and linux), so checks look
 * at the screen, never at the byte stream (curses redraws only the cells
 * that change).
 *
 *   ptykeys -t TERM -s ROWSxCOLS -f STEPS [-o RAW] -- PROGRAM [ARGS...]
 *
 * (-t - runs the program with TERM unset.  -o RAW keeps every byte the
 * program sent to the terminal in the file RAW, for a test that scans
 * the stream itself.)
 *
 * STEPS has one step a line ('#' starts a comment line):
 *   send BYTES                 write BYTES (C escapes: \e \r \n \t \\ \xHH)
 *   wait TEXT :: WHAT          until the screen shows TEXT (5 s at most)
 *   gone TEXT :: WHAT          until the screen no longer shows TEXT
 *   settle MS                  read output for MS milliseconds
 *   alive :: WHAT              the program is still running
 *   record                     keep the time from the last send to the
 *                              last wait or gone
 *   best MS :: WHAT            the best time recorded is under MS ms
 *                              (then the record starts again)
 *   exit STATUS :: WHAT        the program ends (5 s at most) with STATUS
 *   screen                     print the screen on stderr
 * Each checked step prints "ok WHAT" or "not ok WHAT: why" on stdout; the
 * exit status is 0 when every check passed, 1 otherwise, 2 on bad usage. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#define MAX_ROWS 100
#define MAX_COLS 300
#define TIMEOUT_MS 5000

/* ---- the screen ---------------------------------------------------------- */

static uint32_t cell[MAX_ROWS][MAX_COLS];
static int rows = 24, cols = 80;
static int cy, cx, saved_y, saved_x;
static int top, bottom;          /* the scrolling region */
static int insert_mode;
static FILE *raw_out;            /* -o: every byte the program sent */
static uint32_t last_char = ' ';

/* the parser's state */
static enum { S_TEXT, S_ESC, S_CSI, S_OSC, S_OSC_ESC, S_CHARSET } state;
static char csi[64];
static size_t csi_len;
static uint32_t utf8_cp;
static int utf8_more;

static void clear_cells(int y, int x0, int x1)
{
	for (int x = x0; x < x1 && x < cols; x++)
		cell[y][x] = ' ';
}

static void scroll_up(int t, int b, int n)
{
	for (; n > 0; n--) {
		memmove(cell[t], cell[t + 1], sizeof cell[0] * (size_t)(b - t));
		clear_cells(b, 0, cols);
	}
}

static void scroll_down(int t, int b, int n)
{
	for (; n > 0; n--) {
		memmove(cell[t + 1], cell[t], sizeof cell[0] * (size_t)(b - t));
		clear_cells(t, 0, cols);
	}
}

static void screen_reset(void)
{
	for (int y = 0; y < rows; y++)
		clear_cells(y, 0, cols);
	cy = cx = saved_y = saved_x = 0;
	top = 0;
	bottom = rows - 1;
	insert_mode = 0;
}

static void line_feed(void)
{
	if (cy == bottom)
		scroll_up(top, bottom, 1);
	else if (cy < rows - 1)
		cy++;
}

static void clamp(void)
{
	if (cy < 0)
		cy = 0;
	if (cy >= rows)
		cy = rows - 1;
	if (cx < 0)
		cx = 0;
	if (cx > cols)
		cx = cols;
}

static void put_char(uint32_t c)
{
	int w = wcwidth((wchar_t)c);

	if (w < 0)
		w = 1;
	if (w == 0)
		return;
	if (cx + w > cols) {          /* auto margins: wrap first */
		cx = 0;
		line_feed();
	}
	if (insert_mode) {
		memmove(&cell[cy][cx + w], &cell[cy][cx], sizeof cell[0][0] * (size_t)(cols - cx - w));
	}
	cell[cy][cx] = c;
	if (w == 2)
		cell[cy][cx + 1] = 0;     /* the right half of a wide character */
	cx += w;
	last_char = c;
}

/* the numeric parameters of the CSI sequence so far */
static int csi_params(int *p, int max, int *priv)
{
	int n = 0, have = 0;
	const char *s = csi;

	*priv = 0;
	if (*s == '?' || *s == '>' || *s == '<' || *s == '=')
		*priv = *s++;
	p[0] = 0;
	for (; *s != '\0'; s++) {
		if (*s >= '0' && *s <= '9') {
			if (n < max)
				p[n] = p[n] * 10 + (*s - '0');
			have = 1;
		} else if (*s == ';') {
			n++;
			if (n < max)
				p[n] = 0;
			have = 1;
		}
	}
	return have ? n + 1 : 0;
}

#define ARG(i, def) ((np > (i) && p[i] > 0) ? p[i] : (def))

static void do_csi(int final)
{
	int p[16] = { 0 }, priv, np = csi_params(p, 16, &priv), n;

	if (priv != 0) {
		if ((final == 'h' || final == 'l') && priv == '?' && (p[0] == 1049 || p[0] == 47
								       || p[0] == 1047))
			screen_reset();          /* the alternate screen: a clean page */
		return;
	}
	switch (final) {
	case 'H': case 'f':
		cy = ARG(0, 1) - 1;
		cx = ARG(1, 1) - 1;
		break;
	case 'A': cy -= ARG(0, 1); if (cy < top && cy + ARG(0, 1) >= top) cy = top; break;
	case 'B': cy += ARG(0, 1); if (cy > bottom && cy - ARG(0, 1) <= bottom) cy = bottom; break;
	case 'C': cx += ARG(0, 1); if (cx >= cols) cx = cols - 1; break;
	case 'D': if (cx >= cols) cx = cols - 1; cx -= ARG(0, 1); break;
	case 'G': case '`': cx = ARG(0, 1) - 1; break;
	case 'd': cy = ARG(0, 1) - 1; break;
	case 'K':
		n = np > 0 ? p[0] : 0;
		if (n == 0)
			clear_cells(cy, cx, cols);
		else if (n == 1)
			clear_cells(cy, 0, cx + 1);
		else
			clear_cells(cy, 0, cols);
		break;
	case 'J':
		n = np > 0 ? p[0] : 0;
		if (n == 0) {
			clear_cells(cy, cx, cols);
			for (int y = cy + 1; y < rows; y++)
				clear_cells(y, 0, cols);
		} else if (n == 1) {
			for (int y = 0; y < cy; y++)
				clear_cells(y, 0, cols);
			clear_cells(cy, 0, cx + 1);
		} else {
			for (int y = 0; y < rows; y++)
				clear_cells(y, 0, cols);
		}
		break;
	case 'X':
		clear_cells(cy, cx, cx + ARG(0, 1));
		break;
	case '@':
		n = ARG(0, 1);
		if (cx < cols) {
			if (n > cols - cx)
				n = cols - cx;
			memmove(&cell[cy][cx + n], &cell[cy][cx], sizeof cell[0][0] * (size_t)(cols - cx - n));
			clear_cells(cy, cx, cx + n);
		}
		break;
	case 'P':
		n = ARG(0, 1);
		if (cx < cols) {
			if (n > cols - cx)
				n = cols - cx;
			memmove(&cell[cy][cx], &cell[cy][cx + n], sizeof cell[0][0] * (size_t)(cols - cx - n));
			clear_cells(cy, cols - n, cols);
		}
		break;
	case 'L':
		if (cy >= top && cy <= bottom)
			scroll_down(cy, bottom, ARG(0, 1));
		break;
	case 'M':
		if (cy >= top && cy <= bottom)
			scroll_up(cy, bottom, ARG(0, 1));
		break;
	case 'S':
		scroll_up(top, bottom, ARG(0, 1));
		break;
	case 'T':
		scroll_down(top, bottom, ARG(0, 1));
		break;
	case 'r':
		top = ARG(0, 1) - 1;
		bottom = ARG(1, rows) - 1;
		if (top < 0 || bottom >= rows || top >= bottom) {
			top = 0;
			bottom = rows - 1;
		}
		cy = cx = 0;
		break;
	case 'b':                        /* rep: the last character again */
		for (n = ARG(0, 1); n > 0; n--)
			put_char(last_char);
		break;
	case 'h': case 'l':
		if (np > 0 && p[0] == 4)
			insert_mode = final == 'h';
		break;
	case 's': saved_y = cy; saved_x = cx; break;
	case 'u': cy = saved_y; cx = saved_x; break;
	default:
		break;                   /* colours, attributes, modes */
	}
	clamp();
}

static void feed(unsigned char c)
{
	switch (state) {
	case S_ESC:
		state = S_TEXT;
		switch (c) {
		case '[': state = S_CSI; csi_len = 0; csi[0] = '\0'; return;
		case ']': case 'P': case '_': case '^': state = S_OSC; return;
		case '(': case ')': case '*': case '+': state = S_CHARSET; return;
		case '7': saved_y = cy; saved_x = cx; return;
		case '8': cy = saved_y; cx = saved_x; return;
		case 'M':
			if (cy == top)
				scroll_down(top, bottom, 1);
			else if (cy > 0)
				cy--;
			return;
		case 'D': line_feed(); return;
		case 'E': cx = 0; line_feed(); return;
		case 'c': screen_reset(); return;
		default: return;          /* ESC = ESC > and the like */
		}
	case S_CSI:
		if (c >= 0x40 && c <= 0x7E) {
			state = S_TEXT;
			do_csi(c);
		} else if (csi_len + 1 < sizeof csi) {
			csi[csi_len++] = (char)c;
			csi[csi_len] = '\0';
		}
		return;
	case S_OSC:
		if (c == 7)
			state = S_TEXT;
		else if (c == 27)
			state = S_OSC_ESC;
		return;
	case S_OSC_ESC:
		state = c == '\\' ? S_TEXT : S_OSC;
		return;
	case S_CHARSET:
		state = S_TEXT;
		return;
	case S_TEXT:
		break;
	}
	if (utf8_more > 0) {
		if ((c & 0xC0) == 0x80) {
			utf8_cp = (utf8_cp << 6) | (c & 0x3F);
			if (--utf8_more == 0)
				put_char(utf8_cp);
			return;
		}
		utf8_more = 0;
	}
	if (c >= 0xC0 && c < 0xF8) {
		utf8_more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : 1;
		utf8_cp = c & (0x3F >> utf8_more);
		return;
	}
	switch (c) {
	case 27: state = S_ESC; return;
	case '\r': cx = 0; return;
	case '\n': case 11: case 12: line_feed(); return;
	case '\b': if (cx >= cols) cx = cols - 1; if (cx > 0) cx--; return;
	case '\t': cx = (cx / 8 + 1) * 8; if (cx >= cols) cx = cols - 1; return;
	default: break;
	}
	if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xC0))
		return;                  /* bell, SO/SI (linux line drawing) ... */
	put_char(c);
}

/* The screen as UTF-8 text, one line a row. */
static char *screen_text(void)
{
	static char buf[MAX_ROWS * (MAX_COLS * 4 + 1) + 1];
	size_t len = 0;

	for (int y = 0; y < rows; y++) {
		for (int x = 0; x < cols; x++) {
			uint32_t c = cell[y][x];

			if (c == 0)
				continue;
			if (c < 0x80) {
				buf[len++] = (char)c;
			} else if (c < 0x800) {
				buf[len++] = (char)(0xC0 | (c >> 6));
				buf[len++] = (char)(0x80 | (c & 0x3F));
			} else if (c < 0x10000) {
				buf[len++] = (char)(0xE0 | (c >> 12));
				buf[len++] = (char)(0x80 | ((c >> 6) & 0x3F));
				buf[len++] = (char)(0x80 | (c & 0x3F));
			} else {
				buf[len++] = (char)(0xF0 | (c >> 18));
				buf[len++] = (char)(0x80 | ((c >> 12) & 0x3F));
				buf[len++] = (char)(0x80 | ((c >> 6) & 0x3F));
				buf[len++] = (char)(0x80 | (c & 0x3F));
			}
		}
		buf[len++] = '\n';
	}
	buf[len] = '\0';
	return buf;
}

/* ---- the program in the pty ---------------------------------------------- */

static int master = -1;
static pid_t child;
static int child_status = -1;    /* -1 while it runs */
static int failures;

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void reap(void)
{
	int st;

	if (child_status >= 0)
		return;
	if (waitpid(child, &st, WNOHANG) == child)
		child_status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Read what the program writes for ms milliseconds (0: what is there). */
static void pump(int ms)
{
	long end = now_ms() + ms;

	for (;;) {
		struct pollfd pfd = { master, POLLIN, 0 };
		long left = end - now_ms();
		unsigned char buf[4096];
		ssize_t n;

		if (left < 0)
			left = 0;
		if (poll(&pfd, 1, (int)left) <= 0) {
			reap();
			return;
		}
		n = read(master, buf, sizeof buf);
		if (n <= 0) {
			reap();
			return;         /* EIO: the program has gone */
		}
		if (raw_out != NULL && fwrite(buf, 1, (size_t)n, raw_out) != (size_t)n) {
			fprintf(stderr, "ptykeys: cannot keep the raw bytes: %s\n", strerror(errno));
			exit(2);
		}
		for (ssize_t i = 0; i < n; i++)
			feed(buf[i]);
		if (now_ms() >= end)
			return;
	}
}

static void report(int passed, const char *what, const char *why, const char *arg)
{
	if (passed) {
		printf("ok %s\n", what);
	} else {
		printf("not ok %s: %s%s\n", what, why, arg);
		failures++;
	}
	fflush(stdout);
}

/* Until the screen shows (want = 1) or lacks (want = 0) text; the time it
 * took, or -1. */
static long wait_screen(const char *text, int want)
{
	long start = now_ms();

	for (;;) {
		int shown = strstr(screen_text(), text) != NULL;

		if (shown == want)
			return now_ms() - start;
		if (now_ms() - start > TIMEOUT_MS || child_status >= 0)
			return -1;
		pump(5);
		reap();
	}
}

/* "\e[1~" to bytes */
static size_t unescape(const char *s, char *out)
{
	size_t n = 0;

	while (*s != '\0') {
		if (*s != '\\') {
			out[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'e': out[n++] = 27; s++; break;
		case 'r': out[n++] = '\r'; s++; break;
		case 'n': out[n++] = '\n'; s++; break;
		case 't': out[n++] = '\t'; s++; break;
		case 's': out[n++] = ' '; s++; break;
		case 'x': {
			unsigned v = 0;
			int k;

			s++;
			for (k = 0; k < 2 && ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')
					      || (*s >= 'A' && *s <= 'F')); k++, s++)
				v = v * 16 + (unsigned)(*s <= '9' ? *s - '0' : (*s | 0x20) - 'a' + 10);
			out[n++] = (char)v;
			break;
		}
		case '\0': break;
		default: out[n++] = *s++; break;
		}
	}
	return n;
}

static void run_steps(FILE *f)
{
	char line[1024], bytes[1024];
	long last_ms = -1, send_at = 0, best = -1;
	char times[256] = "";

	while (fgets(line, sizeof line, f) != NULL) {
		const char *what;
		char *arg, *sep;
		size_t len = strlen(line);

		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		what = "";
		sep = strstr(line, " :: ");
		if (sep != NULL) {
			*sep = '\0';
			what = sep + 4;
		}
		arg = strchr(line, ' ');
		if (arg != NULL)
			*arg++ = '\0';
		else
			arg = line + len;
		if (strcmp(line, "send") == 0) {
			size_t n = unescape(arg, bytes);

			pump(0);
			send_at = now_ms();
			if (write(master, bytes, n) != (ssize_t)n)
				report(0, "send", "cannot write to the terminal: ", strerror(errno));
		} else if (strcmp(line, "wait") == 0 || strcmp(line, "gone") == 0) {
			long t = wait_screen(arg, line[0] == 'w');

			last_ms = t < 0 ? -1 : now_ms() - send_at;
			report(t >= 0, what, child_status >= 0
			       ? "the program ended before the screen " : "the screen never ",
			       line[0] == 'w' ? "showed it" : "lost it");
			if (t < 0)
				fprintf(stderr, "--- screen (%dx%d) ---\n%s---\n", cols, rows,
					screen_text());
		} else if (strcmp(line, "settle") == 0) {
			pump(atoi(arg));
		} else if (strcmp(line, "alive") == 0) {
			pump(0);
			reap();
			report(child_status < 0, what, "the program has ended", "");
		} else if (strcmp(line, "record") == 0) {
			char one[24];

			snprintf(one, sizeof one, "%s%ld", times[0] ? " " : "", last_ms);
			if (strlen(times) + strlen(one) < sizeof times)
				strcat(times, one);
			if (last_ms >= 0 && (best < 0 || last_ms < best))
				best = last_ms;
		} else if (strcmp(line, "best") == 0) {
			char msg[300];

			snprintf(msg, sizeof msg, "%s (times in ms: %s)", what, times);
			report(best >= 0 && best < atol(arg), msg, "too slow", "");
			best = -1;
			times[0] = '\0';
		} else if (strcmp(line, "exit") == 0) {
			long start = now_ms();
			char got[32];

			while (child_status < 0 && now_ms() - start < TIMEOUT_MS)
				pump(10);
			snprintf(got, sizeof got, "%d", child_status);
			report(child_status == atoi(arg), what,
			       child_status < 0 ? "still running" : "status ",
			       child_status < 0 ? "" : got);
		} else if (strcmp(line, "screen") == 0) {
			pump(0);
			fprintf(stderr, "--- screen (%dx%d) ---\n%s---\n", cols, rows, screen_text());
		} else {
			fprintf(stderr, "ptykeys: unknown step \"%s\"\n", line);
			exit(2);
		}
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: ptykeys -t TERM -s ROWSxCOLS -f STEPS [-o RAW] -- PROGRAM [ARGS...]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *term = NULL, *steps = NULL;
	struct winsize ws;
	FILE *f;
	int i;

	setlocale(LC_ALL, "");
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (i + 1 >= argc)
			usage();
		if (strcmp(argv[i], "-t") == 0)
			term = argv[++i];
		else if (strcmp(argv[i], "-f") == 0)
			steps = argv[++i];
		else if (strcmp(argv[i], "-o") == 0) {
			raw_out = fopen(argv[++i], "wb");
			if (raw_out == NULL) {
				fprintf(stderr, "ptykeys: %s: %s\n", argv[i], strerror(errno));
				return 2;
			}
		}
		else if (strcmp(argv[i], "-s") == 0) {
			if (sscanf(argv[++i], "%dx%d", &rows, &cols) != 2 || rows < 1 || cols < 1
			    || rows > MAX_ROWS || cols > MAX_COLS)
				usage();
		} else
			usage();
	}
	if (term == NULL || steps == NULL || i >= argc)
		usage();
	f = fopen(steps, "r");
	if (f == NULL) {
		fprintf(stderr, "ptykeys: %s: %s\n", steps, strerror(errno));
		return 2;
	}
	screen_reset();
	memset(&ws, 0, sizeof ws);
	ws.ws_row = (unsigned short)rows;
	ws.ws_col = (unsigned short)cols;
	child = forkpty(&master, NULL, NULL, &ws);
	if (child < 0) {
		fprintf(stderr, "ptykeys: forkpty: %s\n", strerror(errno));
		return 2;
	}
	if (child == 0) {
		if (strcmp(term, "-") == 0)
			unsetenv("TERM");
		else
			setenv("TERM", term, 1);
		unsetenv("LINES");
		unsetenv("COLUMNS");
		execvp(argv[i], argv + i);
		fprintf(stderr, "ptykeys: %s: %s\n", argv[i], strerror(errno));
		_exit(127);
	}
	/* the size as the program will see it (TIOCSWINSZ, as a terminal
	 * window sets it) */
	ioctl(master, TIOCSWINSZ, &ws);
	run_steps(f);
	fclose(f);
	if (child_status < 0) {
		kill(child, SIGTERM);
		for (int k = 0; k < 200 && child_status < 0; k++)
			pump(10);
		if (child_status < 0) {
			kill(child, SIGKILL);
			waitpid(child, NULL, 0);
		}
	}
	close(master);
	if (raw_out != NULL && fclose(raw_out) != 0) {
		fprintf(stderr, "ptykeys: cannot keep the raw bytes: %s\n", strerror(errno));
		return 2;
	}
	return failures == 0 ? 0 : 1;
}
