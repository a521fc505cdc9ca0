/* test_content.c — deciding by what a document shows, on text as OCR of
 * phone photos gives it (spaces between characters, look-alikes, dropped
 * characters): the material each shipped material's words recognise and
 * the ones they must not; name against content; the recognize switch;
 * file-unclear under the shipped thresholds (Guangzhou's full-screen
 * screenshot too); person-mismatch for another ID number, another name,
 * another listed person's card and one card in two persons' archives.
 * What the reader saw is built here as recognize.h's struct, so the
 * decisions are tested without Tesseract. */
#include <stdlib.h>
#include <string.h>

#include "judge.h"
#include "recognize.h"
#include "rules.h"
#include "unit.h"
#include "util.h"

#define ID_ZHANG "310101199001011234"
#define ID_LI	 "310112198506124028"

static const char id_front[] =
    "姓 名 张 三\n性 别 男  民 族 汉\n出 生 1990 年 1 月 1 日\n"
    "住 址 上 海 市 闵 行 区 莘 庄 镇 某 某 路 100 号\n"
    "公 民 身 份 号 吗 " ID_ZHANG "\n";
static const char id_back[] =
    "中 华 人 民 共 和 国\n居 民 身 分 证\n签发机关 上海市公安局闵行分局\n"
    "有效期限 2015.01.01-2035.01.01\n";
static const char permit[] =
    "上 海 市 居 住 让\n姓名 张三\n公民身份号码 " ID_ZHANG "\n"
    "居住地址 上海市闵行区某某路100弄\n签发日期 2024年3月1日\n";
static const char contract[] =
    "劳 动 合 同 书\n甲方（用人单位）：上海某某科技有限公司\n"
    "乙方（劳动者）：张三\n一、合同期限 本合同为固定期限劳动合同\n";
static const char form[] =
    "上海市居住证积分申请表\n申请人姓名 张三 身份证号 " ID_ZHANG "\n"
    "用人单位 上海某某科技有限公司  积分分值 120\n";
static const char diploma[] =
    "普 通 高 等 学 校\n毕 业 证 书\n学生张三，性别男，1990年1月1日生，于"
    "2008年9月至2012年7月在本校计算机科学与技术专业四年制本科学习，修完"
    "教学计划规定的全部课程，成绩合格，准予毕业。\n校 长：\n证书编号：1024";
static const char degree[] =
    "学 士 学 位 证 书\n张三，男，1990年1月1日生。在某某大学计算机科学与"
    "技术专业完成了本科学习计划，业已毕业。经审核符合《中华人民共和国学位"
    "条例》的规定，授予工学学士学位。\n某某大学学位评定委员会主席\n";
static const char xuexin[] =
    "教 育 部 学 籍 在 线 验 证 报 告\n更新日期：2026年11月3日\n姓名 张三\n";
static const char beian[] =
    "教育部学历证书电子注册各案表\n更新日期：2026年11月3日\n";
static const char licence[] =
    "营 业 执 照\n(副 本)\n统一社会信用代码 91310000MA1FL0XX1X\n名 称 "
    "上海某某科技有限公司\n法定代表人 王五\n经营范围 软件开发\n";
static const char marriage[] =
    "结 婚 证\n持证人 张三\n登记日期 2020年5月20日\n结婚证字号 J310112-2020\n";
static const char receipt[] =
    "某某便利店 收银小票\n矿泉水 2.00\n合计 ￥128.00\n谢谢惠顾\n";

