/*
 * junit.h — OUT/junit.xml: the gate's evaluations (src/gate.h) as a JUnit
 * XML report, the format Jenkins and GitLab read (tests/junit.xsd is its
 * schema, a subset of the Jenkins xunit plugin's junit-10.xsd):
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <testsuites name="dsaudit" tests="9" failures="2" errors="0" time="0">
 *     <testsuite name="dsaudit.selection" tests="4" failures="1" errors="0" skipped="1" time="0">
 *       <testcase classname="dsaudit.selection.disparate_impact"
 *                 name="disparate_impact hired, sex=F vs M" time="0">
 *         <failure message="hired, sex=F vs M: 0.686 (95% CI 0.505–0.931), n=147 is outside [0.8, 1.25]"
 *                  type="fail">rule: default disparate_impact
 *   ...</failure>
 *       </testcase>
 *       ...
 *
 * Rules (cited in the code):
 *   J1. One <testsuite> per family that has evaluations, named
 *       "dsaudit.FAMILY", in report order (representation, selection,
 *       measurement, quality, privacy, drift); one <testcase> per evaluation
 *       (rule x record: attribute, group, column), in the gate's order
 *       (gate.h G6), classname "dsaudit.FAMILY.METRIC", name "METRIC
 *       SUBJECT" (findings.h wording), with " [RULE]" appended when several
 *       rules judge the same record, so names stay unique. time is "0":
 *       nothing is timed, and the file stays byte-identical across runs.
 *   J2. Outcome fail: <failure type="fail">. Outcome warn: with --strict a
 *       <failure type="warn">; without, a passing test case whose
 *       <system-out> says it warned. Insufficient counted as pass:
 *       <skipped message="..."/>. Ok: an empty test case. A failure's
 *       message is gate_evaluation_message; its body gives the rule, the
 *       record, the value with its interval and n, the judged share, the
 *       bound (for a metric's built-in rule, gate.h G4, its threshold in
 *       words) and the detail, a line each.
 *   J3. Counts: tests, failures (J2's failures), errors (always 0) and
 *       skipped per suite; tests, failures and errors on <testsuites>, whose
 *       Jenkins schema has no skipped attribute.
 *   J4. Text is escaped for XML (& < > everywhere, " and tab, LF, CR as
 *       character references in attributes, CR in content too), and what
 *       XML 1.0 cannot hold is dropped: control characters other than tab,
 *       LF and CR, U+FFFE and U+FFFF, and bytes that are not UTF-8.
 *
 * Entry points: junit_report_write, gate_evaluation_message.
 */
#ifndef DSAUDIT_JUNIT_H
#define DSAUDIT_JUNIT_H

#include "record.h"
#include "util.h"

/* Writes OUT_DIR/junit.xml atomically (reports/output.h). */
int junit_report_write(const struct audit_result *r, const char *out_dir, struct audit_err *err);

/*
 * Appends one evaluation in words, as the JUnit failure message and the
 * GitHub annotation say it: "hired, sex=F vs M: 0.686 (95% CI 0.505–0.931),
 * n=147 is outside [0.8, 1.25]"; for a share rule "dataset: share 0.167
 * (2 of 12) is above 0.01"; when the record could not be judged "...;
 * insufficient data" (", counted as fail" when the rule says so); within
 * the bounds "... is within the bounds"; for a metric's built-in rule
 * (gate.h G4) "id: 1, n=12; fail by the metric's own rule".
 */
void gate_evaluation_message(struct strbuf *sb, const struct audit_result *r, const struct gate_evaluation *ev);

#endif
