/*
 * quality.h — is the data fit to learn from: the quality metrics of
 * METRICS.md, from the per-column and dataset-level counts of the count
 * tables (struct column_counts, struct dataset_counts). Family "quality".
 *
 * "Non-missing cells" of a column are rows - missing. Per-column records
 * name the column; dataset-level ones have attribute, column and group
 * NULL unless said otherwise. Records come in rule order, and a per-column
 * rule's records in file order of the columns.
 *  1. rows = ct->rows (n = rows) and columns = ct->ncolumns, dataset level.
 *  2. missing_rate per column = missing / rows, 95% Wilson interval
 *     (stats.h 1), n = rows; warn when >= 0.5 (mostly empty). Null with a
 *     detail when rows = 0.
 *  3. distinct_count per column = distinct non-missing values; n =
 *     non-missing cells.
 *  4. constant_column per column = 1 when the column has at most one
 *     distinct non-missing value (an empty column counts), else 0; warn
 *     when 1; n = non-missing cells.
 *  5. duplicate_rows = rows equal to an earlier row in every column but the
 *     id (count.h rule 11); n = rows; warn when > 0; the detail gives the
 *     share of rows.
 *  6. conflicting_labels, only with a label; column = the label (the column
 *     whose role is ROLE_LABEL): rows equal in every other column but the id
 *     that carry different labels; n = rows; warn when > 0; the detail gives
 *     the number of such sets of rows. Null when not counted.
 *  7. id_duplicates, only when the id column was counted (not NAN); column =
 *     the ROLE_ID column: rows repeating an earlier id; n = rows with an id;
 *     fail when > 0 (an id that is not unique breaks joins); the detail
 *     also names the rows without an id, if any.
 *  8. mixed_types per text column (not numeric) with numbers + texts > 0 =
 *     min(numbers, texts), the cells of the minority kind; n = numbers +
 *     texts; warn when both kinds occur; the detail gives both counts.
 *  9. out_of_domain per column with a declared domain = non-missing cells
 *     outside it; n = non-missing cells; warn when > 0.
 * 10. outlier_rate per numeric column with value levels (nlevels > 0), or
 *     past LEVELS_MAX with the sorted pass (column_counts.ordered), not the
 *     id: Q1 and Q3 are R's type-7 quantiles of the column's histogram
 *     (distribution.h 3); the fences are [Q1 - 3 IQR, Q3 + 3 IQR]
 *     (quality_outlier_fences); value = cells strictly outside the fences /
 *     non-missing cells; n = non-missing cells; warn when > 0.01; the detail
 *     gives the fences.
 *     10a. IQR == 0: null, "interquartile range is 0: fences undefined" (the
 *          fences would collapse onto the mode and call every other value
 *          an outlier).
 *     10b. A histogram with no counted value: null with a detail.
 *     10c. An ordered column has no histogram: Q1 and Q3 are its q1 and q3
 *          (the same type-7 quantiles, metrics/ordered.h), and the cells
 *          outside are its outside, which the counting step counts in a
 *          second pass against quality_outlier_fences(q1, q3), so the fences
 *          it counts against are the bits this rule prints.
 * 11. label_imbalance, with a label of k >= 2 classes = 1 - H / log2 k, H =
 *     -sum p log2 p over the classes' shares of the labeled rows (0 log 0 =
 *     0), as ydata-profiling; warn when >= 0.5 (its imbalance alert
 *     threshold); n = labeled rows; column = the label.
 *     11a. Class totals: ct->class_rows, the labeled rows of each of the
 *          ct->nclasses classes (count.h rule 4, so a positive spec makes
 *          two classes).
 *     11b. Null with a detail when there is no labeled row, k < 2, or the
 *          label column kept no levels (count.h rule 10).
 * 12. duplicate_column, one record per column that holds the same value as
 *     an earlier column in every row (same type, same cells compared as
 *     stored, missing equal to missing; src/profile.h rule 16 says how that
 *     is found without keeping rows, and the chance of a false match,
 *     about c^2 / 2^65 for c columns): value 1, n = rows, warn; the detail
 *     names the first such earlier column ("same values as decile_score").
 *     Columns with no twin get no record. The copy of a data column gets no
 *     measurement records (metrics/column_bias.h rule 12), so no finding
 *     is counted twice.
 */
#ifndef DSAUDIT_QUALITY_H
#define DSAUDIT_QUALITY_H

#include "record.h"
#include "tables.h"

/* Appends the quality records of ct (rules 1-12) to out. */
void quality_records(const struct count_tables *ct, struct audit_result *out);

/* Rule 10: the fences [*lo, *hi] of quartiles q1, q3. Returns -1 (NAN fences) when q1 or q3 is NAN or IQR == 0 (10a, 10b). */
int quality_outlier_fences(double q1, double q3, double *lo, double *hi);

#endif
