/* error.h - how core reports failure.
 *
 * Core functions return 0 on success and -1 on failure, after writing into
 * a caller-owned struct ck_err what kind of failure it was and a git-style
 * message for people ("cannot open 'x.csv': No such file"). Callers decide
 * on the kind, never on the text: a station retries a busy or failing
 * store and reports the rest. Only main() and command functions exit. */
#ifndef CHECKIN_ERROR_H
#define CHECKIN_ERROR_H

#define CK_ERRLEN 512

enum ck_kind {
	CK_NONE,      /* no error (a zeroed ck_err) */
	CK_INVALID,   /* bad input: a file, a row, a field, an argument */
	CK_NOT_FOUND, /* no such delegate, event, code or file */
	CK_STATE,     /* not possible now: not checked in, already arrived, tag fixed */
	CK_BUSY,      /* another process holds the store: try again shortly */
	CK_IO,        /* the disk or the system failed (full, read-only, I/O): may pass */
	CK_NOMEM,     /* out of memory */
	CK_CORRUPT,   /* the store is damaged, or not a checkin store */
	CK_INTERNAL   /* a library failed in a way it should not: a bug */
};

typedef struct ck_err {
	enum ck_kind kind;
	char msg[CK_ERRLEN];
} ck_err;

/* Record a failure of kind in err (which may be NULL) and return -1. */
int ck_fail(ck_err *err, enum ck_kind kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Nonzero for failures that may pass by themselves (busy, I/O, memory):
 * the ones worth retrying. */
int ck_transient(const ck_err *err);

/* "busy", "io", ... for logs. */
const char *ck_kind_name(enum ck_kind kind);

#endif
