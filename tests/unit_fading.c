/* The engine's fading path (SemecFadingBlock and the cache SemecFadingCached
 * the radio reads through, src/engine/channel.c and channel.h) against the
 * reference draw SemecFadingDraw: every subcarrier n of several links
 * (bs, ue) and slots, for every fading law (none, Rayleigh, Rician with two
 * K factors), must give the reference's value bit for bit.  Then the
 * statistics of the values the engine reads (through the cache): the mean of
 * |h|^2 is 1, Rician's variance is the one its K factor implies, and
 * neighbouring subcarriers (in one block of four and across blocks) and
 * neighbouring slots are uncorrelated. */
#include <semec/engine/channel.h>
#include <string.h>
#include "check.h"

static void BaseConfig(SemecConfig *cfg)
{
  memset(cfg, 0, sizeof(*cfg));
  cfg->seed        = 11;
  cfg->fading      = SEMEC_FADING_NONE;
  cfg->rician_k_db = 3.0;
}

/* Links and slots checked: BS 0..2 x UE {0, 5, 123456789} x slot {0, 1, 77}. */
static const PetscInt   Bs[]   = {0, 1, 2};
static const PetscInt64 Ue[]   = {0, 5, 123456789};
static const PetscInt   Slot[] = {0, 1, 77};
#define NB 3
#define NS 3
/* 37 subcarriers: nine full blocks of four and one partial block (n = 36) */
#define NSUB 37

/* For one fading law: SemecFadingBlock and SemecFadingCached equal
 * SemecFadingDraw for every (bs, ue, slot, n).  The cache is read in three
 * orders: subcarriers in order for one link (the radio's loop), subcarriers
 * in reverse, and links interleaved per subcarrier, so that a block is
 * recomputed whenever the BS, UE, slot or block changes and reused only when
 * all four are the same. */
static void CheckEnginePath(SemecConfig *cfg, SemecFading kind, double k_db)
{
  cfg->fading      = kind;
  cfg->rician_k_db = k_db;
  for (int b = 0; b < NB; b++)
    for (int u = 0; u < NB; u++)
      for (int s = 0; s < NS; s++) {
        SemecFadingCache fwd = SEMEC_FADING_CACHE_INIT, rev = SEMEC_FADING_CACHE_INIT;
        for (PetscInt blk = 0; blk <= (NSUB - 1) / 4; blk++) {
          double out[4];
          SemecFadingBlock(cfg, Bs[b], Ue[u], Slot[s], blk, out);
          for (int i = 0; i < 4; i++) CHECK(out[i] == SemecFadingDraw(cfg, kind, k_db, Bs[b], Ue[u], Slot[s], 4 * blk + i));
        }
        for (PetscInt n = 0; n < NSUB; n++) {
          double ref = SemecFadingDraw(cfg, kind, k_db, Bs[b], Ue[u], Slot[s], n);
          CHECK(SemecFadingCached(&fwd, cfg, Bs[b], Ue[u], Slot[s], n) == ref);
          CHECK(SemecFadingPower(cfg, Bs[b], Ue[u], Slot[s], n) == ref);
        }
        for (PetscInt n = NSUB - 1; n >= 0; n--) CHECK(SemecFadingCached(&rev, cfg, Bs[b], Ue[u], Slot[s], n) == SemecFadingDraw(cfg, kind, k_db, Bs[b], Ue[u], Slot[s], n));
      }
  /* one cache shared by all links, which change at every read */
  SemecFadingCache c = SEMEC_FADING_CACHE_INIT;
  for (PetscInt n = 0; n < NSUB; n++)
    for (int s = 0; s < NS; s++)
      for (int b = 0; b < NB; b++)
        for (int u = 0; u < NB; u++) CHECK(SemecFadingCached(&c, cfg, Bs[b], Ue[u], Slot[s], n) == SemecFadingDraw(cfg, kind, k_db, Bs[b], Ue[u], Slot[s], n));
}

