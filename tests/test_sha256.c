/*
 * test_sha256.c — unit tests for src/sha256.c: the published SHA-256 test
 * vectors, the padding boundaries (55, 56, 63, 64 bytes), and a check that
 * splitting the input into chunks of any size never changes the digest.
 * Entry point: test_sha256().
 */
#include "harness.h"
#include "sha256.h"

#include <stdlib.h>

void test_sha256(void);

/* Run every case a second time in portable C (on a processor with the SHA extensions, the first run used them). */
static int portable;

/* Hashes n bytes in one update and returns the hex digest in hex. */
static void hash_once(const void *data, size_t n, char hex[65])
{
	struct sha256 ctx;
	unsigned char digest[32];

	sha256_init(&ctx);
	if (portable)
		ctx.shani = 0;
	sha256_update(&ctx, data, n);
	sha256_final(&ctx, digest);
	sha256_hex(digest, hex);
}

/* Hashes n bytes, cycling through the chunk sizes in sizes[0..nsizes). */
static void hash_chunked(const unsigned char *data, size_t n, const size_t *sizes, size_t nsizes,
			 char hex[65])
{
	struct sha256 ctx;
	unsigned char digest[32];
	size_t off = 0, i = 0;

	sha256_init(&ctx);
	if (portable)
		ctx.shani = 0;
	while (off < n) {
		size_t k = sizes[i++ % nsizes];
		if (k > n - off)
			k = n - off;
		sha256_update(&ctx, data + off, k);
		off += k;
	}
	sha256_final(&ctx, digest);
	sha256_hex(digest, hex);
}

static void test_published_vectors(void)
{
	char hex[65];
	char *million;

	/*
	 * The empty message: NIST CAVP SHA-2 byte-oriented test vectors,
	 * SHA256ShortMsg.rsp, "Len = 0".
	 */
	hash_once("", 0, hex);
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

	/* FIPS 180-2, Appendix B.1 (one-block message "abc"). */
	hash_once("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

	/* FIPS 180-2, Appendix B.2 (multi-block 448-bit message). */
	hash_once("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");

	/* FIPS 180-2, Appendix B.3 (long message: one million 'a'). */
	million = malloc(1000000);
	CHECK(million != NULL);
	if (million == NULL)
		return;
	memset(million, 'a', 1000000);
	hash_once(million, 1000000, hex);
	CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(million);
}

/*
 * Lengths where the padding (FIPS 180-4 5.1.1) changes shape: 55 bytes is
 * the longest message whose length still fits in its last block, 56 forces
 * an extra block, 63 and 64 end at a block boundary.
 * Reference: GNU coreutils 9.1, `head -c N /dev/zero | tr '\0' a | sha256sum`.
 */
static void test_padding_boundaries(void)
{
	static const struct {
		size_t n;
		const char *hex;
	} cases[] = {
		{55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
		{56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
		{63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
		{64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
	};
	unsigned char buf[64];
	char hex[65];

	memset(buf, 'a', sizeof buf);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		hash_once(buf, cases[i].n, hex);
		CHECK_STR(hex, cases[i].hex);
	}
}

/* Chunked updates must give the one-update digest, whatever the chunk sizes. */
static void test_chunking(void)
{
	/* Odd sizes straddle the 64-byte block in every way; 0 is a legal no-op update. */
	static const size_t sizes[] = {1, 63, 64, 65, 0, 2, 127, 128, 129, 3, 200, 31, 33, 1000};
	const size_t nsizes = sizeof sizes / sizeof sizes[0];
	enum { N = 10007 }; /* prime, so the data ends mid-block */
	unsigned char *data = malloc(N);
	char whole[65], part[65];
	uint32_t x = 12345;

	CHECK(data != NULL);
	if (data == NULL)
		return;
	/* Fixed LCG (Numerical Recipes constants) so the bytes are varied but reproducible. */
	for (size_t i = 0; i < N; i++) {
		x = x * 1664525u + 1013904223u;
		data[i] = (unsigned char)(x >> 24);
	}
	hash_once(data, N, whole);

	/* Each size on its own, then all of them in rotation. */
	for (size_t i = 0; i < nsizes; i++) {
		if (sizes[i] == 0)
			continue;
		hash_chunked(data, N, &sizes[i], 1, part);
		HARNESS_REPORT(strcmp(part, whole) == 0, "chunks of %zu: %s, want %s", sizes[i], part,
			       whole);
	}
	hash_chunked(data, N, sizes, nsizes, part);
	CHECK_STR(part, whole);

	/* Also every short prefix, so each final-block shape is reached by chunks too. */
	size_t bad = 0, first_bad = 0;
	for (size_t n = 0; n <= 200; n++) {
		hash_once(data, n, whole);
		hash_chunked(data, n, sizes, nsizes, part);
		if (strcmp(part, whole) != 0 && bad++ == 0)
			first_bad = n;
	}
	HARNESS_REPORT(bad == 0, "%zu prefixes hash differently in chunks, first of %zu bytes", bad,
		       first_bad);
	free(data);
}

void test_sha256(void)
{
	for (portable = 0; portable < 2; portable++) {
		test_published_vectors();
		test_padding_boundaries();
		test_chunking();
	}
}
