/* service-send.c — the send loop (service.h): due replies out through the
 * channel, with back-off, each recorded sent or failed. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "channel.h"
#include "log.h"
#include "records.h"
#include "service.h"
#include "service-impl.h"
#include "util.h"

static int
backoff_secs(int attempts)
{
	int b = 60;

	while (attempts-- > 0 && b < 3600)
		b *= 2;
	return b > 3600 ? 3600 : b;
}

int
service_send_due(struct service *s)
{
	struct records_due *d = NULL;
	char *err = NULL;
	size_t n = 0, i;
	time_t now = time(NULL);
	int next = 3600;

	if (records_due_replies(s->rec, now, &d, &n, &err) != 0) {
		log_error("event=replies error=\"%s\"", err);
		free(err);
		return 60;
	}
	for (i = 0; i < n; i++) {
		struct records_due *r = &d[i];
		int sent;

		int known = strcmp(r->state, "sending") == 0 ?
		    channel_delivered(s->chan, r->msgid) : 0;

		if (known == 1) {
			/* It left before a crash; only the record lagged. */
			log_info("event=reply-already-sent reply=%lld", r->id);
			sent = 0;
		} else {
			if (known == -1)
				log_warn("event=reply-resend reply=%lld "
				    "why=\"interrupted send, channel cannot "
				    "tell\"", r->id);
			if (records_reply_sending(s->rec, r->id, &err) != 0) {
				log_error("event=reply reply=%lld error=\"%s\"",
				    r->id, err);
				free(err);
				err = NULL;
				continue;
			}
			/* Envelope sender <>: RFC 3834, no loops.  Signals
			 * wait until the send is over: libetpan's network
			 * timeout does not survive an interrupted select. */
			sigset_t block, old;

			sigemptyset(&block);
			sigaddset(&block, SIGTERM);
			sigaddset(&block, SIGINT);
			sigaddset(&block, SIGHUP);
			sigprocmask(SIG_BLOCK, &block, &old);
			sent = channel_send(s->chan, "", r->rcpt, r->msg_text,
			    r->len, &err);
			sigprocmask(SIG_SETMASK, &old, NULL);
		}
		if (sent == 0) {
			/* One transaction: a crash between the two would
			 * leave the message judged with nothing left due. */
			if (records_begin(s->rec, &err) != 0 ||
			    records_reply_sent(s->rec, r->id, time(NULL),
			    &err) != 0 || records_set_state(s->rec, r->msg,
			    RECORDS_DONE, &err) != 0 ||
			    records_commit(s->rec, &err) != 0) {
				records_rollback(s->rec);
				log_error("event=reply-record reply=%lld "
				    "error=\"%s\"", r->id, err);
				free(err);
				err = NULL;
			} else
				log_info("event=reply-sent reply=%lld "
				    "submission=%lld", r->id, r->submission);
			continue;
		}
		log_error("event=reply-failed reply=%lld permanent=%d "
		    "attempts=%d error=\"%s\"", r->id, sent == -2,
		    r->attempts + 1, err ? err : "unknown");
		{
			char *why = err, *err2 = NULL;

			if (records_begin(s->rec, &err2) != 0 ||
			    records_reply_failed(s->rec, r->id,
			    why ? why : "send failed", sent == -2,
			    time(NULL) + backoff_secs(r->attempts), &err2) != 0 ||
			    (sent == -2 && records_set_state(s->rec, r->msg,
			    RECORDS_DONE, &err2) != 0) ||
			    records_commit(s->rec, &err2) != 0) {
				records_rollback(s->rec);
				log_error("event=reply-record reply=%lld "
				    "error=\"%s\"", r->id, err2);
				free(err2);
			}
			free(why);
			err = NULL;
		}
		if (sent != -2 && backoff_secs(r->attempts) < next)
			next = backoff_secs(r->attempts);
	}
	records_due_free(d, n);
	return next;
}
