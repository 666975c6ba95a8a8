/*
 * test_column_bias.c — label leakage, the columns whose distributions are
 * not judged, and duplicate columns (metrics/column_bias.h rules 10-12,
 * metrics/quality.h rule 12), plus Welch's t-test (metrics/stats.h 12),
 * from one hand-made count table; and rules 3, 4 and 9 on a column past
 * LEVELS_MAX from its sorted pass (count_table.order), against R and
 * against the same column with levels. Rule 9 (one finding per column and
 * attribute) is checked in test_measurement.c on its larger fixture.
 * Reference values are worked out by hand below, and checked with R 4.2.2
 * (sprintf('%.17g', x)); the call is next to each number.
 * Entry point: test_column_bias().
 */
#include "harness.h"

#include <math.h>

#include "column_bias.h"
#include "quality.h"
#include "stats.h"

void test_column_bias(void);

/*
 * 20 rows: sex F (10) and M (10); label y with classes 0 and 1, five rows
 * of each per sex, all labeled. Columns (min_group 3):
 *   0 sex     protected
 *   1 y       label
 *   2 x       numeric 1,2,3,4: F 3,2,3,2 and M 2,3,2,3 rows; every 1 and 2
 *             is class 0, every 3 and 4 class 1 (a leak by its values)
 *   3 x_copy  the same cells as x (same_as = 3)
 *   4 c       text a,b: F 5,5, M 5,5; class 0 8,2, class 1 2,8
 *   5 d       numeric 5,6, set only on class 1 rows (F 3,2, M 2,3; 5 missing
 *             in each sex): a leak by its presence
 *   6 case    text, ten distinct values on the class 1 rows (an identifier
 *             of rule 8), missing on the class 0 rows
 *   7 konst   numeric, 7 in every row
 */
#define NG 2
#define NC 8
#define NK 2

static char *groups[NG] = {"F", "M"};
static char *classes[NK] = {"0", "1"};
static char *strata[1] = {"(all)"};
static double class_rows[NK] = {10, 10};

static double x_val[] = {1, 2, 3, 4}, x_cnt[] = {5, 5, 5, 5};
static double x_lv[] = {3, 2, 3, 2, 2, 3, 2, 3};
static double x_class_lv[] = {5, 5, 0, 0, 0, 0, 5, 5};
static double x_class_miss[] = {0, 0};
/* about the shift 1: class 0 five 0s and five 1s; class 1 five 2s and five 3s */
static double x_class_m[] = {10, 5, 5, 10, 25, 65};

static double c_cnt[] = {10, 10};
static double c_lv[] = {5, 5, 5, 5};
static double c_class_lv[] = {8, 2, 2, 8};
static double c_class_miss[] = {0, 0};

static double d_val[] = {5, 6}, d_cnt[] = {5, 5};
static double d_lv[] = {3, 2, 2, 3};
static double d_class_lv[] = {0, 0, 5, 5};
static double d_class_miss[] = {10, 0};
static double d_class_m[] = {0, 0, 0, 10, 5, 5};

