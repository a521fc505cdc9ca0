/*
 * test_recognize.c — the reading module (parsers/recognize.h) on images
 * and PDFs rendered by tests/fixtures/make-recog.py: an ID card
 * photographed upright, sideways, blurred, dark and tiny; a contract as a
 * scan and as a PDF with a text layer (read without OCR); a picture with
 * no text; bytes that are no image.  And the person found in OCR-like
 * text: numbers split by spaces, letters read for digits, wrong check
 * characters, names with labels run into them.
 */
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "recognize.h"
#include "util.h"
#include "unit.h"

#define CARD_ID		"11010519491231002X"
#define CARD_NAME	"张三"

static char dir[64];

static char *
fixture(const char *name, size_t *len)
{
	char *p = xasprintf("%s/%s", dir, name);
	char *b = read_file(p, len);

	if (b == NULL)
		printf("# cannot read %s\n", p);
	free(p);
	return b;
}

static void
text_cases(void)
{
	static const struct {
		const char *text, *id;
	} ids[] = {
		{ "公民身份号码 11010519491231002X", CARD_ID },
		{ "公民身份号码\n\n110105 19491231 002X\n", CARD_ID },
		{ "号码 11O1O519491231OO2x", CARD_ID },	/* O for 0 */
		{ "１１０１０５１９４９１２３１００２Ｘ", CARD_ID },
		{ "11010519491231002X7", CARD_ID },	/* a digit ran on */
		{ "911010519491231002X", CARD_ID },	/* one before it */
		{ "110105194912310021", "" },	/* wrong check character */
		{ "11010519491231002", "" },	/* 17 characters */
		{ "1101051949123X002X", "" },	/* X inside */
		{ "出生 1949 年 12 月 31 日 住址 北京", "" },
		{ "", "" },
	};
	static const struct {
		const char *text, *name;
	} names[] = {
		{ "姓名 张三\n性别 男", "张三" },
		{ "姓名\n\n张三\n\n性别\n\n男", "张三" },
		{ "姓名：王小明 性别 男", "王小明" },
		{ "姓 名 欧阳娜娜", "欧阳娜娜" },
		{ "姓名 张 三 性别 男", "张三" },	/* OCR spaced it */
		{ "姓名 李四性别男", "李四" },	/* label ran into it */
		{ "姓名\n\n5 王\n", NULL },	/* garbled: nothing */
		{ "姓名 A", NULL },
		{ "性别 男 民族 汉", NULL },
		{ "姓名 张", NULL },		/* one character */
	};
	char out[19];
	size_t i;

	for (i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		int got = recog_find_id(ids[i].text, out);

		CHECK_STR(out, ids[i].id, "find_id: \"%s\"", ids[i].text);
		CHECK_INT(got, ids[i].id[0] != '\0', "find_id returns found");
	}
	CHECK(recog_find_id(NULL, out) == 0 && out[0] == '\0',
	    "find_id: NULL text");
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		char *n = recog_find_name(names[i].text);

		CHECK_STR(n, names[i].name, "find_name: \"%s\"", names[i].text);
		free(n);
	}
	CHECK(recog_find_name(NULL) == NULL, "find_name: NULL text");
	CHECK(recog_wants("image/jpeg") && recog_wants("image/png") &&
	    recog_wants("application/pdf") && recog_wants("image/tiff"),
	    "wants images and PDFs");
	CHECK(!recog_wants("image/heic") && !recog_wants("application/zip") &&
	    !recog_wants(NULL), "not HEIC, archives or nothing");
}

