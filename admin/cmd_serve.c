/* cmd_serve.c - `checkin-admin serve`: the live web dashboard for staff.
 *
 * Binds the listening socket itself (so a busy port gets a clear error),
 * decides whether an access key is needed (any address outside 127.0.0.0/8
 * and ::1 needs one), prints the URL, the key and a QR code of the URL for
 * phones, then runs web.c until SIGINT or SIGTERM. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <qrencode.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "admin.h"
#include "web.h"

#define KEY_BYTES 10   /* 80 bits, 16 base32 characters */
#define KEY_CHARS (KEY_BYTES * 8 / 5)
#define POLL_MS 250

static int is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family == AF_INET6) {
		const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
		if (IN6_IS_ADDR_LOOPBACK(a))
			return 1;
		return IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127;
	}
	return 0;
}

static int is_any(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return ((const struct sockaddr_in *)sa)->sin_addr.s_addr == htonl(INADDR_ANY);
	if (sa->sa_family == AF_INET6)
		return IN6_IS_ADDR_UNSPECIFIED(&((const struct sockaddr_in6 *)sa)->sin6_addr);
	return 0;
}

/* "host:port" or "[v6]:port" into host/port (buffers of the given sizes). */
static int split_listen(const char *s, char *host, size_t hlen, char *port, size_t plen)
{
	const char *colon;
	if (s[0] == '[') {
		const char *close = strchr(s, ']');
		if (!close || close[1] != ':' || (size_t)(close - s - 1) >= hlen)
			return -1;
		memcpy(host, s + 1, (size_t)(close - s - 1));
		host[close - s - 1] = '\0';
		colon = close + 1;
	} else {
		colon = strrchr(s, ':');
		if (!colon || (size_t)(colon - s) >= hlen || memchr(s, ':', (size_t)(colon - s)))
			return -1;
		memcpy(host, s, (size_t)(colon - s));
		host[colon - s] = '\0';
	}
	if (!*host || strlen(colon + 1) >= plen || !colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1))
		return -1;
	snprintf(port, plen, "%s", colon + 1);
	return atoi(port) <= 65535 ? 0 : -1;
}

/* Bind and listen; the socket's address into ss. Prints errors. */
static int open_listener(const char *spec, struct sockaddr_storage *ss, socklen_t *sslen)
{
	char host[256], port[16];
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *ai = NULL;
	int fd = -1, one = 1;

	if (split_listen(spec, host, sizeof host, port, sizeof port) < 0) {
		error_msg("bad --listen value '%s': give ADDRESS:PORT, e.g. 0.0.0.0:8080 or [::1]:8080", spec);
		return -1;
	}
	int gai = getaddrinfo(host, port, &hints, &ai);
	if (gai) {
		error_msg("cannot resolve '%s': %s", host, gai_strerror(gai));
		return -1;
	}
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd < 0) {
		error_msg("cannot listen on '%s': %s", spec, strerror(errno));
		goto fail;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 64) < 0) {
		error_msg("cannot listen on '%s': %s", spec, strerror(errno));
		goto fail;
	}
	*sslen = sizeof *ss;
	if (getsockname(fd, (struct sockaddr *)ss, sslen) < 0) {
		error_msg("cannot listen on '%s': %s", spec, strerror(errno));
		goto fail;
	}
	freeaddrinfo(ai);
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	freeaddrinfo(ai);
	return -1;
}

static unsigned sockaddr_port(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	return ntohs(((const struct sockaddr_in *)sa)->sin_port);
}

/* "http://1.2.3.4:8080/" or "http://[::1]:8080/", plus "?key=K" when set. */
static void url_for(const struct sockaddr *sa, unsigned port, const char *key, char *buf, size_t len)
{
	char host[INET6_ADDRSTRLEN];
	if (sa->sa_family == AF_INET6) {
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, host, sizeof host);
		snprintf(buf, len, "http://[%s]:%u/%s%s", host, port, key ? "?key=" : "", key ? key : "");
	} else {
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, host, sizeof host);
		snprintf(buf, len, "http://%s:%u/%s%s", host, port, key ? "?key=" : "", key ? key : "");
	}
}

/* Draw a QR code with Unicode half blocks, two modules rows per line. The
 * blocks are the light modules; on a terminal we also force white on black
 * so that phones can read it whatever the terminal's colours. */
static void print_qr(FILE *out, const char *text)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr) {
		fprintf(out, "(không vẽ được mã QR)\n");
		return;
	}
	const int quiet = 2, w = qr->width, size = w + 2 * quiet;
	int tty = isatty(fileno(out));
#define DARK(x, y) ((x) >= quiet && (y) >= quiet && (x) < quiet + w && (y) < quiet + w && \
                    (qr->data[((y) - quiet) * w + ((x) - quiet)] & 1))
	for (int y = 0; y < size; y += 2) {
		if (tty)
			fputs("\033[97;40m", out);
		for (int x = 0; x < size; x++) {
			int top = !DARK(x, y), bottom = y + 1 < size ? !DARK(x, y + 1) : 0;
			fputs(top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ", out);
		}
		if (tty)
			fputs("\033[0m", out);
		fputc('\n', out);
	}
#undef DARK
	QRcode_free(qr);
}

/* Non-loopback IPv4 addresses of this machine, for URLs when listening on
 * every address. Prints a URL for each; the first one is copied to first. */
static int print_local_urls(unsigned port, const char *key, char *first, size_t len)
{
	struct ifaddrs *ifa = NULL;
	int n = 0;
	if (getifaddrs(&ifa) < 0)
		return 0;
	for (struct ifaddrs *i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !(i->ifa_flags & IFF_UP) ||
		    is_loopback(i->ifa_addr))
			continue;
		char url[256];
		url_for(i->ifa_addr, port, key, url, sizeof url);
		printf("  %s   (%s)\n", url, i->ifa_name);
		if (!n++)
			snprintf(first, len, "%s", url);
	}
	freeifaddrs(ifa);
	return n;
}

