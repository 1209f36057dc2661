/* seating.c - seats by protocol (see seating.h for the rule).
 *
 * seating_plan() is a pure function of the hall and the roster, so that
 * the rule can be tested without a store; seats_auto() runs it inside one
 * transaction and writes only the seats that change, each with an audit
 * row. A seat set by hand is data the plan works around, never an input
 * it may change. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "clock.h"
#include "i18n.h"
#include "programme.h"
#include "seating.h"
#include "store_internal.h"
#include "text.h"

#define MAX_HALL_FILE (256u << 10)

/* --- the hall in the store --- */

int hall_store_save(store *st, const char *path, ck_err *err)
{
	struct hall h;
	FILE *f;
	char *buf;
	size_t n;
	sql_stmt *s;

	f = fopen(path, "rb");
	if (!f)
		return ck_fail(err, CK_IO, _("không mở được '%s': %m"), path);
	buf = malloc(MAX_HALL_FILE + 2);
	if (!buf) {
		fclose(f);
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	}
	n = fread(buf, 1, MAX_HALL_FILE + 1, f);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(buf);
		return ck_fail(err, CK_IO, _("không đọc được '%s'"), path);
	}
	buf[n] = 0;
	if (hall_parse(buf, n, path, &h, err) < 0) {
		free(buf);
		return -1;
	}
	hall_release(&h);
	if (strlen(buf) != n) {
		free(buf);
		return ck_fail(err, CK_INVALID, _("'%s' có byte NUL"), path);
	}
	if (store_begin(st, err) < 0)
		goto fail;
	s = store_stmt(st, "INSERT INTO hall(id, source, text, updated_at) VALUES (1, ?1, ?2, ?3)"
	                   " ON CONFLICT (id) DO UPDATE SET source = ?1, text = ?2, updated_at = ?3", err);
	if (!s)
		goto rollback;
	sql_bind_text(s, 1, path);
	sql_bind_text(s, 2, buf);
	sql_bind_int64(s, 3, clock_now_ms());
	if (sql_step(s) != SQL_DONE) {
		store_sqlerr(st, err, _("không lưu được sơ đồ hội trường"));
		goto rollback;
	}
	if (store_audit_tx(st, clock_now_ms(), "hall", 0, NULL, path, err) < 0)
		goto rollback;
	free(buf);
	return store_commit(st, err);
rollback:
	store_rollback(st);
fail:
	free(buf);
	return -1;
}

int hall_store_load(store *st, struct hall *h, ck_err *err)
{
	sql_stmt *s = store_stmt(st, "SELECT source, text FROM hall WHERE id = 1", err);
	memset(h, 0, sizeof *h);
	if (!s)
		return -1;
	int rc = sql_step(s);
	if (rc != SQL_ROW) {
		sql_reset(s);
		if (rc == SQL_DONE)
			return ck_fail(err, CK_NOT_FOUND,
			               _("chưa có sơ đồ hội trường; chạy 'checkin-admin seats auto --hall FILE'"));
		return store_sqlerr(st, err, _("không đọc được sơ đồ hội trường"));
	}
	char *source = sql_text_dup(s, 0), *text = sql_text_dup(s, 1);
	sql_reset(s);
	if (!source || !text) {
		free(source);
		free(text);
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	}
	rc = hall_parse(text, strlen(text), source, h, err);
	free(source);
	free(text);
	return rc;
}

/* --- precedence --- */

static int category_is(const char *category, const char *folded_prefix)
{
	char *f = category ? text_fold(category) : NULL;
	int hit = f && !strncmp(f, folded_prefix, strlen(folded_prefix));
	free(f);
	return hit;
}

static int is_press(const struct delegate *d)
{
	return category_is(d->category, "bao chi") || category_is(d->category, "press");
}

int seating_tier(const struct delegate *d)
{
	if (d->roles & ROLE_PRESIDIUM)
		return 0;
	if (d->roles & ROLE_VIP)
		return 1;
	if (category_is(d->category, "cap tinh"))
		return 2;
	if (category_is(d->category, "cap huyen"))
		return 3;
	if (category_is(d->category, "cap xa"))
		return 4;
	if (is_press(d))
		return 6;
	return 5;
}

static int cmp_i64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

