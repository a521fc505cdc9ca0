/* service.c — see service.h for the order of steps and why. */
#include "service.h"

#include <sys/stat.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "channel.h"
#include "judge.h"
#include "log.h"
#include "records.h"
#include "reply.h"
#include "source.h"
#include "spool.h"
#include "util.h"

/* Stands for the receipt number while judging: the number is taken only
 * when the submission is stored, inside that transaction, so numbers have
 * no gaps. */
#define RECEIPT_MARK	"@@INTAKE-RECEIPT@@"

struct service {
	const struct env *env;
	struct records	*rec;
	struct spool	*spool;
	struct channel	*chan;
	struct source	*src;
	char		*mailbox;	/* URL for the records and logs */
	int		 lock_fd;
	time_t		 src_retry;	/* no reconnect before this */
	int		 src_backoff;
};


/* The database's directory, made (0700) when missing. */
static int
make_parent(const char *path, char **err)
{
	char *dir = xstrdup(path), *slash = strrchr(dir, '/'), *failed;
	int rc = 0;

	if (slash != NULL && slash != dir) {
		*slash = '\0';
		if ((rc = mkdir_p(dir, 0700, &failed)) != 0) {
			*err = xasprintf("%s: %s", failed, strerror(errno));
			free(failed);
		}
	}
	free(dir);
	return rc;
}

struct service *
service_open(const struct env *e, char **err)
{
	struct service *s = xcalloc(1, sizeof *s);
	char *sql_dir = xstrdup(e->cfg->schemas);

	s->env = e;
	s->lock_fd = -1;
	s->mailbox = xstrdup(e->cfg->mailbox.url ? e->cfg->mailbox.url : "");
	if (make_parent(e->cfg->database, err) != 0 ||
	    (s->lock_fd = records_lock(e->cfg->database, err)) == -1)
		goto fail;
	if ((s->rec = records_open(e->cfg->database, sql_dir, err)) == NULL)
		goto fail;
	if ((s->spool = spool_open(e->cfg->spool, err)) == NULL)
		goto fail;
	if ((s->chan = env_reply_channel(e, err)) == NULL)
		goto fail;
	free(sql_dir);
	return s;
fail:
	free(sql_dir);
	service_close(s);
	return NULL;
}

void
service_close(struct service *s)
{
	if (s == NULL)
		return;
	source_close(s->src);
	channel_close(s->chan);
	spool_close(s->spool);
	records_close(s->rec);
	if (s->lock_fd != -1)
		close(s->lock_fd);
	free(s->mailbox);
	free(s);
}

int
service_set_env(struct service *s, const struct env *e, char **err)
{
	struct channel *c = env_reply_channel(e, err);

	if (c == NULL)
		return -1;
	channel_close(s->chan);
	s->chan = c;
	s->env = e;
	/* The mailbox may have changed: reconnect on the next pass. */
	source_close(s->src);
	s->src = NULL;
	free(s->mailbox);
	s->mailbox = xstrdup(e->cfg->mailbox.url ? e->cfg->mailbox.url : "");
	return 0;
}

/* ---- judging and storing one message ---- */

static void
replace_mark(char **s, const char *receipt)
{
	char *at;

	while (*s && (at = strstr(*s, RECEIPT_MARK)) != NULL) {
		char *n = xasprintf("%.*s%s%s", (int)(at - *s), *s, receipt,
		    at + strlen(RECEIPT_MARK));
		free(*s);
		*s = n;
	}
}

/* Spools every file of the verdict under the message's record; the
 * paths in verdict order.  -1 on a local error (disk). */
