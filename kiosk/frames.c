/* frames.c - replay a folder of images or a Y4M file as camera frames.
 *
 * The list of files (or the Y4M header) is checked in frames_start(), so a
 * bad --frames argument is reported before any window opens. The thread
 * then loads one frame at a time, waits for its slot in the schedule
 * (1/fps apart) and delivers it; it stamps captured_ms at delivery, which
 * is when a camera would have handed the frame over. */
#include <SDL.h>
#include <SDL_image.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <sys/stat.h>
#include "checkin/i18n.h"
#include "checkin/clock.h"
#include "frames.h"
#include "y4m.h"

#define FRAMES_MAX_FILES 100000

struct frames {
	struct frame_sink sink;
	double fps;
	char **files; size_t nfiles;  /* image folder mode */
	FILE *y4m; struct y4m_format fmt; /* Y4M mode */
	pthread_t thread;
	pthread_mutex_t lock;
	int done, stop, started;
};

int frame_load_image(const char *path, struct frame **out, ck_err *err)
{
	*out = NULL;
	SDL_Surface *img = IMG_Load(path);
	if (!img)
		return ck_fail(err, CK_IO, _("không đọc được ảnh '%s': %s"), path, IMG_GetError());
	SDL_Surface *rgba = SDL_ConvertSurfaceFormat(img, SDL_PIXELFORMAT_RGBA32, 0);
	SDL_FreeSurface(img);
	if (!rgba)
		return ck_fail(err, CK_INTERNAL, _("không chuyển đổi được ảnh '%s': %s"), path, SDL_GetError());
	struct frame *f = frame_new(rgba->w, rgba->h);
	if (!f) {
		int w = rgba->w, h = rgba->h;
		SDL_FreeSurface(rgba);
		return ck_fail(err, CK_INVALID, _("ảnh '%s' quá lớn (%dx%d)"), path, w, h);
	}
	for (int y = 0; y < f->height; y++) {
		const unsigned char *s = (const unsigned char *)rgba->pixels + (size_t)y * rgba->pitch;
		unsigned char *d = f->rgb + (size_t)y * f->width * 3;
		for (int x = 0; x < f->width; x++, s += 4, d += 3) {
			unsigned a = s[3];
			for (int c = 0; c < 3; c++)
				d[c] = (unsigned char)((s[c] * a + 255 * (255 - a)) / 255);
		}
	}
	SDL_FreeSurface(rgba);
	frame_gray_from_rgb(f);
	*out = f;
	return 0;
}

static int image_name(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot || name[0] == '.')
		return 0;
	return !strcasecmp(dot, ".png") || !strcasecmp(dot, ".jpg") || !strcasecmp(dot, ".jpeg") ||
	       !strcasecmp(dot, ".bmp");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_dir(frames *fr, const char *dir, ck_err *err)
{
	DIR *d = opendir(dir);
	if (!d)
		return ck_fail(err, CK_IO, _("không mở được '%s': %s"), dir, strerror(errno));
	size_t cap = 0;
	struct dirent *e;
	int rc = -1;
	while ((e = readdir(d))) {
		if (!image_name(e->d_name))
			continue;
		if (fr->nfiles >= FRAMES_MAX_FILES) {
			ck_fail(err, CK_INVALID, _("quá nhiều ảnh trong '%s' (tối đa %d)"), dir, FRAMES_MAX_FILES);
			goto out;
		}
		if (fr->nfiles == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			char **v = realloc(fr->files, ncap * sizeof *v);
			if (!v) {
				ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
				goto out;
			}
			fr->files = v;
			cap = ncap;
		}
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		char *p = malloc(len);
		if (!p) {
			ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
			goto out;
		}
		snprintf(p, len, "%s/%s", dir, e->d_name);
		fr->files[fr->nfiles++] = p;
	}
	if (fr->nfiles == 0) {
		ck_fail(err, CK_INVALID, _("không có ảnh nào (.png, .jpg, .bmp) trong '%s'"), dir);
		goto out;
	}
	qsort(fr->files, fr->nfiles, sizeof *fr->files, cmp_str);
	rc = 0;
out:
	closedir(d);
	return rc;
}

static int y4m_open(frames *fr, const char *path, ck_err *err)
{
	char line[Y4M_HEADER_MAX];
	ck_err why;
	fr->y4m = fopen(path, "rb");
	if (!fr->y4m)
		return ck_fail(err, CK_IO, _("không mở được '%s': %s"), path, strerror(errno));
	if (!fgets(line, sizeof line, fr->y4m))
		return ck_fail(err, CK_INVALID, _("'%s' không phải tệp YUV4MPEG2"), path);
	if (y4m_parse_header(line, strlen(line), FRAME_MAX_SIDE, &fr->fmt, &why) < 0)
		return ck_fail(err, CK_INVALID, "'%s': %s", path, why.msg);
	return 0;
}

static int clamp8(int v)
{
	return v < 0 ? 0 : v > 255 ? 255 : v;
}

