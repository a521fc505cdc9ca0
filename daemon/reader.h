/*
 * reader.h — the inside of one long-lived confined reader (the pool is
 * worker.h's): the process that reads the sender's bytes.  It is forked
 * once, runs reader_init() once, confines itself once (seccomp, Landlock,
 * no new privileges, memory ceiling) and then serves attachments one at
 * a time until its socket closes:
 *
 *   request (worker → reader): struct reader_req, the name, and with it
 *     (SCM_RIGHTS) the attachment's memfd and, when the caller keeps the
 *     files, an empty memfd for the members' bytes;
 *   reply (reader → worker): u64 length, then the record below.
 *
 * No attachment or member byte goes through the socket: the reader reads
 * the attachment from its memfd and streams each member (libarchive)
 * through reader_member_step(), writing its bytes to the members' memfd
 * only when asked.
 *
 * Where to plug in:
 *  - reader_init(): everything loaded once per reader, before the
 *    confinement (libmagic's database);
 *  - reader_member_step(): run once per member inside the reader, after
 *    its type and SHA-256.  Content recognition (issue 18) reads the
 *    attachment itself in serve_one, its result beside the type in
 *    reader_put(); an archive's members are read by the same path, each
 *    sent back by the worker as a request of its own, so that one
 *    archive's photos are spread over every reader (worker.c);
 *  - the record: struct unpack_member (unpack.h) is what comes back per
 *    member; a new field is added there, written in put_member() and
 *    read in take_member() (reader.c, side by side).
 */
#ifndef INTAKE_READER_H
#define INTAKE_READER_H

#include <stddef.h>
#include <stdint.h>

#include "recognize.h"
#include "unpack.h"
#include "util.h"

/* The fixed part of a request; the name's bytes follow. */
struct reader_req {
	uint64_t		len;		/* attachment bytes */
	uint64_t		budget;		/* unpack_archive's *budget */
	struct unpack_limits	lim;
	uint32_t		keep;		/* 1: members' bytes wanted */
	uint32_t		name_len;
	int32_t			seconds;	/* CPU seconds for this one */
	uint32_t		read;		/* 1: an image or PDF is read
						   (recognition on) */
};

/* Loads what every attachment needs, once per reader, before the
 * confinement.  0, or -1 (the reader exits; said on stderr).  The OCR
 * models (recognize.h) are not among them: they are loaded by the first
 * image or PDF that a reader with recognition on reads, once, inside the
 * reader's ceilings and filter (a mail without one costs nothing). */
int	reader_init(void);

/* One member, inside the reader, once all its bytes went by: m has its
 * path, name, type (of the head) and sha256; head holds its first n
 * bytes.  Fills further fields of m (none today: what a member shows is
 * read by a request of its own, see above). */
void	reader_member_step(struct unpack_member *m, const unsigned char *head,
	    size_t n);

/* Serves requests on fd until it closes; never returns.  Called in the
 * forked reader, with fd its only descriptor besides stdio.  recognize:
 * images and PDFs (the attachment's own bytes and archive members) are
 * read (recognize.h) and what was read comes back with them. */
void	reader_main(int fd, unsigned mb, int recognize)
	    __attribute__((noreturn));

/*
 * The reply record.  out: the CPU seconds the reader spent on the
 * request, type, what was read on the attachment itself (recog, NULL:
 * nothing), then (archive or not) status, detail, format, budget and the
 * members, each with its offset in the members' memfd (UINT64_MAX: not
 * written) and what was read on it.  reader_take parses what reader_put
 * wrote; -1 when it is garbled.  The result's members have no data.
 */
void	reader_put(struct buf *, double cpu, const char *type,
	    const struct recog_result *recog, const struct unpack_result *,
	    uint64_t budget, const uint64_t *offsets);
int	reader_take(const char *p, size_t n, double *cpu, char **type,
	    struct recog_result **recog, struct unpack_result **archive,
	    uint64_t *budget, uint64_t **offsets);

#endif
