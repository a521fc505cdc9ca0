/*
 * cmd_check.c — `intake check [--json] [--center NAME] [--senders FILE]
 * FILE...`: judge message files exactly as the daemon would and print the
 * verdict and the reply it would send.  Writes nothing anywhere.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "cmd.h"
#include "env.h"
#include "judge.h"
#include "mail.h"
#include "util.h"

static void
check_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: intake check [-c FILE] [--json] [--center NAME] "
	    "[--senders FILE] FILE...\n"
	    "  --json           one JSON object per message (JSON Lines)\n"
	    "  --center NAME    judge under a shipped center profile\n"
	    "  --senders FILE   sender registry (CSV company,short_name,email)\n");
}

int
cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "center", required_argument, NULL, 'C' },
		{ "senders", required_argument, NULL, 'S' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cfgpath = NULL, *center = NULL, *senders = NULL;
	struct judge_ctx ctx = { 0 };
	struct diag d = { 0 };
	struct env *env;
	int json = 0, ch, i, rc = 0;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "c:jh", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': cfgpath = optarg; break;
		case 'j': json = 1; break;
		case 'C': center = optarg; break;
		case 'S': senders = optarg; break;
		case 'h': check_usage(stdout); return 0;
		default: check_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		check_usage(stderr);
		return EXIT_USAGE;
	}
	if ((env = env_load(cfg_default_path(cfgpath), center, senders,
	    &d)) == NULL) {
		diag_print(&d, stderr);
		diag_free(&d);
		return EXIT_USAGE;
	}
	ctx = env_judge_ctx(env);

	for (i = optind; i < argc; i++) {
		struct judgment *j;
		struct mail_message *m = NULL;
		size_t len;
		char *buf, *out;

		if ((buf = read_file(argv[i], &len)) == NULL) {
			fprintf(stderr, "intake: %s: %s\n", argv[i],
			    strerror(errno));
			rc = EXIT_RUNTIME;
			continue;
		}
		/* The raw bytes go as soon as they are parsed: a 60 MB mail
		 * is not held beside its decoded parts and their archives'
		 * contents. */
		if (mail_parse(buf, len, &m) != 0) {
			mail_free(m);
			m = NULL;
		}
		free(buf);
		j = judge_parsed(&ctx, m, argv[i]);
		out = json ? verdict_to_json(j->verdict) :
		    verdict_to_text(j->verdict);
		fputs(out, stdout);
		if (json)
			putchar('\n');
		fflush(stdout);
		free(out);
		judgment_free(j);
	}
	env_free(env);
	return rc;
}
