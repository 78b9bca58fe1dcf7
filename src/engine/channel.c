/* Channel gains.  Path-loss models:
 *   p003:     L = 42.6 + 26 lg(d[km]) + 20 lg(F[MHz])       paper 003 eq. (27)
 *   p004:     L = 30.6 + 37.6 lg(d[m])                        paper 004 Sec. VI
 *   exponent: L = L0 + 10 alpha lg(d[m])  (gain d^-alpha, paper 002 Sec. II,
 *             the distance model papers 000/001 leave to their references)
 * Shadowing is N(0, sigma^2) in dB per link (paper 003: N(0,8); paper 004:
 * 10 dB), fixed for the run.  Fading |h|^2 per subcarrier per slot: Rayleigh
 * (exponential, mean 1) or Rician with K factor (mean 1). */
#include <semec/engine/channel.h>
#include <semec/engine/rng.h>
#include <math.h>

double SemecPathLossDb(const SemecConfig *cfg, double d_m)
{
  double d = d_m > cfg->min_distance_m ? d_m : cfg->min_distance_m;
  switch (cfg->pathloss) {
  case SEMEC_PL_P003: return 42.6 + 26.0 * log10(d / 1000.0) + 20.0 * log10(cfg->carrier_mhz);
  case SEMEC_PL_P004: return 30.6 + 37.6 * log10(d);
  case SEMEC_PL_EXPONENT: return cfg->pl_ref_db + 10.0 * cfg->pl_exponent * log10(d);
  }
  return NAN;
}

double SemecShadowingNormal(const SemecConfig *cfg, PetscInt bs, PetscInt64 ue)
{
  SemecRngKey k = {(uint64_t)cfg->seed, SEMEC_STREAM_SHADOWING, (uint64_t)bs, (uint64_t)ue, 0};
  double      z[2];
  SemecRngNormal2(&k, 0, z);
  return z[0];
}

double SemecShadowingDb(const SemecConfig *cfg, PetscInt bs, PetscInt64 ue)
{
  if (cfg->shadow_db == 0.0) return 0.0;
  return cfg->shadow_db * SemecShadowingNormal(cfg, bs, ue);
}

double SemecLargeScaleGain(const SemecConfig *cfg, PetscInt bs, PetscInt64 ue, double d_m)
{
  return SemecGainOfLossDb(SemecPathLossDb(cfg, d_m) + SemecShadowingDb(cfg, bs, ue));
}

double SemecFadingDraw(const SemecConfig *cfg, SemecFading kind, double rician_k_db, PetscInt bs, PetscInt64 ue, PetscInt slot, PetscInt n)
{
  SemecRngKey k = {(uint64_t)cfg->seed, SEMEC_STREAM_FADING, (uint64_t)bs, (uint64_t)ue, (uint64_t)slot};
  switch (kind) {
  case SEMEC_FADING_NONE: return 1.0;
  case SEMEC_FADING_RAYLEIGH: { /* |CN(0,1)|^2 ~ Exp(1); four subcarriers per Philox block */
    uint64_t r[4];
    SemecRngRaw(&k, (uint64_t)n / 4, r);
    return -log(SemecRngToUniform(r[n % 4]));
  }
  case SEMEC_FADING_RICIAN: {
    double K = pow(10.0, rician_k_db / 10.0), z[2];
    SemecRngNormal2(&k, (uint64_t)n, z);
    double re = sqrt(K / (K + 1.0)) + sqrt(1.0 / (2.0 * (K + 1.0))) * z[0];
    double im = sqrt(1.0 / (2.0 * (K + 1.0))) * z[1];
    return re * re + im * im;
  }
  }
  return NAN;
}

double SemecFadingPower(const SemecConfig *cfg, PetscInt bs, PetscInt64 ue, PetscInt slot, PetscInt n)
{
  return SemecFadingDraw(cfg, cfg->fading, cfg->rician_k_db, bs, ue, slot, n);
}

void SemecFadingBlock(const SemecConfig *cfg, PetscInt bs, PetscInt64 ue, PetscInt slot, PetscInt block, double out[4])
{
  if (cfg->fading == SEMEC_FADING_RAYLEIGH) {
    SemecRngKey k = {(uint64_t)cfg->seed, SEMEC_STREAM_FADING, (uint64_t)bs, (uint64_t)ue, (uint64_t)slot};
    uint64_t    r[4];
    SemecRngRaw(&k, (uint64_t)block, r);
    for (int i = 0; i < 4; i++) out[i] = -log(SemecRngToUniform(r[i]));
    return;
  }
  for (int i = 0; i < 4; i++) out[i] = SemecFadingPower(cfg, bs, ue, slot, 4 * block + i);
}

double SemecNoisePower(const SemecConfig *cfg)
{
  return pow(10.0, (cfg->noise_dbm_hz - 30.0) / 10.0) * cfg->subcarrier_hz;
}
