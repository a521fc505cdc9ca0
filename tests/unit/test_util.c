/* test_util.c — the shared helpers that meet outside input: CSV fields
 * that senders' text lands in, %-escapes in configured URLs, password
 * files, and mkdir -p. */
#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"
#include "util.h"

static char *
csv(const char *s)
{
	struct buf b = { 0 };

	buf_add_csv_field(&b, s);
	buf_add(&b, "", 0);
	return b.data ? buf_take(&b) : xstrdup("");
}

/* A pool over several blocks: every piece intact after later ones, a
 * piece larger than a block, pool_alloc zeroed and aligned. */
static void
check_pool(void)
{
	struct pool p = { 0 };
	char *piece[3000], *big, want[64];
	long *z;
	size_t i, bad = 0, misaligned = 0, dirty = 0;

	for (i = 0; i < 3000; i++) {
		int len = snprintf(want, sizeof want, "第%zu段-%0*zu", i,
		    (int)(i % 40), i);

		piece[i] = pool_dup(&p, want, (size_t)len);
		if (i % 7 == 0) {
			z = pool_alloc(&p, 3 * sizeof *z + i % 5);
			misaligned += (uintptr_t)z % sizeof(max_align_t) != 0;
			dirty += z[0] != 0 || z[1] != 0 || z[2] != 0;
			z[0] = z[1] = z[2] = -1;
		}
	}
	big = pool_alloc(&p, (size_t)3 << 20);
	big[((size_t)3 << 20) - 1] = 'x';
	for (i = 0; i < 3000; i++) {
		snprintf(want, sizeof want, "第%zu段-%0*zu", i, (int)(i % 40), i);
		bad += strcmp(piece[i], want) != 0;
	}
	CHECK_INT(bad, 0, "pool: every piece intact");
	CHECK_INT(misaligned, 0, "pool: pool_alloc aligned for any type");
	CHECK_INT(dirty, 0, "pool: pool_alloc zeroed");
	CHECK_STR(pool_dup(&p, "ab\0cd", 2), "ab", "pool: n bytes and a NUL");
	pool_free(&p);
	CHECK(p.head == NULL, "pool: empty again after pool_free");
	pool_free(&p);
}

static void
check_csv(const char *in, const char *want)
{
	char *got = csv(in);

	CHECK_STR(got, want, "csv field [%s]",
	    strchr(in, '\n') ? "a line break" : in);
	free(got);
}

int
main(void)
{
	char dir[] = "/tmp/test_util.XXXXXX", *p, *s, *err = NULL, *failed;
	FILE *f;
	struct stat st;

	check_pool();
	check_csv("某某科技有限公司", "某某科技有限公司");
	check_csv("", "");
	check_csv("a,b", "\"a,b\"");
	check_csv("say \"hi\"", "\"say \"\"hi\"\"\"");
	check_csv("two\nlines", "\"two\nlines\"");
	check_csv("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\"");
	check_csv("+1", "\"'+1\"");
	check_csv("-2", "\"'-2\"");
	check_csv("@SUM(A1)", "\"'@SUM(A1)\"");
	check_csv("a=b", "a=b");

	s = url_unescape("jifen%40example.gov.cn", 22);
	CHECK_STR(s, "jifen@example.gov.cn", "%%40 is an @");
	free(s);
	s = url_unescape("a%4", 3);
	CHECK_STR(s, "a%4", "a cut escape stays as it is");
	free(s);
	s = url_unescape("a%zz%2Fb", 8);
	CHECK_STR(s, "a%zz/b", "not hex stays; %%2F decodes");
	free(s);
	s = url_unescape("abc%41", 4);
	CHECK_STR(s, "abc%", "only n bytes are read");
	free(s);

	if (mkdtemp(dir) == NULL)
		return 1;
	p = xasprintf("%s/secret", dir);
	CHECK(secret_read(NULL, &s, &err) == 0 && s == NULL,
	    "no password file: no password, no error");
	CHECK(secret_read("", &s, &err) == 0 && s == NULL, "\"\" likewise");
	CHECK(secret_read(p, &s, &err) == -1 && s == NULL && err != NULL &&
	    strstr(err, p) != NULL, "a missing password file is an error "
	    "naming it (%s)", err ? err : "");
	free(err);
	err = NULL;
	if ((f = fopen(p, "w")) != NULL) {
		fputs("s3cret\r\nsecond line\n", f);
		fclose(f);
	}
	CHECK(secret_read(p, &s, &err) == 0 && s != NULL &&
	    strcmp(s, "s3cret") == 0, "the first line, without CR LF");
	free(s);

	s = xasprintf("%s/a/b/c", dir);
	CHECK(mkdir_p(s, 0750, &failed) == 0 && stat(s, &st) == 0 &&
	    S_ISDIR(st.st_mode) && (st.st_mode & 0777) == 0750,
	    "mkdir -p makes every level with the mode");
	CHECK(mkdir_p(s, 0750, &failed) == 0, "again: nothing to do, 0");
	free(s);
	s = xasprintf("%s/secret/x", dir);
	CHECK(mkdir_p(s, 0700, &failed) == -1 && errno == ENOTDIR &&
	    failed != NULL && strcmp(failed, p) == 0,
	    "under a file: -1, ENOTDIR, naming the file in the way");
	free(failed);
	free(s);
	CHECK(mkdir_p(p, 0700, &failed) == -1 && errno == ENOTDIR &&
	    failed != NULL && strcmp(failed, p) == 0,
	    "a file where the directory should be: -1, ENOTDIR");
	free(failed);

	s = xasprintf("rm -rf '%s'", dir);
	if (system(s) != 0)
		printf("# could not remove %s\n", dir);
	free(s);
	free(p);
	return UNIT_DONE();
}
