/*
 * store.h — the SQLite database: dataset versions, their columns and rows.
 * This is the only module that speaks SQL.
 *
 * Tables (created on first open; PRAGMA user_version = STORE_SCHEMA):
 *   dataset(id, name, version, source, sha256, rows, columns, format, loaded_at)
 *   dataset_column(dataset_id, position, name, type, missing)
 *   data_<id>: the rows of version <id>, one column per data column
 *   audit(id, dataset_id, config, tool_version, created_at, verdict, config_sha256)
 *   metric(audit_id, family, metric, attribute, column, group, reference,
 *          value, ci_low, ci_high, p_value, p_adjusted, n, status, detail)
 *   acceptance(id, dataset_id, accepted_by, accepted_at)
 *   count_set(dataset_id, label, positive, binary, bins): a version audited
 *     with --no-rows has no data_<id>; this row says how its counts were made
 *   count_cell(dataset_id, attribute, position, group, class_position, class, n):
 *     those counts, every attribute and intersection table, group x label
 *     class summed over strata (class NULL: rows whose label is missing)
 * A new database file is created with mode 0600 (its -wal and -shm files
 * take the same mode): it holds the data.
 * An older database is upgraded in place when opened, in one transaction
 * under the write lock: schema 1 gets audit and metric, schema 2 gets
 * audit.config_sha256 (NULL for the audits already stored) and acceptance,
 * schema 3 gets count_set and count_cell.
 * Callers group changes in store_begin/store_commit so a failed load leaves
 * the database exactly as it was.
 *
 * Version references (store_resolve_version), the rules the man page repeats:
 *  1. All digits: a dataset id (dataset.id), whatever the name.
 *  2. NAME@N, N all digits: version N of NAME. The name is everything before
 *     the last "@", so a name may itself hold an "@".
 *  3. NAME@latest: the highest version of NAME.
 *  4. NAME@accepted: the version of NAME with the most recent acceptance
 *     (by accepted_at; of equal times, the one recorded last), even when a
 *     later version exists or an earlier one was accepted again before.
 *  5. Anything else, or a reference that names nothing, is AUDIT_EUSAGE, and
 *     the message lists what there is: the versions of NAME when NAME
 *     exists, else every stored version (at most 20, as NAME@N).
 */
#ifndef DSAUDIT_STORE_H
#define DSAUDIT_STORE_H

#include <stddef.h>

#include "infer.h"
#include "record.h"
#include "tables.h"
#include "util.h"

#define STORE_SCHEMA 4
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
/* Opens the database at path, never creating it: a missing file is AUDIT_EUSAGE. */
int store_open_existing(const char *path, struct store **out, struct audit_err *err);
void store_close(struct store *st);

int store_begin(struct store *st, struct audit_err *err);
int store_commit(struct store *st, struct audit_err *err);
void store_rollback(struct store *st);
/* Ends the transaction of a step that returned e: commits when e is 0, else rolls back; returns the outcome. */
int store_end(struct store *st, int e, struct audit_err *err);

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

/* store_add_version without the rows table: a version audited with --no-rows. */
int store_add_version_without_rows(struct store *st, struct dataset_version *v, const struct column_info *cols,
				   size_t ncols, struct audit_err *err);
/* Creates the rows table of an existing version that has none (its rows are loaded after all). */
int store_add_rows_table(struct store *st, long long id, const struct column_info *cols, size_t ncols,
			 struct audit_err *err);
/* Does version id keep its rows (a data_<id> table)? 1 yes, 0 no, or an error negated. */
int store_has_rows(struct store *st, long long id, struct audit_err *err);
/* Can store_cursor_open read version id's cells: its rows, or the file attached for it? As store_has_rows. */
int store_rows_readable(struct store *st, long long id, struct audit_err *err);

/* Appends rows to the rows table of version id; one prepared statement, reused. */
struct store_rows;
int store_rows_open(struct store *st, long long id, size_t ncols, struct store_rows **out,
		    struct audit_err *err);
int store_rows_insert(struct store_rows *w, const struct typed_value *vals, struct audit_err *err);
void store_rows_close(struct store_rows *w);

/*
 * Reads the given columns of version id, row by row, in stored order (the
 * one scan that counting needs). Text cells point into SQLite's memory and
 * are valid until the next store_cursor_next. NULL cells have type COL_UNKNOWN,
 * integers and booleans COL_INTEGER, reals COL_REAL, text COL_TEXT.
 * When a row source is attached for id (store_attach_rows), the rows come
 * from it instead, with the same types, and data_<id> is never read.
 */
struct store_row_source {
	void *ctx;
	/* A new pass over every row, delivering the named columns in that order. */
	int (*open)(void *ctx, const char *const *columns, size_t ncols, void **pass, struct audit_err *err);
	/* 1 row, 0 end, or an error code negated; text valid until the next call. */
	int (*next)(void *pass, struct typed_value *cells, struct audit_err *err);
	void (*close)(void *pass);
};
/* Reads version id's rows from src (borrowed until detached with src NULL) instead of data_<id>. */
void store_attach_rows(struct store *st, long long id, const struct store_row_source *src);

struct store_cursor;
int store_cursor_open(struct store *st, long long id, const char *const *columns, size_t ncols,
		      struct store_cursor **out, struct audit_err *err);
/*
 * A query over the rows tables (src/pushdown.c's counting queries); its
 * ncols result columns are read with store_cursor_next, typed as above.
 * store_rows_table names version id's rows table in SQL (owned by the caller).
 */
