/* report_json.c - the attendance report as JSON (see report_json.h).
 *
 * Apart from json.c because only 'report' needs it; the delegates and
 * the counts are json.c's objects, so every view names them alike. */
#include "checkin/clock.h"
#include "json.h"
#include "report_json.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *time_or_null(int64_t ms)
{
	char at[32];
	if (!ms)
		return json_null();
	clock_iso_utc(ms, at, sizeof at);
	return json_string(at);
}

static json_t *groups_to_json(const struct report_group *v, size_t n, int with_district)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "name", json_string(v[i].name));
		if (with_district)
			json_object_set_new(o, "district", str_or_null(v[i].district));
		json_object_set_new(o, "arrived", json_integer(v[i].arrived));
		json_object_set_new(o, "registered", json_integer(v[i].registered));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *delegates_to_json(const struct delegate *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, delegate_to_json_public(&v[i]));
	return a;
}

static json_t *checkins_to_json(const struct report_checkin *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(v[i].delegate_id));
		json_object_set_new(o, "name", str_or_null(v[i].name));
		json_object_set_new(o, "organization", str_or_null(v[i].organization));
		json_object_set_new(o, "at", time_or_null(v[i].at));
		json_object_set_new(o, "station", str_or_null(v[i].station));
		json_object_set_new(o, "method", str_or_null(v[i].method));
		json_object_set_new(o, "undone_at", time_or_null(v[i].undone_at));
		json_object_set_new(o, "undone_station", str_or_null(v[i].undone_station));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *report_substitutes_json(const struct report *r)
{
	if (!r->substitutes_known)
		return json_null();
	json_t *a = json_array();
	for (size_t i = 0; a && i < r->nsubstitutes; i++) {
		const struct report_substitute *s = &r->substitutes[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(s->delegate_id));
		json_object_set_new(o, "delegate", str_or_null(s->delegate_name));
		json_object_set_new(o, "delegate_title", str_or_null(s->delegate_title));
		json_object_set_new(o, "name", str_or_null(s->name));
		json_object_set_new(o, "title", str_or_null(s->title));
		json_object_set_new(o, "organization", str_or_null(s->organization));
		json_object_set_new(o, "recorded_at", time_or_null(s->recorded_at));
		json_object_set_new(o, "station", str_or_null(s->station));
		json_object_set_new(o, "arrived_at", time_or_null(s->arrived_at));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *report_to_json(const struct report *r, const struct event *ev)
{
	json_t *o = counts_to_json(&r->counts);
	if (!o)
		return NULL;
	json_object_set_new(o, "event", str_or_null(ev->title));
	json_object_set_new(o, "organizer", str_or_null(ev->organizer));
	json_object_set_new(o, "date", str_or_null(ev->date));
	json_object_set_new(o, "start", str_or_null(ev->start));
	json_object_set_new(o, "end", str_or_null(ev->end));
	json_object_set_new(o, "venue", str_or_null(ev->venue));
	json_object_set_new(o, "address", str_or_null(ev->address));
	json_object_set_new(o, "generated_at", time_or_null(r->generated_at));
	json_object_set_new(o, "districts", groups_to_json(r->districts, r->ndistricts, 0));
	json_object_set_new(o, "communes", groups_to_json(r->communes, r->ncommunes, 1));
	json_t *absent = json_object();
	json_object_set_new(absent, "leaders", delegates_to_json(r->leaders, r->nleaders));
	json_object_set_new(absent, "presenters", delegates_to_json(r->presenters, r->npresenters));
	/* whom "presenters" lists: the programme's presenters, or role presenter */
	json_object_set_new(absent, "presenters_from", json_string(r->presenters_from_programme ? "programme" : "roles"));
	json_object_set_new(absent, "awardees", delegates_to_json(r->awardees, r->nawardees));
	/* whom "awardees" lists: the programme's award batches, or role awardee */
	json_object_set_new(absent, "awardees_from", json_string(r->awardees_from_programme ? "programme" : "roles"));
	json_object_set_new(absent, "others", delegates_to_json(r->others, r->nothers));
	json_object_set_new(o, "absent", absent);
	/* null: the store does not record substitutes (report.h) */
	json_object_set_new(o, "substitutes", report_substitutes_json(r));
	json_object_set_new(o, "manual_checkins", checkins_to_json(r->manual, r->nmanual));
	json_object_set_new(o, "undone_checkins", checkins_to_json(r->undone, r->nundone));
	json_t *arr = json_object(), *b = json_array();
	json_object_set_new(arr, "bucket_minutes", json_integer(r->bucket_ms / 60000));
	json_object_set_new(arr, "start", time_or_null(r->start_ms));
	json_object_set_new(arr, "first", time_or_null(r->first_at));
	json_object_set_new(arr, "last", time_or_null(r->last_at));
	for (size_t i = 0; b && i < r->nbuckets; i++)
		json_array_append_new(b, json_integer(r->buckets[i]));
	json_object_set_new(arr, "counts", b);
	json_object_set_new(o, "arrivals", arr);
	json_t *d = json_object();
	json_object_set_new(d, "format", json_string(REPORT_DIGEST_FORMAT));
	json_object_set_new(d, "sha256", json_string(r->digest.sha256));
	json_object_set_new(d, "rows", json_integer(r->digest.rows));
	json_object_set_new(d, "last_id", json_integer(r->digest.last_id));
	json_object_set_new(o, "audit", d);
	return o;
}
