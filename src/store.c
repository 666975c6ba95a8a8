/*
 * store.c — the SQLite database (see store.h). Identifiers that come from
 * data are always quoted with %w; values are always bound, never pasted.
 */
#include "store.h"


#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pii.h"

struct store {
	sqlite3 *db;
	char *path;
};

struct store_rows {
	struct store *st;
	sqlite3_stmt *insert;
	size_t ncols;
};

static const char *schema_sql =
	"CREATE TABLE IF NOT EXISTS dataset(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  name TEXT NOT NULL,\n"
	"  version INTEGER NOT NULL,\n"
	"  source TEXT NOT NULL,\n"
	"  sha256 TEXT NOT NULL,\n"
	"  rows INTEGER NOT NULL,\n"
	"  columns INTEGER NOT NULL,\n"
	"  format TEXT NOT NULL,\n"
	"  loaded_at TEXT NOT NULL,\n"
	"  UNIQUE(name, version));\n"
	"CREATE TABLE IF NOT EXISTS dataset_column(\n"
	"  dataset_id INTEGER NOT NULL REFERENCES dataset(id),\n"
	"  position INTEGER NOT NULL,\n"
	"  name TEXT NOT NULL,\n"
	"  type TEXT NOT NULL,\n"
	"  missing INTEGER NOT NULL,\n"
	"  PRIMARY KEY(dataset_id, position));\n"
	"CREATE TABLE IF NOT EXISTS audit(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  dataset_id INTEGER NOT NULL REFERENCES dataset(id),\n"
	"  config TEXT NOT NULL,\n"
	"  tool_version TEXT NOT NULL,\n"
	"  created_at TEXT NOT NULL,\n"
	"  verdict TEXT NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS metric(\n"
	"  audit_id INTEGER NOT NULL REFERENCES audit(id),\n"
	"  family TEXT NOT NULL,\n"
	"  metric TEXT NOT NULL,\n"
	"  attribute TEXT,\n"
	"  \"column\" TEXT,\n"
	"  \"group\" TEXT,\n"
	"  reference TEXT,\n"
	"  value REAL,\n"
	"  ci_low REAL,\n"
	"  ci_high REAL,\n"
	"  p_value REAL,\n"
	"  p_adjusted REAL,\n"
	"  n INTEGER,\n"
	"  status TEXT NOT NULL,\n"
	"  detail TEXT);\n"
	"CREATE INDEX IF NOT EXISTS metric_by_audit ON metric(audit_id);\n";

/* Maps an SQLite result code to our error codes. */
static int sql_error(struct store *st, int rc, struct audit_err *err, const char *doing)
{
	enum audit_error code = AUDIT_EIO;
	int primary = rc & 0xff;
	if (primary == SQLITE_NOTADB || primary == SQLITE_CORRUPT)
		code = AUDIT_EINPUT;
	else if (primary == SQLITE_ERROR || primary == SQLITE_MISUSE || primary == SQLITE_RANGE)
		code = AUDIT_EINTERNAL;
	const char *msg = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
	return audit_fail(err, code, "%s: %s: %s", st ? st->path : "database", doing, msg);
}

static int exec(struct store *st, const char *sql, struct audit_err *err, const char *doing)
{
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? AUDIT_OK : sql_error(st, rc, err, doing);
}

/* Finishes SQL built with sqlite3_str (identifiers quoted by %w) and prepares it. */
static int prepare_built(struct store *st, sqlite3_str *sql, sqlite3_stmt **out, struct audit_err *err,
			 const char *doing)
{
	char *text = sqlite3_str_finish(sql);
	if (!text)
		return audit_fail(err, AUDIT_EINTERNAL, "out of memory building SQL");
	int rc = sqlite3_prepare_v2(st->db, text, -1, out, NULL);
	sqlite3_free(text);
	return rc == SQLITE_OK ? AUDIT_OK : sql_error(st, rc, err, doing);
}

