/* env.c — loads configuration, schemas and sender registry as one. */
#include "env.h"

#include <stdlib.h>
#include <string.h>

#include "channel.h"
#include "reply.h"
#include "util.h"
#include "worker.h"

/* A configuration without `center`: say which exist, by name. */
static void
no_center(const struct env *e, struct diag *d)
{
	const struct rules_center *c;
	struct buf names = { 0 };
	size_t i;

	for (i = 0; (c = rules_center_at(e->rules, i, NULL)) != NULL; i++)
		buf_addf(&names, "%s%s", i ? ", " : "", c->name);
	diag_add(d, e->cfg->path, 0, "center is not set: add center = "
	    "\"NAME\"; with one of the centers in %s/centers: %s",
	    e->cfg->schemas, i ? names.data : "(none)");
	buf_free(&names);
}

struct env *
env_load(const char *cfg_path, const char *center, const char *senders,
    struct diag *d)
{
	struct env *e = xcalloc(1, sizeof *e);
	size_t before = d->n;

	if ((e->cfg = cfg_load(cfg_path, d)) == NULL)
		goto fail;
	worker_pool_size(e->cfg->readers);
	if (center) {
		free(e->cfg->center);
		e->cfg->center = xstrdup(center);
	}
	if (senders) {
		free(e->cfg->senders);
		e->cfg->senders = xstrdup(senders);
	}
	e->rules = rules_load(e->cfg->schemas, d);
	if (e->rules && e->cfg->center == NULL)
		no_center(e, d);
	else if (e->rules) {
		e->center = rules_center(e->rules, e->cfg->center);
		if (e->center == NULL)
			diag_add(d, center ? NULL : e->cfg->path, 0,
			    "unknown center \"%s\" (no %s/centers/%s.cfg)",
			    e->cfg->center, e->cfg->schemas, e->cfg->center);
	}
	if (e->cfg->senders)
		e->senders = senders_load(e->cfg->senders, d);
	else if (e->center && e->center->senders_registered)
		diag_add(d, e->cfg->path, 0, "center \"%s\" accepts mail only "
		    "from registered addresses: set senders to the registry "
		    "file (CSV company,short_name,email)", e->center->name);
	if (e->cfg->reply.from && *e->cfg->reply.from)
		e->own_address = reply_address(e->cfg->reply.from);
	if (d->n > before)
		goto fail;
	return e;
fail:
	env_free(e);
	return NULL;
}

void
env_free(struct env *e)
{
	if (e == NULL)
		return;
	senders_free(e->senders);
	rules_free(e->rules);
	cfg_free(e->cfg);
	free(e->own_address);
	free(e);
}

struct judge_ctx
env_judge_ctx(const struct env *e)
{
	struct judge_ctx c = { 0 };

	c.cfg = e->cfg;
	c.rules = e->rules;
	c.center = e->center;
	c.senders = e->senders;
	c.own_address = e->own_address;
	c.recognize = e->cfg->recognize;
	return c;
}

struct channel *
env_reply_channel(const struct env *e, char **err)
{
	const struct cfg_reply *r = &e->cfg->reply;
	struct channel *c;
	char *pw;

	if (secret_read(r->password_file, &pw, err) != 0)
		return NULL;
	c = channel_open_ca(r->via, pw, r->ca_file != NULL && *r->ca_file ?
	    r->ca_file : e->cfg->mailbox.ca_file, err);
	free(pw);
	if (c)
		c->timeout = r->timeout;
	return c;
}