static void
quality_cases(void)
{
	struct recog_quality sharp, blur, dark, tiny, none, shaken[2];
	static const char *const shakes[2] = { "idcard-shaken.jpg",
	    "idcard-shaken-45.jpg" };
	int i;
	char *b;
	size_t len;

	b = fixture("idcard.jpg", &len);
	CHECK_INT(recog_quality(b, len, &sharp), 0, "quality: sharp card");
	free(b);
	b = fixture("idcard-blurred.jpg", &len);
	CHECK_INT(recog_quality(b, len, &blur), 0, "quality: blurred card");
	free(b);
	b = fixture("idcard-dark.jpg", &len);
	CHECK_INT(recog_quality(b, len, &dark), 0, "quality: dark card");
	free(b);
	b = fixture("tiny.jpg", &len);
	CHECK_INT(recog_quality(b, len, &tiny), 0, "quality: tiny card");
	free(b);
	CHECK(sharp.measured && sharp.width == 2112 && sharp.height == 1480,
	    "size in pixels (%dx%d)", sharp.width, sharp.height);
	CHECK(sharp.sharpness > 20 * blur.sharpness,
	    "blur lowers sharpness (%.1f vs %.1f)", sharp.sharpness,
	    blur.sharpness);
	CHECK(dark.brightness < 40 && sharp.brightness > 120,
	    "brightness (%.0f dark, %.0f lit)", dark.brightness,
	    sharp.brightness);
	CHECK(dark.contrast < sharp.contrast / 4,
	    "contrast (%.1f dark, %.1f lit)", dark.contrast, sharp.contrast);
	CHECK(tiny.width == 240, "tiny's width (%d)", tiny.width);
	/* A hand that moved: smeared one way, crisp across it. */
	CHECK(sharp.steadiness > 0.5 && sharp.weakest > 40,
	    "sharp card: alike every way (steadiness %.2f, weakest %.1f)",
	    sharp.steadiness, sharp.weakest);
	for (i = 0; i < 2; i++) {
		b = fixture(shakes[i], &len);
		CHECK_INT(recog_quality(b, len, &shaken[i]), 0, "quality: %s",
		    shakes[i]);
		free(b);
		CHECK(shaken[i].steadiness < 0.35 && shaken[i].weakest < 10 &&
		    shaken[i].weakest < sharp.weakest / 10,
		    "%s: one direction smeared (steadiness %.2f, weakest "
		    "%.1f)", shakes[i], shaken[i].steadiness,
		    shaken[i].weakest);
	}
	CHECK(blur.steadiness > shaken[0].steadiness &&
	    blur.steadiness > shaken[1].steadiness,
	    "focus blur is alike every way, a shake is not (%.2f; %.2f, "
	    "%.2f)", blur.steadiness, shaken[0].steadiness,
	    shaken[1].steadiness);
	b = fixture("notimage.jpg", &len);
	CHECK_INT(recog_quality(b, len, &none), -1, "quality: not an image");
	CHECK_INT(none.measured, 0, "quality: nothing measured");
	free(b);
}

/* Reads a fixture; the result is the caller's to free. */
static int
read_fixture(struct recog *r, const char *name, const char *mime,
    struct recog_result *res, char **err)
{
	size_t len;
	char *b = fixture(name, &len);
	int rc;

	*err = NULL;
	rc = recog_read(r, b, len, mime, res, err);
	free(b);
	return rc;
}

