/* webreq.c - what a dashboard request asks for (see webreq.h).
 *
 * Order of the checks, and so of the refusals: a body (400), the method
 * (405), the key (401), the route (404, or 405 for HEAD of the event
 * stream), the parameters (400).
 *
 * The refusals stay in English and in printable ASCII (fuzz_http checks
 * it): they are for whoever programs against the API, like the JSON keys,
 * and the page never sends a request that gets one. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include "checkin/text.h"
#include "webreq.h"

#define SINCE_FORM "give UTC milliseconds or ISO 8601 like 2026-11-28T07:30:00Z"

static unsigned refuse(char *msg, size_t msglen, unsigned status, const char *text)
{
	snprintf(msg, msglen, "%s", text);
	return status;
}

void webreq_printable(const char *src, char *dst, size_t dstlen)
{
	size_t i = 0;
	if (!dstlen)
		return;
	for (; src[i] && i + 1 < dstlen; i++)
		dst[i] = (src[i] >= 0x20 && src[i] < 0x7f) ? src[i] : '?';
	dst[i] = '\0';
}

/* ---- since= --------------------------------------------------------- */

/* Exactly n decimal digits at *p (never reads past a NUL). */
static int digits(const char **p, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)(*p)[i];
		if (ch < '0' || ch > '9')
			return -1;
		v = v * 10 + (ch - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

static int days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

static const char *const month_names[12] = {
	"January", "February", "March", "April", "May", "June",
	"July", "August", "September", "October", "November", "December",
};

/* "Z", "+07:00", "+0700" (or "-...") into seconds east of UTC. */
static int parse_zone(const char *p, long *off)
{
	int oh, om;
	if (*p == 'Z' || *p == 'z')
		return p[1] ? -1 : (*off = 0, 0);
	if (*p != '+' && *p != '-')
		return -1;
	const char *q = p + 1;
	if (digits(&q, 2, &oh) < 0)
		return -1;
	if (*q == ':')
		q++;
	if (digits(&q, 2, &om) < 0 || *q || oh > 23 || om > 59)
		return -1;
	*off = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
	return 0;
}

int webreq_parse_since(const char *s, int64_t *ms, char *why, size_t whylen)
{
	size_t n = strlen(s);
	int y, mo, d, h = 0, mi = 0, sec = 0, frac = 0, has_time = 0;
	const char *p = s;

	if (n && strspn(s, "0123456789") == n) {
		if (n > 15) {
			snprintf(why, whylen, "more than 15 digits of milliseconds");
			return -1;
		}
		*ms = strtoll(s, NULL, 10);
		return 0;
	}
	if (digits(&p, 4, &y) < 0 || *p != '-')
		goto form;
	p++;
	if (digits(&p, 2, &mo) < 0 || *p != '-')
		goto form;
	p++;
	if (digits(&p, 2, &d) < 0)
		goto form;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (digits(&p, 2, &h) < 0 || *p != ':')
			goto form;
		p++;
		if (digits(&p, 2, &mi) < 0)
			goto form;
		has_time = 1;
		if (*p == ':') {
			p++;
			if (digits(&p, 2, &sec) < 0)
				goto form;
			if (*p == '.') {
				int nd = 0;
				for (p++; *p >= '0' && *p <= '9'; p++, nd++)
					if (nd < 3)
						frac = frac * 10 + (*p - '0');
				if (!nd)
					goto form;
				for (; nd < 3; nd++)
					frac *= 10;
			}
		}
	}
	long off = 0;
	if (*p && (!has_time || parse_zone(p, &off) < 0))
		goto form;
	if (mo < 1 || mo > 12) {
		snprintf(why, whylen, "no such date: there is no month %d", mo);
		return -1;
	}
	if (d < 1 || d > days_in_month(y, mo)) {
		snprintf(why, whylen, "no such date: %s %04d has %d days", month_names[mo - 1], y,
		         days_in_month(y, mo));
		return -1;
	}
	if (h > 23 || mi > 59 || sec > 60) {
		snprintf(why, whylen, "no such time of day: %02d:%02d:%02d", h, mi, sec);
		return -1;
	}
	struct tm tm = {0};
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	time_t t;
	if (!*p) {
		tm.tm_isdst = -1;
		t = mktime(&tm); /* local: the event's zone, set by admin_open() */
	} else {
		t = timegm(&tm) - off;
	}
	if (t == (time_t)-1) {
		snprintf(why, whylen, "%s", SINCE_FORM);
		return -1;
	}
	*ms = (int64_t)t * 1000 + frac;
	return 0;
form:
	snprintf(why, whylen, "%s", SINCE_FORM);
	return -1;
}

