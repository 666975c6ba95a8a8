/*
 * config.h — the configuration of `dsaudit audit`: its flags plus an optional
 * JSON config file (--config FILE), merged into one struct audit_config.
 * Entry points: config_parse, config_free, config_to_json (the effective
 * configuration as canonical JSON), config_check_columns (once the data's
 * columns are known). The positive-label spec (positive_spec_parse,
 * positive_spec_match) and declared domains (domain_contains) are in
 * positive.h, which this header includes. The module's files: config.c
 * (flags, merging, checks), config_json.c (the file's keys, canonical JSON),
 * config_policy.c (rules 24-25), config_text.c (numbers and lists as text),
 * positive.c (rules 1-5 and 21's matching).
 *
 * Rules, cited by number in config.c, the tests and the man page:
 *  1. Comparison. A positive spec is a comparison when, after trimming spaces,
 *     it starts with <, <=, >, >=, == or != and the rest (spaces allowed after
 *     the operator) is one decimal number: an optional sign, digits with an
 *     optional fraction, an optional exponent; finite; no hex, inf or nan.
 *     ">=70", "> 0.5", "!=0" are comparisons. Anything else is the list form,
 *     so Adult-style labels such as ">50K" and "<=50K" are plain values.
 *  2. List form. Items are split on commas and their surrounding spaces are
 *     trimmed. An item in double quotes keeps its commas and spaces ("a,b");
 *     "" inside quotes is one quote character. The same splitting applies to
 *     every comma list of names: --protected, --format and the string forms
 *     of "protected" and "format" in the config file.
 *  3. Empty. An empty list, or an empty item (",a", "a,,b", "a,"), is an
 *     error. An unquoted list item that is itself a comparison (">=70,<10")
 *     is an error: a spec holds one comparison; quote it (">=70") to mean
 *     the text.
 *  4. Matching (positive_spec_match). List form: a value matches when its
 *     text equals a listed item byte for byte, or when both it and the item
 *     are numbers and equal numerically (label 1.0 matches "1"). Comparison
 *     form: only numbers can match; a text value never does, not even "!=0".
 *  5. Named specs. The config's "positive_specs" maps names to specs. A
 *     --positive value (or the config's "positive" string) that equals a name
 *     there means that spec; the name wins over reading the value as a spec.
 *     Every named spec is checked when the file is read, used or not.
 *  6. --positive needs --label (from a flag or the file): "--positive needs
 *     --label". The label column must not also be protected.
 *  7. Merging. The config file is read first, wherever --config appears;
 *     every flag then overrides it. A list (--protected, --format) replaces
 *     the file's list whole; a keyed flag (--reference ATTR=, --bins COL=)
 *     replaces only the file's entry for that key. --reference and --bins may
 *     be repeated, once per key; any other flag given twice is an error.
 *  8. Flag values. Both --flag VALUE and --flag=VALUE work. In the separate
 *     form a value starting with "--" is refused as a missing value (write
 *     --label=--odd for such a column). "--" ends the options: what follows
 *     is the DATA argument, even if it starts with "-". "-" alone is DATA
 *     (standard input).
 *  9. --intersections N: N < 1 is an error; 1 means no intersections, 2 every
 *     pair, N > the number of protected attributes means all of them and is
 *     stored as that number, so equal meanings print equally. With no
 *     protected attribute it stays as given (default 2) and means nothing.
 * 10. --reference ATTR=VALUE splits at the first "="; the value is kept
 *     exactly (group values are text as in the data). ATTR must be a
 *     protected attribute; an empty ATTR or VALUE is an error. Attributes
 *     without a reference use their largest group.
 *     10a. ATTR may name an intersection as the audit names it (its
 *     attributes joined by "*" in --protected order, at most
 *     --intersections of them: --reference 'race*sex=Caucasian*Male'); its
 *     VALUE has a part per attribute. An intersection without one combines
 *     its attributes' references when each has one (audit.c), else uses
 *     its largest cell.
 * 11. --bins COL=E1,E2,... splits at the last "="; at least one edge, every
 *     edge a finite decimal number, strictly increasing. --bins COL=quartiles
 *     (config: "bins": {"COL": "quartiles"}) asks for COL's quartiles as the
 *     edges, computed when the data is counted (typecheck.h T4). COL must be
 *     a protected attribute, checked with the columns (config_check_columns:
 *     "bins: \"income\" is not a protected attribute (protected: sex,age)");
 *     a text column is refused after counting (T3).
 * 12. Population shares ("population", config only): each share in [0, 1],
 *     each attribute's shares summing to 1 within 1e-6, at least one group.
 * 13. --strata must differ from the label and from every protected attribute
 *     (stratifying by the attribute under test measures nothing).
 * 14. --format takes json, xlsx, png, svg, pdf, md, junit; duplicates are
 *     dropped and the list is kept in that fixed order. --data-format takes
 *     csv, jsonl or json; --delimiter one of , ; | tab (stored as "tab" for a
 *     tab). --min-group is a whole number >= 1. --name, --db, --out must not
 *     be empty. Paths in the config file are taken as given (relative to the
 *     working directory, like the flags).
 * 15. Config file: a JSON object (a UTF-8 BOM is skipped). Keys are exact and
 *     case-sensitive; an unknown or repeated key is an error. Invalid JSON is
 *     reported as FILE:LINE:COL (byte column, from 1) where parsing stopped.
 * 16. Canonical JSON (config_to_json): compact, fixed key order, numbers in
 *     their shortest round-trip form; references, bins and population
 *     attributes and groups sorted by name (byte order); protected keeps the
 *     given order, since it names intersections ("race*sex"). The data path,
 *     config path, --out, --db and --no-progress are left out: they say
 *     where things are or how the run looks, not what the audit computes,
 *     so the same audit gives the same report wherever it is written. Every key
 *     printed is a config key, so the output reads back as a config file
 *     (a named spec prints as "positive_specs": {NAME: SPEC}, "positive": NAME).
 * 17. Prediction. --prediction COL (config "prediction") is a model's or a
 *     screener's decision. It needs --label or --gold to be compared with:
 *     "--prediction needs --label or --gold". --prediction-positive SPEC
 *     (config "prediction_positive") says which predictions are positive; it
 *     is read exactly as --positive (rules 1-5: in the file a string, a number
 *     or an array; a string naming an entry of "positive_specs" means that
 *     spec) and needs --prediction: "--prediction-positive needs
 *     --prediction". Without it, the prediction must hold 0/1 or booleans
 *     (1 or true positive; count.h rule 6); any other value is an error when
 *     the data is counted.
 * 18. One role per column. The label, --prediction, --gold, --id, each of
 *     --annotators, each protected attribute and --strata, in this order,
 *     are pairwise different columns. The message starts with one role's
 *     flag (or config path and key) and names the other's: "--gold:
 *     \"hired\" is already the --label", "--strata: \"r1\" is already in
 *     --annotators"; a role set in the file is named by its key ("is already
 *     the \"label\""). The role set by a flag is the one blamed; between two
 *     of the same origin, the later in the order above. The label with a
 *     protected attribute, and --strata with either, keep the messages of
 *     rules 6 and 13.
 * 19. Annotators. --annotators COL,COL[,...] (config "annotators": a comma
 *     list string or an array of strings, split and merged as "protected" is
 *     by rules 2, 3 and 7) names at least two columns, all different, kept in
 *     the given order: "--annotators: needs at least two columns (got 1)",
 *     "--annotators: \"r1\" is listed twice".
 * 20. Privacy. --quasi-identifiers COL,... (config "quasi_identifiers", forms
 *     and merging as for "protected") lists different columns, kept in the
 *     given order. They may include protected attributes (sex often is one)
 *     and any other role's column except the label's:
 *     "--quasi-identifiers: \"hired\" is already the --label". --sensitive
 *     COL (config "sensitive", for l-diversity) needs --quasi-identifiers
 *     and must not be one of them: "--sensitive needs --quasi-identifiers",
 *     "--sensitive: \"zip\" is already in --quasi-identifiers"; it may be the
 *     label or a protected attribute. --k N (config "k", a whole number) is
 *     the k-anonymity threshold, default 5; N < 2 is an error ("--k:
 *     expected a whole number >= 2, got 1"), and a given --k (or "k") needs
 *     --quasi-identifiers: "--k needs --quasi-identifiers". --id COL (config
 *     "id") names a row identifier; it takes no other role of rule 18.
 * 21. Domains (config "domain" only, no flag, like "population"): an object
 *     mapping a column to an array. An array of exactly two JSON numbers
 *     [lo, hi] is an inclusive range; both must be finite, lo <= hi. Any
 *     other array is a list of allowed values: JSON strings and/or finite
 *     numbers, at least one, no empty string, no two equal under rule 4
 *     (byte-equal text, or both numbers and numerically equal: [1, "1.0"]
 *     repeats a value). So to list exactly two numeric codes, write them as
 *     strings: ["1", "2"] allows the values 1 and 2, while [1, 2] is every
 *     number from 1 to 2. domain_contains: a list holds a value as a
 *     list-form positive spec matches it (rule 4; a numeric string in the
 *     list also holds that number); a range holds only numbers x with
 *     lo <= x <= hi, never a text value.
 * 22. The settings of rules 17-21 in config_check_columns and
 *     config_to_json: prediction, gold, each annotator, id, each
 *     quasi-identifier, sensitive and every domain column must name existing
 *     columns. The canonical JSON prints them after "format", in the order
 *     prediction, prediction_positive, gold, annotators, id,
 *     quasi_identifiers, sensitive, k, domain; each is left out when unset,
 *     and k is printed exactly when quasi_identifiers is (5 when not given).
 *     Annotators and quasi-identifiers keep the given order. Domain columns
 *     are sorted by name (byte order); a range prints as [lo,hi], a list in
 *     the given order with strings as strings and numbers as numbers, all
 *     numbers in their shortest round-trip form. A named prediction_positive
 *     prints as its name, its spec joining the one "positive_specs" object
 *     (names sorted) as for "positive" (rule 16).
 * 23. Gate switches. --strict (config "strict") makes a warn verdict fail
 *     the gate: exit 1 (gate.h G7; the records keep warn). --gate-only
 *     (config "gate_only") skips the heavy reports xlsx, png, svg and pdf
 *     even when --format lists them, and says so once on stderr; json, md
 *     and junit are still written. Neither flag takes a value ("--strict:
 *     takes no value"); a flag turns its setting on whatever the file says
 *     (rule 7); in the file each is a JSON boolean. --no-rows (config
 *     "no_rows") is a switch of the same kind: the audit keeps the
 *     version's count tables instead of its rows (store.h, diff.h rule 7);
 *     like "gate_only" it is left out of the canonical JSON.
 * 24. Policy (config only, like "population"): "policy" is an array of
 *     rules, judged as gate.h says; "policy_defaults" (a boolean, default
 *     true) keeps the default rules (gate.h G5). A rule is an object with
 *     the keys metric (required: a name METRICS documents, that is one
 *     method_lookup knows, or "pii_*"), name (a non-empty string),
 *     attribute, group, column (each a non-empty string, or null: the
 *     record has none), min, max (finite numbers), band ([lo, hi]: two
 *     finite numbers, lo <= hi; not with min or max), share (a boolean),
 *     severity ("fail", the default, or "warn") and insufficient ("pass",
 *     the default, "warn" or "fail"). At least one of min, max and band;
 *     min <= max. An empty array is allowed (no configured rule). Any other
 *     key, a wrong type, a missing bound or an unknown metric is an error
 *     naming the rule by its index from 0: "audit.json: \"policy\"[2]:
 *     unknown metric \"foo\"". Rules are not checked against the data's
 *     columns: attributes, groups and columns of records are not all data
 *     columns ("race*sex", "sex,age"); a rule that matches no record is
 *     named on stderr after the audit, never an error.
 * 25. Canonical JSON of rules 23 and 24: after "domain", "strict": true
 *     when set and "policy_defaults": false when off (each left out at its
 *     default), then "policy" when it has rules, in the given order, each
 *     with its keys in the order metric, name, attribute, group, column,
 *     min, max, share, severity, insufficient: a band prints as min and max
 *     (it is the same rule), share only when true, severity and
 *     insufficient always, the others when given (null as null). They
 *     change what the audit decides. "gate_only" is left out: like --out it
 *     changes how the run looks, not what is decided (rule 16).
 * 26. --baseline REF (config "baseline"): a stored version (a dataset id,
 *     NAME@N, NAME@latest or NAME@accepted; store.h) to add drift records
 *     against, read when the audit runs; printed in the canonical JSON
 *     after "domain" and the gate.
 * 27. --require LIST (config "require": an array): families that must be
 *     audited (representation, selection, measurement, quality, privacy,
 *     drift); one that was not (context.h C3) fails the gate, naming it.
 *     Kept once each in report order; printed last in the canonical JSON.
 *
 * Errors: every one is AUDIT_EUSAGE, and its message starts with the flag
 * ("--min-group: ...") or the config path ("audit.json: \"min_group\" ...").
 *
 * Ownership: struct audit_config owns every string and array in it (argv is
 * copied); config_free releases them and is a no-op on a zeroed struct.
 */
