/*
 * json_rows.c — streaming reader for JSON Lines and for a JSON array of
 * objects (see json_rows.h). A small hand-written scanner rather than cJSON:
 * numbers must keep every digit (cJSON stores doubles) and a gigabyte array
 * must not be parsed as one document. The scanner works on the input's
 * buffer through a cursor window and copies each row's keys and values into
 * one strbuf the reader reuses, so values survive buffer refills and a
 * steady stream of rows allocates nothing. Offsets into that strbuf are kept
 * while the row is built and turned into pointers once it is complete,
 * because the strbuf may move when it grows.
 */
#include "json_rows.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Results of the byte helpers, besides a byte value 0..255. */
enum { JEOF = -1, JERR = -2 };

enum reader_state {
	ST_START, /* nothing read yet: a BOM may follow */
	ST_BODY,  /* JSON Lines: between rows; JSON array: '[' comes next */
	ST_NEXT,  /* JSON array: after an element, ',' or ']' comes next */
	ST_DONE,
	ST_FAILED,
};

/* One member of the row being built; offsets into r->text. */
struct member {
	size_t key_off, key_len, val_off, val_len;
	enum field_kind kind;
};

/* Open-addressing slot for duplicate-key detection; gen marks the row it belongs to. */
struct dup_slot {
	size_t gen, idx;
};

struct json_rows {
	struct input *in;
	enum json_shape shape;
	enum reader_state state;

	/* The window of the input buffer being scanned: [win, lim), cursor cur. */
	const unsigned char *win, *cur, *lim;
	uint64_t win_off;  /* file offset of win[0] */
	long line;         /* 1-based line of cur */
	uint64_t line_off; /* file offset of the first byte of that line */

	struct strbuf text; /* the current row's keys and values, each NUL-terminated */
	struct member *mem;
	size_t nmem, cap;   /* cap also sizes keys, keylen and values */
	const char **keys;
	size_t *keylen;
	struct field *values;
	long row_line;

	struct dup_slot *slots;
	size_t nslots, gen;

	unsigned char stack[JSON_ROWS_MAX_DEPTH]; /* open brackets of a nested value */
	struct audit_err error;                   /* kept so a failed reader repeats it */
};

struct jpos {
	long line, col;
};

/* ---- cursor ---------------------------------------------------------- */

/* Hands the consumed bytes back to the input, so input_offset is current. */
static void sync_input(struct json_rows *r)
{
	if (!r->win)
		return;
	size_t used = (size_t)(r->cur - r->win);
	input_advance(r->in, used);
	r->win_off += used;
	r->win = r->cur;
}

/* Called when the window is used up: refills it and returns its first byte. */
static int fill(struct json_rows *r)
{
	size_t n;
	sync_input(r);
	const unsigned char *p = input_peek(r->in, &n, &r->error);
	if (!p)
		return JERR;
	r->win = r->cur = p;
	r->lim = p + n;
	r->win_off = input_offset(r->in);
	return n ? *p : JEOF;
}

static inline int peekc(struct json_rows *r)
{
	return r->cur < r->lim ? *r->cur : fill(r);
}

static inline uint64_t offset_of(const struct json_rows *r, const unsigned char *p)
{
	return r->win_off + (uint64_t)(p - r->win);
}

static struct jpos here(const struct json_rows *r)
{
	uint64_t off = r->win ? offset_of(r, r->cur) : input_offset(r->in);
	return (struct jpos){r->line, (long)(off - r->line_off) + 1};
}

static void consume_newline(struct json_rows *r)
{
	r->cur++;
	r->line++;
	r->line_off = offset_of(r, r->cur);
}

/*
 * Skips JSON whitespace and returns the next byte (or JEOF/JERR), appending
 * the skipped bytes to r->text when copy is set (inside nested values). In
 * JSON Lines a newline ends the row, so it is returned, not skipped.
 */
