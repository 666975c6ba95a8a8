/*
 * test_quality.c — quality and privacy records (metrics/quality.h,
 * metrics/privacy.h) from hand-made count tables: every rule's value, n,
 * status and detail. Expected values are computed by hand from the counts,
 * or with R 4.2.2 where a quantile or interval is involved (the call is in
 * the comment).
 */
#include "harness.h"

#include <math.h>

#include "privacy.h"
#include "quality.h"

void test_quality(void);

static int same(const char *a, const char *b)
{
	return (a == NULL && b == NULL) || (a && b && strcmp(a, b) == 0);
}

/* The record of metric for column and group (NULL: none), or NULL if absent. */
static const struct audit_record *find(const struct audit_result *r, const char *metric, const char *column,
				       const char *group)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct audit_record *rec = &r->records[i];
		if (strcmp(rec->metric, metric) == 0 && same(rec->column, column) && same(rec->group, group))
			return rec;
	}
	return NULL;
}

static size_t count_metric(const struct audit_result *r, const char *metric)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		n += strcmp(r->records[i].metric, metric) == 0;
	return n;
}

/* Checks a record's value (NAN: must be null), n, status and detail (NULL: none). */
static void check_record(const struct audit_result *res, const char *metric, const char *column, double value,
			 double n, enum record_status status, const char *detail)
{
	const struct audit_record *r = find(res, metric, column, NULL);
	HARNESS_REPORT(r != NULL, "no record %s of %s", metric, column ? column : "(dataset)");
	if (!r)
		return;
	if (isnan(value))
		HARNESS_REPORT(isnan(r->value), "%s of %s = %.17g, want null", metric, column, r->value);
	else
		HARNESS_REPORT(fabs(r->value - value) <= 1e-14 * fmax(1, fabs(value)),
			       "%s of %s = %.17g, want %.17g", metric, column, r->value, value);
	if (isnan(n))
		HARNESS_REPORT(isnan(r->n), "%s of %s: n = %.17g, want null", metric, column, r->n);
	else
		HARNESS_REPORT(r->n == n, "%s of %s: n = %.17g, want %.17g", metric, column, r->n, n);
	HARNESS_REPORT(r->status == status, "%s of %s: status %s, want %s", metric, column,
		       record_status_name(r->status), record_status_name(status));
	HARNESS_REPORT(same(r->detail, detail), "%s of %s: detail \"%s\", want \"%s\"", metric, column,
		       r->detail ? r->detail : "(null)", detail ? detail : "(null)");
	CHECK_STR(r->family, strncmp(metric, "pii_", 4) == 0 || strcmp(metric, "k_anonymity") == 0 ||
				     strcmp(metric, "records_at_risk") == 0 || strcmp(metric, "l_diversity") == 0 ||
				     strcmp(metric, "candidate_k_anonymity") == 0
			     ? "privacy"
			     : "quality");
	CHECK(r->attribute == NULL && r->group == NULL && r->reference == NULL);
}

/*
 * 200 rows, six columns:
 *   id     numeric, the id: 2 missing, 195 distinct
 *   age    numeric, 10 missing; the histogram of the outlier test
 *   income numeric, 98 missing; 102 cells, IQR 0
 *   city   text, 100 missing, one value
 *   code   text, 180 numbers and 20 texts, 4 outside its domain
 *   hired  the label, numeric 0/1: 60 zeros, 140 ones
 * A sex table of the label: F 25/65, M 35/75 (class totals 60/140 = 30%/70%).
 */
static double age_value[] = {-100, 10, 20, 30, 40, 50, 200};
static double age_count[] = {1, 47, 46, 48, 38, 7, 3};
static double income_value[] = {5, 6, 7};
static double income_count[] = {1, 100, 1};
static double id_value[] = {1, 2, 1000};
static double id_count[] = {1, 1, 1};
static double hired_value[] = {0, 1};
static double hired_count[] = {60, 140};

