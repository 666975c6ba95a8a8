/*
 * engine_postgresql.c — a table in PostgreSQL,
 * "postgresql://USER@HOST:PORT/DB" (engine_backend.h), through libpq.
 * Every query runs in one read-only REPEATABLE READ transaction, so the
 * counts, the row count and the fingerprint all see the same rows, however
 * the table changes meanwhile. Results stream a row at a time (single-row
 * mode), so a column's many values are never held at once. The password
 * comes from the address, PGPASSWORD or ~/.pgpass, as for psql.
 */
#include <libpq-fe.h>
#include <stdlib.h>
#include <string.h>

#include "engine_backend.h"

/* libpq's message on one line, its runs of spaces, tabs and newlines made one space. */
static int pg_fail(struct engine *e, enum audit_error code, const char *doing, const char *msg, struct audit_err *err)
{
	struct strbuf sb = {0};
	for (const char *p = msg ? msg : ""; *p; p++) {
		int space = *p == ' ' || *p == '\n' || *p == '\t';
		if (!space)
			strbuf_putc(&sb, *p);
		else if (sb.len && sb.buf[sb.len - 1] != ' ' && p[1])
			strbuf_putc(&sb, ' ');
	}
	while (sb.len && sb.buf[sb.len - 1] == ' ')
		sb.buf[--sb.len] = '\0';
	int rc = audit_fail(err, code, "%s: %s: %s", e->input, doing, sb.buf ? sb.buf : "");
	strbuf_free(&sb);
	return rc;
}

/* Runs a statement that returns no rows. */
static int pg_command(struct engine *e, const char *sql, struct audit_err *err)
{
	PGresult *r = PQexec(e->conn, sql);
	int ok = PQresultStatus(r) == PGRES_COMMAND_OK;
	int code = ok ? AUDIT_OK : pg_fail(e, AUDIT_EIO, "starting a read-only transaction", PQresultErrorMessage(r), err);
	PQclear(r);
	return code;
}

static int pg_connect(struct engine *e, const char *input, struct audit_err *err)
{
	/* Later keys override earlier ones: the address's settings win over these, and PGCONNECT_TIMEOUT over 10 s. */
	const char *timeout = getenv("PGCONNECT_TIMEOUT");
	const char *keys[] = {"connect_timeout", "application_name", "dbname", NULL};
	const char *values[] = {timeout && *timeout ? timeout : "10", "dsaudit", input, NULL};
	PGconn *c = PQconnectdbParams(keys, values, 1);
	e->conn = c;
	if (PQstatus(c) != CONNECTION_OK)
		return pg_fail(e, AUDIT_EIO, "cannot connect", PQerrorMessage(c), err);
	return pg_command(e, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", err);
}

static void pg_disconnect(struct engine *e)
{
	PQfinish(e->conn);
}

/* PostgreSQL's types as dsaudit's: integers, reals (numeric too), booleans; anything else is text. */
static enum col_type pg_type(const char *t)
{
	if (!strcmp(t, "bigint") || !strcmp(t, "integer") || !strcmp(t, "smallint"))
		return COL_INTEGER;
	if (!strcmp(t, "double precision") || !strcmp(t, "real") || !strncmp(t, "numeric", 7))
		return COL_REAL;
	if (!strcmp(t, "boolean"))
		return COL_BOOLEAN;
	return COL_TEXT;
}

static int pg_columns(struct engine *e, struct audit_err *err)
{
	const char *params[] = {e->quoted};
	PGresult *r = PQexecParams(e->conn,
				   "SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute "
				   "WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum",
				   1, NULL, params, NULL, NULL, 0);
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		int code = pg_fail(e, AUDIT_EIO, "reading the table's columns", PQresultErrorMessage(r), err);
		PQclear(r);
		return code;
	}
	for (int i = 0; i < PQntuples(r); i++)
		engine_add_column(e, PQgetvalue(r, i, 0), pg_type(PQgetvalue(r, i, 1)));
	PQclear(r);
	if (e->ncols)
		return AUDIT_OK;
	r = PQexec(e->conn, "SELECT string_agg(quote_ident(table_name), ', ' ORDER BY table_name) FROM "
		   "information_schema.tables WHERE table_schema = current_schema()");
	const char *names = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0)
				    ? PQgetvalue(r, 0, 0) : "none";
	audit_fail(err, AUDIT_EUSAGE, "%s: no table \"%s\" (the tables of its schema: %s)", e->input, e->table, names);
	PQclear(r);
	return AUDIT_EUSAGE;
}

