/* seatmap.h - the live seat map of the dashboard, as JSON.
 *
 * Two parts, so that a check-in sends a few bytes, not the map: the whole
 * map (/api/seats: the hall's geometry and who sits in each seat), which
 * changes only when seats are placed or edited, and the live part the hub
 * puts in every picture, "seats": {"plan": HASH, "state": "xo-..."}, one
 * character a seat (seat index order, hall.h): '-' nobody placed there,
 * 'o' placed, not arrived, 'x' arrived, 's' arrived as a substitute (not
 * produced yet: the substitutes' branch adds it). The page fetches the
 * whole map again when "plan" changes. Never a phone, an e-mail or a code.
 *
 * Both return a new reference (json_null() when no hall is set up); NULL
 * with err set when the store fails. */
#ifndef CHECKIN_ADMIN_SEATMAP_H
#define CHECKIN_ADMIN_SEATMAP_H

#include <jansson.h>
#include "checkin/store.h"

/* {"plan", "state", "hall": {name, width, depth, seat_width, row_depth,
 *   stage: {name, seats}, blocks: [{key, name, x, y, rows: [n...], use: [...],
 *   aisle: [...]}]},
 *  "seats": [{label, x, y, stage, front, delegate: {id, name, title,
 *   organization, roles, arrived_at, time} | null}]} */
json_t *seatmap_full(store *st, ck_err *err);
/* {"plan", "state"}: what the hub's picture carries. */
json_t *seatmap_live(store *st, ck_err *err);

#endif
