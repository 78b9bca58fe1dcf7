/* The baselines every paper compares against.
 *   local:  every task runs on the UE.
 *   edge:   every task is offloaded to the serving BS's MEC server; the
 *           subcarriers are split equally among the UEs with data to upload,
 *           the MEC capacity equally among the UEs associated with the cell
 *           (F_k / U_k, as paper 003's UC baseline; a UE with no task at the
 *           server leaves its share idle).
 *   cloud:  every task is offloaded to the shared cloud through the serving
 *           BS (equal subcarrier split; denied cloud requests run locally).
 *   random: per UE a uniformly random mode; each subcarrier to a uniformly
 *           random UE among those with data to upload; MEC capacity split
 *           among the associated UEs by uniformly random weights.
 * All decisions are feasible by construction: one owner per subcarrier,
 * capacity shares summing to at most F_k. */
#include <semec/policies/baselines.h>
#include <semec/engine/rng.h>

PetscBool SemecUEWantsUplink(const SemecUE *ue)
{
  const SemecTasksUE *q = SemecTasksUEOf(ue);
  if (q->tx.count > 0) return PETSC_TRUE;
  return (PetscBool)((q->mode == SEMEC_MODE_EDGE || q->mode == SEMEC_MODE_CLOUD) && q->pending.count > 0);
}

void SemecAllocateEqualSubcarriers(const SemecConfig *cfg, SemecCell *cell, const PetscBool *want, PetscInt slot)
{
  PetscInt nwant = 0, N = cfg->subcarriers, n = 0, w = 0;

  for (PetscInt i = 0; i < cell->nue; i++) nwant += want[i] ? 1 : 0;
  if (!nwant) return;
  /* contiguous blocks in id order: N / nwant each, and one more for the
   * N mod nwant UEs starting at the (slot mod nwant)-th, so the remainder
   * rotates from slot to slot */
  PetscInt base = N / nwant, rem = N % nwant, lead = slot % nwant;
  for (PetscInt u = 0; u < cell->nue && n < N; u++) {
    if (!want[u]) continue;
    PetscInt count = base + (((w - lead + nwant) % nwant) < rem ? 1 : 0);
    for (PetscInt j = 0; j < count && n < N; j++) cell->sub_owner[n++] = u;
    w++;
  }
}


static PetscErrorCode DecideLocal(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < cell->nue; u++) SemecTasksUEOf(&cell->ues[u])->mode = SEMEC_MODE_LOCAL;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscBool HasEdgeWork(const SemecUE *ue)
{
  const SemecTasksUE *q = SemecTasksUEOf(ue);
  if (q->edge.count > 0) return PETSC_TRUE;
  if (q->mode == SEMEC_MODE_EDGE && q->pending.count > 0) return PETSC_TRUE;
  for (int i = 0; i < q->tx.count; i++)
    if (SemecTaskQueueAt(&q->tx, i)->route == SEMEC_ROUTE_EDGE) return PETSC_TRUE;
  return PETSC_FALSE;
}

/* MEC capacity split among the associated UEs in proportion to weight
 * (NULL: equal shares); only UEs with edge work get theirs. */
static void ShareCapacity(const SemecPolicyView *v, SemecCell *cell, const double *weight)
{
  double wsum = 0.0;
  for (PetscInt u = 0; u < cell->nue; u++) wsum += weight ? weight[u] : 1.0;
  for (PetscInt u = 0; u < cell->nue; u++)
    SemecTasksUEOf(&cell->ues[u])->f_edge = HasEdgeWork(&cell->ues[u]) ? v->cfg->mec_cpu_hz * (weight ? weight[u] : 1.0) / wsum : 0.0;
}

/* Equal subcarrier split among uploading UEs, equal MEC capacity shares. */
static PetscErrorCode AllocateShares(const SemecPolicyView *v, SemecCell *cell)
{
  PetscBool *want;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc1(cell->nue + 1, &want));
  for (PetscInt u = 0; u < cell->nue; u++) want[u] = SemecUEWantsUplink(&cell->ues[u]);
  SemecAllocateEqualSubcarriers(v->cfg, cell, want, v->slot);
  ShareCapacity(v, cell, NULL);
  PetscCall(PetscFree(want));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecPolicyEdgeDecide(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < cell->nue; u++) SemecTasksUEOf(&cell->ues[u])->mode = SEMEC_MODE_EDGE;
  PetscCall(AllocateShares(v, cell));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode DecideCloud(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < cell->nue; u++) SemecTasksUEOf(&cell->ues[u])->mode = SEMEC_MODE_CLOUD;
  PetscCall(AllocateShares(v, cell));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode DecideRandom(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  double    *weight;
  PetscInt  *cand, ncand = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscMalloc2(cell->nue + 1, &weight, cell->nue + 1, &cand));
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecRngKey k = {(uint64_t)v->cfg->seed, SEMEC_STREAM_POLICY, (uint64_t)cell->id, (uint64_t)cell->ues[u].id, (uint64_t)v->slot};
    double      r[4];
    SemecRngUniform4(&k, 0, r);
    SemecTasksUEOf(&cell->ues[u])->mode = SEMEC_MODE_LOCAL + (PetscInt)(3.0 * r[0]);
    weight[u]         = r[1];
  }
  for (PetscInt u = 0; u < cell->nue; u++)
    if (SemecUEWantsUplink(&cell->ues[u])) cand[ncand++] = u;
  if (ncand) {
    /* subcarrier draws keyed by (cell, subcarrier), slot */
    SemecRngKey k = {(uint64_t)v->cfg->seed, SEMEC_STREAM_POLICY, (uint64_t)cell->id, UINT64_MAX, (uint64_t)v->slot};
    for (PetscInt n = 0; n < v->cfg->subcarriers; n++) cell->sub_owner[n] = cand[(PetscInt)(SemecRngUniform(&k, (uint64_t)n) * (double)ncand)];
  }
  ShareCapacity(v, cell, weight);
  PetscCall(PetscFree2(weight, cand));
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecPolicyOps SemecPolicyLocal  = {.name = "local", .model = "tasks", .help = "execute every task on the UE", .decide = DecideLocal};
const SemecPolicyOps SemecPolicyEdge   = {.name = "edge", .model = "tasks", .help = "offload to the serving MEC server, equal subcarrier and capacity shares", .decide = SemecPolicyEdgeDecide};
const SemecPolicyOps SemecPolicyCloud  = {.name = "cloud", .model = "tasks", .help = "offload to the shared cloud, equal subcarrier shares", .decide = DecideCloud};
const SemecPolicyOps SemecPolicyRandom = {.name = "random", .model = "tasks", .help = "random mode, subcarriers and capacity shares (feasible)", .decide = DecideRandom};
