/* hall.h - the hall: its stage table and blocks of seats, read from an
 * INI file (data/hall.ini, libinih), and the one format of a seat's label.
 *
 * A seat is "Khu A - Hàng 1 - Ghế 01" in a block and "Đoàn chủ tịch -
 * Ghế 03" on the stage (hall_label); hall_seat_parse reads a label back,
 * ignoring case, diacritics and blanks. Seats are numbered from the left
 * as the hall sees the drawing (stage at the top). Lengths are metres.
 *
 * struct hall owns every string and array in it; hall_release() frees
 * them. */
#ifndef CHECKIN_HALL_H
#define CHECKIN_HALL_H

#include <stddef.h>
#include "error.h"

/* What a block is for ("use = leaders, general"). */
enum hall_use {
	HALL_GENERAL = 1,    /* everyone else, by district and commune */
	HALL_LEADERS = 2,    /* leaders, front and centre by rank */
	HALL_PRESENTERS = 4, /* presenters, aisle seats first, in speaking order */
	HALL_AWARDEES = 8,   /* award recipients together, in calling order */
	HALL_PRESS = 16      /* the press */
};
/* Which ends of a block's rows are on an aisle. */
enum hall_aisle { HALL_AISLE_LEFT = 1, HALL_AISLE_RIGHT = 2 };

struct hall_block {
	char *key;      /* "A", from the section [block A] */
	char *name;     /* "Khu A" (the label's first part) */
	int nrows;
	int *seats;     /* seats in each row (nrows entries); a short row is centred */
	int maxseats;   /* the longest row */
	double x, y;    /* left edge from the left wall; first row from the stage's edge */
	unsigned use;   /* enum hall_use bits */
	unsigned aisle; /* enum hall_aisle bits */
};

struct hall {
	char *name;                /* "Hội trường 2/9" */
	double width, depth;       /* the room, from the stage's edge to the back wall */
	double seat_width, row_depth;
	char *stage_name;          /* "Đoàn chủ tịch" */
	int stage_seats;           /* 0: no stage table */
	struct hall_block *blocks;
	size_t nblocks;
	size_t nseats;             /* stage and blocks */
};

/* A seat: block -1 is the stage (row 0). Rows and seats count from 1. */
struct hall_seat {
	int block, row, seat;
};

/* Read and check the hall file at path into h (zeroed first). A problem
 * is "PATH:LINE: why" (CK_INVALID). */
int hall_load(const char *path, struct hall *h, ck_err *err);
/* The same from text[0..len) (the copy kept in the store); name stands
 * for the path in messages. */
int hall_parse(const char *text, size_t len, const char *name, struct hall *h, ck_err *err);
void hall_release(struct hall *h);

/* The seat's label into buf: "Khu A - Hàng 1 - Ghế 01". */
const char *hall_label(const struct hall *h, struct hall_seat s, char *buf, size_t len);
/* A label back into *s: 0, or -1 when it names no seat of the hall. */
int hall_seat_parse(const struct hall *h, const char *label, struct hall_seat *s);

/* A label's parts, with or without a hall (hall_seat_parse matches them
 * against one; name plates order seats typed by hand with them): place is
 * the block's or the stage's name folded and without blanks ("khua",
 * "doanchutich", "" when the label names none), row 0 when it names none
 * (the stage), seat from 1. Parts are split at '-', ',' or ';':
 * "Khu A - Hàng 1 - Ghế 01", "khu a, hang 1, ghe 1". 0, or -1 when the
 * label does not end in "Ghế N" (after "Hàng N" if any). */
struct hall_label_parts {
	char place[128];
	int row, seat;
};
int hall_label_split(const char *label, struct hall_label_parts *p);

/* Seats numbered 0..nseats-1: the stage's first, then each block row by
 * row. -1 for a seat outside the hall. */
long hall_seat_index(const struct hall *h, struct hall_seat s);
struct hall_seat hall_seat_at(const struct hall *h, size_t index);

/* The seat's centre, in metres from the left wall and the stage's edge
 * (the stage's seats have y < 0). */
void hall_seat_pos(const struct hall *h, struct hall_seat s, double *x, double *y);
/* Whether the seat is at a row's end that is on an aisle. */
int hall_seat_on_aisle(const struct hall *h, struct hall_seat s);

#endif
