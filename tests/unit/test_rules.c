/* test_rules.c — the shipped schemas, their validation, classification of
 * file names and evaluation of checklists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "rules.h"
#include "unit.h"
#include "util.h"

static char *
schemas_dir(void)
{
	const char *t = getenv("TESTS_DIR");

	if (t != NULL && *t != '\0')
		return xasprintf("%s/../schemas", t);
	return xstrdup("schemas");
}

/* 1 if d has an entry whose file ends with file, at line (0: any), whose
 * message contains text. */
static int
has_diag(const struct diag *d, const char *file, int line, const char *text)
{
	size_t i, fl = strlen(file);

	for (i = 0; i < d->n; i++) {
		const struct diag_entry *e = &d->v[i];
		size_t el = e->file ? strlen(e->file) : 0;
		if (e->file == NULL || el < fl ||
		    strcmp(e->file + el - fl, file) != 0)
			continue;
		if (line != 0 && e->line != line)
			continue;
		if (strstr(e->msg, text) != NULL)
			return 1;
	}
	return 0;
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(p, "w");

	if (fp != NULL) {
		fputs(text, fp);
		fclose(fp);
	}
	free(p);
}

static void
test_shipped(const struct rules *r)
{
	const struct rules_center *c;
	const struct rules_business *b;
	size_t n, i;
	int found;

	rules_center_at(r, 0, &n);
	CHECK_INT(n, 7, "seven shipped centers");
	c = rules_center(r, "minhang");
	CHECK(c != NULL, "minhang loaded");
	if (c == NULL)
		return;
	CHECK_STR(c->display_name, "闵行区人才服务中心", "minhang display name");
	CHECK_STR(c->short_name, "闵行", "minhang short name");
	CHECK_INT(c->subject.kind, SUBJECT_DASH, "minhang: dash subject");
	CHECK(c->per_person_archive, "minhang: one archive per person");
	CHECK(!c->senders_registered, "minhang: no sender registry");
	b = rules_center_business(c, "points-new");
	CHECK(b != NULL && b->n_types == 1 &&
	    strcmp(b->types[0], "image/jpeg") == 0 && b->types[1] == NULL,
	    "minhang points-new: JPG only, NULL-terminated");
	CHECK(b != NULL && strcmp(b->checklist->id, "points-new") == 0,
	    "minhang points-new checklist");
	CHECK(rules_center_business(c, "support-request") == NULL,
	    "minhang does not accept support-request");
	CHECK(c->subject.n_keywords > 10, "minhang has keywords");
	found = 0;
	for (i = 0; i < c->subject.n_keywords; i++) {
		if (strcmp(c->subject.keywords[i].word, "新辦") == 0 &&
		    strcmp(c->subject.keywords[i].business, "points-new") == 0)
			found = 1;
		if (i > 0 && strlen(c->subject.keywords[i].word) >
		    strlen(c->subject.keywords[i - 1].word))
			found = -100;
	}
	CHECK_INT(found, 1, "traditional 新辦 → points-new; longest first");
	CHECK(c->tpl_receipt && strstr(c->tpl_receipt, "{receipt}"),
	    "receipt template has {receipt}");
	CHECK_INT(rules_center(r, "xuhui")->per_person_archive, 1,
	    "xuhui: one archive per person");

	c = rules_center(r, "baoshan");
	CHECK(c && c->subject.kind == SUBJECT_BRACKETS && c->n_businesses > 0 &&
	    c->subject.n_fields == 4 &&
	    c->subject.fields[0] == SUBJECT_F_COMPANY &&
	    c->subject.fields[3] == SUBJECT_F_BUSINESS && c->id_in_subject,
	    "baoshan: 【单位】+【姓名】+【身份证号】+【业务】");
	CHECK(c && (b = rules_center_business(c, "points-new")) != NULL &&
	    b->n_types == 3, "baoshan: pictures and PDF");
	c = rules_center(r, "hongkou");
	CHECK(c && c->subject.fields[0] == SUBJECT_F_BUSINESS &&
	    c->subject.fields[1] == SUBJECT_F_COMPANY,
	    "hongkou: business first");
	CHECK(rules_center(r, "huangpu") != NULL, "huangpu loaded");

	c = rules_center(r, "jingan");
	CHECK(c && c->subject.kind == SUBJECT_COMPACT && c->senders_registered
	    && !c->per_person_archive, "jingan: compact, registered senders");
	b = c ? rules_center_business(c, "education-verify") : NULL;
	CHECK(b && strcmp(b->checklist->id, "education-verify-jingan") == 0,
	    "jingan education uses its own checklist");
	found = 0;
	for (i = 0; b && i < b->n_types; i++)
		if (strstr(b->types[i], "wordprocessingml"))
			found = 1;
	CHECK(found, "jingan education allows a Word document");
	CHECK(c && rules_center_business(c, "unit-change") != NULL,
	    "jingan accepts unit-change");
	CHECK(c && strstr(c->tpl_review, "2个月") != NULL,
	    "jingan review text names the 2-month residence permit rule");

	c = rules_center(r, "guangzhou-support");
	CHECK(c && c->answer_days == 3 && c->subject.kind == SUBJECT_FREE &&
	    c->n_required_fields == 3 &&
	    strcmp(c->required_fields[1], "id_number") == 0,
	    "guangzhou: 3 days, free subject, name/id_number/phone");
	CHECK(c && c->n_reasons == 3 && c->reasons[3] == NULL &&
	    strstr(c->reasons[0], "全屏截图") != NULL,
	    "guangzhou: its own common reasons, NULL-terminated");
	c = rules_center(r, "minhang");
	CHECK(c && c->n_reasons == 5 && strstr(c->reasons[0], "扫描件不清晰"),
	    "minhang: the Shanghai centers' common reasons");
	CHECK(rules_center(r, "pudong") == NULL, "unknown center → NULL");

	CHECK_STR(rules_item_name(r, "id-card"), "身份证", "item name");
	CHECK_STR(rules_item_name(r, "contact-id-card"), "联系人身份证",
	    "item name contact");
	CHECK(rules_item_name(r, "education-report") != NULL &&
	    strstr(rules_item_name(r, "education-report"), "学历认证报告"),
	    "alternatives rule has a name");
	CHECK_STR(rules_item_name(r, "nope"), NULL, "unknown item name");
	CHECK_STR(rules_business_name(r, "points-new"), "积分新办",
	    "business name");
	CHECK_STR(rules_business_name(r, "education-verify"), "教育背景核实",
	    "business name education");
	/* 一网通办: known by name and keyword at every Shanghai center, taken
	 * by mail at none (business-unknown with the online sentence). */
	CHECK_STR(rules_business_name(r, "talent-introduction"), "人才引进",
	    "online-only business has a name");
	{
		static const char *const sh[] = { "minhang", "xuhui",
		    "baoshan", "huangpu", "hongkou", "jingan" };
		const struct rules_center *ce;
		size_t i, k;
		int kw;

		for (i = 0; i < sizeof sh / sizeof sh[0]; i++) {
			ce = rules_center(r, sh[i]);
			CHECK(ce && rules_center_online(ce,
			    "residence-to-hukou") && ce->tpl_online &&
			    strstr(ce->tpl_online, "一网通办") &&
			    !rules_center_business(ce, "residence-to-hukou"),
			    "%s: 居转户 online only, with its sentence", sh[i]);
			for (k = 0, kw = 0; ce && k < ce->subject.n_keywords;
			    k++)
				kw |= strcmp(ce->subject.keywords[k].word,
				    "留学生落户") == 0;
			CHECK(kw, "%s: 留学生落户 is a subject keyword", sh[i]);
		}
		ce = rules_center(r, "guangzhou-support");
		CHECK(ce && ce->n_online == 0 &&
		    !rules_center_online(ce, "talent-introduction"),
		    "guangzhou-support: no Shanghai online businesses");
	}
}

