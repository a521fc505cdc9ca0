/*
 * report-mail.c — the HTML report mailed through the reply channel.
 * See report.h.
 */
#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "audit.h"
#include "channel.h"
#include "cmd.h"
#include "report.h"
#include "env.h"
#include "log.h"
#include "idnumber.h"
#include "records-report.h"
#include "reply.h"
#include "util.h"
#include "day.h"
#include "problem.h"
#include "utf8.h"
#include "workdays.h"

/* A part's body; libetpan fails only when it cannot allocate. */
static void
body_part(struct buf *b, const char *text)
{
	if (reply_body_base64(b, text) != 0)
		abort();
}

static char *
compose_mail(const struct report *r, const char *to, const char *text,
    const char *html, size_t *len)
{
	const char *from = r->env->cfg->reply.from;
	struct buf b = { 0 };
	char *addr = reply_address(from), *dom, *hdr, *subj, h[65], date[64];
	struct tm tm;
	time_t now = time(NULL);

	dom = strchr(addr, '@') ? strchr(addr, '@') + 1 : "intake.invalid";
	sha256_hex(html, strlen(html), h);
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	hdr = reply_mailbox_header(from);
	buf_addf(&b, "From: %s\r\nTo: %s\r\n", hdr, to);
	free(hdr);
	subj = xasprintf("%s：待人工核对%d件，超期%d件",
	    r->env->center->display_name, r->n_review, r->n_overdue);
	{
		char *t = xasprintf("邮件受理队列 %s %s", r->today, subj);

		hdr = reply_encode_header(t);
		free(t);
	}
	free(subj);
	buf_addf(&b, "Subject: %s\r\nDate: %s\r\n", hdr, date);
	free(hdr);
	buf_addf(&b, "Message-ID: <intake.report.%lld.%.16s@%s>\r\n",
	    (long long)now, h, dom);
	/* A generated digest, not a reply: no auto-reply answers it. */
	buf_adds(&b, "Auto-Submitted: auto-generated\r\n"
	    "X-Auto-Response-Suppress: All\r\nMIME-Version: 1.0\r\n");
	buf_addf(&b, "Content-Type: multipart/alternative; "
	    "boundary=\"=_intake_%.24s\"\r\n\r\n", h);
	buf_addf(&b, "--=_intake_%.24s\r\n"
	    "Content-Type: text/plain; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", h);
	body_part(&b, text);
	buf_addf(&b, "--=_intake_%.24s\r\n"
	    "Content-Type: text/html; charset=UTF-8\r\n"
	    "Content-Transfer-Encoding: base64\r\n\r\n", h);
	body_part(&b, html);
	buf_addf(&b, "--=_intake_%.24s--\r\n", h);
	free(addr);
	*len = b.len;
	return buf_take(&b);
}

int
report_mail(const struct report *r, const char *to)
{
	const struct cfg *cfg = r->env->cfg;
	struct channel *ch;
	struct report_out ot = { 0 }, oh = { 0 };
	char *text, *html, *msg;
	char *err = NULL, *env_from;
	size_t len;
	int rc = 0;

	report_text(r, &ot);
	report_html(r, &oh);
	text = buf_take(&ot.b);
	html = buf_take(&oh.b);
	msg = compose_mail(r, to, text, html, &len);
	env_from = reply_address(cfg->reply.from);
	if ((ch = env_reply_channel(r->env, &err)) == NULL) {
		fprintf(stderr, "intake: report: %s\n", err);
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (channel_send(ch, env_from, to, msg, len, &err) != 0) {
		fprintf(stderr, "intake: report: sending to %s: %s\n", to, err);
		rc = EXIT_RUNTIME;
	}
	channel_close(ch);
out:
	free(err);
	free(env_from);
	free(msg);
	free(text);
	free(html);
	return rc;
}

