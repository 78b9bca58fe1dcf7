/* Unit tests of the counter-based RNG (src/engine/rng.c, include/semec/engine/rng.h):
 * Philox4x64-10 known answers, the open interval (0,1), reproducibility,
 * moments of uniforms, normals and Poisson counts.  Tolerances are stated
 * as multiples of the estimator's standard deviation (sd). */
#include <semec/engine/rng.h>
#include <semec/engine/compat.h>
#include "check.h"

#define N 200000

/* Published Random123 known-answer vectors (kat_vectors, philox4x64 10):
 * counter (c0..c3), key (k0, k1) -> four words.  semec maps key = (seed,
 * stream) and counter = (cell, ue, slot, idx). */
static void TestKnownAnswers(void)
{
  uint64_t    r[4];
  SemecRngKey zero = {0, 0, 0, 0, 0};
  SemecRngRaw(&zero, 0, r);
  CHECK(r[0] == 0x16554d9eca36314cULL);
  CHECK(r[1] == 0xdb20fe9d672d0fdcULL);
  CHECK(r[2] == 0xd7e772cee186176bULL);
  CHECK(r[3] == 0x7e68b68aec7ba23bULL);
  SemecRngKey pi = {0x452821e638d01377ULL, 0xbe5466cf34e90c6cULL, 0x243f6a8885a308d3ULL, 0x13198a2e03707344ULL, 0xa4093822299f31d0ULL};
  SemecRngRaw(&pi, 0x082efa98ec4e6c89ULL, r);
  CHECK(r[0] == 0xa528f45403e61d95ULL);
  CHECK(r[1] == 0x38c72dbd566e9788ULL);
  CHECK(r[2] == 0xa5a1610e72fd18b5ULL);
  CHECK(r[3] == 0x57bd43b5e52b7fe6ULL);
}

/* SemecRngToUniform: ((x >> 12) + 0.5) 2^-52, documented "never 0, never 1".
 * With 53 bits, (k + 0.5) is a rounding tie for k >= 2^52 and the largest
 * word gave exactly 1.0; 52 bits keep every k + 0.5 exact. */
static void TestToUniformBounds(void)
{
  /* x = 0: 0.5 * 2^-52 = 2^-53 = 1.1102230246251565e-16 */
  CHECK_CLOSE(SemecRngToUniform(0), 1.1102230246251565e-16, 1e-15);
  CHECK(SemecRngToUniform(0) > 0.0);
  /* x = 2^63 (x >> 12 = 2^51): (2^51 + 0.5) 2^-52 = 0.5 + 2^-53, centred */
  CHECK(SemecRngToUniform(0x8000000000000000ULL) > 0.5);
  CHECK_CLOSE(SemecRngToUniform(0x8000000000000000ULL), 0.5 + 0x1.0p-53, 1e-16);
  /* x = 2^64 - 1 (x >> 12 = 2^52 - 1): 1 - 2^-53 < 1 */
  CHECK(SemecRngToUniform(UINT64_MAX) < 1.0);
}

/* Uniforms lie in (0,1); mean 1/2, variance 1/12.  4N = 8e5 values:
 * sd(mean) = sqrt(1/12/8e5) = 3.2e-4, tolerance 2e-3 (6 sd);
 * sd(var) = sqrt((1/80 - 1/144)/8e5) = 8.3e-5, tolerance 5e-4 (6 sd). */
static void TestUniforms(void)
{
  SemecRngKey k = {11, SEMEC_STREAM_ARRIVALS, 2, 3, 4};
  double      s = 0, s2 = 0, u[4], lo = 1, hi = 0;
  for (uint64_t i = 0; i < N; i++) {
    SemecRngUniform4(&k, i, u);
    for (int j = 0; j < 4; j++) {
      s += u[j];
      s2 += u[j] * u[j];
      lo = u[j] < lo ? u[j] : lo;
      hi = u[j] > hi ? u[j] : hi;
    }
  }
  double mean = s / (4.0 * N), var = s2 / (4.0 * N) - mean * mean;
  CHECK(lo > 0.0);
  CHECK(hi < 1.0);
  CHECK_CLOSE(mean, 0.5, 2e-3 / 0.5);
  CHECK_CLOSE(var, 1.0 / 12.0, 5e-4 * 12.0);
  /* SemecRngUniform is the first of the four */
  SemecRngUniform4(&k, 123, u);
  CHECK(SemecRngUniform(&k, 123) == u[0]);
}

/* Same key and index -> same words; any field of the key changes them. */
static void TestReproducible(void)
{
  SemecRngKey k = {5, SEMEC_STREAM_FADING, 10, 20, 30};
  uint64_t    a[4], b[4];
  SemecRngRaw(&k, 40, a);
  SemecRngRaw(&k, 40, b);
  for (int i = 0; i < 4; i++) CHECK(a[i] == b[i]);
  SemecRngKey v[6] = {{6, SEMEC_STREAM_FADING, 10, 20, 30}, {5, SEMEC_STREAM_ARRIVALS, 10, 20, 30}, {5, SEMEC_STREAM_FADING, 11, 20, 30},
                      {5, SEMEC_STREAM_FADING, 10, 21, 30}, {5, SEMEC_STREAM_FADING, 10, 20, 31}, {5, SEMEC_STREAM_FADING, 10, 20, 30}};
  for (int j = 0; j < 6; j++) {
    SemecRngRaw(&v[j], j == 5 ? 41 : 40, b); /* last one: other index */
    CHECK(a[0] != b[0]);
  }
  double z1[2], z2[2];
  SemecRngNormal2(&k, 7, z1);
  SemecRngNormal2(&k, 7, z2);
  CHECK(z1[0] == z2[0] && z1[1] == z2[1]);
  CHECK(SemecRngPoisson(&k, 9, 7.5) == SemecRngPoisson(&k, 9, 7.5));
}

