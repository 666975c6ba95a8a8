/*
 * test_agreement.c — unit tests for metrics/agreement.c. Every reference
 * value cites its source: a published figure (the result must round to it
 * at the decimals printed) and, where the data allow, the exact fraction
 * worked out by hand and checked with Python's fractions module and with
 * R 4.2.2 (sprintf('%.15g', x)), compared at relative 1e-12. The edge cases
 * check the conventions numbered in agreement.h (dropped units, NAN when
 * undefined, weights as row counts, the bootstrap's determinism and -1).
 * Entry point: test_agreement().
 */
#include "agreement.h"
#include "harness.h"

#include <time.h>

void test_agreement(void);

#define REL 1e-12 /* against exact fractions */

#define NA (-1)

static const enum agreement_kind kinds[] = {AGREE_PERCENT, AGREE_COHEN, AGREE_FLEISS, AGREE_ALPHA};

/* The units of nraters x npatterns codes with their weights. */
static struct agreement_units units(size_t nraters, size_t ncats, size_t npatterns, const int *codes,
				    const double *weight)
{
	return (struct agreement_units){.nraters = nraters, .ncats = ncats, .npatterns = npatterns,
					.codes = codes, .weight = weight};
}

/* A 2-rater table x[ncats][ncats] (rows rater 0) as ncats^2 patterns weighted by the cells. */
static struct agreement_units cohen_units(size_t ncats, const double *x, int *codes, double *weight)
{
	for (size_t a = 0; a < ncats; a++)
		for (size_t b = 0; b < ncats; b++) {
			size_t p = a * ncats + b;
			codes[2 * p] = (int)a;
			codes[2 * p + 1] = (int)b;
			weight[p] = x[p];
		}
	return units(2, ncats, ncats * ncats, codes, weight);
}

/*
 * Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5
 * categories, counts n_ij per subject. Rater r gets the category of the r-th
 * rating when a subject's ratings are listed in category order, which
 * realises the counts; Fleiss' kappa depends only on the counts.
 */
static const int fleiss_counts[10][5] = {
	{0, 0, 0, 0, 14}, {0, 2, 6, 4, 2}, {0, 0, 3, 5, 6}, {0, 3, 9, 2, 0}, {2, 2, 8, 1, 1},
	{7, 7, 0, 0, 0},  {3, 2, 6, 3, 0}, {2, 5, 3, 2, 2}, {6, 5, 2, 1, 0}, {0, 2, 2, 3, 7},
};

static void fleiss_codes(int codes[10 * 14], int reversed)
{
	for (size_t i = 0; i < 10; i++) {
		size_t r = 0;
		for (int c = 0; c < 5; c++)
			for (int k = 0; k < fleiss_counts[i][c]; k++, r++)
				codes[i * 14 + (reversed ? 13 - r : r)] = c;
	}
}

/*
 * Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section
 * C (nominal data, any number of observers, missing values): observers A-D
 * by units 1-12, values 1-5 coded here as 0-4. Same matrix as the example of
 * R irr::kripp.alpha.
 */
static const int kripp_codes[12 * 4] = {
	0,  0,  NA, 0,  /* unit 1 */
	1,  1,  2,  1,  /* unit 2 */
	2,  2,  2,  2,  /* unit 3 */
	2,  2,  2,  2,  /* unit 4 */
	1,  1,  1,  1,  /* unit 5 */
	0,  1,  2,  3,  /* unit 6 */
	3,  3,  3,  3,  /* unit 7 */
	0,  0,  1,  0,  /* unit 8 */
	1,  1,  1,  1,  /* unit 9 */
	NA, 4,  4,  4,  /* unit 10 */
	NA, NA, 0,  0,  /* unit 11 */
	NA, 2,  NA, NA, /* unit 12 */
};
static const double ones12[12] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};

static const struct agreement_units kripp_units = {
	.nraters = 4, .ncats = 5, .npatterns = 12, .codes = kripp_codes, .weight = ones12};

