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
	p->unit = "rows";
	p->total = total;
	p->start = p->last = enabled ? now() : 0;
	p->drawn = 0;
}

/* "1m 05s" or "12s": the time left at the present rate. */
static void format_left(double secs, char *buf, size_t cap)
{
	long s = (long)(secs + 0.5);
	if (s >= 60)
		snprintf(buf, cap, "%ldm %02lds", s / 60, s % 60);
	else
		snprintf(buf, cap, "%lds", s);
}

void progress_update(struct progress *p, uint64_t rows, uint64_t done)
{
	if (!p->enabled || (rows & 4095) != 0)
		return;
	double t = now();
	if (t - p->last < 0.25)
		return;
	p->last = t;
	double elapsed = t - p->start;
	double rate = elapsed > 0 ? (double)rows / elapsed : 0;
	if (p->total && done > 0 && done <= p->total) {
		char left[32];
		format_left(elapsed * (double)(p->total - done) / (double)done, left, sizeof left);
		fprintf(stderr, "\r%s: %llu %s, %.0f/s, %.0f%%, about %s left   ", p->label,
			(unsigned long long)rows, p->unit, rate, 100.0 * (double)done / (double)p->total, left);
	} else {
		fprintf(stderr, "\r%s: %llu %s, %.0f/s   ", p->label, (unsigned long long)rows, p->unit, rate);
	}
	p->drawn = 1;
}

void progress_end(struct progress *p)
{
	if (p->drawn)
		fprintf(stderr, "\r\033[K");
	p->drawn = 0;
}
