/*
 * measurement.h — whose labels are worse: a predicted binary column against
 * a true one per group (Aequitas), the label against a gold column, and
 * the agreement of annotators, overall and per group. Family "measurement".
 * The data columns themselves (missingness, distributions, proxies) are
 * in column_bias.h.
 *
 * Rules, cited by number in measurement.c and the man page:
 *  1. Confusion per group g (count.h rule 6): tp, fp, tn, fn; pp = tp + fp,
 *     pn = fn + tn, n_g = pp + pn, k = pp summed over all groups. As
 *     Aequitas defines them: ppr = pp / k, pprev = pp / n_g,
 *     prev = (tp + fn) / n_g, precision = tp / pp, fdr = fp / pp,
 *     for = fn / pn, npv = tn / pn, fpr = fp / (fp + tn),
 *     fnr = fn / (fn + tp), tpr = tp / (tp + fn), tnr = tn / (tn + fp).
 *     Each is a proportion x / d with a 95% Wilson interval and n = d; a zero
 *     denominator gives null. The record's column is the predicted column.
 *  2. <name>_disparity = value(g) / value(reference group), Katz log
 *     interval (stats.h 3), not made for the reference group itself; null
 *     when the reference value is 0. p_value is Fisher's exact test of the
 *     group's x / d against the reference's (R's two-sided rule; exact, so a
 *     group of two with 2 / 2 is not "significant" as the Katz test would
 *     make it); ppr_disparity keeps the Katz test of ratio 1 (stats.h 3a),
 *     its denominator being shared. p_adjusted Holm's across all judged disparities of the
 *     attribute. Judged by Aequitas' parity band [0.8, 1.25] and the test
 *     together (common.h J1-J4): fail outside the band and significant,
 *     warn when only one holds, whatever the group's size; a disparity of
 *     0 has no Katz interval but is tested.
 *     ppr_disparity is reported but not judged: ppr is a
 *     share of all predicted positives, so it follows group size; pprev is
 *     its size-free form and is judged.
 *  3. label_error_rate = rows of g whose label differs from the gold / rows
 *     of g with both, Wilson interval. fisher_exact of g vs rest gives its
 *     p_value, Holm-adjusted across the groups; warn when p_adjusted < 0.05
 *     and the group's rate is above the rest's.
 *  4. annotator_error_rate, per annotator column and group: share of the
 *     annotator's values differing from the gold (count.h rule 7), judged
 *     as in 3; and overall (attribute and group null), not judged.
 *  5. Agreement of the annotator columns (agreement.h): percent_agreement,
 *     cohen_kappa (exactly two annotators), fleiss_kappa,
 *     krippendorff_alpha; overall (attribute and group null) and per group,
 *     each with a 95% percentile bootstrap interval (AGREEMENT_REPLICATES
 *     resamples of the rows, seed AGREEMENT_SEED, so reruns agree). The
 *     column is the annotator columns joined with ",". A group is warn when
 *     its interval lies wholly below the interval of the rest of the rows
 *     (clearly lower agreement); the rest's value and interval are in the
 *     detail.
 *  6. A group with fewer than min_group rows compared (tp + fp + tn + fn
 *     for rule 1, rows with both values for 3-4, rated rows used for 5)
 *     is insufficient, never warn; insufficient figures are left out of the
 *     Holm adjustments. The disparities of 2 are comparisons judged by
 *     their evidence, never set aside for size.
 */
#ifndef DSAUDIT_MEASUREMENT_H
#define DSAUDIT_MEASUREMENT_H

#include "record.h"
#include "tables.h"

#define AGREEMENT_REPLICATES 1000
#define AGREEMENT_SEED 20261127ul

/* Rules 1-5 for one single-attribute table t with reference group ref. */
void measurement_records(const struct count_table *t, const struct count_tables *ct, size_t ref,
			 double min_group, struct audit_result *out);

/* Rules 4 and 5 over all rows (attribute and group null). */
void measurement_overall_records(const struct count_tables *ct, struct audit_result *out);

#endif
