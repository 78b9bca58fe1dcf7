/* Co-channel interference between cells, paper 003 eq. (1).
 *
 * The interference at BS k on subcarrier n is the power it receives from the
 * UEs of other same-band cells c that hold subcarrier n:
 *     I_k^n = sum_{c != k} sum_{u' in c} rho_{u'c}^n P_{u'}^n g_{u'k}^n.
 * (Eq. (1) prints g_{u'c}^n, the gain to the interferer's own BS; the power
 * that reaches BS k travels on link (u', k), so we use g_{u'k}^n: see
 * docs/models.md.)  Only cells within -chan_interference_radius contribute.
 *
 * The owner of cell c knows its allocation and can evaluate every link
 * (u', k) (gains are counter-based, BS positions global), so it computes the
 * contribution vector c -> k (one double per subcarrier) and sends it to k's
 * owner.  The receiver adds contributions in ascending order of c, so the sum
 * is bit-identical for any decomposition.
 *
 * The contribution is the execution model's (SemecModelOps.contribution;
 * SemecInterferenceContribution for UEs that send at -chan_tx_power on
 * their subcarriers); a model without one has no co-channel interference
 * and the exchange is skipped.  SemecUplinkRate, the rate a UE gets from
 * its subcarriers under the measured interference, is here too. */
#include <semec/engine/sim.h>
#include <semec/engine/channel.h>
#include <semec/engine/radio.h>
#include <math.h>

struct SemecInterference_s {
  PetscMPIInt *sendcount, *recvcount; /* doubles per neighbour rank */
  double      *send, *recv, *contrib;
  PetscInt    *recv_start;            /* offset of each neighbour rank in recv */
};

static PetscBool Interferes(const SemecTopology *topo, PetscInt a, PetscInt b) { return (PetscBool)(topo->band[a] == topo->band[b]); }

static PetscInt NeighbourIndex(const SemecComm *comm, PetscMPIInt rank)
{
  const PetscMPIInt *nbr = SemecCommNeighbours(comm);
  for (PetscInt i = 0; i < SemecCommNumNeighbours(comm); i++)
    if (nbr[i] == rank) return i;
  return -1;
}

PetscErrorCode SemecInterferenceCreate(SemecSim *sim)
{
  SemecInterference   *x;
  const SemecTopology *topo = &sim->topo;
  PetscInt             nn = SemecCommNumNeighbours(sim->comm), N = sim->cfg.subcarriers, first = SemecCommFirstCell(sim->comm);
  PetscInt             ssum = 0, rsum = 0;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&x));
  PetscCall(PetscCalloc3(nn + 1, &x->sendcount, nn + 1, &x->recvcount, nn + 1, &x->recv_start));
  /* counts: one vector per (my cell, remote same-band neighbour) pair, both ways */
  for (PetscInt k = first; k < first + sim->ncells; k++)
    for (PetscInt i = topo->nbr_start[k]; i < topo->nbr_start[k + 1]; i++) {
      PetscInt    c     = topo->nbr[i];
      PetscMPIInt owner = SemecCommOwner(sim->comm, c);
      if (owner == SemecCommRank(sim->comm) || !Interferes(topo, c, k)) continue;
      PetscInt j = NeighbourIndex(sim->comm, owner);
      x->sendcount[j] += (PetscMPIInt)N;
      x->recvcount[j] += (PetscMPIInt)N;
    }
  for (PetscInt j = 0; j < nn; j++) {
    x->recv_start[j] = rsum;
    ssum += x->sendcount[j];
    rsum += x->recvcount[j];
  }
  PetscCall(PetscMalloc3(ssum + 1, &x->send, rsum + 1, &x->recv, N, &x->contrib));
  sim->ifx = x;
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecInterferenceDestroy(SemecSim *sim)
{
  PetscFunctionBeginUser;
  if (!sim->ifx) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscFree3(sim->ifx->sendcount, sim->ifx->recvcount, sim->ifx->recv_start));
  PetscCall(PetscFree3(sim->ifx->send, sim->ifx->recv, sim->ifx->contrib));
  PetscCall(PetscFree(sim->ifx));
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Power received at BS k from the UEs of cell c on each subcarrier (W). */
void SemecInterferenceContribution(const SemecSim *sim, const SemecCell *c, PetscInt k, PetscInt slot, double *out)
{
  const SemecConfig *cfg = &sim->cfg;
  PetscInt           lo  = SemecTopologyNeighbourIndex(&sim->topo, c->id, k); /* the UEs cache their gain to k at 1 + lo */
  SemecFadingCache   fc  = SEMEC_FADING_CACHE_INIT;

  for (PetscInt n = 0; n < cfg->subcarriers; n++) {
    PetscInt u = c->sub_owner[n];
    if (u < 0) {
      out[n] = 0.0;
      continue;
    }
    const SemecUE *ue = &c->ues[u];
    out[n] = cfg->tx_power_w * ue->gain[1 + lo] * SemecFadingCached(&fc, cfg, k, ue->id, slot, n);
  }
}

