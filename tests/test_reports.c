/*
 * test_reports.c — unit tests for reports/output.c, json.c, summary.c and
 * the verdict in record.c: number formatting that round-trips, atomic writes
 * that leave no temp file and keep the old report when writing fails,
 * report.json compared whole against golden text (nulls, escapes, Korean
 * names, exact digits), determinism, and the text summary's full output.
 * Entry point: test_reports().
 */
#include "harness.h"
#include "json.h"
#include "output.h"
#include "record.h"
#include "findings.h"
#include "summary.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>

void test_reports(void);

/* ---- helpers ---------------------------------------------------------- */

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static char *join(const char *a, const char *b)
{
	struct strbuf sb = {0};
	strbuf_printf(&sb, "%s/%s", a, b);
	return sb.buf;
}

/* Removes path and, if it is a directory, everything in it. */
static void remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		while (d && (e = readdir(d)) != NULL) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			char *child = join(path, e->d_name);
			remove_tree(child);
			free(child);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static char *make_temp_dir(void)
{
	char tmpl[] = "/tmp/dsaudit-reports-XXXXXX";
	if (!mkdtemp(tmpl))
		return NULL;
	return xstrdup(tmpl);
}

/* ---- format_double ---------------------------------------------------- */

static void check_format(double x, const char *want)
{
	char buf[32];
	const char *got = format_double(x, buf);
	HARNESS_REPORT(got && strcmp(got, want) == 0, "format_double(%.17g) = \"%s\", want \"%s\"",
		       x, got ? got : "(NULL)", want);
}

/* A reproducible stream of 64-bit patterns (Knuth's MMIX LCG). */
static uint64_t next_bits(uint64_t *state)
{
	*state = *state * 6364136223846793005ull + 1442695040888963407ull;
	return *state;
}

static void test_format_double(void)
{
	char buf[32];

	check_format(30, "30");
	check_format(-749, "-749");
	check_format(0.5, "0.5");
	check_format(-2.5, "-2.5");
	check_format(0.1, "0.1");
	check_format(1e-20, "1e-20");
	check_format(1e-300, "1e-300");
	check_format(0.1 + 0.2, "0.30000000000000004");
	check_format(1.0 / 3.0, "0.3333333333333333");
	check_format(0.0, "0");
	check_format(-0.0, "0");
	check_format(999999999999999.0, "999999999999999");
	check_format(1e15, "1e+15");
	check_format(123456.789, "123456.789");

	CHECK(format_double(NAN, buf) == NULL);
	CHECK_STR(buf, "null");
	CHECK(format_double(INFINITY, buf) == NULL);
	CHECK(format_double(-INFINITY, buf) == NULL);

	/* Every finite double reads back as the same bits, subnormals included. */
	uint64_t state = 42;
	int exact = 1;
	for (int i = 0; i < 100000; i++) {
		uint64_t bits = next_bits(&state);
		double x;
		memcpy(&x, &bits, sizeof x);
		if (!isfinite(x))
			continue;
		format_double(x, buf);
		double back = strtod(buf, NULL);
		if (memcmp(&back, &x, sizeof x) != 0 && x != 0) {
			exact = 0;
			fprintf(stderr, "format_double: %.17g printed as %s\n", x, buf);
			break;
		}
	}
	CHECK(exact);
}

/* ---- output_write_atomic ---------------------------------------------- */

static int write_hello(FILE *f, void *ctx)
{
	(void)ctx;
	return fputs("hello\n", f) == EOF ? -1 : 0;
}

/* Writes part of a file, then fails, as a writer does when its input breaks. */
static int write_then_fail(FILE *f, void *ctx)
{
	(void)ctx;
	fputs("half", f);
	errno = EIO;
	return -1;
}

/* Enough bytes that stdio must flush before fclose, where /dev/full refuses them. */
static int write_lots(FILE *f, void *ctx)
{
	(void)ctx;
	for (int i = 0; i < 10000; i++)
		if (fputs("0123456789", f) == EOF)
			return -1;
	return 0;
}