static double case_cnt[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
static double case_lv[] = {1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
static double case_class_lv[] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
static double case_class_miss[] = {10, 0};

static double k_val[] = {7}, k_cnt[] = {20};
static double k_lv[] = {10, 10};
static double k_class_lv[] = {10, 10};
static double k_class_miss[] = {0, 0};
static double k_class_m[] = {10, 0, 0, 10, 0, 0};

struct fixture {
	struct column_counts cols[NC];
	double *levels[NC];
	double moments[NG * NC * 3];
	double missing[NG * NC];
	double n[NG * NK], unlabeled[NG];
	struct count_table t;
	struct count_tables ct;
};

static void set_moments(struct fixture *f, size_t c, size_t g, double n, double s, double ss)
{
	double *m = &f->moments[(g * NC + c) * 3];
	m[0] = n;
	m[1] = s;
	m[2] = ss;
}

static void make_fixture(struct fixture *f)
{
	memset(f, 0, sizeof *f);
	struct column_counts *c = f->cols;
	c[0] = (struct column_counts){.name = "sex", .role = ROLE_PROTECTED, .distinct = 2};
	c[1] = (struct column_counts){.name = "y", .numeric = 1, .role = ROLE_LABEL, .distinct = 2};
	c[2] = (struct column_counts){.name = "x", .numeric = 1, .role = ROLE_DATA, .distinct = 4, .nlevels = 4,
				      .level_value = x_val, .level_count = x_cnt, .shift = 1,
				      .class_missing = x_class_miss, .class_levels = x_class_lv,
				      .class_moments = x_class_m};
	c[3] = c[2];
	c[3].name = "x_copy";
	c[3].same_as = 3;
	c[4] = (struct column_counts){.name = "c", .role = ROLE_DATA, .distinct = 2, .nlevels = 2, .level_count = c_cnt,
				      .class_missing = c_class_miss, .class_levels = c_class_lv};
	c[5] = (struct column_counts){.name = "d", .numeric = 1, .role = ROLE_DATA, .missing = 10, .distinct = 2,
				      .nlevels = 2, .level_value = d_val, .level_count = d_cnt, .shift = 5,
				      .class_missing = d_class_miss, .class_levels = d_class_lv,
				      .class_moments = d_class_m};
	c[6] = (struct column_counts){.name = "case", .role = ROLE_DATA, .missing = 10, .distinct = 10, .nlevels = 10,
				      .level_count = case_cnt, .class_missing = case_class_miss,
				      .class_levels = case_class_lv};
	c[7] = (struct column_counts){.name = "konst", .numeric = 1, .role = ROLE_DATA, .distinct = 1, .nlevels = 1,
				      .level_value = k_val, .level_count = k_cnt, .shift = 7,
				      .class_missing = k_class_miss, .class_levels = k_class_lv,
				      .class_moments = k_class_m};
	double *lv[NC] = {NULL, NULL, x_lv, x_lv, c_lv, d_lv, case_lv, k_lv};
	memcpy(f->levels, lv, sizeof lv);
	/* x about 1: F three 0s, two 1s, three 2s, two 3s; M two, three, two, three */
	set_moments(f, 2, 0, 10, 14, 32);
	set_moments(f, 2, 1, 10, 16, 38);
	set_moments(f, 3, 0, 10, 14, 32);
	set_moments(f, 3, 1, 10, 16, 38);
	/* d about 5: F three 0s and two 1s, M two and three */
	set_moments(f, 5, 0, 5, 2, 2);
	set_moments(f, 5, 1, 5, 3, 3);
	set_moments(f, 7, 0, 10, 0, 0);
	set_moments(f, 7, 1, 10, 0, 0);
	for (size_t g = 0; g < NG; g++) {
		f->missing[g * NC + 5] = 5;
		f->missing[g * NC + 6] = 5;
		f->n[g * NK] = f->n[g * NK + 1] = 5;
	}
	f->t = (struct count_table){.attribute = "sex", .groups = groups, .ngroups = NG, .nstrata = 1, .nclasses = NK,
				    .n = f->n, .unlabeled = f->unlabeled, .member = 0, .missing = f->missing,
				    .levels = f->levels, .moments = f->moments};
	f->ct = (struct count_tables){.rows = 20, .has_label = 1, .classes = classes, .nclasses = NK, .binary = 1,
				      .class_rows = class_rows, .strata = strata, .nstrata = 1, .tables = &f->t,
				      .ntables = 1, .columns = f->cols, .ncolumns = NC};
	f->ct.dataset = (struct dataset_counts){.conflicting_rows = NAN, .conflicting_sets = NAN,
						.id_duplicates = NAN, .id_missing = NAN};
}

static const struct audit_record *find(const struct audit_result *r, const char *metric, const char *column,
				       const char *group)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (strcmp(rec->metric, metric) != 0 || !(rec->column && strcmp(rec->column, column) == 0))
			continue;
		if ((group == NULL && rec->group == NULL) || (group && rec->group && strcmp(rec->group, group) == 0))
			return rec;
	}
	return NULL;
}

static const struct audit_record *must(const struct audit_result *r, const char *metric, const char *column,
				       const char *group)
{
	static struct audit_record none;
	const struct audit_record *rec = find(r, metric, column, group);
	HARNESS_REPORT(rec != NULL, "no record %s column %s group %s", metric, column, group ? group : "(null)");
	if (rec)
		return rec;
	none = record_init("none", "none");
	return &none;
}

