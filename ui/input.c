/* input.c: the one input function, key translation, signals and key scripts. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "ui.h"

static volatile sig_atomic_t pending_signal;

static void on_signal(int sig)
{
	pending_signal = sig;
}

void ui_signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	/* A signal ignored by whoever started svdesk (nohup) stays ignored. */
	static const int sigs[] = { SIGHUP, SIGTERM, SIGINT };

	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
		struct sigaction old;

		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
	pending_signal = 0;
}

int ui_signal_pending(void)
{
	return (int)pending_signal;
}

int ui_input_open(struct tui *t, sv_err *err)
{
	t->script = NULL;
	t->script_done = 0;
	t->script_line = 1;
	if (t->o->script == NULL)
		return 0;
	if (strcmp(t->o->script, "-") == 0)
		t->script = stdin;
	else
		t->script = fopen(t->o->script, "r");
	if (t->script == NULL)
		return sv_err_set(err, "%s: cannot read the key script: %s", t->o->script,
				  strerror(errno));
	return 0;
}

void ui_input_close(struct tui *t)
{
	if (t->script != NULL && t->script != stdin)
		fclose(t->script);
	t->script = NULL;
}

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The next whitespace-separated token of the script; '#' starts a comment
 * to the end of the line.  Returns 0 at end of input. */
static int script_token(struct tui *t, char *buf, size_t n)
{
	size_t len = 0;
	int c;

	for (;;) {
		c = fgetc(t->script);
		if (c == EOF)
			return 0;
		if (c == '\n')
			t->script_line++;
		if (c == '#') {
			while ((c = fgetc(t->script)) != EOF && c != '\n')
				;
			if (c == '\n')
				t->script_line++;
			continue;
		}
		if (!isspace(c))
			break;
	}
	do {
		if (len + 1 < n)
			buf[len++] = (char)c;
		c = fgetc(t->script);
	} while (c != EOF && !isspace(c));
	if (c == '\n')
		ungetc(c, t->script);
	buf[len] = '\0';
	return 1;
}

/* <Click:Y,X> <Double:Y,X> <WheelUp:Y,X> <WheelDown:Y,X>: a mouse event at
 * screen row Y, column X (from 0).  Returns 1 and fills t->mouse_*, 0 when
 * tok is no mouse token, -1 when it is one with a bad position. */
static int script_mouse(struct tui *t, const char *tok)
{
	static const struct {
		const char *name;
		int kind;
	} kinds[] = {
		{ "<Click:", UI_CLICK }, { "<Double:", UI_DOUBLE },
		{ "<WheelUp:", UI_WHEEL_UP }, { "<WheelDown:", UI_WHEEL_DOWN },
	};

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		size_t len = strlen(kinds[i].name);
		int y, x, used = 0;

		if (strncasecmp(tok, kinds[i].name, len) != 0)
			continue;
		if (sscanf(tok + len, "%3d,%3d>%n", &y, &x, &used) != 2 || used == 0
		    || tok[len + (size_t)used] != '\0' || y < 0 || x < 0)
			return -1;
		t->mouse_y = y;
		t->mouse_x = x;
		t->mouse_kind = kinds[i].kind;
		return 1;
	}
	return 0;
}

/* <Sleep:MS>: pause MS milliseconds (0 to 600000) as a desk left idle
 * would, in slices of at most UI_IDLE_MS, each followed by the idle work
 * (ui_idle: another desk's writes shown), so that a test can let another
 * process act between two keys.  Returns 1 when tok is such a token (done,
 * or refused with a message), 0 when it is not one. */
