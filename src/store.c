/*
 * store.c — the SQLite database (see store.h). Identifiers that come from
 * data are always quoted with %w; values are always bound, never pasted.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include "store.h"


#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pii.h"
#include "sha256.h"
#include "strmap.h"

struct store {
	sqlite3 *db;
	char *path;
	/* The version whose rows come from a row source instead of data_ID (store_attach_rows). */
	long long attached_id;
	struct store_row_source attached;
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
	"  verdict TEXT NOT NULL,\n"
	"  config_sha256 TEXT);\n"
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
	"CREATE INDEX IF NOT EXISTS metric_by_audit ON metric(audit_id);\n"
	"CREATE TABLE IF NOT EXISTS acceptance(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  dataset_id INTEGER NOT NULL REFERENCES dataset(id),\n"
	"  accepted_by TEXT NOT NULL,\n"
	"  accepted_at TEXT NOT NULL);\n"
	"CREATE INDEX IF NOT EXISTS acceptance_by_dataset ON acceptance(dataset_id);\n"
	"CREATE TABLE IF NOT EXISTS count_set(\n"
	"  dataset_id INTEGER PRIMARY KEY REFERENCES dataset(id),\n"
	"  label TEXT,\n"
	"  positive TEXT,\n"
	"  \"binary\" INTEGER NOT NULL,\n"
	"  bins TEXT NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS count_cell(\n"
	"  dataset_id INTEGER NOT NULL REFERENCES dataset(id),\n"
	"  attribute TEXT NOT NULL,\n"
	"  position INTEGER NOT NULL,\n"
	"  \"group\" TEXT NOT NULL,\n"
	"  class_position INTEGER,\n"
	"  class TEXT,\n"
	"  n INTEGER NOT NULL);\n"
	"CREATE INDEX IF NOT EXISTS count_cell_by_dataset ON count_cell(dataset_id);\n";

/*
 * The acceptance a NAME@accepted reference follows: the most recent by
 * accepted_at, and of equal times (a pinned SOURCE_DATE_EPOCH, the same
 * second) the one recorded last.
 */
#define LATEST_ACCEPTANCE_ORDER " ORDER BY a.accepted_at DESC, a.id DESC LIMIT 1"

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

/* Does table have a column of this name? 1 yes, 0 no, or an error code negated. */
static int has_column(struct store *st, const char *table, const char *column, struct audit_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return -sql_error(st, rc, err, "reading the schema");
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, column, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -sql_error(st, rc, err, "reading the schema");
}

/*
 * Creates or upgrades the tables. Two processes may open a new database at
 * once: the write lock is taken first and the version read again under it,
 * so only one of them creates the tables. Upgrades happen in the same one
 * transaction: schema 1 lacks audit and metric, schema 2 lacks
 * audit.config_sha256 (left NULL for the audits it holds) and acceptance,
 * schema 3 lacks count_set and count_cell (no version of it is without rows).
 */
static int create_schema(struct store *st, struct audit_err *err)
{
	int version = 0;
	int e = exec(st, "BEGIN IMMEDIATE", err, "creating tables");
	if (!e)
		e = schema_version(st, &version, err);
	if (!e && version < STORE_SCHEMA) {
		e = exec(st, schema_sql, err, "creating tables");
		/* CREATE TABLE IF NOT EXISTS keeps an older audit table as it was. */
		int has = e ? 0 : has_column(st, "audit", "config_sha256", err);
		if (has < 0)
			e = -has;
		else if (!e && !has)
			e = exec(st, "ALTER TABLE audit ADD COLUMN config_sha256 TEXT", err, "upgrading the audit table");
		if (!e) {
			char sql[64];
			snprintf(sql, sizeof sql, "PRAGMA user_version=%d", STORE_SCHEMA);
			e = exec(st, sql, err, "creating tables");
		}
	}
	if (!e)
		return exec(st, "COMMIT", err, "creating tables");
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return e;
}

