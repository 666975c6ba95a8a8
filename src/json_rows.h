/*
 * json_rows.h — reads data rows from JSON Lines (one object per line) or from
 * a JSON document that is one array of objects, one object per call and in
 * bounded memory, so multi-gigabyte files stream. Values come out as struct
 * field (row.h): strings unescaped to UTF-8; numbers, booleans and nested
 * objects/arrays as their text exactly as written (no digits lost).
 *
 * Ownership: the reader borrows the input (the caller opens and closes it);
 * a row's pointers belong to the reader and last until its next call.
 */
#ifndef DSAUDIT_JSON_ROWS_H
#define DSAUDIT_JSON_ROWS_H

#include <stddef.h>

#include "input.h"
#include "row.h"
#include "util.h"

enum json_shape { JSON_LINES, JSON_ARRAY };

/* Deepest nesting accepted, counting the row object itself as level 1. */
#define JSON_ROWS_MAX_DEPTH 512

struct json_rows; /* opaque */

/* One object: n members in the object's order. */
struct json_row {
	size_t n;
	const char **keys;          /* unescaped, NUL-terminated at keys[i][keylen[i]] */
	const size_t *keylen;
	const struct field *values;
	long line;                  /* 1-based line of the object's '{' */
};

/* Borrows an opened input. Never returns NULL: allocation aborts on OOM. */
struct json_rows *json_rows_new(struct input *in, enum json_shape shape);
/* NULL is a no-op; does not close the input. */
void json_rows_free(struct json_rows *r);

/*
 * Reads the next object. Returns 1 with *row filled, 0 at the end, -1 on
 * error with err filled: AUDIT_EINPUT for bad data ("PATH:LINE:COL: what",
 * COL a 1-based byte column), AUDIT_EIO for read errors. Once an error is
 * returned, every later call returns it again. Between calls the input's
 * offset (input_offset) is just past the bytes consumed so far.
 */
int json_rows_next(struct json_rows *r, struct json_row *row, struct audit_err *err);

#endif
