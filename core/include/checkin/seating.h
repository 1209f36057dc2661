/* seating.h - who sits where: the hall kept in the store, the protocol's
 * order of precedence, 'seats auto' and the hand edits of seats.
 *
 * The rule (README, "Seats"):
 *   precedence  a roster rank (1 first) comes before everyone without one;
 *               without one: presidium, vip, Cấp tỉnh, Cấp huyện, Cấp xã,
 *               others, Báo chí; ties in roster order (id).
 *   groups      presidium (role presidium; when nobody has it, the
 *               best-ranked vips, as many as the stage has free seats) on
 *               the stage, the chair in the middle, number 2 on the chair's
 *               right, number 3 on the left, and so on outward; leaders
 *               (vip) in 'leaders' blocks, front rows first, centre first,
 *               by precedence; presenters in 'presenters' blocks, front rows
 *               first, the seat nearest the aisle first, in speaking
 *               order (the stored programme's, else roster order); awardees in 'awardees'
 *               blocks row by row in calling order (the programme's award
 *               batches, else roster order); press (category
 *               Báo chí) in 'press' blocks; everyone else in 'general'
 *               blocks, block by block (front and centre first) and row by row, grouped by district,
 *               then level, then organisation (commune). A group whose
 *               blocks are full goes on in the general blocks.
 * A seat set by hand (import, add, edit, seats set/swap) is never moved;
 * a seat placed by 'seats auto' stays where it is on the next run. */
#ifndef CHECKIN_SEATING_H
#define CHECKIN_SEATING_H

#include <stddef.h>
#include <stdint.h>
#include "delegate.h"
#include "hall.h"
#include "store.h"

/* Read the hall file at path and keep its text in the store. */
int hall_store_save(store *st, const char *path, ck_err *err);
/* The hall kept in the store into h (caller releases). CK_NOT_FOUND when
 * none was given yet. */
int hall_store_load(store *st, struct hall *h, ck_err *err);

enum seat_group { GROUP_PRESIDIUM, GROUP_LEADER, GROUP_PRESENTER, GROUP_AWARDEE, GROUP_PRESS, GROUP_GENERAL };

/* The delegate's level when no rank is given: 0 presidium ... 6 press. */
int seating_tier(const struct delegate *d);
/* <0 when a goes before b in precedence. */
int seating_precedence_cmp(const struct delegate *a, const struct delegate *b);
/* The group by role and category (presidium only by role). */
enum seat_group seating_group(const struct delegate *d);

struct seating_report {
	size_t kept;        /* delegates whose seat stayed (by hand or placed before) */
	size_t placed;      /* delegates given a seat now */
	int64_t *unplaced;  /* ids without a seat: the hall is full */
	size_t nunplaced;
	char **notes;       /* problems with seats set by hand, in Vietnamese */
	size_t nnotes;
};
void seating_report_free(struct seating_report *r);

/* The plan alone (no store): for v[0..n), assign[i] is the index
 * (hall_seat_index) of a new seat, -1 to leave the delegate as is, -2 to
 * take away a seat 'seats auto' placed that is no longer in the hall and
 * could not be placed again. With reset, every seat 'seats auto' placed is
 * placed again. rep is filled (caller frees with seating_report_free). */
/* The order presenters speak in and award recipients are called in:
 * delegate ids, first first. A delegate named here is seated with the
 * presenters (or the award recipients) unless a presidium member or a
 * leader. From the stored programme (programme.h); empty: roster order. */
struct seating_order {
	int64_t *speakers;
	size_t nspeakers;
	int64_t *called;
	size_t ncalled;
};
/* The order of the programme in st into o (empty when none is stored);
 * free with seating_order_free. */
int seating_order_load(store *st, struct seating_order *o, ck_err *err);
void seating_order_free(struct seating_order *o);

int seating_plan(const struct hall *h, const struct delegate *v, size_t n, int reset, const struct seating_order *ord,
                 long *assign, struct seating_report *rep, ck_err *err);

/* seating_plan on the roster in one transaction, with an audit row
 * ("seat") for each delegate whose seat changed. */
int seats_auto(store *st, const struct hall *h, int reset, struct seating_report *rep, ck_err *err);

/* Set a seat by hand: label must name a free seat of h (CK_INVALID
 * otherwise, CK_STATE when someone sits there). The label is stored as
 * hall_label writes it; canon (>= 128 bytes) gets it. */
int seat_set(store *st, const struct hall *h, int64_t id, const char *label, char *canon, size_t canon_len,
             ck_err *err);
/* Exchange two delegates' seats; both become seats set by hand. */
int seat_swap(store *st, int64_t a, int64_t b, ck_err *err);
/* Take a delegate's seat away (the next 'seats auto' places them). */
int seat_clear(store *st, int64_t id, ck_err *err);

#endif
