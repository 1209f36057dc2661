/* web.c - the read-only web dashboard server (see web.h).
 *
 * Request flow: answer() checks the method and the key, then dispatches on
 * the path to an API handler or to serve_file(). API handlers that query
 * the database share one store handle (w->q) under w->qmu; the event
 * stream never queries, it copies the hub's latest picture. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <microhttpd.h>
#include <pthread.h>
#include <sodium.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "attendance.h"
#include "checkin/clock.h"
#include "json.h"
#include "hub.h"
#include "checkin/store.h"
#include "checkin/text.h"
#include "web.h"

#define WEB_MAX_SSE 256          /* event-stream clients at once */
#define WEB_PING_MS 15000        /* SSE comment this often, so dead peers are found */
#define WEB_TIMEOUT_S 30         /* drop a connection idle (or not reading) this long */
#define WEB_SEARCH_MAX 20
#define WEB_QUERY_MAX 100        /* bytes of a search text */
#define WEB_ARRIVALS_MAX 1000
#define WEB_COOKIE "checkin_key"
#define WEB_SNDBUF (128 * 1024)  /* bytes the kernel may hold for one client */

struct web {
	struct MHD_Daemon *d;
	hub *hub;
	store *q;                    /* for API queries; guarded by qmu */
	pthread_mutex_t qmu;
	char root[PATH_MAX];
	char *key;                   /* NULL: no key needed */
	atomic_int sse_clients;
};

/* ---- responses ------------------------------------------------------ */

static void common_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Content-Security-Policy",
	                        "default-src 'self'; img-src 'self' data:; style-src 'self'; "
	                        "script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
}

static enum MHD_Result send_buf(struct MHD_Connection *c, unsigned status, const char *type,
                                const char *body, size_t len, int must_copy)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
		len, (void *)body, must_copy ? MHD_RESPMEM_MUST_COPY : MHD_RESPMEM_MUST_FREE);
	if (!r) {
		if (!must_copy)
			free((void *)body);
		return MHD_NO;
	}
	common_headers(r);
	MHD_add_response_header(r, "Content-Type", type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	if (status == MHD_HTTP_UNAUTHORIZED)
		MHD_add_response_header(r, "WWW-Authenticate", "Bearer realm=\"checkin\"");
	if (status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(r, "Allow", "GET, HEAD");
	enum MHD_Result ret = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	return ret;
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status, const char *text)
{
	return send_buf(c, status, "text/plain; charset=utf-8", text, strlen(text), 1);
}

/* Takes the reference to j. */
static enum MHD_Result send_json(struct MHD_Connection *c, unsigned status, json_t *j)
{
	char *text = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!text)
		return send_text(c, MHD_HTTP_INTERNAL_SERVER_ERROR, "out of memory\n");
	return send_buf(c, status, "application/json; charset=utf-8", text, strlen(text), 0);
}

static enum MHD_Result send_error(struct MHD_Connection *c, unsigned status, const char *msg)
{
	return send_json(c, status, json_pack("{s:s}", "error", msg));
}

static const char page_401[] =
	"<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\">"
	"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	"<title>Cần mã truy cập</title>"
	"<body>"
	"<h1>Cần mã truy cập</h1>"
	"<p>Trang theo dõi điểm danh chỉ mở được bằng liên kết có mã truy cập. "
	"Hãy quét mã QR hiển thị trên máy chủ, hoặc hỏi bộ phận lễ tân.</p>"
	"<p lang=\"en\">Access key required.</p></body></html>\n";

/* ---- access --------------------------------------------------------- */

static int key_equal(const char *key, const char *given)
{
	size_t n = strlen(key);
	if (!given || strlen(given) != n)
		return 0;
	return sodium_memcmp(key, given, n) == 0;
}

/* 1 when the request may proceed; *via_query tells that the key came in
 * the URL (the page then sets the cookie). */
static int access_ok(web *w, struct MHD_Connection *c, int *via_query)
{
	*via_query = 0;
	if (!w->key)
		return 1;
	if (key_equal(w->key, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "key"))) {
		*via_query = 1;
		return 1;
	}
	return key_equal(w->key, MHD_lookup_connection_value(c, MHD_COOKIE_KIND, WEB_COOKIE)) ||
	       key_equal(w->key, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Checkin-Key"));
}

