/*
 * spool.c — see spool.h.  Every file is first written whole into tmp/
 * (O_EXCL, 0600) and fsync'd; a message is then renamed into place (its
 * name is its content, so replacing is harmless), an extracted file is
 * hard-linked into place (link fails on a taken name, so nothing is ever
 * overwritten); then the directory is fsync'd so the new name survives a
 * crash too.
 */
#include "spool.h"
#include "log.h"
#include "privacy.h"
#include "util.h"
#include "utf8.h"

#include <sys/mman.h>
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define SAFE_MAX	200		/* bytes in a safe name */
#define EXT_MAX		16		/* longest extension ('.' too) kept */
#define SUFFIX_MAX	10000		/* " (N)" tries before giving up */
#define TMP_STALE	(24 * 60 * 60)	/* a crash's leftovers in tmp/ */

struct spool {
	char	*dir;
};

static unsigned int spool_counter;

static int
spool_errno(char **err, const char *path, int e)
{
	*err = xasprintf("%s: %s", path, strerror(e));
	return -1;
}

/* fsync of a directory makes the names in it durable.  Some file
 * systems cannot fsync a directory (EINVAL): nothing more can be done. */
static int
spool_sync_dir(const char *dir, char **err)
{
	int fd, e;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return spool_errno(err, dir, errno);
	if (fsync(fd) == -1 && errno != EINVAL) {
		e = errno;
		close(fd);
		return spool_errno(err, dir, e);
	}
	close(fd);
	return 0;
}

/* The directory holding path (path has a '/' after its first byte). */
static int
spool_sync_parent(const char *path, char **err)
{
	char *d = xstrdup(path), *s;
	int r;

	s = strrchr(d, '/');
	if (s == NULL || s == d)
		s = d + 1;
	*s = '\0';
	r = spool_sync_dir(d, err);
	free(d);
	return r;
}

/* mkdir 0700; a new directory's name is made durable in its parent. */
static int
spool_mkdir(const char *path, char **err)
{
	struct stat st;

	if (mkdir(path, 0700) == 0)
		return spool_sync_parent(path, err);
	if (errno == EEXIST) {
		if (stat(path, &st) == -1)
			return spool_errno(err, path, errno);
		if (!S_ISDIR(st.st_mode))
			return spool_errno(err, path, ENOTDIR);
		return 0;
	}
	return spool_errno(err, path, errno);
}

/* The spool directory itself and any missing parents. */
static int
spool_mkdir_p(const char *dir, char **err)
{
	char *failed;

	if (mkdir_p(dir, 0700, &failed) == 0)
		return 0;
	spool_errno(err, failed, errno);
	free(failed);
	return -1;
}

/* Best effort: a file in tmp/ older than a day is a crash's leftover;
 * failing to remove it loses nothing. */
static void
spool_clean_tmp(struct spool *sp)
{
	char *tmp = xasprintf("%s/tmp", sp->dir), *p;
	struct dirent *de;
	struct stat st;
	time_t now = time(NULL);
	DIR *d;

	if ((d = opendir(tmp)) == NULL) {
		free(tmp);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		p = xasprintf("%s/%s", tmp, de->d_name);
		if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_mtime < now - TMP_STALE)
			(void)unlink(p);
		free(p);
	}
	closedir(d);
	free(tmp);
}

struct spool *
spool_open(const char *dir, char **err)
{
	static const char *const subdirs[] = { "tmp", "msg", "files" };
	struct spool *sp;
	size_t len, i;
	char *p;

	if (dir == NULL || *dir == '\0') {
		*err = xstrdup("spool: no directory given");
		return NULL;
	}
	sp = xcalloc(1, sizeof(*sp));
	len = strlen(dir);
	while (len > 1 && dir[len - 1] == '/')
		len--;
	sp->dir = xstrndup(dir, len);
	if (spool_mkdir_p(sp->dir, err) == -1)
		goto fail;
	for (i = 0; i < sizeof(subdirs) / sizeof(subdirs[0]); i++) {
		p = xasprintf("%s/%s", sp->dir, subdirs[i]);
		if (spool_mkdir(p, err) == -1) {
			free(p);
			goto fail;
		}
		free(p);
	}
	spool_clean_tmp(sp);
	/* A spool others can read is reported, once per open (start-up). */
	if ((p = privacy_exposed(NULL, sp->dir)) != NULL) {
		char *line = p, *next;

		for (; line; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			log_warn("event=privacy warning=\"%s\"", line);
		}
		free(p);
	}
	return sp;
fail:
	spool_close(sp);
	return NULL;
}