static int open_with(const char *path, int create, struct store **out, struct audit_err *err)
{
	*out = NULL;
	if (!create) {
		struct stat sb;
		if (stat(path, &sb) != 0 && errno == ENOENT)
			return audit_fail(err, AUDIT_EUSAGE, "%s: no such database (load or audit a dataset into it first)",
					  path);
	}
	if (create) {
		/* The database holds the rows: only its owner may read it. SQLite
		 * gives the -wal and -shm files the database file's mode. */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
		else if (errno != EEXIST)
			return audit_fail(err, AUDIT_EIO, "%s: cannot open: cannot create the file: %s", path,
					  strerror(errno));
	}
	struct store *st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	int rc = sqlite3_open_v2(path, &st->db,
				 SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX, NULL);
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

int store_open(const char *path, struct store **out, struct audit_err *err)
{
	return open_with(path, 1, out, err);
}

int store_open_existing(const char *path, struct store **out, struct audit_err *err)
{
	return open_with(path, 0, out, err);
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

int store_end(struct store *st, int e, struct audit_err *err)
{
	if (!e)
		e = store_commit(st, err);
	if (e)
		store_rollback(st);
	return e;
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

/* The columns of a dataset row, in this order, from result column `first` on. */
#define VERSION_COLUMNS(p) p "id, " p "name, " p "version, " p "source, " p "sha256, " p "rows, " p "columns, " \
	p "format, " p "loaded_at"

static void read_version(sqlite3_stmt *s, int first, struct dataset_version *v)
{
	v->id = sqlite3_column_int64(s, first);
	v->name = column_text(s, first + 1);
	v->version = sqlite3_column_int(s, first + 2);
	v->source = column_text(s, first + 3);
	const unsigned char *sha = sqlite3_column_text(s, first + 4);
	snprintf(v->sha256, sizeof v->sha256, "%s", sha ? (const char *)sha : "");
	v->rows = sqlite3_column_int64(s, first + 5);
	v->columns = sqlite3_column_int64(s, first + 6);
	v->format = column_text(s, first + 7);
	v->loaded_at = column_text(s, first + 8);
}

/* Steps a prepared query for at most one version: 1 found, 0 none, or an error negated. Finalizes s. */
static int one_version(struct store *st, sqlite3_stmt *s, struct dataset_version *found, struct audit_err *err)
{
	int rc = sqlite3_step(s);
	int result = 0;
	if (rc == SQLITE_ROW) {
		read_version(s, 0, found);
		result = 1;
	} else if (rc != SQLITE_DONE)
		result = -sql_error(st, rc, err, "looking up the dataset");
	sqlite3_finalize(s);
	return result;
}

int store_find_version(struct store *st, const char *name, const char *sha256,
		       struct dataset_version *found, struct audit_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db,
		"SELECT " VERSION_COLUMNS("") " FROM dataset WHERE name = ?1 AND sha256 = ?2 ORDER BY version LIMIT 1",
		-1, &s, NULL);
	if (rc != SQLITE_OK)
		return -sql_error(st, rc, err, "looking up the dataset");
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, sha256, -1, SQLITE_STATIC);
	return one_version(st, s, found, err);
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
	int e = store_add_version_without_rows(st, v, cols, ncols, err);
	if (!e)
		e = create_rows_table(st, v->id, cols, ncols, err);
	return e;
}

int store_add_version_without_rows(struct store *st, struct dataset_version *v, const struct column_info *cols,
				   size_t ncols, struct audit_err *err)
{
	int e = insert_version_row(st, v, err);
	if (!e)
		e = insert_columns(st, v->id, cols, ncols, err);
	return e;
}

int store_add_rows_table(struct store *st, long long id, const struct column_info *cols, size_t ncols,
			 struct audit_err *err)
{
	return create_rows_table(st, id, cols, ncols, err);
}

int store_has_rows(struct store *st, long long id, struct audit_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'data_' || ?1",
				    -1, &s, NULL);
	if (rc != SQLITE_OK)
		return -sql_error(st, rc, err, "reading the schema");
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : -sql_error(st, rc, err, "reading the schema");
}

int store_rows_readable(struct store *st, long long id, struct audit_err *err)
{
	if (st->attached.open && st->attached_id == id)
		return 1;
	return store_has_rows(st, id, err);
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
	void *pass;     /* a pass of the attached row source, when select is NULL */
};

void store_attach_rows(struct store *st, long long id, const struct store_row_source *src)
{
	st->attached_id = src ? id : 0;
	memset(&st->attached, 0, sizeof st->attached);
	if (src)
		st->attached = *src;
}

int store_cursor_open(struct store *st, long long id, const char *const *columns, size_t ncols,
		      struct store_cursor **out, struct audit_err *err)
{
	if (st->attached.open && st->attached_id == id) {
		void *pass = NULL;
		int e = st->attached.open(st->attached.ctx, columns, ncols, &pass, err);
		if (e)
			return e;
		struct store_cursor *c = xcalloc(1, sizeof *c);
		c->st = st;
		c->ncols = ncols;
		c->pass = pass;
		*out = c;
		return AUDIT_OK;
	}
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

char *store_rows_table(long long id)
{
	char name[40];
	snprintf(name, sizeof name, "\"data_%lld\"", id);
	return xstrdup(name);
}

int store_cursor_query(struct store *st, const char *sql, size_t ncols, struct store_cursor **out,
		       struct audit_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "counting in SQL");
	struct store_cursor *c = xcalloc(1, sizeof *c);
	c->st = st;
	c->select = s;
	c->ncols = ncols;
	*out = c;
	return AUDIT_OK;
}

