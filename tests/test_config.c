/*
 * test_config.c — unit tests for src/config.c: defaults, every flag in both
 * --flag VALUE and --flag=VALUE forms, every config key, flags overriding the
 * file, named positive specs, positive_spec_match, the canonical JSON, the
 * column check, the gate's switches and policy (rules 23-25), and the exact
 * text of the errors users will read. Rules are
 * those numbered in src/config.h. Config files come from fixtures/config_*.json
 * (when the path appears in an expected message) or from temp files.
 * Entry point: test_config().
 */
#include "config.h"
#include "config_text.h"
#include "harness.h"
#include "typecheck.h"

void test_config(void);

/* argc and argv of a list of string literals. */
#define ARGS(...) (int)(sizeof((char *[]){__VA_ARGS__}) / sizeof(char *)), (char *[]){__VA_ARGS__}

/* Parses, expecting success; reports the message on failure. */
static int parse_ok(int argc, char **argv, struct audit_config *cfg, int line)
{
	struct audit_err err = {0};
	int e = config_parse(argc, argv, cfg, &err);
	HARNESS_REPORT(e == AUDIT_OK, "line %d: config_parse failed: %s", line, err.msg);
	return e == AUDIT_OK;
}
#define PARSE_OK(cfg, ...) parse_ok(ARGS(__VA_ARGS__), cfg, __LINE__)

/* Parses, expecting AUDIT_EUSAGE with exactly the message want; cfg must come back empty. */
static void parse_fails(int argc, char **argv, const char *want, int line)
{
	struct audit_config cfg;
	struct audit_err err = {0};
	int e = config_parse(argc, argv, &cfg, &err);
	HARNESS_REPORT(e == AUDIT_EUSAGE && err.code == AUDIT_EUSAGE, "line %d: code %d, want AUDIT_EUSAGE", line, e);
	HARNESS_REPORT(strcmp(err.msg, want) == 0, "line %d: message\n  \"%s\"\nwant\n  \"%s\"", line, err.msg, want);
	HARNESS_REPORT(cfg.data == NULL && cfg.formats == NULL, "line %d: cfg not emptied after an error", line);
	config_free(&cfg);
}
#define PARSE_FAILS(want, ...) parse_fails(ARGS(__VA_ARGS__), want, __LINE__)

/* config_to_json of cfg compared with want, in full. */
static void check_json(const struct audit_config *cfg, const char *want, int line)
{
	char *got = config_to_json(cfg);
	HARNESS_REPORT(strcmp(got, want) == 0, "line %d: config_to_json\n  %s\nwant\n  %s", line, got, want);
	free(got);
}
#define CHECK_JSON(cfg, want) check_json(cfg, want, __LINE__)

/* Writes json to a temp config file, runs `data.csv --config FILE`, and
 * expects the message "FILE" + want_suffix. */
static void config_fails(const char *json, const char *want_suffix, int line)
{
	char path[64], want[1024];
	if (harness_temp_file(json, strlen(json), path) != 0) {
		HARNESS_REPORT(0, "line %d: cannot write a temp file", line);
		return;
	}
	snprintf(want, sizeof want, "%s%s", path, want_suffix);
	parse_fails(ARGS("data.csv", "--config", path), want, line);
	unlink(path);
}
#define CONFIG_FAILS(json, want_suffix) config_fails(json, want_suffix, __LINE__)

/* Parses `data.csv --config FILE` with json as FILE's text, then the extra flags. */
static int parse_with_config(const char *json, int argc, char **extra, struct audit_config *cfg, int line)
{
	char path[64];
	if (harness_temp_file(json, strlen(json), path) != 0) {
		HARNESS_REPORT(0, "line %d: cannot write a temp file", line);
		return 0;
	}
	char *argv[32] = {"data.csv", "--config", path};
	int n = 3;
	for (int i = 0; i < argc && n < 32; i++)
		argv[n++] = extra[i];
	int ok = parse_ok(n, argv, cfg, line);
	unlink(path);
	return ok;
}
#define PARSE_CONFIG(cfg, json, ...) parse_with_config(json, ARGS(__VA_ARGS__), cfg, __LINE__)
#define PARSE_CONFIG_ONLY(cfg, json) parse_with_config(json, 0, NULL, cfg, __LINE__)

/* Runs `data.csv --config FILE` plus the extra flags, json being FILE's text,
 * and expects the message want, prefixed by FILE when want starts with ':'. */
static void config_flags_fails(const char *json, const char *want, int argc, char **extra, int line)
{
	char path[64], full[1024];
	if (harness_temp_file(json, strlen(json), path) != 0) {
		HARNESS_REPORT(0, "line %d: cannot write a temp file", line);
		return;
	}
	snprintf(full, sizeof full, "%s%s", want[0] == ':' ? path : "", want);
	char *argv[32] = {"data.csv", "--config", path};
	int n = 3;
	for (int i = 0; i < argc && n < 32; i++)
		argv[n++] = extra[i];
	parse_fails(n, argv, full, line);
	unlink(path);
}
#define CONFIG_FLAGS_FAIL(json, want, ...) config_flags_fails(json, want, ARGS(__VA_ARGS__), __LINE__)

static void test_defaults(void)
{
	struct audit_config cfg;
	if (!PARSE_OK(&cfg, "data.csv"))
		return;
	CHECK_STR(cfg.data, "data.csv");
	CHECK_STR(cfg.out, "dsaudit-out");
	CHECK(cfg.db == NULL && cfg.config_path == NULL && cfg.name == NULL && cfg.label == NULL);
	CHECK(cfg.positive.text == NULL && cfg.nprotected == 0 && cfg.nreferences == 0 && cfg.strata == NULL);
	CHECK(cfg.npopulations == 0 && cfg.nbins == 0 && cfg.no_progress == 0);
	CHECK(cfg.data_format == NULL && cfg.delimiter == NULL && cfg.na == NULL);
	CHECK(cfg.prediction == NULL && cfg.prediction_positive.text == NULL && cfg.prediction_positive_name == NULL);
	CHECK(cfg.gold == NULL && cfg.nannotators == 0 && cfg.annotators == NULL && cfg.id == NULL);
	CHECK(cfg.nquasi == 0 && cfg.quasi_identifiers == NULL && cfg.sensitive == NULL);
	CHECK(cfg.ndomains == 0 && cfg.domains == NULL);
	CHECK_INT(cfg.k, 5);
	CHECK_INT(cfg.intersections, 2);
	CHECK_INT(cfg.min_group, 30);
	CHECK_INT(cfg.nformats, 1);
	CHECK_STR(cfg.formats[0], "json");
	/* The default database is never under --out: $DSAUDIT_DB, else the per-user data directory. */
	int data_dir;
	const char *saved_db = getenv("DSAUDIT_DB");
	char *keep_db = saved_db ? xstrdup(saved_db) : NULL;
	setenv("DSAUDIT_DB", "/tmp/x/audit.db", 1);
	char *db = config_db_path(&cfg, &data_dir);
	CHECK_STR(db, "/tmp/x/audit.db");
	CHECK_INT(data_dir, 0);
	free(db);
	unsetenv("DSAUDIT_DB");
	const char *saved_xdg = getenv("XDG_DATA_HOME");
	char *keep_xdg = saved_xdg ? xstrdup(saved_xdg) : NULL;
	setenv("XDG_DATA_HOME", "/data/me", 1);
	db = config_db_path(&cfg, &data_dir);
	CHECK_STR(db, "/data/me/dsaudit/dsaudit.db");
	CHECK_INT(data_dir, 1);
	free(db);
	setenv("XDG_DATA_HOME", "relative", 1); /* ignored, as the XDG spec says */
	const char *home = getenv("HOME");
	db = config_db_path(&cfg, &data_dir);
	if (home && home[0] == '/') {
		CHECK(db && strncmp(db, home, strlen(home)) == 0 && strstr(db, "/.local/share/dsaudit/dsaudit.db"));
	}
	free(db);
	if (keep_xdg)
		setenv("XDG_DATA_HOME", keep_xdg, 1);
	else
		unsetenv("XDG_DATA_HOME");
	if (keep_db)
		setenv("DSAUDIT_DB", keep_db, 1);
	free(keep_xdg);
	free(keep_db);
	CHECK_JSON(&cfg, "{\"intersections\":2,\"min_group\":30,\"format\":[\"json\"]}");
	config_free(&cfg);
	config_free(&cfg); /* a second free of the zeroed struct is a no-op */
	struct audit_config zero = {0};
	config_free(&zero);
}

/* The canonical JSON of the every-flag command lines below. */
static const char every_flag_json[] =
	"{\"name\":\"hiring\",\"data_format\":\"jsonl\",\"delimiter\":\"tab\",\"na\":\"NA,\","
	"\"label\":\"hired\",\"positive\":\"Medium, High\",\"protected\":[\"sex\",\"race\"],\"intersections\":2,"
	"\"reference\":{\"race\":\"White\",\"sex\":\"M\"},\"strata\":\"dept\",\"min_group\":50,"
	"\"bins\":{\"age\":[18,25.5,45]},\"format\":[\"json\",\"md\"],"
	"\"prediction\":\"pred\",\"prediction_positive\":\">=0.5\",\"gold\":\"truth\","
	"\"annotators\":[\"r2\",\"r1\",\"r3\"],\"id\":\"rid\",\"quasi_identifiers\":[\"zip\",\"sex\"],"
	"\"sensitive\":\"diag\",\"k\":3}";

static void check_every_flag(const struct audit_config *cfg)
{
	CHECK_STR(cfg->data, "in.jsonl");
	CHECK_STR(cfg->label, "hired");
	CHECK_STR(cfg->positive.text, "Medium, High"); /* as given */
	CHECK_INT(cfg->positive.nvalues, 2);
	CHECK_INT(cfg->nprotected, 2);
	CHECK_STR(cfg->protected[0], "sex"); /* order kept */
	CHECK_STR(cfg->protected[1], "race");
	CHECK_INT(cfg->intersections, 2);
	CHECK_INT(cfg->nreferences, 2);
	CHECK_STR(cfg->references[0].attribute, "race"); /* sorted (rule 16) */
	CHECK_STR(cfg->references[0].value, "White");
	CHECK_STR(cfg->strata, "dept");
	CHECK_INT(cfg->min_group, 50);
	CHECK_STR(cfg->db, "a.db");
	CHECK_STR(cfg->out, "outdir");
	CHECK_STR(cfg->name, "hiring");
	CHECK_INT(cfg->nformats, 2);
	CHECK_INT(cfg->nbins, 1);
	CHECK_INT(cfg->bins[0].n, 3);
	CHECK_NEAR(cfg->bins[0].edges[1], 25.5, 0);
	CHECK_STR(cfg->data_format, "jsonl");
	CHECK_STR(cfg->delimiter, "tab");
	CHECK_STR(cfg->na, "NA,");
	CHECK_INT(cfg->no_progress, 1);
	CHECK_STR(cfg->prediction, "pred");
	CHECK_STR(cfg->prediction_positive.text, ">=0.5");
	CHECK(cfg->prediction_positive.is_comparison && cfg->prediction_positive.op == CMP_GE);
	CHECK(cfg->prediction_positive_name == NULL);
	CHECK_STR(cfg->gold, "truth");
	CHECK_INT(cfg->nannotators, 3);
	CHECK_STR(cfg->annotators[0], "r2"); /* order kept (rule 19) */
	CHECK_STR(cfg->annotators[2], "r3");
	CHECK_STR(cfg->id, "rid");
	CHECK_INT(cfg->nquasi, 2);
	CHECK_STR(cfg->quasi_identifiers[0], "zip"); /* order kept; sex is also protected (rule 20) */
	CHECK_STR(cfg->quasi_identifiers[1], "sex");
	CHECK_STR(cfg->sensitive, "diag");
	CHECK_INT(cfg->k, 3);
	CHECK_JSON(cfg, every_flag_json);
}

