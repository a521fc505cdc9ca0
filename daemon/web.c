/*
 * web.c — the staff console's server: libmicrohttpd, the route table,
 * sessions, CSRF, the security headers; see web.h.
 */
#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "cmd.h"
#include "env.h"
#include "log.h"
#include "records.h"
#include "spool.h"
#include "web.h"
#include "web-pages.h"
#include "webauth.h"

#define WEB_MAX_FIELDS	64	/* POST fields of one request */

static const struct web_route routes[] = {
	{ "GET", "/login", STAFF_NONE, 0, web_login_form },
	{ "POST", "/login", STAFF_NONE, 1, web_login },
	{ "POST", "/logout", STAFF_VIEW, 0, web_logout },
	{ "GET", "/static/intake.css", STAFF_NONE, 0, web_static_css },
	{ "GET", "/", STAFF_VIEW, 0, web_queue },
	{ "GET", "/file/#", STAFF_VIEW, 0, web_file },
	{ "GET", "/submission/#/file/#", STAFF_VIEW, 0, web_file },
	{ "POST", "/submission/#/decision", STAFF_DECIDE, 0, web_decide },
	{ "GET", "/submission/#", STAFF_VIEW, 0, web_submission },
	{ "GET", "/submission/#/preview/#", STAFF_VIEW, 0, web_preview },
	{ "POST", "/submission/#/confirm", STAFF_DECIDE, 0, web_confirm },
	{ "GET", "/audit", STAFF_ADMIN, 0, web_audit_page },
};

struct web {
	const struct env	*env;
	struct records		*rec;
	struct spool		*spool;
	int			 tls;
};

/* One request's state across MHD's calls of the access handler. */
struct web_conn {
	struct MHD_PostProcessor *pp;
	struct web_field	*form;
	size_t			 nform, cap;
	size_t			 got;		/* body bytes */
	int			 too_big;
	int			 bad_form;
};

const struct env *
web_env(const struct web_req *r)
{
	return r->web->env;
}

struct records *
web_records(const struct web_req *r)
{
	return r->web->rec;
}

struct spool *
web_spool(const struct web_req *r)
{
	return r->web->spool;
}

const char *
web_form(const struct web_req *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nform; i++)
		if (strcmp(r->form[i].name, name) == 0)
			return r->form[i].value;
	return NULL;
}

const char *
web_query(const struct web_req *r, const char *name)
{
	return MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND,
	    name);
}

void
web_redirect(struct web_resp *resp, const char *location)
{
	free(resp->location);
	resp->location = xstrdup(location);
	if (resp->status == 0)
		resp->status = MHD_HTTP_SEE_OTHER;
}

int
web_fail(struct web_req *r, struct web_resp *resp, int status,
    const char *message)
{
	resp->status = status;
	buf_free(&resp->body);
	html_begin(&resp->body, r, status == 404 ? "找不到" : status == 403 ?
	    "无权操作" : "出错了");
	html_fmt(&resp->body, "<p class=\"error\">%s</p><p><a href=\"/\">"
	    "返回列表</a></p>", message);
	html_end(&resp->body);
	return 0;
}

int
web_audit(const struct web_req *r, const char *what, const char *target,
    const char *detail)
{
	char *cmd = xasprintf("web %s", what), *err = NULL;
	int rc;

	if ((rc = audit_add(web_records(r), cmd, r->who ? r->who->name : NULL,
	    target, detail, &err)) != 0) {
		log_error("event=web_audit_failed what=%s error=\"%s\"", what,
		    err);
		free(err);
	}
	free(cmd);
	return rc;
}

/* ---- routing ---- */

int
web_route_match(const char *pattern, const char *path, long long id[2],
    int *nid)
{
	const char *p = pattern, *s = path;
	int n = 0, digits;
	long long v;

	id[0] = id[1] = 0;
	while (*p && *s) {
		if (*p == '#') {
			/* 18 digits fit a long long: counted before the
			 * multiplication, which must never overflow */
			for (v = 0, digits = 0; *s >= '0' && *s <= '9'; s++) {
				if (++digits > 18)
					return 0;
				v = v * 10 + (*s - '0');
			}
			if (digits == 0 || n == 2)
				return 0;
			id[n++] = v;
			p++;
		} else if (*p++ != *s++)
			return 0;
	}
	*nid = n;
	return *p == '\0' && *s == '\0';
}