/* Both NAN, or equal. */
static int same_value(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

/* The same value, p-values, status and detail. */
static int same_record(const struct audit_record *a, const struct audit_record *b)
{
	int same_detail = (!a->detail && !b->detail) || (a->detail && b->detail && strcmp(a->detail, b->detail) == 0);
	return same_value(a->value, b->value) && same_value(a->p_value, b->p_value) &&
	       same_value(a->p_adjusted, b->p_adjusted) && a->status == b->status && same_detail;
}

static size_t count(const struct audit_result *r, const char *metric, const char *column)
{
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++)
		if ((!metric || strcmp(r->records[i].metric, metric) == 0) &&
		    (!column || (r->records[i].column && strcmp(r->records[i].column, column) == 0)))
			k++;
	return k;
}

#define CHECK_DETAIL(rec, want)                                                                         \
	do {                                                                                            \
		const struct audit_record *r_ = (rec);                                                  \
		HARNESS_REPORT(r_->detail && strcmp(r_->detail, (want)) == 0, "detail of %s %s = \"%s\", want \"%s\"", \
			       r_->metric, r_->column ? r_->column : "-", r_->detail ? r_->detail : "(null)", (want)); \
	} while (0)

/* Rule 11, by hand and in R. */
static void test_leakage(struct fixture *f)
{
	struct audit_result res = {0};
	label_leakage_records(&f->ct, &res);
	/* x, c, d, case, konst: not sex, y (roles), nor x_copy (rule 12) */
	CHECK_INT(res.n, 5);
	CHECK_INT(count(&res, "label_leakage", "x_copy"), 0);
	for (size_t i = 0; i < res.n; i++) {
		CHECK_STR(res.records[i].family, "measurement");
		CHECK(res.records[i].attribute == NULL && res.records[i].group == NULL);
	}
	/*
	 * x: class means 1.5 and 3.5 about 2.5: SS between 10 + 10 = 20, SS total
	 * 10 (2.25 + 0.25) = 25, eta = sqrt(0.8); F = 20 / (5 / 18) = 72 on 1 and
	 * 18 df. R: x <- rep(1:4, each = 5); y <- factor(rep(0:1, each = 10));
	 * sqrt(summary(lm(x ~ y))$r.squared), anova(lm(x ~ y))$"Pr(>F)"[1].
	 */
	const struct audit_record *r = must(&res, "label_leakage", "x", NULL);
	CHECK_NEAR(r->value, sqrt(0.8), 1e-12);
	CHECK_NEAR(r->p_value, 1.04885469518974e-07, 1e-9);
	CHECK_NEAR(r->n, 20, 0);
	CHECK_INT(r->status, STATUS_WARN);
	CHECK_DETAIL(r, "values: eta 0.8944 over 2 classes");
	/*
	 * c: [[8, 2], [2, 8]], chi2 = 20 (64 - 4)^2 / 10^4 = 7.2, phi2 = 0.36;
	 * Bergsma: (0.36 - 1/19) / (1 - 1/19) = 0.32444..., V = 0.5696: under 0.7.
	 * R: chisq.test(matrix(c(8,2,2,8), 2), correct = FALSE)$p.value.
	 */
	r = must(&res, "label_leakage", "c", NULL);
	CHECK_NEAR(r->value, sqrt((0.36 - 1.0 / 19) / (1 - 1.0 / 19)), 1e-12);
	CHECK_NEAR(r->value, 0.5696002496878354, 1e-12);
	CHECK_NEAR(r->p_value, 0.0072903580915356352, 1e-9);
	CHECK_INT(r->status, STATUS_OK);
	CHECK_DETAIL(r, "values: bias-corrected Cramer's V 0.5696 over 2 classes x 2 values");
	/*
	 * d: its values are all class 1 (undefined), its presence is the label:
	 * [[10, 0], [0, 10]], chi2 = 20, Bergsma (1 - 1/19) / (1 - 1/19) = 1.
	 * R: chisq.test(matrix(c(10,0,0,10), 2), correct = FALSE)$p.value.
	 */
	r = must(&res, "label_leakage", "d", NULL);
	CHECK_NEAR(r->value, 1, 1e-12);
	CHECK_NEAR(r->p_value, 7.7442164310440858e-06, 1e-9);
	CHECK_NEAR(r->n, 20, 0);
	CHECK_INT(r->status, STATUS_WARN);
	CHECK_DETAIL(r, "values: undefined (needs two classes and two values); presence: bias-corrected Cramer's V 1 "
			"(10 of 20 missing)");
	/* case: an identifier, judged by its presence alone */
	r = must(&res, "label_leakage", "case", NULL);
	CHECK_NEAR(r->value, 1, 1e-12);
	CHECK_INT(r->status, STATUS_WARN);
	CHECK_DETAIL(r, "values: all distinct (an identifier), not compared; presence: bias-corrected Cramer's V 1 "
			"(10 of 20 missing)");
	/* konst: no spread, no presence test: null */
	r = must(&res, "label_leakage", "konst", NULL);
	CHECK(isnan(r->value) && isnan(r->p_value));
	CHECK_INT(r->status, STATUS_OK);
	CHECK_DETAIL(r, "values: undefined (needs two classes and two values)");
	audit_result_free(&res);

	/* 11e: without a label, or without the per-class tallies, nothing. */
	f->ct.has_label = 0;
	label_leakage_records(&f->ct, &res);
	CHECK_INT(res.n, 0);
	f->ct.has_label = 1;
	f->cols[4].class_missing = NULL;
	label_leakage_records(&f->ct, &res);
	CHECK_INT(res.n, 4);
	CHECK_INT(count(&res, "label_leakage", "c"), 0);
	f->cols[4].class_missing = c_class_miss;
	audit_result_free(&res);
}

