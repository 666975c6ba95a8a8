/*
 * privacy.h — what the data gives away about people: the privacy metrics of
 * METRICS.md, from the personal-data counts of each column and the
 * equivalence classes of the quasi-identifiers (struct column_counts,
 * struct dataset_counts). Family "privacy".
 *
 * "Non-missing cells" of a column are rows - missing. Records come in rule
 * order; quasi-identifier records name the quasi-identifiers joined by ","
 * as their column ("age,zip,sex").
 *  1. pii_email, pii_phone, pii_credit_card, pii_kr_rrn, pii_us_ssn,
 *     pii_ip, pii_iban, pii_person_name, pii_birth_date (pii_metric_name):
 *     one record per column and kind with pii[kind] > 0 (columns in file
 *     order, kinds in enum order) = cells holding that kind (for names and
 *     birth dates, the cells with the shape in a column that has it,
 *     profile.h rule 17); n = non-missing cells; fail (personal data
 *     must not be in a training set, or must be anonymised first); detail
 *     "e.g. " and the masked examples the counting kept
 *     (column_counts.pii_examples). No other text from the cells is ever
 *     put in a record; without examples there is no detail.
 *  2. k_anonymity, when quasi-identifiers are given = the smallest
 *     equivalence class (dataset.class_size over its nclasses classes);
 *     n = rows; fail when < k; the detail gives the number of classes, the
 *     quasi-identifiers and k.
 *  3. records_at_risk, with 2 = rows in equivalence classes smaller than k;
 *     n = rows; warn when > 0; the detail gives their share of rows and k.
 *  4. l_diversity, when a sensitive column is given and counted
 *     (dataset.class_sensitive) = the smallest number of distinct
 *     non-missing sensitive values in a class; n = rows; column = the
 *     sensitive column; warn when < 2; the detail names the
 *     quasi-identifiers.
 *  5. Rows = 0, or no equivalence classes counted: 2-4 are null, status
 *     insufficient, and the detail says why.
 *  6. candidate_k_anonymity, when no quasi-identifier is configured and
 *     some columns are named like one (dataset.candidate, profile.h rule
 *     18) = the smallest equivalence class over those columns; column =
 *     their names joined by ","; n = rows; warn when < k (the --k default,
 *     5: it is advice, not a configured check, so it never fails); the
 *     detail names them, says they were not configured, and gives the
 *     number of classes. Null and insufficient as in rule 5.
 */
#ifndef DSAUDIT_PRIVACY_H
#define DSAUDIT_PRIVACY_H

#include <stddef.h>

#include "record.h"
#include "tables.h"

/*
 * Appends the privacy records of ct to out. quasi[nquasi]: the
 * quasi-identifier column names (nquasi 0: none, rules 2-4 skipped, rule 6
 * instead);
 * sensitive: the sensitive column's name or NULL; k: the smallest class
 * size accepted.
 */
void privacy_records(const struct count_tables *ct, const char *const *quasi, size_t nquasi,
		     const char *sensitive, double k, struct audit_result *out);

#endif
