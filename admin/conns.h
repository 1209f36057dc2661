/* conns.h - the dashboard server's connections: how many are open, and a
 * deadline for a request's head.
 *
 * libmicrohttpd's idle timeout starts again with every byte, so a client
 * that sends its request a byte at a time (slowloris) would keep its
 * connection for ever. Here a connection must bring a complete request
 * head within deadline_ms of connecting, or of its previous response; a
 * reaper thread shuts down the socket of one that does not, and
 * libmicrohttpd then closes it. A request being answered (an event stream
 * included) is never cut.
 *
 * web.c owns a conns: conns_start() before the daemon starts, the two
 * callbacks installed in it (MHD_OPTION_NOTIFY_CONNECTION and
 * MHD_OPTION_NOTIFY_COMPLETED with the conns as their closure),
 * conns_free() after MHD_stop_daemon(). Each connection's record is
 * allocated here and freed when libmicrohttpd reports it closed. */
#ifndef CHECKIN_ADMIN_CONNS_H
#define CHECKIN_ADMIN_CONNS_H

#include <microhttpd.h>
#include "checkin/error.h"

typedef struct conns conns;

int conns_start(int deadline_ms, conns **out, ck_err *err);

/* MHD_OPTION_NOTIFY_CONNECTION: records each connection (and gives it a
 * small send buffer, so that a client that stops reading is found by the
 * idle timeout instead of the kernel queueing megabytes for it). */
void conns_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                  enum MHD_ConnectionNotificationCode what);
/* MHD_OPTION_NOTIFY_COMPLETED: a response is done; the connection's next
 * request head has deadline_ms from now. */
void conns_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe);
/* From the access handler: c's request head is complete. */
void conns_request_started(conns *cs, struct MHD_Connection *c);

/* Connections open now; connections shut down for the deadline so far. */
int conns_open(conns *cs);
unsigned long conns_cut(conns *cs);

/* Stop the reaper and free. NULL is allowed. */
void conns_free(conns *cs);

#endif
