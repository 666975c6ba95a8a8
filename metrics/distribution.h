/*
 * distribution.h — statistics of a numeric column computed from its weighted
 * histogram (the distinct values with their counts, as the counting step
 * gives them; rows are never expanded): total, mean and sd, R's type-7
 * quantiles and median, the mass outside a band, the two-sample
 * Kolmogorov–Smirnov test, Cohen's d and the correlation ratio.
 *
 * Pure math: no SQLite, no files, no printing. The conventions are numbered
 * below; distribution.c cites them by number.
 *
 * 0. Conventions shared by every function
 *    0a. A histogram is valid when its values are finite and strictly
 *        increasing and its counts are finite and >= 0 (zeros allowed, so
 *        several histograms can share one value array). Counts are meant to
 *        be whole numbers (a value repeated count times) and totals are
 *        exact up to 2^53; fractional counts act as frequency weights.
 *    0b. Undefined or invalid input gives NAN (functions returning double)
 *        or -1 with NAN outputs (functions returning int), never a made-up 0.
 *        An invalid histogram (0a) is treated as undefined everywhere.
 *
 * 1. hist_total = sum of the counts. NAN when the histogram is invalid.
 *
 * 2. Mean and standard deviation of the sample (R mean(), sd()):
 *        mean = sum c v / N, then corrected once by sum c (v - mean) / N,
 *        sd   = sqrt(sum c (v - mean)^2 / (N - 1))        (ddof = 1),
 *    two passes from the mean, never sum v^2 - N mean^2 (which cancels).
 *    2a. N == 0: -1, both outputs NAN.
 *    2b. 0 < N < 2: returns 0 with the mean filled and sd NAN.
 *
 * 3. Quantile, R quantile(x, p, type = 7) on the expanded sample x:
 *        t = 1 + (N - 1) p,  lo = floor(t),  q = (1 - g) x_(lo) + g x_(lo+1),
 *    g = t - lo, where x_(j) is the j-th smallest element: the first value
 *    whose cumulative count reaches j. As in R, q = x_(lo) exactly when
 *    g == 0 or x_(lo) == x_(lo+1).
 *    3a. NAN when N == 0 or p is outside [0, 1] (or NAN).
 *
 * 4. Median, R median(): the type-7 quantile at 1/2 (3), which is the middle
 *    value when N is odd and the mean of the two middle values when even.
 *
 * 5. Mass outside [lo, hi]: the counts of values < lo plus those > hi; lo
 *    and hi may be -INFINITY / INFINITY for a one-sided band. NAN when lo or
 *    hi is NAN or lo > hi.
 *
 * 6. Two-sample Kolmogorov–Smirnov test of histograms a and b aligned on the
 *    same value array (same n, equal values; zero counts allowed), as
 *    R 4.2.2 ks.test(x, y, exact = FALSE) defines it:
 *    6a. D = max over i of |A_i / na - B_i / nb|, A_i and B_i the cumulative
 *        counts up to value i: the ECDFs compared only after each distinct
 *        value, which is R's treatment of ties. Cumulative counts stay exact
 *        and are divided only at the end.
 *    6b. p = 1 - K(x), x = sqrt(na nb / (na + nb)) D, K the Kolmogorov
 *        distribution. For x < 1, K from the Jacobi theta form
 *            K(x) = sqrt(2 pi) / x sum_{k>=1} exp(-(2k-1)^2 pi^2 / (8 x^2)),
 *        and p = 1 - K (>= 0.27, no cancellation). For x >= 1, p directly
 *        from the alternating series
 *            p = 2 sum_{k>=1} (-1)^(k-1) exp(-2 k^2 x^2),
 *        so p keeps its relative accuracy down to the smallest double (R
 *        computes 1 - K and returns 0 below about 1e-16). A p-value below the
 *        smallest double is 0; D == 0 gives p = 1.
 *    6c. Both series are summed to full double precision. R 4.2.2 passes
 *        tol = 1e-6 to its pkstwo, which then keeps a single theta term:
 *        for 0.65 < x < 1 R's p-value is too high by 1e-11 up to 3.8e-5
 *        (just below 1); ours is the exact limit there. Elsewhere the two
 *        agree to about 1e-13 relative.
 *    6d. -1 (D and p NAN) when either total is 0, the histograms are invalid
 *        or not aligned.
 *    6e. ks_p_asymptotic(D, na, nb) is the p of 6b alone, for a D found
 *        without histograms (metrics/ordered.h: a column past LEVELS_MAX).
 *        ks_two_sample calls it, so both give the same bits. NAN when D is
 *        outside [0, 1] (or NAN), or na or nb is not finite and > 0.
 *
 * 7. Standardized mean difference (Cohen's d) of two groups:
 *        d = (m1 - m2) / s,  s = sqrt(((n1-1) s1^2 + (n2-1) s2^2) / (n1 + n2 - 2)).
 *    7a. A group with n < 2 adds nothing to the numerator of s^2 and its sd
 *        is not read (it may be NAN, as 2b gives it).
 *    7b. NAN when n1 + n2 <= 2, s == 0, a count is negative or not finite, a
 *        mean is not finite, or a read sd is negative or not finite.
 *
 * 8. Correlation ratio of k groups, from their counts, means and sds:
 *        eta = sqrt(SS_between / SS_total),  SS_total = SS_between + SS_within,
 *        SS_between = sum n_i (m_i - m)^2,  SS_within = sum (n_i - 1) s_i^2,
 *    m the pooled mean. eta^2 is R's summary(lm(y ~ factor(g)))$r.squared.
 *    8a. A group with n == 0 is skipped (its mean and sd are not read); a
 *        group with n < 2 adds nothing to SS_within (its sd is not read).
 *    8b. NAN when the total count is < 2, SS_total == 0, or an input read is
 *        invalid (as 7b). Rounding above 1 is clipped.
 */
