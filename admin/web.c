/* web.c - the read-only web dashboard server (see web.h).
 *
 * Request flow: answer() asks webreq.c what the request wants (method,
 * key, route, parameters), then calls an API handler or serve_file(). API
 * handlers that query the database share one store handle (w->q) under
 * w->qmu; the event streams (streams.c) never query, they copy the hub's
 * events (the latest picture, or the deltas a client missed). conns.c counts the connections and cuts those that do
 * not bring a request in time. */
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
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>
#include "attendance.h"
#include "checkin/clock.h"
#include "checkin/store.h"
#include "conns.h"
#include "hub.h"
#include "json.h"
#include "stage.h"
#include "seatmap.h"
#include "streams.h"
#include "web.h"
#include "webreq.h"
#include "webstrings.h"
#include "checkin/i18n.h"

#define WEB_SEARCH_MAX 20
#define WEB_LOG_EVERY_MS 60000   /* say "refusing connections" at most this often */

struct web {
	struct MHD_Daemon *d;
	hub *hub;
	streams *streams;
	conns *conns;
	store *q;                    /* for API queries; guarded by qmu */
	pthread_mutex_t qmu;
	char root[PATH_MAX];
	char *key;                   /* NULL: no key needed */
	unsigned max_connections;
	atomic_llong refused_said;   /* monotonic ms of the last "refusing" warning */
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

static enum MHD_Result serve_file(web *w, struct MHD_Connection *c, const char *url, int set_cookie)
{
	char path[PATH_MAX + 256];
	struct stat sb;

	/* url is safe (webreq_path_safe): no "..", no hidden files. */
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
		         WEBREQ_COOKIE, w->key);
		MHD_add_response_header(r, "Set-Cookie", cookie);
	}
	enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* ---- API ------------------------------------------------------------ */

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
		return send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, _("máy chủ đang dừng"));
	return send_buf(c, MHD_HTTP_OK, "application/json; charset=utf-8", text, len, 0);
}

static enum MHD_Result api_arrivals(web *w, struct MHD_Connection *c, const struct webreq *r)
{
	struct delegate *v = NULL;
	size_t n = 0;
	ck_err err;

	/* arrived_since 0 means "all", so a since of 0 is all too. */
	struct delegate_filter f = {
		.presence = PRESENCE_PRESENT, .order = ORDER_ARRIVAL_DESC,
		.arrived_since = r->since, .limit = (size_t)r->limit,
	};
	pthread_mutex_lock(&w->qmu);
	int rc = delegate_list(w->q, &f, &v, &n, &err);
	pthread_mutex_unlock(&w->qmu);
	if (rc < 0)
		return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, err.msg);
	json_t *j = json_pack("{s:I, s:I, s:I, s:o}", "since", (json_int_t)r->since, "now",
	                      (json_int_t)clock_now_ms(), "count", (json_int_t)n, "arrivals",
	                      delegates_json(v, n));
	delegates_free(v, n);
	return send_json(c, MHD_HTTP_OK, j);
}

