/*
 * test_chart.c — unit tests for reports/chart.c, draw.c and chart_file.c:
 * which charts a hand-made result calls for and their names (safe and
 * distinct whatever the data: "../a b/c", Korean, names that meet once
 * made safe, names that differ only in case), drawing every kind without a
 * cairo error on awkward data (NaN, no records, one group, 60 long-named
 * groups, invalid UTF-8), Hangul glyphs present in CHART_FONT, the PNG and
 * SVG files (their size, byte-identical rewrites in one process, an error
 * naming the file when the output directory cannot be made), and
 * chart_svg_text with and without an id prefix.
 *
 * Set DSAUDIT_CHART_DUMP=DIR to keep PNGs of the awkward charts in DIR for
 * a look. Entry point: test_chart().
 */
#include "chart.h"
#include "harness.h"
#include "record.h"
#include "util.h"

#include <errno.h>
#include <strings.h>
#include <sys/stat.h>

void test_chart(void);

static int draw_all(const struct audit_result *r, const char *tag);

/* ---- building results ------------------------------------------------- */

static struct audit_record *add(struct audit_result *r, const char *family, const char *metric,
				const char *attr, const char *column, const char *group, double value)
{
	struct audit_record rec = record_init(family, metric);
	rec.attribute = attr ? xstrdup(attr) : NULL;
	rec.column = column ? xstrdup(column) : NULL;
	rec.group = group ? xstrdup(group) : NULL;
	rec.value = value;
	return audit_result_add(r, &rec);
}

static void add_ci(struct audit_result *r, const char *family, const char *metric, const char *attr,
		   const char *column, const char *group, double value, double lo, double hi, double n,
		   enum record_status st)
{
	struct audit_record *rec = add(r, family, metric, attr, column, group, value);
	rec->ci_low = lo;
	rec->ci_high = hi;
	rec->n = n;
	rec->status = st;
}

/* A measurement-family disparity of the prediction column "pred" against reference ref. */
static void add_disp(struct audit_result *r, const char *metric, const char *attr, const char *group,
		     const char *ref, double value, double lo, double hi, enum record_status st)
{
	struct audit_record *rec = add(r, "measurement", metric, attr, "pred", group, value);
	rec->reference = xstrdup(ref);
	rec->ci_low = lo;
	rec->ci_high = hi;
	rec->n = 100;
	rec->status = st;
}

static void add_di(struct audit_result *r, const char *attr, const char *column, const char *group,
		   const char *ref, double value, double lo, double hi, enum record_status st)
{
	struct audit_record *rec = add(r, "selection", "disparate_impact", attr, column, group, value);
	rec->reference = xstrdup(ref);
	rec->ci_low = lo;
	rec->ci_high = hi;
	rec->n = 100;
	rec->status = st;
}

