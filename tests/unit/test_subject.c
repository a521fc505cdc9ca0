/* test_subject.c — subject lines of every convention, as people write them. */
#include <stdlib.h>

#include "subject.h"
#include "unit.h"

static const struct subject_keyword kws[] = {
	{ "新办", "points-new" }, { "新辦", "points-new" },
	{ "积分新办", "points-new" }, { "積分新辦", "points-new" },
	{ "续办", "points-renew" }, { "續辦", "points-renew" },
	{ "积分续办", "points-renew" }, { "积分确认", "points-renew" },
	{ "教育背景核实", "education-verify" },
	{ "单位变更", "unit-change" },
	{ "增加同住人", "add-co-resident" }, { "添加随员", "add-co-resident" },
	{ "个人账号密码重置", "reset-person-password" },
	{ "个人密码重置", "reset-person-password" },
	{ "密码重置", "reset-person-password" },
	{ "单位账号密码重置", "reset-unit-password" },
	{ "单位密码重置", "reset-unit-password" },
	{ "单位注册", "unit-registration" },
};
#define NKW (sizeof kws / sizeof kws[0])

static const char *const shorts[] = { "平安人寿", "平安", "携程", "携程旅行" };

static const struct subject_spec dash = { SUBJECT_DASH, { 0 }, 0, kws, NKW,
	NULL, 0 };
static const struct subject_spec baoshan = { SUBJECT_BRACKETS,
	{ SUBJECT_F_COMPANY, SUBJECT_F_NAME, SUBJECT_F_ID, SUBJECT_F_BUSINESS },
	4, kws, NKW, NULL, 0 };
static const struct subject_spec hongkou = { SUBJECT_BRACKETS,
	{ SUBJECT_F_BUSINESS, SUBJECT_F_COMPANY, SUBJECT_F_NAME, SUBJECT_F_ID },
	4, kws, NKW, NULL, 0 };
static const struct subject_spec jingan = { SUBJECT_COMPACT, { 0 }, 0, kws,
	NKW, shorts, 4 };
static const struct subject_spec jingan_noreg = { SUBJECT_COMPACT, { 0 }, 0,
	kws, NKW, NULL, 0 };
static const struct subject_spec freeform = { SUBJECT_FREE, { 0 }, 0, NULL, 0,
	NULL, 0 };

#define ID1 "310101199001011234"
#define ID2 "31010119900101123X"

struct pcase {
	const char *name, *business, *id;
};

struct tcase {
	const char *what;
	const struct subject_spec *sp;
	const char *subject;
	int	 ok;
	const char *err;		/* substring of the error, ok == 0 */
	const char *company;
	const char *business;
	int	 count;
	const char *date;
	size_t	 n;
	struct pcase p[3];
};

