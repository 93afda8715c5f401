/* watch.h — waking a terminal when another process writes its database.
 *
 * Every terminal used to ask SQLite "did anyone write?" (PRAGMA
 * data_version) five times a second. A watch is an inotify descriptor on the
 * database file, its -wal file and their directory (the -wal comes and goes
 * with the last connection) that becomes readable when any process writes
 * them, so the input loop can sleep in poll(2) until a key or a write
 * arrives. Where there is no inotify (not Linux, inotify_init1 failing, no
 * permission to watch the directory, or MAMORI_NO_INOTIFY=1 in the
 * environment, which the tests use) store_watch_open returns NULL and the
 * caller polls as before. A wake says only that a file changed: the caller
 * still asks store_changed() whether another connection committed. */
#ifndef MAMORI_WATCH_H
#define MAMORI_WATCH_H

#include <stdbool.h>

typedef struct store_watch store_watch;

/* A watch on the database at DB_PATH (the file need not have a -wal yet).
 * NULL where the caller has to poll. */
store_watch *store_watch_open(const char *db_path);
/* The descriptor to poll for POLLIN; -1 for a NULL watch. */
int store_watch_fd(const store_watch *w);
/* Reads every pending event without blocking. True if one of them was about
 * the database or its -wal (a write, a -wal made or removed, the file
 * deleted or replaced); false if there was none or only other files in the
 * directory moved. A -wal made since the last call is watched from now on. */
bool store_watch_drain(store_watch *w);
void store_watch_close(store_watch *w);

/* How many rows this process's own connection to ST has written so far: a
 * wake that came with this moved was (at least partly) the terminal's own
 * write, which never shows as another process's change. */
struct store;
long long store_own_changes(struct store *st);

#endif