/* The records of a small audit of sex and race, with every chart kind. */
static void demo_result(struct audit_result *r)
{
	memset(r, 0, sizeof *r);
	add_ci(r, "representation", "group_share", "sex", NULL, "F", 0.4, 0.37, 0.43, 1000, STATUS_OK);
	add_ci(r, "representation", "group_share", "sex", NULL, "M", 0.6, 0.57, 0.63, 1000, STATUS_OK);
	add(r, "representation", "population_share", "sex", NULL, "F", 0.5);
	add(r, "representation", "population_share", "sex", NULL, "M", 0.5);
	add_ci(r, "representation", "representation_ratio", "sex", NULL, "F", 0.8, NAN, NAN, 1000, STATUS_WARN);
	add_ci(r, "representation", "group_share", "race", NULL, "A", 0.5, 0.47, 0.53, 1000, STATUS_OK);
	add_ci(r, "representation", "group_share", "race", NULL, "B", 0.5, 0.47, 0.53, 1000, STATUS_OK);
	add_ci(r, "representation", "group_share", "sex*race", NULL, "F*A", 0.2, 0.18, 0.22, 1000, STATUS_OK);

	add_ci(r, "selection", "label_rate", "sex", "hired", "F", 0.3, 0.25, 0.35, 400, STATUS_OK);
	add_ci(r, "selection", "label_rate", "sex", "hired", "M", 0.5, 0.46, 0.54, 600, STATUS_OK);
	add_ci(r, "selection", "label_rate", "sex", "hired", NULL, 0.42, 0.39, 0.45, 1000, STATUS_OK);
	add_di(r, "sex", "hired", "F", "M", 0.6, 0.5, 0.72, STATUS_FAIL);
	/* race: label rates but no disparate impact records. */
	add_ci(r, "selection", "label_rate", "race", "hired", "A", 0.4, 0.35, 0.45, 500, STATUS_OK);
	add_ci(r, "selection", "label_rate", "race", "hired", "B", 0.44, 0.39, 0.49, 500, STATUS_OK);

	/* Intersections: a two-part one gets a heatmap, a three-part one none. */
	add_ci(r, "selection", "label_rate", "sex*race", "hired", "F*A", 0.3, 0.2, 0.4, 200, STATUS_OK);
	add_ci(r, "selection", "label_rate", "sex*race", "hired", "F*B", 0.3, 0.2, 0.4, 200, STATUS_OK);
	add_ci(r, "selection", "label_rate", "sex*race", "hired", "M*A", 0.5, 0.4, 0.6, 300, STATUS_OK);
	add_ci(r, "selection", "label_rate", "sex*race", "hired", "M*B", NAN, NAN, NAN, 0, STATUS_INSUFFICIENT);
	add_ci(r, "selection", "label_rate", "sex*race", "hired", NULL, 0.42, 0.39, 0.45, 1000, STATUS_OK);
	add_di(r, "sex*race", "hired", "F*A", "M*A", 0.6, 0.4, 0.9, STATUS_FAIL);
	add_ci(r, "selection", "label_rate", "sex*race*age", "hired", "F*A*young", 0.3, 0.2, 0.4, 50, STATUS_OK);

	/* Seven numeric columns: only the first CHART_MAX_NUMERIC_COLUMNS are drawn. */
	static const char *const COLS[] = {"c1", "c2", "c3", "c4", "c5", "c6", "c7"};
	for (size_t k = 0; k < 7; k++) {
		add_ci(r, "measurement", "mean", "sex", COLS[k], "F", 10 + k, NAN, NAN, 400, STATUS_OK);
		add_ci(r, "measurement", "sd", "sex", COLS[k], "F", 2, NAN, NAN, 400, STATUS_OK);
		add_ci(r, "measurement", "median", "sex", COLS[k], "F", 9 + k, NAN, NAN, 400, STATUS_OK);
		add_ci(r, "measurement", "mean", "sex", COLS[k], "M", 11 + k, NAN, NAN, 600, STATUS_OK);
	}

	/* Agreement: alpha for sex, only percent agreement for race. */
	add_ci(r, "measurement", "krippendorff_alpha", NULL, "r1,r2", NULL, 0.7, 0.65, 0.75, 1000, STATUS_OK);
	add_ci(r, "measurement", "percent_agreement", "sex", "r1,r2", "F", 0.8, 0.75, 0.85, 400, STATUS_OK);
	add_ci(r, "measurement", "krippendorff_alpha", "sex", "r1,r2", "F", 0.6, 0.5, 0.7, 400, STATUS_WARN);
	add_ci(r, "measurement", "krippendorff_alpha", "sex", "r1,r2", "M", 0.75, 0.7, 0.8, 600, STATUS_OK);
	add_ci(r, "measurement", "percent_agreement", "race", "r1,r2", "A", 0.8, 0.75, 0.85, 500, STATUS_OK);

	/*
	 * Disparities of a prediction: a chart per single attribute after its
	 * agreement chart (age has none, so it comes last); none for the
	 * intersection, and prev_disparity is not drawn.
	 */
	add_disp(r, "ppr_disparity", "sex", "F", "M", 0.7, 0.6, 0.8, STATUS_OK);
	add_disp(r, "prev_disparity", "sex", "F", "M", 0.9, 0.8, 1.0, STATUS_OK);
	add_disp(r, "fnr_disparity", "sex", "F", "M", 2.6, 2.2, 3.0, STATUS_WARN);
	add_disp(r, "fpr_disparity", "sex", "F", "M", NAN, NAN, NAN, STATUS_OK);
	add_disp(r, "fnr_disparity", "race", "B", "A", 1.1, 0.9, 1.3, STATUS_OK);
	add_disp(r, "fnr_disparity", "sex*race", "F*B", "M*A", 1.1, 0.9, 1.3, STATUS_OK);
	add_disp(r, "tpr_disparity", "age", "young", "old", 0.5, 0.3, 0.9, STATUS_FAIL);
}

/* Only ASCII letters, digits, '-' and '_'; not empty, not too long. */
static int safe_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 200)
		return 0;
	for (; *s; s++) {
		char c = *s;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
		      c == '_'))
			return 0;
	}
	return 1;
}

/* Every name safe, and no two equal even ignoring case. */
static int names_ok(const struct chart *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (!safe_name(c[i].name)) {
			fprintf(stderr, "unsafe chart name: %s\n", c[i].name);
			return 0;
		}
		for (size_t j = 0; j < i; j++)
			if (strcasecmp(c[i].name, c[j].name) == 0) {
				fprintf(stderr, "chart names collide: %s, %s\n", c[i].name, c[j].name);
				return 0;
			}
	}
	return 1;
}

