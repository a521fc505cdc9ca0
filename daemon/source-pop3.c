/*
 * source-pop3.c — pop3:// (STLS when offered) and pop3s://.
 *
 * Keys are UIDLs.  A POP3 session sees the maildrop as it was at login, so
 * wait() ends the session (QUIT, which is when DELE takes effect), sleeps
 * up to POLL_SECS and logs in again.  With done other than "delete"
 * mark_done does nothing: list() returns every message on the server and
 * the caller skips the UIDLs it already has.
 */
#include "source.h"
#include "tls.h"
#include "util.h"

#include <libetpan/libetpan.h>

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#define POLL_SECS	60

struct p3 {
	mailpop3	*pop;
};

static char *
pop_err(struct p3 *p, const char *what, int r)
{
	const char *resp = p->pop ? p->pop->pop3_response : NULL;

	return xasprintf("POP3 %s failed (libetpan error %d)%s%s", what, r,
	    resp && *resp ? ": " : "", resp && *resp ? resp : "");
}

static int
has_stls(mailpop3 *pop)
{
	clist *caps = NULL;
	clistiter *it;
	int found = 0;

	if (mailpop3_capa(pop, &caps) != MAILPOP3_NO_ERROR)
		return 0;
	for (it = clist_begin(caps); it != NULL; it = clist_next(it)) {
		struct mailpop3_capa *c = clist_content(it);
		if (c->cap_name != NULL && ascii_casecmp(c->cap_name, "STLS") == 0)
			found = 1;
	}
	mailpop3_capa_resp_free(caps);
	return found;
}

static void
disconnect(struct p3 *p, int quit)
{
	if (p->pop == NULL)
		return;
	if (quit && p->pop->pop3_stream != NULL)
		(void)mailpop3_quit(p->pop);
	mailpop3_free(p->pop);
	p->pop = NULL;
}

static int
p3_connect(struct source *s, char **err)
{
	struct p3 *p = s->priv;
	int r, tls = strcmp(s->scheme, "pop3s") == 0;
	int port = s->port ? s->port : (tls ? 995 : 110);

	p->pop = mailpop3_new(0, NULL);
	if (p->pop == NULL) {
		*err = xstrdup("POP3: out of memory");
		return -1;
	}
	mailpop3_set_timeout(p->pop, s->timeout);
	if (tls)
		r = mailpop3_ssl_connect(p->pop, s->host, (uint16_t)port);
	else
		r = mailpop3_socket_connect(p->pop, s->host, (uint16_t)port);
	if (r != MAILPOP3_NO_ERROR) {
		*err = xasprintf("POP3 connect to %s:%d failed (libetpan error %d)",
		    s->host, port, r);
		goto fail;
	}
	tls_stream_timeout(p->pop->pop3_stream, s->timeout);
	if (!tls && has_stls(p->pop)) {
		if ((r = mailpop3_socket_starttls(p->pop)) != MAILPOP3_NO_ERROR) {
			*err = pop_err(p, "STLS", r);
			goto fail;
		}
		tls_stream_timeout(p->pop->pop3_stream, s->timeout);
		tls = 1;
	}
	if (tls && tls_verify_stream(p->pop->pop3_stream, s->host, s->ca_file,
	    err) == -1)
		goto fail;
	r = mailpop3_login(p->pop, s->user, s->password);
	if (r != MAILPOP3_NO_ERROR) {
		const char *resp = p->pop->pop3_response;
		*err = xasprintf("POP3 login as %s failed%s%s", s->user,
		    resp && *resp ? ": " : "", resp && *resp ? resp : "");
		goto fail;
	}
	return 0;
fail:
	disconnect(p, 0);
	return -1;
}

static int
p3_open(struct source *s, char **err)
{
	s->priv = xcalloc(1, sizeof(struct p3));
	return p3_connect(s, err);
}

/* The session's message list (libetpan asks LIST and UIDL once per
 * session and keeps the array, which belongs to it).  0, or -1. */
