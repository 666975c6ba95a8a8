/*
 * distribution.c — the histogram statistics declared in distribution.h:
 * total, moments, type-7 quantiles, mass outside a band, the two-sample
 * Kolmogorov–Smirnov test, Cohen's d and the correlation ratio. Numbers in
 * comments ("6b") refer to the conventions in distribution.h. Each function
 * walks the distinct values once or twice; no sample is ever expanded.
 */
#include "distribution.h"

#include <float.h>
#include <math.h>

/* pi^2 / 8 and sqrt(2 pi): M_PI is not in strict C11 with POSIX only. */
#define PI2_8 1.2337005501361698
#define SQRT_2PI 2.5066282746310002

/* 0a: the total of a valid histogram, or -1 when it is invalid. */
static double valid_total(const struct histogram *h)
{
	double total = 0;

	if (!h || (h->n > 0 && (!h->value || !h->count)))
		return -1;
	for (size_t i = 0; i < h->n; i++) {
		double v = h->value[i], c = h->count[i];
		if (!isfinite(v) || !isfinite(c) || c < 0)
			return -1;
		if (i > 0 && !(v > h->value[i - 1]))
			return -1;
		total += c;
	}
	return isfinite(total) ? total : -1;
}

double hist_total(const struct histogram *h)
{
	double total = valid_total(h);

	return total < 0 ? NAN : total; /* 1, 0b */
}

int hist_moments(const struct histogram *h, double *mean, double *sd)
{
	double total = valid_total(h);

	*mean = *sd = NAN;
	if (!(total > 0))
		return -1; /* 2a, 0b */

	/* 2: a first estimate, then one correction pass, as R's mean() does. */
	double sum = 0;
	for (size_t i = 0; i < h->n; i++)
		sum += h->count[i] * h->value[i];
	double m = sum / total, residue = 0;
	for (size_t i = 0; i < h->n; i++)
		residue += h->count[i] * (h->value[i] - m);
	m += residue / total;
	*mean = m;

	if (total < 2)
		return 0; /* 2b */
	double ss = 0;
	for (size_t i = 0; i < h->n; i++) {
		double dev = h->value[i] - m;
		ss += h->count[i] * dev * dev;
	}
	*sd = sqrt(ss / (total - 1));
	return 0;
}

/*
 * 3: the j-th smallest element (1-based) at or after index *i, whose
 * cumulative count before it is *cum; *i and *cum advance, so a second,
 * larger j continues the walk. Falls back to the last non-empty value when
 * rounding in fractional counts keeps the cumulative count just below j.
 */
static double order_stat(const struct histogram *h, double j, size_t *i, double *cum)
{
	for (; *i < h->n; ++*i) {
		if (h->count[*i] > 0 && *cum + h->count[*i] >= j)
			return h->value[*i];
		*cum += h->count[*i];
	}
	for (size_t k = h->n; k-- > 0;)
		if (h->count[k] > 0)
			return h->value[k];
	return NAN; /* not reached: the caller checked that the total is > 0 */
}

double hist_quantile(const struct histogram *h, double p)
{
	double total = valid_total(h);

	if (!(total > 0) || !(p >= 0 && p <= 1))
		return NAN; /* 3a, 0b */

	/* 3: R's index arithmetic, kept in the same order so the bits agree. */
	double index = 1 + fmax(total - 1, 0) * p;
	double lo = floor(index);
	size_t i = 0;
	double cum = 0;
	double q = order_stat(h, lo, &i, &cum);
	if (index > lo) {
		double next = order_stat(h, lo + 1, &i, &cum);
		if (next != q) {
			double g = index - lo;
			q = (1 - g) * q + g * next;
		}
	}
	return q;
}

double hist_median(const struct histogram *h)
{
	return hist_quantile(h, 0.5); /* 4 */
}

double hist_outside(const struct histogram *h, double lo, double hi)
{
	if (valid_total(h) < 0 || isnan(lo) || isnan(hi) || lo > hi)
		return NAN; /* 5, 0b */

	double mass = 0;
	for (size_t i = 0; i < h->n; i++)
		if (h->value[i] < lo || h->value[i] > hi)
			mass += h->count[i];
	return mass;
}

/*
 * 6b: the upper tail 1 - K(x) of the Kolmogorov distribution. Below x = 1
 * the theta terms fall off as exp(-pi^2 k / x^2) relative to the first
 * (at most 5e-5, 1e-13, 2e-26, ...); at and above 1 the alternating terms
 * fall off at least as exp(-6 x^2). Both loops stop once a term no longer
 * changes the sum.
 */
