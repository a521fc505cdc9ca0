/* util.c — see util.h. */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
oom(void)
{
	fputs("intake: out of memory\n", stderr);
	abort();
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n ? n : 1, sz ? sz : 1);
	if (p == NULL)
		oom();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		oom();
	return p;
}

void
xgrow(void **arr, size_t *cap, size_t n, size_t sz)
{
	size_t ncap;

	if (n < *cap)
		return;
	ncap = *cap ? *cap * 2 : 8;
	while (ncap <= n)
		ncap *= 2;
	if (ncap > SIZE_MAX / sz)
		oom();
	*arr = xrealloc(*arr, ncap * sz);
	memset((char *)*arr + *cap * sz, 0, (ncap - *cap) * sz);
	*cap = ncap;
}

char *
xstrdup(const char *s)
{
	char *p = strdup(s);
	if (p == NULL)
		oom();
	return p;
}

char *
xstrndup(const char *s, size_t n)
{
	char *p;

	if (s == NULL)
		return NULL;
	p = strndup(s, n);
	if (p == NULL)
		oom();
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list ap2;
	int n;
	char *p;

	/* Stated, so that gcc's sanitizer builds need not warn that fmt
	 * might be NULL on the measuring call. */
	if (fmt == NULL)
		abort();
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		oom();
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

void
buf_add(struct buf *b, const void *p, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap : 64;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		b->data = xrealloc(b->data, ncap);
		b->cap = ncap;
	}
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

char *
buf_room(struct buf *b, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap : 64;

		if (n > SIZE_MAX / 4 - b->len)
			oom();
		while (ncap < b->len + n + 1)
			ncap *= 2;
		b->data = xrealloc(b->data, ncap);
		b->cap = ncap;
	}
	return b->data + b->len;
}

void
buf_grown(struct buf *b, size_t n)
{
	b->len += n;
	b->data[b->len] = '\0';
}

void
buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_adds(b, s);
	free(s);
}

char *
buf_take(struct buf *b)
{
	char *p;

	if (b->data == NULL)
		return xstrdup("");
	p = b->data;
	b->data = NULL;
	b->len = b->cap = 0;
	return p;
}

struct pool_block {
	struct pool_block *next;
	char		 data[];
};

/* 1 MiB blocks: a 100,000-row report takes a few dozen. */
#define POOL_BLOCK	((size_t)1 << 20)

/* The offset in the head block where a piece aligned to align (a power
 * of two) starts when used bytes are taken: by address, not assuming
 * what malloc aligns to (valgrind's differs). */
static size_t
pool_at(const struct pool *p, size_t align)
{
	uintptr_t base = (uintptr_t)p->head->data;

	return (size_t)(((base + p->used + align - 1) & ~(uintptr_t)(align - 1))
	    - base);
}

/* n bytes from the pool at a multiple of align, not cleared.  Strings
 * need no alignment: packed, they fill fewer pages. */
static char *
pool_take(struct pool *p, size_t n, size_t align)
{
	size_t at = p->head ? pool_at(p, align) : 0;

	if (p->head == NULL || at > p->cap || p->cap - at < n) {
		size_t cap = n > POOL_BLOCK ? n : POOL_BLOCK;
		struct pool_block *b;

		if (cap > SIZE_MAX - sizeof *b - align)
			oom();
		cap += align - 1;	/* room to align the first piece */
		b = xmalloc(sizeof *b + cap);
		b->next = p->head;
		p->head = b;
		p->cap = cap;
		p->used = 0;
		at = pool_at(p, align);
	}
	p->used = at + n;
	return p->head->data + at;
}

void *
pool_alloc(struct pool *p, size_t n)
{
	char *at = pool_take(p, n, sizeof(max_align_t));

	memset(at, 0, n);
	return at;
}

char *
pool_dup(struct pool *p, const char *s, size_t n)
{
	char *o;

	if (n == SIZE_MAX)
		oom();
	o = pool_take(p, n + 1, 1);
	if (n)
		memcpy(o, s, n);
	o[n] = '\0';
	return o;
}

void
pool_free(struct pool *p)
{
	struct pool_block *b, *next;

	for (b = p->head; b; b = next) {
		next = b->next;
		free(b);
	}
	p->head = NULL;
	p->used = p->cap = 0;
}

