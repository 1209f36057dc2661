/* error.h - how core reports failure.
 *
 * Core functions return 0 on success and -1 on failure, after writing a
 * git-style message ("cannot open 'x.csv': No such file") into a caller-owned
 * struct ck_err. Only main() and command functions decide to exit. */
#ifndef CHECKIN_ERROR_H
#define CHECKIN_ERROR_H

#define CK_ERRLEN 512

typedef struct ck_err {
	char msg[CK_ERRLEN];
} ck_err;

/* Format a message into err (which may be NULL) and return -1. */
int ck_error(ck_err *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
