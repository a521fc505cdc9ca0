/* test_web.c — the console's pieces without a server: the HTML helper's
 * escaping, route patterns, password hashes and tokens (libsodium), and
 * the accounts, sessions and failed sign-ins of spool/staff.c on a real
 * database made by the migrations. */
#include <sys/stat.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "records.h"
#include "records-web.h"
#include "unit.h"
#include "util.h"
#include "web.h"
#include "webauth.h"

static void
test_html(void)
{
	struct buf b = { 0 };
	struct web_req r = { 0 };

	html_esc(&b, "<a href=\"x\">&'</a>");
	CHECK_STR(b.data, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;",
	    "html_esc: the five characters");
	buf_free(&b);
	html_fmt(&b, "<p title=\"%s\">%s %H %d %L 100%%</p>", "\"><script>",
	    "张三<b>", "<br>", -7, 1234567890123LL);
	CHECK_STR(b.data, "<p title=\"&quot;&gt;&lt;script&gt;\">张三&lt;b&gt; "
	    "<br> -7 1234567890123 100%</p>",
	    "html_fmt: %%s escaped, %%H as it is, numbers, %%%%");
	buf_free(&b);
	html_fmt(&b, "a%sb%sc", (const char *)NULL, "");
	CHECK_STR(b.data, "abc", "html_fmt: NULL and empty add nothing");
	buf_free(&b);
	html_fmt(&b, "x%qy");
	CHECK_STR(b.data, "x%?y", "html_fmt: an unknown conversion reads no "
	    "argument");
	buf_free(&b);
	html_begin(&b, &r, "标题<x>");
	CHECK(strstr(b.data, "<title>标题&lt;x&gt; · ") != NULL &&
	    strstr(b.data, "csrf") == NULL && strstr(b.data, "<style") ==
	    NULL && strstr(b.data, "style=") == NULL &&
	    strstr(b.data, "<script") == NULL,
	    "html_begin: escaped title; signed out no csrf; nothing inline");
	buf_free(&b);
}

static void
test_routes(void)
{
	long long id[2];
	int n;

	CHECK(web_route_match("/", "/", id, &n) && n == 0, "/ matches /");
	CHECK(!web_route_match("/", "/x", id, &n), "/ does not match /x");
	CHECK(web_route_match("/file/#", "/file/42", id, &n) && n == 1 &&
	    id[0] == 42, "/file/# takes 42");
	CHECK(web_route_match("/submission/#/file/#", "/submission/7/file/9",
	    id, &n) && n == 2 && id[0] == 7 && id[1] == 9,
	    "two numbers in order");
	CHECK(!web_route_match("/file/#", "/file/", id, &n),
	    "# needs a digit");
	CHECK(!web_route_match("/file/#", "/file/..", id, &n), "'..' is no "
	    "number");
	CHECK(!web_route_match("/file/#", "/file/1/", id, &n), "no trailing "
	    "slash");
	CHECK(!web_route_match("/file/#", "/file/-1", id, &n), "no sign");
	CHECK(!web_route_match("/file/#", "/file/1234567890123456789", id,
	    &n), "at most 18 digits");
	CHECK(!web_route_match("/file/#", "/file/99999999999999999999", id,
	    &n), "20 nines: refused before any overflow (UBSan)");
	CHECK(web_route_match("/file/#", "/file/123456789012345678", id, &n)
	    && id[0] == 123456789012345678LL, "18 digits");
	CHECK(!web_route_match("/login", "/login/", id, &n) &&
	    !web_route_match("/login", "/logi", id, &n), "literal paths "
	    "exactly");
}

static void
test_auth(void)
{
	char t1[WEBAUTH_TOKEN_HEX], t2[WEBAUTH_TOKEN_HEX], *h, *p;
	size_t i;
	int hex = 1;

	CHECK(webauth_init() == 0, "libsodium starts");
	webauth_token(t1);
	webauth_token(t2);
	for (i = 0; t1[i]; i++)
		hex &= (t1[i] >= '0' && t1[i] <= '9') ||
		    (t1[i] >= 'a' && t1[i] <= 'f');
	CHECK(strlen(t1) == 64 && hex, "a token: 64 lowercase hex digits");
	CHECK(strcmp(t1, t2) != 0, "two tokens differ");
	CHECK(webauth_equal(t1, t1) && !webauth_equal(t1, t2) &&
	    !webauth_equal(t1, "") && !webauth_equal("ab", "abc"),
	    "webauth_equal");
	h = webauth_hash("correct horse 马");
	CHECK(h != NULL && strncmp(h, "$argon2id$", 10) == 0 &&
	    strstr(h, "correct") == NULL, "the hash is argon2id, no password "
	    "in it");
	CHECK(h && webauth_verify(h, "correct horse 马"), "the password "
	    "verifies");
	CHECK(h && !webauth_verify(h, "correct horse") &&
	    !webauth_verify(h, ""), "another does not");
	free(h);
	p = webauth_generate_password();
	CHECK(strlen(p) == 16 && strpbrk(p, "0O1lI") == NULL, "a generated "
	    "password: 16 characters, no look-alikes");
	free(p);
}

