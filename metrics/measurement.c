/*
 * measurement.c — confusion-matrix metrics, label and annotator errors
 * against a gold column, and annotator agreement (rules in measurement.h).
 */
#include "measurement.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "agreement.h"
#include "common.h"
#include "stats.h"
#include "util.h"

static const char *FAMILY = "measurement";

/* Rule 1: one Aequitas metric as numerator / denominator of a group's confusion. */
struct aequitas_metric {
	const char *name, *disparity;
	double (*num)(const struct confusion *c, double k);
	double (*den)(const struct confusion *c, double k);
};

static double pp(const struct confusion *c, double k) { (void)k; return c->tp + c->fp; }
static double pn(const struct confusion *c, double k) { (void)k; return c->fn + c->tn; }
static double all(const struct confusion *c, double k) { (void)k; return c->tp + c->fp + c->tn + c->fn; }
static double total_pp(const struct confusion *c, double k) { (void)c; return k; }
static double tp(const struct confusion *c, double k) { (void)k; return c->tp; }
static double fp(const struct confusion *c, double k) { (void)k; return c->fp; }
static double tn(const struct confusion *c, double k) { (void)k; return c->tn; }
static double fn(const struct confusion *c, double k) { (void)k; return c->fn; }
static double actual_pos(const struct confusion *c, double k) { (void)k; return c->tp + c->fn; }
static double actual_neg(const struct confusion *c, double k) { (void)k; return c->fp + c->tn; }

static const struct aequitas_metric AEQUITAS[] = {
	{"ppr", "ppr_disparity", pp, total_pp},
	{"pprev", "pprev_disparity", pp, all},
	{"prev", "prev_disparity", actual_pos, all},
	{"precision", "precision_disparity", tp, pp},
	{"fdr", "fdr_disparity", fp, pp},
	{"for", "for_disparity", fn, pn},
	{"npv", "npv_disparity", tn, pn},
	{"fpr", "fpr_disparity", fp, actual_neg},
	{"fnr", "fnr_disparity", fn, actual_pos},
	{"tpr", "tpr_disparity", tp, actual_pos},
	{"tnr", "tnr_disparity", tn, actual_neg},
};
#define NAEQUITAS (sizeof AEQUITAS / sizeof AEQUITAS[0])

/* Rules 1 and 2 for one metric across the groups. */
static void aequitas_records(const struct count_table *t, const struct count_tables *ct, size_t ref,
			     double min_group, const struct aequitas_metric *m, struct audit_result *out)
{
	double k = 0;
	for (size_t g = 0; g < t->ngroups; g++)
		k += pp(&t->confusion[g], 0);
	for (size_t g = 0; g < t->ngroups; g++) {
		const struct confusion *c = &t->confusion[g];
		double x = m->num(c, k), d = m->den(c, k);
		struct audit_record *r = metric_add(out, FAMILY, m->name, t->attribute, ct->predicted, t->groups[g], NULL);
		metric_proportion(r, x, d);
		metric_detail(r, "%s against %s: tp %.0f, fp %.0f, tn %.0f, fn %.0f", ct->predicted, ct->truth, c->tp,
			      c->fp, c->tn, c->fn);
		if (all(c, 0) < min_group)
			r->status = STATUS_INSUFFICIENT;
	}
	const struct confusion *cr = &t->confusion[ref];
	double xr = m->num(cr, k), dr = m->den(cr, k);
	for (size_t g = 0; g < t->ngroups; g++) {
		if (g == ref)
			continue;
		const struct confusion *c = &t->confusion[g];
		double x = m->num(c, k), d = m->den(c, k);
		struct audit_record *r = metric_add(out, FAMILY, m->disparity, t->attribute, ct->predicted, t->groups[g],
						    t->groups[ref]);
		r->n = d;
		if (d > 0 && dr > 0 && xr > 0) {
			r->value = (x / d) / (xr / dr);
			struct interval ci;
			if (stats_katz_ratio(x, d, xr, dr, CONFIDENCE, &ci) == 0) {
				r->ci_low = ci.low;
				r->ci_high = ci.high;
			}
			/*
			 * Rule 2: the judged disparities are tested exactly (a group of
			 * two with tpr 2/2 makes the Katz test's variance vanish and
			 * "significant" out of nothing); ppr's shared denominator k is no
			 * 2 x 2 table, so it keeps the Katz test and is not judged.
			 */
			if (strcmp(m->name, "ppr") == 0) {
				if (x > 0)
					stats_katz_test(x, d, xr, dr, &r->p_value);
			} else {
				stats_fisher_exact(x, d - x, xr, dr - xr, &r->p_value);
			}
		} else {
			metric_detail(r, d > 0 && dr > 0 ? "the reference group's %s is 0" : "a denominator is 0",
				      m->name);
		}
	}
}

