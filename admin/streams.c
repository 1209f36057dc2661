/* streams.c - live event streams on libmicrohttpd's event loop (see
 * streams.h).
 *
 * A stream's life: streams_open() links it in; libmicrohttpd calls
 * stream_read() whenever it can send. With nothing to send, stream_read()
 * marks the stream asleep and suspends its connection, both under s->mu,
 * and wakes the watcher. Only the watcher resumes a connection, and only
 * one it finds asleep under s->mu; so while the watcher polls a sleeping
 * stream's socket, libmicrohttpd cannot close that connection, and the
 * socket number cannot be reused under it. stream_free() (the response's
 * free callback, when libmicrohttpd is done with the connection) unlinks
 * the stream.
 *
 * Lock order: s->mu, then the hub's lock (hub_generation()); stream_read()
 * calls hub_events() without holding s->mu. */
#define _GNU_SOURCE /* POLLRDHUP */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>
#include "checkin/clock.h"
#include "streams.h"
#include "checkin/i18n.h"

#define STREAM_BLOCK (16 * 1024)  /* bytes libmicrohttpd asks for at once */
#define WATCH_MAX_MS 1000         /* the watcher looks round at least this often */
#define FOLLOW_MS 1000            /* the follower checks for a stop this often */

struct stream {
	streams *owner;
	struct MHD_Connection *c;
	int fd;
	uint64_t gen;        /* the hub's generation the client has */
	int whole;           /* the whole picture every time, no deltas */
	int64_t ping_at;     /* monotonic ms when a ping is due */
	char *buf;           /* bytes to send */
	size_t len, off;
	int asleep;          /* suspended by stream_read; guarded by owner->mu */
	int gone;            /* its client hung up; guarded by owner->mu */
	struct stream *prev, *next;
};

struct streams {
	hub *hub;
	int max;
	int wake_fd;         /* eventfd: wakes the watcher */
	pthread_mutex_t mu;  /* guards the list, count, stopping and every asleep/gone */
	struct stream *head;
	int count;
	int stopping;
	pthread_t watcher, follower;
	int watcher_started, follower_started;
	/* the watcher's: max + 1 entries each (count <= max) */
	struct pollfd *fds;
	struct stream **who;
	struct MHD_Connection **to_wake;
};

static void wake(streams *s)
{
	uint64_t one = 1;
	/* EAGAIN: the counter is full, so the watcher is woken anyway. */
	if (write(s->wake_fd, &one, sizeof one) < 0 && errno != EAGAIN)
		return;
}

/* ---- one stream (libmicrohttpd's threads) ------------------------------ */

static int set_text(struct stream *st, const char *head, const char *body, size_t blen, const char *tail)
{
	size_t hl = strlen(head), tl = strlen(tail);
	st->buf = malloc(hl + blen + tl + 1);
	if (!st->buf)
		return -1;
	memcpy(st->buf, head, hl);
	if (blen)
		memcpy(st->buf + hl, body, blen);
	memcpy(st->buf + hl + blen, tail, tl + 1);
	st->len = hl + blen + tl;
	st->off = 0;
	return 0;
}

static int ended(struct stream *st)
{
	pthread_mutex_lock(&st->owner->mu);
	int end = st->owner->stopping || st->gone;
	pthread_mutex_unlock(&st->owner->mu);
	return end;
}

