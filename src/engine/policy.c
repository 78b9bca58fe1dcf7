/* Policy registry and the helpers policies share. */
#include <semec/engine/policy.h>
#include <string.h>

static const SemecPolicyOps *const Registry[] = {&SemecPolicyLocal, &SemecPolicyEdge, &SemecPolicyCloud, &SemecPolicyRandom,
                                                 &SemecPolicyStrongest, &SemecPolicyBcd, &SemecPolicyLinear,
                                                 &SemecPolicyFTM, &SemecPolicyFA, &SemecPolicyUC,
                                                 &SemecPolicyDrlh, &SemecPolicyExhaustive, &SemecPolicyCeeRandom, NULL};
static const char *const ModelName[] = {"tasks", "cloud_edge_end"};

static const SemecPolicyOps *Find(const char *name, SemecModel model)
{
  for (int i = 0; Registry[i]; i++)
    if (Registry[i]->model == model && !strcmp(Registry[i]->name, name)) return Registry[i];
  return NULL;
}

PetscErrorCode SemecPolicyValidateName(MPI_Comm comm, const char *name, SemecModel model)
{
  char allowed[256] = "";

  PetscFunctionBeginUser;
  if (Find(name, model)) PetscFunctionReturn(PETSC_SUCCESS);
  for (int i = 0, n = 0; Registry[i]; i++) {
    if (Registry[i]->model != model) continue;
    PetscCall(PetscStrlcat(allowed, n++ ? ", " : "", sizeof(allowed)));
    PetscCall(PetscStrlcat(allowed, Registry[i]->name, sizeof(allowed)));
  }
  SETERRQ(comm, PETSC_ERR_ARG_UNKNOWN_TYPE, "Option -policy, %s, is not a policy of -sim_model %s: choose one of %s", name, ModelName[model], allowed);
}

PetscErrorCode SemecPolicyHelp(MPI_Comm comm)
{
  PetscFunctionBeginUser;
  for (int m = 0; m < 2; m++) {
    PetscCall(PetscPrintf(comm, "Policies of -sim_model %s (-policy NAME):\n", ModelName[m]));
    for (int i = 0; Registry[i]; i++)
      if (Registry[i]->model == (SemecModel)m) PetscCall(PetscPrintf(comm, "  %-10s %s\n", Registry[i]->name, Registry[i]->help));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecPolicyCreate(const char *name, const SemecConfig *cfg, SemecPolicy **p)
{
  PetscFunctionBeginUser;
  PetscCall(SemecPolicyValidateName(PETSC_COMM_SELF, name, cfg->model));
  PetscCall(PetscNew(p));
  (*p)->ops = Find(name, cfg->model);
  if ((*p)->ops->create) PetscCall((*p)->ops->create(*p, cfg));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecPolicyDestroy(SemecPolicy **p)
{
  PetscFunctionBeginUser;
  if (!*p) PetscFunctionReturn(PETSC_SUCCESS);
  if ((*p)->ops->destroy) PetscCall((*p)->ops->destroy(*p));
  PetscCall(PetscFree(*p));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscBool SemecPolicyAssociates(const SemecPolicy *p) { return (PetscBool)(p->ops->associate != NULL || p->ops->associate_round != NULL); }

PetscBool SemecUEWantsUplink(const SemecUE *ue)
{
  if (ue->tx.count > 0) return PETSC_TRUE;
  return (PetscBool)((ue->mode == SEMEC_MODE_EDGE || ue->mode == SEMEC_MODE_CLOUD) && ue->pending.count > 0);
}

void SemecAllocateEqualSubcarriers(const SemecConfig *cfg, SemecCell *cell, const PetscBool *want, PetscInt slot)
{
  PetscInt nwant = 0, N = cfg->subcarriers, n = 0, w = 0;

  for (PetscInt i = 0; i < cell->nue; i++) nwant += want[i] ? 1 : 0;
  if (!nwant) return;
  /* contiguous blocks in id order: N / nwant each, and one more for the
   * N mod nwant UEs starting at the (slot mod nwant)-th, so the remainder
   * rotates from slot to slot */
  PetscInt base = N / nwant, rem = N % nwant, lead = slot % nwant;
  for (PetscInt u = 0; u < cell->nue && n < N; u++) {
    if (!want[u]) continue;
    PetscInt count = base + (((w - lead + nwant) % nwant) < rem ? 1 : 0);
    for (PetscInt j = 0; j < count && n < N; j++) cell->sub_owner[n++] = u;
    w++;
  }
}
