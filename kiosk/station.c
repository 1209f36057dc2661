/* station.c - the queue, the store and the thread (see station.h).
 *
 * One mutex guards the request and message queues. The thread asks the
 * state machine (station_sm.c) what to do next and does it with the
 * mutex released: run the head request, refresh the counts, or sleep on
 * a condition variable that waits on CLOCK_MONOTONIC, so that a clock
 * change at the door neither stalls nor rushes the retries. Requests are
 * a FIFO and a failed check-in stays at the head, so arrivals are recorded
 * in the order they were seen. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>
#include "checkin/clock.h"
#include "checkin/replica.h"
#include "checkin/substitute.h"
#include "checkin/text.h"
#include "checkin/i18n.h"
#include "station.h"
#include "station_sm.h"

#define STATION_START_BATCH 100 /* outbox entries sent before the screen opens */

struct req {
	struct req *next;
	enum station_req type;
	char text[SCAN_TEXT_MAX];
	enum checkin_method method;
	int64_t id, captured_ms, queued_ms;
	int64_t at;   /* UTC ms of the arrival (the capture), kept across retries */
	char nonce[CHECKIN_NONCE_LEN + 1]; /* the scan's id, kept across retries and stores */
};

struct msg_node {
	struct msg_node *next;
	struct station_msg msg;
};

struct station {
	store *st;                 /* the store; a door on a server: its replica */
	store *remote;             /* the server, or NULL */
	char name[256];
	void (*notify)(void *ctx);
	void *ctx;

	pthread_mutex_t lock;
	pthread_cond_t wake;       /* waits on CLOCK_MONOTONIC */
	struct req *head, *tail;
	size_t nreq;
	struct msg_node *mhead, *mtail;
	int running, stop, accepting;
	struct station_sm sm;      /* the thread's own, read under lock by station_idle */
	int64_t warm_store_ms, warm_checkin_ms; /* set before the thread starts */
	pthread_t thread;
	int have_thread;
};

void station_msg_release(struct station_msg *m)
{
	checkin_outcome_release(&m->outcome);
	counts_release(&m->counts);
	delegates_free(m->found, m->nfound);
	m->found = NULL;
	m->nfound = 0;
	delegate_release(&m->undone);
}

/* Queue m (moved: the queue owns what it carries). */
/* The link to the server dropped (why): the door decides alone from now. */
static void say_offline(const char *why)
{
	fprintf(stderr, _("checkin-kiosk: máy chủ không trả lời (%s); máy này tự quyết định cho đến khi máy chủ trả lời\n"),
	        why);
}

static void post(station *s, struct station_msg *m)
{
	struct msg_node *n = malloc(sizeof *n);
	if (!n) {
		fprintf(stderr, _("checkin-kiosk: hết bộ nhớ, một thông báo cho màn hình bị mất\n"));
		station_msg_release(m);
		return;
	}
	n->msg = *m;
	n->next = NULL;
	pthread_mutex_lock(&s->lock);
	if (s->mtail)
		s->mtail->next = n;
	else
		s->mhead = n;
	s->mtail = n;
	pthread_mutex_unlock(&s->lock);
	if (s->notify)
		s->notify(s->ctx);
}

static struct station_msg *msg_new(enum station_msg_type t, enum station_req req)
{
	struct station_msg *m = calloc(1, sizeof *m);
	if (m) {
		m->type = t;
		m->req = req;
		m->outcome.delegate.method = -1;
		m->undone.method = -1;
	}
	return m;
}

static void post_new(station *s, struct station_msg *m)
{
	if (!m) {
		fprintf(stderr, _("checkin-kiosk: hết bộ nhớ, một thông báo cho màn hình bị mất\n"));
		return;
	}
	post(s, m);
	free(m);
}

