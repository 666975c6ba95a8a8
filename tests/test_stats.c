/*
 * test_stats.c — unit tests for metrics/stats.c. Every reference value is a
 * number computed independently, with its source in a comment: R 4.2.2
 * (printed with sprintf('%.15g', x), compared at relative 1e-9) or a
 * published figure (the result must round to it at the decimals printed).
 * Edge cases check the conventions numbered in stats.h (empty rows, zero
 * weights, NAN on -1), and Fisher's test is timed on a support of a million.
 * Entry point: test_stats().
 */
#include "harness.h"
#include "stats.h"

#include <gsl/gsl_errno.h>
#include <time.h>

void test_stats(void);

#define REL 1e-9 /* against R's 15 significant digits */

#define CHECK_INTERVAL(iv, lo, hi, rel)                \
	do {                                           \
		CHECK_NEAR((iv).low, (lo), (rel));     \
		CHECK_NEAR((iv).high, (hi), (rel));    \
	} while (0)

#define CHECK_INTERVAL_ROUNDED(iv, lo, hi, decimals)          \
	do {                                                  \
		CHECK_ROUNDED((iv).low, (lo), (decimals));    \
		CHECK_ROUNDED((iv).high, (hi), (decimals));   \
	} while (0)

#define CHECK_UNDEFINED_INTERVAL(iv) CHECK(isnan((iv).low) && isnan((iv).high))

/* 1. Wilson */
static void test_wilson(void)
{
	struct interval iv;

	/* Newcombe 1998b (Stat Med 17:857), Table I, method 3 (score, no CC). */
	CHECK_INT(stats_wilson(81, 263, 0.95, &iv), 0);
	CHECK_INTERVAL_ROUNDED(iv, 0.2553, 0.3662, 4);
	/* R 4.2.2: prop.test(81, 263, correct=FALSE)$conf.int */
	CHECK_INTERVAL(iv, 0.255288519878274, 0.3662095769828, REL);

	CHECK_INT(stats_wilson(15, 148, 0.95, &iv), 0);
	CHECK_INTERVAL_ROUNDED(iv, 0.0624, 0.1605, 4); /* Newcombe 1998b Table I */
	/* R 4.2.2: prop.test(15, 148, correct=FALSE)$conf.int */
	CHECK_INTERVAL(iv, 0.0623863995307363, 0.160487241723308, REL);

	/* x = 0: the lower limit is exactly 0 (1). */
	CHECK_INT(stats_wilson(0, 20, 0.95, &iv), 0);
	CHECK(iv.low == 0);
	CHECK_ROUNDED(iv.high, 0.1611, 4); /* Newcombe 1998b Table I */
	/* R 4.2.2: prop.test(0, 20, correct=FALSE)$conf.int */
	CHECK_NEAR(iv.high, 0.161125158052819, REL);

	CHECK_INT(stats_wilson(1, 29, 0.95, &iv), 0);
	CHECK_INTERVAL_ROUNDED(iv, 0.0061, 0.1718, 4); /* Newcombe 1998b Table I */
	/* R 4.2.2: prop.test(1, 29, correct=FALSE)$conf.int */
	CHECK_INTERVAL(iv, 0.00611321429276266, 0.171755218793203, REL);

	/* x = n: the upper limit is exactly 1 (1). */
	CHECK_INT(stats_wilson(29, 29, 0.95, &iv), 0);
	CHECK(iv.high == 1);
	CHECK_ROUNDED(iv.low, 0.8830, 4); /* Newcombe 1998b Table I */
	/* R 4.2.2: prop.test(29, 29, correct=FALSE)$conf.int */
	CHECK_NEAR(iv.low, 0.883030201500259, REL);

	/* R 4.2.2: prop.test(0, 1, correct=FALSE)$conf.int */
	CHECK_INT(stats_wilson(0, 1, 0.95, &iv), 0);
	CHECK_INTERVAL(iv, 0, 0.793450685622763, REL);

	/* R 4.2.2: prop.test(300000, 1000000, correct=FALSE)$conf.int */
	CHECK_INT(stats_wilson(300000, 1000000, 0.95, &iv), 0);
	CHECK_INTERVAL(iv, 0.299102601353496, 0.30089893522413, REL);

	/* R 4.2.2: prop.test(5, 10, correct=FALSE, conf.level=0.90)$conf.int */
	CHECK_INT(stats_wilson(5, 10, 0.90, &iv), 0);
	CHECK_INTERVAL(iv, 0.269271821138267, 0.730728178861733, REL);
	/* R 4.2.2: prop.test(7, 10, correct=FALSE, conf.level=0.99)$conf.int */
	CHECK_INT(stats_wilson(7, 10, 0.99, &iv), 0);
	CHECK_INTERVAL(iv, 0.320024679201103, 0.920433683476934, REL);

	/* 0b: undefined or invalid, NAN left behind. */
	CHECK_INT(stats_wilson(0, 0, 0.95, &iv), -1);
	CHECK_UNDEFINED_INTERVAL(iv);
	CHECK_INT(stats_wilson(5, 4, 0.95, &iv), -1);
	CHECK_INT(stats_wilson(-1, 4, 0.95, &iv), -1);
	CHECK_INT(stats_wilson(NAN, 4, 0.95, &iv), -1);
	CHECK_INT(stats_wilson(1, INFINITY, 0.95, &iv), -1);
	CHECK_INT(stats_wilson(1, 4, 1.0, &iv), -1);
	CHECK_INT(stats_wilson(1, 4, 0.0, &iv), -1);
	CHECK_UNDEFINED_INTERVAL(iv);
}

