/*
 * worker.h — archive reading and file typing, the code that touches the
 * sender's bytes hardest, in a pool of long-lived confined readers
 * (reader.h: what runs inside one).  A reader is started on first use,
 * loads libmagic once and confines itself once: no new privileges, no
 * file may be opened for writing, created, removed or renamed, no socket,
 * no exec, no fork (seccomp), read-only file system where the kernel has
 * Landlock, a memory ceiling (RLIMIT_AS), and per attachment a CPU limit
 * and a wall-clock deadline enforced here.  The attachment goes to the
 * reader in a memfd, the members' bytes come back in another (only when
 * kept); the socket carries only requests and results.  A reader that
 * crashes, hangs past the deadline or breaks its memory ceiling is
 * killed and replaced: that attachment becomes an unreadable (or
 * too-large) archive, the others are judged as usual.
 *
 * For tests only: with INTAKE_TEST_FAULT set to "crash:TEXT" or
 * "hang:TEXT", the reader given an attachment whose name contains TEXT
 * crashes (SIGSEGV) or hangs, so the containment can be shown to work;
 * "write:TEXT" makes it try to create $INTAKE_TEST_PROBE and crash if it
 * could (the confinement failed).
 */
#ifndef INTAKE_WORKER_H
#define INTAKE_WORKER_H

#include <stddef.h>
#include <stdint.h>

#include "confine.h"
#include "unpack.h"

/* The reader's ceilings (confine.h): over memory UNPACK_TOO_LARGE, over
 * time UNPACK_UNREADABLE. */

struct worker_out {
	char			*type;		/* the attachment's, by content */
	struct recog_result	*recog;		/* what the reader read on the
						   attachment itself (an image
						   or PDF, recognition on);
						   NULL otherwise; owned */
	struct unpack_result	*archive;	/* NULL: not an archive; else
						   members carry type and
						   sha256, what was read on
						   them (recog), and data (in
						   archive->map) only when
						   kept */
	double			 cpu;		/* CPU seconds its reader
						   spent on it */
};

/* One attachment for worker_run: data, len and name are the caller's
 * (borrowed for the call); out is filled (free with worker_out_free). */
struct worker_job {
	const void		*data;
	size_t			 len;
	const char		*name;
	struct worker_out	 out;
};

/* Readers in this process's pool (readers = N); 0: one per online CPU.
 * Takes effect for readers started afterwards. */
void	worker_pool_size(unsigned n);
/* Whether readers read what images and PDFs show (recognize.h): the
 * attachment's and each member's result comes back in worker_out.recog
 * and unpack_member.recog.  Off until called; a change ends the running
 * readers, so the next start with it. */
void	worker_pool_recognize(int on);

/* Which files are read when recognition is on: wants(arg, name), given
 * an attachment's name or a member's path, is 1 to read it and 0 to
 * leave it to its name (recognize = "unnamed").  NULL: every image and
 * PDF. */
struct worker_reading {
	int	(*wants)(void *arg, const char *name);
	void	*arg;
};
/* Ends this process's readers (also at exit). */
void	worker_pool_stop(void);

/*
 * Types every job's data and unpacks those that are archives, in the
 * pool's readers, in parallel, within the ceilings (NULL: defaults).
 * keep: the members' bytes come back (the daemon spools them); else only
 * their type, SHA-256 and length (check).  With recognition on, the
 * images and PDFs that reading wants (NULL: all) are read: an
 * attachment by the reader that types it; an archive's members once it
 * is unpacked, each a request of its own over the whole pool (one
 * person's archive of six photos is not left to one core), until the
 * readers spent half of the ceiling's seconds on that archive's members
 * (those after are left to their names).  A member whose reader fails
 * or runs out of time is left to its name; the archive stands.  *budget
 * is the expanded bytes left for the message (unpack_archive), counted in
 * job order exactly as if the jobs ran one after the other, and updated.  Always fills every
 * out: a reader that crashed, hung or spoke nonsense gives an archive
 * with UNPACK_UNREADABLE and a detail saying which.
 */
void	worker_run(struct worker_job *, size_t n,
	    const struct unpack_limits *, uint64_t *budget,
	    const struct worker_ceilings *, int keep,
	    const struct worker_reading *reading);
void	worker_out_free(struct worker_out *);

#endif
