/*
 * output.c — atomic report files and round-trip number formatting (see
 * output.h).
 *
 * A report is written to NAME.tmp in the output directory and renamed over
 * NAME only once every byte is known to be on disk. rename() within one
 * directory is atomic on POSIX file systems, so a reader (or a CI job that
 * picks up the report) sees either the previous complete file or the new
 * complete one, and a full disk leaves the previous report intact.
 */
#include "output.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *output_path(const char *dir, const char *name, const char *suffix)
{
	struct strbuf sb = {0};
	size_t dlen = strlen(dir);

	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;
	strbuf_append(&sb, dir, dlen);
	if (dir[dlen - 1] != '/')
		strbuf_putc(&sb, '/');
	strbuf_printf(&sb, "%s%s", name, suffix);
	return sb.buf;
}

int output_make_dir(const char *dir, struct audit_err *err)
{
	/* mkdir -p: each parent in turn, then dir itself; an entry already there
	 * is passed over (a file in the way fails at the next level, ENOTDIR). */
	char *path = xstrdup(dir);
	int e = AUDIT_OK;
	for (char *p = path + (*path ? 1 : 0);; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(path, 0777) != 0 && errno != EEXIST) {
			if (!c)
				e = audit_fail(err, AUDIT_EIO, "%s: cannot create directory: %s", dir, strerror(errno));
			else
				e = audit_fail(err, AUDIT_EIO, "%s: cannot create its parent directory %s: %s", dir, path,
					       strerror(errno));
			break;
		}
		*p = c;
		if (!c)
			break;
	}
	free(path);
	return e;
}

/*
 * Runs write_body on f and pushes the bytes to the disk. Returns 0 or the
 * errno of the first failing step; f is always closed.
 */
static int write_and_close(FILE *f, int (*write_body)(FILE *f, void *ctx), void *ctx)
{
	int e = 0;

	errno = 0;
	if (write_body(f, ctx) != 0 || ferror(f))
		e = errno ? errno : EIO;
	if (!e && fflush(f) != 0)
		e = errno;
	/*
	 * Without fsync a crash shortly after the rename can leave an empty
	 * file under the final name on some file systems. EINVAL means the
	 * file cannot be synced at all (a special file), not that it failed.
	 */
	if (!e && fsync(fileno(f)) != 0 && errno != EINVAL)
		e = errno;
	if (fclose(f) != 0 && !e)
		e = errno;
	return e;
}

int output_write_atomic(const char *dir, const char *filename,
			int (*write_body)(FILE *f, void *ctx), void *ctx,
			struct audit_err *err)
{
	if (!dir || !*dir)
		dir = ".";
	int rc = output_make_dir(dir, err);
	if (rc)
		return rc;

	char *final = output_path(dir, filename, "");
	char *tmp = output_path(dir, filename, ".tmp");
	FILE *f = fopen(tmp, "w");
	if (!f) {
		rc = audit_fail(err, AUDIT_EIO, "%s: cannot write: %s", final, strerror(errno));
		goto out;
	}
	int e = write_and_close(f, write_body, ctx);
	if (e) {
		remove(tmp);
		rc = audit_fail(err, AUDIT_EIO, "%s: write failed: %s", final, strerror(e));
		goto out;
	}
	if (rename(tmp, final) != 0) {
		e = errno;
		remove(tmp);
		rc = audit_fail(err, AUDIT_EIO, "%s: cannot rename %s into place: %s", final, tmp,
				strerror(e));
	}
out:
	free(final);
	free(tmp);
	return rc;
}

char *format_double(double x, char buf[32])
{
	if (!isfinite(x)) {
		strcpy(buf, "null");
		return NULL;
	}
	/* -0 would print "-0": true, but only noise in a report. */
	if (x == 0) {
		strcpy(buf, "0");
		return buf;
	}
	/* Counts are doubles in records; they should read as counts. */
	if (fabs(x) < 1e15 && x == trunc(x)) {
		snprintf(buf, 32, "%.0f", x);
		return buf;
	}
	return format_shortest(x, buf);
}
