/* Paper 003's per-cell model and subcarrier matching (Algorithm 2):
 * delay (3)+(7), cost (10a) and reward (8) against hand-computed values;
 * the swap matching ends with no swap-blocking pair (21)-(22) and no useful
 * hole, checked exhaustively by an implementation of the rule written here
 * independently, on random instances; the matching never raises the cell's
 * weighted delay. */
#include <semec/p003/model.h>
#include <semec/engine/rng.h>
#include "check.h"

static void HandValues(void)
{
  SemecP003Cell pc = {0};
  PetscCallAbort(PETSC_COMM_SELF, SemecP003CellResize(&pc, 1, 2));
  pc.bandwidth_hz = 1e6; pc.tx_power_w = 0.1; pc.noise_w = 1e-11;
  pc.interference[0] = 0.0; pc.interference[1] = 1e-11;
  pc.gain[0] = 1e-9; pc.gain[1] = 1e-9;
  pc.bits_raw[0] = 1e6; pc.bits_sem[0] = 2.5e5; pc.mec_raw[0] = 1e9; pc.mec_sem[0] = 1.2e9;
  pc.local_sem[0] = 1e8; pc.f_local[0] = 1e9; pc.priority[0] = 2.0; pc.deadline[0] = 1.0;
  pc.f[0] = 1e10; pc.semantic[0] = 0;
  pc.owner[0] = 0; pc.owner[1] = -1;
  /* SINR on n = 0: 0.1 x 1e-9 / (0 + 1e-11) = 10; rate 1e6 log2(11) = 3459431.6 bit/s */
  CHECK_CLOSE(SemecP003SubRate(&pc, 0, 0), 3459431.618637297, 1e-12);
  /* on n = 1 the interference doubles the denominator: SINR 5, rate 1e6 log2 6 = 2584962.5 */
  CHECK_CLOSE(SemecP003SubRate(&pc, 0, 1), 2584962.500721156, 1e-12);
  CHECK_CLOSE(SemecP003Rate(&pc, 0), 3459431.618637297, 1e-12);
  /* e = 0: t = 1e6 / 3459431.6 + 1e9 / 1e10 = 0.289064826 + 0.1 = 0.389064826 s */
  CHECK_CLOSE(SemecP003Delay(&pc, 0, SemecP003Rate(&pc, 0)), 0.3890648263178, 1e-10);
  /* cost ln(2 x 0.389064826) = ln 0.778129653 = -0.250894; reward (8) with C1 = 3, C2 = 10: 10 - 3 x cost */
  CHECK_CLOSE(SemecP003Cost(&pc, 0, SemecP003Rate(&pc, 0)), log(0.7781296526356), 1e-10);
  CHECK_CLOSE(SemecP003Reward(&pc, 0, 3.0, 10.0), 10.0 - 3.0 * log(0.7781296526356), 1e-10);
  /* e = 1: 2.5e5 / 3459431.6 + 1.2e9 / 1e10 + 1e8 / 1e9 = 0.0722662 + 0.12 + 0.1 = 0.2922662 s */
  pc.semantic[0] = 1;
  CHECK_CLOSE(SemecP003Delay(&pc, 0, SemecP003Rate(&pc, 0)), 0.2922662065794, 1e-10);
  /* both subcarriers: rate 3459431.6 + 2584962.5 = 6044394.1 */
  pc.owner[1] = 0;
  CHECK_CLOSE(SemecP003Rate(&pc, 0), 6044394.119358453, 1e-12);
  /* no subcarrier: infinite delay, infinite cost */
  pc.owner[0] = pc.owner[1] = -1;
  CHECK(isinf(SemecP003Cost(&pc, 0, SemecP003Rate(&pc, 0))));
  PetscCallAbort(PETSC_COMM_SELF, SemecP003CellDestroy(&pc));
}