static void enqueue(station *s, struct req *r)
{
	pthread_mutex_lock(&s->lock);
	if (!s->accepting) {
		pthread_mutex_unlock(&s->lock);
		if (r->type == REQ_SCAN)
			fprintf(stderr, _("checkin-kiosk: CHƯA GHI NHẬN (đang dừng): %.60s\n"), r->text);
		free(r);
		return;
	}
	if (r->type == REQ_SEARCH) /* a newer search replaces one not run yet */
		for (struct req *q = s->head; q; q = q->next)
			if (q->type == REQ_SEARCH && (q != s->head || !s->running)) {
				memcpy(q->text, r->text, sizeof q->text);
				pthread_mutex_unlock(&s->lock);
				free(r);
				return;
			}
	if (s->nreq >= STATION_QUEUE_MAX) {
		pthread_mutex_unlock(&s->lock);
		if (r->type == REQ_SCAN || r->type == REQ_ID)
		{
			if (r->type == REQ_SCAN)
				fprintf(stderr, _("checkin-kiosk: CHƯA GHI NHẬN (đã có %d lượt điểm danh chờ ghi): %s\n"),
				        STATION_QUEUE_MAX, r->text);
			else
				fprintf(stderr, _("checkin-kiosk: CHƯA GHI NHẬN (đã có %d lượt điểm danh chờ ghi): "
				                  "nhân viên điểm danh đại biểu số %lld\n"),
				        STATION_QUEUE_MAX, (long long)r->id);
		} else
			fprintf(stderr, _("checkin-kiosk: quá nhiều yêu cầu đang chờ, một yêu cầu của nhân viên không được nhận\n"));
		free(r);
		return;
	}
	r->next = NULL;
	checkin_nonce(r->nonce);
	r->queued_ms = clock_mono_ms();
	/* the wall-clock time of the capture: a retry records when the
	 * delegate arrived, not when the store came back */
	r->at = clock_now_ms() - (r->captured_ms && r->captured_ms <= r->queued_ms ? r->queued_ms - r->captured_ms : 0);
	if (s->tail)
		s->tail->next = r;
	else
		s->head = r;
	s->tail = r;
	s->nreq++;
	pthread_cond_signal(&s->wake);
	pthread_mutex_unlock(&s->lock);
}

static struct req *req_new(enum station_req t)
{
	struct req *r = calloc(1, sizeof *r);
	if (r)
		r->type = t;
	else
		fprintf(stderr, _("checkin-kiosk: hết bộ nhớ, một yêu cầu không được nhận\n"));
	return r;
}

void station_scan(station *s, const char *payload, enum checkin_method m, int64_t captured_ms)
{
	struct req *r = req_new(REQ_SCAN);
	if (!r)
		return;
	text_copy(r->text, sizeof r->text, payload);
	r->method = m;
	r->captured_ms = captured_ms;
	enqueue(s, r);
}

void station_checkin_id(station *s, int64_t id, int64_t captured_ms)
{
	struct req *r = req_new(REQ_ID);
	if (!r)
		return;
	r->id = id;
	r->method = METHOD_MANUAL;
	r->captured_ms = captured_ms;
	enqueue(s, r);
}

void station_search(station *s, const char *query)
{
	struct req *r = req_new(REQ_SEARCH);
	if (!r)
		return;
	text_copy(r->text, sizeof r->text, query);
	enqueue(s, r);
}

void station_substitute(station *s, int64_t id, const char *name)
{
	struct req *r = req_new(REQ_SUBST);
	if (!r)
		return;
	r->id = id;
	text_copy(r->text, sizeof r->text, name);
	enqueue(s, r);
}

void station_undo(station *s)
{
	struct req *r = req_new(REQ_UNDO);
	if (r)
		enqueue(s, r);
}

int station_poll(station *s, struct station_msg *out)
{
	pthread_mutex_lock(&s->lock);
	struct msg_node *n = s->mhead;
	if (n) {
		s->mhead = n->next;
		if (!s->mhead)
			s->mtail = NULL;
	}
	pthread_mutex_unlock(&s->lock);
	if (!n)
		return 0;
	*out = n->msg;
	free(n);
	return 1;
}

