/* worker.h - decoding and committing away from the drawing thread.
 *
 * Two threads: the decoder takes frames from a framebox and scans them
 * (core/scan.h); the committer owns the kiosk's store handle and runs
 * check-ins, staff searches and undos in order, and follows other
 * stations by polling store_data_version(). Results come back to main as
 * messages (worker_poll); the notify callback is called from the worker's
 * threads whenever a message is queued so main can wake up.
 *
 * A check-in the store could not write (locked, full, read-only) stays at
 * the head of the queue and is retried every WORKER_RETRY_MS; main is told
 * through a WMSG_STORE message and nobody is greeted meanwhile. */
#ifndef KIOSK_WORKER_H
#define KIOSK_WORKER_H

#include "checkin/counts.h"
#include "frame.h"
#include "screen.h"

#define WORKER_RETRY_MS 1000
#define WORKER_POLL_MS 300
#define WORKER_QUEUE_MAX 256

typedef struct worker worker;

struct worker_config {
	const char *db_path;
	const char *station;
	int64_t debounce_ms;
	struct framebox *frames;     /* decoder input; NULL for no camera */
	void (*notify)(void *ctx);   /* called from worker threads */
	void *ctx;
};

enum worker_msg_type {
	WMSG_RESULT,  /* result: a committed check-in */
	WMSG_COUNTS,  /* counts: fresh figures, the receiver owns them (counts_release) */
	WMSG_FOUND,   /* found/nfound: staff search results */
	WMSG_UNDONE,  /* ok, text: undo done (name) or why not */
	WMSG_STORE    /* text: store problem, "" when it works again */
};

struct worker_msg {
	enum worker_msg_type type;
	struct screen_result result;
	struct counts counts;
	struct screen_person found[SCREEN_FOUND_MAX];
	size_t nfound;
	int ok;
	char text[SCREEN_TEXT];
};

/* Open the store at cfg->db_path and start both threads. Strings in cfg
 * are copied. The caller stops it with worker_stop(). */
int worker_start(worker **out, const struct worker_config *cfg, ck_err *err);
/* Close cfg->frames first so that the decoder wakes up. */
void worker_stop(worker *w);

/* Queue work (any thread). A scan repeated within debounce_ms of its
 * previous sighting (by captured_ms, monotonic) is dropped. */
void worker_scan(worker *w, const char *payload, enum checkin_method m, int64_t captured_ms);
void worker_checkin_id(worker *w, int64_t id, int64_t captured_ms);
void worker_search(worker *w, const char *query);
void worker_undo(worker *w);

/* Take the next message; returns 1 when there was one. */
int worker_poll(worker *w, struct worker_msg *out);
/* Nonzero when no frame, no request and no message is pending. */
int worker_idle(worker *w);

#endif
