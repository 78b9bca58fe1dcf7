/* Unit tests of the MAPPO learner (src/learn/mappo*.c): GAE and critic
 * targets against direct sums, log-prob / entropy / sampling of a hybrid
 * action against closed forms, the gradient of the total PPO loss against
 * central finite differences, the number of nets of each sharing mode, a
 * two-agent contextual bandit with a known optimum, determinism, gradient
 * averaging across ranks (run on 1 and 2 ranks), the HDF5 checkpoint, bad
 * options, and the time of the paper-002 cell (N = K = 2). */
#include <semec/learn/mappo.h>
#include <semec/engine/rng.h>
#include <petsctime.h>
#include <string.h>
#include <stdio.h>
#include "check.h"
#include "comm_check.h"

#define HALF_LN_2PI 0.91893853320467274178

/* uniforms in (lo, hi), keyed by id (test data; not a model stream) */
static void Fill(double *x, PetscInt n, double lo, double hi, uint64_t id)
{
  SemecRngKey key = {4321, SEMEC_STREAM_POLICY, 998, id, 0};
  for (PetscInt i = 0; i < n; i++) x[i] = lo + (hi - lo) * SemecRngUniform(&key, (uint64_t)i);
}

static PetscBool SameBits(const double *a, const double *b, PetscInt n) { return memcmp(a, b, (size_t)n * sizeof(double)) ? PETSC_FALSE : PETSC_TRUE; }

/* ------------------------------------------------------------------- GAE */

/* 7 steps, an episode ends at t = 2, the rollout is cut at t = 6 (bootstrap).
 * Direct sums: delta_k = r_k + gamma V_{k+1} (1 - done_k) - V_k,
 * A_t = sum_{l = 0}^{e(t) - t} (gamma lambda)^l delta_{t+l}, e(t) the end of
 * t's episode in the rollout; MC R_t = sum_l gamma^l r_{t+l} (+ gamma^{n-t}
 * V_n when the rollout is cut). */