static void test_every_flag(void)
{
	struct audit_config cfg;
	if (PARSE_OK(&cfg, "in.jsonl", "--label", "hired", "--positive", "Medium, High", "--protected", "sex,race",
		     "--intersections", "2", "--reference", "sex=M", "--reference", "race=White", "--strata", "dept",
		     "--min-group", "50", "--db", "a.db", "--out", "outdir", "--name", "hiring", "--format", "md,json",
		     "--bins", "age=18,25.5,45", "--data-format", "jsonl", "--delimiter", "\t", "--na", "NA,",
		     "--no-progress", "--prediction", "pred", "--prediction-positive", " >=0.5", "--gold", "truth",
		     "--annotators", "r2, r1,r3", "--id", "rid", "--quasi-identifiers", "zip,sex", "--sensitive", "diag",
		     "--k", "3")) {
		check_every_flag(&cfg);
		config_free(&cfg);
	}
	/* The same in --flag=VALUE form, DATA last. */
	if (PARSE_OK(&cfg, "--label=hired", "--positive=Medium, High", "--protected=sex,race", "--intersections=2",
		     "--reference=sex=M", "--reference=race=White", "--strata=dept", "--min-group=50", "--db=a.db",
		     "--out=outdir", "--name=hiring", "--format=md,json", "--bins=age=18,25.5,45",
		     "--data-format=jsonl", "--delimiter=tab", "--na=NA,", "--no-progress", "--prediction=pred",
		     "--prediction-positive=>=0.5", "--gold=truth", "--annotators=r2,r1,r3", "--id=rid",
		     "--quasi-identifiers=zip,sex", "--sensitive=diag", "--k=3", "in.jsonl")) {
		check_every_flag(&cfg);
		config_free(&cfg);
	}
	/* Rule 16: the canonical JSON reads back as a config file, to the same bytes. */
	if (PARSE_CONFIG_ONLY(&cfg, every_flag_json)) {
		CHECK_JSON(&cfg, every_flag_json);
		config_free(&cfg);
	}
}

static void test_flag_details(void)
{
	struct audit_config cfg;
	/* Rule 8: "--" ends the options; "-" is DATA. */
	if (PARSE_OK(&cfg, "--label", "y", "--", "-odd.csv")) {
		CHECK_STR(cfg.data, "-odd.csv");
		config_free(&cfg);
	}
	if (PARSE_OK(&cfg, "-")) {
		CHECK_STR(cfg.data, "-");
		config_free(&cfg);
	}
	/* "=" form can carry a value that starts with "--". */
	if (PARSE_OK(&cfg, "d.csv", "--label=--odd")) {
		CHECK_STR(cfg.label, "--odd");
		config_free(&cfg);
	}
	/* Rule 9: more than the protected attributes means all of them. */
	if (PARSE_OK(&cfg, "d.csv", "--protected", "a,b,c", "--intersections", "7")) {
		CHECK_INT(cfg.intersections, 3);
		config_free(&cfg);
	}
	/* Rule 14: duplicates dropped, fixed order. */
	if (PARSE_OK(&cfg, "d.csv", "--format", "junit,md,pdf,svg,png,xlsx,json,md")) {
		CHECK_INT(cfg.nformats, 7);
		CHECK_STR(cfg.formats[0], "json");
		CHECK_STR(cfg.formats[6], "junit");
		config_free(&cfg);
	}
	/* Rule 2: quotes keep commas in a protected name. */
	if (PARSE_OK(&cfg, "d.csv", "--protected", "\"x, y\",z")) {
		CHECK_INT(cfg.nprotected, 2);
		CHECK_STR(cfg.protected[0], "x, y");
		config_free(&cfg);
	}
	/* Rule 10: split at the first "="; rule 11: at the last. */
	if (PARSE_OK(&cfg, "d.csv", "--protected", "a", "--reference", "a=x=y", "--bins", "p=q=1,2")) {
		CHECK_STR(cfg.references[0].value, "x=y");
		CHECK_STR(cfg.bins[0].column, "p=q");
		config_free(&cfg);
	}
	/* --db is the database, whatever --out is. */
	if (PARSE_OK(&cfg, "d.csv", "--out", "o/", "--db", "h.db", "--no-rows")) {
		int data_dir;
		char *db = config_db_path(&cfg, &data_dir);
		CHECK_STR(db, "h.db");
		CHECK_INT(cfg.no_rows, 1);
		free(db);
		config_free(&cfg);
	}
}

static void test_flag_errors(void)
{
	PARSE_FAILS("audit: no data file given", "--label", "y");
	parse_fails(0, (char *[]){NULL}, "audit: no data file given", __LINE__);
	PARSE_FAILS("audit: one data file at a time (got a.csv and b.csv)", "a.csv", "b.csv");
	PARSE_FAILS("audit: unknown option --lable (see dsaudit --help)", "d.csv", "--lable", "y");
	PARSE_FAILS("audit: unknown option -x (see dsaudit --help)", "d.csv", "-x");
	PARSE_FAILS("audit: unknown option --label-column=y (see dsaudit --help)", "d.csv", "--label-column=y");
	PARSE_FAILS("--label: needs a value", "d.csv", "--label");
	PARSE_FAILS("--label: needs a value", "d.csv", "--label", "--protected", "a"); /* rule 8 */
	PARSE_FAILS("--label: must not be empty", "d.csv", "--label=");
	PARSE_FAILS("--label: given more than once", "d.csv", "--label", "a", "--label=b");
	PARSE_FAILS("--config: given more than once", "d.csv", "--config", "a.json", "--config", "b.json");
	PARSE_FAILS("--no-progress: takes no value", "d.csv", "--no-progress=1");

	PARSE_FAILS("--min-group: expected a whole number >= 1, got \"abc\"", "d.csv", "--min-group", "abc");
	PARSE_FAILS("--min-group: expected a whole number >= 1, got \"1.5\"", "d.csv", "--min-group", "1.5");
	PARSE_FAILS("--min-group: expected a whole number >= 1, got \"\"", "d.csv", "--min-group=");
	PARSE_FAILS("--min-group: expected a whole number >= 1, got \"30x\"", "d.csv", "--min-group", "30x");
	PARSE_FAILS("--min-group: expected a whole number >= 1, got \"99999999999999999999\"", "d.csv",
		    "--min-group", "99999999999999999999");
	PARSE_FAILS("--min-group: expected a whole number >= 1, got 0", "d.csv", "--min-group", "0");
	PARSE_FAILS("--min-group: expected a whole number >= 1, got -3", "d.csv", "--min-group", "-3");
	PARSE_FAILS("--intersections: expected a whole number >= 1, got 0", "d.csv", "--intersections", "0");

	PARSE_FAILS("--protected: \"a\" is listed twice", "d.csv", "--protected", "a,b,a");
	PARSE_FAILS("--protected: empty item in \"a,,b\"", "d.csv", "--protected", "a,,b");
	PARSE_FAILS("--protected: empty item in \"a,\"", "d.csv", "--protected", "a,");
	PARSE_FAILS("--protected: the list is empty", "d.csv", "--protected", " ");
	PARSE_FAILS("--protected: unterminated quote in \"\"a,b\"", "d.csv", "--protected", "\"a,b");
	PARSE_FAILS("--protected: text after a closing quote in \"\"a\"b\"", "d.csv", "--protected", "\"a\"b");

	/* Rules 6, 10, 13. */
	PARSE_FAILS("--label: \"a\" cannot be both the label and a protected attribute", "d.csv", "--label", "a",
		    "--protected", "b,a");
	PARSE_FAILS("--positive needs --label", "d.csv", "--positive", "1");
	PARSE_FAILS("--reference: \"race\" is not a protected attribute (protected: sex,age)", "d.csv", "--protected",
		    "sex,age", "--reference", "race=White");
	PARSE_FAILS("--reference: \"race\" is not a protected attribute (none are given)", "d.csv", "--reference",
		    "race=White");
	PARSE_FAILS("--reference: expected ATTR=VALUE, got \"race\"", "d.csv", "--reference", "race");
	/* Rule 10a: an intersection's reference names it as the audit does, with a value per part. */
	PARSE_FAILS("--reference: the intersection is named \"race*sex\" (--protected order), not \"sex*race\"",
		    "d.csv", "--protected", "race,sex", "--reference", "sex*race=Male*White");
	PARSE_FAILS("--reference: \"race*age\" is not an intersection of protected attributes (\"age\" is not protected)",
		    "d.csv", "--protected", "race,sex", "--reference", "race*age=White*30");
	PARSE_FAILS("--reference: the reference of \"race*sex\" needs 2 values joined by \"*\", got \"White\"",
		    "d.csv", "--protected", "race,sex", "--reference", "race*sex=White");
	PARSE_FAILS("--reference: \"a*b*c\" joins 3 attributes, but --intersections is 2", "d.csv", "--protected",
		    "a,b,c", "--reference", "a*b*c=1*2*3");
	/* Rule 27: families by name. */
	PARSE_FAILS("--require: unknown family \"selektion\" (expected representation, selection, measurement, "
		    "quality, privacy, drift)", "d.csv", "--require", "selektion");
	PARSE_FAILS("--reference: expected ATTR=VALUE with neither empty", "d.csv", "--reference", "race=");
	PARSE_FAILS("--reference: a second reference for \"a\"", "d.csv", "--protected", "a", "--reference", "a=1",
		    "--reference", "a=2");
	PARSE_FAILS("--strata: \"a\" is a protected attribute; stratify by another column", "d.csv", "--protected",
		    "a", "--strata", "a");
	PARSE_FAILS("--strata: \"y\" is the label; stratify by another column", "d.csv", "--label", "y", "--strata",
		    "y");

	PARSE_FAILS("--format: unknown format \"docx\" (expected json, xlsx, png, svg, pdf, md, html, junit)", "d.csv",
		    "--format", "json,docx");
	PARSE_FAILS("--data-format: expected csv, jsonl or json, got \"xml\"", "d.csv", "--data-format", "xml");
	PARSE_FAILS("--delimiter: expected one of , ; | tab, got \"::\"", "d.csv", "--delimiter", "::");

	/* Rule 11. */
	PARSE_FAILS("--bins: edges of \"age\" must be strictly increasing (25 follows 45)", "d.csv", "--bins",
		    "age=18,45,25");
	PARSE_FAILS("--bins: edges of \"age\" must be strictly increasing (18 follows 18)", "d.csv", "--bins",
		    "age=18,18");
	PARSE_FAILS("--bins: edge \"inf\" is not a finite number", "d.csv", "--bins", "age=1,inf");
	PARSE_FAILS("--bins: edge \"0x10\" is not a finite number", "d.csv", "--bins", "age=1,0x10");
	PARSE_FAILS("--bins: the list is empty", "d.csv", "--bins", "age=");
	PARSE_FAILS("--bins: expected COL=E1,E2,..., got \"age\"", "d.csv", "--bins", "age");
	PARSE_FAILS("--bins: the column name is empty", "d.csv", "--bins", "=1,2");
	PARSE_FAILS("--bins: \"age\" is binned twice", "d.csv", "--bins", "age=1", "--bins", "age=2");
}

static void test_positive_parse(void)
{
	struct positive_spec p;
	struct audit_err err = {0};

	/* Rule 1: operators, spaces after them, exponents. */
	static const struct {
		const char *text;
		enum cmp_op op;
		double threshold;
	} comparisons[] = {
		{">=70", CMP_GE, 70}, {"> 0.5", CMP_GT, 0.5}, {"<3", CMP_LT, 3},    {" <=3 ", CMP_LE, 3},
		{"==1", CMP_EQ, 1},   {"!=0", CMP_NE, 0},     {">-1e3", CMP_GT, -1000}, {"<.5", CMP_LT, 0.5},
	};
	for (size_t i = 0; i < sizeof comparisons / sizeof comparisons[0]; i++) {
		if (positive_spec_parse(comparisons[i].text, &p, &err) != AUDIT_OK) {
			HARNESS_REPORT(0, "%s: %s", comparisons[i].text, err.msg);
			continue;
		}
		HARNESS_REPORT(p.is_comparison && p.op == comparisons[i].op && p.threshold == comparisons[i].threshold,
			       "\"%s\" read as op %d threshold %g", comparisons[i].text, (int)p.op, p.threshold);
		positive_spec_free(&p);
	}

	/* Rule 1: an operator not followed by a number is a plain value (Adult's ">50K"). */
	static const char *plain[] = {">50K", "<=50K", "=1", ">=", ">= 7 0", ">=inf", ">=nan", ">=0x10"};
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
		if (positive_spec_parse(plain[i], &p, &err) != AUDIT_OK) {
			HARNESS_REPORT(0, "%s: %s", plain[i], err.msg);
			continue;
		}
		HARNESS_REPORT(!p.is_comparison && p.nvalues == 1 && strcmp(p.values[0], plain[i]) == 0,
			       "\"%s\" should be one plain value", plain[i]);
		positive_spec_free(&p);
	}

	/* Rule 2: trimming and quotes. */
	if (positive_spec_parse(" Medium , \"High, very\",\"say \"\"yes\"\"\", \">=70\"", &p, &err) == AUDIT_OK) {
		CHECK_INT(p.nvalues, 4);
		CHECK_STR(p.values[0], "Medium");
		CHECK_STR(p.values[1], "High, very");
		CHECK_STR(p.values[2], "say \"yes\"");
		CHECK_STR(p.values[3], ">=70"); /* quoted: the text, not a comparison */
		CHECK(!p.is_comparison);
		positive_spec_free(&p);
	} else
		HARNESS_REPORT(0, "quoted list: %s", err.msg);

	/* Rule 3. */
	CHECK_INT(positive_spec_parse("", &p, &err), AUDIT_EUSAGE);
	CHECK_STR(err.msg, "--positive: the list is empty");
	CHECK_INT(positive_spec_parse("a,,b", &p, &err), AUDIT_EUSAGE);
	CHECK_STR(err.msg, "--positive: empty item in \"a,,b\"");
	CHECK_INT(positive_spec_parse(">=70,<10", &p, &err), AUDIT_EUSAGE);
	CHECK_STR(err.msg, "--positive: \">=70\" is a comparison inside a list; a spec holds one comparison "
			   "(quote it to match the text)");
	CHECK(p.text == NULL && p.values == NULL); /* nothing left to free after an error */
}

