/*
 * test_mail.c — whole messages as Foxmail, QQ Mail, 163 and Outlook send
 * them (file names in RFC 2231, RFC 2047 and raw GBK; forwarded mail;
 * robots; broken MIME) through mail_parse().  GBK bytes were made with
 * Python ('张三'.encode('gbk')), base64 with Python's base64 module.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "mail.h"
#include "unit.h"

#define L "\r\n"

static struct mail_message *
parse(const char *msg)
{
	struct mail_message	*m = NULL;

	if (mail_parse(msg, strlen(msg), &m) != 0)
		return NULL;
	return m;
}

/* The attachment called name, or NULL. */
static const struct mail_attachment *
att(const struct mail_message *m, const char *name)
{
	size_t	 i;

	for (i = 0; m != NULL && i < m->n_atts; i++)
		if (m->atts[i].name != NULL && strcmp(m->atts[i].name, name) == 0)
			return &m->atts[i];
	return NULL;
}

static int
has_error(const struct mail_message *m, const char *part)
{
	size_t	 i;

	for (i = 0; m != NULL && i < m->n_errors; i++)
		if (strstr(m->errors[i], part) != NULL)
			return 1;
	return 0;
}

static const char headers_msg[] =
    "Return-Path: <>" L
    "Authentication-Results: mx.example.cn; spf=pass" L
    " smtp.mailfrom=corp.example.com" L
    "Authentication-Results: mx.example.cn; dkim=fail header.d=corp.example.com" L
    "From: =?GB18030?B?yMvKwrK/IM31lTSyNQ==?= <HR@Corp.Example.COM>" L
    "Sender: \"Mailer\" <bounce@Mailer.example.com>" L
    "Reply-To: hr-reply@corp.example.com" L
    "To: jobs: \"Center\" <Center@xh.example.gov.cn>, b@example.com;" L
    "Subject: \xd5\xc5\xc8\xfd\xa3\xa8\xbb\xfd\xb7\xd6\xd0\xc2\xb0\xec\xa3\xa9" L
    "Date: Mon, 3 Jun 2024 09:15:00 +0800" L
    "Message-ID: <20240603091500.123@corp.example.com>" L
    "In-Reply-To: <r1@xh.example.gov.cn>" L
    "References: <r0@xh.example.gov.cn>" L
    "   <r1@xh.example.gov.cn>" L
    "Auto-Submitted: auto-replied" L
    "Precedence:  bulk " L
    "List-Id: HR news <news.corp.example.com>" L
    "List-Unsubscribe: <mailto:unsub@corp.example.com>" L
    "X-Autoreply: yes" L
    "X-Autorespond: Out of office" L
    "MIME-Version: 1.0" L
    "Content-Type: text/plain; charset=gb2312" L
    "Content-Transfer-Encoding: base64" L
    L
    "xOO6ww==" L;

static void
test_headers(void)
{
	struct mail_message	*m = parse(headers_msg);

	CHECK(m != NULL, "headers: parsed");
	if (m == NULL)
		return;
	CHECK_STR(m->from, "hr@corp.example.com", "From bare, lower case");
	CHECK_STR(m->from_name, "人事部 王𠮷", "From display name, GB18030");
	CHECK_STR(m->sender, "bounce@mailer.example.com", "Sender");
	CHECK_STR(m->reply_to, "hr-reply@corp.example.com", "Reply-To");
	CHECK_STR(m->return_path, "", "Return-Path <> is \"\"");
	CHECK_STR(m->to, "center@xh.example.gov.cn", "To: first, in group");
	CHECK_STR(m->subject, "张三（积分新办）", "raw 8-bit GBK subject");
	CHECK_STR(m->date, "Mon, 3 Jun 2024 09:15:00 +0800", "Date as written");
	CHECK_STR(m->message_id, "<20240603091500.123@corp.example.com>",
	    "Message-ID with brackets");
	CHECK_STR(m->in_reply_to, "<r1@xh.example.gov.cn>", "In-Reply-To");
	CHECK_STR(m->references, "<r0@xh.example.gov.cn>   <r1@xh.example.gov.cn>",
	    "References unfolded");
	CHECK_STR(m->auto_submitted, "auto-replied", "Auto-Submitted");
	CHECK_STR(m->precedence, "bulk", "Precedence trimmed");
	CHECK_STR(m->list_id, "HR news <news.corp.example.com>", "List-Id");
	CHECK_STR(m->list_unsubscribe, "<mailto:unsub@corp.example.com>",
	    "List-Unsubscribe");
	CHECK_STR(m->x_autoreply, "yes", "X-Autoreply");
	CHECK_STR(m->x_autorespond, "Out of office", "X-Autorespond");
	CHECK_STR(m->content_type, "text/plain", "content type, no params");
	CHECK(m->report_type == NULL, "no report-type");
	CHECK_INT(m->n_auth_results, 2, "two Authentication-Results");
	if (m->n_auth_results == 2) {
		CHECK_STR(m->auth_results[0],
		    "mx.example.cn; spf=pass smtp.mailfrom=corp.example.com",
		    "Authentication-Results 1 unfolded");
		CHECK_STR(m->auth_results[1],
		    "mx.example.cn; dkim=fail header.d=corp.example.com",
		    "Authentication-Results 2");
	}
	CHECK_STR(m->body_text, "你好", "base64 gb2312 body");
	CHECK_INT(m->n_atts, 0, "no attachments");
	CHECK_INT(m->n_errors, 0, "no errors");
	mail_free(m);
}

