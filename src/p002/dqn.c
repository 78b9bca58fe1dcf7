/* Paper 002's DQN baseline (Sec. IV: "discretised the action space and used
 * the same environment as MAPPO") on the DQN learner (src/learn/dqn.c): one
 * agent per UE, the observation of src/p002/mappo.c, and a grid of actions
 * (../shared/specs/mappo.md B.5, our reading):
 *   local at -p002_dqn_frequency_levels frequencies (4), and
 *   offload x p (4 levels) x f (4) x mu (4, 1 included) x requested
 *   sub-channel (K):  4 + 64 K actions, 132 for K = 2.
 * Levels are even over each range.  The one-to-one rule resolves colliding
 * requests (a UE's preference is 1 for its requested sub-channel).  A
 * transition (o_t, a_t, r_t, o_{t+1}) is stored when o_{t+1} is known, at
 * the next step's decision; the episode's last step is stored with done.
 * The team reward of the cell is every agent's reward, as for MAPPO.  Every
 * rank trains once per training slot (-rl_sync allreduce needs equal call
 * counts); the test phase is greedy. */
#include <semec/engine/policy.h>
#include <semec/engine/options.h>
#include <semec/learn/dqn.h>
#include <semec/p002/model.h>
#include <semec/p002/agent.h>
#include <semec/p002/exhaustive.h>
#include <semec/p002/policies.h>

typedef struct {
  SemecDQNOptions  opt;
  SemecAdamOptions adam;
  SemecDQN        *dqn;
  PetscInt         nue, nsub, nobs, cells_per_rank, nf_local, levels, nactions;
  double          *obs, *prev;  /* [agents, nobs]: this step's and the stored step's observations */
  PetscInt        *action;      /* [agents] the step's actions */
  double          *reward;      /* [cells_per_rank] the last step's team reward */
  double          *ret;         /* [cells_per_rank] team reward summed over the training episode so far */
  PetscBool        pending;     /* a transition waits for its next observation */
  SemecComm       *comm;
  SemecDQNStats    stats;
  SemecSeriesInfo  series[4];
  uint64_t         seed, first; /* first: run-wide index of the rank's first learner */
} DqnPolicy;

