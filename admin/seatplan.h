/* seatplan.h - the seating chart for the ushers ('seats plan'): the hall
 * to scale on A3 landscape, stage at the top, blocks and rows labelled,
 * each seat with its delegate's short name, then an index of names to
 * seats. cairo + pango with the invitations' fonts (fonts.h).
 *
 * Nothing here keeps memory: the caller owns the hall, the delegates and
 * the FILE. */
#ifndef CHECKIN_ADMIN_SEATPLAN_H
#define CHECKIN_ADMIN_SEATPLAN_H

#include <stddef.h>
#include <stdio.h>
#include "checkin/delegate.h"
#include "checkin/event.h"
#include "checkin/hall.h"

/* "Nguyễn Công Tiến" -> "N.C. Tiến": the initials of the family and middle
 * names, then the given name. */
const char *seat_short_name(const char *name, char *buf, size_t len);

/* The chart and its index as one PDF on fp; fonts from assets_dir. */
int seatplan_write_pdf(const struct hall *h, const struct event *ev, const struct delegate *v, size_t n,
                       const char *assets_dir, FILE *fp, ck_err *err);

#endif
