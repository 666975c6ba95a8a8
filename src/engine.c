/*
 * engine.c — a table audited where it lives (see engine.h), whichever
 * engine holds it: the SQL of the row count, the rows' passes and the
 * counting queries (pushdown.h), run by the engine's backend
 * (engine_backend.h), and the cells they return typed as their columns.
 */
#include "engine.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine_backend.h"
#include "pushdown.h"
#include "sha256.h"

static const struct {
	const char *scheme;
	const struct engine_backend *be;
} schemes[] = {
	{"sqlite:", &engine_sqlite},
	{"postgresql://", &engine_postgresql},
	{"postgres://", &engine_postgresql},
	{"clickhouse://", &engine_clickhouse},
	{"counts:", &engine_counts},
};

static const struct engine_backend *backend_of(const char *input)
{
	for (size_t i = 0; input && i < sizeof schemes / sizeof *schemes; i++)
		if (strncmp(input, schemes[i].scheme, strlen(schemes[i].scheme)) == 0)
			return schemes[i].be;
	return NULL;
}

int engine_input(const char *input)
{
	return backend_of(input) != NULL;
}

char *engine_public_input(const char *input)
{
	const char *slashes = strstr(input, "://");
	if (!slashes || !backend_of(input) || backend_of(input) == &engine_sqlite)
		return xstrdup(input);
	const char *auth = slashes + 3, *at = strchr(auth, '@'), *slash = strchr(auth, '/');
	if (!at || (slash && slash < at))
		return xstrdup(input);
	const char *colon = memchr(auth, ':', (size_t)(at - auth));
	if (!colon)
		return xstrdup(input);
	struct strbuf sb = {0};
	strbuf_append(&sb, input, (size_t)(colon - input));
	strbuf_printf(&sb, "%s", at);
	return sb.buf;
}

static char *quote_table(const char *name)
{
	struct strbuf sb = {0};
	pushdown_put_table(&sb, name, '"');
	return sb.buf;
}

enum col_type engine_declared_type(const char *decl)
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

static const char *trimmed(const char *s, const char *end, size_t *len)
{
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*len = (size_t)(end - s);
	return s;
}

/* The name at the start of item: a word, or a "quoted name" with "" for a quote; *rest after it. */
static char *column_name(const char *item, const char *end, const char **rest)
{
	struct strbuf sb = {0};
	const char *p = item;
	if (*p == '"') {
		for (p++; p < end; p++) {
			if (*p == '"' && !(p + 1 < end && p[1] == '"'))
				break;
			strbuf_putc(&sb, *p);
			p += *p == '"';
		}
		p += p < end;
	} else
		for (; p < end && *p != ' ' && *p != '\t'; p++)
			strbuf_putc(&sb, *p);
	*rest = p;
	return sb.buf;
}

int engine_columns_parse(const char *spec, struct column_info **out, size_t *nout, struct audit_err *err)
{
	struct column_info *cols = NULL;
	size_t n = 0;
	int code = AUDIT_OK;
	for (const char *p = spec; *p && !code;) {
		const char *comma = p + strcspn(p, ","), *rest;
		size_t len, type_len;
		const char *item = trimmed(p, comma, &len);
		char *name = column_name(item, item + len, &rest);
		const char *type = trimmed(rest, item + len, &type_len);
		if (!name || !type_len || rest == type) {
			code = audit_fail(err, AUDIT_EUSAGE, "--columns: \"%.*s\" is not NAME TYPE (e.g. \"age integer, "
					  "sex text, score double precision, \\\"full name\\\" text\")", (int)len, item);
			free(name);
			break;
		}
		char *t = xcalloc(type_len + 1, 1);
		memcpy(t, type, type_len);
		cols = xrealloc(cols, (n + 1) * sizeof *cols);
		cols[n++] = (struct column_info){name, engine_declared_type(t), 0};
		free(t);
		p = *comma ? comma + 1 : comma;
	}
	if (!code && !n)
		code = audit_fail(err, AUDIT_EUSAGE, "--columns: no columns");
	if (code) {
		for (size_t c = 0; c < n; c++)
			free(cols[c].name);
		free(cols);
		return code;
	}
	*out = cols;
	*nout = n;
	return AUDIT_OK;
}

