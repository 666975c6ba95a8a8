/*
 * infer.c — value classes and column types (rules in infer.h).
 */
#include "infer.h"

#include <math.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "util.h"

void na_list_parse(struct na_list *na, const char *spec)
{
	memset(na, 0, sizeof *na);
	const char *p = spec;
	while (p && *p) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);
		if (len > 0) {
			na->markers = xrealloc(na->markers, (na->n + 1) * sizeof *na->markers);
			na->lens = xrealloc(na->lens, (na->n + 1) * sizeof *na->lens);
			na->lens[na->n] = len;
			na->first[(unsigned char)p[0]] = 1;
			na->markers[na->n++] = xstrndup(p, len);
			if (len > na->maxlen)
				na->maxlen = len;
		}
		p = comma ? comma + 1 : NULL;
	}
}

void na_list_free(struct na_list *na)
{
	for (size_t i = 0; i < na->n; i++)
		free((char *)na->markers[i]);
	free(na->markers);
	free(na->lens);
	memset(na, 0, sizeof *na);
}

static int is_na_marker(const char *s, size_t len, const struct na_list *na)
{
	if (!na || len > na->maxlen || !na->first[(unsigned char)s[0]])
		return 0;
	for (size_t i = 0; i < na->n; i++)
		if (na->lens[i] == len && memcmp(na->markers[i], s, len) == 0)
			return 1;
	return 0;
}

/* Rules 3 and 4: returns VAL_INT, VAL_REAL or VAL_TEXT for a number-looking string. */
static enum value_class classify_number(const char *s, size_t len)
{
	size_t i = 0;
	if (i < len && s[i] == '-')
		i++;
	size_t int_start = i;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	size_t ndigits = i - int_start;
	if (ndigits == 0 || (ndigits > 1 && s[int_start] == '0'))
		return VAL_TEXT;
	if (i == len) {
		if (ndigits > 19)
			return VAL_TEXT;
		if (ndigits == 19) {
			/* Compare with the int64 limits digit by digit. */
			const char *limit = s[0] == '-' ? "9223372036854775808" : "9223372036854775807";
			if (memcmp(s + int_start, limit, 19) > 0)
				return VAL_TEXT;
		}
		if (s[0] == '-' && ndigits == 1 && s[1] == '0')
			return VAL_TEXT; /* "-0" would not survive as an integer */
		return VAL_INT;
	}
	if (s[i] == '.') {
		size_t f = ++i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == f)
			return VAL_TEXT;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		size_t e = i;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == e)
			return VAL_TEXT;
	}
	if (i != len)
		return VAL_TEXT;
	/* Only an exponent or more than 300 digits can overflow a double. */
	if (len < 300 && !memchr(s, 'e', len) && !memchr(s, 'E', len))
		return VAL_REAL;
	return isfinite(strtod(s, NULL)) ? VAL_REAL : VAL_TEXT;
}

enum value_class value_classify(const struct field *f, const struct na_list *na)
{
	switch (f->kind) {
	case FIELD_NULL:
		return VAL_MISSING;
	case FIELD_BOOL:
		return VAL_BOOL;
	case FIELD_NESTED:
		return VAL_TEXT;
	case FIELD_NUMBER:
		return classify_number(f->text, f->len);
	case FIELD_STRING:
		return f->len == 0 || is_na_marker(f->text, f->len, na) ? VAL_MISSING : VAL_TEXT;
	case FIELD_RAW:
		break;
	}
	if (f->len == 0 || is_na_marker(f->text, f->len, na))
		return VAL_MISSING;
	unsigned char c = (unsigned char)f->text[0];
	if (c == '-' || (c >= '0' && c <= '9'))
		return classify_number(f->text, f->len);
	if ((c | 0x20) != 't' && (c | 0x20) != 'f')
		return VAL_TEXT;
	if ((f->len == 4 && strncasecmp(f->text, "true", 4) == 0) ||
	    (f->len == 5 && strncasecmp(f->text, "false", 5) == 0))
		return VAL_BOOL;
	return VAL_TEXT;
}

enum col_type col_type_join(enum col_type t, enum value_class v)
{
	if (v == VAL_MISSING || t == COL_TEXT)
		return t;
	enum col_type vt = v == VAL_BOOL ? COL_BOOLEAN : v == VAL_INT ? COL_INTEGER
		: v == VAL_REAL ? COL_REAL : COL_TEXT;
	if (t == COL_UNKNOWN || t == vt)
		return vt;
	if ((t == COL_INTEGER && vt == COL_REAL) || (t == COL_REAL && vt == COL_INTEGER))
		return COL_REAL;
	return COL_TEXT;
}

const char *col_type_name(enum col_type t)
{
	switch (t) {
	case COL_BOOLEAN: return "boolean";
	case COL_INTEGER: return "integer";
	case COL_REAL: return "real";
	case COL_UNKNOWN:
	case COL_TEXT: break;
	}
	return "text";
}

/* Rule 3 integers were validated in the scan; parse them without strtoll's locale work. */
static int64_t parse_int64(const char *s, size_t len)
{
	int neg = s[0] == '-';
	uint64_t v = 0;
	for (size_t i = neg; i < len; i++)
		v = v * 10 + (uint64_t)(s[i] - '0');
	return neg ? (int64_t)(0 - v) : (int64_t)v;
}

static int is_missing(const struct field *f, const struct na_list *na)
{
	if (f->kind == FIELD_NULL || f->len == 0)
		return 1;
	return (f->kind == FIELD_RAW || f->kind == FIELD_STRING) && is_na_marker(f->text, f->len, na);
}

/*
 * A decimal numeral with at most 15 significant digits and no exponent, as
 * the nearest double: its digits as an integer (exact below 2^53) divided by
 * an exact power of ten, one correctly rounded division, so the result is
 * strtod's (Clinger's fast path). Returns 0 for anything else, which strtod
 * then reads.
 */
static int decimal_fast(const char *s, size_t len, double *out)
{
	static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
				       1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
	size_t i = 0, digits = 0, frac = 0;
	int neg = 0, point = 0;
	uint64_t m = 0;
	if (i < len && s[i] == '-') {
		neg = 1;
		i++;
	}
	for (; i < len; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (m || c != '0')
				digits++;
			if (digits > 15)
				return 0;
			m = m * 10 + (uint64_t)(c - '0');
			frac += point;
		} else if (c == '.' && !point) {
			point = 1;
		} else {
			return 0;
		}
	}
	if (i == (size_t)neg || frac > 22 || (i == (size_t)neg + 1 && point))
		return 0;
	double x = (double)m / pow10[frac];
	*out = neg ? -x : x;
	return 1;
}

void value_convert_present(const struct field *f, enum col_type t, struct typed_value *out)
{
	out->s = f->text;
	out->len = f->len;
	out->type = t == COL_UNKNOWN ? COL_TEXT : t;
	switch (out->type) {
	case COL_BOOLEAN:
		out->i = (f->text[0] | 0x20) == 't';
		break;
	case COL_INTEGER:
		out->i = parse_int64(f->text, f->len);
		break;
	case COL_REAL:
		if (!decimal_fast(f->text, f->len, &out->d))
			out->d = strtod(f->text, NULL);
		break;
	default:
		break;
	}
}

void value_convert(const struct field *f, enum col_type t, const struct na_list *na, struct typed_value *out)
{
	if (is_missing(f, na)) {
		out->s = f->text;
		out->len = f->len;
		out->type = COL_UNKNOWN;
		return;
	}
	value_convert_present(f, t, out);
}