static const struct {
	const char	*checklist, *text, *want, *what;
} shows[] = {
	{ "points-new", id_front, "id-card", "an ID card's front" },
	{ "points-new", id_back, "id-card", "an ID card's back (身分 for 身份)" },
	{ "points-new", permit, "residence-permit",
	    "a residence permit (让 for 证), not the ID card whose number it "
	    "bears" },
	{ "points-new", contract, "labour-contract", "a labour contract" },
	{ "points-new", form, "application-form",
	    "the 积分申请表, not the residence permit its title names" },
	{ "education-verify", diploma, "diploma", "a diploma, not a degree" },
	{ "education-verify", degree, "degree",
	    "a degree, not the diploma it mentions (业已毕业)" },
	{ "education-verify", xuexin, "xuexin-online-report",
	    "the 学籍在线验证报告 by its title alone" },
	{ "education-verify", beian, "xuexin-registration-form",
	    "the 电子注册备案表 with a confused character (各 for 备)" },
	{ "unit-registration", licence, "business-licence",
	    "a business licence" },
	{ "add-co-resident", marriage, "marriage-certificate",
	    "a marriage certificate" },
	{ "points-new", licence, "business-licence",
	    "outside the checklist: any material" },
	{ "points-new", receipt, NULL, "a receipt shows no material" },
	{ "points-new", "", NULL, "nothing read: no material" },
	{ "points-new", "姓名 张三", NULL, "one word is not enough" },
};

static struct recog_result *
seen(const char *text, int w, int h, double sharp, double bright,
    double contrast, const char *id, const char *name)
{
	struct recog_result *r = xcalloc(1, sizeof *r);

	r->quality.measured = w > 0;
	r->quality.width = w;
	r->quality.height = h;
	r->quality.sharpness = sharp;
	/* alike every way, as a photo held still */
	r->quality.weakest = sharp / 3;
	r->quality.steadiness = 0.8;
	r->quality.brightness = bright;
	r->quality.contrast = contrast;
	r->n_pages = 1;
	r->pages = xcalloc(1, sizeof *r->pages);
	r->pages[0].text = xstrdup(text);
	r->pages[0].by_ocr = w > 0;
	snprintf(r->id_number, sizeof r->id_number, "%s", id ? id : "");
	r->name = name ? xstrdup(name) : NULL;
	return r;
}

static void
seen_free(struct recog_result *r)
{
	free(r->pages[0].text);
	free(r->pages);
	free(r->name);
	free(r);
}

/* A sharp, well-lit phone photo. */
#define GOOD 2000, 1500, 300.0, 150.0, 60.0

/* Judges one file of one person: the problems go to v. */
static struct verdict_file *
judge_one(const struct judge_ctx *ctx, struct verdict *v,
    struct verdict_person *p, const char *business, const char *name,
    const char *type, const struct recog_result *r)
{
	const struct rules_business *b =
	    rules_center_business(ctx->center, business);
	struct verdict_file *f = verdict_add_file(p, name, type,
	    (const unsigned char *)"x", 1);

	f->recog = r;
	judge_content_file(ctx, v, p->name, b->checklist, f,
	    rules_classify_name(b->checklist, name));
	return f;
}

static const char *
detail_of(const struct verdict *v, const char *code)
{
	size_t i;

	for (i = 0; i < v->n_problems; i++)
		if (strcmp(v->problems[i].code, code) == 0)
			return v->problems[i].detail;
	return NULL;
}

static size_t
count_of(const struct verdict *v, const char *code)
{
	size_t i, n = 0;

	for (i = 0; i < v->n_problems; i++)
		n += strcmp(v->problems[i].code, code) == 0;
	return n;
}

static void
test_shows(const struct rules *r)
{
	size_t i;

	for (i = 0; i < sizeof shows / sizeof shows[0]; i++)
		CHECK_STR(rules_classify_content(rules_checklist(r,
		    shows[i].checklist), shows[i].text, NULL), shows[i].want,
		    "content: %s", shows[i].what);
	CHECK_INT(rules_content_shows(r, "id-card", contract), 0,
	    "a contract shows no ID card");
	CHECK_INT(rules_content_shows(r, "id-card", id_back), 1,
	    "an ID card's back shows one");
	CHECK_INT(rules_content_shows(r, "screenshot", id_back), -1,
	    "a screenshot cannot be told by content");
}

