/*
 * records-web.h — the staff console's accounts, sessions and failed
 * sign-ins (schemas/007-staff.sql), on records open read-write.  Only
 * SQL here: hashing and tokens are the caller's (daemon/webauth.h), so
 * nothing in this module sees a password.  Prefix staff_.
 *
 * Every function returning int gives 0 (or a count, or 1 for "found"), or
 * -1 with *err malloc'd.  Strings passed in are copied by SQLite; strings
 * handed out are malloc'd, released by the matching *_free().
 */
#ifndef INTAKE_RECORDS_WEB_H
#define INTAKE_RECORDS_WEB_H

#include <stddef.h>
#include <time.h>

struct records;

/* Ordered: a role may do what every lower one may. */
enum staff_role {
	STAFF_NONE = 0,		/* not signed in (routes open to all) */
	STAFF_VIEW,
	STAFF_DECIDE,
	STAFF_ADMIN,
};

/* "view", "decide", "admin" (NONE: "none"); static. */
const char *staff_role_name(enum staff_role);
/* The role named s; STAFF_NONE when s names none. */
enum staff_role staff_role_parse(const char *s);

struct staff_account {
	long long	 id;
	char		*name;
	enum staff_role	 role;
	int		 disabled;
	char		*pwhash;	/* crypto_pwhash_str's string */
	time_t		 created_at, changed_at;
};
void	staff_account_free(struct staff_account *);	/* the fields */

/* A new account: 1 added, 0 the name is taken. */
int	staff_add(struct records *, const char *name, enum staff_role,
	    const char *pwhash, time_t now, char **err);
/* A new password for name (an account disabled stays so); its sessions
 * end.  1 done, 0 no such account. */
int	staff_set_password(struct records *, const char *name,
	    const char *pwhash, time_t now, char **err);
/* Disables name and ends its sessions.  1 done, 0 no such account. */
int	staff_disable(struct records *, const char *name, time_t now,
	    char **err);
/* The account name: 1 with *out filled, 0 none. */
int	staff_get(struct records *, const char *name,
	    struct staff_account *out, char **err);
/* Every account by name (pwhash left NULL); free each and the array. */
int	staff_list(struct records *, struct staff_account **out, size_t *n,
	    char **err);

/* ---- sessions: keyed by the SHA-256 (hex) of the cookie's token ---- */

struct staff_session {
	long long	 staff;
	char		*name;
	enum staff_role	 role;
	char		*csrf;
	time_t		 seen_at;
};
void	staff_session_free(struct staff_session *);	/* the fields */

int	staff_session_add(struct records *, const char *token_hash,
	    long long staff, const char *csrf, const char *addr, time_t now,
	    char **err);
/* The live session token_hash names: 1 with *out filled; 0 when there
 * is none, it was idle more than idle seconds (it is then removed) or its
 * account is disabled. */
int	staff_session_get(struct records *, const char *token_hash,
	    time_t now, int idle, struct staff_session *out, char **err);
int	staff_session_touch(struct records *, const char *token_hash,
	    time_t now, char **err);
int	staff_session_end(struct records *, const char *token_hash,
	    char **err);
/* Removes the sessions unused since before (never presented again, they
 * would otherwise stay). */
int	staff_sessions_expire(struct records *, time_t before, char **err);

/* ---- files ---- */

struct records_file;
/* The file the console's /file/ID names (records-staff.h's struct, freed
 * with records_file_free): 1 with *out; 0 when there is no such file or
 * its submission is purged (or being purged). */
int	staff_file_get(struct records *, long long id,
	    struct records_file **out, char **err);

/* ---- failed sign-ins ---- */

/* The larger of the failures of name and of addr at or after since. */
int	staff_failures(struct records *, const char *name, const char *addr,
	    time_t since, char **err);
int	staff_failure_add(struct records *, const char *name,
	    const char *addr, time_t now, char **err);
/* After a good sign-in: name's failures forgotten, and those older than
 * before of everyone (the table does not grow for ever). */
int	staff_failures_clear(struct records *, const char *name,
	    time_t before, char **err);

#endif
