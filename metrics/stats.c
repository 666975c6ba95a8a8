/*
 * stats.c — the statistics declared in stats.h: Wilson, Newcombe and Katz
 * intervals, chi-square and Fisher tests, Cramér's V, divergences, CDD,
 * Mantel–Haenszel, Holm and Welch. Numbers in comments ("4a") refer to the
 * definitions in stats.h. Every function validates its counts, returns -1
 * with NAN outputs when the quantity is undefined (0b), and never prints.
 */
#include "stats.h"

#include "util.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

void stats_init(void)
{
	gsl_set_error_handler_off();
}

/* 0a: a count is a finite number >= 0. */
static int valid_count(double x)
{
	return isfinite(x) && x >= 0;
}

/* 0b: a level strictly between 0 and 1. */
static int valid_level(double level)
{
	return level > 0 && level < 1;
}

/* 0c: the two-sided normal quantile for a confidence level. */
static double z_for_level(double level)
{
	return gsl_cdf_ugaussian_Qinv((1 - level) / 2);
}

/* ---- 1-3: intervals for proportions ---- */

int stats_wilson(double x, double n, double level, struct interval *out)
{
	out->low = out->high = NAN;
	if (!valid_count(x) || !valid_count(n) || n == 0 || x > n || !valid_level(level))
		return -1;

	/* Written as R's prop.test writes it, so results agree to the last bits. */
	double z = z_for_level(level);
	double p = x / n;
	double z22n = z * z / (2 * n);
	double centre = p + z22n;
	double spread = z * sqrt(p * (1 - p) / n + z22n / (2 * n));
	double scale = 1 + 2 * z22n;

	/* 1: exact 0 and 1 at the boundaries, clipped to [0, 1] elsewhere. */
	out->low = x == 0 ? 0 : fmax(0, (centre - spread) / scale);
	out->high = x == n ? 1 : fmin(1, (centre + spread) / scale);
	return 0;
}

int stats_newcombe_diff(double x1, double n1, double x2, double n2, double level,
			struct interval *out)
{
	struct interval w1, w2;

	out->low = out->high = NAN;
	if (stats_wilson(x1, n1, level, &w1) != 0 || stats_wilson(x2, n2, level, &w2) != 0)
		return -1;

	/* 2: each limit combines the two Wilson half-widths on its own side. */
	double p1 = x1 / n1, p2 = x2 / n2, d = p1 - p2;
	out->low = d - hypot(p1 - w1.low, w2.high - p2);
	out->high = d + hypot(w1.high - p1, p2 - w2.low);
	return 0;
}

int stats_katz_ratio(double x1, double n1, double x2, double n2, double level,
		     struct interval *out)
{
	out->low = out->high = NAN;
	if (!valid_count(x1) || !valid_count(n1) || !valid_count(x2) || !valid_count(n2) ||
	    x1 > n1 || x2 > n2 || !valid_level(level))
		return -1;
	/* 3: log(p1 / p2) is not finite when either count is 0. */
	if (x1 == 0 || x2 == 0)
		return -1;

	double ratio = (x1 / n1) / (x2 / n2);
	double se = sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
	double margin = z_for_level(level) * se;
	out->low = ratio * exp(-margin);
	out->high = ratio * exp(margin);
	return 0;
}

int stats_katz_test(double x1, double n1, double x2, double n2, double *p_value)
{
	*p_value = NAN;
	struct interval ci;
	if (stats_katz_ratio(x1, n1, x2, n2, 0.95, &ci) < 0)
		return -1;
	double log_ratio = log((x1 / n1) / (x2 / n2));
	double se = sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2);
	if (se == 0) {
		*p_value = log_ratio == 0 ? 1 : 0; /* 3a: both proportions are 1 */
		return 0;
	}
	*p_value = 2 * gsl_cdf_ugaussian_Q(fabs(log_ratio) / se);
	return 0;
}

/* ---- 4-6: chi-square tests and Cramér's V ---- */

static void chi2_set_undefined(struct chi2_result *out)
{
	out->statistic = out->p_value = out->min_expected = NAN;
	out->df = 0;
}

