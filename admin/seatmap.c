/* seatmap.c - the live seat map's JSON (see seatmap.h).
 *
 * Why apart from attendance.c: the map is the hall's geometry and one
 * entry per seat, which the dashboard needs once, while the picture the
 * hub sends on every change needs only which seats are filled. Both are
 * made here from the same reading of the store, so the page's "plan"
 * tells it when its copy of the map is out of date. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "attendance.h"
#include "checkin/clock.h"
#include "checkin/delegate.h"
#include "checkin/seating.h"
#include "seatmap.h"
#include "checkin/i18n.h"

struct seating_now {
	struct hall h;
	struct delegate *v;
	size_t n;
	long *who;   /* who[seat index]: index into v, or -1 */
	int have;    /* a hall is set up */
};

static void release(struct seating_now *s)
{
	if (s->have)
		hall_release(&s->h);
	delegates_free(s->v, s->n);
	free(s->who);
	memset(s, 0, sizeof *s);
}

static int load(store *st, struct seating_now *s, ck_err *err)
{
	memset(s, 0, sizeof *s);
	if (hall_store_load(st, &s->h, err) < 0)
		return err->kind == CK_NOT_FOUND || err->kind == CK_INVALID ? 0 : -1;
	s->have = 1;
	if (delegate_list(st, NULL, &s->v, &s->n, err) < 0) {
		release(s);
		return -1;
	}
	s->who = malloc(sizeof *s->who * (s->h.nseats ? s->h.nseats : 1));
	if (!s->who) {
		release(s);
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	}
	for (size_t i = 0; i < s->h.nseats; i++)
		s->who[i] = -1;
	for (size_t i = 0; i < s->n; i++) {
		struct hall_seat hs;
		if (s->v[i].seat && hall_seat_parse(&s->h, s->v[i].seat, &hs) == 0) {
			long k = hall_seat_index(&s->h, hs);
			if (s->who[k] < 0)
				s->who[k] = (long)i;
		}
	}
	return 0;
}

