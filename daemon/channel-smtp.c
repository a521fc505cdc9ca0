/*
 * channel-smtp.c — smtp:// (STARTTLS when offered) and smtps://.
 * One connection per send.  TLS is verified (tls.h) before AUTH or any
 * mail.  AUTH only with a user in the URL, and never over a plain
 * connection except to a loopback address.
 */
#include "channel.h"
#include "tls.h"
#include "util.h"

#include <libetpan/libetpan.h>

#include <stdlib.h>
#include <string.h>

static int
is_loopback(const char *h)
{
	return strcmp(h, "127.0.0.1") == 0 || strcmp(h, "::1") == 0 ||
	    ascii_casecmp(h, "localhost") == 0;
}

/* 4xx and connection trouble: -1; 5xx: -2. */
static int
classify(mailsmtp *s, int r)
{
	int code = s->response_code;

	switch (r) {
	case MAILSMTP_ERROR_STREAM:
	case MAILSMTP_ERROR_CONNECTION_REFUSED:
	case MAILSMTP_ERROR_HOSTNAME:
	case MAILSMTP_ERROR_SSL:
	case MAILSMTP_ERROR_MEMORY:
		return -1;
	}
	return code >= 500 && code <= 599 ? -2 : -1;
}

static char *
smtp_err(mailsmtp *s, const char *what, int r)
{
	const char *resp = s->response;

	return xasprintf("SMTP %s failed (%s, code %d)%s%s", what,
	    mailsmtp_strerror(r), s->response_code,
	    resp && *resp ? ": " : "", resp && *resp ? resp : "");
}

static int
ehlo(mailsmtp *s)
{
	int r = mailesmtp_ehlo(s);

	if (r == MAILSMTP_ERROR_NOT_IMPLEMENTED)
		r = mailsmtp_helo(s);
	return r;
}

static int
smtp_send(struct channel *c, const char *from, const char *rcpt,
    const char *msg, size_t len, char **err)
{
	mailsmtp *s;
	int r, ret = -1, tls = strcmp(c->scheme, "smtps") == 0;
	int port = c->port ? c->port : (tls ? 465 : 25);

	if ((s = mailsmtp_new(0, NULL)) == NULL) {
		*err = xstrdup("SMTP: out of memory");
		return -1;
	}
	mailsmtp_set_timeout(s, c->timeout);
	r = tls ? mailsmtp_ssl_connect(s, c->host, (uint16_t)port) :
	    mailsmtp_socket_connect(s, c->host, (uint16_t)port);
	if (r != MAILSMTP_NO_ERROR) {
		*err = xasprintf("SMTP connect to %s:%d failed (%s)", c->host,
		    port, mailsmtp_strerror(r));
		goto done;	/* always temporary */
	}
	tls_stream_timeout(s->stream, c->timeout);
	if (tls && tls_verify_stream(s->stream, c->host, c->ca_file, err) == -1)
		goto done;
	if ((r = ehlo(s)) != MAILSMTP_NO_ERROR) {
		*err = smtp_err(s, "EHLO", r);
		ret = classify(s, r);
		goto done;
	}
	if (!tls && (s->esmtp & MAILSMTP_ESMTP_STARTTLS)) {
		if ((r = mailsmtp_socket_starttls(s)) != MAILSMTP_NO_ERROR) {
			*err = smtp_err(s, "STARTTLS", r);
			goto done;
		}
		tls_stream_timeout(s->stream, c->timeout);
		if (tls_verify_stream(s->stream, c->host, c->ca_file, err) == -1)
			goto done;
		tls = 1;
		if ((r = ehlo(s)) != MAILSMTP_NO_ERROR) {
			*err = smtp_err(s, "EHLO after STARTTLS", r);
			ret = classify(s, r);
			goto done;
		}
	}
	if (c->user != NULL) {
		if (!tls && !is_loopback(c->host)) {
			*err = xasprintf("SMTP %s:%d offers no STARTTLS: will not "
			    "send the password in clear", c->host, port);
			goto done;
		}
		r = mailesmtp_auth_sasl(s,
		    (s->auth & MAILSMTP_AUTH_PLAIN) ? "PLAIN" : "LOGIN",
		    c->host, NULL, NULL, c->user, c->user, c->password, NULL);
		if (r != MAILSMTP_NO_ERROR) {
			*err = smtp_err(s, "AUTH", r);
			goto done;	/* temporary: the password may be fixed */
		}
	}
	/* "" gives MAIL FROM:<> (NULL would send "<(null)>"). */
	if ((r = mailsmtp_mail(s, from)) != MAILSMTP_NO_ERROR) {
		*err = smtp_err(s, "MAIL FROM", r);
		ret = classify(s, r);
		goto done;
	}
	if ((r = mailsmtp_rcpt(s, rcpt)) != MAILSMTP_NO_ERROR) {
		*err = smtp_err(s, "RCPT TO", r);
		ret = classify(s, r);
		goto done;
	}
	if ((r = mailsmtp_data(s)) != MAILSMTP_NO_ERROR) {
		*err = smtp_err(s, "DATA", r);
		ret = classify(s, r);
		goto done;
	}
	if ((r = mailsmtp_data_message(s, msg, len)) != MAILSMTP_NO_ERROR) {
		*err = smtp_err(s, "end of DATA", r);
		ret = classify(s, r);
		goto done;
	}
	ret = 0;
	(void)mailsmtp_quit(s);
done:
	mailsmtp_free(s);
	return ret;
}

const struct channel_ops channel_smtp_ops = {
	"smtp", NULL, smtp_send, NULL, NULL
};
