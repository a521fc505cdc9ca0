/*
 * test_preview.c — the console's previews of real files made by
 * tests/fixtures/make-archives.py (a PDF, a HEIC photo by heif-enc), each
 * rendered in the confined child: a PNG comes back with the page's or the
 * photo's proportions; damaged bytes, a hanging renderer and a type
 * without a preview each fail with a reason, and the caller carries on.
 */
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "preview.h"
#include "unit.h"
#include "util.h"

static char dir[64];

static char *
fixture(const char *name, size_t *len)
{
	char *path = xasprintf("%s/%s", dir, name), *b;

	if ((b = read_file(path, len)) == NULL) {
		printf("# cannot read %s\n", path);
		*len = 0;
	}
	free(path);
	return b;
}

static uint32_t
be32(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 |
	    (uint32_t)u[2] << 8 | u[3];
}

/* A PNG's size from its IHDR (the first chunk, by the standard). */
static int
png_size(const char *p, size_t n, uint32_t *w, uint32_t *h)
{
	if (n < 24 || memcmp(p, "\x89PNG\r\n\x1a\n", 8) != 0 ||
	    memcmp(p + 12, "IHDR", 4) != 0)
		return -1;
	*w = be32(p + 16);
	*h = be32(p + 20);
	return 0;
}

int
main(void)
{
	const char *tests = getenv("TESTS_DIR") ? getenv("TESTS_DIR") :
	    "tests";
	struct worker_ceilings quick = { 256, 2 };
	char *cmd, *b, *png = NULL, *err = NULL;
	size_t len, n;
	uint32_t w = 0, h = 0;

	setlocale(LC_ALL, "C.UTF-8");
	CHECK(preview_how("image/jpeg") == PREVIEW_AS_IS, "JPEG as it is");
	CHECK(preview_how("image/png") == PREVIEW_AS_IS, "PNG as it is");
	CHECK(preview_how("application/pdf") == PREVIEW_RENDER, "PDF rendered");
	CHECK(preview_how("image/heic") == PREVIEW_RENDER, "HEIC rendered");
	CHECK(preview_how("application/zip") == PREVIEW_NONE, "zip: none");
	CHECK(preview_how(NULL) == PREVIEW_NONE, "no type: none");

	snprintf(dir, sizeof dir, "/tmp/test_preview.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	cmd = xasprintf("/usr/bin/python3 %s/fixtures/make-archives.py %s",
	    tests, dir);
	CHECK(system(cmd) == 0, "fixture generator runs");
	free(cmd);

	/* The fixture's PDF page is 200 pt square: enlarged twice at most. */
	b = fixture("doc.pdf", &len);
	CHECK(preview_render(b, len, "application/pdf", 800, NULL, &png, &n,
	    &err) == 0, "PDF rendered (%s)", err ? err : "");
	CHECK(png_size(png, n, &w, &h) == 0, "a PNG came back (%zu bytes)", n);
	CHECK(w == 400 && h == 400, "first page at twice its size "
	    "(%ux%u)", w, h);
	free(png);
	free(err);
	err = NULL;

	/* Damaged: the first half of the PDF only. */
	CHECK(preview_render(b, 40, "application/pdf", 800, NULL, &png, &n,
	    &err) == -1 && png == NULL && err != NULL,
	    "a damaged PDF fails with a reason (%s)", err ? err : "");
	free(err);
	err = NULL;

	/* A renderer that hangs is killed at the time ceiling. */
	setenv("INTAKE_TEST_FAULT", "hang:preview", 1);
	CHECK(preview_render(b, len, "application/pdf", 800, &quick, &png, &n,
	    &err) == -1 && err && strstr(err, "longer than 2 s"),
	    "a hanging renderer is killed (%s)", err ? err : "");
	unsetenv("INTAKE_TEST_FAULT");
	free(err);
	err = NULL;

	/* The jail: a renderer that tries to fork, create a file or open a
	 * socket is refused each time and goes on to render (valgrind has
	 * no seccomp: there the jail is the kernel's Landlock alone). */
	if (getenv("VALGRIND") == NULL || strcmp(getenv("VALGRIND"), "1")) {
		char *probe = xasprintf("%s/probe", dir);

		setenv("INTAKE_TEST_FAULT", "escape:preview", 1);
		setenv("INTAKE_TEST_PROBE", probe, 1);
		CHECK(preview_render(b, len, "application/pdf", 800, NULL, &png,
		    &n, &err) == 0 && access(probe, F_OK) != 0,
		    "no fork, no file, no socket in the renderer (%s)",
		    err ? err : "refused");
		unsetenv("INTAKE_TEST_FAULT");
		unsetenv("INTAKE_TEST_PROBE");
		free(png);
		free(err);
		err = NULL;
		free(probe);
	}

	/* Fitted down: the page into 100 pixels. */
	CHECK(preview_render(b, len, "application/pdf", 100, NULL, &png, &n,
	    &err) == 0 && png_size(png, n, &w, &h) == 0 && w == 100 &&
	    h == 100, "a page fitted into 100 px (%ux%u)", w, h);
	free(png);
	free(err);
	err = NULL;
	free(b);

	/* photo.heic: heif-enc of the 16×16 photo.png. */
	b = fixture("photo.heic", &len);
	CHECK(preview_render(b, len, "image/heic", 800, NULL, &png, &n,
	    &err) == 0, "HEIC rendered (%s)", err ? err : "");
	CHECK(png_size(png, n, &w, &h) == 0 && w == 16 && h == 16,
	    "HEIC as PNG at its own size (%ux%u)", w, h);
	free(png);
	free(err);
	err = NULL;
	CHECK(preview_render(b, len, "image/heic", 8, NULL, &png, &n,
	    &err) == 0 && png_size(png, n, &w, &h) == 0 && w == 8 && h == 8,
	    "a HEIC photo scaled down by libheif (%ux%u)", w, h);
	free(png);
	free(err);
	err = NULL;
	CHECK(preview_render(b, len / 2, "image/heic", 800, NULL, &png, &n,
	    &err) == -1 && err != NULL, "a cut HEIC fails with a reason (%s)",
	    err ? err : "");
	free(err);
	err = NULL;
	free(b);

	CHECK(preview_render("PK\3\4", 4, "application/zip", 800, NULL, &png,
	    &n, &err) == -1 && err != NULL, "no preview of a zip");
	free(err);

	cmd = xasprintf("rm -rf %s", dir);
	if (system(cmd) != 0)
		printf("# could not remove %s\n", dir);
	free(cmd);
	return UNIT_DONE();
}
