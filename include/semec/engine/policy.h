/* Policies: one interface for every offloading scheme, selected by name
 * (-policy NAME).  A policy decides, per slot and per cell, the association
 * of UEs (optional), the execution mode of newly arrived tasks, the
 * subcarrier owners and the MEC capacity share; it may learn from the
 * outcome and write its state to the checkpoint. */
#ifndef SEMEC_POLICY_H
#define SEMEC_POLICY_H
#include <semec/engine/config.h>
#include <semec/engine/geometry.h>
#include <semec/engine/cell.h>
#include <semec/engine/cloud.h>
#include <semec/engine/output.h>
#include <semec/engine/comm.h>
#include <semec/engine/model.h>
#include <semec/engine/clock.h>
#include <hdf5.h>

/* Read-only view of the world a policy decides in. */
typedef struct {
  const SemecConfig   *cfg;
  const SemecTopology *topo;
  const SemecCloud    *cloud;
  PetscInt             slot;
  const SemecModel    *model; /* the execution model (its context: the model's accessor of model->data) */
  SemecComm           *comm; /* for a policy's collectives (learning with -rl_sync allreduce) */
  SemecClock           clock; /* phase, episode and step of the slot (clock.h) */
} SemecPolicyView;

typedef struct SemecPolicy_s SemecPolicy;

typedef struct {
  const char *name;
  const char *help;
  const char *model; /* name of the execution model the policy decides for (SemecModelOps.name) */
  PetscErrorCode (*create)(SemecPolicy *p, const SemecConfig *cfg);
  /* Optional: checks the policy against the run's configuration (UE counts,
   * sub-channels, ...) after create; errors name the option, the value and
   * the range.  Not called for -help, which creates every policy on a
   * default configuration to print its options. */
  PetscErrorCode (*check)(SemecPolicy *p, const SemecConfig *cfg);
  /* Optional: set ue->target for every UE of the cell (NULL keeps the association). */
  PetscErrorCode (*associate)(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell);
  /* Optional, instead of associate: one round of an association that spans
   * cells (paper 003 Alg. 1).  Sets ue->target on the rank's cells; the
   * engine migrates the UEs after every round and calls again while *more
   * is true (the same on every rank).  comm is for the policy's neighbour
   * exchanges through the communication module. */
  PetscErrorCode (*associate_round)(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cells, PetscInt ncells, SemecComm *comm, PetscInt round,
                                    PetscBool *more);
  /* Set the cell's decisions: the model's decision fields of every UE
   * (ue->model) and, for models with subcarriers, cell->sub_owner. */
  PetscErrorCode (*decide)(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell);
  /* Optional: learn from the evaluated slot. */
  PetscErrorCode (*learn)(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell);
  /* Optional: the per-cell vectors the policy records every slot in
   * cell->series, an array ended by one of width 0 (NULL: none). */
  const SemecSeriesInfo *(*series)(SemecPolicy *p);
  /* Optional: write the policy state under group g. */
  PetscErrorCode (*checkpoint)(SemecPolicy *p, hid_t g);
  PetscErrorCode (*destroy)(SemecPolicy *p);
} SemecPolicyOps;

struct SemecPolicy_s {
  const SemecPolicyOps *ops;
  void                 *data;
};

/* Every policy, ended by NULL (src/registry.c). */
extern const SemecPolicyOps *const SemecPolicyRegistry[];

/* Creates the policy called name for the run's execution model; an unknown
 * name is an error listing the policies of that model. */
PetscErrorCode SemecPolicyCreate(const char *name, const SemecConfig *cfg, SemecPolicy **p);
PetscErrorCode SemecPolicyDestroy(SemecPolicy **p);
PetscBool      SemecPolicyAssociates(const SemecPolicy *p);
/* -help: the policies of every model, and the options of each policy
 * implementation (created once on cfg, a default configuration). */
PetscErrorCode SemecPolicyHelp(MPI_Comm comm, const SemecConfig *cfg);
PetscErrorCode SemecPolicyValidateName(MPI_Comm comm, const char *name, const char *model);

#endif
