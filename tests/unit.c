/*
 * unit.c — runs every module's unit tests and prints "N passed, N failed".
 * Each tests/test_<module>.c defines test_<module>(); add new ones below.
 */
#include "harness.h"

int harness_passed, harness_failed;

void test_sha256(void);
void test_csv(void);
void test_json_rows(void);
void test_infer(void);
void test_config(void);
void test_reports(void);
void test_markdown(void);
void test_stats(void);
void test_metrics(void);
void test_agreement(void);
void test_distribution(void);
void test_ordered(void);
void test_pii(void);
void test_quality(void);
void test_measurement(void);
void test_column_bias(void);
void test_xlsx(void);
void test_chart(void);
void test_drift(void);
void test_history(void);
void test_gate(void);
void test_spill(void);
void test_pushdown(void);
void test_engine(void);
void test_text_edit(void);
void test_text_bleu(void);
void test_text_rouge(void);

static const struct {
	const char *name;
	void (*run)(void);
} suites[] = {
	{"sha256", test_sha256},
	{"csv", test_csv},
	{"json_rows", test_json_rows},
	{"infer", test_infer},
	{"config", test_config},
	{"reports", test_reports},
	{"markdown", test_markdown},
	{"stats", test_stats},
	{"metrics", test_metrics},
	{"agreement", test_agreement},
	{"distribution", test_distribution},
	{"ordered", test_ordered},
	{"pii", test_pii},
	{"quality", test_quality},
	{"measurement", test_measurement},
	{"column_bias", test_column_bias},
	{"xlsx", test_xlsx},
	{"chart", test_chart},
	{"drift", test_drift},
	{"history", test_history},
	{"gate", test_gate},
	{"spill", test_spill},
	{"pushdown", test_pushdown},
	{"engine", test_engine},
	{"text_edit", test_text_edit},
	{"text_bleu", test_text_bleu},
	{"text_rouge", test_text_rouge},
};

int main(void)
{
	for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
		int before = harness_failed;
		suites[i].run();
		if (harness_failed > before)
			fprintf(stderr, "suite %s: %d failed\n", suites[i].name, harness_failed - before);
	}
	printf("%d passed, %d failed\n", harness_passed, harness_failed);
	return harness_failed ? 1 : 0;
}
