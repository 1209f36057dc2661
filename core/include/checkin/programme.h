/* programme.h - the conference's programme (agenda) and award list.
 *
 * The secretariat writes it as an INI file (data/programme.ini): one
 * section per agenda item, in order, and one section per award batch
 * (đợt) right after the awards item it belongs to:
 *
 *   [tham-luan-a]                 ; an item: its id, [A-Za-z0-9_-]
 *   time = 08:25                  ; HH:MM local, never earlier than the item above
 *   kind = presentation           ; speech report presentation film awards break
 *   title = Kết quả ... OCOP ...
 *   label = a                     ; optional: the plan's letter
 *   presenter = 13                ; a delegate id, and/or
 *   organization = Sở Nông nghiệp và Phát triển nông thôn   ; who may stand in
 *
 *   [khen-thuong/tap-the]         ; a batch of the awards item khen-thuong
 *   title = Đợt 1: ...
 *   individual = 213              ; one recipient a line, in calling order
 *   collective = Hợp tác xã X | 203 | 130 131   ; name | receiver | alternates
 *
 * A presentation needs a presenter or an organization. The file is stored
 * whole (programme_store) and read back with the same parser, so the
 * store and the file never disagree on its meaning.
 *
 * struct programme owns everything in it; programme_release() frees it. */
#ifndef CHECKIN_PROGRAMME_H
#define CHECKIN_PROGRAMME_H

#include <stddef.h>
#include <stdint.h>
#include "error.h"
#include "store.h"

#define PROG_MAX_ALTERNATES 8

enum prog_kind { PROG_SPEECH, PROG_REPORT, PROG_PRESENTATION, PROG_FILM, PROG_AWARDS, PROG_BREAK };

struct prog_recipient {
	char *collective;          /* the collective's name; NULL for an individual */
	int64_t delegate;          /* the individual, or who receives for the collective */
	int64_t alternates[PROG_MAX_ALTERNATES];
	int nalternates;
	int line;
};

struct prog_batch {
	char *id;                  /* the part after '/' in [item/batch] */
	char *title;               /* NULL when none given */
	struct prog_recipient *r;
	size_t n;
	int line;
};

struct prog_item {
	char *id;
	int minute;                /* start, minutes after local midnight */
	enum prog_kind kind;
	char *title;
	char *label;               /* NULL when none */
	int64_t presenter;         /* 0 when none */
	int presenter_line;
	char *organization;        /* NULL when none */
	struct prog_batch *batches;
	size_t nbatches;
	int line;
};

struct programme {
	struct prog_item *items;
	size_t n;
};

/* Parse len bytes of text (name is the file name for messages) into p.
 * Errors are "NAME:LINE: why" (CK_INVALID). p is empty on failure. */
int programme_parse(const char *name, const char *text, size_t len, struct programme *p, ck_err *err);
/* Read and parse the file at path. */
int programme_read_file(const char *path, struct programme *p, char **text, size_t *len, ck_err *err);
void programme_release(struct programme *p);

/* "presentation" etc.; and the Vietnamese word people read ("Tham luận"). */
const char *prog_kind_name(enum prog_kind k);
const char *prog_kind_label_vi(enum prog_kind k);

/* Every delegate id the programme names, each with the line that names
 * it, for checking against the roster. Calls fn until it returns < 0. */
int programme_each_delegate(const struct programme *p, int (*fn)(void *arg, int64_t id, int line), void *arg);

/* Store text (already parsed: name for messages) as the event's programme,
 * replacing the one before, after checking in the same transaction that
 * every delegate it names is on the roster ("NAME:LINE: no delegate with
 * id N"). All or nothing; audited. */
int programme_store(store *st, const char *name, const char *text, size_t len, ck_err *err);
/* The stored programme, parsed; CK_NOT_FOUND when none was loaded. */
int programme_load(store *st, struct programme *p, ck_err *err);

#endif
