/* options.c - parsing checkin-kiosk's options (see options.h), so that
 * main.c holds the program and not its flags. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "debounce.h"
#include "options.h"

void options_usage(FILE *out)
{
	fprintf(out,
	        "usage: checkin-kiosk [--db PATH|postgresql://...] [--station NAME] [--camera DEV|NAME|none]\n"
	        "                     [--frames DIR|FILE.y4m] [--fps N] [--exit-when-done] [--screenshots DIR]\n"
	        "                     [--size WxH] [--windowed] [--keys FILE] [--debounce MS]\n"
	        "                     [--replica PATH] [--offline-after MS] [--speech]\n"
	        "   or: checkin-kiosk decode IMAGE...\n"
	        "   or: checkin-kiosk --list-cameras\n"
	        "   or: checkin-kiosk --help | --version\n\n"
	        "The database is --db PATH, else $CHECKIN_DB, else data/checkin.db. A PostgreSQL\n"
	        "connection string (postgresql://USER@HOST/DB, or host=... dbname=...) shares one\n"
	        "count among several doors: the door keeps a copy and an outbox in --replica PATH\n"
	        "(default $XDG_STATE_HOME/checkin/STATION-SERVER.db) and decides from it when the\n"
	        "server does not answer within --offline-after MS (default 1000).\n"
	        "Staff mode: F2, the event's PIN and Enter; in it F10 twice leaves the kiosk.\n"
	        "Full screen ignores Escape and window-close requests; --windowed and --size\n"
	        "windows close normally. --keys FILE types its lines as a scanner would (tests).\n");
}

int options_parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},       {"station", required_argument, NULL, 's'},
		{"camera", required_argument, NULL, 'c'},   {"frames", required_argument, NULL, 'f'},
		{"fps", required_argument, NULL, 'r'},      {"exit-when-done", no_argument, NULL, 'x'},
		{"screenshots", required_argument, NULL, 'S'}, {"size", required_argument, NULL, 'z'},
		{"windowed", no_argument, NULL, 'w'},       {"keys", required_argument, NULL, 'k'},
		{"debounce", required_argument, NULL, 'b'}, {"help", no_argument, NULL, 'h'},
		{"replica", required_argument, NULL, 'R'},  {"offline-after", required_argument, NULL, 'o'},
		{"version", no_argument, NULL, 'V'},
		{"list-cameras", no_argument, NULL, 'L'}, {"speech", no_argument, NULL, 'P'},
		{NULL, 0, NULL, 0},
	};
	memset(o, 0, sizeof *o);
	o->camera = "/dev/video0";
	o->fps = 10;
	o->debounce_ms = DEBOUNCE_DEFAULT_MS;
	o->offline_after_ms = 1000;
	int c;
	char *end;
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 's': o->station = optarg; break;
		case 'c': o->camera = optarg; break;
		case 'f': o->frames = optarg; break;
		case 'r':
			o->fps = strtod(optarg, &end);
			if (*end || !(o->fps > 0 && o->fps <= 240)) {
				fprintf(stderr, "error: bad frame rate '%s' (want 0 < N <= 240)\n", optarg);
				return 2;
			}
			break;
		case 'x': o->exit_when_done = 1; break;
		case 'S': o->screenshots = optarg; break;
		case 'z':
			if (sscanf(optarg, "%dx%d", &o->width, &o->height) != 2 || o->width < 320 || o->height < 240 ||
			    o->width > 8192 || o->height > 8192) {
				fprintf(stderr, "error: bad size '%s' (want WxH, e.g. 1920x1080)\n", optarg);
				return 2;
			}
			break;
		case 'w': o->windowed = 1; break;
		case 'k': o->keys = optarg; break;
		case 'b':
			o->debounce_ms = strtoll(optarg, &end, 10);
			if (*end || o->debounce_ms < 0 || o->debounce_ms > 600000) {
				fprintf(stderr, "error: bad debounce '%s' (milliseconds)\n", optarg);
				return 2;
			}
			break;
		case 'R': o->replica = optarg; break;
		case 'o': {
			long ms = strtol(optarg, &end, 10);
			if (*end || ms < 50 || ms > 600000) {
				fprintf(stderr, "error: bad --offline-after '%s' (milliseconds, 50 to 600000)\n", optarg);
				return 2;
			}
			o->offline_after_ms = (int)ms;
			break;
		}
		case 'L': o->list_cameras = 1; break;
		case 'P': o->speech = 1; break;
		case 'h': options_usage(stdout); return -1;
		case 'V': printf("checkin-kiosk %s\n", CHECKIN_VERSION); return -1;
		default: options_usage(stderr); return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "error: unexpected argument '%s'\n", argv[optind]);
		options_usage(stderr);
		return 2;
	}
	return 0;
}
