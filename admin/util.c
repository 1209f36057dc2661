/* util.c - small helpers the admin commands share (see util.h): safe file
 * writes, terminal-width padding and ids. Kept apart from the commands so
 * that every command writes files the same crash-safe way. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "checkin/text.h"
#include "escape.h"
#include "util.h"
#include "checkin/i18n.h"

int safe_check_writable(const char *path, ck_err *err)
{
	char *copy = strdup(path), *dir;
	int rc = 0;
	if (!copy)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	dir = dirname(copy);
	if (access(dir, W_OK | X_OK) != 0)
		rc = ck_fail(err, CK_IO, _("không ghi được '%s': %s"), path, strerror(errno));
	else if (access(path, F_OK) == 0 && access(path, W_OK) != 0)
		rc = ck_fail(err, CK_IO, _("không ghi được '%s': %s"), path, strerror(errno));
	free(copy);
	return rc;
}

int safe_open(struct safe_file *sf, const char *path, ck_err *err)
{
	size_t n = strlen(path) + 32;
	memset(sf, 0, sizeof *sf);
	sf->path = strdup(path);
	sf->tmp = malloc(n);
	if (!sf->path || !sf->tmp) {
		safe_abort(sf);
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	}
	snprintf(sf->tmp, n, "%s.tmp-%ld", path, (long)getpid());
	sf->fp = fopen(sf->tmp, "wb");
	if (!sf->fp) {
		ck_fail(err, CK_IO, _("không ghi được '%s': %s"), path, strerror(errno));
		free(sf->path);
		free(sf->tmp);
		memset(sf, 0, sizeof *sf);
		return -1;
	}
	return 0;
}

int safe_commit(struct safe_file *sf, ck_err *err)
{
	FILE *fp = sf->fp;
	int bad = 0;
	if (fp) {
		bad = fflush(fp) != 0 || fsync(fileno(fp)) != 0;
		bad |= fclose(fp) != 0;
		sf->fp = NULL;
	} else {
		/* written by name (libxlsxwriter): on disk before the rename too */
		int fd = open(sf->tmp, O_RDONLY | O_CLOEXEC);
		bad = fd < 0 || fsync(fd) != 0;
		if (fd >= 0)
			close(fd);
	}
	if (bad || rename(sf->tmp, sf->path) != 0) {
		ck_fail(err, CK_IO, _("không ghi được '%s': %s"), sf->path, strerror(errno));
		safe_abort(sf);
		return -1;
	}
	free(sf->path);
	free(sf->tmp);
	memset(sf, 0, sizeof *sf);
	return 0;
}

void safe_abort(struct safe_file *sf)
{
	if (sf->fp)
		fclose(sf->fp);
	if (sf->tmp)
		unlink(sf->tmp);
	free(sf->path);
	free(sf->tmp);
	memset(sf, 0, sizeof *sf);
}

void print_padded(FILE *out, const char *s, int width)
{
	char *e = escape_needed(s, 0) ? escape_text(s, 0) : NULL;
	const char *shown = e ? e : s;
	int w = text_width(shown);
	fputs(shown, out);
	for (; w < width; w++)
		fputc(' ', out);
	free(e);
}

int parse_id(const char *s, int64_t *id)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || !*s || *end || v <= 0)
		return -1;
	*id = v;
	return 0;
}

int getopt_checked(int argc, char **argv, const char *shortopts, const struct option *longopts, ck_err *err)
{
	char opts[64];
	/* A leading ':' tells a missing value (':') from an unknown option ('?'). */
	snprintf(opts, sizeof opts, ":%s", shortopts);
	opterr = 0;
	int c = getopt_long(argc, argv, opts, longopts, NULL);
	if (c != '?' && c != ':')
		return c;
	/* The element getopt stopped at: "--name[=value]" as given, a short
	 * option by its letter. */
	const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	char shown[8];
	int len;
	if (!strncmp(arg, "--", 2)) {
		len = (int)strcspn(arg, "=");
	} else {
		snprintf(shown, sizeof shown, "-%c", optopt > ' ' && optopt < 127 ? optopt : '?');
		arg = shown;
		len = (int)strlen(shown);
	}
	if (c == ':')
		ck_fail(err, CK_INVALID, _("tùy chọn '%.*s' cần một giá trị"), len, arg);
	else
		ck_fail(err, CK_INVALID, _("không có tùy chọn '%.*s'"), len, arg);
	return '?';
}
