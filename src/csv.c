/*
 * csv.c — the RFC 4180 reader (see csv.h).
 *
 * Scanning works on the input's buffer directly: runs of ordinary bytes are
 * found with a table of the bytes that end an unquoted run and copied into one record buffer, where every
 * field is NUL-terminated. UTF-8 is checked per field after unescaping; the
 * position of a bad byte is recovered by replaying the field's bytes from its
 * start (a '"' in a quoted field stood for two bytes in the file).
 */
#include "csv.h"

#include <stdlib.h>
#include <string.h>

struct field_pos {
	long line, col;  /* where the field starts (its opening quote, if quoted) */
	int quoted;
	size_t off, len; /* its text in the record buffer */
};

struct csv_reader {
	struct input *in;
	char delim;
	unsigned char special[256]; /* bytes that end an unquoted run */
	int started;                /* BOM and delimiter handled */
	long line;                  /* current line, from 1 */
	uint64_t line_start;        /* file offset where the current line starts */
	struct strbuf text;         /* the record's fields, each NUL-terminated */
	struct field_pos *pos;
	struct field *fields;
	size_t cap;
};

struct csv_reader *csv_reader_new(struct input *in, char delimiter)
{
	struct csv_reader *r = xcalloc(1, sizeof *r);
	r->in = in;
	r->delim = delimiter;
	r->line = 1;
	return r;
}

void csv_reader_free(struct csv_reader *r)
{
	if (!r)
		return;
	strbuf_free(&r->text);
	free(r->pos);
	free(r->fields);
	free(r);
}

char csv_reader_delimiter(const struct csv_reader *r)
{
	return r->delim;
}

long csv_reader_field_column(const struct csv_reader *r, size_t i)
{
	return r->pos[i].col;
}

long csv_reader_field_line(const struct csv_reader *r, size_t i)
{
	return r->pos[i].line;
}

/* Counts candidate delimiters outside quotes on the first line of buf. */
static char detect_delimiter(const unsigned char *p, size_t n)
{
	static const char cand[] = {',', ';', '\t', '|'};
	size_t count[4] = {0};
	int quoted = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = p[i];
		if (c == '"')
			quoted = !quoted;
		else if (!quoted && (c == '\n' || c == '\r'))
			break;
		else if (!quoted)
			for (int k = 0; k < 4; k++)
				if (c == (unsigned char)cand[k])
					count[k]++;
	}
	int best = 0;
	for (int k = 1; k < 4; k++)
		if (count[k] > count[best])
			best = k;
	return cand[best];
}

static int start(struct csv_reader *r, struct audit_err *err)
{
	size_t n;
	const unsigned char *p = input_peek(r->in, &n, err);
	if (!p)
		return -1;
	if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) {
		input_advance(r->in, 3);
		r->line_start = 3;
		p += 3;
		n -= 3;
	}
	if (!r->delim)
		r->delim = detect_delimiter(p, n);
	r->special[(unsigned char)r->delim] = 1;
	r->special['\n'] = 1;
	r->special['\r'] = 1;
	r->started = 1;
	return 0;
}

static long column_of(const struct csv_reader *r, uint64_t offset)
{
	return (long)(offset - r->line_start) + 1;
}

/* Field nfields of the record, starting at column col of the current line, its text at off. */
static inline struct field_pos *new_field(struct csv_reader *r, size_t nfields, int quoted, long col, size_t off)
{
	if (nfields == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->pos = xrealloc(r->pos, r->cap * sizeof *r->pos);
		r->fields = xrealloc(r->fields, r->cap * sizeof *r->fields);
	}
	struct field_pos *f = &r->pos[nfields];
	f->line = r->line;
	f->col = col;
	f->quoted = quoted;
	f->off = off;
	return f;
}

