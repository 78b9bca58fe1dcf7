/* The slot phases of paper 001's model (include/semec/p001/model.h):
 *   scenario  at step 0 of an episode: every UE dropped afresh around its
 *             ES, its queue refilled and its battery charged; every step:
 *             |h|^2 ~ Exp(1) per UE
 *   clear     the decision before the policy: local at f_max
 *   decided   after the policy: the ES shares the band by (12), quantised
 *             to subcarriers when cells interfere (SemecP001ShareBand)
 *   (exchange) the engine sends every transmitting UE's power on its
 *             subcarriers to the neighbouring ESs (SemecP001Contribution)
 *   evaluate  (1)-(13) for the head task of every UE with one, the battery,
 *             the queue; the end of the cell's episode and (14)
 *   settle    conservation of the cell's tasks (drawn = done + left at an
 *             episode's end + queued) */
#include <semec/engine/sim.h>
#include <semec/engine/rng.h>
#include <semec/p001/model.h>
#include <math.h>

/* Draws of an episode are keyed by its phase and index, not by the slot:
 * test episode e is the same for every run with the same seed.  The top
 * bit keeps these keys apart from the run-start drop of the engine. */
static SemecRngKey EpisodeKey(const SemecP001Model *pm, SemecStream stream, const SemecClock *c, PetscInt64 ue, PetscInt step)
{
  SemecRngKey k = {(uint64_t)pm->seed, (uint64_t)stream, (1ull << 62) | ((uint64_t)c->phase << 40) | (uint64_t)c->episode, (uint64_t)ue, (uint64_t)step};
  return k;
}

/* Task j of UE ue's queue in this episode: sentence lengths uniform in
 * [words_min, words_max] (paper 001 Sec. V-A: "100 random task sets"). */
static void DrawTask(const SemecP001Model *pm, const SemecClock *c, PetscInt64 ue, PetscInt modality, PetscInt j, SemecP001Task *task)
{
  SemecRngKey k     = EpisodeKey(pm, SEMEC_STREAM_TASKTYPE, c, ue, j);
  PetscInt    nsent = modality == SEMEC_P001_TEXT ? pm->par.sentences : (modality == SEMEC_P001_VQA ? 1 : 0);
  double      w[SEMEC_P001_MAX_SENTENCES];

  for (PetscInt s = 0; s < nsent; s++)
    w[s] = (double)(pm->words_min + PetscMin((PetscInt)((double)(pm->words_max - pm->words_min + 1) * SemecRngUniform(&k, (uint64_t)s)), pm->words_max - pm->words_min));
  SemecP001TaskMake(&pm->par, (SemecP001Modality)modality, nsent, w, task);
}

