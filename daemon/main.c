/*
 * main.c — intake: mail intake for talent service centers.
 * Dispatches to one subcommand; see `intake --help` and intake(1).
 */
#include <stdio.h>
#include <string.h>

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

	fprintf(fp, "usage: intake COMMAND [-c FILE] [ARGS...]\n\n");
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(fp, "  %-14s %s\n", commands[i].name,
		    commands[i].summary);
	fprintf(fp, "\n`intake COMMAND --help` for each command's options.\n");
}

int
main(int argc, char **argv)
{
	size_t i;
	int r;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("intake %s\n", INTAKE_VERSION);
		return 0;
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		if ((r = cmd_init()) != 0)
			return r;
		return commands[i].fn(argc - 1, argv + 1);
	}
	fprintf(stderr, "intake: unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