static int skip_ws(struct json_rows *r, int copy)
{
	int nl_is_ws = r->shape == JSON_ARRAY;
	for (;;) {
		const unsigned char *p = r->cur;
		while (p < r->lim && (*p == ' ' || *p == '\t' || *p == '\r' || (*p == '\n' && nl_is_ws))) {
			if (*p == '\n') {
				r->line++;
				r->line_off = offset_of(r, p + 1);
			}
			p++;
		}
		if (copy && p > r->cur)
			strbuf_append(&r->text, (const char *)r->cur, (size_t)(p - r->cur));
		r->cur = p;
		if (p < r->lim)
			return *p;
		int c = fill(r);
		if (c < 0)
			return c;
	}
}

/* ---- errors ---------------------------------------------------------- */

static int fail(struct json_rows *r, struct jpos at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Fills r->error as "PATH:LINE:COL: what" and returns JERR. */
static int fail(struct json_rows *r, struct jpos at, const char *fmt, ...)
{
	size_t cap = sizeof r->error.msg;
	int n = snprintf(r->error.msg, cap, "%s:%ld:%ld: ", r->in->path, at.line, at.col);
	size_t used = n < 0 ? 0 : (size_t)n < cap ? (size_t)n : cap - 1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->error.msg + used, cap - used, fmt, ap);
	va_end(ap);
	r->error.code = AUDIT_EINPUT;
	return JERR;
}

/* Names a byte (or JEOF) for a message: 'x', "end of line", "byte 0xC3". */
static const char *describe(int c, char buf[16])
{
	if (c == JEOF)
		return "end of file";
	if (c == '\n')
		return "end of line";
	if (c >= 0x20 && c < 0x7f)
		snprintf(buf, 16, "'%c'", c);
	else
		snprintf(buf, 16, "byte 0x%02X", (unsigned)c);
	return buf;
}

/* Reports "expected WHAT, found C" at the cursor; a read error (JERR) passes through. */
static int unexpected(struct json_rows *r, int c, const char *what)
{
	char buf[16];
	if (c == JERR)
		return JERR;
	return fail(r, here(r), "expected %s, found %s%s", what, describe(c, buf),
		    c == '\n' ? " (a JSON Lines object must be on one line)" : "");
}

/*
 * Copies a key into out for a message: quotes and control bytes escaped, cut
 * after about 60 bytes on a UTF-8 character boundary.
 */