static int
spool_files(struct service *s, long long msg, const struct verdict *v,
    char ***paths, size_t *n)
{
	size_t i, k, total = 0, at = 0;
	char *err = NULL;

	for (i = 0; i < v->n_persons; i++)
		total += v->persons[i]->n_files;
	*paths = xcalloc(total + 1, sizeof **paths);
	*n = total;
	for (i = 0; i < v->n_persons; i++) {
		const struct verdict_person *p = v->persons[i];

		for (k = 0; k < p->n_files; k++, at++) {
			const struct verdict_file *f = &p->files[k];

			if (f->data == NULL && f->bytes > 0)
				continue;
			if (spool_put_file(s->spool, msg, p->name, f->name,
			    f->data, f->bytes, &(*paths)[at], &err) != 0) {
				log_error("event=spool-file msg=%lld error=\"%s\"",
				    msg, err);
				free(err);
				return -1;
			}
		}
	}
	return 0;
}

static void
free_paths(char **paths, size_t n)
{
	size_t i;

	for (i = 0; paths && i < n; i++)
		free(paths[i]);
	free(paths);
}

/* An answer to one of our replies (In-Reply-To/References name its
 * Message-ID) or naming a receipt number, to a submission still open
 * (rejected or waiting for review): that submission, and its verdict in
 * *prev.  0 when the mail starts a new submission. */
