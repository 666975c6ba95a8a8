/*
 * config_json.c — the config file's keys (config.h rules 5, 12, 15, 21) and
 * the canonical JSON of the whole configuration (rules 16, 22, 25-27): the
 * two places where a setting has its JSON form. Reading: the file is parsed
 * (errors as FILE:LINE:COL), every key checked, then applied in setting
 * order through the same setters as the flags (config_internal.h), so a
 * value is validated alike whichever way it arrives. Keys with no flag
 * ("population", "domain", "positive_specs") are read whole here; "policy"
 * goes to config_policy.c. Entry points: cfg_apply_file, config_to_json.
 */
#include "config_internal.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_policy.h"

#define POPULATION_TOLERANCE 1e-6
#define CONFIG_MAX_BYTES (16u << 20)

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
				       cfg_json_type_name(*root));
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
		if (config_settings[s].key && strcmp(config_settings[s].key, key) == 0)
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
			const char *keys[S_COUNT], *near[CFG_NEAREST_MAX];
			size_t nkeys = 0;
			for (int s = 0; s < S_COUNT; s++)
				if (config_settings[s].key)
					keys[nkeys++] = config_settings[s].key;
			size_t nnear = cfg_nearest(a->string, keys, nkeys, near);
			if (nnear) {
				cfg_put_did_you_mean(&known, near, nnear);
				strbuf_printf(&known, " ");
			}
			strbuf_printf(&known, "known keys: ");
			for (size_t k = 0; k < nkeys; k++)
				strbuf_printf(&known, "%s%s", k ? ", " : "", keys[k]);
			int e = audit_fail(err, AUDIT_EUSAGE, "%s: unknown key \"%s\" (%s)", path, a->string, known.buf);
			strbuf_free(&known);
			return e;
		}
	}
	return check_unique_keys(path, root, err);
}

/*
 * Strings and numbers of a JSON value as list items: a string is one item, a
 * number its shortest text, an array each element so. Returns 0 when
 * something else is in it.
 */
static int json_items(const cJSON *item, int allow_numbers, struct cfg_item_list *out)
{
	memset(out, 0, sizeof *out);
	const cJSON *first = cJSON_IsArray(item) ? item->child : item;
	for (const cJSON *c = first; c; c = cJSON_IsArray(item) ? c->next : NULL) {
		char buf[32];
		if (cJSON_IsString(c))
			cfg_item_list_push(out, xstrdup(c->valuestring), 1);
		else if (allow_numbers && cJSON_IsNumber(c) && isfinite(c->valuedouble)) {
			cfg_format_number(c->valuedouble, buf);
			cfg_item_list_push(out, xstrdup(buf), 1);
		} else {
			cfg_item_list_free(out);
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
	struct cfg_item_list list;
	if (!json_items(item, 1, &list))
		return NULL;
	char *text = cfg_join_list(list.items, list.n, positive_spec_is_comparison);
	cfg_item_list_free(&list);
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
			e = positive_spec_parse_at(sub.buf, text, &check, err);
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
	int e = cfg_set_positive(st, cfg, s, where, text, cJSON_IsString(item), err);
	free(text);
	return e;
}

/* "protected", "format", "annotators", "quasi_identifiers": an array of
 * strings, or one comma-list string. */
static int json_name_list(const char *where, const cJSON *item, struct cfg_item_list *out, struct audit_err *err)
{
	if (cJSON_IsString(item))
		return cfg_split_list(where, item->valuestring, out, err);
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
		int e = cfg_add_reference(st, cfg, where, c->string, c->valuestring, 0, err);
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
		if (cJSON_IsString(c) && strcmp(c->valuestring, "quartiles") == 0) { /* rule 11 */
			int e = cfg_add_bins(st, cfg, where, c->string, NULL, 0, 0, err);
			if (e)
				return e;
			continue;
		}
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
			return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\" must be an array of finite numbers or \"quartiles\"", where,
					  c->string);
		}
		int e = cfg_add_bins(st, cfg, where, c->string, edges, n, 0, err);
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
		cfg_format_number(sum, buf);
		return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\": the shares sum to %s, not 1", where, attr->string,
				  buf);
	}
	return AUDIT_OK;
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
		cfg_format_number(v->valuedouble, buf);
	else
		return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\" must be [lo, hi] or an array of strings and finite numbers",
				  where, column);
	if (!*text)
		return audit_fail(err, AUDIT_EUSAGE, "%s.\"%s\": an allowed value is empty", where, column);
	size_t i = d->nvalues++;
	d->values[i] = xstrdup(text);
	d->quoted[i] = quoted;
	d->numeric[i] = cfg_parse_decimal(text, strlen(text), &d->numbers[i]);
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
			cfg_format_number(d->lo, lo);
			cfg_format_number(d->hi, hi);
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

