/* The slot phases of paper 004's model (include/semec/p004/model.h):
 *   scenario  every slot: resets the slot's sums; at a block's first slot:
 *             the block's n arrival bits and fading of every WD, and the
 *             gain over noise plus the interference the BS last measured
 *   (policy)  at a block's first slot: each WD's offload capacity (and p),
 *             the server's n rates
 *   decided   at a block's first slot: the split rule (C, rho) and the
 *             power (4); at its last slot: the resource blocks of the WDs
 *             that transmit, for the exchange
 *   (exchange) the engine sends every transmitting WD's power on its
 *             resource block to the neighbouring BSs (SemecP004Contribution)
 *   evaluate  every slot: C/(n tau) cycles locally, the server's rate of the
 *             slot; at the last slot: the offload against the realised
 *             SINR, (1), (6), the cost (8) and the discounted sum (9a)
 *   settle    at a block's last slot: exact conservation of the cell's
 *             cycles */
#include <semec/engine/sim.h>
#include <semec/engine/rng.h>
#include <semec/engine/channel.h>
#include <semec/p004/model.h>
#include <math.h>

PetscErrorCode SemecP004PhaseScenario(SemecSim *sim, PetscInt t)
{
  const SemecP004Model *pm = SemecP004ModelOf(sim->model);
  PetscInt              n  = pm->par.n;

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell     *cell = &sim->cells[i];
    SemecP004Cell *pc   = SemecP004CellOf(cell);
    PetscCall(PetscMemzero(&pc->slot, sizeof(pc->slot)));
    pc->block_end = PETSC_FALSE;
    if (SemecP004SlotInBlock(pm, t) != 0) continue;
    pc->block      = t / n;
    pc->q_ser_left = pc->q_ser;
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecUE     *ue = &cell->ues[u];
      SemecP004UE *pw = SemecP004UEOf(ue);
      SemecRngKey  k  = {(uint64_t)sim->cfg.seed, SEMEC_STREAM_ARRIVALS, 0, (uint64_t)ue->id, 0};
      pw->beta        = 0;
      for (PetscInt s = 0; s < n; s++) { /* beta_{k,t,i} ~ Bernoulli(b), keyed by the slot (Sec. II-A) */
        k.slot = (uint64_t)(t + s);
        if (SemecRngUniform(&k, 0) < pm->b) pw->beta |= 1u << s;
      }
      pw->fading = SemecFadingPower(&sim->cfg, cell->id, ue->id, t, u); /* h_{k,t}: i.i.d. per block, on the WD's resource block u */
      pw->h      = ue->gain[0] * pw->fading / (pm->noise_w + cell->interference[u]); /* the last offload slot's interference */
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecP004PhaseDecided(SemecSim *sim, SemecCell *cell, PetscInt t)
{
  const SemecP004Model  *pm  = SemecP004ModelOf(sim->model);
  const SemecP004Params *par = &pm->par;
  const SemecP004Cell   *pc  = SemecP004CellOf(cell);
  PetscInt               s   = SemecP004SlotInBlock(pm, t);

  PetscFunctionBeginUser;
  if (s == 0) {
    for (PetscInt i = 0; i < par->n; i++)
      PetscCheck(pc->f[i] >= 0.0 && pc->f[i] <= par->f_ser_max, PETSC_COMM_SELF, PETSC_ERR_PLIB,
                 "Policy %s set server rate %g Hz in slot %" PetscInt_FMT " of block %" PetscInt_FMT " of cell %" PetscInt_FMT ", outside (9d) [0, %g]", sim->cfg.policy,
                 pc->f[i], i, pc->block, cell->id, par->f_ser_max);
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecP004UE *pw = SemecP004UEOf(&cell->ues[u]);
      SemecP004SplitBlock(par, pw->q, pw->cap, pw->whole_only, &pw->split);
      pw->p_used = SemecP004Power(par, pw->h, pw->split.rho); /* (4) */
      PetscCheck(pw->p_used <= par->p_max * (1.0 + 1e-9), PETSC_COMM_SELF, PETSC_ERR_PLIB,
                 "Policy %s let WD %" PetscInt64_FMT " of cell %" PetscInt_FMT " offload %" PetscInt64_FMT " cycles at %g W, above -p004_power_max %g W", sim->cfg.policy,
                 cell->ues[u].id, cell->id, pw->split.rho, pw->p_used, par->p_max);
    }
  }
  if (s == par->n - 1) /* the offload slot: WD u transmits on resource block u */
    for (PetscInt u = 0; u < cell->nue; u++)
      if (SemecP004UEOf(&cell->ues[u])->split.rho > 0) cell->sub_owner[u] = u;
  PetscFunctionReturn(PETSC_SUCCESS);
}

