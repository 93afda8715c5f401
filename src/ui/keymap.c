/* keymap.c — the key table: one place binds keys to actions, and the help
 * screen is generated from it. */
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "ui.h"

typedef struct binding {
	int key;
	bool keycode; /* a curses KEY_* code rather than a character */
	action act;
	const char *name;
} binding;

#define CTRL(c) ((c) & 0x1f)

static const binding bindings[] = {
	{KEY_UP, true, A_UP, "Up"},
	{'k', false, A_UP, "k"},
	{KEY_DOWN, true, A_DOWN, "Down"},
	{'j', false, A_DOWN, "j"},
	{KEY_PPAGE, true, A_PGUP, "PgUp"},
	{'b', false, A_PGUP, "b"},
	{KEY_NPAGE, true, A_PGDN, "PgDn"},
	{' ', false, A_PGDN, "Space"},
	{KEY_HOME, true, A_HOME, "Home"},
	{'g', false, A_HOME, "g"},
	{KEY_END, true, A_END, "End"},
	{'G', false, A_END, "G"},
	{'\r', false, A_OPEN, "Enter"},
	{'\n', false, A_OPEN, NULL},
	{KEY_ENTER, true, A_OPEN, NULL},
	{KEY_RIGHT, true, A_OPEN, NULL},
	{27, false, A_BACK, "Esc"},
	{KEY_LEFT, true, A_BACK, "Left"},
	{KEY_BACKSPACE, true, A_BACK, NULL},
	{'n', false, A_NEXT_SESSION, "n"},
	{'p', false, A_PREV_SESSION, "p"},
	{'t', false, A_TIMER, "t"},
	{'L', false, A_LANG, "L"},
	{CTRL('l'), false, A_REDRAW, "Ctrl-L"},
	{'?', false, A_HELP, "?"},
	{KEY_F(1), true, A_HELP, "F1"},
	{'q', false, A_QUIT, "q"},
	{CTRL('c'), false, A_QUIT, NULL},
};

#define NBINDINGS (sizeof bindings / sizeof bindings[0])

action keymap_lookup(int key, bool is_keycode)
{
	for (size_t k = 0; k < NBINDINGS; k++)
		if (bindings[k].key == key && bindings[k].keycode == is_keycode)
			return bindings[k].act;
	return A_NONE;
}

const char *keymap_key_names(action act, char *out, size_t n)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t k = 0; k < NBINDINGS; k++) {
		if (bindings[k].act != act || !bindings[k].name)
			continue;
		int w = snprintf(out + len, n - len, "%s%s", len ? " " : "", bindings[k].name);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	return out;
}

static const struct {
	msg_id help;
	key_context ctx;
} action_info[A_COUNT] = {
	[A_NONE] = {M_APP_NAME, C_ALL},
#define ACTION(id, help, ctx) [id] = {help, ctx},
#include "actions.def"
#undef ACTION
};

key_context action_context(action act)
{
	return action_info[act].ctx;
}

msg_id action_help(action act)
{
	return action_info[act].help;
}