/* 2. Newcombe hybrid score, and 3. Katz */
static void test_newcombe_katz(void)
{
	static const struct {
		double x1, n1, x2, n2;
		/* Newcombe 1998 (Stat Med 17:873), Table II, method 10 */
		double pub_low, pub_high;
		/* R 4.2.2: the method-10 formula over prop.test(correct=FALSE)$conf.int */
		double r_low, r_high;
	} cases[] = {
		{56, 70, 48, 80, 0.0524, 0.3339, 0.0524314724023649, 0.333872654036906},
		{9, 10, 3, 10, 0.1705, 0.8090, 0.170522723934503, 0.809017973535488},
		{6, 7, 2, 7, 0.0582, 0.8062, 0.0582279274823123, 0.806249637524228},
		{5, 56, 0, 29, -0.0381, 0.1926, -0.0381371479035369, 0.192560013855112},
		{0, 10, 0, 20, -0.1611, 0.2775, -0.161125158052819, 0.277532799862889},
		{0, 10, 0, 10, -0.2775, 0.2775, -0.277532799862889, 0.277532799862889},
		{10, 10, 0, 20, 0.6791, 1.0000, 0.679086037141915, 1},
		{10, 10, 0, 10, 0.6075, 1.0000, 0.607509350430524, 1},
	};
	struct interval iv;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_INT(stats_newcombe_diff(cases[i].x1, cases[i].n1, cases[i].x2, cases[i].n2,
					      0.95, &iv), 0);
		CHECK_INTERVAL_ROUNDED(iv, cases[i].pub_low, cases[i].pub_high, 4);
		CHECK_INTERVAL(iv, cases[i].r_low, cases[i].r_high, REL);
	}
	/* R 4.2.2: same formula, prop.test(..., conf.level=0.90), 30/100 - 45/120 */
	CHECK_INT(stats_newcombe_diff(30, 100, 45, 120, 0.90, &iv), 0);
	CHECK_INTERVAL(iv, -0.17688866123659, 0.0306388262962548, REL);

	CHECK_INT(stats_newcombe_diff(3, 10, 0, 0, 0.95, &iv), -1);
	CHECK_UNDEFINED_INTERVAL(iv);
	CHECK_INT(stats_newcombe_diff(0, 0, 3, 10, 0.95, &iv), -1);

	/* 3. R 4.2.2: r <- (x1/n1)/(x2/n2); se <- sqrt(1/x1-1/n1+1/x2-1/n2);
	 * r * exp(c(-1,1) * qnorm((1+level)/2) * se) */
	CHECK_INT(stats_katz_ratio(10, 50, 20, 50, 0.95, &iv), 0);
	CHECK_INTERVAL(iv, 0.261010747461748, 0.957814965211876, REL);
	CHECK_INT(stats_katz_ratio(56, 70, 48, 80, 0.95, &iv), 0);
	CHECK_INTERVAL(iv, 1.07662642276319, 1.65124851126639, REL);
	CHECK_INT(stats_katz_ratio(3000, 10000, 4000, 10000, 0.99, &iv), 0);
	CHECK_INTERVAL(iv, 0.713114004430651, 0.78879393267434, REL);
	/* x = n on both sides: se = 0, the interval is the point 1. */
	CHECK_INT(stats_katz_ratio(7, 7, 9, 9, 0.95, &iv), 0);
	CHECK_INTERVAL(iv, 1, 1, REL);
	/* 3: undefined when either count is 0. */
	CHECK_INT(stats_katz_ratio(0, 50, 20, 50, 0.95, &iv), -1);
	CHECK_UNDEFINED_INTERVAL(iv);
	CHECK_INT(stats_katz_ratio(10, 50, 0, 50, 0.95, &iv), -1);
	CHECK_INT(stats_katz_ratio(10, 0, 5, 50, 0.95, &iv), -1);
	CHECK_INT(stats_katz_ratio(60, 50, 5, 50, 0.95, &iv), -1);

	/* 3a. R 4.2.2: se <- sqrt(1/x1-1/n1+1/x2-1/n2); 2*pnorm(-abs(log((x1/n1)/(x2/n2)))/se) */
	double p;
	CHECK_INT(stats_katz_test(30, 100, 45, 100, &p), 0);
	CHECK_NEAR(p, 3.1531219209665576e-02, REL);
	CHECK_INT(stats_katz_test(125, 530, 132, 1192, &p), 0);
	CHECK_NEAR(p, 2.5696359887132942e-11, 1e-9);
	/* se = 0 (R gives NaN from 0/0): both proportions 1, the ratio is 1, p = 1. */
	CHECK_INT(stats_katz_test(5, 5, 7, 7, &p), 0);
	CHECK_NEAR(p, 1, REL);
	CHECK_INT(stats_katz_test(0, 5, 7, 7, &p), -1);
	CHECK(isnan(p));
}

static void check_chi2(const struct chi2_result *r, double statistic, int df, double p_value,
		       double min_expected)
{
	CHECK_NEAR(r->statistic, statistic, REL);
	CHECK_INT(r->df, df);
	CHECK_NEAR(r->p_value, p_value, REL);
	CHECK_NEAR(r->min_expected, min_expected, REL);
}

static void check_chi2_undefined(const struct chi2_result *r)
{
	CHECK(isnan(r->statistic) && isnan(r->p_value) && isnan(r->min_expected));
	CHECK_INT(r->df, 0);
}

