/* test_spool.c — the on-disk spool: messages by content, extracted files
 * with safe, numbered names, failures that leave nothing behind, and
 * removal. */
#include <sys/resource.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "spool.h"
#include "unit.h"
#include "util.h"
#include "utf8.h"

static char tmpdir[] = "/tmp/test_spool.XXXXXX";

/* Entries in a directory (not "." and ".."), -1 when it cannot be read. */
static int
count_entries(const char *fmt, const char *a, const char *b)
{
	char *path = xasprintf(fmt, a, b);
	struct dirent *de;
	DIR *d = opendir(path);
	int n = 0;

	free(path);
	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static int
mode_of(const char *dir, const char *rel)
{
	char *p = xasprintf("%s/%s", dir, rel);
	struct stat st;
	int m = stat(p, &st) == 0 ? (int)(st.st_mode & 07777) : -1;

	free(p);
	return m;
}

static int
exists(const char *dir, const char *rel)
{
	char *p = xasprintf("%s/%s", dir, rel);
	struct stat st;
	int r = lstat(p, &st) == 0;

	free(p);
	return r;
}

static void
test_safe_names(void)
{
	static const struct {
		const char *in, *want, *what;
	} cases[] = {
		{ "c.jpg", "c.jpg", "plain name unchanged" },
		{ "a/b/c.jpg", "c.jpg", "last component of a path" },
		{ "folder/sub/", "sub", "trailing slash: last non-empty part" },
		{ "../", "__", "\"..\" is never a name" },
		{ "../../etc/passwd", "passwd", "no climbing out" },
		{ ".", "_", "\".\" is never a name" },
		{ "..", "__", "\"..\" alone" },
		{ ".hidden", "_hidden", "no leading dot" },
		{ "...x.pdf", "___x.pdf", "every leading dot" },
		{ "a\\b:c.jpg", "a_b_c.jpg", "backslash and colon replaced" },
		{ "x\ty\n\x7f.pdf", "x_y__.pdf", "control characters replaced" },
		{ "", "_", "empty gives \"_\"" },
		{ "/", "_", "only a slash gives \"_\"" },
		{ "张三 身份证.jpg", "张三 身份证.jpg", "UTF-8 kept" },
		{ "\xff\xfe" "ab.txt", "__ab.txt", "invalid UTF-8 bytes replaced" },
		{ "\xe5\xbc" "x.txt", "__x.txt", "truncated sequence replaced" },
	};
	char long_cjk[400], long_ascii[400], *s;
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = spool_safe_name(cases[i].in);
		CHECK_STR(s, cases[i].want, "safe name: %s", cases[i].what);
		free(s);
	}
	s = spool_safe_name(NULL);
	CHECK_STR(s, "_", "safe name: NULL gives \"_\"");
	free(s);

	/* 100 × 证 (3 bytes each) and ".jpg": 304 bytes. */
	long_cjk[0] = '\0';
	for (i = 0; i < 100; i++)
		strcat(long_cjk, "证");
	strcat(long_cjk, ".jpg");
	CHECK_INT(strlen(long_cjk), 304, "the long CJK name is 304 bytes");
	s = spool_safe_name(long_cjk);
	n = strlen(s);
	CHECK(n <= 200 && n >= 195, "long CJK name cut to at most 200 bytes "
	    "(%zu)", n);
	CHECK(utf8_valid(s, n), "cut on a UTF-8 boundary");
	CHECK(n >= 4 && strcmp(s + n - 4, ".jpg") == 0, "extension kept");
	CHECK_INT(n, 199, "65 whole characters and the extension");
	free(s);

	/* A long "extension" is no extension: a plain cut to 200. */
	memset(long_ascii, 'a', 250);
	long_ascii[250] = '.';
	memset(long_ascii + 251, 'b', 40);
	long_ascii[291] = '\0';
	s = spool_safe_name(long_ascii);
	CHECK_INT(strlen(s), 200, "long ASCII name cut to 200 bytes");
	CHECK(strspn(s, "a") == 200, "an over-long extension is not kept");
	free(s);

	s = spool_safe_name("c.jpg");
	CHECK(s != NULL, "safe name allocated");
	{
		char *t = spool_safe_name(s);
		CHECK_STR(t, s, "a safe name is its own safe name");
		free(t);
	}
	free(s);
}

