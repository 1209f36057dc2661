/* camera.c - capture from a V4L2 camera with zbar_video_* (camera.h).
 *
 * ZBar negotiates a format the camera offers; each image is converted to
 * Y800 for decoding and RGB3 for the preview. zbar_video_next_image()
 * blocks, so the thread owns the device alone; when it returns NULL the
 * camera is gone (unplugged) and the thread goes back to probing. On stop,
 * main waits a little for the thread and otherwise leaves it detached: a
 * dead USB camera must not hang the kiosk's exit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zbar.h>
#include "camera.h"
#include "camlist.h"
#include "checkin/clock.h"
#include "checkin/i18n.h"

#define CAMERA_WIDTH 1280
#define CAMERA_HEIGHT 720

struct camera {
	char device[256];         /* as given: a path or a camera's name */
	char said[CK_ERRLEN];     /* the last reason it could not be found, said once */
	struct frame_sink sink;
	pthread_t thread;
	pthread_mutex_t lock;
	int missing, stop, exited, abandoned;
};

static void set_missing(camera *c, int missing)
{
	pthread_mutex_lock(&c->lock);
	int changed = c->missing != missing;
	c->missing = missing;
	pthread_mutex_unlock(&c->lock);
	if (changed && c->sink.notify)
		c->sink.notify(c->sink.ctx);
}

static int stopping(camera *c)
{
	pthread_mutex_lock(&c->lock);
	int s = c->stop;
	pthread_mutex_unlock(&c->lock);
	return s;
}

static void nap(camera *c, int ms)
{
	for (int t = 0; t < ms && !stopping(c); t += 100) {
		struct timespec ts = {0, 100 * 1000000L};
		nanosleep(&ts, NULL);
	}
}

static zbar_video_t *open_video(camera *c)
{
	/* a camera chosen by name is looked up at every try: a replugged
	 * camera may come back as another /dev/videoN */
	char dev[256];
	ck_err err = {0};
	if (camlist_resolve(c->device, dev, sizeof dev, &err) < 0) {
		if (strcmp(c->said, err.msg)) {
			fprintf(stderr, "checkin-kiosk: %s\n", err.msg);
			snprintf(c->said, sizeof c->said, "%s", err.msg);
		}
		return NULL;
	}
	if (strcmp(dev, c->device) && strcmp(c->said, dev)) {
		fprintf(stderr, _("checkin-kiosk: camera '%s' là %s\n"), c->device, dev);
		snprintf(c->said, sizeof c->said, "%s", dev);
	}
	zbar_video_t *v = zbar_video_create();
	if (!v)
		return NULL;
	zbar_video_request_size(v, CAMERA_WIDTH, CAMERA_HEIGHT);
	if (zbar_video_open(v, dev) < 0 || zbar_negotiate_format(v, NULL) < 0 ||
	    zbar_video_enable(v, 1) < 0) {
		zbar_video_destroy(v);
		return NULL;
	}
	return v;
}

/* Copy one captured image into a new frame; NULL when it cannot. */
static struct frame *grab(zbar_image_t *img)
{
	struct frame *f = NULL;
	zbar_image_t *y = zbar_image_convert(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_t *rgb = zbar_image_convert(img, zbar_fourcc('R', 'G', 'B', '3'));
	if (!y || !rgb)
		goto out;
	int w = (int)zbar_image_get_width(y), h = (int)zbar_image_get_height(y);
	f = frame_new(w, h);
	if (!f)
		goto out;
	if (zbar_image_get_data_length(y) < (unsigned long)w * h ||
	    zbar_image_get_data_length(rgb) < (unsigned long)w * h * 3) {
		frame_unref(f);
		f = NULL;
		goto out;
	}
	memcpy(f->gray, zbar_image_get_data(y), (size_t)w * h);
	memcpy(f->rgb, zbar_image_get_data(rgb), (size_t)w * h * 3);
out:
	if (y)
		zbar_image_destroy(y);
	if (rgb)
		zbar_image_destroy(rgb);
	return f;
}

static void *camera_main(void *arg)
{
	camera *c = arg;
	zbar_video_t *v = NULL;
	unsigned seq = 0;
	while (!stopping(c)) {
		if (!v) {
			v = open_video(c);
			if (!v) {
				set_missing(c, 1);
				nap(c, CAMERA_RETRY_MS);
				continue;
			}
			set_missing(c, 0);
		}
		zbar_image_t *img = zbar_video_next_image(v);
		if (!img) {
			zbar_video_destroy(v); /* unplugged: probe again */
			v = NULL;
			set_missing(c, 1);
			continue;
		}
		int64_t captured = clock_mono_ms();
		struct frame *f = grab(img);
		zbar_image_destroy(img);
		if (!f)
			continue;
		f->captured_ms = captured;
		f->seq = ++seq;
		int closed = frame_deliver(&c->sink, f) < 0;
		frame_unref(f);
		if (closed)
			break;
	}
	if (v)
		zbar_video_destroy(v);
	pthread_mutex_lock(&c->lock);
	c->exited = 1;
	int abandoned = c->abandoned;
	pthread_mutex_unlock(&c->lock);
	if (abandoned) {
		pthread_mutex_destroy(&c->lock);
		free(c);
	}
	return NULL;
}

camera *camera_start(const char *device, const struct frame_sink *sink)
{
	camera *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	snprintf(c->device, sizeof c->device, "%s", device);
	c->sink = *sink;
	c->missing = 1;
	pthread_mutex_init(&c->lock, NULL);
	if (pthread_create(&c->thread, NULL, camera_main, c)) {
		pthread_mutex_destroy(&c->lock);
		free(c);
		return NULL;
	}
	return c;
}

int camera_missing(camera *c)
{
	pthread_mutex_lock(&c->lock);
	int m = c->missing;
	pthread_mutex_unlock(&c->lock);
	return m;
}

int camera_stop(camera *c)
{
	if (!c)
		return 0;
	pthread_mutex_lock(&c->lock);
	c->stop = 1;
	pthread_mutex_unlock(&c->lock);
	for (int i = 0; i < 15; i++) {
		pthread_mutex_lock(&c->lock);
		int exited = c->exited;
		pthread_mutex_unlock(&c->lock);
		if (exited) {
			pthread_join(c->thread, NULL);
			pthread_mutex_destroy(&c->lock);
			free(c);
			return 0;
		}
		struct timespec ts = {0, 100 * 1000000L};
		nanosleep(&ts, NULL);
	}
	/* Stuck in the driver: let the thread free itself if it ever returns. */
	pthread_mutex_lock(&c->lock);
	c->abandoned = 1;
	int exited = c->exited;
	pthread_mutex_unlock(&c->lock);
	pthread_detach(c->thread);
	if (exited) {
		pthread_mutex_destroy(&c->lock);
		free(c);
	}
	return 1;
}
