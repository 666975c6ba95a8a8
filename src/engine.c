/*
 * engine.c — a table of an SQLite database file audited where it is (see
 * engine.h): one read-only connection runs the counting queries, the
 * fingerprint's pass and the row source's passes.
 */
#include "engine.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <errno.h>
#include <sys/stat.h>

#include "pushdown.h"
#include "sha256.h"
#include "u64map.h"

#define SQLITE_PREFIX "sqlite:"

struct engine {
	sqlite3 *db;
	char *input;   /* as given, for messages */
	char *table;   /* as given */
	char *quoted;  /* as SQL writes it */
	struct column_info *cols;
	size_t ncols;
	long long rows;
};

int engine_input(const char *input)
{
	return input && strncmp(input, SQLITE_PREFIX, strlen(SQLITE_PREFIX)) == 0;
}

static char *quote_name(const char *name)
{
	struct strbuf sb = {0};
	pushdown_put_name(&sb, name);
	return sb.buf;
}

/* SQLite's own reading of a declared type (its affinity rules), with BOOL for booleans. */
static enum col_type declared_type(const char *decl)
{
	char up[64];
	size_t n = 0;
	for (; decl && decl[n] && n < sizeof up - 1; n++)
		up[n] = (char)(decl[n] >= 'a' && decl[n] <= 'z' ? decl[n] - 32 : decl[n]);
	up[n] = '\0';
	if (strstr(up, "BOOL"))
		return COL_BOOLEAN;
	if (strstr(up, "INT"))
		return COL_INTEGER;
	if (strstr(up, "REAL") || strstr(up, "FLOA") || strstr(up, "DOUB"))
		return COL_REAL;
	return COL_TEXT;
}

/* A failed query: AUDIT_EIO while counting; before, while the table is looked at, bad input (not a database). */
static int sql_fail_as(struct engine *e, enum audit_error code, struct audit_err *err, const char *doing)
{
	return audit_fail(err, code, "%s: %s: %s", e->input, doing, sqlite3_errmsg(e->db));
}

static int sql_fail(struct engine *e, struct audit_err *err, const char *doing)
{
	return sql_fail_as(e, AUDIT_EIO, err, doing);
}

