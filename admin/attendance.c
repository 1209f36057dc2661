/* attendance.c - one picture of who is in the hall (see attendance.h).
 *
 * Communes are grouped by organization: the roster has one row per
 * delegate, and a commune (UBND xã ...) may send one or several. A commune
 * is "empty" while none of its delegates has a live check-in. */
#include <stdlib.h>
#include <string.h>
#include "attendance.h"
#include "checkin/clock.h"
#include "json.h"
#include "checkin/i18n.h"

static const char *nz(const char *s)
{
	return s ? s : "";
}

/* The commune a delegate stands for: the organization, else the district. */
static const char *commune_key(const struct delegate *d)
{
	if (d->organization && *d->organization)
		return d->organization;
	return nz(d->district);
}

struct group {
	const struct delegate *first;
	int registered, arrived;
};

static int empty_communes(store *st, struct attendance *a, ck_err *err)
{
	/* core matches the category without case or diacritics. */
	struct delegate_filter f = {.presence = PRESENCE_ANY, .category = ATTENDANCE_COMMUNE_CATEGORY, .order = ORDER_ID};
	struct delegate *v = NULL;
	size_t n = 0, ng = 0;
	struct group *g = NULL;
	int rc = -1;

	if (delegate_list(st, &f, &v, &n, err) < 0)
		return -1;
	g = calloc(n ? n : 1, sizeof *g);
	if (!g) {
		ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const char *key = commune_key(&v[i]);
		size_t j;
		for (j = 0; j < ng; j++)
			if (!strcmp(commune_key(g[j].first), key))
				break;
		if (j == ng)
			g[ng++].first = &v[i];
		g[j].registered++;
		if (v[i].arrived_at > 0)
			g[j].arrived++;
	}
	a->ncommunes = ng;
	a->empty = calloc(ng ? ng : 1, sizeof *a->empty);
	if (!a->empty) {
		ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		goto out;
	}
	for (size_t j = 0; j < ng; j++) {
		if (g[j].arrived)
			continue;
		struct commune *c = &a->empty[a->nempty];
		c->organization = strdup(commune_key(g[j].first));
		c->district = strdup(nz(g[j].first->district));
		c->registered = g[j].registered;
		if (!c->organization || !c->district) {
			free(c->organization);
			free(c->district);
			ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
			goto out;
		}
		a->nempty++;
	}
	rc = 0;
out:
	free(g);
	delegates_free(v, n);
	return rc;
}

int attendance_load(store *st, int64_t now_ms, size_t max_recent, struct attendance *a, ck_err *err)
{
	ck_err ignored;
	memset(a, 0, sizeof *a);
	a->now = now_ms;
	if (store_event_load(st, &a->ev, &ignored) < 0)
		memset(&a->ev, 0, sizeof a->ev); /* no event yet: show the counts anyway */
	if (counts_get(st, &a->counts, err) < 0)
		goto fail;
	if (counts_histogram(st, ATTENDANCE_BUCKET_MS, now_ms, &a->hist, &a->nhist, &a->hist_start, err) < 0)
		goto fail;
	if (max_recent) {
		struct delegate_filter f = {
			.presence = PRESENCE_PRESENT, .order = ORDER_ARRIVAL_DESC, .limit = max_recent,
		};
		if (delegate_list(st, &f, &a->recent, &a->nrecent, err) < 0)
			goto fail;
	}
	if (empty_communes(st, a, err) < 0 || counts_doors(st, now_ms, &a->doors, &a->ndoors, err) < 0)
		goto fail;
	return 0;
fail:
	attendance_release(a);
	return -1;
}

void attendance_release(struct attendance *a)
{
	event_release(&a->ev);
	counts_release(&a->counts);
	free(a->hist);
	delegates_free(a->recent, a->nrecent);
	for (size_t i = 0; i < a->nempty; i++) {
		free(a->empty[i].organization);
		free(a->empty[i].district);
	}
	free(a->empty);
	doors_free(a->doors, a->ndoors);
	memset(a, 0, sizeof *a);
}

json_t *attendance_delegate_json(const struct delegate *d)
{
	json_t *o = delegate_to_json_public(d);
	if (o && d->arrived_at > 0) {
		char hm[16];
		clock_local(d->arrived_at, "%H:%M", hm, sizeof hm);
		json_object_set_new(o, "time", json_string(hm));
	}
	return o;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *attendance_to_json(const struct attendance *a)
{
	json_t *root = json_object(), *ev = json_object(), *hist = json_object();
	json_t *counts = json_array(), *recent = json_array(), *empty = json_array();
	json_t *status = counts_to_json(&a->counts);
	if (!root || !ev || !hist || !counts || !recent || !empty || !status)
		goto fail;

	/* Only what a wall display may show: no staff PIN, no tag, no key. */
	json_object_set_new(ev, "title", str_or_null(a->ev.title));
	json_object_set_new(ev, "organizer", str_or_null(a->ev.organizer));
	json_object_set_new(ev, "venue", str_or_null(a->ev.venue));
	json_object_set_new(ev, "address", str_or_null(a->ev.address));
	json_object_set_new(ev, "date", str_or_null(a->ev.date));
	json_object_set_new(ev, "start", str_or_null(a->ev.start));
	json_object_set_new(ev, "timezone", str_or_null(a->ev.timezone));

	for (size_t i = 0; i < a->nhist; i++)
		json_array_append_new(counts, json_integer(a->hist[i]));
	json_object_set_new(hist, "bucket_ms", json_integer(ATTENDANCE_BUCKET_MS));
	json_object_set_new(hist, "start", json_integer(a->hist_start));
	json_object_set_new(hist, "counts", counts);
	counts = NULL;

	for (size_t i = 0; i < a->nrecent; i++)
		json_array_append_new(recent, attendance_delegate_json(&a->recent[i]));
	for (size_t i = 0; i < a->nempty; i++)
		json_array_append_new(empty, json_pack("{s:s, s:s, s:i}", "organization", a->empty[i].organization,
		                                       "district", a->empty[i].district, "registered",
		                                       a->empty[i].registered));

	json_object_set_new(root, "now", json_integer(a->now));
	json_object_set_new(root, "event", ev);
	json_object_set_new(root, "status", status);
	json_object_set_new(root, "histogram", hist);
	json_object_set_new(root, "recent", recent);
	json_object_set_new(root, "empty_communes", empty);
	json_object_set_new(root, "communes", json_integer((json_int_t)a->ncommunes));
	json_object_set_new(root, "doors", doors_to_json(a->doors, a->ndoors));
	return root;
fail:
	json_decref(root);
	json_decref(ev);
	json_decref(hist);
	json_decref(counts);
	json_decref(recent);
	json_decref(empty);
	json_decref(status);
	return NULL;
}
