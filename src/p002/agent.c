/* What a learning agent of paper 002 sees and earns (include/semec/p002/agent.h). */
#include <semec/p002/agent.h>

void SemecP002Observe(const SemecP002Model *pm, const SemecCell *cell, PetscInt u, double *o)
{
  const SemecP002Params *par   = &pm->par;
  const SemecP002UE     *pu    = SemecP002UEOf(&cell->ues[u]);
  PetscInt               m     = SemecP002Current(pu);
  double                 lsmax = 0.0;

  for (int k = 0; k < SEMEC_P002_NMODALITIES; k++) lsmax = PetscMax(lsmax, par->task[k].l_server);
  for (PetscInt k = 0; k < pm->nsub; k++) o[k] = pu->gain[k];
  o[pm->nsub]     = m >= 0 ? par->task[m].l_local / lsmax : 0.0;
  o[pm->nsub + 1] = m >= 0 ? par->task[m].l_server / lsmax : 0.0;
}

double SemecP002TeamReward(const SemecCell *cell)
{
  double r = 0.0;
  for (PetscInt u = 0; u < cell->nue; u++) {
    const SemecP002UE *pu = SemecP002UEOf(&cell->ues[u]);
    if (pu->executed) r += pu->out.reward; /* paper 002 Sec. III-A: r_t = sum_n r_n */
  }
  return r;
}
