/* Exhaustive search of paper 001 (Sec. V-A: "exhaustive search of the
 * discrete power and frequency levels to find the optimal discrete
 * solutions", the upper bound; ../shared/specs/mappo.md A.5) for one step
 * of one cell, with full CSI: the step's g |h|^2 of every UE (the agents
 * see no channel) and, when the shares are quantised to subcarriers
 * (several interfering cells), the interference the ES measured in the
 * previous slot.  It maximises the sum over the UEs with a task of the
 * reward r_i of eq. (13) over
 *   rho in {0, 1}^I,
 *   a bandwidth weight w_i per offloading UE from a list (1, 2, 4): bhat =
 *     ln w, so eq. (12) gives b_i = BW w_i / sum_{j in O} w_j (or the
 *     model's quantisation of those shares, SemecP001Quantise),
 *   p on np levels even in dBm over [p_min, p_max] (7: 18, 19, ..., 24 dBm),
 *   f on nf levels even over [f_min, f_max] (9: 0.64:0.08:1.28 GHz).
 * A local UE chooses f only, among the QoE-optimal local frequency
 * SemecP001LocalFrequency (the local scheme's choice, first) and the nf
 * grid levels: the local scheme is one of the candidates, so the search
 * scores at least as much as local execution by construction.
 *
 * Given rho and w, the UEs interact only through |O| (eq. (5)) and their
 * bands b_i (and subcarrier blocks), both fixed by (rho, w): each UE's best
 * (p, f) is a grid maximum of its own r_i.  The enumeration visits the
 * (1 + nw)^I choices per UE (local, or offload with weight k), so a step
 * costs (1 + nw)^I I np nf evaluations of eq. (13) at most.
 *
 * Greedy per step: it ignores the future (the battery under eq. (28), the
 * terminal reward (14)), as the spec's upper bound does.  Ties go to the
 * first in enumeration order: choice vectors in lexicographic order with
 * UE 0 the most significant digit (local before offload, weights in list
 * order), then per UE the local candidates f* and the grid ascending, and
 * the offload grid p outer, f inner, both ascending. */
#ifndef SEMEC_P001_EXHAUSTIVE_H
#define SEMEC_P001_EXHAUSTIVE_H
#include <semec/p001/task.h>
#include <math.h>

#define SEMEC_P001_EXHAUSTIVE_MAX_UES     8
#define SEMEC_P001_EXHAUSTIVE_MAX_WEIGHTS 8

typedef struct {
  PetscInt np, nf, nw;                           /* power and frequency levels, bandwidth weights, each >= 1 */
  double   w[SEMEC_P001_EXHAUSTIVE_MAX_WEIGHTS]; /* the weights, > 0 */
} SemecP001Grid;

/* One cell's step as the ES sees it. */
typedef struct {
  PetscInt             nue;                                  /* <= SEMEC_P001_EXHAUSTIVE_MAX_UES */
  const SemecP001Task *task[SEMEC_P001_EXHAUSTIVE_MAX_UES];    /* head task, NULL: none (the UE stays local and scores 0) */
  double               gain[SEMEC_P001_EXHAUSTIVE_MAX_UES];    /* g |h|^2 of the step */
  double               beta[SEMEC_P001_EXHAUSTIVE_MAX_UES];    /* preference of (9) */
  double               battery[SEMEC_P001_EXHAUSTIVE_MAX_UES]; /* charge (J), E^max of (11h) */
  PetscInt             nsub;         /* 0: the shares of eq. (12); > 0: quantised to nsub subcarriers in contiguous blocks in UE order */
  const double        *interference; /* with nsub > 0: co-channel power per subcarrier (W) [nsub], or NULL (none) */
} SemecP001Step;

/* A UE's decision as the model takes it (the fields of SemecP001UE). */
typedef struct {
  PetscBool offload;
  double    bhat, p, f;
  double    reward; /* its r_i of (13) in the search; 0 without a task */
} SemecP001Choice;

/* Level i of n even over [lo, hi]; one level: hi.  The ends are exact. */
static inline double SemecP001Level(double lo, double hi, PetscInt i, PetscInt n)
{
  if (n == 1 || i == n - 1) return hi;
  return i == 0 ? lo : lo + (hi - lo) * (double)i / (double)(n - 1);
}
/* Power level i of n, even in dBm over [p_min, p_max] (W); the ends are exact. */
static inline double SemecP001PowerLevel(const SemecP001Params *par, PetscInt i, PetscInt n)
{
  if (n == 1 || i == n - 1) return par->p_max;
  if (i == 0) return par->p_min;
  return par->p_min * pow(par->p_max / par->p_min, (double)i / (double)(n - 1));
}

/* Checks the grid (counts and weights); errors name the -p001_exhaustive_ option. */
PetscErrorCode SemecP001GridValidate(MPI_Comm comm, const SemecP001Grid *grid);
/* The bands b_i (Hz) and the interference (W) on them of a choice of rho
 * and weights w (w_i > 0 for the offloading UEs; eq. (12) with bhat = ln
 * w, quantised when step->nsub > 0, as the model's SemecP001ShareBand). */
void SemecP001StepBands(const SemecP001Params *par, const SemecP001Step *step, const PetscBool *offload, const double *w, double *b, double *interference);
/* The best choice of every UE of the step and the maximal sum of r_i. */
PetscErrorCode SemecP001Exhaustive(const SemecP001Params *par, const SemecP001Grid *grid, const SemecP001Step *step, SemecP001Choice *best, double *value);

#endif
