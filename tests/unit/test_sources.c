/*
 * test_sources.c — mailbox sources and reply channels against real
 * servers (dovecot, aiosmtpd) started by tests/regress/sources.sh through
 * tests/servers.sh.  Run directly (no IMAP_PORT), it only says so.
 */
#include "channel.h"
#include "tls.h"
#include "source.h"
#include "unit.h"
#include "util.h"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/test_sources.XXXXXX";
static const char *imap_port, *imaps_port, *pop3_port, *pop3s_port;
static const char *smtp_port, *sink_dir, *ca_file, *dovecot_conf, *dovecot_log;

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *
make_msg(const char *subject)
{
	return xasprintf("From: sender@example.com\r\nTo: alice@localhost\r\n"
	    "Subject: %s\r\nMessage-ID: <%s@test>\r\n\r\nbody of %s\r\n",
	    subject, subject, subject);
}

static void
write_file(const char *path, const char *data)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL) {
		perror(path);
		exit(2);
	}
	fputs(data, f);
	fclose(f);
}

/* doveadm save: a real delivery into alice's mailbox. */
static int
inject(const char *subject, const char *folder)
{
	char *m = make_msg(subject), *p, *cmd;
	int r;

	p = xasprintf("%s/inject.eml", tmpdir);
	write_file(p, m);
	cmd = xasprintf("doveadm -c '%s' save -u alice %s%s < '%s'",
	    dovecot_conf, folder ? "-m " : "", folder ? folder : "", p);
	r = system(cmd);
	free(cmd);
	free(p);
	free(m);
	return r;
}

static int
count_lines_with(const char *path, const char *needle)
{
	size_t len;
	char *d = read_file(path, &len), *p;
	int n = 0;

	if (d == NULL)
		return 0;
	for (p = d; (p = strstr(p, needle)) != NULL; p++)
		n++;
	free(d);
	return n;
}

/* The last login dovecot logged was made over TLS (STARTTLS on a plain
 * port is logged as ", TLS," too, not as "secured" plain). */
static int
last_login_tls(void)
{
	size_t len;
	char *d = read_file(dovecot_log, &len), *p, *last = NULL, *eol;
	int tls = 0;

	if (d == NULL)
		return 0;
	for (p = d; (p = strstr(p, "Login: user=<alice>")) != NULL; p++)
		last = p;
	if (last != NULL) {
		eol = strchr(last, '\n');
		if (eol != NULL)
			*eol = '\0';
		tls = strstr(last, ", TLS") != NULL;
	}
	free(d);
	return tls;
}

static struct source *
open_src(const char *url, const char *pass, const char *ca, const char *done,
    char **err)
{
	struct source_config c;

	memset(&c, 0, sizeof(c));
	c.url = url;
	c.password = pass;
	c.ca_file = ca;
	c.done = done;
	c.timeout = 10;
	return source_open(&c, err);
}

static int
list_count(struct source *s)
{
	struct source_list l;
	char *err = NULL;
	int n;

	if (source_list(s, &l, &err) != 0) {
		printf("# list: %s\n", err ? err : "?");
		free(err);
		return -1;
	}
	n = (int)l.n;
	source_list_free(&l);
	return n;
}

static int
count_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