int seating_precedence_cmp(const struct delegate *a, const struct delegate *b)
{
	int ra = a->rank > 0, rb = b->rank > 0;
	if (ra != rb)
		return ra ? -1 : 1;
	if (ra && a->rank != b->rank)
		return a->rank < b->rank ? -1 : 1;
	if (!ra) {
		int ta = seating_tier(a), tb = seating_tier(b);
		if (ta != tb)
			return ta < tb ? -1 : 1;
	}
	return cmp_i64(a->id, b->id);
}

enum seat_group seating_group(const struct delegate *d)
{
	if (d->roles & ROLE_PRESIDIUM)
		return GROUP_PRESIDIUM;
	if (d->roles & ROLE_VIP)
		return GROUP_LEADER;
	if (d->roles & ROLE_PRESENTER)
		return GROUP_PRESENTER;
	if (d->roles & ROLE_AWARDEE)
		return GROUP_AWARDEE;
	if (is_press(d))
		return GROUP_PRESS;
	return GROUP_GENERAL;
}

void seating_report_free(struct seating_report *r)
{
	if (!r)
		return;
	free(r->unplaced);
	for (size_t i = 0; i < r->nnotes; i++)
		free(r->notes[i]);
	free(r->notes);
	memset(r, 0, sizeof *r);
}

static int note(struct seating_report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int note(struct seating_report *r, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	char **v = realloc(r->notes, sizeof *v * (r->nnotes + 1));
	if (!v)
		return -1;
	r->notes = v;
	if (!(v[r->nnotes] = strdup(buf)))
		return -1;
	r->nnotes++;
	return 0;
}

/* --- the programme's order --- */

static int push_id(int64_t **v, size_t *n, int64_t id)
{
	for (size_t i = 0; i < *n; i++)
		if ((*v)[i] == id)
			return 0;
	int64_t *nv = realloc(*v, sizeof *nv * (*n + 1));
	if (!nv)
		return -1;
	*v = nv;
	nv[(*n)++] = id;
	return 0;
}

void seating_order_free(struct seating_order *o)
{
	if (!o)
		return;
	free(o->speakers);
	free(o->called);
	memset(o, 0, sizeof *o);
}

int seating_order_load(store *st, struct seating_order *o, ck_err *err)
{
	struct programme p;
	memset(o, 0, sizeof *o);
	if (programme_load(st, &p, err) < 0)
		return err->kind == CK_NOT_FOUND ? 0 : -1;
	int rc = 0;
	for (size_t i = 0; i < p.n && rc == 0; i++) {
		const struct prog_item *it = &p.items[i];
		if (it->presenter > 0)
			rc = push_id(&o->speakers, &o->nspeakers, it->presenter);
		for (size_t b = 0; b < it->nbatches && rc == 0; b++)
			for (size_t k = 0; k < it->batches[b].n && rc == 0; k++)
				if (it->batches[b].r[k].delegate > 0)
					rc = push_id(&o->called, &o->ncalled, it->batches[b].r[k].delegate);
	}
	programme_release(&p);
	if (rc < 0) {
		seating_order_free(o);
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	}
	return 0;
}

/* Where id is in v[0..n), or n. */
static size_t position(const int64_t *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == id)
			return i;
	return n;
}

/* The group, with the programme's presenters and recipients. */
static enum seat_group group_of(const struct delegate *d, const struct seating_order *o)
{
	enum seat_group g = seating_group(d);
	if (g == GROUP_PRESIDIUM || g == GROUP_LEADER || !o)
		return g;
	if (position(o->speakers, o->nspeakers, d->id) < o->nspeakers)
		return GROUP_PRESENTER;
	if (g != GROUP_PRESENTER && position(o->called, o->ncalled, d->id) < o->ncalled)
		return GROUP_AWARDEE;
	return g;
}

/* --- the plan --- */

/* A seat with what orders it within a group's list. */
struct cand {
	long idx;
	double k1, k2, k3;
};

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->k1 != y->k1)
		return x->k1 < y->k1 ? -1 : 1;
	if (x->k2 != y->k2)
		return x->k2 < y->k2 ? -1 : 1;
	if (x->k3 != y->k3)
		return x->k3 < y->k3 ? -1 : 1;
	return (x->idx > y->idx) - (x->idx < y->idx);
}

