/* listen.c - the dashboard's listening socket and its URLs (see listen.h).
 * Apart from cmd_serve.c so that the command reads as what it does: bind,
 * decide on a key, print where to connect, serve until a signal. */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "listen.h"
#include "checkin/i18n.h"

int listen_is_loopback(const struct sockaddr *sa)
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

int listen_is_any(const struct sockaddr *sa)
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

int listen_open(const char *spec, struct sockaddr_storage *ss, socklen_t *sslen, ck_err *err)
{
	char host[256], port[16];
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE}, *ai = NULL;
	int fd = -1, one = 1;

	if (split_listen(spec, host, sizeof host, port, sizeof port) < 0)
		return ck_fail(err, CK_INVALID, _("giá trị --listen '%s' không hợp lệ: hãy cho ADDRESS:PORT, ví dụ 0.0.0.0:8080 hoặc [::1]:8080"),
		               spec);
	int gai = getaddrinfo(host, port, &hints, &ai);
	if (gai)
		return ck_fail(err, gai == EAI_MEMORY ? CK_NOMEM : CK_INVALID, _("không tìm được địa chỉ của '%s': %s"), host,
		               gai_strerror(gai));
	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol);
	if (fd < 0)
		goto fail;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	/* A backlog that a hall of phones reloading at once does not fill. */
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 512) < 0)
		goto fail;
	*sslen = sizeof *ss;
	if (getsockname(fd, (struct sockaddr *)ss, sslen) < 0)
		goto fail;
	freeaddrinfo(ai);
	return fd;
fail:
	ck_fail(err, CK_IO, _("không mở được cổng '%s': %s"), spec, strerror(errno));
	if (fd >= 0)
		close(fd);
	freeaddrinfo(ai);
	return -1;
}

unsigned listen_port(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	return ntohs(((const struct sockaddr_in *)sa)->sin_port);
}

void listen_url(const struct sockaddr *sa, unsigned port, const char *key, char *buf, size_t len)
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

int listen_print_local_urls(FILE *out, unsigned port, const char *key, char *first, size_t len)
{
	struct ifaddrs *ifa = NULL;
	int n = 0;
	if (getifaddrs(&ifa) < 0)
		return 0;
	for (struct ifaddrs *i = ifa; i; i = i->ifa_next) {
		if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !(i->ifa_flags & IFF_UP) ||
		    listen_is_loopback(i->ifa_addr))
			continue;
		char url[256];
		listen_url(i->ifa_addr, port, key, url, sizeof url);
		fprintf(out, "  %s   (%s)\n", url, i->ifa_name);
		if (!n++)
			snprintf(first, len, "%s", url);
	}
	freeifaddrs(ifa);
	return n;
}
