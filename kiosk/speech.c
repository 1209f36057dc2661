/* speech.c - the spoken greeting with espeak-ng (speech.h).
 *
 * espeak-ng runs in AUDIO_OUTPUT_SYNCHRONOUS mode: espeak_Synth() returns
 * when the text is spoken, handing the audio to a callback in chunks of
 * CHUNK_MS. Between chunks the callback looks at the one-slot queue: a
 * new greeting waiting, a cancel or a stop makes it return 1, which ends
 * the synthesis at once. The engine is global to the process, hence the
 * single `active` speech that the callback reaches; it is loaded once and
 * stays loaded (see speech_start). */
#include <espeak-ng/speak_lib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "checkin/clock.h"
#include "checkin/i18n.h"
#include "checkin/text.h"
#include "speech.h"

#define CHUNK_MS 40

struct speech {
	struct speech_sink sink;
	int rate;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	/* under lock: the slot, and what the thread is doing */
	int pending, cancel, stop, busy;
	char text[SPEECH_TEXT_MAX];
	uint64_t ticket;
	char tag[SPEECH_TAG_MAX];
	int64_t asked_ms;
	/* the thread's own: the greeting being made */
	struct speech_report cur;
	int refused;
};

static speech *active; /* the engine's one user; set in speech_start */
static pthread_mutex_t active_lock = PTHREAD_MUTEX_INITIALIZER;
static int engine_rate; /* espeak_Initialize()'s sample rate once loaded */

void speech_greeting(const char *name, char *buf, size_t len)
{
	/* Spoken, not read: always Vietnamese, the voice's language. */
	static const char lead[] = "Kính chào đồng chí ";
	size_t n = text_copy(buf, len, lead);
	if (n + 1 < len)
		text_copy(buf + n, len - n, name);
}

static int cut_short(speech *s)
{
	pthread_mutex_lock(&s->lock);
	int cut = s->pending || s->cancel || s->stop;
	pthread_mutex_unlock(&s->lock);
	return cut;
}

static int on_synth(short *wav, int n, espeak_EVENT *events)
{
	(void)events;
	speech *s = active;
	if (!s || s->refused)
		return 1;
	if (!wav) /* the end of the text */
		return 0;
	if (cut_short(s))
		return 1;
	if (n > 0) {
		if (s->sink.audio(s->sink.ctx, s->cur.ticket, wav, (size_t)n, s->rate)) {
			s->refused = 1;
			return 1;
		}
		s->cur.samples += (size_t)n;
	}
	return 0;
}

static void *speech_main(void *arg)
{
	speech *s = arg;
	char text[SPEECH_TEXT_MAX];
	for (;;) {
		pthread_mutex_lock(&s->lock);
		while (!s->pending && !s->stop)
			pthread_cond_wait(&s->wake, &s->lock);
		if (s->stop) {
			pthread_mutex_unlock(&s->lock);
			break;
		}
		memcpy(text, s->text, sizeof text);
		memset(&s->cur, 0, sizeof s->cur);
		s->cur.ticket = s->ticket;
		memcpy(s->cur.tag, s->tag, sizeof s->cur.tag);
		s->cur.asked_ms = s->asked_ms;
		s->cur.rate = s->rate;
		s->pending = s->cancel = 0;
		s->busy = 1;
		pthread_mutex_unlock(&s->lock);

		s->refused = 0;
		s->cur.start_ms = clock_now_ms();
		espeak_ERROR rc = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, NULL, s);
		int cut = s->refused || cut_short(s);
		if (rc == EE_OK && !cut && s->cur.samples)
			cut = s->sink.audio(s->sink.ctx, s->cur.ticket, NULL, 0, s->rate) != 0;
		s->cur.end_ms = clock_now_ms();
		s->cur.completed = rc == EE_OK && !cut && s->cur.samples > 0;
		pthread_mutex_lock(&s->lock);
		s->busy = 0;
		pthread_mutex_unlock(&s->lock);
		if (s->sink.done)
			s->sink.done(s->sink.ctx, &s->cur);
	}
	return NULL;
}

int speech_start(speech **out, const char *voice, const struct speech_sink *sink, ck_err *err)
{
	*out = NULL;
	pthread_mutex_lock(&active_lock);
	if (active) {
		pthread_mutex_unlock(&active_lock);
		return ck_fail(err, CK_STATE, _("lời chào bằng giọng nói đã đang chạy"));
	}
	speech *s = calloc(1, sizeof *s);
	if (!s) {
		pthread_mutex_unlock(&active_lock);
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ cho lời chào"));
	}
	s->sink = *sink;
	/* once per process: espeak-ng 1.51 hangs in espeak_Terminate() after a
	 * second espeak_Initialize(), so the engine stays loaded until exit */
	if (!engine_rate)
		engine_rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, CHUNK_MS, NULL, espeakINITIALIZE_DONT_EXIT);
	s->rate = engine_rate;
	if (s->rate <= 0) {
		engine_rate = 0;
		free(s);
		pthread_mutex_unlock(&active_lock);
		return ck_fail(err, CK_NOT_FOUND, _("không khởi động được espeak-ng (thiếu gói espeak-ng-data?)"));
	}
	if (espeak_SetVoiceByName(voice) != EE_OK) {
		free(s);
		pthread_mutex_unlock(&active_lock);
		return ck_fail(err, CK_NOT_FOUND, _("espeak-ng không có giọng '%s'"), voice);
	}
	espeak_SetSynthCallback(on_synth);
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	active = s;
	if (pthread_create(&s->thread, NULL, speech_main, s)) {
		active = NULL;
		pthread_cond_destroy(&s->wake);
		pthread_mutex_destroy(&s->lock);
		free(s);
		pthread_mutex_unlock(&active_lock);
		return ck_fail(err, CK_INTERNAL, _("không tạo được luồng đọc lời chào"));
	}
	pthread_mutex_unlock(&active_lock);
	*out = s;
	return 0;
}

void speech_say(speech *s, const char *text, uint64_t ticket, const char *tag)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	text_copy(s->text, sizeof s->text, text);
	text_copy(s->tag, sizeof s->tag, tag);
	s->ticket = ticket;
	s->asked_ms = clock_now_ms();
	s->pending = 1;
	pthread_cond_broadcast(&s->wake);
	pthread_mutex_unlock(&s->lock);
}

void speech_cancel(speech *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->pending = 0;
	if (s->busy)
		s->cancel = 1;
	pthread_mutex_unlock(&s->lock);
}

int speech_idle(speech *s)
{
	pthread_mutex_lock(&s->lock);
	int idle = !s->pending && !s->busy;
	pthread_mutex_unlock(&s->lock);
	return idle;
}

void speech_stop(speech *s)
{
	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = 1;
	pthread_cond_broadcast(&s->wake);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	pthread_mutex_lock(&active_lock);
	active = NULL;
	pthread_mutex_unlock(&active_lock);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
