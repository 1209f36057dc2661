/* json.h - the JSON that checkin-admin writes about attendance.
 *
 * `status --json`, `list --format json`, /api/status and the dashboard
 * picture all describe the counts and the delegates the same way, so the
 * objects are built here, once. This lives in admin and not in core: only
 * admin speaks JSON about delegates, and core stays free of jansson.
 *
 * Every function returns a new reference that the caller owns and releases
 * with json_decref(). None of them ever includes a phone number, an e-mail
 * address or a code. */
#ifndef CHECKIN_ADMIN_JSON_H
#define CHECKIN_ADMIN_JSON_H

#include <jansson.h>
#include "checkin/counts.h"
#include "checkin/delegate.h"

/* {"arrived","expected","registered","categories":[{name,arrived,registered}],
 *  "absent_roles":[<delegate_to_json_public>...]} */
json_t *counts_to_json(const struct counts *c);
/* What 'status --json' prints and /api/status serves: the counts, the
 * event's title, the doors and the substitutes, read from st now. NULL with err set. */
json_t *status_to_json(store *st, int64_t now_ms, ck_err *err);
/* Every delegate with a substitute (đi thay), by id, each as
 * delegate_to_json_public; status_to_json's "substitutes". NULL with err set. */
json_t *substitutes_to_json(store *st, ck_err *err);
/* [{name, last_seen, online, offline_since, outbox, recent}] */
json_t *doors_to_json(const struct door_status *v, size_t n);

/* One delegate for public views:
 * {id,name,title,organization,category,district,roles,seat,substitute,arrived_at,station}
 * (substitute: the deputy who comes in the delegate's place (đi thay),
 * {name,title,organization}, or null; arrived_at in ISO 8601 UTC, or null
 * with station null). */
json_t *delegate_to_json_public(const struct delegate *d);

#endif