/* q: UTF-8, at most WEBREQ_QUERY_MAX bytes (webreq_read). */
static enum MHD_Result api_search(web *w, struct MHD_Connection *c, const char *q)
{
	struct delegate *v = NULL;
	size_t n = 0;
	ck_err err;

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

/* The programme with its people and their presence (stage.h), for the MC's
 * page. now= sets the clock only when the server runs with a fake one
 * ($CHECKIN_TEST_NOW, tests); otherwise it is ignored. */
static enum MHD_Result api_programme(web *w, struct MHD_Connection *c, const struct webreq *r)
{
	struct stage s;
	ck_err err;
	int64_t now = r->now && stage_clock_fake() ? r->now : stage_clock();
	pthread_mutex_lock(&w->qmu);
	int rc = stage_load(w->q, now, &s, &err);
	pthread_mutex_unlock(&w->qmu);
	if (rc < 0)
		return send_error(c, err.kind == CK_NOT_FOUND ? MHD_HTTP_NOT_FOUND : MHD_HTTP_INTERNAL_SERVER_ERROR,
		                  err.msg);
	json_t *j = stage_to_json(&s);
	stage_release(&s);
	return send_json(c, MHD_HTTP_OK, j);
}

/* The seat map (seatmap.h); its live part comes with every picture. */
static enum MHD_Result api_seats(web *w, struct MHD_Connection *c)
{
	ck_err err;
	pthread_mutex_lock(&w->qmu);
	json_t *j = seatmap_full(w->q, &err);
	pthread_mutex_unlock(&w->qmu);
	if (!j)
		return send_error(c, MHD_HTTP_INTERNAL_SERVER_ERROR, err.msg);
	return send_json(c, MHD_HTTP_OK, j);
}

/* The server's own figures, for monitoring and tests. */
static enum MHD_Result api_server(web *w, struct MHD_Connection *c)
{
	return send_json(c, MHD_HTTP_OK,
	                 json_pack("{s:i, s:i, s:i, s:i, s:i, s:i, s:I, s:i}",
	                           "connections", conns_open(w->conns),
	                           "max_connections", (int)w->max_connections,
	                           "per_address", WEB_PER_ADDRESS,
	                           "streams", streams_count(w->streams),
	                           "max_streams", WEB_MAX_STREAMS,
	                           "request_deadline_ms", WEB_REQUEST_DEADLINE_MS,
	                           "cut", (json_int_t)conns_cut(w->conns),
	                           "threads", WEB_THREADS));
}

static enum MHD_Result api_events(web *w, struct MHD_Connection *c, const struct webreq *q)
{
	int full;
	uint64_t gen = q->resume ? hub_resume(w->hub, q->resume_run, q->resume_gen) : 0;
	struct MHD_Response *r = streams_open(w->streams, c, gen, q->whole, &full);
	if (!r)
		return full ? send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, _("quá nhiều trang đang theo dõi"))
		            : send_error(c, MHD_HTTP_SERVICE_UNAVAILABLE, _("lúc này không cập nhật trực tiếp được (máy chủ đang dừng hoặc hết bộ nhớ)"));
	common_headers(r);
	MHD_add_response_header(r, "Content-Type", "text/event-stream; charset=utf-8");
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Accel-Buffering", "no");
	enum MHD_Result ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

/* ---- dispatch ------------------------------------------------------- */

static enum MHD_Result refuse(struct MHD_Connection *c, unsigned status, const struct webreq *r, const char *msg)
{
	char text[320];
	if (status == MHD_HTTP_UNAUTHORIZED && !r->api)
		return send_buf(c, status, "text/html; charset=utf-8", page_401, sizeof page_401 - 1, 1);
	if (r->api && status != MHD_HTTP_METHOD_NOT_ALLOWED)
		return send_error(c, status, msg);
	snprintf(text, sizeof text, "%s\n", msg);
	return send_text(c, status, text);
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                              const char *version, const char *upload_data, size_t *upload_size,
                              void **con_cls)
{
	web *w = cls;
	struct webreq r;
	char msg[300];
	(void)version;
	(void)upload_data;
	(void)con_cls;

	conns_request_started(w->conns, c);
	unsigned status = webreq_read(c, url, method, *upload_size, w->key, &r, msg, sizeof msg);
	if (status)
		return refuse(c, status, &r, msg);
	switch (r.route) {
	case WEBREQ_STATUS: return api_status(w, c);
	case WEBREQ_DASHBOARD: return api_dashboard(w, c);
	case WEBREQ_ARRIVALS: return api_arrivals(w, c, &r);
	case WEBREQ_SEARCH: return api_search(w, c, r.q);
	case WEBREQ_EVENTS: return api_events(w, c, &r);
	case WEBREQ_SERVER: return api_server(w, c);
	case WEBREQ_PROGRAMME: return api_programme(w, c, &r);
	case WEBREQ_SEATS: return api_seats(w, c);
	case WEBREQ_STRINGS: return send_json(c, MHD_HTTP_OK, webstrings_json());
	case WEBREQ_FILE: break;
	}
	return serve_file(w, c, r.path, r.key_in_url);
}

static void mhd_log(void *cls, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));
static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	web *w = cls;
	char msg[512];
	vsnprintf(msg, sizeof msg, fmt, ap);
	/* A phone that goes to sleep or leaves the page is normal, not news;
	 * nor is a connection cut for not sending its request in time. */
	if (strstr(msg, "no longer available") || strstr(msg, "forcibly closed") || strstr(msg, "reset by") ||
	    strstr(msg, "Broken pipe") || strstr(msg, "closed by remote side") ||
	    strstr(msg, "disconnected when reading") || strstr(msg, "closed when reading request"))
		return;
	if (strstr(msg, "reached connection limit")) {
		/* A flood: say so once a minute, not once a connection. */
		long long now = clock_mono_ms(), said = atomic_load(&w->refused_said);
		if ((said && now - said < WEB_LOG_EVERY_MS) ||
		    !atomic_compare_exchange_strong(&w->refused_said, &said, now))
			return;
		fprintf(stderr, _("cảnh báo: http: từ chối kết nối mới: đang mở %d kết nối từ một địa chỉ hoặc %u kết nối "
		                  "tất cả (báo nhiều nhất mỗi phút một lần)\n"), WEB_PER_ADDRESS, w->max_connections);
		return;
	}
	fprintf(stderr, _("cảnh báo: http: %s%s"), msg, msg[0] && msg[strlen(msg) - 1] == '\n' ? "" : "\n");
}

