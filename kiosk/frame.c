/* frame.c - reference-counted frames and one-slot mailboxes (frame.h). */
#include <stdlib.h>
#include "frame.h"

static pthread_mutex_t refs_lock = PTHREAD_MUTEX_INITIALIZER;

struct frame *frame_new(int width, int height)
{
	if (width <= 0 || height <= 0 || width > FRAME_MAX_SIDE || height > FRAME_MAX_SIDE)
		return NULL;
	struct frame *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	f->width = width;
	f->height = height;
	f->gray = malloc((size_t)width * height);
	f->rgb = malloc((size_t)width * height * 3);
	if (!f->gray || !f->rgb) {
		free(f->gray);
		free(f->rgb);
		free(f);
		return NULL;
	}
	f->refs = 1;
	return f;
}

struct frame *frame_ref(struct frame *f)
{
	pthread_mutex_lock(&refs_lock);
	f->refs++;
	pthread_mutex_unlock(&refs_lock);
	return f;
}

void frame_unref(struct frame *f)
{
	if (!f)
		return;
	pthread_mutex_lock(&refs_lock);
	int left = --f->refs;
	pthread_mutex_unlock(&refs_lock);
	if (left)
		return;
	free(f->gray);
	free(f->rgb);
	free(f);
}

void frame_gray_from_rgb(struct frame *f)
{
	size_t n = (size_t)f->width * f->height;
	const unsigned char *p = f->rgb;
	for (size_t i = 0; i < n; i++, p += 3)
		f->gray[i] = (unsigned char)((77 * p[0] + 150 * p[1] + 29 * p[2]) >> 8);
}

void framebox_init(struct framebox *b)
{
	pthread_mutex_init(&b->lock, NULL);
	pthread_cond_init(&b->changed, NULL);
	b->slot = NULL;
	b->busy = 0;
	b->closed = 0;
}

void framebox_destroy(struct framebox *b)
{
	frame_unref(b->slot);
	b->slot = NULL;
	pthread_cond_destroy(&b->changed);
	pthread_mutex_destroy(&b->lock);
}

void framebox_put(struct framebox *b, struct frame *f)
{
	frame_ref(f);
	pthread_mutex_lock(&b->lock);
	struct frame *old = b->slot;
	b->slot = f;
	pthread_cond_broadcast(&b->changed);
	pthread_mutex_unlock(&b->lock);
	frame_unref(old);
}

int framebox_put_wait(struct framebox *b, struct frame *f)
{
	pthread_mutex_lock(&b->lock);
	while (b->slot && !b->closed)
		pthread_cond_wait(&b->changed, &b->lock);
	if (b->closed) {
		pthread_mutex_unlock(&b->lock);
		return -1;
	}
	b->slot = frame_ref(f);
	pthread_cond_broadcast(&b->changed);
	pthread_mutex_unlock(&b->lock);
	return 0;
}

struct frame *framebox_take(struct framebox *b, int wait)
{
	pthread_mutex_lock(&b->lock);
	while (wait && !b->slot && !b->closed)
		pthread_cond_wait(&b->changed, &b->lock);
	struct frame *f = b->slot;
	b->slot = NULL;
	if (f)
		b->busy = 1;
	pthread_cond_broadcast(&b->changed);
	pthread_mutex_unlock(&b->lock);
	return f;
}

void framebox_done(struct framebox *b)
{
	pthread_mutex_lock(&b->lock);
	b->busy = 0;
	pthread_cond_broadcast(&b->changed);
	pthread_mutex_unlock(&b->lock);
}

int framebox_idle(struct framebox *b)
{
	pthread_mutex_lock(&b->lock);
	int idle = !b->slot && !b->busy;
	pthread_mutex_unlock(&b->lock);
	return idle;
}

void framebox_close(struct framebox *b)
{
	pthread_mutex_lock(&b->lock);
	b->closed = 1;
	pthread_cond_broadcast(&b->changed);
	pthread_mutex_unlock(&b->lock);
}

int frame_deliver(const struct frame_sink *sink, struct frame *f)
{
	if (sink->decode) {
		if (sink->lossless) {
			if (framebox_put_wait(sink->decode, f) < 0)
				return -1;
		} else {
			framebox_put(sink->decode, f);
		}
	}
	if (sink->preview)
		framebox_put(sink->preview, f);
	if (sink->notify)
		sink->notify(sink->ctx);
	return 0;
}
