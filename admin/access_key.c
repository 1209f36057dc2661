/* access_key.c - the dashboard's access key (see access_key.h): made from
 * libsodium's random bytes, kept in a --key-file so that a restart of
 * `serve` does not lock out the phones already in. */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "access_key.h"
#include "checkin/i18n.h"

void access_key_make(char out[ACCESS_KEY_CHARS + 1])
{
	static const char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789"; /* no l, o, 0, 1 */
	unsigned char raw[ACCESS_KEY_BYTES];
	randombytes_buf(raw, sizeof raw);
	/* 5 bits per character. */
	unsigned acc = 0, bits = 0;
	size_t o = 0;
	for (size_t i = 0; i < sizeof raw; i++) {
		acc = (acc << 8) | raw[i];
		bits += 8;
		while (bits >= 5) {
			out[o++] = alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	out[o] = '\0';
	sodium_memzero(raw, sizeof raw);
}

/* No file yet: make a key and keep it in a new file only we can read. */
static int create_key_file(const char *path, char key[ACCESS_KEY_CHARS + 1], ck_err *err)
{
	char buf[64];
	access_key_make(key);
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return ck_fail(err, CK_IO, _("không tạo được '%s': %s"), path, strerror(errno));
	int n = snprintf(buf, sizeof buf, "%s\n", key);
	if (write(fd, buf, (size_t)n) != n || fsync(fd) < 0) {
		ck_fail(err, CK_IO, _("không ghi được '%s': %s"), path, strerror(errno));
		close(fd);
		unlink(path);
		sodium_memzero(buf, sizeof buf);
		return -1;
	}
	close(fd);
	sodium_memzero(buf, sizeof buf);
	return 0;
}

int access_key_from_file(const char *path, char key[ACCESS_KEY_CHARS + 1], ck_err *err)
{
	char buf[64];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return create_key_file(path, key, err);
	if (fd < 0)
		return ck_fail(err, CK_IO, _("không mở được '%s': %s"), path, strerror(errno));
	ssize_t n = read(fd, buf, sizeof buf - 1);
	int saved = errno;
	close(fd);
	if (n < 0)
		return ck_fail(err, CK_IO, _("không đọc được '%s': %s"), path, strerror(saved));
	buf[n] = '\0';
	buf[strcspn(buf, "\r\n")] = '\0';
	size_t len = strlen(buf);
	if (len != ACCESS_KEY_CHARS || strspn(buf, "abcdefghijklmnopqrstuvwxyz0123456789") != len) {
		sodium_memzero(buf, sizeof buf);
		return ck_fail(err, CK_INVALID,
		               _("mã trong '%s' không hợp lệ: cần %d chữ thường hoặc chữ số; hãy xóa tệp để có mã mới"), path,
		               ACCESS_KEY_CHARS);
	}
	memcpy(key, buf, len + 1);
	sodium_memzero(buf, sizeof buf);
	return 0;
}
