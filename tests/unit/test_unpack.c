/*
 * test_unpack.c — archives as senders make them, built by
 * tests/fixtures/make-archives.py (Python zipfile with GBK names, zip -P,
 * 7z, bsdtar, Python tarfile) plus the committed RAR fixtures in
 * tests/fixtures/rar/ (RAR5 from rar 7.01, RAR4 from make-rar4.py).
 * Member bytes are compared with the files the generator also writes.
 */
#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filetype.h"
#include "unit.h"
#include "unpack.h"
#include "util.h"

static char dir[64];
static const char *tests;

static char *
load(const char *name, size_t *len)
{
	char *path, *b;

	if (strncmp(name, "rar/", 4) == 0)
		path = xasprintf("%s/fixtures/%s", tests, name);
	else
		path = xasprintf("%s/%s", dir, name);
	b = read_file(path, len);
	if (b == NULL) {
		printf("# cannot read %s\n", path);
		*len = 0;
	}
	free(path);
	return b;
}

/* Opens a fixture with the given limits (NULL: defaults) and a fresh
 * budget unless one is given. */
static struct unpack_result *
unp(const char *name, const struct unpack_limits *lim, uint64_t *budget)
{
	static const struct unpack_limits def = UNPACK_LIMITS_DEFAULT;
	struct unpack_result *r;
	uint64_t local = 0;
	size_t len;
	char *b;

	b = load(name, &len);
	r = unpack_archive(b, len, lim ? lim : &def, budget ? budget : &local);
	free(b);
	if (r->detail)
		printf("# %s: %s\n", name, r->detail);
	return r;
}

static const struct unpack_member *
member(const struct unpack_result *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->n_members; i++)
		if (strcmp(r->members[i].path, path) == 0)
			return &r->members[i];
	return NULL;
}

/* The member exists and holds exactly the bytes of fixture file. */
static int
same_as(const struct unpack_result *r, const char *path, const char *file)
{
	const struct unpack_member *m = member(r, path);
	size_t len;
	char *b;
	int ok;

	if (m == NULL) {
		printf("# no member %s\n", path);
		return 0;
	}
	b = load(file, &len);
	ok = b != NULL && m->len == len && memcmp(m->data, b, len) == 0;
	free(b);
	return ok;
}

static int
holds(const struct unpack_result *r, const char *path, const char *text)
{
	const struct unpack_member *m = member(r, path);

	return m != NULL && m->len == strlen(text) &&
	    memcmp(m->data, text, m->len) == 0;
}

static void
test_names(void)
{
	struct unpack_result *r;
	const struct unpack_member *m;

	r = unp("gbk.zip", NULL, NULL);
	CHECK_INT(r->status, UNPACK_OK, "GBK zip: OK");
	CHECK_STR(r->format, "ZIP", "GBK zip: format");
	CHECK(r->detail == NULL, "GBK zip: no detail");
	CHECK_INT(r->n_members, 2, "GBK zip: 2 files, the directory is none");
	CHECK(same_as(r, "张三/身份证正面.jpg", "photo.jpg"),
	    "GBK zip: 张三/身份证正面.jpg, JPEG bytes");
	CHECK(same_as(r, "张三/简历.pdf", "doc.pdf"),
	    "GBK zip: 张三/简历.pdf, PDF bytes");
	m = member(r, "张三/简历.pdf");
	CHECK_STR(m ? m->name : NULL, "简历.pdf", "GBK zip: name is last "
	    "component");
	unpack_result_free(r);

	r = unp("utf8.zip", NULL, NULL);
	CHECK_INT(r->status, UNPACK_OK, "UTF-8 flagged zip: OK");
	CHECK(same_as(r, "李四/照片.png", "photo.png"), "UTF-8 zip: PNG");
	CHECK(holds(r, "李四/说明.txt", "hello\n"), "UTF-8 zip: text");
	unpack_result_free(r);

	/* UTF-8 bytes without the flag must not become CP936 mojibake. */
	r = unp("utf8-noflag.zip", NULL, NULL);
	CHECK_INT(r->status, UNPACK_OK, "flag-less UTF-8 zip: OK");
	CHECK(same_as(r, "王五/证明.pdf", "doc.pdf"),
	    "flag-less UTF-8 zip: 王五/证明.pdf, not mojibake");
	unpack_result_free(r);

	r = unp("macjunk.zip", NULL, NULL);
	CHECK_INT(r->status, UNPACK_OK, "junk zip: OK");
	CHECK_INT(r->n_members, 1, "junk zip: only the real file is left");
	CHECK(same_as(r, "材料/a.jpg", "photo.jpg"), "junk zip: 材料/a.jpg");
	unpack_result_free(r);
}