int store_cursor_next(struct store_cursor *c, struct typed_value *cells, struct audit_err *err)
{
	if (!c->select)
		return c->st->attached.next(c->pass, cells, err);
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
	if (c->select)
		sqlite3_finalize(c->select);
	else
		c->st->attached.close(c->pass);
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

void store_config_sha256(const char *config_json, char hex[65])
{
	struct sha256 ctx;
	unsigned char digest[32];
	sha256_init(&ctx);
	sha256_update(&ctx, config_json, strlen(config_json));
	sha256_final(&ctx, digest);
	sha256_hex(digest, hex);
}

int store_add_audit(struct store *st, const struct audit_result *r, const char *created_at,
		    const char *verdict, long long *audit_id, struct audit_err *err)
{
	const char *config = r->config_json ? r->config_json : "{}";
	char config_sha256[65];
	store_config_sha256(config, config_sha256);
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db,
		"INSERT INTO audit(dataset_id, config, tool_version, created_at, verdict, config_sha256)"
		" VALUES(?,?,?,?,?,?) RETURNING id", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "storing the audit");
	sqlite3_bind_int64(s, 1, r->dataset.id);
	sqlite3_bind_text(s, 2, config, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->tool_version, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, verdict, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, config_sha256, -1, SQLITE_STATIC);
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

/* A cell as text, as SQLite's text of the stored value would read. */
static char *cell_text(const struct typed_value *v)
{
	struct strbuf sb = {0};
	switch (v->type) {
	case COL_BOOLEAN:
	case COL_INTEGER: strbuf_printf(&sb, "%lld", (long long)v->i); break;
	case COL_REAL: strbuf_printf(&sb, "%.15g", v->d); break;
	case COL_TEXT: strbuf_append(&sb, v->s, v->len); break;
	case COL_UNKNOWN: break;
	}
	return sb.buf ? sb.buf : xstrdup("");
}

struct distinct_cell {
	char *text;
	int numeric;
	double x;
};

/* SQLite's order: numbers (numerically) before text (bytewise). */
static int cmp_distinct(const void *pa, const void *pb)
{
	const struct distinct_cell *a = pa, *b = pb;
	if (a->numeric != b->numeric)
		return a->numeric ? -1 : 1;
	if (a->numeric)
		return a->x < b->x ? -1 : a->x > b->x;
	return strcmp(a->text, b->text);
}

/* store_distinct_values over an attached row source: one pass over the column. */
static void attached_distinct(struct store *st, const char *column, int limit, struct strbuf *out)
{
	struct store_cursor *c;
	struct audit_err ignored;
	if (store_cursor_open(st, st->attached_id, &column, 1, &c, &ignored))
		return;
	struct distinct_cell *cells = NULL;
	size_t n = 0, cap = 0;
	struct typed_value v;
	struct strmap seen;
	strmap_init(&seen);
	while (store_cursor_next(c, &v, &ignored) > 0) {
		if (v.type == COL_UNKNOWN)
			continue;
		char *text = cell_text(&v);
		int added;
		strmap_intern(&seen, text, strlen(text), &added);
		if (!added) {
			free(text);
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 32;
			cells = xrealloc(cells, cap * sizeof *cells);
		}
		int numeric = v.type == COL_INTEGER || v.type == COL_BOOLEAN || v.type == COL_REAL;
		cells[n++] = (struct distinct_cell){text, numeric, v.type == COL_REAL ? v.d : (double)v.i};
	}
	store_cursor_close(c);
	strmap_free(&seen);
	if (n)
		qsort(cells, n, sizeof *cells, cmp_distinct);
	for (size_t i = 0; i < n; i++) {
		if (i == (size_t)limit)
			strbuf_printf(out, ", ...");
		else if (i < (size_t)limit)
			strbuf_printf(out, "%s%s", i ? ", " : "", cells[i].text);
		free(cells[i].text);
	}
	free(cells);
}

char *store_distinct_values(struct store *st, long long id, const char *column, int limit)
{
	struct strbuf out = {0};
	if (st->attached.open && st->attached_id == id)
		attached_distinct(st, column, limit, &out);
	char *sql = sqlite3_mprintf("SELECT DISTINCT \"%w\" FROM \"data_%lld\" WHERE \"%w\" IS NOT NULL"
				    " ORDER BY 1 LIMIT %d", column, id, column, limit + 1);
	sqlite3_stmt *s = NULL;
	if (!(st->attached.open && st->attached_id == id) && sql &&
	    sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK) {
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

/* ------------------------------------------------------------------ */
/* Versions, references, acceptance and the audit history              */
/* ------------------------------------------------------------------ */

int store_get_version(struct store *st, long long id, struct dataset_version *found, struct audit_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "SELECT " VERSION_COLUMNS("") " FROM dataset WHERE id = ?1", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return -sql_error(st, rc, err, "looking up the dataset");
	sqlite3_bind_int64(s, 1, id);
	return one_version(st, s, found, err);
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/*
 * "a@1, a@2, b@1, ... and 5 more": the versions of name (of every name when
 * NULL), at most REF_LISTED of them and about 500 bytes, for messages.
 */
#define REF_LISTED 20
static char *version_list(struct store *st, const char *name, long long *total)
{
	struct strbuf sb = {0};
	sqlite3_stmt *s;
	size_t shown = 0;
	*total = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT name, version FROM dataset WHERE ?1 IS NULL OR name = ?1"
			       " ORDER BY name, version", -1, &s, NULL) == SQLITE_OK) {
		bind_text_or_null(s, 1, name);
		while (sqlite3_step(s) == SQLITE_ROW) {
			++*total;
			if (shown < REF_LISTED && sb.len < 500) {
				const unsigned char *n = sqlite3_column_text(s, 0);
				strbuf_printf(&sb, "%s%s@%d", shown ? ", " : "", n ? (const char *)n : "",
					      sqlite3_column_int(s, 1));
				shown++;
			}
		}
		sqlite3_finalize(s);
	}
	if ((long long)shown < *total)
		strbuf_printf(&sb, ", ... and %lld more", *total - (long long)shown);
	if (*total == 0)
		strbuf_printf(&sb, "(no dataset stored)");
	return sb.buf;
}

static int fail_ref(struct store *st, const char *ref, const char *name, const char *why, struct audit_err *err)
{
	long long total;
	char *list = version_list(st, name, &total);
	if (name && total == 0) {
		free(list);
		list = version_list(st, NULL, &total);
		audit_fail(err, AUDIT_EUSAGE, "%s: no dataset named \"%s\"; the database holds: %s", ref, name, list);
	} else if (name)
		audit_fail(err, AUDIT_EUSAGE, "%s: %s; %s has: %s", ref, why, name, list);
	else
		audit_fail(err, AUDIT_EUSAGE, "%s: %s; the database holds: %s", ref, why, list);
	free(list);
	return AUDIT_EUSAGE;
}

int store_resolve_version(struct store *st, const char *ref, struct dataset_version *out, struct audit_err *err)
{
	memset(out, 0, sizeof *out);
	if (all_digits(ref)) { /* Rule 1. */
		errno = 0;
		long long id = strtoll(ref, NULL, 10);
		int found = errno == ERANGE ? 0 : store_get_version(st, id, out, err);
		if (found < 0)
			return -found;
		return found ? AUDIT_OK : fail_ref(st, ref, NULL, "no dataset version has this id", err);
	}
	const char *at = strrchr(ref, '@');
	if (!*ref)
		return fail_ref(st, "\"\"", NULL, "an empty version reference", err);
	if (!at && store_check_name(st, ref, NULL) == AUDIT_OK) {
		char why[200];
		snprintf(why, sizeof why, "a name alone is not a version; say %.40s@N, %.40s@latest or %.40s@accepted",
			 ref, ref, ref);
		return fail_ref(st, ref, ref, why, err);
	}
	if (!at || at == ref)
		return fail_ref(st, ref, NULL, "expected a dataset id, NAME@N, NAME@latest or NAME@accepted", err);
	char *name = xstrndup(ref, (size_t)(at - ref));
	const char *which = at + 1;
	const char *sql = NULL;
	long long version = 0;
	if (all_digits(which)) { /* Rule 2. */
		errno = 0;
		version = strtoll(which, NULL, 10);
		if (errno == ERANGE || version > INT_MAX)
			version = -1;
		sql = "SELECT " VERSION_COLUMNS("") " FROM dataset WHERE name = ?1 AND version = ?2";
	} else if (strcmp(which, "latest") == 0) { /* Rule 3. */
		sql = "SELECT " VERSION_COLUMNS("") " FROM dataset WHERE name = ?1 ORDER BY version DESC LIMIT 1";
	} else if (strcmp(which, "accepted") == 0) { /* Rule 4. */
		sql = "SELECT " VERSION_COLUMNS("d.") " FROM acceptance a JOIN dataset d ON d.id = a.dataset_id"
		      " WHERE d.name = ?1" LATEST_ACCEPTANCE_ORDER;
	} else {
		int e = fail_ref(st, ref, name, "after the @, expected a version number, latest or accepted", err);
		free(name);
		return e;
	}
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc != SQLITE_OK) {
		free(name);
		return sql_error(st, rc, err, "looking up the dataset");
	}
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, version);
	int found = one_version(st, s, out, err);
	int e = found < 0 ? -found : AUDIT_OK;
	if (found == 0) {
		char why[160];
		if (strcmp(which, "accepted") == 0)
			snprintf(why, sizeof why, "no version has been accepted (dsaudit accept --db FILE %.60s@N)",
				 strlen(name) <= 60 ? name : "NAME");
		else
			snprintf(why, sizeof why, "no such version");
		e = fail_ref(st, ref, name, why, err);
	}
	free(name);
	return e;
}

