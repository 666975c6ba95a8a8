/*
 * engine_clickhouse.c — a table in ClickHouse, "clickhouse://USER@HOST:PORT/DB"
 * (engine_backend.h), through its HTTP interface and libcurl; the table may
 * be a Distributed one over a cluster, whose shards then do the counting.
 *
 * What ClickHouse's HTTP interface needs of a client that must not be
 * wrong (Debian's is 18.16):
 *   - wait_end_of_query=1: the server keeps the result until the query
 *     ends, so an error midway is an HTTP error, not a truncated 200;
 *   - never skip_unavailable_shards: a down shard must fail the audit
 *     (exit 3), not shrink its counts;
 *   - a time limit of our own on every query (DSAUDIT_ENGINE_TIMEOUT
 *     seconds, default 3600), also given to the server as its limits, since
 *     a frozen shard can hang past the server's;
 *   - results as TabSeparated, not JSON, which quotes 64-bit integers;
 *   - a GROUP BY over many groups (duplicate rows, an id's values) may
 *     outgrow the server's max_memory_usage: past half of it, the
 *     aggregation spills to disk, and the initiator merges the shards'
 *     results a bucket at a time (ClickHouse's advice for large GROUP BYs);
 *   - a query the client gives up on runs on unless killed: each has a
 *     query_id, and one abandoned or timed out is killed (KILL QUERY).
 * The result streams: libcurl is paused while a megabyte waits unread, so
 * a column's many values are never held at once. The password comes from
 * the address or CLICKHOUSE_PASSWORD.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include "engine_backend.h"
#include "pushdown.h"

#define UNREAD_LIMIT (1u << 20)   /* bytes received and not yet read before libcurl is paused */
#define ERROR_BODY_LIMIT 4096     /* of an error's text */

struct ch_conn {
	char *url;       /* http://HOST:PORT/?database=...&settings */
	char *user, *password;
	long timeout;    /* seconds, per query */
	char id_base[48]; /* of the queries' query_id: dsaudit-PID-TIME */
	unsigned long queries;
};

static long engine_timeout(void)
{
	const char *t = getenv("DSAUDIT_ENGINE_TIMEOUT");
	long s = t && *t ? strtol(t, NULL, 10) : 0;
	return s > 0 ? s : 3600;
}

static void put_escaped(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-_.~", c))
			strbuf_putc(sb, (char)c);
		else
			strbuf_printf(sb, "%%%02X", c);
	}
}

static int ch_one_row(struct engine *e, const char *sql, size_t ncols, char **out, struct audit_err *err);

/* The settings above that depend on the server's memory limit; the first query, so a wrong password fails here. */
static int spill_large_aggregations(struct engine *e, struct audit_err *err)
{
	struct ch_conn *c = e->conn;
	char *limit = NULL;
	int code = ch_one_row(e, "SELECT value FROM system.settings WHERE name = 'max_memory_usage'", 1, &limit, err);
	long long bytes = limit ? strtoll(limit, NULL, 10) : 0;
	free(limit);
	if (code || bytes <= 0)
		return code;
	struct strbuf url = {0};
	strbuf_printf(&url, "%s&max_bytes_before_external_group_by=%lld&distributed_aggregation_memory_efficient=1",
		      c->url, bytes / 2);
	free(c->url);
	c->url = url.buf;
	return AUDIT_OK;
}

static int ch_connect(struct engine *e, const char *input, struct audit_err *err)
{
	struct engine_uri u;
	engine_uri_parse(input, &u);
	if (!u.host || !*u.host) {
		engine_uri_free(&u);
		return audit_fail(err, AUDIT_EUSAGE, "%s: no host; write clickhouse://USER@HOST:PORT/DATABASE", e->input);
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		engine_uri_free(&u);
		return audit_fail(err, AUDIT_EIO, "%s: libcurl cannot start", e->input);
	}
	struct ch_conn *c = xcalloc(1, sizeof *c);
	e->conn = c;
	c->timeout = engine_timeout();
	snprintf(c->id_base, sizeof c->id_base, "dsaudit-%ld-%lld", (long)getpid(), (long long)time(NULL));
	long server = c->timeout < 300 ? c->timeout : 300; /* the server's own waits on its shards */
	struct strbuf url = {0};
	strbuf_printf(&url, "http://%s:%s/?database=", u.host, u.port ? u.port : "8123");
	put_escaped(&url, u.database && *u.database ? u.database : "default");
	strbuf_printf(&url, "&wait_end_of_query=1&max_execution_time=%ld&receive_timeout=%ld&send_timeout=%ld"
		      "&connect_timeout=%ld", c->timeout, server, server, server < 10 ? server : 10);
	c->url = url.buf;
	c->user = xstrdup(u.user && *u.user ? u.user : "default");
	const char *pw = u.password ? u.password : getenv("CLICKHOUSE_PASSWORD");
	c->password = xstrdup(pw ? pw : "");
	engine_uri_free(&u);
	return spill_large_aggregations(e, err);
}

