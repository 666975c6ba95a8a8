/*
 * test_distribution.c — unit tests for metrics/distribution.c. Every
 * reference value is a number computed independently, with its source in a
 * comment: R 4.2.2 on the expanded sample (rep(values, counts)), printed
 * with sprintf('%.17g', x), or bc -l at 50 digits where R itself cannot give
 * the value (p-values below 1e-16, and the exact Kolmogorov limit where
 * R 4.2.2's pkstwo truncates its series, see 6c), or scipy 1.10.1's
 * kstwobign for the p of 6e. Every statistic but 6e goes through the
 * histogram API on aligned value arrays. Edge cases check the conventions
 * numbered in distribution.h. Entry point: test_distribution().
 */
#include "harness.h"
#include "distribution.h"

void test_distribution(void);

#define REL 1e-10 /* against R's 17 significant digits */

#define LEN(a) (sizeof(a) / sizeof((a)[0]))
#define HIST(v, c) ((struct histogram){(v), (c), LEN(v)})

/*
 * The shared fixture: two groups on one value array. In R:
 *   v <- c(1, 2, 3.5, 4, 7, 10)
 *   a <- rep(v, c(3, 0, 5, 2, 4, 1))   # 15 rows, odd
 *   b <- rep(v, c(1, 4, 1, 0, 4, 2))   # 12 rows, even
 */
static const double fx_value[] = {1, 2, 3.5, 4, 7, 10};
static const double fx_count_a[] = {3, 0, 5, 2, 4, 1};
static const double fx_count_b[] = {1, 4, 1, 0, 4, 2};

/* 1. total, 0a. validity */
static void test_total(void)
{
	struct histogram a = HIST(fx_value, fx_count_a);
	CHECK_NEAR(hist_total(&a), 15, 0);

	struct histogram empty = {fx_value, fx_count_a, 0};
	CHECK(hist_total(&empty) == 0);

	static const double unsorted[] = {1, 3, 2}, tied[] = {1, 2, 2}, ones[] = {1, 1, 1};
	struct histogram h = HIST(unsorted, ones);
	CHECK(isnan(hist_total(&h)));
	h = (struct histogram)HIST(tied, ones);
	CHECK(isnan(hist_total(&h)));

	static const double vals[] = {1, 2, 3}, negative[] = {1, -1, 1}, nan_count[] = {1, NAN, 1};
	h = (struct histogram)HIST(vals, negative);
	CHECK(isnan(hist_total(&h)));
	h = (struct histogram)HIST(vals, nan_count);
	CHECK(isnan(hist_total(&h)));
	static const double inf_value[] = {1, 2, INFINITY};
	h = (struct histogram)HIST(inf_value, ones);
	CHECK(isnan(hist_total(&h)));
}

/* 2. mean and sd */
static void test_moments(void)
{
	double mean, sd;
	struct histogram a = HIST(fx_value, fx_count_a), b = HIST(fx_value, fx_count_b);

	/* R 4.2.2: mean(a); sd(a) */
	CHECK_INT(hist_moments(&a, &mean, &sd), 0);
	CHECK_NEAR(mean, 4.4333333333333336, REL);
	CHECK_NEAR(sd, 2.6380909403437571, REL);
	/* R 4.2.2: mean(b); sd(b) */
	CHECK_INT(hist_moments(&b, &mean, &sd), 0);
	CHECK_NEAR(mean, 5.041666666666667, REL);
	CHECK_NEAR(sd, 3.3060435935456511, REL);

	/* A large offset: two passes from the mean keep the sd (2).
	 * R 4.2.2: x <- rep(1e9 + c(1, 2, 3), c(2, 1, 3)); mean(x); sd(x) */
	static const double big_v[] = {1e9 + 1, 1e9 + 2, 1e9 + 3}, big_c[] = {2, 1, 3};
	struct histogram big = HIST(big_v, big_c);
	CHECK_INT(hist_moments(&big, &mean, &sd), 0);
	CHECK_NEAR(mean, 1000000002.1666666, 1e-15);
	CHECK_NEAR(sd, 0.98319208025017601, REL);

	/* 2b: a single row has a mean but no sd (R: sd(7) is NA). */
	static const double one_c[] = {0, 0, 0, 0, 1, 0};
	struct histogram one = HIST(fx_value, one_c);
	CHECK_INT(hist_moments(&one, &mean, &sd), 0);
	CHECK(mean == 7);
	CHECK(isnan(sd));

	/* 2a: no rows. */
	static const double zero_c[] = {0, 0, 0, 0, 0, 0};
	struct histogram zero = HIST(fx_value, zero_c);
	CHECK_INT(hist_moments(&zero, &mean, &sd), -1);
	CHECK(isnan(mean) && isnan(sd));
	struct histogram empty = {fx_value, fx_count_a, 0};
	CHECK_INT(hist_moments(&empty, &mean, &sd), -1);
	CHECK(isnan(mean) && isnan(sd));
}

