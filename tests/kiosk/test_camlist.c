/* test_camlist.c - choosing a camera by name (kiosk/camlist.c) with
 * fixture data: capabilities as real webcams report them, lists of
 * devices, a folder of by-id links, and the printed list. The machine
 * that runs the tests has no camera; the ioctls themselves are only
 * exercised on files that are not devices (left out). */
#include <errno.h>
#include <linux/videodev2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "camlist.h"

static int failures;

#define CHECK(cond)                                                                 \
	do {                                                                            \
		if (!(cond)) {                                                              \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                                             \
		}                                                                           \
	} while (0)

static struct cam_device device(const char *node, const char *card, const char *by_id)
{
	struct cam_device d;
	memset(&d, 0, sizeof d);
	snprintf(d.node, sizeof d.node, "%s", node);
	snprintf(d.card, sizeof d.card, "%s", card);
	snprintf(d.by_id, sizeof d.by_id, "%s", by_id);
	return d;
}

static void test_capture(void)
{
	/* a Logitech C920 (uvcvideo): video node, then its metadata node */
	CHECK(camlist_is_capture(0x84a00001, 0x04200001));
	CHECK(!camlist_is_capture(0x84a00001, 0x04a00000));
	/* an old driver without device_caps */
	CHECK(camlist_is_capture(V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING, 0));
	CHECK(!camlist_is_capture(V4L2_CAP_VIDEO_OUTPUT, 0));
	/* a multi-planar capture node (some laptop cameras) */
	CHECK(camlist_is_capture(V4L2_CAP_DEVICE_CAPS | V4L2_CAP_VIDEO_CAPTURE_MPLANE, V4L2_CAP_VIDEO_CAPTURE_MPLANE));

	CHECK(camlist_is_path("/dev/video0"));
	CHECK(camlist_is_path("/dev/v4l/by-id/usb-046d_HD_Pro_Webcam_C920_8A2B3C4D-video-index0"));
	CHECK(camlist_is_path("./cam"));
	CHECK(!camlist_is_path("HD Pro Webcam C920"));
	CHECK(!camlist_is_path("c920"));
}

