/* termqr.h - a QR code drawn in a terminal, for phones to scan (the
 * dashboard's URL with its access key, printed by `serve`). */
#ifndef CHECKIN_ADMIN_TERMQR_H
#define CHECKIN_ADMIN_TERMQR_H

#include <stdio.h>

/* Draw text as a QR code with Unicode half blocks, two module rows per
 * line. On a terminal it forces white on black, so phones read it
 * whatever the terminal's colours. When the code cannot be made it prints
 * a one-line notice instead. Allocates nothing that outlives the call. */
void termqr_print(FILE *out, const char *text);

#endif
