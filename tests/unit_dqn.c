/* Unit tests of the DQN / DDQN learner (src/learn/dqn.c) and its episodic
 * replay memory (src/learn/replay.c): the DQN and DDQN targets by hand, the
 * epsilon schedules against their formulas, the memory's capacity, eviction
 * and sampling, the target-network sync (hard and Polyak), a two-agent chain
 * that DQN and DDQN must solve, shared nets bit-identical across ranks with
 * -rl_sync allreduce (run with 1 and 2 ranks), the HDF5 checkpoint, refused
 * options (the time per training episode is bench/dqn.c's). */
#include <semec/learn/dqn.h>
#include <semec/engine/rng.h>
#include <string.h>
#include <stdio.h>
#include "check.h"
#include "comm_check.h"

static PetscBool SameBits(const double *a, const double *b, PetscInt n) { return memcmp(a, b, (size_t)n * sizeof(double)) ? PETSC_FALSE : PETSC_TRUE; }

/* A 1-layer identity net 2 -> 3 with weights W (row-major [3 x 2]), biases 0. */
static PetscErrorCode LinearNet(const double *W, SemecNet **net)
{
  SemecNetSpec     s;
  SemecAdamOptions opt;

  PetscFunctionBeginUser;
  memset(&s, 0, sizeof(s));
  s.nlayers  = 1;
  s.sizes[0] = 2;
  s.sizes[1] = 3;
  s.act[0]   = SEMEC_ACT_IDENTITY;
  s.seed     = 1;
  PetscCall(SemecAdamOptionsDefault(&opt));
  PetscCall(SemecNetCreate(&s, &opt, net));
  memcpy(SemecNetParams(*net), W, 6 * sizeof(double));
  PetscCall(PetscArrayzero(SemecNetParams(*net) + 6, 3));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------ TD targets */

/* Online Q(o) = W_o o with rows (1, 0), (0, 1), (0.2, 0.2); target rows
 * (0, 1), (1, 0), (0.5, 0.5).  Next observations (1, 0), (0, 2), (1, 1):
 *   Q_o = (1, 0, 0.2), (0, 2, 0.4), (1, 1, 0.4) -> argmax 0, 1, 0 (tie: lowest)
 *   Q_t = (0, 1, 0.5), (2, 0, 1),   (1, 1, 1)   -> max 1, 2, 1; at the online argmax 0, 0, 1.
 * r = (0.5, -1, 2), done = (0, 0, 1), gamma 0.9:
 *   DQN  y = (0.5 + 0.9, -1 + 1.8, 2) = (1.4, 0.8, 2)
 *   DDQN y = (0.5 + 0,   -1 + 0,   2) = (0.5, -1, 2). */
static PetscErrorCode TestTargets(void)
{
  const double  Wo[] = {1, 0, 0, 1, 0.2, 0.2}, Wt[] = {0, 1, 1, 0, 0.5, 0.5};
  const double  next[] = {1, 0, 0, 2, 1, 1}, r[] = {0.5, -1, 2}, done[] = {0, 0, 1};
  SemecNet     *on, *tg;
  double        y[3], yd[3];

  PetscFunctionBeginUser;
  PetscCall(LinearNet(Wo, &on));
  PetscCall(LinearNet(Wt, &tg));
  PetscCall(SemecDQNTargets(on, tg, PETSC_FALSE, 0.9, 3, r, next, done, y));
  PetscCall(SemecDQNTargets(on, tg, PETSC_TRUE, 0.9, 3, r, next, done, yd));
  CHECK_CLOSE(y[0], 1.4, 1e-15);
  CHECK_CLOSE(y[1], 0.8, 1e-15);
  CHECK_CLOSE(y[2], 2.0, 0);
  CHECK_CLOSE(yd[0], 0.5, 0);
  CHECK_CLOSE(yd[1], -1.0, 0);
  CHECK_CLOSE(yd[2], 2.0, 0);
  PetscCall(SemecNetDestroy(&on));
  PetscCall(SemecNetDestroy(&tg));

  /* random 2-layer nets: the targets from the two nets' outputs, computed here */
  {
    SemecDQNSpec    spec = {5, 7, 2, 10, 3, 100};
    SemecDQNOptions opt;
    SemecAdamOptions adam;
    SemecDQN       *dqn;
    SemecNet       *o, *t;
    double          nx[8 * 5], rw[8], dn[8], qo[8 * 7], qt[8 * 7], y1[8], y2[8];
    const double   *q;
    SemecRngKey     key = {77, SEMEC_STREAM_POLICY, 1, 2, 3};
    PetscInt        differ = 0;

    PetscCall(SemecDQNOptionsDefault(&opt));
    opt.hidden[0] = opt.hidden[1] = 16;
    PetscCall(SemecAdamOptionsDefault(&adam));
    PetscCall(SemecDQNCreate(&spec, &opt, &adam, &dqn));
    o = SemecDQNOnline(dqn, 0);
    t = SemecDQNTarget(dqn, 1); /* another learner's net: online and target differ */
    for (PetscInt i = 0; i < 8 * 5; i++) nx[i] = 2 * SemecRngUniform(&key, (uint64_t)i) - 1;
    for (PetscInt s = 0; s < 8; s++) {
      rw[s] = SemecRngUniform(&key, 100 + (uint64_t)s);
      dn[s] = s == 3 ? 1.0 : 0.0;
    }
    PetscCall(SemecNetForward(o, 8, nx, &q));
    memcpy(qo, q, sizeof(qo));
    PetscCall(SemecNetForward(t, 8, nx, &q));
    memcpy(qt, q, sizeof(qt));
    PetscCall(SemecDQNTargets(o, t, PETSC_FALSE, 0.95, 8, rw, nx, dn, y1));
    PetscCall(SemecDQNTargets(o, t, PETSC_TRUE, 0.95, 8, rw, nx, dn, y2));
    for (PetscInt s = 0; s < 8; s++) {
      PetscInt ao = 0, at = 0;
      for (PetscInt a = 1; a < 7; a++) {
        if (qo[s * 7 + a] > qo[s * 7 + ao]) ao = a;
        if (qt[s * 7 + a] > qt[s * 7 + at]) at = a;
      }
      CHECK_CLOSE(y1[s], rw[s] + 0.95 * (1 - dn[s]) * qt[s * 7 + at], 1e-15);
      CHECK_CLOSE(y2[s], rw[s] + 0.95 * (1 - dn[s]) * qt[s * 7 + ao], 1e-15);
      if (ao != at && s != 3) {
        differ++;
        CHECK(y2[s] < y1[s]); /* DDQN never exceeds the max */
      }
    }
    CHECK(differ > 0);
    PetscCall(SemecDQNDestroy(&dqn));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------- epsilon */

static PetscErrorCode TestEpsilon(void)
{
  SemecDQNOptions  opt;
  SemecDQNSpec     spec = {2, 5, 1, 4, 9, 0};
  SemecAdamOptions adam;
  SemecDQN        *dqn;
  const double     obs[] = {0.3, -0.2};
  PetscInt         greedy, a, nrandom = 0, ngreedy_other = 0;

  PetscFunctionBeginUser;
  PetscCall(SemecDQNOptionsDefault(&opt)); /* linear 1 -> 0.05 over 500 */
  CHECK_CLOSE(SemecDQNEpsilon(&opt, 0), 1.0, 0);
  CHECK_CLOSE(SemecDQNEpsilon(&opt, 250), 0.525, 1e-15);
  CHECK_CLOSE(SemecDQNEpsilon(&opt, 100), 0.05 + 0.95 * 0.8, 1e-15);
  CHECK_CLOSE(SemecDQNEpsilon(&opt, 500), 0.05, 1e-15);
  CHECK_CLOSE(SemecDQNEpsilon(&opt, 5000), 0.05, 1e-15);
  opt.eps_schedule = SEMEC_DQN_EPS_EXPONENTIAL;
  opt.eps_decay    = 100;
  CHECK_CLOSE(SemecDQNEpsilon(&opt, 100), 0.05 + 0.95 * exp(-1.0), 1e-15);
  CHECK_CLOSE(SemecDQNEpsilon(&opt, 250), 0.05 + 0.95 * exp(-2.5), 1e-15);

  /* acting: eps(step) with -dqn_eps_unit step; at eps = 0.3 the share of
   * uniform draws (4/5 of which differ from the greedy action) is 0.3 */
  opt.eps_schedule = SEMEC_DQN_EPS_LINEAR;
  opt.eps_unit     = SEMEC_DQN_EPS_STEP;
  opt.eps_start    = 0.3;
  opt.eps_end      = 0.3;
  PetscCall(SemecAdamOptionsDefault(&adam));
  PetscCall(SemecDQNCreate(&spec, &opt, &adam, &dqn));
  PetscCall(SemecDQNAct(dqn, 0, 0, 0, 0, obs, PETSC_FALSE, &greedy));
  for (uint64_t step = 0; step < 4000; step++) {
    SemecRngKey key = {9, SEMEC_STREAM_DQN, 3, 7, step};
    double      u[4];
    SemecRngUniform4(&key, 0, u);
    PetscCall(SemecDQNAct(dqn, 0, 3, 7, step, obs, PETSC_TRUE, &a));
    if (u[0] < 0.3) {
      nrandom++;
      CHECK_EQ_INT(a, (PetscInt)(u[1] * 5)); /* the uniform action of the formula */
    } else CHECK_EQ_INT(a, greedy);
    if (a != greedy) ngreedy_other++;
  }
  CHECK_CLOSE((double)nrandom / 4000, 0.3, 0.06);
  CHECK_CLOSE((double)ngreedy_other / 4000, 0.3 * 0.8, 0.08);
  for (uint64_t step = 0; step < 50; step++) { /* test mode: always greedy */
    PetscCall(SemecDQNAct(dqn, 0, 3, 7, step, obs, PETSC_FALSE, &a));
    CHECK_EQ_INT(a, greedy);
  }
  PetscCall(SemecDQNDestroy(&dqn));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* --------------------------------------------------------- replay memory */

/* Capacity 3 episodes of lengths 2, 3, 1, 4 (rewards 10 e + t identify each
 * transition); the fourth evicts the first.  Starting with room for 3
 * transitions, the memory grows on the way. */
static PetscErrorCode TestReplay(void)
{
  SemecReplay *r;
  const PetscInt len[] = {2, 3, 1, 4};
  double       o[2], x[2], rew, bo[64 * 2], bx[64 * 2], br[64], bd[64];
  PetscInt     act, k[64], k2[64], seen[8] = {0};
  PetscBool    done, differ = PETSC_FALSE;
  const double *po, *px;
  SemecRngKey   key = {5, SEMEC_STREAM_DQN, 1, 2, 3}, other = {5, SEMEC_STREAM_DQN, 1, 2, 4};

  PetscFunctionBeginUser;
  PetscCall(SemecReplayCreate(2, 3, 1, &r));
  CHECK_EQ_INT(SemecReplayCapacity(r), 3);
  for (PetscInt e = 0; e < 4; e++) {
    for (PetscInt t = 0; t < len[e]; t++) {
      o[0] = (double)e;
      o[1] = (double)t;
      x[0] = (double)e;
      x[1] = (double)(t + 1);
      PetscCall(SemecReplayAppend(r, o, e + t, 10.0 * (double)e + (double)t, x, (PetscBool)(t == len[e] - 1)));
    }
    PetscCall(SemecReplayEndEpisode(r));
    PetscCall(SemecReplayEndEpisode(r)); /* a second close changes nothing */
    CHECK_EQ_INT(SemecReplayNumEpisodes(r), PetscMin(e + 1, 3));
  }
  CHECK_EQ_INT(SemecReplayNumTransitions(r), 3 + 1 + 4);
  for (PetscInt i = 0; i < 8; i++) { /* oldest first: episode 1 (3), 2 (1), 3 (4) */
    PetscInt e = i < 3 ? 1 : i < 4 ? 2 : 3, t = i < 3 ? i : i < 4 ? 0 : i - 4;
    PetscCall(SemecReplayGet(r, i, &po, &act, &rew, &px, &done));
    CHECK_CLOSE(rew, 10.0 * (double)e + (double)t, 0);
    CHECK_EQ_INT(act, e + t);
    CHECK(po[0] == (double)e && po[1] == (double)t && px[1] == (double)(t + 1));
    CHECK(done == (PetscBool)(t == len[e] - 1));
  }
  /* sampling: only stored transitions, every one of them, reproducible */
  PetscCall(SemecReplaySample(r, &key, 0, 64, k));
  PetscCall(SemecReplaySample(r, &key, 0, 64, k2));
  CHECK(!memcmp(k, k2, sizeof(k)));
  PetscCall(SemecReplaySample(r, &other, 0, 64, k2));
  for (PetscInt j = 0; j < 64; j++) differ = (PetscBool)(differ || k[j] != k2[j]);
  CHECK(differ);
  PetscCall(SemecReplayGather(r, 64, k, bo, k2, br, bx, bd));
  for (PetscInt j = 0; j < 64; j++) {
    CHECK(k[j] >= 0 && k[j] < 8);
    seen[k[j]]++;
    CHECK(br[j] >= 10.0); /* nothing of the evicted episode 0 */
    PetscCall(SemecReplayGet(r, k[j], &po, &act, &rew, &px, &done));
    CHECK(br[j] == rew && k2[j] == act && bo[2 * j] == po[0] && bx[2 * j + 1] == px[1] && bd[j] == (done ? 1.0 : 0.0));
  }
  for (PetscInt i = 0; i < 8; i++) CHECK(seen[i] > 0);
  /* an episode in progress counts: opening a fifth evicts episode 1 */
  PetscCall(SemecReplayAppend(r, o, 0, 40.0, x, PETSC_FALSE));
  CHECK_EQ_INT(SemecReplayNumEpisodes(r), 3);
  CHECK_EQ_INT(SemecReplayNumTransitions(r), 1 + 4 + 1);
  PetscCall(SemecReplayGet(r, 0, NULL, NULL, &rew, NULL, NULL));
  CHECK_CLOSE(rew, 20.0, 0);
  PetscCall(SemecReplayGet(r, 5, NULL, NULL, &rew, NULL, NULL));
  CHECK_CLOSE(rew, 40.0, 0);
  PetscCall(SemecReplayDestroy(&r));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ----------------------------------------------------------- target sync */

/* Fills learner memories with a few random transitions (one episode). */
static PetscErrorCode FillRandom(SemecDQN *dqn, PetscInt nagents, PetscInt nobs, PetscInt nactions, uint64_t seed)
{
  SemecRngKey key = {seed, SEMEC_STREAM_POLICY, 4, 5, 6};
  double      o[16], x[16];

  PetscFunctionBeginUser;
  for (PetscInt s = 0; s < 6; s++)
    for (PetscInt ag = 0; ag < nagents; ag++) {
      uint64_t c = (uint64_t)(100 * s + 10 * ag);
      for (PetscInt i = 0; i < nobs; i++) {
        o[i] = SemecRngUniform(&key, c + (uint64_t)i);
        x[i] = SemecRngUniform(&key, c + 50 + (uint64_t)i);
      }
      PetscCall(SemecDQNStore(dqn, ag, o, (PetscInt)(SemecRngUniform(&key, c + 99) * (double)nactions), SemecRngUniform(&key, c + 98), x, (PetscBool)(s == 5)));
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode TestTargetSync(void)
{
  SemecDQNOptions  opt;
  SemecDQNSpec     spec = {3, 4, 2, 6, 21, 0};
  SemecAdamOptions adam;
  SemecDQN        *dqn;
  SemecDQNStats    st;
  PetscInt         P;
  double          *old;

  PetscFunctionBeginUser;
  PetscCall(SemecDQNOptionsDefault(&opt));
  opt.share           = SEMEC_DQN_SHARE_ALL;
  opt.hidden[0]       = opt.hidden[1] = 8;
  opt.batch           = 4;
  opt.learning_starts = 1;
  opt.target_update   = 3;
  PetscCall(SemecAdamOptionsDefault(&adam));
  adam.sync = SEMEC_RL_SYNC_NONE;
  PetscCall(SemecDQNCreate(&spec, &opt, &adam, &dqn));
  CHECK_EQ_INT(SemecDQNNumLearners(dqn), 1);
  P = SemecNetNumParams(SemecDQNOnline(dqn, 0));
  CHECK(SameBits(SemecNetParams(SemecDQNOnline(dqn, 0)), SemecNetParams(SemecDQNTarget(dqn, 0)), P)); /* created equal */
  PetscCall(SemecDQNTrain(dqn, NULL, 0, 0, 0, &st));                                                   /* empty memory: no update */
  CHECK_EQ_INT(st.updates, 0);
  CHECK(isnan(st.loss));
  PetscCall(FillRandom(dqn, 2, 3, 4, 1));
  CHECK_EQ_INT(SemecReplayNumTransitions(SemecDQNReplay(dqn, 0)), 12); /* both agents in the shared memory */
  for (PetscInt u = 1; u <= 7; u++) {
    PetscCall(SemecDQNTrain(dqn, NULL, 0, 0, (uint64_t)u, &st));
    CHECK_EQ_INT(st.updates, 1);
    CHECK(isfinite(st.loss) && st.loss > 0);
    CHECK_EQ_INT(SemecNetAdamSteps(SemecDQNOnline(dqn, 0)), u);
    CHECK(SameBits(SemecNetParams(SemecDQNOnline(dqn, 0)), SemecNetParams(SemecDQNTarget(dqn, 0)), P) == (PetscBool)(u % 3 == 0));
  }
  PetscCall(SemecDQNEndEpisode(dqn)); /* -dqn_target_update 3: the episode end does not copy */
  CHECK(!SameBits(SemecNetParams(SemecDQNOnline(dqn, 0)), SemecNetParams(SemecDQNTarget(dqn, 0)), P));
  PetscCall(SemecDQNDestroy(&dqn));

  /* -dqn_target_update 0: a copy at every episode end only */
  opt.target_update = 0;
  PetscCall(SemecDQNCreate(&spec, &opt, &adam, &dqn));
  PetscCall(FillRandom(dqn, 2, 3, 4, 2));
  PetscCall(SemecDQNTrain(dqn, NULL, 0, 0, 1, &st));
  PetscCall(SemecDQNTrain(dqn, NULL, 0, 0, 2, &st));
  CHECK(!SameBits(SemecNetParams(SemecDQNOnline(dqn, 0)), SemecNetParams(SemecDQNTarget(dqn, 0)), P));
  PetscCall(SemecDQNEndEpisode(dqn));
  CHECK(SameBits(SemecNetParams(SemecDQNOnline(dqn, 0)), SemecNetParams(SemecDQNTarget(dqn, 0)), P));
  PetscCall(SemecDQNDestroy(&dqn));

  /* Polyak, tau 0.25: theta' = 0.25 theta + 0.75 theta'_old after each update */
  opt.tau = 0.25;
  PetscCall(SemecDQNCreate(&spec, &opt, &adam, &dqn));
  PetscCall(FillRandom(dqn, 2, 3, 4, 3));
  PetscCall(PetscMalloc1(P, &old));
  for (PetscInt u = 1; u <= 3; u++) {
    PetscCall(PetscArraycpy(old, SemecNetParams(SemecDQNTarget(dqn, 0)), P));
    PetscCall(SemecDQNTrain(dqn, NULL, 0, 0, (uint64_t)u, &st));
    for (PetscInt i = 0; i < P; i++) CHECK_CLOSE(SemecNetParams(SemecDQNTarget(dqn, 0))[i], 0.25 * SemecNetParams(SemecDQNOnline(dqn, 0))[i] + 0.75 * old[i], 1e-15);
  }
  PetscCall(SemecDQNEndEpisode(dqn)); /* no hard copy with Polyak averaging */
  CHECK(!SameBits(SemecNetParams(SemecDQNOnline(dqn, 0)), SemecNetParams(SemecDQNTarget(dqn, 0)), P));
  PetscCall(PetscFree(old));
  PetscCall(SemecDQNDestroy(&dqn));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------- the chain */

/* Two agents on a chain of CHAIN positions: agent 0 starts at 0 and is paid
 * 1 for reaching CHAIN - 1, agent 1 the mirror image; stepping off the chain
 * from the start pays 0.3 (a trap: the nearer, smaller reward); either ends
 * the agent's episode; at most CHAIN_T steps.  Actions: 0 left, 1 stay, 2
 * right.  Observation: one-hot position, then the agent (0 or 1).  The optimal
 * policy walks straight to the goal: return 1 per agent in CHAIN - 1 steps,
 * discounted gamma^(CHAIN - 2) (the reward comes with the last step). */
#define CHAIN   5
#define CHAIN_T 10
#define CHAIN_W (CHAIN + 1)

static void ChainObs(PetscInt agent, PetscInt pos, double *o)
{
  for (PetscInt i = 0; i < CHAIN; i++) o[i] = i == pos ? 1.0 : 0.0;
  o[CHAIN] = (double)agent;
}

/* One episode of both agents: trains when explore, returns the undiscounted
 * and discounted return summed over the agents.  Stores only when store. */
static PetscErrorCode ChainEpisode(SemecDQN *dqn, SemecComm *comm, uint64_t id, PetscInt episode, PetscBool explore, PetscBool store, double gamma,
                                   double *ret, double *dret)
{
  PetscInt  pos[2] = {0, CHAIN - 1}, goal[2] = {CHAIN - 1, 0}, dir[2] = {1, -1};
  PetscBool over[2] = {PETSC_FALSE, PETSC_FALSE};
  double    o[CHAIN_W], x[CHAIN_W];

  PetscFunctionBeginUser;
  *ret = *dret = 0;
  for (PetscInt t = 0; t < CHAIN_T; t++) { /* every step, even when both are over: Train is collective */
    uint64_t step = (uint64_t)(episode * CHAIN_T + t);
    for (PetscInt ag = 0; ag < 2; ag++) {
      PetscInt  a, next;
      double    r = 0;
      PetscBool done;
      if (over[ag]) continue;
      ChainObs(ag, pos[ag], o);
      PetscCall(SemecDQNAct(dqn, ag, id + (uint64_t)ag, (uint64_t)episode, step, o, explore, &a));
      next = pos[ag] + dir[ag] * (a - 1);
      if (next == goal[ag]) r = 1.0;
      else if (next < 0 || next >= CHAIN) r = 0.3;
      done = (PetscBool)(r > 0 || t == CHAIN_T - 1);
      if (next < 0 || next >= CHAIN) next = pos[ag];
      ChainObs(ag, next, x);
      if (store) PetscCall(SemecDQNStore(dqn, ag, o, a, r, x, done));
      *ret += r;
      *dret += pow(gamma, (double)t) * r;
      pos[ag]  = next;
      over[ag] = done;
    }
    if (explore) PetscCall(SemecDQNTrain(dqn, comm, id, (uint64_t)episode, step, NULL));
  }
  if (explore) PetscCall(SemecDQNEndEpisode(dqn));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode ChainOptions(SemecDQNOptions *opt, PetscBool double_q, SemecDQNShare share)
{
  PetscFunctionBeginUser;
  PetscCall(SemecDQNOptionsDefault(opt));
  opt->share           = share;
  opt->double_q        = double_q;
  opt->hidden[0]       = 32;
  opt->hidden[1]       = 32;
  opt->replay_episodes = 200;
  opt->learning_starts = 5;
  opt->eps_decay       = 100;
  opt->gamma           = 0.8; /* Q gaps of 20 % between moving and staying */
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Trains on the chain for `episodes`, then returns the greedy returns. */
static PetscErrorCode ChainRun(const SemecDQNOptions *opt, SemecRLSync sync, SemecComm *comm, uint64_t seed, uint64_t id, PetscInt episodes,
                               PetscInt store_from, SemecDQN **dqn, double *ret, double *dret)
{
  SemecDQNSpec     spec = {CHAIN_W, 3, 2, CHAIN_T, seed, 0};
  SemecAdamOptions adam;
  double           r, dr;

  PetscFunctionBeginUser;
  PetscCall(SemecAdamOptionsDefault(&adam));
  adam.sync = sync;
  PetscCall(SemecDQNCreate(&spec, opt, &adam, dqn));
  for (PetscInt e = 0; e < episodes; e++) PetscCall(ChainEpisode(*dqn, comm, id, e, PETSC_TRUE, (PetscBool)(e >= store_from), opt->gamma, &r, &dr));
  PetscCall(ChainEpisode(*dqn, comm, id, episodes, PETSC_FALSE, PETSC_FALSE, opt->gamma, ret, dret));
  PetscFunctionReturn(PETSC_SUCCESS);
}

#define CHAIN_EPISODES 150

static PetscErrorCode TestChain(void)
{
  SemecDQNOptions opt;
  SemecDQN       *a, *b;
  double          ret, dret, ret2, dret2, best;
  PetscInt        seeds = 0;

  PetscFunctionBeginUser;
  /* -chain_seeds N: also report how many of the seeds 101..100+N each variant solves (docs/models.md) */
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-chain_seeds", &seeds, NULL));
  for (int v = 0; v < 2 && seeds > 0; v++) {
    PetscInt solved = 0;
    PetscCall(ChainOptions(&opt, (PetscBool)v, v ? SEMEC_DQN_SHARE_ALL : SEMEC_DQN_SHARE_NONE));
    for (PetscInt sd = 1; sd <= seeds; sd++) {
      PetscCall(ChainRun(&opt, SEMEC_RL_SYNC_NONE, NULL, 100 + (uint64_t)sd, 0, CHAIN_EPISODES, 0, &a, &ret, &dret));
      if (fabs(dret - 2 * pow(opt.gamma, CHAIN - 2)) < 1e-12) solved++;
      PetscCall(SemecDQNDestroy(&a));
    }
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  chain, %s: optimal greedy policy for %" PetscInt_FMT " of %" PetscInt_FMT " seeds\n", v ? "DDQN" : "DQN", solved, seeds));
  }
  for (int v = 0; v < 2; v++) { /* DQN with one net per agent, DDQN with one shared net */
    PetscCall(ChainOptions(&opt, (PetscBool)v, v ? SEMEC_DQN_SHARE_ALL : SEMEC_DQN_SHARE_NONE));
    best = 2 * pow(opt.gamma, CHAIN - 2);
    PetscCall(ChainRun(&opt, SEMEC_RL_SYNC_NONE, NULL, 3, 0, CHAIN_EPISODES, 0, &a, &ret, &dret));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  chain, %s, share %s, %d episodes: greedy return %.6f (optimum 2), discounted %.6f (optimum %.6f)\n",
                          v ? "DDQN" : "DQN", SemecDQNShareNames[opt.share], CHAIN_EPISODES, ret, dret, best));
    CHECK_CLOSE(ret, 2.0, 1e-12);
    CHECK_CLOSE(dret, best, 1e-12);
    CHECK(SemecReplayNumEpisodes(SemecDQNReplay(a, 0)) == 150 && SemecReplayNumTransitions(SemecDQNReplay(a, 0)) > 0);
    /* deterministic for a fixed seed */
    PetscCall(ChainRun(&opt, SEMEC_RL_SYNC_NONE, NULL, 3, 0, CHAIN_EPISODES, 0, &b, &ret2, &dret2));
    for (PetscInt k = 0; k < SemecDQNNumLearners(a); k++)
      CHECK(SameBits(SemecNetParams(SemecDQNOnline(a, k)), SemecNetParams(SemecDQNOnline(b, k)), SemecNetNumParams(SemecDQNOnline(a, k))));
    PetscCall(SemecDQNDestroy(&a));
    PetscCall(SemecDQNDestroy(&b));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------- ranks and checkpoint */

/* Each rank trains its own two agents on the chain (ids 2 rank, 2 rank + 1);
 * odd ranks store nothing in the first 3 episodes, so early updates mix
 * ready and empty ranks.  With one learner shared by the agents (-dqn_share
 * all) and -rl_sync allreduce the nets (online and target) must be
 * bit-identical on every rank; with none they differ; per-agent learners
 * (-dqn_share none) stay rank-local and differ under either.  Then a
 * checkpoint round trip into learners of another seed. */
static PetscErrorCode TestRanks(void)
{
  SemecComm       *comm;
  PetscMPIInt      size, rank;
  SemecDQNOptions  opt;
  SemecDQN        *dqn, *fresh;
  double           ret, dret;
  PetscBool        same;
  char             fname[64];

  PetscFunctionBeginUser;
  PetscCall(MakeComm(&comm, &size));
  rank = SemecCommRank(comm);
  PetscCall(PetscSNPrintf(fname, sizeof(fname), "unit_dqn_%d.h5", size));
  for (int s = 0; s < 3; s++) {
    SemecRLSync   sync   = s == 1 ? SEMEC_RL_SYNC_NONE : SEMEC_RL_SYNC_ALLREDUCE;
    SemecDQNShare share  = s == 2 ? SEMEC_DQN_SHARE_NONE : SEMEC_DQN_SHARE_ALL;
    PetscBool     synced = (PetscBool)(sync == SEMEC_RL_SYNC_ALLREDUCE && share == SEMEC_DQN_SHARE_ALL);
    hid_t         fapl, file, g;

    PetscCall(ChainOptions(&opt, PETSC_TRUE, share));
    PetscCall(ChainRun(&opt, sync, comm, 8, 2 * (uint64_t)rank, 25, rank % 2 ? 3 : 0, &dqn, &ret, &dret));
    for (PetscInt k = 0; k < SemecDQNNumLearners(dqn); k++) {
      PetscInt P = SemecNetNumParams(SemecDQNOnline(dqn, k));
      CHECK_EQ_INT(SemecNetAdamSteps(SemecDQNOnline(dqn, k)), SemecNetAdamSteps(SemecDQNOnline(dqn, 0)));
      PetscCall(AllRanksEqual(comm, SemecNetParams(SemecDQNOnline(dqn, k)), P, &same));
      CHECK(synced || size == 1 ? same : !same);
      PetscCall(AllRanksEqual(comm, SemecNetParams(SemecDQNTarget(dqn, k)), P, &same));
      CHECK(synced || size == 1 ? same : !same);
    }
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  %d rank(s), -dqn_share %s, -rl_sync %s: %" PetscInt_FMT " updates; nets %s across ranks\n", size,
                          SemecDQNShareNames[share], SemecRLSyncNames[sync], (PetscInt)SemecNetAdamSteps(SemecDQNOnline(dqn, 0)),
                          synced ? "bit-identical" : "per rank"));

    /* checkpoint: save, load into learners of another seed, compare */
    PetscCheck((fapl = H5Pcreate(H5P_FILE_ACCESS)) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "H5Pcreate");
    PetscCheck(H5Pset_fapl_mpio(fapl, PETSC_COMM_WORLD, MPI_INFO_NULL) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "H5Pset_fapl_mpio");
    PetscCheck((file = H5Fcreate(fname, H5F_ACC_TRUNC, H5P_DEFAULT, fapl)) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot create %s", fname);
    PetscCheck((g = H5Gcreate2(file, "dqn", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "H5Gcreate2");
    PetscCall(SemecDQNSave(dqn, comm, g));
    PetscCheck(H5Gclose(g) >= 0 && H5Fclose(file) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "close");
    {
      SemecDQNSpec     spec = {CHAIN_W, 3, 2, CHAIN_T, 999, 0};
      SemecAdamOptions adam;
      PetscCall(SemecAdamOptionsDefault(&adam));
      adam.sync = sync;
      PetscCall(SemecDQNCreate(&spec, &opt, &adam, &fresh));
    }
    PetscCheck((file = H5Fopen(fname, H5F_ACC_RDONLY, fapl)) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot open %s", fname);
    PetscCheck((g = H5Gopen2(file, "dqn", H5P_DEFAULT)) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "H5Gopen2");
    CHECK(H5Lexists(g, "online", H5P_DEFAULT) > 0 && H5Lexists(g, "target", H5P_DEFAULT) > 0);
    PetscCall(SemecDQNLoad(fresh, comm, g));
    PetscCheck(H5Gclose(g) >= 0 && H5Fclose(file) >= 0 && H5Pclose(fapl) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "close");
    for (PetscInt k = 0; k < SemecDQNNumLearners(dqn); k++) {
      PetscInt P = SemecNetNumParams(SemecDQNOnline(dqn, k));
      CHECK(SameBits(SemecNetParams(SemecDQNOnline(fresh, k)), SemecNetParams(SemecDQNOnline(dqn, k)), P));
      CHECK(SameBits(SemecNetParams(SemecDQNTarget(fresh, k)), SemecNetParams(SemecDQNTarget(dqn, k)), P));
      CHECK_EQ_INT(SemecNetAdamSteps(SemecDQNOnline(fresh, k)), SemecNetAdamSteps(SemecDQNOnline(dqn, k)));
    }
    PetscCall(SemecDQNDestroy(&fresh));
    PetscCall(SemecDQNDestroy(&dqn));
  }
  if (rank == 0) remove(fname);
  PetscCall(SemecCommDestroy(&comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* --------------------------------------------------------------- options */

static PetscErrorCode TestOptions(void)
{
  SemecDQNOptions opt;
  const char     *bad[][2] = {
    {"-dqn_gamma",           "1.5"        },
    {"-dqn_batch",           "0"          },
    {"-dqn_share",           "some"       },
    {"-dqn_hidden",          "64,0"       },
    {"-dqn_hidden",          "1,2,3,4,5,6,7,8"},
    {"-dqn_replay_episodes", "0"          },
    {"-dqn_learning_starts", "51"         }, /* more than the 50 the memory holds */
    {"-dqn_target_update",   "-1"         },
    {"-dqn_tau",             "1.5"        },
    {"-dqn_eps_start",       "1.2"        },
    {"-dqn_eps_end",         "0.5"        }, /* above -dqn_eps_start 0.4, set below */
    {"-dqn_eps_decay",       "0"          },
    {"-dqn_eps_schedule",    "cosine"     },
    {"-dqn_eps_unit",        "slot"       },
    {"-dqn_loss",            "abs"        },
    {"-dqn_huber_delta",     "-1"         },
    {"-dqn_double",          "maybe"      },
    {"-dqn_batch",           "12abc"      },
  };

  PetscFunctionBeginUser;
  /* good values are read */
  PetscCall(PetscOptionsSetValue(NULL, "-dqn_hidden", "16,8,4"));
  PetscCall(PetscOptionsSetValue(NULL, "-dqn_double", NULL));
  PetscCall(PetscOptionsSetValue(NULL, "-dqn_replay_episodes", "20"));
  PetscCall(PetscOptionsSetValue(NULL, "-dqn_loss", "huber"));
  PetscCall(PetscOptionsSetValue(NULL, "-dqn_eps_unit", "step"));
  PetscCall(PetscOptionsSetValue(NULL, "-dqn_share", "all"));
  PetscCall(SemecDQNOptionsDefault(&opt));
  PetscCall(SemecDQNOptionsRead(PETSC_COMM_WORLD, &opt));
  CHECK_EQ_INT(opt.nhidden, 3);
  CHECK(opt.hidden[0] == 16 && opt.hidden[1] == 8 && opt.hidden[2] == 4);
  CHECK(opt.double_q);
  CHECK_EQ_INT(opt.replay_episodes, 20);
  CHECK_EQ_INT(opt.learning_starts, 20); /* default: when the memory is full */
  CHECK(opt.loss == SEMEC_DQN_LOSS_HUBER && opt.eps_unit == SEMEC_DQN_EPS_STEP && opt.share == SEMEC_DQN_SHARE_ALL);
  PetscCall(PetscOptionsClearValue(NULL, "-dqn_hidden"));
  PetscCall(PetscOptionsClearValue(NULL, "-dqn_double"));
  PetscCall(PetscOptionsClearValue(NULL, "-dqn_replay_episodes"));
  PetscCall(PetscOptionsClearValue(NULL, "-dqn_loss"));
  PetscCall(PetscOptionsClearValue(NULL, "-dqn_eps_unit"));
  PetscCall(PetscOptionsClearValue(NULL, "-dqn_share"));

  /* every bad value is refused */
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    PetscErrorCode ierr;
    PetscCall(PetscOptionsSetValue(NULL, bad[i][0], bad[i][1]));
    if (!strcmp(bad[i][0], "-dqn_eps_end")) PetscCall(PetscOptionsSetValue(NULL, "-dqn_eps_start", "0.4"));
    PetscCall(SemecDQNOptionsDefault(&opt));
    ierr = SemecDQNOptionsRead(PETSC_COMM_WORLD, &opt);
    if (ierr == PETSC_SUCCESS) PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  accepted %s %s\n", bad[i][0], bad[i][1]));
    CHECK(ierr != PETSC_SUCCESS);
    PetscCall(PetscOptionsClearValue(NULL, bad[i][0]));
    PetscCall(PetscOptionsClearValue(NULL, "-dqn_eps_start"));
  }
  PetscCall(PetscPopErrorHandler());
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(TestTargets());
  PetscCall(TestEpsilon());
  PetscCall(TestReplay());
  PetscCall(TestTargetSync());
  PetscCall(TestChain());
  PetscCall(TestRanks());
  PetscCall(TestOptions());
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