/* Rules 10 and 12 through column_bias_records; 11e: leakage is written apart, once. */
static void test_not_judged(struct fixture *f)
{
	struct audit_result res = {0};
	column_bias_records(&f->t, &f->ct, 3, &res);
	CHECK_INT(count(&res, "label_leakage", NULL), 0);
	/* rule 12: nothing at all on the copy */
	CHECK_INT(count(&res, NULL, "x_copy"), 0);
	/* rule 8: case is not measured (missingness aside) */
	CHECK_INT(count(&res, "proxy_strength", "case"), 0);
	CHECK_INT(count(&res, "missing_rate", "case"), 2);
	/* rule 10: values kept, nothing judged */
	static const struct {
		const char *column, *why, *smd_detail_f;
	} nj[] = {
		{"x", "not judged: the column leaks the label (label_leakage 0.894)",
		 "mean 2.4 against 2.6 in the rest; not judged: the column leaks the label (label_leakage 0.894)"},
		{"d", "not judged: the column leaks the label (label_leakage 1)",
		 "mean 5.4 against 5.6 in the rest; not judged: the column leaks the label (label_leakage 1)"},
		{"konst", "not judged: constant column", "mean 7 against 7 in the rest; not judged: constant column"},
	};
	for (size_t i = 0; i < sizeof nj / sizeof nj[0]; i++) {
		for (size_t g = 0; g < NG; g++) {
			const struct audit_record *r = must(&res, "ks_statistic", nj[i].column, groups[g]);
			CHECK_INT(r->status, STATUS_OK);
			CHECK_DETAIL(r, nj[i].why);
			r = must(&res, "smd", nj[i].column, groups[g]);
			CHECK_INT(r->status, STATUS_OK);
			CHECK_INT(count(&res, "mean", nj[i].column), 2);
		}
		CHECK_DETAIL(must(&res, "smd", nj[i].column, "F"), nj[i].smd_detail_f);
	}
	/* x's values are kept: F (3,2,3,2 of 1..4) mean 2.4 vs M's 2.6 */
	CHECK_NEAR(must(&res, "mean", "x", "F")->value, 2.4, 1e-14);
	CHECK(!isnan(must(&res, "ks_statistic", "x", "F")->value));
	audit_result_free(&res);

	/* A copy of the label (or any non-data column) is still measured. */
	f->cols[3].same_as = 2;
	column_bias_records(&f->t, &f->ct, 3, &res);
	label_leakage_records(&f->ct, &res);
	CHECK_INT(count(&res, "label_leakage", "x_copy"), 1);
	CHECK_INT(count(&res, "smd", "x_copy"), 2);
	f->cols[3].same_as = 3;
	audit_result_free(&res);

	/* Not the first attribute: no leakage records (written once per audit). */
	f->t.member = 1;
	column_bias_records(&f->t, &f->ct, 3, &res);
	CHECK_INT(count(&res, "label_leakage", NULL), 0);
	f->t.member = 0;
	audit_result_free(&res);

	/* Without a label x is judged again (rule 9): F 2.4 vs 2.6, no finding. */
	f->ct.has_label = 0;
	column_bias_records(&f->t, &f->ct, 3, &res);
	CHECK_INT(count(&res, "label_leakage", NULL), 0);
	const struct audit_record *r = must(&res, "ks_statistic", "x", "F");
	HARNESS_REPORT(r->detail && strncmp(r->detail, "not judged", 10) != 0, "x judged without a label: %s",
		       r->detail ? r->detail : "(null)");
	f->ct.has_label = 1;
	audit_result_free(&res);
}

