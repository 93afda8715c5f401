/* view_help.c — the help screen and the key footer, both made from the key
 * tables: a view's own keys (for this role), the list keys, the keys that
 * work everywhere, and the facilitator's only on the facilitator's screen. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "text.h"
#include "ui.h"

bool key_for_role(const app *a, const view_key *k)
{
	return !k->roles || (k->roles & ROLE_BIT(a->role));
}

/* Does K work for this role on what view V shows? */
static bool key_here(const app *a, const view *v, const view_key *k)
{
	if ((k->act == A_NEXT_OWNER || k->act == A_PREV_OWNER) && v->own && v->own->n < 2)
		return false; /* nobody else's work to step to */
	return key_for_role(a, k) && (!v->ops->key_works || k->act == A_NONE
		|| v->ops->key_works(v, k->act));
}

static bool end_of(const view_key *k)
{
	return k->act == A_NONE && !k->keys;
}

/* The key names of K: its own, or the key map's for its action. */
static void names_of(const view *v, const view_key *k, char *out, size_t n)
{
	if (k->keys)
		snprintf(out, n, "%s", k->keys);
	else
		keymap_key_names(k->act, v->ops->ctx, out, n);
}

static bool in_view_keys(const view *v, action act)
{
	for (const view_key *k = v->ops->keys; k && !end_of(k); k++)
		if (k->act == act)
			return true;
	return false;
}

/* Views without a key table yet: their context's actions, as before. */
static bool legacy_shows(const view *v, action act)
{
	key_context c = action_context(act);
	if (c == C_TABLE && v->ops->ctx != C_TABLE)
		return false;
	if (c != C_TABLE || !v->ops->help_actions)
		return true;
	for (const action *p = v->ops->help_actions; *p != A_NONE; p++)
		if (*p == act)
			return true;
	return false;
}

/* One line of the help: keys padded to a column, then what they do. */
typedef struct help_out {
	int y, x, w, end, skip, total;
} help_out;

static void help_line(help_out *o, const char *text, theme_role role)
{
	o->total++;
	if (o->skip > 0) {
		o->skip--;
		return;
	}
	if (o->y < o->end)
		draw_text(o->y++, o->x, o->w, text, role);
}

static void help_key(help_out *o, const char *keys, const char *what)
{
	char padded[96], line[400];
	text_fit_pad(keys, 18, padded);
	snprintf(line, sizeof line, "  %s %s", padded, what);
	help_line(o, line, R_NORMAL);
}

static void help_context(app *a, const view *v, help_out *o, key_context ctx, msg_id title)
{
	bool any = false;
	for (int act = 1; act < A_COUNT; act++) {
		if (action_context((action)act) != ctx)
			continue;
		if (v->ops->keys ? in_view_keys(v, (action)act) : !legacy_shows(v, (action)act))
			continue; /* told in the view's own part, or not here */
		if (act == A_DASHBOARD && a->role == ROLE_PRESENTER)
			continue;
		if (!any)
			help_line(o, tr(title), R_HEADING);
		any = true;
		char keys[64];
		keymap_key_names((action)act, v->ops->ctx, keys, sizeof keys);
		if (!keys[0])
			continue; /* no key does it on this screen */
		help_key(o, keys, tr(action_help((action)act)));
	}
	if (any)
		help_line(o, "", R_NORMAL);
}

/* The whole help, from line SKIP on, into O (nothing drawn past its end). */
static void help_emit(app *a, const view *v, help_out *o)
{
	if (v->ops->keys) {
		help_line(o, tr(M_CTX_TABLE), R_HEADING);
		for (const view_key *k = v->ops->keys; !end_of(k); k++) {
			if (!key_here(a, v, k))
				continue;
			char keys[64];
			names_of(v, k, keys, sizeof keys);
			help_key(o, keys, tr(k->help ? k->help : action_help(k->act)));
		}
		help_line(o, "", R_NORMAL);
	} else {
		help_context(a, v, o, C_TABLE, M_CTX_TABLE);
	}
	help_context(a, v, o, C_LIST, M_CTX_LIST);
	help_context(a, v, o, C_ALL, M_CTX_ALL);
	if (a->role == ROLE_FACILITATOR)
		help_context(a, v, o, C_FAC, M_ROLE_FACILITATOR);
	if (a->role == ROLE_GROUP) {
		/* the room: p goes where it is, c hides the notice that it moved */
		char keys[64];
		help_line(o, tr(M_CTX_GROUP), R_HEADING);
		keymap_key_names(A_ROOM_HERE, v->ops->ctx, keys, sizeof keys);
		if (keys[0])
			help_key(o, keys, tr(M_KEY_ROOM_JOIN));
		keymap_key_names(A_NOTICE_HIDE, v->ops->ctx, keys, sizeof keys);
		if (keys[0])
			help_key(o, keys, tr(M_KEY_NOTICE_HIDE));
		help_line(o, "", R_NORMAL);
	}
}

