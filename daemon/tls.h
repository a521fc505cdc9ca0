/*
 * tls.h — certificate verification for libetpan connections.
 *
 * libetpan (GnuTLS build) accepts any certificate.  Every TLS connection
 * (implicit or STARTTLS) must be checked with one of these before any
 * credentials are sent.  Trust = the system store plus ca_file (PEM,
 * optional: NULL or "").  A self-signed server certificate passes only if
 * it is itself in ca_file.  The host name (or IP literal) must match the
 * certificate.
 *
 * Both return 0 when the peer is trusted, -1 otherwise with *err set to a
 * malloc'd message starting "certificate verify failed: ".
 */
#ifndef INTAKE_TLS_H
#define INTAKE_TLS_H

#include <stddef.h>

struct _mailstream;	/* libetpan's mailstream */

/* Verifies a chain of DER certificates, leaf first (n >= 1). */
int	tls_verify_chain(const unsigned char *const *der, const size_t *len,
	    size_t n, const char *host, const char *ca_file, char **err);
/* Verifies one DER leaf certificate against the trust list. */
int	tls_verify_peer(const unsigned char *der, size_t len, const char *host,
	    const char *ca_file, char **err);
/* Takes the peer chain (or at least the leaf) from a libetpan TLS stream
 * and verifies it. */
int	tls_verify_stream(struct _mailstream *, const char *host,
	    const char *ca_file, char **err);

/* Sets the read/write timeout of a connected stream.  libetpan's
 * mailsmtp/mailimap/mailpop3_set_timeout only reach the connect; without
 * this a silent server holds a read for the global 300 s.  Call after
 * connecting and again after STARTTLS (which replaces the stream). */
void	tls_stream_timeout(struct _mailstream *, int secs);

#endif
