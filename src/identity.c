#include "config.h"

#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "svdesk/identity.h"

char *identity_login(char *buf, size_t n)
{
	uid_t uid = geteuid();
	struct passwd pw, *res = NULL;
	char scratch[4096];

	if (n == 0)
		return buf;
	if (getpwuid_r(uid, &pw, scratch, sizeof scratch, &res) == 0 && res != NULL &&
	    res->pw_name != NULL && res->pw_name[0] != '\0')
		snprintf(buf, n, "%s", res->pw_name);
	else
		snprintf(buf, n, "uid:%lu", (unsigned long)uid);
	return buf;
}