static void
test_messages(struct spool *sp, const char *dir)
{
	const char *mail = "From: a@example.com\r\nSubject: hi\r\n\r\nbody\r\n";
	char sha[65], *rel = NULL, *rel2 = NULL, *err = NULL, *data, *want;
	size_t len = 0;

	sha256_hex(mail, strlen(mail), sha);
	CHECK_INT(spool_put_message(sp, mail, strlen(mail), sha, &rel, &err),
	    0, "put a message");
	if (err)
		printf("# %s\n", err);
	want = xasprintf("msg/%.2s/%s.eml", sha, sha);
	CHECK_STR(rel, want, "message path is msg/AB/SHA256.eml");
	CHECK_INT(mode_of(dir, rel ? rel : "-"), 0600, "message file is 0600");
	CHECK_INT(mode_of(dir, "msg"), 0700, "msg/ is 0700");
	data = spool_read(sp, rel ? rel : "-", &len, &err);
	CHECK(data != NULL && len == strlen(mail) &&
	    memcmp(data, mail, len) == 0, "message reads back byte for byte");
	free(data);

	CHECK_INT(spool_put_message(sp, mail, strlen(mail), sha, &rel2, &err),
	    0, "same bytes again");
	CHECK_STR(rel2, rel, "same bytes, same path");
	CHECK_INT(count_entries("%s/msg/%.2s", dir, sha), 1,
	    "one file for the same bytes twice");
	CHECK_INT(count_entries("%s/%s", dir, "tmp"), 0, "tmp/ left empty");
	free(rel2);
	free(want);

	rel2 = (char *)"unchanged";
	CHECK_INT(spool_put_message(sp, mail, strlen(mail),
	    "0000000000000000000000000000000000000000000000000000000000000000",
	    &rel2, &err), -1, "a SHA-256 that is not the data's is refused");
	CHECK(rel2 == NULL && err != NULL && strstr(err, "SHA-256") != NULL,
	    "and says so (%s)", err ? err : "");
	free(err);
	err = NULL;
	CHECK_INT(spool_put_message(sp, mail, strlen(mail), "ABC", &rel2, &err),
	    -1, "a malformed SHA-256 is refused");
	free(err);
	err = NULL;

	CHECK(spool_read(sp, "../etc/passwd", &len, &err) == NULL &&
	    err != NULL, "reading outside the spool is refused");
	free(err);
	err = NULL;
	CHECK(spool_read(sp, "msg/no/such.eml", &len, &err) == NULL &&
	    err != NULL && strstr(err, "No such file") != NULL &&
	    strstr(err, "msg/no/such.eml") != NULL,
	    "reading a missing file names path and cause");
	free(err);
	free(rel);
}

