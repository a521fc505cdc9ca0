/* test_authres.c — Authentication-Results: only ours count; failures. */
#include <stdlib.h>
#include <string.h>

#include "authres.h"
#include "unit.h"

static void
is(const char *value, enum authres_verdict want, const char *want_failed)
{
	char *failed = NULL;
	enum authres_verdict got = authres_judge(value, "mx.minhang.gov.cn",
	    &failed);

	CHECK(got == want, "%s → %d (want %d)", value, got, want);
	if (want_failed)
		CHECK(failed && strcmp(failed, want_failed) == 0,
		    "%s: failed \"%s\" (want \"%s\")", value,
		    failed ? failed : "(null)", want_failed);
	else
		CHECK(failed == NULL, "%s: nothing failed", value);
	free(failed);
}

int
main(void)
{
	is("mx.minhang.gov.cn; dkim=pass header.d=a.com; spf=pass "
	    "smtp.mailfrom=a.com; dmarc=pass header.from=a.com",
	    AUTHRES_PASS, NULL);
	is("mx.minhang.gov.cn 1; spf=fail smtp.mailfrom=x.com; dmarc=fail "
	    "(p=reject) header.from=a.com", AUTHRES_FAIL,
	    "dmarc=fail spf=fail");
	is("MX.Minhang.Gov.CN;\r\n\tdkim=fail (bad signature) header.d=a.com",
	    AUTHRES_FAIL, "dkim=fail");
	/* A forger's own header: not our server, ignored */
	is("mx.evil.example; dkim=pass; spf=pass; dmarc=pass",
	    AUTHRES_FOREIGN, NULL);
	is("mx.minhang.gov.cn.evil.example; dmarc=fail", AUTHRES_FOREIGN, NULL);
	/* A DMARC pass outweighs an SPF softfail (forwarding) */
	is("mx.minhang.gov.cn; spf=softfail; dkim=pass; dmarc=pass",
	    AUTHRES_PASS, NULL);
	is("mx.minhang.gov.cn; spf=softfail smtp.mailfrom=a.com", AUTHRES_FAIL,
	    "spf=softfail");
	/* none / neutral / temperror say nothing */
	is("mx.minhang.gov.cn; spf=none; dkim=none; dmarc=none", AUTHRES_PASS,
	    NULL);
	is("mx.minhang.gov.cn; spf=temperror; dkim=permerror", AUTHRES_PASS,
	    NULL);
	/* one good signature of several is enough */
	is("mx.minhang.gov.cn; dkim=fail header.d=b.com; dkim=pass "
	    "header.d=a.com", AUTHRES_PASS, NULL);
	/* a comment with a semicolon does not split */
	is("mx.minhang.gov.cn; spf=pass (sender; ok) smtp.mailfrom=a.com; "
	    "dmarc=fail", AUTHRES_FAIL, "dmarc=fail");
	is("", AUTHRES_FOREIGN, NULL);
	CHECK(authres_judge("mx.minhang.gov.cn; dmarc=fail", NULL, NULL) ==
	    AUTHRES_FOREIGN, "no configured authserv-id: nothing is trusted");
	return UNIT_DONE();
}
