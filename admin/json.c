/* json.c - attendance figures and delegates as JSON (see json.h).
 *
 * Moved out of core so that core does not depend on jansson: the JSON is
 * admin's (status --json, list --format json, the dashboard's API), and
 * building it in one place keeps phones, e-mails and codes out of every
 * public view at once. */
#include "checkin/clock.h"
#include "json.h"

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
	return o;
}
