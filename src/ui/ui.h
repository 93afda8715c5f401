/* ui.h — what the views and widgets share: the app, the view interface,
 * actions, theme roles and drawing helpers. Only ui/ includes curses. */
#ifndef MAMORI_UI_H
#define MAMORI_UI_H

#include <stdbool.h>
#include <stdint.h>
#include <wchar.h>

#include "buf.h"
#include "i18n.h"
#include "scenario.h"
#include "status.h"
#include "store.h"

#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24

typedef enum action {
	A_NONE = 0,
#define ACTION(id, help, ctx) id,
#include "actions.def"
#undef ACTION
	A_COUNT
} action;

typedef enum key_context { C_ALL, C_LIST, C_TEXT, C_FAC, C_TABLE, C_GROUP } key_context;

/* Theme roles: code names a role, never a colour. */
typedef enum theme_role {
	R_NORMAL,
	R_HEADER,   /* top bar */
	R_STATUS,   /* bottom status bar */
	R_FOOTER,   /* key hints */
	R_SELECTED, /* the list selection: reverse video in every theme */
	R_TITLE,
	R_HEADING,
	R_EMPH,
	R_DIM,
	R_NOW,      /* the room's current session tag */
	R_ERROR,
	R_BANNER,   /* read-only and similar warnings */
	R_BAND_RED, R_BAND_YELLOW, R_BAND_BLUE, R_BAND_GREEN,
	R_GRID,     /* table rules and row numbers */
	R_CURSOR_ROW, /* the row the cursor is on */
	R_HEAD,     /* table column titles */
	R_COUNT
} theme_role;

typedef struct rect {
	int y, x, h, w;
} rect;

struct app;
struct view;

typedef struct view view;

/* A key of a view, as its help and footer show it. Each view has a table
 * of them, ending with VIEW_KEYS_END; help and footer are made from it, so
 * they list only what works on that screen, for that role. */
typedef struct view_key {
	action act;       /* A_NONE with KEYS: a key the view reads itself (digits) */
	msg_id help;      /* its words in the help; 0: the action's own */
	msg_id brief;     /* its word in the footer; 0: not in the footer */
	unsigned roles;   /* 0: every role; else ROLE_BITs */
	const char *keys; /* the keys shown; NULL: the key map's names */
} view_key;
#define ROLE_BIT(r) (1u << (r))
#define KEYS_FAC ROLE_BIT(ROLE_FACILITATOR)
#define KEYS_WRITERS (ROLE_BIT(ROLE_FACILITATOR) | ROLE_BIT(ROLE_GROUP))
#define VIEW_KEYS_END {A_NONE, 0, 0, 0, NULL}

typedef struct view_ops {
	const char *name;
	void (*draw)(struct app *a, struct view *v, rect area);
	/* Returns true when the view handled the action. */
	bool (*act)(struct app *a, struct view *v, action act);
	/* Data changed in the database (another terminal wrote). */
	void (*reload)(struct app *a, struct view *v);
	void (*free)(struct view *v);
	/* The title for the top bar, appended to OUT. */
	void (*title)(struct app *a, struct view *v, buf *out);
	msg_id footer;
	key_context ctx; /* which context bindings apply (C_ALL: only general ones) */
	/* A view in a modal state (editing, a dialog) takes raw keys first;
	 * returns true when it consumed the key. May be NULL. */
	bool (*raw)(struct app *a, struct view *v, int r, wint_t ch);
	/* The footer while in a modal state; 0 for the default. */
	msg_id (*footer_now)(struct app *a, struct view *v);
	/* Draws the editing field again last, so the terminal cursor stays on it. */
	void (*cursor)(struct app *a, struct view *v);
	/* The actions of its context it answers to, ending with A_NONE, for the
	 * help screen; NULL: all of them. */
	const action *help_actions;
	/* Loads the work of the owner now chosen in view.own (NULL if none). */
	void (*reopen)(struct app *a, view *v);
	/* Called a few times a second (e.g. to keep a draft of typing). */
	void (*tick)(struct app *a, struct view *v);
	/* Work left for idle turns (the rest of a long table): does about
	 * BUDGET_MS of it (0: none) and tells whether any is left, so the main
	 * loop looks for keys without waiting until it is done. */
	bool (*idle)(struct app *a, struct view *v, int budget_ms);
	/* The terminal is going away (SIGHUP): keep what is being typed. */
	void (*hangup)(struct app *a, struct view *v);
	/* The view's keys (NULL: the context's, as before), and whether one of
	 * them does something on what the view shows now (NULL: all do). */
	const view_key *keys;
	bool (*key_works)(const struct view *v, action act);
	/* Is an editor, picker or dialog open? (keys typed ahead go to it) */
	bool (*modal)(struct view *v);
	/* The projector mirrors a view state, not a screen: on the facilitator's
	 * terminal PUBLISH appends what the view shows now (vstate.h: scroll,
	 * cursor, sort, filter, open section...) to OUT; on the projector MIRROR
	 * applies such a record, and the view draws it at its own size. */
	void (*publish)(struct app *a, struct view *v, buf *out);
	void (*mirror)(struct app *a, struct view *v, const char *state);
} view_ops;

