/*
 * test_json_rows.c — unit tests for the streaming JSON reader (json_rows.h).
 * Most cases render every row of a small input as one line of text
 * ("L<line>{key=<kind><text>,...}", kinds S N B Z J for string, number,
 * bool, null, nested) and compare it with the expected answer, written by
 * hand from the JSON grammar (RFC 8259) and the reader's contract. Inputs
 * come from fixtures/json*_ files or from temp files under /tmp; the large
 * cases (a row bigger than the input buffer, many rows crossing buffer
 * refills, deep nesting) are generated here.
 */
#include "harness.h"

#include <stdlib.h>
#include <unistd.h>

#include "input.h"
#include "json_rows.h"

void test_json_rows(void);

/* Writes data to a new temp file; the caller unlinks and frees the returned path. */
static char *temp_file(const char *data, size_t n)
{
	char tmpl[] = "/tmp/dsaudit_json_XXXXXX";
	int fd = mkstemp(tmpl);
	if (fd < 0) {
		perror("mkstemp");
		abort();
	}
	for (size_t done = 0; done < n;) {
		ssize_t w = write(fd, data + done, n - done);
		if (w <= 0) {
			perror("write");
			abort();
		}
		done += (size_t)w;
	}
	close(fd);
	return xstrdup(tmpl);
}

static void render_row(struct strbuf *out, const struct json_row *row, int *terminated)
{
	static const char kind_letter[] = "RSNBZJ"; /* indexed by enum field_kind */
	strbuf_printf(out, "L%ld{", row->line);
	for (size_t i = 0; i < row->n; i++) {
		const struct field *v = &row->values[i];
		if (i)
			strbuf_putc(out, ',');
		strbuf_append(out, row->keys[i], row->keylen[i]);
		strbuf_putc(out, '=');
		strbuf_putc(out, kind_letter[v->kind]);
		strbuf_append(out, v->text, v->len);
		if (row->keys[i][row->keylen[i]] != '\0' || v->text[v->len] != '\0')
			*terminated = 0;
	}
	strbuf_append(out, "}\n", 2);
}

/*
 * Renders every row of the file, then "END" or "ERR <message>" with the
 * path at the start of the message written as "F". Also checks that every
 * text is NUL-terminated and that a failed reader keeps failing.
 */
static char *render_file(const char *path, enum json_shape shape)
{
	struct input in;
	struct audit_err err = {0};
	struct strbuf out = {0};
	if (input_open(&in, path, &err) != AUDIT_OK) {
		strbuf_printf(&out, "OPEN %s", err.msg);
		return out.buf;
	}
	struct json_rows *r = json_rows_new(&in, shape);
	struct json_row row;
	int rc, terminated = 1;
	while ((rc = json_rows_next(r, &row, &err)) == 1)
		render_row(&out, &row, &terminated);
	CHECK(terminated);
	if (rc == 0)
		strbuf_append(&out, "END", 3);
	else {
		size_t plen = strlen(path);
		int at_start = strncmp(err.msg, path, plen) == 0;
		strbuf_printf(&out, "ERR %d %s%s", (int)err.code, at_start ? "F" : "", err.msg + (at_start ? plen : 0));
		struct audit_err again = {0};
		CHECK_INT(json_rows_next(r, &row, &again), -1);
		CHECK_STR(again.msg, err.msg);
	}
	json_rows_free(r);
	input_close(&in);
	if (!out.buf)
		strbuf_append(&out, "", 0);
	return out.buf;
}

static char *render_text(const char *data, size_t n, enum json_shape shape)
{
	char *path = temp_file(data, n);
	char *out = render_file(path, shape);
	unlink(path);
	free(path);
	return out;
}

/* Checks the rendering of a NUL-free input text. */
#define CHECK_JSONL(text, want)                                                  \
	do {                                                                     \
		char *got_ = render_text((text), strlen(text), JSON_LINES);      \
		CHECK_STR(got_, (want));                                         \
		free(got_);                                                      \
	} while (0)
