/* bench_dashboard.c - the live dashboard with many clients: bytes per
 * check-in per client, and the time until every client has it.
 *
 *   bench_dashboard [--clients N] [--checkins K] ADMIN EVENT.INI ROSTER.CSV
 *
 * Sets up a store in a temporary directory with ADMIN (checkin-admin init
 * and import), starts `ADMIN serve` on loopback and opens N event streams
 * (/api/events), each from its own loopback address as phones are, then
 * checks K delegates in one after another (in-process, checkin_delegate(),
 * as a kiosk's commit) and reads every stream until each client has the
 * event of that check-in. Twice: once as the page does (deltas), once with
 * ?whole=1, which sends the whole picture on every change as every client
 * got it before deltas. Prints per mode:
 *   DASHBOARD <mode> <clients> <check-ins> <bytes per check-in per client>
 *     <commit to first client p50 ms> <p95> <commit to last client p50 ms>
 *     <p95> <first to last client p50 ms> <p95> <serve CPU ms per check-in>
 *     <clients that missed a check-in>
 * The commit-to-client times include the server's wait for the change
 * (an inotify watch on the store's folder, then the commit's visibility;
 * until 2026-12 it looked every 250 ms, and the pauses between check-ins
 * still vary so that commits fall anywhere in such a wait); first-to-last
 * is the fan-out alone.
 * Wall-clock times on loopback; the client side runs in this one thread. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "checkin/checkin.h"
#include "checkin/clock.h"
#include "checkin/delegate.h"
#include "checkin/store.h"

#define ROUND_BOUND_MS 10000  /* a check-in must reach every client within this */
#define SETTLE_MS 400         /* between check-ins: one change per picture ... */
#define JITTER_MS 250         /* ... plus up to this, so that check-ins fall anywhere in a server's look */

struct client {
	int fd;
	int head_done;        /* the HTTP head was read */
	char tail[4];         /* the last bytes of the head, to find its end */
	int nl;               /* the last byte read was '\n' */
	char bhead[48];       /* the first bytes of the current event block */
	size_t bhead_len;
	uint64_t gen;         /* generation of the newest complete event */
	uint64_t bytes;       /* bytes of events read */
	double done_ms;       /* when it had this round's event, 0 before */
};

static double mono_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double q)
{
	size_t i = (size_t)(q * (double)n + 0.999999);
	if (n == 0)
		return 0;
	qsort(v, n, sizeof *v, cmp_double);
	if (i < 1)
		i = 1;
	return v[(i > n ? n : i) - 1];
}

