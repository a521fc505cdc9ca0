/*
 * cmd.h — the subcommands.  Each takes the argv after the command name
 * (argv[0] is the command) and returns the process exit status:
 * 0 success (a mail judged wanting is still success), 2 usage or
 * configuration error, 3 runtime failure.
 */
#ifndef INTAKE_CMD_H
#define INTAKE_CMD_H

#include <time.h>

#define EXIT_USAGE	2
#define EXIT_RUNTIME	3

int	cmd_check(int argc, char **argv);
int	cmd_config_check(int argc, char **argv);
int	cmd_run(int argc, char **argv);
int	cmd_once(int argc, char **argv);
int	cmd_report(int argc, char **argv);
int	cmd_show(int argc, char **argv);
int	cmd_decide(int argc, char **argv);
int	cmd_audit(int argc, char **argv);
int	cmd_purge(int argc, char **argv);
int	cmd_backup(int argc, char **argv);
int	cmd_stats(int argc, char **argv);

/* Shared start-up for every command: locale, signals, libraries.
 * Returns 0, or an exit status after printing why. */
int	cmd_init(void);

struct env;
struct records;
struct sqlite3;
/* The configuration at cfgpath (see cfg_default_path) with its schemas;
 * center and senders override the configured ones (NULL: keep).  On any
 * error prints them all with file and line and returns NULL: exit
 * EXIT_USAGE. */
struct env *cmd_load_env(const char *cfgpath, const char *center,
	    const char *senders);
/* The records database, read-only (never created; waits up to 5 s for a
 * writer).  0, or EXIT_RUNTIME after printing "intake: CMD: DB: why". */
int	cmd_open_readonly(const struct env *, const char *cmd,
	    struct sqlite3 **db);
/* For the commands on one submission (show, decide): loads the
 * configuration, opens the records and finds ref (receipt number, #ID or
 * bare digits; full-width digits and dashes read as ASCII).  A ref that
 * could mean two submissions is refused, naming both.  0, or an exit
 * status after printing why (nothing left open). */
int	cmd_open_submission(const char *cfgpath, const char *ref,
	    struct env **, struct records **, long long *id);

#endif
