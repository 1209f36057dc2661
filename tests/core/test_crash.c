/* test_crash.c - kill -9 a process in the middle of checking delegates in,
 * again and again, then check that the database is intact and that every
 * arrival the process reported as ok (after its commit returned) is there.
 * Also: a store that refuses writes reports an error and records nothing.
 *
 * Each round kills the child after a random number of reported arrivals
 * and a random pause of up to 2 ms (so that kills land at different points
 * of a commit), never after a fixed time: the checks hold however fast or
 * loaded the machine is. The seed is printed; CHECKIN_TEST_SEED=N replays
 * the same kill points (counted in arrivals; where in a commit each kill
 * lands still depends on the scheduler).
 *
 * On PostgreSQL (CHECKIN_TEST_PG) the killed process is a client: the
 * server must keep every commit it acknowledged and roll back the rest;
 * the file's integrity check is SQLite's only. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"
#include "checkin/checkin.h"
#include "checkin/counts.h"
#include "fixture.h"
#include "store_internal.h"

#define N 300
#define ROUNDS 6
#define MAX_PER_ROUND 40 /* ROUNDS * MAX_PER_ROUND < N: the last round is killed too */

static unsigned test_seed(void)
{
	const char *env = getenv("CHECKIN_TEST_SEED");
	return env && *env ? (unsigned)strtoul(env, NULL, 10) : (unsigned)time(NULL);
}

int main(void)
{
	const char *path;
	store *st = fixture_store("GL23", &path);
	ck_err err;
	int64_t ids[N];
	unsigned seed = test_seed();
	static char reported[N];

	printf("seed %u (replay: CHECKIN_TEST_SEED=%u)\n", seed, seed);
	fflush(stdout);
	srand(seed);
	for (int i = 0; i < N; i++) {
		struct delegate d = {.method = -1};
		char name[32];
		snprintf(name, sizeof name, "Đại biểu %d", i);
		d.name = strdup(name);
		if (delegate_add(st, &d, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 2;
		}
		ids[i] = d.id;
		delegate_release(&d);
	}
	store_close(st);

	int next = 0;
	for (int round = 0; round < ROUNDS && next < N; round++) {
		int fds[2];
		if (pipe(fds) != 0)
			return 2;
		pid_t kid = fork();
		if (kid == 0) {
			store *mine;
			struct checkin_outcome out = {0};
			close(fds[0]);
			if (store_open(path, &mine, &err) < 0)
				_exit(100);
			for (int i = next; i < N; i++) {
				if (fixture_delegate(mine, ids[i], "crash", METHOD_CAMERA, 1000 + i, &out, &err) < 0)
					_exit(101);
				if (out.result == CHECKIN_OK) {
					/* what a kiosk would now show: tell the parent */
					int v = i;
					if (write(fds[1], &v, sizeof v) != sizeof v)
						_exit(102);
				}
			}
			_exit(0);
		}
		close(fds[1]);
		int v, status, got = 0, target = 1 + rand() % MAX_PER_ROUND;
		unsigned pause = (unsigned)(rand() % 2000);
		/* wait for target arrivals (or the child's end), then kill; then
		 * collect whatever it reported in between */
		for (int draining = 0; draining < 2; draining++) {
			while ((draining || got < target) && read(fds[0], &v, sizeof v) == sizeof v) {
				got++;
				reported[v] = 1;
				if (v + 1 > next)
					next = v + 1;
			}
			if (!draining) {
				usleep(pause);
				kill(kid, SIGKILL);
			}
		}
		close(fds[0]);
		waitpid(kid, &status, 0);
	}

	/* reopen as a fresh process would */
	CHECK(store_open(path, &st, &err) == 0);
	if (fixture_pg()) {
		fixture_skip("test_crash", "PRAGMA integrity_check of the file");
	} else {
		sqlite3 *db;
		sqlite3_stmt *s;
		sqlite3_open(path, &db);
		sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL);
		CHECK(sqlite3_step(s) == SQLITE_ROW && !strcmp((const char *)sqlite3_column_text(s, 0), "ok"));
		sqlite3_finalize(s);
		sqlite3_close(db);
	}
	int lost = 0, shown = 0;
	for (int i = 0; i < N; i++) {
		if (!reported[i])
			continue;
		shown++;
		struct delegate d;
		if (delegate_get(st, ids[i], &d, &err) == 0) {
			lost += d.arrived_at == 0;
			delegate_release(&d);
		}
	}
	CHECK_MSG(lost == 0, "%d of %d reported arrivals lost", lost, shown);
	CHECK_MSG(shown > 0, "the child reported nothing before being killed");
	struct counts c;
	CHECK(counts_get(st, &c, &err) == 0 && c.arrived >= shown && c.arrived <= N);
	counts_release(&c);

	/* a store that cannot be written (read-only medium; on PostgreSQL a
	 * read-only session): an error, and nothing recorded; the same store
	 * works again afterwards */
	{
		struct checkin_outcome out = {0};
		struct delegate d;
		struct delegate spare = {.method = -1};
		spare.name = strdup("Dự phòng");
		CHECK(delegate_add(st, &spare, &err) == 0);
		int64_t victim = spare.id;
		delegate_release(&spare);
		CHECK(store_exec(st, fixture_pg() ? "SET default_transaction_read_only = on" : "PRAGMA query_only = 1",
		                 &err) == 0);
		err.msg[0] = 0;
		CHECK(fixture_delegate(st, victim, "t", METHOD_CAMERA, 5, &out, &err) < 0);
		CHECK_MSG(err.msg[0] != 0, "no message for a refused write");
		CHECK(fixture_code(st, "GL23XXXX", "t", METHOD_CAMERA, 5, &out, &err) < 0);
		CHECK(store_exec(st, fixture_pg() ? "SET default_transaction_read_only = off" : "PRAGMA query_only = 0",
		                 &err) == 0);
		CHECK(delegate_get(st, victim, &d, &err) == 0 && d.arrived_at == 0);
		delegate_release(&d);
		CHECK(fixture_delegate(st, victim, "t", METHOD_CAMERA, 6, &out, &err) == 0 && out.result == CHECKIN_OK);
		CHECK(out.delegate.id == victim && !strcmp(out.delegate.name, "Dự phòng"));
		checkin_outcome_release(&out);
	}
	store_close(st);
	fixture_cleanup();
	return check_summary("test_crash");
}
