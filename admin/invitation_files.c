/* invitation_files.c - writing invitations to disk (see
 * invitation_files.h): the output checks done before any rendering, the
 * PDF and PNG files written through a temporary name, the progress line
 * and the clean-up of the temporary file on Ctrl-C.
 *
 * It is apart from cmd_invitations.c because 'reissue --out' writes a
 * PDF the same way, and a command file should hold one command. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "invitation_files.h"
#include "util.h"

int inv_check_pdf_path(const char *path, ck_err *err)
{
	struct stat sb;
	if (!*path)
		return ck_fail(err, CK_IO, "cannot write '': empty file name");
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return ck_fail(err, CK_IO, "cannot write '%s': Is a directory", path);
	return safe_check_writable(path, err);
}

int inv_check_png_dir(const char *dir, ck_err *err)
{
	struct stat sb;
	if (stat(dir, &sb) != 0) {
		if (errno != ENOENT || mkdir(dir, 0777) != 0)
			return ck_fail(err, CK_IO, "cannot create directory '%s': %s", dir, strerror(errno));
	} else if (!S_ISDIR(sb.st_mode)) {
		return ck_fail(err, CK_IO, "cannot write into '%s': Not a directory", dir);
	}
	if (access(dir, W_OK | X_OK) != 0)
		return ck_fail(err, CK_IO, "cannot write into '%s': %s", dir, strerror(errno));
	return 0;
}

/* Ctrl-C (or a kill) during a long render removes the temporary file
 * instead of leaving it behind; the target is untouched either way. */
static char pending_tmp[4096];

static void on_signal(int sig)
{
	if (pending_tmp[0])
		unlink(pending_tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void guard_tmp(const char *tmp)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	if (tmp && strlen(tmp) < sizeof pending_tmp) {
		strcpy(pending_tmp, tmp);
		for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
			signal(sigs[i], on_signal);
	} else {
		for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
			signal(sigs[i], SIG_DFL);
		pending_tmp[0] = 0;
	}
}

struct progress {
	int on;
	const char *what;
};

static void progress_show(size_t done, size_t total, void *arg)
{
	struct progress *p = arg;
	if (!p->on)
		return;
	if (done == total || done % 5 == 0)
		fprintf(stderr, "\r%s: %zu/%zu", p->what, done, total);
	if (done == total)
		fputc('\n', stderr);
}

int inv_write_pdf_file(inv_renderer *r, const char *path, enum inv_layout layout, const struct delegate *v,
                       size_t n, int show_progress, ck_err *err)
{
	struct safe_file sf;
	struct progress p = {show_progress && n > 40 && isatty(STDERR_FILENO), "Giấy mời (PDF)"};
	int rc;
	if (safe_open(&sf, path, err) < 0)
		return -1;
	guard_tmp(sf.tmp);
	if (inv_render_pdf(r, sf.fp, layout, v, n, progress_show, &p, err) < 0) {
		if (p.on)
			fputc('\n', stderr);
		safe_abort(&sf);
		rc = -1;
	} else {
		rc = safe_commit(&sf, err);
	}
	guard_tmp(NULL);
	return rc;
}

int inv_write_png_files(inv_renderer *r, const char *dir, const struct delegate *v, size_t n, int show_progress,
                        ck_err *err)
{
	struct progress p = {show_progress && n > 40 && isatty(STDERR_FILENO), "Ảnh cho điện thoại (PNG)"};
	for (size_t i = 0; i < n; i++) {
		char *name = inv_png_name(&v[i]);
		char *path = name ? malloc(strlen(dir) + strlen(name) + 2) : NULL;
		struct safe_file sf;
		int rc = -1;
		if (!path)
			ck_fail(err, CK_NOMEM, "out of memory");
		else {
			sprintf(path, "%s/%s", dir, name);
			if (safe_open(&sf, path, err) == 0) {
				guard_tmp(sf.tmp);
				if (inv_render_png(r, sf.fp, &v[i], err) < 0)
					safe_abort(&sf);
				else
					rc = safe_commit(&sf, err);
				guard_tmp(NULL);
			}
		}
		free(name);
		free(path);
		if (rc < 0) {
			if (p.on)
				fputc('\n', stderr);
			return -1;
		}
		progress_show(i + 1, n, &p);
	}
	return 0;
}