static void test_write_atomic(const char *tmp)
{
	struct audit_err err = {0};
	char *out = join(tmp, "out");
	char *target = join(out, "x.txt");
	char *temp = join(out, "x.txt.tmp");

	/* Success: the directory is created, the file is complete, no temp is left. */
	CHECK_INT(output_write_atomic(out, "x.txt", write_hello, NULL, &err), AUDIT_OK);
	char *text = harness_slurp(target, NULL);
	CHECK_STR(text, "hello\n");
	free(text);
	CHECK(!exists(temp));

	/* A trailing slash on the directory changes nothing. */
	struct strbuf slash = {0};
	strbuf_printf(&slash, "%s/", out);
	CHECK_INT(output_write_atomic(slash.buf, "x.txt", write_hello, NULL, &err), AUDIT_OK);
	strbuf_free(&slash);

	/* A writer that fails: EIO, the earlier report intact, no temp file. */
	CHECK_INT(output_write_atomic(out, "x.txt", write_then_fail, NULL, &err), AUDIT_EIO);
	CHECK_INT(err.code, AUDIT_EIO);
	CHECK(strstr(err.msg, "x.txt: write failed") != NULL);
	text = harness_slurp(target, NULL);
	CHECK_STR(text, "hello\n");
	free(text);
	CHECK(!exists(temp));

	/* Disk full: the temp file is a link to /dev/full, so the flush fails with ENOSPC. */
	char *full = join(out, "full.txt");
	char *full_tmp = join(out, "full.txt.tmp");
	if (symlink("/dev/full", full_tmp) == 0) {
		memset(&err, 0, sizeof err);
		CHECK_INT(output_write_atomic(out, "full.txt", write_lots, NULL, &err), AUDIT_EIO);
		CHECK(strstr(err.msg, strerror(ENOSPC)) != NULL);
		CHECK(!exists(full_tmp));
		CHECK(!exists(full));
	} else {
		HARNESS_REPORT(0, "symlink to /dev/full: %s", strerror(errno));
	}
	free(full);
	free(full_tmp);

	/*
	 * A directory that cannot exist because its parent is a regular file.
	 * (Tests run as root, so a chmod 0500 directory would not stop a write.)
	 */
	char *plain = join(tmp, "plain");
	FILE *f = fopen(plain, "w");
	CHECK(f != NULL);
	if (f)
		fclose(f);
	char *under = join(plain, "sub");
	memset(&err, 0, sizeof err);
	CHECK_INT(output_write_atomic(under, "r.json", write_hello, NULL, &err), AUDIT_EIO);
	CHECK(strstr(err.msg, "cannot create directory") != NULL);
	CHECK(!exists(under));
	CHECK_INT(output_write_atomic("/dev/null/x", "r.json", write_hello, NULL, &err), AUDIT_EIO);

	/* The "directory" exists but is a regular file: the temp file cannot be opened. */
	memset(&err, 0, sizeof err);
	CHECK_INT(output_write_atomic(plain, "r.json", write_hello, NULL, &err), AUDIT_EIO);
	CHECK(strstr(err.msg, "cannot write") != NULL);
	text = harness_slurp(plain, NULL);
	CHECK_STR(text, "");
	free(text);

	free(under);
	free(plain);
	free(out);
	free(target);
	free(temp);
}

/* ---- report.json ------------------------------------------------------ */

static const char golden_sha[] = "3f2a9c0d1e4b5a6978877665544332211000ffeeddccbbaa9988776655443322";

/*
 * Four records that exercise every rendering rule: a comparison with a CI,
 * a Korean attribute and group with a detail that needs escaping and the
 * classic 0.1 + 0.2, an attribute-level test, and a per-column record that
 * is mostly undefined (nulls) with n as a plain integer.
 */
