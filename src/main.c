/*
 * main.c — the dsaudit command line: subcommands, option parsing, and the
 * one place where errors are printed and turned into exit statuses
 * (0 pass, 1 gate failed, 2 usage or bad input, 3 environment error).
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "config.h"
#include "diff.h"
#include "history.h"
#include "infer.h"
#include "load.h"
#include "stats.h"
#include "store.h"
#include "util.h"

static const char usage_text[] =
	"usage: dsaudit <command> [options]\n"
	"\n"
	"Commands:\n"
	"  audit DATA [options]  load DATA, compute its bias metrics, store and report them;\n"
	"                        DATA may be a table audited where it is, named with --table T:\n"
	"                        sqlite:PATH, postgresql://USER@HOST:PORT/DB, clickhouse://USER@HOST:PORT/DB\n"
	"  audit --counts DIR --table T --columns SPEC [options]\n"
	"                        audit from the results of the counting queries, run elsewhere\n"
	"  sql --dialect D --table T --columns SPEC [options]\n"
	"                        print the counting queries of an audit, to run where the table is\n"
	"  load DATA --db FILE   store DATA (CSV, JSON Lines or JSON) as a new dataset version\n"
	"  history --db FILE     list the stored versions and their audits\n"
	"  accept --db FILE REF  mark a stored version as accepted (NAME@accepted)\n"
	"  diff --db FILE OLD NEW  drift between two stored versions, reported like an audit\n"
	"\n"
	"Options of audit:\n"
	"  --label COL           the label column (without it, selection is not audited)\n"
	"  --positive SPEC       positive label values (1 or Medium,High) or a comparison (>=70);\n"
	"                        needed unless the label is 0/1, true/false, yes/no or text of 3+ values\n"
	"  --protected COLS      comma-separated protected attributes\n"
	"  --intersections N     largest intersection of protected attributes (default 2; 1 = none)\n"
	"  --reference A=V       reference group V of attribute or intersection A ('race*sex=White*F';\n"
	"                        default: the attributes' references combined, else the largest group)\n"
	"  --strata COL          stratify cdd and mantel_haenszel_or by COL\n"
	"  --bins COL=E1,E2,...  group a numeric protected attribute into bins with these edges;\n"
	"                        COL=quartiles: at its quartiles (needed past 20 distinct numbers)\n"
	"  --min-group N         descriptive figures of groups smaller than N are 'insufficient'\n"
	"                        (default 30); comparisons are judged by their evidence at any size\n"
	"  --prediction COL      a model's or screener's decision, compared with the label or --gold\n"
	"  --prediction-positive SPEC  positive prediction values, as for --positive (default: 1 or true)\n"
	"  --gold COL            audited true labels, to check the label and --prediction against\n"
	"  --annotators COLS     comma-separated columns of two or more annotators' labels\n"
	"  --id COL              the row identifier column\n"
	"  --quasi-identifiers COLS  comma-separated quasi-identifiers for k-anonymity\n"
	"  --sensitive COL       sensitive column for l-diversity (needs --quasi-identifiers)\n"
	"  --k N                 k-anonymity threshold (default 5; needs --quasi-identifiers)\n"
	"  --config FILE         JSON configuration (flags override it); see dsaudit(1)\n"
	"  --db FILE             database, never inside OUT (default: $DSAUDIT_DB, else\n"
	"                        $XDG_DATA_HOME/dsaudit/dsaudit.db or ~/.local/share/dsaudit/dsaudit.db)\n"
	"  --no-rows             keep the version's count tables in the database, not its rows\n"
	"  --out DIR             output directory, made with its parents (default: dsaudit-out)\n"
	"  --format LIST         reports to write (default: json)\n"
	"  --strict              a warning fails the gate too (exit 1); the records keep warn\n"
	"  --gate-only           skip the xlsx, png, svg and pdf reports (json, md, junit still written)\n"
	"  --baseline REF        add drift records against a stored version (e.g. NAME@accepted)\n"
	"  --require LIST        families that must be audited, else the gate fails (e.g. selection,privacy)\n"
	"  --name NAME           dataset name (default: DATA's file name without extension)\n"
	"  --table T             the table of an engine's input or of --counts (the default NAME);\n"
	"                        SCHEMA.T names it in a schema (a database, for ClickHouse)\n"
	"  --counts DIR          the counting queries' results, one NAME.tsv each (see dsaudit sql)\n"
	"  --columns SPEC        the table's columns for --counts and sql: \"age integer, sex text, ...\"\n"
	"                        (INT integer, REAL/FLOA/DOUB real, BOOL boolean, else text)\n"
	"  --data-format FMT     csv, jsonl or json (default: from the extension, else the content)\n"
	"  --delimiter C, --na LIST, --no-progress   as for load\n"
	"\n"
	"Options of load:\n"
	"  --db FILE             SQLite database to store into (created if absent)\n"
	"  --name NAME           dataset name (default: DATA's file name without extension)\n"
	"  --format FMT          csv, jsonl or json (default: from the extension, else the content)\n"
	"  --delimiter C         CSV delimiter: , ; | or tab (default: detected)\n"
	"  --na LIST             comma-separated missing-value markers (default: " NA_DEFAULT ")\n"
	"  --no-progress         never draw progress (it is drawn only when stderr is a terminal)\n"
	"\n"
	"Version references (REF, OLD, NEW): a dataset id, NAME@N, NAME@latest or NAME@accepted\n"
	"\n"
	"Options of history:\n"
	"  --db FILE             the database (never created)\n"
	"  --name NAME           only the versions of NAME and their audits\n"
	"  --json                one JSON object {\"versions\": [...], \"audits\": [...]}\n"
	"\n"
	"Options of sql (it prints the queries and connects to nothing):\n"
	"  --dialect D           postgresql, clickhouse, trino, sqlite (\"names\"), spark or bigquery (`names`)\n"
	"  --table T, --columns SPEC, and the audit options that choose what is counted\n"
	"\n"
	"Options of accept:\n"
	"  --db FILE             the database (never created)\n"
	"  --by WHO              who accepts (default: $DSAUDIT_USER, else $USER, else $LOGNAME)\n"
	"\n"
	"Options of diff (it stores nothing):\n"
	"  --db FILE             the database (never created)\n"
	"  --protected, --label, --positive, --bins, --intersections, --min-group, --config\n"
	"                        as for audit; without --protected and --config, the configuration\n"
	"                        of NEW's latest audit, which the other flags override\n"
	"  --out DIR             output directory, made with its parents (default: dsaudit-out)\n"
	"  --format LIST         reports to write (default: json)\n"
	"\n"
	"  -h, --help            show this help\n"
	"  -V, --version         show the version\n"
	"\n"
	"Exit status: 0 success, 1 the gate failed (a failing record, or with --strict a warning), 2 usage\n"
	"error or bad input (nothing stored), "
	"3 environment error such as a full disk (database unchanged). See dsaudit(1).\n";

struct load_cli {
	const char *data, *db, *name, *format, *delimiter, *na;
	int no_progress;
};

/*
 * Matches argv[*i] against --name VALUE or --name=VALUE. Returns 1 and sets
 * *value on a match, 0 when it is another option, -1 when the value is missing.
 */