void
spool_close(struct spool *sp)
{
	if (sp == NULL)
		return;
	free(sp->dir);
	free(sp);
}

const char *
spool_dir(const struct spool *sp)
{
	return sp->dir;
}

/* Writes data whole into a new file in tmp/ and fsyncs it; *tmpp gets
 * its path.  On failure nothing is left behind. */
static int
spool_write_tmp(struct spool *sp, const void *data, size_t len, char **tmpp,
    char **err)
{
	const char *p = data;
	char *tmp = NULL;
	size_t off = 0, chunk;
	ssize_t n;
	int fd = -1, tries, e;

	for (tries = 0; ; tries++) {
		tmp = xasprintf("%s/tmp/%lld.%ld.%u", sp->dir,
		    (long long)time(NULL), (long)getpid(), spool_counter++);
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd != -1)
			break;
		e = errno;
		if (e != EEXIST || tries >= 100) {
			spool_errno(err, tmp, e);
			free(tmp);
			return -1;
		}
		free(tmp);
	}
	while (off < len) {
		chunk = len - off > (size_t)SSIZE_MAX ? (size_t)SSIZE_MAX :
		    len - off;
		n = write(fd, p + off, chunk);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		/* A short write is retried: the next call reports why
		 * (ENOSPC, EFBIG, EIO).  Zero would loop forever. */
		if (n == 0) {
			errno = EIO;
			goto fail;
		}
		off += (size_t)n;
	}
	if (fsync(fd) == -1)
		goto fail;
	n = close(fd);
	fd = -1;
	if (n == -1)
		goto fail;
	*tmpp = tmp;
	return 0;
fail:
	e = errno;
	if (fd != -1)
		close(fd);
	(void)unlink(tmp);
	spool_errno(err, tmp, e);
	free(tmp);
	return -1;
}

static int
spool_is_sha256(const char *s)
{
	size_t i;

	for (i = 0; i < 64; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s[64] == '\0';
}

int
spool_put_message(struct spool *sp, const char *data, size_t len,
    const char *sha256, char **relpath, char **err)
{
	char *rel = NULL, *path = NULL, *dir = NULL, *tmp = NULL;
	char sum[65];
	struct stat st;

	*relpath = NULL;
	if (sha256 == NULL || !spool_is_sha256(sha256)) {
		*err = xasprintf("spool: \"%s\" is not a SHA-256",
		    sha256 ? sha256 : "(null)");
		return -1;
	}
	/* The name promises the content: a wrong sum would file one
	 * message under another's name. */
	sha256_hex(data, len, sum);
	if (strcmp(sum, sha256) != 0) {
		*err = xasprintf("spool: message SHA-256 is %s, not %s", sum,
		    sha256);
		return -1;
	}
	rel = xasprintf("msg/%.2s/%s.eml", sha256, sha256);
	path = xasprintf("%s/%s", sp->dir, rel);
	dir = xasprintf("%s/msg/%.2s", sp->dir, sha256);
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (size_t)st.st_size == len) {
		/* Already there; a crash may have come before its
		 * directory was synced. */
		if (spool_sync_dir(dir, err) == -1)
			goto fail;
		goto done;
	}
	if (spool_mkdir(dir, err) == -1)
		goto fail;
	if (spool_write_tmp(sp, data, len, &tmp, err) == -1)
		goto fail;
	if (rename(tmp, path) == -1) {
		spool_errno(err, path, errno);
		(void)unlink(tmp);
		goto fail;
	}
	if (spool_sync_dir(dir, err) == -1)
		goto fail;
done:
	free(tmp);
	free(path);
	free(dir);
	*relpath = rel;
	return 0;
fail:
	free(tmp);
	free(rel);
	free(path);
	free(dir);
	return -1;
}

/* A relative path inside the spool: no leading '/', no ".." part. */
static int
spool_rel_ok(const char *rel)
{
	const char *s;

	if (rel == NULL || *rel == '\0' || *rel == '/')
		return 0;
	for (s = rel; s != NULL; s = strchr(s, '/')) {
		if (*s == '/')
			s++;
		if (s[0] == '.' && s[1] == '.' && (s[2] == '/' || s[2] == '\0'))
			return 0;
	}
	return 1;
}