/* The seats of blocks with use bit, in the order group takes them. */
static struct cand *group_seats(const struct hall *h, unsigned use, size_t *n)
{
	struct cand *v = malloc(sizeof *v * (h->nseats ? h->nseats : 1));
	size_t len = 0;
	if (!v)
		return NULL;
	for (size_t bi = 0; bi < h->nblocks; bi++) {
		const struct hall_block *b = &h->blocks[bi];
		if (!(b->use & use))
			continue;
		double centre = b->x + b->maxseats * h->seat_width / 2;
		for (int r = 1; r <= b->nrows; r++)
			for (int s = 1; s <= b->seats[r - 1]; s++) {
				struct hall_seat hs = {(int)bi, r, s};
				double x, y;
				struct cand c = {.idx = hall_seat_index(h, hs)};
				hall_seat_pos(h, hs, &x, &y);
				switch (use) {
				case HALL_LEADERS:
					/* front first, then centre out, the right (as they sit) first */
					c.k1 = y;
					c.k2 = x > centre - 1e-9 ? x - centre : centre - x + 1e-3;
					break;
				case HALL_PRESENTERS: {
					/* front first, then the seat nearest an aisle */
					int rowlen = b->seats[r - 1], dl = s - 1, dr = rowlen - s;
					int d = (b->aisle & HALL_AISLE_LEFT) && (b->aisle & HALL_AISLE_RIGHT) ? (dl < dr ? dl : dr)
					        : (b->aisle & HALL_AISLE_LEFT) ? dl : (b->aisle & HALL_AISLE_RIGHT) ? dr : 0;
					c.k1 = y;
					c.k2 = d;
					c.k3 = x;
					break;
				}
				default:
					/* the blocks nearest the stage first, the centre's first; row by row */
					c.k1 = b->y * 1000 + fabs(centre - h->width / 2);
					c.k2 = r;
					c.k3 = s;
					break;
				}
				v[len++] = c;
			}
	}
	qsort(v, len, sizeof *v, cand_cmp);
	*n = len;
	return v;
}

/* Stage seats in the order of the presidium: the chair in the middle,
 * number 2 on the chair's right (the hall's left, lower numbers), 3 on the
 * chair's left, outward. */
static void stage_order(int n, long *out)
{
	int chair = (n + 1) / 2, k = 0;
	out[k++] = chair - 1;
	for (int d = 1; k < n; d++) {
		if (chair - d >= 1)
			out[k++] = chair - d - 1;
		if (k < n && chair + d <= n)
			out[k++] = chair + d - 1;
	}
}

struct plan {
	const struct delegate *v;
	size_t n;
};

static const struct delegate *sort_base;

static int by_precedence(const void *a, const void *b)
{
	return seating_precedence_cmp(&sort_base[*(const size_t *)a], &sort_base[*(const size_t *)b]);
}

static int by_id(const void *a, const void *b)
{
	return cmp_i64(sort_base[*(const size_t *)a].id, sort_base[*(const size_t *)b].id);
}

/* By place in sort_order (speakers or the called), then roster order. */
static const int64_t *sort_order;
static size_t sort_norder;

static int by_programme(const void *a, const void *b)
{
	const struct delegate *x = &sort_base[*(const size_t *)a], *y = &sort_base[*(const size_t *)b];
	size_t px = position(sort_order, sort_norder, x->id), py = position(sort_order, sort_norder, y->id);
	if (px != py)
		return px < py ? -1 : 1;
	return cmp_i64(x->id, y->id);
}

static int strcmp_fold(const char *a, const char *b)
{
	char *fa = text_fold(a ? a : ""), *fb = text_fold(b ? b : "");
	int c = fa && fb ? strcmp(fa, fb) : 0;
	free(fa);
	free(fb);
	return c;
}

/* District, then level, then organisation, then precedence. */
static int by_place(const void *a, const void *b)
{
	const struct delegate *x = &sort_base[*(const size_t *)a], *y = &sort_base[*(const size_t *)b];
	int hx = x->district && *x->district, hy = y->district && *y->district, c;
	if (hx != hy)
		return hx ? 1 : -1; /* the province's people before the districts' */
	if ((c = strcmp_fold(x->district, y->district)))
		return c;
	int tx = seating_tier(x), ty = seating_tier(y);
	if (tx != ty)
		return tx < ty ? -1 : 1;
	if ((c = strcmp_fold(x->organization, y->organization)))
		return c;
	return seating_precedence_cmp(x, y);
}

/* The first free seat of list, or -1. */
static long take(const struct cand *list, size_t n, size_t *from, long *occupant, size_t who)
{
	for (; *from < n; (*from)++)
		if (occupant[list[*from].idx] < 0) {
			occupant[list[*from].idx] = (long)who;
			return list[(*from)++].idx;
		}
	return -1;
}