static int option_value(int argc, char **argv, int *i, const char *name, const char **value)
{
	const char *arg = argv[*i];
	size_t len = strlen(name);
	if (strncmp(arg, name, len) != 0)
		return 0;
	if (arg[len] == '=') {
		*value = arg + len + 1;
		return 1;
	}
	if (arg[len] != '\0')
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*value = argv[++*i];
	return 1;
}

static int parse_load(int argc, char **argv, struct load_cli *cli, struct audit_err *err)
{
	static const char *names[] = {"--db", "--name", "--format", "--delimiter", "--na"};
	memset(cli, 0, sizeof *cli);
	const char **slots[] = {&cli->db, &cli->name, &cli->format, &cli->delimiter, &cli->na};
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		if (strcmp(arg, "--no-progress") == 0) {
			cli->no_progress = 1;
			continue;
		}
		if (arg[0] == '-' && arg[1] != '\0') {
			int matched = 0;
			for (size_t k = 0; k < sizeof names / sizeof names[0] && !matched; k++) {
				matched = option_value(argc, argv, &i, names[k], slots[k]);
				if (matched < 0)
					return audit_fail(err, AUDIT_EUSAGE, "option %s needs a value", names[k]);
			}
			if (!matched)
				return audit_fail(err, AUDIT_EUSAGE, "load: unknown option %s (see dsaudit --help)", arg);
			continue;
		}
		if (cli->data)
			return audit_fail(err, AUDIT_EUSAGE, "load: one data file at a time (got %s and %s)", cli->data, arg);
		cli->data = arg;
	}
	if (!cli->data)
		return audit_fail(err, AUDIT_EUSAGE, "load: no data file given (usage: dsaudit load DATA --db FILE)");
	if (!cli->db)
		return audit_fail(err, AUDIT_EUSAGE, "load: --db FILE is required");
	return AUDIT_OK;
}

