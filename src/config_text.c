/*
 * config_text.c — the text forms of the configuration (config_text.h):
 * numbers as users write them and as we print them back, comma lists with
 * quotes, JSON strings. Kept apart from the settings so that positive specs
 * (positive.c) and the policy (config_policy.c) parse text exactly as the
 * flags do, without depending on the flags.
 */
#include "config_text.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cfg_is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Copies s[0..n) with surrounding spaces and tabs removed. */
char *cfg_trimmed_copy(const char *s, size_t n)
{
	while (n && cfg_is_space(*s))
		s++, n--;
	while (n && cfg_is_space(s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/*
 * Parses s[0..n) as one decimal number (rule 1): [+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?,
 * finite. strtod alone would also take hex, "inf" and "nan", and stop
 * silently at trailing junk.
 */
int cfg_parse_decimal(const char *s, size_t n, double *out)
{
	size_t i = 0, digits = 0;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++, digits++;
	if (i < n && s[i] == '.') {
		i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, digits++;
	}
	if (digits == 0)
		return 0;
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		size_t exp_digits = 0;
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++, exp_digits++;
		if (exp_digits == 0)
			return 0;
	}
	if (i != n)
		return 0;
	char *copy = xstrndup(s, n);
	double x = strtod(copy, NULL);
	free(copy);
	if (!isfinite(x))
		return 0;
	*out = x;
	return 1;
}

/*
 * Formats x in the shortest form that reads back as the same double: whole
 * numbers as integers (100000, not %g's 1e+05), others in the shortest %g.
 */
void cfg_format_number(double x, char buf[32])
{
	if (x == floor(x) && fabs(x) < 1e17) {
		snprintf(buf, 32, "%.0f", x);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, 32, "%.*g", prec, x);
		if (strtod(buf, NULL) == x)
			return;
	}
}

/*
 * Parses a whole number for a flag: optional sign, digits only, in range.
 * Returns 0 when s is not one.
 */
int cfg_parse_whole(const char *s, long *out)
{
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	errno = 0;
	char *end;
	long v = strtol(s, &end, 10);
	if (errno == ERANGE || *end != '\0')
		return 0;
	*out = v;
	return 1;
}

/* A JSON number that is a whole number within [lo, hi]. */
int cfg_json_whole(const cJSON *item, double lo, double hi, long *out)
{
	if (!cJSON_IsNumber(item))
		return 0;
	double x = item->valuedouble;
	if (!isfinite(x) || x != floor(x) || x < lo || x > hi)
		return 0;
	*out = (long)x;
	return 1;
}

void cfg_free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Appends s as a JSON string: quotes, escapes, and U+FFFD for bytes that are
 * not UTF-8 (argv can hold any bytes, and the output must stay valid JSON). */
void cfg_json_put_string(struct strbuf *sb, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	strbuf_putc(sb, '"');
	while (n) {
		size_t ok = utf8_valid_prefix(p, n);
		for (size_t i = 0; i < ok; i++) {
			unsigned char c = p[i];
			if (c == '"' || c == '\\') {
				strbuf_putc(sb, '\\');
				strbuf_putc(sb, (char)c);
			} else if (c == '\n')
				strbuf_append(sb, "\\n", 2);
			else if (c == '\t')
				strbuf_append(sb, "\\t", 2);
			else if (c == '\r')
				strbuf_append(sb, "\\r", 2);
			else if (c < 0x20 || c == 0x7f)
				strbuf_printf(sb, "\\u%04x", c);
			else
				strbuf_putc(sb, (char)c);
		}
		p += ok;
		n -= ok;
		if (n) {
			strbuf_append(sb, "\\ufffd", 6);
			p++;
			n--;
		}
	}
	strbuf_putc(sb, '"');
}

void cfg_json_put_number(struct strbuf *sb, double x)
{
	char buf[32];
	cfg_format_number(x, buf);
	strbuf_append(sb, buf, strlen(buf));
}

void cfg_json_put_key(struct strbuf *sb, const char *key)
{
	if (sb->len > 1)
		strbuf_putc(sb, ',');
	cfg_json_put_string(sb, key);
	strbuf_putc(sb, ':');
}

const char *cfg_json_type_name(const cJSON *item)
{
	if (cJSON_IsObject(item)) return "an object";
	if (cJSON_IsArray(item)) return "an array";
	if (cJSON_IsString(item)) return "a string";
	if (cJSON_IsNumber(item)) return "a number";
	if (cJSON_IsBool(item)) return "a boolean";
	return "null";
}

/* The child of object named exactly key, or NULL. */
const cJSON *cfg_child_named(const cJSON *object, const char *key)
{
	for (const cJSON *c = object->child; c; c = c->next)
		if (strcmp(c->string, key) == 0)
			return c;
	return NULL;
}

void cfg_item_list_free(struct cfg_item_list *l)
{
	cfg_free_strings(l->items, l->n);
	free(l->quoted);
	memset(l, 0, sizeof *l);
}

void cfg_item_list_push(struct cfg_item_list *l, char *item, int quoted)
{
	l->items = xrealloc(l->items, (l->n + 1) * sizeof *l->items);
	l->quoted = xrealloc(l->quoted, (l->n + 1) * sizeof *l->quoted);
	l->items[l->n] = item;
	l->quoted[l->n] = quoted;
	l->n++;
}

/* Reads a quoted item starting at the opening quote *p; "" is one quote.
 * Returns the end (just past the closing quote), or NULL when unterminated. */
static const char *read_quoted(const char *p, char **out)
{
	struct strbuf sb = {0};
	strbuf_append(&sb, "", 0);
	for (p++; *p; p++) {
		if (*p == '"') {
			if (p[1] != '"') {
				*out = sb.buf;
				return p + 1;
			}
			p++;
		}
		strbuf_putc(&sb, *p);
	}
	strbuf_free(&sb);
	return NULL;
}

/* Splits text into items (rule 2); an empty list or item is an error (rule 3). */
int cfg_split_list(const char *where, const char *text, struct cfg_item_list *out, struct audit_err *err)
{
	memset(out, 0, sizeof *out);
	const char *p = text;
	for (;;) {
		while (cfg_is_space(*p))
			p++;
		char *item;
		int quoted = *p == '"';
		if (quoted) {
			p = read_quoted(p, &item);
			if (!p) {
				cfg_item_list_free(out);
				return audit_fail(err, AUDIT_EUSAGE, "%s: unterminated quote in \"%s\"", where, text);
			}
			while (cfg_is_space(*p))
				p++;
			if (*p && *p != ',') {
				free(item);
				cfg_item_list_free(out);
				return audit_fail(err, AUDIT_EUSAGE, "%s: text after a closing quote in \"%s\"",
						  where, text);
			}
		} else {
			size_t len = strcspn(p, ",");
			item = cfg_trimmed_copy(p, len);
			p += len;
		}
		if (!*item) {
			free(item);
			cfg_item_list_free(out);
			if (!*text || strspn(text, " \t") == strlen(text))
				return audit_fail(err, AUDIT_EUSAGE, "%s: the list is empty", where);
			return audit_fail(err, AUDIT_EUSAGE, "%s: empty item in \"%s\"", where, text);
		}
		cfg_item_list_push(out, item, quoted);
		if (*p != ',')
			return AUDIT_OK;
		p++;
	}
}

/* Does item need quotes to read back as itself through cfg_split_list? */
static int needs_quotes(const char *item, int (*looks_special)(const char *))
{
	size_t n = strlen(item);
	return n == 0 || strpbrk(item, ",\"") || cfg_is_space(item[0]) || cfg_is_space(item[n - 1]) ||
	       (looks_special && looks_special(item));
}

/* Joins items into a list text that cfg_split_list reads back item for item. */
char *cfg_join_list(char *const *items, size_t n, int (*looks_special)(const char *))
{
	struct strbuf sb = {0};
	strbuf_append(&sb, "", 0);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_putc(&sb, ',');
		if (!needs_quotes(items[i], looks_special)) {
			strbuf_append(&sb, items[i], strlen(items[i]));
			continue;
		}
		strbuf_putc(&sb, '"');
		for (const char *c = items[i]; *c; c++) {
			if (*c == '"')
				strbuf_putc(&sb, '"');
			strbuf_putc(&sb, *c);
		}
		strbuf_putc(&sb, '"');
	}
	return sb.buf;
}

