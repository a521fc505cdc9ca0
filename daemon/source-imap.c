/*
 * source-imap.c — imap:// (STARTTLS when offered) and imaps://.
 *
 * The certificate is verified (tls.c) before LOGIN.  wait() uses IDLE when
 * the server offers it, re-armed every IDLE_REARM seconds (RFC 2177 wants
 * under 29 min); DONE's answer, bounded by the network timeout, doubles as
 * the watchdog: a silent or broken connection gives -1 and the caller
 * reconnects.  Without IDLE, wait() sends NOOP every POLL_SECS.
 */
#include "source.h"
#include "tls.h"
#include "util.h"

#include <libetpan/libetpan.h>

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DONE_KEYWORD	"$IntakeDone"
#define IDLE_REARM	(10 * 60)
#define POLL_SECS	30

struct im {
	mailimap	*imap;
	char		*prefix;	/* key up to the folder */
	uint32_t	 uidvalidity;
	int		 has_idle, has_move, has_uidplus;
};

static char *
imap_err(struct im *im, const char *what, int r)
{
	const char *resp = im->imap ? im->imap->imap_response : NULL;

	return xasprintf("IMAP %s failed (libetpan error %d)%s%s", what, r,
	    resp && *resp ? ": " : "", resp && *resp ? resp : "");
}

static int
connected_ok(int r)
{
	return r == MAILIMAP_NO_ERROR || r == MAILIMAP_NO_ERROR_AUTHENTICATED ||
	    r == MAILIMAP_NO_ERROR_NON_AUTHENTICATED;
}

static int
refresh_caps(struct im *im)
{
	struct mailimap_capability_data *cap = NULL;
	int r;

	r = mailimap_capability(im->imap, &cap);
	if (cap != NULL)
		mailimap_capability_data_free(cap);
	return r;
}

/* RFC 3986 userinfo: '@', ':', ';', '/' and the like %-encoded, so a
 * user such as intake@example.gov.cn gives a well-formed key. */
static char *
url_user(const char *u)
{
	struct buf b = { NULL, 0, 0 };
	const unsigned char *p;

	buf_adds(&b, "");
	for (p = (const unsigned char *)u; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~!$&'()*+,=", *p))
			buf_add(&b, p, 1);
		else
			buf_addf(&b, "%%%02X", *p);
	}
	return buf_take(&b);
}

static int
im_open(struct source *s, char **err)
{
	char *user;
	struct im *im;
	int r, tls = strcmp(s->scheme, "imaps") == 0;
	int port = s->port ? s->port : (tls ? 993 : 143);

	im = xcalloc(1, sizeof(*im));
	s->priv = im;
	user = url_user(s->user);
	im->prefix = xasprintf("imap://%s@%s:%d/%s", user, s->host, port,
	    s->path);
	free(user);
	im->imap = mailimap_new(0, NULL);
	if (im->imap == NULL) {
		*err = xstrdup("IMAP: out of memory");
		return -1;
	}
	mailimap_set_timeout(im->imap, s->timeout);
	if (tls)
		r = mailimap_ssl_connect(im->imap, s->host, (uint16_t)port);
	else
		r = mailimap_socket_connect(im->imap, s->host, (uint16_t)port);
	if (!connected_ok(r)) {
		*err = xasprintf("IMAP connect to %s:%d failed (libetpan error %d)",
		    s->host, port, r);
		return -1;
	}
	tls_stream_timeout(im->imap->imap_stream, s->timeout);
	if (tls) {
		if (tls_verify_stream(im->imap->imap_stream, s->host,
		    s->ca_file, err) == -1)
			return -1;
	} else {
		if (im->imap->imap_connection_info == NULL ||
		    im->imap->imap_connection_info->imap_capability == NULL) {
			if ((r = refresh_caps(im)) != MAILIMAP_NO_ERROR) {
				*err = imap_err(im, "CAPABILITY", r);
				return -1;
			}
		}
		/* imap:// means "STARTTLS where offered" (intake.conf(5)). */
		if (mailimap_has_extension(im->imap, "STARTTLS")) {
			r = mailimap_socket_starttls(im->imap);
			if (r != MAILIMAP_NO_ERROR) {
				*err = imap_err(im, "STARTTLS", r);
				return -1;
			}
			tls_stream_timeout(im->imap->imap_stream, s->timeout);
			if (tls_verify_stream(im->imap->imap_stream, s->host,
			    s->ca_file, err) == -1)
				return -1;
			tls = 1;
		}
	}
	r = mailimap_login(im->imap, s->user, s->password);
	if (r != MAILIMAP_NO_ERROR) {
		const char *resp = im->imap->imap_response;
		*err = xasprintf("IMAP login as %s failed%s%s", s->user,
		    resp && *resp ? ": " : "", resp && *resp ? resp : "");
		return -1;
	}
	/* Capabilities change after login (and after STARTTLS). */
	if ((r = refresh_caps(im)) != MAILIMAP_NO_ERROR) {
		*err = imap_err(im, "CAPABILITY", r);
		return -1;
	}
	im->has_idle = mailimap_has_idle(im->imap);
	im->has_move = mailimap_has_extension(im->imap, "MOVE");
	im->has_uidplus = mailimap_has_extension(im->imap, "UIDPLUS");
	if (s->done == SOURCE_DONE_MOVE) {
		/* Fails harmlessly when the folder exists. */
		(void)mailimap_create(im->imap, s->done_folder);
	}
	r = mailimap_select(im->imap, s->path);
	if (r != MAILIMAP_NO_ERROR) {
		*err = imap_err(im, "SELECT", r);
		return -1;
	}
	if (im->imap->imap_selection_info == NULL) {
		*err = xstrdup("IMAP SELECT gave no selection info");
		return -1;
	}
	im->uidvalidity = im->imap->imap_selection_info->sel_uidvalidity;
	return 0;
}

