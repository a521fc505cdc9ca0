/* source-common.c — source_open() and the dispatch for source.h. */
#include "source.h"
#include "url.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* scheme://[user@]host[:port][/path] */
static int
parse_net_url(struct source *s, const char *rest, char **err)
{
	struct url_net u;

	if (url_parse_net(rest, &u) == -1) {
		url_net_free(&u);
		*err = xasprintf("bad mailbox url: %s", s->url);
		return -1;
	}
	s->user = u.user;
	s->host = u.host;
	s->port = u.port;
	s->path = u.path;
	return 0;
}

struct source *
source_open(const struct source_config *cfg, char **err)
{
	struct source *s;
	const char *colon, *rest;

	*err = NULL;
	if (cfg == NULL || cfg->url == NULL || *cfg->url == '\0') {
		*err = xstrdup("no mailbox url");
		return NULL;
	}
	s = xcalloc(1, sizeof(*s));
	s->url = xstrdup(cfg->url);
	s->password = xstrdup(cfg->password ? cfg->password : "");
	if (cfg->ca_file != NULL && *cfg->ca_file != '\0')
		s->ca_file = xstrdup(cfg->ca_file);
	s->timeout = cfg->timeout > 0 ? cfg->timeout : 60;
	colon = strchr(cfg->url, ':');
	if (colon == NULL) {
		*err = xasprintf("bad mailbox url (no scheme): %s", cfg->url);
		goto fail;
	}
	s->scheme = ascii_lower(xstrndup(cfg->url, (size_t)(colon - cfg->url)));
	rest = colon + 1;
	if (strcmp(s->scheme, "maildir") == 0) {
		/* maildir:/path and maildir:///path */
		if (strncmp(rest, "//", 2) == 0)
			rest += 2;
		if (*rest == '\0') {
			*err = xasprintf("bad mailbox url (no path): %s", cfg->url);
			goto fail;
		}
		s->path = xstrdup(rest);
		s->ops = &source_maildir_ops;
	} else if (strcmp(s->scheme, "imap") == 0 ||
	    strcmp(s->scheme, "imaps") == 0 ||
	    strcmp(s->scheme, "pop3") == 0 ||
	    strcmp(s->scheme, "pop3s") == 0) {
		if (strncmp(rest, "//", 2) != 0) {
			*err = xasprintf("bad mailbox url: %s", cfg->url);
			goto fail;
		}
		if (parse_net_url(s, rest + 2, err) == -1)
			goto fail;
		if (s->user == NULL || *s->user == '\0') {
			*err = xasprintf("mailbox url names no user: %s", cfg->url);
			goto fail;
		}
		s->ops = s->scheme[0] == 'i' ? &source_imap_ops : &source_pop3_ops;
		if (s->ops == &source_imap_ops && s->path == NULL)
			s->path = xstrdup("INBOX");
		if (s->ops == &source_pop3_ops && s->path != NULL) {
			*err = xasprintf("POP3 has no folders: %s", cfg->url);
			goto fail;
		}
	} else {
		*err = xasprintf("unknown mailbox url scheme \"%s\" "
		    "(imap, imaps, pop3, pop3s, maildir)", s->scheme);
		goto fail;
	}

	if (cfg->done == NULL || *cfg->done == '\0' ||
	    strcmp(cfg->done, "keyword") == 0)
		s->done = SOURCE_DONE_KEYWORD;
	else if (strcmp(cfg->done, "delete") == 0)
		s->done = SOURCE_DONE_DELETE;
	else if (strncmp(cfg->done, "move:", 5) == 0 && cfg->done[5] != '\0') {
		s->done = SOURCE_DONE_MOVE;
		s->done_folder = xstrdup(cfg->done + 5);
	} else {
		*err = xasprintf("bad done \"%s\" (keyword, move:FOLDER, delete)",
		    cfg->done);
		goto fail;
	}
	if (s->ops == &source_pop3_ops && s->done == SOURCE_DONE_MOVE) {
		*err = xstrdup("POP3 has no folders: done must be delete or "
		    "keyword (the caller remembers seen UIDLs)");
		goto fail;
	}
	if (s->ops == &source_maildir_ops && s->done == SOURCE_DONE_MOVE &&
	    (strchr(s->done_folder, '/') != NULL || s->done_folder[0] == '.')) {
		*err = xasprintf("bad maildir folder \"%s\"", s->done_folder);
		goto fail;
	}
	if (s->ops->open(s, err) == -1)
		goto fail;
	return s;
fail:
	if (*err == NULL)
		*err = xstrdup("cannot open mailbox");
	/* The kind's close() frees whatever its open() got to. */
	if (s->priv == NULL)
		s->ops = NULL;
	source_close(s);
	return NULL;
}

int
source_list(struct source *s, struct source_list *out, char **err)
{
	*err = NULL;
	out->msg = NULL;
	out->n = 0;
	return s->ops->list(s, out, err);
}

int
source_fetch(struct source *s, const char *key, char **data, size_t *len,
    char **err)
{
	*err = NULL;
	*data = NULL;
	*len = 0;
	return s->ops->fetch(s, key, data, len, err);
}

int
source_mark_done(struct source *s, const char *key, char **err)
{
	*err = NULL;
	return s->ops->mark_done(s, key, err);
}

int
source_wait(struct source *s, int timeout_secs, char **err)
{
	*err = NULL;
	if (timeout_secs < 0)
		timeout_secs = 0;
	return s->ops->wait(s, timeout_secs, err);
}

void
source_close(struct source *s)
{
	if (s == NULL)
		return;
	if (s->ops != NULL)
		s->ops->close(s);
	free(s->url);
	free(s->scheme);
	free(s->user);
	if (s->password != NULL) {
		/* Do not leave the secret in freed memory. */
		volatile char *p = s->password;
		while (*p)
			*p++ = 0;
		free(s->password);
	}
	free(s->host);
	free(s->path);
	free(s->ca_file);
	free(s->done_folder);
	free(s);
}

void
source_list_add(struct source_list *l, char *key, char *folder,
    uint32_t uidvalidity, uint32_t uid, size_t size)
{
	struct source_msg *m;

	l->msg = xrealloc(l->msg, (l->n + 1) * sizeof(*l->msg));
	m = &l->msg[l->n++];
	m->key = key;
	m->folder = folder;
	m->uidvalidity = uidvalidity;
	m->uid = uid;
	m->size = size;
}

void
source_list_free(struct source_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->msg[i].key);
		free(l->msg[i].folder);
	}
	free(l->msg);
	l->msg = NULL;
	l->n = 0;
}