static int script_sleep(struct tui *t, const char *tok)
{
	static const char name[] = "<Sleep:";
	size_t len = sizeof name - 1;
	long ms = 0, end;
	int used = 0;

	if (strncasecmp(tok, name, len) != 0)
		return 0;
	if (sscanf(tok + len, "%6ld>%n", &ms, &used) != 1 || used == 0
	    || tok[len + (size_t)used] != '\0' || ms < 0 || ms > 600000) {
		ui_status(t, 1, "key script line %d: \"%s\" is not a pause (write <Sleep:MS>, "
			  "0 to 600000 milliseconds)", t->script_line, tok);
		return 1;
	}
	end = now_ms() + ms;
	for (;;) {
		long left = end - now_ms();
		struct timespec ts;

		if (left <= 0 || ui_signal_pending())
			break;
		if (left > UI_IDLE_MS)
			left = UI_IDLE_MS;
		ts.tv_sec = left / 1000;
		ts.tv_nsec = (left % 1000) * 1000000L;
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR && !ui_signal_pending())
			continue;
		ui_idle(t);
	}
	return 1;
}

/* <Resize:COLSxROWS>: the headless screen takes that size (1 to 999 each)
 * as a terminal's would, and the desk is told as it is by a real
 * terminal.  Returns 1 and resizes when tok is such a token, -1 when it is
 * one with a bad size, 0 when it is not one. */
static int script_resize(const char *tok)
{
	static const char name[] = "<Resize:";
	size_t len = sizeof name - 1;
	int cols = 0, rows = 0, used = 0;

	if (strncasecmp(tok, name, len) != 0)
		return 0;
	if (sscanf(tok + len, "%3dx%3d>%n", &cols, &rows, &used) != 2 || used == 0
	    || tok[len + (size_t)used] != '\0' || cols < 1 || rows < 1)
		return -1;
	resize_term(rows, cols);
	return 1;
}

static int script_key(struct tui *t)
{
	char tok[64];
	sv_err err = { 0 };
	int key, m;

	for (;;) {
		if (!script_token(t, tok, sizeof tok)) {
			t->script_done = 1;
			return SVK_NONE;
		}
		if (script_sleep(t, tok))
			continue;
		m = script_resize(tok);
		if (m > 0)
			return SVK_RESIZE;
		if (m < 0) {
			ui_status(t, 1, "key script line %d: \"%s\" is not a size (write"
				  " <Resize:COLSxROWS>, 1 to 999 each)", t->script_line, tok);
			continue;
		}
		m = script_mouse(t, tok);
		if (m > 0) {
			if (!t->o->cfg->mouse)
				continue;   /* [ui] mouse = no: the desk ignores the mouse */
			return SVK_MOUSE;
		}
		if (m < 0) {
			ui_status(t, 1, "key script line %d: \"%s\" is not a mouse event (write"
				  " <Click:ROW,COLUMN>, counted from 0)", t->script_line, tok);
			continue;
		}
		if (key_parse(tok, &key, &err) == 0)
			return key;
		ui_status(t, 1, "key script line %d: %s", t->script_line, err.msg);
	}
}

/* ---- escape sequences ---------------------------------------------------- */

/* The modifiers of an xterm-style parameter ("1;5" is Ctrl): 1 + a mask of
 * Shift 1, Alt 2, Ctrl 4, Meta 8 (read as Alt); -1 when out of range. */
static int xterm_mods(int n)
{
	int m = 0;

	if (n < 1 || n > 16)
		return -1;
	n--;
	if (n & 1)
		m |= SVK_SHIFT;
	if (n & (2 | 8))
		m |= SVK_ALT;
	if (n & 4)
		m |= SVK_CTRL;
	return m;
}

/* The key of ESC [ N ~ (VT220 style, as xterm, PuTTY, screen, tmux and the
 * Linux console send them), or 0. */
static int tilde_key(int n)
{
	switch (n) {
	case 1: case 7: return SVK_HOME;    /* 1: PuTTY, screen, linux; 7: rxvt */
	case 2: return SVK_INSERT;
	case 3: return SVK_DELETE;
	case 4: case 8: return SVK_END;
	case 5: return SVK_PGUP;
	case 6: return SVK_PGDN;
	case 11: case 12: case 13: case 14: case 15:
		return SVK_F1 + n - 11;          /* PuTTY's and rxvt's F1..F5 */
	case 17: case 18: case 19: case 20: case 21:
		return SVK_F6 + n - 17;
	case 23: case 24:
		return SVK_F11 + n - 23;
	default:
		return 0;
	}
}

/* The key of a final letter after CSI or SS3 (arrows, Home, End, F1..F4),
 * or 0. */