static int
uid_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static int
im_list(struct source *s, struct source_list *out, char **err)
{
	struct im *im = s->priv;
	struct mailimap_search_key *key;
	clist *res = NULL;
	clistiter *it;
	uint32_t *uids = NULL;
	size_t n = 0, cap = 0, i;
	int r;

	if (s->done == SOURCE_DONE_KEYWORD)
		key = mailimap_search_key_new_unkeyword(xstrdup(DONE_KEYWORD));
	else
		key = mailimap_search_key_new_all();
	r = mailimap_uid_search(im->imap, NULL, key, &res);
	mailimap_search_key_free(key);
	if (r != MAILIMAP_NO_ERROR) {
		*err = imap_err(im, "UID SEARCH", r);
		return -1;
	}
	for (it = clist_begin(res); it != NULL; it = clist_next(it)) {
		xgrow((void **)&uids, &cap, n, sizeof(*uids));
		uids[n++] = *(uint32_t *)clist_content(it);
	}
	mailimap_search_result_free(res);
	if (n > 0)
		qsort(uids, n, sizeof(*uids), uid_cmp);
	for (i = 0; i < n; i++)
		source_list_add(out, xasprintf("%s;UIDVALIDITY=%" PRIu32
		    ";UID=%" PRIu32, im->prefix, im->uidvalidity, uids[i]),
		    xstrdup(s->path), im->uidvalidity, uids[i], 0);
	free(uids);
	return 0;
}

static int
parse_u32(const char *p, const char *tag, uint32_t *v, const char **end)
{
	char *e;
	unsigned long long x;
	size_t tl = strlen(tag);

	if (strncmp(p, tag, tl) != 0)
		return -1;
	p += tl;
	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	x = strtoull(p, &e, 10);
	if (errno != 0 || x == 0 || x > UINT32_MAX)
		return -1;
	*v = (uint32_t)x;
	*end = e;
	return 0;
}

/* 0 ok, -2 not ours or dead (UIDVALIDITY changed). */
static int
parse_key(struct source *s, const char *key, uint32_t *uid, char **err)
{
	struct im *im = s->priv;
	size_t pl = strlen(im->prefix);
	const char *p;
	uint32_t uv;

	if (key == NULL || strncmp(key, im->prefix, pl) != 0 ||
	    parse_u32(key + pl, ";UIDVALIDITY=", &uv, &p) == -1 ||
	    parse_u32(p, ";UID=", uid, &p) == -1 || *p != '\0') {
		*err = xasprintf("key not of this mailbox: %s", key ? key : "");
		return -2;
	}
	if (uv != im->uidvalidity) {
		*err = xasprintf("UIDVALIDITY changed (%" PRIu32 " now %" PRIu32
		    "): %s", uv, im->uidvalidity, key);
		return -2;
	}
	return 0;
}

