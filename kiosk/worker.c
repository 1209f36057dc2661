/* worker.c - the decoder and committer threads (see worker.h).
 *
 * One mutex guards the request queue, the message queue and the
 * debouncer. Requests are a FIFO; the committer leaves a failed check-in
 * at the head and retries it, so arrivals are recorded in the order they
 * were seen. A newer staff search replaces a queued older one. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "checkin/checkin.h"
#include "checkin/clock.h"
#include "debounce.h"
#include "checkin/scan.h"
#include "checkin/store.h"
#include "worker.h"

#define WORKER_HITS_MAX 4

enum req_type { REQ_SCAN, REQ_ID, REQ_SEARCH, REQ_UNDO };

struct req {
	struct req *next;
	enum req_type type;
	char text[SCAN_TEXT_MAX];
	enum checkin_method method;
	int64_t id, captured_ms;
};

struct msg_node {
	struct msg_node *next;
	struct worker_msg msg;
};

struct worker {
	store *st;
	char station[64];
	struct framebox *frames;
	void (*notify)(void *ctx);
	void *ctx;

	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct req *head, *tail;
	size_t nreq;
	struct msg_node *mhead, *mtail;
	struct debounce deb;
	int committing, stop;
	pthread_t decoder, committer;
	int have_decoder, have_committer;
};

static void notify(worker *w)
{
	if (w->notify)
		w->notify(w->ctx);
}

/* Queue m (copied; counts ownership moves to the queue). */
static void post(worker *w, const struct worker_msg *m)
{
	struct msg_node *n = malloc(sizeof *n);
	if (!n) {
		if (m->type == WMSG_COUNTS) {
			struct counts c = m->counts;
			counts_release(&c);
		}
		fprintf(stderr, "checkin-kiosk: out of memory, a message to the screen was lost\n");
		return;
	}
	n->msg = *m;
	n->next = NULL;
	pthread_mutex_lock(&w->lock);
	if (w->mtail)
		w->mtail->next = n;
	else
		w->mhead = n;
	w->mtail = n;
	pthread_mutex_unlock(&w->lock);
	notify(w);
}

