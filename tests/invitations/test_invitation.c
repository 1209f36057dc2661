/* test_invitation.c - unit tests of the invitation renderer.
 *
 * - slot order: every delegate is placed exactly once and, cutting each
 *   sheet into its slots and stacking stack 0 on stack 1 ..., the order is
 *   the delegates' order, for every count and layout;
 * - a phone image of a delegate with absurdly long text still decodes, and
 *   the QR's quiet zone stays white (no text ran into it);
 * - refusals: no code, a glyph the font lacks (naming the characters),
 *   an empty PDF;
 * - inv_check finds exactly the fields the fonts cannot draw.
 *
 * Usage: test_invitation ASSETS_DIR */
#include <cairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zbar.h>
#include "invitation.h"

static int fails;
#define CHECK(c, ...)                                                    \
	do {                                                                 \
		if (!(c)) {                                                      \
			fails++;                                                     \
			fprintf(stderr, "%s:%d: FAIL: ", __FILE__, __LINE__);        \
			fprintf(stderr, __VA_ARGS__);                                \
			fputc('\n', stderr);                                         \
		}                                                                \
	} while (0)

static void test_slots(void)
{
	const enum inv_layout ls[] = {INV_A5, INV_A4_2, INV_A6_4};
	for (int li = 0; li < 3; li++) {
		enum inv_layout l = ls[li];
		int per = inv_layout_per_sheet(l);
		for (size_t n = 1; n <= 61; n++) {
			size_t sheets = inv_sheet_count(l, n);
			CHECK(sheets == (n + per - 1) / per, "sheets");
			/* Stack k holds slot k of every sheet, first sheet on top. */
			long expect = 0;
			int *seen = calloc(n, sizeof *seen);
			for (int k = 0; k < per; k++)
				for (size_t s = 0; s < sheets; s++) {
					long i = inv_slot_index(l, n, s, k);
					if (i < 0)
						continue;
					CHECK(i == expect, "%s n=%zu sheet %zu slot %d: %ld, want %ld", inv_layout_name(l), n, s,
					      k, i, expect);
					if (i >= 0 && (size_t)i < n)
						seen[i]++;
					expect++;
				}
			for (size_t i = 0; i < n; i++)
				CHECK(seen[i] == 1, "%s n=%zu: delegate %zu placed %d times", inv_layout_name(l), n, i, seen[i]);
			CHECK(inv_slot_index(l, n, sheets, 0) == -1, "slot past the last sheet");
			free(seen);
		}
		enum inv_layout back;
		CHECK(inv_layout_parse(inv_layout_name(l), &back) == 0 && back == l, "layout name round trip");
	}
	enum inv_layout x;
	CHECK(inv_layout_parse("a3", &x) < 0, "a3 accepted");
}

struct mem {
	unsigned char *p;
	size_t len, off;
};

static cairo_status_t read_mem(void *closure, unsigned char *data, unsigned int len)
{
	struct mem *m = closure;
	if (m->off + len > m->len)
		return CAIRO_STATUS_READ_ERROR;
	memcpy(data, m->p + m->off, len);
	m->off += len;
	return CAIRO_STATUS_SUCCESS;
}

/* Render d as a phone PNG and read it back as an 8-bit grey image. */
static unsigned char *render_png(inv_renderer *r, const struct delegate *d, int *w, int *h, ck_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	int rc = inv_render_png(r, fp, d, err);
	fclose(fp);
	if (rc < 0) {
		free(buf);
		return NULL;
	}
	struct mem m = {(unsigned char *)buf, len, 0};
	cairo_surface_t *s = cairo_image_surface_create_from_png_stream(read_mem, &m);
	free(buf);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		return NULL;
	}
	*w = cairo_image_surface_get_width(s);
	*h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	cairo_format_t f = cairo_image_surface_get_format(s);
	unsigned char *src = cairo_image_surface_get_data(s);
	unsigned char *g = malloc((size_t)*w * *h);
	for (int y = 0; y < *h; y++)
		for (int x = 0; x < *w; x++) {
			if (f == CAIRO_FORMAT_A8) {
				g[y * *w + x] = src[y * stride + x];
			} else {
				uint32_t px = ((uint32_t *)(src + y * stride))[x];
				g[y * *w + x] = (unsigned char)((((px >> 16) & 255) + ((px >> 8) & 255) + (px & 255)) / 3);
			}
		}
	cairo_surface_destroy(s);
	return g;
}