void engine_add_column(struct engine *e, const char *name, enum col_type type)
{
	e->cols = xrealloc(e->cols, (e->ncols + 1) * sizeof *e->cols);
	e->cols[e->ncols++] = (struct column_info){xstrdup(name), type, 0};
}

int engine_bad_cell(const struct engine *e, const struct column_info *col, const char *text, struct audit_err *err)
{
	return audit_fail(err, AUDIT_EINPUT, "%s: table \"%s\", column \"%s\" (%s) holds \"%s\"; store a missing "
			  "cell as NULL", e->input, e->table, col ? col->name : "(count)",
			  col_type_name(col ? col->type : COL_INTEGER), text);
}

int engine_text_cell(const struct engine *e, const char *s, size_t len, const struct column_info *col,
		     struct typed_value *v, struct audit_err *err)
{
	*v = (struct typed_value){.type = COL_UNKNOWN};
	if (!s)
		return AUDIT_OK;
	enum col_type t = col ? col->type : COL_INTEGER;
	if (t == COL_TEXT) {
		*v = (struct typed_value){.type = COL_TEXT, .s = s, .len = len};
		return AUDIT_OK;
	}
	char buf[64];
	if (len > 0 && len < sizeof buf) {
		memcpy(buf, s, len);
		buf[len] = '\0';
		char *end;
		errno = 0;
		if (t == COL_REAL) {
			double d = strtod(buf, &end);
			if (!*end) {
				*v = (struct typed_value){.type = COL_REAL, .d = d};
				return AUDIT_OK;
			}
		} else if (t == COL_BOOLEAN) {
			int yes = !strcasecmp(buf, "true") || !strcmp(buf, "t") || !strcmp(buf, "1");
			int no = !strcasecmp(buf, "false") || !strcmp(buf, "f") || !strcmp(buf, "0");
			if (yes || no) {
				*v = (struct typed_value){.type = COL_BOOLEAN, .i = yes};
				return AUDIT_OK;
			}
		} else {
			long long i = strtoll(buf, &end, 10);
			if (!*end && errno == 0) {
				*v = (struct typed_value){.type = COL_INTEGER, .i = i};
				return AUDIT_OK;
			}
		}
	}
	struct strbuf shown = {0};
	strbuf_append(&shown, s, len < 80 ? len : 80);
	int code = engine_bad_cell(e, col, shown.buf ? shown.buf : "", err);
	strbuf_free(&shown);
	return code;
}

/* The rows, and each column's missing cells, in one query. */
static int read_counts(struct engine *e, struct audit_err *err)
{
	char *sql = pushdown_rows_sql(e->cols, e->ncols, e->quoted, '"');
	void *res;
	int code = e->be->query(e, sql, "rows", &res, err);
	free(sql);
	if (code)
		return code;
	const struct column_info **col = xcalloc(e->ncols + 2, sizeof *col);
	struct typed_value *cells = xcalloc(e->ncols + 2, sizeof *cells);
	int r = e->be->fetch(res, col, e->ncols + 1, cells, err);
	if (r == 0)
		r = -audit_fail(err, AUDIT_EINPUT, "%s: the rows query returned no row; it always returns one", e->input);
	if (r > 0) {
		e->rows = cells[0].i;
		for (size_t c = 0; c < e->ncols; c++)
			e->cols[c].missing = e->rows - cells[c + 1].i;
		while ((r = e->be->fetch(res, col, e->ncols + 1, cells, err)) > 0)
			;
	}
	e->be->end(res);
	free(col);
	free(cells);
	return r < 0 ? -r : AUDIT_OK;
}

int engine_open(const char *input, const char *table, const char *columns, struct engine **out,
		struct audit_err *err)
{
	*out = NULL;
	const struct engine_backend *be = backend_of(input);
	if (!be)
		return audit_fail(err, AUDIT_EUSAGE, "%s: not an engine's address", input);
	if (!table)
		return audit_fail(err, AUDIT_EUSAGE, "%s: name the table to audit with --table", input);
	struct engine *e = xcalloc(1, sizeof *e);
	e->be = be;
	e->input = engine_public_input(input);
	e->table = xstrdup(table);
	e->quoted = quote_table(table);
	e->columns = columns;
	int code = be->connect(e, input, err);
	if (!code)
		code = be->columns(e, err);
	if (!code)
		code = read_counts(e, err);
	if (code) {
		engine_close(e);
		return code;
	}
	*out = e;
	return AUDIT_OK;
}

