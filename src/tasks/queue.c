/* Growable ring buffer of tasks. */
#include <semec/tasks/queue.h>

PetscErrorCode SemecTaskQueuePush(SemecTaskQueue *q, const SemecTask *t)
{
  PetscFunctionBeginUser;
  if (q->count == q->cap) {
    int        ncap = q->cap ? 2 * q->cap : 8;
    SemecTask *nbuf;
    PetscCall(PetscMalloc1(ncap, &nbuf));
    for (int i = 0; i < q->count; i++) nbuf[i] = *SemecTaskQueueAt(q, i);
    PetscCall(PetscFree(q->buf));
    q->buf  = nbuf;
    q->cap  = ncap;
    q->head = 0;
  }
  q->buf[(q->head + q->count) % q->cap] = *t;
  q->count++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

void SemecTaskQueuePop(SemecTaskQueue *q)
{
  PetscAssertAbort(q->count > 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "pop from an empty task queue");
  q->head = (q->head + 1) % q->cap;
  q->count--;
}

void SemecTaskQueueDestroy(SemecTaskQueue *q)
{
  (void)PetscFree(q->buf);
  q->cap = q->head = q->count = 0;
}

int SemecTaskQueueDropExpired(SemecTaskQueue *q, double now_s, int *cloud_routed)
{
  int kept = 0, dropped = 0;
  for (int i = 0; i < q->count; i++) {
    SemecTask *t = SemecTaskQueueAt(q, i);
    if (t->deadline_s > 0.0 && now_s > t->deadline_s) {
      dropped++;
      if (t->route == SEMEC_ROUTE_CLOUD) (*cloud_routed)++;
      continue;
    }
    if (kept != i) *SemecTaskQueueAt(q, kept) = *t;
    kept++;
  }
  q->count = kept;
  return dropped;
}
