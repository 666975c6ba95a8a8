/*
 * context.h — what a reader needs beside the figures (record.h struct
 * audit_context): the outcome a rate counts in words, each table's reference
 * group and why it is the one, and which families were audited. Filled once
 * by the audit (and by diff) from the configuration and the count tables;
 * every report renders it.
 *
 * Rules, cited by number in context.c and the man page:
 *  C1. Outcome: "LABEL OP X" for a comparison spec ("Combine >= 70"),
 *      "LABEL = V" or "LABEL = V1 or V2" for a list ("income-per-year =
 *      >50K"), "LABEL = 1" for a 0/1 or boolean label read without a spec
 *      (count.h rule 4), "LABEL: each class against the rest" for a
 *      multi-class label.
 *  C2. References. A single attribute's reference is the configured group
 *      ("configured"), else its largest group ("the largest group"). An
 *      intersection's is the configured cell (config.h rule 10a), else its
 *      attributes' references combined when each is configured and that
 *      cell has rows ("race=Caucasian and sex=Male, combined"), else its
 *      largest cell.
 *  C3. Families. representation needs --protected; selection --label and
 *      --protected; measurement --protected or a label (label_leakage),
 *      its parts "decisions" (--prediction or --gold) and "annotator
 *      agreement" (--annotators) said when absent; quality always; privacy
 *      always, its part "k-anonymity" (--quasi-identifiers) said when
 *      absent; drift --baseline. "0 found" is a report's reading of an
 *      audited family without a fail or warn.
 */
#ifndef DSAUDIT_CONTEXT_H
#define DSAUDIT_CONTEXT_H

#include "config.h"
#include "record.h"
#include "tables.h"

/*
 * C2: the reference group of each table of ct, as an index into its groups
 * (refs[i] for ct->tables[i]), and the choices in res->context. An unknown
 * configured group is an error naming the groups there are.
 */
int context_references(const struct audit_config *cfg, const struct count_tables *ct, size_t *refs,
		       struct audit_result *res, struct audit_err *err);

/* C1 and C3: the outcome and the families' states, from cfg and the tables. */
void context_fill(const struct audit_config *cfg, const struct count_tables *ct, struct audit_result *res);

/* C1 and C3 for `diff`: only drift is audited. */
void context_fill_diff(const struct audit_config *cfg, const struct count_tables *ct, struct audit_result *res);

/*
 * The config's "require": one fail record (family FAMILY, metric
 * "not_audited") for each required family that was not audited, so the
 * gate fails and names it.
 */
void context_require(const struct audit_config *cfg, struct audit_result *res);

#endif
