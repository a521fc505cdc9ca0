/*
 * utf8.h — the one UTF-8 decoder and encoder every module uses.
 *
 * Well-formed means RFC 3629: no overlong forms, no surrogates, nothing
 * above U+10FFFF.  Nothing here allocates except utf8_put (into the
 * caller's buf).
 */
#ifndef INTAKE_UTF8_H
#define INTAKE_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "util.h"

/* Length (1-4) of the well-formed sequence at s, reading at most n bytes,
 * with its code point in *cp; 0 when n is 0 or the bytes are not one.  It
 * stops at the first byte that is not a continuation, so on a
 * NUL-terminated string any n >= 4 never reads past the NUL. */
size_t	 utf8_seq(const char *s, size_t n, uint32_t *cp);
/* For NUL-terminated text: the next character's length, 0 at the NUL; a
 * byte that starts no well-formed sequence is one character U+FFFD. */
size_t	 utf8_next(const char *s, uint32_t *cp);
/* utf8_next's length alone. */
size_t	 utf8_len(const char *s);
/* Appends cp; NUL, surrogates and values above U+10FFFF as U+FFFD. */
void	 utf8_put(struct buf *, uint32_t cp);
/* 1 when all n bytes are well-formed UTF-8. */
int	 utf8_valid(const char *, size_t);
/* Terminal columns: East Asian wide characters count 2. */
size_t	 utf8_width(const char *);
size_t	 utf8_width_of(uint32_t cp);
/* How many of the left bytes at s to take, at most max, without
 * splitting a character (max when a single character is longer). */
size_t	 utf8_prefix(const char *s, size_t left, size_t max);

#endif