static int run(char *const argv[])
{
	pid_t p = fork();
	if (p == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(null, 1);
		execv(argv[0], argv);
		_exit(127);
	}
	int st;
	if (p < 0 || waitpid(p, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Start `admin --db db serve --listen 127.0.0.1:0`; returns its pid and port. */
static pid_t start_serve(const char *admin, const char *db, int *port)
{
	int out[2];
	if (pipe(out) < 0)
		return -1;
	pid_t p = fork();
	if (p == 0) {
		int null = open("/dev/null", O_WRONLY);
		dup2(out[1], 1);
		dup2(null, 2);
		close(out[0]);
		execl(admin, admin, "--db", db, "serve", "--listen", "127.0.0.1:0", (char *)NULL);
		_exit(127);
	}
	close(out[1]);
	char buf[8192];
	size_t len = 0;
	double t0 = mono_ms();
	*port = 0;
	while (len < sizeof buf - 1 && mono_ms() - t0 < 30000) {
		ssize_t n = read(out[0], buf + len, sizeof buf - 1 - len);
		if (n <= 0)
			break;
		len += (size_t)n;
		buf[len] = '\0';
		const char *u = strstr(buf, "http://127.0.0.1:");
		if (u && strstr(buf, "Ctrl-C")) {
			*port = atoi(u + strlen("http://127.0.0.1:"));
			break;
		}
	}
	close(out[0]);
	if (!*port) {
		kill(p, SIGKILL);
		waitpid(p, NULL, 0);
		return -1;
	}
	return p;
}

/* The serve process's CPU time so far (user + system), ms. */
static double cpu_ms(pid_t p)
{
	char path[64], buf[1024];
	snprintf(path, sizeof path, "/proc/%d/stat", (int)p);
	FILE *f = fopen(path, "r");
	if (!f)
		return 0;
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = '\0';
	char *s = strrchr(buf, ')');
	unsigned long ut = 0, stt = 0;
	/* after ")": state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime */
	if (!s || sscanf(s + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &stt) != 2)
		return 0;
	return (double)(ut + stt) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

static int connect_client(struct client *c, int i, int port, int whole, int ep)
{
	struct sockaddr_in src = {.sin_family = AF_INET}, dst = {.sin_family = AF_INET};
	char req[128];
	memset(c, 0, sizeof *c);
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (c->fd < 0)
		return -1;
	/* 127.0.1.1, 127.0.1.2, ...: the server takes only so many from one address */
	src.sin_addr.s_addr = htonl(0x7f000000u | (uint32_t)(1 + i / 250) << 8 | (uint32_t)(1 + i % 250));
	dst.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	dst.sin_port = htons((uint16_t)port);
	if (bind(c->fd, (struct sockaddr *)&src, sizeof src) < 0 ||
	    connect(c->fd, (struct sockaddr *)&dst, sizeof dst) < 0)
		return -1;
	int n = snprintf(req, sizeof req, "GET /api/events%s HTTP/1.0\r\nHost: x\r\n\r\n", whole ? "?whole=1" : "");
	if (write(c->fd, req, (size_t)n) != n)
		return -1;
	fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
	struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
	return epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev);
}

/* Take in what c read: skip the HTTP head, then find each event's end
 * ("\n\n") and the generation in its "id: RUN.GEN" line. */
static void take(struct client *c, const char *p, size_t n)
{
	size_t i = 0;
	if (!c->head_done) {
		for (; i < n && !c->head_done; i++) {
			memmove(c->tail, c->tail + 1, 3);
			c->tail[3] = p[i];
			c->head_done = !memcmp(c->tail, "\r\n\r\n", 4);
		}
		c->nl = 1;  /* a block starts here */
		c->bhead_len = 0;
	}
	c->bytes += n - i;
	while (i < n) {
		const char *e = memchr(p + i, '\n', n - i);
		size_t end = e ? (size_t)(e - p) + 1 : n;
		if (c->bhead_len < sizeof c->bhead - 1) {  /* the block's first bytes, for its id */
			size_t k = sizeof c->bhead - 1 - c->bhead_len;
			if (k > end - i)
				k = end - i;
			memcpy(c->bhead + c->bhead_len, p + i, k);
			c->bhead_len += k;
		}
		if (!e) {
			c->nl = 0;
			return;
		}
		int blank = c->nl && end == i + 1;  /* "\n" right after "\n": the block ends */
		c->nl = 1;
		i = end;
		if (blank) {
			c->bhead[c->bhead_len] = '\0';
			if (!strncmp(c->bhead, "id: ", 4)) {
				const char *dot = strchr(c->bhead, '.');
				if (dot)
					c->gen = strtoull(dot + 1, NULL, 10);
			}
			c->bhead_len = 0;
		}
	}
}

/* Read every ready stream until done() or bound ms pass. */
static void pump(int ep, struct client *cl, int n, uint64_t want, double bound_ms, double t_start)
{
	static char buf[1 << 18];
	struct epoll_event evs[64];
	int left = 0;
	for (int i = 0; i < n; i++)
		left += cl[i].gen < want;
	while (left > 0 && mono_ms() - t_start < bound_ms) {
		int k = epoll_wait(ep, evs, 64, 50);
		for (int j = 0; j < k; j++) {
			struct client *c = evs[j].data.ptr;
			for (;;) {
				ssize_t r = recv(c->fd, buf, sizeof buf, 0);
				if (r <= 0)
					break;
				int was = c->gen >= want;
				take(c, buf, (size_t)r);
				if (!was && c->gen >= want) {
					c->done_ms = mono_ms();
					left--;
				}
			}
		}
	}
}

struct result {
	double bytes, first50, first95, last50, last95, spread50, spread95, cpu;
	int missed;
};

static int bench_mode(const char *admin_db, store *st, int64_t *ids, int *next_id, int nids, pid_t serve,
                      int port, int nclients, int rounds, int whole, struct result *res)
{
	struct client *cl = calloc((size_t)nclients, sizeof *cl);
	double *first = calloc((size_t)rounds, sizeof *first), *last = calloc((size_t)rounds, sizeof *last);
	double *spread = calloc((size_t)rounds, sizeof *spread);
	int ep = epoll_create1(EPOLL_CLOEXEC), rc = -1, done_rounds = 0;
	uint64_t bytes = 0;
	double cpu0, cpu = 0;
	(void)admin_db;

	memset(res, 0, sizeof *res);
	srand(1);  /* the same pauses for both modes */
	if (!cl || !first || !last || !spread || ep < 0)
		goto out;
	for (int i = 0; i < nclients; i++)
		if (connect_client(&cl[i], i, port, whole, ep) < 0) {
			fprintf(stderr, "bench_dashboard: client %d: %s\n", i, strerror(errno));
			goto out;
		}
	pump(ep, cl, nclients, 1, ROUND_BOUND_MS * 3, mono_ms());
	for (int i = 0; i < nclients; i++)
		if (!cl[i].gen) {
			fprintf(stderr, "bench_dashboard: client %d got no first picture\n", i);
			goto out;
		}
	for (int r = 0; r < rounds && *next_id < nids; r++) {
		struct timespec settle = {0, (SETTLE_MS + rand() % JITTER_MS) * 1000000L};
		nanosleep(&settle, NULL);
		pump(ep, cl, nclients, UINT64_MAX, 1, mono_ms());  /* take in anything late */
		uint64_t gen0 = 0, b0 = 0;
		for (int i = 0; i < nclients; i++) {
			if (cl[i].gen > gen0)
				gen0 = cl[i].gen;
			b0 += cl[i].bytes;
			cl[i].done_ms = 0;
		}
		struct checkin_outcome o = {0};
		ck_err err;
		cpu0 = cpu_ms(serve);
		if (checkin_delegate(st, ids[(*next_id)++], "bench", METHOD_MANUAL, clock_now_ms(), &o, &err) < 0) {
			fprintf(stderr, "bench_dashboard: check-in: %s\n", err.msg);
			checkin_outcome_release(&o);
			goto out;
		}
		checkin_outcome_release(&o);
		double t = mono_ms();
		pump(ep, cl, nclients, gen0 + 1, ROUND_BOUND_MS, t);
		double lo = 0, hi = 0;
		uint64_t b1 = 0;
		for (int i = 0; i < nclients; i++) {
			b1 += cl[i].bytes;
			if (!cl[i].done_ms) {
				res->missed++;
				continue;
			}
			double d = cl[i].done_ms - t;
			if (!lo || d < lo)
				lo = d;
			if (d > hi)
				hi = d;
		}
		cpu += cpu_ms(serve) - cpu0;
		bytes += b1 - b0;
		first[done_rounds] = lo;
		last[done_rounds] = hi;
		spread[done_rounds] = hi - lo;
		done_rounds++;
	}
	if (!done_rounds)
		goto out;
	res->bytes = (double)bytes / done_rounds / nclients;
	res->first50 = pct(first, (size_t)done_rounds, .5);
	res->first95 = pct(first, (size_t)done_rounds, .95);
	res->last50 = pct(last, (size_t)done_rounds, .5);
	res->last95 = pct(last, (size_t)done_rounds, .95);
	res->spread50 = pct(spread, (size_t)done_rounds, .5);
	res->spread95 = pct(spread, (size_t)done_rounds, .95);
	res->cpu = cpu / done_rounds;
	rc = 0;
out:
	for (int i = 0; cl && i < nclients; i++)
		if (cl[i].fd > 0)
			close(cl[i].fd);
	if (ep >= 0)
		close(ep);
	free(cl);
	free(first);
	free(last);
	free(spread);
	/* the server frees the streams' slots (it watches for hang-ups) */
	struct timespec gone = {1, 0};
	nanosleep(&gone, NULL);
	return rc;
}

int main(int argc, char **argv)
{
	int nclients = 500, rounds = 20, a = 1;
	for (; a < argc && !strncmp(argv[a], "--", 2); a += 2) {
		if (a + 1 >= argc)
			break;
		if (!strcmp(argv[a], "--clients"))
			nclients = atoi(argv[a + 1]);
		else if (!strcmp(argv[a], "--checkins"))
			rounds = atoi(argv[a + 1]);
		else
			break;
	}
	if (argc - a != 3 || nclients < 1 || rounds < 1) {
		fprintf(stderr, "usage: bench_dashboard [--clients N] [--checkins K] ADMIN EVENT.INI ROSTER.CSV\n");
		return 2;
	}
	const char *admin = argv[a], *event = argv[a + 1], *roster = argv[a + 2];
	char dir[] = "/tmp/bench-dashboard-XXXXXX", db[300];
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(db, sizeof db, "%s/t.db", dir);
	char *init[] = {(char *)admin, "--db", db, "init", "--event", (char *)event, NULL};
	char *import[] = {(char *)admin, "--db", db, "import", (char *)roster, NULL};
	if (run(init) != 0 || run(import) != 0) {
		fprintf(stderr, "bench_dashboard: cannot set up the store with %s\n", admin);
		return 1;
	}
	store *st;
	ck_err err;
	struct delegate *v = NULL;
	size_t nv = 0;
	struct delegate_filter f = {.presence = PRESENCE_ABSENT, .order = ORDER_ID};
	if (store_open(db, &st, &err) < 0 || delegate_list(st, &f, &v, &nv, &err) < 0) {
		fprintf(stderr, "bench_dashboard: %s\n", err.msg);
		return 1;
	}
	int64_t *ids = calloc(nv ? nv : 1, sizeof *ids);
	for (size_t i = 0; i < nv; i++)
		ids[i] = v[i].id;
	delegates_free(v, nv);
	int port, next = 0, status = 0;
	signal(SIGPIPE, SIG_IGN);
	pid_t serve = start_serve(admin, db, &port);
	if (serve < 0) {
		fprintf(stderr, "bench_dashboard: serve did not start\n");
		return 1;
	}
	for (int whole = 0; whole <= 1; whole++) {
		struct result r;
		if (bench_mode(db, st, ids, &next, (int)nv, serve, port, nclients, rounds, whole, &r) < 0) {
			status = 1;
			continue;
		}
		printf("DASHBOARD\t%s\t%d\t%d\t%.0f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%.1f\t%d\n",
		       whole ? "whole" : "delta", nclients, rounds, r.bytes, r.first50, r.first95, r.last50, r.last95,
		       r.spread50, r.spread95, r.cpu, r.missed);
		fflush(stdout);
	}
	kill(serve, SIGTERM);
	waitpid(serve, NULL, 0);
	store_close(st);
	free(ids);
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "bench_dashboard: cannot remove %s\n", dir);
	return status;
}
