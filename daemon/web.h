/*
 * web.h — the staff console (`intake web`): an HTTP(S) server on
 * libmicrohttpd, one route table (web.c), one small file per page
 * (web-login.c, web-queue.c, web-file.c, web-decide.c, ...) and one HTML
 * helper (web-html.c).
 *
 * web.c does everything a page must not do by itself: it reads the
 * session cookie, redirects to /login or refuses (403) a request whose
 * account lacks the route's role, refuses every POST without the
 * session's CSRF token (403, before the handler runs), reads the POST
 * fields with MHD's post processor (bodies over WEB_MAX_BODY: 413), and
 * sends every response with the security headers (CSP default-src 'self',
 * X-Frame-Options DENY, Referrer-Policy no-referrer, nosniff) and
 * Cache-Control: no-store unless the handler says the response is public
 * (resp->cacheable: the stylesheet).
 *
 * The server runs one thread (MHD's internal polling thread): handlers
 * run one at a time and share one records handle.
 *
 * A page: a handler (web_handler) and one row in web.c's routes[].
 * Patterns are literal paths where "#" stands for one decimal number
 * (1 to 18 digits), handed to the handler in req->id[0], req->id[1]:
 * "/submission/#/decision".  Anything else never reaches a handler: 404.
 */
#ifndef INTAKE_WEB_H
#define INTAKE_WEB_H

#include <stddef.h>
#include <time.h>

#include "records-web.h"
#include "util.h"

#define WEB_MAX_BODY	(64 * 1024)	/* request bodies, bytes */
#define WEB_COOKIE	"intake_session"

struct env;
struct records;
struct spool;
struct MHD_Connection;

/* The server's state: configuration, records, spool (web.c). */
struct web;

/* One POST field (the post processor's; value NUL-terminated). */
struct web_field {
	char	*name;
	char	*value;
};

/* A request, as a handler sees it; everything is owned by web.c and
 * lives until the handler returns. */
struct web_req {
	struct web		*web;
	struct MHD_Connection	*conn;
	const char		*method;	/* "GET", "POST" */
	const char		*path;		/* decoded by MHD, no query */
	long long		 id[2];		/* the pattern's numbers */
	int			 nid;		/* how many it had */
	const struct staff_session *who;	/* NULL: not signed in */
	const char		*session;	/* its key (token's SHA-256) */
	const char		*addr;		/* the client's address */
	int			 tls;		/* served over HTTPS */
	time_t			 now;
	struct web_field	*form;		/* POST fields */
	size_t			 nform;
};

/* What a handler fills; web.c sends it and frees what it holds. */
struct web_resp {
	int		 status;	/* 0: 200 */
	const char	*type;		/* NULL: text/html; charset=utf-8 */
	struct buf	 body;
	int		 fd;		/* >= 0: the body is this file's
					   size bytes instead (web.c closes
					   it) */
	long long	 size;
	char		*location;	/* a redirect's target (status 303
					   unless set) */
	char		*disposition;	/* Content-Disposition */
	char		*cookie;	/* Set-Cookie */
	int		 cacheable;	/* no personal data: may be cached */
};

/* 0 with resp filled, or -1 after logging why (web.c answers 500). */
typedef int (*web_handler)(struct web_req *, struct web_resp *);

struct web_route {
	const char	*method;
	const char	*pattern;
	enum staff_role	 role;		/* needed; STAFF_NONE: anyone */
	int		 no_csrf;	/* a POST without a session (login) */
	web_handler	 fn;
};

/* ---- the server (web.c) ---- */

/* Serves e's configuration (web { ... }) on listen ("ADDR:PORT", NULL:
 * web.listen) until SIGTERM or SIGINT.  Returns an exit status (cmd.h). */
int	web_serve(const struct env *e, const char *listen);

/* path against a route's pattern: 1 with its numbers in id[] (*nid of
 * them), else 0. */
int	web_route_match(const char *pattern, const char *path, long long id[2],
	    int *nid);

/* What a handler may use. */
const struct env *web_env(const struct web_req *);
struct records	*web_records(const struct web_req *);
struct spool	*web_spool(const struct web_req *);
/* A POST field, a query argument (?name=value): NULL when absent. */
const char	*web_form(const struct web_req *, const char *name);
const char	*web_query(const struct web_req *, const char *name);
/* 303 to location (a path of this server). */
void	web_redirect(struct web_resp *, const char *location);
/* An error page with status and a sentence (Chinese, for staff). */
int	web_fail(struct web_req *, struct web_resp *, int status,
	    const char *message);
/* One audit row (schemas/002) for the signed-in account: command "web
 * WHAT", target and detail may be NULL.  0, or -1 after logging. */
int	web_audit(const struct web_req *, const char *what,
	    const char *target, const char *detail);

/* ---- the HTML helper (web-html.c) ---- */

/* s with & < > " ' escaped (NULL: nothing). */
void	html_esc(struct buf *, const char *s);
/* A printf for HTML: %s an escaped string (NULL: nothing), %H a string
 * of trusted HTML as it is, %d an int, %L a long long, %% a '%'. */
void	html_fmt(struct buf *, const char *fmt, ...);
/* The page frame: doctype, viewport, the stylesheet, the header with the
 * account and the sign-out button; html_end closes it. */
void	html_begin(struct buf *, const struct web_req *, const char *title);
void	html_end(struct buf *);
/* The hidden input every form of a signed-in page carries. */
void	html_csrf(struct buf *, const struct web_req *);

/* ---- pages: one file each; the route in web.c's routes[] ---- */

/* web-login.c */
int	web_login_form(struct web_req *, struct web_resp *);
int	web_login(struct web_req *, struct web_resp *);
int	web_logout(struct web_req *, struct web_resp *);
/* web-static.c, web-queue.c, web-file.c, web-decide.c */
int	web_static_css(struct web_req *, struct web_resp *);
int	web_queue(struct web_req *, struct web_resp *);
int	web_file(struct web_req *, struct web_resp *);
int	web_decide(struct web_req *, struct web_resp *);

#endif
