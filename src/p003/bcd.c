/* Paper 003's joint semantic transmission and resource allocation: the BCD
 * of Algorithm 4 per cell and slot, and the comparison schemes of its
 * Section IV-C, as policies:
 *   bcd     association (nearest BS; see below), subcarriers by swap
 *           matching (Alg. 2), semantic mode by (25) and capacity by (26)
 *           with TAO (Alg. 3), alternated until the objective settles.
 *   linear  the same, planning with the Linear computation model (the
 *           recognition cycles c_i replaced by theta_{m_i} s_i); the tasks
 *           still execute with their real cycles.
 *   ftm     semantic mode fixed, uniformly random per terminal and slot.
 *   fa      association fixed to the nearest BS.
 *   uc      capacity F_k / U_k for each terminal (no (26)).
 * Every terminal with a pending task takes part (z_ui = 1 for the type of
 * its head pending task); the decision applies to all its pending tasks.
 * The plan uses the channel of the slot (CSI known at the BS) and the
 * interference the BS measured in the latest exchange.
 *
 * The objective (9a) of the plan, sum_u C1 ln(1/(M_u t_u)) + C2, after the
 * initial point and after each BCD iteration is recorded in
 * /bcd/objective [slots, cells, 1 + -bcd_max_iter] (NaN after the last
 * iteration run).  Deadline constraints (9h) the plan cannot meet are
 * counted in /cells/deadline_unmet. */
#include <semec/engine/policy.h>
#include <semec/p003/model.h>
#include <semec/p003/capacity.h>
#include <semec/p003/association.h>
#include <semec/p003/policies.h>
#include <semec/tasks/model.h>
#include <semec/engine/channel.h>
#include <semec/engine/rng.h>
#include <semec/engine/options.h>
#include <math.h>
#include <string.h>

typedef enum { BCD_FULL, BCD_LINEAR, BCD_FTM, BCD_FA, BCD_UC } BcdVariant;

typedef struct {
  BcdVariant       variant;
  PetscInt         max_iter, alg3_max_iter, match_rounds;
  PetscReal        tol, alg3_tol;
  SemecCapacity   *cap;    /* one TAO solver per local cell, warm-started across iterations and slots */
  PetscInt         ncap;
  SemecP003Cell    pc;
  PetscInt        *ue_of;  /* participant -> local UE index */
  double          *C, *D, *tau, *M, *f;
  PetscBool       *unmet;
  SemecSeriesInfo  series[7]; /* objective and unmet deadlines per iteration; association */
  SemecAssoc      *assoc;     /* Algorithm 1, and every cell's places of the latest plan */
  PetscBool        check_assoc; /* -bcd_check_association */
  PetscInt        *blocking;  /* [local cell] blocking pairs found by the direct check */
  PetscInt         report_max; /* -bcd_report_unmet: UE ids of missed deadlines recorded per cell and slot */
  PetscLogEvent    ev_solve, ev_match, ev_capacity, ev_assoc; /* -log_view: BCD per cell, Alg. 2, TAO (26), Alg. 1 */
  PetscInt         assoc_max_cycles;
  PetscReal        c1, c2;
} Bcd;

