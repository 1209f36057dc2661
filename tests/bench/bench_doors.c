/* bench_doors.c - the library's side of the several-doors benchmarks
 * (tests/bench/bench_doors.py drives it under pg_virtualenv).
 *
 *   bench_doors stations DB THREADS PER_THREAD [--shared]
 *       THREADS stations, each a thread with its own store (its own
 *       connection), call checkin_record on scanned codes as fast as they
 *       can. Without --shared each station takes its own PER_THREAD
 *       delegates (all ok); with --shared every station scans the same
 *       PER_THREAD codes in its own order (one ok each, the rest already).
 *       Prints
 *         STATIONS threads calls ok already busy_retries wall_s per_s
 *                  p50_ms p95_ms p99_ms max_ms
 *   bench_doors commit DB STATION
 *       One code a line on stdin; records each and prints
 *         COMMIT result t_before_ns t_after_ns
 *       on CLOCK_MONOTONIC (the clock Python's time.monotonic reads).
 *   bench_doors pull DB REPLICA
 *       Copy the server into a door's replica (replica_pull).
 *   bench_doors fill REPLICA STATION COUNT SKIP
 *       With the server away: COUNT offline check-ins into the replica's
 *       outbox (checkin_record with .outbox), of the delegates after the
 *       first SKIP that have not arrived. Prints FILL count seconds.
 *   bench_doors drain DB REPLICA
 *       Send the outbox in batches of STATION_SYNC_BATCH (50, as a kiosk
 *       does) until it is empty. Prints DRAIN sent seconds per_s.
 *
 * Wall-clock times; every commit is durable. Exit 1 on any failure. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "checkin/checkin.h"
#include "checkin/clock.h"
#include "checkin/delegate.h"
#include "checkin/replica.h"
#include "checkin/store.h"

#define SYNC_BATCH 50 /* kiosk/station_sm.h STATION_SYNC_BATCH */
#define BUSY_TRIES 50

static int64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(const double *v, size_t n, double q)
{
	size_t i = (size_t)(q * (double)n + 0.999999);
	if (n == 0)
		return 0;
	if (i < 1)
		i = 1;
	return v[(i > n ? n : i) - 1];
}

/* The current codes of the delegates not yet arrived, in id order. */
static int absent_codes(store *st, char ***codes, size_t *n, ck_err *err)
{
	struct delegate_filter f = {.presence = PRESENCE_ABSENT};
	struct delegate *v = NULL;
	size_t nv = 0;
	*codes = NULL;
	*n = 0;
	if (delegate_list(st, &f, &v, &nv, err) < 0)
		return -1;
	char **c = calloc(nv ? nv : 1, sizeof *c);
	if (!c) {
		delegates_free(v, nv);
		return ck_fail(err, CK_NOMEM, "out of memory");
	}
	for (size_t i = 0; i < nv; i++)
		if (v[i].code) {
			c[*n] = v[i].code;
			v[i].code = NULL;
			(*n)++;
		}
	delegates_free(v, nv);
	*codes = c;
	return 0;
}

static void codes_free(char **c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(c[i]);
	free(c);
}

/* ---- stations ---- */

struct worker {
	const char *db;
	char name[32];
	char **codes;        /* borrowed */
	size_t n;
	double *lat_ms;      /* n, owned by main */
	int ok, already, retries, failed;
	ck_err err;          /* why it failed */
};

static void *work(void *arg)
{
	struct worker *w = arg;
	store *st = NULL;
	ck_err err = {0};
	if (store_open_with(w->db, 0, 0, &st, &err) < 0) {
		w->err = err;
		w->failed = 1;
		return NULL;
	}
	for (size_t i = 0; i < w->n; i++) {
		struct checkin_outcome o;
		struct checkin_req q = {.payload = w->codes[i], .station = w->name, .method = METHOD_SCANNER};
		int64_t t0 = mono_ns();
		int rc, tries = 0;
		for (;;) { /* a serialisation failure or deadlock is tried again */
			q.at_ms = clock_now_ms();
			rc = checkin_record(st, &q, &o, &err);
			if (rc == 0 || err.kind != CK_BUSY || ++tries >= BUSY_TRIES)
				break;
			checkin_outcome_release(&o);
			w->retries++;
		}
		w->lat_ms[i] = (double)(mono_ns() - t0) / 1e6;
		if (rc < 0) {
			checkin_outcome_release(&o);
			w->err = err;
			w->failed = 1;
			break;
		}
		w->ok += o.result == CHECKIN_OK;
		w->already += o.result == CHECKIN_ALREADY;
		checkin_outcome_release(&o);
	}
	store_close(st);
	return NULL;
}

