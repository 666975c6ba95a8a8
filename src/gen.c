/*
 * gen.c — dsaudit-gen: writes a synthetic labeled dataset whose group effects
 * are planted on purpose and documented below, so the auditor can be tested
 * against known truth. Entry point main(); scenarios live in the scenarios[]
 * table (only "hiring" so far: gen_hiring_row draws a row's first columns,
 * gen_hiring_extras the columns added later, from a second stream so that
 * adding them changed no earlier byte; hiring_write_row prints the row).
 * Output is RFC 4180 CSV streamed through one large buffer in
 * constant memory. The same --seed gives byte-identical output on any
 * IEEE-754 machine: our own PRNG, integer arithmetic for every printed value,
 * and no libm call anywhere.
 */

/*
 * Scenario "hiring" — what is planted, and how big it is meant to be.
 * Rows are independent draws; within a row the draws happen in a fixed order,
 * so a seed fixes the whole file. P1-P11 come from the base stream
 * (gen_hiring_row); P12-P14 came later and come from the extra stream
 * (gen_hiring_extras, the base stream jumped 2^128 draws ahead), so every
 * column of P1-P11 kept its bytes for each seed, and notes did too except on
 * the rows where P14 plants a value.
 *
 * Columns (19): applicant_id, sex, race, age, education, years_experience,
 * test_score, postcode, referral, womens_club, department, interview_score,
 * hired, screen_pass, notes, qualified, rater_1, rater_2, rater_3.
 *
 * P1 Representation. sex F/M/X = 0.38/0.60/0.02 (women under-represented
 *    against a population of ~0.50). race White/Black/Asian/Hispanic/Other =
 *    0.52/0.16/0.12/0.15/0.05. Race is drawn independently of sex.
 * P2 age 18-70 from bands 18-24/25-34/35-44/45-54/55-64/65-70 =
 *    0.18/0.34/0.24/0.15/0.07/0.02; education HighSchool/Bachelor/Master/PhD =
 *    drawn as 0.25/0.45/0.22/0.08, then lowered when the applicant is too
 *    young for it (finish ages 18/22/24/28), which leaves ~0.33/0.42/0.20/0.06;
 *    years_experience = years since finishing minus up to a quarter of them,
 *    so it follows age closely (r ~ 0.96).
 *    None of these depends on sex or race.
 * P3 Negative control: test_score (0-100, one decimal) has the same
 *    distribution in every group: mean 65, sd ~12 (sum of four uniforms),
 *    clamped to [0, 100]. KS/SMD by sex or race should show nothing.
 * P4 Proxy: postcode (5-digit text, leading zeros kept: 02100-02149,
 *    01000-01049, 08500-08549 are common) comes from one of ten areas whose
 *    mix depends strongly on race (each race but Other has 70-80% of its
 *    applicants in two or three "home" areas). Postcode has NO effect on
 *    hiring; it is there to be found by proxy_strength against race.
 * P5 referral (true/false) = 0.15 for everyone.
 * P6 womens_club (0/1, CV mentions a women's club or college) = 0.75 for F,
 *    0.02 for M, 0.20 for X: a near-perfect proxy for sex.
 * P7 Strata: department Engineering/Sales/Operations/Support, chosen by sex:
 *    M 0.40/0.25/0.20/0.15, F 0.15/0.25/0.25/0.35, X 0.30/0.25/0.22/0.23.
 *    Base hiring rates fall from Engineering to Support, so women apply more
 *    where fewer are hired: the overall F/M gap is larger than the gap
 *    within departments (a Simpson-like effect for cdd and Mantel-Haenszel).
 * P8 Label hired (0/1) ~ Bernoulli(logistic(z)) with
 *      z = dept intercept (Engineering -0.75, Sales -1.10, Operations -1.55,
 *          Support -2.05) + 0.9 * (test_score - 65) / 12
 *          + 0.05 * min(years_experience, 20)
 *          + education (HighSchool -0.4, Bachelor 0, Master +0.25, PhD +0.35)
 *          + 0.8 if referral
 *          - 0.20 if sex = F         (planted penalty on women)
 *          - 0.25 if womens_club = 1 (the proxy the old model penalised)
 *    Intended: DI(F/M) ~ 0.70 overall, failing the four-fifths rule, with the
 *    within-department F/M ratio ~ 0.80; race has NO term, so DI by race
 *    stays within [0.9, 1.1] (negative control).
 * P9 Differential missingness: interview_score (0.0-10.0, one decimal,
 *    mean ~6, follows test_score plus noise, same for every group) is empty
 *    for 15% of Black applicants and 3% of everyone else. It does not enter
 *    the label.
 * P10 Measurement: screen_pass (0/1) is an automated CV screener's decision
 *    compared with hired. False negatives (hired, screened out) = 0.30 for
 *    womens_club = 1 rows and 0.10 otherwise; false positives = 0.10 for
 *    everyone. So fnr(F) ~ 0.25 against fnr(M) ~ 0.10, fpr equal.
 * P11 notes: free text independent of everything; 40% empty, the rest short
 *    neutral phrases, some with commas, double quotes, a line break, a leading
 *    '+' (spreadsheet formula injection) or non-ASCII UTF-8, to exercise CSV
 *    quoting and readers. P14 replaces 2% of them.
 * P12 Label bias: qualified (0/1) is the verdict of a later audit, the truth
 *    that hired should have been. qualified = hired flipped with chance 0.04
 *    (audit noise, either way, everyone), except that a woman who was not
 *    hired is qualified with chance 0.16: the same 0.04 plus 0.12 for the
 *    applicants the P8 penalty wrongly turned away. So label_error_rate
 *    (hired != qualified) is ~0.04 for M and X and ~0.04 + 0.12 * P(not
 *    hired | F) ~ 0.13 for F; by race it is the same (negative control).
 * P13 Annotator bias: rater_1..rater_3 (0/1) are three annotators who each
 *    read the CV on their own and copy qualified, flipping it with chance
 *    0.06, or 0.22 for Hispanic applicants (a name or language bias): their
 *    error against qualified and their disagreement are both much higher
 *    there. By sex the raters behave the same (negative control). rater_3 is
 *    empty for 10% of rows at random (Krippendorff's alpha with missing
 *    values); rater_1 and rater_2 are never empty.
 * P14 Personal data in notes: on 1.50% of rows the note is replaced by one
 *    short sentence holding one value, valid by its own rule, and on 0.50%
 *    by a decoy of the same shape that fails the rule and is nobody's data.
 *    Rates per 10,000 rows and formats (digits vary, drawn per row):
 *      25 email    "Contact: jane.doe17@example.com": first.lastNN (NN
 *                  10-99) at example.com/.org/.net (RFC 2606)
 *      20 phone    "Phone 010-2345-6789": Korean mobile, 2nd block 2000-9999
 *      15 phone    "Call +82 10-2345-6789": the same, international form
 *      20 card     "Card 4111 1111 1111 1111 on file": 4... or 51-55...,
 *                  16 digits in fours, Luhn-valid
 *      20 RRN      "RRN 900101-1234568": a real date in 1950-2005, 7th digit
 *                  1/2 (1900s) or 3/4 (2000s), check digit = (11 - sum of
 *                  digits 1-12 weighted 2,3,4,5,6,7,8,9,2,3,4,5 mod 11) mod 10
 *      20 SSN      "SSN 123-45-6789": area 001-665 or 667-899, group 01-99,
 *                  serial 0001-9999
 *      15 IPv4     "Logged in from 203.0.113.42": 192.0.2.x, 198.51.100.x or
 *                  203.0.113.x (RFC 5737), x 1-254
 *      15 IBAN     "IBAN DE89 3704 0044 0532 0130 00": DE, ISO 13616 mod-97
 *                  check digits, 18 digits, in fours
 *    Decoys, 10 each; a correct detector counts none of them:
 *      "Ref 4111 1111 1111 1112"        16 digits in fours, Luhn fails
 *      "Order 900101-1234567"           RRN shape, a real date, wrong check
 *      "Ticket 666-12-3456"             SSN shape, area 666 or 900-999 (group
 *                                       01-49, so not an ITIN either)
 *      "Batch DE12 3704 0044 ..."       IBAN shape, check digits fail mod 97
 *      "Updated to version 2.14.3"      dotted numbers, three parts: no IPv4
 *    The four groups of four after "DEkk" never pass Luhn, so no IBAN or
 *    IBAN decoy also holds a card number. Nothing is planted in any other
 *    column.
 *
 * Measured with python3's csv module on --rows 100000 --seed 1 (2000-row
 * files are too small for the race control: Other has ~100 rows there):
 *   sex F/M/X 0.378/0.602/0.020; race White/Black/Asian/Hispanic/Other
 *   0.519/0.158/0.121/0.151/0.050; education 0.325/0.419/0.198/0.058.
 *   hired overall 0.342; by sex F 0.270, M 0.387, X 0.378:
 *   DI F/M 0.699 (fails four-fifths), X/M 0.977.
 *   Within department F/M: Engineering 0.840, Sales 0.827, Operations 0.826,
 *   Support 0.764; Mantel-Haenszel OR (F vs M | department) 0.740.
 *   Department shares F 0.154/0.247/0.252/0.347, M 0.398/0.249/0.202/0.152.
 *   hired by race 0.341/0.346/0.345/0.339/0.350: DI vs White Black 1.014,
 *   Asian 1.010, Hispanic 0.993, Other 1.025.
 *   womens_club F 0.752, M 0.020, X 0.200.
 *   interview_score missing: Black 0.144; White 0.031, Asian 0.032,
 *   Hispanic 0.031, Other 0.031.
 *   postcode: 500 distinct, 45% start with 0; Cramer's V with race 0.533;
 *   the majority race of a postcode is the applicant's race for 71.9% of
 *   rows (base rate 51.9%).
 *   test_score mean/sd F 65.05/12.05, M 65.00/12.03, Black 65.00/12.04,
 *   White 65.04/12.04 (all groups 64.9-65.2 / 12.0-12.1).
 *   corr(age, years_experience) 0.964; interview_score mean 6.00, sd 1.59.
 *   screen_pass fnr/fpr F 0.238/0.101, M 0.103/0.099, X 0.129/0.104.
 *   notes empty 0.390 (0.399 before P14); 22.1% contain a comma, 7.4% a
 *   quote, 3.6% a newline.
 *   label_error_rate (hired != qualified) by sex F 0.126, M 0.041, X 0.036;
 *   by race White 0.073, Black 0.074, Asian 0.074, Hispanic 0.071, Other
 *   0.076. P(qualified | not hired) F 0.159, M 0.041.
 *   Rater error vs qualified (present ratings) by race White 0.061, Black
 *   0.060, Asian 0.060, Hispanic 0.218, Other 0.061; by sex F 0.085, M
 *   0.084, X 0.093. Agreement (all present raters equal) by race White
 *   0.834, Black 0.835, Asian 0.838, Hispanic 0.509, Other 0.833; by sex F
 *   0.785, M 0.787, X 0.767; overall 0.786 (0.778 with three raters, 0.852
 *   with two). Krippendorff's alpha (nominal) White 0.762, Hispanic 0.310,
 *   F 0.691, M 0.696. rater_3 empty 0.100.
 *   P14 rows: email 249, phone 010 204, phone +82 140, card 224, RRN 200,
 *   SSN 199, IPv4 140, IBAN 148 (1504 in all, 1.50%); decoys: card 116,
 *   RRN 117, SSN 95, IBAN 103, version 95 (526, 0.53%). All planted values
 *   pass and all decoys fail an independent check (Python's csv and
 *   int; the same checks run in sqlite3 in tests/gen.test).
 */
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GEN_DEFAULT_ROWS 2000
#define GEN_DEFAULT_SEED 1
#define OUT_BUF_SIZE (1u << 20)
/* No row is longer than this; the buffer is flushed before each row needs it. */
#define ROW_MAX 1024

