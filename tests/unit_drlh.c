/* Paper 000's DRLH action layer: the action space has C(I, chi^E) C(I,
 * chi^C) distinct feasible actions (1960 for Sec. V's I = 8, 4, 2);
 * exhaustive search equals the minimum of (22) over an independent
 * enumeration of all masks; the critic is the sum of the UEs' closed-form
 * solutions; the quantizer's first candidate is the paper's threshold rule,
 * its candidates are distinct, feasible and in decreasing likelihood, and
 * N_A >= |space| gives every action once. */
#include <semec/p000/drlh.h>
#include <semec/engine/rng.h>
#include "check.h"

static int Popcount(uint64_t x)
{
  int n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

static void Space(void)
{
  SemecDrlhSpace s;
  PetscCallAbort(PETSC_COMM_SELF, SemecDrlhSpaceCreate(8, 4, 2, &s));
  CHECK_EQ_INT(SemecDrlhSpaceSize(&s), 1960); /* 70 x 28, paper 000 Sec. V */
  for (PetscInt a = 0; a < SemecDrlhSpaceSize(&s); a++) {
    SemecDrlhAction x = SemecDrlhSpaceAction(&s, a);
    CHECK(Popcount(x.edge) == 4 && Popcount(x.cloud) == 2 && x.edge < 256 && x.cloud < 256);
    if (a) {
      SemecDrlhAction y = SemecDrlhSpaceAction(&s, a - 1);
      CHECK(x.edge != y.edge || x.cloud != y.cloud);
    }
  }
  PetscCallAbort(PETSC_COMM_SELF, SemecDrlhSpaceDestroy(&s));
}

static void RandomStates(uint64_t inst, PetscInt nue, PetscInt ce, PetscInt cc, SemecP000State *st)
{
  SemecRngKey k = {5, 77, inst, 0, 0};
  for (PetscInt i = 0; i < nue; i++) {
    double u[4], w[4];
    SemecRngUniform4(&k, 2 * (uint64_t)i, u);
    SemecRngUniform4(&k, 2 * (uint64_t)i + 1, w);
    st[i] = (SemecP000State){0};
    st[i].q_local    = floor(20.0 * u[0]);
    st[i].q_edge     = floor(5.0 * u[1]);
    st[i].z_local    = 3.0 * u[2];
    st[i].z_edge     = 0.0;
    st[i].arrivals   = floor(8.0 * u[3]);
    st[i].gain_edge  = 1e-10 * pow(10.0, 3.0 * w[0]);
    st[i].gain_cloud = 1e-13 * pow(10.0, 3.0 * w[1]);
    st[i].b_edge     = ce ? 1e6 / ce : 0.0;  /* BW^E = 1 MHz, Table II */
    st[i].b_cloud    = cc ? 5e4 / cc : 0.0;  /* BW^C = 50 kHz */
  }
}

static void Exhaustive(const SemecP000Params *par)
{
  const PetscInt nue = 5, ce = 2, cc = 1;
  SemecDrlhSpace s;
  SemecP000State st[5];
  PetscCallAbort(PETSC_COMM_SELF, SemecDrlhSpaceCreate(nue, ce, cc, &s));
  for (uint64_t inst = 0; inst < 40; inst++) {
    RandomStates(inst, nue, ce, cc, st);
    SemecDrlhAction best;
    double          J;
    PetscCallAbort(PETSC_COMM_SELF, SemecDrlhExhaustive(&s, par, st, &best, &J));
    /* independent enumeration: every pair of masks with the right sizes */
    double   Jmin = PETSC_INFINITY;
    PetscInt nfeas = 0;
    for (uint64_t e = 0; e < 32; e++)
      for (uint64_t c = 0; c < 32; c++) {
        if (Popcount(e) != ce || Popcount(c) != cc) continue;
        nfeas++;
        /* the critic is the sum of the UEs' closed-form solutions */
        double sum = 0.0;
        for (PetscInt i = 0; i < nue; i++) {
          SemecP000State    si = st[i];
          SemecP000Decision d;
          si.rho_edge  = (PetscBool)((e >> i) & 1);
          si.rho_cloud = (PetscBool)((c >> i) & 1);
          SemecP000Solve(par, &si, &d);
          sum += d.objective;
        }
        SemecDrlhAction act = {e, c};
        CHECK_CLOSE(SemecDrlhCritic(par, st, nue, act, NULL), sum, 1e-14);
        if (sum < Jmin) Jmin = sum;
      }
    CHECK_EQ_INT(nfeas, 10 * 5); /* C(5,2) C(5,1) */
    CHECK_CLOSE(J, Jmin, 1e-14);
    CHECK_CLOSE(SemecDrlhCritic(par, st, nue, best, NULL), Jmin, 1e-14);
  }
  PetscCallAbort(PETSC_COMM_SELF, SemecDrlhSpaceDestroy(&s));
}

/* log-likelihood of an action under independent Bernoulli(relaxed) */
static double LogLik(const double *p, PetscInt nue, SemecDrlhAction a)
{
  double l = 0.0;
  for (PetscInt i = 0; i < nue; i++) {
    l += ((a.edge >> i) & 1) ? log(p[i]) : log(1.0 - p[i]);
    l += ((a.cloud >> i) & 1) ? log(p[nue + i]) : log(1.0 - p[nue + i]);
  }
  return l;
}

static void Quantizer(void)
{
  const PetscInt  nue = 8;
  SemecDrlhSpace  s;
  SemecDrlhAction cand[2000];
  double          p[16];
  PetscInt        na;
  SemecRngKey     k = {9, 78, 0, 0, 0};
  PetscCallAbort(PETSC_COMM_SELF, SemecDrlhSpaceCreate(nue, 4, 2, &s));
  for (uint64_t inst = 0; inst < 50; inst++) {
    k.cell = inst;
    for (PetscInt i = 0; i < 16; i++) p[i] = SemecRngUniform(&k, (uint64_t)i);
    PetscCallAbort(PETSC_COMM_SELF, SemecDrlhQuantize(&s, p, 64, cand, &na));
    CHECK_EQ_INT(na, 64);
    /* the paper's rule: the chi largest scores of each part are 1 */
    uint64_t e = 0, c = 0;
    for (PetscInt i = 0; i < nue; i++) {
      int above_e = 0, above_c = 0;
      for (PetscInt j = 0; j < nue; j++) {
        above_e += p[j] > p[i];
        above_c += p[nue + j] > p[nue + i];
      }
      if (above_e < 4) e |= UINT64_C(1) << i;
      if (above_c < 2) c |= UINT64_C(1) << i;
    }
    CHECK(cand[0].edge == e && cand[0].cloud == c);
    for (PetscInt j = 0; j < na; j++) {
      CHECK(Popcount(cand[j].edge) == 4 && Popcount(cand[j].cloud) == 2);
      if (j) CHECK(LogLik(p, nue, cand[j]) <= LogLik(p, nue, cand[j - 1]) + 1e-12);
      for (PetscInt l = 0; l < j; l++) CHECK(cand[j].edge != cand[l].edge || cand[j].cloud != cand[l].cloud);
    }
    /* no action outside the 64 is more likely than the 64th */
    double last = LogLik(p, nue, cand[na - 1]);
    for (PetscInt a = 0; a < SemecDrlhSpaceSize(&s); a++) {
      SemecDrlhAction x = SemecDrlhSpaceAction(&s, a);
      PetscBool       in = PETSC_FALSE;
      for (PetscInt j = 0; j < na && !in; j++) in = (PetscBool)(cand[j].edge == x.edge && cand[j].cloud == x.cloud);
      if (!in) CHECK(LogLik(p, nue, x) <= last + 1e-12);
    }
  }
  /* N_A above the space size: every action exactly once */
  PetscCallAbort(PETSC_COMM_SELF, SemecDrlhQuantize(&s, p, 5000, cand, &na));
  CHECK_EQ_INT(na, 1960);
  int seen[1960] = {0};
  for (PetscInt j = 0; j < na; j++)
    for (PetscInt a = 0; a < 1960; a++) {
      SemecDrlhAction x = SemecDrlhSpaceAction(&s, a);
      if (x.edge == cand[j].edge && x.cloud == cand[j].cloud) seen[a]++;
    }
  for (PetscInt a = 0; a < 1960; a++) CHECK_EQ_INT(seen[a], 1);
  PetscCallAbort(PETSC_COMM_SELF, SemecDrlhSpaceDestroy(&s));
}

int main(int argc, char **argv)
{
  SemecTransformer t;
  SemecAccuracy    acc;
  SemecP000Params  par;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  SemecTransformerDefault(&t);
  SemecAccuracyDefault(&acc);
  SemecP000ParamsDefault(&par, &t, &acc);
  Space();
  Exhaustive(&par);
  Quantizer();
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