static const struct tcase cases[] = {
	/* ---- dash (Minhang, Xuhui) ---- */
	{ "dash: published example, mixed", &dash,
	  "上海某某科技有限公司—张三(新办)+李四(续办)—共2人", 1, NULL,
	  "上海某某科技有限公司", NULL, 2, NULL, 2,
	  { { "张三", "points-new", NULL }, { "李四", "points-renew", NULL } } },
	{ "dash: half-width dashes, full-width parens and plus, 两", &dash,
	  "上海某某科技有限公司-张三（新办）＋李四（新办）-共两人", 1, NULL,
	  "上海某某科技有限公司", "points-new", 2, NULL, 2,
	  { { "张三", "points-new", NULL }, { "李四", "points-new", NULL } } },
	{ "dash: prefix chain, doubled dashes, traditional keyword", &dash,
	  "Re: 回复：Fw: 上海某某科技有限公司——张三(新辦)——共1人", 1, NULL,
	  "上海某某科技有限公司", "points-new", 1, NULL, 1,
	  { { "张三", "points-new", NULL } } },
	{ "dash: education, full-width dash, spaced count", &dash,
	  "上海某某科技有限公司－王五(教育背景核实)－共 3 人", 1, NULL,
	  "上海某某科技有限公司", "education-verify", 3, NULL, 1,
	  { { "王五", "education-verify", NULL } } },
	{ "dash: unit business, no persons", &dash,
	  "上海某某科技有限公司—单位账号密码重置", 1, NULL,
	  "上海某某科技有限公司", "reset-unit-password", -1, NULL, 0, { { 0 } } },
	{ "dash: 办理 around a unit business, en dash and spaces", &dash,
	  "上海某某科技有限公司 – 办理单位注册", 1, NULL,
	  "上海某某科技有限公司", "unit-registration", -1, NULL, 0, { { 0 } } },
	{ "dash: longest keyword wins (单位密码重置 over 密码重置)", &dash,
	  "某公司—单位密码重置", 1, NULL, "某公司", "reset-unit-password", -1,
	  NULL, 0, { { 0 } } },
	{ "dash: 、 separator, shared traditional keyword, 共十二人", &dash,
	  "某公司—张三、李四(續辦)—共十二人", 1, NULL, "某公司",
	  "points-renew", 12, NULL, 2,
	  { { "张三", "points-renew", NULL }, { "李四", "points-renew", NULL } } },
	{ "dash: message-level keyword segment", &dash,
	  "某公司—张三+李四—积分新办—共2人", 1, NULL, "某公司", "points-new",
	  2, NULL, 2,
	  { { "张三", "points-new", NULL }, { "李四", "points-new", NULL } } },
	{ "dash: no count is still ok", &dash, "某公司—张三(新办)", 1, NULL,
	  "某公司", "points-new", -1, NULL, 1, { { "张三", "points-new", NULL } } },
	{ "dash: 共3名, RE：FW: and ― (U+2015)", &dash,
	  "RE：FW: 某公司―赵六(积分确认)―共3名", 1, NULL, "某公司",
	  "points-renew", 3, NULL, 1, { { "赵六", "points-renew", NULL } } },
	{ "dash: stray spaces and U+3000 everywhere", &dash,
	  " 某公司 — 张 三 （新办）　— 共 1 人 ", 1, NULL, "某公司",
	  "points-new", 1, NULL, 1, { { "张三", "points-new", NULL } } },
	{ "dash: persons split by dashes too", &dash,
	  "某公司—张三(新办)—李四(教育背景核实)—共2人", 1, NULL, "某公司", NULL,
	  2, NULL, 2, { { "张三", "points-new", NULL },
	  { "李四", "education-verify", NULL } } },
	{ "dash: person business without brackets", &dash,
	  "某公司—个人账号密码重置—张三", 1, NULL, "某公司",
	  "reset-person-password", -1, NULL, 1,
	  { { "张三", "reset-person-password", NULL } } },
	{ "dash: count without the last dash", &dash,
	  "某公司—张三(新办)共1人", 1, NULL, "某公司", "points-new", 1, NULL, 1,
	  { { "张三", "points-new", NULL } } },
	{ "dash: a hyphen inside a Latin company name", &dash,
	  "ABC-Tech(上海)有限公司-张三(新办)-共1人", 1, NULL,
	  "ABC-Tech(上海)有限公司", "points-new", 1, NULL, 1,
	  { { "张三", "points-new", NULL } } },
	{ "dash: company with 〔〕 and a count in 名", &dash,
	  "〔某公司〕—张三(新办)+李四(新办)—共2名", 1, NULL, "某公司",
	  "points-new", 2, NULL, 2,
	  { { "张三", "points-new", NULL }, { "李四", "points-new", NULL } } },
	{ "dash: no business anywhere", &dash, "某公司—张三—共1人", 0,
	  "未写明业务类型", "某公司", NULL, 1, NULL, 1,
	  { { "张三", NULL, NULL } } },
	{ "dash: no dash at all", &dash, "某公司张三(新办)共1人", 0,
	  "找不到“—”", NULL, NULL, -1, NULL, 0, { { 0 } } },
	{ "dash: one person without business among mixed", &dash,
	  "某公司—张三(新办)+李四(续办)+王五—共3人", 0,
	  "“王五”后未写明业务类型", "某公司", NULL, 3, NULL, 3,
	  { { "张三", "points-new", NULL }, { "李四", "points-renew", NULL },
	  { "王五", NULL, NULL } } },
	{ "dash: unknown business in brackets", &dash, "某公司—张三(旅游)—共1人",
	  0, "“旅游”不是可识别的业务类型", "某公司", NULL, 1, NULL, 1,
	  { { "张三", NULL, NULL } } },
	{ "dash: missing company", &dash, "—张三(新办)—共1人", 0, "缺少单位名称",
	  "", "points-new", 1, NULL, 1, { { "张三", "points-new", NULL } } },
	{ "dash: two unit businesses", &dash, "某公司—单位注册+单位密码重置", 0,
	  "只能办理一种", "某公司", "unit-registration", -1, NULL, 0, { { 0 } } },
	{ "dash: empty subject", &dash, "Re: ", 0, "标题是空的", NULL, NULL, -1,
	  NULL, 0, { { 0 } } },

	/* ---- brackets, Baoshan/Huangpu order ---- */
	{ "baoshan: published shape", &baoshan,
	  "【上海某某科技有限公司】+【张三】+【" ID1 "】+【积分新办】", 1, NULL,
	  "上海某某科技有限公司", "points-new", -1, NULL, 1,
	  { { "张三", "points-new", ID1 } } },
	{ "baoshan: [] and lower-case x", &baoshan,
	  "[上海某某科技有限公司]+[张三]+[31010119900101123x]+[积分新办]", 1,
	  NULL, "上海某某科技有限公司", "points-new", -1, NULL, 1,
	  { { "张三", "points-new", ID2 } } },
	{ "baoshan: no plus, spaces in ID, traditional keyword", &baoshan,
	  "【某公司】【张三】【310101 19900101 1234】【積分新辦】", 1, NULL,
	  "某公司", "points-new", -1, NULL, 1, { { "张三", "points-new", ID1 } } },
	{ "baoshan: 〔〕 and ＋, renew", &baoshan,
	  "〔某公司〕＋〔张三〕＋〔" ID1 "〕＋〔积分续办〕", 1, NULL, "某公司",
	  "points-renew", -1, NULL, 1, { { "张三", "points-renew", ID1 } } },
	{ "baoshan: ［］ full-width and Fwd: prefix", &baoshan,
	  "Fwd: ［某公司］+［张三］+［" ID1 "］+［积分新办］", 1, NULL, "某公司",
	  "points-new", -1, NULL, 1, { { "张三", "points-new", ID1 } } },
	{ "baoshan: three fields", &baoshan, "【某公司】+【张三】+【积分新办】",
	  0, "方括号字段应为4个，实际为3个", "某公司", "points-new", -1, NULL, 1,
	  { { "张三", "points-new", NULL } } },
	{ "baoshan: no brackets, plus only", &baoshan,
	  "某公司+张三+" ID1 "+积分新办", 1, NULL, "某公司", "points-new", -1,
	  NULL, 1, { { "张三", "points-new", ID1 } } },
	{ "baoshan: unknown business", &baoshan,
	  "【某公司】+【张三】+【" ID1 "】+【旅游】", 0, "业务类型“旅游”无法识别",
	  "某公司", NULL, -1, NULL, 1, { { "张三", NULL, ID1 } } },
	{ "baoshan: unit business, two fields", &baoshan,
	  "【某公司】+【单位账号密码重置】", 1, NULL, "某公司",
	  "reset-unit-password", -1, NULL, 0, { { 0 } } },
	{ "baoshan: business put first is still understood", &baoshan,
	  "【积分新办】+【某公司】+【张三】+【" ID1 "】", 1, NULL, "某公司",
	  "points-new", -1, NULL, 1, { { "张三", "points-new", ID1 } } },
	{ "baoshan: two persons in one subject", &baoshan,
	  "【某公司】+【张三、李四】+【" ID1 "、" ID2 "】+【积分新办】", 1, NULL,
	  "某公司", "points-new", -1, NULL, 2,
	  { { "张三", "points-new", ID1 }, { "李四", "points-new", ID2 } } },
	{ "baoshan: names and IDs disagree", &baoshan,
	  "【某公司】+【张三、李四】+【" ID1 "】+【积分新办】", 0, "数量不一致",
	  "某公司", "points-new", -1, NULL, 2,
	  { { "张三", "points-new", ID1 }, { "李四", "points-new", NULL } } },
	{ "baoshan: unbalanced bracket", &baoshan,
	  "【某公司】+【张三】+【" ID1 "】+【积分新办", 0, "不成对", NULL, NULL,
	  -1, NULL, 0, { { 0 } } },
	{ "baoshan: empty field", &baoshan,
	  "Re: 【某公司】+【】+【" ID1 "】+【积分新办】", 0, "第2个方括号是空的",
	  "某公司", "points-new", -1, NULL, 0, { { 0 } } },
	{ "baoshan: nothing like it", &baoshan, "关于积分申请的材料", 0,
	  "【单位名称】+【申请人姓名】+【身份证号】+【积分业务类型】", NULL, NULL,
	  -1, NULL, 0, { { 0 } } },

	/* ---- brackets, Hongkou order ---- */
	{ "hongkou: published shape", &hongkou,
	  "【积分新办】+【某公司】+【张三】+【" ID1 "】", 1, NULL, "某公司",
	  "points-new", -1, NULL, 1, { { "张三", "points-new", ID1 } } },
	{ "hongkou: education, full-width plus, spaces", &hongkou,
	  "【 教育背景核实 】 ＋ 【某公司】 ＋ 【张三】 ＋ 【" ID2 "】", 1, NULL,
	  "某公司", "education-verify", -1, NULL, 1,
	  { { "张三", "education-verify", ID2 } } },
	{ "hongkou: unit registration", &hongkou, "【单位注册】+【某公司】", 1,
	  NULL, "某公司", "unit-registration", -1, NULL, 0, { { 0 } } },
	{ "hongkou: business left out", &hongkou,
	  "【某公司】+【张三】+【" ID1 "】", 0, "方括号字段应为4个，实际为3个",
	  "某公司", NULL, -1, NULL, 1, { { "张三", NULL, ID1 } } },
	{ "hongkou: person password reset beats 密码重置", &hongkou,
	  "回复: 【个人账号密码重置】+【某公司】+【张三】+【" ID1 "】", 1, NULL,
	  "某公司", "reset-person-password", -1, NULL, 1,
	  { { "张三", "reset-person-password", ID1 } } },

	/* ---- compact (Jing'an) ---- */
	{ "jingan: published example", &jingan, "积分新办平安人寿张三", 1, NULL,
	  "平安人寿", "points-new", -1, NULL, 1,
	  { { "张三", "points-new", NULL } } },
	{ "jingan: 8-digit date", &jingan, "20260315积分新办平安人寿张三", 1,
	  NULL, "平安人寿", "points-new", -1, "2026-03-15", 1,
	  { { "张三", "points-new", NULL } } },
	{ "jingan: dashed date, unit change", &jingan,
	  "2026-03-15单位变更平安人寿李四", 1, NULL, "平安人寿", "unit-change",
	  -1, "2026-03-15", 1, { { "李四", "unit-change", NULL } } },
	{ "jingan: dotted date, longest short name 携程旅行", &jingan,
	  "2026.3.15添加随员携程旅行王五", 1, NULL, "携程旅行", "add-co-resident",
	  -1, "2026-03-15", 1, { { "王五", "add-co-resident", NULL } } },
	{ "jingan: 年月日, short name 平安", &jingan,
	  "2026年3月15日密码重置平安赵六", 1, NULL, "平安",
	  "reset-person-password", -1, "2026-03-15", 1,
	  { { "赵六", "reset-person-password", NULL } } },
	{ "jingan: 4-digit date, four-character name", &jingan,
	  "0315积分新办携程欧阳娜娜", 1, NULL, "携程", "points-new", -1, "03-15",
	  1, { { "欧阳娜娜", "points-new", NULL } } },
	{ "jingan: education file, no keyword", &jingan, "20260315平安人寿张三",
	  1, NULL, "平安人寿", NULL, -1, "2026-03-15", 1,
	  { { "张三", NULL, NULL } } },
	{ "jingan: plus signs and spaces between parts", &jingan,
	  "回复：20260315 + 积分新办 + 平安人寿 + 张三", 1, NULL, "平安人寿",
	  "points-new", -1, "2026-03-15", 1, { { "张三", "points-new", NULL } } },
	{ "jingan: name with ·", &jingan, "积分新办平安人寿阿依古丽·买买提", 1,
	  NULL, "平安人寿", "points-new", -1, NULL, 1,
	  { { "阿依古丽·买买提", "points-new", NULL } } },
	{ "jingan: two names", &jingan, "20260315积分新办平安人寿张三、李四", 1,
	  NULL, "平安人寿", "points-new", -1, "2026-03-15", 2,
	  { { "张三", "points-new", NULL }, { "李四", "points-new", NULL } } },
	{ "jingan: traditional keyword, full-width date digits", &jingan,
	  "２０２６０３１５積分新辦携程张三", 1, NULL, "携程", "points-new", -1,
	  "2026-03-15", 1, { { "张三", "points-new", NULL } } },
	{ "jingan: unregistered short name", &jingan,
	  "20260315积分新办某某公司张三", 0, "找不到登记的单位简称", NULL,
	  "points-new", -1, "2026-03-15", 1,
	  { { "某某公司张三", "points-new", NULL } } },
	{ "jingan: no name", &jingan, "20260315积分新办平安人寿", 0,
	  "未写明申请人姓名", "平安人寿", "points-new", -1, "2026-03-15", 0,
	  { { 0 } } },
	{ "jingan: impossible date", &jingan, "20261315积分新办平安人寿张三", 0,
	  "日期“20261315”无法识别", "平安人寿", "points-new", -1, NULL, 1,
	  { { "张三", "points-new", NULL } } },
	{ "jingan: empty registry", &jingan_noreg, "积分新办平安人寿张三", 0,
	  "没有登记的单位简称", NULL, "points-new", -1, NULL, 1,
	  { { "平安人寿张三", "points-new", NULL } } },

	/* ---- free ---- */
	{ "free: anything goes", &freeform, "Re: 无法下载入户卡　求助", 1, NULL,
	  NULL, NULL, -1, NULL, 0, { { 0 } } },
	{ "free: empty subject", &freeform, "", 1, NULL, NULL, NULL, -1, NULL, 0,
	  { { 0 } } },
};