static PetscErrorCode TestGAE(void)
{
  enum { N = 7 };
  const double    gamma = 0.9, lambda = 0.8, vnext = 0.37;
  double          r[N], v[N], adv[N], ret[N], delta[N];
  const PetscBool done[N] = {PETSC_FALSE, PETSC_FALSE, PETSC_TRUE, PETSC_FALSE, PETSC_FALSE, PETSC_FALSE, PETSC_FALSE};

  PetscFunctionBeginUser;
  Fill(r, N, -1, 2, 1);
  Fill(v, N, -0.5, 1.5, 2);
  PetscCall(SemecMAPPOGAE(N, r, v, done, vnext, gamma, lambda, adv));
  for (PetscInt k = 0; k < N; k++) delta[k] = r[k] + gamma * (done[k] ? 0.0 : (k + 1 < N ? v[k + 1] : vnext)) - v[k];
  for (PetscInt t = 0; t < N; t++) {
    PetscInt end = t;
    double   a = 0, mc = 0;
    while (end < N - 1 && !done[end]) end++;
    for (PetscInt l = 0; t + l <= end; l++) {
      a += pow(gamma * lambda, (double)l) * delta[t + l];
      mc += pow(gamma, (double)l) * r[t + l];
    }
    if (!done[end]) mc += pow(gamma, (double)(N - t)) * vnext;
    CHECK_CLOSE(adv[t], a, 1e-13);
    PetscCall(SemecMAPPOReturns(SEMEC_MAPPO_RETURN_MC, N, r, v, done, vnext, gamma, adv, ret));
    CHECK_CLOSE(ret[t], mc, 1e-13);
    PetscCall(SemecMAPPOReturns(SEMEC_MAPPO_RETURN_TD, N, r, v, done, vnext, gamma, adv, ret));
    CHECK_CLOSE(ret[t], delta[t] + v[t], 1e-13);
    PetscCall(SemecMAPPOReturns(SEMEC_MAPPO_RETURN_GAE, N, r, v, done, vnext, gamma, adv, ret));
    CHECK_CLOSE(ret[t], a + v[t], 1e-13);
  }
  /* the episode boundary: A_2 is delta_2 alone, and it does not see V_3 */
  CHECK_CLOSE(adv[2], r[2] - v[2], 1e-14);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------ heads */

/* Two categorical heads (3 and 2 choices) and a 2-d Gaussian on the box
 * [-1, 1] x [0, 2]: log-prob and entropy against closed forms, the mode,
 * the clipping of a sampled action, and the sampling frequencies. */
static void HybridSpace(SemecMAPPOActionSpace *s)
{
  memset(s, 0, sizeof(*s));
  s->ncat       = 2;
  s->choices[0] = 3;
  s->choices[1] = 2;
  s->nbox       = 2;
  s->low[0]     = -1;
  s->high[0]    = 1;
  s->low[1]     = 0;
  s->high[1]    = 2;
}

static PetscErrorCode TestHeads(void)
{
  SemecMAPPOActionSpace s;
  PetscInt              W, cat[2] = {2, 0}, counts[5] = {0};
  const double          out[7] = {0.3, -1.2, 0.8, 0.5, -0.25, 1.4, 2.6}, logstd[2] = {-0.3, 0.2}, raw[2] = {0.4, 1.7};
  double                logp, H, want, p0[3], p1[2], z0, z1, Hwant = 0;
  SemecMAPPOAction      a;
  const int             nsamp = 20000;

  PetscFunctionBeginUser;
  HybridSpace(&s);
  PetscCall(SemecMAPPOActionSpaceCheck(&s, &W));
  CHECK_EQ_INT(W, 7);
  z0 = exp(0.3) + exp(-1.2) + exp(0.8);
  z1 = exp(0.5) + exp(-0.25);
  for (int j = 0; j < 3; j++) p0[j] = exp(out[j]) / z0;
  for (int j = 0; j < 2; j++) p1[j] = exp(out[3 + j]) / z1;
  want = log(p0[2]) + log(p1[0]);
  for (int j = 0; j < 2; j++) {
    double u = (raw[j] - out[5 + j]) / exp(logstd[j]);
    want += -0.5 * u * u - logstd[j] - HALF_LN_2PI;
    Hwant += logstd[j] + 0.5 + HALF_LN_2PI;
  }
  for (int j = 0; j < 3; j++) Hwant -= p0[j] * log(p0[j]);
  for (int j = 0; j < 2; j++) Hwant -= p1[j] * log(p1[j]);
  PetscCall(SemecMAPPOHeadsLogProb(&s, 1, out, logstd, cat, raw, &logp));
  CHECK_CLOSE(logp, want, 1e-13);
  PetscCall(SemecMAPPOHeadsEntropy(&s, 1, out, logstd, &H));
  CHECK_CLOSE(H, Hwant, 1e-13);

  /* mode: argmax of each head, the mean clipped into the box (2.6 -> 2) */
  PetscCall(SemecMAPPOHeadsAct(&s, out, logstd, PETSC_FALSE, NULL, &a));
  CHECK_EQ_INT(a.cat[0], 2);
  CHECK_EQ_INT(a.cat[1], 0);
  CHECK(a.raw[0] == 1.4 && a.raw[1] == 2.6);
  CHECK(a.box[0] == 1.0 && a.box[1] == 2.0);
  CHECK_CLOSE(a.prob[2], p0[2], 1e-14);
  CHECK_CLOSE(a.prob[4], p1[1], 1e-14);

  /* samples: box = clip(raw), logp of (cat, raw), frequencies of the heads */
  for (int i = 0; i < nsamp; i++) {
    SemecRngKey k = {7, SEMEC_STREAM_POLICY, 1, 2, (uint64_t)i};
    double      lp;
    PetscCall(SemecMAPPOHeadsAct(&s, out, logstd, PETSC_TRUE, &k, &a));
    for (int j = 0; j < 2; j++) {
      double c = a.raw[j] < s.low[j] ? s.low[j] : (a.raw[j] > s.high[j] ? s.high[j] : a.raw[j]);
      if (a.box[j] != c) CHECK(a.box[j] == c);
    }
    PetscCall(SemecMAPPOHeadsLogProb(&s, 1, out, logstd, a.cat, a.raw, &lp));
    if (lp != a.logp) CHECK(lp == a.logp);
    counts[a.cat[0]]++;
    counts[3 + a.cat[1]]++;
  }
  for (int j = 0; j < 3; j++) CHECK(fabs(counts[j] / (double)nsamp - p0[j]) < 0.015);
  for (int j = 0; j < 2; j++) CHECK(fabs(counts[3 + j] / (double)nsamp - p1[j]) < 0.015);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* --------------------------------------------------- learner construction */

static PetscErrorCode TinySpec(SemecMAPPOSpec *spec, PetscInt nagents, PetscInt obs_dim, PetscInt state_dim)
{
  PetscFunctionBeginUser;
  memset(spec, 0, sizeof(*spec));
  spec->nagents   = nagents;
  spec->obs_dim   = obs_dim;
  spec->state_dim = state_dim;
  HybridSpace(&spec->space);
  spec->seed   = 17;
  spec->net_id = 100;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Fills each agent's rollout with steps of random observations and rewards,
 * actions sampled from the policy; the last step of each agent is done. */
static PetscErrorCode RandomRollout(SemecMAPPO *m, PetscInt nagents, PetscInt obs_dim, PetscInt state_dim, PetscInt steps, uint64_t id)
{
  double obs[16], state[16], r;

  PetscFunctionBeginUser;
  for (PetscInt t = 0; t < steps; t++)
    for (PetscInt i = 0; i < nagents; i++) {
      SemecMAPPOKey    key = {0, (uint64_t)i, id, (uint64_t)t};
      SemecMAPPOAction a;
      Fill(obs, obs_dim, -1, 1, id * 1000 + 10 * (uint64_t)t + (uint64_t)i);
      Fill(state, state_dim, -1, 1, id * 1000 + 500 + (uint64_t)t);
      Fill(&r, 1, -1, 1, id * 1000 + 900 + 10 * (uint64_t)t + (uint64_t)i);
      PetscCall(SemecMAPPOAct(m, i, obs, &key, PETSC_TRUE, &a));
      PetscCall(SemecMAPPOStore(m, i, obs, state, &a, r, t == steps - 1));
    }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------- loss gradient */

/* The total loss L = -L^clip + c_V mean (V - R)^2 - c_E mean H of a group
 * against central differences in every actor and critic parameter (log-std
 * included).  The actor is moved off the rollout policy first, so ratios
 * differ from 1 and some samples are clipped. */
static PetscErrorCode TestLossGradient(void)
{
  SemecMAPPOSpec    spec;
  SemecMAPPOOptions opt;
  SemecMAPPO       *m;
  SemecMAPPOStats   st;
  SemecNet         *nets[2];
  double           *grad[2], loss, lp, lm, worst = 0;
  PetscInt          checked = 0;

  PetscFunctionBeginUser;
  PetscCall(SemecMAPPOOptionsDefault(&opt));
  opt.nhidden      = 1;
  opt.hidden[0]    = 5;
  opt.value_coef   = 0.7;
  opt.entropy_coef = 0.3;
  opt.adam.sync    = SEMEC_RL_SYNC_NONE;
  PetscCall(TinySpec(&spec, 2, 3, 4));
  PetscCall(SemecMAPPOCreate(&spec, &opt, NULL, &m));
  PetscCall(RandomRollout(m, 2, 3, 4, 8, 1));
  PetscCall(SemecMAPPOPrepare(m, NULL, NULL));
  nets[0] = SemecMAPPOActor(m, 0);
  nets[1] = SemecMAPPOCritic(m, 0);
  { /* off-policy actor: ratios away from 1 */
    double  *p = SemecNetParams(nets[0]), noise[512];
    PetscInt P = SemecNetNumParams(nets[0]);
    Fill(noise, P, -0.4, 0.4, 77);
    for (PetscInt i = 0; i < P; i++) p[i] += noise[i];
  }
  PetscCall(SemecNetZeroGrad(nets[0]));
  PetscCall(SemecNetZeroGrad(nets[1]));
  PetscCall(SemecMAPPOGroupLoss(m, 0, &loss, &st));
  CHECK(st.clip_fraction > 0 && st.clip_fraction < 1);
  CHECK_EQ_INT(st.samples, 16);
  /* the gradients, copied before the finite differences add more */
  for (int k = 0; k < 2; k++) {
    PetscCall(PetscMalloc1(SemecNetNumParams(nets[k]), &grad[k]));
    PetscCall(PetscArraycpy(grad[k], SemecNetGrad(nets[k]), SemecNetNumParams(nets[k])));
  }
  for (int k = 0; k < 2; k++) {
    double  *p = SemecNetParams(nets[k]), *gcopy = grad[k];
    PetscInt P = SemecNetNumParams(nets[k]);
    for (PetscInt i = 0; i < P; i++) {
      const double h = 1e-6, save = p[i];
      double       fd, err;
      p[i] = save + h;
      PetscCall(SemecMAPPOGroupLoss(m, 0, &lp, NULL));
      p[i] = save - h;
      PetscCall(SemecMAPPOGroupLoss(m, 0, &lm, NULL));
      p[i] = save;
      fd   = (lp - lm) / (2 * h);
      err  = fabs(fd - gcopy[i]) / (1e-6 + fabs(fd));
      if (err > worst) worst = err;
      if (!(fabs(fd - gcopy[i]) <= 1e-6 + 1e-5 * fabs(fd))) {
        fprintf(stderr, "  net %d parameter %d: finite difference %.10g, gradient %.10g\n", k, (int)i, fd, gcopy[i]);
        CHECK(fabs(fd - gcopy[i]) <= 1e-6 + 1e-5 * fabs(fd));
      }
      checked++;
    }
    PetscCall(PetscFree(gcopy));
  }
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  total PPO loss gradient: %d parameters, worst relative error %.2e, clipped share %.2f\n", (int)checked, worst,
                        st.clip_fraction));
  PetscCall(SemecMAPPODestroy(&m));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ---------------------------------------------------------------- sharing */

static PetscErrorCode TestSharing(void)
{
  SemecMAPPOSpec    spec;
  SemecMAPPOOptions opt;
  SemecMAPPO       *m;
  const PetscInt    role[3] = {0, 1, 0};

  PetscFunctionBeginUser;
  PetscCall(SemecMAPPOOptionsDefault(&opt));
  opt.adam.sync = SEMEC_RL_SYNC_NONE;
  opt.critic    = SEMEC_MAPPO_CRITIC_LOCAL;
  PetscCall(TinySpec(&spec, 3, 3, 0));
  spec.role   = role;
  spec.nroles = 2;

  opt.share = SEMEC_MAPPO_SHARE_NONE;
  PetscCall(SemecMAPPOCreate(&spec, &opt, NULL, &m));
  CHECK_EQ_INT(SemecMAPPONumGroups(m), 3);
  for (PetscInt i = 0; i < 3; i++) CHECK_EQ_INT(SemecMAPPOGroupOf(m, i), i);
  CHECK(!SameBits(SemecNetParams(SemecMAPPOActor(m, 0)), SemecNetParams(SemecMAPPOActor(m, 1)), SemecNetNumParams(SemecMAPPOActor(m, 0))));
  CHECK(SemecMAPPOActor(m, 0) != SemecMAPPOCritic(m, 0));
  PetscCall(SemecMAPPODestroy(&m));

  opt.share = SEMEC_MAPPO_SHARE_ALL;
  PetscCall(SemecMAPPOCreate(&spec, &opt, NULL, &m));
  CHECK_EQ_INT(SemecMAPPONumGroups(m), 1);
  for (PetscInt i = 0; i < 3; i++) CHECK_EQ_INT(SemecMAPPOGroupOf(m, i), 0);
  PetscCall(SemecMAPPODestroy(&m));

  opt.share = SEMEC_MAPPO_SHARE_ROLE;
  PetscCall(SemecMAPPOCreate(&spec, &opt, NULL, &m));
  CHECK_EQ_INT(SemecMAPPONumGroups(m), 2);
  for (PetscInt i = 0; i < 3; i++) CHECK_EQ_INT(SemecMAPPOGroupOf(m, i), role[i]);
  PetscCall(SemecMAPPODestroy(&m));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------- toy bandit */

/* Two agents, contexts c in {0, 1, 2} (one-hot observation, new each step).
 * Agent i earns 1 if its categorical action equals c, minus the squared
 * distance of its box action (on [-1, 1]) to target(i, c) = (1 - 2 i) 0.6 (c - 1).
 * Optimum: 1 per step.  Episodes of EP steps, one update per episode. */
#define EP 20
static double Target(PetscInt i, PetscInt c) { return (1.0 - 2.0 * (double)i) * 0.6 * (double)(c - 1); }
static PetscInt Context(uint64_t cell, PetscInt i, PetscInt episode, PetscInt t)
{
  SemecRngKey k = {99, SEMEC_STREAM_POLICY, cell, (uint64_t)i, (uint64_t)episode};
  return (PetscInt)(3.0 * SemecRngUniform(&k, (uint64_t)t)) % 3;
}
static double BanditReward(PetscInt i, PetscInt c, const SemecMAPPOAction *a)
{
  double d = a->box[0] - Target(i, c);
  return (a->cat[0] == c ? 1.0 : 0.0) - d * d;
}

/* Runs episodes [first, first + n) of the bandit for cell; trains when train. */
static PetscErrorCode BanditEpisodes(SemecMAPPO *m, uint64_t cell, PetscInt first, PetscInt n, PetscBool train, double *mean_reward)
{
  double sum = 0;

  PetscFunctionBeginUser;
  for (PetscInt e = first; e < first + n; e++) {
    for (PetscInt t = 0; t < EP; t++)
      for (PetscInt i = 0; i < 2; i++) {
        PetscInt         c      = Context(cell, i, e, t);
        double           obs[3] = {c == 0, c == 1, c == 2}, r;
        SemecMAPPOKey    key    = {cell, (uint64_t)i, (uint64_t)e, (uint64_t)t};
        SemecMAPPOAction a;
        PetscCall(SemecMAPPOAct(m, i, obs, &key, train, &a));
        r = BanditReward(i, c, &a);
        sum += r;
        if (train) PetscCall(SemecMAPPOStore(m, i, obs, NULL, &a, r, t == EP - 1));
      }
    if (train) PetscCall(SemecMAPPOUpdate(m, NULL, NULL, NULL));
  }
  *mean_reward = sum / (double)(n * EP * 2);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode BanditLearner(SemecMAPPOShare share, SemecRLSync sync, SemecComm *comm, SemecMAPPO **m)
{
  SemecMAPPOSpec    spec;
  SemecMAPPOOptions opt;

  PetscFunctionBeginUser;
  PetscCall(SemecMAPPOOptionsDefault(&opt));
  opt.share              = share;
  opt.critic             = SEMEC_MAPPO_CRITIC_LOCAL;
  opt.gamma              = 0.5;
  opt.minibatches        = 2;
  opt.nhidden            = 1;
  opt.hidden[0]          = 32;
  opt.adam.learning_rate = 3e-3;
  opt.adam.sync          = sync;
  memset(&spec, 0, sizeof(spec));
  spec.nagents          = 2;
  spec.obs_dim          = 3;
  spec.space.ncat       = 1;
  spec.space.choices[0] = 3;
  spec.space.nbox       = 1;
  spec.space.low[0]     = -1;
  spec.space.high[0]    = 1;
  spec.seed             = 5;
  spec.net_id           = 10;
  PetscCall(SemecMAPPOCreate(&spec, &opt, comm, m));
  PetscFunctionReturn(PETSC_SUCCESS);
}

#define BANDIT_EPISODES 150
static PetscErrorCode TestBandit(void)
{
  SemecMAPPO *m, *m2;
  double      before, after, r;
  PetscInt    P;

  PetscFunctionBeginUser;
  PetscCall(BanditLearner(SEMEC_MAPPO_SHARE_NONE, SEMEC_RL_SYNC_NONE, NULL, &m));
  PetscCall(BanditEpisodes(m, 0, 1000, 20, PETSC_FALSE, &before));
  PetscCall(BanditEpisodes(m, 0, 0, BANDIT_EPISODES, PETSC_TRUE, &r));
  PetscCall(BanditEpisodes(m, 0, 1000, 20, PETSC_FALSE, &after));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  bandit (optimum 1 per step): test-mode reward %.4f before, %.4f after %d training episodes\n", before, after,
                        BANDIT_EPISODES));
  CHECK(before < 0.6);
  CHECK(after > 0.95);

  /* deterministic: the same seed gives the same nets, bit for bit */
  PetscCall(BanditLearner(SEMEC_MAPPO_SHARE_NONE, SEMEC_RL_SYNC_NONE, NULL, &m2));
  PetscCall(BanditEpisodes(m2, 0, 0, BANDIT_EPISODES, PETSC_TRUE, &r));
  for (PetscInt g = 0; g < 2; g++) {
    P = SemecNetNumParams(SemecMAPPOActor(m, g));
    CHECK(SameBits(SemecNetParams(SemecMAPPOActor(m, g)), SemecNetParams(SemecMAPPOActor(m2, g)), P));
    P = SemecNetNumParams(SemecMAPPOCritic(m, g));
    CHECK(SameBits(SemecNetParams(SemecMAPPOCritic(m, g)), SemecNetParams(SemecMAPPOCritic(m2, g)), P));
  }
  PetscCall(SemecMAPPODestroy(&m));
  PetscCall(SemecMAPPODestroy(&m2));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------------- MPI */

/* Shared nets trained with -rl_sync allreduce on rank-specific experience
 * (cell = rank) stay bit-identical on every rank; per-agent nets (share
 * none) stay rank-local and differ. */
static PetscErrorCode TestSync(void)
{
  SemecComm  *comm;
  PetscMPIInt size;
  SemecMAPPO *m;
  PetscBool   same;
  double      r;
  uint64_t    cell;

  PetscFunctionBeginUser;
  PetscCall(MakeComm(&comm, &size));
  cell = (uint64_t)SemecCommRank(comm);
  PetscCall(BanditLearner(SEMEC_MAPPO_SHARE_ALL, SEMEC_RL_SYNC_ALLREDUCE, comm, &m));
  PetscCall(BanditEpisodes(m, cell, 0, 10, PETSC_TRUE, &r));
  PetscCall(AllRanksEqual(comm, SemecNetParams(SemecMAPPOActor(m, 0)), SemecNetNumParams(SemecMAPPOActor(m, 0)), &same));
  CHECK(same);
  PetscCall(AllRanksEqual(comm, SemecNetParams(SemecMAPPOCritic(m, 0)), SemecNetNumParams(SemecMAPPOCritic(m, 0)), &same));
  CHECK(same);
  CHECK_EQ_INT(SemecNetAdamSteps(SemecMAPPOActor(m, 0)), 10 * 5 * 2);
  PetscCall(SemecMAPPODestroy(&m));

  PetscCall(BanditLearner(SEMEC_MAPPO_SHARE_NONE, SEMEC_RL_SYNC_ALLREDUCE, comm, &m));
  PetscCall(BanditEpisodes(m, cell, 0, 3, PETSC_TRUE, &r));
  PetscCall(AllRanksEqual(comm, SemecNetParams(SemecMAPPOActor(m, 1)), SemecNetNumParams(SemecMAPPOActor(m, 1)), &same));
  CHECK(size == 1 ? same : !same);
  PetscCall(SemecMAPPODestroy(&m));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "  -rl_sync allreduce on %d rank(s): shared nets bit-identical, per-agent nets rank-local\n", size));
  PetscCall(SemecCommDestroy(&comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------- checkpoint */

/* Per-agent nets (one row per agent and rank) and shared nets (one row)
 * saved to one parallel file and loaded into learners of another seed. */
static PetscErrorCode TestCheckpoint(void)
{
  SemecComm        *comm;
  PetscMPIInt       size, rank;
  SemecMAPPOShare   shares[2] = {SEMEC_MAPPO_SHARE_NONE, SEMEC_MAPPO_SHARE_ALL};
  char              fname[64];
  hid_t             fapl, file, g;
  double            r;

  PetscFunctionBeginUser;
  PetscCall(MakeComm(&comm, &size));
  rank = SemecCommRank(comm);
  PetscCall(PetscSNPrintf(fname, sizeof(fname), "unit_mappo_%d.h5", size));
  PetscCheck((fapl = H5Pcreate(H5P_FILE_ACCESS)) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "H5Pcreate");
  PetscCheck(H5Pset_fapl_mpio(fapl, PETSC_COMM_WORLD, MPI_INFO_NULL) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "H5Pset_fapl_mpio");
  for (int k = 0; k < 2; k++) {
    SemecMAPPO *m, *fresh;
    PetscCall(BanditLearner(shares[k], SEMEC_RL_SYNC_ALLREDUCE, comm, &m));
    PetscCall(BanditEpisodes(m, (uint64_t)rank, 0, 2, PETSC_TRUE, &r));
    PetscCheck((file = H5Fcreate(fname, H5F_ACC_TRUNC, H5P_DEFAULT, fapl)) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot create %s", fname);
    PetscCheck((g = H5Gcreate2(file, "policy", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT)) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "H5Gcreate2");
    PetscCall(SemecMAPPOSave(m, g, 2 * rank, 2 * size));
    PetscCheck(H5Gclose(g) >= 0 && H5Fclose(file) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "close");
    PetscCall(BanditLearner(shares[k], SEMEC_RL_SYNC_ALLREDUCE, comm, &fresh));
    PetscCheck((file = H5Fopen(fname, H5F_ACC_RDONLY, fapl)) >= 0, PETSC_COMM_SELF, PETSC_ERR_FILE_OPEN, "cannot open %s", fname);
    PetscCheck((g = H5Gopen2(file, "policy", H5P_DEFAULT)) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "H5Gopen2");
    PetscCall(SemecMAPPOLoad(fresh, g, 2 * rank));
    PetscCheck(H5Gclose(g) >= 0 && H5Fclose(file) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "close");
    CHECK_EQ_INT(SemecMAPPONumGroups(fresh), SemecMAPPONumGroups(m));
    for (PetscInt gi = 0; gi < SemecMAPPONumGroups(m); gi++) {
      CHECK(SameBits(SemecNetParams(SemecMAPPOActor(m, gi)), SemecNetParams(SemecMAPPOActor(fresh, gi)), SemecNetNumParams(SemecMAPPOActor(m, gi))));
      CHECK(SameBits(SemecNetParams(SemecMAPPOCritic(m, gi)), SemecNetParams(SemecMAPPOCritic(fresh, gi)), SemecNetNumParams(SemecMAPPOCritic(m, gi))));
      CHECK_EQ_INT(SemecNetAdamSteps(SemecMAPPOActor(fresh, gi)), SemecNetAdamSteps(SemecMAPPOActor(m, gi)));
    }
    PetscCall(SemecMAPPODestroy(&m));
    PetscCall(SemecMAPPODestroy(&fresh));
  }
  PetscCheck(H5Pclose(fapl) >= 0, PETSC_COMM_SELF, PETSC_ERR_LIB, "close");
  if (rank == 0) remove(fname);
  PetscCall(SemecCommDestroy(&comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------- options */

static PetscErrorCode TestOptions(void)
{
  SemecMAPPOOptions opt;
  const char       *bad[][2] = {
    {"-mappo_clip", "1.5"},        {"-mappo_gamma", "-0.1"},    {"-mappo_epochs", "0"},        {"-mappo_minibatches", "two"},
    {"-mappo_share", "some"},      {"-mappo_critic", "central"}, {"-mappo_hidden", "64,0"},     {"-mappo_entropy_coef", "-1"},
    {"-mappo_test_action", "best"}, {"-mappo_return", "nstep"},  {"-rl_learning_rate", "0"},    {"-mappo_gae_lambda", "nan"},
  };

  PetscFunctionBeginUser;
  PetscCall(SemecMAPPOOptionsDefault(&opt));
  PetscCall(PetscOptionsSetValue(NULL, "-mappo_share", "role"));
  PetscCall(PetscOptionsSetValue(NULL, "-mappo_hidden", "32,16,8"));
  PetscCall(PetscOptionsSetValue(NULL, "-mappo_test_action", "sample"));
  PetscCall(PetscOptionsSetValue(NULL, "-mappo_clip", "0.3"));
  PetscCall(PetscOptionsSetValue(NULL, "-rl_learning_rate", "3e-4"));
  PetscCall(SemecMAPPOOptionsRead(PETSC_COMM_WORLD, &opt));
  CHECK(opt.share == SEMEC_MAPPO_SHARE_ROLE);
  CHECK_EQ_INT(opt.nhidden, 3);
  CHECK_EQ_INT(opt.hidden[2], 8);
  CHECK(opt.test_sample);
  CHECK(opt.clip == 0.3);
  CHECK(opt.adam.learning_rate == 3e-4);
  CHECK(opt.epochs == 5 && opt.gamma == 0.95 && opt.gae_lambda == 0.98); /* untouched defaults */
  PetscCall(PetscOptionsClearValue(NULL, "-mappo_share"));
  PetscCall(PetscOptionsClearValue(NULL, "-mappo_hidden"));
  PetscCall(PetscOptionsClearValue(NULL, "-mappo_test_action"));
  PetscCall(PetscOptionsClearValue(NULL, "-mappo_clip"));
  PetscCall(PetscOptionsClearValue(NULL, "-rl_learning_rate"));

  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
    PetscErrorCode ierr;
    PetscCall(SemecMAPPOOptionsDefault(&opt));
    PetscCall(PetscOptionsSetValue(NULL, bad[k][0], bad[k][1]));
    ierr = SemecMAPPOOptionsRead(PETSC_COMM_WORLD, &opt);
    if (ierr == PETSC_SUCCESS) fprintf(stderr, "  %s %s was accepted\n", bad[k][0], bad[k][1]);
    CHECK(ierr != PETSC_SUCCESS);
    PetscCall(PetscOptionsClearValue(NULL, bad[k][0]));
  }
  PetscCall(PetscPopErrorHandler());
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* ------------------------------------------------------------ performance */

/* Paper 002's cell: N = 2 agents, observations of K + 2 = 4, a global state
 * of 8, actions rho (2) and x (K = 2) plus 3 Gaussian dimensions, 64 x 64
 * tanh nets, a shared actor and a centralised critic, one update (5 epochs)
 * per episode.  Episodes of 100 steps (longer than the paper's 10, as the
 * performance budget asks); the reward is a cheap function of the action. */
int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(TestGAE());
  PetscCall(TestHeads());
  PetscCall(TestLossGradient());
  PetscCall(TestSharing());
  PetscCall(TestBandit());
  PetscCall(TestSync());
  PetscCall(TestCheckpoint());
  PetscCall(TestOptions());
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