/* A new episode for one UE: drop, queue, battery. */
static PetscErrorCode EpisodeStart(SemecSim *sim, SemecCell *cell, SemecUE *ue)
{
  const SemecP001Model *pm = SemecP001ModelOf(sim->model);
  const SemecConfig    *cfg = &sim->cfg;
  const SemecClock     *c  = &sim->clock;
  SemecP001UE          *pu = SemecP001UEOf(ue);
  SemecRngKey           k  = EpisodeKey(pm, SEMEC_STREAM_GEOMETRY, c, ue->id, 0);
  double                u[4], r;

  PetscFunctionBeginUser;
  /* uniform in area over the annulus around the ES (spec A.1.3: "random user distributions") */
  SemecRngUniform4(&k, 0, u);
  r      = sqrt(cfg->r_min_m * cfg->r_min_m + u[0] * (cfg->r_max_m * cfg->r_max_m - cfg->r_min_m * cfg->r_min_m));
  pu->dx = r * cos(2.0 * PETSC_PI * u[1]);
  pu->dy = r * sin(2.0 * PETSC_PI * u[1]);
  ue->x  = sim->topo.x[cell->id] + pu->dx;
  ue->y  = sim->topo.y[cell->id] + pu->dy;
  PetscCall(SemecUEUpdateGains(cfg, &sim->topo, cell->id, ue, PETSC_FALSE)); /* the path loss of -chan_pathloss at the new distance */
  pu->battery_max = pm->battery_tasks * (double)pm->queue * pm->nominal[pu->modality].e0;
  pu->battery     = pu->battery_max;
  if (c->phase == SEMEC_PHASE_TRAIN && pm->battery_train_random) pu->battery = (0.1 + 0.9 * u[2]) * pu->battery_max; /* training sees every preference */
  pu->queue = pm->queue;
  pu->next  = 0;
  DrawTask(pm, c, ue->id, pu->modality, 0, &pu->head);
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecP001PhaseScenario(SemecSim *sim, PetscInt t)
{
  const SemecP001Model *pm = SemecP001ModelOf(sim->model);
  const SemecClock     *c  = &sim->clock;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell     *cell = &sim->cells[i];
    SemecP001Cell *pc   = SemecP001CellOf(cell);
    PetscCall(PetscMemzero(&pc->slot, sizeof(pc->slot)));
    if (c->step == 0) { /* a new episode */
      for (PetscInt u = 0; u < cell->nue; u++) {
        pc->discarded += SemecP001UEOf(&cell->ues[u])->queue; /* what the last episode left */
        PetscCall(EpisodeStart(sim, cell, &cell->ues[u]));
        pc->drawn += pm->queue;
      }
      pc->active         = PETSC_TRUE;
      pc->steps          = 0;
      pc->qoe_episode    = 0.0;
      pc->return_episode = 0.0;
      pc->energy_episode = 0.0;
    }
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecUE     *ue = &cell->ues[u];
      SemecP001UE *pu = SemecP001UEOf(ue);
      SemecRngKey  k  = EpisodeKey(pm, SEMEC_STREAM_FADING, c, ue->id, c->step);
      pu->fading      = -log1p(-SemecRngUniform(&k, 0)); /* |h|^2 ~ Exp(1), h ~ CN(0, 1) (1) */
      pu->attempted   = PETSC_FALSE;
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

void SemecP001PhaseClear(SemecModel *m, SemecCell *cell)
{
  const SemecP001Model *pm = SemecP001ModelOf(m);

  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecP001UE *pu = SemecP001UEOf(&cell->ues[u]);
    pu->offload     = PETSC_FALSE;
    pu->bhat        = 0.0;
    pu->p           = pm->par.p_max;
    pu->f           = pm->par.f_max;
  }
}

void SemecP001ShareBand(const SemecP001Model *pm, SemecCell *cell)
{
  PetscBool off[SEMEC_P001_MAX_UES];
  double    bhat[SEMEC_P001_MAX_UES], b[SEMEC_P001_MAX_UES];
  PetscInt  sub0[SEMEC_P001_MAX_UES], count[SEMEC_P001_MAX_UES];

  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecP001UE *pu = SemecP001UEOf(&cell->ues[u]);
    off[u]          = (PetscBool)(pu->offload && pu->queue > 0 && SemecP001CellOf(cell)->active);
    bhat[u]         = pu->bhat;
  }
  SemecP001Bands(cell->nue, off, bhat, pm->par.bandwidth, pm->quantise ? pm->nsub : 0, b, sub0, count); /* (12), quantised when cells interfere */
  for (PetscInt n = 0; n < pm->nsub; n++) cell->sub_owner[n] = -1;
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecP001UE *pu = SemecP001UEOf(&cell->ues[u]);
    pu->d.offload   = off[u];
    pu->d.b         = b[u];
    pu->sub0        = pm->quantise ? sub0[u] : 0;
    pu->nsub        = pm->quantise && off[u] ? count[u] : 0;
    for (PetscInt n = pu->sub0; n < pu->sub0 + pu->nsub; n++) cell->sub_owner[n] = u;
  }
}

PetscErrorCode SemecP001PhaseDecided(SemecSim *sim, SemecCell *cell, PetscInt t)
{
  const SemecP001Model  *pm  = SemecP001ModelOf(sim->model);
  const SemecP001Params *par = &pm->par;

  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecUE     *ue = &cell->ues[u];
    SemecP001UE *pu = SemecP001UEOf(ue);
    PetscCheck(pu->f >= par->f_min && pu->f <= par->f_max && pu->p >= par->p_min && pu->p <= par->p_max && isfinite(pu->bhat), PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "Policy %s made a decision outside (11d)-(11e) for UE %" PetscInt64_FMT " of cell %" PetscInt_FMT " at slot %" PetscInt_FMT " (p %g W, f %g Hz, bhat %g)",
               sim->cfg.policy, ue->id, cell->id, t, pu->p, pu->f, pu->bhat);
    pu->d.p    = pu->p;
    pu->d.f    = pu->f;
    pu->d.gain = ue->gain[0] * pu->fading; /* g_i |h_i|^2 */
  }
  SemecP001ShareBand(pm, cell);
  PetscFunctionReturn(PETSC_SUCCESS);
}

void SemecP001Contribution(const SemecSim *sim, const SemecCell *c, PetscInt k, PetscInt t, double *out)
{
  PetscInt lo = SemecTopologyNeighbourIndex(&sim->topo, c->id, k); /* the UEs cache their gain to k at 1 + lo */

  for (PetscInt n = 0; n < sim->cfg.subcarriers; n++) {
    PetscInt u = c->sub_owner[n];
    out[n]     = 0.0;
    if (u < 0) continue;
    const SemecUE     *ue = &c->ues[u];
    const SemecP001UE *pu = SemecP001UEOf(ue);
    /* the UE's power spread evenly over its subcarriers, through the
     * large-scale gain to ES k (the fading to a foreign ES is not drawn: its mean, 1) */
    out[n] = pu->d.p / (double)pu->nsub * ue->gain[1 + lo];
  }
}