void help_draw(app *a, rect area)
{
	const view *v = a->stack[a->depth - 1];
	draw_text(area.y, area.x, area.w, tr(M_HELP_TITLE), R_TITLE);
	/* a help longer than the screen says so, and scrolls to its end */
	help_out count = {0, 0, 0, 0, 0, 0};
	help_emit(a, v, &count);
	int shown = area.h - 3;
	int max_top = count.total - shown > 0 ? count.total - shown : 0;
	if (a->help_top > max_top)
		a->help_top = max_top;
	help_out o = {area.y + 2, area.x, area.w, area.y + area.h - 1, a->help_top, 0};
	help_emit(a, v, &o);
	char foot[200];
	if (max_top > 0)
		snprintf(foot, sizeof foot, "%s   %s", tr(M_HELP_CLOSE),
			tr(a->help_top < max_top ? M_HELP_MORE : M_HELP_END));
	else
		snprintf(foot, sizeof foot, "%s", tr(M_HELP_CLOSE));
	draw_text(area.y + area.h - 1, area.x, area.w, foot, R_DIM);
}

bool help_act(app *a, action act)
{
	switch (act) {
	case A_DOWN: a->help_top++; return true;
	case A_PGDN: a->help_top += 10; return true;
	case A_END: a->help_top = 1 << 20; return true; /* clamped when drawn */
	case A_UP: if (a->help_top > 0) a->help_top--; return true;
	case A_PGUP: a->help_top = a->help_top > 10 ? a->help_top - 10 : 0; return true;
	case A_HOME: a->help_top = 0; return true;
	case A_LANG: i18n_set_lang(i18n_lang() == LANG_JA ? LANG_EN : LANG_JA); return true;
	default: return false; /* Esc, ?, q and the rest close the help */
	}
}

bool keys_footer(app *a, const view *v, buf *out, int width)
{
	if (!v->ops->keys)
		return false;
	/* "? help" and "Esc back" always end it; a hint that does not fit
	 * before them is left to the help (the key table lists the more used
	 * keys first) rather than cut at the screen's edge */
	buf tail = {0};
	buf_printf(&tail, "? %s", tr(M_BRIEF_HELP));
	if (a->depth > 1)
		buf_printf(&tail, "  Esc %s", tr(M_BRIEF_BACK));
	int tail_w = text_width(buf_str(&tail)) + 2;
	char seen[32][64];
	int nseen = 0;
	size_t start = out->len;
	buf hint = {0};
	for (const view_key *k = v->ops->keys; !end_of(k); k++) {
		if (!k->brief || !key_here(a, v, k))
			continue;
		char keys[64];
		names_of(v, k, keys, sizeof keys);
		char *sp = strchr(keys, ' ');
		if (sp && !k->keys)
			*sp = '\0'; /* the first key is enough in the footer */
		bool dup = false;
		for (int s = 0; s < nseen; s++)
			dup |= strcmp(seen[s], keys) == 0;
		if (dup)
			continue; /* a key is never offered twice */
		if (nseen < 32)
			snprintf(seen[nseen++], sizeof seen[0], "%s", keys);
		buf_clear(&hint);
		buf_printf(&hint, "%s%s %s", out->len > start ? "  " : "", keys, tr(k->brief));
		if (text_width(buf_str(out)) + text_width(buf_str(&hint)) + tail_w > width)
			continue;
		buf_puts(out, buf_str(&hint));
	}
	buf_printf(out, "%s%s", out->len > start ? "  " : "", buf_str(&tail));
	buf_free(&hint);
	buf_free(&tail);
	return true;
}