/* quality.h rule 12, and 11e's other place. */
static void test_duplicate_column(struct fixture *f)
{
	struct audit_result res = {0};
	quality_records(&f->ct, &res);
	CHECK_INT(count(&res, "duplicate_column", NULL), 1);
	const struct audit_record *r = must(&res, "duplicate_column", "x_copy", NULL);
	CHECK_STR(r->family, "quality");
	CHECK_NEAR(r->value, 1, 0);
	CHECK_NEAR(r->n, 20, 0);
	CHECK_INT(r->status, STATUS_WARN);
	CHECK_DETAIL(r, "same values as x");
	/* leakage is measurement's, written by label_leakage_records alone (11e) */
	CHECK_INT(count(&res, "label_leakage", NULL), 0);
	audit_result_free(&res);
	label_leakage_records(&f->ct, &res);
	CHECK_INT(count(&res, "label_leakage", NULL), 5);
	audit_result_free(&res);
}

/* stats.h 12. R 4.2.2: t.test(x, y) with $statistic, $parameter, $p.value. */
static void test_welch(void)
{
	double t, df, p;
	/* x <- c(1,2,3,4): mean 2.5, sd 1.2909944487358056; y <- c(2,4,6,8,10): 6, 3.1622776601683795 */
	CHECK_INT(stats_welch_t(4, 2.5, 1.2909944487358056, 5, 6, 3.1622776601683795, &t, &df, &p), 0);
	CHECK_NEAR(t, -2.251436323159369, 1e-12);
	CHECK_NEAR(df, 5.5207877461706785, 1e-12);
	CHECK_NEAR(p, 0.069133593192392359, 1e-9);
	/* symmetric in the order of the samples, but for the sign of t */
	CHECK_INT(stats_welch_t(5, 6, 3.1622776601683795, 4, 2.5, 1.2909944487358056, &t, NULL, &p), 0);
	CHECK_NEAR(t, 2.251436323159369, 1e-12);
	CHECK_NEAR(p, 0.069133593192392359, 1e-9);
	/* undefined: a sample of one, no spread at all, a NAN */
	CHECK_INT(stats_welch_t(1, 2, NAN, 5, 6, 1, &t, &df, &p), -1);
	CHECK(isnan(p) && isnan(t) && isnan(df));
	CHECK_INT(stats_welch_t(3, 2, 0, 5, 6, 0, NULL, NULL, &p), -1);
	CHECK(isnan(p));
	CHECK_INT(stats_welch_t(3, NAN, 1, 5, 6, 1, NULL, NULL, &p), -1);
}

/*
 * Rules 3, 4 and 9 on a numeric column past LEVELS_MAX, from the sorted pass
 * (count_table.order, hand-built here): 75 rows in groups A, B, C of one
 * real column, wage, no label, min_group 10. In R 4.2.2:
 *   A <- 1:40 * 2.5; B <- 40 + 1:30 * 0.75; C <- c(10, 30, 50, 70, 90)
 * (67 distinct values: B and C tie with A at 55, 10, 30, ...). The same
 * column with levels must give the same records.
 */
#define OG 3

