/*
 * test_history.c — the history and drift plumbing in the store and diff.c:
 * version references (store.h rules 1-5), acceptances, the version and
 * audit lists, config_sha256, and diff_count's two counts on hand-made
 * versions. Expected values are counted by hand from the rows below.
 */
#include "harness.h"

#include <sys/stat.h>

#include "diff.h"
#include "store.h"

/* Adds NAME@next with one text column holding the given values (NULL = missing). */
static long long add_version(struct store *st, const char *name, const char *column, const char *const *values,
			     size_t n)
{
	struct audit_err err = {0};
	struct column_info col = {(char *)column, COL_TEXT, 0};
	struct dataset_version v = {
		.name = (char *)name, .source = "hand.csv", .rows = (long long)n, .columns = 1,
		.format = "csv", .loaded_at = "2026-01-01T00:00:00Z",
	};
	snprintf(v.sha256, sizeof v.sha256, "%064d", (int)n);
	CHECK_INT(store_add_version(st, &v, &col, 1, &err), AUDIT_OK);
	struct store_rows *w = NULL;
	CHECK_INT(store_rows_open(st, v.id, 1, &w, &err), AUDIT_OK);
	for (size_t i = 0; w && i < n; i++) {
		struct typed_value tv = {.type = values[i] ? COL_TEXT : COL_UNKNOWN, .s = values[i],
					 .len = values[i] ? strlen(values[i]) : 0};
		CHECK_INT(store_rows_insert(w, &tv, &err), AUDIT_OK);
	}
	store_rows_close(w);
	return v.id;
}

/* The id a reference resolves to, or -code on error (message in *err). */
static long long resolve(struct store *st, const char *ref, struct audit_err *err)
{
	struct dataset_version v;
	int e = store_resolve_version(st, ref, &v, err);
	long long id = e ? -e : v.id;
	dataset_version_clear(&v);
	return id;
}

static void accept_at(struct store *st, long long id, const char *by, const char *at)
{
	struct audit_err err = {0};
	long long acc;
	CHECK_INT(store_begin(st, &err), AUDIT_OK);
	CHECK_INT(store_accept(st, id, by, at, &acc, &err), AUDIT_OK);
	CHECK_INT(store_commit(st, &err), AUDIT_OK);
}

static void test_references(struct store *st, long long a1, long long a2, long long b1, long long xy1)
{
	struct audit_err err = {0};
	/* Rule 1: digits are an id, rule 2: NAME@N, rule 3: NAME@latest. */
	CHECK_INT(resolve(st, "1", &err), a1);
	CHECK_INT(resolve(st, "3", &err), b1);
	CHECK_INT(resolve(st, "hiring@2", &err), a2);
	CHECK_INT(resolve(st, "hiring@latest", &err), a2);
	CHECK_INT(resolve(st, "other@latest", &err), b1);
	/* Rule 2: the name ends at the last "@". */
	CHECK_INT(resolve(st, "x@y@1", &err), xy1);
	/* Rule 5: what names nothing is a usage error listing what there is. */
	CHECK_INT(resolve(st, "99", &err), -AUDIT_EUSAGE);
	CHECK(strstr(err.msg, "hiring@1, hiring@2, other@1, x@y@1") != NULL);
	CHECK_INT(resolve(st, "hiring@3", &err), -AUDIT_EUSAGE);
	CHECK_STR(err.msg, "hiring@3: no such version; hiring has: hiring@1, hiring@2");
	CHECK_INT(resolve(st, "hiring@0", &err), -AUDIT_EUSAGE);
	CHECK_INT(resolve(st, "hiring@99999999999999999999", &err), -AUDIT_EUSAGE);
	CHECK_INT(resolve(st, "nobody@1", &err), -AUDIT_EUSAGE);
	CHECK_STR(err.msg, "nobody@1: no dataset named \"nobody\"; the database holds: hiring@1, hiring@2, other@1, x@y@1");
	CHECK_INT(resolve(st, "hiring@Latest", &err), -AUDIT_EUSAGE);
	CHECK(strstr(err.msg, "expected a version number, latest or accepted") != NULL);
	CHECK_INT(resolve(st, "hiring", &err), -AUDIT_EUSAGE);
	CHECK(strstr(err.msg, "say hiring@N, hiring@latest or hiring@accepted") != NULL);
	CHECK_INT(resolve(st, "@1", &err), -AUDIT_EUSAGE);
	CHECK_INT(resolve(st, "", &err), -AUDIT_EUSAGE);
	CHECK_INT(resolve(st, "hiring@accepted", &err), -AUDIT_EUSAGE);
	CHECK(strstr(err.msg, "no version has been accepted") != NULL);

	/* Rule 4: the most recent acceptance; of equal times the one recorded last. */
	accept_at(st, a2, "alice", "2026-02-01T00:00:00Z");
	CHECK_INT(resolve(st, "hiring@accepted", &err), a2);
	accept_at(st, a1, "bob", "2026-02-01T00:00:00Z");
	CHECK_INT(resolve(st, "hiring@accepted", &err), a1);
	accept_at(st, a2, "carol", "2026-01-15T00:00:00Z"); /* older: changes nothing */
	CHECK_INT(resolve(st, "hiring@accepted", &err), a1);
	CHECK_INT(resolve(st, "other@accepted", &err), -AUDIT_EUSAGE);

	struct version_entry *v = NULL;
	size_t n = 0;
	CHECK_INT(store_list_versions(st, "hiring", &v, &n, &err), AUDIT_OK);
	CHECK_INT(n, 2);
	if (n == 2) {
		CHECK_INT(v[0].version.id, a1);
		CHECK_STR(v[0].accepted_by, "bob");
		CHECK_INT(v[0].acceptances, 1);
		CHECK_INT(v[0].accepted_current, 1);
		/* a2's latest acceptance is alice's (Feb 1), not carol's later-recorded older one. */
		CHECK_STR(v[1].accepted_by, "alice");
		CHECK_STR(v[1].accepted_at, "2026-02-01T00:00:00Z");
		CHECK_INT(v[1].acceptances, 2);
		CHECK_INT(v[1].accepted_current, 0);
	}
	version_entries_free(v, n);
	CHECK_INT(store_list_versions(st, NULL, &v, &n, &err), AUDIT_OK);
	CHECK_INT(n, 4);
	version_entries_free(v, n);
	CHECK_INT(store_check_name(st, "hiring", &err), AUDIT_OK);
	CHECK_INT(store_check_name(st, "hiring@1", &err), AUDIT_EUSAGE);
}