static void
test_maildir(void)
{
	struct source *s;
	struct source_list l;
	char *md = xasprintf("%s/Maildir", tmpdir), *p, *err = NULL, *data;
	size_t len, i;
	int found = 0;
	pid_t pid;
	double t0;

	p = xasprintf("mkdir -p %s/new %s/cur %s/tmp", md, md, md);
	CHECK(system(p) == 0, "maildir: made");
	free(p);
	p = xasprintf("%s/new/1000.A.host", md); write_file(p, "Subject: a\n\nA\n"); free(p);
	p = xasprintf("%s/new/1001.B.host", md); write_file(p, "Subject: b\n\nB\n"); free(p);
	p = xasprintf("%s/cur/1002.C.host:2,S", md); write_file(p, "Subject: c\n\nC\n"); free(p);
	p = xasprintf("%s/cur/1003.D.host:2,F", md); write_file(p, "Subject: d\n\nD\n"); free(p);
	p = xasprintf("%s/tmp/1004.E.host", md); write_file(p, "half"); free(p);

	p = xasprintf("maildir:%s", md);
	s = open_src(p, NULL, NULL, "keyword", &err);
	CHECK(s != NULL, "maildir: open (%s)", err ? err : "");
	free(err);
	err = NULL;
	free(p);
	if (s == NULL)
		goto out;
	CHECK_INT(source_list(s, &l, &err), 0, "maildir: list");
	CHECK_INT(l.n, 3, "maildir: new/ and unseen cur/, not tmp/ or seen");
	for (i = 0; i < l.n; i++)
		if (strcmp(l.msg[i].key, "1003.D.host") == 0)
			found = 1;
	CHECK(found, "maildir: key is the unique name without :2,");
	source_list_free(&l);
	CHECK_INT(source_fetch(s, "1000.A.host", &data, &len, &err), 0, "maildir: fetch");
	CHECK_STR(data, "Subject: a\n\nA\n", "maildir: fetched bytes");
	CHECK_INT(len, 14, "maildir: fetched length");
	free(data);
	CHECK_INT(source_fetch(s, "nope.X.host", &data, &len, &err), -2, "maildir: unknown key -2");
	free(err);
	err = NULL;
	CHECK_INT(source_mark_done(s, "1000.A.host", &err), 0, "maildir: mark done");
	p = xasprintf("%s/cur/1000.A.host:2,S", md);
	CHECK(access(p, F_OK) == 0, "maildir: done = cur/KEY:2,S");
	free(p);
	CHECK_INT(source_mark_done(s, "1003.D.host", &err), 0, "maildir: mark done (flagged)");
	p = xasprintf("%s/cur/1003.D.host:2,FS", md);
	CHECK(access(p, F_OK) == 0, "maildir: existing flags kept, sorted");
	free(p);
	CHECK_INT(list_count(s), 1, "maildir: two fewer pending");

	/* wait(): nothing → 0 after the timeout; a delivery wakes it. */
	t0 = now();
	CHECK_INT(source_wait(s, 1, &err), 0, "maildir: wait times out with no mail");
	CHECK(now() - t0 >= 0.9, "maildir: wait waited");
	pid = fork();
	if (pid == 0) {
		char *a = xasprintf("%s/tmp/2000.F.host", md);
		char *b = xasprintf("%s/new/2000.F.host", md);
		usleep(300000);
		write_file(a, "Subject: f\n\nF\n");
		_exit(rename(a, b) == 0 ? 0 : 1);
	}
	t0 = now();
	CHECK_INT(source_wait(s, 10, &err), 1, "maildir: delivery wakes wait");
	CHECK(now() - t0 < 5, "maildir: woke in %.2f s", now() - t0);
	waitpid(pid, NULL, 0);
	CHECK_INT(list_count(s), 2, "maildir: new message listed");
	source_close(s);

	p = xasprintf("maildir:%s", md);
	s = open_src(p, NULL, NULL, "move:Processed", &err);
	free(p);
	CHECK(s != NULL, "maildir: open move:Processed");
	if (s != NULL) {
		CHECK_INT(source_mark_done(s, "2000.F.host", &err), 0, "maildir: move");
		p = xasprintf("%s/.Processed/cur/2000.F.host:2,S", md);
		CHECK(access(p, F_OK) == 0, "maildir: moved to .Processed/cur");
		free(p);
		CHECK_INT(list_count(s), 1, "maildir: moved message gone");
		source_close(s);
	}
	s = open_src("maildir:/nonexistent/md", NULL, NULL, NULL, &err);
	CHECK(s == NULL && err && strstr(err, "/nonexistent/md"),
	    "maildir: missing directory is an error naming it");
	free(err);
	err = NULL;
out:
	free(md);
}

static char *
imap_url(const char *scheme, const char *port, const char *folder)
{
	return xasprintf("%s://alice@127.0.0.1:%s/%s", scheme, port,
	    folder ? folder : "INBOX");
}