static unsigned char fold(char c)
{
	return (unsigned char)(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
}

size_t cfg_edit_distance(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	size_t *row = xcalloc(nb + 1, sizeof *row);
	for (size_t j = 0; j <= nb; j++)
		row[j] = j;
	for (size_t i = 1; i <= na; i++) {
		size_t diag = row[0]; /* d[i-1][j-1] */
		row[0] = i;
		for (size_t j = 1; j <= nb; j++) {
			size_t up = row[j]; /* d[i-1][j] */
			size_t best = diag + (fold(a[i - 1]) != fold(b[j - 1]));
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	size_t d = row[nb];
	free(row);
	return d;
}

/* Does hay contain needle, ignoring ASCII case? */
static int contains_folded(const char *hay, const char *needle)
{
	size_t nh = strlen(hay), nn = strlen(needle);
	for (size_t i = 0; i + nn <= nh; i++) {
		size_t k = 0;
		while (k < nn && fold(hay[i + k]) == fold(needle[k]))
			k++;
		if (k == nn)
			return 1;
	}
	return 0;
}

size_t cfg_nearest(const char *name, const char *const *names, size_t n, const char *out[CFG_NEAREST_MAX])
{
	size_t len = strlen(name), limit = len <= 2 ? 0 : len <= 4 ? 1 : len <= 8 ? 2 : 3; /* N2 */
	size_t found = 0, dist[CFG_NEAREST_MAX];
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], name) == 0)
			continue;
		size_t d = cfg_edit_distance(name, names[i]), other = strlen(names[i]);
		int inside = (len >= 3 && other >= len && contains_folded(names[i], name)) ||
			     (other >= 3 && len >= other && contains_folded(name, names[i]));
		if (d > limit && !inside)
			continue;
		/* N3: insert by distance, after equals (the given order breaks ties). */
		size_t at = found;
		while (at > 0 && dist[at - 1] > d)
			at--;
		if (at >= CFG_NEAREST_MAX)
			continue;
		size_t end = found < CFG_NEAREST_MAX ? found : CFG_NEAREST_MAX - 1;
		for (size_t k = end; k > at; k--) {
			out[k] = out[k - 1];
			dist[k] = dist[k - 1];
		}
		out[at] = names[i];
		dist[at] = d;
		if (found < CFG_NEAREST_MAX)
			found++;
	}
	return found;
}

void cfg_put_did_you_mean(struct strbuf *sb, const char *const *near, size_t n)
{
	strbuf_printf(sb, "did you mean ");
	for (size_t i = 0; i < n; i++)
		strbuf_printf(sb, "%s\"%s\"", i == 0 ? "" : i + 1 == n ? " or " : ", ", near[i]);
	strbuf_printf(sb, "?");
}
