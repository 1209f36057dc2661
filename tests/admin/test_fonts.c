/* test_fonts.c - fonts.h and print_check.h: which characters the bundled
 * fonts can draw.
 *
 * - the per-character answer (inv_fonts_missing, behind the import's
 *   warnings) agrees with what pango shows as a box in a laid-out
 *   paragraph (inv_layout_missing, what the renderer refuses), over
 *   Vietnamese, other scripts, emoji, spaces and invisible characters;
 * - a delegate's printed fields are named with their characters;
 * - print_check_roster names FILE:LINE and the field, and says nothing
 *   about a roster the fonts can print.
 *
 * Usage: test_fonts ASSETS_DIR */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "check.h"
#include "fonts.h"
#include "print_check.h"

/* Characters to try, one per string; most are in Noto Sans, some not. */
static const char *const SAMPLES[] = {
	"a", "Z", "~", "đ", "Đ", "ệ", "ữ", "Ỹ", "ơ", "ư", "é", "ß", "Ж", "Ω", "€", "—", "–", "…", "“", "”", "‘",
	"№", "°", "½", "→", "✓", "©", "®", "™", "\u00a0", "\u2009", "\u3000", "\u2028", "\u00ad", "\u200b",
	"\u200d", "\u200c", "\ufe0f", "\u202e", "\u2066", "e\u0301", "a\u0323", "\u0301", "\t", "\n",
	"漢", "字", "王", "한", "あ", "ア", "😀", "👍", "❤", "★", "☎", "ก", "ع", "א", "क", "ক", "ក", "ລ",
	"ᄀ", "\U00013000", "\U0001F1FB\U0001F1F3", "🇻🇳", "\ue000", "\U0010FFFD",
};

static void test_agree(struct inv_fonts *f)
{
	PangoLayout *l = pango_layout_new(f->ctx);
	for (int bold = 0; bold < 2; bold++) {
		pango_layout_set_font_description(l, bold ? f->bold : f->regular);
		for (size_t i = 0; i < sizeof SAMPLES / sizeof SAMPLES[0]; i++) {
			uint32_t a[8], b[8];
			/* between letters, as in a name */
			char *text = g_strdup_printf("Lê %s Văn", SAMPLES[i]);
			size_t na = inv_fonts_missing(f, text, a, 8);
			pango_layout_set_text(l, text, -1);
			size_t nb = inv_layout_missing(l, b, 8);
			int same = na == nb;
			for (size_t k = 0; same && k < na && k < 8; k++)
				same = a[k] == b[k];
			CHECK_MSG(same, "'%s' (%s): per character %zu missing (U+%04X), layout %zu (U+%04X)", SAMPLES[i],
			          bold ? "bold" : "regular", na, na ? (unsigned)a[0] : 0, nb, nb ? (unsigned)b[0] : 0);
			g_free(text);
		}
	}
	g_object_unref(l);

	/* what the bundled Noto Sans is known to lack, and to have */
	uint32_t cps[8];
	CHECK(inv_fonts_missing(f, "Nguyễn Thị Hồng Nhung, Đắk Lắk — “Ia Phìn” № 5", cps, 8) == 0);
	CHECK(inv_fonts_missing(f, "Trần 😀", cps, 8) == 1 && cps[0] == 0x1F600);
	CHECK(inv_fonts_missing(f, "王小明 王", cps, 8) == 3 && cps[0] == 0x738B && cps[1] == 0x5C0F && cps[2] == 0x660E);
	CHECK(inv_fonts_missing(f, "王小明", cps, 2) == 3 && cps[0] == 0x738B && cps[1] == 0x5C0F);
	CHECK(inv_fonts_missing(f, NULL, cps, 8) == 0);
	CHECK(inv_fonts_missing(f, "a\x1b" "b", cps, 8) == 1 && cps[0] == 0x1B); /* old data: not printable */
}

