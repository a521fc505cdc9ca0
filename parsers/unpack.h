/*
 * unpack.h — opens one attachment's archive (libarchive) into its member
 * files, in memory, under hard limits.
 *
 * The prefix is unpack_ and not archive_ because libarchive owns that
 * prefix and the <archive.h> header name.
 *
 * Limits are counted on the bytes actually produced, never on the sizes an
 * archive declares.  Junk that archivers add (__MACOSX/, .DS_Store,
 * Thumbs.db, desktop.ini) is skipped silently; directories are not members.
 * An archive nested inside is opened too (depth counted from 1 for the
 * outer archive), its members named "inner.zip/path".
 *
 * Reading stops at the first limit or unsafe entry; members read until
 * then are still returned, with the status that stopped it.
 */
#ifndef INTAKE_UNPACK_H
#define INTAKE_UNPACK_H

#include <stddef.h>
#include <stdint.h>

struct recog_result;

struct unpack_limits {
	uint64_t max_total_bytes;	/* expanded, per message (100 MB) */
	unsigned max_entries;		/* per archive (1000) */
	unsigned max_ratio;		/* expanded : compressed (100) */
	unsigned max_depth;		/* nesting (2) */
};

#define UNPACK_LIMITS_DEFAULT { 100u * 1000 * 1000, 1000, 100, 2 }

enum unpack_status {
	UNPACK_OK = 0,
	UNPACK_UNREADABLE,		/* corrupt, truncated, unknown format */
	UNPACK_ENCRYPTED,		/* password-protected */
	UNPACK_UNSAFE,			/* absolute path, "..", link, device */
	UNPACK_TOO_LARGE,		/* a limit above was reached */
};

struct unpack_member {
	char		*path;		/* UTF-8 path inside the archive as
					   named, "/"-separated, never used
					   as a file system path */
	char		*name;		/* its last component */
	unsigned char	*data;		/* NULL when streamed to a sink */
	size_t		 len;
	char		*type;		/* by content (its head, as libmagic
					   types a file: the first
					   filetype_head_max() bytes) */
	char		 sha256[65];	/* hex; "" unless streamed or set by
					   the reader (worker.h) */
	struct recog_result *recog;	/* what the reader read on it
					   (recognize.h), owned; NULL when
					   not read */
};

struct unpack_result {
	enum unpack_status status;
	char		*detail;	/* why, in English, for logs; NULL if OK */
	int		 over_time;	/* UNPACK_UNREADABLE because its reader
					   ran out of time (worker.c), not
					   because the bytes are bad */
	char		*format;	/* "ZIP", "7-Zip", "RAR5", ... */
	struct unpack_member *members;
	size_t		 n_members;
	void		*map;		/* non-NULL: the members' data point
					   into this read-only mapping of
					   map_len bytes (worker.h), which
					   unpack_result_free unmaps */
	size_t		 map_len;
};

/* Opens buf[0..len).  *budget is the expanded bytes already used by this
 * message's earlier archives; it is increased by what this one produced.
 * Returns a result (caller frees with unpack_result_free); never NULL. */
struct unpack_result *unpack_archive(const void *buf, size_t len,
	    const struct unpack_limits *, uint64_t *budget);
void	unpack_result_free(struct unpack_result *);

/*
 * Streaming: the members are not kept.  Each is handed to the sink as
 * libarchive yields it: begin() with the member (path, name, type known;
 * len not yet) and its head (the first filetype_head_max() bytes, or all
 * of it), data() with every later byte in order, end() with len set.
 * forget(from): members from index `from` on were void (an archive read
 * again with CP936 names) and come again.  Nested archives are still
 * read whole, in memory, and their members streamed.  res->members
 * records every member without data.
 */
struct unpack_sink {
	void	*arg;
	void	(*begin)(void *arg, size_t i, const struct unpack_member *,
		    const unsigned char *head, size_t n);
	void	(*data)(void *arg, const unsigned char *, size_t);
	void	(*end)(void *arg, size_t i, struct unpack_member *);
	void	(*forget)(void *arg, size_t from);
};

/* unpack_archive over the len bytes of a seekable file (a memfd),
 * streaming members to sink; fd is read from offset 0 and not closed. */
struct unpack_result *unpack_archive_fd(int fd, uint64_t len,
	    const struct unpack_limits *, uint64_t *budget,
	    const struct unpack_sink *);

/* The problem code of the interface page for a status ("archive-unsafe"),
 * NULL for UNPACK_OK. */
const char *unpack_status_code(enum unpack_status);

#endif