struct cls { const char *checklist, *file, *want; };

static const struct cls cls_table[] = {
	{ "points-new", "身份证.jpg", "id-card" },
	{ "points-new", "身份证正反面.jpg", "id-card" },
	{ "points-new", "身份证-1.jpg", "id-card" },
	{ "points-new", "身份证_2.JPG", "id-card" },
	{ "points-new", "居民身份证(反面).jpg", "id-card" },
	{ "points-new", "学历证书（2）.jpg", "diploma" },
	{ "points-new", "学历证书(2).jpg", "diploma" },
	{ "points-new", "毕业证.JPG", "diploma" },
	{ "points-new", "毕业证书1.jpeg", "diploma" },
	{ "points-new", "学位证书.jpg", "degree" },
	{ "points-new", "学位证.png", "degree" },
	{ "points-new", "教育部学籍在线验证报告.pdf", "xuexin-online-report" },
	{ "points-new", "学籍验证报告.jpg", "xuexin-online-report" },
	{ "points-new", "教育部学历证书电子注册备案表.jpg",
	    "xuexin-registration-form" },
	{ "points-new", "学历备案表.jpg", "xuexin-registration-form" },
	{ "points-new", "书面学历认证报告.jpg", "paper-education-report" },
	{ "points-new", "学历认证报告.jpg", "paper-education-report" },
	{ "points-new", "学位认证报告.jpg", "degree-report" },
	{ "points-new", "学位网报告.jpg", "degree-report" },
	{ "points-new", "海外学历认证报告.jpg", "overseas-report" },
	{ "points-new", "国外学历学位认证书.jpg", "overseas-report" },
	/* An overseas university's one certificate: the diploma. */
	{ "points-new", "海外学历学位证书.jpg", "diploma" },
	{ "education-verify", "海外学历学位证书.jpg", "diploma" },
	{ "points-new", "劳动合同2.jpg", "labour-contract" },
	{ "points-new", "劳动合同-3.jpg", "labour-contract" },
	{ "points-new", "居住证.jpg", "residence-permit" },
	{ "points-new", "积分申请表.pdf", "application-form" },
	{ "points-new", "申请表.jpg", "application-form" },
	{ "points-new", "居住证积分申请表.jpg", "application-form" },
	{ "points-new", "扫描件001.jpg", NULL },
	{ "points-new", "IMG_2034.JPG", NULL },
	{ "points-new", "张三/身份证.jpg", "id-card" },
	{ "points-new", "张三/劳动合同/第1页.jpg", "labour-contract" },
	{ "points-new", "张三/扫描件2.jpg", NULL },
	{ "points-new", "20240301积分新办平安人寿张三身份证.jpg", "id-card" },
	{ "points-new", "结婚证.jpg", "marriage-certificate" },
	{ "unit-registration", "联系人身份证.jpg", "contact-id-card" },
	{ "unit-registration", "营业执照.jpg", "business-licence" },
	{ "unit-registration", "单位介绍信.jpg", "intro-letter" },
	{ "unit-registration", "介绍信.pdf", "intro-letter" },
	{ "unit-registration", "社会保险登记证.jpg",
	    "social-insurance-certificate" },
	{ "unit-change", "退工单.jpg", "termination-slip" },
	{ "unit-change", "退工证明.jpg", "termination-slip" },
	{ "unit-change", "统一社会信用代码证.jpg", "credit-code-certificate" },
	{ "add-co-resident", "出生医学证明.jpg", "birth-certificate" },
	{ "add-co-resident", "出生证.jpg", "birth-certificate" },
	{ "add-co-resident", "户口本.jpg", "household-register" },
	{ "support-request", "系统截图.png", "screenshot" },
	{ "support-request", "微信图片_20240301.png", "screenshot" },
	{ "education-verify-jingan", "大专毕业证.jpg", "college-diploma" },
	{ "education-verify-jingan", "本科毕业证书.jpg", "bachelor-diploma" },
	{ "education-verify-jingan", "高中毕业证.jpg", "high-school-diploma" },
	{ "education-verify-jingan", "平安人寿张三.docx", "word-document" },
	/* The checklist's own materials first: here 毕业证 is the diploma. */
	{ "education-verify", "大专毕业证.jpg", "diploma" },
};