void engine_close(struct engine *e)
{
	if (!e)
		return;
	e->be->disconnect(e);
	for (size_t c = 0; c < e->ncols; c++)
		free(e->cols[c].name);
	free(e->cols);
	free(e->input);
	free(e->table);
	free(e->quoted);
	free(e);
}

const char *engine_format(const struct engine *e)
{
	return e->be->format;
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

/* ---------------------------------------------------------------- */
/* Passes: a query's rows, each cell typed as the column it holds   */
/* ---------------------------------------------------------------- */

struct engine_pass {
	struct engine *e;
	void *res;
	const struct column_info **col; /* of each result column; NULL for a count */
	size_t ncols;
};

static const struct column_info *column_named(const struct engine *e, const char *name)
{
	for (size_t c = 0; c < e->ncols; c++)
		if (strcmp(e->cols[c].name, name) == 0)
			return &e->cols[c];
	return NULL;
}

/* Runs sql as a pass over its rows; takes col (ncols of them). */
static int pass_start(struct engine *e, const char *sql, const char *name, const struct column_info **col,
		      size_t ncols, void **out, struct audit_err *err)
{
	struct engine_pass *p = xcalloc(1, sizeof *p);
	*p = (struct engine_pass){e, NULL, col, ncols};
	int code = e->be->query(e, sql, name, &p->res, err);
	if (code) {
		free(p->col);
		free(p);
		return code;
	}
	*out = p;
	return AUDIT_OK;
}

int engine_rows_open(struct engine *e, const char *const *columns, size_t ncols, void **out, struct audit_err *err)
{
	const struct column_info **col = xcalloc(ncols + 1, sizeof *col);
	struct strbuf sb = {0};
	strbuf_printf(&sb, "SELECT ");
	for (size_t i = 0; i < ncols; i++) {
		col[i] = column_named(e, columns[i]);
		if (i)
			strbuf_printf(&sb, ", ");
		pushdown_put_name(&sb, columns[i], '"');
	}
	strbuf_printf(&sb, "%s FROM %s", ncols ? "" : "1", e->quoted);
	int code = pass_start(e, sb.buf, NULL, col, ncols, out, err);
	strbuf_free(&sb);
	return code;
}

int engine_rows_next(void *pass, struct typed_value *cells, struct audit_err *err)
{
	struct engine_pass *p = pass;
	return p->e->be->fetch(p->res, p->col, p->ncols, cells, err);
}

void engine_rows_close(void *pass)
{
	struct engine_pass *p = pass;
	if (!p)
		return;
	p->e->be->end(p->res);
	free(p->col);
	free(p);
}

static int rows_open(void *ctx, const char *const *columns, size_t ncols, void **out, struct audit_err *err)
{
	return engine_rows_open(ctx, columns, ncols, out, err);
}

void engine_row_source(struct engine *e, struct store_row_source *src)
{
	*src = (struct store_row_source){.ctx = e, .open = rows_open, .next = engine_rows_next,
					 .close = engine_rows_close};
}

/* ---------------------------------------------------------------- */
/* Fingerprint and counting                                         */
/* ---------------------------------------------------------------- */

int engine_fingerprint(struct engine *e, char hex[65], struct audit_err *err)
{
	char *hashes;
	int code = e->be->row_hashes(e, &hashes, err);
	if (code)
		return code;
	struct strbuf text = {0};
	strbuf_printf(&text, "dsaudit table fingerprint 1\n");
	for (size_t c = 0; c < e->ncols; c++)
		strbuf_printf(&text, "%s\t%s\n", e->cols[c].name, col_type_name(e->cols[c].type));
	strbuf_printf(&text, "%s\n", hashes);
	free(hashes);
	struct sha256 ctx;
	unsigned char digest[32];
	sha256_init(&ctx);
	sha256_update(&ctx, text.buf, text.len);
	sha256_final(&ctx, digest);
	sha256_hex(digest, hex);
	strbuf_free(&text);
	return AUDIT_OK;
}

/* The engine as a pushdown runner: a pass over each query's result rows. */
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
	return pass_start(qc->e, q->sql, q->name, col, q->ncols, out, err);
}

