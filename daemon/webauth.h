/*
 * webauth.h — the secrets of the staff console, on libsodium: password
 * hashes (argon2id, crypto_pwhash_str, interactive limits), random tokens
 * and their comparison in constant time.  Passwords pass through here
 * only; nothing here logs or stores one.
 */
#ifndef INTAKE_WEBAUTH_H
#define INTAKE_WEBAUTH_H

#include <stddef.h>

#define WEBAUTH_TOKEN_HEX	65	/* 256 bits in hex, and a NUL */
#define WEBAUTH_MIN_PASSWORD	10	/* bytes */

/* sodium_init; 0, or -1 (libsodium cannot run: log and stop). */
int	webauth_init(void);
/* The argon2id string of password (malloc'd); NULL when out of memory
 * for the hash (libsodium's limit). */
char	*webauth_hash(const char *password);
/* 1 when password matches hash. */
int	webauth_verify(const char *hash, const char *password);
/* Spends the time of one verify on nothing: a sign-in to an unknown
 * account takes as long as a wrong password to a known one. */
void	webauth_verify_dummy(const char *password);
/* 256 random bits as 64 lowercase hex digits into out. */
void	webauth_token(char out[WEBAUTH_TOKEN_HEX]);
/* A password to print once: 16 characters of an alphabet without look-
 * alikes (about 90 bits); malloc'd. */
char	*webauth_generate_password(void);
/* a and b equal, in time independent of where they differ (n bytes). */
int	webauth_equal(const char *a, const char *b);
/* Overwrites s (NUL-terminated) before it is freed. */
void	webauth_wipe(char *s);

#endif
