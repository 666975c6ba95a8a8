/*
 * infer.h — what a value is (missing, boolean, integer, real or text) and
 * what type a column of such values gets.
 *
 * Rules, cited by number in infer.c and the man page:
 *  1. Missing: an empty cell, JSON null, an empty JSON string, or a cell equal
 *     to one of the --na markers (exactly, case-sensitive).
 *  2. Boolean: true or false in any letter case, or a JSON boolean.
 *  3. Integer: -?(0|[1-9][0-9]*) within the signed 64-bit range, except
 *     -0. A leading zero (01234), a plus sign or surrounding spaces make it
 *     text, so codes keep their digits.
 *  4. Real: the JSON number grammar with a fraction or exponent
 *     (-?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?), finite as a double.
 *  5. Text: anything else; JSON strings and nested JSON are always text.
 *  6. A column's type joins its values' types: all integer → integer;
 *     integers and reals → real; all boolean → boolean; anything else, or
 *     no value at all, → text.
 */
#ifndef DSAUDIT_INFER_H
#define DSAUDIT_INFER_H

#include <stdint.h>

#include "row.h"

enum value_class { VAL_MISSING, VAL_BOOL, VAL_INT, VAL_REAL, VAL_TEXT };
enum col_type { COL_UNKNOWN, COL_BOOLEAN, COL_INTEGER, COL_REAL, COL_TEXT };

/* The --na markers used when none are given. */
#define NA_DEFAULT "NA,N/A,null,?"

/* The missing-value markers of rule 1 (borrowed strings). */
struct na_list {
	const char **markers;
	size_t *lens;
	size_t n;
	size_t maxlen;
	unsigned char first[256]; /* first[c]: some marker starts with byte c */
};

/* Splits a comma-separated list ("NA,N/A,null,?") into an na_list; free with na_list_free. */
void na_list_parse(struct na_list *na, const char *spec);
void na_list_free(struct na_list *na);

enum value_class value_classify(const struct field *f, const struct na_list *na);
enum col_type col_type_join(enum col_type t, enum value_class v);
/* Name stored in dataset_column.type: "boolean", "integer", "real", "text". */
const char *col_type_name(enum col_type t);

/* A field converted for storage in a column of type t. */
struct typed_value {
	enum col_type type; /* COL_UNKNOWN means NULL */
	int64_t i;          /* integer, or 0/1 for boolean */
	double d;
	const char *s;      /* text, borrowed from the field */
	size_t len;
};
void value_convert(const struct field *f, enum col_type t, const struct na_list *na, struct typed_value *out);
/* value_convert of a cell already known to be present (value_classify did not say VAL_MISSING). */
void value_convert_present(const struct field *f, enum col_type t, struct typed_value *out);

#endif