static void make_key(char out[KEY_CHARS + 1])
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789"; /* no l, o, 0, 1 */
	unsigned char raw[KEY_BYTES];
	randombytes_buf(raw, sizeof raw);
	/* 5 bits per character. */
	unsigned acc = 0, bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < sizeof raw; i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	out[o] = '\0';
	sodium_memzero(raw, sizeof raw);
}

/* --key-file: reuse the key kept in path, so that phones stay in after a
 * restart; make one (mode 0600) when the file does not exist. Prints errors. */
static int key_from_file(const char *path, char key[KEY_CHARS + 1])
{
	char buf[64];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		make_key(key);
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0) {
			error_msg("cannot create '%s': %s", path, strerror(errno));
			return -1;
		}
		int n = snprintf(buf, sizeof buf, "%s\n", key);
		if (write(fd, buf, (size_t)n) != n || fsync(fd) < 0) {
			error_msg("cannot write '%s': %s", path, strerror(errno));
			close(fd);
			unlink(path);
			return -1;
		}
		close(fd);
		return 0;
	}
	if (fd < 0) {
		error_msg("cannot open '%s': %s", path, strerror(errno));
		return -1;
	}
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n < 0) {
		error_msg("cannot read '%s': %s", path, strerror(errno));
		return -1;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	size_t len = strlen(buf);
	if (len != KEY_CHARS || strspn(buf, "abcdefghijklmnopqrstuvwxyz0123456789") != len) {
		error_msg("bad key in '%s': want %d lower-case letters or digits; delete the file for a new one",
		          path, KEY_CHARS);
		return -1;
	}
	memcpy(key, buf, len + 1);
	return 0;
}

static const char *web_root(char *buf, size_t len)
{
	const char *env = getenv("CHECKIN_ASSETS");
	snprintf(buf, len, "%s/web", env && *env ? env : CHECKIN_ASSETS_DIR);
	return buf;
}

int cmd_serve(struct admin_ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"listen", required_argument, NULL, 'l'},
		{"key-file", required_argument, NULL, 'k'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	const struct cmd *self = cmd_find("serve");
	const char *listen_spec = "127.0.0.1:8080", *key_file = NULL;
	char root[4096], index_path[4200], key[KEY_CHARS + 1], url[300];
	struct sockaddr_storage ss;
	socklen_t sslen;
	store *st = NULL;
	web *w = NULL;
	sigset_t sigs;
	int c, fd = -1, rc = 1, sig = 0;

	while ((c = getopt_long(argc, argv, "l:k:h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': listen_spec = optarg; break;
		case 'k': key_file = optarg; break;
		case 'h': printf("usage: checkin-admin %s\n", self->usage); return 0;
		default: return usage_msg(self);
		}
	}
	if (optind != argc)
		return usage_msg(self);

	web_root(root, sizeof root);
	snprintf(index_path, sizeof index_path, "%s/index.html", root);
	if (access(index_path, R_OK) < 0)
		return error_msg("cannot find the dashboard page '%s': %s (set $CHECKIN_ASSETS)", index_path,
		                 strerror(errno));
	if (sodium_init() < 0)
		return error_msg("cannot initialise libsodium");
	/* Check the database and set the event's time zone before any thread starts. */
	if (admin_open(ctx, &st) < 0)
		return 1;
	store_close(st);

	fd = open_listener(listen_spec, &ss, &sslen);
	if (fd < 0)
		return 1;
	const struct sockaddr *sa = (const struct sockaddr *)&ss;
	int need_key = !is_loopback(sa);
	if (need_key && key_file) {
		if (key_from_file(key_file, key) < 0) {
			close(fd);
			return 1;
		}
	} else if (need_key) {
		make_key(key);
	}

	/* Signals are taken by sigwait() below, never by the server's threads. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);

	ck_err err;
	struct web_options wo = {
		.db_path = ctx->db_path, .root = root, .key = need_key ? key : NULL,
		.listen_fd = fd, .poll_ms = POLL_MS,
	};
	if (web_start(&wo, &w, &err) < 0) {
		close(fd);
		error_msg("%s", err.msg);
		goto out;
	}

	unsigned port = sockaddr_port(sa);
	char bound[300];
	url_for(sa, port, NULL, bound, sizeof bound);
	/* Staff read this: Vietnamese, like the other commands' output. */
	printf("Trang theo dõi điểm danh: %s\nCơ sở dữ liệu: %s\n", bound, ctx->db_path);
	if (need_key) {
		printf("\nĐịa chỉ này mở ra mạng nên cần mã truy cập.\n"
		       "Mã truy cập: %s\n\nMở trên điện thoại (hoặc quét mã QR bên dưới):\n", key);
		url[0] = '\0';
		if (is_any(sa)) {
			if (!print_local_urls(port, key, url, sizeof url))
				printf("  (không tìm thấy địa chỉ mạng nào của máy này)\n");
		} else {
			url_for(sa, port, key, url, sizeof url);
			printf("  %s\n", url);
		}
		if (url[0]) {
			printf("\n");
			print_qr(stdout, url);
		}
	} else {
		printf("Chỉ mở được trên máy này, không cần mã truy cập. Để mở từ điện thoại: --listen 0.0.0.0:%u\n",
		       port);
	}
	printf("Nhấn Ctrl-C để dừng.\n");
	fflush(stdout);

	sigwait(&sigs, &sig);
	printf("Đã dừng (%s).\n", strsignal(sig));
	rc = 0;
out:
	web_stop(w);
	if (need_key)
		sodium_memzero(key, sizeof key);
	return rc;
}