/* ---- chart_list ------------------------------------------------------- */

static void test_list_demo(void)
{
	struct audit_result r;
	struct chart *c;
	demo_result(&r);
	size_t n = chart_list(&r, &c);

	static const struct {
		enum chart_kind kind;
		const char *name, *metric;
	} want[] = {
		{CHART_REPRESENTATION, "representation-sex", "group_share"},
		{CHART_REPRESENTATION, "representation-race", "group_share"},
		{CHART_LABEL_RATE, "label_rate-sex", "label_rate"},
		{CHART_DISPARATE_IMPACT, "disparate_impact-sex", "disparate_impact"},
		{CHART_LABEL_RATE, "label_rate-race", "label_rate"},
		{CHART_HEATMAP, "heatmap-sex_race", "label_rate"},
		{CHART_DISTRIBUTION, "distribution-c1-sex", "mean"},
		{CHART_DISTRIBUTION, "distribution-c2-sex", "mean"},
		{CHART_DISTRIBUTION, "distribution-c3-sex", "mean"},
		{CHART_DISTRIBUTION, "distribution-c4-sex", "mean"},
		{CHART_DISTRIBUTION, "distribution-c5-sex", "mean"},
		{CHART_DISTRIBUTION, "distribution-c6-sex", "mean"},
		{CHART_AGREEMENT, "agreement-sex", "krippendorff_alpha"},
		{CHART_DISPARITY, "disparity-sex", "_disparity"},
		{CHART_AGREEMENT, "agreement-race", "percent_agreement"},
		{CHART_DISPARITY, "disparity-race", "_disparity"},
		{CHART_DISPARITY, "disparity-age", "_disparity"},
	};
	CHECK_INT(n, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < n && i < sizeof want / sizeof want[0]; i++) {
		CHECK_INT(c[i].kind, want[i].kind);
		CHECK_STR(c[i].name, want[i].name);
		CHECK_STR(c[i].metric, want[i].metric);
		CHECK(c[i].title && *c[i].title);
	}
	CHECK(names_ok(c, n));
	CHECK_STR(c[3].family, "selection");
	CHECK_STR(c[3].column, "hired");
	CHECK(c[0].column == NULL);
	CHECK_STR(c[3].title, "Disparate impact of hired by sex, against M");
	if (n == sizeof want / sizeof want[0]) {
		CHECK_STR(c[2].title, "Label rate of hired by sex");
		CHECK_STR(c[5].title, "Label rate of hired by sex*race");
		CHECK_STR(c[13].family, "measurement");
		CHECK_STR(c[13].column, "pred");
		CHECK_STR(c[13].title, "Error-rate disparities of pred by sex, vs M");
		CHECK_STR(c[15].title, "Error-rate disparities of pred by race, vs A");
		CHECK_STR(c[16].title, "Error-rate disparities of pred by age, vs old");
	}
	chart_list_free(c, n);
	audit_result_free(&r);

	/* Nothing to draw: no charts, and a NULL list. */
	memset(&r, 0, sizeof r);
	n = chart_list(&r, &c);
	CHECK_INT(n, 0);
	CHECK(c == NULL);
	chart_list_free(c, n);
	chart_list_free(NULL, 0);
}

/*
 * Titles name the outcome in the audit's words (context.outcome) when the
 * rate is of the binary label; a class of a multi-class label keeps its
 * "label=class" form, another column its name; no words, today's titles.
 */
