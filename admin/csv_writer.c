/* csv_writer.c - quoting and the formula guard for every CSV that
 * checkin-admin writes (see csv_writer.h). Before it, the export and
 * `list --format csv` each had their own writer, and only the export
 * guarded formulas. */
#include <string.h>
#include "csv_writer.h"

int csv_formula_like(const char *s)
{
	return s && s[0] && strchr("=+-@\t\r", s[0]) != NULL;
}

static void put_cell(FILE *fp, const char *s)
{
	fputc('"', fp);
	if (csv_formula_like(s))
		fputc('\'', fp); /* Excel would run it as a formula: make it text */
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '"')
			fputc('"', fp);
		fputc(*p, fp);
	}
	fputc('"', fp);
}

int csv_write_row(FILE *fp, const char *const *cells, size_t n, const char *eol)
{
	for (size_t i = 0; i < n; i++) {
		put_cell(fp, cells[i]);
		fputs(i + 1 < n ? "," : eol, fp);
	}
	return ferror(fp) ? -1 : 0;
}