static const char minimal_msg[] =
    "From: \xd5\xc5\xc8\xfd <zs@example.com>" L
    "Subject: \xe5\xbc\xa0\xe4\xb8\x89 \xe7\xa7\xaf\xe5\x88\x86" L
    L
    "\xc4\xe3\xba\xc3" L;

static void
test_minimal(void)
{
	struct mail_message	*m = parse(minimal_msg);

	CHECK(m != NULL, "minimal: parsed");
	if (m == NULL)
		return;
	CHECK_STR(m->from, "zs@example.com", "raw GBK display name: address");
	CHECK_STR(m->from_name, "张三", "raw GBK display name decoded");
	CHECK_STR(m->subject, "张三 积分", "raw UTF-8 subject");
	CHECK_STR(m->body_text, "你好", "unlabelled GBK body guessed");
	CHECK(m->return_path == NULL, "no Return-Path: NULL");
	CHECK(m->auto_submitted == NULL && m->precedence == NULL &&
	    m->list_id == NULL && m->x_autoreply == NULL,
	    "absent robot headers are NULL");
	CHECK_STR(m->content_type, "text/plain", "default content type");
	CHECK_INT(m->n_auth_results, 0, "no Authentication-Results");
	mail_free(m);
}

/* Every way a file name arrives, one part each. */
static const char names_msg[] =
    "From: hr@corp.example.com" L
    "To: center@example.gov.cn" L
    "Subject: =?GB2312?B?u/231tDCsOw=?=" L
    "MIME-Version: 1.0" L
    "Content-Type: multipart/mixed; boundary=\"==b1\"" L
    L
    "preamble" L
    "--==b1" L
    "Content-Type: text/plain; charset=utf-8" L
    "Content-Transfer-Encoding: quoted-printable" L
    L
    "=E8=81=94=E7=B3=BB=E7=94=B5=E8=AF=9D 13800138000" L
    "--==b1" L
    "Content-Type: application/zip" L
    "Content-Transfer-Encoding: base64" L
    "Content-Disposition: attachment;" L
    " filename*0*=UTF-8''%E5%BC%A0;" L
    " filename*2=\".zip\";" L
    " filename*1*=%E4%B8%89" L
    L
    "UEsDBHppcGRhdGE=" L
    "--==b1" L
    "Content-Type: image/jpeg" L
    "Content-Transfer-Encoding: base64" L
    "Content-Disposition: attachment; filename*=GBK''%C9%ED%B7%DD%D6%A4.jpg" L
    L
    "/9j/4GpwZWc=" L
    "--==b1" L
    "Content-Type: application/pdf" L
    "Content-Transfer-Encoding: base64" L
    "Content-Disposition: attachment; filename=\"=?GBK?B?0afA+takyukucGRm?=\"" L
    L
    "JVBERi0xLjQ=" L
    "--==b1" L
    "Content-Type: application/octet-stream" L
    "Content-Disposition: attachment;" L
    " filename=\"\xc0\xcd\xb6\xaf\xba\xcf\xcd\xac.docx\"" L
    L
    "DOCX" L
    "--==b1" L
    "Content-Type: image/jpeg; name=\"=?UTF-8?B?6Lqr5Lu96K+BLmpwZw==?=\"" L
    "Content-Transfer-Encoding: base64" L
    L
    "/9j/4GpwZWc=" L
    "--==b1" L
    "Content-Type: application/pdf;" L
    "\tname=\"\xd1\xa7\xc0\xfa\xd6\xa4\xca\xe9-2.pdf\"" L
    "Content-Transfer-Encoding: base64" L
    L
    "JVBERi0xLjQ=" L
    "--==b1" L
    "Content-Type: image/png" L
    "Content-Transfer-Encoding: base64" L
    L
    "iVBORw==" L
    "--==b1--" L
    "epilogue" L;

