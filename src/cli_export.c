/* cli_export.c: svdesk export KIND, export template, chase. */
#include "config.h"

#include "cli.h"

int cmd_export(struct run *r)
{
	(void)r;
	return cli_usage_error("%s", "export: not built yet");
}

int cmd_chase(struct run *r)
{
	(void)r;
	return cli_usage_error("%s", "chase: not built yet");
}