static void
test_name_and_content(const struct rules *r)
{
	struct judge_ctx ctx = { 0 };
	struct verdict *v = verdict_new();
	struct verdict_person *p = verdict_add_person(v, "张三");
	struct recog_result *front = seen(id_front, GOOD, ID_ZHANG, "张三");
	struct recog_result *con = seen(contract, GOOD, NULL, NULL);
	struct recog_result *rec = seen(receipt, GOOD, NULL, NULL);
	struct verdict_file *f;

	ctx.rules = r;
	ctx.center = rules_center(r, "minhang");
	ctx.recognize = CFG_RECOGNIZE_ALL;

	f = judge_one(&ctx, v, p, "points-new", "IMG_20261103_142311.jpg",
	    "image/jpeg", front);
	CHECK_STR(f->item, "id-card", "a phone photo of an ID card is one");
	CHECK_STR(f->item_by, "content", "… by its content");
	CHECK_STR(f->read_id_number, ID_ZHANG, "the number read is kept");
	CHECK_STR(f->read_name, "张三", "the name read is kept");
	f = judge_one(&ctx, v, p, "points-new", "身份证.jpg", "image/jpeg",
	    con);
	CHECK_STR(f->item, "labour-contract",
	    "named 身份证 but a contract with no ID card word: the content "
	    "decides");
	CHECK_STR(f->item_by, "content", "… and the verdict says so");
	f = judge_one(&ctx, v, p, "points-new", "身份证.jpg", "image/jpeg",
	    front);
	CHECK_STR(f->item_by, "name", "name and content agree: by name");
	f = judge_one(&ctx, v, p, "points-new", "身份证.jpg", "image/jpeg",
	    rec);
	CHECK_STR(f->item, "id-card", "content shows nothing: the name stands");
	f = judge_one(&ctx, v, p, "points-new", "微信图片_20261103142311.jpg",
	    "image/jpeg", rec);
	CHECK(f->item == NULL && f->item_by == NULL,
	    "neither tells: unclassified, item_by null");
	f = judge_one(&ctx, v, p, "points-new", "扫描件001.jpg", "image/jpeg",
	    NULL);
	CHECK(f->item == NULL && f->read_name == NULL,
	    "a file that was not read: as before");
	CHECK_INT(v->n_problems, 0, "good photos: no problem");

	ctx.recognize = CFG_RECOGNIZE_OFF;
	f = judge_one(&ctx, v, p, "points-new", "IMG_0001.jpg", "image/jpeg",
	    front);
	CHECK(f->item == NULL && f->read_id_number == NULL,
	    "recognize off: by name only, nothing read kept");
	ctx.recognize = CFG_RECOGNIZE_UNNAMED;
	f = judge_one(&ctx, v, p, "points-new", "身份证.jpg", "image/jpeg",
	    con);
	CHECK_STR(f->item, "id-card", "unnamed: a named file keeps its name");
	f = judge_one(&ctx, v, p, "points-new", "身份证.jpg", "image/jpeg",
	    front);
	CHECK(f->read_id_number == NULL && f->read_name == NULL,
	    "unnamed: nothing read on a named file is used");
	f = judge_one(&ctx, v, p, "points-new", "IMG_0001.jpg", "image/jpeg",
	    front);
	CHECK_STR(f->item, "id-card", "unnamed: an unnamed one is read");

	verdict_free(v);
	seen_free(front);
	seen_free(con);
	seen_free(rec);
}