static int parse_delimiter(const char *s, char *out, struct audit_err *err)
{
	if (strcmp(s, "tab") == 0 || strcmp(s, "\\t") == 0 || strcmp(s, "\t") == 0)
		*out = '\t';
	else if (strlen(s) == 1 && strchr(",;|", s[0]))
		*out = s[0];
	else
		return audit_fail(err, AUDIT_EUSAGE, "--delimiter: expected one of , ; | tab (got \"%s\")", s);
	return AUDIT_OK;
}

static void print_load_result(const struct load_result *res)
{
	const struct dataset_version *v = &res->version;
	if (res->existed && res->rows_added) {
		printf("already stored as %s@%d (dataset id %lld, loaded %s) without its rows: %lld rows added\n",
		       v->name, v->version, v->id, v->loaded_at, v->rows);
		return;
	}
	if (res->existed) {
		printf("already stored as %s@%d (dataset id %lld, loaded %s): nothing added\n", v->name, v->version,
		       v->id, v->loaded_at);
		return;
	}
	printf("stored %s@%d (dataset id %lld): %lld row%s, %lld column%s, %s\n", v->name, v->version, v->id,
	       v->rows, v->rows == 1 ? "" : "s", v->columns, v->columns == 1 ? "" : "s", v->format);
	printf("sha256 %s\n", v->sha256);
	size_t width = 6;
	for (size_t i = 0; i < res->ncols; i++) {
		size_t w = utf8_display_width(res->cols[i].name);
		if (w > width)
			width = w < 40 ? w : 40;
	}
	printf("  %-*s  %-7s  %s\n", (int)width, "column", "type", "missing");
	for (size_t i = 0; i < res->ncols; i++) {
		const char *name = res->cols[i].name;
		size_t pad = width > utf8_display_width(name) ? width - utf8_display_width(name) : 0;
		printf("  %s%*s  %-7s  %lld\n", name, (int)pad, "", col_type_name(res->cols[i].type),
		       res->cols[i].missing);
	}
}