static void
test_classify(const struct rules *r)
{
	size_t i;

	for (i = 0; i < sizeof cls_table / sizeof cls_table[0]; i++) {
		const struct cls *t = &cls_table[i];
		const struct rules_checklist *cl = rules_checklist(r,
		    t->checklist);
		CHECK_STR(cl ? rules_classify(cl, t->file) : "no checklist",
		    t->want, "classify %s: %s", t->checklist, t->file);
	}
}

/* Evaluates; returns the missing keys joined with ",", sorted as given. */
static char *
eval(const struct rules *r, const char *id, const char *const *items)
{
	const struct rules_checklist *cl = rules_checklist(r, id);
	const char **missing = NULL;
	size_t n = 0, i, k;
	struct buf b = { 0 };

	buf_adds(&b, "");
	if (cl == NULL)
		return buf_take(&b);
	for (k = 0; items[k]; k++)
		;
	rules_evaluate(cl, items, k, &missing, &n);
	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%s", i ? "," : "", missing[i]);
	free(missing);
	return buf_take(&b);
}

struct ev { const char *checklist; const char *items[12]; const char *want;
	const char *what; };

static const struct ev ev_table[] = {
	{ "points-new", { "application-form", "id-card", "residence-permit",
	    "labour-contract", NULL }, "", "points-new complete, no diploma" },
	{ "points-new", { "id-card", "residence-permit", NULL },
	    "application-form,labour-contract", "points-new missing two" },
	{ "points-new", { "application-form", "id-card", "residence-permit",
	    "labour-contract", "diploma", NULL }, "education-report",
	    "diploma present: education report needed" },
	{ "points-new", { "application-form", "id-card", "residence-permit",
	    "labour-contract", "diploma", "xuexin-online-report",
	    "xuexin-registration-form", NULL }, "",
	    "diploma + 学信网 pair" },
	{ "points-new", { "application-form", "id-card", "residence-permit",
	    "labour-contract", "diploma", "xuexin-online-report", NULL },
	    "xuexin-registration-form", "half the 学信网 pair names the other" },
	{ "points-new", { "application-form", "id-card", "residence-permit",
	    "labour-contract", "diploma", "paper-education-report", NULL },
	    "", "diploma + paper report" },
	{ "points-new", { "application-form", "id-card", "residence-permit",
	    "labour-contract", "diploma", "paper-education-report", "degree",
	    NULL }, "degree-report", "degree needs its report" },
	{ "points-new", { "application-form", "id-card", "residence-permit",
	    "labour-contract", "diploma", "degree", "overseas-report", NULL },
	    "", "overseas report covers diploma and degree" },
	{ "education-verify", { "id-card", "diploma", "paper-education-report",
	    "degree", "degree-report", NULL }, "", "education-verify complete" },
	{ "education-verify", { "id-card", NULL }, "diploma",
	    "education-verify: no diploma" },
	{ "education-verify", { "id-card", "diploma", "diploma",
	    "xuexin-registration-form", "unknown", NULL },
	    "xuexin-online-report", "repeats and unknown keys are harmless" },
	{ "points-renew", { "application-form", "id-card", "residence-permit",
	    NULL }, "", "points-renew complete" },
	{ "unit-change", { "id-card", "residence-permit", "labour-contract",
	    "business-licence", "credit-code-certificate", NULL },
	    "termination-slip", "unit-change without 退工单" },
	{ "unit-registration", { "business-licence", "id-card",
	    "intro-letter", NULL }, "contact-id-card",
	    "unit-registration wants the contact's ID card" },
	{ "unit-registration", { "business-licence", "contact-id-card",
	    "intro-letter", NULL }, "", "unit-registration complete" },
	{ "add-co-resident", { "business-licence", "birth-certificate",
	    NULL }, "", "co-resident: child" },
	{ "add-co-resident", { "business-licence", "marriage-certificate",
	    NULL }, "", "co-resident: spouse" },
	{ "add-co-resident", { "business-licence", NULL }, "family-proof",
	    "co-resident without family proof" },
	{ "reset-person-password", { NULL }, "id-card", "reset person: empty" },
	{ "reset-unit-password", { "business-licence", NULL }, "",
	    "reset unit complete" },
	{ "support-request", { "screenshot", NULL }, "", "support complete" },
	{ "support-request", { NULL }, "screenshot", "support: no screenshot" },
	/* Jing'an education levels. */
	{ "education-verify-jingan", { "id-card", "word-document",
	    "high-school-diploma", NULL }, "",
	    "jingan: high school, diploma only" },
	{ "education-verify-jingan", { "id-card", "word-document",
	    "college-diploma", NULL }, "education-report",
	    "jingan: 大专 needs a report" },
	{ "education-verify-jingan", { "id-card", "word-document",
	    "college-diploma", "paper-education-report", NULL }, "",
	    "jingan: 大专 + report" },
	{ "education-verify-jingan", { "id-card", "word-document",
	    "college-diploma", "bachelor-diploma", "paper-education-report",
	    NULL }, "education-report-both",
	    "jingan: 大专 and 本科 with one report" },
	{ "education-verify-jingan", { "id-card", "word-document",
	    "college-diploma", "bachelor-diploma", "paper-education-report",
	    "xuexin-online-report", "xuexin-registration-form", NULL }, "",
	    "jingan: 大专 and 本科, two reports" },
	{ "education-verify-jingan", { "id-card", "bachelor-diploma",
	    "paper-education-report", NULL }, "word-document",
	    "jingan: Word document required" },
	{ "education-verify-jingan", { "id-card", "word-document", NULL },
	    "education-certificate", "jingan: no certificate at all" },
};

