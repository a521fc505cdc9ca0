/*
 * judge.h — one message in, one verdict out: read the mail, open every
 * archive, type every file, apply the center's rules, write the reply.
 * The same code serves `intake check` and the daemon, so check shows
 * exactly what the daemon would do.
 */
#ifndef INTAKE_JUDGE_H
#define INTAKE_JUDGE_H

#include <stddef.h>

#include "cfg.h"
#include "mail.h"
#include "unpack.h"
#include "verdict.h"

struct rules;
struct rules_center;
struct rules_checklist;
struct senders;

struct judge_ctx {
	const struct cfg	*cfg;
	const struct rules	*rules;		/* NULL: no center rules */
	const struct rules_center *center;	/* NULL: no center rules */
	const struct senders	*senders;	/* NULL: no registry */
	const char		*receipt;	/* receipt number for an
						   accepted mail; NULL: a
						   marked sample (check) */
	const char		*own_address;	/* never reply to this */
	const struct verdict	*previous;	/* a resubmission: what was
						   judged before; its files
						   count with the new ones */
	int			 members_unkept; /* 1: archive members are
						   typed and hashed, their
						   bytes not kept (check) */
	enum cfg_recognize	 recognize;	/* cfg's, or check's
						   --recognize */
};

/* One attachment as received, after typing and unpacking. */
struct judge_unit {
	const struct mail_attachment *att;	/* borrowed from mail */
	char			*name;		/* never NULL */
	char			*type;		/* by content */
	struct unpack_result	*archive;	/* NULL: not an archive */
	struct recog_result	*recog;		/* worker_out's: what was read
						   on it; NULL */
};

/* Everything judged about one message.  Owns the verdict and the decoded
 * bytes the verdict's files point into; judgment_free releases all. */
struct judgment {
	struct verdict		*verdict;
	struct mail_message	*mail;		/* NULL if unreadable */
	struct judge_unit	*units;
	size_t			 n_units;
};

/* Judges buf[0..len).  label is the file name shown in the verdict (NULL
 * in the daemon).  Never fails: unreadable input is a verdict too. */
struct judgment *judge_message(const struct judge_ctx *, const char *buf,
	    size_t len, const char *label);
/* The same for a message the caller parsed (mail_parse), so that it can
 * drop the raw bytes before the archives are opened: takes m, which the
 * judgment frees.  m NULL: the input was empty. */
struct judgment *judge_parsed(const struct judge_ctx *,
	    struct mail_message *m, const char *label);
void	judgment_free(struct judgment *);

/* Applies ctx->center's rules to a read, unpacked message: persons,
 * materials, status and reply (judge-center.c). */
void	judge_center(struct judgment *, const struct judge_ctx *);

/* What was read from person i's files (judge-content.c): each file's
 * material by its content where its name tells none (or clearly the
 * wrong one), item_by, read; file-unclear for images under the center's
 * thresholds.  Called by check_materials before the checklist is
 * evaluated; item is the name's material (NULL: none) and is replaced.
 * Returns 1 when the file was reported file-unclear (it is asked for
 * again: nothing more need be said of it), else 0. */
int	judge_content_file(const struct judge_ctx *, struct verdict *,
	    const char *person, const struct rules_checklist *,
	    struct verdict_file *, const char *name_item);
/* Who the documents show, across every person (judge-content.c):
 * person-mismatch.  is_person[i]: persons[i] is a person the files must
 * belong to (listed or named after an archive). */
void	judge_content_persons(const struct judge_ctx *, struct verdict *,
	    const int *is_person);

/* 1 when mail must never be answered: RFC 3834 rules, lists, bounces,
 * robots, our own address.  why gets a short English reason. */
int	judge_is_robot(const struct mail_message *, const char *own_address,
	    const char **why);

#endif