static int cmd_load(int argc, char **argv, struct audit_err *err)
{
	struct load_cli cli;
	int e = parse_load(argc, argv, &cli, err);
	if (e)
		return e;
	struct load_options opt = {.path = cli.data, .name = cli.name};
	if (cli.format && data_format_parse(cli.format, &opt.format) < 0)
		return audit_fail(err, AUDIT_EUSAGE, "--format: expected csv, jsonl or json (got \"%s\")", cli.format);
	if (cli.delimiter && (e = parse_delimiter(cli.delimiter, &opt.delimiter, err)))
		return e;
	if (cli.name && !*cli.name)
		return audit_fail(err, AUDIT_EUSAGE, "--name: the name must not be empty");
	struct na_list na;
	na_list_parse(&na, cli.na ? cli.na : NA_DEFAULT);
	opt.na = &na;
	opt.progress = !cli.no_progress && isatty(STDERR_FILENO);

	struct strbuf warnings = {0};
	struct load_plan plan;
	struct load_result res;
	struct store *st = NULL;
	memset(&res, 0, sizeof res);
	/* Scan before opening the database, so bad data never even creates it. */
	e = load_scan(&opt, &plan, &warnings, err);
	if (warnings.len)
		fputs(warnings.buf, stderr);
	if (!e)
		e = store_open(cli.db, &st, err);
	if (!e && !(e = store_begin(st, err))) {
		e = load_store(st, &opt, &plan, &res, err);
		e = store_end(st, e, err);
	}
	if (!e)
		print_load_result(&res);
	load_result_free(&res);
	load_plan_free(&plan);
	store_close(st);
	strbuf_free(&warnings);
	na_list_free(&na);
	return e;
}

static int cmd_sql(int argc, char **argv, struct audit_err *err)
{
	int dialect = 0;
	for (int i = 0; i < argc; i++)
		dialect |= strncmp(argv[i], "--dialect", 9) == 0 && (argv[i][9] == '\0' || argv[i][9] == '=');
	if (!dialect)
		return audit_fail(err, AUDIT_EUSAGE, "sql: name the SQL dialect with --dialect (postgresql, clickhouse, "
				  "trino, spark, bigquery or sqlite)");
	struct audit_config cfg;
	int e = config_parse(argc, argv, &cfg, err);
	if (!e)
		e = audit_queries(&cfg, stdout, err);
	config_free(&cfg);
	return e;
}

static int cmd_audit(int argc, char **argv, int *failed, struct audit_err *err)
{
	struct audit_config cfg;
	int e = config_parse(argc, argv, &cfg, err);
	if (!e)
		e = audit_run(&cfg, !cfg.no_progress && isatty(STDERR_FILENO), failed, err);
	config_free(&cfg);
	return e;
}

/*
 * The options of history, accept and diff: --db, their own, and (diff) the
 * counting and report flags passed on to config_parse as given. Values are
 * taken as audit takes them (config.h rule 8): --flag VALUE or --flag=VALUE,
 * a separate value starting with "--" is a missing value, and "--" ends the
 * options.
 */
struct cmd_option {
	const char *name;
	int takes_value;
	int forward;        /* passed on to config_parse (diff) */
	int repeatable;
	const char *value;  /* the last value given (or "" for a flag without one) */
	int seen;
};

struct cmd_args {
	const char *positional[3];
	int npositional;
	char **forward;     /* argc slots */
	int nforward;
};

