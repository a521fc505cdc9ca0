/*
 * main.c — intake: mail intake for talent service centers.
 * Takes the global options, finds the command in cmd.c's table, parses
 * its line and runs it; see `intake --help` and intake(1).
 */
#include <stdio.h>
#include <string.h>

#include "cfg.h"
#include "cmd.h"

#define INTAKE_VERSION "0.1"

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
			cmd_usage_all(stdout);
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
			cmd_usage_all(stderr);
			*rc = EXIT_USAGE;
			return -1;
		}
	}
	if (i == argc) {
		cmd_usage_all(stderr);
		*rc = EXIT_USAGE;
		return -1;
	}
	return i;
}

int
main(int argc, char **argv)
{
	const struct cmd_entry *ce;
	struct cmd_args a;
	int c, r;

	if ((c = global_options(argc, argv, &r)) < 0)
		return r;
	if ((ce = cmd_find(argv[c])) == NULL) {
		fprintf(stderr, "intake: unknown command \"%s\"\n", argv[c]);
		cmd_usage_all(stderr);
		return EXIT_USAGE;
	}
	if (cmd_parse(ce, argc - c, argv + c, &a, &r) != 0)
		return r;
	if ((r = cmd_init()) == 0)
		r = ce->exec(&a);
	cmd_args_free(&a);
	return r;
}
