/*
 * selection.c — label rates by group and their comparisons (rules in
 * selection.h). Each function makes one metric's records for one outcome.
 */
#include "selection.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"
#include "stats.h"
#include "util.h"

static const char *FAMILY = "selection";

/* One outcome of one table: positives and labeled rows per group. */
struct outcome {
	const struct count_table *t;
	const char *column;   /* the label, or "label=class" */
	size_t positive;      /* the positive class */
	double *pos, *lab;    /* per group */
	double pos_all, lab_all;
	size_t ref;
	double min_group;
};

static double rate(double x, double n)
{
	return n > 0 ? x / n : NAN;
}

static int small(const struct outcome *o, size_t g)
{
	return o->lab[g] < o->min_group;
}

/* A descriptive per-group record: insufficient below min_group (rule 9). */
static struct audit_record *add(struct audit_result *out, const struct outcome *o, const char *metric, size_t g)
{
	struct audit_record *r = metric_add(out, FAMILY, metric, o->t->attribute, o->column, o->t->groups[g], NULL);
	r->n = o->lab[g];
	if (small(o, g))
		r->status = STATUS_INSUFFICIENT;
	return r;
}

/* A comparison (rule 9): judged by its evidence, never set aside for the group's size. */
static struct audit_record *compared(struct audit_result *out, const struct outcome *o, const char *metric,
				     size_t g)
{
	struct audit_record *r = metric_add(out, FAMILY, metric, o->t->attribute, o->column, o->t->groups[g],
					    o->t->groups[o->ref]);
	r->n = o->lab[g];
	if (o->lab[g] == 0)
		r->status = STATUS_INSUFFICIENT; /* nothing to compare or test: no labeled row */
	return r;
}

static void label_rate(const struct outcome *o, struct audit_result *out)
{
	for (size_t g = 0; g < o->t->ngroups; g++) {
		struct audit_record *r = add(out, o, "label_rate", g);
		struct interval ci;
		if (stats_wilson(o->pos[g], o->lab[g], CONFIDENCE, &ci) == 0) {
			r->value = o->pos[g] / o->lab[g];
			r->ci_low = ci.low;
			r->ci_high = ci.high;
		} else
			metric_detail(r, "no labeled rows");
	}
	/* 1a: the rate over every labeled row, the line group rates are read against. */
	struct audit_record *r = metric_add(out, FAMILY, "label_rate", o->t->attribute, o->column, NULL, NULL);
	metric_proportion(r, o->pos_all, o->lab_all);
	metric_detail(r, "all labeled rows");
}

static void dpl(const struct outcome *o, struct audit_result *out)
{
	for (size_t g = 0; g < o->t->ngroups; g++) {
		struct audit_record *r = add(out, o, "dpl", g);
		r->reference = xstrdup("(rest)");
		double rest = rate(o->pos_all - o->pos[g], o->lab_all - o->lab[g]);
		r->value = rest - rate(o->pos[g], o->lab[g]);
		if (isnan(r->value)) {
			r->value = NAN;
			metric_detail(r, o->lab[g] > 0 ? "no labeled rows outside the group" : "no labeled rows");
		}
	}
}

static void parity_difference(const struct outcome *o, struct audit_result *out)
{
	size_t ref = o->ref;
	for (size_t g = 0; g < o->t->ngroups; g++) {
		if (g == ref)
			continue;
		struct audit_record *r = compared(out, o, "statistical_parity_difference", g);
		struct interval ci;
		if (stats_newcombe_diff(o->pos[g], o->lab[g], o->pos[ref], o->lab[ref], CONFIDENCE, &ci) == 0) {
			r->value = o->pos[g] / o->lab[g] - o->pos[ref] / o->lab[ref];
			r->ci_low = ci.low;
			r->ci_high = ci.high;
		} else
			metric_detail(r, "no labeled rows in the group or the reference");
	}
}

/*
 * Rule 4: the ratio, its Katz interval, and Fisher's exact test of the group
 * against the reference (not the rest: the ratio compares those two), Holm
 * across the attribute's groups, judged by the band and the test together
 * (common.h J1-J4) whatever the group's size.
 */
