/* watch.c — inotify on the database, its -wal and their directory (see
 * watch.h). Nothing here reads the database: it only says when to look. */
#include "watch.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifdef __linux__
#include <sys/inotify.h>
#endif

#include <sqlite3.h>

#include "buf.h"
#include "store.h"

struct store_watch {
	int fd;
	int wd_db, wd_wal, wd_dir;
	char *wal;      /* DB-wal */
	char *base;     /* the database's name in its directory */
	char *wal_base; /* the -wal's */
};

#ifdef __linux__

/* A write through SQLite is a write(2) to the -wal (or to the file itself
 * without WAL, and at a checkpoint); IN_CLOSE_WRITE covers a writer that
 * ends without a last write. IN_ATTRIB: the link count fell (unlinked). */
#define DB_MASK (IN_MODIFY | IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF)
#define WAL_MASK (IN_MODIFY | IN_CLOSE_WRITE)
#define DIR_MASK (IN_CREATE | IN_DELETE | IN_MOVED_TO | IN_MOVED_FROM | IN_ONLYDIR)

static void watch_wal(store_watch *w)
{
	int wd = inotify_add_watch(w->fd, w->wal, WAL_MASK);
	if (wd >= 0)
		w->wd_wal = wd;
}

store_watch *store_watch_open(const char *db_path)
{
	const char *off = getenv("MAMORI_NO_INOTIFY");
	if ((off && *off && strcmp(off, "0") != 0) || !db_path || !*db_path)
		return NULL;
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (fd < 0)
		return NULL;
	store_watch *w = xcalloc(1, sizeof *w);
	w->fd = fd;
	w->wd_wal = -1;
	size_t n = strlen(db_path);
	w->wal = xmalloc(n + 5);
	memcpy(w->wal, db_path, n);
	memcpy(w->wal + n, "-wal", 5);
	const char *slash = strrchr(db_path, '/');
	char *dir;
	if (!slash) {
		dir = xstrdup(".");
		w->base = xstrdup(db_path);
	} else {
		size_t dn = slash == db_path ? 1 : (size_t)(slash - db_path);
		dir = xmalloc(dn + 1);
		memcpy(dir, db_path, dn);
		dir[dn] = '\0';
		w->base = xstrdup(slash + 1);
	}
	size_t bn = strlen(w->base);
	w->wal_base = xmalloc(bn + 5);
	memcpy(w->wal_base, w->base, bn);
	memcpy(w->wal_base + bn, "-wal", 5);
	/* the directory first: a -wal made between the two calls is an event */
	w->wd_dir = inotify_add_watch(fd, dir, DIR_MASK);
	w->wd_db = inotify_add_watch(fd, db_path, DB_MASK);
	free(dir);
	if (w->wd_dir < 0 || w->wd_db < 0 || !*w->base) {
		store_watch_close(w);
		return NULL;
	}
	watch_wal(w);
	return w;
}

bool store_watch_drain(store_watch *w)
{
	if (!w)
		return false;
	bool relevant = false, rewatch = false;
	char b[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	for (;;) {
		ssize_t got = read(w->fd, b, sizeof b);
		if (got <= 0)
			break; /* EAGAIN: all read */
		for (char *p = b; p < b + got;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			p += sizeof *ev + ev->len;
			if (ev->mask & IN_Q_OVERFLOW) {
				relevant = rewatch = true; /* lost events: look anyway */
			} else if (ev->wd == w->wd_dir) {
				const char *name = ev->len ? ev->name : "";
				if (strcmp(name, w->wal_base) == 0) {
					relevant = true;
					if (ev->mask & (IN_CREATE | IN_MOVED_TO))
						rewatch = true;
				} else if (strcmp(name, w->base) == 0) {
					relevant = true;
				}
			} else if (ev->wd == w->wd_wal) {
				if (ev->mask & IN_IGNORED)
					w->wd_wal = -1; /* that -wal is gone */
				else
					relevant = true;
			} else if (ev->wd == w->wd_db) {
				relevant = true;
			}
		}
	}
	if (rewatch)
		watch_wal(w);
	return relevant;
}

#else /* no inotify: the caller polls */

store_watch *store_watch_open(const char *db_path)
{
	(void)db_path;
	return NULL;
}

bool store_watch_drain(store_watch *w)
{
	(void)w;
	return false;
}

#endif

int store_watch_fd(const store_watch *w)
{
	return w ? w->fd : -1;
}

void store_watch_close(store_watch *w)
{
	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	free(w->wal);
	free(w->base);
	free(w->wal_base);
	free(w);
}

long long store_own_changes(store *st)
{
	return st ? (long long)sqlite3_total_changes64(store_db(st)) : 0;
}
