/* app.c — the terminal: start-up, the view stack, the input loop that also
 * wakes on the database's changes (inotify, else a poll), the status line,
 * resize and the too-small screen. Nothing draws in a signal handler. */
#include <curses.h>
#include <errno.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "drill.h"
#include "edit.h"
#include "editor.h"
#include "sheet.h"
#include "text.h"
#include "ui.h"
#include "watch.h"
#include "visits.h"

#define POLL_MS 200 /* without a watch (no inotify): how often to ask the store */
/* With a watch: a wake waits SETTLE_MS for the rest of the writer's commit
 * (a commit is several writes to the -wal) before the store is asked. A
 * change found is refreshed at once after a quiet spell; while changes keep
 * coming (60 terminals saving drafts and cells) the refreshes are spaced
 * GAP_MS apart, the space doubling up to POLL_MS, so a busy room costs each
 * terminal no more refreshes than the poll did and does not stampede. */
#define SETTLE_MS 2
#define GAP_MS 20
#define IDLE_MS 10 /* idle work done between two looks for a key (it stops for one) */
#define IDLE_WAIT_MS 2 /* and the sleep in between while idle work is left */
#define MESSAGE_SECONDS 6
#define SLOW_MS 400 /* a key that took longer: keys typed meanwhile are checked */
#define PUBLISH_DELAY_MS 30 /* the projector's view is written once keys pause this long */
#define PUBLISH_MAX_MS 250  /* or this long into a run of keys */

void session_label(const session *s, char *out, size_t n)
{
	scenario_session_label(s, out, n);
}

const char *app_title(const app *a)
{
	return a->workshop_title[0] ? a->workshop_title : L(&a->sc->title);
}

struct hist_slot {
	char *activity;
	int okind;
	int64_t owner;
	sheet_history h;
};

sheet_history *app_history(app *a, const char *activity_id, int okind, int64_t owner)
{
	for (int k = 0; k < a->nhists; k++)
		if (a->hists[k]->okind == okind && a->hists[k]->owner == owner
			&& strcmp(a->hists[k]->activity, activity_id) == 0)
			return &a->hists[k]->h;
	/* each slot is allocated once and never moves: views keep the pointer */
	a->hists = xrealloc(a->hists, (size_t)(a->nhists + 1) * sizeof *a->hists);
	struct hist_slot *slot = xcalloc(1, sizeof *slot);
	*slot = (struct hist_slot){xstrdup(activity_id), okind, owner, {0}};
	a->hists[a->nhists++] = slot;
	return &slot->h;
}

static void histories_free(app *a)
{
	for (int k = 0; k < a->nhists; k++) {
		free(a->hists[k]->activity);
		history_free(&a->hists[k]->h);
		free(a->hists[k]);
	}
	free(a->hists);
	a->hists = NULL;
	a->nhists = 0;
}

void app_push(app *a, view *v)
{
	if (a->depth == VIEW_STACK_MAX) {
		v->ops->free(v);
		return;
	}
	a->stack[a->depth++] = v;
}

void app_pop(app *a)
{
	if (a->depth <= 1)
		return;
	view *v = a->stack[--a->depth];
	v->ops->free(v);
}

void app_message(app *a, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_clear(&a->message);
	buf_vprintf(&a->message, fmt, ap);
	va_end(ap);
	a->message_error = error;
	a->message_at = (int64_t)time(NULL);
}

bool app_on_projector(const app *a)
{
	return a->role == ROLE_PRESENTER;
}

/* Is the group's screen where the room is (or has the room not started)? */
static bool at_room(const app *a)
{
	if (!a->room.session[0] || a->depth < 1)
		return true;
	const view *v = a->stack[a->depth - 1];
	const session *vs = v->act ? v->act->session : v->session;
	if (!vs || strcmp(a->room.session, vs->id) != 0)
		return false;
	return a->room.activity[0] ? v->act && strcmp(a->room.activity, v->act->id) == 0
		: !v->act;
}

static void reload_room(app *a)
{
	mm_error err;
	if (store_room_get(a->st, &a->room, &err) != MM_OK) {
		app_message(a, true, "%s", err.msg);
		return;
	}
	if (a->role == ROLE_PRESENTER) {
		room_view_free(&a->shown);
		store_room_view_get(a->st, &a->shown, &err);
	}
	if (a->role != ROLE_GROUP)
		return;
	/* the room moved: a following terminal goes along, others get the notice */
	if (strcmp(a->seen_session, a->room.session) == 0
		&& strcmp(a->seen_activity, a->room.activity) == 0)
		return;
	snprintf(a->seen_session, sizeof a->seen_session, "%s", a->room.session);
	snprintf(a->seen_activity, sizeof a->seen_activity, "%s", a->room.activity);
	if (a->following)
		a->follow_due = true;
	else
		a->room_notice = a->room.session[0] && !at_room(a);
}

/* A group's terminal goes where the room is: its session, and its activity
 * if it is on one. */
static bool join_room(app *a)
{
	const session *rs = a->room.session[0] ? scenario_find_session(a->sc, a->room.session)
		: NULL;
	if (!rs)
		return false;
	const activity *ra = a->room.activity[0]
		? scenario_find_activity(a->sc, a->room.activity) : NULL;
	while (a->depth > 1)
		app_pop(a);
	app_push(a, view_session_new(a, rs));
	if (ra && ra->session == rs)
		app_push(a, view_activity_new(a, ra));
	a->room_notice = false;
	a->follow_due = false;
	a->following = a->follow_opt;
	return true;
}

/* After each key and each reload on a group's terminal: a due move of a
 * following terminal happens (never under an open editor or dialog); being
 * where the room is ends the notice; opening something else ends following. */
static bool group_room_step(app *a)
{
	if (a->role != ROLE_GROUP)
		return false;
	view *top = a->stack[a->depth - 1];
	bool modal = a->help_open || (top->ops->modal && top->ops->modal(top));
	if (a->follow_due && !modal) {
		join_room(a);
		return true;
	}
	if (at_room(a)) {
		a->room_notice = false;
	} else if (a->following && !a->follow_due && !modal) {
		a->following = false; /* the group went elsewhere itself */
	}
	return false;
}

