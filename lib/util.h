/*
 * util.h — small helpers every module uses.
 *
 * Allocation: x*() functions abort on out-of-memory (a daemon that cannot
 * allocate a few bytes cannot do anything useful, and every caller checking
 * for it would hide the real error paths).  Everything they return is owned
 * by the caller and released with free().
 */
#ifndef INTAKE_UTIL_H
#define INTAKE_UTIL_H

#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
/* Grows *arr (of *cap elements of size sz) so that index n fits. */
void	 xgrow(void **arr, size_t *cap, size_t n, size_t sz);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);	/* NULL in, NULL out */
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list);

/* A growing byte buffer; always NUL-terminated.  buf_take() hands the bytes
 * to the caller (free()) and resets the buffer. */
struct buf {
	char	*data;
	size_t	 len;
	size_t	 cap;
};
void	 buf_add(struct buf *, const void *, size_t);
void	 buf_adds(struct buf *, const char *);
void	 buf_addf(struct buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
char	*buf_take(struct buf *);
/* Room for n more bytes (and the NUL) at the end, returned: the caller
 * writes up to n there, then buf_grown() says how many it wrote. */
char	*buf_room(struct buf *, size_t n);
void	 buf_grown(struct buf *, size_t n);
void	 buf_free(struct buf *);

/* A pool: many small pieces (a report's 100,000 rows of strings) taken
 * from a few large blocks and given back all at once by pool_free(),
 * not one free() each.  What pool_alloc()/pool_dup() return belongs to
 * the pool: never free() it.  A zeroed struct pool is an empty pool. */
struct pool_block;
struct pool {
	struct pool_block *head;
	size_t	 used, cap;	/* in the head block */
};
/* n bytes, aligned for any type, zeroed. */
void	*pool_alloc(struct pool *, size_t n);
/* The n bytes at s and a NUL. */
char	*pool_dup(struct pool *, const char *s, size_t n);
void	 pool_free(struct pool *);
/* Everything taken given back at once, one block kept for what comes
 * next: a pool re-used a row at a time stays in the cache. */
void	 pool_reset(struct pool *);

/* SHA-256 of the bytes as 64 lowercase hex digits and a NUL. */
void	 sha256_hex(const void *, size_t, char out[65]);

/* Reads a whole file into a malloc'd buffer (NUL-terminated, *len bytes).
 * Returns NULL and sets errno on failure. */
char	*read_file(const char *path, size_t *len);
/* All n bytes to fd, again after EINTR; 0, or -1 with errno. */
int	 fd_write_all(int fd, const void *p, size_t n);
/* The first line of a password file into *out (malloc'd), or *out NULL
 * when path is NULL or "" (no password).  -1 with *err (malloc'd) when
 * the file cannot be read: a configured secret is never silently
 * dropped. */
int	 secret_read(const char *path, char **out, char **err);

/* One CSV field for Excel/WPS: quoted when it holds a comma, quote or
 * line break; a field starting like a formula (= + - @) is quoted with a
 * leading ' so it shows as text rather than runs (senders write company
 * names and addresses). */
void	 buf_add_csv_field(struct buf *, const char *);

/* mkdir -p: dir and its missing parents, new ones with mode; an
 * existing directory is fine (even one we may not write to).  0, or -1
 * with errno set and *failed (malloc'd, may be NULL) the path that
 * could not be made. */
int	 mkdir_p(const char *dir, mode_t mode, char **failed);

/* s[0..n) with every %XX decoded (a user name's "%40" in a URL); other
 * bytes as they are.  malloc'd. */
char	*url_unescape(const char *s, size_t n);

/* ASCII-only case-insensitive helpers (mail headers are ASCII). */
int	 ascii_casecmp(const char *, const char *);
int	 ascii_ncasecmp(const char *, const char *, size_t);
char	*ascii_lower(char *);			/* in place; returns arg */

#endif
