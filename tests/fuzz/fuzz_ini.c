/* fuzz_ini.c: the configuration loader over arbitrary text: the strict
 * scanner from memory, then the whole loader (scanner, iniparser, values)
 * from a file. */
#include "config.h"

#include <string.h>

#include "src/inifile.h"
#include "svdesk/settings.h"
#include "tests/fuzz/fuzz.h"

int fuzz_ini(const uint8_t *data, size_t size)
{
	inifile *ini = NULL;
	sv_config cfg;
	sv_err e = { 0 };
	const char *path;

	if (inifile_scan((const char *)data, size, "fuzz.ini", NULL, &ini, &e) == 0) {
		if (ini == NULL)
			__builtin_trap();
		inifile_find_section(ini, "ui");
		inifile_free(&ini);
	} else if (ini != NULL || e.msg[0] == '\0') {
		__builtin_trap();
	}
	path = fuzz_write_file("fuzz.ini", data, size);
	memset(&e, 0, sizeof e);
	config_defaults(&cfg);
	if (config_load_file(&cfg, path, &e) < 0 && e.msg[0] == '\0')
		__builtin_trap();
	config_free(&cfg);
	return 0;
}

FUZZ_ENTRY(ini)
