/*
 * input.h — a buffered byte source over one data file, shared by the CSV and
 * JSON readers. It tracks how far the parser got, for progress and error
 * positions.
 *
 * Usage: p = input_peek(in, &n) gives the unread bytes (refilling when none
 * are left); the parser consumes k of them with input_advance(in, k).
 * Pointers from input_peek are valid until the next input_peek call.
 */
#ifndef DSAUDIT_INPUT_H
#define DSAUDIT_INPUT_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

struct input {
	int fd;
	char *path;            /* owned copy, for messages */
	unsigned char *buf;    /* owned, INPUT_BUFSIZE bytes */
	size_t len, pos;       /* bytes in buf, bytes of buf consumed */
	uint64_t base;         /* file offset of buf[0] */
	uint64_t size;         /* file size, 0 when unknown (a pipe) */
	int eof;
};

#define INPUT_BUFSIZE (1u << 20)

/* Opens path ("-" is standard input). On failure returns AUDIT_EIO with a message. */
int input_open(struct input *in, const char *path, struct audit_err *err);
void input_close(struct input *in);

/*
 * Returns the unread bytes and sets *avail to their count; *avail is 0 only at
 * end of file. Returns NULL (with err set, AUDIT_EIO) on a read error.
 */
const unsigned char *input_refill(struct input *in, size_t *avail, struct audit_err *err);

/* Inline: the parsers call these for every run of bytes. */
static inline const unsigned char *input_peek(struct input *in, size_t *avail, struct audit_err *err)
{
	if (in->pos < in->len) {
		*avail = in->len - in->pos;
		return in->buf + in->pos;
	}
	return input_refill(in, avail, err);
}

static inline void input_advance(struct input *in, size_t n)
{
	in->pos += n;
}

/* File offset of the next unread byte. */
static inline uint64_t input_offset(const struct input *in) { return in->base + in->pos; }

#endif
