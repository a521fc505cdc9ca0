/*
 * unpack.c — see unpack.h.
 *
 * libarchive reads from memory with only the formats intake accepts
 * enabled: ZIP, 7-Zip, RAR (v1.5-4), RAR5, and tar (plain or gzip'd).
 * Never archive_read_support_format_all: it "opens" an empty buffer or a
 * PDF (as mtree) without complaint.
 *
 * Names.  A ZIP from Windows' built-in compressor or old WinRAR/360 stores
 * GBK names without the UTF-8 flag; libarchive then gives a NULL
 * pathname_utf8.  Such an archive is read again from the start with
 * hdrcharset=CP936 (which must be set before open).  Reading with CP936
 * every time would turn flag-less UTF-8 names (Linux, macOS) into mojibake,
 * so it is only the second try.  What the first try produced is dropped.
 *
 * Limits, all on bytes produced by archive_read_data, never on declared
 * sizes (a lying header declares 10 bytes and holds a megabyte):
 *  - *budget + produced <= max_total_bytes, per message;
 *  - headers seen (junk and directories included) <= max_entries, per
 *    archive;
 *  - produced : archive length <= max_ratio, per archive, checked only
 *    once the archive produced more than UNPACK_RATIO_FLOOR (1 MiB): a
 *    40-byte zip of a 10 KB text file is a ratio of 250 and nothing wrong;
 *    a bomb is only dangerous once it is big;
 *  - nesting depth <= max_depth, the outer archive being depth 1.
 * Junk entries are read through the same counting loop (and dropped)
 * rather than skipped, because skipping inside a solid 7z block decompresses
 * just the same, uncounted.
 *
 * What cannot be told apart, with libarchive 3.6.2:
 *  - a ZIP with its central directory missing or cut, or cut exactly
 *    between two entries (up to 3 bytes into the next local header), still
 *    reads every complete entry (libarchive falls back to the local
 *    headers) and then fails with no message: that is reported OK with
 *    those entries, later entries silently missing.  A cut inside an
 *    entry's header or data is UNREADABLE.
 *  - a RAR5 cut after its first entry often ends in a clean EOF: the later
 *    entries are silently missing and the result is OK (cutting only the
 *    end-of-archive block is not seen at all).  A RAR5 cut before its first
 *    entry is complete gives no entries and a clean EOF: reported
 *    UNREADABLE (an empty RAR5 is not something people send).
 *  - RAR5 with -p (data encrypted, names visible): libarchive 3.6.2 does not
 *    mark the entry encrypted; reading fails with a block checksum or block
 *    header error, which is also what corrupt RAR5 data gives.  Those two
 *    errors are reported ENCRYPTED ("encrypted or corrupt"): the sender's
 *    fix is the same, send it again without a password.
 */
#include "unpack.h"

#include <sys/mman.h>

#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "filetype.h"
#include "recognize.h"
#include "util.h"
#include "utf8.h"

#define UNPACK_RATIO_FLOOR	(1024u * 1024)
#define UNPACK_CHUNK		(64u * 1024)

struct unpack_ctx {
	const struct unpack_limits *lim;
	uint64_t		*budget;
	struct unpack_result	*res;
	size_t			 cap;
	const struct unpack_sink *sink;	/* NULL: members kept whole */
};

/* One archive being read. */
struct unpack_level {
	const void	*buf;		/* NULL: read from fd */
	int		 fd;
	size_t		 len;
	const char	*prefix;	/* "" or "outer/inner.zip/" */
	unsigned	 depth;
	uint64_t	 produced;
};

