/* b64 — strict base64 decoding of clean MIME parts, four characters a step.
 *
 * b64_decode() decodes [s, s + len) into a new buffer *out (malloc'd, the
 * caller frees it) of *olen bytes and returns 0.  Whitespace (the line
 * ends of RFC 2045) is skipped; anything else that is not base64, '='
 * before the last group or data after it, a cut-off group or non-zero
 * bits under the padding make it return -1 with *out NULL: the caller
 * then takes its lenient path, which reports the damage. */
#ifndef B64_H
#define B64_H

#include <stddef.h>

int	b64_decode(const char *s, size_t len, unsigned char **out,
	    size_t *olen);

#endif
