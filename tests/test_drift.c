/*
 * test_drift.c — drift records (metrics/drift.h) from hand-made count
 * tables of two versions. Reference values come from R 4.2.2; the calls are
 * in the comments, with these helpers defined first:
 *
 *   z <- qnorm(0.975)
 *   wil <- function(x, n) { p <- x/n                       # Wilson, no correction
 *     c((p + z^2/(2*n) - z*sqrt(p*(1-p)/n + z^2/(4*n^2)))/(1+z^2/n),
 *       (p + z^2/(2*n) + z*sqrt(p*(1-p)/n + z^2/(4*n^2)))/(1+z^2/n)) }
 *   newc <- function(x1, n1, x2, n2) { p1 <- x1/n1; p2 <- x2/n2   # Newcombe hybrid score
 *     w1 <- wil(x1, n1); w2 <- wil(x2, n2); d <- p1 - p2
 *     c(d, d - sqrt((p1 - w1[1])^2 + (w2[2] - p2)^2), d + sqrt((w1[2] - p1)^2 + (p2 - w2[1])^2)) }
 *   psi <- function(a, b) { pa <- a/sum(a); pb <- b/sum(b)        # a = then, b = now
 *     k <- !(a == 0 & b == 0); pa <- pa[k]; pb <- pb[k]
 *     pa[pa == 0] <- 0.5/sum(a); pb[pb == 0] <- 0.5/sum(b); sum((pb - pa) * log(pb / pa)) }
 *
 * (wil agrees with prop.test(x, n, correct = FALSE)$conf.int.)
 */
#include "harness.h"

#include <math.h>

#include "drift.h"

void test_drift(void);

static char *STRATA[] = {"(all)"};
static char *ALL[] = {"(all)"};
static char *BINARY[] = {"0", "1"};

static struct count_table table(char *attribute, char **groups, size_t ngroups, size_t nclasses, double *n,
				double *unlabeled)
{
	return (struct count_table){.attribute = attribute, .groups = groups, .ngroups = ngroups, .nstrata = 1,
				    .nclasses = nclasses, .n = n, .unlabeled = unlabeled, .member = -1};
}

/* Count tables of one version; classes NULL: no label (one class "(all)"). */
static struct count_tables version(struct count_table *t, size_t ntables, char **classes, size_t nclasses,
				   int binary)
{
	return (struct count_tables){.has_label = classes != NULL, .classes = classes ? classes : ALL,
				     .nclasses = classes ? nclasses : 1, .binary = binary, .strata = STRATA,
				     .nstrata = 1, .tables = t, .ntables = ntables};
}

/* The record of metric for attribute, column and group (NULL: none); NULL if absent. */
static const struct audit_record *find(const struct audit_result *r, const char *metric, const char *attribute,
				       const char *column, const char *group)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (strcmp(rec->metric, metric) != 0 || strcmp(rec->family, "drift") != 0)
			continue;
		if (!rec->attribute || strcmp(rec->attribute, attribute) != 0)
			continue;
		if ((column == NULL) != (rec->column == NULL) || (column && strcmp(rec->column, column) != 0))
			continue;
		if ((group == NULL) != (rec->group == NULL) || (group && strcmp(rec->group, group) != 0))
			continue;
		return rec;
	}
	return NULL;
}

static size_t count_metric(const struct audit_result *r, const char *metric)
{
	size_t k = 0;
	for (size_t i = 0; i < r->n; i++)
		k += strcmp(r->records[i].metric, metric) == 0;
	return k;
}

/*
 * sex, binary label. then: F 130 positive of 380 labeled + 20 unlabeled (400
 * rows), M 300 of 600 (600); now: F 200 of 450 + 50 unlabeled (500), M 240 of
 * 500 (500).
 */
