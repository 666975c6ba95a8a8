/*
 * store.h — the SQLite database: dataset versions, their columns and rows.
 * This is the only module that speaks SQL.
 *
 * Tables (created on first open; PRAGMA user_version = STORE_SCHEMA):
 *   dataset(id, name, version, source, sha256, rows, columns, format, loaded_at)
 *   dataset_column(dataset_id, position, name, type, missing)
 *   data_<id>: the rows of version <id>, one column per data column
 *   audit(id, dataset_id, config, tool_version, created_at, verdict)
 *   metric(audit_id, family, metric, attribute, column, group, reference,
 *          value, ci_low, ci_high, p_value, p_adjusted, n, status, detail)
 * Callers group changes in store_begin/store_commit so a failed load leaves
 * the database exactly as it was.
 */
#ifndef DSAUDIT_STORE_H
#define DSAUDIT_STORE_H

#include <stddef.h>

#include "infer.h"
#include "record.h"
#include "util.h"

#define STORE_SCHEMA 2
/* How long a writer waits for another's transaction before giving up. */
#define STORE_BUSY_TIMEOUT_MS (10 * 60 * 1000)

struct store;

struct dataset_version {
	long long id;
	char *name;
	int version;
	char *source;
	char sha256[65];
	long long rows;
	long long columns;
	char *format;
	char *loaded_at; /* ISO 8601 UTC */
};

struct column_info {
	char *name;
	enum col_type type;
	long long missing;
};

/* Opens or creates the database at path. *out is owned by the caller: store_close. */
int store_open(const char *path, struct store **out, struct audit_err *err);
void store_close(struct store *st);

int store_begin(struct store *st, struct audit_err *err);
int store_commit(struct store *st, struct audit_err *err);
void store_rollback(struct store *st);

/*
 * Looks for a version of name whose file had this digest. Returns 1 and
 * fills *found (strings owned by the caller: dataset_version_clear), 0 when
 * there is none, or an error code negated.
 */
int store_find_version(struct store *st, const char *name, const char *sha256,
		       struct dataset_version *found, struct audit_err *err);

/*
 * Adds version v->name@next with its columns, and creates its rows table.
 * Sets v->id and v->version. Call inside a transaction.
 */
int store_add_version(struct store *st, struct dataset_version *v,
		      const struct column_info *cols, size_t ncols, struct audit_err *err);

void dataset_version_clear(struct dataset_version *v);

/* Appends rows to the rows table of version id; one prepared statement, reused. */
struct store_rows;
int store_rows_open(struct store *st, long long id, size_t ncols, struct store_rows **out,
		    struct audit_err *err);
int store_rows_insert(struct store_rows *w, const struct typed_value *vals, struct audit_err *err);
void store_rows_close(struct store_rows *w);

/*
 * Reads the given columns of version id, row by row, in stored order (the
 * one scan that counting needs). Text cells point into SQLite's memory and
 * are valid until the next store_cursor_next. NULL cells have type COL_UNKNOWN.
 */
struct store_cursor;
int store_cursor_open(struct store *st, long long id, const char *const *columns, size_t ncols,
		      struct store_cursor **out, struct audit_err *err);
/* 1 row, 0 end, or an error code negated. */
int store_cursor_next(struct store_cursor *c, struct typed_value *cells, struct audit_err *err);
void store_cursor_close(struct store_cursor *c);

/*
 * Up to limit distinct non-null values of column in version id, as text in
 * value order, joined with ", ", personal data masked (pii_redact): for
 * error messages. Caller frees.
 */
char *store_distinct_values(struct store *st, long long id, const char *column, int limit);

/* Stores an audit of r->dataset.id and its records (inside the caller's transaction). */
int store_add_audit(struct store *st, const struct audit_result *r, const char *created_at,
		    const char *verdict, long long *audit_id, struct audit_err *err);

#endif