static void test_positive_match(void)
{
	struct positive_spec p;
	struct audit_err err = {0};

	/* Rule 4, list form: text equality, or numeric equality when both are numbers. */
	if (positive_spec_parse("1,High", &p, &err) == AUDIT_OK) {
		CHECK(positive_spec_match(&p, "1", 1, 1.0));
		CHECK(positive_spec_match(&p, "1.0", 1, 1.0));  /* label 1.0 matches "1" */
		CHECK(positive_spec_match(&p, "1", 0, 0));      /* the same text, even as text */
		CHECK(positive_spec_match(&p, "High", 0, 0));
		CHECK(!positive_spec_match(&p, "high", 0, 0));  /* case-sensitive */
		CHECK(!positive_spec_match(&p, "1.0", 0, 0));   /* "1.0" as text is not "1" */
		CHECK(!positive_spec_match(&p, "2", 1, 2.0));
		CHECK(!positive_spec_match(&p, NULL, 0, 0));
		CHECK(!positive_spec_match(&p, "nan", 1, NAN));
		positive_spec_free(&p);
	}
	if (positive_spec_parse("0.5", &p, &err) == AUDIT_OK) {
		CHECK(positive_spec_match(&p, ".50", 1, 0.5));
		positive_spec_free(&p);
	}
	if (positive_spec_parse(">50K", &p, &err) == AUDIT_OK) {
		CHECK(positive_spec_match(&p, ">50K", 0, 0));
		CHECK(!positive_spec_match(&p, "<=50K", 0, 0));
		positive_spec_free(&p);
	}

	/* Rule 4, comparison form: numbers only. */
	if (positive_spec_parse(">=70", &p, &err) == AUDIT_OK) {
		CHECK(!positive_spec_match(&p, "69.9", 1, 69.9));
		CHECK(positive_spec_match(&p, "70", 1, 70));
		CHECK(positive_spec_match(&p, "70.1", 1, 70.1));
		CHECK(!positive_spec_match(&p, "70", 0, 0)); /* text never matches */
		CHECK(!positive_spec_match(&p, "abc", 0, 0));
		positive_spec_free(&p);
	}
	if (positive_spec_parse("!=0", &p, &err) == AUDIT_OK) {
		CHECK(positive_spec_match(&p, "3", 1, 3));
		CHECK(!positive_spec_match(&p, "0", 1, 0));
		CHECK(!positive_spec_match(&p, "yes", 0, 0)); /* not even for != */
		positive_spec_free(&p);
	}
	struct {
		const char *spec;
		double below, at, above;
		int want_below, want_at, want_above;
	} ops[] = {
		{"<3", 2, 3, 4, 1, 0, 0}, {"<=3", 2, 3, 4, 1, 1, 0}, {">3", 2, 3, 4, 0, 0, 1},
		{"==3", 2, 3, 4, 0, 1, 0}, {"!=3", 2, 3, 4, 1, 0, 1},
	};
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
		if (positive_spec_parse(ops[i].spec, &p, &err) != AUDIT_OK)
			continue;
		HARNESS_REPORT(positive_spec_match(&p, "", 1, ops[i].below) == ops[i].want_below &&
				       positive_spec_match(&p, "", 1, ops[i].at) == ops[i].want_at &&
				       positive_spec_match(&p, "", 1, ops[i].above) == ops[i].want_above,
			       "%s", ops[i].spec);
		positive_spec_free(&p);
	}
	struct positive_spec unset = {0};
	CHECK(!positive_spec_match(&unset, "1", 1, 1));
}

static void test_config_file_keys(void)
{
	struct audit_config cfg;
	if (!PARSE_OK(&cfg, "data.csv", "--config", "fixtures/config_full.json"))
		return;
	CHECK_STR(cfg.config_path, "fixtures/config_full.json");
	CHECK_STR(cfg.name, "hiring");
	CHECK_STR(cfg.data_format, "csv");
	CHECK_STR(cfg.delimiter, "tab");
	CHECK_STR(cfg.na, "NA,?");
	CHECK_STR(cfg.label, "hired");
	CHECK_STR(cfg.positive_name, "yes");
	CHECK_STR(cfg.positive.text, "1,yes");
	CHECK(positive_spec_match(&cfg.positive, "1.0", 1, 1));
	CHECK_INT(cfg.nprotected, 3);
	CHECK_STR(cfg.protected[2], "age");
	CHECK_INT(cfg.intersections, 3);
	CHECK_INT(cfg.nreferences, 2);
	CHECK_STR(cfg.strata, "dept");
	CHECK_INT(cfg.min_group, 50);
	CHECK_INT(cfg.npopulations, 2);
	CHECK_STR(cfg.populations[0].attribute, "race"); /* sorted */
	CHECK_STR(cfg.populations[0].shares[0].group, "Black");
	CHECK_NEAR(cfg.populations[0].shares[0].share, 0.13, 0);
	CHECK_INT(cfg.nbins, 2);
	CHECK_NEAR(cfg.bins[1].edges[1], 1e5, 0);
	CHECK_INT(cfg.nformats, 2);
	CHECK_STR(cfg.out, "reports");
	CHECK_STR(cfg.db, "audit.db");
	CHECK_JSON(&cfg, "{\"name\":\"hiring\",\"data_format\":\"csv\",\"delimiter\":\"tab\",\"na\":\"NA,?\","
			 "\"label\":\"hired\",\"positive_specs\":{\"yes\":\"1,yes\"},\"positive\":\"yes\","
			 "\"protected\":[\"sex\",\"race\",\"age\"],\"intersections\":3,"
			 "\"reference\":{\"race\":\"White\",\"sex\":\"M\"},\"strata\":\"dept\",\"min_group\":50,"
			 "\"population\":{\"race\":{\"Black\":0.13,\"Other\":0.27,\"White\":0.6},"
			 "\"sex\":{\"F\":0.51,\"M\":0.49}},"
			 "\"bins\":{\"age\":[18,25,45,65],\"income\":[0.5,100000]},"
			 "\"format\":[\"json\",\"xlsx\"]}");

	/* Rule 16: the output is itself a config file that reads back to the same bytes. */
	char *json = config_to_json(&cfg);
	struct audit_config again;
	if (PARSE_CONFIG_ONLY(&again, json)) {
		CHECK_JSON(&again, json);
		config_free(&again);
	}
	free(json);
	config_free(&cfg);
}

static void test_config_value_forms(void)
{
	struct audit_config cfg;
	/* A number as the positive spec; lists as arrays. */
	if (PARSE_CONFIG(&cfg, "{\"label\": \"y\", \"positive\": 1, \"protected\": \"a, b\", \"format\": [\"md\"]}")) {
		CHECK_STR(cfg.positive.text, "1");
		CHECK(cfg.positive_name == NULL);
		CHECK_INT(cfg.nprotected, 2);
		CHECK_STR(cfg.formats[0], "md");
		CHECK_INT(cfg.nformats, 1);
		config_free(&cfg);
	}
	/* An array spec: elements are literal values, quoted in the text as needed. */
	if (PARSE_CONFIG(&cfg, "{\"label\": \"y\", \"positive\": [\">=70\", \"a,b\", 2.5]}")) {
		CHECK(!cfg.positive.is_comparison);
		CHECK_INT(cfg.positive.nvalues, 3);
		CHECK_STR(cfg.positive.values[0], ">=70");
		CHECK_STR(cfg.positive.values[1], "a,b");
		CHECK_STR(cfg.positive.text, "\">=70\",\"a,b\",2.5");
		config_free(&cfg);
	}
	/* Rule 5: --positive names a spec of the file; otherwise it is a spec. */
	const char *specs = "{\"label\": \"score\", \"positive_specs\": {\"high\": \">=70\", \"low\": \"<30\"}, "
			    "\"positive\": \"low\"}";
	if (PARSE_CONFIG(&cfg, specs, "--positive", "high")) {
		CHECK(cfg.positive.is_comparison);
		CHECK_INT(cfg.positive.op, CMP_GE);
		CHECK_NEAR(cfg.positive.threshold, 70, 0);
		CHECK_STR(cfg.positive_name, "high");
		CHECK_JSON(&cfg, "{\"label\":\"score\",\"positive_specs\":{\"high\":\">=70\"},\"positive\":\"high\","
				 "\"intersections\":2,\"min_group\":30,\"format\":[\"json\"]}");
		config_free(&cfg);
	}
	if (PARSE_CONFIG_ONLY(&cfg, specs)) {
		CHECK_STR(cfg.positive_name, "low");
		CHECK_STR(cfg.positive.text, "<30");
		config_free(&cfg);
	}
	if (PARSE_CONFIG(&cfg, specs, "--positive", "hi")) {
		CHECK(cfg.positive_name == NULL);
		CHECK_STR(cfg.positive.values[0], "hi");
		config_free(&cfg);
	}
	/* A UTF-8 BOM is skipped; whole numbers may be written 50.0. */
	if (PARSE_CONFIG_ONLY(&cfg, "\xEF\xBB\xBF{\"min_group\": 50.0}")) {
		CHECK_INT(cfg.min_group, 50);
		config_free(&cfg);
	}
	/* Escapes in strings survive into the canonical JSON. */
	if (PARSE_CONFIG_ONLY(&cfg, "{\"name\": \"a\\\"b\\\\c\\n\\u0001\\u00e9\"}")) {
		CHECK_STR(cfg.name, "a\"b\\c\n\x01\xc3\xa9");
		CHECK_JSON(&cfg, "{\"name\":\"a\\\"b\\\\c\\n\\u0001\xc3\xa9\",\"intersections\":2,\"min_group\":30,"
				 "\"format\":[\"json\"]}");
		config_free(&cfg);
	}
	/* Bytes that are not UTF-8 (possible in argv) print as U+FFFD, keeping the JSON valid. */
	if (PARSE_OK(&cfg, "d.csv", "--name", "a\xff")) {
		char *json = config_to_json(&cfg);
		CHECK(strstr(json, "\"name\":\"a\\ufffd\"") != NULL);
		free(json);
		config_free(&cfg);
	}
}

/* Rule 7: the file first, wherever --config appears; flags on top. */
static void test_flags_override_file(void)
{
	const char *json = "{\"label\": \"a\", \"protected\": [\"x\", \"y\"], \"min_group\": 10, "
			   "\"reference\": {\"x\": \"1\", \"y\": \"2\"}, \"bins\": {\"age\": [1, 2], \"inc\": [5, 6]}, "
			   "\"format\": \"xlsx\", \"out\": \"o1\"}";
	char path[64];
	if (harness_temp_file(json, strlen(json), path) != 0)
		return;
	struct audit_config cfg;
	if (PARSE_OK(&cfg, "d.csv", "--label", "b", "--min-group=20", "--reference", "x=9", "--bins", "age=3,4",
		     "--format", "md", "--config", path)) {
		CHECK_STR(cfg.label, "b");
		CHECK_INT(cfg.min_group, 20);
		CHECK_INT(cfg.nprotected, 2); /* from the file */
		CHECK_STR(cfg.out, "o1");
		CHECK_INT(cfg.nreferences, 2);
		CHECK_STR(cfg.references[0].value, "9"); /* flag replaces the file's x ... */
		CHECK_STR(cfg.references[1].value, "2"); /* ... and keeps its y */
		CHECK_INT(cfg.nbins, 2);
		CHECK_STR(cfg.bins[0].column, "age");
		CHECK_NEAR(cfg.bins[0].edges[0], 3, 0);
		CHECK_STR(cfg.bins[1].column, "inc");
		CHECK_INT(cfg.nformats, 1); /* a list flag replaces the file's list whole */
		CHECK_STR(cfg.formats[0], "md");
		config_free(&cfg);
	}
	/* A flag list replaces the file's: the file's reference to y is now not protected. */
	char want[256];
	snprintf(want, sizeof want, "%s: \"reference\": \"y\" is not a protected attribute (protected: x)", path);
	PARSE_FAILS(want, "d.csv", "--config", path, "--protected", "x");
	/* A keyed flag replaces the file's entry once; a second flag for the key is an error. */
	PARSE_FAILS("--reference: a second reference for \"x\"", "d.csv", "--config", path, "--reference", "x=8",
		    "--reference", "x=9");
	PARSE_FAILS("--bins: \"inc\" is binned twice", "d.csv", "--config", path, "--bins", "inc=1", "--bins",
		    "inc=2");
	unlink(path);
}

