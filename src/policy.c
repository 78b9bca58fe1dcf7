/* Policy registry and the helpers policies share. */
#include <semec/policy.h>
#include <string.h>

static const SemecPolicyOps *const Registry[] = {&SemecPolicyLocal, &SemecPolicyEdge, &SemecPolicyCloud, &SemecPolicyRandom,
                                                 &SemecPolicyStrongest, NULL};

static const SemecPolicyOps *Find(const char *name)
{
  for (int i = 0; Registry[i]; i++)
    if (!strcmp(Registry[i]->name, name)) return Registry[i];
  return NULL;
}

PetscErrorCode SemecPolicyValidateName(MPI_Comm comm, const char *name)
{
  char allowed[256] = "";

  PetscFunctionBeginUser;
  if (Find(name)) PetscFunctionReturn(PETSC_SUCCESS);
  for (int i = 0; Registry[i]; i++) {
    PetscCall(PetscStrlcat(allowed, i ? ", " : "", sizeof(allowed)));
    PetscCall(PetscStrlcat(allowed, Registry[i]->name, sizeof(allowed)));
  }
  SETERRQ(comm, PETSC_ERR_ARG_UNKNOWN_TYPE, "Option -policy, %s, is not a known policy: choose one of %s", name, allowed);
}

PetscErrorCode SemecPolicyHelp(MPI_Comm comm)
{
  PetscFunctionBeginUser;
  PetscCall(PetscPrintf(comm, "Policies (-policy NAME):\n"));
  for (int i = 0; Registry[i]; i++) PetscCall(PetscPrintf(comm, "  %-10s %s\n", Registry[i]->name, Registry[i]->help));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecPolicyCreate(const char *name, const SemecConfig *cfg, SemecPolicy **p)
{
  PetscFunctionBeginUser;
  PetscCall(SemecPolicyValidateName(PETSC_COMM_SELF, name));
  PetscCall(PetscNew(p));
  (*p)->ops = Find(name);
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

PetscBool SemecPolicyAssociates(const SemecPolicy *p) { return (PetscBool)(p->ops->associate != NULL); }

PetscBool SemecUEWantsUplink(const SemecUE *ue)
{
  if (ue->tx.count > 0) return PETSC_TRUE;
  return (PetscBool)((ue->mode == SEMEC_MODE_EDGE || ue->mode == SEMEC_MODE_CLOUD) && ue->pending.count > 0);
}

static PetscInt NextWanting(const PetscBool *want, PetscInt nue, PetscInt u)
{
  do u = (u + 1) % nue;
  while (!want[u]);
  return u;
}

void SemecAllocateEqualSubcarriers(const SemecConfig *cfg, SemecCell *cell, const PetscBool *want, PetscInt slot)
{
  PetscInt nwant = 0, u = -1;

  for (PetscInt i = 0; i < cell->nue; i++) nwant += want[i] ? 1 : 0;
  if (!nwant) return;
  /* subcarriers go round the wanting UEs in id order, starting at the
   * (slot mod nwant)-th: an equal split whose remainder rotates */
  for (PetscInt s = 0; s <= slot % nwant; s++) u = NextWanting(want, cell->nue, u);
  for (PetscInt n = 0; n < cfg->subcarriers; n++) {
    cell->sub_owner[n] = u;
    u = NextWanting(want, cell->nue, u);
  }
}
