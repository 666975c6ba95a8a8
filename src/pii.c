/*
 * pii.c — personal-data detectors (see pii.h for the numbered rules cited
 * here as "rule N"). Each kind has a matcher that, given a start position,
 * returns the end of a match there or 0; pii_scan runs the kinds in their
 * claiming order (rule 0) and keeps the spans they claim in a fixed array on
 * the stack, so a scan never allocates. Past the quick first pass, a second
 * pass counts digits and colons, and a kind is tried only on a cell that
 * holds enough of them (a card needs 13 digits, an IPv4 address 4).
 * Direct identifiers (rules 8-11) are tested per column, not scanned for:
 * their matchers look at a whole cell.
 */
#include "pii.h"
#include "util.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>

/* Spans that shield later kinds (rule 0); more matches than this in one cell are rare. */
#define MAX_CLAIMS 64

static const char *const metric_names[PII_NKINDS] = {
	[PII_EMAIL] = "pii_email",
	[PII_PHONE] = "pii_phone",
	[PII_CREDIT_CARD] = "pii_credit_card",
	[PII_KR_RRN] = "pii_kr_rrn",
	[PII_US_SSN] = "pii_us_ssn",
	[PII_IP] = "pii_ip",
	[PII_IBAN] = "pii_iban",
	[PII_PERSON_NAME] = "pii_person_name",
	[PII_BIRTH_DATE] = "pii_birth_date",
};

const char *pii_metric_name(enum pii_kind k)
{
	return (unsigned)k < PII_NKINDS ? metric_names[k] : NULL;
}

/* ASCII classes, written out so no locale can change them (rule 0). */
static inline int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static inline int is_upper(unsigned char c)
{
	return c >= 'A' && c <= 'Z';
}

