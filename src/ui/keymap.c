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
	key_context ctx; /* C_ALL: everywhere; else only in views of that context */
} binding;

#define CTRL(c) ((c) & 0x1f)

/* Context bindings come first: a table takes Left/Right for columns, while
 * everywhere else Left goes back. */
static const binding bindings[] = {
	{KEY_LEFT, true, A_COL_LEFT, "Left", C_TABLE},
	{'h', false, A_COL_LEFT, "h", C_TABLE},
	{KEY_RIGHT, true, A_COL_RIGHT, "Right", C_TABLE},
	{'l', false, A_COL_RIGHT, "l", C_TABLE},
	{'\r', false, A_EDIT, "Enter", C_TABLE},
	{'\n', false, A_EDIT, NULL, C_TABLE},
	{KEY_ENTER, true, A_EDIT, NULL, C_TABLE},
	{'e', false, A_EDIT, "e", C_TABLE},
	{'f', false, A_FORM, "f", C_TABLE},
	{KEY_DC, true, A_CLEAR, "Delete", C_TABLE},
	{'a', false, A_ADD_ROW, "a", C_TABLE},
	{'o', false, A_ADD_ROW, "o", C_TABLE},
	{'i', false, A_INSERT_ROW, "i", C_TABLE},
	{'O', false, A_INSERT_ROW, "O", C_TABLE},
	{'D', false, A_DELETE_ROW, "D", C_TABLE},
	{'y', false, A_DUP_ROW, "y", C_TABLE},
	{'K', false, A_MOVE_UP, "K", C_TABLE},
	{'J', false, A_MOVE_DOWN, "J", C_TABLE},
	{'u', false, A_UNDO, "u", C_TABLE},
	{CTRL('r'), false, A_REDO, "Ctrl-R", C_TABLE},
	{'s', false, A_SORT, "s", C_TABLE},
	{'/', false, A_SEARCH, "/", C_TABLE},
	{'n', false, A_SEARCH_NEXT, "n", C_TABLE},
	{'N', false, A_SEARCH_PREV, "N", C_TABLE},
	{'F', false, A_FILTER, "F", C_TABLE},
	{'m', false, A_HEATMAP, "m", C_TABLE},
	{'\t', false, A_NEXT_OWNER, "Tab", C_TABLE},
	{KEY_BTAB, true, A_PREV_OWNER, "Shift-Tab", C_TABLE},
	{'E', false, A_EXAMPLE, "E", C_TABLE},
	{'z', false, A_INTRO, "z", C_TABLE},
	{'x', false, A_EXPORT, "x", C_TABLE},
	{'I', false, A_IMPORT, "I", C_TABLE},
	{'v', false, A_VOTE, "v", C_TABLE},
	{'V', false, A_UNVOTE, "V", C_TABLE},
	{'M', false, A_MOVE_NOTE, "M", C_TABLE},
	{'T', false, A_ADDRESS, "T", C_TABLE},
	{'w', false, A_VARIANT, "w", C_TABLE},
	{'W', false, A_WHO, "W", C_TABLE},
	{'+', false, A_PRESENT_MORE, "+", C_TABLE},
	{'-', false, A_PRESENT_LESS, "-", C_TABLE},
	{KEY_UP, true, A_UP, "Up", C_ALL},
	{'k', false, A_UP, "k", C_ALL},
	{KEY_DOWN, true, A_DOWN, "Down", C_ALL},
	{'j', false, A_DOWN, "j", C_ALL},
	{KEY_PPAGE, true, A_PGUP, "PgUp", C_ALL},
	{'b', false, A_PGUP, "b", C_ALL},
	{KEY_NPAGE, true, A_PGDN, "PgDn", C_ALL},
	{' ', false, A_PGDN, "Space", C_ALL},
	{KEY_HOME, true, A_HOME, "Home", C_ALL},
	{'g', false, A_HOME, "g", C_ALL},
	{KEY_END, true, A_END, "End", C_ALL},
	{'G', false, A_END, "G", C_ALL},
	{'\r', false, A_OPEN, "Enter", C_ALL},
	{'\n', false, A_OPEN, NULL, C_ALL},
	{KEY_ENTER, true, A_OPEN, NULL, C_ALL},
	{KEY_RIGHT, true, A_OPEN, NULL, C_ALL},
	{27, false, A_BACK, "Esc", C_ALL},
	{KEY_LEFT, true, A_BACK, "Left", C_ALL},
	{KEY_BACKSPACE, true, A_BACK, NULL, C_ALL},
	{'d', false, A_DASHBOARD, "d", C_ALL},
	{'>', false, A_NEXT_SESSION, ">", C_ALL},
	{'<', false, A_PREV_SESSION, "<", C_ALL},
	{'p', false, A_ROOM_HERE, "p", C_ALL},
	{'t', false, A_TIMER, "t", C_ALL},
	{'!', false, A_ROOM_MESSAGE, "!", C_ALL},
	{'P', false, A_LOCK, "P", C_ALL},
	{'c', false, A_NOTICE_HIDE, "c", C_ALL},
	{'L', false, A_LANG, "L", C_ALL},
	{CTRL('l'), false, A_REDRAW, "Ctrl-L", C_ALL},
	{'?', false, A_HELP, "?", C_ALL},
	{KEY_F(1), true, A_HELP, "F1", C_ALL},
	{'q', false, A_QUIT, "q", C_ALL},
	{CTRL('c'), false, A_QUIT, NULL, C_ALL},
};

#define NBINDINGS (sizeof bindings / sizeof bindings[0])

action keymap_lookup(int key, bool is_keycode, key_context ctx)
{
	for (size_t k = 0; k < NBINDINGS; k++)
		if (bindings[k].key == key && bindings[k].keycode == is_keycode
			&& (bindings[k].ctx == C_ALL || bindings[k].ctx == ctx))
			return bindings[k].act;
	return A_NONE;
}

const char *keymap_key_names(action act, key_context ctx, char *out, size_t n)
{
	size_t len = 0;
	out[0] = '\0';
	for (size_t k = 0; k < NBINDINGS; k++) {
		const binding *b = &bindings[k];
		/* only keys that do ACT here (in a table, Left moves a column) */
		if (b->act != act || !b->name || keymap_lookup(b->key, b->keycode, ctx) != act)
			continue;
		int w = snprintf(out + len, n - len, "%s%s", len ? " " : "", b->name);
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