int seating_plan(const struct hall *h, const struct delegate *v, size_t n, int reset, const struct seating_order *ord,
                 long *assign, struct seating_report *rep, ck_err *err)
{
	long *occupant = malloc(sizeof *occupant * (h->nseats ? h->nseats : 1));
	size_t *todo = malloc(sizeof *todo * (n ? n : 1)), ntodo = 0;
	struct cand *lists[5] = {0};
	size_t nlist[5] = {0}, from[5] = {0};
	static const unsigned uses[5] = {HALL_LEADERS, HALL_PRESENTERS, HALL_AWARDEES, HALL_PRESS, HALL_GENERAL};
	char label[200];
	int rc = -1, any_presidium = 0;

	memset(rep, 0, sizeof *rep);
	if (!occupant || !todo)
		goto nomem;
	for (size_t i = 0; i < h->nseats; i++)
		occupant[i] = -1;
	/* seats set by hand first: they are fixed */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < n; i++) {
			const struct delegate *d = &v[i];
			struct hall_seat s;
			int has = d->seat && *d->seat;
			if (pass == 0)
				assign[i] = -1;
			if (d->roles & ROLE_PRESIDIUM)
				any_presidium = 1;
			if (!has || (pass == 0) != !d->seat_auto)
				continue;
			long idx = hall_seat_parse(h, d->seat, &s) == 0 ? hall_seat_index(h, s) : -1;
			if (!d->seat_auto) {
				rep->kept++;
				if (idx < 0) {
					if (note(rep, _("đại biểu %lld (%s): ghế '%s' đặt tay không có trong sơ đồ"), (long long)d->id,
					         d->name, d->seat) < 0)
						goto nomem;
				} else if (occupant[idx] >= 0) {
					if (note(rep, _("đại biểu %lld (%s) và %lld (%s) cùng được đặt tay vào ghế '%s'"),
					         (long long)v[occupant[idx]].id, v[occupant[idx]].name, (long long)d->id, d->name,
					         d->seat) < 0)
						goto nomem;
				} else {
					occupant[idx] = (long)i;
				}
				continue;
			}
			/* a seat placed before stays, unless asked again, gone, or taken by hand */
			if (!reset && idx >= 0 && occupant[idx] < 0) {
				occupant[idx] = (long)i;
				rep->kept++;
				continue;
			}
			assign[i] = -2;
			todo[ntodo++] = i;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (!(v[i].seat && *v[i].seat))
			todo[ntodo++] = i;
	sort_base = v;
	qsort(todo, ntodo, sizeof *todo, by_precedence);

	for (int g = 0; g < 5; g++)
		if (!(lists[g] = group_seats(h, uses[g], &nlist[g])))
			goto nomem;

	/* the presidium: by role, or the best-ranked vips for the free stage seats */
	long stage[64];
	int nstage = h->stage_seats < 64 ? h->stage_seats : 64, si = 0;
	stage_order(nstage, stage);
	char *grouped = calloc(ntodo ? ntodo : 1, 1);
	if (!grouped)
		goto nomem;
	int freestage = 0;
	for (int k = 0; k < nstage; k++)
		freestage += occupant[stage[k]] < 0;
	for (size_t t = 0; t < ntodo; t++) {
		const struct delegate *d = &v[todo[t]];
		int pres = any_presidium ? (d->roles & ROLE_PRESIDIUM) != 0 : (d->roles & ROLE_VIP) && freestage > 0;
		if (!pres)
			continue;
		while (si < nstage && occupant[stage[si]] >= 0)
			si++;
		if (si == nstage)
			break; /* the rest of the presidium sits with the leaders */
		occupant[stage[si]] = (long)todo[t];
		assign[todo[t]] = stage[si];
		grouped[t] = 1;
		freestage--;
	}
	/* the groups in the hall, each in its own order */
	for (int g = GROUP_LEADER; g <= GROUP_GENERAL; g++) {
		size_t *mine = malloc(sizeof *mine * (ntodo ? ntodo : 1)), nm = 0;
		if (!mine) {
			free(grouped);
			goto nomem;
		}
		for (size_t t = 0; t < ntodo; t++) {
			enum seat_group sg = group_of(&v[todo[t]], ord);
			if (sg == GROUP_PRESIDIUM)
				sg = GROUP_LEADER;
			if (!grouped[t] && (int)sg == g)
				mine[nm++] = todo[t];
		}
		if ((g == GROUP_PRESENTER || g == GROUP_AWARDEE) && ord) {
			/* speaking or calling order, as the programme has it */
			sort_order = g == GROUP_PRESENTER ? ord->speakers : ord->called;
			sort_norder = g == GROUP_PRESENTER ? ord->nspeakers : ord->ncalled;
			qsort(mine, nm, sizeof *mine, by_programme);
		} else if (g == GROUP_PRESENTER || g == GROUP_AWARDEE || g == GROUP_PRESS) {
			qsort(mine, nm, sizeof *mine, by_id);
		}
		else if (g == GROUP_GENERAL)
			qsort(mine, nm, sizeof *mine, by_place);
		int li = g - GROUP_LEADER;
		for (size_t k = 0; k < nm; k++) {
			long idx = take(lists[li], nlist[li], &from[li], occupant, mine[k]);
			if (idx < 0 && li != 4)
				idx = take(lists[4], nlist[4], &from[4], occupant, mine[k]);
			if (idx >= 0) {
				assign[mine[k]] = idx;
				continue;
			}
			int64_t *nu = realloc(rep->unplaced, sizeof *nu * (rep->nunplaced + 1));
			if (!nu) {
				free(mine);
				free(grouped);
				goto nomem;
			}
			rep->unplaced = nu;
			rep->unplaced[rep->nunplaced++] = v[mine[k]].id;
		}
		free(mine);
	}
	free(grouped);
	for (size_t i = 0; i < n; i++)
		if (assign[i] >= 0) {
			/* a seat placed again where it was is no change */
			if (v[i].seat && v[i].seat_auto &&
			    !strcmp(v[i].seat, hall_label(h, hall_seat_at(h, (size_t)assign[i]), label, sizeof label))) {
				assign[i] = -1;
				rep->kept++;
			} else {
				rep->placed++;
			}
		}
	rc = 0;
	goto out;
nomem:
	ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	seating_report_free(rep);
out:
	for (int g = 0; g < 5; g++)
		free(lists[g]);
	free(occupant);
	free(todo);
	return rc;
}