/* Fills row_sum[rows] and col_sum[cols]; returns -1 if a cell is not a valid count. */
static int table_margins(const double *table, int rows, int cols, double *row_sum,
			 double *col_sum)
{
	for (int j = 0; j < cols; j++)
		col_sum[j] = 0;
	for (int i = 0; i < rows; i++) {
		row_sum[i] = 0;
		for (int j = 0; j < cols; j++) {
			double o = table[(size_t)i * cols + j];
			if (!valid_count(o))
				return -1;
			row_sum[i] += o;
			col_sum[j] += o;
		}
	}
	return 0;
}

static int count_positive(const double *v, int n)
{
	int count = 0;
	for (int i = 0; i < n; i++)
		count += v[i] > 0;
	return count;
}

void stats_table_nonempty_dims(const double *table, int rows, int cols, int *rows_used,
			       int *cols_used)
{
	*rows_used = *cols_used = 0;
	if (rows < 1 || cols < 1)
		return;
	double *row_sum = xmalloc((size_t)rows * sizeof *row_sum);
	double *col_sum = xmalloc((size_t)cols * sizeof *col_sum);
	/* Invalid cells are the chi-square's business; here they just make sums NAN. */
	table_margins(table, rows, cols, row_sum, col_sum);
	*rows_used = count_positive(row_sum, rows);
	*cols_used = count_positive(col_sum, cols);
	free(row_sum);
	free(col_sum);
}

/* Sum of (O - E)^2 / E over the cells of non-empty rows and columns (4a). */
static void chi2_independence_sum(const double *table, int rows, int cols, const double *row_sum,
				  const double *col_sum, double n, struct chi2_result *out)
{
	double statistic = 0, min_expected = INFINITY;

	for (int i = 0; i < rows; i++) {
		if (row_sum[i] == 0)
			continue;
		for (int j = 0; j < cols; j++) {
			if (col_sum[j] == 0)
				continue;
			double expected = row_sum[i] * col_sum[j] / n;
			double diff = table[(size_t)i * cols + j] - expected;
			statistic += diff * diff / expected;
			min_expected = fmin(min_expected, expected);
		}
	}
	out->statistic = statistic;
	out->min_expected = min_expected;
}

int stats_chi2_independence(const double *table, int rows, int cols, struct chi2_result *out)
{
	chi2_set_undefined(out);
	if (rows < 1 || cols < 1)
		return -1;

	double *row_sum = xmalloc((size_t)rows * sizeof *row_sum);
	double *col_sum = xmalloc((size_t)cols * sizeof *col_sum);
	int rc = -1;

	if (table_margins(table, rows, cols, row_sum, col_sum) != 0)
		goto done;

	double n = 0;
	for (int i = 0; i < rows; i++)
		n += row_sum[i];
	/* 4a: df of the table left after dropping empty rows and columns. */
	long long df = (long long)(count_positive(row_sum, rows) - 1) *
		       (count_positive(col_sum, cols) - 1);
	/* 4b; with n == 0 both counts are 0 and the product above is a bogus 1. */
	if (n == 0 || df < 1 || df > INT_MAX)
		goto done;

	chi2_independence_sum(table, rows, cols, row_sum, col_sum, n, out);
	out->df = (int)df;
	out->p_value = gsl_cdf_chisq_Q(out->statistic, (double)df); /* 0d */
	rc = 0;
done:
	free(row_sum);
	free(col_sum);
	return rc;
}

int stats_chi2_gof(const double *observed, const double *probs, int k, struct chi2_result *out)
{
	chi2_set_undefined(out);
	if (k < 1)
		return -1;

	double n = 0, weight_sum = 0;
	for (int i = 0; i < k; i++) {
		if (!valid_count(observed[i]) || !isfinite(probs[i]) || probs[i] < 0)
			return -1;
		n += observed[i];
		weight_sum += probs[i];
	}
	if (n == 0 || weight_sum == 0) /* 5a, 5d */
		return -1;

	double statistic = 0, min_expected = INFINITY;
	int kept = 0;
	for (int i = 0; i < k; i++) {
		if (probs[i] == 0) {
			if (observed[i] > 0) /* 5c: an impossible category was observed */
				return -1;
			continue; /* 5b */
		}
		double expected = n * (probs[i] / weight_sum); /* 5a: rescaled */
		double diff = observed[i] - expected;
		statistic += diff * diff / expected;
		min_expected = fmin(min_expected, expected);
		kept++;
	}
	if (kept < 2) /* 5d: df < 1 */
		return -1;

	out->statistic = statistic;
	out->df = kept - 1;
	out->p_value = gsl_cdf_chisq_Q(statistic, out->df); /* 0d */
	out->min_expected = min_expected;
	return 0;
}

