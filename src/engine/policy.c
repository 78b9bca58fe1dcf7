/* The policy interface: lookup by (model, name) in the registry
 * (src/registry.c), creation and destruction, -help. */
#include <semec/engine/policy.h>
#include <string.h>

#define Registry SemecPolicyRegistry

static PetscErrorCode CreateUnchecked(const char *name, const SemecConfig *cfg, SemecPolicy **p);

static const SemecPolicyOps *Find(const char *name, const char *model)
{
  for (int i = 0; Registry[i]; i++)
    if (!strcmp(Registry[i]->model, model) && !strcmp(Registry[i]->name, name)) return Registry[i];
  return NULL;
}

PetscErrorCode SemecPolicyValidateName(MPI_Comm comm, const char *name, const char *model)
{
  char allowed[256] = "";

  PetscFunctionBeginUser;
  if (Find(name, model)) PetscFunctionReturn(PETSC_SUCCESS);
  for (int i = 0, n = 0; Registry[i]; i++) {
    if (strcmp(Registry[i]->model, model)) continue;
    PetscCall(PetscStrlcat(allowed, n++ ? ", " : "", sizeof(allowed)));
    PetscCall(PetscStrlcat(allowed, Registry[i]->name, sizeof(allowed)));
  }
  SETERRQ(comm, PETSC_ERR_ARG_UNKNOWN_TYPE, "Option -policy, %s, is not a policy of -sim_model %s: choose one of %s", name, model, allowed);
}

/* Lists the policies of every model, then prints the options of each
 * policy implementation once (policies of one implementation share their
 * destroy function and their options block) by creating it on a default
 * configuration of its model. */
PetscErrorCode SemecPolicyHelp(MPI_Comm comm, const SemecConfig *cfg)
{
  PetscFunctionBeginUser;
  for (int m = 0; SemecModelRegistry[m]; m++) {
    PetscCall(PetscPrintf(comm, "Policies of -sim_model %s (-policy NAME):\n", SemecModelRegistry[m]->name));
    for (int i = 0; Registry[i]; i++)
      if (!strcmp(Registry[i]->model, SemecModelRegistry[m]->name)) PetscCall(PetscPrintf(comm, "  %-10s %s\n", Registry[i]->name, Registry[i]->help));
  }
  for (int i = 0; Registry[i]; i++) {
    SemecConfig  c = *cfg;
    SemecPolicy *p;
    PetscBool    seen = PETSC_FALSE;
    if (!Registry[i]->create) continue;
    for (int j = 0; j < i && !seen; j++) seen = (PetscBool)(Registry[j]->destroy && Registry[j]->destroy == Registry[i]->destroy);
    if (seen) continue;
    PetscCall(PetscStrncpy(c.model, Registry[i]->model, sizeof(c.model)));
    PetscCall(CreateUnchecked(Registry[i]->name, &c, &p));
    PetscCall(SemecPolicyDestroy(&p));
  }
  PetscFunctionReturn(PETSC_SUCCESS);
}

/* Creates the policy (reading its options) without checking it against cfg. */
static PetscErrorCode CreateUnchecked(const char *name, const SemecConfig *cfg, SemecPolicy **p)
{
  PetscFunctionBeginUser;
  PetscCall(SemecPolicyValidateName(PETSC_COMM_SELF, name, cfg->model));
  PetscCall(PetscNew(p));
  (*p)->ops = Find(name, cfg->model);
  if ((*p)->ops->create) PetscCall((*p)->ops->create(*p, cfg));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecPolicyCreate(const char *name, const SemecConfig *cfg, SemecPolicy **p)
{
  PetscFunctionBeginUser;
  PetscCall(CreateUnchecked(name, cfg, p));
  if ((*p)->ops->check) PetscCall((*p)->ops->check(*p, cfg));
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