static void make_columns(struct column_counts *cols)
{
	memset(cols, 0, 6 * sizeof *cols);
	cols[0] = (struct column_counts){.name = "id", .numeric = 1, .role = ROLE_ID, .missing = 2, .distinct = 195,
					 .nlevels = 3, .level_value = id_value, .level_count = id_count};
	cols[1] = (struct column_counts){.name = "age", .numeric = 1, .role = ROLE_DATA, .missing = 10, .distinct = 7,
					 .nlevels = 7, .level_value = age_value, .level_count = age_count};
	cols[2] = (struct column_counts){.name = "income", .numeric = 1, .role = ROLE_DATA, .missing = 98,
					 .distinct = 3, .nlevels = 3, .level_value = income_value,
					 .level_count = income_count};
	cols[3] = (struct column_counts){.name = "city", .role = ROLE_DATA, .missing = 100, .distinct = 1,
					 .texts = 100, .has_domain = 1};
	cols[4] = (struct column_counts){.name = "code", .role = ROLE_DATA, .distinct = 50, .numbers = 180,
					 .texts = 20, .has_domain = 1, .out_of_domain = 4};
	cols[5] = (struct column_counts){.name = "hired", .numeric = 1, .role = ROLE_LABEL, .distinct = 2,
					 .nlevels = 2, .level_value = hired_value, .level_count = hired_count};
}

static void test_quality_full(void)
{
	struct column_counts cols[6];
	make_columns(cols);
	char *groups[] = {"F", "M"}, *classes[] = {"0", "1"}, *strata[] = {"(all)"};
	double n[] = {25, 65, 35, 75}, unlabeled[] = {0, 0};
	struct count_table t = {.attribute = "sex", .groups = groups, .ngroups = 2, .nstrata = 1, .nclasses = 2,
				.n = n, .unlabeled = unlabeled, .member = 0};
	double class_rows[] = {60, 140}; /* the classes' totals in n */
	struct count_tables ct = {.rows = 200, .has_label = 1, .classes = classes, .nclasses = 2, .binary = 1,
				  .class_rows = class_rows, .strata = strata, .nstrata = 1, .tables = &t, .ntables = 1,
				  .columns = cols, .ncolumns = 6};
	ct.dataset = (struct dataset_counts){.duplicate_rows = 2, .conflicting_rows = 5, .conflicting_sets = 2,
					     .id_duplicates = 3, .id_missing = 2};
	struct audit_result res = {0};
	quality_records(&ct, &res);

	/* 1 */
	check_record(&res, "rows", NULL, 200, 200, STATUS_OK, NULL);
	check_record(&res, "columns", NULL, 6, NAN, STATUS_OK, NULL);

	/* 2: income 98/200 stays ok, city 100/200 = 0.5 is mostly empty. */
	check_record(&res, "missing_rate", "income", 0.49, 200, STATUS_OK, NULL);
	check_record(&res, "missing_rate", "city", 0.5, 200, STATUS_WARN, NULL);
	check_record(&res, "missing_rate", "code", 0, 200, STATUS_OK, NULL);
	check_record(&res, "missing_rate", "id", 0.01, 200, STATUS_OK, NULL);
	/* R 4.2.2: prop.test(98, 200, correct = FALSE)$conf.int */
	const struct audit_record *r = find(&res, "missing_rate", "income", NULL);
	CHECK_NEAR(r->ci_low, 0.42156278331213182, 1e-12);
	CHECK_NEAR(r->ci_high, 0.55881412321541346, 1e-12);
	/* R 4.2.2: prop.test(100, 200, correct = FALSE)$conf.int */
	r = find(&res, "missing_rate", "city", NULL);
	CHECK_NEAR(r->ci_low, 0.43136085960389192, 1e-12);
	CHECK_NEAR(r->ci_high, 0.56863914039610808, 1e-12);
	CHECK_INT(count_metric(&res, "missing_rate"), 6);

	/* 3: n = non-missing cells */
	check_record(&res, "distinct_count", "id", 195, 198, STATUS_OK, NULL);
	check_record(&res, "distinct_count", "age", 7, 190, STATUS_OK, NULL);
	check_record(&res, "distinct_count", "city", 1, 100, STATUS_OK, NULL);
	CHECK_INT(count_metric(&res, "distinct_count"), 6);

	/* 4 */
	check_record(&res, "constant_column", "city", 1, 100, STATUS_WARN, "a single value");
	check_record(&res, "constant_column", "code", 0, 200, STATUS_OK, NULL);
	check_record(&res, "constant_column", "hired", 0, 200, STATUS_OK, NULL);
	CHECK_INT(count_metric(&res, "constant_column"), 6);

	/* 5: 2 / 200 = 1% */
	check_record(&res, "duplicate_rows", NULL, 2, 200, STATUS_WARN,
		     "1% of rows; the id column, if any, is not compared");

	/* 6: the label's column is the ROLE_LABEL one */
	check_record(&res, "conflicting_labels", "hired", 5, 200, STATUS_WARN,
		     "5 rows in 2 sets of otherwise equal rows");

	/* 7: n = 200 rows - 2 without an id */
	check_record(&res, "id_duplicates", "id", 3, 198, STATUS_FAIL, "3 rows repeat an earlier id; 2 rows have no id");

	/* 8: text columns only; city holds no number, code both kinds */
	check_record(&res, "mixed_types", "city", 0, 100, STATUS_OK, "0 numbers, 100 text values");
	check_record(&res, "mixed_types", "code", 20, 200, STATUS_WARN, "180 numbers, 20 text values");
	CHECK_INT(count_metric(&res, "mixed_types"), 2);

	/* 9: 4 of 200 non-missing cells = 2% */
	check_record(&res, "out_of_domain", "city", 0, 100, STATUS_OK, NULL);
	check_record(&res, "out_of_domain", "code", 4, 200, STATUS_WARN, "2% of non-missing cells");
	CHECK_INT(count_metric(&res, "out_of_domain"), 2);

	/*
	 * 10. R 4.2.2:
	 *   x <- rep(c(-100,10,20,30,40,50,200), c(1,47,46,48,38,7,3))
	 *   q <- quantile(x, c(.25,.75), type = 7)   # 12.5 37.5 (interpolated: h = 48.25, 142.75)
	 *   f <- q + c(-3, 3) * diff(q)              # -62.5 112.5
	 *   mean(x < f[1] | x > f[2])                # 0.021052631578947368 (4 / 190)
	 */
	check_record(&res, "outlier_rate", "age", 4.0 / 190, 190, STATUS_WARN,
		     "4 cells outside the fences [-62.5, 112.5] (Q1 12.5, Q3 37.5)");
	CHECK_NEAR(find(&res, "outlier_rate", "age", NULL)->value, 0.021052631578947368, 1e-15);
	/* R 4.2.2: quantile(rep(5:7, c(1,100,1)), c(.25,.75), type = 7) is 6 6: IQR 0 */
	check_record(&res, "outlier_rate", "income", NAN, 102, STATUS_OK, "interquartile range is 0: fences undefined");
	/* The 0/1 label: Q1 0, Q3 1, fences [-3, 4], nothing outside. The id is skipped. */
	check_record(&res, "outlier_rate", "hired", 0, 200, STATUS_OK,
		     "0 cells outside the fences [-3, 4] (Q1 0, Q3 1)");
	CHECK(find(&res, "outlier_rate", "id", NULL) == NULL);
	CHECK_INT(count_metric(&res, "outlier_rate"), 3);

	/* 11: classes 60/140 from the sex table; H = -(0.3 log2 0.3 + 0.7 log2 0.7)
	 * R 4.2.2: p <- c(.3,.7); -sum(p*log2(p))  # 0.8812908992306927 */
	check_record(&res, "label_imbalance", "hired", 1 - 0.8812908992306927, 200, STATUS_OK,
		     "2 classes; entropy 0.8813 of 1 bits");

	/* Records come in rule order. */
	CHECK_STR(res.records[0].metric, "rows");
	CHECK_STR(res.records[1].metric, "columns");
	CHECK_STR(res.records[2].metric, "missing_rate");
	CHECK_STR(res.records[res.n - 1].metric, "label_imbalance");
	CHECK_INT(res.n, 2 + 6 * 3 + 3 + 2 + 2 + 3 + 1);
	audit_result_free(&res);
}

