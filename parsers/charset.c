/*
 * charset.c — text to UTF-8 with glibc iconv; RFC 2047 words are cut and
 * decoded by libetpan (mailmime_encoded_word_parse), and only the joining
 * of adjacent words and the conversion happen here.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libetpan/libetpan.h>

#include "charset.h"
#include "util.h"
#include "utf8.h"

#define REPLACEMENT	"\xef\xbf\xbd"	/* U+FFFD */

/* Labels Chinese clients put on GBK text; GB18030 reads all of them. */
static const char *gbk_family[] = {
	"gb2312", "gbk", "cp936", "x-gbk", "gb_2312-80", "euc-cn", "x-euc-cn",
	"ms936", "windows-936", "csgb2312", "gb18030", "chinese", NULL
};

static int
is_gbk_family(const char *cs)
{
	size_t	 i;

	for (i = 0; gbk_family[i] != NULL; i++)
		if (ascii_casecmp(cs, gbk_family[i]) == 0)
			return 1;
	return 0;
}

/* The iconv name for a MIME label, or NULL when the label says nothing
 * useful (absent, ASCII: 8-bit bytes under an ASCII label are common). */
static const char *
iconv_name(const char *cs)
{
	if (cs == NULL || *cs == '\0')
		return NULL;
	if (is_gbk_family(cs))
		return "GB18030";
	if (ascii_casecmp(cs, "us-ascii") == 0 ||
	    ascii_casecmp(cs, "ascii") == 0 ||
	    ascii_casecmp(cs, "ansi_x3.4-1968") == 0 ||
	    ascii_casecmp(cs, "unknown-8bit") == 0 ||
	    ascii_casecmp(cs, "x-unknown") == 0)
		return NULL;
	if (ascii_casecmp(cs, "utf8") == 0)
		return "UTF-8";
	if (ascii_casecmp(cs, "ks_c_5601-1987") == 0)
		return "CP949";
	return cs;
}

/*
 * Converts with cd into b.  A byte iconv refuses becomes U+FFFD and the
 * conversion goes on after it; GB18030's lone 0x80 is CP936's euro sign,
 * which glibc refuses, so it is mapped here.
 */
static void
convert(iconv_t cd, int gb, const char *in, size_t len, struct buf *b)
{
	char	 tmp[4096];
	char	*ip = (char *)in, *op;
	size_t	 il = len, ol;
	size_t	 r;
	int	 e;

	while (il > 0) {
		op = tmp;
		ol = sizeof(tmp);
		r = iconv(cd, &ip, &il, &op, &ol);
		e = errno;
		buf_add(b, tmp, sizeof(tmp) - ol);
		if (r != (size_t)-1 || e == E2BIG)
			continue;
		if (e == EILSEQ && gb && (unsigned char)*ip == 0x80)
			buf_adds(b, "\xe2\x82\xac");
		else
			buf_adds(b, REPLACEMENT);
		if (e == EINVAL)		/* truncated at the end */
			break;
		ip++;
		il--;
		iconv(cd, NULL, NULL, NULL, NULL);
	}
	/* Flush any shift state (ISO-2022-JP and the like). */
	op = tmp;
	ol = sizeof(tmp);
	iconv(cd, NULL, NULL, &op, &ol);
	buf_add(b, tmp, sizeof(tmp) - ol);
}

/* Appends the conversion of in to b; returns -1 if iconv has no such
 * charset (nothing appended). */
static int
convert_append(const char *cs, const char *in, size_t len, struct buf *b)
{
	iconv_t	 cd;

	cd = iconv_open("UTF-8", cs);
	if (cd == (iconv_t)-1)
		return -1;
	convert(cd, strcmp(cs, "GB18030") == 0, in, len, b);
	iconv_close(cd);
	return 0;
}

/* Embedded NULs would cut the C string short; U+FFFD shows them. */
static char *
take_without_nul(struct buf *b)
{
	struct buf	 o = { 0 };
	size_t		 i, start = 0;

	if (b->data == NULL || memchr(b->data, '\0', b->len) == NULL)
		return buf_take(b);
	for (i = 0; i < b->len; i++) {
		if (b->data[i] != '\0')
			continue;
		buf_add(&o, b->data + start, i - start);
		buf_adds(&o, REPLACEMENT);
		start = i + 1;
	}
	buf_add(&o, b->data + start, b->len - start);
	buf_free(b);
	return buf_take(&o);
}

static void
guess_append(const char *in, size_t len, struct buf *b)
{
	if (utf8_valid(in, len))
		buf_add(b, in, len);
	else
		convert_append("GB18030", in, len, b);
}

char *
charset_guess_utf8(const char *in, size_t len)
{
	struct buf	 b = { 0 };

	buf_add(&b, "", 0);
	guess_append(in, len, &b);
	return take_without_nul(&b);
}

char *
charset_to_utf8(const char *charset, const char *in, size_t len)
{
	struct buf	 b = { 0 };
	const char	*cs;

	buf_add(&b, "", 0);
	cs = iconv_name(charset);
	if (cs == NULL || convert_append(cs, in, len, &b) == -1)
		guess_append(in, len, &b);
	return take_without_nul(&b);
}