static int letter_key(int c)
{
	switch (c) {
	case 'A': return SVK_UP;
	case 'B': return SVK_DOWN;
	case 'C': return SVK_RIGHT;
	case 'D': return SVK_LEFT;
	case 'H': return SVK_HOME;
	case 'F': return SVK_END;
	case 'P': case 'Q': case 'R': case 'S':
		return SVK_F1 + (c - 'P');
	default:
		return 0;
	}
}

/* A character as it comes after ESC (Alt and that key). */
static int alt_char(int c, int *key)
{
	switch (c) {
	case '\r': case '\n': *key = SVK_ENTER | SVK_ALT; return 1;
	case '\t': *key = SVK_TAB | SVK_ALT; return 1;
	case 127: case 8: *key = SVK_BACKSPACE | SVK_ALT; return 1;
	default:
		break;
	}
	if (c >= 1 && c <= 26) {
		*key = c | SVK_ALT;
		return 1;
	}
	if (c < 0x20 || (c >= 0x7F && c < 0xA0) || c >= SVK_BASE)
		return 0;
	*key = c | SVK_ALT;
	return 1;
}

/* CSI: b[0] is '['.  ESC [ params intermediates final, with the Linux
 * console's ESC [ [ A..E (F1..F5) and the X10 mouse's ESC [ M b x y. */
static enum esc_result parse_csi(const int *b, int n, int at_end, int *key, int *used)
{
	int np = 0, p[4] = { 0, 0, 0, 0 }, priv = 0, odd = 0, i = 1, k, m;

	if (n >= 2 && b[1] == '[') {          /* the Linux console */
		if (n < 3)
			goto more;
		*used = 3;
		if (b[2] >= 'A' && b[2] <= 'E') {
			*key = SVK_F1 + (b[2] - 'A');
			return ESC_KEY;
		}
		return ESC_UNKNOWN;
	}
	if (n >= 2 && b[1] == 'M') {          /* X10 mouse: three bytes follow */
		if (n < 5)
			goto more;
		*used = 5;
		return ESC_IGNORE;
	}
	if (n >= 2 && b[1] >= '<' && b[1] <= '?') {
		priv = b[1];
		i = 2;
	}
	for (; i < n; i++) {
		int c = b[i];

		if (i >= 32) {
			*used = i;
			return ESC_UNKNOWN;
		}
		if (c >= '0' && c <= '9') {
			if (np == 0)
				np = 1;
			if (np <= 4 && p[np - 1] < 10000)
				p[np - 1] = p[np - 1] * 10 + (c - '0');
		} else if (c == ';') {
			np = np == 0 ? 2 : np + 1;
		} else if (c >= 0x3A && c <= 0x3F) {
			odd = 1;                  /* ':' and private markers inside */
		} else if (c >= 0x20 && c <= 0x2F) {
			odd = 1;                  /* intermediates: none of ours has one */
		} else if (c >= 0x40 && c <= 0x7E) {
			*used = i + 1;
			goto final;
		} else {
			/* not part of a sequence (a new ESC, a control character):
			 * the sequence ends before it */
			*used = i;
			return ESC_UNKNOWN;
		}
	}
more:
	if (!at_end)
		return ESC_MORE;
	*used = n;
	return ESC_UNKNOWN;

final:
	{
		int f = b[i];

		if (priv == '<' && (f == 'M' || f == 'm'))
			return ESC_IGNORE;        /* an SGR mouse report */
		if (priv != 0 || odd || np > 2)
			return ESC_UNKNOWN;
		m = np == 2 ? xterm_mods(p[1]) : 0;
		if (m < 0)
			return ESC_UNKNOWN;
		if (f == '~') {
			if (p[0] == 200 || p[0] == 201)
				return ESC_IGNORE;    /* bracketed paste marks */
			k = tilde_key(p[0]);
			if (k == 0)
				return ESC_UNKNOWN;
			*key = k | m;
			return ESC_KEY;
		}
		if (f == 'Z' && np == 0) {
			*key = SVK_BTAB;
			return ESC_KEY;
		}
		if ((f == 'I' || f == 'O' || f == 'E' || f == 'G') && np == 0)
			return ESC_IGNORE;        /* focus in / out, the keypad's 5 */
		if (f == 'u' && np >= 1) {        /* CSI u: a key by its code point */
			k = p[0];
			if (k == 27 || k == 13 || k == 9 || k == 127) {
				k = k == 27 ? SVK_ESC : k == 13 ? SVK_ENTER : k == 9 ? SVK_TAB
				    : SVK_BACKSPACE;
			} else if ((m & SVK_CTRL) && ((k >= 'a' && k <= 'z') || (k >= 'A' && k <= 'Z'))) {
				k = (k | 0x20) - 'a' + 1;
				m &= ~SVK_CTRL;
			} else if (k < 0x20 || k >= SVK_BASE || (k >= 0x7F && k < 0xA0)) {
				return ESC_UNKNOWN;
			}
			m &= ~SVK_SHIFT;              /* the character has its case */
			if (k < SVK_BASE && (m & ~SVK_ALT) != 0)
				return ESC_UNKNOWN;
			*key = k | m;
			return ESC_KEY;
		}
		k = letter_key(f);
		if (k == 0 || (np >= 1 && p[0] > 1))
			return ESC_UNKNOWN;
		*key = k | m;
		return ESC_KEY;
	}
}

