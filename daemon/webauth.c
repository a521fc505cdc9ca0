/* webauth.c — hashes, tokens, comparisons; see webauth.h. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "webauth.h"

int
webauth_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

char *
webauth_hash(const char *password)
{
	char *h = xmalloc(crypto_pwhash_STRBYTES);

	if (crypto_pwhash_str(h, password, strlen(password),
	    crypto_pwhash_OPSLIMIT_INTERACTIVE,
	    crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
		free(h);
		return NULL;
	}
	return h;
}

int
webauth_verify(const char *hash, const char *password)
{
	return crypto_pwhash_str_verify(hash, password, strlen(password)) ==
	    0;
}

void
webauth_verify_dummy(const char *password)
{
	static char *dummy;

	/* made once, from a random password nobody knows */
	if (dummy == NULL) {
		char t[WEBAUTH_TOKEN_HEX];

		webauth_token(t);
		dummy = webauth_hash(t);
	}
	if (dummy != NULL)
		(void)webauth_verify(dummy, password);
}

void
webauth_token(char out[WEBAUTH_TOKEN_HEX])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, WEBAUTH_TOKEN_HEX, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

char *
webauth_generate_password(void)
{
	/* no 0/O, 1/l/I: read off a screen and typed by hand */
	static const char alpha[] = "abcdefghijkmnpqrstuvwxyz"
	    "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	char *p = xmalloc(17);
	size_t i;

	for (i = 0; i < 16; i++)
		p[i] = alpha[randombytes_uniform(sizeof alpha - 1)];
	p[16] = '\0';
	return p;
}

int
webauth_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n != strlen(b))
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}

void
webauth_wipe(char *s)
{
	if (s != NULL)
		sodium_memzero(s, strlen(s));
}