/* --- in the store --- */

static int write_seat_tx(store *st, int64_t id, const char *seat, int automatic, const char *old, int64_t now,
                         ck_err *err)
{
	char detail[400];
	sql_stmt *s = store_stmt(st, "UPDATE delegate SET seat = ?1, seat_auto = ?2, updated_at = ?3"
	                             " WHERE id = ?4 AND removed_at IS NULL", err);
	if (!s)
		return -1;
	sql_bind_text(s, 1, seat);
	sql_bind_int64(s, 2, automatic);
	sql_bind_int64(s, 3, now);
	sql_bind_int64(s, 4, id);
	if (sql_step(s) != SQL_DONE)
		return store_sqlerr(st, err, _("không lưu được chỗ ngồi"));
	if (sql_changes(s) == 0)
		return ck_fail(err, CK_NOT_FOUND, _("không có đại biểu mã %lld"), (long long)id);
	snprintf(detail, sizeof detail, "%s -> %s%s", old && *old ? old : "-", seat ? seat : "-",
	         automatic ? " (auto)" : "");
	return store_audit_tx(st, now, "seat", id, NULL, detail, err);
}

static int auto_tx(store *st, const struct hall *h, int reset, struct seating_report *rep, ck_err *err)
{
	struct delegate *v = NULL;
	size_t n = 0;
	long *assign = NULL;
	char label[200];
	int64_t now = clock_now_ms();
	int rc = -1;

	if (delegate_list(st, NULL, &v, &n, err) < 0)
		return -1;
	struct seating_order ord = {0};
	assign = malloc(sizeof *assign * (n ? n : 1));
	if (!assign) {
		ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		goto out;
	}
	if (seating_order_load(st, &ord, err) < 0)
		goto out;
	rc = seating_plan(h, v, n, reset, &ord, assign, rep, err);
	seating_order_free(&ord);
	if (rc < 0)
		goto out;
	rc = -1;
	for (size_t i = 0; i < n; i++) {
		if (assign[i] == -1)
			continue;
		const char *seat = assign[i] >= 0 ? hall_label(h, hall_seat_at(h, (size_t)assign[i]), label, sizeof label) : NULL;
		if (write_seat_tx(st, v[i].id, seat, seat != NULL, v[i].seat, now, err) < 0)
			goto out;
	}
	rc = 0;
out:
	if (rc < 0)
		seating_report_free(rep);
	free(assign);
	delegates_free(v, n);
	return rc;
}

