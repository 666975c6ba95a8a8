/*
 * drift.h — how the data moved between two stored versions: the drift
 * metrics of METRICS.md, family "drift", comparing the count tables of an
 * earlier version ("then") with those of a later one ("now").
 *
 *  1. Matching. Each attribute table of `now` is compared with the table of
 *     the same attribute name in `then` (intersections such as "race*sex"
 *     too); an attribute present on one side only gives no record. Groups
 *     are matched by name over the union of both sides' groups: a group
 *     absent on one side has 0 rows (and 0 labeled rows) there. Records
 *     follow now's group order, then the groups only `then` has, with
 *     "(missing)" last. N_then and N_now are the attribute's rows on each
 *     side (labeled or not: count.h rule 3), x_then(g) and x_now(g) the
 *     group's rows, shares p(g) = x(g) / N.
 *  2. share_shift (per group) = p_now(g) - p_then(g), with the 95% Newcombe
 *     interval of a difference of independent proportions (stats.h 2) of
 *     x_now / N_now and x_then / N_then. Reference null; the detail reads
 *     "then <share> (x of N), now <share> (x of N)". n = N_now.
 *     2a. warn when the interval excludes 0 and |shift| >= DRIFT_SHARE_MIN
 *         (0.02, two percentage points; compared with a rounding tolerance
 *         of 1e-12 so that a shift of exactly two points counts).
 *     2b. insufficient when the group has fewer than min_group rows on both
 *         sides. A group that appears or vanishes is a finding, not a small
 *         sample, as long as one side has enough rows.
 *     2c. Null (with a detail) when N_then or N_now is 0.
 *  3. psi (attribute level, population stability index) =
 *         sum over groups of (p_now - p_then) * ln(p_now / p_then).
 *     3a. A zero share on one side (a group that appears or vanishes) makes
 *         the sum infinite; it is replaced by 0.5 / N of that side, i.e. the
 *         empty group is counted as half a row — the half-count correction
 *         of Haldane (1956, Ann. Hum. Genet. 20:309-311) for log ratios of
 *         frequencies, in the spirit of the common industry practice of
 *         giving an empty PSI bin a small positive share. Shares are not
 *         renormalised after the replacement. A group with 0 rows on both
 *         sides is left out. The metric keeps the contract's name `psi`;
 *         the detail says how many shares were replaced.
 *     3b. warn at >= DRIFT_PSI_WARN (0.1), fail at >= DRIFT_PSI_FAIL (0.25):
 *         the conventional bands, < 0.1 stable, 0.1-0.25 moderate shift,
 *         > 0.25 major shift (Yurdakul 2018, "Statistical properties of
 *         population stability index", PhD thesis, Western Michigan Univ.).
 *     3c. n = N_now. Null when N_then or N_now is 0.
 *  4. label_rate_shift (per group) = rate_now(g) - rate_then(g), rate =
 *     positives / labeled rows of the group, with the 95% Newcombe interval
 *     (stats.h 2). Only when `label` is given and both sides have a label:
 *     4a. both binary: one outcome, class 1 positive (tables.h), column =
 *         label;
 *     4b. both multi-class: one-vs-rest for each class of the union of both
 *         sides' classes, matched by name, as selection.h does; column =
 *         "label=class" (a class absent on one side has 0 positives there);
 *     4c. one side binary and the other not: the outcomes are not
 *         comparable and no label_rate_shift record is made.
 *     n = the group's labeled rows now. The detail reads "then <rate> (x of
 *     n labeled), now <rate> (x of n labeled)".
 *     4d. warn when the interval excludes 0; insufficient when the group has
 *         fewer than min_group labeled rows on either side (a group absent
 *         on one side is therefore insufficient, and its value null).
 *  5. drift_chi2 (attribute level): Pearson chi-square test of homogeneity
 *     of the 2 x groups table (row then, row now) of group rows, no
 *     continuity correction (stats.h 4; a group empty on both sides drops
 *     out, 4a). value = statistic, p_value; the detail gives df and the
 *     smallest expected count. n = N_then + N_now.
 *     5a. insufficient when an expected count is under 5; otherwise warn
 *         when p < 0.05.
 *     5b. Null (with a detail) when fewer than two groups have rows or a
 *         side has no rows.
 */
#ifndef DSAUDIT_DRIFT_H
#define DSAUDIT_DRIFT_H

#include "record.h"
#include "tables.h"

/* 2a: the smallest share shift worth a warning (two percentage points). */
#define DRIFT_SHARE_MIN 0.02
/* 3b: the conventional PSI bands. */
#define DRIFT_PSI_WARN 0.1
#define DRIFT_PSI_FAIL 0.25

/*
 * Drift of each attribute table of `now` against the table of the same
 * attribute in `then` (rule 1). label: the label column's name, used as
 * label_rate_shift's column (rule 4); NULL without a label. min_group: the
 * smallest group (rows for rule 2b, labeled rows for 4d) worth judging.
 */
void drift_records(const struct count_tables *then, const struct count_tables *now, const char *label,
		   double min_group, struct audit_result *out);

#endif
