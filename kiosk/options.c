/* options.c - parsing checkin-kiosk's options (see options.h), so that
 * main.c holds the program and not its flags. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "checkin/i18n.h"
#include "debounce.h"
#include "options.h"

void options_usage(FILE *out)
{
	fputs(_("cách dùng: checkin-kiosk [--db PATH|postgresql://...] [--station NAME] [--camera DEV|NAME|none]\n"
	        "                         [--frames DIR|FILE.y4m] [--fps N] [--exit-when-done] [--screenshots DIR]\n"
	        "                         [--size WxH] [--windowed] [--keys FILE] [--debounce MS]\n"
	        "                         [--replica PATH] [--offline-after MS] [--speech]\n"
	        "         hoặc: checkin-kiosk decode IMAGE...\n"
	        "         hoặc: checkin-kiosk --list-cameras\n"
	        "         hoặc: checkin-kiosk --help | --version\n\n"
	        "Cơ sở dữ liệu là --db PATH, nếu không thì $CHECKIN_DB, nếu không nữa thì data/checkin.db.\n"
	        "Một chuỗi kết nối PostgreSQL (postgresql://USER@HOST/DB, hoặc host=... dbname=...)\n"
	        "cho nhiều cửa dùng chung một số đếm: mỗi cửa giữ một bản sao và hàng chờ gửi trong\n"
	        "--replica PATH (mặc định $XDG_STATE_HOME/checkin/STATION-SERVER.db) và tự quyết định\n"
	        "theo bản sao khi máy chủ không trả lời trong --offline-after MS (mặc định 1000).\n"
	        "Chế độ nhân viên: F2, mã PIN của hội nghị rồi Enter; trong đó nhấn F10 hai lần để thoát.\n"
	        "Khi toàn màn hình, Esc và lệnh đóng cửa sổ không có tác dụng; cửa sổ --windowed và\n"
	        "--size đóng như thường. --keys FILE gõ từng dòng như một máy quét (dùng cho kiểm thử).\n"),
	      out);
}

int options_parse(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{"db", required_argument, NULL, 'd'},       {"station", required_argument, NULL, 's'},
		{"camera", required_argument, NULL, 'c'},   {"frames", required_argument, NULL, 'f'},
		{"fps", required_argument, NULL, 'r'},      {"exit-when-done", no_argument, NULL, 'x'},
		{"screenshots", required_argument, NULL, 'S'}, {"size", required_argument, NULL, 'z'},
		{"windowed", no_argument, NULL, 'w'},       {"keys", required_argument, NULL, 'k'},
		{"debounce", required_argument, NULL, 'b'}, {"help", no_argument, NULL, 'h'},
		{"replica", required_argument, NULL, 'R'},  {"offline-after", required_argument, NULL, 'o'},
		{"version", no_argument, NULL, 'V'},
		{"list-cameras", no_argument, NULL, 'L'}, {"speech", no_argument, NULL, 'P'},
		{NULL, 0, NULL, 0},
	};
	memset(o, 0, sizeof *o);
	o->camera = "/dev/video0";
	o->fps = 10;
	o->debounce_ms = DEBOUNCE_DEFAULT_MS;
	o->offline_after_ms = 1000;
	int c;
	char *end;
	opterr = 0; /* getopt's own messages are English: ours are translated */
	while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		switch (c) {
		case 'd': o->db = optarg; break;
		case 's': o->station = optarg; break;
		case 'c': o->camera = optarg; break;
		case 'f': o->frames = optarg; break;
		case 'r':
			o->fps = strtod(optarg, &end);
			if (*end || !(o->fps > 0 && o->fps <= 240)) {
				fprintf(stderr, _("lỗi: tốc độ khung hình sai '%s' (cần 0 < N <= 240)\n"), optarg);
				return 2;
			}
			break;
		case 'x': o->exit_when_done = 1; break;
		case 'S': o->screenshots = optarg; break;
		case 'z':
			if (sscanf(optarg, "%dx%d", &o->width, &o->height) != 2 || o->width < 320 || o->height < 240 ||
			    o->width > 8192 || o->height > 8192) {
				fprintf(stderr, _("lỗi: kích thước sai '%s' (cần RỘNGxCAO, ví dụ 1920x1080)\n"), optarg);
				return 2;
			}
			break;
		case 'w': o->windowed = 1; break;
		case 'k': o->keys = optarg; break;
		case 'b':
			o->debounce_ms = strtoll(optarg, &end, 10);
			if (*end || o->debounce_ms < 0 || o->debounce_ms > 600000) {
				fprintf(stderr, _("lỗi: --debounce sai '%s' (tính bằng mili giây)\n"), optarg);
				return 2;
			}
			break;
		case 'R': o->replica = optarg; break;
		case 'o': {
			long ms = strtol(optarg, &end, 10);
			if (*end || ms < 50 || ms > 600000) {
				fprintf(stderr, _("lỗi: --offline-after sai '%s' (mili giây, từ 50 đến 600000)\n"), optarg);
				return 2;
			}
			o->offline_after_ms = (int)ms;
			break;
		}
		case 'L': o->list_cameras = 1; break;
		case 'P': o->speech = 1; break;
		case 'h': options_usage(stdout); return -1;
		case 'V': printf("checkin-kiosk %s\n", CHECKIN_VERSION); return -1;
		default:
			if (optopt)
				fprintf(stderr, _("lỗi: tùy chọn '%s' cần một giá trị\n"), argv[optind - 1]);
			else
				fprintf(stderr, _("lỗi: không có tùy chọn '%s'\n"), argv[optind - 1]);
			options_usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, _("lỗi: tham số thừa '%s'\n"), argv[optind]);
		options_usage(stderr);
		return 2;
	}
	return 0;
}