void SemecP004Contribution(const SemecSim *sim, const SemecCell *c, PetscInt k, PetscInt t, double *out)
{
  const SemecP004Model *pm = SemecP004ModelOf(sim->model);
  PetscInt              lo = SemecTopologyNeighbourIndex(&sim->topo, c->id, k); /* the UEs cache their gain to k at 1 + lo */
  PetscInt              t0 = t - SemecP004SlotInBlock(pm, t);

  for (PetscInt n = 0; n < sim->cfg.subcarriers; n++) {
    PetscInt u = c->sub_owner[n];
    out[n]     = 0.0;
    if (u < 0) continue;
    const SemecUE *ue = &c->ues[u];
    /* the WD's power of (4) through its gain to BS k, with the block's fading on that link */
    out[n] = SemecP004UEOf(ue)->p_used * ue->gain[1 + lo] * SemecFadingPower(&sim->cfg, k, ue->id, t0, n);
  }
}

/* The block's offload slot and its end: outages, (1), (6), (8), (9a). */
static void EndBlock(const SemecSim *sim, SemecCell *cell)
{
  const SemecP004Model  *pm  = SemecP004ModelOf(sim->model);
  const SemecP004Params *par = &pm->par;
  SemecP004Cell         *pc  = SemecP004CellOf(cell);
  int64_t                delivered = 0;

  for (int j = 0; j < 5; j++) pc->parts[j] = 0.0;
  pc->offloaded = pc->outages = pc->splits = pc->done_local = pc->spans = 0;
  pc->e_off_block = 0.0;
  pc->e_ser_block = SemecP004ServerEnergy(par, pc->f); /* (7) */
  pc->parts[0]    = par->w[0] * (double)pc->q_ser;     /* q_t^ser: the block's start */
  pc->parts[1]    = par->w[1] * pc->e_ser_block;
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecUE     *ue = &cell->ues[u];
    SemecP004UE *pw = SemecP004UEOf(ue);
    int64_t      q0 = SemecP004QueueCycles(par, pw->q), rho = pw->split.rho, tasks = 0;
    pw->outage      = PETSC_FALSE;
    pw->e_local     = SemecP004LocalEnergy(par, pw->split.local); /* (2) */
    pw->e_off       = par->tau * pw->p_used;                     /* (5) */
    if (rho > 0) {
      double h = ue->gain[0] * pw->fading / (pm->noise_w + cell->interference[u]); /* this offload slot's SINR per W */
      pc->splits++;
      if (SemecP004Delivers(par, h, pw->p_used, rho)) {
        delivered += rho;
      } else { /* outage: the back-end stays at the WD, at the head of its FIFO */
        pw->outage = PETSC_TRUE;
        if (rho == par->W) pw->split.after.N++; /* a whole task (binary) stays whole */
        else pw->split.after.r = rho;
        pc->outages++;
      }
    }
    for (PetscInt s = 0; s < par->n; s++) tasks += (pw->beta >> s) & 1u;
    pw->q = pw->split.after;
    pw->q.N += tasks; /* (1): the block's arrivals join at its end */
    pc->arrived += tasks * par->W;
    pw->cost = par->w[2] * (double)q0 + par->w[3] * (pw->e_local + pw->e_off);
    pc->parts[2] += par->w[2] * (double)q0;
    pc->parts[3] += par->w[3] * pw->e_local;
    pc->parts[4] += par->w[3] * pw->e_off;
    pc->e_off_block += pw->e_off;
    pc->done_local += pw->split.done;
    pc->spans += pw->split.spans ? 1 : 0;
  }
  pc->offloaded = delivered;
  pc->outages_total += pc->outages;
  pc->q_ser = pc->q_ser_left + delivered; /* (6) */
  pc->cost  = pc->parts[0] + pc->parts[1] + pc->parts[2] + pc->parts[3] + pc->parts[4]; /* (8) */
  pc->discounted += pc->discount * pc->cost; /* (9a) */
  pc->discount *= par->gamma;
  if (pc->block >= pm->blocks / 2) pc->second_half += pc->cost;
  pc->block_end = PETSC_TRUE;
}