static void golden_result(struct audit_result *r)
{
	memset(r, 0, sizeof *r);
	r->tool_version = "0.1.0";
	r->dataset.name = xstrdup("hiring");
	r->dataset.version = 1;
	r->dataset.id = 7;
	r->dataset.path = xstrdup("fixtures/hiring.csv");
	strcpy(r->dataset.sha256, golden_sha);
	r->dataset.rows = 5000;
	r->dataset.columns = 9;
	r->config_json = xstrdup("{\"label\":\"hired\",\"min_group\":30,"
				 "\"population\":{\"sex\":{\"F\":0.51,\"M\":0.49}}}");

	struct audit_record rec = record_init("selection", "disparate_impact");
	rec.attribute = xstrdup("sex");
	rec.group = xstrdup("F");
	rec.reference = xstrdup("M");
	rec.value = 0.7;
	rec.ci_low = 0.62;
	rec.ci_high = 0.79;
	rec.n = 749;
	rec.status = STATUS_FAIL;
	audit_result_add(r, &rec);

	rec = record_init("representation", "group_share");
	rec.attribute = xstrdup("지역");
	rec.group = xstrdup("서울");
	rec.value = 0.1 + 0.2;
	rec.ci_low = 1e-300;
	rec.ci_high = 0.5;
	rec.n = 30;
	rec.detail = xstrdup("say \"hi\"\nsecond\tline \\ end \x01");
	audit_result_add(r, &rec);

	rec = record_init("selection", "chi2_independence");
	rec.attribute = xstrdup("race");
	rec.value = 18.3;
	rec.p_value = 0.0011;
	rec.p_adjusted = 0.0044;
	rec.n = 5000;
	rec.status = STATUS_WARN;
	rec.detail = xstrdup("dof=3");
	audit_result_add(r, &rec);

	rec = record_init("measurement", "missing_rate");
	rec.attribute = xstrdup("sex");
	rec.column = xstrdup("income");
	rec.group = xstrdup("X");
	rec.value = -0.0;
	rec.n = 12;
	rec.status = STATUS_INSUFFICIENT;
	rec.detail = xstrdup("12 rows < 30");
	audit_result_add(r, &rec);
}

/*
 * Checked by eye: cJSON_Print's layout (tab indentation, a tab after each
 * colon, arrays of objects as "[{ ... }, { ... }]"); keys in the order of
 * json.h; null for NULL strings and NaN; 0.1 + 0.2 with all 17 digits; -0
 * as 0; quotes, newline, tab, backslash and U+0001 escaped; Hangul as UTF-8.
 */
/* The judging rule as report.json escapes it (method.c JUDGING_RULE has no character to escape). */
#define JUDGING_RULE_JSON "A comparison with a band (disparate_impact and the _disparity metrics but ppr_disparity, band [0.8, 1.25]) fails when its estimate is outside the band and it is statistically significant (Holm-adjusted p < 0.05); it warns when only one of the two holds, and is ok when neither does. A group's size plays no part: a small group with a large, significant disparity fails, and one whose evidence is thin warns. insufficient means the figure could not be estimated at all. Source: the four-fifths rule paired with a significance test (EEOC Uniform Guidelines 1978, 29 CFR 1607.4(D); Morris and Lobsenz 2000)."

