/* stage.c - the programme on stage, with presence (see stage.h).
 *
 * Everything is read once: the event, the programme and the whole roster
 * with each delegate's live check-in (a few hundred rows); the questions
 * are then answered in memory, so that a page refresh costs three queries
 * whatever the programme's size. Times: an item's start is its HH:MM on
 * the event's date in the event's zone (TZ is the event's, admin_open). */
#define _GNU_SOURCE /* asprintf */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "checkin/clock.h"
#include "checkin/i18n.h"
#include "checkin/text.h"
#include "attendance.h"
#include "json.h"
#include "stage.h"

static int64_t item_start(const struct event *ev, int minute)
{
	int y, m, d;
	if (!ev->date || sscanf(ev->date, "%d-%d-%d", &y, &m, &d) != 3)
		return 0;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d, .tm_hour = minute / 60,
	                .tm_min = minute % 60, .tm_isdst = -1};
	time_t t = mktime(&tm);
	return t == (time_t)-1 ? 0 : (int64_t)t * 1000;
}

int stage_clock_fake(void)
{
	const char *v = getenv("CHECKIN_TEST_NOW");
	return v && *v;
}

int64_t stage_clock(void)
{
	const char *v = getenv("CHECKIN_TEST_NOW");
	if (v && *v) {
		char *end;
		long long ms = strtoll(v, &end, 10);
		if (!*end && ms > 0)
			return ms;
	}
	return clock_now_ms();
}

int stage_load(store *st, int64_t now_ms, struct stage *s, ck_err *err)
{
	memset(s, 0, sizeof *s);
	s->now = now_ms;
	s->current = -1;
	if (store_read_begin(st, err) < 0)
		return -1;
	if (store_event_load(st, &s->ev, err) < 0 || programme_load(st, &s->prog, err) < 0)
		goto fail;
	struct delegate_filter f = {.presence = PRESENCE_ANY, .order = ORDER_ID};
	if (delegate_list(st, &f, &s->roster, &s->nroster, err) < 0)
		goto fail;
	store_read_end(st);
	s->start = calloc(s->prog.n ? s->prog.n : 1, sizeof *s->start);
	if (!s->start) {
		ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		stage_release(s);
		return -1;
	}
	for (size_t i = 0; i < s->prog.n; i++) {
		s->start[i] = item_start(&s->ev, s->prog.items[i].minute);
		if (s->start[i] <= now_ms)
			s->current = (int)i;
	}
	return 0;
fail:
	store_read_end(st);
	stage_release(s);
	return -1;
}

void stage_release(struct stage *s)
{
	event_release(&s->ev);
	programme_release(&s->prog);
	delegates_free(s->roster, s->nroster);
	free(s->start);
	memset(s, 0, sizeof *s);
	s->current = -1;
}

