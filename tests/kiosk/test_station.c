/* test_station.c - every transition of the station's state machine
 * (kiosk/station_sm.h), without threads, a store or a clock: time is
 * passed in, as the station does. */
#include <string.h>
#include "check.h"
#include "station_sm.h"

static enum station_step next(struct station_sm *m, int queued, int64_t now, int64_t *wait)
{
	return station_sm_next(m, queued, now, wait);
}

/* WAITING: polls at start, then sleeps until the next poll; a request
 * makes it COMMITTING; a commit makes the counts dirty. */
static void test_waiting_committing(void)
{
	struct station_sm m;
	int64_t wait;
	station_sm_init(&m, 1000);
	CHECK(m.state == STATION_WAITING);
	CHECK(next(&m, 0, 1000, &wait) == STEP_POLL); /* first figures at once */
	station_sm_polled(&m, 1000);
	CHECK(next(&m, 0, 1100, &wait) == STEP_SLEEP && wait == STATION_POLL_MS - 100);
	CHECK(next(&m, 0, 1000 + STATION_POLL_MS, &wait) == STEP_POLL);
	station_sm_polled(&m, 1300);

	/* a request: run it; done -> popped, counts dirty */
	CHECK(next(&m, 1, 1310, &wait) == STEP_RUN && m.state == STATION_COMMITTING);
	unsigned bits = station_sm_ran(&m, CK_NONE, 1311);
	CHECK(bits == STATION_POP && m.counts_dirty);
	/* more requests come first; counts after */
	CHECK(next(&m, 1, 1312, &wait) == STEP_RUN);
	CHECK(station_sm_ran(&m, CK_NONE, 1313) == STATION_POP);
	CHECK(next(&m, 0, 1314, &wait) == STEP_POLL && m.state == STATION_WAITING);
	station_sm_polled(&m, 1314);
	CHECK(!m.counts_dirty);
	CHECK(next(&m, 0, 1315, &wait) == STEP_SLEEP && wait == STATION_POLL_MS - 1);

	/* a staff request refused for good (not found, not checked in, bad
	 * input) is done: popped, no banner, no retry */
	CHECK(next(&m, 1, 1400, &wait) == STEP_RUN);
	CHECK(station_sm_ran(&m, CK_NOT_FOUND, 1401) == STATION_POP && !m.failing);
	CHECK(next(&m, 1, 1402, &wait) == STEP_RUN);
	CHECK(station_sm_ran(&m, CK_STATE, 1403) == STATION_POP);
	CHECK(next(&m, 1, 1404, &wait) == STEP_RUN);
	CHECK(station_sm_ran(&m, CK_INVALID, 1405) == STATION_POP && m.state == STATION_COMMITTING);
}

/* COMMITTING -> RETRYING on busy and I/O (and memory); the head stays; it
 * is run again only at retry_at, polls go on meanwhile; a success pops it
 * and clears the banner. */
static void test_retrying(void)
{
	struct station_sm m;
	int64_t wait;
	enum ck_kind transient[] = {CK_BUSY, CK_IO, CK_NOMEM};
	for (size_t i = 0; i < sizeof transient / sizeof transient[0]; i++) {
		station_sm_init(&m, 0);
		station_sm_polled(&m, 0);
		CHECK(next(&m, 1, 10, &wait) == STEP_RUN);
		unsigned bits = station_sm_ran(&m, transient[i], 20);
		CHECK(bits == STATION_FAILING && !(bits & STATION_POP));
		CHECK(m.state == STATION_RETRYING && m.retry_at == 20 + STATION_RETRY_MS && m.failing);
		/* not before retry_at, whatever else happens */
		CHECK(next(&m, 1, 21, &wait) == STEP_SLEEP && wait == STATION_POLL_MS - 21);
		CHECK(next(&m, 1, STATION_POLL_MS, &wait) == STEP_POLL);
		station_sm_polled(&m, STATION_POLL_MS);
		CHECK(next(&m, 1, STATION_POLL_MS + 1, &wait) == STEP_SLEEP);
		CHECK(wait <= 20 + STATION_RETRY_MS - (STATION_POLL_MS + 1));
		/* fails again: still retrying, banner stays */
		CHECK(next(&m, 1, 20 + STATION_RETRY_MS, &wait) == STEP_RUN);
		CHECK(station_sm_ran(&m, transient[i], 20 + STATION_RETRY_MS) == STATION_FAILING);
		CHECK(m.attempts == 2 && m.retry_at == 20 + 2 * STATION_RETRY_MS);
		/* lands: popped, recovered, counts dirty */
		CHECK(next(&m, 1, 20 + 2 * STATION_RETRY_MS, &wait) == STEP_RUN);
		bits = station_sm_ran(&m, CK_NONE, 20 + 2 * STATION_RETRY_MS);
		CHECK(bits == (STATION_POP | STATION_RECOVERED) && !m.failing && m.counts_dirty && m.attempts == 0);
		CHECK(m.state == STATION_COMMITTING);
	}
	/* RETRYING with the queue emptied (cannot happen, but safe): waiting */
	station_sm_init(&m, 0);
	station_sm_polled(&m, 0);
	next(&m, 1, 1, &wait);
	station_sm_ran(&m, CK_BUSY, 2);
	CHECK(next(&m, 0, 3, &wait) == STEP_SLEEP && m.state == STATION_WAITING);
}