char *
spool_read(struct spool *sp, const char *relpath, size_t *len, char **err)
{
	char *path, *data;

	if (!spool_rel_ok(relpath)) {
		*err = xasprintf("spool: bad path \"%s\"",
		    relpath ? relpath : "(null)");
		return NULL;
	}
	path = xasprintf("%s/%s", sp->dir, relpath);
	if ((data = read_file(path, len)) == NULL)
		spool_errno(err, path, errno);
	free(path);
	return data;
}

int
spool_open_file(struct spool *sp, const char *relpath, long long *size,
    char **err)
{
	struct stat st;
	char *path;
	int fd;

	if (!spool_rel_ok(relpath)) {
		*err = xasprintf("spool: bad path \"%s\"",
		    relpath ? relpath : "(null)");
		return -1;
	}
	path = xasprintf("%s/%s", sp->dir, relpath);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		spool_errno(err, path, errno);
		free(path);
		return -1;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		*err = xasprintf("spool: %s: not a regular file", path);
		close(fd);
		free(path);
		return -1;
	}
	*size = (long long)st.st_size;
	free(path);
	return fd;
}

int
spool_map(struct spool *sp, const char *relpath, struct spool_bytes *b,
    char **err)
{
	struct stat st;
	char *path;
	void *p;
	int fd;

	memset(b, 0, sizeof *b);
	if (!spool_rel_ok(relpath)) {
		*err = xasprintf("spool: bad path \"%s\"",
		    relpath ? relpath : "(null)");
		return -1;
	}
	path = xasprintf("%s/%s", sp->dir, relpath);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		spool_errno(err, path, errno);
		free(path);
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
	    (unsigned long long)st.st_size <= SIZE_MAX &&
	    (p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd,
	    0)) != MAP_FAILED) {
		close(fd);
		free(path);
		b->data = p;
		b->len = (size_t)st.st_size;
		b->mapped = 1;
		return 0;
	}
	close(fd);
	if ((b->data = read_file(path, &b->len)) == NULL) {
		spool_errno(err, path, errno);
		free(path);
		return -1;
	}
	free(path);
	return 0;
}

void
spool_bytes_free(struct spool_bytes *b)
{
	if (b->mapped)
		munmap(b->data, b->len);
	else
		free(b->data);
	memset(b, 0, sizeof *b);
}

/* Offset of the extension ('.' and after) in a name, or its length when
 * it has none worth keeping. */
static size_t
spool_ext(const char *name, size_t len)
{
	const char *dot = strrchr(name, '.');

	if (dot == NULL || dot == name || len - (size_t)(dot - name) > EXT_MAX)
		return len;
	return (size_t)(dot - name);
}

char *
spool_safe_name(const char *name)
{
	const unsigned char *s, *e, *p;
	struct buf b = { 0 };
	size_t i, k, ext, keep;
	uint32_t cp;
	char *out;

	if (name == NULL)
		name = "";
	/* The last non-empty component of "folder/sub/name.jpg". */
	e = (const unsigned char *)name + strlen(name);
	while (e > (const unsigned char *)name && e[-1] == '/')
		e--;
	s = e;
	while (s > (const unsigned char *)name && s[-1] != '/')
		s--;
	for (p = s; p < e; ) {
		if (*p < 0x20 || *p == 0x7f || *p == '/' || *p == '\\' ||
		    *p == ':') {
			buf_add(&b, "_", 1);
			p++;
		} else if (*p < 0x80) {
			buf_add(&b, p, 1);
			p++;
		} else if ((k = utf8_seq((const char *)p, (size_t)(e - p), &cp)) != 0) {
			buf_add(&b, p, k);
			p += k;
		} else {
			/* Stray bytes would make the name invalid UTF-8 in
			 * the records and in replies. */
			buf_add(&b, "_", 1);
			p++;
		}
	}
	/* No hidden files, and never "." or "..". */
	for (i = 0; i < b.len && b.data[i] == '.'; i++)
		b.data[i] = '_';
	if (b.len == 0)
		buf_add(&b, "_", 1);
	if (b.len <= SAFE_MAX)
		return buf_take(&b);
	ext = spool_ext(b.data, b.len);
	keep = SAFE_MAX - (b.len - ext);
	while (keep > 0 && ((unsigned char)b.data[keep] & 0xc0) == 0x80)
		keep--;
	out = xmalloc(keep + (b.len - ext) + 1);
	memcpy(out, b.data, keep);
	memcpy(out + keep, b.data + ext, b.len - ext + 1);
	buf_free(&b);
	return out;
}

