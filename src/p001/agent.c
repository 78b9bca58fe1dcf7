/* What a learning agent of paper 001 sees and does (include/semec/p001/agent.h). */
#include <semec/p001/agent.h>
#include <math.h>

void SemecP001Observe(const SemecP001Model *pm, const SemecConfig *cfg, const SemecClock *c, const SemecCell *cell, PetscInt u, double *o)
{
  const SemecP001UE *pu = SemecP001UEOf(&cell->ues[u]);

  o[0] = pu->dx / cfg->r_max_m; /* s_i, the GPS location */
  o[1] = pu->dy / cfg->r_max_m;
  o[2] = pu->battery_max > 0.0 ? pu->battery / pu->battery_max : 0.0; /* E_i^max, the battery */
  o[3] = (double)pu->queue / (double)pm->queue;                       /* t_i, the task queue */
  o[4] = pu->modality == SEMEC_P001_TEXT ? 1.0 : 0.0;
  o[5] = pu->modality == SEMEC_P001_IMAGE ? 1.0 : 0.0;
  o[6] = pu->modality == SEMEC_P001_VQA ? 1.0 : 0.0;
  o[7] = (double)c->step / (double)c->length;
  o[8] = sqrt(pu->dx * pu->dx + pu->dy * pu->dy) / cfg->r_max_m;
}

void SemecP001ApplyBox(const SemecP001Model *pm, SemecP001UE *pu, PetscBool offload, const double *u3)
{
  const SemecP001Params *par = &pm->par;
  double                 lo = 10.0 * log10(par->p_min), hi = 10.0 * log10(par->p_max);
  double                 ub = PetscMin(1.0, PetscMax(-1.0, u3[0])), up = PetscMin(1.0, PetscMax(-1.0, u3[1])), uf = PetscMin(1.0, PetscMax(-1.0, u3[2]));

  pu->offload = offload;
  pu->bhat    = SEMEC_P001_BHAT_SCALE * ub;
  pu->p       = PetscMin(par->p_max, PetscMax(par->p_min, pow(10.0, (lo + 0.5 * (up + 1.0) * (hi - lo)) / 10.0))); /* linear in dBm */
  pu->f       = PetscMin(par->f_max, PetscMax(par->f_min, par->f_min + 0.5 * (uf + 1.0) * (par->f_max - par->f_min)));
}