static void
test_unclear(const struct rules *r)
{
	static const struct {
		int	 w, h;
		double	 sharp, bright, contrast;
		const char *type, *why;		/* NULL: clear */
		const char *what;
	} q[] = {
		{ GOOD, "image/jpeg", NULL, "a good photo is clear" },
		{ 2000, 1500, 8.0, 150.0, 60.0, "image/jpeg", "模糊",
		    "a blurred one" },
		{ 2000, 1500, 300.0, 20.0, 10.0, "image/jpeg", "过暗，",
		    "a dark one (and so flat: said once)" },
		{ 2000, 1500, 300.0, 252.0, 30.0, "image/jpeg", "过亮",
		    "a burnt one" },
		{ 3024, 2268, 7.0, 240.0, 5.0, "image/jpeg", "过亮，",
		    "a burnt-out flash (soft and flat too: its light is said)" },
		{ 2000, 1500, 300.0, 180.0, 3.0, "image/jpeg", "对比度过低",
		    "a flat print" },
		{ 320, 240, 300.0, 150.0, 60.0, "image/jpeg", "分辨率过低",
		    "a tiny one" },
		{ 320, 240, 300.0, 150.0, 60.0, "application/pdf", NULL,
		    "a PDF's rendered page is not judged by size" },
		{ 0, 0, 0, 0, 0, "application/pdf", NULL,
		    "a text PDF is not measured" },
	};
	struct judge_ctx ctx = { 0 };
	size_t i;

	ctx.rules = r;
	ctx.center = rules_center(r, "xuhui");
	ctx.recognize = CFG_RECOGNIZE_ALL;
	for (i = 0; i < sizeof q / sizeof q[0]; i++) {
		struct verdict *v = verdict_new();
		struct verdict_person *p = verdict_add_person(v, "张三");
		struct recog_result *s = seen(id_back, q[i].w, q[i].h,
		    q[i].sharp, q[i].bright, q[i].contrast, NULL, NULL);
		const char *d;

		judge_one(&ctx, v, p, "points-new", i % 2 ? "IMG_0001.jpg" :
		    "张三/IMG_0001.jpg", q[i].type, s);
		d = detail_of(v, "file-unclear");
		if (q[i].why == NULL)
			CHECK(d == NULL, "%s", q[i].what);
		else
			CHECK(d && strstr(d, q[i].why) &&
			    strstr(d, "张三/IMG_0001.jpg") &&
			    !strstr(d, "张三/张三/") &&
			    strstr(d, "请重新拍摄或扫描，保证文字清晰"),
			    "%s: file-unclear “%s”", q[i].what, d ? d : "");
		verdict_free(v);
		seen_free(s);
	}
}

/* A hand that moved: the Laplacian stays high (the other direction is
 * crisp), the weakest direction does not. */
static void
test_shaken(const struct rules *r)
{
	static const struct {
		double	 sharp, weakest, steadiness;
		const char *why;		/* NULL: clear */
		const char *what;
	} q[] = {
		{ 120.0, 4.0, 0.08, "拍摄时晃动", "shaken sideways" },
		{ 60.0, 9.0, 0.45, "拍摄时晃动", "shaken along a diagonal (noise "
		    "lifts the ratio, not the weakest direction)" },
		{ 8.0, 1.0, 0.2, "拍摄时晃动", "shaken and blurred: the shake is "
		    "said" },
		{ 900.0, 250.0, 0.3, NULL, "a sharp form of ruled lines: "
		    "uneven, yet sharp every way" },
		{ 45.0, 14.0, 0.8, NULL, "soft but alike every way: not a "
		    "shake" },
	};
	struct judge_ctx ctx = { 0 };
	size_t i;

	ctx.rules = r;
	ctx.center = rules_center(r, "xuhui");
	ctx.recognize = CFG_RECOGNIZE_ALL;
	for (i = 0; i < sizeof q / sizeof q[0]; i++) {
		struct verdict *v = verdict_new();
		struct verdict_person *p = verdict_add_person(v, "张三");
		struct recog_result *s = seen(id_back, 2000, 1500, q[i].sharp,
		    150.0, 60.0, NULL, NULL);
		const char *d;

		s->quality.weakest = q[i].weakest;
		s->quality.steadiness = q[i].steadiness;
		judge_one(&ctx, v, p, "points-new", "IMG_0001.jpg",
		    "image/jpeg", s);
		d = detail_of(v, "file-unclear");
		if (q[i].why == NULL)
			CHECK(d == NULL, "%s: clear (%s)", q[i].what,
			    d ? d : "");
		else
			CHECK(d && strstr(d, q[i].why) &&
			    strstr(d, "请重新拍摄或扫描，保证文字清晰"),
			    "%s: file-unclear “%s”", q[i].what, d ? d : "");
		verdict_free(v);
		seen_free(s);
	}
}

/* An image under RECOG_MIN_SIDE is measured, not read: a screenshot that
 * small is told it is no full screen; another icon is not asked for. */
