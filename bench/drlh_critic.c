/* Micro-benchmark (issue 4, partial): time per cell-slot of paper 000's
 * exhaustive search and of the DRLH(N_A) decision without the actor
 * network (quantizer + N_A critic evaluations), for I = 8 and I = 16 UEs
 * with chi^E = 4 and chi^C = 2 (Sec. V).  Prints a Markdown table.
 *   build/bench_drlh_critic */
#include <semec/p000/drlh.h>
#include <semec/engine/rng.h>

static void States(uint64_t inst, PetscInt nue, PetscInt ce, PetscInt cc, SemecP000State *st)
{
  SemecRngKey k = {3, 1, inst, 0, 0};
  for (PetscInt i = 0; i < nue; i++) {
    double u[4];
    SemecRngUniform4(&k, (uint64_t)i, u);
    st[i]            = (SemecP000State){0};
    st[i].q_local    = floor(20.0 * u[0]);
    st[i].q_edge     = floor(5.0 * u[1]);
    st[i].arrivals   = floor(8.0 * u[2]);
    st[i].gain_edge  = 1e-10 * pow(10.0, 3.0 * u[3]);
    st[i].gain_cloud = 1e-12 * pow(10.0, 2.0 * u[3]);
    st[i].b_edge     = 1e6 / ce;
    st[i].b_cloud    = 5e4 / cc;
  }
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
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "| I | actions | exhaustive (ms/cell-slot) | N_A = 64 (ms) | N_A = 16 (ms) | N_A = 8 (ms) |\n|---:|---:|---:|---:|---:|---:|\n"));
  for (PetscInt nue = 8; nue <= 16; nue += 8) {
    SemecDrlhSpace  s;
    SemecP000State  st[16];
    SemecDrlhAction cand[64], best;
    double          relaxed[32], J, tex, tna[3];
    PetscInt        reps = nue == 8 ? 200 : 5, na, nas[3] = {64, 16, 8};
    SemecRngKey     k = {4, 2, 0, 0, 0};
    PetscCall(SemecDrlhSpaceCreate(nue, 4, 2, &s));
    PetscLogDouble t0, t1;
    PetscCall(PetscTime(&t0));
    for (PetscInt r = 0; r < reps; r++) {
      States((uint64_t)r, nue, 4, 2, st);
      PetscCall(SemecDrlhExhaustive(&s, &par, st, &best, &J));
    }
    PetscCall(PetscTime(&t1));
    tex = (t1 - t0) / reps;
    for (int m = 0; m < 3; m++) {
      PetscCall(PetscTime(&t0));
      for (PetscInt r = 0; r < 2000; r++) {
        States((uint64_t)r, nue, 4, 2, st);
        k.cell = (uint64_t)r;
        for (PetscInt i = 0; i < 2 * nue; i++) relaxed[i] = SemecRngUniform(&k, (uint64_t)i);
        PetscCall(SemecDrlhQuantize(&s, relaxed, nas[m], cand, &na));
        double Jbest = PETSC_INFINITY;
        for (PetscInt j = 0; j < na; j++) Jbest = PetscMin(Jbest, SemecDrlhCritic(&par, st, nue, cand[j], NULL));
        (void)Jbest;
      }
      PetscCall(PetscTime(&t1));
      tna[m] = (t1 - t0) / 2000;
    }
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "| %" PetscInt_FMT " | %" PetscInt_FMT " | %.3f | %.4f | %.4f | %.4f |\n", nue, SemecDrlhSpaceSize(&s), 1e3 * tex,
                          1e3 * tna[0], 1e3 * tna[1], 1e3 * tna[2]));
    PetscCall(SemecDrlhSpaceDestroy(&s));
  }
  PetscCall(PetscFinalize());
  return 0;
}
