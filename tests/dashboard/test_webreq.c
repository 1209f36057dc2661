/* test_webreq.c - the dashboard's request parsers without a server:
 * since= (every form, and dates and times that do not exist), the Bearer
 * header, the key comparison, safe paths, printable messages, event ids
 * (Last-Event-ID). The whole
 * request path is tested through a server in test_access.py and fuzzed in
 * tests/fuzz/fuzz_http.c. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../core/check.h"
#include "webreq.h"

static int since_ok(const char *s, int64_t want)
{
	int64_t ms = -12345;
	char why[200];
	int rc = webreq_parse_since(s, &ms, why, sizeof why);
	if (rc != 0 || ms != want)
		fprintf(stderr, "since '%s': rc %d, %lld (want %lld) %s\n", s, rc, (long long)ms, (long long)want,
		        rc ? why : "");
	return rc == 0 && ms == want;
}

static int since_refused(const char *s, const char *because)
{
	int64_t ms = 0;
	char why[200] = "";
	int rc = webreq_parse_since(s, &ms, why, sizeof why);
	if (rc == 0 || !strstr(why, because))
		fprintf(stderr, "since '%s': rc %d, why '%s' (want '%s')\n", s, rc, why, because);
	return rc < 0 && strstr(why, because) != NULL;
}

static int event_id_is(const char *s, uint64_t run, uint64_t gen)
{
	uint64_t r = 7, g = 7;
	int rc = webreq_parse_event_id(s, &r, &g);
	if (rc != 0 || r != run || g != gen)
		fprintf(stderr, "event id '%s': rc %d, %llx.%llu\n", s, rc, (unsigned long long)r, (unsigned long long)g);
	return rc == 0 && r == run && g == gen;
}

static int event_id_refused(const char *s)
{
	uint64_t r = 7, g = 7;
	int rc = webreq_parse_event_id(s, &r, &g);
	return rc < 0 && r == 7 && g == 7;  /* and nothing set */
}

static int bearer_is(const char *value, const char *token)
{
	size_t len = 0;
	const char *t = webreq_bearer(value, &len);
	if (!token)
		return t == NULL;
	return t && len == strlen(token) && !memcmp(t, token, len);
}