/* Rule 2: Holm across the judged disparities of the table, then the band. */
static void judge_disparities(struct audit_result *out, size_t first)
{
	size_t n = out->n - first, k = 0;
	double *p = xcalloc(n + 1, sizeof *p);
	size_t *at = xcalloc(n + 1, sizeof *at);
	for (size_t i = first; i < out->n; i++) {
		const struct audit_record *r = &out->records[i];
		if (!judged_comparison(r->metric))
			continue;
		p[k] = r->p_value;
		at[k++] = i;
	}
	stats_holm(p, p, (int)k);
	for (size_t j = 0; j < k; j++) {
		struct audit_record *r = &out->records[at[j]];
		r->p_adjusted = p[j];
		r->status = judge_band(r->value, p[j], RATIO_LOW, RATIO_HIGH, STATUS_FAIL);
	}
	free(p);
	free(at);
}

/*
 * Rules 3 and 4: error rates of the groups (errors[g*2] compared, [g*2+1]
 * differing, with a stride between groups) against the rest, Holm-adjusted.
 */
static void error_rate_records(const struct count_table *t, const char *metric, const char *column,
			       const char *against, const double *errors, size_t stride, double min_group,
			       struct audit_result *out)
{
	size_t ng = t->ngroups;
	double n_all = 0, x_all = 0;
	for (size_t g = 0; g < ng; g++) {
		n_all += errors[g * stride];
		x_all += errors[g * stride + 1];
	}
	double *p = xcalloc(ng + 1, sizeof *p);
	for (size_t g = 0; g < ng; g++) {
		double n = errors[g * stride], x = errors[g * stride + 1];
		p[g] = NAN;
		if (n >= min_group && n_all - n > 0)
			stats_fisher_exact(x, n - x, x_all - x, (n_all - n) - (x_all - x), &p[g]);
	}
	double *adjusted = xcalloc(ng + 1, sizeof *adjusted);
	stats_holm(p, adjusted, (int)ng);
	for (size_t g = 0; g < ng; g++) {
		double n = errors[g * stride], x = errors[g * stride + 1];
		struct audit_record *r = metric_add(out, FAMILY, metric, t->attribute, column, t->groups[g], "(rest)");
		metric_proportion(r, x, n);
		r->p_value = p[g];
		r->p_adjusted = adjusted[g];
		double rest = n_all - n > 0 ? (x_all - x) / (n_all - n) : NAN;
		metric_detail(r, "against %s; rest of the rows %.4g", against, rest);
		if (n < min_group)
			r->status = STATUS_INSUFFICIENT;
		else if (adjusted[g] < SIGNIFICANCE && r->value > rest)
			r->status = STATUS_WARN;
	}
	free(p);
	free(adjusted);
}

static char *annotator_list(const struct annotator_counts *ac)
{
	struct strbuf sb = {0};
	for (size_t a = 0; a < ac->nannotators; a++)
		strbuf_printf(&sb, "%s%s", a ? "," : "", ac->names[a]);
	return sb.buf;
}

static const struct {
	enum agreement_kind kind;
	const char *name;
} AGREEMENT[] = {
	{AGREE_PERCENT, "percent_agreement"},
	{AGREE_COHEN, "cohen_kappa"},
	{AGREE_FLEISS, "fleiss_kappa"},
	{AGREE_ALPHA, "krippendorff_alpha"},
};
#define NAGREEMENT (sizeof AGREEMENT / sizeof AGREEMENT[0])
#define UNDEFINED_AGREEMENT "undefined: too few rated rows or a single category"

/* One agreement figure with its bootstrap interval. */
struct agreement_figure {
	double value, low, high, n;
};

static struct agreement_figure agreement_figure(enum agreement_kind kind, const struct annotator_counts *ac,
						const double *weight)
{
	struct agreement_units u = {ac->nannotators, ac->ncats, ac->npatterns, ac->codes, weight};
	struct agreement_figure f = {agreement_value(kind, &u), NAN, NAN, agreement_units_used(kind, &u)};
	if (!isnan(f.value))
		agreement_bootstrap_ci(kind, &u, AGREEMENT_REPLICATES, AGREEMENT_SEED, CONFIDENCE, &f.low, &f.high);
	return f;
}