/* "strict", "gate_only", "no_rows", "policy_defaults": true or false. */
static int json_bool_value(const char *where, const cJSON *item, int *out, struct audit_err *err)
{
	if (!cJSON_IsBool(item))
		return audit_fail(err, AUDIT_EUSAGE, "%s must be true or false, not %s", where, cfg_json_type_name(item));
	*out = cJSON_IsTrue(item);
	return AUDIT_OK;
}

/* A JSON string for a key that takes one (e.g. "label"). */
static int json_string_value(const char *where, const cJSON *item, const char **out, struct audit_err *err)
{
	if (!cJSON_IsString(item))
		return audit_fail(err, AUDIT_EUSAGE, "%s must be a string, not %s", where, cfg_json_type_name(item));
	*out = item->valuestring;
	return AUDIT_OK;
}

/* Applies config key s with value item. */
static int apply_key(struct parse_state *st, struct audit_config *cfg, enum setting s, const cJSON *item,
		     struct audit_err *err)
{
	char where[512];
	cfg_where_of(st, s, FROM_FILE, where, sizeof where);
	st->origin[s] = FROM_FILE;
	struct cfg_item_list list;
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
	case S_POLICY: return config_policy_read(cfg, where, item, err);
	case S_STRICT: return json_bool_value(where, item, &cfg->strict, err);
	case S_GATE_ONLY: return json_bool_value(where, item, &cfg->gate_only, err);
	case S_NO_ROWS: return json_bool_value(where, item, &cfg->no_rows, err);
	case S_POLICY_DEFAULTS: return json_bool_value(where, item, &cfg->policy_defaults, err);
	case S_INTERSECTIONS:
		if (!cfg_json_whole(item, 1, INT_MAX, &n))
			return audit_fail(err, AUDIT_EUSAGE, "%s must be a whole number >= 1", where);
		return cfg_set_intersections(cfg, where, n, err);
	case S_MIN_GROUP:
		if (!cfg_json_whole(item, 1, 1e15, &n))
			return audit_fail(err, AUDIT_EUSAGE, "%s must be a whole number >= 1", where);
		return cfg_set_min_group(cfg, where, n, err);
	case S_K:
		if (!cfg_json_whole(item, 2, 1e15, &n))
			return audit_fail(err, AUDIT_EUSAGE, "%s must be a whole number >= 2", where);
		return cfg_set_k(cfg, where, n, err);
	case S_PROTECTED:
	case S_ANNOTATORS:
	case S_QUASI_IDENTIFIERS:
		if ((e = json_name_list(where, item, &list, err)))
			return e;
		free(list.quoted);
		return cfg_set_names(cfg, s, where, list.items, list.n, err);
	case S_FORMAT:
	case S_REQUIRE:
		if ((e = json_name_list(where, item, &list, err)))
			return e;
		e = (s == S_FORMAT ? cfg_set_formats : cfg_set_require)(cfg, where, list.items, list.n, err);
		cfg_item_list_free(&list);
		return e;
	default:
		break;
	}
	if ((e = json_string_value(where, item, &str, err)))
		return e;
	switch (s) {
	case S_LABEL: return cfg_set_nonempty(where, str, &cfg->label, err);
	case S_PREDICTION: return cfg_set_nonempty(where, str, &cfg->prediction, err);
	case S_GOLD: return cfg_set_nonempty(where, str, &cfg->gold, err);
	case S_ID: return cfg_set_nonempty(where, str, &cfg->id, err);
	case S_SENSITIVE: return cfg_set_nonempty(where, str, &cfg->sensitive, err);
	case S_BASELINE: return cfg_set_nonempty(where, str, &cfg->baseline, err);
	case S_STRATA: return cfg_set_nonempty(where, str, &cfg->strata, err);
	case S_DB: return cfg_set_nonempty(where, str, &cfg->db, err);
	case S_OUT: return cfg_set_nonempty(where, str, &cfg->out, err);
	case S_NAME: return cfg_set_nonempty(where, str, &cfg->name, err);
	case S_TABLE: return cfg_set_nonempty(where, str, &cfg->table, err);
	case S_COLUMNS: return cfg_set_nonempty(where, str, &cfg->columns, err);
	case S_NA: cfg_replace_string(&cfg->na, str); return AUDIT_OK;
	case S_DATA_FORMAT: return cfg_set_data_format(cfg, where, str, err);
	case S_DELIMITER: return cfg_set_delimiter(cfg, where, str, err);
	default: return AUDIT_OK;
	}
}