/* ---- static files --------------------------------------------------- */

static const char *content_type(const char *path)
{
	static const struct { const char *ext, *type; } types[] = {
		{".html", "text/html; charset=utf-8"},
		{".js", "text/javascript; charset=utf-8"},
		{".css", "text/css; charset=utf-8"},
		{".svg", "image/svg+xml"},
		{".png", "image/png"},
		{".ico", "image/x-icon"},
		{".json", "application/json; charset=utf-8"},
		{".txt", "text/plain; charset=utf-8"},
		{".woff2", "font/woff2"},
		{".ttf", "font/ttf"},
	};
	const char *dot = strrchr(path, '.');
	if (dot)
		for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
			if (!strcmp(dot, types[i].ext))
				return types[i].type;
	return "application/octet-stream";
}

/* A path we are willing to serve: "/" or "/seg/seg" where every segment is
 * [A-Za-z0-9_-][A-Za-z0-9._-]*: no "..", no hidden files, no backslashes,
 * no empty segments. MHD has already decoded %xx, so "%2e%2e" is ".." here. */
static int path_safe(const char *url)
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
			unsigned char ch = (unsigned char)*p;
			if (!(isalnum(ch) || ch == '.' || ch == '_' || ch == '-'))
				return 0;
			p++;
		}
	}
	return 1;
}

static enum MHD_Result serve_file(web *w, struct MHD_Connection *c, const char *url, int set_cookie)
{
	char path[PATH_MAX + 256];
	struct stat sb;

	if (!path_safe(url))
		return send_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	if (!strcmp(url, "/"))
		url = "/index.html";
	snprintf(path, sizeof path, "%s%s", w->root, url);
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return send_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		close(fd);
		return send_text(c, MHD_HTTP_NOT_FOUND, "not found\n");
	}
	struct MHD_Response *r = MHD_create_response_from_fd((uint64_t)sb.st_size, fd); /* owns fd */
	if (!r) {
		close(fd);
		return MHD_NO;
	}
	common_headers(r);
	MHD_add_response_header(r, "Content-Type", content_type(path));
	MHD_add_response_header(r, "Cache-Control", "no-cache");
	if (set_cookie && w->key) {
		char cookie[256];
		snprintf(cookie, sizeof cookie, "%s=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=86400",
		         WEB_COOKIE, w->key);
		MHD_add_response_header(r, "Set-Cookie", cookie);
	}
	enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* ---- API ------------------------------------------------------------ */

/* "1700000000000", "2026-11-28T07:30", "...:05", "...:05.123", then "Z",
 * "+07:00", "+0700" or nothing (the event's local time). */
static int parse_since(const char *s, int64_t *ms)
{
	char *end;
	if (!*s)
		return -1;
	if (strspn(s, "0123456789") == strlen(s)) {
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (errno || strlen(s) > 15)
			return -1;
		*ms = v;
		return 0;
	}
	struct tm tm = {0};
	int y, mo, d, h, mi, sec = 0, frac = 0, n = 0;
	if (sscanf(s, "%4d-%2d-%2d%*1[T ]%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 || n == 0)
		return -1;
	const char *p = s + n;
	if (*p == ':') {
		if (!isdigit((unsigned char)p[1]) || !isdigit((unsigned char)p[2]))
			return -1;
		sec = (p[1] - '0') * 10 + (p[2] - '0');
		p += 3;
		if (*p == '.') {
			int digits = 0;
			for (p++; isdigit((unsigned char)*p); p++, digits++)
				if (digits < 3)
					frac = frac * 10 + (*p - '0');
			if (!digits)
				return -1;
			for (; digits < 3; digits++)
				frac *= 10;
		}
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
		return -1;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	time_t t;
	if (*p == '\0') {
		tm.tm_isdst = -1;
		t = mktime(&tm); /* local: the event's zone, set by admin_open() */
	} else {
		long off = 0;
		if (!strcmp(p, "Z") || !strcmp(p, "z")) {
			off = 0;
		} else if ((*p == '+' || *p == '-') && strlen(p) >= 5) {
			int oh, om;
			if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 && sscanf(p + 1, "%2d%2d", &oh, &om) != 2)
				return -1;
			if (strlen(p) != 6 && strlen(p) != 5)
				return -1;
			off = (oh * 3600L + om * 60L) * (*p == '-' ? -1 : 1);
		} else {
			return -1;
		}
		t = timegm(&tm) - off;
	}
	if (t == (time_t)-1)
		return -1;
	*ms = (int64_t)t * 1000 + frac;
	return 0;
}

static json_t *delegates_json(const struct delegate *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, attendance_delegate_json(&v[i]));
	return a;
}

static enum MHD_Result api_status(web *w, struct MHD_Connection *c)
{
	ck_err err;
	pthread_mutex_lock(&w->qmu);
	/* Exactly what `checkin-admin status --json` prints. */
	json_t *j = status_to_json(w->q, clock_now_ms(), &err);
	pthread_mutex_unlock(&w->qmu);
	if (!j)
		return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, err.msg);
	return send_json(c, MHD_HTTP_OK, j);
}