static int parse_cmd(const char *cmd, int argc, char **argv, struct cmd_option *opts, size_t nopts,
		     struct cmd_args *out, struct audit_err *err)
{
	memset(out, 0, sizeof *out);
	out->forward = xcalloc((size_t)argc + 1, sizeof *out->forward);
	int options_done = 0;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		if (!options_done && strcmp(arg, "--") == 0) {
			options_done = 1;
			continue;
		}
		if (options_done || arg[0] != '-' || arg[1] == '\0') {
			if (out->npositional == 3)
				return audit_fail(err, AUDIT_EUSAGE, "%s: too many arguments (%s; see dsaudit --help)", cmd, arg);
			out->positional[out->npositional++] = arg;
			continue;
		}
		size_t len = strcspn(arg, "=");
		struct cmd_option *o = NULL;
		for (size_t k = 0; k < nopts && !o; k++)
			if (strlen(opts[k].name) == len && strncmp(arg, opts[k].name, len) == 0)
				o = &opts[k];
		if (!o)
			return audit_fail(err, AUDIT_EUSAGE, "%s: unknown option %s (see dsaudit --help)", cmd, arg);
		if (o->seen++ && !o->repeatable)
			return audit_fail(err, AUDIT_EUSAGE, "%s: given more than once", o->name);
		const char *value = arg[len] == '=' ? arg + len + 1 : NULL;
		if (!o->takes_value) {
			if (value)
				return audit_fail(err, AUDIT_EUSAGE, "%s: takes no value", o->name);
			o->value = "";
			continue;
		}
		if (o->forward)
			out->forward[out->nforward++] = argv[i];
		if (!value) {
			if (i + 1 >= argc || strncmp(argv[i + 1], "--", 2) == 0)
				return audit_fail(err, AUDIT_EUSAGE, "%s: needs a value", o->name);
			value = argv[++i];
			if (o->forward)
				out->forward[out->nforward++] = argv[i];
		}
		if (!o->forward && !*value)
			return audit_fail(err, AUDIT_EUSAGE, "%s: must not be empty", o->name);
		o->value = value;
	}
	return AUDIT_OK;
}

static void cmd_args_free(struct cmd_args *a)
{
	free(a->forward);
}

static int cmd_history(int argc, char **argv, struct audit_err *err)
{
	struct cmd_option opts[] = {{"--db", 1, 0, 0, NULL, 0}, {"--name", 1, 0, 0, NULL, 0}, {"--json", 0, 0, 0, NULL, 0}};
	struct cmd_args args;
	struct store *st = NULL;
	int e = parse_cmd("history", argc, argv, opts, 3, &args, err);
	if (!e && args.npositional)
		e = audit_fail(err, AUDIT_EUSAGE, "history: unexpected argument %s (usage: dsaudit history --db FILE "
			       "[--name NAME] [--json])", args.positional[0]);
	if (!e && !opts[0].value)
		e = audit_fail(err, AUDIT_EUSAGE, "history: --db FILE is required");
	if (!e)
		e = store_open_existing(opts[0].value, &st, err);
	if (!e)
		e = history_print(st, opts[1].value, opts[2].value != NULL, stdout, err);
	store_close(st);
	cmd_args_free(&args);
	return e;
}

/* Who accepts: --by, else $DSAUDIT_USER, $USER, $LOGNAME (the first set and not empty). */
static const char *accepted_by(const char *flag)
{
	static const char *vars[] = {"DSAUDIT_USER", "USER", "LOGNAME"};
	if (flag)
		return flag;
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return NULL;
}

static int cmd_accept(int argc, char **argv, struct audit_err *err)
{
	struct cmd_option opts[] = {{"--db", 1, 0, 0, NULL, 0}, {"--by", 1, 0, 0, NULL, 0}};
	struct cmd_args args;
	struct store *st = NULL;
	struct dataset_version v;
	memset(&v, 0, sizeof v);
	char *now = NULL;
	int e = parse_cmd("accept", argc, argv, opts, 2, &args, err);
	const char *by = accepted_by(opts[1].value);
	if (!e && args.npositional != 1)
		e = audit_fail(err, AUDIT_EUSAGE, "accept: expected one version reference (usage: dsaudit accept --db FILE "
			       "NAME@N [--by WHO])");
	if (!e && !opts[0].value)
		e = audit_fail(err, AUDIT_EUSAGE, "accept: --db FILE is required");
	if (!e && !by)
		e = audit_fail(err, AUDIT_EUSAGE, "accept: who accepts? Give --by WHO (or set DSAUDIT_USER)");
	if (!e)
		e = store_open_existing(opts[0].value, &st, err);
	if (!e)
		e = store_resolve_version(st, args.positional[0], &v, err);
	long long acceptance_id = 0;
	if (!e && !(e = store_begin(st, err))) {
		now = timestamp_utc();
		e = store_accept(st, v.id, by, now, &acceptance_id, err);
		e = store_end(st, e, err);
	}
	if (!e) {
		printf("accepted %s@%d (dataset id %lld) by %s at %s\n", v.name, v.version, v.id, by, now);
		printf("%s@accepted now names %s@%d\n", v.name, v.name, v.version);
	}
	free(now);
	dataset_version_clear(&v);
	store_close(st);
	cmd_args_free(&args);
	return e;
}