int stats_cramers_v(double chi2, double n, int rows, int cols, double *out)
{
	*out = NAN;
	int m = rows < cols ? rows : cols;
	if (!valid_count(chi2) || !valid_count(n) || n == 0 || m < 2) /* 6 */
		return -1;
	/* 6: chi2 <= n (m - 1) in exact arithmetic; rounding may exceed it. */
	*out = fmin(1, sqrt(chi2 / (n * (m - 1))));
	return 0;
}

int stats_cramers_v_corrected(double chi2, double n, int rows, int cols, double *out)
{
	*out = NAN;
	int m = rows < cols ? rows : cols;
	if (!valid_count(chi2) || !valid_count(n) || n < 2 || m < 2) /* 6a */
		return -1;
	double r = rows, c = cols;
	double phi2 = fmax(0, chi2 / n - (r - 1) * (c - 1) / (n - 1));
	double rc = r - (r - 1) * (r - 1) / (n - 1), cc = c - (c - 1) * (c - 1) / (n - 1);
	double k = fmin(rc, cc) - 1;
	if (!(k > 0))
		return -1;
	*out = fmin(1, sqrt(phi2 / k));
	return 0;
}

/* ---- 7: Fisher's exact test ---- */

/*
 * The tables with the margins of [[a, b], [c, d]] are indexed by their top-left
 * cell x in [lo, hi]; P(x) is hypergeometric. Neighbouring probabilities have
 * the exact ratio
 *     P(x + 1) / P(x) = (r1 - x)(c1 - x) / ((x + 1)(r2 - c1 + x + 1)),
 * whose numerator and denominator are products of whole numbers, so walking
 * from the mode by these ratios in log space loses almost nothing, where
 * differences of lgamma values of size 1e7 would lose ~1e-9 each.
 */
struct hypergeom {
	double r1, r2, c1; /* first row total, second row total, first column total */
	double lo, hi;     /* support of x */
};

/* log(P(x + dir) / P(x)) for dir = +1 or -1; x + dir must lie in the support. */
static double hypergeom_log_step(const struct hypergeom *h, double x, int dir)
{
	double num, den;

	if (dir > 0) {
		num = (h->r1 - x) * (h->c1 - x);
		den = (x + 1) * (h->r2 - h->c1 + x + 1);
	} else {
		num = x * (h->r2 - h->c1 + x);
		den = (h->r1 - x + 1) * (h->c1 - x + 1);
	}
	/* num - den is exact, so log1p stays accurate where the ratio is near 1. */
	return log1p((num - den) / den);
}

/* The x with the largest P (the larger one if two tie). */
static double hypergeom_mode(const struct hypergeom *h)
{
	double n = h->r1 + h->r2;
	double mode = floor((h->r1 + 1) * (h->c1 + 1) / (n + 2));

	mode = fmin(h->hi, fmax(h->lo, mode));
	/* The formula is exact in whole numbers; guard against its rounding in doubles. */
	while (mode < h->hi && hypergeom_log_step(h, mode, +1) >= 0)
		mode++;
	while (mode > h->lo && hypergeom_log_step(h, mode, -1) > 0)
		mode--;
	return mode;
}

/* log(P(to) / P(from)), walking step by step. */
static double hypergeom_log_ratio(const struct hypergeom *h, double from, double to)
{
	int dir = to > from ? +1 : -1;
	double log_ratio = 0;

	for (double x = from; x != to; x += dir)
		log_ratio += hypergeom_log_step(h, x, dir);
	return log_ratio;
}

/* Sums of the whole distribution and of its two-sided tail (7), relative to P(mode). */
struct fisher_sums {
	double total;     /* sum of P(x) / P(mode) */
	double tail;      /* sum of P(x) / P(observed) over x with P(x) <= P(observed)(1 + 1e-7) */
	double log_obs;   /* log(P(observed) / P(mode)) */
	double log_limit; /* log of the tail threshold, relative to P(mode) */
};

