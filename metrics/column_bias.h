/*
 * column_bias.h — measurement bias in the data columns, per protected
 * attribute: who is missing more values, whose numbers are distributed
 * differently, and which columns stand in for the attribute. Family
 * "measurement"; single attributes only (count.h rule 8).
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
 *     has them (median needs them), else from the moment sums.
 *  4. ks_statistic: two-sample Kolmogorov-Smirnov D of g vs rest with the
 *     asymptotic p (distribution.h), Holm across the groups; warn when
 *     p_adjusted < 0.05 and D >= 0.1. Needs levels.
 *  5. smd: (mean g - mean rest) / pooled sd (Cohen's d); warn when
 *     |smd| >= 0.2 (Cohen's "small" effect).
 *  6. proxy_strength of each data or strata column against the attribute:
 *     Cramer's V of groups x levels for text and boolean columns (needs
 *     levels), bias-corrected (stats.h 6a) because a column of many values
 *     (dates, names) gets a large plain V from noise alone; the plain V is
 *     in the detail. The correlation ratio eta for numeric ones (from the
 *     moment sums). p_value from the chi-square test (V) or the one-way ANOVA F
 *     test (eta). warn when value >= 0.3 and p < 0.05: the column carries
 *     enough of the attribute to stand in for it. Rows missing the column
 *     are left out; n is the rows used.
 *  7. Per-group figures resting on fewer than min_group values are
 *     insufficient.
 *  8. An integer or text column whose every value is distinct is an
 *     identifier (or free text): its numbers and its levels say nothing
 *     about the groups, except the row order, so rules 3-6 skip it. Its
 *     missingness is still measured.
 */
#ifndef DSAUDIT_COLUMN_BIAS_H
#define DSAUDIT_COLUMN_BIAS_H

#include "record.h"
#include "tables.h"

void column_bias_records(const struct count_table *t, const struct count_tables *ct, double min_group,
		      struct audit_result *out);

#endif
