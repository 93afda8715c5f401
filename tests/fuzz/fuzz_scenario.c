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

/* The errors are NERRS messages, each starting a line with "NAME:LINE:COL: "
 * where LINE and COL >= 1, and the text ends with a newline. Messages echo
 * the file's strings and keys unescaped (an id "a\nb" puts a line break into
 * its message; see test_messages_stay_on_one_line in test_scenario.c), so by
 * default a line that does not start with NAME is taken as the rest of the
 * message before it. Build with -DFUZZ_STRICT_ERROR_LINES once that is fixed
 * to require one line per message. */
static void check_errors(const buf *errs, int nerrs)
{
	const char *s = buf_str(errs);
	int lines = 0, heads = 0;
	if (nerrs < 1 || !*s)
		die("a failure without an error", NULL);
	while (*s) {
		const char *nl = strchr(s, '\n');
		if (!nl)
			die("error text does not end with a newline", buf_str(errs));
		int line = 0, col = 0, used = 0;
		if (strncmp(s, NAME ":", NAMELEN + 1) == 0) {
			if (sscanf(s + NAMELEN + 1, "%d:%d:%n", &line, &col, &used) != 2 || used == 0 ||
			    s + NAMELEN + 1 + used >= nl || s[NAMELEN + 1 + used] != ' ')
				die("error line is not NAME:LINE:COL: message", s);
			if (line < 1 || col < 1)
				die("error position is not positive", s);
			heads++;
		} else if (lines == 0) {
			die("error text does not start with NAME:LINE:COL:", s);
		}
		lines++;
		s = nl + 1;
	}
	if (heads != nerrs)
		die("error count does not match the messages", buf_str(errs));
#ifdef FUZZ_STRICT_ERROR_LINES
	if (lines != nerrs)
		die("an error message spans several lines", buf_str(errs));
#endif
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
