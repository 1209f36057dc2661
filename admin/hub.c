/* hub.c - follows the store and hands the dashboard's picture to clients
 * (see hub.h).
 *
 * Locking: h->mu guards the event texts, gen and stopping. The poller
 * builds the new picture, its patch and their texts without the lock and
 * only swaps them in under it, so waiters are never blocked by a database
 * query or a diff. h->pic (the last picture, the base of the next patch)
 * and the store belong to the poller alone once it runs; only the poller
 * (or hub_start() before it) changes gen. */
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>
#include "attendance.h"
#include "checkin/clock.h"
#include "checkin/store.h"
#include "delta.h"
#include "hub.h"
#include "seatmap.h"
#include "checkin/i18n.h"

#define HUB_RECENT 20
#define HUB_REFRESH_MS 60000  /* rebuild at least this often: the chart's time axis moves */

struct hub_delta {
	uint64_t gen;           /* the generation it leads to */
	char *text; size_t len; /* its "delta" event; NULL when it could not be made */
};

struct hub {
	store *st;              /* owned by the poller thread once it runs */
	int poll_ms;
	uint64_t run;           /* this run's id, the first half of every event id */
	json_t *pic;            /* the current picture (the poller's) */
	pthread_t thread;
	int thread_started;

	pthread_mutex_t mu;
	pthread_cond_t cond;    /* signalled on a new picture and on stop */
	char *snap; size_t snap_len;      /* the current picture as a "snapshot" event */
	size_t json_off, json_len;        /* its JSON inside snap */
	struct hub_delta deltas[HUB_HISTORY]; /* deltas[g % HUB_HISTORY] leads to g */
	uint64_t gen;           /* 1 for the first picture */
	int stopping;
	int warned;             /* a failed rebuild was reported */
};

/* The picture now (new reference). */
static json_t *build(store *st, ck_err *err)
{
	struct attendance a;
	if (attendance_load(st, clock_now_ms(), HUB_RECENT, &a, err) < 0)
		return NULL;
	json_t *j = attendance_to_json(&a);
	attendance_release(&a);
	if (!j) {
		ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		return NULL;
	}
	/* the seat map's live part (seatmap.h); null without a hall */
	json_t *seats = seatmap_live(st, err);
	if (!seats) {
		json_decref(j);
		return NULL;
	}
	json_object_set_new(j, "seats", seats);
	return j;
}

/* One Server-Sent Event of j, compact (one line, as a data: field needs):
 * malloc'd text, *len its length, *off where the JSON starts. */
static char *event_text(uint64_t run, uint64_t gen, const char *kind, const json_t *j, size_t *len, size_t *off)
{
	char head[96];
	char *body = json_dumps(j, JSON_COMPACT);
	if (!body)
		return NULL;
	int hl = snprintf(head, sizeof head, "id: %016" PRIx64 ".%" PRIu64 "\nevent: %s\ndata: ", run, gen, kind);
	size_t bl = strlen(body);
	char *t = malloc((size_t)hl + bl + 3);
	if (t) {
		memcpy(t, head, (size_t)hl);
		memcpy(t + hl, body, bl);
		memcpy(t + hl + bl, "\n\n", 3);
		*len = (size_t)hl + bl + 2;
		if (off)
			*off = (size_t)hl;
	}
	free(body);
	return t;
}

/* Take a new picture and publish it with its patch from the last one. */
static int refresh(hub *h, ck_err *err)
{
	json_t *pic = build(h->st, err);
	if (!pic)
		return -1;
	uint64_t gen = h->gen + 1;
	size_t slen = 0, off = 0, dlen = 0;
	char *snap = event_text(h->run, gen, "snapshot", pic, &slen, &off);
	char *dtext = NULL;
	if (!snap) {
		json_decref(pic);
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	}
	if (h->pic) {
		/* Without a patch (out of memory) clients simply get the picture. */
		json_t *patch = delta_make(h->pic, pic);
		if (patch)
			dtext = event_text(h->run, gen, "delta", patch, &dlen, NULL);
		json_decref(patch);
	}
	json_decref(h->pic);
	h->pic = pic;

	pthread_mutex_lock(&h->mu);
	free(h->snap);
	h->snap = snap;
	h->snap_len = slen;
	h->json_off = off;
	h->json_len = slen - off - 2;
	struct hub_delta *d = &h->deltas[gen % HUB_HISTORY];
	free(d->text);
	d->gen = gen;
	d->text = dtext;
	d->len = dlen;
	h->gen = gen;
	h->warned = 0;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->mu);
	return 0;
}

