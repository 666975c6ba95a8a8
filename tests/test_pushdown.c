/*
 * test_pushdown.c — counting through SQL (src/pushdown.c) gives what the
 * scan gives. fixtures/hiring.csv is stored with its rows; its count
 * tables are built once by the scan (count_tables_build) and once by the
 * counting queries, which SQLite runs on the rows table; every metric
 * family then turns each into records, and the two lists must be equal
 * field for field, reals by their bits. The spec is the demo's
 * (fixtures/hiring_audit.json): protected sex and race, label, strata,
 * screener, gold, three annotators, the id, quasi-identifiers and a
 * sensitive column, so every query kind runs.
 */
#include "harness.h"

#include <math.h>

#include "column_bias.h"
#include "count.h"
#include "load.h"
#include "measurement.h"
#include "privacy.h"
#include "pushdown.h"
#include "quality.h"
#include "record.h"
#include "representation.h"
#include "selection.h"

void test_pushdown(void);

static void records_of(const struct count_tables *ct, const char *label, const char *strata,
		       const char *const *quasi, size_t nquasi, const char *sensitive, struct audit_result *res)
{
	for (size_t i = 0; i < ct->ntables; i++)
		representation_records(&ct->tables[i], NULL, res);
	for (size_t i = 0; i < ct->ntables; i++)
		selection_records(&ct->tables[i], ct, 0, label, strata, 30, res);
	measurement_overall_records(ct, res);
	label_leakage_records(ct, res);
	for (size_t i = 0; i < ct->ntables; i++) {
		if (ct->tables[i].member < 0)
			continue;
		measurement_records(&ct->tables[i], ct, 0, 30, res);
		column_bias_records(&ct->tables[i], ct, 30, res);
	}
	quality_records(ct, res);
	privacy_records(ct, quasi, nquasi, sensitive, 5, res);
}

static int same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static int same_record(const struct audit_record *a, const struct audit_record *b)
{
	return strcmp(a->family, b->family) == 0 && strcmp(a->metric, b->metric) == 0 &&
	       same_text(a->attribute, b->attribute) && same_text(a->column, b->column) &&
	       same_text(a->group, b->group) && same_text(a->reference, b->reference) &&
	       memcmp(&a->value, &b->value, sizeof a->value) == 0 &&
	       memcmp(&a->ci_low, &b->ci_low, sizeof a->ci_low) == 0 &&
	       memcmp(&a->ci_high, &b->ci_high, sizeof a->ci_high) == 0 &&
	       memcmp(&a->p_value, &b->p_value, sizeof a->p_value) == 0 &&
	       memcmp(&a->p_adjusted, &b->p_adjusted, sizeof a->p_adjusted) == 0 &&
	       memcmp(&a->n, &b->n, sizeof a->n) == 0 && a->status == b->status && same_text(a->detail, b->detail);
}

/* Stores csv_path with its rows and counts it both ways; returns the records' count, or -1. */
static long compare_paths(const char *csv_path, const struct count_spec *base, const char *label,
			  const char *strata, const char *const *quasi, size_t nquasi, const char *sensitive,
			  struct count_tables *pushed)
{
	char path[64];
	if (harness_temp_file("", 0, path) < 0)
		return -1;
	unlink(path);
	struct audit_err err = {0};
	struct store *st = NULL;
	struct load_options opt = {.path = csv_path};
	struct load_plan plan;
	struct load_result lr;
	struct strbuf warnings = {0};
	memset(&lr, 0, sizeof lr);
	long n = -1;
	if (load_scan(&opt, &plan, &warnings, &err) || store_open(path, &st, &err) ||
	    load_store(st, &opt, &plan, &lr, &err)) {
		fprintf(stderr, "test_pushdown: %s\n", err.msg);
		goto done;
	}
	struct count_spec spec = *base;
	spec.columns = lr.cols;
	spec.ncolumns = lr.ncols;
	spec.rows = (size_t)lr.version.rows;
	struct count_tables scanned;
	CHECK_INT(count_tables_build(st, lr.version.id, &spec, &scanned, &err), AUDIT_OK);
	CHECK_INT(pushdown_count_store(st, lr.version.id, &spec, pushed, &err), AUDIT_OK);
	struct audit_result a, b;
	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	records_of(&scanned, label, strata, quasi, nquasi, sensitive, &a);
	records_of(pushed, label, strata, quasi, nquasi, sensitive, &b);
	CHECK_INT(b.n, a.n);
	size_t differ = 0;
	for (size_t i = 0; i < a.n && i < b.n; i++)
		if (!same_record(&a.records[i], &b.records[i]) && differ++ < 3)
			fprintf(stderr, "%s: record %zu differs: %s %s %s %s: %.17g / %.17g (%s / %s)\n", csv_path, i,
				a.records[i].metric, a.records[i].column ? a.records[i].column : "",
				a.records[i].attribute ? a.records[i].attribute : "",
				a.records[i].group ? a.records[i].group : "", a.records[i].value, b.records[i].value,
				a.records[i].detail ? a.records[i].detail : "", b.records[i].detail ? b.records[i].detail : "");
	CHECK_INT(differ, 0);
	n = (long)a.n;
	audit_result_free(&a);
	audit_result_free(&b);
	count_tables_free(&scanned);
done:
	load_result_free(&lr);
	load_plan_free(&plan);
	strbuf_free(&warnings);
	store_close(st);
	unlink(path);
	return n;
}