/* A damaged store or a bug: retrying will not help; the request is
 * popped (the station logs the scan as not recorded) and the banner is up
 * until something succeeds. */
static void test_corrupt(void)
{
	struct station_sm m;
	int64_t wait;
	station_sm_init(&m, 0);
	next(&m, 1, 0, &wait);
	CHECK(station_sm_ran(&m, CK_CORRUPT, 1) == (STATION_POP | STATION_FAILING) && m.failing);
	next(&m, 1, 2, &wait);
	CHECK(station_sm_ran(&m, CK_INTERNAL, 3) == (STATION_POP | STATION_FAILING));
	next(&m, 1, 4, &wait);
	CHECK(station_sm_ran(&m, CK_NONE, 5) == (STATION_POP | STATION_RECOVERED));
}

/* Stopping: DRAINING runs what is queued, retries a failing store every
 * STATION_DRAIN_RETRY_MS until drain_until, then drops the rest; an empty
 * queue stops. Stop from RETRYING retries at once. */
static void test_draining(void)
{
	struct station_sm m;
	int64_t wait;
	station_sm_init(&m, 0);
	station_sm_stop(&m, 100);
	CHECK(m.state == STATION_DRAINING && m.drain_until == 100 + STATION_DRAIN_MS);
	CHECK(next(&m, 0, 100, &wait) == STEP_EXIT && m.state == STATION_STOPPED);
	CHECK(next(&m, 1, 101, &wait) == STEP_EXIT); /* stopped stays stopped */
	station_sm_stop(&m, 200);
	CHECK(m.state == STATION_STOPPED);

	/* from RETRYING: the head is tried at once, not at retry_at */
	station_sm_init(&m, 0);
	next(&m, 1, 0, &wait);
	station_sm_ran(&m, CK_BUSY, 0);
	station_sm_stop(&m, 10);
	CHECK(next(&m, 1, 10, &wait) == STEP_RUN);
	/* still busy: retried soon, within the drain window */
	CHECK(station_sm_ran(&m, CK_BUSY, 11) == STATION_FAILING && m.state == STATION_DRAINING);
	CHECK(next(&m, 1, 12, &wait) == STEP_SLEEP && wait == STATION_DRAIN_RETRY_MS - 1);
	CHECK(next(&m, 1, 11 + STATION_DRAIN_RETRY_MS, &wait) == STEP_RUN);
	/* it lands; the next one is tried */
	CHECK(station_sm_ran(&m, CK_NONE, 300) & STATION_POP);
	CHECK(m.state == STATION_DRAINING && m.attempts == 0);
	CHECK(next(&m, 1, 301, &wait) == STEP_RUN);
	CHECK(station_sm_ran(&m, CK_IO, 302) == STATION_FAILING);
	/* the window closes while it fails: what is left is dropped */
	CHECK(next(&m, 1, 10 + STATION_DRAIN_MS, &wait) == STEP_DROP);
	station_sm_dropped(&m);
	CHECK(next(&m, 1, 10 + STATION_DRAIN_MS + 1, &wait) == STEP_DROP);
	station_sm_dropped(&m);
	CHECK(next(&m, 0, 10 + STATION_DRAIN_MS + 2, &wait) == STEP_EXIT);

	/* a healthy store drains everything, however late */
	station_sm_init(&m, 0);
	station_sm_stop(&m, 0);
	for (int i = 0; i < 5; i++) {
		CHECK(next(&m, 1, STATION_DRAIN_MS * 10 + i, &wait) == STEP_RUN);
		CHECK(station_sm_ran(&m, CK_NONE, STATION_DRAIN_MS * 10 + i) & STATION_POP);
	}
	CHECK(next(&m, 0, STATION_DRAIN_MS * 11, &wait) == STEP_EXIT);
}

static void test_store_failure(void)
{
	CHECK(!station_store_failure(CK_NONE) && !station_store_failure(CK_NOT_FOUND));
	CHECK(!station_store_failure(CK_STATE) && !station_store_failure(CK_INVALID));
	CHECK(station_store_failure(CK_BUSY) && station_store_failure(CK_IO) && station_store_failure(CK_NOMEM));
	CHECK(station_store_failure(CK_CORRUPT) && station_store_failure(CK_INTERNAL));
}

static void test_names(void)
{
	CHECK(!strcmp(station_state_name(STATION_WAITING), "waiting"));
	CHECK(!strcmp(station_state_name(STATION_RETRYING), "retrying"));
	CHECK(!strcmp(station_state_name(STATION_DRAINING), "draining"));
}

