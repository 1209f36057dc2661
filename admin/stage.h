/* stage.h - the programme on stage: each item with its people and
 * whether they are in the hall.
 *
 * `programme show`, `programme script`, the MC's page (/mc, /api/programme)
 * and `watch` all answer the same questions: which item is on now, is the
 * presenter in the hall and where do they sit, who of their organisation
 * could stand in, and for each award batch who will come up (the
 * recipient, or the deputy sent in their place, else an alternate who is
 * present) and who will not. A delegate with a substitute (sub_name) who
 * has "arrived" is the deputy in the hall: everything here names the
 * deputy, marked as coming in the delegate's place. They
 * answer them here, from one reading of the store.
 *
 * struct stage owns everything in it; stage_release() frees it. The
 * delegate pointers it hands out point into its roster and live as long
 * as it does. */
#ifndef CHECKIN_ADMIN_STAGE_H
#define CHECKIN_ADMIN_STAGE_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>
#include "checkin/delegate.h"
#include "checkin/event.h"
#include "checkin/programme.h"

#define STAGE_ALERT_MS (15 * 60 * 1000) /* a presenter due this soon and not here: an alert */
#define STAGE_MAX_STANDINS 8

enum stage_when { STAGE_DONE, STAGE_NOW, STAGE_LATER };
/* PRESENT: the recipient in person; SUBSTITUTE: their deputy (đi thay,
 * substitute.h), who came with the recipient's invitation; ALTERNATE: an
 * alternate of a collective; ABSENT: nobody to come up. */
enum recipient_state { RECIPIENT_PRESENT, RECIPIENT_SUBSTITUTE, RECIPIENT_ALTERNATE, RECIPIENT_ABSENT };

struct stage {
	int64_t now;                 /* UTC ms the picture is for */
	struct event ev;
	struct programme prog;
	int64_t *start;              /* each item's start, UTC ms (the event's date and zone) */
	struct delegate *roster;     /* every delegate on the roster, by id */
	size_t nroster;
	int current;                 /* index of the item on now, -1 before the first */
};

/* The time the stage is shown for: now, unless $CHECKIN_TEST_NOW holds
 * UTC milliseconds (tests: a fake clock for `programme show`, `script`,
 * `watch` and /api/programme, which then also honours ?now=). */
int64_t stage_clock(void);
/* Whether $CHECKIN_TEST_NOW is set: the clock may be set by a request. */
int stage_clock_fake(void);

/* Read the event, the programme and the roster at now_ms. Fails with
 * CK_NOT_FOUND when no programme was loaded. */
int stage_load(store *st, int64_t now_ms, struct stage *s, ck_err *err);
void stage_release(struct stage *s);

/* The delegate with id, NULL when not on the roster (removed since). */
const struct delegate *stage_delegate(const struct stage *s, int64_t id);
enum stage_when stage_when(const struct stage *s, size_t item);
/* Present delegates of the item's organisation (its 'organization', else
 * the presenter's) other than the presenter, into out[0..max); returns
 * how many (at most max). */
size_t stage_standins(const struct stage *s, size_t item, const struct delegate **out, size_t max);
/* The item's presenter is expected within STAGE_ALERT_MS (or the item is
 * on now) and has not arrived. An item with only an organisation alerts
 * when nobody of it is in the hall. */
int stage_alert(const struct stage *s, size_t item);
/* Who comes up for r: the recipient when present (SUBSTITUTE when the
 * one who checked in with their invitation is their deputy), else the
 * first present alternate (*who), else nobody (*who is the recipient,
 * absent). */
enum recipient_state stage_recipient(const struct stage *s, const struct prog_recipient *r,
                                     const struct delegate **who);
/* "Đồng chí Nguyễn Văn A, Giám đốc Sở X": how the MC reads a person; for
 * a delegate with a substitute, the deputy: "Đồng chí B, Phó Giám đốc Sở
 * X, đi thay đồng chí Nguyễn Văn A". */
void stage_full_name(const struct delegate *d, char *buf, size_t len);
/* The name of who comes for d: the deputy's when d has a substitute
 * ("Trần Văn B (đi thay đồng chí Nguyễn Văn A)" into buf), else d's name. */
const char *stage_who_name(const struct delegate *d, char *buf, size_t len);

/* /api/programme: {"now","now_local","event":{title,date,venue},"current",
 *  "items":[{id,time,start,kind,kind_label,label,title,when,alert,
 *            presenter:<delegate>|null,organization,standins:[<delegate>],
 *            batches:[{id,title,recipients:[{collective,state,delegate,
 *                      receiver,alternates:[<delegate>]}]}]}],
 * state is "present", "substitute" (the deputy came: receiver is the
 * delegate, whose "substitute" names the deputy), "alternate" or "absent";
 *  "alerts":[{item,time,label,title,presenter,minutes,standins:[...]}]}
 * where <delegate> is the public delegate (json.h, with "substitute")
 * with "present" and "by": "self", "substitute" (their deputy checked in
 * with their invitation) or null when absent.
 * New reference, NULL when out of memory. */
json_t *stage_to_json(const struct stage *s);

/* One line per alert, in Vietnamese, for `watch` and `programme show`:
 * "08:15 Tham luận a: Nguyễn Hữu Thuận chưa đến — có thể thay: ...".
 * Returns how many were written into lines[0..max) (each malloc'd, the
 * caller frees). */
size_t stage_alert_lines(const struct stage *s, char **lines, size_t max);

#endif