static void test_list_outcome(void)
{
	struct audit_result r;
	struct chart *c;
	memset(&r, 0, sizeof r);
	r.context.label = xstrdup("Combine");
	r.context.outcome = xstrdup("Combine >= 70");
	add_ci(&r, "selection", "label_rate", "Race", "Combine", "A", 0.4, 0.35, 0.45, 500, STATUS_OK);
	add_di(&r, "Race", "Combine", "A", "B", 0.8, 0.7, 0.9, STATUS_OK);
	add_ci(&r, "selection", "label_rate", "Race*Sex", "Combine", "A*F", 0.4, 0.35, 0.45, 500, STATUS_OK);
	add_ci(&r, "selection", "label_rate", "Race", "grade=A", "A", 0.4, 0.35, 0.45, 500, STATUS_OK);
	add_di(&r, "Race", "grade=A", "A", "B", 0.8, 0.7, 0.9, STATUS_OK);
	add_ci(&r, "selection", "label_rate", "Sex", "other", "F", 0.4, 0.35, 0.45, 500, STATUS_OK);

	size_t n = chart_list(&r, &c);
	CHECK_INT(n, 6);
	if (n == 6) {
		CHECK_STR(c[0].title, "Rate of Combine >= 70 by Race");
		CHECK_STR(c[1].title, "Disparate impact of Combine >= 70 by Race, against B");
		CHECK_STR(c[2].title, "Label rate of grade=A by Race");
		CHECK_STR(c[3].title, "Disparate impact of grade=A by Race, against B");
		CHECK_STR(c[4].title, "Label rate of other by Sex");
		CHECK_STR(c[5].title, "Rate of Combine >= 70 by Race*Sex");
	}
	CHECK(draw_all(&r, "outcome"));
	chart_list_free(c, n);

	/* Without the label's name the words still describe the label's rates. */
	free(r.context.label);
	r.context.label = NULL;
	n = chart_list(&r, &c);
	CHECK(n == 6 && strcmp(c[0].title, "Rate of Combine >= 70 by Race") == 0);
	CHECK(n == 6 && strcmp(c[2].title, "Label rate of grade=A by Race") == 0);
	chart_list_free(c, n);

	/* No words (older paths): the column. */
	free(r.context.outcome);
	r.context.outcome = NULL;
	n = chart_list(&r, &c);
	CHECK(n == 6 && strcmp(c[0].title, "Label rate of Combine by Race") == 0);
	CHECK(n == 6 && strcmp(c[1].title, "Disparate impact of Combine by Race, against B") == 0);
	chart_list_free(c, n);
	audit_result_free(&r);
}

static void test_list_names(void)
{
	struct audit_result r;
	struct chart *c;
	memset(&r, 0, sizeof r);

	/* Hostile, Korean and colliding attribute names. */
	add_ci(&r, "representation", "group_share", "../a b/c", NULL, "x", 1, NAN, NAN, 1, STATUS_OK);
	add_ci(&r, "representation", "group_share", "지역", NULL, "서울", 1, NAN, NAN, 1, STATUS_OK);
	add_ci(&r, "representation", "group_share", "성별", NULL, "여", 1, NAN, NAN, 1, STATUS_OK);
	add_ci(&r, "representation", "group_share", "Sex", NULL, "F", 1, NAN, NAN, 1, STATUS_OK);
	add_ci(&r, "representation", "group_share", "sex", NULL, "F", 1, NAN, NAN, 1, STATUS_OK);
	add_ci(&r, "representation", "group_share", "a?b", NULL, "F", 1, NAN, NAN, 1, STATUS_OK);
	add_ci(&r, "representation", "group_share", "a!b", NULL, "F", 1, NAN, NAN, 1, STATUS_OK);
	add_ci(&r, "representation", "group_share", "", NULL, "F", 1, NAN, NAN, 1, STATUS_OK);
	add_ci(&r, "representation", "group_share", "\xff\x01", NULL, "F", 1, NAN, NAN, 1, STATUS_OK);
	/* Far too long: cut, with a hash. */
	char longname[301];
	memset(longname, 'x', 300);
	longname[300] = '\0';
	add_ci(&r, "representation", "group_share", longname, NULL, "F", 1, NAN, NAN, 1, STATUS_OK);
	longname[299] = 'y';
	add_ci(&r, "representation", "group_share", longname, NULL, "F", 1, NAN, NAN, 1, STATUS_OK);
	/* Parts that meet once joined: column "x-y" of "z", column "x" of "y-z". */
	add_ci(&r, "measurement", "mean", "z", "x-y", "F", 1, NAN, NAN, 1, STATUS_OK);
	add_ci(&r, "measurement", "mean", "y-z", "x", "F", 1, NAN, NAN, 1, STATUS_OK);
	/* Multi-class outcomes: one label-rate chart per class. */
	add_ci(&r, "selection", "label_rate", "sex", "grade=A", "F", 0.2, 0.1, 0.3, 50, STATUS_OK);
	add_ci(&r, "selection", "label_rate", "sex", "grade=B", "F", 0.5, 0.4, 0.6, 50, STATUS_OK);
	add_ci(&r, "selection", "label_rate", "sex", "grade=A/B", "F", 0.3, 0.2, 0.4, 50, STATUS_OK);

	size_t n = chart_list(&r, &c);
	CHECK_INT(n, 16);
	CHECK(names_ok(c, n));
	if (n == 16) {
		/* The hash is 8 hex digits after the safe form. */
		CHECK(strncmp(c[0].name, "representation-_a_b_c-", 22) == 0 && strlen(c[0].name) == 30);
		CHECK(strncmp(c[1].name, "representation-jiyeok-", 22) == 0);
		CHECK(strncmp(c[2].name, "representation-seongbyeol-", 26) == 0);
		CHECK_STR(c[3].name, "representation-Sex");
		CHECK(strncmp(c[4].name, "representation-sex-", 19) == 0); /* Sex and sex differ only in case */
		CHECK(strlen(c[9].name) < 80);
		CHECK_STR(c[11].name, "label_rate-sex-A");
		CHECK_STR(c[11].column, "grade=A");
		CHECK_STR(c[12].name, "label_rate-sex-B");
		CHECK(strncmp(c[13].name, "label_rate-sex-A_B-", 19) == 0);
		CHECK_STR(c[14].name, "distribution-x-y-z");
		CHECK(strncmp(c[15].name, "distribution-x-y-z-", 19) == 0);
	}
	/* The same result gives the same names. */
	struct chart *again;
	size_t m = chart_list(&r, &again);
	CHECK_INT(m, n);
	int same = 1;
	for (size_t i = 0; i < n && i < m; i++)
		same &= strcmp(c[i].name, again[i].name) == 0;
	CHECK(same);
	chart_list_free(again, m);
	chart_list_free(c, n);
	audit_result_free(&r);
}

