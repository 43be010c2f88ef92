/* identity.h: who is at the desk. */
#ifndef SVDESK_IDENTITY_H
#define SVDESK_IDENTITY_H

#include <stddef.h>

/* The login of the effective user from the password database (getpwuid),
 * never from the environment; "uid:NNNN" where the uid has no entry. */
char *identity_login(char *buf, size_t n);

#endif
