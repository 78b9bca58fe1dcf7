/* The paper-independent policies of the tasks model (src/policies/): the
 * baselines every paper compares against, the strongest-BS re-association
 * that exercises UE migration, and the helpers they share. */
#ifndef SEMEC_POLICIES_BASELINES_H
#define SEMEC_POLICIES_BASELINES_H
#include <semec/engine/policy.h>
#include <semec/tasks/model.h>

extern const SemecPolicyOps SemecPolicyLocal, SemecPolicyEdge, SemecPolicyCloud, SemecPolicyRandom, SemecPolicyStrongest;

/* The edge baseline's decision (also the allocation of policy strongest). */
PetscErrorCode SemecPolicyEdgeDecide(SemecPolicy *p, const SemecPolicyView *v, SemecCell *cell);
/* Splits the cell's subcarriers into contiguous blocks among the UEs with
 * want[i] set, in id order; block sizes differ by at most one and the larger
 * blocks rotate with the slot. */
void SemecAllocateEqualSubcarriers(const SemecConfig *cfg, SemecCell *cell, const PetscBool *want, PetscInt slot);
/* PETSC_TRUE if the UE has, or will have this slot, data to upload. */
PetscBool SemecUEWantsUplink(const SemecUE *ue);

#endif
