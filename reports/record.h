/*
 * record.h — the one shape of every number dsaudit produces (DESIGN.md), and
 * the audit result: the records plus the facts of the dataset they describe.
 * The same record is a JSON array element, a row of the SQLite metric table
 * and a row of the workbook's detail sheet. Reports render records; they
 * never compute statistics.
 *
 * Ownership: an audit_result owns its records, its gate evaluations and every
 * string in them; audit_result_free releases all. family and metric are static strings.
 */
#ifndef DSAUDIT_RECORD_H
#define DSAUDIT_RECORD_H

#include <stddef.h>

enum record_status { STATUS_OK, STATUS_WARN, STATUS_FAIL, STATUS_INSUFFICIENT };

struct audit_record {
	const char *family;   /* "representation", "selection", ... (static) */
	const char *metric;   /* METRICS.md name, e.g. "disparate_impact" (static) */
	char *attribute;      /* "race" or "race*sex"; NULL for dataset level */
	char *column;         /* the data column measured, or NULL */
	char *group;          /* "Black", "Black*F"; NULL for attribute level */
	char *reference;      /* the group compared against, or NULL */
	double value;         /* NAN where undefined: written as null */
	double ci_low, ci_high;
	double p_value;
	double p_adjusted;    /* Holm-adjusted p across the groups of an attribute */
	double n;             /* the count the figure rests on; NAN if none */
	enum record_status status;
	char *detail;         /* short text for reviewers, or NULL */
};

struct dataset_facts {
	char *name;
	int version;
	long long id;
	char *path;
	char sha256[65];
	long long rows, columns;
};

/*
 * One policy rule judged against one record (src/gate.h): what the JUnit
 * report and the GitHub annotations show. Made by gate_apply.
 */
struct gate_evaluation {
	size_t record;               /* index into the result's records */
	char *rule;                  /* which rule: its "name", "policy[2] disparate_impact", "default pii_*",
				        or "built-in id_duplicates" */
	char *bound;                 /* what breaks it (gate.h G8): "outside [0.8, 1.25]", "below 5", "above 0";
				        for a built-in rule the metric's threshold in words (reports/method.h) */
	int share;                   /* the rule bounds value / n */
	double judged;               /* the number compared: value, or value / n; NAN when undefined */
	int insufficient;            /* the record was insufficient or the judged number undefined */
	int builtin;                 /* no policy rule matched: the metric's own status, warn or fail (G4) */
	enum record_status outcome;  /* ok, warn, fail; insufficient when the rule counts it as pass */
};

/*
 * The families in report order; NFAMILIES of them. Every report lists each
 * one with its state, so what was not audited is said (DESIGN.md).
 */
extern const char *const FAMILIES[];
#define NFAMILIES 6

/* Whether a family was audited; why not, or which parts were left out. */
struct family_state {
	int audited;          /* some of its records were computed */
	char *not_audited;    /* NULL, or what was not audited and why: "no --label" when !audited,
			         "decisions (no --prediction or --gold)" for a part of an audited family */
};

/* The reference group of one attribute or intersection, and why it is the one. */
struct reference_choice {
	char *attribute;      /* "race", "race*sex" */
	char *group;          /* "Caucasian", "Caucasian*Male" */
	char *why;            /* "configured", "the largest group", "race=Caucasian and sex=Male combined" */
};

/*
 * What a reader needs to read the figures: the outcome a rate counts, the
 * references, the rule statuses follow, the state of every family. Filled
 * by the audit (or diff) before any report is written.
 */
struct audit_context {
	char *label;          /* the label column, or NULL */
	char *outcome;        /* the positive class in words: "Combine >= 70", "income-per-year = >50K" */
	struct reference_choice *references;
	size_t nreferences;
	struct family_state families[NFAMILIES];   /* indexed like FAMILIES */
};

struct audit_result {
	const char *tool_version;
	struct dataset_facts dataset;
	char *config_json;    /* the effective configuration, canonical JSON text */
	struct audit_context context;
	struct audit_record *records;
	size_t n, cap;
	struct gate_evaluation *evaluations;   /* in record order (gate.h G6) */
	size_t nevaluations, evaluations_cap;
	int strict;           /* --strict: warn evaluations fail the gate (and are JUnit failures) */
};

/* A record with every number NAN, every string NULL and status ok. */
struct audit_record record_init(const char *family, const char *metric);
/* Appends rec, taking ownership of its strings. Returns the stored copy. */
struct audit_record *audit_result_add(struct audit_result *r, const struct audit_record *rec);
/* Appends ev, taking ownership of its strings. */
void audit_result_add_evaluation(struct audit_result *r, const struct gate_evaluation *ev);
void audit_result_free(struct audit_result *r);

const char *record_status_name(enum record_status s);
/* Index of family in FAMILIES, or -1. */
int family_index(const char *family);
/* The reference choice of attribute, or NULL. */
const struct reference_choice *audit_context_reference(const struct audit_context *c, const char *attribute);
/* Counts of records by status, indexed by enum record_status. */
void audit_result_status_counts(const struct audit_result *r, size_t counts[4]);
/* The same for one family's records (all when family is NULL); returns how many there are. */
size_t audit_result_family_counts(const struct audit_result *r, const char *family, size_t counts[4]);
/*
 * The overall verdict: "fail" if any record failed, else "warn" if any
 * warned, else "pass". Insufficient records alone never fail an audit.
 */
const char *audit_verdict(const struct audit_result *r);

#endif