static void disparate_impact(const struct outcome *o, struct audit_result *out)
{
	size_t ref = o->ref, first = out->n;
	double ref_rate = rate(o->pos[ref], o->lab[ref]);
	for (size_t g = 0; g < o->t->ngroups; g++) {
		if (g == ref)
			continue;
		struct audit_record *r = compared(out, o, "disparate_impact", g);
		double g_rate = rate(o->pos[g], o->lab[g]);
		if (isnan(g_rate) || isnan(ref_rate)) {
			metric_detail(r, "no labeled rows in the group or the reference");
			continue;
		}
		double p;
		if (stats_fisher_exact(o->pos[g], o->lab[g] - o->pos[g], o->pos[ref], o->lab[ref] - o->pos[ref], &p) == 0)
			r->p_value = p;
		if (ref_rate == 0) {
			metric_detail(r, "undefined: the reference group's rate is 0");
			continue;
		}
		r->value = g_rate / ref_rate;
		struct interval ci;
		if (stats_katz_ratio(o->pos[g], o->lab[g], o->pos[ref], o->lab[ref], CONFIDENCE, &ci) == 0) {
			r->ci_low = ci.low;
			r->ci_high = ci.high;
		}
		metric_detail(r, "rate %.3g vs %.3g; p: Fisher exact, group vs reference", g_rate, ref_rate);
	}
	size_t n = out->n - first;
	double *p = xcalloc(n + 1, sizeof *p);
	for (size_t i = 0; i < n; i++)
		p[i] = out->records[first + i].p_value;
	stats_holm(p, p, (int)n);
	for (size_t i = 0; i < n; i++) {
		struct audit_record *r = &out->records[first + i];
		r->p_adjusted = p[i];
		r->status = judge_band(r->value, p[i], RATIO_LOW, RATIO_HIGH, STATUS_FAIL);
	}
	free(p);
}

/* Holm across the groups' p-values of records first .. first+n-1 (NAN skipped). */
static void holm_and_judge(struct audit_result *out, size_t first)
{
	size_t n = out->n - first;
	double *p = xcalloc(n + 1, sizeof *p), *adj = xcalloc(n + 1, sizeof *adj);
	for (size_t i = 0; i < n; i++)
		p[i] = out->records[first + i].status == STATUS_INSUFFICIENT ? NAN : out->records[first + i].p_value;
	stats_holm(p, adj, (int)n);
	for (size_t i = 0; i < n; i++) {
		struct audit_record *r = &out->records[first + i];
		r->p_adjusted = adj[i];
		if (r->status == STATUS_OK && adj[i] < SIGNIFICANCE)
			r->status = STATUS_WARN;
	}
	free(p);
	free(adj);
}

static void fisher(const struct outcome *o, struct audit_result *out)
{
	size_t first = out->n;
	for (size_t g = 0; g < o->t->ngroups; g++) {
		struct audit_record *r = compared(out, o, "fisher_exact", g);
		free(r->reference);
		r->reference = xstrdup("(rest)");
		double a = o->pos[g], b = o->lab[g] - o->pos[g];
		double c = o->pos_all - a, d = (o->lab_all - o->lab[g]) - c;
		double p;
		if (stats_fisher_exact(a, b, c, d, &p) == 0) {
			r->p_value = p;
			/* The sample odds ratio gives the direction the p-value lacks. */
			if (b * c > 0)
				r->value = (a * d) / (b * c);
			metric_detail(r, "value: sample odds ratio of a positive label, group vs rest");
		} else
			metric_detail(r, "no labeled rows");
	}
	holm_and_judge(out, first);
}

