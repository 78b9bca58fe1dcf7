/* Policy strongest: the edge baseline plus re-association of every UE to the
 * BS with the strongest large-scale gain (path loss and shadowing) among its
 * cell and the neighbour cells, when that BS beats the serving one by
 * -strongest_hysteresis dB.  It exercises UE migration between cells and
 * ranks; the association algorithms of paper 003 use the same mechanism. */
#include <semec/policy.h>
#include <semec/channel.h>
#include <math.h>

static double GainDb(const SemecPolicyView *v, PetscInt bs, const SemecUE *ue)
{
  double dx = ue->x - v->topo->x[bs], dy = ue->y - v->topo->y[bs];
  return -(SemecPathLossDb(v->cfg, sqrt(dx * dx + dy * dy)) + SemecShadowingDb(v->cfg, bs, ue->id));
}

static PetscErrorCode Associate(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  const SemecTopology *topo = v->topo;

  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecUE *ue   = &cell->ues[u];
    double   here = GainDb(v, cell->id, ue), best = here + v->cfg->strongest_hysteresis_db;
    ue->target    = cell->id;
    for (PetscInt i = topo->nbr_start[cell->id]; i < topo->nbr_start[cell->id + 1]; i++) {
      double g = GainDb(v, topo->nbr[i], ue);
      if (g > best) {
        best       = g;
        ue->target = topo->nbr[i];
      }
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecPolicyOps SemecPolicyStrongest = {"strongest", "edge offloading, UEs re-associate to the strongest neighbour BS", NULL, Associate,
                                             SemecPolicyEdgeDecide, NULL, NULL, NULL};
