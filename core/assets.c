/* assets.c - the one lookup of the assets folder (see assets.h), so that
 * the kiosk's fonts, the invitations' fonts and the dashboard's page all
 * come from the same place, and an installed layout has one spot to add. */
#include <stdlib.h>
#include "assets.h"

#ifndef CHECKIN_ASSETS_DIR
#define CHECKIN_ASSETS_DIR "assets"
#endif

const char *assets_dir(void)
{
	const char *env = getenv("CHECKIN_ASSETS");
	return env && *env ? env : CHECKIN_ASSETS_DIR;
}
