/*
 * engine_backend.h — what each engine gives engine.c (see engine.h): a
 * connection, its table's columns, and queries whose result rows come back
 * one at a time, each cell typed as the column it holds. engine.c writes
 * the SQL; a backend only runs it. Internal to the engine_*.c files.
 */
#ifndef DSAUDIT_ENGINE_BACKEND_H
#define DSAUDIT_ENGINE_BACKEND_H

#include <stddef.h>

#include "infer.h"
#include "store.h"
#include "util.h"

struct engine;

struct engine_backend {
	const char *format; /* the version's format in the history: "sqlite", "postgresql", "clickhouse" */
	int fixed;          /* answers the queries dsaudit sql printed, which cannot change (pushdown_runner) */
	/* Connects to the database input names; its table need not exist yet. */
	int (*connect)(struct engine *e, const char *input, struct audit_err *err);
	/* e->cols and e->ncols for e->table, or AUDIT_EUSAGE naming the tables there are. */
	int (*columns)(struct engine *e, struct audit_err *err);
	/*
	 * Runs sql, whose result is called name ("rows", or a counting query's
	 * name, pushdown.h; NULL for a pass over the rows); fetch gives its rows
	 * (1 a row, 0 the end, an error code negated), result column k typed as
	 * col[k] (NULL: a count, an integer), text valid until the next fetch;
	 * end finishes or abandons it.
	 */
	int (*query)(struct engine *e, const char *sql, const char *name, void **res, struct audit_err *err);
	int (*fetch)(void *res, const struct column_info *const *col, size_t ncols, struct typed_value *cells,
		     struct audit_err *err);
	void (*end)(void *res);
	/*
	 * The fingerprint's part that reads the rows: their count and
	 * order-independent sums of row hashes, as text (caller frees).
	 */
	int (*row_hashes)(struct engine *e, char **text, struct audit_err *err);
	void (*disconnect)(struct engine *e);
};

struct engine {
	const struct engine_backend *be;
	void *conn;    /* the backend's */
	char *input;   /* as given, a password removed: for messages and the history */
	char *table;   /* as given */
	char *quoted;  /* as SQL writes it */
	const char *columns; /* --columns: the table's columns, where the engine cannot tell them (counts) */
	struct column_info *cols;
	size_t ncols;
	long long rows;
};

extern const struct engine_backend engine_sqlite, engine_postgresql, engine_clickhouse, engine_counts;

/* A declared SQL type as a column type, by SQLite's rules (see engine.h). */
enum col_type engine_declared_type(const char *decl);

/* Adds a column to e->cols (the name copied). */
void engine_add_column(struct engine *e, const char *name, enum col_type type);

/*
 * A cell given as text (NULL for a missing one) as a value of column col's
 * type (col NULL: a count). Booleans may be true/false, t/f or 0/1. An
 * error names the table and column.
 */
int engine_text_cell(const struct engine *e, const char *s, size_t len, const struct column_info *col,
		     struct typed_value *v, struct audit_err *err);
/* The error of a cell of another kind than its column's. */
int engine_bad_cell(const struct engine *e, const struct column_info *col, const char *text,
		    struct audit_err *err);

/* A pass over the named columns of every row, for a backend's own row hashes (engine_sqlite). */
int engine_rows_open(struct engine *e, const char *const *columns, size_t ncols, void **pass,
		     struct audit_err *err);
int engine_rows_next(void *pass, struct typed_value *cells, struct audit_err *err);
void engine_rows_close(void *pass);

/*
 * One line of tab-separated text as PostgreSQL's and ClickHouse's text
 * formats write it: its cells with their backslash escapes undone, \N a
 * NULL (engine_tsv_cell gives NULL).
 */
struct tsv_row {
	struct strbuf text;        /* the cells, unescaped, each ended by a NUL */
	size_t *start, *len, ncap; /* each cell's place in text; len SIZE_MAX for NULL */
};
size_t engine_tsv_split(struct tsv_row *r, const char *p, const char *end);
const char *engine_tsv_cell(const struct tsv_row *r, size_t k, size_t *len);
void engine_tsv_free(struct tsv_row *r);

/* Parses a URI's user, password, host, port and database ("scheme://user:pw@host:port/db"); NULL parts absent. */
struct engine_uri {
	char *user, *password, *host, *port, *database;
};
int engine_uri_parse(const char *input, struct engine_uri *u);
void engine_uri_free(struct engine_uri *u);

#endif