/* ---- PRNG: xoshiro256** seeded by splitmix64 (Blackman & Vigna 2018) ---- */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15u);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

/* splitmix64 spreads any seed, 0 included, over the 256-bit state. */
static void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t result = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/*
 * Moves r 2^128 draws ahead (the authors' jump polynomial for xoshiro256).
 * A copy of a stream, jumped, gives a second stream that cannot overlap the
 * first: columns added later draw from it, so the draws of the older columns,
 * and so their bytes for a given seed, stay exactly as they were.
 */
static void rng_jump(struct rng *r)
{
	static const uint64_t jump[4] = {
		0x180ec6d33cfd0abau, 0xd5a61266f0c9392cu,
		0xa9582618e03fc9aau, 0x39abdc4529b1661cu,
	};
	uint64_t t[4] = { 0, 0, 0, 0 };
	for (int i = 0; i < 4; i++)
		for (int b = 0; b < 64; b++) {
			if (jump[i] & (uint64_t)1 << b)
				for (int k = 0; k < 4; k++)
					t[k] ^= r->s[k];
			rng_next(r);
		}
	for (int k = 0; k < 4; k++)
		r->s[k] = t[k];
}

/* Uniform integer in [0, n), n < 2^32; the bias of this multiply-shift
 * (at most n / 2^32) is far below anything the audit can see. */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * n) >> 32);
}

