/* fuzz_scenario.c — libFuzzer target for the scenario loader.
 * Any bytes go through scenario_parse as a trainer's file would. Beyond
 * crashes and leaks it checks the contract: a failure has no scenario and
 * reports its *NERRS errors as "NAME:LINE:COL: ..." with a positive line and
 * column; a success reports nothing, and its model is consistent (every
 * id findable, every session reachable by stepping). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "scenario.h"
#include "status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The file name in messages. Its 0xFF byte is never valid UTF-8, so it cannot
 * come from the input (which must be UTF-8 to get past the first check):
 * a line starting with it is one the loader began, never an echoed string. */
#define NAME "f\xFF"
#define NAMELEN 2

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_scenario: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

/* The errors are exactly NERRS lines, each "NAME:LINE:COL: message" with
 * LINE and COL >= 1: strings and keys from the file are echoed with their
 * control characters escaped, so no message spans two lines. */
static void check_errors(const buf *errs, int nerrs)
{
	const char *s = buf_str(errs);
	int lines = 0;
	if (nerrs < 1 || !*s)
		die("a failure without an error", NULL);
	while (*s) {
		const char *nl = strchr(s, '\n');
		if (!nl)
			die("error text does not end with a newline", buf_str(errs));
		int line = 0, col = 0, used = 0;
		if (strncmp(s, NAME ":", NAMELEN + 1) != 0 ||
		    sscanf(s + NAMELEN + 1, "%d:%d:%n", &line, &col, &used) != 2 || used == 0 ||
		    s + NAMELEN + 1 + used >= nl || s[NAMELEN + 1 + used] != ' ')
			die("error line is not NAME:LINE:COL: message", s);
		if (line < 1 || col < 1)
			die("error position is not positive", s);
		for (const char *c = s; c < nl; c++)
			if ((unsigned char)*c < 0x20 || *c == 0x7f)
				die("control character in an error message", s);
		lines++;
		s = nl + 1;
	}
	if (lines != nerrs)
		die("error count does not match the lines", buf_str(errs));
}

static void check_model(const scenario *sc)
{
	if (!sc->id || !sc->title.ja || sc->ntracks < 1)
		die("scenario without id, title or tracks", NULL);
	const session *step = scenario_step_session(sc, "", 1);
	for (size_t t = 0; t < sc->ntracks; t++) {
		const track *tr = &sc->tracks[t];
		if (tr->nsessions < 1)
			die("track without sessions", tr->id);
		for (size_t i = 0; i < tr->nsessions; i++) {
			const session *se = &tr->sessions[i];
			if (se->track != tr || scenario_find_session(sc, se->id) != se)
				die("session not findable", se->id);
			if (step != se)
				die("stepping misses a session", se->id);
			if (se->number < 1 || se->number > 99 || !se->title.ja)
				die("session number or title", se->id);
			for (size_t a = 0; a < se->nactivities; a++) {
				const activity *ac = &se->activities[a];
				if (ac->session != se || scenario_find_activity(sc, ac->id) != ac)
					die("activity not findable", ac->id);
				if (!ac->title.ja || (unsigned)ac->kind >= KIND_COUNT)
					die("activity title or kind", ac->id);
			}
			step = scenario_step_session(sc, se->id, 1);
		}
	}
	if (step != NULL)
		die("stepping past the last session", step->id);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	scenario *sc = NULL;
	buf errs = {0};
	int nerrs = -1;
	mm_status rc = scenario_parse(NAME, text, size, &sc, &errs, &nerrs);
	if (rc == MM_OK) {
		if (!sc || nerrs != 0 || errs.len != 0)
			die("success with errors or without a scenario", buf_str(&errs));
		check_model(sc);
	} else {
		if (rc != MM_EUSER || sc)
			die("failure with a scenario or a status other than MM_EUSER", NULL);
		check_errors(&errs, nerrs);
	}
	scenario_free(sc);
	buf_free(&errs);
	free(text);
	return 0;
}
