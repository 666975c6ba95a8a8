/*
 * common.c — helpers shared by the metric files (see common.h).
 */
#include "common.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "util.h"

double group_labeled(const struct count_table *t, size_t g, long c)
{
	double sum = 0;
	for (size_t s = 0; s < t->nstrata; s++)
		for (size_t k = 0; k < t->nclasses; k++)
			if (c < 0 || (size_t)c == k)
				sum += count_at(t, g, s, k);
	return sum;
}

double group_rows(const struct count_table *t, size_t g)
{
	return group_labeled(t, g, -1) + t->unlabeled[g];
}

enum record_status judge_band(double value, double p, double lo, double hi, enum record_status severity)
{
	if (isnan(value))
		return STATUS_INSUFFICIENT; /* J1 */
	int outside = value < lo || value > hi;
	int significant = !isnan(p) && p < SIGNIFICANCE;
	if (outside && significant)
		return severity; /* J2 */
	if (outside || significant)
		return STATUS_WARN; /* J3 */
	return STATUS_OK; /* J4 */
}

int judged_comparison(const char *metric)
{
	static const char suffix[] = "_disparity";
	size_t n = metric ? strlen(metric) : 0, k = sizeof suffix - 1;
	if (n == 0)
		return 0;
	return strcmp(metric, "disparate_impact") == 0 ||
	       (n > k && strcmp(metric + n - k, suffix) == 0 && strcmp(metric, "ppr_disparity") != 0);
}

double judged_p(const struct audit_record *r)
{
	return isnan(r->p_adjusted) ? r->p_value : r->p_adjusted;
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct audit_record *metric_add(struct audit_result *out, const char *family, const char *metric,
				const char *attribute, const char *column, const char *group,
				const char *reference)
{
	struct audit_record rec = record_init(family, metric);
	rec.attribute = dup_or_null(attribute);
	rec.column = dup_or_null(column);
	rec.group = dup_or_null(group);
	rec.reference = dup_or_null(reference);
	return audit_result_add(out, &rec);
}

void metric_detail(struct audit_record *rec, const char *fmt, ...)
{
	struct strbuf sb = {0};
	va_list ap;
	va_start(ap, fmt);
	char buf[512];
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	strbuf_append(&sb, buf, strlen(buf));
	free(rec->detail);
	rec->detail = sb.buf;
}

void metric_proportion(struct audit_record *rec, double x, double n)
{
	struct interval ci;
	rec->n = n;
	if (stats_wilson(x, n, CONFIDENCE, &ci) == 0) {
		rec->value = x / n;
		rec->ci_low = ci.low;
		rec->ci_high = ci.high;
	}
}