/* SS3: b[0] is 'O'.  ESC O final, and ESC O digits final (old xterms put
 * the modifier there). */
static enum esc_result parse_ss3(const int *b, int n, int at_end, int *key, int *used)
{
	int i, mod = 0, m = 0, f, k;

	for (i = 1; i < n && b[i] >= '0' && b[i] <= '9' && i < 4; i++)
		mod = mod * 10 + (b[i] - '0');
	if (i >= n) {
		if (!at_end)
			return ESC_MORE;
		*used = n;
		return ESC_UNKNOWN;
	}
	f = b[i];
	if (f < 0x40 || f > 0x7E) {
		*used = i;
		return ESC_UNKNOWN;
	}
	*used = i + 1;
	if (i > 1 && (m = xterm_mods(mod)) < 0)
		return ESC_UNKNOWN;
	if (f == 'M') {
		*key = SVK_ENTER | m;                 /* the keypad's Enter */
		return ESC_KEY;
	}
	if (f >= 'j' && f <= 'y' && i == 1) {         /* the application keypad */
		static const char pad[] = "*+,-./0123456789";

		*key = pad[f - 'j'];
		return ESC_KEY;
	}
	if (f == 'X' && i == 1) {
		*key = '=';
		return ESC_KEY;
	}
	if (f == 'E' && i == 1)
		return ESC_IGNORE;
	k = letter_key(f);
	if (k == 0)
		return ESC_UNKNOWN;
	*key = k | m;
	return ESC_KEY;
}

enum esc_result ui_escape_parse(const int *b, int n, int at_end, int *key, int *used)
{
	enum esc_result r;

	*used = 0;
	*key = SVK_NONE;
	if (n == 0) {
		if (!at_end)
			return ESC_MORE;
		*key = SVK_ESC;                        /* Esc alone */
		return ESC_KEY;
	}
	if (n == 1 && !at_end && (b[0] == '[' || b[0] == 'O' || b[0] == 27))
		return ESC_MORE;
	if (n == 1 && (b[0] == '[' || b[0] == 'O')) {
		*key = b[0] | SVK_ALT;                /* Alt-[, Alt-O (Alt-Shift-o) */
		*used = 1;
		return ESC_KEY;
	}
	switch (b[0]) {
	case '[':
		return parse_csi(b, n, at_end, key, used);
	case 'O':
		return parse_ss3(b, n, at_end, key, used);
	case 27:
		/* ESC ESC: Alt and the sequence that follows (PuTTY's Alt-Up is
		 * ESC ESC [ A); Esc twice is two Escs. */
		if (n == 1) {
			*key = SVK_ESC;
			return ESC_KEY;
		}
		r = ui_escape_parse(b + 1, n - 1, at_end, key, used);
		if (r == ESC_MORE)
			return r;
		(*used)++;
		if (r == ESC_KEY)
			*key |= SVK_ALT;
		return r;
	default:
		*used = 1;
		return alt_char(b[0], key) ? ESC_KEY : ESC_UNKNOWN;
	}
}