#ifndef DSAUDIT_CONFIG_H
#define DSAUDIT_CONFIG_H

#include <stddef.h>

#include "gate.h"
#include "positive.h"
#include "util.h"

struct reference_group { char *attribute, *value; };          /* --reference race=White */
struct population_share { char *group; double share; };
struct population { char *attribute; struct population_share *shares; size_t n; };  /* config only */
/* --bins age=18,25,45,65, or age=quartiles (quartiles set, edges NULL: typecheck.h T4 computes them) */
struct bin_edges { char *column; double *edges; size_t n; int quartiles; };

struct audit_config {
	char *data;                 /* the data file (positional argument) */
	char *config_path;          /* --config FILE */
	char *db;                   /* --db FILE; NULL = the default database (config_db_path) */
	char *out;                  /* --out DIR; default "dsaudit-out" */
	char *name;                 /* --name NAME (dataset name) */
	char *table;                /* --table T: the table of an engine input (src/engine.h) */
	char *counts;               /* --counts DIR: audit the counting queries' results (instead of data) */
	char *columns;              /* --columns "NAME TYPE, ...": the table's columns, for --counts and sql */
	char *dialect;              /* --dialect D: dsaudit sql's SQL dialect */
	char *label;                /* --label COL */
	struct positive_spec positive;   /* --positive SPEC or a named spec (rule 5) */
	char *positive_name;        /* the name in "positive_specs" it came from, else NULL */
	char **protected; size_t nprotected;   /* --protected a,b,c (order kept, duplicates an error) */
	int intersections;          /* --intersections N, default 2 (rule 9) */
	struct reference_group *references; size_t nreferences;  /* --reference ATTR=VALUE (rule 10), sorted */
	char *strata;               /* --strata COL (rule 13) */
	long min_group;             /* --min-group N, default 30, >= 1 */
	char **formats; size_t nformats;  /* --format LIST, default {"json"} (rule 14) */
	struct population *populations; size_t npopulations;   /* rule 12, sorted */
	struct bin_edges *bins; size_t nbins;   /* --bins COL=E1,E2,... (rule 11), sorted */
	char *data_format, *delimiter, *na;     /* --data-format, --delimiter, --na: for the loader */
	int no_progress;            /* --no-progress */
	char *prediction;                      /* --prediction COL: a model's or screener's decision (rule 17) */
	struct positive_spec prediction_positive; /* --prediction-positive SPEC (rules 1-4); text NULL when not set */
	char *prediction_positive_name;        /* the name in "positive_specs" it came from, else NULL (rule 5) */
	char *gold;                            /* --gold COL: audited truth for the label */
	char **annotators; size_t nannotators; /* --annotators COL,COL[,...]: at least two, distinct (rule 19) */
	char *id;                              /* --id COL: a row identifier */
	char **quasi_identifiers; size_t nquasi; /* --quasi-identifiers COL,... (rule 20), order kept */
	char *sensitive;                       /* --sensitive COL (for l-diversity) */
	char *baseline;                        /* --baseline REF: drift against a stored version (rule 26) */
	char **require; size_t nrequire;       /* --require LIST: families that must be audited (rule 27) */
	long k;                                /* --k N: k-anonymity threshold, default 5, >= 2 */
	struct domain *domains; size_t ndomains; /* config "domain" only, sorted by column (rule 21) */
	int strict;                            /* --strict: a warn verdict exits 1 (rule 23) */
	int gate_only;                         /* --gate-only: skip xlsx, png, svg, pdf (rule 23) */
	int no_rows;                           /* --no-rows: keep counts, not the rows (rule 23) */
	struct gate_rule *policy; size_t npolicy; /* config "policy", in the given order (rule 24) */
	int policy_defaults;                   /* config "policy_defaults", default 1 (rule 24, gate.h G5) */
};

