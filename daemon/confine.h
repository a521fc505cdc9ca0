/*
 * confine.h — the jail for code that reads a sender's bytes: a child
 * process with no new privileges, no file opened for writing, created,
 * removed or renamed, no socket, no exec, no fork (seccomp), a read-only
 * file system where the kernel has Landlock, no core, no file growth, and
 * the kernel's memory and CPU ceilings.  Used by the archive readers
 * (reader.c) and the preview renderer (preview.c).
 */
#ifndef INTAKE_CONFINE_H
#define INTAKE_CONFINE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct buf;

/* The reader's ceilings (limits.max_reader_mb, limits.max_reader_seconds),
 * enforced by the kernel, not by trusting the library: memory the child
 * may map beyond what it started with, and the wall-clock time it has. */
struct worker_ceilings {
	unsigned	mb;		/* 512 */
	int		seconds;	/* 20 */
};

#define WORKER_CEILINGS_DEFAULT { 512, 20 }

/* In the child, before touching the bytes: the ceilings and the jail.
 * flags: 0 for a child that reads one thing and exits (CPU limited to
 * the ceiling's seconds, no file written); CONFINE_THREADS for a library
 * that decodes in threads of its own (libheif's HEVC decoder): threads of
 * the child, never a new process; CONFINE_POOLED for a long-lived reader
 * (reader.c): no lifetime CPU limit (confine_cpu before each job) and
 * writes to its memfds up to CONFINE_FSIZE.  Never returns on failure:
 * the child _exits (94 no ceiling, 90 no seccomp filter) rather than read
 * unconfined. */
#define CONFINE_THREADS	1
#define CONFINE_POOLED	2
/* Written members: no more than the largest message budget intake allows
 * (limits.max_total_mb <= 4000); any other file cannot be opened. */
#define CONFINE_FSIZE	((unsigned long long)4000 * 1000 * 1000 + (1u << 20))
void	confine_self(const struct worker_ceilings *, int flags);

/* A pooled reader, before each job: the CPU soft limit becomes what the
 * process has used so far plus seconds (+1), so a spinning library gets
 * SIGXCPU even when the wall clock has not run out.  0 or -1. */
int	confine_cpu(int seconds);

/* In the parent: everything the child writes to fd until EOF, appended to
 * b.  0 at EOF, -1 on the deadline or a read error, -2 past max bytes. */
int	confine_read(int fd, time_t deadline, uint64_t max, struct buf *b);

#endif