static void
test_tls_refused(const char *scheme, const char *port)
{
	struct source *s;
	char *url, *err = NULL;
	int before, after;

	url = xasprintf("%s://alice@127.0.0.1:%s", scheme, port);
	before = count_lines_with(dovecot_log, "Login: user=<alice>");
	s = open_src(url, "secret", NULL, NULL, &err);
	CHECK(s == NULL, "%s: without ca_file the self-signed cert is refused", scheme);
	CHECK(err != NULL && strncmp(err, "certificate verify failed: ", 27) == 0,
	    "%s: error says certificate verify failed (%s)", scheme, err ? err : "");
	usleep(200000);	/* let dovecot write its log */
	after = count_lines_with(dovecot_log, "Login: user=<alice>");
	CHECK_INT(after, before, "%s: no login happened", scheme);
	source_close(s);
	free(err);
	free(url);
}

/* tls_verify_peer on the server's own certificate: trusted only through
 * ca_file, and only for the names it carries. */
static void
test_tls_direct(void)
{
	gnutls_x509_crt_t crt;
	gnutls_datum_t pem, der = { NULL, 0 };
	size_t len;
	char *data = read_file(ca_file, &len), *err = NULL;

	CHECK(data != NULL, "tls: read the test certificate");
	if (data == NULL)
		return;
	pem.data = (unsigned char *)data;
	pem.size = (unsigned int)len;
	gnutls_x509_crt_init(&crt);
	CHECK(gnutls_x509_crt_import(crt, &pem, GNUTLS_X509_FMT_PEM) == 0 &&
	    gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_DER, &der) == 0,
	    "tls: certificate to DER");
	CHECK_INT(tls_verify_peer(der.data, der.size, "localhost", ca_file, &err), 0,
	    "tls: trusted via ca_file for localhost (%s)", err ? err : "");
	free(err);
	err = NULL;
	CHECK_INT(tls_verify_peer(der.data, der.size, "127.0.0.1", ca_file, &err), 0,
	    "tls: trusted via ca_file for 127.0.0.1 (%s)", err ? err : "");
	free(err);
	err = NULL;
	CHECK_INT(tls_verify_peer(der.data, der.size, "mail.example.com", ca_file,
	    &err), -1, "tls: wrong host name refused");
	CHECK(err && strstr(err, "certificate verify failed: ") == err &&
	    strstr(err, "mail.example.com"), "tls: error names the host (%s)",
	    err ? err : "");
	free(err);
	err = NULL;
	CHECK_INT(tls_verify_peer(der.data, der.size, "localhost", NULL, &err), -1,
	    "tls: self-signed refused without ca_file");
	free(err);
	err = NULL;
	CHECK_INT(tls_verify_peer(der.data, der.size, "localhost",
	    "/nonexistent/ca.pem", &err), -1, "tls: unreadable ca_file refused");
	free(err);
	gnutls_free(der.data);
	gnutls_x509_crt_deinit(crt);
	free(data);
}

