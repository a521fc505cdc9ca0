/* fuzz_subject.c — subject_parse() under every convention (dash, brackets
 * in both field orders, compact with a small registry, free), and the
 * helpers it is built from, on arbitrary bytes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "subject.h"

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

static const char *const shorts[] = { "平安人寿", "平安", "携程", "携程旅行",
	"A" };

static const struct subject_spec specs[] = {
	{ SUBJECT_DASH, { 0 }, 0, kws, NKW, NULL, 0 },
	{ SUBJECT_BRACKETS, { SUBJECT_F_COMPANY, SUBJECT_F_NAME, SUBJECT_F_ID,
	    SUBJECT_F_BUSINESS }, 4, kws, NKW, NULL, 0 },
	{ SUBJECT_BRACKETS, { SUBJECT_F_BUSINESS, SUBJECT_F_COMPANY,
	    SUBJECT_F_NAME, SUBJECT_F_ID }, 4, kws, NKW, NULL, 0 },
	{ SUBJECT_COMPACT, { 0 }, 0, kws, NKW, shorts,
	    sizeof shorts / sizeof shorts[0] },
	{ SUBJECT_COMPACT, { 0 }, 0, kws, NKW, NULL, 0 },
	{ SUBJECT_FREE, { 0 }, 0, NULL, 0, NULL, 0 },
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct subject_parse p;
	char *s, *t;
	size_t i;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	for (i = 0; i < sizeof specs / sizeof specs[0]; i++) {
		subject_parse(s, &specs[i], &p);
		subject_parse_free(&p);
	}
	/* Jing'an reads file names like subjects. */
	t = subject_strip_ext_index(s);
	subject_parse(t, &specs[3], &p);
	subject_parse_free(&p);
	free(t);
	free(subject_strip_prefixes(s));
	free(subject_normalize(s));
	(void)subject_cn_number(s);
	free(s);
	return 0;
}
