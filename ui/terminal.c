/* terminal.c: is the terminal one the desk can use?  (Apart from tui.c:
 * term.h defines macros, such as lines and columns, that clash with
 * ordinary names.) */
#include "config.h"

#include <string.h>
#include <unistd.h>
#ifdef HAVE_DLFCN_H
#include <dlfcn.h>
#endif

#include "ui.h"

#include <term.h>   /* setupterm, after curses.h */

#define TERM_ADVICE "set TERM to your terminal's type, e.g. TERM=xterm-256color (PuTTY:" \
	" TERM=xterm, its default; the Linux console: TERM=linux)"

/* A full-screen program needs a terminal that can move the cursor: refuse
 * the others (dumb, a printing terminal, an unknown name) before curses
 * starts, saying what to set, instead of a blank screen. */
int ui_terminal_check(const char *term, sv_err *err)
{
	int errret = 0, hardcopy, generic;
	const char *cup;

	if (term == NULL || term[0] == '\0')
		return sv_err_set(err, "TERM is not set, so svdesk cannot tell what your terminal"
				  " can do: " TERM_ADVICE);
	if (setupterm(term, STDOUT_FILENO, &errret) != OK) {
		if (errret == 1)          /* a printing terminal (hc) */
			return sv_err_set(err, "TERM=%s cannot move the cursor, and svdesk is a"
					  " full-screen program: " TERM_ADVICE, term);
		if (errret == -1)
			return sv_err_set(err, "TERM=%s: no terminfo database found: install the"
					  " ncurses-base package, or " TERM_ADVICE, term);
		return sv_err_set(err, "TERM=%s: no terminfo entry for this terminal type: "
				  TERM_ADVICE "; for rarer terminals install the ncurses-term"
				  " package", term);
	}
	cup = tigetstr("cup");
	hardcopy = tigetflag("hc");
	generic = tigetflag("gn");
	del_curterm(cur_term);
	if (cup == NULL || cup == (char *)-1 || hardcopy > 0 || generic > 0)
		return sv_err_set(err, "TERM=%s cannot move the cursor, and svdesk is a full-screen"
				  " program: " TERM_ADVICE "; the command line (svdesk --help)"
				  " works on any terminal", term);
	return 0;
}

/* On the Linux console ncurses reads the mouse through gpm: it loads
 * libgpm.so.2 itself when the mouse is turned on, and unloads it when the
 * mouse goes off or the screen ends.  libgpm keeps the console's name in an
 * allocation that only its own globals point to, so each unload orphans it (a
 * small leak per mouse-on, and one that the leak checker reports at every
 * exit).  Loading the same library once more with RTLD_NODELETE keeps it
 * mapped until the process ends: ncurses' unload then only drops its
 * reference, and the name is still reachable.  Where libgpm is not
 * installed, this does nothing and ncurses has no mouse on the console, as
 * before. */
void ui_terminal_keep_gpm(const char *term)
{
#if defined(HAVE_DLFCN_H) && defined(RTLD_NODELETE)
	static int done;

	if (done || term == NULL || strncmp(term, "linux", 5) != 0)
		return;
	done = 1;
	(void)dlopen("libgpm.so.2", RTLD_LAZY | RTLD_NODELETE);
#else
	(void)term;
#endif
}