/*
 * RFC 2047 decoding.  State while walking a header value: raw text not yet
 * converted (guessed as one run so multibyte GBK stays whole), the decoded
 * bytes of adjacent encoded words in one charset, and white space held
 * back because it is dropped between two encoded words.
 */
struct hdec {
	struct buf	 out;
	struct buf	 raw;
	struct buf	 ew;
	char		*ew_cs;
	struct buf	 ws;
	int		 last_ew;
};

static void
hdec_flush_raw(struct hdec *h)
{
	if (h->raw.len > 0)
		guess_append(h->raw.data, h->raw.len, &h->out);
	h->raw.len = 0;
}

static void
hdec_flush_ew(struct hdec *h)
{
	char	*s;

	if (h->ew_cs != NULL) {
		s = charset_to_utf8(h->ew_cs, h->ew.data ? h->ew.data : "",
		    h->ew.len);
		buf_adds(&h->out, s);
		free(s);
	}
	free(h->ew_cs);
	h->ew_cs = NULL;
	h->ew.len = 0;
}

/* The charset of an encoded word without an RFC 2231 language suffix. */
static char *
word_charset(const char *cs)
{
	char	*s, *star;

	s = xstrdup(cs);
	if ((star = strchr(s, '*')) != NULL)
		*star = '\0';
	return s;
}

/* Tries an encoded word at raw[*i]; 1 and *i advanced if there was one. */
static int
hdec_word(struct hdec *h, const char *raw, size_t len, size_t *i)
{
	struct mailmime_encoded_word	*w = NULL;
	size_t				 j = *i;
	int				 fwd, mq;
	char				*cs;

	if (mailmime_encoded_word_parse(raw, len, &j, &w, &fwd, &mq) !=
	    MAILIMF_NO_ERROR || w == NULL)
		return 0;
	if (!h->last_ew) {
		buf_add(&h->raw, h->ws.data, h->ws.len);
		hdec_flush_raw(h);
	}
	h->ws.len = 0;
	cs = word_charset(w->wd_charset != NULL ? w->wd_charset : "");
	if (h->ew_cs != NULL && ascii_casecmp(h->ew_cs, cs) != 0)
		hdec_flush_ew(h);
	if (h->ew_cs == NULL)
		h->ew_cs = cs;
	else
		free(cs);
	buf_adds(&h->ew, w->wd_text != NULL ? w->wd_text : "");
	mailmime_encoded_word_free(w);
	h->last_ew = 1;
	*i = j;
	return 1;
}

/* Drops leading and trailing white space in place. */
static char *
trim(char *s)
{
	size_t	 n, k = 0;

	while (s[k] == ' ' || s[k] == '\t')
		k++;
	n = strlen(s + k);
	memmove(s, s + k, n + 1);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	return s;
}

char *
charset_decode_header(const char *raw, size_t len)
{
	struct hdec	 h;
	size_t		 i = 0;
	char		 c;

	memset(&h, 0, sizeof(h));
	buf_add(&h.out, "", 0);
	while (raw != NULL && i < len) {
		c = raw[i];
		if (c == '\r' || c == '\n') {	/* unfolding */
			i++;
			continue;
		}
		if (c == ' ' || c == '\t') {
			buf_add(&h.ws, &c, 1);
			i++;
			continue;
		}
		/* libetpan also reads a word in quotes, as clients put it in
		 * display names: "=?GBK?B?...?=" <a@b>. */
		if ((c == '=' || c == '"') && i + 2 < len &&
		    raw[i + (c == '"')] == '=' && raw[i + 1 + (c == '"')] == '?' &&
		    hdec_word(&h, raw, len, &i))
			continue;
		if (h.last_ew)
			hdec_flush_ew(&h);
		h.last_ew = 0;
		buf_add(&h.raw, h.ws.data, h.ws.len);
		h.ws.len = 0;
		buf_add(&h.raw, &c, 1);
		i++;
	}
	hdec_flush_ew(&h);
	hdec_flush_raw(&h);
	buf_free(&h.raw);
	buf_free(&h.ew);
	buf_free(&h.ws);
	return trim(take_without_nul(&h.out));
}

/*
 * libetpan's conversion hook: GBK-family labels (libetpan has already
 * turned GB2312 into GBK) go through GB18030, so 4-byte characters and
 * GBK-only characters under a GB2312 label survive.  Anything else is
 * left to libetpan's own iconv call.
 */
static int
hook(const char *tocode, const char *fromcode, const char *str, size_t len,
    char *result, size_t *result_len)
{
	struct buf	 b = { 0 };
	int		 rc = MAIL_CHARCONV_NO_ERROR;

	if (ascii_casecmp(tocode, "utf-8") != 0 || !is_gbk_family(fromcode))
		return MAIL_CHARCONV_ERROR_UNKNOWN_CHARSET;
	buf_add(&b, "", 0);
	if (convert_append("GB18030", str, len, &b) == -1)
		rc = MAIL_CHARCONV_ERROR_UNKNOWN_CHARSET;
	else if (b.len > *result_len)
		rc = MAIL_CHARCONV_ERROR_MEMORY;
	else {
		memcpy(result, b.data, b.len);
		*result_len = b.len;
	}
	buf_free(&b);
	return rc;
}

void
charset_init(void)
{
	extended_charconv = hook;
}
