/* migrate.h — the schema and its forward migrations. */
#ifndef MAMORI_MIGRATE_H
#define MAMORI_MIGRATE_H

#include <sqlite3.h>

#include "status.h"

/* The schema version this program writes (PRAGMA user_version). */
int migrate_latest(void);
/* Brings a database at version FROM up to migrate_latest() in one
 * transaction; nothing changes if any step fails. */
mm_status migrate_run(sqlite3 *db, int from, mm_error *err);

#endif