static void
test_evaluate(const struct rules *r)
{
	size_t i;

	for (i = 0; i < sizeof ev_table / sizeof ev_table[0]; i++) {
		char *got = eval(r, ev_table[i].checklist, ev_table[i].items);
		CHECK_STR(got, ev_table[i].want, "evaluate: %s",
		    ev_table[i].what);
		free(got);
	}
}

static void
test_expand(const struct rules *r)
{
	const char *k[] = { "company", "name", "count", "empty" };
	const char *v[] = { "某某公司", "张三", "1", NULL };
	const struct rules_center *c = rules_center(r, "minhang");
	char *s;

	s = rules_expand("{company}—{name}(新办)—共{count}人", k, v, 4);
	CHECK_STR(s, "某某公司—张三(新办)—共1人", "expand correct subject");
	free(s);
	s = rules_expand("a{empty}b{unknown}{{x}}{", k, v, 4);
	CHECK_STR(s, "ab{unknown}{x}{", "expand: NULL, unknown, braces");
	free(s);
	if (c != NULL) {
		const char *k2[] = { "center", "company", "receipt" };
		const char *v2[] = { c->display_name, "某某公司", "MH-1" };
		s = rules_expand(c->tpl_receipt, k2, v2, 3);
		CHECK(strstr(s, "闵行区人才服务中心") && strstr(s, "MH-1"),
		    "receipt template expands");
		free(s);
	}
}