static void enqueue(worker *w, struct req *r)
{
	pthread_mutex_lock(&w->lock);
	if (r->type == REQ_SEARCH) /* drop a search that was not run yet */
		for (struct req *q = w->head; q; q = q->next)
			if (q->type == REQ_SEARCH && q != w->head) {
				memcpy(q->text, r->text, sizeof q->text);
				pthread_mutex_unlock(&w->lock);
				free(r);
				return;
			}
	if (w->nreq >= WORKER_QUEUE_MAX) {
		pthread_mutex_unlock(&w->lock);
		fprintf(stderr, "checkin-kiosk: too many pending requests, one was dropped\n");
		free(r);
		return;
	}
	r->next = NULL;
	if (w->tail)
		w->tail->next = r;
	else
		w->head = r;
	w->tail = r;
	w->nreq++;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

static struct req *req_new(enum req_type t)
{
	struct req *r = calloc(1, sizeof *r);
	if (r)
		r->type = t;
	else
		fprintf(stderr, "checkin-kiosk: out of memory, a request was dropped\n");
	return r;
}

void worker_scan(worker *w, const char *payload, enum checkin_method m, int64_t captured_ms)
{
	pthread_mutex_lock(&w->lock);
	int fresh = debounce_accept(&w->deb, payload, captured_ms);
	pthread_mutex_unlock(&w->lock);
	if (!fresh)
		return;
	struct req *r = req_new(REQ_SCAN);
	if (!r)
		return;
	screen_copy(r->text, sizeof r->text, payload);
	r->method = m;
	r->captured_ms = captured_ms;
	enqueue(w, r);
}

void worker_checkin_id(worker *w, int64_t id, int64_t captured_ms)
{
	struct req *r = req_new(REQ_ID);
	if (!r)
		return;
	r->id = id;
	r->method = METHOD_MANUAL;
	r->captured_ms = captured_ms;
	enqueue(w, r);
}

void worker_search(worker *w, const char *query)
{
	struct req *r = req_new(REQ_SEARCH);
	if (!r)
		return;
	screen_copy(r->text, sizeof r->text, query);
	enqueue(w, r);
}

void worker_undo(worker *w)
{
	struct req *r = req_new(REQ_UNDO);
	if (r)
		enqueue(w, r);
}

int worker_poll(worker *w, struct worker_msg *out)
{
	pthread_mutex_lock(&w->lock);
	struct msg_node *n = w->mhead;
	if (n) {
		w->mhead = n->next;
		if (!w->mhead)
			w->mtail = NULL;
	}
	pthread_mutex_unlock(&w->lock);
	if (!n)
		return 0;
	*out = n->msg;
	free(n);
	return 1;
}

int worker_idle(worker *w)
{
	/* Hits reach the request queue before the decoder calls framebox_done,
	 * so looking at the frames first cannot miss one in flight. */
	if (w->frames && !framebox_idle(w->frames))
		return 0;
	pthread_mutex_lock(&w->lock);
	int idle = !w->head && !w->committing && !w->mhead;
	pthread_mutex_unlock(&w->lock);
	return idle;
}

static void *decoder_main(void *arg)
{
	worker *w = arg;
	scanner *sc = scanner_new(SCAN_VIDEO);
	struct scan_hit hits[WORKER_HITS_MAX];
	if (!sc) {
		fprintf(stderr, "checkin-kiosk: out of memory, the camera is not decoded\n");
		return NULL;
	}
	struct frame *f;
	while ((f = framebox_take(w->frames, 1))) {
		int n = scanner_scan(sc, f->gray, f->width, f->height, f->width, hits, WORKER_HITS_MAX);
		for (int i = 0; i < n; i++)
			worker_scan(w, hits[i].text, METHOD_CAMERA, f->captured_ms);
		frame_unref(f);
		framebox_done(w->frames);
	}
	scanner_free(sc);
	return NULL;
}

static void person_from(struct screen_person *p, const struct delegate *d)
{
	memset(p, 0, sizeof *p);
	p->id = d->id;
	screen_copy(p->name, sizeof p->name, d->name ? d->name : "");
	screen_copy(p->title, sizeof p->title, d->title ? d->title : "");
	screen_copy(p->organization, sizeof p->organization, d->organization ? d->organization : "");
	screen_copy(p->seat, sizeof p->seat, d->seat ? d->seat : "");
	p->arrived_at = d->arrived_at;
}

static void store_problem(worker *w, const char *text, int *had_error)
{
	struct worker_msg m = {.type = WMSG_STORE};
	screen_copy(m.text, sizeof m.text, text);
	*had_error = text[0] != '\0';
	post(w, &m);
}

/* Run one request. Returns -1 when a check-in must be retried. */
static int run(worker *w, const struct req *r, int *store_failed, int *counts_dirty)
{
	ck_err err = {{0}};
	struct worker_msg m;
	memset(&m, 0, sizeof m);
	if (r->type == REQ_SCAN || r->type == REQ_ID) {
		struct checkin_outcome out;
		int rc = r->type == REQ_SCAN
		             ? checkin_code(w->st, r->text, w->station, r->method, clock_now_ms(), &out, &err)
		             : checkin_delegate(w->st, r->id, w->station, r->method, clock_now_ms(), &out, &err);
		if (rc < 0) {
			if (r->type == REQ_ID && strstr(err.msg, "no delegate")) {
				m.type = WMSG_UNDONE; /* a staff mistake, not a store failure */
				screen_copy(m.text, sizeof m.text, err.msg);
				post(w, &m);
				return 0;
			}
			store_problem(w, err.msg, store_failed);
			return -1;
		}
		if (*store_failed)
			store_problem(w, "", store_failed);
		m.type = WMSG_RESULT;
		m.result.result = out.result;
		m.result.method = r->method;
		m.result.at = out.at;
		m.result.captured_ms = r->captured_ms;
		if (out.delegate_id) {
			struct delegate d = {0};
			if (delegate_get(w->st, out.delegate_id, &d, &err) == 0) {
				person_from(&m.result.person, &d);
				delegate_release(&d);
			}
			m.result.person.id = out.delegate_id;
		}
		post(w, &m);
		*counts_dirty = 1;
		return 0;
	}
	if (r->type == REQ_SEARCH) {
		m.type = WMSG_FOUND;
		if (r->text[0]) {
			struct delegate_filter f = {.name = r->text, .order = ORDER_CATEGORY_NAME,
			                            .limit = SCREEN_FOUND_MAX};
			struct delegate *v = NULL;
			size_t n = 0;
			if (delegate_list(w->st, &f, &v, &n, &err) < 0) {
				m.type = WMSG_UNDONE;
				screen_copy(m.text, sizeof m.text, err.msg);
				post(w, &m);
				return 0;
			}
			for (size_t i = 0; i < n && i < SCREEN_FOUND_MAX; i++)
				person_from(&m.found[m.nfound++], &v[i]);
			delegates_free(v, n);
		}
		post(w, &m);
		return 0;
	}
	/* REQ_UNDO */
	int64_t id = 0;
	m.type = WMSG_UNDONE;
	if (checkin_last(w->st, w->station, &id, &err) < 0) {
		screen_copy(m.text, sizeof m.text, err.msg);
	} else if (!id) {
		snprintf(m.text, sizeof m.text, "chưa có lượt điểm danh nào tại máy này");
	} else {
		struct delegate d = {0};
		if (delegate_get(w->st, id, &d, &err) < 0 ||
		    checkin_undo(w->st, id, w->station, clock_now_ms(), &err) < 0) {
			screen_copy(m.text, sizeof m.text, err.msg);
		} else {
			m.ok = 1;
			screen_copy(m.text, sizeof m.text, d.name ? d.name : "");
			*counts_dirty = 1;
		}
		delegate_release(&d);
	}
	post(w, &m);
	return 0;
}

static void refresh_counts(worker *w, int *store_failed)
{
	struct worker_msg m;
	ck_err err;
	memset(&m, 0, sizeof m);
	m.type = WMSG_COUNTS;
	if (counts_get(w->st, &m.counts, &err) < 0) {
		if (!*store_failed)
			fprintf(stderr, "checkin-kiosk: cannot read the counts: %s\n", err.msg);
		return;
	}
	post(w, &m);
}

static void deadline(struct timespec *ts, int64_t ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static void *committer_main(void *arg)
{
	worker *w = arg;
	int store_failed = 0, counts_dirty = 1;
	int64_t version = store_data_version(w->st), next_poll = 0, retry_at = 0;

	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		int64_t now = clock_mono_ms();
		if (w->head && now >= retry_at) {
			struct req *r = w->head;
			w->committing = 1;
			pthread_mutex_unlock(&w->lock);
			int rc = run(w, r, &store_failed, &counts_dirty);
			pthread_mutex_lock(&w->lock);
			if (rc == 0) {
				w->head = r->next;
				if (!w->head)
					w->tail = NULL;
				w->nreq--;
				free(r);
				retry_at = 0;
			} else {
				retry_at = clock_mono_ms() + WORKER_RETRY_MS;
			}
			w->committing = 0;
			if (w->head && rc == 0)
				continue; /* next request first; counts can wait */
		}
		now = clock_mono_ms();
		if (now >= next_poll || counts_dirty) {
			w->committing = 1; /* so that worker_idle waits for the fresh counts */
			pthread_mutex_unlock(&w->lock);
			int64_t v = store_data_version(w->st);
			if (v != version || counts_dirty) {
				version = v;
				counts_dirty = 0;
				refresh_counts(w, &store_failed);
			}
			pthread_mutex_lock(&w->lock);
			w->committing = 0;
			next_poll = clock_mono_ms() + WORKER_POLL_MS;
			if (w->head && clock_mono_ms() >= retry_at)
				continue;
		}
		int64_t wait = next_poll - clock_mono_ms();
		if (w->head && retry_at - clock_mono_ms() < wait)
			wait = retry_at - clock_mono_ms();
		if (wait > 0) {
			struct timespec ts;
			deadline(&ts, wait);
			pthread_cond_timedwait(&w->wake, &w->lock, &ts);
		}
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

int worker_start(worker **out, const struct worker_config *cfg, ck_err *err)
{
	*out = NULL;
	worker *w = calloc(1, sizeof *w);
	if (!w)
		return ck_fail(err, CK_NOMEM, "out of memory");
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->wake, NULL);
	debounce_init(&w->deb, cfg->debounce_ms);
	screen_copy(w->station, sizeof w->station, cfg->station);
	w->frames = cfg->frames;
	w->notify = cfg->notify;
	w->ctx = cfg->ctx;
	if (store_open(cfg->db_path, &w->st, err) < 0)
		goto fail;
	if (pthread_create(&w->committer, NULL, committer_main, w)) {
		ck_fail(err, CK_INTERNAL, "cannot start the commit thread");
		goto fail;
	}
	w->have_committer = 1;
	if (w->frames) {
		if (pthread_create(&w->decoder, NULL, decoder_main, w)) {
			ck_fail(err, CK_INTERNAL, "cannot start the decoder thread");
			goto fail;
		}
		w->have_decoder = 1;
	}
	*out = w;
	return 0;
fail:
	worker_stop(w);
	return -1;
}

void worker_stop(worker *w)
{
	if (!w)
		return;
	if (w->have_decoder)
		pthread_join(w->decoder, NULL);
	pthread_mutex_lock(&w->lock);
	w->stop = 1;
	pthread_cond_broadcast(&w->wake);
	pthread_mutex_unlock(&w->lock);
	if (w->have_committer)
		pthread_join(w->committer, NULL);
	while (w->head) {
		struct req *r = w->head;
		w->head = r->next;
		free(r);
	}
	struct worker_msg m;
	while (worker_poll(w, &m))
		if (m.type == WMSG_COUNTS)
			counts_release(&m.counts);
	if (w->st)
		store_close(w->st);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->lock);
	free(w);
}
