/* decode_cmd.h - 'checkin-kiosk decode IMAGE...': read the QR codes in
 * still images with the kiosk's own scanner, one "IMAGE<TAB>PAYLOAD" line
 * per code. For checking a printed or photographed invitation. */
#ifndef KIOSK_DECODE_CMD_H
#define KIOSK_DECODE_CMD_H

/* argv[0] is "decode". Returns the exit status: 0 when every image had a
 * code, 1 otherwise, 2 on a usage error. */
int decode_main(int argc, char **argv);

#endif
