/* cli_import.c: svdesk import KIND FILE [--dry-run]. */
#include "config.h"

#include "cli.h"

int cmd_import(struct run *r)
{
	(void)r;
	return cli_usage_error("%s", "import: not built yet");
}