/* Adds x's term, whose log(P(x) / P(mode)) is log_d; returns whether it is in the tail. */
static int fisher_add(struct fisher_sums *s, double log_d)
{
	s->total += exp(log_d);
	if (log_d > s->log_limit)
		return 0;
	s->tail += exp(log_d - s->log_obs);
	return 1;
}

/*
 * Walks one side of the mode outward (dir = +1 or -1), adding every term to s.
 * The distribution is log-concave, so past the mode each step ratio r is at
 * most the previous one and the rest of the side is at most term * r / (1 - r).
 * The walk stops once that bound is below 1e-17 of both sums and the tail has
 * been reached; so it visits only the tables that matter, even on a support of
 * a million.
 */
static void fisher_walk_side(const struct hypergeom *h, double mode, int dir, struct fisher_sums *s)
{
	double x = mode, log_d = 0;

	while (dir > 0 ? x < h->hi : x > h->lo) {
		log_d += hypergeom_log_step(h, x, dir);
		x += dir;
		int in_tail = fisher_add(s, log_d);
		if (!in_tail || (dir > 0 ? x >= h->hi : x <= h->lo))
			continue;
		double r = exp(hypergeom_log_step(h, x, dir));
		if (r >= 1)
			continue;
		double rest_factor = r / (1 - r);
		if (exp(log_d) * rest_factor <= 1e-17 * s->total &&
		    exp(log_d - s->log_obs) * rest_factor <= 1e-17 * s->tail)
			break;
	}
}

/* 7a: whole numbers, so that the support is a set of tables. */
static int valid_whole_count(double x)
{
	return valid_count(x) && x == floor(x);
}

int stats_fisher_exact(double a, double b, double c, double d, double *p_value)
{
	*p_value = NAN;
	if (!valid_whole_count(a) || !valid_whole_count(b) || !valid_whole_count(c) ||
	    !valid_whole_count(d))
		return -1;
	double n = a + b + c + d;
	if (n == 0 || n > 9007199254740992.0) /* 7b; 7a: 2^53 */
		return -1;

	struct hypergeom h = {.r1 = a + b, .r2 = c + d, .c1 = a + c};
	h.lo = fmax(0, h.c1 - h.r2);
	h.hi = fmin(h.r1, h.c1);
	if (h.lo == h.hi) { /* 7b: one table only */
		*p_value = 1;
		return 0;
	}

	double mode = hypergeom_mode(&h);
	struct fisher_sums s = {0};
	s.log_obs = hypergeom_log_ratio(&h, mode, a);
	s.log_limit = s.log_obs + log1p(1e-7); /* 7: R's relative tolerance */

	fisher_add(&s, 0); /* the mode itself */
	fisher_walk_side(&h, mode, +1, &s);
	fisher_walk_side(&h, mode, -1, &s);

	/* p = P(obs) * tail / (P(mode) * total), kept in logs against underflow (0d). */
	double p = exp(s.log_obs + log(s.tail) - log(s.total));
	*p_value = fmin(1, p);
	return 0;
}

/* ---- 8: divergences ---- */

/* 8c: checks both count vectors and returns their totals. */
static int distribution_totals(const double *p, const double *q, int k, double *p_total,
			       double *q_total)
{
	if (k < 1)
		return -1;
	*p_total = *q_total = 0;
	for (int i = 0; i < k; i++) {
		if (!valid_count(p[i]) || !valid_count(q[i]))
			return -1;
		*p_total += p[i];
		*q_total += q[i];
	}
	return *p_total > 0 && *q_total > 0 ? 0 : -1;
}

int stats_kl(const double *p, const double *q, int k, double *out)
{
	double sp, sq, kl = 0;

	*out = NAN;
	if (distribution_totals(p, q, k, &sp, &sq) != 0)
		return -1;
	for (int i = 0; i < k; i++) {
		if (p[i] == 0) /* 8a */
			continue;
		if (q[i] == 0) /* 8b */
			return -1;
		double pi = p[i] / sp, qi = q[i] / sq;
		kl += pi * log(pi / qi);
	}
	*out = fmax(0, kl); /* 8d */
	return 0;
}