static int
im_fetch(struct source *s, const char *key, char **data, size_t *len,
    char **err)
{
	struct im *im = s->priv;
	struct mailimap_fetch_type *ft;
	struct mailimap_set *set;
	clist *res = NULL;
	clistiter *it, *ai;
	uint32_t uid;
	int r, found = 0;

	if ((r = parse_key(s, key, &uid, err)) != 0)
		return r;
	ft = mailimap_fetch_type_new_fetch_att_list_empty();
	mailimap_fetch_type_new_fetch_att_list_add(ft, mailimap_fetch_att_new_uid());
	mailimap_fetch_type_new_fetch_att_list_add(ft,
	    mailimap_fetch_att_new_body_peek_section(mailimap_section_new(NULL)));
	set = mailimap_set_new_single(uid);
	r = mailimap_uid_fetch(im->imap, set, ft, &res);
	mailimap_set_free(set);
	mailimap_fetch_type_free(ft);
	if (r != MAILIMAP_NO_ERROR) {
		*err = imap_err(im, "UID FETCH", r);
		return -1;
	}
	/* The server chooses the item order and may add unsolicited FETCH
	 * responses for other messages: match the UID, then the body. */
	for (it = clist_begin(res); it != NULL && !found; it = clist_next(it)) {
		struct mailimap_msg_att *ma = clist_content(it);
		uint32_t got = 0;
		const char *body = NULL;
		size_t blen = 0;

		for (ai = clist_begin(ma->att_list); ai; ai = clist_next(ai)) {
			struct mailimap_msg_att_item *item = clist_content(ai);
			if (item->att_type != MAILIMAP_MSG_ATT_ITEM_STATIC)
				continue;
			if (item->att_data.att_static->att_type ==
			    MAILIMAP_MSG_ATT_UID)
				got = item->att_data.att_static->att_data.att_uid;
			else if (item->att_data.att_static->att_type ==
			    MAILIMAP_MSG_ATT_BODY_SECTION) {
				struct mailimap_msg_att_body_section *bs =
				    item->att_data.att_static->att_data.att_body_section;
				body = bs->sec_body_part;
				blen = bs->sec_length;
			}
		}
		if (got == uid && body != NULL) {
			*data = xmalloc(blen + 1);
			memcpy(*data, body, blen);
			(*data)[blen] = '\0';
			*len = blen;
			found = 1;
		}
	}
	mailimap_fetch_list_free(res);
	if (!found) {
		*err = xasprintf("IMAP: no message %s", key);
		return -2;
	}
	return 0;
}

static int
store_flags(struct im *im, struct mailimap_set *set, int deleted)
{
	struct mailimap_flag_list *fl;
	struct mailimap_store_att_flags *sa;
	int r;

	fl = mailimap_flag_list_new_empty();
	if (deleted)
		mailimap_flag_list_add(fl, mailimap_flag_new_deleted());
	else
		mailimap_flag_list_add(fl,
		    mailimap_flag_new_flag_keyword(xstrdup(DONE_KEYWORD)));
	sa = mailimap_store_att_flags_new_add_flags_silent(fl);
	r = mailimap_uid_store(im->imap, set, sa);
	mailimap_store_att_flags_free(sa);
	return r;
}