/* ---- chart_draw ------------------------------------------------------- */

/* Draws every chart of r on an image surface; 1 when cairo reports no error. */
static int draw_all(const struct audit_result *r, const char *tag)
{
	struct chart *c;
	size_t n = chart_list(r, &c);
	const char *dump = getenv("DSAUDIT_CHART_DUMP");
	int ok = 1;

	for (size_t i = 0; i < n; i++) {
		cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, CHART_WIDTH, CHART_HEIGHT);
		cairo_t *cr = cairo_create(s);
		chart_draw(cr, r, &c[i], CHART_WIDTH, CHART_HEIGHT);
		if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
			fprintf(stderr, "%s: %s: %s\n", tag, c[i].name, cairo_status_to_string(cairo_status(cr)));
			ok = 0;
		}
		cairo_destroy(cr);
		if (dump) {
			struct strbuf path = {0};
			strbuf_printf(&path, "%s/%s-%s.png", dump, tag, c[i].name);
			cairo_surface_write_to_png(s, path.buf);
			strbuf_free(&path);
		}
		cairo_surface_destroy(s);
	}
	chart_list_free(c, n);
	return ok && n > 0;
}

static void test_draw_demo(void)
{
	struct audit_result r;
	demo_result(&r);
	CHECK(draw_all(&r, "demo"));

	/* A chart whose records are gone draws its frame and "no figures", at any size. */
	struct chart *c;
	size_t n = chart_list(&r, &c);
	struct audit_result empty;
	memset(&empty, 0, sizeof empty);
	int ok = 1;
	for (size_t i = 0; i < n; i++) {
		static const double SIZES[][2] = {{CHART_WIDTH, CHART_HEIGHT}, {320, 200}, {1, 1}};
		for (size_t k = 0; k < 3; k++) {
			cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 400, 300);
			cairo_t *cr = cairo_create(s);
			chart_draw(cr, &empty, &c[i], SIZES[k][0], SIZES[k][1]);
			ok &= cairo_status(cr) == CAIRO_STATUS_SUCCESS;
			cairo_destroy(cr);
			cairo_surface_destroy(s);
		}
	}
	CHECK(ok);
	chart_list_free(c, n);
	audit_result_free(&r);
}