static void
test_formats(void)
{
	static const struct {
		const char *file, *format;
	} f[] = {
		{ "plain.7z", "7-Zip" },
		{ "plain.tar", "tar" },
		{ "plain.tar.gz", "tar.gz" },
	};
	struct unpack_result *r;
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		r = unp(f[i].file, NULL, NULL);
		CHECK_INT(r->status, UNPACK_OK, "%s: OK", f[i].file);
		CHECK_STR(r->format, f[i].format, "%s: format", f[i].file);
		CHECK_INT(r->n_members, 2, "%s: 2 members", f[i].file);
		CHECK(same_as(r, "赵六/身份证.jpg", "photo.jpg"),
		    "%s: 赵六/身份证.jpg", f[i].file);
		CHECK(holds(r, "赵六/说明.txt", "secret text\n"),
		    "%s: 赵六/说明.txt", f[i].file);
		unpack_result_free(r);
	}

	r = unp("rar/plain5.rar", NULL, NULL);
	CHECK_INT(r->status, UNPACK_OK, "RAR5: OK");
	CHECK_STR(r->format, "RAR5", "RAR5: format");
	CHECK_INT(r->n_members, 3, "RAR5: 3 files, folder is none");
	CHECK(holds(r, "张三/身份证.txt", "RAR5 member one\n"),
	    "RAR5: 张三/身份证.txt");
	CHECK(holds(r, "张三/简历.txt", "second file in rar5\n"),
	    "RAR5: 张三/简历.txt");
	CHECK(holds(r, "说明.txt", "top level\n"), "RAR5: 说明.txt");
	unpack_result_free(r);

	r = unp("rar/plain4.rar", NULL, NULL);
	CHECK_INT(r->status, UNPACK_OK, "RAR4: OK");
	CHECK_STR(r->format, "RAR", "RAR4: format");
	CHECK_INT(r->n_members, 3, "RAR4: 3 files");
	CHECK(holds(r, "李四/身份证.txt", "RAR4 stored member\n"),
	    "RAR4: Unicode name 李四/身份证.txt, backslash turned to /");
	CHECK(holds(r, "李四/户口本.txt", "another RAR4 member, longer\n"),
	    "RAR4: 李四/户口本.txt");
	CHECK(holds(r, "readme.txt", "hello\n"), "RAR4: ASCII name");
	unpack_result_free(r);
}

