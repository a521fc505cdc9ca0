/* fuzz_b64.c — b64_decode() against GnuTLS's decoder (nettle underneath)
 * on random bytes and on damaged clean base64: both must accept the same
 * inputs and give the same bytes.  The first input byte picks the mode:
 * even, the rest is the input as is; odd, the rest is encoded (76-column
 * CRLF lines, as mail) and then one byte is changed, dropped or added at a
 * place and to a value the next input bytes choose.
 *
 * b64_decode is the stricter: nettle also reads a group of one character
 * and three '=' (as nothing), which RFC 4648 does not allow; b64_decode
 * sends that to the lenient path, which reports the damage. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gnutls/gnutls.h>

#include "b64.h"

static char *
encoded(const uint8_t *d, size_t n, size_t *len)
{
	static const char a[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *s = malloc(n / 57 * 78 + n * 2 + 8), *p = s;
	size_t i, col = 0;
	uint32_t w;

	if (s == NULL)
		abort();
	for (i = 0; i < n; i += 3) {
		w = (uint32_t)d[i] << 16 | (i + 1 < n ? d[i + 1] << 8 : 0) |
		    (i + 2 < n ? d[i + 2] : 0);
		*p++ = a[w >> 18];
		*p++ = a[(w >> 12) & 63];
		*p++ = i + 1 < n ? a[(w >> 6) & 63] : '=';
		*p++ = i + 2 < n ? a[w & 63] : '=';
		if ((col += 4) == 76 || i + 3 >= n) {
			*p++ = '\r';
			*p++ = '\n';
			col = 0;
		}
	}
	*len = (size_t)(p - s);
	return s;
}

/* Changes, drops or adds one byte of s[0..*len) (room for one more). */
static void
damage(char *s, size_t *len, const uint8_t *how)
{
	size_t at = *len ? (how[0] | (size_t)how[1] << 8) % *len : 0;

	switch (how[2] % 3) {
	case 0:
		if (*len)
			s[at] = (char)how[3];
		break;
	case 1:
		if (*len)
			memmove(s + at, s + at + 1, --*len - at);
		break;
	default:
		memmove(s + at + 1, s + at, (*len)++ - at);
		s[at] = (char)how[3];
	}
}

/* At most two '=', at the very end, in a whole number of groups. */
static int
padded_right(const char *s, size_t len)
{
	size_t i, n = 0, pad = 0;

	for (i = 0; i < len; i++) {
		if (strchr("\t\n\v\f\r ", s[i]) != NULL && s[i] != '\0')
			continue;
		if (s[i] == '=')
			pad++;
		else if (pad > 0)
			return 0;
		n++;
	}
	return n % 4 == 0 && pad <= 2;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	gnutls_datum_t	 in, res = { NULL, 0 };
	unsigned char	*out = NULL;
	char		*s;
	size_t		 len, olen = 0;
	int		 mine, lib;

	if (size < 5)
		return 0;
	if (data[0] & 1) {
		s = encoded(data + 5, size - 5, &len);
		damage(s, &len, data + 1);
	} else {
		len = size - 1;
		if ((s = malloc(len + 1)) == NULL)
			abort();
		memcpy(s, data + 1, len);
	}
	mine = b64_decode(s, len, &out, &olen) == 0;
	in.data = (unsigned char *)s;
	in.size = (unsigned)len;
	/* GnuTLS stops at a '-' (a PEM end line) without a word, where
	 * b64_decode refuses it like any other stray byte; and GnuTLS
	 * refuses an empty result, which b64_decode returns as such. */
	lib = memchr(s, '-', len) == NULL &&
	    gnutls_base64_decode2(&in, &res) == 0;
	if (mine && olen > 0 && (!lib || res.size != olen ||
	    memcmp(res.data, out, olen) != 0))
		abort();	/* accepted what the library refuses */
	if (lib && padded_right(s, len) && (!mine || res.size != olen ||
	    memcmp(res.data, out, olen) != 0))
		abort();	/* refused or misread what the library reads */
	gnutls_free(res.data);
	free(out);
	free(s);
	return 0;
}