/* 3. Fleiss' kappa, and 1. percent agreement as Fleiss' P_bar */
static void test_fleiss(void)
{
	int codes[10 * 14];
	double weight[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
	struct agreement_units u = units(14, 5, 10, codes, weight);

	fleiss_codes(codes, 0);
	double k = agreement_value(AGREE_FLEISS, &u);
	CHECK_ROUNDED(k, 0.210, 3); /* Wikipedia "Fleiss' kappa", worked example */
	/* By hand: P_bar = 172/455, P_e = 4170/19600 (Wikipedia: 0.378, 0.213),
	 * kappa = 4211/20059; Python fractions; R 4.2.2 gives 0.209930704421955. */
	CHECK_NEAR(k, 4211.0 / 20059, REL);
	CHECK_NEAR(agreement_units_used(AGREE_FLEISS, &u), 10, 0);

	/* 1: with every rater present, percent agreement is P_bar (Wikipedia: 0.378). */
	double pa = agreement_value(AGREE_PERCENT, &u);
	CHECK_ROUNDED(pa, 0.378, 3);
	CHECK_NEAR(pa, 172.0 / 455, REL); /* by hand, Python fractions */

	/* Who gave which rating does not matter to Fleiss' kappa (3). */
	fleiss_codes(codes, 1);
	CHECK_NEAR(agreement_value(AGREE_FLEISS, &u), 4211.0 / 20059, REL);

	/* 3: units with a missing code are dropped; a lone such unit leaves the value alone. */
	int codes3[3 * 3] = {0, 0, 1, 1, 1, 1, 0, NA, 1};
	double w3[3] = {1, 1, 5};
	struct agreement_units u3 = units(3, 2, 3, codes3, w3);
	/* By hand on the two complete units: P_bar = (1/3 + 1) / 2 = 2/3,
	 * p = (2/6, 4/6), P_e = 5/9, kappa = (2/3 - 5/9) / (4/9) = 1/4. */
	CHECK_NEAR(agreement_value(AGREE_FLEISS, &u3), 0.25, REL);
	CHECK_NEAR(agreement_units_used(AGREE_FLEISS, &u3), 2, 0);

	/* 3: P_e == 1 (one category) and no complete unit are undefined. */
	int same[2 * 3] = {1, 1, 1, 1, 1, 1};
	struct agreement_units us = units(3, 2, 2, same, w3);
	CHECK(isnan(agreement_value(AGREE_FLEISS, &us)));
	int gappy[2 * 3] = {0, NA, 1, NA, 1, 1};
	struct agreement_units ug = units(3, 2, 2, gappy, w3);
	CHECK(isnan(agreement_value(AGREE_FLEISS, &ug)));
	CHECK_NEAR(agreement_units_used(AGREE_FLEISS, &ug), 0, 0);
}

/* 4. Krippendorff's alpha */
static void test_alpha(void)
{
	double a = agreement_value(AGREE_ALPHA, &kripp_units);
	CHECK_ROUNDED(a, 0.743, 3); /* Krippendorff 2011, section C: alpha_nominal = 0.743 */
	/* Coincidences by hand: n = 40, n_c = (9, 13, 10, 5, 3), sum o_cc = 32,
	 * alpha = (39 * 32 - 344) / (1560 - 344) = 113/152; Python fractions;
	 * R 4.2.2 from the coincidence-matrix definition gives 0.743421052631579. */
	CHECK_NEAR(a, 113.0 / 152, REL);
	/* 4, 5: unit 12 has a single value and is not pairable. */
	CHECK_NEAR(agreement_units_used(AGREE_ALPHA, &kripp_units), 11, 0);

	/* Other kinds on the same data, by hand (Python fractions): percent over the
	 * 11 pairable units = 9/11; Fleiss over the 8 complete units 2-9 = 229/357. */
	CHECK_NEAR(agreement_value(AGREE_PERCENT, &kripp_units), 9.0 / 11, REL);
	CHECK_NEAR(agreement_units_used(AGREE_PERCENT, &kripp_units), 11, 0);
	CHECK_NEAR(agreement_value(AGREE_FLEISS, &kripp_units), 229.0 / 357, REL);
	CHECK_NEAR(agreement_units_used(AGREE_FLEISS, &kripp_units), 8, 0);
	/* 2, 5: Cohen's kappa needs exactly two raters. */
	CHECK(isnan(agreement_value(AGREE_COHEN, &kripp_units)));
	CHECK_NEAR(agreement_units_used(AGREE_COHEN, &kripp_units), 0, 0);

	/* 4: by hand, units (0,1) and (0,0): n = 4, n_c = (3, 1), sum o_cc = 2,
	 * alpha = (3 * 2 - 6) / (12 - 6) = 0. */
	int c2[2 * 2] = {0, 1, 0, 0};
	double w2[2] = {1, 1};
	struct agreement_units u2 = units(2, 2, 2, c2, w2);
	CHECK_NEAR(agreement_value(AGREE_ALPHA, &u2), 0, REL);

	/* 4: one category among the pairable values, or no pairable unit: NAN. */
	int one[3 * 3] = {2, 2, NA, 2, 2, 2, 0, NA, NA};
	double w3[3] = {4, 1, 7};
	struct agreement_units uo = units(3, 3, 3, one, w3);
	CHECK(isnan(agreement_value(AGREE_ALPHA, &uo)));
	CHECK_NEAR(agreement_units_used(AGREE_ALPHA, &uo), 5, 0);
	int lone[2 * 3] = {0, NA, NA, NA, 1, NA};
	struct agreement_units ul = units(3, 2, 2, lone, w3);
	CHECK(isnan(agreement_value(AGREE_ALPHA, &ul)));
	CHECK(isnan(agreement_value(AGREE_PERCENT, &ul))); /* 1: nothing pairable either */
	CHECK_NEAR(agreement_units_used(AGREE_ALPHA, &ul), 0, 0);
}

/* 2. Cohen's kappa */
static void test_cohen(void)
{
	int codes[2 * 9];
	double weight[9];
	struct agreement_units u;

	/* Wikipedia "Cohen's kappa", 50 grant proposals: yes/yes 20, A yes B no 5,
	 * A no B yes 10, no/no 15: po = 0.7, pe = 0.5, kappa = 0.4. */
	u = cohen_units(2, (const double[]){20, 5, 10, 15}, codes, weight);
	CHECK_NEAR(agreement_value(AGREE_COHEN, &u), 0.4, REL);
	CHECK_NEAR(agreement_units_used(AGREE_COHEN, &u), 50, 0);
	CHECK_NEAR(agreement_value(AGREE_PERCENT, &u), 0.7, REL); /* 1: po, same source */

	/* Gerstman, "Epidemiology Kept Simple", Illustrative Example 10.1 (X-ray
	 * readings, N = 19790): a = 1467, d = 16232, rater A + 2249, rater B + 2776,
	 * so b = 782, c = 1309; published po = 0.8943, pe = 0.7780, kappa = 0.524.
	 * Exact 22788706/43479151 (Python fractions); R 4.2.2: 0.524129507496593. */
	u = cohen_units(2, (const double[]){1467, 782, 1309, 16232}, codes, weight);
	double k = agreement_value(AGREE_COHEN, &u);
	CHECK_ROUNDED(k, 0.524, 3);
	CHECK_NEAR(k, 22788706.0 / 43479151, REL);

	/* The kappa paradox, Feinstein and Cicchetti (1990), as Gerstman Table 10.6
	 * prints it: both tables po = 0.85; A: [[40, 9], [6, 45]] kappa 0.70;
	 * B: [[80, 10], [5, 5]] kappa 0.32. Exact 291/416 and 7/22 (Python fractions). */
	u = cohen_units(2, (const double[]){40, 9, 6, 45}, codes, weight);
	k = agreement_value(AGREE_COHEN, &u);
	CHECK_ROUNDED(k, 0.70, 2);
	CHECK_NEAR(k, 291.0 / 416, REL);
	u = cohen_units(2, (const double[]){80, 10, 5, 5}, codes, weight);
	k = agreement_value(AGREE_COHEN, &u);
	CHECK_ROUNDED(k, 0.32, 2);
	CHECK_NEAR(k, 7.0 / 22, REL);

	/* Perfect agreement over three categories: kappa = 1 (po = 1, pe < 1). */
	u = cohen_units(3, (const double[]){5, 0, 0, 0, 7, 0, 0, 0, 2}, codes, weight);
	CHECK_NEAR(agreement_value(AGREE_COHEN, &u), 1, REL);

	/* 2: pe == 1, both raters always use the same single category: NAN. */
	u = cohen_units(3, (const double[]){0, 0, 0, 0, 9, 0, 0, 0, 0}, codes, weight);
	CHECK(isnan(agreement_value(AGREE_COHEN, &u)));
	CHECK_NEAR(agreement_units_used(AGREE_COHEN, &u), 9, 0);
	/* ...but one rater constant and the other not is defined: pe = po, kappa = 0. */
	u = cohen_units(2, (const double[]){0, 0, 3, 6}, codes, weight);
	CHECK_NEAR(agreement_value(AGREE_COHEN, &u), 0, REL);

	/* 2, 5: units with a missing code are dropped. The Wikipedia table again,
	 * plus 11 rows where one reader abstained: still 0.4 on 50 rows. */
	int cm[2 * 6] = {0, 0, 0, 1, 1, 0, 1, 1, NA, 0, 1, NA};
	double wm[6] = {20, 5, 10, 15, 4, 7};
	struct agreement_units um = units(2, 2, 6, cm, wm);
	CHECK_NEAR(agreement_value(AGREE_COHEN, &um), 0.4, REL);
	CHECK_NEAR(agreement_units_used(AGREE_COHEN, &um), 50, 0);
	CHECK_NEAR(agreement_units_used(AGREE_PERCENT, &um), 50, 0);
	CHECK_NEAR(agreement_units_used(AGREE_ALPHA, &um), 50, 0);
	CHECK_NEAR(agreement_units_used(AGREE_FLEISS, &um), 50, 0);

	/* 2: no unit with both codes. */
	double wz[6] = {0, 0, 0, 0, 4, 7};
	um.weight = wz;
	CHECK(isnan(agreement_value(AGREE_COHEN, &um)));
	CHECK_NEAR(agreement_units_used(AGREE_COHEN, &um), 0, 0);
}

/* 1. Percent agreement, by hand */
static void test_percent(void)
{
	/* Three raters, one disagreeing: pairs AB agree, AC and BC do not: 1/3. */
	int c1[3] = {0, 0, 1};
	double w1[1] = {1};
	struct agreement_units u = units(3, 2, 1, c1, w1);
	CHECK_NEAR(agreement_value(AGREE_PERCENT, &u), 1.0 / 3, REL);

	/* Four raters with one missing: (0, 0, -, 1) has 3 present pairs, 1 agreeing;
	 * with 3 rows of full agreement: (1 * 1/3 + 3 * 1) / 4 = 5/6. A unit with a
	 * single present code (weight 9) is not pairable and does not count (1). */
	int c2[3 * 4] = {0, 0, NA, 1, 2, 2, 2, 2, NA, 1, NA, NA};
	double w2[3] = {1, 3, 9};
	u = units(4, 3, 3, c2, w2);
	CHECK_NEAR(agreement_value(AGREE_PERCENT, &u), 5.0 / 6, REL);
	CHECK_NEAR(agreement_units_used(AGREE_PERCENT, &u), 4, 0);

	/* Three raters, all different: 0. */
	int c3[3] = {0, 1, 2};
	u = units(3, 3, 1, c3, w1);
	CHECK_NEAR(agreement_value(AGREE_PERCENT, &u), 0, REL);

	/* No patterns at all: undefined, and nothing used. */
	u = units(3, 3, 0, NULL, NULL);
	CHECK(isnan(agreement_value(AGREE_PERCENT, &u)));
	CHECK_NEAR(agreement_units_used(AGREE_PERCENT, &u), 0, 0);
}

/* 0b. A pattern of weight w is w units: weight 3 equals three copies of weight 1. */
static void test_weights(void)
{
	/* Two-rater data for Cohen (with a missing code), Krippendorff's for the rest. */
	int c2[2 * 5] = {0, 0, 0, 1, 1, 1, 2, 1, NA, 2};
	double w2[5] = {4, 3, 2, 1, 2};
	int c2x[2 * 7] = {0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 2, 1, NA, 2};
	double w2x[7] = {4, 1, 1, 1, 2, 1, 2};
	double w4[12] = {1, 1, 1, 1, 1, 3, 1, 3, 1, 1, 3, 1};
	int c4x[18 * 4];
	double w4x[18];
	size_t np = 0;
	for (size_t p = 0; p < 12; p++)
		for (int copy = 0; copy < (int)w4[p]; copy++, np++) {
			memcpy(c4x + np * 4, kripp_codes + p * 4, 4 * sizeof(int));
			w4x[np] = 1;
		}

	struct agreement_units two = units(2, 3, 5, c2, w2);
	struct agreement_units twox = units(2, 3, 7, c2x, w2x);
	struct agreement_units four = units(4, 5, 12, kripp_codes, w4);
	struct agreement_units fourx = units(4, 5, np, c4x, w4x);
	CHECK_INT(np, 18);

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		const struct agreement_units *a = kinds[i] == AGREE_COHEN ? &two : &four;
		const struct agreement_units *b = kinds[i] == AGREE_COHEN ? &twox : &fourx;
		double va = agreement_value(kinds[i], a), vb = agreement_value(kinds[i], b);
		HARNESS_REPORT(isfinite(va) && fabs(va - vb) <= 1e-14,
			       "kind %d: weighted %.17g, copies %.17g", (int)kinds[i], va, vb);
		CHECK(agreement_units_used(kinds[i], a) == agreement_units_used(kinds[i], b));
		/* Bootstrapped, the two layouts draw different multinomials (6a), so the
		 * intervals need not match to the bit, but both are defined. */
		double lo, hi;
		CHECK_INT(agreement_bootstrap_ci(kinds[i], a, 200, 7, 0.95, &lo, &hi), 0);
		CHECK_INT(agreement_bootstrap_ci(kinds[i], b, 200, 7, 0.95, &lo, &hi), 0);
	}

	/* 0b: a pattern of weight 0 adds nothing, even with a category of its own. */
	int cz[13 * 4];
	double wz[13];
	memcpy(cz, kripp_codes, sizeof kripp_codes);
	memcpy(wz, ones12, sizeof ones12);
	cz[48] = cz[49] = cz[50] = 4;
	cz[51] = 3;
	wz[12] = 0;
	struct agreement_units uz = units(4, 5, 13, cz, wz);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (kinds[i] == AGREE_COHEN)
			continue;
		CHECK(agreement_value(kinds[i], &uz) == agreement_value(kinds[i], &kripp_units));
		CHECK(agreement_units_used(kinds[i], &uz) ==
		      agreement_units_used(kinds[i], &kripp_units));
	}
}

