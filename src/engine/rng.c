/* Counter-based streams: Philox4x64-10 with key (seed, stream) and counter
 * (cell, ue, slot, idx).  Stateless, so a draw is reproducible anywhere. */
#include <semec/engine/rng.h>
#include <petscsys.h>
#include <Random123/philox.h>
#include <math.h>

void SemecRngRaw(const SemecRngKey *k, uint64_t idx, uint64_t out[4])
{
  philox4x64_key_t key = {{k->seed, k->stream}};
  philox4x64_ctr_t ctr = {{k->cell, k->ue, k->slot, idx}};
  philox4x64_ctr_t r   = philox4x64(ctr, key);
  for (int i = 0; i < 4; i++) out[i] = r.v[i];
}

double SemecRngToUniform(uint64_t x)
{
  /* 52 random bits, centred in their interval: (k + 1/2) 2^-52 is exact in
   * a double for every k < 2^52, so the result is never 0 and never 1 */
  return ((double)(x >> 12) + 0.5) * 0x1.0p-52;
}

void SemecRngUniform4(const SemecRngKey *k, uint64_t idx, double u[4])
{
  uint64_t r[4];
  SemecRngRaw(k, idx, r);
  for (int i = 0; i < 4; i++) u[i] = SemecRngToUniform(r[i]);
}

double SemecRngUniform(const SemecRngKey *k, uint64_t idx)
{
  uint64_t r[4];
  SemecRngRaw(k, idx, r);
  return SemecRngToUniform(r[0]);
}

void SemecRngNormal2(const SemecRngKey *k, uint64_t idx, double z[2])
{
  uint64_t r[4];
  SemecRngRaw(k, idx, r);
  double rad = sqrt(-2.0 * log(SemecRngToUniform(r[0])));
  double ang = 2.0 * PETSC_PI * SemecRngToUniform(r[1]);
  z[0]       = rad * cos(ang);
  z[1]       = rad * sin(ang);
}

int64_t SemecRngPoisson(const SemecRngKey *k, uint64_t idx, double mean)
{
  /* Inversion of the CDF with one uniform: exact, and one draw per call so
   * that the count never shifts the counters of other draws. */
  double  u   = SemecRngUniform(k, idx);
  double  pmf = exp(-mean), cdf = pmf;
  int64_t n   = 0;
  if (mean <= 0.0) return 0;
  while (u > cdf && n < 100000) {
    n++;
    pmf *= mean / (double)n;
    cdf += pmf;
    if (pmf < 1e-300 && (double)n > mean) break; /* u in the lost tail (< 1e-16) */
  }
  return n;
}
