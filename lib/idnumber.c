/* idnumber.c — see idnumber.h. */
#include "idnumber.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10,
	5, 8, 4, 2 };
static const char checks[] = "10X98765432";

char
idnumber_check_char(const char *id)
{
	int i, sum = 0;

	if (id == NULL)
		return 0;
	for (i = 0; i < 17; i++) {
		if (id[i] < '0' || id[i] > '9')
			return 0;
		sum += (id[i] - '0') * weights[i];
	}
	return checks[sum % 11];
}

/* Province-level codes in use (GB/T 2260), and 83 for the residence
 * permits of Hong Kong, Macao and Taiwan residents. */
static int
province_ok(int p)
{
	static const int ok[] = { 11, 12, 13, 14, 15, 21, 22, 23, 31, 32,
	    33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
	    61, 62, 63, 64, 65, 71, 81, 82, 83 };
	size_t i;

	for (i = 0; i < sizeof ok / sizeof ok[0]; i++)
		if (ok[i] == p)
			return 1;
	return 0;
}

static int
days_in(int y, int m)
{
	static const int d[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
	    31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return d[m - 1];
}

static int
fail(char **why, char *msg)
{
	if (why != NULL)
		*why = msg;
	else
		free(msg);
	return 0;
}

static int
num(const char *s, int n)
{
	int v = 0;

	while (n-- > 0)
		v = v * 10 + (*s++ - '0');
	return v;
}

int
idnumber_check_at(const char *id, time_t now, char **why)
{
	size_t len, i, k, chars = 0;
	int y, m, d, today;
	char c;
	struct tm tm;

	if (why != NULL)
		*why = NULL;
	if (id == NULL || *id == '\0')
		return fail(why, xstrdup("没有填写身份证号码"));
	len = strlen(id);
	for (i = 0; i < len; i++)
		if ((unsigned char)id[i] >= 0x80 ||
		    ((id[i] < '0' || id[i] > '9') &&
		    !(i == len - 1 && (id[i] == 'X' || id[i] == 'x'))))
			break;
	if (len == 15 && i == len)
		return fail(why, xstrdup("身份证号码为15位旧号码，请提供18位"
		    "身份证号码"));
	for (k = 0; k < len; k++)	/* characters, not bytes */
		if (((unsigned char)id[k] & 0xc0) != 0x80)
			chars++;
	if (i < len && chars == 18)
		return fail(why, xstrdup(i == 17 ? "身份证号码最后一位应为数字"
		    "或X" : "身份证号码前17位应全为数字"));
	if (len != 18)
		return fail(why, xasprintf("身份证号码应为18位，实际为%zu位",
		    chars));
	if (!province_ok(num(id, 2)))
		return fail(why, xasprintf("身份证号码前6位地区码“%.6s”不存在",
		    id));
	y = num(id + 6, 4);
	m = num(id + 10, 2);
	d = num(id + 12, 2);
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days_in(y, m))
		return fail(why, xasprintf("身份证号码中的出生日期“%.8s”不存在",
		    id + 6));
	localtime_r(&now, &tm);
	today = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
	    tm.tm_mday;
	if (y * 10000 + m * 100 + d > today)
		return fail(why, xasprintf("身份证号码中的出生日期“%.8s”晚于"
		    "今天", id + 6));
	c = idnumber_check_char(id);
	if (c != (id[17] == 'x' ? 'X' : id[17]))
		return fail(why, xstrdup("身份证号码校验位不符，号码有误，请"
		    "逐位核对"));
	return 1;
}

int
idnumber_check(const char *id, char **why)
{
	return idnumber_check_at(id, time(NULL), why);
}

char *
idnumber_mask(const char *id)
{
	size_t len, i;
	char *m;

	if (id == NULL)
		return NULL;
	len = strlen(id);
	for (i = 0; i < len; i++)
		if ((unsigned char)id[i] >= 0x80)
			return xstrdup("****");
	m = xstrdup(id);
	for (i = 0; i < len; i++)
		if (len < 11 || (i >= 6 && i < len - 4))
			m[i] = '*';
	return m;
}

char *
idnumber_normalize(const char *id)
{
	struct buf b = { 0 };
	const unsigned char *s = (const unsigned char *)id;

	if (id == NULL)
		return NULL;
	while (*s) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
			s++;
		} else if (s[0] == 0xe3 && s[1] == 0x80 && s[2] == 0x80) {
			s += 3;			/* U+3000 */
		} else if (s[0] == 0xef && s[1] == 0xbc && s[2] >= 0x90 &&
		    s[2] <= 0x99) {		/* ０-９ */
			char c = (char)('0' + s[2] - 0x90);
			buf_add(&b, &c, 1);
			s += 3;
		} else if (s[0] == 0xef && ((s[1] == 0xbc && s[2] == 0xb8) ||
		    (s[1] == 0xbd && s[2] == 0x98))) {	/* Ｘ ｘ */
			buf_add(&b, "X", 1);
			s += 3;
		} else {
			buf_add(&b, *s == 'x' ? "X" : (const char *)s, 1);
			s++;
		}
	}
	return buf_take(&b);
}

/* See idnumber.h; a run inside 32 or more hex digits is a hash. */
static int
idn_isdigit(char c)
{
	return c >= '0' && c <= '9';
}

static int
idn_ishex(char c)
{
	return idn_isdigit(c) || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

void
idnumber_mask_text(char *s)
{
	size_t i = 0, j, n, hs, he, len = strlen(s);

	while (i < len) {
		if (!idn_isdigit(s[i])) {
			i++;
			continue;
		}
		for (j = i; j < len && idn_isdigit(s[j]); j++)
			;
		n = j - i;
		if (n == 17 && j < len && (s[j] == 'X' || s[j] == 'x') &&
		    (j + 1 >= len || !idn_isdigit(s[j + 1])))
			n = 18;
		if (n == 15 || n == 18) {
			for (hs = i; hs > 0 && idn_ishex(s[hs - 1]); hs--)
				;
			for (he = i + n; he < len && idn_ishex(s[he]); he++)
				;
			if (he - hs < 32)
				memset(s + i + 6, '*', n - 10);
		}
		i += n > (j - i) ? n : j - i;
	}
}
