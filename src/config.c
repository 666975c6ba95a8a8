/*
 * config.c — flags and the JSON config file of `dsaudit audit`, merged into
 * one struct audit_config (rules in config.h, cited here as "rule N"). This
 * file holds the flags, the setters both ways share, the merging and the
 * checks of the merged whole and of the data's columns; the file's keys and
 * the canonical JSON are in config_json.c, the policy in config_policy.c,
 * positive specs in positive.c, and number and list text in config_text.c.
 *
 * Shape: config_parse makes one pass over argv that only sorts words into
 * (setting, value) pairs and the DATA argument; then the config file is read
 * and applied; then the pairs are applied on top; then the merged result is
 * checked as a whole (rules 6, 10, 13, 17-20) and put in canonical order. Flags and
 * config keys share one table of settings and one setter per setting, so a
 * value is validated the same way whichever way it arrives; only the "where"
 * prefix of an error message differs.
 */
#include "config_internal.h"

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
#define COLUMNS_LISTED 20

const struct config_setting config_settings[S_COUNT] = {
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
	[S_TABLE] = {"table", "--table", 0},
	[S_COUNTS] = {NULL, "--counts", 0},
	[S_COLUMNS] = {"columns", "--columns", 0},
	[S_DIALECT] = {NULL, "--dialect", 0},
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
	[S_NO_ROWS] = {"no_rows", "--no-rows", 0},
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

/* A flag seen on the command line, applied after the config file. */
struct flag_value {
	enum setting s;
	const char *value;
};


/* The prefix of a message about setting s: "--label" or "audit.json: \"label\"". */
const char *cfg_where_of(const struct parse_state *st, enum setting s, enum origin from, char *buf,
			    size_t size)
{
	if (from == FROM_FLAG)
		return config_settings[s].flag;
	snprintf(buf, size, "%s: \"%s\"", st->config_path, config_settings[s].key);
	return buf;
}

void cfg_replace_string(char **slot, const char *value)
{
	free(*slot);
	*slot = xstrdup(value);
}

/* Column names, dataset name, paths: any text but the empty string. */
int cfg_set_nonempty(const char *where, const char *value, char **slot, struct audit_err *err)
{
	if (!*value)
		return audit_fail(err, AUDIT_EUSAGE, "%s: must not be empty", where);
	cfg_replace_string(slot, value);
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
	int e = positive_spec_parse_at(where, text, &spec, err);
	if (e)
		return e;
	positive_spec_free(slot);
	*slot = spec;
	free(*slot_name);
	*slot_name = name ? xstrdup(name) : NULL;
	return AUDIT_OK;
}

int cfg_set_positive(struct parse_state *st, struct audit_config *cfg, enum setting s, const char *where,
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
int cfg_set_names(struct audit_config *cfg, enum setting s, const char *where, char **items, size_t n,
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
			cfg_free_strings(items, n);
			return e;
		}
	}
	if (s == S_ANNOTATORS && n < 2) {
		cfg_free_strings(items, n);
		return audit_fail(err, AUDIT_EUSAGE, "%s: needs at least two columns (got %zu)", where, n);
	}
	char ***slot = s == S_ANNOTATORS ? &cfg->annotators
		       : s == S_QUASI_IDENTIFIERS ? &cfg->quasi_identifiers : &cfg->protected;
	size_t *nslot = s == S_ANNOTATORS ? &cfg->nannotators
			: s == S_QUASI_IDENTIFIERS ? &cfg->nquasi : &cfg->nprotected;
	cfg_free_strings(*slot, *nslot);
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
	cfg_free_strings(*out, *nout);
	*out = xcalloc(nvocab, sizeof **out);
	*nout = 0;
	for (size_t k = 0; k < nvocab; k++)
		if (want[k])
			(*out)[(*nout)++] = xstrdup(vocab[k]);
	free(want);
	return AUDIT_OK;
}