/* 4. chi-square independence */
static void test_chi2_independence(void)
{
	struct chi2_result r;

	/* Agresti, Categorical Data Analysis (2nd ed., 2002), party identification
	 * by gender: X^2 = 30.07, df = 2. */
	const double party[] = {762, 327, 468, 484, 239, 477};
	CHECK_INT(stats_chi2_independence(party, 2, 3, &r), 0);
	CHECK_ROUNDED(r.statistic, 30.07, 2);
	/* R 4.2.2: chisq.test(matrix(c(762,484,327,239,468,477),2), correct=FALSE):
	 * statistic, parameter, p.value, min(expected) */
	check_chi2(&r, 30.0701490957547, 2, 2.95358918321176e-07, 246.354733405876);

	/* R 4.2.2: chisq.test(matrix(c(12,5,7,9),2), correct=FALSE) */
	const double two[] = {12, 7, 5, 9};
	CHECK_INT(stats_chi2_independence(two, 2, 2, &r), 0);
	check_chi2(&r, 2.43057551968156, 1, 0.118989205532145, 6.78787878787879);

	/* R 4.2.2: chisq.test(matrix(c(20,15,30, 25,10,5, 12,40,18),3,byrow=TRUE), correct=FALSE) */
	const double three[] = {20, 15, 30, 25, 10, 5, 12, 40, 18};
	CHECK_INT(stats_chi2_independence(three, 3, 3, &r), 0);
	check_chi2(&r, 38.8345560367369, 4, 7.53669856211382e-08, 12.1142857142857);

	/* 4a: an empty row and an empty column are dropped. R 4.2.2:
	 * chisq.test(matrix(c(20,15,30, 12,40,18),2,byrow=TRUE), correct=FALSE) */
	const double zero_row[] = {20, 15, 30, 0, 0, 0, 12, 40, 18};
	CHECK_INT(stats_chi2_independence(zero_row, 3, 3, &r), 0);
	check_chi2(&r, 16.2006743256743, 2, 0.000303436813212923, 15.4074074074074);
	const double zero_col[] = {20, 0, 15, 30, 12, 0, 40, 18};
	CHECK_INT(stats_chi2_independence(zero_col, 2, 4, &r), 0);
	check_chi2(&r, 16.2006743256743, 2, 0.000303436813212923, 15.4074074074074);

	/* A zero cell is not an empty row. R 4.2.2:
	 * chisq.test(matrix(c(0,7, 5,3, 9,1),3,byrow=TRUE), correct=FALSE) */
	const double zero_cell[] = {0, 7, 5, 3, 9, 1};
	CHECK_INT(stats_chi2_independence(zero_cell, 3, 2, &r), 0);
	check_chi2(&r, 13.7378246753247, 2, 0.00103960719149384, 3.08);

	/* R 4.2.2: chisq.test(matrix(c(310000,290000,120000, 300000,305000,118000),
	 * 2,byrow=TRUE), correct=FALSE) */
	const double large[] = {310000, 290000, 120000, 300000, 305000, 118000};
	CHECK_INT(stats_chi2_independence(large, 2, 3, &r), 0);
	check_chi2(&r, 552.657791910724, 2, 9.8148868257448e-121, 118752.598752599);

	/* 4b: nothing left to test. */
	const double one_row[] = {3, 4, 5};
	CHECK_INT(stats_chi2_independence(one_row, 1, 3, &r), -1);
	check_chi2_undefined(&r);
	const double one_row_left[] = {0, 0, 3, 4};
	CHECK_INT(stats_chi2_independence(one_row_left, 2, 2, &r), -1);
	check_chi2_undefined(&r);
	const double empty[] = {0, 0, 0, 0};
	CHECK_INT(stats_chi2_independence(empty, 2, 2, &r), -1);
	check_chi2_undefined(&r);
	const double negative[] = {3, -1, 2, 5};
	CHECK_INT(stats_chi2_independence(negative, 2, 2, &r), -1);
	CHECK_INT(stats_chi2_independence(two, 0, 2, &r), -1);

	int rows_used, cols_used;
	stats_table_nonempty_dims(zero_row, 3, 3, &rows_used, &cols_used);
	CHECK_INT(rows_used, 2);
	CHECK_INT(cols_used, 3);
	stats_table_nonempty_dims(zero_col, 2, 4, &rows_used, &cols_used);
	CHECK_INT(rows_used, 2);
	CHECK_INT(cols_used, 3);
}

