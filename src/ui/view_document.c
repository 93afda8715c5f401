/* view_document.c — the document activity (not yet available in this version). */
#include "ui.h"

view *view_document_new(app *a, const activity *act)
{
	(void)a;
	(void)act;
	return NULL;
}