/* Box-Muller pairs: mean 0, variance 1, uncorrelated.  2N = 4e5 values:
 * sd(mean) = 1/sqrt(4e5) = 1.6e-3, tolerance 0.01 (6 sd); sd(var) = sqrt(2/4e5)
 * = 2.2e-3, tolerance 0.015; sd(corr) = 1/sqrt(N) = 2.2e-3, tolerance 0.013. */
static void TestNormals(void)
{
  SemecRngKey k = {3, SEMEC_STREAM_SHADOWING, 0, 0, 0};
  double      s = 0, s2 = 0, sxy = 0, z[2];
  for (uint64_t i = 0; i < N; i++) {
    SemecRngNormal2(&k, i, z);
    s += z[0] + z[1];
    s2 += z[0] * z[0] + z[1] * z[1];
    sxy += z[0] * z[1];
  }
  double mean = s / (2.0 * N), var = s2 / (2.0 * N) - mean * mean;
  CHECK_CLOSE(mean, 0.0, 0.01);
  CHECK_CLOSE(var, 1.0, 0.015);
  CHECK_CLOSE(sxy / N, 0.0, 0.013);
}

/* Poisson(mean): E = var = mean.  N = 2e5 draws.
 *   sd(sample mean) = sqrt(m/N); sd(sample var) = sqrt((m + 2 m^2)/N)
 *   (fourth central moment m(1 + 3m)).
 *   m = 0.5: sd(mean) = 1.6e-3 (0.32 %), tolerance 2 %; sd(var) = 2.2e-3 (0.45 %), tolerance 3 %.
 *   m = 7.5: sd(mean) = 6.1e-3 (0.08 %), tolerance 0.5 %; sd(var) = 0.0245 (0.33 %), tolerance 2 %.
 *   m = 100: sd(mean) = 0.0224 (0.022 %), tolerance 0.15 %; sd(var) = 0.317 (0.32 %), tolerance 2 %.
 * And P(X = 0) = e^-m: for m = 0.5, e^-0.5 = 0.60653066, sd = sqrt(0.607 * 0.393/N) = 1.1e-3,
 * tolerance 0.006 absolute (1 % relative, 5.5 sd). */
static void PoissonMoments(double m, uint64_t stream, double *mean, double *var, double *p0)
{
  SemecRngKey k = {17, stream, 1, 2, 3};
  double      s = 0, s2 = 0, n0 = 0;
  for (uint64_t i = 0; i < N; i++) {
    double x = (double)SemecRngPoisson(&k, i, m);
    s += x;
    s2 += x * x;
    n0 += x == 0.0;
  }
  *mean = s / N;
  *var  = s2 / N - *mean * *mean;
  *p0   = n0 / N;
}

static void TestPoisson(void)
{
  double      mean, var, p0;
  SemecRngKey k = {1, SEMEC_STREAM_ARRIVALS, 0, 0, 0};

  PoissonMoments(0.5, SEMEC_STREAM_ARRIVALS, &mean, &var, &p0);
  CHECK_CLOSE(mean, 0.5, 0.02);
  CHECK_CLOSE(var, 0.5, 0.03);
  CHECK_CLOSE(p0, 0.6065306597126334, 0.01);
  PoissonMoments(7.5, SEMEC_STREAM_UECOUNT, &mean, &var, &p0);
  CHECK_CLOSE(mean, 7.5, 0.005);
  CHECK_CLOSE(var, 7.5, 0.02);
  PoissonMoments(100.0, SEMEC_STREAM_POLICY, &mean, &var, &p0);
  CHECK_CLOSE(mean, 100.0, 0.0015);
  CHECK_CLOSE(var, 100.0, 0.02);
  CHECK_EQ_INT(p0 == 0.0, 1); /* P(X = 0) = e^-100 = 3.7e-44 */

  /* Poisson(0) = 0 for every uniform */
  for (uint64_t i = 0; i < 1000; i++) CHECK_EQ_INT(SemecRngPoisson(&k, i, 0.0), 0);
  /* Inversion is monotone in u: the smallest count whose CDF reaches u.
   * For mean 1: F(0) = e^-1 = 0.3679, F(1) = 2e^-1 = 0.7358, F(2) = 2.5e^-1 = 0.9197.
   * Check each draw against its own uniform (same key and index). */
  for (uint64_t i = 0; i < 1000; i++) {
    double  u = SemecRngUniform(&k, i);
    int64_t want = u <= 0.36787944117144233 ? 0 : u <= 0.7357588823428847 ? 1 : u <= 0.9196986029286058 ? 2 : -1;
    if (want >= 0) CHECK_EQ_INT(SemecRngPoisson(&k, i, 1.0), want);
    else CHECK(SemecRngPoisson(&k, i, 1.0) >= 3);
  }
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  TestKnownAnswers();
  TestToUniformBounds();
  TestUniforms();
  TestReproducible();
  TestNormals();
  TestPoisson();
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