/* Uniform double in [0, 1): 53 random bits, exact on every machine. */
static double rng_uniform(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

static int rng_chance(struct rng *r, uint32_t permille)
{
	return rng_below(r, 1000) < permille;
}

/* Index i with probability weights[i] / 1000; the weights sum to 1000. */
static unsigned rng_pick(struct rng *r, const uint16_t *weights, unsigned n)
{
	uint32_t u = rng_below(r, 1000);
	for (unsigned i = 0; i + 1 < n; i++) {
		if (u < weights[i])
			return i;
		u -= weights[i];
	}
	return n - 1;
}

/*
 * e^x from +, *, / only, so hiring decisions do not depend on a platform's
 * libm: e^x = (e^(x/64))^64, the inner value by its Taylor series
 * (|x/64| <= 0.63, 16 terms). Accuracy ~1e-14 relative, ample for a
 * probability; what matters is that every IEEE-754 machine gets the same bits.
 */
static double det_exp(double x)
{
	if (x > 40.0)
		x = 40.0;
	if (x < -40.0)
		x = -40.0;
	double y = x / 64.0, term = 1.0, sum = 1.0;
	for (int k = 1; k <= 16; k++) {
		term = term * y / k;
		sum = sum + term;
	}
	for (int i = 0; i < 6; i++)
		sum = sum * sum;
	return sum;
}

static double logistic(double z)
{
	return 1.0 / (1.0 + det_exp(-z));
}

/* ---- output: one big buffer in front of the FILE, integers by hand ---- */

struct out {
	FILE *fp;
	char *buf;
	size_t len, cap;
	int failed; /* a write failed; errno saved in err */
	int err;
};

static void out_flush(struct out *o)
{
	if (o->len && !o->failed && fwrite(o->buf, 1, o->len, o->fp) != o->len) {
		o->failed = 1;
		o->err = errno;
	}
	o->len = 0;
}

/* Makes room for n more bytes (n <= cap); the out_put* calls rely on it. */
static void out_reserve(struct out *o, size_t n)
{
	if (o->cap - o->len < n)
		out_flush(o);
}

static void out_bytes(struct out *o, const char *s, size_t n)
{
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

static void out_str(struct out *o, const char *s)
{
	out_bytes(o, s, strlen(s));
}

static void out_char(struct out *o, char c)
{
	o->buf[o->len++] = c;
}

static void out_uint(struct out *o, uint64_t v)
{
	char tmp[20];
	int n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		out_char(o, tmp[--n]);
}

/* v tenths as "12.3": reals are kept as integer tenths so they print exactly. */
static void out_tenths(struct out *o, unsigned v)
{
	out_uint(o, v / 10);
	out_char(o, '.');
	out_char(o, (char)('0' + v % 10));
}

/* Exactly width digits, leading zeros kept (postcodes). */
static void out_digits(struct out *o, unsigned v, int width)
{
	for (int i = width - 1; i >= 0; i--) {
		o->buf[o->len + (size_t)i] = (char)('0' + v % 10);
		v /= 10;
	}
	o->len += (size_t)width;
}

/* RFC 4180: quote only a field holding a comma, a quote, CR or LF. */
static void out_csv_field(struct out *o, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		out_str(o, s);
		return;
	}
	out_char(o, '"');
	for (; *s; s++) {
		if (*s == '"')
			out_char(o, '"');
		out_char(o, *s);
	}
	out_char(o, '"');
}

/* ---- the two streams every scenario draws from ---- */

struct gen_rngs {
	struct rng base;  /* every column the scenario had first (P1-P11) */
	struct rng extra; /* columns added later (P12-P14): base jumped 2^128 */
};

/* ---- scenario "hiring" (see P1-P14 above) ---- */

enum sex { SEX_F, SEX_M, SEX_X, SEX_N };
enum race { RACE_WHITE, RACE_BLACK, RACE_ASIAN, RACE_HISPANIC, RACE_OTHER, RACE_N };
enum education { EDU_HS, EDU_BACHELOR, EDU_MASTER, EDU_PHD, EDU_N };
enum dept { DEPT_ENG, DEPT_SALES, DEPT_OPS, DEPT_SUPPORT, DEPT_N };

#define AGE_BANDS 6
#define POSTCODE_AREAS 10

static const char *const sex_names[SEX_N] = { "F", "M", "X" };
static const uint16_t sex_weights[SEX_N] = { 380, 600, 20 };

static const char *const race_names[RACE_N] = {
	"White", "Black", "Asian", "Hispanic", "Other",
};
static const uint16_t race_weights[RACE_N] = { 520, 160, 120, 150, 50 };

static const uint16_t age_band_weights[AGE_BANDS] = { 180, 340, 240, 150, 70, 20 };
static const unsigned age_band_low[AGE_BANDS] = { 18, 25, 35, 45, 55, 65 };
static const unsigned age_band_high[AGE_BANDS] = { 24, 34, 44, 54, 64, 70 };

static const char *const edu_names[EDU_N] = { "HighSchool", "Bachelor", "Master", "PhD" };
static const uint16_t edu_weights[EDU_N] = { 250, 450, 220, 80 };
static const unsigned edu_finish_age[EDU_N] = { 18, 22, 24, 28 };
static const double edu_effect[EDU_N] = { -0.4, 0.0, 0.25, 0.35 };

static const char *const dept_names[DEPT_N] = {
	"Engineering", "Sales", "Operations", "Support",
};
/* P7: rows are sexes, women lean to the departments that hire fewer. */
static const uint16_t dept_weights[SEX_N][DEPT_N] = {
	[SEX_F] = { 150, 250, 250, 350 },
	[SEX_M] = { 400, 250, 200, 150 },
	[SEX_X] = { 300, 250, 220, 230 },
};
static const double dept_intercept[DEPT_N] = { -0.75, -1.10, -1.55, -2.05 };

/* P4: three-digit prefixes; the last two digits are drawn from 00-49. */
static const unsigned postcode_prefix[POSTCODE_AREAS] = {
	21, 100, 303, 606, 900, 770, 482, 10, 85, 941,
};
static const uint16_t postcode_weights[RACE_N][POSTCODE_AREAS] = {
	[RACE_WHITE] = { 250, 50, 30, 50, 30, 30, 30, 250, 250, 30 },
	[RACE_BLACK] = { 30, 60, 350, 60, 30, 30, 350, 30, 30, 30 },
	[RACE_ASIAN] = { 45, 250, 40, 45, 45, 40, 45, 45, 45, 400 },
	[RACE_HISPANIC] = { 30, 35, 30, 35, 400, 350, 30, 30, 30, 30 },
	[RACE_OTHER] = { 100, 100, 100, 100, 100, 100, 100, 100, 100, 100 },
};

static const uint16_t womens_club_permille[SEX_N] = { 750, 20, 200 };
static const uint16_t interview_missing_permille[RACE_N] = { 30, 150, 30, 30, 30 };

#define REFERRAL_PERMILLE 150
#define HIRE_TEST_PER_SD 0.9
#define HIRE_EXPERIENCE_PER_YEAR 0.05
#define HIRE_EXPERIENCE_CAP 20
#define HIRE_REFERRAL 0.8
#define HIRE_PENALTY_F (-0.20)
#define HIRE_PENALTY_CLUB (-0.25)
#define SCREEN_FN_CLUB_PERMILLE 300
#define SCREEN_FN_PERMILLE 100
#define SCREEN_FP_PERMILLE 100

/* P11: index 0 (empty) takes 40%; the rest share 60% evenly. */
static const char *const notes[] = {
	"",
	"Strong communication skills",
	"Relocating, available in March",
	"Prefers remote work",
	"Former intern",
	"Said \"ready to start\" immediately",
	"Needs visa sponsorship, per recruiter",
	"Portfolio link provided",
	"Part-time, evenings only",
	"Team lead, 5 reports",
	"Call back:\nafter 5pm",
	"+2 references on file",
	"Caf\xc3\xa9 manager, 3 yrs",
	"Speaks Spanish and French",
	"Asked about \"flexible\" hours, parking",
	"Second interview requested",
	"No notes",
};
#define NOTE_COUNT (sizeof notes / sizeof notes[0])
#define NOTE_EMPTY_PERMILLE 400

/* P12: audit noise for everyone, plus the women the penalty turned away. */
#define QUALIFIED_FLIP_PERMILLE 40
#define QUALIFIED_MISSED_F_PERMILLE 120

/* P13: each rater flips qualified with this chance; Hispanic CVs are misread. */
#define RATERS 3
static const uint16_t rater_error_permille[RACE_N] = { 60, 60, 60, 220, 60 };
#define RATER_3_MISSING_PERMILLE 100

/*
 * P14: what a note may hold instead of its phrase. The PII_* kinds are
 * personal data in form (made up, but valid by their own rules); the DECOY_*
 * kinds have the same shape but fail the rule, so a detector that counts
 * them is wrong.
 */
enum pii_kind {
	PII_EMAIL, PII_PHONE_KR, PII_PHONE_INTL, PII_CARD, PII_RRN, PII_SSN,
	PII_IP, PII_IBAN,
	DECOY_CARD, DECOY_RRN, DECOY_SSN, DECOY_IBAN, DECOY_VERSION,
	PII_KIND_N, PII_NONE = PII_KIND_N,
};
/* Rows per 10,000 (finer than permille: the kinds are rare). Planted 150,
 * decoys 50. */
static const uint16_t pii_per_10000[PII_KIND_N] = {
	[PII_EMAIL] = 25, [PII_PHONE_KR] = 20, [PII_PHONE_INTL] = 15,
	[PII_CARD] = 20, [PII_RRN] = 20, [PII_SSN] = 20, [PII_IP] = 15,
	[PII_IBAN] = 15,
	[DECOY_CARD] = 10, [DECOY_RRN] = 10, [DECOY_SSN] = 10,
	[DECOY_IBAN] = 10, [DECOY_VERSION] = 10,
};
/* Longest sentence is ~45 bytes; the row stays far below ROW_MAX. */
#define PII_NOTE_MAX 64

static const char *const pii_first_names[] = {
	"jane", "john", "minji", "jiho", "maria", "carlos",
	"wei", "aisha", "olga", "tom", "seoyeon", "ahmed",
};
static const char *const pii_last_names[] = {
	"doe", "kim", "lee", "park", "garcia", "smith",
	"chen", "khan", "novak", "brown", "choi", "lopez",
};
/* RFC 2606 domains and RFC 5737 networks: nobody real is named. */
static const char *const pii_email_domains[] = {
	"example.com", "example.org", "example.net",
};
static const char *const pii_ip_networks[] = {
	"192.0.2.", "198.51.100.", "203.0.113.",
};
#define COUNT_OF(a) (sizeof (a) / sizeof (a)[0])

struct hiring_row {
	uint64_t id;
	enum sex sex;
	enum race race;
	unsigned age;
	enum education edu;
	unsigned experience;
	unsigned test_tenths; /* 0..1000 */
	unsigned postcode;
	int referral;
	int womens_club;
	enum dept dept;
	int interview_missing;
	unsigned interview_tenths; /* 0..100 */
	int hired;
	int screen_pass;
	unsigned note;
	/* P12-P14, drawn from the extra stream after the fields above */
	int qualified;
	int rater[RATERS];
	int rater_3_missing;
	char pii_note[PII_NOTE_MAX]; /* "" or a P14 sentence that replaces the note */
};

static void hiring_write_header(struct out *o)
{
	out_str(o, "applicant_id,sex,race,age,education,years_experience,"
		"test_score,postcode,referral,womens_club,department,"
		"interview_score,hired,screen_pass,notes,qualified,"
		"rater_1,rater_2,rater_3\n");
}

/* P2: lowered education for applicants too young to have finished it. */
static enum education hiring_education(struct rng *r, unsigned age)
{
	enum education e = (enum education)rng_pick(r, edu_weights, EDU_N);
	while (e > EDU_HS && edu_finish_age[e] > age)
		e--;
	return e;
}

/* P3: Irwin-Hall sum of four uniforms on [-104, 104] tenths: sd ~120. */
static unsigned hiring_test_score(struct rng *r)
{
	int v = 650;
	for (int i = 0; i < 4; i++)
		v += (int)rng_below(r, 209) - 104;
	return v < 0 ? 0 : v > 1000 ? 1000 : (unsigned)v;
}

/* P9: follows the test score plus noise, on a 0-10 scale in tenths. */
static unsigned hiring_interview_score(struct rng *r, unsigned test_tenths)
{
	int v = 60 + ((int)test_tenths - 650) / 12;
	for (int i = 0; i < 2; i++)
		v += (int)rng_below(r, 31) - 15;
	return v < 0 ? 0 : v > 100 ? 100 : (unsigned)v;
}

/* P8: the label's log-odds; race does not appear. */
static double hiring_logit(const struct hiring_row *h)
{
	unsigned exp_years = h->experience < HIRE_EXPERIENCE_CAP ?
		h->experience : HIRE_EXPERIENCE_CAP;
	double z = dept_intercept[h->dept];
	z += HIRE_TEST_PER_SD * ((double)h->test_tenths - 650.0) / 120.0;
	z += HIRE_EXPERIENCE_PER_YEAR * exp_years;
	z += edu_effect[h->edu];
	if (h->referral)
		z += HIRE_REFERRAL;
	if (h->sex == SEX_F)
		z += HIRE_PENALTY_F;
	if (h->womens_club)
		z += HIRE_PENALTY_CLUB;
	return z;
}

/* P10: errors of the screener, heavier on CVs that mention a women's club. */
static int hiring_screen(struct rng *r, const struct hiring_row *h)
{
	if (h->hired)
		return !rng_chance(r, h->womens_club ? SCREEN_FN_CLUB_PERMILLE : SCREEN_FN_PERMILLE);
	return rng_chance(r, SCREEN_FP_PERMILLE);
}

static unsigned hiring_note(struct rng *r)
{
	uint32_t u = rng_below(r, 1000);
	if (u < NOTE_EMPTY_PERMILLE)
		return 0;
	return 1 + (unsigned)((u - NOTE_EMPTY_PERMILLE) * (NOTE_COUNT - 1) /
		(1000 - NOTE_EMPTY_PERMILLE));
}

/* P12: the later audit's verdict; hired is the label it corrects. */
static int hiring_qualified(struct rng *x, const struct hiring_row *h)
{
	uint32_t flip = QUALIFIED_FLIP_PERMILLE;
	if (h->sex == SEX_F && !h->hired)
		flip += QUALIFIED_MISSED_F_PERMILLE;
	return h->hired ^ rng_chance(x, flip);
}

/* ---- P14: planted personal data, each value valid by its own rule ---- */

static void draw_digits(struct rng *x, unsigned char *d, int n)
{
	for (int i = 0; i < n; i++)
		d[i] = (unsigned char)rng_below(x, 10);
}

static void out_digit_run(struct out *o, const unsigned char *d, int n)
{
	for (int i = 0; i < n; i++)
		out_char(o, (char)('0' + d[i]));
}

/* Luhn: the payload's last digit and every second one leftwards are
 * doubled (9 off when above 9); the check digit tops the sum up to 0 mod 10. */
static unsigned char luhn_check_digit(const unsigned char *d, int n)
{
	unsigned sum = 0;
	for (int i = n - 1; i >= 0; i--) {
		unsigned v = d[i];
		if ((n - 1 - i) % 2 == 0)
			v = v * 2 > 9 ? v * 2 - 9 : v * 2;
		sum += v;
	}
	return (unsigned char)((10 - sum % 10) % 10);
}

/* Visa-like 4... or Mastercard-like 51-55..., 16 digits, Luhn-valid. */
static void draw_card(struct rng *x, unsigned char d[16])
{
	int fixed = 1;
	d[0] = rng_below(x, 2) ? 5 : 4;
	if (d[0] == 5)
		d[fixed++] = (unsigned char)(1 + rng_below(x, 5));
	draw_digits(x, d + fixed, 15 - fixed);
	d[15] = luhn_check_digit(d, 15);
}

static void out_card(struct out *o, const unsigned char d[16])
{
	for (int i = 0; i < 16; i += 4) {
		if (i)
			out_char(o, ' ');
		out_digit_run(o, d + i, 4);
	}
}

/* Korean resident registration number: weights 2-9,2-5 on twelve digits. */
static unsigned char rrn_check_digit(const unsigned char d[13])
{
	static const unsigned char weight[12] = { 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 };
	unsigned sum = 0;
	for (int i = 0; i < 12; i++)
		sum += d[i] * weight[i];
	return (unsigned char)((11 - sum % 11) % 10);
}

static unsigned days_in_month(unsigned year, unsigned month)
{
	static const unsigned char days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
	return days[month - 1] + (month == 2 && leap);
}

/* YYMMDD of a real date in 1950-2005, then the 7th digit (1/2 for the
 * 1900s, 3/4 for the 2000s), five free digits and the check digit. */
static void draw_rrn(struct rng *x, unsigned char d[13])
{
	unsigned year = 1950 + rng_below(x, 56);
	unsigned month = 1 + rng_below(x, 12);
	unsigned day = 1 + rng_below(x, days_in_month(year, month));
	unsigned ymd[3] = { year % 100, month, day };
	for (int i = 0; i < 3; i++) {
		d[2 * i] = (unsigned char)(ymd[i] / 10);
		d[2 * i + 1] = (unsigned char)(ymd[i] % 10);
	}
	d[6] = (unsigned char)((year < 2000 ? 1 : 3) + rng_below(x, 2));
	draw_digits(x, d + 7, 5);
	d[12] = rrn_check_digit(d);
}

static void out_rrn(struct out *o, const unsigned char d[13])
{
	out_digit_run(o, d, 6);
	out_char(o, '-');
	out_digit_run(o, d + 6, 7);
}

static void out_ssn(struct out *o, unsigned area, unsigned group, unsigned serial)
{
	out_digits(o, area, 3);
	out_char(o, '-');
	out_digits(o, group, 2);
	out_char(o, '-');
	out_digits(o, serial, 4);
}

/* ISO 13616 check digits of "DEkk" + bban: the country and "00" moved to
 * the end, D = 13, E = 14, the whole number mod 97, then 98 - remainder. */
static unsigned iban_check_digits(const unsigned char bban[18])
{
	static const unsigned char country_then_00[6] = { 1, 3, 1, 4, 0, 0 };
	unsigned rem = 0;
	for (int i = 0; i < 18; i++)
		rem = (rem * 10 + bban[i]) % 97;
	for (int i = 0; i < 6; i++)
		rem = (rem * 10 + country_then_00[i]) % 97;
	return 98 - rem;
}

/* German-like: DE, two check digits, 18 digits; printed in groups of four. */
static void out_iban(struct out *o, unsigned check, const unsigned char bban[18])
{
	char s[22] = { 'D', 'E', (char)('0' + check / 10), (char)('0' + check % 10) };
	for (int i = 0; i < 18; i++)
		s[4 + i] = (char)('0' + bban[i]);
	for (int i = 0; i < 22; i++) {
		if (i && i % 4 == 0)
			out_char(o, ' ');
		out_char(o, s[i]);
	}
}

static enum pii_kind pii_pick_kind(struct rng *x)
{
	uint32_t u = rng_below(x, 10000);
	for (unsigned k = 0; k < PII_KIND_N; k++) {
		if (u < pii_per_10000[k])
			return (enum pii_kind)k;
		u -= pii_per_10000[k];
	}
	return PII_NONE;
}

/* A digit other than d: a check digit that is certainly wrong. */
static unsigned char other_digit(struct rng *x, unsigned char d)
{
	return (unsigned char)((d + 1 + rng_below(x, 9)) % 10);
}

static void pii_write_email(struct rng *x, struct out *o)
{
	out_str(o, "Contact: ");
	out_str(o, pii_first_names[rng_below(x, COUNT_OF(pii_first_names))]);
	out_char(o, '.');
	out_str(o, pii_last_names[rng_below(x, COUNT_OF(pii_last_names))]);
	out_uint(o, 10 + rng_below(x, 90));
	out_char(o, '@');
	out_str(o, pii_email_domains[rng_below(x, COUNT_OF(pii_email_domains))]);
}

/* Korean mobile: 010, then a block of four starting 2-9, then any four. */
static void pii_write_mobile(struct rng *x, struct out *o, const char *prefix)
{
	out_str(o, prefix);
	out_digits(o, 2000 + rng_below(x, 8000), 4);
	out_char(o, '-');
	out_digits(o, rng_below(x, 10000), 4);
}

/* SSA rules: area 001-899 but not 666, group 01-99, serial 0001-9999. */
static void pii_write_ssn(struct rng *x, struct out *o)
{
	unsigned area = 1 + rng_below(x, 898);
	if (area >= 666)
		area++;
	unsigned group = 1 + rng_below(x, 99);
	out_str(o, "SSN ");
	out_ssn(o, area, group, 1 + rng_below(x, 9999));
}

/* Area 666 or 900-999 is never issued; groups 01-49 keep 9xx out of the
 * ITIN ranges too, so the number is nobody's identifier. */
static void decoy_write_ssn(struct rng *x, struct out *o)
{
	unsigned pick = rng_below(x, 101);
	unsigned area = pick == 0 ? 666 : 899 + pick;
	unsigned group = 1 + rng_below(x, 49);
	out_str(o, "Ticket ");
	out_ssn(o, area, group, 1 + rng_below(x, 9999));
}

/* The first 16 BBAN digits print as four groups of four, the shape of a
 * card number; one digit is nudged when they would pass Luhn, so no IBAN or
 * IBAN decoy also holds a card and the planted counts stay unambiguous. */
static void pii_write_iban(struct rng *x, struct out *o, int valid)
{
	unsigned char bban[18];
	draw_digits(x, bban, 18);
	if (luhn_check_digit(bban, 15) == bban[15])
		bban[15] = (unsigned char)((bban[15] + 1) % 10);
	unsigned check = iban_check_digits(bban);
	if (!valid) /* any of the other 96 values in 02-98: all fail mod 97 */
		check = 2 + (check - 2 + 1 + rng_below(x, 96)) % 97;
	out_str(o, valid ? "IBAN " : "Batch ");
	out_iban(o, check, bban);
}

/* Writes the sentence of kind k into buf (PII_NOTE_MAX bytes), through a
 * struct out that is never flushed: every sentence is shorter than buf. */
static void pii_sentence(struct rng *x, enum pii_kind k, char *buf)
{
	struct out o = { .buf = buf, .cap = PII_NOTE_MAX - 1 };
	unsigned char d[16];

	switch (k) {
	case PII_EMAIL:
		pii_write_email(x, &o);
		break;
	case PII_PHONE_KR:
		pii_write_mobile(x, &o, "Phone 010-");
		break;
	case PII_PHONE_INTL:
		pii_write_mobile(x, &o, "Call +82 10-");
		break;
	case PII_CARD:
	case DECOY_CARD:
		draw_card(x, d);
		if (k == DECOY_CARD)
			d[15] = other_digit(x, d[15]);
		out_str(&o, k == PII_CARD ? "Card " : "Ref ");
		out_card(&o, d);
		if (k == PII_CARD)
			out_str(&o, " on file");
		break;
	case PII_RRN:
	case DECOY_RRN: {
		unsigned char r[13];
		draw_rrn(x, r);
		if (k == DECOY_RRN)
			r[12] = other_digit(x, r[12]);
		out_str(&o, k == PII_RRN ? "RRN " : "Order ");
		out_rrn(&o, r);
		break;
	}
	case PII_SSN:
		pii_write_ssn(x, &o);
		break;
	case DECOY_SSN:
		decoy_write_ssn(x, &o);
		break;
	case PII_IP:
		out_str(&o, "Logged in from ");
		out_str(&o, pii_ip_networks[rng_below(x, COUNT_OF(pii_ip_networks))]);
		out_uint(&o, 1 + rng_below(x, 254));
		break;
	case PII_IBAN:
	case DECOY_IBAN:
		pii_write_iban(x, &o, k == PII_IBAN);
		break;
	case DECOY_VERSION: /* three parts: dotted, but no IPv4 address */
		out_str(&o, "Updated to version ");
		out_uint(&o, 1 + rng_below(x, 9));
		out_char(&o, '.');
		out_uint(&o, rng_below(x, 20));
		out_char(&o, '.');
		out_uint(&o, rng_below(x, 30));
		break;
	case PII_NONE:
		break;
	}
	buf[o.len] = '\0';
}

/*
 * P12-P14, from the extra stream x, after gen_hiring_row has drawn the rest
 * of the row from the base stream. The order of these draws is part of the
 * output format too, but it cannot move any older column.
 */
static void gen_hiring_extras(struct rng *x, struct hiring_row *h)
{
	h->qualified = hiring_qualified(x, h);
	for (int i = 0; i < RATERS; i++)
		h->rater[i] = h->qualified ^ rng_chance(x, rater_error_permille[h->race]);
	h->rater_3_missing = rng_chance(x, RATER_3_MISSING_PERMILLE);
	pii_sentence(x, pii_pick_kind(x), h->pii_note);
}

/* Draws one applicant. The order of the draws is part of the output format:
 * changing it changes every file generated from a given seed. */
static void gen_hiring_row(struct rng *r, uint64_t id, struct hiring_row *h)
{
	h->id = id;
	h->sex = (enum sex)rng_pick(r, sex_weights, SEX_N);
	h->race = (enum race)rng_pick(r, race_weights, RACE_N);
	unsigned band = rng_pick(r, age_band_weights, AGE_BANDS);
	h->age = age_band_low[band] + rng_below(r, age_band_high[band] - age_band_low[band] + 1);
	h->edu = hiring_education(r, h->age);
	unsigned span = h->age - edu_finish_age[h->edu];
	h->experience = span - rng_below(r, span / 4 + 1);
	h->test_tenths = hiring_test_score(r);
	unsigned area = rng_pick(r, postcode_weights[h->race], POSTCODE_AREAS);
	h->postcode = postcode_prefix[area] * 100 + rng_below(r, 50);
	h->referral = rng_chance(r, REFERRAL_PERMILLE);
	h->womens_club = rng_chance(r, womens_club_permille[h->sex]);
	h->dept = (enum dept)rng_pick(r, dept_weights[h->sex], DEPT_N);
	h->interview_missing = rng_chance(r, interview_missing_permille[h->race]);
	h->interview_tenths = hiring_interview_score(r, h->test_tenths);
	h->hired = rng_uniform(r) < logistic(hiring_logit(h));
	h->screen_pass = hiring_screen(r, h);
	h->note = hiring_note(r);
}

static void hiring_write_row(struct out *o, const struct hiring_row *h)
{
	out_uint(o, h->id);
	out_char(o, ',');
	out_str(o, sex_names[h->sex]);
	out_char(o, ',');
	out_str(o, race_names[h->race]);
	out_char(o, ',');
	out_uint(o, h->age);
	out_char(o, ',');
	out_str(o, edu_names[h->edu]);
	out_char(o, ',');
	out_uint(o, h->experience);
	out_char(o, ',');
	out_tenths(o, h->test_tenths);
	out_char(o, ',');
	out_digits(o, h->postcode, 5);
	out_char(o, ',');
	out_str(o, h->referral ? "true" : "false");
	out_char(o, ',');
	out_char(o, h->womens_club ? '1' : '0');
	out_char(o, ',');
	out_str(o, dept_names[h->dept]);
	out_char(o, ',');
	if (!h->interview_missing)
		out_tenths(o, h->interview_tenths);
	out_char(o, ',');
	out_char(o, h->hired ? '1' : '0');
	out_char(o, ',');
	out_char(o, h->screen_pass ? '1' : '0');
	out_char(o, ',');
	out_csv_field(o, h->pii_note[0] ? h->pii_note : notes[h->note]);
	out_char(o, ',');
	out_char(o, h->qualified ? '1' : '0');
	for (int i = 0; i < RATERS; i++) {
		out_char(o, ',');
		if (i < RATERS - 1 || !h->rater_3_missing)
			out_char(o, h->rater[i] ? '1' : '0');
	}
	out_char(o, '\n');
}

static void hiring_row(struct gen_rngs *g, uint64_t id, struct out *o)
{
	struct hiring_row h;
	gen_hiring_row(&g->base, id, &h);
	gen_hiring_extras(&g->extra, &h);
	hiring_write_row(o, &h);
}

/* ---- scenarios and the command line ---- */

struct scenario {
	const char *name;
	const char *summary;
	void (*write_header)(struct out *o);
	/* Draws and writes row number id (1-based); at most ROW_MAX bytes. */
	void (*write_row)(struct gen_rngs *g, uint64_t id, struct out *o);
};

static const struct scenario scenarios[] = {
	{ "hiring", "job applicants, label hired; penalty on women, proxies, "
		"missingness, audit labels, biased raters, planted personal data",
		hiring_write_header, hiring_row },
};
#define SCENARIO_COUNT (sizeof scenarios / sizeof scenarios[0])

struct gen_options {
	uint64_t rows;
	uint64_t seed;
	const struct scenario *scenario;
	const char *out_path; /* NULL: stdout */
};

static void print_usage(FILE *fp)
{
	fprintf(fp,
		"usage: dsaudit-gen [--rows N] [--seed S] [--scenario NAME] [-o FILE]\n"
		"Writes a synthetic labeled CSV dataset with planted, documented group effects.\n"
		"  --rows N         data rows after the header (default %d)\n"
		"  --seed S         PRNG seed, 0 to 2^64-1 (default %d); same seed, same bytes\n"
		"  --scenario NAME  dataset to generate (default hiring)\n"
		"  -o FILE          write FILE (through FILE.tmp and a rename) instead of stdout\n"
		"  -h, --help       print this help and exit\n"
		"scenarios:\n",
		GEN_DEFAULT_ROWS, GEN_DEFAULT_SEED);
	for (size_t i = 0; i < SCENARIO_COUNT; i++)
		fprintf(fp, "  %-16s %s\n", scenarios[i].name, scenarios[i].summary);
}

/* Plain decimal only: no sign, no spaces, no hex, no overflow. */
static int parse_u64(const char *s, uint64_t *v)
{
	uint64_t x = 0;
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		unsigned d = (unsigned)(*s - '0');
		if (x > (UINT64_MAX - d) / 10)
			return -1;
		x = x * 10 + d;
	}
	*v = x;
	return 0;
}

