/* test_delta.c - the dashboard's deltas, in-process.
 *
 * 1. delta.c: the patch of a few known changes has the expected shape (an
 *    arrival is a splice at the head of "recent", a bucket that grew one
 *    splice, a removed key a "del"); then random objects, randomly changed,
 *    must come back exactly through delta_make() and delta_apply(); and
 *    patches that do not fit are refused.
 * 2. hub.c on a real store with the sample roster: after each change, the event a client one
 *    generation behind gets is one "delta" that turns its picture into the
 *    current one; a client further behind gets every delta it missed, in
 *    order, unless together they are larger than the picture or no longer
 *    kept (HUB_HISTORY), when it gets the whole picture; whole=1 always
 *    gets the whole picture; hub_resume() takes only this run's ids.
 *
 * The random part prints its seed; CHECKIN_TEST_SEED=N replays it. */
#include <inttypes.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../core/check.h"
#include "../core/fixture.h"
#include "checkin/clock.h"
#include "checkin/roster.h"
#include "delta.h"
#include "hub.h"

/* ---- 1. the patch ------------------------------------------------------ */

static json_t *parse(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, 0, &e);
	if (!j)
		fprintf(stderr, "bad JSON in the test: %s: %s\n", e.text, text);
	return j;
}

/* delta_make(a, b) is want (JSON text), and applying it to a gives b. */
static int patch_is(const char *a, const char *b, const char *want)
{
	json_t *ja = parse(a), *jb = parse(b), *jw = parse(want);
	json_t *p = delta_make(ja, jb);
	int ok = p && json_equal(p, jw) && delta_apply(ja, p) == 0 && json_equal(ja, jb);
	if (!ok) {
		char *got = p ? json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
		fprintf(stderr, "patch of %s -> %s:\n  got  %s\n  want %s\n", a, b, got ? got : "NULL", want);
		free(got);
	}
	json_decref(ja);
	json_decref(jb);
	json_decref(jw);
	json_decref(p);
	return ok;
}

static int refused(const char *target, const char *patch)
{
	json_t *t = parse(target), *p = parse(patch);
	int r = delta_apply(t, p);
	json_decref(t);
	json_decref(p);
	return r < 0;
}

static void known_patches(void)
{
	CHECK(patch_is("{}", "{}", "{}"));
	CHECK(patch_is("{\"a\":1,\"b\":[1,2]}", "{\"a\":1,\"b\":[1,2]}", "{}"));
	CHECK(patch_is("{\"now\":1}", "{\"now\":2}", "{\"set\":{\"now\":2}}"));
	CHECK(patch_is("{\"t\":\"x\"}", "{\"t\":null}", "{\"set\":{\"t\":null}}"));
	CHECK(patch_is("{\"a\":1,\"b\":2}", "{\"a\":1}", "{\"del\":[\"b\"]}"));
	CHECK(patch_is("{\"a\":1}", "{\"a\":1,\"c\":{\"x\":[]}}", "{\"set\":{\"c\":{\"x\":[]}}}"));
	CHECK(patch_is("{\"a\":[1]}", "{\"a\":{\"b\":1}}", "{\"set\":{\"a\":{\"b\":1}}}"));
	/* counts that moved: nested, only what changed */
	CHECK(patch_is("{\"status\":{\"arrived\":5,\"expected\":230,\"categories\":[{\"n\":\"A\",\"a\":1},{\"n\":\"B\",\"a\":4}]}}",
	               "{\"status\":{\"arrived\":6,\"expected\":230,\"categories\":[{\"n\":\"A\",\"a\":1},{\"n\":\"B\",\"a\":5}]}}",
	               "{\"obj\":{\"status\":{\"set\":{\"arrived\":6},\"arr\":{\"categories\":[[1,1,{\"n\":\"B\",\"a\":5}]]}}}}"));
	/* an arrival: at the head of the last 3, the oldest drops out */
	CHECK(patch_is("{\"recent\":[{\"id\":3},{\"id\":2},{\"id\":1}]}", "{\"recent\":[{\"id\":4},{\"id\":3},{\"id\":2}]}",
	               "{\"arr\":{\"recent\":[[0,0,{\"id\":4}],[3,1]]}}"));
	/* an undo: out of the middle, the next older one comes back at the end */
	CHECK(patch_is("{\"recent\":[{\"id\":4},{\"id\":3},{\"id\":2}]}", "{\"recent\":[{\"id\":4},{\"id\":2},{\"id\":1}]}",
	               "{\"arr\":{\"recent\":[[1,1],[2,0,{\"id\":1}]]}}"));
	/* the last bucket grew; then a new bucket began */
	CHECK(patch_is("{\"h\":[0,3,1]}", "{\"h\":[0,3,2]}", "{\"arr\":{\"h\":[[2,1,2]]}}"));
	CHECK(patch_is("{\"h\":[0,3,2]}", "{\"h\":[0,3,2,1]}", "{\"arr\":{\"h\":[[3,0,1]]}}"));
	/* nothing kept: the array whole */
	CHECK(patch_is("{\"h\":[1,2]}", "{\"h\":[3,4,5]}", "{\"set\":{\"h\":[3,4,5]}}"));
	CHECK(patch_is("{\"h\":[1,2]}", "{\"h\":[]}", "{\"arr\":{\"h\":[[0,2]]}}"));

	/* More than DELTA_MAX_EDITS edits: sent whole. */
	json_t *a = json_object(), *b = json_object(), *aa = json_array(), *ba = json_array();
	for (int i = 0; i < 200; i++) {
		json_array_append_new(aa, json_integer(i));
		json_array_append_new(ba, json_integer(i % 3 ? i : -i));
	}
	json_object_set_new(a, "v", aa);
	json_object_set_new(b, "v", ba);
	json_t *p = delta_make(a, b);
	CHECK(p && json_object_size(p) == 1 && json_equal(json_object_get(json_object_get(p, "set"), "v"), ba));
	CHECK(p && delta_apply(a, p) == 0 && json_equal(a, b));
	json_decref(p);
	json_decref(a);
	json_decref(b);

	/* Patches that do not fit the target. */
	CHECK(refused("{\"a\":[1,2]}", "{\"arr\":{\"a\":[[3,0,9]]}}"));
	CHECK(refused("{\"a\":[1,2]}", "{\"arr\":{\"a\":[[1,2]]}}"));
	CHECK(refused("{\"a\":[1,2]}", "{\"arr\":{\"a\":[[-1,0]]}}"));
	CHECK(refused("{\"a\":[1,2]}", "{\"arr\":{\"a\":[[0]]}}"));
	CHECK(refused("{\"a\":1}", "{\"arr\":{\"a\":[[0,0]]}}"));
	CHECK(refused("{\"a\":1}", "{\"obj\":{\"a\":{\"set\":{\"b\":1}}}}"));
	CHECK(refused("{\"a\":1}", "{\"del\":[\"b\"]}"));
	CHECK(refused("{\"a\":1}", "{\"put\":{\"a\":2}}"));
	CHECK(!refused("{\"a\":1}", "{}"));
}

