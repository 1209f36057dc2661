/* conns.c - the dashboard server's connections and the deadline for a
 * request's head (see conns.h).
 *
 * Locking: cs->mu guards the list and every record in it. A record leaves
 * the list when libmicrohttpd reports the connection closed, which it does
 * before it closes the socket, so the reaper's shutdown() under cs->mu
 * never reaches a socket number that has been reused. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include "checkin/clock.h"
#include "conns.h"
#include "checkin/i18n.h"

#define CONNS_TICK_MS 250
#define CONNS_SNDBUF (128 * 1024)  /* bytes the kernel may hold for one client */

struct conn {
	struct conn *prev, *next;
	int fd;
	int64_t since;    /* monotonic ms: connected, or its last response done */
	int busy;         /* a request head arrived and is being answered */
	int cut;          /* shut down for the deadline */
};

struct conns {
	pthread_mutex_t mu;
	pthread_cond_t cond;
	struct conn *head;
	int open;
	unsigned long cut;
	int deadline_ms;
	int stopping;
	pthread_t thread;
	int started;
};

static struct conn *record_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return info ? info->socket_context : NULL;
}

void conns_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                  enum MHD_ConnectionNotificationCode what)
{
	conns *cs = cls;
	struct conn *e = *socket_context;

	if (what == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		int size = CONNS_SNDBUF;
		if (info)
			setsockopt(info->connect_fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
		e = calloc(1, sizeof *e);
		pthread_mutex_lock(&cs->mu);
		cs->open++;
		if (e && info) {
			e->fd = info->connect_fd;
			e->since = clock_mono_ms();
			e->next = cs->head;
			if (cs->head)
				cs->head->prev = e;
			cs->head = e;
		} else {
			free(e);  /* out of memory: this one is counted but has no deadline */
			e = NULL;
		}
		pthread_mutex_unlock(&cs->mu);
		*socket_context = e;
	} else if (what == MHD_CONNECTION_NOTIFY_CLOSED) {
		pthread_mutex_lock(&cs->mu);
		cs->open--;
		if (e) {
			if (e->prev)
				e->prev->next = e->next;
			else
				cs->head = e->next;
			if (e->next)
				e->next->prev = e->prev;
		}
		pthread_mutex_unlock(&cs->mu);
		free(e);
		*socket_context = NULL;
	}
}

void conns_request_started(conns *cs, struct MHD_Connection *c)
{
	struct conn *e = record_of(c);
	if (!e)
		return;
	pthread_mutex_lock(&cs->mu);
	e->busy = 1;
	pthread_mutex_unlock(&cs->mu);
}

void conns_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	conns *cs = cls;
	struct conn *e = record_of(c);
	(void)con_cls;
	(void)toe;
	if (!e)
		return;
	pthread_mutex_lock(&cs->mu);
	e->busy = 0;
	e->since = clock_mono_ms();
	pthread_mutex_unlock(&cs->mu);
}

static void *reaper(void *arg)
{
	conns *cs = arg;
	pthread_mutex_lock(&cs->mu);
	while (!cs->stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_nsec += CONNS_TICK_MS * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&cs->cond, &cs->mu, &ts);
		int64_t now = clock_mono_ms();
		for (struct conn *e = cs->head; e; e = e->next) {
			if (e->busy || e->cut || now - e->since < cs->deadline_ms)
				continue;
			/* libmicrohttpd reads the end of the stream and closes it. */
			shutdown(e->fd, SHUT_RDWR);
			e->cut = 1;
			cs->cut++;
		}
	}
	pthread_mutex_unlock(&cs->mu);
	return NULL;
}

int conns_start(int deadline_ms, conns **out, ck_err *err)
{
	conns *cs = calloc(1, sizeof *cs);
	pthread_condattr_t ca;

	*out = NULL;
	if (!cs)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	cs->deadline_ms = deadline_ms;
	pthread_mutex_init(&cs->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&cs->cond, &ca);
	pthread_condattr_destroy(&ca);
	int rc = pthread_create(&cs->thread, NULL, reaper, cs);
	if (rc != 0) {
		conns_free(cs);
		return ck_fail(err, CK_INTERNAL, _("không khởi động được luồng dọn kết nối của máy chủ web: %s"), strerror(rc));
	}
	cs->started = 1;
	*out = cs;
	return 0;
}

int conns_open(conns *cs)
{
	pthread_mutex_lock(&cs->mu);
	int n = cs->open;
	pthread_mutex_unlock(&cs->mu);
	return n;
}

unsigned long conns_cut(conns *cs)
{
	pthread_mutex_lock(&cs->mu);
	unsigned long n = cs->cut;
	pthread_mutex_unlock(&cs->mu);
	return n;
}

void conns_free(conns *cs)
{
	if (!cs)
		return;
	pthread_mutex_lock(&cs->mu);
	cs->stopping = 1;
	pthread_cond_broadcast(&cs->cond);
	pthread_mutex_unlock(&cs->mu);
	if (cs->started)
		pthread_join(cs->thread, NULL);
	while (cs->head) {  /* only if the daemon did not report every close */
		struct conn *e = cs->head;
		cs->head = e->next;
		free(e);
	}
	pthread_cond_destroy(&cs->cond);
	pthread_mutex_destroy(&cs->mu);
	free(cs);
}
