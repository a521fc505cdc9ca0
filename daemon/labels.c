/* labels.c — see labels.h. */
#include "labels.h"

#include <string.h>

const char *
labels_problem(const char *code)
{
	static const char *const t[][2] = {
		{ "subject-unrecognized", "标题格式不符" },
		{ "business-unknown", "业务不受理" },
		{ "count-mismatch", "人数不符" },
		{ "id-number-invalid", "身份证号有误" },
		{ "no-attachment", "无附件" },
		{ "archive-missing", "缺压缩包" },
		{ "archive-unexpected", "多余压缩包" },
		{ "archive-duplicate", "压缩包重复" },
		{ "archive-unreadable", "压缩包损坏" },
		{ "archive-encrypted", "压缩包加密" },
		{ "archive-unsafe", "压缩包不安全" },
		{ "archive-too-large", "压缩包超限" },
		{ "file-type-not-allowed", "文件类型不符" },
		{ "file-empty", "空文件" },
		{ "item-missing", "缺材料" },
		{ "item-unclassified", "文件名无法识别" },
		{ "file-duplicate", "文件重复" },
		{ "sender-not-registered", "发件地址未登记" },
		{ "sender-unauthenticated", "发件人未通过验证" },
		{ "contact-missing", "未留电话" },
		{ "field-missing", "缺必填信息" },
		{ "duplicate-message", "重复邮件" },
	};
	size_t i;

	for (i = 0; code && i < sizeof t / sizeof t[0]; i++)
		if (strcmp(t[i][0], code) == 0)
			return t[i][1];
	return NULL;
}
