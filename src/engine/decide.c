/* The decide phase: association (with UE migration between cells and
 * ranks) and the policy's allocation, alternated with the interference
 * exchange when -sim_interference_rounds > 1.
 *
 * Migration.  A policy may associate a UE with its own cell or a neighbour
 * cell.  The UE moves with its whole state (position, all its task queues);
 * tasks it left at the old MEC server's cloud records stay with the old
 * cell.  UEs going to another rank are packed into one byte buffer per
 * neighbour rank and moved with one neighbourhood exchange.  Cells keep UEs
 * sorted by id, so the result does not depend on the order of arrival. */
#include <semec/engine/sim.h>
#include <string.h>

static size_t PackedSize(const SemecUE *ue)
{
  return sizeof(SemecUE) + sizeof(SemecTask) * (size_t)(ue->pending.count + ue->local.count + ue->tx.count + ue->edge.count);
}

static char *PackQueue(char *p, SemecTaskQueue *q)
{
  for (int i = 0; i < q->count; i++) {
    memcpy(p, SemecTaskQueueAt(q, i), sizeof(SemecTask));
    p += sizeof(SemecTask);
  }
  return p;
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

/* Adds a UE that changed cell to its new cell (the gains cached for the old
 * cell's neighbours are recomputed for the new one). */
static PetscErrorCode Receive(SemecSim *sim, SemecUE *in)
{
  SemecCell *cell = &sim->cells[in->target - SemecCommFirstCell(sim->comm)];
  PetscInt64 tasks = SemecUEBacklog(in);

  PetscFunctionBeginUser;
  PetscCall(SemecUEUpdateGains(&sim->cfg, &sim->topo, in->target, in, PETSC_TRUE));
  PetscCall(SemecCellAddUE(cell, in));
  cell->migrated_in += tasks;
  cell->slot.migrated_in += tasks;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Migrate(SemecSim *sim)
{
  PetscInt     nn = SemecCommNumNeighbours(sim->comm);
  PetscMPIInt *scount, *rcount, me = SemecCommRank(sim->comm);
  size_t      *soff, total = 0;
  char        *send, *recv;
  SemecUE     *stay = NULL;
  PetscInt     nstay = 0, capstay = 0;

  PetscFunctionBeginUser;
  PetscCheck(sim->cfg.model == SEMEC_MODEL_TASKS, PETSC_COMM_SELF, PETSC_ERR_SUP, "UEs of -sim_model cloud_edge_end do not migrate between cells");
  PetscCall(PetscLogEventBegin(sim->ev.migrate, 0, 0, 0, 0));
  PetscCall(PetscCalloc3(nn + 1, &scount, nn + 1, &rcount, nn + 1, &soff));
  /* sizes per destination rank; validate the targets */
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell *cell = &sim->cells[i];
    for (PetscInt u = 0; u < cell->nue; u++) {
      PetscInt tgt = cell->ues[u].target;
      if (tgt == cell->id) continue;
      PetscCheck(tgt >= 0 && tgt < sim->cfg.cells && SemecTopologyAreNeighbours(&sim->topo, cell->id, tgt), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
                 "Policy %s associated UE %" PetscInt64_FMT " of cell %" PetscInt_FMT " with cell %" PetscInt_FMT ", which is not a neighbour",
                 sim->cfg.policy, cell->ues[u].id, cell->id, tgt);
      PetscMPIInt owner = SemecCommOwner(sim->comm, tgt);
      if (owner == me) continue;
      for (PetscInt j = 0; j < nn; j++)
        if (SemecCommNeighbours(sim->comm)[j] == owner) scount[j] += (PetscMPIInt)PackedSize(&cell->ues[u]);
    }
  }
  for (PetscInt j = 0; j < nn; j++) { soff[j] = total; total += (size_t)scount[j]; }
  PetscCall(PetscMalloc1(total + 1, &send));
  /* remove leaving UEs; pack remote ones, keep local movers aside */
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell *cell = &sim->cells[i];
    for (PetscInt u = cell->nue - 1; u >= 0; u--) {
      SemecUE ue;
      if (cell->ues[u].target == cell->id) continue;
      SemecCellRemoveUE(cell, u, &ue);
      cell->migrated_out += SemecUEBacklog(&ue);
      cell->slot.migrated_out += SemecUEBacklog(&ue);
      sim->ues_migrated++;
      PetscMPIInt owner = SemecCommOwner(sim->comm, ue.target);
      if (owner == me) {
        if (nstay == capstay) {
          capstay = capstay ? 2 * capstay : 16;
          PetscCall(PetscRealloc(sizeof(SemecUE) * (size_t)capstay, &stay));
        }
        stay[nstay++] = ue;
        continue;
      }
      for (PetscInt j = 0; j < nn; j++) {
        if (SemecCommNeighbours(sim->comm)[j] != owner) continue;
        char *p = send + soff[j];
        memcpy(p, &ue, sizeof(ue));
        p = PackQueue(p + sizeof(ue), &ue.pending);
        p = PackQueue(p, &ue.local);
        p = PackQueue(p, &ue.tx);
        p = PackQueue(p, &ue.edge);
        soff[j] = (size_t)(p - send);
      }
      SemecUEDestroy(&ue);
    }
  }
  for (PetscInt s = 0; s < nstay; s++) PetscCall(Receive(sim, &stay[s]));
  PetscCall(PetscFree(stay));
  PetscCall(SemecCommNeighbourExchangeBytes(sim->comm, send, scount, &recv, rcount));
  {
    const char *p = recv, *end = recv;
    for (PetscInt j = 0; j < nn; j++) end += rcount[j];
    while (p && p < end) {
      SemecUE ue;
      memcpy(&ue, p, sizeof(ue));
      p += sizeof(ue);
      ue.shadow_db = ue.gain = NULL; /* pointers of the sending rank */
      ue.ngain     = 0;
      PetscCall(UnpackQueue(&p, &ue.pending, ue.pending.count));
      PetscCall(UnpackQueue(&p, &ue.local, ue.local.count));
      PetscCall(UnpackQueue(&p, &ue.tx, ue.tx.count));
      PetscCall(UnpackQueue(&p, &ue.edge, ue.edge.count));
      PetscCall(Receive(sim, &ue));
    }
  }
  PetscCall(PetscFree(recv));
  PetscCall(PetscFree(send));
  PetscCall(PetscFree3(scount, rcount, soff));
  PetscCall(PetscLogEventEnd(sim->ev.migrate, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecPolicyDecide(SemecSim *sim, PetscInt t)
{
  SemecPolicyView view = {&sim->cfg, &sim->topo, &sim->cloud, t, sim->cfg.model == SEMEC_MODEL_CEE ? &sim->cee : NULL, sim->comm};

  PetscFunctionBeginUser;
  if (sim->policy->ops->associate) {
    PetscCall(PetscLogEventBegin(sim->ev.decide, 0, 0, 0, 0));
    for (PetscInt i = 0; i < sim->ncells; i++) {
      SemecCell *cell = &sim->cells[i];
      for (PetscInt u = 0; u < cell->nue; u++) cell->ues[u].target = cell->id;
      PetscCall(sim->policy->ops->associate(sim->policy, &view, cell));
    }
    PetscCall(PetscLogEventEnd(sim->ev.decide, 0, 0, 0, 0));
    PetscCall(Migrate(sim));
  } else if (sim->policy->ops->associate_round) {
    PetscBool more = PETSC_TRUE;
    for (PetscInt round = 0; more; round++) {
      for (PetscInt i = 0; i < sim->ncells; i++)
        for (PetscInt u = 0; u < sim->cells[i].nue; u++) sim->cells[i].ues[u].target = sim->cells[i].id;
      PetscCall(PetscLogEventBegin(sim->ev.decide, 0, 0, 0, 0));
      PetscCall(sim->policy->ops->associate_round(sim->policy, &view, sim->cells, sim->ncells, sim->comm, round, &more));
      PetscCall(PetscLogEventEnd(sim->ev.decide, 0, 0, 0, 0));
      PetscCall(Migrate(sim));
    }
  }
  for (PetscInt r = 0; r < sim->cfg.interference_rounds; r++) {
    PetscCall(PetscLogEventBegin(sim->ev.decide, 0, 0, 0, 0));
    for (PetscInt i = 0; i < sim->ncells; i++) {
      SemecCell *cell = &sim->cells[i];
      for (PetscInt n = 0; n < sim->cfg.subcarriers; n++) cell->sub_owner[n] = -1;
      for (PetscInt u = 0; u < cell->nue; u++) {
        cell->ues[u].mode     = SEMEC_MODE_IDLE;
        cell->ues[u].f_edge   = 0.0;
        cell->ues[u].semantic = PETSC_FALSE;
      }
      PetscCall(sim->policy->ops->decide(sim->policy, &view, cell));
    }
    PetscCall(PetscLogEventEnd(sim->ev.decide, 0, 0, 0, 0));
    /* the last round's exchange is the slot's evaluation exchange (main) */
    if (r + 1 < sim->cfg.interference_rounds) PetscCall(SemecExchangeInterference(sim, t));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
