/* camera.h - live frames from a V4L2 camera through ZBar's video API.
 *
 * A thread opens the device, delivers every frame to the sink (dropping
 * what the decoder had no time for), and when the camera is missing or is
 * unplugged keeps trying to open it again every CAMERA_RETRY_MS. */
#ifndef KIOSK_CAMERA_H
#define KIOSK_CAMERA_H

#include "frame.h"

#define CAMERA_RETRY_MS 3000

typedef struct camera camera;

/* Start the camera thread on device: a path ("/dev/video0",
 * "/dev/v4l/by-id/…") or a camera's name or part of it (camlist.h),
 * looked up again at every try to open it; sink is copied.
 * Returns NULL when out of memory. A missing device is not an error. */
camera *camera_start(const char *device, const struct frame_sink *sink);
/* Nonzero while the camera cannot be used. */
int camera_missing(camera *c);
/* Stop the thread (waits at most about a second for a stuck device).
 * Returns 0 when it stopped, 1 when it was left running detached: then
 * the sink's boxes must not be destroyed. */
int camera_stop(camera *c);

#endif
