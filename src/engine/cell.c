/* Cell and UE bookkeeping: sorted UE storage, backlog and the conservation
 * invariant arrived + migrated_in = completed + dropped + backlog + migrated_out. */
#include <semec/engine/cell.h>
#include <semec/engine/channel.h>
#include <math.h>

PetscErrorCode SemecCellInit(SemecCell *cell, PetscInt id, PetscInt nsub)
{
  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(cell, sizeof(*cell)));
  cell->id = id;
  PetscCall(PetscMalloc2(nsub, &cell->sub_owner, nsub, &cell->interference));
  for (PetscInt n = 0; n < nsub; n++) {
    cell->sub_owner[n]    = -1;
    cell->interference[n] = 0.0;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

void SemecUEDestroy(SemecUE *ue)
{
  SemecTaskQueueDestroy(&ue->pending);
  SemecTaskQueueDestroy(&ue->local);
  SemecTaskQueueDestroy(&ue->tx);
  SemecTaskQueueDestroy(&ue->edge);
  (void)PetscFree2(ue->shadow_db, ue->gain);
  (void)PetscFree2(ue->cee, ue->ceed);
  ue->ngain = 0;
}

PetscErrorCode SemecUEUpdateGains(const SemecConfig *cfg, const SemecTopology *topo, PetscInt cell, SemecUE *ue, PetscBool reshadow)
{
  PetscInt n = 1 + topo->nbr_start[cell + 1] - topo->nbr_start[cell];

  PetscFunctionBeginUser;
  if (reshadow || ue->ngain != n) {
    PetscCall(PetscFree2(ue->shadow_db, ue->gain));
    PetscCall(PetscMalloc2(n, &ue->shadow_db, n, &ue->gain));
    ue->ngain = n;
    for (PetscInt j = 0; j < n; j++) ue->shadow_db[j] = SemecShadowingDb(cfg, j ? topo->nbr[topo->nbr_start[cell] + j - 1] : cell, ue->id);
  }
  for (PetscInt j = 0; j < n; j++) {
    PetscInt bs = j ? topo->nbr[topo->nbr_start[cell] + j - 1] : cell;
    double   dx = ue->x - topo->x[bs], dy = ue->y - topo->y[bs];
    ue->gain[j] = SemecGainOfLossDb(SemecPathLossDb(cfg, sqrt(dx * dx + dy * dy)) + ue->shadow_db[j]);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCellDestroy(SemecCell *cell)
{
  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < cell->nue; i++) SemecUEDestroy(&cell->ues[i]);
  PetscCall(PetscFree(cell->ues));
  PetscCall(PetscFree2(cell->sub_owner, cell->interference));
  PetscCall(PetscFree(cell->series));
  SemecTaskQueueDestroy(&cell->cloud);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCellAddUE(SemecCell *cell, const SemecUE *ue)
{
  PetscInt pos;

  PetscFunctionBeginUser;
  if (cell->nue == cell->cap_ue) {
    PetscInt ncap = cell->cap_ue ? 2 * cell->cap_ue : 16;
    SemecUE *nu;
    PetscCall(PetscMalloc1(ncap, &nu));
    if (cell->nue) PetscCall(PetscArraycpy(nu, cell->ues, cell->nue));
    PetscCall(PetscFree(cell->ues));
    cell->ues    = nu;
    cell->cap_ue = ncap;
  }
  for (pos = cell->nue; pos > 0 && cell->ues[pos - 1].id > ue->id; pos--) cell->ues[pos] = cell->ues[pos - 1];
  cell->ues[pos] = *ue;
  cell->nue++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

void SemecCellRemoveUE(SemecCell *cell, PetscInt i, SemecUE *ue)
{
  *ue = cell->ues[i];
  for (PetscInt j = i; j + 1 < cell->nue; j++) cell->ues[j] = cell->ues[j + 1];
  cell->nue--;
}

PetscInt64 SemecUEBacklog(const SemecUE *ue)
{
  return (PetscInt64)ue->pending.count + ue->local.count + ue->tx.count + ue->edge.count;
}

PetscInt64 SemecCellBacklog(const SemecCell *cell)
{
  PetscInt64 b = cell->cloud.count;
  for (PetscInt i = 0; i < cell->nue; i++) b += SemecUEBacklog(&cell->ues[i]);
  return b;
}

PetscErrorCode SemecCellCheckConservation(const SemecCell *cell, PetscInt slot)
{
  PetscInt64 backlog = SemecCellBacklog(cell);

  PetscFunctionBeginUser;
  if (cell->fluid) {
    double queued = 0.0;
    for (PetscInt u = 0; u < cell->nue; u++) queued += cell->ues[u].cee->q_local + cell->ues[u].cee->q_edge;
    PetscCheck(fabs(cell->cee_arrived - cell->cee_left - queued) <= 1e-9 * PetscMax(1.0, cell->cee_arrived), PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "Task conservation violated in cell %" PetscInt_FMT " at slot %" PetscInt_FMT ": arrived %.17g != executed or sent to the cloud %.17g + queued %.17g",
               cell->id, slot, cell->cee_arrived, cell->cee_left, queued);
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  PetscCheck(cell->arrived + cell->migrated_in == cell->completed + cell->dropped + backlog + cell->migrated_out, PETSC_COMM_SELF,
             PETSC_ERR_PLIB,
             "Task conservation violated in cell %" PetscInt_FMT " at slot %" PetscInt_FMT ": arrived %" PetscInt64_FMT
             " + migrated in %" PetscInt64_FMT " != completed %" PetscInt64_FMT " + dropped %" PetscInt64_FMT " + backlog %" PetscInt64_FMT
             " + migrated out %" PetscInt64_FMT,
             cell->id, slot, cell->arrived, cell->migrated_in, cell->completed, cell->dropped, backlog, cell->migrated_out);
  PetscFunctionReturn(PETSC_SUCCESS);
}
