/* Paper 003 Algorithm 1: terminal association as a swap matching between
 * neighbouring cells, run across ranks (DESIGN section 4).  See
 * src/p003/association.c for the protocol. */
#ifndef SEMEC_ASSOCIATION_H
#define SEMEC_ASSOCIATION_H
#include <semec/engine/policy.h>

typedef struct SemecAssoc_s SemecAssoc;

PetscErrorCode SemecAssocCreate(const SemecConfig *cfg, PetscInt max_cycles, SemecAssoc **a);
PetscErrorCode SemecAssocDestroy(SemecAssoc **a);
/* The place of every subcarrier of local cell i: the global id of the UE
 * holding it in the cell's latest plan, or -1.  [subcarriers] */
PetscInt64    *SemecAssocPlaces(SemecAssoc *a, PetscInt i);
/* One round (one colour of the edge colouring of the neighbour graph):
 * every pair of neighbouring cells of that colour exchanges its terminals'
 * places and costs, and swaps the best swap-blocking pair, if any (eq. (15),
 * blocking as in Sec. III-B-b).  *more is false once a whole cycle of
 * colours made no swap anywhere (the association is two-sided exchange
 * stable) or -bcd_assoc_max_cycles cycles ran.  Collective. */
PetscErrorCode SemecAssocRound(SemecAssoc *a, const SemecPolicyView *v, SemecCell *cells, PetscInt ncells, SemecComm *comm, PetscInt round,
                               PetscBool *more);
/* Checks exchange stability directly: for every pair of neighbouring cells
 * both owned by this rank, every pair of their terminals, the blocking rule
 * evaluated from the preferences (11) without the round protocol.  Returns
 * the blocking pairs found, per local cell (of the smaller id) in count[]. */
PetscErrorCode SemecAssocCountBlocking(SemecAssoc *a, const SemecPolicyView *v, SemecCell *cells, PetscInt ncells, PetscInt first, PetscInt *count);
/* Of the last association phase: swaps made on local cell i; whether the
 * phase ended with a swap-free cycle. */
PetscInt  SemecAssocSwaps(const SemecAssoc *a, PetscInt i);
PetscBool SemecAssocStable(const SemecAssoc *a);

#endif
