/*
 * channel.h — reply channels: how a finished reply leaves the machine.
 *
 * One ops table per kind, one file per kind, chosen by the `via` string:
 *   smtp://[user@]host[:port]   STARTTLS when offered (verified, tls.h);
 *                               with a user: AUTH (PLAIN/LOGIN) with the
 *                               password, and then TLS is required
 *   smtps://[user@]host[:port]  implicit TLS (default port 465)
 *   sendmail:/usr/sbin/sendmail runs it directly (no shell):
 *                               sendmail -oi -f FROM -- RCPT (FROM "<>" for
 *                               the null sender), the message on stdin
 *   outbox:DIR                  one file per reply in DIR/new/ (written in
 *                               DIR/tmp/, fsync'd, renamed: Maildir-like,
 *                               so readers never see half a file).  The
 *                               file is the message with two trace lines
 *                               in front, as an MDA would add them:
 *                                 Return-Path: <FROM>
 *                                 Delivered-To: RCPT
 *                               (same line ending as the message).
 *
 * send(): envelope_from "" means the null sender <>.  Returns 0 sent (or
 * queued), -1 temporary failure (retry later: 4xx, connection trouble,
 * sendmail exit 75), -2 permanent failure (5xx, bad address, other
 * sendmail exits); *err is a malloc'd message on failure.
 * SMTP connects for each send (replies are few; nothing to keep alive).
 */
#ifndef INTAKE_CHANNEL_H
#define INTAKE_CHANNEL_H

#include <stddef.h>

struct channel;

struct channel_ops {
	const char	*name;	/* "smtp", "sendmail", "outbox" */
	int	(*open)(struct channel *, char **err);
	int	(*send)(struct channel *, const char *envelope_from,
		    const char *rcpt, const char *msg, size_t len, char **err);
	void	(*close)(struct channel *);
	/* Optional: 1 when a message with this Message-ID already left
	 * through the channel, 0 when not, -1 when it cannot tell.  Lets a
	 * send that a crash interrupted be finished without a second copy. */
	int	(*delivered)(struct channel *, const char *msgid);
};

/* Internals shared by the channel-*.c files. */
struct channel {
	const struct channel_ops *ops;
	char	*via;
	char	*scheme;
	char	*user;		/* smtp: from the URL, NULL if none */
	char	*password;
	char	*host;
	int	 port;
	char	*path;		/* sendmail program or outbox dir */
	char	*ca_file;
	int	 timeout;	/* seconds */
	void	*priv;
};

/* NULL and *err on a bad `via` or an unusable outbox directory.  Opening
 * does not connect: a server that is down shows up as -1 from send. */
struct channel	*channel_open(const char *via, const char *password, char **err);
/* The same with an extra trusted CA (PEM) for smtp TLS; NULL or "". */
struct channel	*channel_open_ca(const char *via, const char *password,
		    const char *ca_file, char **err);
int	 channel_send(struct channel *, const char *envelope_from,
	    const char *rcpt, const char *msg, size_t len, char **err);
void	 channel_close(struct channel *);	/* NULL is fine */
/* ops->delivered, or -1 (cannot tell) when the kind has none. */
int	 channel_delivered(struct channel *, const char *msgid);

/* A plain address for an envelope: local@domain, printable ASCII or
 * UTF-8, no spaces, no <>, not starting with '-'.  1 if fine. */
int	 channel_addr_ok(const char *);

extern const struct channel_ops channel_smtp_ops;
extern const struct channel_ops channel_sendmail_ops;
extern const struct channel_ops channel_outbox_ops;

#endif
