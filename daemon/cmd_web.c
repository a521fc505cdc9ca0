/*
 * cmd_web.c — `intake web [--listen ADDR:PORT]`: the staff console
 * (web.h) in the foreground, until SIGTERM; as the service user, beside
 * `intake run` on the same database.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "env.h"
#include "log.h"
#include "web.h"

static int
cmd_web(const struct cmd_args *a)
{
	const char *listen = NULL;
	struct env *env;
	size_t i;
	int rc;

	for (i = 0; i < a->nopt; i++)
		if (a->opt[i].key == 'l')
			listen = a->opt[i].arg;
	if ((env = cmd_load_env(NULL, NULL)) == NULL)
		return EXIT_USAGE;
	/* a server holding personal data and open to the network: never
	 * as root */
	if ((rc = cmd_drop_root(env->cfg)) != 0) {
		env_free(env);
		return rc;
	}
	log_open("intake-web", env->cfg->log && strcmp(env->cfg->log,
	    "syslog") == 0, LOG_LEVEL_INFO);
	/* what the decision prints (cmd_decide_apply) reaches the journal
	 * as it happens, not at exit */
	setvbuf(stdout, NULL, _IOLBF, 0);
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
	.notes = "Staff sign in with accounts made by `intake staff add`.",
	.exec = cmd_web,
};
