/* driver.c - runs a libFuzzer target without libFuzzer: first every file
 * given on the command line (the corpus), then N random mutations of them
 * (byte flips, inserts, deletes, splices). The seed is printed so that a
 * failure can be replayed: CHECKIN_TEST_SEED=... FUZZ_RUNS=... (FUZZ_SEED,
 * the older name, is still read when CHECKIN_TEST_SEED is not set). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Call the target on an exactly sized copy, so that ASan sees overreads. */
static void one(const uint8_t *data, size_t size)
{
	uint8_t *copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	LLVMFuzzerTestOneInput(copy, size);
	free(copy);
}

#define MAXIN 65536

static uint64_t rng;
static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

int main(int argc, char **argv)
{
	static uint8_t *corpus[512];
	static size_t sizes[512];
	int n = 0;
	const char *env = getenv("CHECKIN_TEST_SEED"), *runs_env = getenv("FUZZ_RUNS");
	if (!env || !*env)
		env = getenv("FUZZ_SEED");
	uint64_t seed = env && *env ? strtoull(env, NULL, 10) : (uint64_t)time(NULL);
	long runs = runs_env ? atol(runs_env) : 20000;
	static const char *dict[] = {"\"", ",", ";", "\r\n", "\n", "\xEF\xBB\xBF", "\xC3", "\xCC\x82", "[event]",
	                             "=", "name", "họ và tên", "vip", "GL23", "-", "tham luận", "\xF0\x9F\x98\x80"};

	for (int i = 1; i < argc && n < 512; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			return 2;
		}
		corpus[n] = malloc(MAXIN);
		sizes[n] = fread(corpus[n], 1, MAXIN, f);
		fclose(f);
		one(corpus[n], sizes[n]);
		n++;
	}
	printf("replayed %d corpus files; %ld mutations with seed %llu (replay: CHECKIN_TEST_SEED=%llu FUZZ_RUNS=%ld)\n",
	       n, runs, (unsigned long long)seed, (unsigned long long)seed, runs);
	fflush(stdout);
	if (!n)
		return 0;
	rng = seed ? seed : 1;
	uint8_t *buf = malloc(MAXIN);
	for (long r = 0; r < runs; r++) {
		int k = (int)(next() % (uint64_t)n);
		size_t len = sizes[k];
		memcpy(buf, corpus[k], len);
		int edits = 1 + (int)(next() % 8);
		for (int e = 0; e < edits; e++) {
			size_t at = len ? next() % len : 0;
			switch (next() % 5) {
			case 0: if (len) buf[at] ^= (uint8_t)(1u << (next() % 8)); break;
			case 1: if (len) buf[at] = (uint8_t)next(); break;
			case 2: if (len) { memmove(buf + at, buf + at + 1, len - at - 1); len--; } break;
			case 3: {
				const char *d = dict[next() % (sizeof dict / sizeof *dict)];
				size_t dl = strlen(d);
				if (len + dl < MAXIN) {
					memmove(buf + at + dl, buf + at, len - at);
					memcpy(buf + at, d, dl);
					len += dl;
				}
				break;
			}
			case 4: { /* splice in a piece of another input */
				int o = (int)(next() % (uint64_t)n);
				if (sizes[o]) {
					size_t from = next() % sizes[o], cnt = 1 + next() % 64;
					if (from + cnt > sizes[o]) cnt = sizes[o] - from;
					if (len + cnt < MAXIN) {
						memmove(buf + at + cnt, buf + at, len - at);
						memcpy(buf + at, corpus[o] + from, cnt);
						len += cnt;
					}
				}
				break;
			}
			}
		}
		one(buf, len);
	}
	free(buf);
	for (int i = 0; i < n; i++)
		free(corpus[i]);
	printf("ok\n");
	return 0;
}
