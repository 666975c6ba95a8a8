/*
 * load.c — CSV / JSON Lines / JSON into the store (see load.h).
 *
 * A struct source hides the format: it yields each row as one field per
 * column, in column order. For JSON the columns are the union of the keys in
 * first-seen order, learnt in the scan pass and fixed for the store pass.
 */
#include "load.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "batch.h"
#include "csv.h"
#include "input.h"
#include "json_rows.h"
#include "progress.h"
#include "sha256.h"
#include "strmap.h"

/* SQLite's default SQLITE_MAX_COLUMN. */
#define MAX_COLUMNS 2000

struct source {
	enum data_format format;
	struct input in;
	struct csv_reader *csv;
	struct json_rows *json;
	struct strmap *columns;   /* JSON: key → column; borrowed from struct scan */
	struct field *row;        /* the current row in column order, ncols long */
	size_t ncols;
	long line;                /* line where the current row starts */
};

/* What the scan pass learns. */
struct scan {
	struct strmap columns;    /* JSON keys, or unique CSV header names (lower-cased) */
	char **names;
	enum col_type *types;
	long long *present;       /* non-missing values per column */
	size_t ncols, cap;
	long long rows;
	char sha256[65];
	int counted;              /* opt->sink saw every row during the scan, with the final types */
	struct column_info *counted_cols; /* the columns it was told of (it borrows them) */
};

int data_format_parse(const char *s, enum data_format *out)
{
	if (strcmp(s, "csv") == 0)
		*out = FORMAT_CSV;
	else if (strcmp(s, "jsonl") == 0 || strcmp(s, "ndjson") == 0)
		*out = FORMAT_JSONL;
	else if (strcmp(s, "json") == 0)
		*out = FORMAT_JSON;
	else
		return -1;
	return 0;
}

static const char *format_name(enum data_format f)
{
	return f == FORMAT_JSONL ? "jsonl" : f == FORMAT_JSON ? "json" : "csv";
}

static enum data_format format_from_extension(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');
	if (!dot || (slash && dot < slash))
		return FORMAT_DETECT;
	dot++;
	if (!strcasecmp(dot, "csv") || !strcasecmp(dot, "tsv") || !strcasecmp(dot, "txt") ||
	    !strcasecmp(dot, "psv"))
		return FORMAT_CSV;
	if (!strcasecmp(dot, "jsonl") || !strcasecmp(dot, "ndjson"))
		return FORMAT_JSONL;
	if (!strcasecmp(dot, "json"))
		return FORMAT_JSON;
	return FORMAT_DETECT;
}

/* Guesses from the first byte that is not white space or a byte-order mark. */
static int format_from_content(struct input *in, enum data_format *out, struct audit_err *err)
{
	size_t n;
	const unsigned char *p = input_peek(in, &n, err);
	if (!p)
		return AUDIT_EIO;
	size_t i = n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF ? 3 : 0;
	while (i < n && isspace(p[i]))
		i++;
	*out = i < n && p[i] == '[' ? FORMAT_JSON : i < n && p[i] == '{' ? FORMAT_JSONL : FORMAT_CSV;
	return AUDIT_OK;
}

static void source_close(struct source *src)
{
	csv_reader_free(src->csv);
	json_rows_free(src->json);
	input_close(&src->in);
	free(src->row);
	memset(src, 0, sizeof *src);
}

static int source_open(struct source *src, const struct load_options *opt, enum data_format format,
		       struct audit_err *err)
{
	memset(src, 0, sizeof *src);
	int e = input_open(&src->in, opt->path, err);
	if (e)
		return e;
	if (format == FORMAT_DETECT && (e = format_from_content(&src->in, &format, err))) {
		input_close(&src->in);
		return e;
	}
	src->format = format;
	if (format == FORMAT_CSV)
		src->csv = csv_reader_new(&src->in, opt->delimiter);
	else
		src->json = json_rows_new(&src->in, format == FORMAT_JSON ? JSON_ARRAY : JSON_LINES);
	return AUDIT_OK;
}

static void scan_free(struct scan *sc)
{
	strmap_free(&sc->columns);
	for (size_t i = 0; i < sc->ncols; i++)
		free(sc->names[i]);
	free(sc->names);
	free(sc->types);
	free(sc->present);
	for (size_t i = 0; sc->counted_cols && i < sc->ncols; i++)
		free(sc->counted_cols[i].name);
	free(sc->counted_cols);
	memset(sc, 0, sizeof *sc);
}