int cfg_set_formats(struct audit_config *cfg, const char *where, char *const *items, size_t n,
		       struct audit_err *err)
{
	return set_words(where, items, n, report_formats, NREPORT_FORMATS, "format", &cfg->formats, &cfg->nformats,
			 err);
}

int cfg_set_require(struct audit_config *cfg, const char *where, char *const *items, size_t n,
		       struct audit_err *err)
{
	return set_words(where, items, n, FAMILIES, NFAMILIES, "family", &cfg->require, &cfg->nrequire, err);
}

int cfg_set_intersections(struct audit_config *cfg, const char *where, long n, struct audit_err *err)
{
	if (n < 1 || n > INT_MAX)
		return audit_fail(err, AUDIT_EUSAGE, "%s: expected a whole number >= 1, got %ld", where, n);
	cfg->intersections = (int)n;
	return AUDIT_OK;
}

int cfg_set_min_group(struct audit_config *cfg, const char *where, long n, struct audit_err *err)
{
	if (n < 1)
		return audit_fail(err, AUDIT_EUSAGE, "%s: expected a whole number >= 1, got %ld", where, n);
	cfg->min_group = n;
	return AUDIT_OK;
}

int cfg_set_k(struct audit_config *cfg, const char *where, long n, struct audit_err *err)
{
	if (n < 2)
		return audit_fail(err, AUDIT_EUSAGE, "%s: expected a whole number >= 2, got %ld", where, n);
	cfg->k = n;
	return AUDIT_OK;
}

int cfg_set_data_format(struct audit_config *cfg, const char *where, const char *value, struct audit_err *err)
{
	enum data_format f;
	if (data_format_parse(value, &f) < 0)
		return audit_fail(err, AUDIT_EUSAGE, "%s: expected csv, jsonl or json, got \"%s\"", where, value);
	cfg_replace_string(&cfg->data_format, value);
	return AUDIT_OK;
}