static void
test_files(struct spool *sp, const char *dir)
{
	char *rel = NULL, *err = NULL, *data;
	size_t len;
	int r;

	r = spool_put_file(sp, 7, "张三", "scans/c.jpg", "JPEG1", 5, &rel, &err);
	CHECK_INT(r, 0, "put a file");
	if (err)
		printf("# %s\n", err);
	CHECK_STR(rel, "files/7/张三/c.jpg", "files/MSGID/PERSON/NAME");
	CHECK_INT(mode_of(dir, "files/7"), 0700, "files/MSGID is 0700");
	CHECK_INT(mode_of(dir, "files/7/张三"), 0700, "PERSON dir is 0700");
	CHECK_INT(mode_of(dir, rel ? rel : "-"), 0600, "file is 0600");
	data = spool_read(sp, rel ? rel : "-", &len, &err);
	CHECK(data != NULL && len == 5 && memcmp(data, "JPEG1", 5) == 0,
	    "file reads back");
	free(data);
	free(rel);

	spool_put_file(sp, 7, "张三", "c.jpg", "JPEG2", 5, &rel, &err);
	CHECK_STR(rel, "files/7/张三/c (2).jpg", "a taken name gets \" (2)\"");
	free(rel);
	spool_put_file(sp, 7, "张三", "other/c.jpg", "JPEG3", 5, &rel, &err);
	CHECK_STR(rel, "files/7/张三/c (3).jpg", "then \" (3)\"");
	data = spool_read(sp, rel ? rel : "-", &len, &err);
	CHECK(data != NULL && len == 5 && memcmp(data, "JPEG3", 5) == 0,
	    "the numbered file holds its own bytes");
	free(data);
	free(rel);
	data = spool_read(sp, "files/7/张三/c.jpg", &len, &err);
	CHECK(data != NULL && memcmp(data, "JPEG1", 5) == 0,
	    "the first file was not overwritten");
	free(data);
	spool_put_file(sp, 7, "张三", "README", "x", 1, &rel, &err);
	free(rel);
	spool_put_file(sp, 7, "张三", "README", "y", 1, &rel, &err);
	CHECK_STR(rel, "files/7/张三/README (2)", "numbering without extension");
	free(rel);

	spool_put_file(sp, 7, NULL, "表.xlsx", "", 0, &rel, &err);
	CHECK_STR(rel, "files/7/_unit/表.xlsx", "no person: _unit");
	data = spool_read(sp, rel ? rel : "-", &len, &err);
	CHECK(data != NULL && len == 0, "an empty file is stored empty");
	free(data);
	free(rel);
	spool_put_file(sp, 7, "", "表.xlsx", "z", 1, &rel, &err);
	CHECK_STR(rel, "files/7/_unit/表 (2).xlsx", "empty person: _unit");
	free(rel);
	spool_put_file(sp, 7, "../李四", ".htaccess", "z", 1, &rel, &err);
	CHECK_STR(rel, "files/7/李四/_htaccess", "person and name made safe");
	free(rel);
	CHECK_INT(count_entries("%s/%s", dir, "tmp"), 0, "tmp/ left empty");
}

static void
test_failures(struct spool *sp, const char *dir)
{
	struct rlimit old, lim;
	char *rel = (char *)"unchanged", *err = NULL, *p, *big;
	char sha[65];
	struct spool *bad;
	const char *mail = "Subject: x\r\n\r\ny\r\n";
	FILE *fp;

	/* A spool below a regular file: ENOTDIR, even for root. */
	p = xasprintf("%s/plain", dir);
	fp = fopen(p, "w");
	if (fp != NULL)
		fclose(fp);
	free(p);
	p = xasprintf("%s/plain/spool", dir);
	bad = spool_open(p, &err);
	CHECK(bad == NULL, "spool below a regular file cannot open");
	CHECK(err != NULL && strstr(err, "Not a directory") != NULL &&
	    strstr(err, "/plain") != NULL, "error names path and cause (%s)",
	    err ? err : "");
	spool_close(bad);
	free(err);
	err = NULL;
	free(p);

	/* msg/AB taken by a regular file: put fails, nothing left in tmp/. */
	sha256_hex(mail, strlen(mail), sha);
	p = xasprintf("%s/msg/%.2s", dir, sha);
	fp = fopen(p, "w");
	if (fp != NULL)
		fclose(fp);
	CHECK_INT(spool_put_message(sp, mail, strlen(mail), sha, &rel, &err),
	    -1, "put into a blocked directory fails");
	CHECK(rel == NULL && err != NULL && strstr(err, p) != NULL &&
	    strstr(err, "Not a directory") != NULL,
	    "error names path and cause (%s)", err ? err : "");
	free(err);
	err = NULL;
	unlink(p);
	free(p);

	if (geteuid() != 0) {
		p = xasprintf("%s/files", dir);
		chmod(p, 0500);
		rel = (char *)"unchanged";
		CHECK_INT(spool_put_file(sp, 9, "x", "a.txt", "a", 1, &rel,
		    &err), -1, "read-only files/ gives -1");
		CHECK(rel == NULL && err != NULL &&
		    strstr(err, "Permission denied") != NULL,
		    "error says why (%s)", err ? err : "");
		free(err);
		err = NULL;
		chmod(p, 0700);
		free(p);
	}

	/* A write cut short (here by the file size limit, as a full disk
	 * would): -1 naming the file, and the temporary file is gone. */
	signal(SIGXFSZ, SIG_IGN);
	getrlimit(RLIMIT_FSIZE, &old);
	lim = old;
	lim.rlim_cur = 4096;
	big = xmalloc(100000);
	memset(big, 'x', 100000);
	rel = (char *)"unchanged";
	if (setrlimit(RLIMIT_FSIZE, &lim) == 0) {
		int r = spool_put_file(sp, 8, "王五", "big.pdf", big, 100000,
		    &rel, &err);
		setrlimit(RLIMIT_FSIZE, &old);
		CHECK_INT(r, -1, "a short write fails");
		CHECK(rel == NULL && err != NULL &&
		    strstr(err, "File too large") != NULL &&
		    strstr(err, "/tmp/") != NULL,
		    "error names the file and strerror (%s)", err ? err : "");
		CHECK_INT(count_entries("%s/%s", dir, "tmp"), 0,
		    "the partial temporary file is removed");
		CHECK_INT(count_entries("%s/%s", dir, "files/8/王五"), 0,
		    "nothing half-written in place");
		free(err);
		err = NULL;
	} else
		CHECK(0, "setrlimit: %s", strerror(errno));
	free(big);
}