static void test_pick(void)
{
	struct cam_device items[] = {
		device("/dev/video0", "Integrated Camera: Integrated C", "/dev/v4l/by-id/usb-Chicony_Integrated_Camera_0001-video-index0"),
		device("/dev/video2", "HD Pro Webcam C920", "/dev/v4l/by-id/usb-046d_HD_Pro_Webcam_C920_8A2B3C4D-video-index0"),
		device("/dev/video4", "USB Camera", ""),
	};
	struct cam_list l = {items, 3};
	ck_err err = {0};
	CHECK(camlist_pick(&l, "HD Pro Webcam C920", &err) == 1);
	CHECK(camlist_pick(&l, "hd pro webcam c920", &err) == 1);
	CHECK(camlist_pick(&l, "C920", &err) == 1);
	CHECK(camlist_pick(&l, "integrated", &err) == 0);
	CHECK(camlist_pick(&l, "USB Camera", &err) == 2);
	CHECK(camlist_pick(&l, "8a2b3c4d", &err) == 1); /* the serial, in the by-id name */
	CHECK(camlist_pick(&l, "Chicony", &err) == 0);
	CHECK(camlist_pick(&l, "video4", &err) == 2); /* the node without /dev/ */
	CHECK(camlist_pick(&l, "video", &err) == -1);  /* not a node: in two by-id names */

	memset(&err, 0, sizeof err);
	CHECK(camlist_pick(&l, "Brio", &err) == -1);
	CHECK(err.kind == CK_NOT_FOUND && strstr(err.msg, "'Brio'") && strstr(err.msg, "--list-cameras"));
	CHECK(camlist_pick(&l, "", &err) == -1 && err.kind == CK_INVALID);

	/* "Camera" is in two card names (and not the whole of either) */
	memset(&err, 0, sizeof err);
	CHECK(camlist_pick(&l, "camera", &err) == -1);
	CHECK(err.kind == CK_INVALID && strstr(err.msg, "usb-Chicony_Integrated_Camera_0001") &&
	      strstr(err.msg, "/dev/video4") && !strstr(err.msg, "C920"));

	/* the whole card name wins over a part of another's */
	struct cam_device two[] = {
		device("/dev/video0", "USB Camera Pro", ""),
		device("/dev/video2", "USB Camera", ""),
	};
	struct cam_list l2 = {two, 2};
	CHECK(camlist_pick(&l2, "usb camera", &err) == 1);
	CHECK(camlist_pick(&l2, "pro", &err) == 0);

	/* two cameras of one model: the name is ambiguous, the serial is not */
	struct cam_device twins[] = {
		device("/dev/video0", "HD Pro Webcam C920", "/dev/v4l/by-id/usb-046d_HD_Pro_Webcam_C920_AAAA1111-video-index0"),
		device("/dev/video2", "HD Pro Webcam C920", "/dev/v4l/by-id/usb-046d_HD_Pro_Webcam_C920_BBBB2222-video-index0"),
	};
	struct cam_list l3 = {twins, 2};
	memset(&err, 0, sizeof err);
	CHECK(camlist_pick(&l3, "HD Pro Webcam C920", &err) == -1);
	CHECK(strstr(err.msg, "AAAA1111") && strstr(err.msg, "BBBB2222") && strstr(err.msg, "/dev/v4l/by-id/"));
	CHECK(camlist_pick(&l3, "BBBB2222", &err) == 1);

	struct cam_list none = {NULL, 0};
	CHECK(camlist_pick(&none, "C920", &err) == -1 && err.kind == CK_NOT_FOUND);
}

static void touch(const char *path)
{
	FILE *f = fopen(path, "w");
	if (f)
		fclose(f);
}

/* A fixture /dev: video0, video2, a metadata-like video1 that is a plain
 * file, and by-id links; neither is a device, so a scan keeps none. */
static void test_by_id(void)
{
	char dir[] = "/tmp/test-camlist-XXXXXX", path[512], link[512];
	if (!mkdtemp(dir)) {
		CHECK(!"mkdtemp");
		return;
	}
	const char *files[] = {"video0", "video1", "video2", "video10", "vbi0", "videox"};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		touch(path);
	}
	snprintf(path, sizeof path, "%s/by-id", dir);
	CHECK(mkdir(path, 0700) == 0);
	const char *links[][2] = {
		{"usb-046d_HD_Pro_Webcam_C920_8A2B3C4D-video-index0", "../video2"},
		{"usb-046d_HD_Pro_Webcam_C920_8A2B3C4D-video-index1", "../video1"},
		{"usb-Chicony_Integrated_Camera_0001-video-index0", "../video0"},
		{"usb-Gone-video-index0", "../video9"}, /* dangling */
	};
	for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
		snprintf(link, sizeof link, "%s/by-id/%s", dir, links[i][0]);
		CHECK(symlink(links[i][1], link) == 0);
	}

	struct cam_device items[3];
	snprintf(path, sizeof path, "%s/video0", dir);
	items[0] = device(path, "Integrated Camera", "");
	snprintf(path, sizeof path, "%s/video2", dir);
	items[1] = device(path, "HD Pro Webcam C920", "");
	snprintf(path, sizeof path, "%s/video10", dir);
	items[2] = device(path, "USB Camera", "");
	struct cam_list l = {items, 3};
	snprintf(path, sizeof path, "%s/by-id", dir);
	camlist_link_by_id(&l, path);
	CHECK(strstr(items[0].by_id, "/by-id/usb-Chicony_Integrated_Camera_0001-video-index0"));
	CHECK(strstr(items[1].by_id, "/by-id/usb-046d_HD_Pro_Webcam_C920_8A2B3C4D-video-index0"));
	CHECK(items[2].by_id[0] == 0);
	ck_err err;
	CHECK(camlist_pick(&l, "8A2B3C4D", &err) == 1);
	camlist_link_by_id(&l, "/nonexistent/by-id"); /* no such folder: nothing changes */
	CHECK(strstr(items[1].by_id, "C920"));

	/* scanning the fixture: plain files answer no V4L2 query */
	struct cam_list scanned = {NULL, 0};
	CHECK(camlist_scan(dir, path, &scanned, &err) == 0 && scanned.n == 0);
	camlist_free(&scanned);
	CHECK(camlist_scan("/nonexistent-dev", NULL, &scanned, &err) == -1 && err.kind == CK_IO);

	for (size_t i = 0; i < sizeof links / sizeof *links; i++) {
		snprintf(link, sizeof link, "%s/by-id/%s", dir, links[i][0]);
		unlink(link);
	}
	snprintf(path, sizeof path, "%s/by-id", dir);
	rmdir(path);
	for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