static PetscErrorCode Create(SemecPolicy *p, const SemecConfig *cfg, BcdVariant variant)
{
  Bcd     *b;
  MPI_Comm comm = PETSC_COMM_WORLD;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&b));
  b->variant       = variant;
  b->max_iter      = 20;
  b->tol           = 1e-6;
  b->alg3_max_iter = 20;
  b->alg3_tol      = 1e-9;
  b->match_rounds  = 1000;
  b->assoc_max_cycles = 50;
  b->report_max       = 8;
  PetscOptionsBegin(comm, NULL, "BCD of paper 003 (-bcd_), policies bcd, linear, ftm, fa, uc", NULL);
  SEMEC_OPT_INT("-bcd_max_iter", "Maximum BCD iterations per slot, L^max of Algorithm 4", b->max_iter);
  SEMEC_OPT_REAL("-bcd_tol", "BCD stops when the objective changes by less than this, epsilon of Algorithm 4", b->tol);
  SEMEC_OPT_INT("-bcd_alg3_max_iter", "Maximum iterations of Algorithm 3 (semantic mode, capacity)", b->alg3_max_iter);
  SEMEC_OPT_REAL("-bcd_alg3_tol", "Algorithm 3 stops when the objective changes by less than this, zeta", b->alg3_tol);
  SEMEC_OPT_INT("-bcd_assoc_max_cycles", "Maximum cycles of the association swap matching (Algorithm 1) per slot", b->assoc_max_cycles);
  SEMEC_OPT_BOOL("-bcd_check_association", "After each association, count swap-blocking pairs directly (pairs of cells on the same rank)", b->check_assoc);
  SEMEC_OPT_INT("-bcd_report_unmet", "UE ids of planned deadline misses recorded per cell and slot in /bcd/deadline_unmet_ues", b->report_max);
  SEMEC_OPT_INT("-bcd_match_rounds", "Maximum passes of the subcarrier swap matching (Algorithm 2)", b->match_rounds);
  PetscOptionsEnd();
  SEMEC_CHECK_INT("-bcd_max_iter", b->max_iter, 1, 1000);
  SEMEC_CHECK_REAL("-bcd_tol", b->tol, 0.0, 1e300);
  SEMEC_CHECK_INT("-bcd_alg3_max_iter", b->alg3_max_iter, 1, 1000);
  SEMEC_CHECK_REAL("-bcd_alg3_tol", b->alg3_tol, 0.0, 1e300);
  SEMEC_CHECK_INT("-bcd_match_rounds", b->match_rounds, 1, PETSC_MAX_INT);
  SEMEC_CHECK_INT("-bcd_assoc_max_cycles", b->assoc_max_cycles, 1, PETSC_MAX_INT);
  PetscCall(SemecAssocCreate(cfg, b->assoc_max_cycles, &b->assoc));
  SEMEC_CHECK_INT("-bcd_report_unmet", b->report_max, 1, 4096);
  PetscCall(PetscCalloc1(cfg->cells_per_rank, &b->blocking));
  {
    PetscClassId id;
    PetscCall(PetscClassIdRegister("semec bcd", &id));
    PetscCall(PetscLogEventRegister("BcdCellSolve", id, &b->ev_solve));
    PetscCall(PetscLogEventRegister("BcdMatchSubc", id, &b->ev_match));
    PetscCall(PetscLogEventRegister("BcdCapacityTao", id, &b->ev_capacity));
    PetscCall(PetscLogEventRegister("BcdAssociate", id, &b->ev_assoc));
  }
  b->ncap = cfg->cells_per_rank;
  PetscCall(PetscCalloc1(b->ncap, &b->cap));
  for (PetscInt i = 0; i < b->ncap; i++) PetscCall(SemecCapacityCreate(NULL, &b->cap[i]));
  b->series[0] = (SemecSeriesInfo){"bcd", "objective", "1",
                                   "objective (9a) of the BCD plan, sum over the terminals of C1 ln(1/(M t)) + C2: at the initial point, then after "
                                   "each iteration of Algorithm 4; NaN after the last iteration run",
                                   1 + b->max_iter};
  b->series[1] = (SemecSeriesInfo){"bcd", "deadline_unmet", "tasks",
                                   "terminals whose deadline (9h) the plan misses, at the same points as /bcd/objective; NaN after the last iteration",
                                   1 + b->max_iter};
  b->series[2] = (SemecSeriesInfo){"bcd", "association_swaps", "swaps", "swaps of terminals between this cell and its neighbours in the slot's association (Algorithm 1, policy bcd)", 1};
  b->series[3] = (SemecSeriesInfo){"bcd", "association_stable", "1",
                                   "1 if the slot's association ended with a whole cycle of neighbour pairs without a swap-blocking pair (two-sided "
                                   "exchange stable), 0 if it stopped at -bcd_assoc_max_cycles; NaN for schemes without Algorithm 1", 1};
  b->series[4] = (SemecSeriesInfo){"bcd", "association_blocking", "pairs",
                                   "swap-blocking pairs left after the association, counted directly over pairs of neighbouring cells on the same rank "
                                   "(with -bcd_check_association; NaN otherwise)", 1};
  b->series[5] = (SemecSeriesInfo){"bcd", "deadline_unmet_ues", "UE id",
                                   "global ids of the UEs whose deadline (9h) the final plan misses (the first -bcd_report_unmet of them; NaN padding); "
                                   "their count is /cells/deadline_unmet", b->report_max};
  b->series[6] = (SemecSeriesInfo){NULL, NULL, NULL, NULL, 0};
  b->c1 = cfg->reward_c1;
  b->c2 = cfg->reward_c2;
  p->data = b;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Destroy(SemecPolicy *p)
{
  Bcd *b = (Bcd *)p->data;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < b->ncap; i++) PetscCall(SemecCapacityDestroy(&b->cap[i]));
  PetscCall(SemecAssocDestroy(&b->assoc));
  PetscCall(PetscFree(b->blocking));
  PetscCall(PetscFree(b->cap));
  PetscCall(SemecP003CellDestroy(&b->pc));
  PetscCall(PetscFree(b->ue_of));
  PetscCall(PetscFree6(b->C, b->D, b->tau, b->M, b->f, b->unmet));
  PetscCall(PetscFree(b));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static const SemecSeriesInfo *Series(SemecPolicy *p) { return ((Bcd *)p->data)->series; }

