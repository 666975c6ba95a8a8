/*
 * test_markdown.c — unit tests for reports/markdown.c: summary.md compared
 * whole against golden text for a hand-made result (ranking and wording
 * shared with the text summary, at most five findings per family, masked
 * personal data, every Markdown-significant character from the data
 * escaped, Hangul cut at a character boundary), a passing and an empty
 * result, and a write error reported as AUDIT_EIO.
 * Entry point: test_markdown().
 */
#include "harness.h"
#include "markdown.h"
#include "record.h"
#include "util.h"

#include <sys/stat.h>

void test_markdown(void);

static const char sha[] = "3f2a9c0d1e4b5a6978877665544332211000ffeeddccbbaa9988776655443322";

/* Writes r's summary.md into a fresh directory and returns its text (NULL on error). */
static char *markdown_text(const struct audit_result *r, int *rc)
{
	char dir[] = "/tmp/dsaudit-md-XXXXXX";
	struct audit_err err = {0};
	char path[64];

	if (!mkdtemp(dir))
		return NULL;
	*rc = markdown_report_write(r, dir, &err);
	snprintf(path, sizeof path, "%s/summary.md", dir);
	FILE *f = fopen(path, "rb");
	struct strbuf sb = {0};
	if (f) {
		char buf[4096];
		size_t k;
		while ((k = fread(buf, 1, sizeof buf, f)) > 0)
			strbuf_append(&sb, buf, k);
		fclose(f);
		strbuf_append(&sb, "", 0);
	}
	unlink(path);
	rmdir(dir);
	return sb.buf;
}

static struct audit_record *add(struct audit_result *r, const char *family, const char *metric,
				const char *attr, const char *group, const char *ref, double value,
				enum record_status status)
{
	struct audit_record rec = record_init(family, metric);
	rec.attribute = attr ? xstrdup(attr) : NULL;
	rec.group = group ? xstrdup(group) : NULL;
	rec.reference = ref ? xstrdup(ref) : NULL;
	rec.value = value;
	rec.status = status;
	return audit_result_add(r, &rec);
}

static void facts(struct audit_result *r, const char *name)
{
	memset(r, 0, sizeof *r);
	r->tool_version = "0.1.0";
	r->dataset.name = xstrdup(name);
	r->dataset.version = 2;
	r->dataset.rows = 5000;
	r->dataset.columns = 9;
}

/*
 * Seven selection findings (only five shown, ranked as the summary ranks
 * them), one of them a group name holding every character Markdown or HTML
 * reads inline, one a Hangul name longer than NAME_WIDTH; a personal-data
 * finding whose masked example is full of '*'; an ok-only family.
 */
