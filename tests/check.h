/* Minimal typed checks for semec's C tests: a failed check prints the
 * expression, both values and the line, and the test exits non-zero. */
#ifndef SEMEC_TEST_CHECK_H
#define SEMEC_TEST_CHECK_H
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static int semec_test_failures = 0;

#define CHECK(cond) \
  do { \
    if (!(cond)) { \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      semec_test_failures++; \
    } \
  } while (0)

/* |a - b| <= rtol |b| (or <= rtol when b == 0) */
#define CHECK_CLOSE(a, b, rtol) \
  do { \
    double a_ = (double)(a), b_ = (double)(b); \
    double s_ = fabs(b_) > 0 ? fabs(b_) : 1.0; \
    if (!(fabs(a_ - b_) <= (rtol) * s_)) { \
      fprintf(stderr, "%s:%d: CHECK_CLOSE failed: %s = %.17g, %s = %.17g (rtol %g)\n", __FILE__, __LINE__, #a, a_, #b, b_, (double)(rtol)); \
      semec_test_failures++; \
    } \
  } while (0)

#define CHECK_EQ_INT(a, b) \
  do { \
    long long a_ = (long long)(a), b_ = (long long)(b); \
    if (a_ != b_) { \
      fprintf(stderr, "%s:%d: CHECK_EQ_INT failed: %s = %lld, %s = %lld\n", __FILE__, __LINE__, #a, a_, #b, b_); \
      semec_test_failures++; \
    } \
  } while (0)

#define TEST_RESULT() (semec_test_failures ? (fprintf(stderr, "%d check(s) failed\n", semec_test_failures), 1) : 0)

#endif