static enum col_type col_type_parse(const char *name)
{
	static const enum col_type types[] = {COL_BOOLEAN, COL_INTEGER, COL_REAL, COL_TEXT};
	for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strcmp(col_type_name(types[i]), name) == 0)
			return types[i];
	return COL_TEXT;
}

int store_version_columns(struct store *st, long long id, struct column_info **out, size_t *n,
			  struct audit_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "SELECT name, type, missing FROM dataset_column WHERE dataset_id = ?1"
				    " ORDER BY position", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "reading the columns");
	sqlite3_bind_int64(s, 1, id);
	size_t cap = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct column_info *c = &(*out)[(*n)++];
		c->name = column_text(s, 0);
		const unsigned char *type = sqlite3_column_text(s, 1);
		c->type = col_type_parse(type ? (const char *)type : "");
		c->missing = sqlite3_column_int64(s, 2);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		column_info_free(*out, *n);
		*out = NULL;
		*n = 0;
		return sql_error(st, rc, err, "reading the columns");
	}
	return AUDIT_OK;
}

void column_info_free(struct column_info *cols, size_t n)
{
	for (size_t i = 0; cols && i < n; i++)
		free(cols[i].name);
	free(cols);
}

int store_accept(struct store *st, long long dataset_id, const char *by, const char *at, long long *acceptance_id,
		 struct audit_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "INSERT INTO acceptance(dataset_id, accepted_by, accepted_at)"
				    " VALUES(?1, ?2, ?3) RETURNING id", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "recording the acceptance");
	sqlite3_bind_int64(s, 1, dataset_id);
	sqlite3_bind_text(s, 2, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, at, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*acceptance_id = sqlite3_column_int64(s, 0);
		rc = sqlite3_step(s);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AUDIT_OK : sql_error(st, rc, err, "recording the acceptance");
}