int stats_js(const double *p, const double *q, int k, double *out)
{
	double sp, sq, js = 0;

	*out = NAN;
	if (distribution_totals(p, q, k, &sp, &sq) != 0)
		return -1;
	for (int i = 0; i < k; i++) {
		double pi = p[i] / sp, qi = q[i] / sq, mi = (pi + qi) / 2;
		/* 8a: M > 0 wherever P or Q is, so JS is always defined. */
		if (pi > 0)
			js += pi * log(pi / mi) / 2;
		if (qi > 0)
			js += qi * log(qi / mi) / 2;
	}
	*out = fmin(log(2.0), fmax(0, js)); /* 8d */
	return 0;
}

int stats_l2(const double *p, const double *q, int k, double *out)
{
	double sp, sq, sum_sq = 0;

	*out = NAN;
	if (distribution_totals(p, q, k, &sp, &sq) != 0)
		return -1;
	for (int i = 0; i < k; i++) {
		double diff = p[i] / sp - q[i] / sq;
		sum_sq += diff * diff;
	}
	*out = sqrt(sum_sq);
	return 0;
}

int stats_tvd(const double *p, const double *q, int k, double *out)
{
	double sp, sq, l1 = 0;

	*out = NAN;
	if (distribution_totals(p, q, k, &sp, &sq) != 0)
		return -1;
	for (int i = 0; i < k; i++)
		l1 += fabs(p[i] / sp - q[i] / sq);
	*out = l1 / 2;
	return 0;
}

int stats_ks_discrete(const double *p, const double *q, int k, double *out)
{
	double sp, sq, cdf_diff = 0, max_diff = 0;

	*out = NAN;
	if (distribution_totals(p, q, k, &sp, &sq) != 0)
		return -1;
	/* Accumulate the difference itself: two CDFs near 1 would cancel. */
	for (int i = 0; i < k; i++) {
		cdf_diff += p[i] / sp - q[i] / sq;
		max_diff = fmax(max_diff, fabs(cdf_diff));
	}
	*out = max_diff;
	return 0;
}

/* ---- 9: conditional demographic disparity ---- */

int stats_cdd(const double *neg_g, const double *neg, const double *pos_g, const double *pos,
	      int strata, double *out)
{
	double weighted_sum = 0, weight = 0;

	*out = NAN;
	if (strata < 1)
		return -1;
	for (int i = 0; i < strata; i++) {
		if (!valid_count(neg_g[i]) || !valid_count(neg[i]) || !valid_count(pos_g[i]) ||
		    !valid_count(pos[i]) || neg_g[i] > neg[i] || pos_g[i] > pos[i]) /* 9b */
			return -1;
		/* 9a: an outcome the stratum lacks contributes a share of 0. */
		double dd = (neg[i] > 0 ? neg_g[i] / neg[i] : 0) - (pos[i] > 0 ? pos_g[i] / pos[i] : 0);
		double n_i = neg[i] + pos[i];
		weighted_sum += n_i * dd;
		weight += n_i;
	}
	if (weight == 0) /* 9b */
		return -1;
	*out = weighted_sum / weight;
	return 0;
}

/* ---- 10: Mantel–Haenszel ---- */

/*
 * Running sums over the strata, named as in Robins, Breslow and Greenland
 * (1986), with P = (a + d) / n, Q = (b + c) / n, R = a d / n, S = b c / n.
 */
struct mh_sums {
	double r, s;            /* sum R, sum S */
	double pr, ps_qr, qs;   /* sum P R, sum (P S + Q R), sum Q S */
	double delta, variance; /* sum (a - E a), sum Var(a) under independence */
	int used;
};

static void mh_add_stratum(struct mh_sums *m, double a, double b, double c, double d)
{
	double n = a + b + c + d;
	double r = a * d / n, s = b * c / n;
	double p = (a + d) / n, q = (b + c) / n;
	double row1 = a + b, row2 = c + d, col1 = a + c, col2 = b + d;

	m->r += r;
	m->s += s;
	m->pr += p * r;
	m->ps_qr += p * s + q * r;
	m->qs += q * s;
	m->delta += a - row1 * col1 / n;
	m->variance += row1 * row2 * col1 * col2 / (n * n * (n - 1));
	m->used++;
}