static void test_config_errors(void)
{
	/* Rule 15: line:col where cJSON stopped (here a missing comma before line 4's key). */
	PARSE_FAILS("fixtures/config_bad_json.json:4:3: invalid JSON near \"\"out\": \"x\"\"", "d.csv", "--config",
		    "fixtures/config_bad_json.json");
	CONFIG_FAILS("{\"a\": tru}", ":1:7: invalid JSON near \"tru}\"");
	CONFIG_FAILS("{\"label\": \"y\"", ":1:14: invalid JSON (unexpected end of line or file)");
	CONFIG_FAILS("{}\n\nx", ":3:1: invalid JSON near \"x\"");
	CONFIG_FAILS("", ": the config file is empty (expected a JSON object)");
	CONFIG_FAILS(" \n", ": the config file is empty (expected a JSON object)");
	CONFIG_FAILS("[1]", ": expected a JSON object at the top level, got an array");
	PARSE_FAILS("fixtures/config_absent.json: cannot read the config file: No such file or directory", "d.csv",
		    "--config", "fixtures/config_absent.json");

	static const char known[] = " (known keys: label, positive_specs, positive, protected, intersections, "
				    "reference, strata, min_group, db, out, name, table, columns, format, population, bins, "
				    "data_format, delimiter, na, prediction, prediction_positive, gold, annotators, id, "
				    "quasi_identifiers, sensitive, k, domain, strict, gate_only, no_rows, policy_defaults, policy, baseline, "
				    "require)";
	char want[700];
	/* config_text.h N1-N3: the nearest key is named before the list. */
	/* "table" is one letter from "lable" too, and comes first in the keys' order. */
	snprintf(want, sizeof want, ": unknown key \"lable\" (did you mean \"table\" or \"label\"? %s", known + 2);
	CONFIG_FAILS("{\"lable\": \"y\"}", want);
	snprintf(want, sizeof want, ": unknown key \"Label\" (did you mean \"label\"? %s", known + 2); /* keys are case-sensitive */
	CONFIG_FAILS("{\"Label\": \"y\"}", want);
	CONFIG_FAILS("{\"label\": \"y\", \"label\": \"z\"}", ": key \"label\" appears twice");
	CONFIG_FAILS("{\"population\": {\"sex\": {\"F\": 0.5, \"F\": 0.5}}}", ": key \"F\" appears twice in \"sex\"");

	/* Wrong types name the key and the expected type. */
	CONFIG_FAILS("{\"label\": 3}", ": \"label\" must be a string, not a number");
	CONFIG_FAILS("{\"na\": null}", ": \"na\" must be a string, not null");
	CONFIG_FAILS("{\"min_group\": \"30\"}", ": \"min_group\" must be a whole number >= 1");
	CONFIG_FAILS("{\"min_group\": 2.5}", ": \"min_group\" must be a whole number >= 1");
	CONFIG_FAILS("{\"min_group\": 0}", ": \"min_group\" must be a whole number >= 1");
	CONFIG_FAILS("{\"min_group\": 1e400}", ": \"min_group\" must be a whole number >= 1");
	CONFIG_FAILS("{\"intersections\": true}", ": \"intersections\" must be a whole number >= 1");
	CONFIG_FAILS("{\"protected\": 1}", ": \"protected\" must be an array of strings or a comma-separated string");
	CONFIG_FAILS("{\"protected\": [\"a\", 1]}",
		     ": \"protected\" must be an array of strings or a comma-separated string");
	CONFIG_FAILS("{\"protected\": []}", ": \"protected\": the list is empty");
	CONFIG_FAILS("{\"protected\": [\"a\", \"a\"]}", ": \"protected\": \"a\" is listed twice");
	CONFIG_FAILS("{\"format\": [\"pdf\", \"doc\"]}",
		     ": \"format\": unknown format \"doc\" (expected json, xlsx, png, svg, pdf, md, html, junit)");
	CONFIG_FAILS("{\"label\": \"y\", \"positive\": true}",
		     ": \"positive\" must be a string, a number or an array of them");
	CONFIG_FAILS("{\"label\": \"y\", \"positive\": []}", ": \"positive\": the list is empty");
	CONFIG_FAILS("{\"positive_specs\": [\"a\"]}", ": \"positive_specs\" must be an object mapping names to specs");
	CONFIG_FAILS("{\"positive_specs\": {\"bad\": \"a,,b\"}}", ": \"positive_specs\".\"bad\": empty item in \"a,,b\"");
	CONFIG_FAILS("{\"positive_specs\": {\"bad\": {}}}",
		     ": \"positive_specs\".\"bad\" must be a string, a number or an array of them");
	CONFIG_FAILS("{\"reference\": {\"sex\": 1}}", ": \"reference\".\"sex\" must be a string (group values are text)");
	CONFIG_FAILS("{\"reference\": \"sex=M\"}", ": \"reference\" must be an object mapping attributes to group values");
	CONFIG_FAILS("{\"data_format\": \"xml\"}", ": \"data_format\": expected csv, jsonl or json, got \"xml\"");
	CONFIG_FAILS("{\"out\": \"\"}", ": \"out\": must not be empty");

	/* Rule 12. */
	CONFIG_FAILS("{\"population\": {\"sex\": {\"F\": 0.5, \"M\": 0.4}}}", ": \"population\".\"sex\": the shares sum to 0.9, not 1");
	CONFIG_FAILS("{\"population\": {\"sex\": {\"F\": 0.6, \"M\": 0.41}}}", ": \"population\".\"sex\": the shares sum to 1.01, not 1");
	CONFIG_FAILS("{\"population\": {\"sex\": {\"F\": 1.5, \"M\": -0.5}}}",
		     ": \"population\".\"sex\".\"F\" must be a number between 0 and 1");
	CONFIG_FAILS("{\"population\": {\"sex\": {\"F\": \"0.5\"}}}",
		     ": \"population\".\"sex\".\"F\" must be a number between 0 and 1");
	CONFIG_FAILS("{\"population\": {\"sex\": {}}}", ": \"population\".\"sex\" must be an object mapping groups to shares");
	CONFIG_FAILS("{\"population\": [1]}", ": \"population\" must be an object mapping attributes to group shares");

	/* Rule 11 from the file. */
	CONFIG_FAILS("{\"bins\": {\"age\": [18, 65, 45]}}",
		     ": \"bins\": edges of \"age\" must be strictly increasing (45 follows 65)");
	CONFIG_FAILS("{\"bins\": {\"age\": \"18,25\"}}",
		     ": \"bins\".\"age\" must be an array of finite numbers or \"quartiles\"");
	CONFIG_FAILS("{\"bins\": {\"age\": []}}", ": \"bins\": no edges for \"age\"");

	/* Rules 6 and 10 with the settings in the file. */
	CONFIG_FAILS("{\"positive\": \"1\"}", ": \"positive\" needs \"label\" (or --label)");
	CONFIG_FAILS("{\"label\": \"a\", \"protected\": \"a\"}",
		     ": \"protected\": \"a\" cannot be both the label and a protected attribute");
	CONFIG_FAILS("{\"protected\": \"a\", \"reference\": {\"b\": \"x\"}}",
		     ": \"reference\": \"b\" is not a protected attribute (protected: a)");
}

static void test_check_columns(void)
{
	struct audit_config cfg;
	struct audit_err err = {0};
	const char *columns[] = {"id", "Sex", "race", "age", "hired", "dept"};
	if (!PARSE_OK(&cfg, "d.csv", "--label", "hired", "--protected", "race,age", "--strata", "dept", "--bins",
		      "age=18,65"))
		return;
	CHECK_INT(config_check_columns(&cfg, columns, 6, &err), AUDIT_OK);
	config_free(&cfg);

	if (PARSE_OK(&cfg, "d.csv", "--label", "hire", "--protected", "race")) {
		CHECK_INT(config_check_columns(&cfg, columns, 6, &err), AUDIT_EUSAGE);
		CHECK_STR(err.msg, "label: no column named \"hire\" (did you mean \"hired\"?); the columns are: id, Sex, race, "
				   "age, hired, dept");
		config_free(&cfg);
	}
	if (PARSE_OK(&cfg, "d.csv", "--protected", "race,sex")) {
		CHECK_INT(config_check_columns(&cfg, columns, 6, &err), AUDIT_EUSAGE);
		CHECK_STR(err.msg, "protected: no column named \"sex\" (did you mean \"Sex\"?); the columns are: "
				   "id, Sex, race, age, hired, dept");
		config_free(&cfg);
	}
	if (PARSE_OK(&cfg, "d.csv", "--strata", "region")) {
		CHECK_INT(config_check_columns(&cfg, columns, 6, &err), AUDIT_EUSAGE);
		CHECK_STR(err.msg, "strata: no column named \"region\"; the columns are: id, Sex, race, age, hired, dept");
		config_free(&cfg);
	}
	if (PARSE_OK(&cfg, "d.csv", "--bins", "income=1,2")) {
		CHECK_INT(config_check_columns(&cfg, columns, 6, &err), AUDIT_EUSAGE);
		CHECK_STR(err.msg, "bins: no column named \"income\"; the columns are: id, Sex, race, age, hired, dept");
		config_free(&cfg);
	}
	if (PARSE_CONFIG_ONLY(&cfg, "{\"population\": {\"gender\": {\"F\": 1}}}")) {
		CHECK_INT(config_check_columns(&cfg, columns, 6, &err), AUDIT_EUSAGE);
		CHECK_STR(err.msg, "population: no column named \"gender\"; the columns are: id, Sex, race, age, hired, dept");
		config_free(&cfg);
	}

	/* Many columns: the first 20, then a count. */
	char names[25][16];
	const char *many[25];
	for (unsigned i = 0; i < 25; i++) {
		snprintf(names[i], sizeof names[i], "c%u", i);
		many[i] = names[i];
	}
	if (PARSE_OK(&cfg, "d.csv", "--label", "y")) {
		CHECK_INT(config_check_columns(&cfg, many, 25, &err), AUDIT_EUSAGE);
		CHECK_STR(err.msg, "label: no column named \"y\"; the columns are: c0, c1, c2, c3, c4, c5, c6, c7, c8, "
				   "c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, ... and 5 more");
		CHECK_INT(config_check_columns(&cfg, NULL, 0, &err), AUDIT_EUSAGE);
		CHECK_STR(err.msg, "label: no column named \"y\"; the columns are: (none)");
		config_free(&cfg);
	}
}

/* Rules 17-20 from flags: what is accepted. */
static void test_roles_accepted(void)
{
	struct audit_config cfg;
	/* Rule 17: --prediction needs only one of --label and --gold; no --prediction-positive keeps text NULL. */
	if (PARSE_OK(&cfg, "d.csv", "--gold", "truth", "--prediction", "p")) {
		CHECK(cfg.label == NULL && cfg.prediction_positive.text == NULL);
		CHECK_JSON(&cfg, "{\"intersections\":2,\"min_group\":30,\"format\":[\"json\"],\"prediction\":\"p\","
				 "\"gold\":\"truth\"}");
		config_free(&cfg);
	}
	/* Rule 17: --prediction-positive is a spec as --positive is (rules 1-4). */
	if (PARSE_OK(&cfg, "d.csv", "--label", "y", "--prediction", "p", "--prediction-positive", "yes, \"a,b\"")) {
		CHECK(!cfg.prediction_positive.is_comparison);
		CHECK_INT(cfg.prediction_positive.nvalues, 2);
		CHECK_STR(cfg.prediction_positive.values[1], "a,b");
		CHECK(positive_spec_match(&cfg.prediction_positive, "yes", 0, 0));
		CHECK(cfg.positive.text == NULL); /* the label's spec is untouched */
		config_free(&cfg);
	}
	/* Rule 20: quasi-identifiers may be protected attributes or other roles' columns (not the label);
	 * --sensitive may be the label or a protected attribute; --k defaults to 5 and prints with them. */
	if (PARSE_OK(&cfg, "d.csv", "--label", "y", "--protected", "sex", "--id", "rid", "--quasi-identifiers",
		     "sex,rid,zip", "--sensitive", "y")) {
		CHECK_INT(cfg.nquasi, 3);
		CHECK_INT(cfg.k, 5);
		CHECK_JSON(&cfg, "{\"label\":\"y\",\"protected\":[\"sex\"],\"intersections\":1,\"min_group\":30,"
				 "\"format\":[\"json\"],\"id\":\"rid\",\"quasi_identifiers\":[\"sex\",\"rid\",\"zip\"],"
				 "\"sensitive\":\"y\",\"k\":5}");
		config_free(&cfg);
	}
	if (PARSE_OK(&cfg, "d.csv", "--protected", "sex", "--quasi-identifiers", "zip", "--sensitive", "sex", "--k",
		     "2")) {
		CHECK_INT(cfg.k, 2);
		config_free(&cfg);
	}
	/* Rule 19: annotators split as --protected (rule 2). */
	if (PARSE_OK(&cfg, "d.csv", "--annotators", "\"rater, one\",rater2")) {
		CHECK_INT(cfg.nannotators, 2);
		CHECK_STR(cfg.annotators[0], "rater, one");
		config_free(&cfg);
	}
}