static void test_binary(void)
{
	char *groups[] = {"F", "M"};
	double n_then[] = {250, 130, 300, 300}, u_then[] = {20, 0};
	double n_now[] = {250, 200, 260, 240}, u_now[] = {50, 0};
	struct count_table t_then = table("sex", groups, 2, 2, n_then, u_then);
	struct count_table t_now = table("sex", groups, 2, 2, n_now, u_now);
	struct count_tables then = version(&t_then, 1, BINARY, 2, 1), now = version(&t_now, 1, BINARY, 2, 1);
	struct audit_result res = {0};
	drift_records(&then, &now, "hired", 30, &res);

	/* Shares of all rows, unlabeled included: F 400/1000 -> 500/1000.
	 * R: newc(500, 1000, 400, 1000) -> 0.1 0.0564270641552744 0.143037290120728 */
	const struct audit_record *r = find(&res, "share_shift", "sex", NULL, "F");
	CHECK(r != NULL);
	CHECK_NEAR(r->value, 0.1, 1e-12);
	CHECK_NEAR(r->ci_low, 0.0564270641552744, 1e-9);
	CHECK_NEAR(r->ci_high, 0.143037290120728, 1e-9);
	CHECK_NEAR(r->n, 1000, 0);
	CHECK(r->reference == NULL);
	CHECK_STR(r->detail, "then 0.4 (400 of 1000), now 0.5 (500 of 1000)");
	CHECK_INT(r->status, STATUS_WARN);
	/* R: newc(500, 1000, 600, 1000) -> -0.1 -0.143037290120728 -0.0564270641552745 */
	r = find(&res, "share_shift", "sex", NULL, "M");
	CHECK_NEAR(r->value, -0.1, 1e-12);
	CHECK_NEAR(r->ci_low, -0.143037290120728, 1e-9);
	CHECK_NEAR(r->ci_high, -0.0564270641552745, 1e-9);
	CHECK_INT(r->status, STATUS_WARN);

	/* R: psi(c(400, 600), c(500, 500)) = 0.1*log(0.5/0.4) + 0.1*log(0.6/0.5) = 0.0405465108108164 */
	r = find(&res, "psi", "sex", NULL, NULL);
	CHECK_NEAR(r->value, 0.0405465108108164, 1e-12);
	CHECK_NEAR(r->n, 1000, 0);
	CHECK_INT(r->status, STATUS_OK);
	CHECK_STR(r->detail, "rows then 1000, now 1000");

	/* R: x <- chisq.test(matrix(c(400,600, 500,500), 2, byrow = TRUE), correct = FALSE)
	 *    x$statistic 20.2020202020202, x$p.value 6.96793107284984e-06, df 1, min(x$expected) 450 */
	r = find(&res, "drift_chi2", "sex", NULL, NULL);
	CHECK_NEAR(r->value, 20.2020202020202, 1e-9);
	CHECK_NEAR(r->p_value, 6.96793107284984e-06, 1e-8);
	CHECK_NEAR(r->n, 2000, 0);
	CHECK_INT(r->status, STATUS_WARN);
	CHECK_STR(r->detail, "df 1; smallest expected count 450");

	/* R: newc(200, 450, 130, 380) -> 0.10233918128655 0.0355937816448621 0.167460528597352 */
	r = find(&res, "label_rate_shift", "sex", "hired", "F");
	CHECK(r != NULL);
	CHECK_NEAR(r->value, 200.0 / 450 - 130.0 / 380, 1e-12);
	CHECK_NEAR(r->value, 0.10233918128655, 1e-9);
	CHECK_NEAR(r->ci_low, 0.0355937816448621, 1e-9);
	CHECK_NEAR(r->ci_high, 0.167460528597352, 1e-9);
	CHECK_NEAR(r->n, 450, 0);
	CHECK_INT(r->status, STATUS_WARN);
	/* R: newc(240, 500, 300, 600) -> -0.02 -0.0789932449487274 0.0392183360504551: includes 0 */
	r = find(&res, "label_rate_shift", "sex", "hired", "M");
	CHECK_NEAR(r->value, -0.02, 1e-12);
	CHECK_NEAR(r->ci_low, -0.0789932449487274, 1e-9);
	CHECK_NEAR(r->ci_high, 0.0392183360504551, 1e-9);
	CHECK_INT(r->status, STATUS_OK);
	CHECK_INT(count_metric(&res, "label_rate_shift"), 2);
	CHECK_INT(res.n, 2 + 1 + 2 + 1);
	audit_result_free(&res);

	/* Without a label name there is no label_rate_shift. */
	drift_records(&then, &now, NULL, 30, &res);
	CHECK_INT(count_metric(&res, "label_rate_shift"), 0);
	CHECK_INT(count_metric(&res, "share_shift"), 2);
	audit_result_free(&res);

	/* min_group 420 labeled rows: F has 380 then (too few on one side), M 600 and 500. */
	drift_records(&then, &now, "hired", 420, &res);
	CHECK_INT(find(&res, "label_rate_shift", "sex", "hired", "F")->status, STATUS_INSUFFICIENT);
	CHECK_INT(find(&res, "label_rate_shift", "sex", "hired", "M")->status, STATUS_OK);
	/* share_shift is insufficient only when both sides are small: F has 500 rows now. */
	CHECK_INT(find(&res, "share_shift", "sex", NULL, "F")->status, STATUS_WARN);
	audit_result_free(&res);
	drift_records(&then, &now, "hired", 501, &res);
	/* F: 400 then and 500 now, both under 501; M has 600 then. */
	CHECK_INT(find(&res, "share_shift", "sex", NULL, "F")->status, STATUS_INSUFFICIENT);
	CHECK_INT(find(&res, "share_shift", "sex", NULL, "M")->status, STATUS_WARN);
	audit_result_free(&res);
}

