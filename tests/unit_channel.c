/* Unit tests of the channel (src/engine/channel.c) and radio (src/engine/radio.c):
 * path-loss models, distance floor, noise power, Shannon rate, fading and
 * shadowing statistics, determinism of the counter-based draws.
 * Expected values are computed by hand in the comments. */
#include <semec/engine/channel.h>
#include <semec/engine/radio.h>
#include <string.h>
#include "check.h"

/* A configuration with paper 003 Table III radio values. */
static void BaseConfig(SemecConfig *cfg)
{
  memset(cfg, 0, sizeof(*cfg));
  cfg->seed           = 7;
  cfg->pathloss       = SEMEC_PL_P003;
  cfg->carrier_mhz    = 2400.0; /* F^q = 2.4 GHz, Table III */
  cfg->pl_exponent    = 3.5;
  cfg->pl_ref_db      = 30.0;
  cfg->min_distance_m = 1.0;
  cfg->shadow_db      = 0.0;
  cfg->fading         = SEMEC_FADING_NONE;
  cfg->rician_k_db    = 3.0;
  cfg->noise_dbm_hz   = -174.0; /* N0, Table III */
  cfg->subcarrier_hz  = 1e6;    /* B = 32 MHz / 32 subcarriers, Table III */
  cfg->tx_power_w     = 0.1;
}

/* paper 003 eq. (27): L = 42.6 + 26 lg(d[km]) + 20 lg(F[MHz]).
 * 20 lg 2400 = 20 (3 + lg 2.4) = 20 (3.380211241711606) = 67.60422483423212 */
static void TestPathLossP003(void)
{
  SemecConfig cfg;
  BaseConfig(&cfg);
  /* d = 1000 m = 1 km: 42.6 + 0 + 67.60422483423212 = 110.20422483423212 */
  CHECK_CLOSE(SemecPathLossDb(&cfg, 1000.0), 110.20422483423212, 1e-12);
  /* d = 100 m = 0.1 km: 42.6 - 26 + 67.60422483 = 84.20422483423212 */
  CHECK_CLOSE(SemecPathLossDb(&cfg, 100.0), 84.20422483423212, 1e-12);
  /* d = 500 m: 26 lg 0.5 = -7.826779887263 -> 110.204224834 - 7.826779887 = 102.37744494696861 */
  CHECK_CLOSE(SemecPathLossDb(&cfg, 500.0), 102.37744494696861, 1e-12);
  /* F = 900 MHz, d = 1 km: 42.6 + 20 lg 900 = 42.6 + 59.08485018878650 = 101.6848501887865 */
  cfg.carrier_mhz = 900.0;
  CHECK_CLOSE(SemecPathLossDb(&cfg, 1000.0), 101.6848501887865, 1e-12);
}

/* paper 004 Sec. VI: L = 30.6 + 37.6 log10 d[m] */
static void TestPathLossP004(void)
{
  SemecConfig cfg;
  BaseConfig(&cfg);
  cfg.pathloss = SEMEC_PL_P004;
  CHECK_CLOSE(SemecPathLossDb(&cfg, 10.0), 68.2, 1e-12);   /* 30.6 + 37.6 * 1 */
  CHECK_CLOSE(SemecPathLossDb(&cfg, 100.0), 105.8, 1e-12); /* 30.6 + 37.6 * 2 */
  /* 200 m (the cell radius of paper 004): 37.6 * 2.301029995664 = 86.518727837 -> 117.11872783696569 */
  CHECK_CLOSE(SemecPathLossDb(&cfg, 200.0), 117.11872783696569, 1e-12);
}

/* exponent model L = L0 + 10 alpha lg d[m] (gain d^-alpha, paper 002 Sec. II) */
static void TestPathLossExponent(void)
{
  SemecConfig cfg;
  BaseConfig(&cfg);
  cfg.pathloss    = SEMEC_PL_EXPONENT;
  cfg.pl_ref_db   = 30.0;
  cfg.pl_exponent = 3.5;
  CHECK_CLOSE(SemecPathLossDb(&cfg, 100.0), 100.0, 1e-12); /* 30 + 35 * 2 */
  CHECK_CLOSE(SemecPathLossDb(&cfg, 10.0), 65.0, 1e-12);   /* 30 + 35 * 1 */
  CHECK_CLOSE(SemecPathLossDb(&cfg, 1.0), 30.0, 1e-12);    /* L0 at the 1 m reference */
  cfg.pl_ref_db   = 40.0;
  cfg.pl_exponent = 2.0;
  CHECK_CLOSE(SemecPathLossDb(&cfg, 1000.0), 100.0, 1e-12); /* 40 + 20 * 3 */
}

