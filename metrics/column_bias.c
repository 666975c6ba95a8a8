/*
 * column_bias.c — missingness, distributions and proxies of the data columns
 * per group (rules in column_bias.h).
 */
#include "column_bias.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

#include "common.h"
#include "distribution.h"
#include "stats.h"
#include "util.h"

static const char *FAMILY = "measurement";

/* Data and strata columns are measured, unless they are identifiers (rule 8). */
static int measured(const struct column_counts *col, double rows)
{
	int identifier = !col->real && col->distinct > 1 && col->distinct == rows - col->missing;
	return (col->role == ROLE_DATA || col->role == ROLE_STRATA) && !identifier;
}

/* Rule 1 for one column. */
static void missing_records(const struct count_table *t, const struct count_tables *ct, size_t c, double min_group,
			    struct audit_result *out)
{
	const struct column_counts *col = &ct->columns[c];
	size_t ng = t->ngroups, nc = ct->ncolumns;
	for (size_t g = 0; g < ng; g++) {
		double n = group_rows(t, g), x = t->missing[g * nc + c];
		struct audit_record *r = metric_add(out, FAMILY, "missing_rate", t->attribute, col->name, t->groups[g], NULL);
		metric_proportion(r, x, n);
		if (n < min_group)
			r->status = STATUS_INSUFFICIENT;
	}
}

/* Rule 2 for one column: the test, and the spread of the group rates. */
struct missingness_test {
	size_t column;
	int ok;
	struct chi2_result chi;
	double lo, hi;
};

static struct missingness_test missingness_test(const struct count_table *t, const struct count_tables *ct, size_t c,
						double *table)
{
	size_t ng = t->ngroups, nc = ct->ncolumns;
	struct missingness_test m = {c, 0, {NAN, NAN, 0, NAN}, INFINITY, 0};
	for (size_t g = 0; g < ng; g++) {
		double n = group_rows(t, g);
		table[g * 2] = t->missing[g * nc + c];
		table[g * 2 + 1] = n - table[g * 2];
		if (n > 0) {
			double rate = table[g * 2] / n;
			m.lo = rate < m.lo ? rate : m.lo;
			m.hi = rate > m.hi ? rate : m.hi;
		}
	}
	m.ok = stats_chi2_independence(table, (int)ng, 2, &m.chi) == 0;
	return m;
}

/* Rule 2 for every column with missing cells, Holm-adjusted together. */
static void differential_missingness(const struct count_table *t, const struct count_tables *ct,
				     struct audit_result *out)
{
	size_t nc = ct->ncolumns, m = 0;
	double *table = xcalloc(t->ngroups * 2 + 1, sizeof *table);
	struct missingness_test *tests = xcalloc(nc + 1, sizeof *tests);
	double *p = xcalloc(nc + 1, sizeof *p), *adj = xcalloc(nc + 1, sizeof *adj);
	for (size_t c = 0; c < nc; c++) {
		if (ct->columns[c].missing == 0 || ct->columns[c].role == ROLE_PROTECTED)
			continue;
		tests[m] = missingness_test(t, ct, c, table);
		p[m] = tests[m].ok && tests[m].chi.min_expected >= 5 ? tests[m].chi.p_value : NAN;
		m++;
	}
	stats_holm(p, adj, (int)m);
	for (size_t i = 0; i < m; i++) {
		const struct missingness_test *mt = &tests[i];
		struct audit_record *r = metric_add(out, FAMILY, "differential_missingness", t->attribute,
						    ct->columns[mt->column].name, NULL, NULL);
		r->n = ct->rows;
		if (!mt->ok) {
			metric_detail(r, "undefined: needs two groups with rows");
			continue;
		}
		r->value = mt->chi.statistic;
		r->p_value = mt->chi.p_value;
		r->p_adjusted = adj[i];
		if (mt->chi.min_expected < 5) {
			r->status = STATUS_INSUFFICIENT;
			metric_detail(r, "df %d; group rates %.4g to %.4g; smallest expected count %.3g is under 5",
				      mt->chi.df, mt->lo, mt->hi, mt->chi.min_expected);
			continue;
		}
		metric_detail(r, "df %d; group rates %.4g to %.4g", mt->chi.df, mt->lo, mt->hi);
		if (adj[i] < SIGNIFICANCE && mt->hi >= 1.25 * mt->lo)
			r->status = STATUS_WARN;
	}
	free(table);
	free(tests);
	free(p);
	free(adj);
}

/* A group's moments from the shifted sums (rule 3). */
struct moments {
	double n, mean, sd;
};

