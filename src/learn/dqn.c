/* The DQN / DDQN learner (design, equations and options in
 * include/semec/learn/dqn.h; the readings of papers 001 and 002 behind the
 * defaults in docs/models.md, "DQN / DDQN learner").
 *
 * Built on src/learn/nn.c (nets, Adam, gradient averaging, checkpoints) and
 * src/learn/replay.c (the episodic memory); this file holds the options, the
 * epsilon schedule, the TD targets and the update.  Every buffer of an
 * update (the batch, its targets, dL/dQ) is allocated at creation, and the
 * nets' workspaces reach the batch size on the first update, so acting and
 * training allocate nothing afterwards. */
#include <semec/learn/dqn.h>
#include <semec/engine/options.h>
#include <semec/engine/rng.h>
#include <math.h>
#include <string.h>

const char *const SemecDQNShareNames[]       = {"none", "all", NULL};
const char *const SemecDQNLossNames[]        = {"squared", "huber", NULL};
const char *const SemecDQNEpsScheduleNames[] = {"linear", "exponential", NULL};
const char *const SemecDQNEpsUnitNames[]     = {"episode", "step", NULL};

/* counter offset of the replay draws: exploration uses counter 0 */
#define SAMPLE_BASE ((uint64_t)1 << 62)

typedef struct {
  SemecNet    *online, *target;
  SemecReplay *replay;
} Learner;

struct SemecDQN_s {
  SemecDQNSpec    spec;
  SemecDQNOptions opt;
  PetscInt        nlearners;
  Learner        *learner;
  /* one batch: obs and next obs [batch x nobs], action, reward, done, y, the
   * selected Q values and dL/dQ [batch x nactions] */
  double   *obs, *next, *reward, *done, *y, *q, *dq, *dqsel;
  PetscInt *action, *index;
};

/* ------------------------------------------------------------------ options */