/* Every kind with NaN in every figure, and one group. */
static void test_draw_nan(void)
{
	struct audit_result r;
	memset(&r, 0, sizeof r);
	add_ci(&r, "representation", "group_share", "sex", NULL, "F", NAN, NAN, NAN, NAN, STATUS_OK);
	add(&r, "representation", "population_share", "sex", NULL, "F", NAN);
	add_ci(&r, "selection", "label_rate", "sex", "hired", "F", NAN, NAN, NAN, NAN, STATUS_INSUFFICIENT);
	add_ci(&r, "selection", "label_rate", "sex", "hired", NULL, NAN, NAN, NAN, NAN, STATUS_OK);
	add_di(&r, "sex", "hired", "F", "M", NAN, NAN, NAN, STATUS_OK);
	add_ci(&r, "selection", "label_rate", "a*b", "hired", "x*y", NAN, NAN, NAN, 0, STATUS_INSUFFICIENT);
	add_ci(&r, "measurement", "mean", "sex", "score", "F", NAN, NAN, NAN, 0, STATUS_INSUFFICIENT);
	add_ci(&r, "measurement", "sd", "sex", "score", "F", NAN, NAN, NAN, 0, STATUS_INSUFFICIENT);
	add_ci(&r, "measurement", "krippendorff_alpha", "sex", "r1,r2", "F", NAN, NAN, NAN, 0, STATUS_OK);
	add_disp(&r, "fnr_disparity", "sex", "F", "M", NAN, NAN, NAN, STATUS_INSUFFICIENT);
	CHECK(draw_all(&r, "nan"));
	audit_result_free(&r);

	/* Extremes: a rate of 0 as disparate impact, a huge ratio, negative alpha, infinities. */
	memset(&r, 0, sizeof r);
	add_ci(&r, "selection", "label_rate", "sex", "hired", "F", 0, 0, 0.1, 30, STATUS_OK);
	add_ci(&r, "selection", "label_rate", "sex", "hired", "M", 1, 0.9, 1, 30, STATUS_OK);
	add_di(&r, "sex", "hired", "F", "M", 0, NAN, NAN, STATUS_FAIL);
	add_di(&r, "sex", "hired", "X", "M", 1e6, 10, INFINITY, STATUS_FAIL);
	add_ci(&r, "measurement", "krippendorff_alpha", "sex", "r1,r2", "F", -3, -5, 0.2, 40, STATUS_WARN);
	add_ci(&r, "measurement", "mean", "sex", "score", "F", 1e300, NAN, NAN, 40, STATUS_OK);
	add_ci(&r, "measurement", "mean", "sex", "score", "M", -1e300, NAN, NAN, 40, STATUS_OK);
	add_ci(&r, "measurement", "mean", "sex", "flat", "M", 5, NAN, NAN, 40, STATUS_OK);
	add_disp(&r, "fnr_disparity", "sex", "F", "M", 0, NAN, NAN, STATUS_FAIL);
	add_disp(&r, "fpr_disparity", "sex", "F", "M", 1e6, 10, INFINITY, STATUS_FAIL);
	add_disp(&r, "ppr_disparity", "sex", "F", "M", 1e-9, 1e-10, 1e-8, STATUS_OK);
	CHECK(draw_all(&r, "extreme"));
	audit_result_free(&r);
}

/* 60 groups with long names in several scripts: drawn in part, names cut with "…". */
static void test_draw_many(void)
{
	struct audit_result r;
	memset(&r, 0, sizeof r);
	for (int g = 0; g < 60; g++) {
		char name[128], pair[160];
		static const char *const STEMS[] = {"a rather long group name number", "서울특별시 강남구 역삼동 그룹",
						    "bad \xc3 utf8 \x1b[31m red", "Ελληνικά ομάδα"};
		snprintf(name, sizeof name, "%s %d", STEMS[g % 4], g);
		snprintf(pair, sizeof pair, "%s*%d", name, g % 7);
		double v = (g % 10) / 10.0;
		add_ci(&r, "representation", "group_share", "region", NULL, name, v / 6, v / 7, v / 5, 6000, STATUS_OK);
		add_ci(&r, "selection", "label_rate", "region", "hired", name, v, v * 0.9, v * 1.1 + 0.01, 100,
		       g % 3 ? STATUS_OK : STATUS_INSUFFICIENT);
		add_di(&r, "region", "hired", name, "a rather long group name number 0", v * 2, v, v * 3,
		       g % 5 == 0 ? STATUS_FAIL : STATUS_OK);
		add_ci(&r, "selection", "label_rate", "region*sex", "hired", pair, v, v * 0.9, v * 1.1, 50,
		       STATUS_OK);
		add_ci(&r, "measurement", "mean", "region", "score", name, 50 + g, NAN, NAN, 100, STATUS_OK);
		add_ci(&r, "measurement", "median", "region", "score", name, 49 + g, NAN, NAN, 100, STATUS_OK);
		add_ci(&r, "measurement", "percent_agreement", "region", "r1,r2", name, v, v * 0.9, v, 100,
		       STATUS_OK);
		add_disp(&r, g % 2 ? "fnr_disparity" : "fpr_disparity", "region", name,
			 "a rather long group name number 0", v * 2, v, v * 3, g % 5 == 0 ? STATUS_WARN : STATUS_OK);
	}
	CHECK(draw_all(&r, "many"));
	audit_result_free(&r);
}

/*
 * Korean renders as glyphs: every character of a Korean group name maps to
 * a glyph of CHART_FONT other than 0, the .notdef box (fonts-nanum).
 */
