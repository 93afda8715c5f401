/* demo.h — a ready demo workshop: 5 groups of 6 fictional participants,
 * each from a different fictional company. */
#ifndef MAMORI_DEMO_H
#define MAMORI_DEMO_H

#include "status.h"
#include "store.h"

#define DEMO_GROUPS 5
#define DEMO_PER_GROUP 6

/* Fills a freshly created store with the bundled program and the roster. */
mm_status demo_populate(store *st, mm_error *err);
/* The bundled program with its data files filled in, ready to store. */
mm_status bundled_program(char **text, mm_error *err);
/* Creates a workshop from scenario text SCENARIO_JSON with NGROUPS groups. */
mm_status workshop_init(store *st, const char *title, const char *scenario_json, int ngroups,
	mm_error *err);

#endif