/* FNV-1a over the hall and who sits where: changes when the map does. */
static void plan_hash(const struct seating_now *s, char out[17])
{
	uint64_t h = 1469598103934665603ULL;
	char buf[1600];
	for (size_t b = 0; b < s->h.nblocks; b++) {
		const struct hall_block *bl = &s->h.blocks[b];
		snprintf(buf, sizeof buf, "%s|%s|%g|%g|%d|%u|%u;", bl->key, bl->name, bl->x, bl->y, bl->nrows, bl->use,
		         bl->aisle);
		for (const char *p = buf; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
		for (int r = 0; r < bl->nrows; r++)
			h = (h ^ (uint64_t)bl->seats[r]) * 1099511628211ULL;
	}
	snprintf(buf, sizeof buf, "%s|%s|%d|%g|%g;", s->h.name, s->h.stage_name, s->h.stage_seats, s->h.width,
	         s->h.depth);
	for (const char *p = buf; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (size_t i = 0; i < s->h.nseats; i++) {
		const struct delegate *d = s->who[i] >= 0 ? &s->v[s->who[i]] : NULL;
		/* a deputy recorded or cleared (đi thay) changes who the seat shows */
		snprintf(buf, sizeof buf, "%zu:%lld:%s:%s:%s:%u:%s:%s:%s;", i, d ? (long long)d->id : 0LL,
		         d && d->name ? d->name : "", d && d->title ? d->title : "", d && d->organization ? d->organization : "",
		         d ? d->roles : 0, d && d->sub_name ? d->sub_name : "", d && d->sub_title ? d->sub_title : "",
		         d && d->sub_organization ? d->sub_organization : "");
		for (const char *p = buf; *p; p++)
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static char *state_string(const struct seating_now *s)
{
	char *t = malloc(s->h.nseats + 1);
	if (!t)
		return NULL;
	for (size_t i = 0; i < s->h.nseats; i++)
		t[i] = s->who[i] < 0                     ? '-'
		       : !s->v[s->who[i]].arrived_at     ? 'o'
		       : s->v[s->who[i]].sub_name        ? 's' /* filled by a deputy (đi thay) */
		                                         : 'x';
	t[s->h.nseats] = 0;
	return t;
}

static json_t *live(const struct seating_now *s)
{
	char plan[17];
	char *state = state_string(s);
	if (!state)
		return NULL;
	plan_hash(s, plan);
	json_t *o = json_pack("{s:s, s:s}", "plan", plan, "state", state);
	free(state);
	return o;
}

json_t *seatmap_live(store *st, ck_err *err)
{
	struct seating_now s;
	if (load(st, &s, err) < 0)
		return NULL;
	if (!s.have)
		return json_null();
	json_t *o = live(&s);
	release(&s);
	if (!o)
		ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	return o;
}

static json_t *uses(unsigned u)
{
	static const struct { unsigned bit; const char *name; } names[] = {
		{HALL_LEADERS, "leaders"}, {HALL_PRESENTERS, "presenters"}, {HALL_AWARDEES, "awardees"},
		{HALL_PRESS, "press"}, {HALL_GENERAL, "general"},
	};
	json_t *a = json_array();
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (u & names[i].bit)
			json_array_append_new(a, json_string(names[i].name));
	return a;
}

json_t *seatmap_full(store *st, ck_err *err)
{
	struct seating_now s;
	char label[200];
	if (load(st, &s, err) < 0)
		return NULL;
	if (!s.have)
		return json_pack("{s:n}", "hall");
	json_t *o = live(&s), *hall = json_object(), *blocks = json_array(), *seats = json_array();
	if (!o || !hall || !blocks || !seats)
		goto nomem;
	for (size_t b = 0; b < s.h.nblocks; b++) {
		const struct hall_block *bl = &s.h.blocks[b];
		json_t *rows = json_array(), *aisle = json_array();
		for (int r = 0; r < bl->nrows; r++)
			json_array_append_new(rows, json_integer(bl->seats[r]));
		if (bl->aisle & HALL_AISLE_LEFT)
			json_array_append_new(aisle, json_string("left"));
		if (bl->aisle & HALL_AISLE_RIGHT)
			json_array_append_new(aisle, json_string("right"));
		json_array_append_new(blocks, json_pack("{s:s, s:s, s:f, s:f, s:f, s:o, s:o, s:o}", "key", bl->key, "name",
		                                        bl->name, "x", bl->x, "y", bl->y, "width",
		                                        bl->maxseats * s.h.seat_width, "rows", rows, "use", uses(bl->use),
		                                        "aisle", aisle));
	}
	json_object_set_new(hall, "name", json_string(s.h.name));
	json_object_set_new(hall, "width", json_real(s.h.width));
	json_object_set_new(hall, "depth", json_real(s.h.depth));
	json_object_set_new(hall, "seat_width", json_real(s.h.seat_width));
	json_object_set_new(hall, "row_depth", json_real(s.h.row_depth));
	json_object_set_new(hall, "stage", json_pack("{s:s, s:i}", "name", s.h.stage_name, "seats", s.h.stage_seats));
	json_object_set_new(hall, "blocks", blocks);
	blocks = NULL;
	for (size_t i = 0; i < s.h.nseats; i++) {
		struct hall_seat hs = hall_seat_at(&s.h, i);
		double x, y;
		hall_seat_pos(&s.h, hs, &x, &y);
		/* the seats protocol staff watch: the stage and the leaders' front row */
		int front = hs.block < 0 || (hs.row == 1 && (s.h.blocks[hs.block].use & HALL_LEADERS));
		json_t *d = json_null();
		if (s.who[i] >= 0) {
			const struct delegate *dl = &s.v[s.who[i]];
			char roles[64];
			d = json_pack("{s:I, s:s?, s:s?, s:s?, s:s, s:o}", "id", (json_int_t)dl->id, "name", dl->name, "title",
			              dl->title, "organization", dl->organization, "roles",
			              role_format(dl->roles, roles, sizeof roles), "arrived", json_boolean(dl->arrived_at > 0));
			if (d && dl->arrived_at > 0) {
				char hm[16];
				clock_local(dl->arrived_at, "%H:%M", hm, sizeof hm);
				json_object_set_new(d, "time", json_string(hm));
			}
			if (d && dl->sub_name)
				json_object_set_new(d, "substitute", json_pack("{s:s, s:s?, s:s?}", "name", dl->sub_name,
				                                               "title", dl->sub_title, "organization",
				                                               dl->sub_organization));
		}
		json_array_append_new(seats, json_pack("{s:s, s:f, s:f, s:i, s:b, s:b, s:o}", "label",
		                                       hall_label(&s.h, hs, label, sizeof label), "x", x, "y", y, "row",
		                                       hs.row, "stage", hs.block < 0, "front", front, "delegate",
		                                       d ? d : json_null()));
	}
	json_object_set_new(o, "hall", hall);
	json_object_set_new(o, "seats", seats);
	release(&s);
	return o;
nomem:
	json_decref(o);
	json_decref(hall);
	json_decref(blocks);
	json_decref(seats);
	release(&s);
	ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	return NULL;
}
