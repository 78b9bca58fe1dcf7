/* Paper 003's task types as a generator of the engine's type table
 * (-task_model eeoi): the types of Table IV with the EEoI computation model
 * of src/p003/eeoi.c. */
#include <semec/p003/eeoi.h>

static PetscErrorCode Load(MPI_Comm comm, SemecConfig *c)
{
  SemecEeoi      e;
  SemecEeoiTypes types;

  PetscFunctionBeginUser;
  PetscCall(SemecEeoiLoad(comm, &e));
  PetscCall(SemecEeoiTypesCreate(&e, c->seed, &types));
  PetscCheck(types.n <= SEMEC_MAX_TASK_TYPES, comm, PETSC_ERR_ARG_OUTOFRANGE, "Option -eeoi_task_types, %" PetscInt_FMT ", is out of range: allowed [1, %d]",
             types.n, SEMEC_MAX_TASK_TYPES);
  c->ntypes = types.n;
  for (PetscInt i = 0; i < types.n; i++) {
    const SemecEeoiType *t   = &types.type[i];
    c->type_bits[i]          = t->bits;
    c->type_cycles[i]        = t->cycles_recog;                   /* c_i, eq. (4) / Psi */
    c->type_deadline[i]      = t->tau;
    c->type_priority[i]      = t->priority;
    c->type_bits_sem[i]      = t->bits_semantic;                  /* s_i / eps_i, eq. (3) */
    c->type_cycles_sem[i]    = t->cycles_recon + t->cycles_recog; /* F_C + c_i, eq. (7) */
    c->type_extract_cycles[i] = t->cycles_ext;                    /* F_E, eq. (7) */
    c->type_cycles_linear[i] = t->cycles_linear;                  /* theta_m s_i, Sec. IV-C */
  }
  PetscCall(SemecEeoiTypesDestroy(&types));
  PetscFunctionReturn(PETSC_SUCCESS);
}

static PetscErrorCode OptionsHelp(MPI_Comm comm)
{
  SemecEeoi e;

  PetscFunctionBeginUser;
  PetscCall(SemecEeoiLoad(comm, &e));
  PetscFunctionReturn(PETSC_SUCCESS);
}

const SemecTaskTypesOps SemecP003TaskTypes = {.name = "eeoi", .load = Load, .options_help = OptionsHelp};