static void
test_nested(void)
{
	struct unpack_limits lim = UNPACK_LIMITS_DEFAULT;
	struct unpack_result *r;

	r = unp("nested.zip", NULL, NULL);
	CHECK_INT(r->status, UNPACK_OK, "nested zip: OK");
	CHECK_INT(r->n_members, 3, "nested zip: 3 members, the inner zip "
	    "itself is none");
	CHECK(same_as(r, "材料/inner.zip/x.jpg", "photo.jpg"),
	    "nested zip: 材料/inner.zip/x.jpg");
	CHECK(same_as(r, "材料/inner.zip/y.pdf", "doc.pdf"),
	    "nested zip: 材料/inner.zip/y.pdf");
	CHECK(same_as(r, "top.pdf", "doc.pdf"), "nested zip: top.pdf");
	CHECK(member(r, "材料/inner.zip") == NULL,
	    "nested zip: no member for the inner archive");
	unpack_result_free(r);

	/* Inner GBK zip (needs the CP936 retry on its own) and inner 7z. */
	r = unp("nested-mixed.zip", NULL, NULL);
	CHECK_INT(r->status, UNPACK_OK, "nested GBK zip + 7z: OK");
	CHECK(same_as(r, "gbk.zip/张三/身份证.jpg", "photo.jpg"),
	    "nested GBK zip: gbk.zip/张三/身份证.jpg");
	CHECK(holds(r, "a.7z/赵六/说明.txt", "secret text\n"),
	    "nested 7z: a.7z/赵六/说明.txt");
	CHECK_INT(r->n_members, 3, "nested GBK zip + 7z: 3 members");
	unpack_result_free(r);

	/* Depth: outer 1, mid 2, inner 3. */
	r = unp("nested3.zip", NULL, NULL);
	CHECK_INT(r->status, UNPACK_TOO_LARGE, "depth 3 > 2: too large");
	CHECK_STR(unpack_status_code(r->status), "archive-too-large",
	    "depth: problem code");
	CHECK_INT(r->n_members, 0, "depth 3: nothing from below");
	unpack_result_free(r);
	lim.max_depth = 3;
	r = unp("nested3.zip", &lim, NULL);
	CHECK_INT(r->status, UNPACK_OK, "depth 3 with max_depth 3: OK");
	CHECK(same_as(r, "mid.zip/inner.zip/x.jpg", "photo.jpg"),
	    "depth 3: mid.zip/inner.zip/x.jpg");
	unpack_result_free(r);
	lim.max_depth = 1;
	r = unp("nested.zip", &lim, NULL);
	CHECK_INT(r->status, UNPACK_TOO_LARGE,
	    "nested zip with max_depth 1: too large");
	unpack_result_free(r);

	r = unp("nested-enc.zip", NULL, NULL);
	CHECK_INT(r->status, UNPACK_ENCRYPTED,
	    "encrypted zip inside a zip: encrypted");
	CHECK(holds(r, "ok.txt", "fine\n"), "outer member before it kept");
	unpack_result_free(r);
}

static void
test_encrypted(void)
{
	static const char *const f[] = {
		"zipcrypto.zip", "aes.zip", "enc.7z", "enc-mhe.7z",
		"rar/enc-p5.rar", "rar/enc-hp5.rar", "rar/enc4.rar",
	};
	struct unpack_result *r;
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		r = unp(f[i], NULL, NULL);
		CHECK_INT(r->status, UNPACK_ENCRYPTED, "%s: encrypted", f[i]);
		CHECK_STR(unpack_status_code(r->status), "archive-encrypted",
		    "%s: problem code", f[i]);
		CHECK(r->detail != NULL, "%s: detail", f[i]);
		CHECK_INT(r->n_members, 0, "%s: no members", f[i]);
		unpack_result_free(r);
	}
}

static void
test_unsafe(void)
{
	static const char *const f[] = {
		"symlink.tar", "hardlink.tar", "chardev.tar", "blockdev.tar",
		"fifo.tar", "abs.tar", "dotdot.tar", "dotdot.zip", "abs.zip",
		"drive.zip", "rar/dotdot4.rar",
	};
	struct unpack_result *r;
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		r = unp(f[i], NULL, NULL);
		CHECK_INT(r->status, UNPACK_UNSAFE, "%s: unsafe", f[i]);
		CHECK_STR(unpack_status_code(r->status), "archive-unsafe",
		    "%s: problem code", f[i]);
		CHECK_INT(r->n_members, 1, "%s: the entry before is kept", f[i]);
		CHECK(holds(r, "ok.txt", "fine\n"), "%s: ok.txt", f[i]);
		unpack_result_free(r);
	}
	r = unp("dotslash.tar", NULL, NULL);
	CHECK_INT(r->status, UNPACK_OK, "./ and ..b names: OK");
	CHECK(holds(r, "材料/x.txt", "x\n"), "./材料//x.txt is 材料/x.txt");
	CHECK(holds(r, "a/..b.txt", "y\n"), "a/..b.txt is safe");
	unpack_result_free(r);
	r = unp("rar/symlink5.rar", NULL, NULL);
	CHECK_INT(r->status, UNPACK_UNSAFE, "RAR5 symlink: unsafe");
	CHECK(holds(r, "说明.txt", "top level\n"),
	    "RAR5 symlink: the entry before is kept");
	unpack_result_free(r);
}

