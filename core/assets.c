/* assets.c - the one lookup of the assets folder (see assets.h), so that
 * the kiosk's fonts, the invitations' fonts and the dashboard's page all
 * come from the same place, whether the programs run from a build tree or
 * are installed (the Debian package puts the assets in /usr/share/checkin).
 *
 * The folder beside the program (bin/../share/checkin) comes before the
 * source tree, so an installed copy never takes a source tree that
 * happens to exist on the machine, and a package unpacked under another
 * root (dpkg -x) takes its own assets. */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "assets.h"

#ifndef CHECKIN_ASSETS_DIR /* the source tree's assets/ */
#define CHECKIN_ASSETS_DIR "assets"
#endif
#ifndef CHECKIN_INSTALL_ASSETS_DIR /* the package's folder */
#define CHECKIN_INSTALL_ASSETS_DIR "/usr/share/checkin"
#endif
#ifndef CHECKIN_BIN_TO_ASSETS /* from the installed bin/ to the assets */
#define CHECKIN_BIN_TO_ASSETS "../share/checkin"
#endif

static pthread_once_t found_once = PTHREAD_ONCE_INIT;
static char found[PATH_MAX];

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The installed layout's folder beside the running program, resolved
 * (/usr/bin/../share/checkin is written /usr/share/checkin). */
static int beside_program(char out[PATH_MAX])
{
	char exe[PATH_MAX], dir[PATH_MAX + sizeof CHECKIN_BIN_TO_ASSETS + 1];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return 0;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	snprintf(dir, sizeof dir, "%s/%s", exe, CHECKIN_BIN_TO_ASSETS);
	return is_dir(dir) && realpath(dir, out) != NULL;
}

static void find_assets(void)
{
	if (beside_program(found))
		return;
	snprintf(found, sizeof found, "%s", is_dir(CHECKIN_ASSETS_DIR) ? CHECKIN_ASSETS_DIR : CHECKIN_INSTALL_ASSETS_DIR);
}

const char *assets_dir(void)
{
	const char *env = getenv("CHECKIN_ASSETS");
	if (env && *env)
		return env;
	pthread_once(&found_once, find_assets);
	return found;
}
