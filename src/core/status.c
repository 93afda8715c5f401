#include "status.h"

#include <stdarg.h>
#include <stdio.h>

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

void mm_error_clear(mm_error *e)
{
	if (e) {
		e->code = MM_OK;
		e->msg[0] = '\0';
	}
}
