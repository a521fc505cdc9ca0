/*
 * main.c — intake: mail intake for talent service centers.
 * Dispatches to one subcommand; see `intake --help` and intake(1).
 */
#include <stdio.h>
#include <string.h>

#include "cfg.h"
#include "cmd.h"

#define INTAKE_VERSION "0.1"

static const struct command {
	const char *name;
	int	(*fn)(int, char **);
	const char *summary;
} commands[] = {
	{ "run", cmd_run,
	    "the daemon: watch the mailbox, judge, record, reply" },
	{ "once", cmd_once,
	    "one pass over the mailbox, then exit (cron, tests)" },
	{ "check", cmd_check,
	    "judge message files as the daemon would; print the verdict" },
	{ "show", cmd_show,
	    "one submission in full: persons, files, problems, replies" },
	{ "decide", cmd_decide,
	    "a staff decision: accept, reject or supplement, with its reply" },
	{ "report", cmd_report,
	    "the staff queue: what waits for a person first, oldest first" },
	{ "config-check", cmd_config_check,
	    "load the configuration and every schema; report every error" },
	{ "stats", cmd_stats,
	    "per business and week: received, decided, days, problems" },
	{ "purge", cmd_purge,
	    "retention: remove old mail and files, blank personal fields" },
	{ "backup", cmd_backup,
	    "a consistent copy of the database (and the spool) while running" },
	{ "audit", cmd_audit,
	    "who ran show, decide, report and purge, and when" },
};

static void
usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: intake [-c FILE] COMMAND [ARGS...]\n\n");
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(fp, "  %-14s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(fp, "\n-c FILE, --config FILE  the configuration, before or "
	    "after the command\n"
	    "`intake COMMAND --help` for each command's options.\n");
}

/* The global options, before the command (as git and tmux take them):
 * -c FILE / --config FILE / --config=FILE, --help, --version.  Returns
 * the index of the command in argv, or -1 with *rc the exit status. */
static int
global_options(int argc, char **argv, int *rc)
{
	int i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			usage(stdout);
			*rc = 0;
			return -1;
		}
		if (strcmp(a, "--version") == 0) {
			printf("intake %s\n", INTAKE_VERSION);
			*rc = 0;
			return -1;
		}
		if (strncmp(a, "--config=", 9) == 0 && a[9] != '\0')
			cfg_set_default(a + 9);
		else if ((strcmp(a, "-c") == 0 || strcmp(a, "--config") == 0) &&
		    i + 1 < argc)
			cfg_set_default(argv[++i]);
		else if (strncmp(a, "-c", 2) == 0 && a[2] != '\0')
			cfg_set_default(a + 2);
		else {
			fprintf(stderr, "intake: unknown option \"%s\"\n", a);
			usage(stderr);
			*rc = EXIT_USAGE;
			return -1;
		}
	}
	if (i == argc) {
		usage(stderr);
		*rc = EXIT_USAGE;
		return -1;
	}
	return i;
}

int
main(int argc, char **argv)
{
	size_t i;
	int c, r;

	if ((c = global_options(argc, argv, &r)) < 0)
		return r;
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[c], commands[i].name) != 0)
			continue;
		if ((r = cmd_init()) != 0)
			return r;
		return commands[i].fn(argc - c, argv + c);
	}
	fprintf(stderr, "intake: unknown command \"%s\"\n", argv[c]);
	usage(stderr);
	return EXIT_USAGE;
}
