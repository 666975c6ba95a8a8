/*
 * test_engine.c — the engines' pieces that need no server: tab-separated
 * rows as PostgreSQL's COPY and ClickHouse's TabSeparated write them, text
 * cells typed as their columns, --columns, addresses and their passwords,
 * and table names as each dialect quotes them.
 */
#include "harness.h"

#include "engine.h"
#include "engine_backend.h"
#include "pushdown.h"

static void test_tsv(void)
{
	struct tsv_row r = {0};
	/* PostgreSQL's text format of ('a\tb', NULL, 'x\ny\\', '', 'N'): escapes undone, \N alone is NULL. */
	const char line[] = "a\\tb\t\\N\tx\\ny\\\\\t\t\\\\N";
	size_t n = engine_tsv_split(&r, line, line + strlen(line)), len;
	CHECK_INT(n, 5);
	const char *c = engine_tsv_cell(&r, 0, &len);
	CHECK(c && len == 3 && memcmp(c, "a\tb", 3) == 0);
	CHECK(engine_tsv_cell(&r, 1, &len) == NULL);
	c = engine_tsv_cell(&r, 2, &len);
	CHECK(c && len == 4 && memcmp(c, "x\ny\\", 4) == 0);
	c = engine_tsv_cell(&r, 3, &len);
	CHECK(c && len == 0);
	c = engine_tsv_cell(&r, 4, &len);
	CHECK(c && len == 2 && memcmp(c, "\\N", 2) == 0);
	/* An empty line is one empty cell; a trailing backslash is kept. */
	CHECK_INT(engine_tsv_split(&r, "", ""), 1);
	const char odd[] = "a\\";
	CHECK_INT(engine_tsv_split(&r, odd, odd + 2), 1);
	c = engine_tsv_cell(&r, 0, &len);
	CHECK(c && len == 2 && memcmp(c, "a\\", 2) == 0);
	engine_tsv_free(&r);
}

static void test_text_cells(void)
{
	struct engine e = {.input = "test", .table = "t"};
	struct column_info i = {"i", COL_INTEGER, 0}, d = {"d", COL_REAL, 0}, b = {"b", COL_BOOLEAN, 0};
	struct typed_value v;
	struct audit_err err = {0};
	CHECK_INT(engine_text_cell(&e, "-42", 3, &i, &v, &err), AUDIT_OK);
	CHECK(v.type == COL_INTEGER && v.i == -42);
	CHECK_INT(engine_text_cell(&e, "9223372036854775807", 19, NULL, &v, &err), AUDIT_OK);
	CHECK(v.type == COL_INTEGER && v.i == INT64_MAX);
	/* ClickHouse's UInt64 past INT64_MAX is not a value an integer column holds. */
	CHECK_INT(engine_text_cell(&e, "18446744073709551615", 20, &i, &v, &err), AUDIT_EINPUT);
	CHECK(strstr(err.msg, "column \"i\" (integer) holds \"18446744073709551615\"") != NULL);
	/* Shortest round-trip text gives the same double; PostgreSQL's Infinity too. */
	CHECK_INT(engine_text_cell(&e, "0.1", 3, &d, &v, &err), AUDIT_OK);
	CHECK(v.type == COL_REAL && v.d == 0.1);
	CHECK_INT(engine_text_cell(&e, "-Infinity", 9, &d, &v, &err), AUDIT_OK);
	CHECK(v.type == COL_REAL && isinf(v.d) && v.d < 0);
	CHECK_INT(engine_text_cell(&e, "1.5x", 4, &d, &v, &err), AUDIT_EINPUT);
	/* Booleans as PostgreSQL (t/f), ClickHouse (0/1) and SQL text write them. */
	const char *yes[] = {"t", "1", "true", "TRUE"}, *no[] = {"f", "0", "false", "False"};
	for (int k = 0; k < 4; k++) {
		CHECK_INT(engine_text_cell(&e, yes[k], strlen(yes[k]), &b, &v, &err), AUDIT_OK);
		CHECK(v.type == COL_BOOLEAN && v.i == 1);
		CHECK_INT(engine_text_cell(&e, no[k], strlen(no[k]), &b, &v, &err), AUDIT_OK);
		CHECK(v.type == COL_BOOLEAN && v.i == 0);
	}
	CHECK_INT(engine_text_cell(&e, "2", 1, &b, &v, &err), AUDIT_EINPUT);
	CHECK_INT(engine_text_cell(&e, NULL, 0, &i, &v, &err), AUDIT_OK);
	CHECK(v.type == COL_UNKNOWN);
	/* An empty cell in a column that is not text is no value (a missing one is NULL). */
	CHECK_INT(engine_text_cell(&e, "", 0, &i, &v, &err), AUDIT_EINPUT);
}