int seats_auto(store *st, const struct hall *h, int reset, struct seating_report *rep, ck_err *err)
{
	memset(rep, 0, sizeof *rep);
	if (store_begin(st, err) < 0)
		return -1;
	if (auto_tx(st, h, reset, rep, err) < 0) {
		store_rollback(st);
		return -1;
	}
	if (store_commit(st, err) < 0) {
		seating_report_free(rep);
		return -1;
	}
	return 0;
}

/* Who other than id sits in seat s, however the label was typed; 0 when nobody. */
static int occupant_of(store *st, const struct hall *h, struct hall_seat want, int64_t id, int64_t *who, ck_err *err)
{
	struct delegate *v = NULL;
	size_t n = 0;
	long idx = hall_seat_index(h, want);
	*who = 0;
	if (delegate_list(st, NULL, &v, &n, err) < 0)
		return -1;
	for (size_t i = 0; i < n && !*who; i++) {
		struct hall_seat s;
		if (v[i].id != id && v[i].seat && hall_seat_parse(h, v[i].seat, &s) == 0 && hall_seat_index(h, s) == idx)
			*who = v[i].id;
	}
	delegates_free(v, n);
	return 0;
}

static int set_tx(store *st, const struct hall *h, struct hall_seat want, int64_t id, const char *canon, ck_err *err)
{
	struct delegate d;
	int64_t who;
	if (store_lock_delegate(st, id, err) < 0 || delegate_get(st, id, &d, err) < 0)
		return -1;
	if (occupant_of(st, h, want, id, &who, err) < 0) {
		delegate_release(&d);
		return -1;
	}
	if (who) {
		delegate_release(&d);
		return ck_fail(err, CK_STATE, _("ghế '%s' đã có đại biểu %lld ngồi (dùng 'seats swap' hoặc 'seats clear')"),
		               canon, (long long)who);
	}
	int rc = write_seat_tx(st, id, canon, 0, d.seat, clock_now_ms(), err);
	delegate_release(&d);
	return rc;
}

int seat_set(store *st, const struct hall *h, int64_t id, const char *label, char *canon, size_t canon_len,
             ck_err *err)
{
	struct hall_seat s;
	if (hall_seat_parse(h, label, &s) < 0)
		return ck_fail(err, CK_INVALID, _("'%s' không phải ghế nào trong sơ đồ (ví dụ: '%s')"), label,
		               hall_label(h, hall_seat_at(h, (size_t)h->stage_seats), canon, canon_len));
	hall_label(h, s, canon, canon_len);
	if (store_begin(st, err) < 0)
		return -1;
	if (set_tx(st, h, s, id, canon, err) < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

static int swap_tx(store *st, int64_t a, int64_t b, ck_err *err)
{
	struct delegate da, db;
	int64_t now = clock_now_ms();
	int rc = -1;
	if (a == b)
		return ck_fail(err, CK_INVALID, _("cần hai đại biểu khác nhau"));
	if (store_lock_delegate(st, a < b ? a : b, err) < 0 || store_lock_delegate(st, a < b ? b : a, err) < 0)
		return -1;
	if (delegate_get(st, a, &da, err) < 0)
		return -1;
	if (delegate_get(st, b, &db, err) < 0) {
		delegate_release(&da);
		return -1;
	}
	if (write_seat_tx(st, a, db.seat, 0, da.seat, now, err) == 0 &&
	    write_seat_tx(st, b, da.seat, 0, db.seat, now, err) == 0)
		rc = 0;
	delegate_release(&da);
	delegate_release(&db);
	return rc;
}

int seat_swap(store *st, int64_t a, int64_t b, ck_err *err)
{
	if (store_begin(st, err) < 0)
		return -1;
	if (swap_tx(st, a, b, err) < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}

static int clear_tx(store *st, int64_t id, ck_err *err)
{
	struct delegate d;
	if (store_lock_delegate(st, id, err) < 0 || delegate_get(st, id, &d, err) < 0)
		return -1;
	int rc = write_seat_tx(st, id, NULL, 0, d.seat, clock_now_ms(), err);
	delegate_release(&d);
	return rc;
}

int seat_clear(store *st, int64_t id, ck_err *err)
{
	if (store_begin(st, err) < 0)
		return -1;
	if (clear_tx(st, id, err) < 0) {
		store_rollback(st);
		return -1;
	}
	return store_commit(st, err);
}