static void ch_disconnect(struct engine *e)
{
	struct ch_conn *c = e->conn;
	if (!c)
		return;
	free(c->url);
	free(c->user);
	free(c->password);
	free(c);
	curl_global_cleanup();
}

/* A query streaming its TabSeparated result. */
struct ch_result {
	struct engine *e;
	CURLM *multi;
	CURL *easy;
	char *body;                /* the query, with its FORMAT */
	char *url;                 /* the connection's, with this query's query_id */
	char id[64];
	struct strbuf in;          /* received, from pos on unread */
	size_t pos;
	long status;               /* HTTP status, once its headers came */
	int paused, finished;
	CURLcode outcome;
	char errbuf[CURL_ERROR_SIZE];
	struct tsv_row row;        /* the row read last */
};

static size_t discard(char *data, size_t size, size_t n, void *ctx)
{
	(void)data;
	(void)ctx;
	return size * n;
}

static size_t on_data(char *data, size_t size, size_t n, void *ctx)
{
	struct ch_result *r = ctx;
	size_t bytes = size * n;
	if (!r->status)
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &r->status);
	if (r->status != 200) { /* an error's text: keep its start */
		if (r->in.len < ERROR_BODY_LIMIT)
			strbuf_append(&r->in, data, bytes < ERROR_BODY_LIMIT ? bytes : ERROR_BODY_LIMIT);
		return bytes;
	}
	if (r->in.len - r->pos >= UNREAD_LIMIT) {
		r->paused = 1;
		return CURL_WRITEFUNC_PAUSE;
	}
	strbuf_append(&r->in, data, bytes);
	return bytes;
}

/* The message of one line of an error's text: what follows "e.displayText() = DB::...Exception: ". */
static void put_exception(struct strbuf *sb, const char *line)
{
	const char *p = strstr(line, "e.displayText() = "), *end = line + strcspn(line, "\n");
	if (p && p < end) {
		p += strlen("e.displayText() = ");
		const char *colon = strstr(p, ": ");
		if (strncmp(p, "DB::", 4) == 0 && colon && colon < end)
			p = colon + 2;
	} else
		p = line;
	const char *what = strstr(p, ", e.what() = ");
	if (what && what < end)
		end = what;
	while (end > p && (end[-1] == ' ' || end[-1] == '.' || end[-1] == ':'))
		end--;
	if (end - p > 5 && strncmp(end - 4, " Log", 4) == 0)
		end -= 4;
	while (end > p && (end[-1] == ' ' || end[-1] == '.'))
		end--;
	strbuf_append(sb, p, (size_t)(end - p > 400 ? 400 : end - p));
}

