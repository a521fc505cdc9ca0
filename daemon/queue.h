/*
 * queue.h — the staff queue: the submissions in the records, read-only,
 * in the order a person works through them:
 *   0  review                          (only a person can decide)
 *   1  rejected, not sent again        (the sender may need a call)
 *   2  the rest: rejected and sent again, accepted, ignored, any other
 * oldest first within each group (then by id).
 *
 * "Sent again": a later submission that is not ignored, from the same
 * sender address (case-insensitive), naming the same company or at least
 * one of the same persons.  Approximate by design: staff see it marked.
 *
 * queue_load() opens the database read-only (it never creates or migrates
 * one) and hands out an array the caller frees with queue_free(); every
 * string in it is malloc'd and owned by the array.
 */
#ifndef INTAKE_QUEUE_H
#define INTAKE_QUEUE_H

#include <stddef.h>
#include <time.h>

struct queue_person {
	char	*name;		/* "" for a unit-level business */
	char	*business;	/* NULL when none */
	char	*id_number;	/* as recorded, NULL when none: mask it */
};

struct queue_problem {
	char	*code;
	char	*person;	/* NULL when none, likewise below */
	char	*file;
	char	*item;
	char	*detail;	/* the long Chinese text of the reply */
};

struct queue_item {
	long long	 id;
	char		*receipt;	/* NULL until accepted */
	char		*status;	/* accepted rejected review ignored */
	char		*business;	/* NULL when none */
	char		*company;
	char		*sender;
	char		*subject;
	time_t		 received;	/* the message's arrival */
	int		 group;		/* 0, 1, 2 as above */
	int		 resent;	/* rejected and sent again since */
	struct queue_person *persons;
	size_t		 n_persons;
	struct queue_problem *problems;
	size_t		 n_problems;
};

/* Filters; NULL / 0 for none.  status: one status or a comma-separated
 * list. */
struct queue_filter {
	const char	*status;
	time_t		 since;		/* received at or after */
};

/* 0, or -1 with *err (malloc'd): the database is missing or unreadable. */
int	queue_load(const char *db_path, const struct queue_filter *,
	    struct queue_item **items, size_t *n, char **err);
void	queue_free(struct queue_item *, size_t n);

#endif
