/*
 * Runs a libFuzzer target without libFuzzer, so that ctest can run it
 * under ASan+UBSan with any compiler: every file named on the command
 * line, then ITERATIONS mutations of them (byte flips, truncations,
 * insertions) from a fixed seed, so a run is repeatable and bounded.
 *
 * Usage: fuzz_X_driver ITERATIONS FILE...
 *   A FILE named *.hex is a test vector (test/vectors/README.md): its hex
 *   line is the input. Any other file is used as it is.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_INPUT 8192

static uint32_t rng_state = 2463534242u;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

/* Reads <path> into <buf>; a .hex vector is decoded from its hex line. */
static size_t read_seed(const char *path, uint8_t *buf)
{
	FILE *f = fopen(path, "rb");
	size_t len = 0, n = strlen(path);

	if (!f) {
		perror(path);
		exit(1);
	}
	if (n > 4 && strcmp(path + n - 4, ".hex") == 0) {
		char line[2 * MAX_INPUT + 2];

		while (fgets(line, sizeof(line), f)) {
			size_t i;

			if (line[0] == '#' || line[0] == '\n')
				continue;
			for (len = 0, i = 0; line[i] && line[i + 1] && line[i] != '\n' &&
			     len < MAX_INPUT; i += 2) {
				unsigned int b;

				if (sscanf(line + i, "%2x", &b) != 1)
					break;
				buf[len++] = (uint8_t)b;
			}
		}
	} else {
		len = fread(buf, 1, MAX_INPUT, f);
	}
	fclose(f);
	return len;
}

static size_t mutate(uint8_t *buf, size_t len)
{
	int n = 1 + (int)(rng() % 4);

	while (n--) {
		switch (rng() % 4) {
		case 0: /* flip a byte */
			if (len)
				buf[rng() % len] ^= (uint8_t)(1u << (rng() % 8));
			break;
		case 1: /* set a byte to an edge value */
			if (len) {
				static const uint8_t edge[] = { 0, 1, 0x7f, 0x80, 0xff, '{', '}', '\n', '"', '/' };
				buf[rng() % len] = edge[rng() % sizeof(edge)];
			}
			break;
		case 2: /* truncate */
			if (len)
				len = rng() % len;
			break;
		default: /* insert a byte */
			if (len < MAX_INPUT) {
				size_t at = len ? rng() % len : 0;

				memmove(buf + at + 1, buf + at, len - at);
				buf[at] = (uint8_t)rng();
				len++;
			}
		}
	}
	return len;
}

int main(int argc, char **argv)
{
	static uint8_t seeds[16][MAX_INPUT];
	static uint8_t work[MAX_INPUT + 1];
	size_t seed_len[16];
	int nseeds = 0, i;
	long iterations, it;

	if (argc < 3)
		return fprintf(stderr, "usage: %s ITERATIONS FILE...\n", argv[0]), 2;
	iterations = atol(argv[1]);
	for (i = 2; i < argc && nseeds < 16; i++) {
		seed_len[nseeds] = read_seed(argv[i], seeds[nseeds]);
		LLVMFuzzerTestOneInput(seeds[nseeds], seed_len[nseeds]);
		nseeds++;
	}
	for (it = 0; it < iterations; it++) {
		int s = (int)(rng() % (uint32_t)nseeds);
		size_t len = seed_len[s];

		memcpy(work, seeds[s], len);
		len = mutate(work, len);
		LLVMFuzzerTestOneInput(work, len);
	}
	printf("%s: %ld inputs, 0 crashes\n", argv[0], iterations + nseeds);
	return 0;
}
