/* Cells: UEs stay sorted by global id through insertions and removals
 * (decomposition-independent loops rely on it), backlog counts every queue,
 * and the conservation check accepts a consistent cell and rejects one where
 * a task went missing or appeared from nowhere. */
#include <semec/engine/cell.h>
#include <string.h>
#include "check.h"

static void Push(SemecTaskQueue *q, int n)
{
  SemecTask t;
  memset(&t, 0, sizeof(t));
  for (int i = 0; i < n; i++) PetscCallAbort(PETSC_COMM_SELF, SemecTaskQueuePush(q, &t));
}

int main(int argc, char **argv)
{
  SemecCell      cell;
  SemecUE        ue, out;
  PetscInt64     ids[] = {7, 3, 11, 5};
  PetscErrorCode ierr;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(SemecCellInit(&cell, 2, 8));
  for (int i = 0; i < 4; i++) {
    memset(&ue, 0, sizeof(ue));
    ue.id = ids[i];
    Push(&ue.pending, i); /* UE 7: 0 tasks, 3: 1, 11: 2, 5: 3 */
    Push(&ue.edge, 1);
    PetscCall(SemecCellAddUE(&cell, &ue));
  }
  CHECK_EQ_INT(cell.nue, 4);
  for (PetscInt i = 1; i < cell.nue; i++) CHECK(cell.ues[i - 1].id < cell.ues[i].id);
  /* backlog: pending 0+1+2+3 = 6, edge 4 x 1 = 4, cloud 2 */
  Push(&cell.cloud, 2);
  CHECK_EQ_INT(SemecCellBacklog(&cell), 12);
  /* consistent: 15 arrived, 2 completed, 1 dropped, 12 held */
  cell.arrived = 15; cell.completed = 2; cell.dropped = 1;
  CHECK(SemecCellCheckConservation(&cell, 0) == 0);
  /* UE 5 (3 pending + 1 edge) leaves: consistent once migrated_out says so */
  SemecCellRemoveUE(&cell, 1, &out);
  CHECK_EQ_INT(out.id, 5);
  CHECK_EQ_INT(SemecUEBacklog(&out), 4);
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = SemecCellCheckConservation(&cell, 1);
  CHECK(ierr != 0); /* four tasks vanished */
  cell.migrated_out += SemecUEBacklog(&out);
  CHECK(SemecCellCheckConservation(&cell, 1) == 0);
  SemecUEDestroy(&out);
  /* a task appearing from nowhere is caught too */
  Push(&cell.ues[0].local, 1);
  ierr = SemecCellCheckConservation(&cell, 2);
  CHECK(ierr != 0);
  PetscCall(PetscPopErrorHandler());
  for (PetscInt i = 1; i < cell.nue; i++) CHECK(cell.ues[i - 1].id < cell.ues[i].id);
  PetscCall(SemecCellDestroy(&cell));
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
