/* theme.c — roles to attributes: a colour theme and a monochrome one that
 * still shows the selection (reverse video) and headings (bold). */
#include <curses.h>

#include "ui.h"

static int attrs[R_COUNT];

void theme_init(bool mono)
{
	static const int mono_attrs[R_COUNT] = {
		[R_NORMAL] = A_NORMAL,
		[R_HEADER] = A_REVERSE | A_BOLD,
		[R_STATUS] = A_REVERSE,
		[R_FOOTER] = A_NORMAL,
		[R_SELECTED] = A_REVERSE,
		[R_TITLE] = A_BOLD,
		[R_HEADING] = A_BOLD | A_UNDERLINE,
		[R_EMPH] = A_BOLD,
		[R_DIM] = A_NORMAL,
		[R_NOW] = A_BOLD,
		[R_ERROR] = A_BOLD,
		[R_BANNER] = A_BOLD | A_REVERSE,
		[R_BAND_RED] = A_BOLD,
		[R_BAND_YELLOW] = A_NORMAL,
		[R_BAND_BLUE] = A_NORMAL,
		[R_BAND_GREEN] = A_NORMAL,
		[R_GRID] = A_NORMAL,
		[R_CURSOR_ROW] = A_BOLD,
		[R_HEAD] = A_BOLD | A_UNDERLINE,
	};
	for (int r = 0; r < R_COUNT; r++)
		attrs[r] = mono_attrs[r];
	if (mono)
		return;
	start_color();
	use_default_colors();
	init_pair(1, COLOR_WHITE, COLOR_BLUE);   /* header, status */
	init_pair(2, COLOR_CYAN, -1);            /* headings */
	init_pair(3, COLOR_YELLOW, -1);          /* emphasis, now */
	init_pair(4, COLOR_RED, -1);             /* errors */
	init_pair(5, COLOR_BLACK, COLOR_YELLOW); /* banner */
	init_pair(6, COLOR_CYAN, COLOR_BLACK);   /* selection, reversed */
	attrs[R_HEADER] = COLOR_PAIR(1) | A_BOLD;
	attrs[R_STATUS] = COLOR_PAIR(1);
	attrs[R_SELECTED] = COLOR_PAIR(6) | A_REVERSE | A_BOLD;
	attrs[R_HEADING] = COLOR_PAIR(2) | A_BOLD;
	attrs[R_TITLE] = COLOR_PAIR(2) | A_BOLD;
	attrs[R_EMPH] = COLOR_PAIR(3) | A_BOLD;
	attrs[R_NOW] = COLOR_PAIR(3) | A_BOLD;
	attrs[R_ERROR] = COLOR_PAIR(4) | A_BOLD;
	attrs[R_BANNER] = COLOR_PAIR(5) | A_BOLD;
	attrs[R_DIM] = A_DIM;
	init_pair(7, COLOR_WHITE, COLOR_RED);
	init_pair(8, COLOR_BLACK, COLOR_YELLOW);
	init_pair(9, COLOR_WHITE, COLOR_BLUE);
	init_pair(10, COLOR_BLACK, COLOR_GREEN);
	attrs[R_BAND_RED] = COLOR_PAIR(7) | A_BOLD;
	attrs[R_BAND_YELLOW] = COLOR_PAIR(8);
	attrs[R_BAND_BLUE] = COLOR_PAIR(9);
	attrs[R_BAND_GREEN] = COLOR_PAIR(10);
	attrs[R_GRID] = COLOR_PAIR(2);
	attrs[R_CURSOR_ROW] = A_BOLD;
	attrs[R_HEAD] = COLOR_PAIR(2) | A_BOLD | A_UNDERLINE;
}

int theme_attr(theme_role r)
{
	return attrs[r];
}
