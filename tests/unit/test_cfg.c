/* test_cfg.c — configuration: values, relative paths, and every error
 * reported with its file and line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cfg.h"
#include "unit.h"
#include "util.h"

static char dir[] = "/tmp/intake-cfg-XXXXXX";

static char *
put(const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(p, "w");

	fputs(text, fp);
	fclose(fp);
	return p;
}

/* 1 when some diagnostic names file:line and contains text. */
static int
has(const struct diag *d, const char *file, int line, const char *text)
{
	for (size_t i = 0; i < d->n; i++)
		if ((!file || (d->v[i].file && strstr(d->v[i].file, file))) &&
		    d->v[i].line == line && strstr(d->v[i].msg, text))
			return 1;
	return 0;
}

int
main(void)
{
	struct diag d = { 0 };
	struct cfg *c;
	char *p;

	if (mkdtemp(dir) == NULL)
		return 1;

	p = put("good.conf",
	    "center = \"baoshan\";\n"
	    "schemas = \"schemas\";\n"
	    "database = \"/var/lib/x.db\";\n"
	    "spool = \"sp\";\n"
	    "mailbox = { url = \"maildir:md\"; done = \"move:Done\"; };\n"
	    "reply = { from = \"积分 <a@b.cn>\"; via = \"outbox:out\"; };\n"
	    "readers = 3;\n"
	    "limits = { max_total_mb = 5; max_entries = 10;\n"
	    "  max_reader_mb = 256; };\n");
	c = cfg_load(p, &d);
	CHECK(c != NULL && d.n == 0, "a good file loads");
	if (c) {
		char *want;
		CHECK_STR(c->center, "baoshan", "center");
		want = xasprintf("%s/schemas", dir);
		CHECK_STR(c->schemas, want, "relative path is relative to the file");
		free(want);
		CHECK_STR(c->database, "/var/lib/x.db", "absolute path kept");
		want = xasprintf("maildir:%s/md", dir);
		CHECK_STR(c->mailbox.url, want, "maildir: path resolved");
		free(want);
		want = xasprintf("outbox:%s/out", dir);
		CHECK_STR(c->reply.via, want, "outbox: path resolved");
		free(want);
		CHECK_STR(c->mailbox.done, "move:Done", "done");
		CHECK_INT(c->limits.max_total_bytes, 5000000, "limit in MB");
		CHECK_INT(c->limits.max_entries, 10, "entries limit");
		CHECK_INT(c->limits.max_depth, 2, "default depth");
		CHECK_INT(c->reader.mb, 256, "reader memory ceiling");
		CHECK_INT(c->reader.seconds, 20, "default reader time ceiling");
		CHECK_INT(c->readers, 3, "readers in the pool");
		CHECK_STR(c->reply.from, "积分 <a@b.cn>", "UTF-8 value");
		CHECK_INT(c->recognize, CFG_RECOGNIZE_ALL,
		    "recognize: all by default");
	}
	cfg_free(c);
	free(p);

	p = put("syntax.conf", "center = \"x\";\n\nspool = ;\n");
	c = cfg_load(p, &d);
	CHECK(c == NULL, "a syntax error fails");
	CHECK(has(&d, "syntax.conf", 3, "syntax error"),
	    "syntax error at syntax.conf:3");
	diag_free(&d);
	free(p);

	p = put("types.conf",
	    "center = 5;\n"
	    "colour = \"blue\";\n"
	    "mailbox = {\n  url = \"maildir:x\";\n  done = \"purge\";\n"
	    "  poll_seconds = \"often\";\n};\n"
	    "limits = { max_depth = 99; max_reader_mb = 1; };\n"
	    "readers = 0;\n"
	    "recognize = \"some\";\n");
	c = cfg_load(p, &d);
	CHECK(c == NULL, "semantic errors fail");
	CHECK(has(&d, "types.conf", 1, "center must be a string"),
	    "wrong type names file and line");
	CHECK(has(&d, "types.conf", 2, "unknown setting colour"),
	    "unknown key named");
	CHECK(has(&d, "types.conf", 5, "mailbox.done"), "bad done value");
	CHECK(has(&d, "types.conf", 6, "poll_seconds must be an integer"),
	    "integer expected");
	CHECK(has(&d, "types.conf", 8, "max_depth must be between"),
	    "range checked");
	CHECK(has(&d, "types.conf", 8, "max_reader_mb must be between"),
	    "reader memory ceiling range checked");
	CHECK(has(&d, "types.conf", 9, "readers must be between"),
	    "readers range checked");
	CHECK(has(&d, "types.conf", 10, "recognize must be"),
	    "recognize: only all, unnamed or off");
	CHECK(d.n >= 5, "every error reported, not just the first (%zu)", d.n);
	diag_free(&d);
	free(p);

	p = put("rz.conf", "center = \"x\";\nrecognize = \"unnamed\";\n");
	c = cfg_load(p, &d);
	CHECK(c != NULL && c->recognize == CFG_RECOGNIZE_UNNAMED,
	    "recognize = \"unnamed\" read");
	CHECK_STR(cfg_recognize_name(c ? c->recognize : CFG_RECOGNIZE_ALL),
	    "unnamed", "and named back");
	cfg_free(c);
	diag_free(&d);
	free(p);

	p = put("inc.conf", "@include \"part.conf\"\ncenter = \"x\";\n");
	free(put("part.conf", "spool = \"a\";\nbogus = ;\n"));
	c = cfg_load(p, &d);
	CHECK(c == NULL && has(&d, "part.conf", 2, "syntax error"),
	    "an error in an included file names that file");
	diag_free(&d);
	free(p);

	c = cfg_load("/nonexistent/intake.conf", &d);
	CHECK(c == NULL && d.n == 1 && has(&d, "/nonexistent", 0, "cannot read"),
	    "a missing file is one clear error");
	diag_free(&d);

	setenv("INTAKE_CONFIG", "/x/y.conf", 1);
	CHECK_STR(cfg_default_path(NULL), "/x/y.conf", "$INTAKE_CONFIG used");
	CHECK_STR(cfg_default_path("/a.conf"), "/a.conf", "-c wins");

	{
		char cmd[200];
		snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
		if (system(cmd) != 0)
			CHECK(0, "cleanup");
	}
	return UNIT_DONE();
}
