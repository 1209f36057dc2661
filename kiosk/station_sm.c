/* station_sm.c - the station's states (see the diagram in station_sm.h).
 *
 * Pure: no threads, no store, no clock of its own. station.c asks
 * station_sm_next() what to do, does it, and reports back. */
#include "station_sm.h"

void station_sm_init(struct station_sm *m, int64_t now)
{
	*m = (struct station_sm){.state = STATION_WAITING, .poll_at = now, .counts_dirty = 1, .link = LINK_LOCAL};
}

void station_sm_link_init(struct station_sm *m, enum station_link link, int64_t outbox, int64_t now)
{
	m->link = link;
	m->outbox = outbox;
	m->link_dirty = 1;
	m->report_at = now;
	if (link == LINK_OFFLINE) {
		m->offline_since = now;
		m->probe_at = now + STATION_PROBE_MS;
	} else if (link == LINK_ONLINE && outbox > 0) {
		m->link = LINK_SYNCING;
	}
}

void station_sm_link_lost(struct station_sm *m, int64_t now)
{
	if (m->link != LINK_ONLINE && m->link != LINK_SYNCING)
		return;
	if (m->link == LINK_ONLINE)
		m->offline_since = now;
	m->link = LINK_OFFLINE;
	m->probe_at = now + STATION_PROBE_MS;
	m->link_dirty = 1;
}

void station_sm_queued_offline(struct station_sm *m)
{
	m->outbox++;
	m->link_dirty = 1;
}

void station_sm_probed(struct station_sm *m, int ok, int64_t now)
{
	if (m->link != LINK_OFFLINE)
		return;
	if (!ok) {
		m->probe_at = now + STATION_PROBE_MS;
		return;
	}
	m->link = m->outbox > 0 ? LINK_SYNCING : LINK_ONLINE;
	if (m->link == LINK_ONLINE)
		m->offline_since = 0;
	m->link_dirty = 1;
	m->counts_dirty = 1; /* copy what other doors did meanwhile */
	m->report_at = now;
}

void station_sm_synced(struct station_sm *m, enum ck_kind kind, int64_t left, int64_t now)
{
	if (m->link != LINK_SYNCING)
		return;
	if (left != m->outbox)
		m->link_dirty = 1;
	m->outbox = left;
	if (kind == CK_IO) {
		station_sm_link_lost(m, now);
		return;
	}
	if (left == 0) {
		m->link = LINK_ONLINE;
		m->offline_since = 0;
		m->link_dirty = 1;
		m->counts_dirty = 1;
		m->report_at = now;
	}
}

int station_sm_report_due(const struct station_sm *m, int64_t now)
{
	return (m->link == LINK_ONLINE || m->link == LINK_SYNCING) && now >= m->report_at;
}

void station_sm_reported(struct station_sm *m, int64_t now)
{
	m->report_at = now + STATION_REPORT_MS;
}

int station_store_failure(enum ck_kind kind)
{
	return kind != CK_NONE && kind != CK_NOT_FOUND && kind != CK_INVALID && kind != CK_STATE;
}

static int64_t earliest(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

enum station_step station_sm_next(struct station_sm *m, int queued, int64_t now, int64_t *wait_ms)
{
	*wait_ms = 0;
	switch (m->state) {
	case STATION_STOPPED:
		return STEP_EXIT;
	case STATION_DRAINING:
		if (!queued) {
			m->state = STATION_STOPPED;
			return STEP_EXIT;
		}
		if (m->attempts > 0 && now >= m->drain_until)
			return STEP_DROP; /* the store kept failing: give up on what is left */
		if (now >= m->retry_at)
			return STEP_RUN;
		*wait_ms = earliest(m->retry_at, m->drain_until) - now;
		return STEP_SLEEP;
	case STATION_RETRYING:
		if (!queued) {
			m->state = STATION_WAITING; /* nothing to retry */
			break;
		}
		if (now >= m->retry_at)
			return STEP_RUN;
		if (m->counts_dirty || now >= m->poll_at)
			return STEP_POLL;
		*wait_ms = earliest(m->retry_at, m->poll_at) - now;
		return STEP_SLEEP;
	case STATION_WAITING:
	case STATION_COMMITTING:
		break;
	}
	if (queued) {
		m->state = STATION_COMMITTING; /* requests first; counts can wait */
		return STEP_RUN;
	}
	m->state = STATION_WAITING;
	if (m->link == LINK_SYNCING)
		return STEP_SYNC;
	if (m->link == LINK_OFFLINE && now >= m->probe_at)
		return STEP_PROBE;
	if (m->counts_dirty || m->link_dirty || now >= m->poll_at)
		return STEP_POLL;
	*wait_ms = m->poll_at - now;
	if (m->link == LINK_OFFLINE && m->probe_at - now < *wait_ms)
		*wait_ms = m->probe_at - now;
	return STEP_SLEEP;
}

unsigned station_sm_ran(struct station_sm *m, enum ck_kind kind, int64_t now)
{
	ck_err e = {.kind = kind};
	if (kind != CK_NONE && ck_transient(&e)) {
		/* it may pass: keep the head and try again */
		m->attempts++;
		m->failing = 1;
		if (m->state == STATION_DRAINING) {
			m->retry_at = now + STATION_DRAIN_RETRY_MS;
		} else {
			m->state = STATION_RETRYING;
			m->retry_at = now + STATION_RETRY_MS;
		}
		return STATION_FAILING;
	}
	unsigned bits = STATION_POP;
	m->attempts = 0;
	m->retry_at = now;
	if (m->state != STATION_DRAINING)
		m->state = STATION_COMMITTING;
	if (!station_store_failure(kind)) {
		/* done, or refused for a reason that is nobody's fault but the
		 * request's: the store works */
		if (m->failing)
			bits |= STATION_RECOVERED;
		m->failing = 0;
		if (kind == CK_NONE)
			m->counts_dirty = 1;
	} else {
		/* damaged store or a bug: retrying will not help */
		m->failing = 1;
		bits |= STATION_FAILING;
	}
	return bits;
}

void station_sm_dropped(struct station_sm *m)
{
	m->attempts = m->attempts ? m->attempts : 1; /* keep dropping: time is up */
}

void station_sm_polled(struct station_sm *m, int64_t now)
{
	m->counts_dirty = 0;
	m->link_dirty = 0;
	m->poll_at = now + STATION_POLL_MS;
}

void station_sm_stop(struct station_sm *m, int64_t now)
{
	if (m->state == STATION_STOPPED || m->state == STATION_DRAINING)
		return;
	m->state = STATION_DRAINING;
	m->drain_until = now + STATION_DRAIN_MS;
	m->retry_at = now;
}

const char *station_link_name(enum station_link l)
{
	switch (l) {
	case LINK_LOCAL: return "local";
	case LINK_ONLINE: return "online";
	case LINK_OFFLINE: return "offline";
	case LINK_SYNCING: return "syncing";
	}
	return "?";
}

const char *station_state_name(enum station_state s)
{
	switch (s) {
	case STATION_WAITING: return "waiting";
	case STATION_COMMITTING: return "committing";
	case STATION_RETRYING: return "retrying";
	case STATION_DRAINING: return "draining";
	case STATION_STOPPED: return "stopped";
	}
	return "?";
}
