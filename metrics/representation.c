/*
 * representation.c — group counts and shares, and how they compare with a
 * reference population (rules in representation.h).
 */
#include "representation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "stats.h"
#include "util.h"

static const char *FAMILY = "representation";

static long find_group(const struct count_table *t, const char *name)
{
	for (size_t g = 0; g < t->ngroups; g++)
		if (strcmp(t->groups[g], name) == 0)
			return (long)g;
	return -1;
}

static double population_share(const struct population_ref *pop, const char *group)
{
	for (size_t i = 0; pop && i < pop->n; i++)
		if (strcmp(pop->groups[i], group) == 0)
			return pop->shares[i];
	return NAN;
}

/* Rules 1-4 for one group with count n_g out of N. */
static void group_records(const char *attr, const char *group, double n_g, double N,
			  const struct population_ref *pop, struct audit_result *out)
{
	struct audit_record *r = metric_add(out, FAMILY, "group_count", attr, NULL, group, NULL);
	r->value = n_g;
	r->n = N;

	r = metric_add(out, FAMILY, "group_share", attr, NULL, group, NULL);
	struct interval ci;
	if (stats_wilson(n_g, N, CONFIDENCE, &ci) == 0) {
		r->value = n_g / N;
		r->ci_low = ci.low;
		r->ci_high = ci.high;
	} else
		metric_detail(r, "no rows");
	r->n = N;

	r = metric_add(out, FAMILY, "class_imbalance", attr, NULL, group, NULL);
	if (N > 0)
		r->value = (N - 2 * n_g) / N;
	r->n = N;

	if (!pop || pop->n == 0)
		return;
	double p = population_share(pop, group);
	if (!isnan(p)) {
		/* 4a: the given share itself, for reports to show beside group_share. */
		r = metric_add(out, FAMILY, "population_share", attr, NULL, group, NULL);
		r->value = p;
		metric_detail(r, "from the configuration");
	}
	r = metric_add(out, FAMILY, "representation_ratio", attr, NULL, group, NULL);
	r->n = N;
	if (isnan(p)) {
		metric_detail(r, "the population gives no share for this group");
		return;
	}
	if (p == 0 || N == 0) {
		metric_detail(r, p == 0 ? "population share is 0" : "no rows");
		return;
	}
	r->value = (n_g / N) / p;
	if (r->value < RATIO_LOW || r->value > RATIO_HIGH)
		r->status = STATUS_WARN;
	metric_detail(r, "share %.3g in the data, %.3g in the population", n_g / N, p);
}

/* Rules 5 and 6. */
static void population_records(const struct count_table *t, const struct population_ref *pop, double N,
			       struct audit_result *out)
{
	double *observed = xcalloc(pop->n, sizeof *observed);
	double left_out = 0;
	struct strbuf names = {0};
	for (size_t g = 0; g < t->ngroups; g++) {
		double n_g = group_rows(t, g);
		long k = -1;
		for (size_t i = 0; i < pop->n; i++)
			if (strcmp(pop->groups[i], t->groups[g]) == 0)
				k = (long)i;
		if (k >= 0)
			observed[k] = n_g;
		else if (n_g > 0) {
			left_out += n_g;
			strbuf_printf(&names, "%s%s", names.len ? ", " : "", t->groups[g]);
		}
	}
	struct audit_record *r = metric_add(out, FAMILY, "population_gof", t->attribute, NULL, NULL, NULL);
	struct chi2_result chi;
	r->n = N - left_out;
	if (stats_chi2_gof(observed, pop->shares, (int)pop->n, &chi) == 0) {
		r->value = chi.statistic;
		r->p_value = chi.p_value;
		if (chi.min_expected < 5)
			r->status = STATUS_INSUFFICIENT;
		else if (chi.p_value < SIGNIFICANCE)
			r->status = STATUS_WARN;
		if (left_out > 0)
			metric_detail(r, "df %d; left out %.0f rows in groups the population does not list (%s)",
				      chi.df, left_out, names.buf);
		else
			metric_detail(r, "df %d", chi.df);
	} else
		metric_detail(r, "undefined: fewer than two population groups with data");
	strbuf_free(&names);
	free(observed);

	r = metric_add(out, FAMILY, "population_tvd", t->attribute, NULL, NULL, NULL);
	r->n = N;
	if (N > 0) {
		double tvd = 0;
		for (size_t g = 0; g < t->ngroups; g++) {
			double p = population_share(pop, t->groups[g]);
			tvd += fabs(group_rows(t, g) / N - (isnan(p) ? 0 : p));
		}
		for (size_t i = 0; i < pop->n; i++)
			if (find_group(t, pop->groups[i]) < 0)
				tvd += pop->shares[i];
		r->value = tvd / 2;
	}
}

void representation_records(const struct count_table *t, const struct population_ref *pop,
			    struct audit_result *out)
{
	double N = 0;
	for (size_t g = 0; g < t->ngroups; g++)
		N += group_rows(t, g);
	for (size_t g = 0; g < t->ngroups; g++)
		group_records(t->attribute, t->groups[g], group_rows(t, g), N, pop, out);
	/* Who is missing: population groups with no row at all. */
	for (size_t i = 0; pop && i < pop->n; i++)
		if (find_group(t, pop->groups[i]) < 0)
			group_records(t->attribute, pop->groups[i], 0, N, pop, out);
	if (pop && pop->n > 0)
		population_records(t, pop, N, out);
}
