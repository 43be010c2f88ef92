/* svdesk: social value desk for the finance staff of a police force and its
 * Police and Crime Commissioner's office.  See svdesk(1). */
#include "config.h"

#include <signal.h>

#include "cli.h"

int main(int argc, char **argv)
{
	/* A write past the file size limit (ulimit -f) would otherwise end
	 * the program at once, leaving a temporary file behind and no word
	 * of what went wrong; ignored, the write fails with EFBIG and the
	 * normal error path rolls back, removes and says so. */
	signal(SIGXFSZ, SIG_IGN);
	return cli_main(argc, argv);
}