int main(void)
{
	if (sodium_init() < 0)
		return 1;
	setenv("TZ", "Asia/Ho_Chi_Minh", 1); /* the event's zone, +07:00 without summer time */
	tzset();

	/* Every form. 2026-11-28T00:30:00Z is 1795825800 s. */
	CHECK(since_ok("0", 0));
	CHECK(since_ok("1795825800000", 1795825800000LL));
	CHECK(since_ok("2026-11-28T00:30:00Z", 1795825800000LL));
	CHECK(since_ok("2026-11-28t00:30z", 1795825800000LL));
	CHECK(since_ok("2026-11-28 00:30:00.5Z", 1795825800500LL));
	CHECK(since_ok("2026-11-28T00:30:00.123456Z", 1795825800123LL));
	CHECK(since_ok("2026-11-28T07:30:00+07:00", 1795825800000LL));
	CHECK(since_ok("2026-11-28T07:30+0700", 1795825800000LL));
	CHECK(since_ok("2026-11-27T23:30-01:00", 1795825800000LL));
	CHECK(since_ok("2026-11-28T07:30", 1795825800000LL));       /* local time */
	CHECK(since_ok("2026-11-28", 1795798800000LL));             /* local midnight */
	CHECK(since_ok("2024-02-29T00:00Z", 1709164800000LL));      /* a leap day */
	CHECK(since_ok("2000-02-29T00:00Z", 951782400000LL));

	/* Dates and times that do not exist are refused, saying why. */
	CHECK(since_refused("2026-02-30T07:30", "February 2026 has 28 days"));
	CHECK(since_refused("2026-02-30", "February 2026 has 28 days"));
	CHECK(since_refused("2026-02-29T00:00Z", "February 2026 has 28 days"));
	CHECK(since_refused("1900-02-29T00:00Z", "February 1900 has 28 days"));
	CHECK(since_refused("2026-04-31T00:00Z", "April 2026 has 30 days"));
	CHECK(since_refused("2026-11-00", "November 2026 has 30 days"));
	CHECK(since_refused("2026-13-01", "no month 13"));
	CHECK(since_refused("2026-00-01", "no month 0"));
	CHECK(since_refused("2026-11-28T24:00", "no such time of day: 24:00"));
	CHECK(since_refused("2026-11-28T07:60", "no such time of day: 07:60"));
	CHECK(since_refused("2026-11-28T07:30:61", "no such time of day"));

	/* Malformed ones name the forms. */
	const char *form = "ISO 8601 like 2026-11-28T07:30:00Z";
	CHECK(since_refused("", form));
	CHECK(since_refused("yesterday", form));
	CHECK(since_refused("2026-1-28", form));
	CHECK(since_refused(" 2026-11-28", form));
	CHECK(since_refused("+2026-11-28", form));
	CHECK(since_refused("2026-11-28T07", form));
	CHECK(since_refused("2026-11-28T7:30", form));
	CHECK(since_refused("2026-11-28T07:30:", form));
	CHECK(since_refused("2026-11-28T07:30:00.", form));
	CHECK(since_refused("2026-11-28T07:30Zx", form));
	CHECK(since_refused("2026-11-28T07:30+24:00", form));
	CHECK(since_refused("2026-11-28T07:30+07:60", form));
	CHECK(since_refused("2026-11-28T07:30+7", form));
	CHECK(since_refused("2026-11-28Z", form));
	CHECK(since_refused("-1", form));
	CHECK(since_refused("1234567890123456", "15 digits"));

	/* Bearer. */
	CHECK(bearer_is("Bearer abc", "abc"));
	CHECK(bearer_is("bearer abc", "abc"));
	CHECK(bearer_is("BEARER\tabc  ", "abc"));
	CHECK(bearer_is("  Bearer   abc", "abc"));
	CHECK(bearer_is("Bearer", NULL));
	CHECK(bearer_is("Bearer ", NULL));
	CHECK(bearer_is("Bearerabc", NULL));
	CHECK(bearer_is("Basic abc", NULL));
	CHECK(bearer_is("Bearer abc def", NULL));
	CHECK(bearer_is("abc", NULL));
	CHECK(bearer_is("", NULL));

	/* The key: exact length and bytes. */
	CHECK(webreq_key_equal("abcdefghijkmnpqr", "abcdefghijkmnpqr", 16));
	CHECK(webreq_key_equal("abcdefghijkmnpqr", "abcdefghijkmnpqr!", 16));  /* len counts, not the NUL */
	CHECK(!webreq_key_equal("abcdefghijkmnpqr", "abcdefghijkmnpqr!", 17));
	CHECK(!webreq_key_equal("abcdefghijkmnpqr", "abcdefghijkmnpq", 15));
	CHECK(!webreq_key_equal("abcdefghijkmnpqr", "abcdefghijkmnpqs", 16));
	CHECK(!webreq_key_equal("abcdefghijkmnpqr", NULL, 0));

	/* Paths. */
	CHECK(webreq_path_safe("/"));
	CHECK(webreq_path_safe("/app.js"));
	CHECK(webreq_path_safe("/fonts/noto-sans.woff2"));
	CHECK(!webreq_path_safe(""));
	CHECK(!webreq_path_safe("app.js"));
	CHECK(!webreq_path_safe("/../x"));
	CHECK(!webreq_path_safe("/a/../x"));
	CHECK(!webreq_path_safe("/.hidden"));
	CHECK(!webreq_path_safe("//etc/passwd"));
	CHECK(!webreq_path_safe("/a/"));
	CHECK(!webreq_path_safe("/a\\b"));
	CHECK(!webreq_path_safe("/a b"));
	CHECK(!webreq_path_safe("/\xc3\xa9"));
	char longpath[300];
	memset(longpath, 'a', sizeof longpath - 1);
	longpath[0] = '/';
	longpath[sizeof longpath - 1] = '\0';
	CHECK(!webreq_path_safe(longpath));

	/* Event ids: RUN.GEN as the hub writes them. */
	CHECK(event_id_is("0123456789abcdef.1", 0x0123456789abcdefULL, 1));
	CHECK(event_id_is("ffffffffffffffff.57", 0xffffffffffffffffULL, 57));
	CHECK(event_id_is("0000000000000000.9999999999999999999", 0, 9999999999999999999ULL));
	CHECK(event_id_refused(""));
	CHECK(event_id_refused("0123456789abcdef"));
	CHECK(event_id_refused("0123456789abcdef."));
	CHECK(event_id_refused("0123456789abcdef.0"));
	CHECK(event_id_refused("0123456789abcdef.-1"));
	CHECK(event_id_refused("0123456789abcdef.1 "));
	CHECK(event_id_refused("0123456789abcdef.10000000000000000000"));  /* 20 digits */
	CHECK(event_id_refused("0123456789ABCDEF.1"));
	CHECK(event_id_refused("0123456789abcde.1"));
	CHECK(event_id_refused("0123456789abcdef0.1"));
	CHECK(event_id_refused("0123456789abcdeg.1"));
	CHECK(event_id_refused("garbage"));

	/* Messages stay printable ASCII and within their buffer. */
	char out[8];
	webreq_printable("a\x01\xff" "bcdefghij", out, sizeof out);
	CHECK(!strcmp(out, "a??bcde"));
	webreq_printable("", out, sizeof out);
	CHECK(!strcmp(out, ""));

	return check_summary("test_webreq");
}
