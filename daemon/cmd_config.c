/*
 * cmd_config.c — `intake config-check [-c FILE]`: load the configuration
 * and every schema, print every error with file and line, exit 2 on any.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cfg.h"
#include "cmd.h"
#include "env.h"
#include "log.h"
#include "privacy.h"
#include "util.h"
#include "workdays.h"

static int
cmd_config_check(struct cmd_args *a)
{
	const char *path;
	struct diag d = { 0 };
	struct env *env;
	size_t n = 0;

	(void)a;	/* no options of its own, no operands */
	path = cfg_default_path(NULL);
	env = env_load(path, NULL, NULL, &d);
	if (env == NULL) {
		diag_print(&d, stderr);
		fprintf(stderr, "intake: %zu error%s\n", d.n, d.n == 1 ? "" : "s");
		diag_free(&d);
		return EXIT_USAGE;
	}
	{
		/* The working-day calendar the report counts with. */
		char *dir = xasprintf("%s/calendar", env->cfg->schemas);
		char *warn = NULL, *err = NULL;
		struct tm tm;
		time_t now = time(NULL);
		struct workdays *w;

		localtime_r(&now, &tm);
		w = workdays_load(dir, tm.tm_year + 1900, tm.tm_year + 1901,
		    &warn, &err);
		free(dir);
		if (w == NULL) {
			fprintf(stderr, "%s\nintake: 1 error\n", err);
			free(err);
			free(warn);
			env_free(env);
			return EXIT_USAGE;
		}
		if (warn)
			log_warn("event=calendar warning=\"%s\"", warn);
		free(warn);
		workdays_free(w);
	}
	{
		/* Personal data readable by others: said, not an error. */
		char *w = privacy_exposed(env->cfg->database, env->cfg->spool);
		char *line, *next;

		for (line = w; line; line = next) {
			if ((next = strchr(line, '\n')) != NULL)
				*next++ = '\0';
			log_warn("event=privacy warning=\"%s\"", line);
		}
		free(w);
	}
	rules_center_at(env->rules, 0, &n);
	printf("%s: configuration OK (center %s, %zu center profiles, "
	    "schemas %s%s%s)\n", path, env->center->name, n, env->cfg->schemas,
	    env->cfg->senders ? ", senders " : "",
	    env->cfg->senders ? env->cfg->senders : "");
	env_free(env);
	return 0;
}

const struct cmd_entry cmd_config_check_entry = {
	.name = "config-check",
	.summary = "load the configuration and every schema; report every "
	    "error",
	.needs = CMD_NEEDS_CONFIG,
	.opens_own = 1,
	.exec = cmd_config_check,
};
