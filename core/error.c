/* error.c - git-style error messages for core functions (see error.h). */
#include <stdarg.h>
#include <stdio.h>
#include "error.h"

int ck_error(ck_err *err, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}