static void
test_icon(const struct rules *r)
{
	struct judge_ctx ctx = { 0 };
	struct verdict *v;
	struct verdict_person *p;
	struct recog_result *s;
	const char *d;

	ctx.rules = r;
	ctx.recognize = CFG_RECOGNIZE_ALL;
	ctx.center = rules_center(r, "guangzhou-support");
	v = verdict_new();
	p = verdict_add_person(v, "张三");
	s = seen("", 90, 60, 300.0, 150.0, 60.0, NULL, NULL);
	s->icon = 1;
	judge_one(&ctx, v, p, "support-request", "截图.png", "image/png", s);
	d = detail_of(v, "file-unclear");
	CHECK(d && strstr(d, "全屏截图") && strstr(d, "90×60"),
	    "a 90×60 screenshot: no full screen, whatever its size (%s)",
	    d ? d : "none");
	verdict_free(v);
	seen_free(s);

	ctx.center = rules_center(r, "xuhui");
	v = verdict_new();
	p = verdict_add_person(v, "张三");
	s = seen("", 90, 40, 300.0, 150.0, 60.0, NULL, NULL);
	s->icon = 1;
	judge_one(&ctx, v, p, "points-new", "logo.png", "image/png", s);
	CHECK(detail_of(v, "file-unclear") == NULL,
	    "a 90×40 logo elsewhere: not asked for again");
	verdict_free(v);
	seen_free(s);
}

static void
test_screenshot(const struct rules *r)
{
	static const struct {
		int w, h, full;
		const char *what;
	} q[] = {
		{ 1920, 1080, 1, "a 1920×1080 screen" },
		{ 1080, 2340, 1, "a phone's tall screen" },
		{ 1280, 1024, 1, "a 5:4 screen" },
		{ 900, 700, 0, "a cut-out of a window: smaller than a screen" },
		{ 2400, 800, 0, "a strip of a wide screen: not screen-shaped" },
	};
	struct judge_ctx ctx = { 0 };
	size_t i;

	ctx.rules = r;
	ctx.center = rules_center(r, "guangzhou-support");
	ctx.recognize = CFG_RECOGNIZE_ALL;
	for (i = 0; i < sizeof q / sizeof q[0]; i++) {
		struct verdict *v = verdict_new();
		struct verdict_person *p = verdict_add_person(v, "张三");
		struct recog_result *s = seen("系统提示 提交失败", q[i].w,
		    q[i].h, 300.0, 150.0, 60.0, NULL, NULL);
		struct verdict_file *f = judge_one(&ctx, v, p,
		    "support-request", "IMG_0001.png", "image/png", s);
		const char *d = detail_of(v, "file-unclear");

		CHECK_STR(f->item, "screenshot", "%s: the screenshot (fallback)",
		    q[i].what);
		seen_free(s);
		s = seen(id_front, q[i].w, q[i].h, 300.0, 150.0, 60.0, NULL,
		    NULL);
		f = judge_one(&ctx, v, p, "support-request", "IMG_0002.png",
		    "image/png", s);
		CHECK_STR(f->item, "screenshot", "%s: still the screenshot when "
		    "it shows an ID card: the fallback wins over a material "
		    "the business does not ask for", q[i].what);
		CHECK(q[i].full ? d == NULL : d != NULL &&
		    strstr(d, "全屏截图") != NULL, "%s: %s", q[i].what,
		    q[i].full ? "full-screen" : "file-unclear, not full-screen");
		verdict_free(v);
		seen_free(s);
	}
}

/* Files for person p read as text/id/name, all of item id-card. */
static void
card(const struct judge_ctx *ctx, struct verdict *v,
    struct verdict_person *p, const char *file, struct recog_result *s)
{
	judge_one(ctx, v, p, "points-new", file, "image/jpeg", s);
}