char *ui_escape_spell(const int *b, int n, char *buf, size_t size)
{
	size_t len = 0;

	if (size == 0)
		return buf;
	len = (size_t)snprintf(buf, size, "ESC");
	for (int i = 0; i < n && len < size; i++) {
		int c = b[i];
		char one[16];

		if (c == 27)
			snprintf(one, sizeof one, " ESC");
		else if (c == ' ')
			snprintf(one, sizeof one, " SP");
		else if (c > 0x20 && c < 0x7F)
			snprintf(one, sizeof one, " %c", c);
		else if (c >= 0 && c < 0x20)
			snprintf(one, sizeof one, " ^%c", c + '@');
		else
			snprintf(one, sizeof one, " U+%04X", (unsigned)c & 0x1FFFFFu);
		len += (size_t)snprintf(buf + len, size - len, "%s", one);
	}
	return buf;
}

/* ---- the terminal -------------------------------------------------------- */

/* How long the bytes of one sequence may take to come after its ESC.
 * ncurses has already waited ESCDELAY (25 ms) for the byte after an ESC,
 * so this only matters for a sequence that arrives in pieces (a slow
 * link); Esc alone still acts well within 100 ms. */
#define ESC_WAIT_MS 20

/* Input that was read ahead (the bytes after an ESC that ended a sequence
 * early): characters as code points, curses key codes with RAW_KEY. */
#define RAW_KEY 0x40000000
static int ahead[64];
static int n_ahead;

static void push_ahead(const int *items, int n)
{
	if (n <= 0)
		return;
	if (n > (int)(sizeof ahead / sizeof ahead[0]) - n_ahead)
		n = (int)(sizeof ahead / sizeof ahead[0]) - n_ahead;
	memmove(ahead + n, ahead, (size_t)n_ahead * sizeof ahead[0]);
	memcpy(ahead, items, (size_t)n * sizeof ahead[0]);
	n_ahead += n;
}

/* The next input item within timeout_ms (-1: the screen's own half
 * second), or 0 when none came. */
static int read_raw(int timeout_ms, int *item)
{
	wint_t wc;
	int r;

	if (n_ahead > 0) {
		*item = ahead[0];
		memmove(ahead, ahead + 1, (size_t)--n_ahead * sizeof ahead[0]);
		return 1;
	}
	if (timeout_ms >= 0)
		wtimeout(stdscr, timeout_ms);
	r = wget_wch(stdscr, &wc);
	if (timeout_ms >= 0)
		wtimeout(stdscr, 500);
	if (r == ERR)
		return 0;
	*item = r == KEY_CODE_YES ? (int)wc | RAW_KEY : (int)wc;
	return 1;
}

/* Keys ncurses knows beyond KEY_MAX (from the terminfo's extended
 * capabilities, "kUP5" for Ctrl-Up): by name. */
static int extended_key(int k)
{
	static const struct {
		const char *name;
		int key;
	} bases[] = {
		{ "kUP", SVK_UP }, { "kDN", SVK_DOWN }, { "kLFT", SVK_LEFT }, { "kRIT", SVK_RIGHT },
		{ "kHOM", SVK_HOME }, { "kEND", SVK_END }, { "kNXT", SVK_PGDN },
		{ "kPRV", SVK_PGUP }, { "kDC", SVK_DELETE }, { "kIC", SVK_INSERT },
	};
	const char *name = keyname(k);

	if (name == NULL)
		return SVK_NONE;
	if (strncmp(name, "kcbt", 4) == 0)
		return SVK_BTAB;                  /* linux: kcbt2 is ESC [ Z */
	for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
		size_t len = strlen(bases[i].name);
		int m;

		if (strncmp(name, bases[i].name, len) != 0)
			continue;
		if (name[len] == '\0')
			return bases[i].key | SVK_SHIFT;  /* kUP alone is Shift-Up */
		if (name[len] >= '2' && name[len] <= '8' && name[len + 1] == '\0'
		    && (m = xterm_mods(name[len] - '0')) >= 0)
			return bases[i].key | m;
	}
	return SVK_NONE;
}

