/* migrations.h: the schema migrations, in order (generated from db/migrations/). */
#ifndef SVDESK_DB_MIGRATIONS_H
#define SVDESK_DB_MIGRATIONS_H

#include <stddef.h>

/* db_migrations[i] brings a database from user_version i to i + 1. */
extern const char *const db_migrations[];
extern const size_t db_migration_count;

#endif
