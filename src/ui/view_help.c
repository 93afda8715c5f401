/* view_help.c — the help screen, generated from the key table. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "text.h"
#include "ui.h"

static const struct {
	key_context ctx;
	msg_id title;
} sections[] = {
	{C_LIST, M_CTX_LIST},
	{C_TABLE, M_CTX_TABLE},
	{C_ALL, M_CTX_ALL},
	{C_FAC, M_ROLE_FACILITATOR},
};

/* The current view's own actions only: a document has no heat map. */
static bool help_shows(app *a, action act)
{
	const view *v = a->stack[a->depth - 1];
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

void help_draw(app *a, rect area)
{
	(void)a;
	int y = area.y;
	draw_text(y++, area.x, area.w, tr(M_HELP_TITLE), R_TITLE);
	y++;
	int skip = a->help_top;
	for (size_t s = 0; s < sizeof sections / sizeof sections[0]; s++) {
		if (skip-- <= 0 && y < area.y + area.h)
			draw_text(y++, area.x, area.w, tr(sections[s].title), R_HEADING);
		for (int act = 1; act < A_COUNT; act++) {
			if (action_context((action)act) != sections[s].ctx)
				continue;
			if (!help_shows(a, (action)act))
				continue;
			if (skip-- > 0)
				continue;
			if (y >= area.y + area.h - 1)
				break;
			char keys[64], padded[96], line[300];
			keymap_key_names((action)act, keys, sizeof keys);
			text_fit_pad(keys, 18, padded);
			snprintf(line, sizeof line, "  %s %s", padded, tr(action_help((action)act)));
			draw_text(y++, area.x, area.w, line, R_NORMAL);
		}
		y++;
	}
	draw_text(area.y + area.h - 1, area.x, area.w, tr(M_HELP_CLOSE), R_DIM);
}

bool help_act(app *a, action act)
{
	switch (act) {
	case A_DOWN: case A_PGDN: a->help_top++; return true;
	case A_UP: case A_PGUP: if (a->help_top > 0) a->help_top--; return true;
	case A_LANG: i18n_set_lang(i18n_lang() == LANG_JA ? LANG_EN : LANG_JA); return true;
	default: return false; /* Esc, ?, q and the rest close the help */
	}
}