static const char golden_json[] =
	"{\n"
	"\t\"tool\":\t{\n"
	"\t\t\"name\":\t\"dsaudit\",\n"
	"\t\t\"version\":\t\"0.1.0\"\n"
	"\t},\n"
	"\t\"dataset\":\t{\n"
	"\t\t\"name\":\t\"hiring\",\n"
	"\t\t\"version\":\t1,\n"
	"\t\t\"id\":\t7,\n"
	"\t\t\"path\":\t\"fixtures/hiring.csv\",\n"
	"\t\t\"sha256\":\t\"3f2a9c0d1e4b5a6978877665544332211000ffeeddccbbaa9988776655443322\",\n"
	"\t\t\"rows\":\t5000,\n"
	"\t\t\"columns\":\t9\n"
	"\t},\n"
	"\t\"config\":\t{\n"
	"\t\t\"label\":\t\"hired\",\n"
	"\t\t\"min_group\":\t30,\n"
	"\t\t\"population\":\t{\n"
	"\t\t\t\"sex\":\t{\n"
	"\t\t\t\t\"F\":\t0.51,\n"
	"\t\t\t\t\"M\":\t0.49\n"
	"\t\t\t}\n"
	"\t\t}\n"
	"\t},\n"
	"\t\"summary\":\t{\n"
	"\t\t\"records\":\t4,\n"
	"\t\t\"ok\":\t1,\n"
	"\t\t\"warn\":\t1,\n"
	"\t\t\"fail\":\t1,\n"
	"\t\t\"insufficient\":\t1,\n"
	"\t\t\"verdict\":\t\"fail\"\n"
	"\t},\n"
	"\t\"context\":\t{\n"
	"\t\t\"label\":\tnull,\n"
	"\t\t\"outcome\":\tnull,\n"
	"\t\t\"references\":\t[],\n"
	"\t\t\"judging\":\t\"" JUDGING_RULE_JSON "\"\n"
	"\t},\n"
	"\t\"families\":\t[{\n"
	"\t\t\t\"family\":\t\"representation\",\n"
	"\t\t\t\"state\":\t\"not audited\",\n"
	"\t\t\t\"records\":\t1,\n"
	"\t\t\t\"found\":\t0,\n"
	"\t\t\t\"not_audited\":\tnull\n"
	"\t\t}, {\n"
	"\t\t\t\"family\":\t\"selection\",\n"
	"\t\t\t\"state\":\t\"not audited\",\n"
	"\t\t\t\"records\":\t2,\n"
	"\t\t\t\"found\":\t2,\n"
	"\t\t\t\"not_audited\":\tnull\n"
	"\t\t}, {\n"
	"\t\t\t\"family\":\t\"measurement\",\n"
	"\t\t\t\"state\":\t\"not audited\",\n"
	"\t\t\t\"records\":\t1,\n"
	"\t\t\t\"found\":\t0,\n"
	"\t\t\t\"not_audited\":\tnull\n"
	"\t\t}, {\n"
	"\t\t\t\"family\":\t\"quality\",\n"
	"\t\t\t\"state\":\t\"not audited\",\n"
	"\t\t\t\"records\":\t0,\n"
	"\t\t\t\"found\":\t0,\n"
	"\t\t\t\"not_audited\":\tnull\n"
	"\t\t}, {\n"
	"\t\t\t\"family\":\t\"privacy\",\n"
	"\t\t\t\"state\":\t\"not audited\",\n"
	"\t\t\t\"records\":\t0,\n"
	"\t\t\t\"found\":\t0,\n"
	"\t\t\t\"not_audited\":\tnull\n"
	"\t\t}, {\n"
	"\t\t\t\"family\":\t\"drift\",\n"
	"\t\t\t\"state\":\t\"not audited\",\n"
	"\t\t\t\"records\":\t0,\n"
	"\t\t\t\"found\":\t0,\n"
	"\t\t\t\"not_audited\":\tnull\n"
	"\t\t}],\n"
	"\t\"records\":\t[{\n"
	"\t\t\t\"family\":\t\"selection\",\n"
	"\t\t\t\"metric\":\t\"disparate_impact\",\n"
	"\t\t\t\"attribute\":\t\"sex\",\n"
	"\t\t\t\"column\":\tnull,\n"
	"\t\t\t\"group\":\t\"F\",\n"
	"\t\t\t\"reference\":\t\"M\",\n"
	"\t\t\t\"value\":\t0.7,\n"
	"\t\t\t\"ci_low\":\t0.62,\n"
	"\t\t\t\"ci_high\":\t0.79,\n"
	"\t\t\t\"p_value\":\tnull,\n"
	"\t\t\t\"p_adjusted\":\tnull,\n"
	"\t\t\t\"n\":\t749,\n"
	"\t\t\t\"status\":\t\"fail\",\n"
	"\t\t\t\"detail\":\tnull\n"
	"\t\t}, {\n"
	"\t\t\t\"family\":\t\"representation\",\n"
	"\t\t\t\"metric\":\t\"group_share\",\n"
	"\t\t\t\"attribute\":\t\"지역\",\n"
	"\t\t\t\"column\":\tnull,\n"
	"\t\t\t\"group\":\t\"서울\",\n"
	"\t\t\t\"reference\":\tnull,\n"
	"\t\t\t\"value\":\t0.30000000000000004,\n"
	"\t\t\t\"ci_low\":\t1e-300,\n"
	"\t\t\t\"ci_high\":\t0.5,\n"
	"\t\t\t\"p_value\":\tnull,\n"
	"\t\t\t\"p_adjusted\":\tnull,\n"
	"\t\t\t\"n\":\t30,\n"
	"\t\t\t\"status\":\t\"ok\",\n"
	"\t\t\t\"detail\":\t\"say \\\"hi\\\"\\nsecond\\tline \\\\ end \\u0001\"\n"
	"\t\t}, {\n"
	"\t\t\t\"family\":\t\"selection\",\n"
	"\t\t\t\"metric\":\t\"chi2_independence\",\n"
	"\t\t\t\"attribute\":\t\"race\",\n"
	"\t\t\t\"column\":\tnull,\n"
	"\t\t\t\"group\":\tnull,\n"
	"\t\t\t\"reference\":\tnull,\n"
	"\t\t\t\"value\":\t18.3,\n"
	"\t\t\t\"ci_low\":\tnull,\n"
	"\t\t\t\"ci_high\":\tnull,\n"
	"\t\t\t\"p_value\":\t0.0011,\n"
	"\t\t\t\"p_adjusted\":\t0.0044,\n"
	"\t\t\t\"n\":\t5000,\n"
	"\t\t\t\"status\":\t\"warn\",\n"
	"\t\t\t\"detail\":\t\"dof=3\"\n"
	"\t\t}, {\n"
	"\t\t\t\"family\":\t\"measurement\",\n"
	"\t\t\t\"metric\":\t\"missing_rate\",\n"
	"\t\t\t\"attribute\":\t\"sex\",\n"
	"\t\t\t\"column\":\t\"income\",\n"
	"\t\t\t\"group\":\t\"X\",\n"
	"\t\t\t\"reference\":\tnull,\n"
	"\t\t\t\"value\":\t0,\n"
	"\t\t\t\"ci_low\":\tnull,\n"
	"\t\t\t\"ci_high\":\tnull,\n"
	"\t\t\t\"p_value\":\tnull,\n"
	"\t\t\t\"p_adjusted\":\tnull,\n"
	"\t\t\t\"n\":\t12,\n"
	"\t\t\t\"status\":\t\"insufficient\",\n"
	"\t\t\t\"detail\":\t\"12 rows < 30\"\n"
	"\t\t}]\n"
	"}\n";

