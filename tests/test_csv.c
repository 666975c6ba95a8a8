/*
 * test_csv.c — the RFC 4180 reader on hand-made inputs. Each case parses a
 * string and compares a rendering of the records ("[a][b]@1" per record:
 * fields in brackets, then the starting line) or the error message.
 */
#include "harness.h"

#include "csv.h"
#include "u64map.h"

void test_csv(void);

/* Parses data and renders every record, or "error: MESSAGE". Caller frees. */
static char *parse(const char *data, size_t len, char delim, char *used_delim)
{
	char path[64];
	if (harness_temp_file(data, len, path) < 0)
		return xstrdup("cannot write temp file");
	struct audit_err err = {0};
	struct input in;
	struct strbuf out = {0};
	if (input_open(&in, path, &err) != 0) {
		unlink(path);
		return xstrdup(err.msg);
	}
	struct csv_reader *r = csv_reader_new(&in, delim);
	struct csv_record rec;
	int rc;
	while ((rc = csv_reader_next(r, &rec, &err)) > 0) {
		for (size_t i = 0; i < rec.n; i++) {
			strbuf_putc(&out, '[');
			strbuf_append(&out, rec.fields[i].text, rec.fields[i].len);
			strbuf_putc(&out, ']');
		}
		strbuf_printf(&out, "@%ld\n", rec.line);
	}
	if (rc < 0) {
		/* Drop the temp path so messages compare equal: keep ":LINE:COL: ..." */
		const char *tail = strstr(err.msg, path) ? err.msg + strlen(path) : err.msg;
		strbuf_reset(&out);
		strbuf_printf(&out, "error%s", tail);
	}
	if (used_delim)
		*used_delim = csv_reader_delimiter(r);
	csv_reader_free(r);
	input_close(&in);
	unlink(path);
	if (!out.buf)
		return xstrdup("");
	return out.buf;
}

#define CHECK_CSV(data, want)                                            \
	do {                                                             \
		char *got_ = parse((data), sizeof(data) - 1, 0, NULL); \
		CHECK_STR(got_, (want));                                 \
		free(got_);                                              \
	} while (0)

static void test_csv_basics(void)
{
	CHECK_CSV("a,b\n1,2\n", "[a][b]@1\n[1][2]@2\n");
	/* No newline after the last row. */
	CHECK_CSV("a,b\n1,2", "[a][b]@1\n[1][2]@2\n");
	/* CRLF line ends. */
	CHECK_CSV("a,b\r\n1,2\r\n", "[a][b]@1\n[1][2]@2\n");
	/* Empty fields, including a trailing one. */
	CHECK_CSV("a,b,c\n,,\n1,,\n", "[a][b][c]@1\n[][][]@2\n[1][][]@3\n");
	/* Blank lines between records are skipped; line numbers stay true. */
	CHECK_CSV("a\n\n1\n\n\n2\n", "[a]@1\n[1]@3\n[2]@6\n");
	/* Empty file: no records at all. */
	CHECK_CSV("", "");
	/* UTF-8 byte-order mark is not part of the first name. */
	CHECK_CSV("\xEF\xBB\xBFid,name\n1,x\n", "[id][name]@1\n[1][x]@2\n");
	/* Korean text passes through unchanged. */
	CHECK_CSV("이름,성별\n김민지,여\n", "[이름][성별]@1\n[김민지][여]@2\n");
}