static void
test_names(void)
{
	struct mail_message		*m = parse(names_msg);
	const struct mail_attachment	*a;

	CHECK(m != NULL, "names: parsed");
	if (m == NULL)
		return;
	CHECK_STR(m->subject, "积分新办", "RFC 2047 subject");
	CHECK_STR(m->content_type, "multipart/mixed", "multipart type");
	CHECK_STR(m->body_text, "联系电话 13800138000", "QP UTF-8 text part");
	CHECK_INT(m->n_atts, 7, "seven attachments");

	a = att(m, "张三.zip");
	CHECK(a != NULL, "RFC 2231 continuations, UTF-8, out of order");
	if (a != NULL) {
		CHECK_INT(a->len, 11, "zip decoded length");
		CHECK(memcmp(a->data, "PK\x03\x04zipdata", 11) == 0,
		    "zip bytes decoded");
		CHECK_STR(a->declared_type, "application/zip", "declared type");
		CHECK_INT(a->depth, 0, "depth 0");
	}
	a = att(m, "身份证.jpg");
	CHECK(a != NULL, "RFC 2231 filename*= in GBK");
	if (a != NULL)
		CHECK(a->len == 8 && memcmp(a->data, "\xff\xd8\xff\xe0jpeg",
		    8) == 0, "jpeg bytes");
	CHECK(att(m, "学历证书.pdf") != NULL, "filename= RFC 2047 word");
	a = att(m, "劳动合同.docx");
	CHECK(a != NULL, "filename= raw 8-bit GBK");
	if (a != NULL)
		CHECK(a->len >= 4 && memcmp(a->data, "DOCX", 4) == 0,
		    "8bit part content");
	CHECK(m->n_atts > 4 && m->atts[4].name != NULL &&
	    strcmp(m->atts[4].name, "身份证.jpg") == 0,
	    "Content-Type name= encoded word only");
	CHECK(att(m, "学历证书-2.pdf") != NULL,
	    "Content-Type name= raw 8-bit GBK only (recovered, not question marks)");
	CHECK(m->n_atts == 7 && m->atts[6].name == NULL &&
	    strcmp(m->atts[6].declared_type, "image/png") == 0,
	    "unnamed non-text part is an attachment without a name");
	CHECK_INT(m->n_errors, 0, "no errors");
	mail_free(m);
}

static const char html_msg[] =
    "From: a@example.com" L
    "Subject: html" L
    "Content-Type: text/html; charset=gbk" L
    L
    "<html><head><style>p { color: red; }</style></head><body>" L
    "<p>\xd5\xc5\xc8\xfd&nbsp;&amp;&nbsp;&lt;ok&gt;</p><p>tel&#58; 1&#x33;8</p>" L
    "<script>alert(1)</script></body></html>" L;

static const char alt_msg[] =
    "From: a@example.com" L
    "Subject: alt" L
    "Content-Type: multipart/alternative; boundary=alt" L
    L
    "--alt" L
    "Content-Type: text/plain; charset=utf-8" L
    L
    "plain wins" L
    "--alt" L
    "Content-Type: text/html; charset=utf-8" L
    L
    "<p>html loses</p>" L
    "--alt--" L;

static void
test_html(void)
{
	struct mail_message	*m = parse(html_msg);

	CHECK(m != NULL, "html: parsed");
	if (m != NULL) {
		CHECK(strstr(m->body_text, "张三 & <ok>") != NULL,
		    "html-only body: tags dropped, entities decoded");
		CHECK(strstr(m->body_text, "tel: 138") != NULL,
		    "numeric entities");
		CHECK(strstr(m->body_text, "color") == NULL &&
		    strstr(m->body_text, "alert") == NULL,
		    "style and script content dropped");
		CHECK_INT(m->n_atts, 0, "html body is not an attachment");
	}
	mail_free(m);
	m = parse(alt_msg);
	CHECK(m != NULL && strcmp(m->body_text, "plain wins") == 0,
	    "alternative: text/plain preferred");
	mail_free(m);
}