static void cdd(const struct outcome *o, const struct count_tables *ct, struct audit_result *out)
{
	const struct count_table *t = o->t;
	size_t S = ct->nstrata;
	double *neg_g = xcalloc(S, sizeof *neg_g), *neg = xcalloc(S, sizeof *neg);
	double *pos_g = xcalloc(S, sizeof *pos_g), *pos = xcalloc(S, sizeof *pos);
	for (size_t g = 0; g < t->ngroups; g++) {
		memset(neg, 0, S * sizeof *neg);
		memset(pos, 0, S * sizeof *pos);
		for (size_t s = 0; s < S; s++) {
			pos_g[s] = count_at(t, g, s, o->positive);
			neg_g[s] = 0;
			for (size_t c = 0; c < t->nclasses; c++)
				if (c != o->positive)
					neg_g[s] += count_at(t, g, s, c);
			for (size_t h = 0; h < t->ngroups; h++)
				for (size_t c = 0; c < t->nclasses; c++) {
					if (c == o->positive)
						pos[s] += count_at(t, h, s, c);
					else
						neg[s] += count_at(t, h, s, c);
				}
		}
		struct audit_record *r = add(out, o, "cdd", g);
		r->reference = xstrdup("(rest)");
		double v;
		if (stats_cdd(neg_g, neg, pos_g, pos, (int)S, &v) == 0)
			r->value = v;
		else
			metric_detail(r, "undefined: no labeled rows");
	}
	free(neg_g);
	free(neg);
	free(pos_g);
	free(pos);
}

static void mantel_haenszel(const struct outcome *o, const struct count_tables *ct, struct audit_result *out)
{
	const struct count_table *t = o->t;
	size_t S = ct->nstrata;
	double (*tab)[4] = xcalloc(S, sizeof *tab);
	size_t first = out->n;
	for (size_t g = 0; g < t->ngroups; g++) {
		for (size_t s = 0; s < S; s++) {
			double a = 0, b = 0, c = 0, d = 0;
			for (size_t h = 0; h < t->ngroups; h++)
				for (size_t k = 0; k < t->nclasses; k++) {
					double x = count_at(t, h, s, k);
					int positive = k == o->positive;
					if (h == g)
						*(positive ? &a : &b) += x;
					else
						*(positive ? &c : &d) += x;
				}
			tab[s][0] = a;
			tab[s][1] = b;
			tab[s][2] = c;
			tab[s][3] = d;
		}
		struct audit_record *r = compared(out, o, "mantel_haenszel_or", g);
		free(r->reference);
		r->reference = xstrdup("(rest)");
		struct mh_result mh;
		stats_mantel_haenszel((const double (*)[4])tab, (int)S, CONFIDENCE, &mh);
		r->value = mh.odds_ratio;
		r->ci_low = mh.ci_low;
		r->ci_high = mh.ci_high;
		r->p_value = mh.p_value;
		if (isnan(mh.odds_ratio))
			metric_detail(r, "undefined: no stratum has rows both in and outside the group with each outcome");
		else
			metric_detail(r, "CMH chi-square %.4g (1 df, continuity-corrected)", mh.statistic);
	}
	free(tab);
	holm_and_judge(out, first);
}

/* Rule 6: the group's label distribution against the rest's, over all classes. */
static void divergences(const struct count_table *t, const char *label, double min_group,
			struct audit_result *out)
{
	static const char *names[] = {"kl_divergence", "js_divergence", "lp_norm", "tvd", "ks"};
	static int (*const fns[])(const double *, const double *, int, double *) = {
		stats_kl, stats_js, stats_l2, stats_tvd, stats_ks_discrete};
	size_t C = t->nclasses;
	double *p = xcalloc(C, sizeof *p), *q = xcalloc(C, sizeof *q);
	for (size_t g = 0; g < t->ngroups; g++) {
		for (size_t c = 0; c < C; c++) {
			p[c] = group_labeled(t, g, (long)c);
			q[c] = 0;
			for (size_t h = 0; h < t->ngroups; h++)
				if (h != g)
					q[c] += group_labeled(t, h, (long)c);
		}
		double n_g = group_labeled(t, g, -1);
		for (size_t m = 0; m < 5; m++) {
			struct audit_record *r = metric_add(out, FAMILY, names[m], t->attribute, label, t->groups[g], "(rest)");
			r->n = n_g;
			if (n_g < min_group)
				r->status = STATUS_INSUFFICIENT;
			double v;
			if (fns[m](p, q, (int)C, &v) == 0)
				r->value = v;
			else
				metric_detail(r, m == 0 ? "undefined: the rest has no rows in a class the group has"
							: "undefined: no labeled rows in the group or the rest");
		}
	}
	free(p);
	free(q);
}