/* No rows; no label, no id: the dataset-level rules that need them are skipped. */
static void test_quality_empty(void)
{
	struct column_counts col = {.name = "x", .role = ROLE_DATA};
	struct count_tables ct = {.rows = 0, .nclasses = 1, .columns = &col, .ncolumns = 1};
	ct.dataset = (struct dataset_counts){.duplicate_rows = 0, .conflicting_rows = NAN, .conflicting_sets = NAN,
					     .id_duplicates = NAN, .id_missing = NAN};
	struct audit_result res = {0};
	quality_records(&ct, &res);
	check_record(&res, "rows", NULL, 0, 0, STATUS_OK, NULL);
	check_record(&res, "columns", NULL, 1, NAN, STATUS_OK, NULL);
	check_record(&res, "missing_rate", "x", NAN, 0, STATUS_OK, "no rows");
	check_record(&res, "distinct_count", "x", 0, 0, STATUS_OK, NULL);
	check_record(&res, "constant_column", "x", 1, 0, STATUS_WARN, "no non-missing value");
	check_record(&res, "duplicate_rows", NULL, 0, 0, STATUS_OK, "no rows");
	CHECK(find(&res, "conflicting_labels", NULL, NULL) == NULL);
	CHECK_INT(count_metric(&res, "id_duplicates"), 0);
	CHECK_INT(count_metric(&res, "mixed_types"), 0);
	CHECK_INT(count_metric(&res, "out_of_domain"), 0);
	CHECK_INT(count_metric(&res, "outlier_rate"), 0);
	CHECK_INT(count_metric(&res, "label_imbalance"), 0);
	CHECK_INT(res.n, 6);
	audit_result_free(&res);
}

