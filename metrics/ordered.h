/*
 * ordered.h — exact order statistics of a numeric column too rich in
 * distinct values to keep as levels (more than LEVELS_MAX), from one pass
 * over its distinct values in ascending order: each group's count, median
 * and Kolmogorov-Smirnov D against the rest of its table, and the column's
 * quartiles (struct group_order and column_counts.q1/median/q3 in
 * tables.h). The counting step sorts the values, tagged with their unit,
 * and feeds them here. Pure computation: no I/O.
 *
 * A unit is what the counting step tallies rows by (a combination of
 * protected values and label class); every table puts each unit in exactly
 * one of its groups, so each table's groups partition the same values.
 *
 * Rules, cited by number in ordered.c:
 *  1. The results are bit for bit those of distribution.h on the full
 *     histograms of the same values: median = hist_median of the group's
 *     histogram (3, 4), ks_d = the D of ks_two_sample(group, rest) (6a),
 *     q1, median, q3 = hist_quantile of the whole column at 1/4, 1/2, 3/4.
 *  2. Quantiles: the type-7 ranks depend only on the totals, which unit_n
 *     gives before the pass, so each group waits for at most two order
 *     statistics and the column for six; they are caught as the running
 *     count crosses them.
 *  3. KS: D = max |A/na - B/nb| after each distinct value, A and B the
 *     running counts of the group and of the rest (B = C - A, C the running
 *     total; all whole numbers, so exact). Between two of the group's own
 *     values A stays and C rises, so A/na - B/nb only falls: its maximum
 *     over such a stretch is right after the group's value, its minimum
 *     right before the group's next value (after the distinct value before
 *     it). Both are evaluated when the group next holds a value, and the
 *     stretch after its last value ends at A = na, B = nb, where the
 *     difference is 0. So a value costs O(m) per table, never O(groups):
 *     the groups that hold nothing there are not visited. A value held by
 *     the group and by the rest (a tie) is compared only after the whole
 *     value, as ks_two_sample does.
 *  4. Edge cases: a group with n = 0 has median and ks_d NAN; a group that
 *     is its whole table (rest n = 0) has ks_d NAN (its median is kept).
 *     With no values at all the quartiles are NAN.
 *  5. Invalid input makes every median, D and quartile NAN (distribution.h
 *     0b; n stays what unit_n says): a value not finite or not strictly
 *     above the previous one, a count not finite or negative, a unit out of
 *     range, or totals at the end that differ from unit_n (the tallies and
 *     the pass disagree).
 *  6. Cost: ordered_new O(nunits * ntables + groups), ordered_value
 *     O(m * ntables), ordered_finish O(groups), memory O(nunits * ntables +
 *     groups); nothing grows with the number of values.
 */
#ifndef DSAUDIT_ORDERED_H
#define DSAUDIT_ORDERED_H

#include <stddef.h>
#include <stdint.h>

#include "tables.h"

struct ordered_spec {
	size_t nunits;                  /* units are numbered 0 .. nunits-1 */
	const double *unit_n;           /* [unit]: non-missing values of the column in that unit */
	size_t ntables;
	const size_t *ngroups;          /* [table] */
	const size_t *const *group_of;  /* [table][unit]: the unit's group in that table, < ngroups[table] */
};

struct ordered;

/* A pass over one column; copies what it needs from spec. NULL when a group_of entry is out of range or a
 * unit_n is negative or not finite. Free with ordered_free. */
struct ordered *ordered_new(const struct ordered_spec *spec);

/* One distinct value x, strictly above the previous one, held count[k] times in unit unit[k], k < m (a unit
 * may repeat; counts are whole numbers). */
void ordered_value(struct ordered *o, double x, const uint32_t *unit, const double *count, size_t m);

/*
 * After the last value: out[t][g] for every table t and group g (n, type-7 median, ks_d against the rest of
 * table t), and the column's type-7 quartiles; any of q1, median, q3 may be NULL. out[t] may be NULL for a
 * table whose figures are not wanted. Rules 4 and 5 say when the results are NAN.
 */
void ordered_finish(struct ordered *o, struct group_order *const *out, double *q1, double *median, double *q3);

/* Frees o; ordered_free(NULL) does nothing. */
void ordered_free(struct ordered *o);

#endif
