/* The shared cloud.  Tasks that finish their upload in slot t form batch t;
 * the cloud serves batches first-come first-served at -cloud_cpu_frequency,
 * starting in slot t+1, and all tasks of a batch complete when the batch's
 * last cycle is served (processor sharing inside a batch).  With infinite
 * capacity a batch completes at the end of the slot it arrives in.  Every
 * rank applies the same integer sums in the same order, so the state is the
 * same everywhere. */
#include <semec/engine/cloud.h>
#include <math.h>

PetscErrorCode SemecCloudInit(const SemecConfig *cfg, double unit, SemecCloud *cloud)
{
  PetscFunctionBeginUser;
  PetscCall(PetscMemzero(cloud, sizeof(*cloud)));
  cloud->unit       = unit;
  cloud->cpu_hz     = cfg->cloud_cpu_hz;
  cloud->queue_max  = (int64_t)cfg->cloud_queue_max * (int64_t)llround(1.0 / cloud->unit);
  cloud->access_max = cfg->cloud_access_max;
  cloud->latency_s  = cfg->cloud_latency_s;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCloudDestroy(SemecCloud *cloud)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(cloud->fifo));
  PetscCall(PetscFree2(cloud->done_slot, cloud->done_time_s));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode PushBatch(SemecCloud *c, const SemecCloudBatch *b)
{
  PetscFunctionBeginUser;
  if (c->count == c->cap) {
    int              ncap = c->cap ? 2 * c->cap : 16;
    SemecCloudBatch *nf;
    PetscCall(PetscMalloc1(ncap, &nf));
    for (int i = 0; i < c->count; i++) nf[i] = c->fifo[(c->head + i) % c->cap];
    PetscCall(PetscFree(c->fifo));
    c->fifo = nf;
    c->cap  = ncap;
    c->head = 0;
  }
  c->fifo[(c->head + c->count) % c->cap] = *b;
  c->count++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode RecordDone(SemecCloud *c, int64_t slot, double t)
{
  PetscFunctionBeginUser;
  if (c->ndone == c->cap_done) {
    int      ncap = c->cap_done ? 2 * c->cap_done : 16;
    int64_t *ns;
    double  *nt;
    PetscCall(PetscMalloc2(ncap, &ns, ncap, &nt));
    for (int i = 0; i < c->ndone; i++) { ns[i] = c->done_slot[i]; nt[i] = c->done_time_s[i]; }
    PetscCall(PetscFree2(c->done_slot, c->done_time_s));
    c->done_slot = ns; c->done_time_s = nt; c->cap_done = ncap;
  }
  c->done_slot[c->ndone]   = slot;
  c->done_time_s[c->ndone] = t + c->latency_s;
  c->ndone++;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCloudAdvance(SemecCloud *c, PetscInt slot, double slot_s, const int64_t sums[SEMEC_CLOUD_NFIELDS])
{
  SemecCloudBatch b = {slot, sums[SEMEC_CLOUD_ARRIVED_TASKS], sums[SEMEC_CLOUD_ARRIVED_CYCLES]};
  double          t0 = (double)slot * slot_s;

  PetscFunctionBeginUser;
  c->ndone          = 0;
  c->slot_completed = 0;
  if (c->cpu_hz > 0.0) {
    /* serve the slot [t0, t0 + slot_s) from batches that arrived before it */
    double budget = c->cpu_hz * slot_s, used = 0.0;
    while (c->count > 0 && used < budget) {
      SemecCloudBatch *h    = &c->fifo[c->head];
      double           need = (double)h->cycles;
      if (need <= budget - used) {
        used += need;
        PetscCall(RecordDone(c, h->slot, t0 + used / c->cpu_hz));
        c->backlog_tasks -= h->tasks;
        c->backlog_cycles -= h->cycles;
        c->completed_total += h->tasks;
        c->slot_completed += h->tasks;
        c->head = (c->head + 1) % c->cap;
        c->count--;
      } else {
        int64_t served = (int64_t)(budget - used);
        h->cycles -= served;
        c->backlog_cycles -= served;
        used = budget;
      }
    }
    if (b.tasks > 0) {
      PetscCall(PushBatch(c, &b));
      c->backlog_tasks += b.tasks;
      c->backlog_cycles += b.cycles;
    }
  } else if (b.tasks > 0) {
    PetscCall(RecordDone(c, slot, t0 + slot_s));
    c->completed_total += b.tasks;
    c->slot_completed += b.tasks;
  }
  c->arrived_total += b.tasks;
  c->slot_arrived = b.tasks;
  c->slot_access  = sums[SEMEC_CLOUD_ACCESS_UES];
  c->in_flight += sums[SEMEC_CLOUD_GRANTED_TASKS] - sums[SEMEC_CLOUD_ARRIVED_TASKS] - sums[SEMEC_CLOUD_CANCELLED_TASKS];
  PetscCheck(c->in_flight >= 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "cloud in-flight count went negative (%lld)", (long long)c->in_flight);
  PetscFunctionReturn(PETSC_SUCCESS);
}

int64_t SemecCloudRoom(const SemecCloud *c)
{
  if (c->queue_max <= 0) return INT64_MAX;
  int64_t room = c->queue_max - c->backlog_tasks - c->in_flight;
  return room > 0 ? room : 0;
}

double SemecCloudBatchDoneTime(const SemecCloud *c, int64_t batch)
{
  for (int i = 0; i < c->ndone; i++)
    if (c->done_slot[i] == batch) return c->done_time_s[i];
  return -1.0;
}
