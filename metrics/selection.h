/*
 * selection.h — whose labels are favourable: the selection metrics of
 * METRICS.md for one attribute's count table. Needs a label.
 *
 * An outcome is one positive class: with a binary label, class 1; with a
 * multi-class label, each class in turn against the rest (one-vs-rest; the
 * record's column is then "label=class"). rate(g) = positives / labeled
 * rows of g; "rest" is every other labeled row.
 *  1. label_rate = rate(g), 95% Wilson interval.
 *     1a. Once per outcome also over all labeled rows (group null): the
 *         overall rate, for reports to draw the group rates against.
 *  2. dpl = rate(rest) - rate(g).
 *  3. statistical_parity_difference = rate(g) - rate(ref), Newcombe interval.
 *  4. disparate_impact = rate(g) / rate(ref), Katz log interval; p_value
 *     Fisher's exact test of g against the reference group (R's two-sided
 *     rule), p_adjusted by Holm across the attribute's groups; judged by
 *     the band [0.8, 1.25] and the test together (common.h J1-J4): fail
 *     outside the band and significant, warn when only one holds. Null
 *     with a detail when rate(ref) is 0.
 *  5. fisher_exact: g vs rest 2x2, two-sided p (R's rule); p_adjusted by
 *     Holm across the groups of the attribute; warn when p_adjusted < 0.05.
 *  6. kl_divergence, js_divergence, lp_norm (L2), tvd, ks: between the label
 *     distributions (all classes) of g and of the rest (stats.h 8).
 *  7. chi2_independence (attribute level): groups x classes, no continuity
 *     correction; insufficient when an expected count is under 5, else warn
 *     when p < 0.05. cramers_v from the same table.
 *  8. With strata: cdd per group (stats.h 9) and mantel_haenszel_or of g vs
 *     rest across strata with the CMH p (stats.h 10), Holm-adjusted like 5.
 *  9. A group with fewer labeled rows than min_group gets status
 *     insufficient on its descriptive records (label_rate, dpl, cdd, the
 *     divergences of 6), never on a comparison or a test
 *     (statistical_parity_difference, disparate_impact, fisher_exact,
 *     mantel_haenszel_or): those are judged by their evidence, so a small
 *     group with a large, significant disparity is a finding; they are
 *     insufficient only when the group has no labeled row at all.
 *     Comparisons are not made against the reference group itself.
 */
#ifndef DSAUDIT_SELECTION_H
#define DSAUDIT_SELECTION_H

#include "record.h"
#include "tables.h"

/*
 * ref: index of the reference group in t->groups. label: the label column's
 * name; strata: the strata column's name or NULL.
 */
void selection_records(const struct count_table *t, const struct count_tables *ct, size_t ref,
		       const char *label, const char *strata, double min_group, struct audit_result *out);

/* The default reference group: the largest, not "(missing)"; ties go to the first. */
size_t selection_default_reference(const struct count_table *t);

#endif
