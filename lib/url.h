/*
 * url.h — the one parser for the network URLs of the configuration:
 * mailboxes (imap://, imaps://, pop3://, pop3s://) and reply channels
 * (smtp://, smtps://).  Only what follows "scheme://" is parsed here; the
 * callers know their schemes.
 */
#ifndef INTAKE_URL_H
#define INTAKE_URL_H

struct url_net {
	char	*user;	/* %-unescaped; NULL when none, "" for "@host" */
	char	*host;	/* without the brackets of "[::1]" */
	int	 port;	/* 0 when not given */
	char	*path;	/* %-unescaped, after the first '/'; NULL if empty */
};

/*
 * "[user[:ignored]@]host[:port][/path]" → *u (its strings malloc'd, the
 * caller frees them with url_net_free, also after a failure).  A password
 * in the URL is dropped: passwords belong in files.  The last '@' before
 * the path ends the user, so a user name may hold a raw '@'.  0, or -1 for
 * no host, a bad port, an unclosed '[' or a '?' before the path.
 */
int	 url_parse_net(const char *rest, struct url_net *u);
void	 url_net_free(struct url_net *u);

#endif
