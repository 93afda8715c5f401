#include "migrate.h"

#include <stdio.h>

#include "i18n.h"
#include "store.h"

/* Each entry takes the schema from version i to i + 1. Never edit a
 * released entry: append a new one. */
static const char *const migrations[] = {
	/* 0 -> 1: the first schema */
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE workshop("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  title TEXT NOT NULL,"
	"  scenario TEXT NOT NULL,"
	"  scenario_hash TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL);"
	"CREATE TABLE grp("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  position INTEGER NOT NULL);"
	"CREATE TABLE company("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  grp_id INTEGER REFERENCES grp(id),"
	"  industry TEXT NOT NULL DEFAULT '',"
	"  staff INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE person("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  company_id INTEGER REFERENCES company(id),"
	"  grp_id INTEGER REFERENCES grp(id),"
	"  role TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE sheet("
	"  id INTEGER PRIMARY KEY,"
	"  activity TEXT NOT NULL,"
	"  owner_kind TEXT NOT NULL CHECK (owner_kind IN ('group', 'company', 'person')),"
	"  owner_id INTEGER NOT NULL,"
	"  UNIQUE (activity, owner_kind, owner_id));"
	"CREATE TABLE sheet_row("
	"  id INTEGER PRIMARY KEY,"
	"  sheet_id INTEGER NOT NULL REFERENCES sheet(id),"
	"  position REAL NOT NULL,"
	"  deleted INTEGER NOT NULL DEFAULT 0,"
	"  version INTEGER NOT NULL DEFAULT 1);"
	"CREATE INDEX sheet_row_order ON sheet_row(sheet_id, deleted, position);"
	"CREATE TABLE cell("
	"  row_id INTEGER NOT NULL REFERENCES sheet_row(id),"
	"  col TEXT NOT NULL,"
	"  value TEXT NOT NULL DEFAULT '',"
	"  version INTEGER NOT NULL DEFAULT 1,"
	"  who TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  PRIMARY KEY (row_id, col)) WITHOUT ROWID;"
	"CREATE TABLE change("
	"  id INTEGER PRIMARY KEY,"
	"  sheet_id INTEGER NOT NULL REFERENCES sheet(id),"
	"  row_id INTEGER,"
	"  col TEXT,"
	"  op TEXT NOT NULL,"
	"  old TEXT,"
	"  new TEXT,"
	"  who TEXT NOT NULL,"
	"  at INTEGER NOT NULL);"
	"CREATE INDEX change_sheet ON change(sheet_id, id);"
	"CREATE TABLE room("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  session TEXT NOT NULL DEFAULT '',"
	"  activity TEXT NOT NULL DEFAULT '',"
	"  started_at INTEGER NOT NULL DEFAULT 0,"
	"  paused_at INTEGER NOT NULL DEFAULT 0,"
	"  paused_total INTEGER NOT NULL DEFAULT 0);"
	"INSERT INTO room(id) VALUES (1);"
	"CREATE TABLE draft("
	"  who TEXT NOT NULL,"
	"  place TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  PRIMARY KEY (who, place));",
	/* 1 -> 2: whose work the facilitator is showing, for the projector */
	"ALTER TABLE room ADD COLUMN owner INTEGER NOT NULL DEFAULT 0;",
	/* 2 -> 3: a draft belongs to the process that typed it (a second live
	 * terminal of the same group must not take it) and remembers the
	 * version of the cell it was typed against (a restored draft still
	 * meets a conflict) */
	"CREATE TABLE draft3("
	"  who TEXT NOT NULL,"
	"  place TEXT NOT NULL,"
	"  pid INTEGER NOT NULL DEFAULT 0,"
	"  base INTEGER NOT NULL DEFAULT -1,"
	"  text TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  PRIMARY KEY (who, place, pid));"
	"INSERT INTO draft3(who, place, text, at) SELECT who, place, text, at FROM draft;"
	"DROP TABLE draft;"
	"ALTER TABLE draft3 RENAME TO draft;",
	/* 3 -> 4: drill runs, as events every terminal computes the clock from */
	"CREATE TABLE drill_event("
	"  id INTEGER PRIMARY KEY,"
	"  activity TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  op TEXT NOT NULL,"
	"  inject TEXT,"
	"  grp INTEGER NOT NULL DEFAULT 0,"
	"  expect TEXT,"
	"  value INTEGER NOT NULL DEFAULT 0,"
	"  text TEXT,"
	"  who TEXT NOT NULL);"
	"CREATE INDEX drill_event_activity ON drill_event(activity, id);",
	/* 4 -> 5: time kept per session and per activity, so going back to one
	 * continues its clock; the room's activity clock runs as the session's
	 * elapsed time less activity_base */
	"ALTER TABLE room ADD COLUMN activity_base INTEGER NOT NULL DEFAULT 0;"
	"CREATE TABLE room_clock("
	"  scope TEXT NOT NULL CHECK (scope IN ('session', 'activity')),"
	"  id TEXT NOT NULL,"
	"  elapsed INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY (scope, id)) WITHOUT ROWID;",
	/* 5 -> 6: a message to the whole room (shown on every terminal until
	 * the facilitator clears it), and the activities locked for a
	 * presentation (groups may not write their sheets there) */
	"ALTER TABLE room ADD COLUMN message TEXT NOT NULL DEFAULT '';"
	"CREATE TABLE room_lock("
	"  activity TEXT PRIMARY KEY) WITHOUT ROWID;",
	/* 6 -> 7: the view the facilitator has on screen (scroll, cursor, sort,
	 * filter, open section...), for the projector to mirror at its own size:
	 * one row, written by the facilitator's terminal only */
	"CREATE TABLE room_view("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  activity TEXT NOT NULL DEFAULT '',"
	"  owner INTEGER NOT NULL DEFAULT 0,"
	"  state TEXT NOT NULL DEFAULT '');"
	"INSERT INTO room_view(id) VALUES (1);",
	/* 7 -> 8: a person's code for a private sheet (the survey's answers),
	 * made when the facilitator first asks for it */
	"CREATE TABLE person_code("
	"  activity TEXT NOT NULL,"
	"  person INTEGER NOT NULL REFERENCES person(id),"
	"  code TEXT NOT NULL,"
	"  PRIMARY KEY (activity, person)) WITHOUT ROWID;",
	/* 8 -> 9: each sheet's number of live rows, kept by triggers in the
	 * transaction that inserts, deletes or restores a row, so a terminal
	 * opening a long table reads one number instead of counting (12 ms
	 * for 100,000 rows); missing means none */
	"CREATE TABLE sheet_live("
	"  sheet_id INTEGER PRIMARY KEY,"
	"  n INTEGER NOT NULL DEFAULT 0);"
	"INSERT INTO sheet_live(sheet_id, n) SELECT sheet_id, COUNT(*) FROM sheet_row "
	"  WHERE deleted = 0 GROUP BY sheet_id;"
	"CREATE TRIGGER sheet_live_insert AFTER INSERT ON sheet_row WHEN NEW.deleted = 0 BEGIN"
	"  INSERT INTO sheet_live(sheet_id, n) VALUES (NEW.sheet_id, 1)"
	"    ON CONFLICT(sheet_id) DO UPDATE SET n = n + 1;"
	"  END;"
	"CREATE TRIGGER sheet_live_delete AFTER DELETE ON sheet_row WHEN OLD.deleted = 0 BEGIN"
	"  UPDATE sheet_live SET n = n - 1 WHERE sheet_id = OLD.sheet_id;"
	"  END;"
	"CREATE TRIGGER sheet_live_update AFTER UPDATE OF deleted, sheet_id ON sheet_row"
	"  WHEN (OLD.deleted = 0) <> (NEW.deleted = 0) OR OLD.sheet_id <> NEW.sheet_id BEGIN"
	"  UPDATE sheet_live SET n = n - 1 WHERE sheet_id = OLD.sheet_id AND OLD.deleted = 0;"
	"  INSERT INTO sheet_live(sheet_id, n) SELECT NEW.sheet_id, 1 WHERE NEW.deleted = 0"
	"    ON CONFLICT(sheet_id) DO UPDATE SET n = n + 1;"
	"  END;"
	"CREATE TRIGGER sheet_live_sheet_gone AFTER DELETE ON sheet BEGIN"
	"  DELETE FROM sheet_live WHERE sheet_id = OLD.id;"
	"  END;",
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

int migrate_latest(void)
{
	return NMIGRATIONS;
}

mm_status migrate_run(sqlite3 *db, int from, mm_error *err)
{
	if (from >= NMIGRATIONS)
		return MM_OK;
	char *emsg = NULL;
	if (sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, &emsg) != SQLITE_OK)
		goto fail;
	for (int v = from; v < NMIGRATIONS; v++)
		if (sqlite3_exec(db, migrations[v], NULL, NULL, &emsg) != SQLITE_OK)
			goto fail_rollback;
	/* PRAGMA takes no parameters; the number is ours, not user data */
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", NMIGRATIONS);
	if (sqlite3_exec(db, sql, NULL, NULL, &emsg) != SQLITE_OK)
		goto fail_rollback;
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, &emsg) != SQLITE_OK)
		goto fail_rollback;
	return MM_OK;
fail_rollback:;
	/* what went wrong, before the rollback clears it */
	int ec = sqlite3_extended_errcode(db);
	int sys = sqlite3_system_errno(db);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	if (store_no_space(sqlite3_db_filename(db, "main"), ec, sys, err)) {
		sqlite3_free(emsg);
		return MM_EIO;
	}
fail:
	mm_fail(err, MM_EDB, "%s: %s", tr(M_DB_SCHEMA),
		emsg ? emsg : sqlite3_errmsg(db));
	sqlite3_free(emsg);
	return MM_EDB;
}
