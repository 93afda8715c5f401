/* app.c — the terminal: start-up, the view stack, the input loop that also
 * polls the database for other terminals' writes, the status line, resize
 * and the too-small screen. Nothing draws in a signal handler. */
#include <curses.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "drill.h"
#include "sheet.h"
#include "text.h"
#include "ui.h"

#define POLL_MS 200
#define MESSAGE_SECONDS 6
#define SLOW_MS 400 /* a key that took longer: keys typed meanwhile are checked */

void session_label(const session *s, char *out, size_t n)
{
	bool visit = s->track && strcmp(s->track->id, "workshop") != 0;
	snprintf(out, n, tr(visit ? M_VISIT_N : M_SESSION_N), s->number);
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

static void reload_room(app *a)
{
	mm_error err;
	if (store_room_get(a->st, &a->room, &err) != MM_OK)
		app_message(a, true, "%s", err.msg);
	if (a->role == ROLE_PRESENTER) {
		room_view_free(&a->shown);
		store_room_view_get(a->st, &a->shown, &err);
	}
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
	char timer[96], clock[16];
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

static void status_compute(app *a, status_parts *p)
{
	p->sess = p->role = (buf){0};
	buf_puts(&p->sess, "-");
	snprintf(p->timer, sizeof p->timer, "-");
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
		buf_clear(&p->sess);
		buf_printf(&p->sess, "%s %s", label, L(&cur->title));
		int64_t el = room_elapsed(&a->room, now);
		if (el > (int64_t)cur->minutes * 60) {
			fmt_duration(el - (int64_t)cur->minutes * 60, d, sizeof d);
			snprintf(p->timer, sizeof p->timer, tr(M_OVERTIME), d);
		} else {
			fmt_duration(el, d, sizeof d);
			snprintf(p->timer, sizeof p->timer, tr(M_ELAPSED_OF), d, cur->minutes);
		}
		if (a->room.paused_at) {
			size_t l = strlen(p->timer);
			snprintf(p->timer + l, sizeof p->timer - l, " (%s)", tr(M_TIMER_PAUSED));
		}
		drill_clock_text(a, p->timer, sizeof p->timer);
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
	char fixed_r[160];
	buf fixed_l = {0};
	buf_printf(&fixed_l, " %s | ", buf_str(&p.role));
	buf_free(&p.role);
	snprintf(fixed_r, sizeof fixed_r, " | %s | %s ", p.timer, p.clock);
	int lw = text_width(buf_str(&fixed_l)), rw = text_width(fixed_r);
	int room = a->cols - lw - rw;
	int sw = text_width(buf_str(&p.sess));
	int ww = text_width(app_title(a)) + 4;
	if (room < 4) { /* only the essentials */
		draw_text(y, 0, a->cols, buf_str(&fixed_l), R_STATUS);
		buf_free(&fixed_l);
		buf_free(&p.sess);
		return;
	}
	if (sw > room)
		sw = room;
	int wsw = room - sw >= 8 ? (ww < room - sw ? ww : room - sw) : 0;
	int x = 0;
	draw_fill((rect){y, 0, 1, a->cols}, R_STATUS);
	draw_text(y, x, lw, buf_str(&fixed_l), R_STATUS);
	buf_free(&fixed_l);
	x += lw;
	draw_text(y, x, sw, buf_str(&p.sess), R_STATUS);
	buf_free(&p.sess);
	x += sw;
	if (wsw > 0) {
		buf w = {0};
		buf_printf(&w, " |  %s", app_title(a));
		draw_text(y, x, wsw, buf_str(&w), R_STATUS);
		buf_free(&w);
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
	if (f || !keys_footer(a, v, &m))
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
	rect area = {top, 1, a->rows - top - 2, a->cols - 2};
	if (a->help_open)
		help_draw(a, area);
	else
		v->ops->draw(a, v, area);
	draw_footer(a, v, a->rows - 2);
	draw_status(a, a->rows - 1);
	status_text(a, &a->last_status);
	if (!a->help_open && v->ops->cursor)
		v->ops->cursor(a, v); /* put the terminal cursor where the view edits */
	refresh();
}

static void reload_all(app *a)
{
	reload_room(a);
	for (int k = 0; k < a->depth; k++)
		if (a->stack[k]->ops->reload)
			a->stack[k]->ops->reload(a, a->stack[k]);
}

static void handle(app *a, action act)
{
	if (a->help_open) {
		if (!help_act(a, act))
			a->help_open = false;
		return;
	}
	view *v = a->stack[a->depth - 1];
	if (v->ops->act && v->ops->act(a, v, act))
		return;
	mm_error err;
	switch (act) {
	case A_HELP:
		a->help_open = true;
		a->help_top = 0;
		break;
	case A_BACK:
		if (a->depth > 1) {
			/* leaving an activity takes the room back to its session */
			const activity *left = v->act;
			app_pop(a);
			if (left)
				app_room_set(a, left->session, NULL);
		}
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
		} else if (store_room_toggle_pause(a->st, store_now(), &err) != MM_OK) {
			app_message(a, true, "%s", err.msg);
		} else {
			reload_room(a);
		}
		break;
	case A_NEXT_SESSION:
	case A_PREV_SESSION: {
		if (a->role != ROLE_FACILITATOR) {
			app_message(a, true, "%s", tr(M_ONLY_FACILITATOR));
			break;
		}
		const session *s = scenario_step_session(a->sc, a->room.session,
			act == A_NEXT_SESSION ? 1 : -1);
		if (!s)
			break;
		while (a->depth > 1)
			app_pop(a);
		app_push(a, view_session_new(a, s));
		app_room_set(a, s, NULL);
		char label[32];
		session_label(s, label, sizeof label);
		app_message(a, false, tr(M_ROOM_MOVED), label);
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
	view *v = a->stack[a->depth - 1];
	int64_t owner = v->act ? view_owner(v) : 0;
	if (owner == a->room.owner)
		return;
	mm_error err;
	if (store_room_set_owner(a->st, owner, &err) == MM_OK)
		a->room.owner = owner;
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
	if (v->act && v->ops->publish)
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
	timeout(POLL_MS);
	if (n)
		app_message(a, true, tr(M_EDIT_KEYS_DROPPED), n);
}

static volatile sig_atomic_t hangup;

static void on_hangup(int sig)
{
	(void)sig;
	hangup = 1;
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
	timeout(POLL_MS);
	const char *nc = getenv("NO_COLOR");
	a.mono = (nc && *nc) || !has_colors();
	theme_init(a.mono);

	if (opt->role == ROLE_PRESENTER) {
		app_push(&a, view_present_new(&a));
	} else {
		app_push(&a, view_agenda_new(&a));
		if (opt->open_activity)
			open_activity(&a, opt->open_activity);
	}

	/* the view state is published from the input loop's first frame on
	 * (a write here, before the loop first looks for other terminals'
	 * writes, made a group's answer go unnoticed now and then) */
	draw_all(&a);
	if (a.stack[a.depth - 1]->ops->tick)
		a.stack[a.depth - 1]->ops->tick(&a, a.stack[a.depth - 1]);
	int64_t last_second = (int64_t)time(NULL);
	while (!a.quit && !hangup) {
		wint_t ch;
		int r = get_wch(&ch);
		bool dirty = false;
		view *top = a.stack[a.depth - 1];
		int64_t began = monotonic_ms();
		if (r != ERR && !a.help_open && top->ops->raw && top->ops->raw(&a, top, r, ch)) {
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
		if (a.redraw) {
			a.redraw = false;
			dirty = true;
		}
		if (store_changed(st)) {
			reload_all(&a);
			dirty = true;
		}
		int64_t now = (int64_t)time(NULL);
		if (now != last_second) {
			last_second = now;
			buf s = {0};
			status_text(&a, &s);
			if (strcmp(buf_str(&s), buf_str(&a.last_status)) != 0 || a.message.len)
				dirty = true;
			buf_free(&s);
		}
		if (dirty && !a.quit) {
			follow_owner(&a);
			draw_all(&a);
			publish_view(&a); /* after drawing: scroll positions are set */
			/* work a view left for after the screen is up (loading the rest
			 * of a long table) happens now, not at the next timeout */
			top = a.stack[a.depth - 1];
			if (top->ops->tick)
				top->ops->tick(&a, top);
		}
	}
	if (hangup)
		for (int k = 0; k < a.depth; k++)
			if (a.stack[k]->ops->hangup)
				a.stack[k]->ops->hangup(&a, a.stack[k]);
	endwin();
	while (a.depth > 0) {
		view *v = a.stack[--a.depth];
		v->ops->free(v);
	}
	histories_free(&a);
	free(a.workshop_title);
	buf_free(&a.message);
	buf_free(&a.last_status);
	buf_free(&a.published);
	room_view_free(&a.shown);
	return 0;
}