static void
test_persons(const struct rules *r)
{
	struct judge_ctx ctx = { 0 };
	struct verdict *v;
	struct verdict_person *zs, *ls;
	struct recog_result *zhang = seen(id_front, GOOD, ID_ZHANG, "张三");
	struct recog_result *li = seen(id_front, GOOD, ID_LI, "李四");
	struct recog_result *wang = seen(id_front, GOOD, NULL, "王五");
	struct recog_result *slip = seen(id_front, GOOD, NULL, "张三半");
	struct recog_result *noname = seen(id_back, GOOD, ID_LI, NULL);
	int listed[3] = { 1, 1, 1 };
	const char *d;

	ctx.rules = r;
	ctx.recognize = CFG_RECOGNIZE_ALL;

	/* Baoshan: the ID number is in the subject. */
	ctx.center = rules_center(r, "baoshan");
	v = verdict_new();
	zs = verdict_add_person(v, "张三");
	verdict_set(&zs->id_number, ID_ZHANG);
	card(&ctx, v, zs, "IMG_0001.jpg", zhang);
	judge_content_persons(&ctx, v, listed);
	CHECK_INT(count_of(v, "person-mismatch"), 0,
	    "the card shows the subject's number: no mismatch");
	card(&ctx, v, zs, "IMG_0002.jpg", li);
	judge_content_persons(&ctx, v, listed);
	d = detail_of(v, "person-mismatch");
	CHECK(d && strstr(d, "IMG_0002.jpg是李四的身份证") && strstr(d, ID_LI) &&
	    strstr(d, ID_ZHANG), "another number than the subject's: "
	    "person-mismatch naming the file, whose card and the number (%s)",
	    d ? d : "");
	card(&ctx, v, zs, "IMG_0003.jpg", noname);
	judge_content_persons(&ctx, v, listed);
	CHECK(count_of(v, "person-mismatch") >= 2 && strstr(v->problems[
	    v->n_problems - 1].detail, "IMG_0003.jpg（身份证）上的身份证号是"
	    ID_LI), "no name read: the number read is said (%s)",
	    v->problems[v->n_problems - 1].detail);
	verdict_free(v);

	/* Minhang: archives named after the persons, no numbers. */
	ctx.center = rules_center(r, "minhang");
	v = verdict_new();
	zs = verdict_add_person(v, "张三");
	verdict_set(&zs->archive, "张三.zip");
	ls = verdict_add_person(v, "李四");
	verdict_set(&ls->archive, "李四.zip");
	card(&ctx, v, zs, "IMG_0001.jpg", li);
	card(&ctx, v, ls, "IMG_0002.jpg", li);
	judge_content_persons(&ctx, v, listed);
	d = detail_of(v, "person-mismatch");
	CHECK(d && strstr(d, "张三.zip 中的 IMG_0001.jpg是李四的身份证"),
	    "李四's card in 张三.zip: “%s”", d ? d : "");
	CHECK_INT(count_of(v, "person-mismatch"), 1,
	    "the same card in both archives is not said twice");
	verdict_free(v);

	v = verdict_new();
	zs = verdict_add_person(v, "张三");
	ls = verdict_add_person(v, "李四");
	card(&ctx, v, zs, "IMG_0001.jpg", noname);
	card(&ctx, v, ls, "IMG_0002.jpg", noname);
	judge_content_persons(&ctx, v, listed);
	d = detail_of(v, "person-mismatch");
	CHECK(d && strstr(d, "张三/IMG_0001.jpg和李四/IMG_0002.jpg是同一个人的"
	    "证件") && strstr(d, ID_LI), "one ID number in two persons' "
	    "files, no name read: person-mismatch (%s)", d ? d : "");
	CHECK_INT(count_of(v, "person-mismatch"), 1, "said once");
	verdict_free(v);

	v = verdict_new();
	zs = verdict_add_person(v, "张三");
	card(&ctx, v, zs, "IMG_0001.jpg", wang);
	judge_content_persons(&ctx, v, listed);
	d = detail_of(v, "person-mismatch");
	CHECK(d && strstr(d, "王五") && strstr(d, "不是张三"),
	    "a name nobody listed: what was read is said (%s)", d ? d : "");
	verdict_free(v);

	v = verdict_new();
	zs = verdict_add_person(v, "张三丰");
	card(&ctx, v, zs, "IMG_0001.jpg", slip);
	judge_content_persons(&ctx, v, listed);
	CHECK_INT(count_of(v, "person-mismatch"), 0,
	    "one character misread in a three-character name: the same");
	listed[0] = 0;
	zs = verdict_add_person(v, "张三");
	card(&ctx, v, v->persons[0], "IMG_0002.jpg", li);
	judge_content_persons(&ctx, v, listed);
	CHECK_INT(count_of(v, "person-mismatch"), 0,
	    "a person the files need not belong to (unit, unassigned) is "
	    "not compared");
	verdict_free(v);

	/* A contact's ID card is someone else's by design. */
	v = verdict_new();
	zs = verdict_add_person(v, "张三");
	listed[0] = 1;
	judge_one(&ctx, v, zs, "unit-registration", "联系人身份证.jpg",
	    "image/jpeg", li);
	judge_content_persons(&ctx, v, listed);
	CHECK_INT(count_of(v, "person-mismatch"), 0,
	    "a contact's ID card is not compared");
	ctx.recognize = CFG_RECOGNIZE_OFF;
	card(&ctx, v, zs, "身份证.jpg", li);
	judge_content_persons(&ctx, v, listed);
	CHECK_INT(count_of(v, "person-mismatch"), 0,
	    "recognize off: nothing compared");
	verdict_free(v);

	seen_free(zhang);
	seen_free(li);
	seen_free(wang);
	seen_free(slip);
	seen_free(noname);
}

