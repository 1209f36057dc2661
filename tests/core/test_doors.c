/* test_doors.c - several doors on one store: a scan's nonce records it once,
 * a door's offline scans replayed on the server (the earliest arrival
 * stands, later ones are repeats "while offline", a code revoked or a
 * delegate removed meanwhile is flagged), replays are idempotent, and the
 * count stays the number of distinct delegates.
 *
 * The server is the fixture's store: SQLite, or PostgreSQL under
 * CHECKIN_TEST_PG. The replicas (replica_pull, the outbox, replica_drain)
 * copy from a PostgreSQL server only (they follow its transaction ids),
 * so that part runs on PostgreSQL, each door's replica a SQLite file. */
#include <stdarg.h>
#include <string.h>
#include "check.h"
#include "checkin/checkin.h"
#include "checkin/counts.h"
#include "checkin/replica.h"
#include "fixture.h"

static const char *path;

static char *code_of(store *st, int64_t id)
{
	struct delegate d;
	ck_err err;
	char *c = NULL;
	if (delegate_get(st, id, &d, &err) == 0) {
		c = d.code ? strdup(d.code) : NULL;
		delegate_release(&d);
	}
	return c;
}

/* An integer the server answers to sql (a connection of its own). */
static int64_t ask(const char *sql)
{
	int64_t v = -1;
	if (fixture_sql(path, sql, &v) < 0)
		return -1;
	return v;
}