static char *column_text_or_null(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? xstrdup((const char *)t) : NULL;
}

int store_list_versions(struct store *st, const char *name, struct version_entry **out, size_t *n,
			struct audit_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db,
		"SELECT " VERSION_COLUMNS("d.") ","
		" (SELECT a.accepted_by FROM acceptance a WHERE a.dataset_id = d.id" LATEST_ACCEPTANCE_ORDER "),"
		" (SELECT a.accepted_at FROM acceptance a WHERE a.dataset_id = d.id" LATEST_ACCEPTANCE_ORDER "),"
		" (SELECT count(*) FROM acceptance a WHERE a.dataset_id = d.id),"
		" d.id IS (SELECT a.dataset_id FROM acceptance a JOIN dataset e ON e.id = a.dataset_id"
		"          WHERE e.name = d.name" LATEST_ACCEPTANCE_ORDER "),"
		" EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'data_' || d.id)"
		" FROM dataset d WHERE ?1 IS NULL OR d.name = ?1 ORDER BY d.name, d.version", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "listing the versions");
	bind_text_or_null(s, 1, name);
	size_t cap = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct version_entry *v = &(*out)[(*n)++];
		memset(v, 0, sizeof *v);
		read_version(s, 0, &v->version);
		v->accepted_by = column_text_or_null(s, 9);
		v->accepted_at = column_text_or_null(s, 10);
		v->acceptances = sqlite3_column_int64(s, 11);
		v->accepted_current = sqlite3_column_int(s, 12);
		v->rows_kept = sqlite3_column_int(s, 13);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		version_entries_free(*out, *n);
		*out = NULL;
		*n = 0;
		return sql_error(st, rc, err, "listing the versions");
	}
	return AUDIT_OK;
}

void version_entries_free(struct version_entry *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		dataset_version_clear(&v[i].version);
		free(v[i].accepted_by);
		free(v[i].accepted_at);
	}
	free(v);
}

int store_list_audits(struct store *st, const char *name, struct audit_entry **out, size_t *n,
		      struct audit_err *err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db,
		"SELECT a.id, a.dataset_id, d.name, d.version, a.created_at, a.tool_version, a.verdict,"
		" a.config_sha256, count(m.audit_id), coalesce(sum(m.status = 'ok'), 0),"
		" coalesce(sum(m.status = 'warn'), 0), coalesce(sum(m.status = 'fail'), 0),"
		" coalesce(sum(m.status = 'insufficient'), 0)"
		" FROM audit a JOIN dataset d ON d.id = a.dataset_id LEFT JOIN metric m ON m.audit_id = a.id"
		" WHERE ?1 IS NULL OR d.name = ?1 GROUP BY a.id ORDER BY a.id", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "listing the audits");
	bind_text_or_null(s, 1, name);
	size_t cap = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct audit_entry *a = &(*out)[(*n)++];
		memset(a, 0, sizeof *a);
		a->id = sqlite3_column_int64(s, 0);
		a->dataset_id = sqlite3_column_int64(s, 1);
		a->name = column_text(s, 2);
		a->version = sqlite3_column_int(s, 3);
		a->created_at = column_text(s, 4);
		a->tool_version = column_text(s, 5);
		a->verdict = column_text(s, 6);
		a->config_sha256 = column_text_or_null(s, 7);
		a->records = sqlite3_column_int64(s, 8);
		for (int k = 0; k < 4; k++)
			a->counts[k] = sqlite3_column_int64(s, 9 + k);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		audit_entries_free(*out, *n);
		*out = NULL;
		*n = 0;
		return sql_error(st, rc, err, "listing the audits");
	}
	return AUDIT_OK;
}