/* 3. type-7 quantiles, 4. median */
static void test_quantile(void)
{
	struct histogram a = HIST(fx_value, fx_count_a), b = HIST(fx_value, fx_count_b);

	/* R 4.2.2: quantile(a, c(0, 0.2, 1/3, 0.5, 0.55, 0.95, 1), type = 7) */
	CHECK_NEAR(hist_quantile(&a, 0), 1, REL);
	CHECK_NEAR(hist_quantile(&a, 0.2), 3.0000000000000004, REL);
	CHECK_NEAR(hist_quantile(&a, 1.0 / 3), 3.5, REL);
	CHECK_NEAR(hist_quantile(&a, 0.5), 3.5, REL);
	CHECK_NEAR(hist_quantile(&a, 0.55), 3.8500000000000005, REL);
	CHECK_NEAR(hist_quantile(&a, 0.95), 7.8999999999999968, REL);
	CHECK_NEAR(hist_quantile(&a, 1), 10, REL);

	/* R 4.2.2: quantile(b, c(0, 0.1, 0.25, 0.37, 0.5, 0.9, 1), type = 7)
	 * (b's second value, 2, is where a has a zero count) */
	CHECK_NEAR(hist_quantile(&b, 0), 1, REL);
	CHECK_NEAR(hist_quantile(&b, 0.1), 2, REL);
	CHECK_NEAR(hist_quantile(&b, 0.25), 2, REL);
	CHECK_NEAR(hist_quantile(&b, 0.37), 2.1050000000000004, REL);
	CHECK_NEAR(hist_quantile(&b, 0.5), 5.25, REL);
	CHECK_NEAR(hist_quantile(&b, 0.9), 9.7000000000000011, REL);
	CHECK_NEAR(hist_quantile(&b, 1), 10, REL);

	/* 4. R 4.2.2: median(a) (15 rows: the 8th), median(b) (12 rows: mean of 3.5 and 7) */
	CHECK_NEAR(hist_median(&a), 3.5, REL);
	CHECK_NEAR(hist_median(&b), 5.25, REL);

	/* Leading zero count and a negative value.
	 * R 4.2.2: x <- rep(c(-2.5, 8), c(1, 3)); quantile(x, c(0.3, 0.5), type = 7); median(8) */
	static const double v2[] = {-7, -2.5, 8}, c2[] = {0, 1, 3}, c1[] = {0, 0, 1};
	struct histogram h2 = HIST(v2, c2), h1 = HIST(v2, c1);
	CHECK_NEAR(hist_quantile(&h2, 0.3), 6.9499999999999993, REL);
	CHECK_NEAR(hist_median(&h2), 8, REL);
	CHECK_NEAR(hist_median(&h1), 8, REL);
	CHECK_NEAR(hist_quantile(&h1, 0.01), 8, REL);

	/* 3a: no rows, p outside [0, 1]. */
	static const double zero_c[] = {0, 0, 0};
	struct histogram zero = HIST(v2, zero_c);
	CHECK(isnan(hist_quantile(&zero, 0.5)));
	CHECK(isnan(hist_median(&zero)));
	CHECK(isnan(hist_quantile(&a, -0.01)));
	CHECK(isnan(hist_quantile(&a, 1.01)));
	CHECK(isnan(hist_quantile(&a, NAN)));
}

