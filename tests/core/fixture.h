/* fixture.h - a fresh store with a test event, in a temp directory. */
#ifndef CHECKIN_TEST_FIXTURE_H
#define CHECKIN_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "checkin/checkin.h"
#include "checkin/delegate.h"
#include "checkin/store.h"

static char fixture_dir[256];

/* Path of a new empty database file under a fresh temp dir. */
static inline const char *fixture_db_path(void)
{
	static char path[300];
	snprintf(fixture_dir, sizeof fixture_dir, "/tmp/checkin-test-XXXXXX");
	if (!mkdtemp(fixture_dir)) {
		perror("mkdtemp");
		exit(2);
	}
	snprintf(path, sizeof path, "%s/t.db", fixture_dir);
	return path;
}

static inline void fixture_event(struct event *ev, const char *tag)
{
	memset(ev, 0, sizeof *ev);
	ev->title = strdup("Hội nghị thử nghiệm");
	ev->organizer = strdup("Ủy ban nhân dân tỉnh Gia Lai");
	ev->venue = strdup("Hội trường 2/9");
	ev->date = strdup("2023-10-27");
	ev->start = strdup("07:30");
	ev->timezone = strdup("Asia/Ho_Chi_Minh");
	ev->tag = strdup(tag);
	ev->expected = 0;
}

/* Open a fresh store with an event tagged tag; exits on failure. */
static inline store *fixture_store(const char *tag, const char **path_out)
{
	const char *path = fixture_db_path();
	struct event ev;
	ck_err err;
	store *st;
	if (store_open(path, &st, &err) < 0) {
		fprintf(stderr, "fixture: %s\n", err.msg);
		exit(2);
	}
	fixture_event(&ev, tag);
	if (store_event_init(st, &ev, &err) < 0) {
		fprintf(stderr, "fixture: %s\n", err.msg);
		exit(2);
	}
	event_release(&ev);
	if (path_out)
		*path_out = path;
	return st;
}

/* Write text to path; exits on failure. */
static inline void fixture_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
}

/* Add a delegate (org and cat may be NULL) and return its id; exits on failure. */
static inline int64_t fixture_add(store *st, const char *name, const char *org, const char *cat, unsigned roles)
{
	struct delegate d = {.method = -1};
	ck_err err;
	d.name = strdup(name);
	d.organization = org ? strdup(org) : NULL;
	d.category = cat ? strdup(cat) : NULL;
	d.roles = roles;
	if (delegate_add(st, &d, &err) < 0) {
		fprintf(stderr, "fixture: add '%s': %s\n", name, err.msg);
		exit(2);
	}
	int64_t id = d.id;
	delegate_release(&d);
	return id;
}

/* checkin_code / checkin_delegate that first release what *out held, so
 * that a test can reuse one zero-initialised outcome. */
static inline int fixture_code(store *st, const char *payload, const char *station, enum checkin_method m,
                               int64_t now, struct checkin_outcome *out, ck_err *err)
{
	checkin_outcome_release(out);
	return checkin_code(st, payload, station, m, now, out, err);
}

static inline int fixture_delegate(store *st, int64_t id, const char *station, enum checkin_method m, int64_t now,
                                   struct checkin_outcome *out, ck_err *err)
{
	checkin_outcome_release(out);
	return checkin_delegate(st, id, station, m, now, out, err);
}

static inline void fixture_cleanup(void)
{
	char cmd[300];
	if (fixture_dir[0]) {
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", fixture_dir);
		if (system(cmd) != 0)
			fprintf(stderr, "cannot remove %s\n", fixture_dir);
	}
}

#endif
