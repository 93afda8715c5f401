/* fuzz_drill.c — libFuzzer target for the drill format.
 *
 * Any bytes go through scenario_parse as a trainer's drill file would (the
 * corpus is scenarios/drills/ and tests/fixtures/drill/, so mutations land
 * in roles, injects, expectations, hints and the hot wash). Beyond crashes,
 * leaks and undefined behaviour it checks the drill model of every scenario
 * that validates:
 *   - every index is in range: an inject's `unless` names an expectation,
 *     its expectations lie inside the list and belong to it, its roles are
 *     roles of the drill (and an inject for named roles names at least one);
 *   - the decision log and hot-wash tables exist;
 *   - redaction leaves no expectation or hint text;
 *   - the clock, walked over a run of events made from the input bytes,
 *     never goes below zero and never runs backwards while running, and the
 *     arrival, next-inject, mark and hint queries stay in range.
 * A failure has no scenario and reports "NAME:LINE:COL: ..." lines. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "drill.h"
#include "scenario.h"
#include "status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char *__ubsan_default_options(void);

/* Undefined behaviour is a finding, not a warning on the log: the build
 * recovers from it, this target stops (e.g. the shift by 32 for a 33rd
 * role, which only printed a line). */
const char *__ubsan_default_options(void)
{
	return "halt_on_error=1:abort_on_error=1:print_stacktrace=1";
}

#define NAME "d\xFF" /* never valid UTF-8: cannot come from the input */
#define NAMELEN 2

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "fuzz_drill: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	abort();
}

static void check_errors(const buf *errs, int nerrs)
{
	const char *s = buf_str(errs);
	int lines = 0;
	if (nerrs < 1 || !*s)
		die("a failure without an error", NULL);
	while (*s) {
		const char *nl = strchr(s, '\n');
		int line = 0, col = 0;
		if (!nl)
			die("error text does not end with a newline", buf_str(errs));
		if (strncmp(s, NAME ":", NAMELEN + 1) != 0
			|| sscanf(s + NAMELEN + 1, "%d:%d:", &line, &col) != 2 || line < 1 || col < 1)
			die("error line is not NAME:LINE:COL: message", s);
		lines++;
		s = nl + 1;
	}
	if (lines != nerrs)
		die("error count does not match the lines", buf_str(errs));
}

/* A run of up to 24 events from the input's bytes, in time order, with
 * indexes as the store hands them (an inject or expectation of the drill,
 * or -1 for one the scenario no longer has). */
static void make_run(const drill_def *d, const uint8_t *data, size_t size, drill_run *r)
{
	r->nev = 0;
	r->ev = calloc(25, sizeof *r->ev);
	if (!r->ev)
		return;
	int64_t at = 1000;
	for (size_t i = 0; i + 4 <= size && r->nev < 24; i += 4) {
		const uint8_t *b = data + size - 4 - i; /* from the end: the tail varies least */
		drill_event *e = &r->ev[r->nev];
		e->id = r->nev + 1;
		at += b[0] * 7;
		e->at = at;
		e->op = (drill_op)(b[1] % 8);
		e->inject = d->ninjects ? (int)(b[2] % (d->ninjects + 1)) - 1 : -1;
		e->group = b[3] % 3;
		e->expect = -1;
		if (e->op == DE_MARK)
			e->expect = d->nexpects ? (int)(b[2] % (d->nexpects + 1)) - 1 : -1;
		if (e->op == DE_HINT && e->inject >= 0)
			e->expect = d->injects[e->inject].nhints
				? (int)(b[3] % d->injects[e->inject].nhints) : 0;
		e->value = e->op == DE_SHIFT ? ((int)b[2] - 128) * 30 : (b[3] & 1);
		r->nev++;
	}
}

