/* fuzz_unpack.c — unpack_archive() with the default limits on arbitrary
 * bytes (every format libarchive reads, nested archives included). */
#include <locale.h>
#include <stdint.h>
#include <string.h>

#include "unpack.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc; (void)argv;
	/* As cmd_init does: libarchive converts names by the locale. */
	setlocale(LC_ALL, "C.UTF-8");
	return 0;
}

/* Where the bytes read go, so that reading them is not optimised away. */
volatile size_t fuzz_sink;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct unpack_limits lim = UNPACK_LIMITS_DEFAULT;
	struct unpack_result *r;
	uint64_t budget = 0;
	size_t n = 0;
	size_t i;

	r = unpack_archive(data, size, &lim, &budget);
	n += r->format != NULL ? strlen(r->format) : 0;
	n += r->detail != NULL ? strlen(r->detail) : 0;
	for (i = 0; i < r->n_members; i++) {
		n += strlen(r->members[i].path) + strlen(r->members[i].name);
		if (r->members[i].len > 0)
			n += r->members[i].data[r->members[i].len - 1];
	}
	(void)unpack_status_code(r->status);
	fuzz_sink = n;
	unpack_result_free(r);
	return 0;
}