static void
test_remove(struct spool *sp, const char *dir)
{
	const char *mail = "Subject: remove me\r\n\r\n.\r\n";
	char sha[65], *rel = NULL, *frel = NULL, *err = NULL;

	sha256_hex(mail, strlen(mail), sha);
	spool_put_message(sp, mail, strlen(mail), sha, &rel, &err);
	spool_put_file(sp, 11, "赵六", "a.pdf", "%PDF", 4, &frel, &err);
	free(frel);
	spool_put_file(sp, 11, NULL, "b.pdf", "%PDF", 4, &frel, &err);
	free(frel);
	CHECK(rel != NULL && exists(dir, rel) && exists(dir, "files/11"),
	    "message and files are there");
	CHECK_INT(spool_remove(sp, 11, rel, &err), 0, "spool_remove");
	CHECK(!exists(dir, "files/11"), "files/MSGID removed");
	CHECK(!exists(dir, rel), "message removed");
	CHECK(exists(dir, "files/7/张三/c.jpg"), "other records' files kept");
	CHECK_INT(spool_remove(sp, 11, rel, &err), 0,
	    "removing again is not an error");
	CHECK_INT(spool_remove(sp, 7, NULL, &err), 0,
	    "files only (message path NULL)");
	CHECK(!exists(dir, "files/7"), "files/7 removed");
	CHECK_INT(spool_remove(sp, 1, "../outside", &err), -1,
	    "a message path outside the spool is refused");
	free(err);
	free(rel);
}

int
main(void)
{
	struct spool *sp;
	char *dir, *err = NULL, *cmd;

	if (mkdtemp(tmpdir) == NULL) {
		CHECK(0, "mkdtemp");
		return UNIT_DONE();
	}
	test_safe_names();
	dir = xasprintf("%s/spool/", tmpdir);	/* not there yet */
	sp = spool_open(dir, &err);
	CHECK(sp != NULL, "spool_open creates the spool (%s)", err ? err : "");
	if (sp == NULL)
		return UNIT_DONE();
	free(dir);
	dir = xasprintf("%s/spool", tmpdir);
	CHECK_STR(spool_dir(sp), dir, "spool_dir without trailing slash");
	CHECK_INT(mode_of(dir, "."), 0700, "spool directory is 0700");
	CHECK_INT(mode_of(dir, "tmp"), 0700, "tmp/ is 0700");
	CHECK_INT(mode_of(dir, "files"), 0700, "files/ is 0700");
	test_messages(sp, dir);
	test_files(sp, dir);
	test_failures(sp, dir);
	test_remove(sp, dir);
	spool_close(sp);
	sp = spool_open(dir, &err);
	CHECK(sp != NULL, "an existing spool opens again");
	spool_close(sp);
	spool_close(NULL);
	free(dir);
	cmd = xasprintf("rm -rf '%s'", tmpdir);
	CHECK_INT(system(cmd), 0, "remove temp dir");
	free(cmd);
	return UNIT_DONE();
}
