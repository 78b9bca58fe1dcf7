/* MAPPO learner micro-benchmark (issue 9): the paper 002 cell's shape
 * (N = K = 2 agents, hybrid actions of 2 categorical heads and a 3-d box,
 * 64x64 nets, shared actor, centralised critic), 250 training episodes of
 * 100 steps with one update per episode, then 100 test episodes; prints the
 * time per training episode and per test step.  Target (issue 9): the 250
 * training episodes under 5 s on one core.  Timing only: never run by the
 * tests.  Run: build/bench_mappo (one process). */
#include <semec/learn/mappo.h>
#include <semec/engine/rng.h>
#include <math.h>
#include <string.h>

static PetscErrorCode Run(void)
{
  SemecMAPPOSpec    spec;
  SemecMAPPOOptions opt;
  SemecMAPPO       *m;
  const PetscInt    episodes = 250, steps = 100, test_episodes = 100;
  PetscLogDouble    t0, t1 = 0, t2;
  double            obs[2][4], state[8], sum = 0;

  PetscFunctionBeginUser;
  PetscCall(SemecMAPPOOptionsDefault(&opt));
  opt.adam.sync = SEMEC_RL_SYNC_NONE;
  memset(&spec, 0, sizeof(spec));
  spec.nagents          = 2;
  spec.obs_dim          = 4;
  spec.state_dim        = 8;
  spec.space.ncat       = 2;
  spec.space.choices[0] = 2;
  spec.space.choices[1] = 2;
  spec.space.nbox       = 3;
  for (int j = 0; j < 3; j++) {
    spec.space.low[j]  = -1;
    spec.space.high[j] = 1;
  }
  spec.seed = 3;
  PetscCall(SemecMAPPOCreate(&spec, &opt, NULL, &m));
  PetscCall(PetscTime(&t0));
  for (PetscInt e = 0; e < episodes + test_episodes; e++) {
    PetscBool train = e < episodes ? PETSC_TRUE : PETSC_FALSE;
    if (e == episodes) PetscCall(PetscTime(&t1));
    for (PetscInt t = 0; t < steps; t++) {
      SemecMAPPOAction a[2];
      for (PetscInt i = 0; i < 2; i++) {
        SemecRngKey k = {1, SEMEC_STREAM_POLICY, 0, (uint64_t)i, (uint64_t)(e * steps + t)};
        SemecRngUniform4(&k, 0, obs[i]);
        memcpy(state + 4 * i, obs[i], sizeof(obs[i]));
      }
      for (PetscInt i = 0; i < 2; i++) {
        SemecMAPPOKey key = {0, (uint64_t)i, (uint64_t)e, (uint64_t)t};
        PetscCall(SemecMAPPOAct(m, i, obs[i], &key, train, &a[i]));
      }
      for (PetscInt i = 0; i < 2; i++) {
        double r = (a[i].cat[0] == (obs[i][0] > 0.5)) - fabs(a[i].box[0] - obs[i][1]) + 0.1 * a[i].cat[1];
        sum += r;
        if (train) PetscCall(SemecMAPPOStore(m, i, obs[i], state, &a[i], r, t == steps - 1));
      }
    }
    if (train) PetscCall(SemecMAPPOUpdate(m, NULL, NULL, NULL));
  }
  PetscCall(PetscTime(&t2));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "  N = K = 2 cell, 64x64 nets, %d-step episodes: %d training episodes in %.3f s (%.2f ms per episode), test %.2f us per step "
                        "(both agents)\n",
                        (int)steps, (int)episodes, t1 - t0, 1e3 * (t1 - t0) / episodes, 1e6 * (t2 - t1) / (double)(test_episodes * steps)));
  PetscCheck(isfinite(sum), PETSC_COMM_SELF, PETSC_ERR_FP, "the rewards of the benchmark are not finite");
  PetscCall(SemecMAPPODestroy(&m));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(Run());
  PetscCall(PetscFinalize());
  return 0;
}