static int
im_mark_done(struct source *s, const char *key, char **err)
{
	struct im *im = s->priv;
	struct mailimap_set *set;
	uint32_t uid;
	int r;

	if ((r = parse_key(s, key, &uid, err)) != 0)
		return r;
	set = mailimap_set_new_single(uid);
	switch (s->done) {
	case SOURCE_DONE_KEYWORD:
		if ((r = store_flags(im, set, 0)) != MAILIMAP_NO_ERROR)
			*err = imap_err(im, "UID STORE", r);
		break;
	case SOURCE_DONE_MOVE:
		if (im->has_move) {
			if ((r = mailimap_uid_move(im->imap, set,
			    s->done_folder)) != MAILIMAP_NO_ERROR)
				*err = imap_err(im, "UID MOVE", r);
			break;
		}
		if ((r = mailimap_uid_copy(im->imap, set, s->done_folder)) !=
		    MAILIMAP_NO_ERROR) {
			*err = imap_err(im, "UID COPY", r);
			break;
		}
		/* The copy is safe: now remove the original. */
		/* FALLTHROUGH */
	case SOURCE_DONE_DELETE:
		if ((r = store_flags(im, set, 1)) != MAILIMAP_NO_ERROR) {
			*err = imap_err(im, "UID STORE \\Deleted", r);
			break;
		}
		/* Without UIDPLUS, EXPUNGE removes every \Deleted message in
		 * the folder: acceptable for a mailbox dedicated to intake. */
		r = im->has_uidplus ? mailimap_uid_expunge(im->imap, set) :
		    mailimap_expunge(im->imap);
		if (r != MAILIMAP_NO_ERROR)
			*err = imap_err(im, "EXPUNGE", r);
		break;
	}
	mailimap_set_free(set);
	return r == MAILIMAP_NO_ERROR ? 0 : -1;
}

static time_t
now_secs(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static int
im_wait(struct source *s, int secs, char **err)
{
	struct im *im = s->priv;
	struct mailimap_selection_info *si;
	struct pollfd pfd;
	time_t deadline = now_secs() + secs, left;
	uint32_t before;
	int r, pr, chunk;

	for (;;) {
		left = deadline - now_secs();
		if (left <= 0)
			return 0;
		si = im->imap->imap_selection_info;
		if (si == NULL) {
			*err = xstrdup("IMAP: no folder selected");
			return -1;
		}
		before = si->sel_exists;
		si->sel_has_exists = 0;
		si->sel_has_recent = 0;
		if (!im->has_idle) {
			chunk = left < POLL_SECS ? (int)left : POLL_SECS;
			if (poll(NULL, 0, chunk * 1000) == -1 && errno == EINTR)
				return 0;
			if ((r = mailimap_noop(im->imap)) != MAILIMAP_NO_ERROR) {
				*err = imap_err(im, "NOOP", r);
				return -1;
			}
			si = im->imap->imap_selection_info;
			if (si->sel_has_exists && si->sel_exists > before)
				return 1;
			continue;
		}
		chunk = left < IDLE_REARM ? (int)left : IDLE_REARM;
		if ((r = mailimap_idle(im->imap)) != MAILIMAP_NO_ERROR) {
			*err = imap_err(im, "IDLE", r);
			return -1;
		}
		if (im->imap->imap_stream->read_buffer_len > 0)
			pr = 1;
		else {
			pfd.fd = mailimap_idle_get_fd(im->imap);
			pfd.events = POLLIN;
			pr = poll(&pfd, 1, chunk * 1000);
		}
		/* DONE must be answered within the network timeout: a dead
		 * or silent connection shows up here. */
		if ((r = mailimap_idle_done(im->imap)) != MAILIMAP_NO_ERROR) {
			*err = xasprintf("IMAP connection lost in IDLE "
			    "(libetpan error %d)", r);
			return -1;
		}
		si = im->imap->imap_selection_info;
		if (si != NULL && (si->sel_has_exists || si->sel_has_recent))
			return 1;
		if (pr == -1)
			return 0;	/* a signal: let the caller look */
		/* Timeout or "* OK Still here": idle again. */
	}
}

static void
im_close(struct source *s)
{
	struct im *im = s->priv;

	if (im == NULL)
		return;
	if (im->imap != NULL) {
		if (im->imap->imap_stream != NULL)
			(void)mailimap_logout(im->imap);
		mailimap_free(im->imap);
	}
	free(im->prefix);
	free(im);
	s->priv = NULL;
}

const struct source_ops source_imap_ops = {
	"imap", im_open, im_list, im_fetch, im_mark_done, im_wait, im_close
};
