/*
 * config.c — flags and the JSON config file of `dsaudit audit`, merged into
 * one struct audit_config (rules in config.h, cited here as "rule N").
 *
 * Shape: config_parse makes one pass over argv that only sorts words into
 * (setting, value) pairs and the DATA argument; then the config file is read
 * and applied; then the pairs are applied on top; then the merged result is
 * checked as a whole (rules 6, 10, 13, 17-20) and put in canonical order. Flags and
 * config keys share one table of settings and one setter per setting, so a
 * value is validated the same way whichever way it arrives; only the "where"
 * prefix of an error message differs.
 */
#include "config.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"

#define DEFAULT_OUT "dsaudit-out"
#define DEFAULT_MIN_GROUP 30
#define DEFAULT_INTERSECTIONS 2
#define DEFAULT_K 5
#define POPULATION_TOLERANCE 1e-6
#define CONFIG_MAX_BYTES (16u << 20)
#define COLUMNS_LISTED 20

/* ------------------------------------------------------------------ */
/* Settings: one row per config key or flag                            */
/* ------------------------------------------------------------------ */

/* Keys of the config file come first, in the order they are applied:
 * positive_specs before positive and prediction_positive, so these can name
 * a spec (rule 5). */
enum setting {
	S_LABEL,
	S_POSITIVE_SPECS,
	S_POSITIVE,
	S_PROTECTED,
	S_INTERSECTIONS,
	S_REFERENCE,
	S_STRATA,
	S_MIN_GROUP,
	S_DB,
	S_OUT,
	S_NAME,
	S_FORMAT,
	S_POPULATION,
	S_BINS,
	S_DATA_FORMAT,
	S_DELIMITER,
	S_NA,
	S_PREDICTION,
	S_PREDICTION_POSITIVE,
	S_GOLD,
	S_ANNOTATORS,
	S_ID,
	S_QUASI_IDENTIFIERS,
	S_SENSITIVE,
	S_K,
	S_DOMAIN,
	S_STRICT,
	S_GATE_ONLY,
	S_POLICY_DEFAULTS,
	S_POLICY,
	S_BASELINE,
	S_REQUIRE,
	S_CONFIG,
	S_NO_PROGRESS,
	S_COUNT
};

static const struct {
	const char *key;  /* config file key, or NULL for flag-only settings */
	const char *flag; /* flag, or NULL for config-only settings */
	int repeatable;   /* rule 7: keyed flags may repeat, once per key */
} settings[S_COUNT] = {
	[S_LABEL] = {"label", "--label", 0},
	[S_POSITIVE_SPECS] = {"positive_specs", NULL, 0},
	[S_POSITIVE] = {"positive", "--positive", 0},
	[S_PROTECTED] = {"protected", "--protected", 0},
	[S_INTERSECTIONS] = {"intersections", "--intersections", 0},
	[S_REFERENCE] = {"reference", "--reference", 1},
	[S_STRATA] = {"strata", "--strata", 0},
	[S_MIN_GROUP] = {"min_group", "--min-group", 0},
	[S_DB] = {"db", "--db", 0},
	[S_OUT] = {"out", "--out", 0},
	[S_NAME] = {"name", "--name", 0},
	[S_FORMAT] = {"format", "--format", 0},
	[S_POPULATION] = {"population", NULL, 0},
	[S_BINS] = {"bins", "--bins", 1},
	[S_DATA_FORMAT] = {"data_format", "--data-format", 0},
	[S_DELIMITER] = {"delimiter", "--delimiter", 0},
	[S_NA] = {"na", "--na", 0},
	[S_PREDICTION] = {"prediction", "--prediction", 0},
	[S_PREDICTION_POSITIVE] = {"prediction_positive", "--prediction-positive", 0},
	[S_GOLD] = {"gold", "--gold", 0},
	[S_ANNOTATORS] = {"annotators", "--annotators", 0},
	[S_ID] = {"id", "--id", 0},
	[S_QUASI_IDENTIFIERS] = {"quasi_identifiers", "--quasi-identifiers", 0},
	[S_SENSITIVE] = {"sensitive", "--sensitive", 0},
	[S_K] = {"k", "--k", 0},
	[S_DOMAIN] = {"domain", NULL, 0},
	[S_STRICT] = {"strict", "--strict", 0},
	[S_GATE_ONLY] = {"gate_only", "--gate-only", 0},
	[S_POLICY_DEFAULTS] = {"policy_defaults", NULL, 0},
	[S_POLICY] = {"policy", NULL, 0},
	[S_BASELINE] = {"baseline", "--baseline", 0},
	[S_REQUIRE] = {"require", "--require", 0},
	[S_CONFIG] = {NULL, "--config", 0},
	[S_NO_PROGRESS] = {NULL, "--no-progress", 0},
};

/* Report formats in their canonical order (rule 14). */
static const char *const report_formats[] = {"json", "xlsx", "png", "svg", "pdf", "md", "html", "junit"};
#define NREPORT_FORMATS (sizeof report_formats / sizeof report_formats[0])

/* A spec of "positive_specs", stored as canonical spec text (rule 5). */
struct named_spec {
	char *name, *text;
};

/* Where each setting came from, for error messages that must start with the
 * flag or the config path. */
enum origin { FROM_NONE, FROM_FILE, FROM_FLAG };

struct parse_state {
	const char *config_path;
	enum origin origin[S_COUNT];
	struct named_spec *specs;
	size_t nspecs;
	/* references[0..file_refs) and bins[0..file_bins) came from the file;
	 * the rest from flags (rule 7). */
	size_t file_refs, file_bins;
};

/* A flag seen on the command line, applied after the config file. */
struct flag_value {
	enum setting s;
	const char *value;
};

/* ------------------------------------------------------------------ */
/* Small helpers                                                       */
/* ------------------------------------------------------------------ */

/* The prefix of a message about setting s: "--label" or "audit.json: \"label\"". */
static const char *where_of(const struct parse_state *st, enum setting s, enum origin from, char *buf,
			    size_t size)
{
	if (from == FROM_FLAG)
		return settings[s].flag;
	snprintf(buf, size, "%s: \"%s\"", st->config_path, settings[s].key);
	return buf;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t';
}

/* Copies s[0..n) with surrounding spaces and tabs removed. */
static char *trimmed_copy(const char *s, size_t n)
{
	while (n && is_space(*s))
		s++, n--;
	while (n && is_space(s[n - 1]))
		n--;
	return xstrndup(s, n);
}

/*
 * Parses s[0..n) as one decimal number (rule 1): [+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?,
 * finite. strtod alone would also take hex, "inf" and "nan", and stop
 * silently at trailing junk.
 */
static int parse_decimal(const char *s, size_t n, double *out)
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
static void format_number(double x, char buf[32])
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
static int parse_whole(const char *s, long *out)
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
static int json_whole(const cJSON *item, double lo, double hi, long *out)
{
	if (!cJSON_IsNumber(item))
		return 0;
	double x = item->valuedouble;
	if (!isfinite(x) || x != floor(x) || x < lo || x > hi)
		return 0;
	*out = (long)x;
	return 1;
}

static void free_strings(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Appends s as a JSON string: quotes, escapes, and U+FFFD for bytes that are
 * not UTF-8 (argv can hold any bytes, and the output must stay valid JSON). */
static void json_put_string(struct strbuf *sb, const char *s)
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

static void json_put_number(struct strbuf *sb, double x)
{
	char buf[32];
	format_number(x, buf);
	strbuf_append(sb, buf, strlen(buf));
}

/* ------------------------------------------------------------------ */
/* Comma lists (rules 2, 3)                                            */
/* ------------------------------------------------------------------ */

struct item_list {
	char **items;
	int *quoted;
	size_t n;
};

static void item_list_free(struct item_list *l)
{
	free_strings(l->items, l->n);
	free(l->quoted);
	memset(l, 0, sizeof *l);
}

static void item_list_push(struct item_list *l, char *item, int quoted)
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
static int split_list(const char *where, const char *text, struct item_list *out, struct audit_err *err)
{
	memset(out, 0, sizeof *out);
	const char *p = text;
	for (;;) {
		while (is_space(*p))
			p++;
		char *item;
		int quoted = *p == '"';
		if (quoted) {
			p = read_quoted(p, &item);
			if (!p) {
				item_list_free(out);
				return audit_fail(err, AUDIT_EUSAGE, "%s: unterminated quote in \"%s\"", where, text);
			}
			while (is_space(*p))
				p++;
			if (*p && *p != ',') {
				free(item);
				item_list_free(out);
				return audit_fail(err, AUDIT_EUSAGE, "%s: text after a closing quote in \"%s\"",
						  where, text);
			}
		} else {
			size_t len = strcspn(p, ",");
			item = trimmed_copy(p, len);
			p += len;
		}
		if (!*item) {
			free(item);
			item_list_free(out);
			if (!*text || strspn(text, " \t") == strlen(text))
				return audit_fail(err, AUDIT_EUSAGE, "%s: the list is empty", where);
			return audit_fail(err, AUDIT_EUSAGE, "%s: empty item in \"%s\"", where, text);
		}
		item_list_push(out, item, quoted);
		if (*p != ',')
			return AUDIT_OK;
		p++;
	}
}

/* Does item need quotes to read back as itself through split_list? */
static int needs_quotes(const char *item, int (*looks_special)(const char *))
{
	size_t n = strlen(item);
	return n == 0 || strpbrk(item, ",\"") || is_space(item[0]) || is_space(item[n - 1]) ||
	       (looks_special && looks_special(item));
}

/* Joins items into a list text that split_list reads back item for item. */
static char *join_list(char *const *items, size_t n, int (*looks_special)(const char *))
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

/* ------------------------------------------------------------------ */
/* Positive specs (rules 1-4)                                          */
/* ------------------------------------------------------------------ */

/* Rule 1: an operator, optional spaces, one decimal number. */
static int parse_comparison(const char *s, enum cmp_op *op, double *threshold)
{
	static const struct {
		const char *text;
		enum cmp_op op;
	} ops[] = {
		/* Two-character operators first, so "<=" is not read as "<" and "=...". */
		{"<=", CMP_LE}, {">=", CMP_GE}, {"==", CMP_EQ}, {"!=", CMP_NE}, {"<", CMP_LT}, {">", CMP_GT},
	};
	for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
		size_t len = strlen(ops[k].text);
		if (strncmp(s, ops[k].text, len) != 0)
			continue;
		const char *num = s + len;
		while (is_space(*num))
			num++;
		size_t n = strlen(num);
		while (n && is_space(num[n - 1]))
			n--;
		if (!parse_decimal(num, n, threshold))
			return 0;
		*op = ops[k].op;
		return 1;
	}
	return 0;
}

static int looks_like_comparison(const char *s)
{
	enum cmp_op op;
	double t;
	return parse_comparison(s, &op, &t);
}

/* positive_spec_parse with the error prefix given by the caller. */
static int positive_parse_at(const char *where, const char *text, struct positive_spec *out,
			     struct audit_err *err)
{
	memset(out, 0, sizeof *out);
	char *trimmed = trimmed_copy(text, strlen(text));
	if (parse_comparison(trimmed, &out->op, &out->threshold)) {
		out->is_comparison = 1;
		out->text = trimmed;
		return AUDIT_OK;
	}
	struct item_list list;
	int e = split_list(where, trimmed, &list, err);
	if (e) {
		free(trimmed);
		return e;
	}
	for (size_t i = 0; i < list.n; i++) {
		if (!list.quoted[i] && list.n > 1 && looks_like_comparison(list.items[i])) {
			e = audit_fail(err, AUDIT_EUSAGE,
				       "%s: \"%s\" is a comparison inside a list; a spec holds one comparison "
				       "(quote it to match the text)",
				       where, list.items[i]);
			item_list_free(&list);
			free(trimmed);
			return e;
		}
	}
	out->text = trimmed;
	out->values = list.items;
	out->nvalues = list.n;
	out->numeric = xcalloc(list.n, sizeof *out->numeric);
	out->numbers = xcalloc(list.n, sizeof *out->numbers);
	for (size_t i = 0; i < list.n; i++)
		out->numeric[i] = parse_decimal(list.items[i], strlen(list.items[i]), &out->numbers[i]);
	free(list.quoted);
	return AUDIT_OK;
}