/* Rule 7. */
static void independence(const struct count_table *t, const char *label, struct audit_result *out)
{
	size_t G = t->ngroups, C = t->nclasses;
	double *tab = xcalloc(G * C, sizeof *tab);
	double n = 0;
	for (size_t g = 0; g < G; g++)
		for (size_t c = 0; c < C; c++) {
			tab[g * C + c] = group_labeled(t, g, (long)c);
			n += tab[g * C + c];
		}
	struct audit_record *r = metric_add(out, FAMILY, "chi2_independence", t->attribute, label, NULL, NULL);
	struct audit_record chi_copy;
	r->n = n;
	struct chi2_result chi;
	int ok = stats_chi2_independence(tab, (int)G, (int)C, &chi) == 0;
	if (ok) {
		r->value = chi.statistic;
		r->p_value = chi.p_value;
		if (chi.min_expected < 5) {
			r->status = STATUS_INSUFFICIENT;
			metric_detail(r, "df %d; smallest expected count %.3g is under 5", chi.df, chi.min_expected);
		} else {
			if (chi.p_value < SIGNIFICANCE)
				r->status = STATUS_WARN;
			metric_detail(r, "df %d", chi.df);
		}
	} else
		metric_detail(r, "undefined: needs at least two groups and two classes with rows");
	chi_copy = *r;

	r = metric_add(out, FAMILY, "cramers_v", t->attribute, label, NULL, NULL);
	r->n = n;
	int rows, cols;
	stats_table_nonempty_dims(tab, (int)G, (int)C, &rows, &cols);
	double v;
	if (ok && stats_cramers_v(chi.statistic, n, rows, cols, &v) == 0) {
		r->value = v;
		r->status = chi_copy.status == STATUS_INSUFFICIENT ? STATUS_INSUFFICIENT : STATUS_OK;
		if (r->status == STATUS_INSUFFICIENT)
			metric_detail(r, "from a chi-square whose smallest expected count is under 5");
	} else
		metric_detail(r, "undefined: needs at least two groups and two classes with rows");
	free(tab);
}

static void outcome_records(struct outcome *o, const struct count_tables *ct, const char *strata,
			    struct audit_result *out)
{
	const struct count_table *t = o->t;
	o->pos = xcalloc(t->ngroups, sizeof *o->pos);
	o->lab = xcalloc(t->ngroups, sizeof *o->lab);
	o->pos_all = o->lab_all = 0;
	for (size_t g = 0; g < t->ngroups; g++) {
		o->pos[g] = group_labeled(t, g, (long)o->positive);
		o->lab[g] = group_labeled(t, g, -1);
		o->pos_all += o->pos[g];
		o->lab_all += o->lab[g];
	}
	label_rate(o, out);
	dpl(o, out);
	parity_difference(o, out);
	disparate_impact(o, out);
	fisher(o, out);
	if (strata) {
		cdd(o, ct, out);
		mantel_haenszel(o, ct, out);
	}
	free(o->pos);
	free(o->lab);
}

void selection_records(const struct count_table *t, const struct count_tables *ct, size_t ref,
		       const char *label, const char *strata, double min_group, struct audit_result *out)
{
	struct outcome o = {.t = t, .ref = ref, .min_group = min_group};
	if (ct->binary) {
		o.column = label;
		o.positive = 1;
		outcome_records(&o, ct, strata, out);
	} else {
		for (size_t c = 0; c < ct->nclasses; c++) {
			struct strbuf col = {0};
			strbuf_printf(&col, "%s=%s", label, ct->classes[c]);
			o.column = col.buf;
			o.positive = c;
			outcome_records(&o, ct, strata, out);
			strbuf_free(&col);
		}
	}
	divergences(t, label, min_group, out);
	independence(t, label, out);
}

size_t selection_default_reference(const struct count_table *t)
{
	size_t best = 0;
	double best_n = -1;
	for (size_t g = 0; g < t->ngroups; g++) {
		if (strcmp(t->groups[g], GROUP_MISSING) == 0)
			continue;
		double n = group_rows(t, g);
		if (n > best_n) {
			best = g;
			best_n = n;
		}
	}
	return best;
}