/* The cell's episode ends: (14), the episode's records. */
static void EndEpisode(const SemecP001Model *pm, const SemecClock *c, SemecCell *cell, PetscBool emptied)
{
  SemecP001Cell      *pc      = SemecP001CellOf(cell);
  SemecP001SlotStats *s       = &pc->slot;
  double              backlog = 0.0;

  for (PetscInt u = 0; u < cell->nue; u++) {
    const SemecP001UE *pu = SemecP001UEOf(&cell->ues[u]);
    backlog += (double)pu->queue * pm->nominal[pu->modality].e0; /* sum_i d_i(T) E_0^{Q_i} */
  }
  s->terminal = SemecP001TerminalReward(&pm->par, emptied, pc->steps, c->length, backlog); /* (14) */
  s->reward += s->terminal;
  pc->return_episode += s->terminal;
  s->episode_return = pc->return_episode;
  s->ended          = PETSC_TRUE;
  pc->active        = PETSC_FALSE;
  if (c->phase == SEMEC_PHASE_TEST) {
    pc->test_episodes++;
    pc->test_qbar += pc->qoe_episode / (double)pc->steps; /* the system sum QoE: t_end = t_0, or T */
    pc->test_steps += (double)pc->steps;
    pc->test_energy += pc->energy_episode;
    if (emptied) {
      pc->test_completed++;
      pc->test_steps_completed += (double)pc->steps;
    }
  }
}

PetscErrorCode SemecP001PhaseEvaluate(SemecSim *sim, PetscInt t)
{
  const SemecP001Model *pm = SemecP001ModelOf(sim->model);
  const SemecClock     *c  = &sim->clock;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell          *cell = &sim->cells[i];
    SemecP001Cell      *pc   = SemecP001CellOf(cell);
    SemecP001SlotStats *s    = &pc->slot;
    PetscInt            noff = 0, left = 0;
    if (!pc->active) continue; /* finished early: idle until the engine's episode ends */
    for (PetscInt u = 0; u < cell->nue; u++) noff += SemecP001UEOf(&cell->ues[u])->d.offload ? 1 : 0; /* sum of rho, (5) and (6) */
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecUE     *ue = &cell->ues[u];
      SemecP001UE *pu = SemecP001UEOf(ue);
      if (pu->queue <= 0) continue;
      pu->d.interference = 0.0;
      for (PetscInt n = pu->sub0; n < pu->sub0 + pu->nsub; n++) pu->d.interference += cell->interference[n]; /* this slot's exchange */
      SemecP001Evaluate(&pm->par, &pu->head, &pu->d, noff, SemecP001Beta(pm, pu), pu->battery, &pu->out); /* (1)-(13) */
      pu->attempted = PETSC_TRUE;
      pu->battery   = PetscMax(0.0, pu->battery - pu->out.e); /* the battery pays E_i (8) */
      s->attempts++;
      s->reward += pu->out.reward;
      s->energy += pu->out.e;
      s->energy_es += pu->out.e_es;
      s->accuracy += pu->out.accuracy;
      s->offloaded += pu->d.offload ? 1 : 0;
      s->fail_accuracy += pu->out.ok_accuracy ? 0 : 1;
      s->fail_latency += pu->out.ok_time ? 0 : 1;
      s->fail_energy += pu->out.ok_energy ? 0 : 1;
      if (pu->out.success) { /* d_i -> d_i - 1; a failed task stays at the head */
        s->successes++;
        s->qoe += pu->out.qoe;
        pu->queue--;
        pu->next++;
        pc->done++;
        if (pu->queue > 0) DrawTask(pm, c, ue->id, pu->modality, pu->next, &pu->head);
      }
    }
    for (PetscInt u = 0; u < cell->nue; u++) left += SemecP001UEOf(&cell->ues[u])->queue;
    pc->steps++;
    pc->qoe_episode += s->qoe;
    pc->energy_episode += s->energy;
    pc->return_episode += s->reward;
    if (left == 0) EndEpisode(pm, c, cell, PETSC_TRUE);
    else if (SemecClockEpisodeEnds(c)) EndEpisode(pm, c, cell, PETSC_FALSE);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecP001PhaseSettle(SemecSim *sim, PetscInt t)
{
  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell           *cell   = &sim->cells[i];
    const SemecP001Cell *pc     = SemecP001CellOf(cell);
    PetscInt64           queued = 0;
    for (PetscInt u = 0; u < cell->nue; u++) queued += SemecP001UEOf(&cell->ues[u])->queue;
    PetscCheck(pc->drawn == pc->done + pc->discarded + queued, PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "Task conservation violated in cell %" PetscInt_FMT " at slot %" PetscInt_FMT ": drawn %" PetscInt64_FMT " != done %" PetscInt64_FMT " + left %" PetscInt64_FMT
               " + queued %" PetscInt64_FMT,
               cell->id, t, pc->drawn, pc->done, pc->discarded, queued);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
