/* fuzz_http.c - libFuzzer target for the dashboard's request handling.
 *
 * Each input is the raw bytes a client sends. They go through a real
 * libmicrohttpd daemon (no listening socket, no thread: MHD_run() here) on
 * one end of a socket pair, so libmicrohttpd parses the request line,
 * headers, cookies and query string as it does for `serve`, and hands them
 * to webreq_read(), the function web.c asks what a request wants (method,
 * key, route, since=, limit=, q=). The input is also given whole to the
 * small parsers (since=, the Bearer header, paths).
 *
 * Besides crashes and sanitizer reports, it aborts when:
 * - a request is let in without the key, though no place a key may come
 *   from (?key=, cookie, X-Checkin-Key, Authorization: Bearer) holds it;
 * - a file path let through has "..", a hidden file or an empty segment;
 * - since= is accepted for a date or time that does not exist, or limit=
 *   or q= outside their bounds;
 * - whole= is accepted as anything but 0 or 1, or a Last-Event-ID is
 *   taken that is not "RUN.GEN" (16 lower-case hex digits, a dot, 1 to 19
 *   digits, not 0), or one of that form is not taken;
 * - a refusal's message is not printable ASCII (it goes into JSON as is).
 * FUZZ_HTTP_TRACE=1 prints what each request came to. */
#include <netinet/in.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "checkin/text.h"
#include "webreq.h"

#define KEY "fuzzkey234567abc"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int printable(const char *s)
{
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return 0;
	return 1;
}

static int is_key(const char *v)
{
	return v && !strcmp(v, KEY);
}

/* The same rule as webreq.c's, written again the plain way. */
static int key_given(struct MHD_Connection *c)
{
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	size_t len;
	const char *tok = auth ? webreq_bearer(auth, &len) : NULL;
	return is_key(MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "key")) ||
	       is_key(MHD_lookup_connection_value(c, MHD_COOKIE_KIND, WEBREQ_COOKIE)) ||
	       is_key(MHD_lookup_connection_value(c, MHD_HEADER_KIND, WEBREQ_KEY_HEADER)) ||
	       (tok && len == strlen(KEY) && !memcmp(tok, KEY, len));
}

/* The grammar of an event id, written again the plain way. */
static int event_id_form(const char *s)
{
	size_t n = strlen(s);
	if (n < 18 || n > 36 || s[16] != '.')
		return 0;
	for (size_t i = 0; i < 16; i++)
		if (!strchr("0123456789abcdef", s[i]) || !s[i])
			return 0;
	if (strspn(s + 17, "0123456789") != n - 17 || strspn(s + 17, "0") == n - 17)
		return 0;
	return 1;
}

/* An accepted since= value other than milliseconds names a real day and
 * time: checked through timegm()'s normalisation, not webreq's table. */