/* 0a. Invalid input */
static void test_invalid(void)
{
	int codes[2 * 2] = {0, 1, 1, 1};
	double weight[2] = {3, 4};
	struct agreement_units u = units(2, 2, 2, codes, weight);
	double lo = 0, hi = 0;

	CHECK(isfinite(agreement_value(AGREE_ALPHA, &u)));

	codes[1] = 2; /* code >= ncats */
	CHECK(isnan(agreement_value(AGREE_ALPHA, &u)));
	CHECK(isnan(agreement_units_used(AGREE_ALPHA, &u)));
	CHECK_INT(agreement_bootstrap_ci(AGREE_ALPHA, &u, 100, 1, 0.95, &lo, &hi), -1);
	CHECK(isnan(lo) && isnan(hi));
	codes[1] = -2; /* only -1 means missing */
	CHECK(isnan(agreement_value(AGREE_PERCENT, &u)));
	codes[1] = 1;

	static const double bad[] = {-1, 0.5, NAN, INFINITY};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		weight[1] = bad[i];
		CHECK(isnan(agreement_value(AGREE_COHEN, &u)));
		CHECK(isnan(agreement_units_used(AGREE_COHEN, &u)));
	}
	weight[1] = 4;

	u.nraters = 1;
	CHECK(isnan(agreement_value(AGREE_PERCENT, &u)));
	u.nraters = 2;
	u.ncats = 0;
	CHECK(isnan(agreement_value(AGREE_PERCENT, &u)));
	u.ncats = 2;
	CHECK(isnan(agreement_value((enum agreement_kind)42, &u)));
	CHECK(isnan(agreement_value(AGREE_PERCENT, NULL)));
}

