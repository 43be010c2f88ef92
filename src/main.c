/* svdesk: social value desk for the finance staff of a police force and its
 * Police and Crime Commissioner's office.  See svdesk(1). */
#include "config.h"

#include "cli.h"

int main(int argc, char **argv)
{
	return cli_main(argc, argv);
}