static int stations(const char *db, int threads, size_t per, int shared)
{
	store *st = NULL;
	ck_err err = {0};
	char **codes = NULL;
	size_t ncodes = 0, need = shared ? per : per * (size_t)threads;
	struct worker *w = calloc((size_t)threads, sizeof *w);
	pthread_t *tid = calloc((size_t)threads, sizeof *tid);
	double *all = calloc(per * (size_t)threads, sizeof *all);
	int rc = 1, started = 0;

	if (!w || !tid || !all) {
		fprintf(stderr, "error: out of memory\n");
		goto out;
	}
	if (store_open_with(db, 0, 0, &st, &err) < 0 || absent_codes(st, &codes, &ncodes, &err) < 0) {
		fprintf(stderr, "error: %s\n", err.msg);
		goto out;
	}
	if (ncodes < need) {
		fprintf(stderr, "error: %zu delegates have not arrived; %zu needed\n", ncodes, need);
		goto out;
	}
	srand(12345);
	for (int t = 0; t < threads; t++) {
		w[t].db = db;
		snprintf(w[t].name, sizeof w[t].name, "cua-%d", t + 1);
		w[t].n = per;
		w[t].lat_ms = all + (size_t)t * per;
		w[t].codes = calloc(per, sizeof *w[t].codes);
		if (!w[t].codes) {
			fprintf(stderr, "error: out of memory\n");
			goto out;
		}
		for (size_t i = 0; i < per; i++)
			w[t].codes[i] = codes[shared ? i : (size_t)t * per + i];
		if (shared) /* each door its own order */
			for (size_t i = per - 1; i > 0; i--) {
				size_t j = (size_t)rand() % (i + 1);
				char *x = w[t].codes[i];
				w[t].codes[i] = w[t].codes[j];
				w[t].codes[j] = x;
			}
	}
	int64_t t0 = mono_ns();
	for (; started < threads; started++)
		if (pthread_create(&tid[started], NULL, work, &w[started]) != 0) {
			fprintf(stderr, "error: cannot start a thread\n");
			break;
		}
	for (int t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	double wall = (double)(mono_ns() - t0) / 1e9;
	if (started < threads)
		goto out;
	int ok = 0, already = 0, retries = 0;
	for (int t = 0; t < threads; t++) {
		if (w[t].failed) {
			fprintf(stderr, "error: %s: %s\n", w[t].name, w[t].err.msg);
			goto out;
		}
		ok += w[t].ok;
		already += w[t].already;
		retries += w[t].retries;
	}
	size_t calls = per * (size_t)threads;
	if ((size_t)ok != (shared ? per : calls)) {
		fprintf(stderr, "error: %d ok for %zu delegates\n", ok, shared ? per : calls);
		goto out;
	}
	qsort(all, calls, sizeof *all, cmp_double);
	printf("STATIONS\t%d\t%zu\t%d\t%d\t%d\t%.3f\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\n", threads, calls, ok, already,
	       retries, wall, (double)calls / wall, pct(all, calls, .5), pct(all, calls, .95), pct(all, calls, .99),
	       all[calls - 1]);
	rc = 0;
out:
	if (w)
		for (int t = 0; t < threads; t++)
			free(w[t].codes);
	free(w);
	free(tid);
	free(all);
	codes_free(codes, ncodes);
	store_close(st);
	return rc;
}

/* ---- commit: one check-in per line of stdin ---- */

static int commit(const char *db, const char *station)
{
	store *st = NULL;
	ck_err err = {0};
	char line[256];
	if (store_open_with(db, 0, 0, &st, &err) < 0) {
		fprintf(stderr, "error: %s\n", err.msg);
		return 1;
	}
	printf("READY\n");
	fflush(stdout);
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\r\n")] = 0;
		if (!*line)
			continue;
		struct checkin_outcome o;
		struct checkin_req q = {.payload = line, .station = station, .method = METHOD_SCANNER,
		                        .at_ms = clock_now_ms()};
		int64_t t0 = mono_ns();
		int rc = checkin_record(st, &q, &o, &err);
		int64_t t1 = mono_ns();
		if (rc < 0) {
			fprintf(stderr, "error: %s\n", err.msg);
			store_close(st);
			return 1;
		}
		printf("COMMIT\t%s\t%lld\t%lld\n", checkin_result_name(o.result), (long long)t0, (long long)t1);
		fflush(stdout);
		checkin_outcome_release(&o);
	}
	store_close(st);
	return 0;
}

/* ---- the outbox ---- */