static void test_hangul_glyphs(void)
{
	static const char *const TEXT[] = {"서울특별시 여 남", "…×±"};
	cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 10, 10);
	cairo_t *cr = cairo_create(s);
	cairo_select_font_face(cr, CHART_FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 12);
	for (size_t t = 0; t < 2; t++) {
		cairo_glyph_t *glyphs = NULL;
		int nglyphs = 0;
		cairo_status_t st = cairo_scaled_font_text_to_glyphs(cairo_get_scaled_font(cr), 0, 0, TEXT[t], -1,
								     &glyphs, &nglyphs, NULL, NULL, NULL);
		CHECK(st == CAIRO_STATUS_SUCCESS);
		int all = nglyphs > 0;
		for (int i = 0; i < nglyphs; i++)
			if (glyphs[i].index == 0) {
				fprintf(stderr, "%s: glyph %d of \"%s\" is .notdef; is fonts-nanum installed?\n",
					CHART_FONT, i, TEXT[t]);
				all = 0;
			}
		HARNESS_REPORT(all, "every glyph of \"%s\" exists in %s", TEXT[t], CHART_FONT);
		cairo_glyph_free(glyphs);
	}
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

/* ---- files ------------------------------------------------------------ */

/* 1 when the two files hold the same bytes. */
static int same_file(const char *a, const char *b)
{
	size_t la, lb;
	char *x = harness_slurp(a, &la), *y = harness_slurp(b, &lb);
	int same = x && y && la == lb && memcmp(x, y, la) == 0;
	free(x);
	free(y);
	return same;
}

static void rm_charts(const char *dir, const struct chart *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct strbuf p = {0};
		strbuf_printf(&p, "%s/charts/%s.png", dir, c[i].name);
		unlink(p.buf);
		strbuf_reset(&p);
		strbuf_printf(&p, "%s/charts/%s.svg", dir, c[i].name);
		unlink(p.buf);
		strbuf_free(&p);
	}
	struct strbuf p = {0};
	strbuf_printf(&p, "%s/charts", dir);
	rmdir(p.buf);
	rmdir(dir);
	strbuf_free(&p);
}

static void test_files(void)
{
	struct audit_result r;
	struct audit_err err = {0};
	char a[] = "/tmp/dsaudit-chart-XXXXXX", b[] = "/tmp/dsaudit-chart-XXXXXX";
	demo_result(&r);
	if (!mkdtemp(a) || !mkdtemp(b)) {
		HARNESS_REPORT(0, "mkdtemp: %s", strerror(errno));
		audit_result_free(&r);
		return;
	}

	/* Written twice in one process: the SVG's surface ids must not leak into the bytes. */
	CHECK_INT(chart_png_write(&r, a, &err), AUDIT_OK);
	CHECK_INT(chart_svg_write(&r, a, &err), AUDIT_OK);
	CHECK_INT(chart_svg_write(&r, b, &err), AUDIT_OK);
	CHECK_INT(chart_png_write(&r, b, &err), AUDIT_OK);

	struct chart *c;
	size_t n = chart_list(&r, &c);
	int all_same = 1, all_png = 1;
	for (size_t i = 0; i < n; i++) {
		static const char *const EXT[] = {"png", "svg"};
		for (size_t e = 0; e < 2; e++) {
			struct strbuf pa = {0}, pb = {0};
			strbuf_printf(&pa, "%s/charts/%s.%s", a, c[i].name, EXT[e]);
			strbuf_printf(&pb, "%s/charts/%s.%s", b, c[i].name, EXT[e]);
			if (!same_file(pa.buf, pb.buf)) {
				fprintf(stderr, "not byte-identical: %s %s\n", pa.buf, pb.buf);
				all_same = 0;
			}
			strbuf_free(&pa);
			strbuf_free(&pb);
		}
		/* The PNG signature, then IHDR's width and height (big-endian). */
		struct strbuf p = {0};
		strbuf_printf(&p, "%s/charts/%s.png", a, c[i].name);
		size_t len;
		unsigned char *png = (unsigned char *)harness_slurp(p.buf, &len);
		all_png &= png && len > 24 && memcmp(png, "\x89PNG\r\n\x1a\n", 8) == 0 &&
			   ((png[16] << 24) | (png[17] << 16) | (png[18] << 8) | png[19]) == CHART_WIDTH &&
			   ((png[20] << 24) | (png[21] << 16) | (png[22] << 8) | png[23]) == CHART_HEIGHT;
		free(png);
		strbuf_free(&p);
	}
	CHECK(all_same);
	CHECK(all_png);

	/* The SVG is in points, the same geometry, and has its own glyph outlines. */
	struct strbuf p = {0};
	strbuf_printf(&p, "%s/charts/representation-sex.svg", a);
	size_t len;
	char *svg = harness_slurp(p.buf, &len);
	CHECK(svg && strstr(svg, "width=\"1000pt\" height=\"600pt\""));
	CHECK(svg && strstr(svg, "<symbol overflow=\"visible\" id=\"glyph"));
	CHECK(svg && strstr(svg, "id=\"surface1\""));
	free(svg);
	strbuf_free(&p);

	rm_charts(a, c, n);
	rm_charts(b, c, n);

	/* OUT is a file: charts cannot be written, and the error names the file. */
	char f[64];
	CHECK(harness_temp_file("x", 1, f) == 0);
	err.msg[0] = '\0';
	CHECK_INT(chart_png_write(&r, f, &err), AUDIT_EIO);
	CHECK(strstr(err.msg, f) != NULL);
	err.msg[0] = '\0';
	CHECK_INT(chart_svg_write(&r, f, &err), AUDIT_EIO);
	CHECK(strstr(err.msg, "charts") != NULL);
	unlink(f);

	chart_list_free(c, n);
	audit_result_free(&r);
}

