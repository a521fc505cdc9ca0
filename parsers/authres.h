/*
 * authres.h — reads an Authentication-Results header value (RFC 8601):
 *   mx.example.gov.cn 1; dkim=pass header.d=a.com; spf=fail (x) smtp.mailfrom=b;
 *     dmarc=fail header.from=a.com
 * Only a header whose authserv-id is the center's own receiving server is
 * believed: anyone can write such a header into the mail they send.
 */
#ifndef INTAKE_AUTHRES_H
#define INTAKE_AUTHRES_H

enum authres_verdict {
	AUTHRES_FOREIGN = -1,	/* another authserv-id: ignore it */
	AUTHRES_PASS = 0,	/* ours, and no method failed */
	AUTHRES_FAIL = 1,	/* ours, and dmarc, dkim or spf failed */
};

/* Judges one header value against our authserv_id (ASCII case ignored).
 * On AUTHRES_FAIL, *failed (when not NULL) gets the failed methods as
 * written, "dmarc=fail spf=softfail" (malloc'd).  spf=softfail counts as a
 * failure only when dmarc did not pass; none, neutral, temperror and
 * permerror are not failures (they say nothing about forgery). */
enum authres_verdict authres_judge(const char *value, const char *authserv_id,
	    char **failed);

#endif
