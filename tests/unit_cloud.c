/* Unit tests of the shared cloud (src/engine/cloud.c) and the task queue
 * (src/tasks/queue.c).  Slot length 0.1 s and backhaul latency 0.02 s
 * throughout; completion times are computed by hand in the comments. */
#include <semec/engine/cloud.h>
#include <semec/tasks/queue.h>
#include <string.h>
#include "check.h"

#define SLOT 0.1
#define LAT  0.02

static void CloudConfig(SemecConfig *cfg, double cpu_hz, PetscInt queue_max)
{
  memset(cfg, 0, sizeof(*cfg));
  cfg->cloud_cpu_hz    = cpu_hz;
  cfg->cloud_queue_max = queue_max;
  cfg->cloud_latency_s = LAT;
}

/* One advance with sums {arrived tasks, arrived cycles, granted, cancelled}. */
static PetscErrorCode Advance(SemecCloud *c, PetscInt slot, int64_t tasks, int64_t cycles, int64_t granted, int64_t cancelled)
{
  int64_t sums[SEMEC_CLOUD_NFIELDS];
  sums[SEMEC_CLOUD_ARRIVED_TASKS]   = tasks;
  sums[SEMEC_CLOUD_ARRIVED_CYCLES]  = cycles;
  sums[SEMEC_CLOUD_GRANTED_TASKS]   = granted;
  sums[SEMEC_CLOUD_CANCELLED_TASKS] = cancelled;
  return SemecCloudAdvance(c, slot, SLOT, sums);
}

