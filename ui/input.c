/* input.c: the one input function, key translation, signals and key scripts. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
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

static int script_key(struct tui *t)
{
	char tok[64];
	sv_err err = { 0 };
	int key;

	for (;;) {
		if (!script_token(t, tok, sizeof tok)) {
			t->script_done = 1;
			return SVK_NONE;
		}
		if (key_parse(tok, &key, &err) == 0)
			return key;
		ui_status(t, 1, "key script line %d: %s", t->script_line, err.msg);
	}
}

static int translate_function_key(int k)
{
	switch (k) {
	case KEY_UP: return SVK_UP;
	case KEY_DOWN: return SVK_DOWN;
	case KEY_LEFT: return SVK_LEFT;
	case KEY_RIGHT: return SVK_RIGHT;
	case KEY_PPAGE: return SVK_PGUP;
	case KEY_NPAGE: return SVK_PGDN;
	case KEY_HOME: return SVK_HOME;
	case KEY_END: return SVK_END;
	case KEY_ENTER: return SVK_ENTER;
	case KEY_BTAB: return SVK_BTAB;
	case KEY_BACKSPACE: return SVK_BACKSPACE;
	case KEY_DC: return SVK_DELETE;
	case KEY_IC: return SVK_INSERT;
	case KEY_RESIZE: return SVK_RESIZE;
	default:
		break;
	}
	if (k >= KEY_F(1) && k <= KEY_F(12))
		return SVK_F1 + (k - KEY_F(1));
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

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int ui_getkey(struct tui *t)
{
	int quick_errors = 0;

	if (t->script != NULL) {
		if (ui_signal_pending())
			return SVK_NONE;
		return script_key(t);
	}
	for (;;) {
		wint_t wc;
		long start = now_ms();
		int r;

		if (ui_signal_pending())
			return SVK_NONE;
		r = wget_wch(stdscr, &wc);
		if (r == ERR) {
			/* The half-second timeout: look at signals again.  An error
			 * that comes back at once, again and again, is a terminal
			 * that has gone away without a SIGHUP: stop, never spin. */
			if (now_ms() - start < 100) {
				if (++quick_errors == 50)
					return SVK_NONE;
			} else {
				quick_errors = 0;
			}
			continue;
		}
		quick_errors = 0;
		if (r == KEY_CODE_YES) {
			int k = translate_function_key((int)wc);

			if (k != SVK_NONE)
				return k;
			continue;   /* a key svdesk has no use for */
		}
		return translate_char(wc);
	}
}
