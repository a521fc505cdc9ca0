/*
 * test_charset.c — header words and raw bytes as Chinese mail clients send
 * them, into UTF-8.  Byte strings come from Python's codecs
 * ('张三'.encode('gbk') ...), not from the code under test.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include <libetpan/libetpan.h>

#include "charset.h"
#include "unit.h"

static const struct {
	const char	*raw;
	const char	*want;
	const char	*what;
} headers[] = {
	{ "=?GB2312?B?u/231tDCsOw=?=", "积分新办", "B word, GB2312" },
	{ "=?gbk?Q?=D5=C5=C8=FD?=", "张三", "Q word, GBK" },
	{ "=?GB18030?B?zfWVNLI1?=", "王𠮷", "B word, GB18030 4-byte char" },
	{ "=?gbk?B?zfWVNLI1?=", "王𠮷",
	    "GBK label on a GB18030 4-byte char (read as GB18030)" },
	{ "=?gb2312?B?hrQ=?=", "喆", "GB2312 label on a GBK-only char" },
	{ "=?UTF-8?B?5byg5LiJ?=", "张三", "B word, UTF-8" },
	{ "=?utf-8?q?=E5=BC=A0=E4=B8=89?=", "张三", "Q word, UTF-8 lower case" },
	{ "=?UTF-8?B?5bw=?= =?UTF-8?B?oOS4iQ==?=", "张三",
	    "UTF-8 char split across two words" },
	{ "=?GBK?B?1Q==?=\r\n =?GBK?B?xcj9?=", "张三",
	    "GBK char split across two folded words" },
	{ "=?GB2312?B?u/231tDCsOw=?= =?gbk?Q?=D5=C5=C8=FD?=", "积分新办张三",
	    "adjacent words in GB2312 and GBK, space between dropped" },
	{ "Re: =?UTF-8?B?5byg5LiJ?= ok", "Re: 张三 ok",
	    "encoded word between plain words keeps the spaces" },
	{ "=?UTF-8?Q?a_b?=", "a b", "Q underscore is a space" },
	{ "\xd5\xc5\xc8\xfd\xa3\xa8\xbb\xfd\xb7\xd6\xd0\xc2\xb0\xec\xa3\xa9",
	    "张三（积分新办）", "raw 8-bit GBK" },
	{ "\xe5\xbc\xa0\xe4\xb8\x89 - \xe7\xa7\xaf\xe5\x88\x86",
	    "张三 - 积分", "raw UTF-8" },
	{ "plain\r\n\tfolded", "plain\tfolded", "folding removed" },
	{ "  padded  ", "padded", "trimmed" },
	{ "=?x-unknown-cs?B?YWJj?=", "abc", "unknown charset, ASCII bytes" },
	{ "=?UTF-8?B?5byg?=\xd5\xc5", "张张", "encoded word then raw GBK" },
	{ "=?UTF-8?X?abc?=", "=?UTF-8?X?abc?=", "bad encoding letter kept" },
	{ "=?UTF-8?B?5byg5LiJ", "张三", "unterminated word still decoded" },
	{ "\"=?gbk?B?1cXI/Q==?=\"", "张三", "word in quotes (display names)" },
	{ "", "", "empty" },
};

static const struct {
	const char	*cs;
	const char	*in;
	size_t		 len;
	const char	*want;
	const char	*what;
} convs[] = {
	{ "gb2312", "\x86\xb4", 2, "喆", "gb2312 label, GBK char" },
	{ "x-gbk", "\xd5\xc5\xc8\xfd", 4, "张三", "x-gbk" },
	{ "CP936", "\x95\x34\xb2\x35", 4, "𠮷", "CP936 label, 4-byte char" },
	{ "gbk", "a\x80z", 3, "a€z", "lone 0x80 is the euro sign" },
	{ "utf-8", "a\xffz", 3, "a\xef\xbf\xbdz", "bad UTF-8 byte is U+FFFD" },
	{ "gbk", "\xd5\xc5\xc8", 3, "张\xef\xbf\xbd", "truncated GBK is U+FFFD" },
	{ "iso-8859-1", "caf\xe9", 4, "café", "Latin-1" },
	{ "us-ascii", "\xd5\xc5", 2, "张", "8-bit under ASCII label guessed" },
	{ NULL, "\xe5\xbc\xa0", 3, "张", "no label, UTF-8" },
	{ NULL, "\xd5\xc5", 2, "张", "no label, GBK" },
	{ "no-such-charset", "\xd5\xc5", 2, "张", "unknown label guessed" },
	{ "utf-8", "a\0b", 3, "a\xef\xbf\xbd" "b", "NUL shown as U+FFFD" },
	{ "utf-8", "", 0, "", "empty" },
};

int
main(void)
{
	size_t	 i;
	char	*s;

	setlocale(LC_ALL, "C.UTF-8");
	charset_init();

	for (i = 0; i < sizeof(headers) / sizeof(*headers); i++) {
		s = charset_decode_header(headers[i].raw,
		    strlen(headers[i].raw));
		CHECK_STR(s, headers[i].want, "decode_header: %s",
		    headers[i].what);
		free(s);
	}
	for (i = 0; i < sizeof(convs) / sizeof(*convs); i++) {
		s = charset_to_utf8(convs[i].cs, convs[i].in, convs[i].len);
		CHECK_STR(s, convs[i].want, "to_utf8: %s", convs[i].what);
		free(s);
	}

	s = charset_decode_header(NULL, 0);
	CHECK_STR(s, "", "decode_header(NULL) is \"\", not NULL");
	free(s);
	s = charset_guess_utf8("\xd1\xa7\xc0\xfa", 4);
	CHECK_STR(s, "学历", "guess: GBK");
	free(s);

	/* The hook: libetpan's own decoder now reads GBK labels as GB18030. */
	{
		const char	*w = "=?gbk?B?zfWVNLI1?=";
		size_t		 idx = 0;
		char		*out = NULL;
		int		 r;

		r = mailmime_encoded_phrase_parse("utf-8", w, strlen(w), &idx,
		    "utf-8", &out);
		CHECK_INT(r, MAILIMF_NO_ERROR, "libetpan phrase parse");
		CHECK_STR(out, "王𠮷", "libetpan + hook: GBK label, 4-byte");
		free(out);
	}

	/* A 100 KB header line: linear, and nothing lost. */
	{
		size_t	 n = 100 * 1024;
		char	*big = malloc(n + 1);

		memset(big, 'x', n);
		memcpy(big + 10, "=?UTF-8?B?5byg5LiJ?=", 20);
		big[n] = '\0';
		s = charset_decode_header(big, n);
		CHECK_INT(strlen(s), n - 20 + 6, "100 KB header decoded");
		CHECK(memcmp(s + 10, "张三", 6) == 0, "word inside it decoded");
		free(s);
		free(big);
	}
	return UNIT_DONE();
}
