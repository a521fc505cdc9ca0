/*
 * service-impl.h — the private inside of the service (service.h), shared
 * by its files: service.c (open, close, reload), service-loop.c (the
 * mailbox: fetch, spool, record, mark done), service-link.c (which open
 * submission a mail answers), service-store.c (judge and store, with the
 * reply policy; recovery), service-send.c (the send loop).
 */
#ifndef INTAKE_SERVICE_IMPL_H
#define INTAKE_SERVICE_IMPL_H

#include <stddef.h>
#include <time.h>

#include "env.h"
#include "spool.h"
#include "verdict.h"

struct service {
	const struct env *env;
	struct records	*rec;
	struct spool	*spool;
	struct channel	*chan;
	struct source	*src;
	char		*mailbox;	/* URL for the records and logs */
	int		 lock_fd;
	time_t		 src_retry;	/* no reconnect before this */
	int		 src_backoff;
};


/* An answer to one of our replies (In-Reply-To/References name its
 * Message-ID) or naming a receipt number, to a submission still open
 * (rejected or waiting for review): that submission, and its verdict in
 * *prev (caller frees).  0 when the mail starts a new submission. */
long long service_find_link(struct service *, const char *data, size_t len,
	    struct verdict **prev);

/* Judges msg's spooled bytes and stores the verdict, the reply (due or
 * suppressed) and the new state in one transaction.  dup_of: the record
 * this mail duplicates (0: none).  0, or -1 on a local error (left
 * pending: retried). */
int	service_judge_and_store(struct service *, long long msg,
	    const struct spool_bytes *, long long dup_of);

#endif