static int read_columns(struct engine *e, struct audit_err *err)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(e->db, "SELECT name, type FROM pragma_table_info(?1)", -1, &s, NULL) != SQLITE_OK)
		return sql_fail_as(e, AUDIT_EINPUT, err, "reading the table's columns");
	sqlite3_bind_text(s, 1, e->table, -1, SQLITE_STATIC);
	while (sqlite3_step(s) == SQLITE_ROW) {
		e->cols = xrealloc(e->cols, (e->ncols + 1) * sizeof *e->cols);
		e->cols[e->ncols++] = (struct column_info){xstrdup((const char *)sqlite3_column_text(s, 0)),
							   declared_type((const char *)sqlite3_column_text(s, 1)), 0};
	}
	sqlite3_finalize(s);
	if (e->ncols)
		return AUDIT_OK;
	struct strbuf names = {0};
	if (sqlite3_prepare_v2(e->db, "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') ORDER BY name",
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

/* The rows, and each column's missing cells, in one query. */
static int read_counts(struct engine *e, struct audit_err *err)
{
	struct strbuf sb = {0};
	strbuf_printf(&sb, "SELECT COUNT(*)");
	for (size_t c = 0; c < e->ncols; c++) {
		char *q = quote_name(e->cols[c].name);
		strbuf_printf(&sb, ", COUNT(%s)", q);
		free(q);
	}
	strbuf_printf(&sb, " FROM %s", e->quoted);
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(e->db, sb.buf, -1, &s, NULL);
	strbuf_free(&sb);
	if (rc != SQLITE_OK)
		return sql_fail(e, err, "counting the rows");
	if (sqlite3_step(s) == SQLITE_ROW) {
		e->rows = sqlite3_column_int64(s, 0);
		for (size_t c = 0; c < e->ncols; c++)
			e->cols[c].missing = e->rows - sqlite3_column_int64(s, (int)c + 1);
	}
	sqlite3_finalize(s);
	return AUDIT_OK;
}

int engine_open(const char *input, const char *table, struct engine **out, struct audit_err *err)
{
	*out = NULL;
	if (!table)
		return audit_fail(err, AUDIT_EUSAGE, "%s: name the table to audit with --table", input);
	const char *path = input + strlen(SQLITE_PREFIX);
	if (strncmp(path, "//", 2) == 0)
		path += 2;
	struct engine *e = xcalloc(1, sizeof *e);
	e->input = xstrdup(input);
	e->table = xstrdup(table);
	e->quoted = quote_name(table);
	int e_code;
	struct stat info;
	if (stat(path, &info) != 0)
		/* A path that names no file is the user's mistake, as for a data file. */
		e_code = audit_fail(err, AUDIT_EUSAGE, "%s: %s", input, strerror(errno));
	else if (sqlite3_open_v2(path, &e->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		e_code = sql_fail_as(e, AUDIT_EINPUT, err, "cannot open the database");
	else if (!(e_code = read_columns(e, err)))
		e_code = read_counts(e, err);
	if (e_code) {
		engine_close(e);
		return e_code;
	}
	*out = e;
	return AUDIT_OK;
}

void engine_close(struct engine *e)
{
	if (!e)
		return;
	sqlite3_close(e->db);
	for (size_t c = 0; c < e->ncols; c++)
		free(e->cols[c].name);
	free(e->cols);
	free(e->input);
	free(e->table);
	free(e->quoted);
	free(e);
}

const struct column_info *engine_columns(const struct engine *e, size_t *ncols)
{
	*ncols = e->ncols;
	return e->cols;
}

long long engine_rows(const struct engine *e)
{
	return e->rows;
}

/*
 * Result column i of s as a cell of a column of type t. A missing cell is
 * NULL; a boolean column's cells may be 0/1 or true/false; any other cell
 * of a kind its column does not hold is an error naming the column.
 */
static int typed_cell(const struct engine *e, sqlite3_stmt *s, int i, const struct column_info *col,
		      struct typed_value *v, struct audit_err *err)
{
	int kind = sqlite3_column_type(s, i);
	*v = (struct typed_value){.type = COL_UNKNOWN};
	if (kind == SQLITE_NULL)
		return AUDIT_OK;
	enum col_type t = col ? col->type : COL_INTEGER;
	if (t == COL_TEXT) {
		v->type = COL_TEXT;
		v->s = (const char *)sqlite3_column_text(s, i);
		v->len = (size_t)sqlite3_column_bytes(s, i);
		return AUDIT_OK;
	}
	if (kind == SQLITE_INTEGER && t != COL_REAL) {
		v->type = t;
		v->i = sqlite3_column_int64(s, i);
		if (t != COL_BOOLEAN || v->i == 0 || v->i == 1)
			return AUDIT_OK;
	} else if ((kind == SQLITE_INTEGER || kind == SQLITE_FLOAT) && t == COL_REAL) {
		v->type = COL_REAL;
		v->d = sqlite3_column_double(s, i);
		return AUDIT_OK;
	} else if (kind == SQLITE_TEXT && t == COL_BOOLEAN) {
		const char *x = (const char *)sqlite3_column_text(s, i);
		if (strcasecmp(x, "true") == 0 || strcasecmp(x, "false") == 0) {
			v->type = COL_BOOLEAN;
			v->i = (x[0] | 0x20) == 't';
			return AUDIT_OK;
		}
	}
	return audit_fail(err, AUDIT_EINPUT, "%s: table \"%s\", column \"%s\" (%s) holds \"%s\"; store a missing "
			  "cell as NULL", e->input, e->table, col ? col->name : "(count)", col_type_name(t),
			  (const char *)sqlite3_column_text(s, i));
}

/* ---------------------------------------------------------------- */
/* The rows as a row source                                         */
/* ---------------------------------------------------------------- */

/* A statement's result rows, each cell typed as its column's (typed_cell): the row source's and the queries'. */
struct engine_pass {
	struct engine *e;
	sqlite3_stmt *s;
	const struct column_info **col; /* of each result column; NULL for a count */
	size_t ncols;
	const char *doing;              /* for a message */
};

static const struct column_info *column_named(const struct engine *e, const char *name)
{
	for (size_t c = 0; c < e->ncols; c++)
		if (strcmp(e->cols[c].name, name) == 0)
			return &e->cols[c];
	return NULL;
}

/* Prepares sql as a pass over its rows; takes col (ncols of them). */
static int pass_start(struct engine *e, const char *sql, const struct column_info **col, size_t ncols,
		      const char *doing, void **out, struct audit_err *err)
{
	struct engine_pass *p = xcalloc(1, sizeof *p);
	*p = (struct engine_pass){e, NULL, col, ncols, doing};
	if (sqlite3_prepare_v2(e->db, sql, -1, &p->s, NULL) != SQLITE_OK) {
		free(p->col);
		free(p);
		return sql_fail(e, err, doing);
	}
	*out = p;
	return AUDIT_OK;
}

static int pass_open(void *ctx, const char *const *columns, size_t ncols, void **out, struct audit_err *err)
{
	struct engine *e = ctx;
	const struct column_info **col = xcalloc(ncols + 1, sizeof *col);
	struct strbuf sb = {0};
	strbuf_printf(&sb, "SELECT ");
	for (size_t i = 0; i < ncols; i++) {
		col[i] = column_named(e, columns[i]);
		if (i)
			strbuf_printf(&sb, ", ");
		pushdown_put_name(&sb, columns[i]);
	}
	strbuf_printf(&sb, "%s FROM %s", ncols ? "" : "1", e->quoted);
	int code = pass_start(e, sb.buf, col, ncols, "reading the rows", out, err);
	strbuf_free(&sb);
	return code;
}

static int pass_next(void *pass, struct typed_value *cells, struct audit_err *err)
{
	struct engine_pass *p = pass;
	int rc = sqlite3_step(p->s);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -sql_fail(p->e, err, p->doing);
	for (size_t i = 0; i < p->ncols; i++) {
		int e = typed_cell(p->e, p->s, (int)i, p->col[i], &cells[i], err);
		if (e)
			return -e;
	}
	return 1;
}

static void pass_close(void *pass)
{
	struct engine_pass *p = pass;
	if (!p)
		return;
	sqlite3_finalize(p->s);
	free(p->col);
	free(p);
}

void engine_row_source(struct engine *e, struct store_row_source *src)
{
	*src = (struct store_row_source){.ctx = e, .open = pass_open, .next = pass_next, .close = pass_close};
}

/* ---------------------------------------------------------------- */
/* Fingerprint and counting                                         */
/* ---------------------------------------------------------------- */

/* Two 64-bit hashes of a cell, chained into the row's. */
static void hash_cell(const struct typed_value *v, uint64_t h[2])
{
	uint64_t k;
	switch (v->type) {
	case COL_UNKNOWN: k = 0x6e756c6cull; break;
	case COL_INTEGER:
	case COL_BOOLEAN: k = hash_mix((uint64_t)v->i ^ 0x696e74ull); break;
	case COL_REAL: {
		double d = v->d == 0 ? 0 : v->d;
		memcpy(&k, &d, sizeof k);
		k = hash_mix(k ^ 0x7265616cull);
		break;
	}
	default: k = hash_bytes(v->s, v->len, 0x74657874ull); break;
	}
	h[0] = hash_mix(h[0] ^ k) + 1;
	h[1] = hash_mix((h[1] << 29 | h[1] >> 35) ^ (k * 0xd6e8feb86659fd93ull)) + 3;
}

int engine_fingerprint(struct engine *e, char hex[65], struct audit_err *err)
{
	const char **names = xcalloc(e->ncols + 1, sizeof *names);
	for (size_t c = 0; c < e->ncols; c++)
		names[c] = e->cols[c].name;
	void *pass;
	int code = pass_open(e, names, e->ncols, &pass, err);
	free(names);
	if (code)
		return code;
	struct typed_value *cells = xcalloc(e->ncols + 1, sizeof *cells);
	uint64_t sum[2] = {0, 0}, rows = 0;
	int r;
	while ((r = pass_next(pass, cells, err)) > 0) {
		uint64_t h[2] = {0x726f7731ull, 0x726f7732ull};
		for (size_t c = 0; c < e->ncols; c++)
			hash_cell(&cells[c], h);
		sum[0] += h[0];
		sum[1] += h[1];
		rows++;
	}
	pass_close(pass);
	free(cells);
	if (r < 0)
		return -r;
	struct strbuf text = {0};
	strbuf_printf(&text, "dsaudit table fingerprint 1\n");
	for (size_t c = 0; c < e->ncols; c++)
		strbuf_printf(&text, "%s\t%s\n", e->cols[c].name, col_type_name(e->cols[c].type));
	strbuf_printf(&text, "%llu\n%016llx%016llx\n", (unsigned long long)rows, (unsigned long long)sum[0],
		      (unsigned long long)sum[1]);
	struct sha256 ctx;
	unsigned char digest[32];
	sha256_init(&ctx);
	sha256_update(&ctx, text.buf, text.len);
	sha256_final(&ctx, digest);
	sha256_hex(digest, hex);
	strbuf_free(&text);
	return AUDIT_OK;
}

/* The engine's connection as a pushdown runner: a pass over each query's result rows. */
struct query_ctx {
	struct engine *e;
	const struct count_spec *spec;
};

static int query_open(void *ctx, const struct pushdown_query *q, void **out, struct audit_err *err)
{
	struct query_ctx *qc = ctx;
	const struct column_info **col = xcalloc(q->ncols + 1, sizeof *col);
	for (size_t k = 0; k < q->ncols; k++)
		col[k] = q->source[k] == PUSHDOWN_COUNT ? NULL : &qc->spec->columns[q->source[k]];
	return pass_start(qc->e, q->sql, col, q->ncols, "counting", out, err);
}

int engine_count(struct engine *e, const struct count_spec *spec, struct store *st, long long id,
		 struct count_tables *out, struct audit_err *err)
{
	struct query_ctx ctx = {e, spec};
	struct pushdown_runner r = {.ctx = &ctx, .open = query_open, .next = pass_next, .close = pass_close};
	return pushdown_run(&r, spec, e->quoted, st, id, out, err);
}
