/* fields.c - the delegate options shared by 'add' and 'edit'
 * (--name, --title, ...), normalised to NFC like an import (see fields.h).
 * One parser, so that a field added to the roster is added to both
 * commands, with the same checks as the import. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include "checkin/text.h"
#include "fields.h"
#include "util.h"
#include "checkin/i18n.h"

int fields_parse(int argc, char **argv, struct delegate *d, ck_err *err)
{
	static const struct option opts[] = {
		{"name", required_argument, NULL, 'n'}, {"title", required_argument, NULL, 't'},
		{"organization", required_argument, NULL, 'o'}, {"category", required_argument, NULL, 'c'},
		{"district", required_argument, NULL, 'd'}, {"roles", required_argument, NULL, 'r'},
		{"seat", required_argument, NULL, 's'}, {"phone", required_argument, NULL, 'p'},
		{"email", required_argument, NULL, 'e'}, {"rank", required_argument, NULL, 'k'}, {0}};
	int c;
	while ((c = getopt_checked(argc, argv, "", opts, err)) != -1) {
		char **slot = NULL;
		switch (c) {
		case 'n': slot = &d->name; break;
		case 't': slot = &d->title; break;
		case 'o': slot = &d->organization; break;
		case 'c': slot = &d->category; break;
		case 'd': slot = &d->district; break;
		case 's': slot = &d->seat; break;
		case 'p': slot = &d->phone; break;
		case 'e': slot = &d->email; break;
		case 'r':
			if (role_parse(optarg, &d->roles, err) < 0)
				return -1;
			continue;
		case 'k': {
			/* protocol rank, 1 first; 0 or empty takes it away (seating.h) */
			char *end;
			long rank = strtol(optarg, &end, 10);
			if (*optarg && (*end || rank < 0 || rank > 1000000))
				return ck_fail(err, CK_INVALID, _("--rank: cần một số nguyên, 1 là đầu tiên (0: không có), không phải '%s'"), optarg);
			d->rank = *optarg ? (int)rank : 0;
			continue;
		}
		default:
			return -2; /* err says which option; the caller prints it and the usage */
		}
		char *v = text_nfc(optarg, strlen(optarg));
		if (!v)
			return ck_fail(err, CK_INVALID, _("'%s' không phải UTF-8 hợp lệ"), optarg);
		free(*slot);
		*slot = *v ? v : (free(v), NULL);
	}
	/* the same rules as a roster import; an edit without --name keeps
	 * the old one, so a missing name is not this function's to refuse */
	struct delegate probe = *d; /* shallow: only read */
	const char *field;
	if (!probe.name)
		probe.name = "-";
	if (delegate_validate(&probe, &field, err) < 0) {
		char why[CK_ERRLEN];
		memcpy(why, err->msg, sizeof why);
		return ck_fail(err, CK_INVALID, "--%s: %.480s", field, why);
	}
	return 0;
}
