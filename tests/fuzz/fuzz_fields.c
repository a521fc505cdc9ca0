/* fuzz_fields.c — the body-field reader on arbitrary text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"

static const char *const labels[] = { "姓名", "申请人姓名", "电话", "Tel",
	"身份证" };

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fields f;
	char *s;

	if ((s = malloc(size + 1)) == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	fields_read(s, &f);
	fields_free(&f);
	free(fields_labeled(s, labels, sizeof labels / sizeof labels[0]));
	free(fields_phone(s));
	free(fields_id_number(s));
	free(s);
	return 0;
}
