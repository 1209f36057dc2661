/* resultlog.c - the JSON result line (see resultlog.h), written with
 * jansson so that a station name or anything else is always escaped. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include "checkin/clock.h"
#include "resultlog.h"

void resultlog_write(const struct screen_result *r, const char *station, const struct result_times *t)
{
	char when[40];
	clock_iso_utc(clock_now_ms(), when, sizeof when);
	json_t *o = json_object();
	if (!o)
		return;
	json_object_set_new(o, "time", json_string(when));
	json_object_set_new(o, "result", json_string(checkin_result_name(r->result)));
	json_object_set_new(o, "id", r->person.id ? json_integer(r->person.id) : json_null());
	json_object_set_new(o, "station", json_string(station));
	json_object_set_new(o, "method", json_string(method_name(r->method)));
	json_object_set_new(o, "latency_ms", json_integer(t->presented - t->captured));
	json_object_set_new(o, "decode_ms", json_integer(t->queued - t->captured));
	json_object_set_new(o, "commit_ms", json_integer(t->committed - t->queued));
	json_object_set_new(o, "draw_ms", json_integer(t->drawn - t->committed));
	json_object_set_new(o, "present_ms", json_integer(t->presented - t->drawn));
	if (t->nonce[0])
		json_object_set_new(o, "nonce", json_string(t->nonce));
	json_object_set_new(o, "offline", json_boolean(t->offline));
	if (r->person.sub_name[0]) /* greeted a deputy (đi thay), not the delegate */
		json_object_set_new(o, "substitute", json_true());
	char *s = json_dumps(o, JSON_COMPACT);
	if (s) {
		fputs(s, stdout);
		fputc('\n', stdout);
		fflush(stdout);
		free(s);
	}
	json_decref(o);
}
