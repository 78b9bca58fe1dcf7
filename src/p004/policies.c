/* Paper 004's schemes on the sequential_dnn model (Sec. V-VI; each baseline
 * made precise in docs/models.md, "Paper 004: the schemes"):
 *   proposed  Algorithm 1 per WD: the action p_{k,t} is the iterate of (28a),
 *             the WD offloads the back-end that p carries (the inverse of
 *             (4)) of the task it splits; Algorithm 2 per server
 *   binary    tasks are never split: the WD offloads the next whole task iff
 *             its p (Alg. 1, a power budget) carries one, p >= p_full(h)
 *   even      every WD with work offloads the same back-end,
 *             min(W, n tau f_max^ser / K, what p_max carries at its h)
 *   random    a back-end of U W cycles, U ~ U[0, 1) per WD and block,
 *             capped by what p_max carries
 * The server learns by Algorithm 2 in every scheme (-p004_server learn);
 * max (f_max^ser in every slot) and random (uniform per slot) are options.
 *
 * Learning happens at a block's first slot, once s_{t+1} is seen: the step
 * for the transition t-1 -> t, then the action of block t.  Inputs are
 * normalised: WD [p/p_max, q/(n W), h/hbar, beta_1..beta_n] with hbar the
 * WD's large-scale gain over the noise (so h/hbar is the fading, less the
 * measured interference), server [f_i/f_max^ser, q^ser/(n tau f_max^ser),
 * q_k/(n W)].  Feature weights N(0, 1/d) from the counter RNG, the same for
 * every WD (and every server); step size alpha_0 / (1 + t/t_alpha).
 *
 * Series /p004/... at a block's last slot (NaN elsewhere): per WD the action
 * p, the power used, the queue, the back-end, the TD error (24) and the
 * relative change of theta learned at the block's start; per cell the
 * server's n rates, its TD error (31) and the relative change of eta. */
#include <semec/engine/policy.h>
#include <semec/engine/options.h>
#include <semec/engine/rng.h>
#include <semec/p004/model.h>
#include <semec/p004/qlearn.h>
#include <semec/p004/policies.h>
#include <math.h>

typedef enum { KIND_PROPOSED, KIND_BINARY, KIND_EVEN, KIND_RANDOM } Kind;
typedef enum { SERVER_LEARN, SERVER_MAX, SERVER_RANDOM } ServerRule;
static const char *const ServerNames[]   = {"learn", "max", "random", NULL};
static const char *const GradientNames[] = {"corrected", "printed", NULL};
static const char *const RewardNames[]   = {"printed", "exact", NULL};

typedef struct {
  Kind            kind;
  ServerRule      server;
  PetscInt        n, K, M, ncells;
  SemecP004Basis  bwd, bser;
  double          alpha_wd, alpha_ser, t_alpha, p0, f0;
  int             sign;
  PetscBool       exact;                              /* dr/dp with the local energy's dependence on p */
  uint64_t        seed;
  /* per local cell c and WD u: index c K + u */
  double         *theta, *p, *xwd, *delta, *change;  /* [cK M], [cK], [cK (n+3)], [cK], [cK] */
  double         *drdp;                               /* [cK]: dr/dp of the block just ended (exact) */
  double         *eta, *fx, *xser, *sdelta, *schange; /* [c M], [c n], [c (n+K+1)], [c], [c] */
  PetscBool      *started;                            /* [c]: a block was decided */
  SemecSeriesInfo series[9];
  PetscLogEvent   ev_wd, ev_server; /* P004Alg1: the WDs' steps of a cell-block; P004Alg2: the server's */
} P004Policy;

static PetscBool Learns(const P004Policy *pp) { return (PetscBool)(pp->kind == KIND_PROPOSED || pp->kind == KIND_BINARY); }