/* "name (n).ext" */
static char *
spool_numbered(const char *name, unsigned n)
{
	size_t len = strlen(name), ext = spool_ext(name, len);

	return xasprintf("%.*s (%u)%s", (int)ext, name, n, name + ext);
}

int
spool_put_file(struct spool *sp, long long msgid, const char *person,
    const char *name, const void *data, size_t len, char **relpath,
    char **err)
{
	char *pdir = NULL, *mdir = NULL, *safe = NULL, *fname = NULL;
	char *path = NULL, *tmp = NULL, *pname;
	unsigned n;

	*relpath = NULL;
	if (msgid < 0) {
		*err = xasprintf("spool: bad message id %lld", msgid);
		return -1;
	}
	pname = person == NULL || *person == '\0' ? xstrdup("_unit") :
	    spool_safe_name(person);
	mdir = xasprintf("%s/files/%lld", sp->dir, msgid);
	pdir = xasprintf("%s/%s", mdir, pname);
	safe = spool_safe_name(name);
	if (spool_mkdir(mdir, err) == -1 || spool_mkdir(pdir, err) == -1)
		goto fail;
	if (spool_write_tmp(sp, data, len, &tmp, err) == -1)
		goto fail;
	for (n = 1; ; n++) {
		free(fname);
		free(path);
		fname = n == 1 ? xstrdup(safe) : spool_numbered(safe, n);
		path = xasprintf("%s/%s", pdir, fname);
		if (link(tmp, path) == 0)
			break;
		if (errno != EEXIST || n >= SUFFIX_MAX) {
			spool_errno(err, path, errno);
			(void)unlink(tmp);
			goto fail;
		}
	}
	/* The data has its real name now; a leftover tmp name would only
	 * be cleaned later. */
	(void)unlink(tmp);
	if (spool_sync_dir(pdir, err) == -1)
		goto fail;
	*relpath = xasprintf("files/%lld/%s/%s", msgid, pname, fname);
	free(tmp);
	free(path);
	free(fname);
	free(safe);
	free(pdir);
	free(mdir);
	free(pname);
	return 0;
fail:
	free(tmp);
	free(path);
	free(fname);
	free(safe);
	free(pdir);
	free(mdir);
	free(pname);
	return -1;
}

/* rm -r without following symbolic links; a missing path is fine. */
static int
spool_rm_tree(const char *path, char **err)
{
	struct dirent *de;
	struct stat st;
	DIR *d;
	char *p;
	int r = 0;

	if (lstat(path, &st) == -1)
		return errno == ENOENT ? 0 : spool_errno(err, path, errno);
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) == -1 && errno != ENOENT)
			return spool_errno(err, path, errno);
		return 0;
	}
	if ((d = opendir(path)) == NULL)
		return spool_errno(err, path, errno);
	for (;;) {
		errno = 0;
		if ((de = readdir(d)) == NULL) {
			if (errno != 0)
				r = spool_errno(err, path, errno);
			break;
		}
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		p = xasprintf("%s/%s", path, de->d_name);
		r = spool_rm_tree(p, err);
		free(p);
		if (r == -1)
			break;
	}
	closedir(d);
	if (r == -1)
		return -1;
	if (rmdir(path) == -1 && errno != ENOENT)
		return spool_errno(err, path, errno);
	return 0;
}

int
spool_remove(struct spool *sp, long long msgid, const char *msg_relpath,
    char **err)
{
	char *path;
	int r;

	path = xasprintf("%s/files/%lld", sp->dir, msgid);
	r = spool_rm_tree(path, err);
	if (r == 0)
		r = spool_sync_parent(path, err);
	free(path);
	if (r == -1 || msg_relpath == NULL)
		return r;
	if (!spool_rel_ok(msg_relpath)) {
		*err = xasprintf("spool: bad path \"%s\"", msg_relpath);
		return -1;
	}
	path = xasprintf("%s/%s", sp->dir, msg_relpath);
	if (unlink(path) == 0)
		r = spool_sync_parent(path, err);
	else if (errno != ENOENT)
		r = spool_errno(err, path, errno);
	free(path);
	return r;
}
