/* Paper 002's learning scheme (Sec. III, Alg. 1) on the semantic_multitask
 * model: the UEs are the agents of the MAPPO learner (src/learn/mappo.c).
 *
 *   observation o_n  {g_{1,n}, ..., g_{K,n}, l^U_n / l^S_max, l^S_n / l^S_max}
 *                    (Sec. III-A: "o_n = {g_{k,n}, l^U_n, l^S_n}"; the loads of
 *                    the current task scaled by the largest ES load)
 *   global state     the observations of the cell's N UEs, for the
 *                    centralised critic V(s_t) of (19)-(21), (26)
 *   action a_n       rho (categorical 2), the requested sub-channel x
 *                    (categorical K; its probabilities are the preferences of
 *                    the one-to-one rule) and a Gaussian box [-1, 1]^3 mapped
 *                    linearly onto p in [p_min, p_max], f in [f_min, f_max],
 *                    mu in [mu_min, 1] (the clipped mass puts mu = 1 exactly
 *                    within reach)
 *   reward           the team reward r_t = sum_n r_n of the cell (13); every
 *                    agent of the cell stores it, with done at the episode's
 *                    last step
 *   training         one update per training episode (Alg. 1: T steps, then
 *                    epochs), after the last local cell stored its step; the
 *                    test phase acts with the mode (-mappo_test_action)
 * semantic_unaware is the same scheme with mu fixed at 1 (no extraction,
 * the raw data sent) and the mu output removed, retrained (Sec. IV).
 * Series /mappo/...: the update's losses, entropy and clip fraction at the
 * last slot of each training episode, in the last cell of each rank (the
 * update is the rank's, over all its cells' samples; NaN elsewhere), and
 * every cell's episode return (its team reward summed over the episode). */
#include <semec/engine/policy.h>
#include <semec/learn/mappo.h>
#include <semec/p002/model.h>
#include <semec/p002/agent.h>
#include <semec/p002/policies.h>
#include <math.h>

typedef struct {
  PetscBool          unaware;  /* semantic_unaware: mu = 1 */
  SemecMAPPOOptions  opt;
  SemecMAPPO        *m;
  PetscInt           nue, nsub, nobs, cells_per_rank;
  double            *obs, *state; /* [agents, nobs], [cells_per_rank, nue nobs] */
  SemecMAPPOAction  *act;         /* [agents] the step's actions */
  PetscInt          *role;        /* [agents] the UE's index in its cell (-mappo_share role) */
  double            *ret;         /* [cells_per_rank] team reward summed over the training episode so far */
  SemecComm         *comm;
  SemecMAPPOStats    stats;
  SemecSeriesInfo    series[6];
  PetscLogEvent      ev_act, ev_update;
  uint64_t           seed;
} MappoPolicy;

