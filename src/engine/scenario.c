/* The scenario phase of a slot: UE mobility, expiry of task deadlines,
 * task arrivals.  Every draw is keyed by the UE and the slot. */
#include <semec/engine/sim.h>
#include <semec/tasks/task.h>

PetscErrorCode SemecScenarioAdvance(SemecSim *sim, PetscInt t)
{
  const SemecConfig *cfg = &sim->cfg;
  double             now = (double)t * cfg->slot_s;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(sim->ev.scenario, 0, 0, 0, 0));
  if (cfg->model == SEMEC_MODEL_CEE) {
    PetscCall(SemecCeeScenarioAdvance(sim, t));
    PetscCall(PetscLogEventEnd(sim->ev.scenario, 0, 0, 0, 0));
    PetscFunctionReturn(PETSC_SUCCESS);
  }
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell *cell = &sim->cells[i];
    PetscCall(PetscMemzero(&cell->slot, sizeof(cell->slot)));
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecUE *ue = &cell->ues[u];
      int      cloud_cancelled = 0, dropped;
      if (t > 0 && cfg->ue_speed_mps > 0.0) {
        SemecGeomMoveUE(cfg, &sim->topo, ue->id, t, &ue->x, &ue->y);
        PetscCall(SemecUEUpdateGains(cfg, &sim->topo, cell->id, ue, PETSC_FALSE));
      }
      /* tasks past their deadline leave every queue of the UE */
      dropped = SemecTaskQueueDropExpired(&ue->pending, now, &cloud_cancelled) + SemecTaskQueueDropExpired(&ue->local, now, &cloud_cancelled) +
                SemecTaskQueueDropExpired(&ue->tx, now, &cloud_cancelled) + SemecTaskQueueDropExpired(&ue->edge, now, &cloud_cancelled);
      sim->cloud_sums[SEMEC_CLOUD_CANCELLED_TASKS] += cloud_cancelled;
      cell->dropped += dropped;
      cell->slot.dropped += dropped;
      /* arrivals: a full UE queue drops them */
      PetscInt n = SemecTaskArrivals(cfg, ue->id, t);
      for (PetscInt j = 0; j < n; j++) {
        SemecTask task;
        cell->arrived++;
        cell->slot.arrived++;
        if (ue->pending.count + ue->local.count + ue->tx.count >= cfg->ue_queue_max) {
          cell->dropped++;
          cell->slot.dropped++;
          continue;
        }
        SemecTaskMake(cfg, ue->id, t, j, &task);
        PetscCall(SemecTaskQueuePush(&ue->pending, &task));
      }
    }
  }
  PetscCall(PetscLogEventEnd(sim->ev.scenario, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}