/* The server's error: its first line, and its last when it has more (a shard's own). */
static int ch_error(struct ch_result *r, struct audit_err *err)
{
	struct engine *e = r->e;
	if (r->outcome != CURLE_OK)
		return audit_fail(err, AUDIT_EIO, "%s: cannot reach ClickHouse: %s", e->input,
				  r->errbuf[0] ? r->errbuf : curl_easy_strerror(r->outcome));
	/*
	 * "Code: 279, e.displayText() = DB::NetException: All connection tries
	 * failed. Log: ..., e.what() = DB::NetException", and for a failure on
	 * a shard the shard's own error on a last line: both are shown.
	 */
	const char *text = r->in.buf ? r->in.buf : "";
	int code = 0;
	sscanf(text, "Code: %d,", &code);
	struct strbuf said = {0};
	put_exception(&said, text);
	const char *last = NULL;
	for (const char *p = strchr(text, '\n'); p; p = strchr(p, '\n')) {
		p++;
		const char *hit = strstr(p, "e.displayText() = ");
		if (hit && hit < p + strcspn(p, "\n"))
			last = p;
	}
	if (last) {
		strbuf_printf(&said, " (");
		put_exception(&said, last);
		strbuf_putc(&said, ')');
	}
	int rc = code ? audit_fail(err, AUDIT_EIO, "%s: ClickHouse error %d: %s", e->input, code, said.buf)
		      : audit_fail(err, AUDIT_EIO, "%s: ClickHouse answered HTTP %ld: %s", e->input, r->status, said.buf);
	strbuf_free(&said);
	return rc;
}

static int ch_query(struct engine *e, const char *sql, const char *name, void **out, struct audit_err *err)
{
	(void)name;
	struct ch_conn *c = e->conn;
	struct ch_result *r = xcalloc(1, sizeof *r);
	r->e = e;
	snprintf(r->id, sizeof r->id, "%s-%lu", c->id_base, ++c->queries);
	struct strbuf url = {0};
	strbuf_printf(&url, "%s&query_id=%s", c->url, r->id);
	r->url = url.buf;
	struct strbuf body = {0};
	strbuf_printf(&body, "%s FORMAT TabSeparated", sql);
	r->body = body.buf;
	r->easy = curl_easy_init();
	r->multi = curl_multi_init();
	if (!r->easy || !r->multi) {
		curl_easy_cleanup(r->easy);
		curl_multi_cleanup(r->multi);
		free(r->body);
		free(r->url);
		free(r);
		return audit_fail(err, AUDIT_EIO, "%s: libcurl cannot start", e->input);
	}
	CURL *h = r->easy;
	curl_easy_setopt(h, CURLOPT_URL, r->url);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, r->body);
	curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
	curl_easy_setopt(h, CURLOPT_PASSWORD, c->password);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, c->timeout + 30);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_multi_add_handle(r->multi, h);
	*out = r;
	return AUDIT_OK;
}

/* Lets libcurl run until more of the result came or the transfer ended. */
static void receive_more(struct ch_result *r)
{
	if (r->pos) {
		memmove(r->in.buf, r->in.buf + r->pos, r->in.len - r->pos);
		r->in.len -= r->pos;
		r->pos = 0;
	}
	if (r->paused) {
		r->paused = 0;
		curl_easy_pause(r->easy, CURLPAUSE_CONT);
	}
	size_t had = r->in.len;
	while (!r->finished && r->in.len == had && !r->paused) {
		int running;
		curl_multi_perform(r->multi, &running);
		CURLMsg *m;
		int left;
		while ((m = curl_multi_info_read(r->multi, &left)))
			if (m->msg == CURLMSG_DONE) {
				r->finished = 1;
				r->outcome = m->data.result;
			}
		if (!r->finished && r->in.len == had && !r->paused)
			curl_multi_poll(r->multi, NULL, 0, 1000, NULL);
	}
	if (!r->status)
		curl_easy_getinfo(r->easy, CURLINFO_RESPONSE_CODE, &r->status);
}

static int ch_fetch(void *res, const struct column_info *const *col, size_t ncols, struct typed_value *cells,
		    struct audit_err *err)
{
	struct ch_result *r = res;
	for (;;) {
		char *base = r->in.buf ? r->in.buf + r->pos : NULL;
		char *nl = r->status == 200 && r->pos < r->in.len ? memchr(base, '\n', r->in.len - r->pos) : NULL;
		if (nl) {
			size_t n = engine_tsv_split(&r->row, base, nl);
			r->pos += (size_t)(nl - base) + 1;
			if (n != ncols)
				return -audit_fail(err, AUDIT_EIO, "%s: ClickHouse sent a row of %zu cells where %zu "
						   "were asked for", r->e->input, n, ncols);
			for (size_t k = 0; k < ncols; k++) {
				size_t len;
				const char *s = engine_tsv_cell(&r->row, k, &len);
				int code = engine_text_cell(r->e, s, len, col[k], &cells[k], err);
				if (code)
					return -code;
			}
			return 1;
		}
		if (r->finished) {
			if (r->outcome != CURLE_OK || r->status != 200)
				return -ch_error(r, err);
			if (r->pos < r->in.len)
				return -audit_fail(err, AUDIT_EIO, "%s: ClickHouse's result ends in a partial row",
						   r->e->input);
			return 0;
		}
		receive_more(r);
	}
}

