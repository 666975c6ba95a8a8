/*
 * column_bias.h — measurement bias in the data columns, per protected
 * attribute: who is missing more values, whose numbers are distributed
 * differently, and which columns stand in for the attribute; and, once
 * per audit, which columns leak the label. Family "measurement"; single
 * attributes only (count.h rule 8).
 *
 * Rules, cited by number in column_bias.c and the man page:
 *  1. missing_rate per column with any missing cell (protected columns
 *     aside) and group: missing / rows of g, Wilson 95% interval.
 *  2. differential_missingness per such column: Pearson chi-square of
 *     groups x {missing, present} (stats.h 4), value = statistic, p_value,
 *     df in the detail; p_adjusted by Holm across the columns of the
 *     attribute. insufficient when an expected count is under 5; warn when
 *     p_adjusted < 0.05 and the highest group rate is at least 1.25 times
 *     the lowest (a difference big enough to matter, not only to detect).
 *  3. Numeric data columns (integer or real, role data or strata): mean,
 *     sd (ddof 1) and median per group, from the column's levels when it
 *     has them, else mean and sd from the moment sums. The median needs
 *     the levels, or for a numeric column past LEVELS_MAX the sorted pass
 *     (column_counts.ordered; count_table.order, metrics/ordered.h), which
 *     gives the exact type-7 median. With neither it is null, "more than
 *     16384 distinct values: not kept".
 *  4. ks_statistic: two-sample Kolmogorov-Smirnov D of g vs rest with the
 *     asymptotic p (distribution.h 6), Holm across the groups. Needs the
 *     levels or the sorted pass: there D is group_order.ks_d, the same D
 *     the levels would give, and p = ks_p_asymptotic(D, n, n rest)
 *     (distribution.h 6e), the sizes from the moment sums. Judged by rule
 *     9. With neither it is null, "more than 16384 distinct values: not
 *     kept".
 *  5. smd: (mean g - mean rest) / pooled sd (Cohen's d). When rule 4 has
 *     no test (a column past LEVELS_MAX whose counts have no sorted pass),
 *     its p_value is Welch's t-test of g against the rest (stats.h 12),
 *     p_adjusted Holm across the groups; otherwise it has no p. Judged by
 *     rule 9.
 *  6. proxy_strength of each data or strata column against the attribute:
 *     Cramer's V of groups x levels for text and boolean columns (needs
 *     levels), bias-corrected (stats.h 6a) because a column of many values
 *     (dates, names) gets a large plain V from noise alone; the plain V is
 *     in the detail; a text column past LEVELS_MAX has no levels, so its
 *     record is null, "more than 16384 distinct values: not kept". The
 *     correlation ratio eta for numeric ones (from the moment sums, so
 *     past LEVELS_MAX too). p_value from the chi-square test (V) or the
 *     one-way ANOVA F test (eta). warn when value >= 0.3 and p < 0.05:
 *     the column carries enough of the attribute to stand in for it. Rows
 *     missing the column are left out; n is the rows used.
 *  7. Per-group figures resting on fewer than min_group values are
 *     insufficient.
 *  8. An integer or text column whose every value is distinct is an
 *     identifier (or free text): its numbers and its levels say nothing
 *     about the groups, except the row order, so rules 3-6 skip it, and
 *     rule 11 looks only at which rows miss it. Its missingness is still
 *     measured.
 *  8a. A column the counting found to hold person names or birth dates
 *     (pii_person_name, pii_birth_date; src/profile.h rule 17) is personal
 *     data: rules 3-6 skip it too, so no mean or median of birth dates
 *     (YYYYMMDD integers) becomes a real person's birth date in a record.
 *  9. One finding per column and attribute. A column whose distribution
 *     differs between the groups is one finding, not one per group and per
 *     test: every group of an attribute is compared with the rest, so the
 *     same difference shows from both sides, and a reviewer facing a warning
 *     on every numeric column stops reading. Of rules 4 and 5's records of a
 *     column and attribute at most one warns:
 *     9a. The carrier is the group, not insufficient, with the largest
 *         |smd| among those whose p < 0.05, or among all when none is
 *         (the first in group order on a tie); its p is its KS
 *         p_adjusted (rule 4), or without a KS test its Welch p_adjusted
 *         (rule 5). Taking the significant groups first keeps a small
 *         group's large but untestable |smd| from hiding a significant
 *         one.
 *     9b. The carrier's smd warns when |smd| >= 0.5 and p < 0.05: a
 *         difference both significant and practically large. 0.5 is
 *         Cohen's "medium" effect (J. Cohen, Statistical Power Analysis for
 *         the Behavioral Sciences, 2nd ed., 1988, sec. 2.2.3: "large enough
 *         to be visible to the naked eye"); his "small" 0.2 flags nearly
 *         every column of a large dataset.
 *     9c. Otherwise the carrier's ks_statistic warns when D >= 0.2 and its
 *         KS p_adjusted < 0.05: the distributions differ in shape more than
 *         in mean.
 *     9d. Every other ks_statistic and smd record of the column and
 *         attribute is ok (insufficient stays insufficient), its detail
 *         naming the carrier ("judged at F: no finding"); the carrier's
 *         detail says why it warns or not.
 * 10. Rules 4-5 keep their values but judge nothing (status ok, detail
 *     "not judged: ...") for a column that leaks the label (rule 11 warns:
 *     its differences between groups follow the label's, which the
 *     selection family measures) and for a constant column (at most one
 *     distinct value). Identifiers get no records (rule 8), nor do
 *     duplicates (rule 12). Dates and timestamps (2013-08-14,
 *     2013-08-14 00:00:00) are text (infer.h rule 5), so rules 3-5 never
 *     reach them; a date written as a number (20130814) is a number.
 * 11. label_leakage (attribute, group and reference null; column = the
 *     column), with a label, for every data and strata column that rule 12
 *     leaves (not the label, protected, prediction, gold, annotator or --id
 *     columns; an identifier of rule 8 only when some rows miss it): how
 *     nearly the column determines the label, from the per-class tallies
 *     over the labeled rows (profile.h rule 15).
 *     11a. Values: bias-corrected Cramer's V (stats.h 6a) of label classes
 *          x levels for text and boolean columns (undefined when the column
 *          kept no levels), or the correlation ratio eta of the numeric
 *          column over the classes, with the one-way ANOVA F test; rows
 *          missing the column left out. Not for an identifier.
 *     11b. Presence: when some labeled rows miss the column, the
 *          bias-corrected V of label classes x {missing, present}. A column
 *          filled in only after the outcome (COMPAS's r_offense_date, set
 *          for those who reoffended) leaks through its presence alone.
 *     11c. value = the larger of 11a and 11b, with its p_value and n
 *          (labeled rows with a value for 11a, labeled rows for 11b); the
 *          detail gives both.
 *     11d. warn when value >= 0.7 and p < 0.05: the column nearly
 *          determines the label, so it should not be a feature (the label
 *          leaked into it, or it was recorded after the outcome), and its
 *          distribution checks are not bias findings (rule 10). 0.7 is a
 *          strong association on the usual scales for V and eta (the
 *          screening here wants near-determination, not mere correlation).
 *     11e. Written once per audit, by label_leakage_records, which the
 *          audit calls before the per-attribute records; nothing without
 *          the per-class tallies.
 * 12. A column equal in every row to an earlier data or strata column
 *     (profile.h rule 16; quality.h rule 12 reports it) gets no records
 *     from this file, so nothing is counted twice: its twin carries them.
 *     A copy of the label or of a protected column is still measured.
 */
#ifndef DSAUDIT_COLUMN_BIAS_H
#define DSAUDIT_COLUMN_BIAS_H

#include "record.h"
#include "tables.h"

/* Rules 1-10 and 12 for single attribute t (member >= 0); with t->member == 0 also rule 11. */
void column_bias_records(const struct count_table *t, const struct count_tables *ct, double min_group,
		      struct audit_result *out);
/* Rule 11: one label_leakage record per measured column, when ct has the per-class tallies. */
void label_leakage_records(const struct count_tables *ct, struct audit_result *out);

#endif
