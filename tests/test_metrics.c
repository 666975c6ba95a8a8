/*
 * test_metrics.c — representation and selection records from hand-made
 * count tables. Expected values are computed by hand from the counts, or
 * with R 4.2.2 where a test statistic is involved (the call is in the comment).
 */
#include "harness.h"

#include <math.h>

#include "representation.h"
#include "selection.h"

void test_metrics(void);

/* Finds the record of metric for group (NULL: attribute level); NULL if absent. */
static const struct audit_record *find(const struct audit_result *r, const char *metric, const char *group)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (strcmp(rec->metric, metric) != 0)
			continue;
		if ((group == NULL && rec->group == NULL) || (group && rec->group && strcmp(rec->group, group) == 0))
			return rec;
	}
	return NULL;
}

static double value_of(const struct audit_result *r, const char *metric, const char *group)
{
	const struct audit_record *rec = find(r, metric, group);
	return rec ? rec->value : -999;
}

static int status_of(const struct audit_result *r, const char *metric, const char *group)
{
	const struct audit_record *rec = find(r, metric, group);
	return rec ? (int)rec->status : -1;
}

/*
 * sex: F 30 positive of 100, M 60 of 120, plus 5 F rows without a label;
 * no strata, binary label.
 */
static void make_sex_table(struct count_table *t, struct count_tables *ct, char **groups, char **classes,
			   char **strata, double *n, double *unlabeled)
{
	groups[0] = "F";
	groups[1] = "M";
	classes[0] = "0";
	classes[1] = "1";
	strata[0] = "(all)";
	n[0] = 70; n[1] = 30;   /* F: negatives, positives */
	n[2] = 60; n[3] = 60;   /* M */
	unlabeled[0] = 5;
	unlabeled[1] = 0;
	*t = (struct count_table){.attribute = "sex", .groups = groups, .ngroups = 2, .nstrata = 1, .nclasses = 2,
				  .n = n, .unlabeled = unlabeled};
	*ct = (struct count_tables){.rows = 225, .has_label = 1, .classes = classes, .nclasses = 2, .binary = 1,
				    .strata = strata, .nstrata = 1, .tables = t, .ntables = 1};
}

static void test_representation(void)
{
	char *groups[2], *classes[2], *strata[1];
	double n[4], unlabeled[2];
	struct count_table t;
	struct count_tables ct;
	make_sex_table(&t, &ct, groups, classes, strata, n, unlabeled);
	const char *pop_groups[] = {"F", "M", "X"};
	double pop_shares[] = {0.5, 0.49, 0.01};
	struct population_ref pop = {pop_groups, pop_shares, 3};
	struct audit_result res = {0};
	representation_records(&t, &pop, &res);

	/* 105 F rows (100 labeled + 5 not) and 120 M rows: 225 in all. */
	CHECK_NEAR(value_of(&res, "group_count", "F"), 105, 0);
	CHECK_NEAR(value_of(&res, "group_share", "F"), 105.0 / 225, 1e-15);
	CHECK_NEAR(find(&res, "group_share", "F")->n, 225, 0);
	/* (n_rest - n_g) / N = (120 - 105) / 225 */
	CHECK_NEAR(value_of(&res, "class_imbalance", "F"), 15.0 / 225, 1e-15);
	CHECK_NEAR(value_of(&res, "class_imbalance", "M"), -15.0 / 225, 1e-15);
	/* (105/225) / 0.5 = 0.9333: inside [0.8, 1.25] */
	CHECK_NEAR(value_of(&res, "representation_ratio", "F"), (105.0 / 225) / 0.5, 1e-15);
	CHECK_INT(status_of(&res, "representation_ratio", "F"), STATUS_OK);
	/* X is in the population but has no row: count 0, ratio 0, warned. */
	CHECK_NEAR(value_of(&res, "group_count", "X"), 0, 0);
	CHECK_NEAR(value_of(&res, "representation_ratio", "X"), 0, 0);
	CHECK_INT(status_of(&res, "representation_ratio", "X"), STATUS_WARN);
	/* TVD: (|105/225 - .5| + |120/225 - .49| + |0 - .01|) / 2 */
	CHECK_NEAR(value_of(&res, "population_tvd", NULL),
		   (fabs(105.0 / 225 - 0.5) + fabs(120.0 / 225 - 0.49) + 0.01) / 2, 1e-14);
	/* R 4.2.2: chisq.test(c(105, 120, 0), p = c(.5, .49, .01))$statistic (df 2) */
	CHECK_NEAR(value_of(&res, "population_gof", NULL), 3.61224489795918, 1e-9);
	/* Expected count of X is 2.25 < 5: too little to judge. */
	CHECK_INT(status_of(&res, "population_gof", NULL), STATUS_INSUFFICIENT);
	audit_result_free(&res);
}