static void deadline(struct timespec *ts, int ms)
{
	clock_gettime(CLOCK_MONOTONIC, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

static void *poller(void *arg)
{
	hub *h = arg;
	int64_t version = store_data_version(h->st);
	int64_t last_build = clock_mono_ms();

	for (;;) {
		/* the server's NOTIFY, or a watch on the SQLite file's folder */
		store_wait_change(h->st, h->poll_ms);
		pthread_mutex_lock(&h->mu);
		int stop = h->stopping;
		pthread_mutex_unlock(&h->mu);
		if (stop)
			break;

		int64_t v = store_data_version(h->st);
		if (v == version && clock_mono_ms() - last_build < HUB_REFRESH_MS)
			continue;
		ck_err err;
		if (refresh(h, &err) < 0) {
			/* Keep showing the last good picture; say so once. */
			pthread_mutex_lock(&h->mu);
			int warn = !h->warned;
			h->warned = 1;
			pthread_mutex_unlock(&h->mu);
			if (warn)
				fprintf(stderr, _("cảnh báo: không cập nhật được trang theo dõi: %s\n"), err.msg);
			continue;
		}
		version = v;
		last_build = clock_mono_ms();
	}
	return NULL;
}

static uint64_t run_id(void)
{
	uint64_t r;
	if (getrandom(&r, sizeof r, 0) == (ssize_t)sizeof r)
		return r;
	return ((uint64_t)clock_now_ms() << 16) ^ (uint64_t)getpid();
}

int hub_start(const char *db_path, int poll_ms, hub **out, ck_err *err)
{
	hub *h = calloc(1, sizeof *h);
	pthread_condattr_t ca;

	*out = NULL;
	if (!h)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	h->poll_ms = poll_ms > 0 ? poll_ms : 300;
	h->run = run_id();
	pthread_mutex_init(&h->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&h->cond, &ca);
	pthread_condattr_destroy(&ca);

	if (store_open(db_path, &h->st, err) < 0)
		goto fail;
	if (refresh(h, err) < 0)
		goto fail;
	if (pthread_create(&h->thread, NULL, poller, h) != 0) {
		ck_fail(err, CK_INTERNAL, _("không khởi động được luồng của trang theo dõi: %s"), strerror(errno));
		goto fail;
	}
	h->thread_started = 1;
	*out = h;
	return 0;
fail:
	hub_free(h);
	return -1;
}

int hub_wait(hub *h, uint64_t *gen, int timeout_ms, char **json, size_t *len)
{
	struct timespec ts;
	int rc = 0;

	if (json) {
		*json = NULL;
		*len = 0;
	}
	deadline(&ts, timeout_ms);
	pthread_mutex_lock(&h->mu);
	while (!h->stopping && h->gen == *gen)
		if (pthread_cond_timedwait(&h->cond, &h->mu, &ts) == ETIMEDOUT)
			break;
	if (h->stopping) {
		rc = -1;
	} else if (h->gen != *gen && h->snap) {
		rc = 1;
		if (json) {
			*json = malloc(h->json_len + 1);
			if (*json) {
				memcpy(*json, h->snap + h->json_off, h->json_len);
				(*json)[h->json_len] = '\0';
				*len = h->json_len;
			} else {
				rc = -1;
			}
		}
		if (rc == 1)
			*gen = h->gen;
	}
	pthread_mutex_unlock(&h->mu);
	return rc;
}

/* Under h->mu: the bytes of the deltas after gen up to the current one,
 * or 0 when one of them is not kept. */
static size_t deltas_len(hub *h, uint64_t gen)
{
	size_t total = 0;
	if (!gen || gen >= h->gen || h->gen - gen > HUB_HISTORY)
		return 0;
	for (uint64_t g = gen + 1; g <= h->gen; g++) {
		const struct hub_delta *d = &h->deltas[g % HUB_HISTORY];
		if (d->gen != g || !d->text)
			return 0;
		total += d->len;
	}
	return total;
}

int hub_events(hub *h, uint64_t *gen, int whole, char **text, size_t *len)
{
	int rc = 0;

	*text = NULL;
	*len = 0;
	pthread_mutex_lock(&h->mu);
	if (h->stopping) {
		rc = -1;
	} else if (*gen != h->gen && h->snap) {
		size_t dl = whole ? 0 : deltas_len(h, *gen);
		int deltas = dl && dl <= h->snap_len;
		size_t n = deltas ? dl : h->snap_len;
		char *t = malloc(n + 1);
		if (!t) {
			rc = -1;
		} else {
			if (deltas) {
				size_t at = 0;
				for (uint64_t g = *gen + 1; g <= h->gen; g++) {
					const struct hub_delta *d = &h->deltas[g % HUB_HISTORY];
					memcpy(t + at, d->text, d->len);
					at += d->len;
				}
			} else {
				memcpy(t, h->snap, n);
			}
			t[n] = '\0';
			*text = t;
			*len = n;
			*gen = h->gen;
			rc = 1;
		}
	}
	pthread_mutex_unlock(&h->mu);
	return rc;
}

uint64_t hub_resume(hub *h, uint64_t run, uint64_t gen)
{
	pthread_mutex_lock(&h->mu);
	uint64_t g = run == h->run && gen <= h->gen ? gen : 0;
	pthread_mutex_unlock(&h->mu);
	return g;
}

uint64_t hub_generation(hub *h)
{
	pthread_mutex_lock(&h->mu);
	uint64_t g = h->gen;
	pthread_mutex_unlock(&h->mu);
	return g;
}

void hub_stop(hub *h)
{
	if (!h)
		return;
	pthread_mutex_lock(&h->mu);
	h->stopping = 1;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->mu);
}

void hub_free(hub *h)
{
	if (!h)
		return;
	hub_stop(h);
	if (h->thread_started)
		pthread_join(h->thread, NULL);
	store_close(h->st);
	json_decref(h->pic);
	free(h->snap);
	for (size_t i = 0; i < HUB_HISTORY; i++)
		free(h->deltas[i].text);
	pthread_cond_destroy(&h->cond);
	pthread_mutex_destroy(&h->mu);
	free(h);
}
