/*
 * input.c — buffered reading of one data file (see input.h).
 */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int input_open(struct input *in, const char *path, struct audit_err *err)
{
	memset(in, 0, sizeof *in);
	in->fd = strcmp(path, "-") == 0 ? STDIN_FILENO : open(path, O_RDONLY);
	if (in->fd < 0) {
		/* A path that names no file is the user's mistake, not the machine's. */
		int usage = errno == ENOENT || errno == ENOTDIR;
		return audit_fail(err, usage ? AUDIT_EUSAGE : AUDIT_EIO, "%s: %s", path, strerror(errno));
	}
	struct stat st;
	if (fstat(in->fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			close(in->fd);
			return audit_fail(err, AUDIT_EUSAGE, "%s: is a directory, not a data file", path);
		}
		if (S_ISREG(st.st_mode))
			in->size = (uint64_t)st.st_size;
	}
	in->path = xstrdup(path);
	in->buf = xmalloc(INPUT_BUFSIZE);
	return AUDIT_OK;
}

void input_close(struct input *in)
{
	if (in->fd > STDIN_FILENO)
		close(in->fd);
	free(in->path);
	free(in->buf);
	memset(in, 0, sizeof *in);
	in->fd = -1;
}

const unsigned char *input_refill(struct input *in, size_t *avail, struct audit_err *err)
{
	if (in->pos == in->len && !in->eof) {
		in->base += in->len;
		in->len = in->pos = 0;
		for (;;) {
			ssize_t n = read(in->fd, in->buf, INPUT_BUFSIZE);
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				audit_fail(err, AUDIT_EIO, "%s: %s", in->path, strerror(errno));
				*avail = 0;
				return NULL;
			}
			if (n == 0)
				in->eof = 1;
			in->len = (size_t)n;
			break;
		}
	}
	*avail = in->len - in->pos;
	return in->buf + in->pos;
}