void app_room_set(app *a, const session *s, const activity *act)
{
	if (a->role != ROLE_FACILITATOR || store_readonly(a->st))
		return;
	mm_error err;
	if (store_room_set(a->st, s->id, act ? act->id : "", &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	reload_room(a);
}


bool app_previewing(const app *a, const session **s, const activity **act)
{
	if (a->role != ROLE_FACILITATOR || store_readonly(a->st) || a->depth < 1)
		return false;
	const view *v = a->stack[a->depth - 1];
	const session *vs = v->act ? v->act->session : v->session;
	if (!vs || strcmp(v->ops->name, "dashboard") == 0)
		return false; /* the overview is not a place the room goes to */
	/* where the room is: its session, and on it its activity or none */
	if (strcmp(a->room.session, vs->id) == 0
		&& strcmp(a->room.activity, v->act ? v->act->id : "") == 0)
		return false;
	if (s)
		*s = vs;
	if (act)
		*act = v->act;
	return true;
}

/* "第3回" or "第3回「title」": where the room is, or would go. */
static void place_text(const session *s, const activity *act, buf *out)
{
	char label[32];
	session_label(s, label, sizeof label);
	if (act)
		buf_printf(out, tr(M_ROOM_PLACE_ACTIVITY), label, L(&act->title));
	else
		buf_puts(out, label);
}

/* The facilitator's preview line: where the room stays, and the key that
 * brings it here. */
static void draw_preview(app *a, int y)
{
	const session *rs = a->room.session[0] ? scenario_find_session(a->sc, a->room.session)
		: NULL;
	const activity *ra = a->room.activity[0]
		? scenario_find_activity(a->sc, a->room.activity) : NULL;
	buf line = {0}, place = {0};
	buf_putc(&line, ' ');
	if (rs) {
		place_text(rs, ra, &place);
		buf_printf(&line, tr(M_PREVIEW_WHERE), buf_str(&place));
	} else {
		buf_puts(&line, tr(M_PREVIEW_NOT_STARTED));
	}
	char keys[64], hint[160];
	const view *v = a->stack[a->depth - 1];
	keymap_key_names(A_ROOM_HERE, v->ops->ctx, keys, sizeof keys);
	char *sp = strchr(keys, ' ');
	if (sp)
		*sp = '\0';
	snprintf(hint, sizeof hint, tr(M_PREVIEW_KEY), keys);
	buf_puts(&line, "  ");
	draw_fill((rect){y, 0, 1, a->cols}, R_BANNER);
	/* the key always shows whole, at the right; the place gives way */
	int hw = text_width(hint) + 1;
	draw_text(y, 0, a->cols - hw - 2, buf_str(&line), R_BANNER); /* a gap before the key */
	draw_text(y, a->cols - hw, hw, hint, R_BANNER);
	buf_free(&line);
	buf_free(&place);
}

/* A group's notice that the room moved: where to, and the keys. */
static void draw_room_notice(app *a, int y)
{
	const session *rs = scenario_find_session(a->sc, a->room.session);
	if (!rs)
		return;
	const activity *ra = a->room.activity[0]
		? scenario_find_activity(a->sc, a->room.activity) : NULL;
	buf place = {0}, line = {0};
	place_text(rs, ra, &place);
	const view *v = a->stack[a->depth - 1];
	char go[64], hide[64];
	keymap_key_names(A_ROOM_HERE, v->ops->ctx, go, sizeof go);
	keymap_key_names(A_NOTICE_HIDE, v->ops->ctx, hide, sizeof hide);
	buf_putc(&line, ' ');
	buf_printf(&line, tr(M_ROOM_NOTICE), buf_str(&place), go, hide);
	draw_fill((rect){y, 0, 1, a->cols}, R_BANNER);
	draw_text(y, 0, a->cols, buf_str(&line), R_BANNER);
	buf_free(&line);
	buf_free(&place);
}

/* The facilitator's message to the room, on every terminal. */
static void draw_room_message(app *a, int y)
{
	buf line = {0};
	buf_putc(&line, ' ');
	buf_printf(&line, tr(M_ROOM_MESSAGE_LINE), a->room.message);
	draw_fill((rect){y, 0, 1, a->cols}, R_EMPH);
	draw_text(y, 0, a->cols, buf_str(&line), R_EMPH);
	buf_free(&line);
}

/* The activity on screen (the projector: the room's), if it is locked. */
static const activity *locked_activity(app *a)
{
	const view *v = a->stack[a->depth - 1];
	const activity *act = v->act;
	if (!act && a->role == ROLE_PRESENTER && a->room.activity[0])
		act = scenario_find_activity(a->sc, a->room.activity);
	if (!act)
		return NULL;
	bool locked = false;
	mm_error err;
	if (store_activity_locked(a->st, act->id, &locked, &err) != MM_OK)
		return NULL;
	return locked ? act : NULL;
}

static void draw_locked(app *a, int y)
{
	char line[256];
	if (a->role == ROLE_FACILITATOR) {
		char keys[64];
		keymap_key_names(A_LOCK, a->stack[a->depth - 1]->ops->ctx, keys, sizeof keys);
		char text[200];
		snprintf(text, sizeof text, tr(M_LOCKED_BANNER_FAC), keys);
		snprintf(line, sizeof line, " %s", text);
	} else {
		snprintf(line, sizeof line, " %s", tr(M_ACTIVITY_LOCKED));
	}
	draw_fill((rect){y, 0, 1, a->cols}, R_BANNER);
	draw_text(y, 0, a->cols, line, R_BANNER);
}

/* ---- status line ----------------------------------------------------- */

static void fmt_duration(int64_t secs, char *out, size_t n)
{
	if (secs >= 3600)
		snprintf(out, n, "%d:%02d:%02d", (int)(secs / 3600), (int)(secs / 60 % 60),
			(int)(secs % 60));
	else
		snprintf(out, n, "%02d:%02d", (int)(secs / 60), (int)(secs % 60));
}

/* The status line: role, session, timer, clock and the workshop's title.
 * The role, timer and clock always show whole; the workshop title gives way
 * first, then the session title. */
typedef struct status_parts {
	char timer[320], clock[16];
	char timer_short[200]; /* the timer when the full one does not fit */
	char label[32];        /* the room's session ("第5回"), "" when none */
	buf role, sess;
} status_parts;

/* While the room is in a drill that has started, its clock goes on every
 * terminal's status line, in place of the session's timer. */
static void drill_clock_text(app *a, char *out, size_t n)
{
	const activity *act = a->room.activity[0] ? scenario_find_activity(a->sc, a->room.activity)
		: NULL;
	if (!drill_of(act))
		return;
	drill_run r;
	mm_error err;
	if (drill_load(a->st, act, &r, &err) != MM_OK)
		return;
	int64_t secs;
	drill_phase ph = drill_clock(&r, store_now(), &secs);
	drill_run_free(&r);
	if (ph == DP_READY)
		return;
	snprintf(out, n, tr(ph == DP_PAUSED ? M_DRILL_STATUS_PAUSED : ph == DP_ENDED
		? M_DRILL_STATUS_ENDED : M_DRILL_STATUS_CLOCK), (long long)(secs / 60),
		(long long)(secs % 60));
}

/* The countdown of the activity the room is on, from its minutes: 「残り 04:12」,
 * then 「あと2分」 two minutes before the end and 「時間です」 at zero ("" when the
 * room is on no activity or it has no minutes). */
static void activity_countdown(app *a, const session *cur, int64_t now, char *out, size_t n)
{
	const activity *act = a->room.activity[0]
		? scenario_find_activity(a->sc, a->room.activity) : NULL;
	if (!act || act->session != cur || act->minutes <= 0)
		return;
	int64_t left = (int64_t)act->minutes * 60 - room_activity_elapsed(&a->room, now);
	char d[32];
	fmt_duration(left > 0 ? left : 0, d, sizeof d);
	if (left <= 0)
		snprintf(out, n, "%s", tr(M_ACT_TIME_UP));
	else if (left <= 120)
		snprintf(out, n, tr(M_ACT_TWO_MINUTES), d);
	else
		snprintf(out, n, tr(M_ACT_LEFT), d);
}

static void status_compute(app *a, status_parts *p)
{
	p->sess = p->role = (buf){0};
	p->label[0] = '\0';
	buf_puts(&p->sess, "-");
	snprintf(p->timer, sizeof p->timer, "-");
	snprintf(p->timer_short, sizeof p->timer_short, "-");
	if (a->role == ROLE_FACILITATOR)
		buf_puts(&p->role, tr(M_ROLE_FACILITATOR));
	else if (a->role == ROLE_PRESENTER)
		buf_puts(&p->role, tr(M_ROLE_PRESENTER));
	else
		buf_printf(&p->role, tr(M_ROLE_GROUP), a->group ? a->group : "");
	const session *cur = a->room.session[0] ? scenario_find_session(a->sc, a->room.session)
		: NULL;
	int64_t now = store_now();
	if (cur) {
		char label[32], d[32];
		session_label(cur, label, sizeof label);
		snprintf(p->label, sizeof p->label, "%s", label);
		buf_clear(&p->sess);
		buf_printf(&p->sess, "%s %s", label, L(&cur->title));
		int64_t el = room_elapsed(&a->room, now);
		char sess[96], act[128] = "", paused[64] = "", drill[96] = "";
		if (el > (int64_t)cur->minutes * 60) {
			fmt_duration(el - (int64_t)cur->minutes * 60, d, sizeof d);
			snprintf(sess, sizeof sess, tr(M_OVERTIME), d);
		} else {
			fmt_duration(el, d, sizeof d);
			snprintf(sess, sizeof sess, tr(M_ELAPSED_OF), d, cur->minutes);
		}
		activity_countdown(a, cur, now, act, sizeof act);
		if (a->room.paused_at)
			snprintf(paused, sizeof paused, " (%s)", tr(M_TIMER_PAUSED));
		snprintf(p->timer, sizeof p->timer, "%s%s%s%s", sess, act[0] ? " | " : "", act,
			paused);
		/* short: the activity's countdown alone, else the session's timer */
		snprintf(p->timer_short, sizeof p->timer_short, "%s%s", act[0] ? act : sess,
			paused);
		drill_clock_text(a, drill, sizeof drill);
		if (drill[0]) {
			snprintf(p->timer, sizeof p->timer, "%s", drill);
			snprintf(p->timer_short, sizeof p->timer_short, "%s", drill);
		}
	}
	time_t t = (time_t)now;
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(p->clock, sizeof p->clock, "%H:%M", &tm);
}

static void status_text(app *a, buf *out)
{
	status_parts p;
	status_compute(a, &p);
	buf_clear(out);
	buf_printf(out, "%s|%s|%s|%s", buf_str(&p.role), buf_str(&p.sess), p.timer, p.clock);
	buf_free(&p.role);
	buf_free(&p.sess);
}

static void draw_status(app *a, int y)
{
	status_parts p;
	status_compute(a, &p);
	bool has_sess = p.label[0] != '\0';
	char fixed_r[400];
	buf fixed_l = {0};
	buf_printf(&fixed_l, " %s | ", buf_str(&p.role));
	buf_free(&p.role);
	/* no session in the room: no "-" for it nor for its timer */
	if (has_sess)
		snprintf(fixed_r, sizeof fixed_r, " | %s | %s ", p.timer, p.clock);
	else
		snprintf(fixed_r, sizeof fixed_r, " | %s ", p.clock);
	int lw = text_width(buf_str(&fixed_l)), rw = text_width(fixed_r);
	if (has_sess && lw + rw + 4 > a->cols) { /* a narrow screen: the shorter timer */
		snprintf(fixed_r, sizeof fixed_r, " | %s | %s ", p.timer_short, p.clock);
		rw = text_width(fixed_r);
	}
	int room = a->cols - lw - rw;
	if (room < 4) { /* only the essentials: the role, and the timers if they fit */
		draw_fill((rect){y, 0, 1, a->cols}, R_STATUS);
		draw_text(y, 0, a->cols, buf_str(&fixed_l), R_STATUS);
		if (lw + rw <= a->cols)
			draw_text(y, a->cols - rw, rw, fixed_r, R_STATUS);
		buf_free(&fixed_l);
		buf_free(&p.sess);
		return;
	}
	/* The middle: the session and the program's title. To show the title
	 * whole, the session is cut down as far as its label ("第5回"); when
	 * even that is not enough, the session comes first and the title gets
	 * what is left (none under 8 columns). */
	const char *title = app_title(a);
	int tw = text_width(title);
	int sw = has_sess ? text_width(buf_str(&p.sess)) : 0;
	int lab = has_sess ? text_width(p.label) : 0;
	int sep = has_sess ? 3 : 0; /* " | " between them */
	int ss, ts;
	if (!has_sess) {
		ss = 0;
		ts = tw < room ? tw : room;
	} else if (sw + sep + tw <= room) {
		ss = sw;
		ts = tw;
	} else if (lab + sep + tw <= room) {
		ss = room - sep - tw;
		ts = tw;
	} else {
		ss = sw < room ? sw : room;
		ts = room - ss - sep;
		if (ts < 8)
			ts = 0;
	}
	int x = 0;
	draw_fill((rect){y, 0, 1, a->cols}, R_STATUS);
	draw_text(y, x, lw, buf_str(&fixed_l), R_STATUS);
	buf_free(&fixed_l);
	x += lw;
	if (ss > 0) /* cut to about its label: the label alone, not "第5~" */
		draw_text(y, x, ss, ss < sw && ss < lab + 3 ? p.label : buf_str(&p.sess), R_STATUS);
	buf_free(&p.sess);
	x += ss;
	if (ts > 0) {
		if (sep) {
			draw_text(y, x, sep, " | ", R_STATUS);
			x += sep;
		}
		draw_text(y, x, ts, title, R_STATUS);
	}
	draw_text(y, a->cols - rw, rw, fixed_r, R_STATUS);
}

static void draw_header(app *a, view *v)
{
	buf left = {0};
	buf_putc(&left, ' ');
	if (v->ops->title)
		v->ops->title(a, v, &left);
	draw_fill((rect){0, 0, 1, a->cols}, R_HEADER);
	int right_w = 0;
	if (store_readonly(a->st)) {
		char tag[64];
		snprintf(tag, sizeof tag, " %s ", tr(M_READONLY));
		right_w = text_width(tag);
		draw_text(0, a->cols - right_w, right_w, tag, R_BANNER);
	}
	draw_text(0, 0, a->cols - right_w - 1, buf_str(&left), R_HEADER);
	buf_free(&left);
}

static void draw_footer(app *a, view *v, int y)
{
	int64_t now = (int64_t)time(NULL);
	if (a->message.len && now - a->message_at < MESSAGE_SECONDS) {
		buf m = {0};
		buf_printf(&m, " %s", buf_str(&a->message));
		draw_text(y, 0, a->cols, buf_str(&m), a->message_error ? R_ERROR : R_EMPH);
		buf_free(&m);
		return;
	}
	buf_clear(&a->message);
	msg_id f = v->ops->footer_now ? v->ops->footer_now(a, v) : (msg_id)0;
	buf m = {0};
	buf_putc(&m, ' ');
	if (!f && app_previewing(a, NULL, NULL)) {
		char keys[64];
		keymap_key_names(A_ROOM_HERE, v->ops->ctx, keys, sizeof keys);
		char *sp = strchr(keys, ' ');
		if (sp)
			*sp = '\0';
		buf_printf(&m, "%s %s  ", keys, tr(M_BRIEF_ROOM_HERE));
	}
	if (f || !keys_footer(a, v, &m, a->cols))
		buf_puts(&m, tr(f ? f : v->ops->footer));
	draw_text(y, 0, a->cols, buf_str(&m), R_DIM);
	buf_free(&m);
}

static void draw_too_small(app *a)
{
	erase();
	char need[160];
	snprintf(need, sizeof need, tr(M_TOO_SMALL_NEED), UI_MIN_COLS, UI_MIN_ROWS, a->cols,
		a->rows);
	int y = a->rows / 2 - 1;
	if (y < 0)
		y = 0;
	draw_center(y, 0, a->cols, tr(M_TOO_SMALL), R_TITLE);
	if (y + 2 < a->rows)
		draw_center(y + 2, 0, a->cols, need, R_NORMAL);
}

static void draw_all(app *a)
{
	getmaxyx(stdscr, a->rows, a->cols);
	if (a->rows < UI_MIN_ROWS || a->cols < UI_MIN_COLS) {
		draw_too_small(a);
		refresh();
		return;
	}
	erase();
	curs_set(0); /* an editor being drawn turns it on again */
	view *v = a->stack[a->depth - 1];
	draw_header(a, v);
	int top = 1;
	if (store_readonly(a->st)) {
		char b[256];
		snprintf(b, sizeof b, " %s", tr(M_READONLY_BANNER));
		draw_text(1, 0, a->cols, b, R_BANNER);
		top = 2;
	}
	if (!a->help_open && app_previewing(a, NULL, NULL))
		draw_preview(a, top++);
	if (!a->help_open && a->role == ROLE_GROUP && a->room_notice)
		draw_room_notice(a, top++);
	if (a->room.message[0])
		draw_room_message(a, top++);
	if (!a->help_open && locked_activity(a))
		draw_locked(a, top++);
	rect area = {top, 1, a->rows - top - 2, a->cols - 2};
	if (a->help_open)
		help_draw(a, area);
	else
		v->ops->draw(a, v, area);
	draw_footer(a, v, a->rows - 2);
	draw_status(a, a->rows - 1);
	status_text(a, &a->last_status);
	if (a->prompt) {
		/* the facilitator's message to the room, typed on the footer line */
		const char *label = tr(M_ROOM_MESSAGE_PROMPT);
		int lw = text_width(label) + 1, y = a->rows - 2;
		draw_fill((rect){y, 0, 1, a->cols}, R_NORMAL);
		draw_text(y, 1, lw, label, R_EMPH);
		int w = a->cols - lw - 2;
		if (w < 4)
			w = 4;
		editor_line_fit(a->prompt, w);
		editor_line_draw(a->prompt, y, lw + 1, w, R_SELECTED);
	} else if (!a->help_open && v->ops->cursor) {
		v->ops->cursor(a, v); /* put the terminal cursor where the view edits */
	}
	refresh();
}

static void reload_all(app *a)
{
	reload_room(a);
	for (int k = 0; k < a->depth; k++)
		if (a->stack[k]->ops->reload)
			a->stack[k]->ops->reload(a, a->stack[k]);
}

/* On a group's terminal, a key that would start a write in a locked
 * activity is answered at once (the core refuses the write itself too, and
 * an editor already open when the lock came meets that refusal on saving). */
static bool locked_write(app *a, const view *v, action act)
{
	static const action writes[] = {A_EDIT, A_CLEAR, A_ADD_ROW, A_INSERT_ROW,
		A_DELETE_ROW, A_DUP_ROW, A_MOVE_UP, A_MOVE_DOWN, A_UNDO, A_REDO, A_EXAMPLE,
		A_IMPORT, A_VOTE, A_UNVOTE, A_MOVE_NOTE, A_ADDRESS};
	if (a->role != ROLE_GROUP || !v->act || v->ops->ctx != C_TABLE)
		return false;
	bool w = false;
	for (size_t k = 0; k < sizeof writes / sizeof writes[0]; k++)
		w = w || writes[k] == act;
	return w && locked_activity(a) == v->act;
}

static void handle(app *a, action act)
{
	if (a->help_open) {
		if (!help_act(a, act))
			a->help_open = false;
		return;
	}
	view *v = a->stack[a->depth - 1];
	if (locked_write(a, v, act)) {
		app_message(a, true, "%s", tr(M_ACTIVITY_LOCKED));
		return;
	}
	if (v->ops->act && v->ops->act(a, v, act))
		return;
	mm_error err;
	switch (act) {
	case A_HELP:
		a->help_open = true;
		a->help_top = 0;
		break;
	case A_BACK:
		if (a->depth > 1)
			app_pop(a); /* looking elsewhere is not moving: the room stays (p moves it) */
		break;
	case A_QUIT:
		a->quit = true;
		break;
	case A_DASHBOARD: {
		/* the session on screen, else the room's, else the first */
		const session *s = v->act ? v->act->session : v->session;
		if (!s && a->room.session[0])
			s = scenario_find_session(a->sc, a->room.session);
		if (!s)
			s = scenario_step_session(a->sc, NULL, 1);
		if (s)
			app_push(a, view_dashboard_new(a, s));
		break;
	}
	case A_LANG:
		i18n_set_lang(i18n_lang() == LANG_JA ? LANG_EN : LANG_JA);
		reload_all(a);
		break;
	case A_REDRAW:
		clearok(curscr, TRUE);
		break;
	case A_TIMER:
		if (a->role != ROLE_FACILITATOR) {
			app_message(a, true, "%s", tr(M_ONLY_FACILITATOR));
		} else if (!a->room.session[0]) {
			app_message(a, true, "%s", tr(M_TIMER_NO_SESSION));
		} else if (store_room_toggle_pause(a->st, store_now(), &err) != MM_OK) {
			app_message(a, true, "%s", err.msg);
		} else {
			reload_room(a);
			if (a->room.paused_at) {
				char keys[64];
				keymap_key_names(A_TIMER, v->ops->ctx, keys, sizeof keys);
				app_message(a, false, tr(M_TIMER_PAUSED_NOW), keys);
			} else {
				app_message(a, false, "%s", tr(M_TIMER_RESUMED));
			}
		}
		break;
	case A_NOTICE_HIDE:
		if (a->role == ROLE_GROUP)
			a->room_notice = false;
		break;
	case A_ROOM_MESSAGE:
		if (a->role != ROLE_FACILITATOR) {
			app_message(a, true, "%s", tr(M_ONLY_FACILITATOR));
		} else if (store_check_writable(a->st, &err) != MM_OK) {
			app_message(a, true, "%s", err.msg);
		} else {
			a->prompt = xcalloc(1, sizeof *a->prompt);
			edit_init(a->prompt, ROOM_MESSAGE_MAX);
			edit_set_text(a->prompt, a->room.message);
		}
		break;
	case A_LOCK: {
		bool locked = false;
		if (a->role != ROLE_FACILITATOR) {
			app_message(a, true, "%s", tr(M_ONLY_FACILITATOR));
		} else if (!v->act) {
			app_message(a, true, "%s", tr(M_LOCK_NONE));
		} else if (store_activity_locked(a->st, v->act->id, &locked, &err) != MM_OK
			|| store_activity_lock(a->st, v->act->id, !locked, &err) != MM_OK) {
			app_message(a, true, "%s", err.msg);
		} else {
			app_message(a, false, tr(locked ? M_ACTIVITY_UNLOCKED_NOW
				: M_ACTIVITY_LOCKED_NOW), L(&v->act->title));
			reload_all(a);
		}
		break;
	}
	case A_ROOM_HERE: {
		const session *s = NULL;
		const activity *ac = NULL;
		if (a->role == ROLE_GROUP) {
			if (join_room(a)) {
				buf place = {0};
				const activity *ra = a->room.activity[0]
					? scenario_find_activity(a->sc, a->room.activity) : NULL;
				place_text(scenario_find_session(a->sc, a->room.session), ra, &place);
				app_message(a, false, tr(M_ROOM_JOINED), buf_str(&place));
				buf_free(&place);
			} else {
				app_message(a, true, "%s", tr(M_ROOM_JOIN_NONE));
			}
		} else if (a->role != ROLE_FACILITATOR) {
			app_message(a, true, "%s", tr(M_ONLY_FACILITATOR));
		} else if (store_check_writable(a->st, &err) != MM_OK) {
			app_message(a, true, "%s", err.msg);
		} else if (app_previewing(a, &s, &ac)) {
			app_room_set(a, s, ac);
			buf place = {0};
			place_text(s, ac, &place);
			app_message(a, false, tr(M_ROOM_MOVED_HERE), buf_str(&place));
			buf_free(&place);
		} else if (v->act || v->session) {
			app_message(a, false, "%s", tr(M_ROOM_ALREADY_HERE));
		} else {
			app_message(a, true, "%s", tr(M_ROOM_HERE_NONE));
		}
		break;
	}
	case A_NEXT_SESSION:
	case A_PREV_SESSION: {
		if (a->role != ROLE_FACILITATOR) {
			app_message(a, true, "%s", tr(M_ONLY_FACILITATOR));
			break;
		}
		bool back = act == A_PREV_SESSION, was_on = a->room.session[0] != '\0';
		const session *s = scenario_step_session(a->sc, a->room.session, back ? -1 : 1);
		if (!s) {
			app_message(a, true, "%s", tr(back ? M_ROOM_NO_EARLIER : M_ROOM_NO_LATER));
			break;
		}
		while (a->depth > 1)
			app_pop(a);
		app_push(a, view_session_new(a, s));
		app_room_set(a, s, NULL);
		char label[32];
		session_label(s, label, sizeof label);
		app_message(a, false, tr(back && was_on ? M_ROOM_MOVED_BACK
			: M_ROOM_MOVED), label);
		break;
	}
	default:
		break;
	}
}

/* The facilitator's choice of whose work to show goes to the projector. */
static void follow_owner(app *a)
{
	if (a->role != ROLE_FACILITATOR || store_readonly(a->st))
		return;
	if (app_previewing(a, NULL, NULL))
		return; /* a preview shows nobody's work to the room */
	view *v = a->stack[a->depth - 1];
	int64_t owner = v->act ? view_owner(v) : 0;
	if (owner == a->room.owner)
		return;
	mm_error err;
	if (store_room_set_owner(a->st, owner, &err) == MM_OK)
		a->room.owner = owner;
}

static void prompt_close(app *a)
{
	if (!a->prompt)
		return;
	edit_free(a->prompt);
	free(a->prompt);
	a->prompt = NULL;
	curs_set(0);
}

/* A key for the facilitator's prompt: Enter sends the message to the room
 * (empty clears it), Esc closes the prompt. */
static void prompt_key(app *a, int r, wint_t ch)
{
	ed_result res = editor_line_key(a->prompt, r, ch);
	if (res == ED_CONTINUE)
		return;
	if (res == ED_ACCEPT) {
		mm_error err;
		char *text = xstrdup(edit_get_text(a->prompt));
		/* spaces alone are no message */
		bool empty = text[strspn(text, " \u3000")] == '\0';
		if (store_room_set_message(a->st, empty ? "" : text, &err) != MM_OK)
			app_message(a, true, "%s", err.msg);
		else
			app_message(a, false, "%s", tr(empty ? M_ROOM_MESSAGE_CLEARED
				: M_ROOM_MESSAGE_SENT));
		free(text);
		reload_room(a);
	}
	prompt_close(a);
}

/* The facilitator's view state goes to the projector when it changed: one
 * short write of the room_view row. */
static void publish_view(app *a)
{
	if (a->role != ROLE_FACILITATOR || store_readonly(a->st))
		return;
	view *v = a->stack[a->depth - 1];
	buf rec = {0};
	buf_printf(&rec, "%s\n%lld\n", v->act ? v->act->id : "",
		(long long)(v->act ? view_owner(v) : 0));
	size_t head = rec.len;
	if (v->ops->publish) /* an activity's view, or the overview of the groups */
		v->ops->publish(a, v, &rec);
	if (strcmp(buf_str(&rec), buf_str(&a->published)) != 0) {
		mm_error err;
		if (store_room_view_set(a->st, v->act ? v->act->id : "", v->act ? view_owner(v) : 0,
			buf_str(&rec) + head, &err) == MM_OK) {
			buf_clear(&a->published);
			buf_puts(&a->published, buf_str(&rec));
		}
	}
	buf_free(&rec);
}

static int64_t monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A key took long (the database was busy): keys typed meanwhile were meant
 * for what the user expected to be open. If an editor is open they go to
 * it; otherwise they are dropped, and the user is told, rather than run as
 * commands (typing "Daily" must never delete a row with D). */
static void drop_typeahead(app *a)
{
	view *top = a->stack[a->depth - 1];
	if (a->help_open || (top->ops->modal && top->ops->modal(top)))
		return;
	int n = 0;
	wint_t ch;
	timeout(0);
	while (get_wch(&ch) != ERR)
		n++;
	if (n)
		app_message(a, true, tr(n == 1 ? M_EDIT_KEY_DROPPED1 : M_EDIT_KEYS_DROPPED), n);
}

/* After the screen is closed: the database went away under this terminal.
 * Says so in one line, with where the text being typed was kept (the views'
 * hangup put it in the store's drafts); if no file could take it, the text
 * itself follows, so nothing typed is lost. Returns the exit status. */
static int report_gone(store *st)
{
	const char *file = NULL;
	mm_error err = {0};
	if (store_rescue_drafts(st, &file, &err) != MM_OK) {
		fprintf(stderr, "mamori: ");
		fprintf(stderr, tr(M_STORE_GONE_DRAFT_LOST), store_path(st), err.msg);
		fputc('\n', stderr);
		const char *place, *text;
		for (int k = 0; store_draft_text(st, k, &place, &text); k++)
			fprintf(stderr, "%s\n", text);
	} else if (file) {
		fprintf(stderr, "mamori: ");
		fprintf(stderr, tr(M_STORE_GONE_DRAFT), store_path(st), file);
		fputc('\n', stderr);
	} else {
		fprintf(stderr, "mamori: ");
		fprintf(stderr, tr(M_STORE_GONE_NO_DRAFT), store_path(st));
		fputc('\n', stderr);
	}
	return 1;
}

static volatile sig_atomic_t hangup;

static void on_hangup(int sig)
{
	(void)sig;
	hangup = 1;
}

/* What the input loop sleeps on: a key, another process's write (the
 * store's watch), a signal (resize, hangup), or the next moment something
 * on the screen depends on the time. */
typedef struct waiter {
	store_watch *w;     /* NULL: no inotify here, the store is asked every POLL_MS */
	bool pending;       /* the watch saw a write the store has not been asked about */
	int64_t check_at;   /* when to ask (monotonic ms) */
	int retry;          /* asked again after a wake that found nothing (retry_ms) */
	int64_t last_change; /* when it last found another process's write */
	int gap;            /* ms from then before the next refresh (GAP_MS..POLL_MS) */
	unsigned seed;      /* jitter's own generator (rand() is left alone) */
	long long own;      /* store_own_changes at the last look */
} waiter;

static unsigned jitter(waiter *wt)
{
	wt->seed ^= wt->seed << 13;
	wt->seed ^= wt->seed >> 17;
	wt->seed ^= wt->seed << 5;
	return wt->seed ? wt->seed : (wt->seed = 1);
}

static int64_t realtime_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Something on the screen changes with the time alone: the session's and the
 * drill's timers, a view's tick (a draft kept every second, a drill's
 * injects), a message that expires, a test's moving clock. Else only the
 * status line's HH:MM does, once a minute. */
static bool time_on_screen(const app *a)
{
	const view *top = a->stack[a->depth - 1];
	if (top->ops->tick || a->room.session[0] || a->prompt)
		return true;
	if (a->message.len && (int64_t)time(NULL) - a->message_at <= MESSAGE_SECONDS)
		return true;
	const char *clock = getenv("MAMORI_CLOCK_FILE");
	return clock && *clock;
}

/* How long the loop may sleep, in ms. */
static int wait_ms(const app *a, const waiter *wt)
{
	int64_t ms;
	if (!wt->w) {
		ms = POLL_MS;
	} else {
		/* just past the next whole second (or minute) of the wall clock:
		 * 20 ms past, as time(2) reads a coarse clock that may lag a tick
		 * behind (woken at +1 ms it could still say the old second, and
		 * the timers would wait another second) */
		int64_t unit = time_on_screen(a) ? 1000 : 60000;
		ms = unit - realtime_ms() % unit + 20;
	}
	if (wt->pending) {
		int64_t due = wt->check_at - monotonic_ms();
		if (due < ms)
			ms = due;
	}
	if (a->publish_pending) {
		int64_t due = a->publish_at - monotonic_ms();
		if (due < ms)
			ms = due;
	}
	if (a->idle_more && ms > IDLE_WAIT_MS) /* idle work left: keys first, then it */
		ms = IDLE_WAIT_MS;
	return ms < 0 ? 0 : (int)ms;
}

/* The next key (get_wch's return and *CH), or ERR when the loop woke for
 * anything else. Sleeps in ppoll(2) on the terminal and the watch with the
 * signals that matter blocked until then, so a resize (SIGWINCH, which
 * ncurses turns into KEY_RESIZE) or a hangup never arrives unseen just
 * before the sleep. Keys are read without waiting (timeout(0)); ncurses
 * still waits ESCDELAY for the rest of an escape sequence. */
static int next_input(app *a, waiter *wt, wint_t *ch)
{
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGWINCH);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &old);
	timeout(0);
	/* typed ahead, left in ncurses' buffer, or a resize already signalled */
	int r = get_wch(ch);
	if (r != ERR || hangup) {
		sigprocmask(SIG_SETMASK, &old, NULL);
		return r;
	}
	int ms = wait_ms(a, wt);
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
	struct pollfd fds[2] = {{.fd = 0, .events = POLLIN},
		{.fd = store_watch_fd(wt->w), .events = POLLIN}};
	/* while a check a write asked for is due anyway the watch is left
	 * unread: the writes meanwhile wait in its queue (identical events merge
	 * there) instead of waking 60 terminals on every commit of a busy room.
	 * A retry (retry_ms) is no reason to wait: a new write wakes as ever. */
	bool watch = wt->w && (!wt->pending || wt->retry > 0);
	int n = ppoll(fds, watch ? 2 : 1, &ts, &old);
	int saved = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (n < 0)
		return saved == EINTR ? get_wch(ch) : ERR; /* a resize: KEY_RESIZE */
	if (n > 0 && fds[1].revents && store_watch_drain(wt->w)) {
		int64_t at = monotonic_ms() + SETTLE_MS, next = wt->last_change + wt->gap;
		if (wt->gap > GAP_MS) /* busy: 3/4 to 5/4 of the space, so the
				       * terminals' refreshes spread out instead of
				       * all coming together on the same commit */
			next += (int64_t)(jitter(wt) % (unsigned)(wt->gap / 2 + 1)) - wt->gap / 4;
		if (at < next)
			at = next;
		if (!wt->pending || at < wt->check_at)
			wt->check_at = at;
		wt->pending = true;
		wt->retry = 0;
	}
	if (n > 0 && (fds[0].revents & POLLIN))
		return get_wch(ch);
	if (n > 0 && (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)))
		hangup = 1; /* the terminal went away without a SIGHUP */
	return ERR;
}

