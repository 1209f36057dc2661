/* termqr.c - a QR code in the terminal (see termqr.h), so that staff can
 * open the dashboard on a phone by pointing its camera at the screen
 * where `serve` runs. */
#include <qrencode.h>
#include <unistd.h>
#include "termqr.h"
#include "checkin/i18n.h"

void termqr_print(FILE *out, const char *text)
{
	QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	if (!qr) {
		fprintf(out, _("(không vẽ được mã QR)\n"));
		return;
	}
	/* The blocks are the light modules, drawn on a dark background. */
	const int quiet = 2, w = qr->width, size = w + 2 * quiet;
	int tty = isatty(fileno(out));
#define DARK(x, y) ((x) >= quiet && (y) >= quiet && (x) < quiet + w && (y) < quiet + w && \
                    (qr->data[((y) - quiet) * w + ((x) - quiet)] & 1))
	for (int y = 0; y < size; y += 2) {
		if (tty)
			fputs("\033[97;40m", out);
		for (int x = 0; x < size; x++) {
			int top = !DARK(x, y), bottom = y + 1 < size ? !DARK(x, y + 1) : 0;
			fputs(top && bottom ? "█" : top ? "▀" : bottom ? "▄" : " ", out);
		}
		if (tty)
			fputs("\033[0m", out);
		fputc('\n', out);
	}
#undef DARK
	QRcode_free(qr);
}
