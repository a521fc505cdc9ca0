/* fuzz_cfg.c — cfg_load() on an arbitrary configuration file. */
#include "fuzz_common.h"

#include "cfg.h"

static char conf[4200];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	fuzz_mkdir();
	snprintf(conf, sizeof conf, "%s/intake.conf", fuzz_dir);
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct diag d = { 0 };
	struct cfg *c;

	if (fuzz_include_outside(data, size))
		return 0;
	if (fuzz_write(conf, data, size) != 0)
		abort();
	if ((c = cfg_load(conf, &d)) != NULL)
		cfg_free(c);
	diag_free(&d);
	return 0;
}