/* No records, no configuration, no facts: still the full shape, with {} and []. */
static const char golden_empty_json[] =
	"{\n"
	"\t\"tool\":\t{\n"
	"\t\t\"name\":\t\"dsaudit\",\n"
	"\t\t\"version\":\t\"0.1.0\"\n"
	"\t},\n"
	"\t\"dataset\":\t{\n"
	"\t\t\"name\":\tnull,\n"
	"\t\t\"version\":\t0,\n"
	"\t\t\"id\":\t0,\n"
	"\t\t\"path\":\tnull,\n"
	"\t\t\"sha256\":\tnull,\n"
	"\t\t\"rows\":\t0,\n"
	"\t\t\"columns\":\t0\n"
	"\t},\n"
	"\t\"config\":\t{\n"
	"\t},\n"
	"\t\"summary\":\t{\n"
	"\t\t\"records\":\t0,\n"
	"\t\t\"ok\":\t0,\n"
	"\t\t\"warn\":\t0,\n"
	"\t\t\"fail\":\t0,\n"
	"\t\t\"insufficient\":\t0,\n"
	"\t\t\"verdict\":\t\"pass\"\n"
	"\t},\n"
	"\t\"context\":\t{\n"
	"\t\t\"label\":\tnull,\n"
	"\t\t\"outcome\":\tnull,\n"
	"\t\t\"references\":\t[],\n"
	"\t\t\"judging\":\t\"" JUDGING_RULE_JSON "\"\n"
	"\t},\n"
	"\t\"families\":\t[{\n"
	"\t\t\t\"family\":\t\"representation\",\n"
	"\t\t\t\"state\":\t\"not audited\",\n"
	"\t\t\t\"records\":\t0,\n"
	"\t\t\t\"found\":\t0,\n"
	"\t\t\t\"not_audited\":\tnull\n"
	"\t\t}, {\n"
	"\t\t\t\"family\":\t\"selection\",\n"
	"\t\t\t\"state\":\t\"not audited\",\n"
	"\t\t\t\"records\":\t0,\n"
	"\t\t\t\"found\":\t0,\n"
	"\t\t\t\"not_audited\":\tnull\n"
	"\t\t}, {\n"
	"\t\t\t\"family\":\t\"measurement\",\n"
	"\t\t\t\"state\":\t\"not audited\",\n"
	"\t\t\t\"records\":\t0,\n"
	"\t\t\t\"found\":\t0,\n"
	"\t\t\t\"not_audited\":\tnull\n"
	"\t\t}, {\n"
	"\t\t\t\"family\":\t\"quality\",\n"
	"\t\t\t\"state\":\t\"not audited\",\n"
	"\t\t\t\"records\":\t0,\n"
	"\t\t\t\"found\":\t0,\n"
	"\t\t\t\"not_audited\":\tnull\n"
	"\t\t}, {\n"
	"\t\t\t\"family\":\t\"privacy\",\n"
	"\t\t\t\"state\":\t\"not audited\",\n"
	"\t\t\t\"records\":\t0,\n"
	"\t\t\t\"found\":\t0,\n"
	"\t\t\t\"not_audited\":\tnull\n"
	"\t\t}, {\n"
	"\t\t\t\"family\":\t\"drift\",\n"
	"\t\t\t\"state\":\t\"not audited\",\n"
	"\t\t\t\"records\":\t0,\n"
	"\t\t\t\"found\":\t0,\n"
	"\t\t\t\"not_audited\":\tnull\n"
	"\t\t}],\n"
	"\t\"records\":\t[]\n"
	"}\n";