static void
run_case(const struct tcase *c)
{
	struct subject_parse r;
	size_t i, n;
	int rc;

	rc = subject_parse(c->subject, c->sp, &r);
	CHECK_INT(r.ok, c->ok, "%s: ok", c->what);
	CHECK_INT(rc, c->ok ? 0 : -1, "%s: return value", c->what);
	if (c->ok)
		CHECK(r.error == NULL, "%s: no error", c->what);
	else
		CHECK(r.error != NULL && strstr(r.error, c->err) != NULL,
		    "%s: error mentions \"%s\" (got \"%s\")", c->what, c->err,
		    r.error ? r.error : "(null)");
	CHECK(r.clean != NULL, "%s: clean", c->what);
	CHECK_STR(r.company, c->company, "%s: company", c->what);
	CHECK_STR(r.business, c->business, "%s: business", c->what);
	CHECK_INT(r.declared_count, c->count, "%s: declared_count", c->what);
	CHECK_STR(r.date, c->date, "%s: date", c->what);
	CHECK_INT(r.n_persons, c->n, "%s: persons", c->what);
	n = r.n_persons < c->n ? r.n_persons : c->n;
	for (i = 0; i < n; i++) {
		CHECK_STR(r.persons[i].name, c->p[i].name, "%s: person %zu name",
		    c->what, i + 1);
		CHECK_STR(r.persons[i].business, c->p[i].business,
		    "%s: person %zu business", c->what, i + 1);
		CHECK_STR(r.persons[i].id_number, c->p[i].id,
		    "%s: person %zu id", c->what, i + 1);
	}
	subject_parse_free(&r);
}

