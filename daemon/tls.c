/* tls.c — see tls.h. */
#include "tls.h"
#include "util.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <libetpan/libetpan.h>

#include <stdlib.h>
#include <string.h>

static char *
verify_fail(const char *fmt, const char *arg)
{
	char *m, *r;

	m = xasprintf(fmt, arg);
	r = xasprintf("certificate verify failed: %s", m);
	free(m);
	return r;
}

int
tls_verify_chain(const unsigned char *const *der, const size_t *len, size_t n,
    const char *host, const char *ca_file, char **err)
{
	gnutls_x509_trust_list_t tl = NULL;
	gnutls_x509_crt_t *crts = NULL;
	gnutls_datum_t d, out = { NULL, 0 };
	unsigned int status = 0;
	size_t i, ncrt = 0;
	int r, ret = -1;

	*err = NULL;
	if (n == 0 || der == NULL || der[0] == NULL) {
		*err = verify_fail("%s", "no peer certificate");
		return -1;
	}
	if (gnutls_x509_trust_list_init(&tl, 0) < 0) {
		*err = verify_fail("%s", "cannot create trust list");
		return -1;
	}
	/* The system store may legitimately be empty (minimal containers);
	 * ca_file can still make the chain trusted. */
	(void)gnutls_x509_trust_list_add_system_trust(tl, 0, 0);
	if (ca_file != NULL && *ca_file != '\0') {
		r = gnutls_x509_trust_list_add_trust_file(tl, ca_file, NULL,
		    GNUTLS_X509_FMT_PEM, 0, 0);
		if (r <= 0) {
			char *m = xasprintf("ca_file %s: %s", ca_file,
			    r == 0 ? "no certificates" : gnutls_strerror(r));
			*err = verify_fail("%s", m);
			free(m);
			goto done;
		}
	}
	crts = xcalloc(n, sizeof(*crts));
	for (i = 0; i < n; i++) {
		if (gnutls_x509_crt_init(&crts[i]) < 0)
			goto bad_cert;
		ncrt++;
		d.data = (unsigned char *)der[i];
		d.size = (unsigned int)len[i];
		if (gnutls_x509_crt_import(crts[i], &d, GNUTLS_X509_FMT_DER) < 0)
			goto bad_cert;
	}
	r = gnutls_x509_trust_list_verify_crt(tl, crts, (unsigned int)n,
	    0, &status, NULL);
	if (r < 0) {
		*err = verify_fail("%s", gnutls_strerror(r));
		goto done;
	}
	if (status != 0) {
		if (gnutls_certificate_verification_status_print(status,
		    GNUTLS_CRT_X509, &out, 0) == 0) {
			*err = verify_fail("%s", (const char *)out.data);
			gnutls_free(out.data);
		} else
			*err = verify_fail("%s", "untrusted certificate");
		goto done;
	}
	/* Handles IP literals too (matched against iPAddress SANs). */
	if (host == NULL || !gnutls_x509_crt_check_hostname(crts[0], host)) {
		*err = verify_fail("certificate does not match host %s",
		    host ? host : "(none)");
		goto done;
	}
	ret = 0;
	goto done;
bad_cert:
	*err = verify_fail("%s", "cannot parse peer certificate");
done:
	for (i = 0; i < ncrt; i++)
		gnutls_x509_crt_deinit(crts[i]);
	free(crts);
	gnutls_x509_trust_list_deinit(tl, 1);
	return ret;
}

int
tls_verify_peer(const unsigned char *der, size_t len, const char *host,
    const char *ca_file, char **err)
{
	const unsigned char *v[1] = { der };
	size_t l[1] = { len };

	return tls_verify_chain(v, l, 1, host, ca_file, err);
}

int
tls_verify_stream(struct _mailstream *s, const char *host, const char *ca_file,
    char **err)
{
	carray *chain;
	unsigned char *leaf = NULL;
	const unsigned char **der;
	size_t *len;
	ssize_t n;
	unsigned int i, cnt;
	int r;

	*err = NULL;
	if (s == NULL) {
		*err = verify_fail("%s", "no connection");
		return -1;
	}
	chain = mailstream_get_certificate_chain(s);
	if (chain != NULL && carray_count(chain) > 0) {
		cnt = carray_count(chain);
		der = xcalloc(cnt, sizeof(*der));
		len = xcalloc(cnt, sizeof(*len));
		for (i = 0; i < cnt; i++) {
			MMAPString *m = carray_get(chain, i);
			der[i] = (const unsigned char *)m->str;
			len[i] = m->len;
		}
		r = tls_verify_chain(der, len, cnt, host, ca_file, err);
		free(der);
		free(len);
		mailstream_certificate_chain_free(chain);
		return r;
	}
	if (chain != NULL)
		mailstream_certificate_chain_free(chain);
	/* No chain from libetpan: the leaf alone, which then has to be
	 * signed by (or be) a trusted certificate. */
	n = mailstream_ssl_get_certificate(s, &leaf);
	if (n <= 0 || leaf == NULL) {
		free(leaf);
		*err = verify_fail("%s", "no peer certificate (not a TLS stream?)");
		return -1;
	}
	r = tls_verify_peer(leaf, (size_t)n, host, ca_file, err);
	free(leaf);
	return r;
}

void
tls_stream_timeout(mailstream *s, int secs)
{
	if (s && mailstream_get_low(s))
		mailstream_low_set_timeout(mailstream_get_low(s),
		    (time_t)(secs > 0 ? secs : 60));
}