static inline int is_alpha(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static inline int is_alnum(unsigned char c)
{
	return is_digit(c) || is_alpha(c);
}

static inline int is_hex(unsigned char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static inline unsigned char byte(const char *s, size_t i)
{
	return (unsigned char)s[i];
}

/* Rule 0: the byte before position i is not a letter or digit. */
static inline int starts_clear(const char *s, size_t i)
{
	return i == 0 || !is_alnum(byte(s, i - 1));
}

/* Rule 0: the byte at position e (just after a match) is not a letter or digit. */
static inline int ends_clear(const char *s, size_t len, size_t e)
{
	return e >= len || !is_alnum(byte(s, e));
}

/* Number of consecutive digits starting at i. */
static size_t digit_run(const char *s, size_t len, size_t i)
{
	size_t n = 0;
	while (i + n < len && is_digit(byte(s, i + n)))
		n++;
	return n;
}

/* Value of the n digits at p (n small). */
static unsigned digits_value(const char *s, size_t p, size_t n)
{
	unsigned v = 0;
	for (size_t i = 0; i < n; i++)
		v = v * 10 + (unsigned)(s[p + i] - '0');
	return v;
}

/* ---- rule 1: email ---- */

static inline int is_local_char(unsigned char c)
{
	return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

static inline int is_label_char(unsigned char c)
{
	return is_alnum(c) || c == '-';
}

/* The email around the '@' at position at, as [*start, return value), or 0. */
static size_t match_email(const char *s, size_t len, size_t at, size_t *start)
{
	size_t a = at;
	while (a > 0 && is_local_char(byte(s, a - 1)))
		a--;
	if (a == at)
		return 0;
	size_t p = at + 1, end = 0;
	for (int labels = 1;; labels++) {
		size_t q = p;
		int letters_only = 1;
		while (q < len && is_label_char(byte(s, q))) {
			letters_only &= is_alpha(byte(s, q));
			q++;
		}
		if (q == p)
			break;
		/* The longest run of labels that ends in a TLD of 2+ letters. */
		if (labels >= 2 && letters_only && q - p >= 2)
			end = q;
		if (q + 1 < len && s[q] == '.' && is_label_char(byte(s, q + 1)))
			p = q + 1;
		else
			break;
	}
	*start = a;
	return end;
}

/* ---- rule 7: IBAN ---- */

/* ISO 13616: move the first 4 characters to the end, letters count 10-35, mod 97. */
static int iban_check(const char *s, size_t from, size_t to)
{
	unsigned r = 0;
	size_t n = to - from;
	for (size_t k = 0; k < n; k++) {
		/* Rotating bytes is rotating characters: "CCkk" holds no space. */
		size_t i = from + (k + 4) % n;
		unsigned char c = byte(s, i);
		if (c == ' ')
			continue;
		if (is_digit(c))
			r = (r * 10 + (c - '0')) % 97;
		else
			r = (r * 100 + (unsigned)(c - 'A' + 10)) % 97;
	}
	return r == 1;
}

/*
 * The IBAN length of the SEPA countries (SWIFT's IBAN registry, ISO 13616):
 * a value of another length from these countries is not an IBAN, which
 * keeps a shorter piece of a longer number from passing mod 97 by chance.
 * Other countries take any length of 15-34.
 */
static const struct {
	char cc[3];
	unsigned char len;
} IBAN_LENGTHS[] = {
	{"AD", 24}, {"AT", 20}, {"BE", 16}, {"BG", 22}, {"CH", 21}, {"CY", 28}, {"CZ", 24}, {"DE", 22},
	{"DK", 18}, {"EE", 20}, {"ES", 24}, {"FI", 18}, {"FR", 27}, {"GB", 22}, {"GI", 23}, {"GR", 27},
	{"HR", 21}, {"HU", 28}, {"IE", 22}, {"IS", 26}, {"IT", 27}, {"LI", 21}, {"LT", 20}, {"LU", 20},
	{"LV", 21}, {"MC", 27}, {"MT", 31}, {"NL", 18}, {"NO", 15}, {"PL", 28}, {"PT", 25}, {"RO", 24},
	{"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"VA", 22},
};

static int iban_length_ok(const char *s, size_t i, size_t nchars)
{
	for (size_t k = 0; k < sizeof IBAN_LENGTHS / sizeof IBAN_LENGTHS[0]; k++)
		if (s[i] == IBAN_LENGTHS[k].cc[0] && s[i + 1] == IBAN_LENGTHS[k].cc[1])
			return nchars == IBAN_LENGTHS[k].len;
	return nchars >= 15 && nchars <= 34;
}

static inline int is_iban_char(unsigned char c)
{
	return is_upper(c) || is_digit(c);
}

static size_t match_iban(const char *s, size_t len, size_t i)
{
	if (i + 4 > len || !starts_clear(s, i) || !is_upper(byte(s, i)) || !is_upper(byte(s, i + 1)) ||
	    !is_digit(byte(s, i + 2)) || !is_digit(byte(s, i + 3)))
		return 0;
	size_t run = 0;
	while (i + run < len && is_iban_char(byte(s, i + run)))
		run++;
	if (run > 4) {
		/* Contiguous: the whole run. */
		if (!iban_length_ok(s, i, run) || !ends_clear(s, len, i + run))
			return 0;
		return iban_check(s, i, i + run) ? i + run : 0;
	}
	/* Grouped: "CCkk" then groups of 4, the last 1-4; ends[g] is where group g ends. */
	size_t ends[10], nchars[10], ngroups = 1;
	ends[0] = i + 4;
	nchars[0] = 4;
	for (size_t p = i + 4; ngroups < 10 && nchars[ngroups - 1] < 34;) {
		if (p + 1 >= len || s[p] != ' ' || !is_iban_char(byte(s, p + 1)))
			break;
		size_t g = 0;
		while (p + 1 + g < len && is_iban_char(byte(s, p + 1 + g)))
			g++;
		if (g > 4 || nchars[ngroups - 1] + g > 34)
			break;
		p += 1 + g;
		ends[ngroups] = p;
		nchars[ngroups] = nchars[ngroups - 1] + g;
		ngroups++;
		if (g < 4)
			break;
	}
	/* Longest first, dropping trailing groups (a currency code, a word). */
	for (size_t g = ngroups; g-- > 0;) {
		if (nchars[g] < 15)
			break;
		if (iban_length_ok(s, i, nchars[g]) && ends_clear(s, len, ends[g]) && iban_check(s, i, ends[g]))
			return ends[g];
	}
	return 0;
}

/* ---- rule 3: credit card ---- */

/* Luhn over the digits in [from, to), separators skipped. */
static int luhn_ok(const char *s, size_t from, size_t to)
{
	unsigned sum = 0, k = 0;
	for (size_t i = to; i-- > from;) {
		unsigned char c = byte(s, i);
		if (!is_digit(c))
			continue;
		unsigned d = c - '0';
		if (k++ & 1) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
	}
	return sum % 10 == 0;
}

static size_t match_card(const char *s, size_t len, size_t i)
{
	if (s[i] < '2' || s[i] > '6' || !starts_clear(s, i))
		return 0;
	size_t n = digit_run(s, len, i);
	if (n >= 13 && n <= 19)
		return (n > 13 || s[i] == '4') && ends_clear(s, len, i + n) && luhn_ok(s, i, i + n) ? i + n : 0;
	if (n != 4 || i + 5 >= len || (s[i + 4] != ' ' && s[i + 4] != '-'))
		return 0;
	char sep = s[i + 4];
	size_t p = i + 4, total = 4;
	while (p + 1 < len && s[p] == sep) {
		size_t g = digit_run(s, len, p + 1);
		if (g < 3 || g > 6)
			break;
		total += g;
		p += 1 + g;
		if (total > 19)
			return 0; /* a longer number */
	}
	if (total < 13 || (total == 13 && s[i] != '4') || !ends_clear(s, len, p))
		return 0;
	return luhn_ok(s, i, p) ? p : 0;
}

/* ---- rule 4: Korean resident registration number ---- */

static size_t match_rrn(const char *s, size_t len, size_t i)
{
	if (!is_digit(byte(s, i)) || !starts_clear(s, i))
		return 0;
	size_t n = digit_run(s, len, i), end;
	char d[13];
	if (n == 13) {
		end = i + 13;
		memcpy(d, s + i, 13);
	} else if (n == 6 && i + 7 < len && s[i + 6] == '-' && digit_run(s, len, i + 7) == 7) {
		end = i + 14;
		memcpy(d, s + i, 6);
		memcpy(d + 6, s + i + 7, 7);
	} else {
		return 0;
	}
	if (!ends_clear(s, len, end))
		return 0;
	unsigned month = digits_value(d, 2, 2), day = digits_value(d, 4, 2);
	if (month < 1 || month > 12 || day < 1 || day > 31 || d[6] < '1' || d[6] > '8')
		return 0;
	static const unsigned weight[12] = {2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5};
	unsigned sum = 0;
	for (int k = 0; k < 12; k++)
		sum += weight[k] * (unsigned)(d[k] - '0');
	return (11 - sum % 11) % 10 == (unsigned)(d[12] - '0') ? end : 0;
}

/* ---- rule 5: US social security number ---- */

static size_t match_ssn(const char *s, size_t len, size_t i)
{
	if (!is_digit(byte(s, i)) || !starts_clear(s, i) || i + 11 > len)
		return 0;
	if (digit_run(s, len, i) != 3 || s[i + 3] != '-' || digit_run(s, len, i + 4) != 2 ||
	    s[i + 6] != '-' || digit_run(s, len, i + 7) != 4 || !ends_clear(s, len, i + 11))
		return 0;
	unsigned area = digits_value(s, i, 3), group = digits_value(s, i + 4, 2),
		 serial = digits_value(s, i + 7, 4);
	if (area == 0 || area == 666 || area >= 900 || group == 0 || serial == 0)
		return 0;
	return i + 11;
}

/* ---- rule 6: IP addresses ---- */

static size_t match_ipv4(const char *s, size_t len, size_t i)
{
	if (!is_digit(byte(s, i)) || !starts_clear(s, i))
		return 0;
	/* Not the tail of a longer dotted run ("1.2.3.4.5"). */
	if (i >= 2 && s[i - 1] == '.' && is_digit(byte(s, i - 2)))
		return 0;
	size_t p = i;
	for (int part = 0; part < 4; part++) {
		if (part > 0) {
			if (p >= len || s[p] != '.')
				return 0;
			p++;
		}
		size_t n = digit_run(s, len, p);
		if (n == 0 || n > 3 || (n > 1 && s[p] == '0') || digits_value(s, p, n) > 255)
			return 0;
		p += n;
	}
	if (!ends_clear(s, len, p) || (p + 1 < len && s[p] == '.' && is_digit(byte(s, p + 1))))
		return 0;
	return p;
}

static size_t match_ipv6(const char *s, size_t len, size_t i)
{
	unsigned char c = byte(s, i);
	if (!is_hex(c) && c != ':')
		return 0;
	if (i > 0 && (is_alnum(byte(s, i - 1)) || s[i - 1] == ':' || s[i - 1] == '.'))
		return 0;
	size_t p = i, colons = 0, digits = 0;
	while (p < len && (is_hex(byte(s, p)) || s[p] == ':' || s[p] == '.')) {
		colons += s[p] == ':';
		digits += is_digit(byte(s, p));
		p++;
	}
	while (p > i && s[p - 1] == '.')
		p--;
	char buf[INET6_ADDRSTRLEN];
	if (colons < 2 || digits == 0 || p - i >= sizeof buf || !ends_clear(s, len, p))
		return 0;
	memcpy(buf, s + i, p - i);
	buf[p - i] = '\0';
	struct in6_addr addr;
	return inet_pton(AF_INET6, buf, &addr) == 1 ? p : 0;
}

static size_t match_ip(const char *s, size_t len, size_t i)
{
	size_t end = match_ipv6(s, len, i);
	return end ? end : match_ipv4(s, len, i);
}

/* ---- rule 2: phone ---- */

/* One group of rule 2a at p: digits, or digits in parentheses; its end, or 0. */
static size_t phone_group(const char *s, size_t len, size_t p, size_t *ndigits, int *paren)
{
	*paren = p < len && s[p] == '(';
	size_t q = p + (size_t)*paren, n = digit_run(s, len, q);
	if (n == 0)
		return 0;
	*ndigits = n;
	if (!*paren)
		return q + n;
	return q + n < len && s[q + n] == ')' ? q + n + 1 : 0;
}

static size_t match_phone_intl(const char *s, size_t len, size_t i)
{
	if (i + 1 >= len || s[i + 1] < '1' || s[i + 1] > '9')
		return 0;
	size_t total = digit_run(s, len, i + 1), p = i + 1 + total;
	if (total > 15)
		return 0;
	int paren = 0;
	for (;;) {
		size_t q = p, n = 0;
		int next_paren;
		if (q < len && (s[q] == ' ' || s[q] == '-' || s[q] == '.'))
			q++;
		else if (!paren && !(q < len && s[q] == '('))
			break; /* groups touch only at a parenthesis */
		size_t e = phone_group(s, len, q, &n, &next_paren);
		/* Groups are taken while the total stays within 15 digits. */
		if (!e || total + n > 15)
			break;
		total += n;
		p = e;
		paren = next_paren;
	}
	if (total < 8 || !ends_clear(s, len, p))
		return 0;
	return p;
}

static inline int is_phone_sep(char c)
{
	return c == '-' || c == '.' || c == ' ';
}

static size_t match_phone_kr(const char *s, size_t len, size_t i)
{
	size_t n = digit_run(s, len, i);
	int mobile = n >= 3 && s[i + 1] == '1' && strchr("016789", s[i + 2]) != NULL;
	if (mobile && (n == 10 || n == 11))
		return ends_clear(s, len, i + n) ? i + n : 0; /* no separators */
	size_t mid_min = 3, mid_max = 4;
	if (n == 2 && s[i + 1] == '2')
		; /* Seoul */
	else if (n == 3 && mobile)
		;
	else if (n == 3 && s[i + 1] >= '3' && s[i + 1] <= '6' && s[i + 2] >= '1' && s[i + 2] <= '5')
		; /* area codes */
	else if (n == 3 && s[i + 1] == '7' && s[i + 2] == '0')
		mid_min = 4; /* 070 */
	else
		return 0;
	size_t p = i + n;
	if (p + 1 >= len || !is_phone_sep(s[p]))
		return 0;
	char sep = s[p];
	size_t mid = digit_run(s, len, p + 1);
	if (mid < mid_min || mid > mid_max)
		return 0;
	p += 1 + mid;
	if (p + 1 >= len || s[p] != sep || digit_run(s, len, p + 1) != 4)
		return 0;
	p += 5;
	return ends_clear(s, len, p) ? p : 0;
}

static size_t match_phone(const char *s, size_t len, size_t i)
{
	if (!starts_clear(s, i))
		return 0;
	if (s[i] == '+')
		return match_phone_intl(s, len, i);
	if (s[i] == '0')
		return match_phone_kr(s, len, i);
	return 0;
}

/* ---- the scan ---- */

struct claims {
	struct pii_match span[MAX_CLAIMS];
	size_t n;
};

static int overlaps_claim(const struct claims *c, size_t start, size_t end)
{
	for (size_t k = 0; k < c->n; k++)
		if (start < c->span[k].start + c->span[k].len && c->span[k].start < end)
			return 1;
	return 0;
}

/* Records [start, end) as a match of kind k unless an earlier kind claimed any of it (rule 0). */
static int claim(struct claims *c, unsigned *mask, struct pii_match *m, enum pii_kind k, size_t start,
		 size_t end)
{
	if (overlaps_claim(c, start, end))
		return 0;
	if (c->n < MAX_CLAIMS)
		c->span[c->n++] = (struct pii_match){start, end - start};
	if (!(*mask & (1u << k))) {
		*mask |= 1u << k;
		if (m)
			m[k] = (struct pii_match){start, end - start};
	}
	return 1;
}

typedef size_t (*matcher)(const char *s, size_t len, size_t i);

/*
 * Runs one kind's matcher at every position where a value may start (rule 0:
 * not right after a letter or digit), left to right. Inlined, so each call
 * site gets its matcher as a direct call.
 */
static inline void scan_kind(const char *s, size_t len, enum pii_kind k, matcher match, struct claims *c,
			     unsigned *mask, struct pii_match *m)
{
	int clear = 1;
	for (size_t i = 0; i < len; i++) {
		int was_clear = clear;
		clear = !is_alnum(byte(s, i));
		if (!was_clear)
			continue;
		size_t end = match(s, len, i);
		if (end && claim(c, mask, m, k, i, end)) {
			i = end - 1;
			clear = !is_alnum(byte(s, i));
		}
	}
}

unsigned pii_scan(const char *s, size_t len, struct pii_match m[PII_NKINDS])
{
	if (m)
		memset(m, 0, PII_NKINDS * sizeof m[0]);
	/* Quick first pass: every kind needs an ASCII digit or an '@' (rules 1-7). */
	size_t i = 0;
	while (i < len && !is_digit(byte(s, i)) && s[i] != '@')
		i++;
	if (i == len)
		return 0;

	/* Second pass: the digits, colons and letters a kind needs at the least. */
	size_t ndigits = 0, ncolons = 0;
	int has_at = 0, has_upper = 0;
	for (i = 0; i < len; i++) {
		unsigned char ch = byte(s, i);
		ndigits += is_digit(ch);
		ncolons += ch == ':';
		has_at |= ch == '@';
		has_upper |= is_upper(ch);
	}

	unsigned mask = 0;
	struct claims c;
	c.n = 0;
	/* Rule 0: claiming order email, IBAN, card, RRN, SSN, IP, phone. */
	for (size_t p = 0; has_at && p < len;) {
		const char *at = memchr(s + p, '@', len - p);
		if (!at)
			break;
		size_t j = (size_t)(at - s), start, end = match_email(s, len, j, &start);
		p = end && claim(&c, &mask, m, PII_EMAIL, start, end) ? end : j + 1;
	}
	if (has_upper && ndigits >= 2)
		scan_kind(s, len, PII_IBAN, match_iban, &c, &mask, m);
	if (ndigits >= 13)
		scan_kind(s, len, PII_CREDIT_CARD, match_card, &c, &mask, m);
	if (ndigits >= 13)
		scan_kind(s, len, PII_KR_RRN, match_rrn, &c, &mask, m);
	if (ndigits >= 9)
		scan_kind(s, len, PII_US_SSN, match_ssn, &c, &mask, m);
	if (ncolons >= 2)
		scan_kind(s, len, PII_IP, match_ip, &c, &mask, m);
	else if (ndigits >= 4)
		scan_kind(s, len, PII_IP, match_ipv4, &c, &mask, m);
	if (ndigits >= 8)
		scan_kind(s, len, PII_PHONE, match_phone, &c, &mask, m);
	return mask;
}

/* ---- direct identifiers: column names and whole-cell shapes (rules 8-11) ---- */

#define NAME_MAX_BYTES 128
#define NAME_MAX_TOKENS 4
#define COLUMN_NAME_MAX 64

static const char *const person_names[] = {
	"name", "fullname", "firstname", "first", "fname", "givenname", "forename", "middlename",
	"lastname", "last", "lname", "surname", "familyname", "personname",
	"\xec\x84\xb1\xeb\xaa\x85", /* 성명 */
	"\xec\x9d\xb4\xeb\xa6\x84", /* 이름 */
	"\xec\x84\xb1",             /* 성 */
};

static const char *const birth_date_names[] = {
	"dob", "birthdate", "dateofbirth", "birthday", "birthdt",
	"\xec\x83\x9d\xeb\x85\x84\xec\x9b\x94\xec\x9d\xbc", /* 생년월일 */
	"\xec\x83\x9d\xec\x9d\xbc",                         /* 생일 */
};

static const char *const quasi_names[] = {
	"sex", "gender", "age", "agegroup", "agecat", "birthyear", "yearofbirth", "yob", "zip", "zipcode",
	"zip5", "postcode", "postalcode", "race", "ethnicity", "maritalstatus",
	"\xec\x84\xb1\xeb\xb3\x84",             /* 성별 */
	"\xeb\x82\x98\xec\x9d\xb4",             /* 나이 */
	"\xec\x97\xb0\xeb\xa0\xb9",             /* 연령 */
	"\xec\x9a\xb0\xed\x8e\xb8\xeb\xb2\x88\xed\x98\xb8", /* 우편번호 */
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Rule 8: the normalised name, or 0 when it is too long to be one of the lists. */
static int normalise_column(const char *column, char out[COLUMN_NAME_MAX])
{
	size_t n = 0;
	for (const char *c = column; *c; c++) {
		unsigned char ch = (unsigned char)*c;
		if (ch == '_' || ch == '-' || ch == '.' || ch == ' ')
			continue;
		if (n + 1 >= COLUMN_NAME_MAX)
			return 0;
		out[n++] = (char)(is_upper(ch) ? ch - 'A' + 'a' : ch);
	}
	out[n] = '\0';
	return 1;
}

static int in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(name, list[i]) == 0)
			return 1;
	return 0;
}

enum pii_kind pii_column_kind(const char *column)
{
	char norm[COLUMN_NAME_MAX];
	if (!column || !normalise_column(column, norm))
		return PII_NKINDS;
	if (in_list(norm, person_names, COUNT(person_names)))
		return PII_PERSON_NAME;
	if (in_list(norm, birth_date_names, COUNT(birth_date_names)))
		return PII_BIRTH_DATE;
	return PII_NKINDS;
}

int pii_quasi_candidate(const char *column)
{
	char norm[COLUMN_NAME_MAX];
	if (!column || !normalise_column(column, norm))
		return 0;
	return in_list(norm, quasi_names, COUNT(quasi_names)) ||
	       in_list(norm, birth_date_names, COUNT(birth_date_names));
}

/*
 * Decodes the UTF-8 character at s[i] (well-formed, shortest form only):
 * its code point, and its length in *n; -1 when the bytes are not one.
 */
static long utf8_at(const char *s, size_t len, size_t i, size_t *n)
{
	unsigned char c = byte(s, i);
	long cp;
	size_t k;
	if (c < 0x80) {
		*n = 1;
		return c;
	} else if (c >= 0xC2 && c <= 0xDF) {
		cp = c & 0x1F;
		k = 1;
	} else if (c >= 0xE0 && c <= 0xEF) {
		cp = c & 0x0F;
		k = 2;
	} else if (c >= 0xF0 && c <= 0xF4) {
		cp = c & 0x07;
		k = 3;
	} else {
		return -1;
	}
	for (size_t j = 1; j <= k; j++) {
		if (i + j >= len || (byte(s, i + j) & 0xC0) != 0x80)
			return -1;
		cp = cp << 6 | (byte(s, i + j) & 0x3F);
	}
	if ((k == 2 && cp < 0x800) || (k == 3 && cp < 0x10000) || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return -1;
	*n = k + 1;
	return cp;
}

/* Rule 9: the letters of a name. */
static int name_letter(long cp)
{
	return (cp < 0x80 && is_alpha((unsigned char)cp)) ||
	       (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
	       (cp >= 0xAC00 && cp <= 0xD7A3);
}

static int name_joiner(long cp)
{
	return cp == '\'' || cp == '-' || cp == 0x2019;
}

/* Trims ASCII spaces: *from and *to delimit what is left. */
static void trim(const char *s, size_t len, size_t *from, size_t *to)
{
	size_t a = 0, b = len;
	while (a < b && s[a] == ' ')
		a++;
	while (b > a && s[b - 1] == ' ')
		b--;
	*from = a;
	*to = b;
}

int pii_name_shape(const char *s, size_t len)
{
	size_t i, end;
	trim(s, len, &i, &end);
	if (i == end || end - i > NAME_MAX_BYTES)
		return 0;
	int tokens = 0;
	while (i < end) {
		if (++tokens > NAME_MAX_TOKENS)
			return 0;
		/* One token: letter ((joiner)? letter)* [.,]? then spaces or the end. */
		size_t n;
		long cp = utf8_at(s, end, i, &n);
		if (!name_letter(cp))
			return 0;
		i += n;
		while (i < end && s[i] != ' ') {
			cp = utf8_at(s, end, i, &n);
			if (cp < 0)
				return 0;
			if (name_letter(cp)) {
				i += n;
				continue;
			}
			if (name_joiner(cp)) {
				size_t m;
				if (i + n >= end || !name_letter(utf8_at(s, end, i + n, &m)))
					return 0;
				i += n + m;
				continue;
			}
			if ((cp == '.' || cp == ',') && (i + 1 == end || s[i + 1] == ' ')) {
				i++;
				break;
			}
			return 0;
		}
		while (i < end && s[i] == ' ')
			i++;
	}
	return 1;
}

static int leap(long y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Rule 10: a real day from 1900-01-01 to today. */
static int plausible_birth(long y, long m, long d, long today)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || m < 1 || m > 12 || d < 1)
		return 0;
	if (d > mdays[m - 1] + (m == 2 && leap(y)))
		return 0;
	return y * 10000 + m * 100 + d <= today;
}

/* Rule 10: 1-2 digits (or exactly want digits when want > 0) at *i; their value, -1 if not. */
static long date_part(const char *s, size_t end, size_t *i, size_t want)
{
	size_t n = 0;
	long v = 0;
	while (*i + n < end && is_digit(byte(s, *i + n)) && n < 5) {
		v = v * 10 + (byte(s, *i + n) - '0');
		n++;
	}
	if (want ? n != want : (n < 1 || n > 2))
		return -1;
	*i += n;
	return v;
}

/* Rule 10: what may follow a date: nothing, or 'T' or a space and a time. */
static int time_tail(const char *s, size_t i, size_t end)
{
	if (i == end)
		return 1;
	if (s[i] != 'T' && s[i] != ' ')
		return 0;
	if (++i == end || !is_digit(byte(s, i)))
		return 0;
	for (; i < end; i++)
		if (!is_digit(byte(s, i)) && s[i] != ':' && s[i] != '.')
			return s[i] == 'Z' && i + 1 == end;
	return 1;
}

int pii_birth_date_shape(const char *s, size_t len, long today)
{
	size_t i, end;
	trim(s, len, &i, &end);
	if (end - i < 8)
		return 0;
	size_t lead = digit_run(s, end, i);
	if (lead == 8 && time_tail(s, i + 8, end)) {
		long v = (long)digits_value(s, i, 8);
		return plausible_birth(v / 10000, v / 100 % 100, v % 100, today);
	}
	if (lead == 4) {
		/* YYYY-MM-DD, YYYY/MM/DD, YYYY.MM.DD */
		long y = (long)digits_value(s, i, 4);
		size_t p = i + 4;
		char sep = s[p];
		if (sep != '-' && sep != '/' && sep != '.')
			return 0;
		p++;
		long m = date_part(s, end, &p, 0);
		if (m < 0 || p >= end || s[p] != sep)
			return 0;
		p++;
		long d = date_part(s, end, &p, 0);
		return d >= 0 && time_tail(s, p, end) && plausible_birth(y, m, d, today);
	}
	if (lead == 1 || lead == 2) {
		/* DD/MM/YYYY or MM/DD/YYYY */
		size_t p = i;
		long a = date_part(s, end, &p, 0);
		if (p >= end)
			return 0;
		char sep = s[p];
		if (sep != '-' && sep != '/' && sep != '.')
			return 0;
		p++;
		long b = date_part(s, end, &p, 0);
		if (b < 0 || p >= end || s[p] != sep)
			return 0;
		p++;
		long y = date_part(s, end, &p, 4);
		if (y < 0 || !time_tail(s, p, end))
			return 0;
		return plausible_birth(y, b, a, today) || plausible_birth(y, a, b, today);
	}
	return 0;
}

/* ---- masking ---- */

struct out {
	char *buf;
	size_t n;
};

static void put(struct out *o, char c)
{
	if (o->n < PII_MASK_MAX - 1)
		o->buf[o->n++] = c;
}

static void puts_n(struct out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		put(o, s[i]);
}

static void mask_email(struct out *o, const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);
	if (!at || at == s || (size_t)(at - s) + 1 >= len) {
		puts_n(o, "***", 3);
		return;
	}
	size_t d = (size_t)(at - s) + 1, dot = len;
	for (size_t i = len; i-- > d;)
		if (s[i] == '.') {
			dot = i;
			break;
		}
	put(o, s[0]);
	puts_n(o, "***@", 4);
	put(o, s[d]);
	puts_n(o, "***", 3);
	if (dot < len)
		puts_n(o, s + dot, len - dot);
}

static void mask_card(struct out *o, const char *s, size_t len)
{
	size_t nd = 0;
	for (size_t i = 0; i < len; i++)
		nd += is_digit(byte(s, i));
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		if (!is_digit(byte(s, i)))
			continue;
		if (k > 0 && k % 4 == 0)
			put(o, '-');
		put(o, k + 4 >= nd ? s[i] : '*');
		k++;
	}
}

static void mask_phone(struct out *o, const char *s, size_t len)
{
	size_t nd = 0;
	for (size_t i = 0; i < len; i++)
		nd += is_digit(byte(s, i));
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		if (is_digit(byte(s, i)))
			put(o, k++ + 2 >= nd ? s[i] : '*');
		else
			put(o, s[i]);
	}
}

/* RRN and SSN: nothing revealed, separators kept. */
static void mask_all_digits(struct out *o, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		put(o, is_digit(byte(s, i)) ? '*' : s[i]);
}

static void mask_ip(struct out *o, const char *s, size_t len)
{
	const char *colon = memchr(s, ':', len);
	if (colon) {
		size_t first = (size_t)(colon - s);
		puts_n(o, s, first);
		puts_n(o, first == 0 ? "::*" : ":*", first == 0 ? 3 : 2);
		return;
	}
	/* IPv4: the first octet, then one '*' per later octet. */
	size_t i = 0;
	while (i < len && s[i] != '.')
		put(o, s[i++]);
	for (; i < len; i++) {
		if (s[i] == '.')
			put(o, '.');
		else if (s[i - 1] == '.')
			put(o, '*');
	}
}

static void mask_iban(struct out *o, const char *s, size_t len)
{
	size_t nc = 0;
	for (size_t i = 0; i < len; i++)
		nc += s[i] != ' ';
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ')
			continue;
		put(o, k < 2 || k + 2 >= nc ? s[i] : '*');
		k++;
	}
}