/* the path loss is evaluated at max(d, min_distance) */
static void TestMinDistance(void)
{
  SemecConfig cfg;
  BaseConfig(&cfg);
  cfg.pathloss       = SEMEC_PL_P004;
  cfg.min_distance_m = 10.0;
  CHECK_CLOSE(SemecPathLossDb(&cfg, 0.0), 68.2, 1e-12);   /* floored to 10 m */
  CHECK_CLOSE(SemecPathLossDb(&cfg, 1.0), 68.2, 1e-12);   /* floored to 10 m */
  CHECK_CLOSE(SemecPathLossDb(&cfg, 10.0), 68.2, 1e-12);  /* at the floor */
  CHECK_CLOSE(SemecPathLossDb(&cfg, 100.0), 105.8, 1e-12);/* above the floor: unchanged */
  cfg.pathloss       = SEMEC_PL_P003;
  cfg.min_distance_m = 100.0;
  CHECK_CLOSE(SemecPathLossDb(&cfg, 5.0), 84.20422483423212, 1e-12); /* p003 at 100 m */
}

/* large-scale gain = 10^(-(L + S)/10) */
static void TestLargeScaleGain(void)
{
  SemecConfig cfg;
  BaseConfig(&cfg);
  cfg.pathloss = SEMEC_PL_P004;
  /* no shadowing: 10^(-105.8/10) = 10^-10.58 = 10^-11 * 10^0.42 = 2.630267991895382e-11 */
  CHECK_CLOSE(SemecLargeScaleGain(&cfg, 0, 0, 100.0), 2.630267991895382e-11, 1e-12);
  /* with shadowing S (dB) of the link: the gain is 10^(-(105.8 + S)/10) */
  cfg.shadow_db = 8.0;
  double S = SemecShadowingDb(&cfg, 2, 5);
  CHECK(S != 0.0);
  CHECK_CLOSE(SemecLargeScaleGain(&cfg, 2, 5, 100.0), pow(10.0, -(105.8 + S) / 10.0), 1e-12);
}

/* noise B N0: -174 dBm/Hz = 10^-17.4 mW/Hz = 10^-20.4 W/Hz; x 1e6 Hz = 10^-14.4 W = 3.9810717055349695e-15 W */
static void TestNoise(void)
{
  SemecConfig cfg;
  BaseConfig(&cfg);
  CHECK_CLOSE(SemecNoisePower(&cfg), 3.9810717055349695e-15, 1e-12);
  cfg.subcarrier_hz = 1.0; /* N0 alone: 10^-20.4 W = 3.981071705534986e-21 W */
  CHECK_CLOSE(SemecNoisePower(&cfg), 3.981071705534986e-21, 1e-12);
  cfg.noise_dbm_hz  = -144.0; /* 10^-14.4 mW = 10^-17.4 W per Hz, x 1e6 Hz = 10^-11.4 W */
  cfg.subcarrier_hz = 1e6;
  CHECK_CLOSE(SemecNoisePower(&cfg), 3.9810717055349695e-12, 1e-12);
}

/* paper 003 eq. (2), one subcarrier: B log2(1 + SINR); eq. (1): P g / (I + B N0) */
static void TestShannon(void)
{
  CHECK_CLOSE(SemecShannonRate(1e6, 3.0), 2e6, 1e-14);  /* log2 4 = 2 */
  CHECK_CLOSE(SemecShannonRate(1e6, 15.0), 4e6, 1e-14); /* log2 16 = 4 */
  CHECK_CLOSE(SemecShannonRate(2e6, 1.0), 2e6, 1e-14);  /* 2 MHz * log2 2 */
  CHECK_CLOSE(SemecShannonRate(1e6, 0.0), 0.0, 1e-14);
  /* 0.1 W * 1e-9 / (5e-11 + 5e-11) = 1e-10 / 1e-10 = 1 */
  CHECK_CLOSE(SemecSinr(0.1, 1e-9, 5e-11, 5e-11), 1.0, 1e-14);
  /* no interference: 0.1 * 1e-12 / 1e-14 = 10 */
  CHECK_CLOSE(SemecSinr(0.1, 1e-12, 0.0, 1e-14), 10.0, 1e-14);
}

#define NSLOT 200
#define NSUB  1000
/* Mean, second moment and tail P(X > 1) of |h|^2 over NSLOT x NSUB = 200000 draws. */
static void FadingMoments(const SemecConfig *cfg, double *mean, double *var, double *m2, double *tail)
{
  double s = 0, s2 = 0, nt = 0, N = (double)NSLOT * NSUB;
  for (PetscInt t = 0; t < NSLOT; t++)
    for (PetscInt n = 0; n < NSUB; n++) {
      double x = SemecFadingPower(cfg, 3, 17, t, n);
      s += x;
      s2 += x * x;
      nt += x > 1.0;
    }
  *mean = s / N;
  *m2   = s2 / N;
  *var  = *m2 - *mean * *mean;
  *tail = nt / N;
}