static PetscErrorCode Create(SemecPolicy *p, const SemecConfig *cfg, PetscBool unaware)
{
  MappoPolicy *mp;
  MPI_Comm     comm = PETSC_COMM_WORLD;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&mp));
  mp->unaware        = unaware;
  mp->nue            = cfg->ues_per_cell;
  mp->nsub           = cfg->subcarriers;
  mp->nobs           = cfg->subcarriers + 2;
  mp->cells_per_rank = cfg->cells_per_rank;
  mp->seed           = (uint64_t)cfg->seed;
  PetscCall(SemecMAPPOOptionsDefault(&mp->opt));
  PetscCall(SemecMAPPOOptionsRead(comm, &mp->opt));
  {
    PetscClassId id;
    PetscCall(PetscClassIdRegister("semec p002", &id));
    PetscCall(PetscLogEventRegister("P002MappoAct", id, &mp->ev_act));
    PetscCall(PetscLogEventRegister("P002MappoUpdate", id, &mp->ev_update));
  }
  mp->series[0] = (SemecSeriesInfo){"mappo", "actor_loss", "1", "-L^clip of paper 002 eqs. (24)-(25) of the update at the end of the training episode; NaN elsewhere", 1};
  mp->series[1] = (SemecSeriesInfo){"mappo", "value_loss", "1", "critic loss (26) of that update; NaN elsewhere", 1};
  mp->series[2] = (SemecSeriesInfo){"mappo", "entropy", "1", "mean joint entropy of the policy in that update; NaN elsewhere", 1};
  mp->series[3] = (SemecSeriesInfo){"mappo", "clip_fraction", "1", "share of samples whose ratio was clipped in that update; NaN elsewhere", 1};
  mp->series[4] = (SemecSeriesInfo){"mappo", "episode_return", "1", "the cell's team reward (13) summed over the training episode, at its last slot; NaN elsewhere", 1};
  mp->series[5] = (SemecSeriesInfo){NULL, NULL, NULL, NULL, 0};
  p->data       = mp;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Check(SemecPolicy *p, const SemecConfig *cfg)
{
  MappoPolicy *mp   = (MappoPolicy *)p->data;
  MPI_Comm     comm = PETSC_COMM_WORLD;
  const char  *name = mp->unaware ? "semantic_unaware" : "mappo";

  PetscFunctionBeginUser;
  PetscCheck(cfg->ues_per_cell >= 1 && cfg->ues_per_cell <= SEMEC_P002_MAX_UES, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -geom_ues_per_cell, %" PetscInt_FMT ", is out of range for policy %s: allowed [1, %d]", cfg->ues_per_cell, name, SEMEC_P002_MAX_UES);
  PetscCheck(cfg->subcarriers >= 2 && cfg->subcarriers + 2 <= SEMEC_MAPPO_MAX_CHOICES, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Option -chan_subcarriers, %" PetscInt_FMT ", is out of range for policy %s: allowed [2, %d] (a categorical head of K choices)", cfg->subcarriers,
             name, SEMEC_MAPPO_MAX_CHOICES - 2);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CreateMappo(SemecPolicy *p, const SemecConfig *cfg) { return Create(p, cfg, PETSC_FALSE); }
static PetscErrorCode CreateUnaware(SemecPolicy *p, const SemecConfig *cfg) { return Create(p, cfg, PETSC_TRUE); }

/* The learner, on the first decision (the communicator comes with the view). */
static PetscErrorCode Setup(MappoPolicy *mp, const SemecPolicyView *v)
{
  SemecMAPPOSpec spec;
  PetscInt       agents = mp->cells_per_rank * mp->nue;

  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(&spec, sizeof(spec)));
  spec.nagents          = agents;
  spec.obs_dim          = mp->nobs;
  spec.state_dim        = mp->nue * mp->nobs;
  spec.space.ncat       = 2;
  spec.space.choices[0] = 2;        /* rho */
  spec.space.choices[1] = mp->nsub; /* requested sub-channel */
  spec.space.nbox       = mp->unaware ? 2 : 3; /* p, f (, mu) */
  for (PetscInt j = 0; j < spec.space.nbox; j++) {
    spec.space.low[j]  = -1.0;
    spec.space.high[j] = 1.0;
  }
  PetscCall(PetscMalloc1(agents, &mp->role));
  PetscCall(PetscCalloc1(mp->cells_per_rank, &mp->ret));
  for (PetscInt a = 0; a < agents; a++) mp->role[a] = a % mp->nue; /* role: UE j of every cell */
  spec.role   = mp->role;
  spec.nroles = mp->nue;
  spec.seed   = mp->seed;
  /* per-agent nets (-mappo_share none) take ids from the global UE index, so
   * that initial weights and minibatch shuffles do not depend on the
   * decomposition; shared nets the same id on every rank */
  spec.net_id = 2000 + (mp->opt.share == SEMEC_MAPPO_SHARE_NONE ? 2 * (uint64_t)SemecCommFirstCell(v->comm) * (uint64_t)mp->nue : 0);
  mp->comm    = v->comm;
  PetscCall(SemecMAPPOCreate(&spec, &mp->opt, v->comm, &mp->m));
  PetscCall(PetscMalloc3(agents * mp->nobs, &mp->obs, mp->cells_per_rank * mp->nue * mp->nobs, &mp->state, agents, &mp->act));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* u in [-1, 1] onto [lo, hi]; the min and max only absorb rounding at the ends */
static double Level(double lo, double hi, double u) { return PetscMin(hi, PetscMax(lo, lo + (hi - lo) * 0.5 * (u + 1.0))); }

static PetscErrorCode Decide(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  MappoPolicy          *mp    = (MappoPolicy *)p->data;
  const SemecP002Model *pm    = SemecP002ModelOf(v->model);
  const SemecP002Params *par  = &pm->par;
  PetscInt              local = cell->id % mp->cells_per_rank;
  PetscBool             train = (PetscBool)(v->clock.phase != SEMEC_PHASE_TEST);

  PetscFunctionBeginUser;
  if (cell->series) cell->series[0] = cell->series[1] = cell->series[2] = cell->series[3] = cell->series[4] = NAN;
  if (!mp->m) PetscCall(Setup(mp, v));
  PetscCheck(cell->nue == mp->nue, PETSC_COMM_SELF, PETSC_ERR_SUP, "Cell %" PetscInt_FMT " has %" PetscInt_FMT " UEs, policy mappo expects %" PetscInt_FMT, cell->id,
             cell->nue, mp->nue);
  PetscCall(PetscLogEventBegin(mp->ev_act, 0, 0, 0, 0));
  for (PetscInt u = 0; u < cell->nue; u++) { /* observations, and the cell's global state */
    double *o = mp->obs + (local * mp->nue + u) * mp->nobs;
    SemecP002Observe(pm, cell, u, o);
    PetscCall(PetscArraycpy(mp->state + (local * mp->nue + u) * mp->nobs, o, mp->nobs));
  }
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecP002UE      *pu    = SemecP002UEOf(&cell->ues[u]);
    PetscInt          agent = local * mp->nue + u;
    SemecMAPPOAction *a     = &mp->act[agent];
    SemecMAPPOKey     key   = {(uint64_t)cell->id, (uint64_t)cell->ues[u].id, (uint64_t)v->clock.episode + (v->clock.phase == SEMEC_PHASE_TEST ? (1u << 30) : 0u),
                               (uint64_t)v->clock.step};
    PetscCall(SemecMAPPOAct(mp->m, agent, mp->obs + agent * mp->nobs, &key, train, a));
    pu->d.offload = (PetscBool)(a->cat[0] == 1);
    pu->d.p       = Level(par->p_min, par->p_max, a->box[0]);
    pu->d.f       = Level(par->f_min, par->f_max, a->box[1]);
    pu->d.mu      = mp->unaware ? 1.0 : Level(par->mu_min, 1.0, a->box[2]);
    pu->choice    = a->cat[1];
    for (PetscInt k = 0; k < mp->nsub; k++) pu->pref[k] = a->prob[2 + k];
  }
  PetscCall(PetscLogEventEnd(mp->ev_act, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Learn(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  MappoPolicy *mp    = (MappoPolicy *)p->data;
  PetscInt     local = cell->id % mp->cells_per_rank;
  PetscBool    done  = SemecClockEpisodeEnds(&v->clock);
  double       r     = SemecP002TeamReward(cell);

  PetscFunctionBeginUser;
  if (v->clock.phase == SEMEC_PHASE_TEST) PetscFunctionReturn(PETSC_SUCCESS);
  mp->ret[local] += r;
  if (done) {
    if (cell->series) cell->series[4] = mp->ret[local];
    mp->ret[local] = 0.0;
  }
  for (PetscInt u = 0; u < cell->nue; u++) {
    PetscInt agent = local * mp->nue + u;
    PetscCall(SemecMAPPOStore(mp->m, agent, mp->obs + agent * mp->nobs, mp->state + local * mp->nue * mp->nobs, &mp->act[agent], r, done));
  }
  if (done && local == mp->cells_per_rank - 1) { /* every rank reaches this at the same slot */
    PetscCall(PetscLogEventBegin(mp->ev_update, 0, 0, 0, 0));
    PetscCall(SemecMAPPOUpdate(mp->m, NULL, NULL, &mp->stats));
    PetscCall(PetscLogEventEnd(mp->ev_update, 0, 0, 0, 0));
    if (cell->series) {
      cell->series[0] = mp->stats.actor_loss;
      cell->series[1] = mp->stats.value_loss;
      cell->series[2] = mp->stats.entropy;
      cell->series[3] = mp->stats.clip_fraction;
    }
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
  PetscCall(PetscFree(mp->ret));
  PetscCall(PetscFree(p->data));
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecPolicyOps SemecPolicyP002Mappo   = {.name       = "mappo",
                                               .help       = "paper 002: MAPPO (Alg. 1) over rho, sub-channel, p, f, mu; trained on the training episodes",
                                               .model      = "semantic_multitask",
                                               .create     = CreateMappo,
                                               .check      = Check,
                                               .decide     = Decide,
                                               .learn      = Learn,
                                               .series     = Series,
                                               .checkpoint = Checkpoint,
                                               .destroy    = Destroy};
const SemecPolicyOps SemecPolicyP002Unaware = {.name       = "semantic_unaware",
                                               .help       = "paper 002: MAPPO with mu fixed at 1 (raw data, no extraction), retrained",
                                               .model      = "semantic_multitask",
                                               .create     = CreateUnaware,
                                               .check      = Check,
                                               .decide     = Decide,
                                               .learn      = Learn,
                                               .series     = Series,
                                               .checkpoint = Checkpoint,
                                               .destroy    = Destroy};
