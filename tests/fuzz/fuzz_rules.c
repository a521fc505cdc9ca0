/* fuzz_rules.c — rules_load() on the shipped schemas plus one arbitrary
 * file in a copy of schemas/ (a private directory, made once): a center
 * profile when the input mentions "businesses" (what every center lists),
 * else a checklist, so that both kinds can load whole. */
#include "fuzz_common.h"

#include "rules.h"

#ifndef FUZZ_SCHEMAS
#define FUZZ_SCHEMAS "schemas"
#endif

static char dir[4200], checklist[4300], center[4300];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char cmd[8600];

	(void)argc; (void)argv;
	fuzz_mkdir();
	snprintf(dir, sizeof dir, "%s/schemas", fuzz_dir);
	snprintf(cmd, sizeof cmd, "cp -R '%s' '%s'", FUZZ_SCHEMAS, dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "fuzz_rules: %s failed\n", cmd);
		abort();
	}
	snprintf(checklist, sizeof checklist, "%s/checklists/fuzz.cfg", dir);
	snprintf(center, sizeof center, "%s/centers/fuzz.cfg", dir);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = { 0 };
	struct rules *r;

	if (fuzz_include_outside(data, size))
		return 0;
	if (fuzz_has(data, size, "businesses")) {
		unlink(checklist);
		if (fuzz_write(center, data, size) != 0)
			abort();
	} else {
		unlink(center);
		if (fuzz_write(checklist, data, size) != 0)
			abort();
	}
	if ((r = rules_load(dir, &d)) != NULL)
		rules_free(r);
	diag_free(&d);
	return 0;
}
