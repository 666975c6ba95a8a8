/*
 * findings.h — what every report shows first: the failed and warned records
 * ranked worst first, and each said in words ("hired, sex=F vs M: 0.686
 * (95% CI 0.505–0.931), n=147"). The summary, the workbook, the PDF and the
 * Markdown summary all use these, so they agree on what is worst.
 *
 * Ranking rules (cited in the code; R0 is the summary's, in summary.c):
 *   R1. Failures before warnings; ok and insufficient records are not listed.
 *   R2. Main effects (a single attribute, a column, the dataset) before
 *       intersections: an intersection's cells are smaller and follow from
 *       its attributes, so they must not crowd out the main comparisons.
 *   R3. Within those, ratio metrics first, then differences, then the rest:
 *       the kinds are not on one scale, and the ratios (the four-fifths
 *       rule) are what a reviewer looks for first.
 *   R4. Evidence and impact together: by the effect the evidence assures,
 *       0 when the record's test is not significant (p_adjusted, else
 *       p_value, >= 0.05), else the distance from parity of the 95%
 *       interval's end nearest parity (|log| for ratios; 0 when the
 *       interval spans parity; without an interval, the estimate's),
 *       then by the strength of the evidence (-log10 of the p-value), then
 *       by the estimate's own distance. The other kinds rank by
 *       -log10 of p_adjusted, else p_value. Undefined keys rank last. So a
 *       large, well-supported disparity of a big group outranks a larger
 *       ratio in a cell of three rows.
 *   R5. Ties keep the record order, so the ranking is deterministic.
 *   R6. One finding per comparison: for an attribute of exactly two groups,
 *       the group-vs-rest record of the second group mirrors the first's
 *       (same metric, attribute and column) and is not listed again.
 *
 * Text from the data (group names, columns) is shown as is, in any script,
 * except that control characters become '?' (a group name must not move the
 * cursor or recolour the terminal) and an over-long name is cut at a
 * character boundary with "…".
 */
#ifndef DSAUDIT_FINDINGS_H
#define DSAUDIT_FINDINGS_H

#include <stddef.h>

#include "record.h"
#include "util.h"

/* Display columns allowed for one name from the data (group, column, ...). */
#define NAME_WIDTH 32

/*
 * The failed and warned records of one family (all when family is NULL),
 * ranked by R1-R6. Returns a new array of pointers into r (the caller frees
 * the array only); *count receives its length.
 */
const struct audit_record **findings_ranked(const struct audit_result *r, const char *family, size_t *count);

/* Appends a name from the data, made safe and cut to max_width display columns. */
void finding_name(struct strbuf *sb, const char *s, size_t max_width);
/* Appends what the record is about: "hired, sex=F vs M", "race", "dataset". */
void finding_subject(struct strbuf *sb, const struct audit_record *rec);
/* Appends ": value (95% CI lo–hi), p=… (Holm …), n=…", each part where defined. */
void finding_figures(struct strbuf *sb, const struct audit_record *rec);
/* A figure for people: three significant digits, whole numbers from 1000 up in full; "n/a" for NaN. */
const char *finding_number(double x, char buf[32]);

#endif
