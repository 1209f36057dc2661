/* i18n.c - where the message catalogues are and which language is chosen
 * (see i18n.h). Kept apart so that the programs' main()s only call
 * i18n_init() and the rule for finding the catalogues exists once, like
 * assets.c's for the fonts.
 *
 * glibc's gettext needs LC_MESSAGES set to a locale that exists. On a
 * laptop where en_US.UTF-8 was never generated, setlocale fails; we then
 * fall back to C.UTF-8 (built into glibc) and pass the wanted language in
 * LANGUAGE, which gettext honours for any locale but plain "C". */
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "i18n.h"

#ifndef CHECKIN_BUILD_LOCALE_DIR /* the build tree's compiled catalogues */
#define CHECKIN_BUILD_LOCALE_DIR "locale"
#endif
#ifndef CHECKIN_INSTALL_LOCALE_DIR
#define CHECKIN_INSTALL_LOCALE_DIR "/usr/share/locale"
#endif

static char language[16] = "vi";

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* bin/../share/locale of the running program, if it is a folder. */
static int beside_program(char out[PATH_MAX])
{
	char exe[PATH_MAX], dir[PATH_MAX + 32];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n <= 0)
		return 0;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	snprintf(dir, sizeof dir, "%s/../share/locale", exe);
	return is_dir(dir) && realpath(dir, out) != NULL;
}

/* The first language the environment asks for, as gettext reads it:
 * LANGUAGE, then LC_ALL, LC_MESSAGES, LANG. "" when none is set. */
static const char *wanted_language(void)
{
	static const char *const vars[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return "";
}

void i18n_init(void)
{
	char dir[PATH_MAX];

	setlocale(LC_CTYPE, "");
	const char *want = wanted_language();
	if (!setlocale(LC_MESSAGES, "") && *want && strcmp(want, "C") && strcmp(want, "POSIX")) {
		/* The locale is not generated here: keep its language anyway. */
		char lang[16];
		size_t n = strcspn(want, "_.@:");
		if (n >= sizeof lang)
			n = sizeof lang - 1;
		memcpy(lang, want, n);
		lang[n] = '\0';
		if (!getenv("LANGUAGE") || !*getenv("LANGUAGE"))
			setenv("LANGUAGE", lang, 1);
		setlocale(LC_MESSAGES, "C.UTF-8");
	}
	if (!beside_program(dir))
		snprintf(dir, sizeof dir, "%s",
		         is_dir(CHECKIN_BUILD_LOCALE_DIR) ? CHECKIN_BUILD_LOCALE_DIR : CHECKIN_INSTALL_LOCALE_DIR);
	bindtextdomain(CHECKIN_TEXT_DOMAIN, dir);
	bind_textdomain_codeset(CHECKIN_TEXT_DOMAIN, "UTF-8");

	/* The catalogue's language, from its own header (the source has none). */
	const char *hdr = dgettext(CHECKIN_TEXT_DOMAIN, "");
	const char *lt = hdr ? strstr(hdr, "Language: ") : NULL;
	if (lt) {
		lt += strlen("Language: ");
		size_t n = strcspn(lt, "\n_");
		if (n > 0 && n < sizeof language) {
			memcpy(language, lt, n);
			language[n] = '\0';
		}
	}
}

const char *i18n_language(void)
{
	return language;
}
