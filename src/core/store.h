/* store.h — the one SQLite file every terminal shares.
 * Opening refuses files that are not mamori databases or were written by a
 * newer mamori, without changing a byte of them. Every write is one short
 * BEGIN IMMEDIATE transaction through prepared statements. */
#ifndef MAMORI_STORE_H
#define MAMORI_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include <sqlite3.h>

#include "status.h"

#define STORE_APPLICATION_ID 0x6D616D6F /* "mamo" */

typedef struct store store;

/* Who is writing: decides what this terminal may change (enforced here). */
typedef enum store_role {
	ROLE_FACILITATOR,
	ROLE_PRESENTER, /* read-only projector view */
	ROLE_GROUP,
} store_role;

/* Creates a new database at PATH (mode 0600; fails if PATH exists). */
mm_status store_create(const char *path, store **out, mm_error *err);
/* Opens an existing database; a file it cannot write is opened read-only. */
mm_status store_open(const char *path, store **out, mm_error *err);
/* The same without reading every page first (PRAGMA quick_check, which
 * grows with the file: ~0.2 s at 100,000 rows), for a command that touches
 * a few rows (mamori import): a damaged page it reads or writes is still
 * refused as damaged, one it never touches is not looked at. */
mm_status store_open_lean(const char *path, store **out, mm_error *err);
void store_close(store *st);

bool store_readonly(const store *st);
const char *store_path(const store *st);
sqlite3 *store_db(store *st); /* for the store and sheet layers only */

/* SQL lives in the store layer (store.c, migrate.c) and the sheet layer
 * (sheet.c); these are their shared statement helpers. */
/* A prepared statement, or NULL with MM_EDB and SQLite's reason in ERR. */
sqlite3_stmt *store_prep(store *st, const char *sql, mm_error *err);
/* How a sqlite3_step loop ended: MM_OK for SQLITE_DONE ("no more rows");
 * anything else (busy, I/O, corruption) is MM_EDB with SQLite's reason, so
 * partial data is never reported as success. */
mm_status store_step_error(store *st, int rc, mm_error *err);
/* Is SQLite's error ERRCODE (extended), with the system's errno SYS, a lack
 * of space for PATH (a full disk, a quota, the file size limit)? Then ERR
 * says so in one line and it returns true. */
bool store_no_space(const char *path, int errcode, int sys, mm_error *err);
/* A write statement failed: "could not save" with SQLite's reason, or the
 * one line for a damaged file, a full disk, a file gone (as every store
 * error). Returns the status. */
mm_status store_write_error(store *st, mm_error *err);
/* Column I of the current row as malloc'd text ("" for NULL). */
char *store_col_text(sqlite3_stmt *s, int i);

/* Sets who this terminal is; GROUP_NAME only for ROLE_GROUP. Fails if the
 * group does not exist. */
mm_status store_set_role(store *st, store_role role, const char *group_name, mm_error *err);
store_role store_get_role(const store *st);
int64_t store_group_id(const store *st); /* 0 unless ROLE_GROUP */
const char *store_who(const store *st);   /* "facilitator", "group:2", ... */

/* True when another connection committed since the last call (PRAGMA
 * data_version); cheap enough to call several times a second. */
bool store_changed(store *st);

/* True once the file at the store's path is no longer the one opened
 * (deleted, or another file renamed or copied over it as a new file): from
 * then on every write is refused with a message saying so, and drafts go to
 * a text file instead (store_draft_save). One stat(); call it on every poll. */
bool store_gone(store *st);

/* Transactions: one BEGIN IMMEDIATE ... COMMIT per logical write. A
 * write that meets another process's lock waits and tries again (short
 * steps with random jitter) for up to the store's busy wait, then is
 * MM_EDB "the database is busy". */
mm_status store_begin(store *st, mm_error *err);
mm_status store_commit(store *st, mm_error *err);
void store_rollback(store *st);

/* How long (ms) a write waits in all for another process's: 5 s by default
 * (a terminal's keystroke: its text stays as a draft, to save again); a
 * command from the command line sets more, so a person's command does not
 * fail because others write. */
void store_set_busy_wait(store *st, int ms);
int store_busy_wait(const store *st);

/* Fails with a message when this terminal cannot write at all. */
mm_status store_check_writable(const store *st, mm_error *err);