/* Reward form of the plan's objective: sum_u C1 ln(1/(M t_u)) + C2 = sum (C2 - C1 cost_u). */
static double PlanReward(const Bcd *b)
{
  double sum = 0.0;
  for (PetscInt u = 0; u < b->pc.nue; u++) sum += b->c2 - b->c1 * SemecP003Cost(&b->pc, u, SemecP003Rate(&b->pc, u));
  return sum;
}

/* Terminals whose planned delay exceeds their deadline (9h). */
static PetscInt Unmet(const Bcd *b)
{
  PetscInt n = 0;
  for (PetscInt u = 0; u < b->pc.nue; u++) n += SemecP003Delay(&b->pc, u, SemecP003Rate(&b->pc, u)) > b->pc.deadline[u];
  return n;
}

/* The instance of the cell: participants, their task constants and channels. */
static PetscErrorCode BuildInstance(Bcd *b, const SemecPolicyView *v, SemecCell *cell)
{
  const SemecConfig *cfg = v->cfg;
  SemecP003Cell     *pc  = &b->pc;
  PetscInt           np  = 0, N = cfg->subcarriers;

  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < cell->nue; u++) np += SemecTasksUEOf(&cell->ues[u])->pending.count > 0;
  if (np > pc->cap || !b->ue_of) {
    PetscInt cap = PetscMax(np, 2 * pc->cap);
    PetscCall(PetscFree(b->ue_of));
    PetscCall(PetscFree6(b->C, b->D, b->tau, b->M, b->f, b->unmet));
    PetscCall(PetscMalloc1(cap + 1, &b->ue_of));
    PetscCall(PetscMalloc6(cap + 1, &b->C, cap + 1, &b->D, cap + 1, &b->tau, cap + 1, &b->M, cap + 1, &b->f, cap + 1, &b->unmet));
  }
  PetscCall(SemecP003CellResize(pc, np, N));
  pc->bandwidth_hz = cfg->subcarrier_hz;
  pc->tx_power_w   = cfg->tx_power_w;
  pc->noise_w      = SemecNoisePower(cfg);
  for (PetscInt n = 0; n < N; n++) pc->interference[n] = cell->interference[n];
  np = 0;
  for (PetscInt u = 0; u < cell->nue; u++) {
    const SemecUE *ue = &cell->ues[u];
    if (!SemecTasksUEOf(ue)->pending.count) continue;
    PetscInt          type = SemecTaskQueueAt(&SemecTasksUEOf(ue)->pending, 0)->type;
    SemecFadingCache  fc   = SEMEC_FADING_CACHE_INIT;
    b->ue_of[np]      = u;
    for (PetscInt n = 0; n < N; n++) pc->gain[np * N + n] = ue->gain[0] * SemecFadingCached(&fc, cfg, cell->id, ue->id, v->slot, n);
    SemecP003SetTask(pc, np, cfg, type, (PetscBool)(b->variant == BCD_LINEAR));
    pc->semantic[np]  = 0;
    pc->f[np]         = 0.0;
    np++;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The initial point of the slot's BCD.  Subcarriers: the places of the
 * latest plan (after this slot's association) of the terminals taking part,
 * or, in a cell without places (the first slot), a random matching (Alg. 2
 * step 1): one subcarrier per terminal while they last, the rest to random
 * terminals.  e = 0 (FTM: its fixed random modes); capacity F_k / U_k, which
 * Decide replaces by (26) before the first iteration.  Draws keyed by
 * (cell, slot) and (UE, slot). */
static void InitialPoint(Bcd *b, const SemecPolicyView *v, const SemecCell *cell)
{
  SemecP003Cell    *pc = &b->pc;
  PetscInt          N = pc->nsub, perm[4096], held = 0;
  SemecRngKey       k = {(uint64_t)v->cfg->seed, SEMEC_STREAM_POLICY, (uint64_t)cell->id, UINT64_MAX - 1, (uint64_t)v->slot};
  const PetscInt64 *place = SemecAssocPlaces(b->assoc, cell->id % v->cfg->cells_per_rank);

  for (PetscInt n = 0; n < N; n++) {
    pc->owner[n] = -1;
    for (PetscInt u = 0; u < pc->nue && place[n] >= 0; u++)
      if (cell->ues[b->ue_of[u]].id == place[n]) pc->owner[n] = u;
    held += pc->owner[n] >= 0;
  }
  if (!held) {
    for (PetscInt n = 0; n < N; n++) perm[n] = n;
    for (PetscInt n = N - 1; n > 0; n--) { /* Fisher-Yates */
      PetscInt j = (PetscInt)(SemecRngUniform(&k, (uint64_t)n) * (double)(n + 1)), t = perm[n];
      perm[n] = perm[j];
      perm[j] = t;
    }
    for (PetscInt i = 0; i < N; i++) {
      PetscInt n = perm[i];
      if (!pc->nue) pc->owner[n] = -1;
      else if (i < pc->nue) pc->owner[n] = i;
      else pc->owner[n] = (PetscInt)(SemecRngUniform(&k, (uint64_t)(N + i)) * (double)pc->nue);
    }
  }
  for (PetscInt u = 0; u < pc->nue; u++) {
    pc->f[u]        = v->cfg->mec_cpu_hz / (double)pc->nue; /* f^(0) > 0, Alg. 3 step 2 */
    pc->semantic[u] = 0;
    if (b->variant == BCD_FTM) { /* FTM: e given, uniformly distributed */
      SemecRngKey ke = {(uint64_t)v->cfg->seed, SEMEC_STREAM_POLICY, (uint64_t)cell->id, (uint64_t)cell->ues[b->ue_of[u]].id, (uint64_t)v->slot};
      pc->semantic[u] = SemecRngUniform(&ke, 7) < 0.5;
    }
  }
}

/* Capacity by (26) with TAO. */
static PetscErrorCode AllocateCapacity(Bcd *b, const SemecPolicyView *v, PetscInt icell)
{
  SemecP003Cell       *pc = &b->pc;
  SemecCapacityProblem prob;
  SemecCapacityInfo    info;

  PetscFunctionBeginUser;
  if (!pc->nue) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt u = 0; u < pc->nue; u++) {
    b->C[u]   = SemecP003FixedDelay(pc, u, SemecP003Rate(pc, u)); /* C_u^alpha of (26a) */
    b->D[u]   = SemecP003ServerCycles(pc, u);
    b->tau[u] = pc->deadline[u];
    b->M[u]   = pc->priority[u];
  }
  prob = (SemecCapacityProblem){pc->nue, b->C, b->D, b->tau, b->M, v->cfg->mec_cpu_hz};
  PetscCall(PetscLogEventBegin(b->ev_capacity, 0, 0, 0, 0));
  PetscCall(SemecCapacitySolve(b->cap[icell], &prob, b->f, b->unmet, &info));
  PetscCall(PetscLogEventEnd(b->ev_capacity, 0, 0, 0, 0));
  for (PetscInt u = 0; u < pc->nue; u++) pc->f[u] = b->f[u];
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Decide(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  Bcd           *b     = (Bcd *)p->data;
  SemecP003Cell *pc    = &b->pc;
  PetscInt       icell = cell->id % v->cfg->cells_per_rank, iter;
  double         prev;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(b->ev_solve, 0, 0, 0, 0));
  PetscCall(BuildInstance(b, v, cell));
  InitialPoint(b, v, cell);
  /* the initial point must be feasible (Alg. 4 step 2): capacity by (26),
   * which enforces the deadlines (9h) the random matching allows */
  if (b->variant != BCD_UC) PetscCall(AllocateCapacity(b, v, icell));
  PetscInt W = 1 + b->max_iter;
  for (PetscInt j = 0; j < 2 * W; j++) cell->series[j] = NAN;
  cell->series[2 * W]     = b->variant == BCD_FULL ? (double)SemecAssocSwaps(b->assoc, icell) : NAN;
  cell->series[2 * W + 1] = b->variant == BCD_FULL ? (double)SemecAssocStable(b->assoc) : NAN;
  cell->series[2 * W + 2] = b->variant == BCD_FULL && b->check_assoc ? (double)b->blocking[icell] : NAN;
  for (PetscInt j = 0; j < b->report_max; j++) cell->series[2 * W + 3 + j] = NAN;
  prev            = PlanReward(b);
  cell->series[0] = prev;
  cell->series[W] = Unmet(b);
  for (iter = 1; iter <= b->max_iter; iter++) {
    PetscInt  swaps;
    PetscBool stable;
    /* Step 2: subcarriers, Algorithm 2 */
    PetscCall(PetscLogEventBegin(b->ev_match, 0, 0, 0, 0));
    PetscCall(SemecP003MatchSubcarriers(pc, b->match_rounds, &swaps, &stable));
    PetscCall(PetscLogEventEnd(b->ev_match, 0, 0, 0, 0));
    /* Step 3: semantic mode and capacity, Algorithm 3 */
    double v3 = PlanReward(b);
    for (PetscInt l = 0; l < b->alg3_max_iter; l++) {
      if (b->variant != BCD_FTM) SemecP003ChooseSemantic(pc);
      if (b->variant != BCD_UC) PetscCall(AllocateCapacity(b, v, icell));
      else
        for (PetscInt u = 0; u < pc->nue; u++) pc->f[u] = v->cfg->mec_cpu_hz / (double)pc->nue; /* UC */
      double now = PlanReward(b);
      if (fabs(now - v3) <= b->alg3_tol * PetscMax(1.0, fabs(now))) break;
      v3 = now;
    }
    double now          = PlanReward(b);
    cell->series[iter]     = now;
    cell->series[W + iter] = Unmet(b);
    if (fabs(now - prev) <= b->tol * PetscMax(1.0, fabs(now))) break;
    prev = now;
  }
  /* the decision, and the places of the plan for the next slot's association */
  for (PetscInt n = 0; n < pc->nsub; n++) SemecAssocPlaces(b->assoc, icell)[n] = pc->owner[n] >= 0 ? cell->ues[b->ue_of[pc->owner[n]]].id : -1;
  for (PetscInt n = 0; n < pc->nsub; n++) cell->sub_owner[n] = pc->owner[n] >= 0 ? b->ue_of[pc->owner[n]] : -1;
  for (PetscInt u = 0; u < pc->nue; u++) {
    SemecTasksUE *q = SemecTasksUEOf(&cell->ues[b->ue_of[u]]);
    q->mode         = SEMEC_MODE_EDGE;
    q->semantic     = (PetscBool)(pc->semantic[u] != 0);
    q->f_edge       = pc->f[u];
  }
  /* (9h) in the final plan: reported, never hidden (count and which UE) */
  SemecTasksCellOf(cell)->slot.deadline_unmet += Unmet(b);
  for (PetscInt u = 0, j = 0; u < pc->nue && j < b->report_max; u++)
    if (SemecP003Delay(pc, u, SemecP003Rate(pc, u)) > pc->deadline[u]) cell->series[2 * W + 3 + j++] = (double)cell->ues[b->ue_of[u]].id;
  PetscCall(PetscLogEventEnd(b->ev_solve, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* FA, and the association of the other schemes until Algorithm 1 runs:
 * the nearest BS among the cell and its neighbours. */
static PetscErrorCode AssociateNearest(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  const SemecTopology *t = v->topo;

  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecUE *ue   = &cell->ues[u];
    double   best = hypot(ue->x - t->x[cell->id], ue->y - t->y[cell->id]);
    ue->target    = cell->id;
    for (PetscInt i = t->nbr_start[cell->id]; i < t->nbr_start[cell->id + 1]; i++) {
      double d = hypot(ue->x - t->x[t->nbr[i]], ue->y - t->y[t->nbr[i]]);
      if (d < best) {
        best       = d;
        ue->target = t->nbr[i];
      }
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CreateFull(SemecPolicy *p, const SemecConfig *cfg) { return Create(p, cfg, BCD_FULL); }
static PetscErrorCode CreateLinear(SemecPolicy *p, const SemecConfig *cfg) { return Create(p, cfg, BCD_LINEAR); }
static PetscErrorCode CreateFTM(SemecPolicy *p, const SemecConfig *cfg) { return Create(p, cfg, BCD_FTM); }
static PetscErrorCode CreateFA(SemecPolicy *p, const SemecConfig *cfg) { return Create(p, cfg, BCD_FA); }
static PetscErrorCode CreateUC(SemecPolicy *p, const SemecConfig *cfg) { return Create(p, cfg, BCD_UC); }

static PetscErrorCode AssociateSwap(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cells, PetscInt ncells, SemecComm *comm, PetscInt round,
                                    PetscBool *more)
{
  Bcd *b = (Bcd *)p->data;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(b->ev_assoc, 0, 0, 0, 0));
  PetscCall(SemecAssocRound(b->assoc, v, cells, ncells, comm, round, more));
  PetscCall(PetscLogEventEnd(b->ev_assoc, 0, 0, 0, 0));
  if (!*more && b->check_assoc) PetscCall(SemecAssocCountBlocking(b->assoc, v, cells, ncells, SemecCommFirstCell(comm), b->blocking));
  PetscFunctionReturn(PETSC_SUCCESS);
}

#define BCD_OPS(cname, pname, phelp, pcreate) \
  const SemecPolicyOps cname = {.name = pname, .help = phelp, .model = "tasks", .create = pcreate, .associate = AssociateNearest, .decide = Decide, .series = Series, .destroy = Destroy}
const SemecPolicyOps SemecPolicyBcd = {.name            = "bcd",
                                       .help            = "paper 003: BCD of swap matchings (association, subcarriers), semantic mode (25), TAO capacity (26)",
                                       .model           = "tasks",
                                       .create          = CreateFull,
                                       .associate_round = AssociateSwap,
                                       .decide          = Decide,
                                       .series          = Series,
                                       .destroy         = Destroy};
BCD_OPS(SemecPolicyLinear, "linear", "paper 003 baseline: BCD planning with the Linear computation model", CreateLinear);
BCD_OPS(SemecPolicyFTM, "ftm", "paper 003 baseline: BCD with the semantic mode fixed at random", CreateFTM);
BCD_OPS(SemecPolicyFA, "fa", "paper 003 baseline: BCD with association fixed to the nearest BS", CreateFA);
BCD_OPS(SemecPolicyUC, "uc", "paper 003 baseline: BCD with uniform capacity F_k / U_k", CreateUC);