/* The route for method and path; NULL with *status 404 (no such path)
 * or 405 (the path, another method). */
static const struct web_route *
route_find(const char *method, const char *path, long long id[2],
    int *nid, int *status)
{
	size_t i;

	/* MHD answers HEAD as GET without the body */
	if (strcmp(method, MHD_HTTP_METHOD_HEAD) == 0)
		method = MHD_HTTP_METHOD_GET;
	*status = MHD_HTTP_NOT_FOUND;
	for (i = 0; i < sizeof routes / sizeof routes[0]; i++) {
		if (!web_route_match(routes[i].pattern, path, id, nid))
			continue;
		if (strcmp(routes[i].method, method) == 0)
			return &routes[i];
		*status = MHD_HTTP_METHOD_NOT_ALLOWED;
	}
	return NULL;
}

/* ---- sessions ---- */

/* The session the cookie names: 1 with *s, 0 none, -1 error (logged).
 * *hash gets the token's SHA-256 (for logout). */
static int
session_load(struct web *w, struct MHD_Connection *c, time_t now,
    struct staff_session *s, char hash[65])
{
	const char *tok = MHD_lookup_connection_value(c, MHD_COOKIE_KIND,
	    WEB_COOKIE);
	char *err = NULL;
	size_t i;
	int rc;

	hash[0] = '\0';
	if (tok == NULL || strlen(tok) != WEBAUTH_TOKEN_HEX - 1)
		return 0;
	for (i = 0; tok[i]; i++)
		if (!((tok[i] >= '0' && tok[i] <= '9') ||
		    (tok[i] >= 'a' && tok[i] <= 'f')))
			return 0;
	sha256_hex(tok, strlen(tok), hash);
	rc = staff_session_get(w->rec, hash, now,
	    w->env->cfg->web.idle_minutes * 60, s, &err);
	/* seen_at a minute old at most: not one write per request */
	if (rc == 1 && now - s->seen_at >= 60 &&
	    staff_session_touch(w->rec, hash, now, &err) != 0)
		rc = -1;
	if (rc == -1) {
		log_error("event=web_session_failed error=\"%s\"", err);
		free(err);
	}
	return rc;
}

/* The client's address, numeric; behind a trusted proxy its X-Real-IP.
 * malloc'd. */
static char *
client_addr(struct web *w, struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c,
	    MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	const char *real;
	char host[NI_MAXHOST];
	const struct sockaddr *sa;

	if (w->env->cfg->web.trust_proxy && (real =
	    MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Real-IP")) !=
	    NULL && *real && strlen(real) < NI_MAXHOST)
		return xstrdup(real);
	if (ci == NULL || (sa = ci->client_addr) == NULL ||
	    getnameinfo(sa, sa->sa_family == AF_INET6 ?
	    sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in), host,
	    sizeof host, NULL, 0, NI_NUMERICHOST) != 0)
		return xstrdup("?");
	return xstrdup(host);
}

/* ---- responses ---- */

