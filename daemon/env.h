/*
 * env.h — everything a command judges with, loaded together: the main
 * configuration, the schemas (center profiles and checklists), the sender
 * registry, and the center in force.  One loader for every command, so
 * `check`, `config-check` and the daemon can never disagree on what the
 * configuration means.
 *
 * env_load() returns an env that owns all of it; env_free() releases it.
 */
#ifndef INTAKE_ENV_H
#define INTAKE_ENV_H

#include "cfg.h"
#include "diag.h"
#include "judge.h"
#include "rules.h"
#include "senders.h"

struct env {
	struct cfg		*cfg;
	struct rules		*rules;
	struct senders		*senders;	/* NULL: no registry */
	const struct rules_center *center;	/* owned by rules */
	char			*own_address;	/* reply.from's address */
};

/*
 * Loads the configuration at cfg_path (see cfg_default_path), then the
 * schemas it names and the sender registry.  center and senders, when not
 * NULL, override the configured ones (`check --center/--senders`).  Every
 * error goes to d with file and line; returns NULL if there was any,
 * including an unknown center or a center that requires registered
 * senders without a registry.
 */
struct env *env_load(const char *cfg_path, const char *center,
	    const char *senders, struct diag *d);
void	env_free(struct env *);

/* The reply channel of the configuration (reply.via), with its password
 * file read, its CA (reply.ca_file, else mailbox.ca_file) and its
 * timeout; NULL with *err (malloc'd).  Close it with channel_close(). */
struct channel *env_reply_channel(const struct env *, char **err);

/* A judge context for this env; receipt NULL (a marked sample). */
struct judge_ctx env_judge_ctx(const struct env *);

#endif
