/*
 * spool.h — raw mail and extracted files on disk, written the way
 * OpenSMTPD's queue is: into tmp/, fsync, rename into place, fsync the
 * directory; so after a crash a file is either whole or absent.
 *
 * Layout under the spool directory (created 0700 by spool_open):
 *   tmp/                              files being written
 *   msg/AB/SHA256.eml                 raw messages, named by content
 *   files/MSGID/PERSON/NAME           extracted files of record MSGID,
 *                                     per person ("_unit" for the unit),
 *                                     with safe names (spool_safe_name)
 *
 * Every function returns 0 or -1 with *err malloc'd (naming the path and
 * strerror: "No space left on device" for a full disk).  Paths handed
 * back are relative to the spool directory and malloc'd.
 */
#ifndef INTAKE_SPOOL_H
#define INTAKE_SPOOL_H

#include <stddef.h>

struct spool;

/* Opens dir, creating it and its subdirectories when missing. */
struct spool *spool_open(const char *dir, char **err);
void	spool_close(struct spool *);		/* NULL is fine */
const char *spool_dir(const struct spool *);

/* Stores a raw message durably as msg/AB/SHA256.eml (sha256: 64 lower-case
 * hex digits of data).  The same bytes again: nothing written, 0. */
int	spool_put_message(struct spool *, const char *data, size_t len,
	    const char *sha256, char **relpath, char **err);
/* Reads a spooled file back (malloc'd, NUL-terminated, *len bytes). */
char	*spool_read(struct spool *, const char *relpath, size_t *len,
	    char **err);
/* A spooled file opened read-only (a regular file, the last component no
 * symbolic link) for serving it (daemon/web-file.c): the descriptor, its
 * size in *size; -1 with *err.  relpath comes from the records, never
 * from a request. */
int	spool_open_file(struct spool *, const char *relpath, long long *size,
	    char **err);
/* A spooled message to judge: mapped read-only and private when it is a
 * non-empty file (mapped 1: mail_parse_mapped may drop its pages), else
 * read into memory (mapped 0).  0, or -1 with *err; release with
 * spool_bytes_free() either way. */
struct spool_bytes {
	char	*data;
	size_t	 len;
	int	 mapped;
};
int	spool_map(struct spool *, const char *relpath, struct spool_bytes *,
	    char **err);
void	spool_bytes_free(struct spool_bytes *);
/* Stores one extracted file under files/MSGID/PERSON/NAME, durable; a name
 * already taken there gets " (2)", " (3)" ... before its extension. */
int	spool_put_file(struct spool *, long long msgid, const char *person,
	    const char *name, const void *data, size_t len, char **relpath,
	    char **err);
/* Removes files/MSGID/ and, when msg_relpath is not NULL, that message. */
int	spool_remove(struct spool *, long long msgid, const char *msg_relpath,
	    char **err);

/* A name safe as one path component, from a name as the sender wrote it
 * (possibly "folder/sub/name.jpg"): the last component, control
 * characters, '/', '\\' and ':' replaced by '_', no leading '.', at most
 * 200 bytes (cut on a UTF-8 boundary, extension kept), never empty, "."
 * or "..".  malloc'd. */
char	*spool_safe_name(const char *name);

#endif