static char *printed(const struct cam_list *l)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	camlist_print(f, l);
	fclose(f);
	return buf;
}

static void test_print(void)
{
	struct cam_device items[2];
	items[0] = device("/dev/video0", "HD Pro Webcam C920", "/dev/v4l/by-id/usb-046d_HD_Pro_Webcam_C920_8A2B3C4D-video-index0");
	struct cam_format *f = &items[0].formats[0];
	snprintf(f->fourcc, sizeof f->fourcc, "YUYV");
	snprintf(f->desc, sizeof f->desc, "YUYV 4:2:2");
	f->sizes[0] = (struct cam_size){640, 480};
	f->sizes[1] = (struct cam_size){1280, 720};
	f->nsizes = 2;
	f = &items[0].formats[1];
	snprintf(f->fourcc, sizeof f->fourcc, "MJPG");
	snprintf(f->desc, sizeof f->desc, "Motion-JPEG");
	f->sizes[0] = (struct cam_size){1920, 1080};
	f->nsizes = 1;
	items[0].nformats = 2;
	items[1] = device("/dev/video4", "vivid", "");
	f = &items[1].formats[0];
	snprintf(f->fourcc, sizeof f->fourcc, "RGB3");
	f->stepwise = 1;
	f->sizes[0] = (struct cam_size){16, 16};
	f->sizes[1] = (struct cam_size){4096, 2160};
	f->nsizes = 2;
	items[1].nformats = 1;
	struct cam_list l = {items, 2};

	char *s = printed(&l);
	CHECK(s != NULL);
	if (s) {
		CHECK(!strncmp(s, "HD Pro Webcam C920\n", 19));
		CHECK(strstr(s, "thiết bị: /dev/video0\n"));
		CHECK(strstr(s, "tên cố định: /dev/v4l/by-id/usb-046d_HD_Pro_Webcam_C920_8A2B3C4D-video-index0\n"));
		CHECK(strstr(s, "YUYV YUYV 4:2:2: 640x480 1280x720\n"));
		CHECK(strstr(s, "MJPG Motion-JPEG: 1920x1080\n"));
		CHECK(strstr(s, "\n\nvivid\n  thiết bị: /dev/video4\n"));
		CHECK(strstr(s, "  RGB3: 16x16 – 4096x2160\n"));
		CHECK(!strstr(s, "Không tìm thấy"));
		free(s);
	}
	struct cam_list none = {NULL, 0};
	s = printed(&none);
	CHECK(s && !strncmp(s, "Không tìm thấy camera nào.", strlen("Không tìm thấy camera nào.")));
	free(s);
}

int main(void)
{
	test_capture();
	test_pick();
	test_by_id();
	test_print();
	if (failures) {
		fprintf(stderr, "%d check(s) failed\n", failures);
		return 1;
	}
	printf("camlist: all checks passed\n");
	return 0;
}