/* Rules 17-20 from flags: every error. */
static void test_roles_errors(void)
{
	/* Rule 17. */
	PARSE_FAILS("--prediction-positive needs --prediction", "d.csv", "--label", "y", "--prediction-positive", "1");
	PARSE_FAILS("--prediction needs --label or --gold", "d.csv", "--prediction", "p");
	PARSE_FAILS("--prediction needs --label or --gold", "d.csv", "--prediction", "p", "--prediction-positive", "1");
	PARSE_FAILS("--prediction-positive: empty item in \"a,,b\"", "d.csv", "--label", "y", "--prediction", "p",
		    "--prediction-positive", "a,,b");
	PARSE_FAILS("--prediction-positive: \">=1\" is a comparison inside a list; a spec holds one comparison "
		    "(quote it to match the text)",
		    "d.csv", "--label", "y", "--prediction", "p", "--prediction-positive", ">=1,<0");
	PARSE_FAILS("--prediction-positive: given more than once", "d.csv", "--prediction-positive", "1",
		    "--prediction-positive=2");
	PARSE_FAILS("--prediction: must not be empty", "d.csv", "--prediction=");
	PARSE_FAILS("--gold: must not be empty", "d.csv", "--gold=");
	PARSE_FAILS("--id: must not be empty", "d.csv", "--id=");
	PARSE_FAILS("--sensitive: must not be empty", "d.csv", "--sensitive=");
	PARSE_FAILS("--id: needs a value", "d.csv", "--id", "--label", "y"); /* rule 8 */

	/* Rule 18: one role per column; the later flag is blamed and names the earlier. */
	PARSE_FAILS("--gold: \"hired\" is already the --label", "d.csv", "--label", "hired", "--gold", "hired");
	PARSE_FAILS("--prediction: \"y\" is already the --label", "d.csv", "--label", "y", "--prediction", "y");
	PARSE_FAILS("--gold: \"p\" is already the --prediction", "d.csv", "--label", "y", "--prediction", "p", "--gold",
		    "p");
	PARSE_FAILS("--id: \"y\" is already the --label", "d.csv", "--label", "y", "--id", "y");
	PARSE_FAILS("--id: \"g\" is already the --gold", "d.csv", "--gold", "g", "--id", "g");
	PARSE_FAILS("--annotators: \"y\" is already the --label", "d.csv", "--label", "y", "--annotators", "a,y");
	PARSE_FAILS("--annotators: \"rid\" is already the --id", "d.csv", "--id", "rid", "--annotators", "rid,b");
	PARSE_FAILS("--protected: \"p\" is already the --prediction", "d.csv", "--label", "y", "--prediction", "p",
		    "--protected", "sex,p");
	PARSE_FAILS("--protected: \"r1\" is already in --annotators", "d.csv", "--annotators", "r1,r2", "--protected",
		    "r1");
	PARSE_FAILS("--strata: \"r1\" is already in --annotators", "d.csv", "--annotators", "r1,r2", "--strata", "r1");
	PARSE_FAILS("--strata: \"g\" is already the --gold", "d.csv", "--gold", "g", "--strata", "g");
	PARSE_FAILS("--strata: \"rid\" is already the --id", "d.csv", "--id", "rid", "--strata", "rid");
	/* Rules 6 and 13 keep their messages. */
	PARSE_FAILS("--strata: \"y\" is the label; stratify by another column", "d.csv", "--label", "y", "--gold", "g",
		    "--strata", "y");

	/* Rule 19. */
	PARSE_FAILS("--annotators: needs at least two columns (got 1)", "d.csv", "--annotators", "r1");
	PARSE_FAILS("--annotators: \"r1\" is listed twice", "d.csv", "--annotators", "r1,r1");
	PARSE_FAILS("--annotators: \"r1\" is listed twice", "d.csv", "--annotators", "r1,r2, r1");
	PARSE_FAILS("--annotators: empty item in \"r1,,r2\"", "d.csv", "--annotators", "r1,,r2");
	PARSE_FAILS("--annotators: the list is empty", "d.csv", "--annotators=");

	/* Rule 20. */
	PARSE_FAILS("--quasi-identifiers: \"hired\" is already the --label", "d.csv", "--label", "hired",
		    "--quasi-identifiers", "zip,hired");
	PARSE_FAILS("--quasi-identifiers: \"zip\" is listed twice", "d.csv", "--quasi-identifiers", "zip,age,zip");
	PARSE_FAILS("--quasi-identifiers: the list is empty", "d.csv", "--quasi-identifiers", " ");
	PARSE_FAILS("--sensitive needs --quasi-identifiers", "d.csv", "--sensitive", "diag");
	PARSE_FAILS("--sensitive: \"zip\" is already in --quasi-identifiers", "d.csv", "--quasi-identifiers",
		    "age,zip", "--sensitive", "zip");
	PARSE_FAILS("--k needs --quasi-identifiers", "d.csv", "--k", "5");
	PARSE_FAILS("--k: expected a whole number >= 2, got 1", "d.csv", "--quasi-identifiers", "zip", "--k", "1");
	PARSE_FAILS("--k: expected a whole number >= 2, got -5", "d.csv", "--quasi-identifiers", "zip", "--k", "-5");
	PARSE_FAILS("--k: expected a whole number >= 2, got \"2.5\"", "d.csv", "--quasi-identifiers", "zip", "--k",
		    "2.5");
	PARSE_FAILS("--k: expected a whole number >= 2, got \"\"", "d.csv", "--quasi-identifiers", "zip", "--k=");
	PARSE_FAILS("--k: needs a value", "d.csv", "--k");
	PARSE_FAILS("--k: given more than once", "d.csv", "--k", "3", "--k", "4");
	/* --k's name is matched whole: --kk is not --k. */
	PARSE_FAILS("audit: unknown option --kk=3 (see dsaudit --help)", "d.csv", "--kk=3");
}

/* Rules 17-21 from the config file: keys, forms and errors. */
static void test_roles_config(void)
{
	struct audit_config cfg;
	const char *json = "{\"label\": \"y\", \"prediction\": \"p\", \"prediction_positive\": [1, \"yes\"], "
			   "\"gold\": \"g\", \"annotators\": \"r1, r2\", \"id\": \"rid\", "
			   "\"quasi_identifiers\": [\"zip\", \"age\"], \"sensitive\": \"diag\", \"k\": 10.0}";
	if (PARSE_CONFIG_ONLY(&cfg, json)) {
		CHECK_STR(cfg.prediction, "p");
		CHECK_STR(cfg.prediction_positive.text, "1,yes");
		CHECK(positive_spec_match(&cfg.prediction_positive, "1.0", 1, 1));
		CHECK_STR(cfg.gold, "g");
		CHECK_INT(cfg.nannotators, 2);
		CHECK_STR(cfg.annotators[1], "r2");
		CHECK_STR(cfg.id, "rid");
		CHECK_INT(cfg.nquasi, 2);
		CHECK_STR(cfg.sensitive, "diag");
		CHECK_INT(cfg.k, 10);
		CHECK_JSON(&cfg, "{\"label\":\"y\",\"intersections\":2,\"min_group\":30,\"format\":[\"json\"],"
				 "\"prediction\":\"p\",\"prediction_positive\":\"1,yes\",\"gold\":\"g\","
				 "\"annotators\":[\"r1\",\"r2\"],\"id\":\"rid\",\"quasi_identifiers\":[\"zip\",\"age\"],"
				 "\"sensitive\":\"diag\",\"k\":10}");
		config_free(&cfg);
	}
	/* A number as the prediction spec. */
	if (PARSE_CONFIG_ONLY(&cfg, "{\"gold\": \"g\", \"prediction\": \"p\", \"prediction_positive\": 0.5}")) {
		CHECK_STR(cfg.prediction_positive.text, "0.5");
		config_free(&cfg);
	}

	/* Rule 17 from the file. */
	CONFIG_FAILS("{\"prediction\": \"p\"}", ": \"prediction\" needs \"label\" or \"gold\" (or --label or --gold)");
	CONFIG_FAILS("{\"label\": \"y\", \"prediction_positive\": \"1\"}",
		     ": \"prediction_positive\" needs \"prediction\" (or --prediction)");
	CONFIG_FAILS("{\"label\": \"y\", \"prediction\": \"p\", \"prediction_positive\": true}",
		     ": \"prediction_positive\" must be a string, a number or an array of them");
	CONFIG_FAILS("{\"label\": \"y\", \"prediction\": \"p\", \"prediction_positive\": []}",
		     ": \"prediction_positive\": the list is empty");
	CONFIG_FAILS("{\"label\": \"y\", \"prediction\": \"p\", \"prediction_positive\": \"a,\"}",
		     ": \"prediction_positive\": empty item in \"a,\"");
	CONFIG_FAILS("{\"prediction\": 1}", ": \"prediction\" must be a string, not a number");
	CONFIG_FAILS("{\"gold\": [\"g\"]}", ": \"gold\" must be a string, not an array");
	CONFIG_FAILS("{\"id\": null}", ": \"id\" must be a string, not null");
	CONFIG_FAILS("{\"sensitive\": \"\"}", ": \"sensitive\": must not be empty");

	/* Rule 18 from the file: both in the file blames the later; the other is named by its key. */
	CONFIG_FAILS("{\"label\": \"y\", \"gold\": \"y\"}", ": \"gold\": \"y\" is already the \"label\"");
	CONFIG_FAILS("{\"id\": \"a\", \"annotators\": [\"a\", \"b\"]}", ": \"annotators\": \"a\" is already the \"id\"");
	CONFIG_FAILS("{\"annotators\": [\"a\", \"b\"], \"protected\": \"b\"}",
		     ": \"protected\": \"b\" is already in \"annotators\"");

	/* Rule 19 from the file. */
	CONFIG_FAILS("{\"annotators\": \"r1\"}", ": \"annotators\": needs at least two columns (got 1)");
	CONFIG_FAILS("{\"annotators\": [\"r1\", \"r1\"]}", ": \"annotators\": \"r1\" is listed twice");
	CONFIG_FAILS("{\"annotators\": [\"r1\", \"\"]}", ": \"annotators\": a column name is empty");
	CONFIG_FAILS("{\"annotators\": []}", ": \"annotators\": the list is empty");
	CONFIG_FAILS("{\"annotators\": [1, 2]}",
		     ": \"annotators\" must be an array of strings or a comma-separated string");

	/* Rule 20 from the file. */
	CONFIG_FAILS("{\"label\": \"y\", \"quasi_identifiers\": [\"y\"]}",
		     ": \"quasi_identifiers\": \"y\" is already the \"label\"");
	CONFIG_FAILS("{\"quasi_identifiers\": \"a,b,a\"}", ": \"quasi_identifiers\": \"a\" is listed twice");
	CONFIG_FAILS("{\"quasi_identifiers\": {}}",
		     ": \"quasi_identifiers\" must be an array of strings or a comma-separated string");
	CONFIG_FAILS("{\"sensitive\": \"d\"}", ": \"sensitive\" needs \"quasi_identifiers\" (or --quasi-identifiers)");
	CONFIG_FAILS("{\"quasi_identifiers\": \"zip\", \"sensitive\": \"zip\"}",
		     ": \"sensitive\": \"zip\" is already in \"quasi_identifiers\"");
	CONFIG_FAILS("{\"k\": 3}", ": \"k\" needs \"quasi_identifiers\" (or --quasi-identifiers)");
	CONFIG_FAILS("{\"quasi_identifiers\": \"zip\", \"k\": 1}", ": \"k\" must be a whole number >= 2");
	CONFIG_FAILS("{\"quasi_identifiers\": \"zip\", \"k\": 2.5}", ": \"k\" must be a whole number >= 2");
	CONFIG_FAILS("{\"quasi_identifiers\": \"zip\", \"k\": \"5\"}", ": \"k\" must be a whole number >= 2");
	CONFIG_FAILS("{\"quasi_identifiers\": \"zip\", \"k\": 1e400}", ": \"k\" must be a whole number >= 2");
}