static void test_csv_quotes(void)
{
	/* Quoted delimiter, doubled quote, newline inside quotes (RFC 4180 §2.6-2.7). */
	CHECK_CSV("a,b\n\"x,y\",\"say \"\"hi\"\"\"\n", "[a][b]@1\n[x,y][say \"hi\"]@2\n");
	CHECK_CSV("a,b\n\"line1\nline2\",z\n3,4\n", "[a][b]@1\n[line1\nline2][z]@2\n[3][4]@4\n");
	/* CRLF inside quotes is data, kept as written. */
	CHECK_CSV("a\r\n\"p\r\nq\"\r\n", "[a]@1\n[p\r\nq]@2\n");
	/* Empty quoted field and quoted last field without newline. */
	CHECK_CSV("a,b\n\"\",\"z\"", "[a][b]@1\n[][z]@2\n");
	/* A quote inside an unquoted field is literal. */
	CHECK_CSV("a\n5\"6\n", "[a]@1\n[5\"6]@2\n");
}

static void test_csv_errors(void)
{
	/* The quote opened at line 2, column 3 is never closed. */
	CHECK_CSV("a,b\n1,\"open\n2,3\n", "error:2:3: unterminated quoted field (the quote opened here is never closed)");
	/* Text after a closing quote: line 2, column 5 is the 'x'. */
	CHECK_CSV("a,b\n\"ab\"x,1\n", "error:2:5: unexpected 'x' after a closing quote (expected the delimiter or the end of the line)");
	/* Invalid UTF-8: byte 0xFF at line 3, column 5. */
	CHECK_CSV("a,b\n1,2\nxy,z\xFF\n", "error:3:5: invalid UTF-8 byte 0xFF");
	/* In a quoted field after a doubled quote and a newline: line 3, column 3. */
	CHECK_CSV("a\n\"\"\"q\nab\xC3(\"\n", "error:3:3: invalid UTF-8 byte 0xC3");
	/* Overlong encoding of '/' is not valid UTF-8. */
	CHECK_CSV("a\n\xC0\xAF\n", "error:2:1: invalid UTF-8 byte 0xC0");
}

static void test_csv_delimiters(void)
{
	char d = 0;
	char *got = parse("a;b;c\n1;2;3\n", 12, 0, &d);
	CHECK_STR(got, "[a][b][c]@1\n[1][2][3]@2\n");
	CHECK_INT(d, ';');
	free(got);
	got = parse("a\tb\n1\t2\n", 8, 0, &d);
	CHECK_STR(got, "[a][b]@1\n[1][2]@2\n");
	CHECK_INT(d, '\t');
	free(got);
	got = parse("a|b\n1|2\n", 8, 0, &d);
	CHECK_INT(d, '|');
	free(got);
	/* Commas inside a quoted header name do not vote. */
	got = parse("\"x,y,z\";b\n1;2\n", 14, 0, &d);
	CHECK_STR(got, "[x,y,z][b]@1\n[1][2]@2\n");
	CHECK_INT(d, ';');
	free(got);
	/* A given delimiter wins over detection. */
	got = parse("a;b,c\n1;2,3\n", 12, ',', &d);
	CHECK_STR(got, "[a;b][c]@1\n[1;2][3]@2\n");
	free(got);
}

/* A field longer than the input buffer must survive refills intact. */
static void test_csv_large_field(void)
{
	size_t big = INPUT_BUFSIZE + 12345;
	size_t len = 4 + big + 3;
	char *data = xmalloc(len + 1);
	memcpy(data, "a,b\n", 4);
	data[4] = '"';
	memset(data + 5, 'x', big - 2);
	data[4 + big - 1] = '"';
	memcpy(data + 4 + big, ",1\n", 3);
	char *got = parse(data, len, 0, NULL);
	/* "[a][b]@1\n" "[" x... "]" "[1]@2\n" */
	CHECK_INT(strlen(got), 9 + 1 + (big - 2) + 1 + 6);
	CHECK(strncmp(got + 9, "[xxxx", 5) == 0);
	CHECK_STR(got + strlen(got) - 7, "][1]@2\n");
	free(got);
	free(data);
}

/*
 * The same rules written as plainly as possible, one byte at a time, for
 * a differential check: the reader takes a whole unquoted-or-simply-quoted
 * line in one piece and falls back to its general path otherwise, and both
 * must read every input as this does. Errors render as "error:LINE:COL".
 */
