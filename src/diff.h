/*
 * diff.h — `dsaudit diff`: the drift between two stored versions, OLD
 * ("then") and NEW ("now"), as metrics/drift.h defines it, rendered in
 * every --format as an audit is. diff reads the database and writes only
 * the reports: it stores nothing.
 *
 * Rules (the man page repeats them):
 *  1. OLD and NEW are version references (store.h rules 1-5).
 *  2. The counting spec. With --protected or --config, it is the flags and
 *     the file, merged as for audit (config.h rule 7). Without either, the
 *     configuration stored with NEW's latest audit stands in for --config,
 *     and the flags given (--label, --positive, --bins, --intersections,
 *     --min-group, --format) override it; its "format" is not inherited:
 *     the reports are json unless --format says otherwise. With neither and
 *     no stored audit of NEW, diff asks for --protected.
 *  3. Only what drift needs is counted: the protected attributes (with
 *     --bins and intersections) and the label with its positive spec. The
 *     other settings of a configuration (strata, reference groups,
 *     population, prediction, annotators, privacy, domains) are read and
 *     checked as config settings but play no part.
 *  4. Both versions must have every column the spec names (diff_count).
 *  5. The result: the dataset facts are NEW's (path = its stored source),
 *     config = the canonical JSON of the configuration used, and every
 *     drift record's reference is OLD as NAME@N (diff_records), so each
 *     record says what it was compared with.
 *  6. Exit 1 when a drift record fails (psi >= 0.25), else 0.
 *  7. A version audited with --no-rows has no rows to count: its stored
 *     counts (store.h count_set, count_cell) stand in, when they hold every
 *     table the spec makes (each protected column and intersection), the
 *     same bins for each protected column, and, when a label is asked, the
 *     same label and positive spec. Asking for no label sums the classes.
 *     Anything else is AUDIT_EUSAGE saying what was stored.
 *  8. The database must not be inside --out (store_check_outside).
 *
 * Entry points: diff_count and diff_records (reusable, e.g. by an audit
 * against a baseline), diff_run (the command).
 */
#ifndef DSAUDIT_DIFF_H
#define DSAUDIT_DIFF_H

#include "count.h"
#include "record.h"
#include "store.h"
#include "util.h"

/*
 * Counts versions then_id and now_id with spec. spec->columns, ncolumns and
 * rows are ignored: each version's own columns and row count are read from
 * the store. A column that spec names (protected, label, strata, bins,
 * prediction, gold, annotators, id, quasi-identifiers, sensitive, domains)
 * and a version lacks is AUDIT_EUSAGE naming the version and listing its
 * columns. On success *then and *now are owned by the caller
 * (count_tables_free); on error both are left empty.
 */
int diff_count(struct store *st, long long then_id, long long now_id, const struct count_spec *spec,
	       struct count_tables *then, struct count_tables *now, struct audit_err *err);
/* One version, as diff_count counts each: only the columns spec names are read, or its stored counts (rule 7). */
int diff_count_version(struct store *st, long long id, const struct count_spec *spec, struct count_tables *out,
		       struct audit_err *err);

/* The bins of spec's protected columns as JSON ({"age":[30,45]}), as count_set.bins keeps them. Caller frees. */
char *diff_bins_json(const struct count_spec *spec);
/* Keeps ct (counted with spec) as version id's counts, for a version without rows (rule 7). */
int diff_store_counts(struct store *st, long long id, const struct count_spec *spec, const struct count_tables *ct,
		      struct audit_err *err);

/*
 * Appends drift_records(then, now, label, min_group) to out, with each new
 * record's reference set to then_version's NAME@N (rule 5).
 */
void diff_records(const struct count_tables *then, const struct count_tables *now,
		  const struct dataset_version *then_version, const char *label, double min_group,
		  struct audit_result *out);

struct diff_request {
	const char *db;
	const char *old_ref, *new_ref;
	/* The other flags, as audit takes them: --protected, --label, --positive,
	 * --config, --intersections, --bins, --min-group, --out, --format. */
	char **flags;
	int nflags;
	int spec_given;     /* --protected or --config among them (rule 2) */
	int format_given;   /* --format among them */
};

/*
 * Runs `dsaudit diff`: resolves both references, counts, writes the reports
 * into OUT and prints the summary on stdout. Sets *failed when a record
 * failed. Never changes the database.
 */
int diff_run(const struct diff_request *req, int *failed, struct audit_err *err);

#endif