static void test_selection(void)
{
	char *groups[2], *classes[2], *strata[1];
	double n[4], unlabeled[2];
	struct count_table t;
	struct count_tables ct;
	make_sex_table(&t, &ct, groups, classes, strata, n, unlabeled);
	struct audit_result res = {0};
	/* Reference M (index 1); min_group 30. */
	selection_records(&t, &ct, 1, "hired", NULL, 30, &res);

	CHECK_NEAR(value_of(&res, "label_rate", "F"), 0.3, 1e-15);
	CHECK_NEAR(find(&res, "label_rate", "F")->n, 100, 0);
	CHECK_NEAR(value_of(&res, "label_rate", "M"), 0.5, 1e-15);
	/* dpl = rate(rest) - rate(g) */
	CHECK_NEAR(value_of(&res, "dpl", "F"), 0.2, 1e-14);
	CHECK_NEAR(value_of(&res, "statistical_parity_difference", "F"), -0.2, 1e-14);
	CHECK(find(&res, "statistical_parity_difference", "M") == NULL);
	/* DI 0.3 / 0.5 = 0.6 fails the four-fifths rule.
	 * R 4.2.2: exp(log(0.6) + c(-1,1) * qnorm(0.975) * sqrt(1/30 - 1/100 + 1/60 - 1/120)) */
	const struct audit_record *di = find(&res, "disparate_impact", "F");
	CHECK_NEAR(di->value, 0.6, 1e-14);
	CHECK_NEAR(di->ci_low, 0.423329784628129, 1e-9);
	CHECK_NEAR(di->ci_high, 0.850400829500432, 1e-9);
	CHECK_INT(di->status, STATUS_FAIL);
	CHECK_STR(di->reference, "M");
	/* Its test is F against the reference M: with two groups the same table as fisher_exact's below. */
	CHECK_NEAR(di->p_value, 0.00372504592508432, 1e-9);
	CHECK_NEAR(di->p_adjusted, 0.00372504592508432, 1e-9);
	/* R 4.2.2: fisher.test(matrix(c(30,70,60,60), 2, byrow = TRUE))$p.value; two groups → Holm doubles it */
	const struct audit_record *fe = find(&res, "fisher_exact", "F");
	CHECK_NEAR(fe->p_value, 0.00372504592508432, 1e-9);
	CHECK_NEAR(fe->p_adjusted, 2 * 0.00372504592508432, 1e-9);
	CHECK_INT(fe->status, STATUS_WARN);
	/* sample odds ratio (30 * 60) / (70 * 60) */
	CHECK_NEAR(fe->value, 30.0 * 60 / (70.0 * 60), 1e-14);
	/* R 4.2.2: chisq.test(matrix(c(30,70,60,60), 2, byrow = TRUE), correct = FALSE) */
	const struct audit_record *chi = find(&res, "chi2_independence", NULL);
	CHECK_NEAR(chi->value, 9.02564102564102, 1e-9);
	CHECK_NEAR(chi->p_value, 0.002662185508945, 1e-9);
	CHECK_INT(chi->status, STATUS_WARN);
	/* Cramér's V = sqrt(9.0256 / 220) */
	CHECK_NEAR(value_of(&res, "cramers_v", NULL), 0.202547873416733, 1e-9);
	/* F's label distribution (0.7, 0.3) against the rest's (0.5, 0.5):
	 * R: p <- c(.7,.3); q <- c(.5,.5); sum(p*log(p/q)) — by symmetry equal to the (.3,.7) case */
	CHECK_NEAR(value_of(&res, "kl_divergence", "F"), 0.0822828785050518, 1e-9);
	CHECK_NEAR(value_of(&res, "js_divergence", "F"), 0.0210059257018371, 1e-9);
	CHECK_NEAR(value_of(&res, "tvd", "F"), 0.2, 1e-14);
	CHECK_NEAR(value_of(&res, "ks", "F"), 0.2, 1e-14);
	CHECK_NEAR(value_of(&res, "lp_norm", "F"), sqrt(0.08), 1e-14);
	audit_result_free(&res);

	/* The same table with min_group 110: F (100 labeled) is too small to describe, but its comparison
	 * with M is judged by its evidence (selection.h rule 9): 0.3 / 0.5 = 0.6, Fisher p below 0.05. */
	selection_records(&t, &ct, 1, "hired", NULL, 110, &res);
	CHECK_INT(status_of(&res, "disparate_impact", "F"), STATUS_FAIL);
	CHECK_INT(status_of(&res, "fisher_exact", "F"), STATUS_WARN);
	CHECK_INT(status_of(&res, "label_rate", "F"), STATUS_INSUFFICIENT);
	CHECK_INT(status_of(&res, "label_rate", "M"), STATUS_OK);
	audit_result_free(&res);
}

