/* reply.c — see reply.h. */
#include "reply.h"

#include <gnutls/gnutls.h>
#include <libetpan/libetpan.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "utf8.h"

static int
is_plain_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x7f || (*s < 0x20 && *s != '\t'))
			return 0;
	return 1;
}

char *
reply_encode_header(const char *text)
{
	struct buf b = { 0 };
	size_t len = strlen(text), off = 0, n;

	if (is_plain_ascii(text))
		return xstrdup(text);
	/* 45 bytes of UTF-8 become 60 characters of base64: each word stays
	 * within the 75 characters RFC 2047 allows. */
	while (off < len) {
		gnutls_datum_t in, out;

		n = utf8_prefix(text + off, len - off, 45);
		in.data = (unsigned char *)(uintptr_t)(text + off);
		in.size = (unsigned)n;
		if (gnutls_base64_encode2(&in, &out) != 0)
			abort();	/* only fails on allocation */
		if (b.len)
			buf_adds(&b, "\r\n ");
		buf_addf(&b, "=?UTF-8?B?%.*s?=", (int)out.size,
		    (const char *)out.data);
		gnutls_free(out.data);
		off += n;
	}
	return buf_take(&b);
}

char *
reply_address(const char *from)
{
	const char *lt = strrchr(from, '<'), *gt;

	if (lt && (gt = strchr(lt, '>')) != NULL)
		return ascii_lower(xstrndup(lt + 1, (size_t)(gt - lt - 1)));
	while (*from == ' ')
		from++;
	return ascii_lower(xstrdup(from));
}

char *
reply_mailbox_header(const char *from)
{
	const char *lt = strrchr(from, '<');
	char *name, *enc, *addr, *out;
	size_t n;

	if (lt == NULL)
		return xstrdup(from);
	n = (size_t)(lt - from);
	while (n && from[n - 1] == ' ')
		n--;
	name = xstrndup(from, n);
	addr = reply_address(from);
	if (*name == '\0')
		out = xasprintf("<%s>", addr);
	else if (is_plain_ascii(name)) {
		out = xasprintf("\"%s\" <%s>", name, addr);
	} else {
		enc = reply_encode_header(name);
		out = xasprintf("%s <%s>", enc, addr);
		free(enc);
	}
	free(name);
	free(addr);
	return out;
}

int
reply_body_base64(struct buf *b, const char *body)
{
	MMAPString *s = mmap_string_new("");
	int col = 0, r;

	if (s == NULL)
		return -1;
	r = mailmime_base64_write_mem(s, &col, body, strlen(body));
	if (r == MAILIMF_NO_ERROR) {
		buf_add(b, s->str, s->len);
		if (s->len && s->str[s->len - 1] != '\n')
			buf_adds(b, "\r\n");
	}
	mmap_string_free(s);
	return r == MAILIMF_NO_ERROR ? 0 : -1;
}

char *
reply_compose(const struct verdict *v, const char *from, time_t now,
    const char *unique, size_t *len, char **msgid)
{
	const struct verdict_reply *r = v->reply;
	struct buf b = { 0 };
	char date[64], *hdr, *addr, *domain, h[65];
	struct tm tm;

	if (r == NULL || r->to == NULL)
		return NULL;
	addr = reply_address(from);
	domain = strchr(addr, '@') ? xstrdup(strchr(addr, '@') + 1) :
	    xstrdup("intake.invalid");
	/* Header fields are ASCII: a receipt number like 闵行-2026-000001
	 * enters the Message-ID as a hash. */
	sha256_hex(unique ? unique : "", unique ? strlen(unique) : 0, h);
	*msgid = xasprintf("<intake.%lld.%.20s@%s>", (long long)now, h,
	    domain);
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);

	hdr = reply_mailbox_header(from);
	buf_addf(&b, "From: %s\r\n", hdr);
	free(hdr);
	buf_addf(&b, "To: %s\r\n", r->to);
	hdr = reply_encode_header(r->subject ? r->subject : "");
	buf_addf(&b, "Subject: %s\r\n", hdr);
	free(hdr);
	buf_addf(&b, "Date: %s\r\n", date);
	buf_addf(&b, "Message-ID: %s\r\n", *msgid);
	if (v->message_id && *v->message_id) {
		buf_addf(&b, "In-Reply-To: %s\r\n", v->message_id);
		/* References: the sender's chain, then their message. */
		if (r->references && *r->references)
			buf_addf(&b, "References: %s\r\n %s\r\n",
			    r->references, v->message_id);
		else
			buf_addf(&b, "References: %s\r\n", v->message_id);
	}
	buf_adds(&b, "Auto-Submitted: auto-replied\r\n");
	buf_adds(&b, "X-Auto-Response-Suppress: All\r\n");
	buf_adds(&b, "MIME-Version: 1.0\r\n");
	buf_adds(&b, "Content-Type: text/plain; charset=UTF-8\r\n");
	buf_adds(&b, "Content-Transfer-Encoding: base64\r\n\r\n");
	if (reply_body_base64(&b, r->body ? r->body : "") != 0) {
		buf_free(&b);
		free(addr);
		free(domain);
		free(*msgid);
		*msgid = NULL;
		return NULL;
	}
	free(addr);
	free(domain);
	*len = b.len;
	return buf_take(&b);
}
