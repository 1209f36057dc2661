/* assets.h - where the programs find their fonts, sounds and web page. */
#ifndef CHECKIN_ASSETS_H
#define CHECKIN_ASSETS_H

/* $CHECKIN_ASSETS when set, else the folder the build was configured with
 * (the source tree's assets/). A static string; never NULL. */
const char *assets_dir(void);

#endif