static void check_clock(const drill_def *d, const uint8_t *data, size_t size)
{
	drill_run r;
	make_run(d, data, size, &r);
	if (!r.ev)
		return;
	bool any_shift = false;
	for (int k = 0; k < r.nev; k++)
		any_shift |= r.ev[k].op == DE_SHIFT;
	int64_t last = -1;
	drill_phase lastph = DP_READY;
	int64_t end = r.nev ? r.ev[r.nev - 1].at + 3600 : 3600;
	for (int64_t now = 0; now <= end; now += 97) {
		int64_t secs = -1;
		drill_phase ph = drill_clock(&r, now, &secs);
		if ((unsigned)ph > DP_ENDED)
			die("drill phase out of range", NULL);
		if (secs < 0)
			die("drill clock below zero", NULL);
		if (drill_time_at(&r, now) != secs)
			die("drill_time_at disagrees with drill_clock", NULL);
		/* no shift in between: running, the clock only moves forward */
		bool shifted = false;
		for (int k = 0; k < r.nev; k++)
			shifted |= r.ev[k].op == DE_SHIFT && r.ev[k].at > now - 97 && r.ev[k].at <= now;
		if (!shifted && ph == DP_RUNNING && lastph == DP_RUNNING && secs < last)
			die("the running clock went backwards", NULL);
		last = secs;
		lastph = ph;
		for (int64_t g = 1; g <= 2; g++) {
			for (int k = 0; k < d->ninjects; k++) {
				int64_t when = -1;
				/* (a shift back may move the clock before a release) */
				if (drill_arrived(d, &r, k, g, now, &when)
					&& (when < 0 || (!any_shift && when > secs)))
					die("an inject arrived outside the clock", d->injects[k].id);
				for (int h = 0; h < d->injects[k].nhints; h++)
					(void)drill_hint_released(&r, k, h, g);
			}
			for (int e = 0; e < d->nexpects; e++) {
				int m = drill_mark(&r, e, g);
				if (m < -1 || m > 1)
					die("a mark out of range", NULL);
				(void)drill_met(&r, e, g, secs);
			}
		}
		int next = drill_next_timed(d, &r, now);
		if (next < -1 || next >= d->ninjects)
			die("next inject out of range", NULL);
		if (next >= 0 && (d->injects[next].at < 0 || (int64_t)d->injects[next].at * 60 <= secs))
			die("the next inject is not still to come", d->injects[next].id);
	}
	drill_run_free(&r);
}

static void check_drill(drill_def *d, const uint8_t *data, size_t size)
{
	if (d->nroles < 1 || d->ninjects < 1)
		die("a drill without roles or injects", NULL);
	if (!d->log || !d->wash)
		die("a drill without its decision log or hot wash", NULL);
	int seen = 0;
	for (int k = 0; k < d->ninjects; k++) {
		const drill_inject *in = &d->injects[k];
		if (!in->id || !in->title.ja)
			die("an inject without id or title", NULL);
		if (in->unless < -1 || in->unless >= d->nexpects)
			die("unless out of range", in->id);
		if (in->first_expect != seen || in->nexpect < 0
			|| in->first_expect + in->nexpect > d->nexpects)
			die("an inject's expectations out of range", in->id);
		for (int e = in->first_expect; e < in->first_expect + in->nexpect; e++)
			if (d->expects[e].inject != k)
				die("an expectation of another inject", d->expects[e].id);
		seen += in->nexpect;
		if (!in->to_all && d->nroles < 32 && (in->to_roles >> d->nroles) != 0)
			die("an inject for a role the drill does not have", in->id);
		if (in->at < -1 || in->at > 1440)
			die("an inject's time out of range", in->id);
	}
	if (seen != d->nexpects)
		die("expectations not all in an inject", NULL);
	check_clock(d, data, size);
	drill_redact(d);
	for (int e = 0; e < d->nexpects; e++)
		if (d->expects[e].text.ja || d->expects[e].text.en)
			die("redaction left an expectation", d->expects[e].id);
	for (int k = 0; k < d->ninjects; k++)
		for (int h = 0; h < d->injects[k].nhints; h++)
			if (d->injects[k].hints[h].ja || d->injects[k].hints[h].en)
				die("redaction left a hint", d->injects[k].id);
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
		for (size_t t = 0; t < sc->ntracks; t++)
			for (size_t s = 0; s < sc->tracks[t].nsessions; s++) {
				session *se = &sc->tracks[t].sessions[s];
				for (size_t a = 0; a < se->nactivities; a++) {
					activity *ac = &se->activities[a];
					if (ac->kind != KIND_DRILL)
						continue;
					if (!drill_of(ac))
						die("a drill activity without its definition", ac->id);
					check_drill(ac->def, data, size);
				}
			}
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
