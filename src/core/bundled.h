/* bundled.h — the scenario and data files built into the binary. */
#ifndef MAMORI_BUNDLED_H
#define MAMORI_BUNDLED_H

#include <stddef.h>

typedef struct bundled_file {
	const char *name; /* "scenarios/sme-program.json" */
	const char *text; /* NUL-terminated */
	size_t len;
} bundled_file;

extern const bundled_file bundled_files[]; /* ends with a NULL name */

#define BUNDLED_PROGRAM "scenarios/sme-program.json"

const bundled_file *bundled_find(const char *name);

#endif
