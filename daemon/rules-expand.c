/*
 * rules-expand.c — rules_expand: a reply template with its placeholders filled.
 * See rules.h.
 */
#include <stdlib.h>
#include <string.h>

#include "rules-impl.h"
#include "util.h"


char *
rules_expand(const char *tpl, const char *const *keys,
    const char *const *values, size_t n)
{
	struct buf b = { 0 };
	const char *p = tpl, *q;
	size_t i;

	buf_adds(&b, "");
	while (*p) {
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' &&
		    p[1] == '}')) {
			buf_add(&b, p, 1);
			p += 2;
			continue;
		}
		if (*p == '{' && (q = strchr(p + 1, '}')) != NULL) {
			size_t l = (size_t)(q - p - 1);
			for (i = 0; i < n; i++)
				if (strlen(keys[i]) == l &&
				    memcmp(keys[i], p + 1, l) == 0)
					break;
			if (i < n) {
				if (values[i])
					buf_adds(&b, values[i]);
				p = q + 1;
				continue;
			}
		}
		buf_add(&b, p, 1);
		p++;
	}
	return buf_take(&b);
}

