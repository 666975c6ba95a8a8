/*
 * gate.h — the quality gate: a policy of rules judged against the audit's
 * records, after they are computed and before they are stored, so the
 * statuses in the database, the reports and the exit status all follow it
 * (DESIGN.md: "the gate evaluates a policy against the records and sets
 * status"). The rules come from the config file's "policy" (config.h rule
 * 24) and from a table of defaults (G5).
 *
 * Entry points: gate_apply, gate_failed, gate_metric_known, gate_rule_free,
 * gate_bound_text, gate_github_annotations.
 *
 * Rules, cited by number in gate.c, the tests and the man page (POLICY):
 *  G1. Matching. A rule matches a record when the record's metric equals the
 *      rule's "metric" (in any family: missing_rate is matched in both), or
 *      the rule's metric is "pii_*" and the record's starts with "pii_"; and
 *      each of "attribute", "group" and "column" that the rule gives equals
 *      the record's byte for byte. Given as JSON null, it matches only a
 *      record that has none (a dataset-level figure has no attribute).
 *  G2. Bounds. "min" and "max" are inclusive; "band": [lo, hi] is the same
 *      as "min": lo, "max": hi. The judged number x is the record's value,
 *      or value / n with "share": true. x is within the bounds when
 *      min <= x (if a min is given) and x <= max (if a max is given): a
 *      disparate impact of exactly 0.8 is within [0.8, 1.25].
 *  G3. Outcome of one rule on one record. Within the bounds: ok. Outside:
 *      the rule's "severity", fail (the default) or warn. When the record's
 *      metric made it insufficient, or x is undefined (a null value; for a
 *      share, n null or 0): the rule's "insufficient" outcome, which is pass
 *      (the default: the record is insufficient, judged neither way; a rule
 *      that cannot judge a record never calls it ok, so an ok record with a
 *      null value becomes insufficient), warn or fail.
 *  G3a. Evidence. A band (both "min" and "max", not a share) on a
 *      comparison that carries its own test (disparate_impact and the
 *      judged _disparity metrics, all but ppr_disparity) is judged by the
 *      band and the test together (metrics/common.h J1-J4): outside the
 *      band and significant (Holm-adjusted p < 0.05): the rule's severity;
 *      only one of the two: warn; neither: ok. The group's size plays no
 *      part, so a small group with a large, significant disparity fails.
 *  G4. A record matched by several rules is judged by every one of them (a
 *      gate evaluation each) and takes the most severe outcome, in the
 *      order fail > warn > insufficient > ok. A record no rule matches keeps
 *      the status its metric gave it (METRICS, Status); when that is warn or
 *      fail, it is still kept as an evaluation, of the metric's built-in
 *      rule (rule "built-in METRIC", bound the threshold METRICS gives),
 *      because it counts in the verdict: the JUnit report and the GitHub
 *      annotations then show everything that can fail the gate, not only
 *      what the policy names. (A choice beyond the design's "each match is
 *      an evaluation": without it an id_duplicates failure would fail the
 *      job with no failing test case to say why.)
 *  G5. Defaults. With "policy_defaults": true (the default) these rules are
 *      in force, in this order:
 *        disparate_impact    band [0.8, 1.25]  fail  (four-fifths rule and
 *                                                     its mirror, 1 / 0.8,
 *                                                     with the test: G3a)
 *        pii_*               max 0             fail  (personal data found)
 *        k_anonymity         min K             fail  (K = --k, default 5)
 *        duplicate_rows      share, max 0.01   warn  (over 1% of the rows)
 *        krippendorff_alpha  min 0.667         warn  (dataset level only:
 *                                                     attribute null)
 *      all with insufficient: pass. Krippendorff (2004) accepts alpha >=
 *      0.667 for tentative conclusions; his threshold is about the data as a
 *      whole, so the per-group agreement records keep their own rule (a
 *      group's interval wholly below the rest's warns). A configured rule
 *      takes over its metric: a record whose metric some configured rule
 *      names (G1, whatever that rule's attribute, group or column) is judged
 *      by no default. So "pii_email" replaces the pii_* default for
 *      pii_email only, and "pii_*" for every pii_ kind.
 *  G6. Order. Evaluations are kept in record order and, for one record, in
 *      rule order: the configured rules as given, then the defaults in the
 *      order of G5. Given the same records and policy the gate gives the
 *      same statuses and evaluations.
 *  G7. Verdict and exit. The verdict is computed from the records as ever
 *      (record.h: fail if any failed, else warn if any warned, else pass).
 *      gate_failed: the verdict is fail, or it is warn and strict is set
 *      (--strict). Strict changes only the exit status: the records keep
 *      warn, and the stored verdict stays warn.
 *  G8. Bound text, for people: "outside [lo, hi]" when both bounds are
 *      given, "below lo" with only a min, "above hi" with only a max;
 *      numbers in their shortest round-trip form (0.8, 1.25, 0.667, 5).
 *  G8a. For a band judged with evidence (G3a) the text says what was
 *      found: "outside [0.8, 1.25] and significant (Holm p < 0.05)",
 *      "outside [0.8, 1.25], not significant", "within [0.8, 1.25],
 *      significant (Holm p < 0.05)", "within [0.8, 1.25], not significant".
 *  G9. GitHub (when GITHUB_ACTIONS is "true"): one workflow command per
 *      evaluation whose outcome is fail (::error) or warn (::warning), in
 *      the order of the summary (records ranked by findings.h R1-R6, worst
 *      first: GitHub shows only the first few of each kind), as
 *      "::error title=dsaudit METRIC::MESSAGE" with the message of
 *      gate_evaluation_message (junit.h). Escaped as GitHub reads them: in
 *      the message % -> %25, CR -> %0D, LF -> %0A; in the title also
 *      : -> %3A and , -> %2C.
 *
 * Ownership: a struct gate_rule owns its strings (gate_rule_free).
 */