/* After a wake that found nothing new the store is asked again this much
 * later, then later again: a commit's last step, the -wal's index in the
 * -shm file, is written through a shared mapping that inotify does not see,
 * so a wake can come just before the commit shows (and the writer may be
 * descheduled in between on a busy machine). */
static const int retry_ms[] = {5, 20, 60, 200};

/* Did another process write since the store was last asked? Without a
 * watch it is asked every time round; with one when a wake is due, and once
 * a second anyway (inotify does not see another host's writes on a network
 * file system). */
static bool other_wrote(waiter *wt, store *st, bool second_passed)
{
	if (!wt->w)
		return store_changed(st);
	int64_t now = monotonic_ms();
	bool woke = wt->pending && now >= wt->check_at;
	/* the second's look is for a write no wake told of: not while a check
	 * is due anyway or a change was just found (a busy room would get a
	 * refresh a second more than its spacing allows) */
	if (second_passed && (wt->pending || now - wt->last_change < 1000))
		second_passed = false;
	if (!woke && !second_passed)
		return false;
	if (woke)
		store_watch_drain(wt->w); /* before asking: a write after it wakes anew */
	bool changed = store_changed(st);
	long long own = store_own_changes(st);
	bool mine = own != wt->own; /* this terminal wrote since the last look */
	wt->own = own;
	if (changed) {
		wt->pending = false;
		wt->retry = 0;
		/* another change within twice the space: still busy, space the
		 * next one further; else back to refreshing at once */
		if (now - wt->last_change < 2 * (int64_t)wt->gap)
			wt->gap = wt->gap * 2 < POLL_MS ? wt->gap * 2 : POLL_MS;
		else
			wt->gap = GAP_MS;
		wt->last_change = now;
	} else if (woke) {
		wt->pending = false;
		/* the wake was this terminal's own write: nothing to wait for */
		if (!mine && wt->retry < (int)(sizeof retry_ms / sizeof retry_ms[0])) {
			wt->pending = true;
			wt->check_at = now + retry_ms[wt->retry++];
		}
	}
	return changed;
}

