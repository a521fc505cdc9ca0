/* problem.c — see problem.h. */
#include "problem.h"

#include <string.h>

#define B PROBLEM_BLOCKS
#define R PROBLEM_REVIEW
#define W PROBLEM_WARNS

const struct problem_kind problem_kinds[] = {
	{ "subject-unrecognized", "标题格式不符", B,
	    "邮件标题不符合本中心的标题格式，请按要求修改标题后重新发送" },
	{ "business-unknown", "业务不受理", B,
	    "标题中的业务不通过电子邮件受理" },
	{ "count-mismatch", "人数不符", B,
	    "标题中的人数与列出的申请人或压缩包个数不符" },
	{ "id-number-invalid", "身份证号有误", B,
	    "标题中的身份证号有误，请核对后重新发送" },
	{ "no-attachment", "无附件", B,
	    "邮件没有附件，请将申请材料作为附件发送" },
	{ "archive-missing", "缺压缩包", B,
	    "缺少申请人的压缩包：每人的材料请单独压缩成一个以本人姓名命名的"
	    "压缩包" },
	{ "archive-unexpected", "多余压缩包", B,
	    "有压缩包与标题中列出的申请人对应不上" },
	{ "archive-duplicate", "压缩包重复", B,
	    "同一申请人有两个压缩包，请合并后重新发送" },
	{ "archive-unreadable", "压缩包损坏", B,
	    "压缩包已损坏或无法读取，请重新压缩后发送" },
	{ "archive-encrypted", "压缩包加密", B,
	    "压缩包设有密码，请不加密码重新压缩后发送" },
	{ "archive-unsafe", "压缩包不安全", B,
	    "压缩包含有链接或不安全的路径，请只压缩材料文件后重新发送" },
	{ "archive-too-large", "压缩包超限", B,
	    "压缩包解压后过大或文件过多，请只压缩所需材料后重新发送" },
	{ "file-type-not-allowed", "文件类型不符", B,
	    "文件类型不是本业务接受的类型，请转换后重新发送" },
	{ "file-empty", "空文件", B,
	    "文件是空的或打不开，请重新扫描或拍照后发送" },
	{ "item-missing", "缺材料", B,
	    "缺少清单中的材料" },
	{ "item-unclassified", "文件名无法识别", R,
	    "文件的名称看不出是哪项材料，工作人员将人工核对" },
	{ "file-unclear", "文件不清晰", B,
	    "文件模糊（或拍摄时晃动、过暗、分辨率过低），请重新拍摄或扫描，"
	    "保证文字清晰" },
	{ "person-mismatch", "材料非本人", B,
	    "材料上的身份证号或姓名不是申请人本人的，请核对后重新发送" },
	{ "file-duplicate", "文件重复", B,
	    "同一份扫描件重复发送了两次" },
	{ "sender-not-registered", "发件地址未登记", B,
	    "发件地址不是已登记的单位邮箱，请从贵单位登记的邮箱发送" },
	{ "sender-unauthenticated", "发件人未通过验证", R,
	    "发件人未通过邮件来源验证，工作人员将核实" },
	{ "contact-missing", "未留电话", W,
	    "邮件正文没有留联系电话，请在以后的邮件中写明单位人事的联系电话" },
	{ "field-missing", "缺必填信息", B,
	    "邮件正文缺少必填的信息" },
	{ "duplicate-message", "重复邮件", B,
	    "与已处理过的邮件相同，不再答复" },
};
const size_t problem_n_kinds = sizeof problem_kinds / sizeof *problem_kinds;

const struct problem_kind *
problem_kind(const char *code)
{
	size_t i;

	for (i = 0; code != NULL && i < problem_n_kinds; i++)
		if (strcmp(problem_kinds[i].code, code) == 0)
			return &problem_kinds[i];
	return NULL;
}

const char *
problem_label(const char *code)
{
	const struct problem_kind *k = problem_kind(code);

	return k ? k->label : NULL;
}

enum problem_effect
problem_effect(const char *code)
{
	const struct problem_kind *k = problem_kind(code);

	return k ? k->effect : PROBLEM_BLOCKS;
}
