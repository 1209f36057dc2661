/* fuzz_y4m.c - libFuzzer target for the kiosk's YUV4MPEG2 header parser. */
#include <stdint.h>
#include <stdlib.h>
#include "y4m.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct y4m_format fmt;
	ck_err err;
	if (y4m_parse_header((const char *)data, size, 8192, &fmt, &err) == 0) {
		if (fmt.width < 1 || fmt.width > 8192 || fmt.height < 1 || fmt.height > 8192)
			abort();
		if (y4m_chroma_bytes(&fmt) > (size_t)4096 * 4096)
			abort();
	} else if (!err.msg[0]) {
		abort();
	}
	return 0;
}