/* ---- random round trips ------------------------------------------------ */

static json_t *random_item(int depth)
{
	switch (rand() % (depth ? 5 : 3)) {
	case 0: return json_integer(rand() % 8);
	case 1: return rand() % 4 ? json_string(rand() % 2 ? "Nguyễn Văn An" : "xã Ia Băng") : json_null();
	case 2: return json_integer(rand() % 1000);
	case 3: {
		json_t *o = json_object();
		for (int i = rand() % 4; i >= 0; i--) {
			char k[8];
			snprintf(k, sizeof k, "k%d", rand() % 5);
			json_object_set_new(o, k, random_item(depth - 1));
		}
		return o;
	}
	default: {
		json_t *a = json_array();
		for (int i = rand() % 12; i > 0; i--)
			json_array_append_new(a, random_item(depth - 1));
		return a;
	}
	}
}

/* A changed deep copy of j: members set, removed, added; array items
 * inserted, removed, replaced; a few changes or very many. */
static void mutate(json_t *j, int depth)
{
	if (json_is_object(j)) {
		const char *key;
		json_t *v;
		void *tmp;
		json_object_foreach_safe(j, tmp, key, v) {
			int r = rand() % 10;
			if (r == 0)
				json_object_del(j, key);
			else if (r == 1)
				json_object_set_new(j, key, random_item(depth));
			else if (r < 5)
				mutate(v, depth - 1);
		}
		if (rand() % 4 == 0) {
			char k[8];
			snprintf(k, sizeof k, "n%d", rand() % 5);
			json_object_set_new(j, k, random_item(depth));
		}
	} else if (json_is_array(j)) {
		int edits = rand() % 8 == 0 ? 100 : rand() % 4;
		for (int e = 0; e < edits; e++) {
			size_t n = json_array_size(j);
			int r = rand() % 4;
			if (r == 0 || !n)
				json_array_insert_new(j, n ? (size_t)rand() % (n + 1) : 0, random_item(depth));
			else if (r == 1)
				json_array_remove(j, (size_t)rand() % n);
			else if (r == 2)
				json_array_set_new(j, (size_t)rand() % n, random_item(depth));
			else
				mutate(json_array_get(j, (size_t)rand() % n), depth - 1);
		}
	}
}

