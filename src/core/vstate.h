/* vstate.h — a view's state as a small text record, one "key=value" a line:
 * what the facilitator's view publishes (room_view) and the projector's view
 * of the same activity applies at its own size. Values are numbers or text
 * (a line break or backslash in text is escaped). Unknown keys are ignored,
 * so a newer record still reads. */
#ifndef MAMORI_VSTATE_H
#define MAMORI_VSTATE_H

#include <stdbool.h>

#include "buf.h"

void vstate_int(buf *out, const char *key, long long v);
void vstate_str(buf *out, const char *key, const char *v);
/* The value of KEY in REC, or DFLT when it is absent or not a number. */
long long vstate_get_int(const char *rec, const char *key, long long dflt);
/* The text of KEY into OUT (cleared first); false when it is absent. */
bool vstate_get_str(const char *rec, const char *key, buf *out);

#endif
