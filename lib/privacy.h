/*
 * privacy.h — is the personal data private?  The database (and its -wal,
 * -shm), the spool and its msg/, files/ and tmp/ (whose names name
 * persons) must be the service user's only: no group or other permission
 * bits (files 0600, directories 0700, as umask 077 makes them).
 *
 * privacy_exposed() returns one line per path that is not, e.g.
 * "/var/lib/intake/intake.db is mode 0644: readable by others; chmod 600
 * it", joined with '\n' (malloc'd), or NULL when all is private.  Paths
 * that do not exist yet are fine.
 */
#ifndef INTAKE_PRIVACY_H
#define INTAKE_PRIVACY_H

char	*privacy_exposed(const char *database, const char *spool);

#endif