double SemecUplinkRate(const SemecSim *sim, const SemecCell *cell, PetscInt u, PetscInt slot)
{
  const SemecConfig *cfg  = &sim->cfg;
  const SemecUE     *ue   = &cell->ues[u];
  double             rate = 0.0;
  SemecFadingCache   fc   = SEMEC_FADING_CACHE_INIT;

  for (PetscInt n = 0; n < cfg->subcarriers; n++) {
    if (cell->sub_owner[n] != u) continue;
    double g = ue->gain[0] * SemecFadingCached(&fc, cfg, cell->id, ue->id, slot, n);
    rate += SemecShannonRate(cfg->subcarrier_hz, SemecSinr(cfg->tx_power_w, g, cell->interference[n], sim->noise_w));
  }
  return rate;
}

PetscErrorCode SemecExchangeInterference(SemecSim *sim, PetscInt t)
{
  SemecInterference   *x    = sim->ifx;
  const SemecTopology *topo = &sim->topo;
  PetscInt             N = sim->cfg.subcarriers, first = SemecCommFirstCell(sim->comm), nn = SemecCommNumNeighbours(sim->comm);
  PetscMPIInt          me = SemecCommRank(sim->comm);
  PetscInt            *soff, *roff;

  PetscFunctionBeginUser;
  if (!sim->model->ops->contribution) PetscFunctionReturn(PETSC_SUCCESS); /* the model has no co-channel interference */
  PetscCall(PetscLogEventBegin(sim->ev.exchange, 0, 0, 0, 0));
  for (PetscInt i = 0; i < sim->ncells; i++) {
    PetscCall(PetscArrayzero(sim->cells[i].interference, N));
  }
  if (!sim->cfg.interference) goto done;
  PetscCall(PetscCalloc2(nn + 1, &soff, nn + 1, &roff));
  for (PetscInt j = 1; j < nn; j++) soff[j] = soff[j - 1] + x->sendcount[j - 1];
  for (PetscInt j = 0; j < nn; j++) roff[j] = x->recv_start[j];
  /* pack: for each remote cell k (ascending), my same-band cells c in nbr(k)
   * (ascending): exactly the order in which k's owner unpacks */
  for (PetscInt j = 0; j < nn; j++) {
    PetscMPIInt q = SemecCommNeighbours(sim->comm)[j];
    for (PetscInt k = (PetscInt)q * sim->cfg.cells_per_rank; k < (PetscInt)(q + 1) * sim->cfg.cells_per_rank; k++)
      for (PetscInt i = topo->nbr_start[k]; i < topo->nbr_start[k + 1]; i++) {
        PetscInt c = topo->nbr[i];
        if (SemecCommOwner(sim->comm, c) != me || !Interferes(topo, c, k)) continue;
        sim->model->ops->contribution(sim, &sim->cells[c - first], k, t, x->send + soff[j]);
        soff[j] += N;
      }
  }
  PetscCall(SemecCommNeighbourExchange(sim->comm, x->send, x->sendcount, x->recv, x->recvcount));
  /* unpack and add in ascending order of the interfering cell */
  for (PetscInt ik = 0; ik < sim->ncells; ik++) {
    SemecCell *k = &sim->cells[ik];
    for (PetscInt i = topo->nbr_start[k->id]; i < topo->nbr_start[k->id + 1]; i++) {
      PetscInt    c     = topo->nbr[i];
      PetscMPIInt owner = SemecCommOwner(sim->comm, c);
      const double *v;
      if (!Interferes(topo, c, k->id)) continue;
      if (owner == me) {
        sim->model->ops->contribution(sim, &sim->cells[c - first], k->id, t, x->contrib);
        v = x->contrib;
      } else {
        PetscInt j = NeighbourIndex(sim->comm, owner);
        v = x->recv + roff[j];
        roff[j] += N;
      }
      for (PetscInt n = 0; n < N; n++) k->interference[n] += v[n];
    }
  }
  PetscCall(PetscFree2(soff, roff));
done:
  PetscCall(PetscLogEventEnd(sim->ev.exchange, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}
