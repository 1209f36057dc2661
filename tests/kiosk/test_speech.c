/* test_speech.c - the spoken greeting (kiosk/speech.c), headless: espeak-ng
 * synthesises into this test's sink instead of a sound card.
 *  - a Vietnamese name gives audio (some length, not silence), and ends
 *    with the "complete" call;
 *  - a second greeting asked while the first is being made cuts the first
 *    short (no audio of the first after that) and is spoken whole;
 *  - speech_cancel and a sink that refuses audio stop a greeting;
 *  - stopping while a long text is spoken returns.
 * Every wait is bounded (WAIT_S); nothing is timed. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "speech.h"

#define WAIT_S 60
#define MAXREP 16

static int failures;

#define CHECK(cond)                                                                 \
	do {                                                                            \
		if (!(cond)) {                                                              \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                                             \
		}                                                                           \
	} while (0)

/* What the sink saw, under lock. */
static struct {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct speech_report rep[MAXREP];
	int nrep;
	size_t samples[8];   /* per ticket */
	int peak[8];         /* largest |sample| per ticket */
	int completes[8];    /* n == 0 calls per ticket */
	int after_next[8];   /* chunks of a ticket after the next was asked */
	int next_asked[8];
	/* what to do on the first chunk of a ticket */
	uint64_t on_first_say, on_first_cancel, refuse_second;
	speech *sp;
} seen = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static const char *NAME_A = "Kính chào đồng chí Nguyễn Thị Hồng";
static const char *NAME_B = "Kính chào đồng chí Rơ Châm Ksor H'Bia";

static int audio(void *ctx, uint64_t ticket, const int16_t *pcm, size_t n, int rate)
{
	(void)ctx;
	(void)rate;
	int refuse = 0, say = 0, cancel = 0;
	pthread_mutex_lock(&seen.lock);
	if (ticket < 8) {
		if (!n) {
			seen.completes[ticket]++;
		} else {
			int first = seen.samples[ticket] == 0;
			if (seen.next_asked[ticket])
				seen.after_next[ticket]++;
			if (seen.refuse_second == ticket && !first)
				refuse = 1;
			else
				seen.samples[ticket] += n;
			for (size_t i = 0; i < n; i++) {
				int v = pcm[i] < 0 ? -pcm[i] : pcm[i];
				if (v > seen.peak[ticket])
					seen.peak[ticket] = v;
			}
			say = first && seen.on_first_say == ticket;
			cancel = first && seen.on_first_cancel == ticket;
		}
	}
	pthread_mutex_unlock(&seen.lock);
	if (say) {
		/* the next delegate scans while this greeting is being made */
		pthread_mutex_lock(&seen.lock);
		seen.next_asked[ticket] = 1;
		pthread_mutex_unlock(&seen.lock);
		speech_say(seen.sp, NAME_B, ticket + 1, "next");
	}
	if (cancel)
		speech_cancel(seen.sp);
	return refuse;
}

static void done(void *ctx, const struct speech_report *r)
{
	(void)ctx;
	pthread_mutex_lock(&seen.lock);
	if (seen.nrep < MAXREP)
		seen.rep[seen.nrep++] = *r;
	pthread_cond_broadcast(&seen.cond);
	pthread_mutex_unlock(&seen.lock);
}

/* Wait until n reports are in; 0 when they are. */
static int wait_reports(int n)
{
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += WAIT_S;
	pthread_mutex_lock(&seen.lock);
	int rc = 0;
	while (seen.nrep < n && rc == 0)
		rc = pthread_cond_timedwait(&seen.cond, &seen.lock, &until);
	int ok = seen.nrep >= n;
	pthread_mutex_unlock(&seen.lock);
	if (!ok)
		fprintf(stderr, "timed out waiting for %d greeting report(s)\n", n);
	return ok ? 0 : -1;
}

static const struct speech_report *report_of(uint64_t ticket)
{
	const struct speech_report *r = NULL;
	pthread_mutex_lock(&seen.lock);
	for (int i = 0; i < seen.nrep && !r; i++)
		if (seen.rep[i].ticket == ticket)
			r = &seen.rep[i]; /* written once, before nrep counts it */
	pthread_mutex_unlock(&seen.lock);
	return r;
}

static void test_greeting_text(void)
{
	char buf[64];
	speech_greeting("Nguyễn Thị Hồng", buf, sizeof buf);
	CHECK(!strcmp(buf, "Kính chào đồng chí Nguyễn Thị Hồng"));
	speech_greeting("Nguyễn Thị Hồng", buf, 32); /* cut between letters, never in one */
	CHECK(!strcmp(buf, "Kính chào đồng chí Nguy"));
}