void audit_entries_free(struct audit_entry *a, size_t n)
{
	for (size_t i = 0; a && i < n; i++) {
		free(a[i].name);
		free(a[i].created_at);
		free(a[i].tool_version);
		free(a[i].verdict);
		free(a[i].config_sha256);
	}
	free(a);
}

int store_latest_audit_config(struct store *st, long long dataset_id, long long *audit_id, char **config,
			      struct audit_err *err)
{
	*config = NULL;
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "SELECT id, config FROM audit WHERE dataset_id = ?1 ORDER BY id DESC LIMIT 1",
				    -1, &s, NULL);
	if (rc != SQLITE_OK)
		return -sql_error(st, rc, err, "reading the stored audits");
	sqlite3_bind_int64(s, 1, dataset_id);
	rc = sqlite3_step(s);
	int result = 0;
	if (rc == SQLITE_ROW) {
		*audit_id = sqlite3_column_int64(s, 0);
		*config = column_text(s, 1);
		result = 1;
	} else if (rc != SQLITE_DONE)
		result = -sql_error(st, rc, err, "reading the stored audits");
	sqlite3_finalize(s);
	return result;
}

int store_check_name(struct store *st, const char *name, struct audit_err *err)
{
	long long total;
	char *list = version_list(st, name, &total);
	free(list);
	if (total > 0)
		return AUDIT_OK;
	list = version_list(st, NULL, &total);
	audit_fail(err, AUDIT_EUSAGE, "no dataset named \"%s\"; the database holds: %s", name, list);
	free(list);
	return AUDIT_EUSAGE;
}

/* ------------------------------------------------------------------ */
/* Count tables kept instead of rows (audit --no-rows)                 */
/* ------------------------------------------------------------------ */

static int insert_count_set(struct store *st, long long id, const char *label, const char *positive, int binary,
			    const char *bins, struct audit_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "INSERT INTO count_set(dataset_id, label, positive, \"binary\", bins)"
				    " VALUES(?1, ?2, ?3, ?4, ?5)", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "storing the counts");
	sqlite3_bind_int64(s, 1, id);
	bind_text_or_null(s, 2, label);
	bind_text_or_null(s, 3, positive);
	sqlite3_bind_int(s, 4, binary);
	sqlite3_bind_text(s, 5, bins ? bins : "", -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AUDIT_OK : sql_error(st, rc, err, "storing the counts");
}

static int insert_cell(struct store *st, sqlite3_stmt *s, long long id, const char *attribute, size_t g,
		       const char *group, long class_position, const char *class_name, double n)
{
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_text(s, 2, attribute, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (long long)g);
	sqlite3_bind_text(s, 4, group, -1, SQLITE_STATIC);
	if (class_position >= 0)
		sqlite3_bind_int64(s, 5, class_position);
	else
		sqlite3_bind_null(s, 5);
	bind_text_or_null(s, 6, class_name);
	sqlite3_bind_int64(s, 7, (long long)llround(n));
	int rc = sqlite3_step(s) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode(st->db);
	sqlite3_reset(s);
	return rc;
}