static void test_delegate(struct inv_fonts *f)
{
	struct delegate d = {.id = 3, .name = "Trần Thị Bình 😀", .title = "Giám đốc", .organization = "Công ty 漢字",
	                     .category = "王", .seat = "A-1"};
	struct inv_unprintable u[4];
	char buf[256];
	int k = inv_fonts_check_delegate(f, &d, u);
	CHECK(k == 2); /* the category is not printed */
	CHECK(k >= 1 && !strcmp(u[0].field, "name") && u[0].ncps == 1 && u[0].cps[0] == 0x1F600);
	CHECK(k >= 2 && !strcmp(u[1].field, "organization") && u[1].ncps == 2 && u[1].cps[1] == 0x5B57);
	if (k >= 2) {
		inv_unprintable_describe(f, &u[0], buf, sizeof buf);
		CHECK_MSG(!strcmp(buf, "name: U+1F600 không in được bằng phông chữ đi kèm"), "'%s'", buf);
		inv_unprintable_describe(f, &u[1], buf, sizeof buf);
		CHECK_MSG(!strcmp(buf, "organization: U+6F22, U+5B57 không in được bằng phông chữ đi kèm"), "'%s'", buf);
	}
	struct inv_unprintable many = {.field = "name", .cps = {0x4E00, 0x4E01, 0x4E02, 0x4E03}, .ncps = 9};
	inv_unprintable_describe(f, &many, buf, sizeof buf);
	CHECK_MSG(strstr(buf, "U+4E00, U+4E01, U+4E02, U+4E03 và 5 ký tự khác không in"), "'%s'", buf);
	struct delegate ok = {.id = 4, .name = "Lê Văn Cường", .title = "Chuyên viên\nPhòng Kế hoạch"};
	CHECK(inv_fonts_check_delegate(f, &ok, u) == 0);
}

static char *run_roster(const char *csv, size_t *rows)
{
	char path[] = "/tmp/test-fonts-XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");
	fputs(csv, fp);
	fclose(fp);
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	*rows = print_check_roster(path, out);
	fclose(out);
	/* the messages name the file: make them independent of the name */
	char *fixed = malloc(len + 1), *w = fixed;
	for (const char *p = buf; *p;) {
		if (!strncmp(p, path, strlen(path))) {
			w += sprintf(w, "F");
			p += strlen(path);
		} else {
			*w++ = *p++;
		}
	}
	*w = 0;
	free(buf);
	unlink(path);
	return fixed;
}

static void test_roster(void)
{
	size_t rows;
	char *out = run_roster("\xEF\xBB\xBFid,name,title,organization,category,seat\r\n"
	                       "1,Nguyễn Văn An,Chủ tịch,UBND xã,Cấp xã,A1\r\n"
	                       "2,王小明,Giám đốc,\"Công ty\n漢字\",Khách,A2\r\n"
	                       "3,Trần Thị Bình 😀,Phó giám đốc,Sở Y tế,😀,A3\r\n"
	                       "4,Lê Văn Cường,Chuyên viên,Sở Tài chính,Cấp tỉnh,A4\r\n",
	                       &rows);
	CHECK(rows == 2);
	CHECK_MSG(!strcmp(out, "F:3: cảnh báo: name: U+738B, U+5C0F, U+660E không in được bằng phông chữ đi kèm\n"
	                       "F:3: cảnh báo: organization: U+6F22, U+5B57 không in được bằng phông chữ đi kèm\n"
	                       "F:5: cảnh báo: name: U+1F600 không in được bằng phông chữ đi kèm\n"),
	          "roster warnings:\n%s", out);
	free(out);

	/* the sample's alphabet: no warning, no parse */
	out = run_roster("name,organization\nĐặng Thị Hồng Nhung,Ủy ban nhân dân xã Ia Phìn\nRơ Ô Nhiên,Ksor H'Mai\n",
	                 &rows);
	CHECK(rows == 0 && !strcmp(out, ""));
	free(out);
	/* a character the fonts lack in a column that is never printed */
	out = run_roster("name,email,category\nLê Văn Tám,tam@example.vn,漢\n", &rows);
	CHECK(rows == 0 && !strcmp(out, ""));
	free(out);
}

int main(int argc, char **argv)
{
	struct inv_fonts *f = NULL;
	ck_err err;
	if (argc > 1)
		setenv("CHECKIN_ASSETS", argv[1], 1); /* print_check uses assets_dir() */
	unsetenv("CHECKIN_FONT");
	if (inv_fonts_open(argc > 1 ? argv[1] : NULL, &f, &err) < 0) {
		fprintf(stderr, "cannot open the fonts: %s\n", err.msg);
		return 1;
	}
	CHECK(f->bundled);
	test_agree(f);
	test_delegate(f);
	test_roster();
	inv_fonts_free(f);
	return check_summary("test_fonts");
}