static void quote_key(char *out, size_t cap, const char *s, size_t n)
{
	size_t o = 0, i = 0, limit = n > 60 ? 60 : n;
	while (limit < n && limit > 0 && ((unsigned char)s[limit] & 0xC0) == 0x80)
		limit--;
	for (; i < limit && o + 8 < cap; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			o += (size_t)snprintf(out + o, cap - o, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(out + o, cap - o, "\\x%02X", c);
		else
			out[o++] = (char)c;
	}
	out[o] = '\0';
	if (i < n && o + 4 < cap)
		strcpy(out + o, "...");
}

/* ---- strings --------------------------------------------------------- */

/* Checks the raw bytes text[seg..len) of a string, which started at position at. */
static int check_utf8(struct json_rows *r, size_t seg, struct jpos at)
{
	size_t n = r->text.len - seg;
	size_t ok = utf8_valid_prefix((const unsigned char *)r->text.buf + seg, n);
	if (ok == n)
		return 0;
	at.col += (long)ok;
	return fail(r, at, "invalid UTF-8 in a string (byte 0x%02X)", (unsigned char)r->text.buf[seg + ok]);
}

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Reads the 'u' and four hex digits of a \u escape into *cp, keeping the
 * digits as written for raw copies. Returns 0, 1 for a malformed escape, or JERR.
 */
static int read_hex4(struct json_rows *r, unsigned *cp, char digits[4])
{
	r->cur++;
	*cp = 0;
	for (int i = 0; i < 4; i++) {
		int c = peekc(r);
		if (c == JERR)
			return JERR;
		int d = hex_value(c);
		if (d < 0)
			return 1;
		digits[i] = (char)c;
		*cp = *cp << 4 | (unsigned)d;
		r->cur++;
	}
	return 0;
}

static void put_utf8(struct strbuf *sb, unsigned cp)
{
	char b[4];
	size_t n;
	if (cp < 0x80) {
		b[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		b[0] = (char)(0xC0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		b[0] = (char)(0xE0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | cp >> 18);
		b[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		b[2] = (char)(0x80 | (cp >> 6 & 0x3F));
		b[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	strbuf_append(sb, b, n);
}

/* Consumes a backslash if one follows; returns 1 when a 'u' is then under the cursor. */
static int at_backslash_u(struct json_rows *r)
{
	int c = peekc(r);
	if (c != '\\')
		return c == JERR ? JERR : 0;
	r->cur++;
	c = peekc(r);
	return c == JERR ? JERR : c == 'u';
}

/*
 * Handles \uXXXX (cursor on the 'u'; the escape began at at). A high
 * surrogate must be followed at once by an escaped low one; a lone surrogate
 * is not a character, so it is an error rather than garbage in the output.
 */
static int scan_unicode(struct json_rows *r, int raw, struct jpos at)
{
	unsigned hi, lo;
	char d1[4], d2[4];
	int rc = read_hex4(r, &hi, d1);
	if (rc)
		return rc < 0 ? JERR : fail(r, at, "invalid \\u escape (expected 4 hex digits)");
	if (hi >= 0xDC00 && hi <= 0xDFFF)
		return fail(r, at, "lone low surrogate \\u%04X in a string", hi);
	if (hi < 0xD800 || hi > 0xDBFF) {
		if (raw)
			strbuf_printf(&r->text, "\\u%.4s", d1);
		else
			put_utf8(&r->text, hi);
		return 0;
	}
	rc = at_backslash_u(r);
	if (rc < 0)
		return JERR;
	if (rc == 0)
		return fail(r, at, "lone high surrogate \\u%04X in a string", hi);
	rc = read_hex4(r, &lo, d2);
	if (rc)
		return rc < 0 ? JERR : fail(r, at, "invalid \\u escape (expected 4 hex digits)");
	if (lo < 0xDC00 || lo > 0xDFFF)
		return fail(r, at, "lone high surrogate \\u%04X in a string", hi);
	if (raw)
		strbuf_printf(&r->text, "\\u%.4s\\u%.4s", d1, d2);
	else
		put_utf8(&r->text, 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
	return 0;
}

/* Handles one escape; the cursor is on its backslash. */
static int scan_escape(struct json_rows *r, int raw)
{
	struct jpos at = here(r);
	char buf[16];
	r->cur++;
	int c = peekc(r);
	char out;
	switch (c) {
	case '"': case '\\': case '/': out = (char)c; break;
	case 'b': out = '\b'; break;
	case 'f': out = '\f'; break;
	case 'n': out = '\n'; break;
	case 'r': out = '\r'; break;
	case 't': out = '\t'; break;
	case 'u': return scan_unicode(r, raw, at);
	case JERR: return JERR;
	default: return fail(r, at, "invalid escape in a string: backslash followed by %s", describe(c, buf));
	}
	r->cur++;
	if (raw) {
		strbuf_putc(&r->text, '\\');
		strbuf_putc(&r->text, (char)c);
	} else
		strbuf_putc(&r->text, out);
	return 0;
}

static inline int plain_string_byte(unsigned char c)
{
	return c >= 0x20 && c != '"' && c != '\\';
}

/*
 * Scans the string whose opening quote is under the cursor and appends it to
 * r->text: unescaped, or as written when raw is set (inside nested values).
 * Runs of plain bytes are copied a window at a time; each run is checked as
 * UTF-8 when it ends (at a quote, escape or control byte), so a character
 * split by a buffer refill is checked whole.
 */
static int scan_string(struct json_rows *r, int raw)
{
	struct jpos open = here(r);
	if (raw)
		strbuf_putc(&r->text, '"');
	r->cur++;
	size_t seg = r->text.len;
	struct jpos segpos = here(r);
	unsigned high = 0; /* OR of the run's bytes: bit 7 set means non-ASCII to check */
	for (;;) {
		const unsigned char *p = r->cur;
		while (p < r->lim && plain_string_byte(*p))
			high |= *p++;
		strbuf_append(&r->text, (const char *)r->cur, (size_t)(p - r->cur));
		r->cur = p;
		int c = peekc(r);
		if (c == JERR)
			return JERR;
		if (c >= 0 && plain_string_byte((unsigned char)c))
			continue; /* the window was refilled mid-run */
		if ((high & 0x80) && check_utf8(r, seg, segpos) < 0)
			return JERR;
		if (c == '"') {
			r->cur++;
			if (raw)
				strbuf_putc(&r->text, '"');
			return 0;
		}
		if (c == JEOF || c == '\n')
			return fail(r, open, "unterminated string");
		if (c < 0x20)
			return fail(r, here(r), "raw control character 0x%02X in a string (it must be escaped)", c);
		if (scan_escape(r, raw) < 0)
			return JERR;
		seg = r->text.len;
		segpos = here(r);
		high = 0;
	}
}

/* ---- numbers and literals -------------------------------------------- */

static inline int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline int is_number_byte(int c)
{
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

/* Index just past the digits starting at s[i]. */
static size_t skip_digits(const char *s, size_t n, size_t i)
{
	while (i < n && is_digit(s[i]))
		i++;
	return i;
}

/*
 * Matches -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? against all of
 * s[0..n). Returns 1 when it matches; else 0 with *bad the index of the
 * first byte that does not fit (n when the token ends too early).
 */
static int number_ok(const char *s, size_t n, size_t *bad)
{
	size_t i = 0;
	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && is_digit(s[i]))
		i = skip_digits(s, n, i);
	else
		goto mismatch;
	if (i < n && s[i] == '.') {
		if (++i >= n || !is_digit(s[i]))
			goto mismatch;
		i = skip_digits(s, n, i);
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		if (i >= n || !is_digit(s[i]))
			goto mismatch;
		i = skip_digits(s, n, i);
	}
	if (i == n)
		return 1;
mismatch:
	*bad = i;
	return 0;
}

/*
 * Appends the number token under the cursor (the longest run of number
 * bytes) to r->text and checks it against the JSON grammar, so "01", "1."
 * and "+1" are errors rather than text that later passes for a number.
 */
static int scan_number(struct json_rows *r)
{
	struct jpos at = here(r);
	size_t start = r->text.len;
	for (;;) {
		const unsigned char *p = r->cur;
		while (p < r->lim && is_number_byte(*p))
			p++;
		strbuf_append(&r->text, (const char *)r->cur, (size_t)(p - r->cur));
		r->cur = p;
		int c = peekc(r);
		if (c == JERR)
			return JERR;
		if (c == JEOF || !is_number_byte(c))
			break;
	}
	const char *tok = r->text.buf + start;
	size_t n = r->text.len - start;
	size_t bad;
	if (number_ok(tok, n, &bad))
		return 0;
	at.col += (long)bad;
	return fail(r, at, "invalid number \"%.*s\"", n > 40 ? 40 : (int)n, tok);
}

/* Consumes the literal word (true, false, null) under the cursor. */
static int scan_literal(struct json_rows *r, const char *word)
{
	struct jpos at = here(r);
	for (const char *w = word; *w; w++) {
		int c = peekc(r);
		if (c == JERR)
			return JERR;
		if (c != (unsigned char)*w)
			return fail(r, at, "invalid literal (expected %s)", word);
		r->cur++;
	}
	return 0;
}

/*
 * Scans a string, number or literal starting with byte c. raw keeps strings
 * as written and null as "null" (inside nested values); otherwise strings
 * are unescaped and null has empty text.
 */
static int scan_scalar(struct json_rows *r, int c, int raw, enum field_kind *kind)
{
	if (c == '"') {
		*kind = FIELD_STRING;
		return scan_string(r, raw);
	}
	if (c == '-' || (c >= '0' && c <= '9')) {
		*kind = FIELD_NUMBER;
		return scan_number(r);
	}
	const char *word = c == 't' ? "true" : c == 'f' ? "false" : c == 'n' ? "null" : NULL;
	if (!word)
		return unexpected(r, c, "a value");
	if (scan_literal(r, word) < 0)
		return JERR;
	*kind = c == 'n' ? FIELD_NULL : FIELD_BOOL;
	if (raw || c != 'n')
		strbuf_append(&r->text, word, strlen(word));
	return 0;
}

/* ---- nested values --------------------------------------------------- */

enum nest_expect {
	X_VALUE,
	X_VALUE_OR_CLOSE, /* just after '[' */
	X_KEY,
	X_KEY_OR_CLOSE,   /* just after '{' */
	X_COLON,
	X_COMMA_OR_CLOSE,
};

/* Pushes '{' or '[' (under the cursor). The row object itself is level 1. */
static int nested_open(struct json_rows *r, size_t *top, int c)
{
	if (*top + 2 > JSON_ROWS_MAX_DEPTH)
		return fail(r, here(r), "nesting deeper than %d levels", JSON_ROWS_MAX_DEPTH);
	r->stack[(*top)++] = (unsigned char)c;
	strbuf_putc(&r->text, (char)c);
	r->cur++;
	return 0;
}

static void nested_close(struct json_rows *r, size_t *top, int c)
{
	(*top)--;
	strbuf_putc(&r->text, (char)c);
	r->cur++;
}

/*
 * Validates the object or array under the cursor and appends its text as
 * written. Iterative with an explicit bracket stack, so hostile nesting is
 * an error, not a stack overflow.
 */
static int scan_nested(struct json_rows *r)
{
	size_t top = 0;
	enum nest_expect want = X_VALUE;
	enum field_kind kind;
	do {
		int c = skip_ws(r, 1);
		int rc = 0;
		if (c == JERR)
			return JERR;
		int closer = top && r->stack[top - 1] == '{' ? '}' : ']';
		switch (want) {
		case X_VALUE_OR_CLOSE:
		case X_VALUE:
			if (c == ']' && want == X_VALUE_OR_CLOSE) {
				nested_close(r, &top, c);
				want = X_COMMA_OR_CLOSE;
			} else if (c == '{' || c == '[') {
				rc = nested_open(r, &top, c);
				want = c == '{' ? X_KEY_OR_CLOSE : X_VALUE_OR_CLOSE;
			} else {
				rc = scan_scalar(r, c, 1, &kind);
				want = X_COMMA_OR_CLOSE;
			}
			break;
		case X_KEY_OR_CLOSE:
		case X_KEY:
			if (c == '}' && want == X_KEY_OR_CLOSE) {
				nested_close(r, &top, c);
				want = X_COMMA_OR_CLOSE;
			} else if (c == '"') {
				rc = scan_string(r, 1);
				want = X_COLON;
			} else
				rc = unexpected(r, c, "a string key");
			break;
		case X_COLON:
			if (c != ':')
				return unexpected(r, c, "':'");
			strbuf_putc(&r->text, ':');
			r->cur++;
			want = X_VALUE;
			break;
		case X_COMMA_OR_CLOSE:
			if (c == ',') {
				strbuf_putc(&r->text, ',');
				r->cur++;
				want = closer == '}' ? X_KEY : X_VALUE;
			} else if (c == closer)
				nested_close(r, &top, c);
			else
				rc = unexpected(r, c, closer == '}' ? "',' or '}'" : "',' or ']'");
			break;
		}
		if (rc < 0)
			return JERR;
	} while (top > 0);
	return 0;
}

/* ---- the row object -------------------------------------------------- */

/* Adds a member to the row, growing the member and output arrays together. */
static struct member *add_member(struct json_rows *r)
{
	if (r->nmem == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->mem = xrealloc(r->mem, r->cap * sizeof *r->mem);
		r->keys = xrealloc(r->keys, r->cap * sizeof *r->keys);
		r->keylen = xrealloc(r->keylen, r->cap * sizeof *r->keylen);
		r->values = xrealloc(r->values, r->cap * sizeof *r->values);
	}
	return &r->mem[r->nmem++];
}

/* FNV-1a: short keys, no adversary worth a keyed hash here. */
static size_t hash_key(const char *s, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return (size_t)(h ^ h >> 32);
}

static int keys_equal(const struct json_rows *r, size_t i, size_t j)
{
	const struct member *a = &r->mem[i], *b = &r->mem[j];
	return a->key_len == b->key_len && memcmp(r->text.buf + a->key_off, r->text.buf + b->key_off, a->key_len) == 0;
}

static size_t dup_insert(struct json_rows *r, size_t i);

/* Resizes the table for at least want members and re-adds members [0, have). */
static void dup_grow(struct json_rows *r, size_t want, size_t have)
{
	size_t n = r->nslots ? r->nslots : 16;
	while (n < 2 * want)
		n *= 2;
	free(r->slots);
	r->slots = xcalloc(n, sizeof *r->slots);
	r->nslots = n;
	for (size_t i = 0; i < have; i++)
		dup_insert(r, i);
}

/*
 * Remembers member i's key for this row. Returns i, or the index of an
 * earlier member with the same key. A hash table, not a scan of earlier
 * keys, because wide rows (thousands of columns) would make that quadratic.
 */
static size_t dup_insert(struct json_rows *r, size_t i)
{
	if (2 * (i + 1) > r->nslots)
		dup_grow(r, i + 1, i);
	const struct member *m = &r->mem[i];
	size_t mask = r->nslots - 1;
	for (size_t s = hash_key(r->text.buf + m->key_off, m->key_len) & mask;; s = (s + 1) & mask) {
		struct dup_slot *slot = &r->slots[s];
		if (slot->gen != r->gen) {
			slot->gen = r->gen;
			slot->idx = i;
			return i;
		}
		if (keys_equal(r, slot->idx, i))
			return slot->idx;
	}
}

/* Starts a new row: a new generation empties the duplicate table without clearing it. */
static void begin_row(struct json_rows *r)
{
	strbuf_reset(&r->text);
	r->nmem = 0;
	r->row_line = r->line;
	if (++r->gen == 0) {
		if (r->slots)
			memset(r->slots, 0, r->nslots * sizeof *r->slots);
		r->gen = 1;
	}
}

/* Scans a member's value starting with byte c into m. */
static int parse_value(struct json_rows *r, int c, struct member *m)
{
	m->val_off = r->text.len;
	int rc;
	if (c == '{' || c == '[') {
		m->kind = FIELD_NESTED;
		rc = scan_nested(r);
	} else
		rc = scan_scalar(r, c, 0, &m->kind);
	if (rc < 0)
		return JERR;
	m->val_len = r->text.len - m->val_off;
	strbuf_putc(&r->text, '\0');
	return 0;
}

/* Parses `"key" : value` with the cursor on the key's opening quote. */
static int parse_member(struct json_rows *r)
{
	size_t i = r->nmem;
	struct member *m = add_member(r);
	struct jpos at = here(r);
	m->key_off = r->text.len;
	if (scan_string(r, 0) < 0)
		return JERR;
	m->key_len = r->text.len - m->key_off;
	strbuf_putc(&r->text, '\0');
	if (dup_insert(r, i) != i) {
		char key[128];
		quote_key(key, sizeof key, r->text.buf + m->key_off, m->key_len);
		return fail(r, at, "duplicate key \"%s\"", key);
	}
	int c = skip_ws(r, 0);
	if (c != ':')
		return unexpected(r, c, "':' after the key");
	r->cur++;
	return parse_value(r, skip_ws(r, 0), m);
}

/* Parses the row object whose '{' is under the cursor. */
static int parse_object(struct json_rows *r)
{
	begin_row(r);
	r->cur++;
	int c = skip_ws(r, 0);
	if (c == '}') {
		r->cur++;
		return 0;
	}
	for (;;) {
		if (c != '"')
			return unexpected(r, c, "a string key");
		if (parse_member(r) < 0)
			return JERR;
		c = skip_ws(r, 0);
		if (c == '}') {
			r->cur++;
			return 0;
		}
		if (c != ',')
			return unexpected(r, c, "',' or '}'");
		r->cur++;
		c = skip_ws(r, 0);
	}
}

/* Turns the finished row's offsets into pointers (the strbuf no longer moves). */
static void fill_row(struct json_rows *r, struct json_row *row)
{
	for (size_t i = 0; i < r->nmem; i++) {
		const struct member *m = &r->mem[i];
		r->keys[i] = r->text.buf + m->key_off;
		r->keylen[i] = m->key_len;
		r->values[i] = (struct field){r->text.buf + m->val_off, m->val_len, m->kind};
	}
	row->n = r->nmem;
	row->keys = r->keys;
	row->keylen = r->keylen;
	row->values = r->values;
	row->line = r->row_line;
}

/* ---- the two file shapes --------------------------------------------- */

/* Skips a UTF-8 byte order mark at the start of the file; columns count from after it. */
static int skip_bom(struct json_rows *r)
{
	static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
	int c = peekc(r);
	if (c != bom[0])
		return c == JERR ? JERR : 0;
	struct jpos at = here(r);
	for (int i = 0; i < 3; i++) {
		c = peekc(r);
		if (c == JERR)
			return JERR;
		if (c != bom[i])
			return fail(r, at, "invalid UTF-8 byte order mark at the start of the file");
		r->cur++;
	}
	r->line_off = offset_of(r, r->cur);
	return 0;
}

/* JSON Lines: skips blank lines, then reads one object that must end its line. */
static int next_line_row(struct json_rows *r)
{
	char buf[16];
	for (;;) {
		int c = skip_ws(r, 0);
		if (c == JERR)
			return JERR;
		if (c == JEOF) {
			r->state = ST_DONE;
			return 0;
		}
		if (c == '\n') {
			consume_newline(r);
			continue;
		}
		if (c != '{')
			return unexpected(r, c, "a JSON object");
		if (parse_object(r) < 0)
			return JERR;
		c = skip_ws(r, 0);
		if (c == '\n')
			consume_newline(r);
		else if (c == JERR)
			return JERR;
		else if (c != JEOF)
			return fail(r, here(r), "unexpected %s after the object (a JSON Lines row is exactly one object)",
				    describe(c, buf));
		return 1;
	}
}

/* JSON array: after ']' only whitespace may follow. */
static int array_tail(struct json_rows *r)
{
	char buf[16];
	int c = skip_ws(r, 0);
	if (c == JERR)
		return JERR;
	if (c != JEOF)
		return fail(r, here(r), "unexpected %s after the closing ']'", describe(c, buf));
	r->state = ST_DONE;
	return 0;
}

static int array_element(struct json_rows *r, int c)
{
	if (c != '{')
		return unexpected(r, c, "a JSON object");
	if (parse_object(r) < 0)
		return JERR;
	r->state = ST_NEXT;
	return 1;
}

/* Reads '[' (first call) or the ',' / ']' after the previous element, then the next element. */
static int next_array_row(struct json_rows *r)
{
	int c = skip_ws(r, 0);
	if (c == JERR)
		return JERR;
	if (r->state == ST_BODY) {
		if (c == JEOF)
			return fail(r, here(r), "empty file");
		if (c != '[')
			return unexpected(r, c, "'[' (a JSON array of objects)");
		r->cur++;
		c = skip_ws(r, 0);
		if (c == ']') {
			r->cur++;
			return array_tail(r);
		}
		return array_element(r, c);
	}
	if (c == ']') {
		r->cur++;
		return array_tail(r);
	}
	if (c != ',')
		return unexpected(r, c, "',' or ']' after an object");
	r->cur++;
	c = skip_ws(r, 0);
	if (c == ']')
		return fail(r, here(r), "trailing comma before ']'");
	return array_element(r, c);
}

/* ---- public API ------------------------------------------------------ */

struct json_rows *json_rows_new(struct input *in, enum json_shape shape)
{
	struct json_rows *r = xcalloc(1, sizeof *r);
	r->in = in;
	r->shape = shape;
	r->state = ST_START;
	r->line = 1;
	r->line_off = input_offset(in);
	return r;
}

void json_rows_free(struct json_rows *r)
{
	if (!r)
		return;
	strbuf_free(&r->text);
	free(r->mem);
	free(r->keys);
	free(r->keylen);
	free(r->values);
	free(r->slots);
	free(r);
}

static int next_row(struct json_rows *r)
{
	if (r->state == ST_START) {
		if (skip_bom(r) < 0)
			return JERR;
		r->state = ST_BODY;
	}
	switch (r->state) {
	case ST_DONE:
		return 0;
	case ST_FAILED:
		return JERR;
	default:
		return r->shape == JSON_LINES ? next_line_row(r) : next_array_row(r);
	}
}

int json_rows_next(struct json_rows *r, struct json_row *row, struct audit_err *err)
{
	int rc = next_row(r);
	sync_input(r);
	if (rc == JERR) {
		r->state = ST_FAILED;
		if (err)
			*err = r->error;
		return -1;
	}
	if (rc == 0) {
		memset(row, 0, sizeof *row);
		return 0;
	}
	fill_row(r, row);
	return 1;
}
