/*
 * engine_counts.c — the results of the counting queries, run elsewhere:
 * "dsaudit audit --counts DIR" (engine_backend.h, input "counts:DIR").
 * For an engine dsaudit cannot reach (Trino, Spark SQL, BigQuery, ...),
 * `dsaudit sql` prints the queries, the team runs them where the data is
 * and saves each result in DIR as NAME.tsv; this backend answers each
 * query from its file. The table's columns come from --columns, as they
 * did for `dsaudit sql`.
 *
 * A file is tab-separated text without a header, as PostgreSQL's COPY and
 * ClickHouse's TabSeparated write it: a NULL is \N, and backslash escapes
 * are undone. The fingerprint sums a hash of each line of each NAME.tsv,
 * so the same results in any order are the same version.
 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "engine.h"
#include "engine_backend.h"
#include "u64map.h"

static const char *counts_dir(const struct engine *e)
{
	return e->conn;
}

static int counts_connect(struct engine *e, const char *input, struct audit_err *err)
{
	const char *dir = input + strlen("counts:");
	struct stat info;
	if (stat(dir, &info) != 0)
		return audit_fail(err, AUDIT_EUSAGE, "--counts %s: %s", dir, strerror(errno));
	if (!S_ISDIR(info.st_mode))
		return audit_fail(err, AUDIT_EUSAGE, "--counts %s: not a directory", dir);
	e->conn = xstrdup(dir);
	return AUDIT_OK;
}

static void counts_disconnect(struct engine *e)
{
	free(e->conn);
}

static int counts_columns(struct engine *e, struct audit_err *err)
{
	if (!e->columns)
		return audit_fail(err, AUDIT_EUSAGE, "--counts needs the table's --columns, as given to dsaudit sql");
	struct column_info *cols;
	size_t n;
	int code = engine_columns_parse(e->columns, &cols, &n, err);
	if (code)
		return code;
	e->cols = cols;
	e->ncols = n;
	return AUDIT_OK;
}

struct counts_result {
	struct engine *e;
	FILE *f;
	char *path;
	long line;
	char *buf;
	size_t cap;
	struct tsv_row row;
};

static int counts_query(struct engine *e, const char *sql, const char *name, void **out, struct audit_err *err)
{
	(void)sql;
	if (!name)
		return audit_fail(err, AUDIT_EUSAGE, "--counts %s: counts hold no rows, and this audit reads them "
				  "(quartile bins do: give --bins COL=E1,E2,... instead)", counts_dir(e));
	struct counts_result *r = xcalloc(1, sizeof *r);
	r->e = e;
	struct strbuf path = {0};
	strbuf_printf(&path, "%s/%s.tsv", counts_dir(e), name);
	r->path = path.buf;
	r->f = fopen(r->path, "rb");
	if (!r->f) {
		int code = audit_fail(err, AUDIT_EUSAGE, "%s: %s; it holds the result of the query dsaudit sql "
				      "prints under \"-- %s.tsv\"", r->path, strerror(errno), name);
		free(r->path);
		free(r);
		return code;
	}
	*out = r;
	return AUDIT_OK;
}

static int counts_fetch(void *res, const struct column_info *const *col, size_t ncols, struct typed_value *cells,
			struct audit_err *err)
{
	struct counts_result *r = res;
	ssize_t got = getline(&r->buf, &r->cap, r->f);
	if (got < 0)
		return ferror(r->f) ? -audit_fail(err, AUDIT_EIO, "%s: %s", r->path, strerror(errno)) : 0;
	r->line++;
	size_t len = (size_t)got;
	while (len && (r->buf[len - 1] == '\n' || r->buf[len - 1] == '\r'))
		len--;
	size_t n = engine_tsv_split(&r->row, r->buf, r->buf + len);
	if (n != ncols)
		return -audit_fail(err, AUDIT_EINPUT, "%s:%ld: %zu field%s where its query has %zu", r->path, r->line, n,
				   n == 1 ? "" : "s", ncols);
	for (size_t k = 0; k < ncols; k++) {
		size_t cell_len;
		const char *s = engine_tsv_cell(&r->row, k, &cell_len);
		struct audit_err why;
		if (engine_text_cell(r->e, s, cell_len, col[k], &cells[k], &why))
			return -audit_fail(err, AUDIT_EINPUT, "%s:%ld: field %zu (%s, %s) holds \"%.*s\"; a NULL is "
					   "written \\N", r->path, r->line, k + 1, col[k] ? col[k]->name : "a count",
					   col_type_name(col[k] ? col[k]->type : COL_INTEGER), (int)(cell_len < 80 ? cell_len : 80), s);
	}
	return 1;
}

static void counts_end(void *res)
{
	struct counts_result *r = res;
	if (!r)
		return;
	fclose(r->f);
	free(r->path);
	free(r->buf);
	engine_tsv_free(&r->row);
	free(r);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The row count (rows.tsv's first cell) and, per NAME.tsv in name order, the sum of its lines' hashes. */
static int counts_row_hashes(struct engine *e, char **text, struct audit_err *err)
{
	DIR *d = opendir(counts_dir(e));
	if (!d)
		return audit_fail(err, AUDIT_EIO, "--counts %s: %s", counts_dir(e), strerror(errno));
	char **names = NULL;
	size_t n = 0;
	struct dirent *ent;
	while ((ent = readdir(d))) {
		size_t len = strlen(ent->d_name);
		if (len > 4 && strcmp(ent->d_name + len - 4, ".tsv") == 0) {
			names = xrealloc(names, (n + 1) * sizeof *names);
			names[n++] = xstrdup(ent->d_name);
		}
	}
	closedir(d);
	qsort(names, n, sizeof *names, by_name);
	struct strbuf sb = {0};
	strbuf_printf(&sb, "%lld\ncounts", e->rows);
	char *line = NULL;
	size_t cap = 0;
	int code = AUDIT_OK;
	for (size_t i = 0; i < n; i++) {
		struct strbuf path = {0};
		strbuf_printf(&path, "%s/%s", counts_dir(e), names[i]);
		FILE *f = fopen(path.buf, "rb");
		uint64_t sum = 0;
		ssize_t got;
		while (f && (got = getline(&line, &cap, f)) > 0)
			sum += hash_bytes(line, (size_t)got, 0x636f756e7473ull);
		if (!f || ferror(f))
			code = audit_fail(err, AUDIT_EIO, "%s: %s", path.buf, strerror(errno));
		if (f)
			fclose(f);
		strbuf_printf(&sb, " %s:%016llx", names[i], (unsigned long long)sum);
		strbuf_free(&path);
		free(names[i]);
	}
	free(names);
	free(line);
	if (code) {
		strbuf_free(&sb);
		return code;
	}
	*text = sb.buf;
	return AUDIT_OK;
}

const struct engine_backend engine_counts = {
	.format = "counts",
	.fixed = 1,
	.connect = counts_connect,
	.columns = counts_columns,
	.query = counts_query,
	.fetch = counts_fetch,
	.end = counts_end,
	.row_hashes = counts_row_hashes,
	.disconnect = counts_disconnect,
};
