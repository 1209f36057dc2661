/* csv_writer.h - the one CSV writer of checkin-admin.
 *
 * Every CSV the programs write (`export --out FILE.csv`, `list --format
 * csv`) goes through csv_write_row(), so every one of them is quoted the
 * same way and is safe to open in Excel or LibreOffice.
 *
 * Quoting (RFC 4180): every cell is put in double quotes and a double
 * quote inside it is doubled; commas, quotes and line breaks in a cell
 * therefore stay in the cell.
 *
 * Formula guard: a cell that starts with '=', '+', '-', '@', a tab or a
 * carriage return would be run by a spreadsheet as a formula (CSV
 * injection: a delegate named =HYPERLINK(...)). Such a cell is written as
 * text by putting an apostrophe before it: "'=HYPERLINK(...)".
 *
 * The caller owns the FILE*; nothing is allocated. (Not called csv.h:
 * that name is libcsv's header.) */
#ifndef CHECKIN_ADMIN_CSV_WRITER_H
#define CHECKIN_ADMIN_CSV_WRITER_H

#include <stddef.h>
#include <stdio.h>

/* Nonzero when a spreadsheet would take cell s as a formula. */
int csv_formula_like(const char *s);

/* Write the n cells (a NULL cell is empty) as one record to fp, separated
 * by ',' and followed by eol ("\r\n" for files meant for Excel, "\n" for a
 * terminal). Returns 0, or -1 when the stream has failed (ferror). */
int csv_write_row(FILE *fp, const char *const *cells, size_t n, const char *eol);

#endif