int store_add_counts(struct store *st, long long id, const char *label, const char *positive, const char *bins,
		     const struct count_tables *ct, struct audit_err *err)
{
	char *del = sqlite3_mprintf("DELETE FROM count_cell WHERE dataset_id = %lld;"
				    " DELETE FROM count_set WHERE dataset_id = %lld", id, id);
	if (!del)
		return audit_fail(err, AUDIT_EINTERNAL, "out of memory building SQL");
	int e = exec(st, del, err, "replacing the counts");
	sqlite3_free(del);
	if (!e)
		e = insert_count_set(st, id, ct->has_label ? label : NULL, ct->has_label ? positive : NULL,
				     ct->binary, bins, err);
	if (e)
		return e;
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "INSERT INTO count_cell(dataset_id, attribute, position, \"group\","
				    " class_position, class, n) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "storing the counts");
	/* Strata are summed out: what is kept is what drift reads (drift.h rule 1). */
	for (size_t i = 0; i < ct->ntables && rc == SQLITE_OK; i++) {
		const struct count_table *t = &ct->tables[i];
		for (size_t g = 0; g < t->ngroups && rc == SQLITE_OK; g++) {
			for (size_t c = 0; c < t->nclasses && rc == SQLITE_OK; c++) {
				double n = 0;
				for (size_t k = 0; k < t->nstrata; k++)
					n += count_at(t, g, k, c);
				rc = insert_cell(st, s, id, t->attribute, g, t->groups[g], (long)c, ct->classes[c], n);
			}
			if (ct->has_label && rc == SQLITE_OK)
				rc = insert_cell(st, s, id, t->attribute, g, t->groups[g], -1, NULL, t->unlabeled[g]);
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_OK ? AUDIT_OK : sql_error(st, rc, err, "storing the counts");
}

void stored_counts_clear(struct stored_counts *sc)
{
	free(sc->label);
	free(sc->positive);
	free(sc->bins);
	/* The tables hold only what count_tables_free frees; freed by their owner's module. */
	memset(sc, 0, sizeof *sc);
}

/* Fills the classes of sc->ct from the stored cells. */
static int read_count_classes(struct store *st, long long id, struct count_tables *ct, struct audit_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "SELECT class_position, max(class) FROM count_cell WHERE dataset_id = ?1"
				    " AND class_position IS NOT NULL GROUP BY class_position ORDER BY class_position",
				    -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "reading the counts");
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long long pos = sqlite3_column_int64(s, 0);
		if (pos < 0 || pos > 1000000)
			continue;
		if ((size_t)pos >= ct->nclasses) {
			ct->classes = xrealloc(ct->classes, ((size_t)pos + 1) * sizeof *ct->classes);
			for (size_t c = ct->nclasses; c <= (size_t)pos; c++)
				ct->classes[c] = NULL;
			ct->nclasses = (size_t)pos + 1;
		}
		ct->classes[pos] = column_text(s, 1);
	}
	sqlite3_finalize(s);
	for (size_t c = 0; c < ct->nclasses; c++)
		if (!ct->classes[c])
			ct->classes[c] = xstrdup("");
	return rc == SQLITE_DONE ? AUDIT_OK : sql_error(st, rc, err, "reading the counts");
}

/* One table per stored attribute, in the order stored, sized by its groups. */
static int read_count_shapes(struct store *st, long long id, struct count_tables *ct, struct audit_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "SELECT attribute, max(position) + 1 FROM count_cell WHERE dataset_id = ?1"
				    " GROUP BY attribute ORDER BY min(rowid)", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "reading the counts");
	sqlite3_bind_int64(s, 1, id);
	size_t cap = 0;
	size_t nclasses = ct->nclasses ? ct->nclasses : 1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (ct->ntables == cap) {
			cap = cap ? 2 * cap : 8;
			ct->tables = xrealloc(ct->tables, cap * sizeof *ct->tables);
		}
		struct count_table *t = &ct->tables[ct->ntables++];
		memset(t, 0, sizeof *t);
		t->attribute = column_text(s, 0);
		long long ng = sqlite3_column_int64(s, 1);
		t->ngroups = ng > 0 ? (size_t)ng : 0;
		t->nstrata = 1;
		t->nclasses = nclasses;
		t->member = -1;
		t->groups = xcalloc(t->ngroups + 1, sizeof *t->groups);
		t->n = xcalloc(t->ngroups * nclasses + 1, sizeof *t->n);
		t->unlabeled = xcalloc(t->ngroups + 1, sizeof *t->unlabeled);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? AUDIT_OK : sql_error(st, rc, err, "reading the counts");
}

static int read_count_cells(struct store *st, long long id, struct count_tables *ct, struct audit_err *err)
{
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "SELECT attribute, position, \"group\", class_position, n FROM count_cell"
				    " WHERE dataset_id = ?1 ORDER BY rowid", -1, &s, NULL);
	if (rc != SQLITE_OK)
		return sql_error(st, rc, err, "reading the counts");
	sqlite3_bind_int64(s, 1, id);
	size_t at = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *attribute = (const char *)sqlite3_column_text(s, 0);
		if (!attribute)
			continue;
		if (at >= ct->ntables || strcmp(ct->tables[at].attribute, attribute) != 0)
			for (at = 0; at < ct->ntables && strcmp(ct->tables[at].attribute, attribute) != 0; at++)
				;
		if (at >= ct->ntables)
			continue;
		struct count_table *t = &ct->tables[at];
		long long g = sqlite3_column_int64(s, 1);
		if (g < 0 || (size_t)g >= t->ngroups)
			continue;
		if (!t->groups[g])
			t->groups[g] = column_text(s, 2);
		double n = (double)sqlite3_column_int64(s, 4);
		if (sqlite3_column_type(s, 3) == SQLITE_NULL)
			t->unlabeled[g] += n;
		else {
			long long c = sqlite3_column_int64(s, 3);
			if (c >= 0 && (size_t)c < t->nclasses)
				t->n[(size_t)g * t->nclasses + (size_t)c] += n;
		}
	}
	sqlite3_finalize(s);
	for (size_t i = 0; i < ct->ntables; i++)
		for (size_t g = 0; g < ct->tables[i].ngroups; g++)
			if (!ct->tables[i].groups[g])
				ct->tables[i].groups[g] = xstrdup("");
	return rc == SQLITE_DONE ? AUDIT_OK : sql_error(st, rc, err, "reading the counts");
}