/* ---- paths and keys ------------------------------------------------- */

int webreq_path_safe(const char *url)
{
	if (url[0] != '/' || strlen(url) > 200)
		return 0;
	for (const char *p = url; *p == '/';) {
		p++;
		if (*p == '\0' && p - url == 1)
			return 1; /* "/" itself */
		if (*p == '.' || *p == '\0' || *p == '/')
			return 0;
		while (*p && *p != '/') {
			char ch = *p;
			if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
			      ch == '.' || ch == '_' || ch == '-'))
				return 0;
			p++;
		}
	}
	return 1;
}

const char *webreq_bearer(const char *v, size_t *len)
{
	while (*v == ' ' || *v == '\t')
		v++;
	if (strncasecmp(v, "Bearer", 6) != 0 || (v[6] != ' ' && v[6] != '\t'))
		return NULL;
	v += 6;
	while (*v == ' ' || *v == '\t')
		v++;
	size_t n = strcspn(v, " \t");
	const char *end = v + n;
	while (*end == ' ' || *end == '\t')
		end++;
	if (!n || *end)
		return NULL;
	*len = n;
	return v;
}

int webreq_key_equal(const char *key, const char *given, size_t len)
{
	size_t n = strlen(key);
	if (!given || len != n)
		return 0;
	return sodium_memcmp(key, given, n) == 0;
}

/* 1 when the request carries the key (or none is needed). */
static int access_ok(struct MHD_Connection *c, const char *key, int *in_url)
{
	const char *v;
	size_t len;

	*in_url = 0;
	if (!key)
		return 1;
	v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "key");
	if (v && webreq_key_equal(key, v, strlen(v))) {
		*in_url = 1;
		return 1;
	}
	v = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, WEBREQ_COOKIE);
	if (v && webreq_key_equal(key, v, strlen(v)))
		return 1;
	v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, WEBREQ_KEY_HEADER);
	if (v && webreq_key_equal(key, v, strlen(v)))
		return 1;
	v = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (v && (v = webreq_bearer(v, &len)) != NULL && webreq_key_equal(key, v, len))
		return 1;
	return 0;
}

/* ---- the request ---------------------------------------------------- */

static unsigned read_arrivals(struct MHD_Connection *c, struct webreq *r, char *msg, size_t msglen)
{
	const char *since = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
	const char *limit = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "limit");
	char shown[101], why[200];

	r->since = 0;
	r->limit = WEBREQ_ARRIVALS_DEFAULT;
	if (since && webreq_parse_since(since, &r->since, why, sizeof why) < 0) {
		webreq_printable(since, shown, sizeof shown);
		snprintf(msg, msglen, "bad 'since' value '%s': %s", shown, why);
		return MHD_HTTP_BAD_REQUEST;
	}
	if (r->since < 0)
		r->since = 0; /* before the epoch: everything */
	if (limit) {
		size_t n = strlen(limit);
		long v = n && n <= 4 && strspn(limit, "0123456789") == n ? strtol(limit, NULL, 10) : 0;
		if (v < 1 || v > WEBREQ_ARRIVALS_MAX) {
			webreq_printable(limit, shown, 41);
			snprintf(msg, msglen, "bad 'limit' value '%s': give 1 to %d", shown, WEBREQ_ARRIVALS_MAX);
			return MHD_HTTP_BAD_REQUEST;
		}
		r->limit = v;
	}
	return 0;
}

/* now=T: the MC page's fake clock (web.c honours it only in test mode). */
static unsigned read_programme(struct MHD_Connection *c, struct webreq *r, char *msg, size_t msglen)
{
	const char *now = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "now");
	char shown[101], why[200];
	r->now = 0;
	if (now && webreq_parse_since(now, &r->now, why, sizeof why) < 0) {
		webreq_printable(now, shown, sizeof shown);
		snprintf(msg, msglen, "bad 'now' value '%s': %s", shown, why);
		return MHD_HTTP_BAD_REQUEST;
	}
	if (r->now < 0)
		r->now = 0;
	return 0;
}

