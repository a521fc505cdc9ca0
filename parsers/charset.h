/*
 * charset.h — text to UTF-8.  Everything inside intake is UTF-8; this is the
 * one place other charsets are turned into it.  libetpan decodes encoded
 * words; iconv (glibc) converts what libetpan leaves to us.
 *
 * GB2312, GBK, CP936 and x-gbk labels are read as GB18030, their superset:
 * Chinese mail clients label GBK text "gb2312" all the time.
 *
 * Every function returns a malloc'd NUL-terminated UTF-8 string that the
 * caller frees; none returns NULL.  Bytes that cannot be converted become
 * U+FFFD rather than vanishing, so a bad byte shows where it was.
 */
#ifndef INTAKE_CHARSET_H
#define INTAKE_CHARSET_H

#include <stddef.h>

/* Bytes in the named charset (NULL or unknown: guess, as below). */
char	*charset_to_utf8(const char *charset, const char *in, size_t len);

/* Bytes with no label: UTF-8 if they are valid UTF-8, else GB18030.
 * This is how raw 8-bit headers and file names from Chinese clients read. */
char	*charset_guess_utf8(const char *in, size_t len);

/* An unstructured header value (Subject, a display name, a filename=
 * parameter): RFC 2047 B and Q words in any charset, adjacent words joined
 * before conversion (so a character split across two words survives),
 * folding removed, raw 8-bit text guessed as above. */
char	*charset_decode_header(const char *raw, size_t len);

/* Installs libetpan's conversion hook so GBK-family labels go through
 * GB18030.  Call once at start-up, before any parsing. */
void	 charset_init(void);

#endif