#define CHECK_JSON(text, want)                                                   \
	do {                                                                     \
		char *got_ = render_text((text), strlen(text), JSON_ARRAY);      \
		CHECK_STR(got_, (want));                                         \
		free(got_);                                                      \
	} while (0)
#define CHECK_FIXTURE(path, shape, want)                                         \
	do {                                                                     \
		char *got_ = render_file((path), (shape));                       \
		CHECK_STR(got_, (want));                                         \
		free(got_);                                                      \
	} while (0)

static void test_basic_kinds(void)
{
	CHECK_FIXTURE("fixtures/jsonl_basic.jsonl", JSON_LINES,
		      "L1{id=N1,name=SAnn,score=N-2.5e3,ok=Btrue,note=Z}\n"
		      "L2{id=N2,name=SBo,score=N0,ok=Bfalse,note=Sx}\n"
		      "L3{}\n"
		      "END");
	/* Nested values come back byte for byte, inner whitespace and escapes included. */
	CHECK_JSONL("{\"a\": {\"x\": [1, 2, {\"y\": null}]}, \"b\": [ ], "
		    "\"c\":[true,\"s\\\"q\\u00e9\\ud83d\\ude00\"], \"d\":{}}",
		    "L1{a=J{\"x\": [1, 2, {\"y\": null}]},b=J[ ],"
		    "c=J[true,\"s\\\"q\\u00e9\\ud83d\\ude00\"],d=J{}}\nEND");
	/* Numbers keep every digit: 2^53 + 1 and INT64_MAX do not survive a double. */
	CHECK_JSONL("{\"a\":9007199254740993,\"b\":9223372036854775807,\"c\":-12345678901234567890123,"
		    "\"d\":1E+2,\"e\":0.000001,\"f\":-0,\"g\":1.5e-7}",
		    "L1{a=N9007199254740993,b=N9223372036854775807,c=N-12345678901234567890123,"
		    "d=N1E+2,e=N0.000001,f=N-0,g=N1.5e-7}\nEND");
	CHECK_FIXTURE("fixtures/jsonl_korean.jsonl", JSON_LINES,
		      "L1{도시=S서울,이름=S김민수}\nL2{도시=S부산,이름=S이지은}\nEND");
}

/* Reads the single row of text and returns field i's bytes via *len (NULL on failure). */
static char *one_value(const char *text, size_t i, size_t *len, char **key)
{
	char *path = temp_file(text, strlen(text));
	struct input in;
	struct audit_err err = {0};
	char *val = NULL;
	if (input_open(&in, path, &err) == AUDIT_OK) {
		struct json_rows *r = json_rows_new(&in, JSON_LINES);
		struct json_row row;
		if (json_rows_next(r, &row, &err) == 1 && i < row.n) {
			*len = row.values[i].len;
			val = xmalloc(*len + 1);
			memcpy(val, row.values[i].text, *len + 1);
			if (key)
				*key = xstrndup(row.keys[i], row.keylen[i]);
		}
		json_rows_free(r);
		input_close(&in);
	}
	unlink(path);
	free(path);
	return val;
}

