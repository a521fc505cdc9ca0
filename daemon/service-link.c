/* service-link.c — which open submission a mail answers (service-impl.h):
 * by the Message-ID of one of our replies, else by a receipt number in
 * its subject. */
#include <stdlib.h>
#include <string.h>

#include "mail.h"
#include "records.h"
#include "rules.h"
#include "service-impl.h"
#include "util.h"

long long
service_find_link(struct service *s, const char *data, size_t len,
    struct verdict **prev)
{
	struct mail_message *m = NULL;
	long long sub = 0;
	char *ids = NULL, *tok, *save = NULL, *json, *status = NULL;

	*prev = NULL;
	if (mail_parse_headers(data, len, &m) != 0 || m == NULL)
		goto out;
	ids = xasprintf("%s %s", m->in_reply_to ? m->in_reply_to : "",
	    m->references ? m->references : "");
	for (tok = strtok_r(ids, " \t\r\n,", &save); tok && sub == 0;
	    tok = strtok_r(NULL, " \t\r\n,", &save))
		if (*tok == '<')
			sub = records_submission_by_reply(s->rec, tok);
	if (sub <= 0 && m->subject && s->env->center) {
		/* "闵行-2026-000123" anywhere in the subject */
		const char *sn = s->env->center->short_name;
		const char *at = m->subject;
		size_t n = strlen(sn);

		while (sub <= 0 && (at = strstr(at, sn)) != NULL) {
			char rcpt[64];
			size_t k = n;

			while (k < sizeof rcpt - 1 && (at[k] == '-' ||
			    (at[k] >= '0' && at[k] <= '9')))
				k++;
			if (k > n + 6 && k < sizeof rcpt) {
				memcpy(rcpt, at, k);
				rcpt[k] = '\0';
				sub = records_find_submission(s->rec, rcpt);
			}
			at += n;
		}
	}
	if (sub <= 0) {
		sub = 0;
		goto out;
	}
	json = records_submission_json(s->rec, sub, &status);
	if (json && status && (strcmp(status, "rejected") == 0 ||
	    strcmp(status, "review") == 0))
		*prev = verdict_from_json(json);
	if (*prev == NULL)
		sub = 0;
	free(json);
	free(status);
out:
	free(ids);
	mail_free(m);
	return sub;
}