static ssize_t stream_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct stream *st = cls;
	streams *s = st->owner;
	(void)pos;

	if (ended(st))
		return MHD_CONTENT_READER_END_OF_STREAM;
	while (st->off >= st->len) {
		char *text;
		size_t tlen;
		free(st->buf);
		st->buf = NULL;
		st->len = st->off = 0;
		/* The deltas this client missed, or the whole picture (hub.h). */
		int r = hub_events(s->hub, &st->gen, st->whole, &text, &tlen);
		if (r < 0)
			return MHD_CONTENT_READER_END_OF_STREAM;
		if (r == 1) {
			st->buf = text;
			st->len = tlen;
			st->ping_at = clock_mono_ms() + STREAMS_PING_MS;
			break;
		}
		if (clock_mono_ms() >= st->ping_at) {
			/* Nothing new: a comment keeps proxies open. */
			if (set_text(st, ": ping\n\n", NULL, 0, "") < 0)
				return MHD_CONTENT_READER_END_WITH_ERROR;
			st->ping_at = clock_mono_ms() + STREAMS_PING_MS;
			break;
		}
		pthread_mutex_lock(&s->mu);
		int end = s->stopping || st->gone;
		if (!end) {
			st->asleep = 1;
			MHD_suspend_connection(st->c);
		}
		pthread_mutex_unlock(&s->mu);
		if (end)
			return MHD_CONTENT_READER_END_OF_STREAM;
		wake(s);
		return 0;
	}
	size_t n = st->len - st->off;
	if (n > max)
		n = max;
	memcpy(out, st->buf + st->off, n);
	st->off += n;
	return (ssize_t)n;
}

static void stream_free(void *cls)
{
	struct stream *st = cls;
	streams *s = st->owner;
	pthread_mutex_lock(&s->mu);
	if (st->prev)
		st->prev->next = st->next;
	else
		s->head = st->next;
	if (st->next)
		st->next->prev = st->prev;
	s->count--;
	pthread_mutex_unlock(&s->mu);
	free(st->buf);
	free(st);
}

struct MHD_Response *streams_open(streams *s, struct MHD_Connection *c, uint64_t gen, int whole, int *full)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	struct stream *st = calloc(1, sizeof *st);

	*full = 0;
	if (!st || !info) {
		free(st);
		return NULL;
	}
	st->owner = s;
	st->c = c;
	st->fd = info->connect_fd;
	st->gen = gen;
	st->whole = whole;
	st->ping_at = clock_mono_ms() + STREAMS_PING_MS;
	/* Tell EventSource to come back quickly after a restart. */
	if (set_text(st, "retry: 2000\n\n", NULL, 0, "") < 0) {
		free(st);
		return NULL;
	}
	pthread_mutex_lock(&s->mu);
	if (s->stopping || s->count >= s->max) {
		*full = !s->stopping;
		pthread_mutex_unlock(&s->mu);
		free(st->buf);
		free(st);
		return NULL;
	}
	st->next = s->head;
	if (s->head)
		s->head->prev = st;
	s->head = st;
	s->count++;
	pthread_mutex_unlock(&s->mu);
	struct MHD_Response *r =
		MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK, stream_read, st, stream_free);
	if (!r)
		stream_free(st);  /* libmicrohttpd frees it only once it has a response */
	return r;
}

int streams_count(streams *s)
{
	pthread_mutex_lock(&s->mu);
	int n = s->count;
	pthread_mutex_unlock(&s->mu);
	return n;
}

/* ---- the watcher and the follower -------------------------------------- */

/* Under s->mu: take st off the sleeping set; the caller resumes it after
 * unlocking. */
static void take_awake(struct stream *st, struct MHD_Connection **wake_list, int *nwake)
{
	st->asleep = 0;
	wake_list[(*nwake)++] = st->c;
}

