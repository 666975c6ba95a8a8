/*
 * store.c — the SQLite database (see store.h). Identifiers that come from
 * data are always quoted with %w; values are always bound, never pasted.
 */
#include "store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	"  PRIMARY KEY(dataset_id, position));\n";

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
		sqlite3_busy_timeout(st->db, 10000);
		/* A larger page cache keeps a bulk load from spilling pages early. */
		e = exec(st, "PRAGMA cache_size=-32768; PRAGMA foreign_keys=ON", err, "configuring");
	}
	if (!e)
		e = schema_version(st, &version, err);
	if (!e && version > STORE_SCHEMA)
		e = audit_fail(err, AUDIT_EUSAGE, "%s: made by a newer dsaudit (schema %d, this one knows %d)",
			       path, version, STORE_SCHEMA);
	if (!e && version == 0 && has_tables(st))
		e = audit_fail(err, AUDIT_EUSAGE, "%s: an SQLite database that dsaudit did not create "
			       "(it has tables of its own); give another --db", path);
	if (!e && version < STORE_SCHEMA) {
		char sql[1200];
		snprintf(sql, sizeof sql, "BEGIN; %s PRAGMA user_version=%d; COMMIT;", schema_sql, STORE_SCHEMA);
		e = exec(st, sql, err, "creating tables");
		if (e)
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	}
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
	char *text = sqlite3_str_finish(sql);
	if (!text)
		return audit_fail(err, AUDIT_EINTERNAL, "out of memory building SQL");
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, text, -1, &s, NULL);
	sqlite3_free(text);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "preparing the row insert");
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
