/*
 * sha256.c — SHA-256 as specified in FIPS 180-4 (section numbers below refer
 * to it). Entry points: sha256_init, sha256_update, sha256_final, sha256_hex.
 *
 * update() hashes whole 64-byte blocks straight from the caller's buffer and
 * copies only a partial block at either end into ctx->block, so hashing a
 * large file costs one pass over its bytes. The compression function is
 * portable C: the 64 rounds are unrolled with a 16-word rolling message
 * schedule, which lets the compiler keep the working variables in registers.
 * On x86-64 processors with the SHA extensions (checked at run time by
 * sha256_init) the same rounds run on the SHA-NI instructions instead,
 * about five times as fast: the digest of a large file then costs little
 * beside the parse it runs alongside.
 */
#include "sha256.h"

#include <string.h>

#if defined(__x86_64__) && defined(__GNUC__)
#include <cpuid.h>
#include <immintrin.h>
#define HAVE_SHANI_BUILD 1
#endif

/* 4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes. */
static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
/* 4.1.2, functions (4.2)-(4.7). */
#define CH(x, y, z) (((x) & (y)) ^ (~(x) & (z)))
#define MAJ(x, y, z) (((x) & (y)) ^ ((x) & (z)) ^ ((y) & (z)))
#define BSIG0(x) (ROTR(x, 2) ^ ROTR(x, 13) ^ ROTR(x, 22))
#define BSIG1(x) (ROTR(x, 6) ^ ROTR(x, 11) ^ ROTR(x, 25))
#define SSIG0(x) (ROTR(x, 7) ^ ROTR(x, 18) ^ ((x) >> 3))
#define SSIG1(x) (ROTR(x, 17) ^ ROTR(x, 19) ^ ((x) >> 10))

static uint32_t load_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void store_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/*
 * W[t] for t >= 16 (6.2.2 step 1), kept in a 16-word ring: W[t-16] is
 * overwritten by W[t], which is all any later round needs.
 */
#define SCHED(t) \
	(w[(t) & 15] += SSIG1(w[((t) - 2) & 15]) + w[((t) - 7) & 15] + SSIG0(w[((t) - 15) & 15]))

/*
 * One round of 6.2.2 step 3. Instead of shifting h..a each round, the
 * caller rotates the variable names, so a round is pure arithmetic.
 */
#define ROUND(a, b, c, d, e, f, g, h, t, wt)                          \
	do {                                                          \
		uint32_t t1_ = (h) + BSIG1(e) + CH(e, f, g) + K[t] + (wt); \
		uint32_t t2_ = BSIG0(a) + MAJ(a, b, c);               \
		(d) += t1_;                                           \
		(h) = t1_ + t2_;                                      \
	} while (0)

#define ROUNDS8(t, W)                                          \
	do {                                                   \
		ROUND(a, b, c, d, e, f, g, h, (t) + 0, W((t) + 0)); \
		ROUND(h, a, b, c, d, e, f, g, (t) + 1, W((t) + 1)); \
		ROUND(g, h, a, b, c, d, e, f, (t) + 2, W((t) + 2)); \
		ROUND(f, g, h, a, b, c, d, e, (t) + 3, W((t) + 3)); \
		ROUND(e, f, g, h, a, b, c, d, (t) + 4, W((t) + 4)); \
		ROUND(d, e, f, g, h, a, b, c, (t) + 5, W((t) + 5)); \
		ROUND(c, d, e, f, g, h, a, b, (t) + 6, W((t) + 6)); \
		ROUND(b, c, d, e, f, g, h, a, (t) + 7, W((t) + 7)); \
	} while (0)

#define WLOAD(t) (w[t] = load_be32(p + 4 * (t)))

/* Hashes nblocks consecutive 64-byte blocks starting at p into the state hs (6.2.2). */
static void compress(uint32_t hs[8], const unsigned char *p, size_t nblocks)
{
	uint32_t w[16];

	for (; nblocks > 0; nblocks--, p += 64) {
		uint32_t a = hs[0], b = hs[1], c = hs[2], d = hs[3];
		uint32_t e = hs[4], f = hs[5], g = hs[6], h = hs[7];

		ROUNDS8(0, WLOAD);
		ROUNDS8(8, WLOAD);
		ROUNDS8(16, SCHED);
		ROUNDS8(24, SCHED);
		ROUNDS8(32, SCHED);
		ROUNDS8(40, SCHED);
		ROUNDS8(48, SCHED);
		ROUNDS8(56, SCHED);

		hs[0] += a;
		hs[1] += b;
		hs[2] += c;
		hs[3] += d;
		hs[4] += e;
		hs[5] += f;
		hs[6] += g;
		hs[7] += h;
	}
}

#ifdef HAVE_SHANI_BUILD
/* CPUID: SHA (leaf 7, EBX bit 29), SSSE3 (leaf 1, ECX bit 9), SSE4.1 (leaf 1, ECX bit 19). */
static int cpu_has_shani(void)
{
	unsigned a, b, c, d;
	if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 9)) || !(c & (1u << 19)))
		return 0;
	if (__get_cpuid_max(0, NULL) < 7)
		return 0;
	__cpuid_count(7, 0, a, b, c, d);
	return (b >> 29) & 1;
}