int positive_spec_parse(const char *text, struct positive_spec *out, struct audit_err *err)
{
	return positive_parse_at("--positive", text, out, err);
}

void positive_spec_free(struct positive_spec *p)
{
	free(p->text);
	free_strings(p->values, p->nvalues);
	free(p->numeric);
	free(p->numbers);
	memset(p, 0, sizeof *p);
}

static int compare(enum cmp_op op, double x, double t)
{
	switch (op) {
	case CMP_LT: return x < t;
	case CMP_LE: return x <= t;
	case CMP_GT: return x > t;
	case CMP_GE: return x >= t;
	case CMP_EQ: return x == t;
	case CMP_NE: return x != t;
	}
	return 0;
}

int positive_spec_match(const struct positive_spec *p, const char *text, int is_number, double number)
{
	if (!p->text)
		return 0;
	if (is_number && isnan(number))
		is_number = 0;
	if (p->is_comparison)
		return is_number && compare(p->op, number, p->threshold); /* rule 4: text never matches */
	for (size_t i = 0; i < p->nvalues; i++) {
		if (text && strcmp(text, p->values[i]) == 0)
			return 1;
		if (is_number && p->numeric[i] && number == p->numbers[i])
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Setters shared by flags and config keys                             */
/* ------------------------------------------------------------------ */

static void replace_string(char **slot, const char *value)
{
	free(*slot);
	*slot = xstrdup(value);
}

/* Column names, dataset name, paths: any text but the empty string. */
static int set_nonempty(const char *where, const char *value, char **slot, struct audit_err *err)
{
	if (!*value)
		return audit_fail(err, AUDIT_EUSAGE, "%s: must not be empty", where);
	replace_string(slot, value);
	return AUDIT_OK;
}

/* Rule 5: a name in positive_specs, else a spec; into *slot and *slot_name
 * (cfg->positive or cfg->prediction_positive, rule 17). */
static int set_spec(struct parse_state *st, struct positive_spec *slot, char **slot_name, const char *where,
		    const char *value, int may_be_name, struct audit_err *err)
{
	const char *text = value, *name = NULL;
	for (size_t i = 0; may_be_name && i < st->nspecs && !name; i++)
		if (strcmp(st->specs[i].name, value) == 0) {
			name = st->specs[i].name;
			text = st->specs[i].text;
		}
	struct positive_spec spec;
	int e = positive_parse_at(where, text, &spec, err);
	if (e)
		return e;
	positive_spec_free(slot);
	*slot = spec;
	free(*slot_name);
	*slot_name = name ? xstrdup(name) : NULL;
	return AUDIT_OK;
}

static int set_positive(struct parse_state *st, struct audit_config *cfg, enum setting s, const char *where,
			const char *value, int may_be_name, struct audit_err *err)
{
	if (s == S_PREDICTION_POSITIVE)
		return set_spec(st, &cfg->prediction_positive, &cfg->prediction_positive_name, where, value,
				may_be_name, err);
	return set_spec(st, &cfg->positive, &cfg->positive_name, where, value, may_be_name, err);
}

/*
 * A list of column names: protected (rule 2), annotators (rule 19),
 * quasi_identifiers (rule 20). Takes ownership of items; duplicates are an
 * error (their order is kept); the list replaces the slot's whole (rule 7).
 */
static int set_names(struct audit_config *cfg, enum setting s, const char *where, char **items, size_t n,
		     struct audit_err *err)
{
	for (size_t i = 0; i < n; i++) {
		int dup = 0;
		for (size_t j = 0; j < i && !dup; j++)
			dup = strcmp(items[i], items[j]) == 0;
		if (dup || !*items[i]) {
			int e = dup ? audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" is listed twice", where, items[i])
				    : audit_fail(err, AUDIT_EUSAGE, "%s: %s name is empty", where,
						 s == S_PROTECTED ? "an attribute" : "a column");
			free_strings(items, n);
			return e;
		}
	}
	if (s == S_ANNOTATORS && n < 2) {
		free_strings(items, n);
		return audit_fail(err, AUDIT_EUSAGE, "%s: needs at least two columns (got %zu)", where, n);
	}
	char ***slot = s == S_ANNOTATORS ? &cfg->annotators
		       : s == S_QUASI_IDENTIFIERS ? &cfg->quasi_identifiers : &cfg->protected;
	size_t *nslot = s == S_ANNOTATORS ? &cfg->nannotators
			: s == S_QUASI_IDENTIFIERS ? &cfg->nquasi : &cfg->nprotected;
	free_strings(*slot, *nslot);
	*slot = items;
	*nslot = n;
	return AUDIT_OK;
}

/*
 * Rules 14 and 27: words of a fixed vocabulary (vocab[0..nvocab)), each
 * known, kept deduplicated in the vocabulary's order in *out (replacing
 * what was there). what names a word in the error ("format", "family").
 * Borrows items.
 */
static int set_words(const char *where, char *const *items, size_t n, const char *const *vocab, size_t nvocab,
		     const char *what, char ***out, size_t *nout, struct audit_err *err)
{
	int *want = xcalloc(nvocab, sizeof *want);
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < nvocab && strcmp(items[i], vocab[k]) != 0)
			k++;
		if (k == nvocab) {
			struct strbuf list = {0};
			for (size_t j = 0; j < nvocab; j++)
				strbuf_printf(&list, "%s%s", j ? ", " : "", vocab[j]);
			audit_fail(err, AUDIT_EUSAGE, "%s: unknown %s \"%s\" (expected %s)", where, what, items[i],
				   list.buf);
			strbuf_free(&list);
			free(want);
			return AUDIT_EUSAGE;
		}
		want[k] = 1;
	}
	free_strings(*out, *nout);
	*out = xcalloc(nvocab, sizeof **out);
	*nout = 0;
	for (size_t k = 0; k < nvocab; k++)
		if (want[k])
			(*out)[(*nout)++] = xstrdup(vocab[k]);
	free(want);
	return AUDIT_OK;
}

static int set_formats(struct audit_config *cfg, const char *where, char *const *items, size_t n,
		       struct audit_err *err)
{
	return set_words(where, items, n, report_formats, NREPORT_FORMATS, "format", &cfg->formats, &cfg->nformats,
			 err);
}

static int set_require(struct audit_config *cfg, const char *where, char *const *items, size_t n,
		       struct audit_err *err)
{
	return set_words(where, items, n, FAMILIES, NFAMILIES, "family", &cfg->require, &cfg->nrequire, err);
}

static int set_intersections(struct audit_config *cfg, const char *where, long n, struct audit_err *err)
{
	if (n < 1 || n > INT_MAX)
		return audit_fail(err, AUDIT_EUSAGE, "%s: expected a whole number >= 1, got %ld", where, n);
	cfg->intersections = (int)n;
	return AUDIT_OK;
}

static int set_min_group(struct audit_config *cfg, const char *where, long n, struct audit_err *err)
{
	if (n < 1)
		return audit_fail(err, AUDIT_EUSAGE, "%s: expected a whole number >= 1, got %ld", where, n);
	cfg->min_group = n;
	return AUDIT_OK;
}

static int set_k(struct audit_config *cfg, const char *where, long n, struct audit_err *err)
{
	if (n < 2)
		return audit_fail(err, AUDIT_EUSAGE, "%s: expected a whole number >= 2, got %ld", where, n);
	cfg->k = n;
	return AUDIT_OK;
}

static int set_data_format(struct audit_config *cfg, const char *where, const char *value, struct audit_err *err)
{
	enum data_format f;
	if (data_format_parse(value, &f) < 0)
		return audit_fail(err, AUDIT_EUSAGE, "%s: expected csv, jsonl or json, got \"%s\"", where, value);
	replace_string(&cfg->data_format, value);
	return AUDIT_OK;
}

/* The loader's delimiters; a tab is stored as "tab" so it prints readably. */
static int set_delimiter(struct audit_config *cfg, const char *where, const char *value, struct audit_err *err)
{
	const char *canon = NULL;
	if (strcmp(value, "tab") == 0 || strcmp(value, "\\t") == 0 || strcmp(value, "\t") == 0)
		canon = "tab";
	else if (strlen(value) == 1 && strchr(",;|", value[0]))
		canon = value;
	if (!canon)
		return audit_fail(err, AUDIT_EUSAGE, "%s: expected one of , ; | tab, got \"%s\"", where, value);
	replace_string(&cfg->delimiter, canon);
	return AUDIT_OK;
}

static long find_reference(const struct audit_config *cfg, const char *attribute)
{
	for (size_t i = 0; i < cfg->nreferences; i++)
		if (strcmp(cfg->references[i].attribute, attribute) == 0)
			return (long)i;
	return -1;
}

/* Drops entry i of an array of elements of size size, keeping the order. */
static void remove_at(void *base, size_t *n, size_t size, size_t i)
{
	char *b = base;
	memmove(b + i * size, b + (i + 1) * size, (*n - i - 1) * size);
	(*n)--;
}

/*
 * Adds ATTR=VALUE (rule 10). From a flag it replaces the file's entry for
 * ATTR (rule 7) but not another flag's.
 */
static int add_reference(struct parse_state *st, struct audit_config *cfg, const char *where,
			 const char *attribute, const char *value, int from_flag, struct audit_err *err)
{
	if (!*attribute || !*value)
		return audit_fail(err, AUDIT_EUSAGE, "%s: expected ATTR=VALUE with neither empty", where);
	long i = find_reference(cfg, attribute);
	if (i >= 0 && (!from_flag || (size_t)i >= st->file_refs))
		return audit_fail(err, AUDIT_EUSAGE, "%s: a second reference for \"%s\"", where, attribute);
	if (i >= 0) {
		free(cfg->references[i].attribute);
		free(cfg->references[i].value);
		remove_at(cfg->references, &cfg->nreferences, sizeof *cfg->references, (size_t)i);
		st->file_refs--;
	}
	cfg->references = xrealloc(cfg->references, (cfg->nreferences + 1) * sizeof *cfg->references);
	cfg->references[cfg->nreferences].attribute = xstrdup(attribute);
	cfg->references[cfg->nreferences].value = xstrdup(value);
	cfg->nreferences++;
	if (!from_flag)
		st->file_refs = cfg->nreferences;
	return AUDIT_OK;
}

static long find_bins(const struct audit_config *cfg, const char *column)
{
	for (size_t i = 0; i < cfg->nbins; i++)
		if (strcmp(cfg->bins[i].column, column) == 0)
			return (long)i;
	return -1;
}

