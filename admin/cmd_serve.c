/* cmd_serve.c - `checkin-admin serve`: the live web dashboard for staff.
 *
 * Binds the listening socket itself (so a busy port gets a clear error),
 * decides whether an access key is needed (any address outside 127.0.0.0/8
 * and ::1 needs one), prints the URL, the key and a QR code of the URL for
 * phones, then runs web.c until SIGINT or SIGTERM. The socket, the key and
 * the QR code are listen.c, access_key.c and termqr.c. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "access_key.h"
#include "admin.h"
#include "checkin/assets.h"
#include "listen.h"
#include "termqr.h"
#include "web.h"

#define POLL_MS 250 /* the hub wakes at once on a change; this bounds its stop */

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
	char root[4096], index_path[4200], key[ACCESS_KEY_CHARS + 1], url[300];
	struct sockaddr_storage ss;
	socklen_t sslen;
	store *st = NULL;
	web *w = NULL;
	sigset_t sigs;
	ck_err err;
	int c, fd = -1, rc = 1, sig = 0;

	while ((c = admin_getopt(argc, argv, "l:k:h", opts)) != -1) {
		switch (c) {
		case 'l': listen_spec = optarg; break;
		case 'k': key_file = optarg; break;
		case 'h': printf(_("cách dùng: checkin-admin %s\n"), self->usage); return 0;
		default: return usage_msg(self);
		}
	}
	if (optind != argc)
		return usage_msg(self);

	snprintf(root, sizeof root, "%s/web", assets_dir());
	snprintf(index_path, sizeof index_path, "%s/index.html", root);
	if (access(index_path, R_OK) < 0)
		return error_msg(_("không tìm thấy trang theo dõi '%s': %s (hãy đặt $CHECKIN_ASSETS)"), index_path,
		                 strerror(errno));
	if (sodium_init() < 0)
		return error_msg(_("không khởi tạo được libsodium"));
	/* Check the database and set the event's time zone before any thread starts. */
	if (admin_open(ctx, &st) < 0)
		return 1;
	if (store_check(st, &err) < 0) {
		store_close(st);
		return error_msg("%s", err.msg);
	}
	store_close(st);

	fd = listen_open(listen_spec, &ss, &sslen, &err);
	if (fd < 0)
		return error_msg("%s", err.msg);
	const struct sockaddr *sa = (const struct sockaddr *)&ss;
	int need_key = !listen_is_loopback(sa);
	if (need_key && key_file) {
		if (access_key_from_file(key_file, key, &err) < 0) {
			close(fd);
			return error_msg("%s", err.msg);
		}
	} else if (need_key) {
		access_key_make(key);
	}

	/* Room for web.c's connections (WEB_MAX_CONNECTIONS): the soft limit on
	 * open files is often 1024, the hard one much higher. */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < 4096) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > 4096 ? 4096 : rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}

	/* Signals are taken by sigwait() below, never by the server's threads. */
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	sigaddset(&sigs, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);

	struct web_options wo = {
		.db_path = ctx->db_path, .root = root, .key = need_key ? key : NULL,
		.listen_fd = fd, .poll_ms = POLL_MS,
	};
	if (web_start(&wo, &w, &err) < 0) {
		close(fd);
		error_msg("%s", err.msg);
		goto out;
	}

	unsigned port = listen_port(sa);
	char bound[300];
	listen_url(sa, port, NULL, bound, sizeof bound);
	/* Staff read this: Vietnamese, like the other commands' output. */
	printf(_("Trang theo dõi điểm danh: %s\nCơ sở dữ liệu: %s\n"), bound, ctx->db_path);
	if (need_key) {
		printf(_("\nĐịa chỉ này mở ra mạng nên cần mã truy cập.\n"
		         "Mã truy cập: %s\n\nMở trên điện thoại (hoặc quét mã QR bên dưới):\n"), key);
		url[0] = '\0';
		if (listen_is_any(sa)) {
			if (!listen_print_local_urls(stdout, port, key, url, sizeof url))
				printf(_("  (không tìm thấy địa chỉ mạng nào của máy này)\n"));
		} else {
			listen_url(sa, port, key, url, sizeof url);
			printf("  %s\n", url);
		}
		if (url[0]) {
			printf("\n");
			termqr_print(stdout, url);
		}
	} else {
		printf(_("Chỉ mở được trên máy này, không cần mã truy cập. Để mở từ điện thoại: --listen 0.0.0.0:%u\n"),
		       port);
	}
	printf(_("Nhấn Ctrl-C để dừng.\n"));
	fflush(stdout);

	sigwait(&sigs, &sig);
	printf(_("Đã dừng (%s).\n"), strsignal(sig));
	rc = 0;
out:
	web_stop(w);
	if (need_key)
		sodium_memzero(key, sizeof key);
	return rc;
}
