/* view_checklist.c — the checklist activity (not yet available in this version). */
#include "ui.h"

view *view_checklist_new(app *a, const activity *act)
{
	(void)a;
	(void)act;
	return NULL;
}
