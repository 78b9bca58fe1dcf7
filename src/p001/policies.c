/* Paper 001's fixed schemes (Sec. V-A, ../shared/specs/mappo.md A.5):
 *   local   every task on the UE at the QoE-optimal frequency for its
 *           preference, f* = f_max ((1 - beta)/(2 beta))^(1/3) (1.016 GHz
 *           at beta = 0.5: QoE 1.058 per UE, the paper's 4.23 for 4 UEs);
 *   remote  every task offloaded at p_max with equal shares (bhat = 0),
 *           the local encoder at f_max;
 *   random  per UE and step: rho ~ Bernoulli(1/2), (u_b, u_p, u_f) uniform
 *           in [-1, 1]^3 (SemecP001ApplyBox), keyed by (episode, UE, step). */
#include <semec/engine/policy.h>
#include <semec/engine/rng.h>
#include <semec/p001/model.h>
#include <semec/p001/agent.h>
#include <semec/p001/policies.h>

static PetscErrorCode DecideLocal(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  const SemecP001Model *pm = SemecP001ModelOf(v->model);

  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecP001UE *pu = SemecP001UEOf(&cell->ues[u]);
    pu->offload     = PETSC_FALSE;
    pu->f           = SemecP001LocalFrequency(&pm->par, SemecP001Beta(pm, pu));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode DecideRemote(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  const SemecP001Model *pm = SemecP001ModelOf(v->model);

  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecP001UE *pu = SemecP001UEOf(&cell->ues[u]);
    pu->offload     = PETSC_TRUE;
    pu->bhat        = 0.0;
    pu->p           = pm->par.p_max;
    pu->f           = pm->par.f_max;
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode DecideRandom(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  const SemecP001Model *pm = SemecP001ModelOf(v->model);
  const SemecClock     *c  = &v->clock;

  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecRngKey k = {(uint64_t)v->cfg->seed, SEMEC_STREAM_POLICY, ((uint64_t)c->phase << 40) | (uint64_t)c->episode, (uint64_t)cell->ues[u].id, (uint64_t)c->step};
    double      r[4], u3[3];
    SemecRngUniform4(&k, 0, r);
    for (int j = 0; j < 3; j++) u3[j] = 2.0 * r[1 + j] - 1.0;
    SemecP001ApplyBox(pm, SemecP001UEOf(&cell->ues[u]), (PetscBool)(r[0] < 0.5), u3);
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecPolicyOps SemecPolicyP001Local  = {.name   = "local",
                                              .help   = "paper 001: every task on the UE at the QoE-optimal frequency (4.23 for the paper's 4 UEs)",
                                              .model  = "multimodal_qoe",
                                              .decide = DecideLocal};
const SemecPolicyOps SemecPolicyP001Remote = {.name   = "remote",
                                              .help   = "paper 001: every task offloaded at p_max with equal bandwidth shares",
                                              .model  = "multimodal_qoe",
                                              .decide = DecideRemote};
const SemecPolicyOps SemecPolicyP001Random = {.name   = "random",
                                              .help   = "paper 001: offloading, share request, power and frequency drawn uniformly per UE and step",
                                              .model  = "multimodal_qoe",
                                              .decide = DecideRandom};