static int pull(const char *db, const char *replica)
{
	store *remote = NULL, *local = NULL;
	ck_err err = {0};
	int rc = 1;
	if (store_open_with(db, 0, 0, &remote, &err) < 0 || store_open(replica, &local, &err) < 0 ||
	    replica_pull(remote, local, &err) < 0)
		fprintf(stderr, "error: %s\n", err.msg);
	else
		rc = 0;
	store_close(local);
	store_close(remote);
	return rc;
}

static int fill(const char *replica, const char *station, size_t count, size_t skip)
{
	store *local = NULL;
	ck_err err = {0};
	char **codes = NULL;
	size_t n = 0;
	int rc = 1;
	if (store_open(replica, &local, &err) < 0 || absent_codes(local, &codes, &n, &err) < 0) {
		fprintf(stderr, "error: %s\n", err.msg);
		goto out;
	}
	if (n < skip + count) {
		fprintf(stderr, "error: %zu delegates have not arrived; %zu needed\n", n, skip + count);
		goto out;
	}
	int64_t t0 = mono_ns();
	for (size_t i = 0; i < count; i++) {
		struct checkin_outcome o;
		struct checkin_req q = {.payload = codes[skip + i], .station = station, .method = METHOD_SCANNER,
		                        .at_ms = clock_now_ms(), .outbox = 1};
		if (checkin_record(local, &q, &o, &err) < 0) {
			fprintf(stderr, "error: %s\n", err.msg);
			goto out;
		}
		if (o.result != CHECKIN_OK) {
			fprintf(stderr, "error: offline check-in %zu was %s\n", i, checkin_result_name(o.result));
			checkin_outcome_release(&o);
			goto out;
		}
		checkin_outcome_release(&o);
	}
	int64_t waiting;
	if (replica_outbox_count(local, &waiting, NULL, &err) < 0 || waiting != (int64_t)count) {
		fprintf(stderr, "error: the outbox holds %lld, not %zu\n", (long long)waiting, count);
		goto out;
	}
	printf("FILL\t%zu\t%.3f\n", count, (double)(mono_ns() - t0) / 1e9);
	rc = 0;
out:
	codes_free(codes, n);
	store_close(local);
	return rc;
}

static int drain(const char *db, const char *replica)
{
	store *remote = NULL, *local = NULL;
	ck_err err = {0};
	int rc = 1, total = 0;
	int64_t left = 0;
	if (store_open_with(db, 0, 0, &remote, &err) < 0 || store_open(replica, &local, &err) < 0) {
		fprintf(stderr, "error: %s\n", err.msg);
		goto out;
	}
	int64_t t0 = mono_ns();
	for (int round = 0; round < 100000; round++) {
		int sent = 0;
		if (replica_drain(local, remote, SYNC_BATCH, &sent, &err) < 0 ||
		    replica_outbox_count(local, &left, NULL, &err) < 0) {
			fprintf(stderr, "error: %s\n", err.msg);
			goto out;
		}
		total += sent;
		if (left == 0 || sent == 0)
			break;
	}
	double s = (double)(mono_ns() - t0) / 1e9;
	if (left) {
		fprintf(stderr, "error: %lld entries left in the outbox\n", (long long)left);
		goto out;
	}
	printf("DRAIN\t%d\t%.3f\t%.1f\n", total, s, total / s);
	rc = 0;
out:
	store_close(local);
	store_close(remote);
	return rc;
}

static int usage(void)
{
	fprintf(stderr, "usage: bench_doors stations DB THREADS PER_THREAD [--shared]\n"
	                "       bench_doors commit DB STATION\n"
	                "       bench_doors pull DB REPLICA\n"
	                "       bench_doors fill REPLICA STATION COUNT SKIP\n"
	                "       bench_doors drain DB REPLICA\n");
	return 2;
}

int main(int argc, char **argv)
{
	if (argc >= 5 && !strcmp(argv[1], "stations")) {
		int threads = atoi(argv[3]);
		long per = atol(argv[4]);
		int shared = argc == 6 && !strcmp(argv[5], "--shared");
		if (threads < 1 || threads > 64 || per < 1 || argc > 6 || (argc == 6 && !shared))
			return usage();
		return stations(argv[2], threads, (size_t)per, shared);
	}
	if (argc == 4 && !strcmp(argv[1], "commit"))
		return commit(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "pull"))
		return pull(argv[2], argv[3]);
	if (argc == 6 && !strcmp(argv[1], "fill") && atol(argv[4]) > 0 && atol(argv[5]) >= 0)
		return fill(argv[2], argv[3], (size_t)atol(argv[4]), (size_t)atol(argv[5]));
	if (argc == 4 && !strcmp(argv[1], "drain"))
		return drain(argv[2], argv[3]);
	return usage();
}