/* Consumes a line break starting at p (CR, LF or CRLF); returns bytes used or -1. */
static int line_break(struct csv_reader *r, struct audit_err *err)
{
	size_t n;
	const unsigned char *p = input_peek(r->in, &n, err);
	if (!p)
		return -1;
	int cr = p[0] == '\r';
	input_advance(r->in, 1);
	if (cr) {
		p = input_peek(r->in, &n, err);
		if (!p)
			return -1;
		if (n > 0 && p[0] == '\n')
			input_advance(r->in, 1);
	}
	r->line++;
	r->line_start = input_offset(r->in);
	return 0;
}

/* Reports the first invalid UTF-8 byte of field f, replaying its bytes for the position. */
static int check_utf8(struct csv_reader *r, const struct field_pos *f, struct audit_err *err)
{
	const unsigned char *s = (const unsigned char *)r->text.buf + f->off;
	size_t ok = utf8_valid_prefix(s, f->len);
	if (ok == f->len)
		return 0;
	long line = f->line, col = f->col + (f->quoted ? 1 : 0);
	for (size_t i = 0; i < ok; i++) {
		if (s[i] == '\n') {
			line++;
			col = 1;
		} else
			col += (f->quoted && s[i] == '"') ? 2 : 1;
	}
	audit_fail(err, AUDIT_EINPUT, "%s:%ld:%ld: invalid UTF-8 byte 0x%02X", r->in->path, line, col, s[ok]);
	return -1;
}

/* Reads a quoted field's content after its opening quote, up to the closing one. */
static int read_quoted(struct csv_reader *r, const struct field_pos *f, struct audit_err *err)
{
	for (;;) {
		size_t n;
		const unsigned char *p = input_peek(r->in, &n, err);
		if (!p)
			return -1;
		if (n == 0)
			return audit_fail(err, AUDIT_EINPUT, "%s:%ld:%ld: unterminated quoted field (the quote opened here is never closed)",
					  r->in->path, f->line, f->col), -1;
		size_t i = 0;
		while (i < n && p[i] != '"' && p[i] != '\n' && p[i] != '\r')
			i++;
		strbuf_append(&r->text, (const char *)p, i);
		input_advance(r->in, i);
		if (i == n)
			continue;
		if (p[i] == '"') {
			input_advance(r->in, 1);
			p = input_peek(r->in, &n, err);
			if (!p)
				return -1;
			if (n > 0 && p[0] == '"') {
				strbuf_putc(&r->text, '"');
				input_advance(r->in, 1);
				continue;
			}
			return 0;
		}
		/* A line break inside quotes is data: keep it as written. */
		int cr = p[i] == '\r';
		strbuf_putc(&r->text, (char)p[i]);
		input_advance(r->in, 1);
		if (cr) {
			p = input_peek(r->in, &n, err);
			if (!p)
				return -1;
			if (n > 0 && p[0] == '\n') {
				strbuf_putc(&r->text, '\n');
				input_advance(r->in, 1);
			}
		}
		r->line++;
		r->line_start = input_offset(r->in);
	}
}

/* Reads an unquoted field's bytes up to a delimiter, line break or end of file. */
static int read_unquoted(struct csv_reader *r, struct audit_err *err)
{
	for (;;) {
		size_t n;
		const unsigned char *p = input_peek(r->in, &n, err);
		if (!p)
			return -1;
		if (n == 0)
			return 0;
		size_t i = 0;
		/* A quote inside an unquoted field is taken literally, as most readers do. */
		while (i < n && !r->special[p[i]])
			i++;
		strbuf_append(&r->text, (const char *)p, i);
		input_advance(r->in, i);
		if (i < n)
			return 0;
	}
}

/*
 * The common case, read in one piece: a whole line already in the buffer,
 * without a CR inside it, whose quoted fields hold no quote and no line
 * break. Returns its number of fields, or 0 (nothing consumed) when the
 * line needs the general reader below.
 */
