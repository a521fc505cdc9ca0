/* test_fields.c — name, ID number and phone from mail bodies as written. */
#include <stdlib.h>

#include "fields.h"
#include "unit.h"

static void
str_case(char *got, const char *want, const char *what)
{
	CHECK_STR(got, want, "%s", what);
	free(got);
}

struct rcase {
	const char *what, *body, *name, *id, *phone;
	int n;
};

static const struct rcase reads[] = {
	{ "guangzhou: one field a line",
	  "您好，无法下载入户卡。\n姓名：张三\n身份证号码：310101199001011234\n"
	  "联系电话：13812345678\n谢谢！", "张三", "310101199001011234",
	  "13812345678", 3 },
	{ "spaced label, ASCII colon, lower x",
	  "姓 名: 李四\r\n身份证号: 11010519491231002x\r\n手机: 139-1234-5678\r\n",
	  "李四", "11010519491231002X", "13912345678", 3 },
	{ "all on one line, full-width spaces",
	  "姓名：王五　身份证：310101199001011234　电话：021-12345678",
	  "王五", "310101199001011234", "021-12345678", 3 },
	{ "comma-separated, 为",
	  "申请人姓名为赵六，证件号码为 310101 19900101 1234，手机号 +86 138 1234 5678",
	  "赵六", "310101199001011234", "13812345678", 3 },
	{ "full-width digits and colon",
	  "姓名：钱七\n身份证号码：３１０１０１１９９００１０１１２３４\n手机号码：１３８１２３４５６７８",
	  "钱七", "310101199001011234", "13812345678", 3 },
	{ "no labels: ID and phone found by shape",
	  "请处理：310101199001011234 孙八 电话 13812345678", NULL,
	  "310101199001011234", "13812345678", 2 },
	{ "contact person is not the applicant",
	  "联系人姓名：周九\n联系电话：(021)12345678", NULL, NULL,
	  "021-12345678", 1 },
	{ "name with a remark",
	  "姓名：吴十（申请人本人）\n", "吴十", NULL, NULL, 1 },
	{ "nothing", "附件是截图，请查收。", NULL, NULL, NULL, 0 },
	{ "landline by label, bare 8 digits",
	  "姓名：郑一\n电话：62345678", "郑一", NULL, "62345678", 2 },
};

