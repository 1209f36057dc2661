/* hub.c - follows the store and hands the dashboard's picture to clients
 * (see hub.h).
 *
 * Locking: h->mu guards json/len/gen/stopping. The poller builds the new
 * text without the lock and only swaps it in under it, so waiters are never
 * blocked by a database query. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "attendance.h"
#include "checkin/clock.h"
#include "hub.h"
#include "checkin/store.h"

#define HUB_RECENT 20
#define HUB_REFRESH_MS 60000  /* rebuild at least this often: the chart's time axis moves */

struct hub {
	store *st;              /* owned by the poller thread once it runs */
	int poll_ms;
	pthread_t thread;
	int thread_started;

	pthread_mutex_t mu;
	pthread_cond_t cond;    /* signalled on a new picture and on stop */
	char *json; size_t len; /* current picture */
	uint64_t gen;           /* 1 for the first picture */
	int stopping;
	int warned;             /* a failed rebuild was reported */
};

/* Build the picture as JSON text (malloc'd). */
static char *build(store *st, size_t *len, ck_err *err)
{
	struct attendance a;
	if (attendance_load(st, clock_now_ms(), HUB_RECENT, &a, err) < 0)
		return NULL;
	json_t *j = attendance_to_json(&a);
	attendance_release(&a);
	if (!j) {
		ck_fail(err, CK_NOMEM, "out of memory");
		return NULL;
	}
	/* Compact: one line, as an SSE data: field needs. */
	char *text = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	if (!text) {
		ck_fail(err, CK_NOMEM, "out of memory");
		return NULL;
	}
	*len = strlen(text);
	return text;
}

static void publish(hub *h, char *text, size_t len)
{
	pthread_mutex_lock(&h->mu);
	free(h->json);
	h->json = text;
	h->len = len;
	h->gen++;
	h->warned = 0;
	pthread_cond_broadcast(&h->cond);
	pthread_mutex_unlock(&h->mu);
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
		if (store_is_remote(h->st)) {
			/* a shared server says when something changed (NOTIFY) */
			store_wait_change(h->st, h->poll_ms);
			pthread_mutex_lock(&h->mu);
		} else {
			struct timespec ts;
			deadline(&ts, h->poll_ms);
			pthread_mutex_lock(&h->mu);
			while (!h->stopping && pthread_cond_timedwait(&h->cond, &h->mu, &ts) != ETIMEDOUT)
				;
		}
		int stop = h->stopping;
		pthread_mutex_unlock(&h->mu);
		if (stop)
			break;

		int64_t v = store_data_version(h->st);
		if (v == version && clock_mono_ms() - last_build < HUB_REFRESH_MS)
			continue;
		ck_err err;
		size_t len;
		char *text = build(h->st, &len, &err);
		if (!text) {
			/* Keep showing the last good picture; say so once. */
			pthread_mutex_lock(&h->mu);
			int warn = !h->warned;
			h->warned = 1;
			pthread_mutex_unlock(&h->mu);
			if (warn)
				fprintf(stderr, "warning: cannot refresh the dashboard: %s\n", err.msg);
			continue;
		}
		version = v;
		last_build = clock_mono_ms();
		publish(h, text, len);
	}
	return NULL;
}

int hub_start(const char *db_path, int poll_ms, hub **out, ck_err *err)
{
	hub *h = calloc(1, sizeof *h);
	pthread_condattr_t ca;
	char *text = NULL;
	size_t len = 0;

	*out = NULL;
	if (!h)
		return ck_fail(err, CK_NOMEM, "out of memory");
	h->poll_ms = poll_ms > 0 ? poll_ms : 300;
	pthread_mutex_init(&h->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&h->cond, &ca);
	pthread_condattr_destroy(&ca);

	if (store_open(db_path, &h->st, err) < 0)
		goto fail;
	text = build(h->st, &len, err);
	if (!text)
		goto fail;
	publish(h, text, len);
	if (pthread_create(&h->thread, NULL, poller, h) != 0) {
		ck_fail(err, CK_INTERNAL, "cannot start the dashboard thread: %s", strerror(errno));
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

	*json = NULL;
	*len = 0;
	deadline(&ts, timeout_ms);
	pthread_mutex_lock(&h->mu);
	while (!h->stopping && h->gen == *gen)
		if (pthread_cond_timedwait(&h->cond, &h->mu, &ts) == ETIMEDOUT)
			break;
	if (h->stopping) {
		rc = -1;
	} else if (h->gen != *gen && h->json) {
		*json = malloc(h->len + 1);
		if (*json) {
			memcpy(*json, h->json, h->len + 1);
			*len = h->len;
			*gen = h->gen;
			rc = 1;
		} else {
			rc = -1;
		}
	}
	pthread_mutex_unlock(&h->mu);
	return rc;
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
	free(h->json);
	pthread_cond_destroy(&h->cond);
	pthread_mutex_destroy(&h->mu);
	free(h);
}