static const char fwd_msg[] =
    "From: boss@corp.example.com" L
    "Subject: Fw: =?UTF-8?B?5byg5LiJ?=" L
    "Content-Type: multipart/mixed; boundary=outer" L
    L
    "--outer" L
    "Content-Type: text/plain; charset=utf-8" L
    L
    "see below" L
    "--outer" L
    "Content-Type: message/rfc822" L
    "Content-Disposition: attachment; filename=\"fwd.eml\"" L
    L
    "From: hr@corp.example.com" L
    "Subject: inner" L
    "Content-Type: multipart/mixed; boundary=inner" L
    L
    "--inner" L
    "Content-Type: text/plain; charset=utf-8" L
    "Content-Transfer-Encoding: base64" L
    L
    "6L2s5Y+R55qE5q2j5paH" L
    "--inner" L
    "Content-Type: application/zip; name=\"=?GBK?B?1cXI/S56aXA=?=\"" L
    "Content-Transfer-Encoding: base64" L
    L
    "UEsDBHppcGRhdGE=" L
    "--inner--" L
    "--outer--" L;

static void
test_forward(void)
{
	struct mail_message		*m = parse(fwd_msg);
	const struct mail_attachment	*a;

	CHECK(m != NULL, "forward: parsed");
	if (m == NULL)
		return;
	a = att(m, "张三.zip");
	CHECK(a != NULL, "attachment inside message/rfc822 found");
	if (a != NULL) {
		CHECK_INT(a->depth, 1, "forwarded attachment has depth 1");
		CHECK_INT(a->len, 11, "forwarded attachment decoded");
	}
	CHECK_INT(m->n_atts, 1, "the .eml itself is opened, not listed");
	CHECK_STR(m->body_text, "see below\n转发的正文",
	    "own text, then forwarded text");
	CHECK_STR(m->subject, "Fw: 张三", "outer subject");
	mail_free(m);
}

/* Single-part bodies whose name is only in a raw GBK name=, at the top
 * and inside forwarded messages (the header is found in different places). */
static const struct {
	const char	*msg;
	unsigned	 depth;
	const char	*what;
} single_names[] = {
	{ "From: a@b.cn" L
	  "Content-Type: application/pdf; name=\"\xd1\xa7\xc0\xfa.pdf\"" L
	  "Content-Transfer-Encoding: base64" L L "JVBERi0xLjQ=" L,
	  0, "whole message is one named part" },
	{ "From: a@b.cn" L "Content-Type: message/rfc822" L L
	  "From: x@y.cn" L
	  "Content-Type: application/pdf; name=\"\xd1\xa7\xc0\xfa.pdf\"" L
	  "Content-Transfer-Encoding: base64" L L "JVBERi0xLjQ=" L,
	  1, "forwarded message is one named part" },
	{ "From: a@b.cn" L "Content-Type: multipart/mixed; boundary=o" L L
	  "--o" L "Content-Type: message/rfc822" L L
	  "From: x@y.cn" L
	  "Content-Type: application/pdf; name=\"\xd1\xa7\xc0\xfa.pdf\"" L
	  "Content-Transfer-Encoding: base64" L L "JVBERi0xLjQ=" L "--o--" L,
	  1, "forwarded part of a multipart is one named part" },
};

static void
test_single_names(void)
{
	struct mail_message		*m;
	const struct mail_attachment	*a;
	size_t				 i;

	for (i = 0; i < sizeof(single_names) / sizeof(*single_names); i++) {
		m = parse(single_names[i].msg);
		a = att(m, "学历.pdf");
		CHECK(a != NULL && a->depth == single_names[i].depth &&
		    a->len == 8 && memcmp(a->data, "%PDF-1.4", 8) == 0,
		    "%s", single_names[i].what);
		mail_free(m);
	}
}

