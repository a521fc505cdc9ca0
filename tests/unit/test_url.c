/* test_url.c — the one parser of mailbox and reply-channel URLs: every
 * part, IPv6 brackets, '@' in a user name, %-escapes, and the malformed
 * forms a configuration may hold. */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "url.h"

static const struct {
	const char	*in;
	int		 ok;
	const char	*user, *host;
	int		 port;
	const char	*path;
} cases[] = {
	{ "mail.example.cn", 0, NULL, "mail.example.cn", 0, NULL },
	{ "alice@127.0.0.1:1143/INBOX", 0, "alice", "127.0.0.1", 1143, "INBOX" },
	{ "jifen%40example.gov.cn@mx:25/", 0, "jifen@example.gov.cn", "mx", 25,
	    NULL },
	{ "a@b.cn@host", 0, "a@b.cn", "host", 0, NULL },
	{ "u:secret@host", 0, "u", "host", 0, NULL },
	{ "[::1]:993", 0, NULL, "::1", 993, NULL },
	{ "@host", 0, "", "host", 0, NULL },
	{ "u@host/%E6%94%B6%E4%BB%B6", 0, "u", "host", 0, "收件" },
	{ "", -1, NULL, NULL, 0, NULL },
	{ "u@", -1, NULL, NULL, 0, NULL },
	{ "host:0", -1, NULL, NULL, 0, NULL },
	{ "host:65536", -1, NULL, NULL, 0, NULL },
	{ "host:25x", -1, NULL, NULL, 0, NULL },
	{ "[::1", -1, NULL, NULL, 0, NULL },
	{ "[::1]x", -1, NULL, NULL, 0, NULL },
	{ "host?x=1", -1, NULL, NULL, 0, NULL },
};

int
main(void)
{
	struct url_net u;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof *cases; i++) {
		int r = url_parse_net(cases[i].in, &u);

		CHECK_INT(r, cases[i].ok, "[%s] %s", cases[i].in,
		    cases[i].ok ? "refused" : "parsed");
		if (r == 0) {
			CHECK_STR(u.user, cases[i].user, "[%s] user",
			    cases[i].in);
			CHECK_STR(u.host, cases[i].host, "[%s] host",
			    cases[i].in);
			CHECK_INT(u.port, cases[i].port, "[%s] port",
			    cases[i].in);
			CHECK_STR(u.path, cases[i].path, "[%s] path",
			    cases[i].in);
		}
		url_net_free(&u);
	}
	return UNIT_DONE();
}