/*
 * race without a label. then: A 480, B 400, C 100, (missing) 20; now: A 450,
 * B 450, D 100. Records in the order A, B, D, C, (missing). Attribute "age"
 * exists only then and "region" only now.
 */
static void test_one_sided(void)
{
	char *g_then[] = {"A", "B", "C", GROUP_MISSING}, *g_now[] = {"A", "B", "D"};
	double n_then[] = {480, 400, 100, 20}, u_then[] = {0, 0, 0, 0};
	double n_now[] = {450, 450, 100}, u_now[] = {0, 0, 0};
	char *ages[] = {"<30", ">=30"}, *regions[] = {"N", "S"};
	double n_age[] = {600, 400}, n_region[] = {300, 700}, u2[] = {0, 0};
	struct count_table t_then[] = {table("age", ages, 2, 1, n_age, u2), table("race", g_then, 4, 1, n_then, u_then)};
	struct count_table t_now[] = {table("race", g_now, 3, 1, n_now, u_now), table("region", regions, 2, 1, n_region, u2)};
	struct count_tables then = version(t_then, 2, NULL, 0, 0), now = version(t_now, 2, NULL, 0, 0);
	struct audit_result res = {0};
	drift_records(&then, &now, "hired", 0, &res);

	/* Only race is on both sides: 5 share_shift + psi + drift_chi2; no label on either side. */
	CHECK_INT(res.n, 5 + 1 + 1);
	for (size_t i = 0; i < res.n; i++)
		CHECK_STR(res.records[i].attribute, "race");
	CHECK_STR(res.records[0].group, "A");
	CHECK_STR(res.records[1].group, "B");
	CHECK_STR(res.records[2].group, "D");
	CHECK_STR(res.records[3].group, "C");
	CHECK_STR(res.records[4].group, GROUP_MISSING);

	/* D is new: R newc(100, 1000, 0, 1000) -> 0.1 0.0824862568591307 0.120151963195348 */
	const struct audit_record *r = find(&res, "share_shift", "race", NULL, "D");
	CHECK_NEAR(r->value, 0.1, 1e-12);
	CHECK_NEAR(r->ci_low, 0.0824862568591307, 1e-9);
	CHECK_NEAR(r->ci_high, 0.120151963195348, 1e-9);
	CHECK_INT(r->status, STATUS_WARN);
	CHECK_STR(r->detail, "then 0 (0 of 1000), now 0.1 (100 of 1000); the group is new");
	/* C is gone: R newc(0, 1000, 100, 1000) -> -0.1 -0.120151963195348 -0.0824862568591307 */
	r = find(&res, "share_shift", "race", NULL, "C");
	CHECK_NEAR(r->value, -0.1, 1e-12);
	CHECK_NEAR(r->ci_low, -0.120151963195348, 1e-9);
	CHECK_NEAR(r->ci_high, -0.0824862568591307, 1e-9);
	CHECK_STR(r->detail, "then 0.1 (100 of 1000), now 0 (0 of 1000); the group is gone");
	/* (missing) 20 -> 0, exactly two points: R newc(0, 1000, 20, 1000)
	 *   -> -0.02 -0.0306900052297178 -0.0120079548347014 */
	r = find(&res, "share_shift", "race", NULL, GROUP_MISSING);
	CHECK_NEAR(r->value, -0.02, 1e-12);
	CHECK_NEAR(r->ci_low, -0.0306900052297178, 1e-9);
	CHECK_NEAR(r->ci_high, -0.0120079548347014, 1e-9);
	CHECK_INT(r->status, STATUS_WARN);
	/* min_group 30: (missing) has 20 then and 0 now, both under 30. */
	audit_result_free(&res);
	drift_records(&then, &now, NULL, 30, &res);
	CHECK_INT(find(&res, "share_shift", "race", NULL, GROUP_MISSING)->status, STATUS_INSUFFICIENT);
	audit_result_free(&res);
	drift_records(&then, &now, NULL, 0, &res);

	/* Zero shares become 0.5/1000 (D then, C and (missing) now):
	 * R: psi(c(480,400,0,100,20), c(450,450,100,0,0)) = 1.13412361271523, also by hand:
	 *   (0.45-0.48)*log(0.45/0.48) + (0.45-0.4)*log(0.45/0.4) + (0.1-0.0005)*log(0.1/0.0005)
	 *   + (0.0005-0.1)*log(0.0005/0.1) + (0.0005-0.02)*log(0.0005/0.02) */
	r = find(&res, "psi", "race", NULL, NULL);
	CHECK_NEAR(r->value, 1.13412361271523, 1e-12);
	CHECK_INT(r->status, STATUS_FAIL);
	CHECK_STR(r->detail, "rows then 1000, now 1000; 3 zero shares taken as 0.5/N of the side");

	/* R: x <- chisq.test(matrix(c(480,400,0,100,20, 450,450,100,0,0), 2, byrow = TRUE), correct = FALSE)
	 *    x$statistic 223.908918406072, x$p.value 2.7020882209927e-47, df 4, min(x$expected) 10 */
	r = find(&res, "drift_chi2", "race", NULL, NULL);
	CHECK_NEAR(r->value, 223.908918406072, 1e-9);
	CHECK_NEAR(r->p_value, 2.7020882209927e-47, 1e-8);
	CHECK_STR(r->detail, "df 4; smallest expected count 10");
	CHECK_INT(r->status, STATUS_WARN);
	audit_result_free(&res);
}

