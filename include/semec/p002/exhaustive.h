/* Exhaustive search of paper 002 (Sec. IV: "the entire action space ...
 * discretised", the upper bound of (P0)) for one step of one cell: the
 * decisions that maximise the team reward sum_n r_n of (13) over rho in
 * {0,1}^N, every one-to-one assignment of the offloading UEs to the K
 * sub-channels, and each UE's transmit power, local frequency and mu on an
 * even grid (local UEs: the frequency only).  Given rho and the assignment
 * the UEs do not interact except through the number of offloading UEs
 * (the ES share of (5) and (8)), so each UE's best grid point is found once
 * per (sub-channel, number offloading) and the enumeration over rho and
 * assignments adds them up.  Ties go to the first in the order: rho as a
 * bit mask ascending, assignments lexicographic, grid points ascending. */
#ifndef SEMEC_P002_EXHAUSTIVE_H
#define SEMEC_P002_EXHAUSTIVE_H
#include <semec/p002/task.h>

typedef struct {
  PetscInt np, nf, nmu; /* grid levels of p, f and mu, each >= 1 (evenly spaced, both bounds included; 1 level: the upper bound) */
} SemecP002Grid;

/* Level i of n between lo and hi. */
static inline double SemecP002GridLevel(double lo, double hi, PetscInt i, PetscInt n) { return n > 1 ? lo + (hi - lo) * (double)i / (double)(n - 1) : hi; }

/* modality[u]: SemecP002Modality of UE u's current task, or -1 (no task:
 * the UE neither offloads nor scores); gain[u nsub + k]: its power gain on
 * sub-channel k; interference[k] (W, may be NULL: none) the co-channel
 * power expected on sub-channel k.  Returns every UE's decision (gain and
 * interference set), its sub-channel
 * (-1 when local) and the maximal team reward.  nue <= 16. */
PetscErrorCode SemecP002Exhaustive(const SemecP002Params *par, const SemecP002Grid *grid, PetscInt nue, PetscInt nsub, const PetscInt *modality,
                                   const double *gain, const double *interference, SemecP002Decision *best, PetscInt *subchannel, double *value);

#endif