/*
 * compress() on the SHA extensions. The instructions keep the state as two
 * registers, (a, b, e, f) and (c, d, g, h); each sha256rnds2 does two
 * rounds, sha256msg1 and sha256msg2 the two halves of the schedule of
 * 6.2.2 step 1 for four words, held here in a ring of four registers.
 */
__attribute__((target("sha,sse4.1,ssse3")))
static void compress_shani(uint32_t hs[8], const unsigned char *p, size_t nblocks)
{
	const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
	__m128i dcba = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&hs[0]), 0xB1);
	__m128i hgfe = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&hs[4]), 0x1B);
	__m128i abef = _mm_alignr_epi8(dcba, hgfe, 8);
	__m128i cdgh = _mm_blend_epi16(hgfe, dcba, 0xF0);
	for (; nblocks > 0; nblocks--, p += 64) {
		__m128i abef0 = abef, cdgh0 = cdgh, w[4];
		for (int i = 0; i < 16; i++) {
			if (i < 4) {
				w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), bswap);
			} else {
				__m128i x = _mm_sha256msg1_epu32(w[(i - 4) & 3], w[(i - 3) & 3]);
				x = _mm_add_epi32(x, _mm_alignr_epi8(w[(i - 1) & 3], w[(i - 2) & 3], 4));
				w[i & 3] = _mm_sha256msg2_epu32(x, w[(i - 1) & 3]);
			}
			__m128i msg = _mm_add_epi32(w[i & 3], _mm_loadu_si128((const __m128i *)&K[4 * i]));
			cdgh = _mm_sha256rnds2_epu32(cdgh, abef, msg);
			abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(msg, 0x0E));
		}
		abef = _mm_add_epi32(abef, abef0);
		cdgh = _mm_add_epi32(cdgh, cdgh0);
	}
	__m128i feba = _mm_shuffle_epi32(abef, 0x1B);
	__m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
	_mm_storeu_si128((__m128i *)&hs[0], _mm_blend_epi16(feba, dchg, 0xF0));
	_mm_storeu_si128((__m128i *)&hs[4], _mm_alignr_epi8(dchg, feba, 8));
}
#endif

static void compress_blocks(struct sha256 *ctx, const unsigned char *p, size_t nblocks)
{
#ifdef HAVE_SHANI_BUILD
	if (ctx->shani) {
		compress_shani(ctx->h, p, nblocks);
		return;
	}
#endif
	compress(ctx->h, p, nblocks);
}

void sha256_init(struct sha256 *ctx)
{
	/* 5.3.3: the first 32 bits of the fractional parts of the square roots of the first 8 primes. */
	static const uint32_t h0[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};
	memcpy(ctx->h, h0, sizeof h0);
	ctx->nbytes = 0;
	ctx->blen = 0;
#ifdef HAVE_SHANI_BUILD
	ctx->shani = cpu_has_shani();
#else
	ctx->shani = 0;
#endif
}

void sha256_update(struct sha256 *ctx, const void *data, size_t n)
{
	const unsigned char *p = data;

	if (n == 0)
		return;
	ctx->nbytes += n;
	if (ctx->blen > 0) {
		size_t take = 64 - ctx->blen;
		if (take > n)
			take = n;
		memcpy(ctx->block + ctx->blen, p, take);
		ctx->blen += take;
		p += take;
		n -= take;
		if (ctx->blen < 64)
			return;
		compress_blocks(ctx, ctx->block, 1);
		ctx->blen = 0;
	}
	if (n >= 64) {
		size_t whole = n / 64;
		compress_blocks(ctx, p, whole);
		p += whole * 64;
		n -= whole * 64;
	}
	if (n > 0) {
		memcpy(ctx->block, p, n);
		ctx->blen = n;
	}
}

/* 5.1.1: append 0x80, zeros up to 56 mod 64, then the message length in bits as 64-bit big-endian. */
void sha256_final(struct sha256 *ctx, unsigned char digest[32])
{
	uint64_t bits = ctx->nbytes * 8;
	size_t i;

	ctx->block[ctx->blen++] = 0x80;
	if (ctx->blen > 56) {
		memset(ctx->block + ctx->blen, 0, 64 - ctx->blen);
		compress_blocks(ctx, ctx->block, 1);
		ctx->blen = 0;
	}
	memset(ctx->block + ctx->blen, 0, 56 - ctx->blen);
	store_be32(ctx->block + 56, (uint32_t)(bits >> 32));
	store_be32(ctx->block + 60, (uint32_t)bits);
	compress_blocks(ctx, ctx->block, 1);
	for (i = 0; i < 8; i++)
		store_be32(digest + 4 * i, ctx->h[i]);
}

void sha256_hex(const unsigned char digest[32], char hex[65])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < 32; i++) {
		hex[2 * i] = digits[digest[i] >> 4];
		hex[2 * i + 1] = digits[digest[i] & 15];
	}
	hex[64] = '\0';
}
