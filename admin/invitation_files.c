/* invitation_files.c - writing invitations to disk (see
 * invitation_files.h): the output checks done before any rendering, the
 * PDF and PNG files written through a temporary name, the progress line
 * and the clean-up of the temporary file on Ctrl-C.
 *
 * It is apart from cmd_invitations.c because 'reissue --out' writes a
 * PDF the same way, and a command file should hold one command. */
#define _GNU_SOURCE /* sync_file_range */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "invitation_files.h"
#include "util.h"
#include "checkin/i18n.h"

int inv_check_pdf_path(const char *path, ck_err *err)
{
	struct stat sb;
	if (!*path)
		return ck_fail(err, CK_IO, _("không ghi được '': tên tệp rỗng"));
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
		return ck_fail(err, CK_IO, _("không ghi được '%s': %s"), path, strerror(EISDIR));
	return safe_check_writable(path, err);
}

int inv_check_png_dir(const char *dir, ck_err *err)
{
	struct stat sb;
	if (stat(dir, &sb) != 0) {
		if (errno != ENOENT || mkdir(dir, 0777) != 0)
			return ck_fail(err, CK_IO, _("không tạo được thư mục '%s': %s"), dir, strerror(errno));
	} else if (!S_ISDIR(sb.st_mode)) {
		return ck_fail(err, CK_IO, _("không ghi được vào '%s': %s"), dir, strerror(ENOTDIR));
	}
	if (access(dir, W_OK | X_OK) != 0)
		return ck_fail(err, CK_IO, _("không ghi được vào '%s': %s"), dir, strerror(errno));
	return 0;
}

/* Ctrl-C (or a kill) during a long render removes the temporary files
 * instead of leaving them behind; the targets are untouched either way.
 * One slot per file not yet renamed into place (the PNGs keep a window of
 * them, see inv_write_png_files); the handler removes every one. */
#define PNG_WINDOW 16
static char pending_tmp[PNG_WINDOW][4096];
static volatile sig_atomic_t pending_set[PNG_WINDOW];

static void on_signal(int sig)
{
	for (int i = 0; i < PNG_WINDOW; i++)
		if (pending_set[i])
			unlink(pending_tmp[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void guard_signals(int on)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
		signal(sigs[i], on ? on_signal : SIG_DFL);
}

/* Guard tmp in slot k (tmp NULL: release the slot). */
static void guard_tmp_slot(int k, const char *tmp)
{
	pending_set[k] = 0;
	if (tmp && strlen(tmp) < sizeof pending_tmp[k]) {
		strcpy(pending_tmp[k], tmp);
		pending_set[k] = 1;
	}
}

static void guard_tmp(const char *tmp)
{
	guard_tmp_slot(0, tmp);
	guard_signals(tmp != NULL);
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
	struct progress p = {show_progress && n > 40 && isatty(STDERR_FILENO), _("Giấy mời (PDF)")};
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

/* Each PNG goes through its own temporary file, synced and renamed like
 * any other (safe_commit), but up to PNG_WINDOW of them wait, written
 * and handed to the disk (sync_file_range), before the oldest is synced:
 * by then its data is on the disk and one journal commit of the file
 * system covers several files, where syncing each at once cost a commit
 * per file (about 4 ms each, a third of the time of the whole folder). A
 * failure or a signal removes every temporary file still waiting; the
 * PNGs already renamed stay, each one whole. */
int inv_write_png_files(inv_renderer *r, const char *dir, const struct delegate *v, size_t n, int show_progress,
                        ck_err *err)
{
	struct progress p = {show_progress && n > 40 && isatty(STDERR_FILENO), _("Ảnh cho điện thoại (PNG)")};
	struct safe_file win[PNG_WINDOW];
	size_t head = 0, count = 0; /* the waiting files: win[head], win[head + 1], ... (mod PNG_WINDOW) */
	int rc = 0;
	guard_signals(1);
	for (size_t i = 0; i < n && rc == 0; i++) {
		if (count == PNG_WINDOW) {
			rc = safe_commit(&win[head], err);
			guard_tmp_slot((int)head, NULL);
			head = (head + 1) % PNG_WINDOW;
			count--;
			if (rc < 0)
				break;
		}
		char *name = inv_png_name(&v[i]);
		char *path = name ? malloc(strlen(dir) + strlen(name) + 2) : NULL;
		size_t k = (head + count) % PNG_WINDOW;
		rc = -1;
		if (!path) {
			ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		} else {
			sprintf(path, "%s/%s", dir, name);
			if (safe_open(&win[k], path, err) == 0) {
				guard_tmp_slot((int)k, win[k].tmp);
				FILE *fp = win[k].fp;
				if (inv_render_png(r, fp, &v[i], err) < 0) {
					safe_abort(&win[k]);
					guard_tmp_slot((int)k, NULL);
				} else if (fflush(fp) != 0) {
					ck_fail(err, CK_IO, _("không ghi được '%s': %s"), path, strerror(errno));
					safe_abort(&win[k]);
					guard_tmp_slot((int)k, NULL);
				} else {
					sync_file_range(fileno(fp), 0, 0, SYNC_FILE_RANGE_WRITE); /* a hint: start writing */
					count++;
					rc = 0;
				}
			}
		}
		free(name);
		free(path);
		if (rc == 0)
			progress_show(i + 1, n, &p);
	}
	/* the rest in order; after a failure, nothing more is renamed */
	for (; count > 0; head = (head + 1) % PNG_WINDOW, count--) {
		if (rc == 0)
			rc = safe_commit(&win[head], err);
		else
			safe_abort(&win[head]);
		guard_tmp_slot((int)head, NULL);
	}
	guard_signals(0);
	if (rc < 0 && p.on)
		fputc('\n', stderr);
	return rc;
}