static void
test_imap(void)
{
	struct source *s, *s2;
	struct source_list l;
	char *url, *err = NULL, *data, *want, *key2;
	size_t len;
	double t0;
	pid_t pid;
	int r;

	test_tls_refused("imap", imap_port);
	test_tls_refused("imaps", imaps_port);

	url = imap_url("imap", imap_port, NULL);
	s = open_src(url, "wrong", ca_file, NULL, &err);
	CHECK(s == NULL && err && strstr(err, "login") && strstr(err, "failed"),
	    "imap: wrong password is a clear error (%s)", err ? err : "");
	free(err);
	err = NULL;

	CHECK(inject("imap-one", NULL) == 0, "imap: injected one");
	CHECK(inject("imap-two", NULL) == 0, "imap: injected two");
	s = open_src(url, "secret", ca_file, "keyword", &err);
	CHECK(s != NULL, "imap: STARTTLS, verified with ca_file, login (%s)",
	    err ? err : "");
	usleep(200000);
	CHECK(last_login_tls(), "imap: the login on the plain port went over TLS");
	free(err);
	err = NULL;
	if (s == NULL)
		goto out;
	CHECK_INT(source_list(s, &l, &err), 0, "imap: list");
	CHECK_INT(l.n, 2, "imap: two pending");
	if (l.n != 2) {
		source_list_free(&l);
		source_close(s);
		goto out;
	}
	CHECK(l.msg[0].uidvalidity != 0, "imap: UIDVALIDITY exposed (%u)",
	    l.msg[0].uidvalidity);
	CHECK(l.msg[0].uid < l.msg[1].uid, "imap: oldest first");
	CHECK_STR(l.msg[0].folder, "INBOX", "imap: folder exposed");
	want = xasprintf("imap://alice@127.0.0.1:%s/INBOX;UIDVALIDITY=%u;UID=%u",
	    imap_port, l.msg[0].uidvalidity, l.msg[0].uid);
	CHECK_STR(l.msg[0].key, want, "imap: key form");
	free(want);
	CHECK_INT(source_fetch(s, l.msg[0].key, &data, &len, &err), 0, "imap: fetch");
	want = make_msg("imap-one");
	CHECK(data && len == strlen(want) && memcmp(data, want, len) == 0,
	    "imap: fetched the exact bytes");
	free(want);
	free(data);
	key2 = xstrdup(l.msg[1].key);
	/* The same UID under another UIDVALIDITY is a dead key. */
	want = xasprintf("imap://alice@127.0.0.1:%s/INBOX;UIDVALIDITY=%u;UID=%u",
	    imap_port, l.msg[0].uidvalidity + 1, l.msg[0].uid);
	CHECK_INT(source_fetch(s, want, &data, &len, &err), -2,
	    "imap: UIDVALIDITY mismatch gives -2");
	free(err);
	err = NULL;
	free(want);
	CHECK_INT(source_mark_done(s, l.msg[0].key, &err), 0, "imap: mark keyword");
	CHECK_INT(list_count(s), 1, "imap: one left");
	CHECK_INT(source_mark_done(s, key2, &err), 0, "imap: mark second");
	CHECK_INT(list_count(s), 0, "imap: second list empty");
	source_list_free(&l);
	free(key2);

	/* IDLE: nothing → timeout; an injected message wakes it. */
	t0 = now();
	CHECK_INT(source_wait(s, 2, &err), 0, "imap: wait times out with no mail");
	CHECK(now() - t0 >= 1.5, "imap: wait waited");
	pid = fork();
	if (pid == 0) {
		usleep(500000);
		_exit(inject("imap-idle", NULL) == 0 ? 0 : 1);
	}
	t0 = now();
	r = source_wait(s, 30, &err);
	CHECK_INT(r, 1, "imap: IDLE woken by new mail (%s)", err ? err : "");
	CHECK(now() - t0 < 10, "imap: woke in %.2f s (timeout 30)", now() - t0);
	waitpid(pid, NULL, 0);
	CHECK_INT(list_count(s), 1, "imap: the new message is listed");
	source_close(s);

	/* A fresh session sees the keyword too; over imaps. */
	free(url);
	url = imap_url("imaps", imaps_port, NULL);
	s = open_src(url, "secret", ca_file, "keyword", &err);
	CHECK(s != NULL, "imaps: verified with ca_file, login (%s)", err ? err : "");
	free(err);
	err = NULL;
	if (s != NULL) {
		CHECK_INT(source_list(s, &l, &err), 0, "imaps: list");
		CHECK_INT(l.n, 1, "imaps: keyword persisted, only the new one");
		if (l.n == 1) {
			CHECK_INT(source_fetch(s, l.msg[0].key, &data, &len, &err), 0,
			    "imaps: fetch");
			CHECK(data && strstr(data, "Subject: imap-idle"), "imaps: right message");
			free(data);
			CHECK_INT(source_mark_done(s, l.msg[0].key, &err), 0, "imaps: mark");
		}
		source_list_free(&l);
		source_close(s);
	}

	/* move:Processed, from the Movetest folder. */
	CHECK(inject("imap-move", "Movetest") == 0, "imap: injected into Movetest");
	free(url);
	url = imap_url("imap", imap_port, "Movetest");
	s = open_src(url, "secret", ca_file, "move:Processed", &err);
	CHECK(s != NULL, "imap: open move:Processed (%s)", err ? err : "");
	free(err);
	err = NULL;
	if (s != NULL) {
		CHECK_INT(source_list(s, &l, &err), 0, "imap move: list");
		CHECK_INT(l.n, 1, "imap move: one");
		if (l.n == 1)
			CHECK_INT(source_mark_done(s, l.msg[0].key, &err), 0,
			    "imap move: mark (%s)", err ? err : "");
		source_list_free(&l);
		CHECK_INT(list_count(s), 0, "imap move: folder empty");
		source_close(s);
	}
	free(url);
	url = imap_url("imap", imap_port, "Processed");
	s2 = open_src(url, "secret", ca_file, "keyword", &err);
	CHECK(s2 != NULL, "imap: open Processed");
	if (s2 != NULL) {
		CHECK_INT(source_list(s2, &l, &err), 0, "imap Processed: list");
		CHECK_INT(l.n, 1, "imap Processed: the moved message is there");
		if (l.n == 1) {
			CHECK_INT(source_fetch(s2, l.msg[0].key, &data, &len, &err), 0,
			    "imap Processed: fetch");
			CHECK(data && strstr(data, "Subject: imap-move"), "imap Processed: right message");
			free(data);
		}
		source_list_free(&l);
		source_close(s2);
	}
out:
	free(url);
}