static void
test_broken(const char *shipped)
{
	char tmpl[] = "/tmp/test_rules.XXXXXX";
	char *dir = mkdtemp(tmpl), *cmd;
	struct diag d = { 0 };
	struct rules *r;

	CHECK(dir != NULL, "temp dir");
	if (dir == NULL)
		return;
	cmd = xasprintf("cp -R '%s/.' '%s/'", shipped, dir);
	CHECK_INT(system(cmd), 0, "copy schemas");
	free(cmd);
	/* A syntax error at line 3. */
	write_file(dir, "checklists/points-renew.cfg",
	    "# broken\nbusiness = \"points-renew\";\nname = ;\n");
	/* An unknown material at line 5. */
	write_file(dir, "checklists/reset-unit-password.cfg",
	    "business = \"reset-unit-password\";\n"
	    "name = \"单位账号密码重置\";\n"
	    "level = \"unit\";\n"
	    "rules = (\n"
	    "  { need = \"business-licence-x\"; }\n"
	    ");\n");
	/* A center with a wrong type, unknown key, bad kind, empty keyword
	 * list, unknown business, bad placeholder, error in an include. */
	write_file(dir, "common/bad.cfg",
	    "# included\n"
	    "keywords = {\n"
	    "  points-nu = [ \"新办\" ];\n"
	    "};\n");
	write_file(dir, "centers/testcity.cfg",
	    "name = \"testcity\";\n"			/* 1 */
	    "display_name = \"测试\";\n"		/* 2 */
	    "short_name = \"测\";\n"			/* 3 */
	    "subject = { kind = \"slash\"; };\n"	/* 4 */
	    "@include \"common/bad.cfg\"\n"		/* 5 */
	    "extra_keywords = {\n"			/* 6 */
	    "  points-new = [ ];\n"			/* 7 */
	    "};\n"					/* 8 */
	    "answer_days = \"five\";\n"			/* 9 */
	    "colour = \"red\";\n"			/* 10 */
	    "businesses = (\n"				/* 11 */
	    "  { business = \"points-new\"; types = [ \"image/jpeg\" ];\n"
	    "    correct_subject = \"{company}{nmae}\"; },\n"	/* 13 */
	    "  { business = \"teleport\"; types = [ \"image/jpeg\" ];\n"
	    "    correct_subject = \"x\"; }\n"		/* 15 */
	    ");\n"
	    "templates = { receipt = \"{receipt\"; rejection = \"r\";\n"
	    "  review = \"v\"; };\n"			/* 18 */
	    "online = { reply = \"{place}\";\n"		/* 19 */
	    "  businesses = ( { business = \"points-new\"; name = \"x\";\n"
	    "    keywords = [ \"x\" ]; },\n"		/* 21 */
	    "    { business = \"settle\"; name = \"落户\"; } ); };\n");
	    						/* 22 */
	r = rules_load(dir, &d);
	CHECK(r == NULL, "broken schemas: NULL");
	CHECK(has_diag(&d, "/checklists/points-renew.cfg", 3, "syntax error"),
	    "syntax error: file and line");
	CHECK(has_diag(&d, "/checklists/reset-unit-password.cfg", 5,
	    "unknown material 'business-licence-x'"),
	    "unknown material: file and line");
	CHECK(has_diag(&d, "/centers/testcity.cfg", 4, "bad subject kind"),
	    "bad subject kind at 4");
	CHECK(has_diag(&d, "/common/bad.cfg", 3, "unknown business 'points-nu'"),
	    "error in an included file names that file and line");
	CHECK(has_diag(&d, "/centers/testcity.cfg", 7, "empty keyword list"),
	    "empty keyword list at 7");
	CHECK(has_diag(&d, "/centers/testcity.cfg", 9,
	    "'answer_days' must be an integer"), "wrong type at 9");
	CHECK(has_diag(&d, "/centers/testcity.cfg", 10, "unknown key 'colour'"),
	    "unknown key at 10");
	CHECK(has_diag(&d, "/centers/testcity.cfg", 13, "unknown placeholder "
	    "{nmae}"), "bad placeholder at 13");
	CHECK(has_diag(&d, "/centers/testcity.cfg", 14, "unknown business "
	    "'teleport'"), "unknown business at 14");
	CHECK(has_diag(&d, "/centers/testcity.cfg", 17, "unterminated "
	    "placeholder"), "unterminated placeholder at 17");
	CHECK(has_diag(&d, "/centers/testcity.cfg", 19, "unknown placeholder "
	    "{place}"), "online reply: bad placeholder at 19");
	CHECK(has_diag(&d, "/centers/testcity.cfg", 20, "has a checklist"),
	    "online business that has a checklist at 20");
	CHECK(has_diag(&d, "/centers/testcity.cfg", 22, "needs 'keywords'"),
	    "online business without keywords at 22");
	CHECK(d.n >= 9, "every error reported (%zu)", d.n);
	CHECK(!has_diag(&d, "/common/keywords.cfg", 0, "points-renew") &&
	    !has_diag(&d, "/centers/minhang.cfg", 0, "points-renew"),
	    "a checklist that did not parse is reported once, not again "
	    "where it is named");
	if (getenv("VERBOSE"))
		diag_print(&d, stdout);
	diag_free(&d);
	cmd = xasprintf("rm -rf '%s'", dir);
	CHECK_INT(system(cmd), 0, "remove temp dir");
	free(cmd);

	r = rules_load("/nonexistent/schemas", &d);
	CHECK(r == NULL && d.n > 0, "missing schemas dir is an error");
	diag_free(&d);
}

int
main(void)
{
	char *dir = schemas_dir();
	struct diag d = { 0 };
	struct rules *r = rules_load(dir, &d);

	diag_print(&d, stdout);
	CHECK(r != NULL, "shipped schemas load from %s", dir);
	CHECK_INT(d.n, 0, "shipped schemas: no diagnostics");
	if (r != NULL) {
		test_shipped(r);
		test_classify(r);
		test_evaluate(r);
		test_expand(r);
	}
	rules_free(r);
	diag_free(&d);
	test_broken(dir);
	free(dir);
	return UNIT_DONE();
}
