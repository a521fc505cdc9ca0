/*
 * audit.h — the audit table (schemas/002-audit-retention.sql): every
 * `show`, `decide`, `report` and `purge`, with the Unix user who ran it
 * (getpwuid of the real uid, and SUDO_USER: "intake (sudo wangmin)") and
 * the name given with --by.
 *
 * The rows themselves are written by records-staff.h; this adds who.
 * Every function returning int gives 0, or -1 with *err malloc'd.
 * Strings passed in are copied; audit_user() is malloc'd, the caller's.
 */
#ifndef INTAKE_AUDIT_H
#define INTAKE_AUDIT_H

struct records;

/* The Unix user name of the real uid ("uid N" when it has none), with
 * " (sudo NAME)" when SUDO_USER names another user; malloc'd. */
char	*audit_user(void);
/* One row by the Unix user (audit_user) on records open read-write.  by,
 * target and detail may be NULL. */
int	audit_add(struct records *, const char *command, const char *by,
	    const char *target, const char *detail, char **err);
/* The same, opening the database at db_path (migrating it with the
 * schemas in sql_dir) for this one row: for read-only commands. */
int	audit_record(const char *db_path, const char *sql_dir,
	    const char *command, const char *by, const char *target,
	    const char *detail, char **err);

#endif
