/* Paper 001's learning scheme (Sec. IV) on the multimodal_qoe model: the UEs
 * are the agents of the MAPPO learner (src/learn/mappo.c).
 *
 *   observation   include/semec/p001/agent.h (position, battery, queue,
 *                 modality, step): no channel state
 *   action        rho (categorical 2) and a Gaussian box [-1, 1]^3 onto
 *                 bhat, p (dBm) and f (SemecP001ApplyBox)
 *   reward        the cell's team reward r_t (13), with (14) at the cell's
 *                 last step, marked done; every UE of an active cell stores
 *                 every step of the episode (a UE whose queue emptied acts
 *                 without effect and earns the team's reward: it shares the
 *                 credit of (14) for finishing early)
 *   networks      one actor and one critic per UE, the critic on the UE's own
 *                 observation (Sec. IV-B: "local RL model", V(o_{t,i}) in
 *                 (23), (26)); -mappo_share all|role and -mappo_critic global
 *                 are options
 *   training      an update once the rollouts hold -p001_mappo_rollout_steps
 *                 steps (Table I "batch step 256"), checked when an episode
 *                 of the engine ends, so that every rollout ends with done;
 *                 the largest count over every agent of the run decides, so
 *                 the schedule does not depend on the decomposition
 * Hyper-parameters (Table I and ../shared/specs/mappo.md A.3): clip 0.3,
 * gamma 0.95, lambda 0.98, c^CR 0.5, c^E 0.005, Monte-Carlo critic targets
 * (26), 10 epochs of 4 minibatches, 2 x 64 tanh, Adam at 1e-3 (Table I's
 * 2e-7 is accepted by -rl_learning_rate but cannot train in 1000 episodes;
 * 3e-4, the spec's choice, needs about 3000: docs/models.md).  Series /mappo/...: the update's losses, entropy and clip
 * fraction at the slot of the update in the rank's last cell, NaN elsewhere. */
#include <semec/engine/policy.h>
#include <semec/engine/options.h>
#include <semec/learn/mappo.h>
#include <semec/p001/model.h>
#include <semec/p001/agent.h>
#include <semec/p001/policies.h>
#include <math.h>

typedef struct {
  SemecMAPPOOptions opt;
  SemecMAPPO       *m;
  PetscInt          nue, cells_per_rank, rollout;
  double           *obs, *state; /* [agents, nobs], [cells_per_rank, nue nobs] */
  SemecMAPPOAction *act;         /* [agents] the step's actions */
  PetscInt         *role;
  SemecComm        *comm;
  SemecMAPPOStats   stats;
  SemecSeriesInfo   series[5];
  PetscLogEvent     ev_act, ev_update;
  uint64_t          seed;
} MappoPolicy;

