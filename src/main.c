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
#include "infer.h"
#include "load.h"
#include "stats.h"
#include "store.h"
#include "util.h"

static const char usage_text[] =
	"usage: dsaudit <command> [options]\n"
	"\n"
	"Commands:\n"
	"  audit DATA [options]  load DATA, compute its bias metrics, store and report them\n"
	"  load DATA --db FILE   store DATA (CSV, JSON Lines or JSON) as a new dataset version\n"
	"\n"
	"Options of audit:\n"
	"  --label COL           the label column (without it, selection is not audited)\n"
	"  --positive SPEC       positive label values (1 or Medium,High) or a comparison (>=70)\n"
	"  --protected COLS      comma-separated protected attributes\n"
	"  --intersections N     largest intersection of protected attributes (default 2; 1 = none)\n"
	"  --reference A=V       reference group V of attribute A (default: its largest group)\n"
	"  --strata COL          stratify cdd and mantel_haenszel_or by COL\n"
	"  --bins COL=E1,E2,...  group a numeric attribute into bins with these edges\n"
	"  --min-group N         groups smaller than N are 'insufficient' (default 30)\n"
	"  --prediction COL      a model's or screener's decision, compared with the label or --gold\n"
	"  --prediction-positive SPEC  positive prediction values, as for --positive (default: 1 or true)\n"
	"  --gold COL            audited true labels, to check the label and --prediction against\n"
	"  --annotators COLS     comma-separated columns of two or more annotators' labels\n"
	"  --id COL              the row identifier column\n"
	"  --quasi-identifiers COLS  comma-separated quasi-identifiers for k-anonymity\n"
	"  --sensitive COL       sensitive column for l-diversity (needs --quasi-identifiers)\n"
	"  --k N                 k-anonymity threshold (default 5; needs --quasi-identifiers)\n"
	"  --config FILE         JSON configuration (flags override it); see dsaudit(1)\n"
	"  --db FILE             database (default: OUT/dsaudit.db)\n"
	"  --out DIR             output directory (default: dsaudit-out)\n"
	"  --format LIST         reports to write (default: json)\n"
	"  --name NAME           dataset name (default: DATA's file name without extension)\n"
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
	"  -h, --help            show this help\n"
	"  -V, --version         show the version\n"
	"\n"
	"Exit status: 0 success, 1 the audit found a failing metric, 2 usage error or bad input\n(nothing stored), "
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
		if (!e)
			e = store_commit(st, err);
		if (e)
			store_rollback(st);
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

static int cmd_audit(int argc, char **argv, int *failed, struct audit_err *err)
{
	struct audit_config cfg;
	int e = config_parse(argc, argv, &cfg, err);
	if (!e)
		e = audit_run(&cfg, !cfg.no_progress && isatty(STDERR_FILENO), failed, err);
	config_free(&cfg);
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
	else
		e = audit_fail(&err, AUDIT_EUSAGE, "unknown command \"%s\" (see dsaudit --help)", cmd);
	if (e) {
		fprintf(stderr, "dsaudit: %s\n", err.msg);
		return audit_exit_status(err.code);
	}
	return failed ? EXIT_GATE : EXIT_PASS;
}
