/* hub.h - follows the store and hands the dashboard's picture to clients.
 *
 * One thread owns its own store handle and polls store_data_version() every
 * poll_ms. When another station commits (or once a minute, so the chart's
 * time axis moves on), it rebuilds the attendance picture once, as one JSON
 * text, and bumps a generation counter. Any number of web clients wait on
 * that counter; each takes its own copy, so a slow or hung client never
 * holds up the others or the poller.
 *
 * The caller owns the hub: hub_stop() wakes every waiter for good, then
 * hub_free() joins the thread and frees it. */
#ifndef CHECKIN_HUB_H
#define CHECKIN_HUB_H

#include <stddef.h>
#include <stdint.h>
#include "checkin/error.h"

typedef struct hub hub;

/* Open db_path, take the first picture and start following. */
int hub_start(const char *db_path, int poll_ms, hub **out, ck_err *err);

/* Wait up to timeout_ms for a picture newer than *gen. Returns 1 with a
 * malloc'd copy of its JSON text in *json (caller frees; *len its length)
 * and *gen updated; 0 on timeout; -1 once the hub is stopping or when out
 * of memory. *gen = 0 asks for the current picture at once. */
int hub_wait(hub *h, uint64_t *gen, int timeout_ms, char **json, size_t *len);

/* How many pictures were built so far (for tests and logs). */
uint64_t hub_generation(hub *h);

void hub_stop(hub *h);
void hub_free(hub *h);

#endif