int station_synced(station *s)
{
	pthread_mutex_lock(&s->lock);
	int synced = s->sm.link == LINK_LOCAL || s->sm.outbox == 0;
	pthread_mutex_unlock(&s->lock);
	return synced;
}

int station_idle(station *s)
{
	pthread_mutex_lock(&s->lock);
	int idle = !s->head && !s->running && !s->mhead && !s->sm.counts_dirty;
	pthread_mutex_unlock(&s->lock);
	return idle;
}

/* ---- the thread ---- */

static void drop_head(station *s, const struct req *r);

static void tell_store(station *s, const ck_err *err)
{
	struct station_msg *m = msg_new(SMSG_STORE, REQ_SCAN);
	if (m)
		m->err = *err;
	post_new(s, m);
}

/* What running a request did to the link (applied to the state machine under the lock). */
enum { LINK_WENT_DOWN = 1, LINK_QUEUED = 2 };

static int online(enum station_link link)
{
	return link == LINK_ONLINE || link == LINK_SYNCING;
}

/* A check-in: on the server while it answers, else on the replica and
 * into its outbox, with the same nonce (a server that committed before
 * its answer was lost ignores the replay). */
static int record(station *s, const struct req *r, enum station_link link, struct station_msg *m, unsigned *linkev,
                  ck_err *err)
{
	struct checkin_req q = {.payload = r->type == REQ_SCAN ? r->text : NULL, .delegate_id = r->id,
	                        .station = s->name, .method = r->method, .at_ms = r->at, .nonce = r->nonce};
	if (!s->remote)
		return checkin_record(s->st, &q, &m->outcome, err);
	if (online(link)) {
		if (checkin_record(s->remote, &q, &m->outcome, err) == 0)
			return 0;
		if (err->kind != CK_IO)
			return -1;
		say_offline(err->msg);
		*linkev |= LINK_WENT_DOWN;
	}
	q.outbox = 1;
	if (checkin_record(s->st, &q, &m->outcome, err) < 0)
		return -1;
	m->offline = 1;
	*linkev |= LINK_QUEUED;
	return 0;
}

/* Run one request. Returns the kind of failure (CK_NONE when done), with
 * the answer to post in *answer (posted by the caller, after telling staff
 * the store works again). */