static void TestFadingStatistics(void)
{
  SemecConfig cfg;
  double      mean, var, m2, tail;
  BaseConfig(&cfg);

  /* none: |h|^2 = 1 exactly */
  CHECK_EQ_INT(SemecFadingPower(&cfg, 0, 0, 0, 0) == 1.0, 1);

  /* Rayleigh: |h|^2 ~ Exp(1): mean 1, E[X^2] = 2, var 1, P(X > 1) = e^-1 = 0.36787944.
   * N = 2e5 draws: sd(mean) = 1/sqrt(N) = 0.00224, tolerance 0.012 (>5 sd);
   * sd(E[X^2] estimate) = sqrt((24 - 4)/N) = 0.01, tolerance 0.05 on 2 (5 sd);
   * sd(tail) = sqrt(0.368 * 0.632 / N) = 0.00108, tolerance 0.006 (>5 sd). */
  cfg.fading = SEMEC_FADING_RAYLEIGH;
  FadingMoments(&cfg, &mean, &var, &m2, &tail);
  CHECK_CLOSE(mean, 1.0, 0.012);
  CHECK_CLOSE(m2, 2.0, 0.025);
  CHECK_CLOSE(var, 1.0, 0.05);
  CHECK_CLOSE(tail, 0.36787944117144233, 0.006 / 0.368);

  /* Rician, K = 3 dB = 10^0.3 = 1.99526: mean 1 (LOS power K/(K+1) + scattered 1/(K+1)),
   * var = (1 + 2K)/(1 + K)^2 = 4.990525/8.971596 = 0.556258.
   * sd(mean) = sqrt(0.556/N) = 0.00167, tolerance 0.01 (6 sd); var within 5 %
   * (sd of the estimate < sqrt(8 * 0.556^2 / N) = 0.0035, i.e. 0.6 %); a K read as
   * linear 3 would give var 7/16 = 0.4375 and Rayleigh would give 1: both fail. */
  cfg.fading      = SEMEC_FADING_RICIAN;
  cfg.rician_k_db = 3.0;
  FadingMoments(&cfg, &mean, &var, &m2, &tail);
  CHECK_CLOSE(mean, 1.0, 0.01);
  CHECK_CLOSE(var, 0.5562582670160671, 0.05);
  /* K = 10 dB = 10: var = 21/121 = 0.173554 */
  cfg.rician_k_db = 10.0;
  FadingMoments(&cfg, &mean, &var, &m2, &tail);
  CHECK_CLOSE(mean, 1.0, 0.01);
  CHECK_CLOSE(var, 21.0 / 121.0, 0.05);
}

/* Shadowing N(0, sigma^2) dB per link with sigma = 8 dB (paper 003: N(0,8)).
 * N = 1e5 links: sd(mean) = 8/sqrt(N) = 0.0253, tolerance 0.15 dB (6 sd);
 * sd(std estimate) = 8/sqrt(2N) = 0.0179, tolerance 1 % = 0.08 dB (4.5 sd). */
static void TestShadowingStatistics(void)
{
  SemecConfig cfg;
  const int   N = 100000;
  double      s = 0, s2 = 0;
  BaseConfig(&cfg);
  CHECK_EQ_INT(SemecShadowingDb(&cfg, 0, 0) == 0.0, 1); /* sigma 0: no shadowing */
  cfg.shadow_db = 8.0;
  for (int u = 0; u < N; u++) {
    double x = SemecShadowingDb(&cfg, 1, u);
    s += x;
    s2 += x * x;
  }
  double mean = s / N, sd = sqrt(s2 / N - mean * mean);
  CHECK_CLOSE(mean, 0.0, 0.15);
  CHECK_CLOSE(sd, 8.0, 0.01);
}

/* Draws are pure functions of their key: same key -> same value; changing the
 * slot, subcarrier, BS, UE or seed changes it. */
static void TestDeterminism(void)
{
  SemecConfig cfg;
  BaseConfig(&cfg);
  cfg.fading    = SEMEC_FADING_RAYLEIGH;
  cfg.shadow_db = 8.0;
  double h = SemecFadingPower(&cfg, 3, 17, 5, 2);
  CHECK(h == SemecFadingPower(&cfg, 3, 17, 5, 2));
  CHECK(h != SemecFadingPower(&cfg, 3, 17, 6, 2)); /* next slot */
  CHECK(h != SemecFadingPower(&cfg, 3, 17, 5, 3)); /* next subcarrier */
  CHECK(h != SemecFadingPower(&cfg, 4, 17, 5, 2)); /* other BS */
  CHECK(h != SemecFadingPower(&cfg, 3, 18, 5, 2)); /* other UE */
  cfg.fading = SEMEC_FADING_RICIAN;
  double r = SemecFadingPower(&cfg, 3, 17, 5, 2);
  CHECK(r == SemecFadingPower(&cfg, 3, 17, 5, 2));
  CHECK(r != SemecFadingPower(&cfg, 3, 17, 6, 2));
  double S = SemecShadowingDb(&cfg, 3, 17);
  CHECK(S == SemecShadowingDb(&cfg, 3, 17)); /* constant over the run */
  CHECK(S != SemecShadowingDb(&cfg, 4, 17)); /* per link */
  cfg.seed = 8;
  CHECK(S != SemecShadowingDb(&cfg, 3, 17));
  cfg.fading = SEMEC_FADING_RAYLEIGH;
  CHECK(h != SemecFadingPower(&cfg, 3, 17, 5, 2)); /* other seed */
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  TestPathLossP003();
  TestPathLossP004();
  TestPathLossExponent();
  TestMinDistance();
  TestLargeScaleGain();
  TestNoise();
  TestShannon();
  TestFadingStatistics();
  TestShadowingStatistics();
  TestDeterminism();
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