static void check_since(const char *s)
{
	int y, mo, d, h = 0, mi = 0;
	if (strspn(s, "0123456789") == strlen(s))
		return;
	if (sscanf(s, "%4d-%2d-%2d", &y, &mo, &d) != 3)
		abort();
	if (strlen(s) > 10 && sscanf(s + 11, "%2d:%2d", &h, &mi) != 2)
		abort();
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d, .tm_hour = 12};
	time_t t = timegm(&tm);
	struct tm back;
	gmtime_r(&t, &back);
	if (back.tm_mday != d || back.tm_mon != mo - 1 || h > 23 || mi > 59)
		abort();
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload_data, size_t *upload_size,
                               void **con_cls)
{
	struct webreq r;
	char msg[300];
	(void)cls;
	(void)version;
	(void)upload_data;
	(void)con_cls;

	unsigned st = webreq_read(c, url, method, *upload_size, KEY, &r, msg, sizeof msg);
	if (st) {
		if ((st != 400 && st != 401 && st != 404 && st != 405) || !msg[0] || !printable(msg))
			abort();
	} else {
		if (!key_given(c))
			abort();
		switch (r.route) {
		case WEBREQ_FILE:
			if (!webreq_path_safe(r.path) || strstr(r.path, "/.") || strstr(r.path, "//"))
				abort();
			break;
		case WEBREQ_ARRIVALS: {
			const char *since = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
			if (r.limit < 1 || r.limit > WEBREQ_ARRIVALS_MAX || r.since < 0)
				abort();
			if (since)
				check_since(since);
			break;
		}
		case WEBREQ_SEARCH:
			if (strlen(r.q) > WEBREQ_QUERY_MAX || !text_valid_utf8(r.q, strlen(r.q)))
				abort();
			break;
		case WEBREQ_PROGRAMME: {
			const char *now = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "now");
			if (r.now < 0 || (!now && r.now))
				abort();
			if (now)
				check_since(now);
			break;
		}
		case WEBREQ_EVENTS: {
			const char *whole = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "whole");
			const char *last = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Last-Event-ID");
			if (r.whole != (whole && !strcmp(whole, "1")) || (whole && strcmp(whole, "0") && strcmp(whole, "1")))
				abort();
			if (r.resume != (last && event_id_form(last)) || (r.resume && !r.resume_gen))
				abort();
			break;
		}
		default:
			break;
		}
	}
	if (getenv("FUZZ_HTTP_TRACE")) /* what each request came to, to check a corpus */
		fprintf(stderr, "%s %s -> %u %s\n", method, url, st ? st : 200, st ? msg : "");
	static const char body[] = "x";
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(sizeof body - 1, (void *)body, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	enum MHD_Result ret = MHD_queue_response(c, st ? st : MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	return ret;
}

static struct MHD_Daemon *daemon_once(void)
{
	static struct MHD_Daemon *d;
	if (d)
		return d;
	if (sodium_init() < 0)
		abort();
	setenv("TZ", "Asia/Ho_Chi_Minh", 1); /* as admin_open() sets the event's zone */
	tzset();
	d = MHD_start_daemon(MHD_USE_NO_LISTEN_SOCKET, 0, NULL, NULL, handler, NULL, MHD_OPTION_END);
	if (!d)
		abort();
	return d;
}

/* The whole input, as a string, to the small parsers. */
static void parsers(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), why[200];
	int64_t ms;
	size_t len;
	if (!s)
		return;
	memcpy(s, data, size);
	s[size] = '\0';
	if (webreq_parse_since(s, &ms, why, sizeof why) == 0)
		check_since(s);
	else if (!why[0] || !printable(why))
		abort();
	const char *tok = webreq_bearer(s, &len);
	if (tok && (!len || tok < s || tok + len > s + strlen(s)))
		abort();
	if (webreq_path_safe(s) && (strstr(s, "/.") || strstr(s, "//") || strchr(s, '\\')))
		abort();
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct MHD_Daemon *d = daemon_once();
	struct sockaddr_in peer = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int sv[2];
	char buf[4096];

	parsers(data, size);
	if (size > 60000)
		size = 60000; /* what a socket pair takes without a reader */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		abort();
	int sz = 256 * 1024;
	setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
	if (size && write(sv[0], data, size) != (ssize_t)size)
		abort();
	shutdown(sv[0], SHUT_WR);
	if (MHD_add_connection(d, sv[1], (struct sockaddr *)&peer, sizeof peer) != MHD_YES) {
		close(sv[0]);
		return 0;
	}
	/* Until libmicrohttpd has answered and closed its end (bounded). */
	for (int round = 0; round < 100; round++) {
		MHD_run(d);
		ssize_t n;
		while ((n = recv(sv[0], buf, sizeof buf, MSG_DONTWAIT)) > 0)
			;
		if (n == 0)
			break;
	}
	close(sv[0]);
	MHD_run(d); /* let it clean up a connection it has not closed yet */
	return 0;
}