static const char dsn_msg[] =
    "From: MAILER-DAEMON@example.com" L
    "Subject: Undelivered Mail Returned to Sender" L
    "Content-Type: multipart/report; report-type=Delivery-Status;" L
    "\tboundary=\"r\"" L
    L
    "--r" L
    "Content-Type: text/plain" L
    L
    "could not deliver" L
    "--r" L
    "Content-Type: message/delivery-status" L
    L
    "Reporting-MTA: dns; mx.example.com" L
    "--r--" L;

static void
test_dsn(void)
{
	struct mail_message	*m = parse(dsn_msg);

	CHECK(m != NULL, "dsn: parsed");
	if (m == NULL)
		return;
	CHECK_STR(m->content_type, "multipart/report", "DSN content type");
	CHECK_STR(m->report_type, "delivery-status", "report-type, lower case");
	CHECK_STR(m->body_text, "could not deliver", "DSN text");
	mail_free(m);
}

static const char unterminated_msg[] =
    "From: a@example.com" L
    "Subject: cut" L
    "Content-Type: multipart/mixed; boundary=b" L
    L
    "--b" L
    "Content-Type: text/plain" L
    L
    "body text" L
    "--b" L
    "Content-Type: application/pdf; name=a.pdf" L
    "Content-Transfer-Encoding: base64" L
    L
    "JVBERi0xLjQ=" L
    "JVBER" L;

static const char badb64_msg[] =
    "From: a@example.com" L
    "Subject: bad" L
    "Content-Type: multipart/mixed; boundary=b" L
    L
    "--b" L
    "Content-Type: image/jpeg; name=x.jpg" L
    "Content-Transfer-Encoding: base64" L
    L
    "/9j/4G!!pwZWc=*" L
    "--b--" L;

/* Clean base64 in 76-column lines, and base64 with a '-' inside: the
 * fast decoder (GnuTLS) stops at a '-' without a word, so such a part
 * must take the path that skips it and reports the damage. */
static const char b64_lines_msg[] =
    "From: a@example.com" L
    "Subject: lines" L
    "Content-Type: multipart/mixed; boundary=b" L
    L
    "--b" L
    "Content-Type: application/octet-stream; name=clean.bin" L
    "Content-Transfer-Encoding: base64" L
    L
    "MDEyMzQ1Njc4OWFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3eHl6QUJDREVGR0hJSktMTU5PUFFSU1RV" L
    "VldYWVo=" L
    "--b" L
    "Content-Type: application/octet-stream; name=dash.bin" L
    "Content-Transfer-Encoding: base64" L
    L
    "QUJD" L
    "RU-ZH" L
    "--b--" L;

static void
test_malformed(void)
{
	struct mail_message	*m;
	const char		*garbage = "\x01\x02\xff\xfe\x00garbage\x80\r\n\r\n";
	int			 r;

	m = parse(unterminated_msg);
	CHECK(m != NULL, "unterminated multipart: parsed");
	if (m != NULL) {
		CHECK(strstr(m->body_text, "body text") != NULL,
		    "unterminated: text read");
		CHECK(has_error(m, "closing boundary"),
		    "unterminated: error says so");
		CHECK(att(m, "a.pdf") != NULL, "unterminated: last part kept");
		CHECK(has_error(m, "base64"), "truncated base64 reported");
	}
	mail_free(m);

	m = parse(badb64_msg);
	CHECK(m != NULL && att(m, "x.jpg") != NULL, "bad base64: part kept");
	CHECK(has_error(m, "damaged base64"), "bad base64: error");
	mail_free(m);

	m = parse(b64_lines_msg);
	if (m != NULL) {
		const struct mail_attachment *c = att(m, "clean.bin");
		const struct mail_attachment *d = att(m, "dash.bin");
		const char *want = "0123456789abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

		CHECK(c != NULL && c->len == strlen(want) &&
		    memcmp(c->data, want, c->len) == 0,
		    "clean base64 over two lines: every byte");
		/* libetpan's skipping is lossy; what counts is that
		 * reading goes on and the damage is said. */
		CHECK(d != NULL && d->len == 6 && memcmp(d->data, "ABC",
		    3) == 0, "base64 with a '-': read past it, not cut there");
		CHECK(m->n_errors == 1 && has_error(m, "damaged base64"),
		    "only the part with the '-' is reported damaged");
	} else
		CHECK(0, "base64 lines message parsed");
	mail_free(m);

	m = NULL;
	r = mail_parse("", 0, &m);
	CHECK(r == -1 && m == NULL, "empty input: -1, NULL");
	r = mail_parse(" \r\n\r\n", 5, &m);
	CHECK(r == -1 && m == NULL, "blank input: -1, NULL");

	r = mail_parse(garbage, 17, &m);
	CHECK(r == 0 && m != NULL, "garbage: still a result");
	if (m != NULL) {
		CHECK(m->n_errors > 0, "garbage: errors described");
		CHECK_STR(m->subject, "", "garbage: subject \"\"");
		CHECK(m->body_text != NULL, "garbage: body text not NULL");
	}
	mail_free(m);

	/* Headers only, no blank line, no body. */
	m = parse("From: a@example.com\r\nSubject: x");
	CHECK(m != NULL && strcmp(m->subject, "x") == 0 &&
	    strcmp(m->body_text, "") == 0, "headers only, truncated");
	mail_free(m);
}

