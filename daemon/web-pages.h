/*
 * web-pages.h — the console's pages beyond the skeleton (web.h): the
 * submission page, file previews, the decision's confirmation and the
 * audit page; one file each, routed in web.c.
 */
#ifndef INTAKE_WEB_PAGES_H
#define INTAKE_WEB_PAGES_H

#include "web.h"

struct records_submission;

int	web_submission(struct web_req *, struct web_resp *);
					/* GET /submission/# */
int	web_preview(struct web_req *, struct web_resp *);
					/* GET /submission/#/preview/# */
int	web_confirm(struct web_req *, struct web_resp *);
					/* POST /submission/#/confirm */
int	web_audit_page(struct web_req *, struct web_resp *);
					/* GET /audit */

/* The decision form of the submission page (web-confirm.c): decision,
 * the center's common reasons and a free reason, sent to /confirm. */
void	web_decision_form(struct buf *, const struct web_req *,
	    const struct records_submission *);

#endif