const struct delegate *stage_delegate(const struct stage *s, int64_t id)
{
	size_t lo = 0, hi = s->nroster;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->roster[mid].id == id)
			return &s->roster[mid];
		if (s->roster[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

enum stage_when stage_when(const struct stage *s, size_t item)
{
	if (s->current < 0 || item > (size_t)s->current)
		return STAGE_LATER;
	return item == (size_t)s->current ? STAGE_NOW : STAGE_DONE;
}

static const char *item_org(const struct stage *s, const struct prog_item *it)
{
	if (it->organization)
		return it->organization;
	const struct delegate *p = it->presenter ? stage_delegate(s, it->presenter) : NULL;
	return p ? p->organization : NULL;
}

size_t stage_standins(const struct stage *s, size_t item, const struct delegate **out, size_t max)
{
	const struct prog_item *it = &s->prog.items[item];
	const char *org = item_org(s, it);
	size_t n = 0;
	if (!org || !*org)
		return 0;
	char *key = text_fold(org);
	if (!key)
		return 0;
	for (size_t i = 0; i < s->nroster && n < max; i++) {
		const struct delegate *d = &s->roster[i];
		if (d->id == it->presenter || d->arrived_at <= 0 || !d->organization)
			continue;
		char *k = text_fold(d->organization);
		if (k && !strcmp(k, key))
			out[n++] = d;
		free(k);
	}
	free(key);
	return n;
}

int stage_alert(const struct stage *s, size_t item)
{
	const struct prog_item *it = &s->prog.items[item];
	if (!it->presenter && !it->organization)
		return 0;
	enum stage_when w = stage_when(s, item);
	if (w == STAGE_DONE || (w == STAGE_LATER && s->start[item] - s->now > STAGE_ALERT_MS))
		return 0;
	if (it->presenter) {
		const struct delegate *p = stage_delegate(s, it->presenter);
		return !p || p->arrived_at <= 0;
	}
	const struct delegate *any[1];
	return stage_standins(s, item, any, 1) == 0;
}

enum recipient_state stage_recipient(const struct stage *s, const struct prog_recipient *r,
                                     const struct delegate **who)
{
	const struct delegate *d = stage_delegate(s, r->delegate);
	*who = d;
	if (d && d->arrived_at > 0)
		return d->sub_name ? RECIPIENT_SUBSTITUTE : RECIPIENT_PRESENT;
	for (int a = 0; a < r->nalternates; a++) {
		const struct delegate *alt = stage_delegate(s, r->alternates[a]);
		if (alt && alt->arrived_at > 0) {
			*who = alt;
			return RECIPIENT_ALTERNATE;
		}
	}
	return RECIPIENT_ABSENT;
}

static void read_name(const char *name, const char *title, const char *org, char *buf, size_t len)
{
	title = title && *title ? title : NULL;
	org = org && *org ? org : NULL;
	if (title && org) {
		/* "Chủ tịch UBND xã" of "UBND xã Glar, huyện Đak Đoa": read the
		 * shared words once; a title that already says where (ending in
		 * "tỉnh") is read alone. */
		size_t tl = strlen(title);
		for (size_t k = tl; k > 0; k--) {
			if (k < tl && title[tl - k - 1] != ' ')
				continue;
			const char *suffix = title + tl - k;
			if (!strncmp(org, suffix, k) && (org[k] == ' ' || org[k] == ',')) {
				snprintf(buf, len, _("Đồng chí %s, %.*s%s"), name, (int)(tl - k), title, org);
				return;
			}
		}
		static const char tinh[] = " tỉnh";
		if ((tl >= sizeof tinh - 1 && !strcmp(title + tl - (sizeof tinh - 1), tinh)))
			snprintf(buf, len, _("Đồng chí %s, %s"), name, title);
		else
			snprintf(buf, len, _("Đồng chí %s, %s %s"), name, title, org);
	}
	else if (title || org)
		snprintf(buf, len, _("Đồng chí %s, %s"), name, title ? title : org);
	else
		snprintf(buf, len, _("Đồng chí %s"), name);
}

void stage_full_name(const struct delegate *d, char *buf, size_t len)
{
	if (!d) {
		snprintf(buf, len, "%s", _("(không còn trong danh sách)"));
		return;
	}
	if (!d->sub_name) {
		read_name(d->name, d->title, d->organization, buf, len);
		return;
	}
	read_name(d->sub_name, d->sub_title, d->sub_organization, buf, len);
	size_t o = strlen(buf);
	if (o < len)
		snprintf(buf + o, len - o, _(", đi thay đồng chí %s"), d->name);
}

const char *stage_who_name(const struct delegate *d, char *buf, size_t len)
{
	if (!d)
		return "?";
	if (!d->sub_name)
		return d->name;
	snprintf(buf, len, _("%s (đi thay đồng chí %s)"), d->sub_name, d->name);
	return buf;
}

/* ---- JSON ----------------------------------------------------------- */

static json_t *person(const struct delegate *d)
{
	if (!d)
		return json_null();
	json_t *o = attendance_delegate_json(d);
	if (o) {
		json_object_set_new(o, "present", json_boolean(d->arrived_at > 0));
		json_object_set_new(o, "by", d->arrived_at <= 0 ? json_null()
		                                               : json_string(d->sub_name ? "substitute" : "self"));
	}
	return o;
}

static const char *when_name(enum stage_when w)
{
	return w == STAGE_DONE ? "done" : w == STAGE_NOW ? "now" : "later";
}

static const char *state_name(enum recipient_state r)
{
	return r == RECIPIENT_PRESENT      ? "present"
	       : r == RECIPIENT_SUBSTITUTE ? "substitute"
	       : r == RECIPIENT_ALTERNATE  ? "alternate"
	                                   : "absent";
}

static json_t *item_json(const struct stage *s, size_t i)
{
	const struct prog_item *it = &s->prog.items[i];
	char hm[16];
	snprintf(hm, sizeof hm, "%02d:%02d", it->minute / 60, it->minute % 60);
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "id", json_string(it->id));
	json_object_set_new(o, "time", json_string(hm));
	json_object_set_new(o, "start", json_integer(s->start[i]));
	json_object_set_new(o, "kind", json_string(prog_kind_name(it->kind)));
	json_object_set_new(o, "kind_label", json_string(prog_kind_label_vi(it->kind)));
	json_object_set_new(o, "label", it->label ? json_string(it->label) : json_null());
	json_object_set_new(o, "title", json_string(it->title));
	json_object_set_new(o, "when", json_string(when_name(stage_when(s, i))));
	json_object_set_new(o, "alert", json_boolean(stage_alert(s, i)));
	json_object_set_new(o, "presenter", it->presenter ? person(stage_delegate(s, it->presenter)) : json_null());
	const char *org = item_org(s, it);
	json_object_set_new(o, "organization", org ? json_string(org) : json_null());
	const struct delegate *sub[STAGE_MAX_STANDINS];
	size_t ns = it->presenter || it->organization ? stage_standins(s, i, sub, STAGE_MAX_STANDINS) : 0;
	json_t *standins = json_array();
	for (size_t k = 0; k < ns; k++)
		json_array_append_new(standins, person(sub[k]));
	json_object_set_new(o, "standins", standins);
	json_t *batches = json_array();
	for (size_t b = 0; b < it->nbatches; b++) {
		const struct prog_batch *bt = &it->batches[b];
		json_t *rs = json_array();
		for (size_t r = 0; r < bt->n; r++) {
			const struct prog_recipient *rc = &bt->r[r];
			const struct delegate *who;
			enum recipient_state st = stage_recipient(s, rc, &who);
			json_t *alts = json_array();
			for (int a = 0; a < rc->nalternates; a++)
				json_array_append_new(alts, person(stage_delegate(s, rc->alternates[a])));
			json_array_append_new(rs, json_pack("{s:o, s:s, s:o, s:o, s:o}", "collective",
			                                    rc->collective ? json_string(rc->collective) : json_null(),
			                                    "state", state_name(st), "delegate",
			                                    person(stage_delegate(s, rc->delegate)), "receiver",
			                                    st == RECIPIENT_ABSENT ? json_null() : person(who),
			                                    "alternates", alts));
		}
		json_array_append_new(batches, json_pack("{s:s, s:o, s:o}", "id", bt->id, "title",
		                                         bt->title ? json_string(bt->title) : json_null(), "recipients",
		                                         rs));
	}
	json_object_set_new(o, "batches", batches);
	return o;
}

json_t *stage_to_json(const struct stage *s)
{
	char hm[16];
	json_t *root = json_object(), *items = json_array(), *alerts = json_array();
	if (!root || !items || !alerts) {
		json_decref(root);
		json_decref(items);
		json_decref(alerts);
		return NULL;
	}
	clock_local(s->now, "%H:%M:%S", hm, sizeof hm);
	json_object_set_new(root, "now", json_integer(s->now));
	json_object_set_new(root, "now_local", json_string(hm));
	json_object_set_new(root, "event", json_pack("{s:s?, s:s?, s:s?, s:s?}", "title", s->ev.title, "date", s->ev.date,
	                                             "venue", s->ev.venue, "timezone", s->ev.timezone));
	json_object_set_new(root, "current", s->current >= 0 ? json_integer(s->current) : json_null());
	for (size_t i = 0; i < s->prog.n; i++) {
		json_t *it = item_json(s, i);
		if (!it)
			continue;
		if (json_is_true(json_object_get(it, "alert"))) {
			const struct prog_item *pi = &s->prog.items[i];
			json_t *a = json_pack("{s:s, s:s, s:O, s:O, s:s, s:O, s:I, s:O}", "item", pi->id, "kind_label",
			                      prog_kind_label_vi(pi->kind), "time",
			                      json_object_get(it, "time"), "label", json_object_get(it, "label"), "title",
			                      pi->title, "presenter", json_object_get(it, "presenter"), "minutes",
			                      (json_int_t)((s->start[i] - s->now) / 60000), "standins",
			                      json_object_get(it, "standins"));
			json_array_append_new(alerts, a);
		}
		json_array_append_new(items, it);
	}
	json_object_set_new(root, "items", items);
	json_object_set_new(root, "alerts", alerts);
	return root;
}

size_t stage_alert_lines(const struct stage *s, char **lines, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < s->prog.n && n < max; i++) {
		if (!stage_alert(s, i))
			continue;
		const struct prog_item *it = &s->prog.items[i];
		const struct delegate *p = it->presenter ? stage_delegate(s, it->presenter) : NULL;
		const struct delegate *sub[STAGE_MAX_STANDINS];
		size_t ns = stage_standins(s, i, sub, STAGE_MAX_STANDINS);
		char who[400], subs[600] = "", head[80], nb[300];
		if (p)
			snprintf(who, sizeof who, _("%s chưa đến"), stage_who_name(p, nb, sizeof nb));
		else
			snprintf(who, sizeof who, _("chưa ai của %s đến"), it->organization ? it->organization : "?");
		for (size_t k = 0; k < ns; k++) {
			size_t o = strlen(subs);
			snprintf(subs + o, sizeof subs - o, "%s%s (%s)", k ? ", " : "", stage_who_name(sub[k], nb, sizeof nb),
			         sub[k]->seat && *sub[k]->seat ? sub[k]->seat : "?");
		}
		if (it->label)
			snprintf(head, sizeof head, "%02d:%02d %s %s", it->minute / 60, it->minute % 60,
			         prog_kind_label_vi(it->kind), it->label);
		else
			snprintf(head, sizeof head, "%02d:%02d %s", it->minute / 60, it->minute % 60, prog_kind_label_vi(it->kind));
		char *line = NULL;
		int rc = ns ? asprintf(&line, _("%s: %s — có thể thay: %s"), head, who, subs)
		            : asprintf(&line, _("%s: %s — không có ai cùng đơn vị trong hội trường"), head, who);
		if (rc < 0)
			break;
		lines[n++] = line;
	}
	return n;
}