static enum ck_kind run(station *s, const struct req *r, enum station_link link, struct station_msg **answer,
                        unsigned *linkev)
{
	ck_err err = {0};
	struct station_msg *m = msg_new(SMSG_CHECKIN, r->type);
	*answer = NULL;
	if (!m)
		return CK_NOMEM;
	int rc = 0;
	switch (r->type) {
	case REQ_SCAN:
	case REQ_ID:
		rc = record(s, r, link, m, linkev, &err);
		memcpy(m->nonce, r->nonce, sizeof m->nonce);
		m->method = r->method;
		m->captured_ms = r->captured_ms;
		m->queued_ms = r->queued_ms;
		m->done_ms = clock_mono_ms();
		break;
	case REQ_SEARCH:
		m->type = SMSG_FOUND;
		if (r->text[0]) {
			struct delegate_filter f = {.name = r->text, .order = ORDER_CATEGORY_NAME,
			                            .limit = STATION_FOUND_MAX};
			rc = delegate_list(s->st, &f, &m->found, &m->nfound, &err);
		}
		break;
	case REQ_UNDO: {
		int64_t id = 0;
		store *where = s->remote ? s->remote : s->st;
		m->type = SMSG_UNDONE;
		if (s->remote && !online(link)) {
			rc = ck_fail(&err, CK_STATE, _("không hoàn tác được khi mất kết nối máy chủ"));
			break;
		}
		rc = checkin_last(where, s->name, &id, &err);
		if (rc == 0 && id)
			rc = checkin_undo(where, id, s->name, clock_now_ms(), &m->undone, &err);
		if (rc < 0 && s->remote && err.kind == CK_IO)
			*linkev |= LINK_WENT_DOWN;
		break;
	}
	case REQ_SUBST: {
		/* on the server only: the outbox carries check-ins, and a deputy
		 * kept in this door's copy alone would be greeted nowhere else */
		store *where = s->remote ? s->remote : s->st;
		struct substitute sub = {.name = r->text};
		m->type = SMSG_SUBST;
		if (s->remote && !online(link)) {
			rc = ck_fail(&err, CK_STATE, _("không ghi được người đi thay khi mất kết nối máy chủ"));
			break;
		}
		rc = substitute_set(where, r->id, &sub, s->name, clock_now_ms(), &err);
		if (rc == 0)
			rc = delegate_get(where, r->id, &m->outcome.delegate, &err);
		if (rc < 0 && s->remote && err.kind == CK_IO)
			*linkev |= LINK_WENT_DOWN;
		break;
	}
	}
	if (rc == 0) {
		*answer = m;
		return CK_NONE;
	}
	station_msg_release(m);
	if (err.kind == CK_NONE)
		err.kind = CK_INTERNAL; /* a failure without a kind is a bug */
	int store_failed = station_store_failure(err.kind);
	if (!store_failed && r->type != REQ_SCAN) {
		/* a staff request that cannot be done (no such delegate, not
		 * checked in): say why, nothing to retry */
		*m = (struct station_msg){.type = SMSG_REFUSED, .req = r->type, .err = err};
		m->outcome.delegate.method = m->undone.method = -1;
		*answer = m;
		return err.kind;
	}
	if (store_failed)
		tell_store(s, &err); /* the staff banner */
	free(m);
	if (!ck_transient(&err) && (r->type == REQ_SCAN || r->type == REQ_ID)) {
		/* retrying will not help: the check-in is lost, and said so */
		fprintf(stderr, _("checkin-kiosk: một lượt điểm danh chưa được ghi (%s): %s\n"), ck_kind_name(err.kind),
		        err.msg);
		drop_head(s, r);
	}
	return err.kind;
}

/* STEP_POLL: follow the other doors and refresh the counts. A door
 * online copies what changed on the server into its replica (once its
 * outbox is empty) and reports itself when due. Returns LINK_WENT_DOWN
 * when the server stopped answering. */
static unsigned refresh_counts(station *s, int64_t *version, int64_t *remote_version, struct station_sm sm)
{
	unsigned ev = 0;
	ck_err err;
	int64_t now = clock_mono_ms();
	if (s->remote && online(sm.link)) {
		int64_t rv = store_data_version(s->remote);
		if ((rv != *remote_version || sm.counts_dirty) && sm.outbox == 0) {
			if (replica_pull(s->remote, s->st, &err) == 0)
				*remote_version = rv;
			else if (err.kind == CK_IO)
				ev |= LINK_WENT_DOWN;
			else
				fprintf(stderr, _("checkin-kiosk: không chép được các thay đổi từ máy chủ: %s\n"), err.msg);
		}
		if (ev)
			say_offline(err.msg);
		if (!ev && station_sm_report_due(&sm, now)) {
			int64_t since = sm.offline_since ? clock_now_ms() - (now - sm.offline_since) : 0;
			if (replica_door_report(s->remote, s->name, clock_now_ms(), since, sm.outbox, &err) < 0 &&
			    err.kind == CK_IO)
				ev |= LINK_WENT_DOWN;
		}
	}
	if (sm.link_dirty || ev) {
		struct station_msg *m = msg_new(SMSG_LINK, REQ_SCAN);
		if (m) {
			int down = (ev & LINK_WENT_DOWN) || sm.link == LINK_OFFLINE;
			int64_t since = down ? (sm.offline_since ? sm.offline_since : now) : 0;
			m->online = !down;
			m->offline_since = since ? clock_now_ms() - (now - since) : 0;
			m->outbox = sm.outbox;
			post_new(s, m);
		}
	}
	int64_t v = store_data_version(s->st);
	if (v == *version && !sm.counts_dirty)
		return ev;
	*version = v;
	struct station_msg *m = msg_new(SMSG_COUNTS, REQ_SCAN);
	if (!m)
		return ev;
	if (counts_get(s->st, &m->counts, &err) < 0) {
		fprintf(stderr, _("checkin-kiosk: không đọc được số đếm: %s\n"), err.msg);
		free(m);
		return ev;
	}
	post(s, m);
	free(m);
	return ev;
}