/* The classes' totals come from the counting, tables or not (rule 11a). */
static void test_quality_label_levels(void)
{
	double two[] = {10, 90}, three[] = {50, 30, 20};
	struct column_counts cols[2] = {
		{.name = "id", .role = ROLE_ID, .distinct = 100},
		{.name = "grade", .role = ROLE_LABEL, .distinct = 2, .nlevels = 2, .level_count = two},
	};
	struct count_tables ct = {.rows = 100, .has_label = 1, .nclasses = 2, .class_rows = two, .columns = cols,
				  .ncolumns = 2};
	ct.dataset = (struct dataset_counts){.conflicting_rows = 0, .conflicting_sets = 0, .id_duplicates = 0,
					     .id_missing = 0};
	struct audit_result res = {0};
	quality_records(&ct, &res);
	/* R 4.2.2: p <- c(.1,.9); 1 + sum(p*log2(p))  # 0.53100440641071878 */
	check_record(&res, "label_imbalance", "grade", 0.53100440641071878, 100, STATUS_WARN,
		     "2 classes; entropy 0.469 of 1 bits");
	check_record(&res, "conflicting_labels", "grade", 0, 100, STATUS_OK, "0 rows in 0 sets of otherwise equal rows");
	/* A unique id with no gap: ok, nothing to say. */
	check_record(&res, "id_duplicates", "id", 0, 100, STATUS_OK, NULL);
	check_record(&res, "duplicate_rows", NULL, 0, 100, STATUS_OK, "0% of rows; the id column, if any, is not compared");
	audit_result_free(&res);

	ct.class_rows = three;
	ct.nclasses = 3;
	quality_records(&ct, &res);
	/* R 4.2.2: p <- c(.5,.3,.2); H <- -sum(p*log2(p)); 1 - H/log2(3)
	 * H = 1.485475297227334401, value 0.062769436783870369 */
	check_record(&res, "label_imbalance", "grade", 0.062769436783870369, 100, STATUS_OK,
		     "3 classes; entropy 1.485 of 1.585 bits");
	audit_result_free(&res);

	/* No class totals: null (11b). */
	ct.class_rows = NULL;
	quality_records(&ct, &res);
	check_record(&res, "label_imbalance", "grade", NAN, NAN, STATUS_OK, "no labeled rows");
	audit_result_free(&res);

	/* Exactly balanced classes give 0, never a rounding residue below it. */
	double even[] = {25, 25, 25, 25};
	ct.class_rows = even;
	ct.nclasses = 4;
	quality_records(&ct, &res);
	check_record(&res, "label_imbalance", "grade", 0, 100, STATUS_OK, "4 classes; entropy 2 of 2 bits");
	audit_result_free(&res);
}

/*
 * 100 rows. email: 10 missing, 5 e-mail cells and 2 phone cells; note: 1
 * IBAN without a kept example; age: nothing. Quasi-identifiers age, zip in
 * six classes of 40, 30, 20, 5, 3, 2 rows (kept as a histogram of sizes,
 * ascending, one class each) with 3, 2, 2, 1, 1, 1 distinct diagnoses: at
 * least 1 in every class.
 */