static void
test_staff(void)
{
	char dir[] = "/tmp/test_web.XXXXXX", *path, *err = NULL;
	struct records *rec;
	struct staff_account a, *list;
	struct staff_session s;
	struct records *db;
	size_t n;
	time_t now = 1800000000;

	if (mkdtemp(dir) == NULL) {
		CHECK(0, "mkdtemp");
		return;
	}
	path = xasprintf("%s/intake.db", dir);
	rec = records_open(path, INTAKE_SRCDIR "/schemas", &err);
	CHECK(rec != NULL, "records with the staff tables (%s)", err ? err :
	    "");
	if (rec == NULL)
		goto out;
	db = rec;
	CHECK_INT(staff_add(db, "王敏", STAFF_DECIDE, "$argon2id$h1", now,
	    &err), 1, "add an account");
	CHECK_INT(staff_add(db, "王敏", STAFF_VIEW, "$argon2id$h2", now, &err),
	    0, "the same name again: taken");
	CHECK_INT(staff_add(db, "li", STAFF_VIEW, "$argon2id$h3", now, &err), 1,
	    "a second account");
	CHECK_INT(staff_get(db, "王敏", &a, &err), 1, "get it");
	CHECK(a.role == STAFF_DECIDE && !a.disabled &&
	    strcmp(a.pwhash, "$argon2id$h1") == 0, "its role and hash");
	staff_account_free(&a);
	CHECK_INT(staff_get(db, "nobody", &a, &err), 0, "no such account");
	CHECK_INT(staff_list(db, &list, &n, &err), 0, "list");
	CHECK(n == 2 && strcmp(list[0].name, "li") == 0 && list[0].pwhash ==
	    NULL, "by name, no hashes handed out");
	for (size_t i = 0; i < n; i++)
		staff_account_free(&list[i]);
	free(list);

	/* sessions: idle expiry, password change and disabling end them */
	CHECK_INT(staff_session_add(db, "h-1", 1, "c-1", "10.0.0.1", now, &err),
	    0, "a session");
	CHECK_INT(staff_session_get(db, "h-1", now + 60, 3600, &s, &err), 1,
	    "found while fresh");
	CHECK(s.role == STAFF_DECIDE && strcmp(s.name, "王敏") == 0 &&
	    strcmp(s.csrf, "c-1") == 0, "with the account, role and csrf");
	staff_session_free(&s);
	CHECK_INT(staff_session_get(db, "h-2", now, 3600, &s, &err), 0,
	    "an unknown token: none");
	CHECK_INT(staff_session_touch(db, "h-1", now + 3000, &err), 0,
	    "touched");
	CHECK_INT(staff_session_get(db, "h-1", now + 6500, 3600, &s, &err), 1,
	    "idle counts from the last use");
	staff_session_free(&s);
	CHECK_INT(staff_session_get(db, "h-1", now + 6601, 3600, &s, &err), 0,
	    "idle longer than allowed: gone");
	CHECK_INT(staff_session_get(db, "h-1", now, 3600, &s, &err), 0,
	    "... and removed");
	staff_session_add(db, "h-3", 1, "c-3", "10.0.0.1", now, &err);
	CHECK_INT(staff_set_password(db, "王敏", "$argon2id$h9", now, &err), 1,
	    "passwd");
	CHECK_INT(staff_session_get(db, "h-3", now, 3600, &s, &err), 0,
	    "passwd ends the sessions");
	CHECK_INT(staff_set_password(db, "nobody", "x", now, &err), 0,
	    "passwd of no account");
	staff_session_add(db, "h-4", 2, "c-4", "10.0.0.1", now, &err);
	CHECK_INT(staff_disable(db, "li", now, &err), 1, "disable");
	CHECK_INT(staff_session_get(db, "h-4", now, 3600, &s, &err), 0,
	    "disabling ends the sessions");
	staff_get(db, "li", &a, &err);
	CHECK(a.disabled, "the account is disabled, and kept");
	staff_account_free(&a);
	staff_session_add(db, "h-5", 1, "c-5", "10.0.0.1", now, &err);
	staff_session_add(db, "h-6", 1, "c-6", "10.0.0.1", now + 100, &err);
	CHECK_INT(staff_sessions_expire(db, now + 50, &err), 0, "expire");
	CHECK(staff_session_get(db, "h-5", now + 100, 3600, &s, &err) == 0 &&
	    staff_session_get(db, "h-6", now + 100, 3600, &s, &err) == 1,
	    "only sessions unused since then go");
	staff_session_free(&s);

	/* failures: by name or by address, inside the window */
	for (int i = 0; i < 3; i++)
		staff_failure_add(db, "王敏", "10.0.0.1", now + i, &err);
	staff_failure_add(db, "li", "10.0.0.2", now, &err);
	staff_failure_add(db, "zhao", "10.0.0.1", now, &err);
	CHECK_INT(staff_failures(db, "王敏", "10.0.0.9", now - 1, &err), 3,
	    "failures of a name");
	CHECK_INT(staff_failures(db, "nobody", "10.0.0.1", now - 1, &err), 4,
	    "failures from an address");
	CHECK_INT(staff_failures(db, "王敏", "10.0.0.1", now + 1, &err), 2,
	    "only those in the window");
	CHECK_INT(staff_failures_clear(db, "王敏", now, &err), 0, "clear");
	CHECK_INT(staff_failures(db, "王敏", "10.0.0.9", 0, &err), 0,
	    "the name's failures forgotten");
	CHECK_INT(staff_failures(db, "li", "10.0.0.2", 0, &err), 1,
	    "others' recent ones kept");
	records_close(rec);
out:
	free(err);
	unlink(path);
	free(path);
	path = xasprintf("%s/intake.db-wal", dir);
	unlink(path);
	free(path);
	path = xasprintf("%s/intake.db-shm", dir);
	unlink(path);
	free(path);
	rmdir(dir);
}

int
main(void)
{
	umask(077);	/* as intake runs: the database is personal data */
	test_html();
	test_routes();
	test_auth();
	test_staff();
	return UNIT_DONE();
}