static int64_t ask_id(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int64_t ask_id(const char *fmt, ...)
{
	char sql[300];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(sql, sizeof sql, fmt, ap);
	va_end(ap);
	return ask(sql);
}

static struct outbox_entry entry(const char *nonce, const char *payload, int64_t id, const char *station, int64_t at,
                                 enum checkin_result result)
{
	struct outbox_entry e = {.delegate_id = id, .method = METHOD_SCANNER, .at_ms = at, .result = result};
	snprintf(e.nonce, sizeof e.nonce, "%s", nonce);
	e.payload = payload ? strdup(payload) : NULL;
	e.station = strdup(station);
	return e;
}

static int replay(store *st, const char *nonce, const char *payload, int64_t id, const char *station, int64_t at,
                  enum checkin_result result)
{
	struct outbox_entry e = entry(nonce, payload, id, station, at, result);
	ck_err err;
	int rc = checkin_replay(st, &e, &err);
	if (rc < 0)
		fprintf(stderr, "checkin_replay %s: %s\n", nonce, err.msg);
	outbox_entry_release(&e);
	return rc;
}

/* The delegate's live arrival on the server: its time and station. */
static int live(store *st, int64_t id, int64_t *at, char *station, size_t len)
{
	struct delegate d;
	ck_err err;
	if (delegate_get(st, id, &d, &err) < 0)
		return -1;
	*at = d.arrived_at;
	snprintf(station, len, "%s", d.station ? d.station : "");
	delegate_release(&d);
	return 0;
}

static void replicas(store *server, const int64_t *ids, const char *const *codes);

int main(void)
{
	store *st = fixture_store("GL23", &path);
	struct checkin_outcome out = {0};
	struct counts c;
	ck_err err;
	int64_t ids[12], at;
	char *codes[12], station[80];
	const int64_t t0 = 1698367200000;

	for (int i = 0; i < 12; i++) {
		char name[32];
		snprintf(name, sizeof name, "Cửa %d", i);
		ids[i] = fixture_add(st, name, "Sở Nội vụ", "Cấp tỉnh", 0);
		codes[i] = code_of(st, ids[i]);
	}

	/* the same scan twice (a retry whose answer was lost): recorded once,
	 * answered as recorded */
	struct checkin_req req = {.payload = codes[0], .station = "cua-chinh", .method = METHOD_CAMERA, .at_ms = t0,
	                          .nonce = "00000000000000000000000000000001"};
	CHECK(checkin_record(st, &req, &out, &err) == 0 && out.result == CHECKIN_OK && out.delegate.id == ids[0]);
	checkin_outcome_release(&out);
	req.at_ms = t0 + 5000;
	CHECK(checkin_record(st, &req, &out, &err) == 0 && out.result == CHECKIN_OK && out.delegate.id == ids[0]);
	CHECK(out.delegate.arrived_at == t0);
	checkin_outcome_release(&out);
	CHECK(ask("SELECT COUNT(*) FROM checkin WHERE nonce = '00000000000000000000000000000001'") == 1);
	CHECK(ask("SELECT COUNT(*) FROM audit WHERE nonce = '00000000000000000000000000000001'") == 1);
	/* a new scan of the same code is another nonce: already */
	req.nonce = NULL;
	CHECK(checkin_record(st, &req, &out, &err) == 0 && out.result == CHECKIN_ALREADY);
	checkin_outcome_release(&out);
	/* a refused scan, twice: one line in the log */
	struct checkin_req bad = {.payload = "hello", .station = "cua-phu", .method = METHOD_SCANNER, .at_ms = t0,
	                          .nonce = "00000000000000000000000000000002"};
	CHECK(checkin_record(st, &bad, &out, &err) == 0 && out.result == CHECKIN_INVALID);
	checkin_outcome_release(&out);
	CHECK(checkin_record(st, &bad, &out, &err) == 0 && out.result == CHECKIN_INVALID);
	checkin_outcome_release(&out);
	CHECK(ask("SELECT COUNT(*) FROM audit WHERE nonce = '00000000000000000000000000000002'") == 1);
	/* by id, the same */
	struct checkin_req byid = {.delegate_id = ids[1], .station = "ban-le-tan", .method = METHOD_MANUAL, .at_ms = t0,
	                           .nonce = "00000000000000000000000000000003"};
	CHECK(checkin_record(st, &byid, &out, &err) == 0 && out.result == CHECKIN_OK);
	checkin_outcome_release(&out);
	CHECK(checkin_record(st, &byid, &out, &err) == 0 && out.result == CHECKIN_OK && out.delegate.id == ids[1]);
	checkin_outcome_release(&out);
	CHECK(ask_id("SELECT COUNT(*) FROM checkin WHERE delegate_id = %lld", (long long)ids[1]) == 1);

	/* offline scans replayed: the first on the server stands for now */
	CHECK(replay(st, "a0000000000000000000000000000001", codes[2], ids[2], "cua-chinh", t0 + 1000, CHECKIN_OK) == 0);
	CHECK(live(st, ids[2], &at, station, sizeof station) == 0 && at == t0 + 1000 && !strcmp(station, "cua-chinh"));
	/* an earlier arrival at another door takes its place; the later one is a repeat */
	CHECK(replay(st, "b0000000000000000000000000000001", codes[2], ids[2], "cua-phu", t0 + 500, CHECKIN_OK) == 0);
	CHECK(live(st, ids[2], &at, station, sizeof station) == 0 && at == t0 + 500 && !strcmp(station, "cua-phu"));
	/* a later one is only a repeat */
	CHECK(replay(st, "c0000000000000000000000000000001", codes[2], ids[2], "ban-le-tan", t0 + 2000, CHECKIN_OK) == 0);
	CHECK(live(st, ids[2], &at, station, sizeof station) == 0 && at == t0 + 500 && !strcmp(station, "cua-phu"));
	CHECK(ask_id("SELECT COUNT(*) FROM checkin WHERE delegate_id = %lld AND undone_at IS NULL",
	             (long long)ids[2]) == 1);
	/* every scan is in the log exactly once by its nonce, with the repeats named */
	CHECK(ask("SELECT COUNT(DISTINCT nonce) FROM audit WHERE nonce IN ('a0000000000000000000000000000001',"
	          " 'b0000000000000000000000000000001', 'c0000000000000000000000000000001')") == 3);
	CHECK(ask("SELECT COUNT(*) FROM audit WHERE action = 'scan-repeat-offline'") == 1);
	CHECK(ask("SELECT COUNT(*) FROM audit WHERE action = 'repeat-offline'") == 1);
	CHECK(counts_get(st, &c, &err) == 0 && c.arrived == 3 && c.repeats_offline == 2 && c.revoked_offline == 0);
	counts_release(&c);
	/* the same outbox replayed again (a door killed before it forgot): nothing new */
	int64_t log_rows = ask("SELECT COUNT(*) FROM audit"), rows = ask("SELECT COUNT(*) FROM checkin");
	CHECK(replay(st, "a0000000000000000000000000000001", codes[2], ids[2], "cua-chinh", t0 + 1000, CHECKIN_OK) == 0);
	CHECK(replay(st, "b0000000000000000000000000000001", codes[2], ids[2], "cua-phu", t0 + 500, CHECKIN_OK) == 0);
	CHECK(replay(st, "c0000000000000000000000000000001", codes[2], ids[2], "ban-le-tan", t0 + 2000, CHECKIN_OK) == 0);
	CHECK(ask("SELECT COUNT(*) FROM audit") == log_rows && ask("SELECT COUNT(*) FROM checkin") == rows);
	CHECK(live(st, ids[2], &at, station, sizeof station) == 0 && at == t0 + 500 && !strcmp(station, "cua-phu"));
	/* a door's replayed "already" and a refusal are logged as they were */
	CHECK(replay(st, "d0000000000000000000000000000001", codes[0], ids[0], "cua-phu", t0 + 9000, CHECKIN_ALREADY) == 0);
	CHECK(replay(st, "d0000000000000000000000000000002", "GL23NOPE", 0, "cua-phu", t0 + 9000, CHECKIN_INVALID) == 0);
	CHECK(ask("SELECT COUNT(*) FROM audit WHERE nonce LIKE 'd00000000000000000000000000000%'") == 2);

	/* revoked at the office while a door was offline and admitted there: flagged */
	CHECK(delegate_revoke(st, ids[3], &err) == 0);
	CHECK(replay(st, "e0000000000000000000000000000001", codes[3], ids[3], "cua-phu", t0 + 3000, CHECKIN_OK) == 0);
	CHECK(ask_id("SELECT COUNT(*) FROM checkin WHERE delegate_id = %lld AND flag = 'revoked-offline'",
	             (long long)ids[3]) == 1);
	/* removed, and admitted by id */
	CHECK(delegate_remove(st, ids[4], &err) == 0);
	CHECK(replay(st, "e0000000000000000000000000000002", NULL, ids[4], "ban-le-tan", t0 + 3000, CHECKIN_OK) == 0);
	CHECK(ask_id("SELECT COUNT(*) FROM checkin WHERE delegate_id = %lld AND flag = 'revoked-offline'",
	             (long long)ids[4]) == 1);
	CHECK(counts_get(st, &c, &err) == 0);
	CHECK_MSG(c.revoked_offline == 2, "%d revoked-offline", c.revoked_offline);
	CHECK(c.arrived == (int)ask("SELECT COUNT(DISTINCT k.delegate_id) FROM checkin k JOIN delegate d"
	                            " ON d.id = k.delegate_id WHERE k.undone_at IS NULL AND d.removed_at IS NULL"));
	counts_release(&c);

	if (fixture_pg())
		replicas(st, ids + 5, (const char *const *)codes + 5);
	else
		fixture_skip("test_doors", "replicas (they copy from a PostgreSQL server only)"); /* not on SQLite */

	for (int i = 0; i < 12; i++)
		free(codes[i]);
	store_close(st);
	fixture_cleanup();
	return check_summary("test_doors");
}

static store *open_replica(const char *name)
{
	char file[400];
	store *r;
	ck_err err;
	snprintf(file, sizeof file, "%s/%s.db", fixture_dir, name);
	if (store_open(file, &r, &err) < 0) {
		fprintf(stderr, "%s: %s\n", file, err.msg);
		exit(2);
	}
	return r;
}

/* Two doors with replicas, ids[0..6] and their codes fresh. */
static void replicas(store *server, const int64_t *ids, const char *const *codes)
{
	store *a = open_replica("cua-chinh"), *b = open_replica("cua-phu");
	struct checkin_outcome out = {0};
	struct counts c;
	ck_err err;
	int64_t n, oldest, at;
	int sent;
	char station[80];
	const int64_t t1 = 1698370000000;

	CHECK_MSG(replica_pull(server, a, &err) == 0, "%s", err.msg);
	CHECK_MSG(replica_pull(server, b, &err) == 0, "%s", err.msg);
	/* the replica holds the roster and the arrivals so far */
	CHECK(counts_get(a, &c, &err) == 0 && c.registered == 11);
	counts_release(&c);
	/* and the event as the server has it: speech = on reaches the door */
	struct event ev;
	CHECK(store_event_load(server, &ev, &err) == 0 && ev.speech == 0);
	ev.speech = 1;
	CHECK_MSG(store_event_init(server, &ev, &err) == 0, "%s", err.msg);
	event_release(&ev);
	CHECK_MSG(replica_pull(server, a, &err) == 0, "%s", err.msg);
	CHECK(store_event_load(a, &ev, &err) == 0 && ev.speech == 1);
	event_release(&ev);

	/* online at a: a check-in on the server, then pulled by b */
	struct checkin_req req = {.payload = codes[0], .station = "cua-chinh", .method = METHOD_CAMERA, .at_ms = t1};
	CHECK(checkin_record(server, &req, &out, &err) == 0 && out.result == CHECKIN_OK);
	checkin_outcome_release(&out);
	CHECK(replica_pull(server, b, &err) == 0);
	req.station = "cua-phu";
	req.at_ms = t1 + 10;
	req.outbox = 1;
	CHECK(checkin_record(b, &req, &out, &err) == 0 && out.result == CHECKIN_ALREADY);
	checkin_outcome_release(&out);

	/* the link drops: both doors admit ids[1], b first; a admits ids[2] */
	req = (struct checkin_req){.payload = codes[1], .station = "cua-chinh", .method = METHOD_CAMERA,
	                           .at_ms = t1 + 2000, .outbox = 1};
	CHECK(checkin_record(a, &req, &out, &err) == 0 && out.result == CHECKIN_OK);
	checkin_outcome_release(&out);
	req.station = "cua-phu";
	req.at_ms = t1 + 1000;
	CHECK(checkin_record(b, &req, &out, &err) == 0 && out.result == CHECKIN_OK);
	checkin_outcome_release(&out);
	req = (struct checkin_req){.payload = codes[2], .station = "cua-chinh", .method = METHOD_CAMERA,
	                           .at_ms = t1 + 3000, .outbox = 1};
	CHECK(checkin_record(a, &req, &out, &err) == 0 && out.result == CHECKIN_OK);
	checkin_outcome_release(&out);
	/* meanwhile the office revokes ids[3]'s code; a, offline, admits it */
	CHECK(delegate_revoke(server, ids[3], &err) == 0);
	req.payload = codes[3];
	req.at_ms = t1 + 4000;
	CHECK(checkin_record(a, &req, &out, &err) == 0 && out.result == CHECKIN_OK);
	checkin_outcome_release(&out);

	CHECK(replica_outbox_count(a, &n, &oldest, &err) == 0 && n == 3 && oldest == t1 + 2000);
	CHECK(replica_outbox_count(b, &n, &oldest, &err) == 0 && n == 2);
	CHECK(replica_pull(server, a, &err) < 0 && err.kind == CK_STATE); /* drain first */

	/* the link returns: a drains first, then b; then both again */
	CHECK_MSG(replica_drain(a, server, 100, &sent, &err) == 0 && sent == 3, "%s", err.msg);
	CHECK_MSG(replica_drain(b, server, 1, &sent, &err) == 0 && sent == 1, "%s", err.msg);
	CHECK_MSG(replica_drain(b, server, 100, &sent, &err) == 0 && sent == 1, "%s", err.msg);
	CHECK(replica_drain(a, server, 100, &sent, &err) == 0 && sent == 0);
	CHECK(replica_outbox_count(a, &n, NULL, &err) == 0 && n == 0);
	CHECK(replica_outbox_count(b, &n, NULL, &err) == 0 && n == 0);

	/* b was first with ids[1] */
	CHECK(live(server, ids[1], &at, station, sizeof station) == 0 && at == t1 + 1000 && !strcmp(station, "cua-phu"));
	CHECK(live(server, ids[2], &at, station, sizeof station) == 0 && at == t1 + 3000 && !strcmp(station, "cua-chinh"));
	CHECK(ask_id("SELECT COUNT(*) FROM checkin WHERE delegate_id = %lld AND flag = 'revoked-offline'",
	             (long long)ids[3]) == 1);
	for (int i = 0; i < 4; i++)
		CHECK(ask_id("SELECT COUNT(*) FROM checkin WHERE delegate_id = %lld AND undone_at IS NULL",
		             (long long)ids[i]) == 1);

	/* both pull again: they agree with the server */
	CHECK_MSG(replica_pull(server, a, &err) == 0, "%s", err.msg);
	CHECK_MSG(replica_pull(server, b, &err) == 0, "%s", err.msg);
	struct counts cs, ca, cb;
	CHECK(counts_get(server, &cs, &err) == 0 && counts_get(a, &ca, &err) == 0 && counts_get(b, &cb, &err) == 0);
	CHECK_MSG(ca.arrived == cs.arrived && cb.arrived == cs.arrived, "server %d, a %d, b %d", cs.arrived, ca.arrived,
	          cb.arrived);
	counts_release(&cs);
	counts_release(&ca);
	counts_release(&cb);
	CHECK(live(a, ids[1], &at, station, sizeof station) == 0 && at == t1 + 1000 && !strcmp(station, "cua-phu"));
	/* the revocation reached the replicas: the code is refused there now */
	req = (struct checkin_req){.payload = codes[3], .station = "cua-phu", .method = METHOD_CAMERA, .at_ms = t1 + 9000};
	CHECK(checkin_record(b, &req, &out, &err) == 0 && out.result == CHECKIN_REVOKED);
	checkin_outcome_release(&out);
	/* an undo at the office reaches them too */
	CHECK(checkin_undo(server, ids[2], "van-phong", t1 + 10000, NULL, &err) == 0);
	CHECK(replica_pull(server, a, &err) == 0);
	CHECK(live(a, ids[2], &at, station, sizeof station) == 0 && at == 0);

	/* the doors report themselves */
	CHECK(replica_door_report(server, "cua-chinh", t1, 0, 0, &err) == 0);
	CHECK(replica_door_report(server, "cua-phu", t1, t1 - 60000, 2, &err) == 0);
	struct door_status *doors = NULL;
	size_t nd = 0;
	CHECK(counts_doors(server, t1 + 1000, &doors, &nd, &err) == 0 && nd == 2);
	if (nd == 2) {
		CHECK(!strcmp(doors[0].name, "cua-chinh") && doors[0].online && doors[0].offline_since == 0);
		CHECK(!strcmp(doors[1].name, "cua-phu") && doors[1].outbox == 2 && doors[1].offline_since == t1 - 60000);
		/* check-ins in the 5 minutes before: ids[0] and the revoked ids[3]
		 * at cua-chinh (ids[2] was undone), ids[1] at cua-phu */
		CHECK_MSG(doors[0].recent == 2 && doors[1].recent == 1, "recent %d, %d", doors[0].recent, doors[1].recent);
	}
	doors_free(doors, nd);
	store_close(a);
	store_close(b);
}