static void make_privacy(struct column_counts *cols, struct count_tables *ct, double *size, double *count)
{
	memset(cols, 0, 3 * sizeof *cols);
	cols[0] = (struct column_counts){.name = "email", .missing = 10};
	cols[0].pii[PII_EMAIL] = 5;
	cols[0].pii_examples[PII_EMAIL] = "j***@e***.com, a***@e***.org";
	cols[0].pii[PII_PHONE] = 2;
	cols[0].pii_examples[PII_PHONE] = "+** **-****-**78";
	cols[1] = (struct column_counts){.name = "note"};
	cols[1].pii[PII_IBAN] = 1;
	cols[2] = (struct column_counts){.name = "age", .numeric = 1};
	double s[] = {2, 3, 5, 20, 30, 40}, k[] = {1, 1, 1, 1, 1, 1};
	memcpy(size, s, sizeof s);
	memcpy(count, k, sizeof k);
	*ct = (struct count_tables){.rows = 100, .columns = cols, .ncolumns = 3};
	ct->dataset = (struct dataset_counts){.duplicate_rows = 0, .conflicting_rows = NAN, .id_duplicates = NAN,
					      .id_missing = NAN, .class_size = size, .class_count = count,
					      .nsizes = 6, .nclasses = 6, .min_sensitive = 1};
}

static void test_privacy(void)
{
	struct column_counts cols[3];
	struct count_tables ct;
	double size[6], count[6];
	make_privacy(cols, &ct, size, count);
	const char *quasi[] = {"age", "zip"};
	struct audit_result res = {0};
	privacy_records(&ct, quasi, 2, "diagnosis", 5, &res);

	/* 1: only the masked examples, exactly as the counting kept them */
	check_record(&res, "pii_email", "email", 5, 90, STATUS_FAIL, "e.g. j***@e***.com, a***@e***.org");
	check_record(&res, "pii_phone", "email", 2, 90, STATUS_FAIL, "e.g. +** **-****-**78");
	check_record(&res, "pii_iban", "note", 1, 100, STATUS_FAIL, NULL);
	CHECK_STR(res.records[0].metric, "pii_email");
	CHECK_STR(res.records[1].metric, "pii_phone");
	CHECK_STR(res.records[2].metric, "pii_iban");

	/* 2: smallest class 2 < k = 5 */
	check_record(&res, "k_anonymity", "age,zip", 2, 100, STATUS_FAIL, "6 equivalence classes over age, zip; k = 5");
	/* 3: classes of 3 and 2 rows are under 5: 5 rows of 100 */
	check_record(&res, "records_at_risk", "age,zip", 5, 100, STATUS_WARN,
		     "5% of rows are in classes smaller than k = 5");
	/* 4: a class with one diagnosis */
	check_record(&res, "l_diversity", "diagnosis", 1, 100, STATUS_WARN, "6 equivalence classes over age, zip");
	CHECK_INT(res.n, 6);
	audit_result_free(&res);

	/* k = 2: the smallest class (2) is enough; nobody is at risk; l = 2 is enough. */
	ct.dataset.min_sensitive = 2;
	privacy_records(&ct, quasi, 2, "diagnosis", 2, &res);
	check_record(&res, "k_anonymity", "age,zip", 2, 100, STATUS_OK, "6 equivalence classes over age, zip; k = 2");
	check_record(&res, "records_at_risk", "age,zip", 0, 100, STATUS_OK,
		     "0% of rows are in classes smaller than k = 2");
	check_record(&res, "l_diversity", "diagnosis", 2, 100, STATUS_OK, "6 equivalence classes over age, zip");
	audit_result_free(&res);

	/* No quasi-identifiers: only the personal data; no sensitive column: no l_diversity. */
	privacy_records(&ct, NULL, 0, "diagnosis", 5, &res);
	CHECK_INT(res.n, 3);
	audit_result_free(&res);
	privacy_records(&ct, quasi, 1, NULL, 5, &res);
	check_record(&res, "k_anonymity", "age", 2, 100, STATUS_FAIL, "6 equivalence classes over age; k = 5");
	CHECK_INT(count_metric(&res, "l_diversity"), 0);
	audit_result_free(&res);

	/* 5: no classes counted, then no rows. */
	ct.dataset.class_size = NULL;
	privacy_records(&ct, quasi, 2, "diagnosis", 5, &res);
	check_record(&res, "k_anonymity", "age,zip", NAN, 100, STATUS_INSUFFICIENT, "no equivalence classes were counted");
	check_record(&res, "records_at_risk", "age,zip", NAN, 100, STATUS_INSUFFICIENT,
		     "no equivalence classes were counted");
	check_record(&res, "l_diversity", "diagnosis", NAN, 100, STATUS_INSUFFICIENT,
		     "no equivalence classes were counted");
	audit_result_free(&res);

	struct column_counts none = {.name = "x"};
	struct count_tables empty = {.rows = 0, .columns = &none, .ncolumns = 1};
	empty.dataset = (struct dataset_counts){.id_duplicates = NAN, .id_missing = NAN, .conflicting_rows = NAN,
						.min_sensitive = NAN};
	privacy_records(&empty, quasi, 2, "diagnosis", 5, &res);
	check_record(&res, "k_anonymity", "age,zip", NAN, 0, STATUS_INSUFFICIENT, "no rows");
	check_record(&res, "records_at_risk", "age,zip", NAN, 0, STATUS_INSUFFICIENT, "no rows");
	CHECK_INT(count_metric(&res, "l_diversity"), 0);
	CHECK_INT(res.n, 2);
	audit_result_free(&res);
}

