/* The computation-capacity subproblem of paper 003 (eq. (26), step 7 of
 * Algorithm 3): one MEC server of capacity F shares its cycles among the
 * terminals associated with it that have a task,
 *
 *     min_f  sum_u ln(M_u (C_u + D_u / f_u))                 paper 003 eq. (26a)
 *     s.t.   C_u + D_u / f_u <= tau_u          for all u      (9h)
 *            sum_u f_u <= F,  f_u >= 0                        (9i)
 *
 * C_u (s): transmission plus local semantic-extraction delay, fixed here;
 * D_u (cycle): cycles executed at the MEC server.  (9h) is the bound
 * f_u >= lb_u = D_u / (tau_u - C_u); the objective decreases in every f_u,
 * so (9i) binds at the optimum.  ln M_u is an additive constant: the
 * priorities change the objective value, not the allocation.
 *
 * SemecCapacitySolve is the production route: PETSc TAO (default TAOTRON)
 * on an exact bound-constrained reformulation (src/p003/capacity.c), options
 * prefix "capacity_" by default (-capacity_tao_type, -capacity_tao_monitor,
 * -capacity_tao_gatol = relative violation of stationarity, default 1e-10,
 * -capacity_tao_max_it, -capacity_ksp_type, -capacity_pc_type, ...).
 * SemecCapacitySolveKKT solves the KKT conditions directly (a search on
 * the multiplier of (9i)) and is the independent cross-check.
 *
 * Infeasible instances (some tau_u <= C_u, or sum_u lb_u > F) are reported,
 * never clamped silently: the status says so, unmet[u] names the terminals
 * whose deadline constraint (9h) is dropped, and the returned f solves
 * (26) with exactly those constraints dropped (f_u >= 0 for them) and all
 * others kept.  The dropped set: every u with tau_u <= C_u, plus the
 * fewest others that make the rest fit, taken in decreasing lb_u (ties:
 * higher index first); when anything is dropped the kept bounds must
 * leave some capacity (sum < F) so that every terminal gets f_u > 0. */
#ifndef SEMEC_CAPACITY_H
#define SEMEC_CAPACITY_H
#include <semec/engine/compat.h>
#include <petsctao.h>

typedef struct {
  PetscInt         n;   /* terminals, >= 0 */
  const PetscReal *C;   /* [n] fixed delay (s), >= 0 */
  const PetscReal *D;   /* [n] cycles at the MEC server, > 0 */
  const PetscReal *tau; /* [n] deadlines (s); PETSC_INFINITY = none */
  const PetscReal *M;   /* [n] priority weights M_u > 0, or NULL for all 1 */
  PetscReal        F;   /* capacity of the MEC server (cycle/s), > 0 */
} SemecCapacityProblem;

typedef enum {
  SEMEC_CAPACITY_FEASIBLE   = 0,
  SEMEC_CAPACITY_INFEASIBLE = 1 /* some deadline constraints dropped, see unmet[] */
} SemecCapacityStatus;

typedef struct {
  SemecCapacityStatus status;
  PetscInt            nunmet;     /* deadline constraints (9h) dropped */
  PetscReal           objective;  /* (26a) at f, ln M included; +inf if some f_u = 0 */
  PetscReal           lambda;     /* multiplier of (9i), 1/(cycle/s): D/(f (C f + D)) of the free terminals; 0 when trivial */
  PetscInt            iterations; /* TAO iterations, both TAO solves (Newton/bisection steps for the KKT route); 0 when trivial */
  PetscBool           converged;  /* TAO reported convergence (always true for trivial cases and the KKT route) */
  TaoConvergedReason  reason;     /* TAO's reason (TAO_CONVERGED_USER for trivial cases and the KKT route) */
  PetscBool           warm;       /* started from the previous solution */
} SemecCapacityInfo;

typedef struct _n_SemecCapacity *SemecCapacity;

/* One object per rank (or per cell).  prefix: options prefix of the TAO
 * solver (NULL: "capacity_").  The solver is (re)created, with
 * TaoSetFromOptions, when the number of terminals differs from the
 * previous call's. */
PetscErrorCode SemecCapacityCreate(const char prefix[], SemecCapacity *cap);
PetscErrorCode SemecCapacityDestroy(SemecCapacity *cap);
/* Solves (26) with TAO.  f[n] receives f_u (cycle/s); unmet[n] (may be NULL)
 * receives PETSC_TRUE for the terminals whose deadline is dropped; info may
 * be NULL.  Warm start: when the previous call on cap had the same n, TAO
 * starts from the previous f_u (their share of the room above the new
 * bounds), else from an equal share; the result does not depend on the
 * start beyond the tolerance.  The result always satisfies sum f = F and
 * the kept bounds (by construction, also if TAO stops early);
 * info->converged says whether TAO met its tolerance.  n <= 1, or kept
 * bounds that use all of F, need no TAO (f = F, resp. f = lb). */
PetscErrorCode SemecCapacitySolve(SemecCapacity cap, const SemecCapacityProblem *prob, PetscReal f[], PetscBool unmet[], SemecCapacityInfo *info);
/* Forgets the previous solution: the next solve starts cold. */
PetscErrorCode SemecCapacityResetWarmStart(SemecCapacity cap);
/* The same problem solved from its KKT conditions (no TAO): for a
 * multiplier lambda, f_u(lambda) = max(lb_u, root of D/(f (C f + D)) =
 * lambda), and a monotone Newton search on lambda for sum f = F.  Same
 * outputs and the same treatment of infeasibility. */
PetscErrorCode SemecCapacitySolveKKT(const SemecCapacityProblem *prob, PetscReal f[], PetscBool unmet[], SemecCapacityInfo *info);
/* (26a) at f: sum_u ln(M_u (C_u + D_u / f_u)); +inf if some f_u <= 0. */
PetscReal      SemecCapacityObjective(const SemecCapacityProblem *prob, const PetscReal f[]);

#endif