/* 5. chi-square goodness of fit */
static void test_chi2_gof(void)
{
	struct chi2_result r;

	/* Mendel's peas against 9:3:3:1, the textbook X^2 = 0.470, df = 3, p = 0.925. */
	const double peas[] = {315, 108, 101, 32};
	const double mendel[] = {9.0 / 16, 3.0 / 16, 3.0 / 16, 1.0 / 16};
	CHECK_INT(stats_chi2_gof(peas, mendel, 4, &r), 0);
	CHECK_ROUNDED(r.statistic, 0.470, 3);
	CHECK_ROUNDED(r.p_value, 0.925, 3);
	/* R 4.2.2: chisq.test(c(315,108,101,32), p=c(9,3,3,1)/16) */
	check_chi2(&r, 0.470023980815348, 3, 0.925425895103616, 34.75);

	/* 5a: weights are rescaled, so 9:3:3:1 as raw weights gives the same. */
	const double ratio[] = {9, 3, 3, 1};
	CHECK_INT(stats_chi2_gof(peas, ratio, 4, &r), 0);
	check_chi2(&r, 0.470023980815348, 3, 0.925425895103616, 34.75);

	/* R 4.2.2: chisq.test(c(20,30,50), p=c(.3,.3,.4)) */
	const double obs3[] = {20, 30, 50}, p3[] = {0.3, 0.3, 0.4};
	CHECK_INT(stats_chi2_gof(obs3, p3, 3, &r), 0);
	check_chi2(&r, 5.83333333333333, 2, 0.0541137662228216, 30);

	/* 5a: rounded shares. R 4.2.2: chisq.test(c(120,95,85), p=c(.33,.33,.33), rescale.p=TRUE) */
	const double shares_obs[] = {120, 95, 85}, shares[] = {0.33, 0.33, 0.33};
	CHECK_INT(stats_chi2_gof(shares_obs, shares, 3, &r), 0);
	check_chi2(&r, 6.5, 2, 0.038774207831722, 100);

	/* An empty category with positive weight stays. R 4.2.2: chisq.test(c(0,10,10), p=rep(1/3,3)) */
	const double empty_cat[] = {0, 10, 10}, thirds[] = {1, 1, 1};
	CHECK_INT(stats_chi2_gof(empty_cat, thirds, 3, &r), 0);
	check_chi2(&r, 10, 2, 0.00673794699908547, 6.66666666666667);

	/* 5b: weight 0 and no rows: dropped. R 4.2.2: chisq.test(c(10,20), p=c(.5,.5)) */
	const double obs_gap[] = {10, 0, 20}, p_gap[] = {0.5, 0, 0.5};
	CHECK_INT(stats_chi2_gof(obs_gap, p_gap, 3, &r), 0);
	check_chi2(&r, 3.33333333333333, 1, 0.0678891548618291, 15);

	/* 5c: weight 0 but observed. */
	const double obs_bad[] = {10, 1, 20};
	CHECK_INT(stats_chi2_gof(obs_bad, p_gap, 3, &r), -1);
	check_chi2_undefined(&r);
	/* 5d: k == 1, n == 0. */
	const double one[] = {10}, one_p[] = {1};
	CHECK_INT(stats_chi2_gof(one, one_p, 1, &r), -1);
	check_chi2_undefined(&r);
	const double none[] = {0, 0, 0};
	CHECK_INT(stats_chi2_gof(none, thirds, 3, &r), -1);
	/* 5a: invalid weights. */
	const double neg_p[] = {0.5, -0.1, 0.6}, zero_p[] = {0, 0, 0}, nan_p[] = {0.5, NAN, 0.5};
	CHECK_INT(stats_chi2_gof(obs3, neg_p, 3, &r), -1);
	CHECK_INT(stats_chi2_gof(obs3, zero_p, 3, &r), -1);
	CHECK_INT(stats_chi2_gof(obs3, nan_p, 3, &r), -1);
	CHECK_INT(stats_chi2_gof(obs3, p3, 0, &r), -1);
}

/* 6. Cramér's V */
static void test_cramers_v(void)
{
	struct chi2_result r;
	double v;

	/* R 4.2.2: m <- matrix(c(762,484,327,239,468,477),2);
	 * sqrt(chisq.test(m, correct=FALSE)$statistic / (sum(m) * (min(dim(m)) - 1))) */
	const double party[] = {762, 327, 468, 484, 239, 477};
	stats_chi2_independence(party, 2, 3, &r);
	CHECK_INT(stats_cramers_v(r.statistic, 2757, 2, 3, &v), 0);
	CHECK_NEAR(v, 0.104435802356468, REL);

	/* R 4.2.2: the same for matrix(c(20,15,30, 25,10,5, 12,40,18),3,byrow=TRUE) */
	const double three[] = {20, 15, 30, 25, 10, 5, 12, 40, 18};
	stats_chi2_independence(three, 3, 3, &r);
	CHECK_INT(stats_cramers_v(r.statistic, 175, 3, 3, &v), 0);
	CHECK_NEAR(v, 0.333100396863584, REL);

	/* 6a. R 4.2.2: n <- sum(m); r <- nrow(m); k <- ncol(m); chi <- chisq.test(m, correct=FALSE)$statistic;
	 * p2 <- max(0, chi/n - (k-1)*(r-1)/(n-1));
	 * sqrt(p2 / min(k - (k-1)^2/(n-1) - 1, r - (r-1)^2/(n-1) - 1)) for the two tables above */
	stats_chi2_independence(party, 2, 3, &r);
	CHECK_INT(stats_cramers_v_corrected(r.statistic, 2757, 2, 3, &v), 0);
	CHECK_NEAR(v, 0.10091998278440886, REL);
	stats_chi2_independence(three, 3, 3, &r);
	CHECK_INT(stats_cramers_v_corrected(r.statistic, 175, 3, 3, &v), 0);
	CHECK_NEAR(v, 0.31720364436725951, REL);
	/* Less association than chance gives: corrected to 0; undefined below two rows. */
	CHECK_INT(stats_cramers_v_corrected(0.5, 100, 2, 2, &v), 0);
	CHECK(v == 0);
	CHECK_INT(stats_cramers_v_corrected(0, 1, 2, 2, &v), -1);
	CHECK(isnan(v));

	/* Perfect association: V = 1 exactly (6: clipped if rounding exceeds it). */
	const double perfect[] = {10, 0, 0, 10};
	stats_chi2_independence(perfect, 2, 2, &r);
	CHECK_INT(stats_cramers_v(r.statistic, 20, 2, 2, &v), 0);
	CHECK_NEAR(v, 1, 1e-15);
	CHECK(v <= 1);

	/* No association. */
	CHECK_INT(stats_cramers_v(0, 100, 2, 2, &v), 0);
	CHECK(v == 0);

	/* 6 with 4a: a 3x3 table with an empty row is a 2x3 table. */
	const double zero_row[] = {20, 15, 30, 0, 0, 0, 12, 40, 18};
	int rows_used, cols_used;
	stats_chi2_independence(zero_row, 3, 3, &r);
	stats_table_nonempty_dims(zero_row, 3, 3, &rows_used, &cols_used);
	CHECK_INT(stats_cramers_v(r.statistic, 135, rows_used, cols_used, &v), 0);
	/* R 4.2.2: sqrt(16.2006743256743 / 135) */
	CHECK_NEAR(v, sqrt(16.2006743256743 / 135), REL);

	CHECK_INT(stats_cramers_v(3, 100, 1, 3, &v), -1);
	CHECK(isnan(v));
	CHECK_INT(stats_cramers_v(3, 0, 2, 3, &v), -1);
	CHECK_INT(stats_cramers_v(-1, 10, 2, 3, &v), -1);
	CHECK_INT(stats_cramers_v(NAN, 10, 2, 3, &v), -1);
}

