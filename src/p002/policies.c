/* Paper 002's non-learning schemes (Sec. IV): local execution, the lower
 * reference (every task on the UE at the QoE reference frequency f_ref, so
 * QoE = 0.5 exactly), and exhaustive search, the upper bound (the action
 * space discretised, include/semec/p002/exhaustive.h; grid options
 * -p002_exhaustive_*_levels, defaults ../shared/specs/mappo.md B.5: p 10
 * levels, f 10, mu 15 (steps of 0.05, 1 included)). */
#include <semec/engine/policy.h>
#include <semec/engine/options.h>
#include <semec/p002/model.h>
#include <semec/p002/exhaustive.h>
#include <semec/p002/policies.h>

static PetscErrorCode DecideLocal(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  const SemecP002Model *pm = SemecP002ModelOf(v->model);

  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecP002UE *pu = SemecP002UEOf(&cell->ues[u]);
    pu->d           = (SemecP002Decision){PETSC_FALSE, pm->par.p_min, pm->par.f_ref, 1.0, 0.0, 0.0};
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

typedef struct {
  SemecP002Grid grid;
  PetscLogEvent ev;
} Exhaustive;

static PetscErrorCode CreateExhaustive(SemecPolicy *p, const SemecConfig *cfg)
{
  Exhaustive *ex;
  MPI_Comm    comm = PETSC_COMM_WORLD;

  PetscFunctionBeginUser;
  PetscCall(PetscNew(&ex));
  ex->grid = (SemecP002Grid){10, 10, 15};
  PetscOptionsBegin(comm, NULL, "Paper 002 exhaustive search (-p002_exhaustive_)", NULL);
  SEMEC_OPT_INT("-p002_exhaustive_power_levels", "Transmit power levels between -p002_power_min and -p002_power_max", ex->grid.np);
  SEMEC_OPT_INT("-p002_exhaustive_frequency_levels", "Local frequency levels between -p002_frequency_min and -p002_frequency_max", ex->grid.nf);
  SEMEC_OPT_INT("-p002_exhaustive_mu_levels", "Semantic extraction levels between -p002_mu_min and 1", ex->grid.nmu);
  PetscOptionsEnd();
  SEMEC_CHECK_INT("-p002_exhaustive_power_levels", ex->grid.np, 1, 1000);
  SEMEC_CHECK_INT("-p002_exhaustive_frequency_levels", ex->grid.nf, 1, 1000);
  SEMEC_CHECK_INT("-p002_exhaustive_mu_levels", ex->grid.nmu, 1, 1000);
  {
    PetscClassId id;
    PetscCall(PetscClassIdRegister("semec p002", &id));
    PetscCall(PetscLogEventRegister("P002Exhaustive", id, &ex->ev));
  }
  p->data = ex;
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode CheckExhaustive(SemecPolicy *p, const SemecConfig *cfg)
{
  MPI_Comm comm = PETSC_COMM_WORLD;

  PetscFunctionBeginUser;
  PetscCheck(cfg->ues_per_cell <= 16, comm, PETSC_ERR_ARG_OUTOFRANGE,
             "Policy exhaustive of -sim_model semantic_multitask enumerates 2^N offloading vectors: -geom_ues_per_cell, %" PetscInt_FMT ", allowed [1, 16]",
             cfg->ues_per_cell);
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode DecideExhaustive(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell)
{
  Exhaustive           *ex = (Exhaustive *)p->data;
  const SemecP002Model *pm = SemecP002ModelOf(v->model);
  PetscInt              modality[SEMEC_P002_MAX_UES], sub[SEMEC_P002_MAX_UES];
  double                gain[SEMEC_P002_MAX_UES * SEMEC_P002_MAX_SUBCHANNELS], value;
  SemecP002Decision     d[SEMEC_P002_MAX_UES];

  PetscFunctionBeginUser;
  if (!cell->nue) PetscFunctionReturn(PETSC_SUCCESS);
  PetscCall(PetscLogEventBegin(ex->ev, 0, 0, 0, 0));
  for (PetscInt u = 0; u < cell->nue; u++) {
    const SemecP002UE *pu = SemecP002UEOf(&cell->ues[u]);
    modality[u]           = SemecP002Current(pu);
    for (PetscInt k = 0; k < pm->nsub; k++) gain[u * pm->nsub + k] = pu->gain[k];
  }
  /* the interference the ES measured in the previous slot: what a real AP knows when it decides */
  PetscCall(SemecP002Exhaustive(&pm->par, &ex->grid, cell->nue, pm->nsub, modality, gain, cell->interference, d, sub, &value));
  for (PetscInt u = 0; u < cell->nue; u++) {
    SemecP002UE *pu = SemecP002UEOf(&cell->ues[u]);
    pu->d           = d[u];
    pu->choice      = sub[u] >= 0 ? sub[u] : 0;
    for (PetscInt k = 0; k < pm->nsub; k++) pu->pref[k] = (k == sub[u]) ? 1.0 : 0.0; /* distinct choices: the one-to-one rule keeps them */
  }
  PetscCall(PetscLogEventEnd(ex->ev, 0, 0, 0, 0));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode DestroyExhaustive(SemecPolicy *p)
{
  PetscFunctionBeginUser;
  PetscCall(PetscFree(p->data));
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecPolicyOps SemecPolicyP002Local      = {.name   = "local",
                                                  .help   = "paper 002: every task on the UE at the QoE reference frequency (QoE 0.5)",
                                                  .model  = "semantic_multitask",
                                                  .decide = DecideLocal};
const SemecPolicyOps SemecPolicyP002Exhaustive = {.name    = "exhaustive",
                                                  .help    = "paper 002: per-step search over rho, sub-channels and a (p, f, mu) grid, the upper bound",
                                                  .model   = "semantic_multitask",
                                                  .create  = CreateExhaustive,
                                                  .check   = CheckExhaustive,
                                                  .decide  = DecideExhaustive,
                                                  .destroy = DestroyExhaustive};