/*
 * chart_svg_text: with NULL the bytes of the file; with a prefix no "<?xml"
 * prolog, every id="..." and every "#..." reference prefixed, the rest the
 * same; an unsafe prefix refused with out untouched.
 */
static void test_svg_text(void)
{
	struct audit_result r;
	struct audit_err err = {0};
	char dir[] = "/tmp/dsaudit-chart-XXXXXX";
	demo_result(&r);
	if (!mkdtemp(dir)) {
		HARNESS_REPORT(0, "mkdtemp: %s", strerror(errno));
		audit_result_free(&r);
		return;
	}
	CHECK_INT(chart_svg_write(&r, dir, &err), AUDIT_OK);
	struct chart *c;
	size_t n = chart_list(&r, &c);
	int same = 1, prefixed = 1, no_prolog = 1, has_ids = 1;
	for (size_t i = 0; i < n; i++) {
		struct strbuf plain = {0}, pre = {0}, path = {0};
		CHECK_INT(chart_svg_text(&r, &c[i], NULL, &plain, &err), AUDIT_OK);
		CHECK_INT(chart_svg_text(&r, &c[i], "c7-", &pre, &err), AUDIT_OK);
		strbuf_printf(&path, "%s/charts/%s.svg", dir, c[i].name);
		size_t len;
		char *file = harness_slurp(path.buf, &len);
		same &= file && plain.buf && len == plain.len && memcmp(file, plain.buf, len) == 0;
		no_prolog &= pre.buf && strncmp(pre.buf, "<svg", 4) == 0 && !strstr(pre.buf, "<?xml");
		has_ids &= pre.buf && strstr(pre.buf, " id=\"c7-surface1\"") &&
			   strstr(pre.buf, "xlink:href=\"#c7-glyph");
		/* Every id and every reference carries the prefix. */
		for (const char *p = pre.buf; p && (p = strstr(p, "id=\"")) != NULL; p += 4)
			prefixed &= strncmp(p + 4, "c7-", 3) == 0;
		for (const char *p = pre.buf; p && (p = strchr(p, '#')) != NULL; p++)
			prefixed &= strncmp(p + 1, "c7-", 3) == 0;
		/* Nothing else changed: without the prefixes it is the plain document less its prolog. */
		struct strbuf back = {0};
		for (const char *p = pre.buf; p && *p;) {
			if (p > pre.buf && strncmp(p, "c7-", 3) == 0 && (p[-1] == '"' || p[-1] == '#')) {
				p += 3;
				continue;
			}
			strbuf_putc(&back, *p++);
		}
		const char *body = plain.buf ? strstr(plain.buf, "<svg") : NULL;
		same &= body && back.buf && strcmp(body, back.buf) == 0;
		unlink(path.buf);
		free(file);
		strbuf_free(&back);
		strbuf_free(&plain);
		strbuf_free(&pre);
		strbuf_free(&path);
	}
	CHECK(n > 0);
	CHECK(same);
	CHECK(prefixed);
	CHECK(no_prolog);
	CHECK(has_ids);

	/* A prefix that could break out of the attribute is refused; out is untouched. */
	struct strbuf out = {0};
	strbuf_printf(&out, "kept");
	err.msg[0] = '\0';
	CHECK_INT(chart_svg_text(&r, &c[0], "a\"b", &out, &err), AUDIT_EINTERNAL);
	CHECK(out.len == 4 && strcmp(out.buf, "kept") == 0);
	CHECK(strstr(err.msg, c[0].name) != NULL);
	strbuf_free(&out);

	struct strbuf p = {0};
	strbuf_printf(&p, "%s/charts", dir);
	rmdir(p.buf);
	rmdir(dir);
	strbuf_free(&p);
	chart_list_free(c, n);
	audit_result_free(&r);
}

void test_chart(void)
{
	test_list_demo();
	test_list_outcome();
	test_list_names();
	test_draw_demo();
	test_draw_nan();
	test_draw_many();
	test_hangul_glyphs();
	test_files();
	test_svg_text();
}
