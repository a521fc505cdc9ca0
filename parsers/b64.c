/* b64.c — see b64.h.  One OR tells a clean group of four from the rest. */
#include "b64.h"

#include <stdlib.h>

#include "util.h"

#define B64_PAD	0x40	/* '=' */
#define B64_WS	0x80	/* skipped: \t \n \v \f \r and space, as nettle */
#define B64_BAD	0xff	/* OR of a group with any of these is >= 64 */

static const unsigned char dec[256] = {
#define X B64_BAD
#define S B64_WS
	X, X, X, X, X, X, X, X, X, S, S, S, S, S, X, X,
	X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X,
	S, X, X, X, X, X, X, X, X, X, X, 62, X, X, X, 63,
	52, 53, 54, 55, 56, 57, 58, 59, 60, 61, X, X, X, B64_PAD, X, X,
	X, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
	15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, X, X, X, X, X,
	X, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
	41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, X, X, X, X, X,
	[128 ... 255] = X	/* GNU range designator: gcc and clang */
};

static unsigned char *
put3(unsigned char *p, unsigned long w)
{
	p[0] = (unsigned char)(w >> 16);
	p[1] = (unsigned char)(w >> 8);
	p[2] = (unsigned char)w;
	return p + 3;
}

int
b64_decode(const char *src, size_t len, unsigned char **out, size_t *olen)
{
	const unsigned char	*s = (const unsigned char *)src, *end = s + len;
	unsigned char		*o, *p, q[4];
	unsigned		 n = 0, pad = 0, v;
	unsigned long		 w;

	o = p = xmalloc(len / 4 * 3 + 3);
	while (s < end) {
		if ((n | pad) == 0 && end - s >= 4 && (dec[s[0]] | dec[s[1]] |
		    dec[s[2]] | dec[s[3]]) < 64) {	/* the common step */
			p = put3(p, dec[s[0]] << 18 | dec[s[1]] << 12 |
			    dec[s[2]] << 6 | dec[s[3]]);
			s += 4;
			continue;
		}
		v = dec[*s++];
		if (v == B64_WS)
			continue;
		if (v == B64_BAD || pad == 3 || (v == B64_PAD && n < 2) ||
		    (v != B64_PAD && pad > 0))
			goto fail;	/* pad == 3: data after the end */
		pad += v == B64_PAD;
		q[n++] = v == B64_PAD ? 0 : (unsigned char)v;
		if (n < 4)
			continue;
		w = q[0] << 18 | q[1] << 12 | q[2] << 6 | q[3];
		if (pad > 0 && (w & (pad == 1 ? 0xff : 0xffff)) != 0)
			goto fail;	/* bits under the padding */
		p = put3(p, w) - pad;
		n = 0;
		pad = pad > 0 ? 3 : 0;	/* 3: only whitespace may follow */
	}
	if (n != 0)
		goto fail;
	*out = o;
	*olen = (size_t)(p - o);
	return 0;
fail:
	free(o);
	*out = NULL;
	return -1;
}