static int
p3_msgs(struct source *s, carray **arr, char **err)
{
	struct p3 *p = s->priv;
	int r;

	if (p->pop == NULL) {
		*err = xstrdup("POP3: not connected");
		return -1;
	}
	if ((r = mailpop3_list(p->pop, arr)) != MAILPOP3_NO_ERROR) {
		*err = pop_err(p, "LIST", r);
		return -1;
	}
	return 0;
}

static int
p3_list(struct source *s, struct source_list *out, char **err)
{
	carray *arr = NULL;
	unsigned int i;

	if (p3_msgs(s, &arr, err) != 0)
		return -1;
	for (i = 0; i < carray_count(arr); i++) {
		struct mailpop3_msg_info *mi = carray_get(arr, i);
		if (mi == NULL || mi->msg_deleted)
			continue;
		if (mi->msg_uidl == NULL) {
			*err = xstrdup("POP3 server gives no UIDL: message "
			    "keys would not be stable");
			source_list_free(out);
			return -1;
		}
		source_list_add(out, xstrdup(mi->msg_uidl), NULL, 0, 0,
		    mi->msg_size);
	}
	return 0;
}

/* Message number for a UIDL: >0, -2 gone, -1 error. */
static int
find_index(struct source *s, const char *key, char **err)
{
	carray *arr = NULL;
	unsigned int i;

	if (p3_msgs(s, &arr, err) != 0)
		return -1;
	for (i = 0; i < carray_count(arr); i++) {
		struct mailpop3_msg_info *mi = carray_get(arr, i);
		if (mi != NULL && !mi->msg_deleted && mi->msg_uidl != NULL &&
		    key != NULL && strcmp(mi->msg_uidl, key) == 0)
			return (int)mi->msg_index;
	}
	*err = xasprintf("POP3: no message with UIDL %s", key ? key : "");
	return -2;
}

static int
p3_fetch(struct source *s, const char *key, char **data, size_t *len,
    char **err)
{
	struct p3 *p = s->priv;
	char *buf = NULL;
	size_t blen = 0;
	int idx, r;

	if ((idx = find_index(s, key, err)) < 0)
		return idx;
	if ((r = mailpop3_retr(p->pop, (unsigned int)idx, &buf, &blen)) !=
	    MAILPOP3_NO_ERROR) {
		*err = pop_err(p, "RETR", r);
		return -1;
	}
	*data = xmalloc(blen + 1);
	memcpy(*data, buf, blen);
	(*data)[blen] = '\0';
	*len = blen;
	mailpop3_retr_free(buf);
	return 0;
}

static int
p3_mark_done(struct source *s, const char *key, char **err)
{
	struct p3 *p = s->priv;
	int idx, r;

	if (s->done != SOURCE_DONE_DELETE)
		return 0;
	if ((idx = find_index(s, key, err)) < 0)
		return idx;
	if ((r = mailpop3_dele(p->pop, (unsigned int)idx)) != MAILPOP3_NO_ERROR) {
		*err = pop_err(p, "DELE", r);
		return -1;
	}
	return 0;
}

static int
p3_wait(struct source *s, int secs, char **err)
{
	struct p3 *p = s->priv;
	int r, interrupted = 0;

	if (p->pop != NULL && p->pop->pop3_stream != NULL) {
		/* QUIT commits the DELEs of this session. */
		r = mailpop3_quit(p->pop);
		mailpop3_free(p->pop);
		p->pop = NULL;
		if (r != MAILPOP3_NO_ERROR) {
			*err = xasprintf("POP3 QUIT failed (libetpan error %d): "
			    "deletions of this session are undone", r);
			return -1;
		}
	} else
		disconnect(p, 0);
	if (secs > POLL_SECS)
		secs = POLL_SECS;
	if (poll(NULL, 0, secs * 1000) == -1 && errno == EINTR)
		interrupted = 1;
	if (p3_connect(s, err) == -1)
		return -1;
	return interrupted ? 0 : 1;
}

static void
p3_close(struct source *s)
{
	struct p3 *p = s->priv;

	if (p == NULL)
		return;
	disconnect(p, 1);
	free(p);
	s->priv = NULL;
}

const struct source_ops source_pop3_ops = {
	"pop3", p3_open, p3_list, p3_fetch, p3_mark_done, p3_wait, p3_close
};
