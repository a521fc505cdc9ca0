/*
 * reader.c — see reader.h.  One reader: confined once, then a loop of
 * requests, each an attachment read from its memfd.
 */
#include "reader.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <gnutls/crypto.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "confine.h"
#include "filetype.h"
#include "log.h"

/* ---- the hooks (reader.h) ---- */

int
reader_init(void)
{
	/* libmagic's database, once per reader (and inherited from the
	 * parent when it had it loaded).  Content recognition's models are
	 * loaded here too. */
	if (filetype_init() != 0)
		return -1;
	(void)filetype_head_max();
	return 0;
}

/* ---- content recognition (recognize.h) ---- */

/* A file is read up to this size (a phone photo is a few MB; a larger
 * one is left to its name). */
#define READ_MAX_BYTES	((size_t)64 << 20)

static struct {
	int		 on;		/* reader_main's recognize */
	int		 wanted;	/* the request's read */
	struct recog	*r;		/* loaded on first use */
	int		 failed;	/* loading failed: not tried again */
	double		 cpu_start;	/* CPU seconds when the request
					   began */
} rd;

static double
cpu_now(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return 0;
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

/* 1 when a file of this type is to be read. */
static int
read_wanted(const char *type)
{
	return rd.on && rd.wanted && !rd.failed && recog_wants(type);
}

/* What data shows, or NULL (not wanted, no time left, not decodable). */
static struct recog_result *
read_content(const char *type, const void *data, size_t len)
{
	struct recog_result *res;
	char *err = NULL;

	if (!read_wanted(type))
		return NULL;
	if (rd.r == NULL && (rd.r = recog_open(NULL, &err)) == NULL) {
		log_warn("event=recognition-unavailable why=\"%s\"", err);
		free(err);
		rd.failed = 1;
		return NULL;
	}
	res = xcalloc(1, sizeof *res);
	switch (recog_read(rd.r, data, len, type, res, &err)) {
	case 0:
	case 1:			/* an icon or a logo: measured, not read */
		return res;
	default:		/* a broken file: its type and the judge say so */
		log_debug("event=recognition-failed why=\"%s\"", err);
		free(err);
	}
	recog_result_free(res);
	free(res);
	return NULL;
}

void
reader_member_step(struct unpack_member *m, const unsigned char *head,
    size_t n)
{
	/* Type (of the head) and SHA-256 are already in m; what it shows
	 * is read by a request of its own (reader.h). */
	(void)m;
	(void)head;
	(void)n;
}

/* ---- the record ---- */

static void
put_u32(struct buf *b, uint32_t v)
{
	buf_add(b, &v, sizeof v);
}

static void
put_u64(struct buf *b, uint64_t v)
{
	buf_add(b, &v, sizeof v);
}

static void
put_str(struct buf *b, const char *s)
{
	uint32_t n = s ? (uint32_t)strlen(s) : 0;

	put_u32(b, n);
	buf_add(b, s ? s : "", n);
}

struct rd {
	const char	*p;
	size_t		 left;
	int		 bad;
};

static const void *
take(struct rd *r, size_t n)
{
	const char *p = r->p;

	if (r->bad || n > r->left) {
		r->bad = 1;
		return NULL;
	}
	r->p += n;
	r->left -= n;
	return p;
}

static uint64_t
take_u64(struct rd *r)
{
	const void *p = take(r, 8);
	uint64_t v = 0;

	if (p)
		memcpy(&v, p, 8);
	return v;
}

static uint32_t
take_u32(struct rd *r)
{
	const void *p = take(r, 4);
	uint32_t v = 0;

	if (p)
		memcpy(&v, p, 4);
	return v;
}

static char *
take_str(struct rd *r)
{
	uint32_t n = take_u32(r);
	const char *p = take(r, n);

	return p ? xstrndup(p, n) : NULL;
}

static void
put_f64(struct buf *b, double v)
{
	buf_add(b, &v, sizeof v);
}

static double
take_f64(struct rd *r)
{
	const void *p = take(r, 8);
	double v = 0;

	if (p)
		memcpy(&v, p, 8);
	return v;
}

/* An ID number as read: "" or 18 characters. */
static void
take_id(struct rd *r, char out[19])
{
	char *s = take_str(r);

	out[0] = '\0';
	if (s != NULL && (strlen(s) == 18 || *s == '\0'))
		memcpy(out, s, strlen(s) + 1);
	else
		r->bad = 1;
	free(s);
}

/* What was read on a file: u8 present, then quality, rotation, used_ocr,
 * icon, id_number, name and the pages (text, by_ocr, id_number, name). */
static void
put_recog(struct buf *b, const struct recog_result *rr)
{
	const struct recog_quality *q;
	size_t i;

	buf_add(b, rr ? "\1" : "\0", 1);
	if (rr == NULL)
		return;
	q = &rr->quality;
	put_u32(b, (uint32_t)q->measured);
	put_u32(b, (uint32_t)q->width);
	put_u32(b, (uint32_t)q->height);
	put_f64(b, q->sharpness);
	put_f64(b, q->weakest);
	put_f64(b, q->steadiness);
	put_f64(b, q->brightness);
	put_f64(b, q->contrast);
	put_u32(b, (uint32_t)rr->rotation);
	put_u32(b, (uint32_t)rr->used_ocr);
	put_u32(b, (uint32_t)rr->icon);
	put_str(b, rr->id_number);
	put_u32(b, rr->name != NULL);
	put_str(b, rr->name);
	put_u32(b, (uint32_t)rr->n_pages);
	for (i = 0; i < rr->n_pages; i++) {
		const struct recog_page *pg = &rr->pages[i];

		put_str(b, pg->text);
		put_u32(b, (uint32_t)pg->by_ocr);
		put_str(b, pg->id_number);
		put_u32(b, pg->name != NULL);
		put_str(b, pg->name);
	}
}

static char *
take_name(struct rd *r)
{
	uint32_t has = take_u32(r);
	char *s = take_str(r);

	if (!has) {
		free(s);
		return NULL;
	}
	return s;
}

static int
take_recog(struct rd *r, struct recog_result **out)
{
	const unsigned char *flag = take(r, 1);
	struct recog_result *rr;
	struct recog_quality *q;
	uint32_t i, n;

	*out = NULL;
	if (flag == NULL || *flag == 0)
		return r->bad ? -1 : 0;
	rr = *out = xcalloc(1, sizeof *rr);
	q = &rr->quality;
	q->measured = (int)take_u32(r);
	q->width = (int)take_u32(r);
	q->height = (int)take_u32(r);
	q->sharpness = take_f64(r);
	q->weakest = take_f64(r);
	q->steadiness = take_f64(r);
	q->brightness = take_f64(r);
	q->contrast = take_f64(r);
	rr->rotation = (int)take_u32(r);
	rr->used_ocr = (int)take_u32(r);
	rr->icon = take_u32(r) != 0;
	take_id(r, rr->id_number);
	rr->name = take_name(r);
	n = take_u32(r);
	/* every page takes at least 20 bytes of the record */
	if (r->bad || n > r->left / 20)
		return -1;
	rr->pages = xcalloc(n ? n : 1, sizeof *rr->pages);
	for (i = 0; i < n && !r->bad; i++) {
		struct recog_page *pg = &rr->pages[rr->n_pages++];

		pg->text = take_str(r);
		pg->by_ocr = (int)take_u32(r);
		take_id(r, pg->id_number);
		pg->name = take_name(r);
		if (pg->text == NULL)
			pg->text = xstrdup("");
	}
	return r->bad ? -1 : 0;
}

/* One member: the fields of struct unpack_member the worker needs.  A new
 * field: one line here and one in take_member. */
static void
put_member(struct buf *b, const struct unpack_member *m, uint64_t off)
{
	put_str(b, m->path);
	put_str(b, m->name);
	put_str(b, m->type);
	put_u64(b, m->len);
	put_str(b, m->sha256);
	put_u64(b, off);
	put_recog(b, m->recog);
}

static int
take_member(struct rd *r, struct unpack_member *m, uint64_t *off)
{
	char *sha;

	m->path = take_str(r);
	m->name = take_str(r);
	m->type = take_str(r);
	m->len = (size_t)take_u64(r);
	sha = take_str(r);
	*off = take_u64(r);
	if (sha != NULL && strlen(sha) < sizeof m->sha256)
		memcpy(m->sha256, sha, strlen(sha) + 1);
	else
		r->bad = 1;
	free(sha);
	if (take_recog(r, &m->recog) != 0)
		r->bad = 1;
	return r->bad ? -1 : 0;
}

void
reader_put(struct buf *b, double cpu, const char *type,
    const struct recog_result *recog, const struct unpack_result *r,
    uint64_t budget, const uint64_t *offsets)
{
	size_t i;

	put_f64(b, cpu);
	put_str(b, type);
	put_recog(b, recog);
	buf_add(b, r ? "\1" : "\0", 1);
	if (r == NULL)
		return;
	put_u32(b, (uint32_t)r->status);
	put_str(b, r->detail);
	put_str(b, r->format);
	put_u64(b, budget);
	put_u32(b, (uint32_t)r->n_members);
	for (i = 0; i < r->n_members; i++)
		put_member(b, &r->members[i], offsets ? offsets[i] :
		    UINT64_MAX);
}

int
reader_take(const char *p, size_t n, double *cpu, char **type,
    struct recog_result **recog, struct unpack_result **archive,
    uint64_t *budget, uint64_t **offsets)
{
	struct rd r = { p, n, 0 };
	struct unpack_result *a;
	const unsigned char *flag;
	uint32_t i, k;

	*archive = NULL;
	*offsets = NULL;
	*recog = NULL;
	*cpu = take_f64(&r);
	*type = take_str(&r);
	if (take_recog(&r, recog) != 0)
		return -1;
	flag = take(&r, 1);
	if (r.bad || *type == NULL)
		return -1;
	if (*flag == 0)
		return r.left == 0 ? 0 : -1;
	a = xcalloc(1, sizeof *a);
	*archive = a;
	a->status = (enum unpack_status)take_u32(&r);
	a->detail = take_str(&r);
	a->format = take_str(&r);
	if (a->detail && *a->detail == '\0') {
		free(a->detail);
		a->detail = NULL;
	}
	*budget = take_u64(&r);
	k = take_u32(&r);
	/* every member takes at least 40 bytes of the record */
	if (r.bad || a->status > UNPACK_TOO_LARGE || k > r.left / 40)
		return -1;
	a->members = xcalloc(k ? k : 1, sizeof *a->members);
	*offsets = xcalloc(k ? k : 1, sizeof **offsets);
	for (i = 0; i < k && !r.bad; i++)
		if (take_member(&r, &a->members[a->n_members++],
		    &(*offsets)[i]) != 0)
			break;
	return r.bad || r.left != 0 ? -1 : 0;
}

/* ---- serving ---- */

static void
test_fault(const char *name)
{
	const char *f = getenv("INTAKE_TEST_FAULT");

	if (f == NULL || name == NULL)
		return;
	if (strncmp(f, "crash:", 6) == 0 && strstr(name, f + 6))
		raise(SIGSEGV);
	if (strncmp(f, "hang:", 5) == 0 && strstr(name, f + 5))
		for (;;)
			pause();
	/* "write:TEXT": try to create a file; succeeding is a breach, and
	 * shows up as an unreadable archive. */
	if (strncmp(f, "write:", 6) == 0 && strstr(name, f + 6)) {
		const char *probe = getenv("INTAKE_TEST_PROBE");
		int fd = open(probe ? probe : "/tmp/intake-worker-probe",
		    O_WRONLY | O_CREAT | O_TRUNC, 0600);

		if (fd >= 0)
			raise(SIGSEGV);
	}
}

static int
pwrite_all(int fd, const void *p, size_t n, uint64_t off)
{
	const char *c = p;

	while (n > 0) {
		ssize_t w = pwrite(fd, c, n, (off_t)off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
		off += (uint64_t)w;
	}
	return 0;
}

/* The members as they stream: hashed, written when kept, stepped. */
struct stream {
	int			 out;		/* members' memfd; -1 */
	uint64_t		 at;		/* where the next one goes */
	uint64_t		*offsets;
	size_t			 cap;
	gnutls_hash_hd_t	 sha;
	unsigned char		*head;		/* the member's head */
	size_t			 head_n;
	int			 failed;	/* a write failed */
};

static void
s_begin(void *arg, size_t i, const struct unpack_member *m,
    const unsigned char *head, size_t n)
{
	struct stream *s = arg;

	(void)m;
	xgrow((void **)&s->offsets, &s->cap, i + 1, sizeof *s->offsets);
	s->offsets[i] = s->out >= 0 ? s->at : UINT64_MAX;
	if (gnutls_hash_init(&s->sha, GNUTLS_DIG_SHA256) != 0)
		abort();
	gnutls_hash(s->sha, head, n);
	/* Kept for the member step: the head is at most libmagic's. */
	s->head = xmalloc(n ? n : 1);
	memcpy(s->head, head, n);
	s->head_n = n;
	if (s->out >= 0 && pwrite_all(s->out, head, n, s->at) != 0)
		s->failed = 1;
	s->at += n;
}

static void
s_data(void *arg, const unsigned char *p, size_t n)
{
	struct stream *s = arg;

	gnutls_hash(s->sha, p, n);
	if (s->out >= 0 && pwrite_all(s->out, p, n, s->at) != 0)
		s->failed = 1;
	s->at += n;
}

static void
s_end(void *arg, size_t i, struct unpack_member *m)
{
	static const char hex[] = "0123456789abcdef";
	struct stream *s = arg;
	unsigned char md[32];
	size_t k;

	(void)i;
	gnutls_hash_deinit(s->sha, md);
	s->sha = NULL;
	for (k = 0; k < 32; k++) {
		m->sha256[2 * k] = hex[md[k] >> 4];
		m->sha256[2 * k + 1] = hex[md[k] & 15];
	}
	m->sha256[64] = '\0';
	reader_member_step(m, s->head, s->head_n);
	free(s->head);
	s->head = NULL;
}

static void
s_forget(void *arg, size_t from)
{
	struct stream *s = arg;

	if (s->sha != NULL) {		/* a member cut short */
		gnutls_hash_deinit(s->sha, NULL);
		s->sha = NULL;
	}
	free(s->head);
	s->head = NULL;
	/* What they wrote is written over. */
	if (from < s->cap && s->offsets[from] != UINT64_MAX)
		s->at = s->offsets[from];
}

/* The attachment's len bytes from its memfd, to read; NULL when too
 * large or short. */
static unsigned char *
read_all(int in, uint64_t len)
{
	unsigned char *p;
	size_t got = 0;
	ssize_t n;

	if (len == 0 || len > READ_MAX_BYTES)
		return NULL;
	p = xmalloc((size_t)len);
	while (got < len && (n = pread(in, p + got, (size_t)len - got,
	    (off_t)got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	if (got != len) {
		free(p);
		return NULL;
	}
	return p;
}

/* One attachment: typed by its head, unpacked when an archive, read
 * (recognition) when an image or PDF. */
static void
serve_one(int fd, const struct reader_req *q, const char *name, int in,
    int out)
{
	struct stream s;
	struct unpack_sink sink = { &s, s_begin, s_data, s_end, s_forget };
	struct unpack_result *r = NULL;
	struct recog_result *rr = NULL;
	struct buf b = { 0 };
	unsigned char *head, *all;
	size_t hn = filetype_head_max(), got = 0;
	uint64_t budget = q->budget, len64;
	char *type;
	ssize_t n;

	memset(&s, 0, sizeof s);
	s.out = out;
	rd.cpu_start = cpu_now();
	rd.wanted = q->read != 0;
	test_fault(name);
	if (hn > q->len)
		hn = (size_t)q->len;
	head = xmalloc(hn ? hn : 1);
	while (got < hn && (n = pread(in, head + got, hn - got,
	    (off_t)got)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		got += (size_t)n;
	}
	type = filetype_of(head, got);
	free(head);
	if (filetype_is_archive(type)) {
		r = unpack_archive_fd(in, q->len, &q->lim, &budget, &sink);
		s_forget(&s, SIZE_MAX);
		if (s.failed && r->status == UNPACK_OK) {
			r->status = UNPACK_TOO_LARGE;
			free(r->detail);
			r->detail = xstrdup("the members could not be kept");
		}
	} else if (read_wanted(type) && (all = read_all(in, q->len)) != NULL) {
		rr = read_content(type, all, (size_t)q->len);
		free(all);
	}
	reader_put(&b, cpu_now() - rd.cpu_start, type, rr, r, budget,
	    s.offsets);
	len64 = b.len;
	if (fd_write_all(fd, &len64, sizeof len64) != 0 ||
	    fd_write_all(fd, b.data ? b.data : "", b.len) != 0)
		_exit(91);
	/* A reader that ran out of memory may have a heap in pieces: it is
	 * replaced rather than trusted with the next attachment. */
	if (r != NULL && r->status == UNPACK_TOO_LARGE)
		_exit(0);
	buf_free(&b);
	free(type);
	free(s.offsets);
	unpack_result_free(r);
	recog_result_free(rr);
	free(rr);
}

/* One request: its header, its name and its descriptors. */
static int
receive(int fd, struct reader_req *q, char **name, int *in, int *out)
{
	union {
		struct cmsghdr	h;
		char		b[CMSG_SPACE(2 * sizeof(int))];
	} c;
	struct iovec iov = { q, sizeof *q };
	struct msghdr msg;
	struct cmsghdr *h;
	size_t got = 0;
	ssize_t n;

	*in = *out = -1;
	memset(&msg, 0, sizeof msg);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = c.b;
	msg.msg_controllen = sizeof c.b;
	while ((n = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
		;
	if (n <= 0)
		return -1;
	for (h = CMSG_FIRSTHDR(&msg); h; h = CMSG_NXTHDR(&msg, h))
		if (h->cmsg_level == SOL_SOCKET && h->cmsg_type == SCM_RIGHTS) {
			int fds[2] = { -1, -1 };
			size_t k = (h->cmsg_len - CMSG_LEN(0)) / sizeof(int);

			memcpy(fds, CMSG_DATA(h), (k > 2 ? 2 : k) * sizeof(int));
			*in = fds[0];
			*out = k > 1 ? fds[1] : -1;
		}
	got = (size_t)n;
	while (got < sizeof *q) {
		if ((n = read(fd, (char *)q + got, sizeof *q - got)) < 0 &&
		    errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	if (*in < 0 || q->name_len > 65536)
		return -1;
	*name = xmalloc((size_t)q->name_len + 1);
	for (got = 0; got < q->name_len; got += (size_t)n) {
		n = read(fd, *name + got, q->name_len - got);
		if (n < 0 && errno == EINTR)
			n = 0;
		else if (n <= 0)
			return -1;
	}
	(*name)[q->name_len] = '\0';
	return 0;
}

void
reader_main(int fd, unsigned mb, int recognize)
{
	rd.on = recognize;
	(void)prctl(PR_SET_NAME, "intake-reader", 0, 0, 0);
	if (reader_init() != 0)
		_exit(95);
	if (rd.on)
		recog_prepare();
	confine_self(&(struct worker_ceilings){ mb, 0 }, CONFINE_POOLED);
	for (;;) {
		struct reader_req q;
		char *name = NULL;
		int in, out;

		if (receive(fd, &q, &name, &in, &out) != 0) {
			/* The worker closed the socket (or spoke nonsense):
			 * done.  Freed first for a leak checker. */
			free(name);
			filetype_done();
			recog_close(rd.r);
			_exit(0);
		}
		if (confine_cpu(q.seconds) != 0)
			_exit(94);
		serve_one(fd, &q, name, in, out);
		free(name);
		close(in);
		if (out >= 0)
			close(out);
	}
}
