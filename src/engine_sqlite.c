/*
 * engine_sqlite.c — a table of an SQLite database file, "sqlite:PATH"
 * (engine_backend.h): one read-only connection; cells come typed by
 * SQLite, checked against the declared types; the row hashes are summed
 * here, over one pass.
 */
#include <sqlite3.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "engine_backend.h"
#include "pushdown.h"
#include "u64map.h"

static int sql_fail_as(struct engine *e, enum audit_error code, struct audit_err *err, const char *doing)
{
	return audit_fail(err, code, "%s: %s: %s", e->input, doing, sqlite3_errmsg(e->conn));
}

static int sqlite_connect(struct engine *e, const char *input, struct audit_err *err)
{
	const char *path = input + strlen("sqlite:");
	if (strncmp(path, "//", 2) == 0)
		path += 2;
	struct stat info;
	if (stat(path, &info) != 0)
		/* A path that names no file is the user's mistake, as for a data file. */
		return audit_fail(err, AUDIT_EUSAGE, "%s: %s", input, strerror(errno));
	sqlite3 *db;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
	e->conn = db;
	return rc == SQLITE_OK ? AUDIT_OK : sql_fail_as(e, AUDIT_EINPUT, err, "cannot open the database");
}

static void sqlite_disconnect(struct engine *e)
{
	sqlite3_close(e->conn);
}

static int sqlite_columns(struct engine *e, struct audit_err *err)
{
	sqlite3_stmt *s;
	/* A failure here means the file is not a database: bad input. */
	if (sqlite3_prepare_v2(e->conn, "SELECT name, type FROM pragma_table_info(?1)", -1, &s, NULL) != SQLITE_OK)
		return sql_fail_as(e, AUDIT_EINPUT, err, "reading the table's columns");
	sqlite3_bind_text(s, 1, e->table, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW)
		engine_add_column(e, (const char *)sqlite3_column_text(s, 0),
				  engine_declared_type((const char *)sqlite3_column_text(s, 1)));
	sqlite3_finalize(s);
	if (e->ncols)
		return AUDIT_OK;
	struct strbuf names = {0};
	if (sqlite3_prepare_v2(e->conn, "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name",
			       -1, &s, NULL) == SQLITE_OK) {
		for (int i = 0; sqlite3_step(s) == SQLITE_ROW; i++)
			strbuf_printf(&names, "%s%s", i ? ", " : "", (const char *)sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
	}
	audit_fail(err, AUDIT_EUSAGE, "%s: no table \"%s\" (its tables: %s)", e->input, e->table,
		   names.buf ? names.buf : "none");
	strbuf_free(&names);
	return AUDIT_EUSAGE;
}

struct sqlite_result {
	struct engine *e;
	sqlite3_stmt *s;
};

static int sqlite_query(struct engine *e, const char *sql, const char *name, void **out, struct audit_err *err)
{
	(void)name;
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(e->conn, sql, -1, &s, NULL) != SQLITE_OK)
		return sql_fail_as(e, AUDIT_EIO, err, "counting");
	struct sqlite_result *r = xcalloc(1, sizeof *r);
	*r = (struct sqlite_result){e, s};
	*out = r;
	return AUDIT_OK;
}

/*
 * Result column i as a cell of column col: a missing cell is NULL; a
 * boolean column's cells may be 0/1 or true/false; any other cell of a
 * kind its column does not hold is an error naming the column.
 */
static int typed_cell(const struct engine *e, sqlite3_stmt *s, int i, const struct column_info *col,
		      struct typed_value *v, struct audit_err *err)
{
	int kind = sqlite3_column_type(s, i);
	*v = (struct typed_value){.type = COL_UNKNOWN};
	if (kind == SQLITE_NULL)
		return AUDIT_OK;
	enum col_type t = col ? col->type : COL_INTEGER;
	if (t == COL_TEXT || (kind == SQLITE_TEXT && t == COL_BOOLEAN))
		return engine_text_cell(e, (const char *)sqlite3_column_text(s, i), (size_t)sqlite3_column_bytes(s, i),
					col, v, err);
	if (kind == SQLITE_INTEGER && t != COL_REAL) {
		*v = (struct typed_value){.type = t, .i = sqlite3_column_int64(s, i)};
		if (t != COL_BOOLEAN || v->i == 0 || v->i == 1)
			return AUDIT_OK;
	} else if ((kind == SQLITE_INTEGER || kind == SQLITE_FLOAT) && t == COL_REAL) {
		*v = (struct typed_value){.type = COL_REAL, .d = sqlite3_column_double(s, i)};
		return AUDIT_OK;
	}
	return engine_bad_cell(e, col, (const char *)sqlite3_column_text(s, i), err);
}

static int sqlite_fetch(void *res, const struct column_info *const *col, size_t ncols, struct typed_value *cells,
			struct audit_err *err)
{
	struct sqlite_result *r = res;
	int rc = sqlite3_step(r->s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -sql_fail_as(r->e, AUDIT_EIO, err, "counting");
	for (size_t i = 0; i < ncols; i++) {
		int code = typed_cell(r->e, r->s, (int)i, col[i], &cells[i], err);
		if (code)
			return -code;
	}
	return 1;
}

static void sqlite_end(void *res)
{
	struct sqlite_result *r = res;
	if (!r)
		return;
	sqlite3_finalize(r->s);
	free(r);
}

/* Two 64-bit hashes of a cell (its pushdown_value_hash), chained into the row's; SQLite stores a NaN as NULL. */
static void hash_cell(const struct typed_value *v, uint64_t h[2])
{
	uint64_t k = pushdown_value_hash(v);
	h[0] = hash_mix(h[0] ^ k) + 1;
	h[1] = hash_mix((h[1] << 29 | h[1] >> 35) ^ (k * 0xd6e8feb86659fd93ull)) + 3;
}

/* The row count and two sums modulo 2^64 of two 64-bit hashes of each row's cells. */
static int sqlite_row_hashes(struct engine *e, char **text, struct audit_err *err)
{
	const char **names = xcalloc(e->ncols + 1, sizeof *names);
	for (size_t c = 0; c < e->ncols; c++)
		names[c] = e->cols[c].name;
	void *pass;
	int code = engine_rows_open(e, names, e->ncols, &pass, err);
	free(names);
	if (code)
		return code;
	struct typed_value *cells = xcalloc(e->ncols + 1, sizeof *cells);
	uint64_t sum[2] = {0, 0}, rows = 0;
	int r;
	while ((r = engine_rows_next(pass, cells, err)) > 0) {
		uint64_t h[2] = {0x726f7731ull, 0x726f7732ull};
		for (size_t c = 0; c < e->ncols; c++)
			hash_cell(&cells[c], h);
		sum[0] += h[0];
		sum[1] += h[1];
		rows++;
	}
	engine_rows_close(pass);
	free(cells);
	if (r < 0)
		return -r;
	struct strbuf sb = {0};
	strbuf_printf(&sb, "%llu\n%016llx%016llx", (unsigned long long)rows, (unsigned long long)sum[0],
		      (unsigned long long)sum[1]);
	*text = sb.buf;
	return AUDIT_OK;
}

const struct engine_backend engine_sqlite = {
	.format = "sqlite",
	.connect = sqlite_connect,
	.columns = sqlite_columns,
	.query = sqlite_query,
	.fetch = sqlite_fetch,
	.end = sqlite_end,
	.row_hashes = sqlite_row_hashes,
	.disconnect = sqlite_disconnect,
};