/* STEP_PROBE: whether the server answers now. */
static int probe(station *s)
{
	ck_err err;
	return store_reconnect(s->remote, &err) == 0;
}

/* STEP_SYNC: send a batch of the outbox; how it failed, and what is left. */
static enum ck_kind sync_batch(station *s, int64_t *left)
{
	ck_err err = {0};
	int sent = 0;
	enum ck_kind kind = CK_NONE;
	if (replica_drain(s->st, s->remote, STATION_SYNC_BATCH, &sent, &err) < 0) {
		kind = err.kind ? err.kind : CK_INTERNAL;
		if (kind != CK_IO)
			fprintf(stderr, _("checkin-kiosk: không gửi được hàng chờ gửi: %s\n"), err.msg);
	}
	if (replica_outbox_count(s->st, left, NULL, &err) < 0)
		kind = err.kind;
	if (kind != CK_NONE && kind != CK_IO)
		kind = CK_IO; /* keep it and try later, as for a lost link */
	return kind;
}

/* Log a check-in that will not be recorded (the station is stopping and
 * the store would not take it, or the store is damaged), on stderr and as
 * SMSG_LOST. */
static void drop_head(station *s, const struct req *r)
{
	if (r->type == REQ_SCAN || r->type == REQ_ID) {
		char when[40];
		clock_iso_utc(clock_now_ms(), when, sizeof when);
		if (r->type == REQ_SCAN)
			fprintf(stderr, _("checkin-kiosk: CHƯA GHI NHẬN (cơ sở dữ liệu không nhận): %s %s\n"), when, r->text);
		else
			fprintf(stderr, _("checkin-kiosk: CHƯA GHI NHẬN (cơ sở dữ liệu không nhận): %s nhân viên điểm danh đại biểu số %lld\n"),
			        when, (long long)r->id);
		struct station_msg *m = msg_new(SMSG_LOST, r->type);
		if (m)
			text_copy(m->text, sizeof m->text, r->type == REQ_SCAN ? r->text : "");
		post_new(s, m);
	}
}