#ifndef DSAUDIT_DISTRIBUTION_H
#define DSAUDIT_DISTRIBUTION_H

#include <stddef.h>

/* A weighted sample: n distinct values in strictly increasing order, with their counts (>= 0, zeros allowed). */
struct histogram {
	const double *value;
	const double *count;
	size_t n;
};

/* 1. Sum of the counts. */
double hist_total(const struct histogram *h);

/* 2. Mean and standard deviation (ddof = 1, two-pass from the mean). Returns -1 with NAN outputs when total == 0; sd is NAN when total < 2. */
int hist_moments(const struct histogram *h, double *mean, double *sd);

/* 3. R's type-7 quantile (quantile(x, p, type = 7)) of the sample the histogram stands for, without expanding it. NAN when total == 0 or p outside [0,1]. */
double hist_quantile(const struct histogram *h, double p);

/* 4. R's median(): type-7 at 0.5 (the mean of the two middle values when the total is even). */
double hist_median(const struct histogram *h);

/* 5. Mass strictly below lo plus strictly above hi. */
double hist_outside(const struct histogram *h, double lo, double hi);

/*
 * 6. Two-sample Kolmogorov-Smirnov statistic D = max |F_a - F_b| over the distinct values, for two
 * histograms ALIGNED on the same value array (a->value == b->value or equal arrays, same n; zero counts
 * allowed), and its asymptotic two-sided p-value as R 4.2's ks.test(x, y, exact = FALSE) computes it:
 * 1 - K(sqrt(na*nb/(na+nb)) * D) with K the Kolmogorov distribution (R's pkstwo series; ties are allowed and
 * D is evaluated only after each distinct value, as R does). Returns -1 (NAN outputs) when either total is 0.
 */
int ks_two_sample(const struct histogram *a, const struct histogram *b, double *d, double *p_value);

/* 6e. The asymptotic two-sided p-value of 6b for a statistic D of samples of na and nb values. NAN when undefined. */
double ks_p_asymptotic(double d, double na, double nb);

/* 7. Standardized mean difference (m1 - m2) / s_pooled, s_pooled = sqrt(((n1-1)s1^2 + (n2-1)s2^2)/(n1+n2-2)) (Cohen's d). NAN when n1+n2 <= 2 or s_pooled == 0. */
double smd_pooled(double n1, double mean1, double sd1, double n2, double mean2, double sd2);

/* 8. Correlation ratio eta = sqrt(SS_between / SS_total) from k groups' counts, means and sds (ddof 1; a group with n < 2 contributes no within-group SS, sd may be NAN then). NAN when total n < 2 or SS_total == 0. */
double correlation_ratio(const double *n, const double *mean, const double *sd, size_t k);

#endif
