/*
 * cmd.c — the table of commands and the one parser of their command
 * lines: each command's own options, and the shared -c/--config and
 * -h/--help, anywhere after the command name (main.c takes them before).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cfg.h"
#include "cmd.h"
#include "env.h"
#include "records.h"
#include "util.h"

const struct cmd_entry *const cmd_table[] = {
	&cmd_run_entry,
	&cmd_once_entry,
	&cmd_check_entry,
	&cmd_show_entry,
	&cmd_decide_entry,
	&cmd_report_entry,
	&cmd_config_check_entry,
	&cmd_stats_entry,
	&cmd_purge_entry,
	&cmd_backup_entry,
	&cmd_audit_entry,
	&cmd_web_entry,
	&cmd_staff_entry,
	NULL,
};

/* The shared options' keys: no command uses them for its own. */
enum { KEY_CONFIG = 'c', KEY_HELP = 'h' };

static const struct cmd_option shared_options[] = {
	{ "config", KEY_CONFIG, 'c', "FILE",
	    "the configuration (also before the command)" },
	{ "help", KEY_HELP, 'h', NULL, "this help" },
	{ NULL, 0, 0, NULL, NULL },
};

static const char *const needs_text[] = {
	[CMD_NEEDS_CONFIG] = "the configuration",
	[CMD_NEEDS_DB_READ] = "the configuration and the records, read-only",
	[CMD_NEEDS_DB_WRITE] = "the configuration and the records, read-write",
};

const struct cmd_entry *
cmd_find(const char *name)
{
	size_t i;

	for (i = 0; cmd_table[i] != NULL; i++)
		if (strcmp(cmd_table[i]->name, name) == 0)
			return cmd_table[i];
	return NULL;
}

static size_t
count_options(const struct cmd_option *o)
{
	size_t n = 0;

	while (o != NULL && o[n].name != NULL)
		n++;
	return n;
}

/* Appends o's getopt_long entries and short letters to lo and sh. */
static void
add_options(const struct cmd_option *o, struct option *lo, size_t *nlo,
    struct buf *sh)
{
	for (; o != NULL && o->name != NULL; o++) {
		lo[*nlo].name = o->name;
		lo[*nlo].has_arg = o->arg ? required_argument : no_argument;
		lo[*nlo].flag = NULL;
		lo[*nlo].val = o->key;
		(*nlo)++;
		if (o->letter) {
			buf_add(sh, &o->letter, 1);
			if (o->arg)
				buf_adds(sh, ":");
		}
	}
}

int
cmd_parse(const struct cmd_entry *ce, int argc, char **argv,
    struct cmd_args *a, int *rc)
{
	size_t n = count_options(ce->options) + count_options(shared_options);
	struct option *lo = xcalloc(n + 1, sizeof *lo);
	struct buf sh = { 0 };
	size_t nlo = 0;
	int ch;

	memset(a, 0, sizeof *a);
	a->entry = ce;
	a->opt = xcalloc((size_t)argc + 1, sizeof *a->opt);
	/* ':' first: a missing argument is told from an unknown option, and
	 * the messages are ours, in intake's words. */
	buf_adds(&sh, ":");
	add_options(ce->options, lo, &nlo, &sh);
	add_options(shared_options, lo, &nlo, &sh);
	optind = 1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, sh.data, lo, NULL)) != -1) {
		if (ch == KEY_HELP) {
			cmd_usage(ce, stdout);
			*rc = 0;
			goto fail;
		}
		if (ch == ':') {	/* the word before lacks it */
			fprintf(stderr, "intake: %s: \"%s\" needs an "
			    "argument\n", ce->name, argv[optind - 1]);
			goto usage;
		}
		if (ch == '?') {	/* optopt: an unknown letter */
			if (optopt != 0)
				fprintf(stderr, "intake: %s: unknown option "
				    "\"-%c\"\n", ce->name, optopt);
			else
				fprintf(stderr, "intake: %s: unknown option "
				    "\"%s\"\n", ce->name, argv[optind - 1]);
			goto usage;
		}
		if (ch == KEY_CONFIG)
			cfg_set_default(optarg);
		else {
			a->opt[a->nopt].key = ch;
			a->opt[a->nopt++].arg = optarg;
		}
	}
	a->argc = argc - optind;
	a->argv = argv + optind;
	if (a->argc < ce->lower || (ce->upper >= 0 && a->argc > ce->upper))
		goto usage;
	free(lo);
	free(sh.data);
	return 0;