static size_t read_plain_line(struct csv_reader *r, struct audit_err *err)
{
	size_t n;
	const unsigned char *p = input_peek(r->in, &n, err);
	const unsigned char *nl = p ? memchr(p, '\n', n) : NULL;
	if (!nl)
		return 0;
	size_t len = (size_t)(nl - p), end = len;
	if (end > 0 && p[end - 1] == '\r')
		end--;
	if (memchr(p, '\r', end))
		return 0;
	strbuf_append(&r->text, (const char *)p, end);
	strbuf_putc(&r->text, '\0');
	char *text = r->text.buf, delim = r->delim;
	size_t nfields = 0, i = 0;
	for (;;) {
		size_t start = i, stop;
		int quoted = text[i] == '"';
		if (quoted) {
			char *close = memchr(text + i + 1, '"', end - i - 1);
			stop = close ? (size_t)(close - text) : end;
			if (!close || (stop + 1 < end && text[stop + 1] != delim)) {
				r->text.len = 0; /* "" inside, or text after the closing quote */
				return 0;
			}
			i = stop + 1;
		} else {
			while (i < end && text[i] != delim)
				i++;
			stop = i;
		}
		struct field_pos *f = new_field(r, nfields++, quoted, (long)start + 1, start + (size_t)quoted);
		f->len = stop - f->off;
		text[stop] = '\0';
		if (i == end)
			break;
		i++;
	}
	input_advance(r->in, len + 1);
	r->line++;
	r->line_start = input_offset(r->in);
	return nfields;
}

/* Any record, field by field: quotes, line breaks in quotes, a buffer's end. Returns its fields, or 0 on error. */
static size_t read_fields(struct csv_reader *r, struct audit_err *err)
{
	size_t n;
	const unsigned char *p;
	size_t nfields = 0;
	for (;;) {
		p = input_peek(r->in, &n, err);
		if (!p)
			return 0;
		int quoted = n > 0 && p[0] == '"';
		struct field_pos *f = new_field(r, nfields, quoted, column_of(r, input_offset(r->in)), r->text.len);
		if (quoted) {
			input_advance(r->in, 1);
			if (read_quoted(r, f, err) < 0)
				return 0;
		} else if (read_unquoted(r, err) < 0)
			return 0;
		f->len = r->text.len - f->off;
		strbuf_putc(&r->text, '\0');
		nfields++;

		p = input_peek(r->in, &n, err);
		if (!p)
			return 0;
		if (n == 0)
			break;
		if (p[0] == (unsigned char)r->delim) {
			input_advance(r->in, 1);
			/* A delimiter right before end of file still opens one more (empty) field. */
			continue;
		}
		if (p[0] == '\n' || p[0] == '\r') {
			if (line_break(r, err) < 0)
				return 0;
			break;
		}
		return audit_fail(err, AUDIT_EINPUT, "%s:%ld:%ld: unexpected '%c' after a closing quote (expected the delimiter or the end of the line)",
				  r->in->path, r->line, column_of(r, input_offset(r->in)), p[0]), 0;
	}

	return nfields;
}

int csv_reader_next(struct csv_reader *r, struct csv_record *rec, struct audit_err *err)
{
	if (!r->started && start(r, err) < 0)
		return -1;
	size_t n;
	const unsigned char *p;
	/* Skip blank lines between records. */
	for (;;) {
		p = input_peek(r->in, &n, err);
		if (!p)
			return -1;
		if (n == 0)
			return 0;
		if (p[0] != '\n' && p[0] != '\r')
			break;
		if (line_break(r, err) < 0)
			return -1;
	}

	strbuf_reset(&r->text);
	long line = r->line;
	size_t nfields = read_plain_line(r, err);
	if (!nfields && !(nfields = read_fields(r, err)))
		return -1;

	/* One check over the whole record is cheap; find the field only on failure. */
	int bad_utf8 = utf8_valid_prefix((const unsigned char *)r->text.buf, r->text.len) != r->text.len;
	for (size_t i = 0; i < nfields; i++) {
		if (bad_utf8 && check_utf8(r, &r->pos[i], err) < 0)
			return -1;
		r->fields[i].text = r->text.buf + r->pos[i].off;
		r->fields[i].len = r->pos[i].len;
		r->fields[i].kind = FIELD_RAW;
	}
	rec->n = nfields;
	rec->fields = r->fields;
	rec->line = line;
	return 1;
}