static void
test_limits(void)
{
	struct unpack_limits lim = UNPACK_LIMITS_DEFAULT;
	struct unpack_result *r;
	uint64_t budget;

	/* 20 MB of zeros in a 20 KB zip: the ratio stops it after about
	 * 2 MB (20 KB * 100), long before the data ends. */
	budget = 0;
	r = unp("bomb.zip", NULL, &budget);
	CHECK_INT(r->status, UNPACK_TOO_LARGE, "bomb: too large (ratio)");
	CHECK(budget < 3u * 1024 * 1024, "bomb: stopped early (%llu bytes)",
	    (unsigned long long)budget);
	CHECK_INT(r->n_members, 0, "bomb: partial member not returned");
	unpack_result_free(r);

	/* Total: same bomb with the ratio off, 1 MB per message. */
	lim.max_ratio = 1000000;
	lim.max_total_bytes = 1000000;
	budget = 0;
	r = unp("bomb.zip", &lim, &budget);
	CHECK_INT(r->status, UNPACK_TOO_LARGE, "bomb: too large (total)");
	CHECK(budget <= 1000000 + 65536, "bomb: total stops within a chunk "
	    "(%llu)", (unsigned long long)budget);
	unpack_result_free(r);

	/* The budget is per message: two archives together. */
	lim = (struct unpack_limits)UNPACK_LIMITS_DEFAULT;
	lim.max_total_bytes = 1500;
	budget = 0;
	r = unp("gbk.zip", &lim, &budget);
	CHECK_INT(r->status, UNPACK_OK, "budget: first archive fits");
	CHECK_INT(budget, 678 + 586, "budget: counts produced bytes");
	unpack_result_free(r);
	r = unp("gbk.zip", &lim, &budget);
	CHECK_INT(r->status, UNPACK_TOO_LARGE,
	    "budget: second archive goes over");
	unpack_result_free(r);

	/* Ratio 800 but only 512 KB: under the 1 MiB floor, OK. */
	r = unp("small-ratio.zip", NULL, NULL);
	CHECK_INT(r->status, UNPACK_OK, "small archive with a high ratio: OK");
	CHECK(member(r, "zeros.txt") && member(r, "zeros.txt")->len ==
	    512u * 1024, "small ratio: 512 KB member");
	unpack_result_free(r);

	/* Entries. */
	lim = (struct unpack_limits)UNPACK_LIMITS_DEFAULT;
	lim.max_entries = 10;
	r = unp("many.zip", &lim, NULL);
	CHECK_INT(r->status, UNPACK_TOO_LARGE, "30 entries > 10: too large");
	CHECK_INT(r->n_members, 10, "entries: the first 10 are kept");
	CHECK(holds(r, "f09.txt", "9\n"), "entries: f09.txt kept");
	unpack_result_free(r);
	lim.max_entries = 30;
	r = unp("many.zip", &lim, NULL);
	CHECK_INT(r->status, UNPACK_OK, "30 entries = 30: OK");
	CHECK_INT(r->n_members, 30, "entries: all 30");
	unpack_result_free(r);

	/* Declares 10 bytes, holds 1 MiB: never trusted, and an error. */
	budget = 0;
	r = unp("lying.zip", NULL, &budget);
	CHECK_INT(r->status, UNPACK_UNREADABLE, "lying size: unreadable");
	CHECK(budget > 10, "lying size: counted what came out (%llu)",
	    (unsigned long long)budget);
	unpack_result_free(r);
	lim = (struct unpack_limits)UNPACK_LIMITS_DEFAULT;
	lim.max_total_bytes = 100000;
	r = unp("lying.zip", &lim, NULL);
	CHECK_INT(r->status, UNPACK_TOO_LARGE,
	    "lying size: the total limit applies to real bytes");
	unpack_result_free(r);
}

