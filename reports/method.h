/*
 * method.h — how each metric is defined, for readers who have no man page at
 * hand: the workbook's Method sheet and the PDF's appendix. One entry per
 * metric name that dsaudit emits; the man page's METRICS says the same
 * at greater length.
 */
#ifndef DSAUDIT_METHOD_H
#define DSAUDIT_METHOD_H

#include <stddef.h>

struct method {
	const char *metric;
	const char *family;
	const char *definition;   /* formula in words and symbols */
	const char *direction;    /* what a larger value means */
	const char *interval;     /* interval or test, or "" */
	const char *threshold;    /* when it warns or fails, or "" */
	const char *source;       /* where the convention comes from, or "" */
};

/*
 * The judging rule of every comparison with a band (metrics/common.h J1-J4),
 * in full for the Method sheet, the PDF appendix and the HTML, and in one
 * line for the summaries.
 */
extern const char JUDGING_RULE[];
extern const char JUDGING_RULE_SHORT[];

extern const struct method METHODS[];
extern const size_t NMETHODS;

/* The entry for a metric name, or NULL. */
const struct method *method_lookup(const char *metric);

/*
 * The entry for a metric of a family (missing_rate is both a measurement
 * and a quality metric, with different definitions); the first entry of
 * that name when the family has none, or when family is NULL; NULL when the
 * name is unknown.
 */
const struct method *method_lookup_family(const char *metric, const char *family);

#endif