static double kolmogorov_upper(double x)
{
	if (!(x > 0))
		return 1;
	if (x < 1) {
		double z = -PI2_8 / (x * x), w = log(x), k_sum = 0;
		for (int k = 1; k < 41; k += 2) {
			double term = exp(k * k * z - w);
			k_sum += term;
			if (term <= k_sum * DBL_EPSILON / 4)
				break;
		}
		double cdf = k_sum * SQRT_2PI;
		return 1 - cdf;
	}
	double z = -2 * x * x, p = 0, sign = 1;
	for (int k = 1; k < 41; k++) {
		double term = 2 * exp(z * k * k);
		p += sign * term;
		sign = -sign;
		if (term <= p * DBL_EPSILON / 4)
			break;
	}
	return p < 0 ? 0 : p;
}

/* 6d: a->value and b->value hold the same n values. */
static int aligned(const struct histogram *a, const struct histogram *b)
{
	if (a->n != b->n)
		return 0;
	if (a->value == b->value)
		return 1;
	for (size_t i = 0; i < a->n; i++)
		if (a->value[i] != b->value[i])
			return 0;
	return 1;
}

int ks_two_sample(const struct histogram *a, const struct histogram *b, double *d, double *p_value)
{
	*d = *p_value = NAN;
	double na = valid_total(a), nb = valid_total(b);
	if (!(na > 0) || !(nb > 0) || !aligned(a, b))
		return -1; /* 6d */

	/* 6a: exact cumulative counts, divided only when compared. */
	double ca = 0, cb = 0, dmax = 0;
	for (size_t i = 0; i < a->n; i++) {
		ca += a->count[i];
		cb += b->count[i];
		double diff = fabs(ca / na - cb / nb);
		if (diff > dmax)
			dmax = diff;
	}
	*d = dmax;
	*p_value = ks_p_asymptotic(dmax, na, nb);
	return 0;
}

double ks_p_asymptotic(double d, double na, double nb)
{
	if (!(d >= 0 && d <= 1) || !(na > 0 && nb > 0) || !isfinite(na) || !isfinite(nb))
		return NAN; /* 6e */
	/* 6b: D == 0 gives x == 0 and p == 1. */
	return kolmogorov_upper(sqrt(na * nb / (na + nb)) * d);
}

/* 7b: a count, mean or sd that can be read. */
static int valid_n(double n)
{
	return isfinite(n) && n >= 0;
}

static int valid_sd(double sd)
{
	return isfinite(sd) && sd >= 0;
}

/* 7a, 8a: (n - 1) s^2, or 0 for a group of fewer than 2 (sd unread); -1 when invalid. */
static double within_ss(double n, double sd)
{
	if (n < 2)
		return 0;
	if (!valid_sd(sd))
		return -1;
	return (n - 1) * sd * sd;
}

double smd_pooled(double n1, double mean1, double sd1, double n2, double mean2, double sd2)
{
	if (!valid_n(n1) || !valid_n(n2) || !isfinite(mean1) || !isfinite(mean2))
		return NAN; /* 7b */
	if (n1 + n2 <= 2)
		return NAN; /* 7b */
	double ss1 = within_ss(n1, sd1), ss2 = within_ss(n2, sd2);
	if (ss1 < 0 || ss2 < 0)
		return NAN; /* 7b */
	double s = sqrt((ss1 + ss2) / (n1 + n2 - 2));
	if (!(s > 0) || !isfinite(s))
		return NAN; /* 7b */
	return (mean1 - mean2) / s;
}

double correlation_ratio(const double *n, const double *mean, const double *sd, size_t k)
{
	double total = 0, sum = 0;

	for (size_t i = 0; i < k; i++) {
		if (!valid_n(n[i]))
			return NAN; /* 8b */
		if (n[i] == 0)
			continue; /* 8a */
		if (!isfinite(mean[i]))
			return NAN; /* 8b */
		total += n[i];
		sum += n[i] * mean[i];
	}
	if (!(total >= 2) || !isfinite(total))
		return NAN; /* 8b */

	/* 8: the pooled mean with one correction pass, as in 2. */
	double m = sum / total, residue = 0;
	for (size_t i = 0; i < k; i++)
		if (n[i] > 0)
			residue += n[i] * (mean[i] - m);
	m += residue / total;

	double between = 0, within = 0;
	for (size_t i = 0; i < k; i++) {
		if (n[i] == 0)
			continue; /* 8a */
		double dev = mean[i] - m, ss = within_ss(n[i], sd[i]);
		if (ss < 0)
			return NAN; /* 8b */
		between += n[i] * dev * dev;
		within += ss;
	}
	double ss_total = between + within;
	if (!(ss_total > 0) || !isfinite(ss_total))
		return NAN; /* 8b */
	double eta = sqrt(between / ss_total);
	return eta > 1 ? 1 : eta; /* 8b */
}