/* The blocking rule (21)-(22) written out again, from the model's costs. */
static int IndependentBlockingPairs(const SemecP003Cell *pc)
{
  int    found = 0;
  double tol   = 1e-12;
  for (PetscInt n = 0; n < pc->nsub; n++)
    for (PetscInt m = 0; m < pc->nsub; m++) {
      PetscInt u = pc->owner[n], v = pc->owner[m];
      if (n == m || u < 0 || u == v) continue;
      double ru = SemecP003Rate(pc, u);
      if (v < 0) { /* hole */
        double after = SemecP003Cost(pc, u, ru + SemecP003SubRate(pc, u, m)), before = SemecP003Cost(pc, u, ru);
        if (after < before - tol * fabs(before)) found++;
        continue;
      }
      double rv = SemecP003Rate(pc, v);
      double b[4] = {SemecP003Cost(pc, u, ru), SemecP003Cost(pc, v, rv), -SemecP003SubRate(pc, u, n), -SemecP003SubRate(pc, v, m)};
      double a[4] = {SemecP003Cost(pc, u, ru - SemecP003SubRate(pc, u, n) + SemecP003SubRate(pc, u, m)),
                     SemecP003Cost(pc, v, rv - SemecP003SubRate(pc, v, m) + SemecP003SubRate(pc, v, n)), -SemecP003SubRate(pc, v, n),
                     -SemecP003SubRate(pc, u, m)};
      int worse = 0, better = 0;
      for (int j = 0; j < 4; j++) {
        if (a[j] > b[j] + tol * fabs(b[j])) worse = 1;
        if (a[j] < b[j] - tol * fabs(b[j])) better = 1;
      }
      if (!worse && better) found++;
    }
  /* terminals holding nothing and a hole */
  for (PetscInt u = 0; u < pc->nue; u++)
    for (PetscInt m = 0; m < pc->nsub; m++)
      if (pc->owner[m] < 0 && SemecP003SubRate(pc, u, m) > 0.0) found++;
  return found;
}

static void RandomMatchings(void)
{
  SemecP003Cell pc = {0};
  SemecRngKey   k  = {11, 99, 0, 0, 0};
  int           unstable_before = 0;
  for (uint64_t inst = 0; inst < 300; inst++) {
    double   u4[4];
    k.slot = inst;
    SemecRngUniform4(&k, 0, u4);
    PetscInt nue = 1 + (PetscInt)(8 * u4[0]), nsub = 1 + (PetscInt)(16 * u4[1]);
    PetscCallAbort(PETSC_COMM_SELF, SemecP003CellResize(&pc, nue, nsub));
    pc.bandwidth_hz = 1e6; pc.tx_power_w = 0.1; pc.noise_w = 4e-15;
    uint64_t idx = 1;
    for (PetscInt n = 0; n < nsub; n++) { pc.interference[n] = 1e-13 * SemecRngUniform(&k, idx++); pc.owner[n] = (PetscInt)(SemecRngUniform(&k, idx++) * (nue + 1)) - 1; }
    for (PetscInt u = 0; u < nue; u++) {
      for (PetscInt n = 0; n < nsub; n++) pc.gain[u * nsub + n] = 1e-12 * pow(10.0, 3.0 * SemecRngUniform(&k, idx++));
      pc.bits_raw[u] = 1e6 * (1 + 3 * SemecRngUniform(&k, idx++)); pc.bits_sem[u] = pc.bits_raw[u] / 3;
      pc.mec_raw[u] = 1e9; pc.mec_sem[u] = 1.5e9; pc.local_sem[u] = 2e8; pc.f_local[u] = 2e9;
      pc.priority[u] = 1 + (PetscInt)(3 * SemecRngUniform(&k, idx++)); pc.deadline[u] = 1.0;
      pc.semantic[u] = SemecRngUniform(&k, idx++) < 0.5; pc.f[u] = 1e10 * (0.5 + SemecRngUniform(&k, idx++));
    }
    unstable_before += IndependentBlockingPairs(&pc) > 0;
    double   costs_before[8];
    for (PetscInt u = 0; u < nue; u++) costs_before[u] = SemecP003Cost(&pc, u, SemecP003Rate(&pc, u));
    PetscInt  swaps;
    PetscBool stable;
    PetscCallAbort(PETSC_COMM_SELF, SemecP003MatchSubcarriers(&pc, 1000, &swaps, &stable));
    CHECK(stable);
    CHECK(SemecP003SubcarriersStable(&pc));
    CHECK_EQ_INT(IndependentBlockingPairs(&pc), 0);
    /* a terminal's cost may rise only if it had no rate before (infinite) */
    for (PetscInt u = 0; u < nue; u++) CHECK(SemecP003Cost(&pc, u, SemecP003Rate(&pc, u)) <= costs_before[u] + 1e-9 * fabs(costs_before[u]) || isinf(costs_before[u]));
    /* no hole survives: any terminal gains from a free subcarrier */
    for (PetscInt n = 0; n < nsub; n++) CHECK(pc.owner[n] >= 0);
  }
  CHECK(unstable_before > 100); /* the instances did need matching */
  PetscCallAbort(PETSC_COMM_SELF, SemecP003CellDestroy(&pc));
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  HandValues();
  RandomMatchings();
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