static void
str_case(char *got, const char *want, const char *what)
{
	CHECK_STR(got, want, "%s", what);
	free(got);
}

int
main(void)
{
	size_t i;
	struct subject_parse r;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		run_case(&cases[i]);

	/* clean */
	subject_parse("Re: 回复：某公司 －－ 张三（新办）＋李四（续办） - 共２人",
	    &dash, &r);
	CHECK_STR(r.clean, "某公司—张三(新办)+李四(续办)—共2人",
	    "clean: prefixes gone, forms normalized");
	subject_parse_free(&r);
	subject_parse("ＲＥ：某公司—张三(新办)", &dash, &r);
	CHECK_STR(r.clean, "某公司—张三(新办)", "clean: full-width RE： too");
	CHECK_STR(r.company, "某公司", "clean: full-width RE： company");
	subject_parse_free(&r);

	/* subject_strip_prefixes */
	str_case(subject_strip_prefixes("Re: 回复：Fw: x"), "x",
	    "strip: Re: 回复：Fw:");
	str_case(subject_strip_prefixes("RE:RE: FW：转发: 答复:Fwd: 标题"),
	    "标题", "strip: long chain");
	str_case(subject_strip_prefixes("re [2]: x"), "re [2]: x",
	    "strip: a space before [2] is no prefix");
	str_case(subject_strip_prefixes("Re[2]: x"), "x", "strip: Re[2]:");
	str_case(subject_strip_prefixes("Re：　x"), "x",
	    "strip: full-width colon and space");
	str_case(subject_strip_prefixes("Renewal 续办"), "Renewal 续办",
	    "strip: Re without colon is a word");
	str_case(subject_strip_prefixes("回复 ： 转发：x"), "x",
	    "strip: space before the colon");
	str_case(subject_strip_prefixes("x Re: y"), "x Re: y",
	    "strip: only at the start");

	/* subject_normalize */
	str_case(subject_normalize("【 A  B 】＋（张三）－ － 共３人"),
	    "【A B】+(张三)—共3人", "normalize: mixed forms");
	str_case(subject_normalize("〔a〕［b］[c]〖d〗"), "【a】【b】【c】【d】",
	    "normalize: every bracket");
	str_case(subject_normalize("a‐b–c―d——e－f−g"), "a—b—c—d—e—f—g",
	    "normalize: every dash");
	str_case(subject_normalize("ABC Tech　公司"), "ABC Tech公司",
	    "normalize: spaces kept between ASCII words only");
	str_case(subject_normalize("  "), "", "normalize: spaces only");

	/* subject_cn_number */
	CHECK_INT(subject_cn_number("3"), 3, "cn: 3");
	CHECK_INT(subject_cn_number("12"), 12, "cn: 12");
	CHECK_INT(subject_cn_number("三"), 3, "cn: 三");
	CHECK_INT(subject_cn_number("两"), 2, "cn: 两");
	CHECK_INT(subject_cn_number("兩"), 2, "cn: 兩");
	CHECK_INT(subject_cn_number("十"), 10, "cn: 十");
	CHECK_INT(subject_cn_number("十二"), 12, "cn: 十二");
	CHECK_INT(subject_cn_number("二十"), 20, "cn: 二十");
	CHECK_INT(subject_cn_number("二十一"), 21, "cn: 二十一");
	CHECK_INT(subject_cn_number("九十九"), 99, "cn: 九十九");
	CHECK_INT(subject_cn_number("一百零五"), 105, "cn: 一百零五");
	CHECK_INT(subject_cn_number("零"), 0, "cn: 零");
	CHECK_INT(subject_cn_number("〇"), 0, "cn: 〇");
	CHECK_INT(subject_cn_number("３"), 3, "cn: full-width 3");
	CHECK_INT(subject_cn_number("3个"), -1, "cn: 3个 is not a number");
	CHECK_INT(subject_cn_number("abc"), -1, "cn: abc");
	CHECK_INT(subject_cn_number(""), -1, "cn: empty");
	CHECK_INT(subject_cn_number(NULL), -1, "cn: NULL");

	/* subject_strip_ext_index */
	str_case(subject_strip_ext_index("20260315积分新办平安人寿张三.pdf"),
	    "20260315积分新办平安人寿张三", "ext: .pdf");
	str_case(subject_strip_ext_index("20260315积分新办平安人寿张三-1.jpg"),
	    "20260315积分新办平安人寿张三", "ext: -1");
	str_case(subject_strip_ext_index("积分新办平安人寿张三（1）.JPEG"),
	    "积分新办平安人寿张三", "ext: （1）");
	str_case(subject_strip_ext_index("积分新办平安人寿张三(2).jpg"),
	    "积分新办平安人寿张三", "ext: (2)");
	str_case(subject_strip_ext_index("积分新办平安人寿张三_3.png"),
	    "积分新办平安人寿张三", "ext: _3");
	str_case(subject_strip_ext_index("积分新办平安人寿张三2.jpg"),
	    "积分新办平安人寿张三", "ext: bare 2 after CJK");
	str_case(subject_strip_ext_index("积分新办平安人寿张三 - 副本.docx"),
	    "积分新办平安人寿张三", "ext: Windows copy");
	str_case(subject_strip_ext_index("2026.3.15积分新办平安人寿张三"),
	    "2026.3.15积分新办平安人寿张三", "ext: dotted date is no extension");
	str_case(subject_strip_ext_index("积分新办平安人寿张三20260315.pdf"),
	    "积分新办平安人寿张三20260315", "ext: a trailing date stays");
	subject_parse("积分新办平安人寿张三20260315", &jingan, &r);
	CHECK_STR(r.date, "2026-03-15", "jingan: date at the end");
	CHECK_STR(r.persons ? r.persons[0].name : NULL, "张三",
	    "jingan: name before a trailing date");
	subject_parse_free(&r);

	return UNIT_DONE();
}
