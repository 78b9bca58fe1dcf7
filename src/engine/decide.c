/* The decide phase: association (with UE migration between cells and
 * ranks) and the policy's allocation, alternated with the interference
 * exchange when -sim_interference_rounds > 1.
 *
 * Migration.  A policy may associate a UE with its own cell or a neighbour
 * cell.  The UE moves with its whole state: the engine's part (position,
 * id) and the model's (SemecModelOps.ue_pack/ue_unpack: in the tasks model
 * all its task queues; its tasks in the cloud stay with the old cell).  A
 * model without ue_pack keeps its UEs where they are.  UEs going to another rank are packed into one byte buffer per
 * neighbour rank and moved with one neighbourhood exchange.  Cells keep UEs
 * sorted by id, so the result does not depend on the order of arrival. */
#include <semec/engine/sim.h>
#include <string.h>

/* Bytes of a UE on the wire: the engine's part (its gains are recomputed
 * by the receiver), then the model's. */
static size_t PackedSize(const SemecModel *m, const SemecUE *ue) { return sizeof(SemecUE) + m->ops->ue_pack_size(m, ue); }

/* Adds a UE that changed cell to its new cell (the gains cached for the old
 * cell's neighbours are recomputed for the new one). */
static PetscErrorCode Receive(SemecSim *sim, SemecUE *in)
{
  SemecCell *cell = &sim->cells[in->target - SemecCommFirstCell(sim->comm)];

  PetscFunctionBeginUser;
  PetscCall(SemecUEUpdateGains(&sim->cfg, &sim->topo, in->target, in, PETSC_TRUE));
  sim->model->ops->ue_join(sim->model, cell, in);
  PetscCall(SemecCellAddUE(cell, in));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode Migrate(SemecSim *sim)
{
  PetscInt     nn = SemecCommNumNeighbours(sim->comm);
  PetscMPIInt *scount, *rcount, me = SemecCommRank(sim->comm);
  size_t      *soff, total = 0;
  char        *send, *recv;
  SemecUE     *stay = NULL;
  PetscInt     nstay = 0, capstay = 0;

  PetscFunctionBeginUser;
  const SemecModel *model = sim->model;

  PetscCheck(model->ops->ue_pack, PETSC_COMM_SELF, PETSC_ERR_SUP, "Policy %s associates UEs, but the UEs of -sim_model %s do not migrate between cells",
             sim->cfg.policy, model->ops->name);
  PetscCall(PetscLogEventBegin(sim->ev.migrate, 0, 0, 0, 0));
  PetscCall(PetscCalloc3(nn + 1, &scount, nn + 1, &rcount, nn + 1, &soff));
  /* sizes per destination rank; validate the targets */
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell *cell = &sim->cells[i];
    for (PetscInt u = 0; u < cell->nue; u++) {
      PetscInt tgt = cell->ues[u].target;
      if (tgt == cell->id) continue;
      PetscCheck(tgt >= 0 && tgt < sim->cfg.cells && SemecTopologyAreNeighbours(&sim->topo, cell->id, tgt), PETSC_COMM_SELF, PETSC_ERR_ARG_OUTOFRANGE,
                 "Policy %s associated UE %" PetscInt64_FMT " of cell %" PetscInt_FMT " with cell %" PetscInt_FMT ", which is not a neighbour",
                 sim->cfg.policy, cell->ues[u].id, cell->id, tgt);
      PetscMPIInt owner = SemecCommOwner(sim->comm, tgt);
      if (owner == me) continue;
      for (PetscInt j = 0; j < nn; j++)
        if (SemecCommNeighbours(sim->comm)[j] == owner) scount[j] += (PetscMPIInt)PackedSize(model, &cell->ues[u]);
    }
  }
  for (PetscInt j = 0; j < nn; j++) { soff[j] = total; total += (size_t)scount[j]; }
  PetscCall(PetscMalloc1(total + 1, &send));
  /* remove leaving UEs; pack remote ones, keep local movers aside */
  for (PetscInt i = 0; i < sim->ncells; i++) {
    SemecCell *cell = &sim->cells[i];
    for (PetscInt u = cell->nue - 1; u >= 0; u--) {
      SemecUE ue;
      if (cell->ues[u].target == cell->id) continue;
      SemecCellRemoveUE(cell, u, &ue);
      model->ops->ue_leave(sim->model, cell, &ue);
      sim->ues_migrated++;
      PetscMPIInt owner = SemecCommOwner(sim->comm, ue.target);
      if (owner == me) {
        if (nstay == capstay) {
          capstay = capstay ? 2 * capstay : 16;
          PetscCall(PetscRealloc(sizeof(SemecUE) * (size_t)capstay, &stay));
        }
        stay[nstay++] = ue;
        continue;
      }
      for (PetscInt j = 0; j < nn; j++) {
        if (SemecCommNeighbours(sim->comm)[j] != owner) continue;
        char *p = send + soff[j];
        memcpy(p, &ue, sizeof(ue));
        p       = model->ops->ue_pack(model, &ue, p + sizeof(ue));
        soff[j] = (size_t)(p - send);
      }
      model->ops->ue_destroy(sim->model, &ue);
      SemecUEDestroy(&ue);
    }
  }
  for (PetscInt s = 0; s < nstay; s++) PetscCall(Receive(sim, &stay[s]));
  PetscCall(PetscFree(stay));
  PetscCall(SemecCommNeighbourExchangeBytes(sim->comm, send, scount, &recv, rcount));
  {
    const char *p = recv, *end = recv;
    for (PetscInt j = 0; j < nn; j++) end += rcount[j];
    while (p && p < end) {
      SemecUE ue;
      memcpy(&ue, p, sizeof(ue));
      p += sizeof(ue);
      ue.shadow_db = ue.gain = NULL; /* pointers of the sending rank */
      ue.ngain     = 0;
      ue.model     = NULL;
      PetscCall(sim->model->ops->ue_unpack(sim->model, &ue, &p));
      PetscCall(Receive(sim, &ue));
    }
  }
  PetscCall(PetscFree(recv));
  PetscCall(PetscFree(send));
  PetscCall(PetscFree3(scount, rcount, soff));
  PetscCall(PetscLogEventEnd(sim->ev.migrate, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecPolicyDecide(SemecSim *sim, PetscInt t)
{
  SemecPolicyView view = {&sim->cfg, &sim->topo, &sim->cloud, t, sim->model, sim->comm, sim->clock};

  PetscFunctionBeginUser;
  if (sim->policy->ops->associate) {
    PetscCall(PetscLogEventBegin(sim->ev.decide, 0, 0, 0, 0));
    for (PetscInt i = 0; i < sim->ncells; i++) {
      SemecCell *cell = &sim->cells[i];
      for (PetscInt u = 0; u < cell->nue; u++) cell->ues[u].target = cell->id;
      PetscCall(sim->policy->ops->associate(sim->policy, &view, cell));
    }
    PetscCall(PetscLogEventEnd(sim->ev.decide, 0, 0, 0, 0));
    PetscCall(Migrate(sim));
  } else if (sim->policy->ops->associate_round) {
    PetscBool more = PETSC_TRUE;
    for (PetscInt round = 0; more; round++) {
      for (PetscInt i = 0; i < sim->ncells; i++)
        for (PetscInt u = 0; u < sim->cells[i].nue; u++) sim->cells[i].ues[u].target = sim->cells[i].id;
      PetscCall(PetscLogEventBegin(sim->ev.decide, 0, 0, 0, 0));
      PetscCall(sim->policy->ops->associate_round(sim->policy, &view, sim->cells, sim->ncells, sim->comm, round, &more));
      PetscCall(PetscLogEventEnd(sim->ev.decide, 0, 0, 0, 0));
      PetscCall(Migrate(sim));
    }
  }
  for (PetscInt r = 0; r < sim->cfg.interference_rounds; r++) {
    PetscCall(PetscLogEventBegin(sim->ev.decide, 0, 0, 0, 0));
    for (PetscInt i = 0; i < sim->ncells; i++) {
      SemecCell *cell = &sim->cells[i];
      for (PetscInt n = 0; n < sim->cfg.subcarriers; n++) cell->sub_owner[n] = -1;
      if (sim->model->ops->clear) sim->model->ops->clear(sim->model, cell);
      PetscCall(sim->policy->ops->decide(sim->policy, &view, cell));
      if (sim->model->ops->decided) PetscCall(sim->model->ops->decided(sim, cell, t));
    }
    PetscCall(PetscLogEventEnd(sim->ev.decide, 0, 0, 0, 0));
    /* the last round's exchange is the slot's evaluation exchange (main) */
    if (r + 1 < sim->cfg.interference_rounds) PetscCall(SemecExchangeInterference(sim, t));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}