/* Adds a column's edges (rule 11), taking ownership of edges; merging as add_reference. */
static int add_bins(struct parse_state *st, struct audit_config *cfg, const char *where, const char *column,
		    double *edges, size_t n, int from_flag, struct audit_err *err)
{
	int e = AUDIT_OK;
	long i = find_bins(cfg, column);
	if (!*column)
		e = audit_fail(err, AUDIT_EUSAGE, "%s: the column name is empty", where);
	else if (n == 0)
		e = audit_fail(err, AUDIT_EUSAGE, "%s: no edges for \"%s\"", where, column);
	else if (i >= 0 && (!from_flag || (size_t)i >= st->file_bins))
		e = audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" is binned twice", where, column);
	for (size_t k = 1; k < n && !e; k++)
		if (!(edges[k] > edges[k - 1])) {
			char a[32], b[32];
			format_number(edges[k - 1], a);
			format_number(edges[k], b);
			e = audit_fail(err, AUDIT_EUSAGE,
				       "%s: edges of \"%s\" must be strictly increasing (%s follows %s)", where,
				       column, b, a);
		}
	if (e) {
		free(edges);
		return e;
	}
	if (i >= 0) {
		free(cfg->bins[i].column);
		free(cfg->bins[i].edges);
		remove_at(cfg->bins, &cfg->nbins, sizeof *cfg->bins, (size_t)i);
		st->file_bins--;
	}
	cfg->bins = xrealloc(cfg->bins, (cfg->nbins + 1) * sizeof *cfg->bins);
	cfg->bins[cfg->nbins] = (struct bin_edges){xstrdup(column), edges, n};
	cfg->nbins++;
	if (!from_flag)
		st->file_bins = cfg->nbins;
	return AUDIT_OK;
}

/* ------------------------------------------------------------------ */
/* Flags                                                               */
/* ------------------------------------------------------------------ */

static int flag_reference(struct parse_state *st, struct audit_config *cfg, const char *value,
			  struct audit_err *err)
{
	const char *eq = strchr(value, '='); /* rule 10: the first "=" */
	if (!eq)
		return audit_fail(err, AUDIT_EUSAGE, "--reference: expected ATTR=VALUE, got \"%s\"", value);
	char *attribute = xstrndup(value, (size_t)(eq - value));
	int e = add_reference(st, cfg, "--reference", attribute, eq + 1, 1, err);
	free(attribute);
	return e;
}

static int flag_bins(struct parse_state *st, struct audit_config *cfg, const char *value, struct audit_err *err)
{
	const char *eq = strrchr(value, '='); /* rule 11: the last "=" */
	if (!eq)
		return audit_fail(err, AUDIT_EUSAGE, "--bins: expected COL=E1,E2,..., got \"%s\"", value);
	struct item_list list;
	int e = split_list("--bins", eq + 1, &list, err);
	if (e)
		return e;
	double *edges = xcalloc(list.n, sizeof *edges);
	for (size_t i = 0; i < list.n && !e; i++)
		if (!parse_decimal(list.items[i], strlen(list.items[i]), &edges[i]))
			e = audit_fail(err, AUDIT_EUSAGE, "--bins: edge \"%s\" is not a finite number", list.items[i]);
	size_t n = list.n;
	item_list_free(&list);
	if (e) {
		free(edges);
		return e;
	}
	char *column = xstrndup(value, (size_t)(eq - value));
	e = add_bins(st, cfg, "--bins", column, edges, n, 1, err);
	free(column);
	return e;
}

static int flag_whole(const char *flag, const char *value, int min, long *out, struct audit_err *err)
{
	if (!parse_whole(value, out))
		return audit_fail(err, AUDIT_EUSAGE, "%s: expected a whole number >= %d, got \"%s\"", flag, min,
				  value);
	return AUDIT_OK;
}

/* Applies one flag's value to cfg (the file has been applied already). */
static int apply_flag(struct parse_state *st, struct audit_config *cfg, enum setting s, const char *value,
		      struct audit_err *err)
{
	const char *flag = settings[s].flag;
	struct item_list list;
	long n;
	int e;
	st->origin[s] = FROM_FLAG;
	switch (s) {
	case S_LABEL: return set_nonempty(flag, value, &cfg->label, err);
	case S_PREDICTION: return set_nonempty(flag, value, &cfg->prediction, err);
	case S_GOLD: return set_nonempty(flag, value, &cfg->gold, err);
	case S_ID: return set_nonempty(flag, value, &cfg->id, err);
	case S_SENSITIVE: return set_nonempty(flag, value, &cfg->sensitive, err);
	case S_BASELINE: return set_nonempty(flag, value, &cfg->baseline, err);
	case S_STRATA: return set_nonempty(flag, value, &cfg->strata, err);
	case S_DB: return set_nonempty(flag, value, &cfg->db, err);
	case S_OUT: return set_nonempty(flag, value, &cfg->out, err);
	case S_NAME: return set_nonempty(flag, value, &cfg->name, err);
	case S_NA: replace_string(&cfg->na, value); return AUDIT_OK;
	case S_DATA_FORMAT: return set_data_format(cfg, flag, value, err);
	case S_DELIMITER: return set_delimiter(cfg, flag, value, err);
	case S_POSITIVE:
	case S_PREDICTION_POSITIVE: return set_positive(st, cfg, s, flag, value, 1, err);
	case S_REFERENCE: return flag_reference(st, cfg, value, err);
	case S_BINS: return flag_bins(st, cfg, value, err);
	case S_INTERSECTIONS:
		return (e = flag_whole(flag, value, 1, &n, err)) ? e : set_intersections(cfg, flag, n, err);
	case S_MIN_GROUP:
		return (e = flag_whole(flag, value, 1, &n, err)) ? e : set_min_group(cfg, flag, n, err);
	case S_K:
		return (e = flag_whole(flag, value, 2, &n, err)) ? e : set_k(cfg, flag, n, err);
	case S_PROTECTED:
	case S_ANNOTATORS:
	case S_QUASI_IDENTIFIERS:
		if ((e = split_list(flag, value, &list, err)))
			return e;
		free(list.quoted);
		return set_names(cfg, s, flag, list.items, list.n, err);
	case S_FORMAT:
	case S_REQUIRE:
		if ((e = split_list(flag, value, &list, err)))
			return e;
		e = (s == S_FORMAT ? set_formats : set_require)(cfg, flag, list.items, list.n, err);
		item_list_free(&list);
		return e;
	case S_STRICT: cfg->strict = 1; return AUDIT_OK;        /* rule 23: a flag turns it on */
	case S_GATE_ONLY: cfg->gate_only = 1; return AUDIT_OK;
	case S_POSITIVE_SPECS:
	case S_POPULATION:
	case S_DOMAIN:
	case S_POLICY_DEFAULTS:
	case S_POLICY:
	case S_CONFIG:
	case S_NO_PROGRESS:
	case S_COUNT:
		break;
	}
	return AUDIT_OK;
}

/* The setting whose flag is arg's "--name" part, or -1; *inline_value gets the text after "=". */
static int lookup_flag(const char *arg, const char **inline_value)
{
	size_t len = strcspn(arg, "=");
	*inline_value = arg[len] == '=' ? arg + len + 1 : NULL;
	for (int s = 0; s < S_COUNT; s++)
		if (settings[s].flag && strlen(settings[s].flag) == len && strncmp(arg, settings[s].flag, len) == 0)
			return s;
	return -1;
}

/*
 * First pass over argv: the DATA argument, --config, --no-progress, and the
 * other flags as (setting, value) pairs in *flags (which has argc slots).
 */
static int scan_argv(int argc, char **argv, struct audit_config *cfg, struct flag_value *flags, size_t *nflags,
		     struct audit_err *err)
{
	int seen[S_COUNT] = {0}, options_done = 0;
	*nflags = 0;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i], *value;
		if (!options_done && strcmp(arg, "--") == 0) {
			options_done = 1;
			continue;
		}
		if (options_done || arg[0] != '-' || arg[1] == '\0') {
			if (cfg->data)
				return audit_fail(err, AUDIT_EUSAGE, "audit: one data file at a time (got %s and %s)",
						  cfg->data, arg);
			cfg->data = xstrdup(arg);
			continue;
		}
		int s = arg[1] == '-' ? lookup_flag(arg, &value) : -1;
		if (s < 0)
			return audit_fail(err, AUDIT_EUSAGE, "audit: unknown option %s (see dsaudit --help)", arg);
		if (seen[s]++ && !settings[s].repeatable)
			return audit_fail(err, AUDIT_EUSAGE, "%s: given more than once", settings[s].flag);
		if (s == S_NO_PROGRESS || s == S_STRICT || s == S_GATE_ONLY) {
			if (value)
				return audit_fail(err, AUDIT_EUSAGE, "%s: takes no value", settings[s].flag);
			if (s == S_NO_PROGRESS)
				cfg->no_progress = 1;
			else /* rule 23: applied after the file, like every flag */
				flags[(*nflags)++] = (struct flag_value){(enum setting)s, NULL};
			continue;
		}
		if (!value) {
			/* Rule 8: "--label --protected x" is a forgotten value, not a column named "--protected". */
			if (i + 1 >= argc || strncmp(argv[i + 1], "--", 2) == 0)
				return audit_fail(err, AUDIT_EUSAGE, "%s: needs a value", settings[s].flag);
			value = argv[++i];
		}
		if (s == S_CONFIG) {
			if (!*value)
				return audit_fail(err, AUDIT_EUSAGE, "--config: must not be empty");
			cfg->config_path = xstrdup(value);
			continue;
		}
		flags[(*nflags)++] = (struct flag_value){(enum setting)s, value};
	}
	if (!cfg->data)
		return audit_fail(err, AUDIT_EUSAGE, "audit: no data file given");
	return AUDIT_OK;
}

/* ------------------------------------------------------------------ */
/* The config file                                                     */
/* ------------------------------------------------------------------ */

static int read_whole_file(const char *path, char **out, size_t *len, struct audit_err *err)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return audit_fail(err, AUDIT_EUSAGE, "%s: cannot read the config file: %s", path, strerror(errno));
	struct strbuf sb = {0};
	char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0 && sb.len <= CONFIG_MAX_BYTES)
		strbuf_append(&sb, chunk, got);
	int failed = ferror(f), saved = errno;
	fclose(f);
	if (failed) {
		strbuf_free(&sb);
		return audit_fail(err, AUDIT_EUSAGE, "%s: cannot read the config file: %s", path, strerror(saved));
	}
	if (sb.len > CONFIG_MAX_BYTES) {
		strbuf_free(&sb);
		return audit_fail(err, AUDIT_EUSAGE, "%s: the config file is larger than 16 MiB", path);
	}
	strbuf_append(&sb, "", 0);
	*out = sb.buf;
	*len = sb.len;
	return AUDIT_OK;
}

/* Line and byte column (both from 1) of offset in text. */
static void line_col(const char *text, size_t offset, long *line, long *col)
{
	*line = 1;
	size_t start = 0;
	for (size_t i = 0; i < offset; i++)
		if (text[i] == '\n') {
			(*line)++;
			start = i + 1;
		}
	*col = (long)(offset - start) + 1;
}

/* Rule 15: invalid JSON reported as FILE:LINE:COL with a little of the text there. */
static int json_syntax_error(const char *path, const char *text, size_t len, const char *stop,
			     struct audit_err *err)
{
	size_t offset = stop && stop >= text && stop <= text + len ? (size_t)(stop - text) : 0;
	long line, col;
	line_col(text, offset, &line, &col);
	char near[24];
	size_t n = 0;
	for (const char *p = text + offset; *p && *p != '\n' && *p != '\r' && n < 16; p++)
		near[n++] = (unsigned char)*p < 0x20 ? ' ' : *p;
	n = utf8_valid_prefix((const unsigned char *)near, n); /* no cut UTF-8 sequence */
	near[n] = '\0';
	if (n == 0)
		return audit_fail(err, AUDIT_EUSAGE, "%s:%ld:%ld: invalid JSON (unexpected end of line or file)", path,
				  line, col);
	return audit_fail(err, AUDIT_EUSAGE, "%s:%ld:%ld: invalid JSON near \"%s\"", path, line, col, near);
}