static void TestEngineEqualsReference(void)
{
  SemecConfig cfg;
  BaseConfig(&cfg);
  CheckEnginePath(&cfg, SEMEC_FADING_NONE, 0.0);
  CheckEnginePath(&cfg, SEMEC_FADING_RAYLEIGH, 0.0);
  CheckEnginePath(&cfg, SEMEC_FADING_RICIAN, 3.0);
  CheckEnginePath(&cfg, SEMEC_FADING_RICIAN, 10.0);
  /* none is |h|^2 = 1 exactly on the engine path too */
  SemecFadingCache c = SEMEC_FADING_CACHE_INIT;
  cfg.fading         = SEMEC_FADING_NONE;
  for (PetscInt n = 0; n < NSUB; n++) CHECK(SemecFadingCached(&c, &cfg, 1, 5, 1, n) == 1.0);
  /* the reference distinguishes the links, slots and subcarriers, so the
   * equalities above could not hold with a wrong BS, UE, slot or block */
  double h = SemecFadingDraw(&cfg, SEMEC_FADING_RICIAN, 3.0, 1, 5, 1, 6);
  CHECK(h != SemecFadingDraw(&cfg, SEMEC_FADING_RICIAN, 3.0, 2, 5, 1, 6));
  CHECK(h != SemecFadingDraw(&cfg, SEMEC_FADING_RICIAN, 3.0, 1, 0, 1, 6));
  CHECK(h != SemecFadingDraw(&cfg, SEMEC_FADING_RICIAN, 3.0, 1, 5, 0, 6));
  CHECK(h != SemecFadingDraw(&cfg, SEMEC_FADING_RICIAN, 3.0, 1, 5, 1, 2));
  CHECK(h != SemecFadingDraw(&cfg, SEMEC_FADING_RICIAN, 3.0, 1, 5, 1, 10));
  h = SemecFadingDraw(&cfg, SEMEC_FADING_RAYLEIGH, 0.0, 1, 5, 1, 6);
  CHECK(h != SemecFadingDraw(&cfg, SEMEC_FADING_RAYLEIGH, 0.0, 1, 5, 1, 2));
  CHECK(h != SemecFadingDraw(&cfg, SEMEC_FADING_RAYLEIGH, 0.0, 2, 5, 1, 6));
}

/* Statistics over T slots x N subcarriers of link (2, 9) read through the
 * cache in the radio's order (subcarriers in order within a slot):
 * M = T N = 128 x 1024 = 131072 draws.  Lag-one correlations with their
 * neighbour subcarrier (n, n+1: within a block for n mod 4 < 3, across
 * blocks for n mod 4 = 3) and neighbour slot (t, t+1). */
#define T 128
#define N 1024
typedef struct { double mean, var, corr_in, corr_across, corr_slot; } Stats;

static double Corr(double sxy, double m, double mean, double var) { return (sxy / m - mean * mean) / var; }

static void Moments(const SemecConfig *cfg, Stats *st)
{
  static double x[T][N];
  double        s = 0, s2 = 0, sin = 0, sacr = 0, sslot = 0, nin = 0, nacr = 0, M = (double)T * N;
  for (PetscInt t = 0; t < T; t++) {
    SemecFadingCache c = SEMEC_FADING_CACHE_INIT;
    for (PetscInt n = 0; n < N; n++) x[t][n] = SemecFadingCached(&c, cfg, 2, 9, t, n);
  }
  for (PetscInt t = 0; t < T; t++)
    for (PetscInt n = 0; n < N; n++) {
      s += x[t][n];
      s2 += x[t][n] * x[t][n];
      if (n + 1 < N) {
        if (n % 4 < 3) { sin += x[t][n] * x[t][n + 1]; nin++; }
        else { sacr += x[t][n] * x[t][n + 1]; nacr++; }
      }
      if (t + 1 < T) sslot += x[t][n] * x[t + 1][n];
    }
  st->mean        = s / M;
  st->var         = s2 / M - st->mean * st->mean;
  st->corr_in     = Corr(sin, nin, st->mean, st->var);
  st->corr_across = Corr(sacr, nacr, st->mean, st->var);
  st->corr_slot   = Corr(sslot, (double)(T - 1) * N, st->mean, st->var);
}