static long long
find_link(struct service *s, const char *data, size_t len,
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

/* Judges msg's spooled bytes (spool_map: a mapping's pages go as they
 * are decoded) and stores the verdict, the reply (due or suppressed) and
 * the new state in one transaction.  0, or -1 on a local error (left
 * pending: retried). */
static int
judge_and_store(struct service *s, long long msg,
    const struct spool_bytes *b, long long dup_of)
{
	struct mail_message *m = NULL;
	const struct env *e = s->env;
	struct judge_ctx ctx = env_judge_ctx(e);
	struct judgment *j;
	struct verdict *v, *prev = NULL;
	long long link = 0;
	char **paths = NULL, *json = NULL, *err = NULL, *receipt = NULL;
	char *raw = NULL, *msgid = NULL;
	size_t n_paths = 0, raw_len = 0;
	const char *state = NULL;
	long long sub;
	time_t now = time(NULL);
	int rc = -1;

	ctx.receipt = RECEIPT_MARK;
	if (dup_of == 0)
		link = find_link(s, b->data, b->len, &prev);
	ctx.previous = prev;
	if ((b->mapped ? mail_parse_mapped(b->data, b->len, &m) :
	    mail_parse(b->data, b->len, &m)) != 0) {
		mail_free(m);
		m = NULL;
	}
	j = judge_parsed(&ctx, m, NULL);
	v = j->verdict;
	if (dup_of) {
		/* The same mail again (a resend, another folder, a new
		 * UIDVALIDITY): recorded, never answered twice. */
		v->status = VERDICT_IGNORED;
		verdict_add_problem(v, "duplicate-message", NULL, NULL, NULL,
		    "与第 %lld 号记录的邮件相同，已处理过，不再答复", dup_of);
		verdict_drop_reply(v);
	}
	/* A crash may have left this message's files from an earlier try. */
	if (spool_remove(s->spool, msg, NULL, &err) != 0) {
		log_error("event=spool-clean msg=%lld error=\"%s\"", msg, err);
		goto out;
	}
	if (spool_files(s, msg, v, &paths, &n_paths) != 0)
		goto out;
	{	/* the JSON keeps where each file is, for a resubmission */
		size_t i, k, at = 0;

		for (i = 0; i < v->n_persons; i++)
			for (k = 0; k < v->persons[i]->n_files; k++, at++)
				if (paths[at])
					verdict_set(&v->persons[i]->files[k].path,
					    paths[at]);
	}
	if (records_begin(s->rec, &err) != 0)
		goto fail;
	if (v->status == VERDICT_ACCEPTED) {
		struct tm tm;

		localtime_r(&now, &tm);
		receipt = records_next_receipt(s->rec, e->center->short_name,
		    tm.tm_year + 1900, &err);
		if (receipt == NULL)
			goto rollback;
		verdict_set(&v->receipt, receipt);
	}
	if (v->reply) {
		replace_mark(&v->reply->body, receipt ? receipt : "");
		replace_mark(&v->reply->subject, receipt ? receipt : "");
		raw = reply_compose(v, e->cfg->reply.from, now,
		    receipt ? receipt : v->message_id ? v->message_id : "",
		    &raw_len, &msgid);
		if (raw == NULL) {
			err = xstrdup("cannot compose the reply");
			goto rollback;
		}
		state = "due";
		if (v->reply_withheld) {
			state = "suppressed";
			log_warn("event=reply-suppressed msg=%lld "
			    "why=unauthenticated failed=\"%s\"", msg,
			    v->reply_withheld);
		} else if (!channel_addr_ok(v->reply->to)) {
			state = "suppressed";
			log_warn("event=reply-suppressed msg=%lld why=address",
			    msg);
		} else if (records_replies_since(s->rec, v->reply->to,
		    now - 86400) >= e->cfg->reply.per_sender_per_day) {
			state = "suppressed";
			log_warn("event=reply-suppressed msg=%lld why=rate-limit "
			    "rcpt=%s", msg, v->reply->to);
		}
	}
	json = verdict_to_json(v);
	if (link)
		sub = records_update_submission(s->rec, link, msg, v, json,
		    (const char *const *)paths, &err);
	else
		sub = records_add_submission(s->rec, msg, v, json,
		    (const char *const *)paths, &err);
	if (sub < 0)
		goto rollback;
	if (raw && records_add_reply(s->rec, sub,
	    verdict_status_name(v->status), v->reply->to, v->reply->subject,
	    msgid, raw, raw_len, state, &err) < 0)
		goto rollback;
	if (state && strcmp(state, "suppressed") == 0 &&
	    records_add_history(s->rec, sub, "intake", "reply-suppressed",
	    v->reply_withheld ? "sender failed authentication" :
	    "rate limit or unusable address", &err) != 0)
		goto rollback;
	if (records_set_state(s->rec, msg, state && strcmp(state, "due") == 0 ?
	    RECORDS_JUDGED : RECORDS_DONE, &err) != 0)
		goto rollback;
	if (records_commit(s->rec, &err) != 0)
		goto fail;
	log_info("event=judged msg=%lld submission=%lld%s status=%s center=%s "
	    "business=%s problems=%zu receipt=%s reply=%s", msg, sub,
	    link ? " resubmission=1" : "",
	    verdict_status_name(v->status), v->center ? v->center : "-",
	    v->business ? v->business : "-", v->n_problems,
	    receipt ? receipt : "-", state ? state : "none");
	rc = 0;
	goto out;
rollback:
	records_rollback(s->rec);
fail:
	log_error("event=store msg=%lld error=\"%s\"", msg,
	    err ? err : "unknown");
out:
	free(err);
	free(json);
	free(raw);
	free(msgid);
	free(receipt);
	free_paths(paths, n_paths);
	judgment_free(j);
	verdict_free(prev);
	return rc;
}

int
service_recover(struct service *s)
{
	long long *ids = NULL;
	char **paths = NULL, *err = NULL;
	size_t n = 0, i;
	int left = 0;

	if (records_pending(s->rec, &ids, &paths, &n, &err) != 0) {
		log_error("event=recover error=\"%s\"", err);
		free(err);
		return 1;
	}
	for (i = 0; i < n; i++) {
		struct spool_bytes b;

		if (spool_map(s->spool, paths[i], &b, &err) != 0) {
			log_error("event=recover msg=%lld error=\"%s\"", ids[i],
			    err);
			free(err);
			err = NULL;
			left++;
		} else {
			log_info("event=recover msg=%lld", ids[i]);
			if (judge_and_store(s, ids[i], &b, 0) != 0)
				left++;
			spool_bytes_free(&b);
		}
		free(paths[i]);
	}
	free(paths);
	free(ids);
	return left;
}

/* ---- the mailbox ---- */

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
			r = judge_and_store(s, id, &b, dup_of);
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

/* ---- replies ---- */

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
