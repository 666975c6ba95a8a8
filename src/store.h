/*
 * store.h — the SQLite database: dataset versions, their columns and rows.
 * This is the only module that speaks SQL.
 *
 * Tables (created on first open; PRAGMA user_version = STORE_SCHEMA):
 *   dataset(id, name, version, source, sha256, rows, columns, format, loaded_at)
 *   dataset_column(dataset_id, position, name, type, missing)
 *   data_<id>: the rows of version <id>, one column per data column
 * Callers group changes in store_begin/store_commit so a failed load leaves
 * the database exactly as it was.
 */
#ifndef DSAUDIT_STORE_H
#define DSAUDIT_STORE_H

#include <stddef.h>

#include "infer.h"
#include "util.h"

#define STORE_SCHEMA 1

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

#endif