/* 7. Fisher's exact test */
static void test_fisher(void)
{
	static const struct {
		double a, b, c, d, p; /* R 4.2.2: fisher.test(matrix(c(a,c,b,d),2))$p.value */
	} cases[] = {
		{3, 1, 1, 3, 0.485714285714286}, /* Fisher's tea tasting */
		{1, 3, 2, 1, 0.485714285714286},
		{2, 15, 10, 3, 0.000536724119143436}, /* R's ?fisher.test Convictions */
		{1, 9, 11, 3, 0.00275945618522008},
		{0, 5, 5, 0, 0.00793650793650794},
		{5, 0, 1, 4, 0.0476190476190476},
		{0, 10, 10, 0, 1.0825088224469e-05},
		{2, 2, 2, 2, 1},
		{3, 3, 3, 3, 1},
		{1, 0, 0, 1, 1},
		{100, 200, 150, 120, 9.65421849485564e-08},
		{400, 600, 300, 700, 3.37169970739994e-06},
		{10, 1000000, 20, 1000000, 0.0987346285224938},
		{30000, 70000, 33000, 67000, 2.96187848927988e-47},
		{500000, 500000, 501000, 499000, 0.157714504788113},
		{499000, 501000, 500000, 500000, 0.157714504788113},
	};
	double p;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CHECK_INT(stats_fisher_exact(cases[i].a, cases[i].b, cases[i].c, cases[i].d, &p), 0);
		CHECK_NEAR(p, cases[i].p, REL);
	}

	/* Agresti, Categorical Data Analysis (2nd ed., 2002) §3.5, tea tasting:
	 * two-sided P = 0.486. */
	stats_fisher_exact(3, 1, 1, 3, &p);
	CHECK_ROUNDED(p, 0.486, 3);

	/* 7b: one table only (an empty row or column): p = 1, as R. */
	CHECK_INT(stats_fisher_exact(0, 0, 3, 4, &p), 0);
	CHECK(p == 1);
	CHECK_INT(stats_fisher_exact(7, 0, 0, 0, &p), 0);
	CHECK(p == 1);

	/* Supports of a million tables: the first sums only the tables near the
	 * mode; the second starts at the edge of the support, and its p is below
	 * the smallest double (R 4.2.2:
	 * fisher.test(matrix(c(1000,1000000,999000,0),2))$p.value is 0). How long
	 * they take is make bench's to say, not a test's. */
	CHECK_INT(stats_fisher_exact(500000, 500000, 501000, 499000, &p), 0);
	CHECK(p > 0 && p <= 1);
	CHECK_INT(stats_fisher_exact(1000, 999000, 1000000, 0, &p), 0);
	CHECK(p == 0);

	/* 7a, 7b: invalid or undefined. */
	CHECK_INT(stats_fisher_exact(0, 0, 0, 0, &p), -1);
	CHECK(isnan(p));
	CHECK_INT(stats_fisher_exact(1.5, 2, 3, 4, &p), -1);
	CHECK_INT(stats_fisher_exact(-1, 2, 3, 4, &p), -1);
	CHECK_INT(stats_fisher_exact(1, 2, INFINITY, 4, &p), -1);
	CHECK_INT(stats_fisher_exact(1, 2, 3, NAN, &p), -1);
	CHECK(isnan(p));
}

/* Runs all five divergences on p and q and compares with want[5] (KL, JS, L2, TVD, KS). */
static void check_divergences(const double *p, const double *q, int k, const double want[5],
			      double rel)
{
	double got;

	CHECK_INT(stats_kl(p, q, k, &got), 0);
	CHECK_NEAR(got, want[0], rel);
	CHECK_INT(stats_js(p, q, k, &got), 0);
	CHECK_NEAR(got, want[1], rel);
	CHECK_INT(stats_l2(p, q, k, &got), 0);
	CHECK_NEAR(got, want[2], rel);
	CHECK_INT(stats_tvd(p, q, k, &got), 0);
	CHECK_NEAR(got, want[3], rel);
	CHECK_INT(stats_ks_discrete(p, q, k, &got), 0);
	CHECK_NEAR(got, want[4], rel);
}

