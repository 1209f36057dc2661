/* roster.h - importing the delegate list from CSV as Excel writes it.
 *
 * libcsv does the quoting; this file handles what Excel adds around it:
 * a UTF-8 BOM, ';' or ',' (detected from the header line), CRLF, English or
 * Vietnamese headers matched without case or diacritics, and NFC. The whole
 * file is checked before anything is written; the import is one
 * transaction. */
#ifndef CHECKIN_ROSTER_H
#define CHECKIN_ROSTER_H

#include <stddef.h>
#include "delegate.h"

struct roster_problem {
	size_t line;     /* 1-based physical line where the row starts */
	char *message;   /* "row has no name", "unknown role 'vip2' in column 'roles'" */
};

struct roster_row {
	size_t line;
	struct delegate d;  /* d.id is 0 when the file has no id column or it is empty */
	unsigned twin;      /* without an id: how many earlier rows have the same name and organisation */
	/* text_fold of name, organization ("" when none) and category ("" when
	 * none): the store's keys, folded once per row; owned by the row */
	char *name_key, *org_key, *category_key;
};

struct roster {
	struct roster_row *rows; size_t nrows;          /* the good rows */
	struct roster_problem *problems; size_t nproblems;
	struct roster_problem *warnings; size_t nwarnings; /* imported anyway, e.g. a same-name pair */
};

/* Parse data[0..len) into r (caller frees with roster_release). Bad rows
 * become problems; returns -1 only when the file as a whole is unusable
 * (no header, no name column), with the reason in err. */
int roster_parse(const char *data, size_t len, struct roster *r, ck_err *err);
void roster_release(struct roster *r);

struct import_report {
	size_t added, updated, unchanged, skipped;
	struct roster_problem *problems; size_t nproblems; /* owned; lines refer to the file */
	struct roster_problem *warnings; size_t nwarnings; /* owned; rows imported with a remark */
};

/* Rows with distinct ids are distinct delegates, whatever their names. A
 * row without an id is the delegate with its name and organisation (the
 * k-th such row the k-th such delegate, by id); two such rows in one file
 * are two people, with a warning naming both lines. Rows that name one
 * delegate twice (the same id, or an id and a name that resolve to it)
 * are refused. */
struct import_opts {
	int skip_invalid;   /* import the good rows when some are refused */
	/* called now and then while rows are written (may be NULL) */
	void (*progress)(void *ctx, size_t done, size_t total);
	void *ctx;
};

/* Read and import path. Without skip_invalid, any problem means nothing is
 * written. Problems (bad rows, duplicates) and warnings are listed in rep.
 * Returns -1 when nothing was imported (err says why), 0 otherwise. */
int roster_import_with(store *st, const char *path, const struct import_opts *opts, struct import_report *rep,
                       ck_err *err);
int roster_import(store *st, const char *path, int skip_invalid, struct import_report *rep, ck_err *err);
void import_report_release(struct import_report *rep);

#endif
