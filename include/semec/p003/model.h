/* Paper 003's per-cell model: the delay of a terminal (eqs. (3), (7)), the
 * reward (8), the objective (9a)/(10a), and the subcarrier matching of
 * Algorithm 2 ((16)-(22)).  A SemecP003Cell holds one cell's instance: the
 * terminals associated with the BS that have a task this slot, their task
 * constants under both semantic modes, the channel gains to the BS on every
 * subcarrier and the interference the BS measured.  Association (Alg. 1)
 * builds instances for candidate cells from the same functions. */
#ifndef SEMEC_P003_H
#define SEMEC_P003_H
#include <semec/engine/compat.h>
#include <semec/engine/config.h>

typedef struct {
  PetscInt  nue, nsub, cap;
  double    bandwidth_hz, tx_power_w, noise_w;
  double   *interference;   /* [nsub] measured at the BS (W) */
  PetscInt *owner;          /* [nsub] terminal holding subcarrier n, or -1 (a hole) */
  /* per terminal */
  double   *gain;           /* [nue * nsub] g_uk^n to this BS */
  double   *bits_raw;       /* s_i (bit), sent when e = 0 */
  double   *bits_sem;       /* s_i / eps_i (bit), sent when e = 1 */
  double   *mec_raw;        /* c_i (cycle) at the MEC server when e = 0 */
  double   *mec_sem;        /* F_C(s^C) + c_i (cycle) when e = 1 */
  double   *local_sem;      /* F_E(s_i) (cycle) at the terminal when e = 1 */
  double   *f_local;        /* f_u^L (cycle/s) */
  double   *priority;       /* M_i */
  double   *deadline;       /* tau_i (s) */
  PetscInt *semantic;       /* e_ui */
  double   *f;              /* f_uk (cycle/s) */
} SemecP003Cell;

PetscErrorCode SemecP003CellResize(SemecP003Cell *pc, PetscInt nue, PetscInt nsub);
PetscErrorCode SemecP003CellDestroy(SemecP003Cell *pc);

/* Sets terminal u's task constants from task type `type` of the run's type
 * table (planning cycles from the Linear model when linear is true). */
void SemecP003SetTask(SemecP003Cell *pc, PetscInt u, const SemecConfig *cfg, PetscInt type, PetscBool linear);

/* Rate of terminal u on subcarrier n if it held it: B log2(1 + SINR), paper 003 eqs. (1)-(2). */
double SemecP003SubRate(const SemecP003Cell *pc, PetscInt u, PetscInt n);
/* r_u over the subcarriers u holds, paper 003 eq. (2). */
double SemecP003Rate(const SemecP003Cell *pc, PetscInt u);
/* The parts of the delay of u at rate r: the fixed part A^alpha / r + A^gamma
 * (upload and local extraction, s) and the server's cycles A^beta. */
double SemecP003FixedDelay(const SemecP003Cell *pc, PetscInt u, double rate);
double SemecP003ServerCycles(const SemecP003Cell *pc, PetscInt u);
/* Delay of u, t^comm + t^comp (paper 003 eqs. (3) and (7)) at rate r: A^alpha / r + A^beta / f + A^gamma (10a). */
double SemecP003Delay(const SemecP003Cell *pc, PetscInt u, double rate);
/* ln(M (t^comm + t^comp)): the weighted-delay term of (10a), (11), (16); +inf without rate or capacity. */
double SemecP003Cost(const SemecP003Cell *pc, PetscInt u, double rate);
/* Sum of the costs of the cell's terminals: (13) / the cell's part of (10a). */
double SemecP003CellCost(const SemecP003Cell *pc);
/* Reward of u, paper 003 eq. (8): C1 ln(1 / (M (t^comm + t^comp))) + C2. */
double SemecP003Reward(const SemecP003Cell *pc, PetscInt u, double c1, double c2);

/* Semantic mode by paper 003 eq. (25): for every terminal, the e in {0, 1}
 * that gives the smaller cost at its current rate and capacity (ties: 0).
 * Returns how many terminals changed mode. */
PetscInt SemecP003ChooseSemantic(SemecP003Cell *pc);

/* Algorithm 2: swap matching of subcarriers with holes, from pc->owner as
 * the initial matching, until no swap-blocking pair (21)-(22) exists or
 * max_rounds passes over all pairs were made.  *swaps counts the swaps and
 * hole moves made; *stable says whether the last pass found none. */
PetscErrorCode SemecP003MatchSubcarriers(SemecP003Cell *pc, PetscInt max_rounds, PetscInt *swaps, PetscBool *stable);
/* PETSC_TRUE if pc->owner admits no swap-blocking pair (21)-(22) and no
 * terminal would gain from a hole: the exhaustive check used by tests. */
PetscBool      SemecP003SubcarriersStable(const SemecP003Cell *pc);

#endif