static int cmd_diff(int argc, char **argv, int *failed, struct audit_err *err)
{
	struct cmd_option opts[] = {
		{"--db", 1, 0, 0, NULL, 0},
		{"--protected", 1, 1, 0, NULL, 0},
		{"--config", 1, 1, 0, NULL, 0},
		{"--format", 1, 1, 0, NULL, 0},
		{"--label", 1, 1, 0, NULL, 0},
		{"--positive", 1, 1, 0, NULL, 0},
		{"--intersections", 1, 1, 0, NULL, 0},
		{"--bins", 1, 1, 1, NULL, 0},
		{"--min-group", 1, 1, 0, NULL, 0},
		{"--out", 1, 1, 0, NULL, 0},
	};
	struct cmd_args args;
	int e = parse_cmd("diff", argc, argv, opts, sizeof opts / sizeof opts[0], &args, err);
	if (!e && args.npositional != 2)
		e = audit_fail(err, AUDIT_EUSAGE, "diff: expected two version references, OLD and NEW (usage: dsaudit diff "
			       "--db FILE OLD NEW)");
	if (!e && !opts[0].value)
		e = audit_fail(err, AUDIT_EUSAGE, "diff: --db FILE is required");
	if (!e) {
		struct diff_request req = {
			.db = opts[0].value,
			.old_ref = args.positional[0],
			.new_ref = args.positional[1],
			.flags = args.forward,
			.nflags = args.nforward,
			.spec_given = opts[1].seen || opts[2].seen,
			.format_given = opts[3].seen,
		};
		e = diff_run(&req, failed, err);
	}
	cmd_args_free(&args);
	return e;
}

int main(int argc, char **argv)
{
	stats_init();
	/* A file-size limit should surface as a write error (exit 3), not kill us. */
	signal(SIGXFSZ, SIG_IGN);
	if (argc < 2) {
		fputs(usage_text, stderr);
		return EXIT_BADINPUT;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0 || strcmp(cmd, "help") == 0) {
		fputs(usage_text, stdout);
		return EXIT_PASS;
	}
	if (strcmp(cmd, "-V") == 0 || strcmp(cmd, "--version") == 0) {
		printf("dsaudit %s\n", DSAUDIT_VERSION);
		return EXIT_PASS;
	}
	struct audit_err err = {0};
	int e, failed = 0;
	for (int i = 2; i < argc; i++)
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(usage_text, stdout);
			return EXIT_PASS;
		}
	if (strcmp(cmd, "load") == 0)
		e = cmd_load(argc - 2, argv + 2, &err);
	else if (strcmp(cmd, "audit") == 0)
		e = cmd_audit(argc - 2, argv + 2, &failed, &err);
	else if (strcmp(cmd, "sql") == 0)
		e = cmd_sql(argc - 2, argv + 2, &err);
	else if (strcmp(cmd, "history") == 0)
		e = cmd_history(argc - 2, argv + 2, &err);
	else if (strcmp(cmd, "accept") == 0)
		e = cmd_accept(argc - 2, argv + 2, &err);
	else if (strcmp(cmd, "diff") == 0)
		e = cmd_diff(argc - 2, argv + 2, &failed, &err);
	else
		e = audit_fail(&err, AUDIT_EUSAGE, "unknown command \"%s\" (see dsaudit --help)", cmd);
	if (e) {
		fprintf(stderr, "dsaudit: %s\n", err.msg);
		return audit_exit_status(err.code);
	}
	return failed ? EXIT_GATE : EXIT_PASS;
}