PetscErrorCode SemecDQNOptionsDefault(SemecDQNOptions *o)
{
  PetscFunctionBeginUser;
  memset(o, 0, sizeof(*o));
  o->share           = SEMEC_DQN_SHARE_NONE;
  o->nhidden         = 2;
  o->hidden[0]       = 64;
  o->hidden[1]       = 64;
  o->gamma           = 0.95;
  o->double_q        = PETSC_FALSE;
  o->loss            = SEMEC_DQN_LOSS_SQUARED;
  o->huber_delta     = 1.0;
  o->batch           = 32;
  o->replay_episodes = 50;
  o->learning_starts = 50;
  o->target_update   = 0;
  o->tau             = 0.0;
  o->eps_start       = 1.0;
  o->eps_end         = 0.05;
  o->eps_decay       = 500;
  o->eps_schedule    = SEMEC_DQN_EPS_LINEAR;
  o->eps_unit        = SEMEC_DQN_EPS_EPISODE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecDQNOptionsCheck(MPI_Comm comm, const SemecDQNOptions *o)
{
  PetscFunctionBeginUser;
  PetscCheck(o->share == SEMEC_DQN_SHARE_NONE || o->share == SEMEC_DQN_SHARE_ALL, comm, PETSC_ERR_ARG_OUTOFRANGE, "Option -dqn_share: unknown mode %d",
             (int)o->share);
  SEMEC_CHECK_INT("-dqn_hidden (number of layers)", o->nhidden, 1, SEMEC_DQN_MAX_HIDDEN);
  for (PetscInt l = 0; l < o->nhidden; l++) SEMEC_CHECK_INT("-dqn_hidden", o->hidden[l], 1, 100000);
  SEMEC_CHECK_REAL("-dqn_gamma", o->gamma, 0.0, 1.0);
  PetscCheck(o->loss == SEMEC_DQN_LOSS_SQUARED || o->loss == SEMEC_DQN_LOSS_HUBER, comm, PETSC_ERR_ARG_OUTOFRANGE, "Option -dqn_loss: unknown loss %d",
             (int)o->loss);
  PetscCheck(isfinite(o->huber_delta) && o->huber_delta > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "Option -dqn_huber_delta, %g, is out of range: allowed (0, inf)",
             o->huber_delta);
  SEMEC_CHECK_INT("-dqn_batch", o->batch, 1, 1000000);
  SEMEC_CHECK_INT("-dqn_replay_episodes", o->replay_episodes, 1, 10000000);
  SEMEC_CHECK_INT("-dqn_learning_starts", o->learning_starts, 1, o->replay_episodes);
  SEMEC_CHECK_INT("-dqn_target_update", o->target_update, 0, 1000000000);
  SEMEC_CHECK_REAL("-dqn_tau", o->tau, 0.0, 1.0);
  SEMEC_CHECK_REAL("-dqn_eps_start", o->eps_start, 0.0, 1.0);
  SEMEC_CHECK_REAL("-dqn_eps_end", o->eps_end, 0.0, o->eps_start);
  PetscCheck(isfinite(o->eps_decay) && o->eps_decay > 0, comm, PETSC_ERR_ARG_OUTOFRANGE, "Option -dqn_eps_decay, %g, is out of range: allowed (0, inf)",
             o->eps_decay);
  PetscCheck(o->eps_schedule == SEMEC_DQN_EPS_LINEAR || o->eps_schedule == SEMEC_DQN_EPS_EXPONENTIAL, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -dqn_eps_schedule: unknown schedule %d", (int)o->eps_schedule);
  PetscCheck(o->eps_unit == SEMEC_DQN_EPS_EPISODE || o->eps_unit == SEMEC_DQN_EPS_STEP, comm, PETSC_ERR_ARG_OUTOFRANGE, "Option -dqn_eps_unit: unknown unit %d",
             (int)o->eps_unit);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecDQNOptionsRead(MPI_Comm comm, SemecDQNOptions *o)
{
  int       share = (int)o->share, loss = (int)o->loss, sched = (int)o->eps_schedule, unit = (int)o->eps_unit;
  PetscInt  nh    = SEMEC_DQN_MAX_HIDDEN;
  PetscBool has_hidden, has_starts;

  PetscFunctionBeginUser;
  PetscOptionsBegin(comm, NULL, "DQN / DDQN learner (-dqn_)", NULL);
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-dqn_share", "Q-networks: none (one learner per agent) or all (the agents share one)",
                                  SemecDQNShareNames, &share));
  PetscCall(SemecOptionCheckNumbers(comm, "-dqn_hidden", PETSC_TRUE, SEMEC_DQN_MAX_HIDDEN));
  PetscCall(PetscOptionsIntArray("-dqn_hidden", "Widths of the Q-network's hidden relu layers (comma-separated)", NULL, o->hidden, &nh, &has_hidden));
  SEMEC_OPT_REAL("-dqn_gamma", "Discount factor gamma of the TD target", o->gamma);
  SEMEC_OPT_BOOL("-dqn_double", "Double DQN target: argmax by the online net, value by the target net", o->double_q);
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-dqn_loss", "TD loss: squared (e^2) or huber (e^2/2 inside -dqn_huber_delta, linear outside)",
                                  SemecDQNLossNames, &loss));
  SEMEC_OPT_REAL("-dqn_huber_delta", "Threshold of the Huber loss", o->huber_delta);
  SEMEC_OPT_INT("-dqn_batch", "Transitions sampled per update", o->batch);
  SEMEC_OPT_INT("-dqn_replay_episodes", "Replay memory capacity in episodes (the oldest episode is evicted)", o->replay_episodes);
  PetscCall(PetscOptionsHasName(NULL, NULL, "-dqn_learning_starts", &has_starts));
  if (!has_starts) o->learning_starts = o->replay_episodes; /* default: learn once the memory is full */
  SEMEC_OPT_INT("-dqn_learning_starts", "Episodes stored (counting the current one) before updates start (default: -dqn_replay_episodes)",
                o->learning_starts);
  SEMEC_OPT_INT("-dqn_target_update", "Updates between hard copies of the online net to the target net (0: at the end of every episode)", o->target_update);
  SEMEC_OPT_REAL("-dqn_tau", "Polyak averaging weight of the target net after every update (0: hard copies instead)", o->tau);
  SEMEC_OPT_REAL("-dqn_eps_start", "Exploration rate epsilon at x = 0", o->eps_start);
  SEMEC_OPT_REAL("-dqn_eps_end", "Final exploration rate epsilon", o->eps_end);
  SEMEC_OPT_REAL("-dqn_eps_decay", "Length (linear) or time constant (exponential) of the epsilon schedule, in -dqn_eps_unit", o->eps_decay);
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-dqn_eps_schedule", "Epsilon schedule: linear or exponential", SemecDQNEpsScheduleNames, &sched));
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-dqn_eps_unit", "The schedule counts episode (the episode index) or step (the step counter)",
                                  SemecDQNEpsUnitNames, &unit));
  PetscOptionsEnd();
  if (has_hidden) o->nhidden = nh;
  o->share        = (SemecDQNShare)share;
  o->loss         = (SemecDQNLoss)loss;
  o->eps_schedule = (SemecDQNEpsSchedule)sched;
  o->eps_unit     = (SemecDQNEpsUnit)unit;
  PetscCall(SemecDQNOptionsCheck(comm, o));
  PetscFunctionReturn(PETSC_SUCCESS);
}

