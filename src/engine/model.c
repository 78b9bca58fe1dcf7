/* The execution-model interface: lookup by name in the registry
 * (src/registry.c), creation and destruction, -help. */
#include <semec/engine/model.h>
#include <string.h>

const SemecModelOps *SemecModelFind(const char *name)
{
  for (int i = 0; SemecModelRegistry[i]; i++)
    if (!strcmp(SemecModelRegistry[i]->name, name)) return SemecModelRegistry[i];
  return NULL;
}

PetscErrorCode SemecModelValidateName(MPI_Comm comm, const char *name)
{
  char allowed[256] = "";

  PetscFunctionBeginUser;
  if (SemecModelFind(name)) PetscFunctionReturn(PETSC_SUCCESS);
  for (int i = 0; SemecModelRegistry[i]; i++) {
    PetscCall(PetscStrlcat(allowed, i ? ", " : "", sizeof(allowed)));
    PetscCall(PetscStrlcat(allowed, SemecModelRegistry[i]->name, sizeof(allowed)));
  }
  SETERRQ(comm, PETSC_ERR_ARG_UNKNOWN_TYPE, "Option -sim_model, %s, is not an execution model: choose one of %s", name, allowed);
}

PetscErrorCode SemecModelCreate(MPI_Comm comm, const SemecConfig *cfg, SemecModel **pm)
{
  SemecModel *m;

  PetscFunctionBeginUser;
  PetscCall(SemecModelValidateName(comm, cfg->model));
  PetscCall(PetscNew(&m));
  m->ops = SemecModelFind(cfg->model);
  PetscCheck(m->ops->nmetrics <= SEMEC_MAX_CELL_METRICS, comm, PETSC_ERR_PLIB, "model %s records %" PetscInt_FMT " metrics, more than %d", m->ops->name,
             m->ops->nmetrics, SEMEC_MAX_CELL_METRICS);
  *pm = m;
  if (m->ops->create) PetscCall(m->ops->create(m, comm, cfg));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecModelDestroy(SemecModel **pm)
{
  PetscFunctionBeginUser;
  if (!*pm) PetscFunctionReturn(PETSC_SUCCESS);
  if ((*pm)->ops->destroy) PetscCall((*pm)->ops->destroy(*pm));
  PetscCall(PetscFree(*pm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecModelHelp(MPI_Comm comm)
{
  PetscFunctionBeginUser;
  PetscCall(PetscPrintf(comm, "Execution models (-sim_model NAME):\n"));
  for (int i = 0; SemecModelRegistry[i]; i++) PetscCall(PetscPrintf(comm, "  %-15s %s\n", SemecModelRegistry[i]->name, SemecModelRegistry[i]->help));
  for (int i = 0; SemecModelRegistry[i]; i++)
    if (SemecModelRegistry[i]->options_help) PetscCall(SemecModelRegistry[i]->options_help(comm));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecModelCellCalloc(SemecCell *cell, size_t cell_bytes, size_t ue_bytes)
{
  PetscFunctionBeginUser;
  PetscCall(PetscCalloc(cell_bytes, &cell->model));
  for (PetscInt u = 0; u < cell->nue; u++) PetscCall(PetscCalloc(ue_bytes, &cell->ues[u].model));
  PetscFunctionReturn(PETSC_SUCCESS);
}

PetscErrorCode SemecModelCellFree(SemecCell *cell)
{
  PetscFunctionBeginUser;
  for (PetscInt u = 0; u < cell->nue; u++) PetscCall(PetscFree(cell->ues[u].model));
  PetscCall(PetscFree(cell->model));
  PetscFunctionReturn(PETSC_SUCCESS);
}