int main(void)
{
	test_greeting_text();

	struct speech_sink sink = {.audio = audio, .done = done};
	ck_err err = {0};
	speech *sp = NULL;
	if (speech_start(&sp, "vi", &sink, &err) < 0) {
		fprintf(stderr, "speech_start: %s\n", err.msg);
		return 1;
	}
	seen.sp = sp;
	speech *other = NULL;
	CHECK(speech_start(&other, "vi", &sink, &err) < 0 && !other); /* one engine per process */

	/* 1: a whole greeting */
	speech_say(sp, NAME_A, 1, "one");
	if (wait_reports(1) == 0) {
		const struct speech_report *r = report_of(1);
		CHECK(r && r->completed && !strcmp(r->tag, "one"));
		CHECK(r && r->rate >= 8000 && r->samples == seen.samples[1]);
		/* "Kính chào đồng chí Nguyễn Thị Hồng" takes well over half a second */
		CHECK(r && seen.samples[1] > (size_t)r->rate / 2);
		CHECK(seen.peak[1] > 1000); /* not silence */
		CHECK(seen.completes[1] == 1);
		CHECK(r && r->asked_ms <= r->start_ms && r->start_ms <= r->end_ms);
		printf("greeting 1: %zu samples at %d Hz, peak %d\n", seen.samples[1], r ? r->rate : 0, seen.peak[1]);
	}

	/* 2: the next delegate scans while greeting 2 is made: 2 is cut short
	 * (nothing of it after that), 3 is spoken whole */
	pthread_mutex_lock(&seen.lock);
	seen.on_first_say = 2;
	pthread_mutex_unlock(&seen.lock);
	speech_say(sp, NAME_A, 2, "two");
	if (wait_reports(3) == 0) {
		const struct speech_report *r2 = report_of(2), *r3 = report_of(3);
		CHECK(r2 && !r2->completed && seen.completes[2] == 0);
		CHECK(seen.samples[2] > 0 && seen.samples[2] < seen.samples[1]);
		CHECK(seen.after_next[2] == 0);
		CHECK(r3 && r3->completed && !strcmp(r3->tag, "next") && seen.completes[3] == 1);
		CHECK(seen.samples[3] > 0 && seen.peak[3] > 1000);
		CHECK(seen.rep[1].ticket == 2 && seen.rep[2].ticket == 3); /* in that order */
		printf("greeting 2 cut after %zu of %zu samples; greeting 3: %zu samples\n", seen.samples[2],
		       seen.samples[1], seen.samples[3]);
	}

	/* 3: speech_cancel while greeting 4 is made */
	pthread_mutex_lock(&seen.lock);
	seen.on_first_cancel = 4;
	pthread_mutex_unlock(&seen.lock);
	speech_say(sp, NAME_A, 4, "four");
	if (wait_reports(4) == 0) {
		const struct speech_report *r = report_of(4);
		CHECK(r && !r->completed && seen.samples[4] < seen.samples[1] && seen.completes[4] == 0);
	}

	/* 4: the player refuses greeting 5's second chunk (cut short there) */
	pthread_mutex_lock(&seen.lock);
	seen.refuse_second = 5;
	pthread_mutex_unlock(&seen.lock);
	speech_say(sp, NAME_A, 5, "five");
	if (wait_reports(5) == 0) {
		const struct speech_report *r = report_of(5);
		CHECK(r && !r->completed && r->samples == seen.samples[5] && seen.samples[5] < seen.samples[1]);
	}
	CHECK(speech_idle(sp));

	/* 5: a cancel with nothing to cut, then stop while a long text is made */
	speech_cancel(sp);
	char longtext[SPEECH_TEXT_MAX];
	longtext[0] = 0;
	static const char piece[] = "Kính chào đồng chí Nguyễn Văn An. ";
	while (strlen(longtext) + sizeof piece <= sizeof longtext)
		strcat(longtext, piece);
	speech_say(sp, longtext, 6, "six");
	speech_stop(sp);
	CHECK(seen.nrep <= 6);

	/* the engine can be started again after a stop */
	CHECK(speech_start(&sp, "vi", &sink, &err) == 0);
	speech_stop(sp);
	CHECK(speech_start(&sp, "no-such-voice-xx", &sink, &err) < 0 && strstr(err.msg, "no-such-voice-xx"));

	if (failures) {
		fprintf(stderr, "%d check(s) failed\n", failures);
		return 1;
	}
	printf("speech: all checks passed\n");
	return 0;
}
