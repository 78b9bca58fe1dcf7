/* A FIFO of tasks (growable ring buffer).  Tasks carry what the slot engine
 * needs to move them through UE, edge and cloud queues and to account for
 * them when they complete or are dropped. */
#ifndef SEMEC_TASKQUEUE_H
#define SEMEC_TASKQUEUE_H
#include <semec/engine/compat.h>
#include <stdint.h>

typedef enum { SEMEC_ROUTE_NONE = 0, SEMEC_ROUTE_LOCAL, SEMEC_ROUTE_EDGE, SEMEC_ROUTE_CLOUD } SemecRoute;

typedef struct {
  int64_t bits;          /* input data still to upload (bit) */
  int64_t cycles;        /* computation still to do (cycle) */
  int64_t total_cycles;  /* computation of the whole task (cycle) */
  int64_t pre_cycles;    /* semantic extraction still to do on the UE before upload (cycle) */
  double  arrival_s;     /* arrival time (s) */
  double  deadline_s;    /* absolute deadline (s); 0 = none */
  double  ready_s;       /* time the task became available where it is queued (s) */
  int64_t batch;         /* cloud batch (slot it reached the cloud), cloud tasks only */
  int32_t type, priority, route, pad;
} SemecTask;

typedef struct {
  SemecTask *buf;
  int        cap, head, count;
} SemecTaskQueue;

PetscErrorCode SemecTaskQueuePush(SemecTaskQueue *q, const SemecTask *t);
void           SemecTaskQueuePop(SemecTaskQueue *q);
void           SemecTaskQueueDestroy(SemecTaskQueue *q);
static inline SemecTask *SemecTaskQueueAt(const SemecTaskQueue *q, int i)
{
  return &q->buf[(q->head + i) % q->cap];
}
/* Removes every task whose deadline has passed at time now_s; returns how
 * many, and adds to *cloud_routed those that were committed to the cloud. */
int            SemecTaskQueueDropExpired(SemecTaskQueue *q, double now_s, int *cloud_routed);

#endif
