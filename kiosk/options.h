/* options.h - checkin-kiosk's command line. */
#ifndef KIOSK_OPTIONS_H
#define KIOSK_OPTIONS_H

#include <stdint.h>
#include <stdio.h>

struct options {
	const char *db, *station, *camera, *frames, *screenshots, *keys; /* borrowed from argv */
	const char *replica;      /* a door on a server: its replica's path (NULL: the default place) */
	int offline_after_ms;     /* a door on a server: how long it waits for the server */
	double fps;
	int exit_when_done, windowed, width, height;
	int list_cameras;         /* --list-cameras: print them and leave */
	int speech;               /* --speech: say the greeting (also: speech = on in the event) */
	int64_t debounce_ms;
};

/* Parse argv into o (defaults first). Returns 0 to go on, or the exit
 * status: 2 on a usage error (message printed), or -1 after --help
 * or --version (printed; exit 0). */
int options_parse(int argc, char **argv, struct options *o);
void options_usage(FILE *out);

#endif