/* A realistic table for three raters and one for two, with some missing codes. */
static const int real3_codes[] = {
	0, 0, 0,  1, 1, 1,  2, 2, 2,  0, 0, 1,  0, 1, 1,  1, 1, 2,  1, 2, 2,
	0, 2, 2,  0, 1, 2,  0, 0, NA, 1, NA, 1, 2, NA, NA, NA, 1, 0,
};
static const double real3_weight[] = {40, 30, 20, 8, 6, 5, 4, 2, 3, 5, 4, 3, 2};
static const int real2_codes[] = {0, 0, 1, 1, 2, 2, 0, 1, 1, 0, 1, 2, 2, 1, 0, NA, NA, 2};
static const double real2_weight[] = {40, 35, 15, 5, 4, 3, 2, 3, 2};

/* 6. The percentile bootstrap */
static void test_bootstrap(void)
{
	double w3x100[13], w2x100[9];
	for (size_t p = 0; p < 13; p++)
		w3x100[p] = 100 * real3_weight[p];
	for (size_t p = 0; p < 9; p++)
		w2x100[p] = 100 * real2_weight[p];
	struct agreement_units r3 = units(3, 3, 13, real3_codes, real3_weight);
	struct agreement_units r2 = units(2, 3, 9, real2_codes, real2_weight);
	struct agreement_units r3x = r3, r2x = r2;
	r3x.weight = w3x100;
	r2x.weight = w2x100;

	/* The tables' values, by unit-by-unit enumeration in Python fractions (an
	 * independent implementation): percent 322/387, Fleiss 30146/40589, alpha
	 * 67301/90926 (r3); Cohen 2655/3383 (r2; R 4.2.2: 0.784806384865504). */
	CHECK_NEAR(agreement_value(AGREE_PERCENT, &r3), 322.0 / 387, REL);
	CHECK_NEAR(agreement_value(AGREE_FLEISS, &r3), 30146.0 / 40589, REL);
	CHECK_NEAR(agreement_value(AGREE_ALPHA, &r3), 67301.0 / 90926, REL);
	CHECK_NEAR(agreement_value(AGREE_COHEN, &r2), 2655.0 / 3383, REL);

	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		enum agreement_kind kind = kinds[i];
		const struct agreement_units *u = kind == AGREE_COHEN ? &r2 : &r3;
		const struct agreement_units *ux = kind == AGREE_COHEN ? &r2x : &r3x;
		double v = agreement_value(kind, u), lo, hi, lo2, hi2, lo3, hi3, lox, hix;

		CHECK(isfinite(v));
		CHECK_INT(agreement_bootstrap_ci(kind, u, 1000, 20240601, 0.95, &lo, &hi), 0);
		HARNESS_REPORT(lo <= v && v <= hi, "kind %d: %.6f not in [%.6f, %.6f]", (int)kind, v,
			       lo, hi);
		/* 6e: the same seed gives the same interval, bit for bit; another seed another. */
		CHECK_INT(agreement_bootstrap_ci(kind, u, 1000, 20240601, 0.95, &lo2, &hi2), 0);
		CHECK(lo == lo2 && hi == hi2);
		CHECK_INT(agreement_bootstrap_ci(kind, u, 1000, 7, 0.95, &lo3, &hi3), 0);
		CHECK(lo != lo3 || hi != hi3);
		/* A narrower level gives a narrower interval from the same replicates. */
		CHECK_INT(agreement_bootstrap_ci(kind, u, 1000, 20240601, 0.50, &lo3, &hi3), 0);
		CHECK(lo <= lo3 && hi3 <= hi);
		/* 100 times the rows: an interval about 10 times narrower around the same
		 * value (alpha's n - 1 small-sample terms (4) move it a little). */
		double vx = agreement_value(kind, ux);
		if (kind == AGREE_ALPHA)
			CHECK(fabs(vx - v) < 1e-2);
		else
			CHECK_NEAR(vx, v, REL);
		CHECK_INT(agreement_bootstrap_ci(kind, ux, 1000, 20240601, 0.95, &lox, &hix), 0);
		HARNESS_REPORT(lox <= vx && vx <= hix && hix - lox < (hi - lo) / 5,
			       "kind %d: x100 width %.6f vs %.6f", (int)kind, hix - lox, hi - lo);
	}

	/* 6d: undefined on the data, no replicates, a level outside (0, 1). */
	double lo = 0, hi = 0;
	int one[2 * 2] = {1, 1, 1, NA};
	double w[2] = {10, 3};
	struct agreement_units uo = units(2, 2, 2, one, w);
	CHECK_INT(agreement_bootstrap_ci(AGREE_ALPHA, &uo, 1000, 1, 0.95, &lo, &hi), -1);
	CHECK(isnan(lo) && isnan(hi));
	CHECK_INT(agreement_bootstrap_ci(AGREE_COHEN, &r3, 1000, 1, 0.95, &lo, &hi), -1);
	CHECK(isnan(lo) && isnan(hi));
	CHECK_INT(agreement_bootstrap_ci(AGREE_ALPHA, &r3, 0, 1, 0.95, &lo, &hi), -1);
	CHECK_INT(agreement_bootstrap_ci(AGREE_ALPHA, &r3, 100, 1, 1.0, &lo, &hi), -1);
	CHECK_INT(agreement_bootstrap_ci(AGREE_ALPHA, &r3, 100, 1, 0.0, &lo, &hi), -1);
	CHECK(isnan(lo) && isnan(hi));

	/* 6b: alpha = 1 on the data (two pairable rows (0,0) and (1,1) among 1002),
	 * but a replicate is defined only when it draws both of them, with
	 * probability about (1 - 1/e)^2 = 0.40 < 1/2: -1. Percent agreement needs
	 * only one of them (about 1 - 1/e^2 = 0.86) and is defined. */
	int sparse[3 * 2] = {0, 0, 1, 1, 0, NA};
	double ws[3] = {1, 1, 1000};
	struct agreement_units us = units(2, 2, 3, sparse, ws);
	CHECK_NEAR(agreement_value(AGREE_ALPHA, &us), 1, REL);
	CHECK_INT(agreement_bootstrap_ci(AGREE_ALPHA, &us, 1000, 1, 0.95, &lo, &hi), -1);
	CHECK(isnan(lo) && isnan(hi));
	CHECK_INT(agreement_bootstrap_ci(AGREE_PERCENT, &us, 1000, 1, 0.95, &lo, &hi), 0);
	CHECK(lo == 1 && hi == 1);

	/* 6a: more rows than an unsigned int holds are drawn in pieces. */
	double wbig[13];
	for (size_t p = 0; p < 13; p++)
		wbig[p] = 5e7 * real3_weight[p]; /* 6.6e9 rows */
	struct agreement_units ubig = r3;
	ubig.weight = wbig;
	double v = agreement_value(AGREE_ALPHA, &ubig);
	CHECK_INT(agreement_bootstrap_ci(AGREE_ALPHA, &ubig, 50, 3, 0.95, &lo, &hi), 0);
	HARNESS_REPORT(lo <= v && v <= hi && hi - lo < 1e-3, "6.6e9 rows: %.9f in [%.9f, %.9f]", v,
		       lo, hi);
}