/* Two groups without a label: then {a, b} counts, now {a, b} counts. */
static void run_pair(double a_then, double b_then, double a_now, double b_now, double min_group,
		     struct audit_result *res)
{
	char *groups[] = {"a", "b"};
	double n_then[] = {a_then, b_then}, n_now[] = {a_now, b_now}, u[] = {0, 0};
	struct count_table t_then = table("x", groups, 2, 1, n_then, u), t_now = table("x", groups, 2, 1, n_now, u);
	struct count_tables then = version(&t_then, 1, NULL, 0, 0), now = version(&t_now, 1, NULL, 0, 0);
	drift_records(&then, &now, NULL, min_group, res);
}

static void test_thresholds(void)
{
	struct audit_result res = {0};
	/* PSI bands with then (500, 500): R psi(c(500,500), c(k, 1000-k)) */
	static const struct {
		double a_now, psi;
		int status;
	} bands[] = {
		{650, 0.0928558812609335, STATUS_OK},   /* just under 0.1 */
		{660, 0.106127074785642, STATUS_WARN},  /* just over 0.1 */
		{730, 0.228763192283134, STATUS_WARN},  /* just under 0.25 */
		{740, 0.251032453243845, STATUS_FAIL},  /* just over 0.25 */
	};
	for (size_t i = 0; i < sizeof bands / sizeof bands[0]; i++) {
		run_pair(500, 500, bands[i].a_now, 1000 - bands[i].a_now, 0, &res);
		const struct audit_record *r = find(&res, "psi", "x", NULL, NULL);
		CHECK_NEAR(r->value, bands[i].psi, 1e-12);
		CHECK_INT(r->status, bands[i].status);
		audit_result_free(&res);
	}

	/* share_shift of exactly two points (0.12 - 0.10 rounds to 0.0199999...) warns:
	 * R newc(1200, 10000, 1000, 10000) -> 0.02 0.0113312326882574 0.028674801254527 */
	run_pair(1000, 9000, 1200, 8800, 30, &res);
	const struct audit_record *r = find(&res, "share_shift", "x", NULL, "a");
	CHECK_NEAR(r->value, 0.02, 1e-12);
	CHECK_NEAR(r->ci_low, 0.0113312326882574, 1e-9);
	CHECK_NEAR(r->ci_high, 0.028674801254527, 1e-9);
	CHECK_INT(r->status, STATUS_WARN);
	audit_result_free(&res);
	/* 1.9 points, interval clear of 0 but under the two-point floor:
	 * R newc(1190, 10000, 1000, 10000) -> 0.019 0.0103479853103939 0.0276578489622772 */
	run_pair(1000, 9000, 1190, 8810, 30, &res);
	r = find(&res, "share_shift", "x", NULL, "a");
	CHECK_NEAR(r->value, 0.019, 1e-12);
	CHECK_NEAR(r->ci_low, 0.0103479853103939, 1e-9);
	CHECK_INT(r->status, STATUS_OK);
	audit_result_free(&res);
	/* Ten points on 50 rows a side: the interval holds 0.
	 * R newc(15, 50, 10, 50) -> 0.1 -0.0699113525919416 0.263016579427221
	 * R chisq.test(matrix(c(10,40, 15,35), 2, byrow = TRUE), correct = FALSE)
	 *   -> 1.33333333333333, p 0.248213078989924, min expected 12.5 */
	run_pair(10, 40, 15, 35, 0, &res);
	r = find(&res, "share_shift", "x", NULL, "a");
	CHECK_NEAR(r->ci_low, -0.0699113525919416, 1e-9);
	CHECK_NEAR(r->ci_high, 0.263016579427221, 1e-9);
	CHECK_INT(r->status, STATUS_OK);
	r = find(&res, "drift_chi2", "x", NULL, NULL);
	CHECK_NEAR(r->value, 1.33333333333333, 1e-9);
	CHECK_NEAR(r->p_value, 0.248213078989924, 1e-9);
	CHECK_INT(r->status, STATUS_OK);
	audit_result_free(&res);
	/* min_group 30: a has 10 then and 40 now, so it is judged:
	 * R newc(40, 1000, 10, 1000) -> 0.03 0.0166184101866036 0.0447328492977516 */
	run_pair(10, 990, 40, 960, 30, &res);
	r = find(&res, "share_shift", "x", NULL, "a");
	CHECK_NEAR(r->ci_low, 0.0166184101866036, 1e-9);
	CHECK_NEAR(r->ci_high, 0.0447328492977516, 1e-9);
	CHECK_INT(r->status, STATUS_WARN);
	audit_result_free(&res);
	/* ... but 10 then and 20 now are both under 30. */
	run_pair(10, 990, 20, 980, 30, &res);
	CHECK_INT(find(&res, "share_shift", "x", NULL, "a")->status, STATUS_INSUFFICIENT);
	CHECK_INT(find(&res, "share_shift", "x", NULL, "b")->status, STATUS_OK);
	audit_result_free(&res);
	/* Expected counts of 2.5 are too few for the chi-square:
	 * R chisq.test(matrix(c(2,98, 3,97), 2, byrow = TRUE), correct = FALSE)
	 *   -> 0.205128205128205, p 0.650612963932754, min expected 2.5 */
	run_pair(2, 98, 3, 97, 0, &res);
	r = find(&res, "drift_chi2", "x", NULL, NULL);
	CHECK_NEAR(r->value, 0.205128205128205, 1e-9);
	CHECK_NEAR(r->p_value, 0.650612963932754, 1e-9);
	CHECK_INT(r->status, STATUS_INSUFFICIENT);
	CHECK_STR(r->detail, "df 1; smallest expected count 2.5 is under 5");
	audit_result_free(&res);
	/* One group on both sides: share_shift 0, psi 0, chi-square undefined. */
	run_pair(100, 0, 50, 0, 0, &res);
	CHECK_NEAR(find(&res, "share_shift", "x", NULL, "a")->value, 0, 0);
	CHECK_NEAR(find(&res, "psi", "x", NULL, NULL)->value, 0, 0);
	r = find(&res, "drift_chi2", "x", NULL, NULL);
	CHECK(isnan(r->value));
	CHECK_STR(r->detail, "undefined: needs rows in at least two groups");
	audit_result_free(&res);
	/* No rows now: nothing is defined, never a made-up 0. */
	run_pair(100, 50, 0, 0, 0, &res);
	CHECK(isnan(find(&res, "share_shift", "x", NULL, "a")->value));
	CHECK(isnan(find(&res, "psi", "x", NULL, NULL)->value));
	CHECK(isnan(find(&res, "drift_chi2", "x", NULL, NULL)->value));
	CHECK_STR(find(&res, "psi", "x", NULL, NULL)->detail, "no rows now");
	audit_result_free(&res);
}

