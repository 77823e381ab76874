/*
 * Minimal unit test helpers: CHECK() records a failure and goes on, the
 * test program exits non-zero if any check failed and prints
 * "N passed, N failed".
 */
#ifndef VRRP_TEST_CHECK_H
#define VRRP_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond) do { \
		if (cond) { check_passed++; } else { check_failed++; \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } \
	} while (0)

#define CHECK_EQ(a, b) do { \
		long long a_ = (long long)(a), b_ = (long long)(b); \
		if (a_ == b_) { check_passed++; } else { check_failed++; \
			fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %lld, expected %s == %lld\n", \
			        __FILE__, __LINE__, #a, a_, #b, b_); } \
	} while (0)

#define CHECK_STR_CONTAINS(hay, needle) do { \
		const char *h_ = (hay), *n_ = (needle); \
		if (h_ && strstr(h_, n_)) { check_passed++; } else { check_failed++; \
			fprintf(stderr, "%s:%d: '%s' does not contain '%s'\n", __FILE__, __LINE__, \
			        h_ ? h_ : "(null)", n_); } \
	} while (0)

static inline int check_report(const char *name)
{
	printf("%s: %d passed, %d failed\n", name, check_passed, check_failed);
	return check_failed ? 1 : 0;
}

#endif