struct view {
	const view_ops *ops;
	void *data;
	const activity *act; /* the activity it shows, if any */
	const session *session; /* the session it belongs to, if any */
	struct owner_sel *own;  /* whose work it shows, if it shows someone's */
};

#define VIEW_STACK_MAX 8

typedef struct ui_options {
	store_role role;
	const char *group;
	const char *open_activity; /* may be NULL */
	bool follow; /* a group's terminal moves with the room by itself */
} ui_options;

typedef struct app {
	store *st;
	scenario *sc;
	char *workshop_title;
	store_role role;
	const char *group; /* the --group name (the options' own), or NULL */
	room_state room;
	/* a group's terminal and the room: where the room was last seen, the
	 * notice that it moved (until the group goes there or hides it), and
	 * --follow (on until the group opens something else itself) */
	char seen_session[64], seen_activity[64];
	bool room_notice;
	bool follow_opt, following, follow_due;
	/* the facilitator's prompt for the room's message (NULL: closed) */
	struct edit_line *prompt;
	room_view shown;  /* the projector: the facilitator's view state */
	buf published;    /* the facilitator: the view state last written */
	/* ... and a newer one drawn, written once keys pause (PUBLISH_* in app.c) */
	bool publish_pending;
	int64_t publish_at, publish_first;
	view *stack[VIEW_STACK_MAX];
	int depth;
	int rows, cols;
	bool mono;
	bool help_open;
	bool redraw; /* a view's tick changed what it shows */
	bool idle_more; /* the top view has idle work left (view_ops.idle) */
	int help_top;
	bool quit;
	buf message; /* empty when none */
	bool message_error;
	int64_t message_at;
	buf last_status;
	/* undo histories, one per sheet, kept while the program runs */
	struct hist_slot **hists;
	int nhists;
} app;