struct pg_result {
	struct engine *e;
	PGresult *row; /* the row fetched last */
	int done;
};

static int pg_query(struct engine *e, const char *sql, const char *name, void **out, struct audit_err *err)
{
	(void)name;
	if (!PQsendQuery(e->conn, sql) || !PQsetSingleRowMode(e->conn))
		return pg_fail(e, AUDIT_EIO, "counting", PQerrorMessage(e->conn), err);
	struct pg_result *r = xcalloc(1, sizeof *r);
	r->e = e;
	*out = r;
	return AUDIT_OK;
}

static int pg_fetch(void *res, const struct column_info *const *col, size_t ncols, struct typed_value *cells,
		    struct audit_err *err)
{
	struct pg_result *r = res;
	PQclear(r->row);
	r->row = NULL;
	if (r->done)
		return 0;
	PGresult *row = PQgetResult(r->e->conn);
	switch (PQresultStatus(row)) {
	case PGRES_SINGLE_TUPLE:
		break;
	case PGRES_TUPLES_OK: /* the end: what follows is the NULL that ends the query */
		PQclear(row);
		while ((row = PQgetResult(r->e->conn)))
			PQclear(row);
		r->done = 1;
		return 0;
	default: {
		int code = pg_fail(r->e, AUDIT_EIO, "counting",
				   row ? PQresultErrorMessage(row) : PQerrorMessage(r->e->conn), err);
		PQclear(row);
		return -code;
	}
	}
	r->row = row;
	if ((size_t)PQnfields(row) < ncols)
		return -pg_fail(r->e, AUDIT_EIO, "counting", "fewer result columns than asked for", err);
	for (size_t k = 0; k < ncols; k++) {
		int null = PQgetisnull(row, 0, (int)k);
		int code = engine_text_cell(r->e, null ? NULL : PQgetvalue(row, 0, (int)k),
					    (size_t)PQgetlength(row, 0, (int)k), col[k], &cells[k], err);
		if (code)
			return -code;
	}
	return 1;
}

/* Finishes the query; one abandoned midway is cancelled, and what it still sends is read and dropped. */
static void pg_end(void *res)
{
	struct pg_result *r = res;
	if (!r)
		return;
	PQclear(r->row);
	if (!r->done) {
		PGcancel *cancel = PQgetCancel(r->e->conn);
		char buf[256];
		if (cancel) {
			PQcancel(cancel, buf, sizeof buf);
			PQfreeCancel(cancel);
		}
		PGresult *row;
		while ((row = PQgetResult(r->e->conn)))
			PQclear(row);
	}
	free(r);
}

/*
 * Two sums over the rows of two 64-bit slices of the MD5 of the row's text
 * (PostgreSQL's own text of the row, so a changed cell changes it), each
 * exact as a numeric; the count; all as text.
 */
static int pg_row_hashes(struct engine *e, char **text, struct audit_err *err)
{
	struct strbuf sql = {0};
	strbuf_printf(&sql, "SELECT COUNT(*), COALESCE(SUM(('x' || substr(h, 1, 16))::bit(64)::bigint::numeric), 0), "
			    "COALESCE(SUM(('x' || substr(h, 17, 16))::bit(64)::bigint::numeric), 0) FROM "
			    "(SELECT md5(t::text) AS h FROM %s AS t) AS r", e->quoted);
	PGresult *r = PQexec(e->conn, sql.buf);
	strbuf_free(&sql);
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		int code = pg_fail(e, AUDIT_EIO, "computing the table's fingerprint", PQresultErrorMessage(r), err);
		PQclear(r);
		return code;
	}
	struct strbuf sb = {0};
	strbuf_printf(&sb, "%s\npostgresql md5 %s %s", PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 2));
	PQclear(r);
	*text = sb.buf;
	return AUDIT_OK;
}

const struct engine_backend engine_postgresql = {
	.format = "postgresql",
	.connect = pg_connect,
	.columns = pg_columns,
	.query = pg_query,
	.fetch = pg_fetch,
	.end = pg_end,
	.row_hashes = pg_row_hashes,
	.disconnect = pg_disconnect,
};