/*
 * Counted by hand: rows 1 and 2 are equal but for their labels 1 and
 * missing (one set of 2 conflicting rows); rows 3 and 4 are equal with
 * one label; 5, 6, 7 and 8 are alone (7 differs from 1 in its email): 7
 * distinct (row, label) pairs in 8 rows, so 1 duplicate row. zip2 equals zip in
 * every row, missing where it is missing; zip3 differs in row 6. Scores
 * -0.0 and 0.0 are one value. Classes of sex and age: (F,30) 3 rows with
 * sensitive labels {1, 0} and one missing, (M,41) 2, (,52) 1, (M,52) 1,
 * (F,63) 1: sizes 1 three times, 2 once, 3 once; fewest labels 1.
 */
static const char small_csv[] =
	"id,sex,age,zip,zip2,zip3,score,label,email\n"
	"1,F,30,10001,10001,10001,1.5,1,a@example.com\n"
	"2,F,30,10001,10001,10001,1.5,,a@example.com\n"
	"3,M,41,10002,10002,10002,2.5,0,\n"
	"4,M,41,10002,10002,10002,2.5,0,\n"
	"5,,52,,,,-0.0,1,b@example.org\n"
	"6,M,52,10003,10003,10009,0.0,1,c@example.net\n"
	"7,F,30,10001,10001,10001,1.5,0,\n"
	"8,F,63,10004,10004,10004,3.25,1,d@example.com\n";

void test_pushdown(void)
{
	static const char *const protected[] = {"sex", "race"};
	static const char *const annotators[] = {"rater_1", "rater_2", "rater_3"};
	static const char *const quasi[] = {"sex", "age", "postcode"};
	struct count_spec demo = {.protected = protected, .nprotected = 2, .intersections = 2, .label = "hired",
				  .strata = "department", .prediction = "screen_pass", .gold = "qualified",
				  .annotators = annotators, .nannotators = 3, .id = "applicant_id",
				  .quasi_identifiers = quasi, .nquasi = 3, .sensitive = "hired"};
	struct count_tables pushed;
	CHECK(compare_paths("fixtures/hiring.csv", &demo, "hired", "department", quasi, 3, "hired", &pushed) > 800);
	CHECK_INT(pushed.rows, 5000);
	count_tables_free(&pushed);

	char csv[64];
	if (harness_temp_file(small_csv, sizeof small_csv - 1, csv) < 0) {
		CHECK(!"cannot make a temp file");
		return;
	}
	static const char *const sex[] = {"sex"};
	static const char *const classes[] = {"sex", "age"};
	struct count_spec small = {.protected = sex, .nprotected = 1, .intersections = 1, .label = "label",
				   .id = "id", .quasi_identifiers = classes, .nquasi = 2, .sensitive = "label"};
	CHECK(compare_paths(csv, &small, "label", NULL, classes, 2, "label", &pushed) > 0);
	unlink(csv);
	const struct dataset_counts *d = &pushed.dataset;
	CHECK_INT(pushed.rows, 8);
	CHECK_INT(d->duplicate_rows, 1);
	CHECK_INT(d->conflicting_rows, 2);
	CHECK_INT(d->conflicting_sets, 1);
	CHECK_INT(d->nsizes, 3);
	CHECK_INT(d->nsizes == 3 ? d->class_size[0] * 100 + d->class_count[0] : 0, 103);
	CHECK_INT(d->nsizes == 3 ? d->class_size[2] * 100 + d->class_count[2] : 0, 301);
	CHECK_INT(d->min_sensitive, 1);
	CHECK_INT(pushed.columns[4].same_as, 4); /* zip2: a copy of zip, column 3 */
	CHECK_INT(pushed.columns[5].same_as, 0); /* zip3 differs in row 6 */
	CHECK_INT(pushed.columns[6].distinct, 4); /* -0.0 and 0.0 are one score */
	count_tables_free(&pushed);

	/* The queries themselves: one joint, one per column, duplicates, and classes of sex, a candidate
	 * quasi-identifier (rule 21); no two columns share a type, so no query compares columns. */
	struct count_spec one = {.protected = sex, .nprotected = 1, .intersections = 1, .label = "label"};
	struct column_info cols[] = {{.name = "sex", .type = COL_TEXT}, {.name = "la\"bel", .type = COL_INTEGER}};
	one.columns = cols;
	one.ncolumns = 2;
	one.label = "la\"bel";
	struct counter *c = count_begin(&one);
	struct pushdown *pd = pushdown_new(c, &one, "\"t\"", '"');
	CHECK_INT(pushdown_count(pd), 5);
	CHECK_STR(pushdown_query(pd, 0)->sql, "SELECT \"sex\", \"la\"\"bel\", COUNT(*) FROM \"t\" GROUP BY \"sex\", \"la\"\"bel\"");
	CHECK_STR(pushdown_query(pd, 2)->sql, "SELECT \"la\"\"bel\", \"sex\", \"la\"\"bel\", COUNT(*) FROM \"t\" "
		  "GROUP BY \"la\"\"bel\", \"sex\", \"la\"\"bel\"");
	CHECK_STR(pushdown_query(pd, 3)->sql,
		  "SELECT COUNT(*), SUM(d), SUM(CASE WHEN d >= 2 THEN n ELSE 0 END), SUM(CASE WHEN d >= 2 THEN 1 ELSE 0 END) "
		  "FROM (SELECT COUNT(*) AS n, COUNT(DISTINCT \"la\"\"bel\") + MAX(CASE WHEN \"la\"\"bel\" IS NULL THEN 1 "
		  "ELSE 0 END) AS d FROM \"t\" GROUP BY \"sex\" HAVING COUNT(*) > 0) AS g");
	pushdown_free(pd);
	count_abort(c);
}
