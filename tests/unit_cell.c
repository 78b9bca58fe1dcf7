/* Cells: UEs stay sorted by global id through insertions and removals
 * (decomposition-independent loops rely on it), and in the tasks model the
 * backlog counts every queue and the conservation check accepts a
 * consistent cell and rejects one where a task went missing or appeared
 * from nowhere. */
#include <semec/engine/cell.h>
#include <semec/tasks/model.h>
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
  SemecCell       cell;
  SemecTasksCell *tc;
  SemecUE         ue, out;
  PetscInt64      ids[] = {7, 3, 11, 5};
  PetscErrorCode  ierr;

  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(SemecCellInit(&cell, 2, 8));
  PetscCall(SemecTasksCellCreate(&cell));
  tc = SemecTasksCellOf(&cell);
  for (int i = 0; i < 4; i++) {
    memset(&ue, 0, sizeof(ue));
    ue.id = ids[i];
    PetscCall(SemecTasksUECreate(&ue));
    Push(&SemecTasksUEOf(&ue)->pending, i); /* UE 7: 0 tasks, 3: 1, 11: 2, 5: 3 */
    Push(&SemecTasksUEOf(&ue)->edge, 1);
    PetscCall(SemecCellAddUE(&cell, &ue));
  }
  CHECK_EQ_INT(cell.nue, 4);
  for (PetscInt i = 1; i < cell.nue; i++) CHECK(cell.ues[i - 1].id < cell.ues[i].id);
  /* the model's state moved with each UE: UE 5 (index 1) holds 3 + 1 */
  CHECK_EQ_INT(SemecTasksUEBacklog(&cell.ues[1]), 4);
  /* backlog: pending 0+1+2+3 = 6, edge 4 x 1 = 4, cloud 2 */
  Push(&tc->cloud, 2);
  CHECK_EQ_INT(SemecTasksCellBacklog(&cell), 12);
  /* consistent: 15 arrived, 2 completed, 1 dropped, 12 held */
  tc->arrived = 15; tc->completed = 2; tc->dropped = 1;
  CHECK(SemecTasksCellCheckConservation(&cell, 0) == 0);
  /* UE 5 (3 pending + 1 edge) leaves: consistent once migrated_out says so */
  SemecCellRemoveUE(&cell, 1, &out);
  CHECK_EQ_INT(out.id, 5);
  CHECK_EQ_INT(SemecTasksUEBacklog(&out), 4);
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = SemecTasksCellCheckConservation(&cell, 1);
  CHECK(ierr != 0); /* four tasks vanished */
  tc->migrated_out += SemecTasksUEBacklog(&out);
  CHECK(SemecTasksCellCheckConservation(&cell, 1) == 0);
  SemecTasksUEDestroy(&out);
  SemecUEDestroy(&out);
  /* a task appearing from nowhere is caught too */
  Push(&SemecTasksUEOf(&cell.ues[0])->local, 1);
  ierr = SemecTasksCellCheckConservation(&cell, 2);
  CHECK(ierr != 0);
  PetscCall(PetscPopErrorHandler());
  for (PetscInt i = 1; i < cell.nue; i++) CHECK(cell.ues[i - 1].id < cell.ues[i].id);
  PetscCall(SemecTasksCellDestroy(&cell));
  PetscCall(SemecCellDestroy(&cell));
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