/* The loader's delimiters; a tab is stored as "tab" so it prints readably. */
int cfg_set_delimiter(struct audit_config *cfg, const char *where, const char *value, struct audit_err *err)
{
	const char *canon = NULL;
	if (strcmp(value, "tab") == 0 || strcmp(value, "\\t") == 0 || strcmp(value, "\t") == 0)
		canon = "tab";
	else if (strlen(value) == 1 && strchr(",;|", value[0]))
		canon = value;
	if (!canon)
		return audit_fail(err, AUDIT_EUSAGE, "%s: expected one of , ; | tab, got \"%s\"", where, value);
	cfg_replace_string(&cfg->delimiter, canon);
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
int cfg_add_reference(struct parse_state *st, struct audit_config *cfg, const char *where,
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

/* Adds a column's edges (rule 11), taking ownership of edges; merging as cfg_add_reference. */
int cfg_add_bins(struct parse_state *st, struct audit_config *cfg, const char *where, const char *column,
		    double *edges, size_t n, int from_flag, struct audit_err *err)
{
	int e = AUDIT_OK;
	long i = find_bins(cfg, column);
	if (!*column)
		e = audit_fail(err, AUDIT_EUSAGE, "%s: the column name is empty", where);
	else if (n == 0 && edges)
		e = audit_fail(err, AUDIT_EUSAGE, "%s: no edges for \"%s\"", where, column);
	else if (i >= 0 && (!from_flag || (size_t)i >= st->file_bins))
		e = audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" is binned twice", where, column);
	for (size_t k = 1; k < n && !e; k++)
		if (!(edges[k] > edges[k - 1])) {
			char a[32], b[32];
			cfg_format_number(edges[k - 1], a);
			cfg_format_number(edges[k], b);
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
	cfg->bins[cfg->nbins] = (struct bin_edges){xstrdup(column), edges, n, edges == NULL};
	cfg->nbins++;
	if (!from_flag)
		st->file_bins = cfg->nbins;
	return AUDIT_OK;
}

static int flag_reference(struct parse_state *st, struct audit_config *cfg, const char *value,
			  struct audit_err *err)
{
	const char *eq = strchr(value, '='); /* rule 10: the first "=" */
	if (!eq)
		return audit_fail(err, AUDIT_EUSAGE, "--reference: expected ATTR=VALUE, got \"%s\"", value);
	char *attribute = xstrndup(value, (size_t)(eq - value));
	int e = cfg_add_reference(st, cfg, "--reference", attribute, eq + 1, 1, err);
	free(attribute);
	return e;
}

static int flag_bins(struct parse_state *st, struct audit_config *cfg, const char *value, struct audit_err *err)
{
	const char *eq = strrchr(value, '='); /* rule 11: the last "=" */
	if (!eq)
		return audit_fail(err, AUDIT_EUSAGE, "--bins: expected COL=E1,E2,..., got \"%s\"", value);
	if (strcmp(eq + 1, "quartiles") == 0) {
		char *column = xstrndup(value, (size_t)(eq - value));
		int e = cfg_add_bins(st, cfg, "--bins", column, NULL, 0, 1, err);
		free(column);
		return e;
	}
	struct cfg_item_list list;
	int e = cfg_split_list("--bins", eq + 1, &list, err);
	if (e)
		return e;
	double *edges = xcalloc(list.n, sizeof *edges);
	for (size_t i = 0; i < list.n && !e; i++)
		if (!cfg_parse_decimal(list.items[i], strlen(list.items[i]), &edges[i]))
			e = audit_fail(err, AUDIT_EUSAGE, "--bins: edge \"%s\" is not a finite number", list.items[i]);
	size_t n = list.n;
	cfg_item_list_free(&list);
	if (e) {
		free(edges);
		return e;
	}
	char *column = xstrndup(value, (size_t)(eq - value));
	e = cfg_add_bins(st, cfg, "--bins", column, edges, n, 1, err);
	free(column);
	return e;
}

static int flag_whole(const char *flag, const char *value, int min, long *out, struct audit_err *err)
{
	if (!cfg_parse_whole(value, out))
		return audit_fail(err, AUDIT_EUSAGE, "%s: expected a whole number >= %d, got \"%s\"", flag, min,
				  value);
	return AUDIT_OK;
}

/* Applies one flag's value to cfg (the file has been applied already). */
static int apply_flag(struct parse_state *st, struct audit_config *cfg, enum setting s, const char *value,
		      struct audit_err *err)
{
	const char *flag = config_settings[s].flag;
	struct cfg_item_list list;
	long n;
	int e;
	st->origin[s] = FROM_FLAG;
	switch (s) {
	case S_LABEL: return cfg_set_nonempty(flag, value, &cfg->label, err);
	case S_PREDICTION: return cfg_set_nonempty(flag, value, &cfg->prediction, err);
	case S_GOLD: return cfg_set_nonempty(flag, value, &cfg->gold, err);
	case S_ID: return cfg_set_nonempty(flag, value, &cfg->id, err);
	case S_SENSITIVE: return cfg_set_nonempty(flag, value, &cfg->sensitive, err);
	case S_BASELINE: return cfg_set_nonempty(flag, value, &cfg->baseline, err);
	case S_STRATA: return cfg_set_nonempty(flag, value, &cfg->strata, err);
	case S_DB: return cfg_set_nonempty(flag, value, &cfg->db, err);
	case S_OUT: return cfg_set_nonempty(flag, value, &cfg->out, err);
	case S_NAME: return cfg_set_nonempty(flag, value, &cfg->name, err);
	case S_TABLE: return cfg_set_nonempty(flag, value, &cfg->table, err);
	case S_COUNTS: return cfg_set_nonempty(flag, value, &cfg->counts, err);
	case S_COLUMNS: return cfg_set_nonempty(flag, value, &cfg->columns, err);
	case S_DIALECT: return cfg_set_nonempty(flag, value, &cfg->dialect, err);
	case S_NA: cfg_replace_string(&cfg->na, value); return AUDIT_OK;
	case S_DATA_FORMAT: return cfg_set_data_format(cfg, flag, value, err);
	case S_DELIMITER: return cfg_set_delimiter(cfg, flag, value, err);
	case S_POSITIVE:
	case S_PREDICTION_POSITIVE: return cfg_set_positive(st, cfg, s, flag, value, 1, err);
	case S_REFERENCE: return flag_reference(st, cfg, value, err);
	case S_BINS: return flag_bins(st, cfg, value, err);
	case S_INTERSECTIONS:
		return (e = flag_whole(flag, value, 1, &n, err)) ? e : cfg_set_intersections(cfg, flag, n, err);
	case S_MIN_GROUP:
		return (e = flag_whole(flag, value, 1, &n, err)) ? e : cfg_set_min_group(cfg, flag, n, err);
	case S_K:
		return (e = flag_whole(flag, value, 2, &n, err)) ? e : cfg_set_k(cfg, flag, n, err);
	case S_PROTECTED:
	case S_ANNOTATORS:
	case S_QUASI_IDENTIFIERS:
		if ((e = cfg_split_list(flag, value, &list, err)))
			return e;
		free(list.quoted);
		return cfg_set_names(cfg, s, flag, list.items, list.n, err);
	case S_FORMAT:
	case S_REQUIRE:
		if ((e = cfg_split_list(flag, value, &list, err)))
			return e;
		e = (s == S_FORMAT ? cfg_set_formats : cfg_set_require)(cfg, flag, list.items, list.n, err);
		cfg_item_list_free(&list);
		return e;
	case S_STRICT: cfg->strict = 1; return AUDIT_OK;        /* rule 23: a flag turns it on */
	case S_GATE_ONLY: cfg->gate_only = 1; return AUDIT_OK;
	case S_NO_ROWS: cfg->no_rows = 1; return AUDIT_OK;
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
		if (config_settings[s].flag && strlen(config_settings[s].flag) == len && strncmp(arg, config_settings[s].flag, len) == 0)
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
		if (seen[s]++ && !config_settings[s].repeatable)
			return audit_fail(err, AUDIT_EUSAGE, "%s: given more than once", config_settings[s].flag);
		if (s == S_NO_PROGRESS || s == S_STRICT || s == S_GATE_ONLY || s == S_NO_ROWS) {
			if (value)
				return audit_fail(err, AUDIT_EUSAGE, "%s: takes no value", config_settings[s].flag);
			if (s == S_NO_PROGRESS)
				cfg->no_progress = 1;
			else /* rule 23: applied after the file, like every flag */
				flags[(*nflags)++] = (struct flag_value){(enum setting)s, NULL};
			continue;
		}
		if (!value) {
			/* Rule 8: "--label --protected x" is a forgotten value, not a column named "--protected". */
			if (i + 1 >= argc || strncmp(argv[i + 1], "--", 2) == 0)
				return audit_fail(err, AUDIT_EUSAGE, "%s: needs a value", config_settings[s].flag);
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
	/* dsaudit sql (--dialect) and --counts read no data file. */
	int dataless = seen[S_COUNTS] || seen[S_DIALECT];
	if (dataless && cfg->data)
		return audit_fail(err, AUDIT_EUSAGE, "%s (got %s)",
				  seen[S_COUNTS] ? "--counts reads no data file"
						 : "--dialect is an option of dsaudit sql, which reads no data file",
				  cfg->data);
	if (!dataless && !cfg->data)
		return audit_fail(err, AUDIT_EUSAGE, "audit: no data file given");
	return AUDIT_OK;
}

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
		return audit_fail(err, AUDIT_EUSAGE, "%s needs %s", config_settings[s].flag, flags);
	return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" needs %s (or %s)", st->config_path, config_settings[s].key, keys,
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
		snprintf(name, sizeof name, "%s", config_settings[other].flag);
	else
		snprintf(name, sizeof name, "\"%s\"", config_settings[other].key);
	return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" is already %s %s",
			  cfg_where_of(st, blamed, st->origin[blamed], buf, sizeof buf), column,
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

/* Rules 6, 10 and 13, then 17-20: checks that need the merged settings. */
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
				  cfg_where_of(st, s, st->origin[s], buf, sizeof buf), cfg->label);
	}
	for (size_t i = 0; i < cfg->nreferences; i++) {
		const char *attribute = cfg->references[i].attribute;
		if (config_protected_index(cfg, attribute) >= 0)
			continue;
		const char *where = cfg_where_of(st, S_REFERENCE, i < st->file_refs ? FROM_FILE : FROM_FLAG, buf, sizeof buf);
		if (strchr(attribute, '*')) {
			int e = check_intersection_reference(cfg, where, attribute, cfg->references[i].value, err);
			if (e)
				return e;
			continue;
		}
		if (cfg->nprotected == 0)
			return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" is not a protected attribute (none are given)",
					  where, attribute);
		char *list = cfg_join_list(cfg->protected, cfg->nprotected, NULL);
		int e = audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" is not a protected attribute (protected: %s)", where,
				   attribute, list);
		free(list);
		return e;
	}
	if (cfg->strata && ((cfg->label && strcmp(cfg->strata, cfg->label) == 0) ||
			    config_protected_index(cfg, cfg->strata) >= 0))
		return audit_fail(err, AUDIT_EUSAGE, "%s: \"%s\" is %s; stratify by another column",
				  cfg_where_of(st, S_STRATA, st->origin[S_STRATA], buf, sizeof buf), cfg->strata,
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
		e = cfg_apply_file(&st, cfg, err);
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

static void population_free(struct population *pop)
{
	for (size_t i = 0; i < pop->n; i++)
		free(pop->shares[i].group);
	free(pop->shares);
	free(pop->attribute);
}

void config_free(struct audit_config *cfg)
{
	free(cfg->data);
	free(cfg->config_path);
	free(cfg->db);
	free(cfg->out);
	free(cfg->name);
	free(cfg->table);
	free(cfg->counts);
	free(cfg->columns);
	free(cfg->dialect);
	free(cfg->label);
	positive_spec_free(&cfg->positive);
	free(cfg->positive_name);
	cfg_free_strings(cfg->protected, cfg->nprotected);
	for (size_t i = 0; i < cfg->nreferences; i++) {
		free(cfg->references[i].attribute);
		free(cfg->references[i].value);
	}
	free(cfg->references);
	free(cfg->strata);
	cfg_free_strings(cfg->formats, cfg->nformats);
	cfg_free_strings(cfg->require, cfg->nrequire);
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
	cfg_free_strings(cfg->annotators, cfg->nannotators);
	free(cfg->id);
	cfg_free_strings(cfg->quasi_identifiers, cfg->nquasi);
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

char *config_db_path(const struct audit_config *cfg, int *is_data_dir)
{
	*is_data_dir = 0;
	if (cfg->db)
		return xstrdup(cfg->db);
	return store_default_path(is_data_dir);
}

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
	/* A case slip or a typo is the most common mistake; name the columns meant (config_text.h N1-N3). */
	const char *near[CFG_NEAREST_MAX];
	size_t nnear = cfg_nearest(name, columns, n, near);
	if (nnear) {
		strbuf_printf(&sb, " (");
		cfg_put_did_you_mean(&sb, near, nnear);
		strbuf_printf(&sb, ")");
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
	for (size_t i = 0; i < cfg->nbins; i++) {
		if (!has_column(cfg->bins[i].column, columns, ncolumns))
			return missing_column("bins", cfg->bins[i].column, columns, ncolumns, err);
		if (config_protected_index(cfg, cfg->bins[i].column) < 0) { /* rule 11: bins group a protected attribute */
			if (!cfg->nprotected)
				return audit_fail(err, AUDIT_EUSAGE, "bins: \"%s\" is not a protected attribute (none are given)",
						  cfg->bins[i].column);
			char *list = cfg_join_list(cfg->protected, cfg->nprotected, NULL);
			int e = audit_fail(err, AUDIT_EUSAGE, "bins: \"%s\" is not a protected attribute (protected: %s)",
					   cfg->bins[i].column, list);
			free(list);
			return e;
		}
	}
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
