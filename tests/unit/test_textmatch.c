/* test_textmatch.c — the tolerant word finder on text as Tesseract gives
 * it: spaces between Han characters, a character dropped, one confused
 * with a look-alike, words broken over lines; and what must NOT count
 * (two confusions in a four-character word, a near word of two). */
#include <stdlib.h>

#include "textmatch.h"
#include "unit.h"

/* An ID card's front as OCR of a phone photo reads it. */
static const char card[] =
    "姓 名 张 三\n性 别 男  民 族 汉\n出 生 1990 年 1 月 1 日\n"
    "住 址 上 海 市 闵 行 区 莘 庄 镇\n某 某 路 100 号\n"
    "公 民 身 份 号 吗 310101199001011234\n";

static const struct {
	const char	*text, *word;
	double		 ratio;
	size_t		 want;		/* characters right; 0: not found */
	const char	*what;
} cases[] = {
	{ card, "姓名", 0.7, 2, "spaces between characters are ignored" },
	{ card, "公民身份号码", 0.7, 5, "one confused character (码→吗) of six" },
	{ "中华人民共和国\n居民身分证", "居民身份证", 0.7, 4,
	    "a look-alike (份→分) in five" },
	{ "签发机 上海市公安局", "签发机关", 0.7, 3, "the last character dropped" },
	{ "有效期限 2020.01.01-2040.01.01", "有效期限", 0.7, 4, "exact" },
	{ "劳 动 合 同 书\n甲 方", "劳动合同书", 0.7, 5, "exact, spaced" },
	{ "劳动合\n同书", "劳动合同书", 0.7, 5, "broken over two lines" },
	{ "学历证书", "学位证书", 0.7, 3,
	    "one edit in four counts (the better word must win elsewhere)" },
	{ "毕业证书", "学位证书", 0.7, 0, "two edits in four do not count" },
	{ "甲万 乙方", "甲方", 0.7, 0, "a two-character word must be exact" },
	{ "乙方", "甲方", 0.5, 1, "at ratio 0.5 one of two is enough: the schema decides" },
	{ "统一社会信用代码 91310000MA1FL0XX1X", "统一社会信用代码", 0.7, 8,
	    "eight characters exact" },
	{ "统一社合信用代玛", "统一社会信用代码", 0.7, 6,
	    "two confusions in eight count" },
	{ "统一社合信周代玛", "统一社会信用代码", 0.7, 0,
	    "three in eight do not" },
	{ "ＩＤ　ＣＡＲＤ", "id card", 0.7, 6,
	    "full-width forms and case are folded" },
	{ "", "身份证", 0.7, 0, "nothing in empty text" },
	{ NULL, "身份证", 0.7, 0, "nothing in no text" },
	{ "收据 金额 合计 ￥120.00", "营业执照", 0.7, 0, "a receipt shows no licence" },
};

int
main(void)
{
	size_t i, n;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct textmatch_text *t = textmatch_prepare(cases[i].text);

		CHECK_INT(textmatch_found(t, cases[i].word, cases[i].ratio),
		    cases[i].want, "%s", cases[i].what);
		textmatch_free(t);
	}
	{
		struct textmatch_text *t = textmatch_prepare(card);

		CHECK_INT(textmatch_distance(t, "公民身份号码", &n), 1,
		    "distance: one edit");
		CHECK_INT(n, 6, "the word's length in characters");
		CHECK_INT(textmatch_distance(t, "", &n), 0,
		    "an empty word is 0 edits away");
		CHECK_INT(textmatch_found(t, "", 0.7), 0,
		    "but is never found");
		CHECK_INT(textmatch_distance(t, "营业执照", NULL), 4,
		    "a word absent: every character an edit");
		textmatch_free(t);
	}
	return UNIT_DONE();
}