/* item_by, also and read survive the JSON the records store (show,
 * resend). */
static void
test_json(void)
{
	struct verdict *v = verdict_new(), *back;
	struct verdict_person *p = verdict_add_person(v, "张三");
	struct verdict_file *f = verdict_add_file(p, "IMG_0001.jpg",
	    "image/jpeg", (const unsigned char *)"x", 1);
	char *js;

	verdict_set(&f->item, "id-card");
	verdict_set(&f->item_by, "content");
	verdict_set(&f->read_id_number, ID_ZHANG);
	verdict_set(&f->read_name, "张三");
	/* a PDF of two documents: also, never the item twice */
	verdict_file_add_also(f, "labour-contract");
	verdict_file_add_also(f, "labour-contract");
	verdict_file_add_also(f, f->item);
	f = verdict_add_file(p, "a.jpg", "image/jpeg",
	    (const unsigned char *)"y", 1);
	js = verdict_to_json(v);
	CHECK(strstr(js, "\"item_by\":\"content\"") && strstr(js,
	    "\"read\":{\"id_number\":\"" ID_ZHANG "\",\"name\":\"张三\"}"),
	    "JSON: item_by and read");
	CHECK(strstr(js, "\"item_by\":null") != NULL &&
	    strstr(strstr(js, "a.jpg"), "\"read\"") == NULL,
	    "JSON: item_by null and no read where nothing was read");
	CHECK(strstr(js, "\"also\":[\"labour-contract\"]") != NULL &&
	    strstr(strstr(js, "a.jpg"), "\"also\"") == NULL,
	    "JSON: also once, and only where the file shows more");
	back = verdict_from_json(js);
	CHECK(back && back->n_persons == 1 && back->persons[0]->n_files == 2,
	    "JSON read back");
	if (back && back->n_persons == 1 && back->persons[0]->n_files == 2) {
		CHECK_STR(back->persons[0]->files[0].item_by, "content",
		    "item_by read back");
		CHECK_STR(back->persons[0]->files[0].read_id_number, ID_ZHANG,
		    "read id_number read back");
		CHECK_STR(back->persons[0]->files[0].read_name, "张三",
		    "read name read back");
		CHECK(back->persons[0]->files[1].read_name == NULL,
		    "nothing read stays nothing");
		CHECK(back->persons[0]->files[0].n_also == 1 &&
		    strcmp(back->persons[0]->files[0].also[0],
		    "labour-contract") == 0 &&
		    back->persons[0]->files[1].n_also == 0, "also read back");
	}
	verdict_free(back);
	free(js);
	verdict_free(v);
}

int
main(void)
{
	char *dir = getenv("TESTS_DIR") && *getenv("TESTS_DIR") ?
	    xasprintf("%s/../schemas", getenv("TESTS_DIR")) :
	    xstrdup("schemas");
	struct diag d = { 0 };
	struct rules *r = rules_load(dir, &d);

	CHECK(r != NULL, "the shipped schemas load");
	if (r == NULL)
		return UNIT_DONE();
	test_shows(r);
	test_name_and_content(r);
	test_unclear(r);
	test_shaken(r);
	test_icon(r);
	test_screenshot(r);
	test_persons(r);
	test_json();
	rules_free(r);
	diag_free(&d);
	free(dir);
	return UNIT_DONE();
}