/*
 * Rules 1 and 6: names and birth dates are records like the other kinds;
 * without configured quasi-identifiers the candidates (age, zip: columns 2
 * and 3 here) give candidate_k_anonymity over the same classes.
 */
static void test_privacy_direct_and_candidates(void)
{
	struct column_counts cols[4];
	memset(cols, 0, sizeof cols);
	cols[0] = (struct column_counts){.name = "full_name", .missing = 4};
	cols[0].pii[PII_PERSON_NAME] = 90;
	cols[0].pii_examples[PII_PERSON_NAME] = "J*** S***, M*** O***";
	cols[1] = (struct column_counts){.name = "dob"};
	cols[1].pii[PII_BIRTH_DATE] = 100;
	cols[1].pii_examples[PII_BIRTH_DATE] = "****-**-**";
	cols[2] = (struct column_counts){.name = "age", .numeric = 1};
	cols[3] = (struct column_counts){.name = "zip"};
	double size[] = {2, 3, 5, 20, 30, 40}, count[] = {1, 1, 1, 1, 1, 1};
	struct count_tables ct = {.rows = 100, .columns = cols, .ncolumns = 4};
	ct.dataset = (struct dataset_counts){.conflicting_rows = NAN, .id_duplicates = NAN, .id_missing = NAN,
					     .class_size = size, .class_count = count, .nsizes = 6, .nclasses = 6,
					     .min_sensitive = NAN, .candidate = {2, 3}, .ncandidates = 2};
	struct audit_result res = {0};
	privacy_records(&ct, NULL, 0, NULL, 5, &res);
	check_record(&res, "pii_person_name", "full_name", 90, 96, STATUS_FAIL, "e.g. J*** S***, M*** O***");
	check_record(&res, "pii_birth_date", "dob", 100, 100, STATUS_FAIL, "e.g. ****-**-**");
	/* smallest class 2 < 5: a warning, never a fail */
	check_record(&res, "candidate_k_anonymity", "age,zip", 2, 100, STATUS_WARN,
		     "candidate quasi-identifiers age, zip (not configured): 6 equivalence classes; k = 5");
	CHECK_STR(res.records[2].metric, "candidate_k_anonymity");
	CHECK_INT(res.n, 3);
	audit_result_free(&res);

	/* k = 2 is reached: ok */
	privacy_records(&ct, NULL, 0, NULL, 2, &res);
	check_record(&res, "candidate_k_anonymity", "age,zip", 2, 100, STATUS_OK,
		     "candidate quasi-identifiers age, zip (not configured): 6 equivalence classes; k = 2");
	audit_result_free(&res);

	/* configured quasi-identifiers: k_anonymity, no candidate record */
	const char *quasi[] = {"age"};
	privacy_records(&ct, quasi, 1, NULL, 5, &res);
	CHECK_INT(count_metric(&res, "candidate_k_anonymity"), 0);
	CHECK_INT(count_metric(&res, "k_anonymity"), 1);
	audit_result_free(&res);

	/* no rows: insufficient, the candidates still named */
	ct.rows = 0;
	privacy_records(&ct, NULL, 0, NULL, 5, &res);
	check_record(&res, "candidate_k_anonymity", "age,zip", NAN, 0, STATUS_INSUFFICIENT,
		     "candidate quasi-identifiers age, zip (not configured): no rows");
	audit_result_free(&res);
}

