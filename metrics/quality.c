/*
 * quality.c — dataset and column quality records from the count tables
 * (rules in quality.h). Entry point: quality_records.
 *
 * metric_add may move the records (audit_result_add reallocates), so each
 * function finishes one record before it adds the next.
 */
#include "quality.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "column_bias.h"
#include "common.h"
#include "distribution.h"
#include "stats.h"
#include "util.h"

/* Details are read by people: "1 row", "2 rows". */
static const char *plural(double n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

static const char *FAMILY = "quality";

#define MOSTLY_EMPTY 0.5      /* rule 2 */
#define OUTLIER_IQR 3.0       /* rule 10 */
#define OUTLIER_WARN 0.01     /* rule 10 */
#define IMBALANCE_WARN 0.5    /* rule 11 */

static const struct column_counts *column_with_role(const struct count_tables *ct, enum column_role role)
{
	for (size_t c = 0; c < ct->ncolumns; c++)
		if (ct->columns[c].role == (int)role)
			return &ct->columns[c];
	return NULL;
}

static double present(const struct count_tables *ct, const struct column_counts *col)
{
	return ct->rows - col->missing;
}

/* Rule 1. */
static void shape(const struct count_tables *ct, struct audit_result *out)
{
	struct audit_record *r = metric_add(out, FAMILY, "rows", NULL, NULL, NULL, NULL);
	r->value = ct->rows;
	r->n = ct->rows;
	r = metric_add(out, FAMILY, "columns", NULL, NULL, NULL, NULL);
	r->value = (double)ct->ncolumns;
}

/* Rule 2. */
static void missing_rate(const struct count_tables *ct, const struct column_counts *col, struct audit_result *out)
{
	struct audit_record *r = metric_add(out, FAMILY, "missing_rate", NULL, col->name, NULL, NULL);
	r->n = ct->rows;
	struct interval ci;
	if (stats_wilson(col->missing, ct->rows, CONFIDENCE, &ci) != 0) {
		metric_detail(r, "no rows");
		return;
	}
	r->value = col->missing / ct->rows;
	r->ci_low = ci.low;
	r->ci_high = ci.high;
	if (r->value >= MOSTLY_EMPTY)
		r->status = STATUS_WARN;
}

/* Rule 3. */
static void distinct_count(const struct count_tables *ct, const struct column_counts *col, struct audit_result *out)
{
	struct audit_record *r = metric_add(out, FAMILY, "distinct_count", NULL, col->name, NULL, NULL);
	r->value = col->distinct;
	r->n = present(ct, col);
}

/* Rule 4. */
static void constant_column(const struct count_tables *ct, const struct column_counts *col, struct audit_result *out)
{
	struct audit_record *r = metric_add(out, FAMILY, "constant_column", NULL, col->name, NULL, NULL);
	r->n = present(ct, col);
	r->value = col->distinct <= 1 ? 1 : 0;
	if (r->value == 1) {
		r->status = STATUS_WARN;
		metric_detail(r, col->distinct == 0 ? "no non-missing value" : "a single value");
	}
}

/* Rule 5. */
static void duplicate_rows(const struct count_tables *ct, struct audit_result *out)
{
	struct audit_record *r = metric_add(out, FAMILY, "duplicate_rows", NULL, NULL, NULL, NULL);
	r->value = ct->dataset.duplicate_rows;
	r->n = ct->rows;
	if (r->value > 0)
		r->status = STATUS_WARN;
	if (ct->rows > 0)
		metric_detail(r, "%.3g%% of rows; the id column, if any, is not compared",
			      100 * ct->dataset.duplicate_rows / ct->rows);
	else
		metric_detail(r, "no rows");
}

/* Rule 6. */
static void conflicting_labels(const struct count_tables *ct, struct audit_result *out)
{
	const struct column_counts *label = column_with_role(ct, ROLE_LABEL);
	struct audit_record *r =
		metric_add(out, FAMILY, "conflicting_labels", NULL, label ? label->name : NULL, NULL, NULL);
	r->n = ct->rows;
	const struct dataset_counts *d = &ct->dataset;
	if (isnan(d->conflicting_rows)) {
		metric_detail(r, "not counted");
		return;
	}
	r->value = d->conflicting_rows;
	if (r->value > 0)
		r->status = STATUS_WARN;
	metric_detail(r, "%.0f %s in %.0f %s of otherwise equal rows", d->conflicting_rows,
		      plural(d->conflicting_rows, "row", "rows"), d->conflicting_sets,
		      plural(d->conflicting_sets, "set", "sets"));
}

/* Rule 7. */
static void id_duplicates(const struct count_tables *ct, struct audit_result *out)
{
	const struct dataset_counts *d = &ct->dataset;
	const struct column_counts *id = column_with_role(ct, ROLE_ID);
	struct audit_record *r = metric_add(out, FAMILY, "id_duplicates", NULL, id ? id->name : NULL, NULL, NULL);
	double missing = isnan(d->id_missing) ? 0 : d->id_missing;
	r->value = d->id_duplicates;
	r->n = ct->rows - missing;
	if (r->value > 0)
		r->status = STATUS_FAIL;
	if (r->value > 0 && missing > 0)
		metric_detail(r, "%.0f %s an earlier id; %.0f %s no id", r->value,
			      plural(r->value, "row repeats", "rows repeat"), missing, plural(missing, "row has", "rows have"));
	else if (r->value > 0)
		metric_detail(r, "%.0f %s an earlier id", r->value, plural(r->value, "row repeats", "rows repeat"));
	else if (missing > 0)
		metric_detail(r, "%.0f %s no id", missing, plural(missing, "row has", "rows have"));
}

/* Rule 8. */
static void mixed_types(const struct column_counts *col, struct audit_result *out)
{
	if (col->numeric || !(col->numbers + col->texts > 0))
		return;
	struct audit_record *r = metric_add(out, FAMILY, "mixed_types", NULL, col->name, NULL, NULL);
	r->value = fmin(col->numbers, col->texts);
	r->n = col->numbers + col->texts;
	if (col->numbers > 0 && col->texts > 0)
		r->status = STATUS_WARN;
	metric_detail(r, "%.0f numbers, %.0f text values", col->numbers, col->texts);
}

/* Rule 9. */
static void out_of_domain(const struct count_tables *ct, const struct column_counts *col, struct audit_result *out)
{
	if (!col->has_domain)
		return;
	struct audit_record *r = metric_add(out, FAMILY, "out_of_domain", NULL, col->name, NULL, NULL);
	r->value = col->out_of_domain;
	r->n = present(ct, col);
	if (r->value > 0) {
		r->status = STATUS_WARN;
		if (r->n > 0)
			metric_detail(r, "%.3g%% of non-missing cells", 100 * r->value / r->n);
	}
}

int quality_outlier_fences(double q1, double q3, double *lo, double *hi)
{
	double iqr = q3 - q1;
	*lo = *hi = NAN;
	if (isnan(iqr) || iqr == 0)
		return -1;   /* 10a, 10b */
	*lo = q1 - OUTLIER_IQR * iqr;
	*hi = q3 + OUTLIER_IQR * iqr;
	return 0;
}

/* Rule 10. */
static void outlier_rate(const struct count_tables *ct, const struct column_counts *col, struct audit_result *out)
{
	if (!col->numeric || (col->nlevels == 0 && !col->ordered) || col->role == ROLE_ID)
		return;
	struct audit_record *r = metric_add(out, FAMILY, "outlier_rate", NULL, col->name, NULL, NULL);
	r->n = present(ct, col);
	struct histogram h = {col->level_value, col->level_count, col->nlevels};
	int ordered = col->nlevels == 0;   /* 10c */
	double q1 = ordered ? col->q1 : hist_quantile(&h, 0.25), q3 = ordered ? col->q3 : hist_quantile(&h, 0.75);
	if (isnan(q1) || isnan(q3) || !(r->n > 0)) {
		metric_detail(r, "no values");   /* 10b */
		return;
	}
	double lo, hi;
	if (quality_outlier_fences(q1, q3, &lo, &hi) != 0) {
		metric_detail(r, "interquartile range is 0: fences undefined");   /* 10a */
		return;
	}
	double outside = ordered ? col->outside : hist_outside(&h, lo, hi);
	r->value = outside / r->n;
	if (r->value > OUTLIER_WARN)
		r->status = STATUS_WARN;
	metric_detail(r, "%.0f %s outside the fences [%g, %g] (Q1 %g, Q3 %g)", outside, plural(outside, "cell", "cells"),
		      lo, hi, q1, q3);
}

/* Rule 11. */
static void label_imbalance(const struct count_tables *ct, struct audit_result *out)
{
	const struct column_counts *label = column_with_role(ct, ROLE_LABEL);
	struct audit_record *r =
		metric_add(out, FAMILY, "label_imbalance", NULL, label ? label->name : NULL, NULL, NULL);
	/* 11a. Class totals, by the label's classes (count.h rule 4). */
	size_t k = ct->nclasses;
	const double *total = ct->class_rows;
	if (!total) {
		metric_detail(r, "no labeled rows");   /* 11b */
		return;
	}
	double n = 0;
	for (size_t c = 0; c < k; c++)
		n += total[c];
	r->n = n;
	if (k < 2 || !(n > 0)) {
		metric_detail(r, k < 2 ? "fewer than two label classes" : "no labeled rows");   /* 11b */
		return;
	}
	double h = 0;
	for (size_t c = 0; c < k; c++)
		if (total[c] > 0)
			h -= total[c] / n * log2(total[c] / n);
	r->value = 1 - h / log2((double)k);
	if (r->value < 0)   /* rounding when the classes are exactly balanced */
		r->value = 0;
	if (r->value >= IMBALANCE_WARN)
		r->status = STATUS_WARN;
	metric_detail(r, "%zu classes; entropy %.4g of %.4g bits", k, h, log2((double)k));
}

/* Rule 12. */
static void duplicate_column(const struct count_tables *ct, const struct column_counts *col, struct audit_result *out)
{
	if (col->same_as == 0 || col->same_as > ct->ncolumns)
		return;
	struct audit_record *r = metric_add(out, FAMILY, "duplicate_column", NULL, col->name, NULL, NULL);
	r->value = 1;
	r->n = ct->rows;
	r->status = STATUS_WARN;
	metric_detail(r, "same values as %s", ct->columns[col->same_as - 1].name);
}

void quality_records(const struct count_tables *ct, struct audit_result *out)
{
	/* Rule order, each per-column rule over the columns in file order. */
	shape(ct, out);
	for (size_t c = 0; c < ct->ncolumns; c++)
		missing_rate(ct, &ct->columns[c], out);
	for (size_t c = 0; c < ct->ncolumns; c++)
		distinct_count(ct, &ct->columns[c], out);
	for (size_t c = 0; c < ct->ncolumns; c++)
		constant_column(ct, &ct->columns[c], out);
	duplicate_rows(ct, out);
	if (ct->has_label)
		conflicting_labels(ct, out);
	if (!isnan(ct->dataset.id_duplicates))
		id_duplicates(ct, out);
	for (size_t c = 0; c < ct->ncolumns; c++)
		mixed_types(&ct->columns[c], out);
	for (size_t c = 0; c < ct->ncolumns; c++)
		out_of_domain(ct, &ct->columns[c], out);
	for (size_t c = 0; c < ct->ncolumns; c++)
		outlier_rate(ct, &ct->columns[c], out);
	if (ct->has_label && ct->nclasses >= 2)
		label_imbalance(ct, out);
	for (size_t c = 0; c < ct->ncolumns; c++)
		duplicate_column(ct, &ct->columns[c], out);
}
