/*
 * web-login.c — signing in and out: GET /login (the form), POST /login
 * (fields user, password, next), POST /logout.  Five wrong passwords
 * within WEB_LOCK_SECONDS for one account, or from one address, lock
 * both for that long: the password is then not even checked.
 */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "records-web.h"
#include "web.h"
#include "webauth.h"
#include "env.h"

#define WEB_LOCK_FAILURES	5
#define WEB_LOCK_SECONDS	(15 * 60)

/* next as a path of this server to go back to after signing in; else
 * "/".  Only what a route can be: no "//host", no scheme. */
static const char *
safe_next(const char *next)
{
	const char *p;

	if (next == NULL || next[0] != '/' || next[1] == '/')
		return "/";
	for (p = next; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || *p == '/' || *p == '-' ||
		    *p == '_' || *p == '.'))
			return "/";
	return next;
}

static void
login_page(struct web_req *r, struct web_resp *resp, const char *user,
    const char *next, const char *error)
{
	struct buf *b = &resp->body;

	html_begin(b, r, "登录");
	if (error)
		html_fmt(b, "<p class=\"error\">%s</p>", error);
	html_fmt(b, "<form class=\"login\" method=\"post\" action=\"/login\">"
	    "<label>用户名 <input name=\"user\" autocomplete=\"username\" "
	    "required value=\"%s\"></label>"
	    "<label>密码 <input name=\"password\" type=\"password\" "
	    "autocomplete=\"current-password\" required></label>"
	    "<input type=\"hidden\" name=\"next\" value=\"%s\">"
	    "<button type=\"submit\">登录</button></form>", user ? user : "",
	    safe_next(next));
	html_end(b);
}

int
web_login_form(struct web_req *r, struct web_resp *resp)
{
	if (r->who != NULL) {
		web_redirect(resp, "/");
		return 0;
	}
	login_page(r, resp, NULL, web_query(r, "next"), NULL);
	return 0;
}

static char *
session_cookie(const struct web_req *r, const char *token)
{
	/* no Max-Age: gone with the browser; the server ends it when idle */
	return xasprintf(WEB_COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict%s",
	    token, r->tls ? "; Secure" : "");
}

int
web_login(struct web_req *r, struct web_resp *resp)
{
	const char *user = web_form(r, "user"), *pw = web_form(r, "password");
	struct records *db = web_records(r);
	struct staff_account a;
	char token[WEBAUTH_TOKEN_HEX], csrf[WEBAUTH_TOKEN_HEX], hash[65];
	char *err = NULL;
	int n, found, ok;

	if (user == NULL || *user == '\0' || pw == NULL || *pw == '\0') {
		resp->status = 400;
		login_page(r, resp, user, web_form(r, "next"), "请输入用户名和"
		    "密码。");
		return 0;
	}
	if ((n = staff_failures(db, user, r->addr, r->now - WEB_LOCK_SECONDS,
	    &err)) < 0)
		goto fail;
	if (n >= WEB_LOCK_FAILURES) {
		log_warn("event=web_login_locked user=\"%s\" addr=%s", user,
		    r->addr);
		resp->status = 429;
		login_page(r, resp, user, web_form(r, "next"), "密码错误次数过"
		    "多，该账号和本机地址已锁定 15 分钟。");
		return 0;
	}
	if ((found = staff_get(db, user, &a, &err)) < 0)
		goto fail;
	if (found)
		ok = webauth_verify(a.pwhash, pw) && !a.disabled;
	else {
		webauth_verify_dummy(pw);
		ok = 0;
	}
	if (!ok) {
		log_warn("event=web_login_failed user=\"%s\" addr=%s%s", user,
		    r->addr, found && a.disabled ? " disabled=1" : "");
		staff_account_free(&a);
		if (staff_failure_add(db, user, r->addr, r->now, &err) != 0)
			goto fail;
		resp->status = 403;
		login_page(r, resp, user, web_form(r, "next"), "用户名或密码"
		    "错误。");
		return 0;
	}
	webauth_token(token);
	webauth_token(csrf);
	sha256_hex(token, strlen(token), hash);
	if (staff_session_add(db, hash, a.id, csrf, r->addr, r->now,
	    &err) != 0 || staff_failures_clear(db, user, r->now -
	    WEB_LOCK_SECONDS, &err) != 0 || staff_sessions_expire(db, r->now -
	    web_env(r)->cfg->web.idle_minutes * 60, &err) != 0) {
		staff_account_free(&a);
		goto fail;
	}
	log_info("event=web_login user=\"%s\" role=%s addr=%s", a.name,
	    staff_role_name(a.role), r->addr);
	staff_account_free(&a);
	resp->cookie = session_cookie(r, token);
	web_redirect(resp, safe_next(web_form(r, "next")));
	return 0;
fail:
	log_error("event=web_login_error error=\"%s\"", err);
	free(err);
	return -1;
}

int
web_logout(struct web_req *r, struct web_resp *resp)
{
	char *err = NULL;

	if (staff_session_end(web_records(r), r->session, &err) != 0) {
		log_error("event=web_logout_failed error=\"%s\"", err);
		free(err);
		return -1;
	}
	resp->cookie = xasprintf(WEB_COOKIE "=; Path=/; Max-Age=0; HttpOnly; "
	    "SameSite=Strict%s", r->tls ? "; Secure" : "");
	web_redirect(resp, "/login");
	return 0;
}