static void
read_cases(struct recog *r)
{
	struct recog_result res;
	char *err;

	CHECK_INT(read_fixture(r, "idcard.jpg", "image/jpeg", &res, &err), 0,
	    "card: read");
	CHECK_STR(res.id_number, CARD_ID, "card: ID number");
	CHECK_STR(res.name, CARD_NAME, "card: name");
	CHECK(res.n_pages == 1 && res.pages[0].by_ocr && res.used_ocr,
	    "card: one page, by OCR");
	CHECK(strstr(res.pages[0].text, "公民身份号码") != NULL,
	    "card: the label read");
	CHECK_INT(res.rotation, 0, "card: upright");
	CHECK(res.quality.measured, "card: measured");
	recog_result_free(&res);

	CHECK_INT(read_fixture(r, "idcard-sideways.jpg", "image/jpeg", &res,
	    &err), 0, "sideways card: read");
	CHECK_STR(res.id_number, CARD_ID, "sideways card: ID number");
	CHECK(res.rotation == 90 || res.rotation == 270,
	    "sideways card: turned a quarter (%d)", res.rotation);
	recog_result_free(&res);

	/* a number is right or absent, never a misread one */
	CHECK_INT(read_fixture(r, "idcard-blurred.jpg", "image/jpeg", &res,
	    &err), 0, "blurred card: read");
	CHECK(res.id_number[0] == '\0' || strcmp(res.id_number, CARD_ID) == 0,
	    "blurred card: no wrong number (\"%s\")",
	    res.id_number[0] ? "a number" : "");
	recog_result_free(&res);

	CHECK_INT(read_fixture(r, "contract-text.pdf", "application/pdf", &res,
	    &err), 0, "text PDF: read");
	CHECK(res.n_pages == 1 && !res.pages[0].by_ocr && !res.used_ocr,
	    "text PDF: its text layer, no OCR");
	CHECK(res.n_pages == 1 && strstr(res.pages[0].text, "劳动合同书"),
	    "text PDF: the title");
	CHECK_STR(res.id_number, CARD_ID, "text PDF: ID number");
	CHECK_STR(res.name, CARD_NAME, "text PDF: name");
	CHECK_INT(res.quality.measured, 0, "text PDF: no image measured");
	recog_result_free(&res);

	CHECK_INT(read_fixture(r, "contract-scan.pdf", "application/pdf", &res,
	    &err), 0, "scanned PDF: read");
	CHECK(res.n_pages == 1 && res.pages[0].by_ocr && res.used_ocr,
	    "scanned PDF: by OCR");
	CHECK(res.n_pages == 1 && strstr(res.pages[0].text, "劳动合同"),
	    "scanned PDF: the title");
	CHECK_STR(res.id_number, CARD_ID, "scanned PDF: ID number");
	CHECK_INT(res.quality.measured, 0,
	    "scanned PDF: not measured (rendered by us, not photographed)");
	recog_result_free(&res);

	CHECK_INT(read_fixture(r, "noise.png", "image/png", &res, &err), 0,
	    "no text: read");
	CHECK(res.id_number[0] == '\0' && res.name == NULL,
	    "no text: nobody found");
	recog_result_free(&res);

	CHECK_INT(read_fixture(r, "logo.png", "image/png", &res, &err), 1,
	    "a 90 px logo: not a scan, not read");
	CHECK(res.n_pages == 0 && !res.used_ocr && res.icon,
	    "a logo: nothing read");
	CHECK(res.quality.measured && res.quality.width == 90 &&
	    res.quality.height == 40, "a logo: measured (%dx%d): a tiny "
	    "screenshot is still told it is no full screen",
	    res.quality.width, res.quality.height);
	recog_result_free(&res);

	CHECK_INT(read_fixture(r, "notimage.jpg", "image/jpeg", &res, &err),
	    -1, "not an image: an error");
	CHECK(err != NULL, "not an image: says why");
	free(err);
	recog_result_free(&res);

	CHECK_INT(read_fixture(r, "notimage.jpg", "application/pdf", &res,
	    &err), -1, "not a PDF: an error");
	CHECK(err != NULL, "not a PDF: says why");
	free(err);
	recog_result_free(&res);
}

int
main(void)
{
	const char *tests = getenv("TESTS_DIR") ? getenv("TESTS_DIR") :
	    "tests";
	struct recog *r;
	char *cmd, *err = NULL;

	setlocale(LC_ALL, "C.UTF-8");
	text_cases();
	snprintf(dir, sizeof dir, "/tmp/test_recognize.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	cmd = xasprintf("/usr/bin/python3 %s/fixtures/make-recog.py %s "
	    ">/dev/null", tests, dir);
	CHECK(system(cmd) == 0, "fixture maker runs");
	free(cmd);
	quality_cases();

	CHECK(recog_open("no_such_language", &err) == NULL && err != NULL,
	    "missing models: an error");
	free(err);
	unsetenv("OMP_THREAD_LIMIT");
	r = recog_open(NULL, &err);
	CHECK(r != NULL, "models load (%s)", err ? err : "ok");
	CHECK_STR(getenv("OMP_THREAD_LIMIT"), "1", "one thread per reader");
	if (r != NULL)
		read_cases(r);
	recog_close(r);

	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
	return UNIT_DONE();
}