static void sleep_until(station *s, int64_t wait_ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += wait_ms / 1000;
	ts.tv_nsec += (wait_ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	pthread_cond_timedwait(&s->wake, &s->lock, &ts);
}

static void *station_main(void *arg)
{
	station *s = arg;
	int64_t version = store_data_version(s->st) - 1; /* first poll always reads */
	int64_t remote_version = -1;

	pthread_mutex_lock(&s->lock);
	for (;;) {
		if (s->stop)
			station_sm_stop(&s->sm, clock_mono_ms());
		int64_t wait = 0;
		enum station_step step = station_sm_next(&s->sm, s->head != NULL, clock_mono_ms(), &wait);
		if (step == STEP_EXIT)
			break;
		if (step == STEP_SLEEP) {
			if (wait > 0)
				sleep_until(s, wait);
			continue;
		}
		struct req *r = s->head;
		int draining = s->sm.state == STATION_DRAINING;
		struct station_sm sm = s->sm; /* a copy to read outside the lock */
		s->running = 1;
		pthread_mutex_unlock(&s->lock);
		enum ck_kind kind = CK_NONE;
		struct station_msg *answer = NULL;
		unsigned linkev = 0;
		int64_t left = 0;
		int answered = 0;
		if (step == STEP_RUN && draining && (r->type == REQ_SEARCH || r->type == REQ_UNDO || r->type == REQ_SUBST))
			kind = CK_STATE; /* nobody will read the answer: skipped */
		else if (step == STEP_RUN)
			kind = run(s, r, sm.link, &answer, &linkev);
		else if (step == STEP_DROP)
			drop_head(s, r);
		else if (step == STEP_POLL)
			linkev = refresh_counts(s, &version, &remote_version, sm);
		else if (step == STEP_PROBE)
			answered = probe(s);
		else if (step == STEP_SYNC)
			kind = sync_batch(s, &left);
		pthread_mutex_lock(&s->lock);
		int64_t now = clock_mono_ms();
		unsigned bits = 0;
		if (linkev & LINK_WENT_DOWN)
			station_sm_link_lost(&s->sm, now);
		if (linkev & LINK_QUEUED)
			station_sm_queued_offline(&s->sm);
		if (step == STEP_PROBE) {
			station_sm_probed(&s->sm, answered, now);
		} else if (step == STEP_SYNC) {
			station_sm_synced(&s->sm, kind, left, now);
		} else if (step == STEP_POLL) {
			if (station_sm_report_due(&s->sm, now) && !(linkev & LINK_WENT_DOWN))
				station_sm_reported(&s->sm, now);
			station_sm_polled(&s->sm, now);
			if (linkev & LINK_WENT_DOWN)
				s->sm.link_dirty = 1; /* say so at the next poll */
		} else if (step == STEP_DROP) {
			station_sm_dropped(&s->sm);
			bits = STATION_POP;
		} else {
			bits = station_sm_ran(&s->sm, kind, now);
		}
		if (bits & STATION_POP) {
			s->head = r->next;
			if (!s->head)
				s->tail = NULL;
			s->nreq--;
			free(r);
		}
		if ((bits & STATION_RECOVERED) || answer) {
			/* outside the lock; staff learn the store works before the
			 * greeting that proves it */
			pthread_mutex_unlock(&s->lock);
			if (bits & STATION_RECOVERED) {
				ck_err ok = {.kind = CK_NONE};
				tell_store(s, &ok);
			}
			if (answer)
				post_new(s, answer);
			pthread_mutex_lock(&s->lock);
		}
		s->running = 0; /* only now: station_idle must not see a gap */
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

/* Before the thread starts: the first check-in's commit as quick as the
 * next ones (store_warm) and its statements prepared (checkin_warm), on
 * the store and, for a door online, its server. A failure only costs the
 * first delegate those milliseconds: it is not an error. */
static void warm_up(station *s)
{
	ck_err e;
	int64_t t0 = clock_mono_ms();
	(void)store_warm(s->st, &e);
	int64_t t1 = clock_mono_ms();
	(void)checkin_warm(s->st, s->name, &e);
	if (s->remote && online(s->sm.link))
		(void)checkin_warm(s->remote, s->name, &e);
	s->warm_store_ms = t1 - t0;
	s->warm_checkin_ms = clock_mono_ms() - t1;
}

void station_warm_ms(const station *s, int64_t *store_ms, int64_t *checkin_ms)
{
	*store_ms = s->warm_store_ms;
	*checkin_ms = s->warm_checkin_ms;
}

int station_start(station **out, const struct station_config *cfg, ck_err *err)
{
	*out = NULL;
	station *s = calloc(1, sizeof *s);
	pthread_condattr_t ca;
	if (!s)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	pthread_mutex_init(&s->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&s->wake, &ca);
	pthread_condattr_destroy(&ca);
	text_copy(s->name, sizeof s->name, cfg->station);
	s->notify = cfg->notify;
	s->ctx = cfg->ctx;
	s->accepting = 1;
	station_sm_init(&s->sm, clock_mono_ms());
	if (store_open(cfg->db_path, &s->st, err) < 0)
		goto fail;
	if (cfg->server) {
		int64_t outbox = 0;
		ck_err e;
		if (store_open_with(cfg->server, cfg->timeout_ms, 1, &s->remote, err) < 0 ||
		    replica_outbox_count(s->st, &outbox, NULL, err) < 0)
			goto fail;
		int up = store_reconnect(s->remote, &e) == 0;
		if (!up && e.kind != CK_IO) {
			*err = e;
			goto fail;
		}
		if (!up)
			say_offline(e.msg);
		station_sm_link_init(&s->sm, up ? LINK_ONLINE : LINK_OFFLINE, outbox, clock_mono_ms());
	}
	warm_up(s);
	if (pthread_create(&s->thread, NULL, station_main, s)) {
		ck_fail(err, CK_INTERNAL, _("không khởi động được luồng điểm danh"));
		goto fail;
	}
	s->have_thread = 1;
	*out = s;
	return 0;
fail:
	station_stop(s);
	return -1;
}

void station_drain(station *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->accepting = 0;
	s->stop = 1;
	pthread_cond_broadcast(&s->wake);
	pthread_mutex_unlock(&s->lock);
	if (s->have_thread)
		pthread_join(s->thread, NULL);
	s->have_thread = 0;
}

void station_stop(station *s)
{
	if (!s)
		return;
	station_drain(s);
	while (s->head) { /* only when the thread never ran */
		struct req *r = s->head;
		s->head = r->next;
		drop_head(s, r);
		free(r);
	}
	struct station_msg m;
	while (station_poll(s, &m))
		station_msg_release(&m);
	store_close(s->st);
	store_close(s->remote);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

int station_prepare_replica(const char *server, const char *replica, int timeout_ms, ck_err *err)
{
	store *local = NULL, *remote = NULL;
	ck_err e = {0};
	int rc = -1, sent = 0;
	int64_t left = 0;
	struct event ev;

	if (store_open(replica, &local, err) < 0 || store_check(local, err) < 0 ||
	    store_open_with(server, timeout_ms, 1, &remote, err) < 0)
		goto out;
	/* a bounded batch first, so that a long outbox does not keep the
	 * screen dark; the station sends the rest in the background, and
	 * copies the server's changes once the outbox is empty */
	if (store_reconnect(remote, &e) == 0 && replica_drain(local, remote, STATION_START_BATCH, &sent, &e) == 0 &&
	    replica_outbox_count(local, &left, NULL, &e) == 0 && (left > 0 || replica_pull(remote, local, &e) == 0)) {
		if (sent)
			fprintf(stderr, _("checkin-kiosk: đã gửi %d lượt điểm danh ghi trong lúc mất kết nối máy chủ\n"), sent);
		if (left)
			fprintf(stderr, _("checkin-kiosk: còn %lld lượt nữa, đang gửi ngầm\n"), (long long)left);
		rc = 0;
		goto out;
	}
	if (e.kind != CK_IO) { /* not the link: a wrong password, no event on the server, ... */
		*err = e;
		goto out;
	}
	if (store_event_load(local, &ev, err) < 0) {
		ck_fail(err, CK_IO, _("không kết nối được %s (%s), và cửa này chưa có bản sao danh sách (%s)"),
		        store_where(remote), e.msg, replica);
		goto out;
	}
	event_release(&ev);
	replica_outbox_count(local, &left, NULL, &e);
	fprintf(stderr, _("checkin-kiosk: không kết nối được %s; chạy bằng bản sao của cửa này (%lld lượt điểm danh đang chờ)\n"),
	        store_where(remote), (long long)left);
	rc = 0;
out:
	store_close(local);
	store_close(remote);
	return rc;
}
