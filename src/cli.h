/* cli.h: the command line (see svdesk(1)). */
#ifndef SVDESK_CLI_H
#define SVDESK_CLI_H

/* Exit statuses of the spec. */
enum {
	EXIT_OK = 0,
	EXIT_RUNTIME = 1,
	EXIT_USAGE = 2,
	EXIT_REJECTED = 3,
	EXIT_CONFIG = 78
};

int cli_main(int argc, char **argv);

#endif
