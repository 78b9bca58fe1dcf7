/* The tasks execution model's registration (include/semec/tasks/model.h):
 * its state per cell and UE, UE migration with all its queues, the cell
 * metrics it records, its lines of the summary and the conservation
 * invariant arrived + migrated_in = completed + dropped + backlog +
 * migrated_out.  Its slot phases are in src/tasks/execute.c. */
#include <semec/engine/sim.h>
#include <semec/tasks/model.h>
#include <math.h>
#include <string.h>

PetscErrorCode SemecTasksUECreate(SemecUE *ue)
{
  SemecTasksUE *q;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&q));
  ue->model = q;
  PetscFunctionReturn(PETSC_SUCCESS);
}

void SemecTasksUEDestroy(SemecUE *ue)
{
  SemecTasksUE *q = SemecTasksUEOf(ue);
  if (!q) return;
  SemecTaskQueueDestroy(&q->pending);
  SemecTaskQueueDestroy(&q->local);
  SemecTaskQueueDestroy(&q->tx);
  SemecTaskQueueDestroy(&q->edge);
  (void)PetscFree(ue->model);
}

PetscErrorCode SemecTasksCellCreate(SemecCell *cell)
{
  SemecTasksCell *tc;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&tc));
  cell->model = tc;
  for (PetscInt u = 0; u < cell->nue; u++) PetscCall(SemecTasksUECreate(&cell->ues[u]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecTasksCellDestroy(SemecCell *cell)
{
  SemecTasksCell *tc = SemecTasksCellOf(cell);

  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < cell->nue; u++) SemecTasksUEDestroy(&cell->ues[u]);
  if (tc) SemecTaskQueueDestroy(&tc->cloud);
  PetscCall(PetscFree(cell->model));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CellCreate(SemecModel *m, const SemecConfig *cfg, SemecCell *cell) { return SemecTasksCellCreate(cell); }
static PetscErrorCode CellDestroy(SemecModel *m, SemecCell *cell) { return SemecTasksCellDestroy(cell); }

PetscInt64 SemecTasksUEBacklog(const SemecUE *ue)
{
  const SemecTasksUE *q = SemecTasksUEOf(ue);
  return (PetscInt64)q->pending.count + q->local.count + q->tx.count + q->edge.count;
}

PetscInt64 SemecTasksCellBacklog(const SemecCell *cell)
{
  PetscInt64 b = SemecTasksCellOf(cell)->cloud.count;
  for (PetscInt i = 0; i < cell->nue; i++) b += SemecTasksUEBacklog(&cell->ues[i]);
  return b;
}

PetscErrorCode SemecTasksCellCheckConservation(const SemecCell *cell, PetscInt slot)
{
  const SemecTasksCell *tc      = SemecTasksCellOf(cell);
  PetscInt64            backlog = SemecTasksCellBacklog(cell);

  PetscFunctionBeginUser;
  PetscCheck(tc->arrived + tc->migrated_in == tc->completed + tc->dropped + backlog + tc->migrated_out, PETSC_COMM_SELF, PETSC_ERR_PLIB,
             "Task conservation violated in cell %" PetscInt_FMT " at slot %" PetscInt_FMT ": arrived %" PetscInt64_FMT " + migrated in %" PetscInt64_FMT
             " != completed %" PetscInt64_FMT " + dropped %" PetscInt64_FMT " + backlog %" PetscInt64_FMT " + migrated out %" PetscInt64_FMT,
             cell->id, slot, tc->arrived, tc->migrated_in, tc->completed, tc->dropped, backlog, tc->migrated_out);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Migration: a UE carries all its queues; what it carries is counted out
 * of the old cell and into the new one (its tasks already in the cloud stay
 * with the old cell). */
static void UELeave(SemecModel *m, SemecCell *from, const SemecUE *ue)
{
  SemecTasksCell *tc = SemecTasksCellOf(from);
  PetscInt64      n  = SemecTasksUEBacklog(ue);
  tc->migrated_out += n;
  tc->slot.migrated_out += n;
}

static void UEJoin(SemecModel *m, SemecCell *to, const SemecUE *ue)
{
  SemecTasksCell *tc = SemecTasksCellOf(to);
  PetscInt64      n  = SemecTasksUEBacklog(ue);
  tc->migrated_in += n;
  tc->slot.migrated_in += n;
}

static size_t UEPackSize(const SemecModel *m, const SemecUE *ue) { return sizeof(SemecTasksUE) + sizeof(SemecTask) * (size_t)SemecTasksUEBacklog(ue); }

static char *PackQueue(char *p, const SemecTaskQueue *q)
{
  for (int i = 0; i < q->count; i++) {
    memcpy(p, SemecTaskQueueAt(q, i), sizeof(SemecTask));
    p += sizeof(SemecTask);
  }
  return p;
}

static char *UEPack(const SemecModel *m, const SemecUE *ue, char *p)
{
  const SemecTasksUE *q = SemecTasksUEOf(ue);
  memcpy(p, q, sizeof(*q));
  p = PackQueue(p + sizeof(*q), &q->pending);
  p = PackQueue(p, &q->local);
  p = PackQueue(p, &q->tx);
  return PackQueue(p, &q->edge);
}

static PetscErrorCode UnpackQueue(const char **p, SemecTaskQueue *q, int count)
{
  PetscFunctionBeginUser;
  *q = (SemecTaskQueue){0};
  for (int i = 0; i < count; i++) {
    SemecTask t;
    memcpy(&t, *p, sizeof(t));
    *p += sizeof(t);
    PetscCall(SemecTaskQueuePush(q, &t));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode UEUnpack(SemecModel *m, SemecUE *ue, const char **p)
{
  SemecTasksUE *q;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&q));
  memcpy(q, *p, sizeof(*q)); /* the queues' counts; their buffers are rebuilt below */
  *p += sizeof(*q);
  PetscCall(UnpackQueue(p, &q->pending, q->pending.count));
  PetscCall(UnpackQueue(p, &q->local, q->local.count));
  PetscCall(UnpackQueue(p, &q->tx, q->tx.count));
  PetscCall(UnpackQueue(p, &q->edge, q->edge.count));
  ue->model = q;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static void UEDestroy(SemecModel *m, SemecUE *ue) { SemecTasksUEDestroy(ue); }

static const SemecMetricInfo Metrics[] = {
  {"energy", "J", "energy spent in the slot: UE computation kappa f^3 t, UE transmission p t, MEC computation kappa f^3 t"},
  {"delay", "s", "mean delay (completion minus arrival) of the tasks completed in the slot; NaN if none"},
  {"backlog", "tasks", "tasks held at the end of the slot: UE queues, MEC queues of the cell's UEs, the cell's tasks in the cloud"},
  {"served", "tasks", "tasks completed in the slot (locally, at the MEC server or in the cloud)"},
  {"arrived", "tasks", "tasks that arrived at the cell's UEs in the slot"},
  {"dropped", "tasks", "tasks dropped in the slot: full queue on arrival or at the MEC server, or past the deadline"},
  {"ues", "UEs", "UEs associated with the cell during the slot"},
  {"throughput", "bit/s", "uplink data uploaded by the cell's UEs in the slot divided by the slot length"},
  {"cloud_denied", "requests", "cloud requests denied by the access limit or queue bound (tasks, or 1 per blocked upload)"},
  {"offload_edge", "tasks", "tasks committed to the MEC server in the slot"},
  {"offload_cloud", "tasks", "tasks committed to the cloud in the slot"},
  {"migrated_in", "tasks", "tasks carried into the cell by UEs that joined it in the slot"},
  {"migrated_out", "tasks", "tasks carried out of the cell by UEs that left it in the slot"},
  {"reward", "1", "system reward of the slot, paper 003 eq. (9a): sum over the tasks completed in the slot of C1 ln(1/(M delay)) + C2 (eq. (8))"},
  {"deadline_unmet", "tasks", "deadline constraints (9h) the policy's plan could not meet in the slot (policies that plan: bcd and its baselines)"},
};

static void MetricValues(const SemecModel *m, const SemecCell *c, double *v)
{
  const SemecTasksSlotStats *s = &SemecTasksCellOf(c)->slot;
  v[0]  = s->energy_j;
  v[1]  = s->completed ? s->delay_sum_s / (double)s->completed : NAN;
  v[2]  = (double)s->backlog;
  v[3]  = (double)s->completed;
  v[4]  = (double)s->arrived;
  v[5]  = (double)s->dropped;
  v[6]  = (double)c->nue;
  v[7]  = s->throughput_bps;
  v[8]  = (double)s->cloud_denied;
  v[9]  = (double)s->offloaded_edge;
  v[10] = (double)s->offloaded_cloud;
  v[11] = (double)s->migrated_in;
  v[12] = (double)s->migrated_out;
  v[13] = s->reward;
  v[14] = (double)s->deadline_unmet;
}

static PetscErrorCode Summary(SemecSim *sim, PetscInt64 ues, PetscBool print, PetscBool *ok, char *why, size_t len)
{
  MPI_Comm comm      = SemecCommWorld(sim->comm);
  int64_t  n[6]      = {0};
  double   d[2]      = {0, 0};
  double   cellslots = (double)sim->cfg.cells * (double)PetscMax(sim->slots_done, 1);

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    const SemecTasksCell *tc = SemecTasksCellOf(&sim->cells[i]);
    n[0] += tc->arrived;
    n[1] += tc->completed;
    n[2] += tc->dropped;
    n[3] += SemecTasksCellBacklog(&sim->cells[i]);
    n[4] += tc->migrated_in;
    n[5] += tc->migrated_out;
    d[0] += tc->energy_j;
    d[1] += tc->delay_sum_s;
  }
  PetscCall(SemecCommSumInt64(sim->comm, n, 6));
  PetscCall(SemecCommSumDouble(sim->comm, d, 2));
  *ok = (PetscBool)(n[0] == n[1] + n[2] + n[3] && n[4] == n[5]);
  if (print) {
    PetscCall(PetscPrintf(comm, "  tasks      arrived %" PetscInt64_FMT ", completed %" PetscInt64_FMT ", dropped %" PetscInt64_FMT ", backlog %" PetscInt64_FMT "\n", n[0], n[1],
                          n[2], n[3]));
    PetscCall(PetscPrintf(comm, "  check      arrived = completed + dropped + backlog: %s\n", *ok ? "OK" : "VIOLATED"));
    PetscCall(PetscPrintf(comm, "  energy     %.6g J in total, %.6g J per cell-slot\n", d[0], d[0] / cellslots));
    PetscCall(PetscPrintf(comm, "  delay      %.6g s mean over completed tasks\n", n[1] ? d[1] / (double)n[1] : 0.0));
  }
  PetscCall(PetscSNPrintf(why, len, "task conservation violated network-wide: arrived %" PetscInt64_FMT " != completed %" PetscInt64_FMT " + dropped %" PetscInt64_FMT
                          " + backlog %" PetscInt64_FMT " (migrated in %" PetscInt64_FMT ", out %" PetscInt64_FMT ")",
                          n[0], n[1], n[2], n[3], n[4], n[5]));
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecModelOps SemecModelTasks = {
  .name          = "tasks",
  .help          = "discrete tasks with bits and cycles, subcarriers with co-channel interference, UE/MEC/cloud queues (papers 003; the baselines)",
  .cloud_unit    = 1.0,
  .metrics       = Metrics,
  .nmetrics      = sizeof(Metrics) / sizeof(Metrics[0]),
  .cell_create   = CellCreate,
  .cell_destroy  = CellDestroy,
  .ue_leave      = UELeave,
  .ue_join       = UEJoin,
  .ue_pack_size  = UEPackSize,
  .ue_pack       = UEPack,
  .ue_unpack     = UEUnpack,
  .ue_destroy    = UEDestroy,
  .scenario      = SemecTasksScenario,
  .clear         = SemecTasksClear,
  .commit        = SemecTasksCommit,
  .evaluate      = SemecTasksEvaluate,
  .settle        = SemecTasksSettle,
  .contribution  = SemecInterferenceContribution,
  .metric_values = MetricValues,
  .summary       = Summary,
  .checkpoint    = SemecTasksCheckpoint,
};