/* A door on a server: ONLINE -> OFFLINE when a server call fails (CK_IO);
 * OFFLINE probes every STATION_PROBE_MS, requests first; an answer with
 * the outbox non-empty -> SYNCING, which sends batches until it is empty
 * -> ONLINE; a failure while syncing -> OFFLINE again, keeping the time
 * the server first stopped answering. */
static void test_link(void)
{
	struct station_sm m;
	int64_t wait;
	station_sm_init(&m, 0);
	CHECK(m.link == LINK_LOCAL);
	/* a file of its own never probes nor syncs */
	station_sm_polled(&m, 0);
	CHECK(next(&m, 0, 10, &wait) == STEP_SLEEP);

	station_sm_init(&m, 0);
	station_sm_link_init(&m, LINK_ONLINE, 0, 0);
	CHECK(m.link == LINK_ONLINE && m.link_dirty && station_sm_report_due(&m, 0));
	CHECK(next(&m, 0, 0, &wait) == STEP_POLL); /* tell staff, copy, report */
	station_sm_reported(&m, 0);
	station_sm_polled(&m, 0);
	CHECK(!m.link_dirty && !station_sm_report_due(&m, STATION_REPORT_MS - 1) &&
	      station_sm_report_due(&m, STATION_REPORT_MS));

	/* the server stops answering during a check-in: offline since then */
	station_sm_link_lost(&m, 100);
	CHECK(m.link == LINK_OFFLINE && m.offline_since == 100 && m.link_dirty);
	CHECK(!station_sm_report_due(&m, 100000)); /* nobody to report to */
	station_sm_queued_offline(&m);
	station_sm_queued_offline(&m);
	CHECK(m.outbox == 2);
	/* requests come before probes */
	CHECK(next(&m, 1, 100 + STATION_PROBE_MS, &wait) == STEP_RUN);
	station_sm_ran(&m, CK_NONE, 100 + STATION_PROBE_MS);
	CHECK(next(&m, 0, 101, &wait) == STEP_POLL); /* counts and the note */
	station_sm_polled(&m, 101);
	CHECK(next(&m, 0, 102, &wait) == STEP_SLEEP && wait <= STATION_PROBE_MS);
	CHECK(next(&m, 0, 100 + STATION_PROBE_MS, &wait) == STEP_PROBE);
	station_sm_probed(&m, 0, 100 + STATION_PROBE_MS); /* still away */
	CHECK(m.link == LINK_OFFLINE && m.probe_at == 100 + 2 * STATION_PROBE_MS && m.offline_since == 100);
	CHECK(next(&m, 0, 100 + STATION_PROBE_MS + 1, &wait) != STEP_PROBE);

	/* it answers: send the outbox first */
	station_sm_probed(&m, 1, 5000);
	CHECK(m.link == LINK_SYNCING && m.link_dirty && m.counts_dirty && m.offline_since == 100);
	CHECK(next(&m, 0, 5001, &wait) == STEP_SYNC);
	CHECK(next(&m, 1, 5001, &wait) == STEP_RUN); /* a scan meanwhile goes first (to the server) */
	station_sm_ran(&m, CK_NONE, 5002);
	/* a failure while sending: offline again, same since */
	station_sm_synced(&m, CK_IO, 1, 5003);
	CHECK(m.link == LINK_OFFLINE && m.outbox == 1 && m.offline_since == 100);
	station_sm_probed(&m, 1, 9000);
	CHECK(m.link == LINK_SYNCING);
	station_sm_synced(&m, CK_NONE, 0, 9001);
	CHECK(m.link == LINK_ONLINE && m.outbox == 0 && m.offline_since == 0 && m.counts_dirty);
	CHECK(station_sm_report_due(&m, 9001));

	/* an answer with nothing to send goes straight to ONLINE */
	station_sm_link_lost(&m, 10000);
	station_sm_probed(&m, 1, 12000);
	CHECK(m.link == LINK_ONLINE && m.offline_since == 0);

	/* a door that starts with an outbox left by an earlier run syncs first */
	station_sm_init(&m, 0);
	station_sm_link_init(&m, LINK_ONLINE, 7, 0);
	CHECK(m.link == LINK_SYNCING && m.outbox == 7);
	station_sm_init(&m, 0);
	station_sm_link_init(&m, LINK_OFFLINE, 3, 50);
	CHECK(m.link == LINK_OFFLINE && m.offline_since == 50 && m.probe_at == 50 + STATION_PROBE_MS);
	CHECK(!strcmp(station_link_name(LINK_SYNCING), "syncing"));
}

int main(void)
{
	test_link();
	test_waiting_committing();
	test_retrying();
	test_corrupt();
	test_draining();
	test_names();
	test_store_failure();
	return check_summary("test_station");
}
