/*
 * load.h — loading one data file (CSV, JSON Lines or a JSON array) into the
 * store as a new dataset version.
 *
 * Two streaming passes over the file, each in bounded memory:
 *   1. scan (load_scan): SHA-256 of the file, the columns, their inferred types and
 *      missing counts, the row count — and every data error, before anything
 *      is written;
 *   2. store (load_store): one transaction that adds the version and its rows, or, when a
 *      version of that name with the same digest exists, nothing at all.
 */
#ifndef DSAUDIT_LOAD_H
#define DSAUDIT_LOAD_H

#include "infer.h"
#include "store.h"
#include "util.h"

enum data_format { FORMAT_DETECT, FORMAT_CSV, FORMAT_JSONL, FORMAT_JSON };

/*
 * Something that sees the rows as the store pass reads them, so that an
 * audit counts them then instead of reading them back (src/audit.c): begin
 * with the version's columns, then rows for every block of rows in file
 * order (nrows rows of every column, cells[r * ncols + c]). An error from
 * either stops the pass.
 */
struct row_sink {
	void *ctx;
	int (*begin)(void *ctx, const struct column_info *cols, size_t ncols, struct audit_err *err);
	int (*rows)(void *ctx, const struct typed_value *cells, size_t nrows, struct audit_err *err);
};

struct load_options {
	const char *path;
	const char *name;          /* NULL: the file's base name without extension */
	enum data_format format;   /* FORMAT_DETECT: from the extension, else the content */
	char delimiter;            /* CSV only; 0: detect */
	const struct na_list *na;
	int progress;              /* draw progress on stderr */
	int no_rows;               /* audit --no-rows: add the version without its rows table */
	const struct row_sink *sink; /* NULL, or what sees every row of the store pass */
};

/* What the scan pass learnt: the columns, their types, the digest. Opaque. */
struct load_plan {
	enum data_format format;
	struct scan *scan;
};

struct load_result {
	struct dataset_version version;
	struct column_info *cols;  /* owned */
	size_t ncols;
	int existed;               /* the same file was already stored: nothing added */
	int rows_kept;             /* the version has its rows table (not so after --no-rows) */
	int rows_added;            /* its rows were stored now (a new version, or one stored without rows) */
	int rows_sunk;             /* every row went through opt->sink (else the sink saw none) */
};

/* Parses "csv", "jsonl" or "json"; returns -1 for anything else. */
int data_format_parse(const char *s, enum data_format *out);

/*
 * Pass 1: reads the whole file and reports any data error; touches no
 * database. Warnings (renamed header columns) are appended to *warnings, one
 * per line. The plan is owned by the caller: load_plan_free.
 */
int load_scan(const struct load_options *opt, struct load_plan *plan, struct strbuf *warnings,
	      struct audit_err *err);
void load_plan_free(struct load_plan *plan);
/* The columns the scan found, in file order (borrowed from the plan). */
const char *const *load_plan_columns(const struct load_plan *plan, size_t *n);

/*
 * Pass 2: stores the version, or finds the same file already stored
 * (res->existed). Call inside a transaction (store_begin), so that on error
 * a rollback leaves the database as it was. With opt->no_rows a new
 * version gets no rows table; without it, a version found stored without
 * rows gets its rows now (res->rows_added). With opt->sink, every row the
 * pass reads goes through it too (res->rows_sunk); a version kept without
 * rows is then read once for the sink alone. A version found stored with
 * its rows is not read: the sink sees nothing.
 */
int load_store(struct store *st, const struct load_options *opt, struct load_plan *plan,
	       struct load_result *res, struct audit_err *err);
void load_result_free(struct load_result *res);

/*
 * Makes the store read version id's rows from the file itself (a third
 * streaming pass per scan, with the plan's types), for a version kept
 * without rows: store_cursor_open and store_distinct_values then never
 * touch data_<id>. opt and plan are borrowed until load_detach_file.
 */
void load_attach_file(struct store *st, long long id, const struct load_options *opt, const struct load_plan *plan,
		      struct store_row_source *src);
void load_detach_file(struct store *st, struct store_row_source *src);

#endif
