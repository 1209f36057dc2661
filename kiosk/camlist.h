/* camlist.h - the cameras on this machine, from V4L2 queries.
 *
 * `checkin-kiosk --list-cameras` prints them (name, device, the stable
 * /dev/v4l/by-id/ name, formats and frame sizes), and `--camera NAME`
 * picks one by its name or a part of it, so that staff need not know
 * which /dev/videoN the kernel gave it. Metadata-only nodes (a webcam's
 * second node) are left out. The scan is plain V4L2 ioctls; choosing and
 * printing work on a list, so the tests give them fixture lists. */
#ifndef KIOSK_CAMLIST_H
#define KIOSK_CAMLIST_H

#include <stddef.h>
#include <stdio.h>
#include "checkin/error.h"

#define CAMLIST_FORMATS 16
#define CAMLIST_SIZES 24

struct cam_size { unsigned w, h; };

struct cam_format {
	char fourcc[5];       /* "YUYV", "MJPG" */
	char desc[32];        /* the driver's description, "Motion-JPEG" */
	int stepwise;         /* sizes[0] is the smallest and sizes[1] the largest */
	struct cam_size sizes[CAMLIST_SIZES];
	int nsizes;
};

struct cam_device {
	char node[256];       /* "/dev/video0" */
	char by_id[512];      /* "/dev/v4l/by-id/usb-…-video-index0", or "" */
	char card[33];        /* VIDIOC_QUERYCAP card: "HD Pro Webcam C920" */
	char bus[33];         /* "usb-0000:00:14.0-1" */
	struct cam_format formats[CAMLIST_FORMATS];
	int nformats;
};

/* Owned by the caller; camlist_free() frees items. */
struct cam_list {
	struct cam_device *items;
	size_t n;
};

/* Every video capture device named videoN in dev_dir ("/dev"), in N's
 * order, with its by-id name from by_id_dir ("/dev/v4l/by-id", may be
 * missing). Devices that cannot be opened or are not capture devices are
 * left out. Returns -1 only when out of memory or dev_dir is unreadable. */
int camlist_scan(const char *dev_dir, const char *by_id_dir, struct cam_list *l, ck_err *err);
void camlist_free(struct cam_list *l);

/* Set each device's by_id from the links in by_id_dir that resolve to its
 * node (the -video-index0 style name; the first in name order). */
void camlist_link_by_id(struct cam_list *l, const char *by_id_dir);

/* Nonzero when a node with these VIDIOC_QUERYCAP capabilities captures
 * video (and is not only a metadata node). */
int camlist_is_capture(unsigned capabilities, unsigned device_caps);

/* Nonzero when spec names a device path (the old --camera forms:
 * "/dev/video0", "/dev/v4l/by-id/…", "./x") rather than a camera's name. */
int camlist_is_path(const char *spec);

/* The device spec names in l: the one whose node is spec ("video2"),
 * else the one whose card name is spec (ignoring case), else the one
 * whose card or by-id name contains spec (ignoring case). Returns its index, or -1 with a message for staff (no camera
 * called that, or several: then their by-id names). */
int camlist_pick(const struct cam_list *l, const char *spec, ck_err *err);

/* What --camera spec means now: a path is itself; a name is looked up
 * among the cameras plugged in (camlist_scan of /dev) and gives its
 * device node. -1 with a message when no single camera matches. */
int camlist_resolve(const char *spec, char *dev, size_t len, ck_err *err);

/* The list for people (Vietnamese), or a line saying there is none. */
void camlist_print(FILE *out, const struct cam_list *l);

#endif