static void
test_broken(void)
{
	static const char *const f[] = {
		"truncated.7z", "garbage.zip", "doc.pdf", "photo.jpg",
		"text.txt",
	};
	struct unpack_result *r;
	char *b;
	size_t i, len;
	uint64_t budget = 0;

	r = unp("truncated.zip", NULL, NULL);
	CHECK_INT(r->status, UNPACK_UNREADABLE, "zip cut in the 2nd entry: "
	    "unreadable");
	CHECK_STR(unpack_status_code(r->status), "archive-unreadable",
	    "truncated: problem code");
	CHECK_INT(r->n_members, 1, "truncated: first entry kept");
	CHECK(holds(r, "first.txt", "first entry\n"), "truncated: first.txt");
	unpack_result_free(r);

	/* Documented limits of what can be seen: these read every entry. */
	r = unp("nocd.zip", NULL, NULL);
	CHECK_INT(r->status, UNPACK_OK, "zip without central directory: OK");
	CHECK_INT(r->n_members, 2, "no central directory: both entries");
	unpack_result_free(r);
	r = unp("eocd-cut.zip", NULL, NULL);
	CHECK_INT(r->status, UNPACK_OK, "zip with a cut EOCD: OK");
	CHECK_INT(r->n_members, 2, "cut EOCD: both entries");
	unpack_result_free(r);

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		r = unp(f[i], NULL, NULL);
		CHECK_INT(r->status, UNPACK_UNREADABLE, "%s: unreadable", f[i]);
		CHECK_INT(r->n_members, 0, "%s: no members", f[i]);
		CHECK(r->format != NULL, "%s: format never NULL", f[i]);
		unpack_result_free(r);
	}

	/* Encryption by libarchive's flag, not its (absent) message. */
	r = unp("allff.zip", NULL, NULL);
	CHECK_INT(r->status, UNPACK_ENCRYPTED,
	    "every ZIP flag bit set (encrypted central directory): encrypted");
	unpack_result_free(r);

	r = unpack_archive("", 0, NULL, &budget);
	CHECK_INT(r->status, UNPACK_UNREADABLE, "empty buffer: unreadable");
	unpack_result_free(r);

	/* RAR5 cut inside the data of its second entry (a stored one):
	 * unreadable, not "encrypted", the first entry kept. */
	b = load("rar/plain5.rar", &len);
	r = unpack_archive(b, 141, NULL, &budget);
	CHECK_INT(r->status, UNPACK_UNREADABLE, "RAR5 cut in data: unreadable");
	CHECK(holds(r, "张三/简历.txt", "second file in rar5\n"),
	    "RAR5 cut: first entry kept");
	unpack_result_free(r);
	/* Cut inside the first header: a clean EOF with nothing. */
	r = unpack_archive(b, 50, NULL, &budget);
	CHECK_INT(r->status, UNPACK_UNREADABLE, "RAR5 cut in first header: "
	    "unreadable");
	unpack_result_free(r);
	free(b);
	b = load("rar/plain4.rar", &len);
	r = unpack_archive(b, 250, NULL, &budget);
	CHECK_INT(r->status, UNPACK_UNREADABLE, "RAR4 cut in data: unreadable");
	CHECK_INT(r->n_members, 1, "RAR4 cut: first entry kept");
	unpack_result_free(r);
	r = unpack_archive(b, 100, NULL, &budget);
	CHECK_INT(r->status, UNPACK_UNREADABLE, "RAR4 cut in a header: "
	    "unreadable");
	unpack_result_free(r);
	free(b);

	CHECK(unpack_status_code(UNPACK_OK) == NULL, "OK has no code");
	unpack_result_free(NULL);
}


/* ---- streaming (unpack_archive_fd): the same members as in memory ---- */

struct sink_log {
	struct buf	 bytes;		/* the current member's, as streamed */
	char		 (*sha)[65];	/* per member: of what was streamed */
	size_t		*len;
	size_t		 cap, n;
	int		 order;		/* 0: begin/data/end out of order */
};

static void
sl_begin(void *arg, size_t i, const struct unpack_member *m,
    const unsigned char *head, size_t n)
{
	struct sink_log *l = arg;

	(void)m;
	if (i != l->n)
		l->order = 0;
	buf_free(&l->bytes);
	buf_add(&l->bytes, head, n);
}

static void
sl_data(void *arg, const unsigned char *p, size_t n)
{
	buf_add(&((struct sink_log *)arg)->bytes, p, n);
}

static void
sl_end(void *arg, size_t i, struct unpack_member *m)
{
	struct sink_log *l = arg;
	size_t cap = l->cap;

	if (i != l->n || m->len != l->bytes.len)
		l->order = 0;
	xgrow((void **)&l->sha, &cap, i + 1, sizeof *l->sha);
	xgrow((void **)&l->len, &l->cap, i + 1, sizeof *l->len);
	sha256_hex(l->bytes.data ? l->bytes.data : "", l->bytes.len,
	    l->sha[i]);
	l->len[i] = l->bytes.len;
	l->n = i + 1;
}

