/* fuzz_common.h — helpers for the fuzz targets that load files: a private
 * temporary directory made once, and the include guard.  Header-only so
 * each target stays one file plus the project's library. */
#ifndef FUZZ_COMMON_H
#define FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char fuzz_dir[4096];

static inline void
fuzz_cleanup(void)
{
	char cmd[4200];

	if (fuzz_dir[0] != '\0') {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", fuzz_dir);
		if (system(cmd) != 0)
			fprintf(stderr, "fuzz: could not remove %s\n", fuzz_dir);
	}
}

/* Makes fuzz_dir once; aborts when it cannot (nothing to fuzz then). */
static inline void
fuzz_mkdir(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(fuzz_dir, sizeof fuzz_dir, "%s/intake-fuzz.XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	if (mkdtemp(fuzz_dir) == NULL) {
		perror(fuzz_dir);
		abort();
	}
	atexit(fuzz_cleanup);
}

/* Writes data to path; 0 or -1. */
static inline int
fuzz_write(const char *path, const uint8_t *data, size_t size)
{
	FILE *fp = fopen(path, "wb");

	if (fp == NULL)
		return -1;
	if (size > 0 && fwrite(data, 1, size, fp) != size) {
		fclose(fp);
		return -1;
	}
	return fclose(fp) == 0 ? 0 : -1;
}

/* 1 when needle occurs in data (memmem is a GNU extension). */
static inline int
fuzz_has(const uint8_t *data, size_t size, const char *needle)
{
	size_t i, n = strlen(needle);

	for (i = 0; i + n <= size; i++)
		if (memcmp(data + i, needle, n) == 0)
			return 1;
	return 0;
}

/* Configuration files are written by the administrator, not by mail:
 * an @include of any file on the system (/dev/zero, a FIFO) is theirs to
 * make.  Inputs that include anything outside the directory are not
 * interesting here and are skipped. */
static inline int
fuzz_include_outside(const uint8_t *data, size_t size)
{
	const char *inc = "@include";
	size_t i, j;

	for (i = 0; i + 8 <= size; i++) {
		if (memcmp(data + i, inc, 8) != 0)
			continue;
		for (j = i + 8; j < size && data[j] != '\n'; j++)
			if (data[j] == '/' || data[j] == '\\' ||
			    (data[j] == '.' && j + 1 < size &&
			    data[j + 1] == '.'))
				return 1;
	}
	return 0;
}

#endif
