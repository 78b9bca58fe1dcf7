/* Paper 000's DRLH action layer: the feasible offloading actions, the
 * model-based critic J*(rho, Xi), exhaustive search, and the quantizer that
 * turns the actor's relaxed outputs into N_A candidate actions.
 *
 * An action picks exactly chi_max^E UEs for the MEC server and exactly
 * chi_max^C UEs for the cloud; a UE may be in both (Sec. V: C(8,4) x C(8,2)
 * = 1960 actions for I = 8).  Actions are two bit masks over the I <= 62
 * UEs of a cell. */
#ifndef SEMEC_DRLH_H
#define SEMEC_DRLH_H
#include <semec/p000/ue.h>
#include <stdint.h>

typedef struct {
  uint64_t edge, cloud; /* bit i: rho_i^E, rho_i^C */
} SemecDrlhAction;

typedef struct {
  PetscInt  nue, chi_edge, chi_cloud;
  PetscInt  nedge, ncloud;   /* C(I, chi^E), C(I, chi^C) */
  uint64_t *edge_sets;       /* [nedge] subsets of size chi^E, in lexicographic order */
  uint64_t *cloud_sets;      /* [ncloud] */
} SemecDrlhSpace;

/* The action space of a cell with nue UEs; errors name the limits. */
PetscErrorCode SemecDrlhSpaceCreate(PetscInt nue, PetscInt chi_edge, PetscInt chi_cloud, SemecDrlhSpace *s);
PetscErrorCode SemecDrlhSpaceDestroy(SemecDrlhSpace *s);
/* Number of actions, C(I, chi^E) C(I, chi^C), and action number a of them. */
PetscInt        SemecDrlhSpaceSize(const SemecDrlhSpace *s);
SemecDrlhAction SemecDrlhSpaceAction(const SemecDrlhSpace *s, PetscInt a);

/* The critic (Sec. IV-B): with the action's rho, every UE's sub-problems
 * (P3.1)-(P3.4) in closed form; returns J*(rho, Xi), the sum of the UEs'
 * terms of (22), and their decisions in d[nue] (may be NULL).  st[i] holds
 * UE i's queues, channels and bandwidths; its rho fields are overwritten
 * from the action on a copy. */
double SemecDrlhCritic(const SemecP000Params *par, const SemecP000State *st, PetscInt nue, SemecDrlhAction act, SemecP000Decision *d);

/* Exhaustive search: the action of least J* over the whole space (ties: the
 * first in enumeration order). */
PetscErrorCode SemecDrlhExhaustive(const SemecDrlhSpace *s, const SemecP000Params *par, const SemecP000State *st, SemecDrlhAction *best, double *J);

/* The quantizer (Sec. IV-A).  relaxed[2 I]: the actor's sigmoid outputs,
 * rho^E scores then rho^C scores, in (0, 1).  The paper's rule sets the
 * chi largest scores to 1; to give N_A candidates we rank actions by their
 * log-likelihood under independent Bernoulli(relaxed) variables,
 * sum over chosen log p + sum over the others log (1 - p): its best action
 * is the paper's, and the next ones change the fewest, least certain
 * entries first.  The score separates into an MEC and a cloud part, so the
 * N_A best pairs come from the N_A best subsets of each.  cand[na] receives
 * the candidates in decreasing likelihood (ties: enumeration order); na is
 * min(N_A, space size). */
PetscErrorCode SemecDrlhQuantize(const SemecDrlhSpace *s, const double *relaxed, PetscInt n_a, SemecDrlhAction *cand, PetscInt *na);

#endif