static int translate_function_key(int k)
{
	switch (k) {
	case KEY_UP: return SVK_UP;
	case KEY_DOWN: return SVK_DOWN;
	case KEY_LEFT: return SVK_LEFT;
	case KEY_RIGHT: return SVK_RIGHT;
	case KEY_PPAGE: case KEY_A3: return SVK_PGUP;
	case KEY_NPAGE: case KEY_C3: return SVK_PGDN;
	/* Find and Select are VT220's names for ESC [1~ and ESC [4~: what
	 * PuTTY and screen send for Home and End */
	case KEY_HOME: case KEY_A1: case KEY_FIND: return SVK_HOME;
	case KEY_END: case KEY_C1: case KEY_SELECT: case KEY_LL: return SVK_END;
	case KEY_ENTER: return SVK_ENTER;
	case KEY_BTAB: return SVK_BTAB;
	case KEY_BACKSPACE: return SVK_BACKSPACE;
	case KEY_DC: return SVK_DELETE;
	case KEY_IC: return SVK_INSERT;
	case KEY_RESIZE: return SVK_RESIZE;
	case KEY_SR: return SVK_UP | SVK_SHIFT;
	case KEY_SF: return SVK_DOWN | SVK_SHIFT;
	case KEY_SLEFT: return SVK_LEFT | SVK_SHIFT;
	case KEY_SRIGHT: return SVK_RIGHT | SVK_SHIFT;
	case KEY_SHOME: return SVK_HOME | SVK_SHIFT;
	case KEY_SEND: return SVK_END | SVK_SHIFT;
	case KEY_SPREVIOUS: return SVK_PGUP | SVK_SHIFT;
	case KEY_SNEXT: return SVK_PGDN | SVK_SHIFT;
	case KEY_SDC: return SVK_DELETE | SVK_SHIFT;
	case KEY_SIC: return SVK_INSERT | SVK_SHIFT;
	case KEY_B2: return SVK_NONE;   /* the keypad's 5 */
	default:
		break;
	}
	if (k >= KEY_F(1) && k <= KEY_F(12))
		return SVK_F1 + (k - KEY_F(1));
	/* xterm numbers Shift-F1 as F13, Ctrl-F1 as F25 */
	if (k >= KEY_F(13) && k <= KEY_F(24))
		return (SVK_F1 + (k - KEY_F(13))) | SVK_SHIFT;
	if (k >= KEY_F(25) && k <= KEY_F(36))
		return (SVK_F1 + (k - KEY_F(25))) | SVK_CTRL;
	if (k > KEY_MAX)
		return extended_key(k);
	return SVK_NONE;
}

static int translate_char(wint_t wc)
{
	switch (wc) {
	case L'\n':
	case L'\r':
		return SVK_ENTER;
	case L'\t':
		return SVK_TAB;
	case 127:
	case 8:
		return SVK_BACKSPACE;
	default:
		return (int)wc;
	}
}

/* With the mouse off, ncurses still names the start of a report (the
 * terminfo's kmous) KEY_MOUSE but leaves the rest of it unread; a terminal
 * left reporting by another program would send those bytes as keys (the
 * "3" of ESC [ < 0 ; 3 ; 6 M is the key 3).  Read them here: the SGR form's
 * digits and ';' up to M or m, or the X10 form's three bytes. */
static void swallow_mouse_report(void)
{
	const char *kmous = tigetstr("kmous");
	size_t len;
	int item;

	if (kmous == NULL || kmous == (char *)-1 || (len = strlen(kmous)) == 0)
		return;
	if (kmous[len - 1] == '<') {
		while (read_raw(ESC_WAIT_MS, &item)) {
			if (item == 'M' || item == 'm')
				return;
			if (!((item >= '0' && item <= '9') || item == ';')) {
				push_ahead(&item, 1);
				return;
			}
		}
	} else if (kmous[len - 1] == 'M') {
		for (int i = 0; i < 3 && read_raw(ESC_WAIT_MS, &item); i++)
			continue;
	}
}