/* 5. mass outside a band */
static void test_outside(void)
{
	struct histogram a = HIST(fx_value, fx_count_a);

	/* R 4.2.2: sum(a < 2 | a > 7); sum(a < 3.5 | a > 4); sum(a > 5) — bounds are inside the band */
	CHECK_NEAR(hist_outside(&a, 2, 7), 4, 0);
	CHECK_NEAR(hist_outside(&a, 3.5, 4), 8, 0);
	CHECK_NEAR(hist_outside(&a, -INFINITY, 5), 5, 0);
	CHECK_NEAR(hist_outside(&a, -INFINITY, INFINITY), 0, 0);
	CHECK_NEAR(hist_outside(&a, 4, 4), 13, 0);

	/* 5: an empty or NAN band is undefined. */
	CHECK(isnan(hist_outside(&a, 7, 2)));
	CHECK(isnan(hist_outside(&a, NAN, 2)));
	CHECK(isnan(hist_outside(&a, 2, NAN)));
}

/* 6. two-sample Kolmogorov-Smirnov */
static void test_ks(void)
{
	double d, p;

	/* 6a: ties, x = sqrt(15 * 12 / 27) D = 0.559.
	 * R 4.2.2: ks.test(a, b, exact = FALSE) */
	struct histogram a = HIST(fx_value, fx_count_a), b = HIST(fx_value, fx_count_b);
	CHECK_INT(ks_two_sample(&a, &b, &d, &p), 0);
	CHECK_NEAR(d, 0.21666666666666665, REL);
	CHECK_NEAR(p, 0.91303312781361068, REL);
	/* Symmetric in its arguments. */
	CHECK_INT(ks_two_sample(&b, &a, &d, &p), 0);
	CHECK_NEAR(d, 0.21666666666666665, REL);
	CHECK_NEAR(p, 0.91303312781361068, REL);

	/* No ties: each distinct value belongs to one sample, the other has a 0 there.
	 * R 4.2.2: ks.test(c(0.61, 1.4, 2.2, 3.3, 5.1), c(0.9, 1.8, 2.5, 4.2, 6.0, 7.7), exact = FALSE)
	 * (x = 0.550) */
	static const double nt_v[] = {0.61, 0.9, 1.4, 1.8, 2.2, 2.5, 3.3, 4.2, 5.1, 6.0, 7.7};
	static const double nt_x[] = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0};
	static const double nt_y[] = {0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1};
	struct histogram x = HIST(nt_v, nt_x), y = HIST(nt_v, nt_y);
	CHECK_INT(ks_two_sample(&x, &y, &d, &p), 0);
	CHECK_NEAR(d, 0.33333333333333343, REL);
	CHECK_NEAR(p, 0.92233200785678104, REL);

	/* No ties, x = 1.380 >= 1: the alternating series (6b).
	 * R 4.2.2: ks.test(c(0.2, 0.5, 0.7, 1.1, 1.3, 1.6, 2.0, 2.4),
	 *                  c(1.5, 1.9, 2.6, 2.8, 3.1, 3.5, 3.9), exact = FALSE) */
	static const double n2_v[] = {0.2, 0.5, 0.7, 1.1, 1.3, 1.5, 1.6, 1.9,
				      2.0, 2.4, 2.6, 2.8, 3.1, 3.5, 3.9};
	static const double n2_x[] = {1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0};
	static const double n2_y[] = {0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1, 1, 1};
	x = (struct histogram)HIST(n2_v, n2_x);
	y = (struct histogram)HIST(n2_v, n2_y);
	CHECK_INT(ks_two_sample(&x, &y, &d, &p), 0);
	CHECK_NEAR(d, 0.7142857142857143, REL);
	CHECK_NEAR(p, 0.044316974260762976, REL);

	/* Large n, p ~ 1e-20: D = 484 / 5000 = 0.0968, x = 50 D = 4.84. R 4.2.2's
	 * ks.test(rep(1:5, c(1000, 1200, 1300, 900, 600)), rep(1:5, c(700, 1016, 1300, 1200, 784)),
	 * exact = FALSE) gives D = 0.096800000000000011 but p = 0 (1 - K cancels);
	 * bc -l, scale=60: x=4.84; 2*e(-2*x^2) - 2*e(-8*x^2) */
	static const double l_v[] = {1, 2, 3, 4, 5};
	static const double l_a[] = {1000, 1200, 1300, 900, 600}, l_b[] = {700, 1016, 1300, 1200, 784};
	x = (struct histogram)HIST(l_v, l_a);
	y = (struct histogram)HIST(l_v, l_b);
	CHECK_INT(ks_two_sample(&x, &y, &d, &p), 0);
	CHECK_NEAR(d, 0.096800000000000011, REL);
	CHECK_NEAR(p, 8.991090417837168667e-21, 1e-12);

	/* 6c: x = sqrt(5) * 0.4 = 0.894, where R 4.2.2's pkstwo(tol = 1e-6) keeps one theta
	 * term: ks.test(rep(1:5, c(3, 3, 2, 1, 1)), rep(1:5, c(1, 1, 3, 3, 2)), exact = FALSE)
	 * gives D = 0.4, p = 0.40047366596080636 (2.6e-6 too high). The exact limit,
	 * bc -l, scale=50: x2=0.8; sum over k=1..30 of (-1)^(k-1) * 2 * e(-2*k^2*x2), and
	 * R 4.2.2: x <- sqrt(0.8); 1 - sqrt(2*pi)/x * sum(exp(-(2*(1:50)-1)^2*pi^2/(8*x^2))) */
	static const double z_a[] = {3, 3, 2, 1, 1}, z_b[] = {1, 1, 3, 3, 2};
	x = (struct histogram)HIST(l_v, z_a);
	y = (struct histogram)HIST(l_v, z_b);
	CHECK_INT(ks_two_sample(&x, &y, &d, &p), 0);
	CHECK_NEAR(d, 0.4, REL);
	CHECK_NEAR(p, 0.400471036208457765, REL);
	CHECK_NEAR(p, 0.40047366596080636, 1e-5);

	/* Equal arrays at different addresses count as aligned; D == 0 gives p == 1 (6b). */
	static const double v_copy[] = {1, 2, 3.5, 4, 7, 10};
	static const double scaled_a[] = {6, 0, 10, 4, 8, 2};
	struct histogram a2 = HIST(v_copy, scaled_a);
	CHECK_INT(ks_two_sample(&a, &a2, &d, &p), 0);
	CHECK(d == 0 && p == 1);

	/* 6d: an empty side, unaligned histograms. */
	static const double zero_c[] = {0, 0, 0, 0, 0, 0};
	struct histogram zero = HIST(fx_value, zero_c);
	CHECK_INT(ks_two_sample(&a, &zero, &d, &p), -1);
	CHECK(isnan(d) && isnan(p));
	CHECK_INT(ks_two_sample(&zero, &a, &d, &p), -1);
	CHECK(isnan(d) && isnan(p));
	static const double other_v[] = {1, 2, 3.5, 4, 7, 11};
	struct histogram other = HIST(other_v, fx_count_b);
	CHECK_INT(ks_two_sample(&a, &other, &d, &p), -1);
	CHECK(isnan(d) && isnan(p));
	struct histogram shorter = {fx_value, fx_count_b, 5};
	CHECK_INT(ks_two_sample(&a, &shorter, &d, &p), -1);
	CHECK(isnan(d) && isnan(p));
}