static enum MHD_Result api_dashboard(web *w, struct MHD_Connection *c)
{
	uint64_t gen = 0;
	char *text;
	size_t len;
	if (hub_wait(w->hub, &gen, 0, &text, &len) != 1)
		return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "shutting down");
	return send_buf(c, MHD_HTTP_OK, "application/json; charset=utf-8", text, len, 0);
}

static enum MHD_Result api_arrivals(web *w, struct MHD_Connection *c)
{
	const char *since_s = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "since");
	const char *limit_s = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "limit");
	int64_t since = 0;
	long limit = 100;
	struct delegate *v = NULL;
	size_t n = 0;
	ck_err err;
	char msg[300];

	if (since_s && parse_since(since_s, &since) < 0) {
		snprintf(msg, sizeof msg,
		         "bad 'since' value '%.100s': give UTC milliseconds or ISO 8601 like "
		         "2026-11-28T07:30:00Z", since_s);
		return send_error(c, MHD_HTTP_BAD_REQUEST, msg);
	}
	if (limit_s) {
		char *end;
		limit = strtol(limit_s, &end, 10);
		if (*end || end == limit_s || limit < 1 || limit > WEB_ARRIVALS_MAX) {
			snprintf(msg, sizeof msg, "bad 'limit' value '%.40s': give 1 to %d", limit_s,
			         WEB_ARRIVALS_MAX);
			return send_error(c, MHD_HTTP_BAD_REQUEST, msg);
		}
	}
	/* arrived_since 0 means "all", so a since of 0 or before is all too. */
	struct delegate_filter f = {
		.presence = PRESENCE_PRESENT, .order = ORDER_ARRIVAL_DESC,
		.arrived_since = since > 0 ? since : 0, .limit = (size_t)limit,
	};
	pthread_mutex_lock(&w->qmu);
	int rc = delegate_list(w->q, &f, &v, &n, &err);
	pthread_mutex_unlock(&w->qmu);
	if (rc < 0)
		return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, err.msg);
	json_t *j = json_pack("{s:I, s:I, s:I, s:o}", "since", (json_int_t)since, "now",
	                      (json_int_t)clock_now_ms(), "count", (json_int_t)n, "arrivals",
	                      delegates_json(v, n));
	delegates_free(v, n);
	return send_json(c, MHD_HTTP_OK, j);
}

static enum MHD_Result api_search(web *w, struct MHD_Connection *c)
{
	const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q");
	struct delegate *v = NULL;
	size_t n = 0;
	ck_err err;