/* 8. divergences */
static void test_divergences(void)
{
	/* R 4.2.2, for every case below: P <- p/sum(p); Q <- q/sum(q); M <- (P+Q)/2;
	 * kl <- function(a,b) sum(ifelse(a>0, a*log(a/b), 0));
	 * c(kl(P,Q), kl(P,M)/2+kl(Q,M)/2, sqrt(sum((P-Q)^2)), sum(abs(P-Q))/2,
	 *   max(abs(cumsum(P-Q)))) */
	const double p1[] = {10, 20, 30, 40}, q1[] = {25, 25, 25, 25};
	const double want1[] = {0.106440135286223, 0.0278656134572767, 0.223606797749979, 0.2, 0.2};
	check_divergences(p1, q1, 4, want1, REL);

	/* 8a: 0 log 0 = 0. */
	const double p2[] = {0, 5, 5}, q2[] = {2, 3, 5};
	const double want2[] = {0.255412811882995, 0.0819482950167798, 0.282842712474619, 0.2, 0.2};
	check_divergences(p2, q2, 3, want2, REL);

	/* KS follows the category order: the CDFs cross. */
	const double p3[] = {3, 1, 1, 3}, q3[] = {1, 3, 3, 1};
	const double want3[] = {0.549306144334055, 0.130812035941137, 0.5, 0.5, 0.25};
	check_divergences(p3, q3, 4, want3, REL);

	const double p4[] = {120, 45, 835}, q4[] = {300, 100, 600};
	const double want4[] = {0.130081493990284, 0.0349372356618673, 0.301081384346492, 0.235, 0.235};
	check_divergences(p4, q4, 3, want4, REL);

	/* Identical distributions, also at different totals, and k == 1 (8c): all 0. */
	const double p5[] = {1, 2, 3}, q5[] = {2, 4, 6};
	const double zeros[] = {0, 0, 0, 0, 0};
	check_divergences(p5, p5, 3, zeros, 1e-15);
	check_divergences(p5, q5, 3, zeros, 1e-15);
	const double single_p[] = {7}, single_q[] = {100};
	check_divergences(single_p, single_q, 1, zeros, 1e-15);

	/* Disjoint supports: JS reaches ln 2 (R 4.2.2 above: 0.693147180559945), KL is infinite (8b). */
	const double p6[] = {1, 0}, q6[] = {0, 1};
	double got;
	CHECK_INT(stats_kl(p6, q6, 2, &got), -1);
	CHECK(isnan(got));
	CHECK_INT(stats_kl(q2, p2, 3, &got), -1);
	CHECK_INT(stats_js(p6, q6, 2, &got), 0);
	CHECK_NEAR(got, 0.693147180559945, REL);
	CHECK_INT(stats_l2(p6, q6, 2, &got), 0);
	CHECK_NEAR(got, 1.4142135623731, REL);
	CHECK_INT(stats_tvd(p6, q6, 2, &got), 0);
	CHECK_NEAR(got, 1, REL);
	CHECK_INT(stats_ks_discrete(p6, q6, 2, &got), 0);
	CHECK_NEAR(got, 1, REL);

	/* 8c: empty or invalid inputs. */
	const double empty[] = {0, 0}, negative[] = {1, -1};
	CHECK_INT(stats_js(empty, q6, 2, &got), -1);
	CHECK(isnan(got));
	CHECK_INT(stats_tvd(p6, empty, 2, &got), -1);
	CHECK_INT(stats_l2(negative, q6, 2, &got), -1);
	CHECK_INT(stats_ks_discrete(p6, q6, 0, &got), -1);
	CHECK(isnan(got));
}

/* 9. conditional demographic disparity */
static void test_cdd(void)
{
	double cdd;

	/* R 4.2.2: cdd <- function(ng,n,pg,p){dd<-ifelse(n>0,ng/n,0)-ifelse(p>0,pg/p,0); w<-n+p;
	 * sum(w*dd)/sum(w)}; cdd(c(10,5,2),c(40,20,10),c(5,10,1),c(60,30,5)) (every stratum has both) */
	const double ng[] = {10, 5, 2}, n[] = {40, 20, 10}, pg[] = {5, 10, 1}, p[] = {60, 30, 5};
	CHECK_INT(stats_cdd(ng, n, pg, p, 3, &cdd), 0);
	CHECK_NEAR(cdd, 0.0757575757575758, REL);

	/* Berkeley admissions (R's UCBAdmissions, Bickel et al. 1975), women by
	 * department A-F: rejected women, all rejected, admitted women, all admitted.
	 * Simpson's paradox: pooled DD = +0.1438 (R 4.2.2: 0.143826423653201), but
	 * conditioned on department, R 4.2.2 cdd(...) above = -0.0192832670352692. */
	const double ucb_ng[] = {19, 8, 391, 244, 299, 317}, ucb_n[] = {332, 215, 596, 523, 437, 668};
	const double ucb_pg[] = {89, 17, 202, 131, 94, 24}, ucb_p[] = {601, 370, 322, 269, 147, 46};
	CHECK_INT(stats_cdd(ucb_ng, ucb_n, ucb_pg, ucb_p, 6, &cdd), 0);
	CHECK_NEAR(cdd, -0.0192832670352692, REL);
	const double all_ng[] = {1278}, all_n[] = {2771}, all_pg[] = {557}, all_p[] = {1755};
	CHECK_INT(stats_cdd(all_ng, all_n, all_pg, all_p, 1, &cdd), 0);
	CHECK_NEAR(cdd, 0.143826423653201, REL);

	/* 9a: a stratum with no positives (or no negatives) keeps its weight, the
	 * missing side's share 0; one with no rows weighs nothing. By hand: the
	 * three strata above give 0.0757575... x 165 = 12.5; (3/9 - 0) x 9 = 3;
	 * (0 - 4/4) x 4 = -4; so (12.5 + 3 - 4) / (165 + 9 + 4) = 11.5 / 178. */
	const double ng4[] = {10, 5, 2, 3, 0, 0}, n4[] = {40, 20, 10, 9, 0, 0};
	const double pg4[] = {5, 10, 1, 0, 4, 0}, p4[] = {60, 30, 5, 0, 4, 0};
	CHECK_INT(stats_cdd(ng4, n4, pg4, p4, 6, &cdd), 0);
	CHECK_NEAR(cdd, 11.5 / 178, REL);

	/* SageMaker Clarify's own unit test (smclarify, test_bias_metrics CDDL):
	 * rows (facet, label, stratum) (a,p,1), (b,q,1), (b,r,1), (c,p,0), (c,q,0),
	 * positive labels p and q, strata the third column: a -0.3, b 0.3, c -0.4.
	 * Stratum 1 has 1 negative (b) and 2 positives (a, b); stratum 0 has no
	 * negative and 2 positives (c, c). Per facet: negatives, all negatives,
	 * positives, all positives, in strata 1 and 0. */
	const double cl_n[] = {1, 0}, cl_p[] = {2, 2};
	const double a_ng[] = {0, 0}, a_pg[] = {1, 0};
	const double b_ng[] = {1, 0}, b_pg[] = {1, 0};
	const double c_ng[] = {0, 0}, c_pg[] = {0, 2};
	CHECK_INT(stats_cdd(a_ng, cl_n, a_pg, cl_p, 2, &cdd), 0);
	CHECK_NEAR(cdd, -0.3, 1e-15);
	CHECK_INT(stats_cdd(b_ng, cl_n, b_pg, cl_p, 2, &cdd), 0);
	CHECK_NEAR(cdd, 0.3, 1e-15);
	CHECK_INT(stats_cdd(c_ng, cl_n, c_pg, cl_p, 2, &cdd), 0);
	CHECK_NEAR(cdd, -0.4, 1e-15);

	/* 9b: no rows at all, or invalid. */
	const double zero[] = {0, 0, 0};
	CHECK_INT(stats_cdd(zero, zero, zero, zero, 3, &cdd), -1);
	CHECK(isnan(cdd));
	const double too_many[] = {50, 5, 2};
	CHECK_INT(stats_cdd(too_many, n, pg, p, 3, &cdd), -1);
	CHECK_INT(stats_cdd(ng, n, too_many, n, 3, &cdd), -1);
	CHECK_INT(stats_cdd(ng, n, pg, p, 0, &cdd), -1);
}