/* The QR payloads in a grey image (newline separated) into out. */
static int decode(const unsigned char *g, int w, int h, char *out, size_t len)
{
	zbar_image_scanner_t *sc = zbar_image_scanner_create();
	zbar_image_scanner_set_config(sc, 0, ZBAR_CFG_ENABLE, 0);
	zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
	zbar_image_t *img = zbar_image_create();
	zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
	zbar_image_set_size(img, (unsigned)w, (unsigned)h);
	zbar_image_set_data(img, g, (unsigned long)w * h, NULL);
	int n = zbar_scan_image(sc, img);
	out[0] = 0;
	for (const zbar_symbol_t *s = zbar_image_first_symbol(img); s; s = zbar_symbol_next(s)) {
		strncat(out, zbar_symbol_get_data(s), len - strlen(out) - 2);
		strcat(out, "\n");
	}
	zbar_image_destroy(img);
	zbar_image_scanner_destroy(sc);
	return n;
}

static char *repeat(const char *s, int times)
{
	char *o = malloc(strlen(s) * times + 1);
	o[0] = 0;
	for (int i = 0; i < times; i++)
		strcat(o, s);
	return o;
}

static void test_render(const char *assets)
{
	struct event ev = {
		.title = "Hội nghị sơ kết 03 năm thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
		.organizer = "Ủy ban nhân dân tỉnh Gia Lai", .venue = "Hội trường 2/9",
		.address = "Số 04 Hoàng Hoa Thám, thành phố Pleiku, tỉnh Gia Lai", .date = "2023-10-27",
		.start = "07:30", .doors_open = "07:00"};
	inv_renderer *r = NULL;
	ck_err err;
	if (inv_renderer_new(&ev, assets, &r, &err) < 0) {
		CHECK(0, "renderer: %s", err.msg);
		return;
	}
	char code[] = "GL23ABCDEFGH0123456789JKMNPQRSTVWXYZ01";
	char *name = repeat("Nguyễn Thị Ngọc Huyền Trâm ", 12);
	char *org = repeat("Hợp tác xã Nông nghiệp Dịch vụ Tổng hợp Sản xuất Kinh doanh Cà phê Sạch Ia Phìn ", 10);
	struct delegate d = {.id = 7, .name = name, .title = org, .organization = org, .seat = "Khu A - Hàng 1 - Ghế 01",
	                     .code = code};
	int w = 0, h = 0;
	unsigned char *g = render_png(r, &d, &w, &h, &err);
	CHECK(g != NULL, "long text: %s", err.msg);
	if (g) {
		char got[256];
		CHECK(w == INV_PNG_WIDTH && h == INV_PNG_HEIGHT, "size %dx%d", w, h);
		CHECK(decode(g, w, h, got, sizeof got) == 1 && !strncmp(got, code, strlen(code)), "decoded '%s'", got);
		/* The QR box of the phone layout is x 220..860, y 1130..1770 px;
		 * its outer 3 modules (>= 48 px) must be pure paper. */
		int dirty = 0;
		for (int y = 1135; y < 1765; y++)
			for (int x = 225; x < 855; x++) {
				int ring = y < 1180 || y >= 1720 || x < 270 || x >= 810;
				if (ring && g[y * w + x] < 250)
					dirty++;
			}
		CHECK(dirty == 0, "%d ink pixels in the quiet zone", dirty);
		free(g);
	}

	/* Markup characters in roster text are text, not markup. */
	struct delegate odd = {.id = 10, .name = "Trần <b>Văn</b> & \"Út\"", .title = "A & B <i>", .organization = "<span>",
	                       .seat = "&amp;", .code = code};
	FILE *fo = tmpfile();
	CHECK(inv_render_png(r, fo, &odd, &err) == 0, "markup characters: %s", err.msg);
	fclose(fo);

	/* Refusals. */
	struct delegate nocode = {.id = 8, .name = "Rơ Ô Nhiên"};
	FILE *fp = tmpfile();
	CHECK(inv_render_png(r, fp, &nocode, &err) < 0 && strstr(err.msg, "chưa có mã hiện hành"), "no code: %s", err.msg);
	CHECK(inv_render_pdf(r, fp, INV_A5, &nocode, 1, NULL, NULL, &err) < 0 && strstr(err.msg, "chưa có mã hiện hành"),
	      "pdf no code: %s", err.msg);
	CHECK(inv_render_pdf(r, fp, INV_A5, &d, 0, NULL, NULL, &err) < 0, "empty PDF accepted");
	struct delegate alien = {.id = 9, .name = "Nguyễn 漢字 𓀀", .code = code};
	/* inv_check names the fields, as laid out on the card */
	struct inv_unprintable u[4];
	struct delegate mixed = {.id = 11, .name = "Trần 😀", .title = "Giám đốc", .organization = "Công ty 漢字",
	                         .seat = "Ghế ★", .category = "王", .code = code};
	int k = inv_check(r, &mixed, u);
	CHECK(k == 3, "inv_check: %d fields, want name, organization and seat (not the category)", k);
	CHECK(k >= 3 && !strcmp(u[0].field, "name") && u[0].ncps == 1 && u[0].cps[0] == 0x1F600 &&
	      !strcmp(u[1].field, "organization") && u[1].ncps == 2 && u[1].cps[0] == 0x6F22 && u[1].cps[1] == 0x5B57 &&
	      !strcmp(u[2].field, "seat") && u[2].ncps == 1 && u[2].cps[0] == 0x2605, "inv_check fields");
	CHECK(inv_check(r, &d, u) == 0 && inv_check(r, &odd, u) == 0, "inv_check of printable delegates");
	CHECK(inv_check(r, &alien, u) == 1 && u[0].ncps == 3 && u[0].cps[2] == 0x13000, "inv_check of 9");
	CHECK(inv_render_png(r, fp, &alien, &err) < 0 && strstr(err.msg, "U+6F22, U+5B57, U+13000 không in được"),
	      "missing glyph: %s", err.msg);
	fclose(fp);

	/* A PDF page of each layout. */
	const enum inv_layout ls[] = {INV_A5, INV_A4_2, INV_A6_4};
	struct delegate three[3] = {d, d, d};
	for (int i = 0; i < 3; i++) {
		char *buf = NULL;
		size_t len = 0;
		fp = open_memstream(&buf, &len);
		CHECK(inv_render_pdf(r, fp, ls[i], three, 3, NULL, NULL, &err) == 0, "pdf %s: %s", inv_layout_name(ls[i]),
		      err.msg);
		fclose(fp);
		CHECK(len > 1000 && !memcmp(buf, "%PDF-", 5), "pdf %s: not a PDF", inv_layout_name(ls[i]));
		free(buf);
	}

	char *png = inv_png_name(&(struct delegate){.id = 12, .name = "Đặng Thị Hồng Nhung"});
	CHECK(png && !strcmp(png, "12-dang-thi-hong-nhung.png"), "png name '%s'", png ? png : "(null)");
	free(png);
	free(name);
	free(org);
	inv_renderer_free(r);
}

int main(int argc, char **argv)
{
	test_slots();
	test_render(argc > 1 ? argv[1] : NULL);
	if (fails) {
		fprintf(stderr, "%d check(s) failed\n", fails);
		return 1;
	}
	printf("ok\n");
	return 0;
}