static enum MHD_Result
send_resp(struct web *w, struct MHD_Connection *c, struct web_resp *resp)
{
	struct MHD_Response *mr;
	enum MHD_Result ok;
	size_t len = resp->body.len;

	if (resp->fd >= 0) {
		mr = MHD_create_response_from_fd64((uint64_t)resp->size,
		    resp->fd);
		if (mr == NULL)
			close(resp->fd);
		resp->fd = -1;
	} else if (len > 0)
		mr = MHD_create_response_from_buffer(len, buf_take(&resp->body),
		    MHD_RESPMEM_MUST_FREE);
	else
		mr = MHD_create_response_from_buffer(0, (void *)"",
		    MHD_RESPMEM_PERSISTENT);
	if (mr == NULL)
		return MHD_NO;
	MHD_add_response_header(mr, MHD_HTTP_HEADER_CONTENT_TYPE, resp->type ?
	    resp->type : "text/html; charset=utf-8");
	MHD_add_response_header(mr, "Content-Security-Policy",
	    "default-src 'self'; form-action 'self'; frame-ancestors 'none'");
	MHD_add_response_header(mr, "X-Frame-Options", "DENY");
	MHD_add_response_header(mr, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(mr, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(mr, MHD_HTTP_HEADER_CACHE_CONTROL,
	    resp->cacheable ? "max-age=3600" : "no-store");
	if (w->tls)
		MHD_add_response_header(mr, "Strict-Transport-Security",
		    "max-age=31536000");
	if (resp->location)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_LOCATION,
		    resp->location);
	if (resp->disposition)
		MHD_add_response_header(mr, "Content-Disposition",
		    resp->disposition);
	if (resp->cookie)
		MHD_add_response_header(mr, MHD_HTTP_HEADER_SET_COOKIE,
		    resp->cookie);
	ok = MHD_queue_response(c, (unsigned)(resp->status ? resp->status :
	    MHD_HTTP_OK), mr);
	MHD_destroy_response(mr);
	return ok;
}

static void
resp_free(struct web_resp *resp)
{
	buf_free(&resp->body);
	free(resp->location);
	free(resp->disposition);
	free(resp->cookie);
	if (resp->fd >= 0)
		close(resp->fd);
}

/* A bare answer before any page runs (413, 500). */
static enum MHD_Result
send_plain(struct web *w, struct MHD_Connection *c, int status,
    const char *text)
{
	struct web_resp resp = { .status = status, .fd = -1,
	    .type = "text/plain; charset=utf-8" };
	enum MHD_Result ok;

	buf_adds(&resp.body, text);
	ok = send_resp(w, c, &resp);
	resp_free(&resp);
	return ok;
}

/* ---- the request ---- */

static enum MHD_Result
dispatch(struct web *w, struct MHD_Connection *c, const char *url,
    const char *method, struct web_conn *wc)
{
	struct web_req req = { .web = w, .conn = c, .method = method,
	    .path = url, .tls = w->tls, .now = time(NULL) };
	struct web_resp resp = { .fd = -1 };
	struct staff_session who;
	const struct web_route *rt;
	const char *csrf;
	char hash[65], *addr = client_addr(w, c);
	enum MHD_Result ok;
	int status, have;

	req.addr = addr;
	/* behind nginx the browser's side is HTTPS when nginx says so */
	if (!req.tls && w->env->cfg->web.trust_proxy) {
		const char *proto = MHD_lookup_connection_value(c,
		    MHD_HEADER_KIND, "X-Forwarded-Proto");

		req.tls = proto != NULL && strcmp(proto, "https") == 0;
	}
	req.form = wc->form;
	req.nform = wc->nform;
	if ((have = session_load(w, c, req.now, &who, hash)) == -1) {
		free(addr);
		return send_plain(w, c, 500, "internal error\n");
	}
	if (have) {
		req.who = &who;
		req.session = hash;
	}
	if ((rt = route_find(method, url, req.id, &req.nid, &status)) == NULL) {
		web_fail(&req, &resp, status, "没有这个页面。");
		goto send;
	}
	if (rt->role > STAFF_NONE && req.who == NULL) {
		/* a page asked for without a session: sign in first, then
		 * back (the path matched a route: digits and letters only) */
		if (strcmp(rt->method, MHD_HTTP_METHOD_GET) == 0) {
			char *to = strcmp(url, "/") == 0 ? xstrdup("/login") :
			    xasprintf("/login?next=%s", url);

			web_redirect(&resp, to);
			free(to);
		} else
			web_fail(&req, &resp, MHD_HTTP_FORBIDDEN, "请先登录。");
		goto send;
	}
	if (req.who != NULL && req.who->role < rt->role) {
		web_fail(&req, &resp, MHD_HTTP_FORBIDDEN, "您的账号无权进行此"
		    "操作。");
		goto send;
	}
	if (strcmp(method, MHD_HTTP_METHOD_POST) == 0 && !rt->no_csrf &&
	    (req.who == NULL || wc->bad_form || (csrf = web_form(&req,
	    "csrf")) == NULL || !webauth_equal(csrf, req.who->csrf))) {
		log_warn("event=web_csrf_refused path=%s staff=%s addr=%s", url,
		    req.who ? req.who->name : "-", addr);
		web_fail(&req, &resp, MHD_HTTP_FORBIDDEN, "表单已过期，请刷新"
		    "页面后重试。");
		goto send;
	}
	if (rt->fn(&req, &resp) != 0) {
		resp_free(&resp);
		memset(&resp, 0, sizeof resp);
		resp.fd = -1;
		web_fail(&req, &resp, MHD_HTTP_INTERNAL_SERVER_ERROR,
		    "服务器出错，已记录。请稍后再试。");
	}
send:
	ok = send_resp(w, c, &resp);
	resp_free(&resp);
	if (have)
		staff_session_free(&who);
	free(addr);
	return ok;
}

static enum MHD_Result
post_field(void *cls, enum MHD_ValueKind kind, const char *key,
    const char *filename, const char *content_type,
    const char *transfer_encoding, const char *data, uint64_t off,
    size_t size)
{
	struct web_conn *wc = cls;
	struct web_field *f;
	size_t old;

	(void)kind; (void)filename; (void)content_type;
	(void)transfer_encoding;
	/* a long value comes in pieces: off > 0 continues the last one */
	if (off > 0 && wc->nform > 0 &&
	    strcmp(wc->form[wc->nform - 1].name, key) == 0) {
		f = &wc->form[wc->nform - 1];
		old = strlen(f->value);
		f->value = xrealloc(f->value, old + size + 1);
		memcpy(f->value + old, data, size);
		f->value[old + size] = '\0';
		return MHD_YES;
	}
	if (wc->nform == WEB_MAX_FIELDS) {
		wc->bad_form = 1;
		return MHD_NO;
	}
	xgrow((void **)&wc->form, &wc->cap, wc->nform, sizeof *wc->form);
	f = &wc->form[wc->nform++];
	f->name = xstrdup(key);
	f->value = xstrndup(data ? data : "", size);
	return MHD_YES;
}

static enum MHD_Result
web_access(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *data,
    size_t *size, void **ptr)
{
	struct web *w = cls;
	struct web_conn *wc = *ptr;
	const char *cl;

	(void)version;
	if (wc == NULL) {
		*ptr = wc = xcalloc(1, sizeof *wc);
		if (strcmp(method, MHD_HTTP_METHOD_POST) != 0)
			return MHD_YES;
		cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		    MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl != NULL && strtoull(cl, NULL, 10) > WEB_MAX_BODY) {
			wc->too_big = 1;
			return send_plain(w, c, MHD_HTTP_CONTENT_TOO_LARGE,
			    "request too large\n");
		}
		/* NULL for a body that is no form: no fields, so no csrf */
		wc->pp = MHD_create_post_processor(c, 16 * 1024, post_field,
		    wc);
		return MHD_YES;
	}
	if (*size != 0) {
		wc->got += *size;
		if (wc->got > WEB_MAX_BODY)
			wc->too_big = 1;
		else if (wc->pp != NULL && !wc->bad_form &&
		    MHD_post_process(wc->pp, data, *size) != MHD_YES)
			wc->bad_form = 1;
		*size = 0;
		return MHD_YES;
	}
	if (wc->too_big)
		return send_plain(w, c, MHD_HTTP_CONTENT_TOO_LARGE,
		    "request too large\n");
	return dispatch(w, c, url, method, wc);
}

