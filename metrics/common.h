/*
 * common.h — small helpers the metric files share: group totals from a
 * count table, and making records with owned strings.
 */
#ifndef DSAUDIT_METRICS_COMMON_H
#define DSAUDIT_METRICS_COMMON_H

#include <stdarg.h>

#include "record.h"
#include "tables.h"

#define CONFIDENCE 0.95
#define SIGNIFICANCE 0.05
/* The four-fifths rule and its mirror: the band a ratio of rates should stay in. */
#define RATIO_LOW 0.8
#define RATIO_HIGH 1.25

/* Rows of group g: labeled in every stratum and class, plus unlabeled. */
double group_rows(const struct count_table *t, size_t g);
/* Labeled rows of group g (all strata), and those in class c (c < 0: all classes). */
double group_labeled(const struct count_table *t, size_t g, long c);

/* Appends a record for attribute/group/reference (copied; NULL allowed). */
struct audit_record *metric_add(struct audit_result *out, const char *family, const char *metric,
				const char *attribute, const char *column, const char *group,
				const char *reference);
/* A proportion x / n: sets n, the value and its Wilson interval (all left NAN when n is 0). */
void metric_proportion(struct audit_record *rec, double x, double n);
/* Sets rec->detail from a format (replacing any earlier one). */
void metric_detail(struct audit_record *rec, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
