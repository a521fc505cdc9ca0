/*
 * cmd_run.c — `intake run` (the daemon) and `intake once` (one pass, for
 * cron and tests).  SIGTERM/SIGINT finish the current message and exit 0;
 * SIGHUP reloads configuration and schemas, keeping the old ones when the
 * new ones are broken.
 */
#include <sys/prctl.h>

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "env.h"
#include "log.h"
#include "service.h"
#include "util.h"

static volatile sig_atomic_t got_stop, got_hup;
static volatile int stop_flag;

static void
on_signal(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else {
		got_stop = 1;
		stop_flag = 1;
	}
}

/* No SA_RESTART: a signal must cut a wait (poll, IDLE) short. */
static void
catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

static void
reload(struct env **env, struct service *svc, const char *cfgpath)
{
	struct diag d = { 0 };
	struct env *n;
	char *err = NULL;
	size_t i;

	got_hup = 0;
	if ((n = env_load(cfgpath, NULL, NULL, &d)) == NULL) {
		for (i = 0; i < d.n; i++)
			log_error("event=reload-failed file=%s line=%d "
			    "error=\"%s\" keeping=old", d.v[i].file ?
			    d.v[i].file : "-", d.v[i].line, d.v[i].msg);
		diag_free(&d);
		return;
	}
	if (service_set_env(svc, n, &err) != 0) {
		log_error("event=reload-failed error=\"%s\" keeping=old", err);
		free(err);
		env_free(n);
		return;
	}
	env_free(*env);
	*env = n;
	log_info("event=reloaded center=%s", n->center->name);
}

static int
run(struct cmd_args *a, int once)
{
	const char *cfgpath = cfg_default_path(NULL);
	struct diag d = { 0 };
	struct env *env;
	struct service *svc;
	char *err = NULL;
	int verbose = a->nopt > 0, rc = 0, wait_secs, next;	/* -v only */

	if ((env = env_load(cfgpath, NULL, NULL, &d)) == NULL) {
		diag_print(&d, stderr);
		diag_free(&d);
		return EXIT_USAGE;
	}
	if ((rc = cmd_drop_root(env->cfg)) != 0) {
		env_free(env);
		return rc;
	}
	log_open("intake", env->cfg->log && strcmp(env->cfg->log,
	    "syslog") == 0, verbose ? LOG_LEVEL_DEBUG : LOG_LEVEL_INFO);
	catch_signals();
	if ((svc = service_open(env, &err)) == NULL) {
		log_error("event=start error=\"%s\"", err);
		free(err);
		env_free(env);
		return EXIT_RUNTIME;
	}
	log_info("event=start center=%s mailbox=%s mode=%s", env->center->name,
	    env->cfg->mailbox.url, once ? "once" : "run");
	/* Under NoNewPrivileges (the shipped unit) a setgid or setuid
	 * sendmail runs without its privilege: postfix's postdrop cannot
	 * write the maildrop, exim cannot queue. */
	if (env->cfg->reply.via && strncmp(env->cfg->reply.via, "sendmail:",
	    9) == 0 && prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1)
		log_warn("event=start warning=\"reply.via is sendmail: under "
		    "NoNewPrivileges, where a setgid or setuid sendmail "
		    "(postfix, exim) cannot queue mail; use "
		    "smtp://127.0.0.1:25\"");
	if (service_recover(svc) != 0)
		rc = EXIT_RUNTIME;
	next = service_send_due(svc);
	for (;;) {
		if (got_hup)
			reload(&env, svc, cfgpath);
		if (service_pass(svc, &stop_flag) != 0 && once)
			rc = EXIT_RUNTIME;
		next = service_send_due(svc);
		if (once || got_stop)
			break;
		wait_secs = env->cfg->mailbox.poll_seconds;
		if (next < wait_secs)
			wait_secs = next > 0 ? next : 1;
		(void)service_wait(svc, wait_secs);
		if (got_stop)
			break;
	}
	log_info("event=stop");
	service_close(svc);
	env_free(env);
	return rc;
}

static int
cmd_run(struct cmd_args *a)
{
	return run(a, 0);
}

static int
cmd_once(struct cmd_args *a)
{
	return run(a, 1);
}

static const struct cmd_option run_options[] = {
	{ "verbose", 'v', 'v', NULL, "log debug events too" },
	{ NULL, 0, 0, NULL, NULL },
};

const struct cmd_entry cmd_run_entry = {
	.name = "run",
	.summary = "the daemon: watch the mailbox, judge, record, reply",
	.options = run_options,
	.needs = CMD_NEEDS_DB_WRITE,
	.opens_own = 1,
	.exec = cmd_run,
};

const struct cmd_entry cmd_once_entry = {
	.name = "once",
	.summary = "one pass over the mailbox, then exit (cron, tests)",
	.options = run_options,
	.needs = CMD_NEEDS_DB_WRITE,
	.opens_own = 1,
	.exec = cmd_once,
};
