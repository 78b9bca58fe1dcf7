/* DQN / DDQN learner micro-benchmark (issue 9): the time per training
 * episode of a paper-sized 2-agent cell once learning runs
 * (-bench_episodes N, default 70: 49 filling the memory, then 21 timed;
 * -bench_double: DDQN).  Timing only: never run by the tests.
 * Run: build/bench_dqn [-bench_episodes N] [-bench_double]. */
#include <semec/learn/dqn.h>
#include <semec/engine/rng.h>
#include <math.h>

/* The paper's cell (paper 002 with the spec's DQN, docs/models.md): 2 agents,
 * observations of 4 numbers, 132 actions, 2 x 64 relu, batch 32, episodes of
 * 10 steps, memory of 50 episodes, learning from episode 50.  Observations
 * and rewards are synthetic (a contextual bandit); the work per step is the
 * learner's.  Prints the time per episode once learning runs. */
static PetscErrorCode Run(void)
{
  SemecDQNOptions  opt;
  SemecDQNSpec     spec = {4, 132, 2, 10, 17, 0};
  SemecAdamOptions adam;
  SemecDQN        *dqn;
  PetscInt         episodes = 70, timed = 0;
  PetscLogDouble   t0 = 0, t1;
  double           o[4], x[4];

  PetscFunctionBeginUser;
  PetscCall(SemecDQNOptionsDefault(&opt));
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-bench_episodes", &episodes, NULL));
  PetscCall(PetscOptionsGetBool(NULL, NULL, "-bench_double", &opt.double_q, NULL));
  opt.eps_decay = (double)episodes / 2;
  PetscCall(SemecAdamOptionsDefault(&adam));
  adam.sync = SEMEC_RL_SYNC_NONE;
  PetscCall(SemecDQNCreate(&spec, &opt, &adam, &dqn));
  for (PetscInt e = 0; e < episodes; e++) {
    if (e == opt.learning_starts - 1) PetscCall(PetscTime(&t0)); /* the first episode with updates */
    for (PetscInt t = 0; t < 10; t++) {
      uint64_t step = (uint64_t)(e * 10 + t);
      for (PetscInt ag = 0; ag < 2; ag++) {
        SemecRngKey key = {17, SEMEC_STREAM_POLICY, (uint64_t)ag, (uint64_t)e, (uint64_t)t};
        PetscInt    a;
        double      u[4];
        SemecRngUniform4(&key, 0, o);
        SemecRngUniform4(&key, 1, x);
        PetscCall(SemecDQNAct(dqn, ag, (uint64_t)ag, (uint64_t)e, step, o, PETSC_TRUE, &a));
        SemecRngUniform4(&key, 2, u);
        PetscCall(SemecDQNStore(dqn, ag, o, a, -fabs((double)a / 131.0 - o[0]) + 0.1 * u[0], x, (PetscBool)(t == 9)));
      }
      PetscCall(SemecDQNTrain(dqn, NULL, 0, (uint64_t)e, step, NULL));
    }
    PetscCall(SemecDQNEndEpisode(dqn));
    if (e >= opt.learning_starts - 1) timed++;
  }
  PetscCall(PetscTime(&t1));
  PetscCheck(SemecNetAdamSteps(SemecDQNOnline(dqn, 0)) == 10 * timed, PETSC_COMM_SELF, PETSC_ERR_PLIB, "the benchmark made %" PetscInt_FMT " updates, expected %" PetscInt_FMT,
             (PetscInt)SemecNetAdamSteps(SemecDQNOnline(dqn, 0)), 10 * timed);
  if (timed)
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  timing: paper-sized 2-agent cell, %s, %" PetscInt_FMT " training episodes: %.3f ms per episode (%.1f us per learner update)\n",
                          opt.double_q ? "DDQN" : "DQN", timed, 1e3 * (t1 - t0) / (double)timed, 1e6 * (t1 - t0) / (double)(20 * timed)));
  PetscCall(SemecDQNDestroy(&dqn));
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(Run());
  PetscCall(PetscFinalize());
  return 0;
}