#ifndef DSAUDIT_GATE_H
#define DSAUDIT_GATE_H

#include <stddef.h>
#include <stdio.h>

#include "record.h"
#include "util.h"

/* A record field a rule may name (G1). */
struct gate_match {
	int given;    /* the rule names the field */
	char *value;  /* what it must equal; NULL (with given) for JSON null: the record has none */
};

struct gate_rule {
	char *metric;                     /* a known metric name, or "pii_*" */
	char *name;                       /* "name", or NULL */
	struct gate_match attribute, group, column;
	int has_min, has_max;
	double min, max;                  /* G2, inclusive */
	int share;                        /* bound value / n */
	enum record_status severity;      /* STATUS_FAIL or STATUS_WARN */
	enum record_status insufficient;  /* STATUS_INSUFFICIENT (pass), STATUS_WARN or STATUS_FAIL */
};

/* "pii_*", the one prefix form a rule may name. */
#define GATE_PII_PATTERN "pii_*"

/* Is metric a name a rule may give: one METRICS documents (method_lookup), or "pii_*"? */
int gate_metric_known(const char *metric);

/*
 * Judges every record against the configured rules (rules[0..n)) and, when
 * use_defaults, the defaults of G5 with K = k; sets the matched records'
 * statuses (G3, G4) and appends the evaluations to res (G6). When matches
 * is not NULL, matches[j] receives the number of records rule j judged.
 */
void gate_apply(const struct gate_rule *rules, size_t n, int use_defaults, long k, struct audit_result *res,
		size_t *matches);

/* G7: does the gate fail (exit 1)? */
int gate_failed(const struct audit_result *res, int strict);

/* G8: appends what breaks the rule: "outside [0.8, 1.25]", "below 5", "above 0". */
void gate_bound_text(struct strbuf *sb, const struct gate_rule *rule);

/* G9: prints the workflow commands of the failing and warning evaluations. */
void gate_github_annotations(const struct audit_result *res, FILE *out);

void gate_rule_free(struct gate_rule *rule);

#endif
