/* fuzz_authres.c — authres_judge() (Authentication-Results, RFC 8601) on
 * arbitrary header values: the header is the sender's to write. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "authres.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *failed = NULL;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	(void)authres_judge(s, "mx.example.gov.cn", &failed);
	free(failed);
	(void)authres_judge(s, "mx.example.gov.cn", NULL);
	free(s);
	return 0;
}
