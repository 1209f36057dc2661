/* camlist.c - finding cameras with V4L2 queries (camlist.h).
 *
 * VIDIOC_QUERYCAP gives a node's card name and whether it captures video;
 * VIDIOC_ENUM_FMT and VIDIOC_ENUM_FRAMESIZES what it offers. A node is
 * only opened, queried and closed (no streaming), so listing works while
 * a kiosk uses the camera. */
#define _GNU_SOURCE /* strcasestr */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/videodev2.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "camlist.h"
#include "checkin/i18n.h"

void camlist_free(struct cam_list *l)
{
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

int camlist_is_capture(unsigned capabilities, unsigned device_caps)
{
	unsigned caps = (capabilities & V4L2_CAP_DEVICE_CAPS) ? device_caps : capabilities;
	return (caps & (V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_VIDEO_CAPTURE_MPLANE)) != 0;
}

int camlist_is_path(const char *spec)
{
	return spec[0] == '/' || !strncmp(spec, "./", 2) || !strncmp(spec, "../", 3);
}

static int xioctl(int fd, unsigned long req, void *arg)
{
	int rc;
	do
		rc = ioctl(fd, req, arg);
	while (rc < 0 && errno == EINTR);
	return rc;
}

static void fourcc_str(unsigned f, char out[5])
{
	for (int i = 0; i < 4; i++) {
		unsigned char c = (unsigned char)(f >> (8 * i));
		out[i] = c >= 0x20 && c < 0x7f ? (char)c : '?';
	}
	out[4] = 0;
	for (int i = 3; i > 0 && out[i] == ' '; i--) /* "Y8  " -> "Y8" */
		out[i] = 0;
}

static void copy_field(char *dst, size_t len, const unsigned char *src, size_t srclen)
{
	size_t n = strnlen((const char *)src, srclen);
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = 0;
}

static void query_sizes(int fd, unsigned pixfmt, struct cam_format *f)
{
	for (unsigned i = 0; f->nsizes < CAMLIST_SIZES; i++) {
		struct v4l2_frmsizeenum fs = {.index = i, .pixel_format = pixfmt};
		if (xioctl(fd, VIDIOC_ENUM_FRAMESIZES, &fs) < 0)
			break;
		if (fs.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
			f->sizes[f->nsizes++] = (struct cam_size){fs.discrete.width, fs.discrete.height};
		} else {
			f->stepwise = 1;
			f->sizes[0] = (struct cam_size){fs.stepwise.min_width, fs.stepwise.min_height};
			f->sizes[1] = (struct cam_size){fs.stepwise.max_width, fs.stepwise.max_height};
			f->nsizes = 2;
			break;
		}
	}
}

/* Query one node into d; 0 when it is a video capture device. */
static int query(const char *node, struct cam_device *d)
{
	int fd = open(node, O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		fd = open(node, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = -1;
	struct v4l2_capability cap;
	memset(&cap, 0, sizeof cap);
	if (xioctl(fd, VIDIOC_QUERYCAP, &cap) < 0 || !camlist_is_capture(cap.capabilities, cap.device_caps))
		goto out;
	memset(d, 0, sizeof *d);
	snprintf(d->node, sizeof d->node, "%s", node);
	copy_field(d->card, sizeof d->card, cap.card, sizeof cap.card);
	copy_field(d->bus, sizeof d->bus, cap.bus_info, sizeof cap.bus_info);
	unsigned caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
	enum v4l2_buf_type type =
		(caps & V4L2_CAP_VIDEO_CAPTURE) ? V4L2_BUF_TYPE_VIDEO_CAPTURE : V4L2_BUF_TYPE_VIDEO_CAPTURE_MPLANE;
	for (unsigned i = 0; d->nformats < CAMLIST_FORMATS; i++) {
		struct v4l2_fmtdesc fd_ = {.index = i, .type = type};
		if (xioctl(fd, VIDIOC_ENUM_FMT, &fd_) < 0)
			break;
		struct cam_format *f = &d->formats[d->nformats++];
		fourcc_str(fd_.pixelformat, f->fourcc);
		copy_field(f->desc, sizeof f->desc, fd_.description, sizeof fd_.description);
		query_sizes(fd, fd_.pixelformat, f);
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

static int video_number(const char *name)
{
	if (strncmp(name, "video", 5) || !name[5])
		return -1;
	char *end;
	long n = strtol(name + 5, &end, 10);
	return *end || n < 0 || n > 100000 ? -1 : (int)n;
}

static int by_number(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

int camlist_scan(const char *dev_dir, const char *by_id_dir, struct cam_list *l, ck_err *err)
{
	int *nums = NULL;
	size_t nn = 0, cap = 0;
	l->items = NULL;
	l->n = 0;
	DIR *dir = opendir(dev_dir);
	if (!dir)
		return ck_fail(err, CK_IO, _("không đọc được thư mục '%s': %s"), dev_dir, strerror(errno));
	struct dirent *e;
	while ((e = readdir(dir))) {
		int n = video_number(e->d_name);
		if (n < 0)
			continue;
		if (nn == cap) {
			size_t c2 = cap ? cap * 2 : 16;
			int *p = realloc(nums, c2 * sizeof *p);
			if (!p)
				goto nomem;
			nums = p;
			cap = c2;
		}
		nums[nn++] = n;
	}
	closedir(dir);
	dir = NULL;
	if (nn) {
		qsort(nums, nn, sizeof *nums, by_number);
		l->items = calloc(nn, sizeof *l->items);
		if (!l->items)
			goto nomem;
	}
	for (size_t i = 0; i < nn; i++) {
		char node[256];
		snprintf(node, sizeof node, "%s/video%d", dev_dir, nums[i]);
		if (query(node, &l->items[l->n]) == 0)
			l->n++;
	}
	free(nums);
	if (by_id_dir)
		camlist_link_by_id(l, by_id_dir);
	return 0;
nomem:
	if (dir)
		closedir(dir);
	free(nums);
	camlist_free(l);
	return ck_fail(err, CK_NOMEM, _("hết bộ nhớ khi tìm camera"));
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

void camlist_link_by_id(struct cam_list *l, const char *by_id_dir)
{
	struct dirent **names = NULL;
	int n = scandir(by_id_dir, &names, NULL, by_name);
	if (n < 0)
		return;
	for (int i = 0; i < n; i++) {
		char link[sizeof l->items->by_id], target[PATH_MAX];
		int w = snprintf(link, sizeof link, "%s/%s", by_id_dir, names[i]->d_name);
		if (names[i]->d_name[0] != '.' && w > 0 && w < (int)sizeof link &&
		    realpath(link, target)) {
			for (size_t k = 0; k < l->n; k++) {
				char node[PATH_MAX];
				if (!l->items[k].by_id[0] && realpath(l->items[k].node, node) && !strcmp(node, target))
					snprintf(l->items[k].by_id, sizeof l->items[k].by_id, "%s", link);
			}
		}
		free(names[i]);
	}
	free(names);
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

int camlist_pick(const struct cam_list *l, const char *spec, ck_err *err)
{
	int found = -1, count = 0;
	if (!*spec)
		return ck_fail(err, CK_INVALID, _("tên camera trống"));
	for (size_t i = 0; i < l->n; i++) /* "video2": the node, without /dev/ */
		if (!strcmp(base_name(l->items[i].node), spec))
			return (int)i;
	for (size_t i = 0; i < l->n; i++)
		if (!strcasecmp(l->items[i].card, spec)) {
			found = count ? found : (int)i;
			count++;
		}
	if (!count)
		for (size_t i = 0; i < l->n; i++)
			if (strcasestr(l->items[i].card, spec) || strcasestr(base_name(l->items[i].by_id), spec)) {
				found = count ? found : (int)i;
				count++;
			}
	if (count == 1)
		return found;
	if (!count)
		return ck_fail(err, CK_NOT_FOUND, _("không có camera nào tên '%s' (xem 'checkin-kiosk --list-cameras')"),
		               spec);
	/* several: name them by their stable names, which tell them apart */
	char names[CK_ERRLEN / 2] = "";
	size_t at = 0;
	for (size_t i = 0; i < l->n && at < sizeof names; i++) {
		const struct cam_device *d = &l->items[i];
		if (strcasecmp(d->card, spec) && !strcasestr(d->card, spec) && !strcasestr(base_name(d->by_id), spec))
			continue;
		int w = snprintf(names + at, sizeof names - at, "%s%s", at ? ", " : "", d->by_id[0] ? d->by_id : d->node);
		at = w < 0 ? sizeof names : at + (size_t)w;
	}
	return ck_fail(err, CK_INVALID, _("%d camera cùng khớp với '%s': %s; hãy chọn theo tên trong /dev/v4l/by-id/"),
	               count, spec, names);
}

int camlist_resolve(const char *spec, char *dev, size_t len, ck_err *err)
{
	if (camlist_is_path(spec)) {
		snprintf(dev, len, "%s", spec);
		return 0;
	}
	struct cam_list l;
	if (camlist_scan("/dev", "/dev/v4l/by-id", &l, err) < 0)
		return -1;
	int i = camlist_pick(&l, spec, err);
	if (i >= 0)
		snprintf(dev, len, "%s", l.items[i].node);
	camlist_free(&l);
	return i < 0 ? -1 : 0;
}

void camlist_print(FILE *out, const struct cam_list *l)
{
	if (!l->n) {
		fprintf(out, "%s\n", _("Không tìm thấy camera nào. Hãy cắm camera vào cổng USB rồi thử lại."));
		return;
	}
	for (size_t i = 0; i < l->n; i++) {
		const struct cam_device *d = &l->items[i];
		fprintf(out, "%s%s\n", i ? "\n" : "", d->card[0] ? d->card : _("(không tên)"));
		fprintf(out, "  %s %s\n", _("thiết bị:"), d->node);
		if (d->by_id[0])
			fprintf(out, "  %s %s\n", _("tên cố định:"), d->by_id);
		if (!d->nformats)
			fprintf(out, "  %s\n", _("không báo định dạng nào"));
		for (int k = 0; k < d->nformats; k++) {
			const struct cam_format *f = &d->formats[k];
			fprintf(out, "  %s%s%s", f->fourcc, f->desc[0] ? " " : "", f->desc);
			if (f->stepwise && f->nsizes == 2) {
				fprintf(out, ": %ux%u – %ux%u\n", f->sizes[0].w, f->sizes[0].h, f->sizes[1].w, f->sizes[1].h);
				continue;
			}
			fputc(':', out);
			for (int s = 0; s < f->nsizes; s++)
				fprintf(out, " %ux%u", f->sizes[s].w, f->sizes[s].h);
			fputc('\n', out);
		}
	}
}
