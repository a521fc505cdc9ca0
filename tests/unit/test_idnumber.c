/* test_idnumber.c — GB 11643-1999 check, masks, normalisation.  The valid
 * numbers below were computed by hand with the MOD 11-2 weights. */
#include <stdlib.h>
#include <time.h>

#include "idnumber.h"
#include "unit.h"

/* 2026-03-15 12:00 local time */
static time_t
fixed_now(void)
{
	struct tm tm = { 0 };

	tm.tm_year = 2026 - 1900;
	tm.tm_mon = 2;
	tm.tm_mday = 15;
	tm.tm_hour = 12;
	tm.tm_isdst = -1;
	return mktime(&tm);
}

static void
check_id(const char *id, int want, const char *reason, const char *what)
{
	char *why = (char *)"untouched";
	int r = idnumber_check_at(id, fixed_now(), &why);

	CHECK_INT(r, want, "%s: %s", what, id ? id : "(null)");
	if (want)
		CHECK(why == NULL, "%s: no reason when valid", what);
	else
		CHECK(why != NULL && strstr(why, reason) != NULL,
		    "%s: reason mentions \"%s\" (got \"%s\")", what, reason,
		    why ? why : "(null)");
	if (!want)
		free(why);
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
	static const char *const valid[] = { "11010519491231002X",
	    "310101199001011234", "440106200002290016",	/* leap day */
	    "310115198506153215", "310104199203145678", "510108197512312349",
	    "310101200001010018", "11010519491231002x" };
	size_t i;

	for (i = 0; i < sizeof valid / sizeof valid[0]; i++)
		check_id(valid[i], 1, NULL, "valid");
	CHECK_INT(idnumber_check_char("11010519491231002"), 'X',
	    "check char X");
	CHECK_INT(idnumber_check_char("31010119900101123"), '4',
	    "check char 4");
	CHECK_INT(idnumber_check_char("3101011990010112"), 0,
	    "check char: 16 digits is none");
	CHECK_INT(idnumber_check_char("3101011990010112a"), 0,
	    "check char: a letter is none");

	check_id("310101199001011235", 0, "校验位不符", "wrong check digit");
	check_id("110105194912310021", 0, "校验位不符", "digit for X");
	check_id("310101199001011243", 0, "校验位不符", "swapped digits");
	check_id("310101199002301234", 0, "出生日期“19900230”不存在",
	    "30 February");
	check_id("310101190002291234", 0, "出生日期“19000229”不存在",
	    "1900 is no leap year");
	check_id("310101199013011234", 0, "“19901301”不存在", "month 13");
	check_id("310101199000011234", 0, "不存在", "month 00");
	check_id("310101199001001234", 0, "不存在", "day 00");
	check_id("310101189912311234", 0, "不存在", "before 1900");
	check_id("310101202603161234", 0, "晚于今天", "tomorrow");
	check_id("310101209901011234", 0, "晚于今天", "far future");
	check_id("990101199001011234", 0, "地区码“990101”不存在",
	    "unknown province");
	check_id("31010119900101123", 0, "应为18位，实际为17位", "17 digits");
	check_id("3101011990010112345", 0, "实际为19位", "19 digits");
	check_id("310101900101123", 0, "15位旧号码", "old 15-digit number");
	check_id("31010119900101123Y", 0, "最后一位应为数字或X", "Y at the end");
	check_id("3101011990O1011234", 0, "前17位应全为数字", "letter O");
	check_id("310101 19900101123", 0, "前17位应全为数字",
	    "inner space (normalize first)");
	check_id("３１０１０１１９９００１０１１２３４", 0, "前17位应全为数字",
	    "full-width digits (normalize first)");
	check_id("", 0, "没有填写", "empty");
	check_id(NULL, 0, "没有填写", "NULL");
	CHECK_INT(idnumber_check("310101199001011234", NULL), 1,
	    "idnumber_check: today, why NULL");
	CHECK_INT(idnumber_check("310101199001011235", NULL), 0,
	    "idnumber_check: invalid, why NULL");

	/* masks */
	str_case(idnumber_mask("31010119900101123X"), "310101********123X",
	    "mask: 18 characters");
	str_case(idnumber_mask("310101199001011234"), "310101********1234",
	    "mask: digits");
	str_case(idnumber_mask("310101900101123"), "310101*****1123",
	    "mask: 15 characters");
	str_case(idnumber_mask("1234567890"), "**********", "mask: short");
	str_case(idnumber_mask(""), "", "mask: empty");
	str_case(idnumber_mask("张三"), "****", "mask: not ASCII");
	CHECK(idnumber_mask(NULL) == NULL, "mask: NULL");

	/* normalize */
	str_case(idnumber_normalize(" 31010119900101123x "),
	    "31010119900101123X", "normalize: trim, x");
	str_case(idnumber_normalize("３１０１０１１９９００１０１１２３Ｘ"),
	    "31010119900101123X", "normalize: full-width");
	str_case(idnumber_normalize("310101 1990 0101 123ｘ"),
	    "31010119900101123X", "normalize: inner spaces, full-width x");
	str_case(idnumber_normalize("　310101199001011234\r\n"),
	    "310101199001011234", "normalize: U+3000 and CRLF");
	str_case(idnumber_normalize("3101-01"), "3101-01",
	    "normalize: other characters kept");
	CHECK(idnumber_normalize(NULL) == NULL, "normalize: NULL");
	{
		char *n = idnumber_normalize("３１０１０１１９９００１０１１２３４");
		CHECK_INT(idnumber_check(n, NULL), 1,
		    "normalize then check: valid");
		free(n);
	}
	return UNIT_DONE();
}
