/*
 * progress.c — the progress line (see progress.h).
 */
#include "progress.h"

#include <stdio.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_start(struct progress *p, int enabled, const char *label, uint64_t total)
{
	p->enabled = enabled;
	p->label = label;
	p->total = total;
	p->start = p->last = enabled ? now() : 0;
	p->drawn = 0;
}

void progress_update(struct progress *p, uint64_t rows, uint64_t done)
{
	if (!p->enabled || (rows & 4095) != 0)
		return;
	double t = now();
	if (t - p->last < 0.25)
		return;
	p->last = t;
	double rate = t > p->start ? (double)rows / (t - p->start) : 0;
	if (p->total)
		fprintf(stderr, "\r%s: %llu rows, %.0f rows/s, %.0f%%   ", p->label, (unsigned long long)rows,
			rate, 100.0 * (double)done / (double)p->total);
	else
		fprintf(stderr, "\r%s: %llu rows, %.0f rows/s   ", p->label, (unsigned long long)rows, rate);
	p->drawn = 1;
}

void progress_end(struct progress *p)
{
	if (p->drawn)
		fprintf(stderr, "\r\033[K");
	p->drawn = 0;
}