/* 6e. the p of 6b from D and the two sizes alone */
static void test_ks_p(void)
{
	double d, p;

	/* ks_two_sample's p is this function's, to the bit. */
	struct histogram a = HIST(fx_value, fx_count_a), b = HIST(fx_value, fx_count_b);
	CHECK_INT(ks_two_sample(&a, &b, &d, &p), 0);
	CHECK(p == ks_p_asymptotic(d, 15, 12));
	CHECK(p == ks_p_asymptotic(d, 12, 15));

	/*
	 * The Kolmogorov limit 1 - K(x), x = sqrt(na nb / (na + nb)) D, on both sides of x = 1 and in
	 * 6c's range where R 4.2.2 truncates. scipy 1.10.1 (Debian 12's python3-scipy):
	 *   import math; from scipy import stats
	 *   stats.kstwobign.sf(math.sqrt(na * nb / (na + nb)) * d)
	 */
	static const struct {
		double d, na, nb, p;
	} lim[] = {
		{0.5, 4, 4, 0.6993741991310154},          /* x 0.707; R's ks.test 0.69937419993527605 (6c) */
		{0.1, 100, 150, 0.5859697195590101},      /* x 0.775 */
		{0.05, 1000, 1000, 0.1640791977266521},   /* x 1.118 */
		{0.3, 50, 60, 0.014758381351637973},      /* x 1.567 */
		{0.9, 20, 30, 7.216809931377768e-09},     /* x 3.118 */
		{1.0, 200, 300, 1.1758565396490539e-104}, /* x 10.95: R's 1 - K gives 0 */
		{0.02, 30, 40, 1.0},                      /* x 0.083 */
	};
	for (size_t i = 0; i < LEN(lim); i++)
		CHECK_NEAR(ks_p_asymptotic(lim[i].d, lim[i].na, lim[i].nb), lim[i].p, 1e-12);
	/* D == 0: p == 1 (6b); D == 1 far out: underflow to 0 */
	CHECK(ks_p_asymptotic(0, 5, 7) == 1);
	CHECK(ks_p_asymptotic(1, 1e6, 1e6) == 0);

	/* 6e: undefined D or sizes */
	CHECK(isnan(ks_p_asymptotic(NAN, 5, 7)));
	CHECK(isnan(ks_p_asymptotic(-0.1, 5, 7)));
	CHECK(isnan(ks_p_asymptotic(1.5, 5, 7)));
	CHECK(isnan(ks_p_asymptotic(0.5, 0, 7)));
	CHECK(isnan(ks_p_asymptotic(0.5, 5, 0)));
	CHECK(isnan(ks_p_asymptotic(0.5, -5, 7)));
	CHECK(isnan(ks_p_asymptotic(0.5, 5, INFINITY)));
	CHECK(isnan(ks_p_asymptotic(0.5, NAN, 7)));
}