int
main(void)
{
	static const char *const name_l[] = { "姓名", "申请人姓名" };
	static const char *const id_l[] = { "身份证号码", "身份证号", "证件号码" };
	static const char *const ph_l[] = { "电话", "手机", "联系电话", "手机号" };
	struct fields f;
	size_t i;

	/* fields_labeled */
	str_case(fields_labeled("姓名：张三\n", name_l, 2), "张三",
	    "labeled: full-width colon");
	str_case(fields_labeled("姓 名: 张三", name_l, 2), "张三",
	    "labeled: spaces inside the label");
	str_case(fields_labeled("姓名 张三", name_l, 2), "张三",
	    "labeled: a space for a colon");
	str_case(fields_labeled("申请人姓名：李四", name_l, 2), "李四",
	    "labeled: longest label");
	str_case(fields_labeled("身份证号码：310101199001011234", id_l, 3),
	    "310101199001011234", "labeled: 身份证号码");
	str_case(fields_labeled("身份证号:310101199001011234", id_l, 2),
	    "310101199001011234", "labeled: 身份证号 ASCII colon");
	str_case(fields_labeled("身份证号码：310101199001011234", id_l + 1, 1),
	    "310101199001011234", "labeled: 码 after a shorter label");
	str_case(fields_labeled("证件号码 ： 310101199001011234 ", id_l, 3),
	    "310101199001011234", "labeled: spaces around the colon");
	str_case(fields_labeled("联系电话：021-12345678。", ph_l, 4),
	    "021-12345678", "labeled: trailing 。");
	str_case(fields_labeled("手机号：13812345678", ph_l, 4), "13812345678",
	    "labeled: 手机号");
	str_case(fields_labeled("电话13812345678", ph_l, 4), "13812345678",
	    "labeled: digits right after the label");
	str_case(fields_labeled("电话号码很多", ph_l, 1), NULL,
	    "labeled: label then prose is no value");
	str_case(fields_labeled("姓名：\n姓名：张三", name_l, 2), "张三",
	    "labeled: an empty value is skipped");
	str_case(fields_labeled("姓名：张三  电话：13812345678", name_l, 2),
	    "张三", "labeled: value ends before the next label");
	str_case(fields_labeled("姓名：张三，电话：13812345678", ph_l, 4),
	    "13812345678", "labeled: second field on a line");
	str_case(fields_labeled("联系人姓名：周九", name_l, 2), NULL,
	    "labeled: label inside a longer word");
	str_case(fields_labeled("Tel: 021 1234 5678", (const char *[]){ "tel" },
	    1), "021 1234 5678", "labeled: ASCII label, any case");
	str_case(fields_labeled(NULL, name_l, 2), NULL, "labeled: NULL text");

	/* fields_phone */
	str_case(fields_phone("电话：13812345678"), "13812345678", "phone: plain");
	str_case(fields_phone("手机 138-1234-5678"), "13812345678",
	    "phone: dashes");
	str_case(fields_phone("手机 138 1234 5678 谢谢"), "13812345678",
	    "phone: spaces");
	str_case(fields_phone("+86 13912345678"), "13912345678", "phone: +86");
	str_case(fields_phone("(+86)139-1234-5678"), "13912345678",
	    "phone: (+86)");
	str_case(fields_phone("0086-13912345678"), "13912345678",
	    "phone: 0086");
	str_case(fields_phone("联系：021-12345678"), "021-12345678",
	    "phone: landline with dash");
	str_case(fields_phone("(021)12345678"), "021-12345678",
	    "phone: (021)");
	str_case(fields_phone("02112345678"), "021-12345678",
	    "phone: landline run together");
	str_case(fields_phone("0571-8765432"), "0571-8765432",
	    "phone: 4-digit area code, 7 digits");
	str_case(fields_phone("１３８１２３４５６７８"), "13812345678",
	    "phone: full-width digits");
	str_case(fields_phone("身份证310101199001011234"), NULL,
	    "phone: an ID number is none");
	str_case(fields_phone("31010119900101123X 以及 13812345678"),
	    "13812345678", "phone: after an ID with X");
	str_case(fields_phone("310101199001011234 13812345678"), "13812345678",
	    "phone: after an ID, space between");
	str_case(fields_phone("日期 2026-03-15"), NULL, "phone: a date is none");
	str_case(fields_phone("编号 12345678"), NULL,
	    "phone: bare 8 digits without a phone word");
	str_case(fields_phone("座机 62345678"), "62345678",
	    "phone: bare 8 digits on a phone line");
	str_case(fields_phone("订单号 A13812345678"), NULL,
	    "phone: digits after a letter");
	str_case(fields_phone("12812345678"), NULL, "phone: 12x is no mobile");
	str_case(fields_phone("第一行\n第二行 15012345678\n18912345678"),
	    "15012345678", "phone: the first one");
	str_case(fields_phone(""), NULL, "phone: empty");
	str_case(fields_phone("138++姓名 X-(+"), NULL,
	    "phone: plus signs after digits (once looped forever)");

	/* fields_id_number */
	str_case(fields_id_number("身份证号码：31010119900101123x"),
	    "31010119900101123X", "id: labeled, x");
	str_case(fields_id_number("身份证：310101 19900101 1234（本人）"),
	    "310101199001011234", "id: spaces, remark");
	str_case(fields_id_number("我的号码是31010119900101123X，谢谢"),
	    "31010119900101123X", "id: by shape");
	str_case(fields_id_number("编号 3101011990010112345"), NULL,
	    "id: 19 digits is no ID");
	str_case(fields_id_number("身份证号：3101011990"), "3101011990",
	    "id: a short labeled value is returned for checking");

	for (i = 0; i < sizeof reads / sizeof reads[0]; i++) {
		const struct rcase *c = &reads[i];

		CHECK_INT(fields_read(c->body, &f), c->n, "%s: found",
		    c->what);
		CHECK_STR(f.name, c->name, "%s: name", c->what);
		CHECK_STR(f.id_number, c->id, "%s: id", c->what);
		CHECK_STR(f.phone, c->phone, "%s: phone", c->what);
		fields_free(&f);
	}
	return UNIT_DONE();
}
