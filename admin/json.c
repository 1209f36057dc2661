/* json.c - attendance figures and delegates as JSON (see json.h).
 *
 * Moved out of core so that core does not depend on jansson: the JSON is
 * admin's (status --json, list --format json, the dashboard's API), and
 * building it in one place keeps phones, e-mails and codes out of every
 * public view at once. */
#include <string.h>
#include "checkin/clock.h"
#include "json.h"
#include "checkin/i18n.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *delegate_to_json_public(const struct delegate *d)
{
	char roles[64], at[32];
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "name", str_or_null(d->name));
	json_object_set_new(o, "title", str_or_null(d->title));
	json_object_set_new(o, "organization", str_or_null(d->organization));
	json_object_set_new(o, "category", str_or_null(d->category));
	json_object_set_new(o, "district", str_or_null(d->district));
	json_object_set_new(o, "roles", json_string(role_format(d->roles, roles, sizeof roles)));
	json_object_set_new(o, "seat", str_or_null(d->seat));
	if (d->sub_name) {
		json_t *sub = json_object();
		json_object_set_new(sub, "name", json_string(d->sub_name));
		json_object_set_new(sub, "title", str_or_null(d->sub_title));
		json_object_set_new(sub, "organization", str_or_null(d->sub_organization));
		json_object_set_new(o, "substitute", sub);
	} else {
		json_object_set_new(o, "substitute", json_null());
	}
	if (d->arrived_at) {
		clock_iso_utc(d->arrived_at, at, sizeof at);
		json_object_set_new(o, "arrived_at", json_string(at));
		json_object_set_new(o, "station", str_or_null(d->station));
	} else {
		json_object_set_new(o, "arrived_at", json_null());
		json_object_set_new(o, "station", json_null());
	}
	return o;
}

json_t *counts_to_json(const struct counts *c)
{
	json_t *o = json_object(), *cats = json_array(), *absent = json_array();
	json_object_set_new(o, "arrived", json_integer(c->arrived));
	json_object_set_new(o, "expected", json_integer(c->expected));
	json_object_set_new(o, "registered", json_integer(c->registered));
	for (size_t i = 0; i < c->ncategories; i++) {
		json_t *cat = json_object();
		json_object_set_new(cat, "name", json_string(c->categories[i].name));
		json_object_set_new(cat, "arrived", json_integer(c->categories[i].arrived));
		json_object_set_new(cat, "registered", json_integer(c->categories[i].registered));
		json_array_append_new(cats, cat);
	}
	json_object_set_new(o, "categories", cats);
	for (size_t i = 0; i < c->nabsent; i++)
		json_array_append_new(absent, delegate_to_json_public(&c->absent_roles[i]));
	json_object_set_new(o, "absent_roles", absent);
	json_object_set_new(o, "revoked_offline", json_integer(c->revoked_offline));
	json_object_set_new(o, "repeats_offline", json_integer(c->repeats_offline));
	return o;
}

json_t *doors_to_json(const struct door_status *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(v[i].name));
		json_object_set_new(o, "last_seen", json_integer(v[i].last_seen));
		json_object_set_new(o, "online", json_boolean(v[i].online));
		json_object_set_new(o, "offline_since", v[i].offline_since ? json_integer(v[i].offline_since) : json_null());
		json_object_set_new(o, "outbox", json_integer(v[i].outbox));
		json_object_set_new(o, "recent", json_integer(v[i].recent));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *substitutes_to_json(store *st, ck_err *err)
{
	struct delegate *v = NULL;
	size_t n = 0;
	if (delegate_list(st, NULL, &v, &n, err) < 0)
		return NULL;
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		if (v[i].sub_name)
			json_array_append_new(a, delegate_to_json_public(&v[i]));
	delegates_free(v, n);
	if (!a)
		ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	return a;
}

json_t *status_to_json(store *st, int64_t now_ms, ck_err *err)
{
	struct counts c;
	struct event ev = {0};
	struct door_status *doors = NULL;
	size_t ndoors = 0;
	ck_err ignored;
	json_t *j = NULL;
	if (counts_get(st, &c, err) < 0)
		return NULL;
	if (counts_doors(st, now_ms, &doors, &ndoors, err) == 0) {
		if (store_event_load(st, &ev, &ignored) < 0)
			memset(&ev, 0, sizeof ev);
		j = counts_to_json(&c);
		if (j) {
			json_object_set_new(j, "event", ev.title ? json_string(ev.title) : json_null());
			json_object_set_new(j, "doors", doors_to_json(doors, ndoors));
			json_t *subs = substitutes_to_json(st, err);
			if (!subs) {
				json_decref(j);
				j = NULL;
			} else {
				json_object_set_new(j, "substitutes", subs);
			}
		} else {
			ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		}
	}
	counts_release(&c);
	event_release(&ev);
	doors_free(doors, ndoors);
	return j;
}
