/*
 * engine.h — a table audited where it lives (issue 13): its columns and
 * their types, a fingerprint of its rows, its rows as a row source for the
 * few checks that read values, and its count tables through the counting
 * queries (pushdown.h), which the engine runs.
 *
 * Engines: a table of an SQLite database file, "sqlite:PATH". Declared
 * column types give the types: a name containing INT is integer, REAL,
 * FLOA or DOUB real, BOOL boolean, anything else text. A cell of another
 * kind than its column's (text in an integer column, say) is an error
 * naming the column; a boolean column's cells may be 0/1 or true/false.
 *
 * The fingerprint is the SHA-256 of the columns' names and types, the row
 * count and two sums modulo 2^64 of two 64-bit hashes of each row's
 * cells: the same rows in any order, in a table of any name, give the same
 * fingerprint, so an unchanged table is the same version (as the same
 * bytes in a file of another name are).
 */
#ifndef DSAUDIT_ENGINE_H
#define DSAUDIT_ENGINE_H

#include <stddef.h>

#include "count.h"
#include "store.h"
#include "util.h"

/* Does the audit's input name a table in an engine rather than a file? */
int engine_input(const char *input);
/* input without its password, if it has one: what messages, reports and the history show (caller frees). */
char *engine_public_input(const char *input);

/*
 * --columns "NAME TYPE, ...": a table's columns, each type read by the
 * rules above (INT integer, REAL/FLOA/DOUB real, BOOL boolean, else text).
 */
int engine_columns_parse(const char *spec, struct column_info **cols, size_t *ncols, struct audit_err *err);

struct engine;
/*
 * Opens input's table (columns: its --columns, for counts:DIR alone);
 * AUDIT_EIO when the database cannot be reached or read, AUDIT_EUSAGE when
 * there is no such table.
 */
int engine_open(const char *input, const char *table, const char *columns, struct engine **out,
		struct audit_err *err);
void engine_close(struct engine *e);

/* The table's columns (owned by the engine): names, types and missing cells. */
const struct column_info *engine_columns(const struct engine *e, size_t *ncols);
long long engine_rows(const struct engine *e);
/* The version's format in the history: "sqlite", "postgresql" or "clickhouse". */
const char *engine_format(const struct engine *e);
/* The fingerprint above, as 64 hex digits and a NUL. */
int engine_fingerprint(struct engine *e, char hex[65], struct audit_err *err);
/* The rows, for store_attach_rows; borrowed from e. */
void engine_row_source(struct engine *e, struct store_row_source *src);
/* The count tables of the table, counted by the engine (st and id name values in an error, as count_end). */
int engine_count(struct engine *e, const struct count_spec *spec, struct store *st, long long id,
		 struct count_tables *out, struct audit_err *err);

#endif