static struct moments moments_of(const struct column_counts *col, double n, double s, double ss)
{
	struct moments m = {n, NAN, NAN};
	if (n > 0)
		m.mean = col->shift + s / n;
	if (n > 1) {
		double var = (ss - s * s / n) / (n - 1);
		m.sd = sqrt(var > 0 ? var : 0);
	}
	return m;
}

static const double *group_moments(const struct count_table *t, const struct count_tables *ct, size_t g,
				   size_t c)
{
	return &t->moments[(g * ct->ncolumns + c) * 3];
}

/* Rules 3-5 for one numeric column. */
static void numeric_records(const struct count_table *t, const struct count_tables *ct, size_t c, double min_group,
			    struct audit_result *out)
{
	const struct column_counts *col = &ct->columns[c];
	size_t ng = t->ngroups, nl = col->nlevels;
	const double *levels = t->levels ? t->levels[c] : NULL;
	double tot[3] = {0, 0, 0};
	for (size_t g = 0; g < ng; g++)
		for (int k = 0; k < 3; k++)
			tot[k] += group_moments(t, ct, g, c)[k];
	double *rest = levels ? xcalloc(nl + 1, sizeof *rest) : NULL;
	double *d = xcalloc(ng + 1, sizeof *d), *p = xcalloc(ng + 1, sizeof *p), *adj = xcalloc(ng + 1, sizeof *adj);
	for (size_t g = 0; g < ng; g++) {
		d[g] = p[g] = NAN;
		if (!levels)
			continue;
		for (size_t l = 0; l < nl; l++)
			rest[l] = col->level_count[l] - levels[g * nl + l];
		struct histogram hg = {col->level_value, levels + g * nl, nl}, hr = {col->level_value, rest, nl};
		if (hist_total(&hg) >= min_group)
			ks_two_sample(&hg, &hr, &d[g], &p[g]);
	}
	stats_holm(p, adj, (int)ng);
	for (size_t g = 0; g < ng; g++) {
		const double *gm = group_moments(t, ct, g, c);
		struct moments m = moments_of(col, gm[0], gm[1], gm[2]);
		struct moments r = moments_of(col, tot[0] - gm[0], tot[1] - gm[1], tot[2] - gm[2]);
		int small = m.n < min_group;
		struct histogram hg = {col->level_value, levels ? levels + g * nl : NULL, levels ? nl : 0};
		if (levels)
			hist_moments(&hg, &m.mean, &m.sd);
		const char *names[3] = {"mean", "sd", "median"};
		double values[3] = {m.mean, m.sd, levels ? hist_median(&hg) : NAN};
		for (int k = 0; k < 3; k++) {
			struct audit_record *rec = metric_add(out, FAMILY, names[k], t->attribute, col->name,
							      t->groups[g], NULL);
			rec->value = values[k];
			rec->n = m.n;
			if (small)
				rec->status = STATUS_INSUFFICIENT;
			if (k == 2 && !levels)
				metric_detail(rec, "more than %d distinct values: not kept", LEVELS_MAX);
		}
		struct audit_record *rec = metric_add(out, FAMILY, "ks_statistic", t->attribute, col->name,
						      t->groups[g], "(rest)");
		rec->value = d[g];
		rec->p_value = p[g];
		rec->p_adjusted = adj[g];
		rec->n = m.n;
		if (!levels)
			metric_detail(rec, "more than %d distinct values: not kept", LEVELS_MAX);
		if (small)
			rec->status = STATUS_INSUFFICIENT;
		else if (adj[g] < SIGNIFICANCE && d[g] >= 0.1)
			rec->status = STATUS_WARN;

		rec = metric_add(out, FAMILY, "smd", t->attribute, col->name, t->groups[g], "(rest)");
		/* The moment sums give both sides the same footing, levels or not. */
		struct moments mg = moments_of(col, gm[0], gm[1], gm[2]);
		rec->value = smd_pooled(mg.n, mg.mean, mg.sd, r.n, r.mean, r.sd);
		rec->n = m.n;
		metric_detail(rec, "mean %.4g against %.4g in the rest", mg.mean, r.mean);
		if (small)
			rec->status = STATUS_INSUFFICIENT;
		else if (fabs(rec->value) >= 0.2)
			rec->status = STATUS_WARN;
	}
	free(rest);
	free(d);
	free(p);
	free(adj);
}

