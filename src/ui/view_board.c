/* view_board.c — the board activity (not yet available in this version). */
#include "ui.h"

view *view_board_new(app *a, const activity *act)
{
	(void)a;
	(void)act;
	return NULL;
}
