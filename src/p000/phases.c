/* The slot phases of paper 000's cloud-edge-end model (-sim_model
 * cloud_edge_end), called by the engine's phases through the model's ops
 * (src/p000/model.c registers them).
 *
 *   scenario  Lambda_i(t) (Poisson, -task_arrival_rate x tau) and the
 *             channels |h^E|^2, |h^C|^2 of every UE (eqs. (8)-(9))
 *   decide    the policy sets rho and the variables of every UE (its critic)
 *   commit    the network-wide cloud rule (SemecCloudAdmit, shared with the
 *             tasks model) on the requests of the UEs with u^C > 0; a
 *             refused UE is planned again with rho^C = 0 ((P3.1)-(P3.4) in
 *             closed form)
 *   evaluate  (13), (22), the queues (1)-(2) and virtual queues (15)-(16)
 *   cloud     one Allreduce of integer sums (tasks in 2^-20 units), every
 *             rank advances its copy of the cloud; conservation per cell */
#include <semec/engine/sim.h>
#include <semec/p000/model.h>
#include <semec/tasks/task.h>

PetscErrorCode SemecP000PhaseScenario(SemecSim *sim, PetscInt t)
{
  const SemecConfig    *cfg = &sim->cfg;
  const SemecP000Model *cee = SemecP000ModelOf(sim->model);

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell *cell     = &sim->cells[i];
    double     bs_xy[2] = {sim->topo.x[cell->id], sim->topo.y[cell->id]};
    PetscCall(PetscMemzero(&SemecP000CellOf(cell)->slot, sizeof(SemecP000SlotStats)));
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecUE        *ue = &cell->ues[u];
      SemecP000State *st = &SemecP000UEOf(ue)->st;
      if (t > 0 && cfg->ue_speed_mps > 0.0) SemecGeomMoveUE(cfg, &sim->topo, ue->id, t, &ue->x, &ue->y);
      st->arrivals = (double)SemecTaskArrivals(cfg, ue->id, t);
      SemecP000Gains(cfg, cee, bs_xy, cell->id, ue->id, ue->x, ue->y, t, &st->gain_edge, &st->gain_cloud);
      st->b_edge    = cee->b_edge;
      st->b_cloud   = cee->b_cloud;
      st->rho_edge  = PETSC_FALSE;
      st->rho_cloud = PETSC_FALSE;
      PetscCall(PetscMemzero(&SemecP000UEOf(ue)->d, sizeof(SemecP000Decision)));
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* A request is a UE with rho^C = 1 and u^C > 0, its amount u^C in the
 * fixed point of the network sums. */
static PetscBool Request(const SemecSim *sim, const SemecUE *ue, int64_t *amount)
{
  const SemecP000UE *pu = SemecP000UEOf(ue);
  (void)sim;
  *amount = pu->st.rho_cloud ? SemecP000Fixed(pu->d.u_cloud) : 0;
  return (PetscBool)(*amount > 0);
}

/* Fixed-point cycles of a granted amount: a pure function of the UE's own
 * numbers, so the integer sums do not depend on the decomposition. */
static int64_t CloudCycles(const SemecP000Model *cee, const SemecConfig *cfg, int64_t amount)
{
  return (int64_t)llround((double)amount / SEMEC_P000_FIXED * (cee->par.l_en + cee->par.l_de) / cfg->cloud_flops_per_cycle);
}

static PetscErrorCode Verdict(SemecSim *sim, SemecCell *cell, SemecUE *ue, int64_t amount, PetscBool ok)
{
  const SemecP000Model *cee = SemecP000ModelOf(sim->model);
  SemecP000UE          *pu  = SemecP000UEOf(ue);

  PetscFunctionBeginUser;
  if (ok) {
    /* granted: the amount is cut to the fixed-point grid (down, so the
     * decision stays feasible) and the UE's numbers follow from it */
    pu->d.u_cloud = (double)amount / SEMEC_P000_FIXED;
    SemecP000Evaluate(&cee->par, &pu->st, &pu->d);
    sim->cloud_sums[SEMEC_CLOUD_ARRIVED_TASKS] += amount;
    sim->cloud_sums[SEMEC_CLOUD_GRANTED_TASKS] += amount;
    sim->cloud_sums[SEMEC_CLOUD_ARRIVED_CYCLES] += CloudCycles(cee, &sim->cfg, amount);
  } else {
    pu->st.rho_cloud = PETSC_FALSE;
    SemecP000Solve(&cee->par, &pu->st, &pu->d);
    SemecP000CellOf(cell)->slot.cloud_denied++;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecP000PhaseCommit(SemecSim *sim, PetscInt t)
{
  const SemecP000Model *cee = SemecP000ModelOf(sim->model);

  PetscFunctionBeginUser;
  /* rho^C = 1 with u^C = 0 uses nothing of the cloud: plan it without */
  for (PetscInt i = 0; i < sim->ncells; i++)
    for (PetscInt u = 0; u < sim->cells[i].nue; u++) {
      SemecP000UE *pu = SemecP000UEOf(&sim->cells[i].ues[u]);
      if (pu->st.rho_cloud && SemecP000Fixed(pu->d.u_cloud) <= 0) {
        pu->st.rho_cloud = PETSC_FALSE;
        SemecP000Solve(&cee->par, &pu->st, &pu->d);
      }
    }
  PetscCall(SemecCloudAdmit(sim, t, Request, Verdict));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecP000PhaseEvaluate(SemecSim *sim, PetscInt t)
{
  const SemecP000Model *cee = SemecP000ModelOf(sim->model);

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell          *cell = &sim->cells[i];
    SemecP000Cell      *pc   = SemecP000CellOf(cell);
    SemecP000SlotStats *s    = &pc->slot;
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecUE                 *ue = &cell->ues[u];
      SemecP000State          *st = &SemecP000UEOf(ue)->st;
      const SemecP000Decision *d  = &SemecP000UEOf(ue)->d;
      PetscCheck(d->feasible, PETSC_COMM_SELF, PETSC_ERR_PLIB,
                 "Policy %s made an infeasible paper 000 decision for UE %" PetscInt64_FMT " of cell %" PetscInt_FMT " at slot %" PetscInt_FMT
                 " (u^E %g, u^C %g, f^L %g, f^E %g, Q^L %g, Q^E %g)",
                 sim->cfg.policy, ue->id, cell->id, t, d->u_edge, d->u_cloud, d->f_local, d->f_edge, st->q_local, st->q_edge);
      double served_edge = PetscMin(d->mu_edge, st->q_edge);
      s->arrived += st->arrivals;
      s->served_local += d->u_local;
      s->served_edge += served_edge;
      s->offload_edge += d->u_edge;
      s->offload_cloud += st->rho_cloud ? d->u_cloud : 0.0;
      s->objective += d->objective; /* eq. (22) */
      s->power += d->power;         /* eq. (13) */
      pc->arrived += st->arrivals;
      pc->left += d->u_local + d->u_cloud + served_edge;
      SemecP000Advance(&cee->par, st, d); /* eqs. (1)-(2), (15)-(16) */
      s->q_local += st->q_local;
      s->q_edge += st->q_edge;
      s->z_local += st->z_local;
      s->z_edge += st->z_edge;
    }
    s->energy_j = s->power * sim->cfg.slot_s;
    pc->objective += s->objective;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecP000PhaseSettle(SemecSim *sim, PetscInt t)
{
  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecP000Cell *pc = SemecP000CellOf(&sim->cells[i]);
    pc->energy_j += pc->slot.energy_j;
    PetscCall(SemecP000CellCheckConservation(&sim->cells[i], t));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