static void check_mh(const struct mh_result *r, double odds_ratio, double ci_low, double ci_high,
		     double statistic, double p_value)
{
	CHECK_NEAR(r->odds_ratio, odds_ratio, REL);
	CHECK_NEAR(r->ci_low, ci_low, REL);
	CHECK_NEAR(r->ci_high, ci_high, REL);
	CHECK_NEAR(r->statistic, statistic, REL);
	CHECK_NEAR(r->p_value, p_value, REL);
}

/* 10. Mantel–Haenszel */
static void test_mantel_haenszel(void)
{
	struct mh_result r;

	/* R's ?mantelhaen.test penicillin example (Rabbits), per penicillin level
	 * {a,b,c,d} = {None & Cured, None & Died, 1.5h & Cured, 1.5h & Died}.
	 * R 4.2.2: mantelhaen.test(Rabbits): $estimate, $conf.int, $statistic, $p.value;
	 * the help page prints X-squared = 3.9286, p-value = 0.04747. */
	const double rabbits[][4] = {
		{0, 6, 0, 5}, {3, 3, 0, 6}, {6, 0, 2, 4}, {5, 1, 6, 0}, {2, 0, 5, 0},
	};
	CHECK_INT(stats_mantel_haenszel(rabbits, 5, 0.95, &r), 0);
	check_mh(&r, 7, 1.02671268846167, 47.7251333802226, 3.92857142857143, 0.0474722551429181);
	CHECK_ROUNDED(r.statistic, 3.9286, 4);
	CHECK_ROUNDED(r.p_value, 0.04747, 5);

	/* R 4.2.2: mantelhaen.test(Rabbits, conf.level=0.90) */
	CHECK_INT(stats_mantel_haenszel(rabbits, 5, 0.90, &r), 0);
	check_mh(&r, 7, 1.39790497959354, 35.0524540045971, 3.92857142857143, 0.0474722551429181);

	/* 10a: strata of 0 and 1 rows are dropped (R would stop). */
	const double rabbits_padded[][4] = {
		{0, 6, 0, 5}, {0, 0, 0, 0}, {3, 3, 0, 6}, {6, 0, 2, 4}, {0, 0, 1, 0},
		{5, 1, 6, 0}, {2, 0, 5, 0},
	};
	CHECK_INT(stats_mantel_haenszel(rabbits_padded, 7, 0.95, &r), 0);
	check_mh(&r, 7, 1.02671268846167, 47.7251333802226, 3.92857142857143, 0.0474722551429181);

	/* Berkeley admissions by department, {a,b,c,d} = {Admitted Male, Rejected Male,
	 * Admitted Female, Rejected Female}. R 4.2.2: mantelhaen.test(UCBAdmissions) */
	const double ucb[][4] = {
		{512, 313, 89, 19}, {353, 207, 17, 8}, {120, 205, 202, 391},
		{138, 279, 131, 244}, {53, 138, 94, 299}, {22, 351, 24, 317},
	};
	CHECK_INT(stats_mantel_haenszel(ucb, 6, 0.95, &r), 0);
	check_mh(&r, 0.904696828258623, 0.77190736175935, 1.06032976443666, 1.42694622858669,
		 0.232263462817048);

	/* 10: |delta| < 1/2, no correction. R 4.2.2:
	 * mantelhaen.test(array(c(2,3,3,3, 5,5,5,5), dim=c(2,2,2))) */
	const double small_delta[][4] = {{2, 3, 3, 3}, {5, 5, 5, 5}};
	CHECK_INT(stats_mantel_haenszel(small_delta, 2, 0.95, &r), 0);
	check_mh(&r, 0.868131868131868, 0.211506445470767, 3.56326228635095, 0.0361140443505808,
		 0.849280172077692);

	/* No association at all. R 4.2.2: mantelhaen.test(array(rep(5,8), dim=c(2,2,2))) */
	const double balanced[][4] = {{5, 5, 5, 5}, {5, 5, 5, 5}};
	CHECK_INT(stats_mantel_haenszel(balanced, 2, 0.95, &r), 0);
	CHECK_NEAR(r.odds_ratio, 1, REL);
	CHECK_NEAR(r.ci_low, 0.289502871089946, REL);
	CHECK_NEAR(r.ci_high, 3.45419717681939, REL);
	CHECK(r.statistic == 0);
	CHECK_NEAR(r.p_value, 1, REL);

	/* 10b: sum(b c / n) == 0, the odds ratio is infinite: NAN, but the test is
	 * defined. R 4.2.2: mantelhaen.test(array(c(5,0,0,5, 4,0,0,3), dim=c(2,2,2)))
	 * gives estimate Inf, statistic 11.6495931067496, p 0.000642165796092893. */
	const double perfect[][4] = {{5, 0, 0, 5}, {4, 0, 0, 3}};
	CHECK_INT(stats_mantel_haenszel(perfect, 2, 0.95, &r), -1);
	CHECK(isnan(r.odds_ratio) && isnan(r.ci_low) && isnan(r.ci_high));
	CHECK_NEAR(r.statistic, 11.6495931067496, REL);
	CHECK_NEAR(r.p_value, 0.000642165796092893, REL);

	/* 10b: odds ratio 0, CI undefined. */
	const double zero_or[][4] = {{0, 5, 5, 0}, {0, 4, 3, 0}};
	CHECK_INT(stats_mantel_haenszel(zero_or, 2, 0.95, &r), -1);
	CHECK(r.odds_ratio == 0);
	CHECK(isnan(r.ci_low) && isnan(r.ci_high));
	CHECK(isfinite(r.statistic) && isfinite(r.p_value));

	/* 10b: every stratum has an empty margin: no test either. */
	const double no_var[][4] = {{5, 5, 0, 0}, {0, 3, 0, 4}};
	CHECK_INT(stats_mantel_haenszel(no_var, 2, 0.95, &r), -1);
	CHECK(isnan(r.statistic) && isnan(r.p_value));

	/* Nothing usable, or invalid. */
	const double tiny[][4] = {{1, 0, 0, 0}, {0, 0, 0, 0}};
	CHECK_INT(stats_mantel_haenszel(tiny, 2, 0.95, &r), -1);
	CHECK(isnan(r.odds_ratio) && isnan(r.statistic));
	const double negative[][4] = {{1, -2, 3, 4}};
	CHECK_INT(stats_mantel_haenszel(negative, 1, 0.95, &r), -1);
	CHECK_INT(stats_mantel_haenszel(rabbits, 0, 0.95, &r), -1);
	CHECK_INT(stats_mantel_haenszel(rabbits, 5, 1.5, &r), -1);
}