static PetscErrorCode Create(SemecPolicy *p, const SemecConfig *cfg)
{
  DqnPolicy *dp;
  MPI_Comm   comm = PETSC_COMM_WORLD;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&dp));
  dp->nue            = cfg->ues_per_cell;
  dp->nsub           = cfg->subcarriers;
  dp->nobs           = cfg->subcarriers + 2;
  dp->cells_per_rank = cfg->cells_per_rank;
  dp->seed           = (uint64_t)cfg->seed;
  dp->nf_local       = 4;
  dp->levels         = 4;
  PetscOptionsBegin(comm, NULL, "Paper 002 DQN baseline (-p002_dqn_)", NULL);
  SEMEC_OPT_INT("-p002_dqn_frequency_levels", "Local frequencies of the action grid", dp->nf_local);
  SEMEC_OPT_INT("-p002_dqn_levels", "Levels of p, f and mu each for offloading in the action grid", dp->levels);
  PetscOptionsEnd();
  SEMEC_CHECK_INT("-p002_dqn_frequency_levels", dp->nf_local, 1, 64);
  SEMEC_CHECK_INT("-p002_dqn_levels", dp->levels, 1, 16);
  dp->nactions = dp->nf_local + dp->levels * dp->levels * dp->levels * dp->nsub;
  PetscCall(SemecDQNOptionsDefault(&dp->opt));
  /* spec B.5: memory 50 episodes (Sec. IV), learning from 50 stored, target
   * copied every episode, epsilon 1 -> 0.05 over 200 episodes */
  dp->opt.replay_episodes = 50;
  dp->opt.eps_decay       = 200;
  PetscCall(SemecDQNOptionsRead(comm, &dp->opt));
  PetscCall(SemecAdamOptionsDefault(&dp->adam));
  dp->adam.learning_rate = 5e-4; /* MAPPO's, paper 002 Table II */
  PetscCall(SemecAdamOptionsRead(comm, &dp->adam));
  dp->series[0] = (SemecSeriesInfo){"dqn", "loss", "1", "mean TD loss of the rank's learners updated in the slot (NaN if none)", 1};
  dp->series[1] = (SemecSeriesInfo){"dqn", "q", "1", "mean Q_online(o, a) of those batches (NaN if none)", 1};
  dp->series[2] = (SemecSeriesInfo){"dqn", "episode_return", "1", "the cell's team reward (13) summed over the training episode, at its last slot; NaN elsewhere", 1};
  dp->series[3] = (SemecSeriesInfo){NULL, NULL, NULL, NULL, 0};
  p->data       = dp;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Check(SemecPolicy *p, const SemecConfig *cfg)
{
  MPI_Comm comm = PETSC_COMM_WORLD;

  PetscFunctionBeginUser;
  PetscCheck(cfg->ues_per_cell >= 1 && cfg->ues_per_cell <= SEMEC_P002_MAX_UES, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -geom_ues_per_cell, %" PetscInt_FMT ", is out of range for policy dqn: allowed [1, %d]", cfg->ues_per_cell, SEMEC_P002_MAX_UES);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Setup(DqnPolicy *dp, const SemecPolicyView *v)
{
  SemecDQNSpec spec;
  PetscInt     agents = dp->cells_per_rank * dp->nue;

  PetscFunctionBeginUser;
  /* one learner per UE (-dqn_share none): net ids and batch keys follow the
   * global UE index, so a run is the same in any decomposition; one shared
   * learner: the same id on every rank */
  dp->first = dp->opt.share == SEMEC_DQN_SHARE_NONE ? (uint64_t)SemecCommFirstCell(v->comm) * (uint64_t)dp->nue : 0;
  spec      = (SemecDQNSpec){dp->nobs, dp->nactions, agents, v->clock.length, dp->seed, 3000 + dp->first};
  PetscCall(SemecDQNCreate(&spec, &dp->opt, &dp->adam, &dp->dqn));
  dp->comm = v->comm;
  PetscCall(PetscMalloc4(agents * dp->nobs, &dp->obs, agents * dp->nobs, &dp->prev, agents, &dp->action, dp->cells_per_rank, &dp->reward));
  PetscCall(PetscCalloc1(dp->cells_per_rank, &dp->ret));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Action a of the grid as a decision and a requested sub-channel. */
static void Decode(const DqnPolicy *dp, const SemecP002Params *par, PetscInt a, SemecP002Decision *d, PetscInt *sub)
{
  PetscInt L = dp->levels;
  if (a < dp->nf_local) {
    *d   = (SemecP002Decision){PETSC_FALSE, par->p_min, SemecP002GridLevel(par->f_min, par->f_max, a, dp->nf_local), 1.0, 0.0, 0.0};
    *sub = 0;
    return;
  }
  a -= dp->nf_local;
  *sub = a % dp->nsub;
  a /= dp->nsub;
  *d = (SemecP002Decision){PETSC_TRUE, SemecP002GridLevel(par->p_min, par->p_max, a % L, L), SemecP002GridLevel(par->f_min, par->f_max, (a / L) % L, L),
                           SemecP002GridLevel(par->mu_min, 1.0, a / (L * L), L), 0.0, 0.0};
}

static PetscErrorCode Decide(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  DqnPolicy             *dp    = (DqnPolicy *)p->data;
  const SemecP002Model  *pm    = SemecP002ModelOf(v->model);
  const SemecP002Params *par   = &pm->par;
  PetscInt               local = cell->id % dp->cells_per_rank;
  PetscBool              train = (PetscBool)(v->clock.phase != SEMEC_PHASE_TEST);

  PetscFunctionBeginUser;
  if (cell->series) cell->series[0] = cell->series[1] = cell->series[2] = NAN;
  if (!dp->dqn) PetscCall(Setup(dp, v));
  for (PetscInt u = 0; u < cell->nue; u++) SemecP002Observe(pm, cell, u, dp->obs + (local * dp->nue + u) * dp->nobs);
  /* the previous step's transitions, now that o_{t+1} is known */
  if (train && dp->pending && v->clock.step > 0)
    for (PetscInt u = 0; u < cell->nue; u++) {
      PetscInt agent = local * dp->nue + u;
      PetscCall(SemecDQNStore(dp->dqn, agent, dp->prev + agent * dp->nobs, dp->action[agent], dp->reward[local], dp->obs + agent * dp->nobs, PETSC_FALSE));
    }
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecP002UE *pu    = SemecP002UEOf(&cell->ues[u]);
    PetscInt     agent = local * dp->nue + u, sub;
    uint64_t     ep    = (uint64_t)v->clock.episode + (v->clock.phase == SEMEC_PHASE_TEST ? (1u << 30) : 0u);
    PetscCall(SemecDQNAct(dp->dqn, agent, (uint64_t)cell->ues[u].id, ep, (uint64_t)v->clock.step, dp->obs + agent * dp->nobs, train, &dp->action[agent]));
    Decode(dp, par, dp->action[agent], &pu->d, &sub);
    pu->choice = sub;
    for (PetscInt k = 0; k < dp->nsub; k++) pu->pref[k] = k == sub ? 1.0 : 0.0;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Learn(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  DqnPolicy *dp    = (DqnPolicy *)p->data;
  PetscInt   local = cell->id % dp->cells_per_rank;
  PetscBool  done  = SemecClockEpisodeEnds(&v->clock);
  double     r     = SemecP002TeamReward(cell);

  PetscFunctionBeginUser;
  if (v->clock.phase == SEMEC_PHASE_TEST) PetscFunctionReturn(PETSC_SUCCESS);
  dp->reward[local] = r;
  dp->ret[local] += r;
  if (done) {
    if (cell->series) cell->series[2] = dp->ret[local];
    dp->ret[local] = 0.0;
  }
  for (PetscInt u = 0; u < cell->nue; u++) {
    PetscInt agent = local * dp->nue + u;
    PetscCall(PetscArraycpy(dp->prev + agent * dp->nobs, dp->obs + agent * dp->nobs, dp->nobs));
    if (done) PetscCall(SemecDQNStore(dp->dqn, agent, dp->prev + agent * dp->nobs, dp->action[agent], r, dp->obs + agent * dp->nobs, PETSC_TRUE));
  }
  if (local == dp->cells_per_rank - 1) { /* once per rank and slot, on every rank */
    uint64_t ep = (uint64_t)v->clock.episode;
    dp->pending = (PetscBool)!done;
    PetscCall(SemecDQNTrain(dp->dqn, v->comm, dp->first, ep, (uint64_t)v->clock.step, &dp->stats));
    if (cell->series) {
      cell->series[0] = dp->stats.loss;
      cell->series[1] = dp->stats.q;
    }
    if (done) PetscCall(SemecDQNEndEpisode(dp->dqn));
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
  PetscCall(PetscFree(dp->ret));
  PetscCall(PetscFree(p->data));
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecPolicyOps SemecPolicyP002Dqn = {.name       = "dqn",
                                           .help       = "paper 002 baseline: DQN per UE over a discretised action grid (4 + 64 K actions)",
                                           .model      = "semantic_multitask",
                                           .create     = Create,
                                           .check      = Check,
                                           .decide     = Decide,
                                           .learn      = Learn,
                                           .series     = Series,
                                           .checkpoint = Checkpoint,
                                           .destroy    = Destroy};
