/* test_senders.c — the sender registry CSV: BOM, CRLF, RFC 4180 quoting,
 * lookups, and every error with its line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "senders.h"
#include "unit.h"
#include "util.h"

static char tmpdir[] = "/tmp/test_senders.XXXXXX";

static char *
write_csv(const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", tmpdir, name);
	FILE *fp = fopen(p, "wb");

	if (fp != NULL) {
		fputs(text, fp);
		fclose(fp);
	}
	return p;
}

static int
has_diag(const struct diag *d, int line, const char *text)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].line == line && d->v[i].file != NULL &&
		    strstr(d->v[i].msg, text) != NULL)
			return 1;
	return 0;
}

static void
test_good(void)
{
	struct diag d = { 0 };
	char *p = write_csv("good.csv",
	    "\xef\xbb\xbf" "company,short_name,email\r\n"
	    "中国平安人寿保险股份有限公司,平安人寿,HR@PingAn.example.com\r\n"
	    "\"上海某某科技有限公司,静安分公司\",某某科技, hr@mm.example.cn \r\n"
	    "\r\n"
	    "\"说\"\"引号\"\"的公司\",引号,<quote@example.org>\r\n"
	    "\"多行\n公司\",多行,multi@example.org\n"
	    "最后公司,最后,last@example.org");
	struct senders *s = senders_load(p, &d);
	const struct senders_entry *e;
	const char *const *names;
	size_t n;

	diag_print(&d, stdout);
	CHECK(s != NULL && d.n == 0, "good registry loads without errors");
	if (s == NULL)
		goto out;
	senders_at(s, 0, &n);
	CHECK_INT(n, 5, "five companies (blank line skipped)");
	e = senders_by_email(s, "hr@pingan.example.com");
	CHECK(e != NULL && strcmp(e->short_name, "平安人寿") == 0,
	    "lookup by e-mail is case-insensitive (BOM stripped)");
	CHECK_INT(e ? e->line : 0, 2, "entry line");
	e = senders_by_email(s, "HR@MM.EXAMPLE.CN");
	CHECK_STR(e ? e->company : NULL, "上海某某科技有限公司,静安分公司",
	    "quoted comma in a field; spaces around address trimmed");
	e = senders_by_short_name(s, "引号");
	CHECK_STR(e ? e->company : NULL, "说\"引号\"的公司",
	    "doubled quotes inside quotes");
	CHECK_STR(e ? e->email : NULL, "quote@example.org", "<address> unwrapped");
	e = senders_by_short_name(s, "多行");
	CHECK_STR(e ? e->company : NULL, "多行\n公司", "newline inside quotes");
	e = senders_by_short_name(s, "最后");
	CHECK(e != NULL && e->line == 8 &&
	    strcmp(e->email, "last@example.org") == 0,
	    "last line without newline; line counts quoted newlines");
	CHECK(senders_by_email(s, "other@example.com") == NULL,
	    "unknown address → NULL");
	CHECK(senders_by_short_name(s, "平安") == NULL,
	    "short name lookup is exact");
	names = senders_short_names(s, &n);
	CHECK(n == 5 && strcmp(names[0], "平安人寿") == 0 && names[5] == NULL,
	    "short names for the subject spec, NULL-terminated");
out:
	senders_free(s);
	diag_free(&d);
	free(p);
}

static void
test_bad(void)
{
	struct diag d = { 0 };
	char *p = write_csv("bad.csv",
	    "company,short_name,email\n"		/* 1 */
	    "甲公司,甲,a@example.com\n"			/* 2 */
	    "乙公司,乙\n"				/* 3 */
	    "丙公司,丙,not-an-address\n"		/* 4 */
	    "丁公司,丁,A@example.com\n"			/* 5 */
	    "戊公司,,e@example.com\n"			/* 6 */
	    "甲公司,甲二,a2@example.com\n"		/* 7 */
	    "己公司,己,f@example.com,extra\n"		/* 8 */
	    "\xff\xfe,庚,g@example.com\n"		/* 9 */
	    "\"辛公司,辛,h@example.com\n");		/* 10 */
	struct senders *s = senders_load(p, &d);

	if (getenv("VERBOSE"))
		diag_print(&d, stdout);
	CHECK(s == NULL, "bad registry: NULL");
	CHECK(has_diag(&d, 3, "2 fields, want 3"), "too few fields at 3");
	CHECK(has_diag(&d, 4, "not an e-mail address"), "bad address at 4");
	CHECK(has_diag(&d, 5, "address already registered on line 2"),
	    "same address twice (case-insensitive) at 5");
	CHECK(has_diag(&d, 6, "empty field"), "empty short name at 6");
	CHECK(has_diag(&d, 7, "company already registered on line 2"),
	    "one address per company at 7");
	CHECK(has_diag(&d, 8, "4 fields"), "too many fields at 8");
	CHECK(has_diag(&d, 9, "not UTF-8"), "GBK bytes at 9");
	CHECK(has_diag(&d, 10, "unterminated quoted field"),
	    "open quote at 10");
	senders_free(s);
	diag_free(&d);
	free(p);

	p = write_csv("header.csv", "公司,简称,邮箱\n甲公司,甲,a@example.com\n");
	s = senders_load(p, &d);
	CHECK(s == NULL && has_diag(&d, 1, "header"), "wrong header at 1");
	senders_free(s);
	diag_free(&d);
	free(p);

	p = write_csv("empty.csv", "");
	s = senders_load(p, &d);
	CHECK(s == NULL && d.n == 1, "empty file is an error");
	senders_free(s);
	diag_free(&d);
	free(p);

	p = xasprintf("%s/missing.csv", tmpdir);
	s = senders_load(p, &d);
	CHECK(s == NULL && d.n == 1 && d.v[0].file &&
	    strcmp(d.v[0].file, p) == 0, "missing file names the file");
	senders_free(s);
	diag_free(&d);
	free(p);
}

int
main(void)
{
	char *cmd;

	if (mkdtemp(tmpdir) == NULL) {
		CHECK(0, "mkdtemp");
		return UNIT_DONE();
	}
	test_good();
	test_bad();
	cmd = xasprintf("rm -rf '%s'", tmpdir);
	CHECK_INT(system(cmd), 0, "remove temp dir");
	free(cmd);
	return UNIT_DONE();
}