int cfg_apply_file(struct parse_state *st, struct audit_config *cfg, struct audit_err *err)
{
	cJSON *root = NULL;
	int e = load_json(st->config_path, &root, err);
	if (!e)
		e = check_keys(st->config_path, root, err);
	/* In setting order, not file order: positive_specs before positive (rule 5). */
	for (int s = 0; s < S_COUNT && !e; s++) {
		const cJSON *item = config_settings[s].key ? cfg_child_named(root, config_settings[s].key) : NULL;
		if (item)
			e = apply_key(st, cfg, (enum setting)s, item, err);
	}
	cJSON_Delete(root);
	return e;
}

static void put_string_field(struct strbuf *sb, const char *key, const char *value)
{
	if (!value)
		return;
	cfg_json_put_key(sb, key);
	cfg_json_put_string(sb, value);
}

static void put_string_array(struct strbuf *sb, char *const *v, size_t n)
{
	strbuf_putc(sb, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_putc(sb, ',');
		cfg_json_put_string(sb, v[i]);
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
	cfg_json_put_key(sb, "positive_specs");
	strbuf_putc(sb, '{');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_putc(sb, ',');
		cfg_json_put_string(sb, names[i]);
		strbuf_putc(sb, ':');
		cfg_json_put_string(sb, texts[i]);
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
			cfg_json_put_key(sb, key);
			put_string_array(sb, p->values, p->nvalues);
			return;
		}
	put_string_field(sb, key, p->text);
}

