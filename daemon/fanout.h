/*
 * fanout.h — n independent jobs spread over forked children (both cores),
 * their results handed back in job order.
 *
 * fanout_run() forks min(procs, n) children after everything the jobs
 * share is loaded (copy on write: the configuration, libmagic's database
 * are loaded once).  Child k runs work(arg, i, out) for i = k, k + procs,
 * ...; work appends its result to *out and returns a status >= 0.  The
 * parent calls emit(arg, i, status, data, len) for i = 0, 1, ... as soon
 * as every result before it has come; data is the parent's, valid during
 * the call.  A job whose child died before sending it is emitted with
 * status -1 and no data.  procs <= 1 or n <= 1 runs the jobs in this
 * process, in order.  Returns 0, or -1 (errno) when no child could be
 * started, before any job ran.
 */
#ifndef INTAKE_FANOUT_H
#define INTAKE_FANOUT_H

#include <stddef.h>

#include "util.h"

typedef int	(*fanout_work)(void *arg, size_t i, struct buf *out);
typedef void	(*fanout_emit)(void *arg, size_t i, int status,
		    const char *data, size_t len);

int	fanout_run(size_t n, unsigned procs, fanout_work, fanout_emit,
	    void *arg);
/* The number of online CPUs, at least 1. */
unsigned fanout_cpus(void);

#endif
