/*
 * test_filetype.c — real files made by tests/fixtures/make-archives.py
 * (cjpeg, heif-enc, Python zipfile, a hand-built OLE2 .doc ...) typed by
 * their bytes, and the Chinese labels replies use.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filetype.h"
#include "unit.h"
#include "util.h"

static char dir[64];

static char *
fixture(const char *name, size_t *len)
{
	char *path, *b;

	path = xasprintf("%s/%s", dir, name);
	b = read_file(path, len);
	if (b == NULL) {
		printf("# cannot read %s\n", path);
		*len = 0;
	}
	free(path);
	return b;
}

static const struct {
	const char	*file;
	const char	*mime;
	const char	*label;
	int		 archive;
	int		 image;
} files[] = {
	{ "photo.jpg", "image/jpeg", "JPG 图片", 0, 1 },
	{ "photo.png", "image/png", "PNG 图片", 0, 1 },
	{ "photo.heic", "image/heic", "HEIC 照片（苹果手机格式）", 0, 1 },
	{ "doc.pdf", "application/pdf", "PDF 文件", 0, 0 },
	/* The name says JPG; the bytes say PDF. */
	{ "pdf-renamed.jpg", "application/pdf", "PDF 文件", 0, 0 },
	{ "word.docx", "application/vnd.openxmlformats-officedocument."
	    "wordprocessingml.document", "Word 文档", 0, 0 },
	{ "word.doc", "application/msword", "Word 文档", 0, 0 },
	{ "empty.jpg", "application/x-empty", "空文件", 0, 0 },
	{ "text.txt", "text/plain", "文本文件", 0, 0 },
	{ "gbk.zip", "application/zip", "ZIP 压缩包", 1, 0 },
	{ "plain.7z", "application/x-7z-compressed", "7z 压缩包", 1, 0 },
	{ "plain.tar", "application/x-ustar", "tar 压缩包", 1, 0 },
	{ "symlink.tar", "application/x-gtar", "tar 压缩包", 1, 0 },
	{ "plain.tar.gz", "application/gzip", "gz 压缩包", 1, 0 },
	{ "garbage.zip", "application/octet-stream", "未知类型的文件", 0, 0 },
};

static const struct {
	const char	*file;
	const char	*mime;
} rars[] = {
	{ "plain5.rar", "application/x-rar" },
	{ "plain4.rar", "application/x-rar" },
};

int
main(void)
{
	const char *tests = getenv("TESTS_DIR") ? getenv("TESTS_DIR") :
	    "tests";
	char *cmd, *t, *b, *t2;
	size_t i, len;
	static const unsigned char zeros[4096];

	setlocale(LC_ALL, "C.UTF-8");
	CHECK(filetype_init() == 0, "filetype_init");
	CHECK(filetype_init() == 0, "filetype_init twice is harmless");

	snprintf(dir, sizeof(dir), "/tmp/test_filetype.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	cmd = xasprintf("/usr/bin/python3 %s/fixtures/make-archives.py %s",
	    tests, dir);
	CHECK(system(cmd) == 0, "fixture generator runs");
	free(cmd);

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		b = fixture(files[i].file, &len);
		t = filetype_of(b, len);
		CHECK_STR(t, files[i].mime, "%s is %s", files[i].file,
		    files[i].mime);
		CHECK_STR(filetype_label(t), files[i].label, "%s label",
		    files[i].file);
		CHECK_INT(filetype_is_archive(t), files[i].archive,
		    "%s is_archive", files[i].file);
		CHECK_INT(filetype_is_image(t), files[i].image,
		    "%s is_image", files[i].file);
		free(t);
		free(b);
	}
	for (i = 0; i < sizeof(rars) / sizeof(rars[0]); i++) {
		char *p = xasprintf("%s/fixtures/rar/%s", tests, rars[i].file);

		b = read_file(p, &len);
		CHECK(b != NULL, "read %s", p);
		t = filetype_of(b, len);
		CHECK_STR(t, rars[i].mime, "%s is %s", rars[i].file,
		    rars[i].mime);
		CHECK_STR(filetype_label(t), "RAR 压缩包", "%s label",
		    rars[i].file);
		CHECK(filetype_is_archive(t), "%s is an archive", rars[i].file);
		free(t);
		free(b);
		free(p);
	}

	/* The returned string is a copy: a later call does not change it. */
	b = fixture("photo.jpg", &len);
	t = filetype_of(b, len);
	t2 = filetype_of("%PDF-1.4\n", 9);
	CHECK_STR(t, "image/jpeg", "first result survives a second call");
	CHECK_STR(t2, "application/pdf", "PDF header alone is a PDF");
	free(t);
	free(t2);
	free(b);

	t = filetype_of(NULL, 0);
	CHECK_STR(t, "application/x-empty", "NULL, 0 is empty");
	free(t);
	t = filetype_of(zeros, sizeof(zeros));
	CHECK(strcmp(t, "application/x-empty") != 0 && !filetype_is_image(t),
	    "4 KB of zeros is not empty and not an image (%s)", t);
	free(t);

	/* Labels without files. */
	CHECK_STR(filetype_label("application/vnd.openxmlformats-"
	    "officedocument.spreadsheetml.sheet"), "Excel 表格", "xlsx label");
	CHECK_STR(filetype_label("application/vnd.ms-excel"), "Excel 表格",
	    "xls label");
	CHECK_STR(filetype_label("application/x-rar"), "RAR 压缩包",
	    "rar label");
	CHECK_STR(filetype_label("image/heif"), "HEIC 照片（苹果手机格式）",
	    "heif label");
	CHECK_STR(filetype_label("application/x-nonsense"), "未知类型的文件",
	    "unknown label");
	CHECK_STR(filetype_label(NULL), "未知类型的文件", "NULL label");
	CHECK_STR(filetype_label("application/octet-stream"), "未知类型的文件",
	    "octet-stream label");
	CHECK(!filetype_is_archive(NULL) && !filetype_is_image(NULL),
	    "NULL is neither archive nor image");
	CHECK(!filetype_is_archive("application/vnd.openxmlformats-"
	    "officedocument.wordprocessingml.document"),
	    "docx (a zip inside) is not an archive to open");

	filetype_done();
	filetype_done();
	cmd = xasprintf("rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
	return UNIT_DONE();
}