/* The workshop (one per database). */
typedef struct workshop_info {
	char *title;
	char *scenario_json;
	char *scenario_hash;
	int64_t created_at;
} workshop_info;
mm_status store_workshop_create(store *st, const char *title, const char *scenario_json,
	int ngroups, mm_error *err);
mm_status store_workshop_get(store *st, workshop_info *out, mm_error *err);
void workshop_info_free(workshop_info *w);

/* Groups, companies and people. */
typedef struct group_info {
	int64_t id;
	char *name;
} group_info;
mm_status store_groups(store *st, group_info **out, int *n, mm_error *err);
void group_list_free(group_info *g, int n);
mm_status store_group_add(store *st, const char *name, int64_t *id, mm_error *err);
mm_status store_company_add(store *st, const char *name, int64_t grp_id, const char *industry,
	int staff, int64_t *id, mm_error *err);
mm_status store_person_add(store *st, const char *name, int64_t company_id, int64_t grp_id,
	const char *role, int64_t *id, mm_error *err);
int store_count(store *st, const char *table);
/* The group a company belongs to, or 0. */
int64_t store_company_group(store *st, int64_t company); /* "grp", "company", "person" only */

/* The group of a sheet owner (KIND: 0 group, 1 company, 2 person; a group
 * is its own); MM_ENOTFOUND when there is no such owner. */
mm_status store_owner_group(store *st, int kind, int64_t owner, int64_t *group, mm_error *err);
/* The id of the group (KIND 0), company (1) or person of COMPANY (2) named
 * NAME, or 0 in *ID when there is none. */
mm_status store_find(store *st, int kind, const char *name, int64_t company, int64_t *id,
	mm_error *err);
/* The name of a group (KIND 0), company (1) or person (2), for display; ""
 * when there is none or it cannot be read. malloc'd. */
char *store_name_of(store *st, int kind, int64_t id);
/* Companies of every group but EXCEPT_GROUP, in group order, with their group. */
typedef struct company_info {
	int64_t id;
	char *name;
	int64_t group_id;
	char *group_name;
} company_info;
mm_status store_companies(store *st, int64_t except_group, company_info **out, int *n,
	mm_error *err);
void company_list_free(company_info *c, int n);

/* The room: what the facilitator has put on the screens. */
#define ROOM_MESSAGE_MAX 600 /* bytes of the room's message */
typedef struct room_state {
	char session[64];   /* current session id, "" before the first */
	char activity[64];  /* current activity id, "" when none */
	int64_t started_at; /* when the current session began (unix seconds) */
	int64_t paused_at;  /* 0 when running */
	int64_t paused_total; /* seconds spent paused */
	int64_t owner;      /* whose work the facilitator shows (0: none) */
	int64_t activity_base; /* the session's elapsed seconds when the current
	                        * activity's clock stood at zero */
	char message[ROOM_MESSAGE_MAX + 1]; /* the facilitator's message to the
	                        * room, "" when none */
} room_state;
mm_status store_room_get(store *st, room_state *out, mm_error *err);
/* Facilitator only: make SESSION current and ACTIVITY (may be "") the activity
 * on the projector. Each session and each activity keeps its own elapsed time:
 * the one left is stored, the one entered continues where it stood (from zero
 * the first time). */
mm_status store_room_set(store *st, const char *session, const char *activity, mm_error *err);
/* Facilitator only: whose work (group, company or person id) is shown. */
mm_status store_room_set_owner(store *st, int64_t owner, mm_error *err);
/* The view the facilitator has on screen, as a small record of its own
 * (vstate.h): the projector mirrors it at its own size. */
typedef struct room_view {
	char activity[64]; /* the activity it is of ("" when none) */
	int64_t owner;     /* whose work */
	char *state;       /* the record (malloc'd, "" when none) */
} room_view;
mm_status store_room_view_get(store *st, room_view *out, mm_error *err);
/* Facilitator only. */
mm_status store_room_view_set(store *st, const char *activity, int64_t owner,
	const char *state, mm_error *err);
void room_view_free(room_view *v);
mm_status store_room_toggle_pause(store *st, int64_t now, mm_error *err);
/* Facilitator only: the message every terminal shows ("" clears it). */
mm_status store_room_set_message(store *st, const char *text, mm_error *err);
/* Facilitator only: lock ACTIVITY (groups may not write its sheets, e.g.
 * during presentations) or unlock it. */
