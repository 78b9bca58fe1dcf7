/* Policy strongest: the edge baseline plus re-association of every UE to the
 * BS with the strongest large-scale gain (path loss and shadowing) among its
 * cell and the neighbour cells, when that BS beats the serving one by
 * -strongest_hysteresis dB.  It exercises UE migration between cells and
 * ranks; the association algorithms of paper 003 use the same mechanism. */
#include <semec/policies/baselines.h>
#include <semec/engine/channel.h>
#include <math.h>

static PetscErrorCode Associate(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  const SemecTopology *topo   = v->topo;
  double               margin = pow(10.0, v->cfg->strongest_hysteresis_db / 10.0);

  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecUE *ue   = &cell->ues[u];
    double   best = ue->gain[0] * margin; /* gains cached: serving BS, then neighbours */
    ue->target    = cell->id;
    for (PetscInt j = 1; j < ue->ngain; j++) {
      if (ue->gain[j] > best) {
        best       = ue->gain[j];
        ue->target = topo->nbr[topo->nbr_start[cell->id] + j - 1];
      }
    }
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecPolicyOps SemecPolicyStrongest = {.name      = "strongest",
                                             .help      = "edge offloading, UEs re-associate to the strongest neighbour BS",
                                             .model     = "tasks",
                                             .associate = Associate,
                                             .decide    = SemecPolicyEdgeDecide};