/* ncursesw needs a UTF-8 LC_CTYPE; servers with only C.UTF-8 still work. */
static void ensure_utf8_locale(void)
{
	setlocale(LC_ALL, "");
	const char *cs = setlocale(LC_CTYPE, NULL);
	if (!cs || (!strstr(cs, "UTF-8") && !strstr(cs, "utf8") && !strstr(cs, "UTF8"))) {
		if (!setlocale(LC_CTYPE, "C.UTF-8"))
			setlocale(LC_CTYPE, "en_US.UTF-8");
	}
}

static bool open_activity(app *a, const char *id)
{
	const activity *act = scenario_find_activity(a->sc, id);
	/* "visits" or "visits:N": the expert visits' records at visit N */
	int visit;
	if (!act && visits_open_target(a->sc, id, &visit)) {
		view *vv = view_visits_new(a, visit);
		if (!vv)
			return false;
		if (vv->session)
			app_push(a, view_session_new(a, vv->session));
		app_push(a, vv);
		if (a->role == ROLE_FACILITATOR && vv->session)
			app_room_set(a, vv->session, NULL);
		return true;
	}
	if (!act)
		return false;
	app_push(a, view_session_new(a, act->session));
	app_push(a, view_activity_new(a, act));
	if (a->role == ROLE_FACILITATOR)
		app_room_set(a, act->session, act);
	return true;
}