/* Asks the server to stop query id, which it would otherwise run to its end; a failure changes nothing. */
static void kill_query(const struct ch_conn *c, const char *url, const char *id)
{
	CURL *h = curl_easy_init();
	if (!h)
		return;
	struct strbuf body = {0};
	strbuf_printf(&body, "KILL QUERY WHERE query_id = '%s' ASYNC FORMAT TabSeparated", id);
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.buf);
	curl_easy_setopt(h, CURLOPT_USERNAME, c->user);
	curl_easy_setopt(h, CURLOPT_PASSWORD, c->password);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_perform(h);
	curl_easy_cleanup(h);
	strbuf_free(&body);
}

static void ch_end(void *res)
{
	struct ch_result *r = res;
	if (!r)
		return;
	if (!r->finished || r->outcome == CURLE_OPERATION_TIMEDOUT)
		kill_query(r->e->conn, ((struct ch_conn *)r->e->conn)->url, r->id);
	curl_multi_remove_handle(r->multi, r->easy);
	curl_easy_cleanup(r->easy);
	curl_multi_cleanup(r->multi);
	free(r->body);
	free(r->url);
	strbuf_free(&r->in);
	engine_tsv_free(&r->row);
	free(r);
}

/* Runs sql for its one row of ncols text cells (NULL: missing), copied into out[]. */
static int ch_one_row(struct engine *e, const char *sql, size_t ncols, char **out, struct audit_err *err)
{
	void *res;
	int code = ch_query(e, sql, NULL, &res, err);
	if (code)
		return code;
	const struct column_info **col = xcalloc(ncols + 1, sizeof *col);
	struct column_info *text = xcalloc(ncols + 1, sizeof *text);
	for (size_t k = 0; k < ncols; k++) {
		text[k].type = COL_TEXT;
		col[k] = &text[k];
	}
	struct typed_value *cells = xcalloc(ncols + 1, sizeof *cells);
	int got = ch_fetch(res, col, ncols, cells, err);
	for (size_t k = 0; got > 0 && k < ncols; k++) {
		out[k] = NULL;
		if (cells[k].type == COL_TEXT) {
			out[k] = xcalloc(cells[k].len + 1, 1);
			memcpy(out[k], cells[k].s, cells[k].len);
		}
	}
	while (got > 0 && (got = ch_fetch(res, col, ncols, cells, err)) > 0)
		;
	ch_end(res);
	free(col);
	free(text);
	free(cells);
	return got < 0 ? -got : AUDIT_OK;
}

/* ClickHouse's types as dsaudit's: UInt8 is its boolean; other integers, floats and decimals; the rest text. */
static enum col_type ch_type(const char *t)
{
	for (int stripped = 1; stripped;) {
		stripped = 0;
		static const char *wrappers[] = {"Nullable(", "LowCardinality("};
		for (size_t w = 0; w < 2; w++)
			if (!strncmp(t, wrappers[w], strlen(wrappers[w]))) {
				t += strlen(wrappers[w]);
				stripped = 1;
			}
	}
	if (!strncmp(t, "UInt8", 5) && (t[5] == ')' || !t[5]))
		return COL_BOOLEAN;
	if (!strncmp(t, "Int", 3) || !strncmp(t, "UInt", 4))
		return COL_INTEGER;
	if (!strncmp(t, "Float", 5) || !strncmp(t, "Decimal", 7))
		return COL_REAL;
	return COL_TEXT;
}

