/* test_b64.c — the strict decoder of clean base64 parts: what it reads,
 * byte for byte, and every kind of damage it leaves to the lenient path. */
#include <stdlib.h>
#include <string.h>

#include "b64.h"
#include "unit.h"

static const struct {
	const char	*in, *out;	/* out NULL: refused */
	const char	*what;
} cases[] = {
	{ "", "", "empty" },
	{ "TQ==", "M", "two '=' of padding" },
	{ "TWE=", "Ma", "one '=' of padding" },
	{ "TWFu", "Man", "one whole group" },
	{ "5byg5LiJ", "\xe5\xbc\xa0\xe4\xb8\x89", "UTF-8 bytes (张三)" },
	{ "TWFu\r\nTWFu\r\n", "ManMan", "CRLF line ends" },
	{ "TW\r\nFu", "Man", "a line end inside a group" },
	{ " TWFu\tTQ==\n\v\f", "ManM", "blanks anywhere, after the end too" },
	{ "+/+/", "\xfb\xff\xbf", "'+' and '/'" },
	{ "TWFuTWFuTWFu", "ManManMan", "groups back to back" },
	{ "TWF", NULL, "a cut-off group" },
	{ "T", NULL, "one character" },
	{ "TQ=", NULL, "one '=' short" },
	{ "T===", NULL, "three '='" },
	{ "====", NULL, "only padding" },
	{ "TQ==TWFu", NULL, "data after the padding" },
	{ "TQ==\r\n=", NULL, "'=' after the end" },
	{ "TR==", NULL, "bits under the padding" },
	{ "TWF=", NULL, "bits under one '='" },
	{ "TW=u", NULL, "'=' inside a group" },
	{ "TWFu-TWFu", NULL, "'-' (a PEM end line)" },
	{ "TWFu_", NULL, "base64url's '_'" },
	{ "TW\x80u", NULL, "a byte above 127" },
	{ "TWFu\0TWFu", NULL, "a NUL byte" },
};

int
main(void)
{
	unsigned char	*out = (unsigned char *)"untouched", *big;
	size_t		 i, olen, len;
	char		*enc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		len = strlen(cases[i].in);
		if (strcmp(cases[i].what, "a NUL byte") == 0)
			len = 9;
		if (cases[i].out == NULL) {
			CHECK(b64_decode(cases[i].in, len, &out, &olen) == -1 &&
			    out == NULL, "refused: %s", cases[i].what);
			continue;
		}
		CHECK(b64_decode(cases[i].in, len, &out, &olen) == 0 &&
		    olen == strlen(cases[i].out) &&
		    memcmp(out, cases[i].out, olen) == 0, "read: %s",
		    cases[i].what);
		free(out);
	}

	/* 57 bytes a 76-column line, as mail clients write it: every byte
	 * value, many lines, the last one short. */
	big = malloc(57 * 100 + 1);
	enc = malloc(78 * 101 + 1);
	for (i = 0; i < 57 * 100 + 1; i++)
		big[i] = (unsigned char)(i * 7 + (i >> 8));
	len = 0;
	for (i = 0; i < 57 * 100 + 1; i += 3) {
		static const char a[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789+/";
		unsigned w = big[i] << 16 | (i + 1 < 5701 ? big[i + 1] << 8 : 0) |
		    (i + 2 < 5701 ? big[i + 2] : 0);

		enc[len++] = a[w >> 18];
		enc[len++] = a[(w >> 12) & 63];
		enc[len++] = i + 1 < 5701 ? a[(w >> 6) & 63] : '=';
		enc[len++] = i + 2 < 5701 ? a[w & 63] : '=';
		if ((len + 2) % 78 == 0 || i + 3 >= 5701) {
			enc[len++] = '\r';
			enc[len++] = '\n';
		}
	}
	CHECK(b64_decode(enc, len, &out, &olen) == 0 && olen == 5701 &&
	    memcmp(out, big, olen) == 0, "read: 101 lines of 76 columns");
	free(out);
	enc[len / 2] = '*';
	CHECK(b64_decode(enc, len, &out, &olen) == -1,
	    "refused: one bad byte in the middle of 101 lines");
	free(big);
	free(enc);
	return UNIT_DONE();
}