static void set_figure(struct audit_record *r, const struct agreement_figure *f)
{
	r->value = f->value;
	r->ci_low = f->low;
	r->ci_high = f->high;
	r->n = f->n;
}

/* Rule 5 per group, each against the rest of the rows. */
static void agreement_records(const struct count_table *t, const struct count_tables *ct, double min_group,
			      struct audit_result *out)
{
	const struct annotator_counts *ac = &ct->annotators;
	size_t np = ac->npatterns;
	char *columns = annotator_list(ac);
	double *rest = xcalloc(np + 1, sizeof *rest);
	for (size_t k = 0; k < NAGREEMENT; k++) {
		if (AGREEMENT[k].kind == AGREE_COHEN && ac->nannotators != 2)
			continue;
		for (size_t g = 0; g < t->ngroups; g++) {
			const double *w = &t->patterns[g * np];
			for (size_t p = 0; p < np; p++)
				rest[p] = ac->weight[p] - w[p];
			struct agreement_figure fg = agreement_figure(AGREEMENT[k].kind, ac, w);
			struct agreement_figure fr = agreement_figure(AGREEMENT[k].kind, ac, rest);
			struct audit_record *r = metric_add(out, FAMILY, AGREEMENT[k].name, t->attribute, columns,
							    t->groups[g], "(rest)");
			set_figure(r, &fg);
			if (isnan(fr.value))
				metric_detail(r, "%srest of the rows: undefined", isnan(fg.value) ? UNDEFINED_AGREEMENT "; " : "");
			else
				metric_detail(r, "%srest of the rows %.4g [%.4g, %.4g]",
					      isnan(fg.value) ? UNDEFINED_AGREEMENT "; " : "", fr.value, fr.low, fr.high);
			if (fg.n < min_group)
				r->status = STATUS_INSUFFICIENT;
			else if (fg.high < fr.low)
				r->status = STATUS_WARN;
		}
	}
	free(rest);
	free(columns);
}

void measurement_records(const struct count_table *t, const struct count_tables *ct, size_t ref,
			 double min_group, struct audit_result *out)
{
	if (t->confusion) {
		size_t first = out->n;
		for (size_t m = 0; m < NAEQUITAS; m++)
			aequitas_records(t, ct, ref, min_group, &AEQUITAS[m], out);
		judge_disparities(out, first);
	}
	if (t->label_gold) {
		const char *label = NULL;
		for (size_t c = 0; c < ct->ncolumns; c++)
			if (ct->columns[c].role == ROLE_LABEL)
				label = ct->columns[c].name;
		error_rate_records(t, "label_error_rate", label, ct->truth, t->label_gold, 2, min_group, out);
	}
	if (t->patterns && ct->annotators.npatterns)
		agreement_records(t, ct, min_group, out);
	if (t->annotator_gold) {
		const struct annotator_counts *ac = &ct->annotators;
		for (size_t a = 0; a < ac->nannotators; a++)
			error_rate_records(t, "annotator_error_rate", ac->names[a], ct->truth,
					   t->annotator_gold + a * 2, ac->nannotators * 2, min_group, out);
	}
}

void measurement_overall_records(const struct count_tables *ct, struct audit_result *out)
{
	const struct annotator_counts *ac = &ct->annotators;
	if (!ac->npatterns)
		return;
	char *columns = annotator_list(ac);
	for (size_t k = 0; k < NAGREEMENT; k++) {
		if (AGREEMENT[k].kind == AGREE_COHEN && ac->nannotators != 2)
			continue;
		struct agreement_figure f = agreement_figure(AGREEMENT[k].kind, ac, ac->weight);
		struct audit_record *r = metric_add(out, FAMILY, AGREEMENT[k].name, NULL, columns, NULL, NULL);
		set_figure(r, &f);
		if (isnan(f.value))
			metric_detail(r, UNDEFINED_AGREEMENT);
	}
	free(columns);
	for (size_t a = 0; ac->gold && a < ac->nannotators; a++) {
		double n = ac->gold[a * 2], x = ac->gold[a * 2 + 1];
		struct audit_record *r = metric_add(out, FAMILY, "annotator_error_rate", NULL, ac->names[a], NULL, NULL);
		metric_proportion(r, x, n);
		metric_detail(r, "against %s", ct->truth);
	}
}