static const struct scenario *find_scenario(const char *name)
{
	for (size_t i = 0; i < SCENARIO_COUNT; i++)
		if (!strcmp(scenarios[i].name, name))
			return &scenarios[i];
	return NULL;
}

/*
 * Matches "--name VALUE" or "--name=VALUE" at argv[*i]; on a match sets
 * *value (NULL if the value is missing) and advances *i past what it used.
 */
static int match_option(char **argv, int argc, int *i, const char *name, const char **value)
{
	const char *a = argv[*i];
	size_t n = strlen(name);
	if (strncmp(a, name, n))
		return 0;
	if (a[n] == '=') {
		*value = a + n + 1;
		return 1;
	}
	if (a[n])
		return 0;
	*value = *i + 1 < argc ? argv[++*i] : NULL;
	return 1;
}

/* Returns 0, 1 for --help, or -1 after printing the error to stderr. */
static int parse_args(int argc, char **argv, struct gen_options *opt)
{
	opt->rows = GEN_DEFAULT_ROWS;
	opt->seed = GEN_DEFAULT_SEED;
	opt->scenario = &scenarios[0];
	opt->out_path = NULL;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			return 1;
		if (match_option(argv, argc, &i, "--rows", &v)) {
			if (!v || parse_u64(v, &opt->rows)) {
				fprintf(stderr, "dsaudit-gen: --rows needs a non-negative integer, got '%s'\n",
					v ? v : "");
				return -1;
			}
		} else if (match_option(argv, argc, &i, "--seed", &v)) {
			if (!v || parse_u64(v, &opt->seed)) {
				fprintf(stderr, "dsaudit-gen: --seed needs an integer from 0 to 2^64-1, got '%s'\n",
					v ? v : "");
				return -1;
			}
		} else if (match_option(argv, argc, &i, "--scenario", &v)) {
			if (!v || !(opt->scenario = find_scenario(v))) {
				fprintf(stderr, "dsaudit-gen: unknown scenario '%s' (try --help)\n",
					v ? v : "");
				return -1;
			}
		} else if (match_option(argv, argc, &i, "-o", &v) ||
			   match_option(argv, argc, &i, "--output", &v)) {
			if (!v || !*v) {
				fprintf(stderr, "dsaudit-gen: -o needs a file name\n");
				return -1;
			}
			opt->out_path = v;
		} else {
			fprintf(stderr, "dsaudit-gen: unknown %s '%s' (try --help)\n",
				a[0] == '-' ? "option" : "argument", a);
			return -1;
		}
	}
	return 0;
}

