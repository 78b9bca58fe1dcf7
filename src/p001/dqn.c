/* Paper 001's DQN and DDQN baselines (Sec. V-A: "traditional DQN ... power
 * and frequency converted to discrete levels", and the double DQN that
 * fixes its overestimation) on the DQN learner (src/learn/dqn.c):
 * independent learners, one per UE, on the observation of
 * include/semec/p001/agent.h (9 numbers, no channel state) with the cell's
 * team reward r_t = sum_i r_i of eq. (13), eq. (14) included at the cell's
 * last step.  A grid of actions (../shared/specs/mappo.md A.5):
 *   local at -p001_dqn_frequency_levels frequencies (5), and
 *   offload x bhat (-p001_dqn_share_levels 3: -1, 0, +1) x p
 *   (-p001_dqn_power_levels 4: 18, 20, 22, 24 dBm) x f (5):
 *   5 + 3 x 4 x 5 = 65 actions.
 * Levels are even over each range (p in dBm; bhat over [-1, 1], one level:
 * 0; p and f with one level: the upper bound).  ddqn is the same with the
 * double-Q target (the generic -dqn_double, forced on).
 * Learner settings (spec A.5): 2 x 64 relu, squared TD loss, Adam at 3e-4,
 * gamma 0.95, replay of 50 episodes, learning once it is full, batches of
 * 32, target copied every episode, epsilon 1 -> 0.05 linear over the first
 * half of the training episodes (-dqn_eps_decay = -sim_train_episodes / 2);
 * every one a -dqn_ or -rl_ option.
 * Transitions: every UE of a cell stores (o_t, a_t, r_t, o_{t+1}) for each
 * step the cell's episode ran (as src/p001/mappo.c: a UE whose queue
 * emptied acts without effect and earns the team's reward); o_{t+1} is
 * known at the next step's decision, and the cell's last step (its queues
 * emptied, or step T) is stored at once with done.  A cell that finished
 * early idles, storing nothing, until the engine's episode ends.  Every rank
 * trains once per training slot (-rl_sync allreduce needs equal call
 * counts) and closes the replay episode at the engine's episode end; the
 * test phase is greedy.  Keys (initial weights, exploration, batches)
 * follow the global UE index, so a run does not depend on the
 * decomposition. */
#include <semec/engine/policy.h>
#include <semec/engine/options.h>
#include <semec/learn/dqn.h>
#include <semec/p001/model.h>
#include <semec/p001/agent.h>
#include <semec/p001/exhaustive.h>
#include <semec/p001/policies.h>

#define BHAT_RANGE 1.0 /* the share requests lie in [-1, 1]: shares within a ratio e^2 */

typedef struct {
  SemecDQNOptions  opt;
  SemecAdamOptions adam;
  SemecDQN        *dqn;
  PetscInt         nue, cells_per_rank, nf, np, nb, nactions;
  double          *obs, *prev; /* [agents, SEMEC_P001_NOBS]: this step's and the stored step's observations */
  PetscInt        *action;     /* [agents] the step's actions */
  double          *reward;     /* [cells_per_rank] the cell's last team reward */
  PetscBool       *pending;    /* [cells_per_rank] the cell's last step waits for its next observation */
  SemecComm       *comm;
  SemecDQNStats    stats;
  SemecSeriesInfo  series[3];
  uint64_t         seed, first; /* first: run-wide index of the rank's first learner */
} DqnPolicy;

