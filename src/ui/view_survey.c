/* view_survey.c — the survey activity (not yet available in this version). */
#include "ui.h"

view *view_survey_new(app *a, const activity *act)
{
	(void)a;
	(void)act;
	return NULL;
}
