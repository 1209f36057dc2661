/* listen.h - the dashboard's listening socket and the addresses to show.
 *
 * `serve --listen ADDR:PORT` binds the socket itself (so a busy port or a
 * bad address is a clear error before any thread starts), then tells staff
 * where to point their phones. Whether an access key is needed depends on
 * the address: anything outside 127.0.0.0/8 and ::1 needs one.
 *
 * Nothing here allocates memory the caller must free; URLs go into the
 * caller's buffers. */
#ifndef CHECKIN_ADMIN_LISTEN_H
#define CHECKIN_ADMIN_LISTEN_H

#include <stddef.h>
#include <stdio.h>
#include <sys/socket.h>
#include "checkin/error.h"

/* Bind and listen on spec, "HOST:PORT" or "[V6]:PORT" (HOST may be a
 * name). Returns the socket (the caller closes it) with its address in
 * *ss, or -1 with err set. */
int listen_open(const char *spec, struct sockaddr_storage *ss, socklen_t *sslen, ck_err *err);

/* 127.0.0.0/8, ::1 or ::ffff:127.x.x.x. */
int listen_is_loopback(const struct sockaddr *sa);
/* 0.0.0.0 or :: (every address of the machine). */
int listen_is_any(const struct sockaddr *sa);
unsigned listen_port(const struct sockaddr *sa);

/* "http://1.2.3.4:8080/" or "http://[::1]:8080/" into buf, plus "?key=K"
 * when key is not NULL. */
void listen_url(const struct sockaddr *sa, unsigned port, const char *key, char *buf, size_t len);

/* For a socket on every address: print "  URL   (interface)" to out for
 * each non-loopback IPv4 address of this machine that is up, and copy the
 * first URL into first. Returns how many were printed. */
int listen_print_local_urls(FILE *out, unsigned port, const char *key, char *first, size_t len);

#endif
