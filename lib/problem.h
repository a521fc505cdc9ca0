/*
 * problem.h — the one table of problem codes (the stable `code` of a
 * verdict's problems, see doc/): each code's short Chinese label for staff
 * lists, what it does to the status, and a default sentence for a sender
 * when a problem carries no detail of its own.  A new code goes here
 * first; tests/regress/problems.sh fails for a code used anywhere else
 * and missing here.
 */
#ifndef INTAKE_PROBLEM_H
#define INTAKE_PROBLEM_H

#include <stddef.h>

enum problem_effect {
	PROBLEM_BLOCKS,		/* the mail is rejected */
	PROBLEM_REVIEW,		/* a person looks at it; no receipt yet */
	PROBLEM_WARNS,		/* said in the reply; the status is kept */
};

struct problem_kind {
	const char		*code;
	const char		*label;		/* 4-8 characters, for lists */
	enum problem_effect	 effect;
	const char		*sentence;	/* to the sender, in full */
};

extern const struct problem_kind problem_kinds[];
extern const size_t problem_n_kinds;

/* The entry for code; NULL for a code not in the table (or NULL). */
const struct problem_kind *problem_kind(const char *code);
/* Its label, or NULL. */
const char *problem_label(const char *code);
/* An unknown code blocks: a problem nobody described is not waved on. */
enum problem_effect problem_effect(const char *code);

#endif
