/* listing.h — `mamori list`: a scenario's tracks, sessions and activities as
 * plain text for the command line, with the ids `--open`, `export` and
 * `import` take. */
#ifndef MAMORI_LISTING_H
#define MAMORI_LISTING_H

#include "buf.h"
#include "scenario.h"
#include "store.h"

/* Appends SC's listing to OUT in the current language, no line wider than
 * WIDTH columns (titles cut to fit). */
void listing_scenario(const scenario *sc, int width, buf *out);

/* Appends the workshop's groups and companies (the names export and import
 * take) to OUT, wrapped to WIDTH; nothing when there are none. */
mm_status listing_owners(store *st, int width, buf *out, mm_error *err);

/* `mamori preview`: a throwaway workshop of SCENARIO_JSON (NGROUPS groups)
 * in a new private directory under $TMPDIR (or /tmp); *DIR gets the
 * directory (malloc'd), *OUT the open store. On failure nothing is left. */
mm_status preview_create(const char *scenario_json, int ngroups, char **dir, store **out,
	mm_error *err);
/* Removes DIR (made by preview_create) with every file in it (the
 * database, its journal, drafts), and frees DIR. */
void preview_remove(char *dir);

#endif