mm_status store_activity_lock(store *st, const char *activity, bool locked, mm_error *err);
/* Is ACTIVITY locked? MM_OK with *LOCKED, or MM_EDB. */
mm_status store_activity_locked(store *st, const char *activity, bool *locked,
	mm_error *err);
/* Seconds the current session has run, pauses excluded. */
int64_t room_elapsed(const room_state *r, int64_t now);
/* Seconds the current activity has run, pauses excluded (0: none). */
int64_t room_activity_elapsed(const room_state *r, int64_t now);

/* The clock, overridable for tests (MAMORI_NOW=unix seconds). */
int64_t store_now(void);


/* Owners of sheets (groups, companies, people) as id and name; GROUP_FILTER
 * (when nonzero) keeps those of one group. KIND: 0 group, 1 company, 2 person. */
typedef struct owner_info {
	int64_t id;
	char *name;
} owner_info;
mm_status store_owners(store *st, int kind, int64_t group_filter, owner_info **out, int *n,
	mm_error *err);
void owner_list_free(owner_info *o, int n);

/* Drafts: text being typed, kept so a dropped connection loses nothing.
 * PLACE identifies where it was typed; one draft per (role, place, process),
 * with BASE the version of the cell it was typed against (-1: none). */
mm_status store_draft_save(store *st, const char *place, const char *text, int base,
	mm_error *err);
/* Takes (returns and deletes) the newest draft of this role whose place
 * starts with PREFIX and whose terminal is gone (or is this one): a second
 * live terminal of the same group never takes another's. *PLACE and *TEXT
 * are malloc'd, NULL when there is none; *BASE may be NULL. */
mm_status store_draft_take(store *st, const char *prefix, char **place, char **text,
	int *base, mm_error *err);
mm_status store_draft_drop(store *st, const char *place, mm_error *err);
/* Once the database is gone (store_gone): writes every draft this terminal
 * keeps to a text file, mamori-draft-GROUP-TIME.txt (mode 0600) in the
 * database's directory, or in $HOME when that cannot be written. MM_OK with
 * *PATH the file (owned by the store), or NULL when nothing was being typed;
 * MM_EIO when no file could be written (then store_draft_text gives the
 * text). store_draft_save does the same on its own once the store is gone. */
mm_status store_rescue_drafts(store *st, const char **path, mm_error *err);
/* At a hangup: the drafts whose last save into the database failed (another
 * process held the write lock) are tried once more, then written to
 * DB.drafts-PID beside the database (mode 0600); the next terminal that
 * opens the database for writing (store_set_role) puts them in the draft
 * table, so the editor offers them back, and removes the file. *PATH: the
 * file written, or NULL when none was needed. */
mm_status store_drafts_park(store *st, const char **path, mm_error *err);
/* The Nth draft this terminal keeps (place and text), for showing it when
 * no file could hold it; false past the last. */
bool store_draft_text(const store *st, int n, const char **place, const char **text);

/* Drill runs: the events of an activity's drill, oldest first, each handed
 * to FN; and one event more (the facilitator's terminal only). */
typedef void (*drill_event_fn)(void *ctx, int64_t id, int64_t at, const char *op,
	const char *inject, int64_t group, const char *expect, int value, const char *text);
mm_status store_drill_events(store *st, const char *activity, drill_event_fn fn, void *ctx,
	mm_error *err);
mm_status store_drill_event_add(store *st, const char *activity, int64_t at, const char *op,
	const char *inject, int64_t group, const char *expect, int value, const char *text,
	mm_error *err);
/* The newest drill event of any drill (0: none): cheap, for noticing one. */
int64_t store_drill_last(store *st);

/* Private sheets (table_def.private_person) this terminal may read and
 * write although the person has answered: it made their first answer, or was
 * given their code. Held in memory only; released when someone else is
 * chosen on the terminal. */
void store_hold(store *st, const char *activity, int64_t person);
bool store_holds(const store *st, const char *activity, int64_t person);
void store_release_all(store *st);

/* FNV-1a 64 of S as 16 hex digits: how the stored scenario text is told
 * apart (at creation, in an export, after an upgrade). */
void store_hash_text(const char *s, char out[17]);

#endif
