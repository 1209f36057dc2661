/* delta.h - what changed between two dashboard pictures, as a small JSON
 * patch.
 *
 * The dashboard's picture (attendance.h) is about 25 KB for the sample
 * event, and a check-in changes a few hundred bytes of it: the time, the
 * counts that moved, one arrival at the head of "recent", one histogram
 * bucket. The hub (hub.c) sends every live page the patch from one picture
 * to the next instead of the whole picture; the page (assets/web/app.js)
 * and the tests (tests/dashboard/dashlib.py) apply it. Applying
 * delta_make(a, b) to a gives exactly b.
 *
 * A patch of an object is an object with up to four members, each present
 * only when not empty:
 *   "set": {KEY: VALUE, ...}  KEY now holds VALUE (any JSON, null too)
 *   "del": [KEY, ...]         KEY is gone
 *   "obj": {KEY: PATCH, ...}  KEY holds an object in both: patch it
 *   "arr": {KEY: [SPLICE, ...], ...}
 *                             KEY holds an array in both; each SPLICE
 *                             [I, N, ITEM...] in turn removes N items at
 *                             index I and puts the ITEMs there, as
 *                             JavaScript's array.splice(I, N, ...ITEMs)
 * Array items are compared whole and found with Myers' difference
 * algorithm, so an arrival is one splice inserting the delegate at the head
 * of "recent" (and one dropping the oldest), a count that moved is one
 * splice replacing its category, and a presenter who arrives is one splice
 * removing them from "absent_roles". An array that changed more than
 * DELTA_MAX_EDITS items is sent whole under "set".
 *
 * The caller owns every value returned (json_decref). Patches may share
 * values with the picture they were made to; neither is changed. */
#ifndef CHECKIN_ADMIN_DELTA_H
#define CHECKIN_ADMIN_DELTA_H

#include <jansson.h>

#define DELTA_MAX_EDITS 64  /* items inserted or removed in one array */

/* The patch from object `from` to object `to`; {} when they are equal.
 * NULL when out of memory or when either is not an object. */
json_t *delta_make(const json_t *from, const json_t *to);

/* Whether patch p changes nothing. */
int delta_empty(const json_t *p);

/* Apply patch p to object target in place (for tests, and for anything in
 * C that follows the event stream). 0, or -1 when p does not fit target
 * (target is then partly patched). */
int delta_apply(json_t *target, const json_t *p);

#endif