/* Infinite capacity: batch t completes at (t+1) tau + latency. */
static PetscErrorCode TestInfinite(void)
{
  SemecConfig cfg;
  SemecCloud  c;

  PetscFunctionBeginUser;
  CloudConfig(&cfg, 0.0, 0);
  PetscCall(SemecCloudInit(&cfg, 1.0, &c));
  CHECK(SemecCloudRoom(&c) == INT64_MAX); /* unbounded */
  /* slot 3, 5 tasks of 1e9 cycles each: done at 4 * 0.1 + 0.02 = 0.42 s */
  PetscCall(Advance(&c, 3, 5, 5000000000LL, 5, 0));
  CHECK_CLOSE(SemecCloudBatchDoneTime(&c, 3), 0.42, 1e-12);
  CHECK_CLOSE(SemecCloudBatchDoneTime(&c, 2), -1.0, 0);
  CHECK_EQ_INT(c.slot_completed, 5);
  CHECK_EQ_INT(c.slot_arrived, 5);
  CHECK_EQ_INT(c.backlog_tasks, 0);
  CHECK_EQ_INT(c.in_flight, 0); /* 5 granted - 5 arrived */
  /* slot 4: nothing arrives; the batch of slot 3 is not reported again */
  PetscCall(Advance(&c, 4, 0, 0, 0, 0));
  CHECK_EQ_INT(c.ndone, 0);
  CHECK_CLOSE(SemecCloudBatchDoneTime(&c, 3), -1.0, 0);
  /* slot 10, 1 task: 11 * 0.1 + 0.02 = 1.12 s */
  PetscCall(Advance(&c, 10, 1, 1, 1, 0));
  CHECK_CLOSE(SemecCloudBatchDoneTime(&c, 10), 1.12, 1e-12);
  CHECK_EQ_INT(c.completed_total, 6);
  CHECK_EQ_INT(c.arrived_total, 6);
  PetscCall(SemecCloudDestroy(&c));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Finite capacity 1e9 cycle/s: budget 1e9 * 0.1 = 1e8 cycles per slot, FIFO,
 * a batch of slot t is served from slot t+1 on. */
static PetscErrorCode TestFinite(void)
{
  SemecConfig cfg;
  SemecCloud  c;

  PetscFunctionBeginUser;
  CloudConfig(&cfg, 1e9, 0);
  PetscCall(SemecCloudInit(&cfg, 1.0, &c));
  /* slot 0: batch A = 2 tasks, 1.5e8 cycles arrives; nothing is served yet */
  PetscCall(Advance(&c, 0, 2, 150000000, 2, 0));
  CHECK_EQ_INT(c.ndone, 0);
  CHECK_EQ_INT(c.backlog_tasks, 2);
  CHECK_EQ_INT(c.backlog_cycles, 150000000);
  /* slot 1: 1e8 of A served (5e7 left); batch B = 1 task, 3e7 cycles arrives */
  PetscCall(Advance(&c, 1, 1, 30000000, 1, 0));
  CHECK_EQ_INT(c.ndone, 0);
  CHECK_EQ_INT(c.backlog_tasks, 3);
  CHECK_EQ_INT(c.backlog_cycles, 80000000); /* 5e7 + 3e7 */
  /* slot 2 starts at 0.2 s: A's 5e7 cycles end at 0.2 + 5e7/1e9 = 0.25 s (+0.02 = 0.27);
   * B's 3e7 end at 0.25 + 0.03 = 0.28 s (+0.02 = 0.30); batch C = 1 task, 4e7 arrives
   * and waits for slot 3 although 2e7 cycles of slot 2 are idle. */
  PetscCall(Advance(&c, 2, 1, 40000000, 1, 0));
  CHECK_EQ_INT(c.ndone, 2);
  CHECK_EQ_INT(c.done_slot[0], 0);
  CHECK_EQ_INT(c.done_slot[1], 1);
  CHECK_CLOSE(SemecCloudBatchDoneTime(&c, 0), 0.27, 1e-12);
  CHECK_CLOSE(SemecCloudBatchDoneTime(&c, 1), 0.30, 1e-12);
  CHECK_CLOSE(SemecCloudBatchDoneTime(&c, 2), -1.0, 0);
  CHECK_EQ_INT(c.slot_completed, 3);
  CHECK_EQ_INT(c.backlog_tasks, 1);
  CHECK_EQ_INT(c.backlog_cycles, 40000000);
  /* slot 3 (0.3 s): C ends at 0.3 + 0.04 = 0.34 s (+0.02 = 0.36) */
  PetscCall(Advance(&c, 3, 0, 0, 0, 0));
  CHECK_CLOSE(SemecCloudBatchDoneTime(&c, 2), 0.36, 1e-12);
  CHECK_EQ_INT(c.backlog_tasks, 0);
  CHECK_EQ_INT(c.backlog_cycles, 0);
  /* slot 4: batch D = 3 tasks, 2.5e8 cycles; slots 5 and 6 serve 1e8 each,
   * slot 7 (0.7 s) serves the last 5e7: done at 0.75 s (+0.02 = 0.77) */
  PetscCall(Advance(&c, 4, 3, 250000000, 3, 0));
  PetscCall(Advance(&c, 5, 0, 0, 0, 0));
  CHECK_EQ_INT(c.ndone, 0);
  CHECK_EQ_INT(c.backlog_cycles, 150000000);
  PetscCall(Advance(&c, 6, 0, 0, 0, 0));
  CHECK_EQ_INT(c.ndone, 0);
  CHECK_EQ_INT(c.backlog_cycles, 50000000);
  CHECK_EQ_INT(c.backlog_tasks, 3);
  PetscCall(Advance(&c, 7, 0, 0, 0, 0));
  CHECK_EQ_INT(c.ndone, 1);
  CHECK_CLOSE(SemecCloudBatchDoneTime(&c, 4), 0.77, 1e-12);
  CHECK_EQ_INT(c.slot_completed, 3);
  CHECK_EQ_INT(c.completed_total, 7); /* 2 + 1 + 1 + 3 */
  CHECK_EQ_INT(c.arrived_total, 7);
  CHECK_EQ_INT(c.backlog_tasks, 0);
  /* the ring wraps (capacity 16, head moves on): 20 batches of
   * 1e7 cycles arrive in slots 10..29; each is served whole in the next slot,
   * 1e7/1e9 = 0.01 s after the slot starts: batch t done at (t+1) 0.1 + 0.01 + 0.02 */
  for (PetscInt t = 10; t < 30; t++) {
    PetscCall(Advance(&c, t, 1, 10000000, 1, 0));
    if (t > 10) CHECK_CLOSE(SemecCloudBatchDoneTime(&c, t - 1), t * 0.1 + 0.03, 1e-12);
  }
  PetscCall(SemecCloudDestroy(&c));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A queue that outgrows the FIFO while batches wait: 40 batches of 2e8 cycles
 * (two slots each) arrive in slots 0..39; batch b finishes after (b+1) * 2 slots
 * of service starting in slot 1, i.e. at the end of slot 2b+2: (2b + 3) 0.1 + 0.02. */
static PetscErrorCode TestFiniteGrowth(void)
{
  SemecConfig cfg;
  SemecCloud  c;
  int         seen = 0;

  PetscFunctionBeginUser;
  CloudConfig(&cfg, 1e9, 0);
  PetscCall(SemecCloudInit(&cfg, 1.0, &c));
  for (PetscInt t = 0; t < 100; t++) {
    PetscCall(Advance(&c, t, t < 40 ? 1 : 0, t < 40 ? 200000000 : 0, t < 40 ? 1 : 0, 0));
    for (int i = 0; i < c.ndone; i++) {
      int64_t b = c.done_slot[i];
      CHECK_EQ_INT(b, seen); /* FIFO order */
      CHECK_CLOSE(c.done_time_s[i], (2.0 * (double)b + 3.0) * 0.1 + LAT, 1e-12);
      seen++;
    }
  }
  CHECK_EQ_INT(seen, 40);
  PetscCall(SemecCloudDestroy(&c));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* in_flight = sum of (granted - arrived - cancelled); Room = queue_max - backlog - in_flight. */
static PetscErrorCode TestInFlightAndRoom(void)
{
  SemecConfig    cfg;
  SemecCloud     c;
  PetscErrorCode ierr;

  PetscFunctionBeginUser;
  CloudConfig(&cfg, 1e9, 5);
  PetscCall(SemecCloudInit(&cfg, 1.0, &c));
  CHECK_EQ_INT(SemecCloudRoom(&c), 5);
  /* slot 0: 4 granted, none arrived: in_flight 4, room 5 - 0 - 4 = 1 */
  PetscCall(Advance(&c, 0, 0, 0, 4, 0));
  CHECK_EQ_INT(c.in_flight, 4);
  CHECK_EQ_INT(SemecCloudRoom(&c), 1);
  /* slot 1: 2 granted, 3 arrive (3e8 cycles: 3 slots of work), 1 cancelled:
   * in_flight 4 + 2 - 3 - 1 = 2, backlog 3, room 5 - 3 - 2 = 0 */
  PetscCall(Advance(&c, 1, 3, 300000000, 2, 1));
  CHECK_EQ_INT(c.in_flight, 2);
  CHECK_EQ_INT(c.backlog_tasks, 3);
  CHECK_EQ_INT(SemecCloudRoom(&c), 0);
  /* slot 2: 2 more arrive (1 cycle): in_flight 0, backlog 5, room 0 */
  PetscCall(Advance(&c, 2, 2, 1, 0, 0));
  CHECK_EQ_INT(c.in_flight, 0);
  CHECK_EQ_INT(c.backlog_tasks, 5);
  CHECK_EQ_INT(SemecCloudRoom(&c), 0);
  /* the first batch (3e8 cycles, arrived in slot 1) is served in slots 2, 3, 4:
   * after slot 3, 1e8 cycles are left; slot 4 (0.4 s) ends it at 0.4 + 1e8/1e9 = 0.5 s
   * (+0.02 = 0.52) and uses the whole budget, so the 1-cycle batch waits for
   * slot 5 (0.5 s): done at 0.5 + 1e-9 s (+0.02); then backlog 0, room 5 */
  PetscCall(Advance(&c, 3, 0, 0, 0, 0));
  CHECK_EQ_INT(c.ndone, 0);
  CHECK_EQ_INT(c.backlog_tasks, 5);
  CHECK_EQ_INT(c.backlog_cycles, 100000001);
  PetscCall(Advance(&c, 4, 0, 0, 0, 0));
  CHECK_EQ_INT(c.ndone, 1);
  CHECK_CLOSE(SemecCloudBatchDoneTime(&c, 1), 0.52, 1e-12);
  CHECK_EQ_INT(c.backlog_tasks, 2);
  CHECK_EQ_INT(SemecCloudRoom(&c), 3);
  PetscCall(Advance(&c, 5, 0, 0, 0, 0));
  CHECK_EQ_INT(c.ndone, 1);
  CHECK_CLOSE(SemecCloudBatchDoneTime(&c, 2), 0.52 + 1e-9, 1e-12);
  CHECK_EQ_INT(c.backlog_tasks, 0);
  CHECK_EQ_INT(SemecCloudRoom(&c), 5);
  /* a backlog above the bound (queue_max lowered to 2, 3 waiting) gives room 0, not -1 */
  PetscCall(Advance(&c, 6, 3, 300000000, 3, 0));
  c.queue_max = 2;
  CHECK_EQ_INT(SemecCloudRoom(&c), 0);
  /* more arrivals than grants is an accounting error */
  PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, NULL));
  ierr = Advance(&c, 7, 1, 1, 0, 0); /* in_flight 0 + 0 - 1 = -1 */
  PetscCall(PetscPopErrorHandler());
  CHECK_EQ_INT(ierr, PETSC_ERR_PLIB);
  PetscCall(SemecCloudDestroy(&c));

  /* infinite capacity with a queue bound: nothing waits, room = bound - in_flight */
  CloudConfig(&cfg, 0.0, 10);
  PetscCall(SemecCloudInit(&cfg, 1.0, &c));
  PetscCall(Advance(&c, 0, 0, 0, 7, 0));
  CHECK_EQ_INT(SemecCloudRoom(&c), 3);
  PetscCall(Advance(&c, 1, 7, 7, 0, 0));
  CHECK_EQ_INT(SemecCloudRoom(&c), 10);
  PetscCall(SemecCloudDestroy(&c));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static SemecTask MakeTask(int64_t id, double deadline, int route)
{
  SemecTask t;
  memset(&t, 0, sizeof(t));
  t.cycles     = id; /* identifies the task */
  t.deadline_s = deadline;
  t.route      = route;
  return t;
}

/* Push/pop across the ring's wrap and its growth keeps FIFO order. */
static PetscErrorCode TestQueueFifo(void)
{
  SemecTaskQueue q = {0};
  SemecTask      t;

  PetscFunctionBeginUser;
  /* ids 0..5 (capacity 8), pop 4: head 4, ids 4, 5 left */
  for (int i = 0; i < 6; i++) { t = MakeTask(i, 0, 0); PetscCall(SemecTaskQueuePush(&q, &t)); }
  for (int i = 0; i < 4; i++) SemecTaskQueuePop(&q);
  /* ids 6..11 fill slots 6, 7, 0, 1, 2, 3: full and wrapped; id 12 grows to 16 */
  for (int i = 6; i <= 12; i++) { t = MakeTask(i, 0, 0); PetscCall(SemecTaskQueuePush(&q, &t)); }
  CHECK_EQ_INT(q.count, 9);
  CHECK_EQ_INT(q.cap, 16);
  for (int i = 0; i < q.count; i++) CHECK_EQ_INT(SemecTaskQueueAt(&q, i)->cycles, 4 + i);
  /* 30 more (ids 13..42) grow it to 64; pop everything in order */
  for (int i = 13; i <= 42; i++) { t = MakeTask(i, 0, 0); PetscCall(SemecTaskQueuePush(&q, &t)); }
  CHECK_EQ_INT(q.count, 39);
  for (int i = 4; i <= 42; i++) {
    CHECK_EQ_INT(SemecTaskQueueAt(&q, 0)->cycles, i);
    SemecTaskQueuePop(&q);
  }
  CHECK_EQ_INT(q.count, 0);
  SemecTaskQueueDestroy(&q);
  CHECK(q.buf == NULL && q.cap == 0 && q.count == 0);
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* DropExpired removes tasks with deadline > 0 and now > deadline, keeps the
 * others in order, and adds the cloud-routed drops to *cloud_routed. */
static PetscErrorCode TestQueueDropExpired(void)
{
  SemecTaskQueue q = {0};
  SemecTask      t;
  int            cloud = 1; /* accumulates onto the caller's count */
  /* id: deadline, route */
  const double deadline[5] = {0.0, 1.0, 2.0, 0.5, 3.0};
  const int    route[5]    = {SEMEC_ROUTE_LOCAL, SEMEC_ROUTE_CLOUD, SEMEC_ROUTE_EDGE, SEMEC_ROUTE_EDGE, SEMEC_ROUTE_CLOUD};

  PetscFunctionBeginUser;
  /* wrap the ring first: head at 5 of 8, so the tasks sit in slots 5,6,7,0,1 */
  for (int i = 0; i < 5; i++) { t = MakeTask(100 + i, 0, 0); PetscCall(SemecTaskQueuePush(&q, &t)); }
  for (int i = 0; i < 5; i++) SemecTaskQueuePop(&q);
  for (int i = 0; i < 5; i++) { t = MakeTask(i, deadline[i], route[i]); PetscCall(SemecTaskQueuePush(&q, &t)); }
  CHECK_EQ_INT(q.head, 5);
  /* now 1.5: ids 1 (1.0, cloud) and 3 (0.5, edge) expire: 2 dropped, 1 cloud */
  CHECK_EQ_INT(SemecTaskQueueDropExpired(&q, 1.5, &cloud), 2);
  CHECK_EQ_INT(cloud, 2);
  CHECK_EQ_INT(q.count, 3);
  CHECK_EQ_INT(SemecTaskQueueAt(&q, 0)->cycles, 0);
  CHECK_EQ_INT(SemecTaskQueueAt(&q, 1)->cycles, 2);
  CHECK_EQ_INT(SemecTaskQueueAt(&q, 2)->cycles, 4);
  /* now 2.0 = deadline of id 2: not yet expired (strict) */
  CHECK_EQ_INT(SemecTaskQueueDropExpired(&q, 2.0, &cloud), 0);
  CHECK_EQ_INT(q.count, 3);
  /* now 2.5: id 2 (edge) expires */
  CHECK_EQ_INT(SemecTaskQueueDropExpired(&q, 2.5, &cloud), 1);
  CHECK_EQ_INT(cloud, 2);
  CHECK_EQ_INT(SemecTaskQueueAt(&q, 0)->cycles, 0);
  CHECK_EQ_INT(SemecTaskQueueAt(&q, 1)->cycles, 4);
  /* far future: id 4 (cloud) expires, id 0 (no deadline) never does */
  CHECK_EQ_INT(SemecTaskQueueDropExpired(&q, 1e9, &cloud), 1);
  CHECK_EQ_INT(cloud, 3);
  CHECK_EQ_INT(q.count, 1);
  CHECK_EQ_INT(SemecTaskQueueAt(&q, 0)->cycles, 0);
  /* the queue still works after compaction */
  t = MakeTask(7, 0, 0);
  PetscCall(SemecTaskQueuePush(&q, &t));
  CHECK_EQ_INT(SemecTaskQueueAt(&q, 1)->cycles, 7);
  SemecTaskQueueDestroy(&q);
  PetscFunctionReturn(PETSC_SUCCESS);
}

int main(int argc, char **argv)
{
  PetscCall(PetscInitialize(&argc, &argv, NULL, NULL));
  PetscCall(TestInfinite());
  PetscCall(TestFinite());
  PetscCall(TestFiniteGrowth());
  PetscCall(TestInFlightAndRoom());
  PetscCall(TestQueueFifo());
  PetscCall(TestQueueDropExpired());
  PetscCall(PetscFinalize());
  return TEST_RESULT();
}
