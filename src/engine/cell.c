/* Cell and UE bookkeeping: sorted UE storage and the cached large-scale
 * gains.  What a model keeps per cell and UE is the model's (model.h). */
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
  (void)PetscFree2(ue->shadow_db, ue->gain);
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