/* Next Y4M frame, or NULL at the end (or on a short read). */
static struct frame *y4m_next(frames *fr)
{
	char line[Y4M_HEADER_MAX];
	if (!fgets(line, sizeof line, fr->y4m) || strncmp(line, "FRAME", 5))
		return NULL;
	int w = fr->fmt.width, h = fr->fmt.height, cw = (w + 1) / 2;
	struct frame *f = frame_new(w, h);
	if (!f)
		return NULL;
	size_t ny = (size_t)w * h, nc = y4m_chroma_bytes(&fr->fmt);
	unsigned char *uv = malloc(nc ? 2 * nc : 1);
	if (!uv || fread(f->gray, 1, ny, fr->y4m) != ny || (nc && fread(uv, 1, 2 * nc, fr->y4m) != 2 * nc)) {
		free(uv);
		frame_unref(f);
		return NULL;
	}
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int Y = f->gray[(size_t)y * w + x];
			int U = nc ? uv[(size_t)(y / 2) * cw + x / 2] - 128 : 0;
			int V = nc ? uv[nc + (size_t)(y / 2) * cw + x / 2] - 128 : 0;
			unsigned char *d = f->rgb + ((size_t)y * w + x) * 3;
			d[0] = (unsigned char)clamp8(Y + (359 * V >> 8));
			d[1] = (unsigned char)clamp8(Y - ((88 * U + 183 * V) >> 8));
			d[2] = (unsigned char)clamp8(Y + (454 * U >> 8));
		}
	free(uv);
	return f;
}

static void sleep_until(int64_t when)
{
	int64_t left = when - clock_mono_ms();
	if (left <= 0)
		return;
	struct timespec ts = {left / 1000, (left % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

static int stopping(frames *fr)
{
	pthread_mutex_lock(&fr->lock);
	int s = fr->stop;
	pthread_mutex_unlock(&fr->lock);
	return s;
}

static void *frames_main(void *arg)
{
	frames *fr = arg;
	int64_t period = (int64_t)(1000.0 / fr->fps);
	int64_t next = clock_mono_ms();
	static unsigned seq;
	for (size_t i = 0; !stopping(fr); i++) {
		struct frame *f = NULL;
		if (fr->y4m) {
			f = y4m_next(fr);
			if (!f)
				break;
		} else {
			if (i >= fr->nfiles)
				break;
			ck_err err;
			if (frame_load_image(fr->files[i], &f, &err) < 0) {
				fprintf(stderr, _("checkin-kiosk: %s (bỏ qua)\n"), err.msg);
				continue;
			}
		}
		sleep_until(next);
		next += period;
		f->seq = ++seq;
		f->period_ms = (int)period;
		f->captured_ms = clock_mono_ms();
		int closed = frame_deliver(&fr->sink, f) < 0;
		frame_unref(f);
		if (closed)
			break;
		if (clock_mono_ms() > next + period)
			next = clock_mono_ms(); /* fell behind (slow decoder): keep the pace from here */
	}
	pthread_mutex_lock(&fr->lock);
	fr->done = 1;
	pthread_mutex_unlock(&fr->lock);
	if (fr->sink.notify)
		fr->sink.notify(fr->sink.ctx);
	return NULL;
}

static void frames_free(frames *fr)
{
	for (size_t i = 0; i < fr->nfiles; i++)
		free(fr->files[i]);
	free(fr->files);
	if (fr->y4m)
		fclose(fr->y4m);
	pthread_mutex_destroy(&fr->lock);
	free(fr);
}

int frames_start(frames **out, const char *path, double fps, const struct frame_sink *sink, ck_err *err)
{
	struct stat sb;
	*out = NULL;
	if (!(fps > 0 && fps <= 240))
		return ck_fail(err, CK_INVALID, _("tốc độ khung hình phải trong khoảng 0 đến 240, không phải '%g'"), fps);
	frames *fr = calloc(1, sizeof *fr);
	if (!fr)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	pthread_mutex_init(&fr->lock, NULL);
	fr->sink = *sink;
	fr->fps = fps;
	if (stat(path, &sb) < 0) {
		ck_fail(err, CK_IO, _("không mở được '%s': %s"), path, strerror(errno));
		goto fail;
	}
	if (S_ISDIR(sb.st_mode) ? list_dir(fr, path, err) : y4m_open(fr, path, err))
		goto fail;
	if (pthread_create(&fr->thread, NULL, frames_main, fr)) {
		ck_fail(err, CK_INTERNAL, _("không khởi động được luồng đọc khung hình"));
		goto fail;
	}
	fr->started = 1;
	*out = fr;
	return 0;
fail:
	frames_free(fr);
	return -1;
}

int frames_done(frames *fr)
{
	pthread_mutex_lock(&fr->lock);
	int d = fr->done;
	pthread_mutex_unlock(&fr->lock);
	return d;
}

/* The caller closes the decoder box first so that a waiting put returns. */
void frames_stop(frames *fr)
{
	if (!fr)
		return;
	pthread_mutex_lock(&fr->lock);
	fr->stop = 1;
	pthread_mutex_unlock(&fr->lock);
	if (fr->started)
		pthread_join(fr->thread, NULL);
	frames_free(fr);
}
