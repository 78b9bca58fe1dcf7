/* The slot phases of paper 002's model (include/semec/p002/model.h):
 *   scenario  at step 0 of an episode: every UE's queue of Q tasks; every
 *             step: the power gain of every (UE, sub-channel), Table II
 *   clear     the decision before the policy: local at f_ref
 *   decided   after the policy: one-to-one sub-channels from the UEs'
 *             requests (12c)-(12e), the owners in cell->sub_owner
 *   (exchange) the engine sends every transmitting UE's power to the
 *             neighbouring cells' ESs (SemecP002Contribution)
 *   evaluate  (2)-(13) for the current task of every UE, the SINR with this
 *             slot's interference, the ES shared by the cell's offloading
 *             UEs (5), (8)
 *   settle    conservation of the cell's tasks (drawn = executed +
 *             discarded at an episode's end + queued); the phase's sums */
#include <semec/engine/sim.h>
#include <semec/engine/rng.h>
#include <semec/p002/model.h>

/* Draws of an episode are keyed by its phase and index, not by the slot:
 * test episode e is the same for every run with the same seed. */
static SemecRngKey EpisodeKey(const SemecP002Model *pm, SemecStream stream, const SemecClock *c, PetscInt64 ue, PetscInt step)
{
  SemecRngKey k = {(uint64_t)pm->seed, (uint64_t)stream, ((uint64_t)c->phase << 40) | (uint64_t)c->episode, (uint64_t)ue, (uint64_t)step};
  return k;
}

PetscErrorCode SemecP002PhaseScenario(SemecSim *sim, PetscInt t)
{
  const SemecP002Model *pm = SemecP002ModelOf(sim->model);
  const SemecClock     *c  = &sim->clock;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell     *cell = &sim->cells[i];
    SemecP002Cell *pc   = SemecP002CellOf(cell);
    PetscCall(PetscMemzero(&pc->slot, sizeof(pc->slot)));
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecUE     *ue = &cell->ues[u];
      SemecP002UE *pu = SemecP002UEOf(ue);
      if (c->step == 0) { /* a new episode: a full queue */
        SemecRngKey k = EpisodeKey(pm, SEMEC_STREAM_TASKTYPE, c, ue->id, 0);
        pc->discarded += pu->drawn - pu->next; /* what the last episode left */
        pu->next      = 0;
        pu->drawn     = pm->queue;
        for (PetscInt j = 0; j < pm->queue; j++)
          pu->modality[j] = (int8_t)(pm->modality >= 0 ? pm->modality : PetscMin((PetscInt)(3.0 * SemecRngUniform(&k, (uint64_t)j)), 2));
        pc->drawn += pm->queue;
      }
      SemecRngKey k = EpisodeKey(pm, SEMEC_STREAM_FADING, c, ue->id, c->step);
      for (PetscInt n = 0; n < pm->nsub; n++) pu->gain[n] = pm->gain_min + (pm->gain_max - pm->gain_min) * SemecRngUniform(&k, (uint64_t)n); /* Table II */
      pu->executed = PETSC_FALSE;
      pu->assigned = -1;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

void SemecP002PhaseClear(SemecModel *m, SemecCell *cell)
{
  const SemecP002Model *pm = SemecP002ModelOf(m);

  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecP002UE *pu = SemecP002UEOf(&cell->ues[u]);
    pu->d           = (SemecP002Decision){PETSC_FALSE, pm->par.p_min, pm->par.f_ref, 1.0, 0.0, 0.0};
    pu->choice      = 0;
    for (PetscInt n = 0; n < pm->nsub; n++) pu->pref[n] = 1.0 / (double)pm->nsub;
  }
}

PetscErrorCode SemecP002PhaseDecided(SemecSim *sim, SemecCell *cell, PetscInt t)
{
  const SemecP002Model *pm = SemecP002ModelOf(sim->model);
  SemecP002Cell        *pc = SemecP002CellOf(cell);
  PetscBool             off[SEMEC_P002_MAX_UES];
  PetscInt              choice[SEMEC_P002_MAX_UES], assigned[SEMEC_P002_MAX_UES], left;
  double                pref[SEMEC_P002_MAX_UES * SEMEC_P002_MAX_SUBCHANNELS];

  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < cell->nue; u++) {
    const SemecP002UE *pu = SemecP002UEOf(&cell->ues[u]);
    PetscCheck(SemecP002DecisionCheck(&pm->par, &pu->d) || SemecP002Current(pu) < 0, PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "Policy %s made a decision outside (12f)-(12h) for UE %" PetscInt64_FMT " of cell %" PetscInt_FMT " at slot %" PetscInt_FMT
               " (p %g W, f %g Hz, mu %g)",
               sim->cfg.policy, cell->ues[u].id, cell->id, t, pu->d.p, pu->d.f, pu->d.mu);
    off[u]    = (PetscBool)(pu->d.offload && SemecP002Current(pu) >= 0);
    choice[u] = pu->choice;
    for (PetscInt n = 0; n < pm->nsub; n++) pref[u * pm->nsub + n] = pu->pref[n];
  }
  PetscCall(SemecP002AssignSubchannels(cell->nue, pm->nsub, off, choice, pref, assigned, &left)); /* (12c)-(12e) */
  pc->slot.unserved = left;
  for (PetscInt n = 0; n < pm->nsub; n++) cell->sub_owner[n] = -1;
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecP002UE *pu = SemecP002UEOf(&cell->ues[u]);
    pu->assigned    = assigned[u];
    if (pu->d.offload && (!off[u] || assigned[u] < 0)) pu->d.offload = PETSC_FALSE; /* no task, or no sub-channel: local */
    if (pu->d.offload) cell->sub_owner[assigned[u]] = u; /* only a transmitting UE interferes */
    pu->d.gain = pu->d.offload ? pu->gain[assigned[u]] : 0.0;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