int engine_count(struct engine *e, const struct count_spec *spec, struct store *st, long long id,
		 struct count_tables *out, struct audit_err *err)
{
	struct query_ctx ctx = {e, spec};
	struct pushdown_runner r = {.ctx = &ctx, .fixed = e->be->fixed, .open = query_open, .next = engine_rows_next,
				    .close = engine_rows_close};
	return pushdown_run(&r, spec, e->quoted, st, id, out, err);
}

/* ---------------------------------------------------------------- */
/* Tab-separated rows                                               */
/* ---------------------------------------------------------------- */

size_t engine_tsv_split(struct tsv_row *r, const char *p, const char *end)
{
	r->text.len = 0;
	size_t n = 0;
	for (;;) {
		if (n == r->ncap) {
			r->ncap = r->ncap ? 2 * r->ncap : 16;
			r->start = xrealloc(r->start, r->ncap * sizeof *r->start);
			r->len = xrealloc(r->len, r->ncap * sizeof *r->len);
		}
		r->start[n] = r->text.len;
		const char *cell = p;
		while (p < end && *p != '\t') {
			if (*p == '\\' && p + 1 < end) {
				static const char from[] = "btnfrv0", to[] = "\b\t\n\f\r\v";
				const char *k = p[1] ? strchr(from, p[1]) : NULL;
				strbuf_putc(&r->text, !k ? p[1] : p[1] == '0' ? '\0' : to[k - from]);
				p += 2;
			} else
				strbuf_putc(&r->text, *p++);
		}
		r->len[n] = p - cell == 2 && cell[0] == '\\' && cell[1] == 'N' ? (size_t)-1 : r->text.len - r->start[n];
		strbuf_putc(&r->text, '\0');
		n++;
		if (p >= end)
			return n;
		p++;
	}
}

const char *engine_tsv_cell(const struct tsv_row *r, size_t k, size_t *len)
{
	*len = r->len[k] == (size_t)-1 ? 0 : r->len[k];
	return r->len[k] == (size_t)-1 ? NULL : r->text.buf + r->start[k];
}

void engine_tsv_free(struct tsv_row *r)
{
	strbuf_free(&r->text);
	free(r->start);
	free(r->len);
}

/* ---------------------------------------------------------------- */
/* Addresses                                                        */
/* ---------------------------------------------------------------- */

static int hex_digit(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
}

/* A part of a URI with its %XX escapes decoded (caller frees). */
static char *uri_part(const char *s, size_t n)
{
	char *out = xcalloc(n + 1, 1), *o = out;
	for (size_t i = 0; i < n; i++) {
		int hi = i + 2 < n && s[i] == '%' ? hex_digit(s[i + 1]) : -1;
		int lo = hi >= 0 ? hex_digit(s[i + 2]) : -1;
		if (lo >= 0) {
			*o++ = (char)(hi << 4 | lo);
			i += 2;
		} else
			*o++ = s[i];
	}
	return out;
}

int engine_uri_parse(const char *input, struct engine_uri *u)
{
	memset(u, 0, sizeof *u);
	const char *p = strstr(input, "://");
	if (!p)
		return -1;
	p += 3;
	const char *end = p + strcspn(p, "/?");
	const char *at = NULL;
	for (const char *q = p; q < end; q++)
		if (*q == '@')
			at = q;
	if (at) {
		const char *colon = memchr(p, ':', (size_t)(at - p));
		u->user = uri_part(p, (size_t)((colon ? colon : at) - p));
		if (colon)
			u->password = uri_part(colon + 1, (size_t)(at - colon - 1));
		p = at + 1;
	}
	const char *colon = memchr(p, ':', (size_t)(end - p));
	u->host = uri_part(p, (size_t)((colon ? colon : end) - p));
	if (colon)
		u->port = uri_part(colon + 1, (size_t)(end - colon - 1));
	if (*end == '/') {
		const char *db = end + 1;
		u->database = uri_part(db, strcspn(db, "?"));
	}
	return 0;
}

void engine_uri_free(struct engine_uri *u)
{
	free(u->user);
	free(u->password);
	free(u->host);
	free(u->port);
	free(u->database);
	memset(u, 0, sizeof *u);
}
