/* fuzz_event.c - libFuzzer target for the event INI reader. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>
#include "checkin/event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	struct event ev;
	ck_err err;
	if (fd < 0) {
		fd = memfd_create("event.ini", 0);
		if (fd < 0)
			abort();
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	if (event_load(path, &ev, &err) == 0) {
		char date[128];
		if (!ev.title || !ev.tag || !ev.date)
			abort();
		event_date_vi(&ev, date, sizeof date);
		event_release(&ev);
	} else if (!err.msg[0]) {
		abort();
	}
	return 0;
}