int stats_mantel_haenszel(const double (*t)[4], int k, double level, struct mh_result *out)
{
	struct mh_sums m = {0};

	out->odds_ratio = out->ci_low = out->ci_high = out->statistic = out->p_value = NAN;
	if (k < 1 || !valid_level(level))
		return -1;
	for (int i = 0; i < k; i++)
		for (int j = 0; j < 4; j++)
			if (!valid_count(t[i][j]))
				return -1;

	for (int i = 0; i < k; i++) {
		double n = t[i][0] + t[i][1] + t[i][2] + t[i][3];
		if (n < 2) /* 10a */
			continue;
		mh_add_stratum(&m, t[i][0], t[i][1], t[i][2], t[i][3]);
	}
	if (m.used == 0)
		return -1;

	/* 10b: each output only where its denominators are positive. */
	if (m.s > 0)
		out->odds_ratio = m.r / m.s;
	if (m.r > 0 && m.s > 0) {
		double var_log = m.pr / (2 * m.r * m.r) + m.ps_qr / (2 * m.r * m.s) +
				 m.qs / (2 * m.s * m.s);
		double margin = z_for_level(level) * sqrt(var_log);
		out->ci_low = out->odds_ratio * exp(-margin);
		out->ci_high = out->odds_ratio * exp(margin);
	}
	if (m.variance > 0) {
		double excess = fabs(m.delta);
		double yates = excess >= 0.5 ? 0.5 : 0; /* 10: as R, only when it fits */
		out->statistic = (excess - yates) * (excess - yates) / m.variance;
		out->p_value = gsl_cdf_chisq_Q(out->statistic, 1); /* 0d */
	}

	int all_defined = isfinite(out->odds_ratio) && isfinite(out->ci_low) &&
			  isfinite(out->ci_high) && isfinite(out->statistic) && isfinite(out->p_value);
	return all_defined ? 0 : -1;
}

/* ---- 11: Holm ---- */

struct indexed_p {
	double p;
	int index;
};

/* Ascending p; ties by position, so the order is the same on every libc. */
static int compare_indexed_p(const void *x, const void *y)
{
	const struct indexed_p *a = x, *b = y;

	if (a->p != b->p)
		return a->p < b->p ? -1 : 1;
	return (a->index > b->index) - (a->index < b->index);
}

void stats_holm(const double *p, double *adjusted, int n)
{
	if (n < 1)
		return;

	/* Copy first, so adjusted may alias p. */
	struct indexed_p *sorted = xmalloc((size_t)n * sizeof *sorted);
	int m = 0;
	for (int i = 0; i < n; i++) {
		if (isnan(p[i]))
			continue; /* 11: not counted in m */
		sorted[m].p = p[i];
		sorted[m].index = i;
		m++;
	}
	for (int i = 0; i < n; i++)
		if (isnan(p[i]))
			adjusted[i] = NAN;

	qsort(sorted, (size_t)m, sizeof *sorted, compare_indexed_p);
	double running_max = 0;
	for (int j = 0; j < m; j++) {
		running_max = fmax(running_max, (double)(m - j) * sorted[j].p);
		adjusted[sorted[j].index] = fmin(1, running_max);
	}
	free(sorted);
}

/* ---- 12: Welch's t-test ---- */

int stats_welch_t(double n1, double mean1, double sd1, double n2, double mean2, double sd2, double *t, double *df,
		  double *p_value)
{
	double tt = NAN, dd = NAN;
	*p_value = NAN;
	int ok = n1 >= 2 && n2 >= 2 && isfinite(n1) && isfinite(n2) && isfinite(mean1) && isfinite(mean2) &&
		 isfinite(sd1) && isfinite(sd2) && sd1 >= 0 && sd2 >= 0;
	double v1 = ok ? sd1 * sd1 / n1 : 0, v2 = ok ? sd2 * sd2 / n2 : 0;
	if (ok && v1 + v2 > 0) {
		tt = (mean1 - mean2) / sqrt(v1 + v2);
		dd = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1) + v2 * v2 / (n2 - 1));
		*p_value = fmin(1, 2 * gsl_cdf_tdist_Q(fabs(tt), dd));
	}
	if (t)
		*t = tt;
	if (df)
		*df = dd;
	return isnan(*p_value) ? -1 : 0; /* 12 */
}