	if (!q)
		q = "";
	if (strlen(q) > WEB_QUERY_MAX)
		return send_error(c, MHD_HTTP_BAD_REQUEST, "search text too long");
	if (!text_valid_utf8(q, strlen(q)))
		return send_error(c, MHD_HTTP_BAD_REQUEST, "search text is not UTF-8");
	const char *p = q;
	while (*p == ' ')
		p++;
	if (!*p)
		return send_json(c, MHD_HTTP_OK, json_pack("{s:s, s:[], s:b}", "query", q, "results", "more", 0));
	struct delegate_filter f = {
		.presence = PRESENCE_ANY, .name = q, .order = ORDER_CATEGORY_NAME, .limit = WEB_SEARCH_MAX + 1,
	};
	pthread_mutex_lock(&w->qmu);
	int rc = delegate_list(w->q, &f, &v, &n, &err);
	pthread_mutex_unlock(&w->qmu);
	if (rc < 0)
		return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, err.msg);
	int more = n > WEB_SEARCH_MAX;
	json_t *j = json_pack("{s:s%, s:o, s:b}", "query", q, strlen(q), "results",
	                      delegates_json(v, more ? WEB_SEARCH_MAX : n), "more", more);
	delegates_free(v, n);
	return send_json(c, MHD_HTTP_OK, j);
}

/* ---- event stream --------------------------------------------------- */

struct sse {
	web *w;
	uint64_t gen;       /* generation last sent */
	char *buf;          /* pending bytes */
	size_t len, off;
};

static ssize_t sse_read(void *cls, uint64_t pos, char *out, size_t max)
{
	struct sse *s = cls;
	(void)pos;
	while (s->off >= s->len) {
		char *json;
		size_t jlen;
		free(s->buf);
		s->buf = NULL;
		s->len = s->off = 0;
		int r = hub_wait(s->w->hub, &s->gen, WEB_PING_MS, &json, &jlen);
		if (r < 0)
			return MHD_CONTENT_READER_END_OF_STREAM;
		if (r == 0) {
			/* Nothing new: a comment keeps proxies open and finds dead peers. */
			s->buf = strdup(": ping\n\n");
			if (!s->buf)
				return MHD_CONTENT_READER_END_WITH_ERROR;
			s->len = strlen(s->buf);
			break;
		}
		static const char head[] = "event: snapshot\ndata: ";
		s->len = sizeof head - 1 + jlen + 2;
		s->buf = malloc(s->len + 1);
		if (!s->buf) {
			free(json);
			return MHD_CONTENT_READER_END_WITH_ERROR;
		}
		memcpy(s->buf, head, sizeof head - 1);
		memcpy(s->buf + sizeof head - 1, json, jlen);
		memcpy(s->buf + sizeof head - 1 + jlen, "\n\n", 3);
		free(json);
	}
	size_t n = s->len - s->off;
	if (n > max)
		n = max;
	memcpy(out, s->buf + s->off, n);
	s->off += n;
	return (ssize_t)n;
}

static void sse_free(void *cls)
{
	struct sse *s = cls;
	atomic_fetch_sub(&s->w->sse_clients, 1);
	free(s->buf);
	free(s);
}

static enum MHD_Result api_events(web *w, struct MHD_Connection *c)
{
	if (atomic_fetch_add(&w->sse_clients, 1) >= WEB_MAX_SSE) {
		atomic_fetch_sub(&w->sse_clients, 1);
		return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, "too many live clients");
	}
	struct sse *s = calloc(1, sizeof *s);
	if (!s) {
		atomic_fetch_sub(&w->sse_clients, 1);
		return MHD_NO;
	}
	s->w = w;
	/* Tell EventSource to come back quickly after a restart. */
	s->buf = strdup("retry: 2000\n\n");
	s->len = s->buf ? strlen(s->buf) : 0;
	struct MHD_Response *r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024, sse_read, s, sse_free);
	if (!r) {
		sse_free(s);
		return MHD_NO;
	}
	common_headers(r);
	MHD_add_response_header(r, "Content-Type", "text/event-stream; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Accel-Buffering", "no");
	enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* ---- dispatch ------------------------------------------------------- */

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_size,
                              void **con_cls)
{
	web *w = cls;
	int via_query;
	(void)version;
	(void)upload_data;
	(void)con_cls;

	if (*upload_size)
		return send_text(c, MHD_HTTP_BAD_REQUEST, "no request body expected\n");
	int head = !strcmp(method, MHD_HTTP_METHOD_HEAD);
	if (strcmp(method, MHD_HTTP_METHOD_GET) && !head)
		return send_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "read-only: only GET and HEAD\n");
	if (!access_ok(w, c, &via_query)) {
		if (!strncmp(url, "/api/", 5))
			return send_error(c, MHD_HTTP_UNAUTHORIZED, "access key required");
		return send_buf(c, MHD_HTTP_UNAUTHORIZED, "text/html; charset=utf-8", page_401,
		                sizeof page_401 - 1, 1);
	}
	if (!strcmp(url, "/api/status"))
		return api_status(w, c);
	if (!strcmp(url, "/api/dashboard"))
		return api_dashboard(w, c);
	if (!strcmp(url, "/api/arrivals"))
		return api_arrivals(w, c);
	if (!strcmp(url, "/api/search"))
		return api_search(w, c);
	if (!strcmp(url, "/api/events")) {
		if (head)
			return send_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "GET only\n");
		return api_events(w, c);
	}
	if (!strncmp(url, "/api/", 5))
		return send_error(c, MHD_HTTP_NOT_FOUND, "no such API");
	return serve_file(w, c, url, via_query);
}