/* As many connections as WEB_MAX_CONNECTIONS, or as the file descriptor
 * limit leaves room for (the store, the page's files, the threads' own). */
static unsigned connection_limit(void)
{
	struct rlimit rl;
	unsigned n = WEB_MAX_CONNECTIONS;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < n + 64)
		n = rl.rlim_cur > 128 ? (unsigned)rl.rlim_cur - 64 : 64;
	return n;
}

int web_start(const struct web_options *o, web **out, ck_err *err)
{
	web *w = calloc(1, sizeof *w);
	*out = NULL;
	if (!w)
		return ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
	pthread_mutex_init(&w->qmu, NULL);
	atomic_init(&w->refused_said, 0);
	if (snprintf(w->root, sizeof w->root, "%s", o->root) >= (int)sizeof w->root) {
		ck_fail(err, CK_INVALID, _("đường dẫn quá dài '%s'"), o->root);
		goto fail;
	}
	if (o->key && !(w->key = strdup(o->key))) {
		ck_fail(err, CK_NOMEM, _("hết bộ nhớ"));
		goto fail;
	}
	if (sodium_init() < 0) {
		ck_fail(err, CK_INTERNAL, _("không khởi tạo được libsodium"));
		goto fail;
	}
	if (store_open(o->db_path, &w->q, err) < 0)
		goto fail;
	if (hub_start(o->db_path, o->poll_ms, &w->hub, err) < 0)
		goto fail;
	if (streams_start(w->hub, WEB_MAX_STREAMS, &w->streams, err) < 0)
		goto fail;
	if (conns_start(WEB_REQUEST_DEADLINE_MS, &w->conns, err) < 0)
		goto fail;
	w->max_connections = connection_limit();
	/* Event-driven (epoll) on a small pool of threads: a connection costs
	 * memory, not a thread, and an event stream waiting for news is
	 * suspended. */
	w->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
	                        MHD_USE_ERROR_LOG,
	                        0, NULL, NULL, answer, w,
	                        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, w,
	                        MHD_OPTION_LISTEN_SOCKET, (MHD_socket)o->listen_fd,
	                        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)WEB_THREADS,
	                        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)WEB_TIMEOUT_S,
	                        MHD_OPTION_CONNECTION_LIMIT, w->max_connections,
	                        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)WEB_PER_ADDRESS,
	                        MHD_OPTION_NOTIFY_CONNECTION, conns_notify, w->conns,
	                        MHD_OPTION_NOTIFY_COMPLETED, conns_completed, w->conns,
	                        MHD_OPTION_END);
	if (!w->d) {
		ck_fail(err, CK_INTERNAL, _("không khởi động được máy chủ web"));
		goto fail;
	}
	*out = w;
	return 0;
fail:
	hub_stop(w->hub);
	streams_free(w->streams);
	conns_free(w->conns);
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
	hub_stop(w->hub);          /* no more pictures */
	streams_stop(w->streams);  /* every stream ends; none is left suspended */
	MHD_stop_daemon(w->d);     /* closes every connection and the socket */
	streams_free(w->streams);
	conns_free(w->conns);
	hub_free(w->hub);
	store_close(w->q);
	free(w->key);
	pthread_mutex_destroy(&w->qmu);
	free(w);
}