static void
set_status(struct unpack_result *res, enum unpack_status st,
    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
set_status(struct unpack_result *res, enum unpack_status st,
    const char *fmt, ...)
{
	va_list ap;
	size_t n;

	res->status = st;
	free(res->detail);
	va_start(ap, fmt);
	res->detail = xvasprintf(fmt, ap);
	va_end(ap);
	/* Some libarchive messages end in a newline. */
	n = strlen(res->detail);
	while (n > 0 && (res->detail[n - 1] == '\n' ||
	    res->detail[n - 1] == ' '))
		res->detail[--n] = '\0';
}

static const char *
errstr(struct archive *a)
{
	const char *s = archive_error_string(a);

	return s ? s : "no message from libarchive";
}

/* Encryption is known by libarchive's flags first: the archive has
 * encrypted entries, or this entry (e, may be NULL) is encrypted.  A ZIP
 * with an encrypted central directory fails with no message at all, so
 * the text is only the last resort: "Passphrase required", "Encryption
 * is not supported", "The file content is encrypted", "The archive header
 * is encrypted". */
static int
says_encrypted(struct archive *a, struct archive_entry *e)
{
	const char *s = archive_error_string(a);

	size_t i;

	/* Asked only once a format was chosen: libarchive 3.6.2 crashes
	 * when no format bid for the data. */
	if ((archive_format(a) != 0 &&
	    archive_read_has_encrypted_entries(a) > 0) ||
	    (e != NULL && archive_entry_is_encrypted(e)))
		return 1;
	if (s == NULL)
		return 0;
	for (i = 0; s[i]; i++)
		if (ascii_ncasecmp(s + i, "passphrase", 10) == 0 ||
		    ascii_ncasecmp(s + i, "encrypt", 7) == 0)
			return 1;
	return 0;
}

/* An allocation failed inside libarchive (the reader's memory ceiling,
 * worker.h): the archive wants more memory than it may have. */
static int
out_of_memory(struct archive *a)
{
	return archive_errno(a) == ENOMEM;
}

/* RAR5 -p: libarchive 3.6.2 does not see the encryption record; the
 * encrypted data fails the block checks ("Block checksum error",
 * "Unsupported block header size"), which corruption does too.  A cut
 * file says "I/O error" or "Truncated" instead and stays unreadable. */
static int
rar5_maybe_encrypted(struct archive *a)
{
	const char *s = archive_error_string(a);

	if ((archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) !=
	    ARCHIVE_FORMAT_RAR_V5 || s == NULL)
		return 0;
	return strstr(s, "checksum") != NULL ||
	    strstr(s, "block header") != NULL;
}

static const char *
format_name(struct archive *a)
{
	switch (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) {
	case ARCHIVE_FORMAT_ZIP:
		return "ZIP";
	case ARCHIVE_FORMAT_7ZIP:
		return "7-Zip";
	case ARCHIVE_FORMAT_RAR:
		return "RAR";
	case ARCHIVE_FORMAT_RAR_V5:
		return "RAR5";
	case ARCHIVE_FORMAT_TAR:
		if (archive_filter_count(a) > 1 &&
		    archive_filter_code(a, 0) == ARCHIVE_FILTER_GZIP)
			return "tar.gz";
		return "tar";
	default:
		return archive_format(a) ? archive_format_name(a) : NULL;
	}
}

static struct archive *
open_reader(const struct unpack_level *lv, int cp936, int *r)
{
	struct archive *a;

	*r = ARCHIVE_FATAL;
	a = archive_read_new();
	if (a == NULL)
		return NULL;
	archive_read_support_filter_gzip(a);
	archive_read_support_format_zip(a);
	archive_read_support_format_7zip(a);
	archive_read_support_format_rar(a);
	archive_read_support_format_rar5(a);
	archive_read_support_format_tar(a);
	if (cp936)
		(void)archive_read_set_options(a, "hdrcharset=CP936");
	if (lv->buf != NULL)
		*r = archive_read_open_memory(a, lv->buf, lv->len);
	else if (lseek(lv->fd, 0, SEEK_SET) != 0)
		*r = ARCHIVE_FATAL;
	else
		*r = archive_read_open_fd(a, lv->fd, UNPACK_CHUNK);
	return a;
}

/* A name libarchive could not convert even with CP936: keep ASCII and
 * show every other byte as '?', so logs and replies still say something. */
static char *
lossy_name(const char *raw)
{
	char *s, *p;

	if (raw == NULL)
		return NULL;
	s = xstrdup(raw);
	if (utf8_valid(s, strlen(s)))
		return s;
	for (p = s; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	return s;
}

/* 1 when the name must never be trusted: absolute, drive letter, UNC or
 * a ".." component.  Backslashes count as separators (libarchive turns
 * them into '/' for ZIP, but not necessarily for every format). */
static int
unsafe_name(const char *p)
{
	const char *c, *e;

	if (p[0] == '/' || p[0] == '\\')
		return 1;
	if (((p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z')) &&
	    p[1] == ':')
		return 1;
	for (c = p; *c; c = e) {
		e = c + strcspn(c, "/\\");
		if (e - c == 2 && c[0] == '.' && c[1] == '.')
			return 1;
		if (*e)
			e++;
	}
	return 0;
}

/* Normalizes in place: '\' to '/', no empty or "." components, no
 * trailing '/'. */
static void
clean_name(char *p)
{
	char *r, *w, *c;
	size_t n;

	for (c = p; *c; c++)
		if (*c == '\\')
			*c = '/';
	r = w = p;
	while (*r) {
		n = strcspn(r, "/");
		if (n == 0 || (n == 1 && r[0] == '.')) {
			r += n + (r[n] == '/');
			continue;
		}
		if (w != p)
			*w++ = '/';
		memmove(w, r, n);
		w += n;
		r += n + (r[n] == '/');
	}
	*w = '\0';
}

/* Junk archivers add: __MACOSX/ anywhere, .DS_Store, Thumbs.db,
 * desktop.ini (Windows spells the last two in any case). */
static int
junk_name(const char *p)
{
	const char *c, *e, *base;
	size_t n;

	for (c = p; *c; c = e) {
		e = c + strcspn(c, "/");
		n = (size_t)(e - c);
		if (n == 8 && memcmp(c, "__MACOSX", 8) == 0)
			return 1;
		if (*e)
			e++;
	}
	base = strrchr(p, '/');
	base = base ? base + 1 : p;
	return strcmp(base, ".DS_Store") == 0 ||
	    ascii_casecmp(base, "Thumbs.db") == 0 ||
	    ascii_casecmp(base, "desktop.ini") == 0;
}

/* Reads up to cap bytes of the current entry's data into dst, counting
 * every byte against the limits.  Returns the bytes read (0 at the end),
 * or -1 with the status that stopped it set in res. */
static la_ssize_t
read_chunk(struct unpack_ctx *ctx, struct unpack_level *lv, struct archive *a,
    struct archive_entry *e, const char *path, void *dst, size_t cap)
{
	const struct unpack_limits *lim = ctx->lim;
	la_ssize_t n = archive_read_data(a, dst, cap);

	if (n < 0) {
		/* WARN too: a lying size ends in -20. */
		if (says_encrypted(a, e))
			set_status(ctx->res, UNPACK_ENCRYPTED, "%s%s: %s",
			    lv->prefix, path, errstr(a));
		else if (out_of_memory(a))
			set_status(ctx->res, UNPACK_TOO_LARGE,
			    "%s%s: out of memory: %s", lv->prefix, path,
			    errstr(a));
		else if (rar5_maybe_encrypted(a))
			set_status(ctx->res, UNPACK_ENCRYPTED,
			    "%s%s: encrypted or corrupt: %s", lv->prefix,
			    path, errstr(a));
		else
			set_status(ctx->res, UNPACK_UNREADABLE, "%s%s: %s",
			    lv->prefix, path, errstr(a));
		return -1;
	}
	lv->produced += (uint64_t)n;
	*ctx->budget += (uint64_t)n;
	if (*ctx->budget > lim->max_total_bytes) {
		set_status(ctx->res, UNPACK_TOO_LARGE,
		    "%s%s: more than %llu bytes expanded in this message",
		    lv->prefix, path, (unsigned long long)lim->max_total_bytes);
		return -1;
	}
	/* produced > len * max_ratio, without overflow. */
	if (lv->produced > UNPACK_RATIO_FLOOR &&
	    (lv->produced - 1) / lv->len >= lim->max_ratio) {
		set_status(ctx->res, UNPACK_TOO_LARGE,
		    "%s%s: expands more than %u times", lv->prefix, path,
		    lim->max_ratio);
		return -1;
	}
	return n;
}

/* Reads the current entry's data into *out until it holds `upto` bytes
 * or the entry ends (*ended).  Returns UNPACK_OK or the status that
 * stopped it (*out freed). */
static enum unpack_status
read_into(struct unpack_ctx *ctx, struct unpack_level *lv, struct archive *a,
    struct archive_entry *e, const char *path, size_t upto,
    unsigned char **out, size_t *len, size_t *cap, int *ended)
{
	la_ssize_t n;

	*ended = 0;
	while (*len < upto) {
		size_t want = upto - *len < UNPACK_CHUNK ? upto - *len :
		    UNPACK_CHUNK;

		xgrow((void **)out, cap, *len + want, 1);
		if ((n = read_chunk(ctx, lv, a, e, path, *out + *len,
		    want)) < 0) {
			free(*out);
			*out = NULL;
			return ctx->res->status;
		}
		if (n == 0) {
			*ended = 1;
			break;
		}
		*len += (size_t)n;
	}
	return UNPACK_OK;
}

/* Reads the current entry to its end, handing the bytes to the sink
 * when len is given (a member), else dropping them (junk). */
static enum unpack_status
read_rest(struct unpack_ctx *ctx, struct unpack_level *lv, struct archive *a,
    struct archive_entry *e, const char *path, size_t *len)
{
	unsigned char tmp[UNPACK_CHUNK];
	la_ssize_t n;

	while ((n = read_chunk(ctx, lv, a, e, path, tmp, sizeof tmp)) > 0) {
		if (len == NULL)
			continue;
		if (ctx->sink != NULL && ctx->sink->data != NULL)
			ctx->sink->data(ctx->sink->arg, tmp, (size_t)n);
		*len += (size_t)n;
	}
	return n < 0 ? ctx->res->status : UNPACK_OK;
}

static enum unpack_status unpack_level(struct unpack_ctx *,
    const void *, size_t, const char *, unsigned);

static struct unpack_member *
add_member(struct unpack_ctx *ctx, char *path, unsigned char *data,
    size_t len, char *type)
{
	struct unpack_result *res = ctx->res;
	struct unpack_member *m;
	const char *base;

	xgrow((void **)&res->members, &ctx->cap, res->n_members,
	    sizeof(*res->members));
	m = &res->members[res->n_members++];
	m->path = path;
	base = strrchr(path, '/');
	m->name = xstrdup(base ? base + 1 : path);
	m->data = data;
	m->len = len;
	m->type = type;
	m->sha256[0] = '\0';
	return m;
}

static void
drop_members(struct unpack_result *res, size_t from)
{
	/* m->data is NULL when streamed */
	while (res->n_members > from) {
		struct unpack_member *m = &res->members[--res->n_members];

		free(m->path);
		free(m->name);
		if (res->map == NULL)
			free(m->data);
		free(m->type);
		recog_result_free(m->recog);
		free(m->recog);
	}
}

/* One pass over one archive.  Returns -1 when a name needs the CP936
 * retry (nothing reported), else 0 with ctx->res->status set. */
static int
read_pass(struct unpack_ctx *ctx, struct unpack_level *lv, int cp936)
{
	const struct unpack_limits *lim = ctx->lim;
	struct unpack_result *res = ctx->res;
	struct archive *a;
	struct archive_entry *e;
	unsigned entries = 0;
	int r, rc = 0;

	a = open_reader(lv, cp936, &r);
	if (a == NULL) {
		set_status(res, UNPACK_UNREADABLE, "%sarchive_read_new failed",
		    lv->prefix);
		return 0;
	}
	if (r != ARCHIVE_OK) {
		set_status(res, says_encrypted(a, NULL) ? UNPACK_ENCRYPTED :
		    out_of_memory(a) ? UNPACK_TOO_LARGE : UNPACK_UNREADABLE,
		    "%s%s", lv->prefix, errstr(a));
		goto done;
	}
	for (;;) {
		const char *p;
		char *path, *full, *mime;
		unsigned char *data;
		size_t dlen, cap;
		int type, junk, ended;

		r = archive_read_next_header(a, &e);
		if (lv->depth == 1 && res->format == NULL &&
		    format_name(a) != NULL)
			res->format = xstrdup(format_name(a));
		/* A RAR5 cut inside its first header ends in a clean EOF. */
		if (r == ARCHIVE_EOF && entries == 0 &&
		    (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) ==
		    ARCHIVE_FORMAT_RAR_V5) {
			set_status(res, UNPACK_UNREADABLE,
			    "%sRAR5 archive without entries (truncated?)",
			    lv->prefix);
			goto done;
		}
		if (r == ARCHIVE_EOF)
			break;
		/* A ZIP without (or cut at the start of) its central
		 * directory: libarchive read every local entry and then
		 * fails with no message.  The entries read are whole. */
		if (r < ARCHIVE_WARN && entries > 0 &&
		    archive_error_string(a) == NULL && !says_encrypted(a, e) &&
		    (archive_format(a) & ARCHIVE_FORMAT_BASE_MASK) ==
		    ARCHIVE_FORMAT_ZIP)
			break;
		if (r < ARCHIVE_WARN) {
			if (says_encrypted(a, e))
				set_status(res, UNPACK_ENCRYPTED, "%s%s",
				    lv->prefix, errstr(a));
			else if (out_of_memory(a))
				set_status(res, UNPACK_TOO_LARGE, "%s%s",
				    lv->prefix, errstr(a));
			else
				set_status(res, UNPACK_UNREADABLE, "%s%s",
				    lv->prefix, errstr(a));
			goto done;
		}
		if (++entries > lim->max_entries) {
			set_status(res, UNPACK_TOO_LARGE,
			    "%smore than %u entries", lv->prefix,
			    lim->max_entries);
			goto done;
		}
		p = archive_entry_pathname_utf8(e);
		if (p == NULL && !cp936) {
			rc = -1;
			goto done;
		}
		path = p ? xstrdup(p) :
		    lossy_name(archive_entry_pathname(e));
		if (path == NULL || *path == '\0') {
			set_status(res, UNPACK_UNREADABLE,
			    "%sentry %u has no name", lv->prefix, entries);
			free(path);
			goto done;
		}
		if (unsafe_name(path)) {
			set_status(res, UNPACK_UNSAFE, "%s%s: unsafe path",
			    lv->prefix, path);
			free(path);
			goto done;
		}
		type = (int)archive_entry_filetype(e);
		if (archive_entry_hardlink(e) != NULL ||
		    archive_entry_symlink(e) != NULL ||
		    (type != AE_IFREG && type != AE_IFDIR)) {
			set_status(res, UNPACK_UNSAFE,
			    "%s%s: not a regular file (%s)", lv->prefix, path,
			    archive_entry_hardlink(e) ? "hard link" :
			    type == AE_IFLNK ? "symbolic link" :
			    type == AE_IFCHR || type == AE_IFBLK ? "device" :
			    type == AE_IFIFO ? "fifo" : "special file");
			free(path);
			goto done;
		}
		clean_name(path);
		if (type == AE_IFDIR || *path == '\0') {
			free(path);
			continue;
		}
		if (archive_entry_is_encrypted(e)) {
			set_status(res, UNPACK_ENCRYPTED, "%s%s: encrypted",
			    lv->prefix, path);
			free(path);
			goto done;
		}
		junk = junk_name(path);
		if (junk) {
			enum unpack_status js = read_rest(ctx, lv, a, e, path,
			    NULL);

			free(path);
			if (js != UNPACK_OK)
				goto done;
			continue;
		}
		full = xasprintf("%s%s", lv->prefix, path);
		free(path);
		/* The head first: its type says whether this is an archive
		 * (read whole, opened in turn) or a member (streamed). */
		data = NULL;
		dlen = cap = 0;
		if (read_into(ctx, lv, a, e, full, filetype_head_max(),
		    &data, &dlen, &cap, &ended) != UNPACK_OK) {
			free(full);
			goto done;
		}
		mime = filetype_of(data, dlen);
		if (filetype_is_archive(mime)) {
			free(mime);
			if (lv->depth + 1 > lim->max_depth) {
				set_status(res, UNPACK_TOO_LARGE,
				    "%s: archive nested deeper than %u",
				    full, lim->max_depth);
				free(full);
				free(data);
				goto done;
			}
			if (!ended && read_into(ctx, lv, a, e, full, SIZE_MAX,
			    &data, &dlen, &cap, &ended) != UNPACK_OK) {
				free(full);
				goto done;
			}
			path = xasprintf("%s/", full);
			free(full);
			unpack_level(ctx, data, dlen, path, lv->depth + 1);
			free(path);
			free(data);
			if (res->status != UNPACK_OK)
				goto done;
			continue;
		}
		if (ctx->sink == NULL) {
			if (!ended && read_into(ctx, lv, a, e, full, SIZE_MAX,
			    &data, &dlen, &cap, &ended) != UNPACK_OK) {
				free(full);
				free(mime);
				goto done;
			}
			add_member(ctx, full, data, dlen, mime);
			continue;
		}
		{
			size_t i = res->n_members;
			struct unpack_member *m = add_member(ctx, full, NULL,
			    0, mime);

			ctx->sink->begin(ctx->sink->arg, i, m, data, dlen);
			free(data);
			if (!ended && read_rest(ctx, lv, a, e, full, &dlen) !=
			    UNPACK_OK) {
				/* Cut short: not a member, as before. */
				drop_members(res, i);
				if (ctx->sink->forget)
					ctx->sink->forget(ctx->sink->arg, i);
				goto done;
			}
			m = &res->members[i];
			m->len = dlen;
			ctx->sink->end(ctx->sink->arg, i, m);
		}
	}
done:
	archive_read_free(a);
	return rc;
}

static enum unpack_status
level_read(struct unpack_ctx *ctx, struct unpack_level *lv)
{
	size_t mark = ctx->res->n_members;
	uint64_t budget0 = *ctx->budget;

	if (read_pass(ctx, lv, 0) == 0)
		return ctx->res->status;
	/* A name that is not UTF-8: start again reading names as CP936. */
	drop_members(ctx->res, mark);
	if (ctx->sink != NULL && ctx->sink->forget != NULL)
		ctx->sink->forget(ctx->sink->arg, mark);
	*ctx->budget = budget0;
	lv->produced = 0;
	(void)read_pass(ctx, lv, 1);
	return ctx->res->status;
}

static enum unpack_status
unpack_level(struct unpack_ctx *ctx, const void *buf, size_t len,
    const char *prefix, unsigned depth)
{
	struct unpack_level lv;

	memset(&lv, 0, sizeof(lv));
	lv.buf = buf;
	lv.fd = -1;
	lv.len = len;
	lv.prefix = prefix;
	lv.depth = depth;
	return level_read(ctx, &lv);
}

static struct unpack_result *
unpack_start(struct unpack_ctx *ctx, const struct unpack_limits *lim,
    uint64_t *budget, uint64_t *local)
{
	static const struct unpack_limits deflim = UNPACK_LIMITS_DEFAULT;
	struct unpack_result *res = xcalloc(1, sizeof(*res));

	memset(ctx, 0, sizeof(*ctx));
	ctx->lim = lim ? lim : &deflim;
	ctx->budget = budget ? budget : local;
	ctx->res = res;
	return res;
}

struct unpack_result *
unpack_archive(const void *buf, size_t len, const struct unpack_limits *lim,
    uint64_t *budget)
{
	struct unpack_ctx ctx;
	struct unpack_result *res;
	uint64_t local = 0;

	res = unpack_start(&ctx, lim, budget, &local);
	if (len == 0 || buf == NULL)
		set_status(res, UNPACK_UNREADABLE, "empty input");
	else
		unpack_level(&ctx, buf, len, "", 1);
	if (res->format == NULL)
		res->format = xstrdup("unknown");
	return res;
}

struct unpack_result *
unpack_archive_fd(int fd, uint64_t len, const struct unpack_limits *lim,
    uint64_t *budget, const struct unpack_sink *sink)
{
	struct unpack_ctx ctx;
	struct unpack_level lv;
	struct unpack_result *res;
	uint64_t local = 0;

	res = unpack_start(&ctx, lim, budget, &local);
	ctx.sink = sink;
	memset(&lv, 0, sizeof(lv));
	lv.fd = fd;
	lv.len = (size_t)len;
	lv.prefix = "";
	lv.depth = 1;
	if (len == 0 || fd < 0)
		set_status(res, UNPACK_UNREADABLE, "empty input");
	else
		level_read(&ctx, &lv);
	if (res->format == NULL)
		res->format = xstrdup("unknown");
	return res;
}

void
unpack_result_free(struct unpack_result *res)
{
	if (res == NULL)
		return;
	drop_members(res, 0);
	if (res->map != NULL)
		munmap(res->map, res->map_len);
	free(res->members);
	free(res->detail);
	free(res->format);
	free(res);
}

const char *
unpack_status_code(enum unpack_status st)
{
	switch (st) {
	case UNPACK_OK:
		return NULL;
	case UNPACK_UNREADABLE:
		return "archive-unreadable";
	case UNPACK_ENCRYPTED:
		return "archive-encrypted";
	case UNPACK_UNSAFE:
		return "archive-unsafe";
	case UNPACK_TOO_LARGE:
		return "archive-too-large";
	}
	return "archive-unreadable";
}