/* app.c */
/* The workshop's title: its own, or the scenario's in the current language. */
const char *app_title(const app *a);
void app_push(app *a, view *v);
void app_pop(app *a);
void app_message(app *a, bool error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Is this terminal the projector? Views leave out what only makes sense at
 * a keyboard (key hints) there. */
bool app_on_projector(const app *a);
/* Facilitator only: puts SESSION (and ACTIVITY, may be NULL) on every screen. */
void app_room_set(app *a, const session *s, const activity *act);
/* Is the facilitator's screen a preview: a session or activity the room is
 * not on? Then *S and *ACT (either may be NULL) say what the screen shows. */
bool app_previewing(const app *a, const session **s, const activity **act);
/* The undo history of a sheet (activity, owner kind, owner): it lives as
 * long as the program, so leaving a view and coming back can still undo. */
struct sheet_history *app_history(app *a, const char *activity, int okind, int64_t owner);
/* A label for a session: "第3回" / "訪問2". */
void session_label(const session *s, char *out, size_t n);
int ui_run(store *st, scenario *sc, const char *workshop_title, const ui_options *opt);

/* keymap.c */
action keymap_lookup(int key, bool is_keycode, key_context ctx);
const char *keymap_key_names(action act, key_context ctx, char *out, size_t n);
key_context action_context(action act);
msg_id action_help(action act);

/* theme.c */
void theme_init(bool mono);
int theme_attr(theme_role r);

/* draw.c */
/* Writes TEXT at (Y, X), fitted to W columns (cut with '~' or padded). */
void draw_text(int y, int x, int w, const char *text, theme_role role);
/* Writes TEXT without padding; returns the columns used. */
int draw_text_at(int y, int x, int w, const char *text, theme_role role);
void draw_fill(rect r, theme_role role);
/* A box of W x H centred in AREA (shrunk to fit), and its frame with a title. */
rect popup_rect(rect area, int w, int h);
void draw_popup_frame(rect r, const char *title);
/* Centered text on row Y of width W starting at X. */
void draw_center(int y, int x, int w, const char *text, theme_role role);

/* list.c: a selection over N rows with a scroll offset. */
typedef struct list_state {
	int n, sel, top;
} list_state;
/* The choices of a picker popup: values with their labels, and for a
 * checklist of several (flags) which are on. */
typedef struct picklist {
	char **values, **labels;
	bool *on; /* NULL until a caller allocates it for a checklist */
	int n;
	list_state list;
} picklist;
void picklist_add(picklist *p, const char *value, const char *label);
/* The selection back on the first choice, over all N. */
void picklist_reset(picklist *p);
void picklist_free(picklist *p);

/* Applies a movement action for a window of PAGE rows; true if handled. */
bool list_act(list_state *l, action act, int page);
/* Keeps the selection visible in a window of PAGE rows. */
void list_scroll(list_state *l, int page);

/* markup.c: briefing text as display lines. */
typedef enum line_style { LS_PARA, LS_H1, LS_H2, LS_BULLET, LS_NUMBER, LS_BLANK } line_style;
typedef struct mline {
	line_style style;
	int indent;     /* columns before the text */
	char *text;     /* the wrapped piece, markers removed */
	unsigned char *emph; /* per byte of text: 1 when emphasised (may be NULL) */
	char prefix[16]; /* "・" for bullets, "3." for numbers, on the first piece */
} mline;
typedef struct mdoc {
	mline *lines;
	int n;
} mdoc;
void markup_layout(const char *src, int width, mdoc *out);
void markup_free(mdoc *d);
void markup_draw_line(const mline *l, int y, int x, int w);

/* files.c */
/* Writes DATA to STEM.EXT in the current directory, or STEM-2.EXT and so on:
 * never over an existing file, never half written; PATH gets the name. */
bool ui_write_new(const char *stem, const char *ext, const buf *data, buf *path);
/* Writes ACTIVITY-OWNER.EXT that way and tells the user where it went. */
void ui_export(app *a, const char *activity_id, const char *owner, const char *ext,
	const buf *data);
/* A whole file, or NULL after telling the user why. */
char *ui_read_file(app *a, const char *path, size_t *n);
/* The top bar of an activity's view: "第3回  title". */
void activity_view_title(struct app *a, view *v, buf *out);

/* owners.c: whose sheet a view shows */
#include "sheet.h"
typedef struct owner_sel {
	owner_kind okind;
	owner_info *owners;
	int n, idx;
} owner_sel;
void owner_sel_init(app *a, const activity *act, owner_sel *o);
bool owner_sel_step(owner_sel *o, int dir); /* false when there is no other */
int64_t owner_sel_id(const owner_sel *o);
const char *owner_sel_name(const owner_sel *o);
void owner_sel_free(owner_sel *o);
/* Whose work view V shows (0: nobody's), and showing OWNER's instead: the
 * projector follows the facilitator with these. */
int64_t view_owner(const view *v);
void view_show_owner(app *a, view *v, int64_t owner);
/* Shows GROUP's work (its first company's, for a company activity). */
void view_show_group(app *a, view *v, int64_t group);

/* views */
view *view_agenda_new(app *a);
view *view_session_new(app *a, const session *s);
view *view_activity_new(app *a, const activity *act);
view *view_present_new(app *a);
view *view_table_new(app *a, const activity *act);
view *view_dashboard_new(app *a, const session *s);
/* Each returns NULL while the kind is not available (a briefing-style view
 * of the activity's body is shown instead). */
view *view_checklist_new(app *a, const activity *act);
view *view_document_new(app *a, const activity *act);
view *view_board_new(app *a, const activity *act);
view *view_survey_new(app *a, const activity *act);
view *view_drill_new(app *a, const activity *act);
/* The expert visits of the scenario at VISIT (1..), or NULL without them. */
view *view_visits_new(app *a, int visit);
void help_draw(app *a, rect area);
/* The footer of view V made from its key table, appended to OUT so that
 * OUT stays within WIDTH columns; false if it has none. */
bool keys_footer(app *a, const view *v, buf *out, int width);
bool key_for_role(const app *a, const view_key *k);
bool help_act(app *a, action act);

#endif