/* Streams the header and opt->rows rows to o; the caller checks o->failed. */
static void gen_write(const struct gen_options *opt, struct out *o)
{
	struct gen_rngs g;
	rng_seed(&g.base, opt->seed);
	g.extra = g.base;
	rng_jump(&g.extra);
	out_reserve(o, ROW_MAX);
	opt->scenario->write_header(o);
	for (uint64_t id = 1; id <= opt->rows && !o->failed; id++) {
		out_reserve(o, ROW_MAX);
		opt->scenario->write_row(&g, id, o);
	}
	out_flush(o);
}

/*
 * A regular file (or a new one) is written as FILE.tmp and renamed, so
 * nobody sees half a dataset; devices and pipes (-o /dev/null) are
 * written in place.
 */
static int write_to_path(const struct gen_options *opt, struct out *o)
{
	struct stat st;
	int in_place = stat(opt->out_path, &st) == 0 && !S_ISREG(st.st_mode);
	size_t n = strlen(opt->out_path) + 5;
	char *tmp = xmalloc(n);
	snprintf(tmp, n, "%s.tmp", opt->out_path);
	const char *target = in_place ? opt->out_path : tmp;

	o->fp = fopen(target, "w");
	if (!o->fp) {
		fprintf(stderr, "dsaudit-gen: %s: %s\n", target, strerror(errno));
		free(tmp);
		return EXIT_ENV;
	}
	gen_write(opt, o);
	if (fclose(o->fp) && !o->failed) {
		o->failed = 1;
		o->err = errno;
	}
	if (!o->failed && !in_place && rename(tmp, opt->out_path)) {
		o->failed = 1;
		o->err = errno;
	}
	if (o->failed) {
		fprintf(stderr, "dsaudit-gen: %s: %s\n", opt->out_path, strerror(o->err));
		if (!in_place)
			remove(tmp);
	}
	free(tmp);
	return o->failed ? EXIT_ENV : EXIT_PASS;
}

static int write_to_stdout(const struct gen_options *opt, struct out *o)
{
	o->fp = stdout;
	gen_write(opt, o);
	if (fflush(stdout) && !o->failed) {
		o->failed = 1;
		o->err = errno;
	}
	if (o->failed) {
		fprintf(stderr, "dsaudit-gen: standard output: %s\n", strerror(o->err));
		return EXIT_ENV;
	}
	return EXIT_PASS;
}

int main(int argc, char **argv)
{
	struct gen_options opt;
	int rc = parse_args(argc, argv, &opt);
	if (rc == 1) {
		print_usage(stdout);
		return EXIT_PASS;
	}
	if (rc < 0)
		return EXIT_BADINPUT;

	struct out o = { .buf = xmalloc(OUT_BUF_SIZE), .cap = OUT_BUF_SIZE };
	rc = opt.out_path ? write_to_path(&opt, &o) : write_to_stdout(&opt, &o);
	free(o.buf);
	return rc;
}
