/* qr_pgm.c - a QR code of any bytes (NUL, ESC, invalid UTF-8 too) as a
 * PGM image, for the kiosk's hostile-code frames (tests/kiosk/hostile.py):
 * libqrencode in 8-bit mode, as the invitations use it, 8 pixels a module
 * and a quiet zone of 4.
 *
 * Usage: qr_pgm PAYLOAD-FILE OUT.pgm   (exit 1 when no QR can hold it) */
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>

#define SCALE 8
#define QUIET 4

int main(int argc, char **argv)
{
	static unsigned char data[8192];
	if (argc != 3) {
		fprintf(stderr, "usage: qr_pgm PAYLOAD-FILE OUT.pgm\n");
		return 2;
	}
	FILE *in = fopen(argv[1], "rb");
	if (!in) {
		perror(argv[1]);
		return 1;
	}
	size_t n = fread(data, 1, sizeof data, in);
	fclose(in);
	QRcode *q = n ? QRcode_encodeData((int)n, data, 0, QR_ECLEVEL_M) : NULL;
	if (!q) {
		fprintf(stderr, "qr_pgm: no QR code holds these %zu bytes\n", n);
		return 1;
	}
	int side = (q->width + 2 * QUIET) * SCALE;
	FILE *out = fopen(argv[2], "wb");
	if (!out) {
		perror(argv[2]);
		QRcode_free(q);
		return 1;
	}
	fprintf(out, "P5\n%d %d\n255\n", side, side);
	for (int y = 0; y < side; y++)
		for (int x = 0; x < side; x++) {
			int mx = x / SCALE - QUIET, my = y / SCALE - QUIET;
			int dark = mx >= 0 && my >= 0 && mx < q->width && my < q->width && (q->data[my * q->width + mx] & 1);
			fputc(dark ? 0 : 255, out);
		}
	int rc = fclose(out) == 0 ? 0 : 1;
	QRcode_free(q);
	return rc;
}
