/*
 * cmd_web.c — `intake web [--listen ADDR:PORT]`: the staff console
 * (web.h) in the foreground, until SIGTERM; as the service user, beside
 * `intake run` on the same database.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "cmd.h"
#include "diag.h"
#include "env.h"
#include "log.h"
#include "web.h"

static int
cmd_web(struct cmd_args *a)
{
	const char *listen = NULL;
	struct diag d = { 0 };
	struct env *env;
	size_t i;
	int rc;

	for (i = 0; i < a->nopt; i++)
		if (a->opt[i].key == 'l')
			listen = a->opt[i].arg;
	/* its own loading, as run's: root is dropped before the records
	 * are opened (web_serve opens them) */
	if ((env = env_load(cfg_default_path(NULL), NULL, NULL, &d)) == NULL) {
		diag_print(&d, stderr);
		diag_free(&d);
		return EXIT_USAGE;
	}
	/* a server holding personal data and open to the network: never
	 * as root */
	if ((rc = cmd_drop_root(env->cfg)) != 0) {
		env_free(env);
		return rc;
	}
	log_open("intake-web", env->cfg->log && strcmp(env->cfg->log,
	    "syslog") == 0, LOG_LEVEL_INFO);
	rc = web_serve(env, listen);
	env_free(env);
	return rc;
}

static const struct cmd_option web_options[] = {
	{ "listen", 'l', 0, "ADDR:PORT", "where to serve (default web.listen, "
	    "127.0.0.1:8377)" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct cmd_entry cmd_web_entry = {
	.name = "web",
	.summary = "the staff console in the browser (HTTP, or HTTPS with "
	    "web.tls_cert)",
	.options = web_options,
	.needs = CMD_NEEDS_DB_WRITE,
	.opens_own = 1,
	.notes = "Staff sign in with accounts made by `intake staff add`.",
	.exec = cmd_web,
};
