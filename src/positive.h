/*
 * positive.h — how a value is read against what the user declared: positive
 * specs (--positive, --prediction-positive, "positive_specs") and declared
 * domains (config "domain"). Their rules are numbered in config.h (1-5 for
 * specs, 21 for domains) with every other setting, since the man page and
 * the tests cite them so; this module holds their parsing and matching, so
 * the counting step (count.c) matches values without the configuration's
 * flags, files and merging. Entry points: positive_spec_parse,
 * positive_spec_parse_at, positive_spec_match, positive_code (with the
 * default 0/1, true/false, yes/no coding), positive_spec_free,
 * positive_spec_is_comparison, domain_contains, domain_free.
 *
 * Ownership: a struct positive_spec or struct domain owns its strings and
 * arrays; the _free functions release them and are no-ops on a zeroed one.
 */
#ifndef DSAUDIT_POSITIVE_H
#define DSAUDIT_POSITIVE_H

#include <stddef.h>

#include "util.h"

enum cmp_op { CMP_LT, CMP_LE, CMP_GT, CMP_GE, CMP_EQ, CMP_NE };

struct positive_spec {
	char *text;          /* as given, trimmed ("1", "Medium,High", ">=70"); a config array or
			        number becomes the equivalent list text; NULL when not set */
	int is_comparison;   /* rule 1 */
	enum cmp_op op;      /* comparison form */
	double threshold;    /* comparison form */
	char **values;       /* list form: the items, unquoted (rule 2) */
	size_t nvalues;
	int *numeric;        /* numeric[i]: values[i] is a decimal number ... */
	double *numbers;     /* ... whose value is numbers[i] */
};

/*
 * Parses a spec (rules 1-3) into *out, which owns its strings afterwards
 * (positive_spec_free). Errors start with "--positive: ".
 */
int positive_spec_parse(const char *text, struct positive_spec *out, struct audit_err *err);
void positive_spec_free(struct positive_spec *p);

/*
 * Is a label value positive (rule 4)? text is the value as text (NULL never
 * matches a list); is_number/number give its numeric value when it is one.
 */
int positive_spec_match(const struct positive_spec *p, const char *text, int is_number, double number);

/*
 * The default coding of an outcome without a spec (count.h rule 4): 1 for
 * the number 1 (1, 1.0, a boolean true) and the words true and yes, 0 for
 * the number 0 and false and no (words in any case); -1 for anything else.
 */
int positive_default_code(const char *text, int is_number, double number);

/* An outcome's code: by p when it has a spec (1 matches, else 0), else positive_default_code. */
int positive_code(const struct positive_spec *p, const char *text, int is_number, double number);

/* positive_spec_parse with the error prefix given by the caller ("--positive", "audit.json: \"positive\""). */
int positive_spec_parse_at(const char *where, const char *text, struct positive_spec *out, struct audit_err *err);

/* Is s one comparison (rule 1: ">=70")? Used to quote such a list item when a list is printed back. */
int positive_spec_is_comparison(const char *s);

/* A declared domain (config "domain", rule 21): an inclusive numeric range or a list of allowed values. */
struct domain {
	char *column;
	int is_range;           /* [lo, hi] */
	double lo, hi;
	char **values; size_t nvalues;   /* list form: matched like a positive spec list (rule 4: byte-equal
					    text, or numerically equal numbers); a number as its shortest text */
	int *numeric; double *numbers;   /* numeric[i]: values[i] is a decimal number, numbers[i] */
	int *quoted;            /* quoted[i]: values[i] was a JSON string (else a JSON number), to print back */
};

/*
 * Is a value inside the domain? text is the value as text; is_number/number
 * give its numeric value when it is a number. Range: only numbers can be
 * inside (a text value is outside).
 */
int domain_contains(const struct domain *d, const char *text, int is_number, double number);

void domain_free(struct domain *d);

#endif
