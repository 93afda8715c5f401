#include "status.h"

#include <stdarg.h>
#include <stdio.h>

#include "i18n.h"

mm_status mm_fail(mm_error *e, mm_status code, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		va_end(ap);
		e->code = code;
	}
	return code;
}

mm_status mm_fail_at(mm_error *e, mm_status code, int line, size_t col, const char *colname,
	const char *fmt, ...)
{
	if (!e)
		return code;
	int n;
	if (col && colname)
		n = snprintf(e->msg, sizeof e->msg, tr(M_AT_CELL_COL), line, col, colname);
	else if (col)
		n = snprintf(e->msg, sizeof e->msg, tr(M_AT_CELL), line, col);
	else
		n = snprintf(e->msg, sizeof e->msg, tr(M_AT_LINE), line);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof e->msg)
		n = (int)sizeof e->msg - 1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg + n, sizeof e->msg - (size_t)n, fmt, ap);
	va_end(ap);
	e->code = code;
	return code;
}

void mm_error_clear(mm_error *e)
{
	if (e) {
		e->code = MM_OK;
		e->msg[0] = '\0';
	}
}
