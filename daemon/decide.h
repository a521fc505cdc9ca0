/*
 * decide.h — a staff decision on a submission, the whole action: the
 * checks (an ignored mail, a second decision, a withdrawn receipt need
 * care), the new status and verdict, a receipt number when accepting
 * without one, the reply stored as due, the history entry by the actor
 * — one transaction — and the audit row, refused or not.  `intake
 * decide` and the staff console both call it.
 *
 * Strings passed in are only read.  *err and what decide_out holds are
 * malloc'd and the caller's (decide_out_free).
 */
#ifndef INTAKE_DECIDE_H
#define INTAKE_DECIDE_H

#include <stdio.h>

struct env;
struct records;

struct decide_req {
	const char	*what;		/* "accept", "reject", "supplement" */
	const char	*reason;	/* what the sender reads; needed but
					   for accept ("" then) */
	const char	*actor;		/* who decides: the history entry */
	const char	*audit_by;	/* the audit row's name; NULL: only
					   the Unix user is recorded */
	const char	*command;	/* the audit row's command: "decide" */
	int		 force;		/* decide again, withdraw a receipt */
};

enum decide_result {
	DECIDE_DONE = 0,
	DECIDE_REFUSED,		/* *err says why; nothing changed */
	DECIDE_FAILED,		/* *err; nothing changed */
};

struct decide_out {
	char	*receipt;	/* the submission's receipt after it; NULL:
				   none */
	char	*audit_err;	/* the audit row failed (the result stands) */
};

/* Decides submission id (records open read-write) under e's centers. */
enum decide_result decide_submission(const struct env *e, struct records *,
	    long long id, const struct decide_req *, struct decide_out *,
	    char **err);
void	decide_out_free(struct decide_out *);
/* The same decision run to its reply and rolled back, for the console's
 * confirmation page: DECIDE_DONE with *reply (malloc'd: "收件人：…\n主题：
 * …\n\n" and the text the sender would get, receipt number included);
 * nothing is stored, sent or audited.  Refused or failed as
 * decide_submission would be. */
enum decide_result decide_preview(const struct env *e, struct records *,
	    long long id, const struct decide_req *, char **reply,
	    char **err);

/* Sends the due replies of submission sub now, naming each on say (NULL:
 * quiet), unless a daemon holds the records: 1, it sends them on its
 * next pass.  0 when every one went; -1 with *err when one could not
 * (it stays due: the daemon retries). */
int	decide_send(const struct env *e, struct records *, long long sub,
	    FILE *say, char **err);

#endif