static void
sl_forget(void *arg, size_t from)
{
	struct sink_log *l = arg;

	if (from < l->n)
		l->n = from;
}

static void
test_streamed(void)
{
	static const char *const names[] = { "gbk.zip", "utf8.zip",
	    "utf8-noflag.zip", "macjunk.zip", "nested.zip",
	    "nested-mixed.zip", "truncated.zip", "many.zip", "bomb.zip",
	    "dotslash.tar", "rar/plain5.rar", "rar/plain4.rar", "big.zip",
	    NULL };
	static const struct unpack_limits def = UNPACK_LIMITS_DEFAULT;
	const char *const *nm;
	char *cmd;

	/* A member longer than libmagic's head, so data() carries the rest
	 * (9 MiB of incompressible bytes beside a small one). */
	cmd = xasprintf("/usr/bin/python3 -c 'import random, zipfile, sys\n"
	    "z = zipfile.ZipFile(sys.argv[1], \"w\", zipfile.ZIP_DEFLATED)\n"
	    "z.writestr(\"scan.pdf\", b\"%%PDF-1.4\\n\" + "
	    "random.Random(16).randbytes(9 << 20))\n"
	    "z.writestr(\"a.txt\", b\"text\\n\")\n"
	    "z.close()' %s/big.zip", dir);
	CHECK(system(cmd) == 0, "a ZIP with a 9 MiB member made");
	free(cmd);
	for (nm = names; *nm; nm++) {
		struct sink_log l;
		struct unpack_sink sink = { &l, sl_begin, sl_data, sl_end,
		    sl_forget };
		struct unpack_result *a, *b;
		uint64_t ba = 0, bb = 0;
		size_t len, i;
		char *mem, *path, sha[65];
		int fd, same;
		FILE *fp;

		memset(&l, 0, sizeof l);
		l.order = 1;
		mem = load(*nm, &len);
		a = unpack_archive(mem, len, &def, &ba);
		path = xasprintf("%s/streamed.bin", dir);
		fp = fopen(path, "wb");
		if (fp == NULL || fwrite(mem, 1, len, fp) != len ||
		    fclose(fp) != 0) {
			CHECK(0, "%s: copy written", *nm);
			free(path);
			free(mem);
			unpack_result_free(a);
			continue;
		}
		fd = open(path, O_RDONLY);
		b = unpack_archive_fd(fd, len, &def, &bb, &sink);
		close(fd);
		same = a->status == b->status && a->n_members == b->n_members &&
		    l.n == b->n_members && ba == bb;
		for (i = 0; same && i < a->n_members; i++) {
			const struct unpack_member *x = &a->members[i];
			const struct unpack_member *y = &b->members[i];

			sha256_hex(x->data ? (const void *)x->data : "", x->len,
			    sha);
			same = strcmp(x->path, y->path) == 0 &&
			    strcmp(x->name, y->name) == 0 &&
			    strcmp(x->type, y->type) == 0 &&
			    x->len == y->len && y->data == NULL &&
			    l.len[i] == x->len && strcmp(l.sha[i], sha) == 0;
		}
		CHECK(same && l.order, "%s: streamed from a file, the same "
		    "members, types, bytes and status as in memory (%zu)",
		    *nm, a->n_members);
		unpack_result_free(a);
		unpack_result_free(b);
		buf_free(&l.bytes);
		free(l.sha);
		free(l.len);
		free(path);
		free(mem);
	}
}

int
main(void)
{
	char *cmd;

	setlocale(LC_ALL, "C.UTF-8");
	tests = getenv("TESTS_DIR") ? getenv("TESTS_DIR") : "tests";
	if (filetype_init() != 0)
		return 1;
	snprintf(dir, sizeof(dir), "/tmp/test_unpack.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	cmd = xasprintf("/usr/bin/python3 %s/fixtures/make-archives.py %s",
	    tests, dir);
	CHECK(system(cmd) == 0, "fixture generator runs");
	free(cmd);

	test_names();
	test_formats();
	test_nested();
	test_encrypted();
	test_unsafe();
	test_limits();
	test_broken();
	test_streamed();

	filetype_done();
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
	return UNIT_DONE();
}
