/* Task arrivals.  Counts: Poisson(rate x slot) or Bernoulli(p) per UE per
 * slot (papers 000 and 004).  Counter index 0 draws the count; index 1 + j
 * draws the type of task j, so counts and types never share a draw. */
#include <semec/tasks/task.h>
#include <semec/engine/rng.h>
#include <math.h>

PetscInt SemecTaskArrivals(const SemecConfig *cfg, PetscInt64 ue_id, PetscInt slot)
{
  SemecRngKey k = {(uint64_t)cfg->seed, SEMEC_STREAM_ARRIVALS, 0, (uint64_t)ue_id, (uint64_t)slot};
  if (cfg->arrival == SEMEC_ARRIVAL_BERNOULLI) return SemecRngUniform(&k, 0) < cfg->arrival_prob ? 1 : 0;
  return (PetscInt)SemecRngPoisson(&k, 0, cfg->arrival_rate * cfg->slot_s);
}

void SemecTaskMake(const SemecConfig *cfg, PetscInt64 ue_id, PetscInt slot, PetscInt j, SemecTask *task)
{
  SemecRngKey k    = {(uint64_t)cfg->seed, SEMEC_STREAM_ARRIVALS, 0, (uint64_t)ue_id, (uint64_t)slot};
  PetscInt    type = cfg->ntypes == 1 ? 0 : (PetscInt)floor(SemecRngUniform(&k, 1 + (uint64_t)j) * (double)cfg->ntypes);
  double      now  = (double)slot * cfg->slot_s;

  task->type         = (int32_t)type;
  task->priority     = (int32_t)cfg->type_priority[type];
  task->route        = SEMEC_ROUTE_NONE;
  task->pad          = 0;
  task->bits         = (int64_t)llround(cfg->type_bits[type]);
  task->cycles       = (int64_t)llround(cfg->type_cycles[type]);
  task->total_cycles = task->cycles;
  task->pre_cycles   = 0;
  task->arrival_s    = now;
  task->ready_s      = now;
  task->deadline_s   = cfg->type_deadline[type] > 0.0 ? now + cfg->type_deadline[type] : 0.0;
  task->batch        = -1;
}