/* The action grid's options. */
static PetscErrorCode ReadGrid(MPI_Comm comm, DqnPolicy *dp)
{
  PetscFunctionBeginUser;
  dp->nf = 5;
  dp->np = 4;
  dp->nb = 3;
  PetscOptionsBegin(comm, NULL, "Paper 001 DQN and DDQN baselines (-p001_dqn_)", NULL);
  SEMEC_OPT_INT("-p001_dqn_frequency_levels", "Local frequency levels of the action grid, even over [-p001_frequency_min, -p001_frequency_max]", dp->nf);
  SEMEC_OPT_INT("-p001_dqn_power_levels", "Transmit power levels of an offload, even in dBm over [-p001_power_min, -p001_power_max]", dp->np);
  SEMEC_OPT_INT("-p001_dqn_share_levels", "Bandwidth requests bhat of an offload, even over [-1, 1] (one level: 0), eq. (12)", dp->nb);
  PetscOptionsEnd();
  SEMEC_CHECK_INT("-p001_dqn_frequency_levels", dp->nf, 1, 64);
  SEMEC_CHECK_INT("-p001_dqn_power_levels", dp->np, 1, 64);
  SEMEC_CHECK_INT("-p001_dqn_share_levels", dp->nb, 1, 16);
  dp->nactions = dp->nf + dp->nb * dp->np * dp->nf;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The learner's options: spec A.5's defaults, then -dqn_ and -rl_. */
static PetscErrorCode ReadLearner(MPI_Comm comm, const SemecConfig *cfg, PetscBool ddqn, DqnPolicy *dp)
{
  PetscBool set, dbl;

  PetscFunctionBeginUser;
  PetscCall(SemecDQNOptionsDefault(&dp->opt)); /* 2 x 64 relu, squared loss, gamma 0.95, batch 32, 50 episodes, target every episode */
  dp->opt.eps_decay = PetscMax(1.0, 0.5 * (double)cfg->train_episodes); /* 1 -> 0.05 over the first half of training */
  PetscCall(SemecDQNOptionsRead(comm, &dp->opt));
  if (ddqn) {
    PetscCall(PetscOptionsGetBool(NULL, NULL, "-dqn_double", &dbl, &set));
    PetscCheck(!set || dbl, comm, PETSC_ERR_ARG_INCOMP, "Policy ddqn uses the double-Q target: -dqn_double false contradicts it (use -policy dqn)");
    dp->opt.double_q = PETSC_TRUE;
  }
  PetscCall(SemecAdamOptionsDefault(&dp->adam));
  dp->adam.learning_rate = 3e-4; /* spec A.5, the MAPPO reproduction's */
  PetscCall(SemecAdamOptionsRead(comm, &dp->adam));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Create(SemecPolicy *p, const SemecConfig *cfg, PetscBool ddqn)
{
  DqnPolicy *dp;
  MPI_Comm   comm = PETSC_COMM_WORLD;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&dp));
  dp->nue            = cfg->ues_per_cell;
  dp->cells_per_rank = cfg->cells_per_rank;
  dp->seed           = (uint64_t)cfg->seed;
  PetscCall(ReadGrid(comm, dp));
  PetscCall(ReadLearner(comm, cfg, ddqn, dp));
  dp->series[0] = (SemecSeriesInfo){"dqn", "loss", "1", "mean TD loss of the rank's learners updated in the slot, at the rank's last cell (NaN if none)", 1};
  dp->series[1] = (SemecSeriesInfo){"dqn", "q", "1", "mean Q_online(o, a) of those batches (NaN if none)", 1};
  dp->series[2] = (SemecSeriesInfo){NULL, NULL, NULL, NULL, 0};
  p->data       = dp;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CreateDqn(SemecPolicy *p, const SemecConfig *cfg) { return Create(p, cfg, PETSC_FALSE); }
static PetscErrorCode CreateDdqn(SemecPolicy *p, const SemecConfig *cfg) { return Create(p, cfg, PETSC_TRUE); }

static PetscErrorCode Setup(DqnPolicy *dp, const SemecPolicyView *v)
{
  SemecDQNSpec spec;
  PetscInt     agents = dp->cells_per_rank * dp->nue;

  PetscFunctionBeginUser;
  /* one learner per UE (-dqn_share none): net ids and batch keys follow the
   * global UE index; one shared learner: the same id on every rank */
  dp->first = dp->opt.share == SEMEC_DQN_SHARE_NONE ? (uint64_t)SemecCommFirstCell(v->comm) * (uint64_t)dp->nue : 0;
  spec      = (SemecDQNSpec){SEMEC_P001_NOBS, dp->nactions, agents, v->clock.length, dp->seed, 3000 + dp->first};
  PetscCall(SemecDQNCreate(&spec, &dp->opt, &dp->adam, &dp->dqn));
  dp->comm = v->comm;
  PetscCall(PetscMalloc4(agents * SEMEC_P001_NOBS, &dp->obs, agents * SEMEC_P001_NOBS, &dp->prev, agents, &dp->action, dp->cells_per_rank, &dp->reward));
  PetscCall(PetscCalloc1(dp->cells_per_rank, &dp->pending));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Action a of the grid as UE pu's decision: a < nf local at frequency level
 * a; else a - nf = (share level nb_i x np + power level) x nf + frequency level. */
static void Apply(const DqnPolicy *dp, const SemecP001Params *par, PetscInt a, SemecP001UE *pu)
{
  PetscInt ib;

  pu->offload = (PetscBool)(a >= dp->nf);
  pu->bhat    = 0.0;
  pu->p       = par->p_max;
  if (!pu->offload) {
    pu->f = SemecP001Level(par->f_min, par->f_max, a, dp->nf);
    return;
  }
  a -= dp->nf;
  pu->f    = SemecP001Level(par->f_min, par->f_max, a % dp->nf, dp->nf);
  pu->p    = SemecP001PowerLevel(par, (a / dp->nf) % dp->np, dp->np);
  ib       = a / (dp->nf * dp->np);
  pu->bhat = dp->nb > 1 ? BHAT_RANGE * (2.0 * (double)ib / (double)(dp->nb - 1) - 1.0) : 0.0; /* eq. (12)'s request */
}

/* The cell's previous step, now that o_{t+1} is known (once: the decision may be repeated in a slot). */
static PetscErrorCode StorePending(DqnPolicy *dp, PetscInt local)
{
  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < dp->nue; u++) {
    PetscInt agent = local * dp->nue + u;
    double  *o     = dp->obs + agent * SEMEC_P001_NOBS;
    PetscCall(SemecDQNStore(dp->dqn, agent, dp->prev + agent * SEMEC_P001_NOBS, dp->action[agent], dp->reward[local], o, PETSC_FALSE));
  }
  dp->pending[local] = PETSC_FALSE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Decide(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  DqnPolicy            *dp    = (DqnPolicy *)p->data;
  const SemecP001Model *pm    = SemecP001ModelOf(v->model);
  PetscInt              local = cell->id % dp->cells_per_rank;
  PetscBool             train = (PetscBool)(v->clock.phase != SEMEC_PHASE_TEST);
  uint64_t              ep    = (uint64_t)v->clock.episode + (train ? 0u : (1u << 30));

  PetscFunctionBeginUser;
  if (cell->series) cell->series[0] = cell->series[1] = NAN;
  if (!dp->dqn) PetscCall(Setup(dp, v));
  PetscCheck(cell->nue == dp->nue, PETSC_COMM_SELF, PETSC_ERR_SUP, "Cell %" PetscInt_FMT " has %" PetscInt_FMT " UEs, policy %s expects %" PetscInt_FMT, cell->id,
             cell->nue, p->ops->name, dp->nue);
  if (!SemecP001CellOf(cell)->active) PetscFunctionReturn(PETSC_SUCCESS); /* its episode ended: nothing to decide */
  for (PetscInt u = 0; u < cell->nue; u++) SemecP001Observe(pm, v->cfg, &v->clock, cell, u, dp->obs + (local * dp->nue + u) * SEMEC_P001_NOBS);
  if (train && dp->pending[local] && v->clock.step > 0) PetscCall(StorePending(dp, local));
  for (PetscInt u = 0; u < cell->nue; u++) {
    PetscInt agent = local * dp->nue + u;
    PetscCall(SemecDQNAct(dp->dqn, agent, (uint64_t)cell->ues[u].id, ep, (uint64_t)v->clock.step, dp->obs + agent * SEMEC_P001_NOBS, train, &dp->action[agent]));
    Apply(dp, &pm->par, dp->action[agent], SemecP001UEOf(&cell->ues[u]));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The cell's step just evaluated: kept for its next observation, or stored with done at its episode's end. */
static PetscErrorCode Record(DqnPolicy *dp, const SemecCell *cell, PetscInt local)
{
  PetscBool done = SemecP001Ended(cell);

  PetscFunctionBeginUser;
  dp->reward[local] = SemecP001TeamReward(cell); /* eq. (13) summed, (14) at the last step */
  for (PetscInt u = 0; u < dp->nue; u++) {
    PetscInt agent = local * dp->nue + u;
    double  *prev  = dp->prev + agent * SEMEC_P001_NOBS;
    PetscCall(PetscArraycpy(prev, dp->obs + agent * SEMEC_P001_NOBS, SEMEC_P001_NOBS));
    if (done) PetscCall(SemecDQNStore(dp->dqn, agent, prev, dp->action[agent], dp->reward[local], prev, PETSC_TRUE)); /* o' unused after done */
  }
  dp->pending[local] = (PetscBool)!done;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Learn(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  DqnPolicy *dp    = (DqnPolicy *)p->data;
  PetscInt   local = cell->id % dp->cells_per_rank;

  PetscFunctionBeginUser;
  if (v->clock.phase == SEMEC_PHASE_TEST) PetscFunctionReturn(PETSC_SUCCESS);
  if (SemecP001Stepped(cell)) PetscCall(Record(dp, cell, local));
  if (local == dp->cells_per_rank - 1) { /* once per rank and slot, on every rank */
    PetscCall(SemecDQNTrain(dp->dqn, v->comm, dp->first, (uint64_t)v->clock.episode, (uint64_t)v->clock.step, &dp->stats));
    if (cell->series) {
      cell->series[0] = dp->stats.loss;
      cell->series[1] = dp->stats.q;
    }
    if (SemecClockEpisodeEnds(&v->clock)) PetscCall(SemecDQNEndEpisode(dp->dqn));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static const SemecSeriesInfo *Series(SemecPolicy *p) { return ((DqnPolicy *)p->data)->series; }

static PetscErrorCode Checkpoint(SemecPolicy *p, hid_t g)
{
  DqnPolicy *dp = (DqnPolicy *)p->data;

  PetscFunctionBeginUser;
  PetscCheck(dp->dqn, PETSC_COMM_SELF, PETSC_ERR_ORDER, "DQN checkpoint before the first decision");
  PetscCall(SemecDQNSave(dp->dqn, dp->comm, g));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Destroy(SemecPolicy *p)
{
  DqnPolicy *dp = (DqnPolicy *)p->data;

  PetscFunctionBeginUser;
  PetscCall(SemecDQNDestroy(&dp->dqn));
  if (dp->obs) PetscCall(PetscFree4(dp->obs, dp->prev, dp->action, dp->reward));
  PetscCall(PetscFree(dp->pending));
  PetscCall(PetscFree(p->data));
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecPolicyOps SemecPolicyP001Dqn  = {.name       = "dqn",
                                            .help       = "paper 001 baseline: independent DQN per UE over a discrete grid of rho, bhat, p, f (65 actions)",
                                            .model      = "multimodal_qoe",
                                            .create     = CreateDqn,
                                            .decide     = Decide,
                                            .learn      = Learn,
                                            .series     = Series,
                                            .checkpoint = Checkpoint,
                                            .destroy    = Destroy};
const SemecPolicyOps SemecPolicyP001Ddqn = {.name       = "ddqn",
                                            .help       = "paper 001 baseline: as dqn with the double-Q target (van Hasselt)",
                                            .model      = "multimodal_qoe",
                                            .create     = CreateDdqn,
                                            .decide     = Decide,
                                            .learn      = Learn,
                                            .series     = Series,
                                            .checkpoint = Checkpoint,
                                            .destroy    = Destroy};
