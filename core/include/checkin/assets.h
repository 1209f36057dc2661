/* assets.h - where the programs find their fonts, sounds and web page. */
#ifndef CHECKIN_ASSETS_H
#define CHECKIN_ASSETS_H

/* The first of: $CHECKIN_ASSETS when set; the installed layout's folder
 * beside the running program (bin/../share/checkin, e.g. /usr/share/checkin);
 * the source tree's assets/ the build was configured with, when it exists;
 * the package's folder (/usr/share/checkin). Looked up once (thread-safe).
 * A static string; never NULL. */
const char *assets_dir(void);

#endif
