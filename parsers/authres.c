/* authres.c — see authres.h. */
#include "authres.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The value with (comments) removed and folding turned into spaces. */
static char *
strip_comments(const char *v)
{
	char *out = xmalloc(strlen(v) + 1), *o = out;
	int depth = 0, quoted = 0;

	for (; *v; v++) {
		if (*v == '"' && depth == 0)
			quoted = !quoted;
		if (!quoted && *v == '(') {
			depth++;
			continue;
		}
		if (!quoted && *v == ')' && depth > 0) {
			depth--;
			continue;
		}
		if (depth == 0)
			*o++ = (*v == '\r' || *v == '\n' || *v == '\t') ? ' ' :
			    *v;
	}
	*o = '\0';
	return out;
}

static char *
trim(char *s)
{
	char *e;

	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && e[-1] == ' ')
		*--e = '\0';
	return s;
}

enum authres_verdict
authres_judge(const char *value, const char *authserv_id, char **failed)
{
	char *text, *part, *save = NULL, *id;
	char *dmarc = NULL, *dkim = NULL, *spf = NULL;
	struct buf b = { 0 };
	enum authres_verdict r = AUTHRES_FOREIGN;
	size_t n;

	if (failed)
		*failed = NULL;
	if (value == NULL || authserv_id == NULL || *authserv_id == '\0')
		return AUTHRES_FOREIGN;
	text = strip_comments(value);
	part = strtok_r(text, ";", &save);
	if (part == NULL)
		goto out;
	id = trim(part);
	n = strcspn(id, " ");		/* a version number may follow */
	if (n != strlen(authserv_id) || ascii_ncasecmp(id, authserv_id, n) != 0)
		goto out;
	r = AUTHRES_PASS;
	while ((part = strtok_r(NULL, ";", &save)) != NULL) {
		char *m = trim(part), *eq = strchr(m, '='), *res;

		if (eq == NULL)
			continue;
		*eq = '\0';
		res = eq + 1;
		res[strcspn(res, " ")] = '\0';
		ascii_lower(m);
		ascii_lower(res);
		if (strcmp(m, "dmarc") == 0 && dmarc == NULL)
			dmarc = res;
		else if (strcmp(m, "dkim") == 0 && (dkim == NULL ||
		    strcmp(dkim, "pass") != 0))
			dkim = res;	/* one passing signature is enough */
		else if (strcmp(m, "spf") == 0 && spf == NULL)
			spf = res;
	}
	if (dmarc && strcmp(dmarc, "fail") == 0)
		buf_adds(&b, "dmarc=fail");
	if (dkim && strcmp(dkim, "fail") == 0 &&
	    !(dmarc && strcmp(dmarc, "pass") == 0))
		buf_addf(&b, "%sdkim=fail", b.len ? " " : "");
	if (spf && (strcmp(spf, "fail") == 0 || strcmp(spf, "softfail") == 0) &&
	    !(dmarc && strcmp(dmarc, "pass") == 0))
		buf_addf(&b, "%sspf=%s", b.len ? " " : "", spf);
	if (b.len) {
		r = AUTHRES_FAIL;
		if (failed)
			*failed = buf_take(&b);
	}
out:
	buf_free(&b);
	free(text);
	return r;
}