/* Rule 7 for the new settings, and rule 18's blame across file and flags. */
static void test_roles_merging(void)
{
	struct audit_config cfg;
	const char *json = "{\"label\": \"y\", \"prediction\": \"p\", \"gold\": \"g\", \"annotators\": [\"a\", \"b\", \"c\"], "
			   "\"id\": \"rid\", \"quasi_identifiers\": [\"zip\", \"age\"], \"sensitive\": \"diag\", "
			   "\"k\": 4, \"prediction_positive\": \"1\", \"domain\": {\"age\": [0, 120]}}";
	if (PARSE_CONFIG(&cfg, json, "--prediction", "q", "--annotators", "x,y2", "--quasi-identifiers", "zip", "--k",
			 "7", "--prediction-positive", "yes", "--gold=h", "--id", "row", "--sensitive", "s")) {
		CHECK_STR(cfg.prediction, "q");
		CHECK_STR(cfg.prediction_positive.text, "yes");
		CHECK_STR(cfg.gold, "h");
		CHECK_STR(cfg.id, "row");
		CHECK_STR(cfg.sensitive, "s");
		CHECK_INT(cfg.nannotators, 2); /* a list flag replaces the file's list whole */
		CHECK_STR(cfg.annotators[0], "x");
		CHECK_INT(cfg.nquasi, 1);
		CHECK_INT(cfg.k, 7);
		CHECK_INT(cfg.ndomains, 1); /* config only: kept */
		config_free(&cfg);
	}
	/* Settings the flags leave alone stay as in the file. */
	if (PARSE_CONFIG(&cfg, json, "--label", "z")) {
		CHECK_STR(cfg.label, "z");
		CHECK_STR(cfg.prediction, "p");
		CHECK_INT(cfg.nannotators, 3);
		CHECK_INT(cfg.k, 4);
		config_free(&cfg);
	}
	/* A flag clashing with the file is blamed, and names the file's key. */
	CONFIG_FLAGS_FAIL(json, "--gold: \"y\" is already the \"label\"", "--gold", "y");
	CONFIG_FLAGS_FAIL(json, "--label: \"g\" is already the \"gold\"", "--label", "g");
	CONFIG_FLAGS_FAIL(json, "--id: \"b\" is already in \"annotators\"", "--id", "b");
	CONFIG_FLAGS_FAIL(json, "--quasi-identifiers: \"diag\" is already the \"sensitive\"", "--quasi-identifiers",
			  "zip,diag");
	CONFIG_FLAGS_FAIL(json, "--quasi-identifiers: \"z\" is already the --label", "--label", "z",
			  "--quasi-identifiers", "z");
	/* The file's annotators replaced by a flag no longer clash. */
	if (PARSE_CONFIG(&cfg, json, "--annotators", "m,n", "--id", "a")) {
		CHECK_STR(cfg.id, "a");
		config_free(&cfg);
	}
	/* The file's "k" with the file's quasi-identifiers replaced still stands. */
	CONFIG_FLAGS_FAIL("{\"k\": 3}", ": \"k\" needs \"quasi_identifiers\" (or --quasi-identifiers)", "--label", "y");
	if (PARSE_CONFIG(&cfg, "{\"k\": 3}", "--quasi-identifiers", "zip")) {
		CHECK_INT(cfg.k, 3);
		config_free(&cfg);
	}
	/* The file's prediction_positive needs a prediction, which a flag can give. */
	if (PARSE_CONFIG(&cfg, "{\"label\": \"y\", \"prediction_positive\": \">0\"}", "--prediction", "p")) {
		CHECK(cfg.prediction_positive.is_comparison);
		config_free(&cfg);
	}
}

/* Rule 5 for prediction_positive, and its canonical JSON (rule 22). */
static void test_prediction_named_specs(void)
{
	struct audit_config cfg;
	const char *specs = "{\"label\": \"y\", \"prediction\": \"p\", "
			    "\"positive_specs\": {\"yes\": [\"1\", \"yes\"], \"high\": \">=70\", \"low\": \"<30\"}, "
			    "\"positive\": \"yes\", \"prediction_positive\": \"high\"}";
	if (PARSE_CONFIG_ONLY(&cfg, specs)) {
		CHECK_STR(cfg.prediction_positive_name, "high");
		CHECK(cfg.prediction_positive.is_comparison);
		CHECK_STR(cfg.positive_name, "yes");
		const char *want = "{\"label\":\"y\",\"positive_specs\":{\"high\":\">=70\",\"yes\":\"1,yes\"},"
				   "\"positive\":\"yes\",\"intersections\":2,\"min_group\":30,\"format\":[\"json\"],"
				   "\"prediction\":\"p\",\"prediction_positive\":\"high\"}";
		CHECK_JSON(&cfg, want);
		struct audit_config again;
		if (PARSE_CONFIG_ONLY(&again, want)) {
			CHECK_JSON(&again, want);
			CHECK_STR(again.prediction_positive.text, ">=70");
			config_free(&again);
		}
		config_free(&cfg);
	}
	/* --prediction-positive names a spec of the file; the same name for both prints once. */
	if (PARSE_CONFIG(&cfg, specs, "--prediction-positive", "yes")) {
		CHECK_STR(cfg.prediction_positive_name, "yes");
		CHECK_JSON(&cfg, "{\"label\":\"y\",\"positive_specs\":{\"yes\":\"1,yes\"},\"positive\":\"yes\","
				 "\"intersections\":2,\"min_group\":30,\"format\":[\"json\"],\"prediction\":\"p\","
				 "\"prediction_positive\":\"yes\"}");
		config_free(&cfg);
	}
	/* Only the prediction named: positive_specs still prints, at its place. */
	if (PARSE_CONFIG(&cfg, specs, "--positive", "1", "--prediction-positive", "low")) {
		CHECK(cfg.positive_name == NULL);
		CHECK_JSON(&cfg, "{\"label\":\"y\",\"positive_specs\":{\"low\":\"<30\"},\"positive\":\"1\","
				 "\"intersections\":2,\"min_group\":30,\"format\":[\"json\"],\"prediction\":\"p\","
				 "\"prediction_positive\":\"low\"}");
		config_free(&cfg);
	}
	/* An unnamed spec whose text is a printed name (a config array) prints as an array, so it is not
	 * read back as the name. */
	const char *clash = "{\"label\": \"y\", \"prediction\": \"p\", \"positive_specs\": {\"yes\": \"1\"}, "
			    "\"positive\": [\"yes\"], \"prediction_positive\": \"yes\"}";
	if (PARSE_CONFIG_ONLY(&cfg, clash)) {
		CHECK(cfg.positive_name == NULL);
		CHECK_STR(cfg.positive.text, "yes");
		const char *want = "{\"label\":\"y\",\"positive_specs\":{\"yes\":\"1\"},\"positive\":[\"yes\"],"
				   "\"intersections\":2,\"min_group\":30,\"format\":[\"json\"],\"prediction\":\"p\","
				   "\"prediction_positive\":\"yes\"}";
		CHECK_JSON(&cfg, want);
		struct audit_config again;
		if (PARSE_CONFIG_ONLY(&again, want)) {
			CHECK_JSON(&again, want);
			CHECK_STR(again.positive.text, "yes");
			CHECK_STR(again.prediction_positive.text, "1");
			config_free(&again);
		}
		config_free(&cfg);
	}
	/* The other way round: the prediction's literal text equals the label's spec name. */
	if (PARSE_CONFIG_ONLY(&cfg, "{\"label\": \"y\", \"prediction\": \"p\", \"positive_specs\": {\"1\": \"yes\"}, "
				    "\"positive\": \"1\", \"prediction_positive\": 1}")) {
		CHECK_STR(cfg.prediction_positive.text, "1");
		CHECK(cfg.prediction_positive_name == NULL);
		CHECK_JSON(&cfg, "{\"label\":\"y\",\"positive_specs\":{\"1\":\"yes\"},\"positive\":\"1\","
				 "\"intersections\":2,\"min_group\":30,\"format\":[\"json\"],\"prediction\":\"p\","
				 "\"prediction_positive\":[\"1\"]}");
		config_free(&cfg);
	}
}

/* Rule 21: "domain" forms, canonical JSON, round trip, errors. */
static void test_domain(void)
{
	struct audit_config cfg;
	const char *json = "{\"domain\": {\"sex\": [\"F\", \"M\", \"X\"], \"age\": [0, 120], \"code\": [\"1\", \"2\"], "
			   "\"score\": [1, \"2\", 3.50, -0.25], \"one\": [7], \"w\": [0.5, 99.25], \"pt\": [5, 5], "
			   "\"mix\": [2, \"x\"]}}";
	if (!PARSE_CONFIG_ONLY(&cfg, json))
		return;
	CHECK_INT(cfg.ndomains, 8);
	const char *order[] = {"age", "code", "mix", "one", "pt", "score", "sex", "w"}; /* sorted by column */
	for (size_t i = 0; i < 8 && i < cfg.ndomains; i++)
		CHECK_STR(cfg.domains[i].column, order[i]);
	const struct domain *age = &cfg.domains[0], *code = &cfg.domains[1], *score = &cfg.domains[5],
			    *sex = &cfg.domains[6], *pt = &cfg.domains[4], *one = &cfg.domains[3];
	CHECK(age->is_range && age->lo == 0 && age->hi == 120 && age->nvalues == 0);
	CHECK(!code->is_range && code->nvalues == 2 && code->numeric[0] && code->numbers[1] == 2);
	CHECK(!one->is_range && one->nvalues == 1);
	CHECK(pt->is_range && pt->lo == 5 && pt->hi == 5);
	CHECK_INT(score->nvalues, 4);
	CHECK_STR(score->values[2], "3.5");
	CHECK(!score->quoted[0] && score->quoted[1]);
	CHECK_INT(sex->nvalues, 3);
	CHECK(!sex->numeric[0]);
	const char *want = "{\"intersections\":2,\"min_group\":30,\"format\":[\"json\"],"
			   "\"domain\":{\"age\":[0,120],\"code\":[\"1\",\"2\"],\"mix\":[2,\"x\"],\"one\":[7],"
			   "\"pt\":[5,5],\"score\":[1,\"2\",3.5,-0.25],\"sex\":[\"F\",\"M\",\"X\"],\"w\":[0.5,99.25]}}";
	CHECK_JSON(&cfg, want);
	struct audit_config again;
	if (PARSE_CONFIG_ONLY(&again, want)) {
		CHECK_JSON(&again, want);
		CHECK(again.domains[1].is_range == 0 && again.domains[7].is_range == 1);
		config_free(&again);
	}

	/* domain_contains: a range holds numbers only, inclusive. */
	CHECK(domain_contains(age, "0", 1, 0));
	CHECK(domain_contains(age, "120", 1, 120));
	CHECK(domain_contains(age, "37.5", 1, 37.5));
	CHECK(!domain_contains(age, "120.5", 1, 120.5));
	CHECK(!domain_contains(age, "-1", 1, -1));
	CHECK(!domain_contains(age, "50", 0, 0)); /* a text value is outside, even "50" */
	CHECK(!domain_contains(age, "old", 0, 0));
	CHECK(!domain_contains(age, NULL, 1, NAN));
	CHECK(domain_contains(pt, "5", 1, 5));
	CHECK(!domain_contains(pt, "5.01", 1, 5.01));
	/* A list: byte-equal text, or equal numbers (rule 4). */
	CHECK(domain_contains(sex, "F", 0, 0));
	CHECK(!domain_contains(sex, "f", 0, 0));
	CHECK(!domain_contains(sex, "", 0, 0));
	CHECK(!domain_contains(sex, NULL, 0, 0));
	CHECK(domain_contains(code, "1", 1, 1));
	CHECK(domain_contains(code, "1.0", 1, 1)); /* "1" listed as a string still holds the number 1 */
	CHECK(domain_contains(code, "1", 0, 0));    /* and the text "1" */
	CHECK(!domain_contains(code, "1.0", 0, 0)); /* but not the text "1.0" */
	CHECK(!domain_contains(code, "1.5", 1, 1.5)); /* a list of two numeric codes is not a range */
	CHECK(domain_contains(score, "3.50", 1, 3.5));
	CHECK(domain_contains(score, "2", 1, 2));
	CHECK(domain_contains(score, "-.25", 1, -0.25));
	CHECK(!domain_contains(score, "1.5", 1, 1.5));
	CHECK(domain_contains(one, "7", 1, 7));
	CHECK(!domain_contains(one, "nan", 1, NAN));
	config_free(&cfg);

	/* A domain built by hand (the struct is public). */
	char *values[] = {"a", "10"};
	int numeric[] = {0, 1};
	double numbers[] = {0, 10};
	struct domain d = {.column = "c", .values = values, .nvalues = 2, .numeric = numeric, .numbers = numbers};
	CHECK(domain_contains(&d, "a", 0, 0));
	CHECK(domain_contains(&d, "1e1", 1, 10));
	CHECK(!domain_contains(&d, "b", 0, 0));

	/* Errors. */
	CONFIG_FAILS("{\"domain\": [1]}",
		     ": \"domain\" must be an object mapping columns to [lo, hi] ranges or arrays of allowed values");
	CONFIG_FAILS("{\"domain\": {\"age\": \"0-120\"}}",
		     ": \"domain\".\"age\" must be an array: [lo, hi] or a list of allowed values");
	CONFIG_FAILS("{\"domain\": {\"age\": {\"lo\": 0}}}",
		     ": \"domain\".\"age\" must be an array: [lo, hi] or a list of allowed values");
	CONFIG_FAILS("{\"domain\": {\"age\": []}}", ": \"domain\".\"age\": the list is empty");
	CONFIG_FAILS("{\"domain\": {\"age\": [120, 0]}}", ": \"domain\".\"age\": the range [120, 0] has lo > hi");
	CONFIG_FAILS("{\"domain\": {\"age\": [0, 1e400]}}",
		     ": \"domain\".\"age\": the bounds of a range must be finite numbers");
	CONFIG_FAILS("{\"domain\": {\"sex\": [\"F\", null]}}",
		     ": \"domain\".\"sex\" must be [lo, hi] or an array of strings and finite numbers");
	CONFIG_FAILS("{\"domain\": {\"sex\": [\"F\", [\"M\"]]}}",
		     ": \"domain\".\"sex\" must be [lo, hi] or an array of strings and finite numbers");
	CONFIG_FAILS("{\"domain\": {\"x\": [1, 2, 1e400]}}",
		     ": \"domain\".\"x\" must be [lo, hi] or an array of strings and finite numbers");
	CONFIG_FAILS("{\"domain\": {\"x\": [true, false]}}",
		     ": \"domain\".\"x\" must be [lo, hi] or an array of strings and finite numbers");
	CONFIG_FAILS("{\"domain\": {\"sex\": [\"F\", \"\"]}}", ": \"domain\".\"sex\": an allowed value is empty");
	CONFIG_FAILS("{\"domain\": {\"sex\": [\"F\", \"M\", \"F\"]}}", ": \"domain\".\"sex\": \"F\" is listed twice");
	CONFIG_FAILS("{\"domain\": {\"c\": [1, 2, 1.0]}}", ": \"domain\".\"c\": 1 is listed twice");
	CONFIG_FAILS("{\"domain\": {\"c\": [1, \"1\"]}}", ": \"domain\".\"c\": \"1\" is listed twice");
	CONFIG_FAILS("{\"domain\": {\"c\": [\"1.0\", 1]}}", ": \"domain\".\"c\": \"1.0\" and 1 are the same number");
	CONFIG_FAILS("{\"domain\": {\"c\": [\"2\", \"x\", \"2e0\"]}}",
		     ": \"domain\".\"c\": \"2\" and \"2e0\" are the same number");
	CONFIG_FAILS("{\"domain\": {\"\": [1]}}", ": \"domain\": the column name is empty");
	CONFIG_FAILS("{\"domain\": {\"a\": [1], \"a\": [2]}}", ": key \"a\" appears twice in \"domain\"");
	/* Config only: no flag. */
	PARSE_FAILS("audit: unknown option --domain (see dsaudit --help)", "d.csv", "--domain", "age=0,120");
	/* An empty object is no domain. */
	if (PARSE_CONFIG_ONLY(&cfg, "{\"domain\": {}}")) {
		CHECK_INT(cfg.ndomains, 0);
		CHECK_JSON(&cfg, "{\"intersections\":2,\"min_group\":30,\"format\":[\"json\"]}");
		config_free(&cfg);
	}
}