static void test_json_report(const char *tmp)
{
	struct audit_result r;
	struct audit_err err = {0};
	char *out = join(tmp, "json");
	char *path = join(out, "report.json");
	char *temp = join(out, "report.json.tmp");

	golden_result(&r);
	CHECK_INT(json_report_write(&r, out, &err), AUDIT_OK);
	char *first = harness_slurp(path, NULL);
	CHECK_STR(first, golden_json);
	CHECK(!exists(temp));

	/* Determinism: the same result gives the same bytes. */
	CHECK_INT(json_report_write(&r, out, &err), AUDIT_OK);
	char *second = harness_slurp(path, NULL);
	CHECK(first && second && strcmp(first, second) == 0);
	free(first);
	free(second);
	audit_result_free(&r);

	struct audit_result empty = {0};
	empty.tool_version = "0.1.0";
	CHECK_INT(json_report_write(&empty, out, &err), AUDIT_OK);
	char *text = harness_slurp(path, NULL);
	CHECK_STR(text, golden_empty_json);
	free(text);

	/* A broken configuration text is our bug: internal error, no file written. */
	char *bad_out = join(tmp, "bad");
	char *bad_path = join(bad_out, "report.json");
	const char *bad[] = {"{\"label\":", "[1, 2]", "{} trailing"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		empty.config_json = xstrdup(bad[i]);
		memset(&err, 0, sizeof err);
		CHECK_INT(json_report_write(&empty, bad_out, &err), AUDIT_EINTERNAL);
		CHECK(strstr(err.msg, "configuration") != NULL);
		CHECK(!exists(bad_path));
		free(empty.config_json);
	}
	empty.config_json = NULL;

	/* An unwritable directory surfaces as AUDIT_EIO. */
	CHECK_INT(json_report_write(&empty, "/dev/null/out", &err), AUDIT_EIO);

	free(bad_out);
	free(bad_path);
	free(out);
	free(path);
	free(temp);
}

/* ---- verdict ------------------------------------------------------------ */

/* A result whose records have the given statuses, in order. */
static void result_with(struct audit_result *r, const enum record_status *s, size_t n)
{
	memset(r, 0, sizeof *r);
	for (size_t i = 0; i < n; i++) {
		struct audit_record rec = record_init("quality", "rows");
		rec.status = s[i];
		audit_result_add(r, &rec);
	}
}

static void test_verdict(void)
{
	struct audit_result r;
	const enum record_status ok_only[] = {STATUS_OK, STATUS_OK};
	const enum record_status insufficient[] = {STATUS_OK, STATUS_INSUFFICIENT, STATUS_INSUFFICIENT};
	const enum record_status warned[] = {STATUS_OK, STATUS_WARN, STATUS_INSUFFICIENT};
	const enum record_status failed[] = {STATUS_WARN, STATUS_FAIL, STATUS_OK};

	result_with(&r, NULL, 0);
	CHECK_STR(audit_verdict(&r), "pass");
	audit_result_free(&r);
	result_with(&r, ok_only, 2);
	CHECK_STR(audit_verdict(&r), "pass");
	audit_result_free(&r);
	/* Too little data to judge is not a failure. */
	result_with(&r, insufficient, 3);
	CHECK_STR(audit_verdict(&r), "pass");
	audit_result_free(&r);
	result_with(&r, warned, 3);
	CHECK_STR(audit_verdict(&r), "warn");
	audit_result_free(&r);
	result_with(&r, failed, 3);
	CHECK_STR(audit_verdict(&r), "fail");
	audit_result_free(&r);
}

/* ---- summary ------------------------------------------------------------ */

static struct audit_record *add_comparison(struct audit_result *r, const char *metric,
					   const char *attr, const char *group, const char *ref,
					   double value, enum record_status status)
{
	struct audit_record rec = record_init("selection", metric);
	rec.attribute = xstrdup(attr);
	rec.group = xstrdup(group);
	rec.reference = ref ? xstrdup(ref) : NULL;
	rec.value = value;
	rec.status = status;
	return audit_result_add(r, &rec);
}

