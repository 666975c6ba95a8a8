/*
 * column_bias.c — missingness, distributions and proxies of the data columns
 * per group, and the columns that leak the label (rules in column_bias.h).
 * Entry points: column_bias_records, label_leakage_records.
 *
 * metric_add may move the records (audit_result_add reallocates), so each
 * function finishes one record before it adds the next.
 */
#include "column_bias.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "common.h"
#include "distribution.h"
#include "stats.h"
#include "util.h"

static const char *FAMILY = "measurement";

#define SMD_MEDIUM 0.5     /* rule 9b: Cohen's medium effect */
#define KS_SHAPE 0.2       /* rule 9c */
#define PROXY_WARN 0.3     /* rule 6 */
#define LEAKAGE_WARN 0.7   /* rule 11d */

static int data_role(int role)
{
	return role == ROLE_DATA || role == ROLE_STRATA;
}

/* Rule 12: a copy of an earlier data or strata column, which carries the records. */
static int twin(const struct count_tables *ct, const struct column_counts *col)
{
	return col->same_as > 0 && col->same_as <= ct->ncolumns && data_role(ct->columns[col->same_as - 1].role);
}

/* Rule 8. */
static int identifier(const struct count_tables *ct, const struct column_counts *col)
{
	return !col->real && col->distinct > 1 && col->distinct == ct->rows - col->missing;
}

/* Data and strata columns are measured, unless they are identifiers (rule 8) or copies (rule 12). */
/* Rule 8a: a column found to hold names or birth dates is personal data, not a measure. */
static int direct_identifier(const struct column_counts *col)
{
	return col->pii[PII_PERSON_NAME] > 0 || col->pii[PII_BIRTH_DATE] > 0;
}