usage:
	cmd_usage(ce, stderr);
	*rc = EXIT_USAGE;
fail:
	free(lo);
	free(sh.data);
	cmd_args_free(a);
	return -1;
}

void
cmd_args_free(struct cmd_args *a)
{
	free(a->opt);
	a->opt = NULL;
	a->nopt = 0;
	records_close(a->rec);
	a->rec = NULL;
	env_free(a->env);
	a->env = NULL;
}

/* "-x ARG" or "--name ARG": how option o is written. */
static char *
option_form(const struct cmd_option *o, int both)
{
	if (o->letter && both)
		return xasprintf("-%c, --%s%s%s", o->letter, o->name,
		    o->arg ? " " : "", o->arg ? o->arg : "");
	if (o->letter)
		return xasprintf("-%c%s%s", o->letter, o->arg ? " " : "",
		    o->arg ? o->arg : "");
	return xasprintf("--%s%s%s", o->name, o->arg ? " " : "",
	    o->arg ? o->arg : "");
}

/* Adds word to the usage line, wrapping under the command name. */
static void
usage_word(FILE *fp, size_t *col, size_t indent, const char *w)
{
	if (*col + 1 + strlen(w) > 78) {
		fprintf(fp, "\n%*s", (int)indent, "");
		*col = indent;
	} else {
		fputc(' ', fp);
		(*col)++;
	}
	fputs(w, fp);
	*col += strlen(w);
}

static void
usage_options(FILE *fp, const struct cmd_option *o)
{
	char *f;

	for (; o != NULL && o->name != NULL; o++) {
		f = option_form(o, 1);
		if (strlen(f) > 22)	/* its help on a line of its own */
			fprintf(fp, "  %s\n  %-22s %s\n", f, "", o->help);
		else
			fprintf(fp, "  %-22s %s\n", f, o->help);
		free(f);
	}
}

void
cmd_usage(const struct cmd_entry *ce, FILE *fp)
{
	const struct cmd_option *o;
	size_t col, indent;
	char *f, *w;

	col = (size_t)fprintf(fp, "usage: intake %s", ce->name);
	indent = col + 1;
	usage_word(fp, &col, indent, "[-c FILE]");
	for (o = ce->options; o != NULL && o->name != NULL; o++) {
		f = option_form(o, 0);
		w = xasprintf("[%s]", f);
		usage_word(fp, &col, indent, w);
		free(w);
		free(f);
	}
	if (ce->args != NULL && *ce->args != '\0')
		usage_word(fp, &col, indent, ce->args);
	fprintf(fp, "\n%s.\n", ce->summary);
	usage_options(fp, ce->options);
	usage_options(fp, shared_options);
	fprintf(fp, "Needs %s.\n", needs_text[ce->needs]);
	if (ce->notes != NULL)
		fputs(ce->notes, fp);
}

void
cmd_usage_all(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: intake [-c FILE] COMMAND [ARGS...]\n\n");
	for (i = 0; cmd_table[i] != NULL; i++)
		fprintf(fp, "  %-14s %s\n", cmd_table[i]->name,
		    cmd_table[i]->summary);
	fprintf(fp, "\n-c FILE, --config FILE  the configuration, before or "
	    "after the command\n"
	    "`intake COMMAND --help` for each command's options.\n");
}