static void test_markdown_golden(void)
{
	struct audit_result r;
	struct audit_record *rec;
	int rc = -1;

	facts(&r, "hiring_v2");
	strcpy(r.dataset.sha256, sha);
	add(&r, "representation", "group_share", "sex", "F", NULL, 0.4, STATUS_OK);
	rec = add(&r, "selection", "disparate_impact", "sex", "F", "M", 0.7, STATUS_FAIL);
	rec->ci_low = 0.6234;
	rec->ci_high = 0.7891;
	rec->n = 749;
	rec = add(&r, "selection", "disparate_impact", "race", "a|b<script>*x*_`y`[z](w)\\", "White", 0.5,
		  STATUS_FAIL);
	rec->n = 60;
	rec = add(&r, "selection", "fisher_exact", "지역", "서울특별시강남구역삼동테헤란로한국어이름", "(rest)",
		  0.5, STATUS_WARN);
	rec->p_value = 0.012;
	rec->p_adjusted = 0.036;
	rec->n = 40;
	rec = add(&r, "selection", "statistical_parity_difference", "sex", "F", "M", -0.2, STATUS_WARN);
	rec->n = 749;
	add(&r, "selection", "disparate_impact", "race", "Asian", "White", NAN, STATUS_WARN);
	add(&r, "selection", "disparate_impact", "race", "x\ny", "White", 1.3, STATUS_WARN);
	rec = add(&r, "selection", "chi2_independence", "race", NULL, NULL, 18.3, STATUS_WARN);
	rec->p_value = 0.0011;
	add(&r, "selection", "disparate_impact", "age", "18-25", "25-45", NAN, STATUS_INSUFFICIENT);
	struct audit_record pii = record_init("privacy", "pii_email");
	pii.column = xstrdup("notes");
	pii.value = 3;
	pii.n = 3001;
	pii.status = STATUS_FAIL;
	pii.detail = xstrdup("e.g. j***@e***.com, <x>");
	audit_result_add(&r, &pii);

	char *text = markdown_text(&r, &rc);
	CHECK_INT(rc, AUDIT_OK);
	CHECK_STR(text,
		  "## dsaudit: FAIL\n"
		  "\n"
		  "**hiring\\_v2@2**: 5000 rows, 9 columns, sha256 `3f2a9c0d1e4b`\n"
		  "\n"
		  "**3 fail**, 5 warn, 1 ok, 1 insufficient of 10 records\n"
		  "\n"
		  "### representation: 0 found (1 record)\n"
		  "\n"
		  "### selection: 2 fail, 5 warn (8 records)\n"
		  "\n"
		  "| status | metric | subject | figures |\n"
		  "| --- | --- | --- | --- |\n"
		  "| FAIL | `disparate_impact` | sex=F vs M | 0.7 (95% CI 0.623–0.789), n=749 |\n"
		  "| FAIL | `disparate_impact` | race=a\\|b&lt;script&gt;\\*x\\*\\_\\`y\\`\\[z\\](w)\\\\ vs White | 0.5, n=60 |\n"
		  "| WARN | `disparate_impact` | race=x?y vs White | 1.3 |\n"
		  "| WARN | `disparate_impact` | race=Asian vs White | n/a |\n"
		  "| WARN | `statistical_parity_difference` | sex=F vs M | -0.2, n=749 |\n"
		  "\n"
		  "The worst 5 of 7 findings; every record is in the full report.\n"
		  "\n"
		  "### privacy: 1 fail (1 record)\n"
		  "\n"
		  "| status | metric | subject | figures |\n"
		  "| --- | --- | --- | --- |\n"
		  "| FAIL | `pii_email` | notes | 3, n=3001; e.g. j\\*\\*\\*@e\\*\\*\\*.com, &lt;x&gt; |\n"
		  "\n"
		  "<sub>dsaudit 0.1.0</sub>\n");
	free(text);

	/* The two findings past the fifth: the Hangul name is cut with "…" (findings.h). */
	struct audit_record *keep = r.records;
	size_t n = r.n;
	r.records = keep + 3;
	r.n = 1;
	text = markdown_text(&r, &rc);
	CHECK(text && strstr(text, "| WARN | `fisher_exact` | 지역=서울특별시강남구역삼동테헤란로… vs (rest) | "
				   "0.5, p=0.012 (Holm 0.036), n=40 |\n"));
	free(text);
	r.records = keep;
	r.n = n;
	audit_result_free(&r);
}

/* Nothing failed or warned: PASS, no table; no sha256 when unknown; no records at all. */
static void test_markdown_pass_and_empty(void)
{
	struct audit_result r;
	int rc = -1;

	facts(&r, "클린");
	add(&r, "selection", "group_share", "sex", "F", NULL, 0.5, STATUS_OK);
	add(&r, "selection", "disparate_impact", "sex", "X", "M", NAN, STATUS_INSUFFICIENT);
	char *text = markdown_text(&r, &rc);
	CHECK_INT(rc, AUDIT_OK);
	CHECK_STR(text,
		  "## dsaudit: PASS\n"
		  "\n"
		  "**클린@2**: 5000 rows, 9 columns\n"
		  "\n"
		  "0 fail, 0 warn, 1 ok, 1 insufficient of 2 records\n"
		  "\n"
		  "### selection: 0 found (2 records)\n"
		  "\n"
		  "<sub>dsaudit 0.1.0</sub>\n");
	free(text);
	audit_result_free(&r);

	facts(&r, "empty");
	text = markdown_text(&r, &rc);
	CHECK_INT(rc, AUDIT_OK);
	CHECK(text && strstr(text, "## dsaudit: PASS\n") == text);
	CHECK(text && strstr(text, "\nNo records.\n"));
	free(text);
	audit_result_free(&r);
}

/* An output "directory" that is a file: the error names the path, nothing is left behind. */
static void test_markdown_write_error(void)
{
	struct audit_result r;
	struct audit_err err = {0};
	char path[64];

	facts(&r, "x");
	if (harness_temp_file("", 0, path) != 0) {
		CHECK(!"temp file");
		audit_result_free(&r);
		return;
	}
	CHECK_INT(markdown_report_write(&r, path, &err), AUDIT_EIO);
	CHECK(strstr(err.msg, "summary.md") != NULL);
	unlink(path);
	audit_result_free(&r);
}

void test_markdown(void)
{
	test_markdown_golden();
	test_markdown_pass_and_empty();
	test_markdown_write_error();
}