static PetscErrorCode Create(SemecPolicy *p, const SemecConfig *cfg, Kind kind)
{
  P004Policy *pp;
  MPI_Comm    comm = PETSC_COMM_WORLD;
  PetscInt    n = SEMEC_P004_DEFAULT_BLOCK_SLOTS, K = cfg->ues_per_cell, nc = cfg->cells_per_rank;
  int         server = 0, gradient = 0, reward = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&pp));
  p->data       = pp;
  pp->kind      = kind;
  pp->M         = 30;    /* Sec. VI */
  pp->alpha_wd  = 0.01;  /* (ours) */
  pp->alpha_ser = 0.01;
  pp->t_alpha   = 200.0;
  pp->p0        = 0.1;   /* W */
  pp->f0        = 0.5;   /* of f_max^ser */
  pp->seed      = (uint64_t)cfg->seed;
  PetscCall(PetscOptionsGetInt(NULL, NULL, "-p004_block_slots", &n, NULL)); /* the model has checked it */
  PetscOptionsBegin(comm, NULL, "Paper 004 schemes (proposed, binary, even, random) with -sim_model sequential_dnn", NULL);
  SEMEC_OPT_INT("-p004_features", "Features M of the Q-functions (22), (29) (Sec. VI: 30)", pp->M);
  SEMEC_OPT_REAL("-p004_step_wd", "Step size alpha_0 of Algorithm 1 (28)", pp->alpha_wd);
  SEMEC_OPT_REAL("-p004_step_server", "Step size alpha_0 of Algorithm 2 (35)", pp->alpha_ser);
  SEMEC_OPT_REAL("-p004_step_decay", "Blocks t_alpha of the step schedule alpha_0 / (1 + t / t_alpha), (36)", pp->t_alpha);
  SEMEC_OPT_REAL("-p004_power_init", "Initial transmit power p_{k,0} of Algorithm 1 (W)", pp->p0);
  SEMEC_OPT_REAL("-p004_rate_init", "Initial server rates f_0^ser of Algorithm 2, as a fraction of f_max^ser", pp->f0);
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-p004_gradient", "Sign of the feature term of (26) and (33): corrected (the derivative) or printed", GradientNames,
                                  &gradient));
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-p004_reward_gradient",
                                  "dr/dp of (26): printed (w4 tau) or exact (w4 (tau - 3 xi f^2 drho/dp) while p carries the whole back-end, else 0)", RewardNames, &reward));
  PetscCall(SemecOptionChooseName(PetscOptionsObject, comm, "-p004_server", "Server rates: learn (Algorithm 2), max (f_max^ser) or random (uniform per slot)", ServerNames,
                                  &server));
  PetscOptionsEnd();
  SEMEC_CHECK_INT("-p004_features", pp->M, 1, SEMEC_P004_MAX_FEATURES);
  SEMEC_CHECK_REAL("-p004_step_wd", pp->alpha_wd, 0.0, 1e6);
  SEMEC_CHECK_REAL("-p004_step_server", pp->alpha_ser, 0.0, 1e6);
  SEMEC_CHECK_REAL("-p004_step_decay", pp->t_alpha, 1e-6, 1e15);
  SEMEC_CHECK_REAL("-p004_power_init", pp->p0, 0.0, 1e3);
  SEMEC_CHECK_REAL("-p004_rate_init", pp->f0, 0.0, 1.0);
  pp->sign   = gradient == 0 ? 1 : -1;
  pp->server = (ServerRule)server;
  pp->exact  = (PetscBool)(reward == 1);
  pp->n      = n;
  pp->K      = K;
  pp->ncells = nc;
  {
    PetscClassId id;
    PetscCall(PetscClassIdRegister("semec p004", &id));
    PetscCall(PetscLogEventRegister("P004Alg1", id, &pp->ev_wd));
    PetscCall(PetscLogEventRegister("P004Alg2", id, &pp->ev_server));
  }
  PetscCall(SemecP004BasisCreate(pp->seed, 0, pp->M, n + 3, &pp->bwd));      /* mu_{k,i}: the same for every WD */
  PetscCall(SemecP004BasisCreate(pp->seed, 1, pp->M, n + K + 1, &pp->bser)); /* nu_i */
  PetscCall(PetscCalloc5(nc * K * pp->M, &pp->theta, nc * K, &pp->p, nc * K * (n + 3), &pp->xwd, nc * K, &pp->delta, nc * K, &pp->change));
  PetscCall(PetscCalloc5(nc * pp->M, &pp->eta, nc * n, &pp->fx, nc * (n + K + 1), &pp->xser, nc, &pp->sdelta, nc, &pp->schange));
  PetscCall(PetscCalloc2(nc, &pp->started, nc * K, &pp->drdp));
  {
    SemecSeriesInfo s[] = {
      {"p004", "wd_power", "W", "paper 004: the action p_{k,t} of each WD of the cell (Alg. 1 iterate (28a); NaN for even and random), at the block's last slot", K},
      {"p004", "wd_power_used", "W", "paper 004 eq. (4): the power each WD transmitted its back-end with after the block (0: none)", K},
      {"p004", "wd_queue", "cycles", "paper 004 eq. (1): each WD's queue after the block", K},
      {"p004", "wd_offloaded", "cycles", "the back-end rho_{k,t} each WD offloaded after the block (delivered or lost to an outage)", K},
      {"p004", "wd_td_error", "1", "paper 004 eq. (24): each WD's TD error of the step taken at the block's start (the transition from the block before); NaN if none", K},
      {"p004", "wd_theta_change", "1", "||theta^{t+1} - theta^t|| / ||theta^t||, Algorithm 1's stopping statistic, of that step; NaN if none or ||theta^t|| = 0", K},
      {"p004", "server_rate", "cycles/s", "the server's rates f_{t,i}^ser of the block's n slots (9d)", n},
      {"p004", "server_learning", "1", "paper 004 Algorithm 2 at the block's start: TD error (31), ||eta^{t+1} - eta^t|| / ||eta^t||; NaN if none", 2},
      {NULL, NULL, NULL, NULL, 0},
    };
    PetscCall(PetscArraycpy(pp->series, s, 9));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CreateProposed(SemecPolicy *p, const SemecConfig *cfg) { return Create(p, cfg, KIND_PROPOSED); }
static PetscErrorCode CreateBinary(SemecPolicy *p, const SemecConfig *cfg) { return Create(p, cfg, KIND_BINARY); }
static PetscErrorCode CreateEven(SemecPolicy *p, const SemecConfig *cfg) { return Create(p, cfg, KIND_EVEN); }
static PetscErrorCode CreateRandom(SemecPolicy *p, const SemecConfig *cfg) { return Create(p, cfg, KIND_RANDOM); }

static PetscErrorCode Destroy(SemecPolicy *p)
{
  P004Policy *pp = (P004Policy *)p->data;

  PetscFunctionBeginUser;
  if (!pp) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(SemecP004BasisDestroy(&pp->bwd));
  PetscCall(SemecP004BasisDestroy(&pp->bser));
  PetscCall(PetscFree5(pp->theta, pp->p, pp->xwd, pp->delta, pp->change));
  PetscCall(PetscFree5(pp->eta, pp->fx, pp->xser, pp->sdelta, pp->schange));
  PetscCall(PetscFree2(pp->started, pp->drdp));
  PetscCall(PetscFree(p->data));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static const SemecSeriesInfo *Series(SemecPolicy *p) { return ((P004Policy *)p->data)->series; }

/* The WD's state s_{k,t} = [q, h, beta_1..n], normalised, after the action slot. */
static void WDState(const SemecP004Model *pm, const SemecUE *ue, double *x)
{
  const SemecP004Params *par = &pm->par;
  const SemecP004UE     *pw  = SemecP004UEOf(ue);

  x[1] = (double)SemecP004QueueCycles(par, pw->q) / ((double)par->n * (double)par->W);
  x[2] = pw->h * pm->noise_w / ue->gain[0]; /* h / hbar */
  for (PetscInt i = 0; i < par->n; i++) x[3 + i] = (double)((pw->beta >> i) & 1u);
}

/* The server's state q_t = [q^ser, q_1^wd..q_K^wd], normalised, after the n rates. */
static void ServerState(const SemecP004Model *pm, const SemecCell *cell, double *x)
{
  const SemecP004Params *par = &pm->par;

  x[par->n] = (double)SemecP004CellOf(cell)->q_ser / ((double)par->n * par->tau * par->f_ser_max);
  for (PetscInt u = 0; u < cell->nue; u++)
    x[par->n + 1 + u] = (double)SemecP004QueueCycles(par, SemecP004UEOf(&cell->ues[u])->q) / ((double)par->n * (double)par->W);
}

static PetscErrorCode Decide(SemecPolicy *pol, const SemecPolicyView *v, SemecCell *cell)
{
  P004Policy            *pp  = (P004Policy *)pol->data;
  const SemecP004Model  *pm  = SemecP004ModelOf(v->model);
  const SemecP004Params *par = &pm->par;
  SemecP004Cell         *pc  = SemecP004CellOf(cell);
  PetscInt               c = cell->id - SemecCommFirstCell(v->comm), n = par->n, K = pp->K, dw = n + 3, ds = n + K + 1;
  PetscInt               t = v->slot / n;
  PetscBool              learn = pp->started[c];
  double                 x1[SEMEC_P004_MAX_SLOTS + 3 + SEMEC_P004_MAX_WDS], drda[SEMEC_P004_MAX_SLOTS];

  PetscFunctionBeginUser;
  if (SemecP004SlotInBlock(pm, v->slot) != 0) PetscFunctionReturn(PETSC_SUCCESS); /* one decision per block */
  PetscCheck(n == pp->n && cell->nue == K, PETSC_COMM_SELF, PETSC_ERR_PLIB, "paper 004 policy created for n %" PetscInt_FMT ", K %" PetscInt_FMT, pp->n, pp->K);
  if (!learn) { /* block 0: Algorithms 1-2 initialised */
    for (PetscInt u = 0; u < K; u++) pp->p[c * K + u] = PetscMin(pp->p0, par->p_max);
    for (PetscInt i = 0; i < n; i++) pp->fx[c * n + i] = pp->f0;
  }
  if (Learns(pp)) PetscCall(PetscLogEventBegin(pp->ev_wd, 0, 0, 0, 0));
  for (PetscInt u = 0; u < K; u++) {
    SemecUE     *ue = &cell->ues[u];
    SemecP004UE *pw = SemecP004UEOf(ue);
    PetscInt     k  = c * K + u;
    double      *x0 = pp->xwd + k * dw, pn = pp->p[k] / par->p_max;
    pp->delta[k] = pp->change[k] = NAN;
    if (Learns(pp)) {
      x1[0] = pn;
      WDState(pm, ue, x1);
      if (learn) { /* Algorithm 1, (24)-(28), for the transition t-1 -> t */
        SemecP004Step st;
        drda[0] = (pp->exact ? pp->drdp[k] : par->w[3] * par->tau) * par->p_max; /* dr/dp = w4 tau (26), per unit of p / p_max */
        SemecP004TDStep(&pp->bwd, 1, x0, x1, pw->cost, drda, par->gamma, SemecP004StepSize(pp->alpha_wd, pp->t_alpha, t - 1), pp->sign, 0.0, 1.0, pp->theta + k * pp->M,
                        &pn, &st);
        pp->delta[k]  = st.delta;
        pp->change[k] = st.change;
        pp->p[k]      = pn * par->p_max;
        x1[0]         = pn;
      }
      PetscCall(PetscArraycpy(x0, x1, dw)); /* x_t = [p_t, s_t] for the next step */
    }
    pw->whole_only = PETSC_FALSE;
    pw->p          = NAN;
    switch (pp->kind) {
    case KIND_PROPOSED:
      pw->p   = pp->p[k];
      pw->cap = SemecP004OffloadCapacity(par, pw->h, pw->p);
      break;
    case KIND_BINARY:
      pw->p          = pp->p[k];
      pw->whole_only = PETSC_TRUE;
      pw->cap        = SemecP004OffloadCapacity(par, pw->h, pw->p) >= par->W ? par->W : 0; /* p >= p_full(h) */
      break;
    case KIND_EVEN: {
      int64_t share = (int64_t)floor((double)n * par->tau * par->f_ser_max / (double)K), cap = SemecP004OffloadCapacity(par, pw->h, par->p_max);
      pw->cap       = PetscMin(PetscMin(par->W, share), cap);
    } break;
    case KIND_RANDOM: {
      SemecRngKey r = {pp->seed, SEMEC_STREAM_POLICY, (uint64_t)cell->id, (uint64_t)ue->id, (uint64_t)v->slot};
      pw->cap       = PetscMin((int64_t)floor(SemecRngUniform(&r, 0) * (double)par->W), SemecP004OffloadCapacity(par, pw->h, par->p_max));
    } break;
    }
  }
  if (Learns(pp)) PetscCall(PetscLogEventEnd(pp->ev_wd, 0, 0, 0, 0));
  pp->sdelta[c] = pp->schange[c] = NAN;
  if (pp->server == SERVER_LEARN) {
    PetscCall(PetscLogEventBegin(pp->ev_server, 0, 0, 0, 0));
    double *x0 = pp->xser + c * ds, *fx = pp->fx + c * n;
    PetscCall(PetscArraycpy(x1, fx, n));
    ServerState(pm, cell, x1);
    if (learn) { /* Algorithm 2, (31)-(35) */
      SemecP004Step st;
      for (PetscInt i = 0; i < n; i++) drda[i] = 3.0 * par->w[1] * par->tau * par->xi_ser * pow(par->f_ser_max, 3.0) * fx[i] * fx[i]; /* (33), per unit of f / f_max */
      SemecP004TDStep(&pp->bser, n, x0, x1, pc->parts[0] + pc->parts[1], drda, par->gamma, SemecP004StepSize(pp->alpha_ser, pp->t_alpha, t - 1), pp->sign, 0.0, 1.0,
                      pp->eta + c * pp->M, fx, &st);
      pp->sdelta[c]  = st.delta;
      pp->schange[c] = st.change;
      PetscCall(PetscArraycpy(x1, fx, n));
    }
    PetscCall(PetscArraycpy(x0, x1, ds));
    for (PetscInt i = 0; i < n; i++) pc->f[i] = fx[i] * par->f_ser_max;
    PetscCall(PetscLogEventEnd(pp->ev_server, 0, 0, 0, 0));
  } else
    for (PetscInt i = 0; i < n; i++) {
      SemecRngKey r = {pp->seed, SEMEC_STREAM_POLICY, (uint64_t)cell->id, (uint64_t)-1, (uint64_t)(v->slot + i)};
      pc->f[i]      = pp->server == SERVER_MAX ? par->f_ser_max : SemecRngUniform(&r, 0) * par->f_ser_max;
    }
  pp->started[c] = PETSC_TRUE;
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* dr/dp of the WD's block, counting the local energy (2) that a larger p
 * saves: while the back-end is what p carries (rho = cap(p) < W, p_used = p),
 * dr/dp = w4 (tau - 3 xi f^2 drho/dp), drho/dp = (tau B / zeta) (h/Gamma) /
 * (ln 2 (1 + h p / Gamma)); otherwise p does not change the block (0). */
static double RewardSlope(const SemecP004Params *par, const SemecP004UE *pw)
{
  double f, drho;

  if (!(pw->p > 0.0) || pw->split.rho <= 0 || pw->split.rho != pw->cap || pw->cap >= par->W) return 0.0;
  f    = SemecP004LocalRate(par, pw->split.local);
  drho = par->tau * par->B / par->zeta * (pw->h / par->gap) / (0.69314718055994530942 * (1.0 + pw->h * pw->p / par->gap));
  return par->w[3] * (par->tau - 3.0 * par->xi_wd * f * f * drho);
}

/* The series of the block at its last slot, NaN elsewhere. */
static PetscErrorCode Record(SemecPolicy *pol, const SemecPolicyView *v, SemecCell *cell)
{
  P004Policy           *pp = (P004Policy *)pol->data;
  const SemecP004Model *pm = SemecP004ModelOf(v->model);
  const SemecP004Cell  *pc = SemecP004CellOf(cell);
  PetscInt              c = cell->id - SemecCommFirstCell(v->comm), K = pp->K, n = pp->n, w = 6 * K + n + 2;
  double               *s = cell->series;

  PetscFunctionBeginUser;
  if (!pc->block_end) {
    for (PetscInt j = 0; j < w; j++) s[j] = NAN;
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  for (PetscInt u = 0; u < K; u++) {
    const SemecP004UE *pw = SemecP004UEOf(&cell->ues[u]);
    s[u]                  = pw->p;
    s[K + u]              = pw->p_used;
    s[2 * K + u]          = (double)SemecP004QueueCycles(&pm->par, pw->q);
    s[3 * K + u]          = (double)pw->split.rho;
    s[4 * K + u]          = pp->delta[c * K + u];
    s[5 * K + u]          = pp->change[c * K + u];
    pp->drdp[c * K + u]   = RewardSlope(&pm->par, pw);
  }
  for (PetscInt i = 0; i < n; i++) s[6 * K + i] = pc->f[i];
  s[6 * K + n]     = pp->sdelta[c];
  s[6 * K + n + 1] = pp->schange[c];
  PetscFunctionReturn(PETSC_SUCCESS);
}

#define P004_POLICY(cname, pname, pcreate, phelp) \
  const SemecPolicyOps cname = {.name = pname, .help = phelp, .model = "sequential_dnn", .create = pcreate, .decide = Decide, .learn = Record, .series = Series, .destroy = Destroy}

P004_POLICY(SemecPolicyP004Proposed, "proposed", CreateProposed, "paper 004: parametric online Q-learning, Algorithm 1 per WD (power, hence the split) and Algorithm 2 per server");
P004_POLICY(SemecPolicyP004Binary, "binary", CreateBinary, "paper 004: whole tasks only, offloaded when the WD's learned power carries one");
P004_POLICY(SemecPolicyP004Even, "even", CreateEven, "paper 004: every WD offloads the same back-end, the server's capacity split evenly");
P004_POLICY(SemecPolicyP004Random, "random", CreateRandom, "paper 004: every WD offloads a random share of a task");
