/*
 * service.h — the daemon's work on one mailbox: fetch, spool, record,
 * judge, mark done on the server, reply; and finishing what a crash
 * interrupted.  `intake run` loops over it, `intake once` makes one pass.
 *
 * Order of every step, so that nothing is lost or done twice:
 *   1. the raw message is spooled (fsync'd) and its arrival recorded;
 *   2. it is judged and the submission stored with its reply "due", in
 *      one transaction (a receipt number is taken in that transaction);
 *   3. only then is it marked done on the server;
 *   4. the reply is marked "sending", sent, then marked "sent".
 * A crash before 2 leaves the message listed on the server or pending in
 * the records: it is judged again from the spool.  A crash in 4 finds the
 * reply "sending": a channel that can tell (outbox) says whether it left;
 * otherwise it is sent again (logged), the only at-least-once window.
 */
#ifndef INTAKE_SERVICE_H
#define INTAKE_SERVICE_H

#include "env.h"

struct service;

/* Opens the records (taking the one-instance lock), the spool and the
 * reply channel for env (borrowed: it must outlive the service, or be
 * replaced with service_set_env).  NULL and *err on failure. */
struct service *service_open(const struct env *, char **err);
void	service_close(struct service *);

/* A reloaded configuration (SIGHUP): the reply channel is reopened; the
 * records and spool stay (their paths are not reloaded). */
int	service_set_env(struct service *, const struct env *, char **err);

/* Judges every message spooled but not judged (after a crash).  Returns
 * the number left undone because of a local error. */
int	service_recover(struct service *);

/* Connects the mailbox if needed, lists it and handles every new message.
 * *stop is polled between messages.  Returns 0, or -1 when the mailbox
 * failed (it is closed; the next pass reconnects). */
int	service_pass(struct service *, volatile int *stop);

/* Sends the replies that are due.  Returns seconds until the next retry
 * is due (a large number when none). */
int	service_send_due(struct service *);

/* Waits for new mail up to secs (IMAP IDLE, inotify, or a sleep).
 * Returns 1 new mail, 0 timeout or signal, -1 the mailbox failed. */
int	service_wait(struct service *, int secs);

#endif
