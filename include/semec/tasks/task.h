/* Task arrivals: Poisson or Bernoulli per UE per slot, each task of a type
 * (data size, computation, deadline, priority) drawn uniformly among the
 * configured types.  Draws are keyed by (UE, slot), not by cell or rank. */
#ifndef SEMEC_TASKS_H
#define SEMEC_TASKS_H
#include <semec/engine/config.h>
#include <semec/tasks/queue.h>

/* Number of tasks UE ue_id receives in slot. */
PetscInt SemecTaskArrivals(const SemecConfig *cfg, PetscInt64 ue_id, PetscInt slot);
/* The j-th task UE ue_id receives in slot (arrival at the slot start). */
void     SemecTaskMake(const SemecConfig *cfg, PetscInt64 ue_id, PetscInt slot, PetscInt j, SemecTask *task);

#endif
