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
 * Where to plug in (content recognition, issue 18):
 *  - reader_init(): everything loaded once per reader, before the
 *    confinement (libmagic's database; OCR models beside it);
 *  - reader_member_step(): run once per member inside the reader, after
 *    its type and SHA-256 (recognition beside them);
 *  - the record: struct unpack_member (unpack.h) is what comes back per
 *    member; a new field is added there, written in reader_put_member()
 *    and read in reader_take_member() (reader.c, side by side).
 */
#ifndef INTAKE_READER_H
#define INTAKE_READER_H

#include <stddef.h>
#include <stdint.h>

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
	uint32_t		pad;
};

/* Loads what every attachment needs, once per reader, before the
 * confinement.  0, or -1 (the reader exits; said on stderr). */
int	reader_init(void);

/* One member, inside the reader, once all its bytes went by: m has its
 * path, name, type (of the head) and sha256; head holds its first n bytes
 * (all of it when n == m->len).  Fills further fields of m. */
void	reader_member_step(struct unpack_member *m, const unsigned char *head,
	    size_t n);

/* Serves requests on fd until it closes; never returns.  Called in the
 * forked reader, with fd its only descriptor besides stdio. */
void	reader_main(int fd, unsigned mb) __attribute__((noreturn));

/*
 * The reply record.  out: type, then (archive or not) status, detail,
 * format, budget and the members, each with its offset in the members'
 * memfd (UINT64_MAX: not written).  reader_take parses what reader_put
 * wrote; -1 when it is garbled.  The result's members have no data.
 */
void	reader_put(struct buf *, const char *type,
	    const struct unpack_result *, uint64_t budget,
	    const uint64_t *offsets);
int	reader_take(const char *p, size_t n, char **type,
	    struct unpack_result **archive, uint64_t *budget,
	    uint64_t **offsets);

#endif