void SemecP002Contribution(const SemecSim *sim, const SemecCell *c, PetscInt k, PetscInt t, double *out)
{
  PetscInt lo = SemecTopologyNeighbourIndex(&sim->topo, c->id, k); /* the UEs cache their gain to k at 1 + lo */

  for (PetscInt n = 0; n < sim->cfg.subcarriers; n++) {
    PetscInt u = c->sub_owner[n];
    out[n]     = 0.0;
    if (u < 0) continue;
    const SemecUE     *ue = &c->ues[u];
    const SemecP002UE *pu = SemecP002UEOf(ue);
    /* the UE's power on its sub-channel, its fading as drawn (g, Table II),
     * scaled by the large-scale gain to BS k relative to its own BS */
    out[n] = pu->d.p * pu->d.gain * ue->gain[1 + lo] / ue->gain[0];
  }
}

PetscErrorCode SemecP002PhaseEvaluate(SemecSim *sim, PetscInt t)
{
  const SemecP002Model *pm = SemecP002ModelOf(sim->model);

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell          *cell = &sim->cells[i];
    SemecP002SlotStats *s    = &SemecP002CellOf(cell)->slot;
    PetscInt            noff = 0;
    for (PetscInt u = 0; u < cell->nue; u++) noff += SemecP002UEOf(&cell->ues[u])->d.offload ? 1 : 0; /* sum of rho, (5) and (8) */
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecP002UE *pu = SemecP002UEOf(&cell->ues[u]);
      PetscInt     m  = SemecP002Current(pu);
      if (m < 0) continue;
      pu->d.interference = pu->d.offload ? cell->interference[pu->assigned] : 0.0; /* this slot's exchange */
      SemecP002Evaluate(&pm->par, (SemecP002Modality)m, &pu->d, noff, &pu->out); /* eqs. (2)-(13) */
      pu->executed = PETSC_TRUE;
      pu->next++; /* the task is consumed whether or not the constraints hold */
      s->tasks++;
      s->qoe += pu->out.qoe;
      s->reward += pu->out.reward;
      s->delay += pu->out.t_task;
      s->energy_ue += pu->out.e_ue;
      s->energy_es += pu->out.e_es;
      s->accuracy += pu->out.accuracy;
      s->violations += (pu->out.ok_time && pu->out.ok_energy && pu->out.ok_accuracy) ? 0 : 1;
      if (pu->d.offload) {
        s->offloaded++;
        s->mu += pu->d.mu;
      }
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecP002PhaseSettle(SemecSim *sim, PetscInt t)
{
  const SemecClock *c = &sim->clock;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell                *cell   = &sim->cells[i];
    SemecP002Cell            *pc     = SemecP002CellOf(cell);
    const SemecP002SlotStats *s      = &pc->slot;
    PetscInt64                queued = 0;
    pc->executed += s->tasks;
    for (PetscInt u = 0; u < cell->nue; u++) queued += SemecP002UEOf(&cell->ues[u])->drawn - SemecP002UEOf(&cell->ues[u])->next;
    PetscCheck(pc->drawn == pc->executed + pc->discarded + queued, PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "Task conservation violated in cell %" PetscInt_FMT " at slot %" PetscInt_FMT ": drawn %" PetscInt64_FMT " != executed %" PetscInt64_FMT
               " + discarded %" PetscInt64_FMT " + queued %" PetscInt64_FMT,
               cell->id, t, pc->drawn, pc->executed, pc->discarded, queued);
    if (c->phase == SEMEC_PHASE_TEST) {
      pc->test_tasks += s->tasks;
      pc->test_qoe += s->qoe;
      pc->test_delay += s->delay;
      pc->test_energy += s->energy_ue + s->energy_es;
      pc->test_accuracy += s->accuracy;
      pc->test_offloaded += (double)s->offloaded;
      if (SemecClockEpisodeEnds(c)) pc->test_episodes++;
    } else {
      pc->train_tasks += s->tasks;
      pc->train_qoe += s->qoe;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
