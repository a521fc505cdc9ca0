/*
 * cmd.h — the subcommands: one entry each (struct cmd_entry, in its
 * cmd_*.c), one table (cmd.c), one parser for their command lines.  A
 * command's exec gets its parsed line and returns the process exit status:
 * 0 success (a mail judged wanting is still success), 2 usage or
 * configuration error, 3 runtime failure.
 */
#ifndef INTAKE_CMD_H
#define INTAKE_CMD_H

#include <stdio.h>
#include <time.h>

#define EXIT_USAGE	2
#define EXIT_RUNTIME	3

/* What a command needs before it can run: said in its --help, and what
 * cmd_open opens for it. */
enum cmd_needs {
	CMD_NEEDS_CONFIG,	/* the configuration and schemas only */
	CMD_NEEDS_DB_READ,	/* ... and the records, read-only */
	CMD_NEEDS_DB_WRITE,	/* ... and the records, read-write */
};

/* One option of a command.  key is what the command switches on: its
 * letter when it has a short form (0: long only); 'c' and 'h' are the
 * shared options'.  arg names its argument (NULL: takes none). */
struct cmd_option {
	const char	*name;
	int		 key;
	char		 letter;
	const char	*arg;
	const char	*help;
};

/* One option as given, in command-line order; arg points into argv. */
struct cmd_opt {
	int		 key;
	const char	*arg;
};

struct env;
struct records;

/* A command line parsed against its entry (cmd_parse).  The shared
 * options (-c, -h) are consumed there and never appear in opt.  The
 * arrays are owned by cmd_parse's caller (cmd_args_free); the strings
 * are argv's.  center and senders, when a command sets them before
 * cmd_open, replace the configured ones (NULL: keep; argv's strings).
 * env and rec are what cmd_open opened for the entry's
 * needs (NULL until then, and rec NULL for CMD_NEEDS_CONFIG); they too
 * are closed by cmd_args_free. */
struct cmd_args {
	const struct cmd_entry	*entry;
	struct cmd_opt		*opt;
	size_t			 nopt;
	int			 argc;	/* the operands */
	char			**argv;
	const char		*center;	/* overrides for cmd_open: */
	const char		*senders;	/* check --center, --senders */
	struct env		*env;
	struct records		*rec;
};

/* One command: one entry, in the file that implements it, listed in
 * cmd.c's table.  args is the operands' part of the usage line, with
 * lower..upper operands (upper -1: no limit); notes close the --help. */
struct cmd_entry {
	const char		*name;
	const char		*summary;
	const char		*args;
	int			 lower, upper;
	const struct cmd_option	*options;	/* NULL name ends */
	enum cmd_needs		 needs;
	/* An option that makes a CMD_NEEDS_DB_WRITE command read-only
	 * (purge --dry-run): cmd_open opens the records read-only when it
	 * was given.  0: none. */
	int			 readonly_key;
	/* The command loads its configuration itself, because it needs
	 * what cmd_open cannot give (the daemon reloads it on SIGHUP and
	 * takes the records' lock first; config-check's output is the
	 * errors of loading): cmd_open opens nothing for it. */
	int			 opens_own;
	const char		*notes;
	int			(*exec)(struct cmd_args *);
};

extern const struct cmd_entry cmd_audit_entry, cmd_backup_entry,
	    cmd_check_entry, cmd_config_check_entry, cmd_decide_entry,
	    cmd_once_entry, cmd_purge_entry, cmd_report_entry, cmd_run_entry,
	    cmd_show_entry, cmd_staff_entry, cmd_stats_entry, cmd_web_entry;

/* The commands in the order `intake --help` lists them (NULL-ended). */
extern const struct cmd_entry *const cmd_table[];

/* The entry named name, or NULL. */
const struct cmd_entry *cmd_find(const char *name);
/* Parses argv (argv[0] the command name) against ce: its options and
 * the shared ones, anywhere among the operands; -c FILE sets the
 * configuration (cfg_set_default).  0 with *a filled; or -1 with *rc the
 * exit status after -h (usage on stdout, 0) or a usage error (a message
 * and the usage on stderr, EXIT_USAGE). */
int	cmd_parse(const struct cmd_entry *ce, int argc, char **argv,
	    struct cmd_args *a, int *rc);
void	cmd_args_free(struct cmd_args *);
/* ce's usage, options and needs, in the one style of every command. */
void	cmd_usage(const struct cmd_entry *ce, FILE *fp);
/* The whole program's usage: the global options and every command. */
void	cmd_usage_all(FILE *fp);

/* Shared start-up for every command: locale, signals, libraries.
 * Returns 0, or an exit status after printing why. */
int	cmd_init(void);

/* What the entry needs, into a->env and a->rec: the configuration, and
 * the records read-only (records_open_readonly: never created) or
 * read-write (records_open: created and migrated).  A command calls it
 * once it has checked its options and operands, so a usage error is
 * told as one whatever the state of the database.  0, or an exit status
 * after printing why. */
int	cmd_open(struct cmd_args *);
/* For the commands on one submission (show, decide): finds ref
 * (receipt number, #ID or bare digits; full-width digits and dashes read
 * as ASCII) in the records.  A ref that could mean two submissions is
 * refused, naming both.  0 and *id, or an exit status after printing
 * why. */
int	cmd_find_submission(struct records *, const char *ref,
	    long long *id);
/* A submission reference as staff type it, with full-width digits and
 * any dash as ASCII and spaces dropped ("闵行－2026－000012" →
 * "闵行-2026-000012"); malloc'd.  The console's search reads receipt
 * numbers through it too. */
char	*cmd_normalize_ref(const char *ref);
/* The daemon and the console never work as root: started as root they
 * become the configured user (cfg->user), or refuse (INTAKE_ALLOW_ROOT=1
 * is for test suites in throwaway containers).  0, or an exit status
 * after saying why. */
struct cfg;
int	cmd_drop_root(const struct cfg *cfg);

#endif