/* A person name: each token's first character, then "***"; nothing else of it. */
static void mask_name(struct out *o, const char *s, size_t len)
{
	size_t i = 0;
	int tokens = 0;
	while (i < len) {
		while (i < len && s[i] == ' ')
			i++;
		if (i == len)
			break;
		if (tokens++)
			put(o, ' ');
		size_t n;
		if (utf8_at(s, len, i, &n) < 0)
			n = 1;
		if (n == 1 && !is_alpha(byte(s, i)))
			put(o, '*');  /* not a letter: not a name as rule 9 has it; show nothing */
		else if (o->n + n + 3 < PII_MASK_MAX)
			puts_n(o, s + i, n);
		puts_n(o, "***", 3);
		while (i < len && s[i] != ' ')
			i++;
	}
	if (tokens == 0)
		puts_n(o, "***", 3);
}

void pii_mask(enum pii_kind k, const char *match, size_t len, char out[PII_MASK_MAX])
{
	struct out o = {out, 0};
	switch (k) {
	case PII_EMAIL:
		mask_email(&o, match, len);
		break;
	case PII_PHONE:
		mask_phone(&o, match, len);
		break;
	case PII_CREDIT_CARD:
		mask_card(&o, match, len);
		break;
	case PII_KR_RRN:
	case PII_US_SSN:
		mask_all_digits(&o, match, len);
		break;
	case PII_IP:
		mask_ip(&o, match, len);
		break;
	case PII_IBAN:
		mask_iban(&o, match, len);
		break;
	case PII_PERSON_NAME:
		mask_name(&o, match, len);
		break;
	case PII_BIRTH_DATE:
		mask_all_digits(&o, match, len);
		break;
	default:
		puts_n(&o, "***", 3);
		break;
	}
	out[o.n] = '\0';
}

char *pii_redact(const char *s, size_t len)
{
	struct strbuf out = {0};
	size_t done = 0;
	for (;;) {
		struct pii_match m[PII_NKINDS];
		unsigned found = pii_scan(s + done, len - done, m);
		if (!found)
			break;
		/* The earliest match first; the scan then resumes after it. */
		int first = -1;
		for (int k = 0; k < PII_NKINDS; k++)
			if ((found & (1u << k)) && (first < 0 || m[k].start < m[first].start))
				first = k;
		char masked[PII_MASK_MAX];
		pii_mask((enum pii_kind)first, s + done + m[first].start, m[first].len, masked);
		strbuf_append(&out, s + done, m[first].start);
		strbuf_append(&out, masked, strlen(masked));
		done += m[first].start + m[first].len;
	}
	if (done == 0)
		return NULL;
	strbuf_append(&out, s + done, len - done);
	return out.buf;
}
