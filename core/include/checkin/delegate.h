/* delegate.h - delegates and their codes.
 *
 * struct delegate owns its strings; delegate_release() frees them and
 * delegates_free() frees an array returned by delegate_list(). */
#ifndef CHECKIN_DELEGATE_H
#define CHECKIN_DELEGATE_H

#include <stddef.h>
#include <stdint.h>
#include "store.h"

enum role { ROLE_VIP = 1, ROLE_PRESENTER = 2, ROLE_AWARDEE = 4, ROLE_PRESIDIUM = 8 };
enum checkin_method { METHOD_CAMERA, METHOD_SCANNER, METHOD_MANUAL };

struct delegate {
	int64_t id;
	char *name, *title, *organization, *category, *district, *seat, *phone, *email;
	unsigned roles;       /* enum role bits */
	char *code;           /* current payload, NULL if none */
	int64_t arrived_at;   /* UTC ms of the live check-in; 0 when absent */
	char *station;        /* where they checked in, NULL when absent */
	int method;           /* enum checkin_method, -1 when absent */
	char *flag;           /* the live check-in's flag: "revoked-offline", or NULL */
	int64_t printed_at;   /* UTC ms the current code was last printed; 0 never */
	/* the deputy who comes in this delegate's place (substitute.h), or
	 * sub_name NULL when none; owned like the other strings */
	char *sub_name, *sub_title, *sub_organization, *sub_station;
	int64_t sub_at;       /* UTC ms the substitute was recorded; 0 when none */
	int rank;             /* protocol rank from the roster (1 first); 0 when not given */
	int seat_auto;        /* the seat was placed by 'seats auto' (1) or set by hand (0) */
};

void delegate_release(struct delegate *d);
void delegates_free(struct delegate *v, size_t n);

/* Roles as "vip|presenter" into buf (>= 32 bytes); "" for none. */
const char *role_format(unsigned roles, char *buf, size_t len);
/* Parse "vip, presenter|khen thưởng" (English or Vietnamese, any case or
 * diacritics; presidium is "đoàn chủ tịch" or "chủ tọa"). Returns -1 and
 * names the bad word in err. */
int role_parse(const char *text, unsigned *roles, ck_err *err);
/* Vietnamese label of one role: "Lãnh đạo", "Tham luận", "Khen thưởng". */
const char *role_label_vi(enum role r);
/* All of roles in Vietnamese, "Lãnh đạo, Tham luận", into buf; "" for none. */
const char *role_format_vi(unsigned roles, char *buf, size_t len);
const char *method_name(enum checkin_method m); /* "camera", "scanner", "manual" */

enum presence { PRESENCE_ANY, PRESENCE_PRESENT, PRESENCE_ABSENT };
enum delegate_order { ORDER_ID, ORDER_CATEGORY_NAME, ORDER_ARRIVAL_DESC };

struct delegate_filter {
	enum presence presence;
	const char *category;   /* exact match, NULL for all */
	unsigned roles;         /* any of these bits; 0 for all */
	int64_t id;             /* 0 for all */
	const char *name;       /* diacritic-insensitive substring of the name; NULL for all */
	int not_printed;        /* only those whose current code was never printed */
	int64_t arrived_since;  /* only arrivals at or after this UTC ms; 0 for all */
	enum delegate_order order;
	size_t limit;           /* 0 for no limit */
};

/* The rules every delegate's fields follow, whether imported or typed: a
 * name; no control characters (ESC, BEL, DEL, ...) in any text, but line
 * breaks in a title or an organisation; a phone of
 * digits, spaces and + - . ( ); an e-mail with an '@' and no space. On
 * failure (CK_INVALID) *field names the field ("phone") and err says why
 * without naming it ("bad phone number 'x'"). */
int delegate_validate(const struct delegate *d, const char **field, ck_err *err);

/* Matching delegates into *out (caller frees with delegates_free). */
int delegate_list(store *st, const struct delegate_filter *f, struct delegate **out, size_t *n, ck_err *err);
/* One delegate by id; fails with "no delegate with id N". */
int delegate_get(store *st, int64_t id, struct delegate *out, ck_err *err);

/* Insert d (name required; d->id 0 = next free id) and issue its first
 * code. On success d->id and d->code are set. */
int delegate_add(store *st, struct delegate *d, ck_err *err);
/* Overwrite the roster fields of delegate d->id; never touches codes. A
 * seat that changes is a seat set by hand (seat_auto 0); no seat leaves a
 * seat placed by 'seats auto' where it is (a roster without seats). */
int delegate_update(store *st, const struct delegate *d, ck_err *err);
/* Remove a delegate who has not checked in (their codes become revoked). */
int delegate_remove(store *st, int64_t id, ck_err *err);

/* Revoke the current code and issue a new one into code_out. */
int delegate_reissue(store *st, int64_t id, char code_out[CODE_LEN + 1], ck_err *err);
/* Revoke the current code without a replacement. */
int delegate_revoke(store *st, int64_t id, ck_err *err);
/* Note that the codes v[i].code (as they were when printed) were printed
 * now. A code reissued since then is not touched. */
int delegate_mark_printed(store *st, const struct delegate *v, size_t n, ck_err *err);

#endif
