/* The model-independent part of the slot phases (DESIGN section 2): each
 * phase times itself with its PETSc event and hands the work to the
 * execution model's ops; the engine adds the network-wide pieces every
 * model shares — the cloud rule (SemecCloudAdmit), the cloud exchange, the
 * policy's learning and the output of the slot.
 *
 * Cloud rule.  When the cloud has an access limit (UEs per slot) or a queue
 * bound, requests are ranked in a global order (cells from t mod C upwards,
 * wrapping; UEs by id within a cell) and a prefix of that order is granted.
 * The rank of a request is a prefix sum over ranks (one MPI_Exscan through
 * the communication module), so the rule is the same for any decomposition.
 *
 * Exchange cloud.  One Allreduce of the slot's integer cloud sums; every rank
 * then advances its copy of the cloud, and the model settles the slot
 * (cloud completions, conservation). */
#include <semec/engine/sim.h>

/* A phase that is the model's alone, timed by its event (nothing when the model has none). */
static PetscErrorCode ModelPhase(SemecSim *sim, PetscLogEvent ev, PetscErrorCode (*phase)(SemecSim *, PetscInt), PetscInt t)
{
  PetscFunctionBeginUser;
  if (!phase) PetscFunctionReturn(PETSC_SUCCESS); /* optional phases */
  PetscCall(PetscLogEventBegin(ev, 0, 0, 0, 0));
  PetscCall(phase(sim, t));
  PetscCall(PetscLogEventEnd(ev, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecScenarioAdvance(SemecSim *sim, PetscInt t)
{
  SemecClockAt(&sim->cfg, t, &sim->clock);
  return ModelPhase(sim, sim->ev.scenario, sim->model->ops->scenario, t);
}

PetscErrorCode SemecCloudAdmit(SemecSim *sim, PetscInt t, SemecCloudRequestFn request, SemecCloudVerdictFn verdict)
{
  const SemecCloud *cloud = &sim->cloud;
  PetscInt          start = t % sim->cfg.cells;
  int64_t           mine[4] = {0, 0, 0, 0}, prefix[4] = {0, 0, 0, 0}, total[4] = {0, 0, 0, 0}, run[4] = {0, 0, 0, 0};
  int64_t           room = SemecCloudRoom(cloud), amount;
  PetscBool         limited = (PetscBool)(cloud->access_max > 0 || cloud->queue_max > 0);

  PetscFunctionBeginUser;
  /* mine = {UEs, amount} requested in cells >= start, then in cells < start */
  for (PetscInt i = 0; limited && i < sim->ncells; i++) {
    SemecCell *cell = &sim->cells[i];
    int        hi   = cell->id >= start ? 0 : 2;
    for (PetscInt u = 0; u < cell->nue; u++)
      if (request(sim, &cell->ues[u], &amount)) {
        mine[hi] += 1;
        mine[hi + 1] += amount;
      }
  }
  if (limited) PetscCall(SemecCommPrefixInt64(sim->comm, mine, prefix, total, 4));
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell *cell = &sim->cells[i];
    int        hi   = cell->id >= start ? 0 : 2;
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecUE *ue = &cell->ues[u];
      if (!request(sim, ue, &amount)) continue;
      int64_t pos_ues = prefix[hi] + run[hi] + (hi ? total[0] : 0);
      int64_t pos_amt = prefix[hi + 1] + run[hi + 1] + (hi ? total[1] : 0);
      run[hi] += 1;
      run[hi + 1] += amount;
      PetscBool ok = (PetscBool)(!limited || ((cloud->access_max <= 0 || pos_ues < cloud->access_max) && pos_amt + amount <= room));
      if (ok) sim->cloud_sums[SEMEC_CLOUD_ACCESS_UES]++;
      PetscCall(verdict(sim, cell, ue, amount, ok));
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecCommitDecisions(SemecSim *sim, PetscInt t) { return ModelPhase(sim, sim->ev.decide, sim->model->ops->commit, t); }

PetscErrorCode SemecEvaluate(SemecSim *sim, PetscInt t) { return ModelPhase(sim, sim->ev.evaluate, sim->model->ops->evaluate, t); }

PetscErrorCode SemecExchangeCloud(SemecSim *sim, PetscInt t)
{
  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(sim->ev.cloud, 0, 0, 0, 0));
  PetscCall(SemecCommSumInt64(sim->comm, sim->cloud_sums, SEMEC_CLOUD_NFIELDS));
  PetscCall(SemecCloudAdvance(&sim->cloud, t, sim->cfg.slot_s, sim->cloud_sums));
  for (int f = 0; f < SEMEC_CLOUD_NFIELDS; f++) sim->cloud_sums[f] = 0;
  PetscCall(sim->model->ops->settle(sim, t));
  PetscCall(PetscLogEventEnd(sim->ev.cloud, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecPolicyLearn(SemecSim *sim, PetscInt t)
{
  SemecPolicyView view = {&sim->cfg, &sim->topo, &sim->cloud, t, sim->model, sim->comm, sim->clock};

  PetscFunctionBeginUser;
  if (!sim->policy->ops->learn) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscLogEventBegin(sim->ev.learn, 0, 0, 0, 0));
  for (PetscInt i = 0; i < sim->ncells; i++) PetscCall(sim->policy->ops->learn(sim->policy, &view, &sim->cells[i]));
  PetscCall(PetscLogEventEnd(sim->ev.learn, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* The model's metrics of every local cell, computed once: the checksum and
 * the output record the same values. */
PetscErrorCode SemecOutputSlot(SemecSim *sim, PetscInt t)
{
  PetscInt nm = sim->model->ops->nmetrics;

  PetscFunctionBeginUser;
  PetscCall(PetscLogEventBegin(sim->ev.output, 0, 0, 0, 0));
  for (PetscInt i = 0; i < sim->ncells; i++) sim->model->ops->metric_values(sim->model, &sim->cells[i], sim->values + i * nm);
  SemecChecksumSlot(sim, t);
  PetscCall(SemecOutputRecord(sim->out, t, sim->values, sim->cells, sim->ncells, &sim->cloud));
  sim->slots_done = t + 1;
  PetscCall(PetscLogEventEnd(sim->ev.output, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}