static void
test_pop3(const char *scheme, const char *port)
{
	struct source *s;
	struct source_list l;
	char *url, *err = NULL, *data, *gone = NULL;
	size_t len, i;
	int n0 = -1, present = 0;

	url = xasprintf("%s://alice@127.0.0.1:%s", scheme, port);
	s = open_src(url, "secret", ca_file, "delete", &err);
	CHECK(s != NULL, "%s: verified, login (%s)", scheme, err ? err : "");
	free(err);
	err = NULL;
	if (s == NULL)
		goto out;
	CHECK_INT(source_list(s, &l, &err), 0, "%s: list", scheme);
	n0 = (int)l.n;
	CHECK(n0 >= 1, "%s: messages listed (%d)", scheme, n0);
	if (n0 >= 1) {
		CHECK(l.msg[0].key && *l.msg[0].key, "%s: UIDL key", scheme);
		CHECK_INT(source_fetch(s, l.msg[0].key, &data, &len, &err), 0,
		    "%s: retr", scheme);
		CHECK(data && len == l.msg[0].size && strstr(data, "Subject: "),
		    "%s: whole message", scheme);
		free(data);
		gone = xstrdup(l.msg[0].key);
		CHECK_INT(source_mark_done(s, gone, &err), 0, "%s: dele", scheme);
	}
	source_list_free(&l);
	CHECK_INT(source_wait(s, 1, &err), 1, "%s: wait = quit, sleep, log in (%s)",
	    scheme, err ? err : "");
	free(err);
	err = NULL;
	CHECK_INT(source_list(s, &l, &err), 0, "%s: list after QUIT", scheme);
	for (i = 0; i < l.n; i++)
		if (gone && strcmp(l.msg[i].key, gone) == 0)
			present = 1;
	CHECK(!present && (int)l.n == n0 - 1, "%s: DELE took effect at QUIT", scheme);
	source_list_free(&l);
	source_close(s);
out:
	free(gone);
	free(url);
}

