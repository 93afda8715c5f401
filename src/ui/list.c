/* list.c — selection and scrolling over a list of rows. */
#include <stdlib.h>

#include "buf.h"
#include "ui.h"

void list_scroll(list_state *l, int page)
{
	if (page < 1)
		page = 1;
	if (l->sel >= l->n)
		l->sel = l->n - 1;
	if (l->sel < 0)
		l->sel = 0;
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + page)
		l->top = l->sel - page + 1;
	if (l->top > l->n - page)
		l->top = l->n - page;
	if (l->top < 0)
		l->top = 0;
}

bool list_act(list_state *l, action act, int page)
{
	switch (act) {
	case A_UP: l->sel--; break;
	case A_DOWN: l->sel++; break;
	case A_PGUP: l->sel -= page > 1 ? page - 1 : 1; break;
	case A_PGDN: l->sel += page > 1 ? page - 1 : 1; break;
	case A_HOME: l->sel = 0; break;
	case A_END: l->sel = l->n - 1; break;
	default: return false;
	}
	list_scroll(l, page);
	return true;
}

void picklist_add(picklist *p, const char *value, const char *label)
{
	p->values = xrealloc(p->values, (size_t)(p->n + 1) * sizeof *p->values);
	p->labels = xrealloc(p->labels, (size_t)(p->n + 1) * sizeof *p->labels);
	p->values[p->n] = xstrdup(value);
	p->labels[p->n] = xstrdup(label);
	p->n++;
}

void picklist_reset(picklist *p)
{
	p->list = (list_state){p->n, 0, 0};
}

void picklist_free(picklist *p)
{
	for (int k = 0; k < p->n; k++) {
		free(p->values[k]);
		free(p->labels[k]);
	}
	free(p->values);
	free(p->labels);
	free(p->on);
	*p = (picklist){0};
}