static void put_domains(struct strbuf *sb, const struct audit_config *cfg)
{
	if (!cfg->ndomains)
		return;
	cfg_json_put_key(sb, "domain");
	strbuf_putc(sb, '{');
	for (size_t i = 0; i < cfg->ndomains; i++) {
		const struct domain *d = &cfg->domains[i];
		if (i)
			strbuf_putc(sb, ',');
		cfg_json_put_string(sb, d->column);
		strbuf_append(sb, ":[", 2);
		if (d->is_range) {
			cfg_json_put_number(sb, d->lo);
			strbuf_putc(sb, ',');
			cfg_json_put_number(sb, d->hi);
		}
		for (size_t k = 0; k < d->nvalues; k++) {
			if (k)
				strbuf_putc(sb, ',');
			if (d->quoted[k])
				cfg_json_put_string(sb, d->values[k]);
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
	cfg_json_put_key(sb, "population");
	strbuf_putc(sb, '{');
	for (size_t i = 0; i < cfg->npopulations; i++) {
		const struct population *p = &cfg->populations[i];
		if (i)
			strbuf_putc(sb, ',');
		cfg_json_put_string(sb, p->attribute);
		strbuf_append(sb, ":{", 2);
		for (size_t k = 0; k < p->n; k++) {
			if (k)
				strbuf_putc(sb, ',');
			cfg_json_put_string(sb, p->shares[k].group);
			strbuf_putc(sb, ':');
			cfg_json_put_number(sb, p->shares[k].share);
		}
		strbuf_putc(sb, '}');
	}
	strbuf_putc(sb, '}');
}

static void put_bins(struct strbuf *sb, const struct audit_config *cfg)
{
	if (!cfg->nbins)
		return;
	cfg_json_put_key(sb, "bins");
	strbuf_putc(sb, '{');
	for (size_t i = 0; i < cfg->nbins; i++) {
		if (i)
			strbuf_putc(sb, ',');
		cfg_json_put_string(sb, cfg->bins[i].column);
		if (cfg->bins[i].quartiles) {
			strbuf_append(sb, ":\"quartiles\"", 12);
			continue;
		}
		strbuf_append(sb, ":[", 2);
		for (size_t k = 0; k < cfg->bins[i].n; k++) {
			if (k)
				strbuf_putc(sb, ',');
			cfg_json_put_number(sb, cfg->bins[i].edges[k]);
		}
		strbuf_putc(sb, ']');
	}
	strbuf_putc(sb, '}');
}

static void put_references(struct strbuf *sb, const struct audit_config *cfg)
{
	if (!cfg->nreferences)
		return;
	cfg_json_put_key(sb, "reference");
	strbuf_putc(sb, '{');
	for (size_t i = 0; i < cfg->nreferences; i++) {
		if (i)
			strbuf_putc(sb, ',');
		cfg_json_put_string(sb, cfg->references[i].attribute);
		strbuf_putc(sb, ':');
		cfg_json_put_string(sb, cfg->references[i].value);
	}
	strbuf_putc(sb, '}');
}

char *config_to_json(const struct audit_config *cfg)
{
	struct strbuf sb = {0};
	strbuf_putc(&sb, '{');
	put_string_field(&sb, "name", cfg->name);
	put_string_field(&sb, "table", cfg->table);
	put_string_field(&sb, "columns", cfg->columns);
	put_string_field(&sb, "data_format", cfg->data_format);
	put_string_field(&sb, "delimiter", cfg->delimiter);
	put_string_field(&sb, "na", cfg->na);
	put_string_field(&sb, "label", cfg->label);
	put_positive_specs(&sb, cfg);
	put_spec(&sb, cfg, "positive", &cfg->positive, cfg->positive_name);
	if (cfg->nprotected) {
		cfg_json_put_key(&sb, "protected");
		put_string_array(&sb, cfg->protected, cfg->nprotected);
	}
	cfg_json_put_key(&sb, "intersections");
	strbuf_printf(&sb, "%d", cfg->intersections);
	put_references(&sb, cfg);
	put_string_field(&sb, "strata", cfg->strata);
	cfg_json_put_key(&sb, "min_group");
	strbuf_printf(&sb, "%ld", cfg->min_group);
	put_population(&sb, cfg);
	put_bins(&sb, cfg);
	cfg_json_put_key(&sb, "format");
	put_string_array(&sb, cfg->formats, cfg->nformats);
	/* Rule 22: the later settings, in this fixed order. */
	put_string_field(&sb, "prediction", cfg->prediction);
	put_spec(&sb, cfg, "prediction_positive", &cfg->prediction_positive, cfg->prediction_positive_name);
	put_string_field(&sb, "gold", cfg->gold);
	if (cfg->nannotators) {
		cfg_json_put_key(&sb, "annotators");
		put_string_array(&sb, cfg->annotators, cfg->nannotators);
	}
	put_string_field(&sb, "id", cfg->id);
	if (cfg->nquasi) {
		cfg_json_put_key(&sb, "quasi_identifiers");
		put_string_array(&sb, cfg->quasi_identifiers, cfg->nquasi);
	}
	put_string_field(&sb, "sensitive", cfg->sensitive);
	if (cfg->nquasi) {
		cfg_json_put_key(&sb, "k");
		strbuf_printf(&sb, "%ld", cfg->k);
	}
	put_domains(&sb, cfg);
	config_policy_put(&sb, cfg); /* rule 25 */
	put_string_field(&sb, "baseline", cfg->baseline); /* rule 26 */
	if (cfg->nrequire) { /* rule 27 */
		cfg_json_put_key(&sb, "require");
		put_string_array(&sb, cfg->require, cfg->nrequire);
	}
	strbuf_putc(&sb, '}');
	return sb.buf;
}