static void
test_smtp(void)
{
	struct channel *c;
	char *via, *err = NULL, *msg, *p, *d;
	DIR *dir;
	struct dirent *de;
	size_t len;
	int r, found = 0, fd;
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);

	via = xasprintf("smtp://127.0.0.1:%s", smtp_port);
	c = channel_open(via, NULL, &err);
	CHECK(c != NULL, "smtp: open");
	msg = make_msg("smtp-reply");
	r = c ? channel_send(c, "", "bob@example.com", msg, strlen(msg), &err) : -9;
	CHECK_INT(r, 0, "smtp: sent with MAIL FROM:<> (%s)", err ? err : "");
	free(err);
	err = NULL;
	if ((dir = opendir(sink_dir)) != NULL) {
		while ((de = readdir(dir)) != NULL) {
			if (de->d_name[0] == '.' || strstr(de->d_name, ".eml") == NULL)
				continue;
			p = xasprintf("%s/%s", sink_dir, de->d_name);
			d = read_file(p, &len);
			if (d && strstr(d, "Subject: smtp-reply")) {
				found = 1;
				CHECK(strstr(d, "\"mail_from\": \"<>\"") != NULL,
				    "smtp: sink saw the null sender");
				CHECK(strstr(d, "\"rcpt_tos\": [\"bob@example.com\"]") != NULL,
				    "smtp: sink saw the recipient");
				CHECK(strstr(d, msg) != NULL, "smtp: sink holds the message");
			}
			free(d);
			free(p);
		}
		closedir(dir);
	}
	CHECK(found, "smtp: the sink stored the message");
	CHECK_INT(c ? channel_send(c, "", "-oQ@x", msg, strlen(msg), &err) : -9, -2,
	    "smtp: bad recipient is permanent");
	free(err);
	err = NULL;
	channel_close(c);
	free(via);

	/* A port nobody listens on: bind, read the port, close. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	bind(fd, (struct sockaddr *)&sa, sizeof(sa));
	getsockname(fd, (struct sockaddr *)&sa, &sl);
	close(fd);
	via = xasprintf("smtp://127.0.0.1:%d", ntohs(sa.sin_port));
	c = channel_open(via, NULL, &err);
	r = c ? channel_send(c, "", "bob@example.com", msg, strlen(msg), &err) : -9;
	CHECK_INT(r, -1, "smtp: closed port is a temporary failure (%s)", err ? err : "");
	free(err);
	err = NULL;
	channel_close(c);
	free(via);
	free(msg);
}

static void
test_outbox(void)
{
	struct channel *c;
	char *via, *err = NULL, *msg, *p, *d, *want;
	DIR *dir;
	struct dirent *de;
	size_t len;

	via = xasprintf("outbox:%s/out/box", tmpdir);
	c = channel_open(via, NULL, &err);
	CHECK(c != NULL, "outbox: open makes the directory (%s)", err ? err : "");
	free(err);
	err = NULL;
	if (c == NULL)
		goto out;
	msg = make_msg("outbox-reply");
	CHECK_INT(channel_send(c, "", "bob@example.com", msg, strlen(msg), &err), 0,
	    "outbox: send");
	p = xasprintf("%s/out/box/new", tmpdir);
	CHECK_INT(count_dir(p), 1, "outbox: exactly one file in new/");
	free(p);
	p = xasprintf("%s/out/box/tmp", tmpdir);
	CHECK_INT(count_dir(p), 0, "outbox: nothing left in tmp/");
	free(p);
	p = xasprintf("%s/out/box/new", tmpdir);
	if ((dir = opendir(p)) != NULL) {
		while ((de = readdir(dir)) != NULL) {
			char *f;
			if (de->d_name[0] == '.')
				continue;
			f = xasprintf("%s/%s", p, de->d_name);
			d = read_file(f, &len);
			want = xasprintf("Return-Path: <>\r\nDelivered-To: bob@example.com\r\n%s", msg);
			CHECK(d && len == strlen(want) && memcmp(d, want, len) == 0,
			    "outbox: complete file, envelope as trace lines");
			free(want);
			free(d);
			free(f);
		}
		closedir(dir);
	}
	free(p);
	free(msg);
	channel_close(c);
out:
	free(via);
}

static void
test_sendmail(void)
{
	struct channel *c;
	char *via, *err = NULL, *msg, *script, *p, *d;
	size_t len;

	script = xasprintf("%s/fake-sendmail", tmpdir);
	p = xasprintf("#!/bin/sh\nd=%s\nfor a in \"$@\"; do printf '%%s\\n' \"$a\"; done >$d/argv\n"
	    "cat >$d/stdin\nexit $(cat $d/exitcode 2>/dev/null || echo 0)\n", tmpdir);
	write_file(script, p);
	free(p);
	chmod(script, 0755);
	via = xasprintf("sendmail:%s", script);
	c = channel_open(via, NULL, &err);
	CHECK(c != NULL, "sendmail: open");
	if (c == NULL)
		goto out;
	msg = make_msg("sendmail-reply");
	CHECK_INT(channel_send(c, "", "bob@example.com", msg, strlen(msg), &err), 0,
	    "sendmail: send (%s)", err ? err : "");
	p = xasprintf("%s/argv", tmpdir);
	d = read_file(p, &len);
	CHECK_STR(d, "-oi\n-f\n<>\n--\nbob@example.com\n", "sendmail: argv, no shell");
	free(d);
	free(p);
	p = xasprintf("%s/stdin", tmpdir);
	d = read_file(p, &len);
	CHECK_STR(d, msg, "sendmail: message on stdin");
	free(d);
	free(p);
	CHECK_INT(channel_send(c, "me@example.org", "bob@example.com", msg,
	    strlen(msg), &err), 0, "sendmail: with a sender");
	p = xasprintf("%s/argv", tmpdir);
	d = read_file(p, &len);
	CHECK_STR(d, "-oi\n-f\nme@example.org\n--\nbob@example.com\n", "sendmail: -f sender");
	free(d);
	unlink(p);
	CHECK_INT(channel_send(c, "", "-oQ/tmp@x", msg, strlen(msg), &err), -2,
	    "sendmail: recipient starting with - refused");
	free(err);
	err = NULL;
	CHECK(access(p, F_OK) == -1, "sendmail: not run for a bad recipient");
	free(p);
	p = xasprintf("%s/exitcode", tmpdir);
	write_file(p, "75\n");
	CHECK_INT(channel_send(c, "", "bob@example.com", msg, strlen(msg), &err), -1,
	    "sendmail: exit 75 is temporary");
	free(err);
	err = NULL;
	write_file(p, "67\n");
	CHECK_INT(channel_send(c, "", "bob@example.com", msg, strlen(msg), &err), -2,
	    "sendmail: exit 67 is permanent (%s)", err ? err : "");
	free(err);
	err = NULL;
	free(p);
	free(msg);
	channel_close(c);
out:
	free(via);
	free(script);
	c = channel_open("sendmail:relative/sendmail", NULL, &err);
	CHECK(c == NULL && err != NULL, "sendmail: relative path refused");
	free(err);
	err = NULL;
	c = channel_open("carrier-pigeon:x", NULL, &err);
	CHECK(c == NULL && err && strstr(err, "carrier-pigeon"), "channel: unknown scheme named");
	free(err);
}

int
main(void)
{
	char *cmd;

	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);
	imap_port = getenv("IMAP_PORT");
	if (imap_port == NULL || *imap_port == '\0') {
		printf("ok 1 - # SKIP run by tests/regress/sources.sh\n1..1\n");
		return 0;
	}
	imaps_port = getenv("IMAPS_PORT");
	pop3_port = getenv("POP3_PORT");
	pop3s_port = getenv("POP3S_PORT");
	smtp_port = getenv("SMTP_PORT");
	sink_dir = getenv("SINK_DIR");
	ca_file = getenv("CA_FILE");
	dovecot_conf = getenv("DOVECOT_CONF");
	dovecot_log = getenv("DOVECOT_LOG");
	if (!imaps_port || !pop3_port || !pop3s_port || !smtp_port ||
	    !sink_dir || !ca_file || !dovecot_conf || !dovecot_log) {
		CHECK(0, "environment from tests/servers.sh is complete");
		return UNIT_DONE();
	}
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 2;
	}
	test_maildir();
	test_tls_direct();
	test_imap();
	test_tls_refused("pop3s", pop3s_port);
	test_tls_refused("pop3", pop3_port);
	test_pop3("pop3", pop3_port);
	test_pop3("pop3s", pop3s_port);
	test_smtp();
	test_outbox();
	test_sendmail();
	cmd = xasprintf("rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", tmpdir);
	free(cmd);
	return UNIT_DONE();
}