static void test_escapes(void)
{
	const char *text = "{\"e\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t\",\"u\":\"\\u00e9\\u20AC\\ud83d\\ude00\","
			   "\"z\":\"a\\u0000b\",\"k\\u00e9y\":1}";
	size_t len = 0;
	char *v = one_value(text, 0, &len, NULL);
	CHECK(v && len == 8 && memcmp(v, "\"\\/\b\f\n\r\t", 8) == 0);
	free(v);
	/* U+00E9, U+20AC, U+1F600 (from the surrogate pair D83D DE00) in UTF-8 */
	v = one_value(text, 1, &len, NULL);
	CHECK(v && len == 9 && memcmp(v, "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 9) == 0);
	free(v);
	v = one_value(text, 2, &len, NULL);
	CHECK(v && len == 3 && memcmp(v, "a\0b", 4) == 0);
	free(v);
	char *key = NULL;
	v = one_value(text, 3, &len, &key);
	CHECK_STR(key, "k\xC3\xA9y");
	free(v);
	free(key);
}

static void test_jsonl_layout(void)
{
	/* Blank and whitespace-only lines are skipped; CRLF line ends are fine. */
	CHECK_JSONL("\n   \n{\"a\":1}\r\n\t\r\n{\"a\":2}  \n\n", "L3{a=N1}\nL5{a=N2}\nEND");
	CHECK_JSONL("", "END");
	CHECK_JSONL(" \n\n", "END");
	CHECK_JSONL("{\"a\":1}", "L1{a=N1}\nEND");
	/* A BOM is skipped and columns count from after it. */
	CHECK_JSONL("\xEF\xBB\xBF{\"a\":1}\n[1]\n", "L1{a=N1}\nERR 2 F:2:1: expected a JSON object, found '['");
	CHECK_JSONL("\xEF\xBB\xBF  5", "ERR 2 F:1:3: expected a JSON object, found '5'");
	CHECK_JSONL("\xEF\xBB{}", "ERR 2 F:1:1: invalid UTF-8 byte order mark at the start of the file");
	CHECK_FIXTURE("fixtures/jsonl_bad_line.jsonl", JSON_LINES,
		      "L1{a=N1}\nL2{a=N2}\n"
		      "ERR 2 F:3:1: expected a JSON object, found '['");
	CHECK_JSONL("{\"a\":1}\n  null\n", "L1{a=N1}\nERR 2 F:2:3: expected a JSON object, found 'n'");
	CHECK_JSONL("{\"a\":1}{\"b\":2}\n",
		    "ERR 2 F:1:8: unexpected '{' after the object (a JSON Lines row is exactly one object)");
	CHECK_JSONL("{\"a\":1} x\n", "ERR 2 F:1:9: unexpected 'x' after the object (a JSON Lines row is exactly one object)");
	/* An object may not continue on the next line. */
	CHECK_JSONL("{\"a\":1,\n\"b\":2}\n",
		    "ERR 2 F:1:8: expected a string key, found end of line (a JSON Lines object must be on one line)");
	CHECK_JSONL("{\"a\":[1,\n2]}\n",
		    "ERR 2 F:1:9: expected a value, found end of line (a JSON Lines object must be on one line)");
}

static void test_syntax_errors(void)
{
	CHECK_JSONL("{\"id\":1,\"age\":2,\"age\":3}", "ERR 2 F:1:17: duplicate key \"age\"");
	CHECK_JSONL("{\"a\":1}\n{\"id\": 1, \"age\": 2, \"age\": 3}", "L1{a=N1}\nERR 2 F:2:21: duplicate key \"age\"");
	/* Keys are compared after unescaping. */
	CHECK_JSONL("{\"a\":1,\"\\u0061\":2}", "ERR 2 F:1:8: duplicate key \"a\"");
	/* Duplicates inside nested objects are kept as written: only row keys become columns. */
	CHECK_JSONL("{\"n\":{\"a\":1,\"a\":2}}", "L1{n=J{\"a\":1,\"a\":2}}\nEND");

	CHECK_JSONL("{\"a\":\"abc\n{\"b\":1}\n", "ERR 2 F:1:6: unterminated string");
	CHECK_JSONL("{\"a\":1}\n{\"a\":\"abc", "L1{a=N1}\nERR 2 F:2:6: unterminated string");
	CHECK_JSONL("{\"a\":\"x\ty\"}", "ERR 2 F:1:8: raw control character 0x09 in a string (it must be escaped)");
	CHECK_JSONL("{\"a\":1", "ERR 2 F:1:7: expected ',' or '}', found end of file");
	CHECK_JSONL("{\"a\":1,}", "ERR 2 F:1:8: expected a string key, found '}'");
	CHECK_JSONL("{\"a\" 1}", "ERR 2 F:1:6: expected ':' after the key, found '1'");
	CHECK_JSONL("{a:1}", "ERR 2 F:1:2: expected a string key, found 'a'");
	CHECK_JSONL("{\"a\":}", "ERR 2 F:1:6: expected a value, found '}'");

	/* Invalid UTF-8: the column is the first bad byte. */
	CHECK_JSONL("{\"a\":\"ab\xFF" "cd\"}", "ERR 2 F:1:9: invalid UTF-8 in a string (byte 0xFF)");
	CHECK_JSONL("{\"a\":\"\\n\xC0\xAF\"}", "ERR 2 F:1:9: invalid UTF-8 in a string (byte 0xC0)");
	CHECK_JSONL("{\"a\":\"\xED\xA0\x80\"}", "ERR 2 F:1:7: invalid UTF-8 in a string (byte 0xED)");
	CHECK_JSONL("{\"a\":\"\xE4\xB8\"}", "ERR 2 F:1:7: invalid UTF-8 in a string (byte 0xE4)");
	CHECK_JSONL("{\"k\xFF\":1}", "ERR 2 F:1:4: invalid UTF-8 in a string (byte 0xFF)");
	CHECK_JSONL("{\"a\":[\"\xFF\"]}", "ERR 2 F:1:8: invalid UTF-8 in a string (byte 0xFF)");

	/* Escapes */
	CHECK_JSONL("{\"a\":\"\\ud800\"}", "ERR 2 F:1:7: lone high surrogate \\uD800 in a string");
	CHECK_JSONL("{\"a\":\"\\ud800\\u0041\"}", "ERR 2 F:1:7: lone high surrogate \\uD800 in a string");
	CHECK_JSONL("{\"a\":\"\\ud800u0041\"}", "ERR 2 F:1:7: lone high surrogate \\uD800 in a string");
	CHECK_JSONL("{\"a\":\"x\\udc00\"}", "ERR 2 F:1:8: lone low surrogate \\uDC00 in a string");
	CHECK_JSONL("{\"a\":[\"\\udc00\"]}", "ERR 2 F:1:8: lone low surrogate \\uDC00 in a string");
	CHECK_JSONL("{\"a\":\"\\u12g4\"}", "ERR 2 F:1:7: invalid \\u escape (expected 4 hex digits)");
	CHECK_JSONL("{\"a\":\"\\x\"}", "ERR 2 F:1:7: invalid escape in a string: backslash followed by 'x'");

	/* Numbers follow the JSON grammar exactly. */
	CHECK_JSONL("{\"a\":01}", "ERR 2 F:1:7: invalid number \"01\"");
	CHECK_JSONL("{\"a\":1.}", "ERR 2 F:1:8: invalid number \"1.\"");
	CHECK_JSONL("{\"a\":-}", "ERR 2 F:1:7: invalid number \"-\"");
	CHECK_JSONL("{\"a\":1e+}", "ERR 2 F:1:9: invalid number \"1e+\"");
	CHECK_JSONL("{\"a\":1.5.2}", "ERR 2 F:1:9: invalid number \"1.5.2\"");
	CHECK_JSONL("{\"a\":+1}", "ERR 2 F:1:6: expected a value, found '+'");
	CHECK_JSONL("{\"a\":.5}", "ERR 2 F:1:6: expected a value, found '.'");
	CHECK_JSONL("{\"a\":2abc}", "ERR 2 F:1:7: expected ',' or '}', found 'a'");
	CHECK_JSONL("{\"a\":[1,02]}", "ERR 2 F:1:10: invalid number \"02\"");

	/* Literals */
	CHECK_JSONL("{\"a\":tru}", "ERR 2 F:1:6: invalid literal (expected true)");
	CHECK_JSONL("{\"a\":nul", "ERR 2 F:1:6: invalid literal (expected null)");
	CHECK_JSONL("{\"a\":True}", "ERR 2 F:1:6: expected a value, found 'T'");

	/* Nested values are validated, not just bracket-matched. */
	CHECK_JSONL("{\"a\":[1,]}", "ERR 2 F:1:9: expected a value, found ']'");
	CHECK_JSONL("{\"a\":{\"x\" 1}}", "ERR 2 F:1:11: expected ':', found '1'");
	CHECK_JSONL("{\"a\":{1:2}}", "ERR 2 F:1:7: expected a string key, found '1'");
	CHECK_JSONL("{\"a\":[1}", "ERR 2 F:1:8: expected ',' or ']', found '}'");
	CHECK_JSONL("{\"a\":{\"x\":1]}", "ERR 2 F:1:12: expected ',' or '}', found ']'");
}

static void test_array_files(void)
{
	CHECK_FIXTURE("fixtures/json_multiline.json", JSON_ARRAY,
		      "L2{id=N1,tags=J[\"a\",\n            \"b\"]}\nL5{id=N2}\nL9{id=N3}\nEND");
	CHECK_FIXTURE("fixtures/json_empty_array.json", JSON_ARRAY, "END");
	CHECK_JSON("\xEF\xBB\xBF  [ \n ]  \n", "END");
	CHECK_FIXTURE("fixtures/json_trailing_garbage.json", JSON_ARRAY,
		      "L1{a=N1}\nERR 2 F:2:1: unexpected 'x' after the closing ']'");
	CHECK_JSON("[{\"a\":1},\n\n  {\"a\":\"x\ty\"}]",
		   "L1{a=N1}\nERR 2 F:3:10: raw control character 0x09 in a string (it must be escaped)");
	CHECK_JSON("[{\"a\":1},]", "L1{a=N1}\nERR 2 F:1:10: trailing comma before ']'");
	CHECK_JSON("[{\"a\":1}", "L1{a=N1}\nERR 2 F:1:9: expected ',' or ']' after an object, found end of file");
	CHECK_JSON("[{\"a\":1} {\"b\":2}]", "L1{a=N1}\nERR 2 F:1:10: expected ',' or ']' after an object, found '{'");
	CHECK_JSON("[{\"a\":1}, 7]", "L1{a=N1}\nERR 2 F:1:11: expected a JSON object, found '7'");
	CHECK_JSON("[[]]", "ERR 2 F:1:2: expected a JSON object, found '['");
	CHECK_JSON("[", "ERR 2 F:1:2: expected a JSON object, found end of file");
	CHECK_JSON("{\"a\":1}", "ERR 2 F:1:1: expected '[' (a JSON array of objects), found '{'");
	CHECK_JSON("", "ERR 2 F:1:1: empty file");
	CHECK_JSON(" \n  ", "ERR 2 F:2:3: empty file");
	CHECK_JSON("[{\"a\":\"x\ny\"}]", "ERR 2 F:1:7: unterminated string");
	/* A duplicate key on a later line of a multi-line object names that line. */
	CHECK_JSON("[\n {\"a\": 1,\n  \"a\": 2}]", "ERR 2 F:3:3: duplicate key \"a\"");
}

/* Returns "{"id":7,"big":"<chunk x reps>"}\n{"id":8}\n" and the decoded big value. */
static char *big_row_text(size_t reps, struct strbuf *decoded)
{
	/* 13 bytes as written, 9 decoded: 3-byte Hangul characters and an escape
	 * at every phase, so buffer refills land inside characters and escapes. */
	static const char chunk[] = "가나\\u00e9x";
	struct strbuf sb = {0};
	strbuf_append(&sb, "{\"id\":7,\"big\":\"", 15);
	for (size_t i = 0; i < reps; i++) {
		strbuf_append(&sb, chunk, sizeof chunk - 1);
		strbuf_append(decoded, "가나\xC3\xA9x", 9);
	}
	strbuf_append(&sb, "\"}\n{\"id\":8}\n", 12);
	return sb.buf;
}

static void test_row_bigger_than_buffer(void)
{
	struct strbuf want = {0};
	char *text = big_row_text(INPUT_BUFSIZE / 13 * 2, &want);
	char *path = temp_file(text, strlen(text));
	struct input in;
	struct audit_err err = {0};
	CHECK_INT(input_open(&in, path, &err), AUDIT_OK);
	struct json_rows *r = json_rows_new(&in, JSON_LINES);
	struct json_row row;
	CHECK_INT(json_rows_next(r, &row, &err), 1);
	CHECK(row.n == 2 && row.values[1].len == want.len && row.values[1].len > INPUT_BUFSIZE);
	CHECK(row.n == 2 && memcmp(row.values[1].text, want.buf, want.len + 1) == 0);
	CHECK_STR(row.n == 2 ? row.values[0].text : NULL, "7");
	CHECK_INT(json_rows_next(r, &row, &err), 1);
	CHECK_INT(row.line, 2);
	CHECK_STR(row.n == 1 ? row.values[0].text : NULL, "8");
	CHECK_INT(json_rows_next(r, &row, &err), 0);
	/* Between calls the input has consumed exactly what the reader read. */
	CHECK(input_offset(&in) == strlen(text));
	json_rows_free(r);
	input_close(&in);
	unlink(path);
	free(path);
	free(text);
	strbuf_free(&want);
}

/* Writes n rows that put every token kind across the buffer refill points. */
static char *many_rows_text(int n, enum json_shape shape)
{
	struct strbuf sb = {0};
	if (shape == JSON_ARRAY)
		strbuf_append(&sb, "[\n", 2);
	for (int i = 0; i < n; i++) {
		if (i && shape == JSON_ARRAY)
			strbuf_append(&sb, ",\n", 2);
		strbuf_printf(&sb, "{\"i\":%d,\"s\":\"k\\u00e9y%d 가\",\"n\":{\"a\":[%d,true,null]},\"b\":false,\"z\":null,"
			      "\"f\":-%d.5e-3}", i, i, i, i);
		if (shape == JSON_LINES)
			strbuf_putc(&sb, '\n');
	}
	if (shape == JSON_ARRAY)
		strbuf_append(&sb, "\n]\n", 3);
	return sb.buf;
}

/* Counts rows whose values differ from what many_rows_text wrote. */
static int check_many_rows(struct json_rows *r, int n, enum json_shape shape)
{
	struct json_row row;
	struct audit_err err = {0};
	char want[6][64];
	int bad = 0, i;
	for (i = 0; json_rows_next(r, &row, &err) == 1; i++) {
		snprintf(want[0], sizeof want[0], "%d", i);
		snprintf(want[1], sizeof want[1], "k\xC3\xA9y%d 가", i);
		snprintf(want[2], sizeof want[2], "{\"a\":[%d,true,null]}", i);
		strcpy(want[3], "false");
		want[4][0] = '\0';
		snprintf(want[5], sizeof want[5], "-%d.5e-3", i);
		static const char *keys[6] = {"i", "s", "n", "b", "z", "f"};
		static const enum field_kind kinds[6] = {FIELD_NUMBER, FIELD_STRING, FIELD_NESTED,
							 FIELD_BOOL, FIELD_NULL, FIELD_NUMBER};
		int ok = row.n == 6 && row.line == (shape == JSON_ARRAY ? i + 2 : i + 1);
		for (size_t k = 0; ok && k < 6; k++)
			ok = strcmp(row.keys[k], keys[k]) == 0 && row.values[k].kind == kinds[k] &&
			     strcmp(row.values[k].text, want[k]) == 0 && row.values[k].len == strlen(want[k]);
		bad += !ok;
	}
	if (err.code)
		fprintf(stderr, "many rows: %s\n", err.msg);
	return bad + (i != n);
}

static void test_many_rows_across_refills(void)
{
	enum json_shape shapes[2] = {JSON_LINES, JSON_ARRAY};
	for (int s = 0; s < 2; s++) {
		int n = 60000; /* about 6 MB: several refills at every phase */
		char *text = many_rows_text(n, shapes[s]);
		char *path = temp_file(text, strlen(text));
		struct input in;
		struct audit_err err = {0};
		CHECK_INT(input_open(&in, path, &err), AUDIT_OK);
		CHECK(strlen(text) > 4 * (size_t)INPUT_BUFSIZE);
		struct json_rows *r = json_rows_new(&in, shapes[s]);
		CHECK_INT(check_many_rows(r, n, shapes[s]), 0);
		json_rows_free(r);
		input_close(&in);
		unlink(path);
		free(path);
		free(text);
	}
}

static void test_wide_rows(void)
{
	/* 1000 keys twice (no false duplicates across rows), then a duplicate at the end. */
	struct strbuf sb = {0};
	for (int row = 0; row < 3; row++) {
		strbuf_putc(&sb, '{');
		for (int k = 0; k < 1000; k++)
			strbuf_printf(&sb, "%s\"k%d\":%d", k ? "," : "", k, k);
		if (row == 2)
			strbuf_append(&sb, ",\"k500\":0", 9);
		strbuf_append(&sb, "}\n", 2);
	}
	char *path = temp_file(sb.buf, sb.len);
	char *got = render_file(path, JSON_LINES);
	const char *err = got ? strstr(got, "ERR") : NULL;
	CHECK(err && strstr(err, ":3:") && strstr(err, "duplicate key \"k500\""));
	CHECK(got && strncmp(got, "L1{k0=N0,k1=N1,", 15) == 0 && strstr(got, "\nL2{k0=N0,"));
	free(got);
	unlink(path);
	free(path);
	strbuf_free(&sb);
}

static void test_deep_nesting(void)
{
	/* 511 brackets inside the row object are 512 levels: the limit, accepted. */
	struct strbuf sb = {0};
	strbuf_append(&sb, "{\"a\":", 5);
	for (int i = 0; i < JSON_ROWS_MAX_DEPTH - 1; i++)
		strbuf_putc(&sb, '[');
	for (int i = 0; i < JSON_ROWS_MAX_DEPTH - 1; i++)
		strbuf_putc(&sb, ']');
	strbuf_putc(&sb, '}');
	char *got = render_text(sb.buf, sb.len, JSON_LINES);
	CHECK(got && strncmp(got, "L1{a=J[[[", 9) == 0 && strstr(got, "]]]}\nEND"));
	free(got);

	/* One more level is an error at the bracket that crosses the limit; far
	 * deeper input must fail the same way instead of overflowing the stack. */
	int depths[2] = {JSON_ROWS_MAX_DEPTH, 200000};
	for (int d = 0; d < 2; d++) {
		strbuf_reset(&sb);
		strbuf_append(&sb, "{\"a\":", 5);
		for (int i = 0; i < depths[d]; i++)
			strbuf_putc(&sb, '[');
		got = render_text(sb.buf, sb.len, JSON_LINES);
		char want[64];
		snprintf(want, sizeof want, "F:1:%d: nesting deeper than %d levels", 5 + JSON_ROWS_MAX_DEPTH,
			 JSON_ROWS_MAX_DEPTH);
		CHECK(got && strstr(got, want));
		free(got);
	}
	strbuf_free(&sb);
}

void test_json_rows(void)
{
	test_basic_kinds();
	test_escapes();
	test_jsonl_layout();
	test_syntax_errors();
	test_array_files();
	test_row_bigger_than_buffer();
	test_many_rows_across_refills();
	test_wide_rows();
	test_deep_nesting();
}