/* 7. Cohen's d */
static void test_smd(void)
{
	double ma, sa, mb, sb;
	struct histogram a = HIST(fx_value, fx_count_a), b = HIST(fx_value, fx_count_b);

	CHECK_INT(hist_moments(&a, &ma, &sa), 0);
	CHECK_INT(hist_moments(&b, &mb, &sb), 0);
	/* R 4.2.2: (mean(a) - mean(b)) / sqrt((14 * var(a) + 11 * var(b)) / 25) */
	CHECK_NEAR(smd_pooled(15, ma, sa, 12, mb, sb), -0.20616731353938964, REL);
	CHECK_NEAR(smd_pooled(12, mb, sb, 15, ma, sa), 0.20616731353938964, REL);

	/* By hand: {1, 2, 3} and {4, 5, 6} have means 2 and 5, both sds 1, so d = -3. */
	static const double v[] = {1, 2, 3, 4, 5, 6};
	static const double c1[] = {1, 1, 1, 0, 0, 0}, c2[] = {0, 0, 0, 1, 1, 1};
	struct histogram g1 = HIST(v, c1), g2 = HIST(v, c2);
	CHECK_INT(hist_moments(&g1, &ma, &sa), 0);
	CHECK_INT(hist_moments(&g2, &mb, &sb), 0);
	CHECK_NEAR(smd_pooled(3, ma, sa, 3, mb, sb), -3, REL);

	/* 7a: a single row (sd NAN from 2b) adds nothing: s = 1, d = (7 - 5) / 1 = 2 by hand. */
	CHECK_NEAR(smd_pooled(1, 7, NAN, 3, mb, sb), 2, REL);

	/* 7b: n1 + n2 <= 2, s == 0, invalid inputs. */
	CHECK(isnan(smd_pooled(1, 7, NAN, 1, 5, NAN)));
	CHECK(isnan(smd_pooled(2, 1, 0, 3, 2, 0)));
	CHECK(isnan(smd_pooled(-1, 1, 1, 3, 2, 1)));
	CHECK(isnan(smd_pooled(3, NAN, 1, 3, 2, 1)));
	CHECK(isnan(smd_pooled(3, 1, NAN, 3, 2, 1)));
	CHECK(isnan(smd_pooled(3, 1, -1, 3, 2, 1)));
}