static const char *json_type_name(const cJSON *item)
{
	if (cJSON_IsObject(item)) return "an object";
	if (cJSON_IsArray(item)) return "an array";
	if (cJSON_IsString(item)) return "a string";
	if (cJSON_IsNumber(item)) return "a number";
	if (cJSON_IsBool(item)) return "a boolean";
	return "null";
}

/*
 * Reads and parses the config file. *root is the top-level object, to be
 * freed with cJSON_Delete.
 */
static int load_json(const char *path, cJSON **root, struct audit_err *err)
{
	char *buf;
	size_t len;
	int e = read_whole_file(path, &buf, &len, err);
	if (e)
		return e;
	/* cJSON stops at a NUL byte and would silently ignore the rest. */
	const char *nul = memchr(buf, '\0', len);
	const char *text = buf;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		text += 3, len -= 3;
	if (nul) {
		long line, col;
		line_col(text, (size_t)(nul - text), &line, &col);
		e = audit_fail(err, AUDIT_EUSAGE, "%s:%ld:%ld: a NUL byte in the config file", path, line, col);
	} else if (strspn(text, " \t\r\n") == len)
		e = audit_fail(err, AUDIT_EUSAGE, "%s: the config file is empty (expected a JSON object)", path);
	if (!e) {
		/* The parse end pointer is the same position cJSON_GetErrorPtr gives,
		 * without going through cJSON's global error state. */
		const char *stop = NULL;
		*root = cJSON_ParseWithOpts(text, &stop, 1);
		if (!*root)
			e = json_syntax_error(path, text, len, stop, err);
		else if (!cJSON_IsObject(*root)) {
			e = audit_fail(err, AUDIT_EUSAGE, "%s: expected a JSON object at the top level, got %s", path,
				       json_type_name(*root));
			cJSON_Delete(*root);
			*root = NULL;
		}
	}
	free(buf);
	return e;
}

static int key_setting(const char *key)
{
	for (int s = 0; s < S_COUNT; s++)
		if (settings[s].key && strcmp(settings[s].key, key) == 0)
			return s;
	return -1;
}

/*
 * cJSON keeps every copy of a repeated key and lookups find the first, so a
 * repeat would silently lose a setting: refuse it at any depth.
 */
static int check_unique_keys(const char *path, const cJSON *item, struct audit_err *err)
{
	for (const cJSON *a = item->child; a; a = a->next) {
		if (cJSON_IsObject(item))
			for (const cJSON *b = item->child; b != a; b = b->next)
				if (strcmp(a->string, b->string) == 0)
					return audit_fail(err, AUDIT_EUSAGE, "%s: key \"%s\" appears twice%s%s%s", path,
							  a->string, item->string ? " in \"" : "",
							  item->string ? item->string : "", item->string ? "\"" : "");
		int e = check_unique_keys(path, a, err);
		if (e)
			return e;
	}
	return AUDIT_OK;
}

/* Rule 15: every key known (exactly; cJSON_GetObjectItem ignores case) and given once. */
static int check_keys(const char *path, const cJSON *root, struct audit_err *err)
{
	for (const cJSON *a = root->child; a; a = a->next) {
		if (key_setting(a->string) < 0) {
			struct strbuf known = {0};
			for (int s = 0; s < S_COUNT; s++)
				if (settings[s].key)
					strbuf_printf(&known, "%s%s", known.len ? ", " : "", settings[s].key);
			int e = audit_fail(err, AUDIT_EUSAGE, "%s: unknown key \"%s\" (known keys: %s)", path,
					   a->string, known.buf);
			strbuf_free(&known);
			return e;
		}
	}
	return check_unique_keys(path, root, err);
}

/* The child of object named exactly key, or NULL. */
static const cJSON *child_named(const cJSON *object, const char *key)
{
	for (const cJSON *c = object->child; c; c = c->next)
		if (strcmp(c->string, key) == 0)
			return c;
	return NULL;
}

/*
 * Strings and numbers of a JSON value as list items: a string is one item, a
 * number its shortest text, an array each element so. Returns 0 when
 * something else is in it.
 */
static int json_items(const cJSON *item, int allow_numbers, struct item_list *out)
{
	memset(out, 0, sizeof *out);
	const cJSON *first = cJSON_IsArray(item) ? item->child : item;
	for (const cJSON *c = first; c; c = cJSON_IsArray(item) ? c->next : NULL) {
		char buf[32];
		if (cJSON_IsString(c))
			item_list_push(out, xstrdup(c->valuestring), 1);
		else if (allow_numbers && cJSON_IsNumber(c) && isfinite(c->valuedouble)) {
			format_number(c->valuedouble, buf);
			item_list_push(out, xstrdup(buf), 1);
		} else {
			item_list_free(out);
			return 0;
		}
	}
	return 1;
}

/*
 * The spec text of a "positive" or "positive_specs" value: a string as it
 * is, a number as its shortest text, an array as a list whose elements are
 * always literal values (quoted as needed, rule 2). NULL for other types.
 */
static char *json_spec_text(const cJSON *item)
{
	if (cJSON_IsString(item))
		return xstrdup(item->valuestring);
	struct item_list list;
	if (!json_items(item, 1, &list))
		return NULL;
	char *text = join_list(list.items, list.n, looks_like_comparison);
	item_list_free(&list);
	return text;
}

static int key_positive_specs(struct parse_state *st, const char *where, const cJSON *item, struct audit_err *err)
{
	if (!cJSON_IsObject(item))
		return audit_fail(err, AUDIT_EUSAGE, "%s must be an object mapping names to specs", where);
	for (const cJSON *c = item->child; c; c = c->next) {
		struct strbuf sub = {0};
		strbuf_printf(&sub, "%s.\"%s\"", where, c->string);
		char *text = json_spec_text(c);
		struct positive_spec check;
		int e;
		if (!text)
			e = audit_fail(err, AUDIT_EUSAGE, "%s must be a string, a number or an array of them", sub.buf);
		else if (!*c->string)
			e = audit_fail(err, AUDIT_EUSAGE, "%s: a spec name must not be empty", where);
		else
			e = positive_parse_at(sub.buf, text, &check, err);
		strbuf_free(&sub);
		if (e) {
			free(text);
			return e;
		}
		positive_spec_free(&check);
		st->specs = xrealloc(st->specs, (st->nspecs + 1) * sizeof *st->specs);
		st->specs[st->nspecs++] = (struct named_spec){xstrdup(c->string), text};
	}
	return AUDIT_OK;
}

static int key_positive(struct parse_state *st, struct audit_config *cfg, enum setting s, const char *where,
			const cJSON *item, struct audit_err *err)
{
	char *text = json_spec_text(item);
	if (!text)
		return audit_fail(err, AUDIT_EUSAGE, "%s must be a string, a number or an array of them", where);
	/* Only a string can be a name (rule 5). */
	int e = set_positive(st, cfg, s, where, text, cJSON_IsString(item), err);
	free(text);
	return e;
}

/* "protected", "format", "annotators", "quasi_identifiers": an array of
 * strings, or one comma-list string. */
static int json_name_list(const char *where, const cJSON *item, struct item_list *out, struct audit_err *err)
{
	if (cJSON_IsString(item))
		return split_list(where, item->valuestring, out, err);
	if (!cJSON_IsArray(item) || !json_items(item, 0, out))
		return audit_fail(err, AUDIT_EUSAGE, "%s must be an array of strings or a comma-separated string",
				  where);
	if (out->n == 0)
		return audit_fail(err, AUDIT_EUSAGE, "%s: the list is empty", where);
	return AUDIT_OK;
}

static int key_reference(struct parse_state *st, struct audit_config *cfg, const char *where, const cJSON *item,
			 struct audit_err *err)
{
	if (!cJSON_IsObject(item))
		return audit_fail(err, AUDIT_EUSAGE, "%s must be an object mapping attributes to group values",
				  where);
	for (const cJSON *c = item->child; c; c = c->next) {
		if (!cJSON_IsString(c))
			return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\" must be a string (group values are text)",
					  where, c->string);
		int e = add_reference(st, cfg, where, c->string, c->valuestring, 0, err);
		if (e)
			return e;
	}
	return AUDIT_OK;
}

static int key_bins(struct parse_state *st, struct audit_config *cfg, const char *where, const cJSON *item,
		    struct audit_err *err)
{
	if (!cJSON_IsObject(item))
		return audit_fail(err, AUDIT_EUSAGE, "%s must be an object mapping columns to arrays of edges", where);
	for (const cJSON *c = item->child; c; c = c->next) {
		size_t n = cJSON_IsArray(c) ? (size_t)cJSON_GetArraySize(c) : 0;
		double *edges = xcalloc(n, sizeof *edges);
		int ok = cJSON_IsArray(c);
		size_t k = 0;
		for (const cJSON *e = ok ? c->child : NULL; e && ok; e = e->next) {
			ok = cJSON_IsNumber(e) && isfinite(e->valuedouble);
			edges[k++] = ok ? e->valuedouble : 0;
		}
		if (!ok) {
			free(edges);
			return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\" must be an array of finite numbers", where,
					  c->string);
		}
		int e = add_bins(st, cfg, where, c->string, edges, n, 0, err);
		if (e)
			return e;
	}
	return AUDIT_OK;
}

/* One attribute's shares (rule 12). */
static int population_attribute(const char *where, const cJSON *attr, struct population *pop, struct audit_err *err)
{
	memset(pop, 0, sizeof *pop);
	if (!cJSON_IsObject(attr) || !attr->child)
		return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\" must be an object mapping groups to shares", where,
				  attr->string);
	pop->attribute = xstrdup(attr->string);
	pop->shares = xcalloc((size_t)cJSON_GetArraySize(attr), sizeof *pop->shares);
	double sum = 0;
	for (const cJSON *g = attr->child; g; g = g->next) {
		if (!cJSON_IsNumber(g) || !(g->valuedouble >= 0 && g->valuedouble <= 1))
			return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\".\"%s\" must be a number between 0 and 1",
					  where, attr->string, g->string);
		pop->shares[pop->n++] = (struct population_share){xstrdup(g->string), g->valuedouble};
		sum += g->valuedouble;
	}
	if (fabs(sum - 1) > POPULATION_TOLERANCE) {
		char buf[32];
		format_number(sum, buf);
		return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\": the shares sum to %s, not 1", where, attr->string,
				  buf);
	}
	return AUDIT_OK;
}

static void population_free(struct population *pop)
{
	for (size_t i = 0; i < pop->n; i++)
		free(pop->shares[i].group);
	free(pop->shares);
	free(pop->attribute);
}

static int key_population(struct audit_config *cfg, const char *where, const cJSON *item, struct audit_err *err)
{
	if (!cJSON_IsObject(item))
		return audit_fail(err, AUDIT_EUSAGE, "%s must be an object mapping attributes to group shares", where);
	size_t n = (size_t)cJSON_GetArraySize(item);
	cfg->populations = xcalloc(n, sizeof *cfg->populations);
	for (const cJSON *attr = item->child; attr; attr = attr->next) {
		/* Counted in before checking, so config_free releases a half-built entry. */
		int e = population_attribute(where, attr, &cfg->populations[cfg->npopulations++], err);
		if (e)
			return e;
	}
	return AUDIT_OK;
}

static void domain_free(struct domain *d)
{
	free(d->column);
	free_strings(d->values, d->nvalues);
	free(d->numeric);
	free(d->numbers);
	free(d->quoted);
	memset(d, 0, sizeof *d);
}