int store_read_counts(struct store *st, long long id, struct stored_counts *out, struct audit_err *err)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s;
	int rc = sqlite3_prepare_v2(st->db, "SELECT label, positive, \"binary\", bins FROM count_set WHERE dataset_id = ?1",
				    -1, &s, NULL);
	if (rc != SQLITE_OK)
		return -sql_error(st, rc, err, "reading the counts");
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return rc == SQLITE_DONE ? 0 : -sql_error(st, rc, err, "reading the counts");
	}
	out->label = column_text_or_null(s, 0);
	out->positive = column_text_or_null(s, 1);
	out->ct.binary = sqlite3_column_int(s, 2);
	out->bins = column_text(s, 3);
	sqlite3_finalize(s);

	struct count_tables *ct = &out->ct;
	ct->has_label = out->label != NULL;
	ct->nstrata = 1;
	ct->strata = xcalloc(1, sizeof *ct->strata);
	ct->strata[0] = xstrdup("(all)");
	int e = read_count_classes(st, id, ct, err);
	if (!e)
		e = read_count_shapes(st, id, ct, err);
	if (!e)
		e = read_count_cells(st, id, ct, err);
	if (!e && ct->ntables > 0) {
		const struct count_table *t = &ct->tables[0];
		if (ct->has_label)
			ct->class_rows = xcalloc(ct->nclasses + 1, sizeof *ct->class_rows);
		for (size_t g = 0; g < t->ngroups; g++) {
			ct->rows += t->unlabeled[g];
			for (size_t c = 0; c < t->nclasses; c++) {
				ct->rows += t->n[g * t->nclasses + c];
				if (ct->class_rows)
					ct->class_rows[c] += t->n[g * t->nclasses + c];
			}
		}
	}
	return e ? -e : 1;
}

/* ------------------------------------------------------------------ */
/* Where the database is                                               */
/* ------------------------------------------------------------------ */

char *store_default_path(int *is_data_dir)
{
	*is_data_dir = 0;
	const char *env = getenv("DSAUDIT_DB");
	if (env && *env)
		return xstrdup(env);
	struct strbuf sb = {0};
	/* XDG Base Directory: a relative XDG_DATA_HOME is invalid and ignored. */
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		strbuf_printf(&sb, "%s/dsaudit/dsaudit.db", xdg);
	else if (home && home[0] == '/')
		strbuf_printf(&sb, "%s/.local/share/dsaudit/dsaudit.db", home);
	else
		return NULL;
	*is_data_dir = 1;
	return sb.buf;
}

int store_make_parent(const char *path, struct audit_err *err)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	int e = AUDIT_OK;
	if (slash && slash != dir) {
		*slash = '\0';
		for (char *p = dir + 1; !e; p++) {
			char c = *p;
			if (c != '/' && c != '\0')
				continue;
			*p = '\0';
			if (mkdir(dir, 0700) != 0 && errno != EEXIST)
				e = audit_fail(err, AUDIT_EIO, "%s: cannot create the database's directory: %s", dir,
					       strerror(errno));
			*p = c;
			if (c == '\0')
				break;
		}
	}
	free(dir);
	return e;
}

int store_check_outside(const char *db, const char *dir, struct audit_err *err)
{
	char *parent = xstrdup(db);
	char *slash = strrchr(parent, '/');
	if (!slash) {
		free(parent);
		parent = xstrdup(".");
	} else if (slash == parent)
		parent[1] = '\0';
	else
		*slash = '\0';
	char *rp_db = realpath(parent, NULL), *rp_dir = realpath(dir, NULL);
	int inside = 0;
	if (rp_db && rp_dir) {
		size_t n = strlen(rp_dir);
		inside = strcmp(rp_dir, "/") == 0 ||
			 (strncmp(rp_db, rp_dir, n) == 0 && (rp_db[n] == '\0' || rp_db[n] == '/'));
	}
	free(rp_db);
	free(rp_dir);
	free(parent);
	if (inside)
		return audit_fail(err, AUDIT_EUSAGE, "--db %s is inside the report directory %s: the database keeps the "
				  "data's rows and the report directory is what CI uploads; give a --db outside it", db, dir);
	return AUDIT_OK;
}
