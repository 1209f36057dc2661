/* test_code.c - codes: every one-character change and every truncation of
 * a code is refused; another event's code is foreign, not forged. */
#include <string.h>
#include "check.h"
#include "checkin/code.h"

static const char qr_alnum[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

int main(void)
{
	unsigned char key[CODE_KEYLEN], other[CODE_KEYLEN];
	char code[CODE_LEN + 1], mutated[CODE_LEN + 2], foreign[CODE_LEN + 1], s[CODE_SHORTLEN + 1];

	CHECK(code_keygen(key, NULL) == 0);
	CHECK(code_keygen(other, NULL) == 0);
	for (int round = 0; round < 20; round++) {
		CHECK(code_generate(key, "GL23", code, NULL) == 0);
		CHECK(strlen(code) == CODE_LEN);
		CHECK(CODE_LEN <= 40);
		CHECK(strspn(code, qr_alnum) == CODE_LEN);
		CHECK(code_verify(key, "GL23", code) == CODE_VALID);

		/* every substitution by any QR alphanumeric char, and lower case */
		int refused = 0, tried = 0;
		for (int i = 0; i < CODE_LEN; i++) {
			for (const char *c = qr_alnum; *c; c++) {
				if (*c == code[i])
					continue;
				memcpy(mutated, code, sizeof code);
				mutated[i] = *c;
				tried++;
				refused += code_verify(key, "GL23", mutated) != CODE_VALID;
			}
			memcpy(mutated, code, sizeof code);
			mutated[i] = (char)(mutated[i] | 0x20);
			if (mutated[i] != code[i]) {
				tried++;
				refused += code_verify(key, "GL23", mutated) != CODE_VALID;
			}
		}
		CHECK_MSG(refused == tried, "%d of %d one-character changes refused", refused, tried);

		/* every truncation, and one extra char */
		for (int n = 0; n < CODE_LEN; n++) {
			memcpy(mutated, code, sizeof code);
			mutated[n] = 0;
			CHECK(code_verify(key, "GL23", mutated) == CODE_INVALID);
		}
		memcpy(mutated, code, sizeof code);
		strcat(mutated, "0");
		CHECK(code_verify(key, "GL23", mutated) == CODE_INVALID);

		/* the same code under the wrong key (a forgery with our tag) */
		CHECK(code_verify(other, "GL23", code) == CODE_INVALID);
		/* another event's genuine code */
		CHECK(code_generate(other, "KT24", foreign, NULL) == 0);
		CHECK(code_verify(key, "GL23", foreign) == CODE_FOREIGN);
		CHECK(code_verify(other, "KT24", foreign) == CODE_VALID);
	}

	/* swapping two adjacent different chars is refused */
	CHECK(code_generate(key, "GL23", code, NULL) == 0);
	for (int i = CODE_TAGLEN; i + 1 < CODE_LEN; i++) {
		if (code[i] == code[i + 1])
			continue;
		memcpy(mutated, code, sizeof code);
		mutated[i] = code[i + 1];
		mutated[i + 1] = code[i];
		CHECK(code_verify(key, "GL23", mutated) != CODE_VALID);
	}

	CHECK(code_verify(key, "GL23", "") == CODE_INVALID);
	CHECK(code_verify(key, "GL23", "https://example.com/") == CODE_INVALID);
	CHECK(code_tag_ok("GL23") && !code_tag_ok("gl23") && !code_tag_ok("GL2") && !code_tag_ok("GL234"));

	/* short form */
	code_short(code, s);
	CHECK(strlen(s) == CODE_SHORTLEN && s[4] == '-');
	CHECK(!memcmp(s, code + 4, 4) && !memcmp(s + 5, code + 8, 4));
	char typed[32], back[CODE_SHORTLEN + 1];
	snprintf(typed, sizeof typed, " %.4s %.4s ", code + 4, code + 8);
	for (char *p = typed; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p + 32);
	CHECK(code_short_parse(typed, back) == 0 && !strcmp(back, s));
	CHECK(code_short_parse("ABCD-EFG", back) < 0);
	CHECK(code_short_parse("ABCD-EFGHJ", back) < 0);
	CHECK(code_short_parse("oI1l-0000", back) == 0 && !strcmp(back, "0111-0000"));
	CHECK(code_short_parse("ABCU-0000", back) < 0); /* U is not Crockford */

	char grouped[64];
	code_grouped(code, grouped, sizeof grouped);
	CHECK(!strncmp(grouped, "GL23 ", 5) && strlen(grouped) == CODE_LEN + (CODE_LEN - 1) / 4);
	/* code.h promises the whole code in 48 bytes, and never a broken group */
	char exact[48], small[11];
	code_grouped(code, exact, sizeof exact);
	CHECK_MSG(!strcmp(exact, grouped), "'%s' in 48 bytes, want '%s'", exact, grouped);
	code_grouped(code, small, sizeof small);
	CHECK_MSG(strlen(small) == 9 && !strncmp(small, grouped, 9), "'%s' in 11 bytes", small);
	return check_summary("test_code");
}