/* An allowed value as the user wrote it in the list: "F" or 1. */
static const char *quote_if(const struct domain *d, size_t i)
{
	return d->quoted[i] ? "\"" : "";
}

/*
 * Appends one list value of a domain (rule 21); a repeat under rule 4 or an
 * empty string is an error.
 */
static int domain_value(const char *where, const cJSON *v, struct domain *d, struct audit_err *err)
{
	const char *column = d->column;
	char buf[32];
	const char *text = buf;
	int quoted = cJSON_IsString(v);
	if (quoted)
		text = v->valuestring;
	else if (cJSON_IsNumber(v) && isfinite(v->valuedouble))
		format_number(v->valuedouble, buf);
	else
		return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\" must be [lo, hi] or an array of strings and finite numbers",
				  where, column);
	if (!*text)
		return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\": an allowed value is empty", where, column);
	size_t i = d->nvalues++;
	d->values[i] = xstrdup(text);
	d->quoted[i] = quoted;
	d->numeric[i] = parse_decimal(text, strlen(text), &d->numbers[i]);
	for (size_t j = 0; j < i; j++) {
		if (strcmp(d->values[j], d->values[i]) == 0)
			return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\": %s%s%s is listed twice", where, column,
					  quote_if(d, i), d->values[i], quote_if(d, i));
		if (d->numeric[j] && d->numeric[i] && d->numbers[j] == d->numbers[i])
			return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\": %s%s%s and %s%s%s are the same number", where,
					  column, quote_if(d, j), d->values[j], quote_if(d, j), quote_if(d, i),
					  d->values[i], quote_if(d, i));
	}
	return AUDIT_OK;
}

/* One column of "domain" (rule 21); d is kept however far it got, for domain_free. */
static int domain_column(const char *where, const cJSON *c, struct domain *d, struct audit_err *err)
{
	memset(d, 0, sizeof *d);
	if (!*c->string)
		return audit_fail(err, AUDIT_EUSAGE, "%s: the column name is empty", where);
	d->column = xstrdup(c->string);
	if (!cJSON_IsArray(c))
		return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\" must be an array: [lo, hi] or a list of allowed values",
				  where, c->string);
	size_t n = (size_t)cJSON_GetArraySize(c);
	if (n == 0)
		return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\": the list is empty", where, c->string);
	if (n == 2 && cJSON_IsNumber(c->child) && cJSON_IsNumber(c->child->next)) {
		d->is_range = 1;
		d->lo = c->child->valuedouble;
		d->hi = c->child->next->valuedouble;
		if (!isfinite(d->lo) || !isfinite(d->hi))
			return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\": the bounds of a range must be finite numbers",
					  where, c->string);
		if (d->lo > d->hi) {
			char lo[32], hi[32];
			format_number(d->lo, lo);
			format_number(d->hi, hi);
			return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\": the range [%s, %s] has lo > hi", where,
					  c->string, lo, hi);
		}
		return AUDIT_OK;
	}
	d->values = xcalloc(n, sizeof *d->values);
	d->numeric = xcalloc(n, sizeof *d->numeric);
	d->numbers = xcalloc(n, sizeof *d->numbers);
	d->quoted = xcalloc(n, sizeof *d->quoted);
	for (const cJSON *v = c->child; v; v = v->next) {
		int e = domain_value(where, v, d, err);
		if (e)
			return e;
	}
	return AUDIT_OK;
}

static int key_domain(struct audit_config *cfg, const char *where, const cJSON *item, struct audit_err *err)
{
	if (!cJSON_IsObject(item))
		return audit_fail(err, AUDIT_EUSAGE,
				  "%s must be an object mapping columns to [lo, hi] ranges or arrays of allowed values",
				  where);
	cfg->domains = xcalloc((size_t)cJSON_GetArraySize(item), sizeof *cfg->domains);
	for (const cJSON *c = item->child; c; c = c->next) {
		/* Counted in before checking, so config_free releases a half-built entry. */
		int e = domain_column(where, c, &cfg->domains[cfg->ndomains++], err);
		if (e)
			return e;
	}
	return AUDIT_OK;
}

int domain_contains(const struct domain *d, const char *text, int is_number, double number)
{
	if (is_number && isnan(number))
		is_number = 0;
	if (d->is_range)
		return is_number && number >= d->lo && number <= d->hi; /* a text value is outside */
	for (size_t i = 0; i < d->nvalues; i++) {
		if (text && strcmp(text, d->values[i]) == 0)
			return 1;
		if (is_number && d->numeric[i] && number == d->numbers[i])
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* The policy (rule 24)                                                */
/* ------------------------------------------------------------------ */

static const char *const rule_keys[] = {"metric", "name", "attribute", "group", "column", "min",
					"max", "band", "share", "severity", "insufficient"};
#define NRULE_KEYS (sizeof rule_keys / sizeof rule_keys[0])

/* "attribute", "group", "column": a non-empty string, or null (the record has none). */
static int rule_match_field(const char *where, const cJSON *rule, const char *key, struct gate_match *m,
			    struct audit_err *err)
{
	const cJSON *item = child_named(rule, key);
	if (!item)
		return AUDIT_OK;
	m->given = 1;
	if (cJSON_IsNull(item))
		return AUDIT_OK;
	if (!cJSON_IsString(item))
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" must be a string or null, not %s", where, key,
				  json_type_name(item));
	if (!*item->valuestring)
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" must not be empty", where, key);
	m->value = xstrdup(item->valuestring);
	return AUDIT_OK;
}

/* "min" or "max": a finite number. */
static int rule_bound(const char *where, const cJSON *rule, const char *key, int *has, double *out,
		      struct audit_err *err)
{
	const cJSON *item = child_named(rule, key);
	if (!item)
		return AUDIT_OK;
	if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble))
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" must be a finite number", where, key);
	*has = 1;
	*out = item->valuedouble;
	return AUDIT_OK;
}

/* "band": [lo, hi], two finite numbers, lo <= hi, instead of min and max. */
static int rule_band(const char *where, const cJSON *item, struct gate_rule *r, struct audit_err *err)
{
	if (r->has_min || r->has_max)
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"band\" cannot be given with \"min\" or \"max\"", where);
	if (!cJSON_IsArray(item) || cJSON_GetArraySize(item) != 2 || !cJSON_IsNumber(item->child) ||
	    !cJSON_IsNumber(item->child->next) || !isfinite(item->child->valuedouble) ||
	    !isfinite(item->child->next->valuedouble))
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"band\" must be [lo, hi], two finite numbers", where);
	r->has_min = r->has_max = 1;
	r->min = item->child->valuedouble;
	r->max = item->child->next->valuedouble;
	return AUDIT_OK;
}

/* "severity" and "insufficient": one of the words given, as a status. */
static int rule_word(const char *where, const cJSON *rule, const char *key, const char *const *words,
		     const enum record_status *statuses, size_t n, const char *expected, enum record_status *out,
		     struct audit_err *err)
{
	const cJSON *item = child_named(rule, key);
	if (!item)
		return AUDIT_OK;
	for (size_t i = 0; cJSON_IsString(item) && i < n; i++)
		if (strcmp(item->valuestring, words[i]) == 0) {
			*out = statuses[i];
			return AUDIT_OK;
		}
	if (cJSON_IsString(item))
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" must be %s, not \"%s\"", where, key, expected,
				  item->valuestring);
	return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" must be %s, not %s", where, key, expected,
			  json_type_name(item));
}

/* One rule of "policy" (rule 24); r is kept however far it got, for gate_rule_free. */
static int policy_rule(const char *where, const cJSON *c, struct gate_rule *r, struct audit_err *err)
{
	static const char *const severities[] = {"fail", "warn"};
	static const enum record_status severity_status[] = {STATUS_FAIL, STATUS_WARN};
	static const char *const outcomes[] = {"pass", "warn", "fail"};
	static const enum record_status outcome_status[] = {STATUS_INSUFFICIENT, STATUS_WARN, STATUS_FAIL};
	memset(r, 0, sizeof *r);
	r->severity = STATUS_FAIL;
	r->insufficient = STATUS_INSUFFICIENT;
	if (!cJSON_IsObject(c))
		return audit_fail(err, AUDIT_EUSAGE, "%s must be an object (a rule), not %s", where, json_type_name(c));
	for (const cJSON *k = c->child; k; k = k->next) {
		size_t i = 0;
		while (i < NRULE_KEYS && strcmp(rule_keys[i], k->string) != 0)
			i++;
		if (i == NRULE_KEYS) {
			struct strbuf known = {0};
			for (size_t j = 0; j < NRULE_KEYS; j++)
				strbuf_printf(&known, "%s%s", j ? ", " : "", rule_keys[j]);
			int e = audit_fail(err, AUDIT_EUSAGE, "%s: unknown key \"%s\" (known keys: %s)", where,
					   k->string, known.buf);
			strbuf_free(&known);
			return e;
		}
	}
	const cJSON *metric = child_named(c, "metric"), *name = child_named(c, "name");
	if (!metric)
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"metric\" is required", where);
	if (!cJSON_IsString(metric))
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"metric\" must be a string, not %s", where,
				  json_type_name(metric));
	if (!gate_metric_known(metric->valuestring))
		return audit_fail(err, AUDIT_EUSAGE, "%s: unknown metric \"%s\"", where, metric->valuestring);
	r->metric = xstrdup(metric->valuestring);
	if (name && (!cJSON_IsString(name) || !*name->valuestring))
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"name\" must be a non-empty string", where);
	if (name)
		r->name = xstrdup(name->valuestring);
	int e;
	if ((e = rule_match_field(where, c, "attribute", &r->attribute, err)) ||
	    (e = rule_match_field(where, c, "group", &r->group, err)) ||
	    (e = rule_match_field(where, c, "column", &r->column, err)) ||
	    (e = rule_bound(where, c, "min", &r->has_min, &r->min, err)) ||
	    (e = rule_bound(where, c, "max", &r->has_max, &r->max, err)))
		return e;
	const cJSON *band = child_named(c, "band"), *share = child_named(c, "share");
	if (band && (e = rule_band(where, band, r, err)))
		return e;
	if (!r->has_min && !r->has_max)
		return audit_fail(err, AUDIT_EUSAGE, "%s: no bound: give \"min\", \"max\" or \"band\"", where);
	if (r->has_min && r->has_max && r->min > r->max) {
		char lo[32], hi[32];
		format_number(r->min, lo);
		format_number(r->max, hi);
		return audit_fail(err, AUDIT_EUSAGE, "%s: the bounds [%s, %s] have lo > hi", where, lo, hi);
	}
	if (share && !cJSON_IsBool(share))
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"share\" must be true or false, not %s", where,
				  json_type_name(share));
	r->share = share && cJSON_IsTrue(share);
	if ((e = rule_word(where, c, "severity", severities, severity_status, 2, "\"fail\" or \"warn\"",
			   &r->severity, err)))
		return e;
	return rule_word(where, c, "insufficient", outcomes, outcome_status, 3, "\"pass\", \"warn\" or \"fail\"",
			 &r->insufficient, err);
}

static int key_policy(struct audit_config *cfg, const char *where, const cJSON *item, struct audit_err *err)
{
	if (!cJSON_IsArray(item))
		return audit_fail(err, AUDIT_EUSAGE, "%s must be an array of rules, not %s", where,
				  json_type_name(item));
	cfg->policy = xcalloc((size_t)cJSON_GetArraySize(item) + 1, sizeof *cfg->policy);
	size_t i = 0;
	for (const cJSON *c = item->child; c; c = c->next, i++) {
		char sub[600];
		snprintf(sub, sizeof sub, "%s[%zu]", where, i);
		/* Counted in before checking, so config_free releases a half-built rule. */
		int e = policy_rule(sub, c, &cfg->policy[cfg->npolicy++], err);
		if (e)
			return e;
	}
	return AUDIT_OK;
}