/* Tolerances: with M = 131072 draws of variance v, sd(mean) = sqrt(v/M)
 * (Rayleigh v = 1: 0.0028); the tolerance on the mean is 0.015 (> 5 sd for
 * every law here).  The variance estimate's sd is sqrt((mu4 - v^2)/M): for
 * Exp(1) mu4 = 9, sd = sqrt(8/M) = 0.0078, tolerance 5 % (6 sd); for the
 * Rician laws it is smaller relative to v (below 1.2 %), tolerance 5 %.  An
 * empirical correlation of independent values has sd 1/sqrt(pairs): within
 * a block 3/4 M pairs (sd 0.0032), across blocks M/4 (sd 0.0055), across
 * slots 127/128 M (0.0028); tolerance 0.03 (> 5 sd).  A block filled with one
 * value (correlation 1) or a slot reusing the previous slot's draws fails. */
static void CheckIndependent(const Stats *st)
{
  CHECK(fabs(st->corr_in) < 0.03);
  CHECK(fabs(st->corr_across) < 0.03);
  CHECK(fabs(st->corr_slot) < 0.03);
}

static void TestStatistics(void)
{
  SemecConfig cfg;
  Stats       st;
  BaseConfig(&cfg);

  /* Rayleigh: h ~ CN(0, 1), |h|^2 ~ Exp(1): mean 1, variance 1 */
  cfg.fading = SEMEC_FADING_RAYLEIGH;
  Moments(&cfg, &st);
  CHECK_CLOSE(st.mean, 1.0, 0.015);
  CHECK_CLOSE(st.var, 1.0, 0.05);
  CheckIndependent(&st);

  /* Rician with K (linear) = 10^(K_dB/10): h = sqrt(K/(K+1)) + w with
   * w ~ CN(0, 1/(K+1)), so |h|^2 is a noncentral chi-square with LOS power
   * s^2 = K/(K+1) and scattered power sigma^2 = 1/(K+1):
   *   E|h|^2   = s^2 + sigma^2 = 1,
   *   Var|h|^2 = sigma^4 + 2 s^2 sigma^2 = (1 + 2K)/(1 + K)^2.
   * K = 3 dB: K = 10^0.3 = 1.9952623149688795,
   *   Var = 4.9905246299377595 / 8.971596335472732 = 0.5562582670160671.
   * K = 10 dB: K = 10, Var = 21/121 = 0.17355371900826447.
   * K = 0 dB: K = 1, Var = 3/4 (neither Rayleigh's 1 nor K = 3 dB's). */
  cfg.fading      = SEMEC_FADING_RICIAN;
  cfg.rician_k_db = 3.0;
  Moments(&cfg, &st);
  CHECK_CLOSE(st.mean, 1.0, 0.015);
  CHECK_CLOSE(st.var, 0.5562582670160671, 0.05);
  CheckIndependent(&st);
  cfg.rician_k_db = 10.0;
  Moments(&cfg, &st);
  CHECK_CLOSE(st.mean, 1.0, 0.015);
  CHECK_CLOSE(st.var, 21.0 / 121.0, 0.05);
  CheckIndependent(&st);
  cfg.rician_k_db = 0.0;
  Moments(&cfg, &st);
  CHECK_CLOSE(st.mean, 1.0, 0.015);
  CHECK_CLOSE(st.var, 0.75, 0.05);
  CheckIndependent(&st);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  TestEngineEqualsReference();
  TestStatistics();
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
