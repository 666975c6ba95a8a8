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

/*
 * The judging rule of a comparison with a band (METRICS.md, "How a
 * comparison is judged"; the man page's JUDGING section): practical and
 * statistical significance together, as adverse-impact practice pairs the
 * four-fifths rule with a significance test (EEOC Uniform Guidelines 1978,
 * 29 CFR 1607.4D; Morris & Lobsenz 2000). Cited as J1-J4:
 *   J1. No estimate (NaN): insufficient, judged neither way.
 *   J2. Outside [lo, hi] and p < SIGNIFICANCE: severity (fail by default).
 *   J3. Only one of the two: warn. An estimate that could not be tested
 *       (p NaN) counts as not significant, so outside the band it warns.
 *   J4. Neither: ok.
 * The size of a group plays no part: a small group with a large,
 * significant disparity fails; a small one whose interval spans parity warns.
 */
enum record_status judge_band(double value, double p, double lo, double hi, enum record_status severity);
/*
 * Is metric a comparison with a band and its own test, judged by J1-J4:
 * disparate_impact and the _disparity metrics but ppr_disparity (ppr
 * follows group size)?
 */
int judged_comparison(const char *metric);
/* The p a band judges: the record's p_adjusted (Holm) where defined, else its p_value. */
double judged_p(const struct audit_record *r);

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