/* "strict", "gate_only", "policy_defaults": true or false. */
static int json_bool_value(const char *where, const cJSON *item, int *out, struct audit_err *err)
{
	if (!cJSON_IsBool(item))
		return audit_fail(err, AUDIT_EUSAGE, "%s must be true or false, not %s", where, json_type_name(item));
	*out = cJSON_IsTrue(item);
	return AUDIT_OK;
}

/* A JSON string for a key that takes one (e.g. "label"). */
static int json_string_value(const char *where, const cJSON *item, const char **out, struct audit_err *err)
{
	if (!cJSON_IsString(item))
		return audit_fail(err, AUDIT_EUSAGE, "%s must be a string, not %s", where, json_type_name(item));
	*out = item->valuestring;
	return AUDIT_OK;
}

/* Applies config key s with value item. */
static int apply_key(struct parse_state *st, struct audit_config *cfg, enum setting s, const cJSON *item,
		     struct audit_err *err)
{
	char where[512];
	where_of(st, s, FROM_FILE, where, sizeof where);
	st->origin[s] = FROM_FILE;
	struct item_list list;
	const char *str = NULL;
	long n;
	int e;
	switch (s) {
	case S_POSITIVE_SPECS: return key_positive_specs(st, where, item, err);
	case S_POSITIVE:
	case S_PREDICTION_POSITIVE: return key_positive(st, cfg, s, where, item, err);
	case S_DOMAIN: return key_domain(cfg, where, item, err);
	case S_REFERENCE: return key_reference(st, cfg, where, item, err);
	case S_BINS: return key_bins(st, cfg, where, item, err);
	case S_POPULATION: return key_population(cfg, where, item, err);
	case S_POLICY: return key_policy(cfg, where, item, err);
	case S_STRICT: return json_bool_value(where, item, &cfg->strict, err);
	case S_GATE_ONLY: return json_bool_value(where, item, &cfg->gate_only, err);
	case S_POLICY_DEFAULTS: return json_bool_value(where, item, &cfg->policy_defaults, err);
	case S_INTERSECTIONS:
		if (!json_whole(item, 1, INT_MAX, &n))
			return audit_fail(err, AUDIT_EUSAGE, "%s must be a whole number >= 1", where);
		return set_intersections(cfg, where, n, err);
	case S_MIN_GROUP:
		if (!json_whole(item, 1, 1e15, &n))
			return audit_fail(err, AUDIT_EUSAGE, "%s must be a whole number >= 1", where);
		return set_min_group(cfg, where, n, err);
	case S_K:
		if (!json_whole(item, 2, 1e15, &n))
			return audit_fail(err, AUDIT_EUSAGE, "%s must be a whole number >= 2", where);
		return set_k(cfg, where, n, err);
	case S_PROTECTED:
	case S_ANNOTATORS:
	case S_QUASI_IDENTIFIERS:
		if ((e = json_name_list(where, item, &list, err)))
			return e;
		free(list.quoted);
		return set_names(cfg, s, where, list.items, list.n, err);
	case S_FORMAT:
	case S_REQUIRE:
		if ((e = json_name_list(where, item, &list, err)))
			return e;
		e = (s == S_FORMAT ? set_formats : set_require)(cfg, where, list.items, list.n, err);
		item_list_free(&list);
		return e;
	default:
		break;
	}
	if ((e = json_string_value(where, item, &str, err)))
		return e;
	switch (s) {
	case S_LABEL: return set_nonempty(where, str, &cfg->label, err);
	case S_PREDICTION: return set_nonempty(where, str, &cfg->prediction, err);
	case S_GOLD: return set_nonempty(where, str, &cfg->gold, err);
	case S_ID: return set_nonempty(where, str, &cfg->id, err);
	case S_SENSITIVE: return set_nonempty(where, str, &cfg->sensitive, err);
	case S_BASELINE: return set_nonempty(where, str, &cfg->baseline, err);
	case S_STRATA: return set_nonempty(where, str, &cfg->strata, err);
	case S_DB: return set_nonempty(where, str, &cfg->db, err);
	case S_OUT: return set_nonempty(where, str, &cfg->out, err);
	case S_NAME: return set_nonempty(where, str, &cfg->name, err);
	case S_NA: replace_string(&cfg->na, str); return AUDIT_OK;
	case S_DATA_FORMAT: return set_data_format(cfg, where, str, err);
	case S_DELIMITER: return set_delimiter(cfg, where, str, err);
	default: return AUDIT_OK;
	}
}

static int apply_config_file(struct parse_state *st, struct audit_config *cfg, struct audit_err *err)
{
	cJSON *root = NULL;
	int e = load_json(st->config_path, &root, err);
	if (!e)
		e = check_keys(st->config_path, root, err);
	/* In setting order, not file order: positive_specs before positive (rule 5). */
	for (int s = 0; s < S_COUNT && !e; s++) {
		const cJSON *item = settings[s].key ? child_named(root, settings[s].key) : NULL;
		if (item)
			e = apply_key(st, cfg, (enum setting)s, item, err);
	}
	cJSON_Delete(root);
	return e;
}

/* ------------------------------------------------------------------ */
/* The merged configuration                                            */
/* ------------------------------------------------------------------ */

long config_protected_index(const struct audit_config *cfg, const char *attribute)
{
	for (size_t i = 0; i < cfg->nprotected; i++)
		if (strcmp(cfg->protected[i], attribute) == 0)
			return (long)i;
	return -1;
}

static int is_list_setting(enum setting s)
{
	return s == S_PROTECTED || s == S_ANNOTATORS || s == S_QUASI_IDENTIFIERS;
}

/* "--prediction-positive needs --prediction" or "audit.json: \"k\" needs \"quasi_identifiers\" (or ...)". */
static int fail_needs(const struct parse_state *st, enum setting s, const char *flags, const char *keys,
		      struct audit_err *err)
{
	if (st->origin[s] == FROM_FLAG)
		return audit_fail(err, AUDIT_EUSAGE, "%s needs %s", settings[s].flag, flags);
	return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" needs %s (or %s)", st->config_path, settings[s].key, keys,
			  flags);
}

/*
 * Rule 18: column is both a's and b's (a earlier in the rule's order). The
 * message blames the one a flag set, else b, and names the other as its
 * flag or config key: "--gold: \"y\" is already the --label".
 */
static int fail_clash(const struct parse_state *st, enum setting a, enum setting b, const char *column,
		      struct audit_err *err)
{
	enum setting blamed = b, other = a;
	if (st->origin[a] == FROM_FLAG && st->origin[b] != FROM_FLAG)
		blamed = a, other = b;
	char buf[512], name[64];
	if (st->origin[other] == FROM_FLAG)
		snprintf(name, sizeof name, "%s", settings[other].flag);
	else
		snprintf(name, sizeof name, "\"%s\"", settings[other].key);
	return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" is already %s %s",
			  where_of(st, blamed, st->origin[blamed], buf, sizeof buf), column,
			  is_list_setting(other) ? "in" : "the", name);
}

struct role {
	enum setting s;
	const char *column;
};

static void push_role(struct role *roles, size_t *n, enum setting s, const char *column)
{
	if (column)
		roles[(*n)++] = (struct role){s, column};
}

/* Rule 18: label, prediction, gold, id, annotators, protected and strata are different columns. */
static int check_roles(const struct parse_state *st, const struct audit_config *cfg, struct audit_err *err)
{
	size_t n = 0;
	struct role *roles = xcalloc(5 + cfg->nannotators + cfg->nprotected, sizeof *roles);
	push_role(roles, &n, S_LABEL, cfg->label);
	push_role(roles, &n, S_PREDICTION, cfg->prediction);
	push_role(roles, &n, S_GOLD, cfg->gold);
	push_role(roles, &n, S_ID, cfg->id);
	for (size_t i = 0; i < cfg->nannotators; i++)
		push_role(roles, &n, S_ANNOTATORS, cfg->annotators[i]);
	for (size_t i = 0; i < cfg->nprotected; i++)
		push_role(roles, &n, S_PROTECTED, cfg->protected[i]);
	push_role(roles, &n, S_STRATA, cfg->strata);
	int e = AUDIT_OK;
	for (size_t j = 1; j < n && !e; j++)
		for (size_t i = 0; i < j && !e; i++)
			if (roles[i].s != roles[j].s && strcmp(roles[i].column, roles[j].column) == 0)
				e = fail_clash(st, roles[i].s, roles[j].s, roles[j].column, err);
	free(roles);
	return e;
}

/* Rules 17-20: the settings they add, merged. */
static int check_merged_roles(const struct parse_state *st, const struct audit_config *cfg, struct audit_err *err)
{
	if (cfg->prediction_positive.text && !cfg->prediction)
		return fail_needs(st, S_PREDICTION_POSITIVE, "--prediction", "\"prediction\"", err);
	if (cfg->prediction && !cfg->label && !cfg->gold)
		return fail_needs(st, S_PREDICTION, "--label or --gold", "\"label\" or \"gold\"", err);
	int e = check_roles(st, cfg, err);
	if (e)
		return e;
	if (cfg->label)
		for (size_t i = 0; i < cfg->nquasi; i++)
			if (strcmp(cfg->quasi_identifiers[i], cfg->label) == 0)
				return fail_clash(st, S_LABEL, S_QUASI_IDENTIFIERS, cfg->label, err);
	if (cfg->sensitive && !cfg->nquasi)
		return fail_needs(st, S_SENSITIVE, "--quasi-identifiers", "\"quasi_identifiers\"", err);
	for (size_t i = 0; cfg->sensitive && i < cfg->nquasi; i++)
		if (strcmp(cfg->quasi_identifiers[i], cfg->sensitive) == 0)
			return fail_clash(st, S_QUASI_IDENTIFIERS, S_SENSITIVE, cfg->sensitive, err);
	if (st->origin[S_K] != FROM_NONE && !cfg->nquasi)
		return fail_needs(st, S_K, "--quasi-identifiers", "\"quasi_identifiers\"", err);
	return AUDIT_OK;
}

/* Rules 6, 10 and 13, then 17-20: checks that need the merged settings. */

/*
 * Rule 10a: the reference of an intersection names it as the audit does,
 * its protected attributes joined by "*" in --protected order, at most
 * --intersections of them; its value has one part per attribute.
 */
