/*
 * progress.h — a one-line progress display on stderr for every long phase
 * (scanning and storing a file, counting, each sort pass): items done,
 * items per second, percent done (of the file's bytes while scanning, of
 * the items otherwise) and the time left at the rate so far. It draws only
 * when enabled (main enables it when stderr is a terminal), from the
 * second quarter-second on and at most four times a second, so a phase
 * shorter than that draws nothing.
 */
#ifndef DSAUDIT_PROGRESS_H
#define DSAUDIT_PROGRESS_H

#include <stdint.h>

struct progress {
	int enabled;
	const char *label;
	const char *unit;   /* what is counted: "rows" unless the caller sets another word */
	uint64_t total; /* what 100% is, in the unit of progress_update's done; 0 when unknown */
	double start, last;
	int drawn;
};

void progress_start(struct progress *p, int enabled, const char *label, uint64_t total);
/* Cheap to call every row: it looks at the clock only every 4096 rows. */
void progress_update(struct progress *p, uint64_t rows, uint64_t done);
/* Erases the line if anything was drawn. */
void progress_end(struct progress *p);

#endif