int ui_run(store *st, scenario *sc, const char *workshop_title, const ui_options *opt)
{
	app a = {.st = st, .sc = sc, .role = opt->role};
	/* an untitled workshop shows the scenario's title, in the screen's language */
	a.workshop_title = xstrdup(workshop_title && *workshop_title ? workshop_title : "");
	a.group = opt->group;
	a.follow_opt = a.following = opt->role == ROLE_GROUP && opt->follow;
	reload_room(&a);

	ensure_utf8_locale();
	struct sigaction sa = {.sa_handler = on_hangup};
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (!initscr()) {
		fprintf(stderr, "mamori: cannot start the terminal screen\n");
		buf_free(&a.message);
		return 1;
	}
	raw();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	timeout(0); /* the loop sleeps in ppoll, not in get_wch */
	const char *nc = getenv("NO_COLOR");
	a.mono = (nc && *nc) || !has_colors();
	theme_init(a.mono);

	if (opt->role == ROLE_PRESENTER) {
		app_push(&a, view_present_new(&a));
	} else {
		app_push(&a, view_agenda_new(&a));
		if (opt->open_activity)
			open_activity(&a, opt->open_activity);
		group_room_step(&a); /* --follow: straight to where the room is */
	}

	draw_all(&a);
	if (a.stack[a.depth - 1]->ops->tick)
		a.stack[a.depth - 1]->ops->tick(&a, a.stack[a.depth - 1]);
	int64_t last_second = (int64_t)time(NULL);
	bool gone = false; /* the database file was deleted or replaced */
	waiter wt = {.w = store_watch_open(store_path(st)), .gap = GAP_MS};
	wt.seed = (unsigned)getpid() * 2654435761u ^ (unsigned)monotonic_ms();
	while (!a.quit && !hangup && !gone) {
		wint_t ch;
		int r = next_input(&a, &wt, &ch);
		if (hangup)
			break;
		if (a.publish_pending && (r == ERR ? monotonic_ms() >= a.publish_at
			: monotonic_ms() - a.publish_first >= PUBLISH_MAX_MS)) {
			a.publish_pending = false;
			publish_view(&a);
		}
		bool dirty = false;
		view *top = a.stack[a.depth - 1];
		int64_t began = monotonic_ms();
		/* a message answers the last key: the next one (not a resize)
		 * clears it, so the footer never shows a stale refusal */
		if (r == OK || (r == KEY_CODE_YES && ch != KEY_RESIZE))
			buf_clear(&a.message);
		if (a.prompt && (r == OK || (r == KEY_CODE_YES && ch != KEY_RESIZE))) {
			prompt_key(&a, r, ch);
			dirty = true;
		} else if (r != ERR && !a.help_open && top->ops->raw && top->ops->raw(&a, top, r, ch)) {
			dirty = true;
		} else if (r == KEY_CODE_YES) {
			if (ch == KEY_RESIZE) {
				dirty = true;
			} else {
				action act = keymap_lookup((int)ch, true, top->ops->ctx);
				if (act != A_NONE) {
					handle(&a, act);
					dirty = true;
				}
			}
		} else if (r == OK) {
			action act = keymap_lookup((int)ch, false, top->ops->ctx);
			if (act != A_NONE) {
				handle(&a, act);
				dirty = true;
			}
		}
		if (r != ERR && monotonic_ms() - began >= SLOW_MS)
			drop_typeahead(&a);
		if (r == ERR && top->ops->tick)
			top->ops->tick(&a, top);
		view *iv = a.stack[a.depth - 1]; /* top may be gone (a key closed it) */
		a.idle_more = iv->ops->idle && iv->ops->idle(&a, iv, r == ERR ? IDLE_MS : 0);
		if (a.redraw) {
			a.redraw = false;
			dirty = true;
		}
		if (store_gone(st)) {
			gone = true; /* nothing more can be saved: keep the typing, stop */
			break;
		}
		int64_t now = (int64_t)time(NULL);
		if (other_wrote(&wt, st, now != last_second)) {
			reload_all(&a);
			dirty = true;
		}
		if (group_room_step(&a))
			dirty = true;
		if (now != last_second) {
			last_second = now;
			buf s = {0};
			status_text(&a, &s);
			/* a message goes once it is MESSAGE_SECONDS old */
			if (strcmp(buf_str(&s), buf_str(&a.last_status)) != 0
				|| (a.message.len && now - a.message_at <= MESSAGE_SECONDS))
				dirty = true;
			buf_free(&s);
		}
		if (dirty && !a.quit) {
			follow_owner(&a);
			draw_all(&a);
			/* what the projector follows, after drawing (scroll positions
			 * are set) and once keys pause: a write to the database
			 * between two keys would keep the second waiting */
			int64_t now_ms = monotonic_ms();
			if (!a.publish_pending)
				a.publish_first = now_ms;
			a.publish_pending = true;
			a.publish_at = now_ms + PUBLISH_DELAY_MS;
			/* work a view left for after the screen is up (loading the rest
			 * of a long table) happens now, not at the next timeout */
			top = a.stack[a.depth - 1];
			if (top->ops->tick)
				top->ops->tick(&a, top);
		}
	}
	if (a.publish_pending && !gone) /* the last view, for the projector */
		publish_view(&a);
	/* the groups' overview is on the projector only while it is open here */
	if (a.role == ROLE_FACILITATOR && !store_readonly(st) && !gone
		&& strstr(buf_str(&a.published), "view=dashboard\n")) {
		mm_error err;
		store_room_view_set(st, "", 0, "", &err);
	}
	if (hangup || gone)
		for (int k = 0; k < a.depth; k++)
			if (a.stack[k]->ops->hangup)
				a.stack[k]->ops->hangup(&a, a.stack[k]);
	if (hangup && !gone) {
		/* drafts the database could not take (locked by another process)
		 * go to a file the next start puts back */
		const char *parked;
		mm_error perr;
		store_drafts_park(st, &parked, &perr);
	}
	endwin();
	store_watch_close(wt.w);
	int rc = 0;
	if (gone)
		rc = report_gone(st);
	while (a.depth > 0) {
		view *v = a.stack[--a.depth];
		v->ops->free(v);
	}
	histories_free(&a);
	prompt_close(&a);
	free(a.workshop_title);
	buf_free(&a.message);
	buf_free(&a.last_status);
	buf_free(&a.published);
	room_view_free(&a.shown);
	return rc;
}
