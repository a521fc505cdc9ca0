/* channel-common.c — channel_open() and the dispatch for channel.h. */
#include "channel.h"
#include "util.h"
#include "utf8.h"
#include "url.h"

#include <stdlib.h>
#include <string.h>

int
channel_addr_ok(const char *a)
{
	const unsigned char *p;
	const char *at;

	if (a == NULL || *a == '\0' || *a == '-' || strlen(a) > 320)
		return 0;
	for (p = (const unsigned char *)a; *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '<' || *p == '>' ||
		    *p == '(' || *p == ')' || *p == ',' || *p == ';' ||
		    *p == '\\' || *p == '"')
			return 0;
	at = strrchr(a, '@');
	return at != NULL && at != a && at[1] != '\0' &&
	    utf8_valid(a, strlen(a));
}

/* smtp://[user@]host[:port][/]: no path, and a user, when given, is
 * not empty. */
static int
parse_smtp(struct channel *c, const char *rest, char **err)
{
	struct url_net u;

	if (url_parse_net(rest, &u) == -1 || u.path != NULL ||
	    (u.user != NULL && *u.user == '\0')) {
		url_net_free(&u);
		*err = xasprintf("bad reply via url: %s", c->via);
		return -1;
	}
	c->user = u.user;
	c->host = u.host;
	c->port = u.port;
	return 0;
}

struct channel *
channel_open_ca(const char *via, const char *password, const char *ca_file,
    char **err)
{
	struct channel *c;
	const char *colon, *rest;

	*err = NULL;
	if (via == NULL || (colon = strchr(via, ':')) == NULL) {
		*err = xasprintf("bad reply via \"%s\" (smtp://, smtps://, "
		    "sendmail:/path, outbox:DIR)", via ? via : "");
		return NULL;
	}
	c = xcalloc(1, sizeof(*c));
	c->via = xstrdup(via);
	c->password = xstrdup(password ? password : "");
	if (ca_file != NULL && *ca_file != '\0')
		c->ca_file = xstrdup(ca_file);
	c->timeout = 60;
	c->scheme = ascii_lower(xstrndup(via, (size_t)(colon - via)));
	rest = colon + 1;
	if (strcmp(c->scheme, "smtp") == 0 || strcmp(c->scheme, "smtps") == 0) {
		if (strncmp(rest, "//", 2) != 0 || parse_smtp(c, rest + 2, err) == -1) {
			if (*err == NULL)
				*err = xasprintf("bad reply via url: %s", via);
			goto fail;
		}
		c->ops = &channel_smtp_ops;
	} else if (strcmp(c->scheme, "sendmail") == 0) {
		if (rest[0] != '/') {
			*err = xasprintf("sendmail needs an absolute path: %s", via);
			goto fail;
		}
		c->path = xstrdup(rest);
		c->ops = &channel_sendmail_ops;
	} else if (strcmp(c->scheme, "outbox") == 0) {
		if (*rest == '\0') {
			*err = xasprintf("outbox needs a directory: %s", via);
			goto fail;
		}
		c->path = xstrdup(rest);
		c->ops = &channel_outbox_ops;
	} else {
		*err = xasprintf("unknown reply via scheme \"%s\" (smtp, smtps, "
		    "sendmail, outbox)", c->scheme);
		goto fail;
	}
	if (c->ops->open != NULL && c->ops->open(c, err) == -1)
		goto fail;
	return c;
fail:
	c->ops = NULL;
	channel_close(c);
	return NULL;
}

struct channel *
channel_open(const char *via, const char *password, char **err)
{
	return channel_open_ca(via, password, NULL, err);
}

int
channel_send(struct channel *c, const char *from, const char *rcpt,
    const char *msg, size_t len, char **err)
{
	*err = NULL;
	if (from == NULL)
		from = "";
	if (*from != '\0' && strcmp(from, "<>") != 0 && !channel_addr_ok(from)) {
		*err = xasprintf("bad envelope sender \"%s\"", from);
		return -2;
	}
	if (strcmp(from, "<>") == 0)
		from = "";
	if (!channel_addr_ok(rcpt)) {
		*err = xasprintf("bad recipient address \"%s\"", rcpt ? rcpt : "");
		return -2;
	}
	if (msg == NULL || len == 0) {
		*err = xstrdup("empty message");
		return -2;
	}
	return c->ops->send(c, from, rcpt, msg, len, err);
}

void
channel_close(struct channel *c)
{
	if (c == NULL)
		return;
	if (c->ops != NULL && c->ops->close != NULL)
		c->ops->close(c);
	free(c->via);
	free(c->scheme);
	free(c->user);
	if (c->password != NULL) {
		volatile char *p = c->password;
		while (*p)
			*p++ = 0;
		free(c->password);
	}
	free(c->host);
	free(c->path);
	free(c->ca_file);
	free(c);
}

int
channel_delivered(struct channel *c, const char *msgid)
{
	if (c == NULL || c->ops->delivered == NULL || msgid == NULL)
		return -1;
	return c->ops->delivered(c, msgid);
}