/*
 * Fails and warns out of order, to check the ranking: ratios before
 * differences before tests, |log ratio| and smaller p first, undefined last,
 * ties in record order. Also a long Hangul group name (cut at a character
 * boundary) and one with a terminal escape (shown as '?').
 */
static void summary_result(struct audit_result *r)
{
	struct audit_record *rec;

	memset(r, 0, sizeof *r);
	r->tool_version = "0.1.0";
	r->dataset.name = xstrdup("hiring");
	r->dataset.version = 2;
	r->dataset.path = xstrdup("hiring.csv");
	strcpy(r->dataset.sha256, golden_sha);
	r->dataset.rows = 5000;
	r->dataset.columns = 9;

	rec = add_comparison(r, "statistical_parity_difference", "sex", "F", "M", -0.2, STATUS_FAIL);
	rec->ci_low = -0.26;
	rec->ci_high = -0.14;
	rec->n = 749;
	rec = add_comparison(r, "disparate_impact", "sex", "F", "M", 0.7, STATUS_FAIL);
	rec->ci_low = 0.6234;
	rec->ci_high = 0.7891;
	rec->n = 749;
	/* |log 1.5| = 0.405 > |log 0.7| = 0.357: the more extreme ratio comes first. */
	rec = add_comparison(r, "disparate_impact", "race", "Black", "White", 1.5, STATUS_FAIL);
	rec->n = 312;
	add_comparison(r, "group_share", "sex", "F", NULL, 0.3, STATUS_OK);

	rec = add_comparison(r, "fisher_exact", "지역", "서울특별시강남구역삼동테헤란로한국어이름", "(rest)",
			     0.5, STATUS_WARN);
	rec->p_value = 0.012;
	rec->n = 40;
	struct audit_record chi = record_init("selection", "chi2_independence");
	chi.attribute = xstrdup("race");
	chi.value = 18.3;
	chi.p_value = 0.0011;
	chi.p_adjusted = 0.0044;
	chi.n = 5000;
	chi.status = STATUS_WARN;
	audit_result_add(r, &chi);
	/* An undefined ratio still outranks the tests (R2) but not a defined ratio. */
	add_comparison(r, "disparate_impact", "race", "Asian", "White", NAN, STATUS_WARN);
	rec = add_comparison(r, "disparate_impact", "race", "x\x1b[31my", "White", 1.3, STATUS_WARN);
	rec->n = 2345.0;
	add_comparison(r, "disparate_impact", "age", "18-25", "25-45", NAN, STATUS_INSUFFICIENT);
	/* R5: a personal-data finding shows its (masked) examples. */
	struct audit_record pii = record_init("privacy", "pii_email");
	pii.column = xstrdup("notes");
	pii.value = 3;
	pii.n = 3001;
	pii.status = STATUS_FAIL;
	pii.detail = xstrdup("e.g. j***@e***.com");
	audit_result_add(r, &pii);
}

static char *summary_text(const struct audit_result *r, const char *report, int max)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return xstrdup("(open_memstream failed)");
	summary_print(r, report, max, f);
	fclose(f);
	return buf;
}