int store_cursor_query(struct store *st, const char *sql, size_t ncols, struct store_cursor **out,
		       struct audit_err *err);
char *store_rows_table(long long id);
/* 1 row, 0 end, or an error code negated. */
int store_cursor_next(struct store_cursor *c, struct typed_value *cells, struct audit_err *err);
void store_cursor_close(struct store_cursor *c);

/*
 * Up to limit distinct non-null values of column in version id, as text in
 * value order, joined with ", ", personal data masked (pii_redact): for
 * error messages. Caller frees.
 */
char *store_distinct_values(struct store *st, long long id, const char *column, int limit);

/*
 * Stores an audit of r->dataset.id and its records (inside the caller's
 * transaction), with config_sha256 = store_config_sha256(r->config_json).
 */
int store_add_audit(struct store *st, const struct audit_result *r, const char *created_at,
		    const char *verdict, long long *audit_id, struct audit_err *err);
/* The hex SHA-256 of the configuration's canonical JSON text, as audit.config_sha256 holds it. */
void store_config_sha256(const char *config_json, char hex[65]);

/* Version id: 1 and *found filled (dataset_version_clear), 0 when there is none, or an error negated. */
int store_get_version(struct store *st, long long id, struct dataset_version *found, struct audit_err *err);

/*
 * Resolves a version reference (the rules at the top) into *out, owned by
 * the caller (dataset_version_clear). A reference that names nothing is
 * AUDIT_EUSAGE with the versions there are in the message.
 */
int store_resolve_version(struct store *st, const char *ref, struct dataset_version *out, struct audit_err *err);

/* AUDIT_OK when some version is named name, else AUDIT_EUSAGE listing the versions there are. */
int store_check_name(struct store *st, const char *name, struct audit_err *err);

/* The columns of version id in order (*cols owned by the caller: column_info_free). */
int store_version_columns(struct store *st, long long id, struct column_info **cols, size_t *n,
			  struct audit_err *err);
void column_info_free(struct column_info *cols, size_t n);

/* Records that version dataset_id was accepted by `by` at `at` (ISO 8601 UTC). Call inside a transaction. */
int store_accept(struct store *st, long long dataset_id, const char *by, const char *at, long long *acceptance_id,
		 struct audit_err *err);

/* One stored version with its latest acceptance, for `history`. */
struct version_entry {
	struct dataset_version version;
	char *accepted_by, *accepted_at;  /* the latest acceptance of this version, or NULL */
	long long acceptances;            /* how many times it was accepted */
	int accepted_current;             /* NAME@accepted names this version (rule 4) */
	int rows_kept;                    /* it has its rows table (not after audit --no-rows) */
};

/* The versions of name (every name when NULL), by name then version. Free with version_entries_free. */
int store_list_versions(struct store *st, const char *name, struct version_entry **out, size_t *n,
			struct audit_err *err);
void version_entries_free(struct version_entry *v, size_t n);

/* One stored audit, for `history`. */
struct audit_entry {
	long long id, dataset_id;
	char *name;                /* the audited version's name and number */
	int version;
	char *created_at, *tool_version, *verdict;
	char *config_sha256;       /* NULL for audits stored before schema 3 */
	long long records;
	long long counts[4];       /* records by status, indexed by enum record_status */
};

/* The audits of name's versions (of every version when NULL), oldest first. Free with audit_entries_free. */
int store_list_audits(struct store *st, const char *name, struct audit_entry **out, size_t *n,
		      struct audit_err *err);
void audit_entries_free(struct audit_entry *a, size_t n);

/*
 * The configuration (canonical JSON text) of the latest audit of version
 * dataset_id: 1 with *audit_id and *config (caller frees) set, 0 when the
 * version was never audited, or an error negated.
 */
int store_latest_audit_config(struct store *st, long long dataset_id, long long *audit_id, char **config,
			      struct audit_err *err);

/*
 * The count tables of a version audited with --no-rows (count_set and
 * count_cell). stored_counts_clear frees the strings; ct is freed with
 * count_tables_free. ct has one stratum, member -1 in every table, no
 * column counts; has_label when a label was counted.
 */
struct stored_counts {
	char *label, *positive;   /* NULL: none was counted / count.h rule 4 */
	char *bins;               /* the protected columns' bins as diff writes them, "" for none */
	struct count_tables ct;
};
/* Replaces version id's stored counts with ct's tables (strata summed out). Call inside a transaction. */
int store_add_counts(struct store *st, long long id, const char *label, const char *positive, const char *bins,
		     const struct count_tables *ct, struct audit_err *err);
/* 1 and *out filled, 0 when version id has no stored counts, or an error negated. */
int store_read_counts(struct store *st, long long id, struct stored_counts *out, struct audit_err *err);
void stored_counts_clear(struct stored_counts *sc);

/*
 * The default database: $DSAUDIT_DB when set, else
 * $XDG_DATA_HOME/dsaudit/dsaudit.db (XDG_DATA_HOME absolute), else
 * $HOME/.local/share/dsaudit/dsaudit.db; NULL when none applies. Sets
 * *is_data_dir when the path is in the per-user data directory, which
 * store_make_parent may then create. Caller frees.
 */
char *store_default_path(int *is_data_dir);
/* Creates the directories above path that are missing, mode 0700. */
int store_make_parent(const char *path, struct audit_err *err);
/* AUDIT_EUSAGE when database path db would lie inside directory dir (which exists), else AUDIT_OK. */
int store_check_outside(const char *db, const char *dir, struct audit_err *err);

#endif
