/* service-loop.c — the mailbox (service.h): connect with back-off, list,
 * and for each new message fetch, spool, record, judge, mark done. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "mail.h"
#include "records.h"
#include "service.h"
#include "service-impl.h"
#include "source.h"
#include "spool.h"
#include "util.h"

static int
connect_source(struct service *s)
{
	const struct cfg_mailbox *mb = &s->env->cfg->mailbox;
	struct source_config sc = { 0 };
	char *pw = NULL, *err = NULL;
	time_t now = time(NULL);

	if (s->src)
		return 0;
	if (now < s->src_retry)
		return -1;
	if (secret_read(mb->password_file, &pw, &err) == 0) {
		sc.url = mb->url;
		sc.password = pw;
		sc.ca_file = mb->ca_file;
		sc.done = mb->done;
		sc.timeout = mb->timeout;
		s->src = source_open(&sc, &err);
		free(pw);
	}
	if (s->src == NULL) {
		s->src_backoff = s->src_backoff ? s->src_backoff * 2 : 2;
		if (s->src_backoff > 300)
			s->src_backoff = 300;
		s->src_retry = now + s->src_backoff;
		log_error("event=mailbox-open mailbox=%s retry_in=%d "
		    "error=\"%s\"", s->mailbox, s->src_backoff, err);
		free(err);
		return -1;
	}
	if (s->src_backoff)
		log_info("event=mailbox-reconnected mailbox=%s", s->mailbox);
	s->src_backoff = 0;
	return 0;
}

static void
drop_source(struct service *s, const char *what, char *err)
{
	log_error("event=%s mailbox=%s error=\"%s\"", what, s->mailbox,
	    err ? err : "unknown");
	free(err);
	source_close(s->src);
	s->src = NULL;
	s->src_backoff = s->src_backoff ? s->src_backoff : 1;
	s->src_retry = time(NULL) + s->src_backoff;
}

/* One listed message.  0 handled (or nothing to do), -1 mailbox error,
 * -2 local error (left on the server; retried on the next pass). */
static int
handle(struct service *s, const struct source_msg *m)
{
	enum records_state state;
	struct records_arrival a = { 0 };
	struct mail_message *mail = NULL;
	char *data = NULL, *err = NULL, *rel = NULL, sha[65];
	long long id, dup_of = 0;
	size_t len;
	int r;

	id = records_lookup_key(s->rec, m->key, &state);
	if (id == 0) {
		r = source_fetch(s->src, m->key, &data, &len, &err);
		if (r == -2) {
			free(err);
			return 0;	/* gone meanwhile */
		}
		if (r != 0) {
			drop_source(s, "fetch", err);
			return -1;
		}
		sha256_hex(data, len, sha);
		if (spool_put_message(s->spool, data, len, sha, &rel,
		    &err) != 0) {
			log_error("event=spool key=%s error=\"%s\"", m->key, err);
			free(err);
			free(data);
			return -2;
		}
		(void)mail_parse_headers(data, len, &mail);
		a.key = m->key;
		a.mailbox = s->mailbox;
		a.sha256 = sha;
		a.message_id = mail ? mail->message_id : NULL;
		a.sender = mail ? mail->from : NULL;
		a.spool_path = rel;
		id = records_add_arrival(s->rec, &a, &dup_of, &err);
		mail_free(mail);
		if (id < 0) {
			log_error("event=record key=%s error=\"%s\"", m->key, err);
			free(err);
			free(rel);
			free(data);
			return -2;
		}
		log_info("event=arrived msg=%lld key=%s bytes=%zu%s", id,
		    m->key, len, dup_of ? " duplicate=1" : "");
		state = RECORDS_SPOOLED;
	}
	if (state == RECORDS_SPOOLED) {
		if (data == NULL) {
			/* Recorded before a crash: the spool has it. */
			log_info("event=resume msg=%lld key=%s", id, m->key);
			free(data);
			data = NULL;
			r = service_recover(s);
			if (r)
				return -2;
		} else {
			/* Judged from the spool, not from the fetched copy:
			 * the file's pages can go as its parts are decoded,
			 * so a big mail is not held twice. */
			struct spool_bytes b;

			free(data);
			data = NULL;
			r = spool_map(s->spool, rel, &b, &err);
			if (r != 0) {
				log_error("event=spool msg=%lld error=\"%s\"", id,
				    err);
				free(err);
				free(rel);
				return -2;
			}
			r = service_judge_and_store(s, id, &b, dup_of);
			spool_bytes_free(&b);
			if (r != 0) {
				free(rel);
				return -2;
			}
		}
	}
	free(rel);
	free(data);
	/* The record is durable: now the server may forget the message. */
	if ((r = source_mark_done(s->src, m->key, &err)) == -1) {
		drop_source(s, "mark-done", err);
		return -1;
	}
	free(err);
	return 0;
}

int
service_pass(struct service *s, volatile int *stop)
{
	struct source_list l = { 0 };
	char *err = NULL;
	size_t i;
	int rc = 0;

	if (connect_source(s) != 0)
		return -1;
	if (source_list(s->src, &l, &err) != 0) {
		drop_source(s, "list", err);
		return -1;
	}
	for (i = 0; i < l.n && !*stop; i++) {
		int r = handle(s, &l.msg[i]);

		if (r == -1) {
			rc = -1;
			break;
		}
		if (r == -2)
			rc = -2;	/* left on the server: retried */
		/* Answer as we go: a big batch should not hold replies. */
		(void)service_send_due(s);
	}
	source_list_free(&l);
	return rc;
}

int
service_wait(struct service *s, int secs)
{
	char *err = NULL;
	int r;

	if (s->src == NULL) {
		/* No connection: sleep only until the next reconnect try. */
		time_t left = s->src_retry - time(NULL);
		struct timespec ts = { 1, 0 };

		if (left > 1 && left < secs)
			ts.tv_sec = left;
		else if (left >= secs)
			ts.tv_sec = secs > 0 ? secs : 1;
		nanosleep(&ts, NULL);
		return 0;
	}
	if ((r = source_wait(s->src, secs, &err)) == -1)
		drop_source(s, "wait", err);
	else
		free(err);
	return r;
}
