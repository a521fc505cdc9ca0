/*
 * worker.h — archive reading and file typing, the code that touches the
 * sender's bytes hardest, in a child process of its own per attachment:
 * no new privileges, no file may be opened for writing, created, removed
 * or renamed, no socket, no exec, no fork (seccomp), read-only file
 * system where the kernel has Landlock, CPU and file-size limits, and a
 * memory and time ceiling (struct worker_ceilings).  A crash or a hang
 * there (past the time limit) becomes an unreadable archive for that
 * attachment, running out of memory a too-large one; the caller carries
 * on.
 *
 * For tests only: with INTAKE_TEST_FAULT set to "crash:TEXT" or
 * "hang:TEXT", the child for an attachment whose name contains TEXT
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
	struct unpack_result	*archive;	/* NULL: not an archive; else
						   members carry their type */
};

/*
 * Types data (the attachment named name) and unpacks it when it is an
 * archive, in a contained child, within the ceilings (NULL: defaults).  *budget is the
 * expanded bytes left for the message (unpack_archive) and is updated.
 * Always fills out (free with worker_out_free): a child that crashed,
 * hung or spoke nonsense gives an archive with UNPACK_UNREADABLE and a
 * detail saying which.
 */
void	worker_open(const void *data, size_t len, const char *name,
	    const struct unpack_limits *, uint64_t *budget,
	    const struct worker_ceilings *, struct worker_out *out);
void	worker_out_free(struct worker_out *);

#endif
