/* test_utf8.c — the one UTF-8 decoder: well-formed sequences, every kind
 * of malformed one (each must be refused, never half-read), the encoder's
 * replacement of values that are not characters, and the helpers built
 * on them. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "utf8.h"

static const struct {
	const char	*bytes;
	size_t		 len;	/* 0: the sequence is not well-formed */
	uint32_t	 cp;
	const char	*what;
} seqs[] = {
	{ "A", 1, 0x41, "ASCII" },
	{ "\xc2\xa0", 2, 0xa0, "two bytes (NBSP)" },
	{ "\xe5\xbc\xa0", 3, 0x5f20, "three bytes (张)" },
	{ "\xef\xbc\x8d", 3, 0xff0d, "full-width hyphen" },
	{ "\xf0\xa0\x80\x80", 4, 0x20000, "four bytes (U+20000)" },
	{ "\xef\xbf\xbd", 3, 0xfffd, "U+FFFD itself is well-formed" },
	{ "\x80", 0, 0, "a lone continuation byte" },
	{ "\xc0\xaf", 0, 0, "overlong two-byte '/'" },
	{ "\xc1\xbf", 0, 0, "overlong two-byte" },
	{ "\xe0\x80\xaf", 0, 0, "overlong three-byte" },
	{ "\xf0\x80\x80\xaf", 0, 0, "overlong four-byte" },
	{ "\xed\xa0\x80", 0, 0, "a surrogate" },
	{ "\xf4\x90\x80\x80", 0, 0, "above U+10FFFF" },
	{ "\xf8\x88\x80\x80\x80", 0, 0, "a five-byte form" },
	{ "\xe5\xbc", 0, 0, "cut short" },
	{ "\xe5" "A\xa0", 0, 0, "continuation missing (the fields.c bug)" },
	{ "\xff", 0, 0, "0xFF" },
};

int
main(void)
{
	struct buf b = { 0 };
	uint32_t cp;
	size_t i, k;
	char *s;

	for (i = 0; i < sizeof seqs / sizeof *seqs; i++) {
		cp = 0xdead;
		k = utf8_seq(seqs[i].bytes, strlen(seqs[i].bytes), &cp);
		CHECK_INT(k, seqs[i].len, "utf8_seq: %s", seqs[i].what);
		if (seqs[i].len)
			CHECK_INT(cp, seqs[i].cp, "code point: %s",
			    seqs[i].what);
		CHECK_INT(utf8_valid(seqs[i].bytes, strlen(seqs[i].bytes)),
		    seqs[i].len == strlen(seqs[i].bytes), "utf8_valid: %s",
		    seqs[i].what);
		k = utf8_next(seqs[i].bytes, &cp);
		CHECK(seqs[i].len ? k == seqs[i].len && cp == seqs[i].cp :
		    k == 1 && cp == 0xfffd, "utf8_next: %s", seqs[i].what);
	}
	CHECK_INT(utf8_seq("\xe5\xbc\xa0", 2, &cp), 0,
	    "a sequence longer than n is refused");
	CHECK_INT(utf8_seq("A", 0, &cp), 0, "n = 0 reads nothing");
	CHECK_INT(utf8_next("", &cp), 0, "utf8_next stops at the NUL");
	CHECK_INT(utf8_len("\xe5\xbc\xa0X"), 3, "utf8_len");

	utf8_put(&b, 0x5f20);
	utf8_put(&b, 0x41);
	utf8_put(&b, 0x20000);
	utf8_put(&b, 0xd800);		/* a surrogate */
	utf8_put(&b, 0x110000);		/* out of range */
	utf8_put(&b, 0);		/* NUL would cut the string */
	buf_add(&b, "", 0);
	s = buf_take(&b);
	CHECK_STR(s, "\xe5\xbc\xa0" "A\xf0\xa0\x80\x80"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd",
	    "utf8_put encodes, and replaces what is not a character");
	free(s);

	CHECK_INT(utf8_width("abc"), 3, "width of ASCII");
	CHECK_INT(utf8_width("张三a"), 5, "CJK counts two columns");
	CHECK_INT(utf8_width("\xff" "a"), 2, "a stray byte counts one");

	/* "张三" is 6 bytes: a 4-byte cut must fall back to 3. */
	CHECK_INT(utf8_prefix("张三", 6, 4), 3, "prefix never splits");
	CHECK_INT(utf8_prefix("张三", 6, 45), 6, "prefix takes all that fits");
	CHECK_INT(utf8_prefix("abc", 3, 2), 2, "prefix of ASCII");
	return UNIT_DONE();
}