double SemecDQNEpsilon(const SemecDQNOptions *o, double x)
{
  double f = o->eps_schedule == SEMEC_DQN_EPS_LINEAR ? PetscMax(0.0, 1.0 - x / o->eps_decay) : exp(-x / o->eps_decay);
  return o->eps_end + (o->eps_start - o->eps_end) * f;
}

/* ------------------------------------------------------------------ learner */

PetscErrorCode SemecDQNCreate(const SemecDQNSpec *spec, const SemecDQNOptions *opt, const SemecAdamOptions *adam, SemecDQN **pdqn)
{
  SemecDQN    *d;
  SemecNetSpec ns;
  PetscInt     B = opt->batch, A = spec->nactions, n = spec->nobs;

  PetscFunctionBeginUser;
  PetscCall(SemecDQNOptionsCheck(PETSC_COMM_SELF, opt));
  PetscCheck(n >= 1 && A >= 1 && spec->nagents >= 1 && spec->steps_hint >= 1, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
             "DQN: observation width %" PetscInt_FMT ", actions %" PetscInt_FMT ", agents %" PetscInt_FMT " and steps_hint %" PetscInt_FMT " must be >= 1", n, A,
             spec->nagents, spec->steps_hint);
  PetscCall(PetscNew(&d));
  d->spec      = *spec;
  d->opt       = *opt;
  d->nlearners = opt->share == SEMEC_DQN_SHARE_ALL ? 1 : spec->nagents;
  memset(&ns, 0, sizeof(ns));
  ns.nlayers = opt->nhidden + 1;
  ns.sizes[0] = n;
  for (PetscInt l = 0; l < opt->nhidden; l++) {
    ns.sizes[l + 1] = opt->hidden[l];
    ns.act[l]       = SEMEC_ACT_RELU;
  }
  ns.sizes[ns.nlayers]   = A;
  ns.act[ns.nlayers - 1] = SEMEC_ACT_IDENTITY;
  ns.seed                = spec->seed;
  PetscCall(PetscCalloc1(d->nlearners, &d->learner));
  for (PetscInt k = 0; k < d->nlearners; k++) {
    Learner *L = &d->learner[k];
    ns.id      = spec->id + (uint64_t)k;
    PetscCall(SemecNetCreate(&ns, adam, &L->online));
    PetscCall(SemecNetDuplicate(L->online, &L->target));
    PetscCall(SemecReplayCreate(n, opt->replay_episodes, spec->steps_hint * (d->nlearners == 1 ? spec->nagents : 1), &L->replay));
  }
  PetscCall(PetscMalloc6(B * n, &d->obs, B * n, &d->next, B, &d->reward, B, &d->done, B, &d->y, B, &d->q));
  PetscCall(PetscMalloc4(B * A, &d->dq, B, &d->dqsel, B, &d->action, B, &d->index));
  *pdqn = d;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecDQNDestroy(SemecDQN **pdqn)
{
  SemecDQN *d = *pdqn;

  PetscFunctionBeginUser;
  if (!d) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt k = 0; k < d->nlearners; k++) {
    PetscCall(SemecNetDestroy(&d->learner[k].online));
    PetscCall(SemecNetDestroy(&d->learner[k].target));
    PetscCall(SemecReplayDestroy(&d->learner[k].replay));
  }
  PetscCall(PetscFree(d->learner));
  PetscCall(PetscFree6(d->obs, d->next, d->reward, d->done, d->y, d->q));
  PetscCall(PetscFree4(d->dq, d->dqsel, d->action, d->index));
  PetscCall(PetscFree(*pdqn));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscInt     SemecDQNNumLearners(const SemecDQN *d) { return d->nlearners; }
SemecNet    *SemecDQNOnline(SemecDQN *d, PetscInt k) { return d->learner[k].online; }
SemecNet    *SemecDQNTarget(SemecDQN *d, PetscInt k) { return d->learner[k].target; }
SemecReplay *SemecDQNReplay(SemecDQN *d, PetscInt k) { return d->learner[k].replay; }
PetscInt     SemecDQNLearnerOf(const SemecDQN *d, PetscInt agent) { return d->nlearners == 1 ? 0 : agent; }

static PetscErrorCode CheckAgent(const SemecDQN *d, PetscInt agent)
{
  PetscFunctionBeginUser;
  PetscCheck(agent >= 0 && agent < d->spec.nagents, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "DQN: agent %" PetscInt_FMT " not in [0, %" PetscInt_FMT ")",
             agent, d->spec.nagents);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* index of the largest of n values, the lowest on ties */
static PetscInt ArgMax(PetscInt n, const double *v)
{
  PetscInt best = 0;
  for (PetscInt j = 1; j < n; j++)
    if (v[j] > v[best]) best = j;
  return best;
}

PetscErrorCode SemecDQNAct(SemecDQN *d, PetscInt agent, uint64_t id, uint64_t episode, uint64_t step, const double *obs, PetscBool explore,
                           PetscInt *action)
{
  const double *q;
  PetscInt      A = d->spec.nactions;

  PetscFunctionBeginUser;
  PetscCall(CheckAgent(d, agent));
  if (explore) {
    SemecRngKey key = {d->spec.seed, SEMEC_STREAM_DQN, id, episode, step};
    double      u[4], eps = SemecDQNEpsilon(&d->opt, d->opt.eps_unit == SEMEC_DQN_EPS_EPISODE ? (double)episode : (double)step);
    SemecRngUniform4(&key, 0, u);
    if (u[0] < eps) {
      *action = PetscMin((PetscInt)(u[1] * (double)A), A - 1);
      PetscFunctionReturn(PETSC_SUCCESS);
    }
  }
  PetscCall(SemecNetForward(d->learner[SemecDQNLearnerOf(d, agent)].online, 1, obs, &q));
  *action = ArgMax(A, q);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecDQNStore(SemecDQN *d, PetscInt agent, const double *obs, PetscInt action, double reward, const double *next_obs, PetscBool done)
{
  PetscFunctionBeginUser;
  PetscCall(CheckAgent(d, agent));
  PetscCheck(action >= 0 && action < d->spec.nactions, PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE, "DQN: action %" PetscInt_FMT " not in [0, %" PetscInt_FMT ")",
             action, d->spec.nactions);
  PetscCheck(isfinite(reward), PETSC_COMM_SELF, PETSC_ERR_FP, "DQN: reward %g of agent %" PetscInt_FMT " is not finite", reward, agent);
  PetscCall(SemecReplayAppend(d->learner[SemecDQNLearnerOf(d, agent)].replay, obs, action, reward, next_obs, done));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecDQNTargets(SemecNet *online, SemecNet *target, PetscBool double_q, double gamma, PetscInt b, const double *reward,
                               const double *next_obs, const double *done, double *y)
{
  const double *qt, *qo = NULL;
  PetscInt      A = SemecNetNumOutputs(target);

  PetscFunctionBeginUser;
  if (double_q) PetscCall(SemecNetForward(online, b, next_obs, &qo));
  PetscCall(SemecNetForward(target, b, next_obs, &qt));
  for (PetscInt s = 0; s < b; s++) {
    const double *row = qt + s * A;
    double        v   = double_q ? row[ArgMax(A, qo + s * A)] : row[ArgMax(A, row)];
    y[s]              = reward[s] + gamma * (1.0 - done[s]) * v; /* DQN / DDQN target */
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* theta' <- tau theta + (1 - tau) theta' (tau = 1: a hard copy) */
static void MoveTarget(SemecNet *online, SemecNet *target, double tau)
{
  const double *p = SemecNetParams(online);
  double       *t = SemecNetParams(target);
  PetscInt      P = SemecNetNumParams(online);
  if (tau == 1.0) memcpy(t, p, (size_t)P * sizeof(double));
  else
    for (PetscInt i = 0; i < P; i++) t[i] = tau * p[i] + (1.0 - tau) * t[i];
}

PetscErrorCode SemecDQNSyncTarget(SemecDQN *d, PetscInt k)
{
  PetscFunctionBeginUser;
  for (PetscInt j = 0; j < d->nlearners; j++)
    if (k < 0 || j == k) MoveTarget(d->learner[j].online, d->learner[j].target, 1.0);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* PETSC_TRUE when the learners' gradients are averaged over the ranks: one
 * learner shared by the agents (-dqn_share all) under -rl_sync allreduce.
 * Per-agent learners (-dqn_share none) stay rank-local, so that a run with
 * one learner per UE does not depend on the decomposition. */
static PetscBool Synced(const SemecDQN *d)
{
  return (PetscBool)(d->opt.share == SEMEC_DQN_SHARE_ALL && SemecNetAdam(d->learner[0].online)->sync == SEMEC_RL_SYNC_ALLREDUCE);
}

/* The loss of this rank's batch (if ready) and its gradient on L's online net. */
static PetscErrorCode BatchGradient(SemecDQN *d, Learner *L, PetscInt k, uint64_t id, uint64_t episode, uint64_t step, double *loss, double *qmean)
{
  const SemecDQNOptions *o = &d->opt;
  PetscInt               B = o->batch, A = d->spec.nactions;
  SemecRngKey            key = {d->spec.seed, SEMEC_STREAM_DQN, id + (uint64_t)k, episode, step}; /* learner k is learner id + k of the run */
  const double          *q;

  PetscFunctionBeginUser;
  PetscCall(SemecReplaySample(L->replay, &key, SAMPLE_BASE, B, d->index));
  PetscCall(SemecReplayGather(L->replay, B, d->index, d->obs, d->action, d->reward, d->next, d->done));
  PetscCall(SemecDQNTargets(L->online, L->target, o->double_q, o->gamma, B, d->reward, d->next, d->done, d->y));
  PetscCall(SemecNetForward(L->online, B, d->obs, &q)); /* last: the backward pass needs this one */
  *qmean = 0;
  for (PetscInt s = 0; s < B; s++) {
    d->q[s]     = q[s * A + d->action[s]];
    d->dqsel[s] = 0;
    *qmean += d->q[s] / (double)B;
  }
  if (o->loss == SEMEC_DQN_LOSS_SQUARED) PetscCall(SemecNNSquaredError(B, 1, d->q, d->y, loss, d->dqsel));
  else PetscCall(SemecNNHuber(B, 1, d->q, d->y, o->huber_delta, loss, d->dqsel));
  PetscCall(PetscArrayzero(d->dq, B * A));
  for (PetscInt s = 0; s < B; s++) d->dq[s * A + d->action[s]] = d->dqsel[s];
  PetscCall(SemecNetBackward(L->online, d->dq));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecDQNTrain(SemecDQN *d, SemecComm *comm, uint64_t id, uint64_t episode, uint64_t step, SemecDQNStats *stats)
{
  const SemecDQNOptions *o       = &d->opt;
  PetscInt               updates = 0, local = 0;
  double                 loss_sum = 0, q_sum = 0;

  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < d->nlearners; k++) {
    Learner  *L     = &d->learner[k];
    PetscBool ready = (PetscBool)(SemecReplayNumEpisodes(L->replay) >= o->learning_starts);
    double    total = 0, loss = 0, qmean = 0;

    PetscCall(SemecNetZeroGrad(L->online));
    if (ready) PetscCall(BatchGradient(d, L, k, id, episode, step, &loss, &qmean));
    if (Synced(d)) {
      PetscCheck(comm, PETSC_COMM_SELF, PETSC_ERR_ARG_NULL, "DQN with -rl_sync allreduce needs a communicator");
      PetscCall(SemecNetSyncGradients(L->online, comm, ready ? (double)o->batch : 0.0, &total));
    } else total = ready ? (double)o->batch : 0.0;
    if (total == 0) continue; /* no rank had data for this learner */
    PetscCall(SemecNetAdamStep(L->online));
    updates++;
    if (ready) {
      local++;
      loss_sum += loss;
      q_sum += qmean;
    }
    if (o->tau > 0) MoveTarget(L->online, L->target, o->tau);
    else if (o->target_update > 0 && SemecNetAdamSteps(L->online) % o->target_update == 0) MoveTarget(L->online, L->target, 1.0);
  }
  if (stats) {
    stats->updates = updates;
    stats->loss    = local ? loss_sum / (double)local : NAN;
    stats->q       = local ? q_sum / (double)local : NAN;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecDQNEndEpisode(SemecDQN *d)
{
  PetscFunctionBeginUser;
  for (PetscInt k = 0; k < d->nlearners; k++) PetscCall(SemecReplayEndEpisode(d->learner[k].replay));
  if (d->opt.tau == 0 && d->opt.target_update == 0) PetscCall(SemecDQNSyncTarget(d, -1));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* --------------------------------------------------------------- checkpoint */

/* This rank's rows of the checkpoint (first row, -1: writes nothing) and their count. */
static void Rows(const SemecDQN *d, SemecComm *comm, PetscInt *first, PetscInt *nrows)
{
  PetscInt L = d->nlearners, rank = comm ? SemecCommRank(comm) : 0, size = comm ? SemecCommSize(comm) : 1;
  if (Synced(d)) {
    *first = rank == 0 ? 0 : -1;
    *nrows = L;
  } else {
    *first = rank * L;
    *nrows = size * L;
  }
}

PetscErrorCode SemecDQNSave(const SemecDQN *d, SemecComm *comm, hid_t loc)
{
  PetscInt         first, nrows, n;
  PetscInt        *rows;
  const SemecNet **on, **tg;

  PetscFunctionBeginUser;
  Rows(d, comm, &first, &nrows);
  n = first < 0 ? 0 : d->nlearners;
  PetscCall(PetscMalloc3(d->nlearners, &rows, d->nlearners, &on, d->nlearners, &tg));
  for (PetscInt k = 0; k < d->nlearners; k++) {
    rows[k] = first + k;
    on[k]   = d->learner[k].online;
    tg[k]   = d->learner[k].target;
  }
  PetscCall(SemecNetSaveRows(on[0], on, rows, n, loc, "online", nrows));
  PetscCall(SemecNetSaveRows(tg[0], tg, rows, n, loc, "target", nrows));
  PetscCall(PetscFree3(rows, on, tg));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecDQNLoad(SemecDQN *d, SemecComm *comm, hid_t loc)
{
  PetscInt first, nrows;

  PetscFunctionBeginUser;
  Rows(d, comm, &first, &nrows);
  if (first < 0) first = 0; /* shared nets: every rank reads rows 0..L-1 */
  for (PetscInt k = 0; k < d->nlearners; k++) {
    PetscCall(SemecNetLoad(d->learner[k].online, loc, "online", first + k));
    PetscCall(SemecNetLoad(d->learner[k].target, loc, "target", first + k));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