static void test_columns(void)
{
	struct column_info *cols;
	size_t n;
	struct audit_err err = {0};
	CHECK_INT(engine_columns_parse(" id BIGINT, \"full name\" text,score double precision,ok boolean , n numeric(4,1)",
				       &cols, &n, &err), AUDIT_EUSAGE);
	/* A comma inside a type splits it: numeric(4,1) is not a type --columns reads. */
	CHECK(strstr(err.msg, "\"1)\" is not NAME TYPE") != NULL);
	CHECK_INT(engine_columns_parse("full name text", &cols, &n, &err), AUDIT_OK);
	CHECK_STR(cols[0].name, "full");
	CHECK_INT(cols[0].type, COL_TEXT);
	free(cols[0].name);
	free(cols);
	CHECK_INT(engine_columns_parse("\"a \"\"b\"\"\" int, c", &cols, &n, &err), AUDIT_EUSAGE);
	CHECK(strstr(err.msg, "\"c\" is not NAME TYPE") != NULL);
	CHECK_INT(engine_columns_parse(" id BIGINT, \"full name\" text,score double precision,ok boolean ", &cols, &n,
				       &err), AUDIT_OK);
	CHECK_INT(n, 4);
	CHECK_STR(cols[0].name, "id");
	CHECK_INT(cols[0].type, COL_INTEGER);
	CHECK_STR(cols[1].name, "full name");
	CHECK_INT(cols[1].type, COL_TEXT);
	CHECK_STR(cols[2].name, "score");
	CHECK_INT(cols[2].type, COL_REAL);
	CHECK_STR(cols[3].name, "ok");
	CHECK_INT(cols[3].type, COL_BOOLEAN);
	for (size_t c = 0; c < n; c++)
		free(cols[c].name);
	free(cols);
	CHECK_INT(engine_columns_parse("", &cols, &n, &err), AUDIT_EUSAGE);
}

static void test_addresses(void)
{
	char *s = engine_public_input("postgresql://ann:s%40cret@db.example:5432/hr");
	CHECK_STR(s, "postgresql://ann@db.example:5432/hr");
	free(s);
	s = engine_public_input("clickhouse://ann@h:8123/default");
	CHECK_STR(s, "clickhouse://ann@h:8123/default");
	free(s);
	s = engine_public_input("sqlite:/tmp/a:b@c.db");
	CHECK_STR(s, "sqlite:/tmp/a:b@c.db");
	free(s);
	struct engine_uri u;
	engine_uri_parse("clickhouse://ann:s%40cret@db.example:8123/hr?x=1", &u);
	CHECK_STR(u.user, "ann");
	CHECK_STR(u.password, "s@cret");
	CHECK_STR(u.host, "db.example");
	CHECK_STR(u.port, "8123");
	CHECK_STR(u.database, "hr");
	engine_uri_free(&u);
	engine_uri_parse("clickhouse://h", &u);
	CHECK(u.user == NULL && u.password == NULL && u.port == NULL && u.database == NULL);
	CHECK_STR(u.host, "h");
	engine_uri_free(&u);
}

static void test_quoting(void)
{
	struct strbuf sb = {0};
	pushdown_put_table(&sb, "sales.he said \"hi\"", '"');
	CHECK_STR(sb.buf, "\"sales\".\"he said \"\"hi\"\"\"");
	strbuf_free(&sb);
	sb = (struct strbuf){0};
	pushdown_put_table(&sb, "a`b", '`');
	CHECK_STR(sb.buf, "`a``b`");
	strbuf_free(&sb);
	CHECK(pushdown_dialect_quote("trino") == '"');
	CHECK(pushdown_dialect_quote("spark") == '`');
	CHECK(pushdown_dialect_quote("mysql") == 0);
}

void test_engine(void)
{
	test_tsv();
	test_text_cells();
	test_columns();
	test_addresses();
	test_quoting();
}