static void test_label_thresholds(void)
{
	/* Binary label; groups a: 50/100 -> 70/100, b: 50/100 -> 55/100, c: 10/20 -> 60/100, d only then. */
	char *g_then[] = {"a", "b", "c", "d"}, *g_now[] = {"a", "b", "c"};
	double n_then[] = {50, 50, 50, 50, 10, 10, 20, 30}, u_then[] = {0, 0, 0, 0};
	double n_now[] = {30, 70, 45, 55, 40, 60}, u_now[] = {0, 0, 0};
	struct count_table t_then = table("g", g_then, 4, 2, n_then, u_then);
	struct count_table t_now = table("g", g_now, 3, 2, n_now, u_now);
	struct count_tables then = version(&t_then, 1, BINARY, 2, 1), now = version(&t_now, 1, BINARY, 2, 1);
	struct audit_result res = {0};
	drift_records(&then, &now, "y", 30, &res);
	/* R newc(70, 100, 50, 100) -> 0.2 0.0642232774516003 0.325768290876421 */
	const struct audit_record *r = find(&res, "label_rate_shift", "g", "y", "a");
	CHECK_NEAR(r->value, 0.2, 1e-12);
	CHECK_NEAR(r->ci_low, 0.0642232774516003, 1e-9);
	CHECK_NEAR(r->ci_high, 0.325768290876421, 1e-9);
	CHECK_INT(r->status, STATUS_WARN);
	CHECK_STR(r->detail, "then 0.5 (50 of 100 labeled), now 0.7 (70 of 100 labeled)");
	/* R newc(55, 100, 50, 100) -> 0.05 -0.0869859540956587 0.184376576402097 */
	r = find(&res, "label_rate_shift", "g", "y", "b");
	CHECK_NEAR(r->value, 0.05, 1e-12);
	CHECK_NEAR(r->ci_low, -0.0869859540956587, 1e-9);
	CHECK_NEAR(r->ci_high, 0.184376576402097, 1e-9);
	CHECK_INT(r->status, STATUS_OK);
	/* c has 20 labeled rows then (< 30): insufficient, but still computed. */
	r = find(&res, "label_rate_shift", "g", "y", "c");
	CHECK_NEAR(r->value, 0.1, 1e-12);
	CHECK_INT(r->status, STATUS_INSUFFICIENT);
	/* d is gone: no labeled rows now, so no rate and no value. */
	r = find(&res, "label_rate_shift", "g", "y", "d");
	CHECK(isnan(r->value));
	CHECK_INT(r->status, STATUS_INSUFFICIENT);
	CHECK_STR(r->detail, "no labeled rows now");
	audit_result_free(&res);
}

