/* fuzz_desk.c: the desk, headless, driven by a key script and a size made
 * from the bytes: the first two bytes give the size (1x1 up to 160x60),
 * the rest is the key script (key names, <Resize:COLSxROWS>, mouse events),
 * over a fresh copy of a small demo database.
 *
 * What the desk writes (a report's CSV or text, by a name typed at a
 * prompt) lands in the private directory: the desk runs there, and a "/"
 * key is never given to it, so that no name can point elsewhere.  Pauses
 * (<Sleep:MS>) are turned into unknown keys, and printing goes nowhere. */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "svdesk/settings.h"
#include "svdesk/tui.h"
#include "tests/fuzz/fuzz.h"

static char print_nowhere[] = "cat >/dev/null";

/* The script as the desk may safely run it (see above). */
static char *tame(const uint8_t *data, size_t size)
{
	char *s = fuzz_str(data, size);

	for (size_t i = 0; i < size; i++) {
		if (s[i] == '/')
			s[i] = '|';
		else if (s[i] == '<' && strncasecmp(s + i + 1, "sleep", 5) == 0)
			s[i + 1] = 'z';
	}
	return s;
}

int fuzz_desk(const uint8_t *data, size_t size)
{
	tui_opts o;
	sv_config cfg;
	sv_err e = { 0 };
	char *script, *saved_print, dump[600];
	const char *path;
	svdb *db;
	int here;

	if (size < 2)
		return 0;
	script = tame(data + 2, size - 2);
	path = fuzz_write_file("fuzz.keys", (const uint8_t *)script, strlen(script));
	free(script);
	snprintf(dump, sizeof dump, "%s/fuzz.screen", fuzz_dir());
	db = fuzz_db_open(1, "desk");
	config_defaults(&cfg);
	saved_print = cfg.print_command;
	cfg.print_command = print_nowhere;
	memset(&o, 0, sizeof o);
	o.db = db;
	o.cfg = &cfg;
	o.who = "fuzz";
	o.db_label = "fuzz.db";
	o.now.date.y = 2026;
	o.now.date.m = 11;
	o.now.date.d = 27;
	o.now.hh = 12;
	o.script = path;
	o.cols = 1 + data[0] % 160;
	o.rows = 1 + data[1] % 60;
	o.dump = dump;
	here = open(".", O_RDONLY | O_DIRECTORY);
	if (here < 0 || chdir(fuzz_dir()) != 0)
		abort();
	if (tui_run(&o, &e) < 0 && e.msg[0] == '\0')
		__builtin_trap();
	if (fchdir(here) != 0)
		abort();
	close(here);
	cfg.print_command = saved_print;
	config_free(&cfg);
	db_close(&db);
	return 0;
}

FUZZ_ENTRY(desk)