static int check_intersection_reference(const struct audit_config *cfg, const char *where, const char *attribute,
					const char *value, struct audit_err *err)
{
	struct strbuf canon = {0};
	long last = -1;
	int ordered = 1;
	size_t parts = 0;
	int e = AUDIT_OK;
	for (const char *p = attribute;; parts++) {
		const char *star = strchr(p, '*');
		size_t len = star ? (size_t)(star - p) : strlen(p);
		char *part = xstrndup(p, len);
		long k = config_protected_index(cfg, part);
		free(part);
		if (k < 0) {
			e = audit_fail(err, AUDIT_EUSAGE,
				       "%s: \"%s\" is not an intersection of protected attributes (\"%.*s\" is not protected)",
				       where, attribute, (int)len, p);
			break;
		}
		if (k <= last)
			ordered = 0;
		last = k;
		if (!star)
			break;
		p = star + 1;
	}
	if (!e && !ordered) {
		for (size_t k = 0; k < cfg->nprotected; k++) {
			const char *name = cfg->protected[k];
			size_t len = strlen(name);
			for (const char *p = attribute; p; p = strchr(p, '*') ? strchr(p, '*') + 1 : NULL)
				if (strncmp(p, name, len) == 0 && (p[len] == '*' || p[len] == 0)) {
					strbuf_printf(&canon, "%s%s", canon.len ? "*" : "", name);
					break;
				}
		}
		e = audit_fail(err, AUDIT_EUSAGE, "%s: the intersection is named \"%s\" (--protected order), not \"%s\"",
			       where, canon.buf ? canon.buf : "", attribute);
	}
	if (!e && (long)parts + 1 > cfg->intersections)
		e = audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" joins %zu attributes, but --intersections is %d", where,
			       attribute, parts + 1, cfg->intersections);
	size_t stars = 0;
	for (const char *p = value; *p; p++)
		stars += *p == '*';
	if (!e && stars < parts)
		e = audit_fail(err, AUDIT_EUSAGE, "%s: the reference of \"%s\" needs %zu values joined by \"*\", got \"%s\"",
			       where, attribute, parts + 1, value);
	strbuf_free(&canon);
	return e;
}

static int check_merged(const struct parse_state *st, const struct audit_config *cfg, struct audit_err *err)
{
	char buf[512];
	if (cfg->positive.text && !cfg->label) {
		if (st->origin[S_POSITIVE] == FROM_FLAG)
			return audit_fail(err, AUDIT_EUSAGE, "--positive needs --label");
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"positive\" needs \"label\" (or --label)", st->config_path);
	}
	if (cfg->label && config_protected_index(cfg, cfg->label) >= 0) {
		enum setting s = st->origin[S_LABEL] == FROM_FLAG ? S_LABEL : S_PROTECTED;
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" cannot be both the label and a protected attribute",
				  where_of(st, s, st->origin[s], buf, sizeof buf), cfg->label);
	}
	for (size_t i = 0; i < cfg->nreferences; i++) {
		const char *attribute = cfg->references[i].attribute;
		if (config_protected_index(cfg, attribute) >= 0)
			continue;
		const char *where = where_of(st, S_REFERENCE, i < st->file_refs ? FROM_FILE : FROM_FLAG, buf, sizeof buf);
		if (strchr(attribute, '*')) {
			int e = check_intersection_reference(cfg, where, attribute, cfg->references[i].value, err);
			if (e)
				return e;
			continue;
		}
		if (cfg->nprotected == 0)
			return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" is not a protected attribute (none are given)",
					  where, attribute);
		char *list = join_list(cfg->protected, cfg->nprotected, NULL);
		int e = audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" is not a protected attribute (protected: %s)", where,
				   attribute, list);
		free(list);
		return e;
	}
	if (cfg->strata && ((cfg->label && strcmp(cfg->strata, cfg->label) == 0) ||
			    config_protected_index(cfg, cfg->strata) >= 0))
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" is %s; stratify by another column",
				  where_of(st, S_STRATA, st->origin[S_STRATA], buf, sizeof buf), cfg->strata,
				  cfg->label && strcmp(cfg->strata, cfg->label) == 0 ? "the label"
										     : "a protected attribute");
	return check_merged_roles(st, cfg, err);
}

static int by_reference(const void *a, const void *b)
{
	return strcmp(((const struct reference_group *)a)->attribute, ((const struct reference_group *)b)->attribute);
}

static int by_bins(const void *a, const void *b)
{
	return strcmp(((const struct bin_edges *)a)->column, ((const struct bin_edges *)b)->column);
}

static int by_population(const void *a, const void *b)
{
	return strcmp(((const struct population *)a)->attribute, ((const struct population *)b)->attribute);
}

static int by_share(const void *a, const void *b)
{
	return strcmp(((const struct population_share *)a)->group, ((const struct population_share *)b)->group);
}

static int by_domain(const void *a, const void *b)
{
	return strcmp(((const struct domain *)a)->column, ((const struct domain *)b)->column);
}

/* Rules 9 and 16: equal meanings get equal contents. */
static void canonicalise(struct audit_config *cfg)
{
	if (cfg->nprotected && (size_t)cfg->intersections > cfg->nprotected)
		cfg->intersections = (int)cfg->nprotected;
	if (cfg->nreferences)
		qsort(cfg->references, cfg->nreferences, sizeof *cfg->references, by_reference);
	if (cfg->nbins)
		qsort(cfg->bins, cfg->nbins, sizeof *cfg->bins, by_bins);
	if (cfg->npopulations)
		qsort(cfg->populations, cfg->npopulations, sizeof *cfg->populations, by_population);
	for (size_t i = 0; i < cfg->npopulations; i++)
		if (cfg->populations[i].n)
			qsort(cfg->populations[i].shares, cfg->populations[i].n, sizeof *cfg->populations[i].shares,
			      by_share);
	if (cfg->ndomains)
		qsort(cfg->domains, cfg->ndomains, sizeof *cfg->domains, by_domain);
}

static void set_defaults(struct audit_config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->out = xstrdup(DEFAULT_OUT);
	cfg->intersections = DEFAULT_INTERSECTIONS;
	cfg->min_group = DEFAULT_MIN_GROUP;
	cfg->k = DEFAULT_K;
	cfg->policy_defaults = 1;
	cfg->formats = xcalloc(1, sizeof *cfg->formats);
	cfg->formats[0] = xstrdup("json");
	cfg->nformats = 1;
}

int config_parse(int argc, char **argv, struct audit_config *cfg, struct audit_err *err)
{
	struct parse_state st;
	memset(&st, 0, sizeof st);
	struct flag_value *flags = xcalloc((size_t)(argc > 0 ? argc : 1), sizeof *flags);
	size_t nflags = 0;
	set_defaults(cfg);
	int e = scan_argv(argc, argv, cfg, flags, &nflags, err);
	st.config_path = cfg->config_path;
	if (!e && cfg->config_path)
		e = apply_config_file(&st, cfg, err);
	for (size_t i = 0; i < nflags && !e; i++)
		e = apply_flag(&st, cfg, flags[i].s, flags[i].value, err);
	if (!e)
		e = check_merged(&st, cfg, err);
	if (!e)
		canonicalise(cfg);
	for (size_t i = 0; i < st.nspecs; i++) {
		free(st.specs[i].name);
		free(st.specs[i].text);
	}
	free(st.specs);
	free(flags);
	if (e)
		config_free(cfg);
	return e;
}

void config_free(struct audit_config *cfg)
{
	free(cfg->data);
	free(cfg->config_path);
	free(cfg->db);
	free(cfg->out);
	free(cfg->name);
	free(cfg->label);
	positive_spec_free(&cfg->positive);
	free(cfg->positive_name);
	free_strings(cfg->protected, cfg->nprotected);
	for (size_t i = 0; i < cfg->nreferences; i++) {
		free(cfg->references[i].attribute);
		free(cfg->references[i].value);
	}
	free(cfg->references);
	free(cfg->strata);
	free_strings(cfg->formats, cfg->nformats);
	free_strings(cfg->require, cfg->nrequire);
	for (size_t i = 0; i < cfg->npopulations; i++)
		population_free(&cfg->populations[i]);
	free(cfg->populations);
	for (size_t i = 0; i < cfg->nbins; i++) {
		free(cfg->bins[i].column);
		free(cfg->bins[i].edges);
	}
	free(cfg->bins);
	free(cfg->data_format);
	free(cfg->delimiter);
	free(cfg->na);
	free(cfg->prediction);
	positive_spec_free(&cfg->prediction_positive);
	free(cfg->prediction_positive_name);
	free(cfg->gold);
	free_strings(cfg->annotators, cfg->nannotators);
	free(cfg->id);
	free_strings(cfg->quasi_identifiers, cfg->nquasi);
	free(cfg->sensitive);
	free(cfg->baseline);
	for (size_t i = 0; i < cfg->ndomains; i++)
		domain_free(&cfg->domains[i]);
	free(cfg->domains);
	for (size_t i = 0; i < cfg->npolicy; i++)
		gate_rule_free(&cfg->policy[i]);
	free(cfg->policy);
	memset(cfg, 0, sizeof *cfg);
}

char *config_db_path(const struct audit_config *cfg)
{
	if (cfg->db)
		return xstrdup(cfg->db);
	struct strbuf sb = {0};
	const char *out = cfg->out ? cfg->out : DEFAULT_OUT;
	size_t n = strlen(out);
	strbuf_printf(&sb, "%s%sdsaudit.db", out, n && out[n - 1] == '/' ? "" : "/");
	return sb.buf;
}

/* ------------------------------------------------------------------ */
/* Canonical JSON (rule 16)                                            */
/* ------------------------------------------------------------------ */

static void put_key(struct strbuf *sb, const char *key)
{
	if (sb->len > 1)
		strbuf_putc(sb, ',');
	json_put_string(sb, key);
	strbuf_putc(sb, ':');
}

static void put_string_field(struct strbuf *sb, const char *key, const char *value)
{
	if (!value)
		return;
	put_key(sb, key);
	json_put_string(sb, value);
}

static void put_string_array(struct strbuf *sb, char *const *v, size_t n)
{
	strbuf_putc(sb, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_putc(sb, ',');
		json_put_string(sb, v[i]);
	}
	strbuf_putc(sb, ']');
}

/*
 * The names of positive and prediction_positive in "positive_specs", sorted,
 * each once; returns how many (0-2).
 */
static size_t spec_names(const struct audit_config *cfg, const char *names[2], const char *texts[2])
{
	size_t n = 0;
	if (cfg->positive.text && cfg->positive_name) {
		names[n] = cfg->positive_name;
		texts[n++] = cfg->positive.text;
	}
	if (cfg->prediction_positive.text && cfg->prediction_positive_name &&
	    !(n && strcmp(names[0], cfg->prediction_positive_name) == 0)) {
		names[n] = cfg->prediction_positive_name;
		texts[n++] = cfg->prediction_positive.text;
	}
	if (n == 2 && strcmp(names[0], names[1]) > 0) {
		const char *t = names[0];
		names[0] = names[1], names[1] = t;
		t = texts[0];
		texts[0] = texts[1], texts[1] = t;
	}
	return n;
}

/* Named specs print as "positive_specs" plus their names, so the output reads back as a config file. */
static void put_positive_specs(struct strbuf *sb, const struct audit_config *cfg)
{
	const char *names[2], *texts[2];
	size_t n = spec_names(cfg, names, texts);
	if (!n)
		return;
	put_key(sb, "positive_specs");
	strbuf_putc(sb, '{');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_putc(sb, ',');
		json_put_string(sb, names[i]);
		strbuf_putc(sb, ':');
		json_put_string(sb, texts[i]);
	}
	strbuf_putc(sb, '}');
}

/*
 * "positive" or "prediction_positive": the name, else the spec text. An
 * unnamed spec whose text is a printed name (only a config array or number
 * can give one) prints as an array of its values, which is never read as a
 * name and gives back the same text.
 */
static void put_spec(struct strbuf *sb, const struct audit_config *cfg, const char *key,
		     const struct positive_spec *p, const char *name)
{
	if (!p->text)
		return;
	if (name) {
		put_string_field(sb, key, name);
		return;
	}
	const char *names[2], *texts[2];
	size_t n = spec_names(cfg, names, texts);
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], p->text) == 0 && !p->is_comparison) {
			put_key(sb, key);
			put_string_array(sb, p->values, p->nvalues);
			return;
		}
	put_string_field(sb, key, p->text);
}