static void test_multiclass(void)
{
	/* then classes {high, low, mid}, now {high, low}: one-vs-rest over high, low, mid. */
	char *groups[] = {"g1"};
	char *c_then[] = {"high", "low", "mid"}, *c_now[] = {"high", "low"};
	double n_then[] = {30, 50, 20}, n_now[] = {40, 60}, u[] = {0};
	struct count_table t_then = table("s", groups, 1, 3, n_then, u), t_now = table("s", groups, 1, 2, n_now, u);
	struct count_tables then = version(&t_then, 1, c_then, 3, 0), now = version(&t_now, 1, c_now, 2, 0);
	struct audit_result res = {0};
	drift_records(&then, &now, "grade", 30, &res);
	CHECK_INT(count_metric(&res, "label_rate_shift"), 3);
	/* R newc(40, 100, 30, 100) -> 0.1 -0.0318903739259695 0.227172251037218 */
	const struct audit_record *r = find(&res, "label_rate_shift", "s", "grade=high", "g1");
	CHECK_NEAR(r->value, 0.1, 1e-12);
	CHECK_NEAR(r->ci_low, -0.0318903739259695, 1e-9);
	CHECK_NEAR(r->ci_high, 0.227172251037218, 1e-9);
	CHECK_INT(r->status, STATUS_OK);
	/* R newc(60, 100, 50, 100) -> 0.1 -0.0373021032154635 0.232123054202663 */
	r = find(&res, "label_rate_shift", "s", "grade=low", "g1");
	CHECK_NEAR(r->ci_low, -0.0373021032154635, 1e-9);
	/* mid vanished from the labels: R newc(0, 100, 20, 100) -> -0.2 -0.288829165593159 -0.12378658593593 */
	r = find(&res, "label_rate_shift", "s", "grade=mid", "g1");
	CHECK_NEAR(r->value, -0.2, 1e-12);
	CHECK_NEAR(r->ci_low, -0.288829165593159, 1e-9);
	CHECK_NEAR(r->ci_high, -0.12378658593593, 1e-9);
	CHECK_INT(r->status, STATUS_WARN);
	audit_result_free(&res);

	/* A binary label then and a multi-class one now are not comparable: no label_rate_shift. */
	double n_bin[] = {40, 60};
	struct count_table t_bin = table("s", groups, 1, 2, n_bin, u);
	struct count_table t_multi = table("s", groups, 1, 3, n_then, u);
	struct count_tables bin = version(&t_bin, 1, BINARY, 2, 1), multi = version(&t_multi, 1, c_then, 3, 0);
	drift_records(&bin, &multi, "grade", 30, &res);
	CHECK_INT(count_metric(&res, "label_rate_shift"), 0);
	CHECK_INT(count_metric(&res, "share_shift"), 1);
	audit_result_free(&res);
}

void test_drift(void)
{
	test_binary();
	test_one_sided();
	test_thresholds();
	test_label_thresholds();
	test_multiclass();
}