static int measured(const struct count_tables *ct, const struct column_counts *col)
{
	return data_role(col->role) && !identifier(ct, col) && !twin(ct, col) && !direct_identifier(col);
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
		if (ct->columns[c].missing == 0 || ct->columns[c].role == ROLE_PROTECTED || twin(ct, &ct->columns[c]))
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

/* An association with its test: eta or a bias-corrected V, and what it rests on. */
struct association {
	double value, p, n;
	double plain;      /* V: the plain V */
	int rows, cols;    /* V: the table's non-empty dimensions; eta: the groups with values (rows) */
};

/*
 * The correlation ratio of a numeric column over k groups (moments[i * 3 +
 * {0,1,2}], shifted sums as count_table.moments), with the one-way ANOVA F
 * test (rules 6 and 11a).
 */
static struct association association_eta(const struct column_counts *col, const double *moments, size_t k)
{
	double *n = xcalloc(k + 1, sizeof *n), *mean = xcalloc(k + 1, sizeof *mean), *sd = xcalloc(k + 1, sizeof *sd);
	double total = 0, ssw = 0, sum = 0;
	size_t used = 0;
	for (size_t g = 0; g < k; g++) {
		const double *gm = moments + g * 3;
		struct moments m = moments_of(col, gm[0], gm[1], gm[2]);
		if (m.n == 0)
			continue;
		n[used] = m.n;
		mean[used] = m.mean;
		sd[used] = m.sd;
		total += m.n;
		sum += m.n * m.mean;
		if (m.n > 1)
			ssw += (m.n - 1) * m.sd * m.sd;
		used++;
	}
	struct association a = {correlation_ratio(n, mean, sd, used), NAN, total, NAN, (int)used, 0};
	double ssb = 0;
	for (size_t i = 0; i < used; i++)
		ssb += n[i] * (mean[i] - sum / total) * (mean[i] - sum / total);
	if (used >= 2 && total > used && ssw > 0)
		a.p = gsl_cdf_fdist_Q((ssb / (double)(used - 1)) / (ssw / (total - (double)used)), (double)(used - 1),
				      total - (double)used);
	else if (used >= 2 && total > used && ssb > 0)
		a.p = 0; /* no spread within groups: the groups alone decide the value */
	free(n);
	free(mean);
	free(sd);
	return a;
}

/* Bias-corrected Cramer's V of a rows x cols table with its chi-square test; value NAN when undefined. */
static struct association association_v(const double *table, size_t rows, size_t cols)
{
	struct association a = {NAN, NAN, 0, NAN, 0, 0};
	for (size_t i = 0; i < rows * cols; i++)
		a.n += table[i];
	struct chi2_result chi;
	if (stats_chi2_independence(table, (int)rows, (int)cols, &chi) != 0)
		return a;
	stats_table_nonempty_dims(table, (int)rows, (int)cols, &a.rows, &a.cols);
	stats_cramers_v_corrected(chi.statistic, a.n, a.rows, a.cols, &a.value);
	stats_cramers_v(chi.statistic, a.n, a.rows, a.cols, &a.plain);
	a.p = chi.p_value;
	return a;
}

/* ---- rule 11: label leakage ---- */

struct leakage {
	int counted;       /* the per-class tallies exist */
	double value, p, n;
	char detail[256];
};

static void leakage_of(const struct count_tables *ct, size_t c, struct leakage *lk)
{
	const struct column_counts *col = &ct->columns[c];
	size_t k = ct->nclasses;
	lk->counted = ct->has_label && col->class_missing && ct->class_rows && (!col->numeric || col->class_moments);
	lk->value = lk->p = lk->n = NAN;
	lk->detail[0] = 0;
	if (!lk->counted)
		return;
	/* 11a: the values. */
	struct association v = {NAN, NAN, 0, NAN, 0, 0};
	char values[128];
	if (identifier(ct, col)) {
		snprintf(values, sizeof values, "values: all distinct (an identifier), not compared");
	} else if (col->distinct == 0) {
		snprintf(values, sizeof values, "values: none");
	} else if (col->numeric) {
		v = association_eta(col, col->class_moments, k);
		if (v.rows < 2 || isnan(v.value)) {
			v.value = NAN;
			snprintf(values, sizeof values, "values: undefined (needs two classes and two values)");
		} else {
			snprintf(values, sizeof values, "values: eta %.4g over %d classes", v.value, v.rows);
		}
	} else if (col->class_levels) {
		v = association_v(col->class_levels, k, col->nlevels);
		if (isnan(v.value))
			snprintf(values, sizeof values, "values: undefined (needs two classes and two values)");
		else
			snprintf(values, sizeof values, "values: bias-corrected Cramer's V %.4g over %d classes x %d values",
				 v.value, v.rows, v.cols);
	} else {
		snprintf(values, sizeof values, "values: more than %d distinct values: not kept", LEVELS_MAX);
	}
	/* 11b: presence, when some labeled rows miss the column. */
	double labeled = 0, missing = 0;
	for (size_t i = 0; i < k; i++) {
		labeled += ct->class_rows[i];
		missing += col->class_missing[i];
	}
	struct association pr = {NAN, NAN, 0, NAN, 0, 0};
	char presence[96] = "";
	if (missing > 0) {
		double *table = xcalloc(k * 2 + 1, sizeof *table);
		for (size_t i = 0; i < k; i++) {
			table[i * 2] = col->class_missing[i];
			table[i * 2 + 1] = ct->class_rows[i] - col->class_missing[i];
		}
		pr = association_v(table, k, 2);
		free(table);
		if (isnan(pr.value))
			snprintf(presence, sizeof presence, "; presence: undefined (%.0f of %.0f missing)", missing, labeled);
		else
			snprintf(presence, sizeof presence, "; presence: bias-corrected Cramer's V %.4g (%.0f of %.0f missing)",
				 pr.value, missing, labeled);
	}
	/* 11c: the larger of the two. */
	const struct association *best = isnan(pr.value) || (!isnan(v.value) && v.value >= pr.value) ? &v : &pr;
	if (!isnan(best->value)) {
		lk->value = best->value;
		lk->p = best->p;
		lk->n = best->n;
	} else {
		lk->n = v.n > 0 ? v.n : labeled - missing;
	}
	snprintf(lk->detail, sizeof lk->detail, "%s%s", values, presence);
}

/* 11d: does column c leak the label? */
static int leaks_label(const struct leakage *lk)
{
	return lk->counted && !isnan(lk->value) && lk->value >= LEAKAGE_WARN && lk->p < SIGNIFICANCE;
}

void label_leakage_records(const struct count_tables *ct, struct audit_result *out)
{
	if (!ct->has_label)
		return;
	for (size_t c = 0; c < ct->ncolumns; c++) {
		const struct column_counts *col = &ct->columns[c];
		/* 11: identifiers only by their presence, when some rows miss them */
		if (!data_role(col->role) || twin(ct, col) || (identifier(ct, col) && col->missing == 0))
			continue;
		struct leakage lk;
		leakage_of(ct, c, &lk);
		if (!lk.counted)
			continue; /* 11e: no per-class tallies, nothing to say */
		struct audit_record *r = metric_add(out, FAMILY, "label_leakage", NULL, col->name, NULL, NULL);
		r->value = lk.value;
		r->p_value = lk.p;
		r->n = lk.n;
		metric_detail(r, "%s", lk.detail);
		if (leaks_label(&lk))
			r->status = STATUS_WARN;
	}
}

/* ---- rules 3-5, 9 and 10: numeric columns ---- */

/* Rule 9: who carries the column's finding for the attribute, and what it is. */
struct judgement {
	const char *skip;  /* rule 10: why nothing is judged, or NULL */
	long carrier;      /* 9a: the group, or -1 */
	double p;          /* the carrier's p (KS or Welch, Holm-adjusted) */
	int smd_warns, ks_warns;
};

/* Rule 9d: the words a record's detail ends with. */
static void judgement_words(const struct judgement *j, const struct count_table *t, size_t g, int is_smd, int tested,
			    const double *smd, const double *d, char *buf, size_t cap)
{
	buf[0] = 0;
	if (j->skip) {
		snprintf(buf, cap, "not judged: %s", j->skip);
		return;
	}
	if (j->carrier < 0)
		return;
	const char *test = tested ? "KS" : "Welch";
	if ((long)g != j->carrier) {
		snprintf(buf, cap, "judged at %s (largest |smd|): %s", t->groups[j->carrier],
			 j->smd_warns ? "its smd warns" : j->ks_warns ? "its ks_statistic warns" : "no finding");
		return;
	}
	if (is_smd && j->smd_warns)
		snprintf(buf, cap, "the finding for %s: |smd| >= %.1f with %s p (Holm) %.3g", t->attribute, SMD_MEDIUM,
			 test, j->p);
	else if (is_smd && j->ks_warns)
		snprintf(buf, cap, "largest |smd| for %s, under %.1f: the finding is its ks_statistic", t->attribute,
			 SMD_MEDIUM);
	else if (is_smd)
		snprintf(buf, cap, "largest |smd| for %s: %s", t->attribute,
			 fabs(smd[g]) < SMD_MEDIUM ? "under 0.5, no finding"
			 : isnan(j->p)		   ? "no test, no finding"
						   : "not significant, no finding");
	else if (j->smd_warns)
		snprintf(buf, cap, "largest |smd| for %s: the finding is its smd", t->attribute);
	else if (j->ks_warns)
		snprintf(buf, cap, "the finding for %s: D >= %.1f with KS p (Holm) %.3g, |smd| under %.1f", t->attribute,
			 KS_SHAPE, j->p, SMD_MEDIUM);
	else
		snprintf(buf, cap, "largest |smd| for %s: %s", t->attribute,
			 d[g] < KS_SHAPE ? "D under 0.2, no finding" : "no finding");
}

static struct judgement judge_column(const struct count_tables *ct, size_t c, size_t ng, const int *small,
				     const double *smd, const double *d, const double *ks_adj, const double *welch_adj,
				     int tested, char *skip_buf, size_t cap)
{
	const struct column_counts *col = &ct->columns[c];
	struct judgement j = {NULL, -1, NAN, 0, 0};
	struct leakage lk;
	leakage_of(ct, c, &lk);
	if (col->distinct <= 1) {
		j.skip = "constant column";
	} else if (leaks_label(&lk)) {
		snprintf(skip_buf, cap, "the column leaks the label (label_leakage %.3g)", lk.value);
		j.skip = skip_buf;
	}
	if (j.skip)
		return j;
	/* 9a: among the significant groups if there are any, so a small group's
	 * large but untested-looking |smd| cannot hide a significant one. */
	const double *padj = tested ? ks_adj : welch_adj;
	for (int pass = 0; pass < 2 && j.carrier < 0; pass++)
		for (size_t g = 0; g < ng; g++)
			if (!small[g] && !isnan(smd[g]) && (pass == 1 || padj[g] < SIGNIFICANCE) &&
			    (j.carrier < 0 || fabs(smd[g]) > fabs(smd[j.carrier])))
				j.carrier = (long)g;
	if (j.carrier < 0)
		return j;
	size_t g = (size_t)j.carrier;
	j.p = padj[g];
	j.smd_warns = fabs(smd[g]) >= SMD_MEDIUM && j.p < SIGNIFICANCE;                             /* 9b */
	j.ks_warns = !j.smd_warns && tested && d[g] >= KS_SHAPE && ks_adj[g] < SIGNIFICANCE;       /* 9c */
	return j;
}

/* Rules 3-5, 9 and 10 for one numeric column. */
static void numeric_records(const struct count_table *t, const struct count_tables *ct, size_t c, double min_group,
			    struct audit_result *out)
{
	const struct column_counts *col = &ct->columns[c];
	size_t ng = t->ngroups, nl = col->nlevels;
	const double *levels = t->levels ? t->levels[c] : NULL;
	/* Rules 3 and 4: past LEVELS_MAX, the sorted pass stands in for the levels. */
	const struct group_order *order = !levels && col->ordered && t->order ? t->order[c] : NULL;
	int tested = levels || order; /* rule 4 has a KS test */
	double tot[3] = {0, 0, 0};
	for (size_t g = 0; g < ng; g++)
		for (int k = 0; k < 3; k++)
			tot[k] += group_moments(t, ct, g, c)[k];
	double *rest = levels ? xcalloc(nl + 1, sizeof *rest) : NULL;
	double *d = xcalloc(ng + 1, sizeof *d), *p = xcalloc(ng + 1, sizeof *p), *adj = xcalloc(ng + 1, sizeof *adj);
	double *smd = xcalloc(ng + 1, sizeof *smd), *wp = xcalloc(ng + 1, sizeof *wp), *wadj = xcalloc(ng + 1, sizeof *wadj);
	int *small = xcalloc(ng + 1, sizeof *small);
	struct moments *mg = xcalloc(ng + 1, sizeof *mg), *mr = xcalloc(ng + 1, sizeof *mr);
	for (size_t g = 0; g < ng; g++) {
		const double *gm = group_moments(t, ct, g, c);
		/* The moment sums give both sides the same footing, levels or not. */
		mg[g] = moments_of(col, gm[0], gm[1], gm[2]);
		mr[g] = moments_of(col, tot[0] - gm[0], tot[1] - gm[1], tot[2] - gm[2]);
		small[g] = mg[g].n < min_group;
		smd[g] = smd_pooled(mg[g].n, mg[g].mean, mg[g].sd, mr[g].n, mr[g].mean, mr[g].sd);
		d[g] = p[g] = wp[g] = NAN;
		if (!tested) {
			if (!small[g]) /* rule 5: Welch when there is no KS test */
				stats_welch_t(mg[g].n, mg[g].mean, mg[g].sd, mr[g].n, mr[g].mean, mr[g].sd, NULL, NULL, &wp[g]);
			continue;
		}
		if (order) {
			if (!small[g]) { /* rule 4: the sizes from the moment sums, as Welch's */
				d[g] = order[g].ks_d;
				p[g] = ks_p_asymptotic(d[g], mg[g].n, mr[g].n);
			}
			continue;
		}
		for (size_t l = 0; l < nl; l++)
			rest[l] = col->level_count[l] - levels[g * nl + l];
		struct histogram hg = {col->level_value, levels + g * nl, nl}, hr = {col->level_value, rest, nl};
		if (hist_total(&hg) >= min_group)
			ks_two_sample(&hg, &hr, &d[g], &p[g]);
	}
	stats_holm(p, adj, (int)ng);
	stats_holm(wp, wadj, (int)ng);
	char skip[96], words[160];
	struct judgement j = judge_column(ct, c, ng, small, smd, d, adj, wadj, tested, skip, sizeof skip);
	for (size_t g = 0; g < ng; g++) {
		struct moments m = mg[g];
		struct histogram hg = {col->level_value, levels ? levels + g * nl : NULL, levels ? nl : 0};
		if (levels)
			hist_moments(&hg, &m.mean, &m.sd);
		const char *names[3] = {"mean", "sd", "median"};
		double values[3] = {m.mean, m.sd, levels ? hist_median(&hg) : order ? order[g].median : NAN};
		for (int k = 0; k < 3; k++) {
			struct audit_record *rec = metric_add(out, FAMILY, names[k], t->attribute, col->name,
							      t->groups[g], NULL);
			rec->value = values[k];
			rec->n = m.n;
			if (small[g])
				rec->status = STATUS_INSUFFICIENT;
			if (k == 2 && !tested)
				metric_detail(rec, "more than %d distinct values: not kept", LEVELS_MAX);
		}
		struct audit_record *rec = metric_add(out, FAMILY, "ks_statistic", t->attribute, col->name,
						      t->groups[g], "(rest)");
		rec->value = d[g];
		rec->p_value = p[g];
		rec->p_adjusted = adj[g];
		rec->n = m.n;
		if (small[g]) {
			rec->status = STATUS_INSUFFICIENT;
			if (!tested)
				metric_detail(rec, "more than %d distinct values: not kept", LEVELS_MAX);
		} else if (!tested) {
			metric_detail(rec, "more than %d distinct values: not kept", LEVELS_MAX);
		} else {
			judgement_words(&j, t, g, 0, 1, smd, d, words, sizeof words);
			if (words[0])
				metric_detail(rec, "%s", words);
			if (j.ks_warns && (long)g == j.carrier)
				rec->status = STATUS_WARN;
		}

		rec = metric_add(out, FAMILY, "smd", t->attribute, col->name, t->groups[g], "(rest)");
		rec->value = smd[g];
		rec->n = m.n;
		if (!tested) {
			rec->p_value = wp[g];
			rec->p_adjusted = wadj[g];
		}
		words[0] = 0;
		if (small[g])
			rec->status = STATUS_INSUFFICIENT;
		else
			judgement_words(&j, t, g, 1, tested, smd, d, words, sizeof words);
		if (words[0])
			metric_detail(rec, "mean %.4g against %.4g in the rest; %s", mg[g].mean, mr[g].mean, words);
		else
			metric_detail(rec, "mean %.4g against %.4g in the rest", mg[g].mean, mr[g].mean);
		if (j.smd_warns && (long)g == j.carrier)
			rec->status = STATUS_WARN;
	}
	free(rest);
	free(d);
	free(p);
	free(adj);
	free(smd);
	free(wp);
	free(wadj);
	free(small);
	free(mg);
	free(mr);
}

/* Rule 6, numeric: eta from the group moments, with the one-way ANOVA F test. */
static void proxy_eta(const struct count_table *t, const struct count_tables *ct, size_t c, struct audit_record *r)
{
	size_t ng = t->ngroups;
	double *moments = xcalloc(ng * 3 + 1, sizeof *moments);
	for (size_t g = 0; g < ng; g++)
		for (int k = 0; k < 3; k++)
			moments[g * 3 + k] = group_moments(t, ct, g, c)[k];
	struct association a = association_eta(&ct->columns[c], moments, ng);
	free(moments);
	r->n = a.n;
	r->value = a.value;
	r->p_value = a.p;
	metric_detail(r, "correlation ratio (eta) over %d groups", a.rows);
}

/* Rule 6, categorical: bias-corrected Cramer's V of groups x levels. */
static void proxy_v(const struct count_table *t, const struct count_tables *ct, size_t c, struct audit_record *r)
{
	struct association a = association_v(t->levels[c], t->ngroups, ct->columns[c].nlevels);
	r->n = a.n;
	if (a.rows == 0) {
		metric_detail(r, "undefined: needs two groups and two values");
		return;
	}
	r->value = a.value;
	r->p_value = a.p;
	metric_detail(r, "bias-corrected Cramer's V over %d groups x %d values (plain V %.4g)", a.rows, a.cols, a.plain);
}

static void proxy_records(const struct count_table *t, const struct count_tables *ct, size_t c,
			  struct audit_result *out)
{
	const struct column_counts *col = &ct->columns[c];
	if (!col->numeric && !(t->levels && t->levels[c])) {
		struct audit_record *r = metric_add(out, FAMILY, "proxy_strength", t->attribute, col->name, NULL, NULL);
		if (col->distinct == 0)
			metric_detail(r, "no values");
		else
			metric_detail(r, "more than %d distinct values: not kept", LEVELS_MAX);
		return;
	}
	struct audit_record *r = metric_add(out, FAMILY, "proxy_strength", t->attribute, col->name, NULL, NULL);
	if (col->numeric)
		proxy_eta(t, ct, c, r);
	else
		proxy_v(t, ct, c, r);
	if (!isnan(r->value) && r->value >= PROXY_WARN && r->p_value < SIGNIFICANCE)
		r->status = STATUS_WARN;
}

void column_bias_records(const struct count_table *t, const struct count_tables *ct, double min_group,
		      struct audit_result *out)
{
	if (t->member < 0 || !t->missing)
		return;
	for (size_t c = 0; c < ct->ncolumns; c++)
		if (ct->columns[c].missing > 0 && ct->columns[c].role != ROLE_PROTECTED && !twin(ct, &ct->columns[c]))
			missing_records(t, ct, c, min_group, out);
	differential_missingness(t, ct, out);
	for (size_t c = 0; c < ct->ncolumns; c++)
		if (measured(ct, &ct->columns[c]) && ct->columns[c].numeric)
			numeric_records(t, ct, c, min_group, out);
	for (size_t c = 0; c < ct->ncolumns; c++)
		if (measured(ct, &ct->columns[c]))
			proxy_records(t, ct, c, out);
}
