/* utf8.c — see utf8.h. */
#include "utf8.h"

size_t
utf8_seq(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k, i;
	uint32_t c;

	if (n == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		k = 2;
		c = u[0] & 0x1f;
	} else if ((u[0] & 0xf0) == 0xe0) {
		k = 3;
		c = u[0] & 0x0f;
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		k = 4;
		c = u[0] & 0x07;
	} else
		return 0;
	for (i = 1; i < k; i++) {
		if (i >= n || (u[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (u[i] & 0x3f);
	}
	/* Overlong forms, surrogates and out-of-range are not UTF-8. */
	if ((k == 3 && c < 0x800) || (k == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return k;
}

size_t
utf8_next(const char *s, uint32_t *cp)
{
	size_t k;

	if (*s == '\0') {
		*cp = 0;
		return 0;
	}
	if ((k = utf8_seq(s, 4, cp)) != 0)
		return k;
	*cp = 0xfffd;
	return 1;
}

size_t
utf8_len(const char *s)
{
	uint32_t cp;

	return utf8_next(s, &cp);
}

void
utf8_put(struct buf *b, uint32_t cp)
{
	char o[4];
	size_t n;

	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		o[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		o[0] = (char)(0xc0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		o[0] = (char)(0xe0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		o[0] = (char)(0xf0 | (cp >> 18));
		o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	buf_add(b, o, n);
}

int
utf8_valid(const char *s, size_t n)
{
	size_t off = 0, k;
	uint32_t cp;

	while (off < n) {
		if ((k = utf8_seq(s + off, n - off, &cp)) == 0)
			return 0;
		off += k;
	}
	return 1;
}

static int
wide(uint32_t c)
{
	return (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd);
}

size_t
utf8_width_of(uint32_t c)
{
	return wide(c) ? 2 : 1;
}

size_t
utf8_width(const char *s)
{
	size_t w = 0, k;
	uint32_t c;

	for (;;) {
		/* ASCII, most of a report's bytes, needs no decoding */
		while ((unsigned char)*s - 1u < 0x7fu) {
			w++;
			s++;
		}
		if ((k = utf8_next(s, &c)) == 0)
			break;
		w += wide(c) ? 2 : 1;
		s += k;
	}
	return w;
}

size_t
utf8_prefix(const char *s, size_t left, size_t max)
{
	size_t n = left < max ? left : max;

	while (n < left && n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--;
	return n ? n : (left < max ? left : max);
}