/* Rule 22: the new keys in config_check_columns. */
static void test_roles_columns(void)
{
	struct audit_config cfg;
	struct audit_err err = {0};
	const char *columns[] = {"rid", "y", "p", "g", "r1", "r2", "zip", "age", "diag"};
	const char *json = "{\"label\": \"y\", \"prediction\": \"p\", \"gold\": \"g\", \"annotators\": \"r1,r2\", "
			   "\"id\": \"rid\", \"quasi_identifiers\": \"zip,age\", \"sensitive\": \"diag\", "
			   "\"domain\": {\"age\": [0, 120], \"diag\": [\"a\"]}}";
	if (PARSE_CONFIG_ONLY(&cfg, json)) {
		CHECK_INT(config_check_columns(&cfg, columns, 9, &err), AUDIT_OK);
		config_free(&cfg);
	}
	static const struct {
		const char *json, *want;
	} cases[] = {
		{"{\"label\": \"y\", \"prediction\": \"P\"}", "prediction: no column named \"P\" (did you mean \"p\"?)"},
		{"{\"gold\": \"truth\"}", "gold: no column named \"truth\""},
		{"{\"annotators\": [\"r1\", \"r3\"]}", "annotators: no column named \"r3\""},
		{"{\"id\": \"ID\"}", "id: no column named \"ID\""},
		{"{\"quasi_identifiers\": [\"zip\", \"city\"]}", "quasi_identifiers: no column named \"city\""},
		{"{\"quasi_identifiers\": \"zip\", \"sensitive\": \"disease\"}", "sensitive: no column named \"disease\""},
		{"{\"domain\": {\"age\": [0, 1], \"sex\": [\"F\"]}}", "domain: no column named \"sex\""},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (!PARSE_CONFIG_ONLY(&cfg, cases[i].json))
			continue;
		char want[512];
		snprintf(want, sizeof want, "%s; the columns are: rid, y, p, g, r1, r2, zip, age, diag", cases[i].want);
		CHECK_INT(config_check_columns(&cfg, columns, 9, &err), AUDIT_EUSAGE);
		CHECK_STR(err.msg, want);
		config_free(&cfg);
	}
}

/* Rule 23: --strict and --gate-only, as flags and keys; flags turn them on over the file. */
static void test_gate_switches(void)
{
	struct audit_config cfg;
	if (PARSE_OK(&cfg, "d.csv")) {
		CHECK(cfg.strict == 0 && cfg.gate_only == 0 && cfg.policy_defaults == 1);
		CHECK(cfg.policy == NULL && cfg.npolicy == 0);
		config_free(&cfg);
	}
	if (PARSE_OK(&cfg, "d.csv", "--strict", "--gate-only")) {
		CHECK(cfg.strict == 1 && cfg.gate_only == 1);
		/* Rule 25: strict changes what is decided, gate_only only how the run looks. */
		CHECK_JSON(&cfg, "{\"intersections\":2,\"min_group\":30,\"format\":[\"json\"],\"strict\":true}");
		config_free(&cfg);
	}
	PARSE_FAILS("--strict: takes no value", "d.csv", "--strict=yes");
	PARSE_FAILS("--gate-only: takes no value", "d.csv", "--gate-only=1");
	PARSE_FAILS("--strict: given more than once", "d.csv", "--strict", "--strict");
	/* "--strict" is a switch: the next word is the data, not its value. */
	if (PARSE_OK(&cfg, "--strict", "d.csv")) {
		CHECK_STR(cfg.data, "d.csv");
		CHECK_INT(cfg.strict, 1);
		config_free(&cfg);
	}
	if (PARSE_CONFIG_ONLY(&cfg, "{\"strict\": true, \"gate_only\": true, \"policy_defaults\": false}")) {
		CHECK(cfg.strict == 1 && cfg.gate_only == 1 && cfg.policy_defaults == 0);
		CHECK_JSON(&cfg, "{\"intersections\":2,\"min_group\":30,\"format\":[\"json\"],\"strict\":true,"
				 "\"policy_defaults\":false}");
		config_free(&cfg);
	}
	if (PARSE_CONFIG(&cfg, "{\"strict\": false, \"gate_only\": false}", "--strict", "--gate-only")) {
		CHECK(cfg.strict == 1 && cfg.gate_only == 1);
		config_free(&cfg);
	}
	if (PARSE_CONFIG_ONLY(&cfg, "{\"strict\": false, \"policy_defaults\": true}")) {
		CHECK(cfg.strict == 0 && cfg.policy_defaults == 1);
		CHECK_JSON(&cfg, "{\"intersections\":2,\"min_group\":30,\"format\":[\"json\"]}");
		config_free(&cfg);
	}
	CONFIG_FAILS("{\"strict\": \"yes\"}", ": \"strict\" must be true or false, not a string");
	CONFIG_FAILS("{\"gate_only\": 1}", ": \"gate_only\" must be true or false, not a number");
	CONFIG_FAILS("{\"policy_defaults\": null}", ": \"policy_defaults\" must be true or false, not null");
}

/* Rule 24: every key of a rule, band as min and max, null fields; rule 25: the canonical JSON reads back. */
static void test_policy(void)
{
	struct audit_config cfg;
	const char *json =
		"{\"policy\": [{\"metric\": \"disparate_impact\", \"band\": [0.7, 1.43], \"name\": \"loose DI\"},"
		" {\"metric\": \"pii_*\", \"max\": 0.5, \"share\": true, \"severity\": \"warn\", \"insufficient\": \"fail\","
		" \"column\": \"notes\"},"
		" {\"metric\": \"krippendorff_alpha\", \"min\": 0.8, \"attribute\": null, \"group\": \"F\", \"share\": false,"
		" \"insufficient\": \"warn\", \"severity\": \"fail\"},"
		" {\"metric\": \"missing_rate\", \"min\": -1, \"max\": 1e-3, \"insufficient\": \"pass\"}]}";
	if (!PARSE_CONFIG_ONLY(&cfg, json))
		return;
	CHECK_INT(cfg.npolicy, 4);
	if (cfg.npolicy == 4) {
		const struct gate_rule *r = cfg.policy;
		CHECK_STR(r[0].metric, "disparate_impact");
		CHECK_STR(r[0].name, "loose DI");
		CHECK(r[0].has_min && r[0].has_max && r[0].min == 0.7 && r[0].max == 1.43);
		CHECK(!r[0].share && r[0].severity == STATUS_FAIL && r[0].insufficient == STATUS_INSUFFICIENT);
		CHECK(!r[0].attribute.given && !r[0].group.given && !r[0].column.given);
		CHECK_STR(r[1].metric, "pii_*");
		CHECK(!r[1].has_min && r[1].has_max && r[1].max == 0.5 && r[1].share);
		CHECK(r[1].severity == STATUS_WARN && r[1].insufficient == STATUS_FAIL);
		CHECK(r[1].column.given && r[1].column.value && strcmp(r[1].column.value, "notes") == 0);
		CHECK(r[2].attribute.given && r[2].attribute.value == NULL);
		CHECK(r[2].group.given && strcmp(r[2].group.value, "F") == 0);
		CHECK(r[2].insufficient == STATUS_WARN && !r[2].share && r[2].name == NULL);
		CHECK(r[3].min == -1 && r[3].max == 0.001);
	}
	const char *canonical =
		"{\"intersections\":2,\"min_group\":30,\"format\":[\"json\"],\"policy\":["
		"{\"metric\":\"disparate_impact\",\"name\":\"loose DI\",\"min\":0.7,\"max\":1.43,\"severity\":\"fail\","
		"\"insufficient\":\"pass\"},"
		"{\"metric\":\"pii_*\",\"column\":\"notes\",\"max\":0.5,\"share\":true,\"severity\":\"warn\","
		"\"insufficient\":\"fail\"},"
		"{\"metric\":\"krippendorff_alpha\",\"attribute\":null,\"group\":\"F\",\"min\":0.8,\"severity\":\"fail\","
		"\"insufficient\":\"warn\"},"
		"{\"metric\":\"missing_rate\",\"min\":-1,\"max\":0.001,\"severity\":\"fail\",\"insufficient\":\"pass\"}]}";
	CHECK_JSON(&cfg, canonical);
	char *printed = config_to_json(&cfg);
	config_free(&cfg);
	/* Rule 16: what is printed reads back as the same configuration. */
	if (PARSE_CONFIG_ONLY(&cfg, printed)) {
		CHECK_JSON(&cfg, canonical);
		config_free(&cfg);
	}
	free(printed);

	/* An empty policy: no configured rule, nothing printed. */
	if (PARSE_CONFIG_ONLY(&cfg, "{\"policy\": []}")) {
		CHECK_INT(cfg.npolicy, 0);
		CHECK_JSON(&cfg, "{\"intersections\":2,\"min_group\":30,\"format\":[\"json\"]}");
		config_free(&cfg);
	}
	/* Text is kept exactly, escaped in the JSON. */
	if (PARSE_CONFIG_ONLY(&cfg, "{\"policy\": [{\"metric\": \"label_rate\", \"group\": \"a\\\"b\", \"min\": 0}]}")) {
		CHECK_JSON(&cfg, "{\"intersections\":2,\"min_group\":30,\"format\":[\"json\"],\"policy\":["
				 "{\"metric\":\"label_rate\",\"group\":\"a\\\"b\",\"min\":0,\"severity\":\"fail\","
				 "\"insufficient\":\"pass\"}]}");
		config_free(&cfg);
	}
}