static void random_round_trips(unsigned seed)
{
	int bad = 0;
	srand(seed);
	for (int round = 0; round < 3000 && bad < 5; round++) {
		json_t *a = json_object();
		for (int i = rand() % 6; i >= 0; i--) {
			char k[8];
			snprintf(k, sizeof k, "k%d", i);
			json_object_set_new(a, k, random_item(3));
		}
		json_t *b = json_deep_copy(a);
		mutate(b, 3);
		json_t *p = delta_make(a, b);
		json_t *c = json_deep_copy(a);
		int ok = p && delta_apply(c, p) == 0 && json_equal(c, b) && (json_equal(a, b) == delta_empty(p));
		if (!ok) {
			char *ta = json_dumps(a, JSON_COMPACT), *tb = json_dumps(b, JSON_COMPACT);
			char *tp = p ? json_dumps(p, JSON_COMPACT) : NULL;
			fprintf(stderr, "round %d: %s -> %s by %s\n", round, ta, tb, tp ? tp : "NULL");
			free(ta), free(tb), free(tp);
			bad++;
		}
		CHECK(ok);
		json_decref(a);
		json_decref(b);
		json_decref(c);
		json_decref(p);
	}
}

/* ---- 2. the hub -------------------------------------------------------- */

#define CHANGES (HUB_HISTORY + 6)

struct ev {
	char id[64], kind[16];
	json_t *data;
};

