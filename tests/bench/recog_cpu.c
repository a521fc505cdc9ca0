/*
 * recog_cpu.c — the CPU time of one core that the recognition module
 * (parsers/recognize.h) spends per file, the models loaded once before
 * the first as a confined reader does: what `make bench` reports as CPU
 * seconds per image (tests/bench/recognize.py).  Not a test: it prints
 * figures and asserts nothing.
 *
 *   recog-cpu FILE...
 *
 * One JSON object per line and file: file, cpu (seconds of this
 * process's CPU clock for recog_read), used_ocr, rotation, id_number and
 * name (what was read: the bench compares them with the corpus's truth),
 * and the quality measures.  First a line {"open": seconds} for loading
 * the models.  Exit 1 when the models cannot be loaded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <jansson.h>

#include "filetype.h"
#include "recognize.h"
#include "util.h"

static double
cpu_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
		return 0;
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Prints obj as one JSON line and frees it. */
static void
put(json_t *obj)
{
	char *s = json_dumps(obj, JSON_COMPACT);

	if (s != NULL) {
		puts(s);
		free(s);
	}
	json_decref(obj);
}

static void
read_one(struct recog *rg, const char *path)
{
	struct recog_result r = { 0 };
	char *mime = NULL, *err = NULL;
	size_t len;
	double t0, t1;
	void *data;
	int rc;

	if ((data = read_file(path, &len)) == NULL) {
		put(json_pack("{s:s,s:s}", "file", path, "error", "unreadable"));
		return;
	}
	mime = filetype_of(data, len);
	t0 = cpu_now();
	rc = recog_read(rg, data, len, mime, &r, &err);
	t1 = cpu_now();
	put(json_pack("{s:s,s:s,s:f,s:b,s:i,s:s?,s:s?,s:{s:i,s:i,s:f,s:f,s:f,s:f,s:f},s:s?}",
	    "file", path, "type", mime, "cpu", t1 - t0,
	    "used_ocr", r.used_ocr, "rotation", r.rotation,
	    "id_number", r.id_number[0] ? r.id_number : NULL, "name", r.name,
	    "quality", "width", r.quality.width, "height", r.quality.height,
	    "sharpness", r.quality.sharpness, "weakest", r.quality.weakest,
	    "steadiness", r.quality.steadiness,
	    "brightness", r.quality.brightness,
	    "contrast", r.quality.contrast,
	    "error", rc == 0 ? NULL : (err ? err : "failed")));
	recog_result_free(&r);
	free(err);
	free(mime);
	free(data);
}

int
main(int argc, char **argv)
{
	struct recog *rg;
	char *err = NULL;
	double t0;
	int i;

	if (argc < 2) {
		fprintf(stderr, "usage: recog-cpu FILE...\n");
		return 2;
	}
	if (filetype_init() != 0)
		return 1;
	t0 = cpu_now();
	if ((rg = recog_open(NULL, &err)) == NULL) {
		fprintf(stderr, "recog-cpu: %s\n", err ? err : "cannot load the models");
		free(err);
		filetype_done();
		return 1;
	}
	put(json_pack("{s:f}", "open", cpu_now() - t0));
	for (i = 1; i < argc; i++) {
		read_one(rg, argv[i]);
		fflush(stdout);
	}
	recog_close(rg);
	filetype_done();
	return 0;
}