static void
web_done(void *cls, struct MHD_Connection *c, void **ptr,
    enum MHD_RequestTerminationCode toe)
{
	struct web_conn *wc = *ptr;
	size_t i;

	(void)cls; (void)c; (void)toe;
	if (wc == NULL)
		return;
	if (wc->pp != NULL)
		MHD_destroy_post_processor(wc->pp);
	for (i = 0; i < wc->nform; i++) {
		/* a password field among them: not left in freed memory */
		webauth_wipe(wc->form[i].value);
		free(wc->form[i].name);
		free(wc->form[i].value);
	}
	free(wc->form);
	free(wc);
	*ptr = NULL;
}

static void
web_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char *s = xvasprintf(fmt, ap);
	size_t n = strlen(s);

	(void)cls;
	while (n > 0 && s[n - 1] == '\n')
		s[--n] = '\0';
	log_warn("event=web_server message=\"%s\"", s);
	free(s);
}

/* MHD's own unescaping of the path and the query, refusing a %00: the
 * path would end early as a C string ("/file/1%00..." read as
 * "/file/1"), so such a request names nothing (an empty path: 404). */
static size_t
web_unescape(void *cls, struct MHD_Connection *c, char *s)
{
	size_t n = MHD_http_unescape(s);

	(void)cls; (void)c;
	if (strlen(s) != n) {
		s[0] = '\0';
		return 0;
	}
	return n;
}

/* ---- serving ---- */