/* Rule 24: the errors, each naming the rule by its index from 0. */
static void test_policy_errors(void)
{
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"disparate_impact\", \"min\": 0.8}, {\"metric\": \"k_anonymity\", "
		     "\"min\": 5}, {\"metric\": \"foo\", \"max\": 1}]}",
		     ": \"policy\"[2]: unknown metric \"foo\"");
	CONFIG_FAILS("{\"policy\": {\"metric\": \"disparate_impact\"}}", ": \"policy\" must be an array of rules, not an object");
	CONFIG_FAILS("{\"policy\": [\"disparate_impact\"]}", ": \"policy\"[0] must be an object (a rule), not a string");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"disparate_impact\", \"min\": 0.8, \"threshold\": 1}]}",
		     ": \"policy\"[0]: unknown key \"threshold\" (known keys: metric, name, attribute, group, column, min, "
		     "max, band, share, severity, insufficient)");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"disparate_impact\", \"Min\": 0.8}]}",
		     ": \"policy\"[0]: unknown key \"Min\" (did you mean \"min\"? known keys: metric, name, attribute, group, "
		     "column, min, "
		     "max, band, share, severity, insufficient)");
	CONFIG_FAILS("{\"policy\": [{\"min\": 0.8}]}", ": \"policy\"[0]: \"metric\" is required");
	CONFIG_FAILS("{\"policy\": [{\"metric\": [\"pii_email\"], \"min\": 0.8}]}",
		     ": \"policy\"[0]: \"metric\" must be a string, not an array");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"pii_\", \"max\": 0}]}", ": \"policy\"[0]: unknown metric \"pii_\"");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"Disparate_Impact\", \"max\": 0}]}",
		     ": \"policy\"[0]: unknown metric \"Disparate_Impact\"");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"disparate_impact\", \"min\": 0.8, \"name\": \"\"}]}",
		     ": \"policy\"[0]: \"name\" must be a non-empty string");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"disparate_impact\", \"min\": 0.8, \"attribute\": 1}]}",
		     ": \"policy\"[0]: \"attribute\" must be a string or null, not a number");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"disparate_impact\", \"min\": 0.8, \"group\": \"\"}]}",
		     ": \"policy\"[0]: \"group\" must not be empty");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"disparate_impact\", \"min\": \"0.8\"}]}",
		     ": \"policy\"[0]: \"min\" must be a finite number");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"disparate_impact\", \"max\": 1e999}]}",
		     ": \"policy\"[0]: \"max\" must be a finite number");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"disparate_impact\"}]}",
		     ": \"policy\"[0]: no bound: give \"min\", \"max\" or \"band\"");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"disparate_impact\", \"min\": 2, \"max\": 1}]}",
		     ": \"policy\"[0]: the bounds [2, 1] have lo > hi");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"disparate_impact\", \"band\": [1.25, 0.8]}]}",
		     ": \"policy\"[0]: the bounds [1.25, 0.8] have lo > hi");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"disparate_impact\", \"band\": [0.8]}]}",
		     ": \"policy\"[0]: \"band\" must be [lo, hi], two finite numbers");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"disparate_impact\", \"band\": [0.8, \"1.25\"]}]}",
		     ": \"policy\"[0]: \"band\" must be [lo, hi], two finite numbers");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"disparate_impact\", \"band\": \"0.8,1.25\"}]}",
		     ": \"policy\"[0]: \"band\" must be [lo, hi], two finite numbers");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"disparate_impact\", \"band\": [0.8, 1.25], \"max\": 2}]}",
		     ": \"policy\"[0]: \"band\" cannot be given with \"min\" or \"max\"");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"duplicate_rows\", \"max\": 0.01, \"share\": 1}]}",
		     ": \"policy\"[0]: \"share\" must be true or false, not a number");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"duplicate_rows\", \"max\": 0.01, \"severity\": \"error\"}]}",
		     ": \"policy\"[0]: \"severity\" must be \"fail\" or \"warn\", not \"error\"");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"duplicate_rows\", \"max\": 0.01, \"severity\": \"insufficient\"}]}",
		     ": \"policy\"[0]: \"severity\" must be \"fail\" or \"warn\", not \"insufficient\"");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"duplicate_rows\", \"max\": 0.01, \"insufficient\": \"skip\"}]}",
		     ": \"policy\"[0]: \"insufficient\" must be \"pass\", \"warn\" or \"fail\", not \"skip\"");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"duplicate_rows\", \"max\": 0.01, \"insufficient\": false}]}",
		     ": \"policy\"[0]: \"insufficient\" must be \"pass\", \"warn\" or \"fail\", not a boolean");
	CONFIG_FAILS("{\"policy\": [{\"metric\": \"duplicate_rows\", \"max\": 0.01, \"max\": 0.02}]}",
		     ": key \"max\" appears twice");
}

/* Rule 11: --bins COL=quartiles, from a flag and from the file; only a protected attribute is binned. */
static void test_bins_quartiles(void)
{
	struct audit_config cfg;
	struct audit_err err = {0};
	const char *columns[] = {"id", "sex", "age", "income"};
	if (PARSE_OK(&cfg, "d.csv", "--protected", "sex,age", "--bins", "age=quartiles")) {
		CHECK_INT(cfg.nbins, 1);
		CHECK(cfg.bins[0].quartiles && cfg.bins[0].edges == NULL && cfg.bins[0].n == 0);
		CHECK_JSON(&cfg, "{\"protected\":[\"sex\",\"age\"],\"intersections\":2,\"min_group\":30,"
				 "\"bins\":{\"age\":\"quartiles\"},\"format\":[\"json\"]}");
		CHECK_INT(config_check_columns(&cfg, columns, 4, &err), AUDIT_OK);
		config_free(&cfg);
	}
	if (PARSE_CONFIG_ONLY(&cfg, "{\"protected\": [\"age\"], \"bins\": {\"age\": \"quartiles\"}}")) {
		CHECK(cfg.nbins == 1 && cfg.bins[0].quartiles);
		config_free(&cfg);
	}
	PARSE_FAILS("--bins: \"age\" is binned twice", "d.csv", "--protected", "age", "--bins", "age=quartiles",
		    "--bins", "age=30");
	if (PARSE_OK(&cfg, "d.csv", "--protected", "sex", "--bins", "income=10")) {
		CHECK_INT(config_check_columns(&cfg, columns, 4, &err), AUDIT_EUSAGE);
		CHECK_STR(err.msg, "bins: \"income\" is not a protected attribute (protected: sex)");
		config_free(&cfg);
	}
	if (PARSE_OK(&cfg, "d.csv", "--bins", "income=quartiles")) {
		CHECK_INT(config_check_columns(&cfg, columns, 4, &err), AUDIT_EUSAGE);
		CHECK_STR(err.msg, "bins: \"income\" is not a protected attribute (none are given)");
		config_free(&cfg);
	}
}

/* config_text.h N1-N3. */
static void test_nearest(void)
{
	/* Levenshtein's classic pairs (Wikipedia, "Levenshtein distance"): kitten/sitting 3, flaw/lawn 2. */
	CHECK_INT(cfg_edit_distance("kitten", "sitting"), 3);
	CHECK_INT(cfg_edit_distance("flaw", "lawn"), 2);
	CHECK_INT(cfg_edit_distance("", "abc"), 3);
	CHECK_INT(cfg_edit_distance("Sex", "sex"), 0); /* N1: ASCII case is ignored */
	const char *cols[] = {"age", "workclass", "education", "income-per-year", "sex", "race", "hours-per-week"};
	const char *near[CFG_NEAREST_MAX];
	size_t n = cfg_nearest("income", cols, 7, near); /* inside a longer name (N2) */
	CHECK_INT(n, 1);
	CHECK_STR(near[0], "income-per-year");
	n = cfg_nearest("eduction", cols, 7, near); /* one deletion */
	CHECK_INT(n, 1);
	CHECK_STR(near[0], "education");
	n = cfg_nearest("Race", cols, 7, near); /* a case slip first, then "age" (distance 2 > 1 for 4 bytes: not near) */
	CHECK_INT(n, 1);
	CHECK_STR(near[0], "race");
	n = cfg_nearest("x", cols, 7, near); /* 1-2 bytes: only a case slip */
	CHECK_INT(n, 0);
	const char *many[] = {"rate1", "rate2", "rate3", "rate4", "rat"};
	n = cfg_nearest("rate", many, 5, near); /* N3: at most three, by distance, ties in order */
	CHECK_INT(n, 3);
	CHECK_STR(near[0], "rate1");
	CHECK_STR(near[1], "rate2");
	CHECK_STR(near[2], "rate3");
	struct audit_config cfg;
	struct audit_err err = {0};
	const char *adult[] = {"age", "income-per-year", "sex"};
	if (PARSE_OK(&cfg, "d.csv", "--label", "income")) {
		CHECK_INT(config_check_columns(&cfg, adult, 3, &err), AUDIT_EUSAGE);
		CHECK_STR(err.msg, "label: no column named \"income\" (did you mean \"income-per-year\"?); the columns are: "
				   "age, income-per-year, sex");
		config_free(&cfg);
	}
}

/* typecheck.h T4: numpy.quantile's default "linear" method (Hyndman-Fan type 7, R's default too). */
static void test_quantile(void)
{
	/* numpy docs, numpy.quantile: a = [[10, 7, 4], [3, 2, 1]]; np.quantile(a, 0.5) = 3.5 */
	const double a[] = {1, 2, 3, 4, 7, 10};
	CHECK_NEAR(typecheck_quantile(a, 6, 0.5), 3.5, 1e-15);
	/* R 4.2: quantile(1:4) = 1.75 2.50 3.25; the same in numpy: np.quantile([1,2,3,4], [.25,.5,.75]) */
	const double b[] = {1, 2, 3, 4};
	CHECK_NEAR(typecheck_quantile(b, 4, 0.25), 1.75, 1e-15);
	CHECK_NEAR(typecheck_quantile(b, 4, 0.5), 2.5, 1e-15);
	CHECK_NEAR(typecheck_quantile(b, 4, 0.75), 3.25, 1e-15);
	/* R 4.2: quantile(1:10, 0.9) = 9.1; the t >= 0.5 branch: quantile(c(0, 10), 0.7) = 7 */
	const double c[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	CHECK_NEAR(typecheck_quantile(c, 10, 0.9), 9.1, 1e-15);
	const double d[] = {0, 10};
	CHECK_NEAR(typecheck_quantile(d, 2, 0.7), 7, 1e-15);
	CHECK_NEAR(typecheck_quantile(d, 1, 0.5), 0, 0); /* one value: itself */
	CHECK_NEAR(typecheck_quantile(c, 10, 1), 10, 0);
	CHECK_NEAR(typecheck_quantile(c, 10, 0), 1, 0);
	/* numpy.median and R's median: median(c(1, 2, 3, 4)) = 2.5, median(c(1, 2, 3, 4, 7, 10)) = 3.5, median(1:3) = 2 */
	CHECK_NEAR(typecheck_median(b, 4), 2.5, 0);
	CHECK_NEAR(typecheck_median(a, 6), 3.5, 0);
	CHECK_NEAR(typecheck_median(c, 3), 2, 0);
}

/* count.h rule 4: the default coding of an outcome without a spec; with one, the spec decides. */
static void test_default_coding(void)
{
	CHECK_INT(positive_code(NULL, "1.0", 1, 1.0), 1);
	CHECK_INT(positive_code(NULL, "0.0", 1, 0.0), 0);
	CHECK_INT(positive_code(NULL, "2", 1, 2.0), -1);
	CHECK_INT(positive_code(NULL, "YES", 0, 0), 1);
	CHECK_INT(positive_code(NULL, "No", 0, 0), 0);
	CHECK_INT(positive_code(NULL, "True", 0, 0), 1);
	CHECK_INT(positive_code(NULL, "false", 0, 0), 0);
	CHECK_INT(positive_code(NULL, "y", 0, 0), -1);
	CHECK_INT(positive_code(NULL, "yess", 0, 0), -1);
	CHECK_INT(positive_code(NULL, NULL, 0, 0), -1);
	struct positive_spec spec;
	struct audit_err err = {0};
	if (positive_spec_parse("2", &spec, &err) == AUDIT_OK) {
		CHECK_INT(positive_code(&spec, "2", 1, 2.0), 1);
		CHECK_INT(positive_code(&spec, "1", 1, 1.0), 0); /* the spec decides: 1 is not positive here */
		positive_spec_free(&spec);
	}
}

void test_config(void)
{
	test_bins_quartiles();
	test_nearest();
	test_quantile();
	test_default_coding();
	test_defaults();
	test_every_flag();
	test_flag_details();
	test_flag_errors();
	test_positive_parse();
	test_positive_match();
	test_config_file_keys();
	test_config_value_forms();
	test_flags_override_file();
	test_config_errors();
	test_check_columns();
	test_roles_accepted();
	test_roles_errors();
	test_roles_config();
	test_roles_merging();
	test_prediction_named_specs();
	test_domain();
	test_roles_columns();
	test_gate_switches();
	test_policy();
	test_policy_errors();
}