static void test_summary(void)
{
	struct audit_result r;
	char *text;

	summary_result(&r);
	text = summary_text(&r, "dsaudit-out/report.json", 10);
	CHECK_STR(text,
		  "hiring@2: 5000 rows, 9 columns, sha256 3f2a9c0d1e4b\n"
		  "verdict: FAIL (4 fail, 4 warn, 1 ok, 1 insufficient of 10 records)\n"
		  "selection (9 records): 3 fail, 4 warn\n"
		  "  FAIL  disparate_impact               sex=F vs M: 0.7 (95% CI 0.623–0.789), n=749\n"
		  "  FAIL  disparate_impact               race=Black vs White: 1.5, n=312\n"
		  "  FAIL  statistical_parity_difference  sex=F vs M: -0.2 (95% CI -0.26–-0.14), n=749\n"
		  "  WARN  disparate_impact               race=x?[31my vs White: 1.3, n=2345\n"
		  "  WARN  disparate_impact               race=Asian vs White: n/a\n"
		  "  WARN  chi2_independence              race: 18.3, p=0.0011 (Holm 0.0044), n=5000\n"
		  "  WARN  fisher_exact                   지역=서울특별시강남구역삼동테헤란로… vs (rest): 0.5, p=0.012, n=40\n"
		  "privacy (1 record): 1 fail\n"
		  "  FAIL  pii_email  notes: 3, n=3001; e.g. j***@e***.com\n"
		  "report: dsaudit-out/report.json\n");
	free(text);

	/* A cap on the findings, per family (R0), says how many are shown. F's interval excludes parity
	 * by |log 0.789|; Black's 1.5 has no interval or test, so it assures nothing (findings.h R4). */
	text = summary_text(&r, NULL, 2);
	CHECK_STR(text,
		  "hiring@2: 5000 rows, 9 columns, sha256 3f2a9c0d1e4b\n"
		  "verdict: FAIL (4 fail, 4 warn, 1 ok, 1 insufficient of 10 records)\n"
		  "selection (9 records): 3 fail, 4 warn\n"
		  "  (the worst 2 of 7)\n"
		  "  FAIL  disparate_impact  sex=F vs M: 0.7 (95% CI 0.623–0.789), n=749\n"
		  "  FAIL  disparate_impact  race=Black vs White: 1.5, n=312\n"
		  "privacy (1 record): 1 fail\n"
		  "  FAIL  pii_email  notes: 3, n=3001; e.g. j***@e***.com\n");
	free(text);
	audit_result_free(&r);

	/* Nothing failed or warned: one line says so; insufficient alone passes. */
	memset(&r, 0, sizeof r);
	r.dataset.name = xstrdup("클린");
	r.dataset.version = 1;
	r.dataset.rows = 120;
	r.dataset.columns = 3;
	add_comparison(&r, "group_share", "sex", "F", NULL, 0.5, STATUS_OK);
	add_comparison(&r, "disparate_impact", "sex", "X", "M", NAN, STATUS_INSUFFICIENT);
	text = summary_text(&r, "out/report.json", 10);
	CHECK_STR(text,
		  "클린@1: 120 rows, 3 columns\n"
		  "verdict: PASS (0 fail, 0 warn, 1 ok, 1 insufficient of 2 records)\n"
		  "selection (2 records): 0 found\n"
		  "report: out/report.json\n");
	free(text);
	audit_result_free(&r);
}

/* findings.h R2, R4 and R6 on hand-made records. */
static void test_ranking(void)
{
	struct audit_result r;
	memset(&r, 0, sizeof r);
	/* sex has two groups, so F vs (rest) and M vs (rest) are one comparison (R6). */
	add_comparison(&r, "group_count", "sex", "F", NULL, 40, STATUS_OK);
	add_comparison(&r, "group_count", "sex", "M", NULL, 60, STATUS_OK);
	struct audit_record *a = add_comparison(&r, "fisher_exact", "sex", "F", "(rest)", 0.4, STATUS_WARN);
	a->p_adjusted = 0.01;
	struct audit_record *b = add_comparison(&r, "fisher_exact", "sex", "M", "(rest)", 2.5, STATUS_WARN);
	b->p_adjusted = 0.01;
	/* An intersection cell with a larger, better-supported ratio still ranks after the main effect (R2). */
	struct audit_record *cell = add_comparison(&r, "disparate_impact", "sex*race", "F*B", "M*A", 0.3, STATUS_FAIL);
	cell->ci_low = 0.1, cell->ci_high = 0.5, cell->p_adjusted = 1e-6;
	struct audit_record *big = add_comparison(&r, "disparate_impact", "race", "B", "A", 0.75, STATUS_FAIL);
	big->ci_low = 0.7, big->ci_high = 0.8, big->p_adjusted = 1e-20;
	/* A larger ratio whose test is not significant assures nothing (R4): it follows a supported one. */
	struct audit_record *thin = add_comparison(&r, "disparate_impact", "race", "C", "A", 0.2, STATUS_FAIL);
	thin->ci_low = 0.05, thin->ci_high = 0.7, thin->p_adjusted = 0.2;
	size_t n;
	const struct audit_record **f = findings_ranked(&r, NULL, &n);
	CHECK_INT(n, 4);
	if (n == 4) {
		CHECK(f[0] == big);
		CHECK(f[1] == thin);
		CHECK(f[2] == cell);
		CHECK(f[3] == a);
	}
	free(f);
	audit_result_free(&r);
}

void test_reports(void)
{
	test_ranking();
	char *tmp = make_temp_dir();
	CHECK(tmp != NULL);
	if (!tmp)
		return;
	test_format_double();
	test_write_atomic(tmp);
	test_json_report(tmp);
	test_verdict();
	test_summary();
	remove_tree(tmp);
	CHECK(!exists(tmp));
	free(tmp);
}