/* The table's database and name as SQL strings: 'db' (currentDatabase() when not given) and 'name'. */
static void table_literals(const struct engine *e, struct strbuf *db, struct strbuf *name)
{
	const char *dot = strchr(e->table, '.');
	const char *t = dot ? dot + 1 : e->table;
	if (dot) {
		strbuf_putc(db, '\'');
		for (const char *p = e->table; p < dot; p++)
			strbuf_printf(db, "%s%c", *p == '\'' || *p == '\\' ? "\\" : "", *p);
		strbuf_putc(db, '\'');
	} else
		strbuf_printf(db, "currentDatabase()");
	strbuf_putc(name, '\'');
	for (; *t; t++)
		strbuf_printf(name, "%s%c", *t == '\'' || *t == '\\' ? "\\" : "", *t);
	strbuf_putc(name, '\'');
}

static int ch_columns(struct engine *e, struct audit_err *err)
{
	struct strbuf db = {0}, name = {0}, sql = {0};
	table_literals(e, &db, &name);
	strbuf_printf(&sql, "SELECT name, type FROM system.columns WHERE database = %s AND table = %s", db.buf,
		      name.buf);
	void *res;
	int code = ch_query(e, sql.buf, NULL, &res, err);
	strbuf_free(&sql);
	if (!code) {
		struct column_info text = {.type = COL_TEXT};
		const struct column_info *col[2] = {&text, &text};
		struct typed_value cells[2];
		int got;
		while ((got = ch_fetch(res, col, 2, cells, err)) > 0) {
			char *n = xcalloc(cells[0].len + 1, 1);
			memcpy(n, cells[0].s, cells[0].len);
			struct strbuf t = {0};
			strbuf_append(&t, cells[1].s, cells[1].len);
			engine_add_column(e, n, ch_type(t.buf ? t.buf : ""));
			free(n);
			strbuf_free(&t);
		}
		ch_end(res);
		code = got < 0 ? -got : AUDIT_OK;
	}
	if (!code && !e->ncols) {
		char *names = NULL;
		strbuf_printf(&sql, "SELECT arrayStringConcat(arraySort(groupArray(name)), ', ') FROM system.tables "
			      "WHERE database = %s", db.buf);
		if (ch_one_row(e, sql.buf, 1, &names, err) == AUDIT_OK)
			code = audit_fail(err, AUDIT_EUSAGE, "%s: no table \"%s\" (the tables of its database: %s)",
					  e->input, e->table, names && *names ? names : "none");
		else
			code = AUDIT_EIO;
		free(names);
		strbuf_free(&sql);
	}
	strbuf_free(&db);
	strbuf_free(&name);
	return code;
}

/*
 * Two sums modulo 2^64 (ClickHouse's UInt64 sums wrap) over the rows of
 * two hashes of the row's cells, each cell as ClickHouse's text of it, a
 * missing one as \N: cityHash64 and sipHash64 of the same string.
 */
static int ch_row_hashes(struct engine *e, char **text, struct audit_err *err)
{
	struct strbuf row = {0}, sql = {0};
	strbuf_printf(&row, "concat(");
	for (size_t c = 0; c < e->ncols; c++) {
		strbuf_printf(&row, "%sifNull(toString(", c ? ", '\\t', " : "");
		pushdown_put_name(&row, e->cols[c].name, '"');
		strbuf_printf(&row, "), '\\\\N')");
	}
	strbuf_printf(&row, "%s)", e->ncols == 1 ? ", ''" : "");
	strbuf_printf(&sql, "SELECT count(), sum(cityHash64(%s)), sum(sipHash64(%s)) FROM %s", row.buf, row.buf,
		      e->quoted);
	char *cells[3] = {NULL, NULL, NULL};
	int code = ch_one_row(e, sql.buf, 3, cells, err);
	strbuf_free(&row);
	strbuf_free(&sql);
	if (!code) {
		struct strbuf sb = {0};
		strbuf_printf(&sb, "%s\nclickhouse %s %s", cells[0] ? cells[0] : "0", cells[1] ? cells[1] : "0",
			      cells[2] ? cells[2] : "0");
		*text = sb.buf;
	}
	for (int k = 0; k < 3; k++)
		free(cells[k]);
	return code;
}

const struct engine_backend engine_clickhouse = {
	.format = "clickhouse",
	.connect = ch_connect,
	.columns = ch_columns,
	.query = ch_query,
	.fetch = ch_fetch,
	.end = ch_end,
	.row_hashes = ch_row_hashes,
	.disconnect = ch_disconnect,
};