PetscErrorCode SemecP004PhaseEvaluate(SemecSim *sim, PetscInt t)
{
  const SemecP004Model  *pm  = SemecP004ModelOf(sim->model);
  const SemecP004Params *par = &pm->par;
  PetscInt               s   = SemecP004SlotInBlock(pm, t);

  PetscFunctionBeginUser;
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell     *cell = &sim->cells[i];
    SemecP004Cell *pc   = SemecP004CellOf(cell);
    int64_t        run;
    for (PetscInt u = 0; u < cell->nue; u++) {
      const SemecP004UE *pw = SemecP004UEOf(&cell->ues[u]);
      int64_t            C  = pw->split.local;
      double             f  = SemecP004LocalRate(par, C);
      pc->slot.local += C * (s + 1) / par->n - C * s / par->n; /* C spread over the n slots in whole cycles */
      pc->slot.e_local += par->tau * par->xi_wd * f * f * f;   /* (2), slot s */
      if ((pw->beta >> s) & 1u) pc->slot.arrived += par->W;
    }
    run = SemecP004ServerSlotCycles(par, pc->f[s]);
    run = run < pc->q_ser_left ? run : pc->q_ser_left; /* FIFO of the back-ends of earlier blocks (6) */
    pc->q_ser_left -= run;
    pc->slot.served = run;
    pc->slot.e_server = par->tau * par->xi_ser * pc->f[s] * pc->f[s] * pc->f[s]; /* (7), slot s */
    pc->local += pc->slot.local;
    pc->served += run;
    if (s == par->n - 1) EndBlock(sim, cell);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecP004PhaseSettle(SemecSim *sim, PetscInt t)
{
  const SemecP004Model *pm = SemecP004ModelOf(sim->model);

  PetscFunctionBeginUser;
  if (SemecP004SlotInBlock(pm, t) != pm->par.n - 1) PetscFunctionReturn(PETSC_SUCCESS);
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell           *cell = &sim->cells[i];
    const SemecP004Cell *pc   = SemecP004CellOf(cell);
    int64_t              queued = 0;
    for (PetscInt u = 0; u < cell->nue; u++) {
      SemecP004Queue q = SemecP004UEOf(&cell->ues[u])->q;
      PetscCheck(q.r >= 0 && q.r < pm->par.W && q.N >= 0, PETSC_COMM_SELF, PETSC_ERR_PLIB, "WD %" PetscInt64_FMT " of cell %" PetscInt_FMT " holds a malformed queue (r %" PetscInt64_FMT ", N %" PetscInt64_FMT ")",
                 cell->ues[u].id, cell->id, q.r, q.N);
      queued += SemecP004QueueCycles(&pm->par, q);
    }
    PetscCheck(pc->arrived == pc->local + pc->served + queued + pc->q_ser, PETSC_COMM_SELF, PETSC_ERR_PLIB,
               "Workload conservation violated in cell %" PetscInt_FMT " at block %" PetscInt_FMT ": arrived %" PetscInt64_FMT " != local %" PetscInt64_FMT " + server %" PetscInt64_FMT
               " + WD queues %" PetscInt64_FMT " + server queue %" PetscInt64_FMT,
               cell->id, pc->block, pc->arrived, pc->local, pc->served, queued, pc->q_ser);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