static void put_domains(struct strbuf *sb, const struct audit_config *cfg)
{
	if (!cfg->ndomains)
		return;
	put_key(sb, "domain");
	strbuf_putc(sb, '{');
	for (size_t i = 0; i < cfg->ndomains; i++) {
		const struct domain *d = &cfg->domains[i];
		if (i)
			strbuf_putc(sb, ',');
		json_put_string(sb, d->column);
		strbuf_append(sb, ":[", 2);
		if (d->is_range) {
			json_put_number(sb, d->lo);
			strbuf_putc(sb, ',');
			json_put_number(sb, d->hi);
		}
		for (size_t k = 0; k < d->nvalues; k++) {
			if (k)
				strbuf_putc(sb, ',');
			if (d->quoted[k])
				json_put_string(sb, d->values[k]);
			else
				strbuf_append(sb, d->values[k], strlen(d->values[k])); /* already shortest form */
		}
		strbuf_putc(sb, ']');
	}
	strbuf_putc(sb, '}');
}

static void put_population(struct strbuf *sb, const struct audit_config *cfg)
{
	if (!cfg->npopulations)
		return;
	put_key(sb, "population");
	strbuf_putc(sb, '{');
	for (size_t i = 0; i < cfg->npopulations; i++) {
		const struct population *p = &cfg->populations[i];
		if (i)
			strbuf_putc(sb, ',');
		json_put_string(sb, p->attribute);
		strbuf_append(sb, ":{", 2);
		for (size_t k = 0; k < p->n; k++) {
			if (k)
				strbuf_putc(sb, ',');
			json_put_string(sb, p->shares[k].group);
			strbuf_putc(sb, ':');
			json_put_number(sb, p->shares[k].share);
		}
		strbuf_putc(sb, '}');
	}
	strbuf_putc(sb, '}');
}

static void put_bins(struct strbuf *sb, const struct audit_config *cfg)
{
	if (!cfg->nbins)
		return;
	put_key(sb, "bins");
	strbuf_putc(sb, '{');
	for (size_t i = 0; i < cfg->nbins; i++) {
		if (i)
			strbuf_putc(sb, ',');
		json_put_string(sb, cfg->bins[i].column);
		strbuf_append(sb, ":[", 2);
		for (size_t k = 0; k < cfg->bins[i].n; k++) {
			if (k)
				strbuf_putc(sb, ',');
			json_put_number(sb, cfg->bins[i].edges[k]);
		}
		strbuf_putc(sb, ']');
	}
	strbuf_putc(sb, '}');
}

static void put_references(struct strbuf *sb, const struct audit_config *cfg)
{
	if (!cfg->nreferences)
		return;
	put_key(sb, "reference");
	strbuf_putc(sb, '{');
	for (size_t i = 0; i < cfg->nreferences; i++) {
		if (i)
			strbuf_putc(sb, ',');
		json_put_string(sb, cfg->references[i].attribute);
		strbuf_putc(sb, ':');
		json_put_string(sb, cfg->references[i].value);
	}
	strbuf_putc(sb, '}');
}

/* Rule 25: a rule's field that may be null. */
static void put_match(struct strbuf *sb, const char *key, const struct gate_match *m)
{
	if (!m->given)
		return;
	strbuf_putc(sb, ',');
	json_put_string(sb, key);
	strbuf_putc(sb, ':');
	if (m->value)
		json_put_string(sb, m->value);
	else
		strbuf_append(sb, "null", 4);
}

/* Rule 25: "strict", "policy_defaults" and "policy". */
static void put_gate(struct strbuf *sb, const struct audit_config *cfg)
{
	if (cfg->strict) {
		put_key(sb, "strict");
		strbuf_append(sb, "true", 4);
	}
	if (!cfg->policy_defaults) {
		put_key(sb, "policy_defaults");
		strbuf_append(sb, "false", 5);
	}
	if (!cfg->npolicy)
		return;
	put_key(sb, "policy");
	strbuf_putc(sb, '[');
	for (size_t i = 0; i < cfg->npolicy; i++) {
		const struct gate_rule *r = &cfg->policy[i];
		strbuf_printf(sb, "%s{\"metric\":", i ? "," : "");
		json_put_string(sb, r->metric);
		if (r->name) {
			strbuf_printf(sb, ",\"name\":");
			json_put_string(sb, r->name);
		}
		put_match(sb, "attribute", &r->attribute);
		put_match(sb, "group", &r->group);
		put_match(sb, "column", &r->column);
		if (r->has_min) {
			strbuf_printf(sb, ",\"min\":");
			json_put_number(sb, r->min);
		}
		if (r->has_max) {
			strbuf_printf(sb, ",\"max\":");
			json_put_number(sb, r->max);
		}
		if (r->share)
			strbuf_printf(sb, ",\"share\":true");
		strbuf_printf(sb, ",\"severity\":\"%s\",\"insufficient\":\"%s\"}",
			      r->severity == STATUS_WARN ? "warn" : "fail",
			      r->insufficient == STATUS_WARN ? "warn" : r->insufficient == STATUS_FAIL ? "fail" : "pass");
	}
	strbuf_putc(sb, ']');
}

char *config_to_json(const struct audit_config *cfg)
{
	struct strbuf sb = {0};
	strbuf_putc(&sb, '{');
	put_string_field(&sb, "name", cfg->name);
	put_string_field(&sb, "data_format", cfg->data_format);
	put_string_field(&sb, "delimiter", cfg->delimiter);
	put_string_field(&sb, "na", cfg->na);
	put_string_field(&sb, "label", cfg->label);
	put_positive_specs(&sb, cfg);
	put_spec(&sb, cfg, "positive", &cfg->positive, cfg->positive_name);
	if (cfg->nprotected) {
		put_key(&sb, "protected");
		put_string_array(&sb, cfg->protected, cfg->nprotected);
	}
	put_key(&sb, "intersections");
	strbuf_printf(&sb, "%d", cfg->intersections);
	put_references(&sb, cfg);
	put_string_field(&sb, "strata", cfg->strata);
	put_key(&sb, "min_group");
	strbuf_printf(&sb, "%ld", cfg->min_group);
	put_population(&sb, cfg);
	put_bins(&sb, cfg);
	put_key(&sb, "format");
	put_string_array(&sb, cfg->formats, cfg->nformats);
	/* Rule 22: the later settings, in this fixed order. */
	put_string_field(&sb, "prediction", cfg->prediction);
	put_spec(&sb, cfg, "prediction_positive", &cfg->prediction_positive, cfg->prediction_positive_name);
	put_string_field(&sb, "gold", cfg->gold);
	if (cfg->nannotators) {
		put_key(&sb, "annotators");
		put_string_array(&sb, cfg->annotators, cfg->nannotators);
	}
	put_string_field(&sb, "id", cfg->id);
	if (cfg->nquasi) {
		put_key(&sb, "quasi_identifiers");
		put_string_array(&sb, cfg->quasi_identifiers, cfg->nquasi);
	}
	put_string_field(&sb, "sensitive", cfg->sensitive);
	if (cfg->nquasi) {
		put_key(&sb, "k");
		strbuf_printf(&sb, "%ld", cfg->k);
	}
	put_domains(&sb, cfg);
	put_gate(&sb, cfg); /* rule 25 */
	put_string_field(&sb, "baseline", cfg->baseline); /* rule 26 */
	if (cfg->nrequire) { /* rule 27 */
		put_key(&sb, "require");
		put_string_array(&sb, cfg->require, cfg->nrequire);
	}
	strbuf_putc(&sb, '}');
	return sb.buf;
}

/* ------------------------------------------------------------------ */
/* Columns                                                             */
/* ------------------------------------------------------------------ */

/* "id, sex, age, ... and 12 more": at most COLUMNS_LISTED names and ~600 bytes,
 * so the message fits struct audit_err with room for the rest. */
static void list_columns(struct strbuf *sb, const char *const *columns, size_t n)
{
	size_t shown = 0;
	while (shown < n && shown < COLUMNS_LISTED && sb->len < 600) {
		strbuf_printf(sb, "%s%s", shown ? ", " : "", columns[shown]);
		shown++;
	}
	if (shown < n)
		strbuf_printf(sb, ", ... and %zu more", n - shown);
	if (n == 0)
		strbuf_printf(sb, "(none)");
}

static int missing_column(const char *key, const char *name, const char *const *columns, size_t n,
			  struct audit_err *err)
{
	struct strbuf sb = {0};
	strbuf_printf(&sb, "%s: no column named \"%s\"", key, name);
	/* A case slip is the most common mistake; name the column meant. */
	for (size_t i = 0; i < n; i++)
		if (strlen(columns[i]) == strlen(name)) {
			size_t k = 0;
			while (name[k] && (name[k] | 0x20) == (columns[i][k] | 0x20))
				k++;
			if (!name[k]) {
				strbuf_printf(&sb, " (did you mean \"%s\"?)", columns[i]);
				break;
			}
		}
	strbuf_printf(&sb, "; the columns are: ");
	list_columns(&sb, columns, n);
	int e = audit_fail(err, AUDIT_EUSAGE, "%s", sb.buf);
	strbuf_free(&sb);
	return e;
}

static int has_column(const char *name, const char *const *columns, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(columns[i], name) == 0)
			return 1;
	return 0;
}

int config_check_columns(const struct audit_config *cfg, const char *const *columns, size_t ncolumns,
			 struct audit_err *err)
{
	if (cfg->label && !has_column(cfg->label, columns, ncolumns))
		return missing_column("label", cfg->label, columns, ncolumns, err);
	for (size_t i = 0; i < cfg->nprotected; i++)
		if (!has_column(cfg->protected[i], columns, ncolumns))
			return missing_column("protected", cfg->protected[i], columns, ncolumns, err);
	if (cfg->strata && !has_column(cfg->strata, columns, ncolumns))
		return missing_column("strata", cfg->strata, columns, ncolumns, err);
	for (size_t i = 0; i < cfg->nbins; i++)
		if (!has_column(cfg->bins[i].column, columns, ncolumns))
			return missing_column("bins", cfg->bins[i].column, columns, ncolumns, err);
	for (size_t i = 0; i < cfg->npopulations; i++)
		if (!has_column(cfg->populations[i].attribute, columns, ncolumns))
			return missing_column("population", cfg->populations[i].attribute, columns, ncolumns, err);
	/* Rule 22. */
	if (cfg->prediction && !has_column(cfg->prediction, columns, ncolumns))
		return missing_column("prediction", cfg->prediction, columns, ncolumns, err);
	if (cfg->gold && !has_column(cfg->gold, columns, ncolumns))
		return missing_column("gold", cfg->gold, columns, ncolumns, err);
	for (size_t i = 0; i < cfg->nannotators; i++)
		if (!has_column(cfg->annotators[i], columns, ncolumns))
			return missing_column("annotators", cfg->annotators[i], columns, ncolumns, err);
	if (cfg->id && !has_column(cfg->id, columns, ncolumns))
		return missing_column("id", cfg->id, columns, ncolumns, err);
	for (size_t i = 0; i < cfg->nquasi; i++)
		if (!has_column(cfg->quasi_identifiers[i], columns, ncolumns))
			return missing_column("quasi_identifiers", cfg->quasi_identifiers[i], columns, ncolumns, err);
	if (cfg->sensitive && !has_column(cfg->sensitive, columns, ncolumns))
		return missing_column("sensitive", cfg->sensitive, columns, ncolumns, err);
	for (size_t i = 0; i < cfg->ndomains; i++)
		if (!has_column(cfg->domains[i].column, columns, ncolumns))
			return missing_column("domain", cfg->domains[i].column, columns, ncolumns, err);
	return AUDIT_OK;
}
