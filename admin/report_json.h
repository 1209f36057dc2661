/* report_json.h - the attendance report's figures as JSON, for
 * 'checkin-admin report --format json'.
 *
 * The same struct report the PDF is drawn from (checkin/report.h); the
 * counts are counts_to_json()'s, so "arrived", "expected", "registered"
 * and "categories" read as in 'status --json'. No phone, e-mail or code.
 * Returns a new reference the caller releases with json_decref(); NULL
 * when out of memory. */
#ifndef CHECKIN_ADMIN_REPORT_JSON_H
#define CHECKIN_ADMIN_REPORT_JSON_H

#include <jansson.h>
#include "checkin/event.h"
#include "checkin/report.h"

json_t *report_to_json(const struct report *r, const struct event *ev);

#endif