/* 1000 replicates over 243 patterns of 5 raters and millions of rows. */
static void test_bootstrap_speed(void)
{
	enum { NR = 5, NP = 243 };
	int codes[NP * NR];
	double weight[NP];
	for (int p = 0; p < NP; p++) {
		int agree = 0;
		for (int r = 0, x = p; r < NR; r++, x /= 3) {
			codes[p * NR + r] = x % 3;
			agree += x % 3 == p % 3;
		}
		weight[p] = 1000.0 * (1 + p % 7) * (1 + 50 * agree);
	}
	codes[7] = NA;
	struct agreement_units u = units(NR, 3, NP, codes, weight);
	double lo, hi;

	/* How long it takes is make bench's to say; here, each interval holds its estimate. */
	CHECK_INT(agreement_bootstrap_ci(AGREE_ALPHA, &u, 1000, 11, 0.95, &lo, &hi), 0);
	double v = agreement_value(AGREE_ALPHA, &u);
	HARNESS_REPORT(lo <= v && v <= hi, "alpha %.9f outside [%.9f, %.9f]", v, lo, hi);
	CHECK_INT(agreement_bootstrap_ci(AGREE_FLEISS, &u, 1000, 11, 0.95, &lo, &hi), 0);
	v = agreement_value(AGREE_FLEISS, &u);
	HARNESS_REPORT(lo <= v && v <= hi, "kappa %.9f outside [%.9f, %.9f]", v, lo, hi);
}

void test_agreement(void)
{
	test_fleiss();
	test_alpha();
	test_cohen();
	test_percent();
	test_weights();
	test_invalid();
	test_bootstrap();
	test_bootstrap_speed();
}