static void test_audits(struct store *st, long long a2)
{
	struct audit_err err = {0};
	struct audit_result r = {.tool_version = "test", .config_json = "{\"protected\":[\"sex\"]}"};
	r.dataset.id = a2;
	struct audit_record rec = record_init("drift", "psi");
	rec.status = STATUS_WARN;
	audit_result_add(&r, &rec);
	rec = record_init("drift", "share_shift");
	audit_result_add(&r, &rec);
	long long id;
	CHECK_INT(store_begin(st, &err), AUDIT_OK);
	CHECK_INT(store_add_audit(st, &r, "2026-03-01T00:00:00Z", "warn", &id, &err), AUDIT_OK);
	CHECK_INT(store_commit(st, &err), AUDIT_OK);
	r.config_json = NULL;
	audit_result_free(&r);

	struct audit_entry *a = NULL;
	size_t n = 0;
	CHECK_INT(store_list_audits(st, "hiring", &a, &n, &err), AUDIT_OK);
	CHECK_INT(n, 1);
	if (n == 1) {
		CHECK_INT(a[0].id, id);
		CHECK_INT(a[0].version, 2);
		CHECK_INT(a[0].records, 2);
		CHECK_INT(a[0].counts[STATUS_OK], 1);
		CHECK_INT(a[0].counts[STATUS_WARN], 1);
		CHECK_INT(a[0].counts[STATUS_FAIL], 0);
		/* printf %s {"protected":["sex"]} | sha256sum */
		CHECK_STR(a[0].config_sha256, "1c052637623de2eb35eff3661d00c4d3085428a7618ae849848d680b46d5082a");
	}
	audit_entries_free(a, n);
	CHECK_INT(store_list_audits(st, "other", &a, &n, &err), AUDIT_OK);
	CHECK_INT(n, 0);
	audit_entries_free(a, n);

	char *config = NULL;
	long long audit_id = 0;
	CHECK_INT(store_latest_audit_config(st, a2, &audit_id, &config, &err), 1);
	CHECK_INT(audit_id, id);
	CHECK_STR(config, "{\"protected\":[\"sex\"]}");
	free(config);
	CHECK_INT(store_latest_audit_config(st, a2 - 1, &audit_id, &config, &err), 0);

	/* FIPS 180-4 examples: "" and "abc". */
	char hex[65];
	store_config_sha256("", hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	store_config_sha256("abc", hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static double group_rows(const struct count_tables *ct, const char *group)
{
	if (ct->ntables == 0)
		return -1;
	const struct count_table *t = &ct->tables[0];
	for (size_t g = 0; g < t->ngroups; g++)
		if (strcmp(t->groups[g], group) == 0) {
			double sum = t->unlabeled[g];
			for (size_t s = 0; s < t->nstrata; s++)
				for (size_t c = 0; c < t->nclasses; c++)
					sum += count_at(t, g, s, c);
			return sum;
		}
	return 0;
}

static void test_diff_count(struct store *st, long long a1, long long a2, long long b1)
{
	struct audit_err err = {0};
	const char *protected[] = {"sex"};
	struct count_spec spec = {.protected = protected, .nprotected = 1, .intersections = 1};
	struct count_tables then, now;
	CHECK_INT(diff_count(st, a1, a2, &spec, &then, &now, &err), AUDIT_OK);
	CHECK_INT(then.rows, 3);
	CHECK_INT(now.rows, 5);
	CHECK_INT(group_rows(&then, "F"), 2);
	CHECK_INT(group_rows(&then, "M"), 1);
	CHECK_INT(group_rows(&now, "F"), 1);
	CHECK_INT(group_rows(&now, "M"), 3);
	CHECK_INT(group_rows(&now, "(missing)"), 1);
	count_tables_free(&then);
	count_tables_free(&now);

	/* Rule 4 of diff.h: other@1 has no column sex. */
	CHECK_INT(diff_count(st, a1, b1, &spec, &then, &now, &err), AUDIT_EUSAGE);
	CHECK_STR(err.msg, "other@1 (dataset id 3) has no column named \"sex\" (protected); its columns are: gender");
	CHECK_INT(then.ntables + now.ntables, 0);
}

/* A version kept without rows (audit --no-rows): its counts stand in for counting it (diff.h rule 7). */
static void test_kept_counts(struct store *st, long long a1)
{
	struct audit_err err = {0};
	const char *protected[] = {"sex"};
	struct count_spec spec = {.protected = protected, .nprotected = 1, .intersections = 1};
	struct count_tables counted, read;
	CHECK_INT(diff_count_version(st, a1, &spec, &counted, &err), AUDIT_OK);
	struct column_info col = {"sex", COL_TEXT, 0};
	struct dataset_version v = {
		.name = "kept", .source = "hand.csv", .rows = 3, .columns = 1,
		.format = "csv", .loaded_at = "2026-01-01T00:00:00Z",
	};
	snprintf(v.sha256, sizeof v.sha256, "%064d", 77);
	CHECK_INT(store_begin(st, &err), AUDIT_OK);
	CHECK_INT(store_add_version_without_rows(st, &v, &col, 1, &err), AUDIT_OK);
	CHECK_INT(diff_store_counts(st, v.id, &spec, &counted, &err), AUDIT_OK);
	CHECK_INT(store_commit(st, &err), AUDIT_OK);
	CHECK_INT(store_has_rows(st, a1, &err), 1);
	CHECK_INT(store_has_rows(st, v.id, &err), 0);
	CHECK_INT(diff_count_version(st, v.id, &spec, &read, &err), AUDIT_OK);
	CHECK_INT(read.ntables, 1);
	CHECK_INT(read.rows, 3);
	CHECK_INT(group_rows(&read, "F"), 2);
	CHECK_INT(group_rows(&read, "M"), 1);
	CHECK_INT(read.has_label, 0);
	count_tables_free(&read);
	count_tables_free(&counted);
	/* What was not counted is an error that says what was. */
	double edges[] = {1, 2};
	struct bin_edges bins = {.column = "sex", .edges = edges, .n = 2};
	struct count_spec binned = {.protected = protected, .nprotected = 1, .intersections = 1, .bins = &bins,
				    .nbins = 1};
	CHECK_INT(diff_count_version(st, v.id, &binned, &read, &err), AUDIT_EUSAGE);
	CHECK(strstr(err.msg, "kept@1") && strstr(err.msg, "(tables sex; no label; bins none): sex was counted with "
						    "bins none, not 1,2"));
	struct count_spec labeled = {.protected = protected, .nprotected = 1, .intersections = 1, .label = "sex"};
	CHECK_INT(diff_count_version(st, v.id, &labeled, &read, &err), AUDIT_EUSAGE);
	CHECK(strstr(err.msg, "no label was counted, and sex is asked") != NULL);
}

void test_history(void)
{
	char dir[] = "/tmp/dsaudit-history-XXXXXX";
	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	char path[64];
	snprintf(path, sizeof path, "%s/h.db", dir);
	struct audit_err err = {0};
	struct store *st = NULL;
	/* store_open_existing never creates a database. */
	CHECK_INT(store_open_existing(path, &st, &err), AUDIT_EUSAGE);
	CHECK(access(path, F_OK) != 0);
	CHECK_INT(store_open(path, &st, &err), AUDIT_OK);
	if (st) {
		static const char *const v1[] = {"F", "F", "M"};
		static const char *const v2[] = {"F", "M", "M", "M", NULL};
		static const char *const o1[] = {"x"};
		CHECK_INT(store_begin(st, &err), AUDIT_OK);
		long long a1 = add_version(st, "hiring", "sex", v1, 3);
		long long a2 = add_version(st, "hiring", "sex", v2, 5);
		long long b1 = add_version(st, "other", "gender", o1, 1);
		long long xy1 = add_version(st, "x@y", "sex", o1, 1);
		CHECK_INT(store_commit(st, &err), AUDIT_OK);
		test_references(st, a1, a2, b1, xy1);
		test_audits(st, a2);
		test_diff_count(st, a1, a2, b1);
		test_kept_counts(st, a1);
		store_close(st);
	}
	/* The database holds the rows: only its owner reads it. */
	struct stat sb;
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0);
}
