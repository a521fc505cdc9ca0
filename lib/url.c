/* url.c — see url.h. */
#include "url.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

int
url_parse_net(const char *rest, struct url_net *u)
{
	const char *at = NULL, *hs, *he, *slash, *p, *colon;
	char *e;
	long port;

	memset(u, 0, sizeof *u);
	slash = rest + strcspn(rest, "/");
	if (memchr(rest, '?', (size_t)(slash - rest)) != NULL)
		return -1;
	for (p = rest; p < slash; p++)
		if (*p == '@')
			at = p;
	if (at != NULL) {
		colon = memchr(rest, ':', (size_t)(at - rest));
		u->user = url_unescape(rest,
		    (size_t)((colon ? colon : at) - rest));
		hs = at + 1;
	} else
		hs = rest;
	if (*hs == '[') {
		if ((he = memchr(hs, ']', (size_t)(slash - hs))) == NULL)
			return -1;
		u->host = xstrndup(hs + 1, (size_t)(he - hs - 1));
		he++;
	} else {
		if ((he = memchr(hs, ':', (size_t)(slash - hs))) == NULL)
			he = slash;
		u->host = xstrndup(hs, (size_t)(he - hs));
	}
	if (*u->host == '\0')
		return -1;
	if (he < slash) {
		if (*he != ':')
			return -1;
		port = strtol(he + 1, &e, 10);
		if (e != slash || port <= 0 || port > 65535)
			return -1;
		u->port = (int)port;
	}
	if (*slash == '/' && slash[1] != '\0')
		u->path = url_unescape(slash + 1, strlen(slash + 1));
	return 0;
}

void
url_net_free(struct url_net *u)
{
	free(u->user);
	free(u->host);
	free(u->path);
	memset(u, 0, sizeof *u);
}