/*
 * 10c: numeric columns past LEVELS_MAX with the sorted pass (ordered): the
 * quartiles and the cells outside come from the counting step. salary is
 * 20,003 distinct values, R 4.2.2 and numpy 1.24.2:
 *   x <- c(-9000, 1:20000 / 4, 20000, 30000)
 *   q <- quantile(x, c(.25, .75), type = 7)   # 1250.125 3750.375 (np.percentile(x, [25, 75]) the same)
 *   f <- q + c(-3, 3) * diff(q)               # -6250.625 11251.125
 *   sum(x < f[1] | x > f[2])                  # 3, rate 0.00014997750337449384
 * The same column with levels gives the same record.
 */
static void test_quality_ordered(void)
{
	enum { N = 20003 };
	double *value = malloc(N * sizeof *value), *count = malloc(N * sizeof *count);
	if (!value || !count)
		return;
	value[0] = -9000;
	for (int i = 1; i <= 20000; i++)
		value[i] = i / 4.0;
	value[20001] = 20000;
	value[20002] = 30000;
	for (int i = 0; i < N; i++)
		count[i] = 1;
	double lo, hi;
	CHECK_INT(quality_outlier_fences(1250.125, 3750.375, &lo, &hi), 0);
	CHECK_NEAR(lo, -6250.625, 0);
	CHECK_NEAR(hi, 11251.125, 0);
	struct column_counts cols[4] = {
		{.name = "salary", .numeric = 1, .real = 1, .role = ROLE_DATA, .missing = 7, .distinct = N,
		 .ordered = 1, .q1 = 1250.125, .median = 2500.25, .q3 = 3750.375, .outside = 3},
		/* 75% of the cells at one value: IQR 0 (10a) */
		{.name = "bonus", .numeric = 1, .role = ROLE_DATA, .distinct = 20000, .ordered = 1, .q1 = 5,
		 .median = 5, .q3 = 5, .outside = 0},
		/* no value at all (10b) */
		{.name = "empty", .numeric = 1, .role = ROLE_DATA, .missing = N + 7, .ordered = 1, .q1 = NAN,
		 .median = NAN, .q3 = NAN, .outside = 0},
		{.name = "row_id", .numeric = 1, .role = ROLE_ID, .distinct = N + 7, .ordered = 1, .q1 = 1, .q3 = 2},
	};
	struct count_tables ct = {.rows = N + 7, .nclasses = 1, .columns = cols, .ncolumns = 4};
	ct.dataset = (struct dataset_counts){.conflicting_rows = NAN, .conflicting_sets = NAN, .id_duplicates = NAN,
					     .id_missing = NAN};
	struct audit_result res = {0};
	quality_records(&ct, &res);
	check_record(&res, "outlier_rate", "salary", 3.0 / N, N, STATUS_OK,
		     "3 cells outside the fences [-6250.62, 11251.1] (Q1 1250.12, Q3 3750.38)");
	CHECK_NEAR(find(&res, "outlier_rate", "salary", NULL)->value, 0.00014997750337449384, 1e-15);
	check_record(&res, "outlier_rate", "bonus", NAN, N + 7, STATUS_OK, "interquartile range is 0: fences undefined");
	check_record(&res, "outlier_rate", "empty", NAN, 0, STATUS_OK, "no values");
	CHECK(find(&res, "outlier_rate", "row_id", NULL) == NULL);
	CHECK_INT(count_metric(&res, "outlier_rate"), 3);
	const struct audit_record *ordered = find(&res, "outlier_rate", "salary", NULL);

	/* The same column as levels, past LEVELS_MAX or not, gives the same record. */
	struct column_counts lev = cols[0];
	lev.ordered = 0;
	lev.nlevels = N;
	lev.level_value = value;
	lev.level_count = count;
	ct.columns = &lev;
	ct.ncolumns = 1;
	struct audit_result res2 = {0};
	quality_records(&ct, &res2);
	const struct audit_record *levels = find(&res2, "outlier_rate", "salary", NULL);
	CHECK(ordered && levels && ordered->value == levels->value && levels->detail &&
	      strcmp(ordered->detail, levels->detail) == 0);
	audit_result_free(&res2);
	audit_result_free(&res);

	/* The fences are undefined without an IQR. */
	CHECK_INT(quality_outlier_fences(5, 5, &lo, &hi), -1);
	CHECK(isnan(lo) && isnan(hi));
	CHECK_INT(quality_outlier_fences(NAN, 5, &lo, &hi), -1);
	free(value);
	free(count);
}

void test_quality(void)
{
	test_quality_full();
	test_quality_empty();
	test_quality_label_levels();
	test_quality_ordered();
	test_privacy();
	test_privacy_direct_and_candidates();
}