/* A fixed, small send buffer per connection: a client that stops reading
 * then blocks its own thread within a few snapshots, and the connection
 * timeout drops it, instead of the kernel queueing megabytes for it. */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode what)
{
	(void)cls;
	(void)socket_context;
	if (what != MHD_CONNECTION_NOTIFY_STARTED)
		return;
	const union MHD_ConnectionInfo *info = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
	int size = WEB_SNDBUF;
	if (info)
		setsockopt(info->connect_fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[512];
	(void)cls;
	vsnprintf(msg, sizeof msg, fmt, ap);
	/* A phone that goes to sleep or leaves the page is normal, not news. */
	if (strstr(msg, "no longer available") || strstr(msg, "forcibly closed") || strstr(msg, "reset by") ||
	    strstr(msg, "Broken pipe"))
		return;
	fprintf(stderr, "warning: http: %s%s", msg, msg[0] && msg[strlen(msg) - 1] == '\n' ? "" : "\n");
}

int web_start(const struct web_options *o, web **out, ck_err *err)
{
	web *w = calloc(1, sizeof *w);
	*out = NULL;
	if (!w)
		return ck_fail(err, CK_NOMEM, "out of memory");
	pthread_mutex_init(&w->qmu, NULL);
	atomic_init(&w->sse_clients, 0);
	if (snprintf(w->root, sizeof w->root, "%s", o->root) >= (int)sizeof w->root) {
		ck_fail(err, CK_INVALID, "path too long '%s'", o->root);
		goto fail;
	}
	if (o->key && !(w->key = strdup(o->key))) {
		ck_fail(err, CK_NOMEM, "out of memory");
		goto fail;
	}
	if (sodium_init() < 0) {
		ck_fail(err, CK_INTERNAL, "cannot initialise libsodium");
		goto fail;
	}
	if (store_open(o->db_path, &w->q, err) < 0)
		goto fail;
	if (hub_start(o->db_path, o->poll_ms, &w->hub, err) < 0)
		goto fail;
	w->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION | MHD_USE_ERROR_LOG,
	                        0, NULL, NULL, answer, w,
	                        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
	                        MHD_OPTION_LISTEN_SOCKET, (MHD_socket)o->listen_fd,
	                        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)WEB_TIMEOUT_S,
	                        MHD_OPTION_CONNECTION_LIMIT, (unsigned)(WEB_MAX_SSE + 64),
	                        MHD_OPTION_NOTIFY_CONNECTION, on_connection, NULL,
	                        MHD_OPTION_END);
	if (!w->d) {
		ck_fail(err, CK_INTERNAL, "cannot start the web server");
		goto fail;
	}
	*out = w;
	return 0;
fail:
	hub_free(w->hub);
	if (w->q)
		store_close(w->q);
	free(w->key);
	pthread_mutex_destroy(&w->qmu);
	free(w);
	return -1;
}

void web_stop(web *w)
{
	if (!w)
		return;
	hub_stop(w->hub);  /* event streams end, so their threads can be joined */
	MHD_stop_daemon(w->d);  /* joins every connection thread, closes the socket */
	hub_free(w->hub);
	store_close(w->q);
	free(w->key);
	pthread_mutex_destroy(&w->qmu);
	free(w);
}
