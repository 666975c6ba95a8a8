/*
 * test_ordered.c — unit tests for metrics/ordered.c, the one-pass order
 * statistics of a column past LEVELS_MAX: a small case with ties checked
 * by hand and in R 4.2.2, the edge cases of ordered.h rules 4 and 5, the
 * bit-for-bit equivalence with distribution.c on random small histograms
 * (rule 1), and a column of 1,000,000 distinct reals against numpy 1.24.2
 * and scipy 1.10.1. Entry point: test_ordered().
 */
#include "harness.h"

#include <stdint.h>

#include "distribution.h"
#include "ordered.h"

void test_ordered(void);

#define LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Both NAN, or the same double. */
static int same_double(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

/*
 * Units a (0) and b (1), samples a = {1, 2, 2, 3}, b = {2, 3, 3, 4}. Tables:
 * 0 "ab" puts them in groups 0 and 1; 1 "all" puts both in its one group
 * (the rest is empty); 2 "gap" puts a in group 0 and b in group 2, leaving
 * group 1 empty. By hand: the ECDFs after 1, 2, 3, 4 are a .25 .75 1 1,
 * b 0 .25 .75 1, so D = .5 (after 2). Comparing in the middle of the tie at
 * 2 (a's two 2s in, b's not yet) would give .75. R 4.2.2:
 *   a <- c(1,2,2,3); b <- c(2,3,3,4); ks.test(a, b, exact = FALSE)$statistic   # 0.5
 *   median(a); median(b)                                   # 2, 3
 *   quantile(c(a, b), c(.25, .5, .75), type = 7)           # 2, 2.5, 3
 */
static struct ordered *hand_pass(void)
{
	static const double unit_n[] = {4, 4};
	static const size_t ab[] = {0, 1}, all[] = {0, 0}, gap[] = {0, 2};
	static const size_t *const group_of[] = {ab, all, gap};
	static const size_t ngroups[] = {2, 1, 3};
	struct ordered_spec spec = {2, unit_n, 3, ngroups, group_of};
	return ordered_new(&spec);
}

static void test_hand(void)
{
	struct ordered *o = hand_pass();
	CHECK(o != NULL);
	if (!o)
		return;
	/* At 2, unit a is given twice (1 + 1): a unit may repeat within a value. */
	static const uint32_t u1[] = {0}, u2[] = {0, 1, 0}, u3[] = {1, 0}, u4[] = {1};
	static const double c1[] = {1}, c2[] = {1, 1, 1}, c3[] = {2, 1}, c4[] = {1};
	ordered_value(o, 1, u1, c1, 1);
	ordered_value(o, 2, u2, c2, 3);
	ordered_value(o, 3, u3, c3, 2);
	ordered_value(o, 4, u4, c4, 1);
	struct group_order ab[2], all[1], gap[3];
	struct group_order *const out[] = {ab, all, gap};
	double q1, med, q3;
	ordered_finish(o, out, &q1, &med, &q3);
	ordered_free(o);
	CHECK_NEAR(ab[0].n, 4, 0);
	CHECK_NEAR(ab[0].median, 2, 0);
	CHECK_NEAR(ab[0].ks_d, 0.5, 0);
	CHECK_NEAR(ab[1].n, 4, 0);
	CHECK_NEAR(ab[1].median, 3, 0);
	CHECK_NEAR(ab[1].ks_d, 0.5, 0);
	CHECK_NEAR(q1, 2, 0);
	CHECK_NEAR(med, 2.5, 0);
	CHECK_NEAR(q3, 3, 0);
	/* rule 4: a group that is its whole table keeps its median, has no D */
	CHECK_NEAR(all[0].n, 8, 0);
	CHECK_NEAR(all[0].median, 2.5, 0);
	CHECK(isnan(all[0].ks_d));
	/* rule 4: an empty group has neither; its neighbours are a and b again */
	CHECK_NEAR(gap[1].n, 0, 0);
	CHECK(isnan(gap[1].median) && isnan(gap[1].ks_d));
	CHECK_NEAR(gap[0].ks_d, 0.5, 0);
	CHECK_NEAR(gap[2].median, 3, 0);
}

/* Rule 5 and rule 4's empty column: invalid input gives NAN results, a bad spec no pass at all. */
static void test_invalid(void)
{
	static const uint32_t ua[] = {0}, ub[] = {1}, uz[] = {2};
	static const double one[] = {1}, two[] = {2}, neg[] = {-1};
	struct group_order ab[2], all[1], gap[3];
	struct group_order *const out[] = {ab, all, gap};
	double q1, med, q3;

	/* A value not above the previous one. */
	struct ordered *o = hand_pass();
	ordered_value(o, 1, ua, one, 1);
	ordered_value(o, 1, ub, one, 1);
	ordered_finish(o, out, &q1, &med, &q3);
	CHECK(isnan(q1) && isnan(med) && isnan(q3) && isnan(ab[0].median) && isnan(ab[0].ks_d));
	CHECK_NEAR(ab[0].n, 4, 0); /* n is the tallies' */
	ordered_free(o);

	/* A NAN value, a negative count, a unit out of range. */
	const double bad_x[] = {NAN, 1, 1};
	const double *bad_c[] = {one, neg, one};
	const uint32_t *bad_u[] = {ua, ua, uz};
	for (size_t i = 0; i < 3; i++) {
		o = hand_pass();
		ordered_value(o, bad_x[i], bad_u[i], bad_c[i], 1);
		ordered_finish(o, out, &q1, NULL, NULL);
		CHECK(isnan(q1) && isnan(ab[1].median));
		ordered_free(o);
	}

	/* Fewer (or more) values than unit_n said: the pass and the tallies disagree. */
	o = hand_pass();
	ordered_value(o, 1, ua, two, 1);
	ordered_value(o, 2, ub, two, 1);
	ordered_finish(o, out, NULL, &med, NULL);
	CHECK(isnan(med) && isnan(ab[0].median) && isnan(ab[0].ks_d) && isnan(all[0].median));
	ordered_free(o);

	/* A group index out of range in the spec, a negative unit_n: no pass. */
	static const double unit_n[] = {4, 4}, unit_neg[] = {4, -1};
	static const size_t bad[] = {0, 2}, ok[] = {0, 1};
	static const size_t *const bad_of[] = {bad}, *const ok_of[] = {ok};
	static const size_t two_groups[] = {2};
	struct ordered_spec spec = {2, unit_n, 1, two_groups, bad_of};
	CHECK(ordered_new(&spec) == NULL);
	spec = (struct ordered_spec){2, unit_neg, 1, two_groups, ok_of};
	CHECK(ordered_new(&spec) == NULL);
	ordered_free(NULL);

	/* No values at all: NAN quartiles, empty groups (rule 4). */
	static const double none[] = {0, 0};
	spec = (struct ordered_spec){2, none, 1, two_groups, ok_of};
	o = ordered_new(&spec);
	ordered_finish(o, out, &q1, &med, &q3);
	CHECK(isnan(q1) && isnan(med) && isnan(q3));
	CHECK(ab[0].n == 0 && isnan(ab[0].median) && isnan(ab[0].ks_d));
	ordered_free(o);
}

/* A small deterministic generator (splitmix64), so the random cases are the same on every run. */
static uint64_t rand_state;

static uint64_t rand_next(void)
{
	uint64_t z = (rand_state += 0x9E3779B97F4A7C15u);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

static size_t rand_below(size_t n)
{
	return (size_t)(rand_next() % n);
}

#define EQ_UNITS 6
#define EQ_TABLES 3
#define EQ_GROUPS 4
#define EQ_VALUES 40
#define EQ_M 5

/*
 * Rule 1: on random small columns (ties everywhere, repeated units, zero
 * counts, empty groups, one-group tables), every figure equals bit for bit
 * what distribution.c gives on the full histograms.
 */
static void test_equivalence(void)
{
	rand_state = 12;
	int mismatches = 0, trials = 400, compared = 0;
	for (int trial = 0; trial < trials; trial++) {
		size_t nu = 1 + rand_below(EQ_UNITS), nt = 1 + rand_below(EQ_TABLES), nv = 1 + rand_below(EQ_VALUES);
		size_t ngroups[EQ_TABLES], of[EQ_TABLES][EQ_UNITS];
		const size_t *group_of[EQ_TABLES];
		for (size_t t = 0; t < nt; t++) {
			ngroups[t] = 1 + rand_below(EQ_GROUPS);
			for (size_t u = 0; u < nu; u++)
				of[t][u] = rand_below(ngroups[t]);
			group_of[t] = of[t];
		}
		/* The column: values with m entries of (unit, count), and its unit totals. */
		double value[EQ_VALUES], count[EQ_VALUES][EQ_M], unit_n[EQ_UNITS] = {0};
		uint32_t unit[EQ_VALUES][EQ_M];
		size_t m[EQ_VALUES];
		double x = -20 + (double)rand_below(10);
		for (size_t v = 0; v < nv; v++) {
			x += (double)(1 + rand_below(8)) / 4;
			value[v] = x;
			m[v] = rand_below(EQ_M + 1);
			for (size_t k = 0; k < m[v]; k++) {
				unit[v][k] = (uint32_t)rand_below(nu);
				count[v][k] = (double)rand_below(4);
				unit_n[unit[v][k]] += count[v][k];
			}
		}
		struct ordered_spec spec = {nu, unit_n, nt, ngroups, group_of};
		struct ordered *o = ordered_new(&spec);
		for (size_t v = 0; v < nv; v++)
			ordered_value(o, value[v], unit[v], count[v], m[v]);
		struct group_order res[EQ_TABLES][EQ_GROUPS];
		struct group_order *const out[EQ_TABLES] = {res[0], res[1], res[2]};
		double q[3];
		ordered_finish(o, out, &q[0], &q[1], &q[2]);
		ordered_free(o);

		/* The same column as histograms on one value array. */
		double all[EQ_VALUES] = {0};
		for (size_t v = 0; v < nv; v++)
			for (size_t k = 0; k < m[v]; k++)
				all[v] += count[v][k];
		struct histogram h = {value, all, nv};
		static const double p[3] = {0.25, 0.5, 0.75};
		for (int i = 0; i < 3; i++)
			mismatches += !same_double(q[i], hist_quantile(&h, p[i]));
		for (size_t t = 0; t < nt; t++)
			for (size_t g = 0; g < ngroups[t]; g++) {
				double in[EQ_VALUES] = {0}, rest[EQ_VALUES];
				for (size_t v = 0; v < nv; v++)
					for (size_t k = 0; k < m[v]; k++)
						if (of[t][unit[v][k]] == g)
							in[v] += count[v][k];
				for (size_t v = 0; v < nv; v++)
					rest[v] = all[v] - in[v];
				struct histogram hg = {value, in, nv}, hr = {value, rest, nv};
				double d, pv;
				ks_two_sample(&hg, &hr, &d, &pv);
				mismatches += !same_double(res[t][g].n, hist_total(&hg));
				mismatches += !same_double(res[t][g].median, hist_median(&hg));
				mismatches += !same_double(res[t][g].ks_d, d);
				compared++;
			}
	}
	HARNESS_REPORT(mismatches == 0, "%d mismatches with distribution.c in %d groups of %d columns", mismatches,
		       compared, trials);
}

/*
 * The check: D equal to scipy's ks_2samp and quantiles equal to
 * numpy's default percentiles on a column of 1,000,000 distinct reals. Row
 * i (0-based) is in grp by i % 7 (0-2: 0, 3-4: 1, 5-6: 2), has a class cls
 * and a site; its value is (8 w + code) / 64, exact in a double, with w
 * shifted and stretched by grp (so the groups differ) and code = 1, 3, 5 by
 * grp (so no value repeats). Sites differ only slightly: some rows of site
 * 0 below 500,000 are moved to 1, and some of site 2 above it to 3.
 */
static void million_row(int64_t i, int *grp, int *cls, int *site, int64_t *key)
{
	int r = (int)(i % 7);
	*grp = r < 3 ? 0 : r < 5 ? 1 : 2;
	*cls = i % 2 == 0 || (i > 600000 && i % 3 == 0);
	*site = (int)(i / 3 % 5);
	if (*site == 0 && i < 500000 && i % 97 == 0)
		*site = 1;
	else if (*site == 2 && i >= 500000 && i % 251 == 0)
		*site = 3;
	int64_t w = *grp == 0 ? i : *grp == 1 ? i + 200000 : 2 * i - 300000;
	*key = 8 * w + 1 + 2 * *grp;
}

static int key_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

#define MILLION 1000000
#define KEY_OFFSET ((int64_t)1 << 23)   /* above -8 w for the smallest w, -300000 */

static void test_million(void)
{
	/* The unit is (grp, cls, site); the tables are grp, cls and site. Each key,
	 * made positive, carries its unit in its low 5 bits, so one sort orders both. */
	size_t of[3][30], ngroups[3] = {3, 2, 5};
	double unit_n[30] = {0};
	for (size_t u = 0; u < 30; u++) {
		of[0][u] = u / 10;
		of[1][u] = u / 5 % 2;
		of[2][u] = u % 5;
	}
	int64_t *keys = malloc(MILLION * sizeof *keys);
	if (!keys)
		return;
	for (int64_t i = 0; i < MILLION; i++) {
		int grp, cls, site;
		int64_t key;
		million_row(i, &grp, &cls, &site, &key);
		int u = (grp * 2 + cls) * 5 + site;
		keys[i] = (key + KEY_OFFSET) * 32 + u;
		unit_n[u]++;
	}
	qsort(keys, MILLION, sizeof *keys, key_cmp);
	const size_t *group_of[3] = {of[0], of[1], of[2]};
	struct ordered_spec spec = {30, unit_n, 3, ngroups, group_of};
	struct ordered *o = ordered_new(&spec);
	static const double one[] = {1};
	for (size_t i = 0; i < MILLION; i++) {
		uint32_t u = (uint32_t)(keys[i] % 32);
		ordered_value(o, (double)(keys[i] / 32 - KEY_OFFSET) / 64.0, &u, one, 1);
	}
	free(keys);
	struct group_order grp[3], cls[2], site[5];
	struct group_order *const out[] = {grp, cls, site};
	double q1, med, q3;
	ordered_finish(o, out, &q1, &med, &q3);
	ordered_free(o);

	/*
	 * numpy 1.24.2 and scipy 1.10.1 (Debian 12's python3-numpy, python3-scipy), /usr/bin/python3:
	 *   import numpy as np; from scipy import stats
	 *   i = np.arange(1000000, dtype=np.int64); r = i % 7
	 *   grp = np.where(r < 3, 0, np.where(r < 5, 1, 2))
	 *   cls = np.where((i % 2 == 0) | ((i > 600000) & (i % 3 == 0)), 1, 0)
	 *   site = (i // 3) % 5
	 *   site = np.where((site == 0) & (i < 500000) & (i % 97 == 0), 1,
	 *                   np.where((site == 2) & (i >= 500000) & (i % 251 == 0), 3, site))
	 *   w = np.where(grp == 0, i, np.where(grp == 1, i + 200000, 2 * i - 300000))
	 *   x = (8 * w + np.array([1, 3, 5])[grp]) / 64.0
	 *   assert len(np.unique(x)) == len(x)
	 *   np.percentile(x, [25, 50, 75])     # default method 'linear', R's type 7
	 *   for lab, k in ((grp, 3), (cls, 2), (site, 5)):
	 *       for g in range(k):
	 *           a, b = x[lab == g], x[lab != g]
	 *           d = stats.ks_2samp(a, b, method='asymp').statistic   # D; the method only sets the p
	 *           print(len(a), repr(np.median(a)), repr(d),
	 *                 stats.kstwobign.sf(np.sqrt(len(a) * len(b) / (len(a) + len(b))) * d))
	 * The last column is the limiting p of distribution.h 6b (scipy's own ks_2samp p uses kstwo with
	 * n = round(na nb / (na + nb)) instead). Both D and the quantiles are expected to the last bit:
	 * ks_2samp divides the same whole counts (searchsorted / n), and every quantile here is a multiple
	 * of 1/64. R 4.2.2's quantile(x, type = 7) gives the same quartiles; its ks.test D differs in the
	 * 15th digit (0.0027122384929679868 for site 0: R sums 1/n steps).
	 */
	CHECK_NEAR(q1, 38541.7890625, 0);
	CHECK_NEAR(med, 74999.953125, 0);
	CHECK_NEAR(q3, 111458.3203125, 0);
	static const struct {
		double n, median, d, p;
	} want[10] = {
		{428572, 62499.703125, 0.2750034416755528, 0},
		{285714, 87499.984375, 0.2200015119993952, 0},
		{285714, 87500.453125, 0.27000438200853727, 0},
		{433333, 65277.671875, 0.13575219654073045, 0},
		{566667, 83333.515625, 0.13575219654073045, 0},
		{198971, 75312.046875, 0.0027122384929679777, 0.19154529402250434},
		{201031, 74690.046875, 0.002697967046367933, 0.19281382662312727},
		{199602, 74880.28125, 0.0010575073516810862, 0.9940542083662677},
		{200398, 75122.703125, 0.0010642214406057504, 0.9934331282948885},
		{199998, 75001.703125, 3.1784275882851265e-05, 1.0},
	};
	const struct group_order *got[10] = {&grp[0], &grp[1], &grp[2], &cls[0], &cls[1],
					     &site[0], &site[1], &site[2], &site[3], &site[4]};
	for (size_t k = 0; k < 10; k++) {
		CHECK_NEAR(got[k]->n, want[k].n, 0);
		CHECK_NEAR(got[k]->median, want[k].median, 0);
		CHECK_NEAR(got[k]->ks_d, want[k].d, 0);
		/* scipy's kstwobign and our series agree to about 1e-15; 0 is an underflow in both */
		CHECK_NEAR(ks_p_asymptotic(got[k]->ks_d, got[k]->n, MILLION - got[k]->n), want[k].p, 1e-12);
	}
}

void test_ordered(void)
{
	test_hand();
	test_invalid();
	test_equivalence();
	test_million();
}