/* The events of an SSE text; returns how many (at most max). */
static int events_of(const char *text, struct ev *out, int max)
{
	int n = 0;
	const char *p = text;
	while (*p && n < max) {
		const char *end = strstr(p, "\n\n");
		char *block = end ? strndup(p, (size_t)(end - p)) : NULL;
		if (!block)
			return -1;
		memset(&out[n], 0, sizeof out[n]);
		for (char *save, *line = strtok_r(block, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
			if (!strncmp(line, "id: ", 4))
				snprintf(out[n].id, sizeof out[n].id, "%s", line + 4);
			else if (!strncmp(line, "event: ", 7))
				snprintf(out[n].kind, sizeof out[n].kind, "%s", line + 7);
			else if (!strncmp(line, "data: ", 6))
				out[n].data = parse(line + 6);
		}
		free(block);
		n++;
		p = end + 2;
	}
	return n;
}

static void events_free(struct ev *e, int n)
{
	for (int i = 0; i < n; i++)
		json_decref(e[i].data);
}

static uint64_t gen_of(const char *id)
{
	const char *dot = strrchr(id, '.');
	return dot ? strtoull(dot + 1, NULL, 10) : 0;
}

static void test_hub(const char *roster)
{
	const char *path;
	store *st = fixture_store("HB01", &path);
	/* The sample roster: the picture is then about 25 KB, so that a
	 * client some deltas behind gets them rather than the picture. */
	struct import_report rep = {0};
	ck_err err;
	CHECK_MSG(roster_import(st, roster, 0, &rep, &err) == 0, "%s", err.msg);
	import_report_release(&rep);
	hub *h = NULL;
	CHECK_MSG(hub_start(path, 5, &h, &err) == 0, "%s", err.msg);
	if (!h)
		return;

	/* pictures[g] and the one delta leading to it, for every generation */
	json_t *pictures[CHANGES + 2] = {0};
	char *deltas[CHANGES + 2] = {0};
	size_t dlen[CHANGES + 2] = {0};
	uint64_t g0 = 0, base;
	char *text;
	size_t len;
	struct ev e[CHANGES + 2];

	CHECK(hub_events(h, &g0, 0, &text, &len) == 1 && g0 == 1);
	int n = events_of(text, e, 2);
	CHECK(n == 1 && !strcmp(e[0].kind, "snapshot") && gen_of(e[0].id) == 1 && e[0].data);
	uint64_t run = strtoull(e[0].id, NULL, 16);
	pictures[1] = json_incref(e[0].data);
	events_free(e, n);
	free(text);
	size_t snap_len;
	CHECK(hub_events(h, &g0, 0, &text, &len) == 0 && !text);  /* current: nothing to send */

	struct checkin_outcome o = {0};
	uint64_t g = 1;
	for (int c = 0; c < CHANGES; c++) {
		/* two check-ins, then the second one undone */
		int64_t id = 1 + (c / 3) * 2 + (c % 3 != 0);
		int r = c % 3 != 2 ? fixture_delegate(st, id, "cua-chinh", METHOD_MANUAL, clock_now_ms(), &o, &err)
		                   : checkin_undo(st, id, "cua-chinh", clock_now_ms(), NULL, &err);
		CHECK_MSG(r == 0, "change %d: %s", c, err.msg);
		uint64_t was = g;
		CHECK(hub_wait(h, &g, 10000, NULL, NULL) == 1 && g == was + 1);
		if (g != was + 1 || g > CHANGES + 1)
			break;
		/* one behind: one delta, which brings the last picture to this one */
		base = was;
		CHECK(hub_events(h, &base, 0, &text, &len) == 1 && base == g);
		n = events_of(text, e, 2);
		CHECK(n == 1 && !strcmp(e[0].kind, "delta") && gen_of(e[0].id) == g);
		json_t *pic = json_deep_copy(pictures[was]);
		CHECK(n == 1 && e[0].data && delta_apply(pic, e[0].data) == 0);
		char *now;
		size_t nlen;
		uint64_t cur = 0;
		CHECK(hub_wait(h, &cur, 0, &now, &nlen) == 1 && cur == g);
		json_t *want = parse(now);
		CHECK_MSG(json_equal(pic, want), "generation %" PRIu64 ": the delta does not give the picture", g);
		pictures[g] = want;
		deltas[g] = text;
		dlen[g] = len;
		json_decref(pic);
		free(now);
		events_free(e, n);
	}
	checkin_outcome_release(&o);

	/* Further behind: every delta missed, in order, while they are kept and
	 * together no larger than the picture's event; else the whole picture. */
	uint64_t zero = 0;
	CHECK(hub_events(h, &zero, 1, &text, &snap_len) == 1);
	free(text);
	int saw_deltas = 0, saw_snapshot = 0;
	for (uint64_t from = 1; from < g; from++) {
		size_t sum = 0;
		for (uint64_t k = from + 1; k <= g; k++)
			sum += dlen[k];
		base = from;
		CHECK(hub_events(h, &base, 0, &text, &len) == 1 && base == g);
		if (!text)
			continue;
		n = events_of(text, e, CHANGES + 2);
		if (g - from <= HUB_HISTORY && sum <= snap_len) {
			int same = n == (int)(g - from) && len == sum;
			for (int k = 0; same && k < n; k++)
				same = !strcmp(e[k].kind, "delta") && gen_of(e[k].id) == from + 1 + (uint64_t)k;
			CHECK_MSG(same, "from %" PRIu64 ": %d events, want the %" PRIu64 " deltas", from, n, g - from);
			json_t *pic = json_deep_copy(pictures[from]);
			for (int k = 0; same && k < n; k++)
				CHECK(delta_apply(pic, e[k].data) == 0);
			CHECK(json_equal(pic, pictures[g]));
			json_decref(pic);
			saw_deltas++;
		} else {
			CHECK_MSG(n == 1 && !strcmp(e[0].kind, "snapshot") && json_equal(e[0].data, pictures[g]),
			          "from %" PRIu64 ": want the whole picture", from);
			saw_snapshot++;
		}
		events_free(e, n);
		free(text);
	}
	printf("hub: %" PRIu64 " generations; a client behind got the deltas from %d of them, the picture from %d\n",
	       g, saw_deltas, saw_snapshot);
	CHECK_MSG(saw_deltas >= 3 && saw_snapshot >= 1, "%d resumed with deltas, %d with the picture", saw_deltas,
	          saw_snapshot);

	/* whole=1: always the picture */
	base = g - 1;
	CHECK(hub_events(h, &base, 1, &text, &len) == 1 && base == g);
	n = text ? events_of(text, e, 2) : 0;
	CHECK(n == 1 && !strcmp(e[0].kind, "snapshot"));
	events_free(e, n);
	free(text);

	/* Last-Event-ID: only this run's, and not from the future */
	CHECK(hub_resume(h, run, g - 2) == g - 2);
	CHECK(hub_resume(h, run, g) == g);
	CHECK(hub_resume(h, run, g + 1) == 0);
	CHECK(hub_resume(h, run ^ 1, g - 2) == 0);

	hub_stop(h);
	CHECK(hub_events(h, &base, 0, &text, &len) == -1);
	hub_free(h);
	for (size_t i = 0; i < sizeof pictures / sizeof pictures[0]; i++) {
		json_decref(pictures[i]);
		free(deltas[i]);
	}
	store_close(st);
	fixture_cleanup();
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_delta ROSTER.csv\n");
		return 2;
	}
	const char *env = getenv("CHECKIN_TEST_SEED");
	unsigned seed = env ? (unsigned)strtoul(env, NULL, 10) : (unsigned)time(NULL);
	printf("seed %u (replay: CHECKIN_TEST_SEED=%u)\n", seed, seed);
	setenv("TZ", "Asia/Ho_Chi_Minh", 1);
	tzset();
	known_patches();
	random_round_trips(seed);
	test_hub(argv[1]);
	return check_summary("test_delta");
}