static char *model_parse(const char *d, size_t len)
{
	struct strbuf out = {0};
	size_t pos = 0, line_start = 0;
	long line = 1;
#define MODEL_BREAK()                                                        \
	do {                                                                 \
		if (d[pos] == '\r' && pos + 1 < len && d[pos + 1] == '\n') \
			pos++;                                               \
		pos++;                                                       \
		line++;                                                      \
		line_start = pos;                                            \
	} while (0)
	for (;;) {
		while (pos < len && (d[pos] == '\n' || d[pos] == '\r'))
			MODEL_BREAK();
		if (pos == len)
			break;
		long rec_line = line;
		for (;;) {
			strbuf_putc(&out, '[');
			if (pos < len && d[pos] == '"') {
				long fl = line, fc = (long)(pos - line_start) + 1;
				for (pos++;;) {
					if (pos == len) {
						free(out.buf);
						out = (struct strbuf){0};
						strbuf_printf(&out, "error:%ld:%ld", fl, fc);
						return out.buf;
					}
					if (d[pos] == '"' && pos + 1 < len && d[pos + 1] == '"') {
						strbuf_putc(&out, '"');
						pos += 2;
					} else if (d[pos] == '"') {
						pos++;
						break;
					} else if (d[pos] == '\n' || d[pos] == '\r') {
						size_t from = pos;
						MODEL_BREAK();
						strbuf_append(&out, d + from, pos - from);
					} else
						strbuf_putc(&out, d[pos++]);
				}
			} else
				while (pos < len && d[pos] != ',' && d[pos] != '\n' && d[pos] != '\r')
					strbuf_putc(&out, d[pos++]);
			strbuf_putc(&out, ']');
			if (pos == len)
				break;
			if (d[pos] == ',') {
				pos++;
				continue;
			}
			if (d[pos] == '\n' || d[pos] == '\r') {
				MODEL_BREAK();
				break;
			}
			free(out.buf);
			out = (struct strbuf){0};
			strbuf_printf(&out, "error:%ld:%ld", line, (long)(pos - line_start) + 1);
			return out.buf;
		}
		strbuf_printf(&out, "@%ld\n", rec_line);
	}
#undef MODEL_BREAK
	return out.buf ? out.buf : xstrdup("");
}

static uint64_t next_random(uint64_t *state)
{
	*state = *state * 6364136223846793005ull + 1442695040888963407ull;
	return hash_mix(*state);
}

/* 3000 random inputs over the bytes that matter, each read by the reader and the model. */
static void test_csv_against_model(void)
{
	static const char *const atoms[] = {"a", "b7", "\xC3\xA9", ",", ",", "\"", "\"", "\n", "\n", "\r", " "};
	uint64_t state = 0x637376ull;
	int differ = 0;
	for (int t = 0; t < 3000; t++) {
		char data[64];
		size_t len = 0;
		size_t n = (size_t)(next_random(&state) % 24);
		for (size_t k = 0; k < n; k++) {
			const char *a = atoms[next_random(&state) % (sizeof atoms / sizeof *atoms)];
			memcpy(data + len, a, strlen(a));
			len += strlen(a);
		}
		char *want = model_parse(data, len);
		char *got = parse(data, len, ',', NULL);
		if (strncmp(got, "error:", 6) == 0) {
			char *colon = strchr(got + 6, ':');
			colon = colon ? strchr(colon + 1, ':') : NULL;
			if (colon)
				*colon = '\0';
		}
		if (strcmp(got, want) != 0 && differ++ < 3)
			CHECK_STR(got, want);
		free(want);
		free(got);
	}
	CHECK_INT(differ, 0);
}

void test_csv(void)
{
	test_csv_basics();
	test_csv_quotes();
	test_csv_errors();
	test_csv_delimiters();
	test_csv_large_field();
	test_csv_against_model();
}