int webreq_parse_event_id(const char *s, uint64_t *run, uint64_t *gen)
{
	uint64_t r = 0, g = 0;
	size_t i;

	for (i = 0; i < 16; i++) {
		char ch = s[i];
		if (ch >= '0' && ch <= '9')
			r = r << 4 | (uint64_t)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			r = r << 4 | (uint64_t)(ch - 'a' + 10);
		else
			return -1;
	}
	if (s[i++] != '.')
		return -1;
	size_t digits = strspn(s + i, "0123456789");
	if (digits < 1 || digits > 19 || s[i + digits])
		return -1;
	for (size_t j = 0; j < digits; j++)
		g = g * 10 + (uint64_t)(s[i + j] - '0');  /* 19 digits fit in 64 bits */
	if (!g)
		return -1;
	*run = r;
	*gen = g;
	return 0;
}

/* whole=0|1, and where a client that reconnects left off: EventSource
 * sends the last id it saw as Last-Event-ID. One that does not parse is
 * no error: the client gets the whole picture. */
static unsigned read_events(struct MHD_Connection *c, struct webreq *r, char *msg, size_t msglen)
{
	const char *whole = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "whole");
	const char *last = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Last-Event-ID");
	char shown[41];

	if (whole) {
		if (strcmp(whole, "0") && strcmp(whole, "1")) {
			webreq_printable(whole, shown, sizeof shown);
			snprintf(msg, msglen, "bad 'whole' value '%s': give 0 or 1", shown);
			return MHD_HTTP_BAD_REQUEST;
		}
		r->whole = whole[0] == '1';
	}
	if (last && webreq_parse_event_id(last, &r->resume_run, &r->resume_gen) == 0)
		r->resume = 1;
	return 0;
}

unsigned webreq_read(struct MHD_Connection *c, const char *url, const char *method, size_t upload_size,
                     const char *key, struct webreq *r, char *msg, size_t msglen)
{
	static const struct { const char *path; enum webreq_route route; } api[] = {
		{"/api/status", WEBREQ_STATUS},     {"/api/dashboard", WEBREQ_DASHBOARD},
		{"/api/arrivals", WEBREQ_ARRIVALS}, {"/api/search", WEBREQ_SEARCH},
		{"/api/events", WEBREQ_EVENTS},     {"/api/server", WEBREQ_SERVER},
		{"/api/programme", WEBREQ_PROGRAMME},
		{"/api/seats", WEBREQ_SEATS},       {"/api/strings", WEBREQ_STRINGS},
	};
	size_t i;

	memset(r, 0, sizeof *r);
	if (msglen)
		msg[0] = '\0';
	r->api = !strncmp(url, "/api/", 5);
	if (upload_size)
		return refuse(msg, msglen, MHD_HTTP_BAD_REQUEST, "no request body expected");
	r->head = !strcmp(method, MHD_HTTP_METHOD_HEAD);
	if (!r->head && strcmp(method, MHD_HTTP_METHOD_GET))
		return refuse(msg, msglen, MHD_HTTP_METHOD_NOT_ALLOWED, "read-only: only GET and HEAD");
	if (!access_ok(c, key, &r->key_in_url))
		return refuse(msg, msglen, MHD_HTTP_UNAUTHORIZED, "access key required");
	if (!r->api) {
		if (!webreq_path_safe(url))
			return refuse(msg, msglen, MHD_HTTP_NOT_FOUND, "not found");
		r->route = WEBREQ_FILE;
		r->path = !strcmp(url, "/") ? "/index.html" : !strcmp(url, "/mc") ? "/mc.html"
		          : !strcmp(url, "/seats") ? "/seats.html" : url;
		return 0;
	}
	for (i = 0; i < sizeof api / sizeof api[0] && strcmp(url, api[i].path); i++)
		;
	if (i == sizeof api / sizeof api[0])
		return refuse(msg, msglen, MHD_HTTP_NOT_FOUND, "no such API");
	r->route = api[i].route;
	switch (r->route) {
	case WEBREQ_EVENTS:
		if (r->head)
			return refuse(msg, msglen, MHD_HTTP_METHOD_NOT_ALLOWED, "GET only");
		return read_events(c, r, msg, msglen);
	case WEBREQ_ARRIVALS:
		return read_arrivals(c, r, msg, msglen);
	case WEBREQ_PROGRAMME:
		return read_programme(c, r, msg, msglen);
	case WEBREQ_SEARCH:
		r->q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q");
		if (!r->q)
			r->q = "";
		if (strlen(r->q) > WEBREQ_QUERY_MAX)
			return refuse(msg, msglen, MHD_HTTP_BAD_REQUEST, "search text too long");
		if (!text_valid_utf8(r->q, strlen(r->q)))
			return refuse(msg, msglen, MHD_HTTP_BAD_REQUEST, "search text is not UTF-8");
		break;
	default:
		break;
	}
	return 0;
}