/* 8. correlation ratio */
static void test_correlation_ratio(void)
{
	static const double c_single[] = {0, 0, 0, 1, 0, 0}, c_none[] = {0, 0, 0, 0, 0, 0};
	const double *counts[] = {fx_count_a, fx_count_b, c_single, c_none};
	double n[4], mean[4], sd[4];

	for (size_t g = 0; g < 4; g++) {
		struct histogram h = HIST(fx_value, counts[g]);
		n[g] = hist_total(&h);
		hist_moments(&h, &mean[g], &sd[g]);
	}
	CHECK(isnan(sd[2]) && isnan(mean[3]));

	/* R 4.2.2: y <- c(a, b); g <- factor(rep(1:2, c(15, 12)));
	 * sqrt(summary(lm(y ~ g))$r.squared) */
	CHECK_NEAR(correlation_ratio(n, mean, sd, 2), 0.10586605580488641, REL);
	/* 8a: a one-row group (sd NAN) and an empty group (mean NAN).
	 * R 4.2.2: y <- c(a, b, 4); g <- factor(rep(1:3, c(15, 12, 1)));
	 * sqrt(summary(lm(y ~ g))$r.squared) */
	CHECK_NEAR(correlation_ratio(n, mean, sd, 4), 0.11553312734030963, REL);

	/* Equal group means: eta = 0, by hand. */
	static const double n2[] = {3, 4}, m2[] = {5, 5}, s2[] = {1, 2};
	CHECK_NEAR(correlation_ratio(n2, m2, s2, 2), 0, 0);
	/* One-row groups only: all SS is between-group, eta = 1, by hand. */
	static const double n3[] = {1, 1}, m3[] = {1, 2}, s3[] = {NAN, NAN};
	CHECK_NEAR(correlation_ratio(n3, m3, s3, 2), 1, REL);

	/* 8b: total n < 2, SS_total == 0, invalid inputs, k == 0. */
	static const double n4[] = {1, 0}, m4[] = {3, NAN}, s4[] = {NAN, NAN};
	CHECK(isnan(correlation_ratio(n4, m4, s4, 2)));
	static const double n5[] = {2, 3}, m5[] = {4, 4}, s5[] = {0, 0};
	CHECK(isnan(correlation_ratio(n5, m5, s5, 2)));
	static const double n6[] = {2, -3}, n7[] = {2, 3}, m7[] = {4, NAN}, s7[] = {1, NAN};
	CHECK(isnan(correlation_ratio(n6, m5, s2, 2)));
	CHECK(isnan(correlation_ratio(n7, m7, s2, 2)));
	CHECK(isnan(correlation_ratio(n7, m2, s7, 2)));
	CHECK(isnan(correlation_ratio(n7, m2, s2, 0)));
}

void test_distribution(void)
{
	test_total();
	test_moments();
	test_quantile();
	test_outside();
	test_ks();
	test_ks_p();
	test_smd();
	test_correlation_ratio();
}