/* Rule 6, numeric: eta from the group moments, with the one-way ANOVA F test. */
static void proxy_eta(const struct count_table *t, const struct count_tables *ct, size_t c, struct audit_record *r)
{
	const struct column_counts *col = &ct->columns[c];
	size_t ng = t->ngroups;
	double *n = xcalloc(ng + 1, sizeof *n), *mean = xcalloc(ng + 1, sizeof *mean), *sd = xcalloc(ng + 1, sizeof *sd);
	double total = 0, ssw = 0, sum = 0;
	size_t k = 0;
	for (size_t g = 0; g < ng; g++) {
		const double *gm = group_moments(t, ct, g, c);
		struct moments m = moments_of(col, gm[0], gm[1], gm[2]);
		if (m.n == 0)
			continue;
		n[k] = m.n;
		mean[k] = m.mean;
		sd[k] = m.sd;
		total += m.n;
		sum += m.n * m.mean;
		if (m.n > 1)
			ssw += (m.n - 1) * m.sd * m.sd;
		k++;
	}
	r->n = total;
	r->value = correlation_ratio(n, mean, sd, k);
	double ssb = 0;
	for (size_t i = 0; i < k; i++)
		ssb += n[i] * (mean[i] - sum / total) * (mean[i] - sum / total);
	if (k >= 2 && total > k && ssw > 0)
		r->p_value = gsl_cdf_fdist_Q((ssb / (double)(k - 1)) / (ssw / (total - (double)k)), (double)(k - 1),
					     total - (double)k);
	else if (k >= 2 && total > k && ssb > 0)
		r->p_value = 0; /* no spread within groups: the groups alone decide the value */
	metric_detail(r, "correlation ratio (eta) over %zu groups", k);
	free(n);
	free(mean);
	free(sd);
}

/* Rule 6, categorical: bias-corrected Cramer's V of groups x levels. */
static void proxy_v(const struct count_table *t, const struct count_tables *ct, size_t c, struct audit_record *r)
{
	const struct column_counts *col = &ct->columns[c];
	size_t ng = t->ngroups, nl = col->nlevels;
	const double *levels = t->levels[c];
	double n = 0;
	for (size_t i = 0; i < ng * nl; i++)
		n += levels[i];
	r->n = n;
	struct chi2_result chi;
	int rows, cols;
	double v;
	if (stats_chi2_independence(levels, (int)ng, (int)nl, &chi) == 0) {
		stats_table_nonempty_dims(levels, (int)ng, (int)nl, &rows, &cols);
		if (stats_cramers_v_corrected(chi.statistic, n, rows, cols, &v) == 0)
			r->value = v;
		r->p_value = chi.p_value;
		stats_cramers_v(chi.statistic, n, rows, cols, &v);
		metric_detail(r, "bias-corrected Cramer's V over %d groups x %d values (plain V %.4g)", rows, cols, v);
	} else
		metric_detail(r, "undefined: needs two groups and two values");
}

static void proxy_records(const struct count_table *t, const struct count_tables *ct, size_t c,
			  struct audit_result *out)
{
	const struct column_counts *col = &ct->columns[c];
	if (!col->numeric && !(t->levels && t->levels[c])) {
		struct audit_record *r = metric_add(out, FAMILY, "proxy_strength", t->attribute, col->name, NULL, NULL);
		metric_detail(r, "more than %d distinct values: not kept", LEVELS_MAX);
		return;
	}
	struct audit_record *r = metric_add(out, FAMILY, "proxy_strength", t->attribute, col->name, NULL, NULL);
	if (col->numeric)
		proxy_eta(t, ct, c, r);
	else
		proxy_v(t, ct, c, r);
	if (!isnan(r->value) && r->value >= 0.3 && r->p_value < SIGNIFICANCE)
		r->status = STATUS_WARN;
}

void column_bias_records(const struct count_table *t, const struct count_tables *ct, double min_group,
		      struct audit_result *out)
{
	if (t->member < 0 || !t->missing)
		return;
	for (size_t c = 0; c < ct->ncolumns; c++)
		if (ct->columns[c].missing > 0 && ct->columns[c].role != ROLE_PROTECTED)
			missing_records(t, ct, c, min_group, out);
	differential_missingness(t, ct, out);
	for (size_t c = 0; c < ct->ncolumns; c++)
		if (measured(&ct->columns[c], ct->rows) && ct->columns[c].numeric)
			numeric_records(t, ct, c, min_group, out);
	for (size_t c = 0; c < ct->ncolumns; c++)
		if (measured(&ct->columns[c], ct->rows))
			proxy_records(t, ct, c, out);
}