static void
test_long_header(void)
{
	size_t			 n = 100 * 1024, k;
	char			*msg = malloc(n + 200);
	struct mail_message	*m = NULL;
	int			 r;

	if (msg == NULL)
		return;
	k = (size_t)sprintf(msg, "From: a@example.com\r\nX-Long: ");
	memset(msg + k, 'y', n);
	k += n;
	k += (size_t)sprintf(msg + k, "\r\nSubject: after\r\n\r\nbody\r\n");
	r = mail_parse(msg, k, &m);
	CHECK(r == 0 && m != NULL, "100 KB header line: parsed");
	if (m != NULL) {
		CHECK_STR(m->subject, "after", "field after it read");
		CHECK_STR(m->body_text, "body", "body after it read");
	}
	mail_free(m);
	free(msg);
}

static const struct {
	const char	*from;
	const char	*addr;
	const char	*name;
} froms[] = {
	{ "\"=?gbk?B?1cXI/Q==?=\" <ZS@A.cn>", "zs@a.cn", "张三" },
	{ "\"Zhang, San\" <zs@a.cn>", "zs@a.cn", "Zhang, San" },
	{ "zs@a.cn (HR Dept)", "zs@a.cn", NULL },
	{ "\"\xe5\xbc\xa0\xe4\xb8\x89\" <zs@a.cn>", "zs@a.cn", "张三" },
	{ "<>", "", NULL },
	{ "undisclosed-recipients:;", NULL, NULL },
};

static void
test_from(void)
{
	struct mail_message	*m;
	char			 msg[256];
	size_t			 i;

	for (i = 0; i < sizeof(froms) / sizeof(*froms); i++) {
		snprintf(msg, sizeof(msg), "From: %s\r\n\r\nx\r\n",
		    froms[i].from);
		m = parse(msg);
		CHECK_STR(m != NULL ? m->from : "(none)", froms[i].addr,
		    "From: %s", froms[i].from);
		CHECK_STR(m != NULL ? m->from_name : "(none)", froms[i].name,
		    "From display name: %s", froms[i].from);
		mail_free(m);
	}
}

static void
test_lf_only(void)
{
	const char		*msg = "From: A <A@X.example>\nSubject: "
	    "=?gbk?B?1cXI/Q==?=\nContent-Type: multipart/mixed; boundary=q\n\n"
	    "--q\nContent-Type: text/plain\n\nhi\n--q\nContent-Type: "
	    "image/jpeg\nContent-Disposition: attachment; filename=a.jpg\n"
	    "Content-Transfer-Encoding: base64\n\n/9j/4GpwZWc=\n--q--\n";
	struct mail_message	*m = parse(msg);

	CHECK(m != NULL, "LF line ends: parsed");
	if (m == NULL)
		return;
	CHECK_STR(m->from, "a@x.example", "LF: From");
	CHECK_STR(m->subject, "张三", "LF: Subject");
	CHECK_STR(m->body_text, "hi", "LF: body");
	CHECK(att(m, "a.jpg") != NULL && att(m, "a.jpg")->len == 8,
	    "LF: attachment");
	mail_free(m);
}

int
main(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	charset_init();
	test_headers();
	test_minimal();
	test_names();
	test_html();
	test_forward();
	test_dsn();
	test_malformed();
	test_long_header();
	test_lf_only();
	test_from();
	test_single_names();
	return UNIT_DONE();
}