static PetscErrorCode Create(SemecPolicy *p, const SemecConfig *cfg)
{
  MappoPolicy *mp;
  MPI_Comm     comm = PETSC_COMM_WORLD;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&mp));
  mp->nue            = cfg->ues_per_cell;
  mp->cells_per_rank = cfg->cells_per_rank;
  mp->seed           = (uint64_t)cfg->seed;
  mp->rollout        = 256; /* Table I: batch step */
  PetscCall(SemecMAPPOOptionsDefault(&mp->opt));
  mp->opt.share             = SEMEC_MAPPO_SHARE_NONE;   /* per-UE local models (Sec. IV-B) */
  mp->opt.critic            = SEMEC_MAPPO_CRITIC_LOCAL; /* V(o_{t,i}) */
  mp->opt.epochs            = 10;
  mp->opt.minibatches       = 4;
  mp->opt.clip              = 0.3;   /* Table I: delta */
  mp->opt.gamma             = 0.95;  /* Table I */
  mp->opt.gae_lambda        = 0.98;  /* Table I */
  mp->opt.value_coef        = 0.5;   /* Table I: c^CR */
  mp->opt.entropy_coef      = 0.005; /* Table I: c^E */
  mp->opt.ret               = SEMEC_MAPPO_RETURN_MC; /* eq. (26) */
  mp->opt.adam.learning_rate = 1e-3; /* Table I prints 2e-7 (docs/models.md) */
  PetscOptionsBegin(comm, NULL, "Paper 001 MAPPO (-p001_mappo_)", NULL);
  SEMEC_OPT_INT("-p001_mappo_rollout_steps", "Environment steps per agent between updates (Table I: batch step 256)", mp->rollout);
  PetscOptionsEnd();
  SEMEC_CHECK_INT("-p001_mappo_rollout_steps", mp->rollout, 1, 1000000);
  PetscCall(SemecMAPPOOptionsRead(comm, &mp->opt));
  {
    PetscClassId id;
    PetscCall(PetscClassIdRegister("semec p001", &id));
    PetscCall(PetscLogEventRegister("P001MappoAct", id, &mp->ev_act));
    PetscCall(PetscLogEventRegister("P001MappoUpdate", id, &mp->ev_update));
  }
  mp->series[0] = (SemecSeriesInfo){"mappo", "actor_loss", "1", "-L^clip of paper 001 eqs. (24)-(25) of the update made at this slot; NaN elsewhere", 1};
  mp->series[1] = (SemecSeriesInfo){"mappo", "value_loss", "1", "critic loss (26) of that update; NaN elsewhere", 1};
  mp->series[2] = (SemecSeriesInfo){"mappo", "entropy", "1", "mean joint policy entropy (categorical rho and Gaussian box) in that update; NaN elsewhere", 1};
  mp->series[3] = (SemecSeriesInfo){"mappo", "clip_fraction", "1", "share of samples whose ratio was clipped in that update; NaN elsewhere", 1};
  mp->series[4] = (SemecSeriesInfo){NULL, NULL, NULL, NULL, 0};
  p->data       = mp;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Setup(MappoPolicy *mp, const SemecPolicyView *v)
{
  SemecMAPPOSpec spec;
  PetscInt       agents = mp->cells_per_rank * mp->nue;

  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(&spec, sizeof(spec)));
  spec.nagents          = agents;
  spec.obs_dim          = SEMEC_P001_NOBS;
  spec.state_dim        = mp->nue * SEMEC_P001_NOBS;
  spec.space.ncat       = 1;
  spec.space.choices[0] = 2; /* rho */
  spec.space.nbox       = 3; /* bhat, p, f */
  for (PetscInt j = 0; j < 3; j++) {
    spec.space.low[j]  = -1.0;
    spec.space.high[j] = 1.0;
  }
  PetscCall(PetscMalloc1(agents, &mp->role));
  for (PetscInt a = 0; a < agents; a++) mp->role[a] = a % mp->nue; /* role: UE j of every cell */
  spec.role   = mp->role;
  spec.nroles = mp->nue;
  spec.seed   = mp->seed;
  /* per-agent nets take ids from the global UE index (initial weights and
   * shuffles independent of the decomposition); shared nets one id everywhere */
  spec.net_id = 3000 + (mp->opt.share == SEMEC_MAPPO_SHARE_NONE ? 2 * (uint64_t)SemecCommFirstCell(v->comm) * (uint64_t)mp->nue : 0);
  mp->comm    = v->comm;
  PetscCall(SemecMAPPOCreate(&spec, &mp->opt, v->comm, &mp->m));
  PetscCall(PetscMalloc3(agents * SEMEC_P001_NOBS, &mp->obs, agents * SEMEC_P001_NOBS, &mp->state, agents, &mp->act));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Decide(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  MappoPolicy          *mp    = (MappoPolicy *)p->data;
  const SemecP001Model *pm    = SemecP001ModelOf(v->model);
  PetscInt              local = cell->id % mp->cells_per_rank;
  PetscBool             train = (PetscBool)(v->clock.phase != SEMEC_PHASE_TEST);

  PetscFunctionBeginUser;
  if (cell->series) cell->series[0] = cell->series[1] = cell->series[2] = cell->series[3] = NAN;
  if (!mp->m) PetscCall(Setup(mp, v));
  PetscCheck(cell->nue == mp->nue, PETSC_COMM_SELF, PETSC_ERR_SUP, "Cell %" PetscInt_FMT " has %" PetscInt_FMT " UEs, policy mappo expects %" PetscInt_FMT, cell->id,
             cell->nue, mp->nue);
  if (!SemecP001CellOf(cell)->active) PetscFunctionReturn(PETSC_SUCCESS); /* its episode ended: nothing to decide */
  PetscCall(PetscLogEventBegin(mp->ev_act, 0, 0, 0, 0));
  for (PetscInt u = 0; u < cell->nue; u++) {
    double *o = mp->obs + (local * mp->nue + u) * SEMEC_P001_NOBS;
    SemecP001Observe(pm, v->cfg, &v->clock, cell, u, o);
    PetscCall(PetscArraycpy(mp->state + (local * mp->nue + u) * SEMEC_P001_NOBS, o, SEMEC_P001_NOBS));
  }
  for (PetscInt u = 0; u < cell->nue; u++) {
    PetscInt          agent = local * mp->nue + u;
    SemecMAPPOAction *a     = &mp->act[agent];
    SemecMAPPOKey     key   = {(uint64_t)cell->id, (uint64_t)cell->ues[u].id, (uint64_t)v->clock.episode + (v->clock.phase == SEMEC_PHASE_TEST ? (1u << 30) : 0u),
                               (uint64_t)v->clock.step};
    PetscCall(SemecMAPPOAct(mp->m, agent, mp->obs + agent * SEMEC_P001_NOBS, &key, train, a));
    SemecP001ApplyBox(pm, SemecP001UEOf(&cell->ues[u]), (PetscBool)(a->cat[0] == 1), a->box);
  }
  PetscCall(PetscLogEventEnd(mp->ev_act, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Learn(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  MappoPolicy *mp    = (MappoPolicy *)p->data;
  PetscInt     local = cell->id % mp->cells_per_rank;

  PetscFunctionBeginUser;
  if (v->clock.phase != SEMEC_PHASE_TRAIN) PetscFunctionReturn(PETSC_SUCCESS);
  if (SemecP001Stepped(cell)) {
    double    r    = SemecP001TeamReward(cell);
    PetscBool done = SemecP001Ended(cell);
    for (PetscInt u = 0; u < cell->nue; u++) {
      PetscInt agent = local * mp->nue + u;
      PetscCall(SemecMAPPOStore(mp->m, agent, mp->obs + agent * SEMEC_P001_NOBS, mp->state + local * mp->nue * SEMEC_P001_NOBS, &mp->act[agent], r, done));
    }
  }
  if (SemecClockEpisodeEnds(&v->clock) && local == mp->cells_per_rank - 1) { /* every rank reaches this at the same slot */
    double most = 0.0;
    for (PetscInt a = 0; a < mp->cells_per_rank * mp->nue; a++) most = PetscMax(most, (double)SemecMAPPOStoredSteps(mp->m, a));
    PetscCall(SemecCommMaxDouble(mp->comm, &most, 1));
    if (most >= (double)mp->rollout) {
      PetscCall(PetscLogEventBegin(mp->ev_update, 0, 0, 0, 0));
      PetscCall(SemecMAPPOUpdate(mp->m, NULL, NULL, &mp->stats));
      PetscCall(PetscLogEventEnd(mp->ev_update, 0, 0, 0, 0));
      if (cell->series) {
        cell->series[0] = mp->stats.actor_loss;
        cell->series[1] = mp->stats.value_loss;
        cell->series[2] = mp->stats.entropy;
        cell->series[3] = mp->stats.clip_fraction;
      }
    } else if (v->clock.episode == v->cfg->train_episodes - 1) PetscCall(SemecMAPPOClear(mp->m)); /* a short last rollout is not used */
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static const SemecSeriesInfo *Series(SemecPolicy *p) { return ((MappoPolicy *)p->data)->series; }

static PetscErrorCode Checkpoint(SemecPolicy *p, hid_t g)
{
  MappoPolicy *mp = (MappoPolicy *)p->data;

  PetscFunctionBeginUser;
  PetscCheck(mp->m, PETSC_COMM_SELF, PETSC_ERR_ORDER, "MAPPO checkpoint before the first decision");
  PetscCall(SemecMAPPOCheckShared(mp->m, mp->comm)); /* shared nets averaged over the ranks: the same everywhere */
  PetscCall(SemecMAPPOSave(mp->m, g, SemecCommFirstCell(mp->comm) * mp->nue, (PetscInt)SemecCommSize(mp->comm) * mp->cells_per_rank * mp->nue));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Destroy(SemecPolicy *p)
{
  MappoPolicy *mp = (MappoPolicy *)p->data;

  PetscFunctionBeginUser;
  PetscCall(SemecMAPPODestroy(&mp->m));
  if (mp->obs) PetscCall(PetscFree3(mp->obs, mp->state, mp->act));
  PetscCall(PetscFree(mp->role));
  PetscCall(PetscFree(p->data));
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecPolicyOps SemecPolicyP001Mappo = {.name       = "mappo",
                                             .help       = "paper 001: MAPPO (Sec. IV) over rho, bhat, p, f per UE; trained on the training episodes",
                                             .model      = "multimodal_qoe",
                                             .create     = Create,
                                             .decide     = Decide,
                                             .learn      = Learn,
                                             .series     = Series,
                                             .checkpoint = Checkpoint,
                                             .destroy    = Destroy};
