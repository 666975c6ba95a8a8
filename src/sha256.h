/*
 * sha256.h — SHA-256 (FIPS 180-4), used to recognise a data file that is
 * already stored. Streaming: init, update any number of times, final.
 */
#ifndef DSAUDIT_SHA256_H
#define DSAUDIT_SHA256_H

#include <stddef.h>
#include <stdint.h>

struct sha256 {
	uint32_t h[8];
	uint64_t nbytes;
	unsigned char block[64];
	size_t blen;
	int shani;      /* the processor's SHA extensions do the rounds (set by sha256_init; 0 forces portable C) */
};

void sha256_init(struct sha256 *ctx);
void sha256_update(struct sha256 *ctx, const void *data, size_t n);
void sha256_final(struct sha256 *ctx, unsigned char digest[32]);
/* Writes 64 lowercase hex digits and a NUL. */
void sha256_hex(const unsigned char digest[32], char hex[65]);

#endif