/* 11. Holm */
static void test_holm(void)
{
	double adj[4];

	/* R 4.2.2: p.adjust(c(.01,.04,.03,.005), "holm") */
	const double p1[] = {0.01, 0.04, 0.03, 0.005};
	stats_holm(p1, adj, 4);
	CHECK_NEAR(adj[0], 0.03, REL);
	CHECK_NEAR(adj[1], 0.06, REL);
	CHECK_NEAR(adj[2], 0.06, REL);
	CHECK_NEAR(adj[3], 0.02, REL);

	/* 11: NAN stays NAN and is not counted. R 4.2.2: p.adjust(c(.01,NA,.04,.03), "holm") */
	const double p2[] = {0.01, NAN, 0.04, 0.03};
	stats_holm(p2, adj, 4);
	CHECK_NEAR(adj[0], 0.03, REL);
	CHECK(isnan(adj[1]));
	CHECK_NEAR(adj[2], 0.06, REL);
	CHECK_NEAR(adj[3], 0.06, REL);

	/* Ties. R 4.2.2: p.adjust(c(.02,.02,.5), "holm") */
	const double p3[] = {0.02, 0.02, 0.5};
	stats_holm(p3, adj, 3);
	CHECK_NEAR(adj[0], 0.06, REL);
	CHECK_NEAR(adj[1], 0.06, REL);
	CHECK_NEAR(adj[2], 0.5, REL);

	/* Capped at 1, and the running maximum. R 4.2.2: p.adjust(c(.3,.6,.2), "holm") */
	double p4[] = {0.3, 0.6, 0.2};
	stats_holm(p4, p4, 3); /* in place */
	CHECK_NEAR(p4[0], 0.6, REL);
	CHECK_NEAR(p4[1], 0.6, REL);
	CHECK_NEAR(p4[2], 0.6, REL);

	/* R 4.2.2: p.adjust(.2, "holm") */
	const double p5[] = {0.2};
	stats_holm(p5, adj, 1);
	CHECK_NEAR(adj[0], 0.2, REL);

	const double all_nan[] = {NAN, NAN};
	stats_holm(all_nan, adj, 2);
	CHECK(isnan(adj[0]) && isnan(adj[1]));
	stats_holm(p1, adj, 0); /* nothing to do, nothing touched */
}

void test_stats(void)
{
	gsl_set_error_handler_off();
	test_wilson();
	test_newcombe_katz();
	test_chi2_independence();
	test_chi2_gof();
	test_cramers_v();
	test_fisher();
	test_divergences();
	test_cdd();
	test_mantel_haenszel();
	test_holm();
}