static void scan_add_column(struct scan *sc, const char *name)
{
	if (sc->ncols == sc->cap) {
		sc->cap = sc->cap ? sc->cap * 2 : 16;
		sc->names = xrealloc(sc->names, sc->cap * sizeof *sc->names);
		sc->types = xrealloc(sc->types, sc->cap * sizeof *sc->types);
		sc->present = xrealloc(sc->present, sc->cap * sizeof *sc->present);
	}
	sc->names[sc->ncols] = xstrdup(name);
	sc->types[sc->ncols] = COL_UNKNOWN;
	sc->present[sc->ncols] = 0;
	sc->ncols++;
}

/* SQLite matches column names without regard to ASCII case, so uniqueness must too. */
static char *lower_key(const char *name)
{
	char *key = xstrdup(name);
	for (char *c = key; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return key;
}

static int name_in(const struct strmap *set, const char *name)
{
	char *key = lower_key(name);
	int found = strmap_find(set, key, strlen(key)) >= 0;
	free(key);
	return found;
}

/* Adds name to set; returns 1 if it was already there. */
static int name_taken(struct strmap *set, const char *name)
{
	char *key = lower_key(name);
	int added;
	strmap_intern(set, key, strlen(key), &added);
	free(key);
	return !added;
}

/* Sets *name to base_2, base_3, ... : the first that no column uses or is given. */
static void unique_name(struct strbuf *name, const char *base, const struct strmap *used,
			const struct strmap *given)
{
	for (int k = 2;; k++) {
		strbuf_reset(name);
		strbuf_printf(name, "%s_%d", base, k);
		if (!name_in(used, name->buf) && !name_in(given, name->buf))
			return;
	}
}

/*
 * CSV header: empty names become column_N and repeated names get a suffix
 * (priors_count, priors_count_2), each with a warning. A made-up name never
 * takes a name that the header itself gives to a later column.
 */
static void scan_header(struct scan *sc, const struct csv_record *rec, const char *path,
			struct strbuf *warnings)
{
	struct strmap given;
	strmap_init(&given);
	for (size_t i = 0; i < rec->n; i++)
		if (rec->fields[i].len > 0)
			name_taken(&given, rec->fields[i].text);
	struct strbuf name = {0};
	for (size_t i = 0; i < rec->n; i++) {
		const char *text = rec->fields[i].text;
		strbuf_reset(&name);
		if (rec->fields[i].len == 0) {
			strbuf_printf(&name, "column_%zu", i + 1);
			if (name_in(&sc->columns, name.buf) || name_in(&given, name.buf)) {
				char *base = xstrdup(name.buf);
				unique_name(&name, base, &sc->columns, &given);
				free(base);
			}
			strbuf_printf(warnings, "%s: column %zu has no name; calling it %s\n", path, i + 1, name.buf);
		} else if (name_in(&sc->columns, text)) {
			unique_name(&name, text, &sc->columns, &given);
			strbuf_printf(warnings, "%s: column %zu repeats the name \"%s\"; calling it %s\n", path, i + 1,
				      text, name.buf);
		} else
			strbuf_append(&name, text, rec->fields[i].len);
		name_taken(&sc->columns, name.buf);
		scan_add_column(sc, name.buf);
	}
	strbuf_free(&name);
	strmap_free(&given);
}

static int ragged_row(struct source *src, const struct csv_record *rec, size_t want, struct audit_err *err)
{
	size_t at = rec->n > want ? want : rec->n - 1;
	return audit_fail(err, AUDIT_EINPUT, "%s:%ld:%ld: row has %zu field%s, the header has %zu",
			  src->in.path, csv_reader_field_line(src->csv, at), csv_reader_field_column(src->csv, at),
			  rec->n, rec->n == 1 ? "" : "s", want);
}

/* Reads the next CSV row into src->row; 1 row, 0 end, -1 error. */
static int next_csv_row(struct source *src, struct audit_err *err)
{
	struct csv_record rec;
	int r = csv_reader_next(src->csv, &rec, err);
	if (r <= 0)
		return r;
	if (rec.n != src->ncols)
		return ragged_row(src, &rec, src->ncols, err), -1;
	memcpy(src->row, rec.fields, rec.n * sizeof *rec.fields);
	src->line = rec.line;
	return 1;
}

/* Reads the next JSON object into src->row by its keys; unseen keys are an error. */
static int next_json_row(struct source *src, struct audit_err *err)
{
	struct json_row row;
	int r = json_rows_next(src->json, &row, err);
	if (r <= 0)
		return r;
	for (size_t i = 0; i < src->ncols; i++)
		src->row[i] = (struct field){.text = "", .len = 0, .kind = FIELD_NULL};
	for (size_t i = 0; i < row.n; i++) {
		long col = strmap_find(src->columns, row.keys[i], row.keylen[i]);
		if (col < 0)
			return audit_fail(err, AUDIT_EINPUT, "%s:%ld: the file changed while it was loaded",
					  src->in.path, row.line), -1;
		src->row[col] = row.values[i];
	}
	src->line = row.line;
	return 1;
}

/* A column no cell gave a type to (all missing) is stored, and counted, as text. */
static enum col_type stored_type(enum col_type t)
{
	return t == COL_UNKNOWN ? COL_TEXT : t;
}

/* Text values point into the reader's buffer, which the next row reuses: copy them. */
static void keep_text(struct row_batch *b, struct typed_value *v)
{
	v->i = (int64_t)b->text.len;
	strbuf_append(&b->text, v->s, v->len);
}

static void publish(struct batch_queue *q, struct row_batch *b, size_t ncols)
{
	for (size_t k = 0; k < b->nrows * ncols; k++)
		if (b->vals[k].type == COL_TEXT)
			b->vals[k].s = b->text.buf + b->vals[k].i;
	batch_queue_pass(q, 0, b);
}

/* The sink in a thread of its own, as stage `stage` of the queue's pipeline. */
struct sink_stage {
	struct batch_queue *queue;
	int stage;
	const struct row_sink *sink;
	int error;
	struct audit_err err;
};

static void *sink_rows(void *arg)
{
	struct sink_stage *s = arg;
	struct row_batch *b;
	while (!s->error && (b = batch_queue_take(s->queue, s->stage))) {
		s->error = s->sink->rows(s->sink->ctx, b->vals, b->nrows, &s->err);
		batch_queue_pass(s->queue, s->stage, b);
	}
	if (s->error)
		batch_queue_cancel(s->queue);
	return NULL;
}

/*
 * Counting during the scan (audit --no-rows of a CSV file): the rows need
 * no second parse when the columns' types can be told early. The scan
 * holds its first SPECULATE_ROWS rows, takes the types they show, and from
 * then on converts every row with them and hands it to the sink in a
 * thread of its own, while it goes on inferring the types from every row.
 * At the end the count stands only if those types are the final ones;
 * otherwise it is dropped and the store pass counts the rows again.
 */
#define SPECULATE_ROWS 8192

struct speculation {
	const struct row_sink *sink;
	const struct na_list *na;
	size_t ncols;
	enum col_type *types;     /* the types the first rows show */
	struct strbuf held;       /* the first rows' fields, as read */
	size_t *held_len;         /* [row * ncols + col] */
	long long nheld, held_cap;
	struct batch_queue queue;
	struct sink_stage counter;
	pthread_t thread;
	int running;
	struct row_batch *b;      /* being filled */
};

/*
 * One row, converted with the speculated types; cls: the classes the scan
 * gave its cells (so a missing one is not looked for again), or NULL. Its
 * text values are copied into the batch in one piece: the reader keeps a
 * record's fields side by side in one buffer.
 */
static void speculate_row(struct speculation *sp, const struct field *fields, const enum value_class *cls)
{
	if (!sp->b && !(sp->b = batch_queue_take(&sp->queue, 0)))
		return; /* the counter failed: the queue is cancelled */
	struct typed_value *row = sp->b->vals + sp->b->nrows * sp->ncols;
	const char *lo = NULL, *hi = NULL;
	for (size_t i = 0; i < sp->ncols; i++) {
		if (!cls)
			value_convert(&fields[i], sp->types[i], sp->na, &row[i]);
		else if (cls[i] == VAL_MISSING)
			row[i] = (struct typed_value){.type = COL_UNKNOWN, .s = fields[i].text, .len = fields[i].len};
		else
			value_convert_present(&fields[i], sp->types[i], &row[i]);
		if (row[i].type == COL_TEXT) {
			if (!lo || row[i].s < lo)
				lo = row[i].s;
			if (!hi || row[i].s + row[i].len > hi)
				hi = row[i].s + row[i].len;
		}
	}
	if (lo) {
		size_t base = sp->b->text.len;
		strbuf_append(&sp->b->text, lo, (size_t)(hi - lo));
		for (size_t i = 0; i < sp->ncols; i++)
			if (row[i].type == COL_TEXT)
				row[i].i = (int64_t)(base + (size_t)(row[i].s - lo));
	}
	if (++sp->b->nrows == BATCH_ROWS) {
		publish(&sp->queue, sp->b, sp->ncols);
		sp->b = NULL;
	}
}

static void hold_row(struct speculation *sp, const struct csv_record *rec)
{
	if (sp->nheld == sp->held_cap) {
		sp->held_cap = sp->held_cap ? 2 * sp->held_cap : 64;
		sp->held_len = xrealloc(sp->held_len, (size_t)sp->held_cap * sp->ncols * sizeof *sp->held_len);
	}
	for (size_t i = 0; i < sp->ncols; i++) {
		sp->held_len[sp->nheld * (long long)sp->ncols + (long long)i] = rec->fields[i].len;
		strbuf_append(&sp->held, rec->fields[i].text, rec->fields[i].len);
		strbuf_putc(&sp->held, '\0');
	}
	sp->nheld++;
}

/* The types so far are taken: the sink is told the columns, its thread starts, the held rows go first. */
static int speculate_start(struct speculation *sp, struct scan *sc, struct audit_err *err)
{
	sp->types = xcalloc(sp->ncols, sizeof *sp->types);
	memcpy(sp->types, sc->types, sp->ncols * sizeof *sp->types);
	sc->counted_cols = xcalloc(sp->ncols, sizeof *sc->counted_cols);
	for (size_t i = 0; i < sp->ncols; i++) {
		sc->counted_cols[i].name = xstrdup(sc->names[i]);
		sc->counted_cols[i].type = stored_type(sp->types[i]);
	}
	int e = sp->sink->begin(sp->sink->ctx, sc->counted_cols, sp->ncols, err);
	if (e)
		return e;
	batch_queue_init(&sp->queue, sp->ncols, 2);
	sp->counter = (struct sink_stage){.queue = &sp->queue, .stage = 1, .sink = sp->sink};
	if (pthread_create(&sp->thread, NULL, sink_rows, &sp->counter) != 0) {
		batch_queue_destroy(&sp->queue);
		return audit_fail(err, AUDIT_EINTERNAL, "cannot start a thread");
	}
	sp->running = 1;
	struct field *fields = xcalloc(sp->ncols, sizeof *fields);
	size_t off = 0;
	for (long long r = 0; r < sp->nheld; r++) {
		for (size_t i = 0; i < sp->ncols; i++) {
			size_t len = sp->held_len[r * (long long)sp->ncols + (long long)i];
			fields[i] = (struct field){.text = sp->held.buf + off, .len = len, .kind = FIELD_RAW};
			off += len + 1;
		}
		speculate_row(sp, fields, NULL);
	}
	free(fields);
	strbuf_free(&sp->held);
	free(sp->held_len);
	sp->held_len = NULL;
	sp->held_cap = 0;
	return AUDIT_OK;
}

/* Ends the speculation: 1 when the sink counted every row with the final types. */
static int speculate_end(struct speculation *sp, const struct scan *sc, int ok)
{
	if (sp->running) {
		if (ok && sp->b)
			publish(&sp->queue, sp->b, sp->ncols);
		if (ok)
			batch_queue_close(&sp->queue);
		else
			batch_queue_cancel(&sp->queue);
		pthread_join(sp->thread, NULL);
		batch_queue_destroy(&sp->queue);
		ok = ok && !sp->counter.error;
	}
	ok = ok && sp->running;
	for (size_t i = 0; ok && i < sp->ncols; i++) {
		ok = stored_type(sc->types[i]) == stored_type(sp->types[i]);
	}
	strbuf_free(&sp->held);
	free(sp->held_len);
	free(sp->types);
	return ok;
}

static enum value_class observe(struct scan *sc, size_t col, const struct field *f, const struct na_list *na)
{
	enum value_class v = value_classify(f, na);
	if (v != VAL_MISSING)
		sc->present[col]++;
	sc->types[col] = col_type_join(sc->types[col], v);
	return v;
}

static int scan_csv(struct source *src, struct scan *sc, const struct load_options *opt,
		    struct progress *pg, struct strbuf *warnings, struct audit_err *err)
{
	struct csv_record rec;
	int r = csv_reader_next(src->csv, &rec, err);
	if (r < 0)
		return err->code;
	if (r == 0)
		return audit_fail(err, AUDIT_EINPUT, "%s: empty file: expected a header row", src->in.path);
	scan_header(sc, &rec, src->in.path, warnings);
	struct speculation sp = {.sink = opt->no_rows ? opt->sink : NULL, .na = opt->na, .ncols = sc->ncols};
	enum value_class *cls = xcalloc(sc->ncols + 1, sizeof *cls);
	int e = AUDIT_OK;
	while (!e && (r = csv_reader_next(src->csv, &rec, err)) > 0) {
		if (rec.n != sc->ncols) {
			e = ragged_row(src, &rec, sc->ncols, err);
			break;
		}
		for (size_t i = 0; i < rec.n; i++)
			cls[i] = observe(sc, i, &rec.fields[i], opt->na);
		sc->rows++;
		if (sp.running)
			speculate_row(&sp, rec.fields, cls);
		else if (sp.sink) {
			hold_row(&sp, &rec);
			if (sp.nheld == SPECULATE_ROWS)
				e = speculate_start(&sp, sc, err);
		}
		progress_update(pg, (uint64_t)sc->rows, input_offset(&src->in));
	}
	if (!e && r < 0)
		e = err->code;
	if (!e && sp.sink && !sp.running)
		e = speculate_start(&sp, sc, err);
	sc->counted = speculate_end(&sp, sc, !e);
	free(cls);
	return e;
}

static int scan_json(struct source *src, struct scan *sc, const struct load_options *opt,
		     struct progress *pg, struct audit_err *err)
{
	struct json_row row;
	int r;
	while ((r = json_rows_next(src->json, &row, err)) > 0) {
		for (size_t i = 0; i < row.n; i++) {
			int added;
			size_t col = strmap_intern(&sc->columns, row.keys[i], row.keylen[i], &added);
			if (added)
				scan_add_column(sc, row.keys[i]);
			observe(sc, col, &row.values[i], opt->na);
		}
		sc->rows++;
		progress_update(pg, (uint64_t)sc->rows, input_offset(&src->in));
	}
	return r < 0 ? err->code : AUDIT_OK;
}

/* JSON keys differing only in ASCII case would collide in SQLite. */
static int check_json_names(struct scan *sc, const char *path, struct audit_err *err)
{
	struct strmap lower;
	strmap_init(&lower);
	int e = AUDIT_OK;
	for (size_t i = 0; i < sc->ncols && !e; i++) {
		char *key = lower_key(sc->names[i]);
		size_t first = strmap_intern(&lower, key, strlen(key), NULL);
		free(key);
		if (first != i)
			e = audit_fail(err, AUDIT_EINPUT, "%s: keys \"%s\" and \"%s\" differ only in letter case; "
				       "a database column cannot tell them apart", path, sc->names[first], sc->names[i]);
	}
	strmap_free(&lower);
	return e;
}

/*
 * The digest is computed by a second thread reading the file on its own, so
 * hashing overlaps with parsing (the machine has at least two cores).
 */
struct hash_job {
	const char *path;
	char hex[65];
	int error; /* errno, or 0 */
};

static void *hash_file(void *arg)
{
	struct hash_job *job = arg;
	int fd = open(job->path, O_RDONLY);
	if (fd < 0) {
		job->error = errno;
		return NULL;
	}
	struct sha256 ctx;
	sha256_init(&ctx);
	unsigned char *buf = xmalloc(INPUT_BUFSIZE);
	ssize_t n;
	while ((n = read(fd, buf, INPUT_BUFSIZE)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			job->error = errno;
			break;
		}
		sha256_update(&ctx, buf, (size_t)n);
	}
	free(buf);
	close(fd);
	unsigned char digest[32];
	sha256_final(&ctx, digest);
	sha256_hex(digest, job->hex);
	return NULL;
}

static int scan_pass(const struct load_options *opt, enum data_format *format, struct scan *sc,
		     struct strbuf *warnings, struct audit_err *err)
{
	struct source src;
	int e = source_open(&src, opt, *format, err);
	if (e)
		return e;
	*format = src.format;
	struct hash_job job = {.path = opt->path};
	pthread_t hasher;
	int threaded = pthread_create(&hasher, NULL, hash_file, &job) == 0;
	if (!threaded)
		hash_file(&job);

	struct progress pg;
	progress_start(&pg, opt->progress, "scanning", src.in.size);
	e = src.csv ? scan_csv(&src, sc, opt, &pg, warnings, err) : scan_json(&src, sc, opt, &pg, err);
	progress_end(&pg);
	if (threaded)
		pthread_join(hasher, NULL);
	if (!e && job.error)
		e = audit_fail(err, AUDIT_EIO, "%s: %s", opt->path, strerror(job.error));
	if (!e && src.json)
		e = check_json_names(sc, src.in.path, err);
	if (!e && sc->ncols == 0)
		e = audit_fail(err, AUDIT_EINPUT, "%s: no columns found (is the file empty?)", src.in.path);
	if (!e && sc->ncols > MAX_COLUMNS)
		e = audit_fail(err, AUDIT_EINPUT, "%s: %zu columns; at most %d are supported", src.in.path,
			       sc->ncols, MAX_COLUMNS);
	source_close(&src);
	if (!e)
		memcpy(sc->sha256, job.hex, sizeof sc->sha256);
	return e;
}

/* The parsing side of the store pass: rows → typed values, in batches. */
struct producer {
	struct source *src;
	const struct scan *sc;
	const struct na_list *na;
	struct batch_queue *queue;
	long long rows;
	int error;
	struct audit_err err;
};

static void *produce_rows(void *arg)
{
	struct producer *p = arg;
	struct source *src = p->src;
	size_t ncols = p->sc->ncols;
	struct row_batch *b = NULL;
	int r;
	while ((r = src->csv ? next_csv_row(src, &p->err) : next_json_row(src, &p->err)) > 0) {
		if (!b && !(b = batch_queue_take(p->queue, 0)))
			break;
		struct typed_value *row = b->vals + b->nrows * ncols;
		for (size_t i = 0; i < ncols; i++) {
			value_convert(&src->row[i], p->sc->types[i], p->na, &row[i]);
			if (row[i].type == COL_TEXT)
				keep_text(b, &row[i]);
		}
		b->nrows++;
		p->rows++;
		if (b->nrows == BATCH_ROWS) {
			publish(p->queue, b, ncols);
			b = NULL;
		}
	}
	if (r < 0)
		p->error = p->err.code ? (int)p->err.code : AUDIT_EINPUT;
	if (b)
		publish(p->queue, b, ncols);
	batch_queue_close(p->queue);
	return NULL;
}

/*
 * Stage 1, in the calling thread, which owns the database handle: stores
 * each batch (w), or hands it to the sink when no rows are kept.
 */
static int consume_rows(struct batch_queue *q, struct store_rows *w, const struct row_sink *sink, size_t ncols,
			struct progress *pg, struct audit_err *err)
{
	struct row_batch *b;
	long long rows = 0;
	int e = AUDIT_OK;
	while (!e && (b = batch_queue_take(q, 1))) {
		if (!w)
			e = sink->rows(sink->ctx, b->vals, b->nrows, err);
		for (size_t k = 0; w && k < b->nrows && !e; k++)
			e = store_rows_insert(w, b->vals + k * ncols, err);
		rows += (long long)b->nrows;
		progress_update(pg, (uint64_t)rows, (uint64_t)rows);
		batch_queue_pass(q, 1, b);
	}
	if (e)
		batch_queue_cancel(q);
	return e;
}

/*
 * Pass 2: the rows into version id's table (keep_rows), and through
 * opt->sink when there is one.
 */
static int store_pass(struct store *st, const struct load_options *opt, enum data_format format,
		      struct scan *sc, long long id, int keep_rows, struct load_result *res, struct audit_err *err)
{
	struct source src;
	int e = source_open(&src, opt, format, err);
	if (e)
		return e;
	src.ncols = sc->ncols;
	src.columns = &sc->columns;
	src.row = xcalloc(sc->ncols, sizeof *src.row);
	struct store_rows *w = NULL;
	if (keep_rows)
		e = store_rows_open(st, id, sc->ncols, &w, err);
	if (!e && opt->sink)
		e = opt->sink->begin(opt->sink->ctx, res->cols, res->ncols, err);

	struct csv_record header;
	if (!e && src.csv && csv_reader_next(src.csv, &header, err) <= 0)
		e = audit_fail(err, AUDIT_EINPUT, "%s: the file changed while it was loaded", src.in.path);

	if (!e) {
		/* Parsing, storing and counting each get a thread when all three run. */
		int counted_apart = w && opt->sink;
		struct batch_queue queue;
		batch_queue_init(&queue, sc->ncols, counted_apart ? 3 : 2);
		struct producer p = {.src = &src, .sc = sc, .na = opt->na, .queue = &queue};
		struct sink_stage counter = {.queue = &queue, .stage = 2, .sink = opt->sink};
		struct progress pg;
		progress_start(&pg, opt->progress, keep_rows ? "storing" : "counting", (uint64_t)sc->rows);
		pthread_t parser, counting;
		int started = 0;
		if (pthread_create(&parser, NULL, produce_rows, &p) != 0)
			e = audit_fail(err, AUDIT_EINTERNAL, "cannot start a thread");
		else
			started = 1;
		if (!e && counted_apart && pthread_create(&counting, NULL, sink_rows, &counter) != 0) {
			batch_queue_cancel(&queue);
			e = audit_fail(err, AUDIT_EINTERNAL, "cannot start a thread");
			counted_apart = 0;
		}
		if (!e)
			e = consume_rows(&queue, w, opt->sink, sc->ncols, &pg, err);
		if (started)
			pthread_join(parser, NULL);
		if (counted_apart)
			pthread_join(counting, NULL);
		progress_end(&pg);
		batch_queue_destroy(&queue);
		if (!e && counter.error) {
			*err = counter.err;
			e = counter.error;
		}
		if (!e && p.error) {
			*err = p.err;
			e = p.error;
		}
		if (!e && p.rows != sc->rows)
			e = audit_fail(err, AUDIT_EINPUT, "%s: the file changed while it was loaded", src.in.path);
		res->rows_sunk = !e && opt->sink;
	}
	store_rows_close(w);
	source_close(&src);
	return e;
}

/* The name a version is stored under by default: the file's base name without extension. */
static char *default_name(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t len = dot && dot != base ? (size_t)(dot - base) : strlen(base);
	return xstrndup(base, len);
}

static void fill_result(struct load_result *res, struct scan *sc)
{
	res->ncols = sc->ncols;
	res->cols = xcalloc(sc->ncols, sizeof *res->cols);
	for (size_t i = 0; i < sc->ncols; i++) {
		res->cols[i].name = xstrdup(sc->names[i]);
		res->cols[i].type = stored_type(sc->types[i]);
		res->cols[i].missing = sc->rows - sc->present[i];
	}
}

int load_scan(const struct load_options *opt, struct load_plan *plan, struct strbuf *warnings,
	      struct audit_err *err)
{
	memset(plan, 0, sizeof *plan);
	if (strcmp(opt->path, "-") == 0)
		return audit_fail(err, AUDIT_EUSAGE, "cannot load from standard input: save the data to a file first");
	plan->format = opt->format != FORMAT_DETECT ? opt->format : format_from_extension(opt->path);
	plan->scan = xcalloc(1, sizeof *plan->scan);
	strmap_init(&plan->scan->columns);
	return scan_pass(opt, &plan->format, plan->scan, warnings, err);
}

const char *const *load_plan_columns(const struct load_plan *plan, size_t *n)
{
	*n = plan->scan ? plan->scan->ncols : 0;
	return plan->scan ? (const char *const *)plan->scan->names : NULL;
}

void load_plan_free(struct load_plan *plan)
{
	if (plan->scan)
		scan_free(plan->scan);
	free(plan->scan);
	memset(plan, 0, sizeof *plan);
}

int load_store(struct store *st, const struct load_options *opt, struct load_plan *plan,
	       struct load_result *res, struct audit_err *err)
{
	struct scan *sc = plan->scan;
	struct dataset_version *v = &res->version;
	char *name = opt->name ? xstrdup(opt->name) : default_name(opt->path);
	int found = store_find_version(st, name, sc->sha256, v, err);
	if (found != 0) {
		res->existed = found > 0;
		free(name);
		if (found < 0)
			return -found;
		fill_result(res, sc); /* the same bytes: the same columns */
		int has = store_has_rows(st, v->id, err);
		if (has < 0)
			return -has;
		res->rows_kept = has;
		res->rows_sunk = sc->counted;
		if (has)
			return AUDIT_OK;
		if (opt->no_rows)
			return opt->sink && !sc->counted ? store_pass(st, opt, plan->format, sc, v->id, 0, res, err)
							 : AUDIT_OK;
		/* Stored before by an audit --no-rows: its rows are kept now. */
		int e = store_add_rows_table(st, v->id, res->cols, res->ncols, err);
		if (!e)
			e = store_pass(st, opt, plan->format, sc, v->id, 1, res, err);
		res->rows_kept = res->rows_added = !e;
		return e;
	}
	v->name = name;
	v->source = xstrdup(opt->path);
	memcpy(v->sha256, sc->sha256, sizeof v->sha256);
	v->rows = sc->rows;
	v->columns = (long long)sc->ncols;
	v->format = xstrdup(format_name(plan->format));
	v->loaded_at = timestamp_utc();
	fill_result(res, sc);

	if (opt->no_rows) {
		int e = store_add_version_without_rows(st, v, res->cols, res->ncols, err);
		res->rows_sunk = sc->counted;
		if (!e && opt->sink && !sc->counted)
			e = store_pass(st, opt, plan->format, sc, v->id, 0, res, err);
		return e;
	}
	int e = store_add_version(st, v, res->cols, res->ncols, err);
	if (!e)
		e = store_pass(st, opt, plan->format, sc, v->id, 1, res, err);
	res->rows_kept = res->rows_added = !e;
	return e;
}

/* ------------------------------------------------------------------ */
/* The file as a row source (audit --no-rows)                          */
/* ------------------------------------------------------------------ */

struct file_rows {
	const struct load_options *opt;
	const struct load_plan *plan;
};

struct file_pass {
	struct source src;
	const struct scan *sc;
	const struct na_list *na;
	size_t *index;     /* file column of each requested column */
	size_t n;
	long long rows;
};

static void file_close(void *pass)
{
	struct file_pass *p = pass;
	if (!p)
		return;
	source_close(&p->src);
	free(p->index);
	free(p);
}

static int file_open(void *ctx, const char *const *columns, size_t ncols, void **pass, struct audit_err *err)
{
	const struct file_rows *fr = ctx;
	const struct scan *sc = fr->plan->scan;
	*pass = NULL;
	struct file_pass *p = xcalloc(1, sizeof *p);
	p->sc = sc;
	p->na = fr->opt->na;
	p->n = ncols;
	p->index = xcalloc(ncols + 1, sizeof *p->index);
	for (size_t i = 0; i < ncols; i++) {
		size_t c = 0;
		while (c < sc->ncols && strcmp(sc->names[c], columns[i]) != 0)
			c++;
		if (c == sc->ncols) {
			free(p->index);
			free(p);
			return audit_fail(err, AUDIT_EINTERNAL, "%s: no column named %s", fr->opt->path, columns[i]);
		}
		p->index[i] = c;
	}
	int e = source_open(&p->src, fr->opt, fr->plan->format, err);
	if (e) {
		free(p->index);
		free(p);
		return e;
	}
	p->src.ncols = sc->ncols;
	p->src.columns = (struct strmap *)&sc->columns;
	p->src.row = xcalloc(sc->ncols + 1, sizeof *p->src.row);
	struct csv_record header;
	if (p->src.csv && csv_reader_next(p->src.csv, &header, err) <= 0)
		e = audit_fail(err, AUDIT_EINPUT, "%s: the file changed while it was audited", fr->opt->path);
	if (e) {
		file_close(p);
		return e;
	}
	*pass = p;
	return AUDIT_OK;
}

static int file_next(void *pass, struct typed_value *cells, struct audit_err *err)
{
	struct file_pass *p = pass;
	int r = p->src.csv ? next_csv_row(&p->src, err) : next_json_row(&p->src, err);
	if (r < 0)
		return -(err->code ? (int)err->code : AUDIT_EINPUT);
	if (r == 0) {
		if (p->rows != p->sc->rows)
			return -audit_fail(err, AUDIT_EINPUT, "%s: the file changed while it was audited", p->src.in.path);
		return 0;
	}
	for (size_t i = 0; i < p->n; i++) {
		size_t c = p->index[i];
		value_convert(&p->src.row[c], p->sc->types[c], p->na, &cells[i]);
		/* As the rows table gives it back: booleans are stored as integers. */
		if (cells[i].type == COL_BOOLEAN)
			cells[i].type = COL_INTEGER;
	}
	p->rows++;
	return 1;
}

void load_attach_file(struct store *st, long long id, const struct load_options *opt, const struct load_plan *plan,
		      struct store_row_source *src)
{
	struct file_rows *fr = xcalloc(1, sizeof *fr);
	fr->opt = opt;
	fr->plan = plan;
	*src = (struct store_row_source){.ctx = fr, .open = file_open, .next = file_next, .close = file_close};
	store_attach_rows(st, id, src);
}

void load_detach_file(struct store *st, struct store_row_source *src)
{
	if (!src->ctx)
		return;
	store_attach_rows(st, 0, NULL);
	free(src->ctx);
	memset(src, 0, sizeof *src);
}

void load_result_free(struct load_result *res)
{
	dataset_version_clear(&res->version);
	for (size_t i = 0; i < res->ncols; i++)
		free(res->cols[i].name);
	free(res->cols);
	memset(res, 0, sizeof *res);
}