static void ordered_samples(double *x, size_t *group)
{
	static const double c[] = {10, 30, 50, 70, 90};
	for (size_t i = 0; i < 40; i++)
		x[i] = 2.5 * (double)(i + 1), group[i] = 0;
	for (size_t i = 0; i < 30; i++)
		x[40 + i] = 40 + 0.75 * (double)(i + 1), group[40 + i] = 1;
	for (size_t i = 0; i < 5; i++)
		x[70 + i] = c[i], group[70 + i] = 2;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void test_ordered_column(void)
{
	char *og[OG] = {"A", "B", "C"};
	double x[75], sorted[75], value[75], vcount[75] = {0}, lv[OG * 75] = {0};
	size_t group[75], nl = 0;
	ordered_samples(x, group);
	memcpy(sorted, x, sizeof x);
	qsort(sorted, 75, sizeof sorted[0], cmp_double);
	for (size_t i = 0; i < 75; i++)
		if (nl == 0 || sorted[i] != value[nl - 1])
			value[nl++] = sorted[i];
	CHECK_INT(nl, 67);
	double moments[OG * 2 * 3] = {0}, n[OG], unlabeled[OG] = {0}, missing[OG * 2] = {0};
	for (size_t i = 0; i < 75; i++) {
		size_t l = 0;
		while (value[l] != x[i])
			l++;
		vcount[l]++;
		lv[group[i] * nl + l]++;
		double *m = &moments[(group[i] * 2 + 1) * 3];
		m[0]++;
		m[1] += x[i] - 2.5;
		m[2] += (x[i] - 2.5) * (x[i] - 2.5);
	}
	for (size_t g = 0; g < OG; g++)
		n[g] = moments[(g * 2 + 1) * 3];
	/* about the shift 2.5, R: sum(A - 2.5), sum((A - 2.5)^2), and so for B and C */
	CHECK_NEAR(moments[(0 * 2 + 1) * 3 + 2], 128375, 0);
	CHECK_NEAR(moments[(1 * 2 + 1) * 3 + 1], 1473.75, 0);
	CHECK_NEAR(moments[(2 * 2 + 1) * 3 + 2], 15281.25, 0);
	/*
	 * The sorted pass's figures, R 4.2.2: median(A), median(B), median(C);
	 * ks.test(A, c(B, C), exact = FALSE)$statistic, and so for B and C.
	 */
	struct group_order order[OG] = {
		{40, 51.25, 0.34285714285714286},
		{30, 51.625, 0.40000000000000002},
		{5, 50, 0.22857142857142859},
	};
	struct group_order *orders[2] = {NULL, order};
	char *classes[1] = {"(all)"};
	struct column_counts cols[2] = {
		{.name = "grp", .role = ROLE_PROTECTED, .distinct = 3},
		{.name = "wage", .numeric = 1, .real = 1, .role = ROLE_DATA, .distinct = 67, .shift = 2.5,
		 .ordered = 1, .q1 = 41.125, .median = 51.25, .q3 = 62.125},
	};
	struct count_table t = {.attribute = "grp", .groups = og, .ngroups = OG, .nstrata = 1, .nclasses = 1,
				.n = n, .unlabeled = unlabeled, .member = 0, .missing = missing, .moments = moments,
				.order = orders};
	struct count_tables ct = {.rows = 75, .classes = classes, .nclasses = 1, .strata = strata, .nstrata = 1,
				  .tables = &t, .ntables = 1, .columns = cols, .ncolumns = 2};
	struct audit_result res = {0};
	column_bias_records(&t, &ct, 10, &res);

	/*
	 * R 4.2.2, with the rest of each group: ks.test(A, c(B, C), exact = FALSE)$p.value (x = 1.48) and
	 * B's (x = 1.70), both past 6c's range; p.adjust(c(pA, pB), "holm"). C (5 rows) is under min_group.
	 * The carrier (9a) is B, the significant group of largest |smd| (0.0224 against A's -0.0062):
	 * under 0.5, so its D >= 0.2 warns (9c).
	 */
	static const struct {
		const char *group;
		double median, d, p, p_adj;
		int status;
		const char *detail;
	} want[OG] = {
		{"A", 51.25, 0.34285714285714286, 0.024836866849036521, 0.024836866849036521, STATUS_OK,
		 "judged at B (largest |smd|): its ks_statistic warns"},
		{"B", 51.625, 0.40000000000000002, 0.0063022229996987367, 0.012604445999397473, STATUS_WARN,
		 "the finding for grp: D >= 0.2 with KS p (Holm) 0.0126, |smd| under 0.5"},
		{"C", 50, NAN, NAN, NAN, STATUS_INSUFFICIENT, NULL},
	};
	for (size_t g = 0; g < OG; g++) {
		const struct audit_record *r = must(&res, "median", "wage", want[g].group);
		CHECK_NEAR(r->value, want[g].median, 0);
		CHECK(r->detail == NULL);
		CHECK_INT(r->status, g == 2 ? STATUS_INSUFFICIENT : STATUS_OK);
		r = must(&res, "ks_statistic", "wage", want[g].group);
		CHECK_INT(r->status, want[g].status);
		CHECK_NEAR(r->n, order[g].n, 0);
		if (isnan(want[g].d)) {
			CHECK(isnan(r->value) && isnan(r->p_value) && isnan(r->p_adjusted));
			CHECK(r->detail == NULL);
		} else {
			CHECK_NEAR(r->value, want[g].d, 0);
			CHECK_NEAR(r->p_value, want[g].p, 1e-12);
			CHECK_NEAR(r->p_adjusted, want[g].p_adj, 1e-12);
			CHECK_DETAIL(r, want[g].detail);
		}
		/* rule 5: with a KS test the smd has no p */
		r = must(&res, "smd", "wage", want[g].group);
		CHECK(isnan(r->p_value) && isnan(r->p_adjusted));
	}
	/* R: (mean(B) - mean(c(A, C))) / sqrt((29 var(B) + 44 var(c(A, C))) / 73) */
	CHECK_NEAR(must(&res, "smd", "wage", "B")->value, 0.022352645409682008, 1e-12);
	CHECK_NEAR(must(&res, "mean", "wage", "A")->value, 51.25, 1e-14);
	CHECK_INT(count(&res, "proxy_strength", "wage"), 1);

	/* The same column with levels gives the same medians, tests and judgements (ordered.h rule 1). */
	double *levels[2] = {NULL, lv};
	cols[1] = (struct column_counts){.name = "wage", .numeric = 1, .real = 1, .role = ROLE_DATA, .distinct = 67,
					 .shift = 2.5, .nlevels = nl, .level_value = value, .level_count = vcount};
	t.order = NULL;
	t.levels = levels;
	struct audit_result lev = {0};
	column_bias_records(&t, &ct, 10, &lev);
	CHECK_INT(lev.n, res.n);
	static const char *const metrics[] = {"median", "ks_statistic", "smd"};
	for (size_t g = 0; g < OG; g++)
		for (size_t k = 0; k < 3; k++) {
			const struct audit_record *a = must(&res, metrics[k], "wage", og[g]);
			const struct audit_record *b = must(&lev, metrics[k], "wage", og[g]);
			HARNESS_REPORT(same_record(a, b), "%s of %s: ordered %.17g p %.17g (%s), levels %.17g p %.17g (%s)",
				       metrics[k], og[g], a->value, a->p_value, a->detail ? a->detail : "-", b->value,
				       b->p_value, b->detail ? b->detail : "-");
		}
	audit_result_free(&lev);

	/* Neither levels nor the sorted pass: null, "not kept", and Welch's p on the smd (rule 5). */
	cols[1].nlevels = 0;
	t.levels = NULL;
	column_bias_records(&t, &ct, 10, &lev);
	CHECK(isnan(must(&lev, "median", "wage", "A")->value));
	CHECK_DETAIL(must(&lev, "median", "wage", "A"), "more than 16384 distinct values: not kept");
	CHECK_DETAIL(must(&lev, "ks_statistic", "wage", "B"), "more than 16384 distinct values: not kept");
	CHECK(!isnan(must(&lev, "smd", "wage", "B")->p_value));
	audit_result_free(&lev);
	audit_result_free(&res);
}

void test_column_bias(void)
{
	struct fixture *f = malloc(sizeof *f);
	make_fixture(f);
	test_leakage(f);
	test_not_judged(f);
	test_duplicate_column(f);
	free(f);
	test_welch();
	test_ordered_column();
}