static void test_selection_edges(void)
{
	/* The reference group has rate 0: DI is null with a detail, never a fake number. */
	char *groups[] = {"A", "B"}, *classes[] = {"0", "1"}, *strata[] = {"(all)"};
	double n[] = {40, 10, 50, 0};
	double unlabeled[] = {0, 0};
	struct count_table t = {.attribute = "g", .groups = groups, .ngroups = 2, .nstrata = 1, .nclasses = 2,
				.n = n, .unlabeled = unlabeled};
	struct count_tables ct = {.rows = 100, .has_label = 1, .classes = classes, .nclasses = 2, .binary = 1,
				  .strata = strata, .nstrata = 1, .tables = &t, .ntables = 1};
	struct audit_result res = {0};
	selection_records(&t, &ct, 1, "y", NULL, 30, &res);
	const struct audit_record *di = find(&res, "disparate_impact", "A");
	CHECK(isnan(di->value));
	CHECK(di->detail && strstr(di->detail, "reference group's rate is 0"));
	audit_result_free(&res);

	/* A single-group attribute: the chi-square is undefined, not 0. */
	char *one[] = {"only"};
	double n1[] = {10, 40};
	double u1[] = {0};
	struct count_table t1 = {.attribute = "g", .groups = one, .ngroups = 1, .nstrata = 1, .nclasses = 2,
				 .n = n1, .unlabeled = u1};
	ct.tables = &t1;
	selection_records(&t1, &ct, 0, "y", NULL, 30, &res);
	CHECK(isnan(value_of(&res, "chi2_independence", NULL)));
	CHECK(find(&res, "disparate_impact", "only") == NULL);
	audit_result_free(&res);
}

static void test_strata(void)
{
	/*
	 * Two strata (departments); group F vs M. Stratum 1: F 10+/40, M 30+/60;
	 * stratum 2: F 5+/45, M 3+/15. Classes {negative, positive}.
	 * R 4.2.2: mantelhaen.test(array(c(10,30,30,30, 5,3,40,12), dim = c(2,2,2)))
	 *   — tables [[a, c], [b, d]] column-major: a = F+, c = M+, b = F-, d = M-.
	 */
	char *groups[] = {"F", "M"}, *classes[] = {"negative", "positive"}, *strata[] = {"eng", "ops"};
	double n[] = {
		30, 10, 40, 5,   /* F: eng (neg, pos), ops (neg, pos) */
		30, 30, 12, 3,   /* M */
	};
	double unlabeled[] = {0, 0};
	struct count_table t = {.attribute = "sex", .groups = groups, .ngroups = 2, .nstrata = 2, .nclasses = 2,
				.n = n, .unlabeled = unlabeled};
	struct count_tables ct = {.rows = 160, .has_label = 1, .classes = classes, .nclasses = 2, .binary = 1,
				  .strata = strata, .nstrata = 2, .tables = &t, .ntables = 1};
	struct audit_result res = {0};
	selection_records(&t, &ct, 1, "hired", "dept", 30, &res);
	/*
	 * CDD by hand, F: eng DD = 30/60 - 10/40 = 0.25 (n 100); ops DD = 40/52 - 5/8
	 * = 0.144230769... (n 60); CDD = (100 * 0.25 + 60 * 0.1442307692) / 160.
	 */
	CHECK_NEAR(value_of(&res, "cdd", "F"), (100 * 0.25 + 60 * (40.0 / 52 - 5.0 / 8)) / 160, 1e-12);
	const struct audit_record *mh = find(&res, "mantel_haenszel_or", "F");
	CHECK(mh != NULL);
	/* MH OR by hand: (10*30/100 + 5*12/60) / (30*30/100 + 40*3/60) = (3 + 1) / (9 + 2) */
	CHECK_NEAR(mh->value, 4.0 / 11, 1e-12);
	/* R 4.2.2: the same mantelhaen.test: $p.value and $conf.int */
	CHECK_NEAR(mh->p_value, 0.0149938687371849, 1e-9);
	CHECK_NEAR(mh->ci_low, 0.169983838874927, 1e-9);
	CHECK_NEAR(mh->ci_high, 0.777905745827827, 1e-9);
	audit_result_free(&res);
}

void test_metrics(void)
{
	test_representation();
	test_selection();
	test_selection_edges();
	test_strata();
}