/* A mouse report: SVK_MOUSE with t->mouse_*, or SVK_NONE for an event
 * svdesk has no use for (a button other than the first and the wheel). */
static int mouse_key(struct tui *t)
{
	MEVENT ev;

	if (!t->o->cfg->mouse) {
		swallow_mouse_report();
		return SVK_NONE;
	}
	if (getmouse(&ev) != OK)
		return SVK_NONE;
	if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
		t->mouse_kind = UI_DOUBLE;
	else if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
		t->mouse_kind = UI_CLICK;
	else if (ev.bstate & BUTTON4_PRESSED)
		t->mouse_kind = UI_WHEEL_UP;
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		t->mouse_kind = UI_WHEEL_DOWN;
#endif
	else
		return SVK_NONE;
	t->mouse_y = ev.y;
	t->mouse_x = ev.x;
	return SVK_MOUSE;
}

/* A curses key code: the SVK_ key, or SVK_UNKNOWN with what it was. */
static int function_key(struct tui *t, int k)
{
	int key;

	if (k == KEY_MOUSE)
		return mouse_key(t);
	key = translate_function_key(k);
	if (key != SVK_NONE || k == KEY_B2)
		return key;
	snprintf(t->key_unknown, sizeof t->key_unknown, "unknown key: %s",
		 keyname(k) != NULL ? keyname(k) : "?");
	return SVK_UNKNOWN;
}

/* After an ESC: collect what follows and read it as one key. */
static int escape_key(struct tui *t)
{
	int b[40], n = 0, key, used, item;
	enum esc_result r;

	for (;;) {
		r = ui_escape_parse(b, n, 0, &key, &used);
		if (r != ESC_MORE)
			break;
		if (n == (int)(sizeof b / sizeof b[0]) || !read_raw(ESC_WAIT_MS, &item)) {
			r = ui_escape_parse(b, n, 1, &key, &used);
			break;
		}
		if (item & RAW_KEY) {
			/* ncurses matched a key after this ESC: Alt and that key
			 * (ESC ESC [ A is Alt-Up), else the ESC was alone */
			if (n == 0) {
				int k = translate_function_key(item & ~RAW_KEY);

				if (k != SVK_NONE && k != SVK_RESIZE)
					return k | SVK_ALT;
			}
			push_ahead(&item, 1);
			r = ui_escape_parse(b, n, 1, &key, &used);
			break;
		}
		b[n++] = item;
	}
	push_ahead(b + used, n - used);
	switch (r) {
	case ESC_KEY:
		return key;
	case ESC_UNKNOWN: {
		char spelt[80];

		ui_escape_spell(b, used, spelt, sizeof spelt);
		snprintf(t->key_unknown, sizeof t->key_unknown, "unknown key sequence: %s", spelt);
		return SVK_UNKNOWN;
	}
	default:
		return SVK_NONE;   /* ignored: a mouse report, focus, paste marks */
	}
}

int ui_getkey(struct tui *t)
{
	int quick_errors = 0;

	ui_idle_due(t);
	if (t->script != NULL) {
		if (ui_signal_pending())
			return SVK_NONE;
		return script_key(t);
	}
	for (;;) {
		long start = now_ms();
		int item, key;

		if (ui_signal_pending())
			return SVK_NONE;
		if (!read_raw(-1, &item)) {
			/* The half-second timeout: the idle work (another desk's
			 * writes), then look at signals again.  An error
			 * that comes back at once, again and again, is a terminal
			 * that has gone away without a SIGHUP: stop, never spin. */
			if (now_ms() - start < 100) {
				if (++quick_errors == 50)
					return SVK_NONE;
			} else {
				quick_errors = 0;
				ui_idle(t);
			}
			continue;
		}
		quick_errors = 0;
		if (item & RAW_KEY)
			key = function_key(t, item & ~RAW_KEY);
		else if (item == 27)
			key = escape_key(t);
		else
			key = translate_char((wint_t)item);
		if (key != SVK_NONE)
			return key;
	}
}