/*
 * Parses argv (the words after "audit") into *cfg, which need not be
 * initialised. Reads --config FILE first, then applies every flag on top
 * (rule 7). On error *cfg is left empty (zeroed) and err says why.
 */
int config_parse(int argc, char **argv, struct audit_config *cfg, struct audit_err *err);
void config_free(struct audit_config *cfg);

/*
 * The database path in effect: --db, else store_default_path ($DSAUDIT_DB,
 * else the per-user data directory; *is_data_dir set then), NULL when there
 * is none (no HOME). Never inside OUT. Caller frees with free().
 */
char *config_db_path(const struct audit_config *cfg, int *is_data_dir);

/* Is attribute one of the protected ones? Returns its index, or -1. */
long config_protected_index(const struct audit_config *cfg, const char *attribute);

/* The effective configuration as canonical JSON text (rule 16). Caller frees with free(). */
char *config_to_json(const struct audit_config *cfg);

/*
 * After loading: checks that the label, protected, strata, bins and
 * population attributes, then prediction, gold, annotators, id,
 * quasi_identifiers, sensitive and domain columns (rule 22), name existing
 * columns. The error names the key and the missing column ("gold: no column
 * named ..."), and lists the columns (the first 20, then "... and N more").
 */
int config_check_columns(const struct audit_config *cfg, const char *const *columns, size_t ncolumns,
			 struct audit_err *err);

#endif
