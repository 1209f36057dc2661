/* error.c - typed, git-style error messages for core functions (see error.h). */
#include <stdarg.h>
#include <stdio.h>
#include "error.h"

int ck_fail(ck_err *err, enum ck_kind kind, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		err->kind = kind;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	return -1;
}

int ck_transient(const ck_err *err)
{
	return err && (err->kind == CK_BUSY || err->kind == CK_IO || err->kind == CK_NOMEM);
}

const char *ck_kind_name(enum ck_kind kind)
{
	switch (kind) {
	case CK_NONE: return "none";
	case CK_INVALID: return "invalid";
	case CK_NOT_FOUND: return "not-found";
	case CK_STATE: return "state";
	case CK_BUSY: return "busy";
	case CK_IO: return "io";
	case CK_NOMEM: return "nomem";
	case CK_CORRUPT: return "corrupt";
	case CK_INTERNAL: return "internal";
	}
	return "?";
}