static int schema_version(struct store *st, int *version, struct audit_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "reading the schema version");
	rc = sqlite3_step(s);
	*version = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? AUDIT_OK : sql_error(st, rc, err, "reading the schema version");
}

/* A database with tables but no schema version belongs to some other program. */
static int has_tables(struct store *st)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_master LIMIT 1", -1, &s, NULL) != SQLITE_OK)
		return 0;
	int found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return found;
}

/*
 * WAL mode is switched under an exclusive lock, and SQLite reports a busy
 * database at once there instead of calling the busy handler: retry here,
 * as the busy timeout would.
 */
static int set_wal(struct store *st, struct audit_err *err)
{
	int rc;
	for (int waited = 0;; waited += 20) {
		rc = sqlite3_exec(st->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
		if (rc != SQLITE_BUSY || waited >= STORE_BUSY_TIMEOUT_MS)
			break;
		sqlite3_sleep(20);
	}
	return rc == SQLITE_OK ? AUDIT_OK : sql_error(st, rc, err, "configuring");
}

/*
 * Creates or upgrades the tables. Two processes may open a new database at
 * once: the write lock is taken first and the version read again under it,
 * so only one of them creates the tables.
 */
static int create_schema(struct store *st, struct audit_err *err)
{
	int version = 0;
	int e = exec(st, "BEGIN IMMEDIATE", err, "creating tables");
	if (!e)
		e = schema_version(st, &version, err);
	if (!e && version < STORE_SCHEMA) {
		char sql[2400];
		snprintf(sql, sizeof sql, "%s PRAGMA user_version=%d;", schema_sql, STORE_SCHEMA);
		e = exec(st, sql, err, "creating tables");
	}
	if (!e)
		return exec(st, "COMMIT", err, "creating tables");
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return e;
}

int store_open(const char *path, struct store **out, struct audit_err *err)
{
	struct store *st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	*out = NULL;
	int rc = sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	int e = AUDIT_OK;
	int version = 0;
	if (rc != SQLITE_OK)
		e = sql_error(st, rc, err, "cannot open");
	if (!e) {
		/* Two audits of one database: the second waits for the first's
		 * transaction (a large load takes minutes) rather than failing. */
		sqlite3_busy_timeout(st->db, STORE_BUSY_TIMEOUT_MS);
		/* A larger page cache keeps a bulk load from spilling pages early.
		 * WAL lets readers (history, diff) run beside a writer, and a killed
		 * process leaves a log the next open replays or drops whole. */
		e = exec(st, "PRAGMA cache_size=-32768; PRAGMA foreign_keys=ON", err, "configuring");
	}
	if (!e)
		e = set_wal(st, err);
	if (!e)
		e = schema_version(st, &version, err);
	if (!e && version > STORE_SCHEMA)
		e = audit_fail(err, AUDIT_EUSAGE, "%s: made by a newer dsaudit (schema %d, this one knows %d)",
			       path, version, STORE_SCHEMA);
	if (!e && version == 0 && has_tables(st))
		e = audit_fail(err, AUDIT_EUSAGE, "%s: an SQLite database that dsaudit did not create "
			       "(it has tables of its own); give another --db", path);
	if (!e && version < STORE_SCHEMA)
		e = create_schema(st, err);
	if (e) {
		store_close(st);
		return e;
	}
	*out = st;
	return AUDIT_OK;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int store_begin(struct store *st, struct audit_err *err)
{
	return exec(st, "BEGIN IMMEDIATE", err, "starting a transaction");
}

int store_commit(struct store *st, struct audit_err *err)
{
	return exec(st, "COMMIT", err, "committing");
}

void store_rollback(struct store *st)
{
	if (!sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

void dataset_version_clear(struct dataset_version *v)
{
	free(v->name);
	free(v->source);
	free(v->format);
	free(v->loaded_at);
	memset(v, 0, sizeof *v);
}

static char *column_text(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return xstrdup(t ? (const char *)t : "");
}

int store_find_version(struct store *st, const char *name, const char *sha256,
		       struct dataset_version *found, struct audit_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db,
		"SELECT id, name, version, source, sha256, rows, columns, format, loaded_at"
		" FROM dataset WHERE name = ?1 AND sha256 = ?2 ORDER BY version LIMIT 1", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return -sql_error(st, rc, err, "looking up the dataset");
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, sha256, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	int result = 0;
	if (rc == SQLITE_ROW) {
		found->id = sqlite3_column_int64(s, 0);
		found->name = column_text(s, 1);
		found->version = sqlite3_column_int(s, 2);
		found->source = column_text(s, 3);
		snprintf(found->sha256, sizeof found->sha256, "%s", (const char *)sqlite3_column_text(s, 4));
		found->rows = sqlite3_column_int64(s, 5);
		found->columns = sqlite3_column_int64(s, 6);
		found->format = column_text(s, 7);
		found->loaded_at = column_text(s, 8);
		result = 1;
	} else if (rc != SQLITE_DONE)
		result = -sql_error(st, rc, err, "looking up the dataset");
	sqlite3_finalize(s);
	return result;
}

static int insert_version_row(struct store *st, struct dataset_version *v, struct audit_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db,
		"INSERT INTO dataset(name, version, source, sha256, rows, columns, format, loaded_at)"
		" VALUES(?1, (SELECT coalesce(max(version), 0) + 1 FROM dataset WHERE name = ?1),"
		" ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id, version", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "adding the dataset version");
	sqlite3_bind_text(s, 1, v->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, v->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, v->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, v->rows);
	sqlite3_bind_int64(s, 5, v->columns);
	sqlite3_bind_text(s, 6, v->format, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, v->loaded_at, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		v->id = sqlite3_column_int64(s, 0);
		v->version = sqlite3_column_int(s, 1);
		rc = sqlite3_step(s);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AUDIT_OK : sql_error(st, rc, err, "adding the dataset version");
}

static int insert_columns(struct store *st, long long id, const struct column_info *cols, size_t ncols,
			  struct audit_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db,
		"INSERT INTO dataset_column(dataset_id, position, name, type, missing) VALUES(?,?,?,?,?)",
		-1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "adding the columns");
	for (size_t i = 0; i < ncols && rc == SQLITE_OK; i++) {
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_int64(s, 2, (long long)i + 1);
		sqlite3_bind_text(s, 3, cols[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, col_type_name(cols[i].type), -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, cols[i].missing);
		rc = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(st->db);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_OK ? AUDIT_OK : sql_error(st, rc, err, "adding the columns");
}

/* Declared types give SQLite the matching affinity; values are bound with the same type. */
static const char *sql_type(enum col_type t)
{
	switch (t) {
	case COL_BOOLEAN:
	case COL_INTEGER: return "INTEGER";
	case COL_REAL: return "REAL";
	case COL_UNKNOWN:
	case COL_TEXT: break;
	}
	return "TEXT";
}

static int create_rows_table(struct store *st, long long id, const struct column_info *cols, size_t ncols,
			     struct audit_err *err)
{
	sqlite3_str *sql = sqlite3_str_new(st->db);
	sqlite3_str_appendf(sql, "CREATE TABLE \"data_%lld\"(", id);
	for (size_t i = 0; i < ncols; i++)
		sqlite3_str_appendf(sql, "%s\"%w\" %s", i ? ", " : "", cols[i].name, sql_type(cols[i].type));
	sqlite3_str_appendall(sql, ")");
	char *text = sqlite3_str_finish(sql);
	if (!text)
		return audit_fail(err, AUDIT_EINTERNAL, "out of memory building SQL");
	int e = exec(st, text, err, "creating the rows table");
	sqlite3_free(text);
	return e;
}

int store_add_version(struct store *st, struct dataset_version *v,
		      const struct column_info *cols, size_t ncols, struct audit_err *err)
{
	int e = insert_version_row(st, v, err);
	if (!e)
		e = insert_columns(st, v->id, cols, ncols, err);
	if (!e)
		e = create_rows_table(st, v->id, cols, ncols, err);
	return e;
}

int store_rows_open(struct store *st, long long id, size_t ncols, struct store_rows **out,
		    struct audit_err *err)
{
	sqlite3_str *sql = sqlite3_str_new(st->db);
	sqlite3_str_appendf(sql, "INSERT INTO \"data_%lld\" VALUES(", id);
	for (size_t i = 0; i < ncols; i++)
		sqlite3_str_appendall(sql, i ? ",?" : "?");
	sqlite3_str_appendall(sql, ")");
	sqlite3_stmt *s;
	int e = prepare_built(st, sql, &s, err, "preparing the row insert");
	if (e)
		return e;
	struct store_rows *w = xcalloc(1, sizeof *w);
	w->st = st;
	w->insert = s;
	w->ncols = ncols;
	*out = w;
	return AUDIT_OK;
}

int store_rows_insert(struct store_rows *w, const struct typed_value *vals, struct audit_err *err)
{
	sqlite3_stmt *s = w->insert;
	/* Every column is rebound: sqlite3_reset keeps the previous row's bindings. */
	for (size_t i = 0; i < w->ncols; i++) {
		const struct typed_value *v = &vals[i];
		int col = (int)i + 1;
		switch (v->type) {
		case COL_UNKNOWN: sqlite3_bind_null(s, col); break;
		case COL_BOOLEAN:
		case COL_INTEGER: sqlite3_bind_int64(s, col, v->i); break;
		case COL_REAL: sqlite3_bind_double(s, col, v->d); break;
		case COL_TEXT: sqlite3_bind_text(s, col, v->s, (int)v->len, SQLITE_STATIC); break;
		}
	}
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? AUDIT_OK : sql_error(w->st, rc, err, "storing a row");
}

void store_rows_close(struct store_rows *w)
{
	if (!w)
		return;
	sqlite3_finalize(w->insert);
	free(w);
}

struct store_cursor {
	struct store *st;
	sqlite3_stmt *select;
	size_t ncols;
};

int store_cursor_open(struct store *st, long long id, const char *const *columns, size_t ncols,
		      struct store_cursor **out, struct audit_err *err)
{
	sqlite3_str *sql = sqlite3_str_new(st->db);
	sqlite3_str_appendall(sql, "SELECT ");
	for (size_t i = 0; i < ncols; i++)
		sqlite3_str_appendf(sql, "%s\"%w\"", i ? ", " : "", columns[i]);
	if (ncols == 0)
		sqlite3_str_appendall(sql, "1");
	sqlite3_str_appendf(sql, " FROM \"data_%lld\"", id);
	sqlite3_stmt *s;
	int e = prepare_built(st, sql, &s, err, "reading the rows");
	if (e)
		return e;
	struct store_cursor *c = xcalloc(1, sizeof *c);
	c->st = st;
	c->select = s;
	c->ncols = ncols;
	*out = c;
	return AUDIT_OK;
}

int store_cursor_next(struct store_cursor *c, struct typed_value *cells, struct audit_err *err)
{
	int rc = sqlite3_step(c->select);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW)
		return -sql_error(c->st, rc, err, "reading the rows");
	for (size_t i = 0; i < c->ncols; i++) {
		struct typed_value *v = &cells[i];
		int col = (int)i;
		switch (sqlite3_column_type(c->select, col)) {
		case SQLITE_NULL:
			v->type = COL_UNKNOWN;
			break;
		case SQLITE_INTEGER:
			v->type = COL_INTEGER;
			v->i = sqlite3_column_int64(c->select, col);
			break;
		case SQLITE_FLOAT:
			v->type = COL_REAL;
			v->d = sqlite3_column_double(c->select, col);
			break;
		default:
			v->type = COL_TEXT;
			v->s = (const char *)sqlite3_column_text(c->select, col);
			v->len = (size_t)sqlite3_column_bytes(c->select, col);
			break;
		}
	}
	return 1;
}

void store_cursor_close(struct store_cursor *c)
{
	if (!c)
		return;
	sqlite3_finalize(c->select);
	free(c);
}

static void bind_double_or_null(sqlite3_stmt *s, int col, double x)
{
	if (isfinite(x))
		sqlite3_bind_double(s, col, x);
	else
		sqlite3_bind_null(s, col);
}

static void bind_text_or_null(sqlite3_stmt *s, int col, const char *t)
{
	if (t)
		sqlite3_bind_text(s, col, t, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, col);
}

static int insert_metric_rows(struct store *st, long long audit_id, const struct audit_result *r,
			      struct audit_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db,
		"INSERT INTO metric(audit_id, family, metric, attribute, \"column\", \"group\", reference,"
		" value, ci_low, ci_high, p_value, p_adjusted, n, status, detail)"
		" VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "storing the metrics");
	for (size_t i = 0; i < r->n && rc == SQLITE_OK; i++) {
		const struct audit_record *m = &r->records[i];
		sqlite3_bind_int64(s, 1, audit_id);
		sqlite3_bind_text(s, 2, m->family, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, m->metric, -1, SQLITE_STATIC);
		bind_text_or_null(s, 4, m->attribute);
		bind_text_or_null(s, 5, m->column);
		bind_text_or_null(s, 6, m->group);
		bind_text_or_null(s, 7, m->reference);
		bind_double_or_null(s, 8, m->value);
		bind_double_or_null(s, 9, m->ci_low);
		bind_double_or_null(s, 10, m->ci_high);
		bind_double_or_null(s, 11, m->p_value);
		bind_double_or_null(s, 12, m->p_adjusted);
		if (isfinite(m->n))
			sqlite3_bind_int64(s, 13, (long long)m->n);
		else
			sqlite3_bind_null(s, 13);
		sqlite3_bind_text(s, 14, record_status_name(m->status), -1, SQLITE_STATIC);
		bind_text_or_null(s, 15, m->detail);
		rc = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(st->db);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_OK ? AUDIT_OK : sql_error(st, rc, err, "storing the metrics");
}

int store_add_audit(struct store *st, const struct audit_result *r, const char *created_at,
		    const char *verdict, long long *audit_id, struct audit_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db,
		"INSERT INTO audit(dataset_id, config, tool_version, created_at, verdict) VALUES(?,?,?,?,?)"
		" RETURNING id", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "storing the audit");
	sqlite3_bind_int64(s, 1, r->dataset.id);
	sqlite3_bind_text(s, 2, r->config_json ? r->config_json : "{}", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->tool_version, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, verdict, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*audit_id = sqlite3_column_int64(s, 0);
		rc = sqlite3_step(s);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sql_error(st, rc, err, "storing the audit");
	return insert_metric_rows(st, *audit_id, r, err);
}

char *store_distinct_values(struct store *st, long long id, const char *column, int limit)
{
	struct strbuf out = {0};
	char *sql = sqlite3_mprintf("SELECT DISTINCT \"%w\" FROM \"data_%lld\" WHERE \"%w\" IS NOT NULL"
				    " ORDER BY 1 LIMIT %d", column, id, column, limit + 1);
	sqlite3_stmt *s = NULL;
	if (sql && sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK) {
		for (int i = 0; sqlite3_step(s) == SQLITE_ROW; i++) {
			if (i == limit) {
				strbuf_printf(&out, ", ...");
				break;
			}
			strbuf_printf(&out, "%s%s", i ? ", " : "", (const char *)sqlite3_column_text(s, 0));
		}
	}
	sqlite3_finalize(s);
	sqlite3_free(sql);
	/* These values go into messages: personal data in them is shown masked. */
	char *masked = out.buf ? pii_redact(out.buf, out.len) : NULL;
	if (masked) {
		strbuf_free(&out);
		return masked;
	}
	return out.buf ? out.buf : xstrdup("");
}