/* "ADDR:PORT" or "[ADDR6]:PORT", numeric: getaddrinfo's. */
static struct addrinfo *
listen_addr(const char *listen)
{
	struct addrinfo hints = { .ai_flags = AI_NUMERICHOST |
	    AI_NUMERICSERV | AI_PASSIVE, .ai_socktype = SOCK_STREAM };
	struct addrinfo *ai = NULL;
	const char *colon = strrchr(listen, ':');
	char *host;

	if (colon == NULL || colon == listen || colon[1] == '\0')
		return NULL;
	if (listen[0] == '[' && colon[-1] == ']')
		host = xstrndup(listen + 1, (size_t)(colon - listen - 2));
	else
		host = xstrndup(listen, (size_t)(colon - listen));
	if (getaddrinfo(host, colon + 1, &hints, &ai) != 0)
		ai = NULL;
	free(host);
	return ai;
}

int
web_serve(const struct env *e, const char *listen)
{
	const struct cfg_web *cw = &e->cfg->web;
	struct web w = { .env = e };
	struct MHD_OptionItem tls[3] = { { MHD_OPTION_END, 0, NULL } };
	struct MHD_Daemon *mhd = NULL;
	struct addrinfo *ai = NULL;
	char *cert = NULL, *key = NULL, *err = NULL;
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_POLL |
	    MHD_USE_ERROR_LOG;
	sigset_t stop;
	size_t len;
	int rc = EXIT_RUNTIME, sig;

	if (listen == NULL)
		listen = cw->listen;
	if ((ai = listen_addr(listen)) == NULL) {
		fprintf(stderr, "intake: web: listen \"%s\" is no ADDR:PORT "
		    "(127.0.0.1:8377, [::1]:8377)\n", listen);
		return EXIT_USAGE;
	}
	if (webauth_init() != 0) {
		fprintf(stderr, "intake: web: libsodium cannot start\n");
		goto out;
	}
	if (cw->tls_cert && *cw->tls_cert) {
		if ((cert = read_file(cw->tls_cert, &len)) == NULL ||
		    (key = read_file(cw->tls_key, &len)) == NULL) {
			fprintf(stderr, "intake: web: %s: %s\n", cert ?
			    cw->tls_key : cw->tls_cert, strerror(errno));
			goto out;
		}
		tls[0] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_CERT, 0,
		    cert };
		tls[1] = (struct MHD_OptionItem){ MHD_OPTION_HTTPS_MEM_KEY, 0,
		    key };
		flags |= MHD_USE_TLS;
		w.tls = 1;
	}
	if (ai->ai_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if ((w.rec = records_open(e->cfg->database, e->cfg->schemas,
	    &err)) == NULL || (w.spool = spool_open(e->cfg->spool, &err)) ==
	    NULL) {
		fprintf(stderr, "intake: web: %s\n", err);
		goto out;
	}
	/* the server's thread inherits the mask: the signals wait here */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	sigprocmask(SIG_BLOCK, &stop, NULL);
	mhd = MHD_start_daemon(flags, 0, NULL, NULL, web_access, &w,
	    MHD_OPTION_EXTERNAL_LOGGER, web_mhd_log, NULL,
	    MHD_OPTION_SOCK_ADDR, ai->ai_addr,
	    MHD_OPTION_CONNECTION_LIMIT, (unsigned int)cw->max_connections,
	    MHD_OPTION_CONNECTION_TIMEOUT, 30u,
	    MHD_OPTION_NOTIFY_COMPLETED, web_done, NULL,
	    MHD_OPTION_UNESCAPE_CALLBACK, web_unescape, NULL,
	    MHD_OPTION_ARRAY, tls,
	    MHD_OPTION_END);
	if (mhd == NULL) {
		fprintf(stderr, "intake: web: cannot serve on %s%s\n", listen,
		    w.tls ? " (is the certificate and key a pair?)" : "");
		goto out;
	}
	log_info("event=web_listening url=http%s://%s", w.tls ? "s" : "",
	    listen);
	while (sigwait(&stop, &sig) == 0 && sig != SIGTERM && sig != SIGINT)
		;
	log_info("event=web_stopping signal=%d", sig);
	rc = 0;
out:
	if (mhd != NULL)
		MHD_stop_daemon(mhd);
	spool_close(w.spool);
	records_close(w.rec);
	freeaddrinfo(ai);
	if (key != NULL)
		webauth_wipe(key);
	free(cert);
	free(key);
	free(err);
	return rc;
}
