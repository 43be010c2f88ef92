/* cli_check.c: svdesk check [integrity|audit|policy]... [--audit-head N:HASH]. */
#include "config.h"

#include "cli.h"

int cmd_check(struct run *r)
{
	(void)r;
	return cli_usage_error("%s", "check: not built yet");
}