void
pool_reset(struct pool *p)
{
	struct pool_block *b, *next;

	if (p->head == NULL)
		return;
	for (b = p->head->next; b; b = next) {
		next = b->next;
		free(b);
	}
	p->head->next = NULL;
	p->used = 0;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void
sha256_hex(const void *p, size_t n, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[32];
	size_t i;

	/* GnuTLS is already linked through libetpan; its SHA-256 needs no
	 * global init and cannot fail for a built-in digest. */
	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, p, n, md) != 0)
		abort();
	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

void
buf_add_csv_field(struct buf *b, const char *s)
{
	int formula = *s != '\0' && strchr("=+-@", *s) != NULL;

	if (!formula && strpbrk(s, ",\"\r\n") == NULL) {
		buf_adds(b, s);
		return;
	}
	buf_adds(b, formula ? "\"'" : "\"");
	for (; *s; s++) {
		if (*s == '"')
			buf_adds(b, "\"");
		buf_add(b, s, 1);
	}
	buf_adds(b, "\"");
}

int
mkdir_p(const char *dir, mode_t mode, char **failed)
{
	char *p = xstrdup(dir), *s, c;
	struct stat st;
	int saved;

	if (failed)
		*failed = NULL;
	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		c = *s;
		*s = '\0';
		/* An existing parent we may not write to answers EACCES on
		 * some systems: what counts is that it is a directory. */
		if (mkdir(p, mode) == -1 &&
		    !(stat(p, &st) == 0 && S_ISDIR(st.st_mode))) {
			saved = errno == EEXIST ? ENOTDIR : errno;
			if (failed)
				*failed = p;
			else
				free(p);
			errno = saved;
			return -1;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	free(p);
	return 0;
}

char *
url_unescape(const char *s, size_t n)
{
	char *o = xmalloc(n + 1), *p = o;
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    isxdigit((unsigned char)s[i + 1]) &&
		    isxdigit((unsigned char)s[i + 2])) {
			char h[3] = { s[i + 1], s[i + 2], 0 };
			*p++ = (char)strtol(h, NULL, 16);
			i += 2;
		} else
			*p++ = s[i];
	}
	*p = '\0';
	return o;
}

int
secret_read(const char *path, char **out, char **err)
{
	size_t len;
	char *s;

	*out = NULL;
	if (path == NULL || *path == '\0')
		return 0;
	if ((s = read_file(path, &len)) == NULL) {
		*err = xasprintf("password file %s: %s", path,
		    strerror(errno));
		return -1;
	}
	s[strcspn(s, "\r\n")] = '\0';
	*out = s;
	return 0;
}

int
fd_write_all(int fd, const void *p, size_t n)
{
	const char *s = p;
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, s, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (w == 0)	/* no progress: never spin */
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

char *
read_file(const char *path, size_t *lenp)
{
	struct stat st;
	char *p = NULL;
	size_t len = 0, cap = 0;
	ssize_t r;
	int fd, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		errno = EISDIR;
		return NULL;
	}
	cap = (st.st_size > 0 ? (size_t)st.st_size : 4096) + 1;
	p = xmalloc(cap);
	for (;;) {
		if (len + 1 >= cap) {
			cap *= 2;
			p = xrealloc(p, cap);
		}
		r = read(fd, p + len, cap - len - 1);
		if (r == -1) {
			if (errno == EINTR)
				continue;
			saved = errno;
			free(p);
			close(fd);
			errno = saved;
			return NULL;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	p[len] = '\0';
	*lenp = len;
	return p;
}

int
ascii_casecmp(const char *a, const char *b)
{
	return ascii_ncasecmp(a, b, SIZE_MAX);	/* stops at the NUL */
}

int
ascii_ncasecmp(const char *a, const char *b, size_t n)
{
	unsigned char ca = 0, cb = 0;

	while (n--) {
		ca = (unsigned char)*a++;
		cb = (unsigned char)*b++;
		if (ca >= 'A' && ca <= 'Z')
			ca += 32;
		if (cb >= 'A' && cb <= 'Z')
			cb += 32;
		if (ca != cb || ca == 0)
			return ca - cb;
	}
	return 0;
}

char *
ascii_lower(char *s)
{
	char *p;

	for (p = s; p && *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p += 32;
	return s;
}