static void *watcher(void *arg)
{
	streams *s = arg;
	struct pollfd *fds = s->fds;
	struct stream **who = s->who;
	struct MHD_Connection **to_wake = s->to_wake;
	int stop = 0;

	while (!stop) {
		int n = 0, nwake = 0, timeout = WATCH_MAX_MS;
		pthread_mutex_lock(&s->mu);
		stop = s->stopping;
		uint64_t gen = hub_generation(s->hub);
		int64_t now = clock_mono_ms();
		fds[n].fd = s->wake_fd;
		fds[n].events = POLLIN;
		who[n++] = NULL;
		for (struct stream *st = s->head; st; st = st->next) {
			if (!st->asleep)
				continue;
			if (stop || st->gone || st->gen != gen || now >= st->ping_at) {
				take_awake(st, to_wake, &nwake);
			} else {
				fds[n].fd = st->fd;
				fds[n].events = POLLRDHUP;
				who[n++] = st;
				if (st->ping_at - now < timeout)
					timeout = (int)(st->ping_at - now);
			}
		}
		pthread_mutex_unlock(&s->mu);
		for (int i = 0; i < nwake; i++)
			MHD_resume_connection(to_wake[i]);
		if (stop)
			break;
		if (nwake)
			continue;  /* look round again before sleeping */

		if (poll(fds, (nfds_t)n, timeout) <= 0)
			continue;
		if (fds[0].revents) {
			uint64_t v;
			if (read(s->wake_fd, &v, sizeof v) < 0 && errno != EAGAIN)
				break;
		}
		pthread_mutex_lock(&s->mu);
		for (int i = 1; i < n; i++)
			if (fds[i].revents) {
				/* Still asleep: only this thread wakes a stream. */
				who[i]->gone = 1;
				take_awake(who[i], to_wake, &nwake);
			}
		pthread_mutex_unlock(&s->mu);
		for (int i = 0; i < nwake; i++)
			MHD_resume_connection(to_wake[i]);
	}
	return NULL;
}

/* Wakes the watcher whenever the hub has a new picture. */
static void *follower(void *arg)
{
	streams *s = arg;
	uint64_t gen = hub_generation(s->hub);
	for (;;) {
		int r = hub_wait(s->hub, &gen, FOLLOW_MS, NULL, NULL);
		pthread_mutex_lock(&s->mu);
		int stop = s->stopping;
		pthread_mutex_unlock(&s->mu);
		if (r < 0 || stop)
			break;
		if (r == 1)
			wake(s);
	}
	return NULL;
}

int streams_start(hub *h, int max, streams **out, ck_err *err)
{
	streams *s = calloc(1, sizeof *s);
	int rc;

	*out = NULL;
	if (!s)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	s->hub = h;
	s->max = max;
	pthread_mutex_init(&s->mu, NULL);
	s->fds = calloc((size_t)max + 1, sizeof *s->fds);
	s->who = calloc((size_t)max + 1, sizeof *s->who);
	s->to_wake = calloc((size_t)max + 1, sizeof *s->to_wake);
	s->wake_fd = -1;
	if (!s->fds || !s->who || !s->to_wake) {
		ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		goto fail;
	}
	s->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (s->wake_fd < 0) {
		ck_fail(err, CK_INTERNAL, _("không tạo được eventfd: %s"), strerror(errno));
		goto fail;
	}
	if ((rc = pthread_create(&s->watcher, NULL, watcher, s)) != 0) {
		ck_fail(err, CK_INTERNAL, _("không khởi động được luồng phát sự kiện: %s"), strerror(rc));
		goto fail;
	}
	s->watcher_started = 1;
	if ((rc = pthread_create(&s->follower, NULL, follower, s)) != 0) {
		ck_fail(err, CK_INTERNAL, _("không khởi động được luồng phát sự kiện: %s"), strerror(rc));
		goto fail;
	}
	s->follower_started = 1;
	*out = s;
	return 0;
fail:
	streams_stop(s);
	streams_free(s);
	return -1;
}

void streams_stop(streams *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->mu);
	s->stopping = 1;
	pthread_mutex_unlock(&s->mu);
	if (s->wake_fd >= 0)
		wake(s);
	/* The watcher resumes every sleeping stream before it returns. */
	if (s->watcher_started)
		pthread_join(s->watcher, NULL);
	if (s->follower_started)
		pthread_join(s->follower, NULL);
	s->watcher_started = s->follower_started = 0;
}

void streams_free(streams *s)
{
	if (!s)
		return;
	streams_stop(s);
	if (s->wake_fd >= 0)
		close(s->wake_fd);
	pthread_mutex_destroy(&s->mu);
	free(s->fds);
	free(s->who);
	free(s->to_wake);
	free(s);
}
