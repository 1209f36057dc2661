/* fields.h - the delegate options that 'add' and 'edit' share
 * (--name, --title, --organization, --category, --district, --roles,
 * --seat, --phone, --email, --rank), checked by the same rules as an import. */
#ifndef CHECKIN_ADMIN_FIELDS_H
#define CHECKIN_ADMIN_FIELDS_H

#include "checkin/delegate.h"

/* Parse the options in argv into d, NFC-normalised; the strings belong to
 * d (delegate_release). Returns 0; -1 on a bad value (err says which
 * option and why); -2 on a usage error (an unknown option or a missing
 * value: err says which, the caller prints it and the usage). Uses
 * getopt_long: optind is past the options after. */
int fields_parse(int argc, char **argv, struct delegate *d, ck_err *err);

#endif
